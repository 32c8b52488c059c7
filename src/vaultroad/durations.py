"""Durations written in roadmaps (`3-4 days`, `1 day`, `6-8 weeks`, `2 a 3 semanas`) as day ranges.

A number must come before its unit: `Week 1-2` and `Day 3` are schedule
positions, not durations, and do not match. Hours are not read, since `3-4
hours/day` is a study pace rather than a topic's length.
"""

from __future__ import annotations

import re

from .model import Estimate

_UNIT_DAYS = {
    "day": 1.0,
    "días": 1.0,
    "dias": 1.0,
    "día": 1.0,
    "dia": 1.0,
    "week": 7.0,
    "wk": 7.0,
    "semana": 7.0,
    "month": 30.0,
    "mes": 30.0,
}

_DURATION_RE = re.compile(
    r"(?<![\w.,])(?P<low>\d+(?:[.,]\d+)?)"
    r"(?:\s*(?:-|–|—|to|a)\s*(?P<high>\d+(?:[.,]\d+)?))?\+?\s*"
    r"(?P<unit>days?|weeks?|wks?|months?|d[ií]as?|semanas?|mes(?:es)?)(?!\w)",
    re.IGNORECASE,
)


def _unit_days(unit: str) -> float:
    unit = unit.lower()
    if unit in _UNIT_DAYS:
        return _UNIT_DAYS[unit]
    if unit == "meses":
        return 30.0
    return _UNIT_DAYS[unit.rstrip("s")]


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def find_duration(text: str) -> Estimate | None:
    """The first duration in `text`, or None."""
    match = _DURATION_RE.search(text)
    if match is None:
        return None
    days = _unit_days(match.group("unit"))
    low = _number(match.group("low")) * days
    high_text = match.group("high")
    high = _number(high_text) * days if high_text else low
    if high < low:
        low, high = high, low
    return Estimate(low=low, high=high, text=match.group(0))
