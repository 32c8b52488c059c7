"""The marker patterns of `vaultroad.markers` (and the outline's pseudo-bullet),
spelled so that sre compiles them without 64K-entry tables (the pre-commit hook
compiles them on each commit), match what their former spelling matched."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultroad import markers, read_outline

_INVISIBLE = "\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff"
_FORMER_CHECKBOX = re.compile(
    rf"\[(?: (?P<spaced>[^\x00-\x7f\s{_INVISIBLE}\[\]]) |(?P<single>[^\s{_INVISIBLE}\[\]]| ))\]"
    r"(?=[ \t]|$)"
)
_FORMER_GLYPH = re.compile(r"(?:⏭️|⏭|✅|🚧|☑)(?=[ \t])")
_FORMER_PSEUDO_BULLET = re.compile(r"(?P<indent>(?:&nbsp;|\u00a0)+)[-*+•][ \t]+(?=\S)")

# Every invisible character and its neighbours, spaces of several kinds, the
# brackets, symbols inside and beyond ASCII.
_BOX_CHARACTERS = (
    "[] xX/-✓✅\t\u00a0\u3000\u00ac\u00ad\u00ae\u200a\u200b\u200f\u2010\u2029\u202a\u202e"
    "\u202f\u205f\u2060\u2064\u2065\ufeff\ufefe"
)


def _found(match: re.Match[str] | None) -> tuple[object, ...] | None:
    return None if match is None else (match.span(), match.groups())


def test_the_checkbox_symbol_is_any_character_the_former_pattern_took() -> None:
    for code in range(0x110000):
        char = chr(code)
        for text in (f"[{char}] ", f"[ {char} ]", f"[{char}]"):
            assert _found(markers.CHECKBOX_RE.match(text)) == _found(_FORMER_CHECKBOX.match(text))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_BOX_CHARACTERS, max_size=8))
def test_the_checkbox_pattern_matches_what_it_matched(text: str) -> None:
    assert _found(markers.CHECKBOX_RE.match(text)) == _found(_FORMER_CHECKBOX.match(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="⏭\ufe0f✅🚧☑☐ \ta", max_size=6), st.integers(0, 3))
def test_the_glyph_pattern_matches_what_it_matched(text: str, start: int) -> None:
    got, former = markers.GLYPH_RE.match(text, start), _FORMER_GLYPH.match(text, start)
    assert _found(got) == _found(former)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["&nbsp;", "\u00a0", "-", "*", "+", "•", " ", "\t", "a", "·"])))
def test_the_pseudo_bullet_pattern_matches_what_it_matched(pieces: list[str]) -> None:
    text = "".join(pieces)
    got = read_outline.PSEUDO_BULLET_RE.match(text)
    assert _found(got) == _found(_FORMER_PSEUDO_BULLET.match(text))
