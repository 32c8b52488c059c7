"""Each roadmap's map (`Maps/<roadmap title>.canvas`), planned with the roadmap's notes.

A sync plans the map of every roadmap it reads: laid out afresh
(`canvas_layout`), merged with the map as the user left it (`canvas`), and
written like every other file of the run (`sync_files`: verified, atomic,
skipped when the file changed since it was read, not written when its bytes
would not change). A map whose roadmap this run does not read (nothing of
it changed) is not looked at: one deleted comes back when its roadmap is
next synced.

Names follow the notes' rules (`filenames.note_stem`): the title cleaned
for every file system, and for a second roadmap of the same title ` 2`,
` 3` …, names compared case-folded. Which map is a roadmap's own is read
in the map (the file of its roadmap card, else the topics it shows), so
two roadmaps of one title never share one, whichever of them a run reads.
A `.canvas` file that is not valid JSON or not a canvas, or that vaultroad
may not write, is reported and left as it is. A retitled roadmap's map
starts again under the new name from the old one, which is left as it was
(a notice says so); the map of a roadmap gone from the vault is left as it
is (the notes of its topics are reported).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import PurePosixPath

from .canvas import Canvas, canvas_owner, canvas_topics, merge_canvas, read_canvas, render_canvas
from .canvas_layout import layout_map
from .errors import VaultroadError
from .fileio import check_writable
from .filenames import fold_path, note_stem, resolve_inside
from .model import Roadmap
from .state import State
from .sync_context import LoadedRoadmap, SyncContext
from .sync_files import Planned
from .sync_places import TopicPlace

__all__ = ["map_name", "plan_maps"]

_EXTENSION = ".canvas"
_NUMBERED = re.compile(r"(.*) (\d{1,6})\.canvas")
_MAX_STEM_BYTES = 120  # as a note's


def map_name(title: str, number: int = 1) -> str:
    """The file name of the `number`th map of a roadmap titled `title` (` 2`, ` 3` … after
    the first, on a stem trimmed to leave room for it)."""
    stem = note_stem(title, max_bytes=_MAX_STEM_BYTES)
    if number == 1:
        return stem + _EXTENSION
    suffix = f" {number}"
    trimmed = note_stem(stem, max_bytes=_MAX_STEM_BYTES - len(suffix.encode()))
    return f"{trimmed}{suffix}{_EXTENSION}"


def _numbers(title: str, folded_names: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(which of the title's map names it is, the name) for each folded file name that is
    one. Cheap for the others: a sync reads a folder of thousands of maps this way."""
    first = fold_path(map_name(title))
    stem = first.removesuffix(_EXTENSION)
    for folded in folded_names:
        if folded == first:
            yield 1, folded
            continue
        found = _NUMBERED.fullmatch(folded)
        # A numbered name's stem is the title's, trimmed to leave room for the number.
        if found is None or found[2].startswith("0") or not stem.startswith(found[1]):
            continue
        number = int(found[2])
        if fold_path(map_name(title, number)) == folded:
            yield number, folded


def plan_maps(
    ctx: SyncContext,
    roadmaps: list[LoadedRoadmap],
    places: Mapping[str, TopicPlace],
    trees: Mapping[str, Roadmap],
    state: State,
) -> list[Planned]:
    """The write of each map of `roadmaps` whose text must change (none with `maps =
    false`). `trees` are the roadmaps as this run's writes leave them (their statuses
    colour the map); `state` gives the former ids of topics an edit renamed."""
    folder = ctx.vault.config.maps
    if folder is None or not roadmaps:
        return []
    notes: dict[str, dict[str, str]] = {}
    for topic_id, place in places.items():
        notes.setdefault(place.roadmap, {})[topic_id] = place.note
    planner = _MapPlanner(ctx, folder)
    planned: list[Planned] = []
    for loaded in roadmaps:
        mine = notes.get(loaded.relative, {})
        formers = {
            topic_id: entry.former
            for topic_id in mine
            if (entry := state.topics.get(topic_id)) is not None and entry.former
        }
        item = planner.plan(loaded, trees.get(loaded.relative, loaded.tree), mine, formers)
        if item is not None:
            planned.append(item)
    return planned


