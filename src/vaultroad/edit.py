"""Status edits as span patches, verified by re-parsing before they are returned.

Only marker bytes change: a marker is replaced by the form its place uses for
the new status (the file's own done form for checkboxes, `☐`↔`☑` and `□`↔`■`
in glyph fences, `✅`/`🚧`/`⏭️` in cells, pseudo-bullets and outline leaves),
a missing one is inserted with one space after it, and a marker whose place
has no mark for the status (todo in a cell) is removed with that space (or
tab). A table's Status cell is different: its whole text is the marker, and
it is replaced by the table's own word for the status, blanks untouched.
Going back to a baseline's status puts the baseline's marker back with the
very whitespace that followed it, so an edit and its undo are exact.

With done dates asked for (`[tasks] done_dates`), a checklist item whose status
changes also gets or loses its Obsidian Tasks `✅ YYYY-MM-DD` (`done_dates`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterable, Mapping

from .done_dates import done_date_edit, has_tasks_fields, undated_text
from .errors import UnknownTopicError, UnsafeEditError, VaultroadError
from .markers import form_for
from .model import MarkerKind, Roadmap, Status, TaskFields, Topic, TopicSource
from .parser import parse, parse_with_source
from .selection import is_group
from .source import Source

__all__ = ["DoneDates", "plan_edits", "set_statuses"]

Edit = tuple[int, int, str]

# The Tasks done date each topic set to done gets: one date for all, or one per
# topic id (a topic not named gets none); None writes and removes no done date.
DoneDates = dt.date | Mapping[str, dt.date] | None


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


def _edit_for(
    topic: Topic,
    status: Status,
    text: str,
    before: Topic | None,
    here: Source | None = None,
    there: Source | None = None,
) -> Edit | None:
    """The one patch that gives `topic` the `status`, or None when it already has it.

    `before` is the same topic in the baseline text, when there is one. Its
    forms win over the ones re-derived from `text`: a file whose only `[X]`
    was unticked has lost the evidence of its done form, and a glyph fence
    whose only `■` became `🚧` has lost its family. Going back to the
    baseline's status restores the baseline's marker exactly (none, `[>]`,
    `[X]` among `[x]` …), so a change and its undo leave no trace. With the
    baseline's lines (`there`) and the current ones (`here`), the whitespace
    between marker and title comes back exactly too: a removed `✅\t` is
    put back with its tab, not with the space a fresh marker gets.
    """
    position = topic.position
    if position.kind is MarkerKind.CELL:
        return _cell_edit(topic, status, text, before, here, there)
    if before is not None and before.status is status:
        if topic.status is status and topic.marker == before.marker:
            return None  # nothing to undo: a status already set is never rewritten
        if here is not None and there is not None:
            restored = _restore(topic, before, here, there)
            if restored is not None:
                start, end, replacement = restored
                return restored if start != end or replacement else None
        marker = before.marker or ""
        if position.text is None and marker and there is not None:
            # Could not match the line: insert where a marker goes, with the baseline's gap.
            gap = there.text[before.position.end : before.position.end + 1]
            start = position.start
            return (start, start, marker + (gap if gap in (" ", "\t") else " "))
        return _patch(topic, marker, text)
    if topic.status is status:
        return None  # already there, in its own spelling: `[X]` is left alone
    forms = before.position.forms if before is not None else position.forms
    return _patch(topic, form_for(forms, status), text)


def _cell_edit(
    topic: Topic,
    status: Status,
    text: str,
    before: Topic | None,
    here: Source | None,
    there: Source | None,
) -> Edit | None:
    """The patch for a table's Status cell: its text becomes the table's form for
    `status` (or, going back to a baseline's status, the baseline's cell text).

    Only the cell's text changes, never the blanks around it: an empty form
    empties the cell and a form for an empty cell goes where its text would
    be. Going back to the baseline with its lines, the cell's blanks come
    back too, when nothing else on the line changed.
    """
    position = topic.position
    if before is not None and before.status is status:
        if topic.status is status and topic.marker == before.marker:
            return None
        if here is not None and there is not None:
            restored = _restore_cell(topic, before, here, there)
            if restored is not None:
                return restored if restored[0] != restored[1] or restored[2] else None
        if before.position.kind is MarkerKind.CELL:
            wanted = before.marker or ""
        else:
            # The baseline's mark was a glyph in the item cell: not this place's.
            wanted = form_for(position.forms, status)
    elif topic.status is status:
        return None  # already there, in the table's own words
    else:
        forms = before.position.forms if before is not None else position.forms
        wanted = form_for(forms, status)
    if not wanted and _last_open_cell(text, position.end):
        # `Topic | Status` rows without outer pipes: emptying the last cell
        # would leave `topic |`, a row of one cell fewer, and the status would
        # move out of the table's column. A dash is the empty cell's todo.
        wanted = "-"
    current = text[position.start : position.end]
    if current == wanted:
        return None
    return (position.start, position.end, wanted)


def _last_open_cell(text: str, end: int) -> bool:
    """Whether the cell ending at `end` is its row's last, with no closing pipe."""
    stop = len(text)
    for brk in ("\n", "\r"):
        found = text.find(brk, end)
        if found != -1:
            stop = min(stop, found)
    return "|" not in text[end:stop]


