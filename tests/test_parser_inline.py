"""The parser reads an item whose only markup is `[[wikilinks]]` and simple code
spans without running markdown-it's inline parser (`inline_text._simple_markup`).
Wherever it does, the result must be exactly what the inline parser gives:
checked on generated texts mixing wikilinks of every form and code spans with
the markup that must send a text back to markdown-it (brackets, embeds,
emphasis, entities, escapes, line breaks, backtick runs). Plain inline links,
which the same reader takes, are checked in test_parser_inline_links.py."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from budget import budget
from vaultroad import inline_text
from vaultroad.inline_links import LINK_PATTERN
from vaultroad.inline_text import _SIMPLE_MARKUP_RE, InlineReader, _inline_text, _simple_markup

PIECES = [
    "a",
    "Auth",
    " ",
    "  ",
    "\n",
    " — ",
    "(2 days)",
    ":",
    "[[Note]]",
    "[[Note#Heading]]",
    "[[Note|Alias]]",
    "[[Note#h|Alias]]",
    "[[Note\\|Alias]]",
    "[[ spaced ]]",
    "[[ ]]",
    "[[]]",
    "![[image.png]]",
    "[[a]b]]",
    "[[",
    "]]",
    "[",
    "]",
    "*",
    "**b**",
    "`c`",
    "` c `",
    "`",
    "``",
    "`[[Note]]`",
    "[[a `b` c]]",
    "`a|b`",
    "[ ]",
    "[x]",
    "[optional]",
    "(u)",
    "]",
    "][",
    "&amp;",
    "\\",
    "<br>",
    "!",
    "#tag",
    "[l](u)",
    "é",
]


def _reference(content: str) -> tuple[object, ...]:
    reader = InlineReader("", {}, lambda line, kind, message: None)
    tokens = reader._tokens(content, 0)
    assert tokens is not None
    return _inline_text(tokens)


@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=8))
@example(["[[Note]]", " — ", "a"])
@example(["[[Note|Alias]]", "\n", "[[Note#Heading]]"])
@example(["`c`", " ", "[[Note]]"])
@example(["`", "[[Note]]", "`"])
@example(["[[a `b` c]]", "` c `"])
def test_the_wikilink_shortcut_reads_what_markdown_it_reads(pieces: list[str]) -> None:
    content = "".join(pieces)
    shortcut = _simple_markup(content)
    if shortcut is not None:
        assert shortcut == _reference(content)


def test_the_shortcut_takes_plain_wikilink_items_and_declines_other_markup() -> None:
    assert _simple_markup("[[Auth|Authentication]] — tokens") is not None
    assert _simple_markup("Use `git rebase` with [[Git]]") == (
        "Use git rebase with Git",
        (),
        _simple_markup("[[Git]]")[2],  # type: ignore[index]
    )
    for declined in ("![[x.png]] a", "[[a]] **b**", "[[a]] [*l*](u)", "[[a]b]]", "plain"):
        assert _simple_markup(declined) is None, declined


@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=10))
@example(["[ ]", "a"])
@example(["[optional]", "(u)"])
@example(["[optional]", " ", "(u)"])
@example(["[", "a", "]", "(u)"])
def test_every_shortcut_of_the_reader_reads_what_markdown_it_reads(pieces: list[str]) -> None:
    """The reader as the parser calls it (all its shortcuts) against markdown-it."""
    content = "".join(pieces)
    limits: list[object] = []
    reader = InlineReader("", {}, lambda line, kind, message: limits.append(kind))
    tokens = reader._tokens(content, 0)
    assert tokens is not None
    assert reader(content, 0) == _inline_text(tokens)


# The simple-markup pattern as first written, its lookbehinds before each
# alternative's first character; inline_text moves them one character on so
# that the pattern opens with literal characters. Both must match alike.
_LOOKBEHIND_FIRST = re.compile(
    r"(?<!`)`(?P<code>[^`\n]+)`(?!`)|(?<!!)\[\[(?P<wiki>[^\[\]\n]*)\]\]|" + LINK_PATTERN
)


@settings(max_examples=budget(300, 3000, fast=200), deadline=None)
@given(st.text(alphabet="`[]()!a \n&#:/x", max_size=24))
@example("``a`")
@example("a``b`c`")
@example("![[a]]")
@example("[![[a]]")
@example("!![[a]] [[b]]")
@example("`[[a]]`")
def test_the_simple_markup_pattern_matches_as_written_with_lookbehinds_first(text: str) -> None:
    def found(pattern: Any) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
        return [(match.span(), match.groupdict()) for match in pattern.finditer(text)]

    assert found(_SIMPLE_MARKUP_RE) == found(_LOOKBEHIND_FIRST)


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet="a \\`*_[]<>!~&#Zé;1(", max_size=10))
def test_needs_inline_finds_what_the_former_patterns_found(text: str) -> None:
    # inline_text reads the inline starts with string methods, not patterns.
    former = re.search(r"[\\`*_\[\]<>!~]|&[#A-Za-z]", text) is not None
    assert inline_text.needs_inline(text) is former
    but_brackets = re.search(r"[\\`*_<>!~]|&[#A-Za-z]", text) is not None
    got = not inline_text._INLINE_STARTS_BUT_BRACKETS.isdisjoint(text) or (
        inline_text._has_entity_start(text)
    )
    assert got is but_brackets
