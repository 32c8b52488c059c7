"""The `vaultroad` command line. The only module that prints, and the only one using click.

Exit codes: 0 success; 1 the command ran but found a problem (unreadable or
invalid file, topic not found or ambiguous, an edit refused as unsafe); 2 the
command line itself is wrong (unknown option, missing argument, bad status).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from . import __version__
from .errors import VaultroadError
from .model import Roadmap, Status, Topic
from .source import Source

if TYPE_CHECKING:
    from .sync_report import Conflict, FileChange, SyncReport
    from .watch import WatchOutcome

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2

STATUS_WORDS = [status.value for status in Status]

# The parameter types, one instance of each shared by every command: click
# looks each one's name up in gettext's catalogues when it is built, which
# every command's start-up (the pre-commit hook's) would pay once per use.
_FILE = click.Path(dir_okay=False, path_type=Path)
_FOLDER = click.Path(file_okay=False, path_type=Path)
_PATH = click.Path(path_type=Path)


def _tree(path: Path, data: bytes, text: str, symbols: Mapping[str, Status]) -> Roadmap:
    """The file's tree (read with its vault's symbols), through the tree cache
    unless it is turned off."""
    from .cache import TreeCache, default_cache_dir

    directory = default_cache_dir()
    if directory is None:
        from .parser import parse

        return parse(text, path, symbols=symbols or None)
    return TreeCache(directory).load(path, data, text, symbols)


def _fail(error: VaultroadError | str) -> NoReturn:
    click.echo(f"vaultroad: error: {error}", err=True)
    sys.exit(EXIT_PROBLEM)


def _dump_json(data: Any) -> None:
    import json

    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _print_version(context: click.Context, _param: click.Parameter, value: bool) -> None:
    # Not click.version_option: it imports `locale` and package metadata
    # machinery, start-up every pre-commit run would pay for one flag.
    if value and not context.resilient_parsing:
        click.echo(f"vaultroad, version {__version__}")
        context.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and exit.",
)
def main() -> None:
    """Learning roadmaps in an Obsidian vault: topic notes, progress both ways, tidy checklists.

    Roadmaps are Markdown files: checklists (`[ ]`, `[x]`, `[ ✓ ]` …), numbered
    outlines, topic tables with time estimates, glyph checklists in code
    fences. A vault folder's roadmaps are the files under `Roadmaps/`.

    Start with `vaultroad sync VAULT` (notes and a progress summary, kept in
    step with the roadmaps) and `vaultroad check` (the pre-commit hook).

    Exit codes: 0 success, 1 a problem with the files or the request,
    2 a wrong command line.

    Parsed trees are cached by content in ~/.cache/vaultroad (or
    $XDG_CACHE_HOME/vaultroad, or $VAULTROAD_CACHE_DIR); a changed file is
    always parsed again. VAULTROAD_NO_CACHE=1 turns the cache off.
    """


@main.command()
@click.argument("file", type=_FILE)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the tree as JSON (schema vaultroad.tree/1)."
)
@click.option("--no-ids", is_flag=True, help="Leave topic ids out of the readable tree.")
def tree(file: Path, as_json: bool, no_ids: bool) -> None:
    """Print the normalized tree of one roadmap FILE.

    The readable form shows sections (§) with finished/total counts and
    topics with their status box, estimate and id (use the id with `mark`).
    The JSON form gives every topic's id, title, status, raw marker, line,
    column, marker byte span, estimate, links and children.
    """
    from .fileio import read_text
    from .targets import vault_around

    try:
        vault = vault_around(file) if file.is_file() else None
        data, text = read_text(file)
        roadmap = _tree(file, data, text, vault.config.symbols if vault else {})
    except VaultroadError as error:
        _fail(error)
    from .serialize import render_text, to_json_data

    if as_json:
        _dump_json(to_json_data(roadmap, text))
    else:
        click.echo(render_text(roadmap, ids=not no_ids), nl=False)


class _Loaded:
    """One roadmap as read. A plain slotted class, not a dataclass: this module
    is imported by every command, and a dataclass compiles its methods when
    the module loads."""

    __slots__ = ("data", "done_dates", "path", "roadmap", "symbols", "text")

    def __init__(
        self,
        path: Path,
        data: bytes,
        text: str,
        roadmap: Roadmap,
        symbols: Mapping[str, Status],
        done_dates: bool = False,  # its vault's `[tasks] done_dates`
    ) -> None:
        self.path = path
        self.data = data
        self.text = text
        self.roadmap = roadmap
        self.symbols = symbols
        self.done_dates = done_dates


def _load_all(given: Sequence[Path]) -> list[_Loaded]:
    """The roadmaps the paths name, read as every command reads them (see targets.py)."""
    from .fileio import read_text
    from .targets import Target, find_targets

    targets = find_targets(given or [Path()]).files
    loaded = []
    show_bar = len(targets) > 50 and sys.stderr.isatty()
    bar: Any
    with (
        click.progressbar(targets, label="Reading roadmaps", file=sys.stderr)
        if show_bar
        else _NoBar(targets)
    ) as bar:
        target: Target
        for target in bar:
            data, text = read_text(target.path)
            tree = _tree(target.path, data, text, target.symbols)
            loaded.append(_Loaded(target.path, data, text, tree, target.symbols, target.done_dates))
    return loaded


class _NoBar:
    """Stands in for click's progress bar when there is no terminal to draw on."""

    def __init__(self, items: list[Any]) -> None:
        self.items = items

    def __enter__(self) -> list[Any]:
        return self.items

    def __exit__(self, *exc: object) -> None:
        return None


