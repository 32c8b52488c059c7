"""The per-file rules of `vaultroad check`, and their safe fixes.

Each rule has a code, a one-line summary and an explanation (`vaultroad
check --explain CODE`). Fixes are span patches on the original text — only
the bytes of the fault change — and the result is re-parsed and compared
with the old tree before it is returned; a fix that would change anything
else is not applied and its problem stays reported.

Lines inside code (fenced or indented), HTML and `%% %%` comments and
frontmatter are never looked at: the block tokens (the block scanner's, or
markdown-it's where the scanner declines), not a regex over the file, decide
what is text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import NamedTuple

from .errors import VaultroadError
from .lazy_re import lazy_compile
from .markdown import MAX_DEPTH, MAX_INLINE, TOO_DEEP, block_tokens
from .model import MarkerKind, Roadmap, Status, Topic
from .parser import parse, parse_with_source
from .selection import is_group
from .source import Source

__all__ = [
    "RULES",
    "BoxRepair",
    "CheckOptions",
    "Problem",
    "Rule",
    "box_fault_lines",
    "check_text",
    "repair_box",
]


# The records here are NamedTuples or plain slotted classes, not dataclasses:
# the pre-commit hook pays every class's start-up cost on each run, and a
# frozen dataclass costs about five times what a NamedTuple does to define
# (its methods are generated with exec), a NamedTuple ten times what a plain
# class does. Being tuples, problems also sort by path, line and column.


class Problem(NamedTuple):
    """One finding: where, which rule, what, and whether `--fix` can repair it."""

    path: str
    line: int  # 1-based
    column: int  # 1-based, in characters
    code: str
    message: str
    fixable: bool

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.message}"


class Rule:
    """A rule as `--explain` tells it. A plain slotted class, and the explanation
    put in one paragraph only when read: every check loads this module, and
    only `--explain` reads an explanation."""

    __slots__ = ("_written", "code", "fix", "name", "summary")

    def __init__(self, code: str, name: str, summary: str, written: str, fix: str | None) -> None:
        self.code = code
        self.name = name
        self.summary = summary
        self._written = written  # as in the source: indented, over several lines
        self.fix = fix

    @property
    def explanation(self) -> str:
        return _prose(self._written).strip()

    def __repr__(self) -> str:
        return f"Rule({self.code!r}, {self.name!r})"


def _prose(text: str) -> str:
    """`text` with its line breaks and indentation collapsed, but not inside code
    spans: `[  ]` (two spaces) is a different box from `[ ]`."""
    parts = re.split(r"(`[^`]*`)", text)
    return "".join(
        part if index % 2 else re.sub(r"\s+", " ", part) for index, part in enumerate(parts)
    )


RULES: Mapping[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule(
            "VR101",
            "malformed-checkbox",
            "A list item starts with something meant as a checkbox that is not one.",
            """`[]`, `[ x]`, `[x ]`, `[  ]` or a bullet glued to its box (`-[ ]`)
            render as plain text in Obsidian and are invisible to progress.""",
            "Rewrite it in the file's own style: empty → `[ ]`, ticked → the file's done form.",
        ),
        Rule(
            "VR102",
            "look-alike-checkbox",
            "A checkbox hidden by an invisible or look-alike character.",
            """A no-break space after the bullet (`-\\u00a0[ ]`), a zero-width or
            no-break space inside the box, or full-width brackets `［ ］` look like a
            checkbox but are not one.""",
            "Replace the look-alike characters with the plain `- [ ]` form.",
        ),
        Rule(
            "VR103",
            "mixed-checkbox-style",
            "Done checkboxes are written in more than one style in one file.",
            """`[ ✓ ]` beside `[x]` (or `[X]` beside `[x]`) makes the file harder to
            read and to edit consistently. With --style obsidian every done box
            should be `[x]`, the form Obsidian renders as a clickable checkbox.""",
            "Rewrite the minority style to the majority (or to `[x]` with --style obsidian).",
        ),
        Rule(
            "VR104",
            "empty-checkbox",
            "A checkbox list item with nothing after its box.",
            """`- [ ] ` with no text is not a topic (there is nothing to tick off), so
            it is left out of the tree and of progress: write what it stands for, or
            delete the line.""",
            None,
        ),
        Rule(
            "VR201",
            "parent-done-child-open",
            "A topic is done while one of its subtopics is not finished.",
            """Either the parent was ticked too early or a subtopic was forgotten.
            Skipped subtopics count as finished.""",
            "With --fix-hierarchy only: the parent becomes `doing` (no work is marked done).",
        ),
        Rule(
            "VR202",
            "children-done-parent-open",
            "Every subtopic is finished but the topic itself is not.",
            """All subtopics are done or skipped, so the topic is probably done too.""",
            "With --fix-hierarchy only: the parent becomes done.",
        ),
        Rule(
            "VR301",
            "duplicate-item",
            "The same checklist item appears twice in one section.",
            """An identical checkbox line (same text, same status) repeated in a
            section is usually a copy-paste slip; it counts twice in progress.""",
            None,
        ),
        Rule(
            "VR302",
            "duplicate-topic-id",
            "Two roadmaps give the same topic id.",
            """Topic ids are hashed from the roadmap's file name, the section path and
            the title; two roadmaps with the same file name in different folders can
            collide, and sync cannot tell their topics apart. Rename one file.""",
            None,
        ),
        Rule(
            "VR401",
            "invalid-utf8",
            "The file is not valid UTF-8.",
            """vaultroad never decodes lossily: the byte offset of the first invalid
            byte is given so it can be repaired by hand. A file saved as UTF-16 or
            UTF-32 (with or without a byte-order mark) is named as such: save it
            again as UTF-8.""",
            None,
        ),
        Rule(
            "VR402",
            "mojibake",
            "Text that was UTF-8, decoded with a legacy code page and saved again.",
            """`cafÃ©` for `café` (cp1252/latin-1) or `qu칠` for `qué` (Johab, cp949).
            The fix re-encodes each garbled run; runs whose bytes were lost are
            reported with their line and left as they are.""",
            "Re-encode each garbled run with its code page and decode it as UTF-8.",
        ),
        Rule(
            "VR403",
            "parse-limit",
            "Part of the file was not read in full, to keep parsing fast.",
            f"""vaultroad parses every file in time proportional to its size, so a
            broken or hostile file cannot hang a pre-commit hook. Three limits buy
            that, and each place one applies is reported here, never silently: lines
            nested {MAX_DEPTH} or more levels deep (a list counts 2, a blockquote 1) are
            not read, and their topics are missing from the tree; a text with so
            many unmatched `[` that looking for its links would take quadratic time
            is read without its links; a text over {MAX_INLINE:,} characters is read as
            written, without its inline Markdown. No roadmap needs any of these:
            flatten the nesting, close or escape (`\\[`) the brackets, or split
            the text.""",
            None,
        ),
        Rule(
            "VR404",
            "no-topics",
            "No topics were found in the roadmap.",
            """Nothing in the file reads as a thing to tick off: no checkbox or list
            item (links alone are resources, and in a checklist plain bullets are
            notes), no topic-table row, outline leaf or glyph line, no indented
            `Name: description` line and no leaf heading. The summary shows such a
            roadmap as "no topics found". Write the topics as a list, or check that
            the file is a roadmap at all.""",
            None,
        ),
        Rule(
            "VR501",
            "note-out-of-step",
            "A topic note's status disagrees with its roadmap.",
            """Found when checking a vault folder that has been synced: the note or
            the roadmap changed since the last `vaultroad sync`.""",
            None,
        ),
        Rule(
            "VR502",
            "summary-out-of-date",
            "The progress summary does not match the roadmaps.",
            """Found when checking a synced vault folder: run `vaultroad sync`.""",
            None,
        ),
        Rule(
            "VR503",
            "removed-topic-note",
            "A topic note whose topic is no longer in its roadmap.",
            """The topic was deleted from its roadmap, or edited beyond what sync
            recognises as the same topic. Its note is kept, with `removed:` in its
            frontmatter, and reported on every check until you settle it: give it
            to the topic it became (`vaultroad relink NOTE ROADMAP:LINE`), put the
            topic back in the roadmap, or delete the note.""",
            None,
        ),
    )
}


class CheckOptions(NamedTuple):
    select: frozenset[str] | None = None  # codes or prefixes to run; None: all
    ignore: frozenset[str] = frozenset()  # codes or prefixes to skip
    fix_hierarchy: bool = False  # let --fix change statuses for VR201/VR202
    style: str | None = None  # "obsidian": every done box should be `[x]`
    # The vault's extra checkbox symbols (`[symbols]` of .vaultroad.toml): a
    # file is checked as sync reads it.
    symbols: Mapping[str, Status] | None = None

    def wants(self, code: str) -> bool:
        if self.select is not None and not any(code.startswith(s) for s in self.select):
            return False
        return not any(code.startswith(i) for i in self.ignore)


# `(?:>[ \t]*)*`, not `(?:>[ \t]?[ \t]*)*`: two ways to match each space made
# a line of `> > > …` that is not a box cost 2**n steps to reject.
_BULLET = r"(?P<prefix>[ \t]*(?:>[ \t]*)*(?:[-*+]|\d{1,9}[.)]))"
# What follows the bullet in each fault. A box meant as one: brackets holding
# spaces and at most one x, in any spacing CommonMark or Obsidian would not
# read as a checkbox.
_MALFORMED_BOX = r"(?P<gap>[ \t]+)(?P<box>\[(?:|[ ]{2,}|[ ]+[xX][ ]*|[xX][ ]+)\])(?=[ \t]|$)"
_GLUED_BOX = r"(?P<box>\[[ xX]\])(?=[ \t])"
_ODD_GAP_BOX = (
    r"(?P<gap>[\u00a0\u2000-\u200b\u202f\u205f\u3000][ \t\u00a0]*)(?P<box>\[[ xX]\])(?=[ \t]|$)"
)
_ODD_BOX_BOX = (
    r"(?P<gap>[ \t]+)(?P<box>\[[\u00a0\u200b-\u200d\u2060\ufeff]\]|［[ 　xX]?］)(?=[ \t]|$)"
)
_MALFORMED = lazy_compile(_BULLET + _MALFORMED_BOX)
_GLUED = lazy_compile(_BULLET + _GLUED_BOX)
_ODD_GAP = lazy_compile(_BULLET + _ODD_GAP_BOX)
_ODD_BOX = lazy_compile(_BULLET + _ODD_BOX_BOX)


def _unnamed(pattern: str) -> str:
    """`pattern` with its named groups (`prefix`, `gap`, `box`) plain groups, so
    that several can be alternatives in one pattern."""
    for name in ("prefix", "gap", "box"):
        pattern = pattern.replace(f"(?P<{name}>", "(?:")
    return pattern


# Whether a line holds any of the four faults, in one pattern (see
# `_could_hold_fault`): the bullet is compiled once, not four times, and most
# lines are only ever matched against this. The look-alike faults need one of
# the characters of `_LOOK_ALIKE` (in the gap or the box), so a line without
# one (any ASCII line, and `- [ ✓ ] Loops — basics`) is matched against the
# other two only, whose pattern compiles in a sixth of the time: compiling is
# most of what the hook's check spends after start-up, and the look-alikes'
# sets beyond Latin-1 are what sre takes longest to compile.
_PLAIN_FAULT = lazy_compile(_unnamed(f"{_BULLET}(?:{_MALFORMED_BOX}|{_GLUED_BOX})"))
_ANY_FAULT = lazy_compile(
    _unnamed(f"{_BULLET}(?:{_MALFORMED_BOX}|{_GLUED_BOX}|{_ODD_GAP_BOX}|{_ODD_BOX_BOX})")
)
# Every character `_ODD_GAP_BOX`'s gap or `_ODD_BOX_BOX`'s box opens with
# (tests/test_rules_prefilter.py checks each code point).
_LOOK_ALIKE = frozenset(
    "\u00a0\u202f\u205f\u2060\u3000\ufeff［" + "".join(map(chr, range(0x2000, 0x200E)))
)
# Lines nested too deep are not read (VR403 reports them), so not checked either.
_SKIPPED_BLOCKS = {
    "fence",
    "code_block",
    "html_block",
    "front_matter",
    "obsidian_comment",
    TOO_DEEP,
}


def _could_hold_fault(raw: str) -> bool:
    """Whether `_box_fault` finds a fault on the line `raw` (given no code or
    comment hides it): `_MALFORMED`, `_GLUED`, `_ODD_GAP` or `_ODD_BOX` matches."""
    if "[" not in raw and "［" not in raw:
        return False
    if raw.isascii() or _LOOK_ALIKE.isdisjoint(raw):
        return _PLAIN_FAULT.match(raw) is not None
    return _ANY_FAULT.match(raw) is not None


def _text_lines(text: str, source: Source) -> list[int]:
    """0-based lines that markdown-it reads as text (not code, comments, frontmatter).

    Only lines that could hold a box are candidates, and markdown-it's block
    pass runs only when there is one: most files have none, and the check of
    a vault should cost little more than parsing it.
    """
    candidates = []
    for index in range(len(source)):
        raw = source.line(index)
        if _could_hold_fault(raw):
            candidates.append(index)
    if not candidates:
        return []
    hidden: set[int] = set()
    for token in block_tokens(source.body)[0]:
        if token.type in _SKIPPED_BLOCKS and token.map is not None:
            hidden.update(range(token.map[0], token.map[1]))
    return [index for index in candidates if index not in hidden]


class _Fault:
    """One fault found on a line: where, which rule, what, and its fix. A plain
    slotted class, read by its names only (see the note above `Problem`)."""

    __slots__ = ("code", "column", "end", "line", "message", "replacement", "start")

    def __init__(
        self,
        line: int,  # 0-based
        column: int,  # 0-based
        code: str,
        message: str,
        start: int,
        end: int,
        replacement: str | None,  # None: not fixable
    ) -> None:
        self.line = line
        self.column = column
        self.code = code
        self.message = message
        self.start = start
        self.end = end
        self.replacement = replacement


def _box_fault(raw: str, done_form: str) -> tuple[str, str, int, int, str] | None:
    """(code, message, start, end, replacement) for a faulty box on `raw`, if any."""
    if match := _MALFORMED.match(raw):
        box = match.group("box")
        fixed = done_form if "x" in box.lower() else "[ ]"
        message = f"malformed checkbox {box!r}: write {fixed!r}"
        return "VR101", message, match.start("box"), match.end("box"), fixed
    if match := _GLUED.match(raw):
        message = f"no space between the bullet and {match.group('box')!r}"
        return "VR101", message, match.start("box"), match.start("box"), " "
    if match := _ODD_GAP.match(raw):
        message = f"look-alike checkbox: {_names(match.group('gap'))} after the bullet"
        return "VR102", message, match.start("gap"), match.end("gap"), " "
    if match := _ODD_BOX.match(raw):
        box = match.group("box")
        fixed = done_form if "x" in box.lower() else "[ ]"
        odd = "full-width brackets" if box.startswith("［") else _names(box[1:-1])
        message = f"look-alike checkbox {box!r} ({odd})"
        return "VR102", message, match.start("box"), match.end("box"), fixed
    return None


def _box_faults(text: str, source: Source, done_form: str) -> list[_Fault]:
    faults: list[_Fault] = []
    for index in _text_lines(text, source):
        found = _box_fault(source.line(index), done_form)
        if found is None:
            continue
        code, message, start, end, replacement = found
        base = source.line_starts[index]
        faults.append(_Fault(index, start, code, message, base + start, base + end, replacement))
    return faults


def _names(text: str) -> str:
    import unicodedata

    return ", ".join(
        f"U+{ord(c):04X} {unicodedata.name(c, '?').lower()}" for c in dict.fromkeys(text)
    )


class _Read:
    """One parse of a text, with what several rules look at, gathered once."""

    __slots__ = ("checkboxes", "roadmap", "source", "topics")

    def __init__(
        self, roadmap: Roadmap, source: Source, topics: list[Topic], checkboxes: list[Topic]
    ) -> None:
        self.roadmap = roadmap
        self.source = source
        self.topics = topics  # every topic, depth-first
        self.checkboxes = checkboxes  # those written with a checkbox


def _read(text: str, path: str, symbols: Mapping[str, Status] | None = None) -> _Read:
    roadmap, source = parse_with_source(text, path, symbols=symbols)
    topics = list(roadmap.topics())
    boxes = [t for t in topics if t.position.kind is MarkerKind.CHECKBOX and t.marker]
    return _Read(roadmap, source, topics, boxes)


def _style_faults(read: _Read, style: str | None) -> list[_Fault]:
    source = read.source
    done = [t for t in read.checkboxes if t.status is Status.DONE]
    forms = Counter(t.marker for t in done)
    if style == "obsidian":
        target = "[x]"
    elif len(forms) > 1:
        best = max(forms.values())
        target = next(t.marker for t in done if forms[t.marker] == best) or "[x]"
    else:
        return []
    faults = []
    for topic in done:
        if topic.marker == target:
            continue
        line = source.line_of(topic.position.start)
        column = topic.position.start - source.line_starts[line]
        reason = "Obsidian's form" if style == "obsidian" else "the file's usual style"
        faults.append(
            _Fault(
                line,
                column,
                "VR103",
                f"done box {topic.marker!r} differs from {reason} {target!r}",
                topic.position.start,
                topic.position.end,
                target,
            )
        )
    return faults


def _hierarchy_faults(read: _Read) -> list[tuple[_Fault, Topic, Status]]:
    faults = []
    for topic in read.topics:
        if not topic.children or is_group(topic):
            continue  # a label over checkbox items takes its status from them
        open_children = [c for c in topic.children if not c.status.finished]
        line = topic.line - 1
        if topic.status is Status.DONE and open_children:
            first = open_children[0]
            faults.append(
                (
                    _Fault(
                        line,
                        topic.column - 1,
                        "VR201",
                        f"{topic.title!r} is done but {len(open_children)} subtopic"
                        f"{'s are' if len(open_children) > 1 else ' is'} not "
                        f"(first: {first.title!r}, line {first.line})",
                        0,
                        0,
                        None,
                    ),
                    topic,
                    Status.DOING,
                )
            )
        elif not topic.status.finished and not open_children:
            faults.append(
                (
                    _Fault(
                        line,
                        topic.column - 1,
                        "VR202",
                        f"every subtopic of {topic.title!r} is finished but it is "
                        f"{topic.status.value}",
                        0,
                        0,
                        None,
                    ),
                    topic,
                    Status.DONE,
                )
            )
    return faults


def _duplicate_faults(read: _Read) -> list[_Fault]:
    faults = []
    source = read.source
    first_line: dict[str, Topic] = {}
    for topic in read.checkboxes:  # prose bullets may repeat; checklist items should not
        base, _, number = topic.id.partition("-")
        if not number:
            first_line[topic.id] = topic
            continue
        first = first_line.get(base)
        if first is None:
            continue
        same = source.line(first.line - 1).strip() == source.line(topic.line - 1).strip()
        if same and first.status is topic.status:
            faults.append(
                _Fault(
                    topic.line - 1,
                    topic.column - 1,
                    "VR301",
                    f"duplicate of line {first.line}: {topic.title!r}",
                    0,
                    0,
                    None,
                )
            )
    return faults


_EMPTY_BOX = lazy_compile(r"[ \t]*(?:>[ \t]*)*(?:[-*+]|\d{1,9}[.)])[ \t]+\[[^\]]{1,3}\][ \t]*$")


def _may_be_empty_box(line: str) -> bool:
    """Whether `_EMPTY_BOX` matches `line`, looked at first without the pattern: the
    line must end in `]` (source lines hold no line break, so `$` is their end),
    and its box's `[` be one to three characters before: most lines fail that,
    `- [[Note]]` too, and the pattern is then not even compiled."""
    end = line.rstrip(" \t")
    return end.endswith("]") and "[" in end[-5:-2] and _EMPTY_BOX.match(line) is not None


def _empty_boxes(path: str, source: Source) -> list[Problem]:
    """VR104: checkbox list items with no text after the box (the parser skips them)."""
    if not any(map(_may_be_empty_box, map(source.line, range(len(source))))):
        return []
    problems = []
    tokens = block_tokens(source.body)[0]
    for index, token in enumerate(tokens):
        facts = token.meta.get("vaultroad") if token.type == "list_item_open" else None
        if not facts or facts["checkbox"] is None:
            continue
        content: str = tokens[index + 2].content
        if content[len(facts["checkbox"]) :].strip():
            continue
        line: int = facts["line"]
        box = facts["checkbox"]
        problems.append(
            Problem(
                path, line + 1, facts["column"] + 1, "VR104", f"empty checkbox item {box}", False
            )
        )
    return problems


def _limit_problems(path: str, roadmap: Roadmap) -> list[Problem]:
    """VR403: every place the parser read less than the whole Markdown (see ParseLimit)."""
    return [Problem(path, limit.line, 1, "VR403", limit.message, False) for limit in roadmap.limits]


def _problem(path: str, fault: _Fault, fixable: bool) -> Problem:
    return Problem(path, fault.line + 1, fault.column + 1, fault.code, fault.message, fixable)


def check_text(
    text: str, path: str, options: CheckOptions | None = None, *, fix: bool = False
) -> tuple[list[Problem], str]:
    """The problems in one roadmap text and, with `fix`, the fixed text.

    The problems returned are those left after fixing (all of them without `fix`).
    """
    problems, text, _ = check_roadmap(text, path, options, fix=fix)
    return problems, text


def check_roadmap(
    text: str, path: str, options: CheckOptions | None = None, *, fix: bool = False
) -> tuple[list[Problem], str, Roadmap]:
    """`check_text`, also giving the tree of the (fixed) text, so callers parse once."""
    options = options or CheckOptions()
    read = _read(text, path, options.symbols)
    problems: list[Problem] = []
    box_faults = [
        f for f in _box_faults(text, read.source, read.roadmap.done_form) if options.wants(f.code)
    ]
    if box_faults:
        fixed_text, refused = _fix_boxes(text, path, read.roadmap, box_faults, options.symbols)
        if fix and fixed_text != text:
            text = fixed_text
            read = _read(text, path, options.symbols)
            box_faults = refused
        problems += [_problem(path, f, f not in refused) for f in box_faults]

    if options.wants("VR103"):
        style_faults = _style_faults(read, options.style)
        if fix and style_faults:
            from .edit import apply_edits, verify  # only --fix edits: the hook's check does not

            edits = [(f.start, f.end, f.replacement or "") for f in style_faults]
            new_text = apply_edits(text, sorted(edits, reverse=True))
            after = _read(new_text, path, options.symbols)
            try:
                verify(read.roadmap, after.roadmap, {})
            except VaultroadError:
                pass
            else:
                text, style_faults, read = new_text, [], after
        problems += [_problem(path, f, True) for f in style_faults]

    hierarchy = [h for h in _hierarchy_faults(read) if options.wants(h[0].code)]
    if fix and options.fix_hierarchy and hierarchy:
        changes = {topic.id: status for _, topic, status in hierarchy}
        from .edit import set_statuses

        try:
            text = set_statuses(text, changes, path, symbols=options.symbols)
        except VaultroadError:
            pass
        else:
            hierarchy = []
            read = _read(text, path, options.symbols)
    problems += [_problem(path, f, options.fix_hierarchy) for f, _, _ in hierarchy]

    if options.wants("VR301"):
        problems += [_problem(path, f, False) for f in _duplicate_faults(read)]
    if options.wants("VR104"):
        problems += _empty_boxes(path, read.source)
    if options.wants("VR403"):
        problems += _limit_problems(path, read.roadmap)
    if options.wants("VR404") and not read.topics:
        message = "no topics found: nothing in the file reads as a thing to tick off"
        problems.append(Problem(path, 1, 1, "VR404", message, False))
    problems.sort(key=lambda p: (p.line, p.column, p.code))
    return problems, text, read.roadmap


class BoxRepair:
    """What `repair_box` found on a line: the text to go on with, and the fault
    (its message) if there was one; `refused` when it could not be fixed safely.
    A plain slotted class: read by its names only (see the note above `Problem`)."""

    __slots__ = ("fault", "refused", "text")

    def __init__(self, text: str, fault: str | None = None, refused: bool = False) -> None:
        self.text = text
        self.fault = fault
        self.refused = refused

    def __repr__(self) -> str:
        return f"BoxRepair({self.text!r}, {self.fault!r}, refused={self.refused!r})"


def box_fault_lines(text: str) -> list[int]:
    """1-based lines holding a malformed or look-alike checkbox (VR101, VR102).

    Costs a scan of the lines, and a block parse only when one could hold a
    faulty box: sync asks this of every roadmap it reads. The symbols of a
    vault do not matter here: a faulty box is one no symbol makes valid.
    """
    return [index + 1 for index in _text_lines(text, Source(text))]


def repair_box(
    text: str, path: str, line: int, symbols: Mapping[str, Status] | None = None
) -> BoxRepair:
    """`text` with the malformed or look-alike checkbox on 1-based `line` fixed as
    `check --fix` fixes it (VR101, VR102), and verified the same way; the other
    lines stay as they are. A line whose box is fine gives `text` back."""
    roadmap, source = parse_with_source(text, path, symbols=symbols)
    faults = [f for f in _box_faults(text, source, roadmap.done_form) if f.line == line - 1]
    if not faults:
        return BoxRepair(text)
    fault = faults[0]
    fixed = None
    if fault.replacement is not None:
        fixed = _try_boxes(text, path, roadmap, [fault], symbols)
    if fixed is None:
        return BoxRepair(text, fault.message, refused=True)
    return BoxRepair(fixed, fault.message)


def _fix_boxes(
    text: str,
    path: str,
    roadmap: Roadmap,
    faults: list[_Fault],
    symbols: Mapping[str, Status] | None = None,
) -> tuple[str, list[_Fault]]:
    """`text` with the box faults patched that check out, and the faults refused.

    All at once first; if the result does not check out (a glued `-[ ]`
    line continuing the paragraph above would turn into a new item and change
    that item's text), one at a time, keeping those that do.
    """
    new_text = _try_boxes(text, path, roadmap, faults, symbols)
    if new_text is not None:
        return new_text, []
    refused: list[_Fault] = []
    accepted: list[_Fault] = []
    for fault in faults:
        if _try_boxes(text, path, roadmap, [*accepted, fault], symbols) is None:
            refused.append(fault)
        else:
            accepted.append(fault)
    if not accepted:
        return text, refused
    return _try_boxes(text, path, roadmap, accepted, symbols) or text, refused


def _try_boxes(
    text: str,
    path: str,
    roadmap: Roadmap,
    faults: list[_Fault],
    symbols: Mapping[str, Status] | None = None,
) -> str | None:
    from .edit import apply_edits

    edits = [(f.start, f.end, f.replacement or "") for f in faults]
    new_text = apply_edits(text, sorted(edits, key=lambda e: e[0], reverse=True))
    after = parse(new_text, path, symbols=symbols)
    fixed_lines = {f.line + 1 for f in faults}
    new_by_line = {t.line: t for t in after.topics()}
    for line in fixed_lines:
        topic = new_by_line.get(line)
        if topic is None or topic.position.kind is not MarkerKind.CHECKBOX or not topic.marker:
            return None
    old = [(t.line, t.title, t.status) for t in roadmap.topics() if t.line not in fixed_lines]
    new = [(t.line, t.title, t.status) for t in after.topics() if t.line not in fixed_lines]
    if old != new:
        return None
    return new_text
