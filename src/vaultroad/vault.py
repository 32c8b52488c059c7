"""A vault on disk: its root, configuration, roadmap files and note names.

`Vault.open(root)` reads only the configuration. Roadmaps are found by the
configured globs plus any Markdown file whose frontmatter says
`vaultroad: roadmap`; Obsidian's `.obsidian/`, `.trash/` and git's `.git/`
are never read. Note names resolve the way Obsidian resolves `[[links]]`:
by file name without `.md`, case-insensitively, a partial path choosing
among twins, and frontmatter `aliases` as a fallback.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator, Set
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .config import VaultConfig, load_config
from .discover import IGNORED_DIRS
from .errors import VaultroadError
from .fileio import read_head
from .model import Roadmap, Topic

__all__ = [
    "Discovery",
    "NameIndex",
    "NoRoadmapsError",
    "Vault",
    "declares_roadmap",
    "fold_name",
    "folded_stem",
    "path_stem",
]


class NoRoadmapsError(VaultroadError):
    """The vault holds no roadmap files: there is nothing to sync, and nothing was written."""


@dataclass(frozen=True)
class Discovery:
    """What `Vault.discover` found."""

    roadmaps: list[Path]
    conflict_copies: list[tuple[Path, Path]]  # (copy, the file it is a copy of)


def fold_name(name: str) -> str:
    """How Obsidian compares names: case-insensitive, composed Unicode."""
    return unicodedata.normalize("NFC", name).casefold()


def folded_stem(path: str | PurePosixPath) -> str:
    """The name `[[links]]` find the note at the vault-relative `path` by: its stem, folded."""
    return fold_name(path_stem(path))


def path_stem(path: str | PurePosixPath) -> str:
    """`PurePosixPath(path).stem`, without building the path object for a plain
    `folder/name.ext` (a first sync asks this of every topic note)."""
    if isinstance(path, PurePosixPath):
        return path.stem
    name = path.rpartition("/")[2]
    if not name or name == "." or name == "..":  # a trailing slash, `.`: pathlib's rules
        return PurePosixPath(path).stem
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def _markdown_files(root: Path, skip: frozenset[str]) -> Iterator[PurePosixPath]:
    """Vault-relative paths of every `.md` file, never entering ignored folders."""
    for folder, dirs, files in os.walk(root):
        relative = PurePosixPath(Path(folder).relative_to(root).as_posix())
        dirs[:] = sorted(
            d for d in dirs if d not in IGNORED_DIRS and (relative / d).as_posix() not in skip
        )
        for name in sorted(files):
            if name.endswith(".md"):
                yield (
                    PurePosixPath(relative / name) if str(relative) != "." else PurePosixPath(name)
                )


def declares_roadmap(path: Path) -> bool:
    """Frontmatter `vaultroad: roadmap`, read from the file's head only."""
    head = read_head(path, 4096)
    if not head.lstrip(b"\xef\xbb\xbf").startswith(b"---"):
        return False
    text = head.decode("utf-8", "replace").lstrip("\ufeff")
    lines = text.splitlines()
    for line in lines[1:]:
        if line.strip() in ("---", "..."):
            return False
        key, _, value = line.partition(":")
        if key.strip() == "vaultroad" and value.strip().strip("'\"") == "roadmap":
            return True
    return False


def _aliases(path: Path) -> list[str]:
    """The `aliases` of a note's frontmatter (a list or one string); [] when unreadable."""
    head = read_head(path, 8192)
    if not head.lstrip(b"\xef\xbb\xbf").startswith(b"---"):
        return []
    from .note_front import read_front_matter

    try:
        # owned=(): a duplicated `status:` is sync's problem, not a reason to
        # lose the note's aliases for link resolution.
        data = read_front_matter(head.decode("utf-8"), owned=())
    except (UnicodeDecodeError, VaultroadError):
        return []  # a head cut mid-character or mid-block: not worth guessing
    found = data.get("aliases", data.get("alias"))
    if isinstance(found, str):
        return [found]
    if isinstance(found, list):
        return [str(item) for item in found if isinstance(item, (str, int, float))]
    return []


@dataclass
class NameIndex:
    """Obsidian's link resolution over a set of vault-relative note paths."""

    paths: list[PurePosixPath] = field(default_factory=list)
    aliases: dict[str, PurePosixPath] = field(default_factory=dict)
    _by_name: dict[str, list[PurePosixPath]] = field(default_factory=dict)

    def add(self, path: PurePosixPath) -> None:
        self.paths.append(path)
        self._by_name.setdefault(folded_stem(path), []).append(path)

    def add_alias(self, alias: str, path: PurePosixPath) -> None:
        self.aliases.setdefault(fold_name(alias), path)

    def resolve(self, target: str) -> PurePosixPath | None:
        """The note `[[target]]` opens in Obsidian, or None when it is unresolved."""
        wanted = target.strip()
        if wanted.casefold().endswith(".md"):
            wanted = wanted[:-3]
        if not wanted:
            return None
        parts = fold_name(wanted).split("/")
        candidates = self._by_name.get(parts[-1], [])
        if len(parts) > 1:
            suffix = parts
            candidates = [
                p
                for p in candidates
                if [fold_name(x) for x in p.with_suffix("").parts][-len(suffix) :] == suffix
            ]
        if candidates:
            # Obsidian opens the least nested of several same-named notes.
            return min(candidates, key=lambda p: (len(p.parts), p.as_posix()))
        return self.aliases.get(fold_name(wanted))


