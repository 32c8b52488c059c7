"""Incremental sync: one status change against a no-op sync, and peak memory, per vault size.

For each size (default: 500 generated roadmaps + 500 notes, and 5,000 + 5,000),
on a fresh copy of the generated vault (see generate.py), each sync runs in a
child process of its own, which reports the time of its `vaultroad.sync`
call (imports included, interpreter start-up not) and its peak memory
(`resource.getrusage(RUSAGE_SELF).ru_maxrss`):

  F  the first sync (every note created)
  then, round by round:
  A  a no-op sync (nothing changed: nothing written)
  B  a sync after one status change: one todo checkbox topic of one roadmap
     marked done (a different roadmap each round), so the sync writes that
     topic's note and the summary

  then, once, after the rounds:
  T  a sync after a topic is added to one roadmap: its candidates for shared
     topics change, so the vault's groups are found again
  R  a sync after a comment is added to `.vaultroad.toml`: a changed setting,
     so the sync looks at the whole vault again (not a first sync)
  W  a sync after a topic of the vault's largest group of shared topics is
     retitled in one roadmap: the notes of that topic in every other roadmap
     of the group list it no more, so the run widens to all those roadmaps

Targets: median B / median A <= 2 on both sizes; peak memory of F <= 150 MB
on the small vault, and of every sync (F, A, B, T, R, W) <= 300 MB on the large one.

`--python PY` (repeatable) measures other interpreters too, each with the
vaultroad its environment imports (a checkout of main with its own venv,
say), on copies of the same vault, side by side in the same run: the
ratios are comparable, the absolute times are not across machines.

    python benchmarks/bench_incremental.py [--sizes 500,5000] [--rounds R]
        [--python PY ...] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from generate import generate_vault

HERE = Path(__file__).resolve().parent
RATIO_TARGET = 2.0
SMALL_FIRST_MB = 150
LARGE_ANY_MB = 300

# The child: one sync, its time and peak memory as JSON on stdout.
_CHILD = """
import json, resource, sys, time
import vaultroad
start = time.perf_counter()
report = vaultroad.sync(sys.argv[1])
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({
    "seconds": elapsed,
    "peak_mb": peak / 1024 if sys.platform != "darwin" else peak / 2**20,
    "changes": len(report.changes),
    "problems": [f"{p.path}: {p.message}" for p in report.problems[:3]],
    "conflicts": len(report.conflicts),
    "topics": report.topics,
}))
"""

_PROSE = (
    "review this topic with a small project before moving on and write down what took"
    " longer than planned compare with the official documentation and keep the links"
)
_NOTE_WORDS = tuple(_PROSE.split())


def write_notes(root: Path, count: int, seed: int) -> None:
    """`count` notes of the user's own outside the roadmaps: prose, links, some aliases."""
    rng = random.Random(seed)
    folder = root / "Notes"
    for number in range(count):
        sub = folder / f"Box {number // 100:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        words = [rng.choice(_NOTE_WORDS) for _ in range(rng.randint(40, 120))]
        words.insert(rng.randrange(len(words)), f"[[Note {rng.randrange(count):04d}]]")
        front = f"---\naliases:\n  - Idea {number:04d}\n---\n\n" if number % 7 == 0 else ""
        text = f"{front}# Note {number:04d}\n\n{' '.join(words)}\n"
        (sub / f"Note {number:04d}.md").write_text(text, encoding="utf-8", newline="\n")


def ensure_vault(work: Path, roadmaps: int, seed: int, log: Callable[[str], None]) -> Path:
    source = work / f"source-{roadmaps}-seed{seed}"
    done = source / ".generated"
    if done.exists():
        return source
    if source.exists():
        shutil.rmtree(source)
    log(f"generating {roadmaps} roadmaps and {roadmaps} notes in {source} …")
    generate_vault(source, files=roadmaps, seed=seed)
    write_notes(source, roadmaps, seed)
    done.write_text("ok\n", encoding="utf-8")
    return source


def child(python: str, root: Path) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VAULTROAD_")}
    done = subprocess.run(
        [python, "-c", _CHILD, str(root)], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode not in (0,):
        raise RuntimeError(f"{python} sync {root} exited {done.returncode}: {done.stderr[-800:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def tick_one(root: Path, number: int) -> str:
    """Mark done the first todo checkbox topic of the `number`-th roadmap (a minute
    later, as a person would), as `vaultroad.set_statuses` writes it; return the
    roadmap's path. (The first `- [ ]` of a file may sit in a code block, which is
    no topic: ticking it changes no status.)"""
    import vaultroad

    roadmaps = sorted((root / "Roadmaps").rglob("*.md"))
    for offset in range(len(roadmaps)):
        path = roadmaps[(number + offset) % len(roadmaps)]
        relative = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        topic = next(
            (
                t
                for t in vaultroad.parse(text, relative).topics()
                if t.status is vaultroad.Status.TODO and t.marker == "[ ]"
            ),
            None,
        )
        if topic is None:
            continue
        new_text = vaultroad.set_statuses(text, {topic.id: "done"}, relative)
        path.write_text(new_text, encoding="utf-8", newline="\n")
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 60_000_000_000))
        return relative
    raise RuntimeError("no todo checkbox left")


