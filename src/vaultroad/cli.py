"""The `vaultroad` command line. The only module that prints, and the only one using click.

Exit codes: 0 success; 1 the command ran but found a problem (unreadable or
invalid file, topic not found or ambiguous, an edit refused as unsafe); 2 the
command line itself is wrong (unknown option, missing argument, bad status).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import click

from . import __version__
from .discover import roadmap_paths
from .errors import VaultroadError
from .fileio import read_text, write_text_atomic
from .model import Roadmap, Status, Topic
from .source import Source

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2

STATUS_WORDS = [status.value for status in Status]


def _tree(path: Path, data: bytes, text: str) -> Roadmap:
    """The file's tree, through the tree cache unless it is turned off."""
    from .cache import TreeCache, default_cache_dir

    directory = default_cache_dir()
    if directory is None:
        from .parser import parse

        return parse(text, path)
    return TreeCache(directory).load(path, data, text)


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
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
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
    try:
        data, text = read_text(file)
        roadmap = _tree(file, data, text)
    except VaultroadError as error:
        _fail(error)
    from .serialize import render_text, to_json_data

    if as_json:
        _dump_json(to_json_data(roadmap, text))
    else:
        click.echo(render_text(roadmap, ids=not no_ids), nl=False)


def _load_all(targets: Sequence[Path]) -> list[tuple[Path, bytes, str, Roadmap]]:
    paths = roadmap_paths(targets or [Path()])
    loaded = []
    show_bar = len(paths) > 50 and sys.stderr.isatty()
    with (
        click.progressbar(paths, label="Reading roadmaps", file=sys.stderr)
        if show_bar
        else (_NoBar(paths)) as bar
    ):
        for path in bar:
            data, text = read_text(path)
            loaded.append((path, data, text, _tree(path, data, text)))
    return loaded


class _NoBar:
    """Stands in for click's progress bar when there is no terminal to draw on."""

    def __init__(self, items: list[Path]) -> None:
        self.items = items

    def __enter__(self) -> list[Path]:
        return self.items

    def __exit__(self, *exc: object) -> None:
        return None


def _bar(fraction: float, width: int = 20) -> str:
    filled = round(fraction * width)
    return "█" * filled + "░" * (width - filled)


@main.command()
@click.argument("targets", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--json", "as_json", is_flag=True, help="Print progress as JSON (schema vaultroad.status/1)."
)
def status(targets: tuple[Path, ...], as_json: bool) -> None:
    """Show progress per roadmap: a bar, finished/total, doing, time left.

    TARGETS are roadmap files or vault folders (default: the current folder).
    Done and skipped topics count as finished; the time left adds up the
    estimates of unfinished topics that have one.
    """
    from .serialize import format_days, progress

    try:
        loaded = _load_all(targets)
    except VaultroadError as error:
        _fail(error)
    rows = []
    for path, _, _, roadmap in loaded:
        counts = progress(roadmap.topics())
        rows.append((path, roadmap, counts))
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
                    }
                    for path, roadmap, counts in rows
                ],
            }
        )
        return
    if not rows:
        click.echo("no roadmaps found (a vault keeps them under Roadmaps/)")
        return
    for path, roadmap, counts in rows:
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


def _matches(query: str, loaded: list[tuple[Path, bytes, str, Roadmap]]) -> list[tuple[int, Topic]]:
    by_id = [
        (index, topic)
        for index, (_, _, _, roadmap) in enumerate(loaded)
        for topic in roadmap.topics()
        if topic.id == query
    ]
    if by_id:
        return by_id
    wanted = query.casefold()
    exact = [
        (index, topic)
        for index, (_, _, _, roadmap) in enumerate(loaded)
        for topic in roadmap.topics()
        if topic.title.casefold() == wanted
    ]
    if exact:
        return exact
    return [
        (index, topic)
        for index, (_, _, _, roadmap) in enumerate(loaded)
        for topic in roadmap.topics()
        if wanted in topic.title.casefold()
    ]


