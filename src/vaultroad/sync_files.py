"""The files of one sync run: read with their stamps, written all-or-nothing-refused.

A sync plans every write before the first one (see `synchronize`); this
module is where its reads and writes meet the disk. It remembers the stamp
of each file as the run read or wrote it (the state records these, never a
stat taken later: a note saved by the user after the run read it must look
changed to the next run), checks every target before writing any, and
writes through `fileio`'s protocol.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .digest import blake2b
from .errors import ConcurrentChangeError, VaultroadError
from .fileio import (
    Replaced,
    Stamp,
    check_writable,
    create_file,
    late_writes,
    make_dirs,
    read_regular,
    replace_file,
)
from .filenames import resolve_inside
from .source import decode
from .state import FileStamp
from .sync_report import SyncIssue

__all__ = ["Planned", "RunFiles"]

# Longer than the coarsest clock tick of the file systems a vault lives on
# (Linux stamps files from a clock that ticks every 1-10 ms).
RECENT_NS = 30_000_000


@dataclass
class Planned:
    """One file a sync run means to write."""

    path: Path
    relative: str  # vault-relative, POSIX
    kind: str  # "roadmap", "note", "stub", "summary" or "map"
    # What the file is to hold: its text as UTF-8, encoded once where it is planned
    # (which compares it with `original`) for the write and the state's digest.
    data: bytes
    original: bytes | None  # what was read; None: a new file
    topics: list[str] = field(default_factory=list)  # titles whose status this write moves
    ids: list[str] = field(default_factory=list)  # topics whose new state needs this write


def _within_tick(mtime_ns: int) -> bool:
    """Whether a later write could get this very mtime: it is about now.

    A time well in the past is safe (later writes get later times), and so
    is one in the future (a clock skewed by a sync client, a test's touch):
    a real write gets the present time, which differs from it.
    """
    return abs(time.time_ns() - mtime_ns) < RECENT_NS


def _digest(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


class RunFiles:
    """Reads and writes of one run, with the stamps the state will record."""

    def __init__(self, root: Path, problems: list[SyncIssue], notices: list[str]) -> None:
        self.root = root
        self.problems = problems
        self.notices = notices
        self.seen: dict[str, Stamp] = {}  # as read
        self.written: dict[str, Stamp] = {}  # as written
        # Digests of what this run saw in files stamped within the file
        # system's clock tick (see `settle`).
        self.recent: dict[str, str] = {}

    # --- reading

    def read(self, path: Path, relative: str) -> bytes:
        """A file's bytes, its stamp remembered as read."""
        data, seen = read_regular(path)
        self.seen[relative] = seen
        if _within_tick(seen.mtime_ns):
            self.recent[relative] = _digest(data)
        return data

    def read_text(self, path: Path, relative: str) -> tuple[bytes, str]:
        data = self.read(path, relative)
        return data, decode(data, relative)

    def unchanged(self, relative: str, stamp: Stamp) -> None:
        """A file not read because its stamp matched the last run's: that stamp stands."""
        self.seen[relative] = stamp

    def stamp(self, relative: str) -> Stamp | None:
        """The file's stamp as this run last saw it (written, else read)."""
        return self.written.get(relative) or self.seen.get(relative)

    # --- writing

    def write(self, planned: list[Planned]) -> list[Planned]:
        """Write every planned file; return those written.

        Every target is checked first (inside the vault, a regular file the
        user lets us write, a folder we may create in): one refusal and
        nothing is written, so a run is never half done by a cause known in
        advance. What only shows while writing (a full disk, another program
        saving) leaves each file whole, old or new, and the state records
        only what was written, so the next run completes the rest.
        """
        targets = self._preflight(planned)
        if targets is None:
            return []
        written: list[Planned] = []
        # The replaced files, read once more when every write is done: an editor
        # that opened one before our rename may write to it after (`late_writes`).
        replaced: list[Replaced] = []
        try:
            self._write_each(planned, targets, written, replaced)
        finally:
            late = late_writes(replaced)
        if not late:
            return written
        by_name = {str(target): item for item, target in zip(planned, targets, strict=True)}
        undone = set()
        for name, message in late:
            item = by_name[name]
            self.problems.append(SyncIssue(item.relative, message))
            self.written.pop(item.relative, None)
            self.recent.pop(item.relative, None)
            undone.add(id(item))
        return [item for item in written if id(item) not in undone]

    def _write_each(
        self,
        planned: list[Planned],
        targets: list[Path],
        written: list[Planned],
        replaced: list[Replaced],
    ) -> None:
        made_dirs: set[Path] = set()
        for item, target in zip(planned, targets, strict=True):
            data = item.data
            if data == item.original:
                continue
            try:
                if item.original is None:
                    if target.parent not in made_dirs:
                        make_dirs(target.parent)
                        made_dirs.add(target.parent)
                    self.written[item.relative] = create_file(target, data)
                else:
                    self.written[item.relative] = replace_file(
                        target, data, expected=item.original, keep=replaced
                    )
            except ConcurrentChangeError as error:
                message = error.message
                if message.startswith("changed on disk since it was read"):
                    message = "changed on disk during the sync; not written"
                self.problems.append(SyncIssue(item.relative, message))
                continue
            except VaultroadError as error:  # a full disk, a file where a folder should be …
                self.problems.append(SyncIssue(item.relative, error.message, error.line))
                continue
            self.recent[item.relative] = _digest(data)
            written.append(item)

    def _preflight(self, planned: list[Planned]) -> list[Path] | None:
        """Each planned file's target, or None (and the reasons reported) if any is refused."""
        real_dirs: dict[str, str] = {}
        # Folders a new file may be created in: that answer is the folder's, and a
        # first sync creates dozens of notes in each.
        open_folders: set[str] = set()
        targets: list[Path] = []
        refused = 0
        for item in planned:
            try:
                target = resolve_inside(self.root, item.relative, real_dirs)
                if item.original is not None:
                    check_writable(target)
                elif (folder := os.path.dirname(target)) not in open_folders:  # noqa: PTH120
                    check_writable(target, new=True)
                    open_folders.add(folder)
            except VaultroadError as error:
                self.problems.append(SyncIssue(item.relative, error.message, error.line))
                refused += 1
                continue
            targets.append(target)
        if not refused:
            return targets
        self.notices.append(
            f"nothing was written: {refused} file(s) cannot be written (see above);"
            " fix that and sync again"
        )
        return None

    def forget(self, relatives: Iterable[str]) -> None:
        """Drop what this run keeps of files whose stamps the state has recorded (a run
        that writes its roadmaps a batch at a time keeps only the batch's)."""
        for relative in relatives:
            self.seen.pop(relative, None)
            self.written.pop(relative, None)
            self.recent.pop(relative, None)

    # --- the stamps the state records

    def settle(self, files: dict[str, FileStamp]) -> None:
        """Drop the stamps another write could still share, unless the file is unchanged.

        File times tick coarsely (a few milliseconds): a note saved by the
        user in the same tick as this run read or wrote it keeps the same
        mtime, and for a status (`todo` → `done`) the same size too; its
        change would look like no change. So once the tick is over, each
        recently stamped file is read again: unchanged, its stamp is safe
        (any later write gets a later time); changed, its stamp is dropped
        and the next run reads it.
        """
        # Every file stamped within a tick of when this run read or wrote it, however
        # long ago that is now: a save in that tick may have kept the stamp.
        recent = [r for r in files if r in self.recent]
        if not recent:
            return
        newest = max(files[r].mtime_ns for r in recent)
        wait = min(newest + RECENT_NS - time.time_ns(), RECENT_NS)
        if wait > 0:
            time.sleep(wait / 1e9)
        for relative in recent:
            try:
                data, now = read_regular(self.root / relative)
            except VaultroadError:
                del files[relative]
                continue
            saved = files[relative]
            if _digest(data) != self.recent[relative] or now != (saved.size, saved.mtime_ns):
                del files[relative]
