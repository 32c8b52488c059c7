"""Shared test data: the seed roadmaps in vault/, the Markdown corpus in tests/corpus/
and the real roadmaps in tests/real_roadmaps/.

Tests get the files through fixtures (`seed_paths`, `corpus_paths`) or, to run
once per file (seeds, corpus and real roadmaps), by taking the fixture
`seed_or_corpus_path`. A missing or
empty corpus fails those tests with a clear message; it is never a skip.
The corpus is vendored (MIT licence, see tests/corpus/README.md) so a clone
alone runs the whole suite.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED_DIR = ROOT / "vault" / "Roadmaps"
CORPUS_DIR = ROOT / "tests" / "corpus"
REAL_DIR = ROOT / "tests" / "real_roadmaps"


def seed_files() -> list[Path]:
    return sorted(SEED_DIR.glob("*.md"))


def corpus_files() -> list[Path]:
    return sorted(CORPUS_DIR.rglob("*.md")) if CORPUS_DIR.is_dir() else []


def real_roadmap_files() -> list[Path]:
    """The eleven real roadmaps (their README, which lists sources, is not one)."""
    return sorted(p for p in REAL_DIR.glob("*.md") if p.name != "README.md")


def corpus_missing_message() -> str:
    return (
        f"the Markdown corpus is missing: expected *.md files under {CORPUS_DIR} "
        "(the corpus is part of the repository: is the checkout complete?)"
    )


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    paths = seed_files()
    if not paths:
        pytest.fail(f"no seed roadmaps found in {SEED_DIR}")
    return paths


@pytest.fixture(scope="session")
def corpus_paths() -> list[Path]:
    paths = corpus_files()
    if not paths:
        pytest.fail(corpus_missing_message())
    return paths


@pytest.fixture
def seed_or_corpus_path(request: pytest.FixtureRequest) -> Path:
    """One seed or corpus file (parametrized by `pytest_generate_tests` below)."""
    path: Path = request.param
    if path == CORPUS_DIR:
        pytest.fail(corpus_missing_message())
    if path == SEED_DIR:
        pytest.fail(f"no seed roadmaps found in {SEED_DIR}")
    return path


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run a test once per seed and corpus file when it asks for `seed_or_corpus_path`."""
    if "seed_or_corpus_path" not in metafunc.fixturenames:
        return
    seeds = seed_files()
    corpus = corpus_files()
    params = [pytest.param(path, id=f"seed/{path.name}") for path in seeds]
    params += [
        pytest.param(path, id=f"corpus/{path.relative_to(CORPUS_DIR).as_posix()}")
        for path in corpus
    ]
    params += [pytest.param(path, id=f"real/{path.name}") for path in real_roadmap_files()]
    # A missing folder gives one failing case, not an empty (skipped) parameter set.
    if not seeds:
        params.append(pytest.param(SEED_DIR, id="seeds-missing"))
    if not corpus:
        params.append(pytest.param(CORPUS_DIR, id="corpus-missing"))
    metafunc.parametrize("seed_or_corpus_path", params, indirect=True)
