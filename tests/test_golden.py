"""Golden trees of the five seed roadmaps, plus the facts about them the issue names.

The golden files are the full JSON of `vaultroad tree --json`; they were reviewed
by eye. Regenerate after an intended change with `python tests/test_golden.py --regen`
and review the diff before committing it.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import vaultroad
from vaultroad.serialize import to_json_data
from vaultroad.source import decode

ROOT = Path(__file__).resolve().parents[1]
VAULT = ROOT / "vault" / "Roadmaps"
GOLDEN = Path(__file__).resolve().parent / "golden"

# Seed file (shared/seeds) → its readable name in the sample vault.
SEEDS = {
    "000_ed5cfa5b1326e15f": "Ruta Backend con Python.md",
    "001_c8660c979fa0d949": "Python Backend Developer Roadmap.md",
    "002_5b88afa1fa2a17ff": "Complete Python Backend Developer Roadmap 2025.md",
    "003_fc63372a19931ee0": "Desarrollo Backend con Python y Django.md",
    "004_f6453059c1ec6c61": "Python Backend Developer Complete Checklist.md",
}


def seed_tree(seed: str) -> tuple[str, vaultroad.Roadmap]:
    name = SEEDS[seed]
    text = decode((VAULT / name).read_bytes(), name)
    return text, vaultroad.parse(text, name)


def golden_data(seed: str) -> dict[str, Any]:
    text, roadmap = seed_tree(seed)
    return to_json_data(roadmap, text)


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_matches_golden_tree(seed: str) -> None:
    expected = json.loads((GOLDEN / f"{seed}.json").read_text(encoding="utf-8"))
    assert golden_data(seed) == expected


def _sources(roadmap: vaultroad.Roadmap) -> Counter[str]:
    return Counter(topic.source.value for topic in roadmap.topics())


def test_seed_004_checklist_counts() -> None:
    _, roadmap = seed_tree("004_f6453059c1ec6c61")
    items = [t for t in roadmap.topics() if t.source is vaultroad.TopicSource.LIST_ITEM]
    assert len(items) == 734
    statuses = Counter(t.status for t in items)
    assert statuses == {vaultroad.Status.DONE: 12, vaultroad.Status.TODO: 722}
    assert {t.marker for t in items if t.status is vaultroad.Status.DONE} == {"[ ✓ ]"}
    assert roadmap.done_form == "[ ✓ ]"
    projects = [t for t in roadmap.topics() if t.source is vaultroad.TopicSource.TABLE_ROW]
    assert [t.title for t in projects][:2] == ["Personal Blog API", "URL Shortener Service"]
    assert len(projects) == 12
    assert projects[0].description == "CRUD, Auth, Pagination, Django/DRF"


def test_seed_002_tables_lists_and_glyph_fences() -> None:
    _, roadmap = seed_tree("002_5b88afa1fa2a17ff")
    rows = [t for t in roadmap.topics() if t.source is vaultroad.TopicSource.TABLE_ROW]
    first = rows[0]
    assert (first.title, first.description) == (
        "Variables & Data Types",
        "int, float, str, bool, type conversion",
    )
    assert first.estimate is not None and (first.estimate.low, first.estimate.high) == (3, 4)
    assert sum(1 for t in rows if t.estimate is not None) >= 60
    # `| Pros | Cons |`, `| Day | Focus |`, `| Category | Tools |` hold no topics.
    assert not any(t.title in {"Fastest Python framework", "Mon-Tue", "IDE"} for t in rows)
    done = [t for t in roadmap.topics() if t.status is vaultroad.Status.DONE]
    assert [t.marker for t in done] == ["[x]"] * 5
    boxes = [t for t in roadmap.topics() if t.source is vaultroad.TopicSource.FENCE_LINE]
    assert len(boxes) == 15
    assert {t.marker for t in boxes} == {"□"}
    sections = {s.title: s for s in roadmap.walk_sections()}
    phase = sections["PHASE 1: Python Fundamentals (6-8 weeks)"]
    assert phase.duration is not None and (phase.duration.low, phase.duration.high) == (42, 56)
    assert sections["Week 1-2: Core Basics"].duration is None


def test_seed_001_pseudo_bullets_under_outline_sections() -> None:
    _, roadmap = seed_tree("001_c8660c979fa0d949")
    sections = {s.title: s for s in roadmap.walk_sections()}
    internet = sections["Internet Fundamentals"]
    assert internet.kind is vaultroad.SectionKind.OUTLINE and internet.number == "1.1"
    assert [t.title for t in internet.topics] == [
        "Domain names & DNS resolution",
        "HTTP/HTTPS protocols & status codes",
        "Hosting basics (shared, VPS, containers)",
        "SSL/TLS & CDN overview",
    ]
    assert all(t.source is vaultroad.TopicSource.PSEUDO_BULLET for t in internet.topics)
    advanced = sections["Advanced Database Topics"]
    assert [t.title for t in advanced.topics][:2] == [
        "ACID & Isolation",
        "N+1 Problem & Query Optimization",
    ]
    assert all(t.source is vaultroad.TopicSource.OUTLINE_ENTRY for t in advanced.topics)
    # The 9 "Related Resources" links are the roadmap's resources, not topics.
    assert _sources(roadmap) == {"pseudo-bullet": 78, "outline-entry": 19}


def test_seed_000_numbered_headings_and_wikilinks() -> None:
    _, roadmap = seed_tree("000_ed5cfa5b1326e15f")
    top = roadmap.sections
    assert [s.number for s in top[:8]] == [str(n) for n in range(1, 9)]
    assert top[0].title == "Fundamentos sólidos de Python"
    assert top[8].title == "📦 Bonus: Portafolio y Empleabilidad"
    assert [len(s.topics) for s in top] == [2, 2, 3, 3, 2, 2, 2, 1, 3]
    first = top[0].topics[0]
    assert [w.target for w in first.wikilinks] == [
        "Tipos de datos",
        "estructuras de control",
        "funciones",
    ]


def test_seed_003_falls_back_to_its_name_description_lines() -> None:
    # A web page pasted into Markdown (and garbled): no lists, but the
    # components to learn stand on indented `Name: description` lines.
    _, roadmap = seed_tree("003_fc63372a19931ee0")
    assert roadmap.title == "Desarrollo Backend con Python y Django"
    assert len(list(roadmap.topics())) == 4


def test_topic_ids_are_unique_across_the_sample_vault() -> None:
    ids = [t.id for seed in SEEDS for t in seed_tree(seed)[1].topics()]
    assert len(ids) == len(set(ids))


if __name__ == "__main__" and sys.argv[1:] == ["--regen"]:
    for seed in sorted(SEEDS):
        out = GOLDEN / f"{seed}.json"
        out.write_text(
            json.dumps(golden_data(seed), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(f"wrote {out}")


# SHA-256 of the original seed documents: the sample vault keeps their bytes.
SEED_SHA256 = {
    "000_ed5cfa5b1326e15f": "db836d33d93fbf9870aa460c634e0ed15969eb027fae7c02949d1ef469eef051",
    "001_c8660c979fa0d949": "6865b193be0e2eace2704d27c54c2169a3ca39e3c819a860e9ba10d89ae0d543",
    "002_5b88afa1fa2a17ff": "0adb1348215c133dc039a2ad5452cc20951ef5a17b3b451c1d4c8e8948da09d6",
    "003_fc63372a19931ee0": "d5af21907ba3c5e056cffbbeefe62d689afbf791b36eb4f7a3a7eec69795c95f",
    "004_f6453059c1ec6c61": "da450e7b628fa60e43b3daf0a9f2610c7699695b66987a4fcefccbff3d877907",
}


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_the_sample_vault_keeps_the_seed_bytes(seed: str) -> None:
    data = (VAULT / SEEDS[seed]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == SEED_SHA256[seed]
