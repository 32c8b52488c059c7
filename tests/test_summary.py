"""The progress summary: what it shows, and written as mdformat would write it."""

from __future__ import annotations

import datetime as dt
import difflib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vaultroad
from budget import budget
from vaultroad.notes import BEGIN, END, AmbiguousBlockError, canonical
from vaultroad.summary import (
    FINISHED,
    NEXT_UP,
    SHARED_PER_ROADMAP,
    Completed,
    OverlapLine,
    RemovedNote,
    RoadmapSummary,
    new_summary_note,
    render_summary,
    summary_frame,
    update_summary,
)

# Titles from plain words to Markdown punctuation, pipes, emoji (two columns
# wide), combining marks, CJK and zero-width characters.
titles = st.text(
    alphabet=st.sampled_from(list("ab Zé9-.,()&:'—›|*_`#[]<>!✅📦한字\u0301\u200b\u00a0\ufe0f")),
    min_size=1,
    max_size=16,
).map(lambda s: " ".join(s.split()))


# Titles the summary writes without mdformat: characters of width two
# (emoji, Hangul) and zero (a combining accent, a zero-width space, a
# variation selector), which once decided a table's padding.
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


@settings(max_examples=budget(fast=50, ci=200, long=2000), deadline=None)
@given(
    roadmaps(),
    st.lists(st.tuples(titles, titles), max_size=3),
    st.lists(st.tuples(titles, titles, titles), max_size=3),
    st.lists(st.tuples(titles, titles, st.integers(0, 3)), max_size=3),
)
def test_the_summary_is_as_mdformat_writes_it(
    items: list[RoadmapSummary],
    done: list[tuple[str, str]],
    gone: list[tuple[str, str, str]],
    shared: list[tuple[str, str, int]],
) -> None:
    completed = [
        Completed(dt.date(2026, 11, 1 + n), f"Topics/{note}", title, "Plan")
        for n, (note, title) in enumerate(done)
    ]
    removed = [
        RemovedNote(f"Topics/{note}", title, roadmap, dt.date(2026, 12, 1 + n))
        for n, (note, title, roadmap) in enumerate(gone)
    ]
    overlap = [
        OverlapLine(source, f"Roadmaps/S{n}", target, f"Roadmaps/T{n % 2}", 1 + k, k, 9)
        for n, (source, target, k) in enumerate(shared)
    ]
    block = render_summary(items, completed, overlap=overlap, removed=removed)
    assert canonical(block) == block


@settings(max_examples=budget(fast=50, ci=200, long=2000), deadline=None)
@given(roadmaps(plain_titles), plain_titles, plain_titles)
def test_plain_titles_with_wide_and_zero_width_characters_are_as_mdformat_writes_them(
    items: list[RoadmapSummary], title: str, roadmap: str
) -> None:
    block = render_summary(items, [])
    assert canonical(block) == block
    removed = [RemovedNote(f"Topics/{roadmap}/{title}", title, roadmap, dt.date(2026, 12, 2))]
    overlap = [OverlapLine(roadmap, "Roadmaps/A", title, "Roadmaps/B", 2, 1, 30)]
    block = render_summary(items, [], overlap=overlap, removed=removed)
    assert canonical(block) == block