def _bar(fraction: float, width: int = 20) -> str:
    filled = round(fraction * width)
    return "█" * filled + "░" * (width - filled)


@main.command()
@click.argument("targets", nargs=-1, type=_PATH)
@click.option(
    "--json", "as_json", is_flag=True, help="Print progress as JSON (schema vaultroad.status/1)."
)
def status(targets: tuple[Path, ...], as_json: bool) -> None:
    """Show progress per roadmap: a bar, finished/total, doing, time left, pace.

    TARGETS are roadmap files or vault folders (default: the current folder).
    Done and skipped topics count as finished; the time left adds up the
    estimates of unfinished topics that have one. The pace is the topics
    done in the last 4 weeks, from the history `sync` keeps, and the
    forecast the date the roadmap is finished at that pace.
    """
    import datetime as dt

    from .forecast import PACE_WEEKS, describe
    from .pace import roadmap_forecasts
    from .serialize import format_days, progress

    try:
        loaded = _load_all(targets)
        forecasts = roadmap_forecasts([(i.path, i.roadmap) for i in loaded], dt.date.today())
    except VaultroadError as error:
        _fail(error)
    rows = []
    for item in loaded:
        rows.append((item.path, item.roadmap, progress(item.roadmap.topics())))
    if as_json:
        _dump_json(
            {
                "schema": "vaultroad.status/1",
                "roadmaps": [
                    {
                        "path": os.fspath(path),
                        "title": roadmap.title,
                        "progress": counts.as_dict(),
                        "percent": round(counts.percent, 1),
                        "remaining_days": {
                            "low": counts.remaining_low,
                            "high": counts.remaining_high,
                        },
                        "forecast": {
                            "outlook": found.outlook.value,
                            "as_of": found.as_of.isoformat() if found.as_of else None,
                            "pace_weeks": PACE_WEEKS,
                            "done_in_pace_weeks": found.done_recently,
                            "per_week": found.pace,
                            "left": found.left,
                            "days_left": found.days_left,
                            "finish": found.finish.isoformat() if found.finish else None,
                        },
                    }
                    for (path, roadmap, counts), found in zip(rows, forecasts, strict=True)
                ],
            }
        )
        return
    if not rows:
        click.echo("no roadmaps found (a vault keeps them under Roadmaps/)")
        return
    for (path, roadmap, counts), found in zip(rows, forecasts, strict=True):
        left = (
            f"  ~{format_days(counts.remaining_low, counts.remaining_high)} left"
            if counts.remaining_high
            else ""
        )
        doing = f"  {counts.doing} doing" if counts.doing else ""
        click.echo(f"{roadmap.title}  ({path})")
        click.echo(
            f"  {_bar(counts.percent / 100)} {counts.percent:5.1f}%  "
            f"{counts.finished}/{counts.total}{doing}{left}"
        )
        effort = format_days(counts.remaining_low, counts.remaining_high)
        click.echo(f"  pace: {describe(found, effort if counts.remaining_high else None)}")


