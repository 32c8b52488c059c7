"""Stub notes for `[[links]]` in roadmap items that resolve to no note.

A roadmap that links `[[Docker]]` before the vault has such a note gets one,
tagged `vaultroad/stub`, so the link leads somewhere; an existing note of
that name (or alias) is never touched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from .discover import IGNORED_DIRS
from .errors import VaultroadError
from .filenames import note_stem
from .notes import find_block
from .sync_context import SyncContext
from .sync_files import Planned
from .sync_names import VaultNames
from .sync_places import TopicPlace
from .vault import NameIndex, fold_name, folded_stem

__all__ = ["plan_stubs", "stub_targets"]


def stub_targets(places: dict[str, TopicPlace]) -> dict[str, str]:
    """Every [[link]] target of the topics (not an attachment), with the first roadmap
    that links it."""
    targets: dict[str, str] = {}
    for place in places.values():
        for link in place.topic.wikilinks:
            if not _attachment(link.target):  # `![[icon.svg]]` is a file, not a note
                targets.setdefault(link.target, place.roadmap)
    return targets


def plan_stubs(ctx: SyncContext, targets: dict[str, str], notes: Iterable[str]) -> list[Planned]:
    """Stub notes for the [[link]] `targets` (target → the roadmap linking it) that
    resolve to no note of the vault nor to one of the topic `notes` this run writes."""
    if not ctx.vault.config.stubs or not targets:
        return []
    stems = _stems(targets)
    # Only the notes a target or a stub's place could resolve to: the index
    # resolves those names as one of every note would, and a first sync's
    # hundreds of thousands of topic notes are not all held as paths.
    ours = [PurePosixPath(note) for note in notes if folded_stem(note) in stems]
    index = _names(ctx, stems)
    for note in ours:
        index.add(note)
    if any(index.resolve(target) is None for target in targets):
        index = ctx.vault.name_index(aliases=True, stems=stems)  # only then read frontmatter
        for note in ours:
            index.add(note)
    stubs: list[Planned] = []
    folder = PurePosixPath(ctx.vault.config.notes_folder)
    for target, roadmap in sorted(targets.items()):
        if not target.strip():
            continue
        relative = _stub_path(ctx, folder, target)
        if relative is None:
            continue
        original: bytes | None = None
        source = roadmap.removesuffix(".md")
        found = index.resolve(target) or index.resolve(PurePosixPath(relative).stem)
        if (
            found is not None
            and found.as_posix() == relative
            and not _empty(ctx.vault.root / relative)
        ):
            # Only a renamed roadmap changes what a stub links to: no read of
            # every stub on every run.
            relinked = _relinked_stub(ctx, relative, source) if ctx.renamed else None
            if relinked is not None:
                stubs.append(relinked)
            continue
        if found is not None:
            # A stub left empty (by an older version's interrupted run, or
            # a power cut before the disk had it) holds nothing of the
            # user's: it is written again. Any other note is left alone.
            if found.as_posix() != relative or not _empty(ctx.vault.root / relative):
                continue
            original = b""
        else:
            index.add(PurePosixPath(relative))
        text = f"---\ntags:\n  - vaultroad/stub\n---\n\n{_stub_block(source)}"
        data = text.encode("utf-8", "surrogatepass")
        stubs.append(Planned(ctx.vault.root / relative, relative, "stub", data, original))
    return stubs


def _stems(targets: dict[str, str]) -> set[str]:
    """The folded names `NameIndex.resolve` looks up for `targets`, and those of their
    stubs (`_stub_path`)."""
    stems: set[str] = set()
    for target in targets:
        wanted = target.strip()
        if wanted.casefold().endswith(".md"):
            wanted = wanted[:-3]
        stems.add(fold_name(wanted).split("/")[-1])  # what `NameIndex.resolve` looks up
        parts = [part for part in target.strip().split("/") if part]
        if parts:
            stems.add(fold_name(note_stem(parts[-1])))  # its stub's name (`_stub_path`)
    return stems


def _names(ctx: SyncContext, stems: set[str]) -> NameIndex:
    """The vault's notes whose folded stem is one of `stems`, from the state's name
    index (`sync_names`); from the whole vault when there is no state."""
    if ctx.store is None:
        return ctx.vault.name_index(stems=stems)
    names = VaultNames(ctx.vault.root, ctx.store)
    names.refresh()
    return names.index(stems)


def _stub_block(source: str) -> str:
    return f"%% vaultroad:begin %%\n\nLinked from [[{source}]].\n\n%% vaultroad:end %%\n"


# A stub's block as vaultroad writes it (any line ending): only such a block
# is rewritten, when the roadmap linking the stub has moved.
_STUB_BLOCK = re.compile(
    r"%% vaultroad:begin %%(\r?\n)\1Linked from \[\[[^\]\r\n]*\]\]\.\1\1%% vaultroad:end %%\1?"
)


def _relinked_stub(ctx: SyncContext, relative: str, source: str) -> Planned | None:
    """An existing stub whose "Linked from" names a roadmap that is now `source`
    (the roadmap was renamed or moved): its block, and only that, rewritten."""
    path = ctx.vault.root / relative
    try:
        data, text = ctx.files.read_text(path, relative)
        start, end = find_block(text, relative)
    except VaultroadError:
        return None  # not a stub of vaultroad's (no block, unreadable): left alone
    found = _STUB_BLOCK.fullmatch(text, start, end)
    if found is None:
        return None
    newline = found.group(1)
    block = _stub_block(source).replace("\n", newline)
    if text[end - 1 : end] not in ("\n", "\r"):
        block = block.removesuffix(newline)
    if text[start:end] == block:
        return None
    new_data = (text[:start] + block + text[end:]).encode("utf-8", "surrogatepass")
    return Planned(path, relative, "stub", new_data, data)


def _stub_path(ctx: SyncContext, folder: PurePosixPath, target: str) -> str | None:
    """Where a stub for `[[target]]` goes: the notes folder, or the link's own folder.

    `[[Tasks/Goals]]` resolves only to a note at `Tasks/Goals.md`: a stub in
    the notes folder would not resolve it, so it goes there when that folder
    exists, and no stub is made when it does not.
    """
    parts = [part for part in target.strip().split("/") if part]
    stem = note_stem(parts[-1])
    if len(parts) == 1:
        return (folder / f"{stem}.md").as_posix()
    home = PurePosixPath(*parts[:-1])
    if _leaves(home) or not (ctx.vault.root / home).is_dir():
        return None
    return (home / f"{stem}.md").as_posix()


# What Obsidian opens as a file rather than a note (its attachment types).
_ATTACHMENTS = frozenset(
    [
        "png",
        "jpg",
        "jpeg",
        "gif",
        "bmp",
        "svg",
        "webp",
        "avif",
        "mp3",
        "wav",
        "m4a",
        "ogg",
        "3gp",
        "flac",
        "webm",
        "mp4",
        "ogv",
        "mov",
        "mkv",
        "pdf",
        "canvas",
        "base",
    ]
)


def _attachment(target: str) -> bool:
    """Whether `[[target]]` names an attachment (`icon.svg#x`), not a note (`Node.js`)."""
    name = target.split("#")[0].rsplit("/", 1)[-1]
    return "." in name and name.rsplit(".", 1)[1].lower() in _ATTACHMENTS


def _leaves(folder: PurePosixPath) -> bool:
    """A link's folder that is not one to write in: climbing out, or an ignored folder."""
    return ".." in folder.parts or any(part in IGNORED_DIRS for part in folder.parts)


def _empty(path: Path) -> bool:
    """Whether `path` is a regular file of 0 bytes."""
    try:
        info = path.stat()
    except OSError:
        return False
    return info.st_size == 0 and path.is_file()
