"""The tree as JSON-ready data (schema `vaultroad.tree/1`) and as readable text.

The JSON schema is a contract for scripts: fields are only ever added.

    {"schema": "vaultroad.tree/1", "title": str, "path": str | null,
     "done_form": str, "progress": Progress, "children": [Node],
     "limits": [Limit],   (only when the parser applied a limit)
     "links": [Link]}     (resources before any section; only when there are any)
    Section: {"type": "section", "title", "number", "kind", "level", "line",
              "duration": Estimate | null, "progress": Progress, "children": [Node],
              "schedule": str, "links": [Link]}   (each only when present)
    Topic:   {"type": "topic", "id", "title", "text", "status", "marker",
              "line", "column", "span": [start, end], "source", "marker_kind",
              "estimate": Estimate | null, "description", "links", "wikilinks",
              "children": [Topic],
              "tags": [str], "tasks": Tasks}   (each only when present)
    Link:     {"text", "url", "kind"}   ("kind" only when the document names one)
    Tasks:    {"done", "due", "scheduled", "start", "created", "cancelled",
               "recurrence", "priority", "id", "depends_on"}   (those present)
    Estimate: {"low": days, "high": days, "text": str}
    Progress: {"total", "todo", "doing", "done", "skipped", "finished"}
    Limit:    {"line": int, "kind": "nesting" | "links" | "long-text", "message": str}

`line` and `column` are 1-based; `span` is the UTF-8 byte span of the marker
in the file (start == end where a marker would be inserted).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from .model import Estimate, Link, Roadmap, Section, Status, Topic
from .progress import Progress
from .source import Source

SCHEMA = "vaultroad.tree/1"

__all__ = ["SCHEMA", "Progress", "progress", "render_text", "to_json_data"]


def progress(topics: Iterable[Topic]) -> Progress:
    """Counts by status, and the estimated days left on unfinished topics
    (`Progress.of`: the library's `Roadmap.progress` counts the same way)."""
    return Progress.of(topics)


def _number(value: float) -> int | float:
    return int(value) if value == int(value) else value


def _estimate(estimate: Estimate | None) -> dict[str, Any] | None:
    if estimate is None:
        return None
    return {"low": _number(estimate.low), "high": _number(estimate.high), "text": estimate.text}


def _topic(topic: Topic, source: Source | None) -> dict[str, Any]:
    position = topic.position
    span = (
        [source.byte_offset(position.start), source.byte_offset(position.end)]
        if source is not None
        else None
    )
    data: dict[str, Any] = {
        "type": "topic",
        "id": topic.id,
        "title": topic.title,
        "text": topic.text,
        "status": topic.status.value,
        "marker": topic.marker,
        "line": topic.line,
        "column": topic.column,
        "span": span,
        "source": topic.source.value,
        "marker_kind": position.kind.value,
        "estimate": _estimate(topic.estimate),
        "description": topic.description,
        "links": [_link(link) for link in topic.links],
        "wikilinks": [
            {"target": w.target, "heading": w.heading, "alias": w.alias, "embed": w.embed}
            for w in topic.wikilinks
        ],
        "children": [_topic(child, source) for child in topic.children],
    }
    if topic.tags:
        data["tags"] = list(topic.tags)
    if topic.tasks is not None:
        data["tasks"] = {k: v for k, v in asdict(topic.tasks).items() if v is not None}
    return data


def _link(link: Link) -> dict[str, Any]:
    data = {"text": link.text, "url": link.url}
    if link.kind is not None:
        data["kind"] = link.kind
    return data


def _section(section: Section, source: Source | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "type": "section",
        "title": section.title,
        "number": section.number,
        "kind": section.kind.value,
        "level": section.level,
        "line": section.line,
        "duration": _estimate(section.duration),
        "progress": progress(section.walk_topics()).as_dict(),
        "children": [_node(child, source) for child in section.children],
    }
    if section.schedule is not None:
        data["schedule"] = section.schedule
    if section.links:
        data["links"] = [_link(link) for link in section.links]
    return data


def _node(node: Section | Topic, source: Source | None) -> dict[str, Any]:
    return _topic(node, source) if isinstance(node, Topic) else _section(node, source)


def to_json_data(roadmap: Roadmap, text: str | None = None) -> dict[str, Any]:
    """The tree as plain data; give the parsed `text` to get byte spans."""
    source = Source(text) if text is not None else None
    data = {
        "schema": SCHEMA,
        "title": roadmap.title,
        "path": roadmap.path,
        "done_form": roadmap.done_form,
        "progress": progress(roadmap.topics()).as_dict(),
        "children": [_node(child, source) for child in roadmap.children],
    }
    # Only when there are any, so every ordinary tree's JSON stays as it was.
    if roadmap.limits:
        data["limits"] = [
            {"line": limit.line, "kind": limit.kind.value, "message": limit.message}
            for limit in roadmap.limits
        ]
    if roadmap.links:
        data["links"] = [_link(link) for link in roadmap.links]
    return data


_STATUS_BOX = {
    Status.TODO: "[ ]",
    Status.DOING: "[/]",
    Status.DONE: "[x]",
    Status.SKIPPED: "[-]",
}


def format_days(low: float, high: float) -> str:
    """`3-4 days`, `2-3 weeks`, `4-6 months`: the largest unit that keeps the numbers readable."""
    for unit, days in (("months", 30.0), ("weeks", 7.0)):
        if low >= 2 * days:
            low_n, high_n = round(low / days, 1), round(high / days, 1)
            return _range(low_n, high_n, unit)
    return _range(round(low, 1), round(high, 1), "days" if high != 1 else "day")


def _range(low: float, high: float, unit: str) -> str:
    low_text, high_text = f"{_number(low)}", f"{_number(high)}"
    return f"{low_text} {unit}" if low_text == high_text else f"{low_text}-{high_text} {unit}"


def render_text(roadmap: Roadmap, *, ids: bool = True) -> str:
    """A readable outline: sections with counts, topics with status box, estimate and id."""
    lines: list[str] = []
    total = progress(roadmap.topics())
    lines.append(f"{roadmap.title}  ({total.finished}/{total.total} finished)")

    def topic_line(topic: Topic, depth: int) -> None:
        extra = f"  ({topic.estimate.text})" if topic.estimate else ""
        tag = f"  #{topic.id}" if ids else ""
        lines.append(f"{'  ' * depth}{_STATUS_BOX[topic.status]} {topic.title}{extra}{tag}")
        for child in topic.children:
            topic_line(child, depth + 1)

    def walk(nodes: tuple[Section | Topic, ...], depth: int) -> None:
        for node in nodes:
            if isinstance(node, Topic):
                topic_line(node, depth)
            else:
                counts = progress(node.walk_topics())
                count = f"  ({counts.finished}/{counts.total})" if counts.total else ""
                # `1.1`, not `1.1.`: as notes and the summary show it.
                number = f"{node.number} " if node.number else ""
                lines.append(f"{'  ' * depth}§ {number}{node.title}{count}")
                walk(node.children, depth + 1)

    walk(roadmap.children, 1)
    return "\n".join(lines) + "\n"
