"""The map of a roadmap as a JSON Canvas: its road layout, its text, and its merge with a
map the user arranged (`canvas_layout`, `canvas`). Checked with `canvas_spec`, a
checker written from the JSON Canvas 1.0 spec."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budget import budget
from canvas_spec import PRESET_COLORS, canvas_problems, contains, overlaps
from conftest import seed_files
from vaultroad import Roadmap, Section, Status, Topic, parse
from vaultroad.canvas import (
    CanvasError,
    canvas_owner,
    canvas_topics,
    merge_canvas,
    read_canvas,
    render_canvas,
)
from vaultroad.canvas_layout import PREFIX, ROADMAP_NODE, STATUS_COLORS, layout_map

ROADMAP = "Roadmaps/Plan.md"
PLAN = """\
# Plan

## Basics

- [x] Variables
- [/] Functions
  - [ ] Arguments
  - [x] Closures
- [-] Turtle graphics
- [ ] Classes

## Web

### HTTP

- [ ] Requests
- [ ] Status codes

### Frameworks

- [ ] Flask
- [ ] FastAPI
"""


def notes_of(tree: Roadmap) -> dict[str, str]:
    return {topic.id: f"Topics/Plan/{topic.title}.md" for topic in tree.topics()}


def fresh(tree: Roadmap, path: str = ROADMAP) -> dict[str, Any]:
    return merge_canvas(layout_map(tree, path, notes_of(tree)))


def ours(node: dict[str, Any]) -> bool:
    return str(node["id"]).startswith(PREFIX)


def by_id(canvas: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {node["id"]: node for node in canvas["nodes"]}


def card(canvas: dict[str, Any], tree: Roadmap, title: str) -> dict[str, Any]:
    topic = next(t for t in tree.topics() if t.title == title)
    return by_id(canvas)[f"{PREFIX}t-{topic.id}"]


def sections_of(tree: Roadmap) -> Iterator[tuple[Topic, tuple[str, ...]]]:
    """Every topic with the labels of the section groups holding it, outermost first: every
    section but a `# Title` heading holding the whole roadmap (the map's own card names it)."""
    if len(tree.children) == 1 and isinstance(tree.children[0], Section):
        only = tree.children[0]
        if only.level == 1 and only.title == tree.title:
            tree = dataclasses.replace(tree, children=only.children)

    def walk(children: tuple[Section | Topic, ...], path: tuple[str, ...]) -> Iterator[Any]:
        for node in children:
            if isinstance(node, Topic):
                for topic in node.walk():
                    yield topic, path
            else:
                label = f"{node.number} {node.title}" if node.number else node.title
                yield from walk(node.children, (*path, label))

    yield from walk(tree.children, ())


def assert_a_road(canvas: dict[str, Any], tree: Roadmap) -> None:
    """Valid by the spec, nothing of vaultroad's overlapping, every topic a card of its
    status's colour inside the groups of its sections, and the roadmap's card on top."""
    assert canvas_problems(canvas) == []
    assert overlaps(canvas, ours) == []
    nodes = by_id(canvas)
    groups = [node for node in canvas["nodes"] if node["type"] == "group"]
    for topic, path in sections_of(tree):
        node = nodes[f"{PREFIX}t-{topic.id}"]
        assert node["type"] == "file"
        assert node["file"] == f"Topics/Plan/{topic.title}.md"
        assert node.get("color") == STATUS_COLORS[topic.status]
        for label in path:
            assert any(g.get("label") == label and contains(g, node) for g in groups), (
                topic.title,
                label,
            )
    roadmap = nodes[ROADMAP_NODE]
    assert roadmap["file"] == ROADMAP
    assert all(
        node["y"] >= roadmap["y"] + roadmap["height"]
        for node in nodes.values()
        if node is not roadmap
    )


def test_the_colours_are_the_spec_presets_and_todo_has_none() -> None:
    assert {STATUS_COLORS[s] for s in (Status.DONE, Status.DOING, Status.SKIPPED)} <= set(
        PRESET_COLORS
    )
    assert PRESET_COLORS[STATUS_COLORS[Status.DONE] or ""] == "green"
    assert PRESET_COLORS[STATUS_COLORS[Status.DOING] or ""] == "yellow"
    assert STATUS_COLORS[Status.TODO] is None
    assert len({STATUS_COLORS[s] for s in Status}) == 4


def test_a_roadmap_is_laid_out_as_a_road() -> None:
    tree = parse(PLAN, ROADMAP)
    canvas = fresh(tree)
    assert_a_road(canvas, tree)
    labels = {node.get("label"): node for node in canvas["nodes"] if node["type"] == "group"}
    assert "Plan" not in labels  # the title heading: the roadmap's card says it
    # The spine: sections top to bottom in document order, edges from one to the next.
    basics, web = labels["Basics"], labels["Web"]
    assert basics["y"] + basics["height"] < web["y"]
    assert labels["HTTP"]["y"] + labels["HTTP"]["height"] < labels["Frameworks"]["y"]
    pairs = {(e["fromNode"], e["toNode"]) for e in canvas["edges"]}
    assert (ROADMAP_NODE, basics["id"]) in pairs
    assert (basics["id"], web["id"]) in pairs
    assert (labels["HTTP"]["id"], labels["Frameworks"]["id"]) in pairs
    assert len(pairs) == 3
    # Topics beside each other, subtopics under their parent, indented.
    variables, functions = card(canvas, tree, "Variables"), card(canvas, tree, "Functions")
    assert variables["y"] == functions["y"] and variables["x"] < functions["x"]
    for child in ("Arguments", "Closures"):
        below = card(canvas, tree, child)
        assert below["y"] > functions["y"] and below["x"] > functions["x"]
    # Groups lie under what they hold: earlier in the array (the canvas's z-order).
    order = [node["id"] for node in canvas["nodes"]]
    assert order.index(basics["id"]) < order.index(variables["id"])
    assert order.index(web["id"]) < order.index(labels["HTTP"]["id"])


@pytest.mark.parametrize("path", seed_files(), ids=lambda p: p.stem)
def test_every_sample_roadmap_makes_a_valid_road(path: Path) -> None:
    tree = parse(path.read_bytes().decode("utf-8"), ROADMAP)
    canvas = fresh(tree)
    assert_a_road(canvas, tree)
    assert len(canvas_topics(canvas)) == sum(1 for _ in tree.topics())


def test_a_topic_without_a_note_has_no_card_and_its_subtopics_take_its_place() -> None:
    tree = parse(PLAN, ROADMAP)
    functions = next(t for t in tree.topics() if t.title == "Functions")
    notes = {key: value for key, value in notes_of(tree).items() if key != functions.id}
    canvas = merge_canvas(layout_map(tree, ROADMAP, notes))
    assert canvas_problems(canvas) == []
    assert overlaps(canvas, ours) == []
    assert functions.id not in canvas_topics(canvas)
    assert {c.id for c in functions.children} <= canvas_topics(canvas)


def test_text_is_obsidians_layout_and_reads_back_the_same() -> None:
    canvas = fresh(parse(PLAN, ROADMAP))
    text = render_canvas(canvas)
    lines = text.split("\n")
    assert lines[:2] == ["{", '\t"nodes":[']
    assert lines[-1] == "}" and not text.endswith("\n")
    assert all(line.startswith("\t\t{") for line in lines[2 : 2 + len(canvas["nodes"])])
    assert json.loads(text) == canvas
    assert read_canvas(text) == canvas
    assert render_canvas(read_canvas(text)) == text


def test_a_canvas_obsidian_wrote_is_read_and_written_back_byte_for_byte() -> None:
    text = (
        "{\n"
        '\t"nodes":[\n'
        '\t\t{"id":"8a5b1c2d3e4f5a6b","type":"text","text":"Día 1 — «repaso»\\n\\"ok\\"",'
        '"x":-120.5,"y":1e2,"width":250,"height":60,"color":"#FF0000"},\n'
        '\t\t{"id":"9f8e7d6c5b4a3f2e","type":"file","file":"Topics/Plan/Ünïcode.md","x":0,'
        '"y":0,"width":400,"height":400,"subpath":"#Notes"}\n'
        "\t],\n"
        '\t"edges":[],\n'
        '\t"metadata":{"version":"1.0-1.0","frontmatter":{}}\n'
        "}"
    )
    canvas = read_canvas(text)
    assert render_canvas(canvas) == text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{", "not valid JSON"),
        ('{"nodes":[]}\n{', "not valid JSON"),
        ("[]", "top level is not an object"),
        ('{"nodes":{}}', "'nodes' is not a list"),
        ('{"nodes":[{"type":"text"}]}', "item 1 of 'nodes' has no id"),
        ('{"edges":[1]}', "item 1 of 'edges' has no id"),
        ('{"nodes":[],"x":NaN}', "not valid JSON"),
    ],
)
def test_text_that_is_not_a_canvas_is_an_error_naming_why(text: str, reason: str) -> None:
    with pytest.raises(CanvasError, match=reason) as raised:
        read_canvas(text, "Maps/Plan.canvas")
    assert raised.value.path == "Maps/Plan.canvas"


