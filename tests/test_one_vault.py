"""Every command sees the same vault (issue 10): one way to turn paths into roadmaps
(targets.py), used by `sync`, `check`, `status`, `mark`, `tree` and the library.

One test per finding of the issue; each failed before the change."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import vaultroad
from vaultroad.cli import main


def cli(*args: str, cwd: Path | None = None) -> Result:
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args))
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, list(args))
    finally:
        os.chdir(old)


@pytest.fixture
def custom(tmp_path: Path) -> Path:
    """A vault with its own globs, a custom symbol and a roadmap declared by frontmatter."""
    vault = tmp_path / "v"
    (vault / "Plans").mkdir(parents=True)
    (vault / "Roadmaps").mkdir()
    (vault / "Notes").mkdir()
    (vault / ".vaultroad.toml").write_text(
        'roadmaps = ["Plans/*.md"]\n[symbols]\n"?" = "done"\n', encoding="utf-8"
    )
    (vault / "Plans" / "p.md").write_text("- [?] p1\n- [ ] p2\n", encoding="utf-8")
    (vault / "Roadmaps" / "r.md").write_text("- [ ] not a roadmap here\n", encoding="utf-8")
    (vault / "Notes" / "declared.md").write_text(
        "---\nvaultroad: roadmap\n---\n- [x] d1\n", encoding="utf-8"
    )
    return vault


def test_every_command_sees_the_same_roadmaps_and_statuses(custom: Path) -> None:
    status = cli("status", "--json", str(custom))
    assert status.exit_code == 0, status.output
    rows = {Path(r["path"]).name: r["progress"] for r in json.loads(status.output)["roadmaps"]}
    assert set(rows) == {"p.md", "declared.md"}  # not Roadmaps/r.md: the globs say Plans/
    assert rows["p.md"]["done"] == 1  # `[?]` is done by the vault's [symbols]
    tree = cli("tree", "--json", str(custom / "Plans" / "p.md"))
    statuses = [t["status"] for t in json.loads(tree.output)["children"]]
    assert statuses == ["done", "todo"]
    sync = cli("sync", str(custom))
    assert sync.exit_code == 0, sync.output
    summary = (custom / "Progress.md").read_text(encoding="utf-8")
    assert "Roadmaps/r" not in summary and "not a roadmap here" not in summary
    check = cli("check", "--json", str(custom))
    assert check.exit_code == 0, check.output
    assert json.loads(check.output)["files"] == 2
    mark = cli("mark", "p2", "done", "--in", str(custom))
    assert mark.exit_code == 0, mark.output
    assert (custom / "Plans" / "p.md").read_text(encoding="utf-8") == "- [?] p1\n- [?] p2\n"


def test_a_bad_config_fails_every_command_with_the_same_message(custom: Path) -> None:
    (custom / ".vaultroad.toml").write_text("roadmap = 3\n", encoding="utf-8")
    runs = {
        "sync": cli("sync", str(custom)),
        "check": cli("check", str(custom)),
        "status": cli("status", str(custom)),
        "mark": cli("mark", "p1", "todo", "--in", str(custom)),
        "tree": cli("tree", str(custom / "Plans" / "p.md")),
    }
    messages = set()
    for command, result in runs.items():
        assert result.exit_code == 1, (command, result.output)
        messages.add(result.output.strip().splitlines()[-1])
    assert len(messages) == 1, messages
    assert "unknown key 'roadmap'" in messages.pop()


def test_mark_fixes_a_malformed_box_instead_of_adding_a_second(tmp_path: Path) -> None:
    plan = tmp_path / "plan.md"
    plan.write_text("- [] bad\n- [ ] good\n", encoding="utf-8")
    result = cli("mark", "bad", "done", "--in", str(plan))
    assert result.exit_code == 0, result.output
    assert plan.read_text(encoding="utf-8") == "- [x] bad\n- [ ] good\n"
    assert "fixed the checkbox" in result.output


def test_check_of_a_folder_that_is_not_a_vault_checks_its_markdown(tmp_path: Path) -> None:
    folder = tmp_path / "v" / "Roadmaps"
    folder.mkdir(parents=True)
    (folder / "r.md").write_text("- [] x\n", encoding="utf-8")
    result = cli("check", "Roadmaps", cwd=tmp_path / "v")
    assert result.exit_code == 1
    assert result.output.startswith(str(Path("Roadmaps") / "r.md") + ":1:3: VR101")


@pytest.mark.parametrize("name", ["empty", "dir.md"])
def test_check_that_finds_nothing_to_check_warns_and_fails(tmp_path: Path, name: str) -> None:
    (tmp_path / name).mkdir()
    result = cli("check", name, cwd=tmp_path)
    assert result.exit_code == 1
    assert "nothing checked" in result.output and "All checks passed" not in result.output


def test_check_passes_over_vaultroads_own_notes_as_pre_commit_hands_them(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    (vault / "Roadmaps").mkdir(parents=True)
    (vault / "Roadmaps" / "r.md").write_text("- [ ] a\n", encoding="utf-8")
    assert cli("sync", str(vault)).exit_code == 0
    notes = [str(p) for p in (vault / "Topics").rglob("*.md")] + [str(vault / "Progress.md")]
    result = cli("check", *notes)
    assert result.exit_code == 0, result.output
    assert "notes passed over" in result.output


def test_sync_without_roadmaps_writes_nothing_and_fails(tmp_path: Path) -> None:
    result = cli("sync", str(tmp_path))
    assert result.exit_code == 1
    assert "no roadmaps found" in result.output
    assert list(tmp_path.iterdir()) == []


def test_sync_finds_the_vault_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    vault = tmp_path / "notes"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "Roadmaps").mkdir()
    (vault / "Roadmaps" / "r.md").write_text("- [ ] a\n", encoding="utf-8")
    result = cli("sync", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert (vault / "Progress.md").is_file() and not (tmp_path / "Progress.md").exists()
    assert str(Path("notes") / "Progress.md") in result.output


def test_diff_never_writes_and_pending_changes_fail_a_dry_run(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    (vault / "Roadmaps").mkdir(parents=True)
    (vault / "Roadmaps" / "r.md").write_text("- [ ] a\n", encoding="utf-8")
    shown = cli("sync", "--diff", str(vault))
    assert shown.exit_code == 1 and "+++" in shown.output
    assert sorted(p.name for p in vault.iterdir()) == ["Roadmaps"]
    dry = cli("sync", "--dry-run", "--json", str(vault))
    data = json.loads(dry.output)
    assert dry.exit_code == 1 and data["in_sync"] is False and data["pending"] is True
    written = cli("sync", str(vault))
    assert written.exit_code == 0
    assert f"created {vault / 'Progress.md'}" in written.output
    clean = cli("sync", "--dry-run", "--json", str(vault))
    assert clean.exit_code == 0 and json.loads(clean.output)["in_sync"] is True


def test_plain_sync_output_names_progress_md_when_it_changes(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    (vault / "Roadmaps").mkdir(parents=True)
    roadmap = vault / "Roadmaps" / "r.md"
    roadmap.write_text("- [ ] a\n- [ ] b\n", encoding="utf-8")
    assert cli("sync", str(vault)).exit_code == 0
    roadmap.write_text("- [x] a\n- [ ] b\n", encoding="utf-8")
    result = cli("sync", str(vault))
    assert f"updated {vault / 'Progress.md'}" in result.output


def test_the_state_folder_ignores_itself_in_git(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    (vault / "Roadmaps").mkdir(parents=True)
    (vault / "Roadmaps" / "r.md").write_text("- [ ] a\n", encoding="utf-8")
    assert cli("sync", str(vault)).exit_code == 0
    assert (vault / ".vaultroad" / ".gitignore").read_text(encoding="utf-8").endswith("*\n")


def test_check_explain_keeps_the_spaces_inside_code(tmp_path: Path) -> None:
    result = cli("check", "--explain", "VR101")
    assert "`[  ]`" in result.output  # two spaces: the malformed box, not `[ ]`


def test_library_check_takes_one_path_or_many(tmp_path: Path) -> None:
    plan = tmp_path / "plan.md"
    plan.write_text("- [] x\n", encoding="utf-8")
    assert [p.code for p in vaultroad.check(str(plan))] == ["VR101"]
    assert [p.code for p in vaultroad.check(plan)] == ["VR101"]
    assert [p.code for p in vaultroad.check([plan])] == ["VR101"]


def test_vault_reads_its_roadmaps_and_topics_with_its_settings(custom: Path) -> None:
    vault = vaultroad.Vault.open(custom)
    assert sorted(r.title for r in vault.roadmaps()) == ["declared", "p"]
    assert {t.title: t.status.value for t in vault.topics()} == {
        "p1": "done",  # `[?]` by the vault's [symbols]
        "p2": "todo",
        "d1": "done",
    }


def test_check_shows_paths_as_given_for_folders_and_files_alike(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    (vault / "Roadmaps").mkdir(parents=True)
    (vault / "Roadmaps" / "r.md").write_text("- [] x\n", encoding="utf-8")
    expected = str(Path("v") / "Roadmaps" / "r.md") + ":1:3: VR101"
    by_folder = cli("check", "v", cwd=tmp_path)
    by_file = cli("check", str(Path("v") / "Roadmaps" / "r.md"), cwd=tmp_path)
    assert by_folder.output.startswith(expected), by_folder.output
    assert by_file.output.startswith(expected), by_file.output
