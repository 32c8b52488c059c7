"""Topic notes: what vaultroad writes into a note, and the only places it writes.

A note belongs to its user. vaultroad owns a few frontmatter keys (edited one
value at a time, every other frontmatter byte kept) and the text between
`%% vaultroad:begin %%` and `%% vaultroad:end %%`; the rest is never touched.
The markers count only where vaultroad writes them (alone on a line, outside
code fences and comments), so a user's note may show them as an example. A
file without exactly one such pair is not a vaultroad note and is never
overwritten.

The owned frontmatter keys, for Dataview and for people:

- `topic`: the topic's id; `roadmap`: `"[[Roadmaps/File]]"`; `parent`:
  `"[[Topics/…/Parent]]"`, the note of the topic this one is a subtopic of
  (absent for a topic directly under a section).
- `section`: the section path, `Phase 1 › 1.1 Getting Started`. The roadmap's
  own title (its first H1) is the `roadmap` link, so it is not repeated here;
  outline numbers are written `1.1`, as everywhere vaultroad shows them.
- `status`: `todo`, `doing`, `done` or `skipped` (the user edits it);
  `completed`: the date a sync saw it done.
- `estimate`: the estimate as the roadmap wrote it (`3-4 days`), and
  `estimate_low`/`estimate_high`: the same range as numbers of days of study
  (see `durations`: hours count 8 to a day, a week 7 days, a month 30;
  rounded to three decimals), so a Dataview query can add them up:
  `TABLE sum(rows.estimate_low) AS "Days (low)", sum(rows.estimate_high) AS
  "Days (high)" FROM #vaultroad/topic WHERE status = "todo" OR status = "doing"
  GROUP BY roadmap`. All three are absent when the topic has no estimate.
- `tags` and `aliases` are written when the note is created, and are the
  user's from then on.

The block links back to the roadmap (the callout's title), shows the
topic's text, then a list of details: where else the vault teaches the same
topic (`Also in:`, the notes of the same topic in other roadmaps, see
`shared`), the estimate, what you'll learn, the resources; then the
subtopics with their statuses.

The managed block is rendered so that mdformat (with its gfm, frontmatter
and wikilink plugins) leaves it as it is: a user's own mdformat hook must
not fight the next sync. Nearly every block is written directly in that
layout (`note_layout` knows which texts allow it); a block holding Markdown
whose formatting it cannot foresee goes through mdformat.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from .errors import VaultroadError
from .model import Status
from .note_front import (
    OWNED_KEYS,
    front_matter_end,
    read_front_matter,
    render_front_matter,
    set_front_matter_values,
)
from .note_layout import (
    is_direct_resource,
    is_direct_text,
    is_direct_wikilink,
    is_plain,
    starts_block,
)

__all__ = [
    "BEGIN",
    "END",
    "OWNED_KEYS",
    "AmbiguousBlockError",
    "NotOwnedError",
    "NoteInfo",
    "Subtopic",
    "block_span",
    "find_block",
    "heading_anchor",
    "is_plain",
    "note_status",
    "render_block",
    "render_note",
    "section_path",
    "starts_block",
    "takes_direct_path",
    "update_note",
]

BEGIN = "%% vaultroad:begin %%"
END = "%% vaultroad:end %%"
# A marker is a whole line at column 0, as vaultroad writes it (trailing
# blanks allowed). Generated before: the begin marker may carry a comment
# (`%% vaultroad:begin — … %%`), which holds no `%%` of its own.
_BEGIN_LINE = re.compile(r"%%[ \t]*vaultroad:begin\b(?:(?!%%).)*%%[ \t]*")
_END_LINE = re.compile(r"%%[ \t]*vaultroad:end[ \t]*%%[ \t]*")


class NotOwnedError(VaultroadError):
    """A file at a note's path that vaultroad did not write (no managed block)."""


class AmbiguousBlockError(NotOwnedError):
    """Markers that do not make exactly one managed block; `line` is the offending marker.

    Two blocks, an end before the begin, a begin without an end: which text
    is vaultroad's is then a guess, so the note is treated as not vaultroad's.
    """


