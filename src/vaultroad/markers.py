"""The vocabulary of status markers: what each symbol means and how each status is written.

One place for it, because the parser reads these marks and the writer must
write back exactly what the parser will read again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .lazy_re import lazy_compile
from .model import Status

# A checkbox: `[c]` with one symbol (space included), or the spaced form
# `[ ✓ ]` some checklists use. Brackets, whitespace other than a plain space and
# invisible format characters (`[\u200b]`, `[\u00a0]`) are look-alikes, not
# boxes; `[ x ]`-style spacing is only accepted around a non-ASCII symbol. It
# must be followed by a space, a tab or the end, so `[x]a` is text.
# The invisible characters (soft hyphen, zero-width and direction marks, BOM) are
# kept out by lookaheads of at most two runs each, not in the symbol's set: sre
# compiles a set of wide characters in more than two runs as a 64K-entry table,
# which every parse (the pre-commit hook's included) would pay to compile.
_VISIBLE = "(?![\u00ad\u200b-\u200f])(?![\u202a-\u202e\u2060-\u2064])(?!\ufeff)"
CHECKBOX_RE = lazy_compile(
    rf"\[(?: (?P<spaced>{_VISIBLE}[^\x00-\x7f\s]) |(?P<single>{_VISIBLE}[^\s\[\]]| ))\]"
    r"(?=[ \t]|$)"
)

CHECKBOX_SYMBOLS: Mapping[str, Status] = {
    " ": Status.TODO,
    "/": Status.DOING,
    "x": Status.DONE,
    "X": Status.DONE,
    "✓": Status.DONE,
    "✔": Status.DONE,
    "☑": Status.DONE,
    "✅": Status.DONE,
    "-": Status.SKIPPED,
}

# Leading glyphs vaultroad inserts where no checkbox can go (table cells,
# pseudo-bullets, outline leaves). Todo has no glyph: setting todo removes it.
GLYPH_FORMS: Mapping[Status, str] = {
    Status.DOING: "🚧",
    Status.DONE: "✅",
    Status.SKIPPED: "⏭️",
}
GLYPH_STATUS: Mapping[str, Status] = {
    "✅": Status.DONE,
    "🚧": Status.DOING,
    "⏭️": Status.SKIPPED,
    "⏭": Status.SKIPPED,
    "☑": Status.DONE,
}
# Longest first, so `⏭️` (with its variation selector) wins over `⏭`. The `(?=\S)`
# first, which every glyph passes, keeps sre from compiling the glyphs' first
# characters as a set to search for (a 64K-entry table: see CHECKBOX_RE).
GLYPH_RE = lazy_compile(r"(?=\S)(?:⏭️|⏭|✅|🚧|☑)(?=[ \t])")

# Glyph checklists in unlabelled code fences come in two families.
FENCE_FAMILIES: Mapping[str, tuple[str, str]] = {
    "☐": ("☐", "☑"),
    "☑": ("☐", "☑"),
    "□": ("□", "■"),
    "■": ("□", "■"),
}
FENCE_GLYPH_STATUS: Mapping[str, Status] = {
    "☐": Status.TODO,
    "□": Status.TODO,
    "☑": Status.DONE,
    "■": Status.DONE,
    **GLYPH_STATUS,
}
FENCE_LINE_RE = lazy_compile(r"[ \t]*(⏭️|⏭|✅|🚧|☐|☑|□|■)[ \t]+(?=\S)")

DEFAULT_DONE_FORM = "[x]"


def symbol_statuses(table: Mapping[Any, Any]) -> dict[str, Status]:
    """Extra checkbox symbols (`{">": "doing"}`) checked, with their statuses as
    `Status`; `ValueError` naming the first bad entry. One rule for
    `.vaultroad.toml`'s `[symbols]` and for `parse(symbols=…)`."""
    statuses: dict[str, Status] = {}
    for symbol, value in table.items():
        if not isinstance(symbol, str) or len(symbol) != 1 or symbol in "[]":
            raise ValueError(f"symbols: {symbol!r} is not one character")
        try:
            statuses[symbol] = Status(value)
        except (ValueError, TypeError):
            words = ", ".join(status.value for status in Status)
            raise ValueError(f"symbols: {symbol!r} maps to {value!r}, not one of {words}") from None
    return statuses


def checkbox_status(symbol: str, extra: Mapping[str, Status] | None = None) -> Status:
    """Status of a checkbox symbol; unknown symbols (`>`, `?`, `!` …) count as todo."""
    if extra and symbol in extra:
        return extra[symbol]
    return CHECKBOX_SYMBOLS.get(symbol, Status.TODO)


def checkbox_forms(done_form: str) -> tuple[str, str, str, str]:
    """How a checkbox writes todo, doing, done and skipped in a file whose done form is given."""
    return ("[ ]", "[/]", done_form, "[-]")


_GLYPH_PLACE_FORMS = (
    "",
    GLYPH_FORMS[Status.DOING],
    GLYPH_FORMS[Status.DONE],
    GLYPH_FORMS[Status.SKIPPED],
)


def glyph_forms() -> tuple[str, str, str, str]:
    """Glyph places have no todo mark: an empty form means 'remove the glyph'."""
    return _GLYPH_PLACE_FORMS


def fence_forms(family: tuple[str, str]) -> tuple[str, str, str, str]:
    todo, done = family
    return (todo, GLYPH_FORMS[Status.DOING], done, GLYPH_FORMS[Status.SKIPPED])


STATUS_ORDER: tuple[Status, ...] = (Status.TODO, Status.DOING, Status.DONE, Status.SKIPPED)


def form_for(forms: tuple[str, str, str, str], status: Status) -> str:
    return forms[STATUS_ORDER.index(status)]
