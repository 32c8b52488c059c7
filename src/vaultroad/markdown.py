"""The one place markdown-it is configured, and the parser rules vaultroad adds.

Rules record what they find in `token.meta`; none of them changes a token's
content, so every fact can be traced back to the source text.

- `obsidian_comment` (block): `%% … %%` comments are one opaque block, as
  Obsidian hides them; nothing inside is a topic.
- `wikilink` (inline): `[[target#heading|alias]]` and `![[embed]]` become
  `wikilink` tokens with the parts in `meta`.
- `vaultroad_checkbox` (core, after block): marks every list item with the
  line and column where its text starts, and the checkbox there if any.
- `vaultroad_depth` (block, first): what lists and blockquotes nest
  `MAX_DEPTH` levels deep or more becomes one `vaultroad_too_deep` token
  over the lines not read.

The core `inline` rule is off: most of a roadmap is prose vaultroad never
looks at, so inline parsing runs only on the tokens the tree needs
(`parse_inline`), which keeps vaultroad's parse near markdown-it's own speed.

Parsing stays linear in the input on every input, hostile or broken, so a
pre-commit hook never hangs, and every limit that buys this is reported:

- markdown-it stops reading at nesting level `maxNesting` and skips the rest
  of the *enclosing range* — for a list, the rest of the document — without a
  word. Here `vaultroad_depth` stops at the same level (with `maxNesting`
  raised so it gets there first), skips only the too-deep container, and
  leaves a token saying which lines it skipped.
- markdown-it's link rule looks for a label's closing `]` from every `[`, so
  a text of n unmatched brackets costs n² steps. `parse_inline` gives that
  scan a budget proportional to the text; a text that spends it is read again
  with links and images off (their brackets are then plain text), and says so.
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from typing import TYPE_CHECKING, Any

from .lazy_re import lazy_compile
from .markers import CHECKBOX_RE

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_core import StateCore
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

__all__ = [
    "MAX_DEPTH",
    "MAX_INLINE",
    "TOO_DEEP",
    "block_tokens",
    "content_column",
    "label_budget",
    "make_markdown",
    "mark_checkboxes",
    "markdown_for",
    "parse_inline",
    "wikilink_parts",
]

# Content at this container level or deeper is not read (a list counts two
# levels, the list and its item; a blockquote one): where CommonMark's preset
# (maxNesting 20) stops too, so no ordinary document reads differently.
MAX_DEPTH = 20
TOO_DEEP = "vaultroad_too_deep"  # the token over lines nested MAX_DEPTH deep or more
# Longest text (in characters) given to the inline parser; the longest topic
# text in the sample vault and test corpus is under 400. Longer ones are read
# as written (see inline_text.InlineReader): markdown-it's inline pass costs
# 10-50 times a plain text's per character on dense markup, and a hostile
# single line should cost what plain text costs.
MAX_INLINE = 10_000

# The link-label scans of one inline text may take this many steps per
# character, plus a fixed allowance. Ordinary text takes well under one step
# per character (each `[` scans to its own `]`; 0.3 at most in the sample
# vault and test corpus, beyond the allowance); the budget runs out only
# where scans overlap quadratically (many unmatched `[`). What a text spends
# before it runs out is wasted, so the budget is not made larger than needed.
_LABEL_STEPS_PER_CHAR = 2
_LABEL_STEPS_BASE = 512
_BUDGET_KEY = "vaultroad_label_budget"


def make_markdown(*, front_matter: bool = True, comments: bool = True) -> MarkdownIt:
    """CommonMark plus GFM tables, frontmatter, Obsidian comments, wikilinks and checkboxes.

    `front_matter` and `comments` may leave out the rules for frontmatter and
    `%%` comments, for a text where they cannot match (see `markdown_for`).
    """
    # Imported here, not at the top: a command served from the tree cache
    # never pays for loading markdown-it.
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    # Two levels of headroom over MAX_DEPTH: a list opens two levels before
    # its item's content is read, and `vaultroad_depth` must get to run there,
    # before markdown-it's own silent cut-off does.
    md = MarkdownIt("commonmark", {"maxNesting": MAX_DEPTH + 2}).enable("table")
    if front_matter:
        front_matter_plugin(md)
    md.block.ruler.before("table", "vaultroad_depth", _too_deep)
    if comments:
        md.block.ruler.after(
            "fence",
            "obsidian_comment",
            _obsidian_comment,
            {"alt": ["paragraph", "reference", "blockquote", "list"]},
        )
    md.inline.ruler.before("link", "wikilink", _wikilink)
    md.core.ruler.after("block", "vaultroad_checkbox", _checkbox)
    md.core.ruler.disable("inline")
    _budget_link_labels(md)
    return md


def block_tokens(body: str, *, reference: bool = False) -> tuple[list[Any], dict[str, Any]]:
    """The block tokens of `body`, list items marked (`mark_checkboxes`), and the
    environment its inline texts are parsed in (the document's link references).

    The block scanner (`vaultroad.blocks`) reads most documents, without loading
    markdown-it; what it declines, or everything with `reference=True`, is read
    by markdown-it. Both give the same tokens (tests/test_block_scanner.py).
    """
    if not reference:
        from .blocks import scan_items

        normal = body
        if "\r" in normal:
            normal = normal.replace("\r\n", "\n").replace("\r", "\n")
        if "\0" in normal:
            normal = normal.replace("\0", "\ufffd")  # as markdown-it's normalize rule
        scanned = scan_items(normal)
        if scanned is not None:
            tokens, items = scanned
            mark_checkboxes(tokens, normal, items)
            return tokens, {}
    env: dict[str, Any] = {}
    return markdown_for(body).parse(body, env), env


_PARSERS: dict[tuple[bool, bool], MarkdownIt] = {}


def markdown_for(text: str) -> MarkdownIt:
    """The parser for `text`: the same tokens as `make_markdown()`'s, without the
    block rules that cannot match anywhere in it.

    markdown-it tries every block rule at the start of every block, so a rule
    costs a call per block even in a text where it can never match: frontmatter
    opens only a text that starts with `---`, and a `%%` comment needs a `%%`.
    Leaving them out where they cannot match is a few percent of a parse.
    """
    key = (text.startswith("---"), "%%" in text)
    md = _PARSERS.get(key)
    if md is None:
        md = _PARSERS[key] = make_markdown(front_matter=key[0], comments=key[1])
    return md


def label_budget(length: int) -> int:
    """The link-label scan steps an inline text of `length` characters may take."""
    return _LABEL_STEPS_PER_CHAR * length + _LABEL_STEPS_BASE


def parse_inline(
    md: MarkdownIt, content: str, env: MutableMapping[str, Any]
) -> tuple[list[Token], bool]:
    """Inline tokens for `content`, with the document's link references in `env`,
    and whether its links were left unparsed (see the module's note on limits)."""
    budget = _LabelBudget(label_budget(len(content)))
    # A copy, so the budget is this text's alone and `env` stays the caller's.
    scoped = {**env, _BUDGET_KEY: budget}
    tokens: list[Token] = []
    try:
        md.inline.parse(content, md, scoped, tokens)
    except _LabelBudgetSpent:
        budget.steps = -1  # from now on every label fails at once: no links, no images
        tokens = []
        md.inline.parse(content, md, scoped, tokens)
        return tokens, True
    return tokens, False


# --- link labels on a budget ------------------------------------------------------


class _LabelBudget:
    """Link-label scan steps one inline text may still take; negative: links are off."""

    __slots__ = ("steps",)

    def __init__(self, steps: int) -> None:
        self.steps = steps


class _LabelBudgetSpent(Exception):
    """Raised out of the inline parser when a text's label scans exceed their budget."""


def _budget_link_labels(md: MarkdownIt) -> None:
    """Give this parser (only: `markdown_it.helpers` is a shared module) a
    label scanner that counts its steps against the text's budget."""
    from types import SimpleNamespace

    helpers = md.helpers
    md.helpers = SimpleNamespace(  # type: ignore[assignment]  # the same three functions
        parseLinkLabel=_link_label,
        parseLinkDestination=helpers.parseLinkDestination,
        parseLinkTitle=helpers.parseLinkTitle,
    )


def _link_label(state: StateInline, start: int, disable_nested: bool = False) -> int:
    """markdown-it's `parseLinkLabel` (end of the label opened at `start`, or -1),
    step for step, but counting each step against the text's budget."""
    budget: _LabelBudget | None = state.env.get(_BUDGET_KEY)
    if budget is None:  # an inline parse not started by parse_inline: no budget
        from markdown_it.helpers import parseLinkLabel

        return parseLinkLabel(state, start, disable_nested)
    if budget.steps < 0:
        return -1
    old_pos = state.pos
    state.pos = start + 1
    level = 1
    label_end = -1
    src = state.src
    skip = state.md.inline.skipToken
    while state.pos < state.posMax:
        budget.steps -= 1
        if budget.steps < 0:
            state.pos = old_pos
            raise _LabelBudgetSpent
        marker = src[state.pos]
        if marker == "]":
            level -= 1
            if level == 0:
                label_end = state.pos
                break
        previous = state.pos
        skip(state)
        if marker == "[":
            if previous == state.pos - 1:
                level += 1  # a `[` that is text, not the start of another token
            elif disable_nested:
                state.pos = old_pos
                return -1
    state.pos = old_pos
    return label_end


# --- block rule: nesting deeper than MAX_DEPTH --------------------------------------


def _too_deep(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """At level MAX_DEPTH, the rest of this container is one opaque token.

    It ends where markdown-it's own loop would end the container (the first
    non-blank line indented less than its content), so what follows the deep
    part is read as usual; markdown-it would skip all of it.
    """
    if state.level < MAX_DEPTH:
        return False
    line = start + 1  # the loop that called us has checked `start` belongs here
    last = line
    while line < end:
        if not state.isEmpty(line):
            if state.sCount[line] < state.blkIndent:
                break
            last = line + 1
        line += 1
    if silent:
        return True
    state.line = last
    token = state.push(TOO_DEEP, "", 0)
    token.block = True
    token.map = [start, last]
    token.meta = {"depth": MAX_DEPTH}
    return True


# --- block rule: %% comments %% -------------------------------------------------


def _obsidian_comment(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    pos = state.bMarks[start] + state.tShift[start]
    src = state.src
    if not src.startswith("%%", pos):
        return False
    line_end = state.eMarks[start]
    close = src.find("%%", pos + 2, line_end)
    if close >= 0:
        # `%% note %%` alone on its line is a block; `%% a %% text` is inline text.
        if src[close + 2 : line_end].strip():
            return False
        next_line = start + 1
    else:
        # Obsidian runs an unclosed comment to the end of the document.
        next_line = start + 1
        while next_line < end:
            first = state.bMarks[next_line] + state.tShift[next_line]
            if src.find("%%", first, state.eMarks[next_line]) >= 0:
                next_line += 1
                break
            next_line += 1
    if silent:
        return True
    state.line = next_line
    token = state.push("obsidian_comment", "", 0)
    token.block = True
    token.map = [start, next_line]
    token.content = state.getLines(start, next_line, state.sCount[start], True)
    return True


# --- inline rule: [[wikilinks]] -------------------------------------------------

_WIKILINK_STOP_RE = lazy_compile(r"\]\]|[\[\n]")


def _wikilink(state: StateInline, silent: bool) -> bool:
    src = state.src
    pos = state.pos
    embed = src.startswith("![[", pos)
    if not embed and not src.startswith("[[", pos):
        return False
    start = pos + (3 if embed else 2)
    # A link holds no `[` and no line break, so the search stops at the first
    # of these: searching on for `]]` from every `[[` would be quadratic.
    stop = _WIKILINK_STOP_RE.search(src, start)
    if stop is None or stop.group() != "]]":
        return False
    close = stop.start()
    inner = src[start:close]
    if not inner.strip():
        return False
    if not silent:
        token = state.push("wikilink", "", 0)
        token.markup = src[pos : close + 2]
        token.content, token.meta = wikilink_parts(inner, embed)
    state.pos = close + 2
    return True


def wikilink_parts(inner: str, embed: bool = False) -> tuple[str, dict[str, Any]]:
    """The text a `[[inner]]` shows, and its parts (target, heading, alias, embed)."""
    # Inside a table Obsidian writes the alias bar escaped: [[Target\|Alias]].
    link, _, alias = inner.replace("\\|", "|").partition("|")
    target, _, heading = link.partition("#")
    meta = {
        "target": target.strip(),
        "heading": heading.strip() or None,
        "alias": alias.strip() or None,
        "embed": embed,
    }
    return alias.strip() or link.strip(), meta


# --- core rule: checkboxes on list items ----------------------------------------


def _checkbox(state: StateCore) -> None:
    mark_checkboxes(state.tokens, state.src)


def mark_checkboxes(tokens: Sequence[Any], src: str, items: Sequence[int] | None = None) -> None:
    """Give every list item whose text starts on its own line `meta["vaultroad"]`:
    that line, the column where its text starts, and the checkbox there if
    any. `tokens` are markdown-it's block tokens for `src` (or the block
    scanner's, with `items`, where its list items are among them)."""
    lines: list[str] | None = None
    count = len(tokens)
    for index in range(count) if items is None else items:
        token = tokens[index]
        if token.type != "list_item_open" or index + 2 >= count:
            continue
        inline = tokens[index + 2]
        if tokens[index + 1].type != "paragraph_open" or inline.type != "inline":
            continue
        if inline.map is None:
            continue
        if lines is None:
            lines = src.split("\n")
        line_no = inline.map[0]
        content = inline.content
        column = content_column(lines[line_no], content.partition("\n")[0])
        if column is None:
            continue
        # Only a `[` may open a checkbox.
        match = CHECKBOX_RE.match(content) if content.startswith("[") else None
        facts = {
            "line": line_no,
            "column": column,
            "checkbox": match.group(0) if match else None,
            "symbol": (match.group("spaced") or match.group("single")) if match else None,
        }
        # A new dict: the scanner's tokens share one empty `meta`.
        meta = token.meta
        token.meta = {**meta, "vaultroad": facts} if meta else {"vaultroad": facts}


def content_column(raw_line: str, first_line: str) -> int | None:
    """Column of a paragraph's first line in its raw source line.

    markdown-it strips the container prefix (`> `, `- `, indentation) and, on
    a one-line paragraph, trailing spaces; the content is what remains, so it is
    a suffix of the raw line up to trailing whitespace.
    """
    if raw_line.endswith(first_line):
        return len(raw_line) - len(first_line)
    stripped_raw = raw_line.rstrip()
    stripped_first = first_line.rstrip()
    if stripped_first and stripped_raw.endswith(stripped_first):
        return len(stripped_raw) - len(stripped_first)
    return None
