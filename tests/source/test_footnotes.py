"""Footnote labels are local to their chapter file."""

from __future__ import annotations

from samizdat.source.footnotes import author_label, local_texts
from samizdat.source.load import TextSource
from samizdat.source.scan import scan_book


def test_a_label_defined_in_two_files_is_renamed_in_the_second_and_keeps_its_columns():
    chapters = (TextSource("a.md", "# A\n\nOne.[^1]\n\n[^1]: First."),
                TextSource("b.md", "# B\n\nTwo.[^1] and [^x]\n\n[^1]: Second.\n\n[^x]: X."))
    texts = local_texts(chapters, scan_book(chapters), {})
    assert "a.md" not in texts
    assert texts["b.md"] == ("# B\n\nTwo.[^1-samizdat-file2] and [^x]\n\n"
                             "[^1-samizdat-file2]: Second.\n\n[^x]: X.")
    assert author_label("1-samizdat-file2") == "1"
