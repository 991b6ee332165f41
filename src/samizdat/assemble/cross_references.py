"""Pandoc's HTML with its cross-references resolved: figures, tables and labelled display
equations numbered, each
reference span (crossref.lua) filled with its words and links. Run by assemble on the whole
body, notes and timeline texts included, so the three editions print the same.

A page reference is left as links for each edition to fill (folios.py): only the PDF's
layout knows the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.diagnostics import Report
from ..core.labels import KINDS, parse_key
from ..core.language import Words
from ..core.model import CrossRef, Numbered

# what may carry a label of each prefix: pandoc puts the id on these elements
CARRIERS = {"fig": ("figure",), "tbl": ("table",), "sec": ("section",), "eq": ("span",)}


@dataclass(frozen=True)
class Target:
    """What a reference prints for a label, and where the label stands in reading order."""

    id: str
    kind: str            # fig, tbl, sec, tl
    number: str          # "2" for figures and tables; the title or date otherwise
    order: int


def resolve_cross_references(root, found, events, words: Words, report: Report, extra=(),
                             question=("Question", "Questions")):
    """Number, then fill every reference; returns (crossrefs, numbered) for the Book.
    events: the timeline's (id, date as shown), in order; extra: the timeline's texts, which
    stand where the timeline is placed; question: the word for questions, in the book's
    language (singular, plural)."""
    order = reading_order(root)
    placeholder = root.xpath('.//div[@class="timeline"]')
    for element in (e for text in extra for e in text.iter()):
        order[element] = order.get(placeholder[0], 0) if placeholder else 0
    where = {f.value: f.location for f in found if f.kind == "label"}
    check_carriers(root, where, report)
    spans = root.xpath('.//span[@class="xref"]')
    spans += [s for text in extra for s in text.xpath('.//span[@class="xref"]')]
    referenced = {parse_key(k).prefix for s in spans for k in s.get("data-keys").split()
                  if not parse_key(k).page}
    numbered = number_blocks(root, words, referenced)
    targets = {t.id: t for t in collect_targets(root, order, events)}
    sites = {part: [f for f in found if f.kind == "xref" and f.extra == part]
             for part in ("", "note", "timeline")}
    in_timeline = {s for text in extra for s in text.iter("span")}
    crossrefs = []
    for span in spans:
        keys = span.get("data-keys").split()
        part = ("timeline" if span in in_timeline else
                "note" if any(a.get("id") == "footnotes" for a in span.iterancestors()) else "")
        site = _take_site(sites[part], keys)
        missing = [k for k in keys if parse_key(k).label not in targets]
        if missing:  # an unknown label stopped the build before pandoc: a pending figure
            what = ("a figure whose photo is not supplied yet"
                    if parse_key(missing[0]).prefix == "fig" else "nothing samizdat numbers yet")
            report.warning("SZ245", f"'@{missing[0]}' refers to {what}: it prints as '?' "
                           "until it does", site.location if site else None)
            span.text = "?"
            continue
        here = order.get(span, 0)
        text = fill_span(span, [parse_key(k) for k in keys], targets, words, here, question)
        links = tuple((a.get("href")[1:], a.text or "") for a in span.iter("a"))
        crossrefs.append(CrossRef(" ".join(keys), text,
                                  tuple(parse_key(k).label for k in keys),
                                  site.location if site else None, links))
    caption_alts(root)
    return tuple(crossrefs), tuple(numbered)


def caption_alts(root) -> None:
    """Where the alt text is the caption (pandoc then hides the caption from screen readers),
    it is the caption as printed: its number and its references, which it would lack."""
    for figure in root.iter("figure"):
        caption, img = figure.find("figcaption"), figure.find(".//img")
        if caption is not None and img is not None and caption.get("aria-hidden") == "true":
            img.set("alt", " ".join("".join(caption.itertext()).split()))


def _take_site(sites: list, keys: list[str]):
    """Where a reference is written: the first unused place of its keys, in that order."""
    for start, site in enumerate(sites):
        if [s.value for s in sites[start:start + len(keys)]] == keys:
            del sites[start:start + len(keys)]
            return site
    return None


def reading_order(root) -> dict:
    """Each element's place in reading order; a note's content takes its call's place."""
    order = {element: i for i, element in enumerate(root.iter())}
    calls = {a.get("href", "").lstrip("#"): order[a]
             for a in root.xpath('.//a[@class="footnote-ref"]')}
    for item in root.xpath('.//section[@id="footnotes"]//li[@id]'):
        for element in item.iter():
            order[element] = calls.get(item.get("id"), order[element])
    return order


