"""Shared helpers of the fault suite: vaults to break, a runner that injects faults, snapshots.

The fault seam (`vaultroad.faults`) reads VAULTROAD_FAULT when it is
imported, so a fault needs a fresh process. `run_vaultroad` forks one from
the test process, sets the variables there and imports the seam module
again (`importlib.reload`, which re-runs it in the same module namespace
that the file layer's `step` reads). The child is a whole `vaultroad …`
command line process (it exits, is killed, or is stopped at a time limit
like any other), but it runs the very code the test process loaded: the
recovery syncs of a test, run in-process, and the killed runs cannot be two
versions of vaultroad even when the source tree changes during a long run.
It also pays neither the interpreter's start-up nor the imports again, about
a fifth of the cost of `python -m vaultroad`, so the suite tries every write
step of several operations within the CI budget. `run_module` is the plain
subprocess, for where the real entry point itself is the point.

The sync command line has no `--today`; the child fixes the date the sync
records as `completed:` to `TODAY` (see `_child`), so that killed runs, the
reference run and the in-process recovery runs all write the same bytes.

This file is also a script: `python faults_support.py writer …` is the
concurrent writer of test_faults_concurrent.py (see `writer_main`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import random
import re
import select
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from vaultroad.synchronize import SyncReport

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "vault"
# Everything a sync writes into a vault; the repository's sample vault is
# copied without it.
SYNC_OUTPUT = ("Topics", "Progress.md", "Maps", ".vaultroad")
STATE_DIR = ".vaultroad"
TEMP_SUFFIX = ".vaultroad-tmp"
RESCUED_SUFFIX = ".vaultroad-rescued"
TODAY = dt.date(2026, 1, 1)
# A run that takes longer than this is hung (a FIFO read, a lock wait).
TIMEOUT = 60.0

Snapshot = dict[str, bytes]
Stamps = dict[str, tuple[bytes, int, int]]


# --- vaults -------------------------------------------------------------------------------

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

READING = """\
# Reading

- [ ✓ ] Fluent Python
- [ ] Effective Python
"""


@contextlib.contextmanager
def scratch_folder(fallback: Path) -> Iterator[Path]:
    """A folder for vault copies, in memory (/dev/shm) where the machine has one.

    A fault test copies, runs and removes a vault hundreds of times, and each
    run fsyncs: on a disk every fsync also commits the journal of those copies
    (seconds per kill point on a slow disk), on tmpfs it costs nothing. What
    is tested does not depend on the medium: a killed process leaves the
    page cache as it was, durable or not.
    """
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK | os.X_OK)):
        yield fallback
        return
    folder = Path(tempfile.mkdtemp(prefix="vaultroad-faults-", dir=shm))
    try:
        yield folder
    finally:
        remove_tree(folder)


def small_vault(root: Path) -> Path:
    """A vault of two small roadmaps: 9 topics in two checkbox styles, a [[link]] to stub."""
    (root / "Roadmaps").mkdir(parents=True)
    (root / "Roadmaps" / "Plan.md").write_bytes(PLAN.encode("utf-8"))
    (root / "Roadmaps" / "Reading.md").write_bytes(READING.encode("utf-8"))
    return root


def both_ways_vault(root: Path) -> Path:
    """The small vault after a first sync, with changes pending in both directions.

    Two boxes changed in the roadmaps (one ticked, one unticked in the
    `[ ✓ ]` style) and two `status:` values changed in notes.
    """
    small_vault(root)
    report = sync_now(root)
    assert report.in_sync and report.changes, report
    edit(root / "Roadmaps" / "Plan.md", "- [ ] Generators", "- [x] Generators")
    edit(root / "Roadmaps" / "Reading.md", "- [ ✓ ] Fluent Python", "- [ ] Fluent Python")
    edit(note_of(root, "Roadmaps/Plan.md", "Functions"), "status: todo", "status: done")
    edit(note_of(root, "Roadmaps/Plan.md", "Closures"), "status: doing", "status: skipped")
    return root


def sample_vault(root: Path) -> Path:
    """A copy of the repository's sample vault, without what an earlier sync left there."""
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(*SYNC_OUTPUT))
    return root


def copy_vault(source: Path, target: Path) -> Path:
    """A copy that keeps mtimes to the nanosecond, so a synced copy is still in sync."""
    if target.exists():
        remove_tree(target)
    shutil.copytree(source, target, symlinks=True)
    return target


