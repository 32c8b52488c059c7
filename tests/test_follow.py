"""`follow(old, new)`: where each topic id of a roadmap went after an edit, by the rules
sync uses to keep a note with its topic (`identity`); None when gone or unsure."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

import vaultroad
from budget import budget
from vaultroad.identity_follow import follow

PATH = "Roadmaps/Plan.md"
PLAN = "# Plan\n\n## Web\n\n- [x] Authentification\n- [ ] REST APIs\n\n## Data\n\n- [ ] SQL\n"


def ids(tree: vaultroad.Roadmap) -> dict[str, str]:
    """Title → id (the titles of these tests are unique)."""
    found = {topic.title: topic.id for topic in tree.topics()}
    assert len(found) == len(list(tree.topics()))
    return found


def follow_texts(
    old_text: str, new_text: str, old_path: str | None = PATH, new_path: str | None = PATH
) -> tuple[dict[str, str | None], dict[str, str], dict[str, str]]:
    old = vaultroad.parse(old_text, old_path)
    new = vaultroad.parse(new_text, new_path)
    return follow(old, new), ids(old), ids(new)


def test_an_unchanged_roadmap_maps_every_id_to_itself() -> None:
    became, old, _ = follow_texts(PLAN, PLAN)
    assert became == {key: key for key in old.values()}


def test_a_status_change_keeps_every_id() -> None:
    became, old, _ = follow_texts(PLAN, PLAN.replace("- [ ] SQL", "- [x] SQL"))
    assert became == {key: key for key in old.values()}


def test_a_typo_fix_follows_the_topic_to_its_new_id() -> None:
    became, old, new = follow_texts(PLAN, PLAN.replace("Authentification", "Authentication"))
    assert old["Authentification"] != new["Authentication"]  # the id did change
    assert became == {
        old["Authentification"]: new["Authentication"],
        old["REST APIs"]: old["REST APIs"],
        old["SQL"]: old["SQL"],
    }


def test_a_topic_moved_to_another_section_is_followed() -> None:
    moved = "# Plan\n\n## Web\n\n- [x] Authentification\n- [ ] REST APIs\n- [ ] SQL\n\n## Data\n"
    became, old, new = follow_texts(PLAN, moved)
    assert old["SQL"] != new["SQL"]
    assert became[old["SQL"]] == new["SQL"]
    assert became[old["REST APIs"]] == old["REST APIs"]


def test_a_renamed_file_is_the_same_roadmap() -> None:
    became, old, new = follow_texts(PLAN, PLAN, PATH, "Roadmaps/Backend plan.md")
    assert set(old.values()).isdisjoint(new.values())  # every id changed with the file name
    assert became == {old[title]: new[title] for title in old}


def test_a_renamed_file_with_a_retitled_topic_is_followed_too() -> None:
    edited = PLAN.replace("REST APIs", "RESTful APIs")
    became, old, new = follow_texts(PLAN, edited, PATH, "Roadmaps/Backend plan.md")
    assert became[old["REST APIs"]] == new["RESTful APIs"]
    assert became[old["SQL"]] == new["SQL"]


def test_a_deleted_topic_maps_to_none() -> None:
    became, old, _ = follow_texts(PLAN, PLAN.replace("- [ ] SQL\n", ""))
    assert became[old["SQL"]] is None
    assert became[old["REST APIs"]] == old["REST APIs"]
    assert set(became) == set(old.values())  # every old id, and only those


def test_a_topic_replaced_by_an_unrelated_one_maps_to_none() -> None:
    old_text = "# Plan\n\n## Testing\n\n- [ ] Unit testing\n"
    became, old, _ = follow_texts(old_text, old_text.replace("Unit", "Integration"))
    assert became == {old["Unit testing"]: None}


def test_a_topic_that_could_be_either_of_two_equal_texts_maps_to_none() -> None:
    two = (
        "# Plan\n\n## Web\n\n- [x] Authentification\n- [ ] REST APIs\n- [ ] SQL\n\n"
        "## More\n\n- [ ] SQL\n"
    )
    old = vaultroad.parse(PLAN, PATH)
    new = vaultroad.parse(two, PATH)
    sqls = [topic.id for topic in new.topics() if topic.title == "SQL"]
    assert len(sqls) == 2 and ids(old)["SQL"] not in sqls
    became = follow(old, new)
    assert became[ids(old)["SQL"]] is None  # never a guess
    assert became[ids(old)["REST APIs"]] == ids(old)["REST APIs"]


def test_a_retitle_that_two_new_topics_match_equally_maps_to_none() -> None:
    old_text = "# Plan\n\n- [ ] Docker\n- [ ] SQL\n"
    new_text = "# Plan\n\n- [ ] Docker compose\n- [ ] Docker swarm\n- [ ] SQL\n"
    became, old, _ = follow_texts(old_text, new_text)
    assert became == {old["Docker"]: None, old["SQL"]: old["SQL"]}


def test_topics_added_meanwhile_are_not_keys() -> None:
    became, old, new = follow_texts(PLAN, PLAN + "- [ ] NoSQL\n")
    assert set(became) == set(old.values())
    assert new["NoSQL"] not in became.values()


# --- the property: a roadmap followed to itself ------------------------------------------

WORDS = st.text(alphabet=string.ascii_letters, min_size=1, max_size=8)
BOXES = st.sampled_from(["[ ] ", "[x] ", "[/] ", "[-] ", ""])


@st.composite
def checklists(draw: st.DrawFn) -> str:
    """A small roadmap: sections of checklist items (some nested), titles unique."""
    titles = draw(st.lists(WORDS, min_size=1, max_size=12, unique_by=str.casefold))
    cuts = sorted(draw(st.lists(st.integers(0, len(titles)), max_size=3)))
    lines = ["# Plan", ""]
    start = 0
    for number, cut in enumerate([*cuts, len(titles)]):
        if number:
            lines += [f"## Part {draw(WORDS)}", ""]
        nested = False
        for title in titles[start:cut]:
            indent = "  " if nested and draw(st.booleans()) else ""
            lines.append(f"{indent}- {draw(BOXES)}{title}")
            nested = True
        lines.append("")
        start = cut
    return "\n".join(lines)


PATHS = st.sampled_from([None, "Roadmaps/Plan.md", "Roadmaps/Deep/Other plan.md"])


@settings(max_examples=budget(50, 500), deadline=None)
@given(checklists(), PATHS)
def test_following_a_roadmap_to_itself_keeps_every_id(text: str, path: str | None) -> None:
    tree = vaultroad.parse(text, path)
    topic_ids = [topic.id for topic in tree.topics()]
    assert topic_ids  # the generator makes at least one topic
    assert follow(tree, tree) == {key: key for key in topic_ids}
    again = vaultroad.parse(text, path)  # an equal tree from another parse
    assert follow(tree, again) == {key: key for key in topic_ids}


@settings(max_examples=budget(50, 500), deadline=None)
@given(checklists())
def test_following_a_renamed_copy_maps_every_topic_to_its_twin(text: str) -> None:
    old = vaultroad.parse(text, "Roadmaps/Plan.md")
    new = vaultroad.parse(text, "Roadmaps/Renamed plan.md")
    pairs = dict(zip(ids(old).values(), ids(new).values(), strict=True))
    assert follow(old, new) == pairs
