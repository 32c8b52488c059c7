"""Incremental sync: a run reads and plans only what changed, and ends where a full run would.

Every case runs the same edits on two copies of a synced vault: one syncs as
usual (its scope is what changed), the other is told by its state to look
at everything (what the first sync after a lost state or a changed setting
does). Both must write the same bytes and report the same; and the
incremental run must indeed have read only the roadmaps concerned.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vaultroad
from budget import budget
from vaultroad import sync_batches, sync_incremental
from vaultroad.model import Status
from vaultroad.parser import parse
from vaultroad.state import TopicState
from vaultroad.state_db import StateStore
from vaultroad.state_schema import DB_NAME, LEGACY_NAME
from vaultroad.summary import Completed, OverlapLine, RemovedNote, RoadmapSummary, render_summary
from vaultroad.sync_read import load_roadmaps
from vaultroad.sync_summary_parts import RoadmapPart, assembled_lines, part_of

TODAY = dt.date(2026, 3, 2)
ROOT = Path(__file__).resolve().parent
FIXTURES = ROOT / "fixtures"

BACKEND = """\
# Backend

## Basics

- [ ] Docker
- [x] PostgreSQL (2 days)
- [ ] Celery
  - [ ] Beat
  - [/] Workers

## Deploy

- [ ] Kubernetes [[Helm]]
- [ ] Monitoring
"""

DEVOPS = """\
# DevOps

- [ ] docker
- [ ] Kubernetes
- [-] Postgres
- [ ] Terraform (1 week)
"""

READING = """\
# Reading *list*

1. **Books**
   1.1. **Fluent Python**
   1.2. **Effective Python**
