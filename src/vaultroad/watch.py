"""`watch`: keep a vault in sync while an editor is open, one sync per settled change.

A `Watcher` takes the paths of changed files from an event source (the OS's
file events through `watch_events`, or fake ones in tests), keeps those that
matter to a sync, waits until they have settled, then calls `sync` and hands
the outcome to a callback. It never prints and never holds the vault's lock
while idle: `sync` takes the lock for each run.

Which files matter: roadmaps (the configured globs, any note that declares
`vaultroad: roadmap`, and every file the last look found to be one), the
notes folder, the summary and `.vaultroad.toml`. Nothing under `.obsidian/`,
`.trash/`, `.git/` or `.vaultroad/` does, nor vaultroad's own temporary files.

Settled: an editor saves a file in steps (truncate, write, write …, or a
temporary file renamed over it), and Obsidian saves every couple of seconds
while one types. A changed file counts once it has had no event for `quiet`
seconds and its size and mtime are the same at two checks `quiet` apart; a
sync waits until every changed file has settled, since it reads them all.

Its own writes: the files a sync wrote send events of their own. After each
sync the watcher notes the size, mtime and hash of what the sync left (and
the stamp under which the files that triggered it were read); an event whose
file still matches is not a change. A sync that finds the vault locked by
another one is tried again after `retry` seconds.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import Protocol

from .config import CONFIG_NAME
from .digest import blake2b
from .discover import IGNORED_DIRS
from .errors import VaultroadError
from .fileio import Stamp, read_regular
from .lock import LockedError
from .sync_report import SyncReport
from .synchronize import sync
from .vault import Vault, declares_roadmap

__all__ = [
    "DEFAULT_QUIET",
    "DEFAULT_RETRY",
    "Debouncer",
    "EventSource",
    "Relevance",
    "WatchOutcome",
    "Watcher",
    "file_stamp",
]

# An editor's save is over well within this (Obsidian writes a note in one go).
DEFAULT_QUIET = 1.0
# How long to wait before trying again when another sync holds the lock.
DEFAULT_RETRY = 1.0


class EventSource(Protocol):
    """Where changed paths come from (`watch_events.FileEvents`, or a fake in tests)."""

    def wait(self, timeout: float | None) -> list[str]:
        """Paths changed since the last call; [] after `timeout` seconds (None: no
        limit) or when `wake` was called."""
        ...

    def wake(self) -> None:
        """Make a `wait` in progress return now (safe to call from a signal handler)."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class WatchOutcome:
    """One sync of the watch: its report, or the error that stopped it."""

    changed: tuple[str, ...]  # vault-relative files that led to it; () for the first sync
    report: SyncReport | None = None
    error: VaultroadError | None = None


