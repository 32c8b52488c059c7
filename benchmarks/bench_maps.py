"""What maps cost a sync: the same syncs with `maps = false` and with maps on.

On the generated vault (see generate.py, 200 roadmaps by default), round by
round, each sync in a fresh process:

  A  first sync with `maps = false`        B  first sync with maps (every map created)
  C  one status changed, `maps = false`    D  the same with maps (one map merged and written)

and, in this process, the work of one map alone over every roadmap of the
vault: laying it out, rendering it, reading it back and merging it with
itself (the no-op merge every sync of an unchanged roadmap's map makes).

Reported: median B / median A and D / C (the cost of maps in the first sync
and in an everyday sync), and the per-map times. No fixed target: the maps
must not change what a sync costs by much (B/A and D/C near 1).

    python benchmarks/bench_maps.py [--files N] [--rounds R] [--json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_FILES = 200
# One sync in a fresh process: the vault and whether to change one status first.
_WORKER = """
import sys, time
from pathlib import Path
import vaultroad
root, change = Path(sys.argv[1]), sys.argv[2] == "change"
if change:
    roadmap = sorted((root / "Roadmaps").rglob("*.md"))[0]
    topic = next(t for t in vaultroad.load(roadmap).topics() if t.status.value == "todo")
    text = roadmap.read_bytes().decode("utf-8")
    roadmap.write_bytes(vaultroad.set_statuses(text, {topic.id: "done"}, roadmap).encode())
start = time.perf_counter()
report = vaultroad.sync(root)
print(time.perf_counter() - start, len(report.changes))
"""


def _sync(root: Path, *, change: bool) -> float:
    out = subprocess.run(
        [sys.executable, "-c", _WORKER, str(root), "change" if change else "first"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return float(out[0])


def _per_map(roadmaps: list[Path]) -> dict[str, float]:
    """Seconds per map for each step of one map's work, over every roadmap."""
    from vaultroad import load
    from vaultroad.canvas import merge_canvas, read_canvas, render_canvas
    from vaultroad.canvas_layout import layout_map

    trees = [load(path) for path in roadmaps]
    times = {"layout": 0.0, "render": 0.0, "read": 0.0, "merge (no-op)": 0.0}
    for tree in trees:
        notes = {topic.id: f"Topics/{topic.id}.md" for topic in tree.topics()}
        start = time.perf_counter()
        layout = layout_map(tree, "Roadmaps/x.md", notes)
        canvas = merge_canvas(layout)
        times["layout"] += time.perf_counter() - start
        start = time.perf_counter()
        text = render_canvas(canvas)
        times["render"] += time.perf_counter() - start
        start = time.perf_counter()
        again = read_canvas(text)
        times["read"] += time.perf_counter() - start
        start = time.perf_counter()
        assert merge_canvas(layout, again) is again
        times["merge (no-op)"] += time.perf_counter() - start
    return {step: seconds / len(trees) for step, seconds in times.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=DEFAULT_FILES)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    from generate import generate_vault

    results: dict[str, list[float]] = {"A": [], "B": [], "C": [], "D": []}
    with tempfile.TemporaryDirectory(prefix="vaultroad-maps-") as scratch:
        source = Path(scratch) / "source"
        roadmaps = generate_vault(source, files=args.files)
        for number in range(args.rounds):
            for maps, first, then in ((False, "A", "C"), (True, "B", "D")):
                vault = Path(scratch) / f"vault-{number}-{maps}"
                shutil.copytree(source, vault)
                if not maps:
                    (vault / ".vaultroad.toml").write_text("maps = false\n", encoding="utf-8")
                results[first].append(_sync(vault, change=False))
                results[then].append(_sync(vault, change=True))
                print(f"round {number + 1}: maps {maps}: done", file=sys.stderr)
                shutil.rmtree(vault)
        per_map = _per_map(roadmaps)
    medians = {key: statistics.median(values) for key, values in results.items()}
    summary: dict[str, Any] = {
        "files": args.files,
        "rounds": args.rounds,
        "median_seconds": medians,
        "first_sync_ratio": medians["B"] / medians["A"],
        "one_change_ratio": medians["D"] / medians["C"],
        "per_map_ms": {step: seconds * 1000 for step, seconds in per_map.items()},
    }
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print(f"{args.files} roadmaps, {args.rounds} rounds (medians)")
    print(f"first sync:  maps off {medians['A']:.2f} s, on {medians['B']:.2f} s", end="")
    print(f"  B/A = {summary['first_sync_ratio']:.2f}")
    print(f"one change:  maps off {medians['C']:.2f} s, on {medians['D']:.2f} s", end="")
    print(f"  D/C = {summary['one_change_ratio']:.2f}")
    for step, ms in summary["per_map_ms"].items():
        print(f"per map, {step}: {ms:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
