"""Topic notes: what is generated, what an update may touch, and mdformat stability."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from budget import budget
from vaultroad.model import Status
from vaultroad.note_front import read_front_matter
from vaultroad.notes import (
    BEGIN,
    END,
    AmbiguousBlockError,
    NoteInfo,
    NotOwnedError,
    Subtopic,
    block_span,
    canonical,
    find_block,
    note_status,
    render_block,
    render_note,
    update_note,
)


def info(**changes: object) -> NoteInfo:
    base = NoteInfo(
        topic_id="abc123",
        title="Loops",
        text="Loops (3-4 days)",
        status=Status.TODO,
        roadmap_title="Python Roadmap",
        roadmap_link="Roadmaps/Python Roadmap",
        section=("Basics",),
        heading="Basics",
        estimate="3-4 days",
        estimate_days=(3.0, 4.0),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_a_new_note() -> None:
    text = render_note(info())
    assert text == (
        "---\n"
        "topic: abc123\n"
        'roadmap: "[[Roadmaps/Python Roadmap]]"\n'
        "section: Basics\n"
        "status: todo\n"
        "estimate: 3-4 days\n"
        "estimate_low: 3\n"
        "estimate_high: 4\n"
        "tags:\n"
        "  - vaultroad/topic\n"
        "aliases:\n"
        "  - Loops\n"
        "---\n"
        "\n"
        "%% vaultroad:begin %%\n"
        "\n"
        "> [!abstract] [[Roadmaps/Python Roadmap#Basics|Python Roadmap › Basics]]\n"
        "> Loops (3-4 days)\n"
        "\n"
        "- **Estimate:** 3-4 days\n"
        "\n"
        "%% vaultroad:end %%\n"
        "\n"
        "## Notes\n"
    )


def test_an_update_touches_only_owned_values_and_the_block() -> None:
    mine = render_note(info()).replace("## Notes\n", "## Notes\r\n\nMine: [ ] **x**\n")
    mine = mine.replace("---\ntopic:", "---\n# keep\nrating: 5\ntopic:", 1)
    done = update_note(mine, info(status=Status.DONE, completed=dt.date(2026, 11, 24)))
    assert done == mine.replace("status: todo", "status: done").replace(
        "  - Loops\n", "  - Loops\ncompleted: 2026-11-24\n"
    )
    # the user's tags and aliases are theirs after creation
    retagged = done.replace("  - vaultroad/topic\n", "  - mine\n")
    assert update_note(retagged, info(status=Status.DONE, completed=dt.date(2026, 11, 24))) == (
        retagged
    )
    back = update_note(done, info())
    assert back == mine


def test_the_roadmap_title_is_not_repeated_in_the_breadcrumb_or_the_section() -> None:
    # The roadmap's H1 is the first section of its path: the roadmap is
    # named already, by the breadcrumb's first part and by `roadmap:`.
    note = render_note(info(roadmap_title="Plan", section=("Plan", "1 Basics", "1.1 Loops")))
    assert "section: 1 Basics › 1.1 Loops\n" in note
    assert "|Plan › 1 Basics › 1.1 Loops]]" in note
    assert "Plan › Plan" not in note
    # a section titled like the roadmap further down is part of the path
    deeper = render_note(info(roadmap_title="Plan", section=("Basics", "Plan")))
    assert "section: Basics › Plan\n" in deeper and "|Plan › Basics › Plan]]" in deeper
    # a topic right under the H1 has no section beyond the roadmap
    top = render_note(info(roadmap_title="Plan", section=("Plan",)))
    assert "section:" not in top and "|Plan]]" in top


@pytest.mark.parametrize(
    ("days", "low", "high"),
    [
        ((3.0, 4.0), "3", "4"),
        ((0.125, 0.25), "0.125", "0.25"),  # one to two hours, at 8 hours a day
        ((0.1 + 0.2, 42.0), "0.3", "42"),  # float noise rounded off
        ((1 / 480, 14.0), "0.002", "14"),  # a minute; two weeks
    ],
)
def test_the_estimate_is_also_written_as_numbers_of_days(
    days: tuple[float, float], low: str, high: str
) -> None:
    note = render_note(info(estimate_days=days))
    assert f"estimate: 3-4 days\nestimate_low: {low}\nestimate_high: {high}\n" in note
    front = read_front_matter(note)
    # numbers, which Dataview adds up (`sum(rows.estimate_high)`), read back as written
    assert front["estimate_low"] == float(low) and front["estimate_high"] == float(high)
    assert all(type(front[key]) in (int, float) for key in ("estimate_low", "estimate_high"))
    assert update_note(note, info(estimate_days=days)) == note
    # no estimate, no numbers
    assert "estimate" not in render_note(info(estimate=None, estimate_days=None))


def test_subtopics_are_listed_with_their_status() -> None:
    subtopics = (
        Subtopic("Topics/R/For loops", "For loops", Status.DONE),
        Subtopic("Topics/R/While loops", "While loops", Status.DOING),
        Subtopic("Topics/R/Recursion", "Recursion", Status.TODO),
    )
    block = render_block(info(subtopics=subtopics))
    assert block.endswith(
        "**Subtopics**\n\n"
        "- [[Topics/R/For loops|For loops]] — done\n"
        "- [[Topics/R/While loops|While loops]] — doing\n"
        "- [[Topics/R/Recursion|Recursion]] — todo\n"
        f"\n{END}\n"
    )
    assert canonical(block) == block


def test_the_same_topic_in_other_roadmaps_is_linked_beside_the_breadcrumb() -> None:
    also_in = (
        ("Topics/Django Plan/Loops", "Django Plan"),
        ("Topics/Checklist/Loops 2", "Checklist (0 to Advanced)"),
    )
    block = render_block(info(also_in=also_in))
    assert block == (
        f"{BEGIN}\n"
        "\n"
        "> [!abstract] [[Roadmaps/Python Roadmap#Basics|Python Roadmap › Basics]]\n"
        "> Loops (3-4 days)\n"
        "\n"
        "- **Also in:** [[Topics/Django Plan/Loops|Django Plan]],"
        " [[Topics/Checklist/Loops 2|Checklist (0 to Advanced)]]\n"
        "- **Estimate:** 3-4 days\n"
        "\n"
        f"{END}\n"
    )
    assert canonical(block) == block
    # alone, it makes the list of details by itself
    alone = render_block(info(estimate=None, also_in=also_in[:1]))
    assert (
        "> Loops (3-4 days)\n\n- **Also in:** [[Topics/Django Plan/Loops|Django Plan]]\n\n%%"
        in (alone)
    )
    # none: the block as it always was
    assert render_block(info(also_in=())) == render_block(info())
    assert "Also in" not in render_note(info())


def test_roadmap_titles_in_also_in_are_made_safe_inside_the_link() -> None:
    # `|` would end the link's target, brackets the link itself, a backslash
    # escape the closing bracket; `#` is text in the shown part (mdformat's
    # wikilink plugin keeps it).
    block = render_block(
        info(
            also_in=(
                ("Topics/C/Loops", "C | [Draft] #1"),
                ("Topics/D/Loops", "[[D]]"),
                ("Topics/E/Loops", "E\\"),
                ("Topics/F/Loops", "F"),
            )
        )
    )
    assert (
        "- **Also in:** [[Topics/C/Loops|C / (Draft) #1]], [[Topics/D/Loops|((D))]],"
        " [[Topics/E/Loops|E/]], [[Topics/F/Loops|F]]\n"
    ) in block
    assert canonical(block) == block


def test_an_also_in_line_changes_the_content_digest_and_none_keeps_the_old_one() -> None:
    # The sync hashes `repr(info)` to tell whether a note's block is stale:
    # without other roadmaps, the repr is the one NoteInfo had before
    # `also_in`, so an upgrade rewrites no note and no state.
    plain = info(
        subtopics=(Subtopic("Topics/R/x", "x", Status.DONE),), completed=dt.date(2026, 1, 2)
    )
    before = dataclasses.make_dataclass(
        "NoteInfo",
        [f.name for f in dataclasses.fields(NoteInfo) if f.name not in ("also_in", "also_in_more")],
    )
    old = before(**{f.name: getattr(plain, f.name) for f in dataclasses.fields(before)})
    assert repr(plain) == repr(old)
    linked = dataclasses.replace(plain, also_in=(("Topics/B/Loops", "B"),))
    assert repr(linked) == repr(old)[:-1] + ", also_in=(('Topics/B/Loops', 'B'),))"


def test_a_subtopic_links_its_parent_topics_note() -> None:
    note = render_note(info(parent="Topics/Python Roadmap/Control flow"))
    assert (
        'roadmap: "[[Roadmaps/Python Roadmap]]"\nparent: "[[Topics/Python Roadmap/Control flow]]"\n'
        in (note)
    )
    assert read_front_matter(note)["parent"] == "[[Topics/Python Roadmap/Control flow]]"
    assert "parent:" not in render_note(info())
    # a topic moved out from under its parent loses the link
    assert update_note(note, info()) == render_note(info())


def test_a_note_from_before_the_new_keys_gains_them_and_keeps_every_user_byte() -> None:
    # A note as an older vaultroad wrote it (no parent, no estimate numbers),
    # which its user has since given a key and text of their own.
    old = (
        "---\n"
        "topic: abc123\n"
        'roadmap: "[[Roadmaps/Python Roadmap]]"\n'
        "section: Basics\n"
        "status: todo\n"
        "estimate: 3-4 days\n"
        "tags:\n"
        "  - vaultroad/topic\n"
        "aliases:\n"
        "  - Loops\n"
        "rating: 5 # mine\n"
        "---\n"
        "\n"
    )
    mine = "\n## Notes\n\nMy own text, [ ] and **all**.\n"
    text = old + render_block(info()) + mine
    new = info(parent="Topics/Python Roadmap/Control flow")
    updated = update_note(text, new)
    assert updated == (
        old.replace(
            "rating: 5 # mine\n",
            "rating: 5 # mine\n"
            'parent: "[[Topics/Python Roadmap/Control flow]]"\n'
            "estimate_low: 3\n"
            "estimate_high: 4\n",
        )
        + render_block(new)
        + mine
    )
    assert read_front_matter(updated)["rating"] == 5
    assert update_note(updated, new) == updated


def test_a_note_without_the_block_is_not_ours() -> None:
    with pytest.raises(NotOwnedError, match="not touched") as caught:
        update_note("---\nstatus: todo\n---\n# mine\n", info(), "Topics/x.md")
    assert type(caught.value) is NotOwnedError and caught.value.path == "Topics/x.md"
    assert block_span("no block") is None


# --- where the managed block is: only where vaultroad put it

# A stale copy of a block, as a user might paste it into a note to show it.
OLD = render_block(info(text="An old example"))
QUOTED = "".join(f"> {line}\n" if line else ">\n" for line in OLD.splitlines())
INDENTED = "".join(f"    {line}\n" if line else "\n" for line in OLD.splitlines())

EXAMPLES = {
    "backtick fence": f"```\n{OLD}```\n",
    "fence with a language": f"```markdown\n{OLD}```\n",
    "tilde fence": f"~~~\n{OLD}~~~\n",
    "long fence around a short one": f"`````md\n```\n{OLD}```\n`````\n",
    "tilde fence closed by a longer one": f"~~~ md\n{OLD}~~~~~\n",
    "fence inside a quote": f"> ```\n{QUOTED}> ```\n",
    "fence inside a list item": f"- example:\n\n  ```md\n  {BEGIN}\n  ```\n",
    "html comment": f"<!--\n{OLD}\n-->\n",
    "html comment after text": f"Hidden: <!--\n{BEGIN}\nold\n{END}\n-->\n",
    "obsidian comment": f"%%\n{OLD}%%\n",
    "obsidian comment opened by text": f"%% my example:\n{OLD}%%\n",
    "quoted markers": QUOTED,
    "indented markers": f"Like this:\n\n{INDENTED}",
    "marker in a code span": f"`{BEGIN}` starts it and `<!--` is text\n",
}


def with_user_text(above: str, below: str = "", newline: str = "\n") -> tuple[str, int, int]:
    """A generated note with user text above and below its block, and the block's span."""
    note = render_note(info())
    start = note.index(BEGIN)
    end = note.index(END) + len(END) + 1
    text = note[:start] + above + note[start:] + below
    if newline != "\n":
        text = text.replace("\n", newline)
        start += above.count("\n") + note.count("\n", 0, start)
        end += above.count("\n") + note.count("\n", 0, end)
    return text, start + len(above), end + len(above)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("example", EXAMPLES.values(), ids=EXAMPLES.keys())
