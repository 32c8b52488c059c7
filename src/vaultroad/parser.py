"""Markdown text → normalized roadmap tree.

markdown-it gives the block structure; this module reads roadmap meaning out
of it: sections (headings, bold outline entries, bold lead-ins) and topics
(list items, `&nbsp;&nbsp;- ` pseudo-bullets, outline leaves, topic-table rows,
glyph lines in unlabelled fences). Positions are computed on the raw lines,
so every marker span points at the user's own bytes.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from .digest import blake2b
from .durations import find_duration, find_schedule
from .errors import ArgumentError, NotAFileError, ReadError
from .glyphs import decorative_glyph_lines
from .markdown import (
    MAX_DEPTH,
    MAX_INLINE,
    TOO_DEEP,
    block_tokens,
    content_column,
    markdown_for,
    parse_inline,
    wikilink_parts,
)
from .markers import (
    CHECKBOX_RE,
    DEFAULT_DONE_FORM,
    FENCE_FAMILIES,
    FENCE_GLYPH_STATUS,
    FENCE_LINE_RE,
    GLYPH_RE,
    GLYPH_STATUS,
    checkbox_forms,
    checkbox_status,
    fence_forms,
    glyph_forms,
    symbol_statuses,
)
from .model import (
    Estimate,
    LimitKind,
    Link,
    Marker,
    MarkerKind,
    Node,
    ParseLimit,
    Roadmap,
    Section,
    SectionKind,
    Status,
    TaskFields,
    Topic,
    TopicSource,
    WikiLink,
)
from .roadmap_title import frontmatter_title, is_title_heading
from .selection import select as _select
from .source import Source, decode
from .tables import read_table
from .titles import drop_estimate, inline_html_text, read_title, split_title

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = ["load", "parse"]


def parse(
    text: str,
    path: str | os.PathLike[str] | None = None,
    *,
    key: str | None = None,
    symbols: Mapping[str, Status | str] | None = None,
) -> Roadmap:
    """Parse roadmap Markdown into a tree.

    `path` names the document in errors and gives its default title and id
    key (the file name without extension). `key` overrides the id key, for a
    vault that must keep ids unique across folders. `symbols` maps extra
    one-character checkbox symbols (`>`, `?` …) to statuses; unknown ones
    count as todo.

    Any text parses; arguments of the wrong kind (bytes for `text`, an
    unknown status in `symbols` …) raise `ArgumentError`, a `VaultroadError`.
    """
    return parse_with_source(text, path, key=key, symbols=symbols)[0]


def parse_with_source(
    text: str,
    path: str | os.PathLike[str] | None = None,
    *,
    key: str | None = None,
    symbols: Mapping[str, Status | str] | None = None,
    reference: bool = False,
) -> tuple[Roadmap, Source]:
    """`parse`, also giving the `Source` (lines and offsets) it read, for callers
    that look at the lines too and need not split the text again.

    `reference=True` reads the blocks with markdown-it even where the block
    scanner would (the differential tests compare the two)."""
    path_text = None if path is None else _path_text(path)
    if not isinstance(text, str):
        hint = ": decode it, or give the file to load()" if isinstance(text, bytes) else ""
        raise ArgumentError(f"text must be str, not {type(text).__name__}{hint}", path=path_text)
    if key is not None and not isinstance(key, str):
        raise ArgumentError(f"key must be str or None, not {type(key).__name__}", path=path_text)
    extra = _symbol_table(symbols, path_text)
    builder = _TreeBuilder(text, path_text, key, extra, reference)
    return builder.build(), builder.source


def load(
    path: str | os.PathLike[str],
    *,
    key: str | None = None,
    symbols: Mapping[str, Status | str] | None = None,
) -> Roadmap:
    """Read a roadmap file (UTF-8, BOM and any line endings) and parse it.

    `key` and `symbols` are `parse`'s. Every error is a `VaultroadError` with
    `path`: `NotFoundError` (also a `FileNotFoundError`), `NotAFileError` for
    a folder (also an `IsADirectoryError`), `AccessError` (also a
    `PermissionError`), `ReadError` for any other failed read (an `OSError`),
    `DecodeError` (with `line`) for text that is not UTF-8, `ArgumentError`.
    """
    path_text = _path_text(path)
    file = Path(path_text)
    try:
        data = file.read_bytes()
    except OSError as error:
        # Windows refuses to open a folder with "permission denied".
        if isinstance(error, PermissionError) and file.is_dir():
            raise NotAFileError(path=path_text) from error
        raise ReadError.from_os_error(error, path_text) from error
    except ValueError as error:  # a NUL in the path: no file can have that name
        raise ArgumentError(f"not a file name ({error})", path=path_text) from error
    return parse(decode(data, path_text), path_text, key=key, symbols=symbols)


def _path_text(path: object) -> str:
    """`path` as text, or `ArgumentError`: a bytes path would mix into str paths."""
    try:
        text = os.fspath(path)  # type: ignore[call-overload]
    except TypeError:
        text = None
    if not isinstance(text, str):
        raise ArgumentError(f"path must be str or os.PathLike[str], not {type(path).__name__}")
    return text


def _symbol_table(
    symbols: Mapping[str, Status | str] | None, path: str | None
) -> dict[str, Status]:
    """`symbols` checked as `.vaultroad.toml` checks them, with the statuses as `Status`."""
    try:
        return symbol_statuses(symbols or {})
    except ValueError as error:
        raise ArgumentError(str(error), path=path) from None


# --- patterns on raw lines ----------------------------------------------------

_CONTAINER_PREFIX_RE = re.compile(r"[ \t>]*")
_PSEUDO_BULLET_RE = re.compile(r"(?P<indent>(?:&nbsp;|\u00a0)+)[-*+•][ \t]+(?=\S)")
# An outline entry is `1.2. **Title**` (optionally a status glyph before the
# bold), alone on its line but for trailing blanks and a hard-break `\`. The
# head is matched here and the closing `**` found by `_bold_title`: one
# pattern for the whole line backtracked quadratically on a long line.
_OUTLINE_HEAD_RE = re.compile(
    r"(?P<number>\d+(?:\.\d+)*)[.)]?[ \t]+(?P<glyph>(?:⏭️|⏭|✅|🚧|☑)[ \t]+)?\*\*"
)
_OUTLINE_ITEM_HEAD_RE = re.compile(r"(?P<glyph>(?:⏭️|⏭|✅|🚧|☑)[ \t]+)?\*\*")
_LEAD_IN_RE = re.compile(r"\*\*(?P<title>[^*\n]+?)\*\*:?")
# `1.` or `1.2`/`1.2.` before a heading's text; a bare `2025 Industry…` is not a number.
_NUMBER_PREFIX_RE = re.compile(r"(?P<number>\d+(?:\.\d+)+|\d{1,3}(?=\.))\.?[ \t]+(?=\S)")
_NEEDS_INLINE_RE = re.compile(r"[\\`*_\[\]<>!~]|&[#A-Za-z]")
_CODE_SPAN_RE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
_COMMENT_RE = re.compile(r"%%.*?%%", re.DOTALL)

_HEADING_KEY_OUTLINE = 7  # outline entries and lead-ins nest under any heading


def _bold_title(
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


def _collapse(text: str) -> str:
    # str.split() and the regex `\s` agree on what whitespace is (str.isspace).
    return " ".join(text.split())


def _code_span_text(match: re.Match[str]) -> str:
    """A code span's text: CommonMark drops one space on each side when both are there."""
    inner = match.group(1)
    if len(inner) > 2 and inner[0] == " " and inner[-1] == " " and inner.strip():
        return inner[1:-1]
    return inner


