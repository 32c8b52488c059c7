"""`relink NOTE ROADMAP:LINE`: the user gives a kept note to the topic sync would not
guess (`relink`): the note takes the topic, its status and study notes stay, the fresh
note sync made meanwhile goes if nobody wrote in it; otherwise nothing changes."""

from __future__ import annotations

import datetime as dt
import json
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

import vaultroad
from vaultroad.cli import main
from vaultroad.state import State
from vaultroad.state_db import StateStore
from vaultroad.state_schema import DB_NAME, LEGACY_NAME
from vaultroad.sync_relink import relink

DAY1 = dt.date(2026, 4, 1)
DAY2 = dt.date(2026, 4, 2)
DAY3 = dt.date(2026, 4, 3)

PLAN = "# Plan\n\n## Web\n\n- [x] Unit testing\n- [ ] REST APIs\n- [ ] SQL\n"
REWORDED = PLAN.replace("- [x] Unit testing", "- [ ] Testing units with pytest")
NEW_LINE = 5  # the line of `Testing units with pytest`
OLD = "Topics/Plan/Unit testing.md"
FRESH = "Topics/Plan/Testing units with pytest.md"
STUDY = "\n## My notes\n\nFixtures, parametrize, monkeypatch.\n"


def make_vault(tmp_path: Path, text: str = PLAN) -> Path:
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "Roadmaps").mkdir()
    (vault / "Roadmaps" / "Plan.md").write_bytes(text.encode("utf-8"))
    report = vaultroad.sync(vault, today=DAY1)
    assert report.in_sync, report
    return vault


def reworded(tmp_path: Path) -> Path:
    """`Unit testing` (done, with study notes) reworded beyond recognition and synced:
    its note kept and marked removed, and a fresh note for the new title."""
    vault = make_vault(tmp_path)
    note = vault / OLD
    note.write_bytes(note.read_bytes() + STUDY.encode("utf-8"))
    (vault / "Roadmaps" / "Plan.md").write_bytes(REWORDED.encode("utf-8"))
    report = vaultroad.sync(vault, today=DAY2)
    assert [gone.note for gone in report.removed] == [OLD]
    assert (vault / FRESH).is_file()
    assert b"removed: 2026-04-02\n" in note.read_bytes()
    return vault


def front(vault: Path, note: str) -> dict[str, object]:
    import frontmatter

    return dict(frontmatter.loads((vault / note).read_text(encoding="utf-8")).metadata)


def topic_titled(vault: Path, title: str) -> vaultroad.Topic:
    tree = vaultroad.load(vault / "Roadmaps" / "Plan.md")
    return next(t for t in tree.topics() if t.title == title)


def snapshot(vault: Path) -> dict[str, bytes]:
    """Every file of the vault, the sync state included."""
    return {
        path.relative_to(vault).as_posix(): path.read_bytes()
        for path in sorted(vault.rglob("*"))
        if path.is_file()
    }


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def assert_relinked(vault: Path) -> None:
    topic = topic_titled(vault, "Testing units with pytest")
    assert not (vault / FRESH).exists()  # the fresh note nobody wrote in is gone
    meta = front(vault, OLD)
    assert meta["topic"] == topic.id
    assert "removed" not in meta
    assert meta["status"] == "done"
    aliases = meta["aliases"]
    assert isinstance(aliases, list)
    assert "Testing units with pytest" in aliases
    assert topic.status is vaultroad.Status.DONE
    assert "- [x] Testing units with pytest" in (vault / "Roadmaps" / "Plan.md").read_text(
        encoding="utf-8"
    )
    assert STUDY in (vault / OLD).read_text(encoding="utf-8")
    notes = sorted(p.name for p in (vault / "Topics" / "Plan").iterdir())
    assert notes == ["REST APIs.md", "SQL.md", "Unit testing.md"]


# --- the reworded topic ------------------------------------------------------------------


def test_relink_gives_the_kept_note_to_the_reworded_topic(tmp_path: Path) -> None:
    vault = reworded(tmp_path)

    report = relink(vault, vault / OLD, vault / "Roadmaps" / "Plan.md", NEW_LINE, today=DAY3)

    assert report.in_sync, report
    assert report.removed == ()
    assert_relinked(vault)
    again = vaultroad.sync(vault, today=DAY3)
    assert again.changes == ()
    assert again.removed == ()
    assert again.in_sync


