"""samizdat import: the test handout as Word with Zotero, Mendeley and EndNote fields and as
LibreOffice's .odt becomes a book that builds, holding the document's chapters, notes,
citations, bibliography, images and table."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypdf
import pytest

from samizdat.cli import main
from samizdat.commands.import_word import import_and_build
from samizdat.core.diagnostics import BookError, Report

from .handout import AUTHOR, EXPECTED, SUBTITLE, TITLE, write_handout
from .wordfile import WORKS, WordFile, picture_png

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module", params=["zotero", "mendeley", "odt"])
def imported(request, tmp_path_factory):
    """The handout imported and built: (kind, book folder, report text, diagnostics)."""
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "odt":
        source = FIXTURES / "berlin-airlift.odt"
    else:
        source = write_handout(folder / "handout.docx", request.param)
    report = Report()
    text, status = import_and_build(source, folder / "book", report)
    assert status == 0, report.format()
    return request.param, folder / "book", text, report


def manuscript(book: Path) -> str:
    return "\n".join(p.read_text("utf-8") for p in sorted((book / "manuscript").glob("*.md")))


def test_chapters_split_at_level_one_headings(imported):
    _, book, _, report = imported
    files = sorted(p.name for p in (book / "manuscript").glob("*.md"))
    assert files == EXPECTED["chapters"]
    for name, title in zip(files, EXPECTED["titles"], strict=True):
        assert (book / "manuscript" / name).read_text("utf-8").startswith(f"# {title}\n")
    text = manuscript(book)
    assert "\n## Why the City Mattered\n" in text
    assert "\n## Questions for Discussion\n" in text      # was a level 3 under a level 1
    assert not report.diagnostics, report.format()          # no warning from the build either


def test_metadata_from_title_styles_and_properties(imported):
    kind, book, _, _ = imported
    text = (book / "metadata.yaml").read_text("utf-8")
    import yaml

    meta = yaml.safe_load(text)
    assert meta["title"] == TITLE
    assert meta["author"] == AUTHOR
    assert meta["date"] == "2026-02-14"
    assert meta["lang"] == "en-GB"
    assert meta["bibliography"] == "manuscript/bibliography.json"
    assert meta["subtitle"] == SUBTITLE
    if kind == "mendeley":
        assert "csl" not in meta and "\n# csl:" in text     # the default style
    else:
        assert meta["csl"] == "chicago-notes-bibliography-subsequent-ibid"
    assert "# Paper size of the PDF" in text and "\n# paper: ''" in text


def test_citations_keep_their_keys_and_locators(imported):
    _, book, _, _ = imported
    text = re.sub(r"\s+", " ", manuscript(book))
    assert re.findall(r"\[@[^\]]*\]", text) == EXPECTED["citations"]
    assert "six.[@miller2000save, 27]" in text              # the note that was a citation
    assert "See also the account in [@shlaim1983united, 201]." in text


def test_bibliography_is_csl_json_of_the_cited_works(imported):
    _, book, _, _ = imported
    items = json.loads((book / "manuscript/bibliography.json").read_text("utf-8"))
    assert {i["id"] for i in items} == EXPECTED["keys"]
    by_title = {i["title"]: i for i in items}
    for work in WORKS.values():
        assert by_title[work["title"]]["author"] == work["author"]
    assert by_title[WORKS["shlaim"]["title"]]["container-title"] == "International Affairs"


def test_notes_have_readable_labels(imported):
    _, book, text, _ = imported
    source = manuscript(book)
    labels = re.findall(r"^\[\^([^\]]+)\]:", source, re.M)
    assert labels == ["berlin-lay-about", "the-corridors-ran", "the-first-drops",
                      "tusa-and-tusa"]
    assert not re.search(r"\[\^\d+\]", source)
    assert "[^tusa-and-tusa]: Tusa and Tusa, *The Berlin Blockade*, 112." in source
    assert "1 hand-typed reference in notes" in text
    assert "“Tusa and Tusa, The Berlin Blockade, 112.”" in text


def test_images_named_from_captions_with_their_size(imported):
    _, book, _, _ = imported
    source = manuscript(book)
    for name in EXPECTED["images"]:
        assert (book / "manuscript" / name).read_bytes().startswith(b"\x89PNG")
    assert re.search(r"!\[Tonnage delivered by month,\s+1948--1949\]\(images/tonnage-delivered-"
                     r"by-month-1948-1949\.png\)\{width=\"4\.5in\"\}", source)
    assert re.search(r"!\[Tempelhof: approach corridors\]\(images/tempelhof-approach-corridors"
                     r"\.png\)\{width=\"3(\.0)?in\"\}", source)


def test_table_is_a_pipe_table_with_its_caption(imported):
    _, book, _, _ = imported
    source = manuscript(book)
    assert re.search(r"\| Month +\| Flights +\| Tons delivered +\|\n\|[-|]+\|\n"
                     r"\| July 1948 +\| 7,143 +\| 69,005 +\|", source)
    assert "\n: Flights and tons delivered to the western sectors\n" in source


def test_lists_quotes_and_inline_styles_kept(imported):
    kind, book, _, _ = imported
    source = manuscript(book)
    assert re.search(r"\n- the currency reform in the western zones \(20 June 1948\);\n", source)
    assert re.search(r"\n1\. +Why did the western governments", source)
    assert "\n> We are going to stay, period." in source
    assert "*Deutsche\nMark*" in source or "*Deutsche Mark*" in source
    assert "**Rosinenbomber**" in source
    assert "H~2~O" in source and "1^st^" in source
    assert "[Allied Museum](https://www.alliiertenmuseum.de/)" in source
    assert "the first [RAF]{.smallcaps} and [USAF]{.smallcaps} supply flights" in source
    assert "coal first. The records" in re.sub(r"\s+", " ", source)   # the line break


def test_report_counts_what_it_dropped(imported):
    _, _, text, _ = imported
    assert "1 manual line break: now a space" in text
    assert "2 empty paragraphs used as spacing: dropped" in text
    assert "1 run with a font, colour or size of its own: dropped" in text
    assert "1 heading that skipped a level" in text
    table = {m[0]: (int(m[1]), int(m[2])) for m in
             re.findall(r"^  (\w+) +(\d+) +(\d+)", text, re.M)}
    assert table == {"paragraphs": (19, 19), "notes": (9, 9), "citations": (6, 6),
                     "images": (2, 2), "tables": (1, 1)}
    assert "(4 footnotes, 5 citations)" in text
    assert re.search(r"built the-berlin-airlift\.pdf, the-berlin-airlift\.epub, "
                     r"the-berlin-airlift\.html", text)


def test_the_pdf_sets_the_citations_as_notes(imported):
    kind, book, _, _ = imported
    pages = [p.extract_text() for p in pypdf.PdfReader(
        book / "build/the-berlin-airlift.pdf").pages]
    text = re.sub(r"\s+", " ", " ".join(pages))
    assert 3 <= len(pages) <= 5
    assert "Miller, To Save a City: The Berlin Airlift, 1948–1949" in text
    if kind != "mendeley":  # the Zotero document's style: a repeated citation is Ibid.
        assert "Ibid., 95." in text
    assert "Tempelhof: approach corridors" in text


def test_endnote_fields(tmp_path):
    source = write_handout(tmp_path / "endnote.docx", "endnote")
    text, status = import_and_build(source, tmp_path / "book", Report(), build_book=False)
    assert status == 0 and "citations from EndNote" in text
    cited = re.findall(r"\[@[^\]]*\]", re.sub(r"\s+", " ", manuscript(tmp_path / "book")))
    assert cited == EXPECTED["citations"]


def test_merged_cells_make_a_grid_table_and_are_reported(tmp_path):
    doc = WordFile()
    doc.heading("Results", 1)
    doc.para(["The table below has a merged cell."])
    doc.table([["Year", "Flights", "Tons"], ["1948", "–", "–"], ["1949", "277,569", "2.3 m"]],
              "Flights by year", merge=((1, 1), (1, 2)))
    source = doc.save(tmp_path / "merged.docx")
    report = Report()
    text, status = import_and_build(source, tmp_path / "book", report)
    assert status == 0, report.format()
    assert "1 merged table cell: kept in a grid table" in text
    assert "(0 pipe, 1 grid)" in text
    assert re.search(r"^\+[-+]+\+$", manuscript(tmp_path / "book"), re.M)


# Bad input: a clear error, exit 1, nothing written ------------------------------------

def run_cli(args, capsys):
    status = main(["-q", "import", *map(str, args)])
    captured = capsys.readouterr()
    return status, captured.err


def assert_nothing_written(parent: Path, target: Path):
    assert not target.exists()
    assert not [p for p in parent.iterdir() if p.name.startswith(f".{target.name}.import-")]


@pytest.mark.parametrize("content, code, message", [
    (b"Just some text, not a document.\n", "SZ702",
     "is not a Word (.docx) or OpenDocument (.odt) file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "SZ703", "is password-protected"),
    (b"PK\x03\x04" + bytes(100), "SZ704", "is damaged: its zip archive cannot be read"),
])
def test_bad_files(tmp_path, capsys, content, code, message):
    source = tmp_path / "handout.docx"
    source.write_bytes(content)
    status, err = run_cli([source, tmp_path / "book"], capsys)
    assert status == 1
    assert f"error[{code}]: {source} {message}" in err
    assert_nothing_written(tmp_path, tmp_path / "book")


def test_a_zip_that_is_no_document(tmp_path, capsys):
    import zipfile

    source = tmp_path / "photos.docx"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("photo.txt", "not a document")
    status, err = run_cli([source, tmp_path / "book"], capsys)
    assert status == 1 and "error[SZ702]" in err and "has no word/document.xml" in err
    assert_nothing_written(tmp_path, tmp_path / "book")


def test_target_folder_not_empty(tmp_path, capsys):
    source = write_handout(tmp_path / "handout.docx")
    target = tmp_path / "book"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    status, err = run_cli([source, target], capsys)
    assert status == 1
    assert f"error[SZ705]: {target} already exists and is not empty" in err
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


def test_empty_target_folder_is_used(tmp_path):
    source = write_handout(tmp_path / "handout.docx")
    (tmp_path / "book").mkdir()
    import_and_build(source, tmp_path / "book", Report(), build_book=False)
    assert (tmp_path / "book/metadata.yaml").is_file()


@pytest.mark.parametrize("options, what", [({"tracked": True}, "2 tracked changes"),
                                           ({"comment": True}, "1 comment")])
def test_tracked_changes_and_comments_are_refused(tmp_path, capsys, options, what):
    source = write_handout(tmp_path / "handout.docx", **options)
    status, err = run_cli([source, tmp_path / "book"], capsys)
    assert status == 1
    assert f"error[SZ706]: {source} still has {what}: accept or reject them" in err
    assert_nothing_written(tmp_path, tmp_path / "book")


def test_accept_changes(tmp_path):
    source = write_handout(tmp_path / "handout.docx", tracked=True)
    with pytest.raises(BookError):
        import_and_build(source, tmp_path / "refused", Report(), build_book=False)
    text, status = import_and_build(source, tmp_path / "book", Report(), accept_changes=True,
                                    build_book=False)
    assert status == 0
    source_text = re.sub(r"\s+", " ", manuscript(tmp_path / "book"))
    assert r"about \$250 million." in source_text and "$200" not in source_text.replace("\\", "")
    assert "2 tracked changes: accepted (--accept-changes)" in text


def test_text_before_any_heading_and_an_image_with_alt_text(tmp_path):
    doc = WordFile()
    doc.para(["A handout without headings, its figure described by its alt text only."])
    doc.picture(picture_png((300, 200), (10, 90, 40), 4), 2.5, None, alt="Bar chart of rations")
    doc.para(["It cites nothing.", ("note", ["A note, so the book has one."])])
    source = doc.save(tmp_path / "plain.docx", zotero_style="a-style-nobody-has")
    report = Report()
    text, status = import_and_build(source, tmp_path / "book", report)
    assert status == 0, report.format()
    assert [p.name for p in (tmp_path / "book/manuscript").glob("*.md")] == [
        "01-introduction.md"]
    chapter = (tmp_path / "book/manuscript/01-introduction.md").read_text("utf-8")
    assert chapter.startswith("# Introduction\n")
    assert '![Bar chart of rations](images/bar-chart-of-rations.png){width="2.5in"}' in chapter
    assert "1 chapter 'Introduction': made for the text before the first heading" in text
    assert "citation style 'a-style-nobody-has' (Zotero's preferences) is not in the bundled" \
        in text
    meta = (tmp_path / "book/metadata.yaml").read_text("utf-8")
    assert "\n# csl:" in meta and "\nbibliography:" not in meta


ODT_TEXT = '<office:text text:use-soft-page-breaks="true">'


def odt_with_a_change(tmp_path) -> Path:
    """The .odt fixture with a tracked deletion, as LibreOffice records one."""
    import zipfile

    target = tmp_path / "changed.odt"
    with zipfile.ZipFile(FIXTURES / "berlin-airlift.odt") as source, \
            zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "content.xml":
                data = data.decode("utf-8").replace(ODT_TEXT, (
                    ODT_TEXT + '<text:tracked-changes><text:changed-region text:id="ct1">'
                    "<text:deletion><office:change-info><dc:creator>Reviewer</dc:creator>"
                    "<dc:date>2026-03-01T10:00:00</dc:date></office:change-info>"
                    "<text:p>Deleted sentence.</text:p></text:deletion></text:changed-region>"
                    "</text:tracked-changes>"), 1).replace(
                    "Three dates mark", '<text:change text:change-id="ct1"/>Three dates mark',
                    1).encode("utf-8")
            out.writestr(info, data)
    return target


def test_odt_tracked_changes(tmp_path, capsys):
    source = odt_with_a_change(tmp_path)
    status, err = run_cli([source, tmp_path / "refused"], capsys)
    assert status == 1 and f"error[SZ706]: {source} still has 1 tracked change:" in err
    text, status = import_and_build(source, tmp_path / "book", Report(), accept_changes=True,
                                    build_book=False)
    assert status == 0 and "1 tracked change: accepted" in text
    assert "Deleted sentence" not in manuscript(tmp_path / "book")


def test_note_labels_are_unique_across_chapters(tmp_path):
    doc = WordFile()
    for title in ("One", "Two"):
        doc.heading(title, 1)
        doc.para(["Text.", ("note", ["See the map for this."]), " More.",
                  ("note", ["1948 was the year."])])
    report = Report()
    _, status = import_and_build(doc.save(tmp_path / "two.docx"), tmp_path / "book", report)
    assert status == 0 and not report.diagnostics, report.format()
    labels = re.findall(r"^\[\^([^\]]+)\]:", manuscript(tmp_path / "book"), re.M)
    assert labels == ["see-the-map", "n2", "see-the-map-2", "n4"]
