"""The one table of samizdat's commands: name, help, options, what its argument is, and the
function that runs it. The formats' commands come from the format registry. A command's
module is imported only when it runs, so `samizdat epub` never imports WeasyPrint."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..build.formats import FORMATS
from ..core.diagnostics import Report

log = logging.getLogger("samizdat")


@dataclass(frozen=True)
class Command:
    """One subcommand of samizdat."""

    name: str
    help: str
    run: Callable[..., int]     # run(args, book, report) -> exit status
    options: tuple[str, ...] = ()  # names in cli.OPTIONS
    argument: str = "book"      # "book" (default .), "new book", "file and new book" or "code"


def run_build(args, book: Path, report: Report) -> int:
    """samizdat pdf|epub|html|...|all: the formats from one pandoc pass."""
    from ..build.pipeline import build

    formats = ("pdf", "epub") if args.command == "all" else (args.command,)
    build(book, formats, report, paper=getattr(args, "paper", None), strict=args.strict,
          timeout=getattr(args, "timeout", None))
    return 0


def run_teacher(args, book: Path, report: Report) -> int:
    """samizdat teacher: the teacher's edition, its PDF, EPUB and web page."""
    from ..build.formats import TEACHER_FORMATS
    from ..build.pipeline import build

    build(book, TEACHER_FORMATS, report, strict=args.strict,
          timeout=getattr(args, "timeout", None), edition="teacher")
    return 0


def run_new(args, book: Path, report: Report) -> int:
    """samizdat new FOLDER."""
    from .new import create_book

    for path in create_book(book, with_styles=args.styles):
        log.info("created %s", path)
    log.info("build it with: samizdat all %s   (or: make all BOOK=%s)", book, book)
    return 0


def run_watch(args, book: Path, report: Report) -> int:
    """samizdat watch."""
    from .watch import watch_book

    watch_book(book, paper=args.paper, strict=args.strict, timeout=args.timeout,
               edition=args.edition)
    return 0


def run_check(args, book: Path, report: Report) -> int:
    """samizdat check (of a book, or of a course's reader)."""
    if (book / "course.yaml").is_file() and not (book / "metadata.yaml").is_file():
        from .binding_check import check_course

        check_course(book, report)
        if args.strict:
            report.promote_warnings()
        return 1 if report.has_errors else 0
    from .check import check_outputs

    check_outputs(book, report, paper=args.paper, edition=args.edition)
    if args.strict:
        report.promote_warnings()
    return 1 if report.has_errors else 0


def run_preview(args, book: Path, report: Report) -> int:
    """samizdat preview."""
    from .preview import write_preview, write_web_preview

    write_preview(book, report, paper=args.paper)
    for path in write_web_preview(book, report):
        log.info("wrote %s", path)
    from .screen_layout import check_built_page

    check_built_page(book, report)  # what the screenshots would not show: text over text
    return 0


def run_serve(args, book: Path, report: Report) -> int:
    """samizdat serve."""
    from .serve import serve_book

    serve_book(book, port=args.port, paper=args.paper, strict=args.strict, timeout=args.timeout)
    return 0


def run_deps(args, book: Path, report: Report) -> int:
    """samizdat deps."""
    from .deps import write_deps

    write_deps(book, report)
    return 1 if report.has_errors else 0


def run_import(args, book: Path, report: Report) -> int:
    """samizdat import FILE FOLDER: the report goes to stdout, the build's messages to
    stderr."""
    from .import_word import import_and_build

    text, status = import_and_build(Path(args.file), book, report,
                                    accept_changes=args.accept_changes,
                                    build_book=not args.no_build)
    print(text, flush=True)
    return status


def run_reader(args, course: Path, report: Report) -> int:
    """samizdat reader COURSE: the course reader's PDF and EPUB, and the course site."""
    from ..course.reader import build_reader

    build_reader(course, report, edition="teacher" if args.teacher else "student",
                 strict=args.strict, timeout=getattr(args, "timeout", None))
    return 0


def run_explain(args, book: None, report: Report) -> int:
    """samizdat explain CODE."""
    from .explain import explain_code

    return explain_code(args.code)


COMMANDS = (
    *(Command(f.name, f"build build/NAME{f.suffix}: {f.help}", run_build, f.options)
      for f in FORMATS),
    Command("all", "build the PDF and the EPUB from one pandoc pass", run_build,
            ("paper", "timeout")),
    Command("teacher", "build the teacher's edition, with answers and teaching notes: "
            "build/NAME-teacher.pdf, .epub and .html", run_teacher, ("timeout",)),
    Command("check", "check the built files: EPUBCheck, note placement, parity, layout, "
            "accessibility", run_check, ("paper", "edition")),
    Command("watch", "rebuild the PDF and the EPUB whenever a source changes", run_watch,
            ("paper", "timeout", "edition")),
    Command("serve", "serve the web page on 127.0.0.1 and reload it on every save; PDF and "
            "EPUB behind", run_serve, ("paper", "timeout", "port")),
    Command("preview", "write PNG images of the PDF's pages and the web page into "
            "build/preview/", run_preview, ("paper",)),
    Command("deps", "write build/.deps: the book's input files and outputs, for make",
            run_deps),
    Command("new", "create a new book folder that builds at once", run_new, (), "new book"),
    Command("import", "make a book folder from a Word (.docx) or OpenDocument (.odt) file, "
            "build it and report what was kept", run_import, (), "file and new book"),
    Command("reader", "bind a course folder's handouts into build/NAME.pdf and .epub (the "
            "course reader) and build/site/ (the course site)", run_reader,
            ("timeout", "teacher"), "course"),
    Command("explain", "explain a diagnostic code, e.g. samizdat explain SZ201", run_explain,
            (), "code"),
)
BY_NAME = {c.name: c for c in COMMANDS}
