"""A sync's plan: every file the run will write, each verified before the first write.

Statuses are settled first (`sync_settle`), then the roadmaps' markers are
patched (`edit.set_statuses`, which re-parses to verify), then each note's
owned frontmatter and managed block are brought up to date, then stubs and
the summary, and each roadmap's map (`sync_maps`). Nothing here touches the
disk but to read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from .digest import blake2b
from .done_dates import undated_text
from .edit import set_statuses
from .errors import VaultroadError
from .model import Roadmap, Status
from .note_marks import add_alias, unmark_removed
from .notes import NoteInfo, Subtopic, render_note, update_note
from .parser import parse
from .state import State, TopicState
from .sync_context import LoadedRoadmap, SyncContext
from .sync_files import Planned
from .sync_links import inline_references, note_url, plain
from .sync_maps import plan_maps
from .sync_places import TopicPlace
from .sync_removed import plan_removed
from .sync_settle import NoteSide, Settled, settle
from .sync_shared import link_shared_statuses
from .sync_stubs import plan_stubs, stub_targets
from .sync_summary import plan_summary, summary_inputs

__all__ = ["ALSO_IN_SHOWN", "forget_former_ids", "plan", "plan_roadmaps"]

# A note links at most this many of the same topic's notes in other roadmaps
# and counts the rest: a topic in 100 roadmaps of a collection would
# otherwise fill every one of its notes with 99 links (10,000 in all).
ALSO_IN_SHOWN = 8


def plan(
    ctx: SyncContext,
    roadmaps: list[LoadedRoadmap],
    places: dict[str, TopicPlace],
    state: State,
) -> tuple[list[Planned], State, dict[str, Roadmap]]:
    """Every write of the run, the state it leaves when all of them land, and each
    roadmap's tree as those writes leave it."""
    planned, new_state, trees = plan_roadmaps(ctx, roadmaps, places, state)
    # The link targets of the batches before this one (`sync_rescan`), then this run's.
    targets = dict(ctx.stub_targets)
    for target, roadmap in stub_targets(places).items():
        targets.setdefault(target, roadmap)
    inputs = summary_inputs(ctx, trees, places, new_state)
    ctx.summary_parts = inputs.parts  # what the state keeps of each roadmap read
    if ctx.look_again:
        # A batch of a sync of everything before its last: the stubs and the summary,
        # which look at the whole vault, are planned once, by the last batch, from the
        # links each batch passes on and the parts each keeps in the state. Passed on
        # only here, where nothing can widen the run's scope any more.
        ctx.stub_targets.update(targets)
        return planned, new_state, trees
    planned += plan_stubs(ctx, targets, [place.note for place in places.values()])
    summary = plan_summary(ctx, inputs)
    if summary is not None:
        planned.append(summary)
    return planned, new_state, trees


def plan_roadmaps(
    ctx: SyncContext,
    roadmaps: list[LoadedRoadmap],
    places: dict[str, TopicPlace],
    state: State,
) -> tuple[list[Planned], State, dict[str, Roadmap]]:
    """The writes of `roadmaps` and their topics' notes (not the stubs and the summary,
    which look at the whole vault), with the state and trees they leave."""
    new_state = State(first_run=False)
    settled = settle(ctx, places, state, new_state)
    link_shared_statuses(ctx, places, state, settled)
    notes = _notes_to_write(ctx, places, settled, state, new_state)
    planned, trees = _roadmap_edits(ctx, roadmaps, places, settled, state, new_state, notes)
    planned += _note_writes(ctx, places, notes, state, new_state)
    read = {loaded.relative for loaded in roadmaps}
    planned += plan_removed(ctx, state, places, new_state, read)
    planned += plan_maps(ctx, roadmaps, places, trees, state)
    new_state.roadmaps = [loaded.relative for loaded in roadmaps]
    return planned, new_state, trees