def _with_boxes_repaired(loaded: list[_Loaded]) -> list[_Loaded]:
    """Each file as `check --fix` would leave its checkboxes (only to find a topic
    written with a malformed box, such as `- [] bad`, which reads as prose)."""
    from .rules import CheckOptions, box_fault_lines, check_roadmap

    boxes = frozenset({"VR101", "VR102"})
    repaired = []
    for item in loaded:
        if not box_fault_lines(item.text):
            repaired.append(item)
            continue
        options = CheckOptions(select=boxes, symbols=item.symbols or None)
        _, text, tree = check_roadmap(item.text, os.fspath(item.path), options, fix=True)
        repaired.append(_Loaded(item.path, item.data, text, tree, item.symbols, item.done_dates))
    return repaired


def _matches(query: str, loaded: list[_Loaded]) -> list[tuple[int, Topic]]:
    everything = [
        (index, topic) for index, item in enumerate(loaded) for topic in item.roadmap.topics()
    ]
    by_id = [(index, topic) for index, topic in everything if topic.id == query]
    if by_id:
        return by_id
    wanted = query.casefold()
    exact = [(index, topic) for index, topic in everything if topic.title.casefold() == wanted]
    if exact:
        return exact
    return [(index, topic) for index, topic in everything if wanted in topic.title.casefold()]


@main.command()
@click.argument("query")
@click.argument("new_status", metavar="STATUS", type=click.Choice(STATUS_WORDS))
@click.option(
    "--in",
    "targets",
    multiple=True,
    type=_PATH,
    help="Roadmap file or vault folder to search (repeatable; default: the current folder).",
)
@click.option("--dry-run", is_flag=True, help="Show the change without writing the file.")
def mark(query: str, new_status: str, targets: tuple[Path, ...], dry_run: bool) -> None:
    """Set the STATUS of the topic QUERY in its roadmap file.

    QUERY is a topic id (from `vaultroad tree`), a title, or a unique part
    of a title (case-insensitive). STATUS is todo, doing, done or skipped.
    Only the marker changes, in the file's own style; the file is re-parsed
    before it is written, and not written at all when nothing changes.
    """
    import datetime as dt  # for Tasks done dates; not on every command's start-up

    try:
        loaded = _load_all(targets)
    except VaultroadError as error:
        _fail(error)
    found = _matches(query, loaded)
    if not found:
        # A topic written with a malformed box (`- [] bad`) reads as prose; as
        # the box is fixed below before its status is set, look for it so too.
        found = _matches(query, _with_boxes_repaired(loaded))
    if not found:
        _fail(f"no topic matches {query!r}")
    if len(found) > 1:
        lines = [f"{len(found)} topics match {query!r}; use an id:"]
        for index, topic in found[:10]:
            lines.append(f"  {loaded[index].path}:{topic.line}: #{topic.id} {topic.title}")
        if len(found) > 10:
            lines.append(f"  … and {len(found) - 10} more")
        _fail("\n".join(lines))
    index, topic = found[0]
    item = loaded[index]
    path, text = item.path, item.text
    from .edit import set_statuses
    from .fileio import write_text_atomic
    from .parser import parse
    from .rules import repair_box

    try:
        # A malformed box (`- [] x`) is fixed first, as `check --fix` would:
        # a status written beside it would give the line two boxes.
        repair = repair_box(text, os.fspath(path), topic.line, item.symbols)
        if repair.refused:
            _fail(
                f"{path}:{topic.line}: {repair.fault}; it cannot be fixed safely, "
                "so the status is not written: fix the box by hand"
            )
        fixed_box = repair.text != text
        if fixed_box:
            text = repair.text
            reread = parse(text, path, symbols=item.symbols or None)
            topic = next(t for t in reread.topics() if t.line == topic.line)
        new_text = set_statuses(
            text,
            {topic.id: new_status},
            path,
            symbols=item.symbols or None,
            done_dates=dt.date.today() if item.done_dates else None,
        )
        if new_text == item.text:
            click.echo(f"{path}:{topic.line}: already {new_status}: {topic.title}")
            return
        if dry_run:
            old_line = Source(item.text).line(topic.line - 1)
            new_line = Source(new_text).line(topic.line - 1)
            click.echo(f"{path}:{topic.line}: would change\n- {old_line}\n+ {new_line}")
            return
        write_text_atomic(path, new_text, expected=item.data)
    except VaultroadError as error:
        _fail(error)
    was = "todo" if fixed_box and topic.status is Status.TODO else topic.status.value
    fixed = f" (fixed the checkbox: {repair.fault})" if fixed_box else ""
    click.echo(f"{path}:{topic.line}: {was} → {new_status}: {topic.title}{fixed}")


