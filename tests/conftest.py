"""Shared test data: the seed roadmaps in vault/, the Markdown corpus in tests/corpus/
and the real roadmaps in tests/real_roadmaps/.

Tests get the files through fixtures (`seed_paths`, `corpus_paths`) or, to run
once per file (seeds, corpus and real roadmaps), by taking the fixture
`seed_or_corpus_path`. A missing or
empty corpus fails those tests with a clear message; it is never a skip.
The corpus is vendored (MIT licence, see tests/corpus/README.md) so a clone
alone runs the whole suite.

Which tests run. The default `python -m pytest` is the fast run (under 90 s on
2 cores): it deselects the tests marked `slow` (corpus-wide parametrisations,
fault-injection sweeps) and `hook` (the pre-commit hook through pre-commit),
and `budget.py` gives the sampled tests their small size. It still runs every
test function that has a fast form: each per-file test on every seed roadmap,
every real roadmap and one corpus file in `CORPUS_STRIDE` (the rest of the
corpus is marked `slow`). `VAULTROAD_FULL=1`, which `.ci/run` sets, runs
everything at CI size with the same command. An explicit choice wins over the
default: with `-m EXPR` only the expression selects (`-m slow` runs the slow
tests), and a test named by node id on the command line always runs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from budget import FULL, FULL_VARIABLE

ROOT = Path(__file__).resolve().parents[1]
SEED_DIR = ROOT / "vault" / "Roadmaps"
CORPUS_DIR = ROOT / "tests" / "corpus"
REAL_DIR = ROOT / "tests" / "real_roadmaps"
# The default run takes one corpus file in this many (sorted by path, so the
# sample spreads over every folder); the others run with VAULTROAD_FULL=1. The
# whole corpus costs about 50 s of the round-trip tests, a tenth of it about 5 s.
CORPUS_STRIDE = 10
# Markers of the tests only the full run selects by default.
FULL_RUN_MARKERS = ("slow", "hook")


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
        pytest.param(
            path,
            id=f"corpus/{path.relative_to(CORPUS_DIR).as_posix()}",
            marks=() if index % CORPUS_STRIDE == 0 else (pytest.mark.slow,),
        )
        for index, path in enumerate(corpus)
    ]
    params += [pytest.param(path, id=f"real/{path.name}") for path in real_roadmap_files()]
    # A missing folder gives one failing case, not an empty (skipped) parameter set.
    if not seeds:
        params.append(pytest.param(SEED_DIR, id="seeds-missing"))
    if not corpus:
        params.append(pytest.param(CORPUS_DIR, id="corpus-missing"))
    metafunc.parametrize("seed_or_corpus_path", params, indirect=True)


# --- the default (fast) run and the full run ------------------------------------------

_deselected_count = pytest.StashKey[int]()


def _named_on_command_line(config: pytest.Config) -> list[str]:
    """Node ids (as rootdir-relative `path::name...`) given as arguments.

    Rerunning a test that failed in CI by pasting its node id must run it,
    slow or not; a bare file or folder argument keeps the default selection.
    """
    named = []
    for arg in config.args:
        path, sep, rest = arg.partition("::")
        if not sep:
            continue
        try:
            relative = (config.invocation_params.dir / path).resolve().relative_to(config.rootpath)
        except ValueError:
            continue
        named.append(f"{relative.as_posix()}::{rest}")
    return named


def _is_named(nodeid: str, named: list[str]) -> bool:
    return any(nodeid == name or nodeid.startswith((name + "::", name + "[")) for name in named)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect the `slow` and `hook` tests in the default run.

    Deselected, not skipped: a skip would read as "could not run here", and the
    full run must be a superset selected by the same command plus one variable.
    """
    config.stash[_deselected_count] = 0
    if FULL or config.option.markexpr:
        return
    named = _named_on_command_line(config)
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        full_only = any(item.get_closest_marker(marker) for marker in FULL_RUN_MARKERS)
        (drop if full_only and not _is_named(item.nodeid, named) else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
    config.stash[_deselected_count] = len(drop)


def pytest_report_header(config: pytest.Config) -> str:
    if FULL:
        return f"vaultroad: full run ({FULL_VARIABLE}=1): every test, at CI budgets"
    if config.option.markexpr:
        return f"vaultroad: tests selected by -m {config.option.markexpr!r}, at fast budgets"
    return (
        "vaultroad: fast run: tests marked slow or hook deselected, small budgets; "
        f"{FULL_VARIABLE}=1 runs everything as CI does"
    )


def pytest_report_collectionfinish(config: pytest.Config) -> str | None:
    # After collection, so the count is known; printed even with -q, where the
    # header above is not.
    count = config.stash.get(_deselected_count, 0)
    if not count:
        return None
    return (
        f"vaultroad: {count} slow tests deselected (marked slow or hook); "
        f"set {FULL_VARIABLE}=1 to run them, as CI does"
    )
