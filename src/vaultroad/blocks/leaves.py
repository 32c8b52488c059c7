"""Leaf blocks: frontmatter, `%%` comments, fences, indented code, thematic
breaks, headings (ATX and setext), paragraphs, and the nesting limit.

Each mirrors the markdown-it rule of the same name (or vaultroad's own rule
in markdown.py) and gives the same tokens with the same `map` and `content`.
"""

from __future__ import annotations

from .checks import ends_paragraph
from .state import TRIM, BlockToken, ScanState

__all__ = [
    "code",
    "comment",
    "fence",
    "front_matter",
    "heading",
    "hr",
    "paragraph",
    "too_deep",
]


def front_matter(state: ScanState, start: int, end: int) -> bool:
    """mdit-py-plugins' front matter rule: `---` on line 0 up to a closing `---` or `...`."""
    src = state.src
    if start != 0 or not src.startswith("-"):
        return False
    first = state.b_marks[0] + state.t_shift[0]
    maximum = state.e_marks[0]
    pos = first + 1
    while pos <= maximum and pos < len(src) and src[pos] == "-":
        pos += 1
    count = pos - first
    if count < 3:
        return False
    line = start
    closed = False
    while True:
        line += 1
        if line >= end:
            return False
        first = state.b_marks[line] + state.t_shift[line]
        maximum = state.e_marks[line]
        if (
            state.s_count[line] == 0
            and src.startswith("...", first)
            and state.skip_spaces(first + 3) >= maximum
        ):
            closed = True
            break
        if first < maximum and state.s_count[line] < state.blk_indent:
            break
        if src[first] != "-":
            continue
        if state.s_count[line] - state.blk_indent >= 4:
            continue
        pos = first + 1
        while pos < maximum and src[pos] == "-":
            pos += 1
        if pos - first < count:
            continue
        if state.skip_spaces(pos) < maximum:
            continue
        closed = True
        break
    token = state.push("front_matter", "", 0)
    token.hidden = True
    token.markup = "---"
    token.content = src[state.b_marks[1] : state.e_marks[line - 1]]
    state.line = line + (1 if closed else 0)
    token.map = [start, state.line]
    return True


def too_deep(state: ScanState, start: int, end: int, kind: str, depth: int) -> None:
    """markdown.py's `_too_deep`: the rest of a container nested too deep, unread."""
    line = start + 1
    last = line
    while line < end:
        if not state.is_empty(line):
            if state.s_count[line] < state.blk_indent:
                break
            last = line + 1
        line += 1
    state.line = last
    token = state.push(kind, "", 0)
    token.map = [start, last]
    token.meta = {"depth": depth}


def code(state: ScanState, start: int, end: int) -> None:
    """An indented code block (the caller has checked the first line's indentation)."""
    last = line = start + 1
    blk = state.blk_indent
    while line < end:
        if state.is_empty(line):
            line += 1
            continue
        if state.s_count[line] - blk >= 4:
            line += 1
            last = line
            continue
        break
    state.line = last
    token = state.push("code_block", "code", 0)
    token.content = state.get_lines(start, last, 4 + blk, False) + "\n"
    token.map = [start, last]


def fence(state: ScanState, start: int, end: int, pos: int, maximum: int) -> None:
    """A fenced code block (the caller has checked that one opens at `pos`)."""
    src = state.src
    marker = src[pos]
    after = state.skip_chars(pos, marker)
    length = after - pos
    markup = src[pos:after]
    params = src[after:maximum]
    line = start
    closed = False
    while True:
        line += 1
        if line >= end:
            break
        first = state.b_marks[line] + state.t_shift[line]
        maximum = state.e_marks[line]
        if first < maximum and state.s_count[line] < state.blk_indent:
            break
        if first >= len(src) or src[first] != marker:
            if first >= len(src):
                break
            continue
        if state.s_count[line] - state.blk_indent >= 4:
            continue
        closing = state.skip_chars(first, marker)
        if closing - first < length:
            continue
        if state.skip_spaces(closing) < maximum:
            continue
        closed = True
        break
    state.line = line + (1 if closed else 0)
    token = state.push("fence", "code", 0)
    token.info = params
    token.content = state.get_lines(start + 1, line, state.s_count[start], True)
    token.markup = markup
    token.map = [start, state.line]


