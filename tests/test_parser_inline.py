"""The parser reads an item whose only markup is `[[wikilinks]]` without running
markdown-it's inline parser (`parser._wikilinks_only`). Wherever it does, the
result must be exactly what the inline parser gives: checked on generated texts
mixing wikilinks of every form with the markup that must send a text back to
markdown-it (brackets, embeds, emphasis, entities, escapes, line breaks)."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from vaultroad.parser import _inline_text, _TreeBuilder, _wikilinks_only

PIECES = [
    "a",
    "Auth",
    " ",
    "  ",
    "\n",
    " — ",
    "(2 days)",
    ":",
    "[[Note]]",
    "[[Note#Heading]]",
    "[[Note|Alias]]",
    "[[Note#h|Alias]]",
    "[[Note\\|Alias]]",
    "[[ spaced ]]",
    "[[ ]]",
    "[[]]",
    "![[image.png]]",
    "[[a]b]]",
    "[[",
    "]]",
    "[",
    "]",
    "*",
    "**b**",
    "`c`",
    "&amp;",
    "\\",
    "<br>",
    "!",
    "#tag",
    "[l](u)",
    "é",
]


def _reference(content: str) -> tuple[object, ...]:
    builder = _TreeBuilder("", None, None, {})
    tokens = builder._inline_tokens(content, 0)
    assert tokens is not None
    return _inline_text(tokens)


@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=8))
@example(["[[Note]]", " — ", "a"])
@example(["[[Note|Alias]]", "\n", "[[Note#Heading]]"])
def test_the_wikilink_shortcut_reads_what_markdown_it_reads(pieces: list[str]) -> None:
    content = "".join(pieces)
    shortcut = _wikilinks_only(content)
    if shortcut is not None:
        assert shortcut == _reference(content)


def test_the_shortcut_takes_plain_wikilink_items_and_declines_other_markup() -> None:
    assert _wikilinks_only("[[Auth|Authentication]] — tokens") is not None
    for declined in ("![[x.png]] a", "[[a]] **b**", "[[a]] [l](u)", "[[a]b]]", "plain"):
        assert _wikilinks_only(declined) is None, declined
