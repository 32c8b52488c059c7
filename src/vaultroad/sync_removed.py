"""Notes whose topic left its roadmap: kept, marked, and reported on every run.

A topic deleted from its roadmap (or edited beyond recognition, or in a
roadmap file that is gone) keeps its note where it is: the note is the
learner's. Its frontmatter gets `removed: <date>` (`note_marks`), the state
keeps its entry (so the topic can still be recognised if it comes back, or
be relinked by hand), and every sync reports it, `Progress.md` lists it and
`check` flags it, until the topic comes back, is relinked, or the note is
deleted. A topic whose roadmap could not be read this run is not gone: its
entry is kept as it was.
"""

from __future__ import annotations

import dataclasses

from .errors import VaultroadError
from .fileio import Stamp
from .note_front import read_front_matter
from .note_marks import mark_removed, retarget_roadmap
from .notes import NotOwnedError, find_block
from .state import State, TopicState, stamp
from .sync_context import SyncContext
from .sync_files import Planned
from .sync_places import TopicPlace
from .sync_report import RemovedTopic

__all__ = ["plan_removed", "removed_topics"]


def plan_removed(
    ctx: SyncContext,
    state: State,
    places: dict[str, TopicPlace],
    new_state: State,
    read: set[str],
) -> list[Planned]:
    """The `removed:` marks to write, with every gone topic's entry put in `new_state`."""
    planned: list[Planned] = []
    gone = [
        (topic_id, old)
        for topic_id, old in state.topics.items()
        if topic_id not in places and topic_id not in new_state.topics
    ]
    unread = {old.roadmap for _, old in gone} - read
    still_there = {path for path in unread if (ctx.vault.root / path).exists()}
    for topic_id, old in sorted(gone, key=lambda item: item[1].note):
        if topic_id in ctx.unsure or (old.removed is None and old.roadmap in still_there):
            # An unsure match may name it, or its roadmap was not read this
            # run: it is not known to be gone, and its note stays as it is.
            new_state.topics[topic_id] = old
            continue
        write = _mark(ctx, topic_id, old, state)
        if write is None:
            continue  # the note is gone, or no longer this topic's: forgotten
        entry, item = write
        new_state.topics[topic_id] = entry
        if item is not None:
            planned.append(item)
    return planned


def _mark(
    ctx: SyncContext, topic_id: str, old: TopicState, state: State
) -> tuple[TopicState, Planned | None] | None:
    path = ctx.vault.root / old.note
    now = stamp(path)
    if now is None:
        if old.removed is None:
            ctx.notices.append(f"{old.note}: its topic left {old.roadmap} and the note is gone")
        return None
    moved_to = ctx.renamed.get(old.roadmap)
    entry = dataclasses.replace(
        old, removed=old.removed or ctx.today.isoformat(), roadmap=moved_to or old.roadmap
    )
    saved = state.files.get(old.note)
    if (
        old.removed
        and moved_to is None
        and saved is not None
        and (saved.size, saved.mtime_ns) == (now.size, now.mtime_ns)
    ):
        ctx.files.unchanged(old.note, Stamp(now.size, now.mtime_ns))
        return entry, None
    try:
        data, text = ctx.files.read_text(path, old.note)
        front = read_front_matter(text, old.note)
        if front.get("topic") not in (None, topic_id):
            return None  # the file now holds another topic's note
        find_block(text, old.note)
        new_text = mark_removed(text, ctx.today, old.note)
        if moved_to is not None:
            # Its roadmap was renamed: the note's links to it follow, so none breaks.
            new_text = retarget_roadmap(new_text, _link(old.roadmap), _link(moved_to), old.note)
    except NotOwnedError:
        return entry, None  # not vaultroad's to write any more; still reported
    except VaultroadError as error:
        ctx.problem(old.note, error)
        return entry, None
    if new_text == text:
        return entry, None
    new_data = new_text.encode("utf-8", "surrogatepass")
    return entry, Planned(path, old.note, "note", new_data, data, [], [topic_id])


def _link(roadmap: str) -> str:
    return roadmap.removesuffix(".md")


def removed_topics(entries: dict[str, TopicState]) -> tuple[RemovedTopic, ...]:
    """The notes a report lists as removed, in note order."""
    return tuple(
        RemovedTopic(note=entry.note, title=entry.title, roadmap=entry.roadmap, since=entry.removed)
        for entry in sorted(entries.values(), key=lambda entry: entry.note)
        if entry.removed is not None
    )
