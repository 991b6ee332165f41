"""Pandoc's divs of the classroom blocks as the elements readers and assistive technology
know: an aside (role note) with its title for a source, a term, a box and a teacher's note;
a section named "Question 3" for a question; the answer under its question or in the key."""

from __future__ import annotations

from lxml import etree

from ..core.classroom_words import Words
from ..core.model import Question

ASIDES = ("source", "term", "box", "teacher")


def classes(element) -> list[str]:
    """An element's classes, in order."""
    return (element.get("class") or "").split()


def shape_blocks(root, words: Words) -> tuple[Question, ...]:
    """Restructure every classroom div in place; return the questions in reading order."""
    questions, count = [], 0
    for div in list(root.iter("div")):
        kind = next((c for c in classes(div) if c in (*ASIDES, "question", "answer")), None)
        if kind is None:
            continue
        count += 1
        ident = div.get("id") or f"block-{count}"
        div.set("id", ident)
        div.set("class", " ".join(["classroom", *classes(div)]))
        title = block_title(div, kind, words)
        if kind == "question":
            number = int(div.get("data-number") or len(questions) + 1)
            title = f"{words.question} {number}"
            questions.append(Question(ident, number, title))
            div.tag = "section"
        elif kind == "answer":
            div.set("role", "note")
            if div.get("data-for"):  # in the answer key: named after its question
                title = f"{words.question} {div.get('data-question')}"
        else:
            div.tag = "aside"
            div.set("role", "note")
        insert_title(div, ident, title, answer_for=div.get("data-for"))
        if kind == "source":
            mark_credit(div)
    return tuple(questions)


def block_title(div, kind: str, words: Words) -> str:
    """The title a block shows: a box's own (its title attribute), else its kind's word."""
    if kind == "box":
        title = div.attrib.pop("title", "") or div.attrib.pop("data-title", "")
        return title
    return {"source": words.source, "term": words.term, "teacher": words.teacher,
            "answer": words.answer}.get(kind, "")


def insert_title(div, ident: str, title: str, answer_for: str | None = None) -> None:
    """The block's title as its first paragraph, naming the block for screen readers; in
    the answer key, the title links back to the question."""
    if not title:
        return
    p = etree.Element("p", {"class": "block-title", "id": f"{ident}-title"})
    if answer_for:
        link = etree.SubElement(p, "a", {"href": f"#{answer_for}"})
        link.text = title
    else:
        p.text = title
    p.tail, div.text = div.text, None
    div.insert(0, p)
    div.set("aria-labelledby", f"{ident}-title")


def mark_credit(div) -> None:
    """A source's last paragraph, when it has more than one, is its credit line."""
    paragraphs = [c for c in div if c.tag == "p" and "block-title" not in classes(c)]
    if len(paragraphs) > 1:
        paragraphs[-1].set("class", "credit")
