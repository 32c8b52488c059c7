"""Shared topics through sync: notes that link each other ("Also in"), the overlap
in Progress.md, and the opt-in linked status (`[shared] status = "linked"`)."""

from __future__ import annotations

from pathlib import Path

import pytest

import vaultroad
from faults_support import sample_vault
from vaultroad.note_front import read_front_matter

ROOT = Path(__file__).resolve().parent.parent


def two_roadmaps(tmp_path: Path, config: str = "") -> Path:
    vault = tmp_path / "v"
    (vault / "Roadmaps").mkdir(parents=True)
    (vault / "Roadmaps" / "Backend.md").write_text(
        "# Backend\n\n- [ ] Docker\n- [ ] PostgreSQL\n- [ ] Celery\n", encoding="utf-8"
    )
    (vault / "Roadmaps" / "DevOps.md").write_text(
        "# DevOps\n\n- [ ] docker\n- [ ] Kubernetes\n- [ ] Postgres\n", encoding="utf-8"
    )
    if config:
        (vault / ".vaultroad.toml").write_text(config, encoding="utf-8")
    assert vaultroad.sync(vault).in_sync
    return vault


def status_of(vault: Path, note: str) -> str:
    text = (vault / "Topics" / note).read_text(encoding="utf-8")
    return str(read_front_matter(text)["status"])


def settle(vault: Path) -> vaultroad.SyncReport:
    report = vaultroad.sync(vault)
    again = vaultroad.sync(vault)
    assert not again.changes, again.changes
    return report


def tick(vault: Path, roadmap: str, line: str) -> None:
    path = vault / "Roadmaps" / roadmap
    text = path.read_text(encoding="utf-8")
    assert f"- [ ] {line}\n" in text
    path.write_text(text.replace(f"- [ ] {line}\n", f"- [x] {line}\n"), encoding="utf-8")


def set_note_status(vault: Path, note: str, status: str) -> None:
    path = vault / "Topics" / note
    text = path.read_text(encoding="utf-8")
    assert "status: todo\n" in text
    path.write_text(text.replace("status: todo\n", f"status: {status}\n"), encoding="utf-8")


def test_shared_notes_link_each_other_and_the_summary_shows_the_overlap(tmp_path: Path) -> None:
    vault = two_roadmaps(tmp_path, '[shared]\nsame = [["PostgreSQL", "Postgres"]]\n')
    docker = (vault / "Topics" / "Backend" / "Docker.md").read_text(encoding="utf-8")
    assert "- **Also in:** [[Topics/DevOps/docker|DevOps]]" in docker
    postgres = (vault / "Topics" / "DevOps" / "Postgres.md").read_text(encoding="utf-8")
    assert "- **Also in:** [[Topics/Backend/PostgreSQL|Backend]]" in postgres
    celery = (vault / "Topics" / "Backend" / "Celery.md").read_text(encoding="utf-8")
    assert "Also in" not in celery
    summary = (vault / "Progress.md").read_text(encoding="utf-8")
    assert (
        "- [[Roadmaps/DevOps|DevOps]]: 2 of its 3 topics are also in"
        " [[Roadmaps/Backend|Backend]], 0 of them done there"
    ) in summary
    tick(vault, "Backend.md", "Docker")
    settle(vault)
    summary = (vault / "Progress.md").read_text(encoding="utf-8")
    assert "2 of its 3 topics are also in [[Roadmaps/Backend|Backend]], 1 of them done" in summary
    # Independent by default: the other roadmap keeps its own status.
    assert "- [ ] docker\n" in (vault / "Roadmaps" / "DevOps.md").read_text(encoding="utf-8")
    assert status_of(vault, "DevOps/docker.md") == "todo"


LINKED = '[shared]\nstatus = "linked"\nsame = [["PostgreSQL", "Postgres"]]\n'


def test_linked_status_finishes_the_topic_in_every_roadmap(tmp_path: Path) -> None:
    vault = two_roadmaps(tmp_path, LINKED)
    tick(vault, "Backend.md", "Docker")
    report = settle(vault)
    assert report.in_sync
    assert "- [x] docker\n" in (vault / "Roadmaps" / "DevOps.md").read_text(encoding="utf-8")
    assert status_of(vault, "DevOps/docker.md") == "done"
    assert status_of(vault, "Backend/Docker.md") == "done"
    # From a note too: Postgres done in the DevOps note finishes PostgreSQL in Backend.
    set_note_status(vault, "DevOps/Postgres.md", "done")
    settle(vault)
    assert "- [x] PostgreSQL\n" in (vault / "Roadmaps" / "Backend.md").read_text(encoding="utf-8")
    assert "- [x] Postgres\n" in (vault / "Roadmaps" / "DevOps.md").read_text(encoding="utf-8")


