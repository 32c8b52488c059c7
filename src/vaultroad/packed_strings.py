"""A growing list of strings kept as one UTF-8 buffer: for the hundreds of thousands of
paths and titles a first sync of a large vault reports.

A Python `str` costs 49 bytes or more before its text (74 once it holds a
character beyond Latin-1, and then 2 or 4 bytes a character), rounded up by
the allocator, plus a pointer in its list. Here a string costs its UTF-8
bytes and an 8-byte offset; each is decoded again when it is asked for.
Lone surrogates (a file name's undecodable bytes) are kept as they are
(`surrogatepass`), so what is read back is what was appended.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator

__all__ = ["PackedStrings"]


class PackedStrings:
    """Strings appended one by one (or `extend`ed), read back by index."""

    __slots__ = ("_data", "_ends")

    def __init__(self, strings: Iterable[str] = ()) -> None:
        self._data = bytearray()
        self._ends = array("Q")  # where each string's bytes end in `_data`
        self.extend(strings)

    def append(self, text: str) -> None:
        self._data += text.encode("utf-8", "surrogatepass")
        self._ends.append(len(self._data))

    def extend(self, strings: Iterable[str]) -> None:
        for text in strings:
            self.append(text)

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index: int) -> str:
        index = range(len(self._ends))[index]  # negative indexes, and an IndexError, as a list's
        start = self._ends[index - 1] if index else 0
        return self._data[start : self._ends[index]].decode("utf-8", "surrogatepass")

    def __iter__(self) -> Iterator[str]:
        return (self[index] for index in range(len(self._ends)))
