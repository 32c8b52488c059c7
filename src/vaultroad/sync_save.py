"""What a sync keeps between runs: its state, recorded at the end in one transaction.

Each file's stamp is recorded as the run read or wrote it; the topics, files
and roadmaps of the run's scope are updated in place, and nothing of the
roadmaps outside it is touched (`sync_incremental`).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from .config import CONFIG_NAME
from .digest import blake2b
from .errors import VaultroadError
from .model import Roadmap
from .state import FileStamp, State, ensure_gitignore
from .state_db import RoadmapRow, StateStore, StateWriter
from .sync_context import LoadedRoadmap, SyncContext
from .sync_files import Planned
from .sync_groups import candidates_json, settled_statuses
from .sync_incremental import config_digest
from .sync_names import VaultNames
from .sync_places import TopicPlace
from .sync_report import SyncIssue

__all__ = ["RunResult", "remove_cache_leftovers", "save_state"]


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
    files = _stamps(ctx, run)
    everything = ctx.scope is None
    notes = {entry.note for entry in run.new_state.topics.values()}
    notes |= {entry.note for entry in run.loaded.topics.values()}
    considered = {CONFIG_NAME, ctx.vault.config.summary, *run.chosen, *notes}
    unsettled = sorted(ctx.unsettled & run.places.keys())
    troubled = _troubled(ctx, run, unsettled)
    names = VaultNames(ctx.vault.root, store)
    names.refresh()
    try:
        with store.transaction() as writer:
            if everything:
                writer.clear()
            _topics(ctx, writer, run)
            writer.files(
                () if everything else considered - files.keys(),
                ((path, kind, stamp) for path, (kind, stamp) in files.items()),
            )
            _roadmaps(ctx, writer, run, troubled)
            writer.unsettled(
                ((key, run.places[key].roadmap) for key in unsettled),
                everything=troubled is None,
            )
            writer.folders(*names.updates())
            writer.meta("overlap", ctx.overlap_choice)
    except VaultroadError as error:
        ctx.problems.append(
            SyncIssue(
                ctx.vault.relative(store.path),
                f"{error.message}; the files above were written, and the next sync"
                " compares them again",
            )
        )
        return
    try:
        ensure_gitignore(store.directory)
    except VaultroadError as error:
        ctx.problems.append(
            SyncIssue(
                ctx.vault.relative(store.directory / ".gitignore"),
                f"{error.message}; the next sync tries again",
            )
        )


def _stamps(ctx: SyncContext, run: RunResult) -> dict[str, tuple[str, FileStamp]]:
    """path → (kind, stamp) of every file of the scope as this run saw it last."""
    files: dict[str, FileStamp] = {}
    kinds: dict[str, str] = {}
    # The settings this run used, so a change to them alone is not a no-op.
    files[CONFIG_NAME] = FileStamp(0, 0, config_digest(ctx.vault.root))
    kinds[CONFIG_NAME] = "config"
    rewritten = {item.relative: item for item in run.written}
    for loaded in run.roadmaps:
        relative = loaded.relative
        item = rewritten.get(relative)
        content = item.text.encode("utf-8", "surrogatepass") if item else loaded.data
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
    seen = ctx.files.stamp(summary)
    if seen is not None:
        files[summary] = FileStamp(seen.size, seen.mtime_ns)
        kinds[summary] = "summary"
    ctx.files.settle(files)
    return {path: (kinds[path], stamp) for path, stamp in files.items()}


def _troubled(ctx: SyncContext, run: RunResult, unsettled: list[str]) -> set[str] | None:
    """The roadmaps of the scope the run reported a problem in (the next run looks at
    them again); None when a problem lies outside any of them and the notes of the
    topics left unsettled: the next run looks at everything."""
    chosen = set(run.chosen)
    notes = {run.places[key].note for key in unsettled}
    troubled: set[str] = set()
    for problem in ctx.problems:
        if problem.path in chosen:
            troubled.add(problem.path)
        elif problem.path not in notes:
            return None
    return troubled


def _topics(ctx: SyncContext, writer: StateWriter, run: RunResult) -> None:
    """The entries of the scope: those gone dropped, the others written."""
    loaded = run.loaded.topics
    new = run.new_state.topics
    writer.topics(
        () if ctx.scope is None else [key for key in loaded if key not in new], new.items()
    )


def _roadmaps(
    ctx: SyncContext, writer: StateWriter, run: RunResult, troubled: set[str] | None
) -> None:
    """Each roadmap of the scope: its title, its topic count, its part of the summary
    and its shared-topic candidates; one it could not read is kept as troubled."""
    counts = Counter(place.roadmap for place in run.places.values())
    statuses = settled_statuses(run.new_state, run.places)
    read = {loaded.relative for loaded in run.roadmaps}
    rows: list[tuple[str, RoadmapRow, str | None, str | None]] = []
    for relative in run.chosen:
        tree = run.trees.get(relative)
        if relative not in read or tree is None:
            rows.append((relative, RoadmapRow(relative, 0, True), None, None))
            continue
        row = RoadmapRow(tree.title, counts[relative], bool(troubled and relative in troubled))
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
    writer.roadmaps((), rows)


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
