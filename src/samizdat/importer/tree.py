"""Pandoc's JSON AST: its plain text, and walks over its lists of inlines and blocks."""

from __future__ import annotations

INLINES = {"Str", "Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript",
           "SmallCaps", "Quoted", "Cite", "Code", "Space", "SoftBreak", "LineBreak", "Math",
           "RawInline", "Link", "Image", "Note", "Span"}


def text(node) -> str:
    """The plain text of any part of the AST."""
    if isinstance(node, list):
        return "".join(text(n) for n in node)
    if not isinstance(node, dict):
        return ""
    kind, content = node.get("t"), node.get("c")
    if kind == "Str":
        return content
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if kind in ("Code", "Math", "RawInline"):
        return content[-1]
    if kind == "Note":
        return ""
    if kind == "Cite":
        return text(content[1])
    if kind in ("Link", "Image", "Span", "Quoted"):
        return text(content[1])
    return text(content)


def walk(node, on_inlines, on_blocks=None):
    """Apply on_inlines to every list of inlines (and on_blocks to every list of blocks),
    innermost first; each returns the new list."""
    if isinstance(node, dict):
        if "c" in node:
            node["c"] = walk(node["c"], on_inlines, on_blocks)
        return node
    if not isinstance(node, list):
        return node
    node = [walk(n, on_inlines, on_blocks) for n in node]
    if node and all(isinstance(n, dict) and "t" in n for n in node):
        if node[0]["t"] in INLINES:
            return on_inlines(node)
        if on_blocks:
            return on_blocks(node)
    return node


def find(node, kind: str):
    """Every element of one kind, in reading order."""
    if isinstance(node, dict):
        if node.get("t") == kind:
            yield node
        yield from find(node.get("c"), kind)
    elif isinstance(node, list):
        for n in node:
            yield from find(n, kind)


def has(node, kind: str) -> bool:
    """Whether the node holds an element of this kind."""
    return next(find(node, kind), None) is not None