def obsidian_edits(canvas: dict[str, Any], tree: Roadmap) -> dict[str, Any]:
    """What a person does in Obsidian: drags a card and a group, resizes a card, adds a
    text card and an edge from it to a topic, recolours a section. Obsidian saves the
    whole file again, keys in its own order."""
    edited: dict[str, Any] = json.loads(json.dumps(canvas))
    nodes = by_id(edited)
    classes = nodes[card(canvas, tree, "Classes")["id"]]
    classes.update(x=classes["x"] + 1000, y=classes["y"] - 15, width=400, height=200)
    web = next(n for n in edited["nodes"] if n.get("label") == "Web")
    web.update(x=web["x"] - 300, color="5")
    edited["nodes"].append(
        {
            "id": "1a2b3c4d5e6f7a8b",
            "type": "text",
            "text": "Ask Ana",
            "x": 2000,
            "y": 0,
            "width": 250,
            "height": 60,
        }
    )
    edited["edges"].append(
        {
            "id": "0f1e2d3c4b5a6978",
            "fromNode": "1a2b3c4d5e6f7a8b",
            "fromSide": "left",
            "toNode": classes["id"],
            "toSide": "right",
        }
    )
    return edited


def test_a_merge_keeps_the_users_layout_and_additions_and_updates_what_vaultroad_owns() -> None:
    tree = parse(PLAN, ROADMAP)
    arranged = read_canvas(render_canvas(obsidian_edits(fresh(tree), tree)))
    changed = PLAN.replace("- [ ] Classes", "- [x] Classes").replace(
        "- [x] Variables", "- [ ] Variables"
    )
    changed = changed.replace("- [ ] Requests\n", "").replace(
        "- [ ] Flask\n", "- [ ] Flask\n- [ ] Django\n"
    )
    new_tree = parse(changed, ROADMAP)
    merged = merge_canvas(layout_map(new_tree, ROADMAP, notes_of(new_tree)), arranged)

    assert canvas_problems(merged) == []
    before, after = by_id(arranged), by_id(merged)
    classes = card(merged, new_tree, "Classes")
    assert classes["color"] == "4" and "color" not in card(merged, new_tree, "Variables")
    assert {k: classes[k] for k in ("x", "y", "width", "height")} == {
        k: before[classes["id"]][k] for k in ("x", "y", "width", "height")
    }
    web = next(n for n in merged["nodes"] if n.get("label") == "Web")
    assert web == next(
        n for n in arranged["nodes"] if n.get("label") == "Web"
    )  # colour is the user's
    assert after["1a2b3c4d5e6f7a8b"] == before["1a2b3c4d5e6f7a8b"]
    assert arranged["edges"][-1] in merged["edges"]
    # Requests left the roadmap: its card went. Django came: its card is new, beside
    # Flask's, overlapping nothing.
    requests = next(t for t in tree.topics() if t.title == "Requests")
    assert f"{PREFIX}t-{requests.id}" not in after
    django = card(merged, new_tree, "Django")
    assert overlaps(merged, lambda n: n is django or n["type"] != "group") == []
    assert abs(django["y"] - card(merged, new_tree, "Flask")["y"]) < 400
    # Every other node is as it was, in the order it was.
    kept = [n for n in arranged["nodes"] if n["id"] in after]
    assert [n["id"] for n in merged["nodes"] if n["id"] in before] == [n["id"] for n in kept]
    for node in kept:
        if node["id"].startswith(f"{PREFIX}t-"):
            assert {k: v for k, v in after[node["id"]].items() if k != "color"} == {
                k: v for k, v in node.items() if k != "color"
            }
        else:
            assert after[node["id"]] == node


