"""The reader's combined bibliography: each work once, whatever file and format it is in."""

from __future__ import annotations

import json
import subprocess

import yaml

from samizdat import Report, load_book
from samizdat.course.combined_bibliography import merged_works
from samizdat.pandoc.run import pandoc_path

from ..conftest import BOOKS

# The same book as a teacher's CSL YAML writes it, with its own key and a group of its own.
WILLIAMS_YAML = """
- id: Williams-Aftermath
  type: book
  author: [{family: Williams, given: Kieran}]
  title: "The Prague Spring and its aftermath: Czechoslovak politics, 1968-1970"
  issued: {date-parts: [[1997]]}
  publisher: Cambridge University Press
  group: Histories
"""


def biblatex_entries() -> list[dict]:
    """prague-spring's BibLaTeX file as pandoc reads it for citeproc."""
    out = subprocess.run([pandoc_path(), str(BOOKS / "prague-spring/refs/sources.bib"),
                          "-f", "biblatex", "-t", "csljson"], capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out)


def test_a_work_in_two_handouts_and_two_formats_is_listed_once():
    from_bib = biblatex_entries()
    from_yaml = yaml.safe_load(WILLIAMS_YAML)
    merged = merged_works([from_bib, from_yaml])
    assert len(merged) == len(from_bib)
    assert [w["id"] for w in merged if "aftermath" in w["title"]] == [
        "williams1997"]


def test_two_works_with_one_key_keep_both_and_groups_go():
    one = [{"id": "smith2020", "title": "A History of Things", "issued":
            {"date-parts": [[2020]]}, "group": "Books"}]
    other = [{"id": "smith2020", "title": "Another Thing Entirely", "issued":
              {"date-parts": [[2021]]}}]
    merged = merged_works([one, other])
    assert [(w["id"], w["title"]) for w in merged] == [
        ("smith2020", "A History of Things"), ("smith2020-2", "Another Thing Entirely")]
    assert all("group" not in w for w in merged)


def test_one_doi_is_one_work_however_its_title_is_written():
    a = [{"id": "a", "title": "Title", "DOI": "10.1000/XYZ"}]
    b = [{"id": "b", "title": "Title: With a Subtitle", "DOI": "https://doi.org/10.1000/xyz"}]
    assert [w["id"] for w in merged_works([a, b])] == ["a"]


def test_a_work_only_a_teachers_block_cites_is_in_the_teachers_works_only():
    book = BOOKS / "classroom"
    students = {w["id"] for w in load_book(book, Report()).works}
    teachers = {w["id"] for w in load_book(book, Report(), edition="teacher").works}
    assert teachers - students == {"wheaton1992"}  # cited in a teacher's block alone
    assert "garton1990" in students