"""


def vault_of(root: Path, config: str = "") -> Path:
    (root / "Roadmaps" / "Ops").mkdir(parents=True)
    (root / "Roadmaps" / "Backend.md").write_text(BACKEND, encoding="utf-8")
    (root / "Roadmaps" / "Ops" / "DevOps.md").write_text(DEVOPS, encoding="utf-8")
    (root / "Roadmaps" / "Reading.md").write_text(READING, encoding="utf-8")
    (root / "Notes").mkdir()
    (root / "Notes" / "Ideas.md").write_text("# Ideas\n\nSee [[Docker]].\n", encoding="utf-8")
    if config:
        (root / ".vaultroad.toml").write_text(config, encoding="utf-8")
    return root


def sync(root: Path) -> vaultroad.SyncReport:
    return vaultroad.sync(root, today=TODAY)


def user_files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.relative_to(root).as_posix().startswith(".vaultroad/")
    }


def look_at_everything(root: Path) -> None:
    """The state says: the next run looks at the whole vault (a full run)."""
    with StateStore(root / ".vaultroad", readonly=False) as store, store.transaction() as writer:
        writer.unsettled((), everything=True)


def members_of(root: Path) -> list[tuple[object, ...]] | None:
    """The groups of shared topics the state keeps (None: not known to be current)."""
    with StateStore(root / ".vaultroad", readonly=True) as store:
        rows = store.members()
        return None if rows is None else sorted(rows)


def full_copy(base: Path, tmp_path: Path) -> Path:
    """A copy of `base` whose next sync looks at everything (the reference run)."""
    full = tmp_path / "full"
    shutil.copytree(base, full)
    look_at_everything(full)
    return full


def sync_reading(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[vaultroad.SyncReport, list[str]]:
    """A sync of `root`, and the roadmaps it read and planned (in the order it read them)."""
    read: list[str] = []
    real = load_roadmaps

    def counting(ctx: object, paths: list[Path], relatives: list[str]) -> object:
        read.extend(relatives)
        return real(ctx, paths, relatives)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr("vaultroad.synchronize.load_roadmaps", counting)
        report = sync(root)
    return report, read


def report_of(report: vaultroad.SyncReport) -> tuple[object, ...]:
    return (
        sorted((c.path, c.kind, c.action, tuple(c.topics)) for c in report.changes),
        sorted((c.topic_id, c.roadmap_status, c.note_status) for c in report.conflicts),
        sorted((p.path, p.message, p.line) for p in report.problems),
        report.roadmaps,
        report.topics,
        report.removed,
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


Edit = Callable[[Path], object]

EDITS: dict[str, tuple[Edit, set[str]]] = {
    # name: (the edit, the roadmaps an incremental run reads for it)
    "tick a box": (
        lambda v: edit(v / "Roadmaps/Backend.md", "- [ ] Celery", "- [x] Celery"),
        {"Roadmaps/Backend.md"},
    ),
    "a note's status": (
        lambda v: edit(v / "Topics/DevOps/Terraform.md", "status: todo", "status: doing"),
        {"Roadmaps/Ops/DevOps.md"},
    ),
    "a shared topic done": (
        lambda v: edit(v / "Roadmaps/Backend.md", "- [ ] Docker", "- [x] Docker"),
        {"Roadmaps/Backend.md"},
    ),
    "a new topic": (
        lambda v: edit(v / "Roadmaps/Reading.md", "   1.2.", "   1.3. **Clean Code**\n   1.2."),
        {"Roadmaps/Reading.md"},
    ),
    "a new shared topic": (
        lambda v: edit(v / "Roadmaps/Reading.md", "   1.2.", "   1.3. **Terraform**\n   1.2."),
        {"Roadmaps/Reading.md", "Roadmaps/Ops/DevOps.md"},
    ),
    "a topic deleted": (
        lambda v: edit(v / "Roadmaps/Backend.md", "- [ ] Monitoring\n", ""),
        {"Roadmaps/Backend.md"},
    ),
    "a shared topic retitled": (  # its group is gone: the other note stops naming it
        lambda v: edit(v / "Roadmaps/Ops/DevOps.md", "- [ ] docker", "- [ ] Dockerfiles"),
        {"Roadmaps/Ops/DevOps.md", "Roadmaps/Backend.md"},
    ),
    "a topic retitled": (
        lambda v: edit(v / "Roadmaps/Backend.md", "- [ ] Monitoring", "- [ ] Monitorings"),
        {"Roadmaps/Backend.md"},
    ),
    "a roadmap retitled": (
        lambda v: edit(v / "Roadmaps/Ops/DevOps.md", "# DevOps", "# Operations"),
        {"Roadmaps/Ops/DevOps.md", "Roadmaps/Backend.md"},
    ),
    "a new roadmap": (
        lambda v: (v / "Roadmaps" / "Go.md").write_text(
            "# Go\n\n- [ ] Goroutines\n- [ ] Docker\n", encoding="utf-8"
        ),
        {"Roadmaps/Go.md", "Roadmaps/Backend.md", "Roadmaps/Ops/DevOps.md"},
    ),
    "a note deleted": (
        lambda v: (v / "Topics" / "Backend" / "Celery.md").unlink(),
        {"Roadmaps/Backend.md"},
    ),
    "a new link": (
        lambda v: edit(
            v / "Roadmaps/Ops/DevOps.md", "- [ ] Kubernetes", "- [ ] Kubernetes [[K8s]]"
        ),
        {"Roadmaps/Ops/DevOps.md"},
    ),
    "the summary edited": (
        lambda v: edit(v / "Progress.md", "%% vaultroad:end %%", "%% vaultroad:end %%\n\nMine."),
        set(),
    ),
}


@pytest.mark.parametrize("config", ["", '[shared]\nstatus = "linked"\n'], ids=["", "linked"])
@pytest.mark.parametrize("name", list(EDITS))
def test_an_incremental_sync_ends_where_a_full_sync_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, config: str
) -> None:
    base = vault_of(tmp_path / "base", config)
    assert sync(base).in_sync
    assert not sync(base).changes
    change, expected = EDITS[name]
    change(base)
    full = full_copy(base, tmp_path)
    incremental, read = sync_reading(base, monkeypatch)
    whole = sync(full)

    assert report_of(incremental) == report_of(whole)
    assert user_files(base) == user_files(full)
    # The groups the state keeps for the next run: the same, found again or not.
    assert members_of(base) == members_of(full) is not None
    if config and name == "a shared topic done":
        expected = expected | {"Roadmaps/Ops/DevOps.md"}  # linked: done there too
    assert set(read) == expected, read
    assert not sync(base).changes
    assert not sync(full).changes


def test_groups_kept_by_a_writer_that_does_not_keep_them_are_found_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A roadmap's row written without its groups (an older vaultroad, a tool) makes the
    state's groups unknown: the next run finds them from every roadmap's candidates."""
    root = vault_of(tmp_path / "v")
    assert sync(root).in_sync
    kept = members_of(root)
    assert kept  # Docker, Kubernetes and Postgres(QL) are shared
    with sqlite3.connect(root / ".vaultroad" / DB_NAME) as db:
        db.execute("UPDATE roadmaps SET topics = topics WHERE path = 'Roadmaps/Reading.md'")
    assert members_of(root) is None
    edit(root / "Roadmaps/Backend.md", "- [ ] Celery", "- [x] Celery")
    found_again: list[bool] = []
    real = vaultroad.shared.shared_groups  # what sync_groups calls

    def counting(*args: object, **kwargs: object) -> object:
        found_again.append(True)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("vaultroad.sync_groups.shared_groups", counting)
    assert sync(root).in_sync
    assert found_again
    assert members_of(root) == kept
    # And the run after it takes them from the state again.
    found_again.clear()
    edit(root / "Roadmaps/Backend.md", "- [x] Celery", "- [ ] Celery")
    assert sync(root).in_sync
    assert not found_again
    assert members_of(root) == kept


