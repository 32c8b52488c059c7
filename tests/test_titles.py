"""Titles as a learner reads them: `vaultroad.titles`, alone and through the parser.

The issue's rule: a title is the visible text without markup, cut only at a
top-level `**Term**: description` / `Term — description` boundary outside
links, code and quotes. Tags go to `Topic.tags`, Obsidian Tasks fields to
`Topic.tasks`, `<br>` is a space, a leading code label is a tag, and an
estimate that was read leaves the title. Each bug the issue names is pinned
by a `test_bug_*` test.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import vaultroad
from vaultroad import titles
from vaultroad.filenames import claim_note_path
from vaultroad.inline_text import InlineReader
from vaultroad.model import Estimate, Link, TaskFields, Topic, WikiLink
from vaultroad.titles import (
    _CODE_SPAN_RE,
    TitleParts,
    _code_texts,
    _read_in_full,
    drop_estimate,
    inline_html_text,
    read_tasks,
    read_title,
    split_title,
)


def topics(text: str) -> list[Topic]:
    return list(vaultroad.parse(text, "plan.md").topics())


def only(text: str) -> Topic:
    (topic,) = topics(text)
    return topic


# --- the bugs the issue names, through the parser ----------------------------------


def test_bug_colon_inside_a_link_does_not_cut() -> None:
    first, second = topics(
        "- [ ] [Computational Complexity: Section 1](a)\n"
        "- [ ] [Computational Complexity: Section 2](b)\n"
    )
    assert first.title == "Computational Complexity: Section 1"
    assert second.title == "Computational Complexity: Section 2"
    assert first.id != second.id


def test_bug_dash_inside_a_quoted_link_does_not_cut() -> None:
    topic = only('- [ ] ["Angular — Improve performance with trackBy"](x)\n')
    assert topic.title == '"Angular — Improve performance with trackBy"'


def test_bug_dash_inside_quotes_does_not_cut() -> None:
    topic = only('- [ ] Read "Angular — Improve performance" again\n')
    assert topic.title == 'Read "Angular — Improve performance" again'


def test_bug_tag_and_bold_term() -> None:
    # The tag leaves the title; a one-word lower-case label (`**check**:`) names
    # nothing, so the line is not cut there (eleven topics would be "check").
    topic = only("- [ ] #task **check**: Checked all above\n")
    assert topic.title == "check: Checked all above"
    assert topic.description is None
    assert topic.tags == ("#task",)
    assert topic.text == "#task **check**: Checked all above"
    term = only("- [ ] #task **Doctype**: Checked all above\n")
    assert (term.title, term.description) == ("Doctype", "Checked all above")


def test_bug_tasks_fields_leave_the_title() -> None:
    done, recurring = topics(
        "- [x] #task parent task ✅ 2024-04-13\n- [ ] Water the plants 🔁 every day 📅 2024-05-01\n"
    )
    assert done.title == "parent task"
    assert done.tasks == TaskFields(done="2024-04-13")
    assert done.tags == ("#task",)
    assert recurring.title == "Water the plants"
    assert recurring.tasks == TaskFields(due="2024-05-01", recurrence="every day")
    assert recurring.text.endswith("🔁 every day 📅 2024-05-01")  # text stays as written


def test_bug_code_label_becomes_a_tag() -> None:
    topic = only("* `B` [Linked List](src/data-structures/linked-list)\n")
    assert topic.title == "Linked List"
    assert topic.tags == ("B",)
    assert [link.url for link in topic.links] == ["src/data-structures/linked-list"]


def test_bug_code_label_then_link_then_description() -> None:
    topic = only("* `B` [Deque](src/data-structures/deque) - double-ended queue\n")
    assert (topic.title, topic.description, topic.tags) == ("Deque", "double-ended queue", ("B",))


def test_bug_br_is_a_space() -> None:
    topic = only("- [ ] **Note**<br>Determine the next steps\n")
    assert topic.title == "Note Determine the next steps"


def test_bug_leading_bold_estimate_and_br() -> None:
    topic = only("- [ ] **(1 hour)**<br>Determine what the next steps would be.<br>#project #mum\n")
    assert topic.title == "Determine what the next steps would be."
    assert topic.tags == ("#project", "#mum")
    assert topic.estimate is not None and topic.estimate.text == "1 hour"


def test_bug_estimate_that_was_read_leaves_the_title_and_the_file_name() -> None:
    topic = only("- [ ] Type hints (2 days)\n")
    assert topic.estimate is not None and topic.estimate.text == "2 days"
    assert topic.title == "Type hints"
    assert topic.text == "Type hints (2 days)"
    assert claim_note_path("Notes", topic.title, set()) == "Notes/Type hints.md"


def test_an_estimate_inside_the_sentence_stays() -> None:
    topic = only("- [ ] Spend 2 days on X\n")
    assert topic.title == "Spend 2 days on X"


# --- the cut rule, through the parser -------------------------------------------------


@pytest.mark.parametrize(
    ("item", "title", "description"),
    [
        pytest.param(
            "**Doctype:** ![High][h] The Doctype is HTML5.",
            "Doctype",
            "The Doctype is HTML5.",
            id="bold-term-colon-inside",
        ),
        pytest.param("**`noscript` tag:** Use it.", "noscript tag", "Use it.", id="bold-code-term"),
        pytest.param("**Variables** — let and const", "Variables", "let and const", id="bold-dash"),
        pytest.param("Variables — let and const", "Variables", "let and const", id="em-dash"),
        pytest.param("Variables – let and const", "Variables", "let and const", id="en-dash"),
        pytest.param(
            "Generators: lazy iteration",
            "Generators: lazy iteration",
            None,
            id="plain-colon-not-cut",
        ),
        pytest.param(
            "Sample task: I have all the supported date types",
            "Sample task: I have all the supported date types",
            None,
            id="plain-colon-2",
        ),
        pytest.param(
            "Live Preview - ensure it is redrawn",
            "Live Preview - ensure it is redrawn",
            None,
            id="plain-hyphen-not-cut",
        ),
        pytest.param(
            "**left**-click on a date", "left-click on a date", None, id="bold-no-boundary"
        ),
        pytest.param(
            "**Approach people.** Do it often.",
            "Approach people. Do it often.",
            None,
            id="bold-sentence-not-cut",
        ),
        pytest.param(
            "[Fenwick Tree](f) (Binary Indexed Tree)",
            "Fenwick Tree (Binary Indexed Tree)",
            None,
            id="link-parenthetical",
        ),
        pytest.param(
            "[Fenwick Tree](f) (BIT) - a tree",
            "Fenwick Tree (BIT)",
            "a tree",
            id="link-parenthetical-dash",
        ),
        pytest.param(
            "[Calculus 1A: Differentiation](a) ([alternative](b))",
            "Calculus 1A: Differentiation",
            None,
            id="link-with-resource",
        ),
        pytest.param(
            "[Lists](a), [tuples](b), [sets](c)", "Lists, tuples, sets", None, id="links-enumerated"
        ),
        pytest.param("Use `a — b` here", "Use a — b here", None, id="dash-in-code"),
        pytest.param("Topics (a — b) here", "Topics (a — b) here", None, id="dash-in-brackets"),
        pytest.param("Practice:", "Practice", None, id="trailing-colon"),
        pytest.param(
            "Mark this ==highlighted== line", "Mark this highlighted line", None, id="highlight"
        ),
    ],
)
def test_titles_through_the_parser(item: str, title: str, description: str | None) -> None:
    topic = only(f"- [ ] {item}\n\n[h]: h.png\n")
    assert (topic.title, topic.description) == (title, description)


def test_a_second_line_of_links_is_a_resource_not_title() -> None:
    topic = only(
        "- [ ] [MissingSemester-Lecture 1: The Shell-48:16](https://a.example)  \n"
        "      [课程网站](https://b.example)\n"
    )
    assert topic.title == "MissingSemester-Lecture 1: The Shell-48:16"
    assert len(topic.links) == 2


def test_a_label_that_is_the_whole_text_is_the_title() -> None:
    topic = only("- `CS 61A SICP-1~4讲-1-21P`\n")
    assert topic.title == "CS 61A SICP-1~4讲-1-21P"
    assert topic.tags == ()


def test_a_lower_case_code_span_is_not_a_label() -> None:
    topic = only("- [ ] `git` basics\n")
    assert (topic.title, topic.tags) == ("git basics", ())


def test_tag_in_the_middle_is_recorded_and_read_as_a_word() -> None:
    topic = only("- [ ] Learn #python basics\n")
    assert (topic.title, topic.tags) == ("Learn python basics", ("#python",))


def test_numbers_and_code_are_not_tags() -> None:
    topic = only("- [ ] Fix issue #12 in `#include` and C#\n")
    assert topic.title == "Fix issue #12 in #include and C#"
    assert topic.tags == ()


def test_an_item_that_is_only_a_tag_keeps_it_as_title() -> None:
    topic = only("- [ ] #someday\n")
    assert topic.title == "#someday"


def test_all_tasks_fields_through_the_parser() -> None:
    topic = only(
        "> - [ ] #task Sample task: I have all the supported date types ➕ 2024-09-01 "
        "🛫 2024-09-02 ⏳ 2024-09-03 📅 2024-09-04 ❌ 2024-09-05 ✅ 2024-09-06\n"
    )
    assert topic.title == "Sample task: I have all the supported date types"
    assert topic.tasks == TaskFields(
        done="2024-09-06",
        due="2024-09-04",
        scheduled="2024-09-03",
        start="2024-09-02",
        created="2024-09-01",
        cancelled="2024-09-05",
    )
    assert topic.status is vaultroad.Status.TODO  # a done date does not tick the box


def test_tasks_fields_in_the_json_tree() -> None:
    from vaultroad.serialize import to_json_data

    text = "- [ ] #task Ship it ⏫ 📅 2024-05-01\n"
    data = to_json_data(vaultroad.parse(text, "plan.md"), text)
    blob = repr(data)
    assert "'Ship it'" in blob and "2024-05-01" in blob and "#task" in blob


def test_a_fence_line_gets_tags_and_fields() -> None:
    topic = only("```\n☐ Water the plants #home 📅 2024-05-01\n```\n")
    assert topic.title == "Water the plants"
    assert topic.tags == ("#home",)
    assert topic.tasks == TaskFields(due="2024-05-01")


def test_round_trip_is_unchanged_by_titles() -> None:
    from vaultroad.edit import set_statuses

    text = "- [ ] #task **check**: all ✅ 2024-04-13\n- [ ] `B` [Queue](q) - fifo\n"
    first, second = vaultroad.parse(text, "plan.md").topics()
    edited = set_statuses(text, {first.id: "done", second.id: "doing"}, "plan.md")
    assert edited == text.replace("- [ ] #task", "- [x] #task").replace("- [ ] `B`", "- [/] `B`")
    back = set_statuses(edited, {first.id: "todo", second.id: "todo"}, "plan.md", baseline=text)
    assert back == text


# --- titles.py alone ----------------------------------------------------------------


def test_read_title_unit() -> None:
    parts = read_title(
        "#task **Check**: Checked ✅ 2024-04-13", "#task Check: Checked ✅ 2024-04-13"
    )
    assert parts == TitleParts("Check", "Checked", ("#task",), TaskFields(done="2024-04-13"))


def test_read_title_link_term_needs_a_leading_link() -> None:
    links = (Link("Heap", "h"),)
    assert read_title("[Heap](h) - max heap", "Heap - max heap", links).title == "Heap"
    # The link is not at the start: a plain hyphen is no boundary.
    assert read_title("A [Heap](h) - max", "A Heap - max", links).title == "A Heap - max"


def test_read_title_wikilink_text_is_protected() -> None:
    wikilinks = (WikiLink("A — B"),)
    parts = read_title("See [[A — B]] now", "See A — B now", (), wikilinks)
    assert parts.title == "See A — B now"


@pytest.mark.parametrize(
    ("text", "rest", "fields", "tags"),
    [
        ("Do it", "Do it", None, ()),
        ("Do it ✅ 2024-04-13", "Do it", TaskFields(done="2024-04-13"), ()),
        ("Do it ✅2024-04-13", "Do it", TaskFields(done="2024-04-13"), ()),
        ("Do it 🔺", "Do it", TaskFields(priority="highest"), ()),
        ("Do it ⏫ #work", "Do it", TaskFields(priority="high"), ("#work",)),
        ("Do it 🔼", "Do it", TaskFields(priority="medium"), ()),
        ("Do it 🔽", "Do it", TaskFields(priority="low"), ()),
        ("Do it ⏬", "Do it", TaskFields(priority="lowest"), ()),
        ("Do it 🆔 abc123 ⛔ x1,y2", "Do it", TaskFields(id="abc123", depends_on="x1,y2"), ()),
        (
            "Do it 🔁 every 2 weeks on Monday 🏁 delete",
            "Do it",
            TaskFields(recurrence="every 2 weeks on Monday"),
            (),
        ),
        ("Do it 🏁 delete", "Do it", None, ()),
        ("Do it ❌ 2024-09-05", "Do it", TaskFields(cancelled="2024-09-05"), ()),
        (
            "Do it ➕ 2024-09-01 🛫 2024-09-02 ⏳ 2024-09-03",
            "Do it",
            TaskFields(created="2024-09-01", start="2024-09-02", scheduled="2024-09-03"),
            (),
        ),
        ("Done ✅", "Done ✅", None, ()),  # no date: not a field
        ("Due 📅 2024-05-01 then more", "Due 📅 2024-05-01 then more", None, ()),  # not at the end
        ("Do it #a #b", "Do it", None, ("#a", "#b")),
    ],
)
def test_read_tasks(text: str, rest: str, fields: TaskFields | None, tags: tuple[str, ...]) -> None:
    assert read_tasks(text) == (rest, fields, tags)


def test_read_tasks_is_linear_on_many_trailing_tags() -> None:
    text = "Do it " + " ".join(["#a"] * 50_000)
    rest, fields, tags = read_tasks(text)
    assert rest == "Do it" and fields is None and len(tags) == 50_000


def test_split_title_plain() -> None:
    assert split_title("Variables — let and const") == ("Variables", "let and const")
    assert split_title("Generators: lazy") == ("Generators: lazy", None)
    assert split_title("Practice:") == ("Practice", None)
    assert split_title("(a — b) c") == ("(a — b) c", None)


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("Type hints (2 days)", "2 days", "Type hints"),
        ("(1 hour) Determine it", "1 hour", "Determine it"),
        ("Type hints (~2 days)", "2 days", "Type hints"),
        ("Type hints [2 days]", "2 days", "Type hints"),
        ("Option B: Django - 4-5 weeks", "4-5 weeks", "Option B: Django"),
        ("Spend 2 days on X", "2 days", "Spend 2 days on X"),
        ("Read (100 Days of Code)", "100 Days", "Read (100 Days of Code)"),
        ("(2 days)", "2 days", "(2 days)"),
    ],
)
def test_drop_estimate(title: str, text: str, expected: str) -> None:
    assert drop_estimate(title, Estimate(1.0, 1.0, text)) == expected


def test_drop_estimate_without_one() -> None:
    assert drop_estimate("Type hints (2 days)", None) == "Type hints (2 days)"


def test_inline_html_text() -> None:
    assert inline_html_text("<br>") == " "
    assert inline_html_text("<BR/>") == " "
    assert inline_html_text("<br />") == " "
    assert inline_html_text("<kbd>") == ""


# --- the short ways give what the long way gives ------------------------------------

_PIECES = (
    "Term",
    "words",
    " ",
    "  ",
    "**",
    "__",
    "`",
    "``",
    "`B` ",
    "[[Page]]",
    "[[Page|Alias]]",
    "[Link](https://x.y)",
    "[",
    "]",
    " — ",
    " – ",
    "—",
    "-",
    " - ",
    ":",
    "：",
    "#tag",
    " #tag",
    "#",
    "==mark==",
    "=",
    "(",
    ")",
    '"',
    "“",
    "”",
    "«",
    "»",
    "'",
    " 📅 2024-05-01",
    "✅",
    " ⏫",
    " 🔁 every day",
    "\t",
    "é",
    "\n",
    "`a — b`",
    "[x — y](https://z)",
    "[[A — B]]",
    "(c — d)",
    '"e — f"',
)


@settings(max_examples=1000, deadline=None)
@given(pieces=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=9))
def test_the_short_ways_give_what_the_long_way_gives(pieces: list[str]) -> None:
    markup = "".join(pieces)
    # The item's plain text, links and wikilinks as the parser reads them.
    plain, links, wikilinks = InlineReader("", {}, lambda line, kind, message: None)(markup, 0)
    assume(plain)
    raw = markup.lstrip(" \t")
    assert read_title(markup, plain, links, wikilinks) == _read_in_full(
        markup, plain, raw, links, wikilinks
    )


@settings(max_examples=400, deadline=None)
@given(markup=st.text(alphabet="`ab \n\t", max_size=16))
def test_single_backtick_spans_pair_as_the_code_span_pattern_pairs_them(markup: str) -> None:
    assert _code_texts(markup) == [
        " ".join(match.group(2).split()) for match in _CODE_SPAN_RE.finditer(markup)
    ]


# --- the cut and the hints without character classes (the hook's start-up) ----------

_FORMER_CUT_CHARS = re.compile("[" + re.escape('()[]{}"—–“‘«「『”’»」』') + "]")


def _former_dash_cut(text: str, mask: list[bool] | None) -> tuple[str, str | None]:
    """`_dash_cut` as it was with its character class: the reference."""
    if "—" not in text and "–" not in text:
        return text, None
    first = _FORMER_CUT_CHARS.search(text)
    if first is not None:
        index = first.start()
        if (
            text[index] in "—–"
            and text[index - 1 : index] == " "
            and text[index + 1 : index + 2] == " "
            and not (mask is not None and index < len(mask) and mask[index])
        ):
            head = text[: index - 1].strip()
            if head:
                return head, text[index + 2 :].strip() or None
    depth, straight_quote, closers = 0, False, []
    flags = mask if mask is not None else []
    for found in _FORMER_CUT_CHARS.finditer(text):
        index = found.start()
        if index < len(flags) and flags[index]:
            continue
        char = text[index]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(0, depth - 1)
        elif char == '"':
            straight_quote = not straight_quote
        elif char in titles._QUOTE_PAIRS:
            closers.append(titles._QUOTE_PAIRS[char])
        elif closers and char == closers[-1]:
            closers.pop()
        elif (
            char in "—–"
            and depth == 0
            and not straight_quote
            and not closers
            and text[index - 1 : index] == " "
            and text[index + 1 : index + 2] == " "
        ):
            head = text[: index - 1].strip()
            if head:
                return head, text[index + 2 :].strip() or None
    return text, None


@settings(max_examples=600, deadline=None)
@given(
    st.text(alphabet='ab ()[]{}"—–“‘«「『”’»」』―-', max_size=16),
    st.none() | st.lists(st.booleans(), max_size=18),
)
def test_the_dash_cut_reads_the_characters_its_former_pattern_found(
    text: str, mask: list[bool] | None
) -> None:
    assert titles._dash_cut(text, mask) == _former_dash_cut(text, mask)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="a #=—✅📅🗓⏳⌛🛫➕❌🔁🆔⛔🏁🔺⏫🔼🔽⏬✓é", max_size=8))
def test_the_hint_sets_hold_what_the_former_classes_matched(text: str) -> None:
    tasks = re.search("[#✅📅📆🗓⏳⌛🛫➕❌🔁🆔⛔🏁🔺⏫🔼🔽⏬]", text) is not None
    marks = re.search("[#=✅📅📆🗓⏳⌛🛫➕❌🔁🆔⛔🏁🔺⏫🔼🔽⏬]", text) is not None
    assert (not titles._TASKS_HINTS.isdisjoint(text)) is tasks
    assert (not titles._MARKS.isdisjoint(text)) is marks


def test_nothing_after_a_link_is_no_term_separator() -> None:
    # _link_term does not match _AFTER_LINK_RE against an empty rest (no compile).
    assert titles._AFTER_LINK_RE.match("") is None