def test_linked_status_never_overrides_a_change_made_in_the_other_roadmap(
    tmp_path: Path,
) -> None:
    vault = two_roadmaps(tmp_path, LINKED)
    tick(vault, "Backend.md", "Docker")
    set_note_status(vault, "DevOps/docker.md", "doing")  # the same sync, the other way
    report = vaultroad.sync(vault)
    assert not report.in_sync
    [problem] = report.problems
    assert problem.path == "Roadmaps/DevOps.md" and problem.line == 3
    assert "shared with Roadmaps/Backend.md:3" in problem.message
    assert "became doing here" in problem.message
    # Each roadmap keeps its own change: done in Backend, doing in DevOps.
    assert "- [x] Docker\n" in (vault / "Roadmaps" / "Backend.md").read_text(encoding="utf-8")
    assert status_of(vault, "DevOps/docker.md") == "doing"
    assert "- [/] docker\n" in (vault / "Roadmaps" / "DevOps.md").read_text(encoding="utf-8")
    # Settled: the next sync neither reports it again nor marks it done.
    after = vaultroad.sync(vault)
    assert after.in_sync and not after.changes
    assert status_of(vault, "DevOps/docker.md") == "doing"


@pytest.mark.slow
def test_the_sample_vault_shares_topics_between_its_roadmaps(tmp_path: Path) -> None:
    vault = sample_vault(tmp_path / "vault")
    assert vaultroad.sync(vault).in_sync
    # Read from the roadmaps: Django REST Framework is in the 2025 roadmap and
    # (as "Django Rest Framework") in the Spanish Django one.
    notes = list((vault / "Topics").rglob("Django R*Framework.md"))
    assert len(notes) == 2
    for note in notes:
        assert "- **Also in:** [[Topics/" in note.read_text(encoding="utf-8")
    summary = (vault / "Progress.md").read_text(encoding="utf-8")
    assert "## Shared topics" in summary


def test_a_changed_setting_alone_is_not_a_no_op(tmp_path: Path) -> None:
    vault = two_roadmaps(tmp_path)
    postgres = vault / "Topics" / "DevOps" / "Postgres.md"
    assert "Also in" not in postgres.read_text(encoding="utf-8")
    assert not vaultroad.sync(vault).changes
    (vault / ".vaultroad.toml").write_text(
        '[shared]\nsame = [["PostgreSQL", "Postgres"]]\n', encoding="utf-8"
    )
    report = settle(vault)
    assert "Topics/DevOps/Postgres.md" in {change.path for change in report.changes}
    assert "- **Also in:** [[Topics/Backend/PostgreSQL|Backend]]" in postgres.read_text(
        encoding="utf-8"
    )


def test_a_topic_in_many_roadmaps_links_a_few_and_counts_the_rest(tmp_path: Path) -> None:
    import mdformat

    vault = tmp_path / "v"
    (vault / "Roadmaps").mkdir(parents=True)
    for number in range(11):
        (vault / "Roadmaps" / f"R{number:02}.md").write_text(
            f"# R{number:02}\n\n- [ ] Docker\n- [ ] Topic {number}\n", encoding="utf-8"
        )
    assert vaultroad.sync(vault).in_sync
    note = (vault / "Topics" / "R00" / "Docker.md").read_text(encoding="utf-8")
    [line] = [line for line in note.splitlines() if line.startswith("- **Also in:**")]
    links = [f"[[Topics/R{number:02}/Docker|R{number:02}]]" for number in range(1, 9)]
    assert line == "- **Also in:** " + ", ".join(links) + ", and 2 more"
    assert mdformat.text(note, extensions={"gfm", "wikilink", "frontmatter"}) == note
    # A run that reads one roadmap (its Docker note written again) counts the others
    # from the state: the same line.
    tick(vault, "R00.md", "Docker")
    report = vaultroad.sync(vault)
    assert "Topics/R00/Docker.md" in {change.path for change in report.changes}
    again = (vault / "Topics" / "R00" / "Docker.md").read_text(encoding="utf-8")
    assert [line] == [line for line in again.splitlines() if line.startswith("- **Also in:**")]
