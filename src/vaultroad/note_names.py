"""Names for the notes of topics that share a title: told apart by where they are.

Two topics called `Authentication`, one under `FastAPI` and one under
`Django`, get `Authentication (FastAPI)` and `Authentication (Django)`: a
name that says which, where a counter (`Authentication 2`) would not. Each
topic offers its places innermost first (its parent topic, its section, the
section above …); the fewest of them that set every twin apart are used. A
counter (`filenames.claim_note_path`) is the last resort, for twins no place
tells apart.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from .filenames import fold_path, note_stem

__all__ = ["distinct_titles", "place_label"]

# An outline number in front of a section title (`1.2 `, `3. `): the name
# reads better without it, and renumbering would not change it.
_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+")


def place_label(title: str) -> str:
    """A section or parent title as a name shows it: without its outline number."""
    return _NUMBER.sub("", title.strip(), count=1) or title.strip()


def distinct_titles(
    topics: Sequence[tuple[str, str, Sequence[str]]],
) -> dict[str, str]:
    """(key, title, places innermost first) → the title its note is named by.

    Titles that make the same file name within `topics` get the fewest
    places that tell them apart, in parentheses; every other title is kept.
    """
    groups: dict[str, list[tuple[str, str, tuple[str, ...]]]] = defaultdict(list)
    for key, title, places in topics:
        labels = tuple(place_label(place) for place in places)
        groups[fold_path(note_stem(title))].append((key, title, labels))
    names: dict[str, str] = {}
    for members in groups.values():
        if len(members) == 1:
            key, title, _ = members[0]
            names[key] = title
            continue
        depth = _depth(members)
        for key, title, labels in members:
            label = ", ".join(labels[:depth])
            names[key] = f"{title} ({label})" if label else title
    return names


def _depth(members: Sequence[tuple[str, str, tuple[str, ...]]]) -> int:
    """The fewest places that tell all `members` apart; 0 when none do (then the
    plain titles, and the counter, name them: a long label that tells nothing
    apart would only lengthen the names)."""
    longest = max(len(labels) for _, _, labels in members)
    for depth in range(1, longest + 1):
        shown = {fold_path(note_stem(", ".join(labels[:depth]))) for _, _, labels in members}
        if len(shown) == len(members):
            return depth
    return 0
