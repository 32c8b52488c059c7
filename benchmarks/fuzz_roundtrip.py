"""The fuzzed round trip at its long budget: 20,000 generated roadmaps × status edits.

Runs the checks of tests/test_fuzz_roundtrip.py (the same generator, the same
`check_case`) with `VAULTROAD_LONG=1`, but unlike pytest it does not stop at
the first failure: every case is run and counted, and each failure is kept
(first few printed, with the document and the edit). No shrinking, so a
failing document is shown as generated; re-run pytest on the test file with
`VAULTROAD_LONG=1` for a minimal one.

    python benchmarks/fuzz_roundtrip.py [--cases N] [--seed S] [--json]

Progress goes to stderr; the scorecard `fuzz cases: N, failures: F` to stdout.
Exits 1 when any case failed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent / "tests"
SHOWN = 5


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="fuzzed status edits and undos, long budget")
    parser.add_argument(
        "--cases", type=int, default=None, help="documents (default: the long budget)"
    )
    parser.add_argument("--seed", type=int, default=None, help="hypothesis seed (default: random)")
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    args = parser.parse_args(argv)

    os.environ["VAULTROAD_LONG"] = "1"  # before the test module reads its budget
    sys.path.insert(0, str(TESTS))
    from hypothesis import HealthCheck, Phase, given, seed, settings

    import test_fuzz_roundtrip as fuzz

    total = args.cases if args.cases is not None else fuzz.EXAMPLES
    counts: Counter[str] = Counter()
    failures: list[tuple[fuzz.Case, str]] = []
    started = time.perf_counter()

    @settings(
        max_examples=total,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(fuzz.cases())
    def run(case: fuzz.Case) -> None:
        counts["cases"] += 1
        try:
            fuzz.check_case(case)
        except Exception as error:  # any failure is counted, and the run goes on
            failures.append((case, f"{type(error).__name__}: {error}".split("\n")[0]))
        if counts["cases"] % 1000 == 0:
            elapsed = time.perf_counter() - started
            print(
                f"{counts['cases']} cases, {len(failures)} failures, {elapsed:.0f} s",
                file=sys.stderr,
            )

    if args.seed is not None:
        run = seed(args.seed)(run)
    run()
    elapsed = time.perf_counter() - started

    kinds = Counter(message for _, message in failures)
    if args.json:
        print(
            json.dumps(
                {
                    "cases": counts["cases"],
                    "failures": len(failures),
                    "seconds": round(elapsed, 1),
                    "kinds": dict(kinds),
                    "examples": [
                        {
                            "text": case.text,
                            "changes": {k: v.value for k, v in case.changes.items()},
                        }
                        for case, _ in failures[:SHOWN]
                    ],
                }
            )
        )
    else:
        for message, count in kinds.most_common():
            print(f"  {count} × {message}")
        for case, message in failures[:SHOWN]:
            changes = {k: v.value for k, v in case.changes.items()}
            print(f"  {message}\n    text={case.text!r}\n    changes={changes}")
        print(f"({elapsed:.0f} s)")
        print(f"fuzz cases: {counts['cases']}, failures: {len(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
