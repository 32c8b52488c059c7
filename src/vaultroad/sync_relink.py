"""`relink`: the user says which topic a note belongs to, where sync would not guess.

Sync never guesses an unsure match (two topics that could be one, a reworded
title below the threshold): the old note stays, marked removed or left as
it was, and the new topic may have a fresh note of its own. `relink NOTE
ROADMAP:LINE` settles it: the topic at that line takes the note, with the
note's status and completion date (the roadmap's marker follows the note on
the sync that `relink` runs), and the note takes the topic's new title as
an alias. A fresh note the new topic got meanwhile is removed only when it
still holds exactly what sync wrote into it; one the user wrote in is kept,
and nothing is changed until the two notes are merged by hand.

The change itself is one transaction on the sync state, under the vault's
lock; the sync that follows looks at the whole vault and does every file
write, with its usual checks.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

from .config import CONFIG_NAME
from .errors import ArgumentError, ConcurrentChangeError, VaultroadError
from .fileio import read_regular, remove_unchanged
from .lock import vault_lock
from .model import Roadmap, Topic
from .parser import parse
from .source import decode
from .state import FileStamp, State, TopicState
from .state_db import StateStore
from .sync_places import walk
from .sync_report import SyncReport
from .vault import Vault

__all__ = ["relink"]


def relink(
    root: str | os.PathLike[str],
    note: str | os.PathLike[str],
    roadmap: str | os.PathLike[str],
    line: int,
    *,
    today: dt.date | None = None,
) -> SyncReport:
    """Give `note` (a topic note of the vault at `root`) to the topic at `roadmap:line`,
    then sync. Paths may be absolute, or relative to the current folder."""
    from .synchronize import sync  # relink is a sync with one decision made by the user

    vault = Vault.open(root)
    note_rel = _inside(vault, Path(note), "note")
    roadmap_rel = _inside(vault, Path(roadmap), "roadmap")
    with vault_lock(vault.state_dir), StateStore(vault.state_dir, readonly=False) as store:
        if store.first_run:
            raise VaultroadError(
                "no sync state to relink in: run vaultroad sync first",
                path=os.fspath(store.path),
            )
        state = store.load()
        before = (dict(state.topics), dict(state.files))
        old_id, old = _entry_of(state, note_rel)
        data, _ = read_regular(vault.root / roadmap_rel)
        text = decode(data, roadmap_rel)
        tree = parse(text, roadmap_rel, symbols=vault.config.symbols or None)
        topic, section = _topic_at(tree, line, roadmap_rel)
        if topic.id != old_id:
            _move(vault, state, old_id, old, topic, section, roadmap_rel)
            _save(vault, store, state, *before)
    return sync(vault.root, today=today)


def _save(
    vault: Vault,
    store: StateStore,
    state: State,
    topics: dict[str, TopicState],
    files: dict[str, FileStamp],
) -> None:
    """The entries and stamps `_move` changed, in one transaction; the next sync looks at
    the whole vault. A `state.json` not migrated yet is written whole first."""
    legacy = store.legacy is not None
    with store.transaction() as writer:
        if legacy:
            writer.clear()
        writer.topics(
            [key for key in topics if key not in state.topics],
            (
                (key, entry)
                for key, entry in state.topics.items()
                if legacy or topics.get(key) is not entry
            ),
        )
        writer.files(
            [path for path in files if path not in state.files],
            (
                (path, _kind(vault, state, path), stamp)
                for path, stamp in state.files.items()
                if legacy
            ),
        )
        writer.unsettled((), everything=True)


def _kind(vault: Vault, state: State, path: str) -> str:
    """What a file of a `state.json` was, which it did not say."""
    if path == CONFIG_NAME:
        return "config"
    if path == vault.config.summary:
        return "summary"
    return "roadmap" if path in state.roadmaps else "note"


def _inside(vault: Vault, path: Path, what: str) -> str:
    """`path` as a vault-relative POSIX path (given absolute, vault-relative or cwd-relative)."""
    candidates = [path] if path.is_absolute() else [Path.cwd() / path, vault.root / path]
    for candidate in candidates:
        if candidate.is_file():
            try:
                return candidate.resolve().relative_to(vault.root.resolve()).as_posix()
            except ValueError:
                break
    raise ArgumentError(f"no {what} file in the vault at this path", path=os.fspath(path))


def _entry_of(state: State, note: str) -> tuple[str, TopicState]:
    for key, entry in state.topics.items():
        if entry.note == note:
            return key, entry
    raise ArgumentError("not a topic note of the last sync", path=note)


def _topic_at(tree: Roadmap, line: int, roadmap: str) -> tuple[Topic, tuple[str, ...]]:
    for topic, section, _ in walk(tree):
        if topic.line == line:
            return topic, section
    raise ArgumentError(f"no topic on line {line}", path=roadmap, line=line)


def _move(
    vault: Vault,
    state: State,
    old_id: str,
    old: TopicState,
    topic: Topic,
    section: tuple[str, ...],
    roadmap: str,
) -> None:
    """The state with the note's entry under the topic's id; its fresh note removed."""
    fresh = state.topics.get(topic.id)
    if fresh is not None and fresh.note != old.note:
        _remove_fresh(vault, state, fresh.note, old.note)
    del state.topics[old_id]
    state.topics[topic.id] = dataclasses.replace(
        old,
        roadmap=roadmap,
        title=topic.title,
        text=topic.text,
        section=section,
        removed=None,
        former=old.former or old_id,
        # The roadmap's status as the last agreed one: the note's status, if
        # it differs, is then the side that moved, and the marker follows it.
        status=topic.status,
    )
    # The next sync reads the note (its stamp forgotten) and so sees its
    # status, its `removed:` and its old `topic:`, and looks at everything.
    state.files.pop(old.note, None)


def _remove_fresh(vault: Vault, state: State, fresh: str, kept: str) -> None:
    """The note sync made for the new topic goes, if it holds only what sync wrote."""
    path = vault.root / fresh
    try:
        data, stamp = read_regular(path)
    except VaultroadError:
        return  # already gone
    saved = state.files.get(fresh)
    if saved is None or (saved.size, saved.mtime_ns) != (stamp.size, stamp.mtime_ns):
        raise VaultroadError(
            f"the topic has a note of its own with your text in it; move what you wrote"
            f" there into {kept} and delete it, then relink again",
            path=fresh,
        )
    try:
        removed = remove_unchanged(path, data)
    except ConcurrentChangeError as error:
        raise VaultroadError(f"{error.message}; nothing relinked", path=fresh) from None
    if not removed:
        raise VaultroadError("changed while relinking; nothing relinked, try again", path=fresh)
    state.files.pop(fresh, None)
