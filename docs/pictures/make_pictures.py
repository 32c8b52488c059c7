"""Render the README's pictures of a synced vault: `progress.png` and `map.png`.

Run it from anywhere, with the Python that has vaultroad installed:

    .venv/bin/python docs/pictures/make_pictures.py

It needs:

- Chromium, to take the screenshots headless (Debian: `apt-get install chromium`;
  another binary with `--chromium PATH`);
- npm, which installs the pinned Mermaid (`MERMAID_VERSION`) into
  `docs/pictures/.cache/` on the first run (git-ignored; later runs reuse it);
- for the look of the committed pictures, the fonts Inter and Noto Color Emoji
  (Debian: `fonts-inter`, `fonts-noto-color-emoji`); `optipng`, when on the
  PATH, makes the PNGs smaller.

What it does, all in a temporary folder (the sample `vault/` is only read):

1. copies `vault/` and scripts some progress into the copy: a first sync, then
   week by week a few more topics of the roadmaps in `PLANS` set done with
   `vaultroad.set_statuses`, each week synced with `vaultroad.sync` on that
   week's date (fixed dates, so the pictures come out the same on every run,
   and a vaultroad that keeps a history of status changes has one to chart);
2. renders the synced `Progress.md` to HTML with markdown-it-py, Obsidian-like:
   frontmatter and `%% comments %%` hidden, `[[links]]` shown by their text,
   `<progress>` bars kept, Mermaid fences drawn by mermaid.js;
3. draws the map: the JSON Canvas (jsoncanvas.org, spec 1.0) under the vault
   that shows `MAP_ROADMAP`, else the first one found, or the file given
   with `--canvas`: groups as labelled rectangles, file nodes as cards with the
   file's base name, text and link nodes, preset and hex colours, edges as
   curves with arrows and labels between node sides;
4. screenshots each page in headless Chromium, cropped to its content (at most
   `MAX_HEIGHT` pixels high, the rest faded out) and `WIDTH` pixels wide.

Not part of the test suite: it needs a browser and the npm registry.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import html
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

import vaultroad

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SAMPLE_VAULT = REPO / "vault"
CACHE = HERE / ".cache"

# Pinned so that the pictures do not change with Mermaid's releases.
MERMAID_VERSION = "12.3.0"

# Pixel width of both pictures, and the most height either may take.
WIDTH = 1000
MAX_HEIGHT = 1400

# The scripted learner: per roadmap, the topics it sets done in each week after
# the first sync (uneven, as a real learner's weeks are), and at the end the
# topics it has started and the ones it skipped.
FIRST_DAY = dt.date(2025, 3, 3)


@dataclass(frozen=True)
class Plan:
    roadmap: str
    done_per_week: tuple[int, ...]
    doing_at_end: int = 0
    skipped_at_end: int = 0


PLANS = (
    Plan(
        "Roadmaps/Complete Python Backend Developer Roadmap 2025.md",
        (3, 5, 2, 6, 4, 0, 5, 7, 3, 6),
        doing_at_end=2,
        skipped_at_end=1,
    ),
    Plan("Roadmaps/Ruta Backend con Python.md", (2, 1, 2, 0, 0, 2, 1, 0, 2, 1), doing_at_end=1),
)
# The map in map.png: a small roadmap's, so its cards stay readable.
MAP_ROADMAP = "Roadmaps/Ruta Backend con Python.md"


# --- 1. A sample vault with some progress ----------------------------------


def prepare_vault(work: Path) -> Path:
    """A synced copy of the sample vault with weeks of scripted progress."""
    root = work / "vault"
    shutil.copytree(SAMPLE_VAULT, root)
    day = FIRST_DAY
    sync_on(root, day)
    weeks = max(len(plan.done_per_week) for plan in PLANS)
    for week in range(weeks):
        day += dt.timedelta(days=7)
        for plan in PLANS:
            done = plan.done_per_week[week] if week < len(plan.done_per_week) else 0
            set_next(root / plan.roadmap, vaultroad.Status.DONE, done)
        sync_on(root, day)
    for plan in PLANS:
        set_next(root / plan.roadmap, vaultroad.Status.DOING, plan.doing_at_end)
        set_next(root / plan.roadmap, vaultroad.Status.SKIPPED, plan.skipped_at_end)
    sync_on(root, day)
    return root


def set_next(roadmap: Path, status: vaultroad.Status, count: int) -> None:
    """Set the first `count` leaf topics still to do, in document order, to `status`.

    Leaves only: a parent set done before its subtopics is what `check` reports.
    """
    text = roadmap.read_bytes().decode("utf-8")
    tree = vaultroad.parse(text, path=roadmap)
    todo = [t.id for t in tree.topics() if t.status is vaultroad.Status.TODO and not t.children]
    changes = dict.fromkeys(todo[:count], status)
    if changes:
        new = vaultroad.set_statuses(text, changes, path=roadmap)
        # Bytes, not text: the roadmap's line endings stay as they are.
        roadmap.write_bytes(new.encode("utf-8"))


def sync_on(root: Path, day: dt.date) -> None:
    """Sync as if on `day`, where this vaultroad's `sync` takes a date (else today)."""
    options: dict[str, Any] = {}
    if "today" in inspect.signature(vaultroad.sync).parameters:
        options["today"] = day
    report = vaultroad.sync(root, **options)
    if report.conflicts:
        raise SystemExit(f"sync on {day} found conflicts: {report.conflicts}")


