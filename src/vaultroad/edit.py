"""Status edits as span patches, verified by re-parsing before they are returned.

Only marker bytes change: a marker is replaced by the form its place uses for
the new status (the file's own done form for checkboxes, `☐`↔`☑` and `□`↔`■`
in glyph fences, `✅`/`🚧`/`⏭️` in cells, pseudo-bullets and outline leaves),
a missing one is inserted with one space after it, and a marker whose place
has no mark for the status (todo in a cell) is removed with that space.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from .errors import UnknownTopicError, UnsafeEditError, VaultroadError
from .markers import form_for
from .model import Roadmap, Status, Topic
from .parser import parse

__all__ = ["plan_edits", "set_statuses"]

Edit = tuple[int, int, str]


def _as_status(value: Status | str, topic_id: str, path: str | None) -> Status:
    if isinstance(value, Status):
        return value
    try:
        return Status(value)
    except ValueError:
        choices = ", ".join(status.value for status in Status)
        raise VaultroadError(
            f"unknown status {value!r} for topic {topic_id} (use one of: {choices})", path=path
        ) from None


def _edit_for(topic: Topic, status: Status, text: str, before: Topic | None) -> Edit | None:
    """The one patch that gives `topic` the `status`, or None when it already has it.

    `before` is the same topic in the baseline text, when there is one. Its
    forms win over the ones re-derived from `text`: a file whose only `[X]`
    was unticked has lost the evidence of its done form, and a glyph fence
    whose only `■` became `🚧` has lost its family. Going back to the
    baseline's status restores the baseline's marker exactly (none, `[>]`,
    `[X]` among `[x]` …), so a change and its undo leave no trace.
    """
    position = topic.position
    if before is not None and before.status is status:
        return _patch(position.start, position.end, position.text, before.marker or "", text)
    if topic.status is status:
        return None  # already there, in its own spelling: `[X]` is left alone
    forms = before.position.forms if before is not None else position.forms
    return _patch(position.start, position.end, position.text, form_for(forms, status), text)


def _patch(start: int, end: int, current: str | None, form: str, text: str) -> Edit | None:
    """Turn the marker `current` at start..end into `form`; an empty form removes it."""
    if current is None:
        return (start, start, form + " ") if form else None
    if not form:
        if text[end : end + 1] in (" ", "\t"):
            end += 1  # the space that separated the marker from the title
        return (start, end, "")
    if current == form:
        return None
    return (start, end, form)


def plan_edits(
    text: str,
    roadmap: Roadmap,
    changes: Mapping[str, Status | str],
    baseline: Roadmap | None = None,
) -> list[Edit]:
    """Patches (start, end, replacement) for `changes`, last first; raises on unknown ids."""
    topics = {topic.id: topic for topic in roadmap.topics()}
    before: dict[str, Topic] = {}
    if baseline is not None:
        before = {topic.id: topic for topic in baseline.topics()}
    edits: list[Edit] = []
    for topic_id, value in changes.items():
        topic = topics.get(topic_id)
        if topic is None:
            raise UnknownTopicError(f"no topic with id {topic_id!r}", path=roadmap.path)
        status = _as_status(value, topic_id, roadmap.path)
        edit = _edit_for(topic, status, text, before.get(topic_id))
        if edit is not None:
            edits.append(edit)
    edits.sort(key=lambda edit: edit[0], reverse=True)
    return edits


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping patches given last first."""
    pieces: list[str] = []
    tail = len(text)
    for start, end, replacement in edits:
        if end > tail:
            raise UnsafeEditError("overlapping edits")
        pieces.append(text[end:tail])
        pieces.append(replacement)
        tail = start
    pieces.append(text[:tail])
    return "".join(reversed(pieces))


def set_statuses(
    text: str,
    changes: Mapping[str, Status | str],
    path: str | os.PathLike[str] | None = None,
    *,
    baseline: str | Roadmap | None = None,
    key: str | None = None,
    symbols: Mapping[str, Status | str] | None = None,
) -> str:
    """Return `text` with the topics in `changes` set to their new statuses.

    `changes` maps topic ids to a `Status` or its string. Only marker bytes
    change; the result is re-parsed and must give the same tree except for
    those statuses, or `UnsafeEditError` is raised. With `baseline` (an
    earlier text or tree of the same roadmap), a topic that had no marker
    there loses the one it was given when it is set back to todo, so
    todo → done → todo restores the original bytes.
    """
    roadmap = parse(text, path, key=key, symbols=symbols)
    base: Roadmap | None
    if isinstance(baseline, str):
        base = parse(baseline, path, key=key, symbols=symbols)
    else:
        base = baseline
    edits = plan_edits(text, roadmap, changes, base)
    if not edits:
        return text
    new_text = apply_edits(text, edits)
    wanted = {
        topic_id: _as_status(value, topic_id, roadmap.path) for topic_id, value in changes.items()
    }
    verify(roadmap, parse(new_text, path, key=key, symbols=symbols), wanted)
    return new_text


def _shape(roadmap: Roadmap) -> list[tuple[object, ...]]:
    shape: list[tuple[object, ...]] = []
    for section in roadmap.walk_sections():
        shape.append(("section", section.title, section.line, section.kind, section.level))
    for topic in roadmap.topics():
        shape.append(
            (
                "topic",
                topic.id,
                topic.title,
                topic.text,
                topic.line,
                topic.source,
                len(topic.children),
            )
        )
    return shape


def verify(before: Roadmap, after: Roadmap, wanted: Mapping[str, Status]) -> None:
    """Raise `UnsafeEditError` unless `after` is `before` with exactly the `wanted` statuses."""
    old_shape, new_shape = _shape(before), _shape(after)
    if old_shape != new_shape:
        for old, new in zip(old_shape, new_shape, strict=False):
            if old != new:
                line = old[2] if old[0] == "section" else old[4]
                raise UnsafeEditError(
                    f"edit would change the roadmap's structure near {old[1]!r}",
                    path=before.path,
                    line=line if isinstance(line, int) else None,
                )
        raise UnsafeEditError("edit would add or remove topics", path=before.path)
    for old_topic, new_topic in zip(before.topics(), after.topics(), strict=True):
        expected = wanted.get(old_topic.id, old_topic.status)
        if new_topic.status is not expected:
            raise UnsafeEditError(
                f"topic {old_topic.title!r} would read as {new_topic.status.value}, "
                f"not {expected.value}",
                path=before.path,
                line=old_topic.line,
            )
