"""Wall time per stage, for progress messages and the benchmarks."""

from __future__ import annotations

import time


class Clock:
    """Wall time per stage, for progress messages and the benchmarks."""

    def __init__(self, timings: dict[str, float] | None):
        self.timings = timings if timings is not None else {}
        self.last = time.perf_counter()

    def lap(self, stage: str) -> float:
        now = time.perf_counter()
        self.timings[stage] = self.timings.get(stage, 0.0) + now - self.last
        self.last = now
        return self.timings[stage]
