"""The fault suite's long run, and its scorecard: "never lose a byte", counted.

Runs tests/test_faults_*.py with VAULTROAD_LONG=1 (every kill point of the
small vault's operations, a few hundred of the sample vault's first sync,
hundreds of syncs against a concurrent writer, ENOSPC at every step) and
collects the line each test records through VAULTROAD_FAULT_SCORECARD:

  kill points tried / files corrupted      (a file neither before nor after)
  concurrent appends / lost                (numbered lines in no file)
  status changes / lost                    (held through a sync, never reached the roadmap)
  ENOSPC points / half-written files

    python benchmarks/faults.py [--ci] [--json] [-- PYTEST_ARGS…]

`--ci` runs the CI-sized suite instead (about a minute). pytest's output goes
to stderr, the scorecard to stdout. Exit 0 only when every test passed and
nothing was lost.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
SUITE = sorted(str(p.relative_to(PROJECT)) for p in (PROJECT / "tests").glob("test_faults_*.py"))


def run_suite(long: bool, extra: Sequence[str]) -> tuple[int, float, list[dict[str, Any]], str]:
    """pytest's exit code, wall seconds, the scorecard records and pytest's summary line."""
    with tempfile.TemporaryDirectory(prefix="vaultroad-faults-bench-") as scratch:
        records = Path(scratch) / "scorecard.jsonl"
        env = {k: v for k, v in os.environ.items() if not k.startswith("VAULTROAD_")}
        env["VAULTROAD_FAULT_SCORECARD"] = str(records)
        if long:
            env["VAULTROAD_LONG"] = "1"
        command = [sys.executable, "-m", "pytest", "-q", "-rf", "-p", "no:cacheprovider"]
        start = time.perf_counter()
        process = subprocess.Popen(
            [*command, *SUITE, *extra],
            cwd=PROJECT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        assert process.stdout is not None
        summary = ""
        for line in process.stdout:
            sys.stderr.write(line)
            if line.strip():
                summary = line.strip()
        code = process.wait()
        seconds = time.perf_counter() - start
        lines = records.read_text(encoding="utf-8").splitlines() if records.exists() else []
    return code, seconds, [json.loads(line) for line in lines], summary


def total(records: list[dict[str, Any]], prefix: str, key: str) -> int:
    return sum(int(r.get(key, 0)) for r in records if str(r["name"]).startswith(prefix))


def scorecard(records: list[dict[str, Any]]) -> dict[str, int]:
    return {
        "kill_points": total(records, "kill/", "kill_points"),
        "kill_files_corrupted": total(records, "kill/", "files_corrupted"),
        "kill_failing_points": total(records, "kill/", "failing_points"),
        "concurrent_syncs": total(records, "concurrent", "syncs"),
        "concurrent_appends": total(records, "concurrent", "appended_lines"),
        "concurrent_lost": total(records, "concurrent", "lost_lines"),
        "concurrent_rescued": total(records, "concurrent", "rescued_lines"),
        "status_changes": total(records, "concurrent", "status_changes"),
        "status_changes_checked": total(records, "concurrent", "status_changes_checked"),
        "status_changes_lost": total(records, "concurrent", "status_changes_lost"),
        "enospc_points": total(records, "enospc/", "enospc_points"),
        "enospc_half_written": total(records, "enospc/", "half_written_files"),
        "enospc_failing_points": total(records, "enospc/", "failing_points"),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ci", action="store_true", help="run the CI-sized suite")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("pytest_args", nargs="*", help="passed to pytest (after --)")
    options = parser.parse_args(argv)
    code, seconds, records, summary = run_suite(not options.ci, options.pytest_args)
    card = scorecard(records)
    lost = (
        card["kill_files_corrupted"]
        + card["concurrent_lost"]
        + card["status_changes_lost"]
        + card["enospc_half_written"]
    )
    ok = code == 0 and lost == 0 and bool(records)
    if options.json:
        print(
            json.dumps(
                {
                    "mode": "ci" if options.ci else "long",
                    "pytest_exit": code,
                    "pytest_summary": summary,
                    "seconds": round(seconds, 1),
                    "scorecard": card,
                    "records": records,
                    "ok": ok,
                },
                indent=2,
            )
        )
        return 0 if ok else 1
    print(f"fault suite ({'CI' if options.ci else 'long'} run): {summary} [{seconds:.0f} s]")
    for record in records:
        counts = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in record.items() if k != "name")
        print(f"  {record['name']}: {counts}")
    print(
        f"kill points tried  {card['kill_points']:>7,}   files corrupted"
        f" {card['kill_files_corrupted']}   (failing points {card['kill_failing_points']})"
    )
    print(
        f"concurrent appends {card['concurrent_appends']:>7,}   lost {card['concurrent_lost']}"
        f"   (kept in a rescued copy {card['concurrent_rescued']};"
        f" over {card['concurrent_syncs']:,} syncs)"
    )
    print(
        f"status changes     {card['status_changes']:>7,}   lost {card['status_changes_lost']}"
        f"   (held through a whole sync, so checkable: {card['status_changes_checked']:,})"
    )
    print(
        f"ENOSPC points      {card['enospc_points']:>7,}   half-written files"
        f" {card['enospc_half_written']}   (failing points {card['enospc_failing_points']})"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
