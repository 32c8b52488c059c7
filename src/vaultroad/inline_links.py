"""Plain inline links, `[label](https://example.com/page)`, read without markdown-it.

Roadmap items are full of them; loading markdown-it's inline parser only to
read one costs a pre-commit hook more than reading the whole file. Only the
unambiguous common shape is taken here, and for it the result is exactly what
markdown-it gives (tests/test_parser_inline_links.py pins that):

- the label holds no markup and no line break (nothing that could open a
  token inside it: no brackets, backslash, backtick, emphasis, `<`, `>`,
  `!`, and no `&` before a letter or `#`, which may be an entity; `~` is
  text, as the parser has no strikethrough), and some text;
- `(` right after `]`, then a destination with no space, no control
  character, no parenthesis, bracket, `<`, `>`, backslash, backtick or
  entity, then `)` at once (no title);
- the destination is relative or http, https or mailto, and its host (if
  any) is plain ASCII, so markdown-it's `normalizeLink` does nothing here
  but what `mdurl` does.

Anything else is declined (None) and read by markdown-it.

Such a link is read the same whether or not the document defines link
references: markdown-it looks a `[label]` up only where the inline link
after it fails to parse, and every link taken here parses.
"""

from __future__ import annotations

from string import ascii_letters, digits, hexdigits

from .lazy_re import lazy_compile

__all__ = ["LINK_PATTERN", "link_href", "mdurl_href"]

# One plain inline link; `label` and `dest` are its parts. Written to be
# joined into a larger alternation (inline_text's simple markup).
LINK_PATTERN = (
    r"\[(?P<label>(?:[^\[\]\\`*_<>!&\n]|&(?![#A-Za-z]))+)\]"
    r"\((?P<dest>[^\s()\[\]<>\\`\x00-\x1f\x7f]+)\)"
)
# A scheme, `[A-Za-z][A-Za-z0-9+.\-]*:`, read with string methods (see `_scheme`).
_SCHEME_START = frozenset(ascii_letters)
_SCHEME_CHARS = frozenset(ascii_letters + digits + "+.-")
_PLAIN_SCHEMES = frozenset(("http", "https", "mailto"))
# markdown-it decodes entities (`&amp;`) in a destination; a `&` before a
# `;` might be one, so such destinations go to markdown-it.
_ENTITY_LIKE_RE = lazy_compile(r"&[#A-Za-z0-9]+;")
# markdown-it's validateLink: links to these schemes are not links.
_BAD_SCHEME_RE = lazy_compile(r"^(vbscript|javascript|file|data):")
# The common destination that `mdurl` gives back as it is: `http(s)://`, a
# host of plain labels (no port, no user, no `@` or `:`), then only the
# characters its encoder keeps and well-formed `%XX` escapes. Parsing it
# splits it into parts that format back to the same text, and encoding
# changes none of its characters; read here without loading mdurl
# (tests/test_parser_inline_links.py checks both give the same). In a pattern,
# `https?://[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*`
# `(?:[/?#](?:[A-Za-z0-9\-._~!$&'*+,;=:@/?#]|%[0-9A-Fa-f]{2})*)?`; read by
# `_is_plain_url` with string methods, which the hook need not compile.
_HOST_CHARS = frozenset(ascii_letters + digits + "-")
_URL_CHARS = frozenset(ascii_letters + digits + "-._~!$&'*+,;=:@/?#")
_HEX_DIGITS = frozenset(hexdigits)


def _is_plain_url(dest: str) -> bool:
    """Whether `dest` is a plain `http(s)://` destination (see `_HOST_CHARS`)."""
    if dest.startswith("https://"):
        rest = dest[8:]
    elif dest.startswith("http://"):
        rest = dest[7:]
    else:
        return False
    # The host: labels of 1 to 63 host characters between dots, up to a `/`, `?`, `#`.
    end = min((at for at in map(rest.find, "/?#") if at >= 0), default=len(rest))
    for label in rest[:end].split("."):
        if not 0 < len(label) <= 63 or not _HOST_CHARS.issuperset(label):
            return False
    # Then only the characters mdurl keeps, and `%` before two hex digits.
    tail = rest[end + 1 :]
    if "%" not in tail:
        return _URL_CHARS.issuperset(tail)
    for index, part in enumerate(tail.split("%")):
        escape, text = (part[:2], part[2:]) if index else ("00", part)
        if len(escape) != 2 or not _HEX_DIGITS.issuperset(escape):
            return False
        if not _URL_CHARS.issuperset(text):
            return False
    return True


def _scheme(dest: str) -> str | None:
    r"""The scheme `dest` opens with (`https` of `https://…`), without its colon, or None:
    what `[A-Za-z][A-Za-z0-9+.\-]*:` matches, without a pattern to compile for each
    start-up of the pre-commit hook."""
    head, colon, _ = dest.partition(":")
    if colon and head[:1] in _SCHEME_START and _SCHEME_CHARS.issuperset(head):
        return head
    return None


def link_href(dest: str) -> str | None:
    """The href markdown-it gives a plain destination `dest` (its
    `normalizeLink`), or None where this module cannot be sure of it."""
    scheme = _scheme(dest)
    if scheme is not None and scheme.lower() not in _PLAIN_SCHEMES:
        return None
    if "&" in dest and _ENTITY_LIKE_RE.search(dest):
        return None
    if len(dest) <= 255 and _is_plain_url(dest):
        return dest  # what the long way below gives such a destination
    return mdurl_href(dest)


def mdurl_href(dest: str) -> str | None:
    """`link_href` the long way, through mdurl, for a destination with no
    scheme or a plain one and nothing that may be an entity."""
    # mdurl is markdown-it's own URL helper, small and loaded only here.
    import mdurl

    parsed = mdurl.parse(dest, slashes_denote_host=True)
    host = parsed.hostname
    # markdown-it turns a non-ASCII host into punycode and writes an IPv6 host
    # in another way; an ASCII host without `@` or `:` it leaves as it is.
    if host and (not host.isascii() or any(c in host for c in "@:\x7f")):
        return None
    href: str = mdurl.encode(mdurl.format(parsed))
    if _BAD_SCHEME_RE.match(href.strip().lower()):
        return None
    return href
