"""The fault-injection seam of the file layer: off in normal use, on in the fault tests.

Every call that changes the disk (make a folder, create, write, fsync, chmod,
rename, link, unlink, truncate) goes through `step()` first. With
`VAULTROAD_FAULT` unset, `step()` returns at once. The fault tests set it to

- `kill@N`: the process kills itself (SIGKILL, no clean-up) at the N-th step,
  before that step's system call: everything up to step N-1 happened;
- `enospc@N`, `eacces@N`, `eio@N`: step N raises that `OSError` instead of
  running, as a full disk, a permission or a failing disk would;

and `VAULTROAD_FAULT_LOG=PATH` appends one line per step (`N kind path`), so a
test can count a run's steps and then try every one of them.
"""

from __future__ import annotations

import errno
import os

__all__ = ["step"]

_ERRORS = {"enospc": errno.ENOSPC, "eacces": errno.EACCES, "eio": errno.EIO}


def _plan() -> tuple[str, int] | None:
    spec = os.environ.get("VAULTROAD_FAULT", "")
    kind, _, number = spec.partition("@")
    if not spec:
        return None
    if (kind != "kill" and kind not in _ERRORS) or not number.isdigit():
        raise ValueError(f"VAULTROAD_FAULT must be kill@N or enospc|eacces|eio@N, not {spec!r}")
    return kind, int(number)


_PLAN = _plan()
_LOG = os.environ.get("VAULTROAD_FAULT_LOG") or None
_ACTIVE = _PLAN is not None or _LOG is not None
_count = 0


def step(kind: str, path: str | os.PathLike[str]) -> None:
    """Count one disk-changing step; kill or fail here when the seam says so."""
    if not _ACTIVE:
        return
    global _count
    _count += 1
    if _LOG is not None:
        with open(_LOG, "a", encoding="utf-8") as log:  # noqa: PTH123 (a log, not a vault file)
            log.write(f"{_count} {kind} {os.fspath(path)}\n")
    if _PLAN is None or _PLAN[1] != _count:
        return
    if _PLAN[0] == "kill":
        import signal

        os.kill(os.getpid(), signal.SIGKILL)
    code = _ERRORS[_PLAN[0]]
    raise OSError(code, os.strerror(code), os.fspath(path))