def remove_tree(path: Path) -> None:
    """Remove a vault copy, read-only folders included (a test may have made some)."""

    def writable(function: Callable[[str], object], name: str, _info: object) -> None:
        os.chmod(os.path.dirname(name), 0o755)  # noqa: PTH101, PTH120 (shutil hands strings)
        function(name)

    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=writable)
    else:
        shutil.rmtree(path, onerror=writable)


def edit(path: Path, old: str, new: str) -> None:
    """Replace `old` (which must be there, once) by `new`, as a person would.

    The new mtime is one second before the old one: the edit looks changed
    to a sync whatever the file system's timestamp granularity (same-tick
    edits are the concurrent test's business), and no time lies in the
    future, which a sync may wait for.
    """
    before = path.stat().st_mtime_ns
    text = path.read_bytes().decode("utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_bytes(text.replace(old, new).encode("utf-8"))
    os.utime(path, ns=(before - 1_000_000_000, before - 1_000_000_000))


def sync_now(root: Path, **options: object) -> SyncReport:
    """An uninterrupted sync in this process, on `TODAY`."""
    from vaultroad.synchronize import sync

    return sync(root, today=TODAY, **options)  # type: ignore[arg-type]


def note_of(root: Path, roadmap: str, title: str) -> Path:
    """The note of the topic `title` of `roadmap`, as the last sync recorded it."""
    import vaultroad
    from vaultroad.state_db import StateStore

    with StateStore(root / STATE_DIR, readonly=True) as store:
        state = store.load()
    ids = {t.id for t in vaultroad.load(root / roadmap).topics() if t.title == title}
    for topic_id, entry in state.topics.items():
        if entry.roadmap == roadmap and topic_id in ids:
            return root / entry.note
    raise AssertionError(f"no note for {title!r} in {roadmap}")


def status_in(roadmap: Path, title: str) -> str:
    """The status of the topic `title` in a roadmap file."""
    import vaultroad

    found = [t for t in vaultroad.load(roadmap).topics() if t.title == title]
    assert len(found) == 1, (roadmap, title, found)
    return found[0].status.value


# --- snapshots ----------------------------------------------------------------------------


def is_temp(relative: str) -> bool:
    """A temporary file of vaultroad's writer (`.NAME.PID-N.vaultroad-tmp`)."""
    name = relative.rsplit("/", 1)[-1]
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def _walk(root: Path) -> Iterator[tuple[str, str]]:
    """(vault-relative POSIX path, absolute path) of every non-folder entry, links not followed."""
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            full = os.path.join(folder, name)  # noqa: PTH118 (os.walk hands strings)
            yield Path(full).relative_to(root).as_posix(), full


def _content(full: str) -> bytes:
    """A file's bytes; a FIFO, socket or device is named, never opened (that could hang)."""
    info = os.stat(full) if os.path.exists(full) else os.lstat(full)  # noqa: PTH110, PTH116
    if stat.S_ISREG(info.st_mode):
        with open(full, "rb") as stream:  # noqa: PTH123 (a plain string path)
            return stream.read()
    if stat.S_ISLNK(info.st_mode):
        return f"<dangling link to {Path(full).readlink()}>".encode()
    return f"<not a file: mode {info.st_mode:o}>".encode()


def user_files(root: Path) -> Snapshot:
    """Every file of the vault outside `.vaultroad/` (vaultroad's own state): path → bytes.

    Temporary files of the writer are included; `without_temps` drops them.
    """
    return {
        relative: _content(full)
        for relative, full in _walk(root)
        if not relative.startswith(STATE_DIR + "/")
    }


def without_temps(snapshot: Snapshot) -> Snapshot:
    return {path: data for path, data in snapshot.items() if not is_temp(path)}


def temp_files(root: Path) -> list[str]:
    """The writer's temporary files anywhere in the vault, `.vaultroad/` included."""
    return [relative for relative, _ in _walk(root) if is_temp(relative)]


def file_stamps(root: Path) -> Stamps:
    """Bytes, mtime and inode of every file outside `.vaultroad/`: "wrote nothing" is equality."""
    found: Stamps = {}
    for relative, full in _walk(root):
        if relative.startswith(STATE_DIR + "/"):
            continue
        info = os.lstat(full)
        found[relative] = (_content(full), info.st_mtime_ns, info.st_ino)
    return found


def torn_files(current: Snapshot, before: Snapshot, after: Snapshot) -> list[str]:
    """Files holding neither their bytes before an operation nor after it, and lost files.

    The writer's temporary files are allowed (the next sync removes them);
    everything else must be whole: the old version or the new one.
    """
    found = []
    for path, data in sorted(current.items()):
        if data == before.get(path) or data == after.get(path) or is_temp(path):
            continue
        what = "empty" if not data else f"{len(data)} bytes, neither the old nor the new text"
        if path not in before and path not in after:
            what = f"a file that neither version has ({len(data)} bytes)"
        found.append(f"{path}: {what}")
    found += [f"{path}: missing, it was there before" for path in sorted(before.keys() - current)]
    return found


def state_problems(root: Path) -> list[str]:
    """`.vaultroad/state.db`, when it exists, is a whole database of vaultroad's state
    (written in one transaction)."""
    from vaultroad.state_db import integrity_problems

    return [f"{STATE_DIR}/{problem}" for problem in integrity_problems(root / STATE_DIR)]


def snapshot_diff(actual: Snapshot, expected: Snapshot) -> list[str]:
    """Paths whose bytes differ (with the first lines of a diff), or that one side lacks."""
    import difflib

    found = []
    for path in sorted(actual.keys() | expected.keys()):
        if path not in actual:
            found.append(f"{path}: missing")
        elif path not in expected:
            found.append(f"{path}: extra")
        elif actual[path] != expected[path]:
            lines = difflib.unified_diff(
                expected[path].decode("utf-8", "replace").splitlines(),
                actual[path].decode("utf-8", "replace").splitlines(),
                "expected",
                "actual",
                lineterm="",
                n=0,
            )
            changed = [line for line in lines if line[:1] in "+-" and line[:3] not in "+++---"]
            found.append(f"{path}: differs: {changed[:6]}")
    return found


def fold(path: str) -> str:
    """A path as a case-insensitive, normalising file system (macOS, Windows) sees it."""
    return unicodedata.normalize("NFC", path).casefold()


def second_sync_writes(root: Path) -> list[str]:
    """What a further sync wrote: it must write nothing (bytes, mtimes and inodes kept)."""
    before = file_stamps(root)
    report = sync_now(root)
    after = file_stamps(root)
    changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    found = []
    if report.changes:
        found.append(f"a further sync reported changes: {[c.path for c in report.changes]}")
    if changed:
        found.append(f"a further sync touched: {changed}")
    if not report.in_sync:
        found.append(f"a further sync is not in sync: {report.problems} {report.conflicts}")
    return found


def converges(root: Path, after: Snapshot) -> list[str]:
    """The next uninterrupted sync completes and brings the vault to `after`, leaves no
    temporary file, and a sync after it writes nothing. Returns what went wrong."""
    report = sync_now(root)
    found = []
    if not report.in_sync:
        found.append(f"the next sync is not in sync: {report.problems} {report.conflicts}")
    found += [f"after the next sync, {d}" for d in snapshot_diff(user_files(root), after)]
    leftovers = temp_files(root)
    if leftovers:
        found.append(f"temporary files left after the next sync: {leftovers}")
    return found + second_sync_writes(root)


# --- running vaultroad with a fault -------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One disk-changing step as the seam logs it: its number, kind and path."""

    number: int
    kind: str
    path: str

    def relative_to(self, root: Path) -> Step:
        path = self.path
        for base in (str(root), os.path.realpath(root)):
            if path == base:
                path = "."
                break
            if path.startswith(base + os.sep):
                path = Path(path).relative_to(base).as_posix()
                break
        return Step(self.number, self.kind, path)

    def __str__(self) -> str:
        return f"step {self.number} ({self.kind} {self.path})"


@dataclass(frozen=True)
class Run:
    """How one vaultroad process ended, and what it printed."""

    args: tuple[str, ...]
    fault: str | None
    code: int | None  # the exit status; None when a signal ended the process
    signal: int | None
    stdout: str
    stderr: str
    timed_out: bool
    steps: tuple[Step, ...]  # the seam's log, when it was asked for

    @property
    def killed(self) -> bool:
        return self.signal == signal.SIGKILL and not self.timed_out

    def lines(self, needle: str) -> list[str]:
        """The lines of stdout and stderr that contain `needle`."""
        return [line for line in (self.stdout + self.stderr).splitlines() if needle in line]

    def __str__(self) -> str:
        how = (
            "timed out"
            if self.timed_out
            else f"signal {self.signal}"
            if self.signal is not None
            else f"exit {self.code}"
        )
        fault = f" with {self.fault}" if self.fault else ""
        return (
            f"vaultroad {' '.join(self.args)}{fault}: {how}\n"
            f"--- stdout\n{self.stdout}--- stderr\n{self.stderr}"
        )


def run_vaultroad(
    args: Sequence[str | os.PathLike[str]],
    *,
    fault: str | None = None,
    log_steps: bool = False,
    timeout: float = TIMEOUT,
    user: tuple[int, int] | None = None,
    env: Mapping[str, str] | None = None,
) -> Run:
    """Run `vaultroad ARGS` in a new process with the fault seam set to `fault` (e.g. kill@7).

    `log_steps` returns the seam's log of the run; `user` = (uid, gid) runs
    it as another user (the caller is root); a run still going after
    `timeout` seconds is killed and reported as timed out.
    """
    _warm_up()
    arguments = tuple(os.fspath(a) for a in args)
    with tempfile.TemporaryDirectory(prefix="vaultroad-run-") as scratch:
        out, err, log = (os.path.join(scratch, n) for n in ("out", "err", "log"))  # noqa: PTH118
        settings = {"VAULTROAD_NO_CACHE": "1", **(env or {})}
        if fault:
            settings["VAULTROAD_FAULT"] = fault
        if log_steps:
            settings["VAULTROAD_FAULT_LOG"] = log
        if user is not None:
            os.chmod(scratch, 0o777)  # noqa: PTH101 (the child writes its output here)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            _child(arguments, settings, out, err, user)
        status, timed_out = _wait(pid, timeout)
        steps: tuple[Step, ...] = ()
        if log_steps and os.path.exists(log):  # noqa: PTH110
            with open(log, encoding="utf-8") as stream:  # noqa: PTH123
                steps = tuple(_parse_step(line) for line in stream if line.strip())
        with open(out, "rb") as o, open(err, "rb") as e:  # noqa: PTH123
            stdout, stderr = (
                o.read().decode("utf-8", "replace"),
                e.read().decode("utf-8", "replace"),
            )
    return Run(
        arguments,
        fault,
        os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        stdout,
        stderr,
        timed_out,
        steps,
    )


_warm: list[bool] = []


def _warm_up() -> None:
    """Import and use once, in this process, what every child would otherwise load itself.

    A sync loads mdformat and its plugins on first use, `check` and `mark`
    their own modules: done here, before the first fork, every child starts
    with them loaded (and with the same code as this process).
    """
    if _warm:
        return
    _warm.append(True)
    import vaultroad.cli
    import vaultroad.edit  # noqa: F401
    from vaultroad.audit import run_check

    with tempfile.TemporaryDirectory(prefix="vaultroad-warm-") as scratch:
        root = small_vault(Path(scratch) / "vault")
        sync_now(root)
        run_check([root / "Roadmaps" / "Plan.md"], fix=True)


def _parse_step(line: str) -> Step:
    number, kind, path = line.rstrip("\n").split(" ", 2)
    return Step(int(number), kind, path)


def _wait(pid: int, timeout: float) -> tuple[int, bool]:
    """Wait for the child; SIGKILL it after `timeout` seconds (then it counts as timed out)."""
    deadline = time.monotonic() + timeout
    handle = os.pidfd_open(pid) if hasattr(os, "pidfd_open") else None
    try:
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return status, False
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                return os.waitpid(pid, 0)[1], True
            if handle is not None:
                select.select([handle], [], [], left)
            else:
                time.sleep(min(left, 0.002))
    finally:
        if handle is not None:
            os.close(handle)


def _child(
    args: tuple[str, ...],
    settings: Mapping[str, str],
    out: str,
    err: str,
    user: tuple[int, int] | None,
) -> NoReturn:  # pragma: no cover - runs in the forked child only
    """The forked child: a fresh `vaultroad` process that never returns into pytest."""
    code = 70
    try:
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        for target, name in ((1, out), (2, err)):
            handle = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
            os.dup2(handle, target)
            os.close(handle)
        # pytest's capture objects must not be written from here.
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        if user is not None:
            os.setgroups([])
            os.setgid(user[1])
            os.setuid(user[0])
        for name in ("VAULTROAD_FAULT", "VAULTROAD_FAULT_LOG"):
            os.environ.pop(name, None)
        os.environ.update(settings)
        # The seam is read at import: import it again, here (see the module's doc).
        import functools
        import importlib

        import vaultroad.faults
        import vaultroad.synchronize

        importlib.reload(vaultroad.faults)
        vars(vaultroad.synchronize)["sync"] = functools.partial(
            vaultroad.synchronize.sync, today=TODAY
        )
        from vaultroad.cli import main

        try:
            main(list(args), prog_name="vaultroad")
            code = 0
        except SystemExit as end:
            code = end.code if isinstance(end.code, int) else 0 if end.code is None else 1
        except BaseException:  # what python -m vaultroad would print and exit with
            import traceback

            traceback.print_exc()
            code = 1
    except BaseException:  # the child could not start vaultroad: say why (exit 70)
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def run_module(
    args: Sequence[str | os.PathLike[str]],
    *,
    env: Mapping[str, str] | None = None,
    timeout: float = TIMEOUT,
) -> subprocess.CompletedProcess[str]:
    """`python -m vaultroad ARGS` as a plain subprocess (the real entry point)."""
    settings = {
        k: v for k, v in os.environ.items() if k not in ("VAULTROAD_FAULT", "VAULTROAD_FAULT_LOG")
    }
    settings.update({"VAULTROAD_NO_CACHE": "1", **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "vaultroad", *(os.fspath(a) for a in args)],
        env=settings,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


@dataclass(frozen=True)
class Operation:
    """A vaultroad command on a vault: run on fresh copies of `base`, never on `base` itself."""

    name: str
    base: Path
    command: Callable[[Path], list[str]]  # the arguments for a copy at this root
    code: int = 0  # the exit status of an uninterrupted run

    def reference(self, work: Path) -> tuple[Snapshot, list[Step]]:
        """The user files after an uninterrupted run, and that run's steps (vault-relative)."""
        root = copy_vault(self.base, work / f"{self.name}-reference")
        run = run_vaultroad(self.command(root), log_steps=True)
        assert run.code == self.code, f"the uninterrupted run failed:\n{run}"
        assert run.steps, f"the seam logged no step:\n{run}"
        return without_temps(user_files(root)), [s.relative_to(root) for s in run.steps]

    def attempt(self, work: Path, fault: str | None) -> tuple[Path, Run]:
        """A fresh copy of the base, and the run on it with `fault`."""
        root = copy_vault(self.base, work / f"{self.name}-attempt")
        return root, run_vaultroad(self.command(root), fault=fault)


def sync_command(root: Path) -> list[str]:
    return ["sync", str(root)]


def sample_points(total: int, count: int, *, head: int = 0, tail: int = 0) -> list[int]:
    """`count` step numbers spread evenly over 1…total (the last one included), plus the
    first `head` and last `tail` steps; every step when `count` reaches `total`."""
    if count >= total:
        return list(range(1, total + 1))
    points = {total * (i + 1) // count for i in range(count)}
    points |= set(range(1, min(head, total) + 1))
    points |= set(range(max(1, total - tail + 1), total + 1))
    return sorted(p for p in points if p >= 1)


def temp_target(step: Step) -> str:
    """The file a step works for: a temporary file's target, or the step's own path."""
    folder, _, name = step.path.rpartition("/")
    match = re.fullmatch(r"\.(.+)\.\d+-\d+" + re.escape(TEMP_SUFFIX), name)
    if match is None:
        return step.path
    return f"{folder}/{match[1]}" if folder else match[1]


# --- the scorecard ------------------------------------------------------------------------


def scorecard(name: str, **counts: int) -> str:
    """Print one scorecard line; with VAULTROAD_FAULT_SCORECARD=FILE, also append it there
    as JSON (benchmarks/faults.py collects the lines of a long run)."""
    line = f"scorecard {name}: " + ", ".join(
        f"{k.replace('_', ' ')} {v}" for k, v in counts.items()
    )
    print(line)
    target = os.environ.get("VAULTROAD_FAULT_SCORECARD")
    if target:
        with open(target, "a", encoding="utf-8") as stream:  # noqa: PTH123
            stream.write(json.dumps({"name": name, **counts}) + "\n")
    return line


# --- the concurrent writer (run as a script) ----------------------------------------------

ROADMAP_LINE = "appended roadmap line {}"
MAX_LINES = 20_000
NOTE_LINE = "appended note line {}"


def _append(path: Path, line: str) -> bool:
    """Append one paragraph the way a plugin or a script would; True when the write went to
    a file that was no longer at `path` by the time it was written (replaced meanwhile)."""
    handle = os.open(path, os.O_WRONLY | os.O_APPEND)
    try:
        os.write(handle, f"\n{line}\n".encode())
        return os.fstat(handle).st_ino != path.stat().st_ino
    finally:
        os.close(handle)


def _flip(path: Path) -> tuple[str, bool] | None:
    """Flip `status:` todo↔done in place, as an editor saving a one-word change would."""
    handle = os.open(path, os.O_RDWR)
    try:
        data = os.pread(handle, 1 << 20, 0)
        match = re.search(rb"^status: (todo|done)$", data, re.MULTILINE)
        if match is None:
            return None
        new = b"done" if match[1] == b"todo" else b"todo"
        os.pwrite(handle, new, match.start(1))
        return new.decode(), os.fstat(handle).st_ino != path.stat().st_ino
    finally:
        os.close(handle)


def writer_main(argv: Sequence[str]) -> None:
    """`writer ROADMAP NOTE STOP LOG SEED`: append numbered paragraphs to both files and flip
    the note's status now and then, until STOP exists; then write what was done to LOG.

    After half of the flips the writer goes quiet until the next one: then only
    `status:` changes, keeping the note's size, which is the edit a sync could
    mistake for none. Times are `time.monotonic_ns()`, one clock for every
    process of the machine, so the test can tell which syncs ran entirely
    while the note held one value.
    """
    roadmap, note, stop, log = map(Path, argv[:4])
    rng = random.Random(int(argv[4]))
    lines = 0
    raced_lines: list[int] = []
    flips: list[dict[str, object]] = []
    quiet = False
    next_flip = time.monotonic() + rng.uniform(0.01, 0.05)
    while not stop.exists():
        if not quiet and lines < MAX_LINES:
            lines += 1
            raced = _append(roadmap, ROADMAP_LINE.format(lines))
            if _append(note, NOTE_LINE.format(lines)) or raced:
                raced_lines.append(lines)
        if time.monotonic() >= next_flip:
            start = time.monotonic_ns()
            flipped = _flip(note)
            end = time.monotonic_ns()
            if flipped is not None:
                flips.append({"value": flipped[0], "start": start, "end": end, "raced": flipped[1]})
            quiet = rng.random() < 0.5
            # Some windows shorter than a sync, some long enough for several.
            next_flip = time.monotonic() + rng.choice((0.002, 0.01, 0.04, 0.12, 0.3))
        if lines == 1:
            stop.with_name("ready").touch()
        # A few appends per sync, at a pace that keeps the files small enough for
        # hundreds of syncs (each sync reads both whole).
        time.sleep(rng.uniform(0, 0.008))
    log.write_text(json.dumps({"lines": lines, "raced_lines": raced_lines, "flips": flips}))


@contextlib.contextmanager
def concurrent_writer(roadmap: Path, note: Path, work: Path, seed: int) -> Iterator[Path]:
    """Run `writer_main` in another process while the block runs; yields its log's path."""
    stop, log, ready = work / "stop", work / "writer.json", work / "ready"
    process = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "writer",
            str(roadmap),
            str(note),
            str(stop),
            str(log),
            str(seed),
        ]
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        while not ready.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        assert ready.exists(), f"the writer did not start (exit {process.poll()})"
        yield log
    finally:
        stop.touch()
        process.wait(timeout=TIMEOUT)
    assert process.returncode == 0, f"the writer failed (exit {process.returncode})"


if __name__ == "__main__":
    if sys.argv[1:2] == ["writer"]:
        writer_main(sys.argv[2:])
    else:
        raise SystemExit(f"usage: {sys.argv[0]} writer ROADMAP NOTE STOP LOG SEED")
