"""Shared topics: the same topic in several roadmaps of a vault.

Roadmaps of one field teach largely the same things: Docker, PostgreSQL,
pytest and JWT are in most Python backend roadmaps. This module finds them,
as pure functions over parsed trees (nothing here reads or writes a file):

- `shared_key(title)`: the form two titles must share to name one topic.
- `find_shared(roadmaps, same)`: the groups of topics that are one topic in
  two or more roadmaps; `roadmap_candidates(roadmap)` is what one roadmap
  brings to them, and `shared_groups` finds the groups from those alone (a
  sync keeps each roadmap's candidates, so an unchanged roadmap is not read).
- `overlap(shared, roadmaps, statuses)`: for each pair of roadmaps, how much
  of one is in the other, and how much of that is done there.

A topic joins a group by any of three kinds of evidence:

1. its title has the same `shared_key` as another's (`Docker`, `docker`);
2. it links one `[[note]]` and nothing else, as another does (compared
   without case, `.md` or `#heading`): a topic linking three notes
   (`[[Types]], [[Loops]], [[Functions]]`) is about three things, none of
   them the same topic as any one of them;
3. the configuration's `[shared] same` names both titles
   (`["PostgreSQL", "Postgres"]`).

Evidence is never stretched into a guess. A key two topics of one roadmap
share (an "Introduction" in every section) joins neither of them by that
key; and a roadmap that would still bring two topics into one group (one
by title, one by link) is left out of that group, since which of its two
is "the" shared one cannot be told. A group holds topics of at least two
roadmaps, one topic each.

Linear in the number of topics (dict grouping and a union-find over keys),
for vaults of hundreds of roadmaps and tens of thousands of topics.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .model import Roadmap, Status, Topic

__all__ = [
    "Candidate",
    "Overlap",
    "SharedMember",
    "SharedTopics",
    "find_shared",
    "link_key",
    "overlap",
    "roadmap_candidates",
    "shared_groups",
    "shared_key",
]


class _Separators(dict[int, str | None]):
    """A `str.translate` table filled on first sight of each character.

    Punctuation, symbols, spaces and control characters become spaces (they
    separate words: `CI/CD` is `CI CD`); format characters and variation
    selectors (zero-width spaces, joiners, the `\\ufe0f` after an emoji) are
    dropped, as they change how a title looks, not what it says. Letters,
    digits and marks are kept. `#` and `+` are decided later, by where they
    stand (see `_LOOSE_SIGNS`).
    """

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        category = unicodedata.category(char)
        value: str | None
        if char in "#+":
            value = char
        elif category == "Cf" or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
            value = None
        elif category[0] in "PSZC":
            value = " "
        else:
            value = char
        self[code] = value
        return value


_SEPARATORS = _Separators()
# `#` and `+` ending a word name something (`C#`, `C++`, `F#`) and are kept,
# or `C#` would be `C`; anywhere else (`a+b`, `Docker + Compose`, `#tag`)
# they separate words like any other sign.
_LOOSE_SIGNS = re.compile(r"(?<![\w#+])[#+]+|[#+]+(?=\w)")


def shared_key(title: str) -> str:
    """The normalised form two titles must share to be the same topic.

    Unicode NFKC (full-width `ＤＯＣＫＥＲ` is `docker`, a decomposed `é` is
    `é`), case folded (`Straße` is `STRASSE`), punctuation and symbols read
    as spaces (`CI/CD`, `CI-CD` and `CI CD` are one key; `Variables & Data
    Types` is `Variables, data types`), blanks collapsed. "" for a title of
    only signs, which names nothing and matches nothing.

    Accents are kept: `Árboles` is not `Arboles`. In the Spanish roadmaps of
    the sample vault an accent tells words apart (`año`/`ano`, `sí`/`si`,
    `práctica`/`practica`), Obsidian itself treats `Índice` and `Indice` as
    two notes, and stripping marks would mangle scripts whose vowels are
    marks (Devanagari, Hebrew points). A vault that wants both spellings as
    one topic says so in `[shared] same`. Abbreviations and synonyms
    (`PostgreSQL`/`Postgres`) are the same: named there, never guessed here.
    """
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", title).casefold())
    spaced = _LOOSE_SIGNS.sub(" ", folded.translate(_SEPARATORS))
    return " ".join(spaced.split())


def link_key(target: str) -> str:
    """A `[[wikilink]]` target as a note's identity: no `#heading`, no `.md`, no case."""
    name = unicodedata.normalize("NFC", target.split("#", 1)[0]).strip()
    if name.casefold().endswith(".md"):
        name = name[:-3]
    return name.strip().casefold()


