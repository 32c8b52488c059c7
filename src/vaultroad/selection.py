"""Which parsed items a learner would tick off: topic selection and its fallbacks.

The parser reads every list item, pseudo-bullet, outline leaf, table row and
glyph line as a candidate topic. This pass, run on the built tree, applies the
reading principle — a topic is a thing a learner would tick off; everything
else is structure (sections), resources (links attached to a topic or
section) or prose:

1. **Resources.** A list item without a checkbox whose text is a link (after
   decoration such as `📖 `, and optionally followed by ` - description`) is a
   resource of the nearest topic (the item it is nested in) or section, never
   a topic. roadmap.sh's `[@article@Title](url)` keeps its kind (`article`) on
   the `Link`, and its title without the `@article@` prefix.
2. **Checkbox documents.** A document with a checkbox list item (`[ ]`,
   `[x]`, `[ ✓ ]` …) is a checklist: its plain list items (no checkbox) are
   topics only when they group checkbox items. The others — tables of
   contents, legends, notes, details under an item, `✅` decorations — are
   prose. The same holds in a document with topic-table rows (a course
   table tracks row by row as boxes do), and in a box-less document whose
   list items are mostly resources (five per plain item or more): a reading
   list whose plain items are notes.
3. **Groups.** A list item without a marker that holds checkbox items (a
   label bullet: `- C` over `- [x] Easy-Isogram`) is a group: its status is
   derived from its subtopics (all finished → done, some done or doing →
   doing, none → todo). A group has no status of its own to write
   (`set_statuses` refuses a different one, see `is_group`).
4. **Fallbacks.** A document that still has no topics reads indented
   `Name: description` lines (a web page pasted into Markdown) as topics
   named by `Name`, and failing those its leaf headings (a day log's
   `## Data PreProcessing | Day 1`): the deepest ones when leaves sit at
   several depths (an introduction or licence heading beside the practices
   is not a practice).

Round trip: a document is a checklist or not by its boxes, and a status edit
must not change which. So in a box-less document a plain list item's status
is written as a glyph (`- ✅ Topic`, `- 🚧 Topic`; todo removes it), as in
pseudo-bullets and table cells, never as a box; in a checklist, plain items
are groups (not writable) or not topics, so no box is ever inserted. A
checklist keeps its boxes whatever their statuses, so it stays one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from operator import is_
from typing import TYPE_CHECKING

from .lazy_re import lazy_compile
from .markers import GLYPH_RE, GLYPH_STATUS, glyph_forms
from .model import (
    Link,
    Marker,
    MarkerKind,
    Node,
    Section,
    SectionKind,
    Status,
    Topic,
    TopicSource,
)

if TYPE_CHECKING:
    from markdown_it.token import Token

    from .source import Source

__all__ = ["derived_status", "is_box", "is_group", "link_kind", "select"]

NewId = Callable[[tuple[str, ...]], str]

# roadmap.sh's resource links: `[@article@Title](url)`, `[@video@…]`, `[@official@…]`.
_KIND_RE = lazy_compile(r"@(?P<kind>[^\W\d_][\w-]{0,19})@[ \t]*")
# After the link of a resource item: nothing, closing punctuation, or a description.
# (`[-:|]|[–—]`, not one set: see roadmap_title._NUMBERED_RE.)
_RESOURCE_TAIL_RE = lazy_compile(r"[\s.,;:!)*_]*$|\s*(?:[-:|]|[–—]|\(|by\b)")
_NUMBER_PREFIX_RE = lazy_compile(r"(?:\d+(?:\.\d+)+|\d{1,3}(?=\.))\.?[ \t]+(?=\S)")
_HEADING_RE = lazy_compile(r"[ \t>]*#{1,6}[ \t]+")
# `    ORM: Es lo que permite…`: a short name (no sentence punctuation), a colon,
# then a description.
_NAME_LINE_RE = lazy_compile(
    r"(?P<indent>[ \t>]*)(?P<glyph>(?:⏭️|⏭|✅|🚧|☑)[ \t]+)?"
    r"(?P<name>[^\s:.!?;,#|*`\[\]()-][^:.!?;|\[\]()]{0,47}?)[ \t]*:[ \t]+\S"
)
_MAX_NAME_WORDS = 6
# A box-less document with this many resource items per plain item is a reading list.
_LINK_LIST_SHARE = 5


# --- what a topic is ------------------------------------------------------------------------


def is_box(topic: Topic) -> bool:
    """Written with a checkbox (`[ ]`, `[x]`, `[ ✓ ]` …), not a glyph or nothing."""
    return (
        topic.position.kind is MarkerKind.CHECKBOX
        and topic.marker is not None
        and topic.marker.startswith("[")
    )


def is_group(topic: Topic) -> bool:
    """A list item with no marker of its own over checkbox items: its status is derived."""
    return (
        topic.marker is None
        and topic.source is TopicSource.LIST_ITEM
        and any(is_box(child) or is_group(child) for child in topic.children)
    )


def derived_status(children: Sequence[Topic]) -> Status:
    """A group's status: all finished → done, some done or doing → doing, none → todo."""
    if children and all(child.status.finished for child in children):
        return Status.DONE
    if any(child.status is not Status.TODO for child in children):
        return Status.DOING
    return Status.TODO


