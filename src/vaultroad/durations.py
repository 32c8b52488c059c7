"""Efforts a roadmap states for a topic or section (`(3-4 days)`, `- 6-8 weeks`,
`(1 hour)`, `15-30 minutes`, `2 a 3 semanas`), as day ranges; and schedules.

Where an effort is read (the "effort clause"), and nowhere else:

- a parenthesised duration ending the text, or ending its short title before a
  ` — `/` – `/` - `/`: ` description: `Type hints (2 days)`,
  `### Daily (15-30 minutes)`, `PHASE 1: Python Fundamentals (6-8 weeks)`;
- a duration after a dash ending the text: `Option B: Django - 4-5 weeks`;
- a parenthesised duration opening the text: a Kanban card's `**(1 hour)** …`;
- a text that is only a duration: a Time/Duration/Effort table cell (`14 weeks`).

So a duration inside a sentence (`worth it for the 1-2 months you'll be
preparing`, `I am enjoying 30 days of python`), inside a longer parenthesis
(`(100 Days of Google Dev)`), inside link text or quotes is never an effort.
A rate (`6-10 hours/week`, `3-4 hours/day`) is a pace, not an effort. A number
must come before its unit: `Week 1-2`, `(Weeks 1-4)`, `Day 3` place a section
on the calendar; `find_schedule` reads those as `Section.schedule`.

Units: minutes, hours, days, weeks (7 days), months (30 days), in English and
Spanish. Estimates are in days, and hours convert at `HOURS_PER_DAY` = 8: a
roadmap's "3-4 days" means days of study, and effort estimates count a day of
work as 8 hours (the person-day of project estimation, Scrum's ideal day), so
`(1 hour)` is 1/8 of a day and eight one-hour topics add up to one day, not to
a third of one. `format_effort` shows totals under a day in hours or minutes.

`Estimate.text` is the duration exactly as written (`6-8 weeks`, `1 hour`),
a substring of the text it was read from; `effort_clause` gives the span of
the whole clause (with its parentheses or dash), so a title can drop it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .lazy_re import lazy_compile
from .model import Estimate

__all__ = [
    "HOURS_PER_DAY",
    "EffortClause",
    "cell_duration",
    "effort_clause",
    "find_duration",
    "find_schedule",
    "format_effort",
    "without_effort",
]

HOURS_PER_DAY = 8.0
"""Hours of study in a day of an estimate (see the module's docstring)."""

_MINUTE = 1.0 / (60.0 * HOURS_PER_DAY)
_HOUR = 1.0 / HOURS_PER_DAY

# Unit word (lower case) → days. Checked longest first by the pattern below.
_UNIT_DAYS = {
    "minute": _MINUTE,
    "minutes": _MINUTE,
    "min": _MINUTE,
    "mins": _MINUTE,
    "minuto": _MINUTE,
    "minutos": _MINUTE,
    "hour": _HOUR,
    "hours": _HOUR,
    "hr": _HOUR,
    "hrs": _HOUR,
    "h": _HOUR,
    "hora": _HOUR,
    "horas": _HOUR,
    "day": 1.0,
    "days": 1.0,
    "día": 1.0,
    "días": 1.0,
    "dia": 1.0,
    "dias": 1.0,
    "week": 7.0,
    "weeks": 7.0,
    "wk": 7.0,
    "wks": 7.0,
    "semana": 7.0,
    "semanas": 7.0,
    "month": 30.0,
    "months": 30.0,
    "mes": 30.0,
    "meses": 30.0,
}

# Compiling a pattern costs the pre-commit hook on each commit, and how sre compiles
# decides much of that: with IGNORECASE, `[ií]` (its `i` also matches the dotless
# `ı`) makes a character set beyond Latin-1 that sre builds as a 64K-entry table,
# as does any set of characters beyond Latin-1 in more than two runs (`[:：\-–—]`);
# `d(?:ia|ía)` and sets split into a Latin-1 one and a short run read the same
# text (tests/test_durations.py compares them with the former patterns).
_NUMBER = r"\d+(?:[.,]\d+)?"
_UNIT = (
    r"(?:minutes?|minutos?|mins?|hours?|horas?|hrs?|days?|d(?:ia|ía)s?|weeks?|wks?"
    r"|semanas?|months?|mes(?:es)?)"
)
# `3-4 days`, `2 a 3 semanas`, `1 to 2 weeks`, `6+ months`, `1.5 hours`, `2h`.
_CORE = (
    rf"(?P<low>{_NUMBER})(?:\s*(?:-|–|—|~|to|a|or|o)\s*(?P<high>{_NUMBER}))?\+?"
    rf"(?:\s*(?P<unit>{_UNIT})|(?P<short>h))(?![\w/])"
)
# Words that may come before a duration in its clause: `(~2 days)`, `- about 3 weeks`.
_ABOUT = r"(?:(?:~|≈|±|about|approx\.?|approximately|around|ca\.|circa|aprox\.?|unos|unas)\s*)?"
# What may follow a clause at the very end (a sentence's full stop, stray markup).
_TAIL = r"[\s.:;!*_]*"
# A rate is a pace, not an effort: `6-10 hours/week`, `3 hours per day`, `2 hours a day`.
_RATE_RE = lazy_compile(
    r"\s*(?:/|per\b|a\s+(?:day|week|month)\b|each\s+(?:day|week)\b|al\s+d(?:ia|ía)\b|por\b)",
    re.IGNORECASE,
)

_PAREN = rf"\(\s*{_ABOUT}{_CORE}\s*(?:total|each|in\s+total|en\s+total)?\s*\)"
# A parenthesised duration ending the text, or ending the title before a description.
_TRAILING_PAREN_RE = lazy_compile(
    rf"(?P<clause>{_PAREN})(?={_TAIL}$|\s+[-:]\s|\s+[–—]\s|:\s)",
    re.IGNORECASE,
)
# `Option B: Django - 4-5 weeks`: a dash with blanks before, then the duration ending the text.
_TRAILING_DASH_RE = lazy_compile(
    rf"(?P<clause>\s+(?:-|–|—|―|--)\s*{_ABOUT}{_CORE}){_TAIL}$", re.IGNORECASE
)
# `(1 hour) Determine what …`: a parenthesised duration opening the text.
_LEADING_PAREN_RE = lazy_compile(rf"^\s*(?P<clause>{_PAREN})", re.IGNORECASE)
# A text that is only a duration (a table cell).
_WHOLE_RE = lazy_compile(rf"^\s*(?P<clause>{_ABOUT}{_CORE}){_TAIL}$", re.IGNORECASE)

# `Week 1-2: Core Basics`, `Day 3 - …`, `Semana 2`, `第 1 周`; `(Weeks 1-4)`, `(Months 6+)`.
_SCHEDULE = (
    r"(?:weeks?|days?|months?|semanas?|d(?:ia|ía)s?|mes(?:es)?|sprints?)\s*"
    rf"{_NUMBER}(?:\s*(?:-|–|—|to|a|&|,|and|y)\s*{_NUMBER})*\+?"
)
# What follows a leading schedule: the end, a blank, or a separator.
_SCHEDULE_END = r"(?=\s*(?:$|[:\-|(]|[：–—]|\s))"
_LEADING_SCHEDULE_RE = lazy_compile(rf"^\s*(?P<schedule>{_SCHEDULE}){_SCHEDULE_END}", re.IGNORECASE)
# `第 1 周`: its own pattern, compiled only for a text opening with `第`.
_LEADING_CJK_SCHEDULE_RE = lazy_compile(
    rf"^\s*(?P<schedule>第\s*\d+(?:\s*[-–~]\s*\d+)?\s*[周週天月]){_SCHEDULE_END}",
    re.IGNORECASE,
)
_TRAILING_SCHEDULE_RE = lazy_compile(
    rf"\(\s*(?P<schedule>{_SCHEDULE})\s*\){_TAIL}$",
    re.IGNORECASE,
)
# The characters a schedule's word (weeks, days, días, months, meses, semanas,
# sprints) can open with, lower-cased: IGNORECASE also reads the long `ſ` as an `s`.
_SCHEDULE_INITIALS = frozenset("wdmsſ")
# The most common leading schedule, `Week 19-20: Topic`: what `_LEADING_SCHEDULE_RE`
# finds there (a colon ends it: no separator, `+` or digit can follow), with a
# pattern a tenth as long to compile (the tests compare the two).
_PLAIN_SCHEDULE_RE = lazy_compile(r"(?:[Ww]eek|[Dd]ay|[Mm]onth)s? [0-9]+(?:-[0-9]+)?(?=:)")


class EffortClause:
    """An effort read from a text: the estimate, and the span of its whole clause
    (with the parentheses or the dash and blanks before it) in that text.

    A plain slotted class, not a NamedTuple (read by its names only): defining a
    NamedTuple costs about 2M instructions, paid by every process that imports
    this module (the pre-commit hook's included)."""

    __slots__ = ("end", "estimate", "start")

    def __init__(self, estimate: Estimate, start: int, end: int) -> None:
        self.estimate = estimate
        self.start = start
        self.end = end

    def __repr__(self) -> str:
        return f"EffortClause({self.estimate!r}, {self.start!r}, {self.end!r})"


def _estimate(match: re.Match[str]) -> Estimate:
    low_text, high_text, unit, short = match.group("low", "high", "unit", "short")
    days = _UNIT_DAYS[(unit or short).lower()]
    # `1,5` is 1.5 (replace gives the text itself without a comma).
    low = float(low_text.replace(",", ".")) * days
    high = float(high_text.replace(",", ".")) * days if high_text else low
    if high < low:
        low, high = high, low
    unit_end = match.end("short") if short else match.end("unit")
    return Estimate(low, high, match.string[match.start("low") : unit_end])


def _inside(start: int, end: int, text: str, spans: Sequence[str]) -> bool:
    """Whether [start, end) overlaps an occurrence in `text` of one of `spans` (links, quotes)."""
    for span in spans:
        if not span:
            continue
        at = text.find(span)
        while at >= 0:
            if at < end and start < at + len(span):
                return True
            at = text.find(span, at + 1)
    return False


_DIGIT_RE = lazy_compile(r"\d")
_ASCII_DIGIT_RE = lazy_compile(r"[0-9]")  # `\d` in an ASCII text, in less time


def _has_digit(text: str) -> bool:
    r"""Whether `text` holds a digit (`\d`: any Unicode decimal digit)."""
    return (_ASCII_DIGIT_RE if text.isascii() else _DIGIT_RE).search(text) is not None


# Every effort clause holds a number's last digit, an optional `+`, blanks, then its
# unit's first letter (or the `h` of `2h`): a letter, which `[^\W\d_]` takes in (with
# other characters). A text without that shape (`Go Services Roadmap 0000`,
# `Week 19-20: Regular Expressions`) is answered without compiling the clause
# patterns, which are long.
_NUMBER_THEN_LETTER_RE = lazy_compile(r"\d\+?\s*[^\W\d_]")


def _may_state_effort(text: str) -> bool:
    """False when no effort clause can be found in `text` (see above); True otherwise."""
    return _has_digit(text) and _NUMBER_THEN_LETTER_RE.search(text) is not None


_QUOTED_RE = lazy_compile(r"\"[^\"\n]*\"|“[^”\n]*”|«[^»\n]*»|'[^'\n]*'(?!\w)")


def _accepts(match: re.Match[str], text: str, links: Sequence[str]) -> bool:
    """Whether a candidate `match` is an effort: not a rate, not inside a link or quote."""
    if _RATE_RE.match(text, match.end("unit") if match.group("unit") else match.end("short")):
        return False
    # Quotes are looked for only in a text with a character opening one.
    if links or '"' in text or "“" in text or "«" in text or "'" in text:
        quoted = [m.group(0) for m in _QUOTED_RE.finditer(text)]
        start, end = match.span("clause")
        if _inside(start, end, text, (*links, *quoted)):
            return False
    return True


# The most common effort clauses, `Packaging (2 days)` and a table cell's `1-2 days`:
# an ASCII number or range and a plain English unit, closing the text in parentheses
# or making up the whole text. What the general patterns find there (see
# `_effort_match`), with patterns that cost a tenth as much to compile: the
# pre-commit hook compiles the patterns it uses on each commit.
# One pattern for both, matched from the clause's start to the text's end
# (`fullmatch`): `open` tells which form it read.
_PLAIN_RE = lazy_compile(
    r"(?P<clause>(?P<open>\()?(?P<low>[0-9]+)(?:-(?P<high>[0-9]+))?"
    r" (?P<unit>(?:minute|hour|day|week|month)s?)(?(open)\)))(?P<short>(?!))?"
)


def _in_link(match: re.Match[str], text: str, links: Sequence[str]) -> bool:
    """Whether the clause of `match` sits in a link's text (what `_accepts` refuses)."""
    return bool(links) and _inside(*match.span("clause"), text, links)


def _effort_match(text: str, links: Sequence[str]) -> re.Match[str] | None:
    """The match of the effort clause of a text with a digit, or None. The candidates,
    in the order they are tried: the whole text, each trailing parenthesis, the
    trailing dash clause, the leading parenthesis; the first accepted wins. Each is
    looked for only when the text holds the character it needs (a `(`, a dash), and
    only until one is accepted."""
    if text.endswith(")"):
        # A text ending in `)` is never a whole duration. A trailing candidate holds
        # a digit and no `(` after its own, so there is none before the last `(`
        # when no other `(` or no digit is; a unit closed by `)` is no rate, and a
        # quote around it would have to close after the text's end: this match is
        # the general one unless a link's text holds it (the tests compare the two).
        last = text.rfind("(")
        if last >= 0 and (text.find("(") == last or not _has_digit(text[:last])):
            plain = _PLAIN_RE.fullmatch(text, last)
            if plain is not None and plain.group("open") and not _in_link(plain, text, links):
                return plain
    elif text[:1].isdigit() and text[-1:].isalpha():
        # `1-2 days`: the whole text is the first candidate, and a unit ending the
        # text is no rate; no quote can hold the clause, and a link only by its text.
        plain = _PLAIN_RE.fullmatch(text)
        if plain is not None and not plain.group("open") and not _in_link(plain, text, links):
            return plain
    return _general_match(text, links)


def _general_match(text: str, links: Sequence[str]) -> re.Match[str] | None:
    """`_effort_match` without its shortcut for the most common clause."""
    whole = _WHOLE_RE.match(text)
    if whole is not None and _accepts(whole, text, links):
        return whole
    paren = "(" in text
    if paren:
        # `finditer`, by hand: no scanner object for the one or two parentheses.
        search = _TRAILING_PAREN_RE.search
        match = search(text)
        while match is not None:
            if _accepts(match, text, links):
                return match
            match = search(text, match.end())  # a clause is never empty
    if "-" in text or "–" in text or "—" in text or "―" in text:
        dash = _TRAILING_DASH_RE.search(text)
        if dash is not None and _accepts(dash, text, links):
            return dash
    if paren:
        leading = _LEADING_PAREN_RE.match(text)
        if leading is not None and _accepts(leading, text, links):
            return leading
    return None


def effort_clause(text: str, links: Sequence[str] = ()) -> EffortClause | None:
    """The effort `text` states, with its clause's span, or None (see the module's rules).

    `links` are the texts of the links in `text`: a duration inside one is a
    name (`[The Magic of LRU Cache (100 Days of Google Dev)](…)`), not an effort.
    """
    if not _may_state_effort(text):
        return None
    match = _effort_match(text, links)
    if match is None:
        return None
    start, end = match.span("clause")
    return EffortClause(_estimate(match), start, end)


def find_duration(text: str, links: Sequence[str] = ()) -> Estimate | None:
    """The effort `text` states for its topic or section, or None."""
    if (_ASCII_DIGIT_RE if text.isascii() else _DIGIT_RE).search(text) is None:  # _has_digit
        return None  # most titles: no number, no effort (checked here, before a call)
    if _NUMBER_THEN_LETTER_RE.search(text) is None:
        return None  # `Week 19-20: Loops`: a number, but no unit after one (_may_state_effort)
    match = _effort_match(text, links)
    return _estimate(match) if match is not None else None


# A cell of a Time/Duration/Effort column that opens with a duration: `3-4 days`,
# `~1 week`, `2 weeks (with practice)`; the words after it qualify it.
_CELL_RE = lazy_compile(rf"^\s*{_ABOUT}{_CORE}", re.IGNORECASE)


def cell_duration(text: str) -> Estimate | None:
    """The length a Time/Duration/Effort table cell states: a duration opening the
    cell (`2 weeks (with practice)`), not a rate (`6-10 hours/week`); else None."""
    match = _CELL_RE.match(text)
    if match is None:
        return None
    if _RATE_RE.match(text, match.end("unit") if match.group("unit") else match.end("short")):
        return None
    return _estimate(match)


def without_effort(text: str, links: Sequence[str] = ()) -> str:
    """`text` without its effort clause (`Type hints (2 days)` → `Type hints`)."""
    found = effort_clause(text, links)
    if found is None:
        return text
    head, tail = text[: found.start].rstrip(), text[found.end :].lstrip()
    rest = head + tail if not tail or tail[0] in ".,:;!?" else f"{head} {tail}"
    return rest.strip() or text


def find_schedule(text: str) -> str | None:
    """Where a section sits on the calendar, as written: `Week 1-2` in `Week 1-2: Core
    Basics`, `Weeks 1-4` in `Phase 1: Foundation (Weeks 1-4)`; None when there is none."""
    if not _has_digit(text):
        return None  # both forms hold a number
    # Each pattern is tried only where its first word could start (they are long
    # to compile): after the blanks opening the text, after a `(`.
    match = None
    first = text.lstrip()[:1]
    if first.lower() in _SCHEDULE_INITIALS:
        plain = _PLAIN_SCHEDULE_RE.match(text)
        if plain is not None:
            return plain.group()
        match = _LEADING_SCHEDULE_RE.match(text)
    elif first == "第":
        match = _LEADING_CJK_SCHEDULE_RE.match(text)
    if match is None and any(
        part.lstrip()[:1].lower() in _SCHEDULE_INITIALS for part in text.split("(")[1:]
    ):
        match = _TRAILING_SCHEDULE_RE.search(text)
    return match.group("schedule").strip() if match else None


def _amount(value: float) -> str:
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else str(rounded)


def format_effort(low: float, high: float) -> str | None:
    """`2 hours`, `15-30 minutes`: a total under one day in the unit it was likely
    written in (None for a day or more, which shows in days, weeks, months)."""
    if high >= 1.0 or high <= 0:
        return None
    hours_low, hours_high = low * HOURS_PER_DAY, high * HOURS_PER_DAY
    if hours_high < 1.0:
        low_text, high_text, unit = _amount(hours_low * 60), _amount(hours_high * 60), "minute"
    else:
        low_text, high_text, unit = _amount(hours_low), _amount(hours_high), "hour"
    if low_text == high_text:
        return f"{low_text} {unit}" + ("" if low_text == "1" else "s")
    return f"{low_text}-{high_text} {unit}s"
