"""Source text: decoding, and lines split exactly the way markdown-it splits them.

markdown-it normalizes `\\r\\n` and `\\r` to `\\n` before it numbers lines, so
`Token.map` line numbers match a split on all three breaks (and not
`str.splitlines`, which also breaks on form feeds and U+2028). Columns are
computed on the raw line, so offsets always point into the user's own text.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .errors import DecodeError

BOM = "\ufeff"
_BREAK_RE = re.compile(r"\r\n|\r|\n")


def decode(data: bytes, path: str | None = None) -> str:
    """UTF-8 text of `data`, BOM kept; invalid bytes are an error, never replaced."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DecodeError(
            f"invalid UTF-8 at byte {error.start} ({data[error.start : error.start + 1]!r})",
            path=path,
            line=line,
            offset=error.start,
        ) from None


class Source:
    """A text with its line table; the BOM, if any, is outside line 0's text."""

    __slots__ = ("_byte_starts", "body", "line_ends", "line_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        start = 1 if text.startswith(BOM) else 0
        # What markdown-it is given: without the BOM, which it would read as text.
        self.body = text[start:]
        starts = [start]
        ends = []
        if "\r" in text:
            for match in _BREAK_RE.finditer(text, start):
                ends.append(match.start())
                starts.append(match.end())
        else:
            find = text.find
            position = find("\n", start)
            while position >= 0:
                ends.append(position)
                starts.append(position + 1)
                position = find("\n", position + 1)
        ends.append(len(text))
        self.line_starts = starts
        self.line_ends = ends
        self._byte_starts: list[int] | None = None

    def __len__(self) -> int:
        return len(self.line_starts)

    def line(self, index: int) -> str:
        """Text of the 0-based line `index`, without its line break."""
        return self.text[self.line_starts[index] : self.line_ends[index]]

    def offset(self, index: int, column: int) -> int:
        return self.line_starts[index] + column

    def line_of(self, offset: int) -> int:
        """0-based line holding the character `offset`."""
        return bisect_right(self.line_starts, offset) - 1

    def byte_offset(self, offset: int) -> int:
        """UTF-8 byte offset of the character `offset` (the BOM counts as 3 bytes)."""
        if self._byte_starts is None:
            byte_starts = []
            total = 0
            previous = 0
            for start in self.line_starts:
                total += len(self.text[previous:start].encode("utf-8", "surrogatepass"))
                byte_starts.append(total)
                previous = start
            self._byte_starts = byte_starts
        index = self.line_of(offset)
        head = self.text[self.line_starts[index] : offset]
        return self._byte_starts[index] + len(head.encode("utf-8", "surrogatepass"))
