"""Writing files: atomic, mode kept, unchanged files untouched, races and symlinks handled."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import vaultroad
from vaultroad.fileio import read_text, update_statuses, write_text_atomic


def test_unchanged_text_is_not_written_and_keeps_its_mtime(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_bytes(b"- [ ] a\r\n")
    os.utime(path, (1_000_000, 1_000_000))
    data, text = read_text(path)
    assert write_text_atomic(path, text, expected=data) is False
    assert path.stat().st_mtime == 1_000_000


def test_write_replaces_content_keeps_mode_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_bytes(b"\xef\xbb\xbf- [ ] a\r\n- [ ] b")
    path.chmod(0o640)
    data, text = read_text(path)
    assert text.startswith("\ufeff")
    assert write_text_atomic(path, text.replace("[ ] b", "[x] b"), expected=data) is True
    assert path.read_bytes() == b"\xef\xbb\xbf- [ ] a\r\n- [x] b"
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_bytes(b"- [ ] a\n")
    data, _ = read_text(path)
    path.write_bytes(b"- [ ] a\n- [ ] typed meanwhile\n")
    with pytest.raises(vaultroad.ConcurrentChangeError, match="changed on disk"):
        write_text_atomic(path, "- [x] a\n", expected=data)
    assert path.read_bytes() == b"- [ ] a\n- [ ] typed meanwhile\n"


def test_writing_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_bytes(b"- [ ] a\n")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    topic = next(vaultroad.load(link).topics())
    assert update_statuses(link, {topic.id: "done"}) is True
    assert link.is_symlink()
    assert target.read_bytes() == b"- [x] a\n"


def test_update_statuses_round_trip_with_baseline(tmp_path: Path) -> None:
    path = tmp_path / "plain.md"
    original = b"# Plan\n\n- read the docs\n- write code\n"
    path.write_bytes(original)
    topic = next(vaultroad.load(path).topics())
    update_statuses(path, {topic.id: "done"})
    assert path.read_bytes() == b"# Plan\n\n- [x] read the docs\n- write code\n"
    update_statuses(path, {topic.id: "todo"}, baseline=original.decode())
    assert path.read_bytes() == original
