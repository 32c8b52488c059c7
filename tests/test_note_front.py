"""Note frontmatter: owned keys edited in place, every other byte kept."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultroad.errors import VaultroadError
from vaultroad.note_front import (
    DuplicateKeyError,
    raw_value,
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
    # a key of the user's set twice: read as YAML reads it, but never edited
    text = "---\nrating: 1\nstatus: a\nrating: 2\n---\n"
    assert read_front_matter(text) == {"rating": 2, "status": "a"}
    with pytest.raises(DuplicateKeyError, match=r"rating is set twice \(lines 2 and 4\)"):
        set_front_matter_values(text, {"status": "c"})


@pytest.mark.parametrize(
    ("front", "first", "second"),
    [
        ("status: todo\nrating: 5\nstatus: done\n", 2, 4),
        ("topic: a\n'topic': b\n", 2, 3),
        ('completed: 2024-01-01\nnotes: |\n  x\n"completed" : 2024-02-02\n', 2, 5),
        ("section:\n  - a\nsection: b\n", 2, 4),
    ],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_an_owned_key_set_twice_is_refused(
    front: str, first: int, second: int, newline: str
) -> None:
    text = f"---\n{front}---\nbody\n".replace("\n", newline)
    key = front.split(":")[0]
    message = f"{key} is set twice (lines {first} and {second}); note left as it is"
    with pytest.raises(DuplicateKeyError, match=re.escape(message)) as caught:
        read_front_matter(text, "Topics/x.md")
    assert (caught.value.path, caught.value.line) == ("Topics/x.md", second)
    # an edit refuses too, whichever key it sets: it would change one of two values
    for updates in ({key: "x"}, {"rating": 1}, {key: None}):
        with pytest.raises(DuplicateKeyError, match=re.escape(message)):
            set_front_matter_values(text, updates)
    assert key in read_front_matter(text, owned=())  # a caller may read any note


@pytest.mark.parametrize(
    "front",
    [
        "status: todo\nnotes: |\n  status: done\n",  # text of a block value
        "status: todo\ntags:\n  - status\n  - topic\n",
        "status: todo # status: done\n",
        "topic: abc\nmy-topic: x\nstatus_2: y\nstatus: todo\n",
    ],
)
def test_a_key_named_again_but_not_set_twice_is_read(front: str) -> None:
    assert read_front_matter(f"---\n{front}---\n")["status"] == "todo"


NOTE_WITH_VALUES = """\
---
a: 1
status: yes
completed: 2024-01-01 # when
nothing:
none: ~
quoted: "done # not a comment"  # a comment
single: 'it''s'
url: https://x.org/a#b
flow: [done, todo]
listed:
  - done
  # a comment line
  - "x # y"   # z
block: |
  first # kept
  second
empty: # just a comment
---
status: not frontmatter
"""


@pytest.mark.parametrize(
    ("key", "raw", "line"),
    [
        ("status", "yes", 3),
        ("completed", "2024-01-01", 4),
        ("nothing", "", 5),
        ("none", "~", 6),
        ("quoted", '"done # not a comment"', 7),
        ("single", "'it''s'", 8),
        ("url", "https://x.org/a#b", 9),
        ("flow", "[done, todo]", 10),
        ("listed", '- done - "x # y"', 11),
        ("block", "| first # kept second", 15),
        ("empty", "", 18),
    ],
)
def test_a_raw_value_is_the_users_text(key: str, raw: str, line: int) -> None:
    assert raw_value(NOTE_WITH_VALUES, key) == (raw, line)
    crlf = "\ufeff" + NOTE_WITH_VALUES.replace("\n", "\r\n")
    assert raw_value(crlf, key) == (raw, line)


def test_a_raw_value_of_a_missing_key_or_frontmatter_is_none() -> None:
    assert raw_value(NOTE_WITH_VALUES, "missing") is None
    assert raw_value(NOTE_WITH_VALUES, "a:") is None
    assert raw_value("status: yes\n", "status") is None
    assert raw_value("---\nstatus: yes\n", "status") is None  # never closed: no frontmatter
    # read as YAML reads it: the last of a key set twice
    assert raw_value("---\nx: 1\nx: 2\n---\n", "x") == ("2", 3)


def test_a_value_set_where_there_was_only_a_comment_keeps_the_comment() -> None:
    text = "---\nstatus: # todo, doing or done\nrating: 5\n---\n"
    result = set_front_matter_values(text, {"status": "done"})
    assert result == "---\nstatus: done # todo, doing or done\nrating: 5\n---\n"
    assert read_front_matter(result)["status"] == "done"


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


@pytest.mark.parametrize("key", ["parent", "estimate_low", "estimate_high"])
def test_the_keys_added_for_dataview_are_owned_and_refused_when_set_twice(key: str) -> None:
    # A sync rewrites these: with two values, which one the user meant is a guess.
    text = f'---\n{key}: "[[a]]"\nstatus: todo\n{key}: "[[b]]"\n---\n'
    with pytest.raises(DuplicateKeyError, match=f"{key} is set twice"):
        read_front_matter(text, "Topics/x.md")
    # a note that is not vaultroad's may do as it likes
    assert read_front_matter(text, owned=())[key] == "[[b]]"
