"""The one registry of output formats: name, file suffix, renderer module, options, help.

build.py, cli.py and the Makefile's help all read this table. It imports nothing, so the
Makefile can print its help with a plain python3 before samizdat is installed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """One kind of file samizdat builds."""

    name: str              # the command (samizdat NAME) and the make target
    suffix: str            # build/<output><suffix>
    renderer: str          # the module whose render(book, report, timings, **options) makes it
    help: str
    options: tuple[str, ...] = ()  # command-line options that apply: paper, timeout


# In render order: the PDF comes first, since the EPUB carries its page numbers. A
# renderer's module is imported only when its format is built, so the EPUB path never
# imports WeasyPrint.
FORMATS = (
    Format("pdf", ".pdf", "samizdat.pdf.layout", "the typeset handout",
           ("paper", "timeout")),
    Format("large-print", "-large-print.pdf", "samizdat.pdf.large_print",
           "the same handout at 18 pt", ("paper", "timeout")),
    Format("booklet", "-booklet.pdf", "samizdat.pdf.booklet",
           "half-size pages two to a sheet, to fold and staple", ("timeout",)),
    Format("epub", ".epub", "samizdat.epub.package", "the e-reader edition"),
    Format("html", ".html", "samizdat.web.page", "the web page, one self-contained file"),
)
BY_NAME = {f.name: f for f in FORMATS}

# The editions of one manuscript: the students' (as written, '::: teacher' and '::: answer'
# blocks left out) and the teacher's, whose files carry this suffix. `samizdat teacher`
# builds these formats of it.
EDITIONS = {"student": "", "teacher": "-teacher"}
TEACHER_FORMATS = ("pdf", "epub", "html")


def output_name(basename: str, name: str, edition: str = "student") -> str:
    """The file name of a format's output: helsinki-process + pdf -> helsinki-process.pdf;
    in the teacher's edition helsinki-process-teacher.pdf."""
    return basename + EDITIONS[edition] + BY_NAME[name].suffix


if __name__ == "__main__":  # the Makefile's help, and its format names
    import sys

    if sys.argv[1:] == ["names"]:
        print(" ".join(fmt.name for fmt in FORMATS))
        sys.exit()
    for fmt in FORMATS:
        print(f"  make {fmt.name:<16}build/<name>{fmt.suffix}: {fmt.help}")