def test_relink_on_the_command_line_then_check_is_clean(tmp_path: Path) -> None:
    vault = reworded(tmp_path)

    code, out, err = cli("relink", str(vault / OLD), f"{vault / 'Roadmaps' / 'Plan.md'}:{NEW_LINE}")

    assert code == 0, (out, err)
    assert "relinked" in out
    assert "removed:" not in err
    assert_relinked(vault)
    assert vaultroad.sync(vault).changes == ()
    code, out, _ = cli("check", str(vault))
    assert "VR503" not in out
    assert code == 0, out


def test_relink_with_vault_relative_paths_and_the_vault_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = reworded(tmp_path)
    monkeypatch.chdir(tmp_path)  # outside the vault: the paths are the vault's

    code, out, err = cli("relink", OLD, f"Roadmaps/Plan.md:{NEW_LINE}", "--vault", str(vault))

    assert code == 0, (out, err)
    assert_relinked(vault)


def test_relink_refuses_while_the_fresh_note_holds_user_text(tmp_path: Path) -> None:
    vault = reworded(tmp_path)
    fresh = vault / FRESH
    fresh.write_bytes(fresh.read_bytes() + b"\nWhat I wrote in the new note.\n")
    before = snapshot(vault)
    assert ".vaultroad/state.db" in before

    code, out, err = cli("relink", str(vault / OLD), f"{vault / 'Roadmaps' / 'Plan.md'}:{NEW_LINE}")

    assert code == 1
    assert "your text" in err, err
    assert FRESH in err and OLD in err  # names both notes: what to merge into what
    assert "relinked" not in out
    assert snapshot(vault) == before  # both notes, the roadmap and the state as they were
    dry = vaultroad.sync(vault, today=DAY2, dry_run=True)
    assert dry.changes == ()
    assert [gone.note for gone in dry.removed] == [OLD]


def test_relink_refuses_the_same_through_the_library(tmp_path: Path) -> None:
    vault = reworded(tmp_path)
    fresh = vault / FRESH
    fresh.write_bytes(fresh.read_bytes() + b"\nMine.\n")
    before = snapshot(vault)

    with pytest.raises(vaultroad.VaultroadError) as caught:
        relink(vault, vault / OLD, vault / "Roadmaps" / "Plan.md", NEW_LINE, today=DAY3)

    assert caught.value.path == FRESH
    assert snapshot(vault) == before


# --- bad arguments ----------------------------------------------------------------------


@pytest.mark.parametrize("topic", ["{roadmap}", "{roadmap}:", "{roadmap}:five", ":5"])
def test_a_topic_without_a_line_number_is_a_usage_error(tmp_path: Path, topic: str) -> None:
    vault = reworded(tmp_path)
    before = snapshot(vault)

    code, _, err = cli("relink", str(vault / OLD), topic.format(roadmap=vault / "Roadmaps/Plan.md"))

    assert code == 2, err
    assert "ROADMAP:LINE" in err
    assert snapshot(vault) == before


@pytest.mark.parametrize("line", [3, 99])  # `## Web`, and past the end
def test_a_line_without_a_topic_is_an_error_naming_path_and_line(tmp_path: Path, line: int) -> None:
    vault = reworded(tmp_path)
    before = snapshot(vault)

    code, out, err = cli("relink", str(vault / OLD), f"{vault / 'Roadmaps' / 'Plan.md'}:{line}")

    assert code == 1
    assert f"Roadmaps/Plan.md:{line}" in err, err
    assert "no topic" in err
    assert "relinked" not in out
    assert snapshot(vault) == before


def test_a_line_without_a_topic_raises_argument_error_in_the_library(tmp_path: Path) -> None:
    vault = reworded(tmp_path)
    with pytest.raises(vaultroad.ArgumentError) as caught:
        relink(vault, vault / OLD, vault / "Roadmaps" / "Plan.md", 3, today=DAY3)
    assert caught.value.line == 3
    assert caught.value.path is not None and caught.value.path.endswith("Plan.md")


def test_a_note_the_last_sync_does_not_know_is_an_error(tmp_path: Path) -> None:
    vault = reworded(tmp_path)
    stray = vault / "Topics" / "Plan" / "My own page.md"
    stray.write_text("# My own page\n", encoding="utf-8")
    before = snapshot(vault)

    code, out, err = cli("relink", str(stray), f"{vault / 'Roadmaps' / 'Plan.md'}:{NEW_LINE}")

    assert code == 1
    assert "My own page.md" in err
    assert "relinked" not in out
    assert snapshot(vault) == before


def test_a_note_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    vault = reworded(tmp_path)
    before = snapshot(vault)

    code, _, err = cli(
        "relink",
        str(vault / "Topics" / "Plan" / "Nothing.md"),
        f"{vault / 'Roadmaps' / 'Plan.md'}:{NEW_LINE}",
        "--vault",
        str(vault),
    )

    assert code == 1, err
    assert "Nothing.md" in err
    assert snapshot(vault) == before


