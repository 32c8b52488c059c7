"""Topic tables: which tables hold topics, which cell is what, and the Status column.

A GFM table (with or without outer pipes, bold or plain header cells) is a
*topic table* by the role of its columns, read from the header:

- an **item** column names the things to tick off: Topic, Course(s), Skill,
  Project (Name), Security, Task, Lesson, Library/Tool … (English and Spanish,
  see `_ITEM_WORDS`). When no header names one, the first column is the item
  column if the table also has a tracking column (Status, Priority, Time,
  Duration, Effort) and that first column is not itself a role column
  (`Phase | Duration | Focus` is a timeline, not topics);
- **estimate** columns (Time, Duration, Estimate, Tiempo, Duración) and
  **effort** columns (Effort, Esfuerzo, Commitment) give the row's estimate:
  the first of them, estimates before efforts, whose cell states a total
  length. A weekly or daily *rate* (`6-10 hours/week`, `2 días/semana`,
  `per week`) is a pace, not a length, and gives no estimate: OSSU's
  `14 weeks | 6-10 hours/week` is a 14-week course;
- **schedule** columns (Day, Week, Phase, #, Date …) place a row on the
  calendar: never an estimate, never a description;
- a **status** column (Status, Estado, State, Progress, Done …) is the row's
  status (see below); **priority** and **level** columns (Priority, Level,
  Difficulty, Nivel) are neither status nor description;
- the **description** is the first other column after the item column,
  except reference columns (Prerequisites, Discussion, Link, Type, dates …).

Comparison tables (Pros/Cons, `X vs Y`) and legends (Symbol/Icon/Emoji/Meaning)
are not topic tables, whatever else their header holds.

Rows: a row whose item cell holds no letter or digit (`-`, `—`, `…`, `?`) or
only a template word (`TBD`, `N/A`) is a placeholder, and a `Total` row is a
sum: neither is a topic. A cell that starts with a link is titled by that
link's text; what follows (`([alternative](…))`, a footnote `*`) is resources.

**The Status column.** A row's status is read from its Status cell's
vocabulary: checkboxes (`[x]`, `[ ]`, `[/]`, `[-]`), glyphs (`✅`, `🟢`, `🟡`,
`⚪`, `❌` …), words in English and Spanish (`Done`, `In progress`, `Planned`,
`Todo`, `Skipped`, `Hecho`, `En progreso`, `Pendiente`, `Omitido` …) or a
glyph and a word (`🟢 Done`); the word decides when both are known. An empty
cell or a dash is todo; a percentage is todo at 0%, done at 100%, doing
between; an unknown word is kept as written and reads todo
(as an unknown checkbox symbol does). The topic's marker is that cell's text
(`MarkerKind.CELL`): a status change replaces that text, and only it.

It is written **in that table's own vocabulary**: for each status, the form
the table already uses most (as written, `**Done**` included, first seen on a
tie; an empty cell counts as a form of todo). A status the table has no word
for gets the default of the table's family: its style (glyph and word, word,
glyph, checkbox), its glyph set (circles `⚪ 🟡 🟢`, else checks `✅ 🚧`),
its language (Spanish when most of its words are, else English) and its
case (`done`, `DONE`):

=============  ===============  ===============  ==========  ============
family         todo             doing            done        skipped
=============  ===============  ===============  ==========  ============
words, en      Todo             In progress      Done        Skipped
words, es      Pendiente        En progreso      Hecho       Omitido
circles        ⚪               🟡               🟢          ⏭️
checks         (empty cell)     🚧               ✅          ⏭️
circles+word   ⚪ Planned       🟡 In progress   🟢 Done     ⏭️ Skipped
checks+word    ⬜ Todo          🚧 In progress   ✅ Done     ⏭️ Skipped
checkboxes     [ ]              [/]              [x]         [-]
=============  ===============  ===============  ==========  ============

(Spanish words in the `+word` families: Pendiente, En progreso, Hecho,
Omitido.) A Status column with only empty cells writes the checks family.
A row whose Status cell is empty while its item cell starts with a glyph
(`✅ Learn X`, as vaultroad wrote before it read Status columns) keeps that
glyph as its marker; a row too short to have a Status cell is written with a
glyph in its item cell, as in tables without a Status column.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from .durations import find_duration
from .lazy_re import lazy_compile
from .markers import CHECKBOX_RE, checkbox_status
from .model import Estimate, Link, MarkerKind, Status, WikiLink

if TYPE_CHECKING:
    from markdown_it.token import Token

    from .source import Source

__all__ = [
    "Layout",
    "Table",
    "TableRow",
    "cell_spans",
    "header_name",
    "is_placeholder",
    "layout",
    "read_status",
    "read_table",
    "status_forms",
    "total_estimate",
]

Inline = Callable[[str, int], tuple[str, tuple[Link, ...], tuple[WikiLink, ...]]]
Forms = tuple[str, str, str, str]

# --- header roles ----------------------------------------------------------------


def _words_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_ITEM_WORDS = _words_set(
    "topic topics tema temas tópico tópicos topico topicos subject subjects asignatura "
    "asignaturas materia materias concept concepts concepto conceptos learn aprender what "
    "project projects proyecto proyectos library libraries librería librerías libreria "
    "librerias biblioteca bibliotecas tool herramienta module modules módulo módulos modulo "
    "modulos skill skills habilidad habilidades competencia competencias course courses curso "
    "cursos security seguridad item items task tasks tarea tareas lesson lessons lección "
    "lecciones leccion lecciones chapter chapters capítulo capítulos capitulo capitulos "
    "exercise exercises ejercicio ejercicios milestone milestones hito hitos goal goals "
    "objetivo objetivos objective objectives technology technologies tecnología tecnologías "
    "tecnologia tecnologias book books libro libros challenge challenges reto retos desafío "
    "desafíos kata katas requirement requirements control controles"
)
# Words that only qualify an item word: `Project Name`, `Nombre del proyecto`.
_QUALIFIERS = _words_set("name title nombre título titulo area área del de la el")
_STATUS_WORDS = _words_set("status estado state progress progreso done hecho ✓ ✔ ✅ ☑ check")
_PRIORITY_WORDS = _words_set(
    "priority prioridad level nivel levels niveles difficulty dificultad importance "
    "importancia severity severidad"
)
_SCHEDULE_WORDS = _words_set(
    "# no no. nº n° num number day days week weeks día dia días dias semana semanas step "
    "steps paso pasos phase phases fase fases month months mes meses sprint date fecha when "
    "cuándo cuando order orden stage etapa"
)
_REFERENCE_WORDS = _words_set(
    "prerequisite prerequisites prereq prereqs requisito requisitos prerrequisito "
    "prerrequisitos discussion discusión chat link links enlace enlaces url urls resource "
    "resources recurso recursos source sources fuente fuentes author autor type tipo started "
    "completed start end inicio fin assignments readings additional text"
)
_COMPARISON_WORDS = _words_set(
    "pros cons advantages disadvantages ventajas desventajas comparison comparación comparacion"
)
_LEGEND_WORDS = _words_set(
    "symbol symbols símbolo símbolos simbolo icon icons icono iconos emoji legend leyenda "
    "meaning significado"
)
# The words an estimate or effort header opens with, each followed by a word
# boundary (`\b`): see `_opens_with`.
_ESTIMATE_WORDS = (
    *("time", "duration", "estimated", "estimate", "estimates", "est.", "est", "tiempo"),
    *("duración", "duracion", "estimación", "estimacion"),
)
_EFFORT_WORDS = ("effort", "esfuerzo", "commitment", "dedicación", "dedicacion", "workload")
_VERSUS_RE = lazy_compile(r"\b(vs\.?|versus)\b")
_PARENTHESES_RE = lazy_compile(r"\([^()]*\)")
_EDGE_SYMBOLS_RE = lazy_compile(r"^[^\w#]+|[^\w.#]+$")
# The patterns above are tried only where they could match (each is compiled, on
# the pre-commit hook's check of a roadmap with a table, only for a header that
# needs it): a header holding `vs`/`versus`, with a symbol at an edge.


def _is_word_char(char: str) -> bool:
    r"""Whether `char` is one `\w` matches (what `str.isalnum` says, or `_`)."""
    return char.isalnum() or char == "_"


def _opens_with(words: str, prefixes: tuple[str, ...]) -> bool:
    r"""Whether `words` opens with one of `prefixes` then a word boundary: what
    `re.match(r"(first|second|…)\b", words)` answers, without compiling a pattern."""
    for prefix in prefixes:
        if words.startswith(prefix):
            after = words[len(prefix) : len(prefix) + 1]
            if _is_word_char(prefix[-1]) is not (after != "" and _is_word_char(after)):
                return True
    return False


def header_name(content: str) -> str:
    """A header cell's words: no emphasis or code marks, collapsed, case-folded."""
    text = content.replace("*", "").replace("`", "").replace("_", " ")
    return " ".join(text.split()).casefold()


