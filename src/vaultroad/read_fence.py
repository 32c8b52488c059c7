"""Glyph checklists in unlabelled code fences (`□ item`, `■ item`, `✅ item`)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from .drafts import TopicDraft
from .durations import find_duration
from .inline_text import collapse
from .markdown import content_column
from .markers import FENCE_FAMILIES, FENCE_GLYPH_STATUS, FENCE_LINE_RE, fence_forms
from .model import MarkerKind, TopicSource
from .titles import read_title

if TYPE_CHECKING:
    from markdown_it.token import Token

    from .tree_builder import TreeBuilder

__all__ = ["read_fence"]


def read_fence(builder: TreeBuilder, token: Token) -> None:
    if token.info.strip() or token.map is None:
        return
    content = token.content
    if not any(glyph in content for glyph in FENCE_GLYPH_STATUS):
        return
    lines = content.split("\n")
    matches = [(number, FENCE_LINE_RE.match(text)) for number, text in enumerate(lines)]
    families = Counter(
        FENCE_FAMILIES[m.group(1)] for _, m in matches if m and m.group(1) in FENCE_FAMILIES
    )
    # A fence is a checklist when a line starts with a status glyph. Any
    # glyph counts, not only boxes: every edit leaves a glyph on its line,
    # so a fence whose only box became `🚧` must still read as a checklist.
    if not any(m for _, m in matches):
        return
    # The first most frequent, as `most_common(1)` gives it (without importing heapq).
    family = max(families, key=families.__getitem__) if families else FENCE_FAMILIES["☐"]
    forms = fence_forms(family)
    parent = builder.parent_for_topic()
    for number, match in matches:
        if match is None:
            continue
        line = token.map[0] + 1 + number
        if line >= len(builder.source):
            continue
        raw = builder.source.line(line)
        column = content_column(raw, lines[number])
        if column is None:
            continue
        glyph = match.group(1)
        title = collapse(lines[number][match.end() :])
        draft = TopicDraft()
        draft.kind = MarkerKind.FENCE_GLYPH
        draft.source = TopicSource.FENCE_LINE
        draft.line = line
        draft.column = column + match.start(1)
        draft.marker_text = glyph
        draft.status = FENCE_GLYPH_STATUS[glyph]
        draft.marker_start = builder.source.offset(line, draft.column)
        draft.marker_end = draft.marker_start + len(glyph)
        draft.forms = forms
        draft.text = title
        draft.title, draft.description, draft.tags, draft.tasks = read_title(title, title)
        draft.estimate = find_duration(title)
        parent.add(draft)
