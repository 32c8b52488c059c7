"""The status changes of one sync, and the histories the summary shows with them.

The run's changes are worked out twice, the same way: when the summary is
planned (so that it shows them) and when the state is saved (so that they
are kept), each time from the statuses the state holds from the last sync,
which neither step has overwritten yet. A topic the run could not settle
keeps its old status: no change. A topic an edit gave a new id is found
by its note, which keeps its path.

The first run that keeps a history has no statuses of a last sync to go by
(or none that were recorded with a history): it seeds the history from the
notes' `completed:` dates instead (`history.seed_changes`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from .history import EMPTY, History, StatusChange, seed_changes, status_changes
from .state import State
from .sync_context import SyncContext

__all__ = ["by_roadmap", "roadmap_histories", "run_changes"]


def run_changes(ctx: SyncContext, new_state: State) -> list[StatusChange]:
    """The status changes (or, seeding, the completions) of the topics of `new_state`."""
    store = ctx.store
    if store is None:
        return []
    # A topic the run could not settle was given back its old state
    # (`SyncContext.unsettle`): it shows no change by itself. One that is only
    # to be read again (its note's date or block did not land, both sides
    # agree on the status) did change, and its change is kept.
    entries = [(key, entry) for key, entry in new_state.topics.items() if entry.removed is None]
    if store.seeding:
        return seed_changes((key, e.roadmap, e.status, e.completed) for key, e in entries)
    before = store.statuses([key for key, _ in entries])
    unknown = {e.note: key for key, e in entries if key not in before}
    if unknown:
        for note, status in store.statuses_of_notes(unknown).items():
            before[unknown[note]] = status
    return status_changes(before, ((key, e.roadmap, e.status) for key, e in entries), ctx.today)


def by_roadmap(changes: Iterable[StatusChange]) -> dict[str, History]:
    """roadmap → the history of `changes` (a few days each, not a change each)."""
    found: dict[str, list[StatusChange]] = {}
    for change in changes:
        found.setdefault(change.roadmap, []).append(change)
    return {roadmap: History.of(items) for roadmap, items in found.items()}


def roadmap_histories(
    ctx: SyncContext, roadmaps: Collection[str] | None, run: Mapping[str, History]
) -> dict[str, History]:
    """roadmap → its history: the state's (all roadmaps' when `roadmaps` is None; a
    roadmap file renamed this run keeps its history) and this run's (`by_roadmap`)."""
    store = ctx.store
    stored: dict[str, History] = {}
    if store is not None and not store.seeding:
        if ctx.stored_histories is None:
            # One query a run: the summary's total needs every roadmap's anyway.
            ctx.stored_histories = store.histories()
        stored = dict(ctx.stored_histories)
        for old, new in ctx.renamed.items():
            if old in stored:
                stored[new] = stored.pop(old).merged(stored.get(new, EMPTY))
    for roadmap, history in run.items():
        stored[roadmap] = stored.get(roadmap, EMPTY).merged(history)
    return stored if roadmaps is None else {r: stored[r] for r in roadmaps if r in stored}
