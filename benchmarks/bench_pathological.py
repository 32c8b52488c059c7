"""Parse time on hostile inputs: linear in size, within a fixed multiple of plain text.

For each pathological input, at a base size and at twice that size, times
`vaultroad.parse` (best of R runs, the garbage collector on, as in real use)
and the same for two plain texts of exactly the same size:

  prose      paragraphs of ordinary words, 80-character lines
  checklist  `- [ ] word word …` items under headings, as a roadmap holds

and prints, side by side, microseconds per byte of each, the ratio of the
input to each plain text, and the growth (time at 2n / time at n; 2.0 is
linear). Targets: input/checklist <= 10 and growth <= 2.5 for every input
(the garbage collector alone makes large token counts grow a little faster
than linearly, in markdown-it's own parse as much as in vaultroad's). The
ratio to prose is shown for scale: vaultroad never inline-parses a prose
paragraph, so prose is the cheapest text there is.

    python benchmarks/bench_pathological.py [--scale F] [--rounds R] [--json]

`--scale 0.1` runs every input at a tenth of its size, for a quick look.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import random
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import markdown_it

import vaultroad

RATIO_TARGET = 10.0
GROWTH_TARGET = 2.5
MIN_SECONDS = 0.5  # time each text for at least this long in all (see best_time)
MAX_RUNS = 30
WORDS = [
    "learn",
    "python",
    "django",
    "async",
    "tests",
    "deploy",
    "docker",
    "http",
    "cache",
    "queue",
    "index",
    "sql",
]


# --- the inputs: name, what it is, and text for a size parameter n ------------------


def _one_line_words(n: int) -> str:
    """A list item of n bytes of plain words on one line (a topic, no markup)."""
    words = (" ".join(WORDS) + " ") * (n // 70 + 1)
    return "- " + words[: n - 3] + "\n"


def _repeat(unit: str, n: int, head: str = "- ", tail: str = "\n") -> str:
    return head + unit * n + tail


def _in_items(unit: str, count: int, per_item: int) -> str:
    """`count` copies of `unit`, `per_item` to a list item: texts under the
    inline length limit, so every one goes through markdown-it's inline parser."""
    items = max(1, count // per_item)
    return ("- " + unit * per_item + "\n") * items


def _emphasis(n: int) -> str:
    return _repeat("*a_b**c__d", n // 6)


def _nested_lines(n: int) -> str:
    """n lines of a list whose nesting climbs to 30 levels and back, again and again."""
    return "".join("  " * depth + "- a\n" for depth in (i % 30 for i in range(n)))


def _table(n: int) -> str:
    header = "| Topic | What You'll Learn | Time |\n|---|---|---|\n"
    return header + "".join(f"| Topic {i} | what it is about | 2-3 days |\n" for i in range(n))


INPUTS: list[tuple[str, str, Callable[[int], str], int]] = [
    ("line-1MB", "one 1 MB line of plain words (a list item)", _one_line_words, 1_000_000),
    ("brackets-line", "10^5 `[` on one line (a list item)", lambda n: _repeat("[", n), 100_000),
    (
        "brackets-lines",
        "10^5 `[` one per line (one lazy paragraph)",
        lambda n: _repeat("[\n", n, tail=""),
        100_000,
    ),
    (
        "brackets-items",
        "10^5 `[` in items of 2,000 (link budget spent in each)",
        lambda n: _in_items("[", n, 2_000),
        100_000,
    ),
    ("wikilinks-line", "10^5 `[[a` on one line", lambda n: _repeat("[[a", n), 100_000),
    ("emphasis-line", "10^5 `*`/`_` markers (`*a_b**c__d`) on one line", _emphasis, 100_000),
    (
        "emphasis-items",
        "10^5 `*a` in items of 2,000",
        lambda n: _in_items("*a", n, 2_000),
        100_000,
    ),
    (
        "backticks-line",
        "10^5 backtick runs (`a``b`) on one line",
        lambda n: _repeat("`a``b", n // 3),
        100_000,
    ),
    ("autolinks-line", "10^5 `<a` on one line", lambda n: _repeat("<a", n), 100_000),
    (
        "nested-bullets",
        "10^4 levels of `- ` on one line, then a word",
        lambda n: _repeat("- ", n, head="", tail="a\n"),
        10_000,
    ),
    (
        "nested-quotes",
        "10^4 levels of `>` on one line, then a word",
        lambda n: _repeat(">", n, head="", tail=" a\n"),
        10_000,
    ),
    ("nested-lines", "2x10^4 lines nesting to 30 levels", _nested_lines, 20_000),
    ("table", "a topic table of 2x10^4 rows", _table, 20_000),
]


# --- plain texts of a given size -------------------------------------------------------


def _fill(lines: Callable[[random.Random], str], size: int) -> str:
    """Lines from `lines` up to exactly `size` characters."""
    rng = random.Random(0)
    parts: list[str] = []
    total = 0
    while total < size:
        line = lines(rng)
        parts.append(line)
        total += len(line)
    return "".join(parts)[:size]


def prose(size: int) -> str:
    def line(rng: random.Random) -> str:
        if rng.random() < 0.2:
            return "\n"
        return " ".join(rng.choice(WORDS) for _ in range(13))[:79] + "\n"

    return _fill(line, size)


def checklist(size: int) -> str:
    def line(rng: random.Random) -> str:
        if rng.random() < 0.05:
            return f"\n## Week {rng.randint(1, 9)}: {rng.choice(WORDS)}\n\n"
        box = rng.choice(["[ ]", "[x]", "[ ]"])
        return f"- {box} " + " ".join(rng.choice(WORDS) for _ in range(6)) + "\n"

    return _fill(line, size)


# --- timing ----------------------------------------------------------------------------


def best_time(text: str, rounds: int) -> float:
    """Fewest seconds `vaultroad.parse(text)` took in `rounds` runs, or in as
    many more (up to 30) as fit in half a second: a parse of a few milliseconds
    is noise-bound, and its growth figure would be too."""
    best = float("inf")
    spent = 0.0
    runs = 0
    while runs < rounds or (spent < MIN_SECONDS and runs < MAX_RUNS):
        gc.collect()
        start = time.perf_counter()
        vaultroad.parse(text, "input.md")
        elapsed = time.perf_counter() - start
        best = min(best, elapsed)
        spent += elapsed
        runs += 1
    return best


def measure(
    name: str, make: Callable[[int], str], n: int, rounds: int, log: Callable[[str], None]
) -> dict[str, Any]:
    """The input at n and 2n, each with its two plain texts of the same size."""
    sizes: list[dict[str, Any]] = []
    for count in (n, 2 * n):
        text = make(count)
        # getattr: the script also runs against a vaultroad from before limits,
        # for the before/after figures (PYTHONPATH=old/src).
        roadmap = vaultroad.parse(text, "input.md")
        limits = [limit.kind.value for limit in getattr(roadmap, "limits", ())]
        seconds = best_time(text, rounds)
        plain = {"prose": best_time(prose(len(text)), rounds)}
        plain["checklist"] = best_time(checklist(len(text)), rounds)
        sizes.append(
            {
                "n": count,
                "bytes": len(text.encode("utf-8")),
                "seconds": seconds,
                "prose_seconds": plain["prose"],
                "checklist_seconds": plain["checklist"],
                "ratio_prose": seconds / plain["prose"],
                "ratio_checklist": seconds / plain["checklist"],
                "limits": sorted(set(limits)),
            }
        )
        log(f"{name} n={count:,}: {seconds:.3f}s ({len(limits)} limits)")
    growth = sizes[1]["seconds"] / sizes[0]["seconds"]
    return {"name": name, "sizes": sizes, "growth": growth}


def run(scale: float, rounds: int, log: Callable[[str], None]) -> dict[str, Any]:
    vaultroad.parse("- [ ] warm up [a](b) *c*\n")  # builds the parser, compiles regexes
    results = []
    for name, what, make, n in INPUTS:
        result = measure(name, make, max(10, int(n * scale)), rounds, log)
        result["what"] = what
        results.append(result)
    worst_ratio = max(s["ratio_checklist"] for r in results for s in r["sizes"])
    worst_growth = max(r["growth"] for r in results)
    return {
        "benchmark": "pathological",
        "scale": scale,
        "rounds": rounds,
        "python": platform.python_version(),
        "markdown_it_version": markdown_it.__version__,
        "vaultroad_version": vaultroad.__version__,
        "inputs": results,
        "worst_ratio_checklist": worst_ratio,
        "worst_growth": worst_growth,
        "ratio_target": RATIO_TARGET,
        "growth_target": GROWTH_TARGET,
        "meets_target": worst_ratio <= RATIO_TARGET and worst_growth <= GROWTH_TARGET,
    }


def report(result: dict[str, Any]) -> str:
    lines = [
        f"pathological inputs: vaultroad.parse, best of {result['rounds']}, "
        "µs per byte; ratios to plain text of the same size",
        f"{'input':16} {'n':>9} {'bytes':>10} {'seconds':>8} {'µs/B':>6} "
        f"{'prose':>6} {'list':>6} {'×prose':>7} {'×list':>6} {'growth':>6}  limits",
    ]
    for item in result["inputs"]:
        for index, size in enumerate(item["sizes"]):
            per_byte = 1e6 / size["bytes"]
            growth = f"{item['growth']:6.2f}" if index else " " * 6
            lines.append(
                f"{item['name'] if not index else '':16} {size['n']:>9,} {size['bytes']:>10,} "
                f"{size['seconds']:8.3f} {size['seconds'] * per_byte:6.2f} "
                f"{size['prose_seconds'] * per_byte:6.2f} "
                f"{size['checklist_seconds'] * per_byte:6.2f} "
                f"{size['ratio_prose']:7.1f} {size['ratio_checklist']:6.1f} {growth}  "
                + (",".join(size["limits"]) or "-")
            )
    verdict = "meets" if result["meets_target"] else "MISSES"
    lines.append(
        f"worst ×list {result['worst_ratio_checklist']:.1f} (target <= {result['ratio_target']}), "
        f"worst growth {result['worst_growth']:.2f} (target <= {result['growth_target']}): "
        f"{verdict}"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="vaultroad.parse on pathological inputs.")
    parser.add_argument("--scale", type=float, default=1.0, help="size factor (1.0)")
    parser.add_argument("--rounds", type=int, default=3, help="runs per text, best kept (3)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("--scale must be > 0")
    if args.rounds < 1:
        parser.error("--rounds must be >= 1")

    def log(message: str) -> None:
        # Progress goes to stderr so `--json` output stays machine-readable.
        print(message, file=sys.stderr, flush=True)

    result = run(args.scale, args.rounds, log)
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
