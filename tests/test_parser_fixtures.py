"""Fixture-file tests for the parser: `fixtures/parser/<name>.md` beside `<name>.json`.

Each `.md` is read as bytes (so BOM, CRLF, tabs and a missing final newline
are exactly as written), decoded strictly as UTF-8 and parsed with
`path=<name>.md`. The `.json` holds a compact projection of the tree (see
`project`), reviewed by eye against the design; it is what the parser
*should* give, not merely what it gives today.

    python tests/test_parser_fixtures.py --regen NAME [NAME ...]

writes `<name>.json` from the current parser output, as a starting point for
review: never commit a regenerated file without reading it against the design.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from vaultroad import parse
from vaultroad.model import Estimate, Node, Roadmap, Section, Topic
from vaultroad.source import decode

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "parser"

# Variants of `whitespace_lf` that differ only in BOM, line endings, tabs
# between marker and text, or a missing final newline: same tree, same
# lines and columns.
WHITESPACE_VARIANTS = (
    "whitespace_bom",
    "whitespace_crlf",
    "whitespace_mixed_eol",
    "whitespace_tabs",
    "whitespace_no_final_newline",
)


def case_names() -> list[str]:
    return sorted(path.stem for path in FIXTURES.glob("*.md"))


def _number(value: float) -> int | float:
    return int(value) if value == int(value) else value


def _range(estimate: Estimate) -> list[int | float]:
    return [_number(estimate.low), _number(estimate.high)]


def project_topic(topic: Topic) -> dict[str, Any]:
    data: dict[str, Any] = {
        "topic": topic.title,
        "status": topic.status.value,
        "marker": topic.marker,
        "line": topic.line,
        "column": topic.column,
        "source": topic.source.value,
    }
    if topic.estimate is not None:
        data["estimate"] = _range(topic.estimate)
    if topic.description is not None:
        data["description"] = topic.description
    if topic.wikilinks:
        data["wikilinks"] = [
            {"target": w.target, "heading": w.heading, "alias": w.alias, "embed": w.embed}
            for w in topic.wikilinks
        ]
    if topic.links:
        data["links"] = [{"text": link.text, "url": link.url} for link in topic.links]
    data["children"] = [project_topic(child) for child in topic.children]
    return data


def project_section(section: Section) -> dict[str, Any]:
    data: dict[str, Any] = {
        "section": section.title,
        "kind": section.kind.value,
        "line": section.line,
    }
    if section.number is not None:
        data["number"] = section.number
    if section.duration is not None:
        data["duration"] = _range(section.duration)
    data["children"] = [project_node(child) for child in section.children]
    return data


def project_node(node: Node) -> dict[str, Any]:
    if isinstance(node, Section):
        return project_section(node)
    return project_topic(node)


def project(roadmap: Roadmap) -> dict[str, Any]:
    """The compact, reviewable shape of a parsed roadmap."""
    return {"title": roadmap.title, "tree": [project_node(node) for node in roadmap.children]}


def load_case(name: str) -> tuple[str, Roadmap]:
    data = (FIXTURES / f"{name}.md").read_bytes()
    text = decode(data, f"{name}.md")
    return text, parse(text, path=f"{name}.md")


def expected(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def _all_topics(roadmap: Roadmap) -> Iterator[Topic]:
    return roadmap.topics()


# --- tests --------------------------------------------------------------------


def test_fixtures_exist_in_pairs() -> None:
    md = {path.stem for path in FIXTURES.glob("*.md")}
    js = {path.stem for path in FIXTURES.glob("*.json")}
    assert md, f"no fixtures in {FIXTURES}"
    assert md == js, f"unpaired fixtures: {sorted(md ^ js)}"


@pytest.mark.parametrize("name", case_names())
def test_tree(name: str) -> None:
    _, roadmap = load_case(name)
    assert project(roadmap) == expected(name)


@pytest.mark.parametrize("name", case_names())
def test_marker_spans(name: str) -> None:
    text, roadmap = load_case(name)
    for topic in _all_topics(roadmap):
        span = text[topic.position.start : topic.position.end]
        assert span == (topic.marker or ""), (topic.line, topic.title, span, topic.marker)
        assert topic.position.text == topic.marker
        if topic.marker is None:
            assert topic.position.start == topic.position.end


@pytest.mark.parametrize("name", WHITESPACE_VARIANTS)
def test_whitespace_variant_same_tree_as_lf(name: str) -> None:
    assert expected(name) == expected("whitespace_lf")
    _, plain = load_case("whitespace_lf")
    _, variant = load_case(name)
    assert project(variant) == project(plain)


# --- regeneration -------------------------------------------------------------


def regen(names: Sequence[str]) -> None:
    for name in names:
        _, roadmap = load_case(name)
        out = FIXTURES / f"{name}.json"
        out.write_text(
            json.dumps(project(roadmap), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        print(f"wrote {out} (review it against the design before trusting it)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--regen", nargs="+", metavar="NAME", required=True)
    args = parser.parse_args(argv)
    unknown = [name for name in args.regen if not (FIXTURES / f"{name}.md").is_file()]
    if unknown:
        parser.error(f"no such fixture: {', '.join(unknown)}")
    regen(args.regen)
    return 0


if __name__ == "__main__":
    sys.exit(main())