# --- 2. Progress.md as a web page -------------------------------------------

# Obsidian's light theme, near enough: its font, its purple accent for links
# and bars, its heading sizes.
PAGE_CSS = """
:root { --accent: #7852ee; --text: #222; --muted: #5c5c5c; --border: #e3e3e3; }
html { background: #fff; }
body {
  margin: 0; padding: 28px 44px 36px; width: 912px; color: var(--text);
  font: 16px/1.55 Inter, "Liberation Sans", "Noto Color Emoji", sans-serif;
}
h1 { font-size: 2em; margin: 0 0 .5em; font-weight: 700; }
h2 { font-size: 1.45em; margin: 1.4em 0 .5em; font-weight: 650; }
h3 { font-size: 1.2em; margin: 1.2em 0 .4em; }
p { margin: .6em 0; }
ul { margin: .4em 0; padding-left: 1.6em; }
li { margin: .18em 0; }
a.internal-link { color: var(--accent); text-decoration: none; }
a.external-link { color: var(--accent); }
code { background: #f4f4f4; border-radius: 4px; padding: .1em .3em; font-size: .9em; }
progress {
  appearance: none; -webkit-appearance: none; width: 120px; height: 9px;
  vertical-align: middle; margin-right: 4px; border: 0;
}
progress::-webkit-progress-bar { background: #e9e9e9; border-radius: 5px; }
progress::-webkit-progress-value { background: var(--accent); border-radius: 5px; }
pre.mermaid { background: none; margin: 1em 0; text-align: center; }
/* Obsidian fits a chart to the text's width; a pie that wide would fill the picture. */
pre.mermaid svg { max-width: 620px !important; max-height: 340px; }
pre.mermaid:not([data-processed]) { visibility: hidden; }
.task-list-item { list-style: none; }
.task-list-item-checkbox { margin: 0 .4em 0 -1.3em; accent-color: var(--accent); }
#fade {
  display: none; position: fixed; left: 0; right: 0; bottom: 0; height: 110px;
  background: linear-gradient(rgba(255,255,255,0), #fff 85%);
}
body.cut #fade { display: block; }
"""

# Obsidian hides `%% comments %%` in reading view; so does the picture.
OBSIDIAN_COMMENT = re.compile(r"%%.*?%%", re.DOTALL)


