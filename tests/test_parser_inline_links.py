"""The parser reads plain inline links (`[Title](https://example.com/page)`)
without markdown-it (`inline_text._simple_markup`, `inline_links.link_href`).
Wherever it does, the result must be exactly what markdown-it's inline parser
gives: checked on generated texts mixing links of every form, good and nasty,
with wikilinks, code spans and plain text; and on every inline text of the
real roadmaps and the seed roadmaps, where the common shapes must be taken."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from budget import budget
from conftest import SEED_DIR, real_roadmap_files
from vaultroad import inline_links
from vaultroad.inline_links import link_href, mdurl_href
from vaultroad.inline_text import InlineReader, _inline_text, _simple_markup
from vaultroad.model import Link
from vaultroad.parser import parse

LABELS = [
    "Title",
    "the docs",
    " spaced ",
    " ",
    "",
    "a*b*",
    "_x_",
    "a [b] c",
    "[nested]",
    "a\\]b",
    "`code`",
    "a &amp; b",
    "a&b",
    "a & b",
    "a &",
    "a&#33;",
    "ref",
    "REF",
    "a\nb",
    "<b>x</b>",
    "![img](i.png)",
    "~~s~~",
    "é ü",
    "Title (2019)",
    "#1: intro",
    "50% off",
]
DESTINATIONS = [
    "https://example.com/page",
    "https://example.com/a_b-c.d~e?q=1&r=2#frag",
    "http://Example.COM/Path",
    "HTTPS://EXAMPLE.com",
    "https://example.com/é",
    "https://例え.jp/x",
    "https://xn--r8jz45g.jp/x",
    "https://example.com/%20%zz%E2%82%AC",
    "https://example.com/a b",
    "https://example.com/a_(b)",
    "https://example.com/(",
    "<https://example.com/a b>",
    'https://example.com "Title"',
    "https://example.com 'Title'",
    "https://example.com/a\\)b",
    "https://example.com/?a=1&amp;b=2",
    "https://example.com/&copy;",
    "javascript:alert(1)",
    "JavaScript:alert",
    "vbscript:x",
    "file:///etc/passwd",
    "data:text/html,x",
    "data:image/png;base64,AA",
    "mailto:someone@example.com",
    "mailto:a@例え.jp",
    "ftp://example.com/x",
    "skype:name",
    "//example.com/x",
    "//a@b@c/x",
    "http://[::1]:80/x",
    "http://user:pw@host:8080/p",
    "page.md",
    "Note%20One.md",
    "../up/page",
    "#heading",
    "a:b",
    "a`b`",
    "a]b",
    "a[b",
    "",
    " https://example.com",
    "https://example.com\n",
    "https://exa\tmple.com",
    "https://example.com/\x7f",
    "https://example.com/\u00a0x",
    'https://example.com/"q"',
]
AROUND = [
    "a",
    " ",
    " — ",
    " - what it is",
    "\n",
    "  \n",
    "(2 days)",
    ":",
    "[[Note]]",
    "[[Note|Alias]]",
    "![[image.png]]",
    "`c`",
    "`",
    "[",
    "]",
    "!",
    "*",
    "&amp;",
    "<https://example.com>",
    "[ref]",
    "[a][b]",
    "[a][]",
    "é",
]


# The shapes the shortcut takes; each list above mixes them with the nasty ones.
GOOD_LABELS = ["Title", "the docs", " spaced ", "a & b", "P37~48", "é ü", "50% off", "ref"]
GOOD_DESTINATIONS = [
    "https://example.com/page",
    "https://example.com/a_b-c.d~e?q=1&r=2#frag",
    "HTTPS://EXAMPLE.com",
    "https://example.com/é",
    "https://example.com/%20%zz%E2%82%AC",
    'https://example.com/"q"',
    "mailto:someone@example.com",
    "//example.com/x",
    "page.md",
    "#heading",
]
GOOD_AROUND = ["a", " ", " — ", " - what it is", "\n", "  \n", ":", "[[Note|Alias]]", "`c`", "é"]


@st.composite
def _link(draw: st.DrawFn, good: bool = False) -> str:
    label = draw(st.sampled_from(GOOD_LABELS if good else LABELS))
    dest = draw(st.sampled_from(GOOD_DESTINATIONS if good else DESTINATIONS))
    if good:
        return f"[{label}]({dest})"
    bang = draw(st.sampled_from(["", "", "", "!"]))  # now and then an image
    gap = draw(st.sampled_from(["", "", "", " ", "\n"]))  # `[a] (u)` is not a link
    return f"{bang}[{label}]{gap}({dest})"


@st.composite
def _texts(draw: st.DrawFn) -> str:
    """Common pieces, and now and then one nasty piece among them (a text
    with two is almost always declined, and so proves little)."""
    good = st.one_of(_link(good=True), st.sampled_from(GOOD_AROUND))
    pieces = draw(st.lists(good, min_size=1, max_size=5))
    if draw(st.booleans()):
        nasty = draw(st.one_of(_link(), st.sampled_from(AROUND)))
        pieces.insert(draw(st.integers(0, len(pieces))), nasty)
    return "".join(pieces)


def _reference(content: str, env: dict[str, Any] | None = None) -> tuple[object, ...]:
    reader = InlineReader("", env or {}, lambda line, kind, message: None)
    tokens = reader._tokens(content, 0)
    assert tokens is not None
    return _inline_text(tokens)


@settings(max_examples=budget(400, 5000, fast=150), deadline=None)
@given(_texts())
@example("[Title](https://example.com/page) - what it is")
@example("[[Note]] and [the docs](https://example.com/é) `x`")
@example("[a](https://example.com/a_(b))")
@example("[[a]](u)")
@example("[[a]][b](https://example.com)")
@example("[ ](u)")
@example("[a](javascript:alert(1))")
@example("[a](https://例え.jp/x)")
@example("[a](//a@b@c/x)")
@example("[a](http://[::1]:80/x)")
@example("`[a](u)`")
@example("[a `b](c` d)")
def test_the_link_shortcut_reads_what_markdown_it_reads(content: str) -> None:
    shortcut = _simple_markup(content)
    if shortcut is not None:
        assert shortcut == _reference(content)


@settings(max_examples=budget(200, 2000, fast=80), deadline=None)
@given(_texts())
def test_the_reader_with_links_reads_what_markdown_it_reads(content: str) -> None:
    """The reader as the parser calls it (every shortcut) against markdown-it,
    in a document without link reference definitions and in one with some."""
    for env in ({}, {"references": {"REF": {"href": "https://r.example", "title": ""}}}):
        reader = InlineReader("", env, lambda line, kind, message: None)
        tokens = reader._tokens(content, 0)
        assert tokens is not None
        assert reader(content, 0) == _inline_text(tokens), env


_URL_PIECES = st.sampled_from(
    [
        "http://",
        "https://",
        "HTTP://",
        "//",
        "mailto:",
        "example",
        ".",
        "-",
        "com",
        "x" * 64,
        "/",
        "?",
        "#",
        "&",
        "=",
        ":",
        "@",
        "80",
        "%",
        "%2F",
        "%zz",
        "%E2%82%AC",
        "'",
        "!",
        "$",
        "*",
        "+",
        ",",
        ";",
        "~",
        "_",
        "é",
        "{",
        "|",
        "^",
        '"',
        "&amp;",
    ]
)


@settings(max_examples=budget(300, 3000, fast=150), deadline=None)
@given(st.lists(_URL_PIECES, min_size=1, max_size=12).map("".join))
@example("https://example.com/a_b-c.d~e?q=1&r=2#frag")
@example("https://example.com")
@example("https://a.b:80/x")
@example("https://u@a.b/x")
@example("https://a..b/x")
@example("https://" + "a." * 130 + "com/x")
@example("https://a.b/%zz")
@example("https://a.b/50%")
@example("https://a.b/x|y")
@example("https://a.b/é")
@example("https://a.b?q={x}")
def test_a_plain_destination_reads_as_mdurl_reads_it(dest: str) -> None:
    """`link_href`'s short way for plain http(s) destinations gives what mdurl gives."""
    expected = mdurl_href(dest)
    got = link_href(dest)
    if got is not None and got != expected:
        # Only a destination declined before mdurl (scheme, entity) may differ.
        raise AssertionError(f"{dest!r}: {got!r} != {expected!r}")