def _words(name: str) -> str:
    """`name` without parentheses (`Course(s)`, `Focus (3-4 hours)`) nor edge emoji."""
    bare = _PARENTHESES_RE.sub("", name) if "(" in name else name
    if bare and not (
        (_is_word_char(bare[0]) or bare[0] == "#") and (_is_word_char(bare[-1]) or bare[-1] in ".#")
    ):
        bare = _EDGE_SYMBOLS_RE.sub("", bare)  # a symbol at an edge: nothing else to drop
    return " ".join(bare.split()) or name.strip()


def _is_item(name: str) -> bool:
    # Without a `/`, the only part is the name itself.
    for part in (name, *name.split("/")) if "/" in name else (name,):
        words = _words(part).split()
        core = [word for word in words if word not in _QUALIFIERS] if len(words) > 1 else words
        if core and " ".join(core) in _ITEM_WORDS:
            return True
    return False


def _role(name: str) -> str:
    words = _words(name)
    if name in _STATUS_WORDS or words.rstrip("?") in _STATUS_WORDS:
        return "status"
    if _opens_with(words, _ESTIMATE_WORDS):
        return "estimate"
    if _opens_with(words, _EFFORT_WORDS):
        return "effort"
    if words in _SCHEDULE_WORDS or name in _SCHEDULE_WORDS:
        return "schedule"
    if words in _PRIORITY_WORDS:
        return "priority"
    if _is_item(name):
        return "item"
    parts = {part.strip() for part in words.split("/")} | set(words.split())
    if parts & _COMPARISON_WORDS or (
        ("vs" in words or "versus" in words) and _VERSUS_RE.search(words)
    ):
        return "comparison"
    if parts & _LEGEND_WORDS:
        return "legend"
    # The words between blanks and slashes (what `[\s/]+` splits at).
    if all(word in _REFERENCE_WORDS for word in words.replace("/", " ").split()):
        return "reference"
    return "other"


