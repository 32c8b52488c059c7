"""The vault model: configuration, roadmap discovery and Obsidian's link resolution."""

from __future__ import annotations

import unicodedata
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultroad.config import ConfigError, VaultConfig, load_config
from vaultroad.model import Status
from vaultroad.vault import NameIndex, Vault, folded_stem, path_stem


def write(root: Path, relative: str, text: str = "- [ ] a\n") -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_zero_config_works(tmp_path: Path) -> None:
    assert load_config(tmp_path) == VaultConfig()


def test_config_values_are_read(tmp_path: Path) -> None:
    write(
        tmp_path,
        ".vaultroad.toml",
        'roadmaps = ["Plans/*.md"]\nnotes_folder = "Study"\nsummary = "Dash.md"\n'
        'stubs = false\n[symbols]\n">" = "doing"\n',
    )
    config = load_config(tmp_path)
    assert config.roadmaps == ("Plans/*.md",)
    assert config.notes_folder == "Study"
    assert config.summary == "Dash.md"
    assert config.stubs is False
    assert config.symbols == {">": Status.DOING}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('roadmap = ["x"]\n', "unknown key 'roadmap'"),
        ("roadmaps = 3\n", "roadmaps must be a list of glob strings"),
        ('notes_folder = "../out"\n', "notes_folder must stay inside the vault"),
        ('summary = "Progress.txt"\n', "summary must be a vault-relative note path"),
        ('stubs = "yes"\n', "stubs must be true or false"),
        ('[symbols]\n">" = "later"\n', "symbols: '>' maps to 'later'"),
        ("roadmaps = [\n", "invalid TOML"),
    ],
)
def test_bad_config_is_an_error_naming_the_key_and_file(
    tmp_path: Path, text: str, message: str
) -> None:
    write(tmp_path, ".vaultroad.toml", text)
    with pytest.raises(ConfigError, match=message) as caught:
        load_config(tmp_path)
    assert caught.value.path is not None and caught.value.path.endswith(".vaultroad.toml")


def test_roadmaps_by_glob_and_by_frontmatter_never_in_ignored_folders(tmp_path: Path) -> None:
    write(tmp_path, "Roadmaps/a.md")
    write(tmp_path, "Roadmaps/deep/b.md")
    write(tmp_path, "Inbox/c.md", "---\nvaultroad: roadmap\n---\n- [ ] c\n")
    write(tmp_path, "Inbox/d.md", "---\ntitle: no\n---\n- [ ] d\n")
    write(tmp_path, ".obsidian/e.md", "---\nvaultroad: roadmap\n---\n")
    write(tmp_path, ".trash/f.md", "---\nvaultroad: roadmap\n---\n")
    write(tmp_path, "Roadmaps/.git/g.md")
    write(tmp_path, "Topics/h.md", "---\nvaultroad: roadmap\n---\n")
    vault = Vault.open(tmp_path)
    found = [vault.relative(p) for p in vault.roadmap_paths()]
    assert found == ["Inbox/c.md", "Roadmaps/a.md", "Roadmaps/deep/b.md"]


def test_open_refuses_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="not a folder"):
        Vault.open(tmp_path / "nope")


def index_of(*paths: str) -> NameIndex:
    index = NameIndex()
    for path in paths:
        index.add(PurePosixPath(path))
    return index


def test_links_resolve_like_obsidian() -> None:
    index = index_of("Python.md", "Lang/Python.md", "Topics/Flask.md", "A/B/Django.md")
    assert index.resolve("python") == PurePosixPath("Python.md")  # least nested wins
    assert index.resolve("Lang/Python") == PurePosixPath("Lang/Python.md")
    assert index.resolve("flask.md") == PurePosixPath("Topics/Flask.md")
    assert index.resolve("B/Django") == PurePosixPath("A/B/Django.md")
    assert index.resolve("C/Django") is None
    assert index.resolve("Rust") is None
    # composed and decomposed accents are one name
    accents = index_of("Caf\u00e9.md")
    assert accents.resolve("Cafe\u0301") == PurePosixPath("Caf\u00e9.md")
    index.add_alias("Py", PurePosixPath("Python.md"))
    assert index.resolve("py") == PurePosixPath("Python.md")


def test_aliases_resolve_links_outside_the_notes_folder(tmp_path: Path) -> None:
    write(tmp_path, "People/Guido van Rossum.md", "---\naliases: [Guido, BDFL]\n---\nhi\n")
    write(tmp_path, "Topics/Mine.md", "---\naliases:\n  - Theirs\n---\n")
    vault = Vault.open(tmp_path)
    assert vault.name_index().resolve("guido") is None
    index = vault.name_index(aliases=True)
    assert index.resolve("guido") == PurePosixPath("People/Guido van Rossum.md")
    assert index.resolve("bdfl") == PurePosixPath("People/Guido van Rossum.md")
    assert index.resolve("Theirs") is None


def test_an_index_of_some_stems_resolves_their_names_as_a_full_one(tmp_path: Path) -> None:
    for relative in (
        "Python.md",
        "Lang/Python.md",
        "Lang/python.md.md",
        "Topics/Flask.md",
        "A/B/Django.md",
        "Caf\u00e9.md",
        "People/Guido.md",
    ):
        write(tmp_path, relative, "---\naliases: [BDFL]\n---\n" if "Guido" in relative else "x\n")
    vault = Vault.open(tmp_path)
    full = vault.name_index(aliases=True)
    targets = ["python", "Lang/Python", "python.md", "flask", "B/Django", "Cafe\u0301", "bdfl"]
    for target in targets:
        stem = target.strip().removesuffix(".md").casefold().split("/")[-1]
        some = vault.name_index(aliases=True, stems={unicodedata.normalize("NFC", stem)})
        assert some.resolve(target) == full.resolve(target), target
    # Only the notes of those stems are held.
    assert vault.name_index(stems={"python"}).paths == [
        PurePosixPath("Python.md"),
        PurePosixPath("Lang/Python.md"),
    ]


@given(
    st.lists(
        st.sampled_from(["a", "b.md", ".", "..", "", ".md", "x.", "é.tar.gz", " "]), max_size=4
    )
)
def test_path_stem_is_pathlibs_stem(parts: list[str]) -> None:
    path = "/".join(parts)
    assert path_stem(path) == PurePosixPath(path).stem
    assert folded_stem(path) == unicodedata.normalize("NFC", PurePosixPath(path).stem).casefold()