class Subtopic(NamedTuple):
    """A subtopic as its parent's note lists it."""

    target: str  # its note's link target (vault-relative path without `.md`)
    title: str
    status: Status


@dataclass(frozen=True, slots=True)
class NoteInfo:
    """Everything a topic note shows, gathered from the roadmap."""

    topic_id: str
    title: str
    text: str
    status: Status
    roadmap_title: str
    roadmap_link: str  # vault-relative path of the roadmap without `.md`
    section: tuple[str, ...]  # section titles from the top (the roadmap's H1 may lead)
    heading: str | None  # the nearest heading above the topic, as Obsidian links it
    estimate: str | None = None
    description: str | None = None
    resources: tuple[str, ...] = ()  # Markdown links and [[wikilinks]], as written
    subtopics: tuple[Subtopic, ...] = ()
    completed: dt.date | None = None
    estimate_days: tuple[float, float] | None = None  # the estimate's low and high, in days
    parent: str | None = None  # the parent topic's note link target, for a subtopic
    # The same topic's notes in other roadmaps: (note link target, roadmap title).
    also_in: tuple[tuple[str, str], ...] = ()
    also_in_more: int = 0  # how many more roadmaps have it than `also_in` names

    def __repr__(self) -> str:
        # The sync keeps a hash of this repr to tell whether a block needs
        # rewriting: without `also_in` when it is empty, a note that shows
        # no other roadmap keeps the hash it had before the field existed,
        # and the first sync after an upgrade rewrites no state for it.
        shown = (
            f"{f.name}={getattr(self, f.name)!r}"
            for f in dataclasses.fields(self)
            if f.name not in ("also_in", "also_in_more") or getattr(self, f.name)
        )
        return f"{type(self).__qualname__}({', '.join(shown)})"


def section_path(roadmap_title: str, section: Sequence[str]) -> tuple[str, ...]:
    """`section` without a first title that only repeats the roadmap's (its H1).

    The roadmap is named beside the path already (the breadcrumb, the
    `roadmap:` link): `Plan › Plan › Basics` says nothing `Plan › Basics`
    does not.
    """
    if section and section[0] == roadmap_title:
        return tuple(section[1:])
    return tuple(section)


def heading_anchor(title: str) -> str:
    """A heading as a `[[file#heading]]` link names it: characters links cannot carry dropped."""
    return " ".join(title.translate({ord(c): " " for c in "#|^[]"}).split())


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _wikilink(target: str, text: str) -> str:
    """`[[target|text]]`, or `[[target]]` when the text would be empty (no link then)."""
    shown = link_text(text)
    return f"[[{link_text(target)}|{shown}]]" if shown else f"[[{link_text(target)}]]"


def link_text(text: str) -> str:
    """Text safe inside `[[target|text]]`: brackets and `|` would end or split the link."""
    return _one_line(text).replace("|", "/").replace("[", "(").replace("]", ")")


class _Links(NamedTuple):
    """The wikilinks a block shows, built once: checked, then written."""

    title: str  # the callout's, back to the roadmap's heading
    also_in: tuple[str, ...]
    subtopics: tuple[str, ...]


def _texts(info: NoteInfo) -> tuple[str, str, str]:
    """The topic's text, estimate and description, each on one line."""
    text = _one_line(info.text)
    if starts_block(text):
        # The text line sits under the callout title: keep it a line of text,
        # not a list item or a heading underline, by escaping its first mark.
        text = _ESCAPE.sub(r"\\\g<0>", text, count=1)
    return text, _one_line(info.estimate or ""), _one_line(info.description or "")


def _links(info: NoteInfo) -> _Links:
    place = " › ".join((info.roadmap_title, *section_path(info.roadmap_title, info.section)))
    target = info.roadmap_link + (f"#{info.heading}" if info.heading else "")
    return _Links(
        _wikilink(target, place),
        # A backslash before `]]` would escape the bracket, and the link
        # would run on into the next one: shown as `/`, as `|` is.
        tuple(_wikilink(target, title.replace("\\", "/")) for target, title in info.also_in),
        tuple(_wikilink(sub.target, sub.title) for sub in info.subtopics),
    )


