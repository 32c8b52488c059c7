"""Topic notes: what vaultroad writes into a note, and the only places it writes.

A note belongs to its user. vaultroad owns a few frontmatter keys (edited one
value at a time, every other frontmatter byte kept) and the text between
`%% vaultroad:begin %%` and `%% vaultroad:end %%`; the rest is never touched.
A file without those markers is not a vaultroad note and is never overwritten.

The managed block is rendered so that mdformat (with its gfm, frontmatter
and wikilink plugins) leaves it as it is: a user's own mdformat hook must
not fight the next sync.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .errors import VaultroadError
from .model import Status
from .note_front import read_front_matter, render_front_matter, set_front_matter_values

__all__ = [
    "BEGIN",
    "END",
    "NotOwnedError",
    "NoteInfo",
    "block_span",
    "note_status",
    "render_block",
    "render_note",
    "update_note",
]

BEGIN = "%% vaultroad:begin %%"
END = "%% vaultroad:end %%"
# Generated before: the begin marker may carry a comment (`%% vaultroad:begin — … %%`).
_BEGIN_RE = re.compile(r"^%%[ \t]*vaultroad:begin\b[^\n]*%%[ \t]*\r?$", re.MULTILINE)
_END_RE = re.compile(r"^%%[ \t]*vaultroad:end[ \t]*%%[ \t]*\r?$", re.MULTILINE)


class NotOwnedError(VaultroadError):
    """A file at a note's path that vaultroad did not write (no managed block)."""


# Keys whose values vaultroad keeps up to date on every sync. `tags` and
# `aliases` are written when the note is created and are the user's after.
OWNED_KEYS = ("topic", "roadmap", "section", "status", "estimate", "completed")


@dataclass(frozen=True, slots=True)
class NoteInfo:
    """Everything a topic note shows, gathered from the roadmap."""

    topic_id: str
    title: str
    text: str
    status: Status
    roadmap_title: str
    roadmap_link: str  # vault-relative path of the roadmap without `.md`
    section: tuple[str, ...]
    heading: str | None  # the nearest heading above the topic, as Obsidian links it
    estimate: str | None = None
    description: str | None = None
    resources: tuple[str, ...] = ()  # Markdown links and [[wikilinks]], as written
    subtopics: tuple[tuple[str, str], ...] = ()  # (note link target, title)
    completed: dt.date | None = None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _wikilink(target: str, text: str) -> str:
    """`[[target|text]]`, or `[[target]]` when the text would be empty (no link then)."""
    shown = link_text(text)
    return f"[[{link_text(target)}|{shown}]]" if shown else f"[[{link_text(target)}]]"


def link_text(text: str) -> str:
    """Text safe inside `[[target|text]]`: brackets and `|` would end or split the link."""
    return _one_line(text).replace("|", "/").replace("[", "(").replace("]", ")")


def render_block(info: NoteInfo) -> str:
    """The managed block, markers included, ending in a newline."""
    place = " › ".join((info.roadmap_title, *info.section))
    texts = (
        _one_line(info.text),
        _one_line(info.estimate or ""),
        _one_line(info.description or ""),
    )
    links = (
        place,
        info.roadmap_link,
        info.heading or "",
        *(link_text(t) for _, t in info.subtopics),
    )
    if _BLOCK_START.match(texts[0]):
        # The text line sits under the callout title: keep it a line of text,
        # not a list item or a heading underline, by escaping its first mark.
        texts = (_ESCAPE.sub(r"\\\g<0>", texts[0], count=1), *texts[1:])
    block = _assemble(info, place, texts)
    if (
        all(_PLAIN_RESOURCE.fullmatch(part) for part in info.resources)
        and all(_PLAIN.fullmatch(part) for part in links)
        and all(_PLAIN_TEXT.fullmatch(part) for part in texts)
    ):
        return block
    stable = canonical(block)
    if canonical(stable) == stable:
        return stable
    # Emphasis odd enough that mdformat never settles: show those texts with
    # their Markdown punctuation escaped, which formats to a fixed point.
    text, estimate, description = (_escape_all(part) for part in texts)
    escaped = (text, estimate, description)
    stable = canonical(_assemble(info, place, escaped))
    if not info.resources or canonical(stable) == stable:
        return stable
    # Resources odd enough too (mdformat's wikilink plugin repeats a link
    # whose target holds a backtick beside a code span): show them as text.
    shown = tuple(_escape_all(part) for part in info.resources)
    return canonical(_assemble(info, place, escaped, shown))


