"""metadata.yaml's date: YYYY-MM-DD, or written out in the book's language or in English."""

from __future__ import annotations

import pytest

from samizdat.core.diagnostics import Report
from samizdat.core.metadata import parse_metadata
from samizdat.core.written_date import read_date


@pytest.mark.parametrize(("lang", "written", "iso"), [
    ("es", "10 de febrero de 2025", "2025-02-10"),
    ("es", "febrero de 2025", "2025-02"),
    ("es", "1 de setiembre de 2025", "2025-09-01"),
    ("en-US", "February 10, 2025", "2025-02-10"),
    ("en-GB", "10 February 2025", "2025-02-10"),
    ("en-GB", "10th February 2025", "2025-02-10"),
    ("es", "10 February 2025", "2025-02-10"),   # English is read in every book
    ("de", "10. Februar 2025", "2025-02-10"),
    ("fr", "1er février 2025", "2025-02-01"),
    ("cs", "10. února 2025", "2025-02-10"),
    ("cs", "únor 2025", "2025-02"),
    ("pl", "10 lutego 2025", "2025-02-10"),
    ("en-US", "2025-02-10", "2025-02-10"),
])
def test_a_written_date_is_read_as_the_files_carry_it(lang, written, iso):
    assert read_date(written, lang) == iso


@pytest.mark.parametrize("written", ["31 de febrero de 2025", "10 de brumario de 2025",
                                     "10/02/2025", "2025-13-01", "Febrero 10 de 25"])
def test_what_is_no_date_is_refused(written):
    assert read_date(written, "es") is None


def test_the_message_says_which_forms_the_date_takes_in_the_books_language():
    report = Report()
    data = {"title": "T", "lang": "es", "date": "10/02/2025"}
    assert parse_metadata(data, {("date",): 3}, "metadata.yaml", report) is None
    assert report.format().splitlines()[0] == (
        "metadata.yaml:3:1: error[SZ106]: 'date' must be a date such as 2025-02-10, 2025-02, "
        "'10 de febrero de 2025' or 'febrero de 2025', not '10/02/2025'")
    meta = parse_metadata({"title": "T", "lang": "es", "date": "10 de febrero de 2025"}, {},
                          "metadata.yaml", Report())
    assert meta.date == "2025-02-10"
