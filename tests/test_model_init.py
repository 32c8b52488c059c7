"""The tree's dataclasses made by `model._node` (`__init__` from `_quick_init`, the
other methods from `_NodeMethods`) are the dataclasses their fields declare: every
field set from its argument or default, same signature, still frozen, equality,
hashing, `repr`, `replace`, copying and pickling as `@dataclass(frozen=True,
slots=True)` makes them."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from typing import Any

import pytest

from vaultroad.model import (
    Estimate,
    LimitKind,
    Link,
    Marker,
    MarkerKind,
    ParseLimit,
    Roadmap,
    Section,
    SectionKind,
    Status,
    TaskFields,
    Topic,
    TopicSource,
    WikiLink,
)

MARKER = Marker(MarkerKind.CHECKBOX, 3, 6, "[x]", ("[ ]", "[/]", "[x]", "[-]"))
# A distinct value for every field of each class (so a field set from the wrong
# argument shows), and which fields have defaults.
VALUES: dict[type, dict[str, Any]] = {
    Estimate: {"low": 1.0, "high": 2.0, "text": "1-2 days"},
    WikiLink: {"target": "Page", "heading": "Part", "alias": "Shown", "embed": True},
    Link: {"text": "Docs", "url": "https://example.com", "kind": "article"},
    Marker: {
        "kind": MarkerKind.GLYPH,
        "start": 10,
        "end": 11,
        "text": "✅",
        "forms": ("", "🚧", "✅", "⏭️"),
    },
    Topic: {
        "id": "abc",
        "title": "Title",
        "text": "Title — text",
        "status": Status.DONE,
        "marker": "[x]",
        "line": 4,
        "column": 3,
        "source": TopicSource.LIST_ITEM,
        "position": MARKER,
        "estimate": Estimate(1.0, 1.0, "1 day"),
        "description": "text",
        "links": (Link("a", "b"),),
        "wikilinks": (WikiLink("c"),),
        "children": (),
        "tags": ("t",),
        "tasks": None,
    },
    Section: {
        "title": "Phase 1",
        "level": 2,
        "kind": SectionKind.OUTLINE,
        "line": 7,
        "number": "1.",
        "duration": Estimate(7.0, 14.0, "1-2 weeks"),
        "children": (),
        "schedule": "Week 1",
        "links": (Link("d", "e"),),
    },
    TaskFields: {
        "done": "2024-01-02",
        "due": "2024-02-03",
        "scheduled": "2024-03-04",
        "start": "2024-04-05",
        "created": "2024-05-06",
        "cancelled": "2024-06-07",
        "recurrence": "every day",
        "priority": "high",
        "id": "abc",
        "depends_on": "def,ghi",
    },
    ParseLimit: {"line": 3, "kind": LimitKind.NESTING, "message": "nested too deep"},
    Roadmap: {
        "title": "Plan",
        "path": "plan.md",
        "children": (Section("Phase 1", 2, SectionKind.HEADING, 1),),
        "done_form": "[X]",
        "limits": (ParseLimit(9, LimitKind.LINKS, "links"),),
        "links": (Link("f", "g"),),
    },
}


@pytest.mark.parametrize("cls", list(VALUES), ids=lambda cls: cls.__name__)
def test_every_field_is_set_from_its_argument(cls: type) -> None:
    values = VALUES[cls]
    fields = dataclasses.fields(cls)
    assert [field.name for field in fields] == list(values)
    by_keyword = cls(**values)
    by_position = cls(*values.values())
    for name, value in values.items():
        assert getattr(by_keyword, name) is value
        assert getattr(by_position, name) is value
    assert by_keyword == by_position
    assert hash(by_keyword) == hash(by_position)


@pytest.mark.parametrize("cls", list(VALUES), ids=lambda cls: cls.__name__)
def test_defaults_and_signature_are_the_fields(cls: type) -> None:
    fields = dataclasses.fields(cls)
    required = {f.name: VALUES[cls][f.name] for f in fields if f.default is dataclasses.MISSING}
    built = cls(**required)
    for field in fields:
        if field.default is not dataclasses.MISSING:
            assert getattr(built, field.name) is field.default
    parameters = list(inspect.signature(cls).parameters.values())
    assert [p.name for p in parameters] == [f.name for f in fields]
    assert [p.default for p in parameters] == [
        inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default for f in fields
    ]
    assert [p.annotation for p in parameters] == [f.type for f in fields]
    if required:
        with pytest.raises(TypeError, match=rf"{cls.__name__}\.__init__\(\) missing"):
            cls()


@pytest.mark.parametrize("cls", list(VALUES), ids=lambda cls: cls.__name__)
def test_still_frozen_and_replace_and_pickle_keep_working(cls: type) -> None:
    built = cls(**VALUES[cls])
    first = dataclasses.fields(cls)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(built, first, VALUES[cls][first])
    assert pickle.loads(pickle.dumps(built)) == built
    changed = dataclasses.replace(built, **{first: VALUES[cls][first]})
    assert changed == built and changed is not built


def _twin(cls: type) -> type:
    """`cls` as plain `@dataclass(frozen=True, slots=True)` makes it, `__init__` included."""
    return dataclasses.make_dataclass(
        cls.__name__,
        [
            (f.name, f.type)
            if f.default is dataclasses.MISSING
            else (f.name, f.type, dataclasses.field(default=f.default))
            for f in dataclasses.fields(cls)
        ],
        frozen=True,
        slots=True,
    )


@pytest.mark.parametrize("cls", list(VALUES), ids=lambda cls: cls.__name__)
def test_the_same_class_a_plain_dataclass_declaration_makes(cls: type) -> None:
    # dataclasses is told to write no method (`_node` gives its own, which do what
    # the written ones do): those flags are the one difference a program can see.
    twin = _twin(cls)
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    assert (params.init, params.repr, params.eq, params.frozen) == (False, False, False, False)
    assert dataclasses.is_dataclass(cls) and cls.__slots__ == twin.__slots__  # type: ignore[attr-defined]
    assert cls.__match_args__ == twin.__match_args__  # type: ignore[attr-defined]
    assert inspect.signature(cls) == inspect.signature(twin)
    ours, theirs = cls(**VALUES[cls]), twin(**VALUES[cls])
    assert repr(ours) == repr(theirs) and hash(ours) == hash(theirs)
    assert dataclasses.astuple(ours) == dataclasses.astuple(theirs)
    assert dataclasses.asdict(ours) == dataclasses.asdict(theirs)
    assert ours.__getstate__() == theirs.__getstate__()  # type: ignore[attr-defined]
    for name in (field.name for field in dataclasses.fields(cls)):
        for deleting in (False, True):
            errors = []
            for thing in (ours, theirs):
                with pytest.raises(dataclasses.FrozenInstanceError) as raised:
                    if deleting:
                        delattr(thing, name)
                    else:
                        setattr(thing, name, 1)
                errors.append(str(raised.value))
            assert errors[0] == errors[1]
    # Equality by field values, and only with the same class, as the twin's.
    same = cls(**VALUES[cls])
    assert ours == same and hash(ours) == hash(same) and ours is not same
    assert (ours == theirs) is False and ours.__eq__(theirs) is NotImplemented
    first = dataclasses.fields(cls)[0].name
    other = dataclasses.replace(ours, **{first: "changed"})
    assert (ours == other) is (theirs == dataclasses.replace(theirs, **{first: "changed"}))
    assert copy.copy(ours) == ours and copy.deepcopy(ours) == ours