def test_a_merge_with_nothing_to_change_gives_the_same_canvas() -> None:
    tree = parse(PLAN, ROADMAP)
    arranged = read_canvas(render_canvas(obsidian_edits(fresh(tree), tree)))
    layout = layout_map(tree, ROADMAP, notes_of(tree))
    assert merge_canvas(layout, arranged) is arranged
    assert merge_canvas(layout, fresh(tree)) == fresh(tree)


def test_a_card_follows_its_topic_to_a_new_id_with_the_users_edges() -> None:
    tree = parse(PLAN, ROADMAP)
    arranged = obsidian_edits(fresh(tree), tree)
    old = card(arranged, tree, "Classes")
    renamed_tree = parse(PLAN.replace("Classes", "Classes and objects"), ROADMAP)
    new = next(t for t in renamed_tree.topics() if t.title == "Classes and objects")
    old_id = old["id"].removeprefix(f"{PREFIX}t-")
    assert new.id != old_id
    notes = notes_of(renamed_tree)
    for key, value in [("former", {new.id: old_id}), ("note", {})]:
        if key == "note":  # the note keeps its file name: found by it
            notes[new.id] = old["file"]
        merged = merge_canvas(layout_map(renamed_tree, ROADMAP, notes), arranged, value)
        assert canvas_problems(merged) == []
        moved = by_id(merged)[f"{PREFIX}t-{new.id}"]
        assert (moved["x"], moved["y"], moved["width"]) == (old["x"], old["y"], old["width"])
        assert old["id"] not in by_id(merged)
        assert merged["edges"][-1]["toNode"] == moved["id"]