def add_topic(root: Path, number: int) -> str:
    """Add a todo checkbox topic with a title of its own to the `number`-th roadmap: a
    line before its first todo checkbox topic, at that topic's indentation (a sibling
    before it, so no topic changes its parent); return the roadmap's path."""
    import vaultroad

    roadmaps = sorted((root / "Roadmaps").rglob("*.md"))
    path = roadmaps[number % len(roadmaps)]
    relative = path.relative_to(root).as_posix()
    text = path.read_text(encoding="utf-8")
    topic = next(
        t
        for t in vaultroad.parse(text, relative).topics()
        if t.status is vaultroad.Status.TODO and t.marker == "[ ]"
    )
    lines = text.splitlines(keepends=True)
    at = topic.line - 1
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    lines.insert(at, f"{indent}- [ ] Added topic {number} of the benchmark\n")
    path.write_text("".join(lines), encoding="utf-8", newline="\n")
    return relative


def retitle_shared(root: Path) -> tuple[str, int]:
    """Retitle, in one roadmap, a topic of the largest group of shared topics the last
    sync found (read from its state); return the roadmap's path and the group's size."""
    import sqlite3

    with sqlite3.connect(root / ".vaultroad" / "state.db") as db:
        group, size = db.execute(
            "SELECT grp, count(*) FROM members GROUP BY grp ORDER BY 2 DESC, 1 LIMIT 1"
        ).fetchone()
        members = db.execute(
            "SELECT roadmap, line, title FROM members WHERE grp = ? ORDER BY roadmap", [group]
        ).fetchall()
    for relative, line, title in members:
        path = root / relative
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        if title in lines[line - 1]:
            lines[line - 1] = lines[line - 1].replace(title, f"{title} retitled", 1)
            path.write_text("".join(lines), encoding="utf-8", newline="\n")
            return relative, size
    raise RuntimeError("no member of the largest group names its title on its line")


def measure(
    label: str,
    pythons: Sequence[str],
    source: Path,
    work: Path,
    rounds: int,
    log: Callable[[str], None],
) -> dict[str, Any]:
    copies = {}
    for index, python in enumerate(pythons):
        copy = work / f"{label}-{index}"
        if copy.exists():
            shutil.rmtree(copy)
        shutil.copytree(source, copy, ignore=shutil.ignore_patterns(".generated"))
        copies[python] = copy
    results: dict[str, dict[str, Any]] = {}
    for python, copy in copies.items():
        log(f"[{label}] first sync with {python} …")
        first = child(python, copy)
        log(
            f"[{label}]   {first['seconds']:.1f}s, {first['changes']} files written,"
            f" peak {first['peak_mb']:.0f} MB, {first['topics']} topics"
        )
        second = child(python, copy)  # settles anything the first run left to look at
        results[python] = {"first": first, "settle": second, "noop": [], "one": []}
    for number in range(rounds):
        for python, copy in copies.items():
            noop = child(python, copy)
            if noop["changes"] or noop["problems"]:
                raise RuntimeError(f"{python}: the no-op sync wrote or failed: {noop}")
            tick_one(copy, 37 * number + 11)
            one = child(python, copy)
            if one["changes"] < 2 or one["problems"] or one["conflicts"]:
                raise RuntimeError(f"{python}: the one-change sync did not do its job: {one}")
            results[python]["noop"].append(noop)
            results[python]["one"].append(one)
            log(
                f"[{label}] round {number + 1}/{rounds} {python}: A no-op {noop['seconds']:.3f}s"
                f" ({noop['peak_mb']:.0f} MB)   B one change {one['seconds']:.3f}s"
                f" ({one['peak_mb']:.0f} MB)   B/A {one['seconds'] / noop['seconds']:.2f}"
            )
    for python, copy in copies.items():
        add_topic(copy, 101)
        added = child(python, copy)
        if added["changes"] < 2 or added["problems"] or added["conflicts"]:
            raise RuntimeError(f"{python}: the sync after a new topic did not do its job: {added}")
        with (copy / ".vaultroad.toml").open("a", encoding="utf-8") as config:
            config.write("# a comment: the settings changed, their values did not\n")
        again = child(python, copy)
        if again["problems"] or again["conflicts"]:
            raise RuntimeError(f"{python}: the sync of the whole vault failed: {again}")
        _, group = retitle_shared(copy)
        widened = child(python, copy)
        if widened["changes"] < 2 or widened["problems"] or widened["conflicts"]:
            raise RuntimeError(f"{python}: the sync after a retitle did not do its job: {widened}")
        results[python]["added"], results[python]["again"] = added, again
        results[python]["widened"] = widened
        log(
            f"[{label}] {python}: T a topic added {added['seconds']:.2f}s"
            f" ({added['peak_mb']:.0f} MB)   R everything again {again['seconds']:.1f}s"
            f" ({again['peak_mb']:.0f} MB)   W a shared topic retitled (group of {group})"
            f" {widened['seconds']:.1f}s ({widened['peak_mb']:.0f} MB,"
            f" {widened['changes']} files)"
        )
    summary = {}
    for python, found in results.items():
        noop_median = statistics.median(r["seconds"] for r in found["noop"])
        one_median = statistics.median(r["seconds"] for r in found["one"])
        summary[python] = {
            "first_seconds": found["first"]["seconds"],
            "first_peak_mb": found["first"]["peak_mb"],
            "topics": found["first"]["topics"],
            "noop_median": noop_median,
            "noop_peak_mb": max(r["peak_mb"] for r in found["noop"]),
            "one_median": one_median,
            "one_peak_mb": max(r["peak_mb"] for r in found["one"]),
            "ratio": one_median / noop_median,
            "noop_times": [r["seconds"] for r in found["noop"]],
            "one_times": [r["seconds"] for r in found["one"]],
            "added_seconds": found["added"]["seconds"],
            "added_peak_mb": found["added"]["peak_mb"],
            "again_seconds": found["again"]["seconds"],
            "again_peak_mb": found["again"]["peak_mb"],
            "widened_seconds": found["widened"]["seconds"],
            "widened_peak_mb": found["widened"]["peak_mb"],
            "widened_changes": found["widened"]["changes"],
        }
    return summary


