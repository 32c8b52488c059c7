"""A roadmap laid out as a road: the nodes and edges of its map, before any user moved them.

The road runs top to bottom. The roadmap's own card heads it (standing for
a `# Title` heading that holds the whole roadmap); below it come the
sections in document order (the spine), each a group holding its topics
side by side in rows, its subsections stacked below them, and every topic's
subtopics listed under it, indented by depth. Edges lead from the roadmap
card to the first section and from each section to the next one at its
level. Nothing overlaps but a node and the groups that hold it.

Pure: a tree and the note path of each topic in, positions out (`canvas`
writes them, and merges them with a map the user has arranged).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .digest import blake2b
from .model import Roadmap, Section, Status, Topic

__all__ = [
    "PREFIX",
    "ROADMAP_NODE",
    "STATUS_COLORS",
    "MapEdge",
    "MapLayout",
    "MapNode",
    "layout_map",
    "topic_node_id",
]

# Every node and edge vaultroad writes has an id starting with this; the
# rest of a map (Obsidian's own ids are 16 hex digits) belongs to the user.
PREFIX = "vr-"
ROADMAP_NODE = f"{PREFIX}roadmap"

# The spec's preset colours ("4" green, "3" yellow, "6" purple); a topic
# still to do has none, the canvas's neutral grey.
STATUS_COLORS: Mapping[Status, str | None] = {
    Status.DONE: "4",
    Status.DOING: "3",
    Status.SKIPPED: "6",
    Status.TODO: None,
}

# Sizes in canvas pixels. Obsidian draws a file card's name and a group's
# label just above the node, so the gaps between them leave room for one.
CARD_WIDTH, CARD_HEIGHT = 280, 60
ROADMAP_WIDTH, ROADMAP_HEIGHT = 400, 100
INDENT = 40  # per level of subtopics
CARD_GAP = 40  # between the cards of a column, and between columns
COLUMNS = 4  # topics side by side in a row of a section
PADDING = 40  # inside a group, around what it holds
BLOCK_GAP = 80  # between a section and what follows it at its level


@dataclass(frozen=True, slots=True)
class MapNode:
    """One node vaultroad owns: a topic's card, a section's group or the roadmap's card."""

    id: str
    type: str  # "file" or "group"
    x: int
    y: int
    width: int
    height: int
    file: str | None = None
    label: str | None = None
    color: str | None = None
    # The node it is laid out beside (its parent topic's card, its group, the
    # roadmap's card): a node new to a map the user arranged goes where the
    # road puts it relative to that one, wherever the user moved it.
    anchor: str | None = None
    groups: tuple[str, ...] = ()  # the section groups holding it, outermost first


@dataclass(frozen=True, slots=True)
class MapEdge:
    id: str
    from_node: str
    to_node: str
    from_side: str = "bottom"
    to_side: str = "top"


@dataclass(frozen=True, slots=True)
class MapLayout:
    """The nodes in placement order (the roadmap's card, the groups outermost first,
    then the cards in document order: each after the node it is anchored to)."""

    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]


def topic_node_id(topic_id: str) -> str:
    """A topic card's id: the topic's own, so the card follows the topic."""
    return f"{PREFIX}t-{topic_id}"


def _short_hash(text: str) -> str:
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=5).hexdigest()


def layout_map(tree: Roadmap, roadmap_path: str, notes: Mapping[str, str]) -> MapLayout:
    """The road of `tree`: a card for every topic with a note (`notes`: topic id → its
    note's vault-relative path), a group for every section holding one."""
    builder = _Builder(notes)
    roadmap = MapNode(ROADMAP_NODE, "file", 0, 0, ROADMAP_WIDTH, ROADMAP_HEIGHT, file=roadmap_path)
    children, path = _below_title(tree)
    builder.stack(children, 0, ROADMAP_HEIGHT + BLOCK_GAP, ROADMAP_NODE, (), path)
    return MapLayout(
        (roadmap, *builder.groups, *builder.cards),
        tuple(builder.edges),
    )


def _below_title(tree: Roadmap) -> tuple[tuple[Section | Topic, ...], tuple[str, ...]]:
    """What the road starts with, and the section path above it: the sections inside the
    `# Title` heading that holds the whole roadmap (the roadmap's card says its title,
    and a group around everything would only push the road one level in)."""
    if len(tree.children) == 1 and isinstance(tree.children[0], Section):
        only = tree.children[0]
        if only.level == 1 and not only.number and only.title == tree.title:
            return only.children, (only.title,)
    return tree.children, ()


