"""What the writes of a run come to: the topics whose write did not land, the files it changed."""

from __future__ import annotations

from .state import State
from .sync_context import SyncContext
from .sync_files import Planned
from .sync_report import FileChange

__all__ = ["file_changes", "unsettle_unwritten"]


def unsettle_unwritten(
    ctx: SyncContext, planned: list[Planned], written: list[Planned], state: State, new_state: State
) -> None:
    """The topics whose write did not land keep their old state."""
    done = {id(item) for item in written}
    for item in planned:
        if id(item) in done:
            continue
        for topic_id in item.ids:
            if item.kind == "note" and not item.topics:
                # The note already held the status (only its date or block
                # was to change): both sides agree on it, so the new state
                # stands; the note is read again next time.
                ctx.unsettled.add(topic_id)
            else:
                ctx.unsettle(topic_id, state, new_state)


def file_changes(ctx: SyncContext, planned: list[Planned]) -> list[FileChange]:
    """The report's line for each file written (or, in a dry run, planned)."""
    return [
        FileChange(
            path=item.relative,
            kind=item.kind,
            action="create" if item.original is None else "update",
            topics=tuple(item.topics),
            diff=_diff(item) if ctx.diff else None,
            stamp=ctx.files.written.get(item.relative),
        )
        for item in planned
    ]


def _diff(item: Planned) -> str:
    import difflib  # only --diff needs it

    old = item.original.decode("utf-8", "surrogateescape") if item.original else ""
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            item.data.decode("utf-8", "surrogateescape").splitlines(keepends=True),
            fromfile="/dev/null" if item.original is None else f"a/{item.relative}",
            tofile=f"b/{item.relative}",
        )
    )
