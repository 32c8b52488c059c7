"""The block scanner gives markdown-it's block tokens, or declines.

vaultroad reads most documents with its own block scanner (vaultroad.blocks)
and hands the rest to markdown-it, the reference. The proof that the two
read alike is differential: for every file of every corpus, and for
generated Markdown that mixes every block construct (the nasty ones too:
lazy continuations, tabs, CRLF, quotes in lists, HTML blocks, indented code
after lists, setext underlines, reference definitions, deep nesting), the
scanner's tokens equal markdown-it's field for field, or the scanner has
declined; and the trees vaultroad builds from either are equal.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from budget import budget
from vaultroad.blocks import checks, scan, why_declined
from vaultroad.markdown import block_tokens, markdown_for
from vaultroad.parser import parse_with_source
from vaultroad.serialize import to_json_data
from vaultroad.source import Source

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPORA = {
    "sample vault": ROOT / "vault",
    "parser fixtures": HERE / "fixtures",
    "test corpus": HERE / "corpus",
    "real roadmaps": HERE / "real_roadmaps",
}
FIELDS = ("type", "tag", "nesting", "level", "map", "content", "markup", "info", "hidden")


def _token_facts(token: Any) -> tuple[Any, ...]:
    meta = token.meta or {}
    return (*(getattr(token, name) for name in FIELDS), meta.get("vaultroad"), meta.get("depth"))


def _hidden_free(facts: tuple[Any, ...]) -> tuple[Any, ...]:
    # markdown-it hides the paragraphs of tight lists (`hidden`), a rendering
    # matter vaultroad never reads and the scanner does not compute.
    return facts[: FIELDS.index("hidden")] + facts[FIELDS.index("hidden") + 1 :]


def assert_same_reading(text: str, name: str = "doc.md") -> bool:
    """The scanner's tokens and tree equal markdown-it's; False if it declined."""
    body = Source(text).body
    fast, _ = block_tokens(body)
    reference, _ = block_tokens(body, reference=True)
    declined = scan(body.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")) is None
    if not declined:
        got = [_hidden_free(_token_facts(token)) for token in fast]
        want = [_hidden_free(_token_facts(token)) for token in reference]
        assert got == want, f"{name}: the scanner's tokens differ from markdown-it's"
    tree = to_json_data(parse_with_source(text, name)[0], text)
    reference_tree = to_json_data(parse_with_source(text, name, reference=True)[0], text)
    assert tree == reference_tree, f"{name}: the trees differ"
    return not declined


def _corpus_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*.md") if path.is_file())


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_every_corpus_file_reads_alike(corpus: str) -> None:
    files = _corpus_files(CORPORA[corpus])
    assert files, f"no Markdown under {CORPORA[corpus]}"
    read = 0
    for path in files:
        text = path.read_bytes().decode("utf-8", "surrogateescape")
        read += assert_same_reading(text, str(path.relative_to(ROOT)))
    # The scanner is the fast path only if it reads the documents people bring.
    assert read >= 0.9 * len(files), f"{corpus}: the scanner declined {len(files) - read} files"


def test_declines_say_why() -> None:
    assert why_declined("- a\n\t- b\n") == "a tab in the indentation"
    assert why_declined("[label]: https://example.com\n\nSee [label].\n") == (
        "a link reference definition"
    )
    assert why_declined("- [ ] a\n- [x] b\n") is None
    assert scan("- a\n\t- b\n") is None


def test_tokens_carry_what_the_parser_reads() -> None:
    tokens, env = block_tokens("# Plan\n\n- [x] Learn\n  - [ ] More\n")
    assert env == {}
    kinds = [token.type for token in tokens]
    assert kinds[:3] == ["heading_open", "inline", "heading_close"]
    items = [token for token in tokens if token.type == "list_item_open"]
    assert [item.meta["vaultroad"]["checkbox"] for item in items] == ["[x]", "[ ]"]
    assert [item.meta["vaultroad"]["column"] for item in items] == [2, 4]


# --- generated documents -----------------------------------------------------------

# Line contents: every block construct, its near misses, and plain words.
_CONTENTS = [
    "",
    "",
    "word and more words",
    "Learn *Python* and `code`",
    "[ ] todo item",
    "[x] done item",
    "[ ✓ ] spaced tick",
    "# Heading",
    "### Week 1-2 (3 days)",
    "#NoSpace",
    "####### seven",
    "```",
    "```python",
    "~~~",
    "``` `bad info`",
    "---",
    "***",
    "___",
    "- - -",
    "===",
    "--",
    "| Topic | Time |",
    "|---|---|",
    "| :--- | ---: |",
    "Topic | Time",
    "--- | ---",
    "| a \\| b | 2 days |",
    "| only |",
    "<div>",
    "</div>",
    "<details><summary>More</summary>",
    "<!-- a comment -->",
    "<!--",
    "-->",
    "<span>inline</span>",
    "<br>",
    "<script>",
    "</script>",
    "<?php ?>",
    "<!DOCTYPE html>",
    "<a href='x'>",
    "%%",
    "%% hidden %%",
    "%% open",
    "[ref]: https://example.com",
    "[not a ref] text",
    "[[Wiki Link]] and more",
    "[link](https://example.com)",
    "1.1. **Outline Entry**",
    "&nbsp;&nbsp;- pseudo bullet",
    "**Lead-in:**",
    "✅ done glyph",
    "□ box line",
    "> quoted",
    "> [!note] Callout",
    "\\- escaped",
    "2025 is a year",
]
_PREFIXES = ["", "", "", "- ", "* ", "+ ", "1. ", "2) ", "10. ", "> ", ">", "-", "1.", "- [ ] "]
_INDENTS = ["", "", "", " ", "  ", "   ", "    ", "     ", "      ", "        ", "\t", " \t"]


@st.composite
def _lines(draw: st.DrawFn) -> str:
    indent = draw(st.sampled_from(_INDENTS))
    prefixes = "".join(
        draw(st.sampled_from(_PREFIXES)) + draw(st.sampled_from(["", "", " ", "  "]))
        for _ in range(draw(st.integers(0, 3)))
    )
    content = draw(st.sampled_from(_CONTENTS))
    trailing = draw(st.sampled_from(["", "", "", " ", "  ", "\\", "\t"]))
    return indent + prefixes + content + trailing


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines = draw(st.lists(_lines(), min_size=1, max_size=24))
    if draw(st.integers(0, 4)):
        # Most documents without tabs: the scanner declines tabs in indentation,
        # and a document it declines checks only the trees.
        lines = [line.replace("\t", "  ") for line in lines]
    if draw(st.integers(0, 7)) == 0:
        closing = draw(st.sampled_from(["---", "...", "x"]))
        lines = ["---", "title: Plan", "tags: [a]", closing, *lines]
    if draw(st.integers(0, 9)) == 0:  # deep nesting, past the parser's limit
        depth = draw(st.integers(8, 14))
        lines += [" " * (2 * level) + "- item" for level in range(depth)]
        lines += [">" * depth + " deep quote"]
    newline = draw(st.sampled_from(["\n", "\n", "\n", "\r\n", "\r"]))
    end = draw(st.sampled_from(["", newline, newline * 2]))
    return newline.join(lines) + end


_EXAMPLES = [
    "- a\nlazy continuation\n- b\n",
    "> - a\n> b\nlazy\n",
    "- a\n\n      indented code after a list\n",
    "- a\n\n    code\n",
    "1. a\n2. b\n\n   ```\n   fenced\n   ```\n",
    "Title\n===\n\nSub\n---\n- x\n",
    "- a\n  > quote in item\n  > - [ ] task\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n- [ ] after\n",
    "text\n| a | b |\n|---|---|\n",
    "<div>\n- [ ] inside html\n</div>\n\n- [ ] outside\n",
    "para\n<div>\nx\n",
    "para\n<span>x</span>\n",
    "%% a\n- [ ] hidden\n%%\n- [ ] shown\n",
    "---\ntitle: x\n---\n# H\n",
    "- a\r\n  - b\r\n",
    " - a\n  - b\n   - c\n    - d\n     - e\n",
    "-\n\n  foo\n",
    "* * *\n- a\n",
    "1) a\n1. b\n",
    "> a\n>\nb\n",
    # A last line of blanks is no line (found by the long run).
    ">\n ",
    "- \n ",
    "---\ntitle: Plan\nx\n ",
    "a\n  \t",
]


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@_settings(budget(ci=1500, long=20_000, fast=300))
@given(documents())
def test_generated_documents_read_alike(text: str) -> None:
    assert_same_reading(text)


def _with_examples(test: Any) -> Any:
    for text in _EXAMPLES:
        test = example(text)(test)
    return test


@_with_examples
@_settings(budget(ci=400, long=5_000, fast=100))
@given(st.text(alphabet="-*+>#|`~ \n\t1.)[]x:!<%=_\\a", max_size=80))
def test_random_block_characters_read_alike(text: str) -> None:
    assert_same_reading(text)


def test_markdown_it_is_the_reference_here() -> None:
    # The differential tests compare against the markdown-it the parser uses.
    body = "- [ ] a\n"
    assert [t.type for t in markdown_for(body).parse(body)] == [
        t.type for t in block_tokens(body, reference=True)[0]
    ]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=":- a|", max_size=6))
def test_a_delimiter_cell_is_what_the_former_pattern_matched(cell: str) -> None:
    # The scanner checks a delimiter cell with string methods, not a pattern.
    assert checks._is_delimiter_cell(cell) is (re.search(r"^:?-+:?$", cell) is not None)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="[]\\:a \n", max_size=12), st.integers(0, 3))
def test_a_reference_definition_holds_its_closing_within_the_span(src: str, pos: int) -> None:
    # reference_may_open looks for `]:` within the longest match before the pattern.
    if checks._REFERENCE_RE.match(src, pos):
        assert src.find("]:", pos, pos + checks._REFERENCE_SPAN) >= 0


def test_the_longest_reference_definition_is_within_the_span() -> None:
    for inside in ("a" * 999, "\\]" * 999):
        src = f"[{inside}]: x"
        assert checks._REFERENCE_RE.match(src)
        assert src.find("]:", 0, checks._REFERENCE_SPAN) >= 0
    assert not checks._REFERENCE_RE.match("[" + "a" * 1000 + "]:")
