"""A season of edits on a copy of the sample vault: study notes survive every realistic change.

A learner syncs the five sample roadmaps, writes study notes into 50-odd topic
notes, sets statuses on both sides, and then edits the roadmaps for a season:
typo fixes and rewordings, topics moved between sections, sections split and
merged, roadmap files renamed and moved into subfolders, topics deleted, added,
restored and reordered. After every edit comes a sync, and after every sync:

(a) each study note is in the note of its topic: the note whose `topic:` is the
    topic's id in the re-parsed tree (the test follows each topic itself, from
    what the edit did to its title, section and file), the same file it always
    was, with every title it has had in its `aliases`; a deleted topic's note
    stays where it was, keeps its study notes and status, gets `removed:` and
    is listed in `SyncReport.removed` on every run;
(b) every tracked status is the one expected, in the roadmap and in the note;
(c) no `[[link]]` in any Markdown file of the vault points to a missing note
    (resolved here as Obsidian resolves it);
(d) a second sync right after writes nothing;
(e) no problem and no conflict is reported.

Failures are collected over the whole season and reported together (grouped
by message, with the steps they happened in), so one run shows everything the
sync still gets wrong. The ambiguity tests at the end drive the CLI: an edit
that could mean two things is never guessed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

import vaultroad
from faults_support import sample_vault
from vaultroad.cli import main
from vaultroad.model import Section, Topic

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
START = dt.date(2026, 3, 2)
MARK = "7f3a"  # in every study line, so a stray copy is found anywhere in the vault

RUTA = "Roadmaps/Ruta Backend con Python.md"
DJANGO = "Roadmaps/Desarrollo Backend con Python y Django.md"  # the mojibake seed
OUTLINE = "Roadmaps/Python Backend Developer Roadmap.md"
TABLES = "Roadmaps/Complete Python Backend Developer Roadmap 2025.md"
CHECKLIST = "Roadmaps/Python Backend Developer Complete Checklist.md"

# Files Obsidian links to without a note behind them: never "missing notes".
ATTACHMENTS = frozenset(
    {"png", "jpg", "jpeg", "gif", "bmp", "svg", "webp", "avif", "pdf", "canvas", "base"}
    | {"mp3", "wav", "m4a", "ogg", "flac", "mp4", "webm", "mov", "mkv"}
)
NOT_VAULT = frozenset({".obsidian", ".trash", ".git", ".vaultroad"})


@pytest.fixture(autouse=True)
def cache_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the CLI's tree cache out of the home folder."""
    directory = tmp_path_factory.getbasetemp() / "season-cache"
    monkeypatch.setenv("VAULTROAD_CACHE_DIR", str(directory))
    return directory


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    # only what the repository holds, not what a `vaultroad sync vault` run left there
    sample_vault(root)
    return root


# --- edits on a roadmap's text: whole lines, found by their exact current content ------


def _find(lines: list[str], block: list[str]) -> int:
    size = len(block)
    hits = [i for i in range(len(lines) - size + 1) if lines[i : i + size] == block]
    assert len(hits) == 1, f"expected these lines once, found them {len(hits)} times: {block!r}"
    return hits[0]


def _as_lines(lines: str | list[str]) -> list[str]:
    return [lines] if isinstance(lines, str) else list(lines)


def replace_lines(text: str, old: str | list[str], new: str | list[str]) -> str:
    """`old` (one line, or consecutive lines) replaced by `new`; `old` must occur once."""
    lines = text.split("\n")
    block = _as_lines(old)
    start = _find(lines, block)
    lines[start : start + len(block)] = _as_lines(new)
    result = "\n".join(lines)
    assert result != text, f"the edit changed nothing: {old!r}"
    return result


def delete_lines(text: str, old: str | list[str]) -> str:
    return replace_lines(text, old, [])


def insert_lines(
    text: str, new: str | list[str], *, before: str | None = None, after: str | None = None
) -> str:
    """`new` put just before or just after the one line `before`/`after`."""
    assert (before is None) != (after is None)
    anchor = before if before is not None else after
    assert anchor is not None
    lines = text.split("\n")
    at = _find(lines, [anchor]) + (1 if after is not None else 0)
    lines[at:at] = _as_lines(new)
    return "\n".join(lines)


def move_lines(
    text: str, block: str | list[str], *, before: str | None = None, after: str | None = None
) -> str:
    return insert_lines(delete_lines(text, block), block, before=before, after=after)


def swap_lines(text: str, first: str, second: str) -> str:
    lines = text.split("\n")
    i, j = _find(lines, [first]), _find(lines, [second])
    lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def change_in_line(text: str, line: str, old: str, new: str) -> str:
    """Replace `old` by `new` inside the one line `line`."""
    assert line.count(old) == 1, (line, old)
    return replace_lines(text, line, line.replace(old, new))


def line_starting(text: str, prefix: str) -> str:
    """The one line starting with `prefix` (for the seeds' very long lines)."""
    found = [line for line in text.split("\n") if line.startswith(prefix)]
    assert len(found) == 1, f"{len(found)} lines start with {prefix!r}"
    return found[0]


# --- reading the vault as Obsidian and the learner see it -----------------------------


def walk(
    nodes: tuple[Any, ...], path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], Topic]]:
    """(section titles, topic) for every topic, subtopics included, in document order."""
    for node in nodes:
        if isinstance(node, Section):
            yield from walk(node.children, (*path, node.title))
        else:
            yield path, node
            yield from walk(node.children, path)


def frontmatter(text: str) -> dict[str, Any]:
    match = re.match(r"---\r?\n(.*?\r?\n)?---\r?\n", text, re.DOTALL)
    if not match:
        return {}
    data = yaml.safe_load(match.group(1) or "")
    return data if isinstance(data, dict) else {}


