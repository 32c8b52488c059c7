"""The writes of one sync's transaction on the state database (`StateStore.transaction`
opens it): each replaces the rows of what the run looked at, through the fault seam."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

from .faults import step
from .history import StatusChange
from .state import FileStamp, TopicState
from .state_schema import CHUNK, MemberRow, RoadmapRow

__all__ = ["StateWriter"]


def _fold_path(path: str) -> str:
    from .filenames import fold_path  # the one definition of a note name's identity

    return fold_path(path)


class StateWriter:
    """The writes of one transaction (`StateStore.transaction`)."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._connection = connection
        self._path = path

    def _many(self, query: str, rows: Iterable[tuple[Any, ...]]) -> None:
        self._connection.executemany(query, rows)

    def _each_chunk(self, query: str, keys: Collection[str]) -> None:
        items = list(keys)
        for start in range(0, len(items), CHUNK):
            chunk = items[start : start + CHUNK]
            self._connection.execute(query.format(", ".join("?" * len(chunk))), chunk)

    def clear(self) -> None:
        """Forget every topic, file and roadmap (a full run records them all again)."""
        step("write", self._path)
        for table in ("topics", "files", "roadmaps", "unsettled", "members"):
            self._connection.execute(f"DELETE FROM {table}")

    def topics(self, drop: Collection[str], put: Iterable[tuple[str, TopicState]]) -> None:
        """Remove the entries of `drop`, then write each (id, entry) of `put`."""
        step("write", self._path)
        self._each_chunk("DELETE FROM topics WHERE id IN ({})", drop)
        self._many(
            "INSERT OR REPLACE INTO topics VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    key,
                    entry.status.value,
                    entry.roadmap,
                    entry.note,
                    _fold_path(entry.note),
                    entry.completed,
                    entry.content,
                    entry.title,
                    entry.text,
                    json.dumps(list(entry.section), ensure_ascii=False),
                    entry.removed,
                    entry.former,
                )
                for key, entry in put
            ),
        )

    def files(self, drop: Collection[str], put: Iterable[tuple[str, str, FileStamp]]) -> None:
        """Remove the stamps of `drop`, then write each (path, kind, stamp) of `put`."""
        step("write", self._path)
        self._each_chunk("DELETE FROM files WHERE path IN ({})", drop)
        self._many(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
            ((path, kind, s.size, s.mtime_ns, s.digest) for path, kind, s in put),
        )

    def roadmaps(
        self,
        drop: Collection[str],
        put: Iterable[tuple[str, RoadmapRow, str | None, str | None]],
    ) -> None:
        """Remove the rows of `drop`, then write each (path, row, part, keys) of `put`."""
        step("write", self._path)
        self._each_chunk("DELETE FROM roadmaps WHERE path IN ({})", drop)
        self._many(
            "INSERT OR REPLACE INTO roadmaps VALUES (?, ?, ?, ?, ?, ?)",
            (
                (path, row.title, row.topics, int(row.troubled), part, keys)
                for path, row, part, keys in put
            ),
        )

    def members(
        self,
        drop: Collection[str] | None,
        put: Iterable[MemberRow],
    ) -> None:
        """Remove the members of the roadmaps of `drop` (all of them when None), then
        write each of `put` (as `StateStore.members` reads them)."""
        step("write", self._path)
        if drop is None:
            self._connection.execute("DELETE FROM members")
        else:
            self._each_chunk("DELETE FROM members WHERE roadmap IN ({})", drop)
        self._many(
            "INSERT OR REPLACE INTO members VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (key, grp, roadmap, title, line, note, int(done), digest)
                for key, grp, roadmap, title, line, note, done, digest in put
            ),
        )

    def parts(self, put: Iterable[tuple[str, str]]) -> None:
        """Each (roadmap path, its part of the summary) of `put` (roadmaps it has rows of)."""
        step("write", self._path)
        self._many("UPDATE roadmaps SET part = ? WHERE path = ?", ((p, r) for r, p in put))

    def unsettled(self, topics: Iterable[tuple[str, str]], *, everything: bool) -> None:
        """The topics the next run must look at again; `everything`: all of the vault."""
        step("write", self._path)
        self._connection.execute("DELETE FROM unsettled")
        self._many("INSERT OR REPLACE INTO unsettled VALUES (?, ?)", topics)
        if everything:
            self._connection.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('everything', '1')"
            )
        else:
            self._connection.execute("DELETE FROM meta WHERE key = 'everything'")

    def meta(self, key: str, value: str | None) -> None:
        """Keep `value` for the next run under `key` (None: forget it)."""
        step("write", self._path)
        if value is None:
            self._connection.execute("DELETE FROM meta WHERE key = ?", [key])
        else:
            self._connection.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, value]
            )

    def history(self, changes: Iterable[StatusChange]) -> None:
        """Add `changes` to the history (it is never cleared: a full run adds to it too)."""
        rows = list(changes)
        if not rows:
            return
        step("write", self._path)
        self._many(
            "INSERT INTO history (date, topic, roadmap, before, after) VALUES (?, ?, ?, ?, ?)",
            (
                (
                    c.date.isoformat(),
                    c.topic,
                    c.roadmap,
                    None if c.before is None else c.before.value,
                    c.after.value,
                )
                for c in rows
            ),
        )

    def rename_history(self, renamed: Mapping[str, str]) -> None:
        """The history of each roadmap file renamed (old path → new path) under its new path."""
        if renamed:
            step("write", self._path)
            self._many(
                "UPDATE history SET roadmap = ? WHERE roadmap = ?",
                ((new, old) for old, new in renamed.items()),
            )

    def folders(
        self,
        drop: Collection[str],
        put: Iterable[tuple[str, str | None, int]],
        names: Iterable[tuple[str, str, str]],
    ) -> None:
        """The name index: folders to forget (with their names), folders seen (path,
        parent, mtime) whose names are replaced by `names` (path, folder, stem)."""
        step("write", self._path)
        rows = list(put)
        self._each_chunk("DELETE FROM folders WHERE path IN ({})", drop)
        self._each_chunk("DELETE FROM names WHERE folder IN ({})", [*drop, *(r[0] for r in rows)])
        self._many("INSERT OR REPLACE INTO folders VALUES (?, ?, ?)", rows)
        self._many("INSERT OR REPLACE INTO names VALUES (?, ?, ?)", names)
