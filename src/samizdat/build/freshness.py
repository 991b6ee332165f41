"""An input saved while the book is built: noticed before the outputs are marked current,
and the outputs then dated before the change, so that make (and samizdat check) builds them
again instead of keeping files made from the text as it was before."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..core.diagnostics import Location, Report, relative
from ..source.inputs import book_inputs

SECOND_NS = 1_000_000_000


@dataclass(frozen=True)
class Snapshot:
    """Each input's time and size before the build read anything, and when that was."""

    root: Path
    taken_ns: int
    files: dict[Path, tuple[int, int]] = field(default_factory=dict)


def snapshot_inputs(root: Path | str) -> Snapshot:
    """Taken before the first input is read: a save after it is seen by changed_inputs."""
    root = Path(root)
    taken = time.time_ns()
    return Snapshot(root, taken, {path: _stamp(path) for path in book_inputs(root)})


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (-1, -1)
    return (stat.st_mtime_ns, stat.st_size)


def changed_inputs(snapshot: Snapshot) -> list[Path]:
    """The inputs saved, added or removed since the snapshot."""
    now = book_inputs(snapshot.root)
    paths = dict.fromkeys([*snapshot.files, *now])
    return [p for p in paths if snapshot.files.get(p) != (_stamp(p) if p in now else None)]


def date_outputs_if_changed(snapshot: Snapshot | None, written: list[Path],
                            report: Report) -> None:
    """When an input changed during the build, the written files are dated before both the
    build began and the change, and the change is said at the file that changed (SZ133)."""
    if snapshot is None or not written:
        return
    changed = changed_inputs(snapshot)
    if not changed:
        return
    times = [snapshot.taken_ns, *(_stamp(p)[0] for p in changed if _stamp(p)[0] >= 0)]
    stamp = min(times) - SECOND_NS  # older than the change, whatever clock the editor kept
    for path in written:
        os.utime(path, ns=(stamp, stamp))
    names = [f"build/{p.name}" for p in written]
    made = (f"{names[0]} was made from the text as it was read and is dated before the "
            "change, so the next build makes it anew" if len(names) == 1 else
            f"{', '.join(names[:-1])} and {names[-1]} were made from the text as it was read "
            "and are dated before the change, so the next build makes them anew")
    for path in changed:
        report.warning("SZ133", f"this file changed while the book was built: {made}",
                       Location(relative(path, snapshot.root)))
