"""The one place markdown-it is configured, and the parser rules vaultroad adds.

Rules record what they find in `token.meta`; none of them changes a token's
content, so every fact can be traced back to the source text.

- `obsidian_comment` (block): `%% … %%` comments are one opaque block, as
  Obsidian hides them; nothing inside is a topic.
- `wikilink` (inline): `[[target#heading|alias]]` and `![[embed]]` become
  `wikilink` tokens with the parts in `meta`.
- `vaultroad_checkbox` (core, after block): marks every list item with the
  line and column where its text starts, and the checkbox there if any.

The core `inline` rule is off: most of a roadmap is prose vaultroad never
looks at, so inline parsing runs only on the tokens the tree needs
(`parse_inline`), which keeps vaultroad's parse near markdown-it's own speed.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any

from .markers import CHECKBOX_RE

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_core import StateCore
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

__all__ = ["content_column", "make_markdown", "parse_inline"]


def make_markdown() -> MarkdownIt:
    """CommonMark plus GFM tables, frontmatter, Obsidian comments, wikilinks and checkboxes."""
    # Imported here, not at the top: a command served from the tree cache
    # never pays for loading markdown-it.
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark").enable("table")
    front_matter_plugin(md)
    md.block.ruler.after(
        "fence",
        "obsidian_comment",
        _obsidian_comment,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.inline.ruler.before("link", "wikilink", _wikilink)
    md.core.ruler.after("block", "vaultroad_checkbox", _checkbox)
    md.core.ruler.disable("inline")
    return md


def parse_inline(md: MarkdownIt, content: str, env: MutableMapping[str, Any]) -> list[Token]:
    """Inline tokens for `content`, with the document's link references in `env`."""
    tokens: list[Token] = []
    md.inline.parse(content, md, env, tokens)
    return tokens


# --- block rule: %% comments %% -------------------------------------------------


def _obsidian_comment(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    pos = state.bMarks[start] + state.tShift[start]
    src = state.src
    if not src.startswith("%%", pos):
        return False
    line_end = state.eMarks[start]
    close = src.find("%%", pos + 2, line_end)
    if close >= 0:
        # `%% note %%` alone on its line is a block; `%% a %% text` is inline text.
        if src[close + 2 : line_end].strip():
            return False
        next_line = start + 1
    else:
        # Obsidian runs an unclosed comment to the end of the document.
        next_line = start + 1
        while next_line < end:
            first = state.bMarks[next_line] + state.tShift[next_line]
            if src.find("%%", first, state.eMarks[next_line]) >= 0:
                next_line += 1
                break
            next_line += 1
    if silent:
        return True
    state.line = next_line
    token = state.push("obsidian_comment", "", 0)
    token.block = True
    token.map = [start, next_line]
    token.content = state.getLines(start, next_line, state.sCount[start], True)
    return True


# --- inline rule: [[wikilinks]] -------------------------------------------------


def _wikilink(state: StateInline, silent: bool) -> bool:
    src = state.src
    pos = state.pos
    embed = src.startswith("![[", pos)
    if not embed and not src.startswith("[[", pos):
        return False
    start = pos + (3 if embed else 2)
    close = src.find("]]", start)
    if close < 0:
        return False
    inner = src[start:close]
    if not inner.strip() or "\n" in inner or "[" in inner:
        return False
    # Inside a table Obsidian writes the alias bar escaped: [[Target\|Alias]].
    link, _, alias = inner.replace("\\|", "|").partition("|")
    target, _, heading = link.partition("#")
    if not silent:
        token = state.push("wikilink", "", 0)
        token.markup = src[pos : close + 2]
        token.content = alias.strip() or link.strip()
        token.meta = {
            "target": target.strip(),
            "heading": heading.strip() or None,
            "alias": alias.strip() or None,
            "embed": embed,
        }
    state.pos = close + 2
    return True


# --- core rule: checkboxes on list items ----------------------------------------


def _checkbox(state: StateCore) -> None:
    tokens = state.tokens
    lines: list[str] | None = None
    for index, token in enumerate(tokens):
        if token.type != "list_item_open" or index + 2 >= len(tokens):
            continue
        inline = tokens[index + 2]
        if tokens[index + 1].type != "paragraph_open" or inline.type != "inline":
            continue
        if inline.map is None:
            continue
        if lines is None:
            lines = state.src.split("\n")
        line_no = inline.map[0]
        column = content_column(lines[line_no], inline.content.split("\n", 1)[0])
        if column is None:
            continue
        match = CHECKBOX_RE.match(inline.content)
        token.meta["vaultroad"] = {
            "line": line_no,
            "column": column,
            "checkbox": match.group(0) if match else None,
            "symbol": (match.group("spaced") or match.group("single")) if match else None,
        }


def content_column(raw_line: str, first_line: str) -> int | None:
    """Column of a paragraph's first line in its raw source line.

    markdown-it strips the container prefix (`> `, `- `, indentation) and, on
    a one-line paragraph, trailing spaces; the content is what remains, so it is
    a suffix of the raw line up to trailing whitespace.
    """
    if raw_line.endswith(first_line):
        return len(raw_line) - len(first_line)
    stripped_raw = raw_line.rstrip()
    stripped_first = first_line.rstrip()
    if stripped_first and stripped_raw.endswith(stripped_first):
        return len(stripped_raw) - len(stripped_first)
    return None