def _sync_json(report: SyncReport) -> dict[str, Any]:
    return {
        "schema": "vaultroad.sync/1",
        "in_sync": report.in_sync,
        "pending": report.pending,
        "dry_run": report.dry_run,
        "first_run": report.first_run,
        "roadmaps": report.roadmaps,
        "topics": report.topics,
        "changes": [
            {
                "path": change.path,
                "kind": change.kind,
                "action": change.action,
                "topics": list(change.topics),
                **({"diff": change.diff} if change.diff is not None else {}),
            }
            for change in report.changes
        ],
        "conflicts": [
            {
                "topic": conflict.topic_id,
                "title": conflict.title,
                "roadmap": conflict.roadmap,
                "line": conflict.line,
                "roadmap_status": conflict.roadmap_status.value,
                "note": conflict.note,
                "note_status": conflict.note_status.value,
                "reason": conflict.reason,
            }
            for conflict in report.conflicts
        ],
        "problems": [
            {"path": problem.path, "line": problem.line, "message": problem.message}
            for problem in report.problems
        ],
        "notices": list(report.notices),
        "removed": [
            {"note": gone.note, "title": gone.title, "roadmap": gone.roadmap, "since": gone.since}
            for gone in report.removed
        ],
    }


def _conflict_text(conflict: Conflict, shown: Callable[[str], str]) -> str:
    return (
        f"conflict: {shown(conflict.roadmap)}:{conflict.line}: {conflict.title!r} is "
        f"{conflict.roadmap_status.value} in the roadmap but {conflict.note_status.value} "
        f"in {shown(conflict.note)} ({conflict.reason}); nothing written for it — set both "
        "to the same value, or run with --prefer roadmap|notes"
    )


def _sync_text(report: SyncReport, vault: Path) -> None:
    """The report in lines; every path under the vault folder as it was given."""
    verb = "would " if report.dry_run else ""

    def shown(relative: str) -> str:
        return os.fspath(vault / relative)

    for notice in report.notices:
        click.echo(f"note: {notice}", err=True)
    created: dict[str, list[str]] = {}
    for change in report.changes:
        if change.action == "create":
            created.setdefault(change.kind, []).append(change.path)
        else:
            moved = _moved_topics(change)
            what = f": {moved}" if moved else ""
            click.echo(f"{verb}{'update' if verb else 'updated'} {shown(change.path)}{what}")
        if change.diff:
            click.echo(change.diff, nl=False)
    for kind, paths in sorted(created.items()):
        if len(paths) <= _NAMED_CREATIONS:
            for path in paths:
                click.echo(f"{verb}{'create' if verb else 'created'} {shown(path)}")
        else:
            folder = os.path.commonpath(paths)
            click.echo(
                f"{verb}{'create' if verb else 'created'} {len(paths)} {kind}s under "
                f"{shown(folder)}"
            )
    for conflict in report.conflicts:
        click.echo(_conflict_text(conflict, shown), err=True)
    for problem in report.problems:
        click.echo(f"error: {shown(str(problem))}", err=True)
    for gone in report.removed:
        click.echo(
            f"removed: {shown(gone.note)}: its topic {gone.title!r} left {shown(gone.roadmap)}"
            f" on {gone.since}; the note is kept (vaultroad relink it to a topic, restore the"
            " topic, or delete the note)",
            err=True,
        )
    if not report.changes and report.in_sync:
        click.echo(f"in sync: {report.roadmaps} roadmaps, {report.topics} topics, nothing to do")
    elif report.pending:
        click.echo(
            f"not in sync: {len(report.changes)} file{'s' if len(report.changes) != 1 else ''}"
            " to write (run without --dry-run/--diff to write them)"
        )
    elif report.changes and not report.dry_run:
        click.echo(f"synced {report.roadmaps} roadmaps, {report.topics} topics")


