"""What the summary needs of a roadmap a sync does not read: its outline, kept in the state.

`Progress.md` counts every roadmap of the vault, section by section, and
lists what comes next in each. A sync reads and plans only the roadmaps
that changed; for the others the state keeps this outline (the titles of
sections and topics, each topic's id, status, estimate and subtopics), from
which a tree is made again that gives the summary the very lines the whole
tree would. Nothing else of a topic is kept (text, links, markers): those
trees serve the summary and the shared-topic counts, never a write.
"""

from __future__ import annotations

import json
from typing import Any

from .model import (
    Estimate,
    Marker,
    MarkerKind,
    Node,
    Roadmap,
    Section,
    SectionKind,
    Status,
    Topic,
    TopicSource,
)

__all__ = ["outline", "outline_tree"]

_CODES = {Status.TODO: 0, Status.DOING: 1, Status.DONE: 2, Status.SKIPPED: 3}
_STATUSES = tuple(_CODES)
_SECTION_KINDS = tuple(SectionKind)
_KIND_CODES = {kind: number for number, kind in enumerate(_SECTION_KINDS)}
# What no outline keeps: one object for every topic made from one.
_NO_MARKER = Marker(MarkerKind.CHECKBOX, 0, 0, None, ("", "", "", ""))


def outline(roadmap: Roadmap) -> str:
    """The outline of `roadmap` as compact JSON."""
    return json.dumps(
        [roadmap.title, [_node(child) for child in roadmap.children]],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _node(node: Node) -> list[Any]:
    if isinstance(node, Section):
        return [
            node.title,
            node.level,
            _KIND_CODES[node.kind],
            node.number,
            [_node(child) for child in node.children],
        ]
    estimate = node.estimate
    return [
        node.id,
        node.title,
        _CODES[node.status],
        None if estimate is None else [estimate.low, estimate.high, estimate.text],
        [_node(child) for child in node.children],
    ]


def outline_tree(text: str, path: str, titles: dict[str, str]) -> Roadmap:
    """A tree from `outline`'s JSON: what the summary reads of it is the roadmap's own.

    `titles` shares equal strings between the trees of one run (many roadmaps
    of a vault name the same topics).
    """
    title, children = json.loads(text)

    def node(data: list[Any]) -> Node:
        if isinstance(data[1], int):  # a section: [title, level, kind, number, children]
            return Section(
                title=data[0],
                level=data[1],
                kind=_SECTION_KINDS[data[2]],
                line=0,
                number=data[3],
                children=tuple(node(child) for child in data[4]),
            )
        return topic(data)

    def topic(data: list[Any]) -> Topic:
        name = titles.setdefault(data[1], data[1])
        estimate = data[3]
        return Topic(
            id=data[0],
            title=name,
            text=name,
            status=_STATUSES[data[2]],
            marker=None,
            line=0,
            column=0,
            source=TopicSource.LIST_ITEM,
            position=_NO_MARKER,
            estimate=None if estimate is None else Estimate(*estimate),
            children=tuple(topic(child) for child in data[4]),
        )

    return Roadmap(title=title, path=path, children=tuple(node(child) for child in children))
