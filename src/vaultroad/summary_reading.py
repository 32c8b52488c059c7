"""The frame of the summary note read from its bytes, without its block as one string.

A large vault's `Progress.md` is tens of megabytes, nearly all of it the
managed block, which a sync writes anew. Decoding the whole note only to
keep what surrounds the block (`summary.summary_frame`) held the note twice
more: as a string, two bytes a character once it holds a "—", and the
decoder's own copy while it widened. `read_frame` decodes the note with
the block's inside cut out, and checks the inside is UTF-8 a slice at a
time.

The cut is made only where it cannot change what `notes.find_block` finds:

- The note names `vaultroad:begin` once and `vaultroad:end` once (every form
  of marker `find_block` accepts holds those words), so its only candidate
  marker lines are the line before the cut and the line after it.
- The inside holds no `%%`: inside a block, a line holding `%%` is the only
  one `find_block` looks at.
- No line of the inside starts with `---` or `...`: the frontmatter, which
  `find_block` skips, cannot end there.

A block found in the cut note is then those two lines, and the whole note's
scan reads the same lines up to the begin marker, skips the inside, and
reads the same lines after it. Anything else found in the cut note (no
block, or an error, whose line numbers the cut would move), and every note
the cut is not made in (one holding a NUL near its start, or bytes that are
not UTF-8), is read whole, as before: every answer and every error is the
one `summary_frame(decode(data))` gives.
"""

from __future__ import annotations

import codecs

from .errors import DecodeError
from .notes import AmbiguousBlockError
from .source import SNIFF_BYTES, decode
from .summary import SummaryFrame, summary_frame

__all__ = ["read_frame"]

_BEGIN = b"vaultroad:begin"
_END = b"vaultroad:end"
_SLICE = 1 << 20  # bytes checked for UTF-8 at a time


def read_frame(data: bytes, path: str | None = None) -> SummaryFrame | None:
    """`summary.summary_frame(source.decode(data, path), path)`, the same answer and
    the same errors, without the block's inside decoded as one string."""
    frame = _frame_of_cut_note(data, path)
    if frame is not None:
        return frame
    return summary_frame(decode(data, path), path)


def _frame_of_cut_note(data: bytes, path: str | None) -> SummaryFrame | None:
    """The frame, read from the note with its block's inside cut out; None when the
    note must be read whole (see the module)."""
    span = _cut_span(data)
    if span is None:
        return None
    start, stop = span
    try:
        frame = summary_frame(decode(data[:start] + data[stop:], path), path)
    except (DecodeError, AmbiguousBlockError):
        return None  # said again by the whole note, at its own byte and lines
    if frame is None:
        return None
    # The line ending is the whole note's, which the block may alone show.
    return SummaryFrame(frame.head, frame.tail, "\r\n" if b"\r\n" in data else "\n")


def _cut_span(data: bytes) -> tuple[int, int] | None:
    """The span to cut: from the line after the one naming `vaultroad:begin` to the
    line naming `vaultroad:end`; None when the cut could change the frame."""
    if data.count(_BEGIN) != 1 or data.count(_END) != 1:
        return None
    if data.find(b"\0", 0, SNIFF_BYTES) >= 0:  # maybe UTF-16, as `decode` tells
        return None
    start = data.find(b"\n", data.find(_BEGIN)) + 1
    stop = data.rfind(b"\n", 0, data.find(_END)) + 1
    if start == 0 or stop <= start:
        return None
    if data.find(b"%%", start, stop) >= 0:
        return None
    if data.startswith((b"---", b"..."), start) or any(
        data.find(close, start, stop) >= 0 for close in (b"\n---", b"\n...")
    ):
        return None
    return (start, stop) if _is_utf8(data, start, stop) else None


def _is_utf8(data: bytes, start: int, stop: int) -> bool:
    """Whether `data[start:stop]` is UTF-8, checked a slice at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for at in range(start, stop, _SLICE):
            decoder.decode(view[at : min(at + _SLICE, stop)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True
