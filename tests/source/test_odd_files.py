"""Files an author's system can leave in a book: a named pipe among the chapters or as the
bibliography, old-Mac line endings, YAML that expands without end. Each refused at the line,
or read as meant; none hangs the build or ends in a traceback."""

from __future__ import annotations

import os
import shutil
import signal
import textwrap
from pathlib import Path

import pytest

from samizdat.cli import main
from samizdat.core.diagnostics import Report
from samizdat.source.bibliography import macro_problem
from samizdat.source.load import read_text
from samizdat.source.nesting import MAX_DEPTH, check_nesting
from samizdat.source.yamlfile import ALIAS_BUDGET, YamlProblem, parse_yaml

from ..conftest import BOOKS


@pytest.fixture
def book(tmp_path) -> Path:
    return shutil.copytree(BOOKS / "valid", tmp_path / "book",
                           ignore=shutil.ignore_patterns("build"))


@pytest.fixture
def alarm():
    """A build that opens a named pipe would wait for ever: fail the test instead."""
    def hung(signum, frame):
        raise TimeoutError("the build waited on a named pipe")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def run(book: Path, capsys) -> tuple[int, str]:
    status = main(["-q", "html", str(book)])
    return status, capsys.readouterr().err


@pytest.mark.usefixtures("alarm")
def test_a_named_pipe_among_the_chapters_is_refused_not_read(book, capsys):
    os.mkfifo(book / "manuscript" / "03-pipe.md")
    status, err = run(book, capsys)
    assert status == 1
    assert err == ("manuscript/03-pipe.md: error[SZ128]: this is a named pipe, not a file: "
                   "samizdat reads only plain files (reading it could wait for ever)\n1 error\n")
    assert not (book / "build").exists()


@pytest.mark.usefixtures("alarm")
@pytest.mark.parametrize(("name", "said"), [
    ("bibliography.yaml", "metadata.yaml:13:15: error[SZ128]: bibliography "
                          "'manuscript/bibliography.yaml' is a named pipe, not a file"),
    ("timeline.yaml", "error[SZ128]: timeline 'manuscript/timeline.yaml' is a named pipe")])
def test_a_named_pipe_the_metadata_names_is_refused_at_its_line(book, capsys, name, said):
    path = book / "manuscript" / name
    path.unlink()
    os.mkfifo(path)
    status, err = run(book, capsys)
    assert status == 1
    assert said in err.splitlines()[0], err


def test_a_named_pipe_is_never_opened_by_the_reader(tmp_path):
    os.mkfifo(tmp_path / "pipe.md")
    report = Report()
    assert read_text(tmp_path / "pipe.md", tmp_path, report) is None  # it would block
    assert [d.code for d in report.diagnostics] == ["SZ128"]


def test_old_mac_line_endings_are_lines(tmp_path):
    (tmp_path / "ch.md").write_bytes(b"# Title\r\rText.[^a]\r\r[^a]: A note.\r")
    assert read_text(tmp_path / "ch.md", tmp_path, Report()) == (
        "# Title\n\nText.[^a]\n\n[^a]: A note.\n")
    (tmp_path / "win.md").write_bytes(b"a\r\nb\r\n")
    assert read_text(tmp_path / "win.md", tmp_path, Report()) == "a\nb\n"


def bomb(levels: int, width: int) -> str:
    lines = [f"a0: &a0 [{', '.join(['lol'] * width)}]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_aliases_within_the_budget_are_read():
    data, _, _ = parse_yaml(bomb(3, 10))  # a thousand values: a large but real file
    assert len(data["a2"]) == 10 and data["a2"][0][0][0] == "lol"
    data, _, _ = parse_yaml("base: &b {publisher: X}\none: *b\ntwo: *b\n")
    assert data["two"] == {"publisher": "X"}


def test_an_alias_bomb_is_refused_at_the_alias_that_breaks_the_budget():
    with pytest.raises(YamlProblem) as caught:
        parse_yaml(bomb(9, 10))
    assert caught.value.code == "SZ127"
    assert (caught.value.line, caught.value.column) == (4, 45)
    assert f"more than {ALIAS_BUDGET} values" in caught.value.message


def test_deep_nesting_is_measured_as_markdown_nests():
    def depth_error(text):
        report = Report()
        check_nesting("ch.md", text, report)
        return [str(d) for d in report.diagnostics]

    deep = "".join("    " * i + "1. step\n" for i in range(MAX_DEPTH))  # four-space indents
    assert depth_error(deep) == []
    assert depth_error(deep + "    " * MAX_DEPTH + "1. one more\n") == [
        f"ch.md:{MAX_DEPTH + 1}:1: error[SZ236]: lists, quotes, divs or HTML elements nested "
        f"{MAX_DEPTH + 1} "
        f"deep here: more than {MAX_DEPTH} levels cannot be laid out (split the list, or "
        "flatten its levels)"]
    fenced = "```\n" + "".join("  " * i + "- x\n" for i in range(100)) + "```\n"
    assert depth_error(fenced) == []  # code is not nested
    divs = textwrap.dedent("""\
        ::: note
        ::: note
        text
        :::
        :::
        """) * 40
    assert depth_error(divs) == []  # closed divs do not add up


def test_raw_html_nesting_counts_and_unclosed_paragraphs_do_not():
    def errors(text):
        report = Report()
        check_nesting("ch.md", text, report)
        return [d.location.line for d in report.diagnostics]

    assert errors("Text " + "<span>" * 40 + "x" + "</span>" * 40 + "\n") == [1]
    assert errors("<p>one\n" * 100) == []  # an end tag that may be left out
    assert errors(("<div>\n\ntext\n\n</div>\n\n") * 50) == []  # opened and closed
    assert errors("`" + "<b>" * 40 + "`\n") == []  # code is no HTML


def test_bibtex_macros_in_ordinary_use_pass_and_a_macro_bomb_does_not():
    ordinary = '@string{jmh = "Journal of Modern History"}\n@string{ny = "New York"}\n' + "".join(
        f"@article{{a{i}, title = {{T}}, journal = jmh, address = ny # {{, NY}}, "
        f"month = jan}}\n" for i in range(500))
    assert macro_problem("refs.bib", ordinary) is None
    lines = ['@string{a0 = "lol"}'] + [
        f"@string{{a{i} = " + " # ".join([f"a{i - 1}"] * 10) + "}" for i in range(1, 10)]
    code, message, where = macro_problem("refs.bib", "\n".join(lines) + "\n")
    assert (code, where.line) == ("SZ127", 6)
    assert "more than 1000000 letters" in message
    assert macro_problem("refs.bib", "@string{me = me # me}\n@misc{x, title = me}\n")[0] == \
        "SZ127"  # a macro inside itself
