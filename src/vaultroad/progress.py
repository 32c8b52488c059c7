"""`Progress`: how far a set of topics is, counted by status, with the days left.

Part of the tree's model (`vaultroad.model.Progress` and `vaultroad.Progress`
name it), in a module of its own because only what counts progress needs it
(`Roadmap.progress`, `status`, `tree`, sync's summary): a dataclass costs
its creation to every process that imports its module, and model.py is
imported by every command, the pre-commit hook's `check` included.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import Status

if TYPE_CHECKING:
    from .model import Topic

__all__ = ["Progress"]


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a set of topics is: counts by status and the days left.

    Every topic counts once, subtopics included (a topic with three
    subtopics is four topics), as `vaultroad tree --json` and the summary
    note count. `finished` is done + skipped, as roadmap.sh counts; `doing`
    is shown apart and is not finished. `remaining_low`/`remaining_high`
    add up the estimates (in days) of the unfinished topics that have one.
    """

    total: int = 0
    todo: int = 0
    doing: int = 0
    done: int = 0
    skipped: int = 0
    remaining_low: float = 0.0
    remaining_high: float = 0.0

    @classmethod
    def of(cls, topics: Iterable[Topic]) -> Progress:
        """The progress of exactly `topics` (pass `walk()`s to include subtopics)."""
        counts = dict.fromkeys(Status, 0)
        low = high = 0.0
        for topic in topics:
            counts[topic.status] += 1
            if not topic.status.finished and topic.estimate is not None:
                low += topic.estimate.low
                high += topic.estimate.high
        return cls(
            total=sum(counts.values()),
            todo=counts[Status.TODO],
            doing=counts[Status.DOING],
            done=counts[Status.DONE],
            skipped=counts[Status.SKIPPED],
            remaining_low=low,
            remaining_high=high,
        )

    @property
    def finished(self) -> int:
        """Done plus skipped."""
        return self.done + self.skipped

    @property
    def percent(self) -> float:
        """Finished topics as a percentage of all (0.0 when there are none)."""
        return 100.0 * self.finished / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, int]:
        """The counts as `vaultroad tree --json` writes them."""
        return {
            "total": self.total,
            "todo": self.todo,
            "doing": self.doing,
            "done": self.done,
            "skipped": self.skipped,
            "finished": self.finished,
        }
