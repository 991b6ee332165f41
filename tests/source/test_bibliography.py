"""Bibliographies in every format pandoc reads, reading-list groups named in the manuscript,
and the book's language (quotation marks, citation terms, navigation words, file name)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml

from samizdat import Report, build, load_book
from samizdat.core.language import language
from samizdat.core.metadata import slugify
from samizdat.pandoc.run import pandoc_path

from ..conftest import BOOKS

GROUPED = "::: reading-list\nWebsites\n: @archive-page\n\nBooks\n: @smith2020\n:::\n"


def valid_copy(tmp_path: Path) -> Path:
    book = shutil.copytree(BOOKS / "valid", tmp_path / "book",
                           ignore=shutil.ignore_patterns("build"))
    chapter = book / "manuscript" / "02-more.md"
    chapter.write_text(chapter.read_text().replace("::: reading-list\n:::\n", GROUPED))
    return book


def convert(yaml_file: Path, target: Path, to: str) -> None:
    """The CSL YAML written in another format by pandoc itself."""
    entries = yaml.safe_load(yaml_file.read_text())
    markdown = "---\n" + yaml.safe_dump({"references": entries}, allow_unicode=True) + "---\n"
    out = subprocess.run([pandoc_path(), "-f", "markdown", "-t", to, "-s"], input=markdown,
                         capture_output=True, text=True, check=True).stdout
    if to in ("biblatex", "bibtex"):
        # pandoc's BibTeX writers drop these fields; Better BibTeX writes them
        out = out.replace("@book{smith2020,", "@book{smith2020,\n  shorttitle = {History of "
                          "Things},")
        out = re.sub(r"@\w+\{archive-page,", "@online{archive-page,\n  journaltitle = {The "
                     "Example Archive},\n  urldate = {2024-01-05},", out)
    target.write_text(out)


def rendered(book: Path) -> tuple:
    report = Report()
    result = load_book(book, report)
    assert not report.diagnostics, [str(d) for d in report.diagnostics]
    groups = [(g.title, [(r.key, r.text) for r in g.references]) for g in result.reading_list]
    return [n.text for n in result.notes], groups


@pytest.mark.parametrize("suffix,to", [(".json", "csljson"), (".bib", "biblatex"),
                                       (".bibtex", "bibtex"), (".yaml", "references")])
def test_every_format_gives_the_same_notes_and_reading_list(tmp_path, suffix, to):
    book = valid_copy(tmp_path)
    expected = rendered(book)
    source = book / "manuscript" / "bibliography.yaml"
    target = book / "refs" / f"sources{suffix}"
    target.parent.mkdir()
    if to == "references":  # pandoc's own form: a `references:` mapping
        target.write_text("references:\n" + re.sub(r"(?m)^", "  ", source.read_text()))
    else:
        convert(source, target, to)
    meta = book / "metadata.yaml"
    meta.write_text(meta.read_text().replace("manuscript/bibliography.yaml",
                                             f"refs/sources{suffix}"))
    source.unlink()
    assert rendered(book) == expected
    assert [g[0] for g in expected[1]] == ["Websites", "Books"]  # the author's order


def test_several_files_and_ris(tmp_path):
    book = valid_copy(tmp_path)
    bib = book / "manuscript" / "bibliography.yaml"
    entries = yaml.safe_load(bib.read_text())
    bib.write_text(yaml.safe_dump([entries[0]]))
    (book / "manuscript" / "web.ris").write_text(
        "TY  - ELEC\nID  - archive-page\nTI  - About the Archive\nT2  - The Example Archive\n"
        "UR  - https://example.org/archive/about\nY2  - 2024/01/05\nER  - \n")
    meta = book / "metadata.yaml"
    meta.write_text(meta.read_text().replace(
        "bibliography: manuscript/bibliography.yaml",
        "bibliography: [manuscript/bibliography.yaml, manuscript/web.ris]"))
    notes, groups = rendered(book)
    assert [key for _, refs in groups for key, _ in refs] == ["archive-page", "smith2020"]
    assert "About the Archive" in groups[0][1][0][1]


def test_reading_list_keys_make_no_notes(tmp_path):
    book = valid_copy(tmp_path)
    before = rendered(BOOKS / "valid")
    notes, groups = rendered(book)
    assert notes == before[0]  # the keys in the div became no footnotes


def test_an_empty_reading_list_lists_the_whole_bibliography(tmp_path):
    book = valid_copy(tmp_path)
    bib = book / "manuscript" / "bibliography.yaml"
    bib.write_text(bib.read_text().replace("  group: Books\n", "").replace(
        "  group: Websites\n", ""))
    chapter = book / "manuscript" / "02-more.md"
    chapter.write_text(chapter.read_text().replace(GROUPED, "::: reading-list\n:::\n"))
    notes, groups = rendered(book)
    assert [(title, len(refs)) for title, refs in groups] == [("", 2)]


def test_slugify_transliterates():
    assert slugify("Pražské jaro 1968") == "prazske-jaro-1968"
    assert slugify("Łódź, Straße, Ærø, Đakovo") == "lodz-strasse-aero-dakovo"


def test_language_table_falls_back_to_english():
    assert language("cs").quotes[:2] == ("„", "“")
    assert language("de-AT").tag == "de-AT"
    assert language("en-GB").quotes[0] == "‘"
    assert language("fi").contents == "Contents"


def prague(tmp_path: Path, lang: str, title: str | None = None) -> Path:
    book = shutil.copytree(BOOKS / "prague-spring", tmp_path / "prague",
                           ignore=shutil.ignore_patterns("build"))
    meta = book / "metadata.yaml"
    text = re.sub(r"(?m)^lang: .*$", f"lang: {lang}", meta.read_text())
    if title:
        text = re.sub(r"(?m)^title: .*$", f"title: {title}", text)
        text = re.sub(r"(?m)^output: .*$\n", "", text)
    meta.write_text(text)
    # years only: full start dates are not part of what these tests are about
    timeline = book / "manuscript" / "timeline.yaml"
    timeline.write_text(re.sub(r'(?m)^  start: "?(\d{4})[^"\n]*"?$', r"  start: \1",
                               timeline.read_text()))
    return book


def test_prague_spring_in_czech(tmp_path):
    book = prague(tmp_path, "cs", "Pražské jaro 1968")
    written = build(book, ("pdf", "epub"), Report())
    assert written["pdf"].name == "prazske-jaro-1968.pdf"
    with zipfile.ZipFile(written["epub"]) as epub:
        nav = epub.read("EPUB/nav.xhtml").decode()
        chapters = "".join(epub.read(n).decode() for n in epub.namelist()
                           if n.startswith("EPUB/text/"))
    assert "<h1>Obsah</h1>" in nav and ">Obálka<" in nav
    assert "„socialism with a\u00a0human face“" in chapters  # Czech binds "a" to the next word
    assert 'title="Poznámky"' in chapters


def test_citeproc_quotes_and_terms_follow_the_language(tmp_path):
    for lang, opening, closing, ibid in (("cs", "„", "“", "Ibid."), ("de", "„", "“", "Ebd.")):
        book = prague(tmp_path / lang, lang)
        result = load_book(book, Report())
        texts = [n.text for n in result.notes] + [
            r.text for g in result.reading_list for r in g.references]
        assert not any('"' in t for t in texts), [t for t in texts if '"' in t]
        assert any(opening in t and closing in t for t in texts)
        assert any(t.startswith(ibid) for t in texts)
        body = "".join(c.html for c in result.chapters)
        assert "“leading role”" not in body and f"{opening}leading role{closing}" in body
        names = [[r.key for r in g.references] for g in result.reading_list]
        assert names[0] == ["akcniprogram1968", "vaculik1968", "predsednictvo1968",
                            "navratil1998"]  # the author's order, not the style's


def test_latex_dashes_from_better_bibtex_are_kept(tmp_path):
    """pandoc's BibTeX reader drops {\\textendash}, \\textemdash{} and \\textellipsis: the
    title would lose its dash without a word."""
    book = valid_copy(tmp_path)
    source = book / "manuscript" / "bibliography.yaml"
    target = book / "refs" / "sources.bib"
    target.parent.mkdir()
    convert(source, target, "biblatex")
    text = target.read_text()
    title = re.search(r"title = \{([^\n]*)\},\n", text.split("@book{smith2020,")[1]).group(1)
    target.write_text(text.replace(title, title + r" 1914{\textendash}1918, \textemdash{} Pt. II",
                                   1))
    meta = book / "metadata.yaml"
    meta.write_text(meta.read_text().replace("manuscript/bibliography.yaml", "refs/sources.bib"))
    source.unlink()
    notes, groups = rendered(book)
    text = " ".join(notes) + " ".join(t for _, refs in groups for _, t in refs)
    assert "1914–1918, — Pt. II" in text, text


LAWS = [
    {"id": "ley1977", "type": "legislation", "title": "Ley 1/1977, para la Reforma Política",
     "container-title": "Boletín Oficial del Estado", "number": "4", "page": "170-171",
     "issued": {"date-parts": [[1977, 1, 5]]}, "language": "es"},
    {"id": "tra1976", "type": "legislation", "title": "Tax Reform Act of 1976",
     "container-title": "Stat.", "volume": "90", "page": "1520", "number": "94-455",
     "issued": {"date-parts": [[1976]]}},
]


LAWS_BIB = """
@legislation{ley1977,
  title = {Ley 1/1977, para la Reforma Política},
  date = {1977-01-05},
  journaltitle = {Boletín Oficial del Estado},
  number = {4},
  pages = {170--171},
  langid = {spanish}
}