def wikilink_rule(state: StateInline, silent: bool) -> bool:
    """`[[target|text]]` and `[[target]]` as Obsidian shows them: the text, as a link.

    An inline rule rather than a text substitution, so code spans and fences
    keep their brackets.
    """
    src = state.src
    start = state.pos
    if not src.startswith("[[", start):
        return False
    end = src.find("]]", start + 2)
    if end < 0 or "\n" in src[start:end]:
        return False
    if not silent:
        target, _, text = src[start + 2 : end].partition("|")
        shown = text or target.rsplit("/", 1)[-1]
        token = state.push("html_inline", "", 0)
        token.content = (
            f'<a class="internal-link" href="#{html.escape(target)}">{html.escape(shown)}</a>'
        )
    state.pos = end + 2
    return True


def markdown_renderer() -> MarkdownIt:
    """CommonMark with tables, strikethrough, raw HTML (the bars), tasks and wikilinks."""
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.use(front_matter_plugin).use(tasklists_plugin)
    md.inline.ruler.before("link", "wikilink", wikilink_rule)

    def fence(
        self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        token = tokens[idx]
        if token.info.strip() == "mermaid":
            # mermaid.js draws every `pre.mermaid` from its text content.
            return f'<pre class="mermaid">{html.escape(token.content)}</pre>\n'
        return self.fence(tokens, idx, options, env)

    md.add_render_rule("fence", fence)
    # Front matter is Obsidian's "properties"; the picture shows the note's body.
    md.add_render_rule("front_matter", lambda *_: "")
    return md


def page(title: str, body: str, css: str, scripts: str = "") -> str:
    """A whole HTML page. `measured()` in the scripts says when it is ready to shoot."""
    return (
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{css}</style></head>\n"
        f"<body>\n{body}\n<div id='fade'></div>\n{scripts}\n</body></html>\n"
    )


# Tells the screenshot pass the content's height: written into the DOM, read
# back by `chromium --dump-dom`. A page taller than MAX_HEIGHT is cut there,
# with a fade to say there is more.
MEASURE_JS = f"""
function measured() {{
  // The body's box, not the document's scroll height: that is never less
  // than the window's, and the window's height is what is being measured.
  const height = Math.ceil(document.body.getBoundingClientRect().bottom);
  document.body.dataset.height = String(height);
  if (height > {MAX_HEIGHT}) document.body.classList.add("cut");
}}
"""


# The pie's slices in the map's colours (Progress.md lists todo, doing, done,
# skipped in that order), and the burn-up in the accent colour.
MERMAID_CONFIG = {
    "startOnLoad": False,
    "theme": "base",
    "fontFamily": "Inter, Liberation Sans, sans-serif",
    "themeVariables": {
        "fontFamily": "Inter, Liberation Sans, sans-serif",
        "pie1": "#e4e4e4",
        "pie2": "#f5d565",
        "pie3": "#4cc97a",
        "pie4": "#a58bf5",
        "pieStrokeColor": "#ffffff",
        "pieOuterStrokeColor": "#d0d0d0",
        "pieOuterStrokeWidth": "1px",
        "pieTitleTextSize": "18px",
        "xyChart": {"plotColorPalette": "#7852ee", "backgroundColor": "#ffffff"},
    },
}


def progress_page(markdown: str, mermaid_js: Path) -> str:
    """Progress.md as a page drawn like Obsidian's reading view."""
    body = markdown_renderer().render(OBSIDIAN_COMMENT.sub("", markdown))
    scripts = (
        f"<script src='{mermaid_js.as_uri()}'></script>\n<script>{MEASURE_JS}\n"
        f"mermaid.initialize({json.dumps(MERMAID_CONFIG)});\n"
        "mermaid.run().then(measured, (e) => { document.body.dataset.error = String(e);"
        " measured(); });\n</script>"
    )
    return page("Progress", body, PAGE_CSS, scripts)


# --- 3. A JSON Canvas as a web page -----------------------------------------

# The spec's preset colours, as Obsidian's light theme draws them.
PRESET_COLORS = {
    "1": "#e93147",  # red
    "2": "#ec7500",  # orange
    "3": "#e0ac00",  # yellow
    "4": "#08b94e",  # green
    "5": "#00bfbc",  # cyan
    "6": "#7852ee",  # purple
}
NEUTRAL = "#b5b5b5"
HEX_COLOR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?")

CANVAS_CSS = """
html { background: #fafafa; }
body { margin: 0; font: 18px/1.35 Inter, "Liberation Sans", "Noto Color Emoji", sans-serif;
  color: #222; overflow: hidden; }
#frame { overflow: hidden; }
#board { position: relative; transform-origin: 0 0; }
#board > * { position: absolute; box-sizing: border-box; }
.group { border: 3px solid var(--c); border-radius: 12px;
  background: color-mix(in srgb, var(--c) 7%, transparent); }
/* Edges to a group's top pass over its label, as in Obsidian: let them show. */
.group > .label { position: absolute; left: 0; bottom: 100%; margin-bottom: 6px;
  padding: 2px 10px; border-radius: 6px; font-weight: 600; font-size: 19px; white-space: nowrap;
  background: color-mix(in srgb, var(--c) 22%, transparent); }
.card { border: 3px solid var(--c); border-radius: 10px; padding: 6px 12px; font-size: 16px;
  line-height: 1.2;
  background: color-mix(in srgb, var(--c) 13%, #fff); overflow: hidden;
  display: flex; flex-direction: column; justify-content: center; }
/* A name longer than its card ends in an ellipsis, as in Obsidian. */
.card.file .name { font-weight: 600; overflow-wrap: anywhere; display: -webkit-box;
  -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; }
.card .sub { color: #666; font-size: 14px; }
.card.link .name { color: #7852ee; text-decoration: underline; overflow-wrap: anywhere; }
.card.text { justify-content: flex-start; }
.card.text > :first-child { margin-top: 0; }
.card.text h1, .card.text h2, .card.text h3 { margin: 0 0 .3em; font-size: 1.2em; }
.card.text p, .card.text ul { margin: .2em 0; }
.edge-label { z-index: 1; transform: translate(-50%, -50%); background: #fafafa; padding: 1px 6px;
  font-size: 16px; color: #444; white-space: nowrap; }
svg.edges { overflow: visible; pointer-events: none; }
#fade { display: none; position: fixed; left: 0; right: 0; bottom: 0; height: 130px;
  background: linear-gradient(rgba(250,250,250,0), #fafafa 85%); }
body.cut #fade { display: block; }
"""


def node_color(item: Mapping[str, Any], fallback: str = NEUTRAL) -> str:
    """A node's or edge's `color`: a preset "1".."6" or a hex colour; else the fallback."""
    color = str(item.get("color", ""))
    if color in PRESET_COLORS:
        return PRESET_COLORS[color]
    return color if HEX_COLOR.fullmatch(color) else fallback


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @staticmethod
    def of(node: Mapping[str, Any]) -> Box:
        return Box(float(node["x"]), float(node["y"]), float(node["width"]), float(node["height"]))

    @property
    def centre(self) -> tuple[float, float]:
        return self.x + self.width / 2, self.y + self.height / 2

    def side(self, name: str) -> tuple[float, float]:
        """The middle of the side `name` (top, right, bottom, left)."""
        cx, cy = self.centre
        return {
            "top": (cx, self.y),
            "bottom": (cx, self.y + self.height),
            "left": (self.x, cy),
            "right": (self.x + self.width, cy),
        }[name]


# The direction a line leaves each side in, outwards.
OUTWARD = {"top": (0.0, -1.0), "bottom": (0.0, 1.0), "left": (-1.0, 0.0), "right": (1.0, 0.0)}


def facing_side(box: Box, other: Box) -> str:
    """The side of `box` that faces `other`, for an edge that names no side."""
    (ax, ay), (bx, by) = box.centre, other.centre
    dx, dy = bx - ax, by - ay
    if abs(dy) * box.width >= abs(dx) * box.height:
        return "bottom" if dy > 0 else "top"
    return "right" if dx > 0 else "left"


def arrow_head(tip: tuple[float, float], side: str, color: str) -> str:
    """An arrowhead at `tip` on `side` of a node, pointing into it."""
    ox, oy = OUTWARD[side]
    length, half = 18.0, 9.0
    bx, by = tip[0] + ox * length, tip[1] + oy * length
    # The base's two corners, across the line's direction.
    left = (bx - oy * half, by + ox * half)
    right = (bx + oy * half, by - ox * half)
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (tip, left, right))
    return f'<polygon points="{points}" fill="{color}"/>'


