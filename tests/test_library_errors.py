"""Issue 10: every error of `load` and `parse` is a VaultroadError that says where.

The file errors are also the built-in errors raised before, so callers that
caught `FileNotFoundError` or `OSError` keep working.
"""

from __future__ import annotations

import errno
import inspect
import pickle
from pathlib import Path

import pytest

import vaultroad
from vaultroad.errors import ReadError


def test_a_missing_file_is_a_not_found_error_with_its_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.md"
    with pytest.raises(vaultroad.VaultroadError) as caught:
        vaultroad.load(missing)
    error = caught.value
    assert isinstance(error, vaultroad.NotFoundError)
    assert isinstance(error, FileNotFoundError)  # old `except FileNotFoundError` still works
    assert error.path == str(missing) and error.line is None
    assert error.errno == errno.ENOENT and error.filename == str(missing)
    assert str(error) == f"{missing}: no such file or directory"
    assert isinstance(error.__cause__, FileNotFoundError)


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(vaultroad.NotAFileError) as caught:
        vaultroad.load(tmp_path)
    assert isinstance(caught.value, vaultroad.VaultroadError)
    assert isinstance(caught.value, IsADirectoryError)
    assert caught.value.path == str(tmp_path)


def _refuse(error: OSError) -> object:
    def read_bytes(self: Path) -> bytes:
        raise error

    return read_bytes


@pytest.mark.parametrize(
    ("raised", "expected", "builtin"),
    [
        (PermissionError(errno.EACCES, "Denied"), vaultroad.AccessError, PermissionError),
        (OSError(errno.EIO, "Input/output error"), vaultroad.ReadError, OSError),
    ],
)
def test_other_read_failures_keep_their_errno_and_kind(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    raised: OSError,
    expected: type[ReadError],
    builtin: type[OSError],
) -> None:
    # Faked: the tests may run as root, who can read a mode-000 file.
    target = tmp_path / "a.md"
    target.write_text("- [ ] A\n", encoding="utf-8")
    monkeypatch.setattr(Path, "read_bytes", _refuse(raised))
    with pytest.raises(expected) as caught:
        vaultroad.load(target)
    assert isinstance(caught.value, builtin) and isinstance(caught.value, vaultroad.VaultroadError)
    assert caught.value.errno == raised.errno and caught.value.path == str(target)
    assert str(caught.value) == f"{target}: {raised.strerror.lower()}"  # type: ignore[union-attr]


def test_a_folder_refused_as_permission_denied_is_still_not_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What Windows says when a folder is opened for reading.
    monkeypatch.setattr(Path, "read_bytes", _refuse(PermissionError(errno.EACCES, "Denied")))
    with pytest.raises(vaultroad.NotAFileError):
        vaultroad.load(tmp_path)


def test_invalid_utf8_is_a_decode_error_with_path_and_line(tmp_path: Path) -> None:
    target = tmp_path / "latin1.md"
    target.write_bytes(b"# Caf\xc3\xa9\n\n- [ ] Cr\xe8me\n")
    with pytest.raises(vaultroad.DecodeError) as caught:
        vaultroad.load(target)
    assert caught.value.path == str(target) and caught.value.line == 3


@pytest.mark.parametrize("path", [123, b"bytes.md", "nul\0in-name.md"])
def test_a_path_that_names_no_file_is_an_argument_error(path: object) -> None:
    with pytest.raises(vaultroad.ArgumentError):
        vaultroad.load(path)  # type: ignore[arg-type]


def test_text_that_is_not_str_is_an_argument_error_naming_the_path() -> None:
    with pytest.raises(vaultroad.ArgumentError) as caught:
        vaultroad.parse(b"- [ ] A\n", "a.md")  # type: ignore[arg-type]
    assert isinstance(caught.value, TypeError)
    assert caught.value.path == "a.md" and "load()" in str(caught.value)


@pytest.mark.parametrize(
    ("symbols", "fragment"),
    [({">": "later"}, "not one of todo, doing, done, skipped"), ({">>": "done"}, "one character")],
)
def test_bad_symbols_are_an_argument_error(symbols: dict[str, str], fragment: str) -> None:
    with pytest.raises(vaultroad.ArgumentError) as caught:
        vaultroad.parse("- [>] A\n", "a.md", symbols=symbols)
    assert isinstance(caught.value, ValueError)  # as `Status("later")` raised before
    assert caught.value.path == "a.md" and fragment in str(caught.value)


def test_load_takes_parse_options_by_name_only(tmp_path: Path) -> None:
    parameters = inspect.signature(vaultroad.load).parameters
    assert [(p.name, p.kind) for p in parameters.values()] == [
        ("path", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        ("key", inspect.Parameter.KEYWORD_ONLY),
        ("symbols", inspect.Parameter.KEYWORD_ONLY),
    ]
    target = tmp_path / "a.md"
    target.write_text("- [>] A\n", encoding="utf-8")
    roadmap = vaultroad.load(target, key="other", symbols={">": vaultroad.Status.DOING})
    assert next(roadmap.topics()).status is vaultroad.Status.DOING
    assert next(roadmap.topics()).id != next(vaultroad.load(target).topics()).id
    with pytest.raises(TypeError):
        # mypy --strict flags this line too (the ignore would be unused otherwise).
        vaultroad.load(target, colour="red")  # type: ignore[call-arg]


@pytest.mark.parametrize(
    "error",
    [
        vaultroad.NotFoundError(path="a.md"),
        vaultroad.DecodeError("invalid UTF-8", path="a.md", line=3, offset=9),
        vaultroad.ArgumentError("bad", path="a.md"),
        vaultroad.UnknownTopicError("no topic with id 'x'", path="a.md"),
    ],
)
def test_errors_survive_pickling_for_process_pools(error: vaultroad.VaultroadError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error) and str(copy) == str(error)
    assert vars(copy) == vars(error)
    if isinstance(error, OSError):
        assert isinstance(copy, OSError)
        assert (copy.errno, copy.filename) == (error.errno, error.filename)
