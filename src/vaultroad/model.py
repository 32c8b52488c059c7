"""The normalized roadmap tree: frozen dataclasses and nothing else.

Every node keeps where it came from (1-based line, and for topics the exact
character span of the status marker, or of the place one would go), so the
writers can patch the user's text instead of re-rendering it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass


class Status(str, enum.Enum):
    """Progress of one topic. The values are the words used in JSON and notes."""

    TODO = "todo"
    DOING = "doing"
    DONE = "done"
    SKIPPED = "skipped"

    @property
    def finished(self) -> bool:
        """Done and skipped both count as finished, as roadmap.sh counts them."""
        return self in (Status.DONE, Status.SKIPPED)

    def __str__(self) -> str:
        return self.value


class MarkerKind(str, enum.Enum):
    """How a topic's status is (or would be) written in its file."""

    CHECKBOX = "checkbox"  # `[ ]`, `[x]`, `[ ✓ ]` … after a list marker
    GLYPH = "glyph"  # a leading `✅ `/`🚧 `/`⏭️ ` in a cell, pseudo-bullet or outline leaf
    FENCE_GLYPH = "fence-glyph"  # `□`/`☐`/`■`/`☑` starting a line in an unlabelled fence
    CELL = "cell"  # the whole text of a table's Status cell (`Done`, `🟢 Done`, `✅`, empty)


class TopicSource(str, enum.Enum):
    """The Markdown construct a topic was read from."""

    LIST_ITEM = "list-item"
    PSEUDO_BULLET = "pseudo-bullet"
    OUTLINE_ENTRY = "outline-entry"
    TABLE_ROW = "table-row"
    FENCE_LINE = "fence-line"


class LimitKind(str, enum.Enum):
    """Which of the parser's limits applied (see `ParseLimit`)."""

    NESTING = "nesting"  # lists and blockquotes nested deeper than the parser reads
    LINKS = "links"  # a text whose brackets would cost more than linear time to match
    LONG_TEXT = "long-text"  # a text too long to give to the inline parser


class SectionKind(str, enum.Enum):
    HEADING = "heading"
    OUTLINE = "outline"  # `1. **Foundations**`, `1.1. **Internet Fundamentals**`
    LEAD_IN = "lead-in"  # `**Practice Projects for Phase 1:**` before a list


@dataclass(frozen=True, slots=True)
class Estimate:
    """A duration range in days, parsed from text such as `3-4 days` or `6-8 weeks`."""

    low: float
    high: float
    text: str


@dataclass(frozen=True, slots=True)
class WikiLink:
    """`[[target#heading|alias]]`, or `![[…]]` when `embed` is true."""

    target: str
    heading: str | None = None
    alias: str | None = None
    embed: bool = False


@dataclass(frozen=True, slots=True)
class Link:
    """A Markdown link `[text](url)`.

    `kind` is what the document says the link is, where it says so:
    roadmap.sh's `[@article@Title](url)` gives `article` (`video`,
    `official`, `course`, `podcast` …); None elsewhere.
    """

    text: str
    url: str
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class TaskFields:
    """Obsidian Tasks plugin fields on a checklist line, each as written (dates ISO).

    `done` ✅, `due` 📅, `scheduled` ⏳, `start` 🛫, `created` ➕, `cancelled` ❌,
    `recurrence` 🔁 (`every day`), `priority` (`highest` 🔺, `high` ⏫,
    `medium` 🔼, `low` 🔽, `lowest` ⏬), `id` 🆔, `depends_on` ⛔.
    """

    done: str | None = None
    due: str | None = None
    scheduled: str | None = None
    start: str | None = None
    created: str | None = None
    cancelled: str | None = None
    recurrence: str | None = None
    priority: str | None = None
    id: str | None = None
    depends_on: str | None = None


