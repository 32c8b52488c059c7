"""A topic that leaves its roadmap keeps its note: marked `removed: <date>`, listed in
`SyncReport.removed` on every run, flagged by `check` (VR503), until the topic comes
back, is relinked, or the note is deleted (`sync_removed`, `note_marks`)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

import vaultroad
from vaultroad.cli import main

DAY1 = dt.date(2026, 3, 1)
DAY2 = dt.date(2026, 3, 2)
DAY3 = dt.date(2026, 3, 3)
DAY4 = dt.date(2026, 3, 4)

PLAN = "# Plan\n\n## Web\n\n- [x] Unit testing\n- [ ] REST APIs\n- [ ] SQL\n"
WITHOUT = PLAN.replace("- [x] Unit testing\n", "")
OTHER = "# Other\n\n- [ ] Docker\n- [x] Git\n"
STUDY = "\n## My notes\n\nFixtures, parametrize, monkeypatch.\n"
NOTE = "Topics/Plan/Unit testing.md"


def make_vault(tmp_path: Path, roadmaps: dict[str, str]) -> Path:
    """A vault with `.obsidian/` and the given roadmaps, synced once on DAY1."""
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "Roadmaps").mkdir()
    for name, text in roadmaps.items():
        (vault / "Roadmaps" / name).write_bytes(text.encode("utf-8"))
    report = vaultroad.sync(vault, today=DAY1)
    assert report.in_sync, report
    return vault


def add_study_notes(vault: Path, note: str = NOTE) -> bytes:
    path = vault / note
    path.write_bytes(path.read_bytes() + STUDY.encode("utf-8"))
    return path.read_bytes()


def write_roadmap(vault: Path, text: str, name: str = "Plan.md") -> None:
    (vault / "Roadmaps" / name).write_bytes(text.encode("utf-8"))


def front_lines(data: bytes) -> list[bytes]:
    """The frontmatter lines of a note (between the two `---`)."""
    lines = data.splitlines(keepends=True)
    assert lines[0] == b"---\n", data
    end = lines.index(b"---\n", 1)
    return lines[1:end]


def without_line(data: bytes, line: bytes) -> bytes:
    lines = data.splitlines(keepends=True)
    assert lines.count(line) == 1, data
    lines.remove(line)
    return b"".join(lines)


def note_files(vault: Path) -> dict[str, tuple[bytes, int]]:
    return {
        path.relative_to(vault).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted((vault / "Topics").rglob("*.md"))
    }


def gone(
    note: str, title: str, since: dt.date, roadmap: str = "Roadmaps/Plan.md"
) -> vaultroad.RemovedTopic:
    return vaultroad.RemovedTopic(note=note, title=title, roadmap=roadmap, since=since.isoformat())


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


# --- a deleted topic line ---------------------------------------------------------------


def test_a_deleted_topic_marks_its_note_removed_and_changes_nothing_else(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"Plan.md": PLAN})
    before = add_study_notes(vault)
    write_roadmap(vault, WITHOUT)

    report = vaultroad.sync(vault, today=DAY2)

    assert report.removed == (gone(NOTE, "Unit testing", DAY2),)
    after = (vault / NOTE).read_bytes()
    marker = b"removed: 2026-03-02\n"
    assert marker in front_lines(after)  # in the frontmatter, not the body
    assert without_line(after, marker) == before  # the one change; study notes kept
    assert b"status: done\n" in front_lines(after)  # the learner's status stays
    written_notes = [c.path for c in report.changes if c.kind == "note"]
    assert written_notes == [NOTE]
    assert sorted(note_files(vault)) == [
        "Topics/Plan/REST APIs.md",
        "Topics/Plan/SQL.md",
        "Topics/Plan/Unit testing.md",
    ]


def test_a_second_sync_writes_nothing_and_still_lists_the_removed_note(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"Plan.md": PLAN})
    add_study_notes(vault)
    write_roadmap(vault, WITHOUT)
    vaultroad.sync(vault, today=DAY2)
    files = note_files(vault)
    progress = (vault / "Progress.md").read_bytes()

    again = vaultroad.sync(vault, today=DAY3)

    assert again.changes == ()
    assert again.in_sync
    # still listed, with the date it was found gone (not the date of this run)
    assert again.removed == (gone(NOTE, "Unit testing", DAY2),)
    assert note_files(vault) == files  # bytes and mtimes
    assert (vault / "Progress.md").read_bytes() == progress


def test_a_later_sync_that_writes_other_files_keeps_the_removed_date(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"Plan.md": PLAN})
    write_roadmap(vault, WITHOUT)
    vaultroad.sync(vault, today=DAY2)
    marked = (vault / NOTE).read_bytes()

    write_roadmap(vault, WITHOUT.replace("- [ ] SQL", "- [x] SQL"))  # another topic done
    report = vaultroad.sync(vault, today=DAY4)

    assert report.in_sync, report
    assert "Topics/Plan/SQL.md" in [c.path for c in report.changes]
    assert NOTE not in [c.path for c in report.changes]
    assert report.removed == (gone(NOTE, "Unit testing", DAY2),)
    assert (vault / NOTE).read_bytes() == marked


def test_a_dry_run_lists_the_removed_note_and_writes_nothing(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"Plan.md": PLAN})
    add_study_notes(vault)
    write_roadmap(vault, WITHOUT)
    files = note_files(vault)

    report = vaultroad.sync(vault, today=DAY2, dry_run=True)

    assert report.removed == (gone(NOTE, "Unit testing", DAY2),)
    assert NOTE in [c.path for c in report.changes]  # the mark it would write
    assert report.pending
    assert note_files(vault) == files
    assert b"removed:" not in (vault / NOTE).read_bytes()


def test_a_topic_put_back_drops_removed_and_keeps_note_status_and_study_notes(
    tmp_path: Path,
) -> None:
    vault = make_vault(tmp_path, {"Plan.md": PLAN})
    before = add_study_notes(vault)
    write_roadmap(vault, WITHOUT)
    vaultroad.sync(vault, today=DAY2)
    assert b"removed:" in (vault / NOTE).read_bytes()

    write_roadmap(vault, PLAN)
    report = vaultroad.sync(vault, today=DAY3)

    assert report.in_sync, report
    assert report.removed == ()
    after = (vault / NOTE).read_bytes()
    assert not any(line.startswith(b"removed:") for line in front_lines(after))
    assert b"status: done\n" in front_lines(after)
    assert STUDY.encode("utf-8") in after
    assert after == before  # the mark was the only change, and it is gone again
    assert sorted(note_files(vault)) == [
        "Topics/Plan/REST APIs.md",
        "Topics/Plan/SQL.md",
        "Topics/Plan/Unit testing.md",
    ]
    assert "- [x] Unit testing" in (vault / "Roadmaps" / "Plan.md").read_text(encoding="utf-8")
    assert vaultroad.sync(vault, today=DAY4).changes == ()


def test_a_topic_that_comes_back_takes_the_status_set_in_its_note_meanwhile(
    tmp_path: Path,
) -> None:
    vault = make_vault(tmp_path, {"Plan.md": PLAN})
    write_roadmap(vault, WITHOUT)
    vaultroad.sync(vault, today=DAY2)
    note = vault / NOTE
    note.write_bytes(note.read_bytes().replace(b"status: done\n", b"status: doing\n"))

    write_roadmap(vault, PLAN)  # put back as it was: `[x]`
    report = vaultroad.sync(vault, today=DAY3)

    assert report.in_sync, report
    assert report.removed == ()
    assert b"status: doing\n" in front_lines(note.read_bytes())
    assert "- [/] Unit testing" in (vault / "Roadmaps" / "Plan.md").read_text(encoding="utf-8")


def test_a_deleted_removed_note_is_forgotten_and_not_written_again(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"Plan.md": PLAN})
    write_roadmap(vault, WITHOUT)
    assert vaultroad.sync(vault, today=DAY2).removed
    (vault / NOTE).unlink()

    report = vaultroad.sync(vault, today=DAY3)

    assert report.removed == ()
    assert report.in_sync, report
    assert not [c for c in report.changes if c.kind == "note"]
    assert not (vault / NOTE).exists()
    again = vaultroad.sync(vault, today=DAY4)
    assert again.removed == ()
    assert again.changes == ()
    assert not (vault / NOTE).exists()


def test_a_note_deleted_with_its_topic_is_not_listed(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"Plan.md": PLAN})
    write_roadmap(vault, WITHOUT)
    (vault / NOTE).unlink()

    report = vaultroad.sync(vault, today=DAY2)

    assert report.removed == ()
    assert not (vault / NOTE).exists()
    assert vaultroad.sync(vault, today=DAY3).changes == ()


# --- whole roadmaps ---------------------------------------------------------------------


def test_a_deleted_roadmap_file_marks_all_its_notes_removed_and_deletes_none(
    tmp_path: Path,
) -> None:
    vault = make_vault(tmp_path, {"Plan.md": PLAN, "Other.md": OTHER})
    plan_notes = {k: v for k, v in note_files(vault).items() if k.startswith("Topics/Plan/")}
    (vault / "Roadmaps" / "Other.md").unlink()

    report = vaultroad.sync(vault, today=DAY2)

    assert report.removed == (
        gone("Topics/Other/Docker.md", "Docker", DAY2, "Roadmaps/Other.md"),
        gone("Topics/Other/Git.md", "Git", DAY2, "Roadmaps/Other.md"),
    )
    for name, status in (("Docker", b"todo"), ("Git", b"done")):
        front = front_lines((vault / "Topics" / "Other" / f"{name}.md").read_bytes())
        assert b"removed: 2026-03-02\n" in front
        assert b"status: " + status + b"\n" in front
    after = note_files(vault)
    assert {k: v for k, v in after.items() if k.startswith("Topics/Plan/")} == plan_notes
    assert vaultroad.sync(vault, today=DAY3).changes == ()


def test_an_unreadable_roadmap_does_not_mark_its_notes_removed(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"Plan.md": PLAN, "Other.md": OTHER})
    files = note_files(vault)
    # Invalid UTF-8: the roadmap cannot be read this run (and lost a line, too).
    (vault / "Roadmaps" / "Plan.md").write_bytes(WITHOUT.encode("utf-8") + b"- [ ] Caf\xe9\n")

    report = vaultroad.sync(vault, today=DAY2)

    assert report.removed == ()
    assert [p.path for p in report.problems] == ["Roadmaps/Plan.md"]
    assert note_files(vault) == files  # no note touched, none marked
    again = vaultroad.sync(vault, today=DAY3)
    assert again.removed == ()
    assert note_files(vault) == files

    write_roadmap(vault, PLAN)  # readable again, as it was
    back = vaultroad.sync(vault, today=DAY4)
    assert back.removed == ()
    assert back.in_sync, back
    assert not any(b"removed:" in data for data, _ in note_files(vault).values())


# --- the command line -------------------------------------------------------------------


def test_check_reports_vr503_for_each_removed_note_until_it_is_deleted(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"Plan.md": PLAN})
    write_roadmap(vault, "# Plan\n\n## Web\n\n- [ ] SQL\n")
    report = vaultroad.sync(vault, today=DAY2)
    assert len(report.removed) == 2

    code, out, _ = cli("check", str(vault))

    assert code == 1
    vr503 = [line for line in out.splitlines() if " VR503 " in line]
    assert len(vr503) == 2, out
    assert any("Topics/Plan/Unit testing.md:1:1: VR503" in line for line in vr503)
    assert any("Topics/Plan/REST APIs.md:1:1: VR503" in line for line in vr503)

    (vault / NOTE).unlink()
    code, out, _ = cli("check", str(vault))
    vr503 = [line for line in out.splitlines() if " VR503 " in line]
    assert len(vr503) == 1 and "REST APIs.md" in vr503[0], out
    assert code == 1

    (vault / "Topics" / "Plan" / "REST APIs.md").unlink()
    code, out, _ = cli("check", str(vault))
    assert "VR503" not in out


def test_check_is_clean_before_anything_is_removed(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"Plan.md": PLAN})
    code, out, _ = cli("check", str(vault))
    assert "VR503" not in out
    assert code == 0, out


def test_cli_sync_names_the_removed_note_on_every_run(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"Plan.md": PLAN})
    write_roadmap(vault, WITHOUT)
    shown = f"removed: {vault / NOTE}: its topic 'Unit testing' left"

    for _ in range(2):  # the run that marks it, then a run with nothing to write
        code, out, err = cli("sync", str(vault))
        assert code == 0, (out, err)
        assert [line for line in err.splitlines() if line.startswith("removed: ")] == [
            line for line in err.splitlines() if line.startswith(shown)
        ]
        assert err.count(shown) == 1, err
        assert "removed:" not in out


def test_cli_sync_json_lists_the_removed_notes(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, {"Plan.md": PLAN})
    write_roadmap(vault, WITHOUT)
    vaultroad.sync(vault, today=DAY2)

    code, out, _ = cli("sync", "--json", str(vault))

    assert code == 0
    data = json.loads(out)
    assert data["removed"] == [
        {
            "note": NOTE,
            "title": "Unit testing",
            "roadmap": "Roadmaps/Plan.md",
            "since": "2026-03-02",
        }
    ]
    assert data["changes"] == []

    write_roadmap(vault, PLAN)
    code, out, _ = cli("sync", "--json", str(vault))
    assert code == 0
    assert json.loads(out)["removed"] == []
