"""Shared topics: one topic in several roadmaps, by title, by link or by configuration."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

import vaultroad
from conftest import SEED_DIR
from vaultroad.model import Marker, MarkerKind, Roadmap, Status, Topic, TopicSource
from vaultroad.shared import (
    Overlap,
    SharedMember,
    SharedTopics,
    find_shared,
    link_key,
    overlap,
    shared_key,
)

# --- the key


@pytest.mark.parametrize(
    "titles",
    [
        ("Docker", "docker", " DOCKER ", "Docker\u00a0", "ＤＯＣＫＥＲ"),  # NFKC: full width
        ("CI/CD", "CI CD", "ci-cd", "CI_CD", "CI / CD", "CI: CD", "(CI) [CD]"),
        ("Variables & Data Types", "Variables, data types", "variables — data types"),
        ("Domain-Driven Design", "Domain\u2011Driven Design"),  # a non-breaking hyphen
        ("Node.js", "node js", "'Node' \"js\""),
        ("Straße", "STRASSE"),  # case folded, not only lower-cased
        ("Árboles", "A\u0301rboles", "árboles"),  # a decomposed accent composes
        ("Docker ✅", "✅\ufe0f Docker", "Docker\u200b"),  # emoji, selectors, zero width
        ("C#", "c#", "C# "),
        ("C++", "c++"),
        ("Docker + Compose", "Docker Compose", "docker+compose"),
    ],
)
def test_titles_naming_one_topic_share_a_key(titles: tuple[str, ...]) -> None:
    assert len({shared_key(title) for title in titles}) == 1, [shared_key(t) for t in titles]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("PostgreSQL", "Postgres"),  # a synonym is for `[shared] same`, never guessed
        ("Árboles", "Arboles"),  # accents tell words apart
        ("año", "ano"),
        ("C#", "C"),
        ("C++", "C"),
        ("F#", "F"),
        ("Docker", "Docker Compose"),
        ("JWT", "JWT Tokens"),
    ],
)
def test_other_titles_do_not(first: str, second: str) -> None:
    assert shared_key(first) != shared_key(second)


def test_the_key_itself() -> None:
    assert shared_key("  CI/CD  Basics ") == "ci cd basics"
    assert shared_key("C# / .NET") == "c# net"
    assert shared_key("— … !") == ""


def test_a_link_key_ignores_case_md_and_heading() -> None:
    assert {link_key(t) for t in ("Docker", "docker.md", "DOCKER.MD#Install", " Docker ")} == {
        "docker"
    }
    assert link_key("Tools/Docker") != link_key("Docker")


# --- groups in synthetic roadmaps


def parse_all(**texts: str) -> list[tuple[str, Roadmap]]:
    """Roadmaps `Roadmaps/<name>.md` holding `texts`, in the order given."""
    return [
        (f"Roadmaps/{name}.md", vaultroad.parse(text, f"Roadmaps/{name}.md"))
        for name, text in texts.items()
    ]


def titles(shared: SharedTopics) -> list[list[tuple[str, str]]]:
    """Each group as (roadmap file name, title) pairs."""
    return [[(Path(m.roadmap).stem, m.title) for m in group] for group in shared.groups]


def test_titles_equal_but_for_case_and_punctuation_are_one_topic() -> None:
    roadmaps = parse_all(
        B="# B\n\n- [ ] Git\n- [ ] ci-cd\n- [ ] Docker\n",
        A="# A\n\n- [ ] Docker\n- [ ] CI/CD\n- [x] Kubernetes\n",
        C="# C\n\n## Tools\n\n- [ ] DOCKER\n- [ ] Helm\n",
    )
    shared = find_shared(roadmaps)
    # members by roadmap path then line; groups by their first member
    assert titles(shared) == [
        [("A", "Docker"), ("B", "Docker"), ("C", "DOCKER")],
        [("A", "CI/CD"), ("B", "ci-cd")],
    ]
    assert all(isinstance(m, SharedMember) for g in shared.groups for m in g)
    assert [m.line for m in shared.groups[0]] == [3, 5, 5]


def test_linking_the_same_note_is_one_topic() -> None:
    roadmaps = parse_all(
        A="# A\n\n- [ ] Containers: [[Docker]]\n- [ ] Learn [[Tipos de datos]]\n",
        B="# B\n\n- [ ] [[docker.md#Install|Installing it]]\n",
        C="# C\n\n- [ ] ![[Docker]] an embed is not a link to a subject\n",
        D="# D\n\n- [ ] [[tipos de datos]], [[funciones]] and [[clases]]\n",
    )
    # A topic linking three notes is about three things: it is not the
    # same topic as one linking one of them.
    assert titles(find_shared(roadmaps)) == [[("A", "Containers: Docker"), ("B", "Installing it")]]


def test_title_and_link_evidence_chain_into_one_group() -> None:
    roadmaps = parse_all(
        A="# A\n\n- [ ] Docker\n",
        B="# B\n\n- [ ] Containers with [[Docker]]\n",
        C="# C\n\n- [ ] [[Docker]]\n",  # title Docker and link Docker: joins A and B
    )
    assert titles(find_shared(roadmaps)) == [
        [("A", "Docker"), ("B", "Containers with Docker"), ("C", "Docker")]
    ]


def test_a_title_twice_in_one_roadmap_leaves_that_roadmap_out() -> None:
    roadmaps = parse_all(
        A="# A\n\n## Docker\n\n- [ ] Introduction\n\n## Kubernetes\n\n- [ ] Introduction\n",
        B="# B\n\n- [ ] Introduction\n",
        C="# C\n\n- [ ] introduction\n- [ ] Docker\n",
    )
    assert titles(find_shared(roadmaps)) == [[("B", "Introduction"), ("C", "introduction")]]
    # Alone with one other roadmap, nothing is left to share.
    assert find_shared(roadmaps[:2]).groups == ()


def test_an_ambiguous_title_joins_nothing_but_its_links_still_do() -> None:
    # A's two "Introduction"s must not tie Docker and Kubernetes into one
    # group; each still joins its own topic through the note it links.
    roadmaps = parse_all(
        A=(
            "# A\n\n## Docker\n\n- [ ] [[Docker|Introduction]]\n\n"
            "## Kubernetes\n\n- [ ] [[Kubernetes|Introduction]]\n"
        ),
        B="# B\n\n- [ ] Basics of [[Docker]]\n",
        C="# C\n\n- [ ] [[Kubernetes]] intro\n",
        D="# D\n\n- [ ] Introduction\n",
    )
    assert titles(find_shared(roadmaps)) == [
        [("A", "Introduction"), ("B", "Basics of Docker")],
        [("A", "Introduction"), ("C", "Kubernetes intro")],
    ]


def test_a_roadmap_bringing_two_topics_into_a_group_is_left_out() -> None:
    roadmaps = parse_all(
        A="# A\n\n- [ ] Docker\n- [ ] Images: [[Docker]]\n",  # one by title, one by link
        B="# B\n\n- [ ] [[Docker]]\n",
        C="# C\n\n- [ ] docker\n",
    )
    assert titles(find_shared(roadmaps)) == [[("B", "Docker"), ("C", "docker")]]


def test_subtopics_are_topics_too() -> None:
    roadmaps = parse_all(
        A="# A\n\n- [ ] Testing\n  - [ ] pytest\n",
        B="# B\n\n- [ ] Pytest\n",
    )
    assert titles(find_shared(roadmaps)) == [[("A", "pytest"), ("B", "Pytest")]]


def test_the_configured_mapping_names_one_topic() -> None:
    roadmaps = parse_all(
        A="# A\n\n- [ ] PostgreSQL\n- [ ] JWT authentication\n",
        B="# B\n\n- [ ] Postgres\n- [ ] JSON Web Tokens\n",
        C="# C\n\n- [ ] postgres (the database)\n- [ ] JWT\n",
    )
    assert find_shared(roadmaps).groups == ()
    same = [
        ["PostgreSQL", "Postgres", "Postgres (the database)"],
        ["JWT authentication", "json web tokens"],
        ["JSON Web Tokens", "JWT"],  # shares a title with the list above: one topic
    ]
    assert titles(find_shared(roadmaps, same)) == [
        [("A", "PostgreSQL"), ("B", "Postgres"), ("C", "postgres (the database)")],
        [("A", "JWT authentication"), ("B", "JSON Web Tokens"), ("C", "JWT")],
    ]


def test_a_roadmap_holding_both_mapped_titles_is_left_out() -> None:
    roadmaps = parse_all(
        A="# A\n\n- [ ] PostgreSQL\n- [ ] Postgres\n",
        B="# B\n\n- [ ] Postgres\n",
        C="# C\n\n- [ ] PostgreSQL\n",
    )
    assert titles(find_shared(roadmaps, [["PostgreSQL", "Postgres"]])) == [
        [("B", "Postgres"), ("C", "PostgreSQL")]
    ]


def test_topics_of_only_signs_share_nothing() -> None:
    roadmaps = parse_all(A="# A\n\n- [ ] —\n", B="# B\n\n- [ ] …\n")
    assert find_shared(roadmaps).groups == ()


def test_the_result_does_not_depend_on_the_order_of_the_roadmaps() -> None:
    texts = {
        name: f"# {name}\n\n" + "".join(f"- [ ] Topic {n}\n" for n in range(k, k + 6))
        for k, name in enumerate("ABCDE")
    }
    roadmaps = parse_all(**texts)
    expected = find_shared(roadmaps)
    assert len(expected.groups) == 8  # Topic 1 … Topic 8: 0 and 9 are in one roadmap only
    for seed in range(5):
        shuffled = list(roadmaps)
        random.Random(seed).shuffle(shuffled)
        assert find_shared(shuffled) == expected


def test_others_are_the_rest_of_the_group() -> None:
    roadmaps = parse_all(
        A="# A\n\n- [ ] Docker\n- [ ] Rust\n",
        B="# B\n\n- [ ] docker\n",
        C="# C\n\n- [ ] Docker\n",
    )
    shared = find_shared(roadmaps)
    ids = {path: {t.title: t.id for t in tree.topics()} for path, tree in roadmaps}
    docker = ids["Roadmaps/A.md"]["Docker"]
    others = shared.others(docker)
    assert [(m.roadmap, m.title) for m in others] == [
        ("Roadmaps/B.md", "docker"),
        ("Roadmaps/C.md", "Docker"),
    ]
    assert others[0].topic_id == ids["Roadmaps/B.md"]["docker"]
    assert [m.roadmap for m in shared.others(others[1].topic_id)] == [
        "Roadmaps/A.md",
        "Roadmaps/B.md",
    ]
    assert shared.others(ids["Roadmaps/A.md"]["Rust"]) == ()
    assert shared.others("no such id") == ()
    assert len(shared.group(docker)) == 3


# --- overlap


def test_overlap_counts_what_is_shared_and_done_in_the_source() -> None:
    roadmaps = parse_all(
        A="# A\n\n- [x] Docker\n- [-] Git\n- [ ] SQL\n- [x] Rust\n",
        B="# B\n\n- [ ] Docker\n- [x] Git\n- [ ] SQL\n- [ ] Go\n  - [ ] Goroutines\n",
        C="# C\n\n- [ ] SQL\n",
        D="# D\n\n- [x] Elm\n",
    )
    shared = find_shared(roadmaps)
    found = {(o.source, o.target): o for o in overlap(shared, roadmaps, {})}
    a, b, c = "Roadmaps/A.md", "Roadmaps/B.md", "Roadmaps/C.md"
    # B's Docker, Git and SQL are in A; A's Docker is done, its Git skipped
    # (not done: skipping says nothing about having learnt it).
    assert found[(a, b)] == Overlap(a, b, shared=3, done=1, target_total=5)
    assert found[(b, a)] == Overlap(b, a, shared=3, done=1, target_total=4)  # B's Git
    assert found[(a, c)] == Overlap(a, c, shared=1, done=0, target_total=1)
    assert found[(c, b)] == Overlap(c, b, shared=1, done=0, target_total=5)
    # D shares nothing: no pair names it
    assert set(found) == {(a, b), (b, a), (a, c), (c, a), (b, c), (c, b)}
    # ordered by target, then source
    assert [(o.target, o.source) for o in overlap(shared, roadmaps, {})] == sorted(
        (t, s) for s, t in found
    )


def test_overlap_takes_the_statuses_given_over_the_trees() -> None:
    roadmaps = parse_all(A="# A\n\n- [ ] Docker\n- [x] SQL\n", B="# B\n\n- [ ] Docker\n- [ ] SQL\n")
    shared = find_shared(roadmaps)
    ids = {t.title: t.id for t in roadmaps[0][1].topics()}
    statuses = {ids["Docker"]: Status.DONE, ids["SQL"]: Status.DOING}
    [_, a_in_b] = overlap(shared, roadmaps, statuses)
    assert (a_in_b.source, a_in_b.target) == ("Roadmaps/A.md", "Roadmaps/B.md")
    assert (a_in_b.shared, a_in_b.done) == (2, 1)  # Docker now, SQL not
    assert overlap(SharedTopics(), roadmaps, {}) == []


# --- the sample vault, read by a person


def sample_vault() -> list[tuple[str, Roadmap]]:
    return [(f"Roadmaps/{p.name}", vaultroad.load(p)) for p in sorted(SEED_DIR.glob("*.md"))]


CHECKLIST = "Python Backend Developer Complete Checklist"
COMPLETE = "Complete Python Backend Developer Roadmap 2025"
ROADMAP = "Python Backend Developer Roadmap"
DJANGO = "Desarrollo Backend con Python y Django"
RUTA = "Ruta Backend con Python"

# Topics seen in several of vault/Roadmaps/*.md by reading them, as
# (roadmap file name, the line as written there).
SEEN_IN_SEVERAL = [
    [(COMPLETE, "Django REST Framework"), (DJANGO, "Django Rest Framework")],
    [(COMPLETE, "celery"), (DJANGO, "Celery")],  # a requirements.txt line; a component
    [(COMPLETE, "httpx"), (CHECKLIST, "httpx")],
    [(COMPLETE, "List Comprehensions"), (CHECKLIST, "List comprehensions")],
    [(COMPLETE, "Request/Response Cycle"), (CHECKLIST, "Request/Response cycle")],
    [(CHECKLIST, "Observer"), (ROADMAP, "Observer")],  # design patterns
    [(CHECKLIST, "Strategy"), (ROADMAP, "Strategy")],
    [(CHECKLIST, "Connection pooling"), (ROADMAP, "Connection Pooling")],
    # a non-breaking hyphen (U+2011) in the second
    [
        (CHECKLIST, "Domain-Driven Design (DDD) basics"),
        (ROADMAP, "Domain‑Driven Design (DDD) Basics"),
    ],
]


def test_the_sample_vault_shares_the_topics_a_reader_sees_in_several_roadmaps() -> None:
    found = titles(find_shared(sample_vault()))
    for group in SEEN_IN_SEVERAL:
        assert sorted(group) in [sorted(g) for g in found], group
    # and, by reading too: Lambda Functions and Pre-commit Hooks (Complete
    # roadmap and Checklist), CRUD Operations (Complete roadmap and Roadmap)
    assert len(found) == 12


@pytest.mark.parametrize(
    ("title", "why"),
    [
        ("pytest", "the Complete roadmap has `pytest` and `Pytest`"),
        ("FastAPI", "the Complete roadmap has `fastapi` and `FastAPI`"),
        ("Decorators", "the Complete roadmap has it three times"),
        ("Mocking", "the Complete roadmap has it twice, no other roadmap once"),
        ("Docker", "the Complete roadmap's `Docker` is written otherwise everywhere else"),
    ],
)
def test_the_sample_vault_never_guesses(title: str, why: str) -> None:
    keys = {shared_key(m.title) for g in find_shared(sample_vault()).groups for m in g}
    assert shared_key(title) not in keys, why


def test_the_sample_vault_with_a_mapping() -> None:
    same = [["JWT Tokens", "JWT (JSON Web Tokens)", "JWT structure & security"]]
    found = titles(find_shared(sample_vault(), same))
    assert [
        (COMPLETE, "JWT Tokens"),
        (CHECKLIST, "JWT (JSON Web Tokens)"),
        (ROADMAP, "JWT structure & security"),
    ] in found
    assert len(found) == 13


# --- size


def _topic(title: str, line: int, path: str) -> Topic:
    return Topic(
        id=f"{path}:{line}",
        title=title,
        text=title,
        status=Status.DONE if line % 3 == 0 else Status.TODO,
        marker=None,
        line=line,
        column=1,
        source=TopicSource.LIST_ITEM,
        position=Marker(MarkerKind.CHECKBOX, 0, 0, None, ("[ ]", "[/]", "[x]", "[-]")),
    )


def test_a_vault_of_500_roadmaps_and_75000_topics_takes_seconds_at_most() -> None:
    # 150 topics each out of a pool of 400 titles: groups of about 190
    # roadmaps, and every pair of roadmaps shares some topics. Anything
    # quadratic in the topics (75,000² pairs) would take hours.
    rng = random.Random(7)
    pool = [f"Topic number {n}" for n in range(400)]
    roadmaps = []
    for number in range(500):
        path = f"Roadmaps/R{number:03}.md"
        topics = tuple(_topic(t, line, path) for line, t in enumerate(rng.sample(pool, 150), 1))
        roadmaps.append((path, Roadmap(f"R{number}", path, topics)))
    start = time.perf_counter()
    shared = find_shared(roadmaps)
    pairs = overlap(shared, roadmaps, {})
    elapsed = time.perf_counter() - start
    assert len(shared.groups) == 400
    assert sum(map(len, shared.groups)) == 75_000
    assert len(pairs) == 500 * 499
    assert elapsed < 20, elapsed  # about 1.5 s on the 2-core machine