@dataclass(frozen=True, slots=True)
class SharedMember:
    """One roadmap's topic in a group: the roadmap's vault-relative path, the topic."""

    roadmap: str
    topic_id: str
    title: str
    line: int


@dataclass(frozen=True, slots=True)
class SharedTopics:
    """The groups of topics that are one topic in several roadmaps.

    Each group lists one topic of each of its roadmaps (two or more), by
    roadmap path, then line; groups are in the order of their first member.
    """

    groups: tuple[tuple[SharedMember, ...], ...] = ()
    # topic id → index of its group, built from `groups`.
    _group_of: dict[str, int] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {member.topic_id: n for n, group in enumerate(self.groups) for member in group}
        object.__setattr__(self, "_group_of", index)  # frozen: set once, here

    def group_number(self, topic_id: str) -> int | None:
        """The index in `groups` of the group `topic_id` is in; None when it is in none."""
        return self._group_of.get(topic_id)

    def group(self, topic_id: str) -> tuple[SharedMember, ...]:
        """The whole group `topic_id` is in (itself included); () when it is in none."""
        number = self._group_of.get(topic_id)
        return () if number is None else self.groups[number]

    def others(self, topic_id: str) -> tuple[SharedMember, ...]:
        """The same topic in the other roadmaps; () when the topic is not shared."""
        return tuple(m for m in self.group(topic_id) if m.topic_id != topic_id)


@dataclass(frozen=True, slots=True)
class Overlap:
    """How much of roadmap `target` is also in roadmap `source`.

    `shared` of the target's `target_total` topics are in a group with one of
    the source's; `done` of those are done in the source (done, not skipped:
    skipping a topic in one roadmap says nothing about having learnt it).
    """

    source: str
    target: str
    shared: int
    done: int
    target_total: int


class _UnionFind:
    """Keys joined into classes: near-constant time per join (path halving, by size)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.size: dict[str, int] = {}

    def find(self, key: str) -> str:
        parent = self.parent
        root = parent.setdefault(key, key)
        while root != key:
            parent[key] = parent[root]  # halve the path as we go
            key, root = root, parent[root]
        return key

    def union(self, first: str, second: str) -> None:
        a, b = self.find(first), self.find(second)
        if a == b:
            return
        if self.size.get(a, 1) < self.size.get(b, 1):
            a, b = b, a
        self.parent[b] = a
        self.size[a] = self.size.get(a, 1) + self.size.get(b, 1)


def _topic_keys(topic: Topic) -> set[str]:
    """The evidence a topic brings: its title's key, and the one note it links, if one."""
    keys = set()
    title = shared_key(topic.title)
    if title:
        keys.add(f"t:{title}")
    targets = {link_key(link.target) for link in topic.wikilinks if not link.embed}
    targets.discard("")
    if len(targets) == 1:
        keys.add(f"l:{targets.pop()}")
    return keys


