"""What a sync keeps between runs: its state, recorded at the end in one transaction.

Each file's stamp is recorded as the run read or wrote it; the topics, files
and roadmaps of the run's scope are updated in place, and nothing of the
roadmaps outside it is touched (`sync_incremental`). The run's status
changes are added to the history (`sync_history`), which no run clears.
"""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
from collections import Counter
from pathlib import Path

from .config import CONFIG_NAME
from .digest import blake2b
from .errors import VaultroadError
from .model import Roadmap
from .state import FileStamp, State, ensure_gitignore
from .state_db import StateStore
from .state_schema import MEMBERS_VERSION, MemberRow, RoadmapRow
from .state_writer import StateWriter
from .sync_context import LoadedRoadmap, SyncContext
from .sync_files import Planned
from .sync_groups import candidates_json, member_rows, settled_statuses
from .sync_history import run_changes
from .sync_incremental import config_digest
from .sync_names import VaultNames
from .sync_places import TopicPlace
from .sync_report import SyncIssue

__all__ = ["RunResult", "StateSaver", "remove_cache_leftovers", "save_state"]


class RunResult:
    """What a run leaves for the state: what it loaded, what it read and planned."""

    def __init__(
        self,
        loaded: State,
        chosen: list[str],
        roadmaps: list[LoadedRoadmap],
        places: dict[str, TopicPlace],
        trees: dict[str, Roadmap],
        new_state: State,
        written: list[Planned],
    ) -> None:
        self.loaded = loaded  # the entries read from the state (before any was re-keyed)
        self.chosen = chosen  # the roadmaps of the scope (read or not)
        self.roadmaps = roadmaps
        self.places = places
        self.trees = trees  # each roadmap read, as this run's writes leave it
        self.new_state = new_state
        self.written = written


def save_state(ctx: SyncContext, store: StateStore, run: RunResult) -> None:
    """Record the state with each file's stamp as this run read or wrote it.

    Never a stat taken now: a file changed since this run saw it keeps
    an older stamp here, so the next run reads it again.
    """
    saver = StateSaver(ctx, store)
    saver.add(run, last=True)
    saver.finish()


class StateSaver:
    """The state writes of one run, in one transaction: begun with its first batch of
    roadmaps (`add`), committed by `finish`. A failure is reported once (the files
    written stay written; the next sync compares them again)."""

    def __init__(self, ctx: SyncContext, store: StateStore) -> None:
        self.ctx = ctx
        self.store = store
        self._transaction: contextlib.ExitStack | None = None
        self._writer: StateWriter | None = None
        self._failed = False
        self.chosen: set[str] = set()
        self.unsettled: list[tuple[str, str, str]] = []  # (id, roadmap, note)

    def _begin(self) -> StateWriter | None:
        if self._writer is None and not self._failed:
            stack = contextlib.ExitStack()
            self._transaction = stack
            try:
                writer = stack.enter_context(self.store.transaction())
                if self.ctx.scope is None:
                    writer.clear()
            except (OSError, sqlite3.Error, VaultroadError) as error:
                self._fail(error)
                return None
            self._writer = writer
        return self._writer

    def _fail(self, error: BaseException) -> None:
        """Roll back and say so, once. A write that failed inside the transaction (an
        `OSError` of the fault seam, an SQLite error) is handed to it, which undoes
        it and names the database in the `VaultroadError` it raises."""
        stack, self._transaction, self._writer = self._transaction, None, None
        if stack is not None:
            try:
                stack.__exit__(type(error), error, error.__traceback__)
            except VaultroadError as converted:
                error = converted
        if self._failed:
            return
        self._failed = True
        message = error.message if isinstance(error, VaultroadError) else f"cannot write: {error}"
        self.ctx.problems.append(
            SyncIssue(
                self.ctx.vault.relative(self.store.path),
                f"{message}; the files above were written, and the next sync compares them again",
            )
        )

    def add(self, run: RunResult, *, last: bool = False) -> None:
        """The entries, stamps and roadmap rows of one batch of the run (`last`: the
        whole run, or its last batch; the settings' and the summary's stamps go with
        it)."""
        ctx = self.ctx
        files = _stamps(ctx, run, last=last)
        self.chosen.update(run.chosen)
        self.unsettled += [
            (key, run.places[key].roadmap, run.places[key].note)
            for key in sorted(ctx.unsettled & run.places.keys())
        ]
        drop: set[str] = set()
        if ctx.scope is not None:
            notes = {entry.note for entry in run.new_state.topics.values()}
            notes |= {entry.note for entry in run.loaded.topics.values()}
            drop = {CONFIG_NAME, ctx.vault.config.summary, *run.chosen, *notes} - files.keys()
        troubled = {p.path for p in ctx.problems if p.path in run.chosen}
        try:
            # Before the topics are written (or a full run clears them): the changes
            # are worked out from the statuses of the last sync.
            changes = run_changes(ctx, run.new_state)
        except VaultroadError as error:
            self._fail(error)
            return
        writer = self._begin()
        if writer is None:
            return
        try:
            writer.rename_history(ctx.renamed)
            writer.history(changes)
            _topics(ctx, writer, run)
            writer.files(drop, ((path, kind, stamp) for path, (kind, stamp) in files.items()))
            _roadmaps(ctx, writer, run, troubled)
        except (OSError, sqlite3.Error, VaultroadError) as error:
            self._fail(error)

    def finish(self) -> None:
        """What the run leaves for the next one; then the commit."""
        ctx = self.ctx
        names = VaultNames(ctx.vault.root, self.store)
        names.refresh()
        notes = {note for _, _, note in self.unsettled}
        # A problem outside the roadmaps read and the notes of the topics left
        # unsettled (the summary, a stub, a conflict copy): the next run must
        # look at everything, not take the no-op path.
        covered = all(p.path in self.chosen or p.path in notes for p in ctx.problems)
        writer = self._begin()
        stack = self._transaction
        if writer is None or stack is None:
            return
        try:
            writer.unsettled(
                ((key, roadmap) for key, roadmap, _ in self.unsettled),
                everything=ctx.look_again or not covered,
            )
            writer.folders(*names.updates())
            writer.meta("overlap", ctx.overlap_choice)
            writer.parts((name, part.to_json()) for name, part in ctx.rebuilt_parts.items())
            # Last: writing the roadmaps' rows dropped it (see `state_db`).
            writer.meta("members", MEMBERS_VERSION)
        except (OSError, sqlite3.Error, VaultroadError) as error:
            self._fail(error)
            return
        self._transaction, self._writer = None, None
        try:
            stack.close()  # the commit
        except VaultroadError as error:
            self._fail(error)
            return
        try:
            ensure_gitignore(self.store.directory)
        except VaultroadError as error:
            ctx.problems.append(
                SyncIssue(
                    ctx.vault.relative(self.store.directory / ".gitignore"),
                    f"{error.message}; the next sync tries again",
                )
            )