def test_a_users_example_of_the_markers_is_left_as_it_is(example: str, newline: str) -> None:
    above = f"Mine, with an example:\n\n{example}\nEnd of mine.\n\n"
    text, start, end = with_user_text(above, f"\n{example}", newline)
    assert find_block(text) == (start, end)
    new = info(text="Loops, retold", status=Status.DOING)
    updated = update_note(text, new)
    block = render_block(new).replace("\n", newline)
    # The frontmatter's status and the block change; not one byte of the
    # user's examples above and below does.
    assert updated == text[:start].replace("status: todo", "status: doing") + block + text[end:]


def test_the_real_block_is_updated_and_a_fenced_copy_is_not() -> None:
    text, start, _ = with_user_text(f"```\n{OLD}```\n\n")
    updated = update_note(text, info(text="New text"))
    assert updated.count(OLD) == 1 and updated.index(OLD) == text.index(OLD)
    assert "> New text\n" in updated[start:]
    assert "An old example" not in updated[start:]


def test_vaultroads_own_text_in_the_block_hides_no_marker() -> None:
    # A topic's text may hold what opens a fence or a comment; inside the
    # block it is vaultroad's text and the end marker still ends the block.
    for text in ("use <!-- for comments", "~~~ or ```", "50%% off", "a %% b"):
        note = render_note(info(text=text, description=text))
        start, end = find_block(note)
        assert note[start:end] == render_block(info(text=text, description=text))
        assert update_note(note, info(text=text, description=text)) == note


