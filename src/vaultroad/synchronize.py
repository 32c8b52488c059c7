"""`sync`: roadmaps and topic notes kept in step, three ways, without losing a byte.

For every topic, R is its status in the roadmap, N the `status:` of its
note and S the status both had at the last sync (`.vaultroad/state.json`).
R changed only → the note follows; N changed only → the roadmap marker
follows; both changed to different values → a conflict: both values are
reported and nothing is written for that topic. With no S (first run, or a
lost state) a disagreement is reported, never guessed, unless `prefer` says
which side wins.

Every write of a run is planned, and verified (roadmaps re-parsed, note
frontmatter re-read), before the first file is touched. Files are replaced
atomically, only when their bytes change, and only if they still hold what
was read; a file changed meanwhile is skipped and reported.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import overload

from .cache import TreeCache
from .digest import blake2b
from .discover import IGNORED_DIRS
from .edit import set_statuses
from .errors import VaultroadError
from .fileio import (
    Stamp,
    remove_leftovers,
)
from .filenames import claim_note_path, fold_path, note_stem
from .identity import Appeared, carry_over, renamed_roadmaps
from .lock import LockedError, vault_lock
from .model import Roadmap, Section, SectionKind, Status, Topic
from .note_front import raw_value, read_front_matter
from .notes import (
    AmbiguousBlockError,
    NoteInfo,
    NotOwnedError,
    Subtopic,
    find_block,
    heading_anchor,
    note_completed,
    note_status,
    render_note,
    update_note,
)
from .parser import parse
from .rules import box_fault_lines
from .source import decode
from .state import (
    FileStamp,
    Stamps,
    State,
    TopicState,
    ensure_gitignore,
    load_stamps,
    load_state,
    stamp,
    write_state,
)
from .summary import Completed, RoadmapSummary, new_summary_note, render_summary, update_summary
from .sync_files import Planned, RunFiles
from .sync_report import Conflict, FileChange, SyncIssue, SyncReport
from .vault import Discovery, NoRoadmapsError, Vault

__all__ = ["Conflict", "FileChange", "LockedError", "SyncIssue", "SyncReport", "sync"]

Progress = Callable[[int, int, str], None]


def sync(
    root: str | os.PathLike[str],
    *,
    dry_run: bool = False,
    prefer: str | None = None,
    diff: bool = False,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> SyncReport:
    """Bring roadmaps, topic notes and the summary of the vault at `root` into step."""
    if prefer not in (None, "roadmap", "notes"):
        raise VaultroadError(f"prefer must be 'roadmap' or 'notes', not {prefer!r}")
    vault = Vault.open(root)
    found = vault.discover()
    if not found.roadmaps:
        # Nothing to keep in step: writing an empty summary and a state folder
        # would only leave litter (and a hook saying "Passed" for nothing).
        raise NoRoadmapsError(
            "no roadmaps found, nothing written: put roadmaps under "
            + ", ".join(vault.config.roadmaps)
            + " (set `roadmaps` in .vaultroad.toml) or mark a note with"
            " `vaultroad: roadmap` in its frontmatter",
            path=os.fspath(root),
        )
    run = _Sync(vault, dry_run=dry_run, prefer=prefer, diff=diff, today=today, progress=progress)
    if dry_run:
        return run.run(found)
    with vault_lock(vault.state_dir) as interrupted:
        if interrupted:
            run.notices.append(f"{vault.relative(vault.state_dir / 'lock')}: {interrupted}")
            run.remove_leftovers()
        return run.run(found)


@dataclass
class _TopicPlace:
    topic: Topic
    roadmap: str  # vault-relative roadmap path
    roadmap_tree: Roadmap
    section: tuple[str, ...]
    heading: str | None
    note: str  # vault-relative note path


# A topic whose status a run settled, with what writing its note needs: id,
# place, note path, bytes and text read, stamp, saved state, note's status and date.
_Settled = tuple[
    str,
    _TopicPlace,
    Path,
    bytes | None,
    str | None,
    FileStamp | None,
    TopicState | None,
    Status | None,
    dt.date | None,
]


class _Sync:
    def __init__(
        self,
        vault: Vault,
        *,
        dry_run: bool,
        prefer: str | None,
        diff: bool,
        today: dt.date | None,
        progress: Progress | None,
    ) -> None:
        self.vault = vault
        self.dry_run = dry_run
        self.prefer = prefer
        self.diff = diff
        self.today = today or dt.date.today()
        self.progress = progress
        self.problems: list[SyncIssue] = []
        self.malformed: set[str] = set()  # topics on a malformed checkbox line: no note
        # New id → the id an edit took from it (identity.py): its note still
        # names the old one until this run rewrites it.
        self.former_ids: dict[str, str] = {}
        self.conflicts: list[Conflict] = []
        self.notices: list[str] = []
        self.state_path = vault.state_dir / "state.json"
        # Topics whose old state is kept (conflicts, failures): their notes'
        # stamps are not recorded, so the next run reads them again.
        self.unsettled: set[str] = set()
        # Every read and write of the run, with the stamps the state records.
        self.files = RunFiles(vault.root, self.problems, self.notices)
        # Each roadmap's reference definitions (`[label]: url`), for the
        # reference-style links and images its topics copy into notes.
        self.references: dict[str, dict[str, str]] = {}

    def remove_leftovers(self) -> None:
        """Remove the temporary files an interrupted run left (called under the lock)."""
        removed = remove_leftovers(self.vault.root, IGNORED_DIRS - {".vaultroad"})
        removed += _remove_cache_leftovers(self.vault.state_dir / "trees")
        if removed:
            self.notices.append(
                f"removed {len(removed)} temporary file(s) left by the interrupted sync"
            )

    def _remove_nearby_leftovers(self, paths: list[Path]) -> None:
        """Temporary files of dead writers beside the roadmaps.

        A `check --fix` or `mark` killed mid-write leaves one beside a roadmap
        without marking an interrupted sync: each sync lists the roadmaps'
        folders and the vault root (a few listings, not a walk of the notes:
        this runs before the no-op path). A sync's own clean-up that failed
        keeps the lock's record instead, so the next sync sweeps the vault.
        """
        folders = {path.parent for path in paths} | {self.vault.root}
        removed = [
            name for folder in sorted(folders) for name in remove_leftovers(folder, deep=False)
        ]
        if removed:
            self.notices.append(f"removed {len(removed)} temporary file(s) left by a killed run")

    # --- the run

    def run(self, found: Discovery) -> SyncReport:
        for copy, original in found.conflict_copies:
            self.problems.append(
                SyncIssue(
                    self.vault.relative(copy),
                    f"a sync client's conflict copy of {self.vault.relative(original)}; not read"
                    " (merge what it adds into that file, then delete it)",
                )
            )
        paths = found.roadmaps
        if not self.dry_run:
            self._remove_nearby_leftovers(paths)
        relatives = [self.vault.relative(p) for p in paths]
        self.roadmap_count = len(paths)
        stamps = load_stamps(self.state_path)
        if stamps is not None and stamps.settled and self._untouched(stamps, paths, relatives):
            return self._report([], State(first_run=False), topics=stamps.topics)

        state, reason = load_state(self.state_path)
        if reason:
            self.notices.append(f"{self.vault.relative(self.state_path)}: {reason}")
        roadmaps = self._load_roadmaps(paths, relatives, state)
        state = self._recognise(roadmaps, state)
        places = self._places(roadmaps, state)
        planned, new_state = self._plan(roadmaps, places, state)
        written = planned if self.dry_run else self.files.write(planned)
        done = {id(item) for item in written}
        for item in planned:
            if id(item) in done:
                continue
            for topic_id in item.ids:
                if item.kind == "note" and not item.topics:
                    # The note already held the status (only its date or block
                    # was to change): both sides agree on it, so the new state
                    # stands; the note is read again next time.
                    self.unsettled.add(topic_id)
                else:
                    self._unsettle(topic_id, state, new_state)
        if not self.dry_run:
            self._save_state(new_state, roadmaps, places, written)
        return self._report(written, state, topics=len(places))

    def _report(self, planned: list[Planned], state: State, *, topics: int) -> SyncReport:
        changes = tuple(
            FileChange(
                path=item.relative,
                kind=item.kind,
                action="create" if item.original is None else "update",
                topics=tuple(item.topics),
                diff=self._diff(item) if self.diff else None,
            )
            for item in planned
        )
        return SyncReport(
            changes=changes,
            conflicts=tuple(self.conflicts),
            problems=tuple(self.problems),
            roadmaps=self.roadmap_count,
            topics=topics,
            first_run=state.first_run,
            dry_run=self.dry_run,
            notices=tuple(self.notices),
        )

    def _diff(self, item: Planned) -> str:
        import difflib  # only --diff needs it

        old = item.original.decode("utf-8", "surrogateescape") if item.original else ""
        return "".join(
            difflib.unified_diff(
                old.splitlines(keepends=True),
                item.text.splitlines(keepends=True),
                fromfile="/dev/null" if item.original is None else f"a/{item.relative}",
                tofile=f"b/{item.relative}",
            )
        )

    # --- nothing changed since the last sync: decided from stat and hashes alone

    def _untouched(self, stamps: Stamps, paths: list[Path], relatives: list[str]) -> bool:
        """Whether nothing changed since the last sync: roadmaps by size and hash, notes
        and the summary by size and mtime. Plain `os.stat` on strings: this runs over
        every note of the vault, and pathlib objects would cost more than the stat."""
        if sorted(relatives) != sorted(stamps.roadmaps):
            return False
        files = stamps.files
        for path, relative in zip(paths, relatives, strict=True):
            saved = files.get(relative)
            try:
                data = path.read_bytes()
            except OSError:
                return False
            digest = blake2b(data, digest_size=16).hexdigest()
            if saved is None or saved[0] != len(data) or saved[2] != digest:
                return False
        root = str(self.vault.root) + os.sep
        stat = os.stat
        for relative in (*stamps.notes, self.vault.config.summary):
            saved = files.get(relative)
            if saved is None:
                return False
            try:
                info = stat(root + relative)
            except OSError:
                return False
            if info.st_size != saved[0] or info.st_mtime_ns != saved[1] or not info.st_size:
                return False  # changed, or left empty (then it is written again)
        return True

    # --- reading

    def _load_roadmaps(
        self, paths: list[Path], relatives: list[str], state: State
    ) -> list[tuple[str, Roadmap, str, bytes]]:
        cache = None if self.dry_run else TreeCache(self.vault.state_dir / "trees")
        loaded: list[tuple[str, Roadmap, str, bytes]] = []
        seen_ids: dict[str, str] = {}
        for number, (path, relative) in enumerate(zip(paths, relatives, strict=True)):
            if self.progress:
                self.progress(number, len(paths), relative)
            try:
                data = self.files.read(path, relative)
                text = decode(data, relative)
                if cache is not None:
                    roadmap = cache.load(relative, data, text, self.vault.config.symbols)
                else:
                    roadmap = parse(text, relative, symbols=self.vault.config.symbols or None)
            except VaultroadError as error:
                self.problems.append(SyncIssue(relative, error.message, error.line))
                continue
            except OSError as error:
                self.problems.append(SyncIssue(relative, f"cannot read: {error.strerror}"))
                continue
            clash = next((seen_ids[t.id] for t in roadmap.topics() if t.id in seen_ids), None)
            if clash is not None:
                self.problems.append(
                    SyncIssue(
                        relative,
                        f"topic ids clash with {clash} (two roadmaps with the same file name);"
                        " rename one — skipped",
                    )
                )
                continue
            for topic in roadmap.topics():
                seen_ids[topic.id] = relative
            for limit in roadmap.limits:  # read, but not all of it as written: say so
                self.notices.append(f"{relative}:{limit.line}: {limit.message}")
            self._skip_malformed(relative, roadmap, text)
            if "]:" in text:
                self.references[relative] = _references(text)
            loaded.append((relative, roadmap, text, data))
        self.roadmap_count = len(loaded)
        return loaded

    def _recognise(self, roadmaps: list[tuple[str, Roadmap, str, bytes]], state: State) -> State:
        """`state` with the topics an edit gave a new id under that id (identity.py):
        a matched topic keeps its note and its status. Runs only when ids of the
        last sync are gone and new ones came."""
        read = {relative for relative, *_ in roadmaps}
        found: list[Appeared] = []
        current: set[str] = set()
        for relative, roadmap, _, _ in roadmaps:
            for topic, section, _ in _walk(roadmap):
                current.add(topic.id)
                if topic.id not in state.topics and topic.id not in self.malformed:
                    found.append(Appeared(topic, relative, section))
        if not found:
            return state
        gone_files = {
            old.roadmap
            for old in state.topics.values()
            if old.roadmap not in read and not (self.vault.root / old.roadmap).exists()
        }
        vanished = [
            key
            for key, old in state.topics.items()
            if key not in current and (old.roadmap in read or old.roadmap in gone_files)
        ]
        renames = renamed_roadmaps(state, found, gone_files)
        new_state, matches, ambiguities = carry_over(state, found, vanished, renames.get)
        for match in matches:
            self.former_ids[match.new_id] = match.old_id
            what = (
                f"now {match.new.topic.title!r}"
                if match.kind == "retitled"
                else f"moved to {match.new.roadmap}"
                + (f" › {' › '.join(match.new.section)}" if match.new.section else "")
            )
            self.notices.append(
                f"{match.new.roadmap}:{match.new.topic.line}: {match.old.title!r} is {what};"
                f" its note {match.old.note} and status stay with it"
            )
        for ambiguity in ambiguities:
            sides = "; ".join(
                f"{item.roadmap}:{item.topic.line} {item.topic.title!r}"
                for item in ambiguity.appeared
            )
            olds = "; ".join(f"{old.note} ({old.title!r})" for _, old in ambiguity.vanished)
            for item in ambiguity.appeared:
                self.problems.append(
                    SyncIssue(
                        item.roadmap,
                        f"{item.topic.title!r} could be any of {olds}: not guessed, no note"
                        f" made and those notes left as they are (the topics: {sides});"
                        " tell them apart in the roadmap",
                        item.topic.line,
                    )
                )
                self.malformed.add(item.topic.id)  # no new note while it is unsure
        return new_state

    def _skip_malformed(self, relative: str, roadmap: Roadmap, text: str) -> None:
        """Topics on a line `check` reports as a malformed checkbox get no note: the
        text after a broken box (`- [ x] Bad` reads `x Bad`) is not the topic's
        title, and a note made from it would stay behind once the box is fixed."""
        if "[" not in text and "［" not in text:
            return
        lines = set(box_fault_lines(text))
        for topic in roadmap.topics():
            if topic.line in lines:
                self.malformed.add(topic.id)
                self.problems.append(
                    SyncIssue(
                        relative,
                        "malformed checkbox: no note made for this topic until it is fixed"
                        " (vaultroad check --fix)",
                        topic.line,
                    )
                )

    def _places(
        self, roadmaps: list[tuple[str, Roadmap, str, bytes]], state: State
    ) -> dict[str, _TopicPlace]:
        """Every topic with its section path and note path (kept from the last sync)."""
        places: dict[str, _TopicPlace] = {}
        taken = {fold_path(t.note) for t in state.topics.values()}
        folder_root = PurePosixPath(self.vault.config.notes_folder)
        for relative, roadmap, _, _ in roadmaps:
            folder = folder_root / note_stem(roadmap.title)
            for topic, section, heading in _walk(roadmap):
                if topic.id in self.malformed:
                    continue
                saved = state.topics.get(topic.id)
                if saved is not None and saved.roadmap == relative:
                    note = saved.note
                else:
                    note = claim_note_path(folder.as_posix(), topic.title, taken)
                places[topic.id] = _TopicPlace(topic, relative, roadmap, section, heading, note)
        return places

    # --- planning

    def _plan(
        self,
        roadmaps: list[tuple[str, Roadmap, str, bytes]],
        places: dict[str, _TopicPlace],
        state: State,
    ) -> tuple[list[Planned], State]:
        new_state = State(first_run=False)
        roadmap_changes: dict[str, dict[str, Status]] = {}
        notes: dict[str, tuple[Path, bytes | None, str | None, NoteInfo, Status | None]] = {}
        settled: list[_Settled] = []
        statuses: dict[str, Status] = {}
        dates: dict[str, dt.date | None] = {}
        for topic_id, place in places.items():
            topic = place.topic
            path = self.vault.root / place.note
            data: bytes | None = None
            text: str | None = None
            front: dict[str, object] = {}
            saved = state.topics.get(topic_id)
            saved_stamp = state.files.get(place.note)
            now = stamp(path)
            note_state: Status | None
            if (
                saved is not None
                and saved_stamp is not None
                and now is not None
                and (now.size, now.mtime_ns) == (saved_stamp.size, saved_stamp.mtime_ns)
            ):
                note_state = saved.status  # the note did not change since the last sync
                note_done = dt.date.fromisoformat(saved.completed) if saved.completed else None
                self.files.unchanged(place.note, Stamp(now.size, now.mtime_ns))
            elif now is None or now.size == 0:
                # Missing, or left empty by an interrupted create: nothing of
                # the user's is there, so the note is written whole.
                note_state = None
                note_done = None
                if now is not None:
                    data = b""
            else:
                try:
                    data, text = self.files.read_text(path, place.note)
                    front = read_front_matter(text, place.note)
                except VaultroadError as error:
                    self._problem(place.note, error)
                    self._unsettle(topic_id, state, new_state)
                    continue
                if front.get("topic") not in (None, topic_id, self.former_ids.get(topic_id)):
                    self.problems.append(
                        SyncIssue(place.note, f"note belongs to topic {front.get('topic')!r}")
                    )
                    self._unsettle(topic_id, state, new_state)
                    continue
                try:
                    find_block(text, place.note)
                except NotOwnedError as error:
                    # Not a note vaultroad wrote (a hand-written one at the
                    # same path), or one whose block is in doubt: its
                    # `status:` must not drive the roadmap.
                    self.problems.append(_not_owned(place.note, error))
                    self._unsettle(topic_id, state, new_state)
                    continue
                note_state = note_status(front)
                note_done = note_completed(front)
                if note_state is None:
                    self.problems.append(_bad_status(place.note, text))
                    self._unsettle(topic_id, state, new_state)
                    continue
            wanted = self._reconcile(place, note_state, saved.status if saved else None)
            if wanted is None:
                self._unsettle(topic_id, state, new_state)
                continue
            if wanted is not topic.status:
                roadmap_changes.setdefault(place.roadmap, {})[topic_id] = wanted
            done_on = note_done
            # Only a change to done seen by a sync has a known date; a topic
            # already done when first seen keeps no (made-up) completion date.
            if (
                wanted is Status.DONE
                and done_on is None
                and saved is not None
                and saved.status is not Status.DONE
            ):
                done_on = self.today
            if (
                wanted is Status.DONE
                and done_on is None
                and saved is not None
                and saved.status is Status.DONE
                and saved.completed
            ):
                # The date was recorded, but its note never got it (a write
                # that failed after the roadmap's): the state still knows it.
                done_on = dt.date.fromisoformat(saved.completed)
            if wanted is not Status.DONE:
                done_on = None
            settled.append((topic_id, place, path, data, text, now, saved, note_state, note_done))
            statuses[topic_id], dates[topic_id] = wanted, done_on
        # Notes once every status is settled: a parent's note lists its
        # subtopics' statuses, which must be the ones this run writes.
        parents = {c.id: i for i, above in places.items() for c in above.topic.children}
        for topic_id, place, path, data, text, now, saved, note_state, note_done in settled:
            wanted, done_on = statuses[topic_id], dates[topic_id]
            info = self._note_info(place, places, wanted, done_on, statuses, parents)
            content = _content_digest(info)
            needs_note = (
                now is None
                or wanted is not note_state
                or done_on != note_done
                or saved is None
                or saved.content != content
            )
            if needs_note:
                if now is not None and data is None:
                    try:
                        data, text = self.files.read_text(path, place.note)
                    except VaultroadError as error:
                        self._problem(place.note, error)
                        self._unsettle(topic_id, state, new_state)
                        continue
                notes[topic_id] = (path, data, text, info, note_state)
            new_state.topics[topic_id] = TopicState(
                status=wanted,
                roadmap=place.roadmap,
                note=place.note,
                completed=done_on.isoformat() if done_on else None,
                content=content,
                title=place.topic.title,
                text=place.topic.text,
                section=place.section,
            )
        planned: list[Planned] = []
        new_trees: dict[str, Roadmap] = {}
        for relative, roadmap, text, data in roadmaps:
            changes = roadmap_changes.get(relative)
            new_trees[relative] = roadmap
            if not changes:
                continue
            try:
                new_text = set_statuses(
                    text, changes, relative, symbols=self.vault.config.symbols or None
                )
            except VaultroadError as error:
                self._problem(relative, error)
                for topic_id in changes:  # nothing of this roadmap moves: keep the old state
                    self._unsettle(topic_id, state, new_state)
                    notes.pop(topic_id, None)
                continue
            new_trees[relative] = parse(
                new_text, relative, symbols=self.vault.config.symbols or None
            )
            planned.append(
                Planned(
                    self.vault.root / relative,
                    relative,
                    "roadmap",
                    new_text,
                    data,
                    [places[i].topic.title for i in changes],
                    list(changes),
                )
            )
        for topic_id, (path, data, text, info, note_state) in notes.items():
            place = places[topic_id]
            try:
                new_text = (
                    render_note(info) if text is None else update_note(text, info, place.note)
                )
            except VaultroadError as error:
                self._problem(place.note, error)
                self._unsettle(topic_id, state, new_state)
                continue
            if data is not None and new_text.encode("utf-8", "surrogatepass") == data:
                continue
            moved = [place.topic.title] if data is None or info.status is not note_state else []
            planned.append(Planned(path, place.note, "note", new_text, data, moved, [topic_id]))
        planned += self._stubs(places)
        summary = self._summary(new_trees, places, new_state)
        if summary is not None:
            planned.append(summary)
        new_state.roadmaps = [relative for relative, *_ in roadmaps]
        read = set(new_state.roadmaps)
        for topic_id, old in sorted(state.topics.items(), key=lambda item: item[1].note):
            # A topic gone from a roadmap that was read (deleted, or retitled,
            # which gives a new id): its note is the user's and stays.
            if topic_id not in places and old.roadmap in read:
                self.notices.append(
                    f"{old.note}: its topic is no longer in {old.roadmap}; the note is kept"
                )
        return planned, new_state

    def _unsettle(self, topic_id: str, state: State, new_state: State) -> None:
        """Keep a topic's old state: this run did not bring both sides together."""
        self.unsettled.add(topic_id)
        old = state.topics.get(topic_id)
        if old is not None:
            new_state.topics[topic_id] = old
        else:
            new_state.topics.pop(topic_id, None)

    def _problem(self, path: str, error: Exception) -> None:
        if isinstance(error, VaultroadError):
            self.problems.append(SyncIssue(path, error.message, error.line))
        else:
            self.problems.append(SyncIssue(path, str(error)))

    def _reconcile(
        self, place: _TopicPlace, note: Status | None, saved: Status | None
    ) -> Status | None:
        """The status both sides should have, or None for a conflict (recorded)."""
        roadmap = place.topic.status
        if note is None or roadmap is note:
            return roadmap
        if saved is not None:
            if note is saved:
                return roadmap  # only the roadmap moved
            if roadmap is saved:
                return note  # only the note moved
        if self.prefer == "roadmap":
            return roadmap
        if self.prefer == "notes":
            return note
        self.conflicts.append(
            Conflict(
                topic_id=place.topic.id,
                title=place.topic.title,
                roadmap=place.roadmap,
                line=place.topic.line,
                roadmap_status=roadmap,
                note_status=note,
                note=place.note,
                reason="both changed" if saved is not None else "no sync state",
            )
        )
        return None

    def _note_info(
        self,
        place: _TopicPlace,
        places: dict[str, _TopicPlace],
        status: Status,
        completed: dt.date | None,
        statuses: dict[str, Status],
        parents: dict[str, str],
    ) -> NoteInfo:
        # The tree read before this run's edits: an edit changes statuses
        # only (edit.verify makes sure), and the status comes in separately.
        topic = place.topic
        references = {
            label: _relink(url, place.roadmap, place.note)
            for label, url in self.references.get(place.roadmap, {}).items()
        }
        resources = tuple(
            f"[{_plain(link.text)}]({_relink(link.url, place.roadmap, place.note)})"
            for link in topic.links
        )
        resources += tuple(f"[[{link.target}]]" for link in topic.wikilinks if not link.embed)
        return NoteInfo(
            topic_id=topic.id,
            title=topic.title,
            text=_inline_references(topic.text, references),
            status=status,
            roadmap_title=place.roadmap_tree.title,
            roadmap_link=place.roadmap.removesuffix(".md"),
            section=place.section,
            heading=place.heading,
            estimate=topic.estimate.text if topic.estimate else None,
            description=_inline_references(topic.description, references),
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
        )

    def _stubs(self, places: dict[str, _TopicPlace]) -> list[Planned]:
        """Stub notes for [[links]] in roadmap items that resolve to no note."""
        if not self.vault.config.stubs:
            return []
        targets: dict[str, str] = {}
        for place in places.values():
            for link in place.topic.wikilinks:
                if not _attachment(link.target):  # `![[icon.svg]]` is a file, not a note
                    targets.setdefault(link.target, place.roadmap)
        if not targets:
            return []
        index = self.vault.name_index()
        for place in places.values():
            index.add(PurePosixPath(place.note))
        if any(index.resolve(target) is None for target in targets):
            index = self.vault.name_index(aliases=True)  # only then read frontmatter
            for place in places.values():
                index.add(PurePosixPath(place.note))
        stubs: list[Planned] = []
        folder = PurePosixPath(self.vault.config.notes_folder)
        for target, roadmap in sorted(targets.items()):
            if not target.strip():
                continue
            relative = self._stub_path(folder, target)
            if relative is None:
                continue
            original: bytes | None = None
            found = index.resolve(target) or index.resolve(PurePosixPath(relative).stem)
            if found is not None:
                # A stub left empty (by an older version's interrupted run, or
                # a power cut before the disk had it) holds nothing of the
                # user's: it is written again. Any other note is left alone.
                if found.as_posix() != relative or not _empty(self.vault.root / relative):
                    continue
                original = b""
            else:
                index.add(PurePosixPath(relative))
            source = roadmap.removesuffix(".md")
            text = (
                "---\ntags:\n  - vaultroad/stub\n---\n\n%% vaultroad:begin %%\n\n"
                f"Linked from [[{source}]].\n\n%% vaultroad:end %%\n"
            )
            stubs.append(Planned(self.vault.root / relative, relative, "stub", text, original))
        return stubs

    def _stub_path(self, folder: PurePosixPath, target: str) -> str | None:
        """Where a stub for `[[target]]` goes: the notes folder, or the link's own folder.

        `[[Tasks/Goals]]` resolves only to a note at `Tasks/Goals.md`: a stub in
        the notes folder would not resolve it, so it goes there when that folder
        exists, and no stub is made when it does not.
        """
        parts = [part for part in target.strip().split("/") if part]
        stem = note_stem(parts[-1])
        if len(parts) == 1:
            return (folder / f"{stem}.md").as_posix()
        home = PurePosixPath(*parts[:-1])
        if _leaves(home) or not (self.vault.root / home).is_dir():
            return None
        return (home / f"{stem}.md").as_posix()

    def _summary(
        self,
        trees: dict[str, Roadmap],
        places: dict[str, _TopicPlace],
        new_state: State,
    ) -> Planned | None:
        relative = self.vault.config.summary
        path = self.vault.root / relative
        note_links = {i: p.note.removesuffix(".md") for i, p in places.items()}  # shared
        items = [
            RoadmapSummary(tree, name.removesuffix(".md"), note_links)
            for name, tree in trees.items()
        ]
        done = [
            Completed(
                dt.date.fromisoformat(entry.completed),
                entry.note.removesuffix(".md"),
                places[topic_id].topic.title if topic_id in places else entry.note,
                places[topic_id].roadmap_tree.title if topic_id in places else "",
            )
            for topic_id, entry in new_state.topics.items()
            if entry.completed and entry.status is Status.DONE
        ]
        block = render_summary(items, done)
        try:
            data: bytes | None
            data = self.files.read(path, relative)
        except VaultroadError as error:
            if path.exists() or path.is_symlink():
                self._problem(relative, error)
                return None
            data = None
        if data is None:
            return Planned(path, relative, "summary", new_summary_note(block), None)
        try:
            text = decode(data, relative)
        except VaultroadError as error:
            self._problem(relative, error)
            return None
        try:
            new_text = update_summary(text, block, relative)
        except VaultroadError as error:  # two blocks, a lone marker
            self._problem(relative, error)
            return None
        if new_text is None:
            self.problems.append(
                SyncIssue(relative, "summary note has no vaultroad block; not overwritten")
            )
            return None
        if new_text.encode("utf-8", "surrogatepass") == data:
            return None
        return Planned(path, relative, "summary", new_text, data)

    def _save_state(
        self,
        new_state: State,
        roadmaps: list[tuple[str, Roadmap, str, bytes]],
        places: dict[str, _TopicPlace],
        written: list[Planned],
    ) -> None:
        """Record the state with each file's stamp as this run read or wrote it.

        Never a stat taken now: a file changed since this run saw it keeps
        an older stamp here, so the next run reads it again.
        """
        files: dict[str, FileStamp] = {}
        rewritten = {item.relative: item for item in written}
        for relative, _, _, data in roadmaps:
            item = rewritten.get(relative)
            content = item.text.encode("utf-8", "surrogatepass") if item else data
            seen = self.files.stamp(relative)
            if seen is not None:
                digest = blake2b(content, digest_size=16).hexdigest()
                files[relative] = FileStamp(seen.size, seen.mtime_ns, digest)
        owned = [e.note for i, e in new_state.topics.items() if i not in self.unsettled]
        for relative in (*owned, self.vault.config.summary):
            seen = self.files.stamp(relative)
            if seen is not None:
                files[relative] = FileStamp(seen.size, seen.mtime_ns)
        self.files.settle(files)
        new_state.files = files
        new_state.topics = {k: v for k, v in new_state.topics.items() if k in places}
        new_state.unsettled = sorted(self.unsettled & places.keys())
        if self.problems and not new_state.unsettled:
            # A problem outside any topic (the summary, a stub, a conflict
            # copy): the next run must look again, not take the no-op path.
            new_state.unsettled = ["*"]
        try:
            write_state(self.state_path, new_state)
        except VaultroadError as error:
            self.problems.append(
                SyncIssue(
                    self.vault.relative(self.state_path),
                    f"{error.message}; the files above were written, and the next sync"
                    " compares them again",
                )
            )
            return
        try:
            ensure_gitignore(self.state_path.parent)
        except VaultroadError as error:
            self.problems.append(
                SyncIssue(
                    self.vault.relative(self.state_path.parent / ".gitignore"),
                    f"{error.message}; the next sync tries again",
                )
            )


