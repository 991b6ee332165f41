"""YAML text to data, with the line of every key and list item (PyYAML marks are 0-based)."""

from __future__ import annotations

from typing import Any

import yaml


class YamlProblem(Exception):
    """Malformed YAML, at a 1-based line and column."""

    def __init__(self, problem: str, line: int = 1, column: int = 1):
        super().__init__(problem)
        self.problem, self.line, self.column = problem, line, column


def parse_yaml(text: str) -> tuple[Any, dict, dict]:
    """The document's data, {key path: 1-based line of the key} and {key path: (line, column)
    of the value}; raises YamlProblem."""
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
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
