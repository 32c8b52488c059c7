"""Inline Markdown to plain text, links and wikilinks.

Most topic texts hold no markup or only the common kinds (plain
`[[wikilinks]]`, simple code spans, plain `[label](url)` links: see
inline_links.py); those are read here directly. The rest
goes to markdown-it's inline parser, loaded only then, within the limits
markdown.py describes; each limit that applied is reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from string import ascii_letters
from typing import TYPE_CHECKING, Any

from .inline_links import LINK_PATTERN, link_href
from .lazy_re import lazy_compile
from .markdown import MAX_INLINE, label_budget, markdown_for, parse_inline, wikilink_parts
from .model import LimitKind, Link, WikiLink
from .titles import inline_html_text

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = ["Inline", "InlineReader", "collapse", "needs_inline"]

# The characters markdown-it's inline rules start at, and `&` before `#` or a
# letter (an entity): `[\\`*_\[\]<>!~]|&[#A-Za-z]` as a pattern, read with
# string methods, which the pre-commit hook need not compile.
_INLINE_STARTS = frozenset("\\`*_[]<>!~")
# The same, but for brackets: in a document without link reference
# definitions, a `[...]` not followed by `(` is text (see `_literal_brackets`).
_INLINE_STARTS_BUT_BRACKETS = _INLINE_STARTS - {"[", "]"}
_ENTITY_STARTS = frozenset("#" + ascii_letters)


def _has_entity_start(text: str) -> bool:
    """Whether an `&` in `text` is followed by `#` or an ASCII letter."""
    at = text.find("&")
    while at >= 0:
        if text[at + 1 : at + 2] in _ENTITY_STARTS:
            return True
        at = text.find("&", at + 1)
    return False


def needs_inline(text: str) -> bool:
    """Whether `text` holds inline markup markdown-it may read (else it is plain text)."""
    return not _INLINE_STARTS.isdisjoint(text) or _has_entity_start(text)


_COMMENT_RE = lazy_compile(r"%%.*?%%", re.DOTALL)

Inline = tuple[str, tuple[Link, ...], tuple[WikiLink, ...]]


def collapse(text: str) -> str:
    # str.split() and the regex `\s` agree on what whitespace is (str.isspace).
    return " ".join(text.split())


def _code_span_text(match: re.Match[str]) -> str:
    """A code span's text: CommonMark drops one space on each side when both are there."""
    inner = match.group("code")
    if len(inner) > 2 and inner[0] == " " and inner[-1] == " " and inner.strip():
        return inner[1:-1]
    return inner


