"""Topic titles as a learner reads them: the visible text, without markup.

The parser gives each item's Markdown and its plain text (markup dropped,
whitespace collapsed, links' texts in place); this module turns them into

- the **title**: the plain text without tags, Obsidian Tasks fields, a leading
  inline-code label or `==highlight==` marks, cut only at a top-level term
  boundary: `**Term**: description`, `**Term** — description`,
  `[Term](url) - description`, or `Term — description` with an em or en dash
  outside links, code spans, quotes and brackets. A plain `Term: description`
  is not cut (`Calculus 1A: Differentiation`, `Sample task: I have …` are
  whole titles), nor is a plain hyphen (`Live Preview - ensure …`);
- the **tags**: `#task`-style tags as written, and a leading code label
  (`` `B` `` → `B`);
- the **Tasks fields** (`TaskFields`): `✅ 📅 ⏳ 🛫 ➕ ❌` dates, `🔁` recurrence,
  `🔺 ⏫ 🔼 🔽 ⏬` priority, `🆔` id, `⛔` dependencies; `🏁` (on completion)
  leaves the title too but has no field.

A leading link followed only by other links (`[Course](a) ([alternative](b))`)
is titled by its own text: the others are resources. An estimate the parser
read (`Type hints (2 days)`) leaves the title through `drop_estimate`.

Everything here is a pure function, linear in the length of its input.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from .lazy_re import lazy_compile
from .model import Estimate, Link, TaskFields, WikiLink

__all__ = [
    "TitleParts",
    "drop_estimate",
    "inline_html_text",
    "read_tasks",
    "read_title",
    "split_title",
]


class TitleParts(NamedTuple):
    """What an item's text gives besides its full text: title, the description
    after a term boundary (None without one), tags and Tasks fields."""

    title: str
    description: str | None
    tags: tuple[str, ...]
    tasks: TaskFields | None


# --- patterns -------------------------------------------------------------------

# An Obsidian tag: `#` at a word start, then letters, digits, `_`, `-`, `/`
# (not all digits: `#1` is a number, not a tag).
_TAG_RE = lazy_compile(r"#[\w/-]+")
_BR_RE = lazy_compile(r"<br\s*/?>", re.IGNORECASE)
_HIGHLIGHT_RE = lazy_compile(r"==([^=\s](?:[^=]*[^=\s])?)==")
_CODE_SPAN_RE = lazy_compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
# Characters without which a text has no tag or Tasks field (`_TASKS_HINTS`), nor
# `==` either (`_MARKS`). Of these only `#` and `=` are ASCII: an ASCII text is
# searched for those. Sets, not character classes: sre takes long to compile a
# class beyond Latin-1 in more than two runs (a 64K-entry table), which the
# pre-commit hook would pay on each commit.
_TASKS_HINTS = frozenset("#✅📅📆🗓⏳⌛🛫➕❌🔁🆔⛔🏁🔺⏫🔼🔽⏬")
_MARKS = _TASKS_HINTS | {"="}
_LEADING_TAGS_RE = lazy_compile(r"(?:#[\w/-]+[ \t]+)+")
# A leading code label: `B`, `A`, `P1`, `NEW` — short, upper case, then the text.
_LABEL_RE = lazy_compile(r"`(?P<label>[A-Z0-9][A-Z0-9+]{0,3})`[ \t]+(?=[\w\[*_(\"'“])")
# `**Term**:`, `**Term:**`, `**Term** —`, `**Term** - ` (also with `__`).
_BOLD_TERM_RE = lazy_compile(
    r"(?P<mark>\*\*|__)(?P<term>(?:(?!(?P=mark)).){1,200}?)(?P=mark)"
    r"(?=[ \t]*[:：]|[ \t]+[-—–][ \t])"
    r"|(?P<mark2>\*\*|__)(?P<term2>(?:(?!(?P=mark2)).){1,200}?[:：])(?P=mark2)"
)
_TERM_SEPARATOR_RE = lazy_compile(r"[ \t]*[:：][ \t]*|[ \t]+[-—–][ \t]+|[ \t]*$")
# After a leading link: an optional parenthetical, then ` - `, ` — `, ` – ` or `: `.
_AFTER_LINK_RE = lazy_compile(r"(?P<paren>[ \t]*\([^()]*\))?(?:[ \t]+[-—–][ \t]+|[ \t]*:[ \t]+)")
_RESOURCE_GLUE = frozenset(" \t()[]*·")  # not `,`: `[a](x), [b](y)` is a list
_QUOTE_PAIRS = {"“": "”", "‘": "’", "«": "»", "「": "」", "『": "』"}

_DATE_RE = lazy_compile(r"\d{4}-\d{2}-\d{2}")
_ID_RE = lazy_compile(r"[\w-]+")
_DEPENDS_RE = lazy_compile(r"[\w-]+(?:,[\w-]+)*")
_RECURRENCE_WORD_RE = lazy_compile(r"[A-Za-z0-9,!]+")
_BLOCK_ID_RE = lazy_compile(r"\^[A-Za-z0-9-]+")  # Obsidian's `^id` naming its block
_DATE_FIELDS = {
    "✅": "done",
    "📅": "due",
    "📆": "due",
    "🗓": "due",
    "⏳": "scheduled",
    "⌛": "scheduled",
    "🛫": "start",
    "➕": "created",
    "❌": "cancelled",
}
_PRIORITIES = {"🔺": "highest", "⏫": "high", "🔼": "medium", "🔽": "low", "⏬": "lowest"}
_RECURRENCE_WORDS = 12  # `every 2 weeks on Monday, Friday when done` and then some
_ESTIMATE_FILLER = frozenset(
    ["", "~", "≈", "est", "est.", "estimate", "estimated", "about", "approx", "approx.", "ca."]
)


def _collapse(text: str) -> str:
    # Runs of whitespace as one space, none at the ends: str.split() and the regex
    # `\s` agree on what whitespace is (str.isspace).
    return " ".join(text.split())


def inline_html_text(html: str) -> str:
    """The visible text of an inline HTML tag: a space for `<br>`, nothing otherwise."""
    return " " if _BR_RE.fullmatch(html.strip()) else ""


def _is_tag(word: str) -> bool:
    return _TAG_RE.fullmatch(word) is not None and not word[1:].isdigit()


# --- Tasks fields ------------------------------------------------------------------


def _emoji(word: str) -> str:
    return word.replace("\ufe0f", "")


def read_tasks(text: str) -> tuple[str, TaskFields | None, tuple[str, ...]]:
    """Obsidian Tasks fields and tags at the end of `text` (whitespace-collapsed).

    Returns the text without them, the fields (None when there are none) and
    the trailing tags in document order. As the Tasks plugin does, fields and
    tags are read from the end backwards and reading stops at the first word
    that is neither; a field glued to its value (`📅2024-05-01`) counts.

    A block id (`^abc-1`) ends a line after the fields, and the plugin reads
    the fields before it: so does this. Only the fields leave the text then;
    the tags and the id stay (a text with no field before its id is given
    back as it is), so `Learn X ^abc` and `Learn X ✅ 2024-04-13 ^abc` have
    one title.
    """
    words = text.split(" ")
    if len(words) > 2 and _BLOCK_ID_RE.fullmatch(words[-1]):
        rest, fields, tags = _read_tasks(words[:-1])
        return " ".join(word for word in (rest, *tags, words[-1]) if word), fields, ()
    return _read_tasks(words)


def _read_tasks(words: list[str]) -> tuple[str, TaskFields | None, tuple[str, ...]]:
    """`read_tasks` of the text's words, without the block id."""
    text = " ".join(words)
    # Split glued emoji fields (`📅2024-05-01`) into emoji and value.
    spread: list[str] = []
    for word in words[-64:] if len(words) > 64 else words:
        bare = _emoji(word)
        head = bare[:1]
        if len(bare) > 1 and (head in _DATE_FIELDS or head in "🔁🆔⛔🏁"):
            spread.extend((head, bare[1:]))
        else:
            spread.append(word)
    words = words[:-64] + spread if len(words) > 64 else spread
    fields: dict[str, str] = {}
    tags: list[str] = []
    end = len(words)
    while end > 0:
        word = words[end - 1]
        bare = _emoji(word)
        before = _emoji(words[end - 2]) if end >= 2 else ""
        if _is_tag(word):
            tags.append(word)
            end -= 1
        elif bare in _PRIORITIES:
            fields.setdefault("priority", _PRIORITIES[bare])
            end -= 1
        elif before in _DATE_FIELDS and _DATE_RE.fullmatch(word):
            fields.setdefault(_DATE_FIELDS[before], word)
            end -= 2
        elif before == "🆔" and _ID_RE.fullmatch(word):
            fields.setdefault("id", word)
            end -= 2
        elif before == "⛔" and _DEPENDS_RE.fullmatch(word):
            fields.setdefault("depends_on", word)
            end -= 2
        elif before == "🏁" and word.isalpha():
            end -= 2  # on completion (`delete`, `keep`): no field of its own
        else:
            start = _recurrence_start(words, end)
            if start is None:
                break
            fields.setdefault("recurrence", " ".join(words[start + 1 : end]))
            end = start
    if end == len(words):
        return text, None, ()
    rest = " ".join(words[:end]).strip()
    return rest, (TaskFields(**fields) if fields else None), tuple(reversed(tags))


