"""Syncs while another program writes: no appended line lost, no status change lost.

A writer process (faults_support.writer_main) appends numbered paragraphs to
a roadmap and to a topic note (below its managed block), and flips the
note's `status:` between todo and done, recording each value and when it was
written, while this process runs syncs back to back. Afterwards:

- every numbered line is in its file exactly once (or, where the writer and
  a sync wrote at the same instant, in the `.vaultroad-rescued` file the
  sync keeps beside it, as fileio documents: reported, never lost);
- every status value the note held through a whole sync reached the roadmap
  in that sync, or that sync reported a problem with the note or the
  roadmap (a status overwritten by the writer before any sync could see it
  is not a lost change);
- once the writer stops, at most two syncs bring everything into step and a
  further sync writes nothing; roadmap and note then hold the last value.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from budget import LONG, budget
from faults_support import (
    RESCUED_SUFFIX,
    concurrent_writer,
    note_of,
    scorecard,
    scratch_folder,
    second_sync_writes,
    small_vault,
    status_in,
    sync_now,
)

SYNCS = budget(ci=30, long=400)
# And for at least this long, so the writer flips the status often enough
# however fast the syncs run on this machine.
SECONDS = budget(ci=2, long=60)
TOPIC = "Functions"  # todo in the small vault


@pytest.fixture
def work(tmp_path: Path) -> Iterator[Path]:
    with scratch_folder(tmp_path) as folder:
        yield folder


@dataclass(frozen=True)
class SyncRun:
    start: int  # time.monotonic_ns()
    end: int
    roadmap_status: str  # the topic's status in the roadmap right after the sync
    reported: bool  # the sync reported a problem or conflict with the note or the roadmap
    problems: int


def numbered(text: str, pattern: str) -> Counter[int]:
    """How often each numbered line of `pattern` (with {} for the number) is in `text`."""
    regex = "^" + re.escape(pattern).replace(r"\{\}", r"(\d+)") + "$"
    return Counter(int(m) for m in re.findall(regex, text, re.MULTILINE))


def lost_lines(path: Path, pattern: str, total: int) -> tuple[list[int], list[int], list[int]]:
    """(lost, duplicated, only in a rescued copy) of lines 1…total appended to `path`."""
    counts = numbered(path.read_text(encoding="utf-8"), pattern)
    rescued: Counter[int] = Counter()
    for copy in path.parent.glob(path.name + "*" + RESCUED_SUFFIX):
        rescued += numbered(copy.read_text(encoding="utf-8"), pattern)
    missing = [n for n in range(1, total + 1) if counts[n] == 0]
    return (
        [n for n in missing if rescued[n] == 0],
        sorted(n for n, c in counts.items() if c > 1),
        [n for n in missing if rescued[n] > 0],
    )


def test_concurrent_writers_lose_no_line_and_no_status(work: Path) -> None:
    root = small_vault(work / "vault")
    sync_now(root)
    roadmap = root / "Roadmaps" / "Plan.md"
    note = note_of(root, "Roadmaps/Plan.md", TOPIC)
    watched = {"Roadmaps/Plan.md", note.relative_to(root).as_posix()}
    runs: list[SyncRun] = []
    with concurrent_writer(roadmap, note, work, seed=20260101) as log:
        until = time.monotonic() + SECONDS
        while len(runs) < SYNCS or time.monotonic() < until:
            start = time.monotonic_ns()
            report = sync_now(root)
            end = time.monotonic_ns()
            places = {p.path for p in report.problems} | {c.note for c in report.conflicts}
            runs.append(
                SyncRun(
                    start,
                    end,
                    status_in(roadmap, TOPIC),
                    bool(places & watched) or bool(report.conflicts),
                    len(report.problems),
                )
            )
    written = json.loads(log.read_text(encoding="utf-8"))

    # The writer has stopped: at most two syncs settle everything.
    settling = [sync_now(root) for _ in range(2)]
    further = second_sync_writes(root)

    lines = written["lines"]
    lost_r, twice_r, rescued_r = lost_lines(roadmap, "appended roadmap line {}", lines)
    lost_n, twice_n, rescued_n = lost_lines(note, "appended note line {}", lines)

    flips = written["flips"]
    lost_status = []
    checked = 0
    raced_flips = sum(1 for flip in flips if flip["raced"])
    for index, flip in enumerate(flips):
        closes = flips[index + 1]["start"] if index + 1 < len(flips) else float("inf")
        whole = [run for run in runs if flip["end"] < run.start and run.end < closes]
        if not whole or flip["raced"]:
            continue
        checked += 1
        wrong = [run for run in whole if run.roadmap_status != flip["value"] and not run.reported]
        if wrong:
            lost_status.append(
                f"flip {index} to {flip['value']}: {len(wrong)} of {len(whole)} syncs that ran"
                f" while the note held it left the roadmap at {wrong[0].roadmap_status}"
                " and reported nothing"
            )
    final = flips[-1]["value"] if flips else "todo"
    note_status = re.search(r"^status: (\w+)$", note.read_text(encoding="utf-8"), re.MULTILINE)

    scorecard(
        "concurrent writers",
        syncs=len(runs),
        appended_lines=2 * lines,
        lost_lines=len(lost_r) + len(lost_n),
        rescued_lines=len(rescued_r) + len(rescued_n),
        status_changes=len(flips),
        status_changes_checked=checked,
        status_changes_lost=len(lost_status),
        status_changes_raced=raced_flips,
        syncs_reporting_a_race=sum(1 for run in runs if run.reported),
    )
    assert len(runs) >= SYNCS
    assert lines >= 10 and len(flips) >= (50 if LONG else 3), written  # it did write meanwhile
    assert (lost_r, lost_n) == ([], []), (
        f"appended lines lost (roadmap, note); raced with a rename: {written['raced_lines']}"
    )
    assert (twice_r, twice_n) == ([], []), "appended lines duplicated"
    assert lost_status == [], "\n".join(lost_status)
    assert checked > 0, "no status value was held through a whole sync: widen the windows"
    assert further == [], further
    assert settling[-1].in_sync, settling[-1]
    assert note_status is not None and note_status[1] == final
    assert status_in(roadmap, TOPIC) == final


def test_a_write_to_the_replaced_roadmap_after_its_rename_is_put_back(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The window the writer above hits only now and then, made certain: an
    # editor opens the roadmap before the sync renames its new text over it,
    # and writes (through that descriptor, into the replaced file) while the
    # sync goes on writing its other files.
    import os

    from vaultroad import fileio

    root = small_vault(work / "vault")
    sync_now(root)
    roadmap = root / "Roadmaps" / "Plan.md"
    note = note_of(root, "Roadmaps/Plan.md", TOPIC)
    note.write_text(note.read_text(encoding="utf-8").replace("status: todo", "status: done"))
    before = roadmap.read_bytes()
    editor: list[int] = []
    from vaultroad.faults import step as real_step

    def step(what: str, path: str | os.PathLike[str]) -> None:
        if what == "rename" and os.fspath(path) == str(roadmap) and not editor:
            editor.append(os.open(roadmap, os.O_WRONLY | os.O_APPEND))
        elif what == "rename" and editor and editor[0] >= 0:
            os.write(editor[0], b"\ntyped after the rename\n")
            os.close(editor[0])
            editor[0] = -1
        real_step(what, path)

    monkeypatch.setattr(fileio, "step", step)
    report = sync_now(root)
    monkeypatch.undo()

    assert editor == [-1], "the sync wrote no file after the roadmap"
    assert roadmap.read_bytes() == before + b"\ntyped after the rename\n"
    problems = {p.path: p.message for p in report.problems}
    assert "its new text is kept" in problems.get("Roadmaps/Plan.md", ""), report
    # Nothing lost either way: the next sync applies the note's status to the
    # roadmap as it now is, appended text included.
    again = sync_now(root)
    assert again.in_sync, again
    assert status_in(roadmap, TOPIC) == "done"
    assert b"typed after the rename" in roadmap.read_bytes()