def _same_classes(same: Iterable[Sequence[str]], classes: _UnionFind) -> None:
    """Join the title keys each list of `same` names (lists sharing a title join too)."""
    for titles in same:
        keys = [f"t:{key}" for key in map(shared_key, titles) if key]
        for key in keys[1:]:
            classes.union(keys[0], key)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A topic of one roadmap that may join a group, by the keys it holds alone there."""

    topic_id: str
    title: str
    line: int
    keys: tuple[str, ...]  # sorted; the first one names its class


def roadmap_candidates(roadmap: Roadmap) -> list[Candidate]:
    """The topics of one roadmap that may be shared, with the keys they may join by.

    Depends on that roadmap alone, so a sync keeps it for each roadmap and
    finds the vault's groups again without loading the roadmaps that did not
    change (`shared_groups`).
    """
    topics = [(topic, _topic_keys(topic)) for topic in roadmap.topics()]
    # Two topics with one id (a line repeated in a section): nothing that
    # looks a topic up by id, its note included, can tell them apart.
    ids = Counter(topic.id for topic, _ in topics)
    # A key two topics of this roadmap hold says nothing about either.
    counts = Counter(key for _, keys in topics for key in keys)
    found = []
    for topic, keys in topics:
        usable = tuple(sorted(key for key in keys if counts[key] == 1))
        if usable and ids[topic.id] == 1:
            found.append(Candidate(topic.id, topic.title, topic.line, usable))
    return found


def find_shared(
    roadmaps: Sequence[tuple[str, Roadmap]], same: Iterable[Sequence[str]] = ()
) -> SharedTopics:
    """The topics that are one topic in two or more of `roadmaps`.

    `roadmaps` are (vault-relative path, tree); `same` lists titles naming
    one topic (the configuration's `[shared] same`). See the module's
    docstring for the rules.
    """
    # An id in two roadmaps (two files of one name) names no one topic either.
    ids = Counter(topic.id for _, roadmap in roadmaps for topic in roadmap.topics())
    return shared_groups(
        (
            (path, [c for c in roadmap_candidates(roadmap) if ids[c.topic_id] == 1])
            for path, roadmap in roadmaps
        ),
        same,
    )


def shared_groups(
    candidates: Iterable[tuple[str, Sequence[Candidate]]], same: Iterable[Sequence[str]] = ()
) -> SharedTopics:
    """The groups `find_shared` finds, from each roadmap's `roadmap_candidates`
    (roadmaps whose topic ids clash are to be left out by the caller)."""
    classes = _UnionFind()
    _same_classes(same, classes)
    found = [(path, candidate) for path, items in candidates for candidate in items]
    for _, candidate in found:
        keys = candidate.keys
        for key in keys[1:]:
            classes.union(keys[0], key)
    by_class: dict[str, dict[str, list[Candidate]]] = {}
    for path, candidate in found:
        by_class.setdefault(classes.find(candidate.keys[0]), {}).setdefault(path, []).append(
            candidate
        )
    groups = (_group(by_roadmap) for by_roadmap in by_class.values())
    return SharedTopics(tuple(sorted((g for g in groups if len(g) >= 2), key=_first)))


def _group(by_roadmap: Mapping[str, list[Candidate]]) -> tuple[SharedMember, ...]:
    """One class's topics as a group: one per roadmap, in order.

    A roadmap with two topics in the class is left out: which of the two is
    the shared one would be a guess.
    """
    members = (
        SharedMember(path, found[0].topic_id, found[0].title, found[0].line)
        for path, found in by_roadmap.items()
        if len(found) == 1
    )
    return tuple(sorted(members, key=lambda m: (m.roadmap, m.line, m.topic_id)))


def _first(group: tuple[SharedMember, ...]) -> tuple[str, int, str]:
    return group[0].roadmap, group[0].line, group[0].topic_id


def overlap(
    shared: SharedTopics,
    roadmaps: Sequence[tuple[str, Roadmap]],
    statuses: Mapping[str, Status],
) -> list[Overlap]:
    """For every ordered pair of roadmaps (source, target) with topics in
    common: how many of the target's topics are also in the source, and how
    many of those are done in the source.

    `statuses` gives a topic's status by id (the synced one); a topic it does
    not name has its roadmap's. Ordered by target path, then source path.

    Each roadmap's groups are one bit each of a Python int, so a pair costs
    an AND and a bit count: time grows with the pairs of roadmaps, not with
    the groups' sizes squared.
    """
    tree_status = {t.id: t.status for _, roadmap in roadmaps for t in roadmap.topics()}
    totals = {path: sum(1 for _ in roadmap.topics()) for path, roadmap in roadmaps}
    member_bits: dict[str, int] = {}
    done_bits: dict[str, int] = {}
    for number, group in enumerate(shared.groups):
        bit = 1 << number
        for member in group:
            member_bits[member.roadmap] = member_bits.get(member.roadmap, 0) | bit
            status = statuses.get(member.topic_id, tree_status.get(member.topic_id))
            if status is Status.DONE:
                done_bits[member.roadmap] = done_bits.get(member.roadmap, 0) | bit
    paths = sorted(path for path in member_bits if path in totals)
    found = []
    for target in paths:
        bits = member_bits[target]
        for source in paths:
            common = bits & member_bits[source]
            if source == target or not common:
                continue
            done = (common & done_bits.get(source, 0)).bit_count()
            found.append(Overlap(source, target, common.bit_count(), done, totals[target]))
    return found
