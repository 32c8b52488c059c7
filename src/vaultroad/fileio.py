"""Reading and writing user files without ever losing a byte.

The write protocol, and the window each step closes:

1. **Nothing empty under a final name.** New content goes to a temporary
   file beside the target (`.NAME.PID-N.vaultroad-tmp`), written in full
   first. A new file is then *linked* to its name (`link` fails if the name
   appeared meanwhile, so nobody's file is replaced), an existing one is
   *renamed* over. A process killed at any step leaves the old file or the
   new one, and at worst a temporary file that the next sync removes.
2. **Compare immediately before the rename.** The file is opened and read
   again right before the rename: if it no longer holds what the caller
   read (an editor saved, a sync client wrote, someone appended), nothing is
   written (`ConcurrentChangeError`).
3. **Compare again after the rename.** The descriptor opened in step 2 still
   reads the replaced file. If another program wrote to it between the
   comparison and the rename (an append, or an editor that truncates and
   then writes), its text is not lost: it is put back under the file's name
   and the race is reported, never hidden.
   A writer that opened the file before the rename may still write to the
   replaced file later. A sync therefore keeps those descriptors (`Replaced`)
   until all its files are written and reads each once more
   (`late_writes`): what was added meanwhile is put back the same way.
4. **Only what the user lets us write.** Only regular files are opened (a
   FIFO would hang the run); a file without write permission (mode 0444, or
   not writable by this user) is refused, never replaced behind the user's
   back; the owner, group and mode of a replaced file are kept.

Every disk-changing call goes through `faults.step` first, so the fault tests
can kill the process or fail with ENOSPC at every single step. Every
`OSError` becomes a `VaultroadError` naming the path and the reason.
"""

from __future__ import annotations

import errno
import itertools
import os
import re
import stat
import time
from collections.abc import Iterator, Mapping
from typing import NamedTuple, NoReturn

from .errors import ConcurrentChangeError, VaultroadError
from .faults import step
from .lazy_re import lazy_compile
from .model import Status
from .source import decode

__all__ = [
    "TEMP_SUFFIX",
    "Replaced",
    "Stamp",
    "WriteError",
    "check_writable",
    "create_file",
    "late_writes",
    "make_dirs",
    "read_head",
    "read_regular",
    "read_text",
    "remove_leftovers",
    "remove_unchanged",
    "replace_file",
    "update_statuses",
    "write_private",
    "write_text_atomic",
]

TEMP_SUFFIX = ".vaultroad-tmp"
_WINDOWS = os.name == "nt"
_serial = itertools.count(1)


class WriteError(VaultroadError):
    """A file could not be written (full disk, permissions, a folder in the way …)."""


class Stamp(NamedTuple):
    """What a later run compares to tell whether a file changed: its size and mtime."""

    size: int
    mtime_ns: int


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


# --- reading


def _open_regular(name: str) -> int:
    """A read descriptor for `name`, refusing anything but a regular file.

    O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer
    forever (while the sync holds the vault's lock).
    """
    handle = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise VaultroadError(f"not a regular file ({_kind(info.st_mode)}); not read", path=name)
    except BaseException:
        os.close(handle)
        raise
    return handle


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


def _read_all(handle: int, size_hint: int = 0) -> bytes:
    chunks: list[bytes] = []
    offset = 0
    while True:
        chunk = os.pread(handle, max(size_hint - offset, 65536), offset)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        offset += len(chunk)


# Bytes compared at a time with what a file should hold (`_holds`).
_COMPARE_CHUNK = 1 << 20


def _holds(handle: int, expected: bytes) -> bool:
    """Whether the open file holds exactly `expected`, read a chunk at a time: a large
    note (a vault's summary is tens of megabytes) is not read whole a third time beside
    the old and new texts its write already holds."""
    view = memoryview(expected)
    offset = 0
    while True:
        chunk = os.pread(handle, _COMPARE_CHUNK, offset)
        if not chunk:
            return offset == len(expected)
        if view[offset : offset + len(chunk)] != chunk:
            return False
        offset += len(chunk)