def test_markers_in_the_frontmatter_do_not_count() -> None:
    text = f'---\nx: "\n{BEGIN}\n"\n---\n{OLD}'
    assert find_block(text) == (text.index(OLD), len(text))


def test_comments_end_where_markdown_ends_them() -> None:
    real = f"{BEGIN}\nmine\n{END}\n"
    # an inline `<!--` is ended by the end of its paragraph
    assert find_block(f"a <!-- b\n\n{real}") == (len("a <!-- b\n\n"), len(f"a <!-- b\n\n{real}"))
    # `%% … %%` closed on its line, and a fence closed: what follows counts
    for before in ("a %%b%% c\n", "%% note %%\n", "```\n%%\n```\n", "`%%` and `<!--`\n"):
        assert find_block(before + real) == (len(before), len(before + real))
    # an open `<!--` block or `%%` comment, or an open fence, hides the markers
    for before in ("<!--\n\n", "%% open\n\n", "```\n", "~~~~\n~~~\n", "```\n~~~\n"):
        with pytest.raises(NotOwnedError) as caught:
            find_block(before + real)
        assert type(caught.value) is NotOwnedError
    # a blockquote's fence ends with the blockquote
    assert find_block(f"> ```\n> {BEGIN}\n\n{real}")[0] == len(f"> ```\n> {BEGIN}\n\n")


