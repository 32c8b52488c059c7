"""The command line, driven through click's CliRunner on copies of the sample vault."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import vaultroad
from faults_support import sample_vault
from vaultroad.cli import main

VAULT = Path(__file__).resolve().parents[1] / "vault"
CHECKLIST = "Python Backend Developer Complete Checklist.md"
OUTLINE = "Python Backend Developer Roadmap.md"


@pytest.fixture(autouse=True)
def cache_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the CLI's tree cache out of the home folder, shared by this module's tests."""
    directory = tmp_path_factory.getbasetemp() / "cli-cache"
    monkeypatch.setenv("VAULTROAD_CACHE_DIR", str(directory))
    monkeypatch.delenv("VAULTROAD_NO_CACHE", raising=False)
    return directory


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return sample_vault(tmp_path / "vault")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_tree_prints_sections_topics_and_ids() -> None:
    code, out, _ = run("tree", str(VAULT / "Roadmaps" / OUTLINE))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Python Backend Developer Roadmap  (0/97 finished)"
    assert "        § 1.1 Internet Fundamentals  (0/4)" in lines
    domain = next(line for line in lines if "Domain names & DNS resolution" in line)
    assert domain.strip().startswith("[ ] Domain names & DNS resolution  #")


def test_tree_json_has_the_documented_fields() -> None:
    code, out, _ = run("tree", "--json", str(VAULT / "Roadmaps" / CHECKLIST))
    assert code == 0
    data = json.loads(out)
    assert data["schema"] == "vaultroad.tree/1"
    assert data["progress"]["total"] == 746

    def topics(nodes: list[dict[str, object]]) -> list[dict[str, object]]:
        found: list[dict[str, object]] = []
        for node in nodes:
            if node["type"] == "topic":
                found.append(node)
            children = node["children"]
            assert isinstance(children, list)
            found.extend(topics(children))
        return found

    first = topics(data["children"])[0]
    for field in ("id", "title", "status", "marker", "line", "estimate", "children"):
        assert field in first
    assert (first["title"], first["status"], first["marker"], first["line"]) == (
        "Installing Python (latest version)",
        "done",
        "[ ✓ ]",
        12,
    )
    raw = (VAULT / "Roadmaps" / CHECKLIST).read_bytes()
    span = first["span"]
    assert isinstance(span, list)
    assert raw[span[0] : span[1]].decode() == "[ ✓ ]"


def test_tree_of_a_missing_file_names_it_and_exits_1(tmp_path: Path) -> None:
    missing = tmp_path / "nope.md"
    code, _, err = run("tree", str(missing))
    assert code == 1
    assert str(missing) in err


def test_invalid_utf8_is_an_error_with_path_line_and_byte(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"# T\n- [ ] ok\n- [ ] caf\xe9\n")
    code, _, err = run("tree", str(bad))
    assert code == 1
    assert f"{bad}:3: invalid UTF-8 at byte 22 (b'\\xe9')" in err


def test_status_shows_every_roadmap_with_bar_and_time_left() -> None:
    code, out, _ = run("status", str(VAULT))
    assert code == 0
    assert "Complete Python Backend Developer Roadmap (2025)" in out
    assert "12/746" in out
    assert "left" in out and "█" not in out.splitlines()[1][:3]


def test_status_json() -> None:
    code, out, _ = run("status", "--json", str(VAULT))
    assert code == 0
    data = json.loads(out)
    assert data["schema"] == "vaultroad.status/1"
    titles = {r["title"]: r["progress"]["finished"] for r in data["roadmaps"]}
    assert titles["Python Backend Developer — Complete Checklist (0 to Very Advanced)"] == 12
    assert len(data["roadmaps"]) == 5


def test_status_ignores_obsidian_trash_and_git_folders(vault: Path) -> None:
    for hidden in (".obsidian", ".trash"):
        (vault / "Roadmaps" / hidden).mkdir()
        (vault / "Roadmaps" / hidden / "x.md").write_text("- [ ] hidden\n", encoding="utf-8")
    code, out, _ = run("status", "--json", str(vault))
    assert code == 0
    assert len(json.loads(out)["roadmaps"]) == 5


def test_mark_by_title_changes_only_the_marker_bytes(vault: Path) -> None:
    path = vault / "Roadmaps" / CHECKLIST
    before = path.read_bytes()
    code, out, _ = run("mark", "--in", str(vault), "`datetime` module", "done")
    assert code == 1  # titles are plain text: backticks are not part of them
    code, out, err = run("mark", "--in", str(vault), "datetime module (datetime", "done")
    assert code == 0, err
    assert "todo → done" in out
    after = path.read_bytes()
    old_line = b"- [ ] `datetime` module (`datetime`, `date`, `time`, `timedelta`)"
    new_line = "- [ ✓ ] `datetime` module (`datetime`, `date`, `time`, `timedelta`)".encode()
    assert after == before.replace(old_line, new_line, 1)