TOPIC_KEY = re.compile(r"^topic:[ \t]*[\"']?([^\"'\s]+)", re.MULTILINE)
STUDY_LINE = re.compile(rf"My study notes for \S+ {MARK}")
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,}).*?^[ \t]*\1[ \t]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1", re.DOTALL)
WIKILINK = re.compile(r"!?\[\[([^\[\]\n]*)\]\]")


def link_target(inner: str) -> str:
    """`target#heading|alias` → `target` (a `\\|` in a table cell is the alias pipe)."""
    target = inner.split("|", 1)[0]
    target = re.split(r"[#^]", target, maxsplit=1)[0]
    return target.rstrip("\\").strip()


@dataclass
class Scan:
    """Every Markdown file of the vault, read once per step."""

    texts: dict[str, str]  # vault-relative path -> text
    by_topic: dict[str, list[str]]  # `topic:` of a note -> notes
    study: dict[str, list[str]]  # study line -> files holding it

    @classmethod
    def of(cls, root: Path) -> Scan:
        texts: dict[str, str] = {}
        for path in sorted(root.rglob("*.md")):
            relative = path.relative_to(root).as_posix()
            if path.is_file() and not NOT_VAULT & set(relative.split("/")[:-1]):
                texts[relative] = path.read_bytes().decode("utf-8", errors="replace")
        by_topic: dict[str, list[str]] = {}
        study: dict[str, list[str]] = {}
        for relative, text in texts.items():
            if relative.startswith("Topics/"):
                head = re.match(r"---\r?\n(.*?)\r?\n---\r?\n", text, re.DOTALL)
                key = TOPIC_KEY.search(head.group(1)) if head else None
                if key:
                    by_topic.setdefault(key.group(1), []).append(relative)
            for line in STUDY_LINE.findall(text):
                study.setdefault(line, []).append(relative)
        return cls(texts, by_topic, study)

    def notes(self) -> set[str]:
        return {p for p in self.texts if p.startswith("Topics/")}

    def dangling_links(self) -> dict[str, list[str]]:
        """[[target]] -> the files where it resolves to no note, as Obsidian resolves:
        by vault-relative path without `.md`, by a path's tail, or by file name
        anywhere in the vault, case-insensitively; attachments are not notes."""
        paths = {p[: -len(".md")].casefold() for p in self.texts}
        stems = {p.rsplit("/", 1)[-1] for p in paths}
        missing: dict[str, list[str]] = {}
        for relative, text in self.texts.items():
            text = CODE_SPAN.sub("", FENCE.sub("", text))
            for inner in WIKILINK.findall(text):
                target = link_target(inner)
                if not target:
                    continue  # [[#heading]]: this very note
                name = target.rsplit("/", 1)[-1]
                if "." in name and name.rsplit(".", 1)[1].casefold() in ATTACHMENTS:
                    continue
                key = target.casefold().removesuffix(".md").lstrip("/")
                if key in paths or key in stems or any(p.endswith("/" + key) for p in paths):
                    continue
                files = missing.setdefault(target, [])
                if relative not in files:
                    files.append(relative)
        return missing


def shorten(text: str, width: int = 300) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# --- the season ------------------------------------------------------------------------


@dataclass
class Tracked:
    """A topic the learner wrote study notes for, followed through every edit."""

    key: str
    roadmap: str  # vault-relative path of the file it is in (or was removed from)
    section: tuple[str, ...]
    title: str
    status: str
    note: str = ""  # vault-relative path of its note: never changes
    study: str = ""
    titles: list[str] = field(default_factory=list)  # every title it has had
    removed: dt.date | None = None  # the sync that found it gone
    removed_from: str = ""  # the roadmap path it was deleted from


