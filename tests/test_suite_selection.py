"""The default run is the fast one; `VAULTROAD_FULL=1` (what `.ci/run` sets) runs everything.

CI and a contributor type the same command, `python -m pytest`, so the only
thing between "under 90 s" and "everything CI checks" is the selection in
`conftest.py`. These tests run pytest in a child process on a scratch folder
holding a copy of our `conftest.py` and `budget.py` and a few marked tests,
so removing or breaking that selection fails them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

import pytest

from conftest import (
    CORPUS_STRIDE,
    corpus_files,
    pytest_generate_tests,
    real_roadmap_files,
    seed_files,
)

TESTS = Path(__file__).resolve().parent

SCRATCH_TESTS = """
import pytest


def test_plain():
    pass


@pytest.mark.slow
def test_slow():
    pass


@pytest.mark.hook
def test_hook():
    pass


@pytest.mark.parametrize("n", [1, pytest.param(2, marks=pytest.mark.slow)])
def test_some_slow(n):
    pass
"""

INI = """[pytest]
addopts = -p no:cacheprovider
markers =
    slow: as in pyproject.toml
    hook: as in pyproject.toml
"""


def clean_env() -> dict[str, str]:
    """This environment without the run variables: the outer run may itself be CI's
    full run, and each child must start from the default."""
    return {k: v for k, v in os.environ.items() if k not in ("VAULTROAD_FULL", "VAULTROAD_LONG")}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("selection")
    for name in ("conftest.py", "budget.py"):
        shutil.copy(TESTS / name, folder / name)
    (folder / "pytest.ini").write_text(INI, encoding="utf-8")
    (folder / "test_marked.py").write_text(SCRATCH_TESTS, encoding="utf-8")
    return folder


def run_pytest(
    folder: Path, *args: str, env: dict[str, str] | None = None
) -> tuple[int, set[str], str]:
    """Exit code, names of the tests that passed, and the output."""
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-rA", *args],
        cwd=folder,
        # No third-party plugins: the scratch tests need none, and each child starts faster.
        env={**clean_env(), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )
    passed = {
        line.removeprefix("PASSED ").split("::", 1)[1]
        for line in run.stdout.splitlines()
        if line.startswith("PASSED ")
    }
    return run.returncode, passed, run.stdout + run.stderr


def test_the_default_run_deselects_slow_and_hook_tests_and_says_so(scratch: Path) -> None:
    code, passed, output = run_pytest(scratch)
    assert code == 0, output
    assert passed == {"test_plain", "test_some_slow[1]"}, output
    assert "3 slow tests deselected" in output, output
    assert "VAULTROAD_FULL=1" in output, output


def test_vaultroad_full_runs_everything(scratch: Path) -> None:
    code, passed, output = run_pytest(scratch, env={"VAULTROAD_FULL": "1"})
    assert code == 0, output
    assert passed == {
        "test_plain",
        "test_slow",
        "test_hook",
        "test_some_slow[1]",
        "test_some_slow[2]",
    }, output
    assert "deselected" not in output, output


def test_vaultroad_full_0_is_the_default_run(scratch: Path) -> None:
    _, passed, output = run_pytest(scratch, env={"VAULTROAD_FULL": "0"})
    assert passed == {"test_plain", "test_some_slow[1]"}, output


def test_the_long_run_is_a_full_run(scratch: Path) -> None:
    _, passed, output = run_pytest(scratch, env={"VAULTROAD_LONG": "1"})
    assert "test_slow" in passed and "test_hook" in passed, output


def test_an_explicit_marker_expression_wins(scratch: Path) -> None:
    code, passed, output = run_pytest(scratch, "-m", "slow")
    assert code == 0, output
    assert passed == {"test_slow", "test_some_slow[2]"}, output


def test_a_test_named_by_node_id_runs_even_if_slow(scratch: Path) -> None:
    code, passed, output = run_pytest(scratch, "test_marked.py::test_slow")
    assert code == 0, output
    assert passed == {"test_slow"}, output
    code, passed, output = run_pytest(scratch, "test_marked.py::test_some_slow[2]")
    assert code == 0, output
    assert passed == {"test_some_slow[2]"}, output


def test_a_file_argument_keeps_the_default_selection(scratch: Path) -> None:
    _, passed, output = run_pytest(scratch, "test_marked.py")
    assert passed == {"test_plain", "test_some_slow[1]"}, output


class RecordingMetafunc:
    """What `pytest_generate_tests` uses of a `pytest.Metafunc`, recording the parameters."""

    fixturenames = ("seed_or_corpus_path",)

    def __init__(self) -> None:
        self.params: list[Any] = []

    def parametrize(self, name: str, params: list[Any], *, indirect: bool) -> None:
        assert name == "seed_or_corpus_path" and indirect
        self.params = params


def test_per_file_tests_take_every_seed_and_real_roadmap_and_a_corpus_sample() -> None:
    """The fast run keeps the seeds, the real roadmaps and one corpus file in
    CORPUS_STRIDE; the rest of the corpus is marked slow (for the full run), not dropped."""
    metafunc = RecordingMetafunc()
    pytest_generate_tests(cast(pytest.Metafunc, metafunc))
    slow = {param.id for param in metafunc.params if any(m.name == "slow" for m in param.marks)}
    fast = {param.id for param in metafunc.params} - slow
    corpus = corpus_files()
    assert {f"seed/{path.name}" for path in seed_files()} <= fast
    assert {f"real/{path.name}" for path in real_roadmap_files()} <= fast
    sampled = {name for name in fast if name and name.startswith("corpus/")}
    assert len(sampled) == -(-len(corpus) // CORPUS_STRIDE) > 0
    assert len(slow) == len(corpus) - len(sampled) > 0
    assert all(name and name.startswith("corpus/") for name in slow)


@pytest.mark.parametrize(
    ("env", "size"),
    [({}, "1"), ({"VAULTROAD_FULL": "1"}, "2"), ({"VAULTROAD_LONG": "1"}, "3")],
    ids=["default", "full", "long"],
)
def test_budgets_follow_the_run(env: dict[str, str], size: str) -> None:
    """budget.py reads the variables at import, so each case is a fresh interpreter."""
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import budget; print(budget.budget(2, 3, fast=1), budget.budget(2, 3))",
        ],
        cwd=TESTS,
        env={**clean_env(), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    # Without a `fast` size the default run uses the CI one.
    assert run.stdout.split() == [size, "3" if size == "3" else "2"], run.stderr
