"""The metadata.yaml schema: each key declared once, with what it means."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
import uuid
from dataclasses import dataclass, field, fields
from typing import Any

from .diagnostics import Location, Report
from .language import LANGUAGES, is_known
from .written_date import date_forms, read_date

DEFAULT_CSL = "chicago-notes-bibliography-subsequent-ibid-17th-edition"
PAPERS = ("a4", "letter", "a5")
ANSWER_PLACES = ("in-place", "key")


def key(help: str, default: Any = None, *, kind: type | tuple = str, required: bool = False,
        choices: tuple = ()) -> Any:
    """Declare a metadata key: its help text, default, type, and whether it is required."""
    return field(default=default, metadata={
        "help": help, "kind": kind, "required": required, "choices": choices})


@dataclass(frozen=True)
class Metadata:
    """The keys of metadata.yaml, each declared once with its meaning."""

    title: str = key("The handout's title, on the first page, in running heads and metadata.",
                     required=True)
    subtitle: str | None = key("A line under the title.")
    author: tuple[str, ...] = key("Author name, or a list of names.", (), kind=(str, list))
    date: str | None = key("Publication date (YYYY-MM-DD); also the date stamped into the files.",
                           kind=(str, dt.date))
    lang: str = key("Language tag (en-US, en-GB, de, fr, cs, pl, es...): hyphenation, quotation "
                    "marks, citation terms and the EPUB's navigation words.",
                    "en-US")
    identifier: str | None = key("A stable identifier such as urn:uuid:...; derived from the "
                                 "title when absent.")
    course: str | None = key("The course the handout is for, in the title block (e.g. "
                             "'HIST 214: Europe since 1945').")
    institution: str | None = key("The school or university, in the title block (the "
                                  "publisher's name stands there when this is absent).")
    publisher: str | None = key("Who issues the handout (a school, a department; into the "
                                "files' metadata).")
    rights: str | None = key("Copyright or licence statement.")
    description: str | None = key("A sentence or two about the handout (EPUB and PDF metadata).")
    keywords: tuple[str, ...] = key("Subject keywords, a list.", (), kind=(str, list))
    output: str | None = key("Base name of the built files (build/<output>.pdf); derived from "
                             "the title when absent.")
    paper: str = key("Paper size of the PDF: a4, letter or a5.", "a4", choices=PAPERS)
    justify: bool = key("Justified body text in the PDF (true, the default), or ragged right "
                         "(false), hyphenated for a shallow rag.", True, kind=bool)
    bibliography: tuple[str, ...] = key(
        "Bibliography file, or a list of files, relative to the book folder: CSL YAML "
        "(.yaml), CSL JSON (.json), BibLaTeX (.bib), BibTeX (.bibtex) or RIS (.ris).",
        (), kind=(str, list))
    csl: str = key("Citation style: a style name from the bundled collection (apa, "
                   "modern-language-association...) or a .csl file in the book folder.",
                   DEFAULT_CSL)
    timeline: str | None = key("Timeline events file (YAML), relative to the book folder.")
    answers: str = key("Where the teacher's edition sets the answers to questions: in-place "
                       "(under each question, the default) or key (an answer key at the end).",
                       "in-place", choices=ANSWER_PLACES)
    chapters: tuple[str, ...] = key("Chapter files in reading order; default: manuscript/*.md "
                                    "by file name.", (), kind=list)

    @property
    def basename(self) -> str:
        return self.output or slugify(self.title) or "book"

    @property
    def uid(self) -> str:
        """The book's identifier; the same on every build of the same title."""
        if self.identifier:
            return self.identifier
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'samizdat:' + self.title)}"


# Letters that Unicode does not decompose into a base letter and a mark.
TRANSLITERATION = str.maketrans({"ł": "l", "Ł": "L", "ß": "ss", "æ": "ae", "Æ": "AE",
                                 "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "œ": "oe", "Œ": "OE",
                                 "þ": "th", "ð": "d", "ı": "i"})


