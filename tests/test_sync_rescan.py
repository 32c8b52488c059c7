"""A later sync that looks at the whole vault again, a batch of roadmaps at a time, ends
where the same sync in one go does (`sync_rescan`).

Each case changes the settings of a synced vault (and maybe more), then syncs
two copies of it: one in batches of a roadmap or two, one in a single go. Both
must write the same bytes, report the same and leave the same groups of shared
topics; and the batched one must indeed have run in batches.
"""

from __future__ import annotations

import shutil
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest

import vaultroad
from test_sync_incremental import (
    edit,
    many_roadmaps,
    members_of,
    report_of,
    sync,
    user_files,
)
from vaultroad import sync_rescan, synchronize
from vaultroad.state_db import StateStore
from vaultroad.sync_context import SyncContext

Change = Callable[[Path], object]


def add_setting(text: str) -> Change:
    def change(root: Path) -> None:
        with (root / ".vaultroad.toml").open("a", encoding="utf-8") as config:
            config.write(text)

    return change


def delete(*paths: Path) -> None:
    for path in paths:
        path.unlink()


def both(*changes: Change) -> Change:
    def change(root: Path) -> None:
        for each in changes:
            each(root)

    return change


CHANGES: dict[str, Change] = {
    "a comment": add_setting("# nothing but a comment\n"),
    "linked statuses": add_setting('[shared]\nstatus = "linked"\n'),
    "titles that name one topic": add_setting('[shared]\nsame = [["Terraform", "Pods 3"]]\n'),
    "a symbol": add_setting('[symbols]\n"x" = "skipped"\n'),
    "stubs deleted, then a comment": both(
        lambda v: delete(v / "Topics" / "Guide 1.md", v / "Topics" / "Helm.md"),
        add_setting("# a comment\n"),
    ),
    "statuses set in notes, then a comment": both(
        lambda v: edit(v / "Topics/Track 2/Docker.md", "status: todo", "status: done"),
        lambda v: edit(v / "Topics/Track 7/Pods 7.md", "status: todo", "status: doing"),
        add_setting("# a comment\n"),
    ),
}


def synced_then_changed(tmp_path: Path, change: Change) -> tuple[Path, Path]:
    """A synced vault with `change` made to it, and a copy of it."""
    base = many_roadmaps(tmp_path / "base")
    sync(base)
    assert not sync(base).changes
    change(base)
    whole = tmp_path / "whole"
    shutil.copytree(base, whole)
    return base, whole


def batched_runs(monkeypatch: pytest.MonkeyPatch, limit: int) -> list[set[str]]:
    """Batches of about `limit` bytes of roadmap text; the scopes they ran, recorded."""
    monkeypatch.setattr(sync_rescan, "RESCAN_BATCH_BYTES", limit)
    scopes: list[set[str]] = []
    real = synchronize._scoped

    def recording(
        ctx: object, store: object, paths: object, relatives: object, scope: object, **how: bool
    ) -> object:
        if isinstance(scope, set):
            scopes.append(set(scope))
        return real(ctx, store, paths, relatives, scope, **how)  # type: ignore[arg-type]

    monkeypatch.setattr(synchronize, "_scoped", recording)
    return scopes


def assert_same_ends(
    base: Path, batched: vaultroad.SyncReport, whole: Path, reference: vaultroad.SyncReport
) -> None:
    """The vault synced in batches ended where the one synced in one go did."""
    assert report_of(batched) == report_of(reference)
    assert user_files(base) == user_files(whole)
    assert members_of(base) == members_of(whole) is not None
    assert not sync(base).changes
    assert not sync(whole).changes


def killed_in_batches(base: Path, monkeypatch: pytest.MonkeyPatch, *, at_run: int) -> None:
    """Sync `base` in batches, killed as its `at_run`-th run starts; the state it leaves
    says to look at everything."""
    with monkeypatch.context() as patch:
        scopes = batched_runs(patch, 150)
        real = synchronize._attempt

        def dying(*args: object) -> object:
            if len(scopes) == at_run:
                raise KeyboardInterrupt
            return real(*args)  # type: ignore[arg-type]

        patch.setattr(synchronize, "_attempt", dying)
        with pytest.raises(KeyboardInterrupt):
            sync(base)
    with StateStore(base / ".vaultroad", readonly=True) as store:
        assert store.everything()


@pytest.mark.parametrize("name", list(CHANGES))
def test_a_sync_of_everything_in_batches_ends_where_one_in_one_go_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    base, whole = synced_then_changed(tmp_path, CHANGES[name])
    with monkeypatch.context() as patch:
        patch.setattr(sync_rescan, "RESCAN_BATCH_BYTES", 1 << 30)  # one go
        reference = sync(whole)
    with monkeypatch.context() as patch:
        scopes = batched_runs(patch, 150)
        batched = sync(base)

    assert len(scopes) >= 5, scopes
    assert set().union(*scopes) == {
        p.relative_to(base).as_posix() for p in (base / "Roadmaps").rglob("*.md")
    }
    assert_same_ends(base, batched, whole, reference)


