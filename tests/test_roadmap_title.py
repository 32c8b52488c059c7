"""A roadmap's title: frontmatter `title`, else a first H1 that names the document,
else the file name; the notes folder `Topics/<title>/` follows it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vaultroad
from vaultroad import roadmap_title
from vaultroad.roadmap_title import frontmatter_title, is_title_heading


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("---\ntitle: My Backend Path\n---\n# Roadmap\n\n- [ ] a\n", "My Backend Path"),
        ("---\ntitle: '2025'\n---\n- [ ] a\n", "2025"),
        ("# Python Backend Developer Roadmap\n\n- [ ] a\n", "Python Backend Developer Roadmap"),
        ("# 100-Days-Of-ML-Code\n\n## Day 1\n", "100-Days-Of-ML-Code"),
        ("# 🗺️ Project Roadmap\n\n- [ ] a\n", "🗺️ Project Roadmap"),
        # numbered like a section: the first chapter, not the document's name
        ("# 1.团队协作\n\n- [ ] a\n", "my-plan"),
        ("# 2. Basics\n\n- [ ] a\n", "my-plan"),
        # generic headings over a table of contents
        ("# Contents\n\n- [a](#a)\n\n# Curriculum\n\n- [ ] a\n", "my-plan"),
        ("# Table of Contents\n\n- [ ] a\n", "my-plan"),
        ("# Índice\n\n- [ ] a\n", "my-plan"),
        ("# 📚 Table of Contents\n\n- [ ] a\n", "my-plan"),
        # no H1 at all, an empty frontmatter title, a broken frontmatter
        ("## Backlog\n\n- [ ] a\n", "my-plan"),
        ("---\ntitle:\n---\n- [ ] a\n", "my-plan"),
        ("---\ntitle: [unclosed\n---\n- [ ] a\n", "my-plan"),
        ("---\nkanban-plugin: basic\n---\n\n## Lane\n\n- [ ] a\n", "my-plan"),
        # only the first H1 counts: a later one is a part of the document
        ("# Contents\n\n# Real Title\n\n- [ ] a\n", "my-plan"),
    ],
)
def test_roadmap_title(text: str, title: str) -> None:
    assert vaultroad.parse(text, "Roadmaps/my-plan.md").title == title


def test_helpers() -> None:
    assert is_title_heading("API Security Checklist")
    assert not is_title_heading("1.2 Intro")
    assert not is_title_heading("  ")
    assert frontmatter_title("title: A  B\n") == "A B"
    assert frontmatter_title("title: true\n") is None
    assert frontmatter_title("- a\n- b\n") is None


def test_the_topics_folder_is_named_after_the_title(tmp_path: Path) -> None:
    roadmaps = tmp_path / "Roadmaps"
    roadmaps.mkdir()
    (roadmaps / "ossu.md").write_text("# Contents\n\n- [ ] Algorithms\n", encoding="utf-8")
    (roadmaps / "plan.md").write_text(
        "---\ntitle: Backend Path\n---\n# 1. Basics\n\n- [ ] Python\n", encoding="utf-8"
    )
    vaultroad.sync(tmp_path)
    assert (tmp_path / "Topics" / "ossu" / "Algorithms.md").is_file()
    assert (tmp_path / "Topics" / "Backend Path" / "Python.md").is_file()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["1", "23", ".", ")", "、", " ", "\u3000", "a", "团", "\t"])))
def test_the_numbered_pattern_matches_what_it_matched(pieces: list[str]) -> None:
    # `[.)]\s*|、\s*` replaced `[.)、]\s*`, which sre compiled as a 64K-entry table.
    text = "".join(pieces)
    former = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)、]\s*|\d+\.\d+(?:\.\d+)*\s+)(?=\S)")
    got, old = roadmap_title._NUMBERED_RE.match(text), former.match(text)
    assert (got and got.span()) == (old and old.span())


def test_a_numbered_title_opens_with_what_the_pattern_calls_a_digit() -> None:
    # is_title_heading and read_heading look for `\d` with str.isdecimal first.
    digit = re.compile(r"\d")
    for code in range(0x110000):
        char = chr(code)
        assert char.isdecimal() == (digit.match(char) is not None), hex(code)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["1", "٣", ".", ")", "、", " ", "\u3000", "a", "#", "\t"])))
def test_a_numbered_title_is_found_only_after_a_digit(pieces: list[str]) -> None:
    text = "".join(pieces)
    if roadmap_title._NUMBERED_RE.match(text):
        assert text.lstrip()[:1].isdecimal()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aB1_ #-.é目录\u00a0\t!", max_size=12))
def test_the_title_words_are_what_the_former_pattern_left(plain: str) -> None:
    # is_title_heading reads words with string methods, not `[^\w]+`.
    former = re.sub(r"[^\w]+", " ", plain).strip().casefold()
    assert roadmap_title.is_title_heading(plain) is (
        bool(plain.strip())
        and not roadmap_title._NUMBERED_RE.match(plain)
        and former not in roadmap_title._GENERIC
    )
