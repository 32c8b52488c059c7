"""Check speed: the pre-commit hook on one file, and `check` over a whole vault.

1. As pre-commit runs it, interleaved:

     pass   python -c pass                          (the interpreter alone)
     base   python -c "import markdown_it, click"
     hook   python -m vaultroad check FILE          (one changed roadmap of the generated vault)
     small  python -m vaultroad check SMALL.md      (a ten-line checklist)

   Target: median hook / median base <= 1.0 (the block scanner reads the file
   without markdown-it); hook / pass and small / pass are reported. vaultroad's
   modules are compiled to bytecode first, as pip does when pre-commit
   installs the hook.

2. In one process, interleaved round by round, over the generated 1,000-file vault:

     A  vaultroad.parse over every roadmap text (read from disk)
     B  vaultroad.check([vault])              (reads, UTF-8, mojibake, every rule)

   Target: median B / median A <= 1.2.

   With `--callgrind`, each of the four commands also runs once under
   `valgrind --tool=callgrind` and the instruction counts are compared the
   same way: a ratio that does not move with the machine's load.

   `--baseline PYTHON` runs hook and small with another interpreter too (another
   checkout's venv python), interleaved in the same rounds (`hook@baseline`,
   `small@baseline`), against the same pass and base: two versions side by
   side in one run. Its bytecode is not written (that checkout is not this
   one's to change); modules whose bytecode is missing or stale are named, as
   they would be compiled on every run.

    python benchmarks/bench_check.py [--files N] [--rounds R] [--runs N] [--callgrind]
                                     [--baseline PYTHON] [--json]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import vaultroad
from bench_parse import WORK, ensure_vault
from bytecode import compile_vaultroad

HOOK_TARGET = 1.0
VAULT_TARGET = 1.2


def _process(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):  # 1: problems found, which is a normal outcome
        raise RuntimeError(f"{argv} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return elapsed


SMALL = """# Python

- [x] Syntax and `types`
- [ ] [[Functions]] and closures
  - [ ] Decorators
