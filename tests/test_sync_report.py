"""The report's changes kept a column per field give back the changes they were given."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultroad.fileio import Stamp
from vaultroad.sync_report import FileChange, FileChanges

_changes = st.builds(
    FileChange,
    path=st.text(min_size=1, max_size=20),
    kind=st.sampled_from(["roadmap", "note", "stub", "summary", "map"]),
    action=st.sampled_from(["create", "update"]),
    topics=st.lists(st.text(max_size=8), max_size=3).map(tuple),
    diff=st.none() | st.text(max_size=20),
    stamp=st.none() | st.builds(Stamp, st.integers(0, 2**40), st.integers(0, 2**63 - 1)),
)


@given(st.lists(_changes, max_size=12), st.lists(_changes, max_size=4))
def test_columns_give_back_every_change(first: list[FileChange], more: list[FileChange]) -> None:
    changes = FileChanges(first)
    changes.extend(more)
    everything = [*first, *more]
    assert list(changes) == everything
    assert len(changes) == len(everything)
    assert changes == tuple(everything) and changes == everything
    assert [changes[n] for n in range(-len(everything), len(everything))] == everything * 2
    assert changes[1:3] == tuple(everything[1:3])
    assert hash(changes) == hash(tuple(everything))


def test_an_index_out_of_range_fails_as_a_tuple_s() -> None:
    change = FileChange("Topics/A.md", "note", "create", ("A",), None, Stamp(3, 7))
    with pytest.raises(IndexError):
        FileChanges([change])[1]
    with pytest.raises(IndexError):
        FileChanges()[-1]


def test_no_changes_equal_the_empty_tuple_and_differ_from_some() -> None:
    change = FileChange("Progress.md", "summary", "update")
    assert FileChanges() == ()
    assert FileChanges([change]) != ()
    assert FileChanges([change]) != (FileChange("Progress.md", "summary", "create"),)
    assert FileChanges() != "not changes"
