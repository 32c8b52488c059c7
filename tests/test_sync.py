"""End-to-end sync on a copy of the sample vault: notes, summary, both directions, safety."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import vaultroad
from faults_support import sample_vault
from vaultroad import fileio
from vaultroad.cli import main
from vaultroad.fileio import Stamp
from vaultroad.lock import vault_lock
from vaultroad.notes import block_span, canonical
from vaultroad.state_db import StateStore
from vaultroad.synchronize import SyncReport, sync

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 24)
CHECKLIST = "Roadmaps/Python Backend Developer Complete Checklist.md"
TABLES = "Roadmaps/Complete Python Backend Developer Roadmap 2025.md"
OUTLINE = "Roadmaps/Python Backend Developer Roadmap.md"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    # only what the repository holds, not what a `vaultroad sync vault` run left there
    sample_vault(root)
    return root


def files(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of the vault but vaultroad's own state: bytes and mtime."""
    found = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_file() and not relative.startswith(".vaultroad/"):
            found[relative] = (path.read_bytes(), path.stat().st_mtime_ns)
    return found


def run(root: Path, **options: object) -> SyncReport:
    return sync(root, today=TODAY, **options)  # type: ignore[arg-type]


def touch_later(path: Path) -> None:
    """Move the mtime on, as a person editing a minute later would."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 60_000_000_000))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_bytes(text.replace(old, new, 1).encode("utf-8"))
    touch_later(path)


def tick(roadmap: Path, topic: vaultroad.Topic, status: str) -> None:
    """Change a status in the roadmap as a person would, a minute after the sync."""
    text = roadmap.read_bytes().decode("utf-8")
    roadmap.write_bytes(vaultroad.set_statuses(text, {topic.id: status}, roadmap).encode("utf-8"))
    touch_later(roadmap)


def first_todo(root: Path, roadmap: str) -> tuple[vaultroad.Topic, Path]:
    """The first todo topic of `roadmap` and its note."""
    topic = next(t for t in vaultroad.load(root / roadmap).topics() if t.status.value == "todo")
    return topic, note_of(root, roadmap, topic.title)


def note_of(root: Path, roadmap: str, title: str) -> Path:
    with StateStore(root / ".vaultroad", readonly=True) as store:
        state = store.load()
    ids = {t.id for t in vaultroad.load(root / roadmap).topics() if t.title == title}
    for topic_id, entry in state.topics.items():
        if entry.roadmap == roadmap and topic_id in ids:
            return root / entry.note
    raise AssertionError(f"no note for {title!r}")


def topics_of(root: Path) -> Iterator[vaultroad.Topic]:
    for path in sorted((root / "Roadmaps").glob("*.md")):
        yield from vaultroad.load(path).topics()


def test_first_sync_creates_notes_and_summary_and_keeps_every_roadmap_byte(vault: Path) -> None:
    before = files(vault)
    report = run(vault)
    assert report.in_sync, report.problems
    after = files(vault)
    for relative, (data, mtime) in before.items():
        assert after[relative] == (data, mtime), relative
    total = sum(1 for _ in topics_of(vault))
    notes = [c for c in report.changes if c.kind == "note"]
    assert len(notes) == total
    assert all(c.action == "create" for c in report.changes)
    assert {c.kind for c in report.changes} == {"note", "summary", "stub", "map"}
    # topics already done when first seen get no made-up completion date
    done_notes = [
        p for p in (vault / "Topics").rglob("*.md") if "status: done" in p.read_text("utf-8")
    ]
    assert len(done_notes) == 17
    assert not [p for p in done_notes if "completed:" in p.read_text("utf-8")]
    summary = (vault / "Progress.md").read_text(encoding="utf-8")
    assert "<progress value=" in summary and "```mermaid" in summary
    assert "## Recently completed" not in summary
    assert block_span(summary) is not None
    # the stubs of seed 000's [[wikilinks]], so the links resolve in Obsidian
    stubs = sorted(c.path for c in report.changes if c.kind == "stub")
    assert stubs == [
        "Topics/Tipos de datos.md",
        "Topics/estructuras de control.md",
        "Topics/funciones.md",
    ]


def test_second_sync_changes_nothing(vault: Path) -> None:
    run(vault)
    before = files(vault)
    report = run(vault)
    assert report.in_sync and not report.changes
    assert files(vault) == before


def generated_vault(root: Path, files: int) -> Path:
    """The first `files` roadmaps of the benchmarks' generated vault (seed 0), under `root`."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "vaultroad_generate", ROOT / "benchmarks" / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    generate.generate_vault(root, files=files, seed=0)
    return root


