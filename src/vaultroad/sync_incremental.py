"""What changed since the last sync, so that a run reads and plans only that.

Before anything is parsed, each roadmap's bytes are hashed and each note's
size and mtime compared with what the state recorded. Nothing changed: the
run stops there (the no-op sync). Otherwise the run's scope is the roadmaps
that changed, the roadmaps of the notes that changed, of the topics the last
run could not settle and of the roadmaps it reported a problem in; every
other roadmap is neither parsed nor loaded, and its topics' state stays as
it is in the database.

Some changes reach across roadmaps; the whole vault is looked at then: a
first run (or a lost state, or one to migrate), a changed `.vaultroad.toml`,
a roadmap file gone (renamed or moved: its topics are recognised anywhere),
topic ids in a changed roadmap that another one holds, and a problem the last
run reported outside any roadmap. A step that finds more roadmaps concerned
than the scope holds (a group of shared topics that changed, a topic done in
one roadmap and `linked` to others) raises `WiderScope` before anything is
written, and the run starts again with them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .config import CONFIG_NAME
from .digest import blake2b
from .state_db import StateStore
from .sync_context import LoadedRoadmap, SyncContext

__all__ = ["Changes", "WiderScope", "check_clashes", "config_digest", "what_changed"]


class WiderScope(Exception):
    """The run must look at more roadmaps than its scope: these (None: all of them).

    `notes_only`: what they need is their topics' notes written again (a group of
    shared topics their notes show changed), which a later run of the same sync
    may do (`sync_rescan`); else they must be read with the scope, in one run.
    """

    def __init__(self, roadmaps: set[str] | None, why: str, *, notes_only: bool = False) -> None:
        super().__init__(why)
        self.roadmaps = roadmaps
        self.notes_only = notes_only


@dataclass
class Changes:
    """What a run must look at."""

    everything: bool = False  # the whole vault
    roadmaps: set[str] = field(default_factory=set)  # else: the roadmaps to read and plan
    other: bool = False  # a note of a removed topic, or the summary, changed

    @property
    def nothing(self) -> bool:
        return not self.everything and not self.roadmaps and not self.other


def config_digest(root: Path) -> str:
    """A hash of `.vaultroad.toml` as it is now ("" when there is none)."""
    try:
        data = (root / CONFIG_NAME).read_bytes()
    except OSError:
        return ""
    return blake2b(data, digest_size=16).hexdigest()


def what_changed(
    ctx: SyncContext, store: StateStore, paths: list[Path], relatives: list[str]
) -> Changes:
    """The scope of this run (see the module). Plain `os.stat` on strings: this runs
    over every note of the vault, and pathlib objects would cost more than the stat."""
    if store.first_run or store.legacy is not None or store.everything():
        return Changes(everything=True)
    files = store.files("config", "roadmap", "summary")
    config = files.get(CONFIG_NAME)
    if config is None or config[3] != config_digest(ctx.vault.root):
        return Changes(everything=True)  # a setting changed (`[shared] same`, the notes folder …)
    rows = store.roadmaps()
    if not rows.keys() <= set(relatives):
        return Changes(everything=True)  # a roadmap gone, or moved: recognised anywhere
    changes = Changes()
    for path, relative in zip(paths, relatives, strict=True):
        row = rows.get(relative)
        saved = files.get(relative)
        if row is None or row.troubled or saved is None or saved[0] != "roadmap":
            changes.roadmaps.add(relative)
            continue
        try:
            data = path.read_bytes()
        except OSError:
            changes.roadmaps.add(relative)
            continue
        if saved[1] != len(data) or saved[3] != blake2b(data, digest_size=16).hexdigest():
            changes.roadmaps.add(relative)
    root = str(ctx.vault.root) + os.sep
    stat = os.stat
    changed_notes: list[str] = store.unstamped_notes()
    summary = files.get(ctx.vault.config.summary)
    if summary is None or not _same(root + ctx.vault.config.summary, summary[1], summary[2]):
        changes.other = True
    for relative, size, mtime_ns in store.note_stamps():
        try:
            info = stat(root + relative)
        except OSError:
            changed_notes.append(relative)
            continue
        if info.st_size != size or info.st_mtime_ns != mtime_ns or not size:
            changed_notes.append(relative)  # changed, or left empty (then written again)
    for _, roadmap, removed in store.topics_of_notes(changed_notes):
        if removed:
            changes.other = True  # its removal mark is looked at on every run that is not a no-op
        else:
            changes.roadmaps.add(roadmap)
    if changed_notes:
        changes.other = True
    for _, roadmap in store.unsettled():
        changes.roadmaps.add(roadmap)
    return changes


def _same(path: str, size: int, mtime_ns: int) -> bool:
    """Whether the file still has this size and mtime (and is not empty)."""
    try:
        info = os.stat(path)  # noqa: PTH116 (a string path, as above)
    except OSError:
        return False
    return bool(size) and info.st_size == size and info.st_mtime_ns == mtime_ns


def check_clashes(store: StateStore, roadmaps: list[LoadedRoadmap], scope: set[str]) -> None:
    """Topic ids of the scope's roadmaps that a roadmap outside it holds (two roadmap
    files of one name): which of the two is skipped depends on the whole vault."""
    ids = {topic.id for loaded in roadmaps for topic in loaded.tree.topics()}
    for roadmap in store.topic_roadmaps(ids).values():
        if roadmap not in scope:
            raise WiderScope(None, "topic ids shared with a roadmap outside the scope")
