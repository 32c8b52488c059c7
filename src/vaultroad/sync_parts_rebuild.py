"""Summary parts of an earlier version's format, made again from their roadmaps.

The state keeps each roadmap's part of the summary (`sync_summary_parts`) so
that a run does not read the roadmaps outside its scope. A part this version
cannot read (a vaultroad that changed what a part holds) is made again from
its roadmap, without planning it: the roadmap's bytes are those the state
recorded (else it would be in the scope), so its tree is the one the part
was made from, and its notes and history are the state's. One roadmap is in
memory at a time, and the parts are written back with the run's state, so
an upgrade on a vault of thousands of roadmaps costs one read of each, not
a sync of the whole vault at once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection

from .errors import VaultroadError
from .history import EMPTY
from .state_db import StateStore
from .sync_context import SyncContext
from .sync_history import roadmap_histories
from .sync_incremental import WiderScope
from .sync_read import read_roadmap, tree_cache
from .sync_summary_parts import RoadmapPart, part_of

__all__ = ["rebuild_parts"]


def rebuild_parts(
    ctx: SyncContext, store: StateStore, names: Collection[str]
) -> dict[str, RoadmapPart]:
    """The parts of the roadmaps `names` (outside the scope), made from their files.

    Raises `WiderScope` for those that cannot be read as the state recorded
    them (changed since, or unreadable): they are read and planned instead.
    """
    recorded = store.files("roadmap")
    histories = roadmap_histories(ctx, names, {})
    cache = tree_cache(ctx)
    parts: dict[str, RoadmapPart] = {}
    unreadable: set[str] = set()
    for name in names:
        saved = recorded.get(name)
        loaded = None
        # Unreadable: the roadmap is planned instead, which says why.
        with contextlib.suppress(VaultroadError):
            if saved is not None:
                loaded = read_roadmap(ctx, cache, ctx.vault.root / name, name, saved[3])
        if loaded is None:
            unreadable.add(name)
            continue
        tree = loaded.tree
        notes = dict(store.notes_of_topics([topic.id for topic in tree.topics()]))
        parts[name] = part_of(
            tree,
            name.removesuffix(".md"),
            histories.get(name, EMPTY),
            {key: note.removesuffix(".md") for key, note in notes.items()},
        )
    if unreadable:
        raise WiderScope(unreadable, "summary parts the state kept are unreadable")
    return parts
