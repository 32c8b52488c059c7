"""The progress summary: written as mdformat would write it, whatever the titles hold."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vaultroad
from vaultroad.notes import BEGIN, END, AmbiguousBlockError, canonical
from vaultroad.summary import (
    Completed,
    RoadmapSummary,
    new_summary_note,
    render_summary,
    update_summary,
)

# Titles from plain words to Markdown punctuation, pipes, emoji (two columns
# wide), combining marks, CJK and zero-width characters: the table padding
# must count columns the way mdformat's gfm plugin does.
titles = st.text(
    alphabet=st.sampled_from(list("ab Zé9-.,()&:'—›|*_`#[]<>!✅📦한字\u0301\u200b\u00a0\ufe0f")),
    min_size=1,
    max_size=16,
).map(lambda s: " ".join(s.split()))


# Titles the summary writes without mdformat: what must be right is the
# padding, with characters of width two (emoji, Hangul) and zero (a
# combining accent, a zero-width space, a variation selector).
plain_titles = st.text(
    alphabet=st.sampled_from(list("ab Zé9-.,()—›✅📦한字\u0301\u200b\ufe0f")),
    min_size=1,
    max_size=16,
).map(lambda s: " ".join(s.split()))


@st.composite
def roadmaps(draw: st.DrawFn, titles: st.SearchStrategy[str] = titles) -> list[RoadmapSummary]:
    found = []
    for number in range(draw(st.integers(1, 3))):
        lines = [f"# {draw(titles) or 'Plan'}", ""]
        for _ in range(draw(st.integers(1, 3))):
            lines += [f"## {draw(titles) or 'Part'}", ""]
            for _ in range(draw(st.integers(1, 3))):
                box = draw(st.sampled_from(["[ ]", "[x]", "[/]", "[-]"]))
                lines.append(f"- {box} {draw(titles) or 'item'}")
            lines.append("")
        tree = vaultroad.parse("\n".join(lines), f"Roadmaps/R{number}.md")
        notes = {
            topic.id: f"Topics/{draw(titles)}" for topic in tree.topics() if draw(st.booleans())
        }
        found.append(RoadmapSummary(tree, f"Roadmaps/R{number}", notes))
    return found


@settings(max_examples=200, deadline=None)
@given(roadmaps(), st.lists(st.tuples(titles, titles), max_size=3))
def test_the_summary_is_as_mdformat_writes_it(
    items: list[RoadmapSummary], done: list[tuple[str, str]]
) -> None:
    completed = [
        Completed(dt.date(2026, 11, 1 + n), f"Topics/{note}", title, "Plan")
        for n, (note, title) in enumerate(done)
    ]
    block = render_summary(items, completed)
    assert canonical(block) == block


@settings(max_examples=200, deadline=None)
@given(roadmaps(plain_titles))
def test_wide_and_zero_width_characters_are_padded_as_mdformat_pads_them(
    items: list[RoadmapSummary],
) -> None:
    block = render_summary(items, [])
    assert canonical(block) == block


def test_plain_titles_skip_mdformat(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(text: str) -> str:
        raise AssertionError("mdformat ran on a summary of plain titles")

    monkeypatch.setattr("vaultroad.summary.canonical", forbidden)
    tree = vaultroad.parse(
        "# Plan 📦\n\n## Part — one ✅\n\n- [x] a\n- [ ] b (2 days)\n", "Roadmaps/Plan.md"
    )
    block = render_summary([RoadmapSummary(tree, "Roadmaps/Plan", {})], [])
    assert "| Part — one ✅ | 1 / 2 | <progress" in block


def _block() -> str:
    tree = vaultroad.parse("# Plan\n\n- [x] a\n- [ ] b\n", "Roadmaps/Plan.md")
    return render_summary([RoadmapSummary(tree, "Roadmaps/Plan", {})], [])


def test_the_summary_block_is_replaced_and_a_users_example_is_not() -> None:
    block = _block()
    example = f"```\n{BEGIN}\nold example\n{END}\n```\n"
    mine = f"---\ntags: [mine]\n---\n# My progress\n\n{example}\n"
    text = f"{mine}{BEGIN}\nold\n{END}\n\nMore of mine.\n{example}"
    assert update_summary(text, block) == f"{mine}{block}\nMore of mine.\n{example}"
    crlf = text.replace("\n", "\r\n")
    assert update_summary(crlf, block) == (
        f"{mine}{block}\nMore of mine.\n{example}".replace("\n", "\r\n")
    )


def test_a_summary_note_with_markers_that_make_no_single_block_is_refused() -> None:
    text = f"{BEGIN}\na\n{END}\n\n{BEGIN}\nb\n{END}\n"
    with pytest.raises(AmbiguousBlockError, match=r"two vaultroad:begin markers \(lines 1 and 5\)"):
        update_summary(text, _block(), "Progress.md")
    # a user's file without any block is not vaultroad's to write
    assert update_summary("# My progress\n", _block()) is None
    assert update_summary(f"```\n{BEGIN}\n{END}\n```\n", _block()) is None


@pytest.mark.parametrize("text", ["", "\n", "  \n\t\n", "\ufeff"])
def test_an_empty_summary_note_is_written_whole(text: str) -> None:
    # An interrupted run of an older version could leave the file empty:
    # nothing in it is the user's.
    block = _block()
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    assert update_summary(text, block) == bom + new_summary_note(block)
    crlf = update_summary("\r\n", block)
    assert crlf == new_summary_note(block).replace("\n", "\r\n")