def link_kind(link: Link) -> Link:
    """`[@article@Title](url)` → `Link("Title", url, kind="article")`; others unchanged."""
    if link.kind is not None:
        return link
    match = _KIND_RE.match(link.text) if link.text.startswith("@") else None
    if match is None:
        return link
    return Link(link.text[match.end() :].strip() or link.text, link.url, match["kind"].lower())


# roadmap.sh's resource lines with the typos found in its content and its
# translations, which markdown-it cannot read as links: `[@video@T](](url)`,
# `[@artigo]T](url)`, `[@video@T] url)`, `[@article@T](url with spaces)`,
# `[@feed]T[/feed](url)`, `[@feed]T</a> (url)`. A learner still sees a link:
# the kind, the words before the address, and the address up to its first blank.
_BROKEN_START_RE = lazy_compile(r"\[@(?P<kind>[^\W\d_][\w-]{0,19})[@\]]")
_ADDRESS_RE = lazy_compile(r"https?://[^\s()\]<>]+")
_DEBRIS_RE = lazy_compile(r"\[/?\w*\]|</?a>|[\[\]()]")


def _broken_resource(text: str) -> Link | None:
    """roadmap.sh's resource line with a typo markdown-it cannot read as a link."""
    text = text.strip()
    start = _BROKEN_START_RE.match(text)
    if start is None:
        return None
    address = _ADDRESS_RE.search(text, start.end())
    if address is None:
        return None
    title = " ".join(_DEBRIS_RE.sub(" ", text[start.end() : address.start()]).split())
    kind = start["kind"].lower()
    return Link(title or kind, address.group(0), kind)


def _kind_only(text: str) -> bool:
    """A resource line that lost its link altogether (`[@feed]Explore top posts`)."""
    return _BROKEN_START_RE.match(text.strip()) is not None


def _link_end(text: str, start: int) -> int | None:
    """End of a Markdown link (inline `[t](u)` or reference `[t][r]`) starting at `start`."""
    if text.startswith("!", start):
        return None  # an image is not a link to follow
    if not text.startswith("[", start):
        return None
    depth = 0
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                break
        index += 1
    else:
        return None
    index += 1
    if text.startswith("(", index):
        depth = 0
        while index < len(text):
            char = text[index]
            if char == "\\":
                index += 2
                continue
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    return index + 1
            index += 1
        return None
    if text.startswith("[", index):
        close = text.find("]", index)
        return close + 1 if close > 0 else None
    return None


