"""A sync's second step: topics an edit gave a new id, recognised (`identity`) and re-keyed.

A matched topic keeps its note and its status: its state entry moves to its
new id before anything is planned. A topic that could be one of several is
reported with both sides and the command that settles it, and gets no note
while it is unsure.
"""

from __future__ import annotations

import shlex

from .identity import Ambiguity, Appeared, Match, carry_over, renamed_roadmaps
from .state import State
from .sync_context import LoadedRoadmap, SyncContext
from .sync_places import walk
from .sync_report import SyncIssue

__all__ = ["recognise"]


def recognise(ctx: SyncContext, roadmaps: list[LoadedRoadmap], state: State) -> State:
    """`state` with the topics an edit gave a new id under that id. Runs only when
    ids of the last sync are gone and new ones came."""
    read = {loaded.relative for loaded in roadmaps}
    found: list[Appeared] = []
    current: dict[str, str] = {}  # topic id → its roadmap now
    for loaded in roadmaps:
        for topic, section, _ in walk(loaded.tree):
            current[topic.id] = loaded.relative
            if topic.id not in state.topics and topic.id not in ctx.malformed:
                found.append(Appeared(topic, loaded.relative, section))
    unread = {old.roadmap for old in state.topics.values()} - read
    gone_files = {path for path in unread if not (ctx.vault.root / path).exists()}
    # A roadmap moved to another folder under the same file name keeps its
    # ids (they hash the file name): where they are now says where it went.
    for key, old in state.topics.items() if gone_files else ():
        if old.roadmap in gone_files and key in current:
            ctx.renamed.setdefault(old.roadmap, current[key])
    if not found:
        return state
    vanished = [
        key
        for key, old in state.topics.items()
        if key not in current
        and (old.roadmap in read or old.roadmap in gone_files or old.removed is not None)
    ]
    renames = renamed_roadmaps(state, found, gone_files)
    for gone, now in renames.items():
        ctx.renamed.setdefault(gone, now)
    new_state, matches, ambiguities = carry_over(state, found, vanished, renames.get)
    for match in matches:
        if match.old.removed is not None:
            ctx.restored.add(match.new_id)
        ctx.notices.append(_matched(match))
    for ambiguity in ambiguities:
        _report_ambiguity(ctx, ambiguity)
    return new_state


def _matched(match: Match) -> str:
    new = match.new
    if match.old.removed is not None:
        what = "back"
    elif match.kind == "retitled":
        what = f"now {new.topic.title!r}"
    else:
        what = f"moved to {new.roadmap}" + (f" › {' › '.join(new.section)}" if new.section else "")
    return (
        f"{new.roadmap}:{new.topic.line}: {match.old.title!r} is {what};"
        f" its note {match.old.note} and status stay with it"
    )


def _report_ambiguity(ctx: SyncContext, ambiguity: Ambiguity) -> None:
    """Both sides, and the `relink` command that settles each pairing."""
    sides = "; ".join(
        f"{item.roadmap}:{item.topic.line} {item.topic.title!r}" for item in ambiguity.appeared
    )
    olds = "; ".join(f"{old.note} ({old.title!r})" for _, old in ambiguity.vanished)
    for item in ambiguity.appeared:
        first_old = ambiguity.vanished[0][1].note
        new = f"{item.roadmap}:{item.topic.line}"
        command = shlex.join(["vaultroad", "relink", first_old, new])
        ctx.problems.append(
            SyncIssue(
                item.roadmap,
                f"{item.topic.title!r} could be any of {olds}: not guessed, no note"
                f" made and those notes left as they are (the topics: {sides});"
                f" tell them apart in the roadmap, or say which it is: {command}",
                item.topic.line,
            )
        )
        ctx.malformed.add(item.topic.id)  # no new note while it is unsure
    ctx.unsure.update(key for key, _ in ambiguity.vanished)
