"""The normalized roadmap tree: frozen dataclasses and nothing else.

Every node keeps where it came from (1-based line, and for topics the exact
character span of the status marker, or of the place one would go), so the
writers can patch the user's text instead of re-rendering it.
"""

from __future__ import annotations

import dataclasses
import enum
import operator
import reprlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

from .errors import UnknownTopicError

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform

    from .progress import Progress as Progress
else:  # read by type checkers only (and in `typing` from Python 3.11 on)

    def dataclass_transform(**_: object) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return lambda decorator: decorator


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
    """The Markdown construct a section was read from."""

    HEADING = "heading"
    OUTLINE = "outline"  # `1. **Foundations**`, `1.1. **Internet Fundamentals**`
    LEAD_IN = "lead-in"  # `**Practice Projects for Phase 1:**` before a list


# --- the tree's nodes: dataclasses with a quicker __init__ ------------------------

_Node = TypeVar("_Node")


@dataclass_transform(frozen_default=True)
def _node(cls: type[_Node]) -> type[_Node]:
    """`@dataclass(frozen=True, slots=True)`, with the `__init__` of `_quick_init`
    and the other methods of `_NodeMethods`.

    dataclasses compiles each method it writes (`__eq__`, `__repr__`,
    `__hash__`, the frozen `__setattr__` and `__delattr__`, `__init__`) with
    exec, for each class: most of a dataclass's creation, which every process
    importing the model pays (the pre-commit hook's included, 3M instructions
    a class). So it is told to write none of them (`init`, `repr`, `eq` False,
    not `frozen`), and each class gets the same methods written once, here,
    doing what the written ones do. Fields, `replace`, `asdict`, pickling are
    the dataclass's own. Type checkers read this decorator as
    `@dataclass(frozen=True)` (`dataclass_transform`); at run time only
    `__dataclass_params__` tells the difference (tests/test_model_init.py).
    """
    node: Any = dataclass(slots=True, init=False, repr=False, eq=False)(cls)
    names = tuple(field.name for field in dataclasses.fields(node))
    if len(names) < 2:
        raise TypeError(f"{node.__name__}: _node needs two fields or more (a tuple of values)")
    node._node_names = names
    node._node_values = operator.attrgetter(*names)
    for name in _NODE_METHODS:
        setattr(node, name, getattr(_NodeMethods, name))
    _quick_init(node)
    return cast("type[_Node]", node)


class _NodeMethods:
    """The methods `@dataclass(frozen=True, slots=True)` writes for a class, as it
    writes them (Python 3.11), for any class `_node` makes: `_node_names` are its
    fields' names in order, `_node_values(self)` the tuple of their values."""

    _node_names: tuple[str, ...]
    _node_values: Callable[[Any], tuple[Any, ...]]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._node_values(self) == self._node_values(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._node_values(self))

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        values = self._node_values(self)
        pairs = zip(self._node_names, values, strict=True)
        shown = ", ".join(f"{name}={value!r}" for name, value in pairs)
        return f"{self.__class__.__qualname__}({shown})"

    def __setattr__(self, name: str, value: object) -> None:
        if name in self._node_names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        if name in self._node_names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        object.__delattr__(self, name)

    # A frozen slotted dataclass pickles its fields' values as a list.
    def __getstate__(self) -> list[Any]:
        return list(self._node_values(self))

    def __setstate__(self, state: list[Any]) -> None:
        for name, value in zip(self._node_names, state, strict=False):
            object.__setattr__(self, name, value)


_NODE_METHODS = (
    "__eq__",
    "__hash__",
    "__repr__",
    "__setattr__",
    "__delattr__",
    "__getstate__",
    "__setstate__",
)


