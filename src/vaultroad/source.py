"""Source text: decoding, and lines split exactly the way markdown-it splits them.

Text is UTF-8 (a BOM is kept). A file saved as UTF-16 or UTF-32 is refused
with its encoding named: without a BOM, ASCII in either is valid UTF-8 — a
NUL beside every letter — and would read as a document with no topics.

markdown-it normalizes `\\r\\n` and `\\r` to `\\n` before it numbers lines, so
`Token.map` line numbers match a split on all three breaks (and not
`str.splitlines`, which also breaks on form feeds and U+2028). Columns are
computed on the raw line, so offsets always point into the user's own text.
"""

from __future__ import annotations

from bisect import bisect_right

from .errors import DecodeError
from .lazy_re import lazy_compile

BOM = "\ufeff"
_BREAK_RE = lazy_compile(r"\r\n|\r|\n")

# Byte-order marks of the wide encodings; UTF-32's first, since UTF-32-LE's
# begins with UTF-16-LE's.
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian, with BOM)"),
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian, with BOM)"),
    (b"\xff\xfe", "UTF-16 (little-endian, with BOM)"),
    (b"\xfe\xff", "UTF-16 (big-endian, with BOM)"),
)
SNIFF_BYTES = 4096  # bytes looked at to tell a wide encoding without a BOM
_MIN_NULS = 8


def decode(data: bytes, path: str | None = None) -> str:
    """UTF-8 text of `data`, BOM kept; invalid bytes are an error, never replaced,
    and a UTF-16 or UTF-32 file is an error that names its encoding."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        _refuse_wide(data, path)
        line = data.count(b"\n", 0, error.start) + 1
        raise DecodeError(
            f"invalid UTF-8 at byte {error.start} ({data[error.start : error.start + 1]!r})",
            path=path,
            line=line,
            offset=error.start,
        ) from None
    # The common case costs one scan of a few KB for a NUL, which no UTF-8
    # roadmap has and wide ASCII has at every other byte.
    if data.find(b"\0", 0, SNIFF_BYTES) >= 0:
        _refuse_wide(data, path)
    return text


def _refuse_wide(data: bytes, path: str | None) -> None:
    """Raise DecodeError naming the encoding if `data` is UTF-16 or UTF-32."""
    encoding = wide_encoding(data)
    if encoding is not None:
        raise DecodeError(
            f"file is {encoding}, not UTF-8; save it as UTF-8", path=path, line=1, offset=0
        )


def wide_encoding(data: bytes) -> str | None:
    """`UTF-16 (little-endian, no BOM)` and the like when `data` looks like
    UTF-16 or UTF-32, else None.

    Without a BOM, the tell is NULs in one byte position of each code unit:
    the high bytes of Latin text. A stray NUL in UTF-8 text, or a run of NULs,
    is not that pattern: the NULs must fill at least a quarter of one position
    and almost none of the others, and be at least `_MIN_NULS` (a few
    characters of wide text, where one NUL in a short line could look wide).
    """
    for bom, name in _WIDE_BOMS:
        if data.startswith(bom):
            return name
    sample = data[:SNIFF_BYTES]
    quads = len(sample) // 4
    if quads >= _MIN_NULS:
        zeros = [sample[r : 4 * quads : 4].count(0) for r in range(4)]
        # A code point has at most 21 bits: its top byte is always NUL, and
        # the next one is for every character below U+10000.
        if zeros[3] == quads and zeros[2] * 4 >= quads * 3 and zeros[0] * 4 <= quads:
            return "UTF-32 (little-endian, no BOM)"
        if zeros[0] == quads and zeros[1] * 4 >= quads * 3 and zeros[3] * 4 <= quads:
            return "UTF-32 (big-endian, no BOM)"
    pairs = len(sample) // 2
    even = sample[0 : 2 * pairs : 2].count(0)
    odd = sample[1 : 2 * pairs : 2].count(0)
    if odd >= _MIN_NULS and odd * 4 >= pairs and even * 8 <= odd:
        return "UTF-16 (little-endian, no BOM)"
    if even >= _MIN_NULS and even * 4 >= pairs and odd * 8 <= even:
        return "UTF-16 (big-endian, no BOM)"
    return None


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