class _Builder:
    """Places blocks top to bottom: runs of topics and sections, recursively."""

    def __init__(self, notes: Mapping[str, str]) -> None:
        self.notes = notes
        self.groups: list[MapNode] = []
        self.cards: list[MapNode] = []
        self.edges: list[MapEdge] = []
        self._section_ids: set[str] = set()

    def stack(
        self,
        children: Sequence[Section | Topic],
        x: int,
        y: int,
        anchor: str,
        groups: tuple[str, ...],
        path: tuple[str, ...],
    ) -> tuple[int, int]:
        """Lay `children` out from (x, y) down; return the width and height they take."""
        width = 0
        cursor = y
        run: list[Topic] = []
        previous: str | None = anchor if not groups else None  # the spine starts at the roadmap

        def place_run() -> None:
            nonlocal cursor, width
            if run:
                size = self._topics(run, x, cursor, anchor, groups)
                if size is not None:
                    if cursor > y:
                        cursor += BLOCK_GAP
                    width = max(width, size[0])
                    cursor += size[1]
                run.clear()

        for child in children:
            if isinstance(child, Topic):
                run.append(child)
                continue
            place_run()
            if not any(topic.id in self.notes for topic in child.walk_topics()):
                continue  # a section without topics (prose, a table of contents)
            if cursor > y:
                cursor += BLOCK_GAP
            group = self._section(child, x, cursor, anchor, groups, path)
            if previous is not None:
                edge_id = f"{PREFIX}e-{_short_hash(previous + '>' + group.id)}"
                self.edges.append(MapEdge(edge_id, previous, group.id))
            previous = group.id
            width = max(width, group.width)
            cursor += group.height
        place_run()
        return width, cursor - y

    def _section(
        self,
        section: Section,
        x: int,
        y: int,
        anchor: str,
        groups: tuple[str, ...],
        path: tuple[str, ...],
    ) -> MapNode:
        label = f"{section.number} {section.title}" if section.number else section.title
        here = (*path, label)
        base = f"{PREFIX}s-{_short_hash(chr(31).join(here))}"
        node_id, number = base, 2
        while node_id in self._section_ids:  # two sections of one path: told apart by order
            node_id, number = f"{base}-{number}", number + 1
        self._section_ids.add(node_id)
        slot = len(self.groups)
        self.groups.append(MapNode(node_id, "group", x, y, 0, 0))  # sized below
        inner = self.stack(
            section.children, x + PADDING, y + PADDING, node_id, (*groups, node_id), here
        )
        group = MapNode(
            node_id,
            "group",
            x,
            y,
            inner[0] + 2 * PADDING,
            inner[1] + 2 * PADDING,
            label=label,
            anchor=anchor,
            groups=groups,
        )
        self.groups[slot] = group
        return group

    def _topics(
        self, run: list[Topic], x: int, y: int, anchor: str, groups: tuple[str, ...]
    ) -> tuple[int, int] | None:
        """Topics side by side, `COLUMNS` to a row, each over its subtopics; their size,
        or None when none of them has a note."""
        columns = [column for topic in run if (column := self._column(topic, anchor, 0))]
        if not columns:
            return None
        width = 0
        top = y
        for start in range(0, len(columns), COLUMNS):
            row = columns[start : start + COLUMNS]
            left = x
            height = 0
            for column in row:
                depth = max(level for _, level, _ in column)
                for index, (topic, level, above) in enumerate(column):
                    self.cards.append(
                        MapNode(
                            topic_node_id(topic.id),
                            "file",
                            left + level * INDENT,
                            top + index * (CARD_HEIGHT + CARD_GAP),
                            CARD_WIDTH,
                            CARD_HEIGHT,
                            file=self.notes[topic.id],
                            color=STATUS_COLORS[topic.status],
                            anchor=above,
                            groups=groups,
                        )
                    )
                height = max(height, len(column) * (CARD_HEIGHT + CARD_GAP) - CARD_GAP)
                left += CARD_WIDTH + depth * INDENT + CARD_GAP
            width = max(width, left - CARD_GAP - x)
            top += height + CARD_GAP
        return width, top - CARD_GAP - y

    def _column(self, topic: Topic, anchor: str, level: int) -> list[tuple[Topic, int, str]]:
        """The topic and its subtopics, depth-first, each with its level and the card it
        hangs from. A topic without a note (a malformed line) has no card: its
        subtopics take its place."""
        column: list[tuple[Topic, int, str]] = []
        below, next_level = anchor, level
        if topic.id in self.notes:
            column.append((topic, level, anchor))
            below, next_level = topic_node_id(topic.id), level + 1
        for child in topic.children:
            column += self._column(child, below, next_level)
        return column
