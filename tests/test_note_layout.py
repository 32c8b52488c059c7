"""The notes' direct path: a block written without mdformat is the block mdformat writes.

mdformat, with the plugins a user's hook runs (gfm, frontmatter, wikilink),
is the oracle. For every topic the properties below make up, from plain
words to texts full of Markdown punctuation, the block `render_block`
writes equals the one mdformat's path gives (`render_block(direct=False)`)
and is a fixed point of mdformat; so is the whole note. The texts the
direct path is meant to take (wikilinks of every form, titles with `#` and
`^`, the generated vault's topics) are checked to take it, so the
equality is not vacuous; the texts it leaves to mdformat are checked to
come out a fixed point all the same. Every note of the sample vault and of
a generated vault is checked in `test_sync.py`.
"""

from __future__ import annotations

import dataclasses
import re

import mdformat
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from budget import budget
from vaultroad.model import Status
from vaultroad.note_layout import (
    is_direct_resource,
    is_direct_text,
    is_direct_wikilink,
    starts_block,
)
from vaultroad.notes import (
    NoteInfo,
    Subtopic,
    canonical,
    heading_anchor,
    render_block,
    render_note,
    takes_direct_path,
)

EXTENSIONS = {"gfm", "frontmatter", "wikilink"}


def info(**changes: object) -> NoteInfo:
    base = NoteInfo(
        topic_id="abc123",
        title="Loops",
        text="Loops",
        status=Status.TODO,
        roadmap_title="Python Roadmap",
        roadmap_link="Roadmaps/Python Roadmap",
        section=("Basics",),
        heading="Basics",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def assert_as_mdformat_writes_it(note: NoteInfo) -> str:
    """The block, checked: the same by both paths, mdformat's fixed point alone and in its note."""
    block = render_block(note)
    assert block == render_block(note, direct=False)
    assert canonical(block) == block
    whole = render_note(note)
    assert mdformat.text(whole, extensions=EXTENSIONS) == whole
    return block


# --- what the direct path takes


def test_the_direct_path_runs_no_mdformat(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(text: str) -> str:
        raise AssertionError("mdformat ran on a block the direct path takes")

    direct = info(
        text="[[Variables & Data Types]] — int, float, str (1 week)",
        subtopics=(Subtopic("Topics/R/C#", "C# & F^2 *basics*", Status.DONE),),
        also_in=(("Topics/Other/Loops", "Loops #1 ^ [draft]"),),
        resources=("[[Guide#Setup|the guide]]", "[C# notes](https://example.com/a#b)"),
    )
    monkeypatch.setattr("vaultroad.notes.canonical", forbidden)
    assert takes_direct_path(direct)
    block = render_block(direct)
    monkeypatch.undo()
    assert block == render_block(direct, direct=False) and canonical(block) == block


@pytest.mark.parametrize(
    "text",
    [
        # every wikilink form Obsidian writes
        "[[Target]]",
        "[[Target|Alias]]",
        "[[Target#Heading]]",
        "[[Target#^block-1]]",
        "[[Target#Heading|Alias]]",
        "[[#Heading in this note]]",
        # as the generated vault writes its topics
        "[[OAuth2 & JWT]] — tokens, scopes, refresh flows (2-3 days)",
        # as seed 000 writes them: several, between words
        "[[Tipos de datos]], [[estructuras de control]], [[funciones]], clases, excepciones.",
        # what a wikilink's parts may hold: mdformat writes the whole link back as it is
        "see [[C# *and* F# _basics_|C# & F#: ~the~ **types**!]] first",
        "[[Ünïcødé 字 ✅ 👩‍💻|emoji 🚀]]",
        # in running text: `^`, `#` after the start, `|`, `&` that starts no reference
        "C# and F^2",
        'LinkedIn: "Backend | Python - Django/FastAPI"',
        "/users?name=john&age=25",
        "**[N+1 Problem](https://example.com/a.md#n1) & [Queries](https://example.com/b)**",
        "[C# ^ guide](https://example.com/c#top)",
        # as real roadmaps write them: a lone `~`, `|` in a link, a tag, an image
        "[P2~6-第1章](https://example.com/v?p=2) and 2~3 hours",
        "[02-Vue | 千古前端 (qianguyihao.com)](https://web.example.com/12.html)",
        "#task child task 2",
        "**Label:** ![High](https://example.com/high.svg) A label is associated",
    ],
)
def test_wikilinks_and_link_titles_take_the_direct_path(text: str) -> None:
    note = info(text=text, description=text, resources=("[[Target#^block-1|see]]",))
    assert takes_direct_path(note)
    assert_as_mdformat_writes_it(note)


@pytest.mark.parametrize(
    "title", ["C#", "F^2", "C# & F^2", "a *b* _c_ ~d~", "[draft] | #1", "😀 字", "Loops!"]
)
def test_titles_with_markdown_in_links_take_the_direct_path(title: str) -> None:
    note = info(
        roadmap_title=title,
        section=(title, title),
        heading=heading_anchor(title),
        subtopics=(Subtopic(f"Topics/R/{title}", title, Status.DOING),),
        also_in=((f"Topics/{title}/Loops", title),),
    )
    assert takes_direct_path(note)
    assert_as_mdformat_writes_it(note)


@pytest.mark.parametrize(
    "text",
    [
        # emphasis whose output mdformat decides: escaped, or its markup kept
        "*args & **kwargs",
        "**Search Engines **",
        "object's __dict__",
        # what could let the link rule read past a wikilink's `]]`, or end it
        "[[a`b]] and `c]]`",
        "[[a<b]]",
        "[[a\\]]",
        "[[a|b|c]]",
        "[[a|]]",
        # a wikilink that is a link's label, or glued to the word before it
        "[[a]](https://x)",
        "[[a]][b]",
        "x[[a]]",
        # a character reference, a heading, a table's delimiter row
        "&copy; 2026",
        "&#35; one",
        "# Heading",
        "## Heading",
        "#",
        # strikethrough, and an image whose text mdformat writes without its markup
        "~~struck~~",
        "![`code`](https://example.com/a.png)",
        "| --- |",
        "--- | :-:",
    ],
)
def test_texts_the_direct_path_leaves_to_mdformat(text: str) -> None:
    note = info(text=text)
    assert not takes_direct_path(note)
    assert_as_mdformat_writes_it(note)


def test_the_layout_rules_one_by_one() -> None:
    assert is_direct_wikilink("[[T#^b|A & B]]")
    assert not is_direct_wikilink("[[T|A] ]")
    assert not is_direct_wikilink("[[T\tA]]")  # a tab: not text vaultroad writes
    assert is_direct_text("a # b") and is_direct_text("#tag")
    assert not is_direct_text("# a") and not is_direct_text("##") and not is_direct_text("~~a~~")
    assert is_direct_text("|a|") and not is_direct_text("|-|", line_start=True)
    assert is_direct_text("a|-") and is_direct_text("|-|")  # in a list item, no table
    assert is_direct_resource("[[T]]") and not is_direct_resource("[[T]] [[U]]")
    assert starts_block("1. x") and not starts_block("[[1. x]]")


# --- properties: generated texts, nasty ones included

# Everything a roadmap's text may hold, one "character" at a time: Markdown
# punctuation, brackets, backslashes, white space other than spaces, accents,
# wide and zero-width characters, emoji (with a joiner).
NASTY = [
    *"ab Zé9-.,()&:;'\"—›|*_`#^[]<>!\\~=+?%@{}/$",
    "👩‍💻",
    "🚀",
    "한",
    "字",
    "\u0301",
    "\u200b",
    "\u00a0",
    "\ufe0f",
    "\t",
]
# What a wikilink's part may hold on the direct path.
LINKABLE = [c for c in NASTY if c not in ("`", "<", "\\", "[", "]", "|", "\u00a0", "\t")]
# Plain words of running text (no `#`, `|`, `&`, which the pieces below place).
WORDY = [c for c in LINKABLE if c not in ("*", "_", "~", "!", "$", "#", "^", "&", ">", " ")]

nasty_words = st.lists(st.sampled_from(NASTY), min_size=1, max_size=14).map("".join)
link_parts = st.lists(st.sampled_from(LINKABLE), min_size=1, max_size=12).map("".join)
words = st.lists(st.sampled_from(WORDY), min_size=1, max_size=10).map("".join)
anchors = st.one_of(
    st.just(""),
    link_parts.map(lambda h: f"#{' '.join(h.split()) or 'H'}"),
    st.text(alphabet="abz09-", min_size=1, max_size=6).map(lambda b: f"#^{b}"),
)


@st.composite
def wikilinks(draw: st.DrawFn, parts: st.SearchStrategy[str] = link_parts) -> str:
    """`[[T]]`, `[[T|A]]`, `[[T#H]]`, `[[T#^b]]`, `[[T#H|A]]`: every form, with the parts given."""
    target = " ".join(draw(parts).split()) or "T"
    alias = " ".join(draw(st.one_of(st.just(""), parts)).split())
    return f"[[{target}{draw(anchors)}{f'|{alias}' if alias else ''}]]"


urls = st.text(alphabet="aZ09./:?#=&+-_~", min_size=1, max_size=16).map(
    lambda u: f"https://example.com/{u}"
)
markdown_links = st.builds(lambda t, u: f"[{t}]({u})", words, urls) | st.builds(
    lambda t, u: f"[{t}#{t}^ | {t}~{t}]({u})", words, urls
)
images = st.builds(lambda t, u: f"![{t}|#{t}]({u})", words, urls)
# Pieces of running text the direct path takes, joined by spaces.
direct_pieces = st.one_of(
    words,
    wikilinks(),
    markdown_links,
    words.map(lambda w: f"`{w}`"),
    words.map(lambda w: f"**{w}**"),
    words.map(lambda w: f"{w}#{w}"),
    words.map(lambda w: f"{w}^2 {w}|{w}"),
    words.map(lambda w: f"#{w} {w}~{w}"),
    images,
    st.builds(lambda w, n: f"{w}&{n}", words, st.text(alphabet="aZ09", min_size=1, max_size=4)),
    st.sampled_from(["&", "|", "^", "—", "(1 week)", ":", ","]),
)
direct_texts = st.lists(direct_pieces, min_size=1, max_size=6).map(" ".join)
# And any piece at all, glued together or not.
nasty_pieces = st.one_of(
    nasty_words,
    wikilinks(nasty_words),
    markdown_links,
    images,
    nasty_words.map(lambda w: f"![{w}](https://example.com/{w})"),
    nasty_words.map(lambda w: f"`{w}`"),
    nasty_words.map(lambda w: f"**{w}**"),
    st.sampled_from(
        [
            "[[",
            "]]",
            "|",
            "`",
            "**",
            "* ",
            "1. ",
            "# ",
            "#",
            "~",
            "~~",
            "!",
            "&amp;",
            "&copy;",
            "\\",
        ]
    ),
)
nasty_texts = st.lists(nasty_pieces, min_size=1, max_size=6).map(
    lambda pieces: "".join(pieces) if len(pieces) % 2 else " ".join(pieces)
)


def topic(
    draw: st.DrawFn,
    texts: st.SearchStrategy[str],
    titles: st.SearchStrategy[str],
    resources: st.SearchStrategy[str],
) -> NoteInfo:
    roadmap = draw(titles)
    section = draw(st.lists(titles, max_size=2))
    heading = draw(st.one_of(st.none(), titles.map(heading_anchor)))
    return info(
        title=draw(titles),
        text=draw(texts),
        roadmap_title=roadmap,
        roadmap_link=f"Roadmaps/{draw(titles)}",
        section=(roadmap, *section) if draw(st.booleans()) else tuple(section),
        heading=heading or None,
        estimate=draw(st.one_of(st.none(), texts)),
        description=draw(st.one_of(st.none(), texts)),
        resources=tuple(draw(st.lists(resources, max_size=3))),
        subtopics=tuple(
            Subtopic(f"Topics/R/{n}", title, draw(st.sampled_from(Status)))
            for n, title in enumerate(draw(st.lists(titles, max_size=3)))
        ),
        also_in=tuple(
            (f"Topics/R{n}/x", title) for n, title in enumerate(draw(st.lists(titles, max_size=2)))
        ),
    )


@st.composite
def direct_topics(draw: st.DrawFn) -> NoteInfo:
    return topic(draw, direct_texts, link_parts, wikilinks() | markdown_links)


@st.composite
def nasty_topics(draw: st.DrawFn) -> NoteInfo:
    resources = wikilinks() | wikilinks(nasty_words) | markdown_links
    return topic(draw, nasty_texts, nasty_words, resources)


@settings(max_examples=budget(fast=40, ci=300, long=3000), deadline=None)
@given(direct_topics())
def test_topics_of_linkable_texts_take_the_direct_path_as_mdformat_writes_them(
    note: NoteInfo,
) -> None:
    text = " ".join(note.text.split())
    # Escaped (a list item's mark) or a table's delimiter row: mdformat's path.
    assume(not starts_block(text) and not re.fullmatch(r"[-:| ]*", text))
    assert takes_direct_path(note)
    assert_as_mdformat_writes_it(note)


# Most of these take mdformat's path, several times over (a fixed point, then
# escapes): about 0.1 s an example on 2 busy cores, hence the smaller budgets.
@settings(max_examples=budget(fast=25, ci=200, long=3000), deadline=None)
@given(nasty_topics())
def test_any_topic_is_written_as_mdformat_writes_it(note: NoteInfo) -> None:
    # Whichever path each block takes: a direct one must be mdformat's own.
    assert_as_mdformat_writes_it(note)
