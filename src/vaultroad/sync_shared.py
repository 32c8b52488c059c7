"""`[shared] status = "linked"`: a shared topic finished in one roadmap is finished in all.

Off by default (each roadmap keeps its own statuses; the notes only link
each other). When on, a topic this run saw become done (in its roadmap or
its note) carries done to the same topic in the other roadmaps (`shared`),
as the sync writes any status: the other roadmap's marker patched, its note
updated. The rules of a conflict hold: a member whose status also changed
this run, to something else, is not overwritten; both sides are reported
and the run exits 1. A member already done or skipped is left as it is.
"""

from __future__ import annotations

from .model import Status
from .shared import SharedMember
from .state import State
from .sync_context import SyncContext
from .sync_incremental import WiderScope
from .sync_places import TopicPlace
from .sync_report import SyncIssue
from .sync_settle import Settled

__all__ = ["link_shared_statuses"]

_FINISHED = (Status.DONE, Status.SKIPPED)


def link_shared_statuses(
    ctx: SyncContext, places: dict[str, TopicPlace], state: State, settled: Settled
) -> None:
    """Carry each newly done shared topic's status to its other roadmaps, in `settled`."""
    if ctx.vault.config.shared_status != "linked" or not ctx.shared.groups:
        return
    finished = [
        topic_id
        for topic_id, status in settled.statuses.items()
        if status is Status.DONE and _changed(topic_id, status, state)
    ]
    _outside_scope(ctx, [m for key in finished for m in ctx.shared.others(key)], places)
    for topic_id in finished:
        source = places[topic_id]
        for member in ctx.shared.others(topic_id):
            other = member.topic_id
            wanted = settled.statuses.get(other)
            if wanted is None or wanted in _FINISHED:
                continue  # unsettled (reported already), or finished already
            place = places[other]
            if _changed(other, wanted, state):
                ctx.problems.append(
                    SyncIssue(
                        place.roadmap,
                        f"{place.topic.title!r} is shared with {source.roadmap}:"
                        f"{source.topic.line}, done there, but became {wanted.value} here in"
                        " the same sync: not marked done (settle it by hand)",
                        place.topic.line,
                    )
                )
                continue
            settled.statuses[other] = Status.DONE
            settled.dates[other] = ctx.today
            if place.topic.status is not Status.DONE:
                settled.roadmap_changes.setdefault(place.roadmap, {})[other] = Status.DONE


def _changed(topic_id: str, status: Status, state: State) -> bool:
    """Whether this run changed the topic's status (from the last sync's)."""
    saved = state.topics.get(topic_id)
    return saved is not None and saved.status is not status


def _outside_scope(
    ctx: SyncContext, members: list[SharedMember], places: dict[str, TopicPlace]
) -> None:
    """Raise `WiderScope` for the roadmaps outside the run's scope holding a member this
    run must mark done (one neither done nor skipped there)."""
    if ctx.scope is None or ctx.store is None:
        return
    away = {m.topic_id: m.roadmap for m in members if m.topic_id not in places}
    if not away:
        return
    statuses = ctx.store.statuses(away.keys())
    wider = {away[key] for key, status in statuses.items() if status not in _FINISHED}
    if wider:
        raise WiderScope(wider, "a shared topic was finished: linked in other roadmaps")
