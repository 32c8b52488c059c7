"""A sync's first step: read and parse the vault's roadmaps (through the tree cache)."""

from __future__ import annotations

from collections.abc import MutableMapping
from pathlib import Path

from .cache import TreeCache
from .digest import blake2b
from .errors import VaultroadError
from .parser import parse
from .rules import box_fault_lines
from .source import decode
from .sync_context import LoadedRoadmap, SyncContext
from .sync_links import references_of
from .sync_report import SyncIssue

__all__ = ["load_roadmaps", "read_roadmap", "tree_cache"]


def tree_cache(ctx: SyncContext) -> TreeCache | None:
    """The run's tree cache (none in a dry run, which writes nothing)."""
    return None if ctx.dry_run else TreeCache(ctx.vault.state_dir / "trees")


def read_roadmap(
    ctx: SyncContext,
    cache: TreeCache | None,
    path: Path,
    relative: str,
    digest: str | None = None,
) -> LoadedRoadmap | None:
    """A roadmap's bytes, text and tree (through `cache` when there is one, with the
    vault's `[symbols]`). With `digest`, the bytes the state or an earlier pass
    hashed to it: None when they hash to something else now (saved since).
    Raises `VaultroadError` (with the path) when the file cannot be read or decoded."""
    data = ctx.files.read(path, relative)
    if digest is not None and blake2b(data, digest_size=16).hexdigest() != digest:
        return None
    text = decode(data, relative)
    symbols = ctx.vault.config.symbols
    if cache is not None:
        tree = cache.load(relative, data, text, symbols)
    else:
        tree = parse(text, relative, symbols=symbols or None)
    return LoadedRoadmap(relative, tree, text, data)


def load_roadmaps(
    ctx: SyncContext,
    paths: list[Path],
    relatives: list[str],
    *,
    seen_ids: MutableMapping[str, str] | None = None,
    progress: bool = True,
) -> list[LoadedRoadmap]:
    """The roadmaps that could be read, each once; every other one is a problem.

    `seen_ids` (topic id → roadmap) is shared by the calls of a run that reads
    its roadmaps one at a time (`sync_batches`), so that clashing ids are found
    across them; such a run counts its roadmaps itself.
    """
    cache = tree_cache(ctx)
    loaded: list[LoadedRoadmap] = []
    alone = seen_ids is None
    if seen_ids is None:
        seen_ids = {}
    for number, (path, relative) in enumerate(zip(paths, relatives, strict=True)):
        if ctx.progress and progress:
            ctx.progress(number, len(paths), relative)
        try:
            read = read_roadmap(ctx, cache, path, relative)
        except VaultroadError as error:
            ctx.problems.append(SyncIssue(relative, error.message, error.line))
            continue
        except OSError as error:
            ctx.problems.append(SyncIssue(relative, f"cannot read: {error.strerror}"))
            continue
        assert read is not None  # no digest to differ from
        roadmap, text = read.tree, read.text
        clash = next((seen_ids[t.id] for t in roadmap.topics() if t.id in seen_ids), None)
        if clash is not None:
            ctx.problems.append(
                SyncIssue(
                    relative,
                    f"topic ids clash with {clash} (two roadmaps with the same file name);"
                    " rename one — skipped",
                )
            )
            continue
        for topic in roadmap.topics():
            seen_ids[topic.id] = relative
        for limit in roadmap.limits:  # read, but not all of it as written: say so
            ctx.notices.append(f"{relative}:{limit.line}: {limit.message}")
        _skip_malformed(ctx, read)
        if "]:" in text:
            ctx.references[relative] = references_of(text)
        loaded.append(read)
    if alone:
        ctx.roadmap_count = len(loaded)
    return loaded


def _skip_malformed(ctx: SyncContext, loaded: LoadedRoadmap) -> None:
    """Topics on a line `check` reports as a malformed checkbox get no note: the
    text after a broken box (`- [ x] Bad` reads `x Bad`) is not the topic's
    title, and a note made from it would stay behind once the box is fixed."""
    text = loaded.text
    if "[" not in text and "［" not in text:
        return
    lines = set(box_fault_lines(text))
    for topic in loaded.tree.topics():
        if topic.line in lines:
            ctx.malformed.add(topic.id)
            ctx.problems.append(
                SyncIssue(
                    loaded.relative,
                    "malformed checkbox: no note made for this topic until it is fixed"
                    " (vaultroad check --fix)",
                    topic.line,
                )
            )
