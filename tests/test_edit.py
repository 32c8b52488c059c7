"""`set_statuses`: the form each place writes, errors, and stable ids."""

from __future__ import annotations

import pytest

import vaultroad
from vaultroad.edit import verify


def ids(text: str) -> dict[str, str]:
    return {t.title: t.id for t in vaultroad.parse(text, "plan.md").topics()}


def change(text: str, title: str, status: str, baseline: str | None = None) -> str:
    return vaultroad.set_statuses(text, {ids(text)[title]: status}, "plan.md", baseline=baseline)


@pytest.mark.parametrize(
    ("before", "status", "after"),
    [
        ("- [ ] a\n- [ ✓ ] b\n", "done", "- [ ✓ ] a\n- [ ✓ ] b\n"),
        ("- [ ✓ ] a\n- [ ] b\n", "todo", "- [ ] a\n- [ ] b\n"),
        ("- [x] a\n- [ ] b\n", "doing", "- [/] a\n- [ ] b\n"),
        ("- [>] a\n", "skipped", "- [-] a\n"),
        ("- [X] a\n- [X] b\n", "todo", "- [ ] a\n- [X] b\n"),
        # A box-less list gets a glyph, never a box: the first box would make
        # the document a checklist and its other plain items prose.
        ("- a\n", "done", "- ✅ a\n"),
        ("- ✅ a\n", "todo", "- a\n"),
        ("- ✅ a\n", "doing", "- 🚧 a\n"),
        ("> - [ ] a\r\n", "done", "> - [x] a\r\n"),
        ("```\n☐ a\n☑ b\n```\n", "done", "```\n☑ a\n☑ b\n```\n"),
        ("```\n□ a\n■ b\n```\n", "done", "```\n■ a\n■ b\n```\n"),
        ("```\n□ a\n```\n", "doing", "```\n🚧 a\n```\n"),
        (
            "| Topic | Time |\n|---|---|\n| a | 1 day |\n",
            "done",
            "| Topic | Time |\n|---|---|\n| ✅ a | 1 day |\n",
        ),
        ("| Topic |\n|---|\n| ✅ a |\n", "todo", "| Topic |\n|---|\n| a |\n"),
        ("1. **X**\n\n   1.1. **a**  \n", "skipped", "1. **X**\n\n   1.1. ⏭️ **a**  \n"),
        ("1.1. **Y**  \n&nbsp;&nbsp;- a  \n", "done", "1.1. **Y**  \n&nbsp;&nbsp;- ✅ a  \n"),
    ],
)
def test_each_place_writes_in_its_own_style(before: str, status: str, after: str) -> None:
    assert change(before, "a", status) == after


def test_first_item_of_list_in_the_files_done_style_is_kept_when_unchanged() -> None:
    text = "- [x] a\n- [ ] b\n"
    assert change(text, "a", "done") == text


def test_baseline_removes_an_inserted_checkbox_on_todo() -> None:
    # A label over checkbox items (its status derived from them) gets a box
    # of its own when set to another status; the baseline takes it away again.
    original = "- a\n  - [ ] b\n"
    done = change(original, "a", "done")
    assert done == "- [x] a\n  - [ ] b\n"
    assert change(done, "a", "todo") == "- [ ] a\n  - [ ] b\n"
    assert change(done, "a", "todo", baseline=original) == original


def test_unknown_id_and_status_are_errors_naming_the_file() -> None:
    with pytest.raises(vaultroad.UnknownTopicError, match=r"plan\.md: no topic with id 'nope'"):
        vaultroad.set_statuses("- [ ] a\n", {"nope": "done"}, "plan.md")
    topic_id = ids("- [ ] a\n")["a"]
    with pytest.raises(vaultroad.VaultroadError, match="unknown status 'finished'"):
        vaultroad.set_statuses("- [ ] a\n", {topic_id: "finished"}, "plan.md")


def test_verify_refuses_a_tree_that_changed_beyond_the_statuses() -> None:
    before = vaultroad.parse("- [ ] a\n- [ ] b\n", "plan.md")
    after = vaultroad.parse("- [ ] a\n- [ ] c\n", "plan.md")
    with pytest.raises(vaultroad.UnsafeEditError, match=r"plan\.md:2"):
        verify(before, after, {})
    moved = vaultroad.parse("- [x] a\n- [ ] b\n", "plan.md")
    with pytest.raises(vaultroad.UnsafeEditError, match="would read as done, not todo"):
        verify(before, moved, {})


def test_ids_survive_unrelated_lines_and_status_changes() -> None:
    text = "# Plan\n\n## Basics\n\n- [ ] a\n- [ ] b\n\n## More\n\n- [ ] a\n"
    edited = "# Plan\n\nintro\n\n## Basics\n\n- [ ] new\n- [x] a\n\n- [ ] b\n\n## More\n\n- [ ] a\n"
    old = [(t.title, t.id) for t in vaultroad.parse(text, "plan.md").topics()]
    new = {(t.title, t.id) for t in vaultroad.parse(edited, "plan.md").topics()}
    assert set(old) <= new
    # same title in another section, or in another roadmap: another id
    assert old[0][1] != old[2][1]
    other = [t.id for t in vaultroad.parse(text, "other.md").topics()]
    assert not set(other) & {i for _, i in old}


