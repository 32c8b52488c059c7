"""The one exception family of vaultroad: every error can say where it happened."""

from __future__ import annotations


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


class DecodeError(VaultroadError):
    """The file is not valid UTF-8; `offset` is the first bad byte."""

    def __init__(self, message: str, *, path: str | None, line: int | None, offset: int) -> None:
        super().__init__(message, path=path, line=line)
        self.offset = offset


class UnknownTopicError(VaultroadError, KeyError):
    """A topic id was asked for that the roadmap does not have."""

    def __str__(self) -> str:  # KeyError would quote the message otherwise
        return VaultroadError.__str__(self)


class UnsafeEditError(VaultroadError):
    """An edit would change more than the intended statuses; nothing was written."""


class ConcurrentChangeError(VaultroadError):
    """The file changed on disk after it was read; nothing was written."""
