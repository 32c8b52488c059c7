"""Decorative ticks: when a leading `✅` on a list item is a status, and when it is text.

A list item with no checkbox whose text starts with a done glyph (`✅`, `☑`)
is done in a glyph checklist: a document (or one of its lists) ticked by hand
with glyphs instead of boxes. The same glyph is decoration in a list of
criteria or outcomes in a checkbox document:

    **Phase 1 Success Criteria:**
    - ✅ Can navigate terminal/command line
    - ✅ Comfortable with git basics

Rule: the done glyph of a list item is text when

1. every item of its list, nested lists included (the outermost list and
   all it holds), starts with a done glyph (after a checkbox, if any): the
   list does not mix ticked and unticked items, every line wears the tick;
2. and the document has a checkbox on a list item (a checkbox document).

Anywhere else it is the item's status (and written back as a glyph).

Reading and writing stay consistent. vaultroad never writes `✅` on a list
item of a checkbox document: its checkbox items are written as boxes, and its
plain items are groups (not writable) or not topics (`selection`). In a
document without checkboxes, where plain items are written as glyphs so that
the document stays box-less (`selection._glyph_places`), condition 2 makes
every `✅` a status, so a `✅` just written reads back as done. Condition 1
is about the whole list, nested lists included, so that a glyph checklist
whose sublist is all ticked (`- ✅ Basics` over `- ✅ vars`, `- ✅ loops`,
beside `- Advanced`) is still a checklist, and setting a decorative item done
(`- ✅ a` → `- [x] ✅ a`) leaves its list as it was: every item still wears
the tick.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .lazy_re import lazy_compile
from .markers import CHECKBOX_RE

if TYPE_CHECKING:
    from markdown_it.token import Token

__all__ = ["decorative_glyph_lines"]

# A done glyph that is a marker: followed by a space or tab (as `GLYPH_RE`).
_DONE_GLYPH_RE = lazy_compile(r"(?:✅|☑)(?=[ \t])")


# A line on which a list item's text can start with a done glyph: before the glyph
# only what markdown-it takes off a paragraph's first line (indentation, `>`, list
# markers) and a checkbox. An item's text is a suffix of its line (the checkbox
# rule records no facts otherwise), so a text without such a line has no tick.
_TICKED_LINE_RE = lazy_compile(r"[ \t>*+\-0-9.)]*(?:\[[^\[\]\r\n]*\][ \t]*)?[✅☑][ \t]")
# The characters such a line can open with: a line opening with another (a
# heading's `#`, a table row's `|`, a word) is passed over without the pattern,
# which is then not even compiled.
_TICKED_LINE_STARTS = frozenset(" \t>*+-0123456789.)[✅☑")


def _may_start_with_tick(text: str) -> bool:
    """Whether a line of `text` can start a list item with a done glyph: each line
    holding a glyph is matched once from its start (a glyph in a table cell, after
    words, is not at an item's start). Linear: lines are never revisited."""
    has_cr = "\r" in text
    for glyph in ("✅", "☑"):
        at = text.find(glyph)
        while at >= 0:
            start = text.rfind("\n", 0, at) + 1
            if has_cr:
                start = max(start, text.rfind("\r", start, at) + 1)
            if text[start : start + 1] in _TICKED_LINE_STARTS and _TICKED_LINE_RE.match(
                text, start
            ):
                return True
            end = text.find("\n", at)
            if has_cr:
                cr = text.find("\r", at, end if end >= 0 else len(text))
                end = cr if cr >= 0 else end
            if end < 0:
                break
            at = text.find(glyph, end)
    return False


def _starts_with_tick(content: str) -> bool:
    """Whether an item's text starts with a done glyph, after a checkbox if it has one."""
    box = CHECKBOX_RE.match(content)
    if box:
        content = content[box.end() :].lstrip(" \t")
    return _DONE_GLYPH_RE.match(content) is not None


def decorative_glyph_lines(tokens: Sequence[Token], text: str | None = None) -> frozenset[int]:
    """0-based lines of the list items whose leading done glyph is decoration, not status.

    `tokens` are markdown-it's block tokens, list items carrying the facts the
    checkbox rule records (`meta["vaultroad"]`: line, column, checkbox).
    `text`, the text they were parsed from, lets a text where no line can start
    an item with a done glyph skip the walk over its tokens.
    """
    if text is not None and not _may_start_with_tick(text):
        return frozenset()  # no item starts with a done glyph: none is decoration
    has_checkbox = False
    trees: list[list[tuple[int, bool, bool]]] = []  # items: (line, ticked, has a box)
    depth = 0
    for index, token in enumerate(tokens):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            if depth == 0:
                trees.append([])
            depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            depth = max(0, depth - 1)
        elif kind == "list_item_open" and trees and depth > 0:
            facts = token.meta.get("vaultroad")
            if facts is None or index + 2 >= len(tokens):
                continue  # an empty item, or one opening with a block: nothing to tick
            content = tokens[index + 2].content
            boxed = facts.get("checkbox") is not None
            has_checkbox = has_checkbox or boxed
            trees[-1].append((int(facts["line"]), _starts_with_tick(content), boxed))
    if not has_checkbox:
        return frozenset()
    lines: set[int] = set()
    for items in trees:
        if items and all(ticked for _, ticked, _ in items):
            lines.update(line for line, _, boxed in items if not boxed)
    return frozenset(lines)
