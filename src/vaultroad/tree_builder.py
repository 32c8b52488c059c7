"""Block tokens → a roadmap tree: the walk over the tokens, the stack of open
sections and topics, and the limits met. What each construct means is read
by a module of its own (read_list_item, read_outline, read_sections,
read_table_rows, read_fence, read_topic); freeze.py turns the drafts into
the model's nodes and selection.py decides which items are topics."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .drafts import Draft, SectionDraft
from .freeze import Freezer
from .glyphs import decorative_glyph_lines
from .inline_text import InlineReader
from .markdown import MAX_DEPTH, TOO_DEEP, block_tokens
from .markers import DEFAULT_DONE_FORM, checkbox_forms
from .model import LimitKind, ParseLimit, Roadmap, SectionKind, Status
from .read_fence import read_fence
from .read_list_item import read_list_item
from .read_sections import read_heading, read_paragraph
from .read_table_rows import read_table_rows
from .roadmap_title import frontmatter_title
from .selection import select
from .source import Source

if TYPE_CHECKING:
    from markdown_it.token import Token

__all__ = ["TreeBuilder"]


class TreeBuilder:
    def __init__(
        self,
        text: str,
        path: str | None,
        key: str | None,
        symbols: Mapping[str, Status],
        reference: bool = False,
    ) -> None:
        self.source = Source(text)
        self.path = path
        stem = Path(path).stem if path else None
        self.stem = stem
        self.symbols = symbols
        self.tokens: list[Any]
        self.tokens, env = block_tokens(self.source.body, reference=reference)
        # Limits by (0-based first line, kind): one per place, however many
        # texts on it ran into the limit.
        self.limits: dict[tuple[int, LimitKind], ParseLimit] = {}
        self.inline = InlineReader(self.source.body, env, self.limit)
        # List items whose leading ✅ is decoration, not a status (see glyphs.py).
        self.decorative = decorative_glyph_lines(self.tokens, self.source.body)
        front = self.tokens[0] if self.tokens and self.tokens[0].type == "front_matter" else None
        self.front_title = frontmatter_title(front.content) if front is not None else None
        self.root = SectionDraft("", SectionKind.HEADING, 0, (0, 0))
        self.stack: list[Draft] = [self.root]
        self.item_depths: list[int] = []
        self.done_forms: Counter[str] = Counter()
        self.title: str | None = None
        self.freezer = Freezer(key if key is not None else (stem or ""))
        self.deep_run: tuple[int, int] | None = None  # lines of the last nesting limit

    def build(self) -> Roadmap:
        tokens = self.tokens
        index = 0
        count = len(tokens)
        while index < count:
            token = tokens[index]
            kind = token.type
            if kind == "list_item_open":
                read_list_item(self, index, token)
                if index + 1 < count and tokens[index + 1].type == "paragraph_open":
                    # The item's own paragraph (open, inline, close) is read
                    # with the item; read_paragraph would pass over it.
                    index += 4
                    continue
            elif kind == "list_item_close":
                del self.stack[self.item_depths.pop() :]
            elif kind == "paragraph_open":
                read_paragraph(self, index, token)
                index += 3  # its inline and close tokens hold nothing more to read
                continue
            elif kind == "heading_open":
                read_heading(self, token, tokens[index + 1])
                index += 3  # likewise
                continue
            elif kind == "table_open":
                index = read_table_rows(self, index)
                continue
            elif kind == "fence":
                read_fence(self, token)
            elif kind == "hr":
                self.pop_lead_ins()
            elif kind == TOO_DEEP:
                self._too_deep(token)
            index += 1
        # The first most frequent, as `most_common(1)` gives it (without importing heapq).
        forms = self.done_forms
        done_form = max(forms, key=forms.__getitem__) if forms else DEFAULT_DONE_FORM
        children = self.freezer.freeze(self.root.children, (), 1, checkbox_forms(done_form))
        # Which items are topics, resources or prose; fallbacks (see selection.py).
        children, links = select(children, self.source, self.tokens, self.freezer.topic_id)
        title = self.front_title or self.title or self.stem or "Untitled"
        limits = tuple(sorted(self.limits.values(), key=lambda limit: limit.line))
        return Roadmap(
            title=title,
            path=self.path,
            children=children,
            done_form=done_form,
            limits=limits,
            links=links,
        )

    def limit(self, line: int, kind: LimitKind, message: str) -> None:
        self.limits.setdefault((line, kind), ParseLimit(line + 1, kind, message))

    def _too_deep(self, token: Token) -> None:
        """Record the lines a too-deep token covers (they are not read), as one
        limit for a run of them: each too-deep sibling item is a token of its own."""
        if token.map is None:
            return
        first, stop = token.map
        previous = self.deep_run
        if previous is not None and previous[1] >= first:
            first = previous[0]
            del self.limits[(first, LimitKind.NESTING)]
        self.deep_run = (first, stop)
        self.limit(
            first,
            LimitKind.NESTING,
            f"nested {MAX_DEPTH} or more levels deep (a list counts 2, a blockquote 1): "
            + (f"line {stop} is" if stop == first + 1 else f"lines {first + 1}-{stop} are")
            + " not read",
        )

    def top(self) -> Draft:
        return self.stack[-1]

    def push_section(self, section: SectionDraft) -> None:
        """Open `section` under the nearest open section of a lower key."""
        while len(self.stack) > 1:
            top = self.stack[-1]
            if isinstance(top, SectionDraft) and top.key >= section.key:
                self.stack.pop()
            else:
                break
        parent = self.stack[-1]
        assert isinstance(parent, SectionDraft), "sections never open inside a topic"
        parent.children.append(section)
        self.stack.append(section)

    def pop_lead_ins(self) -> None:
        while len(self.stack) > 1:
            top = self.stack[-1]
            if isinstance(top, SectionDraft) and top.kind is SectionKind.LEAD_IN:
                self.stack.pop()
            else:
                break

    def parent_for_topic(self) -> Draft:
        return self.stack[-1]