def read_regular(path: str | os.PathLike[str]) -> tuple[bytes, Stamp]:
    """A regular file's bytes and the stamp they were read under.

    The stamp is taken before the bytes are read: a write that lands during
    or after the read gives the file a newer stamp than the one returned, so
    the next run that compares stamps reads the file again.
    """
    name = os.fspath(path)
    try:
        handle = _open_regular(name)
        try:
            info = os.fstat(handle)
            data = _read_all(handle, info.st_size)
        finally:
            os.close(handle)
    except OSError as error:
        raise VaultroadError(f"cannot read: {_reason(error)}", path=name) from None
    return data, Stamp(info.st_size, info.st_mtime_ns)


def read_head(path: str | os.PathLike[str], size: int) -> bytes:
    """The first `size` bytes of a regular file; b"" for anything else or on error."""
    try:
        handle = _open_regular(os.fspath(path))
    except (OSError, VaultroadError):
        return b""
    try:
        return os.read(handle, size)
    except OSError:
        return b""
    finally:
        os.close(handle)


def read_text(path: str | os.PathLike[str]) -> tuple[bytes, str]:
    """The file's bytes and their strict UTF-8 text (BOM kept)."""
    name = os.fspath(path)
    data, _ = read_regular(name)
    return data, decode(data, name)


# --- permission


def check_writable(path: str | os.PathLike[str], *, new: bool = False) -> None:
    """Raise `WriteError` when vaultroad must not write `path` (checked before any write).

    An existing file must be a regular file with a write permission bit (a
    file the user made read-only stays untouched even for root); a new file
    needs a folder this user may write in.
    """
    name = os.fspath(path)
    if new:
        folder = os.path.dirname(name) or "."
        while not os.path.isdir(folder):
            if os.path.lexists(folder):
                raise WriteError("cannot create: a file is in the place of its folder", path=name)
            folder = os.path.dirname(folder) or "."
        if not os.access(folder, os.W_OK | os.X_OK):
            raise WriteError(f"cannot create: folder {folder} is not writable", path=name)
        return
    try:
        info = os.stat(name)
    except OSError as error:
        raise WriteError(f"cannot write: {_reason(error)}", path=name) from None
    if not stat.S_ISREG(info.st_mode):
        raise WriteError(f"not a regular file ({_kind(info.st_mode)}); not written", path=name)
    if not info.st_mode & 0o222 or not os.access(name, os.W_OK):
        raise WriteError(
            f"file is read-only (mode {stat.S_IMODE(info.st_mode):04o}); not written", path=name
        )


# --- writing


def _temp_beside(target: str) -> tuple[str, int]:
    """A new temporary file in the target's folder, open for writing.

    Named after the target (cut to stay well inside a file name's 255
    bytes) so a leftover says where it came from; created with mode 0666
    less the umask, as the final file should be.
    """
    folder, name = os.path.split(target)
    short = name.encode("utf-8", "surrogateescape")[:80].decode("utf-8", "ignore")
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0)
    while True:
        temporary = os.path.join(folder, f".{short}.{os.getpid()}-{next(_serial)}{TEMP_SUFFIX}")
        step("create", temporary)
        try:
            return temporary, os.open(temporary, flags, 0o666)
        except FileExistsError:
            continue  # a leftover of a dead process that had our PID


def _write_all(handle: int, data: bytes, name: str) -> None:
    view = memoryview(data)
    while view:
        step("write", name)
        written = os.write(handle, view)
        view = view[written:]


# Temporary files whose removal failed (a full disk, a failing disk). A sync
# that leaves one keeps its lock's record, so the next sync sweeps the vault.
_left_behind: list[str] = []


def take_left_behind() -> list[str]:
    """The temporary files this process could not remove since the last call."""
    found = _left_behind[:]
    _left_behind.clear()
    return found


def _discard(temporary: str | None) -> None:
    if temporary is None:
        return
    try:
        step("unlink", temporary)
        os.unlink(temporary)
    except OSError:
        _left_behind.append(temporary)


