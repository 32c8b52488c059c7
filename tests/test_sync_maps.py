"""Maps in a sync: one JSON Canvas per roadmap, kept in step with the roadmap and with
what the user did to it in Obsidian, written as safely as every other file."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import vaultroad
from canvas_spec import canvas_problems, overlaps
from faults_support import sample_vault
from vaultroad.canvas import canvas_owner, canvas_topics, render_canvas
from vaultroad.canvas_layout import PREFIX, STATUS_COLORS
from vaultroad.cli import main
from vaultroad.config import ConfigError, load_config
from vaultroad.synchronize import SyncReport, sync

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 24)
PLAN = """\
# Plan

## Basics

- [x] Variables
- [ ] Functions
  - [ ] Arguments
- [ ] Classes

## Web

- [ ] Requests
- [ ] Flask
"""


def run(root: Path, **options: Any) -> SyncReport:
    return sync(root, today=TODAY, **options)


def make_vault(root: Path, roadmaps: dict[str, str], config: str | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in roadmaps.items():
        path = root / "Roadmaps" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if config is not None:
        (root / ".vaultroad.toml").write_text(config, encoding="utf-8")
    return root


def later(path: Path) -> None:
    """Move the mtime on, as a save a minute after the sync would."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 60_000_000_000))


def stamps(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def obsidian_text(canvas: dict[str, Any]) -> str:
    """A canvas as Obsidian saves one: tab-indented, each node and edge on a line."""

    def items(key: str) -> str:
        lines = [json.dumps(i, ensure_ascii=False, separators=(",", ":")) for i in canvas[key]]
        return f'\t"{key}":[\n' + ",\n".join("\t\t" + line for line in lines) + "\n\t]"

    return "{\n" + items("nodes") + ",\n" + items("edges") + "\n}"


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def ours(node: dict[str, Any]) -> bool:
    return str(node["id"]).startswith(PREFIX)


def card_of(canvas: dict[str, Any], root: Path, roadmap: str, title: str) -> dict[str, Any]:
    topic = next(t for t in vaultroad.load(root / roadmap).topics() if t.title == title)
    return next(n for n in canvas["nodes"] if n["id"] == f"{PREFIX}t-{topic.id}")


def test_the_sample_vault_gets_five_valid_maps_and_a_second_sync_writes_none(
    tmp_path: Path,
) -> None:
    root = sample_vault(tmp_path / "vault")
    result = CliRunner().invoke(main, ["sync", str(root)])
    assert result.exit_code == 0, result.output
    maps = sorted((root / "Maps").glob("*.canvas"))
    assert len(maps) == 5
    for path in maps:
        assert f"created {path}" in result.output
    owners = set()
    for path in maps:
        canvas = load(path)
        assert canvas_problems(canvas) == [], path.name
        assert overlaps(canvas, ours) == [], path.name
        owner = canvas_owner(canvas)
        assert owner is not None
        owners.add(owner)
        tree = vaultroad.load(root / owner)
        assert path.stem == tree.title.replace(":", " -")
        assert canvas_topics(canvas) == {t.id for t in tree.topics()}
        for node in canvas["nodes"]:
            if node["id"].startswith(f"{PREFIX}t-"):
                assert (root / node["file"]).is_file()
    assert owners == {p.relative_to(root).as_posix() for p in (root / "Roadmaps").glob("*.md")}
    before = stamps(root / "Maps")
    assert not run(root).changes
    assert stamps(root / "Maps") == before


def test_what_the_user_did_in_obsidian_survives_status_changes_and_new_and_gone_topics(
    tmp_path: Path,
) -> None:
    root = make_vault(tmp_path / "vault", {"Plan.md": PLAN})
    run(root)
    path = root / "Maps" / "Plan.canvas"
    canvas = load(path)
    roadmap = "Roadmaps/Plan.md"
    # In Obsidian: drag the Classes card and resize it, drag the Web group, add a
    # text card and an edge from it to Functions. Obsidian saves the whole file.
    classes = card_of(canvas, root, roadmap, "Classes")
    classes.update(x=classes["x"] + 900, y=classes["y"] + 25, width=420, height=180)
    web = next(n for n in canvas["nodes"] if n.get("label") == "Web")
    web.update(x=web["x"] - 200, y=web["y"] + 60)
    functions = card_of(canvas, root, roadmap, "Functions")
    note = {"id": "d1e2f3a4b5c6d7e8", "type": "text", "text": "Ask Ana", "x": -600, "y": 0}
    note.update(width=250, height=60)  # keys in Obsidian's order
    canvas["nodes"].append(note)
    edge = {"id": "a9b8c7d6e5f4a3b2", "fromNode": note["id"], "fromSide": "right"}
    edge.update(toNode=functions["id"], toSide="left")
    canvas["edges"].append(edge)
    path.write_text(obsidian_text(canvas), encoding="utf-8")
    later(path)
    arranged = load(path)
    user_lines = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if "Ask Ana" in line or "a9b8c7" in line
    ]

    # Then: Classes done in the roadmap, Functions doing in its note, Requests
    # gone from the roadmap and Django new in it.
    plan = root / roadmap
    text = plan.read_text(encoding="utf-8").replace("- [ ] Classes", "- [x] Classes")
    text = text.replace("- [ ] Requests\n", "").replace(
        "- [ ] Flask\n", "- [ ] Flask\n- [ ] Django\n"
    )
    plan.write_text(text, encoding="utf-8")
    later(plan)
    functions_note = root / "Topics" / "Plan" / "Functions.md"
    functions_note.write_text(
        functions_note.read_text(encoding="utf-8").replace("status: todo", "status: doing"),
        encoding="utf-8",
    )
    later(functions_note)
    report = run(root)
    assert report.in_sync, report
    assert roadmap in {c.path for c in report.changes}  # the note's doing went to the roadmap

    merged = load(path)
    assert canvas_problems(merged) == []
    nodes = {n["id"]: n for n in merged["nodes"]}
    old = {n["id"]: n for n in arranged["nodes"]}
    geometry = ("x", "y", "width", "height")
    for node_id, node in old.items():
        if node_id in nodes:
            assert [nodes[node_id][k] for k in geometry] == [node[k] for k in geometry]
    assert nodes[classes["id"]]["color"] == STATUS_COLORS[vaultroad.Status.DONE]
    assert nodes[functions["id"]]["color"] == STATUS_COLORS[vaultroad.Status.DOING]
    assert nodes[note["id"]] == note
    assert edge in merged["edges"]
    # byte for byte (the comma after a line depends on what follows it)
    lines = [line.rstrip(",") for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(user_lines) == 2 and all(line.rstrip(",") in lines for line in user_lines)
    titles = {Path(n["file"]).stem for n in merged["nodes"] if n["id"].startswith(f"{PREFIX}t-")}
    assert "Django" in titles and "Requests" not in titles
    django = card_of(merged, root, roadmap, "Django")
    assert overlaps(merged, lambda n: n is django or n["type"] != "group") == []

    before = stamps(root / "Maps")
    assert not run(root).changes
    assert stamps(root / "Maps") == before


def test_maps_can_be_turned_off_or_put_in_another_folder(tmp_path: Path) -> None:
    off = make_vault(tmp_path / "off", {"Plan.md": PLAN}, "maps = false\n")
    run(off)
    assert not (off / "Maps").exists()
    elsewhere = make_vault(tmp_path / "elsewhere", {"Plan.md": PLAN}, 'maps = "Boards/Roads"\n')
    run(elsewhere)
    assert (elsewhere / "Boards" / "Roads" / "Plan.canvas").is_file()
    assert not (elsewhere / "Maps").exists()
    assert load_config(make_vault(tmp_path / "on", {}, "maps = true\n")).maps == "Maps"


@pytest.mark.parametrize(
    ("value", "message"),
    [("3", "maps must be"), ('""', "maps must be"), ('".obsidian/maps"', "must not be inside")],
)
def test_a_bad_maps_value_is_an_error_naming_the_key(
    tmp_path: Path, value: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(make_vault(tmp_path, {}, f"maps = {value}\n"))


def test_a_file_that_is_not_a_canvas_is_reported_and_never_overwritten(tmp_path: Path) -> None:
    root = make_vault(tmp_path / "vault", {"Plan.md": PLAN})
    path = root / "Maps" / "Plan.canvas"
    path.parent.mkdir()
    path.write_bytes(b'{"nodes": [ oops')
    before = stamps(root / "Maps")
    result = CliRunner().invoke(main, ["sync", str(root)])
    assert result.exit_code == 1
    assert "Plan.canvas" in result.output and "not valid JSON" in result.output
    assert stamps(root / "Maps") == before
    assert not (root / "Maps" / "Plan 2.canvas").exists()  # no second map beside it
    assert (root / "Topics" / "Plan" / "Classes.md").is_file()  # the rest was synced
    path.write_bytes(b"[]")
    report = run(root)
    assert [p.message for p in report.problems] == [
        "not a JSON Canvas (its top level is not an object); the map is left as it is"
    ]
    assert path.read_bytes() == b"[]"


def test_two_roadmaps_of_one_title_get_a_map_each_whichever_a_sync_reads(tmp_path: Path) -> None:
    root = make_vault(
        tmp_path / "vault", {"Plan A.md": PLAN, "Plan B.md": PLAN.replace("Flask", "Django")}
    )
    run(root)
    first, second = root / "Maps" / "Plan.canvas", root / "Maps" / "Plan 2.canvas"
    assert canvas_owner(load(first)) == "Roadmaps/Plan A.md"
    assert canvas_owner(load(second)) == "Roadmaps/Plan B.md"
    # Only b changes: the run reads b alone, and finds its own map.
    b = root / "Roadmaps" / "Plan B.md"
    b.write_text(
        b.read_text(encoding="utf-8").replace("- [ ] Django", "- [x] Django"), encoding="utf-8"
    )
    later(b)
    untouched = stamps(root / "Maps")["Plan.canvas"]
    report = run(root)
    assert {c.path for c in report.changes if c.kind == "map"} == {"Maps/Plan 2.canvas"}
    assert stamps(root / "Maps")["Plan.canvas"] == untouched
    django = card_of(load(second), root, "Roadmaps/Plan B.md", "Django")
    assert django["color"] == STATUS_COLORS[vaultroad.Status.DONE]


def test_a_users_own_canvas_under_the_maps_name_is_left_alone(tmp_path: Path) -> None:
    root = make_vault(tmp_path / "vault", {"Plan.md": PLAN})
    mine = root / "Maps" / "plan.canvas"  # another case: the same file on macOS
    mine.parent.mkdir()
    mine.write_text('{"nodes":[],"edges":[]}', encoding="utf-8")
    before = stamps(root / "Maps")
    run(root)
    assert stamps(root / "Maps")["plan.canvas"] == before["plan.canvas"]
    assert canvas_owner(load(root / "Maps" / "Plan 2.canvas")) == "Roadmaps/Plan.md"


def test_dry_run_and_diff_show_the_map_and_write_nothing(tmp_path: Path) -> None:
    root = make_vault(tmp_path / "vault", {"Plan.md": PLAN})
    dry = CliRunner().invoke(main, ["sync", str(root), "--dry-run"])
    assert dry.exit_code == 1
    assert f"would create {root / 'Maps' / 'Plan.canvas'}" in dry.output
    assert not (root / "Maps").exists()
    run(root)
    plan = root / "Roadmaps" / "Plan.md"
    plan.write_text(PLAN.replace("- [ ] Flask", "- [x] Flask"), encoding="utf-8")
    later(plan)
    before = stamps(root / "Maps")
    diff = CliRunner().invoke(main, ["sync", str(root), "--diff"])
    assert diff.exit_code == 1
    assert "+++ b/Maps/Plan.canvas" in diff.output
    changed = [line for line in diff.output.splitlines() if line.startswith(("-\t\t", "+\t\t"))]
    assert len(changed) == 2 and '"color":"4"' in changed[1]  # one card's line
    assert stamps(root / "Maps") == before


def test_a_map_saved_in_obsidian_during_the_sync_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault(tmp_path / "vault", {"Plan.md": PLAN})
    run(root)
    path = root / "Maps" / "Plan.canvas"
    plan = root / "Roadmaps" / "Plan.md"
    plan.write_text(PLAN.replace("- [ ] Flask", "- [x] Flask"), encoding="utf-8")
    later(plan)
    saved = path.read_text(encoding="utf-8").replace('"x":0,', '"x":5,', 1)
    render = render_canvas

    def obsidian_saves_meanwhile(canvas: dict[str, Any]) -> str:
        path.write_text(saved, encoding="utf-8")  # after the sync read it
        return render(canvas)

    monkeypatch.setattr("vaultroad.sync_maps.render_canvas", obsidian_saves_meanwhile)
    report = run(root)
    assert [(p.path, p.message) for p in report.problems] == [
        ("Maps/Plan.canvas", "changed on disk during the sync; not written")
    ]
    assert path.read_text(encoding="utf-8") == saved
    assert "status: done" in (root / "Topics" / "Plan" / "Flask.md").read_text(encoding="utf-8")


def test_a_read_only_map_is_reported_and_holds_nothing_else_up(tmp_path: Path) -> None:
    root = make_vault(tmp_path / "vault", {"Plan.md": PLAN})
    run(root)
    path = root / "Maps" / "Plan.canvas"
    path.chmod(0o444)
    plan = root / "Roadmaps" / "Plan.md"
    plan.write_text(PLAN.replace("- [ ] Flask", "- [x] Flask"), encoding="utf-8")
    later(plan)
    before = stamps(root / "Maps")
    report = run(root)
    assert [p.path for p in report.problems] == ["Maps/Plan.canvas"]
    assert "read-only" in report.problems[0].message
    assert stamps(root / "Maps") == before
    assert "status: done" in (root / "Topics" / "Plan" / "Flask.md").read_text(encoding="utf-8")


def test_the_map_of_a_roadmap_gone_from_the_vault_is_left_alone(tmp_path: Path) -> None:
    root = make_vault(tmp_path / "vault", {"Plan.md": PLAN, "Other.md": "# Other\n\n- [ ] One\n"})
    run(root)
    before = stamps(root / "Maps")["Plan.canvas"]
    (root / "Roadmaps" / "Plan.md").unlink()
    run(root)
    assert stamps(root / "Maps")["Plan.canvas"] == before


def test_a_retitled_roadmap_gets_its_map_under_the_new_title_with_the_users_layout(
    tmp_path: Path,
) -> None:
    root = make_vault(tmp_path / "vault", {"Plan.md": PLAN})
    run(root)
    old = root / "Maps" / "Plan.canvas"
    canvas = load(old)
    classes = card_of(canvas, root, "Roadmaps/Plan.md", "Classes")
    classes.update(x=classes["x"] + 700)
    old.write_text(json.dumps(canvas, indent="\t"), encoding="utf-8")
    later(old)
    before = stamps(root / "Maps")
    plan = root / "Roadmaps" / "Plan.md"
    plan.write_text(PLAN.replace("# Plan", "# Study plan"), encoding="utf-8")
    later(plan)
    report = run(root)
    new = root / "Maps" / "Study plan.canvas"
    assert any(
        n.startswith("Maps/Plan.canvas: ") and "Maps/Study plan.canvas" in n for n in report.notices
    )
    assert stamps(root / "Maps")["Plan.canvas"] == before["Plan.canvas"]
    moved = card_of(load(new), root, "Roadmaps/Plan.md", "Classes")
    assert moved["x"] == classes["x"]
    assert canvas_problems(load(new)) == []
    assert not run(root).changes


def test_a_first_sync_in_batches_makes_the_same_maps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    roadmaps = {"Plan A.md": PLAN, "Plan B.md": PLAN.replace("Flask", "Django")}
    whole = make_vault(tmp_path / "whole", roadmaps)
    run(whole)
    monkeypatch.setattr("vaultroad.sync_batches.BATCH_BYTES", 1)  # a roadmap per batch
    batched = make_vault(tmp_path / "batched", roadmaps)
    run(batched)
    assert stamps(batched / "Maps").keys() == {"Plan.canvas", "Plan 2.canvas"}
    for name in ("Plan.canvas", "Plan 2.canvas"):
        assert (batched / "Maps" / name).read_bytes() == (whole / "Maps" / name).read_bytes()


def test_a_renamed_roadmap_file_keeps_its_map(tmp_path: Path) -> None:
    root = make_vault(tmp_path / "vault", {"Plan.md": PLAN})
    run(root)
    (root / "Roadmaps" / "Plan.md").rename(root / "Roadmaps" / "Study.md")
    report = run(root)
    assert {c.path for c in report.changes if c.kind == "map"} == {"Maps/Plan.canvas"}
    assert sorted(p.name for p in (root / "Maps").iterdir()) == ["Plan.canvas"]
    canvas = load(root / "Maps" / "Plan.canvas")
    assert canvas_owner(canvas) == "Roadmaps/Study.md"
    assert canvas_problems(canvas) == []