def _notes_to_write(
    ctx: SyncContext,
    places: dict[str, TopicPlace],
    settled: Settled,
    state: State,
    new_state: State,
) -> dict[str, tuple[NoteSide, NoteInfo]]:
    """The notes whose text must change, once every status is settled: a parent's
    note lists its subtopics' statuses, which must be the ones this run writes."""
    parents = {c.id: i for i, above in places.items() for c in above.topic.children}
    noted: dict[int, int] = {}  # group number → its members with a note (`note_info`)
    notes: dict[str, tuple[NoteSide, NoteInfo]] = {}
    for topic_id, side in settled.notes.items():
        place = places[topic_id]
        wanted, done_on = settled.statuses[topic_id], settled.dates[topic_id]
        saved = state.topics.get(topic_id)
        info = note_info(ctx, place, places, wanted, done_on, settled.statuses, parents, noted)
        content = _content_digest(info)
        if (
            side.now is None
            or wanted is not side.status
            or done_on != side.completed
            or saved is None
            or saved.content != content
            or side.removed
            or saved.former is not None  # its note names its old id, maybe its old title
        ):
            if side.now is not None and side.data is None:
                try:
                    side.data, side.text = ctx.files.read_text(side.path, place.note)
                except VaultroadError as error:
                    ctx.problem(place.note, error)
                    ctx.unsettle(topic_id, state, new_state)
                    continue
            notes[topic_id] = (side, info)
        new_state.topics[topic_id] = TopicState(
            status=wanted,
            roadmap=place.roadmap,
            note=place.note,
            completed=done_on.isoformat() if done_on else None,
            content=content,
            title=place.topic.title,
            text=place.topic.text,
            section=place.section,
            # Dropped once the note's write lands (synchronize), not before.
            former=saved.former if saved is not None else None,
        )
    return notes


def _roadmap_edits(
    ctx: SyncContext,
    roadmaps: list[LoadedRoadmap],
    places: dict[str, TopicPlace],
    settled: Settled,
    state: State,
    new_state: State,
    notes: dict[str, tuple[NoteSide, NoteInfo]],
) -> tuple[list[Planned], dict[str, Roadmap]]:
    """The roadmaps whose markers change, and every roadmap's tree as it will be."""
    symbols = ctx.vault.config.symbols or None
    planned: list[Planned] = []
    trees: dict[str, Roadmap] = {}
    for loaded in roadmaps:
        relative = loaded.relative
        changes = settled.roadmap_changes.get(relative)
        trees[relative] = loaded.tree
        if not changes:
            continue
        # Each box ticked gets the date its note shows (`[tasks] done_dates`).
        done_dates = None
        if ctx.vault.config.tasks_done_dates:
            done_dates = {i: settled.dates.get(i) or ctx.today for i in changes}
        try:
            new_text = set_statuses(
                loaded.text, changes, relative, symbols=symbols, done_dates=done_dates
            )
        except VaultroadError as error:
            ctx.problem(relative, error)
            for topic_id in changes:  # nothing of this roadmap moves: keep the old state
                ctx.unsettle(topic_id, state, new_state)
                notes.pop(topic_id, None)
            continue
        trees[relative] = parse(new_text, relative, symbols=symbols)
        planned.append(
            Planned(
                ctx.vault.root / relative,
                relative,
                "roadmap",
                new_text.encode("utf-8", "surrogatepass"),
                loaded.data,
                [places[i].topic.title for i in changes],
                list(changes),
            )
        )
    return planned, trees


def _note_writes(
    ctx: SyncContext,
    places: dict[str, TopicPlace],
    notes: dict[str, tuple[NoteSide, NoteInfo]],
    state: State,
    new_state: State,
) -> list[Planned]:
    planned: list[Planned] = []
    for topic_id, (side, info) in notes.items():
        place = places[topic_id]
        try:
            new_text = (
                render_note(info) if side.text is None else update_note(side.text, info, place.note)
            )
            if side.removed:
                new_text = unmark_removed(new_text, place.note)
            saved = state.topics.get(topic_id)
            if saved is not None and saved.former is not None and side.text is not None:
                new_text = add_alias(new_text, place.topic.title, place.note)
        except VaultroadError as error:
            ctx.problem(place.note, error)
            ctx.unsettle(topic_id, state, new_state)
            continue
        data = new_text.encode("utf-8", "surrogatepass")
        if data == side.data:
            _forget_former(new_state, topic_id)  # the note says so already
            continue
        moved = [place.topic.title] if side.data is None or info.status is not side.status else []
        planned.append(Planned(side.path, place.note, "note", data, side.data, moved, [topic_id]))
    return planned


