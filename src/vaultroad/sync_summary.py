"""The progress summary (`Progress.md`): rendered from this run's trees and the state."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

from .errors import VaultroadError
from .model import Roadmap, Status
from .shared import overlap
from .source import decode
from .state import State
from .state_db import StateStore
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
from .sync_outline import outline_tree
from .sync_places import TopicPlace
from .sync_report import SyncIssue

__all__ = ["plan_summary"]


def plan_summary(
    ctx: SyncContext,
    trees: dict[str, Roadmap],
    places: dict[str, TopicPlace],
    new_state: State,
) -> Planned | None:
    """The summary note's new text, or None when it needs no write (or must not get one).

    `trees` are the roadmaps this run read, as its writes leave them; the
    roadmaps outside its scope are counted from the outlines the state keeps
    (`sync_outline`), their notes and completion dates read from it.
    """
    relative = ctx.vault.config.summary
    path = ctx.vault.root / relative
    note_links = _NoteLinks({i: p.note.removesuffix(".md") for i, p in places.items()})  # shared
    titles = {name: tree.title for name, tree in trees.items()}
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
    if ctx.scope is not None and ctx.store is not None:
        trees = _with_outlines(ctx.store, trees, ctx.scope)
        note_links.store = ctx.store
        rows = ctx.store.roadmaps()
        done += [
            Completed(
                dt.date.fromisoformat(date),
                note.removesuffix(".md"),
                title,
                rows[roadmap].title if roadmap in rows else "",
            )
            for date, note, title, roadmap in ctx.store.completed(ctx.scope)
        ]
        titles = {name: tree.title for name, tree in trees.items()}
    items = [
        RoadmapSummary(tree, name.removesuffix(".md"), note_links) for name, tree in trees.items()
    ]
    statuses = {topic_id: entry.status for topic_id, entry in new_state.topics.items()}
    shared = [
        OverlapLine(
            titles[item.source],
            item.source.removesuffix(".md"),
            titles[item.target],
            item.target.removesuffix(".md"),
            item.shared,
            item.done,
            item.target_total,
        )
        # A topic outside the scope is as its roadmap's outline has it.
        for item in overlap(ctx.shared, list(trees.items()), statuses)
    ]
    removed = [
        RemovedNote(
            entry.note.removesuffix(".md"),
            entry.title,
            titles[entry.roadmap] if entry.roadmap in titles else PurePosixPath(entry.roadmap).stem,
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


class _NoteLinks(dict[str, str]):
    """topic id → note link: this run's, and the state's for the roadmaps it did not read
    (looked up only for the few topics the summary lists by name)."""

    store: StateStore | None = None

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        found = super().get(key)
        if found is None and self.store is not None:
            note = self.store.note_of(key)
            found = None if note is None else note.removesuffix(".md")
        return default if found is None else found


def _with_outlines(
    store: StateStore, trees: dict[str, Roadmap], scope: set[str]
) -> dict[str, Roadmap]:
    """`trees` and the outline trees of every other roadmap of the last sync, in path order."""
    every = dict(trees)
    shared_titles: dict[str, str] = {}
    for name, text in store.blobs("outline"):
        if name not in scope:
            every[name] = outline_tree(text, name, shared_titles)
    return {name: every[name] for name in sorted(every)}
