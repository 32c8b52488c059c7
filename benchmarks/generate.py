"""Generate a synthetic Obsidian vault of learning roadmaps for the benchmarks.

Every file is about 200 lines and mixes every Markdown form vaultroad reads:
headings with durations, checkboxes of every kind (nested), plain lists,
bold-numbered outlines with `&nbsp;&nbsp;- ` pseudo-bullets, topic tables
with time estimates, glyph checklists in unlabelled fences, fenced code,
blockquotes, wikilinks, links and prose. The output depends only on the seed
and the file's index, so `--files 10` writes the first ten files of the
1,000-file vault byte for byte.

    python benchmarks/generate.py OUT_DIR [--files N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

__all__ = ["generate_roadmap", "generate_vault"]

TARGET_LINES = 200
FILES_PER_FOLDER = 100

_SUBJECTS = (
    "Python Backend",
    "Data Engineering",
    "DevOps",
    "Frontend",
    "Machine Learning",
    "Rust Systems",
    "Go Services",
    "Cloud Architecture",
    "Security",
    "Mobile",
    "Databases",
    "Site Reliability",
)
_LEVELS = (
    "Fundamentals",
    "Intermediate",
    "Advanced",
    "Frameworks",
    "Databases & Storage",
    "Testing & Quality",
    "Deployment",
    "Production Readiness",
    "Expert Topics",
)
_TOPICS = (
    "Variables & Data Types",
    "Operators",
    "Conditionals",
    "Loops",
    "Functions",
    "Modules & Packages",
    "File Handling",
    "Exception Handling",
    "Classes & Objects",
    "Inheritance",
    "Decorators",
    "Generators",
    "Iterators",
    "Context Managers",
    "Type Hints",
    "Regular Expressions",
    "JSON Handling",
    "Logging",
    "Async Basics",
    "Concurrency",
    "HTTP Fundamentals",
    "REST APIs",
    "GraphQL",
    "WebSockets",
    "Authentication",
    "Authorization",
    "OAuth2 & JWT",
    "SQL Basics",
    "Joins & Indexes",
    "Transactions",
    "ORM Models",
    "Migrations",
    "Caching",
    "Message Queues",
    "Background Jobs",
    "Unit Testing",
    "Integration Testing",
    "Mocking",
    "Profiling",
    "Docker",
    "Docker Compose",
    "Kubernetes Basics",
    "CI Pipelines",
    "Monitoring",
    "Tracing",
    "Rate Limiting",
    "Pagination",
    "Validation",
    "Serialization",
    "Dependency Injection",
    "Design Patterns",
    "Clean Architecture",
    "Linux Shell",
    "Git Branching",
    "Code Review",
    "Networking",
    "DNS & TLS",
    "Load Balancing",
    "Data Modeling",
    "Full-Text Search",
)
_DETAILS = (
    "int, float, str, bool, type conversion",
    "arithmetic, comparison, logical, assignment",
    "def, parameters, return, default args",
    "try, except, finally, raise, custom exceptions",
    "parent/child classes, super()",
    "yield, generator expressions, memory efficiency",
    "async, await, asyncio event loop",
    "status codes, headers, methods, idempotency",
    "SELECT, WHERE, GROUP BY, HAVING",
    "fixtures, parametrize, coverage reports",
    "images, layers, multi-stage builds",
    "metrics, alerts, dashboards",
    "tokens, scopes, refresh flows",
    "indexes, query plans, EXPLAIN ANALYZE",
    "queues, retries, dead letters",
)
_CODE_WORDS = ("venv", "pip", "pytest", "asyncio", "dataclasses", "pathlib", "typing", "json")
_LINK_TARGETS = ("docs", "guide", "tutorial", "reference", "notes", "course")
_PROSE = (
    "learn the basics before moving on and practise every day with small exercises "
    "build a project that uses what you studied then review the code with a friend "
    "read the official documentation carefully and write notes in your own words "
    "focus on understanding rather than memorising and revisit hard topics weekly "
    "measure your progress honestly and keep a log of what took longer than planned"
)
_WORDS = tuple(_PROSE.split())
_CHECKBOXES = ("[ ]", "[ ]", "[ ]", "[ ]", "[x]", "[ ✓ ]", "[/]", "[-]")
_TIMES = ("1 day", "2 days", "1-2 days", "2-3 days", "3-4 days", "4-5 days", "1 week", "3 days")
_TABLE_GLYPHS = ("", "", "", "", "", "", "✅ ", "🚧 ")


def _topic(rng: random.Random) -> str:
    return rng.choice(_TOPICS)


def _item_text(rng: random.Random) -> str:
    """One topic's text: a name, sometimes with code, a link, a description or a time."""
    text = _topic(rng)
    roll = rng.random()
    if roll < 0.15:
        text += f" (`{rng.choice(_CODE_WORDS)}`, `{rng.choice(_CODE_WORDS)}`)"
    elif roll < 0.25:
        text = f"[[{text}]]"
    elif roll < 0.35:
        target = rng.choice(_LINK_TARGETS)
        text = f"[{text}](https://example.com/{target}/{rng.randrange(1000)})"
    if rng.random() < 0.3:
        text += f" — {rng.choice(_DETAILS)}"
    if rng.random() < 0.2:
        text += f" ({rng.choice(_TIMES)})"
    return text


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 16))]
    roll = rng.random()
    if roll < 0.15:
        words.insert(rng.randrange(len(words)), f"[[{_topic(rng)}]]")
    elif roll < 0.3:
        words.insert(rng.randrange(len(words)), f"[the {rng.choice(_LINK_TARGETS)}](https://x)")
    elif roll < 0.45:
        words.insert(rng.randrange(len(words)), f"`{rng.choice(_CODE_WORDS)}`")
    elif roll < 0.55:
        words.insert(rng.randrange(len(words)), f"**{rng.choice(_WORDS)}**")
    return " ".join(words).capitalize() + "."


