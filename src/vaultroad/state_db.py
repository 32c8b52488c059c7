"""`.vaultroad/state.db`: what the last sync saw, in SQLite, updated in place.

One row per topic (its status at the last sync, the base of the three-way
merge; its note; what it takes to recognise it after an edit), one per file
a sync read or wrote (size, mtime and a hash), one per roadmap (its title,
its topic count, its lines of the summary and its shared-topic candidates,
so that an unchanged roadmap is neither parsed nor loaded), the
topics the last run could not settle, the names of the vault's notes
(for `[[link]]` resolution, kept per folder), and the history of status
changes (`history`: one row per change a sync saw, kept across runs), and
the vault's groups of shared topics as the last run found them (`members`,
so that a run which changes no roadmap's candidates does not find them
again over the whole vault).

The database is in WAL mode and a sync writes it in one transaction, so a
sync killed at any point leaves the previous state whole; every write goes
through the fault seam (`faults.step`), so the fault tests kill and fail it
at each step. A missing database is a first run; a corrupt or foreign one is
a first run too, with a notice (never a crash), and is replaced when the run
saves. A `state.json` of the previous format is read on the first run and
removed once the database holding its state has committed. A database of
the version before the history has no `history` table: its first run looks
at the whole vault and seeds the history (`seeding`), and the table is
added in that run's transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import VaultroadError
from .faults import step
from .history import History, StatusChange
from .model import Status
from .state import FileStamp, State, TopicState, read_state_json
from .state_schema import (
    CHUNK,
    DB_NAME,
    FORMAT,
    HISTORY_SCHEMA,
    LEGACY_NAME,
    MEMBERS_SCHEMA,
    MEMBERS_VERSION,
    SCHEMA,
    MemberRow,
    RoadmapRow,
    statements,
)
from .state_writer import StateWriter

__all__ = ["StateStore", "integrity_problems"]


def _entry(row: tuple[Any, ...], roadmaps: dict[str, str]) -> tuple[str, TopicState]:
    """A `topics` row as the sync's entry (roadmap paths shared, not one string per row)."""
    (key, status, roadmap, note, completed, content, title, text, section, removed, former) = row
    return key, TopicState(
        status=Status(status),
        roadmap=roadmaps.setdefault(roadmap, roadmap),
        note=note,
        completed=completed,
        content=content,
        title=title,
        text=text,
        section=tuple(json.loads(section)),
        removed=removed,
        former=former,
    )


_TOPIC_COLUMNS = (
    "id, status, roadmap, note, completed, content, title, text, section, removed, former"
)


