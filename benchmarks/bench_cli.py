"""CLI start-up: `vaultroad tree FILE` against importing vaultroad's dependencies.

Times whole processes with the same interpreter (`sys.executable`):

  base     python -c "import markdown_it, click"        (the floor any CLI on them pays)
  cold     python -m vaultroad tree FILE, cache off     (import, parse, render, print)
  cached   python -m vaultroad tree FILE, tree cached   (the file did not change since
                                                         the last run: no parse)

FILE is the sample vault's `Python Backend Developer Complete Checklist.md`.
Commands run interleaved (base, cold, cached, base, …) after warm-ups; the
report gives medians and each command's ratio to base, target <= 1.5. The
cached run uses its own cache folder under benchmarks/.work/. CLI output goes
to /dev/null. vaultroad's bytecode is compiled first, as `pip install` does.

    python benchmarks/bench_cli.py [--runs N] [--warmups N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from bytecode import compile_vaultroad

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
SAMPLE = PROJECT / "vault" / "Roadmaps" / "Python Backend Developer Complete Checklist.md"
CACHE = HERE / ".work" / "cli-cache"
TARGET = 1.5

Command = tuple[list[str], dict[str, str]]


def commands(sample: Path) -> dict[str, Command]:
    tree = [sys.executable, "-m", "vaultroad", "tree", os.fspath(sample)]
    environment = {k: v for k, v in os.environ.items() if not k.startswith("VAULTROAD_")}
    return {
        "base": ([sys.executable, "-c", "import markdown_it, click"], environment),
        "cold": (tree, {**environment, "VAULTROAD_NO_CACHE": "1"}),
        "cached": (tree, {**environment, "VAULTROAD_CACHE_DIR": os.fspath(CACHE)}),
    }


def time_once(argv: Sequence[str], env: Mapping[str, str]) -> float:
    """Wall seconds for one process from spawn to exit; fails loudly on a non-zero exit."""
    start = time.perf_counter()
    completed = subprocess.run(
        argv,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        detail = completed.stderr.decode("utf-8", "replace").strip()
        raise RuntimeError(f"{' '.join(argv)} exited {completed.returncode}: {detail}")
    return elapsed


def run(
    runs: int, warmups: int, log: Callable[[str], None], sample: Path = SAMPLE
) -> dict[str, Any]:
    if not sample.is_file():
        raise FileNotFoundError(f"sample roadmap not found: {sample}")
    cmds = commands(sample)
    compile_vaultroad()  # an installed vaultroad has its bytecode; see bytecode.py
    for name, (argv, _) in cmds.items():
        log(f"{name}: {' '.join(argv)}")
    for _ in range(max(warmups, 1)):  # at least one run fills the cache
        for argv, env in cmds.values():
            time_once(argv, env)
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, (argv, env) in cmds.items():
            times[name].append(time_once(argv, env))
    medians = {name: statistics.median(values) for name, values in times.items()}
    base = medians["base"]
    ratios = {name: medians[name] / base for name in cmds if name != "base"}
    return {
        "benchmark": "cli",
        "file": os.fspath(sample),
        "python": platform.python_version(),
        "executable": sys.executable,
        "runs": runs,
        "warmups": warmups,
        "commands": {name: list(argv) for name, (argv, _) in cmds.items()},
        "median": medians,
        "min": {name: min(values) for name, values in times.items()},
        "times": times,
        "ratio": ratios,
        "target": TARGET,
        "meets_target": {name: ratio <= TARGET for name, ratio in ratios.items()},
    }


def report(result: dict[str, Any]) -> str:
    labels = {
        "base": 'python -c "import markdown_it, click"',
        "cold": "vaultroad tree FILE (no cache)",
        "cached": "vaultroad tree FILE (cached tree)",
    }
    lines = [
        f"cli benchmark: {Path(result['file']).name}, {result['runs']} runs each after "
        f"{result['warmups']} warm-ups, "
        "interleaved",
    ]
    for name, median in result["median"].items():
        ratio = result["ratio"].get(name)
        shown = f"  ratio {ratio:.2f}" if ratio is not None else ""
        lines.append(
            f"  {labels[name]:<40} median {median * 1000:7.1f} ms  "
            f"min {result['min'][name] * 1000:7.1f} ms{shown}"
        )
    for name, met in result["meets_target"].items():
        verdict = "meets" if met else "MISSES"
        lines.append(f"  target {name}/base <= {result['target']}: {verdict} (median ratio)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="vaultroad tree vs bare imports, as processes.")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per command, >= 20")
    parser.add_argument("--warmups", type=int, default=3, help="untimed runs per command (3)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.add_argument(
        "--file",
        type=Path,
        default=SAMPLE,
        help="the roadmap to show (default: the largest seed, the checklist of 1,006 lines)",
    )
    args = parser.parse_args(argv)
    if args.runs < 20:
        parser.error("--runs must be >= 20")
    if args.warmups < 0:
        parser.error("--warmups must be >= 0")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    result = run(args.runs, args.warmups, log, args.file)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
