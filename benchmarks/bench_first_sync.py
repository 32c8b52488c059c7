"""First sync against a cold parse of the same roadmaps, and where a first sync's time goes.

On the generated vault of 500 roadmaps (see generate.py), round by round,
each in a fresh process with the tree cache off (`VAULTROAD_NO_CACHE=1`):

  A  cold parse: `vaultroad.load` of every roadmap (read, decode, parse)
  B  first sync: `vaultroad.sync` on a fresh copy of the roadmaps (no notes,
     no summary, no state): every topic note and the summary created

  C  the creation floor: the files B created (notes, summary, maps), their
     bytes already in memory, created again in an empty folder through the
     same write protocol (`fileio.create_file`: a temporary file, written,
     linked into place, unlinked), with nothing planned or rendered

Target (issue 12): median B / median A <= 3, in wall time. (A + C) / A is
reported beside it: the lowest B / A a first sync could reach with this
parse and this disk, if planning, rendering and recording the state cost
nothing. The same ratio
in CPU time (the process's own, `time.process_time`) is reported beside it:
on a shared machine it moves less, and the gap between the two is time
spent waiting, mostly on the disk. Then one more first sync with timers
around the functions that parse roadmaps (`parser.parse`), render notes
(`render_note`, `update_note`), run mdformat (`notes.canonical`, for notes
and the summary) and do file I/O (`fileio`'s reads, writes, creates and
folder making), giving each one's share of that sync's wall time, and the
share of notes whose block went through mdformat. The timers cost a little
time themselves, so the instrumented sync is reported apart from the timed
rounds.

`--baseline PYTHON` runs the same rounds, interleaved, with another
interpreter (another checkout's venv interpreter): its
vaultroad is measured on the same vault by the same code, in one run.

    python benchmarks/bench_first_sync.py [--files N] [--rounds R] [--baseline PYTHON] [--json]
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TARGET = 3.0
DEFAULT_FILES = 500
# What each share times: function names in `vaultroad.parser`, `.notes` or `.fileio`.
PARSING = ("parse",)
RENDERING = ("render_note", "update_note")
MDFORMAT = ("canonical",)
IO = (
    "read_regular",
    "read_head",
    "read_text",
    "create_file",
    "replace_file",
    "write_private",
    "write_text_atomic",
    "make_dirs",
    "remove_unchanged",
    "check_writable",
)


# --- the worker: one cold parse and one first sync, in a process of its own


def _copy_roadmaps(source: Path, target: Path) -> None:
    shutil.copytree(source / "Roadmaps", target / "Roadmaps")
    os.sync()  # the copy's writes must not land in the timing


class _Timers:
    """Wall time spent inside some functions, counted once however they nest."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._depth: dict[str, int] = {}

    def reset(self) -> None:
        """Forget what was counted so far (the cold parse's reads)."""
        for share in self.seconds:
            self.seconds[share], self.calls[share] = 0.0, 0

    def wrap(self, share: str, function: Callable[..., Any]) -> Callable[..., Any]:
        self.seconds.setdefault(share, 0.0)
        self.calls.setdefault(share, 0)
        self._depth.setdefault(share, 0)

        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.calls[share] += 1
            if self._depth[share]:
                return function(*args, **kwargs)
            self._depth[share] += 1
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[share] += time.perf_counter() - start
                self._depth[share] -= 1

        return timed


def _instrument() -> tuple[_Timers, dict[str, int]]:
    """Timers around the functions of each share, in every module that imported them."""
    import vaultroad.fileio
    import vaultroad.notes
    import vaultroad.parser
    import vaultroad.synchronize  # loads the sync's modules, which import what is wrapped

    timers = _Timers()
    blocks = {"rendered": 0, "through_mdformat": 0}
    wrapped: dict[int, Callable[..., Any]] = {}
    for share, module, names in (
        ("roadmap parsing", vaultroad.parser, PARSING),
        ("note rendering", vaultroad.notes, RENDERING),
        ("mdformat", vaultroad.notes, MDFORMAT),
        ("file I/O", vaultroad.fileio, IO),
    ):
        for name in names:
            original = getattr(module, name, None)
            if original is not None:
                wrapped[id(original)] = timers.wrap(share, original)
    original_block = vaultroad.notes.render_block

    def counted_block(*args: Any, **kwargs: Any) -> Any:
        before = timers.calls["mdformat"]
        block = original_block(*args, **kwargs)
        blocks["rendered"] += 1
        blocks["through_mdformat"] += timers.calls["mdformat"] > before
        return block

    wrapped[id(original_block)] = counted_block
    for module in list(sys.modules.values()):
        if not getattr(module, "__name__", "").startswith("vaultroad"):
            continue
        for name, value in list(vars(module).items()):
            if id(value) in wrapped and callable(value):
                setattr(module, name, wrapped[id(value)])
    return timers, blocks


