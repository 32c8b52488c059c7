"""`PackedStrings` reads back what a list of the same strings holds."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultroad.packed_strings import PackedStrings

# Any text, lone surrogates and the empty string included.
TEXTS = st.lists(st.one_of(st.text(), st.sampled_from(["", "\ud800", "é", "—█", "\x00"])))


@given(TEXTS, TEXTS)
def test_it_reads_back_what_a_list_holds(first: list[str], then: list[str]) -> None:
    packed = PackedStrings(first)
    packed.extend(then)
    plain = [*first, *then]
    assert len(packed) == len(plain)
    assert list(packed) == plain
    assert [packed[index] for index in range(-len(plain), len(plain))] == plain + plain


def test_an_index_out_of_range_is_an_index_error_as_a_lists() -> None:
    packed = PackedStrings(["a"])
    with pytest.raises(IndexError):
        packed[1]
    with pytest.raises(IndexError):
        packed[-2]
