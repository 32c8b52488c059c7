"""The progress summary (`Progress.md`): rendered from this run's trees and the state.

Its "Pace" reads the history of status changes: the state's, and this run's
changes (`sync_history`), which the state records when the run is saved.
"""

from __future__ import annotations

import datetime as dt
import heapq
import io
from collections import ChainMap
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from .errors import VaultroadError
from .history import EMPTY, History
from .model import Roadmap, Status
from .state import State, TopicState
from .state_db import StateStore
from .summary import (
    RECENT,
    Completed,
    OverlapLine,
    RemovedNote,
    SummaryFrame,
    new_summary_note,
)
from .summary_reading import read_frame
from .sync_context import SyncContext
from .sync_files import Planned
from .sync_history import by_roadmap, roadmap_histories, run_changes
from .sync_overlap import shown_overlap, updated_overlap
from .sync_parts_rebuild import rebuild_parts
from .sync_places import TopicPlace
from .sync_report import SyncIssue
from .sync_summary_parts import PartsInOrder, RoadmapPart, assembled_lines, part_of, slim

__all__ = ["SummaryInputs", "plan_summary", "summary_inputs"]


@dataclass
class SummaryInputs:
    """What the summary shows of the roadmaps a run read (`summary_inputs`): their
    parts, the topics completed, the statuses of shared topics and the removed ones.
    A run that reads its roadmaps a few at a time adds those of each batch (`add`)."""

    parts: MutableMapping[str, RoadmapPart] = field(default_factory=dict)
    done: list[Completed] = field(default_factory=list)
    statuses: dict[str, Status] = field(default_factory=dict)
    removed: list[TopicState] = field(default_factory=list)
    # This run's status changes, per roadmap (`sync_history.by_roadmap`).
    histories: dict[str, History] = field(default_factory=dict)

    def add(self, other: SummaryInputs) -> None:
        self.parts.update(other.parts)
        self.done = _recent(self.done + other.done)
        self.statuses.update(other.statuses)
        self.removed += other.removed
        for roadmap, history in other.histories.items():
            self.histories[roadmap] = self.histories.get(roadmap, EMPTY).merged(history)


def summary_inputs(
    ctx: SyncContext,
    trees: dict[str, Roadmap],
    places: dict[str, TopicPlace],
    new_state: State,
) -> SummaryInputs:
    """What the summary shows of the roadmaps of `trees` (as this run's writes leave
    them)."""
    inputs = SummaryInputs()
    inputs.histories = by_roadmap(run_changes(ctx, new_state))
    histories = roadmap_histories(ctx, trees.keys(), inputs.histories)
    notes: dict[str, dict[str, str]] = {name: {} for name in trees}
    for key, place in places.items():
        if place.roadmap in notes:
            notes[place.roadmap][key] = place.note.removesuffix(".md")
    inputs.parts = {
        name: part_of(tree, name.removesuffix(".md"), histories.get(name, EMPTY), notes[name])
        for name, tree in trees.items()
    }
    inputs.done = _recent(
        Completed(
            dt.date.fromisoformat(entry.completed),
            entry.note.removesuffix(".md"),
            places[topic_id].topic.title if topic_id in places else entry.note,
            places[topic_id].roadmap_tree.title if topic_id in places else "",
        )
        for topic_id, entry in new_state.topics.items()
        if entry.completed and entry.status is Status.DONE
    )
    inputs.statuses = _member_statuses(ctx, trees, new_state)
    inputs.removed = [entry for entry in new_state.topics.values() if entry.removed]
    return inputs


def _block(ctx: SyncContext, inputs: SummaryInputs) -> Iterator[str]:
    """The summary's managed block, as lines (the last one ""), given as they are made.

    `inputs` show the roadmaps this run read; those outside its scope are shown
    as the state keeps them (`sync_summary_parts`), their notes and completion
    dates read from it.
    """
    # Not copied: a first sync in batches keeps them packed (`PackedParts`), each
    # unpacked only when `assembled_lines` comes to it; the state's parts of the
    # roadmaps outside the scope are kept `slim`.
    parts: Mapping[str, RoadmapPart] = inputs.parts
    done = list(inputs.done)
    if ctx.scope is not None and ctx.store is not None:
        parts = ChainMap(_kept_parts(ctx, ctx.store, ctx.scope), inputs.parts)
        done += [
            Completed(
                dt.date.fromisoformat(date),
                note.removesuffix(".md"),
                title,
                parts[roadmap].title if roadmap in parts else "",
            )
            for date, note, title, roadmap in ctx.store.completed(ctx.scope, RECENT)
        ]
    order = sorted(parts)
    titles: dict[str, str] = {}
    totals: dict[str, int] = {}
    for name in order:
        part = parts[name]
        titles[name], totals[name] = part.title, part.total
    statuses = dict(ctx.outside_statuses)
    statuses.update(inputs.statuses)
    if ctx.kept_overlap is not None and ctx.scope is not None:
        overlaps, ctx.overlap_choice = updated_overlap(
            ctx.kept_overlap, ctx.shared, ctx.scope, totals, statuses
        )
    else:
        overlaps, ctx.overlap_choice = shown_overlap(
            ctx.shared,
            titles,
            totals,
            statuses,
            ctx.store.meta("overlap") if ctx.store is not None else None,
        )
    shared_lines = [
        OverlapLine(
            titles[item.source],
            item.source.removesuffix(".md"),
            titles[item.target],
            item.target.removesuffix(".md"),
            item.shared,
            item.done,
            item.target_total,
        )
        for item in overlaps
    ]
    removed = [
        RemovedNote(
            entry.note.removesuffix(".md"),
            entry.title,
            titles[entry.roadmap] if entry.roadmap in titles else PurePosixPath(entry.roadmap).stem,
            dt.date.fromisoformat(entry.removed),
        )
        for entry in inputs.removed
        if entry.removed
    ]
    histories = roadmap_histories(ctx, None, inputs.histories)
    return assembled_lines(
        PartsInOrder(order, parts),
        done,
        overlap=shared_lines,
        removed=removed,
        history=EMPTY.merged(*(histories[name] for name in order if name in histories)),
    )


