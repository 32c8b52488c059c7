"""`watch` without the OS's file events: fake events on a fake clock drive the
debounce, the filter of what matters, own writes, retries and errors.

The fake source plays a script of (time, edit) steps: `wait(timeout)` moves
the clock to the next step when it comes within the timeout (doing the edit
on disk and returning its paths), else by the timeout. When the script is
over and the watcher would wait for ever, it stops the watcher.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from faults_support import sample_vault
from vaultroad.cli import _WatchDisplay
from vaultroad.errors import VaultroadError
from vaultroad.fileio import Stamp
from vaultroad.lock import LockedError
from vaultroad.sync_report import FileChange, SyncReport
from vaultroad.synchronize import sync
from vaultroad.vault import Vault
from vaultroad.watch import Debouncer, Relevance, Watcher, WatchOutcome, file_stamp

PLAN = "# Plan\n\n- [ ] Git\n- [ ] SQL\n- [ ] Docker\n"


def _vault(root: Path) -> Path:
    (root / "Roadmaps").mkdir(parents=True)
    (root / "Roadmaps" / "Plan.md").write_text(PLAN, encoding="utf-8")
    return root


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Step:
    at: float
    edit: Callable[[], list[Path]]  # does the edit on disk; returns the paths to report


@dataclass
class FakeSource:
    clock: FakeClock
    steps: list[Step] = field(default_factory=list)
    watcher: Watcher | None = None
    waits: list[float | None] = field(default_factory=list)
    woken: int = 0

    def wait(self, timeout: float | None) -> list[str]:
        self.waits.append(timeout)
        if self.steps and (timeout is None or self.steps[0].at <= self.clock.now + timeout):
            step = self.steps.pop(0)
            self.clock.now = max(self.clock.now, step.at)
            return [os.fspath(path) for path in step.edit()]
        if timeout is None:
            assert self.watcher is not None
            self.watcher.stop()  # the script is over and nothing is pending
            return []
        # The OS clock always moves on: a timeout rounded to nothing still advances it.
        self.clock.now += max(timeout, 1e-9)
        return []

    def wake(self) -> None:
        self.woken += 1

    def close(self) -> None:
        return None


def _write(path: Path, text: str, clock: FakeClock) -> Callable[[], list[Path]]:
    """An edit: `text` into `path`, with an mtime from the fake clock (so every
    write has a stamp of its own, however fast the test runs)."""

    def edit() -> list[Path]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        ns = 1_000_000_000_000 + int(clock.now * 1e9)
        os.utime(path, ns=(ns, ns))
        return [path]

    return edit


@dataclass
class Recorder:
    """Stands in for `sync`: records when it ran; can write files, fail or be locked."""

    clock: FakeClock
    root: Path
    writes: dict[str, str] = field(default_factory=dict)  # written by every run
    failures: list[VaultroadError] = field(default_factory=list)  # raised by the first runs
    runs: list[float] = field(default_factory=list)

    def __call__(self, root: Path, **_options: Any) -> SyncReport:
        self.runs.append(self.clock.now)
        if self.failures:
            raise self.failures.pop(0)
        changes = []
        for relative, text in self.writes.items():
            path = self.root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
                # As a real sync reports it: the file's stamp as the write left it.
                changes.append(FileChange(relative, "note", "update", stamp=file_stamp(path)))
        return SyncReport(tuple(changes), (), (), 1, 3, first_run=False, dry_run=False)


def _watch(
    root: Path,
    steps: list[Step],
    clock: FakeClock,
    sync_vault: Callable[..., SyncReport],
    **options: Any,
) -> tuple[list[WatchOutcome], FakeSource]:
    outcomes: list[WatchOutcome] = []
    source = FakeSource(clock, steps)
    watcher = Watcher(root, source, outcomes.append, clock=clock, sync_vault=sync_vault, **options)
    source.watcher = watcher
    watcher.run()
    return outcomes, source


# --- the debounce


def test_a_file_is_settled_after_a_quiet_period_with_the_same_stamp(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("x", encoding="utf-8")
    debouncer = Debouncer(quiet=1.0)
    debouncer.changed(path, 10.0)
    assert not debouncer.settled(10.5)
    assert debouncer.wait_time(10.5) == pytest.approx(0.5)
    assert debouncer.settled(11.0)
    assert debouncer.take() == {path: debouncer.stat(path)}
    assert not debouncer.busy


def test_a_file_still_being_written_is_held_until_its_stamp_stays(tmp_path: Path) -> None:
    stamps = iter([Stamp(1, 1), Stamp(5, 2), Stamp(5, 2)])
    debouncer = Debouncer(quiet=1.0, stat=lambda _path: next(stamps))
    debouncer.changed(tmp_path / "a.md", 0.0)  # stamp (1, 1) at the event
    assert not debouncer.settled(1.0)  # grew without an event: not settled
    assert debouncer.wait_time(1.0) == pytest.approx(1.0)
    assert debouncer.settled(2.0)  # the same at two checks a quiet period apart


def test_one_unsettled_file_holds_back_the_others(tmp_path: Path) -> None:
    debouncer = Debouncer(quiet=1.0, stat=lambda _path: Stamp(1, 1))
    debouncer.changed(tmp_path / "a.md", 0.0)
    debouncer.changed(tmp_path / "b.md", 0.8)
    assert not debouncer.settled(1.2)
    assert debouncer.wait_time(1.2) == pytest.approx(0.6)
    assert debouncer.settled(1.8)
    assert set(debouncer.take()) == {tmp_path / "a.md", tmp_path / "b.md"}


@settings(max_examples=25, deadline=None)
@given(gaps=st.lists(st.one_of(st.floats(0.05, 0.9), st.floats(1.1, 5.0)), min_size=1, max_size=12))
def test_every_burst_of_saves_is_synced_once_after_its_last_save(
    tmp_path_factory: pytest.TempPathFactory, gaps: list[float]
) -> None:
    root = _vault(tmp_path_factory.mktemp("vault"))
    clock = FakeClock()
    roadmap = root / "Roadmaps" / "Plan.md"
    times, at = [], 1.0
    for gap in gaps:
        at += gap
        times.append(at)
    steps = [
        Step(t, _write(roadmap, PLAN + f"- [ ] Save {i}\n", clock)) for i, t in enumerate(times)
    ]
    recorder = Recorder(clock, root)
    outcomes, _ = _watch(root, steps, clock, recorder, quiet=1.0)
    # A burst ends where the next save is more than the quiet period away.
    burst_ends = [t for t, gap in zip(times, [*gaps[1:], 99.0], strict=True) if gap > 1.0]
    assert recorder.runs[1:] == pytest.approx([end + 1.0 for end in burst_ends])
    assert [o.changed for o in outcomes[1:]] == [("Roadmaps/Plan.md",)] * len(burst_ends)


# --- the watcher


def test_the_first_sync_runs_at_once_and_then_it_waits_without_a_timeout(tmp_path: Path) -> None:
    root = _vault(tmp_path)
    clock = FakeClock()
    recorder = Recorder(clock, root)
    outcomes, source = _watch(root, [], clock, recorder)
    assert recorder.runs == [0.0]
    assert [o.changed for o in outcomes] == [()]
    # Idle: one wait with no timeout, no polling.
    assert source.waits == [None]


def test_its_own_writes_do_not_start_another_sync(tmp_path: Path) -> None:
    root = _vault(tmp_path)
    clock = FakeClock()
    note = root / "Topics" / "Plan" / "Git.md"
    recorder = Recorder(clock, root)

    def edit_roadmap() -> list[Path]:
        # From the second sync on, the sync writes the note.
        recorder.writes = {"Topics/Plan/Git.md": "status: done\n", "Progress.md": "1/3\n"}
        return _write(root / "Roadmaps" / "Plan.md", PLAN.replace("[ ] Git", "[x] Git"), clock)()

    steps = [
        Step(5.0, edit_roadmap),
        Step(7.0, lambda: [note]),  # the event of the sync's own write, late
        Step(8.0, lambda: [note, root / "Progress.md"]),  # and again
    ]
    outcomes, _ = _watch(root, steps, clock, recorder)
    assert recorder.runs == [0.0, 6.0]
    assert outcomes[1].changed == ("Roadmaps/Plan.md",)


def test_same_bytes_written_again_is_not_a_change(tmp_path: Path) -> None:
    root = _vault(tmp_path)
    clock = FakeClock()
    recorder = Recorder(clock, root, writes={"Topics/Plan/Git.md": "status: todo\n"})
    note = root / "Topics" / "Plan" / "Git.md"
    steps = [
        # An editor that reloaded the note saves the same bytes: a new mtime only.
        Step(5.0, _write(note, "status: todo\n", clock)),
        Step(9.0, _write(note, "status: done\n", clock)),  # a real change
    ]
    outcomes, _ = _watch(root, steps, clock, recorder)
    assert recorder.runs == [0.0, 10.0]
    assert outcomes[1].changed == ("Topics/Plan/Git.md",)


@pytest.mark.parametrize(
    "relative",
    [
        ".obsidian/workspace.json",
        ".obsidian/plugins/x/data.md",
        ".vaultroad/state.db",
        ".trash/Old.md",
        ".git/index",
        "Roadmaps/.Plan.md.4242-1.vaultroad-tmp",
        "Topics/Plan/.Git.md.4242-1.vaultroad-tmp",
        "Topics/Plan/diagram.png",
        "Maps/Plan.canvas",  # a map rearranged: the user's layout, nothing to sync
        "Journal/Monday.md",
        "Roadmaps/picture.png",
    ],
)
def test_files_a_sync_does_not_read_are_passed_over(tmp_path: Path, relative: str) -> None:
    root = _vault(tmp_path)
    clock = FakeClock()
    recorder = Recorder(clock, root)
    _watch(root, [Step(5.0, _write(root / relative, "- [ ] x\n", clock))], clock, recorder)
    assert recorder.runs == [0.0]


@pytest.mark.parametrize(
    ("relative", "text"),
    [
        ("Roadmaps/New.md", "- [ ] Rust\n"),
        ("Roadmaps/Deep/Down/New.md", "- [ ] Rust\n"),
        ("Topics/Plan/Git.md", "status: done\n"),
        ("Progress.md", "gone\n"),
        (".vaultroad.toml", 'notes_folder = "Notes"\n'),
        ("Journal/Plan B.md", "---\nvaultroad: roadmap\n---\n- [ ] Go\n"),
    ],
)
def test_files_a_sync_reads_start_one(tmp_path: Path, relative: str, text: str) -> None:
    root = _vault(tmp_path)
    clock = FakeClock()
    recorder = Recorder(clock, root)
    outcomes, _ = _watch(root, [Step(5.0, _write(root / relative, text, clock))], clock, recorder)
    assert recorder.runs == [0.0, 6.0]
    assert outcomes[1].changed == (relative,)


def test_a_roadmap_found_by_its_frontmatter_counts_when_it_is_deleted(tmp_path: Path) -> None:
    root = _vault(tmp_path)
    declared = root / "Journal" / "Plan B.md"
    declared.parent.mkdir()
    declared.write_text("---\nvaultroad: roadmap\n---\n- [ ] Go\n", encoding="utf-8")
    clock = FakeClock()

    def delete() -> list[Path]:
        declared.unlink()
        return [declared]

    recorder = Recorder(clock, root)
    outcomes, _ = _watch(root, [Step(5.0, delete)], clock, recorder)
    assert recorder.runs == [0.0, 6.0]
    assert outcomes[1].changed == ("Journal/Plan B.md",)


def test_the_configuration_decides_what_matters(tmp_path: Path) -> None:
    root = _vault(tmp_path)
    (root / ".vaultroad.toml").write_text(
        'roadmaps = ["Plans/*.md"]\nnotes_folder = "Notes"\n', encoding="utf-8"
    )
    relevance = Relevance(Vault.open(root))
    assert relevance.matters(root / "Plans" / "A.md")
    assert not relevance.matters(root / "Plans" / "Sub" / "A.md")
    assert relevance.matters(root / "Notes" / "A" / "Git.md")
    assert not relevance.matters(root / "Topics" / "A" / "Git.md")


def test_a_locked_vault_is_tried_again_and_said_once(tmp_path: Path) -> None:
    root = _vault(tmp_path)
    clock = FakeClock()
    locked = LockedError("another vaultroad sync is running (pid 1)")
    recorder = Recorder(clock, root, failures=[locked, locked, locked])
    outcomes, _ = _watch(root, [], clock, recorder, retry=2.0)
    assert recorder.runs == [0.0, 2.0, 4.0, 6.0]
    assert [o.error for o in outcomes] == [locked, None]
    assert outcomes[1].report is not None


def test_an_error_is_reported_and_watching_goes_on(tmp_path: Path) -> None:
    root = _vault(tmp_path)
    clock = FakeClock()
    broken = VaultroadError("invalid frontmatter", path="Topics/Plan/Git.md")
    recorder = Recorder(clock, root, failures=[broken])
    roadmap = root / "Roadmaps" / "Plan.md"
    steps = [Step(5.0, _write(roadmap, PLAN.replace("[ ] SQL", "[x] SQL"), clock))]
    outcomes, _ = _watch(root, steps, clock, recorder)
    assert [o.error for o in outcomes] == [broken, None]
    assert outcomes[1].changed == ("Roadmaps/Plan.md",)


def test_stop_wakes_the_source_and_ends_the_run(tmp_path: Path) -> None:
    root = _vault(tmp_path)
    clock = FakeClock()
    recorder = Recorder(clock, root)
    source = FakeSource(clock)
    watcher = Watcher(root, source, lambda _outcome: None, clock=clock, sync_vault=recorder)

    def stop_during_the_first_sync(root: Path, **options: Any) -> SyncReport:
        watcher.stop()  # as a signal handler would, in the middle of a sync
        return recorder(root, **options)

    watcher.sync_vault = stop_during_the_first_sync
    watcher.run()
    assert source.woken == 1
    assert recorder.runs == [0.0]  # the sync in progress finished; nothing after it
    assert source.waits == []


# --- with the real sync


def test_a_conflict_is_reported_and_left_alone(tmp_path: Path) -> None:
    root = _vault(tmp_path)
    sync(root)
    roadmap = root / "Roadmaps" / "Plan.md"
    note = root / "Topics" / "Plan" / "Git.md"
    clock = FakeClock()
    note_text = note.read_text(encoding="utf-8").replace("status: todo", "status: skipped")
    roadmap_text = PLAN.replace("[ ] Git", "[x] Git")
    steps = [
        Step(5.0, _write(roadmap, roadmap_text, clock)),
        Step(5.1, _write(note, note_text, clock)),
    ]
    outcomes, _ = _watch(root, steps, clock, sync)
    report = outcomes[1].report
    assert report is not None
    assert outcomes[1].changed == ("Roadmaps/Plan.md", "Topics/Plan/Git.md")
    assert [c.title for c in report.conflicts] == ["Git"]
    assert roadmap.read_text(encoding="utf-8") == roadmap_text
    assert note.read_text(encoding="utf-8") == note_text


def test_the_sample_vault_is_watched_in_a_copy(tmp_path: Path) -> None:
    root = sample_vault(tmp_path / "vault")  # not what a sync of `vault/` left there
    clock = FakeClock()
    outcomes, _ = _watch(root, [], clock, sync)
    report = outcomes[0].report
    assert report is not None and report.first_run and report.roadmaps == 5


def test_a_conflict_is_printed_once_while_it_lasts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _vault(tmp_path)
    sync(root)
    note = root / "Topics" / "Plan" / "Git.md"
    note.write_text(
        note.read_text(encoding="utf-8").replace("status: todo", "status: skipped"),
        encoding="utf-8",
    )
    (root / "Roadmaps" / "Plan.md").write_text(PLAN.replace("[ ] Git", "[x] Git"), "utf-8")
    report = sync(root)
    display = _WatchDisplay(root, as_json=False)
    changed = ("Roadmaps/Plan.md", "Topics/Plan/Git.md")
    for _ in range(2):
        display(WatchOutcome(changed, report=report))
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 2
    assert all(f"{root / 'Roadmaps' / 'Plan.md'}, {note}: " in line for line in lines)
    assert all(line.endswith("1 conflict") for line in lines)
    assert err.count("conflict: ") == 1 and "'Git' is done in the roadmap but skipped" in err
    display(WatchOutcome(("Roadmaps/Plan.md",), error=VaultroadError("locked")))
    assert capsys.readouterr().out.endswith("Roadmaps/Plan.md: error: locked\n")


def test_json_output_is_one_object_per_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _vault(tmp_path)
    display = _WatchDisplay(root, as_json=True)
    display(WatchOutcome((), report=sync(root)))
    display(WatchOutcome(("Roadmaps/Plan.md",), error=VaultroadError("bad", path="x.md")))
    out, err = capsys.readouterr()
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["schema"] == "vaultroad.sync/1" and first["changed"] == []
    assert "Topics/Plan/Git.md" in {change["path"] for change in first["changes"]}
    assert second == {
        "schema": "vaultroad.watch_error/1",
        "vault": os.fspath(root),
        "changed": ["Roadmaps/Plan.md"],
        "error": "x.md: bad",
    }
    assert err == ""
