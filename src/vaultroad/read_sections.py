"""Sections: headings (with their outline numbers) and bold lead-ins
(`**Practice Projects:**` before a list)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .drafts import HEADING_KEY_OUTLINE, SectionDraft, TopicDraft
from .lazy_re import lazy_compile
from .model import SectionKind
from .read_outline import structured_lines
from .roadmap_title import is_title_heading

if TYPE_CHECKING:
    from markdown_it.token import Token

    from .tree_builder import TreeBuilder

__all__ = ["read_heading", "read_paragraph"]

_LEAD_IN_RE = lazy_compile(r"\*\*(?P<title>[^*\n]+?)\*\*:?")
# `1.` or `1.2`/`1.2.` before a heading's text; a bare `2025 Industry…` is not a number.
_NUMBER_PREFIX_RE = lazy_compile(r"(?P<number>\d+(?:\.\d+)+|\d{1,3}(?=\.))\.?[ \t]+(?=\S)")


def read_heading(builder: TreeBuilder, token: Token, inline: Token) -> None:
    if isinstance(builder.top(), TopicDraft):
        return  # a heading inside a list item is part of that item
    line = token.map[0] if token.map else 0
    plain, _, _ = builder.inline(inline.content, line)
    level = int(token.tag[1])
    if level == 1 and builder.title is None:
        # Only the first H1, and not a numbered or generic one ("" → the file name).
        builder.title = plain if is_title_heading(plain) else ""
    number = None
    # A number opens with a digit: most headings do not, and never compile the pattern.
    match = _NUMBER_PREFIX_RE.match(plain) if plain[:1].isdecimal() else None
    if match:
        number = match.group("number")
        plain = plain[match.end() :]
    builder.push_section(SectionDraft(plain, SectionKind.HEADING, line, (level, 0), number))


def read_paragraph(builder: TreeBuilder, index: int, token: Token) -> None:
    inline = builder.tokens[index + 1]
    content = inline.content
    if token.level == 0 and content.startswith("**"):
        match = _LEAD_IN_RE.fullmatch(content.strip())
        following = builder.tokens[index + 3] if index + 3 < len(builder.tokens) else None
        if (
            match
            and following is not None
            and following.type
            in (
                "bullet_list_open",
                "ordered_list_open",
            )
        ):
            builder.pop_lead_ins()
            title = match.group("title").strip().rstrip(":").strip()
            line = token.map[0] if token.map else 0
            builder.push_section(
                SectionDraft(title, SectionKind.LEAD_IN, line, (HEADING_KEY_OUTLINE, 0))
            )
            return
    # The first paragraph of a list item is the item itself (handled there).
    if index > 0 and builder.tokens[index - 1].type == "list_item_open":
        return
    if inline.map is not None and ("&nbsp;" in content or "\u00a0" in content or "**" in content):
        structured_lines(builder, inline.map[0], inline.map[1])
