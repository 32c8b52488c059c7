"""The progress summary note (`Progress.md`): counts, bars, time left, what's next.

Deterministic: the same trees and dates give the same bytes, so a sync with
nothing new writes nothing. Only the managed block is vaultroad's; a user may
write above or below it.

Laid out as lists, one line per roadmap, section or topic, and no tables: a
table's cells are padded to its widest cell (mdformat pads them, so a user's
mdformat hook would too), so one count growing a digit re-padded every row,
and a single status change rewrote dozens of lines in the vault's history.
Now one status change rewrites the lines that show it: its roadmap's line,
its sections' lines, two lines of the chart, a next-up line and a
recently-completed one.

"Finished" is done plus skipped, as roadmap.sh counts; doing is shown apart.

"Pace", once the vault has a history of status changes (`history`): for
all roadmaps and for each, the topics done in the last four weeks and the
finish date at that pace (`forecast`), with the estimated effort left
against it, and, once some topic's done changed, a burn-up chart (Mermaid
`xychart-beta`: topics done at the end of each week). Made as of the day
of the latest change, not today: a sync on a later day with nothing new
leaves the note as it is. Each roadmap whose topics done changed gets its
own chart, before its sections.

Two lists appear only when the sync hands them over. "Removed topics": the
notes whose topic is no longer in its roadmap, each waiting for its user to
relink, restore or delete it (vaultroad never deletes a note). "Shared
topics": for each roadmap, the roadmaps teaching the same topics (see
`shared`) and how many of those are done there, at most `SHARED_PER_ROADMAP`
of them, most shared first: a vault of hundreds of similar roadmaps would
otherwise list every pair of them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from .durations import format_effort
from .forecast import chart_weeks, describe, forecast
from .history import EMPTY, History, weekly_done
from .model import Roadmap, Section, SectionKind, Status, Topic
from .notes import (
    BEGIN,
    END,
    AmbiguousBlockError,
    NotOwnedError,
    canonical,
    find_block,
    heading_anchor,
    is_plain,
    link_text,
    section_path,
    starts_block,
)
from .serialize import Progress, format_days, progress

__all__ = [
    "ALL_ROADMAPS",
    "Completed",
    "NextUp",
    "OverlapLine",
    "RemovedNote",
    "RoadmapSummary",
    "SummaryFrame",
    "render_summary",
    "summary_frame",
    "update_summary",
]

NEXT_UP = 5  # topics listed for each roadmap in progress
NO_TOPICS = "no topics found"
RECENT = 10
SHARED_PER_ROADMAP = 5  # other roadmaps listed for each roadmap under "Shared topics"
FINISHED = "Finished counts done and skipped topics, as roadmap.sh does; doing is counted apart."
ALL_ROADMAPS = "All roadmaps"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class RoadmapSummary:
    roadmap: Roadmap
    link: str  # vault-relative path without `.md`
    notes: dict[str, str]  # topic id → note link target
    history: History = EMPTY  # its status changes (`history`)


@dataclass(frozen=True, slots=True)
class Completed:
    date: dt.date
    note: str
    title: str
    roadmap_title: str


@dataclass(frozen=True, slots=True)
class OverlapLine:
    """How much of the target roadmap is also in the source (see `shared.overlap`)."""

    source_title: str
    source_link: str  # vault-relative path without `.md`
    target_title: str
    target_link: str
    shared: int  # the target's topics that are also in the source
    done: int  # of those, done in the source
    target_total: int


@dataclass(frozen=True, slots=True)
class RemovedNote:
    """A topic note whose topic is no longer in its roadmap."""

    note: str  # its link target (vault-relative path without `.md`)
    title: str
    roadmap_title: str
    since: dt.date  # the first sync that no longer found the topic


def _bar(done: int, total: int) -> str:
    percent = round(100 * done / total) if total else 0
    return f'<progress value="{done}" max="{total}"></progress> {percent}%'


def _remaining(counts: Progress) -> str | None:
    """Time left: under a day in hours or minutes (`2 hours`, `15-30 minutes`, at
    `HOURS_PER_DAY` hours a day, as the estimates were converted), else in days,
    weeks or months; None without estimates."""
    if counts.remaining_high <= 0:
        return None
    short = format_effort(counts.remaining_low, counts.remaining_high)
    return short or format_days(counts.remaining_low, counts.remaining_high)


def _counts(counts: Progress) -> str:
    """`5 / 201 finished (2 skipped), 1 doing`: what the bar shows, in words."""
    skipped = f" ({counts.skipped} skipped)" if counts.skipped else ""
    doing = f", {counts.doing} doing" if counts.doing else ""
    return f"{counts.finished} / {counts.total} finished{skipped}{doing}"


def _sections(roadmap: Roadmap) -> Iterator[tuple[tuple[str, ...], str | None, Section]]:
    """Sections that hold topics, in document order, with their path from the top
    (numbered titles, the roadmap's own H1 left out) and the heading a link to
    them goes to: their own, or the nearest one above an outline entry or lead-in.

    The path, not the title alone: a roadmap may have a "Resources" or "Week
    1" section in every phase, and fifteen lines of "Resources" say nothing.
    """

    def walk(
        sections: tuple[Section, ...], path: tuple[str, ...], heading: str | None
    ) -> Iterator[tuple[tuple[str, ...], str | None, Section]]:
        for section in sections:
            title = f"{section.number} {section.title}" if section.number else section.title
            here = heading_anchor(title) if section.kind is SectionKind.HEADING else heading
            shown = section_path(roadmap.title, (*path, title))
            # The roadmap's own H1 counts what the roadmap's line counts already.
            if section.topics and shown:
                yield shown, here, section
            yield from walk(section.sections, (*path, title), here)

    return walk(roadmap.sections, (), None)


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

    def link(self, target: str, shown: str, heading: str | None = None) -> str:
        """`[[target#heading|shown]]`, its parts made safe inside a link."""
        # The `#` itself is left out of the plain check: mdformat keeps it
        # inside a wikilink, and only the heading's text can hold Markdown.
        anchor = f"#{self.text(link_text(heading))}" if heading else ""
        where = f"{self.text(link_text(target))}{anchor}"
        text = self.text(link_text(shown))
        return f"[[{where}|{text}]]" if text else f"[[{where}]]"  # `[[a|]]` shows nothing


def render_summary(
    roadmaps: Sequence[RoadmapSummary],
    completed: Sequence[Completed],
    *,
    overlap: Sequence[OverlapLine] = (),
    removed: Sequence[RemovedNote] = (),
) -> str:
    """The managed block of the summary note.

    `overlap` and `removed`, when given, add the "Shared topics" and
    "Removed topics" lists (before the sections of each roadmap); without
    them the block is as it was before they existed.

    Written directly in the form mdformat gives it (the tests compare the
    two); only when a title holds Markdown that mdformat would escape is the
    block passed through mdformat. A vault of many roadmaps has a long
    summary, and mdformat takes about half a millisecond a line.
    """
    block = _Block()
    block.lines += [BEGIN, "", "# Progress", "", FINISHED, ""]
    totals = dict.fromkeys(Status, 0)
    low = high = 0.0
    paces = []
    counted = [progress(item.roadmap.topics()) for item in roadmaps]
    for item, counts in zip(roadmaps, counted, strict=True):
        for status in Status:
            totals[status] += getattr(counts, status.value)  # Progress counts by status name
        low, high = low + counts.remaining_low, high + counts.remaining_high
        block.lines.append(_overview(block, item, counts))
        paces.append(_pace_line(block, item, counts))
    block.lines += [
        "",
        "```mermaid",
        "pie showData title All topics",
        *(f'    "{status.value}" : {totals[status]}' for status in Status),
        "```",
    ]
    everything = EMPTY.merged(*(item.history for item in roadmaps))
    block.lines += pace_section(everything, totals, (low, high), paces)
    shown = upcoming(block, [next_up(item) for item in roadmaps])
    if shown:
        block.lines += ["", "## Next up", "", *shown]
    recent = sorted(completed, key=lambda c: (c.date, c.note), reverse=True)[:RECENT]
    if recent:
        block.lines += ["", "## Recently completed", ""]
        block.lines += [
            f"- {c.date.isoformat()} {block.link(c.note, c.title)}"
            f" — {block.text(link_text(c.roadmap_title))}"
            for c in recent
        ]
    _removed(block, removed)
    _shared(block, overlap)
    for item, counts in zip(roadmaps, counted, strict=True):
        _over_time(block, item, counts)
        _by_section(block, item)
    # The last line's newline from a last empty item: `join(...) + "\n"` would copy
    # the whole text once more (tens of megabytes for a vault of thousands of roadmaps).
    block.lines += ["", END, ""]
    text = "\n".join(block.lines)
    return text if block.plain else canonical(text)


def pace_section(
    history: History,
    totals: dict[Status, int],
    remaining: tuple[float, float],
    lines: Sequence[str],
) -> list[str]:
    """ "Pace": all roadmaps' forecast, each roadmap's (`lines`, from `_pace_line`) and the
    burn-up of all of them; nothing while the vault has no history."""
    if history.last is None:
        return []
    left = totals[Status.TODO] + totals[Status.DOING]
    started = any(totals[status] for status in Status if status is not Status.TODO)
    effort = _remaining(
        Progress(sum(totals.values()), remaining_low=remaining[0], remaining_high=remaining[1])
    )
    found = describe(forecast(history, left=left, started=started), effort)
    chart = burn_up(history, totals[Status.DONE], "Topics done, all roadmaps")
    return [
        "",
        "## Pace",
        "",
        f"- {ALL_ROADMAPS} — {found}",
        *lines,
        *(["", *chart] if chart else []),
    ]


def _pace_line(block: _Block, item: RoadmapSummary, counts: Progress) -> str:
    """The roadmap's line under "Pace": its forecast, or why there is none."""
    name = block.link(item.link, item.roadmap.title)
    found = forecast(item.history, left=counts.todo + counts.doing, started=_started(counts))
    return f"- {name} — {describe(found, _remaining(counts))}"


def _started(counts: Progress) -> bool:
    return counts.total > counts.todo


def _over_time(block: _Block, item: RoadmapSummary, counts: Progress) -> None:
    """The roadmap's burn-up, under a heading of its own, when a topic's done changed."""
    if not item.history.done_changed:
        return
    title = block.text(link_text(item.roadmap.title))
    block.lines += ["", f"## {title} over time", "", *burn_up(item.history, counts.done)]


def burn_up(history: History, done_now: int, title: str = "Topics done") -> list[str]:
    """The burn-up chart: topics done at the end of each week up to the latest change.

    Only vaultroad's own words go in it (the title is fixed, labels are dates): a
    roadmap's title could hold what ends a Mermaid string.
    """
    as_of = history.last
    if as_of is None or not history.done_changed:
        return []
    weeks = weekly_done(history, done_now, as_of, chart_weeks(history, as_of))
    labels = ", ".join(f'"{_MONTHS[w.end.month - 1]} {w.end.day}"' for w in weeks)
    top = max(1, *(w.done for w in weeks))
    return [
        "```mermaid",
        "xychart-beta",
        f'    title "{title}"',
        f"    x-axis [{labels}]",
        f'    y-axis "Topics done" 0 --> {top}',
        f"    line [{', '.join(str(w.done) for w in weeks)}]",
        "```",
    ]


def _removed(block: _Block, removed: Sequence[RemovedNote]) -> None:
    """Notes left without a topic, most recently removed first."""
    if not removed:
        return
    block.lines += ["", "## Removed topics", ""]
    for note in sorted(removed, key=lambda r: (-r.since.toordinal(), r.note, r.title)):
        roadmap = block.text(link_text(note.roadmap_title)) or "its roadmap"
        block.lines.append(
            f"- {block.link(note.note, note.title)} — no longer in {roadmap}"
            f" since {note.since.isoformat()} (relink, restore or delete it)"
        )


def _shared(block: _Block, overlap: Sequence[OverlapLine]) -> None:
    """Per roadmap, the roadmaps sharing most of its topics, `SHARED_PER_ROADMAP` at most."""
    by_target: dict[str, list[OverlapLine]] = {}
    for line in overlap:
        if line.shared > 0:
            by_target.setdefault(line.target_link, []).append(line)
    if not by_target:
        return
    block.lines += ["", "## Shared topics", ""]
    # A roadmap's link is rendered once, not on each of its lines (a large vault
    # has tens of thousands of them).
    links: dict[tuple[str, str], str] = {}

    def link(target: str, shown: str) -> str:
        found = links.get((target, shown))
        if found is None:
            found = links[target, shown] = block.link(target, shown)
        return found

    for target in sorted(by_target, key=lambda t: (by_target[t][0].target_title, t)):
        lines = sorted(by_target[target], key=lambda o: (-o.shared, o.source_title, o.source_link))
        block.lines += [_overlap_line(line, link) for line in lines[:SHARED_PER_ROADMAP]]


def _overlap_line(line: OverlapLine, link: Callable[[str, str], str]) -> str:
    """`- [[B]]: 23 of its 120 topics are also in [[A]], 5 of them done there`."""
    target = link(line.target_link, line.target_title)
    source = link(line.source_link, line.source_title)
    topics = "topic" if line.target_total == 1 else "topics"
    verb = "is" if line.shared == 1 else "are"
    return (
        f"- {target}: {line.shared} of its {line.target_total} {topics} {verb} also in"
        f" {source}, {line.done} of them done there"
    )


def _overview(block: _Block, item: RoadmapSummary, counts: Progress) -> str:
    """One roadmap's line: bar first, so that the bars line up down the list."""
    name = block.link(item.link, item.roadmap.title)
    if not counts.total:
        # Not `0 / 0` at 0%: nothing was read as a topic (`check` says so: VR404).
        return f"- {name} — {NO_TOPICS}"
    left = _remaining(counts)
    remaining = f", {left} left" if left else ""
    return f"- {_bar(counts.finished, counts.total)} {name} — {_counts(counts)}{remaining}"


def _by_section(block: _Block, item: RoadmapSummary) -> None:
    """Each section's line: its path, linked to its heading in the roadmap, and its counts."""
    lines = []
    for path, heading, section in _sections(item.roadmap):
        counts = progress(section.walk_topics())
        name = block.link(item.link, " › ".join(path), heading)
        lines.append(f"- {_bar(counts.finished, counts.total)} {name} — {_counts(counts)}")
    if lines:
        title = block.text(link_text(item.roadmap.title))
        block.lines += ["", f"## {title} by section", "", *lines]


@dataclass(frozen=True, slots=True)
class NextUp:
    """One roadmap's lines under "Next up", rendered on their own (a sync keeps them
    for the roadmaps it does not read): `NEXT_UP` unfinished topics, doing ones first."""

    lines: tuple[str, ...]  # () when nothing is left
    started: bool  # a topic is not todo
    plain: bool  # every text in `lines` is one mdformat keeps as it is


def next_up(item: RoadmapSummary) -> NextUp:
    """The roadmap's "Next up" lines, whether or not the summary shows them."""
    block = _Block()
    topics = _next(item.roadmap.topics())
    lines = []
    if topics:
        roadmap = block.text(link_text(item.roadmap.title))
        for topic in topics[:NEXT_UP]:
            note = item.notes.get(topic.id)
            if note:
                name = block.link(note, topic.title)
            else:
                name = block.text(topic.title)
                if starts_block(name):
                    block.plain = False  # `- 1. x` would nest a list: mdformat escapes it
            lines.append(f"- {name} — {roadmap}")
    started = any(t.status is not Status.TODO for t in item.roadmap.topics())
    return NextUp(tuple(lines), started, block.plain)


def upcoming(block: _Block, roadmaps: Sequence[NextUp]) -> list[str]:
    """The next topics of every roadmap in progress, roadmap by roadmap.

    In progress: something finished or doing, something left. A vault where
    nothing is started yet lists the start of every roadmap instead.
    """
    left = [found for found in roadmaps if found.lines]
    lines: list[str] = []
    for found in [found for found in left if found.started] or left:
        lines += found.lines
        block.plain = block.plain and found.plain
    return lines


def _next(topics: object) -> list[Topic]:
    """The first unfinished topics in document order, doing ones first."""
    unfinished = [t for t in topics if not t.status.finished]  # type: ignore[attr-defined]
    doing = [t for t in unfinished if t.status is Status.DOING]
    return doing + [t for t in unfinished if t.status is not Status.DOING]


def new_summary_note(block: str) -> str:
    return f"---\ntags:\n  - vaultroad/summary\n---\n\n{block}"


_BLANK = re.compile(r"\s*")


@dataclass(frozen=True, slots=True)
class SummaryFrame:
    """What a summary note holds around its managed block, to put a new block in.

    A sync reads the note and keeps only this before it builds the block: a
    large vault's summary is tens of megabytes, and the note, the old block
    and the new one need not all be in memory at once.
    """

    head: str  # the note before the block (its frontmatter, the user's text)
    tail: str  # the note after it
    newline: str  # the note's line ending, which the block takes

    def around(self, lines: list[str]) -> str:
        """The note with the block of `lines` (the last one "" for the final newline),
        joined in one copy; `lines` is consumed."""
        if not lines:
            return self.head + self.tail
        lines[0] = self.head + lines[0]
        lines[-1] += self.tail
        return self.newline.join(lines)


def summary_frame(text: str, path: str | None = None) -> SummaryFrame | None:
    """The frame of the summary note `text`; None when it has no vaultroad markers.

    A file of only blanks (an interrupted write of an older version left it
    empty) holds nothing of the user's: the frame is that of a new summary
    note then. Raises `AmbiguousBlockError` when the markers do not make
    exactly one block; the file is the user's then too.
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    # Not `.strip()`: that copies the whole note (tens of megabytes) to find a letter.
    if _BLANK.fullmatch(text, len(bom)):
        return SummaryFrame(bom + new_summary_note("").replace("\n", newline), "", newline)
    try:
        start, end = find_block(text, path)
    except AmbiguousBlockError:
        raise
    except NotOwnedError:
        return None
    return SummaryFrame(text[:start], text[end:], newline)


def update_summary(text: str, block: str, path: str | None = None) -> str | None:
    """`text` with its managed block replaced; None when it has no vaultroad markers
    (see `summary_frame`)."""
    frame = summary_frame(text, path)
    if frame is None:
        return None
    lines = block.split("\n")  # the block ends with a newline: its last item is ""
    return frame.around(lines)