- [ ] Packaging (2 days)
"""


def _instructions(argv: list[str], env: dict[str, str]) -> int:
    """Instructions one run of `argv` executes (callgrind's count, start-up included)."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise RuntimeError(f"callgrind printed no count for {argv}: {done.stderr[-500:]}")
    return int(found[1])


# Run by the baseline's interpreter: its vaultroad modules whose bytecode is
# missing or older than the source (each run would compile them again).
_STALE_SCRIPT = """
import importlib.util, os, pathlib, struct, vaultroad
for source in sorted(pathlib.Path(vaultroad.__file__).parent.rglob("*.py")):
    cached = pathlib.Path(importlib.util.cache_from_source(str(source)))
    try:
        flags, mtime, size = struct.unpack("<III", cached.read_bytes()[4:16])
    except OSError:
        flags, mtime, size = 0, -1, -1
    status = os.stat(source)
    if flags or mtime != int(status.st_mtime) & 0xFFFFFFFF or size != status.st_size & 0xFFFFFFFF:
        print(source)
"""


def stale_bytecode(python: str) -> list[str]:
    """The modules of `python`'s vaultroad whose bytecode is missing or stale."""
    done = subprocess.run([python, "-c", _STALE_SCRIPT], capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


def hook(
    paths: list[Path],
    runs: int,
    log: Callable[[str], None],
    callgrind: bool = False,
    baseline: str | None = None,
) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VAULTROAD_")}
    changed = paths[len(paths) // 2]
    small = WORK / "small-checklist.md"  # beside the vault, not in it
    small.write_text(SMALL, encoding="utf-8")
    compile_vaultroad()  # as `pip install` does for the hook's environment
    commands = {
        "pass": [sys.executable, "-c", "pass"],
        "base": [sys.executable, "-c", "import markdown_it, click"],
        "hook": [sys.executable, "-m", "vaultroad", "check", str(changed)],
        "small": [sys.executable, "-m", "vaultroad", "check", str(small)],
    }
    if baseline is not None:
        stale = stale_bytecode(baseline)
        if stale:
            log(f"baseline: no current bytecode for {len(stale)} modules: {', '.join(stale)}")
        commands["hook@baseline"] = [baseline, "-m", "vaultroad", "check", str(changed)]
        commands["small@baseline"] = [baseline, "-m", "vaultroad", "check", str(small)]
    for argv in commands.values():
        _process(argv, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            times[name].append(_process(argv, env))
    medians = {name: statistics.median(values) for name, values in times.items()}
    ratio = medians["hook"] / medians["base"]
    base_ms, hook_ms = medians["base"] * 1000, medians["hook"] * 1000
    log(f"hook: base {base_ms:.1f} ms, check one file {hook_ms:.1f} ms")
    counted: dict[str, Any] = {}
    if callgrind:
        if shutil.which("valgrind") is None:
            raise SystemExit("--callgrind needs valgrind on PATH")
        counts = {name: _instructions(argv, env) for name, argv in commands.items()}
        counted = {
            "instructions": counts,
            "instructions_ratio": counts["hook"] / counts["base"],
            "instructions_small_ratio": counts["small"] / counts["base"],
        }
        log(
            f"instructions: hook/base {counted['instructions_ratio']:.3f},"
            f" small/base {counted['instructions_small_ratio']:.3f}"
        )
    return {
        **counted,
        "file": str(changed),
        "baseline": baseline,
        "median": medians,
        "ratio": ratio,
        "small_ratio": medians["small"] / medians["base"],
        "ratio_to_pass": medians["hook"] / medians["pass"],
        "small_ratio_to_pass": medians["small"] / medians["pass"],
        "target": HOOK_TARGET,
        "meets_target": ratio <= HOOK_TARGET,
    }


def whole(root: Path, paths: list[Path], rounds: int, log: Callable[[str], None]) -> dict[str, Any]:
    def parse_all() -> None:
        for path in paths:
            vaultroad.parse(path.read_bytes().decode("utf-8"), path)

    def check_all() -> None:
        vaultroad.check([root])

    parse_times: list[float] = []
    check_times: list[float] = []
    for number in range(rounds):
        for action, bucket in ((parse_all, parse_times), (check_all, check_times)):
            gc.collect()
            start = time.perf_counter()
            action()
            bucket.append(time.perf_counter() - start)
        log(
            f"round {number + 1}/{rounds}: A parse {parse_times[-1]:.3f}s   "
            f"B check {check_times[-1]:.3f}s   B/A {check_times[-1] / parse_times[-1]:.2f}"
        )
    ratio = statistics.median(check_times) / statistics.median(parse_times)
    return {
        "parse": {"median": statistics.median(parse_times), "times": parse_times},
        "check": {"median": statistics.median(check_times), "times": check_times},
        "ratio": ratio,
        "target": VAULT_TARGET,
        "meets_target": ratio <= VAULT_TARGET,
    }


def _baseline_lines(h: dict[str, Any]) -> list[str]:
    """The baseline's hook and small, as ratios to the same base and pass."""
    if not h["baseline"]:
        return []
    median = h["median"]
    lines = [f"  baseline {h['baseline']}:"]
    for name, shown in (
        ("hook", "hook  vaultroad check FILE    "),
        ("small", "small vaultroad check SMALL.md"),
    ):
        seconds = median[f"{name}@baseline"]
        lines.append(
            f"    {shown}  {seconds * 1000:.1f} ms  ratio {seconds / median['base']:.2f}"
            f"  (/pass {seconds / median['pass']:.2f})"
        )
    return lines


def _instruction_lines(h: dict[str, Any]) -> list[str]:
    if "instructions" not in h:
        return []
    counts = h["instructions"]
    each = ", ".join(f"{name} {count / 1e6:.1f}M" for name, count in counts.items())
    lines = [
        f"  instructions: {each}",
        f"  instructions: hook/base {h['instructions_ratio']:.3f},"
        f" small/base {h['instructions_small_ratio']:.3f}",
    ]
    if h["baseline"]:
        lines.append(
            f"  instructions: baseline hook/base {counts['hook@baseline'] / counts['base']:.3f},"
            f" small/base {counts['small@baseline'] / counts['base']:.3f}"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="check speed: one-file hook, whole vault")
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--callgrind", action="store_true", help="also count instructions")
    parser.add_argument(
        "--baseline", help="another checkout's python: its hook and small alongside"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    root, paths = ensure_vault(args.files, args.seed)
    result: dict[str, Any] = {
        "benchmark": "check",
        "python": platform.python_version(),
        "hook": hook(paths, args.runs, log, args.callgrind, args.baseline),
        "vault": whole(root, paths, args.rounds, log),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        h, v = result["hook"], result["vault"]
        base_ms, hook_ms = h["median"]["base"] * 1000, h["median"]["hook"] * 1000
        print(
            "\n".join(
                [
                    f"check benchmark ({result['python']}, {args.files} files)",
                    f"  pass  python -c pass                        "
                    f"{h['median']['pass'] * 1000:.1f} ms",
                    f"  base  python -c 'import markdown_it, click'  {base_ms:.1f} ms",
                    f"  hook  vaultroad check FILE                  {hook_ms:.1f} ms"
                    f"  ratio {h['ratio']:.2f}  target <= {HOOK_TARGET}: "
                    + ("meets" if h["meets_target"] else "MISSES")
                    + f"  (/pass {h['ratio_to_pass']:.2f})",
                    f"  small vaultroad check SMALL.md              "
                    f"{h['median']['small'] * 1000:.1f} ms  ratio {h['small_ratio']:.2f}"
                    f"  (/pass {h['small_ratio_to_pass']:.2f})",
                    *_baseline_lines(h),
                    *_instruction_lines(h),
                    f"  A parse the vault   {v['parse']['median']:.3f}s",
                    f"  B check the vault   {v['check']['median']:.3f}s  ratio {v['ratio']:.2f}"
                    f"  target <= {VAULT_TARGET}: " + ("meets" if v["meets_target"] else "MISSES"),
                ]
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