def _escape_all(text: str) -> str:
    """`text` with every ASCII punctuation mark backslash-escaped."""
    return _ESCAPE.sub(r"\\\g<0>", text)


_ESCAPE = re.compile(r"[!-/:-@\[-`{-~]")


def _assemble(
    info: NoteInfo,
    place: str,
    texts: tuple[str, str, str],
    resources: tuple[str, ...] | None = None,
) -> str:
    text, estimate, description = texts
    resources = info.resources if resources is None else resources
    target = info.roadmap_link + (f"#{info.heading}" if info.heading else "")
    lines = [
        BEGIN,
        "",
        f"> [!abstract] {_wikilink(target, place)}",
        *([f"> {text}"] if text else []),
    ]
    details: list[str] = []
    if estimate:
        details.append(f"- **Estimate:** {estimate}")
    if description:
        details.append(f"- **What you'll learn:** {description}")
    if resources:
        details.append("- **Resources:** " + ", ".join(resources))
    if details:
        lines += ["", *details]
    if info.subtopics:
        lines += ["", "**Subtopics**", ""]
        lines += [f"- {_wikilink(t, title)}" for t, title in info.subtopics]
    lines += ["", END]
    return "\n".join(lines) + "\n"


# Text mdformat leaves exactly as it is: letters, digits, non-ASCII symbols
# and the punctuation that means nothing to Markdown, single spaces between
# words. Blocks made only of such text skip mdformat, which costs about a
# millisecond a note; every generated note is checked against mdformat in
# the tests.
_PLAIN_CHAR = (
    r"(?:[^\x00-\x7f\s]|[A-Za-z0-9,.;:'()/+?%@{}=\"-]| (?=[^ ])|&(?= )"
    # an underscore inside a word (`snake_case`) can neither open nor close emphasis
    r"|(?<=[A-Za-z0-9])_(?=[A-Za-z0-9]))"
)
_PLAIN = re.compile(rf"(?! ){_PLAIN_CHAR}*")
# Topic text may also hold code spans and strong emphasis, which mdformat
# writes back as they are when they are this simple.
_CODE_SPAN = r"(?<!`)`[^`\s](?:[^`\n]*[^`\s])?`(?!`)"
# (`**` opening at the start or after a space, closing before a space, the
# end or punctuation: the flanking rules then hold whatever the content.)
_STRONG = rf"(?<![^ ])\*\*(?! ){_PLAIN_CHAR}+?(?<! )\*\*(?![^ .,;:!?)])"
# And inline links whose text is plain and whose destination is a plain URL
# (no spaces, brackets, parentheses or non-ASCII, `%` only as an escape):
# mdformat writes those back as they are too.
_URL = r"(?:[A-Za-z0-9._~:/?#=&+@-]|%[0-9A-Fa-f]{2})+"
_LINK = rf"\[(?! )(?:{_CODE_SPAN}|{_PLAIN_CHAR})+(?<! )\]\({_URL}\)"
_PLAIN_TEXT = re.compile(rf"(?! )(?:{_CODE_SPAN}|{_STRONG}|{_LINK}|{_PLAIN_CHAR})*")
# A resource is one link or wikilink, as the roadmap wrote it.
_PLAIN_RESOURCE = re.compile(rf"{_LINK}|\[\[(?! ){_PLAIN_CHAR}+(?<! )\]\]")
# A text line that would start a block of its own: a list item (`1. `, `- `),
# a line of `-`/`=` that underlines the callout title into a heading, or a
# line of `-`, `:` and spaces that could be a table delimiter row (mdformat's
# gfm plugin escapes every such line).
_BLOCK_START = re.compile(r"(?:\d{1,9}[.)]|[-+*])(?:[ \t]|$)|=+[ \t]*$|[-: \t]*-[-: \t]*$")


