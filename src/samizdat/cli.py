"""The samizdat command: parse arguments, call the API, print the report."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .build.atomic import environment_fault
from .commands.table import BY_NAME, COMMANDS
from .core.diagnostics import BookError, Report
from .core.metadata import PAPERS
from .source.inputs import METADATA_FILE

log = logging.getLogger("samizdat")

OPTIONS = {
    "paper": (("--paper",), {"choices": PAPERS, "help": "paper size of the PDF"}),
    "edition": (("--edition",), {"choices": ("student", "teacher"), "default": "student",
                                 "help": "the classroom edition (default: the students')"}),
    "port": (("--port",), {"type": int, "default": 0,
                           "help": "the port on 127.0.0.1 (default: a free one)"}),
    "timeout": (("--timeout",), {"type": float, "metavar": "SECONDS",
                                 "help": "stop a PDF layout that takes longer (default: 300)"}),
    "teacher": (("--teacher",), {"action": "store_true",
                                 "help": "the teacher's edition (build/NAME-teacher.pdf, .epub)"}),
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
    for entry in COMMANDS:
        command = commands.add_parser(entry.name, help=entry.help, description=entry.help,
                                      parents=[common])
        if entry.argument == "new book":
            command.add_argument("book", help="the folder to create")
            command.add_argument("--styles", action="store_true",
                                 help="copy the default stylesheets into the book to edit them")
        elif entry.argument == "file and new book":
            command.add_argument("file", help="the .docx or .odt file")
            command.add_argument("book", help="the folder to create")
            command.add_argument("--accept-changes", action="store_true",
                                 help="accept every tracked change and drop the comments")
            command.add_argument("--no-build", action="store_true",
                                 help="write the folder only, without building it")
        elif entry.argument == "code":
            command.add_argument("code", help="a code such as SZ201")
        else:
            what = "course" if entry.argument == "course" else "book"
            command.add_argument("book", nargs="?", default=".",
                                 help=f"{what} folder (default: .)")
        for option in entry.options:
            flags, settings = OPTIONS[option]
            command.add_argument(*flags, **settings)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run one command; 0 built, 1 errors in the book, 2 wrong usage."""
    args = parse_args(argv)
    configure_logging(args)
    entry = BY_NAME[args.command]
    if entry.argument == "code":
        return entry.run(args, None, Report())
    book = Path(args.book)
    course = entry.name == "check" and (book / "course.yaml").is_file()  # a course's reader
    if entry.argument == "book" and not (book / METADATA_FILE).is_file() and not course:
        print(f"samizdat: error[SZ002]: {book}/{METADATA_FILE} not found: is {book} a book "
              "folder? (samizdat new FOLDER starts one)", file=sys.stderr)
        return 2
    report = Report()
    if book.resolve() != Path.cwd().resolve() and entry.argument in ("book", "course"):
        log.info("in %s/ (the paths below are relative to it)", book)
    try:
        status = entry.run(args, book, report)
    except BookError as error:
        _print_report(error.report)
        return 1
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # a full disk or a read-only folder, outside build/ too
        error = environment_fault(exc)
        if error is None:
            raise
        _print_report(error.report)
        return 1
    _print_report(report)
    return status


class CurrentStderr(logging.StreamHandler):
    """A handler writing to sys.stderr as it is when a message comes, not when main first
    ran: a caller (a test, an editor's plugin) may have replaced it since."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass  # StreamHandler's constructor sets it


def configure_logging(args) -> None:
    """Progress goes to stderr as 'samizdat: ...'; -q silences it, -v adds detail."""
    level = logging.WARNING if args.quiet else logging.DEBUG if args.verbose else logging.INFO
    log.setLevel(level)
    if not log.handlers:
        handler = CurrentStderr()
        handler.setFormatter(logging.Formatter("samizdat: %(message)s"))
        log.addHandler(handler)
    log.propagate = False


def _print_report(report: Report) -> None:
    text = report.format()
    if text:
        print(text, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
