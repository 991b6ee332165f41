"""samizdat watch: rebuild both files whenever a source changes; a broken edit keeps the last
good files and says what is wrong."""

from __future__ import annotations

import logging
import sys
import threading
import time
from pathlib import Path

from ..build.pipeline import build
from ..core.diagnostics import Report
from ..source.inputs import book_inputs, watched_folders
from .rebuild_failure import failure_text

log = logging.getLogger(__name__)
DEBOUNCE_MS = 300


def rebuild(root: Path, **options) -> bool:
    """One build of the PDF and the EPUB; its report printed, never raised."""
    report = Report()
    started = time.perf_counter()
    try:
        build(root, ("pdf", "epub"), report, **options)
    except Exception as error:  # noqa: BLE001 (any fault of one build: watching goes on)
        print(failure_text(error, "the PDF and the EPUB"), file=sys.stderr, flush=True)
        log.info("build failed (%.2f s); the last good files are unchanged",
                 time.perf_counter() - started)
        return False
    if report.format():
        print(report.format(), file=sys.stderr, flush=True)
    log.info("rebuilt in %.2f s", time.perf_counter() - started)
    return True


def watch_book(root: Path, stop: threading.Event | None = None, **options) -> None:
    """Build now, then again after every change, until Ctrl-C (or stop is set)."""
    import watchfiles

    root = Path(root).resolve()
    rebuild(root, **options)
    ready = False
    # yield_on_timeout: an empty first yield says the watcher is running, so an edit made
    # right after the message below is never missed
    # editors' swap and backup files are ignored, and so is build/ (the outputs)
    ignore = watchfiles.DefaultFilter(
        ignore_dirs=(*watchfiles.DefaultFilter.ignore_dirs, "build"))
    top_level = [p for p in book_inputs(root) if p.parent == root]  # metadata.yaml and such
    for changes in watchfiles.watch(*watched_folders(root), *top_level,
                                    debounce=DEBOUNCE_MS, stop_event=stop,
                                    raise_interrupt=False, yield_on_timeout=True,
                                    rust_timeout=500, watch_filter=ignore):
        if not ready:
            ready = True
            log.info("watching for changes (Ctrl-C to stop)")
        if not changes:
            continue
        log.info("changed: %s", ", ".join(sorted({Path(p).name for _, p in changes})))
        try:
            rebuild(root, **options)
        except KeyboardInterrupt:
            break  # Ctrl-C during a build stops watching as well; the last good files stay
    log.info("stopped watching")