def check_carriers(root, where: dict, report: Report) -> None:
    """A label stands where it can be numbered or named: #fig- on a figure, #tbl- on a
    table's caption, #sec- on a heading (tl- is the timeline's, in its data)."""
    for element in root.xpath(".//*[@id]"):
        label = element.get("id")
        prefix = label.split("-", 1)[0] if "-" in label else ""
        if prefix not in KINDS:
            continue
        if prefix == "qst" and _is_question(element):
            continue
        if element.tag not in CARRIERS.get(prefix, ()) or (
                prefix == "eq" and not _is_equation(element)):
            carrier = {"fig": "a figure (an image alone in its paragraph, with a caption)",
                       "tbl": "a table's caption (Table: Caption {#tbl-x})",
                       "sec": "a heading (## Title {#sec-x})",
                       "eq": "a display formula ($$v = \\frac{d}{t}$$ {#eq-x})",
                       "qst": "a question (::: {.question #qst-x})",
                       "tl": "a timeline event, as its id: key in the timeline data"}[prefix]
            report.error("SZ242", f"label '#{label}' stands on something that cannot carry "
                         f"it: a '{prefix}-' label belongs on {carrier}", where.get(label))
    # pandoc leaves {#eq-x} after anything but a display formula as text: no element has it
    equations = {e.get("id") for e in root.xpath('.//span[@class="equation"]')}
    for label, location in where.items():
        if label.startswith("eq-") and label not in equations and not root.xpath(
                f'.//*[@id="{label}"]'):
            report.error("SZ242", f"label '#{label}' stands on something that cannot carry "
                         "it: a 'eq-' label belongs on a display formula ($$v = \\frac{d}{t}$$ "
                         "{#eq-x})", location)


def number_blocks(root, words: Words, referenced: set[str]) -> list[Numbered]:
    """Figures are numbered once one is referenced; tables once one is referenced or the
    book has more than one caption (Chicago 3.52: a single table needs no number)."""
    numbered = []
    figures = [f for f in root.iter("figure") if f.find(".//img") is not None]
    if "fig" in referenced:
        for number, figure in enumerate(figures, 1):
            caption = figure.find("figcaption")
            if caption is None:
                caption = figure.makeelement("figcaption", {})
                figure.append(caption)
            numbered.append(_number(caption, "figure-number", f"{words.figure[0]} {number}.",
                                    figure.get("id", "")))
    tables = [t for t in root.iter("table") if t.find("caption") is not None]
    if "tbl" in referenced or len(tables) > 1:
        for number, table in enumerate(tables, 1):
            numbered.append(_number(table.find("caption"), "table-number",
                                    f"{words.table[0]} {number}.", table.get("id", "")))
    for number, equation in enumerate(root.xpath('.//span[@class="equation"]'), 1):
        mark = equation.makeelement("span", {"class": "equation-number"})
        mark.text = f"({number})"
        equation.append(mark)
    return numbered  # an equation's number is no caption: its references are checked


def _is_equation(element) -> bool:
    """A display formula with its label, as crossref.lua wrapped it."""
    return element.get("class") == "equation" and element.find("math") is not None


def _number(caption, kind: str, label: str, label_id: str) -> Numbered:
    text = " ".join("".join(caption.itertext()).split())
    mark = caption.makeelement("span", {"class": kind})
    mark.text = label
    mark.tail = (" " if text else "") + (caption.text or "").lstrip()
    caption.text = None
    caption.insert(0, mark)
    return Numbered(label_id, label, text)


