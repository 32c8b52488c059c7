"""Vaults as people really have them: links, twins, sync clients' copies, pipes, empty files.

Each case states its expected outcome in its docstring. Runs whose exit code
or output matter go through `run_vaultroad` (a separate process, with a time
limit, so a hang fails its test instead of the suite); the others call the
library.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from faults_support import (
    PLAN,
    edit,
    file_stamps,
    fold,
    note_of,
    run_vaultroad,
    scratch_folder,
    second_sync_writes,
    small_vault,
    status_in,
    sync_command,
    sync_now,
    temp_files,
    user_files,
)
from vaultroad.state_db import StateStore


@pytest.fixture
def work(tmp_path: Path) -> Iterator[Path]:
    with scratch_folder(tmp_path) as folder:
        yield folder


def notes(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in (root / "Topics").rglob("*.md"))


# --- the state folder and the configuration


def test_state_folder_linked_out_of_the_vault_is_refused(work: Path) -> None:
    """`.vaultroad` as a link to a folder elsewhere: a clear error naming `.vaultroad`,
    exit 1, nothing written in the vault or in the folder it points to."""
    root = small_vault(work / "vault")
    elsewhere = work / "elsewhere"
    elsewhere.mkdir()
    (root / ".vaultroad").symlink_to(elsewhere, target_is_directory=True)
    before = file_stamps(root)

    run = run_vaultroad(sync_command(root))

    assert run.code == 1, str(run)
    lines = run.lines(".vaultroad")
    assert len(lines) == 1 and "symbolic link" in lines[0], str(run)
    assert "Traceback" not in run.stderr
    assert list(elsewhere.iterdir()) == []
    assert file_stamps(root) == before


def test_summary_inside_the_roadmap_globs_is_never_read_as_a_roadmap(work: Path) -> None:
    """`summary = "Roadmaps/Progress.md"` with `roadmaps = ["**/*.md"]`: the summary's
    "next up" list never becomes topics; a second and a third sync write nothing."""
    root = small_vault(work / "vault")
    (root / ".vaultroad.toml").write_text(
        'roadmaps = ["**/*.md"]\nsummary = "Roadmaps/Progress.md"\n', encoding="utf-8"
    )
    first = sync_now(root)
    assert first.in_sync, first
    assert first.roadmaps == 2
    assert (root / "Roadmaps" / "Progress.md").is_file()
    made = notes(root)
    for _ in range(2):
        assert second_sync_writes(root) == []
        assert notes(root) == made


def test_summary_inside_obsidian_settings_is_a_config_error(work: Path) -> None:
    """`summary = ".obsidian/Progress.md"`: a config error naming the key, exit 1, nothing
    written (no state folder either)."""
    root = small_vault(work / "vault")
    (root / ".obsidian").mkdir()
    (root / ".vaultroad.toml").write_text('summary = ".obsidian/Progress.md"\n', encoding="utf-8")
    before = file_stamps(root)

    run = run_vaultroad(sync_command(root))

    assert run.code == 1, str(run)
    lines = run.lines("summary")
    assert len(lines) == 1 and ".obsidian" in lines[0] and ".vaultroad.toml" in lines[0], str(run)
    assert file_stamps(root) == before
    assert not (root / ".vaultroad").exists()


# --- sync clients' conflict copies

COPIES = [
    "Plan.sync-conflict-20240101-120000-ABCDEFG.md",  # Syncthing
    "Plan (conflicted copy 2024-01-01).md",  # Dropbox
    "Plan (Ana's conflicted copy 2024-01-01).md",  # Dropbox, another user's
    "Plan_conflict-20240101-120000.md",  # ownCloud
    "Plan-DESKTOP-1A2B3C4.md",  # OneDrive
    "Plan 2.md",  # iCloud: identical to Plan.md
]


def test_conflict_copies_are_reported_and_never_read(work: Path) -> None:
    """Each copy is a problem naming it, and gets no notes; `Part 2.md` beside a different
    `Part.md` is a real second roadmap, and both are read."""
    root = work / "vault"
    (root / "Roadmaps").mkdir(parents=True)
    (root / "Roadmaps" / "Plan.md").write_text(PLAN, encoding="utf-8")
    ticked = PLAN.replace("- [ ] Generators", "- [x] Generators")
    for name in COPIES:
        (root / "Roadmaps" / name).write_text(PLAN if name == "Plan 2.md" else ticked, "utf-8")
    (root / "Roadmaps" / "Part.md").write_text("# Part one\n\n- [ ] Alpha\n- [ ] Beta\n", "utf-8")
    (root / "Roadmaps" / "Part 2.md").write_text("# Part two\n\n- [ ] Gamma\n", "utf-8")

    report = sync_now(root)

    reported = sorted(p.path for p in report.problems)
    assert reported == sorted(f"Roadmaps/{name}" for name in COPIES), report.problems
    assert all("conflict copy of Roadmaps/Plan.md" in p.message for p in report.problems)
    assert not report.conflicts
    assert report.roadmaps == 3
    with StateStore(root / ".vaultroad", readonly=True) as store:
        state = store.load()
    assert sorted(state.roadmaps) == [
        "Roadmaps/Part 2.md",
        "Roadmaps/Part.md",
        "Roadmaps/Plan.md",
    ]
    assert {entry.roadmap for entry in state.topics.values()} == set(state.roadmaps)
    assert len(notes(root)) == 7 + 2 + 1 + 1  # Plan's, Part's, Part 2's, and Plan's stub
    # The problems stay reported, and nothing more is written.
    again = sync_now(root)
    assert sorted(p.path for p in again.problems) == reported
    assert not again.changes


# --- notes


def test_markers_quoted_in_a_code_fence_above_the_block_stay_as_they_are(work: Path) -> None:
    """A note showing the markers as an example, in a fence above its real block: when the
    block must change, the example stays byte-identical and the real block is updated."""
    root = small_vault(work / "vault")
    sync_now(root)
    note = note_of(root, "Roadmaps/Plan.md", "Generators")
    example = (
        "How the block is marked:\n\n"
        "```markdown\n"
        "%% vaultroad:begin %%\nan example, not the block\n%% vaultroad:end %%\n"
        "```\n\n"
    )
    text = note.read_text(encoding="utf-8")
    block = text.index("%% vaultroad:begin %%")
    note.write_text(text[:block] + example + text[block:], encoding="utf-8")
    # A subtopic under Generators: its block lists subtopics, so it must change.
    edit(
        root / "Roadmaps" / "Plan.md",
        "- [ ] Generators\n",
        "- [ ] Generators\n  - [ ] yield from\n",
    )

    report = sync_now(root)

    assert report.in_sync, report
    updated = note.read_text(encoding="utf-8")
    assert updated[:block] + example == text[:block] + example
    assert updated.count(example) == 1
    real = updated[block + len(example) :]
    assert "[[Topics/Plan/yield from|yield from]]" in real
    assert "an example, not the block" not in real
    assert second_sync_writes(root) == []


def test_a_hand_written_note_never_drives_the_roadmap(work: Path) -> None:
    """A note without the vaultroad block at a topic's note path, saying `status: done`,
    under `--prefer notes`: the roadmap is not changed, a problem names the note, and the
    note is left as it is."""
    root = small_vault(work / "vault")
    note = root / "Topics" / "Plan" / "Generators.md"
    note.parent.mkdir(parents=True)
    mine = b"---\nstatus: done\n---\n\n# My own notes on generators\n"
    note.write_bytes(mine)
    roadmap = (root / "Roadmaps" / "Plan.md").read_bytes()

    report = sync_now(root, prefer="notes")

    assert (root / "Roadmaps" / "Plan.md").read_bytes() == roadmap
    assert [p.path for p in report.problems] == ["Topics/Plan/Generators.md"], report.problems
    assert note.read_bytes() == mine


def test_a_roadmap_linked_inside_the_vault_is_written_through_the_link(work: Path) -> None:
    """A roadmap that is a link to a file elsewhere in the vault: read and written through,
    the link kept."""
    root = work / "vault"
    (root / "Sources").mkdir(parents=True)
    (root / "Roadmaps").mkdir()
    target = root / "Sources" / "Plan.md"
    target.write_text(PLAN, encoding="utf-8")
    link = root / "Roadmaps" / "Plan.md"
    link.symlink_to(Path("..") / "Sources" / "Plan.md")
    assert sync_now(root).in_sync
    edit(note_of(root, "Roadmaps/Plan.md", "Functions"), "status: todo", "status: done")

    report = sync_now(root)

    assert report.in_sync, report
    assert link.is_symlink() and link.readlink() == Path("..", "Sources", "Plan.md")
    assert status_in(target, "Functions") == "done"
    assert target.read_text(encoding="utf-8") == PLAN.replace("- [ ] Functions", "- [x] Functions")
    assert second_sync_writes(root) == []


def test_a_roadmap_linked_out_of_the_vault_is_read_but_never_written(work: Path) -> None:
    """A roadmap that is a link to a file outside the vault: its topics are read (notes
    made); a status change for it is refused before anything of the run is written."""
    root = small_vault(work / "vault")
    outside = work / "outside" / "Shared.md"
    outside.parent.mkdir()
    outside.write_text("# Shared\n\n- [ ] Packaging\n- [ ] Typing\n", encoding="utf-8")
    (root / "Roadmaps" / "Shared.md").symlink_to(outside)
    assert sync_now(root).in_sync
    assert (root / "Topics" / "Shared" / "Packaging.md").is_file()
    edit(note_of(root, "Roadmaps/Shared.md", "Typing"), "status: todo", "status: done")
    # A change that could be written on its own: it must wait too.
    edit(root / "Roadmaps" / "Plan.md", "- [ ] Generators", "- [x] Generators")
    shared = outside.read_bytes()
    before = file_stamps(root)

    run = run_vaultroad(sync_command(root))

    assert run.code == 1, str(run)
    lines = run.lines("Roadmaps/Shared.md")
    assert len(lines) == 1 and "leaves the vault" in lines[0], str(run)
    assert outside.read_bytes() == shared
    assert file_stamps(root) == before


def fold_twins(paths: list[str]) -> list[list[str]]:
    groups: dict[str, list[str]] = {}
    for path in paths:
        groups.setdefault(fold(path), []).append(path)
    return [group for group in groups.values() if len(group) > 1]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Plan.md", "plan.md"),
        (unicodedata.normalize("NFC", "Café.md"), unicodedata.normalize("NFD", "Café.md")),
    ],
    ids=["case", "normalisation"],
)
def test_twin_roadmap_names(work: Path, first: str, second: str) -> None:
    """Two roadmaps whose names differ only in case or in Unicode normalisation (as a
    case-sensitive file system holds them): no crash, no two notes whose paths differ only
    that way, and a second sync writes nothing."""
    root = work / "vault"
    (root / "Roadmaps").mkdir(parents=True)
    # No title heading: each roadmap is titled after its file name, twins included.
    (root / "Roadmaps" / first).write_text(PLAN.split("\n", 2)[2], encoding="utf-8")
    cafe, decomposed = unicodedata.normalize("NFC", "Café"), unicodedata.normalize("NFD", "Café")
    (root / "Roadmaps" / second).write_text(
        f"## Basics\n\n- [ ] Loops\n- [ ] Strings\n- [ ] {cafe}\n- [ ] {decomposed}\n",
        encoding="utf-8",
    )

    run = run_vaultroad(sync_command(root))

    assert run.code in (0, 1) and "Traceback" not in run.stderr, str(run)
    made = notes(root)
    assert made, str(run)
    assert fold_twins(made) == []
    stamps = file_stamps(root)
    again = run_vaultroad(sync_command(root))
    assert again.code == run.code, str(again)
    assert file_stamps(root) == stamps


def test_a_named_pipe_at_a_note_path_does_not_hang_the_sync(work: Path) -> None:
    """A FIFO where a note should be: the sync finishes, names the path, exits 1."""
    root = small_vault(work / "vault")
    pipe = root / "Topics" / "Plan" / "Loops.md"
    pipe.parent.mkdir(parents=True)
    os.mkfifo(pipe)

    run = run_vaultroad(sync_command(root), timeout=30)

    assert not run.timed_out, "the sync hung on the named pipe"
    assert run.code == 1, str(run)
    assert run.lines("Topics/Plan/Loops.md"), str(run)
    assert "Traceback" not in run.stderr
    assert pipe.is_fifo()


def test_a_status_that_yaml_reads_as_a_boolean_is_quoted_as_written(work: Path) -> None:
    """`status: yes` is reported as 'yes' (as the user wrote it), never as True."""
    root = small_vault(work / "vault")
    sync_now(root)
    edit(note_of(root, "Roadmaps/Plan.md", "Functions"), "status: todo", "status: yes")
    roadmap = (root / "Roadmaps" / "Plan.md").read_bytes()

    run = run_vaultroad(sync_command(root))

    assert run.code == 1, str(run)
    lines = run.lines("Topics/Plan/Functions.md")
    assert len(lines) == 1, str(run)
    assert re.search(r"\byes\b", lines[0]) and "True" not in lines[0], lines[0]
    assert (root / "Roadmaps" / "Plan.md").read_bytes() == roadmap


@pytest.mark.parametrize("with_state", [True, False], ids=["state kept", "state lost"])
def test_empty_files_left_by_a_crash_are_rewritten_whole(work: Path, with_state: bool) -> None:
    """0-byte notes, a 0-byte stub and a 0-byte Progress.md (what an older version's crash
    left): the next sync writes them whole, as a first sync would, and then converges."""
    reference = small_vault(work / "reference")
    sync_now(reference)
    after = user_files(reference)
    root = small_vault(work / "vault")
    sync_now(root)
    emptied = [
        "Topics/Plan/Loops.md",
        "Topics/Plan/Functions.md",
        "Topics/Types.md",  # the stub of [[Types]]
        "Progress.md",
    ]
    for relative in emptied:
        (root / relative).write_bytes(b"")
    if not with_state:
        (root / ".vaultroad" / "state.db").unlink()

    report = sync_now(root)

    assert report.in_sync, report
    empty = [p for p in emptied if not (root / p).read_bytes()]
    assert empty == [], "left empty"
    assert user_files(root) == after
    assert temp_files(root) == []
    assert second_sync_writes(root) == []


@pytest.mark.parametrize("status", ["doing", "done"])
def test_a_note_dated_in_the_future_does_not_stall_the_sync(work: Path, status: str) -> None:
    """A note whose mtime is an hour ahead (saved on a device whose clock runs fast, kept by
    a sync client): the sync carries its change and finishes in seconds. (`done` makes the
    sync rewrite the note with its completion date; `doing` leaves the note as it is.)"""
    root = small_vault(work / "vault")
    sync_now(root)
    note = note_of(root, "Roadmaps/Plan.md", "Functions")
    edit(note, "status: todo", f"status: {status}")
    ahead = note.stat().st_mtime_ns + 3600 * 1_000_000_000
    os.utime(note, ns=(ahead, ahead))

    run = run_vaultroad(sync_command(root), timeout=10)

    assert not run.timed_out, "the sync was still running after 10 s"
    assert run.code == 0, str(run)
    assert status_in(root / "Roadmaps" / "Plan.md", "Functions") == status