def _moved_topics(change: FileChange) -> str:
    """The first few titles whose status a file's change moves (sync's and watch's lines)."""
    return ", ".join(change.topics[:3]) + (" …" if len(change.topics) > 3 else "")


# Created files are named one by one up to this many; more (a first sync's
# notes) are counted, with the folder they went to.
_NAMED_CREATIONS = 20


# `sync` and `watch` settle conflicts alike.
_PREFER = click.option(
    "--prefer",
    type=click.Choice(["roadmap", "notes"]),
    help="Settle conflicts (and first-run differences) in favour of this side.",
)


@main.command()
@click.argument("vault", required=False, type=_FOLDER)
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option(
    "--diff",
    "show_diff",
    is_flag=True,
    help="Show a unified diff of every file it would write; write nothing (implies --dry-run).",
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the report as JSON (schema vaultroad.sync/1)."
)
@_PREFER
@click.option(
    "--stage",
    is_flag=True,
    help="git add the files this sync wrote (for the pre-commit hook: a status change "
    "then commits in one go).",
)
def sync(
    vault: Path | None,
    dry_run: bool,
    show_diff: bool,
    as_json: bool,
    prefer: str | None,
    stage: bool,
) -> None:
    """Keep roadmaps, topic notes and the progress summary of VAULT in step.

    Creates one note per topic under Topics/<roadmap title>/ and a summary
    note Progress.md. Tick a box in a roadmap, or change `status:` in a
    topic note, and the next sync carries it to the other side. A topic
    changed on both sides to different values is a conflict: both values
    are reported and nothing is written for it. Only vaultroad's own
    frontmatter keys and the block between `%% vaultroad:begin %%` and
    `%% vaultroad:end %%` are ever rewritten; a second sync changes nothing.

    Without VAULT: the current folder if it is a vault, else the vault
    around it, else the one vault below it (a folder holding .vaultroad.toml,
    .obsidian/ or .vaultroad/). Settings come from VAULT/.vaultroad.toml
    (optional).

    Exit codes: 0 in sync; 1 conflicts, errors, no roadmaps found, or (with
    --dry-run or --diff) files left to write; 2 a wrong command line.
    """
    from .synchronize import sync as run_sync
    from .targets import locate_vault

    dry_run = dry_run or show_diff  # --diff shows; it never writes (as black, ruff do)
    show_bar = not as_json and sys.stderr.isatty()
    bar: Any = None

    def progress(done: int, total: int, what: str) -> None:
        nonlocal bar
        if not show_bar or total < 50:
            return
        if bar is None:
            bar = click.progressbar(length=total, label="Reading roadmaps", file=sys.stderr)
            bar.__enter__()
        bar.update(1)

    staged: list[Path] = []
    try:
        root = vault if vault is not None else locate_vault(Path())
        report = run_sync(root, dry_run=dry_run, prefer=prefer, diff=show_diff, progress=progress)
        if stage and not dry_run:
            from .git_stage import stage as git_stage

            staged = git_stage(root, [root / change.path for change in report.changes])
    except VaultroadError as error:
        _fail(error)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    if as_json:
        _dump_json({**_sync_json(report), "vault": os.fspath(root)})
    else:
        _sync_text(report, root)
        if staged:
            click.echo(f"staged {len(staged)} file{'s' if len(staged) != 1 else ''} (git add)")
    sys.exit(EXIT_OK if report.in_sync else EXIT_PROBLEM)


