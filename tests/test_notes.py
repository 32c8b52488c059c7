"""Topic notes: what is generated, what an update may touch, and mdformat stability."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultroad.model import Status
from vaultroad.notes import (
    NoteInfo,
    NotOwnedError,
    block_span,
    canonical,
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


def test_a_note_without_the_block_is_not_ours() -> None:
    with pytest.raises(NotOwnedError, match="not touched"):
        update_note("---\nstatus: todo\n---\n# mine\n", info(), "Topics/x.md")
    assert block_span("no block") is None


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
@given(words, words, st.one_of(st.none(), words), st.one_of(st.none(), words))
def test_every_block_is_as_mdformat_writes_it(
    text: str, section: str, estimate: str | None, description: str | None
) -> None:
    block = render_block(
        info(
            text=text,
            section=(section,),
            heading=section,
            estimate=estimate,
            description=description,
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


@settings(max_examples=300, deadline=None)
@given(st.lists(pieces, min_size=1, max_size=8).map("".join))
def test_topic_text_with_code_and_emphasis_is_as_mdformat_writes_it(text: str) -> None:
    block = render_block(
        info(text=text, description=text, subtopics=(("Topics/R/x", text), ("Topics/R/y", "y")))
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


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(pieces, links, plain_links), min_size=1, max_size=6).map("".join),
    st.lists(st.one_of(links, plain_links, wikilinks), max_size=3),
)
def test_text_and_resources_with_links_are_as_mdformat_writes_them(
    text: str, resources: list[str]
) -> None:
    block = render_block(info(text=text, description=text, resources=tuple(resources)))
    assert canonical(block) == block


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(near_plain_words, plain_links), min_size=1, max_size=4).map(" ".join),
    st.lists(st.one_of(plain_links, wikilinks), max_size=3),
)
def test_near_plain_links_are_as_mdformat_writes_them(text: str, resources: list[str]) -> None:
    # Most of these take the fast path that skips mdformat: it must agree with it.
    block = render_block(info(text=text, resources=tuple(resources)))
    assert canonical(block) == block
