"""The state database's tables, and what a run knows it by: its file names,
its format, and the version of its groups of shared topics (`state_db`
reads and opens it, `state_writer` writes a run's transaction)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

__all__ = [
    "CHUNK",
    "DB_NAME",
    "FORMAT",
    "HISTORY_SCHEMA",
    "LEGACY_NAME",
    "MEMBERS_SCHEMA",
    "MEMBERS_VERSION",
    "SCHEMA",
    "MemberRow",
    "RoadmapRow",
    "statements",
]

DB_NAME = "state.db"
LEGACY_NAME = "state.json"
FORMAT = "vaultroad.state/2"

# Added to a database of the version before it by its first run (`StateStore.seeding`).
HISTORY_SCHEMA = """
CREATE TABLE history (
    seq INTEGER PRIMARY KEY,
    date TEXT NOT NULL,
    topic TEXT NOT NULL,
    roadmap TEXT NOT NULL,
    before TEXT,
    after TEXT NOT NULL
);
CREATE INDEX history_by_roadmap ON history (roadmap, date);
"""

# The vault's groups of shared topics (`sync_groups`): one row per member, with
# what the notes of the other members show of it. The meta key `members` says
# the rows are those of the roadmaps' kept candidates; any write of a
# `roadmaps` row drops it (these triggers fire for any writer, an older
# vaultroad's included), and a run of this version sets it again once the
# rows it wrote match: a table another writer left behind is never trusted.
MEMBERS_SCHEMA = """
CREATE TABLE members (
    topic TEXT NOT NULL,
    grp INTEGER NOT NULL,
    roadmap TEXT NOT NULL,
    title TEXT NOT NULL,
    line INTEGER NOT NULL,
    note TEXT NOT NULL,
    done INTEGER NOT NULL,
    digest TEXT NOT NULL,
    PRIMARY KEY (grp, roadmap, line, topic)  -- the order they are read in
) WITHOUT ROWID;
CREATE INDEX members_by_roadmap ON members (roadmap);
CREATE TRIGGER members_stale_insert AFTER INSERT ON roadmaps
    BEGIN DELETE FROM meta WHERE key = 'members'; END;
CREATE TRIGGER members_stale_update AFTER UPDATE ON roadmaps
    BEGIN DELETE FROM meta WHERE key = 'members'; END;
CREATE TRIGGER members_stale_delete AFTER DELETE ON roadmaps
    BEGIN DELETE FROM meta WHERE key = 'members'; END;
"""
MEMBERS_VERSION = "1"
# A member as the table keeps it: (topic id, group number, roadmap, title, line,
# note link, done, group digest).
MemberRow = tuple[str, int, str, str, int, str, bool, str]

SCHEMA = (
    """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE topics (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    roadmap TEXT NOT NULL,
    note TEXT NOT NULL,
    note_key TEXT NOT NULL,
    completed TEXT,
    content TEXT NOT NULL,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    section TEXT NOT NULL,
    removed TEXT,
    former TEXT
) WITHOUT ROWID;
CREATE INDEX topics_by_roadmap ON topics (roadmap);
CREATE INDEX topics_by_note ON topics (note);
CREATE INDEX topics_by_note_key ON topics (note_key);
CREATE INDEX topics_removed ON topics (removed) WHERE removed IS NOT NULL;
CREATE TABLE files (
    path TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    digest TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE roadmaps (
    path TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    topics INTEGER NOT NULL,
    troubled INTEGER NOT NULL,
    part TEXT,
    keys TEXT
) WITHOUT ROWID;
CREATE TABLE unsettled (id TEXT PRIMARY KEY, roadmap TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE folders (path TEXT PRIMARY KEY, parent TEXT, mtime_ns INTEGER NOT NULL)
    WITHOUT ROWID;
CREATE INDEX folders_by_parent ON folders (parent);
CREATE TABLE names (path TEXT PRIMARY KEY, folder TEXT NOT NULL, stem TEXT NOT NULL)
    WITHOUT ROWID;
CREATE INDEX names_by_folder ON names (folder);
CREATE INDEX names_by_stem ON names (stem);
"""
    + HISTORY_SCHEMA
    + MEMBERS_SCHEMA
)

# SQLite takes at most this many `?` in one statement on older builds.
CHUNK = 500


@dataclass(frozen=True, slots=True)
class RoadmapRow:
    """What the state keeps of a roadmap besides its file's stamp."""

    title: str
    topics: int  # topics of it that have a note (as `places` counted them)
    troubled: bool  # the last run reported a problem in it: look again


def statements(script: str) -> list[str]:
    """The statements of `script`, one at a time (`executescript` would commit first);
    a trigger's body keeps its own `;` (`sqlite3.complete_statement` tells)."""
    found: list[str] = []
    pending = ""
    for part in script.split(";"):
        pending += part + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                found.append(pending)
            pending = ""
    return found