# The classes of this module are plain slotted classes, not dataclasses: the
# pre-commit hook imports this module for any roadmap with a table, and creating
# a frozen dataclass compiles its methods (`__eq__`, `__repr__`, `__hash__`,
# `__setattr__` …) with exec, each time a process starts. Nothing compares,
# hashes or changes them; they are read only.


class Layout:
    """The columns of a topic table that mean something (indices into its cells)."""

    __slots__ = ("description", "estimates", "item", "status")

    def __init__(
        self,
        item: int,
        estimates: tuple[int, ...] = (),  # estimate columns first, then effort columns
        description: int | None = None,
        status: int | None = None,
    ) -> None:
        self.item = item
        self.estimates = estimates
        self.description = description
        self.status = status


def layout(names: Sequence[str]) -> Layout | None:
    """The layout of a table with these header names (see `header_name`), or None
    when it is not a topic table."""
    roles = [_role(name) for name in names]
    if "comparison" in roles or "legend" in roles:
        return None
    item = next((i for i, role in enumerate(roles) if role == "item"), None)
    if item is None:
        tracking = any(role in ("status", "priority", "estimate", "effort") for role in roles)
        if not (tracking and roles and roles[0] in ("other", "reference")):
            return None
        item = 0
    estimates = tuple(i for i, role in enumerate(roles) if role == "estimate") + tuple(
        i for i, role in enumerate(roles) if role == "effort"
    )
    description = next(
        (i for i, role in enumerate(roles) if i > item and role in ("other", "item")), None
    )
    status = next((i for i, role in enumerate(roles) if role == "status"), None)
    return Layout(item, estimates, description, status)


# --- cells -----------------------------------------------------------------------------

_ESCAPED_PIPE_RE = lazy_compile(r"\\.|\|")


def cell_spans(raw: str) -> list[tuple[int, int]]:
    """Character spans of each cell's text in a raw table row, without the blanks
    around it. An empty cell gives an empty span where its text would go: after
    one blank when it has blanks (`| |` → between them and the pipe), else at
    its start."""
    start = len(raw) - len(raw.lstrip(" \t>"))  # after the container prefix, `[ \t>]*`
    if raw.startswith("|", start):
        start += 1
    if "\\" not in raw:
        return _plain_cell_spans(raw, start)
    return _escaped_cell_spans(raw, start)