def test_a_kept_part_of_an_earlier_format_is_made_again_without_syncing_its_roadmap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upgrade that changes what a summary part holds: the roadmaps outside the scope
    are not planned (on a vault of thousands that was a sync of all of them at once);
    their parts are made from their files and kept."""
    base = vault_of(tmp_path / "base")
    assert sync(base).in_sync
    with sqlite3.connect(base / ".vaultroad" / DB_NAME) as db:
        db.execute("UPDATE roadmaps SET part = '[\"a part of an older layout\"]'")
    edit(base / "Roadmaps/Backend.md", "- [ ] Celery", "- [x] Celery")
    full = full_copy(base, tmp_path)
    incremental, read = sync_reading(base, monkeypatch)
    assert read == ["Roadmaps/Backend.md"]
    assert report_of(incremental) == report_of(sync(full))
    assert user_files(base) == user_files(full)
    with StateStore(base / ".vaultroad", readonly=True) as store:
        kept = dict(store.blobs("part"))
    assert all(RoadmapPart.from_json(text) for text in kept.values())
    assert kept.keys() == {"Roadmaps/Backend.md", "Roadmaps/Ops/DevOps.md", "Roadmaps/Reading.md"}


def test_a_kept_part_whose_roadmap_changed_during_the_run_widens_the_scope(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The roadmap of a part to make again was edited after the run looked for changes:
    it is not made from the new bytes; the run starts again with that roadmap in it."""
    root = vault_of(tmp_path / "v")
    assert sync(root).in_sync
    with sqlite3.connect(root / ".vaultroad" / DB_NAME) as db:
        db.execute("UPDATE roadmaps SET part = '[]' WHERE path = 'Roadmaps/Reading.md'")
    edit(root / "Roadmaps/Backend.md", "- [ ] Celery", "- [x] Celery")
    real = sync_incremental.what_changed  # what synchronize calls

    def then_edited(*args: object) -> object:
        found = real(*args)  # type: ignore[arg-type]
        # The user saves Reading.md just after the run looked for changes.
        edit(root / "Roadmaps/Reading.md", "# Reading *list*", "# Reading *lists*")
        return found

    monkeypatch.setattr("vaultroad.synchronize.what_changed", then_edited)
    report, read = sync_reading(root, monkeypatch)
    monkeypatch.undo()
    assert report.in_sync
    # The first attempt read Backend.md; the second, started again, Reading.md too.
    assert read == ["Roadmaps/Backend.md", "Roadmaps/Backend.md", "Roadmaps/Reading.md"]
    with StateStore(root / ".vaultroad", readonly=True) as store:
        part = RoadmapPart.from_json(dict(store.blobs("part"))["Roadmaps/Reading.md"])
        assert store.roadmaps()["Roadmaps/Reading.md"].title == "Reading lists"
    assert part.title == "Reading lists"
    assert not sync(root).changes