def _watch_line(outcome: WatchOutcome, vault: Path) -> str:
    """One sync of `watch` in one line: what changed, then what the sync did."""
    import time

    def shown(relative: str) -> str:
        return os.fspath(vault / relative)

    names = [shown(name) for name in outcome.changed[:3]]
    more = f" and {len(outcome.changed) - 3} more" if len(outcome.changed) > 3 else ""
    cause = ", ".join(names) + more if names else "start"
    stamp = time.strftime("%H:%M:%S")
    if outcome.error is not None:
        return f"{stamp} {cause}: error: {outcome.error}"
    report = outcome.report
    assert report is not None  # an outcome has a report or an error
    done: list[str] = []
    created: dict[str, list[str]] = {}
    for change in report.changes:
        if change.action == "create":
            created.setdefault(change.kind, []).append(change.path)
        else:
            moved = _moved_topics(change)
            done.append(f"updated {shown(change.path)}" + (f" ({moved})" if moved else ""))
    for kind, paths in sorted(created.items()):
        if len(paths) <= _NAMED_CREATIONS:
            done.extend(f"created {shown(path)}" for path in paths)
        else:
            folder = os.path.commonpath(paths)
            done.append(f"created {len(paths)} {kind}s under {shown(folder)}")
    if not done:
        done.append(f"in sync: {report.roadmaps} roadmaps, {report.topics} topics, nothing to do")
    for count, what in ((len(report.conflicts), "conflict"), (len(report.problems), "error")):
        if count:
            done.append(f"{count} {what}{'s' if count != 1 else ''}")
    return f"{stamp} {cause}: " + "; ".join(done)


class _WatchDisplay:
    """What `watch` prints for each sync: one line (or one JSON object) on stdout;
    notices, conflicts and problems on stderr, each conflict and problem once
    while it lasts (a conflict stays until the user settles it, and a sync
    that reports it again has nothing new to say)."""

    def __init__(self, vault: Path, as_json: bool) -> None:
        self.vault = vault
        self.as_json = as_json
        self.shown: set[object] = set()

    def __call__(self, outcome: WatchOutcome) -> None:
        if self.as_json:
            import json

            data: dict[str, Any] = {
                "vault": os.fspath(self.vault),
                "changed": list(outcome.changed),
            }
            if outcome.report is not None:
                data = {**_sync_json(outcome.report), **data}
            else:
                # Not a sync report: a schema of its own, so no field of one is missing.
                data = {"schema": "vaultroad.watch_error/1", **data, "error": str(outcome.error)}
            click.echo(json.dumps(data, ensure_ascii=False))
            return
        click.echo(_watch_line(outcome, self.vault))
        report = outcome.report
        if report is None:
            return
        for notice in report.notices:
            click.echo(f"note: {notice}", err=True)
        current: set[object] = set()
        for conflict in report.conflicts:
            key = (conflict.topic_id, conflict.roadmap_status, conflict.note_status)
            current.add(key)
            if key not in self.shown:
                click.echo(_conflict_text(conflict, self._shown_path), err=True)
        for problem in report.problems:
            current.add(problem)
            if problem not in self.shown:
                click.echo(f"error: {self._shown_path(str(problem))}", err=True)
        self.shown = current

    def _shown_path(self, relative: str) -> str:
        return os.fspath(self.vault / relative)


