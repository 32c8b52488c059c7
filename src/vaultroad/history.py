"""The history of status changes: what each sync saw change, and the weekly counts drawn from it.

A sync records one `StatusChange` for every topic whose status it saw move
(in the roadmap or in the note), dated with the run's day; a topic done and
then undone gives two. The first sync that keeps a history (a first run, or
a state of the previous version) has no changes to go by: it seeds the
history from the notes' `completed:` dates instead, one change to done per
dated topic (`seed_changes`).

The summary and the forecast read a roadmap's history as the net change in
topics done per day (`History`): the weekly burn-up and the pace need no
more, and a state of thousands of changes adds up to a few hundred days.

Pure: no I/O, no clock (the day is always passed in).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .model import Status

__all__ = [
    "EMPTY",
    "History",
    "StatusChange",
    "Week",
    "done_between",
    "seed_changes",
    "status_changes",
    "weekly_done",
]


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One topic's status moving, as one sync saw it."""

    date: dt.date
    topic: str  # its id when the change was seen
    roadmap: str  # vault-relative roadmap path
    before: Status | None  # None: seeded from the note's `completed:` date
    after: Status

    @property
    def done_delta(self) -> int:
        """+1 when the topic became done, -1 when it stopped being done, else 0."""
        return int(self.after is Status.DONE) - int(self.before is Status.DONE)


def status_changes(
    before: Mapping[str, Status],
    after: Iterable[tuple[str, str, Status]],
    today: dt.date,
) -> list[StatusChange]:
    """The changes from `before` (topic id → status at the last sync) to `after`
    ((topic id, roadmap, status) as this sync settled them), dated `today`.

    A topic `before` does not know is new, not changed: it gives nothing.
    """
    changes = []
    for topic, roadmap, status in after:
        was = before.get(topic)
        if was is not None and was is not status:
            changes.append(StatusChange(today, topic, roadmap, was, status))
    return changes


def seed_changes(entries: Iterable[tuple[str, str, Status, str | None]]) -> list[StatusChange]:
    """A history to start from: a change to done on its `completed:` date (ISO) for each
    (topic id, roadmap, status, completed) that is done and dated."""
    return [
        StatusChange(dt.date.fromisoformat(completed), topic, roadmap, None, Status.DONE)
        for topic, roadmap, status, completed in entries
        if status is Status.DONE and completed
    ]


@dataclass(frozen=True, slots=True)
class History:
    """A roadmap's (or a vault's) history as the forecast reads it: for each day with a
    change, the net change in topics done that day (0 when only other statuses moved),
    in date order."""

    days: tuple[tuple[dt.date, int], ...] = ()

    @classmethod
    def of(cls, changes: Iterable[StatusChange]) -> History:
        return cls.from_days((change.date, change.done_delta) for change in changes)

    @classmethod
    def from_days(cls, days: Iterable[tuple[dt.date, int]]) -> History:
        """From (day, net change) pairs in any order, a day possibly more than once."""
        total: dict[dt.date, int] = {}
        for day, delta in days:
            total[day] = total.get(day, 0) + delta
        return cls(tuple(sorted(total.items())))

    def merged(self, *others: History) -> History:
        return History.from_days(pair for h in (self, *others) for pair in h.days)

    @property
    def done_changed(self) -> bool:
        """Some day changed the topics done (a history of doing and skipped alone draws a
        flat burn-up, not worth a chart)."""
        return any(delta for _, delta in self.days)

    @property
    def first(self) -> dt.date | None:
        return self.days[0][0] if self.days else None

    @property
    def last(self) -> dt.date | None:
        """The day of the latest change: the day the forecast is made as of."""
        return self.days[-1][0] if self.days else None


EMPTY = History()  # no change recorded


def done_between(history: History, after: dt.date, until: dt.date) -> int:
    """Net topics done on the days after `after`, up to and including `until`."""
    return sum(delta for day, delta in history.days if after < day <= until)


@dataclass(frozen=True, slots=True)
class Week:
    """The seven days ending on `end`, and the topics done when it ended."""

    end: dt.date
    done: int


def weekly_done(history: History, done_now: int, as_of: dt.date, weeks: int) -> list[Week]:
    """The burn-up: topics done at the end of each of the last `weeks` seven-day weeks
    ending on `as_of`, oldest first.

    Counted back from `done_now` (the topics done as of `as_of`), so the last week
    ends on the count the summary shows, and topics done before the history began
    (no date to go by) count from the first week. Never below zero: topics done and
    since removed from the roadmap took their changes with them.
    """
    found = []
    for back in range(weeks - 1, -1, -1):
        end = as_of - dt.timedelta(days=7 * back)
        found.append(Week(end, max(0, done_now - done_between(history, end, as_of))))
    return found
