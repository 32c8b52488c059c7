"""`sync`: roadmaps and topic notes kept in step, three ways, without losing a byte.

For every topic, R is its status in the roadmap, N the `status:` of its
note and S the status both had at the last sync (`.vaultroad/state.db`).
R changed only → the note follows; N changed only → the roadmap marker
follows; both changed to different values → a conflict: both values are
reported and nothing is written for that topic. With no S (first run, or a
lost state) a disagreement is reported, never guessed, unless `prefer` says
which side wins.

Every write of a run is planned, and verified (roadmaps re-parsed, note
frontmatter re-read), before the first file is touched. Files are replaced
atomically, only when their bytes change, and only if they still hold what
was read; a file changed meanwhile is skipped and reported.

A run reads and plans only what changed since the last sync: the roadmaps
whose bytes changed and those whose notes did (`sync_incremental`); the state
of every other roadmap stays as it is in the database (`state_db`), which the
run updates in place, in one transaction.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path

from .discover import IGNORED_DIRS
from .errors import VaultroadError
from .fileio import remove_leftovers
from .lock import LockedError, vault_lock
from .state import TopicState
from .state_db import StateStore
from .sync_batches import in_batches, sync_in_batches
from .sync_context import Progress, SyncContext
from .sync_groups import find_groups
from .sync_incremental import WiderScope, check_clashes, what_changed
from .sync_outcome import file_changes, unsettle_unwritten
from .sync_places import place_topics
from .sync_plan import forget_former_ids, plan
from .sync_read import load_roadmaps
from .sync_recognise import recognise
from .sync_removed import removed_topics
from .sync_report import Conflict, FileChange, FileChanges, SyncIssue, SyncReport
from .sync_rescan import batch_progress, merged_report, rescan_batches, widened_batches
from .sync_save import RunResult, remove_cache_leftovers, save_state
from .vault import Discovery, NoRoadmapsError, Vault

__all__ = [
    "Conflict",
    "FileChange",
    "FileChanges",
    "LockedError",
    "SyncIssue",
    "SyncReport",
    "sync",
]


def sync(
    root: str | os.PathLike[str],
    *,
    dry_run: bool = False,
    prefer: str | None = None,
    diff: bool = False,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> SyncReport:
    """Bring roadmaps, topic notes and the summary of the vault at `root` into step."""
    if prefer not in (None, "roadmap", "notes"):
        raise VaultroadError(f"prefer must be 'roadmap' or 'notes', not {prefer!r}")
    vault = Vault.open(root)
    found = vault.discover()
    if not found.roadmaps:
        # Nothing to keep in step: writing an empty summary and a state folder
        # would only leave litter (and a hook saying "Passed" for nothing).
        raise NoRoadmapsError(
            "no roadmaps found, nothing written: put roadmaps under "
            + ", ".join(vault.config.roadmaps)
            + " (set `roadmaps` in .vaultroad.toml) or mark a note with"
            " `vaultroad: roadmap` in its frontmatter",
            path=os.fspath(root),
        )
    ctx = SyncContext(
        vault,
        dry_run=dry_run,
        prefer=prefer,
        diff=diff,
        today=today or dt.date.today(),
        progress=progress,
    )
    if dry_run:
        return _run(ctx, found)
    with vault_lock(vault.state_dir) as interrupted:
        if interrupted:
            ctx.notices.append(f"{vault.relative(vault.state_dir / 'lock')}: {interrupted}")
            _remove_leftovers(ctx)
        return _run(ctx, found)


def _run(ctx: SyncContext, found: Discovery) -> SyncReport:
    """Read, recognise, place, plan, write, save: each step a module of its own."""
    vault = ctx.vault
    for copy, original in found.conflict_copies:
        ctx.problems.append(
            SyncIssue(
                vault.relative(copy),
                f"a sync client's conflict copy of {vault.relative(original)}; not read"
                " (merge what it adds into that file, then delete it)",
            )
        )
    paths = found.roadmaps
    if not ctx.dry_run:
        _remove_nearby_leftovers(ctx, paths)
    relatives = [vault.relative(p) for p in paths]
    ctx.roadmap_count = len(paths)
    with StateStore(vault.state_dir, readonly=ctx.dry_run) as store:
        ctx.store = store
        if store.notice:
            ctx.notices.append(f"{vault.relative(ctx.state_path)}: {store.notice}")
        changes = what_changed(ctx, store, paths, relatives)
        if changes.nothing:
            if not ctx.dry_run:
                store.remove_stale_legacy()
            rows = store.roadmaps()
            return _report(
                ctx,
                [],
                first_run=False,
                topics=sum(row.topics for row in rows.values()),
                removed=store.removed(),
            )
        if changes.everything and in_batches(store, paths):
            # A first sync of a large vault: a batch of roadmaps at a time.
            written, topics = sync_in_batches(ctx, store, paths, relatives)
            return _report(ctx, written, first_run=True, topics=topics, removed={})
        if changes.everything:
            batches = rescan_batches(store, paths, relatives, dry_run=ctx.dry_run)
            if batches is not None:
                return _batched(ctx, store, paths, relatives, batches)
        scope = None if changes.everything else changes.roadmaps
        return _scoped(ctx, store, paths, relatives, scope)


def _scoped(
    ctx: SyncContext,
    store: StateStore,
    paths: list[Path],
    relatives: list[str],
    scope: set[str] | None,
    *,
    split: bool = True,
) -> SyncReport:
    """One run over the roadmaps of `scope` (all when None), and over more of them when
    it finds that it must: a run per batch when they are many roadmaps whose notes
    alone must be written again (`split`: this run is not already one of a batch)."""
    while True:
        outcome = _attempt_afresh(ctx, store, paths, relatives, scope)
        if isinstance(outcome, SyncReport):
            return outcome
        # Nothing was written: start again, looking at more of the vault.
        more, notes_only = outcome
        if split and notes_only and not ctx.dry_run:
            batches = widened_batches(store, relatives, scope, more)
            if batches is not None:
                return _batched(ctx, store, paths, relatives, batches, regroup=False)
        scope = None if more is None or scope is None else scope | more


def _attempt_afresh(
    ctx: SyncContext,
    store: StateStore,
    paths: list[Path],
    relatives: list[str],
    scope: set[str] | None,
) -> SyncReport | tuple[set[str] | None, bool]:
    """`_attempt` on a context of its own; when it must look at more of the vault, the
    roadmaps it names (None: all) and whether they need only their notes written.

    Its own context, and its own frame: what a widened attempt found (its trees, the
    groups of the whole vault) is let go on return, not held by the callers'
    context (or the exception's frames) through the attempts and batches after it.
    """
    try:
        return _attempt(ctx.restart(), store, paths, relatives, scope)
    except WiderScope as wider:
        return wider.roadmaps, wider.notes_only


def _batched(
    ctx: SyncContext,
    store: StateStore,
    paths: list[Path],
    relatives: list[str],
    batches: list[set[str]],
    *,
    regroup: bool = True,
) -> SyncReport:
    """A sync as one run per batch (`sync_rescan`): of everything again, or of a scope
    widened to many roadmaps' notes; `regroup`: its first run finds the groups of
    shared topics again."""
    reports = []
    done = 0
    targets: dict[str, str] = {}
    for number, batch in enumerate(batches):
        run = ctx.restart()
        run.look_again = number < len(batches) - 1
        run.regroup = regroup and number == 0
        run.later = frozenset().union(*batches[number + 1 :])
        run.progress = batch_progress(ctx.progress, done, len(relatives))
        run.stub_targets = targets
        reports.append(_scoped(run, store, paths, relatives, batch, split=False))
        done += len(batch)
    unread = sum(len(relatives) - report.roadmaps for report in reports)
    return merged_report(reports, len(relatives) - unread)


def _attempt(
    ctx: SyncContext,
    store: StateStore,
    paths: list[Path],
    relatives: list[str],
    scope: set[str] | None,
) -> SyncReport:
    """One run over the roadmaps of `scope` (all of them when None)."""
    ctx.scope = scope
    loaded = store.load(scope)
    first_run = store.first_run
    chosen = [(p, r) for p, r in zip(paths, relatives, strict=True) if scope is None or r in scope]
    roadmaps = load_roadmaps(ctx, [p for p, _ in chosen], [r for _, r in chosen])
    outside = 0
    if scope is not None:
        check_clashes(store, roadmaps, scope)
        rows = store.roadmaps()
        outside = sum(row.topics for path, row in rows.items() if path not in scope)
        ctx.roadmap_count = len(relatives) - len(chosen) + len(roadmaps)
    state = recognise(ctx, roadmaps, loaded)
    places = place_topics(ctx, roadmaps, state)
    find_groups(ctx, store, roadmaps, places)
    planned, new_state, trees = plan(ctx, roadmaps, places, state)
    written = planned if ctx.dry_run else ctx.files.write(planned)
    unsettle_unwritten(ctx, planned, written, state, new_state)
    forget_former_ids(new_state, written)
    if not ctx.dry_run:
        run = RunResult(loaded, [r for _, r in chosen], roadmaps, places, trees, new_state, written)
        save_state(ctx, store, run)
    return _report(
        ctx,
        file_changes(ctx, written),
        first_run=first_run,
        topics=outside + len(places),
        removed=new_state.topics,
    )


def _report(
    ctx: SyncContext,
    changes: Iterable[FileChange],
    *,
    first_run: bool,
    topics: int,
    removed: dict[str, TopicState],
) -> SyncReport:
    return SyncReport(
        changes=changes if isinstance(changes, FileChanges) else FileChanges(changes),
        conflicts=tuple(ctx.conflicts),
        problems=tuple(ctx.problems),
        roadmaps=ctx.roadmap_count,
        topics=topics,
        first_run=first_run,
        dry_run=ctx.dry_run,
        notices=tuple(ctx.notices),
        removed=removed_topics(removed),
    )


def _remove_leftovers(ctx: SyncContext) -> None:
    """Remove the temporary files an interrupted run left (called under the lock)."""
    removed = remove_leftovers(ctx.vault.root, IGNORED_DIRS - {".vaultroad"})
    removed += remove_cache_leftovers(ctx.vault.state_dir / "trees")
    if removed:
        ctx.notices.append(f"removed {len(removed)} temporary file(s) left by the interrupted sync")


def _remove_nearby_leftovers(ctx: SyncContext, paths: list[Path]) -> None:
    """Temporary files of dead writers beside the roadmaps.

    A `check --fix` or `mark` killed mid-write leaves one beside a roadmap
    without marking an interrupted sync: each sync lists the roadmaps'
    folders and the vault root (a few listings, not a walk of the notes:
    this runs before the no-op path). A sync's own clean-up that failed
    keeps the lock's record instead, so the next sync sweeps the vault.
    """
    folders = {path.parent for path in paths} | {ctx.vault.root}
    removed = [name for folder in sorted(folders) for name in remove_leftovers(folder, deep=False)]
    if removed:
        ctx.notices.append(f"removed {len(removed)} temporary file(s) left by a killed run")