@main.command()
@click.argument("vault", required=False, type=_FOLDER)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print each sync's report as one line of JSON (schema vaultroad.sync/1).",
)
@_PREFER
@click.option(
    "--settle",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    metavar="SECONDS",
    help="How long a changed file must stay unchanged before it is synced.",
)
def watch(vault: Path | None, as_json: bool, prefer: str | None, settle: float) -> None:
    """Keep VAULT in sync while you edit it: a sync after every saved change.

    Syncs once at the start, then whenever a roadmap, a topic note, the
    summary or .vaultroad.toml changes, as `vaultroad sync` would, printing
    one line per sync. A file is synced once it has stayed unchanged for
    --settle seconds (an editor saving as you type is waited for); the
    files a sync writes do not start another one. Conflicts and errors are
    shown and left alone, and watching goes on; when another sync holds the
    vault, the watch waits for it. Ctrl-C or SIGTERM stops it (after the
    sync in progress, if any).

    Without VAULT: found as `vaultroad sync` finds it.

    Exit codes: 0 stopped; 1 the vault cannot be watched; 2 a wrong command line.
    """
    import signal

    from .targets import locate_vault
    from .watch import Watcher
    from .watch_events import FileEvents

    try:
        root = vault if vault is not None else locate_vault(Path())
        events = FileEvents(root)
    except VaultroadError as error:
        _fail(error)
    try:
        watcher = Watcher(root, events, _WatchDisplay(root, as_json), quiet=settle, prefer=prefer)
    except VaultroadError as error:
        events.close()
        _fail(error)

    def stop(_signal: int, _frame: object) -> None:
        # Every Ctrl-C waits for the sync in progress: one cut short by an
        # exception could leave a temporary file its lock does not record.
        watcher.stop()

    # A signal ignored when the watch started (SIGINT in a background job) stays ignored.
    previous = {
        number: signal.signal(number, stop)
        for number in (signal.SIGINT, signal.SIGTERM)
        # `!=`: a disposition inherited at start-up reads as the plain int 1 there.
        if signal.getsignal(number) != signal.SIG_IGN
    }
    if not as_json:
        click.echo(f"watching {os.fspath(root)} (Ctrl-C to stop)", err=True)
    try:
        watcher.run()
    finally:
        events.close()
        for number, handler in previous.items():
            signal.signal(number, handler)
    if not as_json:
        click.echo(f"stopped watching {os.fspath(root)}", err=True)
    sys.exit(EXIT_OK)


@main.command()
@click.argument("note", type=_FILE)
@click.argument("topic", metavar="ROADMAP:LINE")
@click.option(
    "--vault",
    type=_FOLDER,
    help="The vault (default: the one NOTE is in).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the sync's report as JSON.")
def relink(note: Path, topic: str, vault: Path | None, as_json: bool) -> None:
    """Give NOTE to the topic at ROADMAP:LINE, then sync.

    For what sync will not guess: a topic reworded beyond recognition, or
    an edit that could mean two topics (sync names this command then).
    The topic takes the note, with its status and study notes; the note
    keeps its file name and takes the topic's title as an alias. A fresh
    note the topic got meanwhile is removed if you never wrote in it;
    otherwise nothing changes until you merge the two.

    Example: vaultroad relink "Topics/Plan/Authentification.md" Roadmaps/Plan.md:12

    Exit codes: 0 relinked and in sync; 1 an error (nothing relinked) or
    problems left after the sync; 2 a wrong command line.
    """
    from .sync_relink import relink as run_relink
    from .targets import vault_around

    roadmap, _, line = topic.rpartition(":")
    if not roadmap or not line.isdigit():
        raise click.BadParameter(
            "expected ROADMAP:LINE, e.g. Roadmaps/Plan.md:12", param_hint="TOPIC"
        )
    try:
        if vault is None:
            around = vault_around(note)
            if around is None:
                raise VaultroadError(
                    "not inside a vault: name it with --vault", path=os.fspath(note)
                )
            vault = around.root
        report = run_relink(vault, note, roadmap, int(line))
    except VaultroadError as error:
        _fail(error)
    if as_json:
        _dump_json({**_sync_json(report), "vault": os.fspath(vault)})
    else:
        click.echo(f"relinked {note} to {topic}")
        _sync_text(report, vault)
    sys.exit(EXIT_OK if report.in_sync else EXIT_PROBLEM)


def _wrap_keeping_code(text: str, width: int) -> str:
    """`text` wrapped at `width`, never breaking (or collapsing) inside a code span:
    `[  ]` with two spaces is a different box from `[ ]`."""
    import re

    keep = "\x00"  # stands for a space inside a code span while wrapping
    protected = re.sub(r"`[^`]*`", lambda m: m.group(0).replace(" ", keep), text)
    return click.wrap_text(protected, width).replace(keep, " ")


def _codes(value: str | None, option: str) -> frozenset[str] | None:
    """`VR1,VR201` → {"VR1", "VR201"}; every item must name a rule or a prefix of one."""
    if value is None:
        return None
    from .rules import RULES

    items = frozenset(item.strip().upper() for item in value.split(",") if item.strip())
    for item in items:
        if not any(code.startswith(item) for code in RULES):
            raise click.BadParameter(
                f"{item!r} is not a rule code or prefix (see --explain)", param_hint=option
            )
    return items


