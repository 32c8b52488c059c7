"""Property tests: status edits on generated roadmap Markdown change only marker bytes.

Documents are built from the constructs roadmaps use (headings, nested lists
with and without checkboxes, blockquotes, callouts, fences with glyph lines,
topic tables, `&nbsp;&nbsp;- ` pseudo-bullets under `1.1. **Title**` lines,
paragraphs), joined with `\\n`, `\\r\\n` or mixed line endings (mixed ones
include the odd lone `\\r`), with an optional BOM, optional final newline and
random trailing spaces. Text comes from a small alphabet with non-ASCII
letters, symbols and emoji.
"""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

import vaultroad
from budget import budget
from edit_rules import STATUSES, diff_span, expected_text, form_of, is_usual
from vaultroad import Status, Topic
from vaultroad.selection import is_group

# Five properties at 200 examples take ~11 s: the default run draws fewer.
EXAMPLES = budget(fast=50, ci=200, long=200)


# --- documents ----------------------------------------------------------------------------

words = st.text(alphabet="abxzé✓😀1", min_size=1, max_size=5)
titles = st.lists(words, min_size=1, max_size=3).map(" ".join)
checkboxes = st.sampled_from(["", "[ ] ", "[x] ", "[X] ", "[/] ", "[-] ", "[>] ", "[ ✓ ] "])
glyphs = st.sampled_from(["", "", "✅ ", "🚧 ", "⏭️ ", "⏭ ", "☑ "])
indents = st.sampled_from(["  ", "    ", "\t"])
Lines = list[str]


@st.composite
def headings(draw: st.DrawFn) -> Lines:
    number = draw(st.sampled_from(["", "1. ", "2.3 "]))
    return ["#" * draw(st.integers(1, 4)) + " " + number + draw(titles)]


@st.composite
def list_blocks(draw: st.DrawFn) -> Lines:
    unit = draw(indents)
    ordered = draw(st.booleans())
    lines: Lines = []
    depth = 0
    for index in range(draw(st.integers(1, 5))):
        depth = draw(st.integers(0, depth + 1)) if index else 0
        bullet = f"{index + 1}." if ordered else draw(st.sampled_from("-*+"))
        lines.append(unit * depth + bullet + " " + draw(checkboxes) + draw(titles))
    return lines


@st.composite
def quoted(draw: st.DrawFn) -> Lines:
    """A blockquote or an Obsidian callout holding a list."""
    head = draw(st.sampled_from([[], ["> [!note]"], ["> [!todo] Tasks"]]))
    return head + ["> " + line for line in draw(list_blocks())]


@st.composite
def fences(draw: st.DrawFn) -> Lines:
    info = draw(st.sampled_from(["", "", "text", "python"]))
    prefixes = st.sampled_from(["", "", "☐ ", "□ ", "■ ", "☑ ", "✅ ", "🚧 ", "  ☐ "])
    body = draw(st.lists(st.tuples(prefixes, titles).map("".join), min_size=1, max_size=4))
    return ["```" + info, *body, "```"]


@st.composite
def tables(draw: st.DrawFn) -> Lines:
    rows = draw(
        st.lists(
            st.tuples(glyphs, titles, st.sampled_from(["3-4 days", "1 week", ""])),
            min_size=1,
            max_size=4,
        )
    )
    return ["| Topic | Time |", "|---|---|"] + [f"| {g}{t} | {d} |" for g, t, d in rows]


@st.composite
def pseudo_bullets(draw: st.DrawFn) -> Lines:
    lines = ["1.1. " + draw(glyphs) + "**" + draw(titles) + "**  "]
    for _ in range(draw(st.integers(0, 4))):
        width = draw(st.sampled_from([2, 2, 4]))
        lines.append("&nbsp;" * width + "- " + draw(glyphs) + draw(titles) + "  ")
    return lines


@st.composite
def paragraphs(draw: st.DrawFn) -> Lines:
    return draw(st.lists(titles, min_size=1, max_size=2))


blocks = st.one_of(
    headings(), list_blocks(), quoted(), fences(), tables(), pseudo_bullets(), paragraphs()
)


@st.composite
def documents(draw: st.DrawFn) -> str:
    parts = draw(st.lists(blocks, min_size=0, max_size=5))
    # At least one list, so most documents have checkbox topics.
    parts.insert(draw(st.integers(0, len(parts))), draw(list_blocks()))
    lines: Lines = []
    for part in parts:
        if lines and draw(st.integers(0, 4)) > 0:  # usually a blank line between blocks
            lines.append("")
        lines.extend(part)
    lines = [line + draw(st.sampled_from(["", "", " ", "  "])) for line in lines]
    style = draw(st.sampled_from(["\n", "\r\n", "mixed"]))
    ends = [
        draw(st.sampled_from(["\n", "\r\n", "\r\n", "\r"])) if style == "mixed" else style
        for _ in lines
    ]
    if not draw(st.booleans()):
        ends[-1] = ""  # no final newline
    bom = "\ufeff" if draw(st.booleans()) else ""
    return bom + "".join(line + end for line, end in zip(lines, ends, strict=True))