def _wrap(text: str, width: int = 80) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines


# --- blocks: each returns its lines (no trailing blank line) ---------------------


def _prose(rng: random.Random, phase: int) -> list[str]:
    lines: list[str] = []
    for number in range(rng.randint(1, 2)):
        if number:
            lines.append("")
        lines += _wrap(" ".join(_sentence(rng) for _ in range(rng.randint(2, 4))))
    return lines


def _checklist(rng: random.Random, phase: int) -> list[str]:
    lines = [f"### {phase}.{rng.randint(1, 9)} {_topic(rng)}", ""]
    indent = rng.choice(("  ", "    "))
    for _ in range(rng.randint(4, 9)):
        lines.append(f"- {rng.choice(_CHECKBOXES)} {_item_text(rng)}")
        if rng.random() < 0.3:
            for _ in range(rng.randint(1, 3)):
                lines.append(f"{indent}- {rng.choice(_CHECKBOXES)} {_item_text(rng)}")
                if rng.random() < 0.2:
                    lines.append(f"{indent * 2}- {rng.choice(_CHECKBOXES)} {_item_text(rng)}")
    return lines


def _plain_list(rng: random.Random, phase: int) -> list[str]:
    lines: list[str] = []
    if rng.random() < 0.5:
        lines += [f"**Practice Projects for Phase {phase}:**"]
    else:
        lines += [f"#### {_topic(rng)} resources", ""]
    for _ in range(rng.randint(3, 6)):
        lines.append(f"- {_item_text(rng)}")
        if rng.random() < 0.2:
            lines.append(f"  - {_item_text(rng)}")
    return lines


def _outline(rng: random.Random, phase: int) -> list[str]:
    lines = [f"### {_topic(rng)} outline", ""]
    for top in range(1, rng.randint(2, 3) + 1):
        if top > 1:
            lines.append("")
        lines += [f"{top}. **{_topic(rng)}**", ""]
        for sub in range(1, rng.randint(1, 3) + 1):
            if sub > 1:
                lines.append("")
            if rng.random() < 0.25:
                # An entry with nothing under it is itself a topic (an outline leaf).
                lines.append(f"   {top}.{sub}. **{_topic(rng)}**")
                continue
            lines.append(f"   {top}.{sub}. **{_topic(rng)}**  ")
            bullets = rng.randint(2, 4)
            for number in range(bullets):
                tail = "" if number == bullets - 1 else "  "
                lines.append(f"   &nbsp;&nbsp;- {_item_text(rng)}{tail}")
                if tail and rng.random() < 0.15:
                    lines.append(f"   &nbsp;&nbsp;&nbsp;&nbsp;- {_item_text(rng)}  ")
    return lines


def _table(rng: random.Random, phase: int) -> list[str]:
    week = rng.randint(1, 30)
    lines = [
        f"### Week {week}-{week + 1}: {_topic(rng)}",
        "| Topic | What You'll Learn | Time |",
        "|-------|------------------|------|",
    ]
    for _ in range(rng.randint(3, 6)):
        glyph = rng.choice(_TABLE_GLYPHS)
        lines.append(f"| {glyph}{_topic(rng)} | {rng.choice(_DETAILS)} | {rng.choice(_TIMES)} |")
    return lines