def test_mark_by_id_in_a_pseudo_bullet_inserts_a_glyph(vault: Path) -> None:
    path = vault / "Roadmaps" / OUTLINE
    roadmap = vaultroad.load(path)
    topic = next(t for t in roadmap.topics() if t.title == "Domain names & DNS resolution")
    code, _, err = run("mark", "--in", str(path), topic.id, "done")
    assert code == 0, err
    assert b"&nbsp;&nbsp;- \xe2\x9c\x85 Domain names & DNS resolution  \n" in path.read_bytes()
    code, _, err = run("mark", "--in", str(path), topic.id, "todo")
    assert code == 0, err
    assert path.read_bytes() == (VAULT / "Roadmaps" / OUTLINE).read_bytes()


def test_mark_dry_run_and_no_op_leave_the_file_untouched(vault: Path) -> None:
    path = vault / "Roadmaps" / CHECKLIST
    os.utime(path, (1_000_000, 1_000_000))
    code, out, _ = run("mark", "--in", str(path), "--dry-run", "Nested conditions", "doing")
    assert code == 0
    assert "- - [ ] Nested conditions" in out and "+ - [/] Nested conditions" in out
    code, out, _ = run("mark", "--in", str(path), "Installing Python", "done")
    assert code == 0 and "already done" in out
    assert path.stat().st_mtime == 1_000_000
    assert path.read_bytes() == (VAULT / "Roadmaps" / CHECKLIST).read_bytes()


def test_mark_ambiguous_or_unknown_query_exits_1(vault: Path) -> None:
    code, _, err = run("mark", "--in", str(vault), "pip install", "done")
    assert code == 1
    assert "2 topics match 'pip install'; use an id:" in err
    code, _, err = run("mark", "--in", str(vault), "no such topic at all", "done")
    assert code == 1
    assert "no topic matches" in err


def test_mark_rejects_an_unknown_status_as_usage_error(vault: Path) -> None:
    code, _, err = run("mark", "--in", str(vault), "Lists", "finished")
    assert code == 2
    assert "'finished' is not one of" in err


def test_help_explains_commands_and_exit_codes() -> None:
    code, out, _ = run("--help")
    assert code == 0
    assert "Exit codes" in out
    for command in ("tree", "status", "mark"):
        assert command in out


def test_version_prints_the_package_version_and_runs_no_command() -> None:
    code, out, _ = run("--version", "tree")
    assert code == 0
    assert out == f"vaultroad, version {vaultroad.__version__}\n"


def test_python_dash_m_runs_the_cli(cache_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "vaultroad", "tree", "--no-ids", str(VAULT / "Roadmaps" / OUTLINE)],
        capture_output=True,
        check=False,
        env={**os.environ, "VAULTROAD_CACHE_DIR": str(cache_dir)},
    )
    assert result.returncode == 0
    assert result.stdout.decode().startswith("Python Backend Developer Roadmap  (0/97 finished)")


def test_check_fix_with_a_read_only_file_writes_none_of_the_fixes(tmp_path: Path) -> None:
    # `- [ x]` is a fixable look-alike box; the read-only file is refused
    # before the first write, so the set of files is never half fixed.
    writable = tmp_path / "a.md"
    locked = tmp_path / "b.md"
    writable.write_bytes(b"- [ x] one\n")
    locked.write_bytes(b"- [ x] two\n")
    locked.chmod(0o444)
    result = CliRunner().invoke(main, ["check", "--fix", str(writable), str(locked)])
    assert result.exit_code == 1
    assert "read-only" in result.output and str(locked) in result.output
    assert "Traceback" not in result.output
    assert writable.read_bytes() == b"- [ x] one\n"
    assert locked.read_bytes() == b"- [ x] two\n"
    locked.chmod(0o644)
    result = CliRunner().invoke(main, ["check", "--fix", str(writable), str(locked)])
    assert result.exit_code == 0, result.output
    assert writable.read_bytes() == b"- [x] one\n"


def test_mark_refuses_a_read_only_roadmap(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_bytes(b"- [ ] one\n")
    path.chmod(0o444)
    inode = path.stat().st_ino
    result = CliRunner().invoke(main, ["mark", "one", "done", "--in", str(path)])
    assert result.exit_code == 1
    assert "read-only" in result.output and "Traceback" not in result.output
    assert path.read_bytes() == b"- [ ] one\n" and path.stat().st_ino == inode