@settings(max_examples=budget(fast=30, ci=100, long=1000), deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 6),  # the day of the month it was done (ties are common)
            st.sampled_from(["Topics/a.md", "Topics/a b.md", "Topics/b.md", "Topics/ä.md"]),
            st.sampled_from(["R1.md", "R2.md", "R3.md"]),
            st.sampled_from([Status.DONE, Status.SKIPPED]),
            st.booleans(),  # removed
        ),
        max_size=25,
    ),
    st.integers(0, 5),
)
def test_the_state_gives_the_latest_completions_outside_the_scope_with_every_tie(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[tuple[int, str, str, Status, bool]],
    count: int,
) -> None:
    """`completed` stops reading early; what it gives still holds the `count` latest the
    summary shows, in its order ((date, note link) descending), whatever the ties."""
    folder = tmp_path_factory.mktemp("state")
    entries = {
        f"t{number}": TopicState(
            status=status,
            roadmap=roadmap,
            note=f"{note[:-3]} {number}.md",
            completed=f"2026-01-0{day}",
            removed="2026-02-01" if removed else None,
        )
        for number, (day, note, roadmap, status, removed) in enumerate(rows)
    }
    with StateStore(folder, readonly=False) as store:
        with store.transaction() as writer:
            writer.topics((), entries.items())
        found = store.completed({"R3.md"}, count)

    def shown(items: list[tuple[str, str, str, str]]) -> list[tuple[str, str]]:
        return sorted(((d, n.removesuffix(".md")) for d, n, _, _ in items), reverse=True)[:count]

    everything = [
        (e.completed or "", e.note, e.title, e.roadmap)
        for e in entries.values()
        if e.status is Status.DONE and e.removed is None and e.roadmap != "R3.md"
    ]
    assert shown(found) == shown(everything)
    assert set(found) <= set(everything)


def test_the_summary_assembled_from_kept_parts_is_the_one_render_summary_renders() -> None:
    texts = {
        "Roadmaps/Backend.md": BACKEND,
        "Roadmaps/Ops/DevOps.md": DEVOPS,
        "Roadmaps/Reading.md": READING,
        "Roadmaps/Empty.md": "# Empty\n\nNothing to tick.\n",
        "Roadmaps/Done.md": "# Done\n\n- [x] All of it\n",
    }
    trees = {path: parse(text, path) for path, text in texts.items()}
    notes = {t.id: f"Topics/{t.title}" for tree in trees.values() for t in tree.topics()}
    completed = [
        Completed(dt.date(2026, 1, day), f"Topics/T{day}", f"T{day}", "Backend")
        for day in range(1, 14)
    ]
    overlap = [OverlapLine("Backend", "Roadmaps/Backend", "DevOps", "Roadmaps/Ops/DevOps", 2, 1, 4)]
    removed = [RemovedNote("Topics/Gone", "Gone", "Backend", dt.date(2026, 2, 1))]
    for started in (True, False):
        if not started:  # nothing started anywhere: "Next up" lists every roadmap
            trees = {
                path: parse(
                    text.replace("[x]", "[ ]").replace("[/]", "[ ]").replace("[-]", "[ ]"), path
                )
                for path, text in texts.items()
            }
        items = [RoadmapSummary(tree, path[:-3], notes) for path, tree in trees.items()]
        expected = render_summary(items, completed, overlap=overlap, removed=removed)
        parts = [part_of(item.roadmap, item.link, notes=notes) for item in items]
        assert (
            "\n".join(assembled_lines(parts, completed, overlap=overlap, removed=removed))
            == expected
        )
        # As a run that did not read them: every part as the state keeps it.
        kept = [type(p).from_json(p.to_json()) for p in parts]
        lines = assembled_lines(kept, completed, overlap=overlap, removed=removed)
        assert "\n".join(lines) == expected


