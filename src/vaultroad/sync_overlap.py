"""The summary's "Shared topics" lines: the pairs of roadmaps it shows, and their counts.

For each roadmap the summary names the `summary.SHARED_PER_ROADMAP` roadmaps
sharing most of its topics (`shared.overlap` counts every pair). Which ones
those are depends only on the groups of shared topics and on the roadmaps'
titles, not on any status: the state keeps the choice with a digest of what
it depends on, and a run whose groups and titles are those of the last one
counts only the pairs shown (their "done there" counts follow the statuses
of this run), not the hundreds of thousands of pairs of a large vault.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from .digest import blake2b
from .model import Status
from .shared import Overlap, SharedMember, SharedTopics
from .summary import SHARED_PER_ROADMAP

__all__ = ["shown_overlap"]


def shown_overlap(
    shared: SharedTopics,
    titles: Mapping[str, str],
    totals: Mapping[str, int],
    statuses: Mapping[str, Status],
    kept: str | None,
) -> tuple[list[Overlap], str]:
    """The overlaps the summary shows, and the choice of pairs to keep for the next run.

    `titles` and `totals` give each roadmap's title and topic count, `statuses`
    the status of every member of a group, `kept` what the last run kept
    (None: nothing). Each target's sources are chosen as the summary orders
    them: most shared first, then by title and link.
    """
    member_bits: dict[str, int] = {}
    done_bits: dict[str, int] = {}
    digest = blake2b(digest_size=16)
    digest.update(f"{SHARED_PER_ROADMAP}\n".encode())
    for number, group in enumerate(shared.groups):
        bit = 1 << number
        for member in group:
            member_bits[member.roadmap] = member_bits.get(member.roadmap, 0) | bit
            if statuses.get(member.topic_id) is Status.DONE:
                done_bits[member.roadmap] = done_bits.get(member.roadmap, 0) | bit
        digest.update("\0".join(m.roadmap for m in group).encode("utf-8", "surrogatepass") + b"\n")
    paths = sorted(path for path in member_bits if path in totals)
    for path in paths:
        digest.update(f"{path}\0{titles[path]}\n".encode("utf-8", "surrogatepass"))
    key = digest.hexdigest()
    chosen: dict[str, list[str]] | None = None
    if kept is not None:
        try:
            saved = json.loads(kept)
            if saved["key"] == key:
                chosen = {str(k): [str(s) for s in v] for k, v in saved["pairs"].items()}
        except (ValueError, KeyError, TypeError, AttributeError):
            chosen = None
    if chosen is None:
        chosen = _choose(paths, shared.groups, titles)
    found = []
    for target in paths:
        bits = member_bits[target]
        for source in chosen.get(target, ()):
            common = bits & member_bits.get(source, 0)
            if common:
                done = (common & done_bits.get(source, 0)).bit_count()
                found.append(Overlap(source, target, common.bit_count(), done, totals[target]))
    return found, json.dumps({"key": key, "pairs": chosen}, ensure_ascii=False)


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