def test_duplicate_items_in_one_section_get_numbered_ids() -> None:
    topics = list(vaultroad.parse("- [ ] a\n- [ ] a\n- [ ] a\n", "plan.md").topics())
    base = topics[0].id
    assert [t.id for t in topics] == [base, f"{base}-2", f"{base}-3"]


@pytest.mark.parametrize(
    ("original", "via"),
    [
        # the only `[X]` unticked: the file no longer shows its done form
        ("- [X] a\n- [ ] b\n", "todo"),
        ("- [ ✓ ] a\n", "todo"),
        # a box kept as written among another done style comes back as written
        ("- [X] a\n- [x] b\n- [x] c\n", "todo"),
        ("- [>] a\n", "done"),
        # the fence's family is gone once its only box became a status glyph
        ("```\n■ a\n```\n", "doing"),
        ("```\n☐ x\n■ a\n```\n", "skipped"),
        ("```\n■ a\n✅ b\n```\n", "todo"),
    ],
)
def test_going_back_to_the_baseline_status_restores_the_baseline_bytes(
    original: str, via: str
) -> None:
    changed = change(original, "a", via)
    assert changed != original
    old_status = {t.title: t.status.value for t in vaultroad.parse(original).topics()}["a"]
    assert change(changed, "a", old_status, baseline=original) == original


def test_a_fence_stays_a_checklist_when_its_only_box_becomes_a_status_glyph() -> None:
    text = "```\n1\n☐ a\n```\n"
    doing = change(text, "a", "doing")
    assert doing == "```\n1\n🚧 a\n```\n"
    assert change(doing, "a", "todo", baseline=text) == text


@pytest.mark.parametrize(
    "original",
    [
        # a glyph and the tab after it: the undo used to write a space instead
        "| Topic |\n|---|\n| ✅\ta |\n",
        "1.1. **Y**  \n&nbsp;&nbsp;- ✅\ta  \n",
        "1. **X**\n\n   1.1. 🚧\t**a**  \n",
        "- ☑\ta\n",
        "- ⏭️\ta\r\n",
        "\ufeff> - ✅\ta",
        # several spaces, or a space and a tab: the marker went back after them
        "| Topic |\n|---|\n| ✅  a |\r\n",
        "| Topic | Time |\n|---|---|\n|\t⏭ \t a\t| 1 day |",
        "1.1. **Y**  \n&nbsp;&nbsp;- ✅  a  \n",
        "1. **X**\n\n   1.1. ✅  **a**  \n",
        "- ✅  a\n",
        "1. ✅  **a**\n",
        # the title on the next line, after a checkbox ending its line
        "- [x]\n  a\n",
        # a glyph followed by a no-break space is text, not a marker
        "| Topic |\n|---|\n| ✅\u00a0a |\n",
        # fence glyphs are replaced, never removed: the gap stays as it is
        "```\n☑\ta\n```\n",
        "```\n■  a\r\n```",
    ],
)
def test_an_edit_and_its_undo_with_baseline_give_back_the_original_bytes(original: str) -> None:
    (topic,) = vaultroad.parse(original).topics()
    old = topic.status.value

    def to(text: str, status: str, baseline: str | None = None) -> str:
        return vaultroad.set_statuses(text, {topic.id: status}, baseline=baseline)

    for via in ("todo", "doing", "done", "skipped"):
        if via == old:
            continue
        changed = to(original, via)
        assert changed != original
        assert to(changed, old, baseline=original) == original, f"via {via}"
        # two steps away (todo removes a glyph, the next status inserts a fresh one)
        for other in ("todo", "doing", "done", "skipped"):
            if other not in (via, old):
                back = to(to(changed, other), old, baseline=original)
                assert back == original, f"via {via} and {other}"


def test_a_removed_glyph_takes_its_whole_gap_in_a_list_item() -> None:
    # One space less would move the item's text right and unnest `b`.
    original = "- ✅  a\n  - b\n"
    assert change(original, "a", "todo") == "- a\n  - b\n"
    assert change(original, "a", "todo", baseline=original) == "- a\n  - b\n"
    # Elsewhere only the one space or tab that separated marker and title goes.
    assert change("| Topic |\n|---|\n| ✅ \ta |\n", "a", "todo") == "| Topic |\n|---|\n| \ta |\n"


def test_a_status_already_set_is_not_rewritten_to_the_baselines_spacing() -> None:
    original = "| Topic |\n|---|\n| ✅\ta |\n"
    respaced = "| Topic |\n|---|\n| ✅ a |\n"
    assert change(respaced, "a", "done", baseline=original) == respaced


def test_an_edit_that_would_turn_a_topic_into_a_heading_is_refused_by_name() -> None:
    # In a list without checkboxes, `- ✅ **Basics**` over sub-items is a done
    # topic; without its ✅ (todo) the bold item over sub-items reads as a
    # section heading. The refusal says so, naming the topic and its line.
    text = "- ✅ **Basics** — intro\n  - Variables\n  - Loops\n- Other\n"
    basics = next(t for t in vaultroad.parse(text, "plan.md").topics() if t.title == "Basics")
    with pytest.raises(vaultroad.UnsafeEditError, match=r"plan\.md:1") as raised:
        vaultroad.set_statuses(text, {basics.id: "todo"}, path="plan.md")
    assert "turn topic 'Basics' into a section heading" in str(raised.value)
    variables = next(t for t in vaultroad.parse(text).topics() if t.title == "Variables")
    assert "✅ Variables" in vaultroad.set_statuses(text, {variables.id: "done"})
