"""The summary's shared-topic pairs, counted from each roadmap's groups, are those that
pairing every two roadmaps gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultroad.model import Status
from vaultroad.shared import SharedMember, SharedTopics
from vaultroad.summary import SHARED_PER_ROADMAP
from vaultroad.sync_overlap import shown_overlap

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
