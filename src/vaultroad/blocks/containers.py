"""Container blocks: blockquotes and lists, as markdown-it's rules read them.

While a container's content is read, its lines' marks are moved past the
container's own markers (`>`, `- `) and its indentation becomes the block
indent; the content is read by the same tokenizer, and the marks are put
back afterwards. That is markdown-it's way, kept step for step so that
every line ends in the same block.
"""

from __future__ import annotations

from .checks import ends_blockquote_line, ends_list, list_marker_end, list_opens
from .state import BlockToken, ScanState

__all__ = ["blockquote", "bullet_or_ordered_list"]


def blockquote(state: ScanState, start: int, end: int) -> None:
    """A blockquote (the caller has checked the `>`)."""
    src = state.src
    b_marks, e_marks, t_shift, s_count = state.b_marks, state.e_marks, state.t_shift, state.s_count
    old_line_max = state.line_max
    saved: list[tuple[int, int, int]] = []  # (b_mark, t_shift, s_count) of each line
    old_parent = state.parent
    state.parent = "blockquote"
    line = start
    last_empty = False
    while line < end:
        outdented = s_count[line] < state.blk_indent
        pos = b_marks[line] + t_shift[line]
        maximum = e_marks[line]
        if line > start and pos >= maximum:
            break
        if line == start or (src[pos] == ">" and not outdented):
            pos += 1
            initial = s_count[line] + 1
            if pos < len(src) and src[pos] == " ":
                pos += 1
                initial += 1
            saved.append((b_marks[line], t_shift[line], s_count[line]))
            b_marks[line] = pos
            content = pos
            while content < maximum and src[content] == " ":
                content += 1
            last_empty = content >= maximum
            # No tabs here (the scanner declines them): columns are characters.
            s_count[line] = content - pos
            t_shift[line] = content - pos
            line += 1
            continue
        if last_empty:
            break
        if ends_blockquote_line(state, line, False):
            state.line_max = line
            if state.blk_indent != 0:
                saved.append((b_marks[line], t_shift[line], s_count[line]))
                s_count[line] -= state.blk_indent
            break
        saved.append((b_marks[line], t_shift[line], s_count[line]))
        s_count[line] = -1  # a lazy line: it continues a paragraph, or nothing
        line += 1
    old_indent = state.blk_indent
    state.blk_indent = 0
    lines = [start, 0]
    token = state.push("blockquote_open", "blockquote", 1)
    token.markup = ">"
    token.map = lines
    state.tokenize(state, start, line)
    token = state.push("blockquote_close", "blockquote", -1)
    token.markup = ">"
    state.line_max = old_line_max
    state.parent = old_parent
    lines[1] = state.line
    for offset, (b_mark, shift, count) in enumerate(saved):
        b_marks[start + offset] = b_mark
        t_shift[start + offset] = shift
        s_count[start + offset] = count
    state.blk_indent = old_indent


def bullet_or_ordered_list(state: ScanState, start: int, end: int) -> bool:
    """A list and its items (markdown-it's `list` rule, not in silent mode)."""
    if not list_opens(state, start, False):
        return False
    src = state.src
    b_marks, e_marks, t_shift, s_count = state.b_marks, state.e_marks, state.t_shift, state.s_count
    tokens = state.tokens
    after, ordered = list_marker_end(state, start)
    first = b_marks[start] + t_shift[start]
    if ordered:
        list_open = state.push("ordered_list_open", "ol", 1)
    else:
        list_open = state.push("bullet_list_open", "ul", 1)
    list_lines = [start, 0]
    list_open.map = list_lines
    marker = src[after - 1]
    list_open.markup = marker
    old_parent = state.parent
    state.parent = "list"
    line = start
    while line < end:
        maximum = e_marks[line]
        initial = s_count[line] + after - first
        pos = after
        while pos < maximum and src[pos] == " ":
            pos += 1
        content_start = pos
        offset = initial + (pos - after)
        indent_after = 1 if content_start >= maximum else offset - initial
        if indent_after > 4:
            indent_after = 1  # the rest is an indented code block
        indent = initial + indent_after
        # state.push("list_item_open", "li", 1), without the call
        item = BlockToken("list_item_open", "li", 1, state.level)
        state.level += 1
        state.items.append(len(tokens))
        tokens.append(item)
        item.markup = marker
        item_lines = [line, 0]
        item.map = item_lines
        if ordered:
            item.info = src[first : after - 1]
        old_shift = t_shift[line]
        old_count = s_count[line]
        old_list_indent = state.list_indent
        state.list_indent = state.blk_indent
        state.blk_indent = indent
        t_shift[line] = content_start - b_marks[line]
        s_count[line] = offset
        if content_start >= maximum and state.is_empty(line + 1):
            # An empty item followed by a blank line ends the list (markdown-it's workaround).
            state.line = min(state.line + 2, end)
        else:
            state.tokenize(state, line, end)
        state.blk_indent = state.list_indent
        state.list_indent = old_list_indent
        t_shift[line] = old_shift
        s_count[line] = old_count
        state.level -= 1  # state.push("list_item_close", "li", -1), without the call
        tokens.append(state.bare("list_item_close", "li", -1, state.level, marker))
        line = state.line
        item_lines[1] = line
        if line >= end:
            break
        if s_count[line] < state.blk_indent:
            break
        if s_count[line] - state.blk_indent >= 4:
            break
        if ends_list(state, line):
            break
        after, next_ordered = list_marker_end(state, line)
        if after < 0 or next_ordered != ordered:
            break
        first = b_marks[line] + t_shift[line]
        if src[after - 1] != marker:
            break
    state.level -= 1
    if ordered:
        tokens.append(state.bare("ordered_list_close", "ol", -1, state.level, marker))
    else:
        tokens.append(state.bare("bullet_list_close", "ul", -1, state.level, marker))
    list_lines[1] = line
    state.line = line
    state.parent = old_parent
    return True
