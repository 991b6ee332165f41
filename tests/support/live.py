"""The live page's reload, as a browser tab sees it: a save, a rebuild, the new text shown."""

from __future__ import annotations

import time
from pathlib import Path


def edit_and_see_it(driver, server, chapter: Path, old: str, new: str) -> bool:
    """Replace old by new in the chapter, rebuild the page, and wait (30 s at most) for the
    tab's script to reload it; whether the new text came."""
    chapter.write_text(chapter.read_text().replace(old, new))
    assert server.build_page()
    deadline = time.monotonic() + 30
    while new not in driver.page_source and time.monotonic() < deadline:
        time.sleep(0.1)
    return new in driver.page_source