def _restore_cell(topic: Topic, before: Topic, here: Source, there: Source) -> Edit | None:
    """The current line back to the baseline's, when they differ only by each
    side's marker and the blanks around it (the Status cell's text, or the
    glyph the baseline had in its item cell); None otherwise."""
    line = there.line_of(before.position.start)
    if line >= len(here) or here.line_of(topic.position.start) != line:
        return None
    old_start, new_start = there.line_starts[line], here.line_starts[line]
    old_line = there.text[old_start : there.line_ends[line]]
    new_line = here.text[new_start : here.line_ends[line]]
    lead, trail = _common_ends(old_line, new_line)
    old_middle = old_line[lead : len(old_line) - trail]
    new_low, new_high = new_start + lead, new_start + len(new_line) - trail
    # Each side's change must lie in its own Status cell: its marker and blanks.
    if "|" in old_middle or "|" in here.text[new_low:new_high]:
        return None
    old_low, old_high = old_start + lead, old_start + len(old_line) - trail
    cell = (topic.position.start, topic.position.end)
    old_marker = (before.position.start, before.position.end)
    # An empty side is a pure insertion or removal: only the other side is checked.
    if new_low != new_high and not _within(new_low, new_high, cell, here.text):
        return None
    if old_low != old_high and not _within(old_low, old_high, old_marker, there.text):
        return None
    return (new_low, new_high, old_middle)


def _within(low: int, high: int, marker: tuple[int, int], text: str) -> bool:
    """Whether `text[low:high]` is the marker at most, give or take blanks."""
    start, end = marker
    outside = text[low:start] if low < start else ""
    outside += text[end:high] if high > end else ""
    return (
        low >= _blank_start(text, start)
        and high <= _gap_end(text, end)
        and not outside.strip(" \t")
    )


def _blank_start(text: str, end: int) -> int:
    """Start of the run of spaces and tabs ending at `end`."""
    start = end
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    return start


def _gap_end(text: str, start: int) -> int:
    """End of the run of spaces and tabs at `start`."""
    end = start
    while end < len(text) and text[end] in " \t":
        end += 1
    return end


def _restore(topic: Topic, before: Topic, here: Source, there: Source) -> Edit | None:
    """Give `topic`'s line back the baseline's marker and the whitespace after it.

    The baseline line is split at its marker into head, `marker + gap` and
    tail (the gap: the spaces and tabs up to the title). When the current
    line is the same head and tail around nothing but `topic`'s own marker
    (if it has one) and spaces or tabs, that middle becomes `marker + gap`
    again: what a removal (which takes one space or tab along) and a later
    insertion (which writes one space) changed around the marker is put
    back byte for byte. Returns the smallest patch that does it (an empty one
    when the middle already is the baseline's), or None when the line does not
    have that shape (edited by hand, or the marker lies elsewhere), so the
    caller falls back to replacing the marker alone.
    """
    old = there.text
    line = there.line_of(before.position.start)
    if line >= len(here):
        return None
    old_start = there.line_starts[line]
    old_line = old[old_start : there.line_ends[line]]
    column = before.position.start - old_start
    gap_end = _gap_end(old_line, column + len(before.marker or ""))
    head, wanted, tail = old_line[:column], old_line[column:gap_end], old_line[gap_end:]
    new = here.text
    new_start = here.line_starts[line]
    new_line = new[new_start : here.line_ends[line]]
    if len(head) + len(tail) > len(new_line):
        return None
    if not (new_line.startswith(head) and new_line.endswith(tail)):
        return None
    low, high = new_start + len(head), new_start + len(new_line) - len(tail)
    position = topic.position
    if position.text is None:
        # No marker now: the middle must be blank and lead straight to the title.
        if new[low:high].strip(" \t") or high > position.start:
            return None
        if new[high : position.start].strip(" \t\r\n"):
            return None
    else:
        # The current marker must be the middle's only text.
        if not (low <= position.start and position.end <= high):
            return None
        if (new[low : position.start] + new[position.end : high]).strip(" \t"):
            return None
    middle = new[low:high]
    # Trim what the middle and the baseline's share, for the smallest patch.
    lead, trail = _common_ends(middle, wanted)
    return (low + lead, high - trail, wanted[lead : len(wanted) - trail])