def _quick_init(cls: type) -> None:
    """Give the frozen slotted dataclass `cls` (declared without `__init__`) a
    quick `__init__` of its fields: same signature and annotations as the one
    dataclasses would write.

    A frozen dataclass's own `__init__` stores each field with
    `object.__setattr__(self, name, value)` (its `__setattr__` refuses), which
    looks the name up on each call. This one calls each slot's descriptor
    directly: the same fields set to the same values before the object is
    returned, in about two thirds of the time, which counts for the hundred
    thousand topics, markers and sections a vault parses into. Only for
    classes whose fields all have a plain default or none.
    """
    fields = dataclasses.fields(cls)
    if hasattr(cls, "__post_init__") or any(
        not field.init or field.default_factory is not dataclasses.MISSING for field in fields
    ):
        raise TypeError(f"{cls.__name__}: fields or hooks _quick_init does not handle")
    names = [field.name for field in fields]
    defaults = [field.default for field in fields]
    params = ", ".join(
        name if default is dataclasses.MISSING else f"{name}=_defaults_[{index}]"
        for index, (name, default) in enumerate(zip(names, defaults, strict=True))
    )
    body = "".join(f"        _set_{index}_(self, {name})\n" for index, name in enumerate(names))
    setters = ", ".join(f"_set_{index}_" for index in range(len(names)))
    code = (
        f"def _make_(_defaults_, {setters}):\n"
        f"    def __init__(self, {params}):\n{body}"
        "    return __init__\n"
    )
    namespace: dict[str, Any] = {}
    exec(code, namespace)  # as dataclasses builds its own __init__
    init: Callable[..., None] = namespace["_make_"](
        defaults, *(cls.__dict__[name].__set__ for name in names)
    )
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    # As dataclasses annotates the `__init__` it writes: each field's type, returning None.
    init.__annotations__ = {**{field.name: field.type for field in fields}, "return": None}
    cls.__init__ = init  # type: ignore[misc]


@_node
class Estimate:
    """A duration range in days, parsed from text such as `3-4 days` or `6-8 weeks`."""

    low: float
    high: float
    text: str


@_node
class WikiLink:
    """`[[target#heading|alias]]`, or `![[…]]` when `embed` is true."""

    target: str
    heading: str | None = None
    alias: str | None = None
    embed: bool = False


@_node
class Link:
    """A Markdown link `[text](url)`.

    `kind` is what the document says the link is, where it says so:
    roadmap.sh's `[@article@Title](url)` gives `article` (`video`,
    `official`, `course`, `podcast` …); None elsewhere.
    """

    text: str
    url: str
    kind: str | None = None


@_node
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


@_node
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


@_node
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


@_node
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
        """Subsections directly in this section."""
        return tuple(c for c in self.children if isinstance(c, Section))

    def walk_topics(self) -> Iterator[Topic]:
        """Every topic in this section and its subsections, subtopics included,
        depth-first in document order."""
        yield from _walk_topics(self.children)

    @property
    def progress(self) -> Progress:
        """Counts of `walk_topics()` (computed on each access)."""
        from .progress import Progress

        return Progress.of(self.walk_topics())


Node = Section | Topic


@_node
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


class _Place:
    """Where one topic sits: the topic it is a child of, and the sections
    holding it from the outermost in.

    Internal, so a plain slotted class: creating a dataclass compiles its
    methods, ~3M instructions each that every process importing the model
    (the pre-commit hook's included) would pay for a class only
    `parent_of`/`section_of`/`path_of` use."""

    __slots__ = ("parent", "sections")

    def __init__(self, parent: Topic | None, sections: tuple[Section, ...]) -> None:
        self.parent = parent
        self.sections = sections


class _Index:
    """A roadmap's topics by identity (with their place) and by id, in document order.

    A plain slotted class, as `_Place` is."""

    __slots__ = ("by_id", "places")

    def __init__(
        self, places: dict[int, tuple[Topic, _Place]], by_id: dict[str, list[Topic]]
    ) -> None:
        self.places = places
        self.by_id = by_id

    @staticmethod
    def build(children: tuple[Node, ...]) -> _Index:
        places: dict[int, tuple[Topic, _Place]] = {}
        by_id: dict[str, list[Topic]] = {}
        # An explicit stack, children pushed in reverse: document order
        # without recursion, and one `sections` tuple shared per section.
        stack: list[tuple[Node, Topic | None, tuple[Section, ...]]] = [
            (node, None, ()) for node in reversed(children)
        ]
        while stack:
            node, parent, sections = stack.pop()
            if isinstance(node, Section):
                inner = (*sections, node)
                stack.extend((child, None, inner) for child in reversed(node.children))
                continue
            places[id(node)] = (node, _Place(parent, sections))
            by_id.setdefault(node.id, []).append(node)
            stack.extend((child, node, sections) for child in reversed(node.children))
        return _Index(places, by_id)