@legislation{tra1976,
  title = {Tax Reform Act of 1976},
  date = {1976},
  journaltitle = {Stat.},
  volume = {90},
  pages = {1520},
  number = {94-455}
}
"""


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".bib"])
def test_a_law_in_a_gazette_is_a_document_in_it_and_one_in_a_reporter_keeps_its_form(
        tmp_path, suffix):
    book = valid_copy(tmp_path)
    source = book / "manuscript" / "bibliography.yaml"
    entries = yaml.safe_load(source.read_text()) + LAWS
    target = book / "refs" / f"sources{suffix}"
    target.parent.mkdir()
    if suffix == ".yaml":
        target.write_text(yaml.safe_dump(entries, allow_unicode=True))
    elif suffix == ".json":
        target.write_text(json.dumps(entries, ensure_ascii=False))
    else:  # as Better BibTeX exports them (pandoc's own writer drops their journaltitle)
        convert(source, target, "biblatex")
        target.write_text(target.read_text() + LAWS_BIB)
    meta = book / "metadata.yaml"
    meta.write_text(meta.read_text().replace("manuscript/bibliography.yaml",
                                             f"refs/sources{suffix}"))
    source.unlink()
    chapter = book / "manuscript" / "01-intro.md"
    chapter.write_text(chapter.read_text() + "\nA law.[@ley1977, 170] Another.[@tra1976]\n")
    report = Report()
    notes = [n.text for n in load_book(book, report).notes]
    assert not report.diagnostics, [str(d) for d in report.diagnostics]
    assert "‘Ley 1/1977, para la Reforma Política’, in Boletín Oficial del Estado, no. 4, 5 " \
           "January 1977, 170." in notes
    assert notes[-1] == "Tax Reform Act of 1976, Pub. L. No. 94\u2011455, 90 Stat. 1520 (1976)."


def test_what_the_mapping_drops_is_found_on_one_line_and_a_type_key_is_not_lost():
    from samizdat.source.mapping import bib_entries

    text = ("@report{r1, title = {Report, {{Part}} 1}, type = {techreport}, number = {12}}\n"
            "@article{a1,\n  title = \"Art\",\n  eid = {e5},\n  pages = {5--9}\n}\n")
    assert bib_entries(text) == [
        ("report", "r1", [("title", "Report, {{Part}} 1"), ("type", "techreport"),
                          ("number", "12")]),
        ("article", "a1", [("title", "Art"), ("eid", "e5"), ("pages", "5--9")])]
