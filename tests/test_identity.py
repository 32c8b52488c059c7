"""A topic keeps its note and its status through the edits roadmaps get (issue 11):
typo fixes, rewording, moves between sections, a renamed roadmap file; and an
ambiguous edit is reported, never guessed."""

from __future__ import annotations

from pathlib import Path

import pytest

import vaultroad
from vaultroad.identity import RETITLE_RATIO, _closeness, fold

STUDY = "\n## Notes\n\nMy study notes, kept for months.\n"


def make_vault(tmp_path: Path, text: str, name: str = "Plan.md") -> Path:
    vault = tmp_path / "v"
    (vault / "Roadmaps").mkdir(parents=True)
    (vault / "Roadmaps" / name).write_text(text, encoding="utf-8")
    report = vaultroad.sync(vault)
    assert report.in_sync, report
    return vault


def notes(vault: Path) -> dict[str, str]:
    return {
        p.relative_to(vault / "Topics").as_posix(): p.read_text(encoding="utf-8")
        for p in sorted((vault / "Topics").rglob("*.md"))
    }


def study(vault: Path, note: str) -> None:
    path = vault / "Topics" / note
    path.write_text(path.read_text(encoding="utf-8") + STUDY, encoding="utf-8")


def settle(vault: Path) -> vaultroad.SyncReport:
    report = vaultroad.sync(vault)
    again = vaultroad.sync(vault)
    assert not again.changes, again.changes  # a second sync writes nothing
    return report


PLAN = "# Plan\n\n## Web\n\n- [x] Authentification\n- [ ] REST APIs\n\n## Data\n\n- [ ] SQL\n"


def test_a_typo_fix_keeps_the_note_its_study_notes_and_status(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, PLAN)
    study(vault, "Plan/Authentification.md")
    roadmap = vault / "Roadmaps" / "Plan.md"
    roadmap.write_text(PLAN.replace("Authentification", "Authentication"), encoding="utf-8")
    report = settle(vault)
    assert report.in_sync, report.problems
    after = notes(vault)
    assert sorted(after) == ["Plan/Authentification.md", "Plan/REST APIs.md", "Plan/SQL.md"]
    note = after["Plan/Authentification.md"]
    assert STUDY in note and "status: done" in note and "Authentication" in note
    topic = next(t for t in vaultroad.load(roadmap).topics() if t.title == "Authentication")
    assert f"topic: {topic.id}" in note
    assert any("'Authentification' is now 'Authentication'" in n for n in report.notices)


def test_a_topic_moved_to_another_section_keeps_its_note(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, PLAN)
    study(vault, "Plan/SQL.md")
    moved = "# Plan\n\n## Web\n\n- [x] Authentification\n- [ ] REST APIs\n- [ ] SQL\n\n## Data\n"
    (vault / "Roadmaps" / "Plan.md").write_text(moved, encoding="utf-8")
    report = settle(vault)
    assert report.in_sync
    assert sorted(notes(vault)) == [
        "Plan/Authentification.md",
        "Plan/REST APIs.md",
        "Plan/SQL.md",
    ]
    assert STUDY in notes(vault)["Plan/SQL.md"]


def test_a_renamed_roadmap_file_keeps_every_note(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, PLAN)
    study(vault, "Plan/REST APIs.md")
    before = sorted(notes(vault))
    (vault / "Roadmaps" / "Plan.md").rename(vault / "Roadmaps" / "Backend plan.md")
    report = settle(vault)
    assert report.in_sync, report.problems
    assert not [c for c in report.changes if c.action == "create" and c.kind == "note"]
    assert sorted(notes(vault)) == before
    assert STUDY in notes(vault)["Plan/REST APIs.md"]
    assert 'roadmap: "[[Roadmaps/Backend plan' in notes(vault)["Plan/REST APIs.md"]


def test_the_status_changed_in_the_note_follows_the_retitled_topic(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, PLAN)
    note = vault / "Topics" / "Plan" / "REST APIs.md"
    note.write_text(note.read_text("utf-8").replace("status: todo", "status: doing"), "utf-8")
    roadmap = vault / "Roadmaps" / "Plan.md"
    roadmap.write_text(PLAN.replace("REST APIs", "RESTful APIs"), encoding="utf-8")
    report = settle(vault)
    assert report.in_sync, (report.conflicts, report.problems)
    assert "- [/] RESTful APIs" in roadmap.read_text(encoding="utf-8")


def test_an_ambiguous_edit_is_reported_and_nothing_is_guessed(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, "# Plan\n\n- [ ] Docker\n- [ ] SQL\n")
    study(vault, "Plan/Docker.md")
    before = notes(vault)
    # Two new topics in Docker's place whose titles are equally close to it.
    (vault / "Roadmaps" / "Plan.md").write_text(
        "# Plan\n\n- [ ] Docker compose\n- [ ] Docker swarm\n- [ ] SQL\n", encoding="utf-8"
    )
    report = vaultroad.sync(vault)
    assert not report.in_sync
    messages = [p.message for p in report.problems]
    assert len(messages) == 2 and all("not guessed" in m for m in messages)
    assert all("Plan/Docker.md" in m for m in messages)
    assert notes(vault) == before  # no new note, the old one as it was


def test_a_topic_replaced_by_an_unrelated_one_gets_a_new_note(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, "# Plan\n\n- [ ] Unit testing\n")
    (vault / "Roadmaps" / "Plan.md").write_text(
        "# Plan\n\n- [ ] Integration testing\n", encoding="utf-8"
    )
    report = settle(vault)
    assert sorted(notes(vault)) == ["Plan/Integration testing.md", "Plan/Unit testing.md"]
    assert [(gone.note, gone.title) for gone in report.removed] == [
        ("Topics/Plan/Unit testing.md", "Unit testing")
    ]


@pytest.mark.parametrize(
    ("old", "new", "same"),
    [
        ("Authentification", "Authentication", True),
        ("JWT", "JWT authentication", True),
        ("Docker basics", "Docker", True),
        ("Variables & Data Types", "Variables and data types", True),
        ("REST APIs", "RESTful APIs", True),
        ("Unit testing", "Integration testing", False),
        ("Lists", "Tuples", False),
        ("Loops", "Conditionals", False),
    ],
)
def test_the_retitle_threshold_on_real_edits(old: str, new: str, same: bool) -> None:
    assert (_closeness(fold(old), fold(new)) >= RETITLE_RATIO) is same


def test_a_retitled_topic_whose_note_could_not_be_written_is_recognised_next_time(
    tmp_path: Path,
) -> None:
    vault = make_vault(tmp_path, PLAN)
    study(vault, "Plan/Authentification.md")
    note = vault / "Topics" / "Plan" / "Authentification.md"
    roadmap = vault / "Roadmaps" / "Plan.md"
    roadmap.write_text(PLAN.replace("Authentification", "Authentication"), encoding="utf-8")
    note.chmod(0o444)  # a read-only note is refused, not replaced
    refused = vaultroad.sync(vault)
    assert not refused.in_sync
    note.chmod(0o644)
    report = settle(vault)  # the note still names the old id: it is still the topic's
    assert report.in_sync, report.problems
    text = note.read_text(encoding="utf-8")
    assert STUDY in text and "  - Authentication\n" in text
    assert "status: done" in text
    assert sorted(notes(vault)) == ["Plan/Authentification.md", "Plan/REST APIs.md", "Plan/SQL.md"]
