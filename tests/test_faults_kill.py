"""A run killed at any write step leaves every file whole, and the next run completes it.

For an operation on a vault, an uninterrupted run on a copy gives the
reference "after" state and the number K of disk-changing steps (the fault
seam logs them). Then, for each N in 1…K, a fresh copy is run with
`VAULTROAD_FAULT=kill@N` (SIGKILL before step N's system call) and:

- every file holds its bytes from before the run or from after it: nothing
  empty, truncated or mixed, nothing lost; only the writer's temporary files
  and `.vaultroad/` may hold anything else, and `state.db` is whole;
- the next uninterrupted sync completes, leaves the vault byte-identical to
  the reference (roadmaps and notes alike: the date a sync records is fixed,
  and nothing else in a note depends on when or in how many runs it was
  written), and leaves no temporary file;
- a further sync writes nothing (bytes, mtimes and inodes kept).

Operations: a first sync of a small vault (every point), of the sample vault
(a spread of points in CI, more with VAULTROAD_LONG=1), a sync with changes
pending in both directions, and `vaultroad check --fix`. All but the last
are marked slow (CI's full run); the `check --fix` sweep, a second or so,
keeps a kill at every step in the default run.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from budget import budget
from faults_support import (
    Operation,
    Snapshot,
    both_ways_vault,
    converges,
    copy_vault,
    file_stamps,
    run_module,
    run_vaultroad,
    sample_points,
    sample_vault,
    scorecard,
    scratch_folder,
    second_sync_writes,
    small_vault,
    snapshot_diff,
    state_problems,
    sync_command,
    sync_now,
    temp_files,
    torn_files,
    user_files,
    without_temps,
)
from test_sync_incremental import many_roadmaps
from vaultroad import sync_rescan

# Steps of a first sync of the sample vault: about 4,450 (four per note for
# 1,109 files). Each point costs a killed run and a recovery of up to a whole
# first sync (~2 s), so CI tries a spread of points and the long run a few
# hundred, evenly spread (the spacing is no multiple of a note's four steps,
# so every kind of step is hit), plus every step of the lock and state phases
# at both ends.
SAMPLE_POINTS = budget(ci=3, long=700)
SAMPLE_ENDS = budget(ci=0, long=12)

Recover = Callable[[Path, Snapshot], list[str]]


@pytest.fixture
def work(tmp_path: Path) -> Iterator[Path]:
    with scratch_folder(tmp_path) as folder:
        yield folder


def kill_at_every_point(
    operation: Operation, work: Path, recover: Recover, *, sample: tuple[int, int] | None = None
) -> None:
    """Kill `operation` at each step (or a sample: (count, ends)); assert nothing is lost."""
    after, steps = operation.reference(work)
    before = user_files(operation.base)
    points = (
        sample_points(len(steps), sample[0], head=sample[1], tail=sample[1])
        if sample
        else list(range(1, len(steps) + 1))
    )
    failures: dict[int, list[str]] = {}
    corrupted = 0
    for number in points:
        root, run = operation.attempt(work, f"kill@{number}")
        found = [] if run.killed else [f"the run was not killed at this step: {run}"]
        torn = torn_files(user_files(root), before, after)
        corrupted += len(torn)
        found += torn + state_problems(root) + recover(root, after)
        if found:
            failures[number] = found
    # The log counted every step: one past the last, the run is not killed.
    _, run = operation.attempt(work, f"kill@{len(steps) + 1}")
    assert run.code == operation.code and not run.killed, str(run)
    scorecard(
        f"kill/{operation.name}",
        steps=len(steps),
        kill_points=len(points),
        files_corrupted=corrupted,
        failing_points=len(failures),
    )
    assert not failures, (
        f"{operation.name}: {len(failures)} of {len(points)} kill points fail\n"
        + (
            "\n".join(
                f"kill@{n} ({steps[n - 1].kind} {steps[n - 1].path}):\n    " + "\n    ".join(found)
                for n, found in failures.items()
            )
        )
    )


@pytest.mark.slow
def test_killed_first_sync_of_a_small_vault_at_every_step(work: Path) -> None:
    operation = Operation("first sync", small_vault(work / "base"), sync_command)
    kill_at_every_point(operation, work, converges)


@pytest.mark.slow
def test_killed_sync_with_changes_both_ways_at_every_step(work: Path) -> None:
    operation = Operation("both ways", both_ways_vault(work / "base"), sync_command)
    after, _ = operation.reference(work)
    # The reference is what it should be, so converging to it means something:
    # both roadmap changes reached the notes, both note changes the roadmap,
    # and the date the child process records is the fixed one.
    plan = after["Roadmaps/Plan.md"].decode()
    assert "- [x] Functions" in plan and "  - [-] Closures" in plan
    generators = after["Topics/Plan/Generators.md"].decode()
    assert "status: done" in generators and "completed: 2026-01-01" in generators
    assert "status: todo" in after["Topics/Reading/Fluent Python.md"].decode()
    kill_at_every_point(operation, work, converges)


@pytest.mark.slow
def test_killed_sync_of_everything_in_batches_at_every_step(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A changed setting that changes statuses, synced a roadmap or two at a time
    (`sync_rescan`; the forked child runs with the batches set here): killed between
    two batches, the next sync still looks at everything and ends where one run does."""
    base = many_roadmaps(work / "base")
    sync_now(base)
    with (base / ".vaultroad.toml").open("a", encoding="utf-8") as config:
        config.write('[symbols]\n"/" = "done"\n')
    monkeypatch.setattr(sync_rescan, "RESCAN_BATCH_BYTES", 150)
    operation = Operation("everything again", base, sync_command)
    after, steps = operation.reference(work)
    assert "status: done" in after["Topics/Track 5/Kubernetes.md"].decode()
    assert sum(step.kind == "commit" for step in steps) >= 5  # one per batch
    kill_at_every_point(operation, work, converges)


