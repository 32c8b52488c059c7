"""What the last sync saw, so the next one knows who changed: the entries a run works with.

For each topic: its status at the last sync (the common ancestor of the
three-way merge), its note, and what it takes to recognise it. For each file
sync read or wrote: size, mtime and a hash, so an unchanged file is neither
parsed nor read again. The state lives in `.vaultroad/state.db` (`state_db`);
this module holds its entries, and reads the `state.json` of the previous
format so that the first run of this version migrates it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .digest import blake2b
from .model import Status

__all__ = ["FORMAT", "FileStamp", "State", "TopicState", "read_state_json", "stamp"]

FORMAT = "vaultroad.state/1"  # the format of `state.json`, read to migrate it


@dataclass(frozen=True, slots=True)
class FileStamp:
    size: int
    mtime_ns: int
    digest: str = ""

    def as_list(self) -> list[Any]:
        return [self.size, self.mtime_ns, self.digest]


def stamp(path: Path, data: bytes | None = None) -> FileStamp | None:
    """The file's size and mtime, with the hash of `data` when given; None if missing."""
    try:
        info = path.stat()
    except OSError:
        return None
    digest = blake2b(data, digest_size=16).hexdigest() if data is not None else ""
    return FileStamp(info.st_size, info.st_mtime_ns, digest)


@dataclass(slots=True)
class TopicState:
    status: Status
    roadmap: str  # vault-relative roadmap path
    note: str  # vault-relative note path
    completed: str | None = None  # ISO date
    content: str = ""  # hash of what the note's managed block shows
    # What it takes to recognise the topic after an edit gives it a new id
    # (identity.py): its title, its text and its section path.
    title: str = ""
    text: str = ""
    section: tuple[str, ...] = ()
    # The date (ISO) a sync found the topic gone from its roadmap; its note
    # is kept and reported until the topic comes back, is relinked or the
    # note is deleted.
    removed: str | None = None
    # The id the topic's note still names after an edit (identity.py) or
    # `relink` gave the entry a new one: a sync accepts the note, rewrites its
    # `topic:` and adds the title to its aliases; kept until that write lands.
    former: str | None = None


@dataclass(slots=True)
class State:
    topics: dict[str, TopicState] = field(default_factory=dict)
    files: dict[str, FileStamp] = field(default_factory=dict)
    roadmaps: list[str] = field(default_factory=list)
    first_run: bool = True
    # Topics the run could not settle (a conflict, a note it could not read or
    # write): the next sync must look at them even if no file changed.
    unsettled: list[str] = field(default_factory=list)


def _topic(value: dict[str, Any]) -> TopicState:
    """One topic's entry as `State.to_json` writes it."""
    return TopicState(
        status=Status(value["status"]),
        roadmap=str(value["roadmap"]),
        note=str(value["note"]),
        completed=value.get("completed"),
        content=str(value.get("content", "")),
        title=str(value.get("title", "")),
        text=str(value.get("text", "")),
        section=tuple(str(part) for part in value.get("section", ())),
        removed=str(value["removed"]) if value.get("removed") else None,
        former=str(value["former"]) if value.get("former") else None,
    )


def read_state_json(path: Path) -> tuple[State, str | None]:
    """A `state.json` of the previous format (`vaultroad.state/1`), for its migration to
    the database (`state_db`): the state, or a fresh first-run state and the reason the
    file was not used."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return State(), None
    except (OSError, UnicodeDecodeError) as error:
        return State(), f"unreadable ({error}); treated as a first run"
    try:
        data = json.loads(raw)
        if data.get("format") != FORMAT:
            return State(), f"unknown format {data.get('format')!r}; treated as a first run"
        topics = {key: _topic(value) for key, value in data["topics"].items()}
        files = {
            key: FileStamp(int(value[0]), int(value[1]), str(value[2]))
            for key, value in data["files"].items()
        }
        roadmaps = [str(item) for item in data["roadmaps"]]
        unsettled = [str(item) for item in data.get("unsettled", ())]
    except (ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        return State(), f"corrupt ({error.__class__.__name__}); treated as a first run"
    state = State(topics=topics, files=files, roadmaps=roadmaps, first_run=False)
    state.unsettled = unsettled
    return state, None


_GITIGNORE = b"# vaultroad's state and tree cache belong to this machine: not committed.\n*\n"


def ensure_gitignore(directory: Path) -> None:
    """Give the state folder a `.gitignore` of `*`, as pytest and ruff do for their
    caches, so a vault that is a git repository never shows it as untracked.
    Written once, under the sync's lock (a killed write is swept like any other)."""
    from .fileio import create_file

    path = directory / ".gitignore"
    if not os.path.lexists(path):
        create_file(path, _GITIGNORE)
