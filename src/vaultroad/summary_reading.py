"""The frame of the summary note read from its bytes, without its block as one string.

A large vault's `Progress.md` is tens of megabytes, nearly all of it the
managed block, which a sync writes anew. Decoding the whole note only to
keep what surrounds the block (`summary.summary_frame`) held the note twice
more: as a string, two bytes a character once it holds a "—", and the
decoder's own copy while it widened. `read_frame` decodes the note with
the block's inside cut out, and checks the inside is UTF-8 a slice at a
time.

The cut changes nothing `notes.find_block` sees. The cut starts after the
first line holding a begin marker, and ends at the last line holding an end
marker, so a block found in the cut note spans the cut; inside a block only
a line holding `%%` means anything to `find_block`, and the inside cut has
none. Only its errors name lines, which the cut moves: they are found again
in the whole note. In every other case (no markers, no lone block, a `%%` inside, bytes that
are not UTF-8, a NUL near the start) the note is decoded whole, as before,
so every answer and every error is the one `summary_frame(decode(data))`
gives.
"""

from __future__ import annotations

import codecs

from .errors import DecodeError, VaultroadError
from .notes import BEGIN, END
from .source import decode
from .summary import SummaryFrame, summary_frame

__all__ = ["read_frame"]

_BEGIN = BEGIN.encode("ascii")
_END = END.encode("ascii")
_SLICE = 1 << 20  # bytes checked for UTF-8 at a time
_SNIFF = 4096  # as `source.decode`: a NUL this near the start may be UTF-16


def read_frame(data: bytes, path: str | None = None) -> SummaryFrame | None:
    """`summary.summary_frame(source.decode(data, path), path)`, the same answer and
    the same errors, without the block's inside decoded as one string."""
    cut = _inside(data)
    if cut is None:
        return summary_frame(decode(data, path), path)
    start, stop = cut
    try:
        outside = decode(data[:start] + data[stop:], path)
    except DecodeError:
        return summary_frame(decode(data, path), path)  # the error, where it is
    try:
        frame = summary_frame(outside, path)
    except VaultroadError:  # two blocks, a lone marker: said with the whole note's lines
        return summary_frame(decode(data, path), path)
    if frame is None:
        return summary_frame(decode(data, path), path)
    # The line ending is the whole note's, which the block may alone show.
    return SummaryFrame(frame.head, frame.tail, "\r\n" if b"\r\n" in data else "\n")


def _inside(data: bytes) -> tuple[int, int] | None:
    """The span from the line after the first begin marker to the line of the last end
    marker, when it is worth cutting and cutting it cannot change the frame: it holds
    no `%%`, and it is valid UTF-8."""
    begin = data.find(_BEGIN)
    end = data.rfind(_END)
    if begin < 0 or end < 0 or data.find(b"\0", 0, _SNIFF) >= 0:
        return None
    start = data.find(b"\n", begin) + 1
    stop = data.rfind(b"\n", 0, end) + 1
    if start == 0 or stop <= start or data.find(b"%%", start, stop) >= 0:
        return None
    if not _utf8(data, start, stop):
        return None
    return start, stop


def _utf8(data: bytes, start: int, stop: int) -> bool:
    """Whether `data[start:stop]` is UTF-8, checked a slice at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        view = memoryview(data)
        for at in range(start, stop, _SLICE):
            decoder.decode(view[at : min(at + _SLICE, stop)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True
