"""What a first sync in batches keeps of the summary until it is written, packed, gives
the summary it gave unpacked."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultroad import sync_summary
from vaultroad.parser import parse
from vaultroad.summary import Completed, SummaryFrame
from vaultroad.sync_summary_parts import (
    JoinedLines,
    PackedParts,
    PartsInOrder,
    RoadmapPart,
    assembled_lines,
    part_of,
    slim,
)

TEXTS = {
    "Roadmaps/Backend.md": (
        "# Backend — the basics\n\n## Basics\n\n- [ ] Docker\n- [x] PostgreSQL (2 days)\n"
        "- [ ] Celery\n  - [ ] Beat\n  - [/] Workers\n\n## Deploy\n\n- [ ] Kubernetes [[Helm]]\n"
    ),
    "Roadmaps/Ops/DevOps.md": "# DevOps\n\n- [x] Linux\n- [-] Windows\n- [ ] Docker (1 week)\n",
    "Roadmaps/Empty.md": "# Empty\n\nNothing to tick.\n",
    "Roadmaps/Odd \ud800.md": "# Odd *title* `code`\n\n- [ ] Één [link](https://x.org)\n",
}


def parts_of_texts() -> dict[str, RoadmapPart]:
    trees = {path: parse(text, path) for path, text in TEXTS.items()}
    notes = {t.id: f"Topics/{t.title}" for tree in trees.values() for t in tree.topics()}
    return {path: part_of(tree, path[:-3], notes=notes) for path, tree in trees.items()}


def test_a_packed_part_is_the_part_and_the_summary_assembled_from_them_the_same() -> None:
    parts = parts_of_texts()
    packed = PackedParts()
    for name, part in parts.items():
        packed[name] = part
    assert list(packed) == list(parts)
    assert len(packed) == len(parts)
    assert all(packed[name] == part for name, part in parts.items())
    assert "Roadmaps/Empty.md" in packed and "Roadmaps/None.md" not in packed
    order = sorted(parts)
    completed = [Completed(dt.date(2026, 1, 2), "Topics/Linux", "Linux", "DevOps")]
    plain = list(assembled_lines([parts[name] for name in order], completed))
    assert list(assembled_lines(PartsInOrder(order, packed), completed)) == plain
    assert list(PartsInOrder(order, packed)[1:3]) == [parts[name] for name in order[1:3]]
    del packed["Roadmaps/Empty.md"]
    assert "Roadmaps/Empty.md" not in packed and len(packed) == len(parts) - 1


LINES = st.lists(st.text(st.characters(exclude_characters="\r\n")), max_size=12)


@given(LINES, st.text(), st.text(), st.sampled_from(["\n", "\r\n"]))
def test_the_note_encoded_a_chunk_at_a_time_is_the_note_encoded_at_once(
    lines: list[str], head: str, tail: str, newline: str
) -> None:
    frame = SummaryFrame(head, tail, newline)
    expected = frame.around(list(lines)).encode("utf-8", "surrogatepass")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sync_summary, "_CHUNK_LINES", 2)  # a chunk boundary every other line
        assert sync_summary._encoded(frame, iter(lines)) == expected
    assert sync_summary._encoded(frame, lines) == expected


@given(LINES, st.text(), st.text(), st.sampled_from(["\n", "\r\n"]), st.data())
def test_a_note_the_same_as_the_file_is_none_and_any_other_the_note(
    lines: list[str], head: str, tail: str, newline: str, data: st.DataObject
) -> None:
    frame = SummaryFrame(head, tail, newline)
    expected = frame.around(list(lines)).encode("utf-8", "surrogatepass")
    cut = data.draw(st.integers(0, len(expected)))
    old = data.draw(
        st.sampled_from(
            [
                expected,
                expected[:cut],  # the note is longer
                expected + b"x",  # the file is longer
                expected[:cut] + b"\0" + expected[cut + 1 :],  # one byte differs
                b"",
            ]
        )
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sync_summary, "_CHUNK_LINES", data.draw(st.integers(1, 3)))
        got = sync_summary._encoded(frame, iter(lines), old)
    assert got == (None if old == expected else expected)


def test_the_summary_assembled_from_slim_parts_is_the_same() -> None:
    parts = parts_of_texts()
    order = sorted(parts)
    completed = [Completed(dt.date(2026, 1, 2), "Topics/Linux", "Linux", "DevOps")]
    plain = list(assembled_lines([parts[name] for name in order], completed))
    assert list(assembled_lines([slim(parts[name]) for name in order], completed)) == plain


@given(st.lists(st.text(), max_size=6))
def test_a_slim_part_is_the_part_whatever_its_sections_lines_hold(sections: list[str]) -> None:
    part = replace(parts_of_texts()["Roadmaps/Backend.md"], sections=tuple(sections))
    kept = slim(part)
    if sections and not any("\n" in line for line in sections):
        assert isinstance(kept.sections, JoinedLines)  # kept as one string of bytes
    assert kept == part and part == kept
    assert list(kept.sections) == sections and len(kept.sections) == len(sections)
    assert kept.to_json() == part.to_json()
    packed = PackedParts()
    packed["a.md"] = kept
    assert packed["a.md"] == part
