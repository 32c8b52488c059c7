"""The one exception family of vaultroad: every error can say where it happened.

`load` and `parse` raise nothing but `VaultroadError`s (anything else is a
bug in vaultroad). Where a built-in exception used to escape, its
replacement subclasses both `VaultroadError` and that built-in, so code
written against the old behaviour keeps working:

- `ReadError` (an `OSError`): the file could not be read; `NotFoundError`
  is also a `FileNotFoundError`, `NotAFileError` an `IsADirectoryError`,
  `AccessError` a `PermissionError`.
- `ArgumentError` (a `TypeError` and a `ValueError`): an argument is not one
  the function accepts, such as bytes for `text` or an unknown status in
  `symbols`.
"""

from __future__ import annotations

import errno as _errno
from typing import Any

__all__ = [
    "AccessError",
    "ArgumentError",
    "ConcurrentChangeError",
    "DecodeError",
    "NotAFileError",
    "NotFoundError",
    "ReadError",
    "UnknownTopicError",
    "UnsafeEditError",
    "VaultroadError",
]


class VaultroadError(Exception):
    """Base of every error vaultroad raises on purpose.

    `path` and `line` (1-based) locate the problem when known; `str()` gives
    `path:line: message` so the CLI can print it as is.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path + (f":{self.line}" if self.line is not None else "") + ": "
        elif self.line is not None:
            where = f"line {self.line}: "
        return where + self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception pickles as `cls(*args)`, which cannot pass the keyword-only
        # path, line or a subclass's own fields: errors would not cross a
        # process pool. Rebuild from the message and the instance's attributes.
        os_fields = None
        if isinstance(self, OSError):
            os_fields = (self.errno, self.strerror, self.filename)
        return (_rebuild, (type(self), self.message, dict(self.__dict__), os_fields))


def _rebuild(
    cls: type[VaultroadError],
    message: str,
    state: dict[str, Any],
    os_fields: tuple[int | None, str | None, str | None] | None,
) -> VaultroadError:
    """An unpickled error: `cls` with `message`, without running its `__init__`."""
    error = cls.__new__(cls, message)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    if os_fields is not None and isinstance(error, OSError):
        error.errno, error.strerror, error.filename = os_fields
    return error


class DecodeError(VaultroadError):
    """The file is not valid UTF-8; `offset` is the first bad byte."""

    def __init__(self, message: str, *, path: str | None, line: int | None, offset: int) -> None:
        super().__init__(message, path=path, line=line)
        self.offset = offset


class ReadError(VaultroadError, OSError):
    """A file could not be read (`path` names it; `line` is None).

    Also an `OSError` with the original `errno`, `strerror` and `filename`,
    so `except OSError` written before vaultroad wrapped the error still
    catches it; the original error is the `__cause__`.
    """

    # What a subclass says, and its errno, when the caller gives neither.
    reason = "could not read the file"
    default_errno: int | None = None

    def __init__(
        self,
        message: str | None = None,
        *,
        path: str | None = None,
        line: int | None = None,
        errno: int | None = None,
    ) -> None:
        text = message if message is not None else self.reason
        super().__init__(text, path=path, line=line)
        self.errno = errno if errno is not None else self.default_errno
        self.strerror = text
        self.filename = path

    @staticmethod
    def from_os_error(error: OSError, path: str) -> ReadError:
        """The `ReadError` subclass that matches `error`, for the file at `path`."""
        kind: type[ReadError] = ReadError
        if isinstance(error, FileNotFoundError):
            kind = NotFoundError
        elif isinstance(error, IsADirectoryError):
            kind = NotAFileError
        elif isinstance(error, PermissionError):
            kind = AccessError
        reason = error.strerror or str(error) or kind.reason
        return kind(reason[:1].lower() + reason[1:], path=path, errno=error.errno)


class NotFoundError(ReadError, FileNotFoundError):
    """There is no file at `path`; also a `FileNotFoundError`."""

    reason = "no such file"
    default_errno = _errno.ENOENT


class NotAFileError(ReadError, IsADirectoryError):
    """`path` is a folder, not a file; also an `IsADirectoryError`.

    A vault folder goes to `Vault.open`, `sync` or `check`, not to `load`.
    """

    reason = "is a folder, not a file"
    default_errno = _errno.EISDIR


class AccessError(ReadError, PermissionError):
    """The file at `path` may not be read; also a `PermissionError`."""

    reason = "permission denied"
    default_errno = _errno.EACCES


class ArgumentError(VaultroadError, TypeError, ValueError):
    """An argument is not one the function accepts (bytes for `text`, an
    unknown status in `symbols` …); `path` names the document when given.

    Both a `TypeError` and a `ValueError`, as the built-in error raised in
    its place before was one or the other.
    """


class UnknownTopicError(VaultroadError, KeyError):
    """A topic id was asked for that the roadmap does not have."""

    def __str__(self) -> str:  # KeyError would quote the message otherwise
        return VaultroadError.__str__(self)


class UnsafeEditError(VaultroadError):
    """An edit would change more than the intended statuses; nothing was written."""


class ConcurrentChangeError(VaultroadError):
    """The file changed on disk after it was read; nothing was written."""