def test_relink_before_any_sync_is_an_error(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "Roadmaps").mkdir()
    (vault / "Roadmaps" / "Plan.md").write_text(PLAN, encoding="utf-8")
    (vault / "Topics" / "Plan").mkdir(parents=True)
    note = vault / "Topics" / "Plan" / "Unit testing.md"
    note.write_text("---\nstatus: done\n---\n\nNotes from before.\n", encoding="utf-8")

    code, out, err = cli("relink", str(note), f"{vault / 'Roadmaps' / 'Plan.md'}:5")

    assert code == 1
    assert "sync" in err
    assert "relinked" not in out
    assert not (vault / ".vaultroad" / "state.db").exists()
    assert note.read_text(encoding="utf-8") == "---\nstatus: done\n---\n\nNotes from before.\n"
    assert not (vault / "Progress.md").exists()


# --- the ambiguity sync names -----------------------------------------------------------


def test_the_command_an_ambiguous_sync_names_settles_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = make_vault(tmp_path, "# Plan\n\n- [x] Docker\n- [ ] SQL\n")
    docker = vault / "Topics" / "Plan" / "Docker.md"
    docker.write_bytes(docker.read_bytes() + STUDY.encode("utf-8"))
    # Two new topics in Docker's place, equally close to it: sync does not guess.
    (vault / "Roadmaps" / "Plan.md").write_text(
        "# Plan\n\n- [ ] Docker compose\n- [ ] Docker swarm\n- [ ] SQL\n", encoding="utf-8"
    )
    report = vaultroad.sync(vault, today=DAY2)
    assert not report.in_sync
    compose = next(p for p in report.problems if "'Docker compose'" in p.message.split(" could")[0])
    assert "vaultroad relink" in compose.message
    command = shlex.split(compose.message.split("say which it is: ", 1)[1])
    assert command[:2] == ["vaultroad", "relink"]

    monkeypatch.chdir(vault)  # the command's paths are the vault's
    code, out, err = cli(*command[1:])

    assert code == 0, (out, err)
    after = vaultroad.sync(vault, today=DAY3)
    assert after.in_sync, after
    assert after.changes == ()
    assert after.problems == ()
    assert after.removed == ()
    topic = topic_titled(vault, "Docker compose")
    meta = front(vault, "Topics/Plan/Docker.md")
    assert meta["topic"] == topic.id
    assert meta["status"] == "done"
    aliases = meta["aliases"]
    assert isinstance(aliases, list) and "Docker compose" in aliases
    assert STUDY in docker.read_text(encoding="utf-8")
    assert topic.status is vaultroad.Status.DONE
    # the other new topic is no longer unsure: it has a note of its own
    swarm = front(vault, "Topics/Plan/Docker swarm.md")
    assert swarm["topic"] == topic_titled(vault, "Docker swarm").id
    code, out, _ = cli("check", str(vault))
    assert code == 0, out


def legacy_state_json(state: State) -> str:
    """`state` as the previous version's `State.to_json` wrote `.vaultroad/state.json`."""
    data = {
        "format": "vaultroad.state/1",
        "topics": {
            key: {
                "status": value.status.value,
                "roadmap": value.roadmap,
                "note": value.note,
                **({"completed": value.completed} if value.completed else {}),
                "content": value.content,
                "title": value.title,
                "text": value.text,
                "section": list(value.section),
                **({"removed": value.removed} if value.removed else {}),
                **({"former": value.former} if value.former else {}),
            }
            for key, value in sorted(state.topics.items())
        },
        "roadmaps": sorted(state.roadmaps),
        "files": {key: value.as_list() for key, value in sorted(state.files.items())},
        **({"unsettled": sorted(state.unsettled)} if state.unsettled else {}),
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def test_relink_with_the_state_of_the_previous_version_migrates_it(tmp_path: Path) -> None:
    vault = reworded(tmp_path)
    folder = vault / ".vaultroad"
    with StateStore(folder, readonly=True) as store:
        state = store.load()
    (folder / DB_NAME).unlink()
    (folder / LEGACY_NAME).write_text(legacy_state_json(state), encoding="utf-8")

    report = relink(vault, vault / OLD, vault / "Roadmaps" / "Plan.md", NEW_LINE, today=DAY3)

    assert report.in_sync, report
    assert_relinked(vault)
    assert not (folder / LEGACY_NAME).exists() and (folder / DB_NAME).exists()
    assert not vaultroad.sync(vault, today=DAY3).changes
