"""Each topic's status settled three ways: the roadmap's, its note's, and the last sync's.

For every topic, R is its status in the roadmap, N the `status:` of its
note and S the status both had at the last sync. R changed only → the note
follows; N changed only → the roadmap follows; both changed to different
values → a conflict, reported, and nothing written for that topic. With no
S a disagreement is a conflict too, unless `prefer` says which side wins.

With `[tasks] done_dates`, a done checklist item's Tasks date (`✅ 2024-04-13`)
is its completion date: the roadmap line says when, and the note follows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .done_dates import done_on
from .errors import VaultroadError
from .fileio import Stamp
from .model import Status
from .note_front import raw_value, read_front_matter
from .note_marks import REMOVED_KEY
from .notes import AmbiguousBlockError, NotOwnedError, find_block, note_completed, note_status
from .state import FileStamp, State, TopicState, stamp
from .sync_context import SyncContext
from .sync_places import TopicPlace
from .sync_report import Conflict, SyncIssue

__all__ = ["NoteSide", "Settled", "settle"]


@dataclass(slots=True)
class NoteSide:
    """A topic's note as this run found it."""

    path: Path
    now: FileStamp | None  # its stamp now; None: no note
    data: bytes | None = None  # bytes read (b"" for an empty file); None: not read
    text: str | None = None
    status: Status | None = None  # its `status:`; None: no note to read one from
    completed: dt.date | None = None
    removed: bool = False  # its frontmatter says its topic is gone: the topic is back


@dataclass(slots=True)
class Settled:
    """What the run settled: every topic's status and completion date, its note as
    found, and the status changes each roadmap takes."""

    statuses: dict[str, Status] = field(default_factory=dict)
    dates: dict[str, dt.date | None] = field(default_factory=dict)
    notes: dict[str, NoteSide] = field(default_factory=dict)
    roadmap_changes: dict[str, dict[str, Status]] = field(default_factory=dict)


def settle(
    ctx: SyncContext, places: dict[str, TopicPlace], state: State, new_state: State
) -> Settled:
    settled = Settled()
    for topic_id, place in places.items():
        saved = state.topics.get(topic_id)
        side = _note_side(ctx, topic_id, place, saved, state)
        if side is None:
            ctx.unsettle(topic_id, state, new_state)
            continue
        wanted = _reconcile(ctx, place, side.status, saved.status if saved else None)
        if wanted is None:
            ctx.unsettle(topic_id, state, new_state)
            continue
        if wanted is not place.topic.status:
            settled.roadmap_changes.setdefault(place.roadmap, {})[topic_id] = wanted
        settled.statuses[topic_id] = wanted
        settled.dates[topic_id] = _completed(wanted, side.completed, saved, ctx.today)
        done_here = wanted is Status.DONE and place.topic.status is Status.DONE
        if done_here and ctx.vault.config.tasks_done_dates:  # the roadmap's date, if any
            settled.dates[topic_id] = done_on(place.topic) or settled.dates[topic_id]
        settled.notes[topic_id] = side
    return settled


def _note_side(
    ctx: SyncContext,
    topic_id: str,
    place: TopicPlace,
    saved: TopicState | None,
    state: State,
) -> NoteSide | None:
    """The note's status, from the state when its stamp says it did not change;
    None when the note cannot speak for the topic (reported)."""
    path = ctx.vault.root / place.note
    saved_stamp = state.files.get(place.note)
    now = stamp(path)
    side = NoteSide(path, now)
    if (
        saved is not None
        and saved.removed is None  # a topic back: its note must lose its `removed:`
        and topic_id not in ctx.restored
        and saved_stamp is not None
        and now is not None
        and (now.size, now.mtime_ns) == (saved_stamp.size, saved_stamp.mtime_ns)
    ):
        side.status = saved.status  # the note did not change since the last sync
        side.completed = dt.date.fromisoformat(saved.completed) if saved.completed else None
        ctx.files.unchanged(place.note, Stamp(now.size, now.mtime_ns))
        return side
    if now is None or now.size == 0:
        # Missing, or left empty by an interrupted create: nothing of the
        # user's is there, so the note is written whole.
        if now is not None:
            side.data = b""
        return side
    try:
        side.data, side.text = ctx.files.read_text(path, place.note)
        front = read_front_matter(side.text, place.note)
    except VaultroadError as error:
        ctx.problem(place.note, error)
        return None
    # A recognised or relinked topic's note still names its old id (`former`).
    if front.get("topic") not in (None, topic_id, saved.former if saved else None):
        ctx.problems.append(SyncIssue(place.note, f"note belongs to topic {front.get('topic')!r}"))
        return None
    try:
        find_block(side.text, place.note)
    except NotOwnedError as error:
        # Not a note vaultroad wrote (a hand-written one at the same path),
        # or one whose block is in doubt: its `status:` must not drive the roadmap.
        ctx.problems.append(_not_owned(place.note, error))
        return None
    side.removed = REMOVED_KEY in front
    side.status = note_status(front)
    side.completed = note_completed(front)
    if side.status is None:
        ctx.problems.append(_bad_status(place.note, side.text))
        return None
    return side


def _completed(
    wanted: Status, noted: dt.date | None, saved: TopicState | None, today: dt.date
) -> dt.date | None:
    """The completion date the topic's note shows."""
    if wanted is not Status.DONE:
        return None
    if noted is not None:
        return noted
    if saved is None:
        # Already done when first seen: no (made-up) completion date.
        return None
    if saved.status is not Status.DONE:
        return today  # a change to done, seen by this sync
    if saved.completed:
        # The date was recorded, but its note never got it (a write that
        # failed after the roadmap's): the state still knows it.
        return dt.date.fromisoformat(saved.completed)
    return None


def _reconcile(
    ctx: SyncContext, place: TopicPlace, note: Status | None, saved: Status | None
) -> Status | None:
    """The status both sides should have, or None for a conflict (recorded)."""
    roadmap = place.topic.status
    if note is None or roadmap is note:
        return roadmap
    if saved is not None:
        if note is saved:
            return roadmap  # only the roadmap moved
        if roadmap is saved:
            return note  # only the note moved
    if ctx.prefer == "roadmap":
        return roadmap
    if ctx.prefer == "notes":
        return note
    ctx.conflicts.append(
        Conflict(
            topic_id=place.topic.id,
            title=place.topic.title,
            roadmap=place.roadmap,
            line=place.topic.line,
            roadmap_status=roadmap,
            note_status=note,
            note=place.note,
            reason="both changed" if saved is not None else "no sync state",
        )
    )
    return None


def _not_owned(note: str, error: NotOwnedError) -> SyncIssue:
    if isinstance(error, AmbiguousBlockError):
        return SyncIssue(note, error.message, error.line)
    return SyncIssue(
        note,
        "has no %% vaultroad:begin %% … %% vaultroad:end %% block, so it is not this"
        " topic's note; its status is not read and it is left as it is (move it, or add"
        " the block)",
    )


def _bad_status(note: str, text: str) -> SyncIssue:
    """The problem with a note's `status:`, quoting what the user wrote."""
    found = raw_value(text, "status")
    choices = "todo, doing, done or skipped"
    if found is None:
        return SyncIssue(note, f"has no status: (set it to {choices}); note left as it is")
    raw, line = found
    if not raw:
        return SyncIssue(note, f"status: is empty (set it to {choices}); note left as it is", line)
    return SyncIssue(note, f"status: {raw} is not one of {choices}; note left as it is", line)
