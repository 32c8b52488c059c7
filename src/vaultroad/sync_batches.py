"""The first sync of a large vault, a batch of roadmaps at a time, so its memory stays flat.

A first sync creates a note for every topic of the vault; planned all at
once, every tree, every note's text and every entry of the vault would be in
memory together (hundreds of megabytes for a few thousand roadmaps). Two
passes keep only a batch of them:

1. **Survey**, one roadmap at a time: each is read (its problems reported,
   as any run reports them), its topics get their note names, and what other
   roadmaps' notes show of it is kept: its title, its notes, its shared-topic
   candidates. Then the groups of shared topics of the whole vault are found
   (and the candidates let go: a batch finds its roadmaps' again). The names
   of the notes, one per topic of the vault, are kept on disk for the run
   (`survey_names`), not in memory.
2. **Batches** of about `BATCH_BYTES` of roadmap text: each is read again
   (through the tree cache), planned, verified and written, and its state
   recorded in the run's one transaction (`sync_save.StateSaver`), before the
   next one is read. The stubs and the summary, which look at the whole
   vault, are planned and written last.

What a first sync of a smaller vault does in one go holds per batch here:
every write of a batch is planned and verified before the first of them,
and one file the user does not let vaultroad write stops that batch (the
batches before it are written; the next sync completes the rest). A
roadmap changed between the two passes is not planned, and said so: the
next sync reads it.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from .cache import TreeCache
from .digest import blake2b
from .errors import VaultroadError
from .shared import Candidate, SharedTopics, roadmap_candidates, shared_groups
from .state import State
from .state_db import StateStore
from .survey_names import SurveyNames
from .sync_context import LoadedRoadmap, SyncContext
from .sync_groups import digests_of
from .sync_outcome import file_changes, unsettle_unwritten
from .sync_places import place_topics
from .sync_plan import forget_former_ids, plan_roadmaps
from .sync_read import load_roadmaps, read_roadmap, tree_cache
from .sync_report import FileChanges, SyncIssue
from .sync_save import RunResult, StateSaver
from .sync_stubs import plan_stubs, stub_targets
from .sync_summary import SummaryInputs, plan_summary, summary_inputs
from .sync_summary_parts import PackedParts

__all__ = ["BATCH_BYTES", "in_batches", "size_batches", "sync_in_batches"]

# Roadmap text per batch: about 80 roadmaps of the generated benchmark vault,
# 6,000 topics and their notes.
BATCH_BYTES = 512 * 1024


def in_batches(store: StateStore, paths: list[Path]) -> bool:
    """Whether this run is a first sync of a vault too large for one batch."""
    if not store.first_run:
        return False
    total = 0
    for path in paths:
        try:
            total += os.stat(path).st_size  # noqa: PTH116 (one stat per roadmap)
        except OSError:
            continue
        if total > BATCH_BYTES:
            return True
    return False


class _Survey:
    """What the first pass keeps of each roadmap: a few things per roadmap here, the
    names of its topics' notes in `names` (a temporary database, `survey_names`)."""

    def __init__(self, names: SurveyNames) -> None:
        self.names = names
        self.titles: dict[str, str] = {}
        self.sizes: dict[str, int] = {}
        self.digests: dict[str, str] = {}


def sync_in_batches(
    ctx: SyncContext, store: StateStore, paths: list[Path], relatives: list[str]
) -> tuple[FileChanges, int]:
    """Sync the vault (a first sync); return the files written and the topics counted.

    The survey's temporary database failing (a full disk, a folder that cannot be
    written) ends the run as any write failing does: a `VaultroadError` naming it.
    """
    folder = None if ctx.dry_run else ctx.vault.state_dir
    try:
        names = SurveyNames(folder)
    except (sqlite3.Error, OSError) as error:
        raise VaultroadError(
            f"cannot create the first sync's temporary file of note names: {error}",
            path=str(folder or tempfile.gettempdir()),
        ) from None
    with names:
        try:
            return _sync(ctx, store, paths, relatives, names)
        except sqlite3.Error as error:
            raise VaultroadError(
                f"cannot use the first sync's temporary file of note names: {error}",
                path=str(names.path),
            ) from None


