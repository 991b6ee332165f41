"""What a live loop (serve, watch) says when one rebuild fails: the book's diagnostics, or
any other fault as one diagnostic, so the loop shows it and goes on to the next save."""

from __future__ import annotations

import logging

from ..core.diagnostics import BookError, Report

log = logging.getLogger(__name__)


def failure_text(error: BaseException, what: str) -> str:
    """The report of a failed rebuild, formatted as every diagnostic is. A fault that is not
    the book's (a missing file, a recursion too deep) becomes SZ004, its traceback only in
    the debug log: the live loop must not die of it."""
    if isinstance(error, BookError):
        return error.report.format()
    log.debug("the rebuild of %s failed", what, exc_info=error)
    report = Report()
    detail = str(error) or "no reason given"
    report.error("SZ004", f"{what} could not be rebuilt: {type(error).__name__}: {detail} "
                 "(the last good files stay; the next save tries again)")
    return report.format()
