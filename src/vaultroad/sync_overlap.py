"""The summary's "Shared topics" lines: the pairs of roadmaps it shows, and their counts.

For each roadmap the summary names the `summary.SHARED_PER_ROADMAP` roadmaps
sharing most of its topics (`shared.overlap` counts every pair). Which ones
those are depends only on the groups of shared topics and on the roadmaps'
titles, not on any status: the state keeps the choice with a digest of what
it depends on, and a run whose groups and titles are those of the last one
counts only the pairs shown (their "done there" counts follow the statuses
of this run), not the hundreds of thousands of pairs of a large vault.

The state keeps each shown pair's counts too (`KeptOverlap`): a run that
reuses the kept groups reads only the groups its scope's roadmaps are in
(`sync_groups`), and counts again only the pairs whose source is in its
scope (`updated_overlap`): every group such a source shares is among those.
Any other pair keeps its counts: its groups are the last run's, and so are
the statuses of its source, which only a run reading the source changes.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from .digest import blake2b
from .model import Status
from .shared import Overlap, SharedMember, SharedTopics
from .summary import SHARED_PER_ROADMAP

__all__ = ["KeptOverlap", "shown_overlap", "updated_overlap"]


@dataclass(frozen=True, slots=True)
class KeptOverlap:
    """What the state keeps of the summary's "Shared topics": the digest of what the
    choice of pairs depends on (`key`), each target's sources in the order shown
    (`pairs`, targets in path order) and each pair's (shared, done) counts."""

    key: str
    pairs: dict[str, list[str]]
    counts: dict[str, list[tuple[int, int]]]

    def to_json(self) -> str:
        return json.dumps(
            {"key": self.key, "pairs": self.pairs, "counts": self.counts}, ensure_ascii=False
        )

    @classmethod
    def from_json(cls, text: str | None) -> KeptOverlap | None:
        """The record `to_json` wrote; None when there is none or it is not one (an
        earlier version's kept no counts)."""
        if text is None:
            return None
        try:
            saved = json.loads(text)
            pairs = {str(t): [str(s) for s in sources] for t, sources in saved["pairs"].items()}
            counts = {
                str(t): [(int(shared), int(done)) for shared, done in rows]
                for t, rows in saved["counts"].items()
            }
            key = str(saved["key"])
        except (ValueError, KeyError, TypeError, AttributeError):
            return None
        if pairs.keys() != counts.keys() or any(
            len(counts[t]) != len(sources) for t, sources in pairs.items()
        ):
            return None
        return cls(key, pairs, counts)


def shown_overlap(
    shared: SharedTopics,
    titles: Mapping[str, str],
    totals: Mapping[str, int],
    statuses: Mapping[str, Status],
    kept: str | None,
) -> tuple[list[Overlap], str]:
    """The overlaps the summary shows, and what to keep of them for the next run
    (`KeptOverlap`, as JSON).

    `titles` and `totals` give each roadmap's title and topic count, `statuses`
    the status of every member of a group, `kept` what the last run kept
    (None: nothing). Each target's sources are chosen as the summary orders
    them: most shared first, then by title and link.
    """
    member_of, done_of = _groups_of(shared, statuses)
    digest = blake2b(digest_size=16)
    digest.update(f"{SHARED_PER_ROADMAP}\n".encode())
    for group in shared.groups:
        digest.update("\0".join(m.roadmap for m in group).encode("utf-8", "surrogatepass") + b"\n")
    paths = sorted(path for path in member_of if path in totals)
    for path in paths:
        digest.update(f"{path}\0{titles[path]}\n".encode("utf-8", "surrogatepass"))
    key = digest.hexdigest()
    saved = KeptOverlap.from_json(kept)
    chosen = saved.pairs if saved is not None and saved.key == key else None
    if chosen is None:
        chosen = _choose(paths, shared.groups, titles)
    pairs = {target: chosen.get(target, []) for target in paths}
    return _counted(KeptOverlap(key, pairs, {}), member_of, done_of, totals, None)


def updated_overlap(
    kept: KeptOverlap,
    shared: SharedTopics,
    scope: Collection[str],
    totals: Mapping[str, int],
    statuses: Mapping[str, Status],
) -> tuple[list[Overlap], str]:
    """`shown_overlap`'s result for a run whose groups and titles are those `kept` was
    made from, given (in `shared`) at least every group with a member in `scope`:
    the pairs whose source is in `scope` are counted again, the others keep their
    counts (see the module's docstring)."""
    member_of, done_of = _groups_of(shared, statuses)
    return _counted(kept, member_of, done_of, totals, scope)


