"""Writing files: atomic, mode kept, unchanged files untouched, races and symlinks handled."""

from __future__ import annotations

import errno
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vaultroad
from budget import budget
from vaultroad import fileio
from vaultroad.fileio import WriteError, create_file, read_text, update_statuses, write_text_atomic


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
    # A box-less list: a glyph, so the other plain items stay topics.
    assert path.read_bytes() == "# Plan\n\n- ✅ read the docs\n- write code\n".encode()
    update_statuses(path, {topic.id: "todo"}, baseline=original.decode())
    assert path.read_bytes() == original


# --- the windows of the write protocol, opened on purpose through the seam


def _at_step(
    monkeypatch: pytest.MonkeyPatch, kind: str, action: Callable[[str], None]
) -> list[str]:
    """Run `action(path)` when the file layer reaches its first `kind` step."""
    seen: list[str] = []

    def step(what: str, path: str | os.PathLike[str]) -> None:
        if what == kind and not seen:
            seen.append(os.fspath(path))
            action(os.fspath(path))

    monkeypatch.setattr(fileio, "step", step)
    return seen


@st.composite
def _expected_and_on_disk(draw: st.DrawFn) -> tuple[bytes, bytes]:
    """A file's expected bytes, and what it holds: the same, or nearly (longer, shorter,
    one byte changed), or anything."""
    expected = draw(st.binary(max_size=40))
    near = [st.just(expected), st.binary(max_size=40)]
    near.append(st.binary(min_size=1, max_size=9).map(lambda more: expected + more))
    if expected:
        at = draw(st.integers(0, len(expected) - 1))
        near.append(st.just(expected[:at]))
        changed = bytes([(expected[at] + 1) % 256])
        near.append(st.just(expected[:at] + changed + expected[at + 1 :]))
    return expected, draw(st.one_of(near))


@settings(max_examples=budget(300, 5_000), deadline=None)
@given(_expected_and_on_disk(), st.integers(1, 9))
def test_a_file_holds_its_expected_bytes_compared_a_chunk_at_a_time(
    files: tuple[bytes, bytes], chunk: int
) -> None:
    # A write compares the file with what it read a chunk at a time (not read whole
    # beside the two texts it holds): the answer is that of comparing whole files.
    expected, on_disk = files
    with tempfile.TemporaryFile() as stream, mock.patch.object(fileio, "_COMPARE_CHUNK", chunk):
        stream.write(on_disk)
        stream.flush()
        assert fileio._holds(stream.fileno(), expected) == (on_disk == expected)


def test_an_append_just_before_the_rename_is_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Appended after the temporary file was written, before the comparison.
    path = tmp_path / "r.md"
    path.write_bytes(b"- [ ] a\n")
    data, _ = read_text(path)

    def append(_: str) -> None:
        with path.open("ab") as stream:
            stream.write(b"typed meanwhile\n")

    _at_step(monkeypatch, "fsync", append)
    with pytest.raises(vaultroad.ConcurrentChangeError, match="changed on disk"):
        write_text_atomic(path, "- [x] a\n", expected=data)
    assert path.read_bytes() == b"- [ ] a\ntyped meanwhile\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]


def test_an_append_between_the_comparison_and_the_rename_is_put_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The narrowest window: the file matched, then another program appended to
    # it, then the rename replaced it. Its text must come back, and say so.
    path = tmp_path / "r.md"
    path.write_bytes(b"- [ ] a\n")
    data, _ = read_text(path)

    def append(target: str) -> None:
        with Path(target).open("ab") as stream:
            stream.write(b"typed meanwhile\n")

    _at_step(monkeypatch, "rename", append)
    with pytest.raises(vaultroad.ConcurrentChangeError, match="its new text is kept"):
        write_text_atomic(path, "- [x] a\n", expected=data)
    assert path.read_bytes() == b"- [ ] a\ntyped meanwhile\n"