def comment(state: ScanState, start: int, end: int, pos: int) -> None:
    """markdown.py's `_obsidian_comment` (the caller has checked that one opens)."""
    src = state.src
    line_end = state.e_marks[start]
    close = src.find("%%", pos + 2, line_end)
    line = start + 1
    if close < 0:
        # Obsidian runs an unclosed comment to the end of the document.
        while line < end:
            first = state.b_marks[line] + state.t_shift[line]
            found = src.find("%%", first, state.e_marks[line]) >= 0
            line += 1
            if found:
                break
    state.line = line
    token = state.push("obsidian_comment", "", 0)
    token.map = [start, line]
    token.content = state.get_lines(start, line, state.s_count[start], True)


def hr(state: ScanState, start: int, marker: str, count: int) -> None:
    state.line = start + 1
    token = state.push("hr", "hr", 0)
    token.map = [start, start + 1]
    token.markup = marker * (count + 1)


def heading(state: ScanState, start: int, pos: int, maximum: int) -> None:
    """An ATX heading (the caller has checked that one opens at `pos`)."""
    src = state.src
    level = 1
    pos += 1
    while pos < maximum and src[pos] == "#":
        level += 1
        pos += 1
    # Trailing blanks, then a closing run of `#` preceded by a blank.
    while maximum > pos and (src[maximum - 1] == " " or src[maximum - 1] == "\t"):
        maximum -= 1
    back = maximum
    while back > pos and src[back - 1] == "#":
        back -= 1
    if back < maximum and back > pos and (src[back - 1] == " " or src[back - 1] == "\t"):
        maximum = back
    state.line = start + 1
    _leaf_block(
        state,
        "heading_open",
        "heading_close",
        _HEADING_TAGS[level],
        "#" * level,
        [start, start + 1],
        src[pos:maximum].strip(TRIM),
    )


def paragraph(state: ScanState, start: int, end: int) -> None:
    """A paragraph, or a setext heading when an `===`/`---` line underlines it
    (markdown-it tries its `lheading` rule first over the same lines)."""
    src = state.src
    b_marks, e_marks, t_shift, s_count = state.b_marks, state.e_marks, state.t_shift, state.s_count
    blk = state.blk_indent
    old_parent = state.parent
    state.parent = "paragraph"
    line = start + 1
    underline = ""
    end = state.line_max
    while line < end:
        first = b_marks[line] + t_shift[line]
        maximum = e_marks[line]
        if first >= maximum:
            break
        indent = s_count[line]
        if indent - blk > 3:
            line += 1
            continue
        character = src[first]
        if indent >= blk and (character == "-" or character == "="):
            after = state.skip_spaces(state.skip_chars(first, character))
            if after >= maximum:
                underline = character
                break
        if indent < 0:
            line += 1
            continue
        if (
            character in _MAY_END_PARAGRAPH or src.find("|", first, maximum) >= 0
        ) and ends_paragraph(state, line, end):
            break
        line += 1
    state.parent = old_parent
    content = state.get_lines(start, line, blk, False).strip(TRIM)
    if underline:
        state.line = line + 1
        _leaf_block(
            state,
            "heading_open",
            "heading_close",
            "h1" if underline == "=" else "h2",
            underline,
            [start, line + 1],
            content,
            [start, line],  # the text's lines, without the underline
        )
        return
    state.line = line
    _leaf_block(state, "paragraph_open", "paragraph_close", "p", "", [start, line], content)


def _leaf_block(
    state: ScanState,
    opening: str,
    closing: str,
    tag: str,
    markup: str,
    lines: list[int],
    content: str,
    inline_lines: list[int] | None = None,
) -> None:
    """The open, inline and close tokens of a paragraph or heading: what three
    `push` calls give, made at once (the scanner's most common tokens). The
    inline token's map is the opening one's (one list) unless `inline_lines`."""
    level = state.level
    token = BlockToken(opening, tag, 1, level)
    token.markup = markup
    token.map = lines
    inline = BlockToken("inline", "", 0, level + 1)
    inline.content = content
    inline.map = lines if inline_lines is None else inline_lines
    state.tokens += (token, inline, state.bare(closing, tag, -1, level, markup))


_HEADING_TAGS = ("", "h1", "h2", "h3", "h4", "h5", "h6")
# First characters of a line that may start a block ending a paragraph
# (a table is found by its `|`).
_MAY_END_PARAGRAPH = frozenset("`~%>*-_+0123456789<#")
