"""The forecast: the pace over the last four weeks, and when a roadmap is finished at that pace.

The pace is the net number of topics done in the `PACE_WEEKS` weeks up to
the day the forecast is made as of (topics undone count against it). At
that pace the topics left (todo and doing; skipped ones are not left)
take `left / pace` weeks. A roadmap with no recorded change says so
instead of a forecast, as does one where nothing was done in those weeks.

The day a forecast is made as of is passed in: the summary note uses the
day of the latest change in its history (so a sync on a later day with
nothing new writes nothing: the note does not age by itself), `vaultroad
status` uses today.

Pure: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from .history import History, done_between

__all__ = [
    "CHART_WEEKS",
    "PACE_WEEKS",
    "Forecast",
    "Outlook",
    "chart_weeks",
    "describe",
    "forecast",
]

PACE_WEEKS = 4
CHART_WEEKS = 12  # the burn-up chart shows at most this many weeks


class Outlook(enum.Enum):
    NOT_STARTED = "not started"  # no change recorded, and nothing started
    NO_HISTORY = "no history"  # progress, but no change recorded to measure a pace by
    FINISHED = "finished"  # nothing left
    STALLED = "stalled"  # nothing done (net) in the last `PACE_WEEKS` weeks
    PROJECTED = "projected"


@dataclass(frozen=True, slots=True)
class Forecast:
    outlook: Outlook
    as_of: dt.date | None  # None: no history to make a forecast as of
    done_recently: int = 0  # net topics done in the `PACE_WEEKS` weeks up to `as_of`
    left: int = 0  # topics todo or doing
    days_left: int | None = None  # at that pace (PROJECTED only)
    # `as_of` + `days_left`; None past the calendar's end (year 9999): a pace of
    # one topic a month with a whole collection left.
    finish: dt.date | None = None

    @property
    def pace(self) -> float:
        """Topics done a week over the last `PACE_WEEKS` weeks."""
        return self.done_recently / PACE_WEEKS


def forecast(
    history: History, *, left: int, started: bool, as_of: dt.date | None = None
) -> Forecast:
    """The forecast for `left` topics given `history`, made as of `as_of` (by default the
    day of the latest change). `started`: some topic is not todo."""
    if history.last is None:
        return Forecast(Outlook.NOT_STARTED if not started else Outlook.NO_HISTORY, None, left=left)
    day = history.last if as_of is None else as_of
    recent = done_between(history, day - dt.timedelta(weeks=PACE_WEEKS), day)
    if left <= 0:
        return Forecast(Outlook.FINISHED, day, recent, 0)
    if recent <= 0:
        return Forecast(Outlook.STALLED, day, recent, left)
    # left / (recent / PACE_WEEKS) weeks, rounded up to a whole day.
    days = -(-7 * PACE_WEEKS * left // recent)
    finish = day + dt.timedelta(days=days) if days <= (dt.date.max - day).days else None
    return Forecast(Outlook.PROJECTED, day, recent, left, days, finish)


def chart_weeks(history: History, as_of: dt.date) -> int:
    """How many weeks the burn-up shows: back to the week before the first change (a line
    needs two points), at most `CHART_WEEKS`."""
    first = history.first or as_of
    return max(2, min(CHART_WEEKS, (as_of - first).days // 7 + 2))


def _span(days: int) -> str:
    """`under a week`, `about 14 weeks`, `about 8 months`, `about 3 years`."""
    if days < 7:
        return "under a week"
    if days <= 26 * 7:
        weeks = round(days / 7)
        return f"about {weeks} week{'s' if weeks != 1 else ''}"
    months = round(days / 30.44)
    if months < 24:
        return f"about {months} months"
    return f"about {round(days / 365.25)} years"


def _topics(count: int) -> str:
    return f"{count} topic{'s' if count != 1 else ''}"


def describe(found: Forecast, effort: str | None = None) -> str:
    """The forecast in words; `effort`: the estimated effort left (`10-12 months`), shown
    against it when there is one."""
    against = f"; estimated effort left: {effort}" if effort else ""
    if found.outlook is Outlook.NOT_STARTED:
        return f"not started: no forecast{against}"
    if found.outlook is Outlook.NO_HISTORY:
        return f"no status change recorded yet: no forecast{against}"
    if found.outlook is Outlook.FINISHED:
        return "all finished"
    weeks = f"in the {PACE_WEEKS} weeks to {found.as_of.isoformat() if found.as_of else '?'}"
    if found.outlook is Outlook.STALLED or found.days_left is None:
        return f"no topics done {weeks}: no forecast{against}"
    by = f", by {found.finish.isoformat()}" if found.finish is not None else ""
    return (
        f"{_topics(found.done_recently)} done {weeks}; at your pace:"
        f" {_span(found.days_left)}{by}{against}"
    )
