"""The one date stamped into the outputs: SOURCE_DATE_EPOCH, else the book's date.

Never the clock: the same sources give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import os

from .metadata import Metadata

FALLBACK = dt.datetime(1980, 1, 1)


def book_datetime(metadata: Metadata) -> dt.datetime:
    """SOURCE_DATE_EPOCH if set, else the book's date, else a fixed date; never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None)
    if metadata.date:
        parts = [int(p) for p in metadata.date.split("-")] + [1, 1]
        return dt.datetime(parts[0], parts[1], parts[2])
    return FALLBACK


def iso_timestamp(metadata: Metadata) -> str:
    """book_datetime as an ISO 8601 UTC timestamp."""
    return book_datetime(metadata).strftime("%Y-%m-%dT%H:%M:%SZ")