class _MapPlanner:
    """The maps of one call: the folder as listed once, the names claimed so far."""

    def __init__(self, ctx: SyncContext, folder: str) -> None:
        self.ctx = ctx
        self.folder = folder
        self.claimed: set[str] = set()  # folded names given to a roadmap of this call
        self.read: dict[str, tuple[bytes, Canvas] | None] = {}  # None: reported unreadable
        try:
            # One listing per call (a batch of roadmaps), folded: a name differing only in
            # case is the same file on macOS and Windows.
            names = os.listdir(ctx.vault.root / folder)  # noqa: PTH208 (names, not paths)
        except OSError:
            names = []
        self.existing = {fold_path(name): name for name in names}
        self.titles: dict[str, str] | None = None  # roadmap → title, as the last sync saw them

    def plan(
        self,
        loaded: LoadedRoadmap,
        tree: Roadmap,
        notes: Mapping[str, str],
        formers: Mapping[str, str],
    ) -> Planned | None:
        topic_ids = set(notes) | set(formers.values())
        found = self._own_map(loaded.relative, tree.title, topic_ids)
        if found is None:
            return None
        relative, old = found
        layout = layout_map(tree, loaded.relative, notes)
        if old is None:
            seed = self._retitled_map(loaded.relative, tree.title, topic_ids)
            text = render_canvas(merge_canvas(layout, seed[1] if seed else None, formers))
            original = None
            if seed is not None:
                self.ctx.notices.append(
                    f"{seed[0]}: its roadmap {loaded.relative} is now titled {tree.title!r}, and"
                    f" its map {relative} (your layout kept); this one is left as it was"
                )
        else:
            original, canvas = old
            merged = merge_canvas(layout, canvas, formers)
            if merged is canvas:
                return None  # nothing vaultroad owns changed
            text = render_canvas(merged)
        data = text.encode("utf-8", "surrogatepass")
        if data == original:
            return None
        try:
            # A map is never worth holding up the notes: a target vaultroad may not
            # write is reported here and left out, not refused with the whole run.
            check_writable(resolve_inside(self.ctx.vault.root, relative), new=original is None)
        except VaultroadError as error:
            self.ctx.problem(relative, error)
            return None
        return Planned(self.ctx.vault.root / relative, relative, "map", data, original)

    def _retitled_map(
        self, roadmap: str, title: str, topic_ids: set[str]
    ) -> tuple[str, Canvas] | None:
        """The map the roadmap had under the title the last sync saw, when that differs:
        the new map starts from it, so the user's layout is not lost with the name."""
        if self.titles is None:
            self.titles = (
                {path: row.title for path, row in self.ctx.store.roadmaps().items()}
                if self.ctx.store is not None
                else {}
            )
        before = [old for old, new in self.ctx.renamed.items() if new == roadmap]
        previous = self.titles.get(roadmap) or next(
            (self.titles[old] for old in before if old in self.titles), None
        )
        if previous is None or previous == title:
            return None
        for relative in self._candidates(previous):
            found = self._read(relative)
            if found is not None and self._belongs(found[1], roadmap, topic_ids):
                return relative, found[1]
        return None

    def _own_map(
        self, roadmap: str, title: str, topic_ids: set[str]
    ) -> tuple[str, tuple[bytes, Canvas] | None] | None:
        """The roadmap's map: (its path, (its bytes, its canvas)) when it exists, (a free
        name, None) when it does not; None when a file in its place cannot be read as a
        canvas (then it is reported, and no second map is made beside it)."""
        unreadable = False
        for relative in self._candidates(title):
            found = self._read(relative)
            if found is None:
                unreadable = True
            elif self._belongs(found[1], roadmap, topic_ids):
                self.claimed.add(fold_path(PurePosixPath(relative).name))
                return relative, found
        if unreadable:
            return None
        number = 1
        while (folded := fold_path(map_name(title, number))) in self.existing or (
            folded in self.claimed
        ):
            number += 1
        self.claimed.add(folded)
        return (PurePosixPath(self.folder) / map_name(title, number)).as_posix(), None

    def _candidates(self, title: str) -> list[str]:
        """The maps in the folder named for `title` and not yet given to a roadmap, first
        name first."""
        free = (folded for folded in self.existing if folded not in self.claimed)
        numbered = sorted(_numbers(title, free))
        return [
            (PurePosixPath(self.folder) / self.existing[folded]).as_posix()
            for _, folded in numbered
        ]

    def _read(self, relative: str) -> tuple[bytes, Canvas] | None:
        if relative not in self.read:
            try:
                data, text = self.ctx.files.read_text(self.ctx.vault.root / relative, relative)
                self.read[relative] = data, read_canvas(text, relative)
            except VaultroadError as error:
                self.ctx.problem(relative, error)
                self.read[relative] = None
        return self.read[relative]

    def _belongs(self, canvas: Canvas, roadmap: str, topic_ids: set[str]) -> bool:
        """Whether the map is this roadmap's: its roadmap card names the roadmap (or the
        file it was renamed from), or, that card deleted, it shows one of its topics."""
        owner = canvas_owner(canvas)
        if owner is not None:
            return owner == roadmap or self.ctx.renamed.get(owner) == roadmap
        return not canvas_topics(canvas).isdisjoint(topic_ids)
