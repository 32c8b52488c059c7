"""Which texts mdformat writes back exactly as they are: the notes' direct path.

A topic note's managed block is written so that mdformat (with its gfm,
frontmatter and wikilink plugins) leaves it as it is. Running mdformat on
every block costs about a millisecond a note, most of a first sync; so a
block is written directly when every text in it is one whose mdformat
output is known to be itself, and only the others go through mdformat.
The rules here decide that. They are deliberately narrow: a text they do
not recognise is not wrong, it just pays for mdformat. The tests
(`tests/test_note_layout.py`, and every note of the sample and generated
vaults) hold them to mdformat's own output.

Three kinds of text:

- *plain* (`is_plain`): letters, digits, non-ASCII symbols and punctuation
  that means nothing to Markdown; also safe in a heading or a table cell,
  which the summary relies on.
- a *wikilink* vaultroad builds, `[[target|shown]]`: mdformat's wikilink
  plugin writes back the whole `[[…]]` as it was written, so its parts may
  hold anything but what could end the link or, while markdown-it looks for
  the end of a `[label](…)` there first, hide its `]]` (a code span's
  backtick, an autolink's or HTML's `<`, a backslash escape).
- a line of *running text* (a topic's text, estimate, description, or a
  resource): plain text, `|`, `^`, a lone `~`, `#` where it opens no
  heading, `&` that starts no character reference, simple code spans,
  strong emphasis, inline links, images and wikilinks, as the patterns
  below spell out.
"""

from __future__ import annotations

import re

__all__ = [
    "is_direct_resource",
    "is_direct_text",
    "is_direct_wikilink",
    "is_plain",
    "starts_block",
]

# Text mdformat leaves exactly as it is: letters, digits, non-ASCII symbols
# and the punctuation that means nothing to Markdown, single spaces between
# words.
_PLAIN_CHAR = (
    r"(?:[^\x00-\x7f\s]|[A-Za-z0-9,.;:'()/+?%@{}=\"-]| (?=[^ ])|&(?= )"
    # an underscore inside a word (`snake_case`) can neither open nor close emphasis
    r"|(?<=[A-Za-z0-9])_(?=[A-Za-z0-9]))"
)
_PLAIN = re.compile(rf"(?! ){_PLAIN_CHAR}*")
# In running text and a link's text a few more marks mean nothing: `^` (no
# footnotes without their plugin), `|` (a table needs a delimiter row under
# it, which the text line never is: see `_DELIMITER_ROW`), and a `~` alone
# (strikethrough takes two).
_MARK = r"(?:[|^]|(?<!~)~(?!~))"
_LINK_TEXT_CHAR = rf"(?:{_PLAIN_CHAR}|{_MARK}|#)"
# So do, in running text, `#` but where it would open a heading (`# x` at the
# start of the line: `#tag` is text), and `&` where it starts no character
# reference (`&amp;` would be read as `&`; mdformat escapes a text `&copy;`).
_TEXT_CHAR = rf"(?:{_PLAIN_CHAR}|{_MARK}|(?<=.)#|(?<!.)#(?=[^#\s])|&(?!#|[A-Za-z0-9]+;))"
# Code spans, which mdformat writes back as they are when they are this simple.
_CODE_SPAN = r"(?<!`)`[^`\s](?:[^`\n]*[^`\s])?`(?!`)"
# Inline links whose text is plain and whose destination is a plain URL (no
# spaces, brackets, parentheses or non-ASCII, `%` only as an escape).
# `@` only after a `scheme://`: mdformat rewrites `x:@y` to `x:y` and writes
# `[a](mailto:a@b)` with its brackets escaped (an autolinked address).
# The host is letters, digits, dots and dashes, with a port: markdown-it's URL
# normalizing moves other characters around in a host (`http://a~b:0/`
# becomes `http://a:0~b/`), and reads a scheme-less `0:~:0` as one. So a
# path without a scheme holds no `:`.
_URL_PART = r"(?:[A-Za-z0-9._~:/?#=&+-]|%[0-9A-Fa-f]{2})"
_PATH_PART = r"(?:[A-Za-z0-9._~/?#=&+-]|%[0-9A-Fa-f]{2})"
_HOST = r"[A-Za-z0-9.-]+(?::[0-9]+)?"
_URL = rf"(?:[A-Za-z][A-Za-z0-9+.-]*://{_HOST}(?:[/?#](?:{_URL_PART}|@)*)?|{_PATH_PART}+)"
_LINK = rf"\[(?! )(?:{_CODE_SPAN}|{_LINK_TEXT_CHAR})+(?<! )\]\({_URL}\)"
# An image: mdformat writes its text (the alt text) as plain text, without
# the markup, so no code spans in it.
_IMAGE = rf"!\[(?! ){_LINK_TEXT_CHAR}+(?<! )\]\({_URL}\)"
# Strong emphasis around text and links: `**` opening at the start or after
# a space, closing before a space, the end or punctuation, so that the
# flanking rules hold whatever the content.
_STRONG = rf"(?<![^ ])\*\*(?! )(?:{_LINK}|{_TEXT_CHAR})+?(?<! )\*\*(?![^ .,;:!?)])"
# What a wikilink's part may hold: anything but what ends the link (`]`, a
# second `|`), what opens another one or a label (`[`), and what could let
# markdown-it's link rule, which looks at `[[` first, read past its `]]`: a
# backtick (code span), `<` (autolink, HTML), a backslash (escape). Spaces
# one at a time, no other white space or control characters (markdown-it
# normalizes some of those, mdformat others).
_WIKI_CHAR = r"(?:[^\x00-\x20\x7f\s`<\\\[\]|]|(?<! ) (?! ))"
_WIKI_BODY = rf"{_WIKI_CHAR}+(?:\|{_WIKI_CHAR}+)?"
_WIKILINK = re.compile(rf"\[\[{_WIKI_BODY}\]\]")
# In running text a wikilink starts the text or follows a space (nothing
# before it can then be an autolink running into it) and is followed by
# neither `(` nor `[` (which would make `[[t]]` a link's or reference's label).
_TEXT_WIKILINK = rf"(?<![^ ])\[\[{_WIKI_BODY}\]\](?![(\[])"
_DIRECT_TEXT = re.compile(
    rf"(?! )(?:{_CODE_SPAN}|{_STRONG}|{_IMAGE}|{_LINK}|{_TEXT_WIKILINK}|{_TEXT_CHAR})*"
)
# A resource is one link or wikilink, as the roadmap wrote it.
_DIRECT_RESOURCE = re.compile(rf"{_LINK}|{_TEXT_WIKILINK}")
# A line that GFM could read as a table's delimiter row, under the line above.
_DELIMITER_ROW = re.compile(r"[-:| \t]*\|[-:| \t]*")
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


def is_direct_wikilink(link: str) -> bool:
    """Whether mdformat writes back `link`, a `[[target|shown]]` vaultroad built, as it is."""
    return _WIKILINK.fullmatch(link) is not None


def is_direct_text(text: str, *, line_start: bool = False) -> bool:
    """Whether mdformat writes back `text`, a line of running text, as it is.

    `line_start`: the text starts its line (the callout's text line), where
    it must also not read as a table's delimiter row.
    """
    if line_start and _DELIMITER_ROW.fullmatch(text):
        return False
    return _DIRECT_TEXT.fullmatch(text) is not None


def is_direct_resource(resource: str) -> bool:
    """Whether mdformat writes back `resource`, one link or wikilink, as it is."""
    return _DIRECT_RESOURCE.fullmatch(resource) is not None