def _is_decoration(char: str) -> bool:
    """Emoji, arrows and symbols before a resource link (`📖 `, `▶ `, `⬆ `), or emphasis."""
    if char in "*_ \t":
        return True
    category = unicodedata.category(char)
    return category[0] in "SZ" or (category in ("Mn", "Cf", "Po") and char not in "#`")


# `More info on [a](…) and [b](…)`, `See [the docs](…)`: a pointer to reading, not a task.
_POINTER_RE = lazy_compile(
    r"(?:more info(?:rmation)?|see(?: also)?|read more|learn more|further reading|check out)\b",
    re.IGNORECASE,
)
_POINTER_INITIALS = frozenset("msrlfcſ")


def is_resource(topic: Topic) -> bool:
    """A list item without a checkbox that is a link, optionally with a description,
    or a pointer to links (`More info on [a](…) and [b](…)`)."""
    if topic.source is not TopicSource.LIST_ITEM or is_box(topic) or not topic.links:
        return False
    text = topic.text
    # A pointer opens with its word's letter (`ſ` is an `s` to IGNORECASE): most
    # resource items open with their link, and never compile the pattern.
    if text[:1].lower() in _POINTER_INITIALS and _POINTER_RE.match(text):
        return True
    start = 0
    while start < len(text) and text[start] != "[" and _is_decoration(text[start]):
        start += 1
    end = _link_end(text, start)
    if end is None:
        return False
    # Nothing after the link (most resource items) is a tail the pattern takes.
    return end == len(text) or _RESOURCE_TAIL_RE.match(text, end) is not None


# --- the pass -------------------------------------------------------------------------------


def select(
    children: tuple[Node, ...],
    source: Source,
    tokens: Sequence[Token],
    new_id: NewId,
) -> tuple[tuple[Node, ...], tuple[Link, ...]]:
    """The topics a learner would tick off, in the tree the parser built (see module
    doc), and the resources listed before any section (the roadmap's own).

    `new_id` gives the id of a topic made here (a fallback) from its path of
    case-folded section titles and title, as the parser gives its own.
    """
    checklist = _any_topic(children, is_box)
    # Course tables track progress row by row as boxes do: bullets beside them are prose.
    tracked = checklist or _any_topic(children, _is_table_row)
    state = _State(tracked)
    nodes, links = _select_nodes(children, state)
    if not tracked and state.resources >= _LINK_LIST_SHARE * max(1, state.plain):
        # A reading list (table of contents, tool and article links) whose few plain
        # bullets are notes on the text around them: no list item is a practice.
        state = _State(True)
        nodes, links = _select_nodes(children, state)
    return _fall_back(nodes, source, tokens, new_id, tracked, checklist), tuple(links)


def _fall_back(
    nodes: tuple[Node, ...],
    source: Source,
    tokens: Sequence[Token],
    new_id: NewId,
    tracked: bool,
    checklist: bool,
) -> tuple[Node, ...]:
    """Outline sections, glyph places, then the fallbacks of a document without topics."""
    if not tracked:
        nodes = _bold_sections(nodes, 1)
    if not checklist:
        nodes = _glyph_places(nodes)
    if _any_topic(nodes, _is_topic):
        return nodes
    named = _name_lines(nodes, source, tokens, new_id)
    if named is not None:
        return named
    return _leaf_headings(nodes, source, new_id)


_BOLD_LEAD_RE = lazy_compile(r"\*\*(?P<title>[^*]+?)\*\*(?:\s*$|\s+[-–—]\s+\S)")


def _bold_title(topic: Topic) -> str | None:
    """`Searches` of a plain item written `**Searches**` or `**Brute Force** - look at …`."""
    if topic.source is not TopicSource.LIST_ITEM or topic.marker is not None:
        return None
    match = _BOLD_LEAD_RE.match(topic.text)
    return " ".join(match["title"].split()) if match else None