def edge_svg(
    edge: Mapping[str, Any], boxes: Mapping[str, Box], dx: float, dy: float
) -> tuple[str, str]:
    """An edge as an SVG curve with its arrowheads, and its label as HTML ('' if none).

    Like Obsidian: a Bézier curve that leaves and enters each node at right
    angles to the side, an arrow at the `toEnd` unless it says "none". The
    curve is in canvas coordinates (the SVG's viewBox); the label is placed
    like the nodes, moved by `dx`, `dy`.
    """
    start, end = boxes.get(str(edge.get("fromNode"))), boxes.get(str(edge.get("toNode")))
    if start is None or end is None:
        return "", ""  # an edge to a node that is not there: nothing to draw
    from_side = str(edge.get("fromSide") or facing_side(start, end))
    to_side = str(edge.get("toSide") or facing_side(end, start))
    if from_side not in OUTWARD or to_side not in OUTWARD:
        return "", ""
    (x1, y1), (x2, y2) = start.side(from_side), end.side(to_side)
    pull = max(40.0, min(200.0, (abs(x2 - x1) + abs(y2 - y1)) / 2))
    c1 = (x1 + OUTWARD[from_side][0] * pull, y1 + OUTWARD[from_side][1] * pull)
    c2 = (x2 + OUTWARD[to_side][0] * pull, y2 + OUTWARD[to_side][1] * pull)
    color = node_color(edge, "#888888")
    parts = [
        f'<path d="M{x1:.1f},{y1:.1f} C{c1[0]:.1f},{c1[1]:.1f} {c2[0]:.1f},{c2[1]:.1f}'
        f' {x2:.1f},{y2:.1f}" fill="none" stroke="{color}" stroke-width="4"/>'
    ]
    if edge.get("toEnd", "arrow") == "arrow":
        parts.append(arrow_head((x2, y2), to_side, color))
    if edge.get("fromEnd", "none") == "arrow":
        parts.append(arrow_head((x1, y1), from_side, color))
    label = ""
    if edge.get("label"):
        # The curve's point at t = 1/2.
        mx = (x1 + 3 * c1[0] + 3 * c2[0] + x2) / 8
        my = (y1 + 3 * c1[1] + 3 * c2[1] + y2) / 8
        label = (
            f'<div class="edge-label" style="left:{mx + dx:.1f}px;top:{my + dy:.1f}px">'
            f"{html.escape(str(edge['label']))}</div>"
        )
    return "".join(parts), label