def test_plain_titles_skip_mdformat(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(text: str) -> str:
        raise AssertionError("mdformat ran on a summary of plain titles")

    monkeypatch.setattr("vaultroad.summary.canonical", forbidden)
    tree = vaultroad.parse(
        "# Plan 📦\n\n## Part — one ✅\n\n- [x] a\n- [ ] b (2 days)\n", "Roadmaps/Plan.md"
    )
    block = render_summary([RoadmapSummary(tree, "Roadmaps/Plan", {})], [])
    assert (
        '- <progress value="1" max="2"></progress> 50% [[Roadmaps/Plan#Part — one ✅'
        "|Part — one ✅]] — 1 / 2 finished" in block
    )


def _summary(*texts: str) -> list[str]:
    """The summary's lines for roadmaps `Roadmaps/R0.md`, `R1.md` … holding `texts`."""
    items = []
    for number, text in enumerate(texts):
        tree = vaultroad.parse(text, f"Roadmaps/R{number}.md")
        notes = {topic.id: f"Topics/R{number}/{topic.title}" for topic in tree.topics()}
        items.append(RoadmapSummary(tree, f"Roadmaps/R{number}", notes))
    return render_summary(items, []).splitlines()


def test_the_count_is_called_finished_and_says_what_it_counts() -> None:
    # done + skipped, as roadmap.sh counts; doing apart
    lines = _summary("# Plan\n\n- [x] a\n- [-] b\n- [/] c\n- [ ] d\n")
    assert FINISHED in lines
    assert (
        '- <progress value="2" max="4"></progress> 50% [[Roadmaps/R0|Plan]]'
        " — 2 / 4 finished (1 skipped), 1 doing"
    ) in lines
    assert not any("Done" in line for line in lines)


def test_next_up_takes_from_every_roadmap_in_progress() -> None:
    many = "# First\n\n- [x] a0\n" + "".join(f"- [ ] a{n}\n" for n in range(1, 20))
    other = "# Second\n\n- [/] b0\n- [ ] b1\n"
    untouched = "# Third\n\n- [ ] c0\n"
    lines = _summary(many, other, untouched)
    start = lines.index("## Next up") + 2
    upcoming = lines[start : lines.index("", start)]
    assert upcoming == [
        *(f"- [[Topics/R0/a{n}|a{n}]] — First" for n in range(1, NEXT_UP + 1)),
        "- [[Topics/R1/b0|b0]] — Second",  # doing first
        "- [[Topics/R1/b1|b1]] — Second",
    ]
    # nothing started anywhere: where each roadmap starts
    fresh = _summary(untouched, "# Fourth\n\n- [ ] d0\n")
    assert fresh[fresh.index("## Next up") + 2 :][:2] == [
        "- [[Topics/R0/c0|c0]] — Third",
        "- [[Topics/R1/d0|d0]] — Fourth",
    ]


def test_sections_show_their_path_and_link_to_their_heading() -> None:
    text = (
        "# Plan\n\n"
        "## Basics\n\n### Resources\n\n- [x] a\n\n"
        "## Advanced\n\n### Resources\n\n- [ ] b\n\n"
        "1. **Foundations**\n\n   1.1. **Internet**\n   &nbsp;&nbsp;- DNS\n"
    )
    lines = _summary(text)
    start = lines.index("## Plan by section") + 2
    assert lines[start : lines.index("", start)] == [
        '- <progress value="1" max="1"></progress> 100% '
        "[[Roadmaps/R0#Resources|Basics › Resources]] — 1 / 1 finished",
        # the outline below is part of this section: its counts hold it
        '- <progress value="0" max="2"></progress> 0% '
        "[[Roadmaps/R0#Resources|Advanced › Resources]] — 0 / 2 finished",
        # an outline entry has no heading of its own: the nearest one above
        '- <progress value="0" max="1"></progress> 0% '
        "[[Roadmaps/R0#Resources|Advanced › Resources › 1 Foundations › 1.1 Internet]]"
        " — 0 / 1 finished",
    ]


def test_one_status_change_changes_only_the_lines_that_show_it() -> None:
    # Sections of 9 topics: the change takes one from 0 % to 11 %, one
    # column wider, and a padded table re-padded every row for that.
    sections = "".join(
        f"## Part {n}\n\n" + "".join(f"- [ ] t{n}-{m}\n" for m in range(9)) + "\n"
        for n in range(12)
    )
    before = _summary(f"# Plan\n\n- [x] start\n\n{sections}")
    after = _summary(f"# Plan\n\n- [x] start\n\n{sections.replace('[ ] t5-0', '[x] t5-0')}")
    changed = [
        line
        for line in difflib.unified_diff(before, after, n=0, lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    # The roadmap's line, two of the chart and the section's line, each
    # removed and added again. t5-0 is not among the next five, and nothing
    # was completed on a known date here: next up and recently completed stay.
    assert len(changed) == 8, changed


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


# --- shared topics and removed topics


def _lines(**lists: object) -> list[str]:
    tree = vaultroad.parse("# Plan\n\n## Part\n\n- [x] a\n- [ ] b\n", "Roadmaps/Plan.md")
    return render_summary([RoadmapSummary(tree, "Roadmaps/Plan", {})], [], **lists).splitlines()  # type: ignore[arg-type]


def _section(lines: list[str], heading: str) -> list[str]:
    start = lines.index(heading) + 2
    return lines[start : lines.index("", start)]


def test_without_overlap_or_removed_notes_the_summary_is_as_before() -> None:
    assert _lines(overlap=[], removed=[]) == _lines()
    assert not any(line in _lines() for line in ("## Shared topics", "## Removed topics"))


def test_shared_topics_say_how_much_of_a_roadmap_is_done_through_another() -> None:
    a, b = ("A plan", "Roadmaps/A"), ("B plan", "Roadmaps/B")
    lines = _lines(
        overlap=[
            OverlapLine(*a, *b, shared=23, done=5, target_total=120),
            OverlapLine(*b, *a, shared=23, done=0, target_total=40),
            OverlapLine(*("C plan", "Roadmaps/C"), *b, shared=1, done=1, target_total=120),
            OverlapLine(*("D plan", "Roadmaps/D"), *b, shared=0, done=0, target_total=120),
        ]
    )
    assert _section(lines, "## Shared topics") == [
        "- [[Roadmaps/A|A plan]]: 23 of its 40 topics are also in [[Roadmaps/B|B plan]],"
        " 0 of them done there",
        "- [[Roadmaps/B|B plan]]: 23 of its 120 topics are also in [[Roadmaps/A|A plan]],"
        " 5 of them done there",
        "- [[Roadmaps/B|B plan]]: 1 of its 120 topics is also in [[Roadmaps/C|C plan]],"
        " 1 of them done there",
    ]
    # after what is next and was done, before the roadmaps' sections
    assert lines.index("## Shared topics") > lines.index("```mermaid")
    assert lines.index("## Shared topics") < lines.index("## Plan by section")
    block = "\n".join(lines) + "\n"
    assert canonical(block) == block


def test_each_roadmap_lists_the_roadmaps_sharing_most_of_its_topics() -> None:
    many = [
        OverlapLine(f"S{n}", f"Roadmaps/S{n}", "T", "Roadmaps/T", 1 + n % 4, 0, 50)
        for n in range(12)
    ]
    shown = _section(_lines(overlap=many), "## Shared topics")
    assert len(shown) == SHARED_PER_ROADMAP
    # most shared first, then by title: S11, S3, S7 share 4; S10, S2 … share 3
    assert [line.split("[[Roadmaps/")[2].split("|")[0] for line in shown] == [
        "S11",
        "S3",
        "S7",
        "S10",
        "S2",
    ]


def test_removed_topics_are_listed_newest_first_with_what_to_do() -> None:
    lines = _lines(
        removed=[
            RemovedNote("Topics/R/Old title", "Old title", "R", dt.date(2026, 12, 2)),
            RemovedNote("Topics/Q/Gone", "Gone", "Q plan", dt.date(2026, 12, 9)),
            RemovedNote("Topics/Q/Also gone", "Also gone", "Q plan", dt.date(2026, 12, 2)),
        ]
    )
    assert _section(lines, "## Removed topics") == [
        "- [[Topics/Q/Gone|Gone]] — no longer in Q plan since 2026-12-09"
        " (relink, restore or delete it)",
        "- [[Topics/Q/Also gone|Also gone]] — no longer in Q plan since 2026-12-02"
        " (relink, restore or delete it)",
        "- [[Topics/R/Old title|Old title]] — no longer in R since 2026-12-02"
        " (relink, restore or delete it)",
    ]
    assert lines.index("## Removed topics") < lines.index("## Plan by section")
    # the same notes in another order: the same lines
    again = _lines(
        removed=[
            RemovedNote("Topics/Q/Also gone", "Also gone", "Q plan", dt.date(2026, 12, 2)),
            RemovedNote("Topics/R/Old title", "Old title", "R", dt.date(2026, 12, 2)),
            RemovedNote("Topics/Q/Gone", "Gone", "Q plan", dt.date(2026, 12, 9)),
        ]
    )
    assert again == lines


def test_titles_in_the_new_lists_are_made_safe_inside_links() -> None:
    lines = _lines(
        removed=[RemovedNote("Topics/R/x", "Old | [draft] #2", "R | plan", dt.date(2026, 12, 2))],
        overlap=[OverlapLine("A | [x]", "Roadmaps/A", "B #1", "Roadmaps/B", 2, 1, 3)],
    )
    assert (
        "- [[Topics/R/x|Old / (draft) #2]] — no longer in R / plan since 2026-12-02"
        " (relink, restore or delete it)"
    ) in lines
    assert (
        "- [[Roadmaps/B|B #1]]: 2 of its 3 topics are also in [[Roadmaps/A|A / (x)]],"
        " 1 of them done there"
    ) in lines


@pytest.mark.parametrize("blank", ["", "\n", " \t\r\n\n", "\ufeff", "\ufeff \n", "\u2003\n"])
def test_a_summary_of_only_blanks_is_framed_as_a_new_one(blank: str) -> None:
    frame = summary_frame(blank)
    assert frame is not None
    assert frame.head.startswith("\ufeff" if blank.startswith("\ufeff") else "---")
    assert frame.tail == ""


@pytest.mark.parametrize("text", [" x", "\n\n.", "\ufeff\nword", " \u00a0 text"])
def test_a_summary_with_any_text_but_no_block_is_not_framed(text: str) -> None:
    assert summary_frame(text) is None