class Season:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.day = START
        self.step = "first sync"
        self.tracked: dict[str, Tracked] = {}
        self.notes: set[str] = set()
        self.failures: dict[str, list[str]] = {}  # message -> steps
        self.steps = 0

    # the learner's edits ------------------------------------------------------------

    def read(self, relative: str) -> str:
        return (self.root / relative).read_bytes().decode("utf-8")

    def write(self, relative: str, text: str) -> None:
        """Save as an editor does, a minute after the last write."""
        path = self.root / relative
        before = path.stat().st_mtime_ns
        path.write_bytes(text.encode("utf-8"))
        later = max(before, path.stat().st_mtime_ns) + 60_000_000_000
        os.utime(path, ns=(later, later))

    def edit(self, roadmap: str, change: Callable[[str], str]) -> None:
        text = self.read(roadmap)
        new = change(text)
        assert new != text, f"{self.step}: the edit of {roadmap} changed nothing"
        self.write(roadmap, new)

    def rename(self, old: str, new: str) -> None:
        target = self.root / new
        target.parent.mkdir(parents=True, exist_ok=True)
        assert not target.exists()
        (self.root / old).rename(target)
        for item in self.tracked.values():
            if item.roadmap == old:
                item.roadmap = new

    def set_note_status(self, key: str, status: str) -> None:
        item = self.tracked[key]
        text = self.read(item.note)
        old = f"\nstatus: {item.status}\n"
        assert text.count(old) == 1, (item.note, old)
        self.write(item.note, text.replace(old, f"\nstatus: {status}\n"))
        item.status = status

    def write_study_notes(self, item: Tracked, topic_id: str) -> None:
        item.study = f"My study notes for {topic_id} {MARK}"
        text = self.read(item.note)
        self.write(item.note, f"{text}{'' if text.endswith(chr(10)) else chr(10)}\n{item.study}\n")

    # what the test knows the edit did ----------------------------------------------

    def retitle(self, key: str, title: str) -> None:
        item = self.tracked[key]
        assert title != item.title
        item.title = title
        item.titles.append(title)

    def move(self, key: str, *section: str) -> None:
        """The topic now sits in the section whose path ends with `section` (the last
        titles of its path, in place of as many of its old one)."""
        item = self.tracked[key]
        item.section = (*item.section[: -len(section)], *section)

    def delete(self, key: str) -> None:
        item = self.tracked[key]
        item.removed = self.day + dt.timedelta(days=1)  # found gone by the next sync
        item.removed_from = item.roadmap

    def restore(self, key: str) -> None:
        item = self.tracked[key]
        item.removed = None
        item.removed_from = ""

    def tick(self, key: str, status: str) -> None:
        self.tracked[key].status = status

    # sync and check ------------------------------------------------------------------

    def fail(self, message: str) -> None:
        self.failures.setdefault(message, []).append(self.step)

    def trees(self) -> dict[str, list[tuple[tuple[str, ...], Topic]]]:
        return {
            path.relative_to(self.root).as_posix(): list(walk(vaultroad.load(path).children))
            for path in sorted((self.root / "Roadmaps").rglob("*.md"))
        }

    def find(
        self, trees: dict[str, list[tuple[tuple[str, ...], Topic]]], item: Tracked
    ) -> Topic | None:
        found = [
            topic
            for section, topic in trees.get(item.roadmap, [])
            if section == item.section and topic.title == item.title
        ]
        if len(found) != 1:
            self.fail(
                f"test bookkeeping: {len(found)} topics titled {item.title!r} in "
                f"{' › '.join(item.section)} of {item.roadmap}"
            )
            return None
        return found[0]

    def track(self, key: str, roadmap: str, title: str, section: str | None = None) -> None:
        """Start following the topic `title` (in the section titled `section`)."""
        found = [
            (path, topic)
            for path, topic in walk(vaultroad.load(self.root / roadmap).children)
            if topic.title == title and (section is None or path[-1:] == (section,))
        ]
        assert len(found) == 1, f"{len(found)} topics titled {title!r} in {roadmap}"
        path, topic = found[0]
        self.tracked[key] = Tracked(key, roadmap, path, title, topic.status.value, titles=[title])

    def sync(self, step: str, *, new_topics: tuple[str, ...] = ()) -> None:
        """Sync twice and check (a)–(e); `new_topics` are keys the step added
        (tracked already) that must get a note of their own."""
        self.step = f"{self.steps:02d} {step}"
        self.steps += 1
        self.day += dt.timedelta(days=1)
        try:
            report = vaultroad.sync(self.root, today=self.day)
            again = vaultroad.sync(self.root, today=self.day)
        except Exception as error:  # a crash is one more finding
            self.fail(f"sync raised {type(error).__name__}: {error}")
            return
        issues = [*report.problems, *report.conflicts, *again.problems, *again.conflicts]
        for issue in dict.fromkeys(map(str, issues)):
            self.fail(f"(e) reported: {shorten(issue)}")
        if again.changes:
            self.fail(f"(d) the second sync wrote {sorted(c.path for c in again.changes)}")
        created = [c.path for c in report.changes if c.kind == "note" and c.action == "create"]
        if self.notes and len(created) != len(new_topics):
            self.fail(
                f"(a) {len(created)} new note(s) (e.g. {created[:2]}) where the step added "
                f"{len(new_topics)} topic(s)"
            )
        scan = Scan.of(self.root)
        trees = self.trees()
        gone = self.notes - scan.notes()
        if gone:
            self.fail(f"(a) note files deleted: {sorted(gone)}")
        self.notes = scan.notes()
        for key in new_topics:
            item = self.tracked[key]
            topic = self.find(trees, item)
            holders = scan.by_topic.get(topic.id, []) if topic else []
            if topic is None or len(holders) != 1:
                self.fail(f"(a) the new topic {item.title!r} has notes {holders}")
                continue
            item.note = holders[0]
            self.write_study_notes(item, topic.id)
        scan = Scan.of(self.root) if new_topics else scan
        for item in self.tracked.values():
            if item.note:
                self.check_topic(item, trees, scan)
        self.check_removed_listed("sync", report)
        self.check_removed_listed("second sync", again)
        for target, where in sorted(scan.dangling_links().items()):
            self.fail(
                f"(c) [[{target}]] resolves to no note (in {len(where)} file(s), e.g. {where[0]})"
            )

    def check_topic(
        self, item: Tracked, trees: dict[str, list[tuple[tuple[str, ...], Topic]]], scan: Scan
    ) -> None:
        name = f"{item.title!r} ({item.key})"
        places = scan.study.get(item.study, [])
        if places != [item.note]:
            self.fail(f"(a) the study notes of {name} are in {places}, not only in {item.note}")
        text = scan.texts.get(item.note)
        if text is None:
            self.fail(f"(a) the note of {name}, {item.note}, is gone")
            return
        meta = frontmatter(text)
        if meta.get("status") != item.status:
            self.fail(f"(b) {item.note}: status {meta.get('status')!r}, expected {item.status!r}")
        if item.removed is not None:
            if str(meta.get("removed")) != item.removed.isoformat():
                self.fail(
                    f"(a) {item.note} (deleted topic {name}): removed: "
                    f"{meta.get('removed')!r}, expected {item.removed.isoformat()}"
                )
            if "%% vaultroad:begin %%" not in text:
                self.fail(f"(a) {item.note} (deleted topic {name}) lost its managed block")
            return
        if "removed" in meta:
            self.fail(f"(a) {item.note} of the live topic {name} has removed: {meta['removed']}")
        topic = self.find(trees, item)
        if topic is None:
            return
        holders = scan.by_topic.get(topic.id, [])
        if holders != [item.note]:
            self.fail(
                f"(a) {name} in {item.roadmap}: the note with `topic: {topic.id}` should be "
                f"{item.note} (where its study notes are); notes with that topic: {holders}"
            )
        if topic.status.value != item.status:
            self.fail(
                f"(b) {name} is {topic.status.value} in {item.roadmap}, expected {item.status}"
            )
        aliases = meta.get("aliases") or []
        lost = [title for title in item.titles if title not in aliases]
        if lost:
            self.fail(f"(a) {item.note}: aliases {aliases} lack {lost}")

    def check_removed_listed(self, label: str, report: vaultroad.SyncReport) -> None:
        expected = {i.note: i for i in self.tracked.values() if i.removed is not None}
        listed = getattr(report, "removed", None)
        if listed is None:
            if expected:
                self.fail(f"(a) SyncReport has no `removed` ({label})")
            return
        by_note = {entry.note: entry for entry in listed}
        if set(by_note) != set(expected):
            self.fail(
                f"(a) {label}: report.removed lists {sorted(by_note)}, expected {sorted(expected)}"
            )
        for note, item in expected.items():
            entry = by_note.get(note)
            if entry is None or item.removed is None:
                continue
            if entry.title != item.title:
                self.fail(f"(a) report.removed: {note} has title {entry.title!r}")
            if entry.roadmap not in (item.removed_from, item.roadmap):
                self.fail(f"(a) report.removed: {note} has roadmap {entry.roadmap!r}")
            if str(entry.since) != item.removed.isoformat():
                self.fail(f"(a) report.removed: {note} since {entry.since}, not {item.removed}")

    def report(self, per_kind: int = 12) -> str:
        """Every failure once, with the steps it happened in; at most `per_kind`
        messages of each kind ((a) … (e)), the rest counted."""
        kinds: dict[str, list[tuple[str, list[str]]]] = {}
        for message, steps in self.failures.items():
            kinds.setdefault(message.split(" ", 1)[0], []).append((message, steps))
        lines = [f"{len(self.failures)} distinct failures over {self.steps} syncs:"]
        for kind, items in sorted(kinds.items()):
            for message, steps in items[:per_kind]:
                shown = ", ".join(steps[:3])
                more = f" … ({len(steps)} steps)" if len(steps) > 3 else ""
                lines.append(f"- {message}\n    at: {shown}{more}")
            if len(items) > per_kind:
                lines.append(f"- … and {len(items) - per_kind} more {kind} failures")
        return "\n".join(lines)


