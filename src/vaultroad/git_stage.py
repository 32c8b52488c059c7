"""Stage the files a sync wrote, for the pre-commit hook (`vaultroad sync --stage`).

pre-commit fails a hook that leaves the working tree different from the
index ("files were modified by this hook"), so a commit that changes a
status would fail once for the notes and summary the sync hook rewrote.
Staging exactly the files this sync wrote, and nothing else, lets that
commit go through in one go with them included. Files git ignores are left
alone: they were never meant to be committed.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from .errors import VaultroadError

__all__ = ["stage"]


def _git(root: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["git", "-C", os.fspath(root), *args],
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as error:
        raise VaultroadError(f"cannot run git: {error.strerror or error}") from None


def stage(root: Path, files: Sequence[Path]) -> list[Path]:
    """`git add` those of `files` (under `root`, in a git work tree) that git does
    not ignore; the files staged. Outside a work tree nothing is staged."""
    if not files:
        return []
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        return []
    names = [os.fspath(path.resolve()) for path in files]
    ignored = _git(root, "check-ignore", "--stdin", "-z", stdin="\0".join(names) + "\0")
    skipped = {name for name in ignored.stdout.split("\0") if name}
    wanted = [name for name in names if name not in skipped]
    if not wanted:
        return []
    added = _git(root, "add", "--", *wanted)
    if added.returncode != 0:
        raise VaultroadError(f"git add failed: {added.stderr.strip()}", path=os.fspath(root))
    return [Path(name) for name in wanted]