def _escaped_cell_spans(raw: str, start: int) -> list[tuple[int, int]]:
    """`cell_spans` of any row, from `start`: a backslash escapes the character after it."""
    bounds: list[tuple[int, int]] = []
    cell_start = start
    for match in _ESCAPED_PIPE_RE.finditer(raw, start):
        if match.group(0) == "|":
            bounds.append((cell_start, match.start()))
            cell_start = match.end()
    if raw[cell_start:].strip():
        bounds.append((cell_start, len(raw)))
    spans = []
    for begin, end in bounds:
        segment = raw[begin:end]
        if not segment.strip():
            at = begin + 1 if segment[:1] in (" ", "\t") else begin
            spans.append((at, at))
            continue
        lead = len(segment) - len(segment.lstrip())
        spans.append((begin + lead, begin + len(segment.rstrip())))
    return spans


def _plain_cell_spans(raw: str, start: int) -> list[tuple[int, int]]:
    """`cell_spans` of a row without a backslash (no escaped pipe), from `start`."""
    pieces = raw[start:].split("|")
    last = len(pieces) - 1
    spans = []
    begin = start
    for index, segment in enumerate(pieces):
        if index == last and not segment.strip():
            break  # blanks after the closing pipe
        text = segment.lstrip()
        if not text:
            at = begin + 1 if segment[:1] in (" ", "\t") else begin
            spans.append((at, at))
        else:
            lead = len(segment) - len(text)
            spans.append((begin + lead, begin + len(segment.rstrip())))
        begin += len(segment) + 1
    return spans


_PLACEHOLDER_WORDS = _words_set("tbd tba n/a na none ninguno ninguna etc")
_TOTAL_WORDS = _words_set("total totals subtotal sum totales suma")


def is_placeholder(plain: str) -> bool:
    """A row whose item cell is a template blank (`-`, `…`, `TBD`) or a sum (`Total`)."""
    words = " ".join(plain.replace("*", " ").split()).casefold().rstrip(":")
    if not any(map(str.isalnum, words)):
        return True
    return words in _PLACEHOLDER_WORDS or words in _TOTAL_WORDS


_RATE_RE = lazy_compile(
    r"(?:/|\bper\b|\ba\b|\bpor\b|\bal\b|\ba la\b|\bcada\b|\beach\b|\bevery\b)\s*"
    r"(?:day|d(?:ia|ía)|week|wk|semana|month|mes|sesi[oó]n|session)\b"
    r"|\b(?:weekly|daily|semanal(?:es)?|diari[oa]s?|mensual(?:es)?|monthly)\b",
    re.IGNORECASE,
)


def total_estimate(plain: str) -> Estimate | None:
    """The length a cell states, or None for none or for a rate (`6-10 hours/week`)."""
    found = find_duration(plain)  # first: most cells without a digit end here
    if found is None:
        return None
    # A rate needs a `/` or a word (`per`, `weekly`) besides the duration: a cell that
    # is only its duration (`1-2 days`, most cells) is none, and is answered without
    # compiling the pattern.
    if found.text != plain and _RATE_RE.search(plain):
        return None
    return found


# --- status vocabulary --------------------------------------------------------------------

_DONE, _DOING, _TODO, _SKIPPED = Status.DONE, Status.DOING, Status.TODO, Status.SKIPPED
# Glyphs, without variation selectors (U+FE0F is dropped before looking up).
_CHECK_GLYPHS: Mapping[str, Status] = {
    "✅": _DONE,
    "✔": _DONE,
    "✓": _DONE,
    "☑": _DONE,
    "🚧": _DOING,
    "⏳": _DOING,
    "⌛": _DOING,
    "🔄": _DOING,
    "❌": _TODO,
    "✖": _TODO,
    "⬜": _TODO,
    "☐": _TODO,
    "🔲": _TODO,
    "◻": _TODO,
    "⏭": _SKIPPED,
    "🚫": _SKIPPED,
    "⛔": _SKIPPED,
}
_CIRCLE_GLYPHS: Mapping[str, Status] = {
    "🟢": _DONE,
    "🟩": _DONE,
    "🟡": _DOING,
    "🟠": _DOING,
    "🟨": _DOING,
    "🟧": _DOING,
    "⚪": _TODO,
    "🔴": _TODO,
    "🟥": _TODO,
}
_GLYPHS: Mapping[str, Status] = {**_CHECK_GLYPHS, **_CIRCLE_GLYPHS}
_GLYPH_HEAD_RE = lazy_compile("|".join(sorted(map(re.escape, _GLYPHS), key=len, reverse=True)))

