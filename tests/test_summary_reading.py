"""The summary's frame read from its bytes with the block's inside cut out is the frame
read from the whole note decoded, with the same errors (`summary_reading`)."""

from __future__ import annotations

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from vaultroad import summary_reading
from vaultroad.errors import VaultroadError
from vaultroad.notes import BEGIN, END
from vaultroad.source import decode
from vaultroad.summary import SummaryFrame, summary_frame
from vaultroad.summary_reading import read_frame

# Lines a note may hold around and inside its block, the troublesome ones included:
# markers where they do not count, fences and comments that hide them, `%%`.
LINE = st.sampled_from(
    [
        "",
        "text",
        "- [ ] a topic — with a dash",
        BEGIN,
        END,
        f"  {BEGIN}",
        f"x {END}",
        f"x {BEGIN}",
        "%%vaultroad:begin%%",  # forms `find_block` takes for markers too
        "%%\tvaultroad:begin — managed by vaultroad %%",
        "%%vaultroad:end%%",
        "...",
        "```",
        "~~~",
        "<!--",
        "-->",
        "%%",
        "%% a comment %%",
        "---",
        "\ufeff",
        "\u00e9t\u00e9 \U0001f600",
    ]
)
BYTES = st.sampled_from([b"\xff", b"\0", b"\xe2\x80", b"\r"])


def _reference(data: bytes) -> SummaryFrame | tuple[type[Exception], str] | None:
    try:
        return summary_frame(decode(data, "P.md"), "P.md")
    except VaultroadError as error:
        return type(error), str(error)


def _read(data: bytes) -> SummaryFrame | tuple[type[Exception], str] | None:
    try:
        return read_frame(data, "P.md")
    except VaultroadError as error:
        return type(error), str(error)


@st.composite
def notes(draw: st.DrawFn) -> bytes:
    """A note: lines around a block (the inside often long and plain), a line ending,
    and now and then a byte that is not UTF-8 or a NUL somewhere."""
    head = draw(st.lists(LINE, max_size=5))
    odd = draw(st.lists(LINE, max_size=3)) if draw(st.integers(0, 2)) == 0 else []
    inside = odd + ["- plain — text"] * draw(st.integers(0, 30))
    tail = draw(st.lists(LINE, max_size=4))
    lines = [*head]
    if draw(st.integers(0, 7)):  # mostly a block, as a summary has
        lines.append(BEGIN)
    lines += inside
    if draw(st.integers(0, 7)):
        lines.append(END)
    lines += tail
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    data = (newline.join(lines) + draw(st.sampled_from(["", newline]))).encode("utf-8")
    if draw(st.integers(0, 4)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(BYTES) + data[at:]
    return data


@given(notes(), st.integers(1, 8))
def test_the_frame_read_with_the_inside_cut_is_the_frame_of_the_whole_note(
    data: bytes, piece: int
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(summary_reading, "_SLICE", piece)  # slices that split characters
        assert _read(data) == _reference(data)
    event("cut" if summary_reading._cut_span(data) is not None else "read whole")


@pytest.mark.parametrize(
    "lines",
    [
        ["a", BEGIN, *["x"] * 5, END, BEGIN],  # a second begin after the block
        ["a", BEGIN, *["x"] * 5, END, "", END],  # a second end
        ["a", END, BEGIN, *["x"] * 5, END],  # an end before the block
        ["```", BEGIN, "```", BEGIN, *["x"] * 5, END, "```"],  # a marker in a fence
        ["<!--", BEGIN, *["x"] * 5, END, "-->"],  # a block in a comment
        ["---", BEGIN, "---", END],  # the frontmatter ends inside
        ["---", BEGIN, "---", "<!--", END, "x <!-- y"],
        # Markers of other forms before or after the block: the words twice.
        [f"x {BEGIN}", "hello", f"y {END}", "%%vaultroad:begin%%", "%%vaultroad:end%%"],
        ["%%vaultroad:begin%%", "%%vaultroad:end%%", f"x {BEGIN}", "hello", f"y {END}"],
        [f"x {BEGIN}", "<!--", f"y {END}", BEGIN, "%%vaultroad:end%%"],
        ["%% vaultroad:begin — managed by vaultroad %%", "x", END, "mine", BEGIN, "mine", END],
    ],
)
def test_a_note_whose_markers_make_no_lone_block_reads_as_the_whole_note(
    lines: list[str],
) -> None:
    data = "\n".join([*lines, ""]).encode()
    assert _read(data) == _reference(data)


def test_a_long_block_is_not_decoded_whole() -> None:
    inside = "".join(f"- [[Topic {n}]] — done\n" for n in range(2000))
    data = f"---\ntags: [x]\n---\n\nmine\n\n{BEGIN}\n{inside}{END}\n\nmine too\n".encode()
    seen: list[int] = []
    real = decode

    def decode_spy(data: bytes, path: str | None = None) -> str:
        seen.append(len(data))
        return real(data, path)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(summary_reading, "decode", decode_spy)
        frame = read_frame(data)
    assert frame == summary_frame(data.decode())
    assert frame is not None and frame.tail == "\nmine too\n"
    assert seen and max(seen) < 200