@pytest.mark.slow
@pytest.mark.parametrize(
    ("source", "least"), [("sample", 1000), ("generated", 7000)], ids=["sample", "generated"]
)
def test_generated_notes_are_stable_under_mdformat(
    vault: Path, tmp_path: Path, source: str, least: int
) -> None:
    """Every note and the summary, as a user's mdformat hook would leave them.

    Nearly every note is written without mdformat (see `note_layout`): on
    the sample vault and on 100 roadmaps of the generated one (its wikilinks,
    code spans, links, tables), mdformat is the judge of each.
    """
    import mdformat

    if source == "generated":
        vault = generated_vault(tmp_path / "generated", 100)
    run(vault)
    notes = sorted((vault / "Topics").rglob("*.md"))
    assert len(notes) > least
    for path in [*notes, vault / "Progress.md"]:
        text = path.read_text(encoding="utf-8")
        formatted = mdformat.text(text, extensions={"gfm", "frontmatter", "wikilink"})
        assert formatted == text, path
        start, end = block_span(text) or (0, 0)
        assert canonical(text[start:end]) == text[start:end]


def test_ticking_a_box_in_a_roadmap_updates_the_note_and_the_summary(vault: Path) -> None:
    run(vault)
    roadmap = vault / CHECKLIST
    topic, note = first_todo(vault, CHECKLIST)
    summary_before = (vault / "Progress.md").read_bytes()
    tick(roadmap, topic, "done")
    roadmap_bytes = roadmap.read_bytes()

    report = run(vault)

    assert report.in_sync
    # and the roadmap's map, whose card of the topic turns green
    the_map = "Maps/Python Backend Developer — Complete Checklist (0 to Very Advanced).canvas"
    assert {c.path for c in report.changes} == {
        note.relative_to(vault).as_posix(),
        "Progress.md",
        the_map,
    }
    note_text = note.read_text(encoding="utf-8")
    assert "status: done" in note_text
    assert "completed: 2026-11-24" in note_text
    assert (vault / "Progress.md").read_bytes() != summary_before
    assert roadmap.read_bytes() == roadmap_bytes
    assert not run(vault).changes