def _time_creation(synced: Path, target: Path) -> tuple[float, int]:
    """Seconds to create again every file the sync created (C), and how many."""
    from vaultroad.fileio import create_file, make_dirs

    created = []
    for folder, dirs, files in os.walk(synced):
        dirs[:] = [d for d in dirs if d not in (".vaultroad", "Roadmaps")]
        for name in files:
            path = Path(folder, name)
            created.append((path.relative_to(synced), path.read_bytes()))
    folders = sorted({relative.parent for relative, _ in created})
    os.sync()
    gc.collect()
    start = time.perf_counter()
    for relative_folder in folders:
        make_dirs(target / relative_folder)
    for relative, data in created:
        create_file(target / relative, data)
    return time.perf_counter() - start, len(created)


def worker(vault: Path, scratch: Path, instrument: bool) -> dict[str, Any]:
    os.environ["VAULTROAD_NO_CACHE"] = "1"
    import vaultroad
    from vaultroad.synchronize import sync

    paths = sorted((vault / "Roadmaps").rglob("*.md"))
    copy = scratch / "vault"
    _copy_roadmaps(vault, copy)
    timers, blocks = _instrument() if instrument else (None, None)
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        vaultroad.load(path)
    parse, parse_cpu = time.perf_counter() - start, time.process_time() - cpu
    if timers is not None:
        timers.reset()
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    report = sync(copy)
    first, first_cpu = time.perf_counter() - start, time.process_time() - cpu
    notes = sum(1 for change in report.changes if change.kind == "note")
    if not report.in_sync or notes == 0:
        raise RuntimeError(f"first sync failed: {report.problems[:3]}")
    result: dict[str, Any] = {
        "parse": parse,
        "sync": first,
        "parse_cpu": parse_cpu,
        "sync_cpu": first_cpu,
        "notes": notes,
    }
    if not instrument:
        result["create"], result["created"] = _time_creation(copy, scratch / "created")
    if timers is not None and blocks is not None:
        result["shares"] = {share: seconds / first for share, seconds in timers.seconds.items()}
        result["seconds"] = dict(timers.seconds)
        result["blocks"] = blocks
    return result


# --- the driver: rounds of workers, this interpreter and the baseline interleaved


