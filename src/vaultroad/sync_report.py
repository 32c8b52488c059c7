"""What a sync reports: the files it wrote, the conflicts and problems it found."""

from __future__ import annotations

from dataclasses import dataclass

from .fileio import Stamp
from .model import Status

__all__ = ["Conflict", "FileChange", "RemovedTopic", "SyncIssue", "SyncReport"]


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

    changes: tuple[FileChange, ...]
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
