"""The samizdat command: parse arguments, call the API, print the report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import PAPERS
from .diagnostics import BookError, Report


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="samizdat", description="Build a typeset PDF and an EPUB 3 from a Markdown book.")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, help_text in (("pdf", "build build/NAME.pdf"), ("epub", "build build/NAME.epub"),
                            ("all", "build the PDF and the EPUB from one pandoc pass")):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("book", nargs="?", default=".", help="book folder (default: .)")
        command.add_argument("--paper", choices=PAPERS, help="paper size of the PDF")
        command.add_argument("--timeout", type=float, metavar="SECONDS",
                             help="stop a PDF layout that takes longer (default: 300)")
        command.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS)
        command.add_argument("--strict", action="store_true", default=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    book = Path(args.book)
    if not (book / "metadata.yaml").is_file():
        print(f"samizdat: error: {book}/metadata.yaml not found: is {book} a book folder?",
              file=sys.stderr)
        return 2
    report = Report()
    progress = (lambda message: None) if args.quiet else _progress
    formats = ("pdf", "epub") if args.command == "all" else (args.command,)
    from .build import build

    try:
        build(book, formats, report, paper=args.paper, strict=args.strict,
              timeout=args.timeout, progress=progress)
    except BookError as error:
        _print_report(error.report)
        return 1
    _print_report(report)
    return 0


def _progress(message: str) -> None:
    print(f"samizdat: {message}", file=sys.stderr, flush=True)


def _print_report(report: Report) -> None:
    text = report.format()
    if text:
        print(text, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