def _inline_text(tokens: list[Token]) -> tuple[str, tuple[Link, ...], tuple[WikiLink, ...]]:
    """Plain text, links and wikilinks of a text's inline tokens."""
    parts: list[str] = []
    links: list[Link] = []
    wikilinks: list[WikiLink] = []
    href: str | None = None
    link_start = 0
    for token in tokens:
        kind = token.type
        if kind in ("text", "text_special", "code_inline"):
            parts.append(token.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif kind == "html_inline":
            parts.append(inline_html_text(token.content))  # `<br>` is a space
        elif kind == "wikilink":
            parts.append(token.content)
            wikilinks.append(WikiLink(**token.meta))
        elif kind == "link_open":
            href = str(token.attrGet("href") or "")
            link_start = len(parts)
        elif kind == "link_close" and href is not None:
            links.append(Link(collapse("".join(parts[link_start:])), href))
            href = None
    return collapse("".join(parts)), tuple(links), tuple(wikilinks)


# The three kinds of markup most topic texts hold, read here without the
# inline parser: a `[[wikilink]]` it would take as it is (no brackets, no
# line break, not an embed), a simple code span (one backtick each side, no
# line break) and a plain inline link (inline_links.py). One pattern, scanned
# left to right, so whichever starts first wins, as in markdown-it:
# `[[a `b` c]]` is a link, `` `[[a]]` `` is code.
#
# Each alternative opens with its first character, the lookbehinds after it
# (`` `(?<!``) `` is `` (?<!`)` `` one character on): the pattern then starts
# with a set of literal characters, which the regex engine looks for quickly.
_SIMPLE_MARKUP_RE = lazy_compile(
    r"`(?<!``)(?P<code>[^`\n]+)`(?!`)|\[(?<!!\[)\[(?P<wiki>[^\[\]\n]*)\]\]|" + LINK_PATTERN
)


def _simple_markup(content: str) -> Inline | None:
    """What markdown-it would read in `content` when its only markup is plain
    `[[wikilinks]]`, simple code spans and plain inline links
    (`[[Auth]] — tokens, `JWT``, `[Docs](https://example.com) — intro`, common
    item shapes), without running it; None for any other text.
    tests/test_parser_inline*.py pin that both give the same."""
    parts: list[str] = []
    between: list[str] = []  # the text around the links and code
    found_links: list[Link] = []
    wikilinks: list[WikiLink] = []
    cursor = 0
    for match in _SIMPLE_MARKUP_RE.finditer(content):
        start, end = match.span()
        text = content[cursor:start]
        between.append(text)
        kind = match.lastgroup  # the alternative matched: "code", "wiki" or "dest" (a link)
        if kind == "dest":
            label = match.group("label")
            href = link_href(match.group("dest")) if label.strip() else None
            if href is None:
                return None
            parts += (text, label)
            found_links.append(Link(collapse(label), href))
        elif kind == "code":
            parts += (text, _code_span_text(match))
        else:
            inner = match.group("wiki")
            if not inner.strip():
                return None
            shown, meta = wikilink_parts(inner)
            parts += (text, shown)
            wikilinks.append(WikiLink(**meta))
        cursor = end
    text = content[cursor:]
    between.append(text)
    parts.append(text)
    # Between and around them: plain text only (no other markup, no `[`).
    if len(between) == 1 or needs_inline("".join(between)):
        return None
    return collapse("".join(parts)), tuple(found_links), tuple(wikilinks)


class InlineReader:
    """Reads the inline texts of one document (its link references in `env`);
    `limit(line, kind, message)` records a limit that applied."""

    __slots__ = ("_md", "body", "env", "limit")

    def __init__(
        self, body: str, env: dict[str, Any], limit: Callable[[int, LimitKind, str], None]
    ) -> None:
        self.body = body
        self.env = env
        self.limit = limit
        self._md: MarkdownIt | None = None

    def __call__(
        self, content: str, line: int
    ) -> tuple[str, tuple[Link, ...], tuple[WikiLink, ...]]:
        """Plain text, links and wikilinks of inline Markdown found on 0-based `line`."""
        if "%%" in content:
            content = _COMMENT_RE.sub("", content)
        if not needs_inline(content):
            return collapse(content), (), ()
        if self._literal_brackets(content):
            return collapse(content), (), ()
        if ("[[" in content or "`" in content or "](" in content) and len(content) <= MAX_INLINE:
            found = _simple_markup(content)
            if found is not None:
                return found
        tokens = self._tokens(content, line)
        if tokens is None:
            return collapse(content), (), ()
        return _inline_text(tokens)

    def _literal_brackets(self, content: str) -> bool:
        """Whether `content`'s only markup is brackets markdown-it reads as text
        (`[ ]Learn`, `Lists [optional]`): no inline link (`](`), no wikilink,
        no reference to resolve (the document defines none), and too few `[`
        for the link-label budget (markdown.py) to run out on them."""
        if self.env.get("references") or "](" in content or "[[" in content:
            return False
        if not _INLINE_STARTS_BUT_BRACKETS.isdisjoint(content) or _has_entity_start(content):
            return False
        # Each `[` scans at most the rest of the text for its `]`.
        return content.count("[") * len(content) <= label_budget(len(content))

    def _tokens(self, content: str, line: int) -> list[Token] | None:
        """markdown-it's inline tokens for `content`, within the parser's limits
        (None: too long to parse), each limit that applied recorded."""
        if len(content) > MAX_INLINE:
            # No topic text comes near this; only a broken or hostile file's
            # does, and reading it raw keeps its cost to that of plain text.
            self.limit(
                line,
                LimitKind.LONG_TEXT,
                f"a text of {len(content):,} characters (over {MAX_INLINE:,}) is read "
                "as written: its links, emphasis and code spans are not parsed",
            )
            return None
        if self._md is None:
            self._md = markdown_for(self.body)
        tokens, links_skipped = parse_inline(self._md, content, self.env)
        if links_skipped:
            self.limit(
                line,
                LimitKind.LINKS,
                "links not read: too many '[' without a matching ']' to look for links "
                "in linear time; the text keeps its brackets as written",
            )
        return tokens
