"""The parser agrees with the hand-written expectation of every real roadmap.

Each `tests/real_roadmaps/NAME.expect.json` was written by reading NAME.md
as a learner would, not from the parser's output (see its `how_read`).
`real_roadmaps_check.differences` lists where the tree disagrees. The gaps
below are the known, open disagreements, each with its reason: the test
fails on any other disagreement, and also when a listed gap is closed (so
the list only ever shrinks, and says what is still wrong).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

import vaultroad
from real_roadmaps_check import HERE, differences, documents, expectation

# A roadmap's line of Progress.md:
# `- <progress …></progress> 2% [[Roadmaps/NAME|Title]] — finished / total finished …`.
ROW = re.compile(
    r"^- <progress [^>]*></progress> \d+% \[\[Roadmaps/(?P<name>[^#|\]]+)\|[^\]]*\]\]"
    r" — (?P<done>\d+) / (?P<total>\d+) finished",
    re.MULTILINE,
)

# Open disagreements, document → aspect → why (none at the moment).
KNOWN_GAPS: dict[str, dict[str, str]] = {}


@pytest.mark.parametrize("name", documents())
def test_the_tree_agrees_with_the_reading(name: str) -> None:
    found = differences(name)
    known = KNOWN_GAPS.get(name, {})
    unexpected = {aspect: detail for aspect, detail in found.items() if aspect not in known}
    assert not unexpected, f"{name} disagrees with its expectation: {unexpected}"
    closed = sorted(set(known) - set(found))
    assert not closed, f"{name}: gaps closed, remove them from KNOWN_GAPS: {closed}"


def test_every_real_roadmap_has_an_expectation() -> None:
    assert len(documents()) == 11


def test_a_vault_of_the_real_roadmaps_syncs_to_their_expected_totals(tmp_path: Path) -> None:
    # A note per topic a learner would tick off and none for anything else;
    # Progress.md counts what the expectations count; a second sync writes nothing.
    roadmaps = tmp_path / "vault" / "Roadmaps"
    roadmaps.mkdir(parents=True)
    for name in documents():
        shutil.copyfile(HERE / name, roadmaps / name)
    report = vaultroad.sync(tmp_path / "vault", today=dt.date(2026, 1, 1))
    assert not report.problems, report.problems[:3]
    extra = {name: 1 if "topics" in KNOWN_GAPS.get(name, {}) else 0 for name in documents()}
    wanted = {
        name: (expectation(name)["topics"] + extra[name], _finished(expectation(name)))
        for name in documents()
    }
    assert sum(1 for c in report.changes if c.kind == "note") == sum(t for t, _ in wanted.values())
    summary = (tmp_path / "vault" / "Progress.md").read_text("utf-8")
    rows = {
        match["name"] + ".md": (int(match["total"]), int(match["done"]))
        for match in ROW.finditer(summary)
    }
    assert rows == wanted
    again = vaultroad.sync(tmp_path / "vault", today=dt.date(2026, 1, 1))
    assert not again.changes and not again.problems


def _finished(expected: dict[str, Any]) -> int:
    statuses: dict[str, int] = expected["statuses"]
    return statuses["done"] + statuses["skipped"]
