"""Which topic of an edited roadmap each topic of the old text became: for scripts.

A topic's id changes when its title, section or file name does. A script
that keeps its own data by topic id (flashcards, time logs) asks `follow`
where each old id went, by the same rules sync uses to keep a note with
its topic (`identity`): same text anywhere = moved; same section and a
close title = retitled; a renamed file is the same roadmap. An id that is
gone, or that could be one of several new topics, maps to None: never a
guess.
"""

from __future__ import annotations

from .identity import Appeared, carry_over
from .model import Roadmap, Status
from .state import State, TopicState
from .sync_places import walk

__all__ = ["follow"]


def follow(old: Roadmap, new: Roadmap) -> dict[str, str | None]:
    """Every topic id of `old` → the id of the topic it is in `new`, or None."""
    new_ids = {topic.id for topic in new.topics()}
    old_key = old.path or ""
    new_key = new.path or ""
    state = State(
        topics={
            topic.id: TopicState(
                status=Status.TODO,
                roadmap=old_key,
                note="",
                title=topic.title,
                text=topic.text,
                section=section,
            )
            for topic, section, _ in walk(old)
        }
    )
    appeared = [
        Appeared(topic, new_key, section)
        for topic, section, _ in walk(new)
        if topic.id not in state.topics
    ]
    vanished = [key for key in state.topics if key not in new_ids]
    _, matches, _ = carry_over(
        state, appeared, vanished, lambda path: new_key if path == old_key else None
    )
    became: dict[str, str | None] = {key: key if key in new_ids else None for key in state.topics}
    for match in matches:
        became[match.old_id] = match.new_id
    return became
