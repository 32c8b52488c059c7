"""`check(paths)`: every rule over files and vaults, and the safe fixes, written safely.

Per file: the bytes must be UTF-8 (VR401, reported with the byte offset and
never decoded lossily), the text must not be mojibake (VR402, repaired by
`fix` fragment by fragment, every fragment it cannot recover reported with
its line), then the checklist rules of `check.check_text` run on roadmap
files. A folder given as a path is a vault: its roadmaps are checked, and
with them the vault-wide rules — duplicate topic ids across roadmaps
(VR302), notes disagreeing with their roadmap (VR501), a stale summary
(VR502) and notes kept after their topic left its roadmap (VR503), all found
by a dry-run sync.

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
from .rules import CheckOptions, Problem, check_roadmap, check_text
from .source import decode

if TYPE_CHECKING:
    from .targets import Target
    from .vault import Vault

__all__ = ["CheckRun", "check", "run_check"]


def _wanted(code: str, options: CheckOptions) -> bool:
    return options.wants(code)


class CheckRun:
    """What one check run found and did. A plain class: see rules.Problem on start-up cost."""

    __slots__ = ("files", "fixed", "passed_over", "pending", "problems", "written")

    def __init__(self) -> None:
        self.problems: list[Problem] = []  # those left after fixing
        self.fixed = 0  # problems fixed
        self.files = 0  # files checked
        self.passed_over = 0  # vaultroad's own notes and summary among the files given
        self.written: list[str] = []  # files rewritten by fixes
        self.pending: list[tuple[Path, str, bytes]] = []  # fixes to write: path, text, read


def check(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    fix: bool = False,
    options: CheckOptions | None = None,
) -> list[Problem]:
    """Problems left in `paths` (a file or folder, or several); with `fix`, after the safe fixes.

    A vault folder is checked as a vault (its roadmaps and the vault-wide
    rules), any other folder file by file; each file is read with the
    settings of the vault it lives in (see targets.py).
    """
    return run_check(paths, fix, options).problems


def _path_list(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
) -> list[str | os.PathLike[str]]:
    """One path or many: a string is one path, never its characters."""
    if isinstance(paths, (str, os.PathLike)):
        return [paths]
    return list(paths)


def run_check(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    fix: bool = False,
    options: CheckOptions | None = None,
) -> CheckRun:
    """`check`, with the counts a report needs."""
    from .targets import find_targets

    options = options or CheckOptions()
    run = CheckRun()
    found = find_targets(_path_list(paths))
    run.passed_over = len(found.outputs)
    # Only the ids survive a file: keeping 1,000 trees alive for VR302 made
    # the garbage collector rescan them and cost a third of a vault check.
    trees: dict[Path, list[tuple[str, int, int]]] = {}
    for target in found.files:
        run.files += 1
        tree = _check_file(target, fix, _options_for(target, options), run)
        if tree is not None:
            trees[target.path.resolve()] = [
                (topic.id, topic.line, topic.column) for topic in tree.topics()
            ]
    if run.pending:
        _write_fixes(run)
    for given, vault in found.vaults:
        run.problems.extend(_check_vault(vault, given, options, trees))
    return run


def _options_for(target: Target, options: CheckOptions) -> CheckOptions:
    """The run's options for one file: read with its vault's symbols."""
    return options._replace(symbols=target.symbols or None)


def _check_file(target: Target, fix: bool, options: CheckOptions, run: CheckRun) -> Roadmap | None:
    path = target.path
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
    # Mojibake is made of characters beyond ASCII: an ASCII text (a checklist
    # in English) holds none, and the hook need not load the module that looks.
    if _wanted("VR402", options) and not text.isascii():
        from .mojibake_repair import find_mojibake, repair_mojibake

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
    if any(problem.code == "VR404" for problem in remaining) and not target.declared:
        # No topics is a fault of a roadmap only; whether this file is one is
        # asked only now, when it matters (see targets.Target.declared).
        remaining = [problem for problem in remaining if problem.code != "VR404"]
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
    vault: Vault,
    given: Path,
    options: CheckOptions,
    trees: dict[Path, list[tuple[str, int, int]]],
) -> list[Problem]:
    """The vault-wide rules; paths shown under the vault folder as it was given."""
    problems: list[Problem] = []

    def shown(relative: str) -> str:
        return os.fspath(given / relative)

    if _wanted("VR302", options):
        owners: dict[str, tuple[str, int]] = {}
        for found in vault.roadmap_paths():
            ids = trees.get(found)
            if ids is None:
                continue  # unreadable: reported by the file rules
            path = shown(vault.relative(found))
            for topic_id, line, column in ids:
                first = owners.setdefault(topic_id, (path, line))
                if first[0] != path:
                    problems.append(
                        Problem(
                            path,
                            line,
                            column,
                            "VR302",
                            f"topic id {topic_id} is also used by {first[0]}:{first[1]}"
                            " (roadmaps with the same file name); rename one",
                            False,
                        )
                    )
    if not any(_wanted(code, options) for code in ("VR501", "VR502", "VR503")):
        return problems
    from .state_schema import DB_NAME, LEGACY_NAME  # only a vault's check compares with the state

    if not any((vault.state_dir / name).is_file() for name in (DB_NAME, LEGACY_NAME)):
        return problems  # never synced: nothing to compare notes with
    from .synchronize import sync

    report = sync(vault.root, dry_run=True)
    if _wanted("VR503", options):
        for gone in report.removed:
            problems.append(
                Problem(
                    shown(gone.note),
                    1,
                    1,
                    "VR503",
                    f"its topic {gone.title!r} left {gone.roadmap} on {gone.since}: relink the"
                    " note (vaultroad relink NOTE ROADMAP:LINE), restore the topic, or delete"
                    " the note",
                    False,
                )
            )
    for conflict in report.conflicts:
        if _wanted("VR501", options):
            problems.append(
                Problem(
                    shown(conflict.note),
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
                    shown(change.path),
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
                    shown(change.path),
                    1,
                    1,
                    "VR502",
                    "progress summary is out of date (run vaultroad sync)",
                    False,
                )
            )
    return problems
