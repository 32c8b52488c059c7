"""The quick tests `check` runs on every line before its fault patterns are the
same tests: `_could_hold_fault` accepts exactly the lines one of the four box
faults matches, and `_empty_boxes` looks only at lines that can match
`_EMPTY_BOX`.

They exist for start-up (the hook's check of a small checklist compiles one
small pattern instead of five), so a difference would be a silent loss of a
finding: checked exhaustively over lines built from the parts the patterns
look at, and with hypothesis over any mix of their characters.
"""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultroad import rules

FAULTS = (rules._MALFORMED, rules._GLUED, rules._ODD_GAP, rules._ODD_BOX)

INDENTS = ("", " ", "   ", "\t", ">", "> ", ">>", " > \t")
BULLETS = ("-", "*", "+", "1.", "12)", "123456789.", "1234567890.", "x", "", "1")
GAPS = ("", " ", "  ", "\t", " \t", "\u00a0", "\u00a0 ", " \u00a0", "\u2000", "\u200b", "\u3000")
INSIDES = (
    "",
    " ",
    "  ",
    "   ",
    "x",
    "X",
    " x",
    "x ",
    " x ",
    "  X",
    "xx",
    "\u00a0",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u3000",
    "a",
)
BOXES = (
    *(f"[{inside}]" for inside in INSIDES),
    *(f"［{inside}］" for inside in ("", " ", "　", "x", "X", "xx", "\u00a0")),
    "[",
    "]",
    "[x",
    "［ ]",
)
ENDINGS = ("", " ", "\t", "a", " a", "]", "\u00a0", " ]")

# Every character the patterns treat specially, and some they do not (`✓`, `é`
# and `—`: beyond ASCII, no look-alike).
ALPHABET = "".join(
    sorted(set("".join((*INDENTS, *BULLETS, *GAPS, *INSIDES, *BOXES, *ENDINGS, "b9#`✓é—"))))
)


def _faulty(line: str) -> bool:
    return any(pattern.match(line) for pattern in FAULTS)


def _lines() -> itertools.product[tuple[str, ...]]:
    return itertools.product(INDENTS, BULLETS, GAPS, BOXES, ENDINGS)


def test_the_quick_test_finds_exactly_the_faulty_lines_built_from_their_parts() -> None:
    faulty = 0
    for parts in _lines():
        line = "".join(parts)
        expected = _faulty(line)
        assert rules._could_hold_fault(line) is expected, repr(line)
        faulty += expected
    assert faulty > 1000  # the parts do build every kind of fault


def test_the_quick_test_sees_each_kind_of_fault() -> None:
    for pattern, line in (
        (rules._MALFORMED, "- [ x] a"),
        (rules._GLUED, "-[ ] a"),
        (rules._ODD_GAP, "-\u00a0[ ] a"),
        (rules._ODD_BOX, "- [\u200b] a"),
        (rules._ODD_BOX, "- ［x］ a"),
    ):
        assert pattern.match(line) and rules._could_hold_fault(line)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=14))
def test_the_quick_test_agrees_with_the_faults_on_any_line(line: str) -> None:
    assert rules._could_hold_fault(line) is _faulty(line)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=14))
def test_an_empty_box_line_ends_in_a_bracket(line: str) -> None:
    if rules._EMPTY_BOX.match(line):
        assert line.rstrip(" \t").endswith("]")


def test_empty_box_lines_built_from_their_parts_end_in_a_bracket() -> None:
    found = 0
    for parts in _lines():
        line = "".join(parts)
        if rules._EMPTY_BOX.match(line):
            found += 1
            assert line.rstrip(" \t").endswith("]"), repr(line)
    assert found > 100


def test_the_look_alike_faults_need_a_look_alike_character() -> None:
    # A line without one is matched against the other two faults only: every
    # character that opens a look-alike gap or box is in `_LOOK_ALIKE`.
    for code in range(0x110000):
        char = chr(code)
        if rules._ODD_GAP.match(f"-{char}[ ]") or rules._ODD_BOX.match(f"- [{char}]"):
            assert char in rules._LOOK_ALIKE, hex(code)
    assert rules._ODD_BOX.match("- ［x］") and "［" in rules._LOOK_ALIKE
    for char in rules._LOOK_ALIKE - {"［"}:
        assert rules._ODD_GAP.match(f"-{char}[ ]") or rules._ODD_BOX.match(f"- [{char}]")
    assert rules._could_hold_fault("- [ x] Loops — basics")
    assert not rules._could_hold_fault("- [ ✓ ] Loops — basics")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=14))
def test_the_empty_box_look_first_agrees_with_the_pattern(line: str) -> None:
    assert rules._may_be_empty_box(line) is (rules._EMPTY_BOX.match(line) is not None)


def test_the_empty_box_look_first_agrees_on_lines_built_from_their_parts() -> None:
    for parts in _lines():
        line = "".join(parts)
        assert rules._may_be_empty_box(line) is (rules._EMPTY_BOX.match(line) is not None)
