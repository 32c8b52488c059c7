"""Whether a block starts on a line: markdown-it's rules in their silent mode.

A paragraph, a blockquote's lazy line, a table row and a list item end where
another block starts; markdown-it asks its rules in "silent" mode, in order,
and these are those answers, for the rules vaultroad's parser has. Each
reads a line's first character before anything else, so a line of prose
costs a few comparisons.
"""

from __future__ import annotations

import re

from ..lazy_re import lazy_compile
from .html import html_interrupts
from .state import TRIM, Declined, ScanState

__all__ = [
    "ends_blockquote_line",
    "ends_list",
    "ends_paragraph",
    "fence_opens",
    "heading_opens",
    "hr_at",
    "list_marker_end",
    "table_header",
]


def _is_delimiter_cell(cell: str) -> bool:
    """Whether `cell` (trimmed: no line break) is a delimiter row's cell, `^:?-+:?$`:
    dashes with an optional colon at either end."""
    dashes = cell[1:] if cell.startswith(":") else cell
    dashes = dashes[:-1] if dashes.endswith(":") else dashes
    return dashes != "" and dashes.strip("-") == ""


# A link reference definition could start here: `[label]:` (a label holds no
# unescaped bracket and at most 999 characters, and may run over lines).
_REFERENCE_RE = lazy_compile(r"\[(?:[^\[\]\\]|\\.){0,999}\]:", re.DOTALL)
_REFERENCE_SPAN = 1 + 999 * 2 + 2  # its longest match


def reference_may_open(state: ScanState, pos: int) -> None:
    """Decline where markdown-it's reference rule might read a definition."""
    # A definition ends in `]:` at most 2,001 characters on (999 escaped characters
    # between the brackets): most lines opening with `[`, a link's, have none, and
    # the pattern is then not compiled.
    src = state.src
    if src.find("]:", pos, pos + _REFERENCE_SPAN) >= 0 and _REFERENCE_RE.match(src, pos):
        raise Declined("a link reference definition")


def fence_opens(state: ScanState, pos: int, maximum: int) -> bool:
    src = state.src
    if pos + 3 > maximum:
        return False
    marker = src[pos]
    if marker != "`" and marker != "~":
        return False
    end = state.skip_chars(pos, marker)
    if end - pos < 3:
        return False
    return not (marker == "`" and "`" in src[end:maximum])


def comment_opens(state: ScanState, line: int, pos: int) -> bool:
    """`%%` starts a comment block (see markdown.py's `_obsidian_comment`)."""
    if not state.comments or state.s_count[line] - state.blk_indent >= 4:
        return False
    src = state.src
    if not src.startswith("%%", pos):
        return False
    line_end = state.e_marks[line]
    close = src.find("%%", pos + 2, line_end)
    return not (close >= 0 and src[close + 2 : line_end].strip())


def hr_at(state: ScanState, pos: int, maximum: int) -> int:
    """The number of marker characters of a thematic break here, or 0."""
    src = state.src
    marker = src[pos]
    if marker != "*" and marker != "-" and marker != "_":
        return 0
    count = 1
    pos += 1
    while pos < maximum:
        character = src[pos]
        pos += 1
        if character == marker:
            count += 1
        elif character != " " and character != "\t":
            return 0
    return count if count >= 3 else 0


def list_marker_end(state: ScanState, line: int) -> tuple[int, bool]:
    """Position after a list marker on `line` (-1: none), and whether it is ordered."""
    src = state.src
    pos = state.b_marks[line] + state.t_shift[line]
    maximum = state.e_marks[line]
    if pos >= maximum:
        return -1, False
    character = src[pos]
    if character == "*" or character == "-" or character == "+":
        pos += 1
        if pos < maximum and src[pos] != " " and src[pos] != "\t":
            return -1, False
        return pos, False
    if not ("0" <= character <= "9") or pos + 1 >= maximum:
        return -1, False
    start = pos
    pos += 1
    while True:
        if pos >= maximum:
            return -1, False
        character = src[pos]
        pos += 1
        if "0" <= character <= "9":
            if pos - start >= 10:
                return -1, False
            continue
        if character == ")" or character == ".":
            break
        return -1, False
    if pos < maximum and src[pos] != " " and src[pos] != "\t":
        return -1, False
    return pos, True


def list_opens(state: ScanState, line: int, in_paragraph: bool) -> bool:
    """markdown-it's list rule in silent mode (`in_paragraph`: the parent is a paragraph)."""
    s_count = state.s_count[line]
    if s_count - state.blk_indent >= 4:
        return False
    if state.list_indent >= 0 and s_count - state.list_indent >= 4 and s_count < state.blk_indent:
        return False
    terminating = in_paragraph and s_count >= state.blk_indent
    after, ordered = list_marker_end(state, line)
    if after < 0:
        return False
    if terminating:
        if ordered:
            start = state.b_marks[line] + state.t_shift[line]
            if int(state.src[start : after - 1]) != 1:
                return False
        if state.skip_spaces(after) >= state.e_marks[line]:
            return False
    return True