@pytest.mark.parametrize(
    ("lines", "message", "line"),
    [
        (
            [BEGIN, END, "", BEGIN, END],
            "two vaultroad:begin markers (lines 6 and 9); note left as it is",
            9,
        ),
        (
            [BEGIN, "x", BEGIN, END],
            "two vaultroad:begin markers (lines 6 and 8); note left as it is",
            8,
        ),
        ([BEGIN, END, END], "two vaultroad:end markers (lines 7 and 8); note left as it is", 8),
        (
            [END, "x", BEGIN, END],
            "vaultroad:end marker (line 6) has no vaultroad:begin before it",
            6,
        ),
        (
            ["x", BEGIN, "y"],
            "vaultroad:begin marker (line 7) has no vaultroad:end after it",
            7,
        ),
        ([END], "vaultroad:end marker (line 6) has no vaultroad:begin before it", 6),
    ],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_markers_that_make_no_single_block_leave_the_note_alone(
    lines: list[str], message: str, line: int, newline: str
) -> None:
    text = newline.join(["---", "status: todo", "---", "", "", *lines, "mine", ""])
    with pytest.raises(AmbiguousBlockError, match=re.escape(message)) as caught:
        find_block(text, "Topics/x.md")
    assert caught.value.line == line and caught.value.path == "Topics/x.md"
    with pytest.raises(NotOwnedError, match=re.escape(message)):
        update_note(text, info(), "Topics/x.md")
    assert block_span(text) is None


def test_old_markers_with_a_comment_and_blanks_still_count() -> None:
    text = "%% vaultroad:begin — managed by vaultroad %%  \r\nold\r\n%%vaultroad:end%%\t\r\nmine"
    assert find_block(text) == (0, len(text) - len("mine"))
    assert block_span("%% vaultroad:beginning %%\nx\n%% vaultroad:end %%\n") is None


segments = st.sampled_from(
    [
        "Some text of mine.\n",
        "\n",
        *EXAMPLES.values(),
        f"```\n{END}\n<!--\n%%\n```\n",
        "~~~~\n```\n~~~\n~~~~\n",
        "Inline <!-- a comment --> and %%another%% one.\n",
        "%% a whole-line comment %%\n",
        "> quoted `code`\n",
        "    indented code\n",
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(segments, max_size=6).map("".join),
    st.lists(segments, max_size=6).map("".join),
    st.sampled_from(["\n", "\r\n"]),
)
def test_any_user_text_around_the_block_is_kept(above: str, below: str, newline: str) -> None:
    text, start, end = with_user_text(above, below, newline)
    assert find_block(text) == (start, end)
    updated = update_note(text, info(text="Retold"))
    block = render_block(info(text="Retold")).replace("\n", newline)
    assert updated == text[:start] + block + text[end:]


def test_status_values() -> None:
    assert note_status({"status": "Done "}) is Status.DONE
    assert note_status({"status": "finished"}) is None
    assert note_status({}) is None


words = st.text(
    alphabet=st.sampled_from(list("ab yZ09é✅—›-_*`[]<>#&|\\!.()1:=~^{}\"'%@+")),
    min_size=1,
    max_size=30,
).map(lambda s: " ".join(s.split()) or "x")


@settings(max_examples=150, deadline=None)
@given(
    words,
    words,
    st.one_of(st.none(), words),
    st.one_of(st.none(), words),
    st.lists(words, max_size=2),
)
def test_every_block_is_as_mdformat_writes_it(
    text: str, section: str, estimate: str | None, description: str | None, also_in: list[str]
) -> None:
    block = render_block(
        info(
            text=text,
            section=(section,),
            heading=section,
            estimate=estimate,
            description=description,
            also_in=tuple((f"Topics/R{n}/Loops", title) for n, title in enumerate(also_in)),
        )
    )
    assert canonical(block) == block


pieces = st.one_of(
    words,
    words.map(lambda w: f"`{w}`"),
    words.map(lambda w: f"**{w}**"),
    st.sampled_from(
        [
            "`",
            "**",
            "*",
            " ",
            "1. ",
            "- ",
            ": ",
            "&",
            "&amp;",
            "<b>",
            "[x]",
            "\\",
            "[",
            "]]",
            "|",
            "#",
        ]
    ),
)


@settings(max_examples=budget(fast=50, ci=300, long=3000), deadline=None)
@given(st.lists(pieces, min_size=1, max_size=8).map("".join))
def test_topic_text_with_code_and_emphasis_is_as_mdformat_writes_it(text: str) -> None:
    block = render_block(
        info(
            text=text,
            description=text,
            subtopics=(
                Subtopic("Topics/R/x", text, Status.DOING),
                Subtopic("Topics/R/y", "y", Status.TODO),
            ),
            also_in=(("Topics/Other/x", text), ("Topics/Plain/y", "Plain roadmap")),
        )
    )
    assert canonical(block) == block


urls = st.text(
    alphabet=st.sampled_from(list("aZ09._~:/?#=&+@-%()<> é*!$;,'")), min_size=1, max_size=25
)
links = st.builds(
    lambda text, url: f"[{text}]({url})", st.lists(pieces, max_size=3).map("".join), urls
)
# Links close to the fast path's edge (plain text, URL-like destinations), so
# that both it and mdformat's path are exercised.
plain_links = st.builds(
    lambda text, url: f"[{text}]({url})",
    st.text(alphabet=st.sampled_from(list("ab Z9é-.,`*&")), min_size=1, max_size=12),
    st.text(alphabet=st.sampled_from(list("aZ09./:?#=&+@-%_~")), min_size=1, max_size=20),
)
near_plain_words = st.text(
    alphabet=st.sampled_from(list('ab Z9é-.,()&:`*@{}="_')), min_size=1, max_size=12
)
# Obsidian's link targets cannot hold `[ ] | # ^`; a backslash would escape the closing bracket.
wikilinks = words.filter(lambda w: not set(w) & set("[]|#^\\")).map(lambda w: f"[[{w}]]")


@settings(max_examples=budget(fast=50, ci=300, long=3000), deadline=None)
@given(
    st.lists(st.one_of(pieces, links, plain_links), min_size=1, max_size=6).map("".join),
    st.lists(st.one_of(links, plain_links, wikilinks), max_size=3),
)
def test_text_and_resources_with_links_are_as_mdformat_writes_them(
    text: str, resources: list[str]
) -> None:
    block = render_block(info(text=text, description=text, resources=tuple(resources)))
    assert canonical(block) == block


@settings(max_examples=budget(fast=50, ci=300, long=3000), deadline=None)
@given(
    st.lists(st.one_of(near_plain_words, plain_links), min_size=1, max_size=4).map(" ".join),
    st.lists(st.one_of(plain_links, wikilinks), max_size=3),
)
# Found by CI: mdformat drops the `@` of `0:@` and escapes a mailto link.
@example(text="[9](0:@)", resources=[])
@example(text="[9](0:~:0)", resources=["[m](http://a~b.com:0/)"])
@example(text="[x](mailto:a@b)", resources=["[m](https://medium.com/@user/post)"])
def test_near_plain_links_are_as_mdformat_writes_them(text: str, resources: list[str]) -> None:
    # Most of these take the fast path that skips mdformat: it must agree with it.
    block = render_block(info(text=text, resources=tuple(resources)))
    assert canonical(block) == block