def _content_digest(info: NoteInfo) -> str:
    """What the managed block shows (status and date aside), as a short hash."""
    shown = dataclasses.replace(info, status=Status.TODO, completed=None)
    return blake2b(repr(shown).encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


# What Obsidian opens as a file rather than a note (its attachment types).
_ATTACHMENTS = frozenset(
    [
        "png",
        "jpg",
        "jpeg",
        "gif",
        "bmp",
        "svg",
        "webp",
        "avif",
        "mp3",
        "wav",
        "m4a",
        "ogg",
        "3gp",
        "flac",
        "webm",
        "mp4",
        "ogv",
        "mov",
        "mkv",
        "pdf",
        "canvas",
        "base",
    ]
)


def _attachment(target: str) -> bool:
    """Whether `[[target]]` names an attachment (`icon.svg#x`), not a note (`Node.js`)."""
    name = target.split("#")[0].rsplit("/", 1)[-1]
    return "." in name and name.rsplit(".", 1)[1].lower() in _ATTACHMENTS


def _leaves(folder: PurePosixPath) -> bool:
    """A link's folder that is not one to write in: climbing out, or an ignored folder."""
    return ".." in folder.parts or any(part in IGNORED_DIRS for part in folder.parts)


_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[([^\]\n]+)\]:[ \t]*<?([^\s>]+)>?", re.MULTILINE)
_REFERENCE_USE = re.compile(r"(!?\[([^\]\n]*)\])\[([^\]\n]*)\]")