def node_html(node: Mapping[str, Any], md: MarkdownIt, dx: float, dy: float) -> str:
    """One node as an absolutely placed element, its colour in `--c`."""
    box = Box.of(node)
    kind = node.get("type")
    style = (
        f"left:{box.x + dx:.1f}px;top:{box.y + dy:.1f}px;"
        f"width:{box.width:.1f}px;height:{box.height:.1f}px;--c:{node_color(node)}"
    )
    if kind == "group":
        label = node.get("label")
        inner = f'<div class="label">{html.escape(str(label))}</div>' if label else ""
        return f'<div class="group" style="{style}">{inner}</div>'
    if kind == "file":
        path = str(node.get("file", ""))
        name = path.rsplit("/", 1)[-1].removesuffix(".md")
        sub = node.get("subpath")
        extra = f'<div class="sub">{html.escape(str(sub))}</div>' if sub else ""
        inner = f'<div class="name">{html.escape(name)}</div>{extra}'
        return f'<div class="card file" style="{style}">{inner}</div>'
    if kind == "link":
        url = html.escape(str(node.get("url", "")))
        return f'<div class="card link" style="{style}"><div class="name">{url}</div></div>'
    if kind == "text":
        text = md.render(str(node.get("text", "")))
        return f'<div class="card text" style="{style}">{text}</div>'
    return ""  # a node type of a later spec: left out


