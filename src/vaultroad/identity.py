"""Which topic of the edited roadmaps a topic of the last sync became.

A topic's id hashes its roadmap's file name, its section path and its title,
so fixing a typo, moving a topic to another section or renaming the roadmap
file gives it a new id. The sync state remembers, per topic, what it takes to
recognise it again (title, text, section path, roadmap); when ids disappear
and others appear in the same run, they are matched here, and a matched topic
keeps its note and its status (the state entry moves to the new id).

The rules, strongest first; each pairs a topic that disappeared with one that
appeared, and only one to one:

1. **Same text** (whitespace and case aside), anywhere in the vault: the topic
   moved (to another section, or with its roadmap file to a new name). A text
   found in several places (`Lists` in two weeks of a renamed file) goes to
   the one in the same roadmap and section, when exactly one is.
2. **Retitled in place**: same roadmap (or the file it was renamed to) and same
   section path, and titles close enough: the words of one contain the
   other's (`JWT` → `JWT authentication`, `Docker basics` → `Docker`), or
   difflib's ratio of the folded titles is at least `RETITLE_RATIO`. 0.75 takes
   typo fixes (`Authentification` → `Authentication` 0.93), spelled-out
   symbols (`Variables & Data Types` → `Variables and data types` 0.91) and
   reworded names (`REST APIs` → `RESTful APIs` 0.86), and leaves apart
   topics that only share a theme (`Unit testing` → `Integration testing`
   0.65, `Lists` → `Tuples` 0.36, `Loops` → `Conditionals` 0.24). Known
   limit: a new topic written in the very place of a removed one with a
   near-identical name (`SQL basics` → `NoSQL basics` 0.91) is taken for it.

Never a guess: when one topic could be two (two equal texts, or two titles
that score the same), nothing is matched for either and the run reports both
sides; their notes stay as they are.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from .model import Topic
from .state import State, TopicState

__all__ = [
    "RETITLE_RATIO",
    "Ambiguity",
    "Appeared",
    "Match",
    "carry_over",
    "fold",
    "renamed_roadmaps",
]

RETITLE_RATIO = 0.75


def fold(text: str) -> str:
    """What two texts must share to be the same: words, case and spacing aside."""
    return " ".join(text.casefold().split())


@dataclass(frozen=True, slots=True)
class Appeared:
    """A topic of this run whose id the last sync did not know."""

    topic: Topic
    roadmap: str  # vault-relative roadmap path
    section: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Match:
    old_id: str
    new_id: str
    kind: str  # "moved" (same text) or "retitled" (same place, close title)
    old: TopicState
    new: Appeared


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """A topic that could be one of several: nothing matched, both sides reported."""

    appeared: tuple[Appeared, ...]
    vanished: tuple[tuple[str, TopicState], ...]


def carry_over(
    state: State,
    appeared: Sequence[Appeared],
    vanished_ids: Iterable[str],
    renamed: Callable[[str], str | None],
) -> tuple[State, list[Match], list[Ambiguity]]:
    """`state` with each matched topic's entry moved to its new id, the matches and
    the ambiguities. `vanished_ids` are the ids of the last sync this run no longer
    has (in roadmaps it read, or whose file is gone); `renamed(old_roadmap)` gives
    the roadmap a gone file became, if any."""
    vanished = {key: state.topics[key] for key in vanished_ids if key in state.topics}
    if not vanished or not appeared:
        return state, [], []
    matches: list[Match] = []
    ambiguities: list[Ambiguity] = []
    waiting = list(appeared)
    for rule in (_same_text, _retitled):
        found, unsure, waiting = rule(waiting, vanished, renamed)
        for match in found:
            del vanished[match.old_id]
        for ambiguity in unsure:
            for key, _ in ambiguity.vanished:
                vanished.pop(key, None)
        matches += found
        ambiguities += unsure
    if not matches:
        return state, [], ambiguities
    topics = dict(state.topics)
    for match in matches:
        del topics[match.old_id]
        topics[match.new_id] = replace(
            match.old,
            roadmap=match.new.roadmap,
            title=match.new.topic.title,
            text=match.new.topic.text,
            section=match.new.section,
            removed=None,  # a gone topic that came back is no longer gone
            # Its note names the old id until a sync rewrites it (the entry
            # is then made afresh, without this); kept if that write fails.
            former=match.old.former or match.old_id,
        )
    return replace(state, topics=topics), matches, ambiguities


def renamed_roadmaps(
    state: State, appeared: Sequence[Appeared], gone_files: set[str]
) -> dict[str, str]:
    """The roadmap each gone file became: the one holding most of its topics' texts."""
    if not gone_files:
        return {}
    where: dict[str, str] = {}
    for item in appeared:
        where.setdefault(fold(item.topic.text), item.roadmap)
    votes: dict[str, dict[str, int]] = {}
    for old in state.topics.values():
        if old.roadmap in gone_files and old.text:
            target = where.get(fold(old.text))
            if target is not None:
                tally = votes.setdefault(old.roadmap, {})
                tally[target] = tally.get(target, 0) + 1
    return {gone: max(tally, key=lambda k: tally[k]) for gone, tally in votes.items()}