class _Temporary:
    """The temporary file of one write, removed on the way out unless it was renamed
    into place (then `path` is None); an `OSError` leaves as a `WriteError`."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.path: str | None = None

    def __enter__(self) -> _Temporary:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: object, trace: object) -> None:
        _discard(self.path)
        if isinstance(error, OSError):
            raise WriteError(f"cannot write: {_reason(error)}", path=self.name) from None


def _fsync_directory(directory: str) -> None:
    try:
        handle = os.open(directory or ".", os.O_RDONLY)
    except OSError:
        return  # not every platform can open a directory; the rename itself is done
    try:
        step("fsync", directory)
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def make_dirs(path: str | os.PathLike[str]) -> None:
    """Create `path` and its missing parents, each one through the fault seam."""
    name = os.fspath(path)
    missing = []
    while name and not os.path.isdir(name):
        missing.append(name)
        parent = os.path.dirname(name)
        if parent == name:
            break
        name = parent
    for folder in reversed(missing):
        try:
            step("mkdir", folder)
            os.mkdir(folder)
        except FileExistsError:
            if not os.path.isdir(folder):
                raise WriteError("a file is in the place of a folder", path=folder) from None
        except OSError as error:
            raise WriteError(f"cannot create folder: {_reason(error)}", path=folder) from None


def create_file(path: str | os.PathLike[str], data: bytes, *, durable: bool = False) -> Stamp:
    """Create a new file holding `data`, never replacing one that appeared meanwhile.

    `durable` also fsyncs it; new topic notes skip that (a note lost to a
    power cut is simply made again, and an empty one is rewritten whole).
    """
    name = os.fspath(path)
    with _Temporary(name) as temporary:
        temporary.path, handle = _temp_beside(name)
        try:
            _write_all(handle, data, temporary.path)
            if durable:
                step("fsync", temporary.path)
                os.fsync(handle)
            info = os.fstat(handle)
        finally:
            os.close(handle)
        step("link", name)
        try:
            os.link(temporary.path, name)
        except FileExistsError:
            raise ConcurrentChangeError(
                "appeared during the sync; not written", path=name
            ) from None
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS):
                raise
            # A file system without hard links (FAT, some network mounts):
            # a rename after a look, with a window as small as it gets there.
            if os.path.lexists(name):
                raise ConcurrentChangeError(
                    "appeared during the sync; not written", path=name
                ) from None
            step("rename", name)
            os.rename(temporary.path, name)
            temporary.path = None
    return Stamp(info.st_size, info.st_mtime_ns)


class Replaced(NamedTuple):
    """A replaced file's descriptor, kept open to catch writes that come after the rename."""

    handle: int  # still reads the replaced file (its old inode)
    target: str  # the real path now holding our text
    name: str  # the path as the caller named it
    expected: bytes  # what the replaced file held when it was replaced
    ours: bytes  # what we wrote


# Descriptors a run keeps at most (`replace_file(keep=...)`); past this many
# the check after the rename is the only one, as for a single write.
KEPT_AT_MOST = 256


def replace_file(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    expected: bytes,
    keep: list[Replaced] | None = None,
) -> Stamp:
    """Replace the file's content with `data` if it still holds `expected` (see the module).

    Follows a symbolic link to its target (the caller has checked it stays in
    the vault) so the link itself is kept. Returns the new file's stamp.
    With `keep`, the replaced file's descriptor is appended to it instead of
    closed: pass the list to `late_writes` once the run's writes are done.
    """
    name = os.fspath(path)
    target = os.path.realpath(name)
    check_writable(target)
    with _Temporary(name) as temporary:
        info = os.stat(target)
        temporary.path, handle = _temp_beside(target)
        try:
            _write_all(handle, data, temporary.path)
            step("fsync", temporary.path)
            os.fsync(handle)
            _keep_owner_and_mode(handle, info, temporary.path)
            written = os.fstat(handle)
        finally:
            os.close(handle)
        keeping = keep is not None and len(keep) < KEPT_AT_MOST
        theirs, guard = _swap(temporary.path, target, expected, name, keeping)
        temporary.path = None
    if guard is not None and keep is not None:
        keep.append(Replaced(guard, target, name, expected, data))
    if theirs is not None and theirs != expected:
        _rescue(target, theirs, data, name)
    _fsync_directory(os.path.dirname(target))
    return Stamp(written.st_size, written.st_mtime_ns)


