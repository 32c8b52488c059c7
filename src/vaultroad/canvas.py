"""A roadmap's map as a JSON Canvas (jsoncanvas.org, spec 1.0): read, merged, written.

The map is shared with its user: in Obsidian they move and resize its nodes
and add their own nodes and edges. So vaultroad owns only what it put there,
by id (`canvas_layout.PREFIX`):

- of its own nodes, the colour and file of a topic's card, the label of a
  section's group and the file of the roadmap's card; a node of a topic or
  section gone from the roadmap is removed (and every edge touching it);
- of its own edges, their ends; an edge no longer in the road is removed.

Everything else is the user's and is kept as it was read: the position and
size of every node, every other attribute, every node and edge of their
own, their order (which is the canvas's z-order) and any key of the file
beyond `nodes` and `edges`. A node new to the map goes where the road puts
it beside the node it hangs from, wherever the user moved that one, and
then to the right until it overlaps nothing.

Pure: text in, text out. `sync_maps` reads and writes the files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from json.encoder import encode_basestring
from typing import Any

from .canvas_layout import PREFIX, ROADMAP_NODE, MapLayout, MapNode, topic_node_id
from .errors import VaultroadError

__all__ = [
    "Canvas",
    "CanvasError",
    "canvas_owner",
    "canvas_topics",
    "merge_canvas",
    "read_canvas",
    "render_canvas",
]

# A parsed canvas: the file's top-level object, keys in the file's order.
Canvas = dict[str, Any]

# A node placed beside others keeps this much air around it.
_MARGIN = 20
_TOPIC = f"{PREFIX}t-"


class CanvasError(VaultroadError):
    """A `.canvas` file that is not valid JSON, or not a JSON Canvas: never overwritten."""


class _Number(str):
    """A JSON number that is not an integer, kept as written (`120.5`, `1e3`), so that
    writing the canvas again gives the user's bytes back."""


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def read_canvas(text: str, path: str | None = None) -> Canvas:
    """The canvas in `text`; `CanvasError` when it is not one."""
    try:
        data = json.loads(
            text.removeprefix("\ufeff"), parse_float=_Number, parse_constant=_reject_constant
        )
    except json.JSONDecodeError as error:
        raise CanvasError(
            f"not valid JSON ({error.msg} at line {error.lineno}, column {error.colno});"
            " the map is left as it is",
            path=path,
            line=error.lineno,
        ) from None
    except ValueError as error:
        message = f"not valid JSON ({error}); the map is left as it is"
        raise CanvasError(message, path=path) from None
    if not isinstance(data, dict):
        raise CanvasError(
            "not a JSON Canvas (its top level is not an object); the map is left as it is",
            path=path,
        )
    for key in ("nodes", "edges"):
        items = data.get(key, [])
        if not isinstance(items, list):
            raise CanvasError(
                f"not a JSON Canvas ({key!r} is not a list); the map is left as it is", path=path
            )
        for number, item in enumerate(items, 1):
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                raise CanvasError(
                    f"not a JSON Canvas (item {number} of {key!r} has no id);"
                    " the map is left as it is",
                    path=path,
                )
    return data


def canvas_owner(canvas: Canvas) -> str | None:
    """The roadmap a map belongs to: the file of its roadmap card (None without one)."""
    for node in canvas.get("nodes", ()):
        if node.get("id") == ROADMAP_NODE and isinstance(node.get("file"), str):
            return str(node["file"])
    return None


def canvas_topics(canvas: Canvas) -> set[str]:
    """The ids of the topics that have a card on the map."""
    return {
        node["id"].removeprefix(_TOPIC)
        for node in canvas.get("nodes", ())
        if node["id"].startswith(_TOPIC)
    }


# --- writing