# The topics the learner studies (key, roadmap, title, section when the title repeats).
STUDIED: list[tuple[str, str, str, str | None]] = [
    (
        "r_tipos",
        RUTA,
        "Tipos de datos, estructuras de control, funciones, clases, excepciones.",
        None,
    ),
    ("r_django", RUTA, "Django", None),
    ("r_sql", RUTA, "SQL (PostgreSQL y MySQL son las más usadas)", None),
    ("r_orm", RUTA, "ORM (Django ORM o SQLAlchemy)", None),
    ("r_postman", RUTA, "Uso de herramientas como Postman o Swagger.", None),
    ("r_commits", RUTA, "Commits, branches, pull requests.", None),
    ("r_team", RUTA, "Trabajar con flujos de desarrollo en equipo.", None),
    ("r_docker", RUTA, "Contenerización de apps con Docker.", None),
    (
        "r_community",
        RUTA,
        "Participá en comunidades como Python Argentina, meetups o hackathons.",
        None,
    ),
    ("d_admin", DJANGO, "El Administrador", None),
    ("d_orm", DJANGO, "ORM", None),
    ("d_celery", DJANGO, "Celery", None),
    ("o_dns", OUTLINE, "Domain names & DNS resolution", None),
    ("o_rebase", OUTLINE, "Rebasing & interactive rebase", None),
    ("o_hooks", OUTLINE, "Hooks & submodules", None),
    ("o_transactions", OUTLINE, "Transactions & isolation levels", None),
    ("o_resources", OUTLINE, "Resources, verbs, status codes", None),
    ("o_jwt", OUTLINE, "JWT structure & security", None),
    ("o_acid", OUTLINE, "ACID & Isolation", None),
    ("o_factory", OUTLINE, "Factory", None),
    ("o_repository", OUTLINE, "Repository", None),
    ("o_observer", OUTLINE, "Observer", None),
    ("o_strategy", OUTLINE, "Strategy", None),
    ("o_podman", OUTLINE, "Podman", None),
    ("o_search", OUTLINE, "Search Engines", None),
    ("c_variables", TABLES, "Variables & Data Types", None),
    ("c_lists", TABLES, "Lists", "Week 3-4: Data Structures"),
    ("c_tuples", TABLES, "Tuples", None),
    ("c_sets", TABLES, "Sets", None),
    ("c_decorators", TABLES, "Decorators", "Week 9-10: Advanced OOP & Python Features"),
    ("c_logging", TABLES, "Logging", None),
    ("c_json", TABLES, "JSON Handling", None),
    ("c_datetime", TABLES, "Datetime Module", None),
    ("c_request", TABLES, "Request/Response Cycle", None),
    ("c_rest", TABLES, "REST API Concepts", None),
    ("c_mongo", TABLES, "MongoDB (Optional)", None),
    ("c_build", TABLES, "Build 3-4 portfolio projects", None),
    ("c_basics", TABLES, "Functions and basic OOP (classes)", None),
    ("c_fence", TABLES, "Decorators (understand @something)", None),
    ("k_defining", CHECKLIST, "Defining functions (def)", None),
    ("k_dateutil", CHECKLIST, "dateutil for advanced date parsing", None),
    (
        "k_pickle",
        CHECKLIST,
        "pickle and shelve (Python serialization — know it but avoid in APIs)",
        None,
    ),
    ("k_requests", CHECKLIST, "requests library (making HTTP calls from backend)", None),
    (
        "k_httpx",
        CHECKLIST,
        "httpx library (modern async HTTP client — replacement for requests)",
        None,
    ),
    ("k_socket", CHECKLIST, "socket module basics (understanding network programming)", None),
    ("k_arith", CHECKLIST, "Arithmetic operators (+, -, *, /, //, %, **)", None),
    ("k_identity", CHECKLIST, "Identity operators (is, is not)", None),
    ("k_unpacking", CHECKLIST, "Tuple unpacking (multiple assignment)", None),
    ("k_namedtuple", CHECKLIST, "Named tuples (collections.namedtuple)", None),
    ("k_deque", CHECKLIST, "deque from collections", None),
    ("k_lambda", CHECKLIST, "lambda functions", None),
    ("k_closures", CHECKLIST, "Closures (nested function with enclosing scope)", None),
    ("k_cache", CHECKLIST, "Why caching matters", None),
    ("k_celery", CHECKLIST, "Celery setup and configuration", None),
]


