"""Compare the parser's tree of each real roadmap with its hand-written expectation.

`tests/real_roadmaps/NAME.expect.json` was written by reading NAME.md as a
learner would, without the parser (see each file's `how_read`). This module
lists every disagreement between the two; `tests/test_real_roadmaps.py`
asserts there are none (or only the known, listed ones), and running this
file prints the scorecard: topics expected / found / wrong per document.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import vaultroad
from vaultroad.model import Roadmap, Section, Topic

_NUMBERING = re.compile(r"^\d+(?:[.-]\d+)*\.?\s+")
HERE = Path(__file__).resolve().parent / "real_roadmaps"


def documents() -> list[str]:
    return sorted(p.name.removesuffix(".expect.json") + ".md" for p in HERE.glob("*.expect.json"))


def expectation(name: str) -> dict[str, Any]:
    path = HERE / f"{name.removesuffix('.md')}.expect.json"
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _sections_with_topics(roadmap: Roadmap) -> list[str]:
    """Titles of the outermost sections that hold topics, in order."""
    found: list[str] = []

    def visit(nodes: tuple[Section | Topic, ...]) -> None:
        for node in nodes:
            if isinstance(node, Section) and any(True for _ in node.walk_topics()):
                found.append(node.title)

    # A heading that only repeats the roadmap's title is the roadmap, not a section.
    nodes: list[Section | Topic] = []
    for node in roadmap.children:
        if isinstance(node, Section) and _norm(node.title) == _norm(roadmap.title):
            nodes.extend(node.children)
        else:
            nodes.append(node)
    visit(tuple(nodes))
    return found


def _sections(roadmap: Roadmap) -> Iterator[Section]:
    def visit(nodes: tuple[Section | Topic, ...]) -> Iterator[Section]:
        for node in nodes:
            if isinstance(node, Section):
                yield node
                yield from visit(node.children)

    yield from visit(roadmap.children)


def differences(name: str) -> dict[str, str]:
    """Aspect → what differs, for one document ({} when the tree agrees)."""
    expected = expectation(name)
    roadmap = vaultroad.load(HERE / name)
    topics = list(roadmap.topics())
    titles = [t.title for t in topics]
    found: dict[str, str] = {}

    def compare(aspect: str, want: object, got: object) -> None:
        if want != got:
            found[aspect] = f"expected {want!r}, found {got!r}"

    compare("title", expected["title"], roadmap.title)
    compare("topics", expected["topics"], len(topics))
    statuses = {s.value: 0 for s in vaultroad.Status}
    for topic in topics:
        statuses[topic.status.value] += 1
    compare("statuses", expected["statuses"], statuses)
    first = expected["first_titles"]
    compare("first_titles", [_norm(t) for t in first], [_norm(t) for t in titles[: len(first)]])
    last = expected["last_titles"]
    got_last = titles[-len(last) :] if last else []
    compare("last_titles", [_norm(t) for t in last], [_norm(t) for t in got_last])
    # The expectations name sections without their numbering (`1 Not completed`).
    compare(
        "sections",
        [_norm(t) for t in expected["sections"]],
        [_norm(_NUMBERING.sub("", t)) for t in _sections_with_topics(roadmap)],
    )
    estimates: dict[str, str | None] = {}
    for section in _sections(roadmap):
        estimates.setdefault(
            _norm(section.title), section.duration.text if section.duration else None
        )
    for topic in topics:
        estimates.setdefault(_norm(topic.title), topic.estimate.text if topic.estimate else None)
    wrong = {
        title: estimates.get(_norm(title), "(no such topic or section)")
        for title, text in expected["estimates"].items()
        if _norm(estimates.get(_norm(title)) or "") != _norm(text)
    }
    if wrong:
        found["estimates"] = f"differ: {wrong}"
    with_estimate = [
        t for t in expected["no_estimate"] if estimates.get(_norm(t)) not in (None, "")
    ]
    if with_estimate:
        found["no_estimate"] = f"read an estimate for {with_estimate}"
    normalized = {_norm(t) for t in titles}
    taken = [t for t in expected["not_topics"] if _norm(t) in normalized]
    if taken:
        found["not_topics"] = f"became topics: {taken}"
    for aspect in ("tasks_fields", "tags"):
        for title, want in expected.get(aspect, {}).items():
            candidates = [t for t in topics if _norm(t.title) == _norm(title)]
            if not any(_has(aspect, t, want) for t in candidates):
                found[f"{aspect}:{title}"] = f"expected {want!r} on a topic so titled"
    return found


def _has(aspect: str, topic: Topic, want: Any) -> bool:
    if aspect == "tags":
        return set(want) <= set(topic.tags)
    if topic.tasks is None:
        return False
    return all(getattr(topic.tasks, key) == value for key, value in want.items())


def scorecard() -> Iterator[str]:
    for name in documents():
        expected = expectation(name)
        roadmap = vaultroad.load(HERE / name)
        count = sum(1 for _ in roadmap.topics())
        wrong = differences(name)
        yield f"{name}: expected {expected['topics']}, found {count}, aspects wrong {len(wrong)}"
        for aspect, detail in wrong.items():
            yield f"    {aspect}: {detail[:300]}"


if __name__ == "__main__":
    for line in scorecard():
        print(line)
    sys.exit(0)
