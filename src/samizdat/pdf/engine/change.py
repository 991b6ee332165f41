"""One mechanism for every use of WeasyPrint's internals: each is declared once with the
fingerprint of the code it relies on, and stands down, in one logged line, where that code
differs (another WeasyPrint). A patch is in force only while samizdat renders (patched())."""

from __future__ import annotations

import hashlib
import inspect
import linecache
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

log = logging.getLogger("samizdat.pdf.engine")


@dataclass
class Change:
    """A use of WeasyPrint beyond its public API.

    relies_on() gives the code it was written against (functions' source, or a description of
    a struct's layout); its fingerprint, the first 16 hex digits of the SHA-256 of that code, is
    declared here. apply(), for a patch, puts the replacements in place and returns what undoes
    them; a read has none. Where the fingerprint differs, the change stands down and the log
    says, once, what the book goes without."""

    name: str
    replaces: str        # what WeasyPrint does that this changes, or what it reads
    why: str
    goes_without: str    # what a book lacks when this stands down
    fingerprint: str
    relies_on: Callable[[], list]
    apply: Callable[[], Callable[[], None]] | None = None
    _verdicts: dict = field(default_factory=dict, repr=False)

    def found(self) -> str:
        """The fingerprint of the code this WeasyPrint has ('' if it cannot be read)."""
        try:
            texts = [_text(item) for item in self.relies_on()]
        except (OSError, TypeError, AttributeError, ImportError):
            return ""
        return hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]

    def matches(self) -> bool:
        """Whether this WeasyPrint has the code the change was written for; logged once
        where it has not."""
        if self.fingerprint not in self._verdicts:
            found = self.found()
            self._verdicts[self.fingerprint] = found == self.fingerprint
            if found != self.fingerprint:
                log.warning("WeasyPrint's %s is not the code samizdat was written for "
                            "(fingerprint %s, not %s): %s", self.replaces, found or "unreadable",
                            self.fingerprint, self.goes_without)
        return self._verdicts[self.fingerprint]


def _text(item) -> str:
    """The item's text: a function's source lines, from its first line (decorators included)
    to the last its code runs (read from the file, not tokenized: a build does this for
    every change)."""
    if isinstance(item, str):
        return item
    code = inspect.unwrap(item).__code__
    lines = linecache.getlines(code.co_filename)
    if not lines:
        raise OSError(f"no source for {code.co_qualname}")
    last = max(line for *_, line in code.co_lines() if line is not None)
    return "".join(lines[code.co_firstlineno - 1:last])


def struct_layout(ffi, name: str) -> str:
    """A cffi struct's layout as text (fields, types, offsets, bits), nested structs too."""
    kind = ffi.typeof(name)
    parts = [f"{name} {ffi.sizeof(kind)}"]
    for field_name, member in kind.fields:
        parts.append(f"{field_name} {member.type.cname} {member.offset} {member.bitshift} "
                     f"{member.bitsize}")
        if member.type.kind == "struct":
            parts.append(struct_layout(ffi, member.type.cname))
    return "; ".join(parts)


_lock = threading.RLock()
_depth = 0
_undo: list[Callable[[], None]] = []
_active: set[str] = set()


@contextmanager
def patched(changes: list[Change]) -> Iterator[None]:
    """The patches that match this WeasyPrint in force for the block, and only for it:
    WeasyPrint is left as it was at the end, however the block ends. Nested blocks share
    the outer one's patches; the lock keeps other threads' samizdat renders in step."""
    global _depth
    with _lock:
        if _depth == 0:
            try:
                for change in changes:
                    if change.apply is not None and change.matches():
                        _undo.append(change.apply())
                        _active.add(change.name)
            except BaseException:
                _restore()
                raise
        _depth += 1
        try:
            yield
        finally:
            _depth -= 1
            if _depth == 0:
                _restore()


def _restore() -> None:
    """Every patch undone, the last applied first."""
    while _undo:
        _undo.pop()()
    _active.clear()


def active(change: Change) -> bool:
    """Whether the patch is in force now (inside patched(), on a WeasyPrint it matches)."""
    return change.name in _active


def swap(module, replacements: dict) -> Callable[[], None]:
    """Set the module's attributes; returns what sets them back."""
    originals = {name: getattr(module, name) for name in replacements}
    for name, value in replacements.items():
        setattr(module, name, value)

    def undo() -> None:
        for name, value in originals.items():
            setattr(module, name, value)
    return undo
