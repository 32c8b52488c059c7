"""`markdown_for(text)` leaves out block rules that cannot match in `text`; it must
give exactly the tokens of the full rule set (`make_markdown()`), on every file of
the seeds, the corpus and the real roadmaps, and on generated texts built from the
constructs those rules are about (frontmatter fences, `%%` comments) put anywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from vaultroad.markdown import make_markdown, markdown_for
from vaultroad.source import Source

FULL = make_markdown()


def _tokens(text: str, lean: bool) -> list[tuple[Any, ...]]:
    md = markdown_for(text) if lean else FULL
    return [
        (token.type, token.map, token.content, token.markup, token.info, token.meta)
        for token in md.parse(text, {})
    ]


def test_same_tokens_on_every_file(seed_or_corpus_path: Path) -> None:
    body = Source(seed_or_corpus_path.read_text(encoding="utf-8")).body
    assert _tokens(body, lean=True) == _tokens(body, lean=False)


_PIECES = st.sampled_from(
    [
        "---\n",
        "---\ntitle: x\n---\n",
        "%%\n",
        "%% note %%\n",
        "%% a %% text\n",
        "- [ ] topic %% hidden %%\n",
        "- [x] done\n",
        "  - [ ] child\n",
        "> %% quoted\n",
        "```\n%%\n```\n",
        "# Heading\n",
        "text\n",
        "\n",
        "| a | b |\n|---|---|\n| c | d |\n",
        "    %% indented\n",
    ]
)


@given(st.lists(_PIECES, max_size=12))
def test_same_tokens_on_generated_texts(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _tokens(text, lean=True) == _tokens(text, lean=False)


def test_rules_are_left_out_only_where_they_cannot_match() -> None:
    plain = markdown_for("- [ ] a\n")
    names = plain.block.ruler.get_active_rules()
    assert "front_matter" not in names and "obsidian_comment" not in names
    full = markdown_for("---\na: 1\n---\n%% c %%\n")
    names = full.block.ruler.get_active_rules()
    assert "front_matter" in names and "obsidian_comment" in names
