"""The tree cache: a hit never parses, any change parses again, a bad entry is ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

import vaultroad
import vaultroad.parser
from vaultroad.cache import TreeCache, default_cache_dir
from vaultroad.model import Status

TEXT = (
    b"# Plan\n\n## Basics (2 weeks)\n\n- [x] a [[Link|alias]] (1 day)\n  - [ ] b\n\n"
    b"| Topic |\n|---|\n| c |\n"
)


def entries(directory: Path) -> list[Path]:
    return sorted(directory.rglob("*.json"))


def forbid_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> vaultroad.Roadmap:
        raise AssertionError("parsed although the cache had the tree")

    monkeypatch.setattr(vaultroad.parser, "parse", fail)


def test_a_hit_returns_the_same_tree_without_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = TreeCache(tmp_path)
    first = cache.load("plan.md", TEXT)
    assert first == vaultroad.parse(TEXT.decode(), "plan.md")
    forbid_parsing(monkeypatch)
    assert cache.load("plan.md", TEXT) == first


def test_changed_bytes_or_another_path_parse_again(tmp_path: Path) -> None:
    cache = TreeCache(tmp_path)
    cache.load("plan.md", TEXT)
    changed = TEXT.replace(b"[ ] b", b"[x] b")
    tree = cache.load("plan.md", changed)
    assert [t.status.value for t in tree.topics()] == ["done", "done", "todo"]
    assert len(entries(tmp_path)) == 1  # one entry per path, replaced
    other = cache.load("other.md", TEXT)
    assert other.path == "other.md"
    assert len(entries(tmp_path)) == 2


def test_another_symbol_table_is_another_entry(tmp_path: Path) -> None:
    cache = TreeCache(tmp_path)
    text = b"# Plan\n\n- [>] a\n- [ ] b\n"
    plain = cache.load("plan.md", text)
    doing = cache.load("plan.md", text, symbols={">": Status.DOING})
    assert [t.status for t in plain.topics()] == [Status.TODO, Status.TODO]
    assert [t.status for t in doing.topics()] == [Status.DOING, Status.TODO]
    assert cache.load("plan.md", text) == plain


def test_a_corrupt_entry_is_ignored_and_replaced(tmp_path: Path) -> None:
    cache = TreeCache(tmp_path)
    expected = cache.load("plan.md", TEXT)
    (entry,) = entries(tmp_path)
    entry.write_text('{"key": "x", "tree": [', encoding="utf-8")
    assert cache.load("plan.md", TEXT) == expected
    entry.write_text("[]", encoding="utf-8")
    assert cache.load("plan.md", TEXT) == expected


def test_an_unwritable_cache_only_costs_speed(tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("", encoding="utf-8")
    tree = TreeCache(blocker).load("plan.md", TEXT)
    assert tree == vaultroad.parse(TEXT.decode(), "plan.md")


def test_cache_dir_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("VAULTROAD_NO_CACHE", raising=False)
    monkeypatch.setenv("VAULTROAD_CACHE_DIR", str(tmp_path))
    assert default_cache_dir() == tmp_path
    monkeypatch.setenv("VAULTROAD_CACHE_DIR", "")
    assert default_cache_dir() is None
    monkeypatch.delenv("VAULTROAD_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "vaultroad"
    monkeypatch.setenv("VAULTROAD_NO_CACHE", "1")
    assert default_cache_dir() is None


def test_every_field_of_the_tree_survives_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tags, Tasks fields, link kinds, schedules, section and roadmap links.
    text = (
        "- [@article@Before any section](https://e.org/0)\n\n"
        "## Week 1-2: Basics\n\n"
        "- [ ] #task Read the guide 📅 2024-05-01 ⏫\n"
        "  - [@video@Watch](https://e.org/v)\n"
        "- [@official@Docs](https://e.org/d)\n\n"
        "| Topic | Status |\n|---|---|\n| Loops | 🟢 Done |\n"
    ).encode()
    cache = TreeCache(tmp_path)
    first = cache.load("plan.md", text)
    assert first.links and any(t.tasks for t in first.topics())
    forbid_parsing(monkeypatch)
    assert cache.load("plan.md", text) == first