def _keep_owner_and_mode(handle: int, info: os.stat_result, name: str) -> None:
    mode = stat.S_IMODE(info.st_mode)
    if stat.S_IMODE(os.fstat(handle).st_mode) != mode:
        step("chmod", name)
        os.fchmod(handle, mode)
    chown = getattr(os, "fchown", None)
    if chown is not None and os.fstat(handle).st_uid != info.st_uid:
        try:
            step("chown", name)
            chown(handle, info.st_uid, info.st_gid)  # root editing a user's file
        except PermissionError:
            pass


def _swap(
    temporary: str, target: str, expected: bytes, name: str, keep: bool = False
) -> tuple[bytes | None, int | None]:
    """Rename `temporary` over `target` if it holds `expected` right now.

    Returns what the replaced file holds after the rename when another program
    wrote to it (read through the descriptor opened for the comparison; None
    when it still holds `expected`, or where that cannot be read), and that
    descriptor itself when `keep` is set and the file was unchanged (the
    caller closes it; otherwise it is closed here).
    """
    guard = _open_regular(target)
    try:
        if not _holds(guard, expected):
            raise ConcurrentChangeError("changed on disk since it was read; not written", path=name)
        if _WINDOWS:  # an open file cannot be renamed over there
            os.close(guard)
            guard = -1
        step("rename", target)
        os.replace(temporary, target)
        if guard < 0:
            return None, None
        if not _holds(guard, expected):
            return _settled(guard, _read_all(guard, len(expected))), None
        if keep:
            kept, guard = guard, -1
            return None, kept
        return None, None
    finally:
        if guard >= 0:
            os.close(guard)


def _settled(handle: int, text: bytes) -> bytes:
    """What the replaced file holds once its other writer is done with it.

    An editor that saves by truncating and then writing may be caught in
    between: the replaced file is read again until it stops changing (up
    to a second), so what is put back is its whole text, not the empty file.
    """
    import time

    for _ in range(20):
        time.sleep(0.05)
        again = _read_all(handle, len(text))
        if again == text:
            return text
        text = again
    return text


def late_writes(kept: list[Replaced]) -> list[tuple[str, str]]:
    """Read each kept replaced file once more; where another program wrote to it after
    the rename, put its text back (see `_put_back`). Returns (name, message) of those;
    every descriptor is closed, and `kept` emptied."""
    rescued: list[tuple[str, str]] = []
    try:
        for replaced in kept:
            if not _holds(replaced.handle, replaced.expected):
                after = _read_all(replaced.handle, len(replaced.expected))
                theirs = _settled(replaced.handle, after)
                message = _put_back(replaced.target, theirs, replaced.ours)
                rescued.append((replaced.name, message))
    finally:
        for replaced in kept:
            os.close(replaced.handle)
        kept.clear()
    return rescued


def _rescue(target: str, theirs: bytes, ours: bytes, name: str) -> NoReturn:
    """Another program wrote to the file during our rename: put its text back, and say so."""
    raise ConcurrentChangeError(_put_back(target, theirs, ours), path=name)


def _put_back(target: str, theirs: bytes, ours: bytes) -> str:
    """Put back the text another program wrote to the file we replaced; what happened."""
    try:
        current, _ = read_regular(target)
        if current == ours:
            replace_file(target, theirs, expected=ours)
            message = (
                "changed on disk while it was being written; its new text is kept"
                " and this change was not applied"
            )
        else:  # a third write came after ours: keep that one, and theirs beside it
            keep = f"{target}.vaultroad-rescued"
            create_file(keep, theirs, durable=True)
            message = f"changed on disk twice while it was being written; its text is in {keep}"
    except VaultroadError as error:
        message = f"changed on disk while it was being written, and could not be restored: {error}"
    return message


def write_private(path: str | os.PathLike[str], data: bytes) -> None:
    """Atomically write a file only vaultroad writes (its state): no comparison needed."""
    name = os.fspath(path)
    with _Temporary(name) as temporary:
        temporary.path, handle = _temp_beside(name)
        try:
            _write_all(handle, data, temporary.path)
            step("fsync", temporary.path)
            os.fsync(handle)
        finally:
            os.close(handle)
        step("rename", name)
        os.replace(temporary.path, name)
        temporary.path = None
    _fsync_directory(os.path.dirname(name))