def _common_ends(old: str, new: str) -> tuple[int, int]:
    """How many characters `old` and `new` share at their start, then at their end
    (never overlapping: the end is counted in what is left after the start)."""
    limit = min(len(old), len(new))
    lead = 0
    while lead < limit and old[lead] == new[lead]:
        lead += 1
    trail = 0
    while trail < limit - lead and old[len(old) - 1 - trail] == new[len(new) - 1 - trail]:
        trail += 1
    return lead, trail


# Places whose marker sits where a list item's text starts: the item's content
# column, which decides what the following lines nest under.
_LIST_PLACES = frozenset([TopicSource.LIST_ITEM, TopicSource.OUTLINE_ENTRY])


def _patch(topic: Topic, form: str, text: str) -> Edit | None:
    """Turn `topic`'s marker into `form`; an empty form removes it.

    A removed marker takes the space or tab after it along. In a list item
    it takes the whole gap up to the title: `- ✅  a` less one space would
    move the item's text (and what nests under it) one column right.
    """
    position = topic.position
    start, end, current = position.start, position.end, position.text
    if current is None:
        return (start, start, form + " ") if form else None
    if not form:
        if topic.source in _LIST_PLACES:
            end = _gap_end(text, end)
        elif text[end : end + 1] in (" ", "\t"):
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
    *,
    source: Source | None = None,
    baseline_source: Source | None = None,
    done_dates: DoneDates = None,
    dated: dict[str, str | None] | None = None,
) -> list[Edit]:
    """Patches (start, end, replacement) for `changes`, last first; raises on unknown ids.

    `source` and `baseline_source` are the lines of `text` and of the
    baseline's text; with both, going back to a baseline status restores the
    whitespace after the baseline's marker too. With `done_dates` (and
    `source`), a checklist item whose status changes gets or loses its Tasks
    done date as well; each done date patched is noted in `dated` (topic id →
    the date its line will carry, None for none), for `verify`.
    """
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
        edit = _edit_for(topic, status, text, before.get(topic_id), source, baseline_source)
        if edit is not None:
            edits.append(edit)
        if done_dates is None or source is None or edit is None or topic.status is status:
            continue  # a done date changes with the status only
        before_topic = before.get(topic_id)
        if before_topic is not None and before_topic.status is status:
            done = _baseline_date(before_topic)
        elif status is Status.DONE:
            asked = done_dates if isinstance(done_dates, dt.date) else done_dates.get(topic_id)
            if asked is None:
                continue  # no date for this topic
            done = asked.isoformat()
        else:
            done = None
        dated_edit = done_date_edit(topic, source, done)
        if dated_edit is not None:
            edits.append(dated_edit)
            if dated is not None:
                dated[topic_id] = done
    edits.sort(key=lambda edit: edit[0], reverse=True)
    return edits


