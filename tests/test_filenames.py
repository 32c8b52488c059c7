"""Note file names: safe everywhere, collision-free, never outside the vault."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultroad.filenames import (
    UnsafePathError,
    assign_note_paths,
    claim_note_path,
    fold_path,
    note_stem,
    resolve_inside,
)

FORBIDDEN = set('/\\:*?"<>|#^[]')


@pytest.mark.parametrize(
    ("title", "stem"),
    [
        ("Python: Basics", "Python - Basics"),
        ("CI/CD pipelines", "CI-CD pipelines"),
        ("[[Flask]] & Jinja", "Flask & Jinja"),
        ("What is #HTTP^2 | really?", "What is HTTP 2 really"),
        ('"Quotes" <and> *stars*', "Quotes and stars"),
        ("tab\tand\nnewline", "tab and newline"),
        ("  trailing dots...  ", "trailing dots"),
        (".hidden", "hidden"),
        ("..", "Untitled"),
        (".", "Untitled"),
        ("", "Untitled"),
        ("   ", "Untitled"),
        ("con", "con_"),
        ("CON.txt", "CON_"),
        ("nul ", "nul_"),
        ("COM1", "COM1_"),
        ("lpt9", "lpt9_"),
        ("COM¹", "COM¹_"),
        ("Console", "Console"),
        ("Cafe\u0301", "Caf\u00e9"),  # NFD in, NFC out
    ],
)
def test_note_stem(title: str, stem: str) -> None:
    assert note_stem(title) == stem


def test_long_titles_are_capped_in_bytes_without_breaking_characters() -> None:
    assert len(note_stem("x" * 500).encode()) == 120
    accents = "é" * 100  # 2 bytes each
    assert note_stem(accents) == "é" * 60
    decomposed = "e\u0301" * 100  # NFC turns each pair into one 2-byte é
    assert note_stem(decomposed) == "é" * 60
    family = "👨\u200d👩\u200d👧" * 20  # 18 bytes each: a ZWJ sequence is kept whole
    capped = note_stem(family)
    assert len(capped.encode()) <= 120
    assert capped == "👨\u200d👩\u200d👧" * (len(capped) // 5)
    combining = "a" + "\u0301\u0302" * 200
    assert len(note_stem(combining, max_bytes=10).encode()) <= 10


def test_case_and_normalization_twins_get_distinct_paths() -> None:
    paths = assign_note_paths(
        [
            ("1", "Topics/Plan", "Basics"),
            ("2", "Topics/Plan", "basics"),
            ("3", "Topics/Plan", "Caf\u00e9"),
            ("4", "Topics/Plan", "Cafe\u0301"),
            ("5", "Topics/Plan", "Basics 2"),  # the literal twin of a suffixed name
            ("6", "topics/PLAN", "Other"),
        ]
    )
    assert paths["1"] == "Topics/Plan/Basics.md"
    assert paths["2"] == "Topics/Plan/basics 2.md"
    assert paths["3"] == "Topics/Plan/Café.md"
    assert paths["4"] == "Topics/Plan/Café 2.md"
    assert paths["5"] == "Topics/Plan/Basics 2 2.md"
    assert len({fold_path(p) for p in paths.values()}) == len(paths)
    # deterministic
    assert paths == assign_note_paths(
        [
            ("1", "Topics/Plan", "Basics"),
            ("2", "Topics/Plan", "basics"),
            ("3", "Topics/Plan", "Caf\u00e9"),
            ("4", "Topics/Plan", "Cafe\u0301"),
            ("5", "Topics/Plan", "Basics 2"),
            ("6", "topics/PLAN", "Other"),
        ]
    )
    with pytest.raises(ValueError, match="duplicate key"):
        assign_note_paths([("1", "T", "a"), ("1", "T", "b")])


@pytest.mark.parametrize(
    "relative",
    [
        "../x.md",
        "/etc/passwd",
        "C:\\x.md",
        "C:x.md",
        "a/../../x.md",
        "a\\..\\..\\x.md",
        "//server/x.md",
    ],
)
def test_paths_leaving_the_vault_are_refused(tmp_path: Path, relative: str) -> None:
    with pytest.raises(UnsafePathError):
        resolve_inside(tmp_path, relative)


def test_symlinks_out_of_the_vault_are_refused_and_inside_allowed(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    outside = tmp_path / "outside"
    (vault / "Real").mkdir(parents=True)
    outside.mkdir()
    (vault / "Out").symlink_to(outside, target_is_directory=True)
    (vault / "In").symlink_to(vault / "Real", target_is_directory=True)
    with pytest.raises(UnsafePathError, match="symbolic link"):
        resolve_inside(vault, "Out/note.md")
    assert resolve_inside(vault, "In/note.md") == vault / "In" / "note.md"
    assert resolve_inside(vault, "New/Folder/note.md") == vault / "New" / "Folder" / "note.md"


def test_a_note_that_is_a_symlink_out_of_the_vault_is_refused(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / "Topics").mkdir(parents=True)
    (tmp_path / "secret.md").write_text("mine\n")
    (vault / "Topics" / "note.md").symlink_to(tmp_path / "secret.md")
    cache: dict[str, str] = {}
    assert resolve_inside(vault, "Topics/other.md", cache) == vault / "Topics" / "other.md"
    with pytest.raises(UnsafePathError, match="symbolic link"):
        resolve_inside(vault, "Topics/note.md", cache)  # the cached folder is no excuse


_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{p}{d}" for p in ("COM", "LPT") for d in "0123456789¹²³"
}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_title_gives_a_safe_idempotent_stem(title: str) -> None:
    stem = note_stem(title)
    assert stem
    assert not FORBIDDEN & set(stem)
    assert not any(unicodedata.category(c) == "Cc" for c in stem)
    assert stem[0] not in " ." and stem[-1] not in " ."
    assert stem.split(".")[0].upper() not in _RESERVED
    assert len(stem.encode("utf-8")) <= 120
    assert unicodedata.is_normalized("NFC", stem)
    assert note_stem(stem) == stem


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="aAbBéE\u0301 .:", max_size=6), max_size=12))
def test_assigned_paths_never_collide(titles: list[str]) -> None:
    paths = assign_note_paths([(str(i), "Topics/R", t) for i, t in enumerate(titles)])
    assert len({fold_path(p) for p in paths.values()}) == len(titles)


def test_twins_of_a_capped_title_get_distinct_names() -> None:
    taken: set[str] = set()
    long = "Custom Statuses " * 20
    paths = [claim_note_path("Topics/R", long, taken) for _ in range(3)]
    assert len({fold_path(p) for p in paths}) == 3
    assert paths[1].endswith(" 2.md") and paths[2].endswith(" 3.md")
    assert all(len(Path(p).stem.encode()) <= 120 for p in paths)