def test_a_state_json_of_the_previous_version_is_migrated_once_the_database_committed(
    tmp_path: Path,
) -> None:
    """The fixture is the state.json vaultroad 0.x wrote for this roadmap."""
    vault = tmp_path / "v"
    (vault / "Roadmaps").mkdir(parents=True)
    (vault / "Roadmaps" / "Plan.md").write_text(PLAN, encoding="utf-8")
    assert sync(vault).in_sync
    note = vault / "Topics" / "Plan" / "Functions.md"
    edit(note, "status: todo", "status: done")
    state = vault / ".vaultroad"
    for name in (DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm"):
        (state / name).unlink(missing_ok=True)
    shutil.copyfile(FIXTURES / "state_v1.json", state / LEGACY_NAME)

    dry = vaultroad.sync(vault, today=TODAY, dry_run=True)
    assert not dry.conflicts and not (state / DB_NAME).exists()

    report = sync(vault)

    # The migrated state is the base of the merge: the note moved, the roadmap follows.
    assert report.in_sync and not report.conflicts and not report.first_run, report
    assert "- [x] Functions\n" in (vault / "Roadmaps" / "Plan.md").read_text(encoding="utf-8")
    assert not (state / LEGACY_NAME).exists()
    with StateStore(state, readonly=True) as store:
        migrated = store.load()
    assert len(migrated.topics) == 7
    assert not sync(vault).changes


def test_without_the_migrated_state_the_same_change_is_a_conflict(tmp_path: Path) -> None:
    """The control of the test above: what the migration saves the user from."""
    vault = tmp_path / "v"
    (vault / "Roadmaps").mkdir(parents=True)
    (vault / "Roadmaps" / "Plan.md").write_text(PLAN, encoding="utf-8")
    assert sync(vault).in_sync
    edit(vault / "Topics" / "Plan" / "Functions.md", "status: todo", "status: done")
    (vault / ".vaultroad" / DB_NAME).unlink()
    report = sync(vault)
    assert [c.reason for c in report.conflicts] == ["no sync state"]


PLAN = """\
# Plan

Basics first, then the rest.

## Basics

- [ ] Variables and [[Types]]
- [x] Loops
- [ ] Functions
  - [ ] Arguments
  - [/] Closures

## Advanced

- [ ] Decorators (2 days)
- [ ] Generators
"""


def state_files(root: Path) -> dict[str, bytes]:
    folder = root / ".vaultroad"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_dry_run_reads_the_state_and_writes_none_of_it(tmp_path: Path) -> None:
    vault = vault_of(tmp_path / "v")
    assert sync(vault).in_sync
    edit(vault / "Roadmaps/Backend.md", "- [ ] Celery", "- [x] Celery")
    before = state_files(vault)
    assert DB_NAME in before and DB_NAME + "-wal" not in before

    report = vaultroad.sync(vault, today=TODAY, dry_run=True)

    assert not report.first_run and not report.conflicts
    assert {c.path for c in report.changes} >= {"Topics/Backend/Celery.md", "Progress.md"}
    assert state_files(vault) == before  # no journal, no shared-memory file, same bytes


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda db: db.write_bytes(b"not a database at all" * 100), id="corrupt"),
        pytest.param(lambda db: db.write_bytes(b""), id="empty"),
        pytest.param(
            lambda db: (
                db.unlink(),
                sqlite3.connect(db).executescript(
                    "CREATE TABLE notes (x); INSERT INTO notes VALUES (1);"
                ),
            ),
            id="foreign",
        ),
        pytest.param(
            lambda db: sqlite3.connect(db).executescript(
                "UPDATE meta SET value = 'vaultroad.state/99' WHERE key = 'format';"
            ),
            id="newer",
        ),
    ],
)
def test_a_corrupt_or_foreign_database_is_a_first_run_and_is_replaced(
    tmp_path: Path, damage: Callable[[Path], object]
) -> None:
    vault = vault_of(tmp_path / "v")
    assert sync(vault).in_sync
    db = vault / ".vaultroad" / DB_NAME
    damage(db)

    report = sync(vault)

    assert report.first_run and report.in_sync, report
    again = sync(vault)
    assert not again.first_run and not again.changes and not again.notices


def test_a_corrupt_database_is_named_in_a_notice(tmp_path: Path) -> None:
    vault = vault_of(tmp_path / "v")
    assert sync(vault).in_sync
    (vault / ".vaultroad" / DB_NAME).write_bytes(b"garbage" * 1000)
    report = sync(vault)
    assert any(n.startswith(".vaultroad/state.db: ") and "first run" in n for n in report.notices)


# --- a first sync of a large vault, a batch of roadmaps at a time


def many_roadmaps(root: Path) -> Path:
    """Twelve roadmaps: shared topics across them, links to stub, a malformed box."""
    vault_of(root)
    for number in range(9):
        text = (
            f"# Track {number}\n\n## Part\n\n- [ ] Docker\n"
            f"- [x] Topic {number} [[Guide {number % 3}]]\n"
            f"- [/] Kubernetes\n  - [ ] Pods {number}\n"
            + ("- [ x] Broken box\n" if number == 4 else "")
            + f"- [ ] Terraform ({number + 1} days)\n"
        )
        (root / "Roadmaps" / f"Track {number}.md").write_text(text, encoding="utf-8")
    return root


def test_a_first_sync_in_batches_writes_what_one_batch_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = many_roadmaps(tmp_path / "one")
    batched = many_roadmaps(tmp_path / "batched")
    whole = sync(one)
    monkeypatch.setattr("vaultroad.sync_batches.BATCH_BYTES", 150)  # a roadmap or two each
    batches: list[list[str]] = []
    real = sync_batches.size_batches

    def counting(relatives: list[str], sizes: dict[str, int], limit: int) -> list[list[str]]:
        found = real(relatives, sizes, limit)
        batches.extend(found)
        return found

    monkeypatch.setattr("vaultroad.sync_batches.size_batches", counting)
    report = sync(batched)

    assert len(batches) >= 6, batches
    assert report_of(report) == report_of(whole)
    assert report.first_run and whole.first_run
    assert user_files(batched) == user_files(one)
    monkeypatch.undo()
    assert not sync(batched).changes
    # And the state it left is the one a single batch leaves: the next change
    # is synced the same way in both.
    for root in (one, batched):
        edit(root / "Roadmaps/Track 2.md", "- [ ] Docker", "- [x] Docker")
    assert report_of(sync(batched)) == report_of(sync(one))
    assert user_files(batched) == user_files(one)