def remove_unchanged(path: str | os.PathLike[str], expected: bytes) -> bool:
    """Remove the file if it holds exactly `expected`; return whether it did.

    The file is first renamed aside (atomic: a program saving it meanwhile
    creates a new file at the path, which is kept), then read: only the very
    bytes expected are removed. A file changed before the rename is put back
    (or, if the path was taken meanwhile, left aside under a visible name);
    a run killed in between leaves it aside under that name, never lost.
    """
    name = os.fspath(path)
    folder, base = os.path.split(name)
    aside = os.path.join(folder, f"{base}.vaultroad-{os.getpid()}-{next(_serial)}.aside")
    step("rename", name)
    try:
        os.rename(name, aside)
    except FileNotFoundError:
        return False
    data, _ = read_regular(aside)
    if data == expected:
        step("unlink", aside)
        os.unlink(aside)
        _fsync_directory(folder)
        return True
    try:
        step("link", name)
        os.link(aside, name)  # back where it was, unless the path was taken meanwhile
    except FileExistsError:
        raise ConcurrentChangeError(
            f"changed while it was being removed; kept as {os.path.basename(aside)}", path=name
        ) from None
    os.unlink(aside)
    return False


def write_text_atomic(path: str | os.PathLike[str], text: str, *, expected: bytes) -> bool:
    """Replace the file's content with `text` if it differs; return whether it wrote.

    `expected` is the content the caller read: if the file no longer holds
    exactly that, nothing is written and `ConcurrentChangeError` is raised.
    """
    data = text.encode("utf-8", "surrogatepass")
    if data == expected:
        return False
    replace_file(path, data, expected=expected)
    return True


def update_statuses(
    path: str | os.PathLike[str],
    changes: Mapping[str, Status | str],
    *,
    baseline: str | None = None,
) -> bool:
    """Set statuses in a roadmap file in place; return whether the file was written."""
    from .edit import set_statuses  # readers of files need not load the editor

    data, text = read_text(path)
    new_text = set_statuses(text, changes, path, baseline=baseline)
    return write_text_atomic(path, new_text, expected=data)


# --- leftovers of a killed run


_TEMP_RE = lazy_compile(r"\..*\.(\d+)-\d+" + re.escape(TEMP_SUFFIX))
# A temporary file older than this is left over whatever its PID says (the
# PID may have been reused, or the file come from another host).
_ABANDONED_S = 3600


def _abandoned(folder: str, name: str) -> bool:
    """Whether `name` is a temporary file of ours whose writer is gone."""
    match = _TEMP_RE.fullmatch(name)
    if match is None:
        return False
    path = os.path.join(folder, name)
    try:
        if time.time() - os.lstat(path).st_mtime > _ABANDONED_S:
            return True
        os.kill(int(match[1]), 0)
    except ProcessLookupError:
        return True  # its process is gone
    except (OSError, ValueError, OverflowError):
        return False  # alive (or not ours to signal): it may be writing right now
    return False


def _leftovers(root: str, skip: frozenset[str], deep: bool) -> Iterator[str]:
    if not deep:
        try:
            names = os.listdir(root)
        except OSError:
            return
        yield from (os.path.join(root, n) for n in names if _abandoned(root, n))
        return
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in skip]
        yield from (os.path.join(folder, n) for n in files if _abandoned(folder, n))


def remove_leftovers(
    root: str | os.PathLike[str], skip: frozenset[str] = frozenset(), *, deep: bool = True
) -> list[str]:
    """Remove the temporary files dead writers left under `root`; return their paths.

    A temporary file is named after its writer's PID; one whose process is
    gone (killed, or its clean-up failed on a full disk) is removed, one
    whose process lives is left to it. `deep=False` looks in `root` only.
    """
    removed = []
    for name in _leftovers(os.fspath(root), skip, deep):
        try:
            step("unlink", name)
            os.unlink(name)
        except OSError:
            continue
        removed.append(name)
    return removed
