"""The summary's shared-topic pairs, counted from each roadmap's groups, are those that
pairing every two roadmaps gives; counted again from the scope's groups alone, they are
those counted from every group."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from budget import budget
from vaultroad.model import Status
from vaultroad.shared import SharedMember, SharedTopics
from vaultroad.summary import SHARED_PER_ROADMAP
from vaultroad.sync_overlap import KeptOverlap, shown_overlap, updated_overlap

_ROADMAPS = [f"R/{name}.md" for name in "abcdefghijkl"]


def _pairwise(
    paths: list[str], groups: SharedTopics, titles: dict[str, str]
) -> dict[str, list[str]]:
    """The definition: every other roadmap, ranked by the groups it shares with the
    target (then title, link, path), the first `SHARED_PER_ROADMAP` kept."""
    member_of = {
        path: {n for n, g in enumerate(groups.groups) for m in g if m.roadmap == path}
        for path in paths
    }
    chosen = {}
    for target in paths:
        ranked = sorted(
            (-len(member_of[target] & member_of[source]), titles[source], source[:-3], source)
            for source in paths
            if source != target and member_of[target] & member_of[source]
        )
        chosen[target] = [source for *_, source in ranked[:SHARED_PER_ROADMAP]]
    return chosen


_groups = st.lists(
    st.lists(st.sampled_from(_ROADMAPS), min_size=2, max_size=8, unique=True), max_size=40
)


@settings(max_examples=150)
@given(_groups, st.lists(st.sampled_from(["Go", "Rust", "go"]), min_size=12, max_size=12))
def test_the_pairs_shown_are_those_of_every_pair(groups: list[list[str]], names: list[str]) -> None:
    shared = SharedTopics(
        tuple(
            tuple(SharedMember(roadmap, f"{roadmap}#{n}", "T", n) for roadmap in group)
            for n, group in enumerate(groups)
        )
    )
    titles = dict(zip(_ROADMAPS, names, strict=True))
    totals = dict.fromkeys(_ROADMAPS, 10)
    statuses = {f"{g[0]}#{n}": Status.DONE for n, g in enumerate(groups)}
    found, kept = shown_overlap(shared, titles, totals, statuses, None)
    paths = sorted({roadmap for group in groups for roadmap in group})
    expected = _pairwise(paths, shared, titles)
    assert [(o.source, o.target) for o in found] == [
        (source, target) for target in paths for source in expected[target]
    ]
    # What the next run reuses gives the same lines.
    assert shown_overlap(shared, titles, totals, statuses, kept)[0] == found


def _shared_of(groups: list[list[str]]) -> SharedTopics:
    return SharedTopics(
        tuple(
            tuple(SharedMember(roadmap, f"{roadmap}#{n}", "T", n) for roadmap in group)
            for n, group in enumerate(groups)
        )
    )


@settings(max_examples=budget(fast=60, ci=200, long=2000), deadline=None)
@given(
    _groups,
    st.lists(st.sampled_from(["Go", "Rust", "go"]), min_size=12, max_size=12),
    st.sets(st.sampled_from(_ROADMAPS)),
    st.data(),
)
def test_pairs_counted_again_from_the_scopes_groups_are_those_counted_from_all(
    groups: list[list[str]], names: list[str], scope: set[str], data: st.DataObject
) -> None:
    shared = _shared_of(groups)
    titles = dict(zip(_ROADMAPS, names, strict=True))
    keys = [m.topic_id for group in shared.groups for m in group]
    done = st.sets(st.sampled_from(keys)) if keys else st.just(set[str]())
    before = dict.fromkeys(data.draw(done, label="done before"), Status.DONE)
    totals = dict.fromkeys(_ROADMAPS, 10)
    _, kept = shown_overlap(shared, titles, totals, before, None)
    # A run reading the roadmaps of `scope`: their statuses and topic counts may
    # change, the others' are those the last run saw.
    changed = dict.fromkeys(data.draw(done, label="done after"), Status.DONE)
    after = {key: s for key, s in before.items() if key.split("#")[0] not in scope}
    after.update((key, s) for key, s in changed.items() if key.split("#")[0] in scope)
    totals.update((path, data.draw(st.integers(1, 20), label=path)) for path in sorted(scope))
    only_scope = SharedTopics(
        tuple(g if any(m.roadmap in scope for m in g) else () for g in shared.groups)
    )
    saved = KeptOverlap.from_json(kept)
    assert saved is not None
    expected = shown_overlap(shared, titles, totals, after, kept)
    assert updated_overlap(saved, only_scope, scope, totals, after) == expected


def test_a_record_without_counts_is_not_one_to_count_from() -> None:
    shared = _shared_of([["R/a.md", "R/b.md"]])
    titles = {"R/a.md": "A", "R/b.md": "B"}
    _, kept = shown_overlap(shared, titles, {"R/a.md": 1, "R/b.md": 1}, {}, None)
    assert KeptOverlap.from_json(kept) is not None
    earlier = '{"key": "k", "pairs": {"R/a.md": ["R/b.md"]}}'  # as an earlier version kept it
    assert KeptOverlap.from_json(earlier) is None
    assert (
        KeptOverlap.from_json('{"key": "k", "pairs": {"R/a.md": ["R/b.md"]}, "counts": {}}') is None
    )
    assert KeptOverlap.from_json("not json") is None
    assert KeptOverlap.from_json(None) is None
