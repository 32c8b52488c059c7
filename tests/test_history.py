"""The history of status changes: recorded by sync, seeded, migrated, and shown in Progress.md.

The month is scripted with a fixed clock (`sync(..., today=...)`); every
expected number is worked out by hand in the test, not read from the output.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import vaultroad
from budget import budget
from vaultroad.history import (
    EMPTY,
    History,
    StatusChange,
    seed_changes,
    status_changes,
    weekly_done,
)
from vaultroad.model import Status
from vaultroad.notes import canonical
from vaultroad.state_db import StateStore
from vaultroad.summary import RoadmapSummary, render_summary
from vaultroad.sync_summary_parts import RoadmapPart, assembled_lines, part_of
from vaultroad.synchronize import sync

D = dt.date
PLAN = "Roadmaps/Plan.md"
TOPICS = [f"t{n}" for n in range(1, 11)]


# --- the pure part


def test_only_a_status_that_moved_is_a_change_and_a_new_topic_is_none() -> None:
    before = {"a": Status.TODO, "b": Status.DONE, "c": Status.DOING}
    after = [("a", "R.md", Status.DONE), ("b", "R.md", Status.TODO), ("c", "R.md", Status.DOING)]
    after.append(("new", "R.md", Status.DONE))
    found = status_changes(before, after, D(2026, 11, 2))
    assert found == [
        StatusChange(D(2026, 11, 2), "a", "R.md", Status.TODO, Status.DONE),
        StatusChange(D(2026, 11, 2), "b", "R.md", Status.DONE, Status.TODO),
    ]
    assert [c.done_delta for c in found] == [1, -1]


def test_seeding_takes_the_done_topics_that_have_a_date() -> None:
    entries = [
        ("a", "R.md", Status.DONE, "2026-10-05"),
        ("b", "R.md", Status.DONE, None),  # done when first seen: no date to go by
        ("c", "R.md", Status.TODO, None),
        ("d", "R.md", Status.SKIPPED, None),
    ]
    assert seed_changes(entries) == [StatusChange(D(2026, 10, 5), "a", "R.md", None, Status.DONE)]


def test_the_weekly_burn_up_counts_back_from_the_topics_done_now() -> None:
    history = History.from_days([(D(2026, 11, 2), 2), (D(2026, 11, 9), 1), (D(2026, 11, 23), 1)])
    history = history.merged(History.from_days([(D(2026, 11, 16), 0), (D(2026, 11, 23), 2)]))
    # 9 done now, 2 of them before the history began (no dates).
    weeks = weekly_done(history, 9, D(2026, 11, 23), 5)
    assert [(w.end, w.done) for w in weeks] == [
        (D(2026, 10, 26), 3),
        (D(2026, 11, 2), 5),
        (D(2026, 11, 9), 6),
        (D(2026, 11, 16), 6),
        (D(2026, 11, 23), 9),
    ]


# --- a scripted month of sync


def _vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / "Roadmaps").mkdir(parents=True)
    (root / PLAN).write_text("# Plan\n\n" + "".join(f"- [ ] {t}\n" for t in TOPICS), "utf-8")
    return root


def _tick(root: Path, *titles: str, box: str = "[x]") -> None:
    path = root / PLAN
    lines = path.read_text("utf-8").splitlines(keepends=True)
    for title in titles:
        lines = [line[:2] + box + line[5:] if line[6:-1] == title else line for line in lines]
    path.write_text("".join(lines), "utf-8")


def _later(path: Path) -> None:
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 60_000_000_000))


def _set_note_status(root: Path, title: str, status: str) -> None:
    note = root / "Topics" / "Plan" / f"{title}.md"
    text = note.read_text("utf-8")
    assert "status: todo\n" in text
    note.write_text(text.replace("status: todo\n", f"status: {status}\n", 1), "utf-8")
    _later(note)


def _files(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".vaultroad" not in p.parts
    }


def _changes(root: Path) -> list[tuple[dt.date, str, str | None, str]]:
    """The history as (date, topic title, before, after)."""
    titles = {t.id: t.title for t in vaultroad.load(root / PLAN).topics()}
    with StateStore(root / ".vaultroad", readonly=True) as store:
        return [
            (c.date, titles[c.topic], c.before.value if c.before else None, c.after.value)
            for c in store.changes()
        ]


def _scripted_month(root: Path) -> None:
    """Two done on Nov 2 (roadmap side), one on Nov 9 (note side), on Nov 16 one done
    and t1 undone, on Nov 23 three done (t1 again)."""
    sync(root, today=D(2026, 11, 1))
    _tick(root, "t1", "t2")
    sync(root, today=D(2026, 11, 2))
    _set_note_status(root, "t3", "done")
    sync(root, today=D(2026, 11, 9))
    _tick(root, "t4")
    _tick(root, "t1", box="[ ]")
    sync(root, today=D(2026, 11, 16))
    _tick(root, "t5", "t6", "t1")
    sync(root, today=D(2026, 11, 23))


def test_a_scripted_month_gives_its_changes_chart_pace_and_date(tmp_path: Path) -> None:
    root = _vault(tmp_path)
    sync(root, today=D(2026, 11, 1))
    summary = (root / "Progress.md").read_text("utf-8")
    assert "## Pace" not in summary and "xychart" not in summary  # no history yet
    root = _vault(tmp_path / "again")
    _scripted_month(root)

    assert _changes(root) == [
        (D(2026, 11, 2), "t1", "todo", "done"),
        (D(2026, 11, 2), "t2", "todo", "done"),
        (D(2026, 11, 9), "t3", "todo", "done"),
        (D(2026, 11, 16), "t1", "done", "todo"),  # done then undone: two changes
        (D(2026, 11, 16), "t4", "todo", "done"),
        (D(2026, 11, 23), "t1", "todo", "done"),
        (D(2026, 11, 23), "t5", "todo", "done"),
        (D(2026, 11, 23), "t6", "todo", "done"),
    ]
    # As of Nov 23: 6 done, 4 left. In the 4 weeks to Nov 23 (Oct 27 to Nov 23):
    # 2 + 1 + (1 - 1) + 3 = 6 done, 1.5 a week; 4 left take 4 / 1.5 weeks =
    # 18.67 days, 19 whole days: Dec 12, about 3 weeks.
    forecast = (
        "6 topics done in the 4 weeks to 2026-11-23; at your pace: about 3 weeks, by 2026-12-12"
    )
    # Weeks ending Oct 26 … Nov 23 (back to the week before the first change):
    # done at their ends 0, 2, 3, 3 (t4 in, t1 out), 6.
    chart = [
        "```mermaid",
        "xychart-beta",
        '    title "Topics done, all roadmaps"',
        '    x-axis ["Oct 26", "Nov 2", "Nov 9", "Nov 16", "Nov 23"]',
        '    y-axis "Topics done" 0 --> 6',
        "    line [0, 2, 3, 3, 6]",
        "```",
    ]
    summary = (root / "Progress.md").read_text("utf-8")
    lines = summary.splitlines()
    start = lines.index("## Pace")
    assert lines[start + 2 : start + 4] == [
        f"- All roadmaps — {forecast}",
        f"- [[Roadmaps/Plan|Plan]] — {forecast}",
    ]
    assert lines[start + 5 : start + 5 + len(chart)] == chart
    mine = lines.index("## Plan over time")
    assert lines[mine + 2 : mine + 2 + len(chart)] == [
        *chart[:2],
        '    title "Topics done"',
        *chart[3:],
    ]
    assert (
        canonical(summary[summary.index("%% vaultroad:begin") :])
        == summary[summary.index("%% vaultroad:begin") :]
    )


def test_a_later_day_with_no_status_change_rewrites_nothing(tmp_path: Path) -> None:
    """The forecast is made as of the latest change, not the run's day: a sync a week
    later with nothing new writes nothing, and one where only a note's own text
    changed leaves Progress.md as it was."""
    root = _vault(tmp_path)
    _scripted_month(root)
    before = _files(root)
    assert not sync(root, today=D(2026, 12, 1)).changes
    assert _files(root) == before
    note = root / "Topics" / "Plan" / "t7.md"
    note.write_text(note.read_text("utf-8") + "\nMy own notes.\n", "utf-8")
    _later(note)
    report = sync(root, today=D(2026, 12, 8))
    assert [c.path for c in report.changes] == []
    after = _files(root)
    assert after["Progress.md"] == before["Progress.md"]
    assert len(_changes(root)) == 8  # nothing recorded


def test_a_state_lost_is_seeded_from_the_notes_completed_dates(tmp_path: Path) -> None:
    root = _vault(tmp_path)
    _scripted_month(root)
    for path in sorted((root / ".vaultroad").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    sync(root, today=D(2026, 12, 1))
    # One change to done per done topic, on the date its note shows (t1: its second time).
    assert sorted(_changes(root)) == [
        (D(2026, 11, 2), "t2", None, "done"),
        (D(2026, 11, 9), "t3", None, "done"),
        (D(2026, 11, 16), "t4", None, "done"),
        (D(2026, 11, 23), "t1", None, "done"),
        (D(2026, 11, 23), "t5", None, "done"),
        (D(2026, 11, 23), "t6", None, "done"),
    ]
    # The same pace (6 done in the 4 weeks to Nov 23); the burn-up differs where
    # t1's first time is not known: t2 alone by the end of Nov 2, then 2, 3, 6.
    text = (root / "Progress.md").read_text("utf-8")
    assert text.count("6 topics done in the 4 weeks to 2026-11-23; at your pace") == 2
    assert text.count("    line [0, 1, 2, 3, 6]") == 2


def test_a_state_of_the_version_before_the_history_is_migrated_and_seeded(tmp_path: Path) -> None:
    """The previous version's database is this one's without the `history` table (same
    format name): its first run here looks at the whole vault, seeds the history from
    the notes' `completed:` dates and adds "Pace" to the summary, even though no file
    changed; the run after writes nothing."""
    root = _vault(tmp_path)
    _scripted_month(root)
    with sqlite3.connect(root / ".vaultroad" / "state.db") as db:
        db.execute("DROP TABLE history")
    db.close()
    summary = root / "Progress.md"
    text = summary.read_text("utf-8")
    start, end = text.index("\n## Pace"), text.index("\n## Next up")
    old = text[:start] + text[end:]  # what the previous version wrote there
    summary.write_text(old, "utf-8")
    before = _files(root)

    report = sync(root, today=D(2026, 12, 1))
    assert [c.path for c in report.changes] == ["Progress.md"]
    assert len(_changes(root)) == 6
    assert all(before == "done" or before is None for _, _, before, _ in _changes(root))
    assert summary.read_text("utf-8").count("at your pace: about 3 weeks, by 2026-12-12") == 2
    after = _files(root)
    assert {k: v for k, v in after.items() if k != "Progress.md"} == {
        k: v for k, v in before.items() if k != "Progress.md"
    }
    assert not sync(root, today=D(2026, 12, 2)).changes


def test_a_renamed_roadmap_keeps_its_history(tmp_path: Path) -> None:
    root = _vault(tmp_path)
    _scripted_month(root)
    (root / PLAN).rename(root / "Roadmaps" / "Plan B.md")
    sync(root, today=D(2026, 11, 24))
    with StateStore(root / ".vaultroad", readonly=True) as store:
        assert set(store.histories()) == {"Roadmaps/Plan B.md"}
    text = (root / "Progress.md").read_text("utf-8")
    assert "[[Roadmaps/Plan B|Plan]] — 6 topics done in the 4 weeks to 2026-11-23" in text


# --- the summary, whole or assembled from kept parts


def test_the_summary_assembled_from_parts_shows_the_same_pace() -> None:
    trees = {
        "Roadmaps/A.md": vaultroad.parse(
            "# A\n\n## One\n\n- [x] a (2 days)\n- [ ] b (3 days)\n- [ ] c\n", "Roadmaps/A.md"
        ),
        "Roadmaps/B.md": vaultroad.parse("# B\n\n- [ ] d\n- [/] e\n", "Roadmaps/B.md"),
        "Roadmaps/C.md": vaultroad.parse("# C\n\n- [x] f\n", "Roadmaps/C.md"),
    }
    histories = {
        "Roadmaps/A.md": History.from_days([(D(2026, 9, 1), 1), (D(2026, 10, 3), 0)]),
        "Roadmaps/C.md": History.from_days([(D(2026, 10, 20), 1)]),
    }
    notes = {t.id: f"Topics/{t.title}" for tree in trees.values() for t in tree.topics()}
    items = [
        RoadmapSummary(tree, path[:-3], notes, histories.get(path, EMPTY))
        for path, tree in trees.items()
    ]
    expected = render_summary(items, [])
    assert "## Pace" in expected and "## A over time" in expected and "B over time" not in expected
    everything = EMPTY.merged(*histories.values())
    parts = [part_of(i.roadmap, i.link, i.history, notes) for i in items]
    assert "\n".join(assembled_lines(parts, [], history=everything)) == expected
    kept = [RoadmapPart.from_json(p.to_json()) for p in parts]
    assert "\n".join(assembled_lines(kept, [], history=everything)) == expected


days = st.lists(st.tuples(st.dates(D(2025, 1, 1), D(2027, 1, 1)), st.integers(-3, 5)), max_size=12)


@settings(max_examples=budget(fast=40, ci=200, long=2000), deadline=None)
@given(days, st.sampled_from(["[ ]", "[x]", "[/]", "[-]"]), st.sampled_from(["Plan", "A *b* [c]"]))
def test_the_summary_with_a_history_is_as_mdformat_writes_it(
    found: list[tuple[dt.date, int]], box: str, title: str
) -> None:
    tree = vaultroad.parse(f"# {title}\n\n- {box} a (2 days)\n- [ ] b\n", "Roadmaps/P.md")
    item = RoadmapSummary(tree, "Roadmaps/P", {}, History.from_days(found))
    block = render_summary([item], [])
    assert canonical(block) == block
    assert ("## Pace" in block) == bool(found)
    # A history of other statuses alone (or of done undone the same day) draws no burn-up.
    net: dict[dt.date, int] = {}
    for day, delta in found:
        net[day] = net.get(day, 0) + delta
    assert ("xychart-beta" in block) == any(net.values())
