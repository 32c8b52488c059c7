"""What a sync reports: the files it wrote, the conflicts and problems it found."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Status

__all__ = ["Conflict", "FileChange", "SyncIssue", "SyncReport"]


@dataclass(frozen=True, slots=True)
class FileChange:
    path: str  # vault-relative, POSIX
    kind: str  # "roadmap", "note", "stub" or "summary"
    action: str  # "create" or "update"
    topics: tuple[str, ...] = ()  # titles whose status this write carries
    diff: str | None = None


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
class SyncReport:
    changes: tuple[FileChange, ...]
    conflicts: tuple[Conflict, ...]
    problems: tuple[SyncIssue, ...]
    roadmaps: int
    topics: int
    first_run: bool
    dry_run: bool
    notices: tuple[str, ...] = ()

    @property
    def in_sync(self) -> bool:
        return not self.conflicts and not self.problems