def _baseline_date(before: Topic) -> str | None:
    """The done date a topic going back to its baseline's status gets: the
    baseline's (even one that is no real date), or none, so a change and its
    undo leave no trace."""
    if before.tasks is None or not has_tasks_fields(before):
        return None
    return before.tasks.done


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
    done_dates: DoneDates = None,
) -> str:
    """Return `text` with the topics in `changes` set to their new statuses.

    `changes` maps topic ids to a `Status` or its string. Only marker bytes
    change; the result is re-parsed and must give the same tree except for
    those statuses, or `UnsafeEditError` is raised. With `baseline` (an
    earlier text or tree of the same roadmap), a topic set back to its
    baseline status gets the baseline's marker back: one that had no marker
    loses the one it was given, so todo → done → todo restores the original
    bytes, and a glyph removed for todo comes back as it was. A baseline
    text also gives back the whitespace after the marker (`✅\t`, `✅  `);
    a baseline tree has no whitespace to give, so its marker comes back
    with one space.

    `done_dates` (a date, or a date per topic id) asks for Obsidian Tasks done
    dates: a one-line checklist item set to done gets ` ✅ YYYY-MM-DD` after its
    text (before a block id `^abc`), and one set to another status loses its
    `✅` date; see `done_dates`. A date that would change how the line reads is
    left out, and the status is written without it. None (the default)
    touches no done date.
    """
    roadmap, source = parse_with_source(text, path, key=key, symbols=symbols)
    base: Roadmap | None
    base_source: Source | None = None
    if isinstance(baseline, str):
        base, base_source = parse_with_source(baseline, path, key=key, symbols=symbols)
    else:
        base = baseline
    wanted = {
        topic_id: _as_status(value, topic_id, roadmap.path) for topic_id, value in changes.items()
    }
    dated: dict[str, str | None] = {}
    edits = plan_edits(
        text,
        roadmap,
        changes,
        base,
        source=source,
        baseline_source=base_source,
        done_dates=done_dates,
        dated=dated,
    )
    if not edits:
        return text
    new_text = apply_edits(text, edits)
    after = parse(new_text, path, key=key, symbols=symbols)
    if dated:
        try:
            verify(roadmap, after, wanted, dated)
        except UnsafeEditError:
            # A done date the line would not read back as one: the statuses
            # alone, which are what was asked for.
            return set_statuses(text, changes, path, baseline=baseline, key=key, symbols=symbols)
        return new_text
    verify(roadmap, after, wanted)
    return new_text


def _shape(roadmap: Roadmap, dated: Mapping[str, str | None]) -> list[tuple[object, ...]]:
    shape: list[tuple[object, ...]] = []
    for section in roadmap.walk_sections():
        shape.append(("section", section.title, section.line, section.kind, section.level))
    for topic in roadmap.topics():
        shape.append(
            (
                "topic",
                topic.id,
                topic.title,
                undated_text(topic) if topic.id in dated else topic.text,
                topic.line,
                topic.source,
                len(topic.children),
            )
        )
    return shape


def _other_fields(tasks: TaskFields | None) -> TaskFields:
    """A topic's Tasks fields but its done date."""
    return dataclasses.replace(tasks or TaskFields(), done=None)


def verify(
    before: Roadmap,
    after: Roadmap,
    wanted: Mapping[str, Status],
    dated: Mapping[str, str | None] | None = None,
) -> None:
    """Raise `UnsafeEditError` unless `after` is `before` with exactly the `wanted` statuses
    (and the Tasks done dates in `dated`, topic id → ISO date or None, and no other field)."""
    dated = dated or {}
    old_shape, new_shape = _shape(before, dated), _shape(after, dated)
    if old_shape != new_shape:
        # A topic that would read as a section (`- ✅ **Basics**` over sub-items
        # loses its ✅ for todo, and a bold item over sub-items is a heading).
        new_sections = {s.line: s.title for s in after.walk_sections()}
        for topic in before.topics():
            if new_sections.get(topic.line) == topic.title:
                raise UnsafeEditError(
                    f"edit would turn topic {topic.title!r} into a section heading: "
                    "a bold item over sub-items without a status mark reads as one, "
                    "so this status can only be changed by hand",
                    path=before.path,
                    line=topic.line,
                )
        for old, new in zip(old_shape, new_shape, strict=False):
            if old != new:
                kind, title = old[0], old[1] if old[0] == "section" else old[2]
                line = old[2] if old[0] == "section" else old[4]
                raise UnsafeEditError(
                    f"edit would change the roadmap's structure near {kind} {title!r}",
                    path=before.path,
                    line=line if isinstance(line, int) else None,
                )
        raise UnsafeEditError("edit would add or remove topics", path=before.path)
    for old_topic, new_topic in zip(before.topics(), after.topics(), strict=True):
        if old_topic.id in dated:
            done = new_topic.tasks.done if new_topic.tasks is not None else None
            if done != dated[old_topic.id] or _other_fields(old_topic.tasks) != _other_fields(
                new_topic.tasks
            ):
                raise UnsafeEditError(
                    f"topic {old_topic.title!r} would not read its done date back",
                    path=before.path,
                    line=old_topic.line,
                )
        if is_group(new_topic):
            continue  # a group's status follows its subtopics' new ones
        expected = wanted.get(old_topic.id, old_topic.status)
        if new_topic.status is not expected:
            raise UnsafeEditError(
                f"topic {old_topic.title!r} would read as {new_topic.status.value}, "
                f"not {expected.value}",
                path=before.path,
                line=old_topic.line,
            )
