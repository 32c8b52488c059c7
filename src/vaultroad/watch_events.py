"""The OS's file events of a vault, for `watch`: watchdog's observer behind a pipe.

watchdog's observer thread blocks on the kernel's notifications (inotify,
FSEvents, ReadDirectoryChangesW) and wakes only when something happens, so
an idle watch costs no CPU. Each event's paths go to a queue and a byte to a
pipe; `wait` blocks on the pipe, which `wake` (a signal handler) writes to
as well, so Ctrl-C and SIGTERM end a wait at once without a polling loop.

Reads are not changes: watchdog also reports files opened and closed
unwritten (a sync reads every roadmap), and those events are dropped here.
"""

from __future__ import annotations

import contextlib
import os
import select
from collections import deque
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .errors import VaultroadError

__all__ = ["FileEvents"]

# The events that can mean a file's bytes changed, appeared or went away.
_WRITES = frozenset({"created", "modified", "moved", "deleted", "closed"})


class _Forward(FileSystemEventHandler):
    def __init__(self, events: FileEvents) -> None:
        self.events = events

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _WRITES:
            return
        names = [event.src_path, event.dest_path] if event.dest_path else [event.src_path]
        self.events.arrived([os.fsdecode(name) for name in names])


class FileEvents:
    """Changed paths under `root` (recursively), as `watch.EventSource` asks.

    The paths are under the resolved `root`, as a `Vault`'s are: a vault given
    as `.` or through a symbolic link is watched where it really is.
    """

    def __init__(self, root: Path) -> None:
        self._paths: deque[str] = deque()
        self._read, self._write = os.pipe()
        os.set_blocking(self._read, False)
        os.set_blocking(self._write, False)
        self._observer = Observer()
        try:
            self._observer.schedule(_Forward(self), os.fspath(root.resolve()), recursive=True)
            self._observer.start()
        except OSError as error:
            self._close_pipe()
            raise VaultroadError(
                f"cannot watch for changes: {error.strerror or error}", path=os.fspath(root)
            ) from None

    def arrived(self, names: list[str]) -> None:
        """Called on watchdog's thread (deque appends are thread-safe)."""
        self._paths.extend(names)
        self.wake()

    def wake(self) -> None:
        # A full pipe means a wake is pending anyway; a closed one, that we are done.
        with contextlib.suppress(OSError):
            os.write(self._write, b"\0")

    def wait(self, timeout: float | None) -> list[str]:
        if not self._paths:
            select.select([self._read], [], [], timeout)
        with contextlib.suppress(OSError):  # BlockingIOError: drained
            while os.read(self._read, 4096):
                pass
        names = []
        while self._paths:
            names.append(self._paths.popleft())
        return names

    def close(self) -> None:
        self._observer.stop()
        self._observer.join()
        self._close_pipe()

    def _close_pipe(self) -> None:
        for handle in (self._read, self._write):
            with contextlib.suppress(OSError):
                os.close(handle)