def canvas_page(canvas: Mapping[str, Any], title: str) -> str:
    """A JSON Canvas drawn to fit `WIDTH`: groups, then edges, then the other nodes."""
    nodes = [n for n in canvas.get("nodes", []) if isinstance(n, dict) and has_box(n)]
    edges = [e for e in canvas.get("edges", []) if isinstance(e, dict)]
    if not nodes:
        raise SystemExit(f"{title}: the canvas has no nodes to draw")
    boxes = {str(n["id"]): Box.of(n) for n in nodes if "id" in n}
    # Room around the drawing, and above it for the top groups' labels.
    margin, label_room = 30.0, 40.0
    left = min(b.x for b in boxes.values()) - margin
    top = min(b.y for b in boxes.values()) - margin - label_room
    right = max(b.x + b.width for b in boxes.values()) + margin
    bottom = max(b.y + b.height for b in boxes.values()) + margin
    scale = min(1.0, WIDTH / (right - left))
    md = markdown_renderer()
    groups = [node_html(n, md, -left, -top) for n in nodes if n.get("type") == "group"]
    cards = [node_html(n, md, -left, -top) for n in nodes if n.get("type") != "group"]
    drawn = [edge_svg(e, boxes, -left, -top) for e in edges]
    width, height = right - left, bottom - top
    svg = (
        f'<svg class="edges" style="left:0;top:0" width="{width:.0f}" height="{height:.0f}"'
        f' viewBox="{left:.1f} {top:.1f} {width:.1f} {height:.1f}">'
        + "".join(path for path, _ in drawn)
        + "</svg>"
    )
    labels = [label for _, label in drawn if label]
    board = "".join([*groups, svg, *cards, *labels])
    # The frame has the drawing's scaled size: a transform does not change the
    # size the page measures, and the screenshot is cropped to that.
    body = (
        f'<div id="frame" style="width:{width * scale:.0f}px;height:{height * scale:.0f}px">'
        f'<div id="board" style="width:{width:.0f}px;height:{height:.0f}px;'
        f'transform:scale({scale:.4f})">{board}</div></div>'
    )
    scripts = f"<script>{MEASURE_JS}\ndocument.fonts.ready.then(measured);</script>"
    return page(title, body, CANVAS_CSS, scripts)


def has_box(node: Mapping[str, Any]) -> bool:
    return all(isinstance(node.get(k), int | float) for k in ("x", "y", "width", "height"))


def pick_canvas(vault: Path) -> Path | None:
    """The map that shows `MAP_ROADMAP`, else the first map found."""
    found = sorted(p for p in vault.rglob("*.canvas") if ".obsidian" not in p.parts)
    for path in found:
        nodes = read_canvas(path).get("nodes", [])
        if any(isinstance(n, dict) and n.get("file") == MAP_ROADMAP for n in nodes):
            return path
    return found[0] if found else None


def read_canvas(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise SystemExit(f"{path}: not a JSON Canvas (no top-level object)")
    return data


# --- 4. Screenshots ----------------------------------------------------------


def mermaid_script() -> Path:
    """mermaid.min.js of the pinned version, installed with npm into the cache once."""
    prefix = CACHE / f"mermaid-{MERMAID_VERSION}"
    script = prefix / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
    if not script.is_file():
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit("npm is needed to install mermaid (apt-get install npm)")
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund",
             "--loglevel=error", f"mermaid@{MERMAID_VERSION}"],
            check=True,
        )  # fmt: skip
    return script