_EN_WORDS: Mapping[str, Status] = {
    **dict.fromkeys(
        ["done", "complete", "completed", "finished", "ok", "yes", "learned", "learnt", "mastered"],
        _DONE,
    ),
    **dict.fromkeys(
        [
            "in progress",
            "in-progress",
            "inprogress",
            "doing",
            "wip",
            "started",
            "ongoing",
            "working",
            "working on it",
            "active",
            "current",
            "learning",
            "studying",
            "in review",
            "review",
            "reviewing",
        ],
        _DOING,
    ),
    **dict.fromkeys(
        [
            "todo",
            "to do",
            "to-do",
            "planned",
            "not started",
            "pending",
            "open",
            "backlog",
            "next",
            "queued",
            "upcoming",
            "not yet",
            "no",
            "blocked",
            "on hold",
        ],
        _TODO,
    ),
    **dict.fromkeys(
        [
            "skipped",
            "skip",
            "cancelled",
            "canceled",
            "dropped",
            "won't do",
            "wont do",
            "not needed",
        ],
        _SKIPPED,
    ),
}
_ES_WORDS: Mapping[str, Status] = {
    **dict.fromkeys(
        [
            "hecho",
            "hecha",
            "completado",
            "completada",
            "completo",
            "terminado",
            "terminada",
            "finalizado",
            "finalizada",
            "listo",
            "lista",
            "aprendido",
            "sí",
            "si",
        ],
        _DONE,
    ),
    **dict.fromkeys(
        [
            "en progreso",
            "en curso",
            "en proceso",
            "empezado",
            "empezada",
            "iniciado",
            "iniciada",
            "haciendo",
            "estudiando",
            "aprendiendo",
            "en revisión",
        ],
        _DOING,
    ),
    **dict.fromkeys(
        [
            "pendiente",
            "por hacer",
            "planeado",
            "planeada",
            "planificado",
            "planificada",
            "sin empezar",
            "sin iniciar",
            "no iniciado",
            "no iniciada",
            "por empezar",
            "bloqueado",
        ],
        _TODO,
    ),
    **dict.fromkeys(
        [
            "omitido",
            "omitida",
            "saltado",
            "saltada",
            "cancelado",
            "cancelada",
            "descartado",
            "descartada",
        ],
        _SKIPPED,
    ),
}
_DASHES = _words_set("- – — --")
_PERCENT_RE = lazy_compile(r"(\d{1,3})\s*%")
_MARKUP_RE = lazy_compile(r"\*\*|__|~~|[*`]")

_DEFAULT_WORDS: Mapping[str, Forms] = {
    "en": ("Todo", "In progress", "Done", "Skipped"),
    "es": ("Pendiente", "En progreso", "Hecho", "Omitido"),
}
_DEFAULT_GLYPH_WORDS: Mapping[tuple[str, str], Forms] = {
    ("circles", "en"): ("⚪ Planned", "🟡 In progress", "🟢 Done", "⏭️ Skipped"),
    ("checks", "en"): ("⬜ Todo", "🚧 In progress", "✅ Done", "⏭️ Skipped"),
    ("circles", "es"): ("⚪ Pendiente", "🟡 En progreso", "🟢 Hecho", "⏭️ Omitido"),
    ("checks", "es"): ("⬜ Pendiente", "🚧 En progreso", "✅ Hecho", "⏭️ Omitido"),
}
_DEFAULT_GLYPHS: Mapping[str, Forms] = {
    "circles": ("⚪", "🟡", "🟢", "⏭️"),
    "checks": ("", "🚧", "✅", "⏭️"),
}
_ORDER = (Status.TODO, Status.DOING, Status.DONE, Status.SKIPPED)


class _Reading:
    """What one Status cell says and how it says it."""

    __slots__ = ("case", "glyphs", "language", "status", "style")

    def __init__(
        self,
        status: Status | None,  # None: a word the vocabulary does not know (read as todo)
        style: str,  # "blank", "checkbox", "glyph", "word", "glyph+word"
        glyphs: str | None = None,  # "circles" or "checks"
        language: str | None = None,  # "en" or "es"
        case: str | None = None,  # "lower", "upper" or None (as the defaults write)
    ) -> None:
        self.status = status
        self.style = style
        self.glyphs = glyphs
        self.language = language
        self.case = case


