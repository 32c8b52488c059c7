"""A block scanner that gives markdown-it's block tokens without markdown-it.

vaultroad reads roadmap structure from markdown-it's block tokens (headings,
lists and items, paragraphs, tables, fences, blockquotes, `%%` comments,
frontmatter). markdown-it tries every block rule at every block and carries
a general machinery; this scanner runs the same rules, in the same order,
with the same line arithmetic (see state.py), but asks only the rules a
line's first character can start, and builds lighter tokens. It reads the
documents roadmaps are made of several times faster, and gives the same
tokens, which the differential tests (tests/test_block_scanner.py) check
against markdown-it on every corpus and on generated Markdown.

Tokens alike are one object: those that carry nothing but their kind, tag,
nesting, level and markup (closing tokens, a table cell's opening one) are
made once per document (`ScanState.bare`), and a paragraph's or a table
row's tokens that span the same lines share one `map` list. Nothing changes
a token once the scan is done, but for list_item_open's `meta`
(markdown.mark_checkboxes), which is never shared.

What it does not read it declines (`scan` returns None, `why_declined`
says why): tabs in indentation and link reference definitions.
The parser then hands the document to markdown-it, the reference.
"""

from __future__ import annotations

from ..markdown import MAX_DEPTH, TOO_DEEP
from .checks import fence_opens, heading_opens, hr_at, reference_may_open
from .containers import blockquote, bullet_or_ordered_list
from .html import html_block
from .leaves import code, comment, fence, front_matter, heading, hr, paragraph, too_deep
from .state import BlockToken, Declined, ScanState
from .table import table

__all__ = ["BlockToken", "scan", "scan_items", "why_declined"]

# markdown-it's own cut-off, two levels over vaultroad's (see markdown.py).
_MAX_NESTING = MAX_DEPTH + 2


def scan(body: str) -> list[BlockToken] | None:
    """The block tokens markdown-it (configured as `markdown.make_markdown`)
    gives for `body`, or None when the document holds what the scanner
    does not read."""
    try:
        return _scan(body).tokens
    except Declined:
        return None


def scan_items(body: str) -> tuple[list[BlockToken], list[int]] | None:
    """`scan`, with where in the tokens each list item opens (list_item_open)."""
    try:
        state = _scan(body)
    except Declined:
        return None
    return state.tokens, state.items


def why_declined(body: str) -> str | None:
    """Why `scan` declines `body` (None: it does not)."""
    try:
        _scan(body)
    except Declined as declined:
        return str(declined)
    return None


def _scan(body: str) -> ScanState:
    if "\r" in body:
        body = body.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in body:
        body = body.replace("\0", "\ufffd")
    state = ScanState(body, front_matter=body.startswith("---"), comments="%%" in body)
    if body:
        state.tokenize = _tokenize
        _tokenize(state, 0, state.line_max)
    return state


def _tokenize(state: ScanState, start: int, end: int) -> None:
    """markdown-it's block tokenizer: one block after another while lines
    belong to the current container."""
    src = state.src
    b_marks, e_marks, t_shift, s_count = state.b_marks, state.e_marks, state.t_shift, state.s_count
    line_max = state.line_max
    line = start
    while line < end:
        # state.skip_empty_lines, without the call
        while line < line_max and b_marks[line] + t_shift[line] >= e_marks[line]:
            line += 1
        state.line = line
        if line >= end:
            break
        if s_count[line] < state.blk_indent:
            break
        if state.level >= _MAX_NESTING:
            state.line = end
            break
        _block(state, line, end, src, b_marks[line] + t_shift[line], e_marks[line])
        line = state.line
        if line < end and b_marks[line] + t_shift[line] >= e_marks[line]:
            line += 1
            state.line = line


def _block(state: ScanState, line: int, end: int, src: str, pos: int, maximum: int) -> None:
    """The first rule, in markdown-it's order, that reads a block at `line`."""
    if state.front_matter and line == 0 and front_matter(state, line, end):
        return
    if state.level >= MAX_DEPTH:
        too_deep(state, line, end, TOO_DEEP, MAX_DEPTH)
        return
    if src.find("|", pos, maximum) >= 0 and table(state, line, end):
        return
    if state.s_count[line] - state.blk_indent >= 4:  # indented code
        code(state, line, end)
        return
    character = src[pos]
    if character == "`" or character == "~":
        if fence_opens(state, pos, maximum):
            fence(state, line, end, pos, maximum)
            return
    elif character == "%":
        if state.comments and src.startswith("%%", pos):
            close = src.find("%%", pos + 2, maximum)
            if close < 0 or not src[close + 2 : maximum].strip():
                comment(state, line, end, pos)
                return
    elif character == ">":
        blockquote(state, line, end)
        return
    if character == "*" or character == "-" or character == "_":
        count = hr_at(state, pos, maximum)
        if count:
            hr(state, line, character, count)
            return
    if (
        character == "*" or character == "-" or character == "+" or "0" <= character <= "9"
    ) and bullet_or_ordered_list(state, line, end):
        return
    if character == "[":
        reference_may_open(state, pos)
    elif character == "<" and html_block(state, line, end, pos, maximum):
        return
    if character == "#" and heading_opens(state, pos, maximum):
        heading(state, line, pos, maximum)
        return
    paragraph(state, line, end)
