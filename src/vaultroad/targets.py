"""What the paths given to a command name: roadmap files, each read with its vault's settings.

One way for every command (`sync`, `check`, `status`, `mark`, `tree`) and for
the library to turn paths into roadmaps, so they all see the same vault:

- A folder that is a vault gives the roadmaps its configuration finds (the
  `roadmaps` globs of `.vaultroad.toml`, then notes declaring `vaultroad:
  roadmap`). A folder is a vault when it holds `.vaultroad.toml`, `.obsidian/`
  or `.vaultroad/`, or when its roadmap globs find files (`Roadmaps/` with no
  configuration at all).
- Any other folder gives the Markdown files in it and below it (never inside
  `.obsidian/`, `.trash/`, `.git/`, `.vaultroad/`, and never the notes folder
  or summary of the vault around it: those are vaultroad's own output).
- A file is itself.

Every file is read with the settings (`[symbols]`, and for `mark` `[tasks]`) of
the vault it lives in: the nearest folder at or above it holding
`.vaultroad.toml`, `.obsidian/` or `.vaultroad/`. A configuration that is
present but wrong is an error for every command. Paths keep the form they
were given in (a folder given as `vault` gives `vault/Roadmaps/x.md`), so
output never switches between relative and absolute paths.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from .discover import IGNORED_DIRS
from .errors import VaultroadError
from .model import Status

if TYPE_CHECKING:
    from .vault import Vault

__all__ = [
    "Target",
    "Targets",
    "find_targets",
    "is_vault_root",
    "locate_vault",
    "vault_around",
]

# What makes a folder a vault even before it has roadmaps: vaultroad's
# configuration, Obsidian's settings folder, or vaultroad's state.
VAULT_MARKERS = (".vaultroad.toml", ".obsidian", ".vaultroad")


class Target:
    """One roadmap file to read, with the vault whose settings apply (None: defaults).

    Plain slotted classes, this and `Targets`: every command (the pre-commit
    hook's `check` of one file included) builds them, and creating a
    dataclass at import compiles its methods, a cost paid on each start-up.
    """

    __slots__ = ("_declared", "path", "vault")

    def __init__(
        self, path: Path, vault: Vault | None = None, declared: bool | Callable[[], bool] = False
    ) -> None:
        self.path = path
        self.vault = vault
        self._declared = declared

    @property
    def declared(self) -> bool:
        """Known to be a roadmap: found by its vault's configuration or named by
        frontmatter, or a file named outside any vault. Another note of a vault
        is read as a roadmap when asked, but having no topics is no fault of it
        (check's VR404 is for roadmaps).

        For a file named inside a vault, found out when first asked: it takes
        finding every roadmap of the vault (globs, and the frontmatter of every
        note), which only a file with no topics needs, and the pre-commit
        hook's check of a staged roadmap should not walk the whole vault.
        """
        if not isinstance(self._declared, bool):
            self._declared = self._declared()
        return self._declared

    def __repr__(self) -> str:
        return f"Target({self.path!r}, {self.vault!r})"

    @property
    def symbols(self) -> Mapping[str, Status]:
        return self.vault.config.symbols if self.vault is not None else {}

    @property
    def done_dates(self) -> bool:
        """Whether `mark` writes Obsidian Tasks done dates here (`[tasks] done_dates`)."""
        return self.vault is not None and self.vault.config.tasks_done_dates


class Targets:
    """The files the paths named, the vaults given as folders (for vault-wide rules),
    and the files passed over as vaultroad's own output (topic notes, the summary)."""

    __slots__ = ("files", "outputs", "vaults")

    def __init__(self) -> None:
        self.files: list[Target] = []
        self.vaults: list[tuple[Path, Vault]] = []  # (folder as given, vault)
        self.outputs: list[Path] = []


def has_vault_marker(folder: Path) -> bool:
    return any((folder / marker).exists() for marker in VAULT_MARKERS)


def _vault_at(folder: Path) -> tuple[Vault, list[Path]] | None:
    """The vault `folder` is, with its roadmaps (found once): a folder with a vault
    marker, or one whose roadmap globs find files; None for any other folder."""
    from .vault import Vault  # reads configuration: not loaded for a file outside any vault

    vault = Vault.open(folder)
    roadmaps = vault.roadmap_paths()
    if roadmaps or has_vault_marker(folder):
        return vault, roadmaps
    return None


def is_vault_root(folder: Path) -> bool:
    """A folder with a vault marker, or one whose roadmap globs find files."""
    return has_vault_marker(folder) or _vault_at(folder) is not None


def vault_around(path: Path) -> Vault | None:
    """The vault `path` lives in: the nearest folder at or above it with a vault marker."""
    start = path.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        if has_vault_marker(candidate):
            from .vault import Vault  # not loaded for a file outside any vault

            return Vault.open(candidate)
    return None


def _as_given(given: Path, root: Path, found: Path) -> Path:
    """`found` (under the resolved `root`) in the form `given` names `root`."""
    return given / found.relative_to(root)


def _markdown_below(given: Path, vault: Vault | None) -> list[Path]:
    """Markdown files in a folder that is not a vault, in the form it was given."""
    root = given.resolve()
    own: set[Path] = set()
    if vault is not None:
        own = {vault.root / vault.config.summary}
    notes = vault.root / vault.config.notes_folder if vault is not None else None
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if d not in IGNORED_DIRS and here / d != notes)
        for name in sorted(files):
            path = here / name
            if name.endswith(".md") and path not in own and path.is_file():
                found.append(_as_given(given, root, path))
    return found


def _is_output(vault: Vault, path: Path) -> bool:
    """A file vaultroad writes in `vault`: its summary or a note of its notes folder."""
    relative = path.resolve().relative_to(vault.root)
    notes = Path(vault.config.notes_folder)
    return relative == Path(vault.config.summary) or relative.parts[: len(notes.parts)] == (
        notes.parts
    )


def find_targets(paths: Iterable[str | os.PathLike[str]]) -> Targets:
    """The roadmap files `paths` name (see the module doc), each once, in order.

    A file inside a vault that is that vault's summary or one of its topic
    notes is passed over (`outputs`): pre-commit hands every staged Markdown
    file to `check`, and vaultroad's own notes are not roadmaps.
    """
    targets = Targets()
    seen: set[Path] = set()
    roadmaps: dict[Path, frozenset[Path]] = {}  # per vault root, found once

    def declared_in(vault: Vault, path: Path) -> Callable[[], bool]:
        def declared() -> bool:  # asked on first use (see Target.declared)
            if vault.root not in roadmaps:
                roadmaps[vault.root] = frozenset(vault.roadmap_paths())
            return path.resolve() in roadmaps[vault.root]

        return declared

    def add(path: Path, vault: Vault | None, declared: bool | Callable[[], bool]) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            targets.files.append(Target(path, vault, declared))

    for item in paths:
        given = Path(item)
        if given.is_dir():
            at = _vault_at(given)
            if at is not None:
                vault, found_roadmaps = at
                targets.vaults.append((given, vault))
                roadmaps[vault.root] = frozenset(found_roadmaps)
                for found in found_roadmaps:
                    add(_as_given(given, vault.root, found), vault, True)
            else:
                around = vault_around(given)
                for found in _markdown_below(given, around):
                    add(found, around, False if around is None else declared_in(around, found))
        elif given.is_file():
            around = vault_around(given)
            if around is not None and _is_output(around, given):
                targets.outputs.append(given)
                continue
            # Named outside any vault, a file is a roadmap because the user says so.
            add(given, around, True if around is None else declared_in(around, given))
        else:
            raise VaultroadError("no such file or folder", path=os.fspath(item))
    return targets


def _marked_below(folder: Path, depth: int) -> list[Path]:
    """Folders below `folder` (at most `depth` levels down) with a vault marker."""
    found: list[Path] = []
    for child in sorted(p for p in folder.iterdir() if p.is_dir() and p.name not in IGNORED_DIRS):
        if has_vault_marker(child):
            found.append(child)
        elif depth > 1:
            found.extend(_marked_below(child, depth - 1))
    return found


def locate_vault(folder: Path) -> Path:
    """The vault `sync` works on when run in `folder` without naming one.

    `folder` itself when it is a vault; else the vault around it; else the one
    vault below it (up to three levels): pre-commit runs hooks at the root of
    the repository, which may hold the vault in a subfolder. Several vaults
    below is an error asking to name one; none gives `folder`, which sync then
    reports as holding no roadmaps.
    """
    if is_vault_root(folder):
        return folder
    around = vault_around(folder)
    if around is not None:
        return folder / os.path.relpath(around.root, folder.resolve())
    below = _marked_below(folder, 3)
    if len(below) > 1:
        names = ", ".join(os.fspath(path) for path in below)
        raise VaultroadError(
            f"several vaults here ({names}): name one (`vaultroad sync PATH`, or"
            " `args: [PATH]` in the pre-commit hook)",
            path=os.fspath(folder),
        )
    return below[0] if below else folder
