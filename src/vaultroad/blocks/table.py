"""GFM tables, as markdown-it's `table` rule reads them: a header row, a
delimiter row with as many cells, then body rows up to a blank line or a
line that starts another block."""

from __future__ import annotations

from .checks import ends_blockquote_line, split_row, table_header
from .state import TRIM, BlockToken, ScanState

__all__ = ["table"]

# markdown-it stops a table that would pad more than this many missing cells.
_MAX_AUTOCOMPLETED_CELLS = 0x10000


def table(state: ScanState, start: int, end: int) -> bool:
    cells = table_header(state, start, end)
    if cells is None:
        return False
    count = len(cells)
    old_parent = state.parent
    state.parent = "table"
    table_open = state.push("table_open", "table", 1)
    table_open.map = [start, 0]
    state.push("thead_open", "thead", 1).map = [start, start + 1]
    _row(state, start, cells, count, "th")
    state.push("thead_close", "thead", -1)
    src = state.src
    line = start + 2
    body = None
    padded = 0
    while line < end:
        if state.s_count[line] < state.blk_indent:
            break
        if ends_blockquote_line(state, line, False):
            break
        text = src[state.b_marks[line] + state.t_shift[line] : state.e_marks[line]].strip(TRIM)
        if not text:
            break
        if state.s_count[line] - state.blk_indent >= 4:
            break
        row = split_row(text)
        padded += count - len(row)
        if padded > _MAX_AUTOCOMPLETED_CELLS:
            break
        if line == start + 2:
            body = state.push("tbody_open", "tbody", 1)
            body.map = [start + 2, 0]
        _row(state, line, row, count, "td")
        line += 1
    if body is not None and body.map is not None:
        state.push("tbody_close", "tbody", -1)
        body.map[1] = line
    state.push("table_close", "table", -1)
    table_open.map[1] = line
    state.parent = old_parent
    state.line = line
    return True


def _row(state: ScanState, line: int, cells: list[str], count: int, tag: str) -> None:
    """A row's tokens, made directly: what `push` gives, at the row's levels."""
    level = state.level
    tokens = state.tokens
    row = BlockToken("tr_open", "tr", 1, level)
    row.map = lines = [line, line + 1]  # the row's and each cell's (one list)
    tokens.append(row)
    cell_open = state.bare(f"{tag}_open", tag, 1, level + 1, "")
    cell_close = state.bare(f"{tag}_close", tag, -1, level + 1, "")
    have = len(cells)
    for index in range(count):
        tokens.append(cell_open)
        inline = BlockToken("inline", "", 0, level + 2)
        inline.map = lines
        inline.content = cells[index].strip(TRIM) if index < have else ""
        tokens.append(inline)
        tokens.append(cell_close)
    tokens.append(state.bare("tr_close", "tr", -1, level, ""))