def _read(text: str, symbols: Mapping[str, Status] | None = None) -> _Reading:
    plain = " ".join(_MARKUP_RE.sub("", text).split())
    if not plain or plain in _DASHES:
        return _Reading(Status.TODO, "blank")
    percent = _PERCENT_RE.fullmatch(plain)
    if percent:
        value = int(percent.group(1))
        status = Status.TODO if value == 0 else Status.DONE if value >= 100 else Status.DOING
        return _Reading(status, "word")
    box = CHECKBOX_RE.match(plain)
    if box:
        symbol = box.group("spaced") or box.group("single")
        return _Reading(checkbox_status(symbol, symbols), "checkbox")
    bare = plain.replace("\ufe0f", "")
    glyph = _GLYPH_HEAD_RE.match(bare)
    glyph_status = _GLYPHS[glyph.group(0)] if glyph else None
    family = None
    if glyph:
        family = "circles" if glyph.group(0) in _CIRCLE_GLYPHS else "checks"
    word = bare[glyph.end() :] if glyph else bare
    word = word.strip(" \t:-–—").rstrip(".!")
    if not word:
        return _Reading(glyph_status, "glyph", family)
    style = "glyph+word" if glyph else "word"
    key = word.casefold()
    case = "lower" if word == word.lower() else "upper" if word == word.upper() else None
    for language, words in (("en", _EN_WORDS), ("es", _ES_WORDS)):
        if key in words:
            return _Reading(words[key], style, family, language, case)
    return _Reading(glyph_status, style, family, None, case)


def read_status(text: str, symbols: Mapping[str, Status] | None = None) -> Status | None:
    """The status a Status cell's text says, or None for a word not in the vocabulary."""
    return _read(text, symbols).status


def _most(counter: Counter[str]) -> str | None:
    # `max`, not `most_common(1)`, which imports heapq for it: the same first of the
    # most frequent, without a module the hook would load for it.
    return max(counter, key=counter.__getitem__) if counter else None


def status_forms(
    texts: Sequence[str], symbols: Mapping[str, Status] | None = None
) -> tuple[str, str, str, str]:
    """How a table whose Status cells hold `texts` (as written) writes todo, doing,
    done and skipped: its own most used form for each, else its family's default."""
    readings = [(text, _read(text, symbols)) for text in texts]
    used: dict[Status, Counter[str]] = {status: Counter() for status in _ORDER}
    styles: Counter[str] = Counter()
    glyph_sets: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    cases: Counter[str | None] = Counter()
    for text, reading in readings:
        if reading.status is not None:
            used[reading.status][text] += 1
        if reading.style != "blank":
            styles[reading.style] += 1
        if reading.glyphs:
            glyph_sets[reading.glyphs] += 1
        if reading.language:
            languages[reading.language] += 1
        if reading.style in ("word", "glyph+word"):
            cases[reading.case] += 1
    style = _most(styles) or "glyph"
    glyphs = _most(glyph_sets) or "checks"
    language = "es" if languages["es"] > languages["en"] else "en"
    case = max(cases, key=cases.__getitem__) if cases else None  # see _most
    if style == "checkbox":
        defaults: Forms = ("[ ]", "[/]", "[x]", "[-]")
    elif style == "word":
        defaults = _DEFAULT_WORDS[language]
    elif style == "glyph+word":
        defaults = _DEFAULT_GLYPH_WORDS[(glyphs, language)]
    else:
        defaults = _DEFAULT_GLYPHS[glyphs]
    if case == "lower":
        defaults = (
            defaults[0].lower(),
            defaults[1].lower(),
            defaults[2].lower(),
            defaults[3].lower(),
        )
    elif case == "upper":
        defaults = (
            defaults[0].upper(),
            defaults[1].upper(),
            defaults[2].upper(),
            defaults[3].upper(),
        )
    forms = [_most(used[status]) for status in _ORDER]
    return (
        forms[0] if forms[0] is not None else defaults[0],
        forms[1] if forms[1] is not None else defaults[1],
        forms[2] if forms[2] is not None else defaults[2],
        forms[3] if forms[3] is not None else defaults[3],
    )


# --- reading a table ------------------------------------------------------------------


