"""A topic at a place in a line: its status marker (or where one would go),
text, title, links, estimate. Every reader that finds a topic calls this."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .drafts import TopicDraft
from .durations import find_duration
from .inline_text import NEEDS_INLINE_RE, Inline, collapse
from .markers import CHECKBOX_RE, GLYPH_RE, GLYPH_STATUS, checkbox_status, glyph_forms
from .model import MarkerKind, Status, TopicSource
from .titles import read_title

if TYPE_CHECKING:
    from .tree_builder import TreeBuilder

__all__ = ["marker_at", "topic_at"]


def marker_at(builder: TreeBuilder, raw: str, column: int) -> tuple[str, Status] | None:
    """A status mark already at `column`: a checkbox or a status glyph (`✅ `)."""
    box = CHECKBOX_RE.match(raw, column)
    if box:
        symbol = box.group("spaced") or box.group("single")
        return box.group(0), checkbox_status(symbol, builder.symbols)
    glyph = GLYPH_RE.match(raw, column)
    if glyph:
        return glyph.group(0), GLYPH_STATUS[glyph.group(0)]
    return None


def topic_at(
    builder: TreeBuilder,
    line: int,
    raw: str,
    column: int,
    kind: MarkerKind,
    source: TopicSource,
    markup: str,
    inline: Inline | None = None,
) -> TopicDraft | None:
    """A topic whose marker is (or would be inserted) at `column` of `raw`.

    `markup` is the item's Markdown from that column on; the marker and
    the whitespace after it are taken off to give the text. `inline` is
    the item's plain text, links and wikilinks when the caller has them.
    """
    found = marker_at(builder, raw, column)
    if (
        found is not None
        and source is TopicSource.LIST_ITEM
        and line in builder.decorative
        and not found[0].startswith("[")
    ):
        found = None  # a ✅ worn by every item of a list of criteria is text
    if found is not None and not found[0].startswith("["):
        kind = MarkerKind.GLYPH  # `- ✅ Learn X` keeps writing glyphs
    draft = TopicDraft()
    draft.kind = kind
    draft.source = source
    draft.line = line
    draft.column = column
    offset = builder.source.offset(line, column)
    if found is None:
        draft.marker_text = None
        draft.status = Status.TODO
        draft.marker_start = draft.marker_end = offset
        body = markup
    else:
        marker_text, status = found
        draft.marker_text = marker_text
        draft.status = status
        draft.marker_start = offset
        draft.marker_end = offset + len(marker_text)
        body = markup[len(marker_text) :].lstrip(" \t")
        if marker_text.startswith("[") and status is Status.DONE:
            builder.done_forms[marker_text] += 1
    # A place that holds a checkbox keeps writing checkboxes; a glyph
    # place (cell, pseudo-bullet, outline leaf) writes glyphs.
    if kind is MarkerKind.GLYPH and not (found and found[0].startswith("[")):
        draft.forms = glyph_forms()
    text = collapse(body)
    if inline is not None:
        plain, links, wikilinks = inline
    elif "%%" not in body and NEEDS_INLINE_RE.search(body) is None:
        plain, links, wikilinks = text, (), ()  # plain words: the text is the plain text
    else:
        plain, links, wikilinks = builder.inline(body, line)
    if not plain:
        return None
    draft.text = text
    draft.title, draft.description, draft.tags, draft.tasks = read_title(
        body, plain, links, wikilinks
    )
    draft.links = links
    draft.wikilinks = wikilinks
    draft.estimate = find_duration(plain, [link.text for link in links] if links else ())
    return draft
