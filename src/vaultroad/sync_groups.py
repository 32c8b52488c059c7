"""The vault's shared topics, found without loading the roadmaps a run does not plan.

A note lists the same topic's notes in other roadmaps ("Also in"), so a
group of shared topics (`shared`) spans roadmaps a run may not read. The
state keeps each roadmap's candidates (`shared.roadmap_candidates`): the
groups of the whole vault are found from those of the unchanged roadmaps
and the fresh ones of the roadmaps read. Each topic's entry keeps a digest
of its group as its note shows it (members, their notes and roadmap
titles); a topic outside the run's scope whose group changed needs its note
written again, so its roadmap joins the scope (`WiderScope`).
"""

from __future__ import annotations

import json

from .digest import blake2b
from .shared import Candidate, SharedTopics, roadmap_candidates, shared_groups
from .state_db import StateStore
from .sync_context import LoadedRoadmap, SyncContext
from .sync_incremental import WiderScope
from .sync_places import TopicPlace

__all__ = ["candidates_json", "find_groups"]


def candidates_json(found: list[Candidate]) -> str:
    """A roadmap's candidates as the state keeps them."""
    return json.dumps(
        [[c.topic_id, c.title, c.line, list(c.keys)] for c in found],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _candidates(text: str) -> list[Candidate]:
    return [Candidate(key, title, line, tuple(keys)) for key, title, line, keys in json.loads(text)]


def find_groups(
    ctx: SyncContext,
    store: StateStore,
    roadmaps: list[LoadedRoadmap],
    places: dict[str, TopicPlace],
) -> None:
    """Set `ctx.shared` (the groups of the whole vault), `ctx.outside` (what a note
    shows of a member outside the scope) and `ctx.group_digests`; raise `WiderScope`
    for roadmaps outside the scope whose notes show a group that changed."""
    same = ctx.vault.config.shared_same
    fresh = {loaded.relative: roadmap_candidates(loaded.tree) for loaded in roadmaps}
    ctx.candidates = fresh
    scope = ctx.scope
    if scope is None:
        ctx.shared = shared_groups(sorted(fresh.items()), same)
        ctx.group_digests = _digests(ctx, ctx.shared, places)
        return
    found = dict(fresh)
    for path, text in store.blobs("keys"):
        if path not in scope:
            found[path] = _candidates(text)
    ctx.shared = shared_groups(sorted(found.items()), same)
    outside = [m.topic_id for g in ctx.shared.groups for m in g if m.roadmap not in scope]
    titles = {path: row.title for path, row in store.roadmaps().items()}
    ctx.outside = {
        key: (note.removesuffix(".md"), titles.get(roadmap, ""))
        for key, (note, roadmap, removed) in store.members(outside).items()
        if not removed
    }
    digests = _digests(ctx, ctx.shared, places)
    wider: set[str] = set()
    seen: set[str] = set()
    for key, roadmap, saved in store.grouped():
        if roadmap not in scope:
            seen.add(key)
            if digests.get(key, "") != saved:
                wider.add(roadmap)
    for group in ctx.shared.groups:
        for member in group:
            if member.roadmap not in scope and member.topic_id not in seen:
                wider.add(member.roadmap)  # newly shared: its note gets "Also in"
    if wider:
        raise WiderScope(wider, "groups of shared topics changed")
    ctx.group_digests = digests


def _digests(
    ctx: SyncContext, shared: SharedTopics, places: dict[str, TopicPlace]
) -> dict[str, str]:
    """topic id → a digest of its group as the notes of its members show it."""
    digests: dict[str, str] = {}
    for group in shared.groups:
        digest = blake2b(digest_size=8)
        for member in group:
            shown = ctx.member(member.topic_id, places)
            if shown is not None:
                digest.update(
                    f"{member.topic_id}\0{shown[0]}\0{shown[1]}\n".encode("utf-8", "surrogatepass")
                )
        value = digest.hexdigest()
        for member in group:
            digests[member.topic_id] = value
    return digests
