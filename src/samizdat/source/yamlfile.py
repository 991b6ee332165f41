"""YAML text to data, with the line of every key and list item (PyYAML marks are 0-based).

Aliases are counted as they are read: each one stands for a copy of what its anchor holds,
and nine levels of ten aliases stand for a billion values (the "billion laughs"), which
every later walk of the data would expand. A document whose aliases stand for more than
ALIAS_BUDGET values, or that is nested deeper than Python can walk, is refused at the line.
"""

from __future__ import annotations

from typing import Any

import yaml

ALIAS_BUDGET = 10_000  # values that aliases may stand for in one document


class YamlProblem(Exception):
    """Malformed YAML (SZ110), or YAML refused for what it would expand to (SZ127), at a
    1-based line and column."""

    def __init__(self, problem: str, line: int = 1, column: int = 1, code: str = "SZ110"):
        super().__init__(problem)
        self.problem, self.line, self.column, self.code = problem, line, column, code

    @property
    def message(self) -> str:
        return f"malformed YAML: {self.problem}" if self.code == "SZ110" else self.problem


def parse_yaml(text: str) -> tuple[Any, dict, dict]:
    """The document's data, {key path: 1-based line of the key} and {key path: (line, column)
    of the value}; raises YamlProblem."""
    try:
        loader = _BudgetLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        except RecursionError:
            mark = loader.get_mark()  # where the reader stopped: inside the deepest level
            raise YamlProblem("the data is nested too deeply to be read (lists or mappings "
                              "inside one another hundreds of levels deep)", mark.line + 1,
                              mark.column + 1, "SZ127") from None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        if mark:
            raise YamlProblem(problem, mark.line + 1, mark.column + 1) from None
        raise YamlProblem(problem) from None
    lines: dict = {}
    columns: dict = {}
    if node is not None:
        _record_lines(node, (), lines, columns)
    return data, lines, columns


def _record_lines(node, path: tuple, lines: dict, columns: dict) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    columns[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            sub = path + (key_node.value,)
            lines[sub] = key_node.start_mark.line + 1
            _record_lines(value_node, sub, lines, columns)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _record_lines(item, path + (i,), lines, columns)


class _BudgetLoader(yaml.SafeLoader):
    """PyYAML's safe loader, counting what each alias stands for as the document is composed."""

    def __init__(self, text: str):
        super().__init__(text)
        self.aliased = 0
        self.sizes: dict[int, int] = {}
        self.open: list[str] = []  # anchors of the collections being composed

    def compose_sequence_node(self, anchor):
        return self._compose_open(anchor, super().compose_sequence_node)

    def compose_mapping_node(self, anchor):
        return self._compose_open(anchor, super().compose_mapping_node)

    def _compose_open(self, anchor, compose):
        self.open.append(anchor)
        try:
            return compose(anchor)
        finally:
            self.open.pop()

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            if event.anchor in self.open:
                raise YamlProblem(f"the alias '*{event.anchor}' stands inside its own anchor: "
                                  "the data would hold itself without end",
                                  event.start_mark.line + 1, event.start_mark.column + 1,
                                  "SZ127")
            target = self.anchors.get(event.anchor)
            if target is not None:
                self.aliased += _expanded_size(target, self.sizes)
            if self.aliased > ALIAS_BUDGET:
                raise YamlProblem(
                    f"the alias '*{event.anchor}' makes the aliases stand for more than "
                    f"{ALIAS_BUDGET} values: write the data out instead of repeating it "
                    "through aliases", event.start_mark.line + 1, event.start_mark.column + 1,
                    "SZ127")
        return super().compose_node(parent, index)


def _expanded_size(node, sizes: dict[int, int]) -> int:
    """How many values a node holds once every alias in it is written out (memoised; a node
    that holds itself counts as over the budget)."""
    key = id(node)
    if key in sizes:
        return sizes[key]
    sizes[key] = ALIAS_BUDGET + 1  # met again before it is counted: it holds itself
    if isinstance(node, yaml.MappingNode):
        size = 1 + sum(_expanded_size(k, sizes) + _expanded_size(v, sizes)
                       for k, v in node.value)
    elif isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(item, sizes) for item in node.value)
    else:
        size = 1
    sizes[key] = min(size, ALIAS_BUDGET + 1)
    return sizes[key]
