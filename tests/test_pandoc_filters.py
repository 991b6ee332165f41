"""The pandoc pass runs only the Lua filters the manuscript gives work to, with the same
HTML as when every filter runs."""

from __future__ import annotations

import pytest

from samizdat import Report, load_book
from samizdat.pandoc import run

from .conftest import BOOKS, REPO

QUOTES, EDITION, XREF, FORMULAS = (run.QUOTES_LUA, run.EDITION_LUA, run.XREF_FILTER,
                                   run.FORMULAS_LUA)


@pytest.mark.parametrize(("markdown", "wanted"), [
    ("Plain prose: they came to question whether the answer was the teacher's.", []),
    ("Text <!-- a comment --> more.", [EDITION]),
    ("::: teacher\nA note for the teacher.\n:::\n", [EDITION]),
    ("::: {#q1 .Question}\nWhy?\n:::\n", [EDITION]),
    ('<div class="exercise answer">\n42\n</div>\n', [EDITION]),
    ("> ::: answer\n> 42\n> :::\n", [EDITION]),
    ("As the map shows [@fig-map].", [XREF]),
    ("See @{Tbl-prices}.", [XREF]),
    ("$$v = d/t$$ {#eq-speed}", [XREF, FORMULAS]),
    ("It costs $5.", [FORMULAS]),
    ("A citation [@smith-2001, 4] is no cross-reference.", []),
])
def test_each_filter_runs_where_its_mark_is(markdown, wanted):
    assert run.lua_filters(["# A chapter\n", markdown]) == [QUOTES, *wanted]


def test_every_filter_without_the_texts():
    sources = load_sources_of(BOOKS / "tiny")
    args = run.pandoc_args(sources, ["a.md"])
    assert [a for a in args if a.startswith("--lua-filter")] == [
        f"--lua-filter={lua}" for lua in (QUOTES, EDITION, XREF, FORMULAS)]


def load_sources_of(root):
    from samizdat.source.load import load_sources

    return load_sources(root, Report())


@pytest.mark.parametrize("root", [REPO, BOOKS / "lists", BOOKS / "tiny", BOOKS / "crossref"],
                         ids=lambda p: "helsinki" if p == REPO else p.name)
@pytest.mark.parametrize("edition", ["student", "teacher"])
def test_the_filters_left_out_change_nothing(root, edition, monkeypatch):
    html = {}
    result = run.PandocRun.result

    def keep(self, report, found=()):
        html[key] = result(self, report, found)
        return html[key]

    monkeypatch.setattr(run.PandocRun, "result", keep)
    key = "needed"
    load_book(root, Report(), edition=edition)
    if root == REPO:  # the handout gives work to none but the quotes' filter
        assert run.lua_filters([c.text for c in load_sources_of(root).chapters]) == [QUOTES]
    monkeypatch.setattr(run, "lua_filters", lambda markdown: [QUOTES, EDITION, XREF, FORMULAS])
    key = "all"
    load_book(root, Report(), edition=edition)
    assert html["needed"] == html["all"]
