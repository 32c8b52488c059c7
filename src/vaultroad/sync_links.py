"""Links as a topic's note carries them: copied from its roadmap, still pointing where they did.

A topic's text and links move from the roadmap into its note, which lives in
another folder and has none of the roadmap's reference definitions: relative
URLs are rewritten to reach the same file, and reference-style links carry
their URL with them.
"""

from __future__ import annotations

import posixpath
import re
from typing import overload

__all__ = ["inline_references", "note_url", "plain", "references_of"]

_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[([^\]\n]+)\]:[ \t]*<?([^\s>]+)>?", re.MULTILINE)
_REFERENCE_USE = re.compile(r"(!?\[([^\]\n]*)\])\[([^\]\n]*)\]")


def _label(text: str) -> str:
    """A reference label as CommonMark matches them: case and inner spaces folded."""
    return " ".join(text.split()).casefold()


def references_of(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _REFERENCE_DEFINITION.finditer(text):
        found.setdefault(_label(match[1]), match[2])  # the first definition wins
    return found


@overload
def inline_references(text: str, references: dict[str, str] | None) -> str: ...
@overload
def inline_references(text: None, references: dict[str, str] | None) -> None: ...
def inline_references(text: str | None, references: dict[str, str] | None) -> str | None:
    """`![High][high_img]` as `![High](url)`: a note has no definitions to look up.

    The roadmap's definitions stay behind when a topic's text is copied into
    its note, so reference-style links and images carry their URL with them.
    """
    if not text or not references or "][" not in text:
        return text

    def inline(match: re.Match[str]) -> str:
        url = references.get(_label(match[3] or match[2]))
        return f"{match[1]}({url})" if url else match[0]

    return _REFERENCE_USE.sub(inline, text)


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def note_url(url: str, roadmap: str, note: str) -> str:
    """`url` as the note must write it to reach what the roadmap's link reached.

    A relative link (`translations/README-id.md`, `#setup`) is relative to the
    roadmap's folder (or the roadmap itself); copied into a note in another
    folder it would point nowhere. URLs with a scheme and absolute paths are
    kept as they are.
    """
    if not url or _SCHEME.match(url) or url.startswith(("/", "<")):
        return url
    if url.startswith("#"):
        target = roadmap + url
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(roadmap), url))
    return posixpath.relpath(target, posixpath.dirname(note) or ".")


def plain(text: str) -> str:
    """Link text with its brackets made parentheses: it shows inside `[...]`."""
    return text.replace("[", "(").replace("]", ")")
