"""A change to WeasyPrint applied once, and only to the release it was written for."""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger(__name__)


class Patch:
    """apply() changes WeasyPrint and says whether it could; where it cannot (another
    release), WeasyPrint is left as it is and the warning says what the book goes without."""

    def __init__(self, apply: Callable[[], bool], warning: str):
        self.apply, self.warning, self.applied = apply, warning, False

    def install(self) -> bool:
        """Apply the change (once); False, with the warning logged, for another release."""
        if not self.applied:
            self.applied = self.apply()
            if not self.applied:
                log.warning(self.warning)
        return self.applied
