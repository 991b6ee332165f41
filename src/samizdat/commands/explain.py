"""samizdat explain SZ201: what a diagnostic code means and how to fix it."""

from __future__ import annotations

import sys

from ..core.codes import explain


def explain_code(code: str) -> int:
    """Print the code's meaning and fix; 2 (wrong usage) for a code that does not exist."""
    text = explain(code)
    if text is None:
        print(f"samizdat: error: no diagnostic has the code '{code}' "
              "(codes look like SZ201)", file=sys.stderr)
        return 2
    print(text)
    return 0
