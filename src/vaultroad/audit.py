"""`check(paths)`: every rule over files and vaults, and the safe fixes, written safely.

Per file: the bytes must be UTF-8 (VR401, reported with the byte offset and
never decoded lossily), the text must not be mojibake (VR402, repaired by
`fix` fragment by fragment, every fragment it cannot recover reported with
its line), then the checklist rules of `check.check_text` run on roadmap
files. A folder given as a path is a vault: its roadmaps are checked, and
with them the vault-wide rules — duplicate topic ids across roadmaps
(VR302), notes disagreeing with their roadmap (VR501) and a stale summary
(VR502), both found by a dry-run sync.

Fixed text goes through the same writer as every other edit: atomic, only
when the bytes change, and only if the file still holds what was read.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DecodeError, VaultroadError
from .model import Roadmap
from .mojibake_repair import find_mojibake, repair_mojibake
from .rules import CheckOptions, Problem, check_roadmap, check_text
from .source import decode

if TYPE_CHECKING:
    from .vault import Vault

__all__ = ["CheckRun", "check", "run_check"]


def _wanted(code: str, options: CheckOptions) -> bool:
    return options.wants(code)


class CheckRun:
    """What one check run found and did. A plain class: see rules.Problem on start-up cost."""

    __slots__ = ("files", "fixed", "pending", "problems", "written")

    def __init__(self) -> None:
        self.problems: list[Problem] = []  # those left after fixing
        self.fixed = 0  # problems fixed
        self.files = 0  # files checked
        self.written: list[str] = []  # files rewritten by fixes
        self.pending: list[tuple[Path, str, bytes]] = []  # fixes to write: path, text, read


def check(
    paths: Iterable[str | os.PathLike[str]],
    fix: bool = False,
    options: CheckOptions | None = None,
) -> list[Problem]:
    """Problems left in `paths` (files or vault folders); with `fix`, after the safe fixes."""
    return run_check(paths, fix, options).problems


def run_check(
    paths: Iterable[str | os.PathLike[str]],
    fix: bool = False,
    options: CheckOptions | None = None,
) -> CheckRun:
    """`check`, with the counts a report needs."""
    options = options or CheckOptions()
    run = CheckRun()
    files: list[Path] = []
    vaults: list[Vault] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            from .vault import Vault  # a folder: only then the vault and its config

            vault = Vault.open(path)
            vaults.append(vault)
            files.extend(vault.roadmap_paths())
        elif path.is_file():
            files.append(path)
        else:
            raise VaultroadError("no such file or folder", path=os.fspath(item))
    seen: set[Path] = set()
    # Only the ids survive a file: keeping 1,000 trees alive for VR302 made
    # the garbage collector rescan them and cost a third of a vault check.
    trees: dict[Path, list[tuple[str, int, int]]] = {}
    for path in files:
        if path in seen:
            continue
        seen.add(path)
        run.files += 1
        tree = _check_file(path, fix, options, run)
        if tree is not None:
            trees[path] = [(topic.id, topic.line, topic.column) for topic in tree.topics()]
    if run.pending:
        _write_fixes(run)
    for vault in vaults:
        run.problems.extend(_check_vault(vault, options, trees))
    return run


def _check_file(path: Path, fix: bool, options: CheckOptions, run: CheckRun) -> Roadmap | None:
    name = os.fspath(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise VaultroadError(f"cannot read file: {error.strerror}", path=name) from None
    try:
        text = decode(data, name)
    except DecodeError as error:
        if _wanted("VR401", options):
            run.problems.append(Problem(name, error.line or 1, 1, "VR401", error.message, False))
        return None
    problems: list[Problem] = []
    new_text = text
    if _wanted("VR402", options):
        garbles = find_mojibake(text)
        if garbles and fix:
            repair = repair_mojibake(text)
            new_text = repair.text
            run.fixed += repair.repaired
            garbles = list(repair.unrecovered)
        for garble in garbles:
            recovered = "" if fix else f" (reads as {garble.repaired!r})" if garble.repaired else ""
            problems.append(
                Problem(
                    name,
                    garble.line,
                    garble.column,
                    "VR402",
                    f"mojibake {garble.text!r}: UTF-8 read as {garble.codec}{recovered}"
                    + (" — cannot be recovered, fix by hand" if garble.repaired is None else ""),
                    garble.repaired is not None,
                )
            )
    if fix:
        before, _ = check_text(new_text, name, options)
        remaining, new_text, tree = check_roadmap(new_text, name, options, fix=True)
        run.fixed += len(before) - len(remaining)
    else:
        remaining, _, tree = check_roadmap(new_text, name, options)
    problems.extend(remaining)
    run.problems.extend(problems)
    if fix and new_text != text:
        run.pending.append((path, new_text, data))
    return tree


def _write_fixes(run: CheckRun) -> None:
    """Write the fixes, after checking every file may be written: all or none is refused.

    A read-only file (or one that is not a file) among them stops the run
    before the first write, so `--fix` never leaves a set of files half fixed
    for a reason known in advance.
    """
    from .fileio import check_writable, write_text_atomic  # only --fix writes

    for path, _, _ in run.pending:
        check_writable(path)
    for path, text, data in run.pending:
        if write_text_atomic(path, text, expected=data):
            run.written.append(os.fspath(path))


def _check_vault(
    vault: Vault, options: CheckOptions, trees: dict[Path, list[tuple[str, int, int]]]
) -> list[Problem]:
    problems: list[Problem] = []
    if _wanted("VR302", options):
        owners: dict[str, tuple[str, int]] = {}
        for path in vault.roadmap_paths():
            ids = trees.get(path)
            if ids is None:
                continue  # unreadable: reported by the file rules
            for topic_id, line, column in ids:
                first = owners.setdefault(topic_id, (os.fspath(path), line))
                if first[0] != os.fspath(path):
                    problems.append(
                        Problem(
                            os.fspath(path),
                            line,
                            column,
                            "VR302",
                            f"topic id {topic_id} is also used by {first[0]}:{first[1]}"
                            " (roadmaps with the same file name); rename one",
                            False,
                        )
                    )
    if not (_wanted("VR501", options) or _wanted("VR502", options)):
        return problems
    if not (vault.state_dir / "state.json").is_file():
        return problems  # never synced: nothing to compare notes with
    from .synchronize import sync

    report = sync(vault.root, dry_run=True)
    for conflict in report.conflicts:
        if _wanted("VR501", options):
            problems.append(
                Problem(
                    os.fspath(vault.root / conflict.note),
                    1,
                    1,
                    "VR501",
                    f"status {conflict.note_status.value} disagrees with the roadmap "
                    f"({conflict.roadmap_status.value} at {conflict.roadmap}:{conflict.line})",
                    False,
                )
            )
    for change in report.changes:
        if change.kind in ("note", "roadmap") and change.topics and _wanted("VR501", options):
            problems.append(
                Problem(
                    os.fspath(vault.root / change.path),
                    1,
                    1,
                    "VR501",
                    "out of step with its "
                    + ("note" if change.kind == "roadmap" else "roadmap")
                    + ": "
                    + ", ".join(change.topics[:3])
                    + " (run vaultroad sync)",
                    False,
                )
            )
        elif change.kind == "summary" and _wanted("VR502", options):
            problems.append(
                Problem(
                    os.fspath(vault.root / change.path),
                    1,
                    1,
                    "VR502",
                    "progress summary is out of date (run vaultroad sync)",
                    False,
                )
            )
    return problems
