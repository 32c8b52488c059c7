"""The pre-commit hook, installed by pre-commit itself from this checkout into a scratch repo.

pre-commit clones this repository at HEAD, builds vaultroad into its own
virtual environment from `.pre-commit-hooks.yaml`, and runs `vaultroad
check` on the staged Markdown when `git commit` runs. It needs git and the
package index, and takes a few tens of seconds; it runs in CI like every
other test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*argv: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def git(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run("git", *args, cwd=cwd, env=env)


def hook_env(tmp_path: Path) -> dict[str, str]:
    """An environment where pre-commit and git touch nothing outside `tmp_path`."""
    return {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }


def checkout_head(env: dict[str, str]) -> str:
    """The commit of this checkout, which pre-commit installs the hooks from."""
    head = git("rev-parse", "HEAD", cwd=ROOT, env=env)
    assert head.returncode == 0, f"the hook test needs a git checkout: {head.stderr}"
    return head.stdout.strip()


@pytest.mark.hook
def test_the_hook_blocks_a_malformed_checkbox_and_passes_once_fixed(tmp_path: Path) -> None:
    env = hook_env(tmp_path)
    rev = checkout_head(env)
    repo = tmp_path / "notes"
    repo.mkdir()
    assert git("init", "-q", cwd=repo, env=env).returncode == 0
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {ROOT.as_posix()}\n"
        f"    rev: {rev}\n"
        "    hooks:\n"
        "      - id: vaultroad-check\n",
        encoding="utf-8",
    )
    install = run(sys.executable, "-m", "pre_commit", "install", cwd=repo, env=env)
    assert install.returncode == 0, install.stdout + install.stderr
    plan = repo / "Plan.md"
    plan.write_bytes(b"# Plan\n\n- [] Learn Python\n- [x] Install it\n")
    git("add", "-A", cwd=repo, env=env)

    blocked = git("commit", "-q", "-m", "plan", cwd=repo, env=env)

    assert blocked.returncode != 0, blocked.stdout + blocked.stderr
    assert "Plan.md:3:3: VR101 malformed checkbox '[]'" in blocked.stdout + blocked.stderr
    assert git("rev-parse", "HEAD", cwd=repo, env=env).returncode != 0  # nothing committed

    fixed = run(sys.executable, "-m", "vaultroad", "check", "--fix", "Plan.md", cwd=repo, env=env)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert plan.read_bytes() == b"# Plan\n\n- [ ] Learn Python\n- [x] Install it\n"
    git("add", "-A", cwd=repo, env=env)

    passed = git("commit", "-q", "-m", "plan", cwd=repo, env=env)

    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert git("rev-parse", "HEAD", cwd=repo, env=env).returncode == 0


@pytest.mark.hook
def test_the_sync_hook_commits_a_status_change_in_one_go_in_a_subfolder_vault(
    tmp_path: Path,
) -> None:
    """The README's config (check, then `sync --stage`, fail_fast): the vault is a
    subfolder of the repository; the first commit carries the new notes, a status
    change commits in one go, and a malformed box blocks the commit with no note made."""
    env = hook_env(tmp_path)
    rev = checkout_head(env)
    repo = tmp_path / "repo"
    vault = repo / "notes"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "Roadmaps").mkdir()
    roadmap = vault / "Roadmaps" / "Plan.md"
    roadmap.write_text("- [ ] Learn Python\n- [ ] Write tests\n", encoding="utf-8")
    assert git("init", "-q", cwd=repo, env=env).returncode == 0
    (repo / ".pre-commit-config.yaml").write_text(
        "fail_fast: true\n"
        "repos:\n"
        f"  - repo: {ROOT.as_posix()}\n"
        f"    rev: {rev}\n"
        "    hooks:\n"
        "      - id: vaultroad-check\n"
        "      - id: vaultroad-sync\n",
        encoding="utf-8",
    )
    install = run(sys.executable, "-m", "pre_commit", "install", cwd=repo, env=env)
    assert install.returncode == 0, install.stdout + install.stderr

    git("add", "-A", cwd=repo, env=env)
    first = git("commit", "-q", "-m", "plan", cwd=repo, env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    tracked = git("ls-files", cwd=repo, env=env).stdout.splitlines()
    assert "notes/Progress.md" in tracked and "notes/Topics/Plan/Learn Python.md" in tracked
    assert not any(name.startswith("notes/.vaultroad/") for name in tracked)

    roadmap.write_text("- [x] Learn Python\n- [ ] Write tests\n", encoding="utf-8")
    git("add", "-A", cwd=repo, env=env)
    second = git("commit", "-q", "-m", "done", cwd=repo, env=env)
    assert second.returncode == 0, second.stdout + second.stderr
    assert git("status", "--porcelain", cwd=repo, env=env).stdout == ""
    note = (vault / "Topics" / "Plan" / "Learn Python.md").read_text(encoding="utf-8")
    assert "status: done" in note

    roadmap.write_text(
        "- [x] Learn Python\n- [ ] Write tests\n- [ x] Another bad one\n", encoding="utf-8"
    )
    git("add", "-A", cwd=repo, env=env)
    blocked = git("commit", "-q", "-m", "bad", cwd=repo, env=env)
    assert blocked.returncode != 0
    assert "VR101" in blocked.stdout + blocked.stderr
    assert not list((vault / "Topics").rglob("*Another bad one*.md"))

    fix = run(sys.executable, "-m", "vaultroad", "check", "--fix", str(roadmap), cwd=repo, env=env)
    assert fix.returncode == 0, fix.stdout + fix.stderr
    git("add", "-A", cwd=repo, env=env)
    fixed = git("commit", "-q", "-m", "fixed", cwd=repo, env=env)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    notes = sorted(p.name for p in (vault / "Topics" / "Plan").glob("*.md"))
    assert notes == ["Another bad one.md", "Learn Python.md", "Write tests.md"]  # no orphan
    assert git("status", "--porcelain", cwd=repo, env=env).stdout == ""


@pytest.mark.hook
def test_the_sync_hook_in_a_repository_without_a_vault_writes_nothing(tmp_path: Path) -> None:
    env = hook_env(tmp_path)
    rev = checkout_head(env)
    repo = tmp_path / "repo"
    repo.mkdir()
    assert git("init", "-q", cwd=repo, env=env).returncode == 0
    (repo / "README.md").write_text("# Notes\n\nJust text.\n", encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {ROOT.as_posix()}\n"
        f"    rev: {rev}\n"
        "    hooks:\n"
        "      - id: vaultroad-sync\n",
        encoding="utf-8",
    )
    install = run(sys.executable, "-m", "pre_commit", "install", cwd=repo, env=env)
    assert install.returncode == 0, install.stdout + install.stderr
    git("add", "-A", cwd=repo, env=env)
    blocked = git("commit", "-q", "-m", "readme", cwd=repo, env=env)
    assert blocked.returncode != 0  # nothing to sync is said, not passed over
    assert "no roadmaps found" in blocked.stdout + blocked.stderr
    assert sorted(p.name for p in repo.iterdir()) == [
        ".git",
        ".pre-commit-config.yaml",
        "README.md",
    ]
