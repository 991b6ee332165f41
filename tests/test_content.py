"""Nothing the author wrote is lost silently: every block is checked in both outputs, and the
PDF bookmarks and the EPUB contents show the same headings at the same levels."""

from __future__ import annotations

import shutil
import zipfile

import lxml.html
import pytest

from samizdat import Report, build
from samizdat.cli import main
from samizdat.commands.facts import read_epub, read_pdf
from samizdat.core.diagnostics import BookError
from samizdat.core.model import outline

from .conftest import BOOKS

LOST = "The argument continues with the same book again."
LOST_AT = ("manuscript/01-intro.md:9:1: error[SZ221]: the paragraph “The argument continues "
           "with the same book again.” is missing from the ")


def valid_book(tmp_path):
    return shutil.copytree(BOOKS / "valid", tmp_path / "book",
                           ignore=shutil.ignore_patterns("build"))


def drop_paragraph(html: str, start: str) -> str:
    """The HTML without the paragraph that starts with these words."""
    root = lxml.html.fromstring(html)
    for p in root.iter("p"):
        if p.text_content().startswith(start):
            p.drop_tree()
    return lxml.html.tostring(root, encoding="unicode")


def test_outline_nests_a_skipped_level_one_step():
    assert outline([1, 3, 3, 2, 1, 2, 4, 3]) == [
        (1, None), (2, 0), (2, 0), (2, 0), (1, None), (2, 4), (3, 5), (3, 5)]


def test_a_paragraph_lost_from_the_pdf_is_an_error_at_its_line(tmp_path, monkeypatch, capsys):
    import samizdat.pdf.layout as layout

    render = layout.render_print_html
    monkeypatch.setattr(layout, "render_print_html",
                        lambda *args: drop_paragraph(render(*args), LOST))
    book = valid_book(tmp_path)
    assert main(["-q", "pdf", str(book)]) == 1
    err = capsys.readouterr().err
    assert err == (LOST_AT + "PDF\nmanuscript/01-intro.md:9:50: error[SZ401]: note 4 (“Smith, "
                   "History of Things, 46.”) is missing from the PDF, and so is its call\n"
                   "2 errors\n"), err
    assert "EPUB" not in err
    assert not (book / "build").exists()


def test_a_paragraph_lost_from_the_epub_is_an_error_at_its_line(tmp_path, monkeypatch, capsys):
    import samizdat.epub.package as package

    render = package.render_chapter_page
    monkeypatch.setattr(package, "render_chapter_page", lambda *args: drop_paragraph(
        render(*args), LOST).replace("<div>", "", 1).rsplit("</div>", 1)[0])
    book = valid_book(tmp_path)
    assert main(["-q", "epub", str(book)]) == 1
    err = capsys.readouterr().err
    assert err == LOST_AT + "EPUB\n1 error\n", err


def test_a_lost_note_and_timeline_event_are_errors_in_the_epub(tmp_path, monkeypatch):
    import samizdat.epub.package as package

    render = package.render_chapter_page

    def without_note_and_event(*args):
        html = render(*args)
        html = html.replace("An explanatory note with its own words.", "")
        return html.replace('data-b="tl2"', 'data-b="tl2-gone"')

    monkeypatch.setattr(package, "render_chapter_page", without_note_and_event)
    report = Report()
    book = valid_book(tmp_path)
    with pytest.raises(BookError):
        build(book, ("epub",), report)
    lost = [(d.code, str(d.location), d.message.split("”")[0])
            for d in report.diagnostics]
    assert lost == [("SZ221", "manuscript/01-intro.md:3:44",
                     "the note “An explanatory note with its own words."),
                    ("SZ221", "manuscript/timeline.yaml:4",
                     "the timeline event “1980s A decade of change.")], lost


def test_text_inside_the_timeline_placeholder_is_reported_not_dropped(tmp_path, capsys):
    book = valid_book(tmp_path)
    (book / "manuscript/02-more.md").write_text(
        "# Timeline and Reading\n\n::: timeline\nThese events mattered most.\n:::\n\n"
        "::: reading-list\n:::\n")
    assert main(["-q", "all", str(book)]) == 1
    err = capsys.readouterr().err
    assert err == (
        "manuscript/02-more.md:4:1: error[SZ221]: the paragraph “These events mattered most.” "
        "is missing from the EPUB\n"
        "manuscript/02-more.md:4:1: error[SZ221]: the paragraph “These events mattered most.” "
        "is missing from the PDF\n2 errors\n"), err


def test_bookmarks_and_contents_agree_whatever_the_headings(tmp_path):
    book = valid_book(tmp_path)
    intro = book / "manuscript/01-intro.md"
    intro.write_text(intro.read_text().replace(
        "\n![", "\n### Operation Danube\n\nThe armies crossed.\n\n#### Deeper\n\nStill.\n\n"
        "## Back Up\n\nAgain.\n\n!["))
    (book / "manuscript/03-danube.md").write_text("## Aftermath\n\nThe reformers stayed.\n")
    report = Report()
    files = build(book, ("pdf", "epub"), report)
    assert sorted(d.code for d in report.diagnostics) == ["SZ219", "SZ220"]
    pdf, epub = read_pdf(files["pdf"]), read_epub(files["epub"])
    assert pdf.headings == epub.headings == [
        (1, "Introduction"), (2, "Operation Danube"), (3, "Deeper"), (2, "Back Up"),
        (1, "Timeline and Reading"), (2, "Learn More"), (3, "Books"), (3, "Websites"),
        (2, "Aftermath")]



@pytest.mark.parametrize(("placeholder", "wanted"), [("reading-list", "Smith, Jane"),
                                                     ("timeline", "A decade of change")])
def test_a_generated_block_alone_before_the_first_heading_reaches_every_edition(
        tmp_path, placeholder, wanted):
    # its placeholder is empty in pandoc's HTML: the text before the first heading looked empty
    book = valid_book(tmp_path)
    more = book / "manuscript/02-more.md"
    more.write_text(more.read_text().replace(f"::: {placeholder}\n:::\n", ""))
    (book / "manuscript/00-first.md").write_text(f"::: {placeholder}\n:::\n")
    files = build(book, ("pdf", "epub", "html"), Report())
    assert wanted in " ".join(read_pdf(files["pdf"]).pages)
    with zipfile.ZipFile(files["epub"]) as epub:
        assert any(wanted in epub.read(name).decode() for name in epub.namelist()
                   if name.endswith(".xhtml"))
    assert wanted in lxml.html.fromstring(files["html"].read_bytes()).text_content()
