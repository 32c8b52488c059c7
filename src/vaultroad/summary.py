"""The progress summary note (`Progress.md`): counts, bars, time left, what's next.

Deterministic: the same trees and dates give the same bytes, so a sync with
nothing new writes nothing. Only the managed block is vaultroad's; a user may
write above or below it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .durations import format_effort
from .model import Roadmap, Section, Status, Topic
from .notes import (
    BEGIN,
    END,
    AmbiguousBlockError,
    NotOwnedError,
    canonical,
    find_block,
    is_plain,
    link_text,
    starts_block,
)
from .serialize import Progress, format_days, progress

__all__ = ["Completed", "RoadmapSummary", "render_summary", "update_summary"]

NEXT_UP = 10
NO_TOPICS = "no topics found"
RECENT = 10


@dataclass(frozen=True, slots=True)
class RoadmapSummary:
    roadmap: Roadmap
    link: str  # vault-relative path without `.md`
    notes: dict[str, str]  # topic id → note link target


@dataclass(frozen=True, slots=True)
class Completed:
    date: dt.date
    note: str
    title: str
    roadmap_title: str


def _bar(done: int, total: int) -> str:
    percent = round(100 * done / total) if total else 0
    return f'<progress value="{done}" max="{total}"></progress> {percent}%'


def _remaining(counts: Progress) -> str:
    """Time left: under a day in hours or minutes (`2 hours`, `15-30 minutes`, at
    `HOURS_PER_DAY` hours a day, as the estimates were converted), else in days,
    weeks or months."""
    if counts.remaining_high <= 0:
        return "–"
    short = format_effort(counts.remaining_low, counts.remaining_high)
    return short or format_days(counts.remaining_low, counts.remaining_high)


def _cell(text: str) -> str:
    return link_text(text).replace("|", "/")


def _sections(roadmap: Roadmap) -> list[tuple[str, Section]]:
    """Sections that hold topics, with their numbered titles, in document order."""
    found: list[tuple[str, Section]] = []
    for section in roadmap.walk_sections():
        if section.topics:
            number = f"{section.number} " if section.number else ""
            found.append((number + section.title, section))
    return found


# Characters one column wide for certain: printable ASCII, Latin-1 and the
# Latin letters up to U+02FF (soft hyphen aside), and general punctuation
# such as `—`, `’` and `›`. Text of only these is measured by its length;
# other text (emoji take two columns) by wcwidth, as mdformat measures it.
_NARROW = re.compile("[\\x20-\\x7e\\xa1-\\xac\\xae-\\u02ff\\u2010-\\u2027\\u2030-\\u205e]*")


def _width(text: str) -> int:
    """Columns `text` takes in a table, as mdformat's gfm plugin counts them (-1: unknown)."""
    if _NARROW.fullmatch(text):
        return len(text)
    from wcwidth import wcswidth  # what mdformat-gfm pads tables with

    return int(wcswidth(text))


class _Block:
    """The summary's lines, and whether every text in them is one mdformat keeps."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.plain = True

    def text(self, text: str) -> str:
        """A user's text (a title, a link target) to be shown as it is."""
        if not is_plain(text):
            self.plain = False
        return text

    def table(self, header: list[str], right: list[bool], rows: list[list[str]]) -> None:
        """A table laid out as mdformat lays it out: cells padded to the widest."""
        measured = [[(cell, _width(cell)) for cell in row] for row in (header, *rows)]
        if any(used < 0 for row in measured for _, used in row):
            self.plain = False  # a character of no known width: mdformat lays it out
        widths = [max(3, *(row[i][1] for row in measured)) for i in range(len(header))]

        def line(cells: list[tuple[str, int]]) -> str:
            padded = (
                " " * (width - used) + cell if align else cell + " " * (width - used)
                for (cell, used), width, align in zip(cells, widths, right, strict=True)
            )
            return "| " + " | ".join(padded) + " |"

        rule = (
            "-" * (width - 1) + (":" if align else "-")
            for width, align in zip(widths, right, strict=True)
        )
        self.lines += [line(measured[0]), "| " + " | ".join(rule) + " |"]
        self.lines += [line(row) for row in measured[1:]]


