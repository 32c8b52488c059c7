"""What a sync keeps between runs: the no-op test before any parsing, and the state after.

A sync that finds every roadmap's bytes and every note's size and mtime as
the last run recorded them stops there (`untouched`). Otherwise the run's
end records the new state with each file's stamp as the run read or wrote
it (`save_state`).
"""

from __future__ import annotations

import os
from pathlib import Path

from .config import CONFIG_NAME
from .digest import blake2b
from .errors import VaultroadError
from .state import FileStamp, Stamps, State, ensure_gitignore, write_state
from .sync_context import LoadedRoadmap, SyncContext
from .sync_files import Planned
from .sync_places import TopicPlace
from .sync_report import SyncIssue

__all__ = ["remove_cache_leftovers", "save_state", "untouched"]


def untouched(ctx: SyncContext, stamps: Stamps, paths: list[Path], relatives: list[str]) -> bool:
    """Whether nothing changed since the last sync: roadmaps by size and hash, notes
    and the summary by size and mtime. Plain `os.stat` on strings: this runs over
    every note of the vault, and pathlib objects would cost more than the stat."""
    if sorted(relatives) != sorted(stamps.roadmaps):
        return False
    files = stamps.files
    if files.get(CONFIG_NAME, [None, None, ""])[2] != _config_digest(ctx):
        return False  # a setting changed (`[shared] same`, the notes folder …)
    for path, relative in zip(paths, relatives, strict=True):
        saved = files.get(relative)
        try:
            data = path.read_bytes()
        except OSError:
            return False
        digest = blake2b(data, digest_size=16).hexdigest()
        if saved is None or saved[0] != len(data) or saved[2] != digest:
            return False
    root = str(ctx.vault.root) + os.sep
    stat = os.stat
    for relative in (*stamps.notes, ctx.vault.config.summary):
        saved = files.get(relative)
        if saved is None:
            return False
        try:
            info = stat(root + relative)
        except OSError:
            return False
        if info.st_size != saved[0] or info.st_mtime_ns != saved[1] or not info.st_size:
            return False  # changed, or left empty (then it is written again)
    return True


def save_state(
    ctx: SyncContext,
    new_state: State,
    roadmaps: list[LoadedRoadmap],
    places: dict[str, TopicPlace],
    written: list[Planned],
) -> None:
    """Record the state with each file's stamp as this run read or wrote it.

    Never a stat taken now: a file changed since this run saw it keeps
    an older stamp here, so the next run reads it again.
    """
    files: dict[str, FileStamp] = {}
    # The settings this run used, so a change to them alone is not a no-op.
    files[CONFIG_NAME] = FileStamp(0, 0, _config_digest(ctx))
    rewritten = {item.relative: item for item in written}
    for loaded in roadmaps:
        relative = loaded.relative
        item = rewritten.get(relative)
        content = item.text.encode("utf-8", "surrogatepass") if item else loaded.data
        seen = ctx.files.stamp(relative)
        if seen is not None:
            digest = blake2b(content, digest_size=16).hexdigest()
            files[relative] = FileStamp(seen.size, seen.mtime_ns, digest)
    owned = [e.note for i, e in new_state.topics.items() if i not in ctx.unsettled]
    for relative in (*owned, ctx.vault.config.summary):
        seen = ctx.files.stamp(relative)
        if seen is not None:
            files[relative] = FileStamp(seen.size, seen.mtime_ns)
    ctx.files.settle(files)
    new_state.files = files
    new_state.unsettled = sorted(ctx.unsettled & places.keys())
    if ctx.problems and not new_state.unsettled:
        # A problem outside any topic (the summary, a stub, a conflict
        # copy): the next run must look again, not take the no-op path.
        new_state.unsettled = ["*"]
    try:
        write_state(ctx.state_path, new_state)
    except VaultroadError as error:
        ctx.problems.append(
            SyncIssue(
                ctx.vault.relative(ctx.state_path),
                f"{error.message}; the files above were written, and the next sync"
                " compares them again",
            )
        )
        return
    try:
        ensure_gitignore(ctx.state_path.parent)
    except VaultroadError as error:
        ctx.problems.append(
            SyncIssue(
                ctx.vault.relative(ctx.state_path.parent / ".gitignore"),
                f"{error.message}; the next sync tries again",
            )
        )


def _config_digest(ctx: SyncContext) -> str:
    """A hash of `.vaultroad.toml` as it is now ("" when there is none)."""
    try:
        data = (ctx.vault.root / CONFIG_NAME).read_bytes()
    except OSError:
        return ""
    return blake2b(data, digest_size=16).hexdigest()


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
