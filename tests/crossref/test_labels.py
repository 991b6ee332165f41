"""Cross-reference keys and their resolution in small books made in the test."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from samizdat import Report, load_book
from samizdat.core.labels import RESERVED, Key, parse_key, reserved_prefix
from samizdat.pandoc.run import XREF_FILTER, pandoc_path
from samizdat.source.load import TextSource
from samizdat.source.scan import scan_chapter

from ..conftest import BOOKS


@pytest.mark.parametrize(("written", "key"), [
    ("fig-map", Key("fig-map", False, False)), ("Fig-map", Key("fig-map", False, True)),
    ("page-tbl-x", Key("tbl-x", True, False)), ("Page-sec-a", Key("sec-a", True, True)),
    ("page-x", Key("page-x", False, False)), ("smith2020", None), ("figures", None)])
def test_keys(written, key):
    assert parse_key(written) == key


def test_reserved_prefixes():
    assert [reserved_prefix(k) for k in ("fig-a", "Tbl-b", "qst-1", "tl-x", "page-y",
                                         "figes1996", "sec2019")] == [
        "fig", "tbl", "qst", "tl", "page", None, None]


def test_the_scan_tells_references_from_citations_and_finds_labels():
    source = TextSource("manuscript/01.md", "# A {#sec-a}\n\nSee @fig-x and @smith2020.[^1]\n\n"
                        "![C](images/c.png){width=50% #fig-x}\n\n[^1]: In @Fig-x.\n")
    found = [(f.kind, f.value, f.location.line, f.location.column, f.extra[:4])
             for f in scan_chapter(source) if f.kind in ("xref", "citation", "label")]
    assert found == [("label", "sec-a", 1, 6, "{#se"), ("xref", "fig-x", 3, 5, ""),
                     ("citation", "smith2020", 3, 16, ""),
                     ("label", "fig-x", 5, 30, "{wid"), ("xref", "Fig-x", 7, 10, "note")]


@pytest.fixture
def book_with(tmp_path):
    def make(text: str):
        root = shutil.copytree(BOOKS / "valid", tmp_path / "book",
                               ignore=shutil.ignore_patterns("build"))
        (root / "manuscript" / "02-more.md").write_text(text)
        return load_book(root, Report())
    return make


def test_a_bracket_keeps_its_words(book_with):
    book = book_with("# More\n\nAs shown [see @fig-f, left].[@smith2020, 12]\n\n"
                     "![A small figure](images/figure.png){#fig-f}\n")
    assert [(r.keys, r.text) for r in book.crossrefs] == [("fig-f", "Figure 2")]
    assert book.notes[-1].text == "Smith, History of Things, 12."
    assert "see <span" in book.chapters[1].html and "</span>, left." in book.chapters[1].html


def test_three_references_and_mixed_kinds(book_with):
    book = book_with("# More\n\n[@fig-a; @fig-b; @tbl-t] and [@Fig-a; @fig-b].\n\n"
                     "![A](images/figure.png){#fig-a}\n\n![B](images/figure.png){#fig-b}\n\n"
                     "| x |\n|---|\n| 1 |\n\nTable: T {#tbl-t}\n")
    assert [r.text for r in book.crossrefs] == ["Figures 2 and 3 and Table 1",
                                                "Figures 2 and 3"]
    assert [n.label for n in book.numbered] == ["Figure 1.", "Figure 2.", "Figure 3.",
                                                "Table 1."]


def test_no_reference_no_numbers(book_with):
    book = book_with("# More\n\n![A](images/figure.png){#fig-a}\n")
    assert book.numbered == () and "figure-number" not in book.chapters[1].html


def test_labels_inside_a_block_quote(book_with):
    book = book_with("# More\n\n> A quoted table, @tbl-q, and figure, @fig-q.\n>\n"
                     "> ![Q](images/figure.png){#fig-q}\n>\n> | x |\n> |---|\n> | 1 |\n>\n"
                     "> Table: Quoted {#tbl-q}\n")
    assert [r.text for r in book.crossrefs] == ["Table 1", "Figure 2"]
    quote = book.chapters[1].html.split("<blockquote")[1]
    assert 'id="fig-q"' in quote and 'id="tbl-q"' in quote


def test_the_filter_writes_a_references_attributes_in_one_order():
    # Lua hashes its table keys with a seed of each process: attributes made from a table
    # came out in either order, and the outputs' bytes with them.
    env = dict(os.environ, SAMIZDAT_XREF_PREFIXES="|".join(RESERVED))
    outputs = {subprocess.run([pandoc_path(), f"--lua-filter={XREF_FILTER}", "-t", "html"],
                              input="See @fig-a and [@fig-b; @tbl-c].", env=env, text=True,
                              capture_output=True, check=True).stdout for _ in range(8)}
    assert len(outputs) == 1
    assert 'class="xref" data-keys="fig-a" data-mode="text"' in outputs.pop()