def _label(text: str) -> str:
    """A reference label as CommonMark matches them: case and inner spaces folded."""
    return " ".join(text.split()).casefold()


def _references(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _REFERENCE_DEFINITION.finditer(text):
        found.setdefault(_label(match[1]), match[2])  # the first definition wins
    return found


@overload
def _inline_references(text: str, references: dict[str, str] | None) -> str: ...
@overload
def _inline_references(text: None, references: dict[str, str] | None) -> None: ...
def _inline_references(text: str | None, references: dict[str, str] | None) -> str | None:
    """`![High][high_img]` as `![High](url)`: a note has no definitions to look up.

    The roadmap's definitions stay behind when a topic's text is copied into
    its note, so reference-style links and images carry their URL with them.
    """
    if not text or not references or "][" not in text:
        return text

    def inline(match: re.Match[str]) -> str:
        url = references.get(_label(match[3] or match[2]))
        return f"{match[1]}({url})" if url else match[0]

    return _REFERENCE_USE.sub(inline, text)


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def _relink(url: str, roadmap: str, note: str) -> str:
    """`url` as the note must write it to reach what the roadmap's link reached.

    A relative link (`translations/README-id.md`, `#setup`) is relative to the
    roadmap's folder (or the roadmap itself); copied into a note in another
    folder it would point nowhere. URLs with a scheme and absolute paths are
    kept as they are.
    """
    if not url or _SCHEME.match(url) or url.startswith(("/", "<")):
        return url
    if url.startswith("#"):
        target = roadmap + url
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(roadmap), url))
    return posixpath.relpath(target, posixpath.dirname(note) or ".")


