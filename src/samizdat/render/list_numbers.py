"""Ordered lists numbered as the author wrote them: pandoc's start and type as CSS for
WeasyPrint, which reads neither, and each item's number as a reader sees it.

Pandoc writes `2.` as <ol start="2" type="1">, `B.` as type="A", `ii.` as type="i". A browser
and a reading system number from those attributes; WeasyPrint numbers every list 1., 2., 3.
The print HTML therefore carries the same numbering as a style (counter-reset of the
list-item counter, list-style-type), and the content check reads every edition's numbers
back with item_labels.
"""

from __future__ import annotations

# HTML's type attribute -> CSS list-style-type (the HTML standard's own mapping)
STYLES = {"1": "decimal", "a": "lower-alpha", "A": "upper-alpha",
          "i": "lower-roman", "I": "upper-roman"}
ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
         (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def start_of(ol) -> int:
    """The first item's number: the start attribute, else 1."""
    try:
        return int(ol.get("start", "1"))
    except ValueError:
        return 1


def number_lists_for_print(tree) -> None:
    """Every ordered list under tree styled to number as its attributes say."""
    for ol in tree.iter("ol"):
        if "timeline" in (ol.get("class") or "").split():
            continue  # samizdat's own list, numbered by none
        style = [f"counter-reset: list-item {start_of(ol) - 1}"] if ol.get("start") else []
        kind = STYLES.get(ol.get("type", ""))
        if kind and kind != "decimal":
            style.append(f"list-style-type: {kind}")
        if style:
            ol.set("style", "; ".join(filter(None, (ol.get("style"), *style))))


def label(number: int, kind: str) -> str:
    """An item's number as a reader sees it, with its full stop: 2., B., ii."""
    if kind in ("a", "A") and number > 0:
        letters = ""
        while number:
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("a") + rest) + letters
        text = letters
    elif kind in ("i", "I") and 0 < number < 4000:
        text = ""
        for value, figures in ROMAN:
            count, number = divmod(number, value)
            text += figures * count
    else:
        text = str(number)
    return f"{text.upper() if kind in ('A', 'I') else text}."


def local(element) -> str:
    """An element's name without its namespace: XHTML's lists read as HTML's."""
    return element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""


def item_labels(ol) -> list[str]:
    """The numbers of an ordered list's own items, as its attributes number them."""
    start, kind = start_of(ol), ol.get("type", "1")
    count = sum(local(child) == "li" for child in ol)
    return [label(start + n, kind) for n in range(count)]


def numbered_items(root, skip=lambda ol: False):
    """(number, item) of every ordered list's items under root in reading order (an outer
    item before the items of the list inside it); lists for which skip is true left out."""
    labels = {}
    for li in root.iter():
        ol = li.getparent()
        if local(li) != "li" or ol is None or local(ol) != "ol" or skip(ol):
            continue
        if ol not in labels:
            labels[ol] = iter(item_labels(ol))
        yield next(labels[ol]), li