@main.command()
@click.argument("paths", nargs=-1, type=_PATH)
@click.option("--fix", is_flag=True, help="Apply the safe fixes, then report what is left.")
@click.option("--json", "as_json", is_flag=True, help="Print problems as JSON (vaultroad.check/1).")
@click.option(
    "--select", metavar="CODES", help="Only these rules (codes or prefixes, comma-separated)."
)
@click.option("--ignore", metavar="CODES", help="Skip these rules (codes or prefixes).")
@click.option(
    "--style",
    type=click.Choice(["obsidian"]),
    help="Done boxes should all be [x], the form Obsidian makes clickable (VR103).",
)
@click.option(
    "--fix-hierarchy",
    is_flag=True,
    help="Let --fix change statuses for VR201/VR202 (parent doing / parent done).",
)
@click.option("--explain", metavar="CODE", help="Explain one rule and exit.")
def check(
    paths: tuple[Path, ...],
    fix: bool,
    as_json: bool,
    select: str | None,
    ignore: str | None,
    style: str | None,
    fix_hierarchy: bool,
    explain: str | None,
) -> None:
    """Report malformed, inconsistent or garbled checklists in PATHS.

    PATHS are Markdown files (as pre-commit passes them) or vault folders
    (default: the current folder); in a synced vault folder notes that
    disagree with their roadmap and a stale summary are reported too.
    Output is `path:line:col: CODE message`; --explain CODE tells what a
    rule means and what --fix does for it. Fixes change only the faulty
    bytes, are verified by re-parsing and are written atomically.

    Exit codes: 0 no problems left, 1 problems left, 2 a wrong command line.
    """
    from .audit import run_check
    from .rules import RULES, CheckOptions

    if explain is not None:
        rule = RULES.get(explain.strip().upper())
        if rule is None:
            raise click.BadParameter(f"no rule {explain!r}", param_hint="--explain")
        click.echo(f"{rule.code} ({rule.name}): {rule.summary}\n")
        click.echo(_wrap_keeping_code(rule.explanation, 78))
        click.echo(f"\nFix: {rule.fix}" if rule.fix else "\nFix: none (report only)")
        return
    options = CheckOptions(
        select=_codes(select, "--select"),
        ignore=_codes(ignore, "--ignore") or frozenset(),
        fix_hierarchy=fix_hierarchy,
        style=style,
    )
    try:
        result = run_check(paths or (Path(),), fix=fix, options=options)
    except VaultroadError as error:
        _fail(error)
    problems = result.problems
    if as_json:
        _dump_json(
            {
                "schema": "vaultroad.check/1",
                "files": result.files,
                "fixed": result.fixed,
                "written": result.written,
                "problems": [
                    {
                        "path": p.path,
                        "line": p.line,
                        "column": p.column,
                        "code": p.code,
                        "message": p.message,
                        "fixable": p.fixable,
                    }
                    for p in problems
                ],
            }
        )
    else:
        for problem in problems:
            click.echo(str(problem))
        if result.fixed:
            click.echo(f"Fixed {result.fixed} problem{'s' if result.fixed != 1 else ''}.")
        if problems:
            fixable = sum(1 for p in problems if p.fixable)
            hint = f" ({fixable} fixable with --fix)" if fixable and not fix else ""
            click.echo(f"Found {len(problems)} problem{'s' if len(problems) != 1 else ''}{hint}.")
        elif not result.fixed and result.files:
            click.echo(
                f"All checks passed ({result.files} file{'s' if result.files != 1 else ''})."
            )
        elif not result.fixed and result.passed_over:
            click.echo(
                f"All checks passed (0 roadmaps; {result.passed_over} of vaultroad's own "
                "notes passed over)."
            )
    if not result.files and not result.passed_over:
        # Nothing was checked: saying "passed" would hide a wrong path or glob.
        where = ", ".join(os.fspath(p) for p in paths) if paths else "the current folder"
        click.echo(
            f"warning: no roadmap or Markdown file found in {where}: nothing checked", err=True
        )
        sys.exit(EXIT_PROBLEM)
    sys.exit(EXIT_PROBLEM if problems else EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    main()
