"""The summary block from parts kept per roadmap: a sync renders only the roadmaps it read.

Nearly all of `Progress.md` is per roadmap: its line in the list of
roadmaps, its line under "Pace", its burn-up and its lines "by section",
which depend on that roadmap alone (its tree, its link and its history: a
roadmap's history changes only in a run that reads it), and its lines under
"Next up" (its topics' note links change only in a run that reads it). A
sync keeps those lines in the state with the roadmap's counts
(`RoadmapPart`), renders them again only for the roadmaps it read, and
assembles the block from the parts as `summary.render_summary` lays it out:
the same lines in the same order, passed through mdformat exactly when some
text in them needs it. The rest (totals, the pace of all roadmaps, which
roadmaps "Next up" lists, recently completed, removed and shared topics) is
rendered by `summary`'s
own functions on every run.

The layout is `render_summary`'s; `tests/test_sync_incremental.py` renders
both ways and compares them, so a change to the summary's layout that is not
made here too fails the tests.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, replace
from typing import overload

from .history import EMPTY, History
from .model import Roadmap, Status
from .notes import BEGIN, END, canonical, link_text
from .serialize import progress
from .summary import (
    FINISHED,
    RECENT,
    Completed,
    NextUp,
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
    next_up,
    pace_section,
    upcoming,
)

__all__ = [
    "JoinedLines",
    "PackedParts",
    "PartsInOrder",
    "RoadmapPart",
    "assembled_lines",
    "part_of",
    "slim",
]

_ORDER = (Status.TODO, Status.DOING, Status.DONE, Status.SKIPPED)  # as `RoadmapPart.counts`


@dataclass(frozen=True, slots=True)
class RoadmapPart:
    """What the summary shows of one roadmap, and what its totals and "Next up" need."""

    title: str
    overview: str  # its line in the list of roadmaps
    pace: str  # its line under "Pace"
    # Its burn-up and its "by section" lines, headings included; () when none.
    sections: Sequence[str]
    counts: tuple[int, int, int, int]  # todo, doing, done, skipped
    plain: bool  # every text in those lines is one mdformat keeps as it is
    next_up: NextUp  # its lines under "Next up" (shown when the summary lists it)
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
                list(self.next_up.lines),
                self.next_up.started,
                self.next_up.plain,
                self.total,
                list(self.remaining),
            ],
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> RoadmapPart:
        # A part of an earlier version has fewer fields: ValueError, and the roadmap
        # is read again.
        (
            title,
            overview,
            pace,
            sections,
            counts,
            plain,
            next_lines,
            started,
            next_plain,
            total,
            remaining,
        ) = json.loads(text)
        return cls(
            str(title),
            str(overview),
            str(pace),
            tuple(str(line) for line in sections),
            (int(counts[0]), int(counts[1]), int(counts[2]), int(counts[3])),
            bool(plain),
            NextUp(tuple(str(line) for line in next_lines), bool(started), bool(next_plain)),
            int(total),
            (float(remaining[0]), float(remaining[1])),
        )


class PackedParts(MutableMapping[str, RoadmapPart]):
    """Roadmap path → its part, each kept as its JSON (`RoadmapPart.to_json`, which
    `from_json` reads back as it was), compressed: a part's burn-up bars and lines
    "by section" are some 10 KB of strings, and a first sync of a large vault holds
    the parts of thousands of roadmaps until the summary is written. A part is made
    again each time it is asked for."""

    def __init__(self) -> None:
        self._packed: dict[str, bytes] = {}

    def __setitem__(self, name: str, part: RoadmapPart) -> None:
        self._packed[name] = zlib.compress(part.to_json().encode("utf-8", "surrogatepass"), 1)

    def __getitem__(self, name: str) -> RoadmapPart:
        text = zlib.decompress(self._packed[name]).decode("utf-8", "surrogatepass")
        return RoadmapPart.from_json(text)

    def __delitem__(self, name: str) -> None:
        del self._packed[name]

    def __contains__(self, name: object) -> bool:
        return name in self._packed

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


class JoinedLines(Sequence[str]):
    """Lines kept as one UTF-8 string of bytes, split again each time they are gone
    through: a part's lines "by section" (a burn-up and a line per section, some
    10 KB of short strings) as `slim` keeps them. Equal to any sequence of the
    same lines, a tuple included."""

    __slots__ = ("_joined",)

    def __init__(self, lines: Sequence[str]) -> None:
        # Lines holding no newline (`slim` checks), at least one.
        self._joined = "\n".join(lines).encode("utf-8", "surrogatepass")

    def _lines(self) -> list[str]:
        return self._joined.decode("utf-8", "surrogatepass").split("\n")

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._lines()[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self._lines())

    def __len__(self) -> int:
        return self._joined.count(b"\n") + 1

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return list(self) == list(other)

    def __hash__(self) -> int:
        return hash(tuple(self))


def slim(part: RoadmapPart) -> RoadmapPart:
    """`part`, equal to it, with its lines "by section" kept as one string of bytes
    (`JoinedLines`): a sync that reads a few roadmaps of a large vault shows every
    other roadmap as the state keeps its part, thousands of them at once."""
    sections = part.sections
    if not sections or any("\n" in line for line in sections):
        return part  # none, or a line the newline joining them would split
    return replace(part, sections=JoinedLines(sections))


class PartsInOrder(Sequence[RoadmapPart]):
    """The parts of `names` from `parts`, in that order, each looked up when it is
    asked for (`assembled_lines` goes through them twice: parts kept packed are not
    all unpacked at once)."""

    def __init__(self, names: Sequence[str], parts: Mapping[str, RoadmapPart]) -> None:
        self._names = names
        self._parts = parts

    @overload
    def __getitem__(self, index: int) -> RoadmapPart: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[RoadmapPart]: ...

    def __getitem__(self, index: int | slice) -> RoadmapPart | Sequence[RoadmapPart]:
        if isinstance(index, slice):
            return PartsInOrder(self._names[index], self._parts)
        return self._parts[self._names[index]]

    def __iter__(self) -> Iterator[RoadmapPart]:
        return (self._parts[name] for name in self._names)

    def __len__(self) -> int:
        return len(self._names)


def part_of(
    tree: Roadmap, link: str, history: History = EMPTY, notes: Mapping[str, str] | None = None
) -> RoadmapPart:
    """The part of the roadmap `tree` (its link: its path without `.md`; its history of
    status changes; topic id → note link of its topics, for "Next up")."""
    item = RoadmapSummary(tree, link, dict(notes or {}), history)
    block = _Block()
    counts = progress(tree.topics())
    overview = _overview(block, item, counts)
    pace = _pace_line(block, item, counts)
    _over_time(block, item, counts)
    _by_section(block, item)
    return RoadmapPart(
        tree.title,
        overview,
        pace,
        tuple(block.lines),
        (counts.todo, counts.doing, counts.done, counts.skipped),
        block.plain,
        next_up(item),
        counts.total,
        (counts.remaining_low, counts.remaining_high),
    )


def assembled_lines(
    parts: Sequence[RoadmapPart],
    completed: Sequence[Completed],
    *,
    overlap: Sequence[OverlapLine] = (),
    removed: Sequence[RemovedNote] = (),
    history: History = EMPTY,
) -> Iterator[str]:
    """The block `render_summary` renders, from each roadmap's part, as lines (the last
    one ""), given as they are made; `history`: the status changes of all the
    roadmaps of `parts`. Most of a large vault's block is its roadmaps' lines "by
    section", which come last and are given a part at a time (with `PartsInOrder`,
    each part is unpacked only then), unless the block is one mdformat has to go
    through as a whole."""
    block = _Block()
    block.lines += [BEGIN, "", "# Progress", "", FINISHED, ""]
    totals = dict.fromkeys(Status, 0)
    low = high = 0.0
    paces: list[str] = []
    next_ups: list[NextUp] = []
    # One pass for everything but the sections' lines, one for those: each pass over
    # parts kept packed unpacks every part again.
    for part in parts:
        for status, count in zip(_ORDER, part.counts, strict=True):
            totals[status] += count
        low, high = low + part.remaining[0], high + part.remaining[1]
        block.lines.append(part.overview)
        block.plain = block.plain and part.plain
        paces.append(part.pace)
        next_ups.append(part.next_up)
    block.lines += [
        "",
        "```mermaid",
        "pie showData title All topics",
        *(f'    "{status.value}" : {totals[status]}' for status in Status),
        "```",
    ]
    block.lines += pace_section(history, totals, (low, high), paces)
    shown = upcoming(block, next_ups)
    if shown:
        block.lines += ["", "## Next up", "", *shown]
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
    if block.plain:  # the sections' lines add nothing mdformat would change
        yield from block.lines
        for part in parts:
            yield from part.sections
        yield from ["", END, ""]
        return
    for part in parts:
        block.lines += part.sections
    block.lines += ["", END, ""]
    yield from canonical("\n".join(block.lines)).split("\n")
