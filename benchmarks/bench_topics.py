"""Per-topic cost of vaultroad's tree building, a base checkout and this one side by side.

Tree building is everything `vaultroad.parse` does besides markdown-it's block
parse: sections and topics read from the tokens, titles, durations, tables,
selection, the frozen dataclasses. Each side runs in its own interpreter
(`--base-python` with `PYTHONPATH=--base-src`, and this interpreter with this
checkout's `src`), the two alternating round by round on the same generated
vault (1,000 files by default, reused from `benchmarks/.work/`):

- per round, `vaultroad.parse` of every file (P) and the block parse alone (M:
  `Source(text)` and `markdown_for(body).parse(body, {})`, as the parser makes
  them); tree building is P - M, shown per topic (µs) and as ours/base;
- per function, in a separate run of each side: the listed functions wrapped
  in a timer (outermost call only, so recursion counts once), their total
  time per topic; the wrapper costs the same on both sides.

    python benchmarks/bench_topics.py [--files N] [--rounds R] [--json]
        [--base-python /work/main/.venv/bin/python] [--base-src /work/main/src]

Timings are wall-clock on whatever else the machine runs: compare the ratios
of one run, not seconds across runs. Progress goes to stderr, the result to
stdout.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
SRC = HERE.parent.parent / "src"

# (module, attribute): the functions whose time per topic is reported. A name a
# side does not have (renamed, gone) is left out of that side's table.
FUNCTIONS = (
    ("titles", "read_title"),
    ("titles", "_dash_cut"),
    ("titles", "drop_estimate"),
    ("durations", "find_duration"),
    ("durations", "effort_clause"),
    ("durations", "_estimate"),
    ("durations", "find_schedule"),
    ("selection", "select"),
    ("tables", "read_table"),
    ("glyphs", "decorative_glyph_lines"),
    ("parser", "_TreeBuilder._freeze"),
    ("model", "Topic.__init__"),
    ("model", "Marker.__init__"),
    ("model", "Section.__init__"),
)


# --- one side (run with that side's code on PYTHONPATH) ----------------------------------


def _documents(list_file: Path) -> list[tuple[str, str]]:
    paths = list_file.read_text(encoding="utf-8").splitlines()
    return [(Path(path).read_bytes().decode("utf-8"), path) for path in paths]


def _time_round(documents: Sequence[tuple[str, str]]) -> tuple[float, float]:
    """Seconds for `vaultroad.parse` of every document, and for the block parse alone."""
    import vaultroad
    from vaultroad.markdown import markdown_for
    from vaultroad.source import Source

    parse = vaultroad.parse
    gc.collect()
    start = time.perf_counter()
    for text, path in documents:
        parse(text, path)
    whole = time.perf_counter() - start
    gc.collect()
    start = time.perf_counter()
    for text, _ in documents:
        source = Source(text)
        markdown_for(source.body).parse(source.body, {})
    block = time.perf_counter() - start
    return whole, block


def _wrap(function: Callable[..., Any], totals: dict[str, float], name: str) -> Callable[..., Any]:
    depth = [0]
    clock = time.perf_counter

    def timed(*args: Any, **kwargs: Any) -> Any:
        if depth[0]:
            return function(*args, **kwargs)
        depth[0] = 1
        start = clock()
        try:
            return function(*args, **kwargs)
        finally:
            totals[name] += clock() - start
            depth[0] = 0

    return timed


def _install_timers(totals: dict[str, float]) -> None:
    """Wrap every listed function where it is defined and wherever it was imported."""
    import importlib
    import pkgutil

    import vaultroad

    modules = [
        importlib.import_module(f"vaultroad.{info.name}")
        for info in pkgutil.iter_modules(vaultroad.__path__)
        if info.name not in ("__main__", "cli")
    ]
    for module_name, attribute in FUNCTIONS:
        module = importlib.import_module(f"vaultroad.{module_name}")
        owner: Any = module
        *path, name = attribute.split(".")
        try:
            for part in path:
                owner = getattr(owner, part)
            original = getattr(owner, name)
        except AttributeError:
            continue
        if name == "__init__" and original is object.__init__:
            continue
        label = f"{module_name}.{attribute}"
        totals[label] = 0.0
        timed = _wrap(original, totals, label)
        setattr(owner, name, timed)
        if not path:  # also where it was imported, under any name (`select as _select`)
            for other in modules:
                for key, value in list(vars(other).items()):
                    if value is original:
                        setattr(other, key, timed)


def worker(args: argparse.Namespace) -> dict[str, Any]:
    import vaultroad

    documents = _documents(args.list)
    for text, path in documents[:30]:  # warm-up: imports, compiled patterns, parsers
        vaultroad.parse(text, path)
    if args.mode == "time":
        whole, block = _time_round(documents)
        return {"parse": whole, "block": block}
    topics = sum(sum(1 for _ in vaultroad.parse(t, p).topics()) for t, p in documents)
    totals: dict[str, float] = {}
    _install_timers(totals)
    gc.collect()
    start = time.perf_counter()
    for text, path in documents:
        vaultroad.parse(text, path)
    return {"topics": topics, "parse": time.perf_counter() - start, "functions": totals}


# --- both sides ------------------------------------------------------------------------


def _side(python: str, src: str, mode: str, list_file: Path) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=src)
    command = [python, str(HERE), "--worker", mode, "--list", str(list_file)]
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def run(args: argparse.Namespace, log: Callable[[str], None]) -> dict[str, Any]:
    sys.path.insert(0, str(HERE.parent))
    from bench_parse import ensure_vault

    root, paths = ensure_vault(args.files, args.seed)
    log(f"vault: {root} ({len(paths)} files)")
    list_file = root / ".bench_topics.list"
    list_file.write_text("\n".join(str(path) for path in paths), encoding="utf-8")
    sides = {"base": (args.base_python, args.base_src), "ours": (sys.executable, str(SRC))}
    # First the timed functions (which also count the topics), then the rounds.
    functions = {
        name: _side(python, src, "functions", list_file) for name, (python, src) in sides.items()
    }
    rounds: dict[str, list[dict[str, Any]]] = {"base": [], "ours": []}
    for number in range(1, args.rounds + 1):
        for name, (python, src) in sides.items():
            rounds[name].append(_side(python, src, "time", list_file))
        b, o = rounds["base"][-1], rounds["ours"][-1]
        log(
            f"round {number}/{args.rounds}: tree base {b['parse'] - b['block']:.3f}s "
            f"ours {o['parse'] - o['block']:.3f}s (block {b['block']:.3f}s / {o['block']:.3f}s)"
        )
    result: dict[str, Any] = {"benchmark": "topics", "files": len(paths), "rounds": args.rounds}
    for name in sides:
        runs = rounds[name]
        topics = functions[name]["topics"]
        tree = [r["parse"] - r["block"] for r in runs]
        result[name] = {
            "source": sides[name][1],
            "topics": topics,
            "parse_median": statistics.median(r["parse"] for r in runs),
            "block_median": statistics.median(r["block"] for r in runs),
            "tree_median": statistics.median(tree),
            "tree_us_per_topic": statistics.median(tree) / topics * 1e6,
            "functions_us_per_topic": {
                label: seconds / topics * 1e6
                for label, seconds in functions[name]["functions"].items()
            },
        }
    paired = [
        (o["parse"] - o["block"]) / (b["parse"] - b["block"])
        for b, o in zip(rounds["base"], rounds["ours"], strict=True)
    ]
    result["tree_ratio_median"] = result["ours"]["tree_median"] / result["base"]["tree_median"]
    result["tree_ratio_paired_median"] = statistics.median(paired)
    result["parse_ratio_median"] = result["ours"]["parse_median"] / result["base"]["parse_median"]
    return result


def report(result: dict[str, Any]) -> str:
    base, ours = result["base"], result["ours"]
    lines = [
        f"tree building per topic: {result['files']} files, {ours['topics']:,} topics "
        f"(base {base['topics']:,}), {result['rounds']} rounds, sides alternating",
        f"  base {base['source']}",
        f"  ours {ours['source']}",
        f"  {'':34} {'base':>10} {'ours':>10} {'ours/base':>10}",
    ]

    def row(label: str, a: float | None, b: float | None, unit: str) -> str:
        ratio = f"{b / a:10.2f}" if a and b is not None else f"{'':>10}"
        left = f"{a:10.2f}" if a is not None else f"{'-':>10}"
        right = f"{b:10.2f}" if b is not None else f"{'-':>10}"
        return f"  {label + ' ' + unit:34} {left} {right} {ratio}"

    per = 1e6
    lines.append(
        row(
            "parse",
            base["parse_median"] / base["topics"] * per,
            ours["parse_median"] / ours["topics"] * per,
            "µs/topic",
        )
    )
    lines.append(
        row(
            "block parse",
            base["block_median"] / base["topics"] * per,
            ours["block_median"] / ours["topics"] * per,
            "µs/topic",
        )
    )
    lines.append(
        row(
            "tree building (parse - block)",
            base["tree_us_per_topic"],
            ours["tree_us_per_topic"],
            "µs/topic",
        )
    )
    lines.append(f"  tree ratio, per-round median: {result['tree_ratio_paired_median']:.2f}")
    lines.append("  per function (timed wrappers, outermost calls), µs/topic:")
    names = list(dict.fromkeys([*base["functions_us_per_topic"], *ours["functions_us_per_topic"]]))
    for name in names:
        lines.append(
            row(
                "  " + name,
                base["functions_us_per_topic"].get(name),
                ours["functions_us_per_topic"].get(name),
                "",
            )
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Per-topic tree-building cost, base vs ours.")
    parser.add_argument("--files", type=int, default=1000, help="roadmaps in the vault (1000)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (0)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds per side (5)")
    parser.add_argument("--base-python", default="/work/main/.venv/bin/python")
    parser.add_argument("--base-src", default="/work/main/src")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.add_argument(
        "--worker", choices=("time", "functions"), dest="mode", help=argparse.SUPPRESS
    )
    parser.add_argument("--list", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.mode is not None:
        print(json.dumps(worker(args)))
        return 0
    if args.files < 1 or args.rounds < 1:
        parser.error("--files and --rounds must be >= 1")
    result = run(args, lambda message: print(message, file=sys.stderr, flush=True))
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
