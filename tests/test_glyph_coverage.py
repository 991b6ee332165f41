"""Characters no bundled font has: named by script at their line (tests/cases/glyphs-not-in-
the-fonts has the messages); a book in a Latin script opens no font file for the check."""

from __future__ import annotations

from fontTools.ttLib import TTFont

from samizdat.core.diagnostics import Location, Report
from samizdat.render import glyph_coverage
from samizdat.render.fonts import font_files


def test_the_characters_taken_as_certain_are_in_the_fonts():
    faces = [{chr(code) for code in TTFont(path, lazy=True).getBestCmap()}
             for path, _, _ in font_files()]
    assert set().union(*faces) >= glyph_coverage.CERTAIN
    assert "ŋ" not in set().union(*faces)  # so 'ŋ' is checked, and found missing
    report = Report()
    glyph_coverage.check_glyphs([(Location("a.md", 1, 1), "Sámi: ŋ")], report)
    assert report.count("warning") == 1


def test_a_latin_book_opens_no_font_file(monkeypatch):
    def refuse():
        raise AssertionError("a font file was opened")
    monkeypatch.setattr(glyph_coverage, "font_files", refuse)
    report = Report()
    text = "Příliš žluťoučký kůň „úpěl“ – Größe, façade, Łódź, niño… 5 €"
    glyph_coverage.check_glyphs([(Location("manuscript/01.md", 1, 1), text)], report)
    assert report.format() == ""


def test_greek_and_cyrillic_are_covered_and_scripts_are_named():
    report = Report()
    glyph_coverage.check_glyphs([(Location("a.md", 1, 1), "Ελλάδα, Москва\n\nx 🎉 y\u200d\ufe0f")],
                                report)
    assert [str(d) for d in report.sorted()] == [
        "a.md:3:3: warning[SZ134]: Emoji characters no bundled font has: 🎉 (each reader's "
        "machine prints them in a font of its own, or as empty boxes)"]
    assert glyph_coverage.script_of("ก") == "Thai"
    assert glyph_coverage.script_of("ᚠ") == "Runic"  # beyond the table: Unicode's own name