def plan_summary(ctx: SyncContext, inputs: SummaryInputs) -> Planned | None:
    """The summary note's new text, or None when it needs no write (or must not get one).

    A large vault's summary is tens of megabytes: the note is read and only what
    surrounds its block is kept before the new block is built, and the note with the
    new block is joined in one copy (`summary.SummaryFrame`).
    """
    relative = ctx.vault.config.summary
    path = ctx.vault.root / relative
    try:
        data: bytes | None
        data = ctx.files.read(path, relative)
    except VaultroadError as error:
        if path.exists() or path.is_symlink():
            ctx.problem(relative, error)
            return None
        data = None
    if data is None:
        note = _encoded(SummaryFrame(new_summary_note(""), "", "\n"), _block(ctx, inputs))
        assert note is not None  # nothing to be the same as
        return Planned(path, relative, "summary", note, None)
    try:
        frame = read_frame(data, relative)
    except VaultroadError as error:  # not UTF-8; two blocks, a lone marker
        ctx.problem(relative, error)
        return None
    if frame is None:
        ctx.problems.append(
            SyncIssue(relative, "summary note has no vaultroad block; not overwritten")
        )
        return None
    new_data = _encoded(frame, _block(ctx, inputs), data)
    if new_data is None:
        return None
    return Planned(path, relative, "summary", new_data, data)


# Lines encoded at a time (`_encoded`): some hundreds of kilobytes.
_CHUNK_LINES = 4096


def _encoded(frame: SummaryFrame, lines: Iterable[str], old: bytes | None = None) -> bytes | None:
    """`frame.around(list(lines))` as UTF-8, made a chunk of lines at a time (a large
    vault's summary as one string, two bytes a character once it holds a "—", as a
    list of lines and as bytes need not all be in memory); None when that is `old`.

    The chunks before the first that differs from `old` are let go once compared,
    and taken from `old` when the note is joined: the summary of a sync that
    changed nothing it shows is never held twice.
    """
    note = _NoteComparedWithFile(old)
    newline = frame.newline
    chunk: list[str] = []
    for line in lines:
        if len(chunk) == _CHUNK_LINES:  # a full chunk, and not the last: the tail goes last
            note.add(newline.join(chunk) + newline)
            chunk = []
        chunk.append(line if note.started or chunk else frame.head + line)
    if not chunk:
        note.add(frame.head + frame.tail)
    else:
        chunk[-1] += frame.tail
        note.add(newline.join(chunk))
    return note.joined()


class _NoteComparedWithFile:
    """A note's bytes, given a chunk at a time, compared with what the file holds.

    From the first chunk that differs, the note is written into one growing
    buffer (`io.BytesIO`, whose `getvalue` hands over that buffer without a
    copy when nothing else holds it): the chunks are never all held beside the
    note they are joined into.
    """

    def __init__(self, old: bytes | None) -> None:
        self._old = old
        self._same = 0  # how many bytes from the start are those of `old`
        self._rest: io.BytesIO | None = None  # the note, from the first chunk that differs
        self.started = False

    def add(self, text: str) -> None:
        self.started = True
        data = text.encode("utf-8", "surrogatepass")
        old = self._old
        if self._rest is None and old is not None and old.startswith(data, self._same):
            self._same += len(data)
            return
        if self._rest is None:
            self._rest = io.BytesIO()
            if old is not None:
                self._rest.write(memoryview(old)[: self._same])
        self._rest.write(data)

    def joined(self) -> bytes | None:
        old = self._old
        if self._rest is not None:
            return self._rest.getvalue()
        if old is None:
            return b""  # nothing was added
        if self._same == len(old):
            return None
        return old[: self._same]  # the note is the start of the file


def _kept_parts(ctx: SyncContext, store: StateStore, scope: set[str]) -> dict[str, RoadmapPart]:
    """The parts the state keeps of every roadmap outside `scope`, kept `slim` (those of a
    format this version cannot read made again, and kept with the run's state)."""
    parts: dict[str, RoadmapPart] = {}
    unreadable: list[str] = []
    for name, text in store.blobs("part"):
        if name not in scope:
            try:
                parts[name] = slim(RoadmapPart.from_json(text))
            except (ValueError, TypeError, IndexError, KeyError):
                unreadable.append(name)
    if unreadable:
        ctx.rebuilt_parts = rebuild_parts(ctx, store, unreadable)
        parts.update(ctx.rebuilt_parts)
    return parts


def _recent(completed: Iterable[Completed]) -> list[Completed]:
    """The `RECENT` latest completions, all the summary shows (as it orders them): a
    first sync of a large vault does not hold every completion of every batch."""
    return heapq.nlargest(RECENT, completed, key=lambda c: (c.date, c.note))


def _member_statuses(
    ctx: SyncContext, trees: dict[str, Roadmap], new_state: State
) -> dict[str, Status]:
    """The shared topics of the roadmaps read that are done (as this run settled them,
    else, left unsettled, as their roadmaps have them): only "done" counts in the
    overlap (`sync_overlap`)."""
    found: dict[str, Status] = {}
    for tree in trees.values():
        for topic in tree.topics():
            key = topic.id
            if ctx.shared.group_number(key) is None:
                continue
            entry = new_state.topics.get(key)
            if (entry.status if entry is not None else topic.status) is Status.DONE:
                found[key] = Status.DONE
    return found