def _bold_sections(nodes: tuple[Node, ...], level: int) -> tuple[Node, ...]:
    """Bold plain items over subtopics are outline sections (`* **Searches**`), not topics.

    So is a bold item with no subtopics among such siblings (`* **Branch & Bound** - …`):
    an empty section of the same outline. Only in documents that track nothing with
    boxes or tables: there a label over boxes is a group.
    """
    heads = [
        node
        for node in nodes
        if isinstance(node, Topic) and node.children and _bold_title(node) is not None
    ]
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Section):
            inner = _bold_sections(node.children, node.level + 1)
            out.append(node if _same(inner, node.children) else replace(node, children=inner))
            continue
        title = _bold_title(node)
        if title is None and not node.children:
            out.append(node)  # a leaf that is no bold head: itself (what the way below gives)
            continue
        if title is not None and (node.children or len(heads) >= 2):
            out.append(
                Section(
                    title=title,
                    level=level,
                    kind=SectionKind.OUTLINE,
                    line=node.line,
                    children=_bold_sections(node.children, level + 1),
                    links=node.links,
                )
            )
            continue
        children = _bold_sections(node.children, level + 1)
        topics = tuple(c for c in children if isinstance(c, Topic))
        out.append(node if _same(topics, node.children) else replace(node, children=topics))
    return tuple(out)


def _glyph_places(nodes: tuple[Node, ...]) -> tuple[Node, ...]:
    """In a document without checkboxes, a plain list item's status is written as a glyph.

    A box would make the document a checklist and its other plain items prose:
    setting one topic's status must not take the other topics away.
    """
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Section):
            inner = _glyph_places(node.children)
            out.append(node if _same(inner, node.children) else replace(node, children=inner))
            continue
        box_place = (
            node.source is TopicSource.LIST_ITEM and node.position.kind is MarkerKind.CHECKBOX
        )
        if not node.children and not box_place:
            out.append(node)  # a leaf with no box place: itself (what the way below gives)
            continue
        children = tuple(c for c in _glyph_places(node.children) if isinstance(c, Topic))
        if box_place:
            position = replace(node.position, kind=MarkerKind.GLYPH, forms=glyph_forms())
            out.append(replace(node, children=children, position=position))
        elif _same(children, node.children):
            out.append(node)  # nothing to rebuild: the very same topic
        else:
            out.append(replace(node, children=children))
    return tuple(out)


def _any_topic(nodes: Sequence[Node], test: Callable[[Topic], bool]) -> bool:
    """Whether `test` holds for a topic of `nodes` (any depth): `any` over `_topics`,
    without a generator per level."""
    for node in nodes:
        if isinstance(node, Topic):
            if test(node) or (node.children and _any_topic(node.children, test)):
                return True
        elif node.children and _any_topic(node.children, test):
            return True
    return False


def _is_table_row(topic: Topic) -> bool:
    return topic.source is TopicSource.TABLE_ROW


def _is_topic(topic: Topic) -> bool:
    return True


def _same(new: Sequence[Node], old: Sequence[Node]) -> bool:
    """The very same nodes (identity, not a deep comparison of whole subtrees)."""
    return len(new) == len(old) and all(map(is_, new, old))


_LIST_ITEM = TopicSource.LIST_ITEM
_CHECKBOX = MarkerKind.CHECKBOX


class _State:
    """What the pass knows about the document, and what it counted on the way."""

    __slots__ = ("checklist", "plain", "resources")

    def __init__(self, checklist: bool) -> None:
        self.checklist = checklist
        self.resources = 0  # list items read as resources
        self.plain = 0  # plain list items kept as topics (not groups)


