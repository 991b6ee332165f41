"""samizdat check COURSE: the built reader passes; a site that lost a handout, or a link of
it that leads nowhere, is an error."""

from __future__ import annotations

import re
import shutil

from samizdat.cli import main
from samizdat.commands.binding_check import check_course
from samizdat.core.diagnostics import Report


def test_the_built_reader_passes_its_checks(europe, capsys):
    report = Report()
    check_course(europe.root, report)
    assert report.diagnostics == []
    assert main(["check", str(europe.root)]) == 0


def test_a_site_that_lost_a_handout_and_a_file_fails(europe, tmp_path):
    copy = tmp_path / "europe"
    shutil.copytree(europe.root, copy, symlinks=True)
    index = copy / "build" / "site" / "index.html"
    page = index.read_text()
    index.write_text(re.sub(r'<li lang="en-GB"><h2><a href="prague-spring.html">.*?</li>', "",
                            page, flags=re.S))
    (copy / "build" / "site" / "europe-reader.epub").unlink()
    report = Report()
    check_course(copy, report)
    codes = [d.code for d in report.diagnostics]
    assert codes.count("SZ517") == 2, report.format()
    assert "europe-reader.epub" in report.format() and "The Prague Spring" in report.format()
