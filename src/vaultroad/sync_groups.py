"""The vault's shared topics, found without loading the roadmaps a run does not plan.

A note lists the same topic's notes in other roadmaps ("Also in"), and the
summary counts, for each pair of roadmaps, the shared topics done in one of
them: a group of shared topics (`shared`) spans roadmaps a run may not
read. The state keeps, for each roadmap, its candidates
(`shared.roadmap_candidates`) with each one's status, note and the digest
of its group as its note shows it (members, their notes and roadmap
titles). The groups of the whole vault are found from those of the
unchanged roadmaps and the fresh ones of the roadmaps read; a topic outside
the run's scope whose group digest changed needs its note written again, so
its roadmap joins the scope (`WiderScope`).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from operator import itemgetter

from .digest import blake2b
from .model import Status
from .shared import Candidate, SharedMember, SharedTopics, roadmap_candidates, shared_groups
from .state import State
from .state_db import StateStore
from .state_schema import MemberRow
from .sync_context import LoadedRoadmap, SyncContext
from .sync_incremental import WiderScope
from .sync_overlap import KeptOverlap
from .sync_places import TopicPlace

__all__ = [
    "GroupDigests",
    "candidates_json",
    "digests_of",
    "find_groups",
    "group_digest",
    "kept_fields",
    "member_rows",
    "settled_statuses",
]


@dataclass(frozen=True, slots=True)
class _Kept:
    """What the state keeps of a candidate besides its keys."""

    status: Status
    note: str  # its note's link ("" when it has none)
    group: str  # the digest of its group at the last run that read its roadmap


def kept_fields(
    candidate: Candidate,
    statuses: dict[str, Status],
    places: dict[str, TopicPlace],
    digests: Mapping[str, str],
) -> tuple[Status, str, str]:
    """What the state keeps of a candidate of a roadmap read: its status, its note's link
    ("" when it has none) and its group's digest ("" when it is in none)."""
    place = places.get(candidate.topic_id)
    status = statuses.get(candidate.topic_id, place.topic.status if place else Status.TODO)
    note = place.note.removesuffix(".md") if place is not None else ""
    return status, note, digests.get(candidate.topic_id, "")


def candidates_json(
    found: list[Candidate],
    statuses: dict[str, Status],
    places: dict[str, TopicPlace],
    digests: Mapping[str, str],
) -> str:
    """A roadmap's candidates as the state keeps them: [id, title, line, keys, status,
    note link, group digest] each."""
    rows = []
    for c in found:
        status, note, digest = kept_fields(c, statuses, places, digests)
        rows.append([c.topic_id, c.title, c.line, list(c.keys), status.value, note, digest])
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def member_rows(
    roadmap: str,
    found: list[Candidate],
    shared: SharedTopics,
    statuses: dict[str, Status],
    places: dict[str, TopicPlace],
    digests: Mapping[str, str],
) -> list[MemberRow]:
    """The state's `members` rows of a roadmap read: its candidates that are in a group,
    with what `candidates_json` keeps of them."""
    rows: list[MemberRow] = []
    for c in found:
        number = shared.group_number(c.topic_id)
        if number is not None:
            status, note, digest = kept_fields(c, statuses, places, digests)
            rows.append(
                (c.topic_id, number, roadmap, c.title, c.line, note, status is Status.DONE, digest)
            )
    return rows


_STATUSES = {status.value: status for status in Status}


def _read(text: str, kept: dict[str, _Kept], strings: dict[str, str]) -> list[Candidate]:
    """A roadmap's candidates as the state keeps them, and (in `kept`) what it keeps of
    each; `strings` makes one string of each key and group digest, which many
    candidates of a large vault share."""
    found = []
    statuses = _STATUSES
    one = strings.setdefault
    for key, title, line, keys, status, note, group in json.loads(text):
        found.append(Candidate(key, title, line, tuple(one(k, k) for k in keys)))
        kept[key] = _Kept(statuses[status], note, one(group, group))
    return found