@pytest.mark.parametrize(
    ("roadmap", "pick", "old_marker", "new_marker"),
    [
        (CHECKLIST, 0, "[ ]", "[ ✓ ]"),  # seed 004 keeps its own done style
        (TABLES, "table-row", None, "✅ "),  # seed 002's topic table
        (OUTLINE, "pseudo-bullet", None, "✅ "),  # seed 001's pseudo-bullets
    ],
)
def test_changing_status_in_a_note_flips_exactly_that_marker(
    vault: Path, roadmap: str, pick: object, old_marker: str | None, new_marker: str
) -> None:
    run(vault)
    path = vault / roadmap
    topics = [t for t in vaultroad.load(path).topics() if t.status.value == "todo"]
    if isinstance(pick, str):
        topics = [t for t in topics if t.source.value == pick]
    topic = topics[len(topics) // 2]
    note = note_of(vault, roadmap, topic.title)
    before = path.read_bytes().decode("utf-8")
    edit(note, "status: todo", "status: done")

    report = run(vault)

    assert report.in_sync, (report.conflicts, report.problems)
    after = path.read_bytes().decode("utf-8")
    start = topic.position.start
    if old_marker is None:
        expected = before[:start] + new_marker + before[start:]
    else:
        expected = before[:start] + new_marker + before[start + len(old_marker) :]
    assert after == expected
    assert vaultroad.load(path).topic(topic.id).status.value == "done"  # type: ignore[union-attr]
    assert "completed: 2026-11-24" in note.read_text(encoding="utf-8")
    assert not run(vault).changes


def test_both_sides_changed_differently_is_a_conflict_that_writes_nothing(vault: Path) -> None:
    run(vault)
    roadmap = vault / CHECKLIST
    topic, note = first_todo(vault, CHECKLIST)
    tick(roadmap, topic, "done")
    edit(note, "status: todo", "status: skipped")
    before = files(vault)

    result = CliRunner().invoke(main, ["sync", str(vault)])

    assert result.exit_code == 1, result.output
    assert "conflict:" in result.output
    assert "done in the roadmap but skipped" in result.output
    after = files(vault)
    assert after[CHECKLIST] == before[CHECKLIST]
    assert after[note.relative_to(vault).as_posix()] == before[note.relative_to(vault).as_posix()]
    # resolved by choosing a side
    report = run(vault, prefer="notes")
    assert report.in_sync
    assert vaultroad.load(roadmap).topic(topic.id).status.value == "skipped"  # type: ignore[union-attr]


def test_a_note_edited_by_hand_keeps_every_byte_outside_the_managed_block(vault: Path) -> None:
    run(vault)
    topic, note = first_todo(vault, CHECKLIST)
    text = note.read_text(encoding="utf-8")
    text = text.replace("---\n", "---\n# my comment\nrating: 5\n", 1)
    text = text.replace("tags:\n", "cssclasses:\n  - wide\ntags:\n", 1)
    text += "\nMy own notes, with a [ ] box and **bold**.\r\n\n"
    note.write_bytes(text.encode("utf-8"))
    touch_later(note)
    tick(vault / CHECKLIST, topic, "doing")

    assert run(vault).in_sync

    new_text = note.read_bytes().decode("utf-8")
    assert new_text == text.replace("status: todo", "status: doing")
    assert not run(vault).changes


def test_a_deleted_state_file_is_a_first_run_that_guesses_nothing(vault: Path) -> None:
    run(vault)
    topic, note = first_todo(vault, CHECKLIST)
    edit(note, "status: todo", "status: done")
    (vault / ".vaultroad" / "state.db").unlink()
    before = files(vault)

    report = run(vault)

    assert report.first_run
    assert [(c.title, c.reason) for c in report.conflicts] == [(topic.title, "no sync state")]
    assert files(vault)[CHECKLIST] == before[CHECKLIST]
    assert (
        files(vault)[note.relative_to(vault).as_posix()]
        == before[note.relative_to(vault).as_posix()]
    )


def test_a_corrupt_state_file_is_reported_and_treated_as_a_first_run(vault: Path) -> None:
    run(vault)
    (vault / ".vaultroad" / "state.db").write_text("{not a database", encoding="utf-8")
    report = run(vault)
    assert report.first_run and report.in_sync
    assert any("first run" in notice for notice in report.notices)


def test_dry_run_and_diff_write_nothing(vault: Path) -> None:
    before = files(vault)
    report = run(vault, dry_run=True, diff=True)
    assert report.changes and report.dry_run
    assert files(vault) == before
    assert not (vault / ".vaultroad").exists()
    summary = next(c for c in report.changes if c.kind == "summary")
    assert summary.diff is not None and summary.diff.startswith("--- /dev/null\n+++ b/Progress.md")


def test_a_file_at_a_note_path_without_markers_is_never_overwritten(vault: Path) -> None:
    report = run(vault, dry_run=True)
    first = next(c for c in report.changes if c.kind == "note")
    target = vault / first.path
    target.parent.mkdir(parents=True)
    target.write_bytes(b"# mine\n\nstatus: whatever\n")
    report = run(vault)
    assert target.read_bytes() == b"# mine\n\nstatus: whatever\n"
    assert any(p.path == first.path for p in report.problems)
    assert not report.in_sync


def test_a_symlinked_notes_folder_pointing_out_of_the_vault_is_refused(
    vault: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (vault / "Topics").symlink_to(outside, target_is_directory=True)
    report = run(vault)
    assert not report.in_sync
    assert list(outside.iterdir()) == []


def test_a_second_sync_waits_for_the_first(vault: Path) -> None:
    with vault_lock(vault / ".vaultroad"):
        with pytest.raises(vaultroad.VaultroadError, match="another vaultroad sync is running"):
            run(vault)
        result = CliRunner().invoke(main, ["sync", str(vault)])
    assert result.exit_code == 1
    assert "lock" in result.output
    assert "pid" in result.output  # who holds it


def test_a_sync_stopped_by_ctrl_c_leaves_its_record_for_the_next_to_sweep(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ctrl-C can land between a temporary file's creation and the moment its
    # name is kept for removal: the interrupted run must not end as a clean
    # one, so the next sync sweeps for what it may have left.
    def interrupt(what: str, path: str | os.PathLike[str]) -> None:
        if what == "link":
            raise KeyboardInterrupt

    monkeypatch.setattr(fileio, "step", interrupt)
    with pytest.raises(KeyboardInterrupt):
        run(vault)
    monkeypatch.undo()
    assert (vault / ".vaultroad" / "lock").read_bytes().strip() != b""
    report = run(vault)
    assert any("was interrupted" in notice for notice in report.notices), report.notices
    assert not list(vault.rglob("*.vaultroad-tmp"))
    assert (vault / ".vaultroad" / "lock").read_bytes() == b""


def test_a_lock_left_by_a_killed_sync_is_taken_over(vault: Path) -> None:
    # What a sync killed with SIGKILL leaves: its record in the lock file, but
    # no process holding the lock (the kernel released it with the process).
    state = vault / ".vaultroad"
    state.mkdir()
    (state / "lock").write_text("pid 123 on elsewhere since 2026-01-01T00:00:00\n", "utf-8")
    leftover = vault / "Roadmaps" / ".Plan.md.123-1.vaultroad-tmp"
    leftover.write_text("half", encoding="utf-8")
    report = run(vault)
    assert any("was interrupted" in notice for notice in report.notices)
    assert not leftover.exists()
    assert (state / "lock").read_bytes() == b""  # a clean end leaves it empty
    assert not any("interrupted" in notice for notice in run(vault).notices)


def test_cli_json_report(vault: Path) -> None:
    result = CliRunner().invoke(main, ["sync", str(vault), "--json", "--dry-run"])
    assert result.exit_code == 1, result.output  # files left to write, as ruff format --check
    data = json.loads(result.output)
    assert data["schema"] == "vaultroad.sync/1"
    assert data["dry_run"] is True and data["in_sync"] is False and data["pending"] is True
    assert {c["kind"] for c in data["changes"]} == {"note", "summary", "stub", "map"}
    again = CliRunner().invoke(main, ["sync", str(vault)])
    assert again.exit_code == 0
    assert "created" in again.output
    quiet = CliRunner().invoke(main, ["sync", str(vault)])
    assert quiet.exit_code == 0 and "in sync" in quiet.output


def test_cli_dry_run_diff_shows_the_marker_change_and_writes_nothing(vault: Path) -> None:
    run(vault)
    topic = next(
        t for t in vaultroad.load(vault / OUTLINE).topics() if t.source.value == "pseudo-bullet"
    )
    edit(note_of(vault, OUTLINE, topic.title), "status: todo", "status: doing")
    before = files(vault)
    result = CliRunner().invoke(main, ["sync", str(vault), "--dry-run", "--diff"])
    assert result.exit_code == 1, result.output  # pending changes
    assert f"would update {vault / OUTLINE}: {topic.title}" in result.output
    assert f"+++ b/{OUTLINE}" in result.output
    assert "+   &nbsp;&nbsp;- 🚧 " in result.output  # the glyph a pseudo-bullet gets
    assert files(vault) == before


def test_a_summary_note_without_the_block_is_reported_not_overwritten(vault: Path) -> None:
    (vault / "Progress.md").write_bytes(b"# My own progress page\n")
    report = run(vault)
    assert (vault / "Progress.md").read_bytes() == b"# My own progress page\n"
    assert [(p.path, p.message) for p in report.problems] == [
        ("Progress.md", "summary note has no vaultroad block; not overwritten")
    ]
    assert not report.in_sync


def test_a_bad_config_stops_the_sync_with_the_key_named(vault: Path) -> None:
    (vault / ".vaultroad.toml").write_text('notes_folder = "Topics"\nroadmap = "x"\n', "utf-8")
    before = files(vault)
    result = CliRunner().invoke(main, ["sync", str(vault)])
    assert result.exit_code == 1
    assert ".vaultroad.toml: unknown key 'roadmap'" in result.output
    assert files(vault) == before


def test_a_topic_removed_from_its_roadmap_keeps_its_note_and_is_reported(vault: Path) -> None:
    run(vault)
    roadmap = vault / "Roadmaps" / "Ruta Backend con Python.md"
    topic = next(t for t in vaultroad.load(roadmap).topics() if t.title.startswith("Librerías"))
    note = note_of(vault, "Roadmaps/Ruta Backend con Python.md", topic.title)
    note_bytes = note.read_bytes()
    text = roadmap.read_bytes().decode("utf-8")
    lines = text.split("\n")
    lines.pop(topic.line - 1)
    roadmap.write_bytes("\n".join(lines).encode("utf-8"))
    touch_later(roadmap)

    report = run(vault)

    assert report.in_sync
    relative = note.relative_to(vault).as_posix()
    gone = vaultroad.RemovedTopic(
        relative, topic.title, "Roadmaps/Ruta Backend con Python.md", TODAY.isoformat()
    )
    assert report.removed == (gone,)
    # One line added to the frontmatter's end, every other byte kept.
    head, _, body = note_bytes.partition(b"\n---\n")
    removed = f"\nremoved: {TODAY.isoformat()}\n---\n".encode()
    assert note.read_bytes() == head + removed + body
    again = run(vault)  # reported on every run, the vault unchanged
    assert not again.changes
    assert again.removed == (gone,)


@pytest.mark.slow
def test_syncing_the_corpus_as_a_vault(tmp_path: Path) -> None:
    """Third-party Markdown as roadmaps: odd titles, duplicate long titles, brackets, `...`."""
    import mdformat

    root = tmp_path / "corpus-vault"
    shutil.copytree(ROOT / "tests" / "corpus" / "obsidian-tasks-docs", root / "Roadmaps")
    before = files(root)
    report = run(root)
    assert report.in_sync, report.problems[:3]
    # Thousands of notes (3,885): the docs' plain notes beside their example
    # checklists are prose, not topics, since the reading of real roadmaps.
    assert sum(1 for c in report.changes if c.kind == "note") > 3500
    after = files(root)
    assert {k: v for k, v in after.items() if k.startswith("Roadmaps/")} == before
    assert not run(root).changes
    notes = sorted((root / "Topics").rglob("*.md"))
    for path in [*notes[::5], root / "Progress.md"]:
        text = path.read_text(encoding="utf-8")
        assert mdformat.text(text, extensions={"gfm", "frontmatter", "wikilink"}) == text, path


def test_an_empty_note_left_by_an_interrupted_create_is_written_whole(vault: Path) -> None:
    run(vault)
    _, note = first_todo(vault, CHECKLIST)
    whole = note.read_bytes()
    note.write_bytes(b"")
    touch_later(note)
    report = run(vault)
    assert report.in_sync
    assert note.read_bytes() == whole
    # a note with any byte of its own is never replaced
    note.write_bytes(b"x")
    touch_later(note)
    report = run(vault)
    assert note.read_bytes() == b"x"
    assert not report.in_sync


def test_configured_checkbox_symbols_count_on_every_sync(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    (root / "Roadmaps").mkdir(parents=True)
    (root / ".vaultroad.toml").write_text('[symbols]\n">" = "doing"\n', encoding="utf-8")
    plan = root / "Roadmaps" / "Plan.md"
    plan.write_text("# Plan\n\n- [>] Started\n- [ ] Later\n", encoding="utf-8")
    for _ in range(2):  # the first run fills the tree cache, the second reads it
        report = run(root)
        assert not report.problems and not report.conflicts
        started = note_of(root, "Roadmaps/Plan.md", "Started").read_text(encoding="utf-8")
        assert "status: doing" in started
    # A note-side change makes the sync load the roadmap's cached tree.
    later = note_of(root, "Roadmaps/Plan.md", "Later")
    edit(later, "status: todo", "status: done")
    touch_later(later)
    report = run(root)
    assert not report.conflicts
    assert plan.read_text(encoding="utf-8") == "# Plan\n\n- [>] Started\n- [x] Later\n"


def test_a_note_that_cannot_be_written_stops_the_run_before_any_write(vault: Path) -> None:
    # A file where one roadmap's notes folder would go: its notes cannot be made.
    # Known before the first write, so nothing is written: a run is never half done.
    blocked = vault / "Topics" / "Python Backend Developer Roadmap"
    blocked.parent.mkdir()
    blocked.write_bytes(b"not a folder")
    before = files(vault)
    report = run(vault)
    assert report.problems and not report.changes
    assert all("a file is in the place of its folder" in p.message for p in report.problems)
    assert {p.path.split("/")[1] for p in report.problems} == {blocked.name}
    assert any("nothing was written" in notice for notice in report.notices)
    assert files(vault) == before
    assert not report.in_sync
    # Once the way is clear, the next sync makes everything, and a second one nothing.
    blocked.unlink()
    report = run(vault)
    assert not report.problems
    assert {c.kind for c in report.changes} == {"note", "stub", "summary", "map"}
    assert not run(vault).changes


def test_a_note_saved_twice_in_one_clock_tick_during_a_sync_is_not_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # File times tick coarsely: a note saved as `todo` just as the sync reads
    # it, then saved back to `done` in the same tick, keeps its size and its
    # mtime. The second save must still reach the roadmap on the next sync.
    root = tmp_path / "vault"
    (root / "Roadmaps").mkdir(parents=True)
    plan = root / "Roadmaps" / "Plan.md"
    plan.write_text("# Plan\n\n- [x] Basics\n", encoding="utf-8")
    run(root)
    note = note_of(root, "Roadmaps/Plan.md", "Basics")
    edit(note, "status: done", "status: todo")
    real_read = fileio.read_regular
    saved: list[int] = []

    def read_then_save_again(path: str | os.PathLike[str]) -> tuple[bytes, Stamp]:
        if Path(path) != note or saved:
            return real_read(path)
        tick = time.time_ns()
        os.utime(note, ns=(tick, tick))  # saved just now
        result = real_read(path)
        edit(note, "status: todo", "status: done")  # saved again, same tick
        os.utime(note, ns=(tick, tick))
        saved.append(tick)
        return result

    monkeypatch.setattr("vaultroad.sync_files.read_regular", read_then_save_again)
    report = run(root)
    assert report.in_sync, report.problems
    assert plan.read_text(encoding="utf-8") == "# Plan\n\n- [ ] Basics\n"  # what it read
    monkeypatch.undo()
    run(root)
    assert plan.read_text(encoding="utf-8") == "# Plan\n\n- [x] Basics\n"  # the last save
    assert "status: done" in note.read_text(encoding="utf-8")
    assert not run(root).changes


def test_a_parser_limit_is_reported_by_sync_not_silent(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    (root / "Roadmaps").mkdir(parents=True)
    deep = "".join("  " * level + "- level\n" for level in range(40))
    (root / "Roadmaps" / "Deep.md").write_text(f"# Deep\n\n{deep}\n- [ ] after\n", "utf-8")
    report = run(root)
    assert any(n.startswith("Roadmaps/Deep.md:") and "nest" in n for n in report.notices)
    assert any(c.path.endswith("/after.md") for c in report.changes)  # the rest is read


def test_copied_links_keep_working_in_notes_and_stubs_only_for_notes(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    (root / "Roadmaps").mkdir(parents=True)
    (root / "Roadmaps" / "Plan.md").write_text(
        "# Plan\n\n"
        "- [ ] Goals of [[Tasks/Goals|Goals]]\n"
        "- [ ] Icons ![[lucide-calendar.svg#icon]]\n"
        "- [ ] Read [[Plain note]]\n"
        "- [ ] Guide [the guide](docs/guide.md) and [top](#plan)\n",
        encoding="utf-8",
    )
    report = run(root)
    stubs = sorted(c.path for c in report.changes if c.kind == "stub")
    # No stub for an attachment, nor in the notes folder for a link with a folder
    # (it would not resolve that link), and no folder made for it.
    assert stubs == ["Topics/Plain note.md"]
    assert not (root / "Tasks").exists()
    guide = note_of(root, "Roadmaps/Plan.md", "Guide the guide and top")
    text = guide.read_text(encoding="utf-8")
    assert "(../../Roadmaps/docs/guide.md)" in text and "(../../Roadmaps/Plan.md#plan)" in text
    # Once the link's folder exists, its stub goes there, where the link finds it.
    (root / "Tasks").mkdir()
    touch_later(root / "Roadmaps" / "Plan.md")
    (root / "Roadmaps" / "Plan.md").write_text(
        (root / "Roadmaps" / "Plan.md").read_text("utf-8") + "\n", encoding="utf-8"
    )
    report = run(root)
    assert [c.path for c in report.changes if c.kind == "stub"] == ["Tasks/Goals.md"]
    assert not run(root).changes


def test_reference_style_links_carry_their_definitions_into_notes(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    (root / "Roadmaps").mkdir(parents=True)
    (root / "Roadmaps" / "Plan.md").write_text(
        "# Plan\n\n- [ ] Doctype ![High][high_img] and [the spec][Spec]\n\n"
        "[high_img]: images/high.svg\n[spec]: https://html.spec.whatwg.org/\n",
        encoding="utf-8",
    )
    run(root)
    text = note_of(root, "Roadmaps/Plan.md", "Doctype and the spec").read_text("utf-8")
    assert "![High](../../Roadmaps/images/high.svg)" in text
    assert "[the spec](https://html.spec.whatwg.org/)" in text
    assert not run(root).changes


# --- what notes and the summary show (issue 10)


NESTED = (
    "# Plan\n\n"
    "## Basics\n\n"
    "- [ ] Loops (2 days)\n"
    "  - [ ] For loops (3 hours)\n"
    "  - [x] While loops\n"
    "- [ ] Functions\n"
)


def nested_vault(tmp_path: Path) -> Path:
    root = tmp_path / "nested"
    (root / "Roadmaps").mkdir(parents=True)
    (root / "Roadmaps" / "Plan.md").write_text(NESTED, encoding="utf-8")
    return root


def front_and_block(note: Path) -> tuple[str, str]:
    text = note.read_text(encoding="utf-8")
    start, end = block_span(text) or (0, 0)
    return text[: text.index("\n---\n") + 5], text[start:end]


def test_notes_link_their_parent_and_list_subtopics_with_their_status(tmp_path: Path) -> None:
    root = nested_vault(tmp_path)
    assert run(root).in_sync
    loops = root / "Topics" / "Plan" / "Loops.md"
    front, block = front_and_block(loops)
    # the H1 is the roadmap: not repeated in the section or the breadcrumb
    assert "section: Basics\n" in front
    assert "[[Roadmaps/Plan#Basics|Plan › Basics]]" in block
    assert "estimate: 2 days\nestimate_low: 2\nestimate_high: 2\n" in front
    assert "parent:" not in front
    assert "- [[Topics/Plan/For loops|For loops]] — todo\n" in block
    assert "- [[Topics/Plan/While loops|While loops]] — done\n" in block
    front, _ = front_and_block(root / "Topics" / "Plan" / "For loops.md")
    assert 'parent: "[[Topics/Plan/Loops]]"\n' in front
    assert "estimate: 3 hours\nestimate_low: 0.375\nestimate_high: 0.375\n" in front

    # A subtopic done in its note: the roadmap and the parent's list follow
    # in the same sync, so that the next one has nothing left to write.
    edit(root / "Topics" / "Plan" / "For loops.md", "status: todo", "status: done")
    report = run(root)
    assert report.in_sync
    assert "[x] For loops" in (root / "Roadmaps" / "Plan.md").read_text(encoding="utf-8")
    _, block = front_and_block(loops)
    assert "- [[Topics/Plan/For loops|For loops]] — done\n" in block
    assert not run(root).changes


def test_notes_from_an_older_version_gain_the_new_keys_and_keep_the_users_bytes(
    tmp_path: Path,
) -> None:
    root = nested_vault(tmp_path)
    run(root)
    note = root / "Topics" / "Plan" / "For loops.md"
    # The note as an older vaultroad wrote it (no parent, no estimate
    # numbers), with a key and text its user added since.
    text = note.read_text(encoding="utf-8")
    for line in ('parent: "[[Topics/Plan/Loops]]"\n', "estimate_low: 0.375\n"):
        text = text.replace(line, "", 1)
    text = text.replace("estimate_high: 0.375\n", "", 1)
    text = text.replace("tags:\n", "rating: 5  # mine\ntags:\n", 1)
    mine = "\nMy own notes: [ ] a box, **bold**, %% a comment %%.\r\n"
    note.write_bytes((text + mine).encode("utf-8"))
    touch_later(note)
    # ... and the state that version left: its notes' contents hashed otherwise
    with StateStore(root / ".vaultroad", readonly=False) as store:
        state = store.load()
        with store.transaction() as writer:
            writer.topics(
                (),
                (
                    (key, dataclasses.replace(entry, content="0000000000000000"))
                    for key, entry in state.topics.items()
                ),
            )

    assert run(root).in_sync

    new = note.read_text(encoding="utf-8")
    assert new == text.replace(
        "---\n\n%%",
        'parent: "[[Topics/Plan/Loops]]"\nestimate_low: 0.375\nestimate_high: 0.375\n---\n\n%%',
        1,
    ) + mine.replace("\r\n", "\n")
    assert new.encode("utf-8").endswith(mine.encode("utf-8").replace(b"\r\n", b"\n"))
    assert "rating: 5  # mine\n" in new
    assert not run(root).changes


def summary_lines_changed(root: Path, roadmap: str, title: str, status: str) -> list[str]:
    """Set one topic's status in `roadmap`, sync, and give the summary's changed lines."""
    import difflib

    before = (root / "Progress.md").read_text(encoding="utf-8").splitlines()
    topic = next(t for t in vaultroad.load(root / roadmap).topics() if t.title == title)
    tick(root / roadmap, topic, status)
    assert run(root).in_sync
    after = (root / "Progress.md").read_text(encoding="utf-8").splitlines()
    return [
        line
        for line in difflib.unified_diff(before, after, n=0, lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_one_status_change_changes_a_few_lines_of_the_summary(vault: Path) -> None:
    run(vault)
    # Seed 001's first topic done: its roadmap is in progress from now on
    # (its next topics join "Next up") and "Recently completed" begins.
    summary_lines_changed(vault, OUTLINE, "Domain names & DNS resolution", "done")
    # The one topic of section 7.1 done: that section goes from 0 % to 100 %,
    # a column wider, which re-padded the whole section table (87 lines).
    changed = summary_lines_changed(vault, OUTLINE, "Django’s built‑in system", "done")
    # At most: the roadmap's line, two lines of the chart and the line of
    # each listed section holding the topic (one here), each removed and
    # added again (8); a topic leaving "Next up" and one joining it (2); the
    # topic joining "Recently completed" (1). 11 in all; 9 here, as the
    # topic was not among the next five. And under "Pace" (a topic done is
    # history): the forecast of all roadmaps and of its roadmap, and the
    # y-axis and line of both burn-ups (6 lines, each removed and added, 12).
    assert len(changed) <= 11 + 12, "\n".join(changed)
    assert len(changed) == 9 + 12, "\n".join(changed)
    # Doing: the roadmap's line, the chart's todo and doing lines, the
    # section's line, each removed and added again (8), and the topic moving
    # to the front of "Next up", where doing topics come first (2). And the
    # first change recorded in its roadmap: its line under "Pace" says no
    # topics were done in the last 4 weeks, not that no change was recorded
    # (2); a change to doing draws no burn-up.
    changed = summary_lines_changed(
        vault, CHECKLIST, "Timezones (pytz, zoneinfo in Python 3.9+)", "doing"
    )
    assert len(changed) == 10 + 2, "\n".join(changed)
