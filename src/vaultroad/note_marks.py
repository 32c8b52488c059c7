"""What a topic's note says about the topic's life: gone from its roadmap, or known by a new title.

A topic deleted from its roadmap keeps its note: the note is never deleted,
emptied or moved, and its frontmatter says since when its topic is gone
(`removed: 2026-12-02`); its `status:` stays as the learner left it, so a
topic that comes back (or is relinked) keeps its progress. A topic an edit
retitled keeps its note file under its old name: the new title joins the
note's `aliases`, so `[[New title]]` links resolve and no link to the old
name breaks. Each is one owned frontmatter value set in place
(`note_front.set_front_matter_values`, which verifies its edit).
"""

from __future__ import annotations

import datetime as dt
import re

from .note_front import read_front_matter, set_front_matter_values
from .notes import find_block, link_text

__all__ = [
    "REMOVED_KEY",
    "add_alias",
    "mark_removed",
    "retarget_roadmap",
    "unmark_removed",
]

REMOVED_KEY = "removed"


def mark_removed(text: str, since: dt.date, path: str | None = None) -> str:
    """`text` with `removed: <since>` set (kept as it is when it says so already)."""
    if read_front_matter(text, path).get(REMOVED_KEY):
        return text
    return set_front_matter_values(text, {REMOVED_KEY: since}, path)


def unmark_removed(text: str, path: str | None = None) -> str:
    """`text` without its `removed:` key: the topic is back."""
    if REMOVED_KEY not in read_front_matter(text, path):
        return text
    return set_front_matter_values(text, {REMOVED_KEY: None}, path)


def retarget_roadmap(text: str, old: str, new: str, path: str | None = None) -> str:
    """`text` with its links to the roadmap `old` (a link target: vault-relative,
    no `.md`) made links to `new`, where vaultroad wrote them: the `roadmap:`
    key and the managed block. The user's own text is not touched."""
    start, end = find_block(text, path)
    block = re.sub(
        r"\[\[" + re.escape(link_text(old)) + r"(?=[#|\]])",
        lambda _: "[[" + link_text(new),
        text[start:end],
    )
    text = text[:start] + block + text[end:]
    if read_front_matter(text, path).get("roadmap") == f"[[{link_text(old)}]]":
        text = set_front_matter_values(text, {"roadmap": f"[[{link_text(new)}]]"}, path)
    return text


def add_alias(text: str, title: str, path: str | None = None) -> str:
    """`text` with `title` among its `aliases` (kept as it is when it is one already)."""
    title = " ".join(title.split())
    front = read_front_matter(text, path)
    aliases = front.get("aliases")
    if isinstance(aliases, str):
        current = [aliases]
    elif isinstance(aliases, list):
        current = [str(item) for item in aliases if item is not None]
    else:
        current = []
    if not title or title in current:
        return text
    return set_front_matter_values(text, {"aliases": [*current, title]}, path)