@dataclass(frozen=True, slots=True)
class Marker:
    """Where a topic's status lives in the text.

    `start`/`end` are character offsets into the parsed text. With `text`
    None there is no marker yet and `start == end` is where one is inserted.
    """

    kind: MarkerKind
    start: int
    end: int
    text: str | None
    # How this place writes todo, doing, done and skipped; "" means no mark
    # (setting that status removes the marker and the space after it).
    forms: tuple[str, str, str, str]


@dataclass(frozen=True, slots=True)
class Topic:
    """One thing to learn: its status, where its marker is, and its subtopics.

    `id` is stable across edits of status (hashed from the file name, the
    section path and the title); `text` is the item as written, `title` the
    same without Markdown; `line` and `column` are 1-based.
    """

    id: str
    title: str
    text: str
    status: Status
    marker: str | None
    line: int
    column: int
    source: TopicSource
    position: Marker
    estimate: Estimate | None = None
    description: str | None = None
    links: tuple[Link, ...] = ()
    wikilinks: tuple[WikiLink, ...] = ()
    children: tuple[Topic, ...] = ()
    tags: tuple[str, ...] = ()  # `#task`, and a leading code label (`B` → "B")
    tasks: TaskFields | None = None  # Obsidian Tasks fields, when the line has any

    def walk(self) -> Iterator[Topic]:
        """This topic, then its descendants, depth-first in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class Section:
    """A heading, a numbered outline entry or a bold lead-in, with what it holds."""

    title: str
    level: int
    kind: SectionKind
    line: int
    number: str | None = None
    duration: Estimate | None = None
    children: tuple[Node, ...] = ()
    schedule: str | None = None  # `Week 1-2`, `(Weeks 1-4)`: when, not how long
    links: tuple[Link, ...] = ()  # resources listed under the section itself

    @property
    def topics(self) -> tuple[Topic, ...]:
        """Topics directly in this section (not in subsections)."""
        return tuple(c for c in self.children if isinstance(c, Topic))

    @property
    def sections(self) -> tuple[Section, ...]:
        return tuple(c for c in self.children if isinstance(c, Section))

    def walk_topics(self) -> Iterator[Topic]:
        yield from _walk_topics(self.children)


Node = Section | Topic


@dataclass(frozen=True, slots=True)
class ParseLimit:
    """A place where the parser read less than the whole Markdown, so that
    parsing stays linear in the file's size: lines nested too deep are not
    read, a text's links are not looked for, or a too-long text is read as
    written (see `LimitKind`). Never silent: every limit applied is on
    `Roadmap.limits` and reported by `vaultroad check` (VR403).

    `line` is 1-based (the first line concerned); `message` says what was not
    read and why, in words for the user.
    """

    line: int
    kind: LimitKind
    message: str


@dataclass(frozen=True, slots=True)
class Roadmap:
    """One roadmap file: its title (first H1, else the file name) and its tree.

    `limits` lists, in line order, every place the parser did not read in full
    (empty for any ordinary document).
    """

    title: str
    path: str | None
    children: tuple[Node, ...]
    done_form: str = "[x]"  # how this file writes a done checkbox (kept on writes)
    limits: tuple[ParseLimit, ...] = ()
    links: tuple[Link, ...] = ()  # resources listed before any section

    @property
    def sections(self) -> tuple[Section, ...]:
        return tuple(c for c in self.children if isinstance(c, Section))

    def topics(self) -> Iterator[Topic]:
        """Every topic, depth-first in document order."""
        return _walk_topics(self.children)

    def walk_sections(self) -> Iterator[Section]:
        """Every section, depth-first in document order."""
        stack = list(reversed(self.sections))
        while stack:
            section = stack.pop()
            yield section
            stack.extend(reversed(section.sections))

    def topic(self, topic_id: str) -> Topic | None:
        for topic in self.topics():
            if topic.id == topic_id:
                return topic
        return None


def _walk_topics(nodes: tuple[Node, ...]) -> Iterator[Topic]:
    for node in nodes:
        if isinstance(node, Topic):
            yield from node.walk()
        else:
            yield from _walk_topics(node.children)
