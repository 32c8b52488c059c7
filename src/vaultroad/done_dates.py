"""Obsidian Tasks done dates (`✅ 2024-04-13`) on checklist lines: the spans a status
change patches when `[tasks] done_dates` is on.

The Tasks plugin, on a change of status, gives a task that becomes done a done
date (today's), keeps the date of one that stays done, and drops it from one
that becomes anything else (docs: "Toggling and Editing Statuses", "Dates").
It writes the date last among the fields, as ` ✅ YYYY-MM-DD` (one space
before the emoji, one between emoji and date), before nothing but a block id
(`… 📅 2021-04-09 ✅ 2021-04-10 ^e5bebf`). vaultroad does the same, as a
patch of the line and never a rewrite of it: a new date goes at the end of
the item's text, before a trailing block id and the line's trailing blanks;
a date that is there already has only its date replaced; one dropped goes
with the blanks before it, so a tick and its untick give back the line.

Only a checklist item that is one line long gets a date: the plugin reads a
task's fields on its first line only, and vaultroad reads an item's fields at
the end of its whole text, so on a longer item the two would disagree. Table
cells, pseudo-bullets, outline leaves and glyph fences have no Tasks fields.

Cancelled dates (`❌`, Tasks 5.5 and later, for `[-]`) are not written:
vaultroad's `[-]` is *skipped*, a topic chosen not to study rather than a
task called off, and the roadmap's `completed:` dates are done dates only.
One already on a line is left as it is.
"""

from __future__ import annotations

import datetime as dt
import re

from .inline_text import collapse
from .model import MarkerKind, Topic, TopicSource
from .source import Source

__all__ = [
    "DONE_EMOJI",
    "done_date_edit",
    "done_on",
    "has_tasks_fields",
    "undated_text",
    "without_done_date",
]

DONE_EMOJI = "✅"

Edit = tuple[int, int, str]

# A done field as the parser reads it: the emoji (with or without its
# variation selector), blanks or none, an ISO date; with the blanks before it.
_DONE_FIELD_RE = re.compile(r"[ \t]*✅\ufe0f?[ \t]*(?P<date>\d{4}-\d{2}-\d{2})")
# Obsidian's block id at the end of a line, with the blank before it.
_BLOCK_ID_RE = re.compile(r"[ \t]\^[A-Za-z0-9-]+[ \t]*$")


def done_on(topic: Topic) -> dt.date | None:
    """The date a checklist line's `✅` field gives the topic, when it is a real date."""
    if topic.tasks is None or topic.tasks.done is None or not has_tasks_fields(topic):
        return None
    try:
        return dt.date.fromisoformat(topic.tasks.done)
    except ValueError:
        return None  # `✅ 2024-13-45`: the form of a date, not a date


def has_tasks_fields(topic: Topic) -> bool:
    """Whether the topic is a checklist item, the one place with Tasks fields."""
    return topic.position.kind is MarkerKind.CHECKBOX and topic.source is TopicSource.LIST_ITEM


def without_done_date(text: str, done: str | None) -> str:
    """An item's text less its `✅ done` field (the last one with that date, as the
    parser keeps the last of a field written twice); `text` when `done` is None."""
    found = _last_field(text, done)
    if found is None:
        return text
    return text[: found.start()] + text[found.end() :]


def undated_text(topic: Topic) -> str:
    """The topic's text less its Tasks done date, if it has one."""
    return without_done_date(topic.text, topic.tasks.done if topic.tasks is not None else None)


def _last_field(text: str, done: str | None) -> re.Match[str] | None:
    """The last `✅ done` field in `text`, or None."""
    if done is None:
        return None
    found = None
    for match in _DONE_FIELD_RE.finditer(text):
        if match.group("date") == done:
            found = match
    return found


def done_date_edit(topic: Topic, source: Source, done: str | None) -> Edit | None:
    """The patch that makes the done date of `topic`'s line `done` (an ISO date;
    None: no done date), or None when there is nothing to patch or the item is
    no one-line checklist item. A date is given for a status that changes to
    done, None for one that changes to anything else.
    """
    if not has_tasks_fields(topic):
        return None
    line = topic.line - 1
    start, end = topic.position.end, source.line_ends[line]
    rest = source.text[start:end]
    if collapse(rest) != topic.text:
        return None  # the item goes on below its first line (or is not what it seems)
    field = _last_field(rest, topic.tasks.done if topic.tasks is not None else None)
    if done is None:
        return None if field is None else (start + field.start(), start + field.end(), "")
    if field is None:
        at = start + _insertion_column(rest)
        return (at, at, f" {DONE_EMOJI} {done}")
    if field.group("date") == done:
        return None
    low, high = field.span("date")
    return (start + low, start + high, done)


def _insertion_column(rest: str) -> int:
    """Where a new done date goes in the line's `rest`: after the item's text, before
    a block id and the trailing blanks."""
    block = _BLOCK_ID_RE.search(rest)
    if block is not None:
        return block.start()
    return len(rest.rstrip(" \t"))
