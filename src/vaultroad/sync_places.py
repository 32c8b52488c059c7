"""Where each topic of a run lives: its roadmap, its section path and its note."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from .filenames import NameClaims, claim_note_path, fold_path, note_stem
from .model import Roadmap, Section, SectionKind, Topic
from .note_names import distinct_titles
from .notes import heading_anchor
from .state import State
from .state_db import StateStore
from .sync_context import LoadedRoadmap, SyncContext

__all__ = ["TopicPlace", "place_topics", "walk"]


@dataclass
class TopicPlace:
    topic: Topic
    roadmap: str  # vault-relative roadmap path
    roadmap_tree: Roadmap
    section: tuple[str, ...]
    heading: str | None
    note: str  # vault-relative note path


def place_topics(
    ctx: SyncContext,
    roadmaps: list[LoadedRoadmap],
    state: State,
    *,
    taken: NameClaims | None = None,
    claimed: Mapping[str, str] | None = None,
) -> dict[str, TopicPlace]:
    """Every topic with its section path and note path (kept from the last sync).

    A topic new to the state gets a note named by its title; topics of one
    roadmap sharing a title are told apart by their places (`note_names`).
    `taken` (folded note paths) is shared by the calls of one run that places
    its roadmaps a few at a time, and `claimed` gives the notes an earlier
    call named (`sync_batches`).
    """
    places: dict[str, TopicPlace] = {}
    if taken is None:
        taken = _Taken(fold_path(t.note) for t in state.topics.values())
        if ctx.scope is not None and ctx.store is not None:
            taken.store = ctx.store  # the notes of the roadmaps outside the scope
    folder_root = PurePosixPath(ctx.vault.config.notes_folder)
    for loaded in roadmaps:
        folder = (folder_root / note_stem(loaded.tree.title)).as_posix()
        walked = [item for item in walk(loaded.tree) if item[0].id not in ctx.malformed]
        names: dict[str, str] | None = None  # worked out when a topic needs a new note
        for topic, section, heading in walked:
            saved = state.topics.get(topic.id)
            if saved is not None:
                # Known: its note stays, also when the roadmap file moved to
                # another folder under the same name (its ids do not change).
                note = saved.note
            elif claimed is not None and topic.id in claimed:
                note = claimed[topic.id]
            else:
                if names is None:
                    names = _note_titles(walked)
                note = claim_note_path(folder, names[topic.id], taken)
            places[topic.id] = TopicPlace(
                topic, loaded.relative, loaded.tree, section, heading, note
            )
    return places


class _Taken(set[str]):
    """Folded note paths in use: the run's, and the state's for the roadmaps it did not load."""

    store: StateStore | None = None

    def __contains__(self, folded: object) -> bool:
        if super().__contains__(folded):
            return True
        return self.store is not None and isinstance(folded, str) and self.store.note_taken(folded)


Walked = list[tuple[Topic, tuple[str, ...], str | None]]


def _note_titles(walked: Walked) -> dict[str, str]:
    """Topic id → the title its note is named by (`note_names`). Only twins need
    their places, which take a map of parents: built only when there are twins."""
    stems: dict[str, int] = {}
    for topic, _, _ in walked:
        key = fold_path(note_stem(topic.title))
        stems[key] = stems.get(key, 0) + 1
    if all(count == 1 for count in stems.values()):
        return {topic.id: topic.title for topic, _, _ in walked}
    parents = {child.id: above for above, _, _ in walked for child in above.children}

    def places(topic: Topic, section: tuple[str, ...]) -> tuple[str, ...]:
        if stems[fold_path(note_stem(topic.title))] == 1:
            return ()
        titles: list[str] = []  # its parent topics, then its sections, innermost first
        above = parents.get(topic.id)
        while above is not None:
            titles.append(above.title)
            above = parents.get(above.id)
        return (*titles, *reversed(section))

    return distinct_titles([(t.id, t.title, places(t, s)) for t, s, _ in walked])


def walk(roadmap: Roadmap) -> Iterator[tuple[Topic, tuple[str, ...], str | None]]:
    """Every topic with the titles of its sections and the nearest heading above it."""

    def nodes(
        children: tuple[Section | Topic, ...], path: tuple[str, ...], heading: str | None
    ) -> Iterator[tuple[Topic, tuple[str, ...], str | None]]:
        for node in children:
            if isinstance(node, Topic):
                for topic in node.walk():
                    yield topic, path, heading
            else:
                number = f"{node.number} " if node.number else ""
                title = number + node.title
                here = heading
                if node.kind is SectionKind.HEADING:
                    here = heading_anchor(title)
                yield from nodes(node.children, (*path, title), here)

    yield from nodes(roadmap.children, (), None)