def report(result: dict[str, Any]) -> str:
    lines = [f"incremental sync benchmark ({result['python']}, {result['machine']})"]
    for size in result["sizes"]:
        lines.append(f"  {size['roadmaps']} roadmaps + {size['roadmaps']} notes:")
        for python, found in size["by_python"].items():
            large = size["roadmaps"] >= 5000
            ratio_ok = found["ratio"] <= RATIO_TARGET
            peak_first = found["first_peak_mb"]
            peak_any = max(
                peak_first,
                found["noop_peak_mb"],
                found["one_peak_mb"],
                found["added_peak_mb"],
                found["again_peak_mb"],
                found["widened_peak_mb"],
            )
            memory = (
                f"every sync <= {LARGE_ANY_MB} MB: "
                + ("meets" if peak_any <= LARGE_ANY_MB else "MISSES")
                if large
                else f"first <= {SMALL_FIRST_MB} MB: "
                + ("meets" if peak_first <= SMALL_FIRST_MB else "MISSES")
            )
            lines += [
                f"    {python}",
                f"      first sync {found['first_seconds']:.1f}s, peak {peak_first:.0f} MB"
                f" ({found['topics']} topics)",
                f"      A no-op       median {found['noop_median']:.3f}s,"
                f" peak {found['noop_peak_mb']:.0f} MB",
                f"      B one change  median {found['one_median']:.3f}s,"
                f" peak {found['one_peak_mb']:.0f} MB",
                f"      T a topic added {found['added_seconds']:.2f}s,"
                f" peak {found['added_peak_mb']:.0f} MB;  R everything again"
                f" {found['again_seconds']:.1f}s, peak {found['again_peak_mb']:.0f} MB",
                f"      W a shared topic retitled {found['widened_seconds']:.1f}s,"
                f" peak {found['widened_peak_mb']:.0f} MB ({found['widened_changes']} files)",
                f"      B/A {found['ratio']:.2f}  target <= {RATIO_TARGET}:"
                f" {'meets' if ratio_ok else 'MISSES'};  {memory}",
            ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="incremental sync: one change vs no-op, memory")
    parser.add_argument("--sizes", default="500,5000", help="roadmaps per vault (500,5000)")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (5)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (0)")
    parser.add_argument(
        "--python",
        action="append",
        default=[],
        help="another interpreter to measure side by side (repeatable)",
    )
    parser.add_argument("--work", type=Path, default=None, help="folder for the vaults")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)

    pythons = [sys.executable, *args.python]
    work = args.work or Path(tempfile.gettempdir()) / "vaultroad-bench-incremental"
    work.mkdir(parents=True, exist_ok=True)
    sizes = []
    for size in (int(part) for part in args.sizes.split(",") if part):
        source = ensure_vault(work, size, args.seed, log)
        started = time.perf_counter()
        found = measure(f"v{size}", pythons, source, work, args.rounds, log)
        log(f"[v{size}] done in {time.perf_counter() - started:.0f}s")
        sizes.append({"roadmaps": size, "notes": size, "by_python": found})
    result = {
        "benchmark": "incremental",
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cpus",
        "sizes": sizes,
    }
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