def heading_opens(state: ScanState, pos: int, maximum: int) -> bool:
    src = state.src
    if src[pos] != "#":
        return False
    level = 1
    pos += 1
    while pos < maximum and src[pos] == "#" and level <= 6:
        level += 1
        pos += 1
    return level <= 6 and (pos >= maximum or src[pos] == " " or src[pos] == "\t")


def table_header(state: ScanState, line: int, end: int) -> list[str] | None:
    """The header cells of a table starting on `line`, or None (no table there)."""
    if line + 2 > end:
        return None
    below = line + 1
    if state.s_count[below] < state.blk_indent or state.s_count[below] - state.blk_indent >= 4:
        return None
    src = state.src
    pos = state.b_marks[below] + state.t_shift[below]
    maximum = state.e_marks[below]
    if pos + 1 >= maximum:
        return None
    first, second = src[pos], src[pos + 1]
    if first not in "|-:" or (second not in "|-:" and second != " " and second != "\t"):
        return None
    if first == "-" and (second == " " or second == "\t"):
        return None
    delimiter = src[pos:maximum]
    if delimiter.strip("|-: \t"):
        return None
    aligns = 0  # cells of the delimiter row (their alignment is no concern here)
    columns = delimiter.split("|")
    last = len(columns) - 1
    for index, column in enumerate(columns):
        cell = column.strip(TRIM)
        if not cell:
            if index == 0 or index == last:
                continue
            return None
        if not _is_delimiter_cell(cell):
            return None
        aligns += 1
    header = src[state.b_marks[line] + state.t_shift[line] : state.e_marks[line]].strip(TRIM)
    if "|" not in header or state.s_count[line] - state.blk_indent >= 4:
        return None
    cells = split_row(header)
    if not cells or len(cells) != aligns:
        return None
    return cells


def split_row(text: str) -> list[str]:
    """A row's cells: split at unescaped `|`, outer empty cells dropped
    (markdown-it's `escapedSplit`: `\\|` is a `|` inside a cell)."""
    if "\\" not in text:
        cells = text.split("|")
    else:
        cells = []
        current = ""
        last = 0
        escaped = False
        for pos, character in enumerate(text):
            if character == "|":
                if not escaped:
                    cells.append(current + text[last:pos])
                    current = ""
                    last = pos + 1
                else:
                    current += text[last : pos - 1]
                    last = pos
            escaped = character == "\\"
        cells.append(current + text[last:])
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return cells


# --- terminators: which rules may end a block, in markdown-it's order -----------


def ends_paragraph(state: ScanState, line: int, end: int) -> bool:
    """Whether a block starting on `line` ends the paragraph before it
    (markdown-it's "paragraph" chain: table, then the blockquote chain)."""
    pos = state.b_marks[line] + state.t_shift[line]
    maximum = state.e_marks[line]
    if state.src.find("|", pos, maximum) >= 0 and table_header(state, line, end) is not None:
        return True
    return _ends(state, line, True, True)


def ends_blockquote_line(state: ScanState, line: int, in_paragraph: bool) -> bool:
    """markdown-it's "blockquote" chain (fence, comment, blockquote, hr, list,
    HTML block, heading): what ends a blockquote's lazy lines and a table."""
    return _ends(state, line, in_paragraph, True)


def ends_list(state: ScanState, line: int) -> bool:
    """markdown-it's "list" chain (fence, comment, blockquote, hr)."""
    return _ends(state, line, False, False)


def _ends(state: ScanState, line: int, in_paragraph: bool, whole_chain: bool) -> bool:
    """The chain's answer for `line`: fence, comment, blockquote, hr, and with
    `whole_chain` list, HTML block and heading too."""
    pos = state.b_marks[line] + state.t_shift[line]
    maximum = state.e_marks[line]
    if pos >= maximum:
        return False
    character = state.src[pos]
    if state.s_count[line] - state.blk_indent >= 4 and character != "%":
        return False  # every rule of the chain refuses indented code (comment: its own test)
    if character == "`" or character == "~":
        return fence_opens(state, pos, maximum)
    if character == "%":
        return comment_opens(state, line, pos)
    if character == ">":
        return True
    if (character == "*" or character == "-" or character == "_") and hr_at(state, pos, maximum):
        return True
    if not whole_chain:
        return False
    if (character in "*-+" or "0" <= character <= "9") and list_opens(state, line, in_paragraph):
        return True
    if character == "<":
        return html_interrupts(state, pos, maximum)
    return character == "#" and heading_opens(state, pos, maximum)