def test_a_users_edge_to_a_removed_topic_goes_with_it() -> None:
    tree = parse(PLAN, ROADMAP)
    arranged = obsidian_edits(fresh(tree), tree)
    smaller = parse(PLAN.replace("- [ ] Classes\n", ""), ROADMAP)
    merged = merge_canvas(layout_map(smaller, ROADMAP, notes_of(smaller)), arranged)
    assert canvas_problems(merged) == []
    assert "0f1e2d3c4b5a6978" not in {edge["id"] for edge in merged["edges"]}
    assert "1a2b3c4d5e6f7a8b" in by_id(merged)


def test_the_owner_is_the_roadmap_card() -> None:
    canvas = fresh(parse(PLAN, ROADMAP))
    assert canvas_owner(canvas) == ROADMAP
    canvas["nodes"] = [n for n in canvas["nodes"] if n["id"] != ROADMAP_NODE]
    assert canvas_owner(canvas) is None


@st.composite
def roadmaps(draw: st.DrawFn) -> str:
    """Headings of levels 1-3 and checklists nested up to three deep, any statuses."""
    lines = ["# Plan", ""]
    for number in range(draw(st.integers(1, 6))):
        level = draw(st.integers(2, 4))
        lines += ["#" * level + f" Part {number}", ""]
        depth = 0
        for item in range(draw(st.integers(0, 7))):
            depth = draw(st.integers(0, min(depth + 1, 2)))
            box = draw(st.sampled_from(["[ ]", "[x]", "[/]", "[-]"]))
            lines.append("  " * depth + f"- {box} Topic {number}.{item}")
        lines.append("")
    return "\n".join(lines)