def _forget_former(state: State, topic_id: str) -> None:
    entry = state.topics.get(topic_id)
    if entry is not None and entry.former is not None:
        state.topics[topic_id] = dataclasses.replace(entry, former=None)


def forget_former_ids(state: State, written: list[Planned]) -> None:
    """The notes written this run name their topic's id now: no former id to accept."""
    for item in written:
        if item.kind == "note":
            for topic_id in item.ids:
                _forget_former(state, topic_id)


def note_info(
    ctx: SyncContext,
    place: TopicPlace,
    places: dict[str, TopicPlace],
    status: Status,
    completed: dt.date | None,
    statuses: dict[str, Status],
    parents: dict[str, str],
    noted: dict[int, int],
) -> NoteInfo:
    """What the topic's note shows. The tree is the one read before this run's
    edits: an edit changes statuses only (edit.verify makes sure), and the
    status comes in separately. `noted` keeps, for the calls with these `places`,
    how many members of each group of shared topics have a note."""
    topic = place.topic
    references = {
        label: note_url(url, place.roadmap, place.note)
        for label, url in ctx.references.get(place.roadmap, {}).items()
    }
    resources = tuple(
        f"[{plain(link.text)}]({note_url(link.url, place.roadmap, place.note)})"
        for link in topic.links
    )
    resources += tuple(f"[[{link.target}]]" for link in topic.wikilinks if not link.embed)
    # The same topic in other roadmaps, also those this run did not read (`sync_groups`):
    # the first shown, the others counted, once per group (a group may span thousands).
    others: list[tuple[str, str]] = []
    more = 0
    number = ctx.shared.group_number(topic.id)
    if number is not None:
        group = ctx.shared.groups[number]
        for member in group:
            if member.topic_id != topic.id:
                shown = ctx.member(member.topic_id, places)
                if shown is not None:
                    others.append(shown)
                    if len(others) == ALSO_IN_SHOWN:
                        break
        if number not in noted:
            noted[number] = sum(1 for m in group if ctx.has_note(m.topic_id, places))
        # The topic itself has its note (it is placed): the rest of the noted are others.
        more = noted[number] - 1 - len(others)
    # The done date is the note's `completed:`; in the text it would change
    # the note with every tick the sync itself writes.
    text = undated_text(topic) if ctx.vault.config.tasks_done_dates else topic.text
    return NoteInfo(
        topic_id=topic.id,
        title=topic.title,
        text=inline_references(text, references),
        status=status,
        roadmap_title=place.roadmap_tree.title,
        roadmap_link=place.roadmap.removesuffix(".md"),
        section=place.section,
        heading=place.heading,
        estimate=topic.estimate.text if topic.estimate else None,
        description=inline_references(topic.description, references),
        resources=resources,
        subtopics=tuple(
            Subtopic(
                places[child.id].note.removesuffix(".md"),
                child.title,
                statuses.get(child.id, child.status),  # unsettled: as the roadmap has it
            )
            for child in topic.children
            if child.id in places
        ),
        completed=completed,
        estimate_days=(topic.estimate.low, topic.estimate.high) if topic.estimate else None,
        parent=(
            places[parents[topic.id]].note.removesuffix(".md") if topic.id in parents else None
        ),
        also_in=tuple(others),
        also_in_more=more,
    )


def _content_digest(info: NoteInfo) -> str:
    """What the managed block shows (status and date aside), as a short hash."""
    shown = dataclasses.replace(info, status=Status.TODO, completed=None)
    return blake2b(repr(shown).encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