def _select_nodes(nodes: tuple[Node, ...], state: _State) -> tuple[tuple[Node, ...], list[Link]]:
    """Kept nodes, and the resources found among them that belong to their container.

    When every node is kept as it is (most sections), the nodes are `nodes` itself:
    the list of kept nodes is only started at the first change."""
    kept: list[Node] | None = None
    resources: list[Link] = []
    for index, node in enumerate(nodes):
        replacement: list[Node]
        if isinstance(node, Section):
            old = node.children
            children, links = _select_nodes(old, state) if old else (old, [])
            own = tuple(link_kind(link) for link in node.links) if node.links else ()
            links_now = own + tuple(links) if links else own
            if (children is old or _same(children, old)) and links_now == node.links:
                if kept is not None:
                    kept.append(node)  # most sections: nothing to rebuild
                continue
            replacement = [replace(node, children=children, links=links_now)]
        elif (
            not node.children
            and not node.links
            and (
                node.source is not _LIST_ITEM
                or (
                    node.position.kind is _CHECKBOX
                    and node.marker is not None
                    and node.marker.startswith("[")
                )
            )
        ):
            # Most topics, as `_select_topic` reads them, without the call: a leaf
            # without links that is not a plain item is itself.
            if kept is not None:
                kept.append(node)
            continue
        elif not node.children and not node.links and "[@" not in node.text:
            # A plain leaf without links (`_select_topic`, without the call): prose
            # in a checklist, else a topic.
            if not state.checklist:
                state.plain += 1
                if kept is not None:
                    kept.append(node)
                continue
            replacement = []
        else:
            replacement, links = _select_topic(node, state)
            resources.extend(links)
        if kept is None:
            if len(replacement) == 1 and replacement[0] is node:
                continue
            kept = list(nodes[:index])
        kept.extend(replacement)
    return (nodes if kept is None else tuple(kept)), resources


def _select_topic(topic: Topic, state: _State) -> tuple[list[Node], list[Link]]:
    """What `topic` becomes: itself (its subtopics selected), nothing, or its resources."""
    if (
        not topic.children
        and not topic.links
        and (topic.source is not TopicSource.LIST_ITEM or is_box(topic))
    ):
        # Most topics: a leaf without links that is not a plain item is itself.
        return [topic], []
    if topic.children:
        nodes, below = _select_nodes(topic.children, state)
        if nodes is topic.children:
            children = topic.children  # all kept as they are (all topics)
        else:
            children = tuple(node for node in nodes if isinstance(node, Topic))
    else:
        children, below = (), []
    own_links = tuple(link_kind(link) for link in topic.links) if topic.links else ()
    plain = topic.source is TopicSource.LIST_ITEM and not is_box(topic)
    if plain and not children and is_resource(topic):
        state.resources += 1
        return [], [*own_links, *below]
    if plain and not children and "[@" in topic.text:
        # With or without a link markdown-it found in the debris (`[/feed](url)`).
        broken = _broken_resource(topic.text)
        if broken is not None:  # `[@video@How DNS works](](url)`: a typo, still a resource
            state.resources += 1
            return [], [broken, *below]
        if _kind_only(topic.text):
            return [], [*below]  # a resource line without its link: not a topic either
    if plain and not children and below and topic.text.rstrip().endswith(":"):
        # `- Help via:` over a list of links: the lead-in of resources, not a topic.
        return [], [*own_links, *below]
    groups = any(is_box(child) or is_group(child) for child in children)
    if plain and topic.marker is None and groups:
        status = derived_status(children)
        return [
            replace(topic, status=status, children=children, links=own_links + tuple(below))
        ], []
    if plain and state.checklist:
        # Prose in a checklist: not a topic. Topics of other kinds under it move up.
        return list(children), [*below]
    if plain:
        state.plain += 1
    links = own_links + tuple(below)
    if _same(children, topic.children) and links == topic.links:
        return [topic], []  # most topics: nothing to rebuild
    return [replace(topic, children=children, links=links)], []


# --- fallbacks ------------------------------------------------------------------------------


def _fold(title: str) -> str:
    return title.casefold()


