"""samizdat watch: rebuild both files whenever a source changes; a broken edit keeps the last
good files and says what is wrong."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from .build import build
from .diagnostics import BookError, Report

DEBOUNCE_MS = 300


def watched_paths(root: Path) -> list[Path]:
    """The sources: metadata, manuscript, the book's own styles. Never build/."""
    paths = [root / "metadata.yaml", root / "manuscript", root / "styles"]
    return [p for p in paths if p.exists()]


def rebuild(root: Path, progress: Callable[[str], None], **options) -> bool:
    report = Report()
    started = time.perf_counter()
    try:
        build(root, ("pdf", "epub"), report, **options)
    except BookError as error:
        print(error.report.format(), file=sys.stderr, flush=True)
        progress(f"build failed ({time.perf_counter() - started:.2f} s); the last good files "
                 "are unchanged")
        return False
    if report.format():
        print(report.format(), file=sys.stderr, flush=True)
    progress(f"rebuilt in {time.perf_counter() - started:.2f} s")
    return True


def watch_book(root: Path, progress: Callable[[str], None] = lambda m: None,
               stop: threading.Event | None = None, **options) -> None:
    """Build now, then again after every change, until Ctrl-C (or stop is set)."""
    import watchfiles

    root = Path(root)
    rebuild(root, progress, **options)
    ready = False
    # yield_on_timeout: an empty first yield says the watcher is running, so an edit made
    # right after the message below is never missed
    for changes in watchfiles.watch(*watched_paths(root), debounce=DEBOUNCE_MS,
                                    stop_event=stop, raise_interrupt=False,
                                    yield_on_timeout=True, rust_timeout=500):
        if not ready:
            ready = True
            progress("watching for changes (Ctrl-C to stop)")
        if not changes:
            continue
        names = sorted({Path(path).name for _, path in changes})
        progress(f"changed: {', '.join(names)}")
        rebuild(root, progress, **options)
    progress("stopped watching")
