"""`vaultroad watch`: latency from a save to its synced note, and CPU while idle.

On a copy of the sample vault (`vault/`, about a thousand topics) plus one
roadmap of its own (`Roadmaps/Bench.md`, `--saves` topics), the script starts
`vaultroad watch VAULT --json` in a child process and waits for its first
sync. Then, save by save, it ticks the next topic of Bench.md the way an
editor saves (a temporary file renamed over the roadmap) and times the
moment until the watch's JSON line for that sync arrives, checking that the
topic's note then says `status: done`:

  L  save → synced note, median over the saves (it includes the settle
     period, `--settle`, 1 s by default, which the watch waits on purpose)
  L - settle  what the watch adds on top of the wait it is asked for

Then it leaves the watch alone for `--idle` seconds (default 60) and reads
the child's CPU time (user + system, all threads) from /proc/PID/stat
before and after:

  C  CPU time used while idle, in ms (the kernel counts in ticks of
     1/CLK_TCK s, 10 ms on most Linux systems)

Targets: C = 0 ticks over the idle minute (no polling while idle);
median L - settle <= 1 s on the sample vault.

    python benchmarks/bench_watch.py [--saves N] [--settle S] [--idle SECONDS] [--json]

Linux only (it reads /proc).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "vault"
IDLE_TICKS_TARGET = 0
OVERHEAD_TARGET = 1.0  # seconds on top of the settle period
PATIENCE = 120.0  # seconds to wait for one sync's line before giving up


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _cpu_ticks(pid: int) -> int:
    """utime + stime of the process (all its threads), in clock ticks."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def _bench_roadmap(saves: int) -> str:
    return "# Bench\n\n" + "".join(f"- [ ] Bench topic {i}\n" for i in range(saves))


def _save_by_rename(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.bench-save")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


class _Watch:
    def __init__(self, root: Path, settle: float, cache: Path) -> None:
        env = {**os.environ, "VAULTROAD_CACHE_DIR": os.fspath(cache)}
        command = [sys.executable, "-m", "vaultroad", "watch", os.fspath(root), "--json"]
        self.process = subprocess.Popen(
            [*command, "--settle", str(settle)],
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=env,
        )
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        threading.Thread(target=self._gather, daemon=True).start()

    def _gather(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put((time.perf_counter(), line))

    def sync(self) -> tuple[float, dict[str, Any]]:
        """The next sync's JSON line and when it arrived."""
        try:
            arrived, line = self.lines.get(timeout=PATIENCE)
        except queue.Empty:
            self.process.kill()
            raise SystemExit(f"no sync within {PATIENCE} s") from None
        data: dict[str, Any] = json.loads(line)
        if data.get("error"):
            raise SystemExit(f"the watch reported an error: {data['error']}")
        return arrived, data

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=PATIENCE)


def _status(note: Path) -> str:
    for line in note.read_text(encoding="utf-8").splitlines():
        if line.startswith("status:"):
            return line.split(":", 1)[1].strip()
    return ""


def run(saves: int, settle: float, idle: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-watch-") as scratch:
        root = Path(scratch) / "vault"
        shutil.copytree(SAMPLE, root)
        roadmap = root / "Roadmaps" / "Bench.md"
        text = _bench_roadmap(saves)
        roadmap.write_text(text, encoding="utf-8")
        _say("starting the watch (its first sync creates every note)")
        watch = _Watch(root, settle, Path(scratch) / "cache")
        watch.sync()
        latencies = []
        for i in range(saves):
            text = text.replace(f"- [ ] Bench topic {i}\n", f"- [x] Bench topic {i}\n")
            saved = time.perf_counter()
            _save_by_rename(roadmap, text)
            arrived, data = watch.sync()
            note = root / "Topics" / "Bench" / f"Bench topic {i}.md"
            if data["changed"] != ["Roadmaps/Bench.md"] or _status(note) != "done":
                raise SystemExit(f"save {i}: unexpected sync {data['changed']}, note {note}")
            latencies.append(arrived - saved)
            _say(f"save {i + 1}/{saves}: {1000 * (arrived - saved):.0f} ms")
        _say(f"idle for {idle:.0f} s")
        before, started = _cpu_ticks(watch.process.pid), time.perf_counter()
        time.sleep(idle)
        after, ended = _cpu_ticks(watch.process.pid), time.perf_counter()
        extra = [] if watch.lines.empty() else ["a line was printed while idle"]
        code = watch.stop()
    hertz = os.sysconf("SC_CLK_TCK")
    median = statistics.median(latencies)
    ticks = after - before
    return {
        "schema": "vaultroad.bench_watch/1",
        "saves": saves,
        "settle_s": settle,
        "latency_median_s": round(median, 4),
        "latency_min_s": round(min(latencies), 4),
        "latency_max_s": round(max(latencies), 4),
        "overhead_median_s": round(median - settle, 4),
        "idle_s": round(ended - started, 1),
        "idle_cpu_ticks": ticks,
        "idle_cpu_ms": round(1000 * ticks / hertz, 1),
        "clock_ticks_per_s": hertz,
        "exit_code": code,
        "anomalies": extra,
        "passed": ticks <= IDLE_TICKS_TARGET
        and median - settle <= OVERHEAD_TARGET
        and code == 0
        and not extra,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--settle", type=float, default=1.0)
    parser.add_argument("--idle", type=float, default=60.0)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    result = run(options.saves, options.settle, options.idle)
    if options.json:
        print(json.dumps(result))
        return
    print(
        f"save → synced note: median {1000 * result['latency_median_s']:.0f} ms "
        f"(min {1000 * result['latency_min_s']:.0f}, max {1000 * result['latency_max_s']:.0f}) "
        f"over {result['saves']} saves, of which the settle period is "
        f"{1000 * result['settle_s']:.0f} ms: "
        f"{1000 * result['overhead_median_s']:.0f} ms on top (target ≤ {OVERHEAD_TARGET:.0f} s)"
    )
    print(
        f"idle: {result['idle_cpu_ticks']} ticks = {result['idle_cpu_ms']:.0f} ms CPU over "
        f"{result['idle_s']:.0f} s (target {IDLE_TICKS_TARGET} ticks)"
    )
    for anomaly in result["anomalies"]:
        print(f"anomaly: {anomaly}")
    print("PASS" if result["passed"] else "FAIL")


if __name__ == "__main__":
    main()