class _IndexSlot:
    """Room for a `Roadmap`'s topic index, built on first use.

    A slot of a base class rather than a dataclass field, so equality, repr,
    `dataclasses.replace`, `fields()`, pickling and the tree cache never see
    it: a copy or an unpickled roadmap builds its own (the index is keyed by
    object identity, which does not survive a copy).
    """

    __slots__ = ("_index",)
    _index: _Index


@_node
class Roadmap(_IndexSlot):
    """One roadmap file: its title (first H1, else the file name) and its tree.

    `topics()` walks every topic, `progress` counts them, and `parent_of`,
    `section_of` and `path_of` say where a topic sits (topics, built bottom
    up, hold no link to their parents). `limits` lists, in line order, every
    place the parser did not read in full (empty for any ordinary document).
    """

    title: str
    path: str | None
    children: tuple[Node, ...]
    done_form: str = "[x]"  # how this file writes a done checkbox (kept on writes)
    limits: tuple[ParseLimit, ...] = ()
    links: tuple[Link, ...] = ()  # resources listed before any section

    @property
    def sections(self) -> tuple[Section, ...]:
        """Top-level sections."""
        return tuple(c for c in self.children if isinstance(c, Section))

    @property
    def progress(self) -> Progress:
        """Counts of every topic, subtopics included (computed on each access)."""
        from .progress import Progress

        return Progress.of(self.topics())

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
        """The first topic in document order with id `topic_id`, or None."""
        found = self._topic_index().by_id.get(topic_id)
        return found[0] if found else None

    def parent_of(self, topic: Topic | str) -> Topic | None:
        """The topic `topic` is a subtopic of; None for a topic directly in a
        section (or before any section).

        `topic` is a topic of this roadmap (or one equal to it, e.g. from
        another parse of the same text) or a topic id; anything else raises
        `UnknownTopicError`. This and `section_of`/`path_of` take O(1) after
        the first call, which indexes the roadmap once.
        """
        return self._place(topic).parent

    def section_of(self, topic: Topic | str) -> Section | None:
        """The innermost section holding `topic`; None before any section."""
        sections = self._place(topic).sections
        return sections[-1] if sections else None

    def path_of(self, topic: Topic | str) -> tuple[str, ...]:
        """The titles of the sections holding `topic`, outermost first
        (a breadcrumb; parent topics are not in it)."""
        return tuple(section.title for section in self._place(topic).sections)

    def _topic_index(self) -> _Index:
        try:
            return self._index
        except AttributeError:
            # Frozen: set the slot past the dataclass's __setattr__. Two
            # threads racing here build equal indexes; either one serves.
            index = _Index.build(self.children)
            object.__setattr__(self, "_index", index)
            return index

    def _place(self, topic: Topic | str) -> _Place:
        index = self._topic_index()
        if isinstance(topic, str):
            found = index.by_id.get(topic)
            if not found:
                raise UnknownTopicError(f"no topic with id {topic!r}", path=self.path)
            topic = found[0]
        entry = index.places.get(id(topic))
        if entry is not None and entry[0] is topic:
            return entry[1]
        # Not this roadmap's own object: an equal topic at the same place
        # (the id narrows it down to one or, for duplicate ids, a few).
        for candidate in index.by_id.get(topic.id, ()):
            if candidate == topic:
                return index.places[id(candidate)][1]
        raise UnknownTopicError(
            f"topic {topic.id!r} ({topic.title!r}) is not in this roadmap", path=self.path
        )


if not TYPE_CHECKING:  # mypy sees the import above, and still flags any other name

    def __getattr__(name: str) -> object:
        # `Progress` has its own module (see there): `vaultroad.model.Progress`
        # names it as it always has, loading it on first use.
        if name == "Progress":
            from .progress import Progress

            return Progress
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _walk_topics(nodes: tuple[Node, ...]) -> Iterator[Topic]:
    for node in nodes:
        if isinstance(node, Topic):
            yield from node.walk()
        else:
            yield from _walk_topics(node.children)