def _pair(
    waiting: list[Appeared],
    candidates: Callable[[Appeared], list[str]],
    vanished: dict[str, TopicState],
    kind: str,
) -> tuple[list[Match], list[Ambiguity], list[Appeared]]:
    """One to one pairs: an appeared topic with exactly one candidate, which no
    other appeared topic also names. Everything else waits or is ambiguous."""
    named: dict[str, list[Appeared]] = defaultdict(list)
    choices: list[tuple[Appeared, list[str]]] = []
    for item in waiting:
        keys = candidates(item)
        choices.append((item, keys))
        for key in keys:
            named[key].append(item)
    found: list[Match] = []
    unsure: list[Ambiguity] = []
    rest: list[Appeared] = []
    for item, keys in choices:
        if not keys:
            rest.append(item)
        elif len(keys) == 1 and len(named[keys[0]]) == 1:
            key = keys[0]
            found.append(Match(key, item.topic.id, kind, vanished[key], item))
        else:
            rivals = {id(other): other for key in keys for other in named[key]}
            unsure.append(
                Ambiguity(
                    tuple(sorted(rivals.values(), key=lambda a: (a.roadmap, a.topic.line))),
                    tuple((key, vanished[key]) for key in keys),
                )
            )
    return found, _merge(unsure), rest


def _merge(unsure: list[Ambiguity]) -> list[Ambiguity]:
    """One report per tangle: the same candidates named from several sides once."""
    seen: set[tuple[str, ...]] = set()
    merged = []
    for ambiguity in unsure:
        key = tuple(sorted(k for k, _ in ambiguity.vanished))
        if key not in seen:
            seen.add(key)
            merged.append(ambiguity)
    return merged


def _same_text(
    waiting: list[Appeared],
    vanished: dict[str, TopicState],
    renamed: Callable[[str], str | None],
) -> tuple[list[Match], list[Ambiguity], list[Appeared]]:
    by_text: dict[str, list[str]] = defaultdict(list)
    for key, old in vanished.items():
        if old.text:
            by_text[fold(old.text)].append(key)

    def candidates(item: Appeared) -> list[str]:
        keys = by_text.get(fold(item.topic.text), [])
        if len(keys) < 2:
            return keys
        # One text in several sections (`Lists` in two weeks) of a renamed
        # file: the one in the same place, if exactly one is.
        here = [
            key
            for key in keys
            if (renamed(vanished[key].roadmap) or vanished[key].roadmap) == item.roadmap
            and tuple(vanished[key].section) == item.section
        ]
        return here if len(here) == 1 else keys

    return _pair(waiting, candidates, vanished, "moved")


def _retitled(
    waiting: list[Appeared],
    vanished: dict[str, TopicState],
    renamed: Callable[[str], str | None],
) -> tuple[list[Match], list[Ambiguity], list[Appeared]]:
    def place(old: TopicState) -> tuple[str, tuple[str, ...]]:
        return (renamed(old.roadmap) or old.roadmap, tuple(old.section))

    by_place: dict[tuple[str, tuple[str, ...]], list[str]] = defaultdict(list)
    for key, old in vanished.items():
        if old.title:
            by_place[place(old)].append(key)

    def candidates(item: Appeared) -> list[str]:
        title = fold(item.topic.title)
        scored = []
        for key in by_place.get((item.roadmap, item.section), []):
            ratio = _closeness(fold(vanished[key].title), title)
            if ratio >= RETITLE_RATIO:
                scored.append((ratio, key))
        if not scored:
            return []
        best = max(ratio for ratio, _ in scored)
        return [key for ratio, key in scored if ratio == best]

    return _pair(waiting, candidates, vanished, "retitled")


def _closeness(old: str, new: str) -> float:
    """1.0 when the words of one title contain the other's; else difflib's ratio."""
    old_words, new_words = set(old.split()), set(new.split())
    if old_words and new_words and (old_words <= new_words or new_words <= old_words):
        return 1.0
    return difflib.SequenceMatcher(None, old, new).ratio()