def _sync(
    ctx: SyncContext,
    store: StateStore,
    paths: list[Path],
    relatives: list[str],
    names: SurveyNames,
) -> tuple[FileChanges, int]:
    survey = _survey(ctx, paths, relatives, names)
    saver = None if ctx.dry_run else StateSaver(ctx, store)
    # Every roadmap's part of the summary, kept until the summary is written: packed.
    inputs = SummaryInputs(parts=PackedParts())
    targets: dict[str, str] = {}
    changes = FileChanges()
    topics = 0
    cache = tree_cache(ctx)
    by_path = dict(zip(relatives, paths, strict=True))
    chosen = [r for r in relatives if r in survey.titles]
    for batch in size_batches(chosen, survey.sizes, BATCH_BYTES):
        roadmaps = []
        for relative in batch:
            loaded = _read_again(ctx, cache, by_path[relative], relative, survey.digests[relative])
            if loaded is not None:
                roadmaps.append(loaded)
        claimed = names.notes.of(t.id for loaded in roadmaps for t in loaded.tree.topics())
        places = place_topics(ctx, roadmaps, State(), taken=set(), claimed=claimed)
        del claimed
        planned, new_state, trees = plan_roadmaps(ctx, roadmaps, places, State())
        written = planned if ctx.dry_run else ctx.files.write(planned)
        unsettle_unwritten(ctx, planned, written, State(), new_state)
        forget_former_ids(new_state, written)
        changes.extend(file_changes(ctx, written))
        found = summary_inputs(ctx, trees, places, new_state)
        ctx.summary_parts = found.parts
        inputs.add(found)
        for target, roadmap in stub_targets(places).items():
            targets.setdefault(target, roadmap)
        topics += len(places)
        if saver is not None:
            # The survey's candidates were let go once the groups were found: the
            # same tree (its digest checked) gives the same ones again.
            ctx.candidates = {r.relative: roadmap_candidates(r.tree) for r in roadmaps}
            saver.add(RunResult(State(), batch, roadmaps, places, trees, new_state, written))
        # Recorded: what the rest of the run needs of this batch is kept above.
        ctx.files.forget([*batch, *(place.note for place in places.values())])
        ctx.candidates = {}
    final = plan_stubs(ctx, targets, names.notes.all_notes())
    # The note of every topic of the vault was for the batches and the stubs: let go
    # before the summary is built and written, the other large thing of the run.
    ctx.outside = {}
    del survey
    summary = plan_summary(ctx, inputs)
    if summary is not None:
        final.append(summary)
    written = final if ctx.dry_run else ctx.files.write(final)
    changes.extend(file_changes(ctx, written))
    if saver is not None:
        empty = State()
        saver.add(RunResult(empty, [], [], {}, {}, empty, written), last=True)
        saver.finish()
    return changes, topics


def _survey(
    ctx: SyncContext, paths: list[Path], relatives: list[str], names: SurveyNames
) -> _Survey:
    """The first pass (see the module): one roadmap in memory at a time."""
    survey = _Survey(names)
    candidates: dict[str, list[Candidate]] = {}
    for number, (path, relative) in enumerate(zip(paths, relatives, strict=True)):
        if ctx.progress:
            ctx.progress(number, len(paths), relative)
        found = load_roadmaps(ctx, [path], [relative], seen_ids=names.seen_ids, progress=False)
        if not found:
            continue
        loaded = found[0]
        places = place_topics(ctx, found, State(), taken=names.taken)
        names.notes.update((key, place.note) for key, place in places.items())
        survey.titles[relative] = loaded.tree.title
        survey.sizes[relative] = len(loaded.data)
        survey.digests[relative] = blake2b(loaded.data, digest_size=16).hexdigest()
        candidates[relative] = roadmap_candidates(loaded.tree)
    ctx.roadmap_count = len(survey.titles)
    ctx.shared = shared_groups(sorted(candidates.items()), ctx.vault.config.shared_same)
    del candidates  # the batches find each roadmap's again (its tree is read again)
    # Every note is named: what a note shows of another roadmap's topic is known
    # before either is planned.
    ctx.outside = _Outside(ctx.shared, names.notes, survey.titles)
    ctx.group_digests = digests_of(ctx, ctx.shared, {})
    return survey


class _Outside(Mapping[str, tuple[str, str]]):
    """What a note shows of a shared topic of another batch: (its note link, its
    roadmap's title), for the members of the groups of shared topics (all that
    `SyncContext.member` is asked about), from the survey's notes and titles.

    A batch counts the members with a note of every group its topics are in,
    and a group may span thousands of roadmaps: which members have one, and
    their roadmaps, are kept here (a small int each); their notes are looked
    up in the survey's database only when one is shown."""

    def __init__(self, shared: SharedTopics, notes: Mapping[str, str], titles: dict[str, str]):
        self._notes = notes
        self._titles = list(titles.values())
        numbers = {path: number for number, path in enumerate(titles)}
        self._roadmap_of = {
            member.topic_id: numbers[member.roadmap]
            for group in shared.groups
            for member in group
            if member.topic_id in notes
        }

        # A note shows the first members of its group: the same few, note after note.
        self._shown = functools.lru_cache(maxsize=4096)(self._member)

    def _member(self, key: str) -> tuple[str, str]:
        return self._notes[key].removesuffix(".md"), self._titles[self._roadmap_of[key]]

    def __getitem__(self, key: str) -> tuple[str, str]:
        return self._shown(key)

    def __contains__(self, key: object) -> bool:
        return key in self._roadmap_of

    def __iter__(self) -> Iterator[str]:
        return iter(self._roadmap_of)

    def __len__(self) -> int:
        return len(self._roadmap_of)


def size_batches(relatives: list[str], sizes: Mapping[str, int], limit: int) -> list[list[str]]:
    """`relatives` in order, cut into batches of at most `limit` bytes of text each (by
    `sizes`; a roadmap larger than that is a batch of its own)."""
    batches: list[list[str]] = [[]]
    total = 0
    for relative in relatives:
        if batches[-1] and total + sizes[relative] > limit:
            batches.append([])
            total = 0
        batches[-1].append(relative)
        total += sizes[relative]
    return [batch for batch in batches if batch]


def _read_again(
    ctx: SyncContext, cache: TreeCache | None, path: Path, relative: str, digest: str
) -> LoadedRoadmap | None:
    """A roadmap of the survey, read again; None (and a problem) when it changed since."""
    try:
        loaded = read_roadmap(ctx, cache, path, relative, digest)
        if loaded is None:
            raise VaultroadError("changed during the sync; not synced (the next sync reads it)")
    except VaultroadError as error:
        ctx.problems.append(SyncIssue(relative, error.message, error.line))
        return None
    return loaded