@pytest.mark.slow
def test_killed_first_sync_of_the_sample_vault(work: Path) -> None:
    operation = Operation(
        "first sync of the sample vault", sample_vault(work / "base"), sync_command
    )
    kill_at_every_point(operation, work, converges, sample=(SAMPLE_POINTS, SAMPLE_ENDS))


# --- check --fix

FIXABLE = {
    # VR101: malformed boxes, fixed in the file's own style.
    "Roadmaps/Boxes.md": "# Boxes\n\n- [ x] one\n- [] two\n-[ ] three\n- [x ] four\n- [ ] five\n",
    # VR103: done boxes in two styles, fixed to the majority style.
    "Roadmaps/Styles.md": "# Styles\n\n- [x] alpha\n- [x] beta\n- [ ✓ ] gamma\n- [ ] delta\n",
}


def fixable_vault(root: Path) -> Path:
    for relative, text in FIXABLE.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes(text.encode("utf-8"))
    return root


def check_command(root: Path) -> list[str]:
    return ["check", "--fix", *(str(root / relative) for relative in FIXABLE)]


def check_recovers(root: Path, after: Snapshot) -> list[str]:
    """The next `check --fix` completes the fixes; a second one writes nothing; and the
    temporary file a killed run may leave is gone after the next sync (fileio's promise:
    "at worst a temporary file that the next sync removes")."""
    found = []
    run = run_vaultroad(check_command(root))
    if run.code != 0:
        found.append(f"the next check --fix failed: {run}")
    found += [
        f"after the next check --fix, {d}"
        for d in snapshot_diff(without_temps(user_files(root)), after)
    ]
    stamps = file_stamps(root)
    again = run_vaultroad(check_command(root))
    if again.code != 0 or file_stamps(root) != stamps:
        found.append(f"a second check --fix wrote or failed: {again}")
    sync_now(root)
    leftovers = temp_files(root)
    if leftovers:
        found.append(f"temporary files left after check --fix and the next sync: {leftovers}")
    return found


def test_killed_check_fix_at_every_step(work: Path) -> None:
    operation = Operation("check --fix", fixable_vault(work / "base"), check_command)
    after, _ = operation.reference(work)
    assert after["Roadmaps/Boxes.md"].decode() == (
        "# Boxes\n\n- [x] one\n- [ ] two\n- [ ] three\n- [x] four\n- [ ] five\n"
    )
    assert after["Roadmaps/Styles.md"].decode() == (
        "# Styles\n\n- [x] alpha\n- [x] beta\n- [x] gamma\n- [ ] delta\n"
    )
    kill_at_every_point(operation, work, check_recovers)


# --- the seam itself


def test_the_seam_kills_the_real_entry_point_at_its_last_step(tmp_path: Path) -> None:
    """`python -m vaultroad` counts the same steps as the forked runner and dies at the last."""
    small_vault(tmp_path / "a")
    small_vault(tmp_path / "b")
    logged = run_vaultroad(sync_command(tmp_path / "a"), log_steps=True)
    assert logged.code == 0, str(logged)
    last = len(logged.steps)
    log = tmp_path / "steps.log"
    killed = run_module(
        sync_command(tmp_path / "b"),
        env={"VAULTROAD_FAULT": f"kill@{last}", "VAULTROAD_FAULT_LOG": str(log)},
    )
    assert killed.returncode == -signal.SIGKILL, killed
    assert len(log.read_text(encoding="utf-8").splitlines()) == last
    # Killed before the last step (the lock's clean-up): every note and the state are there.
    assert without_temps(user_files(tmp_path / "b")) == without_temps(user_files(tmp_path / "a"))
    report = sync_now(tmp_path / "b")
    assert report.in_sync and not report.changes
    assert any("interrupted" in notice for notice in report.notices), report.notices


def test_a_copy_of_a_synced_vault_is_still_in_sync(work: Path) -> None:
    """The premise of every attempt on a copy: copying keeps mtimes, so nothing looks edited."""
    root = both_ways_vault(work / "vault")
    sync_now(root)
    copy = copy_vault(root, work / "copy")
    assert second_sync_writes(copy) == []
