"""What a sync reports: the files it wrote, the conflicts and problems it found."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import overload

from .fileio import Stamp
from .model import Status
from .packed_strings import PackedStrings

__all__ = ["Conflict", "FileChange", "FileChanges", "RemovedTopic", "SyncIssue", "SyncReport"]


@dataclass(frozen=True, slots=True)
class FileChange:
    path: str  # vault-relative, POSIX
    kind: str  # "roadmap", "note", "stub", "summary" or "map"
    action: str  # "create" or "update"
    topics: tuple[str, ...] = ()  # titles whose status this write carries
    diff: str | None = None
    # The file's size and mtime as this write left it (None in a dry run): what
    # tells a later event on it from a save that came after (`watch`).
    stamp: Stamp | None = None


_KINDS = ("roadmap", "note", "stub", "summary", "map")
_ACTIONS = ("create", "update")
_NO_STAMP = -1


class FileChanges(Sequence[FileChange]):
    """The files a sync wrote, as a read-only sequence of `FileChange`, kept a column per field.

    A first sync of a large vault writes hundreds of thousands of notes; as one
    `FileChange` each (with its stamp's tuple, the stamp's two numbers and its
    titles' tuple), the report was the largest thing the run held at its end,
    about 250 bytes a note before its path. Here each change costs its path
    and its titles as UTF-8 (`packed_strings`: not a string object each), one
    byte for its kind and action, and machine integers for its stamp and for
    where its titles end; a `FileChange` is made when one is asked for.

    It compares equal to any tuple or list of the same changes (`changes == ()`).
    The run extends it as it writes (`extend`); a report's is not extended again.
    """

    __slots__ = ("_codes", "_diffs", "_mtimes", "_paths", "_sizes", "_title_ends", "_titles")

    def __init__(self, changes: Iterable[FileChange] = ()) -> None:
        # Paths and titles packed (`packed_strings`): as strings they were most of it.
        self._paths = PackedStrings()
        self._codes = bytearray()  # kind × 2 + action
        self._titles = PackedStrings()  # every change's titles, one after the other
        self._title_ends = array("Q")  # where each change's titles end in `_titles`
        self._diffs: dict[int, str] = {}  # only --diff asks for them
        self._sizes = array("q")
        self._mtimes = array("q")
        self.extend(changes)

    def extend(self, changes: Iterable[FileChange]) -> None:
        for change in changes:
            if change.diff is not None:
                self._diffs[len(self._paths)] = change.diff
            self._paths.append(change.path)
            self._codes.append(_KINDS.index(change.kind) * 2 + _ACTIONS.index(change.action))
            self._titles.extend(change.topics)
            self._title_ends.append(len(self._titles))
            stamp = change.stamp
            self._sizes.append(_NO_STAMP if stamp is None else stamp.size)
            self._mtimes.append(_NO_STAMP if stamp is None else stamp.mtime_ns)

    def __len__(self) -> int:
        return len(self._paths)

    @overload
    def __getitem__(self, index: int) -> FileChange: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[FileChange, ...]: ...

    def __getitem__(self, index: int | slice) -> FileChange | tuple[FileChange, ...]:
        if isinstance(index, slice):
            return tuple(self._change(number) for number in range(len(self))[index])
        return self._change(range(len(self))[index])  # an IndexError as a tuple's

    def __iter__(self) -> Iterator[FileChange]:
        return (self._change(number) for number in range(len(self._paths)))

    def _change(self, number: int) -> FileChange:
        kind, action = divmod(self._codes[number], 2)
        start = self._title_ends[number - 1] if number else 0
        titles = tuple(self._titles[at] for at in range(start, self._title_ends[number]))
        size = self._sizes[number]
        return FileChange(
            path=self._paths[number],
            kind=_KINDS[kind],
            action=_ACTIONS[action],
            topics=titles,
            diff=self._diffs.get(number),
            stamp=None if size == _NO_STAMP else Stamp(size, self._mtimes[number]),
        )

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FileChanges | tuple | list):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"FileChanges({list(self)!r})"


@dataclass(frozen=True, slots=True)
class Conflict:
    topic_id: str
    title: str
    roadmap: str
    line: int
    roadmap_status: Status
    note_status: Status
    note: str
    reason: str  # "both changed" or "no sync state"


@dataclass(frozen=True, slots=True)
class SyncIssue:
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        place = f"{self.path}:{self.line}" if self.line else self.path
        return f"{place}: {self.message}"


@dataclass(frozen=True, slots=True)
class RemovedTopic:
    """A note kept after its topic left its roadmap (its frontmatter says `removed:`)."""

    note: str  # vault-relative
    title: str
    roadmap: str  # the roadmap it was in
    since: str  # ISO date the sync found it gone

    def __str__(self) -> str:
        return f"{self.note}: {self.title!r} is no longer in {self.roadmap} (since {self.since})"


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What one `sync` did (or, with `dry_run`, would do) to a vault.

    `changes` are the files written (or to be written: roadmaps, notes,
    stubs, the summary), vault-relative; `conflicts` the topics changed on
    both sides to different statuses, for which nothing was written;
    `problems` what could not be read or written; `notices` what the user
    should know but need not act on (an interrupted run completed, leftovers
    removed). `removed` lists, on every run, the notes kept after their topic
    left its roadmap, until the topic comes back, is relinked or the note is
    deleted. `roadmaps` and `topics` count what was read.
    """

    changes: Sequence[FileChange]  # a `FileChanges` from `sync`
    conflicts: tuple[Conflict, ...]
    problems: tuple[SyncIssue, ...]
    roadmaps: int
    topics: int
    first_run: bool
    dry_run: bool
    notices: tuple[str, ...] = ()
    removed: tuple[RemovedTopic, ...] = ()

    @property
    def pending(self) -> bool:
        """A dry run found files to write: the vault is not in step yet."""
        return self.dry_run and bool(self.changes)

    @property
    def in_sync(self) -> bool:
        """No conflict, no problem, and nothing left to write."""
        return not self.conflicts and not self.problems and not self.pending
