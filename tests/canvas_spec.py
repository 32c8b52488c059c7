"""A checker of JSON Canvas files, written from the spec (https://jsoncanvas.org/spec/1.0/),
not from what vaultroad writes: tests hand it any canvas and get the rules it breaks.

The spec, version 1.0 (2024-03-11), in short:

- the top level holds `nodes` and `edges`, both optional arrays;
- every node has `id` (string, unique), `type` (text, file, link or group),
  `x`, `y`, `width`, `height` (integers) and an optional `color`;
- a text node has `text` (string); a file node has `file` (string) and an
  optional `subpath` (string starting with `#`); a link node has `url`
  (string); a group node may have `label` (string), `background` (string)
  and `backgroundStyle` (cover, ratio or repeat);
- every edge has `id` (string), `fromNode` and `toNode` (the ids of nodes),
  optional `fromSide`/`toSide` (top, right, bottom, left), `fromEnd`/`toEnd`
  (none, arrow), `color` and `label` (string);
- a colour is a hex string such as "#FF0000" or a preset, "1" to "6".

Ids are checked unique across nodes and edges together, so that an edge and
a node never share one (tools index both by id).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["PRESET_COLORS", "canvas_problems", "contains", "overlaps"]

PRESET_COLORS = {"1": "red", "2": "orange", "3": "yellow", "4": "green", "5": "cyan", "6": "purple"}
_HEX = re.compile(r"#[0-9A-Fa-f]{6}")
_SIDES = {"top", "right", "bottom", "left"}
_ENDS = {"none", "arrow"}
_BACKGROUND_STYLES = {"cover", "ratio", "repeat"}
_TYPES = {"text", "file", "link", "group"}


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_str(value: object) -> bool:
    return isinstance(value, str)


def _color(value: object) -> bool:
    return isinstance(value, str) and (value in PRESET_COLORS or bool(_HEX.fullmatch(value)))


Check = Callable[[object], bool]

# Per node type: (required attributes, optional attributes), each with its test.
_NODE_ATTRIBUTES: dict[str, tuple[dict[str, Check], dict[str, Check]]] = {
    "text": ({"text": _is_str}, {}),
    "file": (
        {"file": _is_str},
        {"subpath": lambda v: isinstance(v, str) and v.startswith("#")},
    ),
    "link": ({"url": _is_str}, {}),
    "group": (
        {},
        {
            "label": _is_str,
            "background": _is_str,
            "backgroundStyle": lambda v: v in _BACKGROUND_STYLES,
        },
    ),
}
_EDGE_OPTIONAL: dict[str, Check] = {
    "fromSide": lambda v: v in _SIDES,
    "toSide": lambda v: v in _SIDES,
    "fromEnd": lambda v: v in _ENDS,
    "toEnd": lambda v: v in _ENDS,
    "color": _color,
    "label": _is_str,
}


def canvas_problems(canvas: object) -> list[str]:
    """Every rule of the spec `canvas` (parsed JSON) breaks; [] for a valid canvas."""
    if not isinstance(canvas, dict):
        return ["the top level is not an object"]
    problems: list[str] = []
    nodes = canvas.get("nodes", [])
    edges = canvas.get("edges", [])
    if not isinstance(nodes, list):
        return ["nodes is not an array"]
    if not isinstance(edges, list):
        return ["edges is not an array"]
    ids: list[str] = []
    for number, node in enumerate(nodes):
        problems += [f"node {number}: {problem}" for problem in _node_problems(node)]
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            ids.append(node["id"])
    node_ids = set(ids)
    for number, edge in enumerate(edges):
        problems += [f"edge {number}: {problem}" for problem in _edge_problems(edge, node_ids)]
        if isinstance(edge, dict) and isinstance(edge.get("id"), str):
            ids.append(edge["id"])
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            problems.append(f"id {item_id!r} is not unique")
        seen.add(item_id)
    return problems


def _node_problems(node: object) -> Iterator[str]:
    if not isinstance(node, dict):
        yield "not an object"
        return
    if not isinstance(node.get("id"), str):
        yield "id missing or not a string"
    kind = node.get("type")
    if kind not in _TYPES:
        yield f"type {kind!r} is not text, file, link or group"
    for key in ("x", "y", "width", "height"):
        if not _is_int(node.get(key)):
            yield f"{key} missing or not an integer: {node.get(key)!r}"
    if "color" in node and not _color(node["color"]):
        yield f"color {node['color']!r} is neither a preset nor a hex colour"
    if kind in _NODE_ATTRIBUTES:
        required, optional = _NODE_ATTRIBUTES[kind]
        for key, check in required.items():
            if key not in node or not check(node[key]):
                yield f"{kind} node without a valid {key}: {node.get(key)!r}"
        for key, check in optional.items():
            if key in node and not check(node[key]):
                yield f"{kind} node with an invalid {key}: {node[key]!r}"


def _edge_problems(edge: object, node_ids: set[str]) -> Iterator[str]:
    if not isinstance(edge, dict):
        yield "not an object"
        return
    if not isinstance(edge.get("id"), str):
        yield "id missing or not a string"
    for key in ("fromNode", "toNode"):
        if not isinstance(edge.get(key), str):
            yield f"{key} missing or not a string"
        elif edge[key] not in node_ids:
            yield f"{key} {edge[key]!r} is no node of the canvas"
    for key, check in _EDGE_OPTIONAL.items():
        if key in edge and not check(edge[key]):
            yield f"invalid {key}: {edge[key]!r}"


Box = tuple[int, int, int, int]


def _box(node: dict[str, Any]) -> Box:
    return node["x"], node["y"], node["width"], node["height"]


def contains(outer: dict[str, Any], inner: dict[str, Any]) -> bool:
    """Whether `inner` lies wholly inside `outer` (edges may touch)."""
    ox, oy, ow, oh = _box(outer)
    ix, iy, iw, ih = _box(inner)
    return ox <= ix and oy <= iy and ix + iw <= ox + ow and iy + ih <= oy + oh


def overlaps(canvas: dict[str, Any], selected: Callable[[dict[str, Any]], bool]) -> list[str]:
    """Pairs of `selected` nodes whose areas overlap, but a node inside a group that holds
    it whole (a group over what it groups is what groups are for)."""
    nodes = [node for node in canvas.get("nodes", []) if selected(node)]
    found: list[str] = []
    for index, a in enumerate(nodes):
        ax, ay, aw, ah = _box(a)
        for b in nodes[index + 1 :]:
            bx, by, bw, bh = _box(b)
            if not (ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah):
                continue
            if (a["type"] == "group" and contains(a, b)) or (
                b["type"] == "group" and contains(b, a)
            ):
                continue
            found.append(f"{a['id']} overlaps {b['id']}")
    return found