def _stamps(ctx: SyncContext, run: RunResult, *, last: bool) -> dict[str, tuple[str, FileStamp]]:
    """path → (kind, stamp) of every file of the batch as this run saw it last (with
    the settings and the summary when `last`)."""
    files: dict[str, FileStamp] = {}
    kinds: dict[str, str] = {}
    if last:
        # The settings this run used, so a change to them alone is not a no-op.
        files[CONFIG_NAME] = FileStamp(0, 0, config_digest(ctx.vault.root))
        kinds[CONFIG_NAME] = "config"
    rewritten = {item.relative: item for item in run.written}
    for loaded in run.roadmaps:
        relative = loaded.relative
        item = rewritten.get(relative)
        content = item.data if item else loaded.data
        seen = ctx.files.stamp(relative)
        if seen is not None:
            digest = blake2b(content, digest_size=16).hexdigest()
            files[relative] = FileStamp(seen.size, seen.mtime_ns, digest)
            kinds[relative] = "roadmap"
    owned = [e.note for i, e in run.new_state.topics.items() if i not in ctx.unsettled]
    for relative in owned:
        seen = ctx.files.stamp(relative)
        if seen is not None:
            files[relative] = FileStamp(seen.size, seen.mtime_ns)
            kinds[relative] = "note"
    summary = ctx.vault.config.summary
    seen = ctx.files.stamp(summary) if last else None
    if seen is not None:
        files[summary] = FileStamp(seen.size, seen.mtime_ns)
        kinds[summary] = "summary"
    ctx.files.settle(files)
    return {path: (kinds[path], stamp) for path, stamp in files.items()}


def _topics(ctx: SyncContext, writer: StateWriter, run: RunResult) -> None:
    """The entries of the scope: those gone dropped, the others written."""
    loaded = run.loaded.topics
    new = run.new_state.topics
    writer.topics(
        () if ctx.scope is None else [key for key in loaded if key not in new], new.items()
    )


def _roadmaps(ctx: SyncContext, writer: StateWriter, run: RunResult, troubled: set[str]) -> None:
    """Each roadmap of the scope: its title, its topic count, its part of the summary
    and its shared-topic candidates; one it could not read is kept as troubled."""
    counts = Counter(place.roadmap for place in run.places.values())
    statuses = settled_statuses(run.new_state, run.places)
    read = {loaded.relative for loaded in run.roadmaps}
    rows: list[tuple[str, RoadmapRow, str | None, str | None]] = []
    members: list[MemberRow] = []
    for relative in run.chosen:
        tree = run.trees.get(relative)
        if relative not in read or tree is None:
            rows.append((relative, RoadmapRow(relative, 0, True), None, None))
            continue
        row = RoadmapRow(tree.title, counts[relative], relative in troubled)
        found = ctx.candidates.get(relative, [])
        part = ctx.summary_parts.get(relative)
        rows.append(
            (
                relative,
                row,
                None if part is None else part.to_json(),
                candidates_json(found, statuses, run.places, ctx.group_digests),
            )
        )
        members += member_rows(relative, found, ctx.shared, statuses, run.places, ctx.group_digests)
    writer.roadmaps((), rows)
    if ctx.scope is None:  # the table was cleared with the others (`_begin`)
        writer.members((), members)
    elif ctx.members_reused:  # the same groups: only the scope's rows change
        writer.members(run.chosen, members)
    else:
        writer.members(None, itertools.chain(ctx.kept_members, members))


def remove_cache_leftovers(trees: Path) -> list[str]:
    """The tree cache's own temporary files (`*.tmp` anywhere in its folder)."""
    removed = []
    for leftover in trees.rglob("*.tmp") if trees.is_dir() else ():
        try:
            leftover.unlink()
        except OSError:
            continue
        removed.append(str(leftover))
    return removed
