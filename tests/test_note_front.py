"""Note frontmatter: owned keys edited in place, every other byte kept."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultroad.errors import UnsafeEditError, VaultroadError
from vaultroad.note_front import (
    read_front_matter,
    render_front_matter,
    set_front_matter_values,
    split_front_matter,
)

NOTE = """\
---
aliases:
  - Loops
# my own comment
status: todo   # change me
roadmap: "[[Roadmap#Basics]]"
cssclasses: [wide]
tags:
  - roadmap/python
  - mine
rating: 5
---

# Loops

My notes.
"""


def test_read() -> None:
    data = read_front_matter(NOTE)
    assert data["status"] == "todo"
    assert data["roadmap"] == "[[Roadmap#Basics]]"
    assert data["tags"] == ["roadmap/python", "mine"]
    assert read_front_matter("# no frontmatter\n") == {}
    assert split_front_matter("---\n---\nbody\n") is not None


def test_a_status_change_changes_only_its_value() -> None:
    assert set_front_matter_values(NOTE, {"status": "done"}) == NOTE.replace(
        "status: todo   # change me", "status: done   # change me"
    )


def test_adding_and_removing_a_key() -> None:
    added = set_front_matter_values(NOTE, {"completed": dt.date(2026, 11, 24)})
    assert added == NOTE.replace("rating: 5\n", "rating: 5\ncompleted: 2026-11-24\n")
    assert set_front_matter_values(added, {"completed": None}) == NOTE


def test_unchanged_values_leave_the_bytes_alone() -> None:
    assert set_front_matter_values(NOTE, {"status": "todo", "rating": 5}) == NOTE
    quoted = 'status: "todo"\n'
    text = f"---\n{quoted}---\n"
    assert set_front_matter_values(text, {"status": "todo"}) == text


@pytest.mark.parametrize(
    ("old", "value", "new"),
    [
        ('status: "todo"', "done", 'status: "done"'),
        ("status: 'todo'", "it's", "status: 'it''s'"),
        ("status: todo", "C: the language", 'status: "C: the language"'),
        ("status: todo", "#tag", 'status: "#tag"'),
        ("status: todo", "yes", 'status: "yes"'),
        ("status: todo", "1.0", 'status: "1.0"'),
        ("status: todo", "2026-01-01", 'status: "2026-01-01"'),
        ("status: todo", "94194e8758", 'status: "94194e8758"'),
        ("status: todo", "[[Link]]", 'status: "[[Link]]"'),
        ("status: todo", "plain words", "status: plain words"),
        ("status: todo", 7, "status: 7"),
        ("status: todo", True, "status: true"),
    ],
)
def test_values_are_quoted_only_when_yaml_needs_it(old: str, value: object, new: str) -> None:
    text = f"---\n{old}\n---\nbody\n"
    result = set_front_matter_values(text, {"status": value})  # type: ignore[dict-item]
    assert result == f"---\n{new}\n---\nbody\n"
    assert read_front_matter(result)["status"] == value


def test_lists_keep_their_layout() -> None:
    block = set_front_matter_values(NOTE, {"tags": ["a", "b c"]})
    assert "tags:\n  - a\n  - b c\nrating: 5\n" in block
    flow = set_front_matter_values(NOTE, {"cssclasses": ["wide", "narrow"]})
    assert "cssclasses: [wide, narrow]\n" in flow
    assert read_front_matter(flow)["aliases"] == ["Loops"]


def test_crlf_bom_and_a_missing_frontmatter() -> None:
    text = "\ufeff---\r\nstatus: todo\r\nkeep: me\r\n---\r\nbody\r\n"
    assert set_front_matter_values(text, {"status": "done", "topic": "abc"}) == (
        "\ufeff---\r\nstatus: done\r\nkeep: me\r\ntopic: abc\r\n---\r\nbody\r\n"
    )
    assert set_front_matter_values("body\r\n", {"status": "todo"}) == (
        "---\r\nstatus: todo\r\n---\r\nbody\r\n"
    )
    assert set_front_matter_values("", {"status": "todo"}) == "---\nstatus: todo\n---\n"


def test_render_a_new_block() -> None:
    assert render_front_matter(
        {"topic": "abc", "roadmap": "[[R]]", "tags": ["vaultroad/topic"]}
    ) == ('---\ntopic: abc\nroadmap: "[[R]]"\ntags:\n  - vaultroad/topic\n---\n')


def test_errors_name_the_line_and_duplicates_are_refused() -> None:
    with pytest.raises(VaultroadError, match="invalid frontmatter") as caught:
        read_front_matter("---\na: 1\nb: [unclosed\n---\n", "note.md")
    assert caught.value.path == "note.md" and caught.value.line is not None
    with pytest.raises(UnsafeEditError, match="'status' appears twice"):
        set_front_matter_values("---\nstatus: a\nstatus: b\n---\n", {"status": "c"})


keys = st.sampled_from(["alpha", "beta", "gamma", "delta", "epsilon"])
scalars = st.one_of(
    st.text(alphabet="abc XYZ:#'\"-é", min_size=1, max_size=8).filter(lambda s: s.strip() == s),
    st.integers(-5, 500),
    st.booleans(),
)


@st.composite
def blocks(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    lines = []
    data: dict[str, object] = {}
    for key in draw(st.lists(keys, unique=True, max_size=5)):
        value = draw(scalars)
        style = draw(st.sampled_from(["plain", '"', "'"]))
        rendered = set_front_matter_values("", {key: value})
        line = rendered.splitlines()[1]
        if isinstance(value, str) and style != "plain":
            escaped = value.replace("\\", "\\\\").replace('"', '\\"')
            line = (
                f'{key}: "{escaped}"'
                if style == '"'
                else f"{key}: '{value.replace(chr(39), chr(39) * 2)}'"
            )
        lines.append(line)
        data[key] = value
        if draw(st.booleans()):
            lines.append("# a comment")
        if draw(st.booleans()):
            lines.append("")
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(["---", *lines, "---", "body"]) + newline
    return text, data


@settings(max_examples=150, deadline=None)
@given(blocks(), st.sampled_from(["status", "alpha", "gamma"]), scalars)
def test_an_update_touches_only_its_key(
    block: tuple[str, dict[str, object]], key: str, value: object
) -> None:
    text, data = block
    assert read_front_matter(text) == data
    result = set_front_matter_values(text, {key: value})  # type: ignore[dict-item]
    assert read_front_matter(result) == {**data, key: value}
    old_lines = [line for line in text.splitlines(keepends=True) if not line.startswith(key + ":")]
    new_lines = [
        line for line in result.splitlines(keepends=True) if not line.startswith(key + ":")
    ]
    assert old_lines == new_lines
    assert set_front_matter_values(result, {key: value}) == result  # type: ignore[dict-item]


def _yaml_reads(value: str) -> list[object]:
    """What PyYAML (YAML 1.1) and ruamel (YAML 1.2, as mdformat reads) make of `k: value`."""
    import yaml
    from ruamel.yaml import YAML

    text = f"k: {value}\n"
    return [yaml.safe_load(text)["k"], YAML(typ="safe", pure=True).load(text)["k"]]


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(alphabet="0123456789abcdef", min_size=1, max_size=12),
        st.text(alphabet="0123456789abcdef", min_size=1, max_size=10).map(lambda s: s + "-2"),
        st.text(alphabet="0b1e.x", min_size=1, max_size=8),
        st.text(alphabet="0129 -.:daysé_,()&'+/TZ<=!*~@›—→✅\u3000\x85\xa0", max_size=14).map(
            lambda s: "a" + s
        ),
        st.text(min_size=1, max_size=10),
        st.text(st.characters(min_codepoint=0x80, max_codepoint=0x3000), max_size=6).map(
            lambda s: "1 " + s
        ),
    )
)
def test_a_value_written_plain_reads_back_as_the_same_string(value: str) -> None:
    rendered = render_front_matter({"k": value})
    written = rendered.splitlines()[1][len("k: ") :]
    if written == value:  # written plain: both YAML versions must agree it is this string
        assert _yaml_reads(value) == [value, value]
    else:
        assert read_front_matter(rendered) == {"k": value}
