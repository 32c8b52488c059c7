"""The progress summary: written as mdformat would write it, whatever the titles hold."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vaultroad
from vaultroad.notes import canonical
from vaultroad.summary import Completed, RoadmapSummary, render_summary

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