def _remove_cache_leftovers(trees: Path) -> list[str]:
    """The tree cache's own temporary files (`*.tmp` anywhere in its folder)."""
    removed = []
    for leftover in trees.rglob("*.tmp") if trees.is_dir() else ():
        try:
            leftover.unlink()
        except OSError:
            continue
        removed.append(str(leftover))
    return removed


def _not_owned(note: str, error: NotOwnedError) -> SyncIssue:
    if isinstance(error, AmbiguousBlockError):
        return SyncIssue(note, error.message, error.line)
    return SyncIssue(
        note,
        "has no %% vaultroad:begin %% … %% vaultroad:end %% block, so it is not this"
        " topic's note; its status is not read and it is left as it is (move it, or add"
        " the block)",
    )


def _bad_status(note: str, text: str) -> SyncIssue:
    """The problem with a note's `status:`, quoting what the user wrote."""
    found = raw_value(text, "status")
    choices = "todo, doing, done or skipped"
    if found is None:
        return SyncIssue(note, f"has no status: (set it to {choices}); note left as it is")
    raw, line = found
    if not raw:
        return SyncIssue(note, f"status: is empty (set it to {choices}); note left as it is", line)
    return SyncIssue(note, f"status: {raw} is not one of {choices}; note left as it is", line)


def _empty(path: Path) -> bool:
    """Whether `path` is a regular file of 0 bytes."""
    try:
        info = path.stat()
    except OSError:
        return False
    return info.st_size == 0 and path.is_file()


def _plain(text: str) -> str:
    return text.replace("[", "(").replace("]", ")")


def _walk(roadmap: Roadmap) -> Iterator[tuple[Topic, tuple[str, ...], str | None]]:
    """Every topic with the titles of its sections and the nearest heading above it."""

    def nodes(
        children: tuple[Section | Topic, ...], path: tuple[str, ...], heading: str | None
    ) -> Iterator[tuple[Topic, tuple[str, ...], str | None]]:
        for node in children:
            if isinstance(node, Topic):
                for topic in node.walk():
                    yield topic, path, heading
            else:
                number = f"{node.number} " if node.number else ""
                title = number + node.title
                here = heading
                if node.kind is SectionKind.HEADING:
                    here = heading_anchor(title)
                yield from nodes(node.children, (*path, title), here)

    yield from nodes(roadmap.children, (), None)
