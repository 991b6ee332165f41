"""Work done in a forked process beside the main one, on the second core: the EPUB and the
web page of `samizdat all` while the PDF is written.

The child renders from the same frozen Book the parent holds, so its bytes are those the
parent would make; it writes no file. What it reports (diagnostics, progress messages, stage
times) comes back with its result and is added in the order a run in one process gives.
Where forking is unsafe (threads running, as in samizdat serve) or pointless (one core),
or the child fails for any reason but the book's, the work is done in the parent instead.
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
import threading
from collections.abc import Callable

from ..core.diagnostics import BookError, Report

log = logging.getLogger(__name__)


def can_fork() -> bool:
    """A fork is safe and of use: one thread (no lock held elsewhere), two cores or more."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return (hasattr(os, "fork") and cores > 1 and threading.active_count() == 1
            and threading.current_thread() is threading.main_thread())


class Beside:
    """work(report, timings) run in a child process, started at once when it can be."""

    def __init__(self, work: Callable[[Report, dict], dict[str, bytes]]):
        self.work, self.pid, self.pipe = work, None, None
        if can_fork():
            self._fork()

    def _fork(self) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns, never runs the parent's clean-up
            os.close(read)
            status = 1
            try:
                with os.fdopen(write, "wb") as out:
                    out.write(pickle.dumps(_run_child(self.work)))
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        self.pid, self.pipe = pid, os.fdopen(read, "rb")

    def result(self, report: Report, timings: dict) -> dict[str, bytes]:
        """The work's result, its diagnostics added to report; a BookError as the work
        would raise it in this process."""
        outcome = self._collect()
        if outcome is None:  # no child, or it failed: the work is done here, as it was
            return self.work(report, timings)
        rendered, diagnostics, messages, spent, failed = outcome
        for diagnostic in diagnostics:
            report.add(diagnostic)
        for name, level, message in messages:
            logging.getLogger(name).log(level, "%s", message)
        for stage, seconds in spent.items():
            timings[stage] = timings.get(stage, 0.0) + seconds
        if failed:
            raise BookError(report)
        return rendered

    def _collect(self):
        if self.pid is None:
            return None
        try:
            data = self.pipe.read()
        finally:
            self.pipe.close()
            _, status = os.waitpid(self.pid, 0)
            self.pid = None
        if os.waitstatus_to_exitcode(status) != 0 or not data:
            log.debug("the process beside stopped without a result: working here")
            return None
        return pickle.loads(data)

    def cancel(self) -> None:
        """Stop the child whose work is no longer wanted (the PDF failed)."""
        if self.pid is not None:
            os.kill(self.pid, signal.SIGKILL)
            self.pipe.close()
            os.waitpid(self.pid, 0)
            self.pid = None


class _Messages(logging.Handler):
    """The child's progress messages, kept for the parent to give in their place."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.kept: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.kept.append((record.name, record.levelno, record.getMessage()))


def _run_child(work):
    """In the child: the work's bytes, diagnostics, messages and stage times, and whether
    it failed on the book (any other failure leaves the work to the parent)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C stops the child with the parent
    root = logging.getLogger("samizdat")
    messages = _Messages()
    root.handlers, saved = [messages], root.handlers
    report, timings = Report(), {}
    try:
        rendered, failed = work(report, timings), False
    except BookError:
        rendered, failed = {}, True
    finally:
        root.handlers = saved
    return rendered, report.diagnostics, messages.kept, timings, failed
