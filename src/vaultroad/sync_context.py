"""What every step of one sync run shares: the vault, the run's options, and what it found.

A run is a sequence of steps, each a module of its own (`sync_read`,
`sync_recognise`, `sync_places`, `sync_settle`, `sync_plan`, `sync_stubs`,
`sync_summary`, `sync_removed`, `sync_save`); this context is what they pass
along: the problems, conflicts and notices for the report, the topics the
run could not settle (their old state is kept), and the run's file reads and
writes (`sync_files.RunFiles`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .errors import VaultroadError
from .history import History
from .model import Roadmap, Status
from .shared import Candidate, SharedTopics
from .state import State
from .state_db import StateStore
from .state_schema import DB_NAME, MemberRow
from .sync_files import RunFiles
from .sync_overlap import KeptOverlap
from .sync_report import Conflict, SyncIssue
from .sync_summary_parts import RoadmapPart
from .vault import Vault

__all__ = ["LoadedRoadmap", "Progress", "SyncContext"]

# Called with (done, total, what is being read) on long work.
Progress = Callable[[int, int, str], None]


class TopicPlaceLike(Protocol):
    """What `member` reads of a `sync_places.TopicPlace` (defined after this module)."""

    @property
    def note(self) -> str: ...
    @property
    def roadmap_tree(self) -> Roadmap: ...


@dataclass(frozen=True, slots=True)
class LoadedRoadmap:
    """A roadmap as this run read it: its tree, its text and its bytes."""

    relative: str  # vault-relative, POSIX
    tree: Roadmap
    text: str
    data: bytes


@dataclass
class SyncContext:
    vault: Vault
    dry_run: bool
    prefer: str | None
    diff: bool
    today: dt.date
    progress: Progress | None
    problems: list[SyncIssue] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    # Topics on a malformed checkbox line or in an unsure match: no note.
    malformed: set[str] = field(default_factory=set)
    # Ids of the last sync an unsure match may name: their notes are left
    # as they are (not marked removed) until the user says which is which.
    unsure: set[str] = field(default_factory=set)
    # Ids of matched topics that had been gone: their notes lose `removed:`.
    restored: set[str] = field(default_factory=set)
    # Roadmap files renamed since the last sync: old path → new path.
    renamed: dict[str, str] = field(default_factory=dict)
    # The same topic in several roadmaps (`shared`): found once per run.
    shared: SharedTopics = field(default_factory=SharedTopics)
    # Topics whose old state is kept (conflicts, failures): their notes'
    # stamps are not recorded, so the next run reads them again.
    unsettled: set[str] = field(default_factory=set)
    # Each roadmap's reference definitions (`[label]: url`), for the
    # reference-style links and images its topics copy into notes.
    references: dict[str, dict[str, str]] = field(default_factory=dict)
    roadmap_count: int = 0
    # The state as the last sync left it (None only before it is opened).
    store: StateStore | None = None
    # The roadmaps this run reads and plans; None: every roadmap of the vault
    # (see `sync_incremental`).
    scope: set[str] | None = None
    # The run of a batch of a sync that looks at everything again, not the last
    # one: the state it saves still says "look at everything" (`sync_rescan`).
    look_again: bool = False
    # Its first batch: the groups of shared topics are found again, not taken from the
    # state (a changed `[shared] same` changes them, not the roadmaps' candidates).
    regroup: bool = False
    # The roadmaps a later run of the same sync reads (`sync_rescan`): a group of
    # shared topics their notes show may have changed, and they are not read now;
    # that later run writes their notes again.
    later: frozenset[str] = frozenset()
    # The [[link]] targets stubs are planned for (target → the first roadmap linking
    # it): this run's, after those of the batches before it (`sync_rescan`).
    stub_targets: dict[str, str] = field(default_factory=dict)
    # Shared topics outside the scope: topic id → (note link, roadmap title),
    # what the notes of the scope's topics show of them (`sync_groups`).
    outside: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    # Their statuses, as the state keeps them.
    outside_statuses: dict[str, Status] = field(default_factory=dict)
    # topic id → the digest of its group of shared topics (`sync_groups`).
    group_digests: Mapping[str, str] = field(default_factory=dict)
    # The shared-topic candidates of each roadmap read (`shared.roadmap_candidates`).
    candidates: dict[str, list[Candidate]] = field(default_factory=dict)
    # How the state's `members` are brought up to date (`sync_groups`): the groups
    # were those the state kept (only the scope's rows change), else the rows of
    # the members outside the scope, as the state kept them, to write again.
    members_reused: bool = False
    kept_members: Iterable[MemberRow] = ()
    # The pairs of roadmaps the summary's "Shared topics" shows (`sync_overlap`).
    overlap_choice: str | None = None
    # Those the state kept, with their counts, when `shared` holds only the groups
    # with a member in the scope (`sync_groups`): the pairs are counted from them.
    kept_overlap: KeptOverlap | None = None
    # Each read roadmap's part of the summary, kept for the runs that do not read it.
    summary_parts: Mapping[str, RoadmapPart] = field(default_factory=dict)
    # Parts of roadmaps outside the scope made again (`sync_parts_rebuild`), to keep.
    rebuilt_parts: dict[str, RoadmapPart] = field(default_factory=dict)
    # Every roadmap's history as the state holds it, read once a run
    # (`sync_history.roadmap_histories`): the summary's parts and its total both use it.
    stored_histories: dict[str, History] | None = None
    files: RunFiles = field(init=False)

    def __post_init__(self) -> None:
        # Every read and write of the run, with the stamps the state records.
        self.files = RunFiles(self.vault.root, self.problems, self.notices)

    @property
    def state_path(self) -> Path:
        return self.vault.state_dir / DB_NAME

    def restart(self) -> SyncContext:
        """A fresh context for the same run: its settings, and the problems and notices
        found before its attempts (which each run on a context of their own), but
        nothing an attempt found."""
        again = SyncContext(
            self.vault,
            dry_run=self.dry_run,
            prefer=self.prefer,
            diff=self.diff,
            today=self.today,
            progress=self.progress,
        )
        again.problems.extend(self.problems)
        again.notices.extend(self.notices)
        again.store = self.store
        again.look_again, again.regroup, again.later = self.look_again, self.regroup, self.later
        # One for the batches of a sync (an attempt that widens has passed on none).
        again.stub_targets = self.stub_targets
        return again

    def member(self, topic_id: str, places: Mapping[str, TopicPlaceLike]) -> tuple[str, str] | None:
        """What a note shows of another roadmap's topic: (its note link, its roadmap's
        title); None for a topic that has no note."""
        place = places.get(topic_id)
        if place is not None:
            return place.note.removesuffix(".md"), place.roadmap_tree.title
        return self.outside.get(topic_id)

    def has_note(self, topic_id: str, places: Mapping[str, TopicPlaceLike]) -> bool:
        """Whether `member` shows something of the topic (without making what it shows)."""
        return topic_id in places or topic_id in self.outside

    def problem(self, path: str, error: Exception) -> None:
        if isinstance(error, VaultroadError):
            self.problems.append(SyncIssue(path, error.message, error.line))
        else:
            self.problems.append(SyncIssue(path, str(error)))

    def unsettle(self, topic_id: str, state: State, new_state: State) -> None:
        """Keep a topic's old state: this run did not bring both sides together."""
        self.unsettled.add(topic_id)
        old = state.topics.get(topic_id)
        if old is not None:
            new_state.topics[topic_id] = old
        else:
            new_state.topics.pop(topic_id, None)
