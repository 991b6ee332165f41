"""TeX math pandoc could not read, as an error at the formula: the command it does not know
(with the nearest it does), chemistry it cannot set, or where the TeX stops making sense."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from ..core.diagnostics import Location, Report

UNKNOWN = re.compile(r"unexpected control sequence (\\[A-Za-z]+)")


@lru_cache(maxsize=1)
def known_commands() -> tuple[str, ...]:
    """The TeX math commands the suggestion is chosen from: latex2mathml's commands and its
    table of Unicode math symbols (ziamath's own TeX reader), with pandoc's usual ones."""
    from latex2mathml import commands, symbols_parser

    names = {v for v in vars(commands).values() if isinstance(v, str) and v.startswith("\\")}
    names |= {k for k in symbols_parser.SYMBOLS if re.fullmatch(r"\\[A-Za-z]+", k)}
    names |= {"\\text", "\\mathrm", "\\operatorname", "\\begin", "\\end", "\\quad", "\\qquad"}
    return tuple(sorted(names))


def report_unreadable_math(tex: str, message: str, report: Report,
                           where: Location | None) -> None:
    """One formula pandoc left as TeX: SZ225 for chemistry, SZ224 otherwise."""
    unknown = UNKNOWN.search(message)
    command = unknown.group(1) if unknown else None
    shown = " ".join(tex.split())
    if command == "\\ce" or command == "\\pu":
        report.error("SZ225", f"chemistry '{shown}': mhchem's {command} is not supported; "
                     "write the formula with subscripts, as $\\mathrm{H_2O}$", where)
        return
    if command:
        near = difflib.get_close_matches(command, known_commands(), n=1, cutoff=0.6)
        hint = f": did you mean '{near[0]}'?" if near else ""
        report.error("SZ224", f"TeX math '{shown}': unknown command '{command}'{hint}", where)
        return
    detail = " ".join(message.strip().splitlines()[-1:]) or "it cannot be read"
    report.error("SZ224", f"TeX math '{shown}' cannot be read: {detail}", where)