def _inline_text(tokens: list[Token]) -> tuple[str, tuple[Link, ...], tuple[WikiLink, ...]]:
    """Plain text, links and wikilinks of a text's inline tokens."""
    parts: list[str] = []
    links: list[Link] = []
    wikilinks: list[WikiLink] = []
    href: str | None = None
    link_start = 0
    for token in tokens:
        kind = token.type
        if kind in ("text", "text_special", "code_inline"):
            parts.append(token.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif kind == "html_inline":
            parts.append(inline_html_text(token.content))  # `<br>` is a space
        elif kind == "wikilink":
            parts.append(token.content)
            wikilinks.append(WikiLink(**token.meta))
        elif kind == "link_open":
            href = str(token.attrGet("href") or "")
            link_start = len(parts)
        elif kind == "link_close" and href is not None:
            links.append(Link(_collapse("".join(parts[link_start:])), href))
            href = None
    return _collapse("".join(parts)), tuple(links), tuple(wikilinks)


# A `[[wikilink]]` whose inside the inline parser would take as it is: no
# brackets, no line break, not an embed.
_PLAIN_WIKILINK_RE = re.compile(r"(?<!!)\[\[([^\[\]\n]*)\]\]")


def _wikilinks_only(content: str) -> tuple[str, tuple[Link, ...], tuple[WikiLink, ...]] | None:
    """What markdown-it would read in `content` when its only markup is plain
    `[[wikilinks]]` (`[[Auth]] — tokens, sessions`, a common item shape), without
    running it; None for any other text. tests/test_parser_inline.py pins that
    both give the same."""
    parts: list[str] = []
    between: list[str] = []  # the text around the links
    wikilinks: list[WikiLink] = []
    cursor = 0
    for match in _PLAIN_WIKILINK_RE.finditer(content):
        inner = match.group(1)
        if not inner.strip():
            return None
        between.append(content[cursor : match.start()])
        shown, meta = wikilink_parts(inner)
        parts += (between[-1], shown)
        wikilinks.append(WikiLink(**meta))
        cursor = match.end()
    between.append(content[cursor:])
    parts.append(between[-1])
    # Between and around the links: plain text only (no other markup, no `[`).
    if not wikilinks or _NEEDS_INLINE_RE.search("".join(between)):
        return None
    return _collapse("".join(parts)), (), tuple(wikilinks)


def _split_title(plain: str) -> tuple[str, str | None]:
    """Short title and the rest of a plain text (see `titles.split_title`)."""
    return split_title(plain)


def _norm_for_id(title: str) -> str:
    """Titles are already whitespace-collapsed; ids ignore case."""
    return title.casefold()


# --- builders (mutable while parsing, frozen at the end) -----------------------


class _TopicDraft:
    __slots__ = (
        "children",
        "column",
        "description",
        "estimate",
        "forms",
        "kind",
        "line",
        "links",
        "marker_end",
        "marker_start",
        "marker_text",
        "source",
        "status",
        "tags",
        "tasks",
        "text",
        "title",
        "wikilinks",
    )
    kind: MarkerKind
    source: TopicSource
    line: int
    column: int
    marker_start: int
    marker_end: int
    marker_text: str | None
    status: Status
    text: str
    title: str

    def __init__(self) -> None:
        self.children: list[_TopicDraft] = []
        # None for checkboxes: their done form is the file's, known at the end.
        self.forms: tuple[str, str, str, str] | None = None
        self.description: str | None = None
        self.estimate: Estimate | None = None
        self.links: tuple[Link, ...] = ()
        self.wikilinks: tuple[WikiLink, ...] = ()
        self.tags: tuple[str, ...] = ()
        self.tasks: TaskFields | None = None


class _SectionDraft:
    __slots__ = (
        "children",
        "duration",
        "key",
        "kind",
        "leaf",
        "line",
        "number",
        "schedule",
        "title",
    )

    def __init__(
        self,
        title: str,
        kind: SectionKind,
        line: int,
        key: tuple[int, int],
        number: str | None = None,
    ) -> None:
        self.title = title
        self.kind = kind
        self.line = line
        self.key = key
        self.number = number
        self.duration = find_duration(title)
        self.schedule = find_schedule(title)  # `Week 1-2`, `(Weeks 1-4)`: when, not how long
        self.children: list[_SectionDraft | _TopicDraft] = []
        # An outline entry with no children is a topic; this is that topic.
        self.leaf: _TopicDraft | None = None


_Draft = _SectionDraft | _TopicDraft


class _TreeBuilder:
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
        self.key = key if key is not None else (stem or "")
        self.stem = stem
        self.symbols = symbols
        self.tokens, self.env = block_tokens(self.source.body, reference=reference)
        # markdown-it, loaded only for the inline texts the parser's own
        # readings do not cover (see `_inline`).
        self._md: MarkdownIt | None = None
        # List items whose leading ✅ is decoration, not a status (see glyphs.py).
        self.decorative = decorative_glyph_lines(self.tokens, self.source.body)
        front = self.tokens[0] if self.tokens and self.tokens[0].type == "front_matter" else None
        self.front_title = frontmatter_title(front.content) if front is not None else None
        self.root = _SectionDraft("", SectionKind.HEADING, 0, (0, 0))
        self.stack: list[_Draft] = [self.root]
        self.item_depths: list[int] = []
        self.done_forms: Counter[str] = Counter()
        self.title: str | None = None
        self.ids: Counter[str] = Counter()
        # Limits by (0-based first line, kind): one per place, however many
        # texts on it ran into the limit.
        self.limits: dict[tuple[int, LimitKind], ParseLimit] = {}
        self.deep_run: tuple[int, int] | None = None  # lines of the last nesting limit

    # --- walking tokens

    def build(self) -> Roadmap:
        tokens = self.tokens
        index = 0
        count = len(tokens)
        while index < count:
            token = tokens[index]
            kind = token.type
            if kind == "list_item_open":
                self._list_item(index, token)
            elif kind == "list_item_close":
                del self.stack[self.item_depths.pop() :]
            elif kind == "paragraph_open":
                self._paragraph(index, token)
            elif kind == "heading_open":
                self._heading(token, tokens[index + 1])
            elif kind == "table_open":
                index = self._table(index)
                continue
            elif kind == "fence":
                self._fence(token)
            elif kind == "hr":
                self._pop_lead_ins()
            elif kind == TOO_DEEP:
                self._too_deep(token)
            index += 1
        done_form = self.done_forms.most_common(1)[0][0] if self.done_forms else DEFAULT_DONE_FORM
        children = self._freeze(self.root.children, (), 1, checkbox_forms(done_form))
        # Which items are topics, resources or prose; fallbacks (see selection.py).
        children, links = _select(children, self.source, self.tokens, self._topic_id)
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

    # --- limits

    def _limit(self, line: int, kind: LimitKind, message: str) -> None:
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
        self._limit(
            first,
            LimitKind.NESTING,
            f"nested {MAX_DEPTH} or more levels deep (a list counts 2, a blockquote 1): "
            + (f"line {stop} is" if stop == first + 1 else f"lines {first + 1}-{stop} are")
            + " not read",
        )

    def _top(self) -> _Draft:
        return self.stack[-1]

    def _push_section(self, section: _SectionDraft) -> None:
        """Open `section` under the nearest open section of a lower key."""
        while len(self.stack) > 1:
            top = self.stack[-1]
            if isinstance(top, _SectionDraft) and top.key >= section.key:
                self.stack.pop()
            else:
                break
        parent = self.stack[-1]
        assert isinstance(parent, _SectionDraft), "sections never open inside a topic"
        parent.children.append(section)
        self.stack.append(section)

    def _pop_lead_ins(self) -> None:
        while len(self.stack) > 1:
            top = self.stack[-1]
            if isinstance(top, _SectionDraft) and top.kind is SectionKind.LEAD_IN:
                self.stack.pop()
            else:
                break

    def _parent_for_topic(self) -> _Draft:
        return self.stack[-1]

    # --- inline text

    def _inline(
        self, content: str, line: int
    ) -> tuple[str, tuple[Link, ...], tuple[WikiLink, ...]]:
        """Plain text, links and wikilinks of inline Markdown found on 0-based `line`."""
        if "%%" in content:
            content = _COMMENT_RE.sub("", content)
        if not _NEEDS_INLINE_RE.search(content):
            return _collapse(content), (), ()
        if "[[" in content and len(content) <= MAX_INLINE:
            found = _wikilinks_only(content)
            if found is not None:
                return found
        if "`" in content:
            # Simple code spans (`x`) are the most common markup in checklist
            # items; when nothing else needs the inline parser, unwrap them here.
            unwrapped = _CODE_SPAN_RE.sub(_code_span_text, content)
            if not _NEEDS_INLINE_RE.search(_CODE_SPAN_RE.sub("", content)):
                return _collapse(unwrapped), (), ()
        tokens = self._inline_tokens(content, line)
        if tokens is None:
            return _collapse(content), (), ()
        return _inline_text(tokens)

    def _inline_tokens(self, content: str, line: int) -> list[Token] | None:
        """markdown-it's inline tokens for `content`, within the parser's limits
        (None: too long to parse), each limit that applied recorded."""
        if len(content) > MAX_INLINE:
            # No topic text comes near this; only a broken or hostile file's
            # does, and reading it raw keeps its cost to that of plain text.
            self._limit(
                line,
                LimitKind.LONG_TEXT,
                f"a text of {len(content):,} characters (over {MAX_INLINE:,}) is read "
                "as written: its links, emphasis and code spans are not parsed",
            )
            return None
        if self._md is None:
            self._md = markdown_for(self.source.body)
        tokens, links_skipped = parse_inline(self._md, content, self.env)
        if links_skipped:
            self._limit(
                line,
                LimitKind.LINKS,
                "links not read: too many '[' without a matching ']' to look for links "
                "in linear time; the text keeps its brackets as written",
            )
        return tokens

    # --- sections

    def _heading(self, token: Token, inline: Token) -> None:
        if isinstance(self._top(), _TopicDraft):
            return  # a heading inside a list item is part of that item
        line = token.map[0] if token.map else 0
        plain, _, _ = self._inline(inline.content, line)
        level = int(token.tag[1])
        if level == 1 and self.title is None:
            # Only the first H1, and not a numbered or generic one ("" → the file name).
            self.title = plain if is_title_heading(plain) else ""
        number = None
        match = _NUMBER_PREFIX_RE.match(plain)
        if match:
            number = match.group("number")
            plain = plain[match.end() :]
        self._push_section(_SectionDraft(plain, SectionKind.HEADING, line, (level, 0), number))

    def _paragraph(self, index: int, token: Token) -> None:
        inline = self.tokens[index + 1]
        content = inline.content
        if token.level == 0 and content.startswith("**"):
            match = _LEAD_IN_RE.fullmatch(content.strip())
            following = self.tokens[index + 3] if index + 3 < len(self.tokens) else None
            if (
                match
                and following is not None
                and following.type
                in (
                    "bullet_list_open",
                    "ordered_list_open",
                )
            ):
                self._pop_lead_ins()
                title = match.group("title").strip().rstrip(":").strip()
                line = token.map[0] if token.map else 0
                self._push_section(
                    _SectionDraft(title, SectionKind.LEAD_IN, line, (_HEADING_KEY_OUTLINE, 0))
                )
                return
        # The first paragraph of a list item is the item itself (handled there).
        if index > 0 and self.tokens[index - 1].type == "list_item_open":
            return
        if inline.map is not None and (
            "&nbsp;" in content or "\u00a0" in content or "**" in content
        ):
            self._structured_lines(inline.map[0], inline.map[1])

    def _structured_lines(self, first: int, stop: int) -> None:
        """Outline entries (`1.1. **Title**`) and pseudo-bullets in paragraph lines."""
        pseudo: list[tuple[int, _TopicDraft]] = []
        for line in range(first, stop):
            raw = self.source.line(line)
            prefix = _CONTAINER_PREFIX_RE.match(raw)
            start = prefix.end() if prefix else 0
            found = _bold_title(raw, _OUTLINE_HEAD_RE, start)
            if found:
                pseudo.clear()
                outline, title = found
                number = outline.group("number")
                depth = number.count(".") + 1
                self._outline_entry(
                    line,
                    raw,
                    outline.start("glyph") if outline.group("glyph") else outline.end() - 2,
                    title,
                    number,
                    depth,
                )
                continue
            bullet = _PSEUDO_BULLET_RE.match(raw, start)
            if not bullet:
                continue
            width = bullet.group("indent").count("&nbsp;") + bullet.group("indent").count("\u00a0")
            while pseudo and pseudo[-1][0] >= width:
                pseudo.pop()
            draft = self._topic_at(
                line,
                raw,
                bullet.end(),
                MarkerKind.GLYPH,
                TopicSource.PSEUDO_BULLET,
                raw[bullet.end() :],
            )
            if draft is None:
                continue
            parent: _Draft = pseudo[-1][1] if pseudo else self._parent_for_topic()
            parent.children.append(draft)
            pseudo.append((width, draft))

    def _outline_entry(
        self, line: int, raw: str, anchor: int, title_markup: str, number: str | None, depth: int
    ) -> None:
        plain, links, wikilinks = self._inline(title_markup, line)
        section = _SectionDraft(
            plain, SectionKind.OUTLINE, line, (_HEADING_KEY_OUTLINE, depth), number
        )
        # Built now, used only if the entry ends up without children.
        leaf = self._topic_at(
            line,
            raw,
            anchor,
            MarkerKind.GLYPH,
            TopicSource.OUTLINE_ENTRY,
            raw[anchor:],
            inline=(plain, links, wikilinks),
        )
        section.leaf = leaf
        top = self._top()
        if isinstance(top, _TopicDraft):
            # Inside a checklist item an outline line is just a child topic.
            if leaf is not None:
                top.children.append(leaf)
            return
        self._push_section(section)

    # --- topics

    def _marker_at(self, raw: str, column: int) -> tuple[str, Status] | None:
        """A status mark already at `column`: a checkbox or a status glyph (`✅ `)."""
        box = CHECKBOX_RE.match(raw, column)
        if box:
            symbol = box.group("spaced") or box.group("single")
            return box.group(0), checkbox_status(symbol, self.symbols)
        glyph = GLYPH_RE.match(raw, column)
        if glyph:
            return glyph.group(0), GLYPH_STATUS[glyph.group(0)]
        return None

    def _topic_at(
        self,
        line: int,
        raw: str,
        column: int,
        kind: MarkerKind,
        source: TopicSource,
        markup: str,
        inline: tuple[str, tuple[Link, ...], tuple[WikiLink, ...]] | None = None,
    ) -> _TopicDraft | None:
        """A topic whose marker is (or would be inserted) at `column` of `raw`.

        `markup` is the item's Markdown from that column on; the marker and
        the whitespace after it are taken off to give the text. `inline` is
        the item's plain text, links and wikilinks when the caller has them.
        """
        found = self._marker_at(raw, column)
        if (
            found is not None
            and source is TopicSource.LIST_ITEM
            and line in self.decorative
            and not found[0].startswith("[")
        ):
            found = None  # a ✅ worn by every item of a list of criteria is text
        if found is not None and not found[0].startswith("["):
            kind = MarkerKind.GLYPH  # `- ✅ Learn X` keeps writing glyphs
        draft = _TopicDraft()
        draft.kind = kind
        draft.source = source
        draft.line = line
        draft.column = column
        offset = self.source.offset(line, column)
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
                self.done_forms[marker_text] += 1
        # A place that holds a checkbox keeps writing checkboxes; a glyph
        # place (cell, pseudo-bullet, outline leaf) writes glyphs.
        if kind is MarkerKind.GLYPH and not (found and found[0].startswith("[")):
            draft.forms = glyph_forms()
        text = _collapse(body)
        if inline is not None:
            plain, links, wikilinks = inline
        elif "%%" not in body and _NEEDS_INLINE_RE.search(body) is None:
            plain, links, wikilinks = text, (), ()  # plain words: the text is the plain text
        else:
            plain, links, wikilinks = self._inline(body, line)
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

    def _list_item(self, index: int, token: Token) -> None:
        self.item_depths.append(len(self.stack))
        facts = token.meta.get("vaultroad")
        if facts is None:
            return
        inline = self.tokens[index + 2]
        line: int = facts["line"]
        column: int = facts["column"]
        raw = self.source.line(line)
        content: str = inline.content
        lines = content.split("\n") if "\n" in content else [content]
        # Continuation lines that are pseudo-bullets or outline entries are
        # child entries, not part of this item's text.
        structured = 1
        while structured < len(lines):
            stripped = lines[structured].lstrip(" \t>")
            if _bold_title(stripped, _OUTLINE_HEAD_RE) or _PSEUDO_BULLET_RE.match(stripped):
                break
            structured += 1
        own = content if structured == len(lines) else "\n".join(lines[:structured])
        if facts["checkbox"] is None and token.markup in (".", ")"):
            found = _bold_title(lines[0], _OUTLINE_ITEM_HEAD_RE)
            if found:
                depth = 1 + sum(
                    1
                    for draft in self.stack
                    if isinstance(draft, _SectionDraft) and draft.kind is SectionKind.OUTLINE
                )
                self._outline_entry(line, raw, column, found[1], token.info or None, depth)
                if inline.map is not None and structured < len(lines):
                    self._structured_lines(line + structured, inline.map[1])
                return
        draft = self._topic_at(line, raw, column, MarkerKind.CHECKBOX, TopicSource.LIST_ITEM, own)
        if draft is None:
            return
        self._parent_for_topic().children.append(draft)
        self.stack.append(draft)
        if inline.map is not None and structured < len(lines):
            self._structured_lines(line + structured, inline.map[1])

    def _table(self, index: int) -> int:
        tokens = self.tokens
        rows: list[tuple[Token, list[Token]]] = []
        cells: list[Token] = []
        row_token: Token | None = None
        position = index + 1
        while position < len(tokens) and tokens[position].type != "table_close":
            token = tokens[position]
            if token.type == "tr_open":
                row_token, cells = token, []
            elif token.type == "inline":
                cells.append(token)
            elif token.type == "tr_close" and row_token is not None:
                rows.append((row_token, cells))
            position += 1
        if rows and not isinstance(self._top(), _TopicDraft):
            self._table_topics(rows)
        return position + 1

    def _table_topics(self, rows: list[tuple[Token, list[Token]]]) -> None:
        """Rows of a topic table (see tables.py: column roles, Status column, placeholders)."""
        table = read_table(rows, self.source, self.symbols)
        if table is None:
            return
        parent = self._parent_for_topic()
        for row in table.rows:
            draft = self._topic_at(
                row.line, row.raw, row.start, MarkerKind.GLYPH, TopicSource.TABLE_ROW, row.markup
            )
            if draft is not None and table.fill(draft, row, self._inline):
                parent.children.append(draft)

    def _fence(self, token: Token) -> None:
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
        family = families.most_common(1)[0][0] if families else FENCE_FAMILIES["☐"]
        forms = fence_forms(family)
        parent = self._parent_for_topic()
        for number, match in matches:
            if match is None:
                continue
            line = token.map[0] + 1 + number
            if line >= len(self.source):
                continue
            raw = self.source.line(line)
            column = content_column(raw, lines[number])
            if column is None:
                continue
            glyph = match.group(1)
            title = _collapse(lines[number][match.end() :])
            draft = _TopicDraft()
            draft.kind = MarkerKind.FENCE_GLYPH
            draft.source = TopicSource.FENCE_LINE
            draft.line = line
            draft.column = column + match.start(1)
            draft.marker_text = glyph
            draft.status = FENCE_GLYPH_STATUS[glyph]
            draft.marker_start = self.source.offset(line, draft.column)
            draft.marker_end = draft.marker_start + len(glyph)
            draft.forms = forms
            draft.text = title
            draft.title, draft.description, draft.tags, draft.tasks = read_title(title, title)
            draft.estimate = find_duration(title)
            parent.children.append(draft)

    # --- freezing

    def _topic_id(self, path: tuple[str, ...]) -> str:
        material = "\x1f".join((self.key, *path)).encode("utf-8", "surrogatepass")
        base = blake2b(material, digest_size=5).hexdigest()
        self.ids[base] += 1
        seen = self.ids[base]
        return base if seen == 1 else f"{base}-{seen}"

    def _freeze(
        self,
        drafts: list[_Draft],
        path: tuple[str, ...],
        depth: int,
        box_forms: tuple[str, str, str, str],
    ) -> tuple[Node, ...]:
        nodes: list[Node] = []
        for draft in drafts:
            if isinstance(draft, _SectionDraft):
                if draft.kind is SectionKind.OUTLINE and not draft.children and draft.leaf:
                    nodes.append(self._freeze_topic(draft.leaf, path, box_forms))
                    continue
                nodes.append(
                    Section(
                        title=draft.title,
                        level=depth,
                        kind=draft.kind,
                        line=draft.line + 1,
                        number=draft.number,
                        duration=draft.duration,
                        schedule=draft.schedule,
                        children=self._freeze(
                            draft.children, (*path, _norm_for_id(draft.title)), depth + 1, box_forms
                        ),
                    )
                )
            else:
                nodes.append(self._freeze_topic(draft, path, box_forms))
        return tuple(nodes)

    def _freeze_topic(
        self, draft: _TopicDraft, path: tuple[str, ...], box_forms: tuple[str, str, str, str]
    ) -> Topic:
        if draft.estimate is not None:
            draft.title = drop_estimate(draft.title, draft.estimate)  # `Type hints (2 days)`
        own_path = (*path, _norm_for_id(draft.title))
        topic_id = self._topic_id(own_path)
        children = tuple(self._freeze_topic(child, own_path, box_forms) for child in draft.children)
        forms = draft.forms if draft.forms is not None else box_forms
        return Topic(
            id=topic_id,
            title=draft.title,
            text=draft.text,
            status=draft.status,
            marker=draft.marker_text,
            line=draft.line + 1,
            column=draft.column + 1,
            source=draft.source,
            position=Marker(
                kind=draft.kind,
                start=draft.marker_start,
                end=draft.marker_end,
                text=draft.marker_text,
                forms=forms,
            ),
            estimate=draft.estimate,
            description=draft.description,
            links=draft.links,
            wikilinks=draft.wikilinks,
            children=children,
            tags=draft.tags,
            tasks=draft.tasks,
        )
