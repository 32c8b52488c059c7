"""`vaultroad watch` as a real process on a temporary vault, edited as editors do.

Each test starts the command, edits files the ways editors save them (a
temporary file renamed over the original, a file truncated and written in
parts, several saves in a row while typing) and reads the JSON line of every
sync. Nothing waits for a fixed time: each step waits (up to a minute) for
the next sync's line, then checks which files caused it (so a sync started
by the watch's own writes would show) and what it wrote.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

import pytest

from vaultroad.fileio import TEMP_SUFFIX
from vaultroad.lock import vault_lock
from vaultroad.synchronize import sync

PLAN = "# Plan\n\n- [ ] Git\n- [ ] SQL\n- [ ] Docker\n- [ ] Redis\n"
# Long enough that a loaded machine never pauses between the parts of one
# save for that long; the edits below make their parts well within it.
SETTLE = "2"
PATIENCE = 60.0  # seconds to wait for any one line or exit
MAP = "Maps/Plan.canvas"  # the roadmap's map: every status change recolours a card


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _as_background_job() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class Watch:
    """A running `vaultroad watch`, its output lines gathered by threads."""

    def __init__(
        self,
        root: Path,
        tmp_path: Path,
        *options: str,
        cwd: Path | None = None,
        background: bool = False,
    ) -> None:
        env = {**os.environ, "VAULTROAD_CACHE_DIR": os.fspath(tmp_path / "cache")}
        command = [sys.executable, "-m", "vaultroad", "watch", os.fspath(root)]
        self.process = subprocess.Popen(
            [*command, "--settle", SETTLE, *options],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=env,
            # As from a terminal: a test run started in the background (CI
            # under nohup, `cmd &`) ignores SIGINT, its children inherit that,
            # and the watch rightly leaves an ignored signal ignored.
            preexec_fn=_as_background_job if background else _interruptible,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.errors: list[str] = []
        assert self.process.stdout is not None and self.process.stderr is not None
        self._threads = [
            threading.Thread(target=self._gather, args=(self.process.stdout, self.lines.put)),
            threading.Thread(target=self._gather, args=(self.process.stderr, self.errors.append)),
        ]
        for thread in self._threads:
            thread.start()

    @staticmethod
    def _gather(stream: IO[str], put: Any) -> None:
        for line in stream:
            put(line.rstrip("\n"))

    def line(self) -> str:
        try:
            return self.lines.get(timeout=PATIENCE)
        except queue.Empty:
            self.process.kill()
            raise AssertionError(f"no line within {PATIENCE} s; stderr: {self.errors}") from None

    def sync(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.line())
        return data

    def stop(self, number: signal.Signals) -> int:
        self.process.send_signal(number)
        try:
            code = self.process.wait(timeout=PATIENCE)
        finally:
            self.process.kill()
        for thread in self._threads:
            thread.join(timeout=PATIENCE)
        return code

    def rest(self) -> list[str]:
        """The lines not read yet (after the process ended)."""
        left = []
        while not self.lines.empty():
            left.append(self.lines.get())
        return left


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / "Roadmaps").mkdir(parents=True)
    (root / "Roadmaps" / "Plan.md").write_text(PLAN, encoding="utf-8")
    (root / ".obsidian").mkdir()
    return root


def _status(note: Path) -> str:
    for line in note.read_text(encoding="utf-8").splitlines():
        if line.startswith("status:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError(f"no status in {note}")


def _written(report: dict[str, Any]) -> set[str]:
    return {change["path"] for change in report["changes"]}


def _save_by_rename(path: Path, text: str) -> None:
    """As most editors save: a temporary file beside it, renamed over it."""
    temporary = path.with_name(f".{path.name}.swp-{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)  # os.replace


def _save_in_parts(path: Path, text: str) -> None:
    """As Obsidian saves: the file truncated, then written in pieces."""
    data = text.encode("utf-8")
    with path.open("r+b") as handle:
        handle.truncate(0)
        for start in range(0, len(data), 16):
            handle.write(data[start : start + 16])
            handle.flush()
            os.fsync(handle.fileno())
            time.sleep(0.01)


def _leftovers(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.name.endswith(TEMP_SUFFIX)]


def test_every_save_is_synced_once_and_a_sigterm_ends_it_cleanly(
    vault: Path, tmp_path: Path
) -> None:
    roadmap = vault / "Roadmaps" / "Plan.md"
    notes = vault / "Topics" / "Plan"
    watch = Watch(vault, tmp_path, "--json")

    first = watch.sync()
    assert first["changed"] == [] and first["first_run"]
    assert {"Topics/Plan/Git.md", "Progress.md"} <= _written(first)

    # A roadmap saved through a temporary file renamed over it.
    _save_by_rename(roadmap, PLAN.replace("[ ] Git", "[x] Git"))
    report = watch.sync()
    assert report["changed"] == ["Roadmaps/Plan.md"]
    assert _written(report) == {"Topics/Plan/Git.md", "Progress.md", MAP}
    assert _status(notes / "Git.md") == "done"

    # A note truncated and written in small pieces: synced once, complete.
    sql = notes / "SQL.md"
    _save_in_parts(sql, sql.read_text(encoding="utf-8").replace("status: todo", "status: doing"))
    report = watch.sync()
    assert report["changed"] == ["Topics/Plan/SQL.md"]
    assert _written(report) == {"Roadmaps/Plan.md", "Progress.md", MAP}
    assert "- [/] SQL" in roadmap.read_text(encoding="utf-8")

    # Typing in the roadmap: a save every tenth of a second, the last one
    # ticking Docker. The editor holds the file as the sync left it.
    typed = roadmap.read_text(encoding="utf-8")
    for count in range(1, 6):
        typed_now = typed + "\nDocker compose next"[: count * 4] + "\n"
        if count == 5:
            typed_now = typed_now.replace("[ ] Docker", "[x] Docker")
        roadmap.write_text(typed_now, encoding="utf-8")
        time.sleep(0.1)
    report = watch.sync()
    assert report["changed"] == ["Roadmaps/Plan.md"]
    assert _written(report) == {"Topics/Plan/Docker.md", "Progress.md", MAP}

    # One more change: had the last sync's writes started a sync of their
    # own, its line would come here, or their paths would be in `changed`.
    redis = notes / "Redis.md"
    _save_by_rename(
        redis, redis.read_text(encoding="utf-8").replace("status: todo", "status: done")
    )
    report = watch.sync()
    assert report["changed"] == ["Topics/Plan/Redis.md"]
    # (The note too, when the sync adds the date it was finished.)
    expected = {"Roadmaps/Plan.md", "Progress.md", MAP}
    assert expected <= _written(report) <= {*expected, "Topics/Plan/Redis.md"}

    assert watch.stop(signal.SIGTERM) == 0
    assert watch.rest() == []
    assert not any("Traceback" in line for line in watch.errors), watch.errors
    # Nothing lost: the typed text is all there, with Redis ticked by the sync.
    assert roadmap.read_text(encoding="utf-8") == typed_now.replace("[ ] Redis", "[x] Redis")
    assert [_status(notes / f"{t}.md") for t in ("Git", "SQL", "Docker", "Redis")] == [
        "done",
        "doing",
        "done",
        "done",
    ]
    assert _leftovers(vault) == []
    assert (vault / ".vaultroad" / "lock").read_bytes() == b""
    after = sync(vault)
    assert after.changes == () and after.in_sync


def test_ctrl_c_ends_it_cleanly_and_it_waits_for_a_locked_vault(
    vault: Path, tmp_path: Path
) -> None:
    # The vault named by a relative path through a symbolic link: events come
    # for the real path, and must still be recognised as the vault's.
    (tmp_path / "link").symlink_to(vault, target_is_directory=True)
    with vault_lock(vault / ".vaultroad"):
        watch = Watch(Path("link"), tmp_path, cwd=tmp_path)
        locked = watch.line()
        assert "start: error:" in locked and "another vaultroad sync is running" in locked
    first = watch.line()  # once the lock is free, the first sync runs
    assert "start: created" in first and "Topics/Plan" in first

    _save_by_rename(vault / "Roadmaps" / "Plan.md", PLAN.replace("[ ] Git", "[x] Git"))
    line = watch.line()
    assert "link/Roadmaps/Plan.md: updated link/Topics/Plan/Git.md (Git)" in line

    assert watch.stop(signal.SIGINT) == 0
    assert watch.rest() == []
    assert any(line.startswith("stopped watching") for line in watch.errors), watch.errors
    assert not any("Traceback" in line for line in watch.errors), watch.errors
    assert _leftovers(vault) == []
    assert (vault / ".vaultroad" / "lock").read_bytes() == b""


def test_a_watch_started_as_a_background_job_leaves_ctrl_c_ignored(
    vault: Path, tmp_path: Path
) -> None:
    # `vaultroad watch vault &` from a script: the shell has it ignore SIGINT,
    # so a Ctrl-C meant for the foreground does not stop it; SIGTERM does.
    watch = Watch(vault, tmp_path, background=True)
    assert "start: created" in watch.line()
    watch.process.send_signal(signal.SIGINT)
    _save_by_rename(vault / "Roadmaps" / "Plan.md", PLAN.replace("[ ] Git", "[x] Git"))
    assert "Roadmaps/Plan.md: updated" in watch.line()  # still watching
    assert watch.stop(signal.SIGTERM) == 0
