"""Outline entries (`1.1. **Title**`) and `&nbsp;&nbsp;- ` pseudo-bullets:
structure written as paragraph lines, which markdown-it reads as prose."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .drafts import HEADING_KEY_OUTLINE, Draft, SectionDraft, TopicDraft
from .lazy_re import lazy_compile
from .model import MarkerKind, SectionKind, TopicSource
from .read_topic import topic_at

if TYPE_CHECKING:
    from .tree_builder import TreeBuilder

__all__ = [
    "OUTLINE_HEAD_RE",
    "OUTLINE_ITEM_HEAD_RE",
    "PSEUDO_BULLET_RE",
    "bold_title",
    "outline_entry",
    "structured_lines",
]

# (`[-*+][ \t]+|•[ \t]+`, not `[-*+•][ \t]+`: see roadmap_title._NUMBERED_RE.)
PSEUDO_BULLET_RE = lazy_compile(r"(?P<indent>(?:&nbsp;|\u00a0)+)(?:[-*+][ \t]+|•[ \t]+)(?=\S)")
# An outline entry is `1.2. **Title**` (optionally a status glyph before the
# bold), alone on its line but for trailing blanks and a hard-break `\`. The
# head is matched here and the closing `**` found by `bold_title`: one
# pattern for the whole line backtracked quadratically on a long line.
OUTLINE_HEAD_RE = lazy_compile(
    r"(?P<number>\d+(?:\.\d+)*)[.)]?[ \t]+(?P<glyph>(?:⏭️|⏭|✅|🚧|☑)[ \t]+)?\*\*"
)
OUTLINE_ITEM_HEAD_RE = lazy_compile(r"(?P<glyph>(?:⏭️|⏭|✅|🚧|☑)[ \t]+)?\*\*")


def bold_title(
    line: str, head: re.Pattern[str], start: int = 0
) -> tuple[re.Match[str], str] | None:
    """`head` matched at `start`, and the bold title it opens, when the line ends with
    the closing `**` (then only blanks and one `\\`) and the title holds a non-blank."""
    match = head.match(line, start)
    if match is None:
        return None
    end = line.rstrip(" \t")
    if end.endswith("\\"):
        end = end[:-1].rstrip(" \t")
    if not end.endswith("**"):
        return None
    title = end[match.end() : -2]
    return (match, title) if title.strip() else None


def structured_lines(builder: TreeBuilder, first: int, stop: int) -> None:
    """Outline entries (`1.1. **Title**`) and pseudo-bullets in paragraph lines."""
    pseudo: list[tuple[int, TopicDraft]] = []
    source = builder.source
    text, starts, ends = source.text, source.line_starts, source.line_ends
    for line in range(first, stop):
        raw = text[starts[line] : ends[line]]
        start = len(raw) - len(raw.lstrip(" \t>"))  # the container prefix, `[ \t>]*`
        # An outline entry holds `**`; a pseudo-bullet opens with `&nbsp;` or a
        # no-break space: other lines are prose, looked at no further.
        found = bold_title(raw, OUTLINE_HEAD_RE, start) if "**" in raw else None
        if found:
            pseudo.clear()
            outline, title = found
            number = outline.group("number")
            depth = number.count(".") + 1
            outline_entry(
                builder,
                line,
                raw,
                outline.start("glyph") if outline.group("glyph") else outline.end() - 2,
                title,
                number,
                depth,
            )
            continue
        opener = raw[start : start + 1]
        if opener != "&" and opener != "\u00a0":
            continue
        bullet = PSEUDO_BULLET_RE.match(raw, start)
        if not bullet:
            continue
        width = bullet.group("indent").count("&nbsp;") + bullet.group("indent").count("\u00a0")
        while pseudo and pseudo[-1][0] >= width:
            pseudo.pop()
        draft = topic_at(
            builder,
            line,
            raw,
            bullet.end(),
            MarkerKind.GLYPH,
            TopicSource.PSEUDO_BULLET,
            raw[bullet.end() :],
        )
        if draft is None:
            continue
        parent: Draft = pseudo[-1][1] if pseudo else builder.parent_for_topic()
        parent.add(draft)
        pseudo.append((width, draft))


def outline_entry(
    builder: TreeBuilder,
    line: int,
    raw: str,
    anchor: int,
    title_markup: str,
    number: str | None,
    depth: int,
) -> None:
    plain, links, wikilinks = builder.inline(title_markup, line)
    top = builder.top()
    # Inside a checklist item an outline line is just a child topic; else a
    # section, whose leaf topic is used only if it ends up without children.
    leaf = topic_at(
        builder,
        line,
        raw,
        anchor,
        MarkerKind.GLYPH,
        TopicSource.OUTLINE_ENTRY,
        raw[anchor:],
        inline=(plain, links, wikilinks),
        defer=not isinstance(top, TopicDraft),
    )
    if isinstance(top, TopicDraft):
        if leaf is not None:
            top.add(leaf)
        return
    section = SectionDraft(plain, SectionKind.OUTLINE, line, (HEADING_KEY_OUTLINE, depth), number)
    section.leaf = leaf
    builder.push_section(section)