def _fallback_topic(
    line: int,
    column: int,
    raw: str,
    title: str,
    text: str,
    source: Source,
    path: tuple[str, ...],
    new_id: NewId,
    kind: TopicSource,
    description: str | None = None,
    links: tuple[Link, ...] = (),
) -> Topic:
    """A topic whose glyph marker is (or would be inserted) at `column` of 0-based `line`."""
    glyph = GLYPH_RE.match(raw, column)
    offset = source.offset(line, column)
    marker = glyph.group(0) if glyph else None
    status = GLYPH_STATUS[marker] if marker else Status.TODO
    return Topic(
        id=new_id((*path, _fold(title))),
        title=title,
        text=text,
        status=status,
        marker=marker,
        line=line + 1,
        column=column + 1,
        source=kind,
        position=Marker(
            kind=MarkerKind.GLYPH,
            start=offset,
            end=offset + (len(marker) if marker else 0),
            text=marker,
            forms=glyph_forms(),
        ),
        description=description,
        links=links,
    )


def _insert(nodes: tuple[Node, ...], topic: Topic, path: tuple[str, ...]) -> tuple[Node, ...]:
    """`nodes` with `topic` in the innermost section open at its line (path: their titles)."""
    sections = [n for n in nodes if isinstance(n, Section) and n.line <= topic.line]
    if sections:
        inner = sections[-1]
        index = nodes.index(inner)
        grown = replace(inner, children=_insert(inner.children, topic, (*path, _fold(inner.title))))
        return (*nodes[:index], grown, *nodes[index + 1 :])
    index = next(
        (i for i, n in enumerate(nodes) if isinstance(n, Section) and n.line > topic.line),
        len(nodes),
    )
    return (*nodes[:index], topic, *nodes[index:])


def _section_path(nodes: tuple[Node, ...], line: int) -> tuple[str, ...]:
    sections = [n for n in nodes if isinstance(n, Section) and n.line <= line]
    if not sections:
        return ()
    inner = sections[-1]
    return (_fold(inner.title), *_section_path(inner.children, line))


def _names_a_thing(name: str, first: str) -> bool:
    """A component's name (`Django Rest Framework: …`), not a line of code in a pasted
    snippet (`echo "Name is: …`, `let p1: Point`, `x: 1`, `Name: <input …>`): it starts
    with a capital, holds no code punctuation, and a word follows the colon."""
    return (
        name[0].isupper()
        and not any(char in _CODE_CHARS for char in name)
        and (first.isalnum() or first in "¿¡\"'“")
    )


_CODE_CHARS = frozenset("\"'$=/\\<>{}&%@~^")


def _name_lines(
    nodes: tuple[Node, ...], source: Source, tokens: Sequence[Token], new_id: NewId
) -> tuple[Node, ...] | None:
    """Indented `Name: description` lines as topics, or None when there are none."""
    found: list[tuple[int, int, str, str]] = []
    for token in tokens:
        if token.type != "code_block" or token.map is None:
            continue
        for line in range(token.map[0], min(token.map[1], len(source))):
            raw = source.line(line)
            match = _NAME_LINE_RE.match(raw)
            if match is None:
                continue
            name = " ".join(match["name"].split())
            if len(name.split()) > _MAX_NAME_WORDS or not _names_a_thing(
                name, raw[match.end() - 1]
            ):
                continue
            column = match.start("glyph") if match["glyph"] else match.start("name")
            found.append((line, column, name, raw[column:].strip()))
    if not found:
        return None
    for line, column, name, text in found:
        path = _section_path(nodes, line + 1)
        rest = text[len(match_glyph(text)) :]
        description = rest.split(":", 1)[1].strip() or None
        topic = _fallback_topic(
            line,
            column,
            source.line(line),
            name,
            rest,
            source,
            path,
            new_id,
            TopicSource.FENCE_LINE,
            description,
        )
        nodes = _insert(nodes, topic, path)
    return nodes


