"""Parse throughput: vaultroad's cold parse against markdown-it's own parse and the floor.

Generates (or reuses) a synthetic vault under `benchmarks/.work/`, then times,
interleaved round by round, over every file:

  A  markdown_it.MarkdownIt("commonmark").enable("table").parse(text)  (texts in memory)
  B  vaultroad.load(path)                 (cold parse: read, decode, the whole tree)
  R  vaultroad's parse on markdown-it's block tokens (the reference path the
     block scanner is checked against; texts in memory)
  F  the floor: read, decode, and one regular expression over every line
  K  the block scan alone: `markdown.block_tokens` (vaultroad's block scanner,
     or markdown-it where it declines) on every text in memory

B - K is what a cold parse spends beyond reading the blocks: reading the
file, the tree, its titles, estimates and ids. No block reader, however
fast (a native parser included), makes B/A smaller than (B - K)/A, so that
share is reported beside the targets.

Reports the median and minimum of each and the ratios B/A (target <= 0.2) and
B/F (target <= 15), and how many documents of each corpus the block scanner
declines (they are read by markdown-it: a fast path that declines real
documents is not a fast path). Progress goes to stderr, the result to stdout.

    python benchmarks/bench_parse.py [--files N] [--rounds R] [--json]
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import platform
import re
import shutil
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import markdown_it
from markdown_it import MarkdownIt

import vaultroad
from generate import generate_vault
from vaultroad.blocks import why_declined
from vaultroad.markdown import block_tokens
from vaultroad.parser import parse_with_source

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
GENERATOR = HERE / "generate.py"
TARGET = 0.2  # B/A
FLOOR_TARGET = 15  # B/F
# A line that could hold a topic: what the floor looks for on every line.
FLOOR_RE = re.compile(r"^[ \t>]*(?:[-*+]|\d+[.)])[ \t]+(?:\[(.)\])?", re.MULTILINE)
ROOT = HERE.parent
CORPORA = {
    "sample vault": ROOT / "vault",
    "test corpus": ROOT / "tests" / "corpus",
    "real roadmaps": ROOT / "tests" / "real_roadmaps",
}
STAMP = ".generated.json"


def _generator_digest() -> str:
    return hashlib.sha256(GENERATOR.read_bytes()).hexdigest()


def ensure_vault(files: int, seed: int) -> tuple[Path, list[Path]]:
    """The vault for (`files`, `seed`), reused when generate.py has not changed since."""
    root = WORK / f"vault-{files}-seed{seed}"
    stamp = root / STAMP
    digest = _generator_digest()
    if stamp.is_file():
        try:
            recorded = json.loads(stamp.read_text(encoding="utf-8"))
        except ValueError:
            recorded = {}
        if recorded.get("generator") == digest and recorded.get("files") == files:
            paths = [root / name for name in recorded.get("paths", [])]
            if len(paths) == files and all(path.is_file() for path in paths):
                return root, paths
    if root.exists():
        shutil.rmtree(root)
    paths = generate_vault(root, files=files, seed=seed)
    stamp.write_text(
        json.dumps(
            {
                "generator": digest,
                "files": files,
                "seed": seed,
                "paths": [path.relative_to(root).as_posix() for path in paths],
            }
        ),
        encoding="utf-8",
    )
    return root, paths


def time_markdown_it(md: MarkdownIt, texts: Sequence[str]) -> float:
    """Seconds for markdown-it to parse every text (tokens only, all rules on)."""
    gc.collect()
    start = time.perf_counter()
    for text in texts:
        md.parse(text)
    return time.perf_counter() - start


def time_vaultroad(documents: Sequence[tuple[str, Path]]) -> float:
    """Seconds for vaultroad to parse every text into its frozen tree."""
    parse = vaultroad.parse
    gc.collect()
    start = time.perf_counter()
    for text, path in documents:
        parse(text, path)
    return time.perf_counter() - start


def time_cold(paths: Sequence[Path]) -> float:
    """Seconds for vaultroad to read, decode and parse every file."""
    load = vaultroad.load
    gc.collect()
    start = time.perf_counter()
    for path in paths:
        load(path)
    return time.perf_counter() - start


def time_reference(documents: Sequence[tuple[str, Path]]) -> float:
    """Seconds for vaultroad's parse with markdown-it's block tokens."""
    gc.collect()
    start = time.perf_counter()
    for text, path in documents:
        parse_with_source(text, path, reference=True)
    return time.perf_counter() - start


def time_floor(paths: Sequence[Path]) -> float:
    """Seconds to read, decode and run one regular expression over every line."""
    findall = FLOOR_RE.findall
    gc.collect()
    start = time.perf_counter()
    for path in paths:
        findall(path.read_bytes().decode("utf-8"))
    return time.perf_counter() - start


def time_blocks(texts: Sequence[str]) -> float:
    """Seconds to read the block tokens of every text, as a parse does (K)."""
    gc.collect()
    start = time.perf_counter()
    for text in texts:
        block_tokens(text[1:] if text.startswith("\ufeff") else text)
    return time.perf_counter() - start


def declines(named: dict[str, list[str]]) -> dict[str, dict[str, Any]]:
    """Per corpus: documents, how many the block scanner declines, and why."""
    result: dict[str, dict[str, Any]] = {}
    for name, texts in named.items():
        reasons: Counter[str] = Counter()
        for text in texts:
            body = text[1:] if text.startswith("\ufeff") else text
            why = why_declined(body.replace("\r\n", "\n").replace("\r", "\n"))
            if why is not None:
                reasons[why] += 1
        result[name] = {
            "documents": len(texts),
            "declined": sum(reasons.values()),
            "why": dict(reasons),
        }
    return result


def _corpus_texts(root: Path) -> list[str]:
    return [
        path.read_bytes().decode("utf-8", "surrogateescape")
        for path in sorted(root.rglob("*.md"))
        if path.is_file()
    ]


def tree_counts(documents: Sequence[tuple[str, Path]]) -> dict[str, int]:
    """What vaultroad finds in the vault: topics by source, sections by kind (a sanity check)."""
    counts: Counter[str] = Counter()
    for text, path in documents:
        roadmap = vaultroad.parse(text, path)
        for topic in roadmap.topics():
            counts[f"topics:{topic.source.value}"] += 1
            counts["topics"] += 1
        for section in roadmap.walk_sections():
            counts[f"sections:{section.kind.value}"] += 1
    return dict(sorted(counts.items()))


def _summary(times: list[float]) -> dict[str, Any]:
    return {"median": statistics.median(times), "min": min(times), "times": times}


def run(files: int, seed: int, rounds: int, log: Callable[[str], None]) -> dict[str, Any]:
    started = time.perf_counter()
    root, paths = ensure_vault(files, seed)
    log(f"vault: {root} ({len(paths)} files, {time.perf_counter() - started:.1f}s to prepare)")
    documents = [(path.read_bytes().decode("utf-8"), path) for path in paths]
    texts = [text for text, _ in documents]
    lines = sum(text.count("\n") for text in texts)
    chars = sum(len(text) for text in texts)
    log(f"input: {lines:,} lines, {chars / 1e6:.2f} M characters")

    md = MarkdownIt("commonmark").enable("table")
    # Warm-up, untimed: imports, regex compiles, vaultroad's cached parser.
    time_markdown_it(md, texts[:50])
    counts = tree_counts(documents)
    log("found: " + ", ".join(f"{name}={value:,}" for name, value in counts.items()))

    times: dict[str, list[float]] = {"A": [], "B": [], "R": [], "F": [], "K": []}
    for number in range(1, rounds + 1):
        times["A"].append(time_markdown_it(md, texts))
        times["B"].append(time_cold(paths))
        times["R"].append(time_reference(documents))
        times["F"].append(time_floor(paths))
        times["K"].append(time_blocks(texts))
        log(
            f"round {number}/{rounds}: A markdown-it {times['A'][-1]:.3f}s   "
            f"B vaultroad {times['B'][-1]:.3f}s   R reference {times['R'][-1]:.3f}s   "
            f"F floor {times['F'][-1]:.3f}s   K blocks {times['K'][-1]:.3f}s   "
            f"B/A {times['B'][-1] / times['A'][-1]:.3f}"
        )

    a = _summary(times["A"])
    b = _summary(times["B"])
    r = _summary(times["R"])
    f = _summary(times["F"])
    k = _summary(times["K"])
    ratio_median = b["median"] / a["median"]
    ratio_min = b["min"] / a["min"]
    # Each round's B/A, paired: steadier than the medians when the machine's load drifts.
    ratio_paired = statistics.median(tb / ta for ta, tb in zip(times["A"], times["B"], strict=True))
    floor_ratio = b["median"] / f["median"]
    named = {
        "generated vault": texts,
        **{name: _corpus_texts(root) for name, root in CORPORA.items()},
    }
    declined = declines(named)
    return {
        "benchmark": "parse",
        "files": len(paths),
        "seed": seed,
        "lines": lines,
        "characters": chars,
        "rounds": rounds,
        "python": platform.python_version(),
        "markdown_it_version": markdown_it.__version__,
        "vaultroad_version": vaultroad.__version__,
        "markdown_it": a,
        "vaultroad": b,
        "ratio_median": ratio_median,
        "ratio_min": ratio_min,
        "ratio_paired_median": ratio_paired,
        "reference": r,
        "reference_ratio": r["median"] / a["median"],
        "floor": f,
        "floor_ratio": floor_ratio,
        "blocks": k,
        "blocks_ratio": k["median"] / a["median"],
        # What no block reader can remove: the cold parse less its block scan.
        "beyond_blocks_ratio": (b["median"] - k["median"]) / a["median"],
        "floor_target": FLOOR_TARGET,
        "target": TARGET,
        "meets_target": ratio_median <= TARGET and floor_ratio <= FLOOR_TARGET,
        "declined": declined,
        "tree": counts,
    }


def report(result: dict[str, Any]) -> str:
    a = result["markdown_it"]
    b = result["vaultroad"]
    per_file = 1000 / result["files"] if result["files"] else 0.0
    verdict = "meets" if result["meets_target"] else "MISSES"
    return "\n".join(
        [
            f"parse benchmark: {result['files']} files, {result['lines']:,} lines, "
            f"{result['rounds']} rounds (A B interleaved)",
            f"  A markdown-it parse   median {a['median']:.3f}s  min {a['min']:.3f}s  "
            f"({a['median'] * per_file:.2f} ms/file)",
            f"  B vaultroad.load      median {b['median']:.3f}s  min {b['min']:.3f}s  "
            f"({b['median'] * per_file:.2f} ms/file)",
            f"  R reference path      median {result['reference']['median']:.3f}s  "
            f"(R/A {result['reference_ratio']:.2f})",
            f"  F floor               median {result['floor']['median']:.3f}s",
            f"  K block scan alone    median {result['blocks']['median']:.3f}s  "
            f"(K/A {result['blocks_ratio']:.3f})",
            f"  B/A ratio             median {result['ratio_median']:.3f}  "
            f"min {result['ratio_min']:.3f}  per-round median {result['ratio_paired_median']:.3f}",
            f"  B/F ratio             median {result['floor_ratio']:.1f}",
            f"  (B-K)/A               median {result['beyond_blocks_ratio']:.3f}"
            "  (the cold parse beyond its block scan: no block reader goes below it)",
            f"  targets B/A <= {result['target']}, B/F <= {result['floor_target']}: {verdict}",
            "  block scanner declines: "
            + "; ".join(
                f"{name} {d['declined']}/{d['documents']}"
                + (
                    f" ({', '.join(f'{why}: {n}' for why, n in d['why'].items())})"
                    if d["why"]
                    else ""
                )
                for name, d in result["declined"].items()
            ),
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="vaultroad's cold parse vs markdown-it and the floor."
    )
    parser.add_argument("--files", type=int, default=1000, help="roadmaps in the vault (1000)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (0)")
    parser.add_argument("--rounds", type=int, default=5, help="A/B rounds, at least 5 (5)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    args = parser.parse_args(argv)
    if args.files < 1:
        parser.error("--files must be >= 1")
    if args.rounds < 5:
        parser.error("--rounds must be >= 5")

    def log(message: str) -> None:
        # Progress goes to stderr so `--json` output stays machine-readable.
        print(message, file=sys.stderr, flush=True)

    result = run(args.files, args.seed, args.rounds, log)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