def is_plain(text: str) -> bool:
    """Whether mdformat writes `text` back as it is, inside a link, a cell or a heading."""
    return _PLAIN.fullmatch(text) is not None


def starts_block(text: str) -> bool:
    """Whether `text` at the start of a line would begin a list, heading rule or table rule."""
    return _BLOCK_START.match(text) is not None


def canonical(text: str) -> str:
    """`text` as mdformat writes it, so a user's mdformat hook changes nothing."""
    import mdformat  # only sync pays for it, and only when a block needs it

    # mdformat is not always idempotent on odd emphasis (`**0*:**` formats to
    # text that formats differently again): format to a fixed point, so the
    # user's hook and the next sync never take turns rewriting the block.
    for _ in range(4):
        formatted = mdformat.text(text, extensions={"gfm", "wikilink"})
        if formatted == text:
            break
        text = formatted
    return text


def front_values(info: NoteInfo) -> dict[str, object | None]:
    """The owned frontmatter values for `info` (None: the key should be absent)."""
    return {
        "topic": info.topic_id,
        "roadmap": f"[[{link_text(info.roadmap_link)}]]",
        "section": " › ".join(info.section) or None,
        "status": info.status.value,
        "estimate": info.estimate,
        "completed": info.completed if info.status is Status.DONE else None,
    }


def render_note(info: NoteInfo) -> str:
    """A new note: frontmatter, the managed block, and an empty place for the user."""
    values = {k: v for k, v in front_values(info).items() if v is not None}
    values["tags"] = ["vaultroad/topic"]
    values["aliases"] = [_one_line(info.title)]
    front = render_front_matter(values)  # type: ignore[arg-type]
    return f"{front}\n{render_block(info)}\n## Notes\n"


def block_span(text: str) -> tuple[int, int] | None:
    """Offsets of the managed block (begin marker to end of the end marker's line)."""
    begin = _BEGIN_RE.search(text)
    if begin is None:
        return None
    end = _END_RE.search(text, begin.end())
    if end is None:
        return None
    stop = end.end()
    if text.startswith("\r\n", stop):
        stop += 2
    elif text[stop : stop + 1] in ("\n", "\r"):
        stop += 1
    return begin.start(), stop


def _newline(text: str) -> str:
    return "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"


def update_note(text: str, info: NoteInfo, path: str | None = None) -> str:
    """`text` with the owned frontmatter values and the managed block brought up to date.

    Raises `NotOwnedError` when the note has no managed block.
    """
    span = block_span(text)
    if span is None:
        raise NotOwnedError(
            "note has no %% vaultroad:begin %% … %% vaultroad:end %% block; not touched",
            path=path,
        )
    block = render_block(info)
    newline = _newline(text)
    if newline != "\n":
        block = block.replace("\n", newline)
    start, end = span
    if text[start:end] != block:
        text = text[:start] + block + text[end:]
    current = read_front_matter(text, path)
    updates = {
        key: value
        for key, value in front_values(info).items()
        if not _same(current.get(key), value) and not (value is None and key not in current)
    }
    if updates:
        text = set_front_matter_values(text, updates, path)  # type: ignore[arg-type]
    return text


def _same(old: object, new: object | None) -> bool:
    if isinstance(old, dt.datetime):
        old = old.date()
    return old == new


def note_status(front: Mapping[str, object]) -> Status | None:
    """The `status:` a user set in a note's frontmatter; None when absent or not a status."""
    value = front.get("status")
    if not isinstance(value, str):
        return None
    try:
        return Status(value.strip().lower())
    except ValueError:
        return None


def note_completed(front: Mapping[str, object]) -> dt.date | None:
    value = front.get("completed")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
