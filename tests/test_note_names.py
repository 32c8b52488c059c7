"""Topics of one roadmap that share a title get notes named by where they are
(`note_names`): `Authentication (FastAPI)`, `Authentication (Django)`; a counter only
for twins no place tells apart; names kept once given."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import frontmatter
import pytest

import vaultroad
from vaultroad.note_names import distinct_titles, place_label

DAY1 = dt.date(2026, 5, 1)
DAY2 = dt.date(2026, 5, 2)
DAY3 = dt.date(2026, 5, 3)

FRAMEWORKS = (
    "# Plan\n\n## FastAPI\n\n- [ ] Authentication\n- [ ] Routing\n\n"
    "## Django\n\n- [ ] Authentication\n- [ ] ORM\n"
)


def make_vault(tmp_path: Path, text: str) -> Path:
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "Roadmaps").mkdir()
    (vault / "Roadmaps" / "Plan.md").write_text(text, encoding="utf-8")
    report = vaultroad.sync(vault, today=DAY1)
    assert report.in_sync, report
    return vault


def note_names(vault: Path) -> list[str]:
    return sorted(p.name for p in (vault / "Topics" / "Plan").glob("*.md"))


def meta(vault: Path, name: str) -> dict[str, object]:
    path = vault / "Topics" / "Plan" / name
    return dict(frontmatter.loads(path.read_text(encoding="utf-8")).metadata)


def ids_by_section(vault: Path, title: str) -> dict[str, str]:
    """The ids of the topics titled `title`, by their innermost section (or parent)."""
    tree = vaultroad.load(vault / "Roadmaps" / "Plan.md")
    found = {}
    for topic in tree.topics():
        if topic.title == title:
            parent = tree.parent_of(topic)
            section = tree.section_of(topic)
            assert section is not None
            place = parent.title if parent is not None else section.title
            found[place] = topic.id
    return found


# --- through sync -----------------------------------------------------------------------


def test_twins_in_two_sections_are_named_by_their_section(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, FRAMEWORKS)

    assert note_names(vault) == [
        "Authentication (Django).md",
        "Authentication (FastAPI).md",
        "ORM.md",
        "Routing.md",
    ]
    ids = ids_by_section(vault, "Authentication")
    for section in ("FastAPI", "Django"):
        data = meta(vault, f"Authentication ({section}).md")
        assert data["topic"] == ids[section]  # each name goes with its own topic
        aliases = data["aliases"]
        assert isinstance(aliases, list) and "Authentication" in aliases
    # `[[Authentication]]` alone would be ambiguous: the unique topics keep their titles
    assert meta(vault, "Routing.md")["aliases"] == ["Routing"]


def test_twins_under_same_named_sections_take_the_outer_section_too(tmp_path: Path) -> None:
    vault = make_vault(
        tmp_path,
        "# Plan\n\n## Web\n\n### Security\n\n- [ ] Authentication\n\n"
        "## Mobile\n\n### Security\n\n- [ ] Authentication\n",
    )
    assert note_names(vault) == [
        "Authentication (Security, Mobile).md",
        "Authentication (Security, Web).md",
    ]


def test_twins_no_place_tells_apart_fall_back_to_a_counter(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, "# Plan\n\n## Web\n\n- [ ] Authentication\n- [ ] Authentication\n")
    names = note_names(vault)
    assert len(names) == 2
    counted = [name for name in names if name.endswith(" 2.md")]
    assert len(counted) == 1
    assert counted[0].removesuffix(" 2.md") + ".md" in names
    for name in names:
        aliases = meta(vault, name)["aliases"]
        assert isinstance(aliases, list) and "Authentication" in aliases


def test_a_subtopic_twin_is_told_apart_by_its_parent_topic(tmp_path: Path) -> None:
    vault = make_vault(
        tmp_path,
        "# Plan\n\n## Web\n\n- [ ] FastAPI\n  - [ ] Testing\n- [ ] Django\n  - [ ] Testing\n",
    )
    assert note_names(vault) == [
        "Django.md",
        "FastAPI.md",
        "Testing (Django).md",
        "Testing (FastAPI).md",
    ]
    ids = ids_by_section(vault, "Testing")
    assert meta(vault, "Testing (FastAPI).md")["topic"] == ids["FastAPI"]
    assert meta(vault, "Testing (Django).md")["topic"] == ids["Django"]


def test_outline_numbers_are_left_out_of_the_name(tmp_path: Path) -> None:
    vault = make_vault(
        tmp_path, "# Plan\n\n## 1.2 Setup\n\n- [ ] Install\n\n## 2. Deploy\n\n- [ ] Install\n"
    )
    assert note_names(vault) == ["Install (Deploy).md", "Install (Setup).md"]


def test_names_are_stable_across_syncs_and_when_a_third_twin_comes(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, FRAMEWORKS)
    first = {name: (vault / "Topics" / "Plan" / name).read_bytes() for name in note_names(vault)}
    assert vaultroad.sync(vault, today=DAY2).changes == ()

    (vault / "Roadmaps" / "Plan.md").write_text(
        FRAMEWORKS + "\n## Flask\n\n- [ ] Authentication\n", encoding="utf-8"
    )
    report = vaultroad.sync(vault, today=DAY2)

    assert report.in_sync, report
    assert [c.path for c in report.changes if c.action == "create"] == [
        "Topics/Plan/Authentication (Flask).md"
    ]
    for name, data in first.items():  # existing notes keep their names (and bytes)
        assert (vault / "Topics" / "Plan" / name).read_bytes() == data
    assert note_names(vault) == sorted([*first, "Authentication (Flask).md"])
    assert vaultroad.sync(vault, today=DAY3).changes == ()


def test_a_note_named_before_its_twin_came_keeps_its_plain_name(tmp_path: Path) -> None:
    text = "# Plan\n\n## FastAPI\n\n- [ ] Authentication\n"
    vault = make_vault(tmp_path, text)
    assert note_names(vault) == ["Authentication.md"]
    fastapi = meta(vault, "Authentication.md")["topic"]

    (vault / "Roadmaps" / "Plan.md").write_text(
        text + "\n## Django\n\n- [ ] Authentication\n", encoding="utf-8"
    )
    report = vaultroad.sync(vault, today=DAY2)

    assert report.in_sync, report
    assert note_names(vault) == ["Authentication (Django).md", "Authentication.md"]
    assert meta(vault, "Authentication.md")["topic"] == fastapi
    assert vaultroad.sync(vault, today=DAY3).changes == ()


# --- the naming function ----------------------------------------------------------------


def test_distinct_titles_uses_the_fewest_places_that_tell_twins_apart() -> None:
    names = distinct_titles(
        [
            ("a", "Authentication", ("FastAPI", "Web", "Plan")),
            ("b", "Authentication", ("Django", "Web", "Plan")),
            ("c", "Routing", ("FastAPI", "Web", "Plan")),
        ]
    )
    assert names == {
        "a": "Authentication (FastAPI)",
        "b": "Authentication (Django)",
        "c": "Routing",  # not a twin: its title as it is
    }


def test_distinct_titles_goes_outward_only_as_far_as_needed() -> None:
    names = distinct_titles(
        [
            ("a", "Auth", ("Security", "Web", "Plan")),
            ("b", "Auth", ("Security", "Mobile", "Plan")),
        ]
    )
    assert names == {"a": "Auth (Security, Web)", "b": "Auth (Security, Mobile)"}


def test_distinct_titles_treats_titles_making_the_same_file_name_as_twins() -> None:
    names = distinct_titles([("a", "Auth", ("Web",)), ("b", "AUTH", ("Mobile",))])
    assert names == {"a": "Auth (Web)", "b": "AUTH (Mobile)"}


def test_distinct_titles_drops_outline_numbers_from_places() -> None:
    names = distinct_titles([("a", "Install", ("1.2 Setup",)), ("b", "Install", ("3. Deploy",))])
    assert names == {"a": "Install (Setup)", "b": "Install (Deploy)"}


@pytest.mark.parametrize(
    ("title", "label"),
    [
        ("1.2 Setup", "Setup"),
        ("3. Deploy", "Deploy"),
        ("10.1.4 Indexes", "Indexes"),
        ("  Setup  ", "Setup"),
        ("2024", "2024"),  # nothing left without it: kept
    ],
)
def test_place_label(title: str, label: str) -> None:
    assert place_label(title) == label


@pytest.mark.parametrize("title", ["Python 3.12 features", "Top 10 tools", "Django 4 basics"])
def test_place_label_keeps_a_number_inside_the_title(title: str) -> None:
    assert place_label(title) == title


def test_sections_told_apart_only_by_a_version_number_name_their_twins(tmp_path: Path) -> None:
    vault = make_vault(
        tmp_path,
        "# Plan\n\n## Python 3.11 features\n\n- [ ] Install\n\n"
        "## Python 3.12 features\n\n- [ ] Install\n",
    )
    assert note_names(vault) == [
        "Install (Python 3.11 features).md",
        "Install (Python 3.12 features).md",
    ]