@dataclass(frozen=True)
class Vault:
    """A vault folder: its resolved `root` and its `config` (`.vaultroad.toml`, or the defaults).

    `Vault.open(root)` reads only the configuration. `roadmap_paths()` finds the
    roadmaps: the `roadmaps` globs (default `Roadmaps/**/*.md`) plus any note whose
    frontmatter says `vaultroad: roadmap`, never looking into `.obsidian/`,
    `.trash/`, `.git/` or `.vaultroad/`. `roadmaps()` reads them (with the vault's
    `[symbols]`, as every command does) and `topics()` walks all their topics.
    """

    root: Path
    config: VaultConfig

    @classmethod
    def open(cls, root: str | os.PathLike[str]) -> Vault:
        """The vault at `root` with its configuration (nothing else is read yet)."""
        path = Path(root)
        if not path.is_dir():
            raise VaultroadError("not a folder", path=os.fspath(root))
        resolved = path.resolve()
        return cls(root=resolved, config=load_config(resolved))

    @property
    def state_dir(self) -> Path:
        return self.root / ".vaultroad"

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def roadmaps(self) -> list[Roadmap]:
        """Every roadmap of the vault, parsed as `sync` reads it (ids keyed by file name)."""
        from .parser import load

        symbols = self.config.symbols or None
        return [load(path, symbols=symbols) for path in self.roadmap_paths()]

    def topics(self) -> Iterator[Topic]:
        """Every topic of every roadmap, depth-first, roadmap by roadmap."""
        for roadmap in self.roadmaps():
            yield from roadmap.topics()

    def roadmap_paths(self) -> list[Path]:
        """Roadmap files: the configured globs, then notes declaring `vaultroad: roadmap`."""
        return self.discover().roadmaps

    def discover(self) -> Discovery:
        """Roadmap files, and the sync clients' conflict copies that were passed over.

        What vaultroad writes (the notes folder, the summary) and what it never
        reads (`.obsidian/`, `.trash/`, `.git/`, `.vaultroad/`) are not roadmaps
        whatever the globs say: a summary read as a roadmap would grow new
        notes from its own "Next up" list on every sync.
        """
        found: set[Path] = set()
        summary = self.root / self.config.summary
        for pattern in self.config.roadmaps:
            for match in self.root.glob(pattern):
                if match.suffix == ".md" and match != summary and not self._ignored(match):
                    found.add(match)
        notes = self.config.notes_folder
        for relative in _markdown_files(self.root, frozenset({notes})):
            path = self.root / relative
            if path not in found and path != summary and declares_roadmap(path):
                found.add(path)
        from .conflict_copies import conflict_copy_of  # a folder's walk, not one file's check

        roadmaps: list[Path] = []
        copies: list[tuple[Path, Path]] = []
        for path in sorted(found, key=lambda p: self.relative(p)):
            if not path.is_file():
                continue  # a folder named `x.md`, a FIFO, a dangling link
            original = conflict_copy_of(path)
            if original is None:
                roadmaps.append(path)
            else:
                copies.append((path, original))
        return Discovery(roadmaps, copies)

    def _ignored(self, path: Path) -> bool:
        parts = path.relative_to(self.root).parts
        if any(part in IGNORED_DIRS for part in parts):
            return True
        notes = PurePosixPath(self.config.notes_folder).parts
        return tuple(parts[: len(notes)]) == notes

    def name_index(self, *, aliases: bool = False, stems: Set[str] | None = None) -> NameIndex:
        """Every note of the vault by name, for resolving `[[links]]`.

        With `aliases`, the frontmatter `aliases` of notes outside the notes
        folder count too (vaultroad's own notes alias only their titles).
        With `stems`, only the notes whose folded stem is one of them are
        indexed (every alias still is): the index then resolves the targets
        whose last part folds to one of `stems` as a full one would, without
        holding every path of a large vault.
        """
        index = NameIndex()
        notes = PurePosixPath(self.config.notes_folder).parts
        for relative in _markdown_files(self.root, frozenset()):
            if stems is None or folded_stem(relative) in stems:
                index.add(relative)
            if aliases and tuple(relative.parts[: len(notes)]) != notes:
                for alias in _aliases(self.root / relative):
                    index.add_alias(alias, relative)
        return index
