"""The samizdat command: parse arguments, call the API, print the report."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .diagnostics import BookError, Report
from .formats import FORMATS
from .source.metadata import PAPERS

log = logging.getLogger("samizdat")

# The commands beside the formats, each with the options it takes.
COMMANDS = {
    "all": ("build the PDF and the EPUB from one pandoc pass", ("paper", "timeout")),
    "teacher": ("build the teacher's edition, with answers and teaching notes: "
                "build/NAME-teacher.pdf, .epub and .html", ("timeout",)),
    "check": ("check the built files: EPUBCheck, note placement, parity, layout, "
              "accessibility", ("paper",)),
    "watch": ("rebuild the PDF and the EPUB whenever a source changes", ("paper", "timeout")),
    "serve": ("serve the web page on 127.0.0.1 and reload it on every save; PDF and EPUB "
              "behind", ("paper", "timeout", "port")),
    "preview": ("write PNG images of the PDF's pages and the web page into build/preview/",
                ("paper",)),
    "deps": ("write build/.deps: the book's input files and outputs, for make", ()),
    "new": ("create a new book folder that builds at once", ()),
    "explain": ("explain a diagnostic code, e.g. samizdat explain SZ201", ()),
}
OPTIONS = {
    "paper": (("--paper",), {"choices": PAPERS, "help": "paper size of the PDF"}),
    "port": (("--port",), {"type": int, "default": 0,
                           "help": "the port on 127.0.0.1 (default: a free one)"}),
    "timeout": (("--timeout",), {"type": float, "metavar": "SECONDS",
                                 "help": "stop a PDF layout that takes longer (default: 300)"}),
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line, with the formats' commands taken from the registry."""
    parser = argparse.ArgumentParser(
        prog="samizdat", description="Build a typeset PDF and an EPUB 3 from a Markdown book.")
    common = argparse.ArgumentParser(add_help=False)
    for p, default in ((parser, False), (common, argparse.SUPPRESS)):
        # -q, -v and --strict may come before or after the command
        p.add_argument("-q", "--quiet", action="store_true", default=default,
                       help="no progress messages")
        p.add_argument("-v", "--verbose", action="store_true", default=default,
                       help="more progress messages (stage timings)")
        p.add_argument("--strict", action="store_true", default=default,
                       help="treat warnings as errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    entries = [(f.name, f"build build/NAME{f.suffix}: {f.help}", f.options) for f in FORMATS]
    entries += [(name, text, options) for name, (text, options) in COMMANDS.items()]
    for name, help_text, options in entries:
        command = commands.add_parser(name, help=help_text, description=help_text,
                                      parents=[common])
        if name == "new":
            command.add_argument("book", help="the folder to create")
            command.add_argument("--styles", action="store_true",
                                 help="copy the default stylesheets into the book to edit them")
        elif name == "explain":
            command.add_argument("code", help="a code such as SZ201")
        else:
            command.add_argument("book", nargs="?", default=".", help="book folder (default: .)")
        for option in options:
            flags, settings = OPTIONS[option]
            command.add_argument(*flags, **settings)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run one command; 0 built, 1 errors in the book, 2 wrong usage."""
    args = parse_args(argv)
    configure_logging(args)
    if args.command == "explain":
        return run_explain(args)
    book = Path(args.book)
    if args.command != "new" and not (book / "metadata.yaml").is_file():
        print(f"samizdat: error[SZ002]: {book}/metadata.yaml not found: is {book} a book "
              "folder? (samizdat new FOLDER starts one)", file=sys.stderr)
        return 2
    report = Report()
    if book.resolve() != Path.cwd().resolve() and args.command != "new":
        log.info("in %s/ (the paths below are relative to it)", book)
    try:
        status = handler(args.command)(args, book, report)
    except BookError as error:
        _print_report(error.report)
        return 1
    except KeyboardInterrupt:
        return 130
    _print_report(report)
    return status


def configure_logging(args) -> None:
    """Progress goes to stderr as 'samizdat: ...'; -q silences it, -v adds detail."""
    level = logging.WARNING if args.quiet else logging.DEBUG if args.verbose else logging.INFO
    log.setLevel(level)
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("samizdat: %(message)s"))
        log.addHandler(handler)
    log.propagate = False


def handler(command: str):
    """The function that runs a command."""
    return {"new": run_new, "watch": run_watch, "check": run_check, "preview": run_preview,
            "deps": run_deps, "serve": run_serve}.get(command, run_build)


def run_build(args, book: Path, report: Report) -> int:
    from .build import build
    from .formats import TEACHER_FORMATS

    formats = {"all": ("pdf", "epub"), "teacher": TEACHER_FORMATS}.get(args.command,
                                                                      (args.command,))
    build(book, formats, report, paper=getattr(args, "paper", None), strict=args.strict,
          timeout=getattr(args, "timeout", None),
          edition="teacher" if args.command == "teacher" else "student")
    return 0


def run_new(args, book: Path, report: Report) -> int:
    from .commands.new import create_book

    for path in create_book(book, with_styles=args.styles):
        log.info("created %s", path)
    log.info("build it with: samizdat all %s   (or: make all BOOK=%s)", book, book)
    return 0


def run_watch(args, book: Path, report: Report) -> int:
    from .commands.watch import watch_book

    watch_book(book, paper=args.paper, strict=args.strict, timeout=args.timeout)
    return 0


def run_check(args, book: Path, report: Report) -> int:
    from .commands.check import check_outputs

    check_outputs(book, report, paper=args.paper)
    if args.strict:
        report.promote_warnings()
    return 1 if report.has_errors else 0


def run_preview(args, book: Path, report: Report) -> int:
    from .commands.preview import write_preview

    write_preview(book, report, paper=args.paper)
    from .web.browser import write_web_preview

    for path in write_web_preview(book, report):
        log.info("wrote %s", path)
    return 0


def run_serve(args, book: Path, report: Report) -> int:
    from .web.serve import serve_book

    serve_book(book, port=args.port, paper=args.paper, strict=args.strict, timeout=args.timeout)
    return 0


def run_deps(args, book: Path, report: Report) -> int:
    from .commands.deps import write_deps

    write_deps(book, report)
    return 1 if report.has_errors else 0


def run_explain(args) -> int:
    from .codes import explain

    text = explain(args.code)
    if text is None:
        print(f"samizdat: error: no diagnostic has the code '{args.code}' "
              "(codes look like SZ201)", file=sys.stderr)
        return 2
    print(text)
    return 0


def _print_report(report: Report) -> None:
    text = report.format()
    if text:
        print(text, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
