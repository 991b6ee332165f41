"""The Book model of the Helsinki manuscript against the source text it was converted from."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from samizdat import Report, load_book

from .conftest import BOOKS, REPO, squash

SOURCE = (Path(__file__).parent / "data" / "helsinki-process-case-study.txt").read_text("utf-8")
CORRECTIONS = {"Vaclev": "Václav", "Solzhenitzn": "Solzhenitsyn"}
HEADINGS = ["Vision and Motivation", "Goals and Objectives", "Civic Environment",
            "Message and Audience", "Outreach Activities", "Learn More", "Timeline"]
CAPTIONS = ["Soviet leader Leonid Brezhnev at the CSCE, Helsinki, 1975",
            "Vaclev Havel, Prague, 1989", "Pope John Paul II and Lech Walesa",
            "Gorbachev and Shevardnadze"]


def source_notes() -> dict[int, str]:
    tail = SOURCE[SOURCE.index("\n[1] "):]
    return {int(n): " ".join(t.split()) for n, t in re.findall(r"^\[(\d+)\]\s+(.+)$", tail, re.M)}


def source_paragraphs() -> list[str]:
    body = SOURCE[SOURCE.index("Vision and Motivation"):SOURCE.index("\nLearn More")]
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    paragraphs = [p for p in paragraphs if p not in HEADINGS and p not in CAPTIONS]
    return [corrected(re.sub(r"\[\d+\]", "", p)) for p in paragraphs]


def corrected(text: str) -> str:
    for wrong, right in CORRECTIONS.items():
        text = text.replace(wrong, right)
    return re.sub(r"\b(\d{4})-(\d{2})\b", "\\1–\\2", text)


@pytest.fixture(scope="module")
def book():
    return load_book(REPO, Report())


def test_fourteen_notes_say_what_the_source_notes_say(book):
    source = source_notes()
    assert [n.number for n in book.notes] == list(range(1, 15)) == sorted(source)
    for note in book.notes:
        original = source[note.number]
        if note.kind == "footnote":
            assert note.text == original
            continue
        # same page number, same work, and Ibid. exactly where the source has it
        assert note.text.rstrip(".").split()[-1] == original.rstrip(".").split()[-1]
        assert note.text.startswith("Ibid.") == original.startswith("Ibid.")
    assert [n.kind for n in book.notes].count("footnote") == 2


def test_notes_render_in_the_chicago_notes_style(book):
    texts = [n.text for n in book.notes]
    assert texts[1] == ("Daniel C. Thomas, The Helsinki Effect: International Norms, Human Rights "
                        "and the Demise of Communism (Princeton, NJ: Princeton University Press, "
                        "2001), 92.")
    assert texts[2].startswith("“Helsinki Final Act,” Organization for Security and Co-operation")
    assert texts[3] == "Thomas, Helsinki Effect, 120."
    assert texts[4].startswith("Sarah B. Snyder, Human Rights Activism and the End of the Cold War")
    assert texts[6] == "Thomas, Helsinki Effect, 107."
    assert texts[7:] == ["Ibid., 205.", "Ibid., 204.", "Ibid., 226.", "Ibid., 240.",
                         "Ibid., 124.", "Ibid., 123.", "Ibid., 121."]


def test_timeline_has_ten_events_in_source_order(book):
    assert [e.when for e in book.timeline] == ["1972", "1975", "1976", "1976", "1977", "1980s",
                                               "1980", "1982", "1989-1990", "1991"]
    starts = [e.start for e in book.timeline]
    assert starts == sorted(starts)
    assert book.timeline[-1].text.startswith("Dissolution of the Soviet Union.")


def test_reading_list_keeps_the_two_groups(book):
    groups = {g.title: [r.key for r in g.references] for g in book.reading_list}
    assert list(groups) == ["News and Analysis", "Books, articles, and videos"]
    assert len(groups["News and Analysis"]) == 4
    assert len(groups["Books, articles, and videos"]) == 8
    assert "thomas2001" in groups["Books, articles, and videos"]


def test_every_source_paragraph_is_in_the_book(book):
    text = squash(" ".join(_chapter_text(c.html) for c in book.chapters))
    paragraphs = source_paragraphs()
    assert len(paragraphs) == 15
    missing = [p[:60] for p in paragraphs if squash(p) not in text]
    assert not missing


def test_headings_follow_the_source(book):
    assert [c.title for c in book.chapters] == HEADINGS


def test_missing_photos_are_notes_not_warnings():
    report = Report()
    load_book(REPO, report)
    notes = [d for d in report.diagnostics if d.severity == "note"]
    assert len(notes) == 4 and report.count("warning") == 0 and report.count("error") == 0
    assert "manuscript/images/havel-prague-1989.jpg" in str(notes[1])
    assert str(notes[1]).startswith("manuscript/02-goals-and-objectives.md:5:1: note[SZ215]:")


def test_a_second_book_loads():
    report = Report()
    book = load_book(BOOKS / "tiny", report)
    assert [c.title for c in book.chapters] == ["Opening", "Closing"]
    assert [n.kind for n in book.notes] == ["footnote", "citation", "citation"]
    assert book.notes[1].text == ("Jane Smith, A History of Things (London: Example Press, "
                                  "2020), 45.")
    assert book.notes[2].text == "Ibid., 46."
    assert book.timeline == () and book.reading_list == ()
    assert not report.diagnostics


def _chapter_text(html: str) -> str:
    import lxml.html

    from samizdat.assemble.frozen_book import plain_text

    return plain_text(lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div"))