def _recurrence_start(words: list[str], end: int) -> int | None:
    """Index of the `🔁` whose rule ends at `end`, if the words between are a rule."""
    for index in range(end - 1, max(-1, end - 1 - _RECURRENCE_WORDS), -1):
        word = words[index]
        if _emoji(word) == "🔁":
            return index if index < end - 1 else None
        if not _RECURRENCE_WORD_RE.fullmatch(word):
            return None
    return None


# --- protected spans: links, code, quotes ----------------------------------------------


def _locate(text: str, pieces: Sequence[str]) -> list[tuple[int, int]]:
    """Spans of `pieces` found in `text` in order, each searched after the previous."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in pieces:
        if not piece:
            continue
        found = text.find(piece, cursor)
        if found < 0:
            continue
        spans.append((found, found + len(piece)))
        cursor = found + len(piece)
    return spans


def _code_texts(markup: str) -> list[str]:
    if "`" not in markup:
        return []
    if "``" not in markup and "\n" not in markup:
        # Single backticks on one line (most code spans): each pairs with the next,
        # as `_CODE_SPAN_RE` pairs them; a last one without a partner opens nothing.
        pieces = markup.split("`")
        pairs = (len(pieces) - 1) // 2
        return [_collapse(piece) for piece in pieces[1 : 2 * pairs : 2]]
    return [_collapse(match.group(2)) for match in _CODE_SPAN_RE.finditer(markup)]


def _protected(
    text: str, markup: str, links: Sequence[Link], wikilinks: Sequence[WikiLink]
) -> list[bool] | None:
    """Per character of `text`: inside a link's text, a code span or a wikilink;
    None when nothing can be (no link, no wikilink, no backtick in `markup`)."""
    if not links and not wikilinks and "`" not in markup:
        return None
    mask = [False] * len(text)
    pieces = [
        *_locate(text, [link.text for link in links]),
        *_locate(text, _code_texts(markup)),
        *_locate(text, [w.alias or w.target for w in wikilinks]),
    ]
    for start, stop in pieces:
        mask[start:stop] = [True] * (stop - start)
    return mask


# --- cutting -------------------------------------------------------------------


# What `_dash_cut` looks at: brackets, quotes and the dashes; every other character
# leaves its state as it is. A set, not a character class (see `_TASKS_HINTS`).
_CUT_CHARS = frozenset('()[]{}"—–' + "".join(_QUOTE_PAIRS) + "".join(_QUOTE_PAIRS.values()))


def _dash_cut(text: str, mask: Sequence[bool] | None = None) -> tuple[str, str | None]:
    """`Term — description` at a top-level em or en dash (outside links, code,
    quotes and brackets), else the whole text."""
    em, en = text.find("—"), text.find("–")
    if em < 0 and en < 0:
        return text, None
    index = en if em < 0 else em if en < 0 else min(em, en)
    # Most texts: the first character that matters is the dash of the cut (nothing
    # opened before it), which the walk below would take at once.
    if _CUT_CHARS.isdisjoint(text[:index]) and not (
        mask is not None and index < len(mask) and mask[index]
    ):
        cut = _cut_at(text, index)
        if cut is not None:
            return cut
    depth = 0
    straight_quote = False
    closers: list[str] = []
    flags: Sequence[bool] = mask if mask is not None else ()
    masked = len(flags)
    for index, char in enumerate(text):
        if char not in _CUT_CHARS or (index < masked and flags[index]):
            continue
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(0, depth - 1)
        elif char == '"':
            straight_quote = not straight_quote
        elif char in _QUOTE_PAIRS:
            closers.append(_QUOTE_PAIRS[char])
        elif closers and char == closers[-1]:
            closers.pop()
        elif char in "—–" and depth == 0 and not straight_quote and not closers:
            cut = _cut_at(text, index)
            if cut is not None:
                return cut
    return text, None


def _cut_at(text: str, index: int) -> tuple[str, str | None] | None:
    """The cut at the top-level dash at `index`: it needs a blank on each side and a
    title before it (else None, and the walk goes on)."""
    if text[index - 1 : index] != " " or text[index + 1 : index + 2] != " ":
        return None
    head = text[: index - 1].strip()
    return (head, text[index + 2 :].strip() or None) if head else None


def split_title(plain: str) -> tuple[str, str | None]:
    """Title and description of a plain text (no markup known): cut at a
    top-level ` — ` or ` – ` only; a trailing `:` is dropped."""
    title, description = _dash_cut(plain)
    return title.rstrip(":").strip() or plain.strip(), description


def _unmark(term: str) -> str:
    return _collapse(term.replace("`", "").replace("*", "").replace("\\", ""))


def _bold_term(text: str, raw: str) -> tuple[str, str | None] | None:
    """`**Term**: description` (or `**Term:**`, `**Term** — …`) at the start."""
    if not raw.startswith(("**", "__")):
        return None
    match = _BOLD_TERM_RE.match(raw)
    if match is None:
        return None
    term = _unmark(match.group("term") or match.group("term2")).rstrip(":：").strip()
    if term.isalpha() and term.islower():
        # `**check**: Checked all above …`: a one-word lower-case label marks the
        # line, it names nothing; cut there, eleven lines would all be "check".
        return None
    for candidate in (term, term.replace("_", "")):
        if candidate and text.startswith(candidate):
            after = _TERM_SEPARATOR_RE.match(text, len(candidate))
            if after is None:
                return None
            return candidate, text[after.end() :].strip() or None
    return None


def _link_term(
    text: str, raw: str, links: Sequence[Link], wikilinks: Sequence[WikiLink]
) -> tuple[str, str | None] | None:
    """A text that starts with a link: `[Term](url) - description` gives the link's
    text (and a parenthetical right after it); a link followed only by other
    links (resources: `([alternative](b))`, a second line of links) gives its text."""
    lead = raw.lstrip("*_ \t")
    if not links or not lead.startswith("[") or lead.startswith("[["):
        return None
    first = links[0].text
    if not first or not text.startswith(first):
        return None
    rest = text[len(first) :]
    # Nothing after the link (`[Term](url)` alone) holds no separator: not compiled.
    after = _AFTER_LINK_RE.match(rest) if rest else None
    if after is not None:
        title = first + (after.group("paren") or "")
        return title, rest[after.end() :].strip() or None
    if len(links) > 1 and not wikilinks:
        cursor = 0
        for link in links[1:]:
            found = rest.find(link.text, cursor) if link.text else cursor
            if found < 0 or not set(rest[cursor:found]) <= _RESOURCE_GLUE:
                return None
            cursor = found + len(link.text)
        if set(rest[cursor:]) <= _RESOURCE_GLUE:
            return first, None
    return None


# --- the title -----------------------------------------------------------------


def _middle_tags(text: str, mask: Sequence[bool] | None) -> tuple[str, list[str]]:
    """Tags inside the text (outside links and code): recorded, and shown as words."""
    found: list[str] = []
    parts: list[str] = []
    cursor = 0
    for match in _TAG_RE.finditer(text):
        start = match.start()
        if (start > 0 and not text[start - 1].isspace()) or (mask is not None and mask[start]):
            continue
        if not _is_tag(match.group(0)):
            continue
        found.append(match.group(0))
        parts.append(text[cursor:start])
        cursor = start + 1  # keep the word, drop the `#`
    parts.append(text[cursor:])
    return "".join(parts), found


_RESOURCE_KIND_RE = lazy_compile(r"(?<![\w@])@[A-Za-z][A-Za-z-]{0,19}@(?=\S)")


def read_title(
    markup: str,
    plain: str,
    links: Sequence[Link] = (),
    wikilinks: Sequence[WikiLink] = (),
) -> TitleParts:
    """Title, description, tags and Tasks fields of one item.

    `markup` is the item's Markdown after its status marker; `plain` its
    plain text (markup dropped, whitespace collapsed) and `links`/`wikilinks`
    what the parser found in it, in order. The title is never empty: an item
    that is only tags or fields keeps its plain text as title.
    """
    raw = markup.lstrip(" \t")
    if "[@" in raw and "@" in plain:
        # roadmap.sh's `[@video@a crash course](…)` inside an item: the kind is
        # the link's (see selection.link_kind), not words of the title.
        plain = " ".join(_RESOURCE_KIND_RE.sub("", plain).split())
    if plain.isascii():  # of the hint characters only `#` and `=` are ASCII
        marks = "#" in plain or "=" in plain
        dashes = False
    else:
        marks = not _MARKS.isdisjoint(plain)
        dashes = "—" in plain or "–" in plain
    if not marks:
        if not raw.startswith(("*", "_", "`", "[", "#")):
            if not dashes:
                title = plain.rstrip(":：").strip() or plain.strip()
                return _new_parts(TitleParts, (title, None, (), None))  # plain words
            # `Term — description`: no tag, field or markup to read before the cut
            # (what the long way gives when only the dash cut can apply).
            title, description = _dash_cut(plain, _protected(plain, raw, links, wikilinks))
            title = title.rstrip(":：").strip() or title.strip() or plain
            return _new_parts(TitleParts, (title, description, (), None))
        if not dashes and (raw.startswith("#") or _no_term(raw, links)):
            # `**Term**`, `[[Term]]`: markup, but nothing to cut (what the long way gives).
            title = plain.rstrip(":：").strip() or plain.strip()
            if raw.startswith("#"):
                return _new_parts(TitleParts, (title, None, (), None))  # as ever
            return _new_parts(TitleParts, (title or plain, None, (), None))
    return _read_in_full(markup, plain, raw, links, wikilinks)


def _read_in_full(
    markup: str,
    plain: str,
    raw: str,
    links: Sequence[Link],
    wikilinks: Sequence[WikiLink],
) -> TitleParts:
    """`read_title` the long way, every rule tried in turn (`raw`: the markup without
    its leading blanks). The short ways in `read_title` give what this gives."""
    text = plain
    if "==" in text and not any("==" in code for code in _code_texts(markup)):
        text = _HIGHLIGHT_RE.sub(r"\1", text)
    tasks: TaskFields | None = None
    end_tags: tuple[str, ...] = ()
    if "#" in text if text.isascii() else not _TASKS_HINTS.isdisjoint(text):
        text, tasks, end_tags = read_tasks(text)
    tags: list[str] = []
    lead = _LEADING_TAGS_RE.match(raw) if raw.startswith("#") else None
    if lead is not None:
        raw = raw[lead.end() :]
    if text.startswith("#"):
        words = text.split(" ")
        count = 0
        while count < len(words) - 1 and _is_tag(words[count]):
            count += 1
        if count:
            tags.extend(words[:count])
            text = " ".join(words[count:])
    label = _LABEL_RE.match(raw) if raw.startswith("`") else None
    if label is not None and text.startswith(label.group("label") + " "):
        tags.append(label.group("label"))
        text = text[len(label.group("label")) + 1 :]
        raw = raw[label.end() :]
    if "#" in text:
        text, middle = _middle_tags(text, _protected(text, raw, links, wikilinks))
        tags.extend(middle)
    tags.extend(end_tags)
    cut = (_bold_term(text, raw) if raw.startswith(("**", "__")) else None) or (
        _link_term(text, raw, links, wikilinks) if links else None
    )
    if cut is None:
        mask = _protected(text, raw, links, wikilinks) if "—" in text or "–" in text else None
        cut = _dash_cut(text, mask)
    title, description = cut
    title = title.rstrip(":：").strip() or title.strip() or plain
    unique = tuple(dict.fromkeys(tags)) if tags else ()
    return _new_parts(TitleParts, (title, description, unique, tasks))


_new_parts = tuple.__new__  # TitleParts without its Python-level __new__


def _no_term(raw: str, links: Sequence[Link]) -> bool:
    """Whether `raw`, starting with `*`, `_`, `` ` `` or `[`, certainly has no term to
    cut (`_bold_term`, `_link_term`) nor a code label, its plain text having no
    tag, field, dash or `==` (see `read_title`)."""
    if raw.startswith("`"):
        return False  # maybe a code label
    if raw.startswith(("*", "_")) and (
        ":" in raw or "：" in raw or "-" in raw or "—" in raw or "–" in raw
    ):
        return False  # maybe `**Term**:` or `**Term** — …`
    if not links:
        return True
    lead = raw.lstrip("*_ \t")
    return not lead.startswith("[") or lead.startswith("[[")


def drop_estimate(title: str, estimate: Estimate | None) -> str:
    """`title` without the estimate that was read from it, when the estimate
    stands apart: in brackets (`Type hints (2 days)`, `**(1 hour)** Determine …`)
    or at an end after a separator (`Type hints — 2 days`). An estimate inside
    the sentence (`Spend 2 days on X`) stays."""
    if estimate is None or not estimate.text or estimate.text not in title:
        return title
    text = estimate.text
    at = title.find(text)
    stop = at + len(text)
    kept: str | None = None
    for opener, closer in (("(", ")"), ("[", "]")):
        start = title.rfind(opener, 0, at)
        end = title.find(closer, stop)
        if start < 0 or end < 0:
            continue
        inside = title[start + 1 : end]
        if "(" in inside or ")" in inside or "[" in inside or "]" in inside:
            continue
        filler = inside.replace(text, "").strip(" :,.-–—").casefold()
        if filler in _ESTIMATE_FILLER:
            kept = title[:start] + " " + title[end + 1 :]
            break
    if kept is None:
        head = title[:at].rstrip()
        tail = title[stop:].strip()
        if not tail and head[-1:] in ("-", "—", "–", ":", ",", "|"):
            kept = head[:-1]
        elif not head and tail[:1] in ("-", "—", "–", ":", ",", "|"):
            kept = tail[1:]
    if kept is None:
        return title
    return _collapse(kept).strip(" -–—:,|") or title