@settings(max_examples=budget(60, 400, fast=25), deadline=None)
@given(roadmaps())
def test_any_roadmap_makes_a_valid_road_that_merges_into_itself(text: str) -> None:
    tree = parse(text, ROADMAP)
    canvas = fresh(tree)
    assert_a_road(canvas, tree)
    again = read_canvas(render_canvas(canvas))
    assert merge_canvas(layout_map(tree, ROADMAP, notes_of(tree)), again) is again


def test_a_lone_surrogate_is_escaped_as_javascript_does_never_written_raw() -> None:
    canvas = {"nodes": [{"id": "a", "type": "file", "file": "Topics/x\udc80.md", "x": 0}]}
    canvas["nodes"].append({"id": "b", "type": "text", "text": "y\ud800", "x": 1.5})
    text = render_canvas(read_canvas(json.dumps(canvas)))
    text.encode("utf-8")  # strict: no surrogate left
    assert "\\udc80" in text and "\\ud800" in text
    assert json.loads(text) == canvas


def _rects_overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


@settings(max_examples=budget(40, 300, fast=15), deadline=None)
@given(roadmaps(), st.data())
def test_any_edit_merged_into_any_arrangement_keeps_the_users_and_overlaps_nothing_new(
    text: str, data: st.DataObject
) -> None:
    tree = parse(text, ROADMAP)
    arranged = read_canvas(render_canvas(fresh(tree)))
    for node in arranged["nodes"]:  # the user drags some nodes about
        if data.draw(st.booleans()):
            node["x"] += data.draw(st.integers(-600, 600))
            node["y"] += data.draw(st.integers(-600, 600))
    arranged["nodes"].append(
        {"id": "0123456789abcdef", "type": "text", "text": "mine", "x": 300, "y": 300}
        | {"width": 300, "height": 300}
    )
    lines = text.split("\n")
    topics = [number for number, line in enumerate(lines) if line.lstrip().startswith("- [")]
    gone = data.draw(st.sets(st.sampled_from(topics))) if topics else set()
    places = data.draw(st.lists(st.integers(2, len(lines)), max_size=4))
    edited = [line for number, line in enumerate(lines) if number not in gone]
    for count, place in enumerate(sorted(places, reverse=True)):
        edited.insert(min(place, len(edited)), f"- [x] New {count}")
    new_tree = parse("\n".join(edited), ROADMAP)
    layout = layout_map(new_tree, ROADMAP, notes_of(new_tree))
    merged = merge_canvas(layout, arranged)

    assert canvas_problems(merged) == []
    assert canvas_topics(merged) == {topic.id for topic in new_tree.topics()}
    before, after = by_id(arranged), by_id(merged)
    assert after["0123456789abcdef"] == before["0123456789abcdef"]
    geometry = ("x", "y", "width", "height")
    # A card whose topic got a new id (a new parent, here) follows it: found by its note.
    by_file = {node.get("file"): node for node in arranged["nodes"]}
    for node_id, node in after.items():
        old = before.get(node_id) or (by_file.get(node["file"]) if node["type"] == "file" else None)
        if old is not None:
            assert [node[k] for k in geometry] == [old[k] for k in geometry]
        elif node["type"] == "file":
            others = [n for n in merged["nodes"] if n is not node and n["type"] != "group"]
            assert not any(_rects_overlap(node, other) for other in others), node_id
    assert merge_canvas(layout, merged) is merged