def begin_season(root: Path) -> Season:
    """First sync, study notes in every studied topic's note, statuses set both ways."""
    season = Season(root)
    for key, roadmap, title, section in STUDIED:
        season.track(key, roadmap, title, section)
    season.sync("first sync")
    scan = Scan.of(root)
    trees = season.trees()
    for item in season.tracked.values():
        topic = season.find(trees, item)
        assert topic is not None, item
        [item.note] = scan.by_topic[topic.id]
        season.write_study_notes(item, topic.id)
    assert all(item.note for item in season.tracked.values())
    return season


def statuses_both_ways(s: Season) -> None:
    """Ten boxes ticked in the roadmaps, eleven statuses set in notes."""
    s.edit(
        TABLES,
        lambda t: replace_lines(
            replace_lines(
                replace_lines(
                    t, "- [ ] Build 3-4 portfolio projects", "- [x] Build 3-4 portfolio projects"
                ),
                "- [x] Functions and basic OOP (classes)",
                "- [ ] Functions and basic OOP (classes)",
            ),
            "□ Decorators (understand @something)",
            "■ Decorators (understand @something)",
        ),
    )
    s.tick("c_build", "done")
    s.tick("c_basics", "todo")
    s.tick("c_fence", "done")
    checklist_ticks = [
        ("k_unpacking", "Tuple unpacking (multiple assignment)", "[ ✓ ]", "done"),
        ("k_namedtuple", "Named tuples (`collections.namedtuple`)", "[x]", "done"),  # a click
        ("k_deque", "`deque` from `collections`", "[/]", "doing"),
        ("k_celery", "Celery setup and configuration", "[ ✓ ]", "done"),
        (
            "k_httpx",
            "`httpx` library (modern async HTTP client — replacement for requests)",
            "[ ✓ ]",
            "done",
        ),
        ("k_arith", "Arithmetic operators (`+`, `-`, `*`, `/`, `//`, `%`, `**`)", "[-]", "skipped"),
        ("k_identity", "Identity operators (`is`, `is not`)", "[ ✓ ]", "done"),
    ]
    text = s.read(CHECKLIST)
    for key, line, box, status in checklist_ticks:
        text = replace_lines(text, f"- [ ] {line}", f"- {box} {line}")
        s.tick(key, status)
    s.write(CHECKLIST, text)
    for key, status in [
        ("r_django", "done"),
        ("r_orm", "doing"),
        ("d_admin", "done"),
        ("o_dns", "done"),
        ("o_jwt", "doing"),
        ("o_acid", "done"),
        ("c_variables", "done"),
        ("c_decorators", "doing"),
        ("c_rest", "done"),
        ("k_cache", "done"),
        ("k_lambda", "doing"),
    ]:
        s.set_note_status(key, status)
    s.sync("statuses set in roadmaps and in notes")


def ruta_edits(s: Season) -> None:
    """The Spanish bullet roadmap (no final newline, whitespace-only lines between items)."""
    s.edit(
        RUTA,
        lambda t: replace_lines(
            t,
            "- SQL (PostgreSQL y MySQL son las más usadas)",
            "- SQL (PostgreSQL y MySQL son las bases más usadas)",
        ),
    )
    s.retitle("r_sql", "SQL (PostgreSQL y MySQL son las bases más usadas)")
    s.sync("Ruta: reword a topic")

    s.edit(
        RUTA,
        lambda t: move_lines(
            t,
            "- Uso de herramientas como Postman o Swagger.",
            after="- Pruebas de integración y de APIs.",
        ),
    )
    s.move("r_postman", "Testing")
    s.sync("Ruta: move a topic to another section")

    s.edit(
        RUTA,
        lambda t: swap_lines(
            t,
            "- Commits, branches, pull requests.",
            "- Trabajar con flujos de desarrollo en equipo.",
        ),
    )
    s.sync("Ruta: reorder two topics")

    s.edit(
        RUTA,
        lambda t: delete_lines(
            t, ["- Participá en comunidades como Python Argentina, meetups o hackathons.", "    "]
        ),
    )
    s.delete("r_community")
    s.sync("Ruta: delete a topic")

    s.edit(
        RUTA,
        lambda t: insert_lines(
            t,
            ["- Redis para caché y colas de tareas.", "    "],
            before="- NoSQL (MongoDB) si apuntás a empresas más grandes o proyectos con alta "
            "escalabilidad.",
        ),
    )
    s.track("r_redis", RUTA, "Redis para caché y colas de tareas.")
    s.sync("Ruta: add a topic", new_topics=("r_redis",))

    s.rename(RUTA, "Roadmaps/Español/Ruta backend Python.md")
    s.sync("Ruta: rename the file and move it into a subfolder")


