"""A topic at a place in a line: its status marker (or where one would go),
text, title, links, estimate. Every reader that finds a topic calls this."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .drafts import TopicDraft
from .durations import find_duration
from .inline_text import Inline, collapse, needs_inline
from .markers import CHECKBOX_RE, GLYPH_RE, GLYPH_STATUS, checkbox_status, glyph_forms
from .model import Link, MarkerKind, Status, TopicSource, WikiLink
from .titles import read_title

if TYPE_CHECKING:
    from .tree_builder import TreeBuilder

__all__ = ["complete", "topic_at"]


def topic_at(
    builder: TreeBuilder,
    line: int,
    raw: str,
    column: int,
    kind: MarkerKind,
    source: TopicSource,
    markup: str,
    inline: Inline | None = None,
    defer: bool = False,
    estimate: bool = True,
) -> TopicDraft | None:
    """A topic whose marker is (or would be inserted) at `column` of `raw`.

    `markup` is the item's Markdown from that column on; the marker and
    the whitespace after it are taken off to give the text. `inline` is
    the item's plain text, links and wikilinks when the caller has them.
    With `defer`, the text, title and estimate are read only by `complete`,
    for a topic that may never be used. Without `estimate`, none is read from
    the text (the caller reads it from elsewhere: a table's Time column).
    """
    draft = TopicDraft()
    draft.source = source
    draft.line = line
    draft.column = column
    offset = builder.source.line_starts[line] + column
    draft.marker_start = offset
    # A status mark already at `column` (a checkbox, a status glyph `✅ `), looked
    # for only where the first character may open one.
    first = raw[column : column + 1]
    box = CHECKBOX_RE.match(raw, column) if first == "[" else None
    if box is not None:
        marker_text = box.group(0)
        status = checkbox_status(box.group("spaced") or box.group("single"), builder.symbols)
        if status is Status.DONE:
            builder.done_forms[marker_text] += 1
        # A place that holds a checkbox keeps writing checkboxes.
        draft.kind = kind
        draft.marker_text = marker_text
        draft.status = status
        draft.marker_end = offset + len(marker_text)
        body = markup[len(marker_text) :].lstrip(" \t")
    else:
        glyph = (
            GLYPH_RE.match(raw, column)
            if first in _GLYPH_STARTS
            and (source is not TopicSource.LIST_ITEM or line not in builder.decorative)
            else None  # a ✅ worn by every item of a list of criteria is text
        )
        if glyph is not None:
            marker_text = glyph.group(0)
            draft.kind = MarkerKind.GLYPH  # `- ✅ Learn X` keeps writing glyphs
            draft.marker_text = marker_text
            draft.status = GLYPH_STATUS[marker_text]
            draft.marker_end = offset + len(marker_text)
            body = markup[len(marker_text) :].lstrip(" \t")
        else:
            draft.kind = kind
            draft.marker_text = None
            draft.status = Status.TODO
            draft.marker_end = offset
            body = markup
        # A glyph place (cell, pseudo-bullet, outline leaf) writes glyphs.
        if draft.kind is MarkerKind.GLYPH:
            draft.forms = _GLYPH_PLACE_FORMS
    text = None
    if inline is not None:
        plain, links, wikilinks = inline
    elif "%%" not in body and not needs_inline(body):
        # plain words: the text is the plain text
        plain = text = collapse(body)
        links, wikilinks = (), ()
    else:
        plain, links, wikilinks = builder.inline(body, line)
    if not plain:
        return None
    if defer:
        draft.deferred = (body, plain, links, wikilinks)
    else:
        _read_text(draft, body, plain, links, wikilinks, text, estimate)
    return draft


def complete(draft: TopicDraft) -> TopicDraft:
    """`draft` with the text, title and estimate a deferred `topic_at` left unread."""
    deferred = draft.deferred
    if deferred is not None:
        draft.deferred = None
        _read_text(draft, *deferred)
    return draft


def _read_text(
    draft: TopicDraft,
    body: str,
    plain: str,
    links: tuple[Link, ...],
    wikilinks: tuple[WikiLink, ...],
    text: str | None = None,
    estimate: bool = True,
) -> None:
    """The text (`text`: `body` collapsed, when the caller has it), title and estimate."""
    draft.text = collapse(body) if text is None else text
    draft.title, draft.description, draft.tags, draft.tasks = read_title(
        body, plain, links, wikilinks
    )
    draft.links = links
    draft.wikilinks = wikilinks
    if estimate:
        draft.estimate = find_duration(plain, [link.text for link in links] if links else ())


# What a status glyph (GLYPH_RE) may start with, and how a glyph place writes.
_GLYPH_STARTS = frozenset(("⏭", "✅", "🚧", "☑"))
_GLYPH_PLACE_FORMS = glyph_forms()
