"""`check` of files named inside a vault: VR404 (no topics) only for the vault's
roadmaps, and the vault's roadmaps looked for only when a file has no topics.

Pre-commit passes the staged files one by one; finding every roadmap of the
vault (its globs, and the frontmatter of every note) for each run would make
the hook's cost grow with the vault, for an answer only a file with nothing
to tick off needs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import vaultroad
from vaultroad.vault import Vault

NO_TOPICS = "# Notes\n\nOnly prose here.\n"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    (root / "Roadmaps").mkdir()
    (root / "Notes").mkdir()
    (root / "Roadmaps" / "Python.md").write_text("- [ ] Syntax\n- [x] Types\n", encoding="utf-8")
    (root / "Roadmaps" / "Empty.md").write_text(NO_TOPICS, encoding="utf-8")
    (root / "Notes" / "Plain.md").write_text(NO_TOPICS, encoding="utf-8")
    (root / "Notes" / "Declared.md").write_text(
        "---\nvaultroad: roadmap\n---\n" + NO_TOPICS, encoding="utf-8"
    )
    return root


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("Roadmaps/Python.md", []),
        ("Roadmaps/Empty.md", ["VR404"]),  # a roadmap by the vault's globs
        ("Notes/Declared.md", ["VR404"]),  # a roadmap by its frontmatter
        ("Notes/Plain.md", []),  # a note: having no topics is no fault of it
    ],
)
def test_no_topics_is_a_fault_of_the_vaults_roadmaps_only(
    vault: Path, name: str, codes: list[str]
) -> None:
    assert [problem.code for problem in vaultroad.check(vault / name)] == codes


def test_a_file_outside_any_vault_is_a_roadmap(tmp_path: Path) -> None:
    path = tmp_path / "Plain.md"
    path.write_text(NO_TOPICS, encoding="utf-8")
    assert [problem.code for problem in vaultroad.check(path)] == ["VR404"]


def test_the_vaults_roadmaps_are_looked_for_only_for_a_file_without_topics(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    walks: list[Path] = []
    discover = Vault.discover

    def counting(self: Vault) -> object:
        walks.append(self.root)
        return discover(self)

    monkeypatch.setattr(Vault, "discover", counting)
    assert vaultroad.check(vault / "Roadmaps" / "Python.md") == []
    assert walks == []
    # Several files without topics: the vault is walked once for them all.
    problems = vaultroad.check([vault / "Notes" / "Plain.md", vault / "Roadmaps" / "Empty.md"])
    assert [(Path(p.path).name, p.code) for p in problems] == [("Empty.md", "VR404")]
    assert len(walks) == 1