def django_edits(s: Season) -> None:
    """The mojibake article: indented `Name: description` lines are its topics."""
    s.edit(
        DJANGO,
        lambda t: change_in_line(t, line_starting(t, "    Celery: "), "Celery:", "Celery y Redis:"),
    )
    s.retitle("d_celery", "Celery y Redis")
    s.sync("Django (mojibake): retitle a topic")

    s.edit(
        DJANGO,
        lambda t: swap_lines(
            t, line_starting(t, "    ✅ El Administrador: "), line_starting(t, "    ORM: ")
        ),
    )
    s.sync("Django (mojibake): reorder two topics")


def outline_edits(s: Season) -> None:
    """The numbered outline with `&nbsp;&nbsp;- ` pseudo-bullets."""
    s.edit(
        OUTLINE,
        lambda t: replace_lines(
            t,
            "   &nbsp;&nbsp;- Rebasing & interactive rebase  ",
            "   &nbsp;&nbsp;- Rebasing & interactive rebasing  ",
        ),
    )
    s.retitle("o_rebase", "Rebasing & interactive rebasing")
    s.sync("Outline: reword a pseudo-bullet")

    s.edit(
        OUTLINE,
        lambda t: replace_lines(
            t,
            "   &nbsp;&nbsp;- Resources, verbs, status codes  ",
            "   &nbsp;&nbsp;- Resources, HTTP verbs, status codes  ",
        ),
    )
    s.retitle("o_resources", "Resources, HTTP verbs, status codes")
    s.sync("Outline: reword another pseudo-bullet")

    s.edit(
        OUTLINE,
        lambda t: replace_lines(
            t, "    16.3. **Search Engines **  ", "    16.3. **Search Engines**  "
        ),
    )
    s.sync("Outline: fix the stray space in a bold outline entry")

    s.edit(
        OUTLINE,
        lambda t: move_lines(
            t,
            "   &nbsp;&nbsp;- Transactions & isolation levels  ",
            before="   &nbsp;&nbsp;- Joins, aggregations, subqueries",
        ),
    )
    s.move("o_transactions", "Relational & SQL Primer")
    s.sync("Outline: move a topic to another section")

    s.edit(
        OUTLINE,
        lambda t: insert_lines(
            t, "    12.4. **Behavioural Patterns**  ", before="    &nbsp;&nbsp;- Observer  "
        ),
    )
    s.move("o_observer", "Behavioural Patterns")
    s.move("o_strategy", "Behavioural Patterns")
    s.sync("Outline: split a section in two")

    s.edit(OUTLINE, lambda t: delete_lines(t, ["", "   3.3. **Advanced Git**  "]))
    s.move("o_rebase", "Remote Repos")
    s.move("o_hooks", "Remote Repos")
    s.sync("Outline: merge two sections")

    s.edit(
        OUTLINE,
        lambda t: delete_lines(
            t, "    &nbsp;&nbsp;- [Podman](./notes/containers/podman/README.md)"
        ),
    )
    s.delete("o_podman")
    s.sync("Outline: delete a topic")

    s.edit(
        OUTLINE,
        lambda t: insert_lines(
            t,
            "   &nbsp;&nbsp;- Async veiws & ASGI  ",
            before="   &nbsp;&nbsp;- OpenAPI docs & validation",
        ),
    )
    s.track("o_async", OUTLINE, "Async veiws & ASGI")
    s.sync("Outline: add a topic (with a typo)", new_topics=("o_async",))

    s.edit(
        OUTLINE,
        lambda t: swap_lines(t, "    &nbsp;&nbsp;- Factory  ", "    &nbsp;&nbsp;- Repository  "),
    )
    s.sync("Outline: reorder two topics")

    s.edit(
        OUTLINE,
        lambda t: change_in_line(
            t, "    10.1. ✅ **ACID & Isolation**  ", "Isolation**", "Isolation Levels**"
        ),
    )
    s.retitle("o_acid", "ACID & Isolation Levels")
    s.sync("Outline: retitle a done outline entry")

    s.edit(
        OUTLINE,
        lambda t: replace_lines(
            t, "   &nbsp;&nbsp;- Async veiws & ASGI  ", "   &nbsp;&nbsp;- Async views & ASGI  "
        ),
    )
    s.retitle("o_async", "Async views & ASGI")
    s.sync("Outline: fix the typo in the new topic")

    s.edit(
        OUTLINE, lambda t: delete_lines(t, "   &nbsp;&nbsp;- ✅ Domain names & DNS resolution  ")
    )
    s.delete("o_dns")
    s.sync("Outline: delete a done topic")


TABLE_HEAD = ["| Topic | What You'll Learn | Time |", "|-------|------------------|------|"]