def test_the_shortcut_takes_plain_links_and_declines_the_rest() -> None:
    assert _simple_markup("[Title](https://example.com/page) - what it is") == (
        "Title - what it is",
        (Link("Title", "https://example.com/page"),),
        (),
    )
    mixed = _simple_markup("[[Git]] via [the book](https://git-scm.com/book/é) and `git log`")
    assert mixed is not None
    assert mixed[:2] == (
        "Git via the book and git log",
        (Link("the book", "https://git-scm.com/book/%C3%A9"),),
    )
    for declined in (
        "[a](javascript:alert)",
        "[a](https://例え.jp/)",
        "[a *b*](u)",
        '[a](u "title")',
        "[a](<u>)",
        "[a](u_(b))",
        "![a](u)",
        "[ ](u)",
        "[a][b]",
    ):
        assert _simple_markup(declined) is None, declined


# An item that is only a plain link, maybe followed by a plain description:
# the shape the shortcut exists for (words are letters and digits: `_` may
# be emphasis).
_WORDS = r"[^\W_](?:[^\W_]|[ ,.'/:-])*"
_PLAIN_ITEM_RE = re.compile(rf"\[{_WORDS}\]\(https?://[\w.\-/?=&#%]+\)(?: [-—–:] {_WORDS})?")


