"""Fuzzed round trip: random status edits on generated roadmaps never lose a byte.

The generator mixes every construct vaultroad reads, in the spellings real
roadmaps use and a few they should survive: checkbox lists in every status
spelling (`[ ] [x] [X] [/] [-] [ ✓ ] [✓] [✔] [>]`), bare items and glyph
items, nested lists under space or tab indents, a checkbox ending its line,
numbered outlines with bold entries and `&nbsp;&nbsp;- ` pseudo-bullets under
them, topic tables with a Time column (the topic column first or after a `#`,
escaped pipes, in a blockquote), glyph checklists (`□ ■ ☐ ☑ ✅ 🚧 ⏭️`) in
unlabelled fences (also inside list items), headings, blockquotes and
callouts; and around them what must never be a topic: fences with a
language, HTML comments, `%% %%` comments and YAML frontmatter (each holding
checkbox-looking lines with the word `hidden`). The whitespace is hostile on
purpose: a tab, several spaces or a no-break space after bullets and markers,
trailing spaces and tabs, `\\n`/`\\r\\n`/lone `\\r` mixes, an optional BOM and
an optional final newline.

Each document gets a random set of status changes (one topic, a few, or all
of them to one status) and must satisfy:

a. only the changed markers' bytes change: every character outside their
   spans (a marker removed for todo takes the one space or tab after it,
   or in a list item the whole gap to the title) is where it was, and the
   result is exactly what the edit rules (`edit_rules`) say;
b. the re-parse has the same topics, the asked statuses, and every other
   topic's status, marker and title as before;
c. an empty edit, or every topic set to its own status, returns the text;
d. the edit undone with `baseline=` the original returns the original bytes.

Every generated document goes through all four checks. `budget` sizes the
run: 200 documents in the default run, 2,000 in CI's full run
(`VAULTROAD_FULL=1`), or 20,000 with `VAULTROAD_LONG=1` (what
`benchmarks/fuzz_roundtrip.py` sets; it runs the same checks and counts the
cases and failures).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, Phase, find, given, reject, settings
from hypothesis import strategies as st

import vaultroad
from budget import budget
from edit_rules import STATUSES, expected_text, form_of
from test_properties import headings
from vaultroad import Status, Topic, TopicSource
from vaultroad.selection import is_group

# 2,000 documents take ~20 s: the default run fuzzes a tenth of that.
EXAMPLES = budget(fast=200, ci=2000, long=20_000)
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# KNOWN OPEN CASE (refused, nothing written, not a byte lost): in a document
# without checkboxes, `- ✅ **b** — b` over sub-items is a topic (it has a
# status), but `- **b** — b` over sub-items reads as an outline section. Setting
# it to todo removes the glyph, so the structure would change and the edit is
# refused as unsafe. Reading and writing disagree on this shape; listed in the
# closing note of the reading work (issue 9).
KNOWN_REFUSAL = re.compile(
    r"(?m)(?:^|\r)[ \t>]*[-*+][ \t]+(?:✅|🚧|⏭️?|☑)[ \t\u00a0]+\*\*[^\r\n]*"
    # its sub-items, right below it or after blank lines (a fenced glyph list too)
    r"(?:\r\n?|\n)(?:[ \t>]*(?:\r\n?|\n))*[ \t>]*[ \t]+\S"
)

HIDDEN = "hidden"  # the word only never-topic places (code, comments, frontmatter) hold

Lines = list[str]

# --- text ------------------------------------------------------------------------------
#
# Hypothesis pays per draw, so each piece of text is one draw from a list built
# here (simplest first, which is where shrinking goes) rather than many draws.

WORDS = [
    *("a", "b", "x", "Zeta", "é", "ñandú", "naïve", "😀", "✓ok", "1", "42", "snake_case"),
    *("`code`", "**b**", "*i*", "[l](u)", "[[Note]]", "[[Note#h|alias]]", "&amp;", "(x)"),
    *("3-4 days", "1 week", "— b", "c:"),
]
# Titles of one to three words: letters with accents, emoji, a `✓` that is not a
# box, digits, inline markup, links, wikilinks, durations, and the ` — `/`: `
# that split a title from its description.
TITLES = [
    *WORDS,
    *(f"{w} {WORDS[(i * 7 + 3) % len(WORDS)]}" for i, w in enumerate(WORDS)),
    *(
        f"{w} {WORDS[(i * 5 + 1) % len(WORDS)]} {WORDS[(i * 11 + 2) % len(WORDS)]}"
        for i, w in enumerate(WORDS)
    ),
]
titles = st.sampled_from(TITLES)
# What may separate a marker from its title (before a no-break space a mark is text).
GAPS = [" ", " ", " ", " ", "\t", "  ", " \t", "\u00a0"]
CHECKBOXES = ["[ ]", "[x]", "[X]", "[/]", "[-]", "[ ✓ ]", "[✓]", "[✔]", "[>]"]
GLYPHS = ["✅", "🚧", "⏭️", "⏭", "☑"]


def leads(marks: list[str], bare: int) -> st.SearchStrategy[str]:
    """A marker and its gap, or (`bare` times in the list) nothing."""
    return st.sampled_from([""] * bare + [mark + gap for mark in marks for gap in GAPS])


item_leads = leads(CHECKBOXES + GLYPHS, bare=40)
place_leads = leads(GLYPHS, bare=25)  # cells, pseudo-bullets, outline leaves
fence_leads = leads(["☐", "☑", "□", "■", "✅", "🚧", "⏭️"], bare=0)
TIMES = ["3-4 days", "1 week", "2-3 weeks", "", "x"]


def one(*options: str) -> st.SearchStrategy[str]:
    return st.sampled_from(options)


# --- blocks ------------------------------------------------------------------------------


@st.composite
def checklists(draw: st.DrawFn) -> Lines:
    unit = draw(one("  ", "    ", "\t"))
    ordered = draw(st.booleans())
    lines: Lines = []
    depth = 0
    for index in range(draw(st.integers(1, 6))):
        depth = draw(st.integers(0, depth + 1)) if index else 0
        bullet = f"{index + 1}{draw(one('.', ')'))}" if ordered else draw(one("-", "*", "+"))
        after = draw(one(" ", " ", " ", "\t", "  "))
        lines.append(unit * depth + bullet + after + draw(item_leads) + draw(titles))
    return lines


@st.composite
def quoted(draw: st.DrawFn) -> Lines:
    """A blockquote or an Obsidian callout holding a checklist."""
    head = draw(st.sampled_from([[], ["> [!note]"], ["> [!todo] Tasks"]]))
    quote = draw(one("> ", ">"))
    return head + [quote + line for line in draw(checklists())]


@st.composite
def outlines(draw: st.DrawFn) -> Lines:
    """`1. **Phase**`, `   1.1. **Entry**  `, `   &nbsp;&nbsp;- item  `, and leaves."""
    top = draw(st.integers(1, 9))
    lines = [f"{top}. **{draw(titles)}**", ""]
    for sub in range(1, draw(st.integers(1, 3)) + 1):
        indent = draw(one("   ", "", "  "))
        head = f"{indent}{top}.{sub}.{draw(one(*GAPS))}{draw(place_leads)}**{draw(titles)}**"
        lines.append(head + draw(one("  ", "", " \\", "\t")))
        for _ in range(draw(st.integers(0, 3))):
            bullet = draw(
                one(
                    "&nbsp;&nbsp;- ",
                    "&nbsp;&nbsp;&nbsp;&nbsp;- ",
                    "\u00a0\u00a0* ",
                    "&nbsp;&nbsp;•\t",
                )
            )
            lines.append(f"{indent}{bullet}{draw(place_leads)}{draw(titles)}  ")
        lines.append("")
    return lines[:-1]


# Header rows, each with the index of its topic column (`#`/`Week` are schedule columns).
HEADERS = [
    ("| Topic | Time |", 0),
    ("| Topic | What | Time |", 0),
    ("|Topic|Time|", 0),
    ("| # | Topic | Time |", 1),
    ("| Week | Topics | Duration |", 1),
]


@st.composite
def tables(draw: st.DrawFn) -> Lines:
    """A topic table, sometimes in a blockquote; a cell may hold an escaped pipe."""
    header, topic = draw(st.sampled_from(HEADERS))
    columns = header.count("|") - 1
    rows = [header, "|" + "|".join(["---"] * columns) + "|"]
    for number in range(1, draw(st.integers(1, 4)) + 1):
        pad = draw(one(" ", " ", "", "\t", "  "))
        title = draw(titles) + draw(one("", "", "", " \\| b"))
        cells = [f" {number} " if topic else ""]
        cells.append(pad + draw(place_leads) + title + pad)
        cells += [" " + draw(one(*TIMES)) + " " for _ in range(columns - 1 - topic)]
        rows.append("|" + "|".join(cells[1 - topic :]) + "|")
    quote = draw(one("", "", "> "))
    return [quote + row for row in rows]


@st.composite
def nested_items(draw: st.DrawFn) -> Lines:
    """A list item holding a glyph fence, pseudo-bullets or an outline entry; or an
    item whose checkbox ends its line, its title on the next."""
    kind = draw(one("fence", "pseudo", "outline", "next-line"))
    if kind == "next-line":
        return ["- " + draw(one(*CHECKBOXES)), "  " + draw(titles)]
    head = ["- " + draw(item_leads) + draw(titles)]
    if kind == "fence":
        body = ["  " + draw(fence_leads) + draw(titles) for _ in range(draw(st.integers(1, 3)))]
        return [*head, "", "  ```", *body, "  ```"]
    if kind == "pseudo":
        bullets = range(draw(st.integers(1, 3)))
        return head + [f"  &nbsp;&nbsp;- {draw(place_leads)}{draw(titles)}  " for _ in bullets]
    return [*head, f"  1.1. {draw(place_leads)}**{draw(titles)}**  "]


@st.composite
def glyph_fences(draw: st.DrawFn) -> Lines:
    """An unlabelled fence: a glyph checklist (lines without a glyph are plain text)."""
    fence = draw(one("```", "~~~", "````"))
    body = []
    for _ in range(draw(st.integers(1, 5))):
        if draw(st.integers(0, 4)):
            body.append(draw(one("", "", "  ")) + draw(fence_leads) + draw(titles))
        else:
            body.append(draw(titles))
    return [fence, *body, fence]


@st.composite
def hidden_blocks(draw: st.DrawFn) -> Lines:
    """Places whose checkbox-looking lines are never topics."""
    inner = [f"- [ ] {HIDDEN} a", f"- [x] {HIDDEN} b", f"☐ {HIDDEN} c", f"| {HIDDEN} |"]
    kind = draw(st.sampled_from(["code", "html", "obsidian"]))
    if kind == "code":
        fence = draw(st.sampled_from(["```", "~~~"]))
        return [fence + draw(st.sampled_from(["python", "text", "bash", "md"])), *inner, fence]
    if kind == "html":
        return ["<!--", *inner, "-->"]
    return ["%%", *inner, "%%"]


@st.composite
def paragraphs(draw: st.DrawFn) -> Lines:
    lines = [draw(titles) for _ in range(draw(st.integers(1, 2)))]
    if draw(st.booleans()):
        lines[-1] += f" %%{HIDDEN}%%"
    return lines


topic_blocks = st.one_of(
    checklists(), quoted(), outlines(), tables(), glyph_fences(), nested_items()
)
blocks = st.one_of(topic_blocks, headings(), hidden_blocks(), paragraphs())


TRAILS = ["", "", "", " ", "  ", "\t"]
ENDS_LF = st.sampled_from([trail + "\n" for trail in TRAILS])
ENDS_CRLF = st.sampled_from([trail + "\r\n" for trail in TRAILS])
ENDS_MIXED = st.sampled_from([t + end for end in ("\n", "\r\n", "\r\n", "\r") for t in TRAILS])


@st.composite
def documents(draw: st.DrawFn) -> str:
    parts = draw(st.lists(blocks, max_size=6))
    parts.insert(draw(st.integers(0, len(parts))), draw(topic_blocks))
    lines: Lines = []
    if draw(st.integers(0, 4)) == 0:
        lines += ["---", f"title: {HIDDEN}", "tags:", f"  - [ ] {HIDDEN}", "---", ""]
    for part in parts:
        if lines and draw(st.integers(0, 5)) > 0:  # usually a blank line between blocks
            lines.append("")
        lines.extend(part)
    # Each line's trailing whitespace and line break: one draw per line.
    style = draw(st.sampled_from([ENDS_LF, ENDS_CRLF, ENDS_MIXED]))
    text = "".join(line + draw(style) for line in lines)
    if draw(st.booleans()):
        text = text.rstrip("\r\n")  # no final newline
    return ("\ufeff" if draw(st.integers(0, 3)) == 0 else "") + text


@lru_cache(maxsize=8)
def topics_of(text: str) -> tuple[Topic, ...]:
    """The topics of `text` (cached: the case's document is parsed once to draw the edit)."""
    return tuple(vaultroad.parse(text).topics())


@dataclass(frozen=True)
class Case:
    text: str
    changes: dict[str, Status]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """A document and status changes for some of its topics (or for all, to one status)."""
    text = draw(documents())
    topics = topics_of(text)
    if not topics:
        return Case(text, {})
    if draw(st.integers(0, 5)) == 0:
        status = draw(st.sampled_from(STATUSES))
        return Case(text, dict.fromkeys((topic.id for topic in topics), status))
    chosen = draw(
        st.lists(st.sampled_from(topics), min_size=1, max_size=4, unique_by=lambda topic: topic.id)
    )
    return Case(text, {topic.id: draw(st.sampled_from(STATUSES)) for topic in chosen})


# --- the checks (shared with benchmarks/fuzz_roundtrip.py) ------------------------------


def check_no_op(text: str) -> None:
    """(c) Nothing to change gives the same text, with or without a baseline."""
    assert vaultroad.set_statuses(text, {}) == text
    same: dict[str, Status | str] = {topic.id: topic.status for topic in topics_of(text)}
    assert vaultroad.set_statuses(text, same) == text
    assert vaultroad.set_statuses(text, same, baseline=text) == text


# Where a marker starts a list item's text, its removal takes the whole gap to the
# title (one space less would move the item's content column); elsewhere one
# space or tab, as `edit_rules` states.
LIST_PLACES = (TopicSource.LIST_ITEM, TopicSource.OUTLINE_ENTRY)
GAP_RE = re.compile(r"[ \t]*")


def span_of(text: str, topic: Topic) -> tuple[int, int]:
    """The marker span a change may rewrite: the marker and the gap a removal takes."""
    start, end = topic.position.start, topic.position.end
    if topic.position.text is None:
        return start, end
    if topic.source in LIST_PLACES:
        gap = GAP_RE.match(text, end)
        return start, gap.end() if gap else end
    return start, end + (1 if text[end : end + 1] in (" ", "\t") else 0)


def expected_after(text: str, topic: Topic, status: Status) -> str:
    """`text` with only `topic`'s marker changed to `status`, as the edit rules say."""
    start, end = span_of(text, topic)
    if topic.position.text is not None and not form_of(topic, status):
        return text[:start] + text[end:]
    return expected_text(text, topic, status)


def check_outside_spans(old: str, new: str, changed: list[Topic]) -> None:
    """(a) `new` is `old` but for one replacement per changed marker span.

    A replacement never holds a line break.
    """
    pattern = []
    tail = 0
    for topic in sorted(changed, key=lambda topic: topic.position.start):
        start, end = span_of(old, topic)
        pattern += [re.escape(old[tail:start]), "[^\r\n]*?"]
        tail = end
    pattern.append(re.escape(old[tail:]))
    assert re.fullmatch("".join(pattern), new, re.DOTALL), "bytes changed outside the markers"


def check_case(case: Case) -> None:
    text, changes = case.text, case.changes
    topics = topics_of(text)
    assert not [t.title for t in topics if HIDDEN in t.title], "a hidden line was read as a topic"
    check_no_op(text)
    if not changes:
        return
    by_id = {topic.id: topic for topic in topics}
    try:
        new = vaultroad.set_statuses(text, changes)
    except vaultroad.UnsafeEditError:
        if KNOWN_REFUSAL.search(text):
            reject()
        raise

    changed = [by_id[i] for i, status in changes.items() if by_id[i].status is not status]
    check_outside_spans(text, new, changed)
    expected = text
    for topic in sorted(changed, key=lambda topic: topic.position.start, reverse=True):
        expected = expected_after(expected, topic, changes[topic.id])
    assert new == expected, "not the smallest marker edit the rules give"

    # (b) the re-parse reads the asked statuses and nothing else changed
    after = topics_of(new)
    assert [t.id for t in after] == [t.id for t in topics], "the topics changed"
    for old, now in zip(topics, after, strict=True):
        wanted = changes.get(old.id, old.status)
        # A group's status follows its subtopics, unless this edit gave it a box
        # of its own (asked for a status it did not have).
        if not is_group(old) or (old.id in changes and changes[old.id] is not old.status):
            assert now.status is wanted, f"{old.title!r} reads {now.status}, not {wanted}"
        assert now.title == old.title
        if old.id not in changes or old.status is changes[old.id]:
            assert now.marker == old.marker, f"{old.title!r}: {old.marker!r} → {now.marker!r}"

    # (d) undo with the original as baseline: the original bytes
    undo = {topic_id: by_id[topic_id].status for topic_id in changes}
    back = vaultroad.set_statuses(new, undo, baseline=text)
    assert back.encode("utf-8", "surrogatepass") == text.encode("utf-8", "surrogatepass"), (
        "the undo did not restore the original bytes"
    )


# --- properties ----------------------------------------------------------------------------


@SETTINGS
@given(cases())
def test_random_edits_change_only_markers_and_undo_exactly(case: Case) -> None:
    check_case(case)


@pytest.mark.parametrize("source", list(TopicSource))
def test_the_generator_makes_topics_of_every_kind(source: TopicSource) -> None:
    """A guard on the generator itself: no construct silently drops out of the fuzzing."""
    find(
        documents(),
        lambda text: any(topic.source is source for topic in topics_of(text)),
        settings=settings(max_examples=500, database=None, phases=[Phase.generate]),
    )
