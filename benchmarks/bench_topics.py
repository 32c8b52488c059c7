"""Per-topic cost of vaultroad's tree building, a base checkout and this one side by side.

Tree building is everything `vaultroad.parse` does besides markdown-it's block
parse: sections and topics read from the tokens, titles, durations, tables,
selection, the frozen dataclasses. Each side runs in its own interpreter
(`--base-python` with `PYTHONPATH=--base-src`, and this interpreter with this
checkout's `src`), both alive at once and working in turns, piece by piece
(one file, one chunk of calls), so that both meet the same load of a shared
machine:

- **tree building**: for each file of the generated vault (1,000 files by
  default, reused from `benchmarks/.work/`), `vaultroad.parse` (P) and the
  block parse alone (M: `Source(text)`, then the side's own block pass as its
  parser makes it: `markdown.block_tokens(body)` where the side has the block
  scanner, else `markdown_for(body).parse(body, {})`), each the fastest of
  `--repeats` runs, summed; tree building is P - M, per topic, and ours/base;
- **per function**: the calls each listed function gets while the first
  `--replay-files` files parse are recorded (outermost calls only: a recursive
  or nested call is part of its caller's), then replayed alone in chunks of 32
  calls (the garbage collector off), each chunk's fastest of `--repeats` runs,
  summed, per topic of those files. A name a side does not have shows as `-`.

The fastest of several runs of one small piece of work leaves out most of
what other processes add; still, compare the ratios of one run, not seconds
across runs.

    python benchmarks/bench_topics.py [--files N] [--repeats K] [--replay-files F]
        [--base-python PYTHON] --base-src BASE/src [--json]

Progress goes to stderr, the result to stdout.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import pkgutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

HERE = Path(__file__).resolve()
SRC = HERE.parent.parent / "src"

# (module, attribute): the functions whose time per topic is reported.
FUNCTIONS = (
    ("titles", "read_title"),
    ("titles", "_dash_cut"),
    ("titles", "drop_estimate"),
    ("durations", "find_duration"),
    ("durations", "effort_clause"),
    ("durations", "_effort_clause"),
    ("durations", "_estimate"),
    ("durations", "find_schedule"),
    ("selection", "select"),
    ("tables", "read_table"),
    ("tables", "Table.fill"),
    ("glyphs", "decorative_glyph_lines"),
    ("model", "Topic.__init__"),
    ("model", "Marker.__init__"),
    ("model", "Section.__init__"),
    ("model", "Estimate.__init__"),
)
CHUNK = 32  # calls replayed together

Call = tuple[tuple[Any, ...], dict[str, Any]]


# --- one side (run with that side's code on PYTHONPATH) ----------------------------------


def _fastest(work: Callable[[], object], repeats: int) -> float:
    clock = time.perf_counter
    best = float("inf")
    for _ in range(repeats):
        start = clock()
        work()
        best = min(best, clock() - start)
    return best


def _recorder(function: Callable[..., Any], calls: list[Call]) -> Callable[..., Any]:
    depth = [0]

    def recording(*args: Any, **kwargs: Any) -> Any:
        if depth[0]:
            return function(*args, **kwargs)
        calls.append((args, kwargs))
        depth[0] = 1
        try:
            return function(*args, **kwargs)
        finally:
            depth[0] = 0

    return recording


def _record_calls(
    documents: Sequence[tuple[str, str]],
) -> dict[str, tuple[Callable[..., Any], list[Call]]]:
    """Each listed function and the outermost calls it gets while `documents` parse."""
    import vaultroad

    modules = [
        importlib.import_module(f"vaultroad.{info.name}")
        for info in pkgutil.iter_modules(vaultroad.__path__)
        if info.name not in ("__main__", "cli")
    ]
    recorded: dict[str, tuple[Callable[..., Any], list[Call]]] = {}
    undo: list[tuple[Any, str, Any]] = []
    for module_name, attribute in FUNCTIONS:
        owner: Any = importlib.import_module(f"vaultroad.{module_name}")
        *path, name = attribute.split(".")
        try:
            for part in path:
                owner = getattr(owner, part)
            original = getattr(owner, name)
        except AttributeError:
            continue
        if name == "__init__" and original is object.__init__:
            continue
        calls: list[Call] = []
        recorded[f"{module_name}.{attribute}"] = (original, calls)
        wrapper = _recorder(original, calls)
        places = [(owner, name)]
        if not path:  # also where it was imported, under any name (`select as _select`)
            places += [(m, key) for m in modules for key, v in vars(m).items() if v is original]
        for place, key in places:
            undo.append((place, key, getattr(place, key)))
            setattr(place, key, wrapper)
    try:
        for text, file in documents:
            vaultroad.parse(text, file)
    finally:
        for place, key, value in reversed(undo):
            setattr(place, key, value)
    return recorded


def worker(args: argparse.Namespace) -> None:
    """Answer the parent's requests, one JSON line each, until stdin closes."""
    import vaultroad
    from vaultroad import markdown
    from vaultroad.source import Source

    paths = args.list.read_text(encoding="utf-8").splitlines()
    documents = [(Path(path).read_bytes().decode("utf-8"), path) for path in paths]
    for text, path in documents[:30]:  # warm-up: imports, compiled patterns, parsers
        vaultroad.parse(text, path)
    topics = [sum(1 for _ in vaultroad.parse(t, p).topics()) for t, p in documents]
    recorded = _record_calls(documents[: args.replay_files])
    gc.collect()
    ready = {
        "topics": topics,
        "calls": {label: len(calls) for label, (_, calls) in recorded.items()},
    }
    print(json.dumps(ready), flush=True)

    def block(text: str) -> None:
        source = Source(text)
        if hasattr(markdown, "block_tokens"):  # a parser with its own block scanner
            markdown.block_tokens(source.body)
        else:
            markdown.markdown_for(source.body).parse(source.body, {})

    for line in sys.stdin:
        request = json.loads(line)
        if request[0] == "file":
            text, path = documents[request[1]]
            answer = [
                _fastest(lambda: vaultroad.parse(text, path), args.repeats),  # noqa: B023
                _fastest(lambda: block(text), args.repeats),  # noqa: B023
            ]
        else:
            function, calls = recorded[request[1]]
            chunk = calls[request[2] : request[2] + CHUNK]

            def replay() -> None:
                for call_args, call_kwargs in chunk:  # noqa: B023
                    function(*call_args, **call_kwargs)  # noqa: B023

            # Without the collector: the recorded calls keep every file's tokens and
            # trees alive, and a collection over all of them would be charged to
            # whichever function's allocation set it off.
            gc.disable()
            try:
                answer = [_fastest(replay, args.repeats)]
            finally:
                gc.enable()
        print(json.dumps(answer), flush=True)


