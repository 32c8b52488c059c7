"""A roadmap's title: what the document calls itself.

In order:

1. the frontmatter's `title`, when it is a non-empty text (or number);
2. else the first H1, unless it is numbered like a section (`# 1.团队协作`,
   `# 2. Basics`: the document's first chapter, not its name) or generic
   (`Contents`, `Table of Contents`, `Índice` …: a heading over a list of
   links, as in OSSU's README);
3. else the file name without `.md`.

The `Topics/<title>/` folder of a roadmap's notes is named after it.
"""

from __future__ import annotations

from typing import Any

from .lazy_re import lazy_compile

__all__ = ["frontmatter_title", "is_title_heading"]

# Headings that name a part of a document, not the document.
_GENERIC = frozenset(
    [
        "contents",
        "content",
        "table of contents",
        "table of content",
        "toc",
        "index",
        "índice",
        "indice",
        "contenido",
        "contenidos",
        "tabla de contenidos",
        "tabla de contenido",
        "sumario",
        "inhalt",
        "inhaltsverzeichnis",
        "sommaire",
        "table des matières",
        "目录",
        "目錄",
        "readme",
    ]
)
# `1.团队协作`, `1. Basics`, `2) Setup`, `1.2 Intro`, `Chapter 1`; not `100-Days-Of-ML-Code`.
# `[.)]\s*|、\s*`, not `[.)、]\s*`: sre compiles a set of Latin-1 and wider characters
# as a 64K-entry table (a cost the pre-commit hook pays), two alternatives cheaply.
_NUMBERED_RE = lazy_compile(r"^\s*(?:\d+(?:\.\d+)*(?:[.)]\s*|、\s*)|\d+\.\d+(?:\.\d+)*\s+)(?=\S)")


def is_title_heading(plain: str) -> bool:
    """Whether an H1's plain text can be the document's title (not numbered, not generic)."""
    if not plain.strip():
        return False
    # After the blanks, a numbered title opens with a digit (`\d`: what isdecimal says).
    if plain.lstrip()[:1].isdecimal() and _NUMBERED_RE.match(plain):
        return False
    # The words between runs of other characters (what `[^\w]+` splits at).
    words = " ".join("".join(c if c.isalnum() or c == "_" else " " for c in plain).split())
    words = words.casefold()
    return words not in _GENERIC


def frontmatter_title(front_matter: str) -> str | None:
    """The `title` of a YAML front matter block's text, or None (absent, empty, unreadable)."""
    if "title" not in front_matter:
        return None
    try:
        import yaml

        loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(front_matter, Loader=loader)  # a safe loader
    except Exception:  # a broken front matter has no title; it never fails a parse
        return None
    if not isinstance(data, dict):
        return None
    value = data.get("title")
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    title = " ".join(str(value).split())
    return title or None