def render_summary(roadmaps: Sequence[RoadmapSummary], completed: Sequence[Completed]) -> str:
    """The managed block of the summary note.

    Written directly in the form mdformat gives it (the tests compare the
    two); only when a title holds Markdown that mdformat would escape is the
    block passed through mdformat. A vault of many roadmaps has a long
    summary, and mdformat takes about half a millisecond a line.
    """
    block = _Block()
    block.lines += [BEGIN, "", "# Progress", ""]
    totals = dict.fromkeys(Status, 0)
    rows = []
    for item in roadmaps:
        counts = progress(item.roadmap.topics())
        for status in Status:
            totals[status] += getattr(counts, status.value)  # Progress counts by status name
        link = block.text(_cell(item.link))
        title = block.text(_cell(item.roadmap.title))
        name = f"[[{link}\\|{title}]]"
        if not counts.total:
            # Not `0 / 0` at 0%: nothing was read as a topic (`check` says so: VR404).
            rows.append([name, NO_TOPICS, "–", "–", "–"])
            continue
        rows.append(
            [
                name,
                f"{counts.finished} / {counts.total}",
                str(counts.doing),
                _bar(counts.finished, counts.total),
                _remaining(counts),
            ]
        )
    block.table(
        ["Roadmap", "Done", "Doing", "Progress", "Est. remaining"],
        [False, True, True, False, False],
        rows,
    )
    block.lines += [
        "",
        "```mermaid",
        "pie showData title All topics",
        *(f'    "{status.value}" : {totals[status]}' for status in Status),
        "```",
    ]
    upcoming: list[str] = []
    for item in roadmaps:
        for topic in _next(item.roadmap.topics()):
            if len(upcoming) >= NEXT_UP:
                break
            note = item.notes.get(topic.id)
            if note:
                name = f"[[{block.text(link_text(note))}|{block.text(link_text(topic.title))}]]"
            else:
                name = block.text(topic.title)
                if starts_block(name):
                    block.plain = False  # `- 1. x` would nest a list: mdformat escapes it
            upcoming.append(f"- {name} — {block.text(link_text(item.roadmap.title))}")
    if upcoming:
        block.lines += ["", "## Next up", "", *upcoming]
    recent = sorted(completed, key=lambda c: (c.date, c.note), reverse=True)[:RECENT]
    if recent:
        block.lines += ["", "## Recently completed", ""]
        block.lines += [
            f"- {c.date.isoformat()} [[{block.text(link_text(c.note))}"
            f"|{block.text(link_text(c.title))}]] — {block.text(link_text(c.roadmap_title))}"
            for c in recent
        ]
    for item in roadmaps:
        sections = _sections(item.roadmap)
        if not sections:
            continue
        block.lines += ["", f"## {block.text(link_text(item.roadmap.title))} by section", ""]
        rows = []
        for title, section in sections:
            counts = progress(section.walk_topics())
            rows.append(
                [
                    block.text(_cell(title)),
                    f"{counts.finished} / {counts.total}",
                    _bar(counts.finished, counts.total),
                ]
            )
        block.table(["Section", "Done", "Progress"], [False, True, False], rows)
    block.lines += ["", END]
    text = "\n".join(block.lines) + "\n"
    return text if block.plain else canonical(text)


def _next(topics: object) -> list[Topic]:
    """The first unfinished topics in document order, doing ones first."""
    unfinished = [t for t in topics if not t.status.finished]  # type: ignore[attr-defined]
    doing = [t for t in unfinished if t.status is Status.DOING]
    return doing + [t for t in unfinished if t.status is not Status.DOING]


def new_summary_note(block: str) -> str:
    return f"---\ntags:\n  - vaultroad/summary\n---\n\n{block}"


def update_summary(text: str, block: str, path: str | None = None) -> str | None:
    """`text` with its managed block replaced; None when it has no vaultroad markers.

    A file of only blanks (an interrupted write of an older version left it
    empty) holds nothing of the user's: the whole new summary note is
    returned for it. Raises `AmbiguousBlockError` when the markers do not make
    exactly one block; the file is the user's then too.
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    if not text[len(bom) :].strip():
        note = new_summary_note(block)
        return bom + (note.replace("\n", newline) if newline != "\n" else note)
    try:
        start, end = find_block(text, path)
    except AmbiguousBlockError:
        raise
    except NotOwnedError:
        return None
    if newline != "\n":
        block = block.replace("\n", newline)
    return text[:start] + block + text[end:]