def table_edits(s: Season) -> None:
    """The chat transcript: topic tables with time estimates, `[x]` lists, `□` in fences."""
    s.edit(
        TABLES,
        lambda t: change_in_line(
            t,
            "| ✅ REST API Concepts | endpoints, resources, statelessness | 3-4 days |",
            "REST API",
            "RESTful API",
        ),
    )
    s.retitle("c_rest", "RESTful API Concepts")
    s.sync("Tables: reword a done row")

    s.edit(
        TABLES,
        lambda t: change_in_line(
            t,
            "| Request/Response Cycle | headers, body, cookies, sessions | 2 days |",
            "Request/Response",
            "Request-Response",
        ),
    )
    s.retitle("c_request", "Request-Response Cycle")
    s.sync("Tables: fix the punctuation of a title")

    s.edit(
        TABLES,
        lambda t: move_lines(
            t,
            "| Logging | logging levels, formatters, handlers | 2 days |",
            after="| Encapsulation | public, private, protected members | 2 days |",
        ),
    )
    s.move(
        "c_logging",
        "PHASE 1: Python Fundamentals (6-8 weeks)",
        "Week 7-8: Error Handling & OOP Basics",
    )
    s.sync("Tables: move a row to another week's table")

    s.edit(
        TABLES,
        lambda t: insert_lines(
            t,
            ["", "### Week 12: Data Formats & Dates", *TABLE_HEAD],
            before="| JSON Handling | json.loads(), json.dumps(), API data | 2 days |",
        ),
    )
    s.move("c_json", "Week 12: Data Formats & Dates")
    s.move("c_datetime", "Week 12: Data Formats & Dates")
    s.sync("Tables: split a week's table under a new heading")

    s.edit(
        TABLES,
        lambda t: delete_lines(t, ["", "### Week 3-4: Data Structures", *TABLE_HEAD]),
    )
    for key in ("c_lists", "c_tuples", "c_sets"):
        s.move(key, "Week 1-2: Core Basics")
    s.sync("Tables: merge two weeks (delete a heading and its table head)")

    s.edit(
        TABLES,
        lambda t: delete_lines(t, "| MongoDB (Optional) | NoSQL concepts, PyMongo | 3-4 days |"),
    )
    s.delete("c_mongo")
    s.sync("Tables: delete a row")

    s.edit(
        TABLES,
        lambda t: insert_lines(
            t,
            "| WebSockets | real-time communication, FastAPI WebSockets | 2-3 days |",
            after="| Deployment | Railway, Render, or AWS deployment | 3-4 days |",
        ),
    )
    s.track("c_websockets", TABLES, "WebSockets", "Week 33-36: Production Readiness")
    s.sync("Tables: add a row", new_topics=("c_websockets",))

    s.edit(
        TABLES,
        lambda t: swap_lines(
            t,
            "| Lists | creation, indexing, slicing, methods (append, pop, sort) | 3 days |",
            "| Tuples | immutability, packing/unpacking | 1-2 days |",
        ),
    )
    s.sync("Tables: reorder two rows")

    s.edit(
        TABLES,
        lambda t: replace_lines(
            t,
            "■ Decorators (understand @something)",
            "■ Decorators (understand the @ syntax)",
        ),
    )
    s.retitle("c_fence", "Decorators (understand the @ syntax)")
    s.sync("Tables: reword a ticked line of a glyph checklist in a code fence")

    s.rename(TABLES, "Roadmaps/Python/Backend Roadmap 2025.md")
    s.sync("Tables: rename the file and move it into a subfolder")


def checklist_edits(s: Season) -> None:
    """The 746-item checklist written with `[ ✓ ]`."""
    checklist = CHECKLIST
    s.edit(
        checklist,
        lambda t: replace_lines(
            t,
            "- [ ] `dateutil` for advanced date parsing",
            "- [ ] `dateutil` for advanced date and time parsing",
        ),
    )
    s.retitle("k_dateutil", "dateutil for advanced date and time parsing")
    s.sync("Checklist: reword an item")

    s.edit(
        checklist,
        lambda t: move_lines(
            t,
            "- [ ] `socket` module basics (understanding network programming)",
            after="- [ ] Rate limiting outbound requests",
        ),
    )
    s.move(
        "k_socket",
        "PHASE 7: Advanced Python (Intermediate to Advanced)",
        "Networking & HTTP from Python",
    )
    s.sync("Checklist: move an item to another section")

    s.edit(
        checklist,
        lambda t: insert_lines(
            t,
            ["", "### 1.2.1 HTTP Clients & Logging"],
            before="- [ ] `requests` library (making HTTP calls from backend)",
        ),
    )
    s.move("k_requests", "HTTP Clients & Logging")
    s.move("k_httpx", "HTTP Clients & Logging")
    s.sync("Checklist: split a section (a heading inserted mid-list)")

    s.edit(checklist, lambda t: delete_lines(t, ["", "### 1.4 Operators"]))
    s.move("k_arith", "Variables & Data Types")
    s.move("k_identity", "Variables & Data Types")
    s.sync("Checklist: merge two sections (a heading deleted)")

    s.edit(
        checklist,
        lambda t: delete_lines(
            t,
            "- [ ] `pickle` and `shelve` (Python serialization — know it but avoid in APIs)",
        ),
    )
    s.delete("k_pickle")
    s.sync("Checklist: delete an item")

    s.edit(
        checklist,
        lambda t: insert_lines(
            t,
            "- [ ] `structlog` for structured logging",
            after="- [ ] `logging` module basics (understand early, use throughout)",
        ),
    )
    s.track("k_structlog", checklist, "structlog for structured logging")
    s.sync("Checklist: add an item", new_topics=("k_structlog",))

    s.edit(
        checklist,
        lambda t: swap_lines(
            t, "- [/] `lambda` functions", "- [ ] Closures (nested function with enclosing scope)"
        ),
    )
    s.sync("Checklist: reorder two items")

    s.edit(
        checklist,
        lambda t: replace_lines(
            t,
            "- [ ✓ ] Celery setup and configuration",
            "- [ ✓ ] Celery setup & configuration",
        ),
    )
    s.retitle("k_celery", "Celery setup & configuration")
    s.sync("Checklist: reword a done item")

    s.rename(checklist, "Roadmaps/Checklists/Python Backend Developer Complete Checklist.md")
    s.sync("Checklist: move the file into a subfolder")


