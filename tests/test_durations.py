"""Efforts, schedules and decorative ticks, read as a learner reads them.

Each rule of `vaultroad.durations` and `vaultroad.glyphs`, and each bug the
issue "Read real roadmaps as a learner would" names (items 4 and 5), pinned
with a small document.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vaultroad
from budget import budget
from vaultroad import durations, glyphs
from vaultroad.durations import (
    HOURS_PER_DAY,
    cell_duration,
    effort_clause,
    find_duration,
    find_schedule,
    format_effort,
    without_effort,
)
from vaultroad.glyphs import decorative_glyph_lines
from vaultroad.markdown import make_markdown
from vaultroad.model import Roadmap, Section, Topic
from vaultroad.serialize import progress
from vaultroad.summary import RoadmapSummary, render_summary


def topic(tree: Roadmap, title_start: str) -> Topic:
    found = [t for t in tree.topics() if t.title.startswith(title_start)]
    assert len(found) == 1, [t.title for t in tree.topics()]
    return found[0]


def section(tree: Roadmap, title_start: str) -> Section:
    found = [s for s in tree.walk_sections() if s.title.startswith(title_start)]
    assert len(found) == 1, [s.title for s in tree.walk_sections()]
    return found[0]


def days(text: str) -> tuple[float, float, str] | None:
    estimate = find_duration(text)
    return None if estimate is None else (estimate.low, estimate.high, estimate.text)


# --- where an effort is stated ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a parenthesised duration ending a topic or heading
        ("Type hints (2 days)", (2, 2, "2 days")),
        ("PHASE 1: Python Fundamentals (6-8 weeks)", (42, 56, "6-8 weeks")),
        ("Aprender Django (2 a 3 semanas)", (14, 21, "2 a 3 semanas")),
        ("Async basics (~2 days).", (2, 2, "2 days")),
        ("Decorators (2 days) — closures and functools.wraps", (2, 2, "2 days")),
        # a dash-separated duration ending it
        ("Option A: FastAPI (Recommended for 2025) - 4 weeks", (28, 28, "4 weeks")),
        ("Option B: Django - 4-5 weeks", (28, 35, "4-5 weeks")),
        ("Learn SQL — 3 meses", (90, 90, "3 meses")),
        # a parenthesised duration opening it (a Kanban card's `**(1 hour)**`)
        ("(1 hour) Upload all Notion notes to repo", (0.125, 0.125, "1 hour")),
        # a whole table cell
        ("14 weeks", (98, 98, "14 weeks")),
        ("10-12 weeks", (70, 84, "10-12 weeks")),
        ("6 months", (180, 180, "6 months")),
        # hours and minutes, at HOURS_PER_DAY hours a day
        ("Daily (15-30 minutes)", (15 / 480, 30 / 480, "15-30 minutes")),
        ("Read the docs (1.5 hours)", (1.5 / 8, 1.5 / 8, "1.5 hours")),
        ("Quick tour (2h)", (0.25, 0.25, "2h")),
        ("Repaso (45 minutos)", (45 / 480, 45 / 480, "45 minutos")),
        ("Práctica - 2 horas", (0.25, 0.25, "2 horas")),
    ],
)
def test_an_effort_stated_for_a_topic_or_section_is_read(
    text: str, expected: tuple[float, float, str]
) -> None:
    got = days(text)
    assert got is not None
    assert got[0] == pytest.approx(expected[0])
    assert got[1] == pytest.approx(expected[1])
    assert got[2] == expected[2]
    # the text is the duration exactly as written, inside the clause that was read
    found = effort_clause(text)
    assert found is not None
    assert found.estimate.text in text[found.start : found.end]


@pytest.mark.parametrize(
    "text",
    [
        # inside a longer parenthesis, or in link text (the bug: 100 days)
        "The Magic of LRU Cache (100 Days of Google Dev) (video)",
        # prose sentences (the bugs: 1-2 months, 30 days)
        "Get a subscription, it is worth it for the 1-2 months you'll be preparing",
        "I am enjoying 30 days of python",
        "Spend 2 days on decorators before moving on",
        # schedules: a number after its unit is a place on the calendar
        "Week 1-2: Core Basics",
        "Phase 1: Foundation (Weeks 1-4)",
        "Phase 4: Mastery (Months 6+)",
        "Data PreProcessing | Day 1",
        # rates are a pace, not a length
        "6-10 hours/week",
        "Python (studying 3-4 hours/day)",
        "Practice (2 hours a day)",
        # quoted names
        'Finish "Python - 4 hours"',
        'Watch "Learn Python in 4 Hours"',
        # numbers that are not durations
        "Use HTTPS with TLS 1.2+ and secure ciphers",
        "Read 1 academic paper (eg. Claude Shannon's information theory paper).",
        "Join a 5km run with friends.",
        "SICP-Lec1a: List概览-1:12:55",
        "-",
    ],
)
def test_no_effort_is_read_from_names_prose_schedules_or_rates(text: str) -> None:
    assert find_duration(text) is None


def test_a_duration_inside_link_text_is_a_name() -> None:
    text = "Python in 4 hours (4 hours)"
    assert find_duration(text) is not None
    assert find_duration(text, ["Python in 4 hours (4 hours)"]) is None
    assert find_duration("Docker (2 days)", ["Docker"]) is not None


def test_bug_link_text_prose_and_names_give_no_time_left() -> None:
    tree = vaultroad.parse(
        "# Prep\n\n"
        "- [The Magic of LRU Cache (100 Days of Google Dev) (video)](https://youtu.be/x)\n"
        "- Get LeetCode premium: worth it for the 1-2 months you'll be preparing\n"
        "- I am enjoying 30 days of python\n"
        "- [Learn Python (4 hours)](https://example.com)\n"
        "- Type hints (2 days)\n",
        "Prep.md",
    )
    estimates = {t.title: t.estimate.text for t in tree.topics() if t.estimate}
    assert estimates == {"Type hints": "2 days"}
    counts = progress(tree.topics())
    assert (counts.remaining_low, counts.remaining_high) == (2, 2)


def test_bug_leading_bold_duration_on_a_kanban_card() -> None:
    tree = vaultroad.parse(
        "---\nkanban-plugin: basic\n---\n\n## Backlog\n\n"
        "- [ ] **(1 hour)**<br>Determine the next steps<br>#project\n"
        "- [ ] **(1 hour)** Upload all Notion notes to repo.\n"
        "- [ ] Read 1 academic paper.\n",
        "kanban.md",
    )
    estimates = [t.estimate for t in tree.topics()]
    assert [e.text if e else None for e in estimates] == ["1 hour", "1 hour", None]
    assert estimates[0] is not None and estimates[0].low == pytest.approx(1 / HOURS_PER_DAY)


def test_bug_heading_durations_in_minutes_and_schedules_in_weeks() -> None:
    tree = vaultroad.parse(
        "# Plan\n\n"
        "## Phase 1: Foundation (Weeks 1-4)\n\n"
        "### Week 1-2: Core Basics\n\n- [ ] Variables\n\n"
        "### Daily (15-30 minutes)\n\n- [ ] Review flashcards\n\n"
        "## PHASE 2: Web (6-8 weeks)\n\n- [ ] HTTP\n",
        "plan.md",
    )
    phase = section(tree, "Phase 1")
    assert phase.duration is None
    assert phase.schedule == "Weeks 1-4"
    week = section(tree, "Week 1-2")
    assert (week.duration, week.schedule) == (None, "Week 1-2")
    daily = section(tree, "Daily")
    assert daily.duration is not None and daily.duration.text == "15-30 minutes"
    assert daily.schedule is None
    web = section(tree, "PHASE 2")
    assert web.duration is not None and (web.duration.low, web.duration.high) == (42, 56)
    assert web.schedule is None


@pytest.mark.parametrize(
    ("text", "schedule"),
    [
        ("Week 1-2: Core Basics", "Week 1-2"),
        ("Week 1 ✅ ⏳ ❌", "Week 1"),
        ("Phase 2: Building Skills (Months 2-3)", "Months 2-3"),
        ("Phase 4: Mastery (Months 6+)", "Months 6+"),
        ("Semana 3: Django", "Semana 3"),
        ("第 1 周(12.20-12.26)", "第 1 周"),
        ("PHASE 1: Python Fundamentals (6-8 weeks)", None),
        ("Weekly review", None),
    ],
)
def test_schedules_are_read_on_sections(text: str, schedule: str | None) -> None:
    assert find_schedule(text) == schedule


def test_table_time_column_cells_are_estimates() -> None:
    tree = vaultroad.parse(
        "| Topic | Time |\n|---|---|\n| Loops | 3-4 days |\n| Async | 2 hours |\n| Rest | - |\n",
        "t.md",
    )
    estimates = {t.title: t.estimate.text if t.estimate else None for t in tree.topics()}
    assert estimates == {"Loops": "3-4 days", "Async": "2 hours", "Rest": None}


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        ("3-4 days", "3-4 days"),
        ("~1 week", "1 week"),
        ("2 weeks (with practice)", "2 weeks"),
        ("6-10 hours/week", None),
        ("4 hours per week", None),
        ("2 hours a day", None),
        ("Week 1", None),
        ("-", None),
    ],
)
def test_cell_duration_reads_a_cell_opening_with_a_length(cell: str, text: str | None) -> None:
    estimate = cell_duration(cell)
    assert (estimate.text if estimate else None) == text


def test_effort_clause_gives_the_span_a_title_drops() -> None:
    text = "Option A: FastAPI (Recommended for 2025) - 4 weeks"
    found = effort_clause(text)
    assert found is not None
    assert text[found.start : found.end] == " - 4 weeks"
    assert without_effort(text) == "Option A: FastAPI (Recommended for 2025)"
    assert without_effort("Type hints (2 days)") == "Type hints"
    assert without_effort("(1 hour) Upload notes") == "Upload notes"
    assert without_effort("I am enjoying 30 days of python") == "I am enjoying 30 days of python"


def test_titles_do_not_repeat_an_estimate_that_was_read() -> None:
    tree = vaultroad.parse("- Type hints (2 days)\n- Spend 2 days on X\n", "p.md")
    titles = [(t.title, t.estimate.text if t.estimate else None) for t in tree.topics()]
    assert titles == [("Type hints", "2 days"), ("Spend 2 days on X", None)]


# --- time left ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "shown"),
    [
        (1 / 8, 1 / 8, "1 hour"),
        (2 / 8, 3 / 8, "2-3 hours"),
        (15 / 480, 30 / 480, "15-30 minutes"),
        (1 / 480, 1 / 480, "1 minute"),
        (0.5, 1.5, None),
        (3, 4, None),
    ],
)
def test_format_effort_shows_a_total_under_a_day_in_hours_or_minutes(
    low: float, high: float, shown: str | None
) -> None:
    assert format_effort(low, high) == shown


def _time_left(markdown: str) -> str:
    tree = vaultroad.parse(markdown, "Roadmaps/Plan.md")
    block = render_summary([RoadmapSummary(tree, "Roadmaps/Plan", {})], [])
    line = next(line for line in block.splitlines() if "[[Roadmaps/Plan|" in line)
    found = re.search(r", ([^,]+) left$", line)
    return found.group(1) if found else "–"


def test_time_left_in_the_summary_reads_well_for_hours() -> None:
    assert _time_left("# Plan\n\n- [ ] a (1 hour)\n- [ ] b (1 hour)\n") == "2 hours"
    assert _time_left("# Plan\n\n- [ ] a (15-30 minutes)\n") == "15-30 minutes"
    # eight hours of study are one day
    assert _time_left("# Plan\n\n- [ ] a (2 days)\n- [ ] b (8 hours)\n") == "3 days"
    assert _time_left("# Plan\n\n- [ ] a\n") == "–"


# --- decorative ticks ---------------------------------------------------------------------

CRITERIA = (
    "# Plan\n\n### Week 1\n"
    "- [ ] Set up development environment\n"
    "- [ ] Make first git commit\n\n"
    "**Phase 1 Success Criteria:**\n"
    "- ✅ Can navigate terminal/command line\n"
    "- ✅ Comfortable with git basics\n"
)

GLYPH_CHECKLIST = "# Plan\n\n- ✅ Variables\n- ✅ Loops\n- Functions\n- Classes\n"


def statuses(text: str) -> dict[str, str]:
    return {t.title: t.status.value for t in vaultroad.parse(text, "plan.md").topics()}


def decorative(text: str) -> list[str]:
    """The lines whose leading tick is text, by the rule alone (before topic selection)."""
    lines = text.split("\n")
    return [lines[n] for n in sorted(decorative_glyph_lines(make_markdown().parse(text, {})))]


def test_bug_success_criteria_ticks_in_a_checkbox_document_are_text() -> None:
    assert decorative(CRITERIA) == [
        "- ✅ Can navigate terminal/command line",
        "- ✅ Comfortable with git basics",
    ]
    tree = vaultroad.parse(CRITERIA, "plan.md")
    assert not [t for t in tree.topics() if t.status is not vaultroad.Status.TODO]
    assert not [t for t in tree.topics() if "✅" in t.text and t.marker is not None]


@pytest.mark.parametrize(
    "text",
    [
        # a list mixing ticked and unticked items: a glyph checklist, even beside boxes
        "- [ ] a\n\n---\n\n- ✅ b\n- c\n",
        "- [ ] a\n- ✅ b\n",
        # a sublist all ticked inside a mixed list is part of that checklist
        "- [ ] a\n\n---\n\n- ✅ Basics\n  - ✅ vars\n  - ✅ loops\n- Advanced\n  - gen\n",
        # no checkbox anywhere: every tick is a status (a finished glyph checklist)
        "- ✅ a\n- ✅ b\n",
        "- ✅ a\n",
        # 🚧 and ⏭️ are never decoration
        "- [ ] a\n\n---\n\n- 🚧 b\n- 🚧 c\n",
    ],
)
def test_ticks_are_statuses_in_glyph_checklists(text: str) -> None:
    assert decorative(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "- [ ] a\n\n---\n\n- ✅ b\n- ✅ c\n",
        "- [ ] a\n\n> - ✅ b\n> - ✅ c\n",  # in a blockquote
        "- [ ] a\n\n---\n\n1. ✅ b\n2) ✅ c\n",  # ordered
        "- [ ] a\n\n---\n\n- - ✅ b\n  - ✅ c\n",  # a list opening on a list's line
        "- [ ] a\n\n---\n\n-\n  ✅ b\n- ✅ c\n",  # an item whose text starts a line below
        "- [ ] a\n\n---\n\n-\t✅\tb\n- [x]  ✅ c\n",  # tabs, a box before the tick
        "- [ ] a\r\n\r\n---\r\n\r\n- ✅ b\r\n- ✅ c\r\n",  # CRLF
        "- [ ] a\r\rb\r\r- ✅ b\r- ✅ c\r",  # CR alone
        "- [ ] a\n\n| ✅ x | ✅ y |\n\n- [✅] ✅ b\n- ✅ c\n",  # a tick in the box, and in cells
    ],
)
def test_the_precheck_on_the_text_skips_no_decorated_list(text: str) -> None:
    # `text` only lets a document where no item can start with a tick skip the walk.
    tokens = make_markdown().parse(text, {})
    assert decorative_glyph_lines(tokens)
    assert decorative_glyph_lines(tokens, text) == decorative_glyph_lines(tokens)


def test_a_decorated_list_stays_decorated_when_one_item_is_boxed() -> None:
    assert decorative("- [ ] a\n\n---\n\n- [x] ✅ b\n- ✅ c\n") == ["- ✅ c"]


def test_a_glyph_checklist_reads_its_ticks_as_done() -> None:
    assert statuses(GLYPH_CHECKLIST) == {
        "Variables": "done",
        "Loops": "done",
        "Functions": "todo",
        "Classes": "todo",
    }
    assert statuses("- ✅ a\n") == {"a": "done"}


def _set(text: str, title: str, status: str) -> str:
    tree = vaultroad.parse(text, "plan.md")
    return vaultroad.set_statuses(text, {topic(tree, title).id: status}, "plan.md")


def test_writes_read_back_as_written_in_both_kinds_of_document() -> None:
    # A box-less glyph checklist is written with glyphs; a written tick reads back as done.
    ticked = _set(GLYPH_CHECKLIST, "Functions", "done")
    assert statuses(ticked) == {
        "Variables": "done",
        "Loops": "done",
        "Functions": "done",
        "Classes": "todo",
    }
    # In a checkbox document no tick is ever written on a list item (boxes are),
    # so nothing written there can be read as decoration.
    for item in vaultroad.parse(CRITERIA, "plan.md").topics():
        for status in ("doing", "done", "skipped"):
            changed = vaultroad.set_statuses(CRITERIA, {item.id: status}, "plan.md")
            assert changed.count("✅") == CRITERIA.count("✅")
            assert statuses(changed)[item.title] == status
    # Every status on every topic of both documents, and back with the baseline.
    for text in (CRITERIA, GLYPH_CHECKLIST):
        for item in vaultroad.parse(text, "plan.md").topics():
            for status in ("todo", "doing", "done", "skipped"):
                changed = vaultroad.set_statuses(text, {item.id: status}, "plan.md")
                assert statuses(changed)[item.title] == status
                undone = vaultroad.set_statuses(
                    changed, {item.id: item.status.value}, "plan.md", baseline=text
                )
                assert undone == text


# --- the candidates are tried as the rules list them ---------------------------------


def _every_candidate(
    text: str, links: tuple[str, ...]
) -> tuple[float, float, str, int, int] | None:
    """The effort clause by the rules' plain reading: every candidate found first
    (the whole text, each trailing parenthesis, the trailing dash clause, the leading
    parenthesis), then the first that is neither a rate nor in a link or quote."""
    if not re.search(r"\d", text):
        return None
    found = [
        *filter(None, [durations._WHOLE_RE.match(text)]),
        *durations._TRAILING_PAREN_RE.finditer(text),
        *filter(None, [durations._TRAILING_DASH_RE.search(text)]),
        *filter(None, [durations._LEADING_PAREN_RE.match(text)]),
    ]
    quoted = [m.group(0) for m in durations._QUOTED_RE.finditer(text)]
    for match in found:
        unit_end = match.end("unit") if match.group("unit") else match.end("short")
        if durations._RATE_RE.match(text, unit_end):
            continue
        start, end = match.span("clause")
        if durations._inside(start, end, text, (*links, *quoted)):
            continue
        estimate = durations._estimate(match)
        return estimate.low, estimate.high, estimate.text, start, end
    return None


_DURATION_PIECES = (
    "Topic",
    " ",
    "2",
    "3-4",
    "1,5",
    " days",
    " hours",
    "h",
    " weeks",
    "/week",
    " per day",
    "(",
    ")",
    " - ",
    " — ",
    "―",
    "-",
    ":",
    "~",
    "about ",
    '"',
    "'",
    "“",
    "”",
    "«",
    "»",
    "Week ",
    ".",
    " ― ",
    "Course ― 2 days",
    "“Course (2 days) - x”",
    '"Name (3 days): y"',
    "'Book (1 week) — z'",
    "«A (2 hours) - b»",
)


@settings(max_examples=800, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(_DURATION_PIECES), min_size=1, max_size=10),
    linked=st.booleans(),
)
def test_the_effort_clause_is_the_first_candidate_accepted(pieces: list[str], linked: bool) -> None:
    text = "".join(pieces)
    links = (pieces[0],) if linked else ()
    expected = _every_candidate(text, links)
    clause = effort_clause(text, links)
    got = None
    if clause is not None:
        estimate = clause.estimate
        got = (estimate.low, estimate.high, estimate.text, clause.start, clause.end)
    assert got == expected
    found = find_duration(text, links)
    assert (None if found is None else (found.low, found.high, found.text)) == (
        None if expected is None else expected[:3]
    )


def test_digits_of_any_script_still_count_where_ascii_texts_take_the_quick_look() -> None:
    # ASCII texts are looked over for [0-9]; any other text for every decimal digit.
    assert days("٣ days") == (3.0, 3.0, "٣ days")
    assert days("Topic (٢-٣ weeks)") == (14.0, 21.0, "٢-٣ weeks")
    assert find_schedule("Week ٢: x") == "Week ٢"
    assert days("Topic (2-3 weeks)") == (14.0, 21.0, "2-3 weeks")


@settings(max_examples=budget(fast=300, ci=2000, long=50000), deadline=None)
@given(
    st.text(alphabet="ab (-)'\"«“0123456789", max_size=12),
    st.sampled_from(["", "(", "(2 days)", "(1-3 weeks)", "(10 hours)", "(2 Days)", "(2  days)"]),
    st.sampled_from(["", ")", " days)", "-4 months)", " minute)", " hrs)", ".", " per day)"]),
    st.lists(st.sampled_from(["(2 days)", "b (1 week)", "a", "2 days", "ab", "b ("]), max_size=2),
)
def test_the_shortcut_for_a_plain_closing_parenthesis_finds_what_the_general_rules_find(
    head: str, middle: str, tail: str, links: list[str]
) -> None:
    """`Packaging (2 days)` is read by one small pattern (cheap to compile for the hook);
    wherever it answers, the general rules give the same clause and estimate."""
    text = head + middle + tail
    fast = durations._effort_match(text, links)
    general = durations._general_match(text, links)
    shown = [(m.span("clause"), durations._estimate(m)) if m else None for m in (fast, general)]
    assert shown[0] == shown[1], text


# --- patterns and prefilters made cheaper to compile (the hook's start-up) ------------

# The patterns as they were written before they were made cheaper to compile: `[ií]`
# (a 64K-entry set for sre under IGNORECASE), the separators of a trailing
# parenthesis and of a leading schedule in one set each, the `第` form of a
# schedule in the leading schedule's pattern.
_FORMER_UNIT_SPELLING = ("d(?:ia|ía)", "d[ií]a")
_FORMER_TRAILING_PAREN_END = (r"\s+[-:]\s|\s+[–—]\s|:\s)", r"\s+(?:—|–|-|:)\s|:\s)")
_FORMER_LEADING_SCHEDULE = (
    r"^\s*(?P<schedule>(?:weeks?|days?|months?|semanas?|d[ií]as?|mes(?:es)?|sprints?)\s*"
    r"\d+(?:[.,]\d+)?(?:\s*(?:-|–|—|to|a|&|,|and|y)\s*\d+(?:[.,]\d+)?)*\+?"
    r"|第\s*\d+(?:\s*[-–~]\s*\d+)?\s*[周週天月])(?=\s*(?:$|[:：\-–—|(]|\s))"
)


def _former(pattern: re.Pattern[str]) -> re.Pattern[str]:
    source = pattern.pattern.replace(*_FORMER_UNIT_SPELLING)
    source = source.replace(*_FORMER_TRAILING_PAREN_END)
    assert source != pattern.pattern
    return re.compile(source, pattern.flags)


def _found(match: re.Match[str] | None) -> tuple[object, ...] | None:
    return None if match is None else (match.span(), match.groups())


_SPELLED = (
    durations._WHOLE_RE,
    durations._TRAILING_PAREN_RE,
    durations._TRAILING_DASH_RE,
    durations._LEADING_PAREN_RE,
    durations._CELL_RE,
    durations._RATE_RE,
    durations._TRAILING_SCHEDULE_RE,
)
# Every character the changed parts read, with its case variants (`İ` and the
# dotless `ı` are an `i` to IGNORECASE, `ſ` an `s`), and what surrounds them.
_RESPELLED_PIECES = (
    *"iíIÍıİdDaAsSſ -–—―~:：|(),.+/\t\u00a0\u3000第周週天月0123456789",
    "día",
    "dia",
    "DÍAS",
    "dıas",
    "semana",
    "week",
    "Week ",
    "days",
    "al día",
    "per",
    "2",
    "1-2",
    "(3 días)",
    "第 1 周",
    "Día 3",
)


@settings(max_examples=budget(fast=400, ci=3000, long=50000), deadline=None)
@given(st.lists(st.sampled_from(_RESPELLED_PIECES), max_size=10), st.integers(0, 4))
def test_the_respelled_patterns_match_what_the_former_ones_matched(
    pieces: list[str], start: int
) -> None:
    text = "".join(pieces)
    start = min(start, len(text))
    for pattern in _SPELLED:
        former = _former(pattern)
        for method in ("match", "search"):
            assert _found(getattr(pattern, method)(text, start)) == _found(
                getattr(former, method)(text, start)
            ), (pattern.pattern, text)
    leading = durations._LEADING_SCHEDULE_RE.match(text) or (
        durations._LEADING_CJK_SCHEDULE_RE.match(text)
    )
    assert _found(leading) == _found(re.match(_FORMER_LEADING_SCHEDULE, text, re.IGNORECASE))


def _former_schedule(text: str) -> str | None:
    if not re.search(r"\d", text):
        return None
    match = re.match(_FORMER_LEADING_SCHEDULE, text, re.IGNORECASE) or (
        _former(durations._TRAILING_SCHEDULE_RE).search(text)
    )
    return match.group("schedule").strip() if match else None


@settings(max_examples=budget(fast=400, ci=3000, long=50000), deadline=None)
@given(st.lists(st.sampled_from(_RESPELLED_PIECES), max_size=10))
def test_find_schedule_finds_what_the_former_patterns_found_without_prefilters(
    pieces: list[str],
) -> None:
    text = "".join(pieces)
    assert find_schedule(text) == _former_schedule(text)


def test_the_prefilters_read_blanks_and_initials_as_the_patterns_do() -> None:
    # `str.lstrip` skips what `\s` matches, and `_SCHEDULE_INITIALS` holds the
    # lower case of every character IGNORECASE matches with a schedule word's
    # first letter: checked over every code point.
    blank = re.compile(r"\s")
    initial = re.compile(r"[wdms]", re.IGNORECASE)
    for code in range(0x110000):
        char = chr(code)
        assert char.isspace() == (blank.match(char) is not None), hex(code)
        assert (initial.match(char) is not None) == (
            char.lower() in durations._SCHEDULE_INITIALS
        ), hex(code)


_EFFORT_PATTERNS = (
    durations._WHOLE_RE.match,
    durations._TRAILING_PAREN_RE.search,
    durations._TRAILING_DASH_RE.search,
    durations._LEADING_PAREN_RE.match,
    durations._CELL_RE.match,
    durations._PLAIN_RE.search,
)


@settings(max_examples=budget(fast=600, ci=4000, long=80000), deadline=None)
@given(
    st.lists(
        st.sampled_from(
            (*_DURATION_PIECES, *"0123456789+ \t\u00a0hHdDſsSmMwW٣²", "2h", "6+ months", "1 to 2")
        ),
        max_size=10,
    )
)
def test_no_effort_clause_is_found_where_no_number_is_followed_by_a_letter(
    pieces: list[str],
) -> None:
    text = "".join(pieces)
    if durations._NUMBER_THEN_LETTER_RE.search(text) is None:
        assert not any(find(text) for find in _EFFORT_PATTERNS), text
        assert not durations._may_state_effort(text)


_WHOLE_PIECES = ("1", "12", "-", "2", " ", "day", "days", "week", "hour", "minutes", "month", "s")


@settings(max_examples=budget(fast=300, ci=2000, long=50000), deadline=None)
@given(
    st.lists(st.sampled_from(_WHOLE_PIECES), max_size=6),
    st.lists(st.sampled_from(["1", "days", "x", "2 days", ""]), max_size=1),
)
def test_the_shortcut_for_a_plain_whole_duration_finds_what_the_general_rules_find(
    pieces: list[str], links: list[str]
) -> None:
    """`1-2 days` (a table cell) is read by one small pattern; wherever it answers,
    the general rules give the same clause and estimate."""
    text = "".join(pieces)
    fast = durations._effort_match(text, links)
    general = durations._general_match(text, links)
    shown = [(m.span("clause"), durations._estimate(m)) if m else None for m in (fast, general)]
    assert shown[0] == shown[1], text


_SCHEDULE_PIECES = ("Week", "week", "Weeks", "WEEK", "Day", "Days", "Month", "Months", "Sprint")
_AFTER_SCHEDULE = (
    " ",
    "1",
    "19",
    "-",
    "20",
    ":",
    ".",
    ",",
    "+",
    "5",
    " to ",
    " y ",
    "x",
    "\t",
    "–",
)


@settings(max_examples=budget(fast=400, ci=3000, long=50000), deadline=None)
@given(
    st.sampled_from(_SCHEDULE_PIECES),
    st.lists(st.sampled_from(_AFTER_SCHEDULE), max_size=8),
)
def test_the_plain_schedule_is_what_the_general_pattern_reads(word: str, rest: list[str]) -> None:
    """`Week 19-20: Topic` is read by one small pattern; wherever it answers, the
    general pattern reads the same schedule."""
    text = word + "".join(rest)
    plain = durations._PLAIN_SCHEDULE_RE.match(text)
    if plain is not None:
        general = durations._LEADING_SCHEDULE_RE.match(text)
        assert general is not None and general.group("schedule") == plain.group(), text
    assert find_schedule(text) == _former_schedule(text), text


def test_a_ticked_line_opens_with_one_of_its_first_characters() -> None:
    # glyphs._may_start_with_tick looks at a line's first character before the pattern:
    # `_TICKED_LINE_STARTS` is every character the pattern's first step takes.
    first = re.compile(r"[ \t>*+\-0-9.)]|\[|[✅☑]")
    for code in range(0x110000):
        char = chr(code)
        assert (first.match(char) is not None) is (char in glyphs._TICKED_LINE_STARTS), hex(code)


def _former_may_start_with_tick(text: str) -> bool:
    return any(
        glyphs._TICKED_LINE_RE.match(line)
        for line in re.split(r"\r\n|\r|\n", text)
        if "✅" in line or "☑" in line
    )


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="✅☑ \t>*-1.)[]x#|\n\r", max_size=14))
def test_a_ticked_line_is_found_as_the_pattern_alone_found_it(text: str) -> None:
    assert glyphs._may_start_with_tick(text) is _former_may_start_with_tick(text)
