"""The vault's note names for `[[link]]` resolution, kept in the state and updated per folder.

Stub notes are made for links that resolve to no note, which takes every
note name of the vault. Walking a vault of tens of thousands of notes on
every sync costs more than the rest of a small change, so the state keeps
the names folder by folder with each folder's mtime: adding, removing or
renaming a file changes its folder's mtime, so a folder whose mtime did not
change still holds the names it held, and only the others are listed again.
A folder whose mtime is so recent that another change could still share it
(file times tick coarsely) is recorded as unknown and listed next time.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .discover import IGNORED_DIRS
from .state_db import StateStore
from .vault import NameIndex, folded_stem

__all__ = ["VaultNames"]

# Longer than the coarsest clock tick of the file systems a vault lives on.
RECENT_NS = 30_000_000


@dataclass
class VaultNames:
    """The name index of one run: the state's, brought up to date by `refresh`."""

    root: Path
    store: StateStore
    stored: dict[str, tuple[str | None, int]] = field(default_factory=dict)
    # What `refresh` found: folder → (parent, mtime; -1 when unknown).
    folders: dict[str, tuple[str | None, int]] = field(default_factory=dict)
    # The folders whose names are listed again. Their notes are read when they are
    # asked for, a folder at a time: after a first sync, that is every note of the
    # vault, hundreds of thousands of names not to hold at once.
    changed: list[str] = field(default_factory=list)

    def refresh(self) -> None:
        """Visit every folder (one `stat` each); note those whose mtime changed."""
        self.stored = self.store.folders()
        children: dict[str | None, list[str]] = {}
        for path, (parent, _) in self.stored.items():
            children.setdefault(parent, []).append(path)
        self.folders = {}
        self.changed = []
        stack: list[tuple[str, str | None]] = [("", None)]
        while stack:
            folder, parent = stack.pop()
            full = self._full(folder)
            try:
                mtime = os.stat(full).st_mtime_ns  # noqa: PTH116 (one stat per folder)
            except OSError:
                continue
            if abs(time.time_ns() - mtime) < RECENT_NS:
                mtime = -1  # another change could still get this very mtime
            saved = self.stored.get(folder)
            if saved is not None and saved[1] == mtime and mtime != -1:
                self.folders[folder] = (parent, mtime)
                stack.extend((sub, folder) for sub in children.get(folder, ()))
                continue
            self.folders[folder] = (parent, mtime)
            self.changed.append(folder)
            stack.extend((sub, folder) for sub in _list(full, folder)[1])

    def index(self, stems: set[str]) -> NameIndex:
        """A `NameIndex` of the vault's notes whose folded stem is one of `stems` (which
        resolves those names exactly as one of every note would)."""
        index = NameIndex()
        changed = set(self.changed)
        for path in sorted(self.store.names_with_stems(stems)):
            folder = path.rpartition("/")[0]
            if folder in self.folders and folder not in changed:
                index.add(PurePosixPath(path))
        for path, _, stem in self._listed():
            if stem in stems:
                index.add(PurePosixPath(path))
        return index

    def updates(
        self,
    ) -> tuple[list[str], list[tuple[str, str | None, int]], Iterator[tuple[str, str, str]]]:
        """What the state's index needs: folders gone, folders (re)seen, and their notes
        (path, folder, folded stem; listed as they are consumed)."""
        gone = [path for path in self.stored if path not in self.folders]
        seen = [(path, *self.folders[path]) for path in self.changed]
        return gone, seen, self._listed()

    def _listed(self) -> Iterator[tuple[str, str, str]]:
        """The notes of the changed folders, listed now. A note added or removed since
        `refresh` changed its folder's mtime after the one recorded: the next run
        lists that folder again."""
        for folder in self.changed:
            for path in _list(self._full(folder), folder)[0]:
                yield path, folder, folded_stem(path)

    def _full(self, folder: str) -> str:
        return os.path.join(self.root, folder) if folder else str(self.root)  # noqa: PTH118


def _list(full: str, folder: str) -> tuple[list[str], list[str]]:
    """The notes of one folder (vault-relative) and its subfolders, as
    `vault._markdown_files` sees them: ignored folders and linked folders left out."""
    notes: list[str] = []
    subfolders: list[str] = []
    prefix = f"{folder}/" if folder else ""
    try:
        entries = list(os.scandir(full))
    except OSError:
        return notes, subfolders
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            if entry.name not in IGNORED_DIRS and not entry.is_symlink():
                subfolders.append(prefix + entry.name)
        elif entry.name.endswith(".md"):
            notes.append(prefix + entry.name)
    return notes, subfolders
