"""The survey's names on disk (`survey_names`) answer as the dicts and the set they replace."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vaultroad
from test_sync_incremental import many_roadmaps
from vaultroad.errors import VaultroadError
from vaultroad.fileio import remove_leftovers
from vaultroad.filenames import claim_note_path
from vaultroad.survey_names import SurveyNames

# Any text a title or a path may hold, lone surrogates included (SQLite's own text
# type refuses them), and few enough distinct ones that keys repeat.
TEXT = st.one_of(
    st.sampled_from(["a", "A", "ß", "ss", "é", "e\u0301", "\ud800", "x.md", ""]),
    st.text(max_size=12),
)
# What a title may hold (`note_stem` encodes it as UTF-8: no lone surrogates).
TITLES = st.one_of(
    st.sampled_from(["a", "A", "ß", "SS", "é", "e\u0301", "CON", "x" * 130]),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=12),
)
ROADMAPS = st.sampled_from(["Roadmaps/A.md", "Roadmaps/B.md", "Other/C.md"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.booleans(), TEXT, ROADMAPS), max_size=40))
def test_seen_ids_answer_as_a_dict(steps: list[tuple[bool, str, str]]) -> None:
    plain: dict[str, str] = {}
    with SurveyNames(None) as names:
        for write, key, roadmap in steps:
            if write:
                plain[key] = roadmap
                names.seen_ids[key] = roadmap
            assert (key in names.seen_ids) == (key in plain)
            assert names.seen_ids.get(key) == plain.get(key)
        assert len(names.seen_ids) == len(plain)
        assert sorted(names.seen_ids) == sorted(plain)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.booleans(), TEXT), max_size=40))
def test_taken_answers_as_a_set(steps: list[tuple[bool, str]]) -> None:
    plain: set[str] = set()
    with SurveyNames(None) as names:
        for add, folded in steps:
            if add:
                plain.add(folded)
                names.taken.add(folded)
            assert (folded in names.taken) == (folded in plain)
        assert len(names.taken) == len(plain)
        assert sorted(names.taken) == sorted(plain)
        assert bool(names.taken) == bool(plain)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(TITLES, st.sampled_from(["Topics/A", "Topics/a", "T"])), max_size=30))
def test_claimed_names_are_those_of_a_plain_set(requests: list[tuple[str, str]]) -> None:
    """`claim_note_path` names the same notes (twins numbered alike) with either."""
    plain: set[str] = set()
    with SurveyNames(None) as names:
        for title, folder in requests:
            assert claim_note_path(folder, title, names.taken) == claim_note_path(
                folder, title, plain
            )


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.tuples(TEXT, TEXT), max_size=8), max_size=8), st.lists(TEXT))
def test_notes_answer_as_a_dict_updated_per_roadmap(
    updates: list[list[tuple[str, str]]], asked: list[str]
) -> None:
    plain: dict[str, str] = {}
    with SurveyNames(None) as names:
        for update in updates:
            plain.update(update)
            names.notes.update(update)
        assert list(names.notes.all_notes()) == list(plain.values())
        assert list(names.notes) == list(plain)
        assert len(names.notes) == len(plain)
        for key in asked:
            assert (key in names.notes) == (key in plain)
            assert names.notes.get(key) == plain.get(key)
        wanted = [*asked, *plain]
        assert names.notes.of(wanted) == {key: plain[key] for key in wanted if key in plain}


def test_the_database_is_a_temporary_file_removed_at_the_end(tmp_path: Path) -> None:
    with SurveyNames(tmp_path) as names:
        names.notes.update([("id", "Topics/A/B.md")])
        path = names.path
        assert path.parent == tmp_path
        assert path.name.startswith(".survey.") and path.name.endswith(".vaultroad-tmp")
        assert path.exists()
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []


def test_the_file_a_killed_run_leaves_is_a_leftover_the_next_sync_removes(tmp_path: Path) -> None:
    with SurveyNames(tmp_path) as names:
        ours = names.path.name
        assert remove_leftovers(tmp_path) == []  # its process lives: left to it
    pid = ours.split(".")[2].split("-")[0]
    dead = tmp_path / ours.replace(f".{pid}-", ".99999999-")  # no such process
    dead.write_bytes(b"")
    assert remove_leftovers(tmp_path) == [str(dead)]


def test_a_first_sync_in_batches_keeps_the_names_beside_the_state_and_removes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beside the state in a sync; in the system's temporary folder in a dry run,
    which writes nothing in the vault; gone at the end of either."""
    vault = many_roadmaps(tmp_path / "v")
    monkeypatch.setattr("vaultroad.sync_batches.BATCH_BYTES", 150)  # a roadmap or two each
    made: list[Path] = []
    real = SurveyNames.__init__

    def noting(self: SurveyNames, folder: Path | None) -> None:
        real(self, folder)
        made.append(self.path)

    monkeypatch.setattr(SurveyNames, "__init__", noting)
    before = sorted(vault.rglob("*"))
    vaultroad.sync(vault, dry_run=True)
    assert sorted(vault.rglob("*")) == before
    assert len(made) == 1 and made[0].parent != vault / ".vaultroad"
    assert not made[0].exists()
    assert vaultroad.sync(vault).first_run
    assert len(made) == 2 and made[1].parent == vault / ".vaultroad"
    assert not made[1].exists()


def test_a_failing_survey_database_ends_the_run_with_an_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk under the temporary database: a `VaultroadError` with its path, as
    any failed write gives, not sqlite's own exception; the survey writes no note."""
    vault = many_roadmaps(tmp_path / "v")
    monkeypatch.setattr("vaultroad.sync_batches.BATCH_BYTES", 150)
    before = {path: path.read_bytes() for path in vault.rglob("*.md")}

    def full(self: object, notes: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("vaultroad.survey_names.SurveyNotes.update", full)
    with pytest.raises(VaultroadError, match="disk is full") as raised:
        vaultroad.sync(vault)
    assert raised.value.path is not None and ".survey." in raised.value.path
    assert {path: path.read_bytes() for path in vault.rglob("*.md")} == before
    assert not list((vault / ".vaultroad").glob(".survey.*"))
