"""Issue 10: progress counts and a topic's place, asked of the tree itself."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from pathlib import Path
from typing import Any

import pytest

import vaultroad
from vaultroad import model
from vaultroad.cache import TreeCache
from vaultroad.serialize import progress as json_progress
from vaultroad.serialize import to_json_data

TEXT = """\
- [x] Before any section

# Course

## Basics

- [x] Variables
- [ ] Functions
  - [/] Closures
  - [-] Decorators ~2 days
    - [ ] Functools

### Deeper

- [ ] Generators

## Web

| Topic | Time |
| --- | --- |
| HTTP | 3 days |
"""


@pytest.fixture
def roadmap() -> vaultroad.Roadmap:
    return vaultroad.parse(TEXT, "Course.md")


def _titled(roadmap: vaultroad.Roadmap, title: str) -> vaultroad.Topic:
    return next(topic for topic in roadmap.topics() if topic.title.startswith(title))


def test_progress_counts_every_topic_subtopics_included(roadmap: vaultroad.Roadmap) -> None:
    progress = roadmap.progress
    assert isinstance(progress, vaultroad.Progress)
    assert (progress.total, progress.todo, progress.doing, progress.done, progress.skipped) == (
        8,
        4,
        1,
        2,
        1,
    )
    assert progress.finished == 3 and progress.percent == pytest.approx(37.5)
    basics = next(s for s in roadmap.walk_sections() if s.title == "Basics")
    assert basics.progress.as_dict() == {
        "total": 6,
        "todo": 3,
        "doing": 1,
        "done": 1,
        "skipped": 1,
        "finished": 2,
    }
    with pytest.raises(dataclasses.FrozenInstanceError):
        progress.total = 0  # type: ignore[misc]


def test_no_topics_is_zero_percent_not_a_division_error() -> None:
    empty = vaultroad.parse("# Nothing to tick\n\nJust prose.\n").progress
    assert (empty.total, empty.finished, empty.percent) == (0, 0, 0.0)


def test_the_library_counts_as_the_json_does(seed_paths: list[Path]) -> None:
    for path in seed_paths:
        roadmap = vaultroad.load(path)
        data = to_json_data(roadmap)
        assert roadmap.progress.as_dict() == data["progress"], path.name
        assert roadmap.progress == model.Progress.of(roadmap.topics())
        old = json_progress(roadmap.topics())
        assert (roadmap.progress.remaining_low, roadmap.progress.remaining_high) == (
            old.remaining_low,
            old.remaining_high,
        )
        sections = list(roadmap.walk_sections())
        json_sections = list(_json_sections(data["children"]))
        assert [s.progress.as_dict() for s in sections] == json_sections, path.name


def _json_sections(nodes: list[dict[str, Any]]) -> list[dict[str, int]]:
    """The `progress` of every section object, depth-first in document order."""
    found: list[dict[str, int]] = []
    for node in nodes:
        if node["type"] == "section":
            found.append(node["progress"])
            found.extend(_json_sections(node["children"]))
    return found


def test_a_topic_knows_its_parent_section_and_path(roadmap: vaultroad.Roadmap) -> None:
    closures, functools = _titled(roadmap, "Closures"), _titled(roadmap, "Functools")
    functions, decorators = _titled(roadmap, "Functions"), _titled(roadmap, "Decorators")
    assert roadmap.parent_of(closures) is functions
    assert roadmap.parent_of(functools) is decorators
    assert roadmap.parent_of(functions) is None
    section = roadmap.section_of(functools)
    assert section is not None and section.title == "Basics"
    assert roadmap.path_of(functools) == ("Course", "Basics")
    assert roadmap.path_of(_titled(roadmap, "Generators")) == ("Course", "Basics", "Deeper")
    assert roadmap.path_of(_titled(roadmap, "HTTP")) == ("Course", "Web")


def test_a_topic_before_any_section_has_no_section(roadmap: vaultroad.Roadmap) -> None:
    first = _titled(roadmap, "Before")
    assert roadmap.section_of(first) is None and roadmap.path_of(first) == ()
    assert roadmap.parent_of(first) is None


def test_a_topic_id_or_an_equal_topic_from_another_parse_works(
    roadmap: vaultroad.Roadmap,
) -> None:
    closures = _titled(roadmap, "Closures")
    assert roadmap.parent_of(closures.id) is _titled(roadmap, "Functions")
    again = vaultroad.parse(TEXT, "Course.md")
    assert roadmap.path_of(_titled(again, "Generators")) == ("Course", "Basics", "Deeper")


def test_a_topic_of_another_roadmap_is_an_unknown_topic(roadmap: vaultroad.Roadmap) -> None:
    other = next(vaultroad.parse("- [ ] Variables\n", "Other.md").topics())
    with pytest.raises(vaultroad.UnknownTopicError) as caught:
        roadmap.section_of(other)
    assert caught.value.path == "Course.md"
    with pytest.raises(KeyError):  # an UnknownTopicError is a KeyError too
        roadmap.parent_of("no-such-id")
    edited = dataclasses.replace(_titled(roadmap, "Closures"), status=vaultroad.Status.DONE)
    with pytest.raises(vaultroad.UnknownTopicError):
        roadmap.path_of(edited)  # same id, but not a topic this roadmap has


def test_the_index_is_built_once_per_roadmap(
    roadmap: vaultroad.Roadmap, monkeypatch: pytest.MonkeyPatch
) -> None:
    builds: list[object] = []
    real = model._Index.build

    def counting(children: tuple[model.Node, ...]) -> model._Index:
        builds.append(children)
        return real(children)

    monkeypatch.setattr(model._Index, "build", staticmethod(counting))
    for topic in list(roadmap.topics()) * 3:
        roadmap.parent_of(topic)
        roadmap.section_of(topic.id)
        roadmap.path_of(topic)
        assert roadmap.topic(topic.id) is topic
    assert len(builds) == 1


def test_the_index_is_invisible_to_equality_copies_and_the_cache(
    roadmap: vaultroad.Roadmap, tmp_path: Path
) -> None:
    fresh = vaultroad.parse(TEXT, "Course.md")
    generators = _titled(roadmap, "Generators")
    roadmap.path_of(generators)  # builds the index
    assert roadmap == fresh and hash(roadmap) == hash(fresh)
    assert repr(roadmap) == repr(fresh)
    assert [f.name for f in dataclasses.fields(roadmap)] == [
        "title",
        "path",
        "children",
        "done_form",
        "limits",
        "links",
    ]
    for twin in (
        pickle.loads(pickle.dumps(roadmap)),
        copy.deepcopy(roadmap),
        dataclasses.replace(roadmap, title="Renamed"),
    ):
        # Each copy has its own topics: it indexes them, never reuses ours.
        assert twin.path_of(_titled(twin, "Generators")) == ("Course", "Basics", "Deeper")
    path = tmp_path / "Course.md"
    path.write_text(TEXT, encoding="utf-8")
    cache = TreeCache(tmp_path / "cache")
    data = path.read_bytes()
    cache.load(str(path), data)
    cached = cache.load(str(path), data)
    assert cached == vaultroad.parse(TEXT, str(path))
    assert cached.parent_of(_titled(cached, "Closures")) is _titled(cached, "Functions")