def topics_of(text: str) -> list[Topic]:
    return list(vaultroad.parse(text).topics())


# --- properties ------------------------------------------------------------------------


@settings(max_examples=EXAMPLES, deadline=None)
@given(documents())
def test_no_changes_keep_text(text: str) -> None:
    assert vaultroad.set_statuses(text, {}) == text
    same: dict[str, Status | str] = {topic.id: topic.status for topic in topics_of(text)}
    assert vaultroad.set_statuses(text, same).encode("utf-8") == text.encode("utf-8")


@settings(max_examples=EXAMPLES, deadline=None)
@given(documents(), st.data())
def test_change_and_back_restores_text(text: str, data: st.DataObject) -> None:
    usual = [topic for topic in topics_of(text) if is_usual(topic)]
    assume(usual)
    topic = data.draw(st.sampled_from(usual), label="topic")
    target = data.draw(st.sampled_from([s for s in STATUSES if s is not topic.status]))
    changed = vaultroad.set_statuses(text, {topic.id: target})
    back = vaultroad.set_statuses(changed, {topic.id: topic.status}, baseline=text)
    assert back.encode("utf-8") == text.encode("utf-8")


@settings(max_examples=EXAMPLES, deadline=None)
@given(documents(), st.data())
def test_todo_done_todo_restores_text(text: str, data: st.DataObject) -> None:
    todo = [t for t in topics_of(text) if t.status is Status.TODO and is_usual(t)]
    assume(todo)
    topic = data.draw(st.sampled_from(todo), label="topic")
    done = vaultroad.set_statuses(text, {topic.id: Status.DONE})
    back = vaultroad.set_statuses(done, {topic.id: Status.TODO}, baseline=text)
    assert back.encode("utf-8") == text.encode("utf-8")


@settings(max_examples=EXAMPLES, deadline=None)
@given(documents(), st.data())
def test_setting_twice_equals_once(text: str, data: st.DataObject) -> None:
    topics = topics_of(text)
    assume(topics)
    topic = data.draw(st.sampled_from(topics), label="topic")
    status = data.draw(st.sampled_from(STATUSES), label="status")
    once = vaultroad.set_statuses(text, {topic.id: status})
    assert vaultroad.set_statuses(once, {topic.id: status}) == once


def check_change(text: str, topics: list[Topic], topic: Topic, status: Status) -> None:
    """Setting `topic` to `status` rewrites only its marker span and nothing else changes."""
    label = f"{topic.title!r} (marker {topic.marker!r}, line {topic.line}) → {status.value}"
    new = vaultroad.set_statuses(text, {topic.id: status})
    position = topic.position
    start, end, replacement = diff_span(text, new)
    assert position.start <= start and end <= position.end + 1, (
        f"{label}: changed {text[start:end]!r} → {replacement!r} at {start}:{end}, "
        f"outside the marker span {position.start}:{position.end}"
    )
    assert new == expected_text(text, topic, status), f"{label}: wrote {replacement!r}"
    after = topics_of(new)
    assert [t.id for t in after] == [t.id for t in topics], f"{label}: topics changed"
    for before, now in zip(topics, after, strict=True):
        if before.id == topic.id:
            mark = (now.status, now.marker)
            assert mark == (status, form_of(topic, status) or None), f"{label}: re-parses as {mark}"
        else:
            # A group's status is derived from its subtopics: it follows them.
            old = (before.title, None if is_group(before) else before.status, before.marker)
            got = (now.title, None if is_group(now) else now.status, now.marker)
            assert got == old, f"{label}: also changed {old} into {got}"


@settings(max_examples=EXAMPLES, deadline=None)
@given(documents())
def test_change_touches_only_the_marker(text: str) -> None:
    # Every topic of the document to every other status: cheap on small documents,
    # and much likelier to hit the one odd place than a single drawn topic.
    topics = topics_of(text)
    for topic in topics:
        for status in STATUSES:
            if status is not topic.status:
                check_change(text, topics, topic, status)


markdownish = st.text(alphabet="-*+>|#`~[]x/ \t\r\n1.)!&nbsp;✅☐□■☑🚧⏭️✓é*_%", max_size=80)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=60), markdownish))
def test_parse_never_raises(text: str) -> None:
    roadmap = vaultroad.parse(text)
    for topic in roadmap.topics():
        position = topic.position
        assert text[position.start : position.end] == (topic.marker or "")
    assert vaultroad.set_statuses(text, {}) == text