def test_a_write_after_the_rename_to_the_replaced_file_is_put_back_once_the_run_ends(
    tmp_path: Path,
) -> None:
    # The widest window: an editor opened the file before the rename and writes
    # to it after (into the replaced file, which no name reaches any more).
    # The descriptor kept by `keep` sees it, and `late_writes` puts it back.
    path = tmp_path / "r.md"
    path.write_bytes(b"- [ ] a\n")
    data, _ = read_text(path)
    editor = os.open(path, os.O_WRONLY | os.O_APPEND)
    kept: list[fileio.Replaced] = []
    try:
        fileio.replace_file(path, b"- [x] a\n", expected=data, keep=kept)
        assert path.read_bytes() == b"- [x] a\n" and len(kept) == 1
        os.write(editor, b"typed after the rename\n")
    finally:
        os.close(editor)
    rescued = fileio.late_writes(kept)
    assert [(name, "its new text is kept" in message) for name, message in rescued] == [
        (str(path), True)
    ]
    assert path.read_bytes() == b"- [ ] a\ntyped after the rename\n"
    assert kept == [] and sorted(p.name for p in tmp_path.iterdir()) == ["r.md"]


def test_kept_descriptors_of_untouched_replaced_files_are_closed_quietly(tmp_path: Path) -> None:
    kept: list[fileio.Replaced] = []
    for number in range(3):
        path = tmp_path / f"{number}.md"
        path.write_bytes(b"- [ ] a\n")
        fileio.replace_file(path, b"- [x] a\n", expected=b"- [ ] a\n", keep=kept)
    handles = [replaced.handle for replaced in kept]
    assert fileio.late_writes(kept) == [] and kept == []
    for handle in handles:
        with pytest.raises(OSError):
            os.fstat(handle)
    assert all(p.read_bytes() == b"- [x] a\n" for p in tmp_path.iterdir())


def test_an_editor_caught_between_truncate_and_write_keeps_its_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An editor that saves by truncating, then writing: the rename lands in
    # between, and the editor's write goes to the replaced file. Its whole
    # text is put back, not the empty file seen at first.
    path = tmp_path / "note.md"
    path.write_bytes(b"study notes\n")
    data, _ = read_text(path)
    editor: list[int] = []

    def truncate(target: str) -> None:
        editor.append(os.open(target, os.O_WRONLY | os.O_TRUNC))

    def finish() -> None:
        os.write(editor[0], b"study notes, longer now\n")
        os.close(editor[0])

    _at_step(monkeypatch, "rename", truncate)
    timer = threading.Timer(0.02, finish)
    timer.start()
    try:
        with pytest.raises(vaultroad.ConcurrentChangeError, match="its new text is kept"):
            write_text_atomic(path, "generated\n", expected=data)
    finally:
        timer.join()
    assert path.read_bytes() == b"study notes, longer now\n"


def test_a_read_only_file_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_bytes(b"- [ ] a\n")
    path.chmod(0o444)
    inode = path.stat().st_ino
    data, _ = read_text(path)
    with pytest.raises(WriteError, match=r"read-only \(mode 0444\)"):
        write_text_atomic(path, "- [x] a\n", expected=data)
    assert path.read_bytes() == b"- [ ] a\n"
    assert path.stat().st_ino == inode


def test_a_new_file_never_appears_empty_or_replaces_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Until the link, the final name does not exist; a file that appeared
    # under it meanwhile is kept and the create refused.
    path = tmp_path / "new.md"
    states: list[bool] = []
    _at_step(monkeypatch, "write", lambda _: states.append(path.exists()))
    create_file(path, b"whole\n")
    assert states == [False]
    assert path.read_bytes() == b"whole\n"

    def appear(_: str) -> None:
        (tmp_path / "other.md").write_bytes(b"mine\n")

    monkeypatch.undo()
    _at_step(monkeypatch, "link", appear)
    with pytest.raises(vaultroad.ConcurrentChangeError, match="appeared"):
        create_file(tmp_path / "other.md", b"generated\n")
    assert (tmp_path / "other.md").read_bytes() == b"mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.md", "other.md"]


def test_a_full_disk_is_one_error_naming_the_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.md"
    path.write_bytes(b"- [ ] a\n")
    data, _ = read_text(path)

    def full(target: str) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), target)

    _at_step(monkeypatch, "write", full)
    with pytest.raises(WriteError, match="No space left on device") as caught:
        write_text_atomic(path, "- [x] a\n", expected=data)
    assert caught.value.path == str(path)
    assert path.read_bytes() == b"- [ ] a\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]


def test_a_named_pipe_is_never_opened_for_reading(tmp_path: Path) -> None:
    pipe = tmp_path / "r.md"
    os.mkfifo(pipe)
    with pytest.raises(vaultroad.VaultroadError, match="named pipe"):
        read_text(pipe)  # would block forever on a plain open()