@dataclass(frozen=True)
class Browser:
    """Headless Chromium, each run with a profile of its own and nothing online."""

    binary: str
    profile_root: Path

    def run(self, url: str, *args: str) -> str:
        profile = tempfile.mkdtemp(prefix="profile-", dir=self.profile_root)
        command = [
            self.binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            # Mermaid draws after the page has loaded: let its work finish.
            "--virtual-time-budget=15000",
            f"--user-data-dir={profile}",
            *args,
            url,
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            raise SystemExit(f"chromium failed ({done.returncode}):\n{done.stderr[-2000:]}")
        return done.stdout

    def shoot(self, page_file: Path, png: Path) -> None:
        """Screenshot the page, as tall as its content (at most MAX_HEIGHT), WIDTH wide."""
        url = page_file.as_uri()
        dom = self.run(url, f"--window-size={WIDTH},{MAX_HEIGHT}", "--dump-dom")
        error = re.search(r'data-error="([^"]*)"', dom)
        if error:
            raise SystemExit(f"{page_file.name}: mermaid failed: {html.unescape(error[1])}")
        measured = re.search(r'data-height="(\d+)"', dom)
        if measured is None:
            raise SystemExit(f"{page_file.name}: the page never said it was drawn")
        height = min(int(measured[1]), MAX_HEIGHT)
        self.run(url, f"--window-size={WIDTH},{height}", f"--screenshot={png}")
        if not png.is_file():
            raise SystemExit(f"chromium wrote no {png}")


def optimise(png: Path) -> None:
    """Losslessly smaller, when optipng is there; the picture is fine without."""
    optipng = shutil.which("optipng")
    if optipng:
        subprocess.run([optipng, "-quiet", "-o2", "-strip", "all", str(png)], check=True)


# --- The whole run -----------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=HERE, help="folder for the PNGs")
    parser.add_argument("--canvas", type=Path, help="draw this .canvas instead of the vault's")
    parser.add_argument("--chromium", default="chromium", help="the Chromium binary")
    parser.add_argument("--keep", type=Path, help="keep the vault and pages in this folder")
    args = parser.parse_args(argv)
    binary = shutil.which(args.chromium)
    if binary is None:
        raise SystemExit(f"{args.chromium} not found (Debian: apt-get install chromium)")
    started = time.monotonic()
    args.out.mkdir(parents=True, exist_ok=True)
    with working_folder(args.keep) as work:
        # The parse cache stays in the run's folder, not the user's ~/.cache.
        os.environ["VAULTROAD_CACHE_DIR"] = str(work / "parse-cache")
        browser = Browser(binary, work)
        vault = prepare_vault(work)
        progress = work / "progress.html"
        markdown = (vault / "Progress.md").read_text(encoding="utf-8")
        progress.write_text(progress_page(markdown, mermaid_script()), encoding="utf-8")
        shoot(browser, progress, args.out / "progress.png")
        canvas = args.canvas or pick_canvas(vault)
        if canvas is None:
            print("no .canvas in the vault (and no --canvas): map.png not made", file=sys.stderr)
        else:
            drawn = work / "map.html"
            drawn.write_text(canvas_page(read_canvas(canvas), canvas.stem), encoding="utf-8")
            shoot(browser, drawn, args.out / "map.png")
    print(f"done in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return 0


def shoot(browser: Browser, page_file: Path, png: Path) -> None:
    browser.shoot(page_file, png)
    optimise(png)
    print(f"wrote {png} ({png.stat().st_size // 1024} KiB)", file=sys.stderr)


@contextlib.contextmanager
def working_folder(keep: Path | None) -> Iterator[Path]:
    """A temporary folder; or `keep`, new or empty, to look at the vault and pages afterwards."""
    if keep is None:
        with tempfile.TemporaryDirectory(prefix="vaultroad-pictures-") as name:
            yield Path(name)
        return
    keep.mkdir(parents=True, exist_ok=True)
    if any(keep.iterdir()):
        # Never clear a folder: it may hold someone's files.
        raise SystemExit(f"--keep {keep}: give a new or empty folder")
    yield keep.resolve()


if __name__ == "__main__":
    sys.exit(main())