class StateStore:
    """The state of one vault, open for one run (a context manager: closed on exit).

    `first_run` says there is no usable state (none yet, or one that could not
    be read: `notice` says why). `legacy` is the state of a `state.json` of the
    previous format, to be migrated by the run's save.
    """

    def __init__(self, directory: Path, *, readonly: bool) -> None:
        self.directory = directory
        self.path = directory / DB_NAME
        self.readonly = readonly
        self.notice: str | None = None
        self.legacy: State | None = None
        self._connection: sqlite3.Connection | None = None
        self._usable = False  # the database holds a state of this format
        self._history = False  # it has the history table (a version before it had not)
        self._members = False  # it has the members table (likewise)
        self._replace = False  # a corrupt or foreign file is in the database's place
        self._open()

    # --- opening

    def _open(self) -> None:
        if os.path.lexists(self.path):
            try:
                self._connection = self._connect(create=False)
                self._usable = self._check()
            except sqlite3.DatabaseError as error:
                self._close_quietly()
                self._replace = True
                self.notice = f"unreadable ({_reason(error)}); treated as a first run"
                return
        if not self._usable and self.notice is None:
            self._read_legacy()

    def _connect(self, *, create: bool) -> sqlite3.Connection:
        name = os.fspath(self.path)
        if self.readonly:
            # A dry run writes nothing, not even SQLite's shared-memory file:
            # with no WAL left by a killed run the database file is complete
            # and is read as an immutable file.
            wal = os.path.lexists(name + "-wal")
            uri = Path(name).absolute().as_uri() + ("?mode=ro" if wal else "?mode=ro&immutable=1")
            connection = sqlite3.connect(uri, uri=True, isolation_level=None)
        else:
            if create:
                step("create", self.path)
            connection = sqlite3.connect(name, isolation_level=None)
        try:
            if self.readonly:
                connection.execute("PRAGMA query_only = ON")
            else:
                # Every commit on disk before the sync says it is done.
                connection.execute("PRAGMA synchronous = FULL")
        except BaseException:
            connection.close()
            raise
        return connection

    def _check(self) -> bool:
        """Whether the database holds a state this version reads (else a notice, or nothing
        for a database a killed first run left without any state)."""
        connection = self._connection
        assert connection is not None
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if not tables:
            return False  # created by a run killed before its first commit: no state yet
        if "meta" not in tables:
            self._replace = True
            self.notice = "not a vaultroad state; treated as a first run"
            return False
        found = connection.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        if found is None or found[0] != FORMAT:
            self._replace = True
            shown = None if found is None else found[0]
            self.notice = f"unknown format {shown!r}; treated as a first run"
            return False
        self._history = "history" in tables
        self._members = "members" in tables
        return True

    def _read_legacy(self) -> None:
        legacy = self.directory / LEGACY_NAME
        if not os.path.lexists(legacy):
            return
        state, reason = read_state_json(legacy)
        if reason:
            self.notice = f"{LEGACY_NAME}: {reason}"
            return
        self.legacy = state

    def _close_quietly(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self._connection.close()
            self._connection = None

    def close(self) -> None:
        self._close_quietly()

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reading

    @property
    def first_run(self) -> bool:
        return not self._usable and self.legacy is None

    def _rows(self, query: str, parameters: Iterable[Any] = ()) -> Iterator[tuple[Any, ...]]:
        if not self._usable or self._connection is None:
            return iter(())
        try:
            return iter(self._connection.execute(query, tuple(parameters)).fetchall())
        except sqlite3.DatabaseError as error:
            raise VaultroadError(f"cannot read: {_reason(error)}", path=str(self.path)) from None

    def _chunked(self, query: str, keys: Collection[object]) -> Iterator[tuple[Any, ...]]:
        """`query` (with one `{}` for a list of `?`) run over `keys`, a chunk at a time."""
        items = list(keys)
        for start in range(0, len(items), CHUNK):
            chunk = items[start : start + CHUNK]
            yield from self._rows(query.format(", ".join("?" * len(chunk))), chunk)

    def everything(self) -> bool:
        """The last run left something outside any topic unsettled, or the state has no
        history yet (`seeding`): look at everything."""
        return (self._usable and not self._history) or self.meta("everything") is not None

    @property
    def seeding(self) -> bool:
        """This run starts the history: a first run, a `state.json` to migrate, or a database
        of the version before the history. It seeds it from the notes' completion dates
        (`history.seed_changes`) instead of recording changes."""
        return not (self._usable and self._history)

    def histories(self) -> dict[str, History]:
        """roadmap → its history (net topics done per day), summed up by the database:
        a roadmap's thousand changes are a few dozen days."""
        if not self._history:
            return {}
        rows = self._rows(
            "SELECT roadmap, date, SUM((after = 'done') - (coalesce(before, '') = 'done'))"
            " FROM history GROUP BY roadmap, date"
        )
        days: dict[str, list[tuple[dt.date, int]]] = {}
        for roadmap, date, delta in rows:
            days.setdefault(roadmap, []).append((dt.date.fromisoformat(date), int(delta)))
        return {roadmap: History.from_days(found) for roadmap, found in days.items()}

    def changes(self) -> list[StatusChange]:
        """Every change of the history, oldest first (for tests and tools; a sync reads
        `histories`)."""
        if not self._history:
            return []
        return [
            StatusChange(
                dt.date.fromisoformat(date),
                topic,
                roadmap,
                None if before is None else Status(before),
                Status(after),
            )
            for date, topic, roadmap, before, after in self._rows(
                "SELECT date, topic, roadmap, before, after FROM history ORDER BY seq"
            )
        ]

    def meta(self, key: str) -> str | None:
        """A value the last run kept for this one (None when there is none)."""
        found = next(self._rows("SELECT value FROM meta WHERE key = ?", [key]), None)
        return None if found is None else str(found[0])

    def files(self, *kinds: str) -> dict[str, tuple[str, int, int, str]]:
        """path → (kind, size, mtime_ns, digest) of the files of these kinds ("roadmap",
        "note", "summary", "config"; all when none is given) the last sync recorded."""
        if not kinds:
            return {row[0]: row[1:] for row in self._rows("SELECT * FROM files")}
        return {
            row[0]: row[1:]
            for row in self._chunked("SELECT * FROM files WHERE kind IN ({})", kinds)
        }

    def note_stamps(self) -> Iterator[tuple[str, int, int]]:
        """(path, size, mtime_ns) of every note the last sync recorded, read as they are
        used (a vault's notes are hundreds of thousands)."""
        return self._stream("SELECT path, size, mtime_ns FROM files WHERE kind = 'note'")

    def roadmaps(self) -> dict[str, RoadmapRow]:
        return {
            path: RoadmapRow(title, topics, bool(troubled))
            for path, title, topics, troubled in self._rows(
                "SELECT path, title, topics, troubled FROM roadmaps"
            )
        }

    def unsettled(self) -> list[tuple[str, str]]:
        """(topic id, roadmap) of the topics the last run could not settle."""
        return [(key, roadmap) for key, roadmap in self._rows("SELECT id, roadmap FROM unsettled")]

    def unstamped_notes(self) -> list[str]:
        """Notes of topics whose file the last run did not record: to be looked at again."""
        return [
            row[0]
            for row in self._rows(
                "SELECT t.note FROM topics t LEFT JOIN files f ON f.path = t.note"
                " WHERE f.path IS NULL"
            )
        ]

    def topics_of_notes(self, notes: Collection[str]) -> list[tuple[str, str, bool]]:
        """(topic id, roadmap, removed) of the topics whose note is one of `notes`."""
        return [
            (key, roadmap, removed is not None)
            for key, roadmap, removed in self._chunked(
                "SELECT id, roadmap, removed FROM topics WHERE note IN ({})", notes
            )
        ]

    def load(self, roadmaps: Collection[str] | None = None) -> State:
        """The state of the topics of `roadmaps` and of every removed topic (all topics
        when `roadmaps` is None), with the stamps of their notes."""
        if self.legacy is not None:
            return self.legacy
        if not self._usable:
            return State()
        shared: dict[str, str] = {}
        query = f"SELECT {_TOPIC_COLUMNS} FROM topics"
        if roadmaps is None:
            rows: Iterable[tuple[Any, ...]] = self._rows(query)
        else:
            rows = [
                *self._chunked(query + " WHERE roadmap IN ({})", roadmaps),
                *self._rows(query + " WHERE removed IS NOT NULL"),
            ]
        topics = dict(_entry(row, shared) for row in rows)
        stamps = "SELECT path, size, mtime_ns, digest FROM files"
        if roadmaps is None:
            found: Iterable[tuple[Any, ...]] = self._rows(stamps)
        else:
            found = self._chunked(stamps + " WHERE path IN ({})", {e.note for e in topics.values()})
        files = {path: FileStamp(size, mtime, digest) for path, size, mtime, digest in found}
        return State(topics=topics, files=files, roadmaps=list(self.roadmaps()), first_run=False)

    def removed(self) -> dict[str, TopicState]:
        """The entries of topics gone from their roadmaps (reported on every run)."""
        shared: dict[str, str] = {}
        return dict(
            _entry(row, shared)
            for row in self._rows(f"SELECT {_TOPIC_COLUMNS} FROM topics WHERE removed IS NOT NULL")
        )

    def note_taken(self, folded: str) -> bool:
        """Whether a topic of the state has the note `folded` (`filenames.fold_path`)."""
        return any(True for _ in self._rows("SELECT 1 FROM topics WHERE note_key = ?", [folded]))

    def topic_roadmaps(self, ids: Collection[str]) -> dict[str, str]:
        """topic id → its roadmap, for those of `ids` the state knows."""
        return dict(self._chunked("SELECT id, roadmap FROM topics WHERE id IN ({})", ids))

    def completed(self, skip: Collection[str], count: int) -> list[tuple[str, str, str, str]]:
        """(date, note, title, roadmap) of the present topics done on a recorded date, but
        for those of the `skip` roadmaps: the `count` latest, and every other one of the
        last of their dates (the caller orders a day's topics by their note links). Read
        latest first and no further: a vault has hundreds of thousands."""
        found: list[tuple[str, str, str, str]] = []
        if count <= 0:
            return found
        for row in self._stream(
            "SELECT completed, note, title, roadmap FROM topics"
            " WHERE completed IS NOT NULL AND status = 'done' AND removed IS NULL"
            " ORDER BY completed DESC"
        ):
            if row[3] in skip:
                continue
            if len(found) >= count and row[0] != found[-1][0]:
                break
            found.append((row[0], row[1], row[2], row[3]))
        return found

    def statuses(self, ids: Collection[str]) -> dict[str, Status]:
        return {
            key: Status(status)
            for key, status in self._chunked("SELECT id, status FROM topics WHERE id IN ({})", ids)
        }

    def statuses_of_notes(self, notes: Collection[str]) -> dict[str, Status]:
        """note → the status of its topic, for those of `notes` that are present topics'
        (a topic given a new id by an edit keeps its note)."""
        return {
            note: Status(status)
            for note, status in self._chunked(
                "SELECT note, status FROM topics WHERE removed IS NULL AND note IN ({})", notes
            )
        }

    def notes_of_topics(self, ids: Collection[str]) -> list[tuple[str, str]]:
        """(topic id, note) of those of `ids` that are present topics of the state."""
        return [
            (key, note)
            for key, note in self._chunked(
                "SELECT id, note FROM topics WHERE removed IS NULL AND id IN ({})", ids
            )
        ]

    def note_of(self, topic_id: str) -> str | None:
        found = next(
            self._rows("SELECT note FROM topics WHERE id = ? AND removed IS NULL", [topic_id]), None
        )
        return None if found is None else str(found[0])

    def blobs(self, column: str, paths: Collection[str] | None = None) -> Iterator[tuple[str, str]]:
        """(roadmap path, its `part` or its `keys`) of every roadmap that has one (of those
        of `paths` when given), read as they are used (a large vault's are tens of
        megabytes)."""
        if column not in ("part", "keys"):
            raise ValueError(column)
        query = f"SELECT path, {column} FROM roadmaps WHERE {column} IS NOT NULL"
        if paths is None:
            return self._stream(query)
        return self._chunked(query + " AND path IN ({})", paths)

    def members(self) -> Iterator[MemberRow] | None:
        """The vault's groups of shared topics as the last run left them: (topic id, group
        number, roadmap, title, line, note link, done, group digest) by group, then
        roadmap, line and id, read as they are used (a large vault's groups have
        hundreds of thousands of members); None when the rows are not known to match
        the roadmaps' kept candidates (see `MEMBERS_SCHEMA`)."""
        if not self._members_current():
            return None
        return self._stream("SELECT * FROM members ORDER BY grp, roadmap, line, topic")

    def members_sharing_with(self, paths: Collection[str]) -> Iterator[MemberRow] | None:
        """The rows of `members` (in its order) of the groups with a member in one of the
        roadmaps of `paths`: every group their topics are in, not the vault's."""
        if not self._members_current():
            return None
        query = "SELECT DISTINCT grp FROM members WHERE roadmap IN ({})"
        numbers = sorted({row[0] for row in self._chunked(query, paths)})
        return self._chunked(
            "SELECT * FROM members WHERE grp IN ({}) ORDER BY grp, roadmap, line, topic", numbers
        )

    def _members_current(self) -> bool:
        return self._members and self.meta("members") == MEMBERS_VERSION

    def _stream(self, query: str) -> Iterator[tuple[Any, ...]]:
        """`query`'s rows one at a time, as `_rows` but never all of them in memory."""
        if not self._usable or self._connection is None:
            return
        try:
            yield from self._connection.execute(query)
        except sqlite3.DatabaseError as error:
            raise VaultroadError(f"cannot read: {_reason(error)}", path=str(self.path)) from None

    def folders(self) -> dict[str, tuple[str | None, int]]:
        """folder → (parent, mtime_ns) of the vault's folders as the name index last saw them."""
        return {
            path: (parent, mtime) for path, parent, mtime in self._rows("SELECT * FROM folders")
        }

    def names_with_stems(self, stems: Collection[str]) -> list[str]:
        """Vault-relative paths of the notes whose folded stem is one of `stems`."""
        return [row[0] for row in self._chunked("SELECT path FROM names WHERE stem IN ({})", stems)]

    # --- writing

    @contextlib.contextmanager
    def transaction(self) -> Iterator[StateWriter]:
        """One transaction: all of it lands, or none of it (a kill, an error, a full disk).

        Raises `VaultroadError` naming the database when it cannot be written.
        """
        if self.readonly:
            raise RuntimeError("a read-only state is not written")
        try:
            if self._replace:
                self._close_quietly()
                self._remove_files()
                self._replace = False
            new = self._connection is None
            if new:
                self._connection = self._connect(create=True)
            connection = self._connection
            assert connection is not None
            step("write", self.path)
            if not self._usable:
                connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("BEGIN IMMEDIATE")
        except (OSError, sqlite3.Error) as error:
            self._close_quietly()
            raise VaultroadError(f"cannot write: {_reason(error)}", path=str(self.path)) from None
        try:
            if not self._usable:
                if not any(connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table'")):
                    # One statement at a time: `executescript` would commit first.
                    for statement in statements(SCHEMA):
                        connection.execute(statement)
                connection.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('format', ?)", [FORMAT]
                )
            else:
                added = ("" if self._history else HISTORY_SCHEMA) + (
                    "" if self._members else MEMBERS_SCHEMA
                )
                for statement in statements(added):
                    connection.execute(statement)
            yield StateWriter(connection, self.path)
            step("commit", self.path)
            connection.execute("COMMIT")
        except (OSError, sqlite3.Error) as error:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
            raise VaultroadError(f"cannot write: {_reason(error)}", path=str(self.path)) from None
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
            raise
        self._usable = True
        self._history = self._members = True
        if self.legacy is not None:
            self.legacy = None
            self._remove_legacy()

    def _remove_files(self) -> None:
        """The corrupt or foreign file in the database's place, and its journal."""
        for suffix in ("", "-wal", "-shm", "-journal"):
            name = os.fspath(self.path) + suffix
            if os.path.lexists(name):
                step("unlink", name)
                os.unlink(name)  # noqa: PTH108 (a string path)

    def _remove_legacy(self) -> None:
        """The migrated `state.json`: the database holds its state now. Left in place when
        it cannot be removed: a usable database is read first, and the next run tries again."""
        legacy = self.directory / LEGACY_NAME
        try:
            step("unlink", legacy)
            legacy.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            pass

    def remove_stale_legacy(self) -> None:
        """A `state.json` beside a usable database: the removal after its migration failed."""
        if self._usable and not self.readonly and os.path.lexists(self.directory / LEGACY_NAME):
            self._remove_legacy()


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error) or error.__class__.__name__


def integrity_problems(directory: Path) -> list[str]:
    """What is wrong with the state database in `directory` (nothing when there is none):
    for the fault tests, which check that a killed run leaves it whole."""
    path = directory / DB_NAME
    if not path.exists():
        return []
    try:
        with contextlib.closing(sqlite3.connect(os.fspath(path), isolation_level=None)) as db:
            found = [row[0] for row in db.execute("PRAGMA integrity_check")]
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if tables:
                fmt = db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
                if fmt is None or fmt[0] != FORMAT:
                    found.append(f"format {fmt!r}")
    except sqlite3.DatabaseError as error:
        return [f"{DB_NAME} is not a whole database: {error}"]
    return (
        [] if found == ["ok"] else [f"{DB_NAME}: {problem}" for problem in found if problem != "ok"]
    )