def find_groups(
    ctx: SyncContext,
    store: StateStore,
    roadmaps: list[LoadedRoadmap],
    places: dict[str, TopicPlace],
) -> None:
    """Set `ctx.shared` (the groups of the whole vault), `ctx.outside` (what a note
    shows of a member outside the scope, and its status) and `ctx.group_digests`;
    raise `WiderScope` for the roadmaps outside the scope whose notes show a group
    that changed (or kept records this version cannot read).

    When the scope's roadmaps bring the candidates the state kept for them (a
    status changed, a note was edited), the groups are those the state kept
    (`_reuse`); otherwise, or when the run is told to (`ctx.regroup`: the settings
    changed), they are found again from every roadmap's candidates.
    """
    same = ctx.vault.config.shared_same
    fresh = {loaded.relative: roadmap_candidates(loaded.tree) for loaded in roadmaps}
    ctx.candidates = fresh
    scope = ctx.scope
    if scope is None:
        ctx.shared = shared_groups(sorted(fresh.items()), same)
        ctx.group_digests = digests_of(ctx, ctx.shared, places)
        return
    if not ctx.regroup and _reuse(ctx, store, roadmaps, places):
        return
    found = dict(fresh)
    kept: dict[str, _Kept] = {}
    unreadable: set[str] = set()
    strings: dict[str, str] = {}
    for path, text in store.blobs("keys"):
        if path not in scope:
            try:
                found[path] = _read(text, kept, strings)
            except (ValueError, TypeError, KeyError):
                unreadable.add(path)
    if unreadable:
        raise WiderScope(unreadable, "shared-topic records the state kept are unreadable")
    ctx.shared = shared_groups(sorted(found.items()), same)
    # A note that showed a group its topic is no longer in shows it no more.
    wider = {
        path
        for path, items in found.items()
        if path not in scope
        for c in items
        if kept[c.topic_id].note
        and kept[c.topic_id].group
        and ctx.shared.group_number(c.topic_id) is None
    }
    del found, strings
    # What the state keeps of the members outside the scope, the rest let go: a large
    # vault's candidates are hundreds of thousands, its members a fraction of them.
    kept = {
        m.topic_id: kept[m.topic_id]
        for group in ctx.shared.groups
        for m in group
        if m.roadmap not in scope
    }
    titles = {path: row.title for path, row in store.roadmaps().items()}
    ctx.outside = {
        m.topic_id: (kept[m.topic_id].note, titles.get(m.roadmap, ""))
        for group in ctx.shared.groups
        for m in group
        if m.topic_id in kept and kept[m.topic_id].note
    }
    # Only "done" counts in the summary's overlap (`sync_overlap`).
    ctx.outside_statuses = {
        key: info.status for key, info in kept.items() if info.status is Status.DONE
    }
    digests = digests_of(ctx, ctx.shared, places)
    wider.update(
        m.roadmap
        for group in ctx.shared.groups
        for m in group
        if m.topic_id in ctx.outside and digests.get(m.topic_id, "") != kept[m.topic_id].group
    )
    _write_notes_again(ctx, wider)
    ctx.group_digests = digests
    ctx.kept_members = _kept_rows(ctx.shared, kept)


def _write_notes_again(ctx: SyncContext, roadmaps: set[str]) -> None:
    """Raise `WiderScope` for the roadmaps outside the scope whose notes show a group
    that changed, but for those a later run of this sync reads (`ctx.later`)."""
    wider = roadmaps - ctx.later
    if wider:
        raise WiderScope(wider, "groups of shared topics changed", notes_only=True)


def _kept_rows(shared: SharedTopics, kept: dict[str, _Kept]) -> Iterator[MemberRow]:
    """The `members` rows of the members of `kept` (those outside the scope), as the
    state kept them, under their numbers in `shared`: made as they are written."""
    for number, group in enumerate(shared.groups):
        for m in group:
            info = kept.get(m.topic_id)
            if info is not None:
                yield (
                    m.topic_id,
                    number,
                    m.roadmap,
                    m.title,
                    m.line,
                    info.note,
                    info.status is Status.DONE,
                    info.group,
                )


