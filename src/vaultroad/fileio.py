"""Reading and writing user files without ever losing a byte.

Writes are atomic (temp file in the same folder, fsync, replace), keep the
file mode, go through a symlink to its target instead of replacing the link,
skip files whose bytes would not change (so their mtime stays), and refuse to
write when the file changed on disk since it was read.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from .errors import ConcurrentChangeError, VaultroadError
from .model import Status
from .source import decode

__all__ = ["read_text", "update_statuses", "write_text_atomic"]


def read_text(path: str | os.PathLike[str]) -> tuple[bytes, str]:
    """The file's bytes and their strict UTF-8 text (BOM kept)."""
    name = os.fspath(path)
    try:
        data = Path(name).read_bytes()
    except OSError as error:
        raise VaultroadError(f"cannot read file: {error.strerror}", path=name) from None
    return data, decode(data, name)


def write_text_atomic(path: str | os.PathLike[str], text: str, *, expected: bytes) -> bool:
    """Replace the file's content with `text` if it differs; return whether it wrote.

    `expected` is the content the caller read: if the file no longer holds
    exactly that, nothing is written and `ConcurrentChangeError` is raised.
    """
    name = os.fspath(path)
    data = text.encode("utf-8", "surrogatepass")
    if data == expected:
        return False
    target = Path(os.path.realpath(name))
    try:
        current = target.read_bytes()
    except OSError as error:
        raise VaultroadError(f"cannot read file: {error.strerror}", path=name) from None
    if current != expected:
        raise ConcurrentChangeError(
            "file changed on disk since it was read; not written", path=name
        )
    import tempfile  # only writers pay for it, not every `vaultroad tree`

    mode = target.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".vaultroad-tmp"
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(mode)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_directory(target.parent)
    return True


def _fsync_directory(directory: Path) -> None:
    try:
        handle = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # not every platform can open a directory; the replace itself is done
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


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
