"""roadmap.sh's content files through vaultroad: a scorecard of what the tree makes of them.

Not a speed benchmark and not a test (pytest never collects it): a survey of a
git snapshot of the public developer-roadmap repository, whose files must not
be copied into this repository. Every content file (`roadmaps/<slug>/content/
**/*.md`, or `src/data/roadmaps/…` in snapshots before July 2026) is read
straight from the object store with one `git cat-file --batch` process and
parsed with `vaultroad.parse(text, path)`. A roadmap.sh topic file is a `# Title`,
a description, and a resource list of `- [@article@Title](url)` items.

Failing categories (each must be 0; up to 5 examples each are printed):

  at-type           topic titles that keep an `@type@` (`@article@`, `@video@` …) anywhere
  resource-topics   topics whose text is a roadmap.sh resource link (`- [@video@…](…)`)
  markup            topic titles with leftover Markdown/HTML: `**`, `__`, `~~`, backticks,
                    `[`, `](`, `![`, `<tag`, `&entity;`, `\\` escapes (markup that came
                    from a code span in the text is not counted)
  tasks-emoji       topic titles holding an Obsidian Tasks field emoji (✅ 📅 ⏳ 🛫 ➕ 🔁 ⏫ 🔼
                    🔽 🆔 ⛔ ❌ 🔺 ⏬)
  hashtag           topic titles holding a `#tag` (`C#` is not one, nor a code span's
                    `#include`)
  estimate-from-link  topic estimates whose text is in a link's text of that topic and
                    nowhere in the topic's text outside its links
  unkinded-links    topic or section links whose text still starts with `@type@`
  lost-resources    files whose `[@type@…](…)` links in the text outnumber the kinded
                    links in the tree (a resource dropped); `extra-resources` the reverse
  errors            files that are not UTF-8 or on which `vaultroad.parse` raised
  code-topics       topics read from a line of code: an indented code block or a fence
                    with a language (a fence without one may hold `□ item` lines)
  boilerplate       topics titled with a lead-in or label of roadmap.sh's files (`Visit
                    the following resources to learn more:`, `Free Content`, `Resources`,
                    `Articles`, `Example` …): none is a thing to learn

Information (not judged): titles starting with `@` (`@Input()`: a decorator is a fine
title; `@type@` ones are counted above), topics made from headings, with an estimate,
with Tasks fields, with tags; the topics' sources; the link kinds; parser limits.

    python benchmarks/roadmap_sh.py --git-dir PATH [--rev REV] [--limit N] [--json]

Exit status 1 when a failing category is not 0.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt

import vaultroad
from vaultroad import Link, Roadmap, Topic

# roadmap.sh's content files; the folder moved from `src/data/roadmaps` to
# `roadmaps` in July 2026, so both are matched.
CONTENT_RE = r"(?:^|/)roadmaps/[^/]+/content/.+\.md$"
EXAMPLES = 5

_KIND_ANYWHERE_RE = re.compile(r"@[A-Za-z][A-Za-z-]{0,19}@")
_KIND_START_RE = re.compile(r"\s*@[A-Za-z][A-Za-z-]{0,19}@")
# A resource item's text: decoration, then `[@type@`.
_RESOURCE_TEXT_RE = re.compile(r"[^\[\w]{0,8}\[@[A-Za-z][A-Za-z-]{0,19}@")
# Every roadmap.sh resource link in a file's text (images excluded), typos
# included (`[@artigo]T](url)`, `[@video@T](](url)`): a `[@kind@` or `[@kind]`
# with a link target later in its item. One without any (`[@feed]Explore …`)
# names no resource.
_RAW_RESOURCE_RE = re.compile(
    r"(?<!!)\[@[^\W\d_][\w-]{0,19}[@\]]"
    # the link target later on the item: on its line or on a continuation line
    # (not blank, not the next item)
    r"(?=(?:[^\n]|\n(?![ \t]*(?:\n|[-*+][ \t])))*?(?:\]\(|://))"
)
_CODE_SPAN_RE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
_INLINE_LINK_RE = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\([^()\s]*(?:\([^()]*\)[^()\s]*)*\)")
_MARKUP: dict[str, re.Pattern[str]] = {
    "**": re.compile(r"\*\*"),
    "__": re.compile(r"__"),
    "~~": re.compile(r"~~"),
    "`": re.compile(r"`"),
    "](": re.compile(r"\]\("),
    "![": re.compile(r"!\["),
    "[": re.compile(r"\["),
    "<tag": re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$)|<!--"),
    "&entity;": re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});"),
    "\\escape": re.compile(r"\\[!-/:-@\[-`{-~]"),
}
# Lines that may open a code block: a fence, or four columns of indent.
_MAY_HAVE_CODE_RE = re.compile(r"^(?: {0,3}(?:```|~~~)| {4}|\t)", re.MULTILINE)
_BOILERPLATE_RE = re.compile(
    r"(?:visit the following resources|learn more from the following|free content\b"
    r"|(?:(?:further|additional|learning|useful) )?(?:resources|references|reading|links)$"
    r"|(?:articles?|videos?|courses?|books?|podcasts?|tutorials?|examples?)$)",
    re.IGNORECASE,
)
_HEADING_LINE_RE = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_SETEXT_RE = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
_TASKS_EMOJI = "✅📅⏳🛫➕🔁⏫🔼🔽🆔⛔❌🔺⏬"
_TASKS_RE = re.compile("[" + _TASKS_EMOJI + "]")
# `#tag` as Obsidian reads it: not after a word character (`C#`, `F#`), `&`, `#` or `/`.
_HASHTAG_RE = re.compile(r"(?<![\w&#/])#[^\W\d_][\w/-]*|(?<![\w&#/])#\d+[^\W\d][\w/-]*")

FAILING = (
    "at-type",
    "resource-topics",
    "markup",
    "tasks-emoji",
    "hashtag",
    "estimate-from-link",
    "unkinded-links",
    "lost-resources",
    "extra-resources",
    "errors",
    "code-topics",
    "boilerplate",
)
INFO = (
    "at-start",
    "heading-topics",
    "estimate",
    "estimate-in-link-text",
    "tasks-fields",
    "tags",
    "limits",
)


@dataclass
class Example:
    path: str
    line: int
    title: str
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "title": self.title, "note": self.note}


@dataclass
class Tally:
    """A count, and up to `EXAMPLES` examples: first ones with a new file and a new
    title (to show the kinds of failure, not one file's five), then the others."""

    count: int = 0
    distinct: list[Example] = field(default_factory=list)
    others: list[Example] = field(default_factory=list)

    def add(self, example: Example) -> None:
        self.count += 1
        if len(self.distinct) >= EXAMPLES:
            return
        if all(e.path != example.path and e.title != example.title for e in self.distinct):
            self.distinct.append(example)
        elif len(self.others) < EXAMPLES:
            self.others.append(example)

    @property
    def examples(self) -> list[Example]:
        return (self.distinct + self.others)[:EXAMPLES]


@dataclass
class Score:
    files: int = 0
    bytes: int = 0
    parsed: int = 0
    topics: int = 0
    sections: int = 0
    topic_links: int = 0
    section_links: int = 0
    raw_resources: int = 0
    tree_resources: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    sources: Counter[str] = field(default_factory=Counter)
    files_with_topics: int = 0
    parse_seconds: float = 0.0
    markup: Counter[str] = field(default_factory=Counter)
    errors_by_type: Counter[str] = field(default_factory=Counter)
    tallies: dict[str, Tally] = field(
        default_factory=lambda: {name: Tally() for name in FAILING + INFO}
    )

    def tally(self, name: str, path: str, line: int, title: str, note: str = "") -> None:
        self.tallies[name].add(Example(path, line, title, note))


# --- reading the snapshot -------------------------------------------------------------


def _git(git_dir: str, *args: str, data: bytes | None = None) -> bytes:
    done = subprocess.run(
        ["git", f"--git-dir={git_dir}", *args],
        input=data,
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise SystemExit(f"git {' '.join(args)}: {message}")
    return done.stdout


def content_files(git_dir: str, rev: str, pattern: str) -> list[tuple[str, str]]:
    """(path, blob id) of every file at `rev` whose path matches `pattern`, by path."""
    wanted = re.compile(pattern)
    listing = _git(git_dir, "ls-tree", "-r", "-z", "--full-tree", rev)
    files: list[tuple[str, str]] = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_path = entry.partition(b"\t")
        _mode, kind, oid = meta.decode("ascii").split(" ")
        path = raw_path.decode("utf-8", "surrogateescape")
        if kind == "blob" and wanted.search(path):
            files.append((path, oid))
    files.sort()
    return files


def read_blobs(git_dir: str, oids: Sequence[str]) -> list[bytes]:
    """The contents of `oids`, in order, from one `git cat-file --batch`."""
    out = _git(git_dir, "cat-file", "--batch", data="".join(f"{oid}\n" for oid in oids).encode())
    blobs: list[bytes] = []
    offset = 0
    for oid in oids:
        end = out.index(b"\n", offset)
        header = out[offset:end].split(b" ")
        if len(header) != 3:
            raise SystemExit(f"git cat-file: {out[offset:end].decode('utf-8', 'replace')} ({oid})")
        size = int(header[2])
        blobs.append(out[end + 1 : end + 1 + size])
        offset = end + 1 + size + 1  # the content, then a newline
    return blobs


# --- the checks -----------------------------------------------------------------------


def _outside_code(text: str) -> str:
    return _CODE_SPAN_RE.sub(" ", text)


def _short(text: str, limit: int = 110) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


_COMMONMARK = MarkdownIt("commonmark")


def code_lines(text: str) -> set[int]:
    """1-based lines inside indented code blocks and fences with a language."""
    if _MAY_HAVE_CODE_RE.search(text) is None:
        return set()
    lines: set[int] = set()
    for token in _COMMONMARK.parse(text):
        if token.map is None:
            continue
        if token.type == "code_block" or (token.type == "fence" and token.info.strip()):
            lines.update(range(token.map[0] + 1, token.map[1] + 1))
    return lines


def check_topic(
    score: Score, path: str, topic: Topic, lines: Sequence[str], code: set[int]
) -> None:
    title = topic.title
    short = _short(title)
    score.topics += 1
    score.topic_links += len(topic.links)
    score.sources[topic.source.value] += 1
    if _KIND_ANYWHERE_RE.search(title):
        score.tally("at-type", path, topic.line, short)
    elif title.lstrip().startswith("@"):
        score.tally("at-start", path, topic.line, short)
    if topic.line in code:
        score.tally("code-topics", path, topic.line, short, _short(lines[topic.line - 1].strip()))
    if _BOILERPLATE_RE.match(title.strip(" \t*_:#")):
        score.tally("boilerplate", path, topic.line, short)
    raw = lines[topic.line - 1] if 0 < topic.line <= len(lines) else ""
    after = lines[topic.line] if topic.line < len(lines) else ""
    if _HEADING_LINE_RE.match(raw) or (raw.strip() and _SETEXT_RE.match(after)):
        score.tally("heading-topics", path, topic.line, short)
    if _RESOURCE_TEXT_RE.match(topic.text):
        score.tally("resource-topics", path, topic.line, short, _short(topic.text))
    plain = _outside_code(topic.text)
    found = [
        name for name, pattern in _MARKUP.items() if pattern.search(title) and pattern.search(plain)
    ]
    if found:
        score.markup.update(found)
        score.tally("markup", path, topic.line, short, " ".join(found))
    if _TASKS_RE.search(title):
        score.tally("tasks-emoji", path, topic.line, short)
    tag = _HASHTAG_RE.search(title)
    if tag and tag.group() in plain:
        score.tally("hashtag", path, topic.line, short, tag.group())
    if topic.tasks is not None:
        score.tally("tasks-fields", path, topic.line, short, repr(topic.tasks))
    if topic.tags:
        score.tally("tags", path, topic.line, short, " ".join(topic.tags))
    estimate = topic.estimate
    if estimate is not None:
        score.tally("estimate", path, topic.line, short, estimate.text)
        needle = estimate.text.casefold()
        if any(needle in link.text.casefold() for link in topic.links):
            score.tally("estimate-in-link-text", path, topic.line, short, estimate.text)
            outside = _INLINE_LINK_RE.sub(" ", topic.text).casefold()
            if needle not in outside:
                score.tally("estimate-from-link", path, topic.line, short, estimate.text)


def _count_links(score: Score, path: str, line: int, title: str, links: Iterable[Link]) -> int:
    kinded = 0
    for link in links:
        if link.kind is not None:
            kinded += 1
            score.kinds[link.kind] += 1
        elif _KIND_START_RE.match(link.text):
            score.tally("unkinded-links", path, line, _short(title), _short(link.text))
    return kinded


def check_roadmap(score: Score, path: str, text: str, roadmap: Roadmap) -> None:
    kinded = 0
    lines = text.splitlines()
    code = code_lines(text)
    has_topics = False
    for topic in roadmap.topics():
        has_topics = True
        check_topic(score, path, topic, lines, code)
        kinded += _count_links(score, path, topic.line, topic.title, topic.links)
    for section in roadmap.walk_sections():
        score.sections += 1
        score.section_links += len(section.links)
        kinded += _count_links(score, path, section.line, section.title, section.links)
    # Resources listed before any section are the roadmap's own.
    score.section_links += len(roadmap.links)
    kinded += _count_links(score, path, 0, roadmap.title, roadmap.links)
    score.files_with_topics += has_topics
    for limit in roadmap.limits:
        score.tally("limits", path, limit.line, limit.kind.value, limit.message)
    raw = len(_RAW_RESOURCE_RE.findall(text))
    score.raw_resources += raw
    score.tree_resources += kinded
    if raw > kinded:
        score.tally("lost-resources", path, 0, roadmap.title, f"{raw} in the text, {kinded} kinded")
    elif kinded > raw:
        score.tally(
            "extra-resources", path, 0, roadmap.title, f"{raw} in the text, {kinded} kinded"
        )


def survey(files: Sequence[tuple[str, bytes]]) -> Score:
    score = Score()
    for path, data in files:
        score.files += 1
        score.bytes += len(data)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            score.errors_by_type["UnicodeDecodeError"] += 1
            score.tally("errors", path, data.count(b"\n", 0, error.start) + 1, "", str(error))
            continue
        started = time.perf_counter()
        try:
            roadmap = vaultroad.parse(text, path)
        except Exception as error:  # a survey counts every failure and goes on
            score.errors_by_type[type(error).__name__] += 1
            line = getattr(error, "line", None)
            note = f"{type(error).__name__}: {error}"
            score.tally("errors", path, line if isinstance(line, int) else 0, "", _short(note, 200))
            continue
        score.parse_seconds += time.perf_counter() - started
        score.parsed += 1
        check_roadmap(score, path, text, roadmap)
    return score


# --- the report -----------------------------------------------------------------------


def result_dict(score: Score, meta: dict[str, Any]) -> dict[str, Any]:
    failing = {name: score.tallies[name].count for name in FAILING}
    return {
        **meta,
        "vaultroad_parse_seconds": round(score.parse_seconds, 3),
        "files": score.files,
        "bytes": score.bytes,
        "parsed": score.parsed,
        "topics": score.topics,
        "files_with_topics": score.files_with_topics,
        "topic_sources": dict(score.sources.most_common()),
        "sections": score.sections,
        "topic_links": score.topic_links,
        "section_links": score.section_links,
        "resource_links_in_text": score.raw_resources,
        "kinded_links_in_tree": score.tree_resources,
        "link_kinds": dict(score.kinds.most_common()),
        "markup": dict(score.markup.most_common()),
        "errors_by_type": dict(score.errors_by_type.most_common()),
        "failing": failing,
        "info": {name: score.tallies[name].count for name in INFO},
        "examples": {
            name: [example.as_dict() for example in tally.examples]
            for name, tally in score.tallies.items()
            if tally.examples
        },
        "ok": not any(failing.values()),
    }


def report(result: dict[str, Any]) -> str:
    lines = [
        f"roadmap.sh content at {result['rev']} ({result['commit'][:12]}) in {result['git_dir']}",
        f"files {result['files']:,} ({result['bytes'] / 1e6:.1f} MB), parsed {result['parsed']:,}; "
        f"read {result['read_seconds']:.2f} s, parse and check {result['survey_seconds']:.2f} s "
        f"(vaultroad.parse {result['vaultroad_parse_seconds']:.2f} s)",
        f"topics {result['topics']:,} in {result['files_with_topics']:,} files ("
        + ", ".join(f"{k} {n:,}" for k, n in result["topic_sources"].items())
        + f"); sections {result['sections']:,}",
        f"links on topics {result['topic_links']:,}, on sections {result['section_links']:,}",
        f"resource links: {result['resource_links_in_text']:,} `[@type@…](…)` in the text, "
        f"{result['kinded_links_in_tree']:,} with a kind in the tree",
        "link kinds: " + ", ".join(f"{k} {n:,}" for k, n in result["link_kinds"].items()),
        "",
    ]
    examples: dict[str, list[dict[str, Any]]] = result["examples"]

    def block(name: str, count: int, verdict: str) -> None:
        extra = ""
        if name == "markup" and result["markup"]:
            extra = " (" + ", ".join(f"{k} {n}" for k, n in result["markup"].items()) + ")"
        if name == "errors" and result["errors_by_type"]:
            extra = " (" + ", ".join(f"{k} {n}" for k, n in result["errors_by_type"].items()) + ")"
        lines.append(f"{verdict:4} {name:22} {count:>7,}{extra}")
        for example in examples.get(name, []):
            note = f"  [{example['note']}]" if example["note"] else ""
            lines.append(f"       {example['path']}:{example['line']}  {example['title']!r}{note}")

    for name, count in result["failing"].items():
        block(name, count, "FAIL" if count else "ok")
    lines.append("")
    for name, count in result["info"].items():
        block(name, count, "info")
    failed = [name for name, count in result["failing"].items() if count]
    lines.append("")
    lines.append("all checks pass" if not failed else "failing: " + ", ".join(failed))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="vaultroad over roadmap.sh's content files.")
    parser.add_argument("--git-dir", required=True, help="a developer-roadmap git directory")
    parser.add_argument("--rev", default="HEAD", help="the commit to read (HEAD)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N files")
    parser.add_argument("--pattern", default=CONTENT_RE, help="path regex of the files read")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead")
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be >= 1")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    commit = _git(args.git_dir, "rev-parse", "--verify", f"{args.rev}^{{commit}}").decode().strip()
    listed = content_files(args.git_dir, commit, args.pattern)
    if args.limit is not None:
        listed = listed[: args.limit]
    if not listed:
        raise SystemExit(f"no file at {args.rev} matches {args.pattern!r}")
    blobs = read_blobs(args.git_dir, [oid for _, oid in listed])
    read_seconds = time.perf_counter() - started
    log(f"read {len(blobs):,} files in {read_seconds:.2f} s; parsing…")
    started = time.perf_counter()
    score = survey([(path, blob) for (path, _), blob in zip(listed, blobs, strict=True)])
    survey_seconds = time.perf_counter() - started
    meta = {
        "git_dir": args.git_dir,
        "rev": args.rev,
        "commit": commit,
        "pattern": args.pattern,
        "vaultroad": vaultroad.__version__,
        "read_seconds": round(read_seconds, 3),
        "survey_seconds": round(survey_seconds, 3),
    }
    result = result_dict(score, meta)
    print(json.dumps(result, indent=2, ensure_ascii=False) if args.json else report(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
