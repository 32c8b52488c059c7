"""Hostile and broken inputs: parsing finishes, and every limit it applies is reported.

No test here times anything (timing belongs to benchmarks/bench_pathological.py):
each input is big enough that the quadratic code paths it once took would run
for minutes, so finishing at all is the check, and the limits recorded on the
tree say what was not read.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vaultroad
from vaultroad.cache import TreeCache
from vaultroad.markdown import MAX_DEPTH, MAX_INLINE
from vaultroad.model import LimitKind, ParseLimit, Roadmap
from vaultroad.read_outline import OUTLINE_HEAD_RE, OUTLINE_ITEM_HEAD_RE, bold_title
from vaultroad.rules import RULES, CheckOptions, _box_fault, check_text
from vaultroad.serialize import to_json_data
from vaultroad.source import decode

N = 100_000  # markers in one text: n² steps would take hours


def kinds(roadmap: Roadmap) -> list[str]:
    return [limit.kind.value for limit in roadmap.limits]


# --- long texts and many brackets -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    # every limit on line 1, but the table cell's, on line 3
    [
        pytest.param("- " + "[" * N + "\n", ["long-text"], id="brackets-one-line"),
        pytest.param("# " + "[" * N + "\n", ["long-text"], id="brackets-in-a-heading"),
        pytest.param("- " + "[[a" * N + "\n", ["long-text"], id="wikilink-openers"),
        pytest.param("- " + "*a_b**c__d" * (N // 6) + "\n", ["long-text"], id="emphasis"),
        pytest.param("- " + "`a``b" * (N // 3) + "\n", ["long-text"], id="backtick-runs"),
        pytest.param("- " + "<a" * N + "\n", ["long-text"], id="autolink-openers"),
        pytest.param("- " + "![" * N + "\n", ["long-text"], id="image-openers"),
        pytest.param("- " + "[\n" * (N // 5), ["long-text"], id="brackets-over-lines"),
        pytest.param(
            "| Topic |\n|---|\n| " + "[" * N + " |\n", ["long-text"], id="brackets-in-a-cell"
        ),
        pytest.param("- " + "word " * (N // 5) + "\n", [], id="a-long-plain-line"),
    ],
)
def test_a_long_text_is_read_as_written_and_says_so(text: str, expected: list[str]) -> None:
    roadmap = vaultroad.parse(text, "hostile.md")
    assert kinds(roadmap) == expected
    assert all(limit.line == (3 if text.startswith("|") else 1) for limit in roadmap.limits)


def test_a_long_text_keeps_its_characters_as_written() -> None:
    roadmap = vaultroad.parse("- **" + "a" * MAX_INLINE + "** [x](y)\n")
    (topic,) = roadmap.topics()
    assert topic.title.startswith("**aaa") and topic.title.endswith("** [x](y)")
    assert topic.links == ()
    # `**`, the text, `** [x](y)`
    assert roadmap.limits[0].message.startswith(f"a text of {MAX_INLINE + 11:,} characters")


def test_many_unmatched_brackets_turn_links_off_but_keep_wikilinks() -> None:
    # Under the length limit, so markdown-it's inline parser reads it: its link
    # rule would scan from every `[` to the end of the text.
    text = "# Plan\n\n- [ ] ok [link](https://a.example) [[Note]]\n- [ ] " + "[" * 4000
    text += " [link](https://b.example) [[Other|alias]]\n"
    roadmap = vaultroad.parse(text, "plan.md")
    first, second = roadmap.topics()
    assert [link.url for link in first.links] == ["https://a.example"]
    assert [w.target for w in first.wikilinks] == ["Note"]
    assert second.links == ()
    assert [(w.target, w.alias) for w in second.wikilinks] == [("Other", "alias")]
    assert second.title.endswith("[link](https://b.example) alias")
    (limit,) = roadmap.limits
    assert (limit.line, limit.kind) == (4, LimitKind.LINKS)


def test_ordinary_brackets_and_links_stay_within_the_budget() -> None:
    items = "".join(
        f"- [ ] [a{i}](u{i}) [b] [[c{i}]] ![img](i.png) x[0] [ref]\n" for i in range(50)
    )
    roadmap = vaultroad.parse("[ref]: https://r.example\n\n" + items)
    assert roadmap.limits == ()
    for topic in roadmap.topics():
        assert [link.text for link in topic.links][1:] == ["ref"]


def test_a_limit_is_reported_once_per_line() -> None:
    row = "| " + "[" * 3000 + " | " + "[" * 3000 + " |\n"
    roadmap = vaultroad.parse("| Topic | What |\n|---|---|\n" + row * 3)
    assert [(limit.line, limit.kind) for limit in roadmap.limits] == [
        (3, LimitKind.LINKS),
        (4, LimitKind.LINKS),
        (5, LimitKind.LINKS),
    ]


# --- nesting ------------------------------------------------------------------------


def nested_list(levels: int) -> str:
    return "".join("  " * depth + f"- [ ] level {depth}\n" for depth in range(levels))


def test_a_thousand_levels_of_nesting_are_reported_not_silently_dropped() -> None:
    text = "# Deep\n\n" + nested_list(1000) + "\n## After\n\n- [ ] still read\n"
    roadmap = vaultroad.parse(text, "deep.md")
    titles = [topic.title for topic in roadmap.topics()]
    # A list counts two levels (list and item): nine items are read, the tenth
    # is where the limit starts; what follows the deep list is read as usual.
    assert titles == [f"level {depth}" for depth in range(MAX_DEPTH // 2 - 1)] + ["still read"]
    assert [section.title for section in roadmap.walk_sections()] == ["Deep", "After"]
    (limit,) = roadmap.limits
    assert (limit.line, limit.kind) == (12, LimitKind.NESTING)
    assert "lines 12-1002 are not read" in limit.message


def test_nesting_within_the_limit_is_read_in_full() -> None:
    roadmap = vaultroad.parse(nested_list(MAX_DEPTH // 2 - 1))
    assert len(list(roadmap.topics())) == MAX_DEPTH // 2 - 1
    assert roadmap.limits == ()


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param("- " * 10_000 + "a\n- [ ] b\n", 1, id="bullets-on-one-line"),
        pytest.param("1. " * 10_000 + "a\n- [ ] b\n", 1, id="numbers-on-one-line"),
        pytest.param(">" * 10_000 + " a\n\n- [ ] b\n", 1, id="quotes-on-one-line"),
        pytest.param(
            "".join(">" * depth + " a\n" for depth in range(1, 400)) + "\n- [ ] b\n",
            MAX_DEPTH,  # the 20th `>` opens the 20th level: not read
            id="quotes-deeper-line-by-line",
        ),
    ],
)
def test_deep_containers_are_cut_off_and_the_rest_is_read(text: str, line: int) -> None:
    roadmap = vaultroad.parse(text)
    assert [topic.title for topic in roadmap.topics()] == ["b"]
    assert [(limit.line, limit.kind) for limit in roadmap.limits] == [(line, LimitKind.NESTING)]


def test_sibling_items_past_the_limit_are_one_limit() -> None:
    deep = nested_list(MAX_DEPTH // 2)
    siblings = "".join("  " * (MAX_DEPTH // 2 - 1) + f"- s{i}\n" for i in range(500))
    roadmap = vaultroad.parse(deep + siblings + "- [ ] top\n")
    (limit,) = roadmap.limits
    assert limit.line == MAX_DEPTH // 2 and "lines 10-510 are not read" in limit.message
    assert [topic.title for topic in roadmap.topics()][-1] == "top"


# --- the check reports limits -------------------------------------------------------


def test_check_reports_the_depth_limit_with_its_code_and_line(tmp_path: Path) -> None:
    path = tmp_path / "deep.md"
    path.write_text("# Deep\n\n" + nested_list(30), encoding="utf-8")
    problems = vaultroad.check([path])
    assert [(p.code, p.line, p.column, p.fixable) for p in problems] == [("VR403", 12, 1, False)]
    assert "lines 12-32 are not read" in problems[0].message
    rule = RULES["VR403"]
    assert rule.name == "parse-limit" and rule.explanation and rule.fix is None


def test_check_reports_each_kind_of_limit_and_can_ignore_them() -> None:
    text = "- " + "[" * 5000 + "\n- " + "*a" * MAX_INLINE + "\n" + nested_list(12)
    problems, _ = check_text(text, "hostile.md")
    assert [(p.code, p.line) for p in problems] == [("VR403", 1), ("VR403", 2), ("VR403", 12)]
    options = CheckOptions(ignore=frozenset({"VR403"}))
    assert check_text(text, "hostile.md", options)[0] == []


def test_check_skips_box_rules_on_lines_it_does_not_read() -> None:
    text = nested_list(12) + "  " * 12 + "-[ ] glued\n"
    problems, _ = check_text(text, "deep.md")
    assert [p.code for p in problems] == ["VR403"]


def test_quote_prefixes_do_not_make_the_box_rules_backtrack() -> None:
    # `> > > …` before something that is not a box once cost 2**n steps.
    assert _box_fault("> " * 60 + "x [", "[x]") is None
    text = ("> " * 60 + "x [\n") * 10 + "\n> > - [] a\n"
    problems, _ = check_text(text, "quotes.md")
    assert [(p.line, p.code) for p in problems] == [(1, "VR403"), (12, "VR101")]


# --- outline entries on long lines ----------------------------------------------------

# The patterns `bold_title` replaced, kept here as its oracle.
OLD_OUTLINE_RE = re.compile(
    r"(?P<number>\d+(?:\.\d+)*)[.)]?[ \t]+"
    r"(?P<glyph>(?:⏭️|⏭|✅|🚧|☑)[ \t]+)?"
    r"\*\*(?P<title>.*\S.*?)\*\*[ \t]*\\?[ \t]*$"
)
OLD_OUTLINE_ITEM_RE = re.compile(
    r"(?P<glyph>(?:⏭️|⏭|✅|🚧|☑)[ \t]+)?\*\*(?P<title>.*\S.*?)\*\*[ \t]*\\?[ \t]*$"
)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="1.)* \t\\a✅\u00a0", max_size=14))
def test_bold_titles_read_as_the_old_patterns_did(line: str) -> None:
    for old, head in (
        (OLD_OUTLINE_RE, OUTLINE_HEAD_RE),
        (OLD_OUTLINE_ITEM_RE, OUTLINE_ITEM_HEAD_RE),
    ):
        expected = old.match(line)
        found = bold_title(line, head)
        assert (found is None) == (expected is None), line
        if found is not None and expected is not None:
            assert found[1] == expected.group("title")
            assert found[0].end() == expected.start("title")


def test_an_unclosed_bold_outline_line_finishes() -> None:
    # Paragraph lines with `**` are tried as outline entries, and so are a
    # list item's continuation lines: both once took quadratic time here.
    text = "Text **" + "a" * N + "\n1.1. **" + "a" * N + "\n\n- [ ] x\n  2.1. **" + "b " * N + "\n"
    roadmap = vaultroad.parse(text)
    (topic,) = roadmap.topics()
    assert topic.title.startswith("x 2.1. **b b")  # not an outline entry: no closing `**`
    assert kinds(roadmap) == ["long-text"]


# --- encodings ------------------------------------------------------------------------

SAMPLE = "# Ruta\n\n- [ ] Aprender café ✓\n- [x] Python 🐍\n" * 3


@pytest.mark.parametrize(
    ("encoding", "bom", "name"),
    [
        ("utf-16-le", b"", "UTF-16 (little-endian, no BOM)"),
        ("utf-16-be", b"", "UTF-16 (big-endian, no BOM)"),
        ("utf-16-le", b"\xff\xfe", "UTF-16 (little-endian, with BOM)"),
        ("utf-16-be", b"\xfe\xff", "UTF-16 (big-endian, with BOM)"),
        ("utf-32-le", b"", "UTF-32 (little-endian, no BOM)"),
        ("utf-32-be", b"", "UTF-32 (big-endian, no BOM)"),
        ("utf-32-le", b"\xff\xfe\x00\x00", "UTF-32 (little-endian, with BOM)"),
        ("utf-32-be", b"\x00\x00\xfe\xff", "UTF-32 (big-endian, with BOM)"),
    ],
)
def test_wide_encodings_are_named(encoding: str, bom: bytes, name: str) -> None:
    with pytest.raises(vaultroad.DecodeError) as raised:
        decode(bom + SAMPLE.encode(encoding), "wide.md")
    assert raised.value.message == f"file is {name}, not UTF-8; save it as UTF-8"
    assert (raised.value.path, raised.value.line, raised.value.offset) == ("wide.md", 1, 0)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"- [ ] a\x00b\n" * 3, id="stray-nuls"),
        pytest.param(b"\x00" * 64 + b"- [ ] a\n", id="a-run-of-nuls"),
        pytest.param(b"ab\x00cd\x00ef\x00gh\n", id="short-with-nuls"),
        pytest.param("\ufeff- [ ] caf\u00e9\n".encode(), id="utf-8-with-bom"),
    ],
)
def test_utf8_with_nuls_is_not_taken_for_a_wide_encoding(data: bytes) -> None:
    assert decode(data) == data.decode("utf-8")


def test_invalid_utf8_is_still_reported_by_offset() -> None:
    with pytest.raises(vaultroad.DecodeError) as raised:
        decode(b"- [ ] a\n- [ ] \xff\n")
    assert raised.value.message.startswith("invalid UTF-8 at byte 14")
    assert raised.value.line == 2


def test_check_names_the_encoding_of_a_utf16_file(tmp_path: Path) -> None:
    path = tmp_path / "wide.md"
    path.write_bytes(SAMPLE.encode("utf-16-le"))
    (problem,) = vaultroad.check([path])
    assert problem.code == "VR401" and "UTF-16 (little-endian, no BOM)" in problem.message


# --- limits travel with the tree -------------------------------------------------------


def test_limits_default_to_none_and_survive_the_cache(tmp_path: Path) -> None:
    assert Roadmap(title="t", path=None, children=()).limits == ()
    data = ("- " + "[" * 3000 + "\n" + nested_list(12)).encode()
    cache = TreeCache(tmp_path)
    first = cache.load("plan.md", data)
    assert kinds(first) == ["links", "nesting"]
    again = TreeCache(tmp_path).load("plan.md", data)
    assert again == first
    assert isinstance(again.limits[0], ParseLimit)


def test_json_has_limits_only_when_some_applied() -> None:
    assert "limits" not in to_json_data(vaultroad.parse("- [ ] a\n"))
    data = to_json_data(vaultroad.parse(nested_list(12)))
    assert data["limits"] == [
        {"line": 10, "kind": "nesting", "message": data["limits"][0]["message"]}
    ]


def test_a_file_of_garbled_text_is_located_in_linear_time() -> None:
    # Every run was located by counting from the start of the file: 200k
    # characters of mojibake took half a minute. Now one line table; this
    # only checks the positions stay right at a size the old code choked on.
    from vaultroad.mojibake_repair import find_mojibake

    text = "Ã© x\r\n" * 20_000
    garbles = find_mojibake(text)
    assert len(garbles) == 20_000
    assert (garbles[-1].line, garbles[-1].column) == (20_000, 1)
    assert (garbles[1].line, garbles[1].column) == (2, 1)
