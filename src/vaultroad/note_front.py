"""Note frontmatter: read with a YAML parser, written by patching single values in place.

A user's frontmatter is theirs: comments, key order, quoting, blank lines
and line endings. vaultroad changes one owned key at a time — the value's
span on its line when it is a scalar, the key's lines when it is a list —
appends missing keys at the end of the block, and re-reads the result to
check that every other key still has exactly its old value.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import Any, Union

from .errors import UnsafeEditError, VaultroadError

__all__ = [
    "OWNED_KEYS",
    "DuplicateKeyError",
    "FrontMatter",
    "Value",
    "front_matter_end",
    "raw_value",
    "read_front_matter",
    "render_front_matter",
    "set_front_matter_values",
    "split_front_matter",
]

Value = Union[str, int, float, bool, dt.date, list[str]]  # noqa: UP007 (a runtime alias on 3.10)

_OPEN = re.compile(r"---[ \t]*(?:\r\n|\r|\n)")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|$)", re.MULTILINE)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_KEY = re.compile(
    r"""(?P<key>[^\s#'"\-?:,\[\]{}][^:#]*?|"[^"]*"|'[^']*')[ \t]*:(?=[ \t]|\r|\n|$)"""
)


# Keys whose values vaultroad keeps up to date on every sync (what each
# holds: the `notes` module's docstring). `tags` and `aliases` are written
# when the note is created and are the user's after. A key added here is
# written into existing notes by their next update, appended at the end of
# the frontmatter like any missing owned key: no other byte moves.
OWNED_KEYS = (
    "topic",
    "roadmap",
    "parent",
    "section",
    "status",
    "estimate",
    "estimate_low",
    "estimate_high",
    "completed",
)


class DuplicateKeyError(VaultroadError):
    """A frontmatter key set twice: which value the user meant is a guess, so nothing is done."""


@dataclass(frozen=True, slots=True)
class FrontMatter:
    start: int  # first character after the opening `---` line
    end: int  # start of the closing `---` (or `...`) line
    data: dict[str, Any]


def _loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(text: str, path: str | None, first_line: int) -> dict[str, Any]:
    import yaml

    try:
        data = yaml.load(text, Loader=_loader())
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise VaultroadError(f"invalid frontmatter: {problem}", path=path, line=line) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise VaultroadError("frontmatter is not a mapping of keys", path=path, line=first_line)
    return data


def _front_span(text: str) -> tuple[int, int, int] | None:
    """Start of the frontmatter's first line, start of its closing line, end of that line."""
    offset = 1 if text.startswith("\ufeff") else 0
    opening = _OPEN.match(text, offset)
    if opening is None:
        return None
    closing = _CLOSE.search(text, opening.end())
    if closing is None:
        return None
    return opening.end(), closing.start(), closing.end()


def front_matter_end(text: str) -> int:
    """Offset of the first character after the frontmatter (0 when there is none).

    Finds the block without parsing it, for callers that only skip it.
    """
    span = _front_span(text)
    return span[2] if span is not None else 0


def split_front_matter(
    text: str, path: str | None = None, *, owned: Collection[str] = OWNED_KEYS
) -> FrontMatter | None:
    """The frontmatter block at the start of `text` (after a BOM), or None.

    Raises `DuplicateKeyError` when one of the `owned` keys is set twice.
    """
    span = _front_span(text)
    if span is None:
        return None
    start, end, _ = span
    data = _load(text[start:end], path, 2)
    _refuse_duplicates(text, start, end, owned, path)
    return FrontMatter(start, end, data)


def read_front_matter(
    text: str, path: str | None = None, *, owned: Collection[str] = OWNED_KEYS
) -> dict[str, Any]:
    """The frontmatter mapping, `{}` when there is none.

    Raises `DuplicateKeyError` when one of the `owned` keys (by default the
    ones a sync reads and writes) is set twice; `owned=()` reads any note.
    """
    block = split_front_matter(text, path, owned=owned)
    return block.data if block is not None else {}


@functools.lru_cache(maxsize=8)
def _owned_lines(owned: tuple[str, ...]) -> re.Pattern[str]:
    keys = "|".join(re.escape(key) for key in owned)
    return re.compile(rf"""^(?:"|')?({keys})(?:"|')?[ \t]*:""", re.MULTILINE)


def _refuse_duplicates(
    text: str,
    start: int,
    end: int,
    owned: Collection[str],
    path: str | None,
) -> None:
    # YAML keeps the last of two equal keys without a word; for a key a sync
    # reads (a status) and rewrites that would be acting on a guess.
    # This runs on every changed note of every sync: one regex pass finds the
    # lines that may set an owned key, and only a note where one shows twice
    # pays for the scan that tells a key from a block value's text.
    if not owned:
        return
    seen = _owned_lines(tuple(owned)).findall(text, start, end)
    if len(seen) == len(set(seen)):
        return
    _entries(text, start, end, path, frozenset(owned))


# What ruamel (mdformat's frontmatter plugin) resolves to something other
# than a string under YAML 1.2: its own implicit resolvers' patterns, numbers,
# timestamps and the merge, value and tag indicators (booleans and null are
# in _KEYWORDS). `94194e8758` is a float there though PyYAML (YAML 1.1) reads
# a string, and `+_` an int that ruamel then fails to construct.
_SPECIAL_12 = re.compile(
    r"""(?x)
    [-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    | [-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
    | [-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
    | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)
    | [-+]?0b[0-1_]+ | [-+]?0o?[0-7_]+ | [-+]?[0-9_]+ | [-+]?0x[0-9a-fA-F_]+
    | << | = | ! | & | \*
    | [0-9]{4}-[0-9]{2}-[0-9]{2}
    | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[\ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?
      (?:[\ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?
    """
)


# Words YAML 1.1 or 1.2 read as booleans or null, whatever their case.
_KEYWORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"})
# Inside a plain scalar: word characters, single spaces, punctuation YAML
# gives no meaning there, and any other non-ASCII character but the ones YAML
# reads as line breaks (NEL, U+2028, U+2029) or refuses raw (C1 controls,
# BOM, surrogates): `›`, `—`, `→` and emoji are common in section paths.
_PLAIN_INSIDE = (
    r"(?:[\w./()&',+@-]| (?=\S)"
    "|[^\x00-\x7f\x80-\xa0\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff])"
)
# Plain for certain: starts with a letter, then only such characters.
_SIMPLE = re.compile(rf"[^\W\d_]{_PLAIN_INSIDE}*")
# Plain for certain too, though it starts with a digit: the same characters
# with a space among them (`3-4 days`, `1.1 Internet Fundamentals`). No YAML
# number, boolean or null holds a space; timestamps that do hold a colon.
_SPACED = re.compile(rf"\w{_PLAIN_INSIDE}*")
# A topic id: hex digits, maybe `-2`. With a letter other than `e` it is no
# number in YAML 1.1 or 1.2 (`0x`/`0o` never occur; `0b…` would be binary).
_ID = re.compile(r"(?!0b)[0-9a-f]*[a-df][0-9a-f]*(?:-[0-9]+)?")


def _plain_ok(value: str) -> bool:
    if _SIMPLE.fullmatch(value):
        return value.lower() not in _KEYWORDS  # no YAML round trip needed
    if _ID.fullmatch(value) or (" " in value and _SPACED.fullmatch(value)):
        return True  # a sync writes one of these per note: spare the YAML parser
    if _SPECIAL_12.fullmatch(value) or value.startswith(("...", "---")):
        return False  # a number to YAML 1.2, or a document marker ruamel would quote
    if not value or value != value.strip() or "\n" in value or "\r" in value:
        return False
    if ": " in value or " #" in value or value.endswith(":") or "\t" in value:
        return False
    if value[0] in "[]{}&*!|>'\"%@`#,?-:" and not (value[0] == "-" and value[1:2].isalnum()):
        return False
    try:
        return _load(f"k: {value}\n", None, 1) == {"k": value}
    except VaultroadError:
        return False


_NOT_YAML_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def _scalar(value: Value, style: str = "plain") -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        if style == "'" and "\n" not in value and "\r" not in value:
            return "'" + value.replace("'", "''") + "'"
        if style == "plain" and _plain_ok(value):
            return value
        # A JSON string is a YAML double-quoted one, but for the characters
        # YAML does not allow raw (DEL, C1 controls, lone surrogates …) or
        # reads as line breaks (NEL, U+2028, U+2029).
        return _NOT_YAML_PRINTABLE.sub(
            # `json.dumps(value, ensure_ascii=False)`, without the encoder it builds
            # on each call for its non-default argument.
            lambda m: f"\\u{ord(m.group()):04x}",
            encode_basestring(value),
        )
    raise TypeError(f"cannot write {type(value).__name__} into frontmatter")


def _lines_for(key: str, value: Value, newline: str, indent: str = "  ") -> str:
    if isinstance(value, list):
        items = "".join(f"{indent}- {_scalar(item)}{newline}" for item in value)
        return f"{key}:{newline}{items}" if value else f"{key}: []{newline}"
    return f"{key}: {_scalar(value)}{newline}"


def render_front_matter(values: Mapping[str, Value], newline: str = "\n") -> str:
    """A new frontmatter block with `values` in order."""
    body = "".join(_lines_for(key, value, newline) for key, value in values.items())
    return f"---{newline}{body}---{newline}"


@dataclass(slots=True)
class _Entry:
    key: str
    start: int  # offset of the key's first line
    end: int  # offset after its last continuation line
    line_end: int  # offset of the end of the key line's content (before its newline)
    value_start: int  # offset of the value on the key line
    line: int  # 1-based line number of the key line in the whole text


def _scan(text: str, start: int, end: int) -> Iterator[_Entry]:
    """The top-level keys between `start` and `end`, in order, duplicates included."""
    current: _Entry | None = None
    first_line = text.count("\n", 0, start) + 1
    for number, match in enumerate(_LINE.finditer(text, start, end), first_line):
        line = match.group(0)
        content = line.rstrip("\r\n")
        if current is not None and (
            content[:1] in (" ", "\t") or content.startswith("- ") or content == "-"
        ):
            current.end = match.end()
            continue
        if current is not None:
            yield current
        current = None
        if not content.strip() or content.lstrip().startswith("#"):
            continue
        key_match = _KEY.match(content)
        if key_match is None:
            continue
        key = key_match.group("key").strip()
        if key[:1] in "'\"":
            key = key[1:-1]
        value_start = match.start() + key_match.end()
        while value_start < match.start() + len(content) and text[value_start] in " \t":
            value_start += 1
        current = _Entry(
            key,
            match.start(),
            match.end(),
            match.start() + len(content),
            value_start,
            number,
        )
    if current is not None:
        yield current


def _entries(
    text: str, start: int, end: int, path: str | None, keys: frozenset[str] | None = None
) -> dict[str, _Entry]:
    """The top-level entries (only `keys`, when given); a key set twice is refused."""
    entries: dict[str, _Entry] = {}
    for entry in _scan(text, start, end):
        if keys is not None and entry.key not in keys:
            continue
        if entry.key in entries:
            raise DuplicateKeyError(
                f"{entry.key} is set twice (lines {entries[entry.key].line} and {entry.line});"
                " note left as it is",
                path=path,
                line=entry.line,
            )
        entries[entry.key] = entry
    return entries


def _value_span(text: str, start: int, stop: int) -> tuple[int, int, str]:
    """Span and quoting style of a scalar in `text[start:stop]`, before any ` # comment`."""
    first = text[start : start + 1]
    if first in ("'", '"'):
        index = start + 1
        while index < stop:
            char = text[index]
            if first == '"' and char == "\\":
                index += 2
                continue
            if char == first:
                if first == "'" and text[index + 1 : index + 2] == "'":
                    index += 2
                    continue
                return start, index + 1, first
            index += 1
        return start, stop, first
    if first == "#":
        return start, start, "plain"  # `key: # note`: no value, only a comment
    comment = re.search(r"[ \t]#", text[start:stop])
    value_end = start + comment.start() if comment else stop
    while value_end > start and text[value_end - 1] in " \t":
        value_end -= 1
    return start, value_end, "plain"


def _uncommented(line: str) -> str:
    """A stripped line of a block value without its trailing ` # comment`."""
    head = ""
    if line.startswith("- "):
        head, line = "- ", line[2:].lstrip(" \t")
    _, stop, _ = _value_span(line, 0, len(line))
    return head + line[:stop]


def raw_value(text: str, key: str) -> tuple[str, int] | None:
    """The value of top-level frontmatter `key` as the user wrote it, and its key's line.

    For messages that quote the note, not the value YAML made of it (`yes`,
    not `True`). Quotes are kept and a trailing ` # comment` is left out; an
    empty value is `""`. A value on more lines (a list, a block scalar) is
    given on one line, its lines stripped and joined by spaces: `- a - b`.
    None when there is no frontmatter or no such key; when the key is set
    twice, the last one, which is the one YAML reads.
    """
    span = _front_span(text)
    if span is None:
        return None
    found: _Entry | None = None
    for entry in _scan(text, span[0], span[1]):
        if entry.key == key:
            found = entry
    if found is None:
        return None
    start, stop, _ = _value_span(text, found.value_start, found.line_end)
    parts = [text[start:stop]] if stop > start else []
    # In a block scalar (`|`, `>`) a `#` is text; elsewhere it starts a comment.
    literal = text[start : start + 1] in ("|", ">")
    for line in text[found.line_end : found.end].splitlines():
        line = line.strip(" \t")
        if line and (literal or not line.startswith("#")):
            parts.append(line if literal else _uncommented(line))
    return " ".join(parts), found.line


def _newline_of(text: str) -> str:
    crlf = text.count("\r\n")
    if crlf and crlf * 2 >= text.count("\n"):
        return "\r\n"
    if "\n" not in text and "\r" in text:
        return "\r"
    return "\n"


def _same(old: Any, new: Value | None) -> bool:
    if isinstance(old, dt.datetime):
        old = old.date()
    if type(old) is not type(new) and not (isinstance(old, str) and isinstance(new, str)):
        return False
    return bool(old == new)


def set_front_matter_values(
    text: str, updates: Mapping[str, Value | None], path: str | None = None
) -> str:
    """`text` with each key of `updates` set in place (None removes it)."""
    block = split_front_matter(text, path)
    newline = _newline_of(text)
    if block is None:
        values = {k: v for k, v in updates.items() if v is not None}
        if not values:
            return text
        offset = 1 if text.startswith("\ufeff") else 0
        new_block = render_front_matter(values, newline)
        return text[:offset] + new_block + text[offset:]
    entries = _entries(text, block.start, block.end, path)
    patches: list[tuple[int, int, str]] = []
    appended: list[str] = []
    for key, value in updates.items():
        entry = entries.get(key)
        if entry is None:
            if value is not None:
                appended.append(_lines_for(key, value, newline))
            continue
        if value is None:
            patches.append((entry.start, entry.end, ""))
            continue
        if key in block.data and _same(block.data[key], value):
            continue
        inline = text[entry.value_start : entry.line_end].strip()
        continued = text[entry.line_end : entry.end].strip("\r\n") != ""
        if inline.startswith("#") and not continued and not isinstance(value, list):
            # `key: # note` is an empty value and the user's comment: the
            # value goes in front of the comment, which stays.
            patches.append((entry.value_start, entry.value_start, f"{_scalar(value)} "))
            continue
        if isinstance(value, list):
            if inline.startswith("["):
                items = ", ".join(_scalar(item) for item in value)
                patches.append((entry.value_start, entry.line_end, f"[{items}]"))
            else:
                indent = "  "
                rest = text[entry.start : entry.end].splitlines()[1:]
                if rest:
                    indent = rest[0][: len(rest[0]) - len(rest[0].lstrip(" \t"))]
                line_break = text[entry.line_end : entry.line_end + 2]
                keep = line_break if line_break == "\r\n" else line_break[:1] or newline
                replacement = _lines_for(
                    text[entry.start : entry.value_start].rstrip(": \t"), value, keep, indent
                )
                patches.append((entry.start, entry.end, replacement))
            continue
        if continued or inline[:1] in ("|", ">", "[", "{") or not inline:
            # a block or flow value replaced by a scalar: rewrite the key's lines
            line_break = text[entry.line_end : entry.line_end + 2]
            keep = line_break if line_break == "\r\n" else line_break[:1] or newline
            head = text[entry.start : entry.value_start].rstrip(" \t")
            patches.append((entry.start, entry.end, f"{head} {_scalar(value)}{keep}"))
            continue
        start, stop, style = _value_span(text, entry.value_start, entry.line_end)
        patches.append((start, stop, _scalar(value, style)))
    new_text = text
    if appended:
        insert = "".join(appended)
        before = new_text[: block.end]
        if before and not before.endswith(("\n", "\r")):
            insert = newline + insert
        new_text = before + insert + new_text[block.end :]
    for start, stop, replacement in sorted(patches, reverse=True):
        new_text = new_text[:start] + replacement + new_text[stop:]
    _verify(text, new_text, block, updates, path)
    return new_text


def _verify(
    old_text: str,
    new_text: str,
    block: FrontMatter,
    updates: Mapping[str, Value | None],
    path: str | None,
) -> None:
    new_block = split_front_matter(new_text, path)
    if new_block is None or new_text[new_block.end :] != old_text[block.end :]:
        raise UnsafeEditError("frontmatter edit would change the note's body", path=path)
    for key, old in block.data.items():
        if key not in updates and not _same(new_block.data.get(key), old):
            raise UnsafeEditError(f"frontmatter edit would change {key!r}", path=path)
    for key, value in updates.items():
        got = new_block.data.get(key)
        if (value is None and key in new_block.data) or (
            value is not None and not _same(got, value)
        ):
            raise UnsafeEditError(f"frontmatter edit did not set {key!r}", path=path)
