"""The vault's state folder and its lock: one sync at a time, and a killed one never blocks.

`.vaultroad/` must be a real folder inside the vault: a symbolic link (to a
folder elsewhere) is refused, so state, cache and lock are never written
outside the vault.

The lock is an advisory `flock` on `.vaultroad/lock`, which the kernel
releases when the process ends, however it ends: a sync killed with SIGKILL
leaves no lock behind. While a sync runs, the file holds its PID, host and
start time (shown to a second sync that is turned away); a clean end empties
it (unless a temporary file could not be removed). A non-empty lock file
that nobody holds is therefore the mark of an interrupted run: the next sync
says so, removes the temporary files it left, and completes its work (every
sync reconciles the whole vault, so completing is just running). Where
`flock` does not exist (Windows), the file is created exclusively instead,
and a lock whose process is gone (same host) or that is older than any run
could take is taken over with a message.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import VaultroadError
from .faults import step
from .fileio import take_left_behind

__all__ = ["LockedError", "ensure_state_dir", "vault_lock"]

# No sync of even a very large vault takes this long: a lock older than this
# (on systems without flock) is left over from a run that died.
STALE_AFTER = dt.timedelta(hours=6)


class LockedError(VaultroadError):
    """Another sync holds the vault's lock."""


def ensure_state_dir(directory: Path) -> None:
    """Make `.vaultroad/` if needed; refuse a link or a file in its place."""
    try:
        info = os.lstat(directory)
    except FileNotFoundError:
        try:
            step("mkdir", directory)
            directory.mkdir()
        except FileExistsError:
            return ensure_state_dir(directory)
        except OSError as error:
            raise VaultroadError(
                f"cannot create the state folder: {error.strerror or error}", path=str(directory)
            ) from None
        return None
    except OSError as error:
        raise VaultroadError(
            f"cannot use: {error.strerror or error}", path=str(directory)
        ) from None
    if stat.S_ISLNK(info.st_mode):
        raise VaultroadError(
            "is a symbolic link; vaultroad keeps its state only in a real folder inside the"
            " vault (replace the link by a folder)",
            path=str(directory),
        )
    if not stat.S_ISDIR(info.st_mode):
        raise VaultroadError(
            "is not a folder; vaultroad keeps its state there", path=str(directory)
        )
    return None


def _record() -> bytes:
    started = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    return f"pid {os.getpid()} on {socket.gethostname()} since {started}\n".encode()


def _holder(data: bytes) -> str:
    text = data.decode("utf-8", "replace").strip()
    return text or "unknown process"


@contextmanager
def vault_lock(directory: Path) -> Iterator[str | None]:
    """Hold the vault's lock; yields a notice when the previous run was interrupted."""
    ensure_state_dir(directory)
    path = directory / "lock"
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        with _exclusive_lock(path) as notice:
            yield notice
        return
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        step("open", path)
        handle = os.open(path, flags, 0o644)
    except OSError as error:
        raise VaultroadError(
            f"cannot take the vault's lock: {error.strerror or error}", path=str(path)
        ) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = _holder(os.pread(handle, 4096, 0))
            raise LockedError(
                f"another vaultroad sync is running ({holder})", path=str(path)
            ) from None
        previous = os.pread(handle, 4096, 0)
        notice = None
        if previous.strip():
            notice = (
                f"the previous sync ({_holder(previous)}) was interrupted;"
                " this one completes its work"
            )
        try:
            step("truncate", path)
            os.ftruncate(handle, 0)
            step("write", path)
            os.pwrite(handle, _record(), 0)
        except OSError as error:
            raise VaultroadError(
                f"cannot take the vault's lock: {error.strerror or error}", path=str(path)
            ) from None
        interrupted = False
        try:
            yield notice
        except BaseException as error:
            # Ctrl-C or a signal's SystemExit may land between a temporary
            # file's creation and the moment its name is kept for removal.
            interrupted = not isinstance(error, (Exception, GeneratorExit))
            raise
        finally:
            try:
                # A clean end, unless a temporary file could not be removed or
                # the run was interrupted: then the record stays and the next
                # sync sweeps for leftovers.
                if not take_left_behind() and not interrupted:
                    step("truncate", path)
                    os.ftruncate(handle, 0)
            except OSError:
                pass  # the next run then sweeps once more; no harm
    finally:
        os.close(handle)  # releases the flock


@contextmanager
def _exclusive_lock(path: Path) -> Iterator[str | None]:  # pragma: no cover - Windows
    notice = None
    for _ in range(2):
        try:
            handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileExistsError:
            holder = _holder(path.read_bytes()) if path.exists() else "unknown process"
            if not _stale(path, holder):
                raise LockedError(
                    f"another vaultroad sync is running ({holder})", path=str(path)
                ) from None
            notice = f"took over the lock of a sync that is gone ({holder})"
            path.unlink(missing_ok=True)
    else:
        raise LockedError("another vaultroad sync is running", path=str(path))
    try:
        os.write(handle, _record())
        os.close(handle)
        yield notice
    finally:
        path.unlink(missing_ok=True)


def _stale(path: Path, holder: str) -> bool:  # pragma: no cover - Windows
    try:
        age = dt.datetime.now().timestamp() - path.stat().st_mtime
    except OSError:
        return True
    if age > STALE_AFTER.total_seconds():
        return True
    words = holder.split()
    if len(words) >= 4 and words[0] == "pid" and words[3] == socket.gethostname():
        try:
            os.kill(int(words[1]), 0)
        except (OSError, ValueError):
            return True
    return False
