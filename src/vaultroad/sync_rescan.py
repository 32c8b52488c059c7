"""A later sync that looks at the whole vault again, a batch of roadmaps at a time.

A changed setting (or a run that left something outside any topic unsettled)
makes the next sync look at every roadmap. Done in one go, that holds every
tree, every entry of the state and every note's text of the vault together:
1.9 GB for a vault of 5,000 roadmaps. When no roadmap changed since the last
sync (each one's stamp is the one the state recorded, and none was added or
removed), nothing can have moved between roadmaps, and the sync is the same
as one run per roadmap: the roadmaps are synced as successive runs of a
scope each (`sync_incremental`'s scope: a batch of `RESCAN_BATCH_BYTES` of
roadmap text, in the order a sync in one go reads them), each one what an
edit to those roadmaps would make. Each run is saved before the next one
starts, and the state keeps "look at everything" until the last one is saved
(`SyncContext.look_again`): a run killed between two batches starts over.
The stubs and the summary, which look at the whole vault, are planned once,
by the last run: each run before it passes on its links and keeps its part
of the summary in the state.

A dry run writes no state between its batches, so it looks at everything in
one go, as does a roadmap changed, added or removed (a topic may have moved
between roadmaps: `sync_recognise` must see both) and a small vault.

The same batches serve a run whose scope widens to many roadmaps whose notes
alone must be written again: a topic of a group of shared topics thousands
of roadmaps hold was retitled, and each of their notes of that topic lists it
no more (`sync_groups`). Done in one go, that read every one of those
roadmaps at once: 1.1 GB on the 5,000-roadmap vault. The scope's own roadmaps
(those that changed) run first, alone, and find the groups again; the
roadmaps it widened to follow in batches, in the vault's order. A run does
not widen into the roadmaps of a later batch (`SyncContext.later`): their
notes may show a group as it was until their own run writes them. A group
change that must write a roadmap itself (a shared topic finished, with
linked statuses) widens the run that finds it, as before.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from .state_db import StateStore
from .sync_batches import size_batches
from .sync_context import Progress
from .sync_report import FileChanges, SyncIssue, SyncReport

__all__ = [
    "RESCAN_BATCH_BYTES",
    "batch_progress",
    "merged_report",
    "rescan_batches",
    "widened_batches",
]

# Some 165 roadmaps of the generated vault (12,500 topics). Measured on a synced
# copy of 5,000 of them, one run each: a sync of everything again took 154 s and
# peaked at 217 MB (batches of twice this size: 148 s, 261 MB; one go: 1.9 GB); a
# scope widened to 2,158 roadmaps' notes took 76 s and 239 MB (twice the size: 78 s,
# 290 MB; half: 97 s, 228 MB). A batch's groups of shared topics are those of much
# of the vault whatever its size, so smaller batches cost time and save little.
RESCAN_BATCH_BYTES = 1024 * 1024


def rescan_batches(
    store: StateStore, paths: Sequence[Path], relatives: Sequence[str], *, dry_run: bool
) -> list[set[str]] | None:
    """The batches of roadmaps of a sync that looks at everything again; None when it
    is done in one go (see the module)."""
    if dry_run or store.first_run or store.legacy is not None:
        return None
    recorded = store.files("roadmap")
    if recorded.keys() != set(relatives):
        return None
    sizes: dict[str, int] = {}
    for path, relative in zip(paths, relatives, strict=True):
        try:
            info = os.stat(path)  # noqa: PTH116 (one stat per roadmap)
        except OSError:
            return None
        _, size, mtime_ns, _ = recorded[relative]
        if (info.st_size, info.st_mtime_ns) != (size, mtime_ns):
            return None
        sizes[relative] = info.st_size
    if sum(sizes.values()) <= RESCAN_BATCH_BYTES:
        return None
    # In the order a sync in one go reads them.
    return [set(batch) for batch in size_batches(list(relatives), sizes, RESCAN_BATCH_BYTES)]


def widened_batches(
    store: StateStore, relatives: Sequence[str], scope: set[str] | None, wider: set[str] | None
) -> list[set[str]] | None:
    """The batches of a run of `scope` that must write again the notes of the roadmaps
    of `wider` too (a group of shared topics they show changed): the scope alone,
    then the others; None when that is done in one run (a small scope and
    widening, or one that is not known)."""
    if scope is None or wider is None:
        return None
    sizes = {path: size for path, (_, size, _, _) in store.files("roadmap").items()}
    extra = [relative for relative in relatives if relative in wider and relative not in scope]
    if not extra or any(relative not in sizes for relative in extra):
        return None
    if (
        sum(sizes.get(relative, 0) for relative in scope)
        + sum(sizes[relative] for relative in extra)
        <= RESCAN_BATCH_BYTES
    ):
        return None
    # The scope alone first: its run finds the groups again (its roadmaps changed),
    # which holds every roadmap's candidates; the others take them from the state.
    return [set(scope), *(set(batch) for batch in size_batches(extra, sizes, RESCAN_BATCH_BYTES))]


def batch_progress(progress: Progress | None, done: int, total: int) -> Progress | None:
    """`progress` for the run of one batch, counting the `done` roadmaps of the batches
    before it, out of all `total`."""
    if progress is None:
        return None

    def report(number: int, _: int, what: str) -> None:
        progress(done + number, total, what)

    return report


def merged_report(reports: Sequence[SyncReport], roadmaps: int) -> SyncReport:
    """The report of a sync made of the runs of `reports`, one per batch, in order.

    The files written are each run's, one after the other, kept packed
    (`FileChanges`): a run that widens its scope into a later batch's roadmaps
    (to write them: a shared topic finished, with linked statuses) leaves them
    synced, and the later run finds nothing more to write there.
    The problems and notices found before the first run are in every report:
    each is given once. The topics counted and the notes kept after their topic
    was removed are the last run's, which sees every batch's state.
    """
    changes = FileChanges()
    for report in reports:
        changes.extend(report.changes)
    problems: dict[tuple[str, str, int | None], SyncIssue] = {}
    notices: dict[str, None] = {}
    for report in reports:
        for problem in report.problems:
            problems.setdefault((problem.path, problem.message, problem.line), problem)
        notices.update(dict.fromkeys(report.notices))
    last = reports[-1]
    return SyncReport(
        changes=changes,
        conflicts=tuple({c.topic_id: c for report in reports for c in report.conflicts}.values()),
        problems=tuple(problems.values()),
        roadmaps=roadmaps,
        topics=last.topics,
        first_run=False,
        dry_run=False,
        notices=tuple(notices),
        removed=last.removed,
    )