def _inline_texts(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    """Every inline text the parser reads in `path`, with its document's env."""
    seen: list[tuple[str, dict[str, Any]]] = []
    original = InlineReader.__call__

    def recording(self: InlineReader, content: str, line: int) -> Any:
        seen.append((content, self.env))
        return original(self, content, line)

    with monkeypatch.context() as patch:
        patch.setattr(InlineReader, "__call__", recording)
        parse(path.read_text(encoding="utf-8"), path.name)
    return seen


def test_the_roadmaps_links_are_read_without_markdown_it(monkeypatch: pytest.MonkeyPatch) -> None:
    answered = declined = plain_items = 0
    for path in [*real_roadmap_files(), *sorted(SEED_DIR.glob("*.md"))]:
        for content, env in _inline_texts(path, monkeypatch):
            if "](" not in content or "%%" in content:
                continue
            fast = _simple_markup(content)
            if fast is None:
                declined += 1
            else:
                answered += 1
                assert fast == _reference(content, env), (path.name, content)
            if _PLAIN_ITEM_RE.fullmatch(content):
                plain_items += 1
                assert fast is not None, (path.name, content)
    # The check above ran on many plain items (about 100 today), and most
    # texts with links (about 9 in 10 today) are read without markdown-it.
    assert plain_items >= 80, plain_items
    assert answered >= 4 * declined, (answered, declined)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aZz09+.-:/%é_ h#", max_size=10))
def test_the_scheme_is_what_the_former_pattern_matched(dest: str) -> None:
    # inline_links reads a scheme with string methods, not a pattern to compile.
    former = re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", dest)
    assert inline_links._scheme(dest) == (former.group()[:-1] if former else None)


_FORMER_PLAIN_URL = re.compile(
    r"https?://[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*"
    r"(?:[/?#](?:[A-Za-z0-9\-._~!$&'*+,;=:@/?#]|%[0-9A-Fa-f]{2})*)?"
)


@settings(max_examples=800, deadline=None)
@given(
    st.sampled_from(["https://", "http://", "http:/", "ftp://", "https://x", ""]),
    st.text(alphabet="aZ9-._/?#%fG~!:@é ()[]<>\\^", max_size=14),
    st.sampled_from(["", "a" * 62, "a" * 63, "a" * 64, "b." + "c" * 64]),
)
def test_a_plain_url_is_what_the_former_pattern_matched(head: str, tail: str, label: str) -> None:
    for dest in (head + tail, head + label + tail, head + label):
        plain = inline_links._is_plain_url(dest)
        assert plain is (_FORMER_PLAIN_URL.fullmatch(dest) is not None), dest
