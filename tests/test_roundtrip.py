"""Status edits on every seed roadmap and every corpus file change only marker bytes.

For each file (read as bytes, decoded strictly, compared as bytes):

- parsing succeeds, marker spans point at the marker text, and edits that
  change nothing (no changes, every topic to its current status) give the
  same bytes;
- every topic written in its file's usual form survives all → done → back
  (with the original as baseline) byte for byte;
- a single change to another status touches only that topic's marker span
  (plus the one space written after an inserted marker or removed after a
  dropped one), re-parses with that topic at the new status and every other
  topic as it was, and is idempotent.

The single-change tests need four parses per topic and status, so on large
files they run on a deterministic sample of topics: one of each kind of
marker and place, then evenly spaced ones, within a per-file budget (smaller
in the default run, see budget.py; the corpus beyond a sample is marked slow
by conftest.py). Set VAULTROAD_FULL_ROUNDTRIP=1 to run them on every topic
(takes minutes).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

import vaultroad
from budget import budget
from edit_rules import STATUSES, diff_span, expected_text, form_of, is_usual
from vaultroad import Roadmap, Status, Topic, UnsafeEditError
from vaultroad.selection import is_group
from vaultroad.source import decode

SEED_DIR = Path(__file__).resolve().parents[1] / "vault" / "Roadmaps"
FULL = os.environ.get("VAULTROAD_FULL_ROUNDTRIP") == "1"
# Sampled topics × characters of the file, per file (the cost of a parse grows with both).
# The fast default run still takes one topic of each kind in every file; the two
# large seed checklists alone cost ~15 s at the CI size.
CORPUS_BUDGET = budget(fast=10_000, ci=40_000, long=40_000)
SEED_BUDGET = budget(fast=30_000, ci=300_000, long=300_000)
MAX_REPORTED = 12


@dataclass(frozen=True)
class Case:
    name: str
    is_seed: bool
    data: bytes
    text: str
    roadmap: Roadmap
    topics: tuple[Topic, ...]


@cache
def load_case(path: Path) -> Case:
    data = path.read_bytes()
    text = decode(data, path.name)
    roadmap = vaultroad.parse(text, path.name)
    is_seed = path.resolve().parent == SEED_DIR
    return Case(path.name, is_seed, data, text, roadmap, tuple(roadmap.topics()))


def where(case: Case, topic: Topic) -> str:
    return f"{case.name}:{topic.line} {topic.title[:40]!r} (marker {topic.marker!r})"


def report(failures: list[str]) -> str:
    shown = "\n".join(failures[:MAX_REPORTED])
    more = len(failures) - MAX_REPORTED
    return f"{len(failures)} failure(s):\n{shown}" + (f"\n… and {more} more" if more > 0 else "")


def sample_topics(case: Case) -> tuple[Topic, ...]:
    """Every topic if the file is cheap enough, else one of each kind plus evenly spaced ones."""
    topics = case.topics
    count = (SEED_BUDGET if case.is_seed else CORPUS_BUDGET) // max(len(case.text), 1)
    if FULL or len(topics) <= count:
        return topics
    chosen: set[int] = set()
    kinds: set[tuple[object, ...]] = set()
    for index, topic in enumerate(topics):
        kind = (topic.source, topic.position.kind, topic.marker, topic.status, bool(topic.children))
        if kind not in kinds:
            kinds.add(kind)
            chosen.add(index)
    step = len(topics) / max(count, 1)
    chosen.update(int(k * step) for k in range(count))
    chosen.add(len(topics) - 1)
    return tuple(topics[index] for index in sorted(chosen))


@cache
def single_change(path: Path, topic_id: str, status: Status) -> tuple[int, int, str]:
    """`set_statuses` for one topic, kept as a diff span so the cache stays small."""
    case = load_case(path)
    new = vaultroad.set_statuses(case.text, {topic_id: status}, case.name)
    return diff_span(case.text, new)


def apply_span(text: str, span: tuple[int, int, str]) -> str:
    start, end, replacement = span
    return text[:start] + replacement + text[end:]


def changes_to_try(case: Case) -> list[tuple[Topic, Status]]:
    return [
        (topic, status)
        for topic in sample_topics(case)
        for status in STATUSES
        if status is not topic.status
    ]


# --- a. parse, and edits that change nothing -------------------------------------------


def test_parse_and_marker_spans(seed_or_corpus_path: Path) -> None:
    case = load_case(seed_or_corpus_path)
    assert case.text.encode("utf-8") == case.data
    ids = [topic.id for topic in case.topics]
    assert len(set(ids)) == len(ids), "topic ids must be unique within a file"
    failures = []
    for topic in case.topics:
        position = topic.position
        if position.text != topic.marker or case.text[position.start : position.end] != (
            topic.marker or ""
        ):
            failures.append(
                f"{where(case, topic)}: span {position.start}:{position.end} holds "
                f"{case.text[position.start : position.end]!r}, position.text {position.text!r}"
            )
        if len(position.forms) != 4 or not all(position.forms[1:]):
            failures.append(f"{where(case, topic)}: forms {position.forms!r}")
    assert not failures, report(failures)


def test_no_op_edits_keep_bytes(seed_or_corpus_path: Path) -> None:
    case = load_case(seed_or_corpus_path)
    assert vaultroad.set_statuses(case.text, {}, case.name).encode("utf-8") == case.data
    same: dict[str, Status | str] = {topic.id: topic.status for topic in case.topics}
    assert vaultroad.set_statuses(case.text, same, case.name).encode("utf-8") == case.data
    as_words: dict[str, Status | str] = {topic.id: topic.status.value for topic in case.topics}
    assert vaultroad.set_statuses(case.text, as_words, case.name).encode("utf-8") == case.data


# --- b. all done, and back -------------------------------------------------------------


def test_all_done_and_back_restores_bytes(seed_or_corpus_path: Path) -> None:
    case = load_case(seed_or_corpus_path)
    usual = [topic for topic in case.topics if is_usual(topic)]
    done = vaultroad.set_statuses(case.text, {topic.id: Status.DONE for topic in usual}, case.name)
    reparsed = {topic.id: topic for topic in vaultroad.parse(done, case.name).topics()}
    not_done = [where(case, t) for t in usual if reparsed[t.id].status is not Status.DONE]
    assert not not_done, report([f"{name}: not done after all-done" for name in not_done])
    back = vaultroad.set_statuses(
        done, {topic.id: topic.status for topic in usual}, case.name, baseline=case.text
    )
    if back.encode("utf-8") != case.data:
        start, end, replacement = diff_span(case.text, back)
        line = case.text.count("\n", 0, start) + 1
        pytest.fail(
            f"{case.name}:{line}: all → done → back changed {case.text[start:end]!r} "
            f"into {replacement!r} (context {case.text[max(0, start - 30) : end + 30]!r})"
        )


# --- c. single changes touch only the marker --------------------------------------------


def check_single_change(case: Case, topic: Topic, status: Status, new: str) -> str | None:
    """Why `new` is not `case.text` with just `topic` set to `status`, or None."""
    old = case.text
    position = topic.position
    label = f"{where(case, topic)} → {status.value}"
    start, end, replacement = diff_span(old, new)
    if start < position.start or end > position.end + 1:
        return (
            f"{label}: changed {old[start:end]!r} → {replacement!r} at {start}:{end}, "
            f"outside the marker span {position.start}:{position.end} "
            f"(context {old[max(0, start - 30) : end + 30]!r})"
        )
    expected = expected_text(old, topic, status)
    if new != expected:
        _, _, wanted = diff_span(old, expected)
        return f"{label}: wrote {replacement!r} at {start}:{end}, expected {wanted!r}"
    after = tuple(vaultroad.parse(new, case.name).topics())
    if [t.id for t in after] != [t.id for t in case.topics]:
        return f"{label}: the topics changed on re-parse"
    form = form_of(topic, status)
    for before, now in zip(case.topics, after, strict=True):
        if before.id == topic.id:
            if now.status is not status or now.marker != (form or None):
                return f"{label}: re-parses as {now.status.value} with marker {now.marker!r}"
        elif _shown(now) != _shown(before):
            return (
                f"{label}: also changed {where(case, before)} to "
                f"{now.status.value} {now.marker!r} {now.title!r}"
            )
    return None


def test_single_change_touches_only_the_marker(seed_or_corpus_path: Path) -> None:
    case = load_case(seed_or_corpus_path)
    failures = []
    for topic, status in changes_to_try(case):
        try:
            span = single_change(seed_or_corpus_path, topic.id, status)
        except UnsafeEditError as error:
            failures.append(f"{where(case, topic)} → {status.value}: refused: {error}")
            continue
        problem = check_single_change(case, topic, status, apply_span(case.text, span))
        if problem:
            failures.append(problem)
    assert not failures, report(failures)


# --- d. idempotence ----------------------------------------------------------------------


# Slow (CI's full run) on every file: the default run checks idempotence on
# generated roadmaps (test_properties.test_setting_twice_equals_once), and here
# it would add ~4 s on top of the single-change test it repeats.
@pytest.mark.slow
def test_single_change_is_idempotent(seed_or_corpus_path: Path) -> None:
    case = load_case(seed_or_corpus_path)
    failures = []
    for topic, status in changes_to_try(case):
        try:
            once = apply_span(case.text, single_change(seed_or_corpus_path, topic.id, status))
            twice = vaultroad.set_statuses(once, {topic.id: status}, case.name)
        except UnsafeEditError as error:
            failures.append(f"{where(case, topic)} → {status.value}: refused: {error}")
            continue
        if twice != once:
            start, end, replacement = diff_span(once, twice)
            failures.append(
                f"{where(case, topic)} → {status.value}: second application changed "
                f"{once[start:end]!r} into {replacement!r}"
            )
    assert not failures, report(failures)


def _shown(topic: vaultroad.Topic) -> tuple[object, ...]:
    """What an edit of another topic must leave alone: title, marker, and the
    status unless it is a group's (derived from its subtopics, it follows them)."""
    status = None if is_group(topic) else topic.status
    return (topic.title, status, topic.marker)