def _groups_of(
    shared: SharedTopics, statuses: Mapping[str, Status]
) -> tuple[dict[str, array[int]], dict[str, array[int]]]:
    """Each roadmap's group numbers, and those of its members that are done: an array
    of machine ints per roadmap (a large vault's groups are hundreds of thousands, a
    bitset of them per roadmap hundreds of megabytes)."""
    member_of: dict[str, array[int]] = {}
    done_of: dict[str, array[int]] = {}
    for number, group in enumerate(shared.groups):
        for member in group:
            numbers = member_of.get(member.roadmap)
            if numbers is None:
                numbers = member_of[member.roadmap] = array("q")
            numbers.append(number)
            if statuses.get(member.topic_id) is Status.DONE:
                done = done_of.get(member.roadmap)
                if done is None:
                    done = done_of[member.roadmap] = array("q")
                done.append(number)
    return member_of, done_of


_NONE: array[int] = array("q")


def _counted(
    kept: KeptOverlap,
    member_of: Mapping[str, array[int]],
    done_of: Mapping[str, array[int]],
    totals: Mapping[str, int],
    scope: Collection[str] | None,
) -> tuple[list[Overlap], str]:
    """The overlaps of `kept`'s pairs, each counted from the roadmaps' groups (those whose
    source is in `scope`; all when it is None) or taken from `kept`; and the record to
    keep."""
    found = []
    counts: dict[str, list[tuple[int, int]]] = {}
    for target, sources in kept.pairs.items():
        row = counts[target] = []
        groups = set(member_of.get(target, _NONE))
        for number, source in enumerate(sources):
            if scope is None or source in scope:
                common = groups.intersection(member_of.get(source, _NONE))
                shared, done = len(common), len(common.intersection(done_of.get(source, _NONE)))
            else:
                shared, done = kept.counts[target][number]
            row.append((shared, done))
            if shared:
                found.append(Overlap(source, target, shared, done, totals[target]))
    return found, KeptOverlap(kept.key, kept.pairs, counts).to_json()


def _choose(
    paths: list[str], groups: Sequence[Sequence[SharedMember]], titles: Mapping[str, str]
) -> dict[str, list[str]]:
    """Every target's sources the summary shows (see `summary._shared`'s order): the
    `SHARED_PER_ROADMAP` roadmaps of `paths` sharing most groups with it, ties in the
    order of their title, link and path.

    Comparing every two roadmaps costs 25 million pairs for 5,000 roadmaps (about
    a minute), and counting from each target's groups as much when a topic is in
    most roadmaps. Here a roadmap is a bit, numbered in the tie order, and a
    target's counts are added up bitwise: one counter per bit of the count
    (`slices[k]`: the roadmaps whose count has bit k), one group at a time, so a
    target costs a few big-integer operations per group it is in.
    """
    order = sorted(paths, key=lambda path: (titles[path], path.removesuffix(".md"), path))
    bit_of = {path: 1 << number for number, path in enumerate(order)}
    members: list[int] = []  # each group's roadmaps, as bits
    groups_of: dict[str, list[int]] = {}
    for group in groups:
        bits = 0
        for member in group:
            bits |= bit_of.get(member.roadmap, 0)
        for member in group:
            groups_of.setdefault(member.roadmap, []).append(len(members))
        members.append(bits)
    chosen: dict[str, list[str]] = {}
    for target in paths:
        slices: list[int] = []
        for number in dict.fromkeys(groups_of.get(target, ())):
            carry = members[number]
            for level, bits in enumerate(slices):  # add 1 to each count of `carry`
                slices[level], carry = bits ^ carry, bits & carry
                if not carry:
                    break
            if carry:
                slices.append(carry)
        chosen[target] = _most(slices, bit_of[target], order)
    return chosen


def _most(slices: list[int], own: int, order: list[str]) -> list[str]:
    """The first `SHARED_PER_ROADMAP` roadmaps by count (the bit-sliced counts
    `slices`) then by bit, leaving out the target's `own` bit and a count of 0."""
    left = 0
    for bits in slices:
        left |= bits
    left &= ~own
    found: list[str] = []
    while left and len(found) < SHARED_PER_ROADMAP:
        best = left
        for bits in reversed(slices):  # the highest count among `left`
            if best & bits:
                best &= bits
        while best and len(found) < SHARED_PER_ROADMAP:
            lowest = best & -best
            found.append(order[lowest.bit_length() - 1])
            best ^= lowest
            left ^= lowest
    return found