def match_glyph(text: str) -> str:
    """The status glyph and the blanks after it at the start of `text` ('' if none)."""
    glyph = GLYPH_RE.match(text)
    if glyph is None:
        return ""
    end = glyph.end()
    while end < len(text) and text[end] in " \t":
        end += 1
    return text[:end]


def _leaves(nodes: tuple[Node, ...], depth: int) -> Iterator[tuple[Section, int]]:
    for node in nodes:
        if isinstance(node, Section) and node.kind is SectionKind.HEADING:
            if any(s.kind is SectionKind.HEADING for s in node.sections):
                yield from _leaves(node.children, depth + 1)
            else:
                yield node, depth


def _leaf_headings(nodes: tuple[Node, ...], source: Source, new_id: NewId) -> tuple[Node, ...]:
    """Leaf headings as topics: the deep ones (depth 2+) when any, else every leaf."""
    title = next((n for n in nodes if isinstance(n, Section) and _is_h1(n, source)), None)
    # The H1 naming the roadmap is its title, not a thing to do.
    leaves = [
        (section, depth)
        for section, depth in _leaves(nodes, 0)
        if section is not title and not _lead_in_heading(section.title)
    ]
    deep = [section for section, depth in leaves if depth >= 2]
    chosen = {id(s) for s in deep} if deep else {id(s) for s, _ in leaves}
    if not chosen:
        return nodes
    return _replace_leaves(nodes, chosen, (), source, new_id)


# Headings that introduce material rather than name a thing to learn.
_LEAD_IN_HEADINGS = frozenset(
    {
        "example",
        "examples",
        "articles",
        "resources",
        "references",
        "further reading",
        "learn more",
        "see also",
        "links",
        "sources",
        "notes",
    }
)


def _lead_in_heading(title: str) -> bool:
    """`Visit the following resources to learn more:`, `Example`, `Articles`."""
    folded = " ".join(title.split()).casefold()
    return folded.endswith((":", "：")) or folded in _LEAD_IN_HEADINGS


def _is_h1(section: Section, source: Source) -> bool:
    line = section.line - 1
    return (
        section.kind is SectionKind.HEADING
        and line < len(source)
        and re.match(r"[ \t]{0,3}#[ \t]", source.line(line)) is not None
    )


def _replace_leaves(
    nodes: tuple[Node, ...],
    chosen: set[int],
    path: tuple[str, ...],
    source: Source,
    new_id: NewId,
) -> tuple[Node, ...]:
    out: list[Node] = []
    for node in nodes:
        if not isinstance(node, Section):
            out.append(node)
        elif id(node) in chosen:
            out.append(_heading_topic(node, path, source, new_id))
        else:
            children = _replace_leaves(
                node.children, chosen, (*path, _fold(node.title)), source, new_id
            )
            out.append(replace(node, children=children))
    return tuple(out)


def _heading_topic(section: Section, path: tuple[str, ...], source: Source, new_id: NewId) -> Topic:
    line = section.line - 1
    raw = source.line(line) if line < len(source) else ""
    heading = _HEADING_RE.match(raw)
    if heading:
        column = heading.end()
    else:  # a setext heading: its text starts the line, after any container marks
        found = raw.find(section.title[:8]) if section.title else -1
        column = found if found >= 0 else len(raw) - len(raw.lstrip(" \t"))
    title = section.title
    glyph = match_glyph(title)
    if glyph:
        title = title[len(glyph) :]
        number = _NUMBER_PREFIX_RE.match(title)
        if number:
            title = title[number.end() :]
    text = raw[column:].strip()
    glyph_text = match_glyph(text)
    text = text[len(glyph_text) :] if glyph_text else text
    text = text.rstrip("#").rstrip() or title
    return _fallback_topic(
        line,
        column,
        raw,
        title,
        text,
        source,
        path,
        new_id,
        TopicSource.OUTLINE_ENTRY,
        links=section.links + tuple(link for s in section.sections for link in s.links),
    )
