"""The samizdat command: parse arguments, call the API, print the report."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .config import PAPERS
from .diagnostics import BookError, Report

COMMANDS = {
    "pdf": "build build/NAME.pdf",
    "epub": "build build/NAME.epub",
    "all": "build the PDF and the EPUB from one pandoc pass",
    "new": "create a new book folder that builds at once",
    "watch": "rebuild the PDF and the EPUB whenever a source changes",
    "check": "check the built files: EPUBCheck, note placement, parity, layout, accessibility",
    "preview": "write PNG images of the PDF's pages into build/preview/",
    "booklet": "build build/NAME-booklet.pdf: half-size pages imposed for folding and stapling",
    "html": "build build/NAME.html, the web page: one self-contained file",
    "serve": "serve the web page on 127.0.0.1 and reload it on every save; PDF and EPUB behind",
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="samizdat", description="Build a typeset PDF and an EPUB 3 from a Markdown book.")
    common = argparse.ArgumentParser(add_help=False)
    # -q and --strict may come before or after the command
    common.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                        help="no progress messages")
    common.add_argument("--strict", action="store_true", default=argparse.SUPPRESS,
                        help="treat warnings as errors")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        command = commands.add_parser(name, help=help_text, description=help_text,
                                      parents=[common])
        if name == "new":
            command.add_argument("book", help="the folder to create")
            command.add_argument("--styles", action="store_true",
                                 help="copy the default stylesheets into the book to edit them")
            continue
        command.add_argument("book", nargs="?", default=".", help="book folder (default: .)")
        if name == "serve":
            command.add_argument("--port", type=int, default=0,
                                 help="the port on 127.0.0.1 (default: a free one)")
        if name in ("pdf", "all", "watch", "check", "preview", "booklet", "serve"):
            command.add_argument("--paper", choices=PAPERS, help="paper size of the PDF")
        if name == "pdf":
            command.add_argument("--large-print", action="store_true",
                                 help="an 18 pt edition: build/NAME-large-print.pdf")
        if name in ("pdf", "all", "watch", "booklet", "serve"):
            command.add_argument("--timeout", type=float, metavar="SECONDS",
                                 help="stop a PDF layout that takes longer (default: 300)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    book = Path(args.book)
    if args.command != "new" and not (book / "metadata.yaml").is_file():
        print(f"samizdat: error: {book}/metadata.yaml not found: is {book} a book folder? "
              "(samizdat new FOLDER starts one)", file=sys.stderr)
        return 2
    report = Report()
    progress = (lambda message: None) if args.quiet else _progress
    if book.resolve() != Path.cwd().resolve() and args.command != "new":
        progress(f"in {book}/ (the paths below are relative to it)")
    try:
        status = HANDLERS[args.command](args, book, report, progress)
    except BookError as error:
        _print_report(error.report)
        return 1
    except KeyboardInterrupt:
        return 130
    _print_report(report)
    return status


def run_build(args, book: Path, report: Report, progress) -> int:
    from .build import build

    formats = {"all": ("pdf", "epub"), "pdf": ("pdf",), "epub": ("epub",),
               "booklet": ("booklet",), "html": ("html",)}[args.command]
    if getattr(args, "large_print", False):
        formats = ("large-print",)
    build(book, formats, report, paper=getattr(args, "paper", None),
          strict=args.strict, timeout=getattr(args, "timeout", None), progress=progress)
    return 0


def run_new(args, book: Path, report: Report, progress) -> int:
    from .new import create_book

    for path in create_book(book, with_styles=args.styles):
        progress(f"created {path}")
    progress(f"build it with: samizdat all {book}   (or: make all BOOK={book})")
    return 0


def run_watch(args, book: Path, report: Report, progress) -> int:
    from .watch import watch_book

    watch_book(book, paper=args.paper, strict=args.strict, timeout=args.timeout,
               progress=progress)
    return 0


def run_check(args, book: Path, report: Report, progress) -> int:
    from .gate import check_outputs

    check_outputs(book, report, paper=args.paper, progress=progress)
    if args.strict:
        report.promote_warnings()
    return 1 if report.has_errors else 0


def run_preview(args, book: Path, report: Report, progress) -> int:
    from .preview import write_preview

    started = time.perf_counter()
    pages = write_preview(book, report, paper=args.paper)
    progress(f"wrote {len(pages)} page images to {pages[0].parent if pages else book} "
             f"({time.perf_counter() - started:.2f} s)")
    from .web.browser import write_web_preview

    for path in write_web_preview(book, report):
        progress(f"wrote {path}")
    return 0


def run_serve(args, book: Path, report: Report, progress) -> int:
    from .web.serve import serve_book

    serve_book(book, port=args.port, paper=args.paper, strict=args.strict,
               timeout=args.timeout, progress=progress)
    return 0


HANDLERS = {"pdf": run_build, "epub": run_build, "all": run_build, "booklet": run_build,
            "html": run_build, "serve": run_serve, "new": run_new,
            "watch": run_watch, "check": run_check, "preview": run_preview}


def _progress(message: str) -> None:
    print(f"samizdat: {message}", file=sys.stderr, flush=True)


def _print_report(report: Report) -> None:
    text = report.format()
    if text:
        print(text, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
