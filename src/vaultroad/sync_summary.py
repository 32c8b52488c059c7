"""The progress summary (`Progress.md`): rendered from this run's trees and state."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

from .errors import VaultroadError
from .model import Roadmap, Status
from .shared import overlap
from .source import decode
from .state import State
from .summary import (
    Completed,
    OverlapLine,
    RemovedNote,
    RoadmapSummary,
    new_summary_note,
    render_summary,
    update_summary,
)
from .sync_context import SyncContext
from .sync_files import Planned
from .sync_places import TopicPlace
from .sync_report import SyncIssue

__all__ = ["plan_summary"]


def plan_summary(
    ctx: SyncContext,
    trees: dict[str, Roadmap],
    places: dict[str, TopicPlace],
    new_state: State,
) -> Planned | None:
    """The summary note's new text, or None when it needs no write (or must not get one)."""
    relative = ctx.vault.config.summary
    path = ctx.vault.root / relative
    note_links = {i: p.note.removesuffix(".md") for i, p in places.items()}  # shared
    items = [
        RoadmapSummary(tree, name.removesuffix(".md"), note_links) for name, tree in trees.items()
    ]
    done = [
        Completed(
            dt.date.fromisoformat(entry.completed),
            entry.note.removesuffix(".md"),
            places[topic_id].topic.title if topic_id in places else entry.note,
            places[topic_id].roadmap_tree.title if topic_id in places else "",
        )
        for topic_id, entry in new_state.topics.items()
        if entry.completed and entry.status is Status.DONE
    ]
    statuses = {topic_id: entry.status for topic_id, entry in new_state.topics.items()}
    shared = [
        OverlapLine(
            trees[item.source].title,
            item.source.removesuffix(".md"),
            trees[item.target].title,
            item.target.removesuffix(".md"),
            item.shared,
            item.done,
            item.target_total,
        )
        for item in overlap(ctx.shared, list(trees.items()), statuses)
    ]
    removed = [
        RemovedNote(
            entry.note.removesuffix(".md"),
            entry.title,
            trees[entry.roadmap].title
            if entry.roadmap in trees
            else PurePosixPath(entry.roadmap).stem,
            dt.date.fromisoformat(entry.removed),
        )
        for entry in new_state.topics.values()
        if entry.removed
    ]
    block = render_summary(items, done, overlap=shared, removed=removed)
    try:
        data: bytes | None
        data = ctx.files.read(path, relative)
    except VaultroadError as error:
        if path.exists() or path.is_symlink():
            ctx.problem(relative, error)
            return None
        data = None
    if data is None:
        return Planned(path, relative, "summary", new_summary_note(block), None)
    try:
        text = decode(data, relative)
    except VaultroadError as error:
        ctx.problem(relative, error)
        return None
    try:
        new_text = update_summary(text, block, relative)
    except VaultroadError as error:  # two blocks, a lone marker
        ctx.problem(relative, error)
        return None
    if new_text is None:
        ctx.problems.append(
            SyncIssue(relative, "summary note has no vaultroad block; not overwritten")
        )
        return None
    if new_text.encode("utf-8", "surrogatepass") == data:
        return None
    return Planned(path, relative, "summary", new_text, data)
