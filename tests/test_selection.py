"""Topic selection: what a learner would tick off, and what is structure, resource or prose.

Small documents, written for these tests, pin each rule of `vaultroad.selection`
and each bug of the issue "Read real roadmaps as a learner would".
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vaultroad
from vaultroad import Status, selection
from vaultroad.model import Link, MarkerKind, Roadmap
from vaultroad.rules import check_text
from vaultroad.selection import is_group
from vaultroad.summary import RoadmapSummary, render_summary


def titles(text: str) -> list[str]:
    return [topic.title for topic in vaultroad.parse(text, "plan.md").topics()]


def tree(text: str) -> Roadmap:
    return vaultroad.parse(text, "plan.md")


# --- rule 1: topic selection in checkbox documents ------------------------------------------

STUDY_PLAN = """\
# Study plan

Translations:

- [Bahasa Indonesia](translations/README-id.md)
- [Español](translations/README-es.md)

## Table of contents

- [Data structures](#data-structures)
- [Algorithms](#algorithms)

## Data structures

Watch these videos:

- [Linked lists (video)](https://example.org/ll)
- [Arrays (video)](https://example.org/arrays)

- [ ] Implement a linked list
    - Note: do it in C first
- [x] Implement a dynamic array

## Algorithms

- [ ] Binary search
"""


def test_a_study_plan_counts_its_boxes_not_its_toc_translations_videos_or_notes() -> None:
    assert titles(STUDY_PLAN) == [
        "Implement a linked list",
        "Implement a dynamic array",
        "Binary search",
    ]


def test_link_lists_become_resources_of_their_section() -> None:
    sections = {s.title: s for s in tree(STUDY_PLAN).walk_sections()}
    assert sections["Data structures"].links == (
        Link("Linked lists (video)", "https://example.org/ll"),
        Link("Arrays (video)", "https://example.org/arrays"),
    )
    assert [link.text for link in sections["Study plan"].links] == ["Bahasa Indonesia", "Español"]


FRONT_END = """\
# Checklist

## Legend

- **Low** means the item can be omitted.
- 📖: documentation or article

## Head

- [ ] **Doctype:** The Doctype is HTML5.
- 📖 [Determining the character encoding - HTML5 W3C](https://example.org/charset)
- [ ] **Goals:** Performance goals are met.
  - First Meaningful Paint under 1 second
  - Time To Interactive under 5 seconds
- [⬆ back to top](#checklist)
"""


def test_a_checklist_with_legend_resource_bullets_and_details_gives_its_boxes() -> None:
    assert titles(FRONT_END) == ["Doctype", "Goals"]


def test_resource_bullets_after_an_item_stay_links_of_the_section() -> None:
    head = next(s for s in tree(FRONT_END).walk_sections() if s.title == "Head")
    assert [link.url for link in head.links] == ["https://example.org/charset", "#checklist"]


def test_an_unboxed_plain_list_is_still_all_topics() -> None:
    assert titles("# Plan\n\n- Variables\n- Loops\n  - for\n  - while\n") == [
        "Variables",
        "Loops",
        "for",
        "while",
    ]


# --- roadmap.sh resources -------------------------------------------------------------------

ROADMAP_SH = """\
# Caching

Caching keeps a copy of a response close to whoever asks for it.

Visit the following resources to learn more:

- [@article@What is caching?](https://example.org/caching)
- [@video@Caching in five minutes](https://example.org/video)
- [@official@HTTP caching](https://example.org/http)
"""


def test_roadmap_sh_links_are_resources_with_their_kind_never_topics() -> None:
    roadmap = tree(ROADMAP_SH)
    assert not any(topic.title.startswith("@") for topic in roadmap.topics())
    (section,) = roadmap.sections
    assert section.links == (
        Link("What is caching?", "https://example.org/caching", "article"),
        Link("Caching in five minutes", "https://example.org/video", "video"),
        Link("HTTP caching", "https://example.org/http", "official"),
    )


def test_a_resource_nested_under_a_topic_is_that_topics_link() -> None:
    text = "# Plan\n\n- [ ] HTTP\n  - [@course@HTTP basics](https://example.org/c)\n"
    (topic,) = tree(text).topics()
    assert topic.title == "HTTP"
    assert topic.links == (Link("HTTP basics", "https://example.org/c", "course"),)


def test_a_checkbox_item_whose_text_is_a_link_is_still_a_topic() -> None:
    text = "- [ ] [Easy-Isogram](https://example.org/isogram)\n- [x] [[Write first blog]]\n"
    assert titles(text) == ["Easy-Isogram", "Write first blog"]


def test_a_labelled_link_item_is_a_topic_not_a_resource() -> None:
    text = "* `B` [Linked List](src/linked-list)\n* `A` [Trie](src/trie) - prefix tree\n"
    assert len(titles(text)) == 2


def test_a_reading_list_of_links_and_few_notes_has_no_list_topics() -> None:
    links = "".join(f"- [Tool {n}](https://example.org/{n}) - does {n}\n" for n in range(10))
    text = f"# Guide\n\n## Tips\n\n{links}- Keep it simple\n\n### Bundling\n\n### Caching\n"
    assert titles(text) == ["Bundling", "Caching"]


# --- groups: label bullets over checkbox items ----------------------------------------------

LABELS = """\
# Week 1

- C
  - [x] Easy-Armstrong Numbers
  - [x] Easy-Isogram
- LeetCode
  - [x] 704. Binary search
  - [ ] 278. First bad version
- Reading
  - [ ] SICP 1.1
- Skipped
  - [-] Old exercise
  - [x] New exercise
"""


@pytest.mark.parametrize(
    ("label", "status"),
    [
        ("C", Status.DONE),
        ("LeetCode", Status.DOING),
        ("Reading", Status.TODO),
        ("Skipped", Status.DONE),
    ],
)
def test_a_label_takes_its_status_from_its_children(label: str, status: Status) -> None:
    topic = next(t for t in tree(LABELS).topics() if t.title == label)
    assert is_group(topic)
    assert topic.marker is None
    assert topic.status is status


def test_a_doing_child_makes_its_group_doing() -> None:
    (group, _) = tree("- Week\n  - [/] Started\n").topics()
    assert group.status is Status.DOING


def test_group_status_is_derived_through_nested_labels() -> None:
    text = "- Year\n  - Term\n    - [x] a\n    - [x] b\n  - [ ] c\n"
    year, term, *_ = tree(text).topics()
    assert (term.status, year.status) == (Status.DONE, Status.DOING)


def test_check_does_not_call_a_finished_label_unfinished() -> None:
    problems, _ = check_text(LABELS, "week.md")
    assert not [p for p in problems if p.code in ("VR201", "VR202")]


def test_a_boxed_parent_is_still_checked_against_its_children() -> None:
    problems, _ = check_text("- [ ] Parent\n  - [x] a\n  - [x] b\n", "plan.md")
    assert [p.code for p in problems] == ["VR202"]


def test_ticking_a_child_moves_its_group_and_nothing_else() -> None:
    roadmap = tree(LABELS)
    child = next(t for t in roadmap.topics() if t.title == "278. First bad version")
    new = vaultroad.set_statuses(LABELS, {child.id: Status.DONE}, "plan.md")
    assert new == LABELS.replace("- [ ] 278.", "- [x] 278.")
    group = next(t for t in tree(new).topics() if t.title == "LeetCode")
    assert group.status is Status.DONE


def test_setting_a_labels_own_status_gives_it_a_box_of_its_own() -> None:
    """Decision: a label's status is derived until a learner sets it; then it gets a box.

    Refusing would break sync (a note's status edit could never reach the roadmap)
    and writing nothing would silently drop it. Setting the status it already has
    writes nothing. Undo with the baseline restores the bytes exactly.
    """
    roadmap = tree(LABELS)
    reading = next(t for t in roadmap.topics() if t.title == "Reading")
    assert vaultroad.set_statuses(LABELS, {reading.id: Status.TODO}, "plan.md") == LABELS
    new = vaultroad.set_statuses(LABELS, {reading.id: Status.DONE}, "plan.md")
    assert new == LABELS.replace("- Reading", "- [x] Reading")
    after = next(t for t in tree(new).topics() if t.id == reading.id)
    assert (after.status, after.marker, is_group(after)) == (Status.DONE, "[x]", False)
    back = vaultroad.set_statuses(new, {reading.id: Status.TODO}, "plan.md", baseline=LABELS)
    assert back == LABELS


# --- round trip: a box-less document stays box-less ------------------------------------------


def test_in_a_box_less_document_a_plain_item_is_written_with_a_glyph() -> None:
    text = "# Ruta\n\n- Python\n- Django\n- [[SQL]]\n"
    roadmap = tree(text)
    assert {t.position.kind for t in roadmap.topics()} == {MarkerKind.GLYPH}
    python = next(roadmap.topics())
    new = vaultroad.set_statuses(text, {python.id: Status.DONE}, "plan.md")
    assert new == "# Ruta\n\n- ✅ Python\n- Django\n- [[SQL]]\n"
    assert titles(new) == titles(text)
    assert vaultroad.set_statuses(new, {python.id: Status.TODO}, "plan.md") == text


# --- rule 6: documents without list topics ---------------------------------------------------

DAY_LOG = """\
# 100 days of ML

Some intro with a [dataset](https://example.org/data).

## Data PreProcessing | Day 1

Check out the code from [here](https://example.org/day1).

## Simple Linear Regression | Day 2

Worked on it.

## Logistic Regression | Day 3
"""


def test_a_day_log_falls_back_to_its_leaf_headings() -> None:
    roadmap = tree(DAY_LOG)
    assert titles(DAY_LOG) == [
        "Data PreProcessing | Day 1",
        "Simple Linear Regression | Day 2",
        "Logistic Regression | Day 3",
    ]
    day1 = next(roadmap.topics())
    assert day1.line == 5 and day1.status is Status.TODO
    assert day1.estimate is None


def test_a_heading_topic_round_trips_with_a_glyph() -> None:
    day1 = next(tree(DAY_LOG).topics())
    new = vaultroad.set_statuses(DAY_LOG, {day1.id: Status.DONE}, "plan.md")
    assert "## ✅ Data PreProcessing | Day 1\n" in new
    again = next(tree(new).topics())
    assert (again.id, again.title, again.status) == (day1.id, day1.title, Status.DONE)
    assert vaultroad.set_statuses(new, {day1.id: Status.TODO}, "plan.md") == DAY_LOG


def test_deep_leaf_headings_win_over_an_introduction_and_a_licence() -> None:
    text = (
        "# Checklist\n\n## Introduction\n\nText.\n\n## Network\n\n### Bundling\n\n"
        "### Caching\n\n## Runtime\n\n### Web Workers\n\n# License\n\nMIT\n"
    )
    assert titles(text) == ["Bundling", "Caching", "Web Workers"]


PASTED_PAGE = """\
# Backend con Django

## Algunos de sus componentes principales son:

    El Administrador: Es autogenerado y se personaliza de forma sencilla.
    ORM: Facilita la conexión con la base de datos.

Prosa de la página.

    Django Rest Framework: una librería para construir APIs.
    Celery: tareas asíncronas.
"""


def test_a_pasted_web_page_gives_the_names_of_its_name_description_lines() -> None:
    assert titles(PASTED_PAGE) == ["El Administrador", "ORM", "Django Rest Framework", "Celery"]
    orm = list(tree(PASTED_PAGE).topics())[1]
    assert orm.description == "Facilita la conexión con la base de datos."


def test_the_sample_vaults_mojibake_article_has_topics_as_read() -> None:
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "vault/Roadmaps"
    roadmap = vaultroad.load(path / "Desarrollo Backend con Python y Django.md")
    assert len(list(roadmap.topics())) == 4


def test_no_topics_is_reported_and_summarised_as_such() -> None:
    text = "# Notes\n\nOnly prose here.\n"
    problems, _ = check_text(text, "notes.md")
    assert [p.code for p in problems] == ["VR404"]
    block = render_summary([RoadmapSummary(tree(text), "Roadmaps/Notes", {})], [])
    assert "no topics found" in block
    assert "0 / 0" not in block and "0%" not in block


def test_an_empty_checkbox_item_is_reported() -> None:
    problems, _ = check_text("- [ ] a\n- [ ] \n", "plan.md")
    assert [(p.code, p.line) for p in problems] == [("VR104", 2)]
    assert titles("- [ ] a\n- [ ] \n") == ["a"]


def test_bullets_beside_a_course_table_are_prose() -> None:
    text = (
        "# Curriculum\n\n## Summary\n\n- Be open for enrollment\n- Take a quiz\n\n"
        "## Core\n\n| Courses | Duration |\n|---|---|\n| Programming Languages | 10 weeks |\n"
    )
    assert titles(text) == ["Programming Languages"]


ALGORITHMS = """\
# Algorithms

> - Help this cause via:
>   - [Foundation one](https://example.org/1)
>   - [Foundation two](https://example.org/2)

## By paradigm

* **Brute Force** - look at all the possibilities
  * `B` [Linear Search](src/linear-search)
  * `A` [Knapsack](src/knapsack)
* **Greedy** - choose the best option now
  * `B` [Jump Game](src/jump-game)
* **Branch & Bound** - remember the lowest-cost solution found so far
"""


def test_bold_entries_over_items_are_outline_sections_in_a_box_less_document() -> None:
    roadmap = tree(ALGORITHMS)
    assert titles(ALGORITHMS) == ["Linear Search", "Knapsack", "Jump Game"]
    outline = [s for s in roadmap.walk_sections() if s.kind.value == "outline"]
    assert [s.title for s in outline] == ["Brute Force", "Greedy", "Branch & Bound"]
    assert not outline[-1].children


def test_a_lead_in_over_links_is_not_a_topic() -> None:
    (title_section,) = tree(ALGORITHMS).sections
    assert [link.text for link in title_section.links] == ["Foundation one", "Foundation two"]


def test_a_resource_kind_inside_an_item_is_not_part_of_its_title() -> None:
    # roadmap.sh's `[@video@…]` mid-item: the kind belongs to the link.
    roadmap = vaultroad.parse("# Go\n\n- Practice with [@video@a crash course](https://e.org/v)\n")
    assert [t.title for t in roadmap.topics()] == ["Practice with a crash course"]


def test_the_name_fallback_passes_over_pasted_code() -> None:
    # Indented code of a snippet page is not a list of components to learn.
    text = (
        "# $_GET\n\nReads form data.\n\n"
        '    echo "Name is: " . $_GET["fname"];\n'
        "    let p1: Point = origin;\n    Name: <input>\n    x: 1\n"
    )
    assert list(vaultroad.parse(text).topics()) == []
    pasted = "# Django\n\n    El Administrador: Es autogenerado.\n    ORM: Consultas.\n"
    assert [t.title for t in vaultroad.parse(pasted).topics()] == ["El Administrador", "ORM"]


def test_a_resource_line_with_a_typo_is_still_a_resource() -> None:
    # `](](` in roadmap.sh's source: markdown-it reads no link, a learner still does.
    roadmap = vaultroad.parse(
        "# DNS\n\n- [@article@What is DNS?](https://e.org/dns)\n"
        "- [@video@How DNS works](](https://e.org/video)\n"
    )
    assert list(roadmap.topics()) == []
    (section,) = roadmap.walk_sections()
    assert [(link.text, link.url, link.kind) for link in section.links] == [
        ("What is DNS?", "https://e.org/dns", "article"),
        ("How DNS works", "https://e.org/video", "video"),
    ]


def test_lead_in_headings_are_not_leaf_topics() -> None:
    roadmap = vaultroad.parse(
        "# Log\n\n## Day 1\n\ntext\n\n## Example\n\n```py\nx\n```\n\n"
        "## Visit the following resources to learn more:\n\n- [@article@A](https://e.org)\n"
        "\n## Day 2\n\nmore\n"
    )
    assert [t.title for t in roadmap.topics()] == ["Day 1", "Day 2"]


def test_resources_before_any_section_are_the_roadmaps_own() -> None:
    roadmap = vaultroad.parse(
        "Resource Modeling\n\nWhat a resource is.\n\n- [@article@Modeling guide](https://e.org/a)\n"
    )
    assert list(roadmap.topics()) == []
    assert [(link.text, link.kind) for link in roadmap.links] == [("Modeling guide", "article")]


def test_a_pointer_to_links_is_a_resource_not_a_topic() -> None:
    roadmap = vaultroad.parse(
        "# Plan\n\n- Trees\n- More info on [a](https://e.org/a) and [b](https://e.org/b)\n"
        "- [Lists](https://e.org/l), [tuples](https://e.org/t) and dicts\n"
    )
    assert [t.title for t in roadmap.topics()] == ["Trees", "Lists, tuples and dicts"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["-", "–", "—", ":", "|", "(", "by", " ", ".", ")", "x", "―"])))
def test_the_resource_tail_pattern_matches_what_it_matched(pieces: list[str]) -> None:
    # `[-:|]|[–—]` replaced `[-–—:|]`, which sre compiled as a 64K-entry table.
    text = "".join(pieces)
    former = re.compile(r"[\s.,;:!)*_]*$|\s*(?:[-–—:|]|\(|by\b)")
    got, old = selection._RESOURCE_TAIL_RE.match(text), former.match(text)
    assert (got and got.span()) == (old and old.span())


def test_a_pointer_opens_with_one_of_the_pointer_initials() -> None:
    # is_resource looks at the first letter before compiling _POINTER_RE.
    initial = re.compile(r"[msrlfc]", re.IGNORECASE)
    for code in range(0x110000):
        char = chr(code)
        assert (initial.match(char) is not None) is (char.lower() in selection._POINTER_INITIALS), (
            hex(code)
        )
    for text in ("[a](b)", "[a](b) ", "x"):
        assert selection._RESOURCE_TAIL_RE.match(text, len(text)) is not None
