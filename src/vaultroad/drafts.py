"""The parser's working tree: sections and topics while they are read, mutable
until the tree is frozen into the model's immutable nodes (freeze.py)."""

from __future__ import annotations

from .durations import find_duration, find_schedule
from .model import (
    Estimate,
    Link,
    MarkerKind,
    SectionKind,
    Status,
    TaskFields,
    TopicSource,
    WikiLink,
)

__all__ = ["HEADING_KEY_OUTLINE", "Draft", "SectionDraft", "TopicDraft"]

# Sections nest by key: headings by level (1-6); outline entries and lead-ins
# nest under any heading.
HEADING_KEY_OUTLINE = 7


class TopicDraft:
    __slots__ = (
        "children",
        "column",
        "deferred",
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
        # Most topics have no subtopics: no list until the first (`add`).
        self.children: list[TopicDraft] | tuple[()] = ()
        # None for checkboxes: their done form is the file's, known at the end.
        self.forms: tuple[str, str, str, str] | None = None
        self.description: str | None = None
        self.estimate: Estimate | None = None
        self.links: tuple[Link, ...] = ()
        self.wikilinks: tuple[WikiLink, ...] = ()
        self.tags: tuple[str, ...] = ()
        self.tasks: TaskFields | None = None
        # The markup, plain text, links and wikilinks whose reading (title,
        # description, estimate) waits until the topic is known to be used
        # (read_topic.complete): an outline entry's leaf, most often unused.
        self.deferred: tuple[str, str, tuple[Link, ...], tuple[WikiLink, ...]] | None = None

    def add(self, child: TopicDraft) -> None:
        """`child` as this topic's last subtopic."""
        if self.children:
            self.children.append(child)
        else:
            self.children = [child]


class SectionDraft:
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
        self.children: list[SectionDraft | TopicDraft] = []
        # An outline entry with no children is a topic; this is that topic.
        self.leaf: TopicDraft | None = None

    def add(self, child: TopicDraft) -> None:
        """`child` as this section's last topic."""
        self.children.append(child)


Draft = SectionDraft | TopicDraft
