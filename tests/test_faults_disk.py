"""A full disk, a failing permission, a read-only file or folder: a clean error, nothing torn.

ENOSPC comes through the fault seam at every step of a sync (`enospc@N`),
and once for real from a small tmpfs filled nearly full. Permissions come
through the seam (`eacces@N` on the lock and state steps, since the tests
run as root, for whom permission bits stop nothing), from mode 0444 files
(which vaultroad refuses to write even as root), and, when the tests run as
root, from a child process that drops to the unprivileged uid 65534 and
meets folders it cannot write. In every case: exit 1, one clear line naming
the path and the reason, no traceback, every file whole (its bytes before or
after), and once the cause is gone, the next sync heals the vault.

The ENOSPC sweeps over every step are marked slow (CI's full run); the
default run keeps the real full disk and the permission cases.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import vaultroad
from faults_support import (
    Operation,
    Run,
    Step,
    both_ways_vault,
    converges,
    edit,
    file_stamps,
    is_temp,
    note_of,
    remove_tree,
    run_vaultroad,
    scorecard,
    scratch_folder,
    second_sync_writes,
    small_vault,
    state_problems,
    status_in,
    sync_command,
    sync_now,
    temp_target,
    torn_files,
    user_files,
)

NO_SPACE = "No space left on device"
DENIED = "Permission denied"


@pytest.fixture
def work(tmp_path: Path) -> Iterator[Path]:
    with scratch_folder(tmp_path) as folder:
        yield folder


def clean_up_step(step: Step, last: int) -> bool:
    """A step after which the file's new bytes are already in place.

    Removing a temporary file already linked or renamed into place, syncing a
    folder after a rename, emptying the lock at the end of a run: a full
    disk does not make them fail (they free space or write none), and when
    they fail anyway the run's work is done. vaultroad ignores their errors
    by design (see fileio._discard, _fsync_directory and lock.vault_lock),
    so the run ends as a success; what must still hold is that nothing is
    torn and that no temporary file outlives the next sync.
    """
    return (
        step.kind == "unlink"
        or (step.kind == "fsync" and not is_temp(step.path))
        or (step.kind == "truncate" and step.number == last)
    )


def named_path(step: Step) -> str:
    """What the error line must name: the file the step works for (for a folder, the
    folder itself or a file the folder was made for, whose path starts with it)."""
    return temp_target(step)


def error_problems(run: Run, step: Step, reason: str) -> list[str]:
    """The run failed cleanly: exit 1, exactly one line with `reason` naming the path."""
    found = []
    if run.code != 1:
        found.append(f"exit {run.code} (signal {run.signal}), not 1")
    if "Traceback" in run.stderr:
        found.append("a Python traceback: " + run.stderr.strip().splitlines()[-1])
    lines = run.lines(reason)
    if len(lines) != 1:
        found.append(f"{len(lines)} lines with {reason!r}, not one: {lines}")
    elif named_path(step) not in lines[0]:
        found.append(f"the line does not name {named_path(step)}: {lines[0]}")
    return found


def enospc_at_every_point(operation: Operation, work: Path) -> None:
    after, steps = operation.reference(work)
    before = user_files(operation.base)
    failures: dict[int, list[str]] = {}
    half_written = 0
    for step in steps:
        root, run = operation.attempt(work, f"enospc@{step.number}")
        if clean_up_step(step, len(steps)):
            found = [] if run.code == 0 and not run.lines(NO_SPACE) else [f"not a success: {run}"]
        else:
            found = error_problems(run, step, NO_SPACE)
        torn = torn_files(user_files(root), before, after)
        half_written += len(torn)
        # The full disk is gone: the next sync heals and converges.
        found += torn + state_problems(root) + converges(root, after)
        if found:
            failures[step.number] = found
    scorecard(
        f"enospc/{operation.name}",
        enospc_points=len(steps),
        half_written_files=half_written,
        failing_points=len(failures),
    )
    assert not failures, (
        f"{operation.name}: {len(failures)} of {len(steps)} ENOSPC points fail\n"
        + (
            "\n".join(
                f"enospc@{n} ({steps[n - 1].kind} {steps[n - 1].path}):\n    "
                + "\n    ".join(found)
                for n, found in failures.items()
            )
        )
    )


@pytest.mark.slow
def test_disk_full_at_every_step_of_a_first_sync(work: Path) -> None:
    enospc_at_every_point(Operation("first sync", small_vault(work / "base"), sync_command), work)


@pytest.mark.slow
def test_disk_full_at_every_step_of_a_sync_both_ways(work: Path) -> None:
    enospc_at_every_point(
        Operation("both ways", both_ways_vault(work / "base"), sync_command), work
    )


@pytest.mark.parametrize("builder", [small_vault, both_ways_vault], ids=["first sync", "both ways"])
def test_permission_denied_on_the_lock_and_the_state(
    work: Path, builder: Callable[[Path], Path]
) -> None:
    """EACCES at each step in `.vaultroad/`: on the lock nothing at all is written; on the
    state file every other file is, the run says the state was not, and the next sync
    converges."""
    operation = Operation("eacces", builder(work / "base"), sync_command)
    after, steps = operation.reference(work)
    before = user_files(operation.base)
    state_steps = [
        s for s in steps if s.path.startswith(".vaultroad") and not clean_up_step(s, len(steps))
    ]
    assert len(state_steps) >= 7, steps  # the folder or the lock's three, and the state's four
    failures = {}
    for step in state_steps:
        root, run = operation.attempt(work, f"eacces@{step.number}")
        found = error_problems(run, step, DENIED)
        on_lock = step.path in (".vaultroad", ".vaultroad/lock")
        expected = before if on_lock else after
        if user_files(root) != expected:
            found.append("the vault's files are not " + ("as before" if on_lock else "all written"))
        found += converges(root, after)
        if found:
            failures[step] = found
    assert not failures, "\n".join(f"{s}: {f}" for s, f in failures.items())


# --- read-only files


def test_a_read_only_roadmap_is_never_written(work: Path) -> None:
    root = small_vault(work / "vault")
    sync_now(root)
    edit(note_of(root, "Roadmaps/Plan.md", "Functions"), "status: todo", "status: done")
    roadmap = root / "Roadmaps" / "Plan.md"
    roadmap.chmod(0o444)
    before = file_stamps(root)

    run = run_vaultroad(sync_command(root))

    assert run.code == 1, str(run)
    assert "Traceback" not in run.stderr
    lines = run.lines("read-only")
    assert len(lines) == 1 and "Roadmaps/Plan.md" in lines[0], str(run)
    # The roadmap and every other file: same bytes, same mtime, same inode.
    assert file_stamps(root) == before
    assert roadmap.stat().st_mode & 0o777 == 0o444
    # Writable again, the change the note asked for goes through.
    roadmap.chmod(0o644)
    report = sync_now(root)
    assert report.in_sync, report
    assert status_in(roadmap, "Functions") == "done"
    assert second_sync_writes(root) == []


def test_mark_refuses_a_read_only_roadmap(work: Path) -> None:
    root = small_vault(work / "vault")
    roadmap = root / "Roadmaps" / "Plan.md"
    roadmap.chmod(0o444)
    before = file_stamps(root)

    run = run_vaultroad(["mark", "Generators", "done", "--in", str(roadmap)])

    assert run.code == 1, str(run)
    assert "Traceback" not in run.stderr
    lines = run.lines("read-only")
    assert len(lines) == 1 and str(roadmap) in lines[0], str(run)
    assert file_stamps(root) == before


# --- folders this user cannot write (a real permission check needs another user)

NOBODY = (65534, 65534)


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[Path]:
    """A folder another user can reach (pytest's own tmp folders are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="vaultroad-perm-"))
    folder.chmod(0o755)
    if runner() == NOBODY and not _reachable_by_others(Path(vaultroad.__file__)):
        pytest.fail(
            f"the permission tests run vaultroad as nobody, who cannot read {vaultroad.__file__}:"
            " run them from a checkout other users can read (not a 0700 folder)"
        )
    try:
        yield folder
    finally:
        remove_tree(folder)


def _reachable_by_others(path: Path) -> bool:
    """Whether a user of no group of ours can read `path` (every folder above it searchable)."""
    if not path.stat().st_mode & 0o004:
        return False
    return all(folder.stat().st_mode & 0o001 for folder in path.parents)


def runner() -> tuple[int, int] | None:
    """Who runs vaultroad in the permission tests: nobody when we are root, else us."""
    return NOBODY if os.geteuid() == 0 else None


def give_to_runner(root: Path) -> None:
    if os.geteuid() != 0:
        return
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            os.chown(os.path.join(folder, name), *NOBODY)  # noqa: PTH118
    os.chown(root, *NOBODY)


def take_from_runner(path: Path) -> None:
    """Make `path` (a folder, with what it holds) readable but not writable by the runner."""
    for folder, _, files in os.walk(path):
        for name in files:
            target = Path(folder, name)
            if os.geteuid() == 0:
                os.chown(target, 0, 0)
                target.chmod(0o644)
            else:
                target.chmod(0o444)
        if os.geteuid() == 0:
            os.chown(folder, 0, 0)
            Path(folder).chmod(0o755)
        else:
            Path(folder).chmod(0o555)


def test_an_unwritable_state_folder_stops_the_sync_before_any_write(shared: Path) -> None:
    root = small_vault(shared / "vault")
    sync_now(root)
    edit(note_of(root, "Roadmaps/Plan.md", "Functions"), "status: todo", "status: done")
    give_to_runner(root)
    take_from_runner(root / ".vaultroad")
    before = file_stamps(root)

    run = run_vaultroad(sync_command(root), user=runner())

    assert run.code == 1, str(run)
    assert "Traceback" not in run.stderr
    lines = run.lines(DENIED)
    assert len(lines) == 1 and ".vaultroad" in lines[0], str(run)
    assert file_stamps(root) == before


def test_a_read_only_vault_is_left_as_it_is(shared: Path) -> None:
    root = small_vault(shared / "vault")
    take_from_runner(root)
    before = file_stamps(root)

    run = run_vaultroad(sync_command(root), user=runner())

    assert run.code == 1, str(run)
    assert "Traceback" not in run.stderr
    lines = run.lines(DENIED)
    assert len(lines) == 1 and ".vaultroad" in lines[0], str(run)
    assert file_stamps(root) == before
    assert not (root / ".vaultroad").exists()


def test_a_read_only_notes_folder_refuses_every_write_of_the_run(shared: Path) -> None:
    """A new topic whose note cannot be created: nothing of the run is written, not even
    the changes that could be (a run is never half done by a cause known in advance)."""
    root = small_vault(shared / "vault")
    sync_now(root)
    roadmap = root / "Roadmaps" / "Plan.md"
    roadmap.write_bytes(roadmap.read_bytes() + b"- [ ] Context managers\n")
    edit(note_of(root, "Roadmaps/Plan.md", "Functions"), "status: todo", "status: done")
    give_to_runner(root)
    take_from_runner(root / "Topics" / "Plan")
    before = file_stamps(root)

    run = run_vaultroad(sync_command(root), user=runner())

    assert run.code == 1, str(run)
    assert "Traceback" not in run.stderr
    lines = run.lines("not writable")
    assert len(lines) == 1 and "Topics/Plan/Context managers.md" in lines[0], str(run)
    assert file_stamps(root) == before


# --- a real full disk


@pytest.mark.parametrize("free_pages", [1, 4])
def test_a_real_full_disk_fails_cleanly_and_heals(tmp_path: Path, free_pages: int) -> None:
    """A 256 KiB tmpfs filled up to `free_pages` free pages of 4 KiB: with one, only the
    lock's record fits; with four, a note or two. Either way every write that does not
    fit fails with a clear line, and once space is freed the next sync heals the vault
    and leaves no temporary file behind, in `.vaultroad/` either."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    try:
        reference = small_vault(tmp_path / "reference")
        sync_now(reference)
        after = user_files(reference)
        root = small_vault(disk / "vault")
        before = user_files(root)
        filler = disk / "filler"
        fill(filler)
        os.truncate(filler, filler.stat().st_size - free_pages * 4096)

        run = run_vaultroad(sync_command(root))

        assert run.code == 1, str(run)
        assert "Traceback" not in run.stderr
        assert run.lines(NO_SPACE), str(run)
        for line in run.stderr.splitlines():
            assert re.match(r"(note|error): \S", line), f"not a clear line: {line}"
        assert torn_files(user_files(root), before, after) == []
        assert state_problems(root) == []

        filler.unlink()
        assert converges(root, after) == []
        leftovers = [p for p in _all_files(root) if p.endswith(".tmp")]
        assert leftovers == [], "temporary files left behind"
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def fill(path: Path) -> None:
    """Write to `path` until the file system is full."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        while True:
            os.write(handle, b"x" * 65536)
    except OSError as error:
        assert error.strerror == NO_SPACE, error
    finally:
        os.close(handle)
    # A last partial page: fill the rest byte-exactly.
    handle = os.open(path, os.O_WRONLY | os.O_APPEND)
    try:
        while True:
            os.write(handle, b"x" * 512)
    except OSError:
        pass
    finally:
        os.close(handle)


def _all_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