def test_a_sync_of_everything_killed_between_batches_looks_at_everything_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base, whole = synced_then_changed(tmp_path, add_setting('[shared]\nstatus = "linked"\n'))
    reference = sync(whole)

    killed_in_batches(base, monkeypatch, at_run=3)  # after two batches were saved
    with monkeypatch.context() as patch:
        scopes = batched_runs(patch, 150)
        again = sync(base)
    assert len(scopes) >= 5
    assert user_files(base) == user_files(whole)
    assert members_of(base) == members_of(whole)
    assert again.problems == reference.problems
    assert not sync(base).changes


def test_a_roadmap_changed_with_the_settings_is_synced_in_one_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = many_roadmaps(tmp_path / "base")
    sync(base)
    add_setting("# a comment\n")(base)
    edit(base / "Roadmaps/Track 3.md", "- [ ] Docker", "- [x] Docker")
    scopes = batched_runs(monkeypatch, 150)
    report = sync(base)
    assert scopes == []  # a topic may have moved between roadmaps: one go
    assert any(change.path == "Topics/Track 3/Docker.md" for change in report.changes)


def test_a_dry_run_of_everything_is_one_go_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = many_roadmaps(tmp_path / "base")
    sync(base)
    add_setting('[shared]\nstatus = "linked"\n')(base)
    before = user_files(base)
    scopes = batched_runs(monkeypatch, 150)
    report = vaultroad.sync(base, dry_run=True)
    assert scopes == []
    assert report.dry_run
    assert user_files(base) == before


# Edits to one roadmap after which the notes of a shared topic in every other
# roadmap show something else: the run's scope widens to all of them.
WIDENING: dict[str, Change] = {
    "a shared topic retitled": lambda v: edit(
        v / "Roadmaps/Track 3.md", "- [ ] Docker", "- [ ] Dockerfiles"
    ),
    "a shared topic removed": lambda v: edit(
        v / "Roadmaps/Track 3.md", "- [ ] Terraform (4 days)\n", ""
    ),
    "a roadmap retitled": lambda v: edit(v / "Roadmaps/Track 3.md", "# Track 3", "# Track III"),
}


@pytest.mark.parametrize("name", list(WIDENING))
def test_a_scope_widened_to_many_roadmaps_notes_runs_in_batches_and_ends_as_one_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    base, whole = synced_then_changed(tmp_path, WIDENING[name])
    with monkeypatch.context() as patch:
        scopes = batched_runs(patch, 1 << 30)  # one go
        reference = sync(whole)
    assert scopes == [{"Roadmaps/Track 3.md"}]  # widened within the one run
    with monkeypatch.context() as patch:
        scopes = batched_runs(patch, 150)
        attempts: list[set[str]] = []
        real = synchronize._attempt

        def recording(ctx: object, *args: object) -> object:
            attempts.append(set(args[-1]))  # type: ignore[call-overload]
            return real(ctx, *args)  # type: ignore[arg-type]

        patch.setattr(synchronize, "_attempt", recording)
        batched = sync(base)

    assert scopes[0] == {"Roadmaps/Track 3.md"}  # the run that found it must widen
    # Each batch ran once, as it was cut: none widened into the batches after it.
    assert attempts == scopes
    assert len(scopes) >= 5, scopes
    assert scopes[1] == {"Roadmaps/Track 3.md"}
    assert set().union(*scopes[1:]) >= {f"Roadmaps/Track {n}.md" for n in range(9)}
    assert_same_ends(base, batched, whole, reference)


def test_each_run_lets_go_of_what_the_runs_before_it_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A widened run and each batch find the groups of the whole vault and read
    # trees: none of that may be held while the runs after it work (on a large
    # vault it was a third of a sync's memory). Let go on return, not by a
    # garbage collection that a large heap seldom makes.
    base, _ = synced_then_changed(tmp_path, WIDENING["a shared topic retitled"])
    contexts: list[weakref.ref[SyncContext]] = []
    held: list[int] = []
    real = synchronize._attempt

    def recording(ctx: SyncContext, *args: object) -> object:
        held.append(sum(1 for earlier in contexts if earlier() is not None))
        contexts.append(weakref.ref(ctx))
        return real(ctx, *args)  # type: ignore[arg-type]

    batched_runs(monkeypatch, 150)
    monkeypatch.setattr(synchronize, "_attempt", recording)
    sync(base)
    assert len(held) >= 5
    assert held == [0] * len(held)


def test_a_widened_scope_killed_between_batches_ends_as_one_go_at_the_next_sync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base, whole = synced_then_changed(tmp_path, WIDENING["a shared topic retitled"])
    reference = sync(whole)
    killed_in_batches(base, monkeypatch, at_run=4)  # the scope's run and two batches saved
    assert user_files(base) != user_files(whole)  # the later batches' notes are not written
    with monkeypatch.context() as patch:
        batched_runs(patch, 150)
        again = sync(base)
    assert user_files(base) == user_files(whole)
    assert members_of(base) == members_of(whole)
    assert again.problems == reference.problems
    assert not sync(base).changes