def render_block(info: NoteInfo, *, direct: bool = True) -> str:
    """The managed block, markers included, ending in a newline.

    Written directly in mdformat's layout when every text in it is one
    `note_layout` knows mdformat keeps (nearly every generated note), else
    passed through mdformat. `direct=False` takes mdformat's path whatever
    the texts: the tests compare the two.
    """
    texts = _texts(info)
    links = _links(info)
    block = _assemble(info, links, texts)
    if direct and _is_direct(info, links, texts):
        return block
    stable = canonical(block)
    if canonical(stable) == stable:
        return stable
    # Emphasis odd enough that mdformat never settles: show those texts with
    # their Markdown punctuation escaped, which formats to a fixed point.
    text, estimate, description = (_escape_all(part) for part in texts)
    escaped = (text, estimate, description)
    stable = canonical(_assemble(info, links, escaped))
    if not info.resources or canonical(stable) == stable:
        return stable
    # Resources odd enough too (mdformat's wikilink plugin repeats a link
    # whose target holds a backtick beside a code span): show them as text.
    shown = tuple(_escape_all(part) for part in info.resources)
    return canonical(_assemble(info, links, escaped, shown))


def takes_direct_path(info: NoteInfo) -> bool:
    """Whether `render_block(info)` writes the block without running mdformat."""
    return _is_direct(info, _links(info), _texts(info))


def _is_direct(info: NoteInfo, links: _Links, texts: tuple[str, str, str]) -> bool:
    text, estimate, description = texts
    return (
        is_direct_wikilink(links.title)
        and all(map(is_direct_wikilink, links.also_in))
        and all(map(is_direct_wikilink, links.subtopics))
        and is_direct_text(text, line_start=True)
        and is_direct_text(estimate)
        and is_direct_text(description)
        and all(map(is_direct_resource, info.resources))
    )


def _escape_all(text: str) -> str:
    """`text` with every ASCII punctuation mark backslash-escaped."""
    return _ESCAPE.sub(r"\\\g<0>", text)


_ESCAPE = re.compile(r"[!-/:-@\[-`{-~]")


def _assemble(
    info: NoteInfo,
    links: _Links,
    texts: tuple[str, str, str],
    resources: tuple[str, ...] | None = None,
) -> str:
    text, estimate, description = texts
    resources = info.resources if resources is None else resources
    lines = [
        BEGIN,
        "",
        f"> [!abstract] {links.title}",
        *([f"> {text}"] if text else []),
    ]
    details: list[str] = []
    if links.also_in:
        # First: beside the breadcrumb, where the topic sits in other roadmaps.
        more = f", and {info.also_in_more} more" if info.also_in_more else ""
        details.append("- **Also in:** " + ", ".join(links.also_in) + more)
    if estimate:
        details.append(f"- **Estimate:** {estimate}")
    if description:
        details.append(f"- **What you'll learn:** {description}")
    if resources:
        details.append("- **Resources:** " + ", ".join(resources))
    if details:
        lines += ["", *details]
    if links.subtopics:
        lines += ["", "**Subtopics**", ""]
        # Each with its status, in the words of `status:`: what is left of
        # a topic shows without opening every subtopic's note.
        lines += [
            f"- {link} — {sub.status.value}"
            for link, sub in zip(links.subtopics, info.subtopics, strict=True)
        ]
    lines += ["", END]
    return "\n".join(lines) + "\n"


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
    low, high = info.estimate_days or (None, None)
    return {
        "topic": info.topic_id,
        "roadmap": f"[[{link_text(info.roadmap_link)}]]",
        "parent": f"[[{link_text(info.parent)}]]" if info.parent else None,
        "section": " › ".join(section_path(info.roadmap_title, info.section)) or None,
        "status": info.status.value,
        "estimate": info.estimate,
        "estimate_low": _days(low),
        "estimate_high": _days(high),
        "completed": info.completed if info.status is Status.DONE else None,
    }


