"""The summary block from parts kept per roadmap: a sync renders only the roadmaps it read.

Nearly all of `Progress.md` is per roadmap: its line in the list of
roadmaps, its line under "Pace", its burn-up and its lines "by section",
which depend on that roadmap alone (its tree, its link and its history: a
roadmap's history changes only in a run that reads it). A sync keeps those
lines in the state with the roadmap's counts and the topics "Next up" may
name (`RoadmapPart`), renders them again only for the roadmaps it read, and
assembles the block from the parts as `summary.render_summary` lays it out:
the same lines in the same order, passed through mdformat exactly when some
text in them needs it. The rest (totals, the pace of all roadmaps, next up,
recently completed, removed and shared topics) is rendered by `summary`'s
own functions on every run.

The layout is `render_summary`'s; `tests/test_sync_incremental.py` renders
both ways and compares them, so a change to the summary's layout that is not
made here too fails the tests.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from .history import EMPTY, History
from .model import Marker, MarkerKind, Roadmap, Status, Topic, TopicSource
from .notes import BEGIN, END, canonical, link_text
from .serialize import progress
from .summary import (
    FINISHED,
    NEXT_UP,
    RECENT,
    Completed,
    OverlapLine,
    RemovedNote,
    RoadmapSummary,
    _Block,
    _by_section,
    _over_time,
    _overview,
    _pace_line,
    _removed,
    _shared,
    _upcoming,
    pace_section,
)

__all__ = ["RoadmapPart", "StandIns", "assemble", "part_of"]

_ORDER = (Status.TODO, Status.DOING, Status.DONE, Status.SKIPPED)  # as `RoadmapPart.counts`
# What no stand-in topic has: one object for all of them.
_NO_MARKER = Marker(MarkerKind.CHECKBOX, 0, 0, None, ("", "", "", ""))


class StandIns:
    """The topics of the trees "Next up" reads for roadmaps a run did not read: one
    string per title, one finished topic for all of them."""

    def __init__(self) -> None:
        self.titles: dict[str, str] = {}
        self.finished = self.topic("", "", Status.DONE)

    def topic(self, topic_id: str, title: str, status: Status) -> Topic:
        title = self.titles.setdefault(title, title)
        return Topic(
            id=topic_id,
            title=title,
            text=title,
            status=status,
            marker=None,
            line=0,
            column=0,
            source=TopicSource.LIST_ITEM,
            position=_NO_MARKER,
        )


@dataclass(frozen=True, slots=True)
class RoadmapPart:
    """What the summary shows of one roadmap, and what its totals and "Next up" need."""

    title: str
    overview: str  # its line in the list of roadmaps
    pace: str  # its line under "Pace"
    # Its burn-up and its "by section" lines, headings included; () when none.
    sections: tuple[str, ...]
    counts: tuple[int, int, int, int]  # todo, doing, done, skipped
    plain: bool  # every text in those lines is one mdformat keeps as it is
    # The topics "Next up" may name, in document order: (id, title, status).
    named: tuple[tuple[str, str, Status], ...]
    started: bool  # a topic is not todo
    total: int
    remaining: tuple[float, float]  # the estimated days left (low, high)

    def to_json(self) -> str:
        return json.dumps(
            [
                self.title,
                self.overview,
                self.pace,
                list(self.sections),
                list(self.counts),
                self.plain,
                [[key, title, status.value] for key, title, status in self.named],
                self.started,
                self.total,
                list(self.remaining),
            ],
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> RoadmapPart:
        # A part of the version before "Pace" has fewer fields: ValueError, and the
        # roadmap is read again.
        title, overview, pace, sections, counts, plain, named, started, total, remaining = (
            json.loads(text)
        )
        return cls(
            str(title),
            str(overview),
            str(pace),
            tuple(str(line) for line in sections),
            (int(counts[0]), int(counts[1]), int(counts[2]), int(counts[3])),
            bool(plain),
            tuple((str(k), str(t), Status(s)) for k, t, s in named),
            bool(started),
            int(total),
            (float(remaining[0]), float(remaining[1])),
        )

    def next_up_tree(self, path: str, shared: StandIns) -> Roadmap:
        """A tree "Next up" reads as it reads the roadmap's: the topics it may name, and
        one finished topic when only a finished one says the roadmap is started."""
        topics = [shared.topic(key, title, status) for key, title, status in self.named]
        if self.started and all(t.status is Status.TODO for t in topics):
            topics.append(shared.finished)
        return Roadmap(title=self.title, path=path, children=tuple(topics))


def part_of(tree: Roadmap, link: str, history: History = EMPTY) -> RoadmapPart:
    """The part of the roadmap `tree` (its link: its path without `.md`; its history of
    status changes)."""
    item = RoadmapSummary(tree, link, {}, history)
    block = _Block()
    counts = progress(tree.topics())
    overview = _overview(block, item, counts)
    pace = _pace_line(block, item, counts)
    _over_time(block, item, counts)
    _by_section(block, item)
    doing: list[Topic] = []
    other: list[Topic] = []
    started = False
    total = 0
    for topic in tree.topics():
        total += 1
        if topic.status is not Status.TODO:
            started = True
        if topic.status.finished:
            continue
        found = doing if topic.status is Status.DOING else other
        if len(found) < NEXT_UP:
            found.append(topic)
    named_ids = {id(t) for t in (*doing, *other)}
    named = tuple((t.id, t.title, t.status) for t in tree.topics() if id(t) in named_ids)
    return RoadmapPart(
        tree.title,
        overview,
        pace,
        tuple(block.lines),
        (counts.todo, counts.doing, counts.done, counts.skipped),
        block.plain,
        named,
        started,
        total,
        (counts.remaining_low, counts.remaining_high),
    )


def assemble(
    parts: Sequence[tuple[RoadmapPart, RoadmapSummary]],
    completed: Sequence[Completed],
    *,
    overlap: Sequence[OverlapLine] = (),
    removed: Sequence[RemovedNote] = (),
    history: History = EMPTY,
) -> str:
    """The block `render_summary` renders, from each roadmap's part and an item whose
    tree "Next up" reads (the roadmap's own, or `RoadmapPart.next_up_tree`); `history`:
    the status changes of all the roadmaps of `parts`."""
    block = _Block()
    block.lines += [BEGIN, "", "# Progress", "", FINISHED, ""]
    totals = dict.fromkeys(Status, 0)
    low = high = 0.0
    for part, _ in parts:
        for status, count in zip(_ORDER, part.counts, strict=True):
            totals[status] += count
        low, high = low + part.remaining[0], high + part.remaining[1]
        block.lines.append(part.overview)
        block.plain = block.plain and part.plain
    block.lines += [
        "",
        "```mermaid",
        "pie showData title All topics",
        *(f'    "{status.value}" : {totals[status]}' for status in Status),
        "```",
    ]
    block.lines += pace_section(history, totals, (low, high), [part.pace for part, _ in parts])
    upcoming = _upcoming(block, [item for _, item in parts])
    if upcoming:
        block.lines += ["", "## Next up", "", *upcoming]
    recent = sorted(completed, key=lambda c: (c.date, c.note), reverse=True)[:RECENT]
    if recent:
        block.lines += ["", "## Recently completed", ""]
        block.lines += [
            f"- {c.date.isoformat()} {block.link(c.note, c.title)}"
            f" — {block.text(link_text(c.roadmap_title))}"
            for c in recent
        ]
    _removed(block, removed)
    _shared(block, overlap)
    for part, _ in parts:
        block.lines += part.sections
    block.lines += ["", END]
    text = "\n".join(block.lines) + "\n"
    return text if block.plain else canonical(text)