# JSON Canvas leaves the layout of the text open. This is the one Obsidian
# saves a canvas in: the outer object indented by tabs, each node and each
# edge compact on a line of its own, keys as written, non-ASCII as is, no
# final line break. A map Obsidian saves again keeps its lines, and a sync
# that moves one status changes one line of the file.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _string(text: str) -> str:
    # What `json.dumps(text, ensure_ascii=False)` writes, without the encoder it
    # builds on each call for its non-default argument (a map has thousands).
    quoted = encode_basestring(text)
    # A lone surrogate (from a file name read as bytes) is escaped, as
    # JavaScript's JSON.stringify does, never written as invalid UTF-8.
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _value(value: Any) -> str:
    if isinstance(value, _Number):
        return str.__str__(value)
    if value is None or isinstance(value, bool):
        return "null" if value is None else "true" if value else "false"
    if isinstance(value, int):
        return int.__repr__(value)  # as json writes an int (and a subclass of one)
    if isinstance(value, float):
        return json.dumps(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ",".join(_value(item) for item in value) + "]"
    return "{" + ",".join(f"{_string(k)}:{_value(v)}" for k, v in value.items()) + "}"


def render_canvas(canvas: Canvas) -> str:
    """The canvas as text, in Obsidian's layout (above); the same canvas, the same bytes."""
    lines = ["{"]
    items = list(canvas.items())
    for number, (key, value) in enumerate(items, 1):
        comma = "," if number < len(items) else ""
        if key in ("nodes", "edges") and isinstance(value, list) and value:
            lines.append(f"\t{_string(key)}:[")
            lines += [
                f"\t\t{_value(item)}{',' if index < len(value) else ''}"
                for index, item in enumerate(value, 1)
            ]
            lines.append(f"\t]{comma}")
        else:
            lines.append(f"\t{_string(key)}:{_value(value)}{comma}")
    lines.append("}")
    return "\n".join(lines)


# --- merging


def merge_canvas(
    layout: MapLayout, existing: Canvas | None = None, formers: Mapping[str, str] | None = None
) -> Canvas:
    """The map `layout` gives, kept in step with `existing` as the user left it.

    `formers` maps a topic's id to the id it had before an edit renamed it
    (`state.TopicState.former`): its card keeps its place. So does a card of
    vaultroad's showing the topic's note, whatever its id says.
    """
    canvas: Canvas = dict(existing) if existing is not None else {}
    old_nodes: list[dict[str, Any]] = list(canvas.get("nodes", []))
    old_edges: list[dict[str, Any]] = list(canvas.get("edges", []))
    wanted = {node.id: node for node in layout.nodes}
    renamed = _renamed(layout, old_nodes, formers or {})

    nodes: list[dict[str, Any]] = []
    present: dict[str, dict[str, Any]] = {}
    dropped: set[str] = set()
    for old in old_nodes:
        node_id = renamed.get(old["id"], old["id"])
        if not node_id.startswith(PREFIX):
            nodes.append(old)
            continue
        target = wanted.get(node_id)
        if target is None or node_id in present:
            dropped.add(old["id"])
            continue
        node = _owned(old, target, node_id)
        present[node_id] = node
        nodes.append(node)

    _place_new(layout, nodes, present)
    canvas["nodes"] = nodes
    dropped -= present.keys()  # a second node of one id went, the first stays
    canvas["edges"] = _edges(layout, old_edges, renamed, dropped, present)
    return canvas if canvas != existing else existing


def _renamed(
    layout: MapLayout, old_nodes: list[dict[str, Any]], formers: Mapping[str, str]
) -> dict[str, str]:
    """Old id → new id of the cards whose topic got a new id (found by its former id,
    else by its note)."""
    old_ids = {node["id"] for node in old_nodes}
    wanted = {node.id for node in layout.nodes}
    by_file: dict[str, str] = {}
    for node in old_nodes:
        if (
            node["id"].startswith(_TOPIC)
            and node["id"] not in wanted
            and isinstance(node.get("file"), str)
        ):
            by_file.setdefault(node["file"], node["id"])
    renamed: dict[str, str] = {}
    taken: set[str] = set()
    for card in layout.nodes:
        if card.id in old_ids or not card.id.startswith(_TOPIC):
            continue
        former = formers.get(card.id.removeprefix(_TOPIC))
        candidates = [topic_node_id(former)] if former else []
        if card.file is not None and card.file in by_file:
            candidates.append(by_file[card.file])
        for old_id in candidates:
            if old_id in old_ids and old_id not in wanted and old_id not in taken:
                renamed[old_id] = card.id
                taken.add(old_id)
                break
    return renamed


def _owned(old: dict[str, Any], target: MapNode, node_id: str) -> dict[str, Any]:
    """`old` with its id and the attributes vaultroad owns brought up to date, every other
    key (position and size included) as it was, in its place."""
    node = {key: (node_id if key == "id" else value) for key, value in old.items()}
    node["type"] = target.type
    if target.file is not None:
        node["file"] = target.file
    if target.type == "group":
        _set(node, "label", target.label)
    elif target.id.startswith(_TOPIC):
        _set(node, "color", target.color)
    if _box(node) is None:  # not where a canvas can show it: placed as a new node
        for key in ("x", "y", "width", "height"):
            node.pop(key, None)
    return node


def _set(node: dict[str, Any], key: str, value: str | None) -> None:
    if value is None:
        node.pop(key, None)
    else:
        node[key] = value


Box = tuple[float, float, float, float]


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return float(value)
    if isinstance(value, _Number):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _box(node: Mapping[str, Any]) -> Box | None:
    """x, y, width, height of a node, or None when one of them is not a number."""
    values = [_number(node.get(key)) for key in ("x", "y", "width", "height")]
    if any(value is None for value in values):
        return None
    x, y, width, height = (float(v) for v in values if v is not None)
    return x, y, width, height


def _overlap(a: Box, b: Box) -> bool:
    return (
        a[0] < b[0] + b[2] + _MARGIN
        and b[0] < a[0] + a[2] + _MARGIN
        and a[1] < b[1] + b[3] + _MARGIN
        and b[1] < a[1] + a[3] + _MARGIN
    )


def _place_new(
    layout: MapLayout, nodes: list[dict[str, Any]], present: dict[str, dict[str, Any]]
) -> None:
    """Add the layout's nodes the map lacks (or that lost their place), each where the
    road puts it beside its anchor, moved right until it overlaps nothing."""
    fresh = {node.id: node for node in layout.nodes}
    missing = [
        node for node in layout.nodes if node.id not in present or _box(present[node.id]) is None
    ]
    if not missing:
        return
    # Only a map the user had already arranged needs looking at: in a new one
    # every node is where the road puts it, and the road overlaps nothing.
    arranged = any(_box(node) is not None for node in nodes)
    groups_of = {node.id: set(node.groups) for node in layout.nodes}
    boxes: dict[str, Box] = {}
    for node in nodes:
        found = _box(node)
        if found is not None:
            boxes[node["id"]] = found
    first_card = next((i for i, n in enumerate(nodes) if n.get("type") != "group"), len(nodes))
    for target in missing:
        x, y = float(target.x), float(target.y)
        anchor = fresh.get(target.anchor or "")
        if anchor is not None and anchor.id in boxes:
            x += boxes[anchor.id][0] - anchor.x
            y += boxes[anchor.id][1] - anchor.y
        box: Box = (x, y, float(target.width), float(target.height))
        if arranged:
            box = _free(box, _obstacles(target, nodes, boxes, groups_of))
        boxes[target.id] = box
        placed = present.get(target.id)
        if placed is None:
            placed = _new_node(target, box)
            present[target.id] = placed
            if target.type == "group":  # groups lie below the cards they hold
                nodes.insert(first_card, placed)
                first_card += 1
            else:
                nodes.append(placed)
        else:
            placed.update(_geometry(box))


def _obstacles(
    target: MapNode,
    nodes: list[dict[str, Any]],
    boxes: dict[str, Box],
    groups_of: Mapping[str, set[str]],
) -> Iterable[Box]:
    """What a new node must not overlap: every card and every group of vaultroad's but
    the groups that hold it and, for a group, what it holds. (The user's own groups
    may hold what they like.)"""
    holding = set(target.groups)
    for node in nodes:
        node_id = node["id"]
        box = boxes.get(node_id)
        if box is None or node_id == target.id or node_id in holding:
            continue
        if node.get("type") == "group" and not node_id.startswith(PREFIX):
            continue
        if target.type == "group" and target.id in groups_of.get(node_id, ()):
            continue
        yield box


def _free(box: Box, obstacles: Iterable[Box]) -> Box:
    """`box` moved right past whatever it overlaps, until it overlaps nothing."""
    others = list(obstacles)
    x, y, width, height = box
    moved = True
    while moved:
        moved = False
        for other in others:
            if _overlap((x, y, width, height), other):
                x = other[0] + other[2] + _MARGIN * 2
                moved = True
    return x, y, width, height


def _geometry(box: Box) -> dict[str, int]:
    x, y, width, height = box
    return {"x": round(x), "y": round(y), "width": round(width), "height": round(height)}


def _new_node(target: MapNode, box: Box) -> dict[str, Any]:
    """A node as Obsidian writes one: id, type, file, position and size, label, colour."""
    node: dict[str, Any] = {"id": target.id, "type": target.type}
    if target.file is not None:
        node["file"] = target.file
    node.update(_geometry(box))
    if target.label is not None:
        node["label"] = target.label
    if target.color is not None:
        node["color"] = target.color
    return node


def _edges(
    layout: MapLayout,
    old_edges: list[dict[str, Any]],
    renamed: Mapping[str, str],
    dropped: set[str],
    present: Mapping[str, Any],
) -> list[dict[str, Any]]:
    """The user's edges (those touching a removed node gone, those touching a renamed one
    following it), vaultroad's edges of the road, in the order they were."""
    wanted = {edge.id: edge for edge in layout.edges}
    edges: list[dict[str, Any]] = []
    seen: set[str] = set()
    for old in old_edges:
        ends = (old.get("fromNode"), old.get("toNode"))
        if any(end in dropped for end in ends):
            continue
        edge = dict(old)
        for key in ("fromNode", "toNode"):
            if edge.get(key) in renamed:
                edge[key] = renamed[edge[key]]
        if edge["id"].startswith(PREFIX):
            target = wanted.get(edge["id"])
            if target is None or edge["id"] in seen:
                continue
            edge["fromNode"], edge["toNode"] = target.from_node, target.to_node
        seen.add(edge["id"])
        edges.append(edge)
    for edge_id, target in wanted.items():
        if edge_id not in seen and target.from_node in present and target.to_node in present:
            edges.append(
                {
                    "id": edge_id,
                    "fromNode": target.from_node,
                    "fromSide": target.from_side,
                    "toNode": target.to_node,
                    "toSide": target.to_side,
                }
            )
    return edges
