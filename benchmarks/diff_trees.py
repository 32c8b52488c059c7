"""Differential check: the trees one checkout's parser builds equal another's.

For every Markdown file given (folders are searched for `*.md`, `*.txt`) and
for a set of mixed documents made from their lines (seeded, so both sides
build the same ones), dumps `vaultroad.serialize.to_json_data` of the tree
and the tree's `repr` (every field of every node, marker forms included),
once with a base checkout and once with this one, each in its own
interpreter, then compares them file by file.

    python benchmarks/diff_trees.py --base-python PYTHON \
        --base-src BASE/src [--mixed N] PATH...

The mixed documents also edit some lines into the shapes the parser's short
ways must tell apart (a bold term, a dash, a code span, a tag, a duration …).

The base's dump is kept (`--base-dump FILE`, reused when it exists and was made
from the same inputs and base), so a second run only dumps this checkout. Exit
status 1 when any tree differs (the first few differences are printed). When
the base checkout moves on while a branch is worked on, compare with the
branch's fork point instead:

    mkdir /tmp/base && git archive $(git merge-base HEAD main) src | tar -x -C /tmp/base
    python benchmarks/diff_trees.py --base-src /tmp/base/src PATH...

    python benchmarks/diff_trees.py --dump OUT PATH...   (one side only)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

HERE = Path(__file__).resolve()
SRC = HERE.parent.parent / "src"
# Lines sprinkled into mixed documents: the shapes the fast paths look for.
_SPICE = (
    "- [ ] Type hints (2 days) — generics, protocols",
    "- [x] **Term**: description with a #tag and 📅 2024-05-01",
    "- ✅ Criteria line",
    "| Topic | Time | Status |",
    "|---|---|---|",
    "| [Course](https://x.y) ([alt](https://z)) | 3-4 weeks | 🟢 Done |",
    "## Week 1-2: Core Basics (6-8 weeks)",
    "1.2. **Internet Fundamentals**",
    "&nbsp;&nbsp;- Pseudo bullet – with en dash",
    "* [@article@How DNS works](https://example.com) - an article",
    "- `B` Label item ==highlighted== text 🔁 every week ⏫",
    "- [/] Option B: Django - 4-5 weeks",
    '- "quoted — not a cut" and (bracket — none)',
    "- More info on [a](http://a) and [b](http://b)",
    "```",
    "☐ Fence glyph line (1 hour)",
    "■ Done fence line",
    "```",
)


def _inputs(paths: Sequence[str]) -> list[Path]:
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.extend(
                sorted(p for p in path.rglob("*") if p.suffix in (".md", ".txt") and p.is_file())
            )
        elif path.is_file():
            files.append(path)
    return files


# Edits of a line's text (after its list marker, if any): the shapes the fast
# paths of titles, durations and selection must tell apart.
_PREFIXES = ("**", "__", "`B` ", "[[", "[", "#tag ", "✅ ", "[@video@", "(2 days) ", "~", "'", '"')
_SUFFIXES = (
    "**",
    "__",
    "]]",
    "](https://x.y)",
    " — desc",
    " – desc",
    ": desc",
    " - 3-4 weeks",
    " (1 hour)",
    " (6-10 hours/week)",
    " 📅 2024-05-01",
    " #tag",
    " ==mark==",
    "`",
    ":",
    " (Weeks 1-4)",
    "'",
    '"',
    "»",
    ")",
    " 2h",
)
_ITEM_RE = re.compile(r"([ \t>]*(?:[-*+]|\d+[.)])[ \t]+(?:\[.\][ \t]+)?)(.*)")


def _mutate(line: str, rng: random.Random) -> str:
    match = _ITEM_RE.match(line)
    head, body = (match.group(1), match.group(2)) if match else ("", line)
    if rng.random() < 0.5:
        body = rng.choice(_PREFIXES) + body
    if rng.random() < 0.6:
        body = body + rng.choice(_SUFFIXES)
    if rng.random() < 0.2 and " " in body:
        at = body.index(" ")
        body = body[:at] + rng.choice((" — ", " – ", " (", ") ", ' "', " “", "” ")) + body[at + 1 :]
    return head + body


def _mixed(texts: Sequence[str], count: int, seed: int) -> Iterator[tuple[str, str]]:
    """Documents of random runs of lines from `texts`, with spice lines between and
    some lines edited (`_mutate`)."""
    lines = [line for text in texts for line in text.splitlines()]
    if not lines:
        return
    rng = random.Random(seed)
    for number in range(count):
        parts: list[str] = []
        mutation = rng.choice((0.0, 0.1, 0.5))
        for _ in range(rng.randint(1, 8)):
            start = rng.randrange(len(lines))
            for line in lines[start : start + rng.randint(1, 40)]:
                parts.append(_mutate(line, rng) if rng.random() < mutation else line)
            if rng.random() < 0.5:
                parts.append(rng.choice(_SPICE))
        yield f"<mixed {number}>", "\n".join(parts) + "\n"


def dump(paths: Sequence[str], out: Path, mixed: int, seed: int) -> None:
    """One side: each input's tree as a JSON line (name, json, repr digests)."""
    import vaultroad
    from vaultroad.serialize import to_json_data

    files = _inputs(paths)
    texts: list[tuple[str, str, str | None]] = []
    for file in files:
        text = file.read_bytes().decode("utf-8", "replace")
        texts.append((str(file), text, str(file)))
    texts.extend((name, text, None) for name, text in _mixed([t for _, t, _ in texts], mixed, seed))
    with out.open("w", encoding="utf-8") as handle:
        for name, text, path in texts:
            roadmap = vaultroad.parse(text, path)
            data = json.dumps(to_json_data(roadmap, text), sort_keys=True, ensure_ascii=False)
            record = {
                "name": name,
                "json": data,
                "repr": hashlib.sha256(repr(roadmap).encode("utf-8", "surrogatepass")).hexdigest(),
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def _load(path: Path) -> dict[str, dict[str, str]]:
    records = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            records[record["name"]] = record
    return records


def _run_side(python: str, src: str, out: Path, args: argparse.Namespace) -> None:
    env = dict(os.environ, PYTHONPATH=src, PYTHONHASHSEED="0")
    command = [python, str(HERE), "--dump", str(out), "--mixed", str(args.mixed)]
    command += ["--seed", str(args.seed), *args.paths]
    subprocess.run(command, check=True, env=env)


def _inputs_digest(args: argparse.Namespace) -> str:
    digest = hashlib.sha256(f"{args.mixed} {args.seed} {args.base_src}".encode())
    digest.update(HERE.read_bytes())  # the mixed documents are this script's
    # The base's own code: a checkout that moved on under the same path (main)
    # must be dumped again, not compared from an old dump.
    for path in sorted(Path(args.base_src).rglob("*.py")):
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    for path in _inputs(args.paths):
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--dump", type=Path, help="write this checkout's dump and stop")
    parser.add_argument("--base-python", default=sys.executable)
    parser.add_argument("--base-src", help="src/ of the base checkout (not with --dump)")
    parser.add_argument("--base-dump", type=Path, default=Path("/tmp/vaultroad-base-trees.jsonl"))
    parser.add_argument("--mixed", type=int, default=6000, help="mixed documents to add")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args(argv)
    if args.dump is not None:
        dump(args.paths, args.dump, args.mixed, args.seed)
        return 0
    if args.base_src is None:
        parser.error("--base-src is required unless --dump is given")
    stamp = args.base_dump.with_suffix(".inputs")
    digest = _inputs_digest(args)
    if not (args.base_dump.is_file() and stamp.is_file() and stamp.read_text() == digest):
        print(f"dumping the base trees ({args.base_src}) …", file=sys.stderr)
        _run_side(args.base_python, args.base_src, args.base_dump, args)
        stamp.write_text(digest)
    ours = args.base_dump.with_name(args.base_dump.stem + ".ours.jsonl")
    print(f"dumping this checkout's trees ({SRC}) …", file=sys.stderr)
    _run_side(sys.executable, str(SRC), ours, args)
    base, mine = _load(args.base_dump), _load(ours)
    differ = [name for name in base if name not in mine or base[name] != mine[name]]
    differ += [name for name in mine if name not in base]
    for name in differ[:10]:
        left, right = base.get(name, {}), mine.get(name, {})
        what = "json" if left.get("json") != right.get("json") else "repr"
        print(f"DIFFERS ({what}): {name}")
        if what == "json" and left and right:
            a, b = left["json"], right["json"]
            at = next(
                (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
                min(len(a), len(b)),
            )
            print(f"  base: …{a[max(0, at - 200) : at + 200]}")
            print(f"  ours: …{b[max(0, at - 200) : at + 200]}")
    print(f"{len(base)} trees compared, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