def _reuse(
    ctx: SyncContext,
    store: StateStore,
    roadmaps: list[LoadedRoadmap],
    places: dict[str, TopicPlace],
) -> bool:
    """Take the groups the state kept (`StateStore.members`) when the scope's roadmaps
    were all read and bring exactly the candidates the state kept for them: every
    other roadmap's are those the groups were found from, so the groups are the same.
    Only the groups with a member in the scope get their digest again (no other
    member's note or roadmap changed). False: the groups must be found again.

    When the state also kept the summary's shared-topic pairs with their counts
    and no title of the scope's roadmaps changed (the pairs shown depend on the
    titles), only the groups with a member in the scope are read
    (`ctx.kept_overlap`, see `sync_overlap`): `ctx.shared` holds those, every
    other group empty, under the numbers the state keeps.
    """
    scope = ctx.scope
    fresh = ctx.candidates
    if scope is None or fresh.keys() != scope:
        return False
    kept = dict(store.blobs("keys", scope))
    try:
        if any(
            path not in kept or _read(kept[path], {}, {}) != found for path, found in fresh.items()
        ):
            return False
    except (ValueError, TypeError, KeyError):
        return False
    titles = {path: row.title for path, row in store.roadmaps().items()}
    overlap = KeptOverlap.from_json(store.meta("overlap"))
    if overlap is not None and not _same_roadmaps(overlap, titles, roadmaps):
        overlap = None
    rows = store.members() if overlap is None else store.members_sharing_with(scope)
    if rows is None:
        return False
    groups: list[tuple[SharedMember, ...]] = []
    touched: list[int] = []
    before: dict[str, str] = {}  # the digest of a touched group, as its members' notes show it
    outside: dict[str, tuple[str, str]] = {}
    done: dict[str, Status] = {}
    strings: dict[str, str] = {}  # one string per roadmap path, title and digest, not per row
    one = strings.setdefault
    for number, found in itertools.groupby(rows, key=itemgetter(1)):
        if number < len(groups) or (overlap is None and number != len(groups)):
            return False  # not numbered as this version numbers them
        groups += itertools.repeat((), number - len(groups))  # groups this run does not need
        members = list(found)
        in_scope = any(member[2] in scope for member in members)
        if in_scope:
            touched.append(number)
        for key, _, roadmap, _, _, note, is_done, digest in members:
            if roadmap in scope:
                continue
            if is_done:
                done[key] = Status.DONE
            if in_scope:
                before[key] = one(digest, digest)  # a group's members mostly show one
                if note:
                    outside[key] = (note, titles.get(roadmap, ""))
        groups.append(
            tuple(SharedMember(one(m[2], m[2]), m[0], one(m[3], m[3]), m[4]) for m in members)
        )
    ctx.shared = SharedTopics(tuple(groups))
    ctx.outside = outside
    ctx.outside_statuses = done
    digests: dict[str, str] = {}
    wider: set[str] = set()
    for number in touched:
        digest = group_digest(ctx, ctx.shared.groups[number], places)
        for member in ctx.shared.groups[number]:
            digests[member.topic_id] = digest
            if member.topic_id in outside and before[member.topic_id] != digest:
                wider.add(member.roadmap)
    _write_notes_again(ctx, wider)
    ctx.group_digests = digests
    ctx.members_reused = True
    ctx.kept_overlap = overlap
    return True


def _same_roadmaps(
    overlap: KeptOverlap, titles: Mapping[str, str], roadmaps: list[LoadedRoadmap]
) -> bool:
    """Whether the kept pairs can be counted again from the scope's groups alone: they
    name only roadmaps the state keeps, and the scope's roadmaps kept their titles."""
    named = set(overlap.pairs)
    named.update(source for sources in overlap.pairs.values() for source in sources)
    if not named <= titles.keys():
        return False
    return all(titles.get(loaded.relative) == loaded.tree.title for loaded in roadmaps)


def settled_statuses(state: State, places: dict[str, TopicPlace]) -> dict[str, Status]:
    """Each topic's status as this run leaves it (its entry's, else its roadmap's)."""
    found = {key: entry.status for key, entry in state.topics.items()}
    for key, place in places.items():
        found.setdefault(key, place.topic.status)
    return found


class GroupDigests(Mapping[str, str]):
    """topic id → the digest of its group as the notes of its members show it: one
    digest per group, looked up through the groups' own index."""

    def __init__(self, shared: SharedTopics, digests: list[str]) -> None:
        self._shared = shared
        self._digests = digests

    def __getitem__(self, key: str) -> str:
        number = self._shared.group_number(key)
        if number is None:
            raise KeyError(key)
        return self._digests[number]

    def __iter__(self) -> Iterator[str]:
        return (member.topic_id for group in self._shared.groups for member in group)

    def __len__(self) -> int:
        return sum(len(group) for group in self._shared.groups)


def digests_of(
    ctx: SyncContext, shared: SharedTopics, places: dict[str, TopicPlace]
) -> GroupDigests:
    """Each group's digest over what the notes of its members show of them."""
    return GroupDigests(shared, [group_digest(ctx, group, places) for group in shared.groups])


def group_digest(
    ctx: SyncContext, group: tuple[SharedMember, ...], places: dict[str, TopicPlace]
) -> str:
    """A group's digest over what the notes of its members show of them."""
    digest = blake2b(digest_size=8)
    for member in group:
        shown = ctx.member(member.topic_id, places)
        if shown is not None:
            digest.update(
                f"{member.topic_id}\0{shown[0]}\0{shown[1]}\n".encode("utf-8", "surrogatepass")
            )
    return digest.hexdigest()