def _days(value: float | None) -> int | float | None:
    """Days as YAML writes a number back as it is: `3`, not `3.0`; `0.125`, not `1e-05`.

    Three decimals keep a minute (0.002 days) and drop float noise
    (`0.30000000000000004`); a whole number stays an int, so the next sync
    reads back what it wrote.
    """
    if value is None:
        return None
    rounded = round(value, 3)
    return int(rounded) if rounded == int(rounded) else rounded


def render_note(info: NoteInfo) -> str:
    """A new note: frontmatter, the managed block, and an empty place for the user."""
    values = {k: v for k, v in front_values(info).items() if v is not None}
    values["tags"] = ["vaultroad/topic"]
    values["aliases"] = [_one_line(info.title)]
    front = render_front_matter(values)  # type: ignore[arg-type]
    return f"{front}\n{render_block(info)}\n## Notes\n"


# Container marks in front of a fence: blockquote `>`s and list item
# markers, with any indentation (a fence inside a list item is indented).
_PREFIX = re.compile(r"(?:[ \t]*(?:>|[-+*](?=[ \t])|[0-9]{1,9}[.)](?=[ \t])))*[ \t]*")
_QUOTE = re.compile(r"[ \t]*>[ \t]?")
# A backtick fence's info string holds no backtick (```` ```a``` ```` is code
# inside a line).
_FENCE = re.compile(r"`{3,}(?!.*`)|~{3,}")
# What can start a marker, a fence or a comment.
_NOTABLE = re.compile(r"%%|<!--|```|~~~")
# What may open or close a comment within a line, and the code spans
# (`` `<!--` ``) in which those are text.
_INLINE = re.compile(r"(?<!`)(`+)(?!`)(?:.*?[^`])?\1(?!`)|<!--|%%")


def _unquote(line: str, depth: int) -> str | None:
    """`line` inside `depth` blockquotes; None when it is not that deep (they ended)."""
    pos = 0
    for _ in range(depth):
        mark = _QUOTE.match(line, pos)
        if mark is None:
            return None
        pos = mark.end()
    return line[pos:]


def _comment_after(line: str, closer: str | None) -> str | None:
    """The comment open at the end of `line` (its closing text), given the one open before."""
    pos = 0
    while True:
        if closer is not None:
            index = line.find(closer, pos)
            if index < 0:
                return closer
            pos, closer = index + len(closer), None
        found = _INLINE.search(line, pos)
        if found is None:
            return None
        pos = found.end()
        if found.group(1) is None:
            closer = "-->" if found.group() == "<!--" else "%%"