def _glyph_fence(rng: random.Random, phase: int) -> list[str]:
    lines = [f"#### Quick Checklist: {_topic(rng)} ✅", "```"]
    for _ in range(rng.randint(4, 8)):
        glyph = "■" if rng.random() < 0.2 else "□"
        lines.append(f"{glyph} {_topic(rng)}")
    lines.append("```")
    return lines


def _code(rng: random.Random, phase: int) -> list[str]:
    if rng.random() < 0.5:
        name = rng.choice(_CODE_WORDS)
        body = [
            f"# Example: {_topic(rng)}",
            f"import {name}",
            "",
            f"def run_{name}(items: list[str]) -> int:",
            "    total = 0",
            "    for item in items:",
            "        total += len(item)  # - [ ] not a checkbox",
            "    return total",
        ]
        return ["```python", *body[: rng.randint(4, len(body))], "```"]
    body = [
        "python -m venv .venv",
        "source .venv/bin/activate",
        f"pip install {rng.choice(_CODE_WORDS)}",
        "pytest -q",
    ]
    return ["```bash", *body[: rng.randint(2, len(body))], "```"]


def _blockquote(rng: random.Random, phase: int) -> list[str]:
    label = rng.choice(("Tip", "Goal", "Note", "Warning"))
    lines = [f"> **{label}:** {_sentence(rng)}  "]
    if rng.random() < 0.5:
        lines.append(f"> 💡 {_sentence(rng)}")
    return lines


_BLOCKS: tuple[Callable[[random.Random, int], list[str]], ...] = (
    _prose,
    _checklist,
    _plain_list,
    _outline,
    _table,
    _glyph_fence,
    _code,
    _blockquote,
)


def _rng(seed: int, index: int) -> random.Random:
    return random.Random(seed * 1_000_003 + index)


def generate_roadmap(seed: int, index: int, target_lines: int = TARGET_LINES) -> str:
    """Text of roadmap number `index` for `seed`: about `target_lines` lines, `\\n` endings."""
    rng = _rng(seed, index)
    subject = rng.choice(_SUBJECTS)
    lines = [
        f"# {subject} Roadmap {index:04d}",
        "",
        f"> **Goal:** {_sentence(rng)}  ",
        f"> **Total Estimated Time:** {rng.randint(3, 6)}-{rng.randint(7, 12)} months",
        "",
        "---",
        "",
    ]
    pending: list[Callable[[random.Random, int], list[str]]] = []
    phase = 0
    while len(lines) < target_lines:
        phase += 1
        low = rng.randint(1, 6)
        level = rng.choice(_LEVELS)
        lines += [f"## PHASE {phase}: {level} ({low}-{low + rng.randint(1, 3)} weeks)", ""]
        for _ in range(rng.randint(2, 4)):
            if not pending:
                # Every form before any repeats, so each file holds all of them.
                pending = list(_BLOCKS)
                rng.shuffle(pending)
            lines += [*pending.pop()(rng, phase), ""]
            if len(lines) >= target_lines:
                break
        if rng.random() < 0.5:
            lines += ["---", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def generate_vault(root: Path, files: int = 1000, seed: int = 0) -> list[Path]:
    """Write `files` roadmaps under `root/Roadmaps/` and return their paths in order.

    Files go into folders of 100 (`Roadmaps/Area 00/…`). Existing files with
    the same names are overwritten; nothing else under `root` is touched.
    """
    paths: list[Path] = []
    for index in range(files):
        text = generate_roadmap(seed, index)
        subject = text[2 : text.index(" Roadmap ")]
        folder = root / "Roadmaps" / f"Area {index // FILES_PER_FOLDER:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{index:04d} {subject} Roadmap.md"
        path.write_text(text, encoding="utf-8", newline="\n")
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("out_dir", type=Path, help="vault folder to write (Roadmaps/ goes inside)")
    parser.add_argument("--files", type=int, default=1000, help="number of roadmaps (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    if args.files < 0:
        parser.error("--files must be >= 0")
    paths = generate_vault(args.out_dir, files=args.files, seed=args.seed)
    lines = sum(path.read_bytes().count(b"\n") for path in paths)
    size = sum(path.stat().st_size for path in paths)
    print(f"wrote {len(paths)} roadmaps, {lines} lines, {size / 1e6:.1f} MB under {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
