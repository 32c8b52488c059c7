"""Obsidian Tasks done dates (`[tasks] done_dates = true`): what a tick and an untick
write, checked against the plugin's documentation, and how sync and `mark` use them.

The expected lines come from the Tasks documentation (tests/corpus/obsidian-tasks-docs):
"Dates" (`- [x] take out the trash ✅ 2021-04-09`), "Recurring Tasks" (a done
recurring task: `… ⏳ 2021-02-06 ✅ 2022-02-13`), "Tasks Emoji Format" and the
full sample of "Task Properties" (the done date last among the fields, before
nothing but the block id: `… 📅 2023-07-04 ❌ 2023-07-06 ✅ 2023-07-05 ^dcf64c`),
"Getting Started" (fields, then tags and block links at the end) and "Toggling
and Editing Statuses" (a task that stays done keeps its done date).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import vaultroad
from budget import budget
from vaultroad.cli import main
from vaultroad.config import CONFIG_NAME, ConfigError, load_config
from vaultroad.note_front import read_front_matter
from vaultroad.titles import read_tasks

DAY = dt.date(2021, 4, 9)
LATER = dt.date(2022, 2, 13)


def only_topic(text: str) -> vaultroad.Topic:
    topics = list(vaultroad.parse(text, "r.md").topics())
    assert len(topics) == 1, topics
    return topics[0]


def set_one(text: str, status: str, date: dt.date | None = DAY, **options: object) -> str:
    topic = only_topic(text)
    return vaultroad.set_statuses(
        text,
        {topic.id: status},
        "r.md",
        done_dates=date,
        **options,  # type: ignore[arg-type]
    )


# --- the format, line by line ---------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "date", "ticked"),
    [
        # "Dates": the done date's own example.
        ("- [ ] take out the trash", DAY, "- [x] take out the trash ✅ 2021-04-09"),
        # After a due date, as the plugin orders fields (done last).
        (
            "- [ ] #task Has a due date 📅 2023-04-16",
            dt.date(2023, 4, 17),
            "- [x] #task Has a due date 📅 2023-04-16 ✅ 2023-04-17",
        ),
        # "Recurring Tasks": the completed instance of a recurring task.
        (
            "- [ ] sweep the floors 🔁 every week when done ⏳ 2021-02-06",
            LATER,
            "- [x] sweep the floors 🔁 every week when done ⏳ 2021-02-06 ✅ 2022-02-13",
        ),
        # "Getting Started": a block link ends the line, after every field.
        (
            "-   [ ] Task with block link _works_ 📅 2021-04-09 ^e5bebf",
            DAY,
            "-   [x] Task with block link _works_ 📅 2021-04-09 ✅ 2021-04-09 ^e5bebf",
        ),
        # Tags after the fields are read by the plugin too: the date goes after them.
        (
            "-   [ ] Task with date placed before tag _date will be recognized_ 📅 2021-04-09 #tag",
            DAY,
            "-   [x] Task with date placed before tag _date will be recognized_ 📅 2021-04-09"
            " #tag ✅ 2021-04-09",
        ),
        # A task of priority and dependencies, and one in a nested list.
        (
            "- [ ] #task do this first 🆔 dcf64c",
            DAY,
            "- [x] #task do this first 🆔 dcf64c ✅ 2021-04-09",
        ),
        ("  - [ ] High priority ⏫", DAY, "  - [x] High priority ⏫ ✅ 2021-04-09"),
    ],
)
def test_a_tick_writes_the_done_date_as_the_tasks_plugin_does(
    line: str, date: dt.date, ticked: str
) -> None:
    topic = only_topic(f"# Roadmap\n\n{line}\n")
    new = set_one(f"# Roadmap\n\n{line}\n", "done", date)
    assert new == f"# Roadmap\n\n{ticked}\n"
    again = only_topic(new)
    assert again.tasks is not None and again.tasks.done == date.isoformat()
    assert again.title == topic.title and again.id == topic.id


def test_the_full_sample_task_keeps_every_field_in_place() -> None:
    # "Task Properties": `task.originalMarkdown` of the sample with every field.
    fields = (
        "#todo #health 🆔 abcdef ⛔ 123456,abc123 🔼 🔁 every day when done 🏁 delete"
        " ➕ 2023-07-01 🛫 2023-07-02 ⏳ 2023-07-03 📅 2023-07-04 ❌ 2023-07-06"
    )
    done = f"# R\n\n  - [x] Do exercises {fields} ✅ 2023-07-05 ^dcf64c\n"
    todo = f"# R\n\n  - [ ] Do exercises {fields} ^dcf64c\n"
    assert set_one(done, "todo") == todo
    assert set_one(todo, "done", dt.date(2023, 7, 5)) == done
    read = only_topic(done).tasks
    assert read is not None
    assert (read.done, read.due, read.cancelled, read.id) == (
        "2023-07-05",
        "2023-07-04",
        "2023-07-06",
        "abcdef",
    )


def test_an_untick_removes_a_date_the_plugin_wrote() -> None:
    assert set_one("# R\n\n- [x] take out the trash ✅ 2021-04-09\n", "todo") == (
        "# R\n\n- [ ] take out the trash\n"
    )
    # Written by hand: glued to its date, or with more blanks; the blanks go too.
    assert set_one("# R\n\n- [X] a ✅2021-04-09 #t\n", "todo") == "# R\n\n- [ ] a #t\n"
    assert set_one("# R\n\n- [x] a  ✅  2021-04-09  \n", "todo") == "# R\n\n- [ ] a  \n"


@pytest.mark.parametrize("status", ["doing", "skipped"])
def test_any_status_but_done_loses_the_done_date_and_gets_no_cancelled_date(status: str) -> None:
    mark = {"doing": "/", "skipped": "-"}[status]
    new = set_one("# R\n\n- [x] Docker 📅 2021-04-01 ✅ 2021-04-09\n", status)
    assert new == f"# R\n\n- [{mark}] Docker 📅 2021-04-01\n"


def test_a_task_that_stays_done_keeps_its_date() -> None:
    # "Toggling and Editing Statuses": changing from one DONE status to another
    # retains any original Done date; vaultroad leaves a done line as it is.
    text = "# R\n\n- [x] Docker ✅ 2020-01-01\n- [X] Redis\n"
    topics = list(vaultroad.parse(text, "r.md").topics())
    changes = {t.id: vaultroad.Status.DONE for t in topics}
    assert vaultroad.set_statuses(text, changes, "r.md", done_dates=DAY) == text


def test_a_stale_date_on_a_task_ticked_again_becomes_the_new_date() -> None:
    # The plugin gives a task that becomes done today's date, whatever it had.
    assert set_one("# R\n\n- [ ] a ✅ 2020-01-01 ^x\n", "done") == (
        "# R\n\n- [x] a ✅ 2021-04-09 ^x\n"
    )


def test_a_cancelled_task_ticked_keeps_its_cancelled_date() -> None:
    assert set_one("# R\n\n- [-] a ❌ 2020-01-01\n", "done") == (
        "# R\n\n- [x] a ❌ 2020-01-01 ✅ 2021-04-09\n"
    )


def test_line_breaks_bom_and_the_files_done_form_are_kept() -> None:
    text = "\ufeff# R\r\n\r\n* [X] a\r\n* [ ] b 📅 2021-04-10\r\n"
    topic = list(vaultroad.parse(text, "r.md").topics())[1]
    new = vaultroad.set_statuses(text, {topic.id: "done"}, "r.md", done_dates=DAY)
    assert new == "\ufeff# R\r\n\r\n* [X] a\r\n* [X] b 📅 2021-04-10 ✅ 2021-04-09\r\n"


@pytest.mark.parametrize(
    "text",
    [
        # An item that goes on below its first line: the plugin reads fields on
        # the first line, vaultroad at the end of the item; no date for either.
        "# R\n\n- [ ] Docker\n  and its compose files\n",
        # Places with no Tasks fields: a list without boxes (it takes a leading
        # `✅ `), a table's Status cell.
        "# R\n\n- Docker\n- Redis\n",
        "# R\n\n| Topic | Status |\n|---|---|\n| Docker | |\n",
    ],
)
def test_only_one_line_checklist_items_get_a_date(text: str) -> None:
    topic = next(iter(vaultroad.parse(text, "r.md").topics()))
    new = vaultroad.set_statuses(text, {topic.id: "done"}, "r.md", done_dates=DAY)
    assert new != text
    assert "2021-04-09" not in new
    assert next(iter(vaultroad.parse(new, "r.md").topics())).status is vaultroad.Status.DONE


def test_per_topic_dates_and_a_topic_without_one() -> None:
    text = "# R\n\n- [ ] a\n- [ ] b\n- [ ] c\n"
    a, b, c = vaultroad.parse(text, "r.md").topics()
    changes = {a.id: "done", b.id: "done", c.id: "done"}
    new = vaultroad.set_statuses(text, changes, "r.md", done_dates={a.id: DAY, b.id: LATER})
    assert new == "# R\n\n- [x] a ✅ 2021-04-09\n- [x] b ✅ 2022-02-13\n- [x] c\n"


def test_going_back_to_a_baseline_gives_back_its_done_date() -> None:
    original = "# R\n\n- [x] a 📅 2021-04-01 ✅ 2021-04-03\n"
    unticked = set_one(original, "todo")
    assert set_one(unticked, "done", LATER, baseline=original) == original


# --- off by default -----------------------------------------------------------------------


def test_without_done_dates_no_date_is_written_or_removed() -> None:
    assert set_one("# R\n\n- [ ] a 📅 2021-04-01\n", "done", None) == (
        "# R\n\n- [x] a 📅 2021-04-01\n"
    )
    assert set_one("# R\n\n- [x] a ✅ 2021-04-09\n", "todo", None) == (
        "# R\n\n- [ ] a ✅ 2021-04-09\n"
    )
    assert load_config(Path("/nonexistent-vault-folder")).tasks_done_dates is False


# --- the property -------------------------------------------------------------------------

_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC0123456789_", min_size=1, max_size=8)
_DATE = st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)).map(dt.date.isoformat)
_FIELD = st.one_of(
    _DATE.map(lambda d: f"📅 {d}"),
    _DATE.map(lambda d: f"⏳ {d}"),
    _DATE.map(lambda d: f"➕ {d}"),
    _DATE.map(lambda d: f"❌ {d}"),
    st.sampled_from(["⏫", "🔼", "🔽", "🔁 every day", "🔁 every week when done", "🏁 delete"]),
    _WORD.map(lambda w: f"🆔 {w}"),
    _WORD.map(lambda w: f"#{w}x"),
)


@st.composite
def _task_lines(draw: st.DrawFn) -> str:
    bullet = draw(st.sampled_from(["- ", "* ", "+ ", "1. ", "  - ", "-   ", "> - "]))
    box = draw(st.sampled_from(["[ ] ", "[/] ", "[-] ", "[>] "]))
    title = "T" + " ".join(draw(st.lists(_WORD, min_size=1, max_size=4)))
    fields = draw(st.lists(_FIELD, max_size=4))
    block = draw(st.sampled_from(["", " ^abc", " ^a-1-b"]))
    trailing = draw(st.sampled_from(["", " ", "\t"]))
    return f"{bullet}{box}{' '.join([title, *fields])}{block}{trailing}"


EXAMPLES = budget(fast=60, ci=200, long=1000)


@settings(max_examples=EXAMPLES, deadline=None)
@given(line=_task_lines(), date=st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)))
def test_tick_then_untick_gives_back_the_bytes_of_a_line_without_a_done_date(
    line: str, date: dt.date
) -> None:
    text = f"# R\n\n- [ ] before\n{line}\n- [ ] after\n"
    topics = list(vaultroad.parse(text, "r.md").topics())
    topic = next(t for t in topics if t.title not in ("before", "after"))
    ticked = vaultroad.set_statuses(text, {topic.id: "done"}, "r.md", done_dates=date)
    done = next(t for t in vaultroad.parse(ticked, "r.md").topics() if t.id == topic.id)
    assert done.tasks is not None and done.tasks.done == date.isoformat()
    # One space before the emoji, one after, and nothing but a block id after the date.
    assert re.search(rf" ✅ {date.isoformat()}( \^[a-z0-9-]+)?[ \t]*$", ticked.splitlines()[3])
    # A box vaultroad writes itself comes back as it was; one of the file's own
    # (`[>]`) comes back with the text before the tick as baseline.
    baseline = None if topic.marker in ("[ ]", "[/]", "[-]") else text
    back = vaultroad.set_statuses(
        ticked, {topic.id: topic.status}, "r.md", baseline=baseline, done_dates=date
    )
    assert back == text


ODD_DAY = dt.date(2031, 7, 19)  # a date no file holds
TOPICS_PER_FILE = budget(fast=4, ci=12, long=100)


def test_topics_of_a_file_ticked_or_unticked_and_back_give_its_bytes(
    seed_or_corpus_path: Path,
) -> None:
    # The Tasks documentation and sample vault hold tasks with every field, done
    # dates written by the plugin (some invalid, some on todo lines) and block ids.
    text = seed_or_corpus_path.read_bytes().decode("utf-8")
    name = seed_or_corpus_path.name
    topics = list(vaultroad.parse(text, name).topics())
    # Each topic costs three parses of the file: a few spread over it suffice.
    step = max(1, len(topics) // TOPICS_PER_FILE)
    for topic in topics[::step][:TOPICS_PER_FILE]:
        other = "todo" if topic.status is vaultroad.Status.DONE else "done"
        changed = vaultroad.set_statuses(text, {topic.id: other}, name, done_dates=ODD_DAY)
        changed_topic = next(t for t in vaultroad.parse(changed, name).topics() if t.id == topic.id)
        if other == "todo" or ODD_DAY.isoformat() in changed:
            done = changed_topic.tasks.done if changed_topic.tasks is not None else None
            assert done == (None if other == "todo" else ODD_DAY.isoformat()), topic.line
        back = vaultroad.set_statuses(
            changed, {topic.id: topic.status}, name, baseline=text, done_dates=ODD_DAY
        )
        assert back == text, topic.line


# --- configuration ------------------------------------------------------------------------


def write_config(tmp_path: Path, text: str) -> None:
    (tmp_path / CONFIG_NAME).write_text(text, encoding="utf-8")


def test_the_tasks_table_is_read(tmp_path: Path) -> None:
    write_config(tmp_path, "[tasks]\ndone_dates = true\n")
    assert load_config(tmp_path).tasks_done_dates is True
    write_config(tmp_path, "tasks = { done_dates = false }\n")
    assert load_config(tmp_path).tasks_done_dates is False
    write_config(tmp_path, "[tasks]\n")
    assert load_config(tmp_path).tasks_done_dates is False


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[tasks]\ndone_dates = "yes"\n', "tasks.done_dates must be true or false, not 'yes'"),
        ("[tasks]\ndone_dates = 1\n", "tasks.done_dates must be true or false"),
        ("[tasks]\ndone_date = true\n", r"unknown key 'tasks.done_date' \(known keys in \[tasks\]"),
        ("tasks = true\n", "tasks must be a table with the key done_dates"),
        ("[task]\ndone_dates = true\n", "unknown key 'task'"),
    ],
)
def test_a_bad_tasks_table_is_an_error_naming_the_key_and_file(
    tmp_path: Path, text: str, message: str
) -> None:
    write_config(tmp_path, text)
    with pytest.raises(ConfigError, match=message) as caught:
        load_config(tmp_path)
    assert caught.value.path == str(tmp_path / CONFIG_NAME)


# --- sync ---------------------------------------------------------------------------------

ROADMAP = "# Backend\n\n- [ ] Docker 📅 2021-05-01\n- [ ] Redis ^redis\n- [x] Celery\n"
# A block id is part of a title (`Redis ^redis`), and so of its note's name.
NOTES = {"Redis": "Redis redis"}


def make_vault(tmp_path: Path, config: str = "[tasks]\ndone_dates = true\n") -> Path:
    vault = tmp_path / "v"
    (vault / "Roadmaps").mkdir(parents=True)
    (vault / "Roadmaps" / "Backend.md").write_text(ROADMAP, encoding="utf-8")
    if config:
        (vault / CONFIG_NAME).write_text(config, encoding="utf-8")
    assert vaultroad.sync(vault, today=DAY).in_sync
    return vault


def later(path: Path) -> None:
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 60_000_000_000))


def set_note(vault: Path, title: str, old: str, new: str) -> None:
    path = vault / "Topics" / "Backend" / f"{NOTES.get(title, title)}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    later(path)


def front(vault: Path, title: str) -> dict[str, object]:
    text = (vault / "Topics" / "Backend" / f"{NOTES.get(title, title)}.md").read_text(
        encoding="utf-8"
    )
    return dict(read_front_matter(text))


def roadmap(vault: Path) -> str:
    return (vault / "Roadmaps" / "Backend.md").read_text(encoding="utf-8")


def quiet(vault: Path, today: dt.date) -> None:
    """A second run changes nothing."""
    report = vaultroad.sync(vault, today=today)
    assert report.in_sync and not report.changes, report.changes


def test_a_note_set_done_ticks_its_box_with_the_sync_date_and_todo_takes_it_off(
    tmp_path: Path,
) -> None:
    vault = make_vault(tmp_path)
    set_note(vault, "Docker", "status: todo", "status: done")
    set_note(vault, "Redis", "status: todo", "status: done")
    vaultroad.sync(vault, today=LATER)
    assert roadmap(vault) == (
        "# Backend\n\n- [x] Docker 📅 2021-05-01 ✅ 2022-02-13\n"
        "- [x] Redis ✅ 2022-02-13 ^redis\n- [x] Celery\n"
    )
    assert str(front(vault, "Docker")["completed"]) == "2022-02-13"
    # The note's text does not take the date in: the next run has nothing to write.
    quiet(vault, dt.date(2022, 2, 20))
    set_note(vault, "Docker", "status: done", "status: todo")
    set_note(vault, "Redis", "status: done", "status: todo")
    vaultroad.sync(vault, today=dt.date(2022, 3, 1))
    assert roadmap(vault) == ROADMAP
    quiet(vault, dt.date(2022, 3, 2))


def test_a_note_done_on_a_date_gives_the_box_that_date(tmp_path: Path) -> None:
    vault = make_vault(tmp_path)
    set_note(vault, "Docker", "status: todo", "status: done\ncompleted: 2021-12-24")
    vaultroad.sync(vault, today=LATER)
    assert "- [x] Docker 📅 2021-05-01 ✅ 2021-12-24\n" in roadmap(vault)
    quiet(vault, LATER)


def test_a_date_the_tasks_plugin_wrote_is_the_notes_completed_date(tmp_path: Path) -> None:
    vault = make_vault(tmp_path)
    path = vault / "Roadmaps" / "Backend.md"
    path.write_text(
        ROADMAP.replace("- [ ] Docker 📅 2021-05-01", "- [x] Docker 📅 2021-05-01 ✅ 2021-04-20"),
        encoding="utf-8",
    )
    later(path)
    vaultroad.sync(vault, today=LATER)
    assert front(vault, "Docker")["status"] == "done"
    assert str(front(vault, "Docker")["completed"]) == "2021-04-20"
    quiet(vault, LATER)


def test_without_the_setting_sync_writes_no_date_and_reads_none(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, config="")
    set_note(vault, "Redis", "status: todo", "status: done")
    path = vault / "Roadmaps" / "Backend.md"
    path.write_text(
        roadmap(vault).replace("- [ ] Docker 📅 2021-05-01", "- [x] Docker ✅ 2021-04-20"),
        encoding="utf-8",
    )
    later(path)
    vaultroad.sync(vault, today=LATER)
    assert roadmap(vault) == (
        "# Backend\n\n- [x] Docker ✅ 2021-04-20\n- [x] Redis ^redis\n- [x] Celery\n"
    )
    assert str(front(vault, "Docker")["completed"]) == "2022-02-13"  # the sync's date


def test_linked_shared_topics_get_the_date_too(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, '[tasks]\ndone_dates = true\n[shared]\nstatus = "linked"\n')
    (vault / "Roadmaps" / "DevOps.md").write_text("# DevOps\n\n- [ ] docker\n", encoding="utf-8")
    vaultroad.sync(vault, today=DAY)
    set_note(vault, "Docker", "status: todo", "status: done")
    vaultroad.sync(vault, today=LATER)
    devops = (vault / "Roadmaps" / "DevOps.md").read_text(encoding="utf-8")
    assert devops == "# DevOps\n\n- [x] docker ✅ 2022-02-13\n"
    quiet(vault, LATER)


# --- mark -------------------------------------------------------------------------------


def test_mark_writes_todays_date_when_the_vault_asks_for_it(tmp_path: Path) -> None:
    vault = make_vault(tmp_path)
    before = dt.date.today()
    result = CliRunner().invoke(main, ["mark", "Redis", "done", "--in", str(vault)])
    after = dt.date.today()
    assert result.exit_code == 0, result.output
    lines = {f"- [x] Redis ✅ {day.isoformat()} ^redis\n" for day in (before, after)}
    assert any(line in roadmap(vault) for line in lines), roadmap(vault)
    result = CliRunner().invoke(main, ["mark", "Redis", "todo", "--in", str(vault)])
    assert result.exit_code == 0, result.output
    assert roadmap(vault) == ROADMAP


def test_mark_writes_no_date_by_default(tmp_path: Path) -> None:
    vault = make_vault(tmp_path, config="")
    result = CliRunner().invoke(main, ["mark", "Redis", "done", "--in", str(vault)])
    assert result.exit_code == 0, result.output
    assert "- [x] Redis ^redis\n" in roadmap(vault)


# --- reading fields before a block id ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rest", "done", "due"),
    [
        ("a 📅 2021-04-09 ^e5bebf", "a ^e5bebf", None, "2021-04-09"),
        ("a #t ✅ 2021-04-09 ^x-1", "a #t ^x-1", "2021-04-09", None),
        ("a ^e5bebf", "a ^e5bebf", None, None),  # no field: the text as it is
        ("a 📅 2021-04-09 ^not an id", "a 📅 2021-04-09 ^not an id", None, None),
    ],
)
def test_fields_before_a_block_id_are_read_and_the_id_stays(
    text: str, rest: str, done: str | None, due: str | None
) -> None:
    got, fields, tags = read_tasks(text)
    assert got == rest and tags == ()
    assert (fields.done if fields else None, fields.due if fields else None) == (done, due)
