"""A table's rows as topics, when its columns make it a topic table (tables.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .drafts import TopicDraft
from .model import MarkerKind, TopicSource
from .read_topic import topic_at

if TYPE_CHECKING:
    from markdown_it.token import Token

    from .tree_builder import TreeBuilder

__all__ = ["read_table_rows"]


def read_table_rows(builder: TreeBuilder, index: int) -> int:
    tokens = builder.tokens
    rows: list[tuple[Token, list[Token]]] = []
    cells: list[Token] = []
    row_token: Token | None = None
    position = index + 1
    count = len(tokens)
    while position < count:
        token = tokens[position]
        kind = token.type
        if kind == "inline":
            cells.append(token)
        elif kind == "tr_open":
            row_token, cells = token, []
        elif kind == "tr_close":
            if row_token is not None:
                rows.append((row_token, cells))
        elif kind == "table_close":
            break
        position += 1
    if rows and not isinstance(builder.top(), TopicDraft):
        _table_topics(builder, rows)
    return position + 1


def _table_topics(builder: TreeBuilder, rows: list[tuple[Token, list[Token]]]) -> None:
    """Rows of a topic table (see tables.py: column roles, Status column, placeholders)."""
    # Imported on the first table: tables.py compiles many patterns, and a
    # checklist without a table (most of what the hook sees) never needs them.
    from .tables import read_table

    table = read_table(rows, builder.source, builder.symbols)
    if table is None:
        return
    parent = builder.parent_for_topic()
    # A table with a Time column: `fill` reads each row's estimate there, and
    # none from the item cell.
    own_estimate = not table.layout.estimates
    for row in table.rows:
        draft = topic_at(
            builder,
            row.line,
            row.raw,
            row.start,
            MarkerKind.GLYPH,
            TopicSource.TABLE_ROW,
            row.markup,
            estimate=own_estimate,
        )
        if draft is not None and table.fill(draft, row, builder.inline):
            parent.add(draft)
