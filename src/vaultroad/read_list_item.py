"""A list item: a topic (its checkbox or the place one would go), or an
outline entry written as an ordered item (`1. **Foundations**`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .drafts import SectionDraft
from .model import MarkerKind, SectionKind, TopicSource
from .read_outline import (
    OUTLINE_HEAD_RE,
    OUTLINE_ITEM_HEAD_RE,
    PSEUDO_BULLET_RE,
    bold_title,
    outline_entry,
    structured_lines,
)
from .read_topic import topic_at

if TYPE_CHECKING:
    from markdown_it.token import Token

    from .tree_builder import TreeBuilder

__all__ = ["read_list_item"]


def read_list_item(builder: TreeBuilder, index: int, token: Token) -> None:
    builder.item_depths.append(len(builder.stack))
    facts = token.meta.get("vaultroad")
    if facts is None:
        return
    inline = builder.tokens[index + 2]
    line: int = facts["line"]
    column: int = facts["column"]
    raw = builder.source.line(line)
    content: str = inline.content
    lines = content.split("\n") if "\n" in content else [content]
    # Continuation lines that are pseudo-bullets or outline entries are
    # child entries, not part of this item's text (neither can be without
    # `**`, `&nbsp;` or a no-break space).
    structured = 1
    if len(lines) > 1 and not ("**" in content or "&" in content or "\u00a0" in content):
        structured = len(lines)
    while structured < len(lines):
        stripped = lines[structured].lstrip(" \t>")
        if bold_title(stripped, OUTLINE_HEAD_RE) or PSEUDO_BULLET_RE.match(stripped):
            break
        structured += 1
    own = content if structured == len(lines) else "\n".join(lines[:structured])
    if facts["checkbox"] is None and token.markup in (".", ")"):
        found = bold_title(lines[0], OUTLINE_ITEM_HEAD_RE)
        if found:
            depth = 1 + sum(
                1
                for draft in builder.stack
                if isinstance(draft, SectionDraft) and draft.kind is SectionKind.OUTLINE
            )
            outline_entry(builder, line, raw, column, found[1], token.info or None, depth)
            if inline.map is not None and structured < len(lines):
                structured_lines(builder, line + structured, inline.map[1])
            return
    draft = topic_at(builder, line, raw, column, MarkerKind.CHECKBOX, TopicSource.LIST_ITEM, own)
    if draft is None:
        return
    builder.parent_for_topic().add(draft)
    builder.stack.append(draft)
    if inline.map is not None and structured < len(lines):
        structured_lines(builder, line + structured, inline.map[1])