class Draft(Protocol):
    """What `Table.fill` sets on the parser's topic draft."""

    kind: MarkerKind
    status: Status
    marker_start: int
    marker_end: int
    marker_text: str | None
    forms: tuple[str, str, str, str] | None
    title: str
    text: str
    description: str | None
    estimate: Estimate | None
    links: tuple[Link, ...]


class TableRow:
    """One body row of a topic table: where its item cell is, and its other cells."""

    __slots__ = ("cells", "end", "line", "raw", "start", "status_span")

    def __init__(
        self,
        line: int,  # 0-based
        raw: str,
        start: int,  # the item cell's text, as columns of `raw`
        end: int,
        cells: tuple[str, ...],  # each cell's Markdown, as markdown-it gives it
        status_span: tuple[int, int] | None,  # the Status cell's text (None: no such cell)
    ) -> None:
        self.line = line
        self.raw = raw
        self.start = start
        self.end = end
        self.cells = cells
        self.status_span = status_span

    @property
    def markup(self) -> str:
        return self.raw[self.start : self.end]


_LINK_LEAD_RE = lazy_compile(r"[*_]*\[(?!\[)")


class Table:
    """A topic table: its layout, its body rows, and how its Status column reads."""

    __slots__ = ("forms", "layout", "rows", "source", "symbols")

    def __init__(
        self,
        layout: Layout,
        rows: tuple[TableRow, ...],
        forms: Forms | None,  # the Status column's forms (None: no Status column)
        source: Source,
        symbols: Mapping[str, Status] | None = None,
    ) -> None:
        self.layout = layout
        self.rows = rows
        self.forms = forms
        self.source = source
        self.symbols = symbols

    def fill(self, draft: Draft, row: TableRow, inline: Inline) -> bool:
        """Complete a row's topic draft from its cells; False when the row is not a topic."""
        title = draft.title
        if is_placeholder(title) and (draft.text == title or is_placeholder(draft.text)):
            return False
        if draft.links and _LINK_LEAD_RE.match(draft.text):
            # `[Course](url) ([alternative](url))*`: the first link names the course.
            title = " ".join(draft.links[0].text.split())
            if title:
                draft.title = title
        layout = self.layout
        if layout.estimates:
            draft.estimate = None
            for column in layout.estimates:
                if column < len(row.cells):
                    estimate = total_estimate(inline(row.cells[column], row.line)[0])
                    if estimate is not None:
                        draft.estimate = estimate
                        break
        if layout.description is not None and layout.description < len(row.cells):
            plain = inline(row.cells[layout.description], row.line)[0]
            draft.description = None if not plain or is_placeholder(plain) else plain
        if self.forms is not None and row.status_span is not None:
            start, end = row.status_span
            text = row.raw[start:end]
            if text or draft.marker_text is None:
                # An empty Status cell beside a glyph in the item cell keeps the glyph.
                status = read_status(text, self.symbols) if text else Status.TODO
                draft.kind = MarkerKind.CELL
                draft.status = status if status is not None else Status.TODO
                draft.marker_start = self.source.offset(row.line, start)
                draft.marker_end = self.source.offset(row.line, end)
                draft.marker_text = text or None
                draft.forms = self.forms
        return True


def read_table(
    rows: Sequence[tuple[Token, Sequence[Token]]],
    source: Source,
    symbols: Mapping[str, Status] | None = None,
) -> Table | None:
    """The topic table of markdown-it's rows (header first), or None when it is not one."""
    if not rows:
        return None
    found = layout([header_name(cell.content) for cell in rows[0][1]])
    if found is None:
        return None
    body: list[TableRow] = []
    for row, cells in rows[1:]:
        if row.map is None or found.item >= len(cells):
            continue
        line = row.map[0]
        raw = source.line(line)
        spans = cell_spans(raw)
        if found.item >= len(spans):
            continue
        start, end = spans[found.item]
        if start == end:
            continue  # an empty item cell
        status_span = None
        if found.status is not None and found.status < len(spans):
            status_span = spans[found.status]
        body.append(
            TableRow(line, raw, start, end, tuple([cell.content for cell in cells]), status_span)
        )
    forms = None
    if found.status is not None:
        texts = [row.raw[span[0] : span[1]] for row in body if (span := row.status_span)]
        forms = status_forms(texts, symbols)
    return Table(found, tuple(body), forms, source, symbols)
