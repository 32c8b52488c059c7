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


@pytest.mark.hook
def test_the_hook_blocks_a_malformed_checkbox_and_passes_once_fixed(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    head = git("rev-parse", "HEAD", cwd=ROOT, env=env)
    assert head.returncode == 0, f"the hook test needs a git checkout: {head.stderr}"
    repo = tmp_path / "notes"
    repo.mkdir()
    assert git("init", "-q", cwd=repo, env=env).returncode == 0
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {ROOT.as_posix()}\n"
        f"    rev: {head.stdout.strip()}\n"
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
