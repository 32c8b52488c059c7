"""The progress summary note (`Progress.md`): counts, bars, time left, what's next.

Deterministic: the same trees and dates give the same bytes, so a sync with
nothing new writes nothing. Only the managed block is vaultroad's; a user may
write above or below it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Roadmap, Section, Status, Topic
from .notes import BEGIN, END, block_span, canonical, link_text
from .serialize import Progress, format_days, progress

__all__ = ["Completed", "RoadmapSummary", "render_summary", "update_summary"]

NEXT_UP = 10
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
    if counts.remaining_high <= 0:
        return "–"
    return format_days(counts.remaining_low, counts.remaining_high)


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


def render_summary(roadmaps: Sequence[RoadmapSummary], completed: Sequence[Completed]) -> str:
    """The managed block of the summary note."""
    lines = [BEGIN, "", "# Progress", ""]
    lines += [
        "| Roadmap | Done | Doing | Progress | Est. remaining |",
        "| --- | ---: | ---: | --- | --- |",
    ]
    totals = dict.fromkeys(Status, 0)
    for item in roadmaps:
        counts = progress(item.roadmap.topics())
        for status in Status:
            totals[status] += sum(1 for t in item.roadmap.topics() if t.status is status)
        lines.append(
            f"| [[{_cell(item.link)}\\|{_cell(item.roadmap.title)}]] "
            f"| {counts.finished} / {counts.total} | {counts.doing} "
            f"| {_bar(counts.finished, counts.total)} | {_remaining(counts)} |"
        )
    lines += [
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
            name = f"[[{link_text(note)}|{link_text(topic.title)}]]" if note else topic.title
            upcoming.append(f"- {name} — {link_text(item.roadmap.title)}")
    if upcoming:
        lines += ["", "## Next up", "", *upcoming]
    recent = sorted(completed, key=lambda c: (c.date, c.note), reverse=True)[:RECENT]
    if recent:
        lines += ["", "## Recently completed", ""]
        lines += [
            f"- {c.date.isoformat()} [[{link_text(c.note)}|{link_text(c.title)}]]"
            f" — {link_text(c.roadmap_title)}"
            for c in recent
        ]
    for item in roadmaps:
        sections = _sections(item.roadmap)
        if not sections:
            continue
        lines += [
            "",
            f"## {link_text(item.roadmap.title)} by section",
            "",
            "| Section | Done | Progress |",
            "| --- | ---: | --- |",
        ]
        for title, section in sections:
            counts = progress(section.walk_topics())
            lines.append(
                f"| {_cell(title)} | {counts.finished} / {counts.total} "
                f"| {_bar(counts.finished, counts.total)} |"
            )
    lines += ["", END]
    return canonical("\n".join(lines) + "\n")


def _next(topics: object) -> list[Topic]:
    """The first unfinished topics in document order, doing ones first."""
    unfinished = [t for t in topics if not t.status.finished]  # type: ignore[attr-defined]
    doing = [t for t in unfinished if t.status is Status.DOING]
    return doing + [t for t in unfinished if t.status is not Status.DOING]


def new_summary_note(block: str) -> str:
    return f"---\ntags:\n  - vaultroad/summary\n---\n\n{block}"


def update_summary(text: str, block: str) -> str | None:
    """`text` with its managed block replaced; None when it has none."""
    span = block_span(text)
    if span is None:
        return None
    newline = "\r\n" if "\r\n" in text else "\n"
    if newline != "\n":
        block = block.replace("\n", newline)
    start, end = span
    return text[:start] + block + text[end:]