def _run_worker(python: str, vault: Path, scratch: Path, instrument: bool) -> dict[str, Any]:
    argv = [python, str(Path(__file__).resolve()), "--worker", str(vault), str(scratch)]
    if instrument:
        argv.append("--instrument")
    env = {k: v for k, v in os.environ.items() if not k.startswith("VAULTROAD_")}
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{python} worker exited {done.returncode}: {done.stderr[-800:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _summary(runs: list[dict[str, Any]], profiled: dict[str, Any]) -> dict[str, Any]:
    def median(key: str) -> dict[str, Any]:
        times = [r[key] for r in runs]
        return {"median": statistics.median(times), "times": times}

    parse, first = median("parse"), median("sync")
    parse_cpu, first_cpu = median("parse_cpu"), median("sync_cpu")
    create = median("create")
    blocks = profiled["blocks"]
    return {
        "parse": parse,
        "sync": first,
        "parse_cpu": parse_cpu,
        "sync_cpu": first_cpu,
        "ratio": first["median"] / parse["median"],
        "ratio_cpu": first_cpu["median"] / parse_cpu["median"],
        "meets_target": first["median"] / parse["median"] <= TARGET,
        "create": create,
        "created": runs[0]["created"],
        # The first sync cannot go below parsing its roadmaps and creating its files.
        "floor_ratio": (parse["median"] + create["median"]) / parse["median"],
        "notes": runs[0]["notes"],
        "instrumented": {
            "sync": profiled["sync"],
            "shares": profiled["shares"],
            "blocks_rendered": blocks["rendered"],
            "blocks_through_mdformat": blocks["through_mdformat"],
        },
    }


def measure(
    files: int, rounds: int, pythons: dict[str, str], scratch: Path, log: Callable[[str], None]
) -> dict[str, Any]:
    sys.path.insert(0, str(HERE))
    from bench_parse import ensure_vault

    vault, _ = ensure_vault(files, 0)
    runs: dict[str, list[dict[str, Any]]] = {label: [] for label in pythons}
    profiled: dict[str, dict[str, Any]] = {}
    for number in range(rounds + 1):  # the first round warms the disk cache
        for label, python in pythons.items():
            result = _run_worker(python, vault, scratch / f"{label}-{number}", instrument=False)
            if number:
                runs[label].append(result)
            ratio = result["sync"] / result["parse"]
            log(
                f"round {number}/{rounds} {label}: A cold parse {result['parse']:.2f}s"
                f"  B first sync {result['sync']:.2f}s  B/A {ratio:.1f}"
                f"  C creation floor {result['create']:.2f}s"
                f"  (CPU B/A {result['sync_cpu'] / result['parse_cpu']:.1f})"
                + ("  (warm-up)" if not number else "")
            )
    for label, python in pythons.items():
        profiled[label] = _run_worker(python, vault, scratch / f"{label}-timers", instrument=True)
        log(f"instrumented {label}: {profiled[label]['sync']:.2f}s")
    return {
        "benchmark": "first_sync",
        "python": platform.python_version(),
        "files": files,
        "target": TARGET,
        "results": {label: _summary(runs[label], profiled[label]) for label in pythons},
    }


def report(result: dict[str, Any]) -> str:
    lines = [f"first sync vs cold parse ({result['python']}, {result['files']} generated roadmaps)"]
    for label, item in result["results"].items():
        shares = item["instrumented"]["shares"]
        through = item["instrumented"]["blocks_through_mdformat"]
        rendered = item["instrumented"]["blocks_rendered"]
        lines += [
            f"  {label}: {item['notes']} notes",
            f"    A cold parse   median {item['parse']['median']:.2f}s",
            f"    B first sync   median {item['sync']['median']:.2f}s   B/A {item['ratio']:.1f}"
            f"   target <= {TARGET:g}: {'meets' if item['meets_target'] else 'MISSES'}",
            f"    C creation floor median {item['create']['median']:.2f}s"
            f" ({item['created']} files)   (A+C)/A {item['floor_ratio']:.1f}"
            "  (the lowest B/A with this parse and this disk)",
            f"    in CPU time: A {item['parse_cpu']['median']:.2f}s"
            f"  B {item['sync_cpu']['median']:.2f}s   B/A {item['ratio_cpu']:.1f}",
            "    instrumented first sync: "
            + ", ".join(f"{name} {share:.0%}" for name, share in shares.items())
            + f"; blocks through mdformat {through}/{rendered}"
            + f" ({through / max(rendered, 1):.1%})",
        ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="first sync against a cold parse")
    parser.add_argument("--files", type=int, default=DEFAULT_FILES, help="generated roadmaps")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds (3)")
    parser.add_argument("--baseline", help="another checkout's python, measured alongside")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.add_argument("--worker", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--instrument", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        vault, scratch = args.worker
        print(json.dumps(worker(vault, scratch, instrument=args.instrument)))
        return 0

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    pythons = {"this": sys.executable}
    if args.baseline:
        pythons["baseline"] = args.baseline
    # Every round's notes stay until the result is out: deleting tens of
    # thousands of files slows the creates that follow (see bench_sync.py),
    # and takes minutes on a slow disk.
    scratch = Path(tempfile.mkdtemp(prefix="bench-first-sync-"))
    try:
        result = measure(args.files, args.rounds, pythons, scratch, log)
        print(json.dumps(result, indent=2) if args.json else report(result), flush=True)
    finally:
        log(f"removing {scratch} …")
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