@main.command()
@click.argument("query")
@click.argument("new_status", metavar="STATUS", type=click.Choice(STATUS_WORDS))
@click.option(
    "--in",
    "targets",
    multiple=True,
    type=click.Path(path_type=Path),
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
    try:
        loaded = _load_all(targets)
    except VaultroadError as error:
        _fail(error)
    found = _matches(query, loaded)
    if not found:
        _fail(f"no topic matches {query!r}")
    if len(found) > 1:
        lines = [f"{len(found)} topics match {query!r}; use an id:"]
        for index, topic in found[:10]:
            lines.append(f"  {loaded[index][0]}:{topic.line}: #{topic.id} {topic.title}")
        if len(found) > 10:
            lines.append(f"  … and {len(found) - 10} more")
        _fail("\n".join(lines))
    index, topic = found[0]
    path, data, text, _ = loaded[index]
    from .edit import set_statuses

    try:
        new_text = set_statuses(text, {topic.id: new_status}, path)
        if new_text == text:
            click.echo(f"{path}:{topic.line}: already {new_status}: {topic.title}")
            return
        if dry_run:
            old_line = Source(text).line(topic.line - 1)
            new_line = Source(new_text).line(topic.line - 1)
            click.echo(f"{path}:{topic.line}: would change\n- {old_line}\n+ {new_line}")
            return
        write_text_atomic(path, new_text, expected=data)
    except VaultroadError as error:
        _fail(error)
    click.echo(f"{path}:{topic.line}: {topic.status.value} → {new_status}: {topic.title}")


def _sync_json(report: Any) -> dict[str, Any]:
    return {
        "schema": "vaultroad.sync/1",
        "in_sync": report.in_sync,
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
    }


def _sync_text(report: Any) -> None:
    verb = "would " if report.dry_run else ""
    counts: dict[tuple[str, str], int] = {}
    for change in report.changes:
        counts[(change.kind, change.action)] = counts.get((change.kind, change.action), 0) + 1
    for notice in report.notices:
        click.echo(f"note: {notice}", err=True)
    for change in report.changes:
        if change.kind == "roadmap" or (change.kind == "note" and change.action == "update"):
            moved = ", ".join(change.topics[:3]) + (" …" if len(change.topics) > 3 else "")
            what = f": {moved}" if moved else ""
            click.echo(f"{verb}{'update' if verb else 'updated'} {change.path}{what}")
        if change.diff:
            click.echo(change.diff, nl=False)
    created = {kind: n for (kind, action), n in counts.items() if action == "create"}
    if created:
        parts = [f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in sorted(created.items())]
        click.echo(f"{verb}{'create' if verb else 'created'} " + ", ".join(parts))
    for conflict in report.conflicts:
        click.echo(
            f"conflict: {conflict.roadmap}:{conflict.line}: {conflict.title!r} is "
            f"{conflict.roadmap_status.value} in the roadmap but {conflict.note_status.value} "
            f"in {conflict.note} ({conflict.reason}); nothing written for it — set both to the "
            "same value, or run with --prefer roadmap|notes",
            err=True,
        )
    for problem in report.problems:
        click.echo(f"error: {problem}", err=True)
    if not report.changes and report.in_sync:
        click.echo(f"in sync: {report.roadmaps} roadmaps, {report.topics} topics, nothing to do")
    elif report.changes and not report.dry_run:
        click.echo(f"synced {report.roadmaps} roadmaps, {report.topics} topics")


@main.command()
@click.argument(
    "vault", required=False, default=".", type=click.Path(file_okay=False, path_type=Path)
)
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option(
    "--diff", "show_diff", is_flag=True, help="Show a unified diff of every file it would write."
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the report as JSON (schema vaultroad.sync/1)."
)
@click.option(
    "--prefer",
    type=click.Choice(["roadmap", "notes"]),
    help="Settle conflicts (and first-run differences) in favour of this side.",
)
def sync(vault: Path, dry_run: bool, show_diff: bool, as_json: bool, prefer: str | None) -> None:
    """Keep roadmaps, topic notes and the progress summary of VAULT in step.

    Creates one note per topic under Topics/<roadmap title>/ and a summary
    note Progress.md. Tick a box in a roadmap, or change `status:` in a
    topic note, and the next sync carries it to the other side. A topic
    changed on both sides to different values is a conflict: both values
    are reported and nothing is written for it. Only vaultroad's own
    frontmatter keys and the block between `%% vaultroad:begin %%` and
    `%% vaultroad:end %%` are ever rewritten; a second sync changes nothing.

    Settings come from VAULT/.vaultroad.toml (optional). Exit codes: 0 in
    sync, 1 conflicts or errors, 2 a wrong command line.
    """
    from .synchronize import sync as run_sync

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

    try:
        report = run_sync(vault, dry_run=dry_run, prefer=prefer, diff=show_diff, progress=progress)
    except VaultroadError as error:
        _fail(error)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    if as_json:
        _dump_json(_sync_json(report))
    else:
        _sync_text(report)
    sys.exit(EXIT_OK if report.in_sync else EXIT_PROBLEM)


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
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
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
        click.echo(click.wrap_text(rule.explanation, 78))
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
        elif not result.fixed:
            click.echo(
                f"All checks passed ({result.files} file{'s' if result.files != 1 else ''})."
            )
    sys.exit(EXIT_PROBLEM if problems else EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    main()