def restore_edits(s: Season) -> None:
    """Deleted topics come back: the same line added again."""
    s.edit(
        OUTLINE,
        lambda t: insert_lines(
            t,
            "    &nbsp;&nbsp;- [Podman](./notes/containers/podman/README.md)",
            after=line_starting(t, "    &nbsp;&nbsp;- [Images](./notes/containers/docker/"),
        ),
    )
    s.restore("o_podman")
    s.sync("Outline: restore the deleted topic (the same line added back)")

    ruta = s.tracked["r_postman"].roadmap
    s.edit(
        ruta,
        lambda t: insert_lines(
            t,
            ["    ", "- Participá en comunidades como Python Argentina, meetups o hackathons."],
            after="- Publicá proyectos reales en GitHub: una API REST, un blog con Django, un "
            "sistema de reservas, etc.",
        ),
    )
    s.restore("r_community")
    s.sync("Ruta: restore the deleted topic (the same line added back)")


def test_study_notes_and_statuses_survive_a_season_of_edits(vault: Path) -> None:
    s = begin_season(vault)
    assert len(s.tracked) >= 50
    statuses_both_ways(s)
    ruta_edits(s)
    django_edits(s)
    outline_edits(s)
    table_edits(s)
    checklist_edits(s)
    restore_edits(s)
    assert s.steps >= 32  # the first sync, the statuses, and at least 30 edits
    if s.failures:
        pytest.fail(s.report(), pytrace=False)


# --- ambiguous edits, through the command line ------------------------------------------


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*.md"))
    }


def cli_sync(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["sync", str(root)])
    return result.exit_code, result.stdout + result.stderr


@dataclass
class Ambiguous:
    """A synced vault copy, an ambiguous edit, and what must be named."""

    root: Path
    old_ids: list[str]  # the topics that disappeared
    old_notes: list[str] = field(default_factory=list)  # their notes, Topics-relative

    @classmethod
    def start(cls, root: Path, roadmap: str, titles: list[str]) -> Ambiguous:
        code, out = cli_sync(root)
        assert code == 0, out
        topics = {t.title: t for t in vaultroad.load(root / roadmap).topics()}
        case = cls(root, [topics[title].id for title in titles])
        scan = Scan.of(root)
        for topic_id in case.old_ids:
            [note] = scan.by_topic[topic_id]
            case.old_notes.append(note.removeprefix("Topics/"))
            path = root / note
            path.write_bytes(
                path.read_bytes() + f"\nMy study notes for {topic_id} {MARK}\n".encode()
            )
        return case

    def check(self, roadmap: str, edit: Callable[[str], str], new: list[str]) -> None:
        """After `edit`: exit 1, both sides named, a `vaultroad relink` command
        shown, and no note written for these topics. `new` are the titles of the
        appeared topics, as `title@line` when two are equal."""
        path = self.root / roadmap
        text = path.read_bytes().decode("utf-8")
        path.write_bytes(edit(text).encode("utf-8"))
        before = snapshot(self.root / "Topics")
        code, out = cli_sync(self.root)
        after = snapshot(self.root / "Topics")
        assert code == 1, out
        for note in self.old_notes:
            assert note in out, f"the old note {note} is not named in:\n{out}"
            assert after[note] == before[note], f"{note} was written"
        for side in new:
            title, _, line = side.partition("@")
            assert title in out, f"the new topic {title!r} is not named in:\n{out}"
            if line:
                assert re.search(rf"{re.escape(Path(roadmap).name)}:{line}\b", out), (
                    f"the new topic at line {line} is not named in:\n{out}"
                )
        assert "vaultroad relink" in out, out
        assert sorted(after) == sorted(before), sorted(set(after) ^ set(before))
        tree = vaultroad.load(path)
        appeared = [t.id for t in tree.topics() if t.title in {s.partition("@")[0] for s in new}]
        owned = Scan.of(self.root).by_topic
        assert not [i for i in appeared if i in owned], "an ambiguous topic got a note"


def test_a_line_pasted_twice_where_one_disappeared_is_not_guessed(vault: Path) -> None:
    line = "- Uso de herramientas como Postman o Swagger."
    case = Ambiguous.start(vault, RUTA, ["Uso de herramientas como Postman o Swagger."])

    def edit(text: str) -> str:
        text = delete_lines(text, line)
        text = insert_lines(text, line, after="- Pruebas de integración y de APIs.")
        return insert_lines(text, line, after="- Contenerización de apps con Docker.")

    lines = edit((vault / RUTA).read_bytes().decode("utf-8")).split("\n")
    numbers = [str(i + 1) for i, content in enumerate(lines) if content == line]
    assert len(numbers) == 2
    case.check(RUTA, edit, [f"Uso de herramientas como Postman o Swagger.@{n}" for n in numbers])


def test_two_retitles_scoring_the_same_against_one_removed_title_are_not_guessed(
    vault: Path,
) -> None:
    case = Ambiguous.start(vault, OUTLINE, ["Dependency injection"])
    case.check(
        OUTLINE,
        lambda t: replace_lines(
            t,
            "   &nbsp;&nbsp;- Dependency injection  ",
            [
                "   &nbsp;&nbsp;- Dependency injection basics  ",
                "   &nbsp;&nbsp;- Dependency injection in depth  ",
            ],
        ),
        ["Dependency injection basics", "Dependency injection in depth"],
    )


def test_one_topic_whose_two_old_candidates_tie_is_not_guessed(vault: Path) -> None:
    case = Ambiguous.start(vault, CHECKLIST, ["pytest fixtures", "pytest markers"])
    case.check(
        CHECKLIST,
        lambda t: delete_lines(
            replace_lines(t, "- [ ] `pytest` fixtures", "- [ ] `pytest` fixtures and markers"),
            "- [ ] `pytest` markers",
        ),
        ["pytest fixtures and markers"],
    )
