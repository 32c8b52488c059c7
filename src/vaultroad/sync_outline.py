"""What the summary needs of a roadmap a sync does not read: its outline, kept in the state.

`Progress.md` counts every roadmap of the vault, section by section, and
lists what comes next in each. A sync reads and plans only the roadmaps
that changed; for the others the state keeps this outline, from which a
stand-in tree is made that gives the summary the very lines the roadmap's
own tree gives:

- its title and its sections (title, level, kind, number), nested as they are;
- in each section, its topics in document order (subtopics after their
  parent, as `walk_topics` yields them), each as its status and estimate:
  that is all the counts, bars and times left read of a topic;
- by id and title, the topics "Next up" can name (`summary.NEXT_UP` doing
  ones and as many unfinished others, the first in document order).

The stand-in tree's other topics are one shared object per status and
estimate, and subtopics sit beside their parents: a section holds direct
topics exactly when the roadmap's does, and every walk meets the same
statuses and estimates in the same order. Those trees serve the summary
and nothing else: never an edit, a note or a write.
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
from .summary import NEXT_UP

__all__ = ["StandIns", "outline", "outline_tree"]

_CODES = {Status.TODO: 0, Status.DOING: 1, Status.DONE: 2, Status.SKIPPED: 3}
_STATUSES = tuple(_CODES)
_SECTION_KINDS = tuple(SectionKind)
_KIND_CODES = {kind: number for number, kind in enumerate(_SECTION_KINDS)}
# What no stand-in topic has: one object for all of them.
_NO_MARKER = Marker(MarkerKind.CHECKBOX, 0, 0, None, ("", "", "", ""))


def outline(roadmap: Roadmap) -> str:
    """The outline of `roadmap` as compact JSON: [title, estimates, children]."""
    named = _named(roadmap)
    estimates: dict[tuple[float, float, str], int] = {}

    def code(topic: Topic) -> int:
        estimate = topic.estimate
        number = 0
        if estimate is not None:
            key = (estimate.low, estimate.high, estimate.text)
            number = estimates.setdefault(key, len(estimates) + 1)
        return _CODES[topic.status] + 4 * number

    def children(nodes: tuple[Node, ...]) -> list[Any]:
        found: list[Any] = []
        for node in nodes:
            if isinstance(node, Section):
                kind = _KIND_CODES[node.kind]
                found.append([node.title, node.level, kind, node.number, children(node.children)])
                continue
            for topic in node.walk():
                found.append(
                    [topic.id, topic.title, code(topic)] if id(topic) in named else code(topic)
                )
        return found

    body = children(roadmap.children)
    return json.dumps(
        [roadmap.title, [list(key) for key in estimates], body],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _named(roadmap: Roadmap) -> set[int]:
    """The topics "Next up" may name (by object identity): the first `NEXT_UP` doing
    ones and the first `NEXT_UP` other unfinished ones, in document order."""
    doing: list[int] = []
    other: list[int] = []
    for topic in roadmap.topics():
        if topic.status.finished:
            continue
        found = doing if topic.status is Status.DOING else other
        if len(found) < NEXT_UP:
            found.append(id(topic))
        if len(doing) >= NEXT_UP and len(other) >= NEXT_UP:
            break
    return {*doing, *other}


class StandIns:
    """The topics the stand-in trees of one run share: one per status and estimate,
    and one string per title."""

    def __init__(self) -> None:
        self.topics: dict[tuple[int, tuple[float, float, str] | None], Topic] = {}
        self.titles: dict[str, str] = {}

    def topic(self, status: int, estimate: tuple[float, float, str] | None) -> Topic:
        key = (status, estimate)
        found = self.topics.get(key)
        if found is None:
            found = self.topics[key] = self.named("", "", status, estimate)
        return found

    def named(
        self, topic_id: str, title: str, status: int, estimate: tuple[float, float, str] | None
    ) -> Topic:
        title = self.titles.setdefault(title, title)
        return Topic(
            id=topic_id,
            title=title,
            text=title,
            status=_STATUSES[status],
            marker=None,
            line=0,
            column=0,
            source=TopicSource.LIST_ITEM,
            position=_NO_MARKER,
            estimate=None if estimate is None else Estimate(*estimate),
        )


def outline_tree(text: str, path: str, shared: StandIns) -> Roadmap:
    """The stand-in tree of an outline (see the module)."""
    title, estimates, body = json.loads(text)
    table: list[tuple[float, float, str] | None] = [None, *(tuple(e) for e in estimates)]

    def children(items: list[Any]) -> tuple[Node, ...]:
        nodes: list[Node] = []
        for item in items:
            if isinstance(item, int):
                nodes.append(shared.topic(item % 4, table[item // 4]))
            elif isinstance(item[1], int):  # a section: [title, level, kind, number, children]
                nodes.append(
                    Section(
                        title=item[0],
                        level=item[1],
                        kind=_SECTION_KINDS[item[2]],
                        line=0,
                        number=item[3],
                        children=children(item[4]),
                    )
                )
            else:  # a topic "Next up" may name: [id, title, code]
                code = item[2]
                nodes.append(shared.named(item[0], item[1], code % 4, table[code // 4]))
        return tuple(nodes)

    return Roadmap(title=title, path=path, children=children(body))
