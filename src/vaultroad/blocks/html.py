"""HTML blocks: CommonMark's seven kinds, as markdown-it's `html_block` reads them.

Each kind is an opening pattern on the block's first line and a closing
pattern; kinds 6 and 7 end at a blank line, and kind 7 (any complete tag
alone on its line) cannot interrupt a paragraph. The patterns are the
spec's (https://spec.commonmark.org/0.31.2/#html-blocks).
"""

from __future__ import annotations

import re

from ..lazy_re import lazy_compile
from .state import ScanState

__all__ = ["html_block", "html_interrupts"]

# The spec's list of block-level tag names (kind 6).
_BLOCK_NAMES = [
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
]

_ATTRIBUTE = (
    r"(?:\s+[a-zA-Z_:][a-zA-Z0-9:._-]*"
    r"(?:\s*=\s*(?:[^\"'=<>`\x00-\x20]+|'[^']*'|\"[^\"]*\"))?)"
)
_OPEN_TAG = r"<[A-Za-z][A-Za-z0-9\-]*" + _ATTRIBUTE + r"*\s*\/?>"
_CLOSE_TAG = r"<\/[A-Za-z][A-Za-z0-9\-]*\s*>"

_BLANK = lazy_compile(r"^$")
# (opening, closing, may interrupt a paragraph)
_KINDS: tuple[tuple[re.Pattern[str], re.Pattern[str], bool], ...] = (
    (
        lazy_compile(r"^<(?a:(script|pre|style|textarea))(?=(\s|>|$))", re.IGNORECASE),
        lazy_compile(r"<\/(?a:(script|pre|style|textarea))>", re.IGNORECASE),
        True,
    ),
    (lazy_compile(r"^<!--"), lazy_compile(r"-->"), True),
    (lazy_compile(r"^<\?"), lazy_compile(r"\?>"), True),
    (lazy_compile(r"^<![A-Za-z]"), lazy_compile(r">"), True),
    (lazy_compile(r"^<!\[CDATA\["), lazy_compile(r"\]\]>"), True),
    (
        lazy_compile(r"^</?(?a:(" + "|".join(_BLOCK_NAMES) + r"))(?=(\s|/?>|$))", re.IGNORECASE),
        _BLANK,
        True,
    ),
    (lazy_compile("^(?:" + _OPEN_TAG + "|" + _CLOSE_TAG + r")\s*$"), _BLANK, False),
)


def _kind(text: str) -> tuple[re.Pattern[str], re.Pattern[str], bool] | None:
    for kind in _KINDS:
        if kind[0].search(text):
            return kind
    return None


def html_interrupts(state: ScanState, pos: int, maximum: int) -> bool:
    """Whether an HTML block that may end a paragraph starts at `pos` (silent mode)."""
    if state.src[pos] != "<":
        return False
    kind = _kind(state.src[pos:maximum])
    return kind is not None and kind[2]


def html_block(state: ScanState, start: int, end: int, pos: int, maximum: int) -> bool:
    text = state.src[pos:maximum]
    kind = _kind(text)
    if kind is None:
        return False
    closing = kind[1]
    ends_on_blank = closing is _BLANK
    line = start + 1
    if not closing.search(text):
        src, b_marks, e_marks, t_shift = state.src, state.b_marks, state.e_marks, state.t_shift
        while line < end:
            if state.s_count[line] < state.blk_indent and (
                ends_on_blank or not state.is_empty(line)
            ):
                break
            text = src[b_marks[line] + t_shift[line] : e_marks[line]]
            if closing.search(text):
                if text:
                    line += 1
                break
            line += 1
    state.line = line
    token = state.push("html_block", "", 0)
    token.map = [start, line]
    token.content = state.get_lines(start, line, state.blk_indent, True)
    return True