def test_a_roadmap_changed_between_the_two_passes_waits_for_the_next_sync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = many_roadmaps(tmp_path / "v")
    monkeypatch.setattr("vaultroad.sync_batches.BATCH_BYTES", 150)
    real = sync_batches._survey
    track = vault / "Roadmaps" / "Track 5.md"

    def survey_then_edit(*args: object) -> object:
        found = real(*args)  # type: ignore[arg-type]
        edit(track, "- [ ] Docker", "- [x] Docker")
        return found

    monkeypatch.setattr("vaultroad.sync_batches._survey", survey_then_edit)
    report = sync(vault)
    assert [
        (p.path, "changed during the sync" in p.message)
        for p in report.problems
        if p.path == "Roadmaps/Track 5.md"
    ] == [("Roadmaps/Track 5.md", True)]
    assert not (vault / "Topics" / "Track 5").exists()
    monkeypatch.undo()
    again = sync(vault)
    assert (vault / "Topics" / "Track 5" / "Docker.md").exists()
    assert "status: done" in (vault / "Topics" / "Track 5" / "Docker.md").read_text(
        encoding="utf-8"
    )
    assert not again.conflicts
    assert not sync(vault).changes


def overlapping_roadmaps(root: Path, rng: random.Random) -> Path:
    """Ten roadmaps, each with some of twelve shared titles: which roadmaps the summary
    pairs with which depends on how many each two share, not on every pair."""
    pool = [f"Shared {n}" for n in range(12)]
    (root / "Roadmaps").mkdir(parents=True)
    for number in range(10):
        titles = [*rng.sample(pool, rng.randint(3, 9)), f"Own {number}"]
        lines = "".join(f"- [{rng.choice(' x')}] {title}\n" for title in titles)
        (root / "Roadmaps" / f"R{number}.md").write_text(
            f"# Roadmap {number}\n\n{lines}", encoding="utf-8"
        )
    return root


@pytest.mark.parametrize("seed", range(3))
def test_the_shared_pairs_counted_from_the_scopes_groups_are_those_of_a_full_sync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    rng = random.Random(seed)
    base = overlapping_roadmaps(tmp_path / "base", rng)
    sync(base)
    for step in range(4):
        path = base / "Roadmaps" / f"R{rng.randrange(10)}.md"
        text = path.read_text(encoding="utf-8")
        boxes = [m.start() for m in re.finditer(r"- \[[ x]\] Shared", text)]
        at = rng.choice(boxes) + 3
        path.write_text(text[:at] + ("x" if text[at] == " " else " ") + text[at + 1 :], "utf-8")
        full = full_copy(base, tmp_path / f"step{step}")
        with monkeypatch.context() as patch:
            # The run reads only the groups of the roadmap it reads, not the vault's.
            patch.setattr(StateStore, "members", lambda self: pytest.fail("read every group"))
            incremental = sync(base)
        assert report_of(incremental) == report_of(sync(full))
        assert user_files(base) == user_files(full)
        assert members_of(base) == members_of(full) is not None


def test_a_roadmap_whose_ids_clash_widens_to_the_whole_vault_and_reports_as_a_full_run(
    tmp_path: Path,
) -> None:
    # A new roadmap named as one outside the scope: which of the two is skipped
    # depends on the whole vault, so the run starts again over all of it.
    base = vault_of(tmp_path / "base")
    sync(base)
    clash = base / "Roadmaps" / "Other" / "Backend.md"
    clash.parent.mkdir()
    clash.write_text(BACKEND, encoding="utf-8")
    whole = tmp_path / "whole"
    shutil.copytree(base, whole)
    look_at_everything(whole)
    widened, reference = sync(base), sync(whole)
    assert widened.roadmaps == reference.roadmaps == 3  # the clashing one is skipped
    assert report_of(widened) == report_of(reference)
    assert any("clash" in problem.message for problem in widened.problems)
    assert user_files(base) == user_files(whole)
