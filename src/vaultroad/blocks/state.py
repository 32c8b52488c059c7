"""The line table and token stream the block scanner works on.

The names and meanings are markdown-it's (`StateBlock`), so each rule of the
scanner can be read against the rule it mirrors: `b_marks`/`e_marks` are the
start and end offsets of each line, `t_shift` the offset of its first
non-blank character, `s_count` its indentation in columns, `blk_indent` the
indentation a block must have to belong to the current container. Container
rules (lists, blockquotes) move a line's marks past their own markers while
their content is read, and put them back afterwards, as markdown-it does.

The scanner reads documents exactly as markdown-it does, or declines them
(`Declined`): tabs in the indentation (markdown-it counts them in columns,
the scanner in characters) and link reference definitions. markdown-it
reads those.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..lazy_re import lazy_compile

__all__ = ["TRIM", "BlockToken", "Declined", "ScanState"]

# CommonMark's whitespace as markdown-it trims it (`mdTrim`).
TRIM = (
    "\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

# Tabs where markdown-it expands them to columns (indentation, after `>` and
# after a list marker): the scanner counts columns as characters, so such a
# document goes to markdown-it.
_TAB_IN_INDENT_RE = lazy_compile(r"^[ >*+\-\d.)]*\t", re.MULTILINE)

# A shared, never-written `meta` for the tokens that carry none.
_NO_META: dict[str, Any] = {}


class Declined(Exception):
    """The document holds a construct the scanner does not read; markdown-it must."""


class BlockToken:
    """A block token with the fields vaultroad reads of markdown-it's `Token`."""

    __slots__ = (
        "content",
        "hidden",
        "info",
        "level",
        "map",
        "markup",
        "meta",
        "nesting",
        "tag",
        "type",
    )

    def __init__(self, kind: str, tag: str, nesting: int, level: int) -> None:
        self.type = kind
        self.tag = tag
        self.nesting = nesting
        self.level = level
        self.map: list[int] | None = None
        self.content = ""
        self.markup = ""
        self.info = ""
        self.meta: dict[str, Any] = _NO_META
        self.hidden = False

    def __repr__(self) -> str:
        return f"BlockToken({self.type!r}, map={self.map}, content={self.content[:30]!r})"


class ScanState:
    __slots__ = (
        "b_marks",
        "bare_tokens",
        "blk_indent",
        "comments",
        "e_marks",
        "front_matter",
        "items",
        "level",
        "line",
        "line_max",
        "list_indent",
        "parent",
        "s_count",
        "src",
        "t_shift",
        "tokenize",
        "tokens",
    )

    def __init__(self, src: str, *, front_matter: bool, comments: bool) -> None:
        if "\t" in src and _TAB_IN_INDENT_RE.search(src):
            raise Declined("a tab in the indentation")
        self.src = src
        b_marks: list[int] = []
        e_marks: list[int] = []
        t_shift: list[int] = []
        start = 0
        length = len(src)
        for line in src.split("\n"):
            end = start + len(line)
            b_marks.append(start)
            e_marks.append(end)
            # No tab in any indentation (above): columns are characters.
            t_shift.append(len(line) - len(line.lstrip(" \t")))
            start = end + 1
        if e_marks[-1] - b_marks[-1] == t_shift[-1]:
            # A last line of nothing but blanks (or nothing, after a final
            # line break) is no line to markdown-it.
            b_marks.pop()
            e_marks.pop()
            t_shift.pop()
        b_marks.append(length)  # markdown-it's fake line past the end
        e_marks.append(length)
        t_shift.append(0)
        self.b_marks = b_marks
        self.e_marks = e_marks
        self.t_shift = t_shift
        self.s_count = t_shift[:]
        self.line_max = len(b_marks) - 1
        self.blk_indent = 0
        self.list_indent = -1
        self.level = 0
        self.line = 0
        self.parent = "root"
        self.tokens: list[BlockToken] = []
        # Where each list_item_open is in `tokens`: the checkbox rule
        # (markdown.mark_checkboxes) looks at these and at no other token.
        self.items: list[int] = []
        # Tokens that carry nothing but their kind, tag, nesting, level and
        # markup, made once per document and shared (see `bare`).
        self.bare_tokens: dict[tuple[str, str, int, int, str], BlockToken] = {}
        self.front_matter = front_matter
        self.comments = comments
        self.tokenize: Callable[[ScanState, int, int], None]

    def push(self, kind: str, tag: str, nesting: int) -> BlockToken:
        if nesting < 0:
            self.level -= 1
        token = BlockToken(kind, tag, nesting, self.level)
        if nesting > 0:
            self.level += 1
        self.tokens.append(token)
        return token

    def bare(self, kind: str, tag: str, nesting: int, level: int, markup: str) -> BlockToken:
        """A token that carries nothing but its kind, tag, nesting, level and
        markup (no map, no content: a closing token, a table cell's opening
        one): one object for all of them alike in a document. Such tokens are
        never changed once made (list_item_open's `meta` is the only field
        anything sets later), and sharing them spares a token or two per
        paragraph, heading, list item and table cell, a third of the objects
        the scanner makes."""
        key = (kind, tag, nesting, level, markup)
        token = self.bare_tokens.get(key)
        if token is None:
            token = BlockToken(kind, tag, nesting, level)
            token.markup = markup
            self.bare_tokens[key] = token
        return token

    def is_empty(self, line: int) -> bool:
        return self.b_marks[line] + self.t_shift[line] >= self.e_marks[line]

    def skip_empty_lines(self, line: int) -> int:
        b_marks, t_shift, e_marks = self.b_marks, self.t_shift, self.e_marks
        line_max = self.line_max
        while line < line_max and b_marks[line] + t_shift[line] >= e_marks[line]:
            line += 1
        return line

    def skip_spaces(self, pos: int) -> int:
        src = self.src
        length = len(src)
        while pos < length and (src[pos] == " " or src[pos] == "\t"):
            pos += 1
        return pos

    def skip_chars(self, pos: int, character: str) -> int:
        src = self.src
        length = len(src)
        while pos < length and src[pos] == character:
            pos += 1
        return pos

    def get_lines(self, begin: int, end: int, indent: int, keep_last_lf: bool) -> str:
        """markdown-it's `getLines` for text without tabs in its indentation:
        each line from `indent` columns in (fewer when it is indented less;
        characters a container rule moved past count as indentation)."""
        if begin >= end:
            return ""
        src, b_marks, e_marks, t_shift = self.src, self.b_marks, self.e_marks, self.t_shift
        if end == begin + 1 and not keep_last_lf:  # one line, as the loop below reads it
            shift = t_shift[begin]
            return src[b_marks[begin] + (indent if indent < shift else shift) : e_marks[begin]]
        parts = []
        last_line = end - 1
        for line in range(begin, end):
            shift = t_shift[line]
            first = b_marks[line] + (indent if indent < shift else shift)
            stop = e_marks[line] + 1 if line < last_line or keep_last_lf else e_marks[line]
            parts.append(src[first:stop])
        return "".join(parts)
