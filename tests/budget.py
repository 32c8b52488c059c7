"""How much work the sampled tests do: the fast default run, the full (CI) run, or the long run.

Three sizes, chosen by the environment when a test module is imported:

- the default `python -m pytest` is the fast run a contributor makes before
  each commit (under 90 s on 2 cores): hypothesis, fault and round-trip
  budgets take their `fast` size, and `conftest.py` deselects the tests
  marked `slow` and `hook`;
- `VAULTROAD_FULL=1` (what `.ci/run` sets) is the full run CI makes on 2
  cores inside its time limit: every test, each at its `ci` size;
- `VAULTROAD_LONG=1` (what the benchmark-style runs under `benchmarks/` set)
  makes the same tests do their `long` budget; it implies the full run, since
  a long run that skipped the slow tests would be shorter than CI's.
"""

from __future__ import annotations

import os

__all__ = ["FULL", "FULL_VARIABLE", "LONG", "budget"]


def _is_set(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0")


FULL_VARIABLE = "VAULTROAD_FULL"
LONG = _is_set("VAULTROAD_LONG")
FULL = LONG or _is_set(FULL_VARIABLE)


def budget(ci: int, long: int, *, fast: int | None = None) -> int:
    """`long` in the long run, `ci` in the full run, else `fast` (`ci` when not given).

    A test with no `fast` size runs its CI size in the default run too: only
    the budgets that were measured to matter for the default run's time get
    a smaller one.
    """
    if LONG:
        return long
    if FULL or fast is None:
        return ci
    return fast
