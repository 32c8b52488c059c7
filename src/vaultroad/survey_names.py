"""The names a first sync in batches gives in its survey, kept on disk rather than in memory.

The survey of `sync_batches` names the note of every topic of the vault
before the first batch is planned. For a vault of thousands of roadmaps that
is hundreds of thousands of topic ids, note paths and folded note paths: as
Python strings in dicts and sets, about 500 bytes a topic, most of the run's
peak memory, and pymalloc keeps the arenas of those freed. They are kept in
a temporary SQLite database instead (its own page cache of a few megabytes)
and looked up one topic at a time, as the dicts and sets they replace were:

- `seen_ids`: topic id → the roadmap that has it (`sync_read.load_roadmaps`
  finds clashing ids with it);
- `taken`: the folded note paths named so far (`filenames.claim_note_path`);
- `notes`: topic id → its note, in the order they were first named, as a
  dict updated with each roadmap's notes keeps them.

Text is stored as UTF-8 with surrogates passed through (`surrogatepass`): a
title may hold a lone surrogate, which SQLite's own text encoding refuses,
and two strings are equal exactly when those bytes are.

The database is a file beside the state, named as `fileio`'s temporary files
are (`.<name>.<pid>-<n>.vaultroad-tmp`), so the one a killed run leaves is
removed by the next sync's clean-up; a dry run, which writes nothing in the
vault, keeps it in the system's temporary folder.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from pathlib import Path
from types import TracebackType

from .fileio import TEMP_SUFFIX

__all__ = ["SurveyNames"]

_SCHEMA = """
CREATE TABLE ids (id BLOB PRIMARY KEY, roadmap INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE taken (folded BLOB PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE notes (id BLOB NOT NULL UNIQUE, note BLOB NOT NULL);
"""
# The database's page cache: enough for the B-tree's inner pages, a fraction of the data.
_CACHE_KIB = 4096
_serial = itertools.count()


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _decode(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


class SurveyNames:
    """The survey's names (see the module); `close` (or the `with` block's end) deletes them."""

    def __init__(self, folder: Path | None) -> None:
        directory = folder if folder is not None else Path(tempfile.gettempdir())
        self.path = directory / f".survey.{os.getpid()}-{next(_serial)}{TEMP_SUFFIX}"
        # A throwaway file: no journal, no syncs, one transaction never committed
        # (what does not fit in the cache is written to the file as it goes).
        self._db = sqlite3.connect(self.path, isolation_level=None)
        try:
            self._db.execute("PRAGMA journal_mode = OFF")
            self._db.execute("PRAGMA synchronous = OFF")
            self._db.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
            self._db.execute("PRAGMA locking_mode = EXCLUSIVE")
            self._db.executescript(_SCHEMA)
            self._db.execute("BEGIN")
        except sqlite3.Error:
            self.close()
            raise
        self.seen_ids = SeenIds(self._db)
        self.taken = TakenPaths(self._db)
        self.notes = SurveyNotes(self._db)

    def close(self) -> None:
        self._db.close()
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> SurveyNames:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class SeenIds(MutableMapping[str, str]):
    """Topic id → the roadmap that has it, as a dict would hold it; the roadmaps' paths
    (a few thousand) are kept here, each row holds the number of one."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._roadmaps: list[str] = []
        self._numbers: dict[str, int] = {}

    def __getitem__(self, key: str) -> str:
        row = self._db.execute("SELECT roadmap FROM ids WHERE id = ?", (_encode(key),)).fetchone()
        if row is None:
            raise KeyError(key)
        number: int = row[0]
        return self._roadmaps[number]

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        query = "SELECT 1 FROM ids WHERE id = ?"
        return self._db.execute(query, (_encode(key),)).fetchone() is not None

    def __setitem__(self, key: str, roadmap: str) -> None:
        number = self._numbers.get(roadmap)
        if number is None:
            number = self._numbers[roadmap] = len(self._roadmaps)
            self._roadmaps.append(roadmap)
        query = "INSERT OR REPLACE INTO ids VALUES (?, ?)"
        self._db.execute(query, (_encode(key), number))

    def __delitem__(self, key: str) -> None:
        if self._db.execute("DELETE FROM ids WHERE id = ?", (_encode(key),)).rowcount == 0:
            raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (_decode(row[0]) for row in self._db.execute("SELECT id FROM ids"))

    def __len__(self) -> int:
        count: int = self._db.execute("SELECT count(*) FROM ids").fetchone()[0]
        return count


class TakenPaths:
    """The folded note paths named so far, in the database: the `filenames.NameClaims`
    of `claim_note_path` (`in` and `add`), and `len` and iteration as a set's."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __contains__(self, folded: object) -> bool:
        if not isinstance(folded, str):
            return False
        query = "SELECT 1 FROM taken WHERE folded = ?"
        return self._db.execute(query, (_encode(folded),)).fetchone() is not None

    def add(self, folded: str) -> None:
        self._db.execute("INSERT OR IGNORE INTO taken VALUES (?)", (_encode(folded),))

    def __len__(self) -> int:
        count: int = self._db.execute("SELECT count(*) FROM taken").fetchone()[0]
        return count

    def __iter__(self) -> Iterator[str]:
        return (_decode(row[0]) for row in self._db.execute("SELECT folded FROM taken"))

    def __bool__(self) -> bool:
        return len(self) > 0


class SurveyNotes(Mapping[str, str]):
    """Topic id → its note: a dict `update`d with each roadmap's notes (a topic named
    again keeps its place in `values`, which streams them from the database)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def update(self, notes: Iterable[tuple[str, str]]) -> None:
        self._db.executemany(
            "INSERT INTO notes VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET note = excluded.note",
            ((_encode(key), _encode(note)) for key, note in notes),
        )

    def __getitem__(self, key: str) -> str:
        row = self._db.execute("SELECT note FROM notes WHERE id = ?", (_encode(key),)).fetchone()
        if row is None:
            raise KeyError(key)
        return _decode(row[0])

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        query = "SELECT 1 FROM notes WHERE id = ?"
        return self._db.execute(query, (_encode(key),)).fetchone() is not None

    def __iter__(self) -> Iterator[str]:
        rows = self._db.execute("SELECT id FROM notes ORDER BY rowid")
        return (_decode(row[0]) for row in rows)

    def __len__(self) -> int:
        count: int = self._db.execute("SELECT count(*) FROM notes").fetchone()[0]
        return count

    def all_notes(self) -> Iterator[str]:
        """Every note, in the order a dict's `values` would give them, one row at a time."""
        rows = self._db.execute("SELECT note FROM notes ORDER BY rowid")
        return (_decode(row[0]) for row in rows)

    def of(self, keys: Iterable[str]) -> dict[str, str]:
        """The notes of `keys` that have one, as a dict (the notes of one batch's topics)."""
        found: dict[str, str] = {}
        for key in keys:
            row = self._db.execute(
                "SELECT note FROM notes WHERE id = ?", (_encode(key),)
            ).fetchone()
            if row is not None:
                found[key] = _decode(row[0])
        return found
