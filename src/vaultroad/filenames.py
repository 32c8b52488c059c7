"""Note file names that work on Windows, macOS and Linux, and inside Obsidian links.

A topic title becomes a file name stem: characters that file systems forbid
or that break `[[links]]` are replaced, Windows' reserved device names get a
suffix, the name is composed Unicode (macOS would otherwise hold NFC and NFD
twins) and capped in UTF-8 bytes without splitting a character sequence.
Paths are compared as the most restrictive file system does: case-folded
and NFC, so `Basics.md` and `basics.md` are one file.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Protocol

from .errors import VaultroadError

__all__ = [
    "NameClaims",
    "UnsafePathError",
    "assign_note_paths",
    "claim_note_path",
    "fold_path",
    "note_stem",
    "resolve_inside",
]


class UnsafePathError(VaultroadError):
    """A path that would land outside the vault."""


# `:` reads best as a dash (`Python: Basics` → `Python - Basics`); `/` and `\`
# join words (`CI/CD` → `CI-CD`); the rest break a file system (`*?"<>|`) or
# an Obsidian link (`#^[]|`) and become a space.
_REPLACE = {":": " - ", "/": "-", "\\": "-"}
_DROP = re.compile(
    r'[*?"<>|#^\[\]\x00-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\ufeff]'
)
_SPACES = re.compile(r"\s+")
_RESERVED = re.compile(r"(?i)(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\..*)?")
UNTITLED = "Untitled"


def _clean(title: str) -> str:
    text = unicodedata.normalize("NFC", title)
    for old, new in _REPLACE.items():
        text = text.replace(old, new)
    text = _DROP.sub(" ", text)
    text = _SPACES.sub(" ", text)
    return text.strip(" .")


def _cap(text: str, max_bytes: int) -> str:
    """Cut to `max_bytes` of UTF-8 at a boundary between user-perceived characters."""
    if len(text.encode("utf-8")) <= max_bytes:
        return text
    cut = text.encode("utf-8")[:max_bytes].decode("utf-8", "ignore")
    # Step back over combining marks, joiners and variation selectors, so an
    # accent, a ZWJ emoji or a flag is never split from its base.
    while cut and (
        unicodedata.combining(cut[-1])
        or cut[-1] in "\u200d\ufe0e\ufe0f"
        or "\U0001f3fb" <= cut[-1] <= "\U0001f3ff"
        or (len(cut) < len(text) and text[len(cut)] in "\u200d\ufe0e\ufe0f")
        or (len(cut) < len(text) and unicodedata.combining(text[len(cut)]))
        or (len(cut) < len(text) and "\U0001f3fb" <= text[len(cut)] <= "\U0001f3ff")
    ):
        cut = cut[:-1]
    return cut


def note_stem(title: str, *, max_bytes: int = 120) -> str:
    """A file-name stem (no extension) for a title, safe on every file system and in links."""
    return _stem(title, max_bytes)


# Placing a roadmap's notes asks for each title's stem several times over (its
# twins, its label, its claim), one roadmap at a time: a window of recent titles
# answers the repeats.
@functools.lru_cache(maxsize=4096)
def _stem(title: str, max_bytes: int) -> str:
    text = _cap(_clean(title), max_bytes).strip(" .")
    if not text:
        return UNTITLED
    if _RESERVED.fullmatch(text):
        text = _cap(text.split(".")[0], max_bytes - 1) + "_"
    return unicodedata.normalize("NFC", text)


def fold_path(path: str) -> str:
    """The identity of a path on a case-insensitive, normalizing file system."""
    return unicodedata.normalize("NFC", path).casefold()


class NameClaims(Protocol):
    """The folded note paths named so far: a `set[str]`, or anything that answers
    `in` and `add` as one does (a first sync of a large vault keeps them on disk)."""

    def __contains__(self, folded: object, /) -> bool: ...

    def add(self, folded: str, /) -> None: ...


def claim_note_path(folder: str, title: str, taken: NameClaims) -> str:
    """`folder/stem.md` for `title`, distinct after case folding from every path in `taken`.

    A twin gets ` 2`, ` 3` … after a stem trimmed to leave room for it, so a
    title long enough to be capped still gets distinct names. The path is
    added to `taken`.
    """
    base = _folder_prefix(folder)
    stem = note_stem(title)
    candidate = f"{base}{stem}.md"
    number = 2
    while fold_path(candidate) in taken:
        suffix = f" {number}"
        trimmed = note_stem(stem, max_bytes=120 - len(suffix.encode()))
        candidate = f"{base}{trimmed}{suffix}.md"
        number += 1
    taken.add(fold_path(candidate))
    return candidate


@functools.lru_cache(maxsize=1024)
def _folder_prefix(folder: str) -> str:
    """`folder` with each part made a safe stem, and a final `/` ("" for the root): one
    per roadmap's notes folder, worked out once rather than for each of its topics."""
    parts = [note_stem(part) for part in PurePosixPath(folder).parts if part not in ("", ".")]
    return f"{PurePosixPath(*parts).as_posix()}/" if parts else ""


def assign_note_paths(
    requests: Sequence[tuple[str, str, str]], *, taken: NameClaims | None = None
) -> dict[str, str]:
    """(key, folder, title) → vault-relative `folder/stem.md`, distinct after case folding.

    Earlier requests keep the plain name; later twins get ` 2`, ` 3` …
    `taken` holds folded paths already in use (they are added to it).
    """
    used = taken if taken is not None else set()
    result: dict[str, str] = {}
    for key, folder, title in requests:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = claim_note_path(folder, title, used)
    return result


def resolve_inside(root: Path, relative: str, real_dirs: dict[str, str] | None = None) -> Path:
    """`root / relative`, refusing anything that lands outside `root` (links included).

    `real_dirs` caches resolved folders between calls (a first sync checks a
    path per topic, in a few folders), a folder still to be created too: a
    caller keeps it for one look at the vault (the checks before a run's
    writes), not across writes that may create the folder. Plain string
    operations: this runs once per note written, and pathlib objects cost
    more than the checks.
    """
    if _leaves_vault(relative):
        raise UnsafePathError("path leaves the vault", path=relative)
    cache: dict[str, str] = {} if real_dirs is None else real_dirs
    root_text = os.fspath(root)
    base = cache.get(root_text)
    if base is None:
        base = cache[root_text] = os.path.realpath(root_text)
    target = os.path.join(base, relative)  # noqa: PTH118 (strings on purpose)
    # Resolve what exists (symlinked folders or files) and require it stays inside.
    parent, name = os.path.split(target)
    real_parent = cache.get(parent)
    if real_parent is None:
        real_parent = cache[parent] = os.path.realpath(parent)
    real = os.path.join(real_parent, name)  # noqa: PTH118 (strings on purpose)
    if os.path.islink(target):  # noqa: PTH114 (strings on purpose)
        real = os.path.realpath(target)
    if real != base and not real.startswith(os.path.join(base, "")):  # noqa: PTH118 (strings on purpose)
        raise UnsafePathError(
            f"path leaves the vault through a symbolic link (to {real})", path=relative
        )
    return Path(target)


def _leaves_vault(relative: str) -> bool:
    """Absolute (POSIX or Windows, drive or UNC) or climbing out with `..`."""
    slashed = relative.replace("\\", "/")
    return (
        slashed.startswith("/")
        or (len(slashed) >= 2 and slashed[1] == ":" and slashed[0].isalpha())
        or ".." in slashed.split("/")
    )
