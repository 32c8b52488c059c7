"""Finding roadmap files: a file given directly, or the roadmap globs of a vault folder."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .errors import VaultroadError

__all__ = ["DEFAULT_ROADMAP_GLOBS", "IGNORED_DIRS", "roadmap_paths"]

DEFAULT_ROADMAP_GLOBS: tuple[str, ...] = ("Roadmaps/**/*.md",)
# Obsidian's settings, its trash and git's store are never read or written.
IGNORED_DIRS = frozenset({".obsidian", ".trash", ".git", ".vaultroad"})


def _ignored(path: Path, root: Path) -> bool:
    return any(part in IGNORED_DIRS for part in path.relative_to(root).parts)


def roadmap_paths(
    targets: Iterable[str | os.PathLike[str]], globs: Iterable[str] = DEFAULT_ROADMAP_GLOBS
) -> list[Path]:
    """Roadmap files named by `targets`: files as given, folders through `globs`, sorted."""
    found: list[Path] = []
    seen: set[Path] = set()
    patterns = tuple(globs)
    for target in targets:
        path = Path(target)
        if path.is_file():
            candidates = [path]
        elif path.is_dir():
            candidates = sorted(
                {
                    match
                    for pattern in patterns
                    for match in path.glob(pattern)
                    if match.is_file() and not _ignored(match, path)
                }
            )
        else:
            raise VaultroadError("no such file or folder", path=os.fspath(path))
        for candidate in candidates:
            if candidate not in seen:
                seen.add(candidate)
                found.append(candidate)
    return found