# --- both sides ------------------------------------------------------------------------


class _Side:
    """A worker process of one side, asked for one piece of work at a time."""

    def __init__(self, python: str, src: str, args: argparse.Namespace, list_file: Path) -> None:
        self.src = src
        command = [python, str(HERE), "--worker", "--list", str(list_file)]
        command += ["--repeats", str(args.repeats), "--replay-files", str(args.replay_files)]
        self.process = subprocess.Popen(
            command,
            env=dict(os.environ, PYTHONPATH=src),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.ready: dict[str, Any] = self._read()

    def _pipes(self) -> tuple[IO[str], IO[str]]:
        assert self.process.stdin is not None and self.process.stdout is not None
        return self.process.stdin, self.process.stdout

    def _read(self) -> Any:
        line = self._pipes()[1].readline()
        if not line:
            raise RuntimeError(f"the worker for {self.src} stopped")
        return json.loads(line)

    def ask(self, request: list[Any]) -> list[float]:
        self._pipes()[0].write(json.dumps(request) + "\n")
        self._pipes()[0].flush()
        answer: list[float] = self._read()
        return answer

    def close(self) -> None:
        self._pipes()[0].close()
        self.process.wait()


def run(args: argparse.Namespace, log: Callable[[str], None]) -> dict[str, Any]:
    sys.path.insert(0, str(HERE.parent))
    from bench_parse import ensure_vault

    root, paths = ensure_vault(args.files, args.seed)
    log(f"vault: {root} ({len(paths)} files)")
    list_file = root / ".bench_topics.list"
    list_file.write_text("\n".join(str(path) for path in paths), encoding="utf-8")
    sides = {
        "base": _Side(args.base_python, args.base_src, args, list_file),
        "ours": _Side(sys.executable, str(SRC), args, list_file),
    }
    try:
        log("workers ready; timing files")
        sums = {name: [0.0, 0.0] for name in sides}
        order = list(sides)
        for index in range(len(paths)):
            order.reverse()  # each side goes first every other time
            for name in order:
                parse, block = sides[name].ask(["file", index])
                sums[name][0] += parse
                sums[name][1] += block
            if (index + 1) % 200 == 0:
                log(f"  {index + 1}/{len(paths)} files")
        log("replaying calls")
        seconds: dict[str, dict[str, float]] = {name: {} for name in sides}
        labels = dict.fromkeys(label for side in sides.values() for label in side.ready["calls"])
        for label in labels:
            chunks = max(side.ready["calls"].get(label, 0) for side in sides.values())
            for at in range(0, chunks, CHUNK):
                order.reverse()
                for name in order:
                    if at < sides[name].ready["calls"].get(label, 0):
                        taken = sides[name].ask(["replay", label, at])[0]
                        seconds[name][label] = seconds[name].get(label, 0.0) + taken
    finally:
        for side in sides.values():
            side.close()
    replay_files = min(args.replay_files, len(paths))
    result: dict[str, Any] = {
        "benchmark": "topics",
        "files": len(paths),
        "repeats": args.repeats,
        "replay_files": replay_files,
    }
    for name, side in sides.items():
        topics = sum(side.ready["topics"])
        replay_topics = sum(side.ready["topics"][:replay_files])
        parse, block = sums[name]
        result[name] = {
            "source": side.src,
            "topics": topics,
            "parse_us_per_topic": parse / topics * 1e6,
            "block_us_per_topic": block / topics * 1e6,
            "tree_us_per_topic": (parse - block) / topics * 1e6,
            "replay_topics": replay_topics,
            "functions_us_per_topic": {
                label: taken / replay_topics * 1e6 for label, taken in seconds[name].items()
            },
            "calls": side.ready["calls"],
        }
    result["tree_ratio"] = result["ours"]["tree_us_per_topic"] / result["base"]["tree_us_per_topic"]
    return result


def report(result: dict[str, Any]) -> str:
    base, ours = result["base"], result["ours"]
    lines = [
        f"tree building per topic: {result['files']} files, {ours['topics']:,} topics "
        f"(base {base['topics']:,}); sides in turns, fastest of {result['repeats']} runs",
        f"  base {base['source']}",
        f"  ours {ours['source']}",
        f"  {'':48} {'base':>8} {'ours':>8} {'ours/base':>10}",
    ]

    def row(label: str, a: float | None, b: float | None) -> str:
        ratio = f"{b / a:10.2f}" if a and b is not None else f"{'':>10}"
        left = f"{a:8.2f}" if a is not None else f"{'-':>8}"
        right = f"{b:8.2f}" if b is not None else f"{'-':>8}"
        return f"  {label:48} {left} {right} {ratio}"

    for label, key in (
        ("parse, µs/topic", "parse_us_per_topic"),
        ("block parse, µs/topic", "block_us_per_topic"),
        ("tree building (parse - block), µs/topic", "tree_us_per_topic"),
    ):
        lines.append(row(label, base[key], ours[key]))
    lines.append(
        f"  per function, µs/topic (outermost calls while {result['replay_files']} files "
        f"parse, replayed):"
    )
    a, b = base["functions_us_per_topic"], ours["functions_us_per_topic"]
    for name in dict.fromkeys([*a, *b]):
        calls = max(ours["calls"].get(name, 0), base["calls"].get(name, 0))
        lines.append(row(f"  {name} ({calls:,} calls)", a.get(name), b.get(name)))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Per-topic tree-building cost, base vs ours.")
    parser.add_argument("--files", type=int, default=1000, help="roadmaps in the vault (1000)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (0)")
    parser.add_argument("--repeats", type=int, default=5, help="runs of each piece, fastest kept")
    parser.add_argument("--replay-files", type=int, default=250, help="files whose calls replay")
    parser.add_argument("--base-python", default=sys.executable)
    parser.add_argument("--base-src", help="src/ of the base checkout (required)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--list", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args)
        return 0
    if args.base_src is None:
        parser.error("--base-src is required")
    if min(args.files, args.repeats, args.replay_files) < 1:
        parser.error("--files, --repeats and --replay-files must be >= 1")
    result = run(args, lambda message: print(message, file=sys.stderr, flush=True))
    print(json.dumps(result, indent=2, ensure_ascii=False) if args.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