def collect_targets(root, order: dict, events) -> list[Target]:
    """Every labelled figure, table, section and timeline event, with what it prints."""
    targets = []
    for element in root.xpath(".//figure[@id] | .//table[@id] | .//section[@id]"
                              ' | .//span[@id][@class="equation"]'):
        label = element.get("id")
        kind = label.split("-", 1)[0]
        if kind not in CARRIERS or element.tag not in CARRIERS[kind]:
            continue
        if kind == "sec":
            heading = next((h for h in element if h.tag in ("h1", "h2", "h3", "h4", "h5",
                                                            "h6")), None)
            shown = _plain(heading) if heading is not None else label
        elif kind == "eq":
            mark = element.xpath('./span[@class="equation-number"]')
            shown = mark[0].text.strip("()") if mark else "?"
        else:
            mark = element.xpath('.//span[@class="figure-number" or @class="table-number"]')
            shown = mark[0].text.rsplit(" ", 1)[-1].rstrip(".") if mark else "?"
        targets.append(Target(label, kind, shown, order.get(element, 0)))
    targets += [Target(q.get("id"), "qst", q.get("data-number", "?"), order.get(q, 0))
                for q in root.xpath(".//div[@id]") if _is_question(q)]
    placeholder = root.xpath('.//div[@class="timeline"]')
    at = order.get(placeholder[0], 0) if placeholder else 0
    targets += [Target(label, "tl", shown, at) for label, shown in events if label]
    return targets


def _is_question(element) -> bool:
    """A '::: question' div as edition.lua numbered it."""
    return element.tag == "div" and "question" in (element.get("class") or "").split()


def _plain(element) -> str:
    text = "".join(element.xpath(".//text()[not(ancestor::a[@class='footnote-ref'])]"))
    return " ".join(text.split())


def fill_span(span, keys, targets: dict[str, Target], words: Words, here: int,
              question=("Question", "Questions")) -> str:
    """Put the reference's words and links into its span; returns its printed text ("" for
    page references, whose text each edition sets)."""
    mode = span.get("data-mode")
    groups: list[list] = []
    for key in keys:
        kind = "page" if key.page else targets[key.label].kind
        if groups and groups[-1][0][1] == kind:
            groups[-1].append((key, kind))
        else:
            groups.append([(key, kind)])
    pieces = []
    for group in groups:
        pieces.append(_group(span, group, targets, words, mode, here, question))
    _join(span, pieces, words.and_)
    if keys[0].capital:
        _capitalise(span)
    return "" if any(k.page for k in keys) else " ".join("".join(span.itertext()).split())


def _group(span, group, targets, words: Words, mode: str, here: int, question) -> list:
    """One run of references of one kind: their word (singular or plural) and links."""
    kind = group[0][1]
    word = {"fig": words.figure, "tbl": words.table, "eq": words.equation, "page": words.page,
            "qst": question}.get(kind)
    if word and not words.capital_in_text:  # "la figure 2"; @Fig-x opens a sentence
        word = tuple(w[0].lower() + w[1:] for w in word)
    links = []
    for key, _ in group:
        target = targets[key.label]
        link = span.makeelement("a", {"href": f"#{target.id}",
                                      "class": "pageref" if kind == "page" else "xref"})
        if kind == "page":
            link.set("data-where", "above" if target.order < here else "below")
        else:
            link.text = target.number
        links.append(link)
    if kind == "page":
        holder = span.makeelement("span", {"class": "pages", "data-bare": str(mode == "number")
                                           .lower(), "data-word": "|".join(word)})
        _join(holder, [[link] for link in links], words.and_)
        return [holder]
    if word is None or mode == "number":
        return _joined(links, words.and_)
    if len(links) == 1:
        links[0].text = f"{word[0]}\u00a0{links[0].text}"  # "Figure 2" never split
        return links
    return [f"{word[1]}\u00a0", *_joined(links, words.and_)]


def _joined(items: list, and_: str) -> list:
    """a, b and c."""
    out = []
    for i, item in enumerate(items):
        if i:
            out.append(f" {and_} " if i == len(items) - 1 else ", ")
        out.append(item)
    return out


def _join(holder, pieces: list[list], and_: str) -> None:
    """Append the pieces (text and elements) to the holder, joined as a list."""
    flat = [x for part in _joined([tuple(p) for p in pieces], and_) for x in
            (part if isinstance(part, tuple) else (part,))]
    for item in flat:
        if isinstance(item, str):
            if len(holder):
                holder[-1].tail = (holder[-1].tail or "") + item
            else:
                holder.text = (holder.text or "") + item
        else:
            holder.append(item)


def _capitalise(span) -> None:
    """@Fig-map, @Sec-x, @Page-x: the reference opens a sentence."""
    for element in span.iter():
        if element.get("class") == "pages":
            element.set("data-capital", "true")
            return
        if element.text and element.text.strip():
            element.text = element.text[0].upper() + element.text[1:]
            return