def find_block(text: str, path: str | None = None) -> tuple[int, int]:
    """Offsets of the managed block: its begin marker's line to the end of its end marker's line.

    Markers count only where vaultroad writes them: alone on a line at column
    0, outside the frontmatter, code fences, HTML comments and `%%` comments
    (a user's note may show the markers as an example). Raises
    `NotOwnedError` when there are none, `AmbiguousBlockError` (a subclass)
    when they do not make exactly one begin followed by one end.
    """
    offset = front_matter_end(text)
    number = text.count("\n", 0, offset) + 1
    begin: tuple[int, int] | None = None  # offset and line of a begin still open
    found: tuple[int, int, int, int] | None = None  # span, begin line, end line
    fence: tuple[str, int, int] | None = None  # fence character, length, quote depth
    comment: str | None = None  # what closes the comment open here
    html_block = False  # whether that comment opened a line (blank lines do not end it then)
    length = len(text)
    while offset < length:
        # Most lines can change nothing: go straight to the next one that
        # holds what the state in force looks for (this runs on every note).
        if begin is not None or comment == "%%":
            at = text.find("%%", offset)
        elif fence is not None:
            at = text.find(fence[0] * 3, offset) if fence[2] == 0 else offset
        elif comment is not None:
            at = text.find(comment, offset) if html_block else offset
        else:
            notable = _NOTABLE.search(text, offset)
            at = notable.start() if notable is not None else -1
        if at < 0:
            break
        if at > offset:
            newline = text.rfind("\n", offset, at)
            if newline >= 0:
                number += text.count("\n", offset, newline + 1)
                offset = newline + 1
        stop = text.find("\n", offset)
        stop = length if stop < 0 else stop + 1
        line = text[offset:stop].rstrip("\n")
        if line.endswith("\r"):
            line = line[:-1]
        start, line_number = offset, number
        offset, number = stop, number + 1
        if begin is not None:
            # Inside the block all is vaultroad's own text, which may hold a
            # topic's ``` or `<!--`: only a marker there means anything.
            if _END_LINE.fullmatch(line):
                found, begin = (begin[0], stop, begin[1], line_number), None
            elif _BEGIN_LINE.fullmatch(line):
                raise _ambiguous("two vaultroad:begin markers", begin[1], line_number, path)
            continue
        if fence is not None:
            char, size, depth = fence
            inside = _unquote(line, depth)
            if inside is None:
                fence = None  # the blockquote holding the fence ended, and the fence with it
            else:
                closing = inside.strip(" \t")
                if len(closing) >= size and closing == char * len(closing):
                    fence = None
                continue
        if comment is None:
            if line.startswith("%%"):
                if _BEGIN_LINE.fullmatch(line):
                    if found is not None:
                        raise _ambiguous("two vaultroad:begin markers", found[2], line_number, path)
                    begin = (start, line_number)
                    continue
                if _END_LINE.fullmatch(line):
                    if found is not None:
                        raise _ambiguous("two vaultroad:end markers", found[3], line_number, path)
                    raise AmbiguousBlockError(
                        f"vaultroad:end marker (line {line_number}) has no vaultroad:begin"
                        " before it; note left as it is",
                        path=path,
                        line=line_number,
                    )
            if "```" in line or "~~~" in line:
                prefix = _PREFIX.match(line)
                assert prefix is not None  # it matches the empty string
                opening = _FENCE.match(line, prefix.end())
                if opening is not None:
                    mark = opening.group()
                    fence = (mark[0], len(mark), prefix.group().count(">"))
                    continue
            if "%%" not in line and "<!--" not in line:
                continue
            html_block = line.lstrip(" \t").startswith("<!--")
        elif comment == "-->" and not html_block and not line.strip(" \t"):
            # A `<!--` inside a paragraph is inline HTML, which the paragraph's end ends.
            comment = None
            continue
        comment = _comment_after(line, comment)
    if begin is not None:
        raise AmbiguousBlockError(
            f"vaultroad:begin marker (line {begin[1]}) has no vaultroad:end after it;"
            " note left as it is",
            path=path,
            line=begin[1],
        )
    if found is None:
        raise NotOwnedError(
            "note has no %% vaultroad:begin %% … %% vaultroad:end %% block; not touched",
            path=path,
        )
    return found[0], found[1]


def _ambiguous(what: str, first: int, second: int, path: str | None) -> AmbiguousBlockError:
    return AmbiguousBlockError(
        f"{what} (lines {first} and {second}); note left as it is", path=path, line=second
    )


def block_span(text: str) -> tuple[int, int] | None:
    """`find_block`'s span, or None when `text` has no single managed block."""
    try:
        return find_block(text)
    except NotOwnedError:
        return None


def _newline(text: str) -> str:
    return "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"


def update_note(text: str, info: NoteInfo, path: str | None = None) -> str:
    """`text` with the owned frontmatter values and the managed block brought up to date.

    Raises `NotOwnedError` when the note has no managed block,
    `AmbiguousBlockError` when its markers do not make exactly one, and
    `DuplicateKeyError` when an owned frontmatter key is set twice.
    """
    start, end = find_block(text, path)
    block = render_block(info)
    newline = _newline(text)
    if newline != "\n":
        block = block.replace("\n", newline)
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