def file_stamp(path: Path) -> Stamp | None:
    """The file's size and mtime; None when it is gone (or not a file)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return Stamp(info.st_size, info.st_mtime_ns)


def _digest(path: Path) -> bytes | None:
    try:
        return blake2b(path.read_bytes(), digest_size=16).digest()
    except OSError:
        return None


def _digest_if(path: Path, stamp: Stamp | None) -> bytes | None:
    """The hash of the file's bytes if it still has `stamp` (as a sync wrote it), else None:
    a save that came after the sync's write is never taken for the sync's own."""
    if stamp is None:
        return None
    try:
        data, now = read_regular(path)  # bytes and stamp of one open file, read together
    except VaultroadError:
        return None
    return blake2b(data, digest_size=16).digest() if now == stamp else None


def _glob_match(pattern: tuple[str, ...], parts: tuple[str, ...]) -> bool:
    """`parts` matches the glob `pattern` as `Path.glob` would find it (`**`: any folders)."""
    if not pattern:
        return not parts
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        return any(_glob_match(rest, parts[i:]) for i in range(len(parts) + 1))
    return bool(parts) and fnmatchcase(parts[0], head) and _glob_match(rest, parts[1:])


class Relevance:
    """Which changed paths a sync must see (see the module's docstring)."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.roadmaps: set[Path] = set()  # what the last look found to be roadmaps
        self._globs = [tuple(PurePosixPath(p).parts) for p in vault.config.roadmaps]
        self._notes = PurePosixPath(vault.config.notes_folder).parts
        self._summary = PurePosixPath(vault.config.summary).parts

    def look(self) -> None:
        """Find the vault's roadmaps again (after a sync, or the configuration changed)."""
        self.roadmaps = set(self.vault.discover().roadmaps)

    def relative(self, path: Path) -> tuple[str, ...] | None:
        """The path's parts inside the vault; None outside it."""
        try:
            return path.relative_to(self.vault.root).parts
        except ValueError:
            return None

    def matters(self, path: Path) -> bool:
        parts = self.relative(path)
        if not parts or any(part in IGNORED_DIRS for part in parts[:-1]):
            return False
        name = parts[-1]
        if parts == (CONFIG_NAME,):
            return True
        if not name.endswith(".md"):  # vaultroad's temporary files end otherwise
            return False
        if path in self.roadmaps or parts == self._summary:
            return True
        if parts[: len(self._notes)] == self._notes:
            return True
        if any(_glob_match(glob, parts) for glob in self._globs):
            return True
        # A note elsewhere is a roadmap if it says so (a gone one was not: not in roadmaps).
        return declares_roadmap(path)


@dataclass
class _Pending:
    since: float  # the last event, or the last check that found the file changed
    stamp: Stamp | None  # the file then (None: gone)


@dataclass
class Debouncer:
    """Changed files, held until each has settled (see the module's docstring).

    `clock` values are passed in, so tests drive it without sleeping.
    """

    quiet: float = DEFAULT_QUIET
    stat: Callable[[Path], Stamp | None] = file_stamp
    _pending: dict[Path, _Pending] = field(default_factory=dict)

    @property
    def busy(self) -> bool:
        """Changed files are waiting to settle."""
        return bool(self._pending)

    def changed(self, path: Path, now: float) -> None:
        self._pending[path] = _Pending(now, self.stat(path))

    def settled(self, now: float) -> bool:
        """Every changed file (at least one) has been quiet and stable for `quiet` seconds."""
        if not self._pending:
            return False
        ready = True
        for path, pending in self._pending.items():
            if now - pending.since < self.quiet:
                ready = False
                continue
            stamp = self.stat(path)
            if stamp != pending.stamp:
                # Written to without an event we saw yet (or still being
                # written): wait a quiet period from now.
                pending.since, pending.stamp = now, stamp
                ready = False
        return ready

    def take(self) -> dict[Path, Stamp | None]:
        """The settled files with the stamps they settled at; none are held afterwards."""
        taken = {path: pending.stamp for path, pending in self._pending.items()}
        self._pending.clear()
        return taken

    def wait_time(self, now: float) -> float | None:
        """Seconds until the next check is due; None when nothing is waiting."""
        if not self._pending:
            return None
        last = max(pending.since for pending in self._pending.values())
        return max(0.0, last + self.quiet - now)


@dataclass(frozen=True)
class _Left:
    """A file as the last sync left it (a hash only for the files it wrote)."""

    stamp: Stamp | None
    digest: bytes | None = None


class Watcher:
    """Syncs the vault at `root` after each settled change, until `stop` is called.

    `source` gives the changed paths; `report` receives each sync's outcome.
    `sync_vault` stands in for `synchronize.sync` in tests.
    """

    def __init__(
        self,
        root: str | os.PathLike[str],
        source: EventSource,
        report: Callable[[WatchOutcome], None],
        *,
        quiet: float = DEFAULT_QUIET,
        retry: float = DEFAULT_RETRY,
        prefer: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        sync_vault: Callable[..., SyncReport] = sync,
    ) -> None:
        self.vault = Vault.open(root)
        self.relevance = Relevance(self.vault)
        self.source = source
        self.report = report
        self.debouncer = Debouncer(quiet)
        self.retry = retry
        self.prefer = prefer
        self.clock = clock
        self.sync_vault = sync_vault
        self._left: dict[Path, _Left] = {}
        self._stopped = False

    def stop(self) -> None:
        """End `run` after the sync in progress, if any (safe from a signal handler)."""
        self._stopped = True
        self.source.wake()

    def run(self) -> None:
        """Sync once, then after every settled change, until stopped."""
        changed: dict[Path, Stamp | None] = {}
        must_sync, retry_at = True, 0.0
        locked_said = False
        while not self._stopped:
            now = self.clock()
            if self.debouncer.settled(now):
                changed.update(self.debouncer.take())
                must_sync = True
            if must_sync and not self.debouncer.busy and now >= retry_at:
                outcome = self._sync(changed)
                if isinstance(outcome.error, LockedError):
                    # Another sync runs: try again soon; say so once per wait.
                    if not locked_said:
                        self.report(outcome)
                    locked_said = True
                    retry_at = self.clock() + self.retry
                    continue
                self.report(outcome)
                must_sync, locked_said = False, False
                changed = {}
                continue
            timeout = self.debouncer.wait_time(now)
            if must_sync:
                until_retry = max(0.0, retry_at - now)
                timeout = until_retry if timeout is None else min(timeout, until_retry)
            self._take_events(self.source.wait(timeout))

    def _take_events(self, names: Iterable[str]) -> None:
        now = self.clock()
        for name in names:
            path = Path(name)
            if not self.relevance.matters(path) or self._as_left(path):
                continue
            self.debouncer.changed(path, now)

    def _as_left(self, path: Path) -> bool:
        """The file is as the last sync left it: the event is the sync's own write (or old)."""
        left = self._left.get(path)
        if left is None:
            return False
        stamp = file_stamp(path)
        if stamp == left.stamp:
            return True
        if left.digest is not None and stamp is not None and _digest(path) == left.digest:
            # Same bytes under a new mtime (an editor saving what it reloaded).
            self._left[path] = _Left(stamp, left.digest)
            return True
        del self._left[path]
        return False

    def _sync(self, changed: dict[Path, Stamp | None]) -> WatchOutcome:
        names = tuple(
            sorted(
                "/".join(parts)
                for parts in (self.relevance.relative(path) for path in changed)
                if parts
            )
        )
        if (self.vault.root / CONFIG_NAME) in changed:
            self._reopen()
        try:
            report = self.sync_vault(self.vault.root, prefer=self.prefer)
        except VaultroadError as error:
            return WatchOutcome(names, error=error)
        # What the sync read: the changed files as they settled; what it wrote: as it left them.
        left = {path: _Left(stamp) for path, stamp in changed.items()}
        for change in report.changes:
            path = self.vault.root / change.path
            left[path] = _Left(change.stamp, _digest_if(path, change.stamp))
        self._left = left
        with contextlib.suppress(VaultroadError):  # an unreadable folder: the next sync says so
            self.relevance.look()
        return WatchOutcome(names, report=report)

    def _reopen(self) -> None:
        """Read the configuration again (its globs and folders decide what matters)."""
        try:
            self.vault = Vault.open(self.vault.root)
        except VaultroadError:
            return  # the sync reports the bad configuration
        roadmaps = self.relevance.roadmaps
        self.relevance = Relevance(self.vault)
        self.relevance.roadmaps = roadmaps