def slugify(text: str) -> str:
    """A file name from a title: 'Pražské jaro 1968' -> 'prazske-jaro-1968'."""
    plain = unicodedata.normalize("NFKD", text.translate(TRANSLITERATION))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def parse_metadata(data: Any, lines: dict, path: str, report: Report,
                   columns: dict | None = None) -> Metadata | None:
    """Validate the raw YAML mapping; every problem is reported, nothing is guessed.
    columns: {key path: (line, column) of the value}, for errors at the value itself."""
    def where(name: str) -> Location:
        return Location(path, lines.get((name,), 1), 1)

    def at_value(name: str) -> Location:
        line, column = (columns or {}).get((name,), (lines.get((name,), 1), 1))
        return Location(path, line, column)

    if not isinstance(data, dict):
        report.error("SZ101", "metadata must be a mapping of keys to values", Location(path, 1, 1))
        return None
    values = read_keys(Metadata, data, path, where, report)
    if "output" in values:
        check_output_name(values["output"], at_value("output"), report)
    if "lang" in values and not is_known(values["lang"]):
        report.warning("SZ115", f"samizdat has no quotation marks or navigation words for "
                       f"lang '{values['lang']}': English ones are used (it knows "
                       f"{', '.join(LANGUAGES)})", where("lang"))
    if report.has_errors:
        return None
    return Metadata(**values)


def read_keys(cls, data: dict, path: str, where, report: Report) -> dict:
    """A YAML mapping read into the fields of the dataclass cls, as metadata.yaml's keys are:
    an unknown key is a warning with a suggestion, a value of the wrong kind or a missing
    required key an error, the date read in the file's language. where(key) -> Location."""
    schema = {f.name: f for f in fields(cls)}
    values = {}
    for name, value in data.items():
        name = str(name)
        if name not in schema:
            hint = difflib.get_close_matches(name, schema, n=1)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
            report.warning("SZ102", f"unknown key '{name}'{suggestion}", where(name))
            continue
        value = _coerce(schema[name], value, where(name), report)
        if value is not None:
            values[name] = value
    for name, f in schema.items():
        if f.metadata["required"] and name not in values and name not in data:
            report.error("SZ103", f"missing required key '{name}': {f.metadata['help']}",
                         Location(path, 1, 1))
    if "date" in values:  # written out in the book's language, or YYYY-MM-DD
        lang = values.get("lang", schema["lang"].default)
        values["date"] = read_date(values["date"], lang)
        if values["date"] is None:
            report.error("SZ106", f"'date' must be a date such as {date_forms(lang)}, not "
                         f"'{data['date']}'", where("date"))
    return values


def check_output_name(value: str, where: Location, report: Report) -> None:
    """'output' names files inside build/: a plain file name, never a path out of it."""
    problem = output_name_problem(value)
    if problem:
        report.error("SZ120", f"'output' must be a plain file name, not '{value}': {problem}; "
                     "samizdat writes only into the book's build/ folder (output: "
                     f"{slugify(value) or 'my-handout'})", where)


def output_name_problem(value: str) -> str | None:
    """Why a value of 'output' is not a plain file name inside build/, or None."""
    if not value.strip():
        return "it is empty"
    if value.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:", value):
        return "it is an absolute path"
    if "/" in value or "\\" in value:
        return "it holds a folder separator"
    if value in (".", "..") or value.startswith("."):
        return "it starts with a dot (a hidden file, or a step out of the folder)"
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        return "it holds a control character"
    return None


def _coerce(f, value: Any, where: Location, report: Report) -> Any:
    kind, name = f.metadata["kind"], f.name
    if value is None:
        return None
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        expected = _kind_name(kind)
        report.error("SZ104", f"'{name}' must be {expected}, not {_kind_name(type(value))}", where)
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if f.default == () or isinstance(f.default, tuple):
        items = [value] if isinstance(value, str) else value
        if not all(isinstance(item, str) for item in items):
            report.error("SZ104", f"'{name}' must be a list of strings", where)
            return None
        return tuple(items)
    if f.metadata["choices"] and value not in f.metadata["choices"]:
        choices = ", ".join(f.metadata["choices"])
        report.error("SZ105", f"'{name}' must be one of {choices}, not '{value}'", where)
        return None
    return value


def _kind_name(kind) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {str: "text", list: "a list", dict: "a mapping", int: "a number", float: "a number",
             bool: "true/false", dt.date: "a date"}
    return " or ".join(names.get(k, k.__name__) for k in kinds)
