"""Sync clients' conflict copies: files that look like roadmaps but are a second copy of one.

When two devices change a file at once, sync clients keep both versions
under a second name. Read as a roadmap, such a copy gives every topic a
second note, so vaultroad never reads one and reports it instead:

- Syncthing: `Plan.sync-conflict-20240101-120000-ABCDEFG.md`
- Dropbox: `Plan (conflicted copy).md`, `Plan (Ana's conflicted copy 2024-01-01).md`
- Nextcloud: `Plan (conflicted copy 2024-01-01 120000).md`
- ownCloud: `Plan_conflict-20240101-120000.md`
- OneDrive: `Plan-DESKTOP-1A2B3C4.md` (the device's name appended; Windows'
  default names start with DESKTOP- or LAPTOP-)
- iCloud: `Plan 2.md`, but only beside `Plan.md` with nearly the same text
  (`Part 2.md` beside `Part.md` is as likely a real second file, so the
  name alone is not enough).
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["conflict_copy_of"]

_NAMED = re.compile(
    r"(?P<base>.+?)(?:"
    r"\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}"  # Syncthing
    r"|[ _]\((?:[^()]*'s )?conflicted copy(?: [^()]*)?\)"  # Dropbox, Nextcloud
    r"|_conflict-\d{8}-\d{6}"  # ownCloud
    r"|-(?:DESKTOP|LAPTOP)-[A-Z0-9]{5,}"  # OneDrive
    r")(?P<suffix>\.md)",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"(?P<base>.+) (?P<number>[2-9])(?P<suffix>\.md)")
# iCloud copies are told apart from a real "Part 2.md" by their text.
_SIMILAR = 0.9


def conflict_copy_of(path: Path) -> Path | None:
    """The file `path` is a sync client's conflict copy of, or None."""
    match = _NAMED.fullmatch(path.name)
    if match is not None:
        return path.with_name(match["base"] + match["suffix"])
    match = _NUMBERED.fullmatch(path.name)
    if match is None:
        return None
    original = path.with_name(match["base"] + match["suffix"])
    try:
        ours = path.read_bytes()
        theirs = original.read_bytes()
    except OSError:
        return None
    from difflib import SequenceMatcher

    ratio = SequenceMatcher(None, ours.splitlines(), theirs.splitlines(), autojunk=False).ratio()
    return original if ratio >= _SIMILAR else None
