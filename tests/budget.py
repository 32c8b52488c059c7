"""How much work the fault and fuzz tests do: sized for CI, or the long run.

CI runs the suite on 2 cores inside a time limit, so the fault injection and
fuzz tests take a sample there. `VAULTROAD_LONG=1` (what the benchmark-style
runs under `benchmarks/` set) makes the same tests do their full budget.
"""

from __future__ import annotations

import os

__all__ = ["LONG", "budget"]

LONG = os.environ.get("VAULTROAD_LONG", "") not in ("", "0")


def budget(ci: int, long: int) -> int:
    """`long` in the long run, `ci` otherwise."""
    return long if LONG else ci
