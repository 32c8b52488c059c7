"""The forecast: pace over the last four weeks, the projected date, its words, and `status`."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from budget import budget
from vaultroad.cli import main
from vaultroad.forecast import (
    CHART_WEEKS,
    PACE_WEEKS,
    Forecast,
    Outlook,
    chart_weeks,
    describe,
    forecast,
)
from vaultroad.history import EMPTY, History
from vaultroad.pace import roadmap_forecasts
from vaultroad.parser import load
from vaultroad.synchronize import sync

D = dt.date


def test_the_pace_counts_the_net_topics_done_in_the_four_weeks_to_the_day() -> None:
    history = History.from_days(
        [
            (D(2026, 10, 1), 5),  # before the four weeks: not counted
            (D(2026, 10, 6), 2),  # Oct 6 is 28 days before Nov 3: just outside
            (D(2026, 10, 7), 3),
            (D(2026, 10, 20), -1),  # a topic undone
            (D(2026, 11, 3), 2),
        ]
    )
    found = forecast(history, left=40, started=True)
    # 3 - 1 + 2 = 4 in 4 weeks, one a week: 40 weeks for 40 topics = 280 days.
    assert found == Forecast(Outlook.PROJECTED, D(2026, 11, 3), 4, 40, 280, D(2027, 8, 10))
    assert found.pace == 1.0
    assert describe(found, "10-12 months") == (
        "4 topics done in the 4 weeks to 2026-11-03; at your pace: about 9 months,"
        " by 2027-08-10; estimated effort left: 10-12 months"
    )
    # As of a later day (what `status` does): Oct 7's topics left the four weeks.
    later = forecast(history, left=40, started=True, as_of=D(2026, 11, 10))
    assert (later.done_recently, later.days_left) == (1, 1120)
    assert describe(later).endswith("at your pace: about 3 years, by 2029-12-04")


def test_without_a_pace_there_is_no_forecast() -> None:
    assert describe(forecast(EMPTY, left=9, started=False)) == "not started: no forecast"
    assert describe(forecast(EMPTY, left=9, started=True), "3 days") == (
        "no status change recorded yet: no forecast; estimated effort left: 3 days"
    )
    stalled = History.from_days([(D(2026, 9, 1), 3), (D(2026, 11, 3), 0)])
    found = forecast(stalled, left=9, started=True)
    assert found.outlook is Outlook.STALLED and found.finish is None
    assert describe(found) == "no topics done in the 4 weeks to 2026-11-03: no forecast"
    assert describe(forecast(stalled, left=0, started=True)) == "all finished"


def test_the_time_left_is_said_in_weeks_months_or_years() -> None:
    history = History.from_days([(D(2026, 11, 3), 28)])  # 7 a week
    said = {
        left: describe(forecast(history, left=left, started=True)).split("at your pace: ")[1]
        for left in (6, 7, 70, 300, 2000)
    }
    assert said == {
        6: "under a week, by 2026-11-09",
        7: "about 1 week, by 2026-11-10",
        70: "about 10 weeks, by 2027-01-12",
        300: "about 10 months, by 2027-08-30",
        2000: "about 5 years, by 2032-04-25",
    }


@settings(max_examples=budget(fast=100, ci=500, long=5000), deadline=None)
@given(st.integers(1, 200), st.integers(0, 5000), st.dates(D(2020, 1, 1), D(9999, 1, 1)))
def test_the_projected_date_is_the_first_day_the_pace_covers_what_is_left(
    done: int, left: int, day: dt.date
) -> None:
    found = forecast(History.from_days([(day, done)]), left=left, started=True)
    if left == 0:
        assert found.outlook is Outlook.FINISHED
        return
    assert found.days_left is not None
    weekly = done / PACE_WEEKS
    assert found.days_left == math.ceil(left / weekly * 7 - 1e-9)
    if found.days_left <= (dt.date.max - day).days:
        assert found.finish == day + dt.timedelta(days=found.days_left)
    else:
        assert found.finish is None
        assert describe(found).endswith("years")


def test_a_finish_past_the_calendar_is_said_in_years_without_a_date() -> None:
    # One topic in four weeks with a 750,000-topic collection left: 57,000 years,
    # past year 9999; the sync that found this crashed on the date.
    found = forecast(History.from_days([(D(2026, 12, 2), 1)]), left=750_000, started=True)
    assert found.outlook is Outlook.PROJECTED
    assert found.days_left == 21_000_000 and found.finish is None
    assert describe(found, "40 years") == (
        "1 topic done in the 4 weeks to 2026-12-02; at your pace: about 57495 years;"
        " estimated effort left: 40 years"
    )
    # The last day the calendar has is still a date.
    edge = forecast(History.from_days([(D(9999, 12, 3), 28)]), left=28, started=True)
    assert edge.finish == D(9999, 12, 31)


def test_the_chart_goes_back_to_the_week_before_the_first_change() -> None:
    day = D(2026, 11, 23)
    assert chart_weeks(History.from_days([(day, 1)]), day) == 2
    assert chart_weeks(History.from_days([(D(2026, 11, 2), 1), (day, 1)]), day) == 5
    assert chart_weeks(History.from_days([(D(2025, 1, 1), 1), (day, 1)]), day) == CHART_WEEKS


# --- `vaultroad status`


def _synced(tmp_path: Path, days: list[dt.date]) -> Path:
    """A vault of one roadmap of ten topics; on each of `days` one more is ticked and synced."""
    root = tmp_path / "vault"
    (root / "Roadmaps").mkdir(parents=True)
    plan = root / "Roadmaps" / "Plan.md"
    plan.write_text("# Plan\n\n" + "".join(f"- [ ] t{n}\n" for n in range(10)), "utf-8")
    (root / "Roadmaps" / "Other.md").write_text("# Other\n\n- [ ] x\n", "utf-8")
    sync(root, today=days[0] - dt.timedelta(days=1))
    for day in days:
        plan.write_text(plan.read_text("utf-8").replace("- [ ]", "- [x]", 1), "utf-8")
        sync(root, today=day)
    return root


def test_the_library_forecasts_each_roadmap_as_of_the_day_given(tmp_path: Path) -> None:
    root = _synced(tmp_path, [D(2026, 11, 2), D(2026, 11, 9), D(2026, 11, 16), D(2026, 11, 23)])
    paths = [root / "Roadmaps" / "Plan.md", root / "Roadmaps" / "Other.md"]
    trees = [(path, load(path)) for path in paths]
    plan, other = roadmap_forecasts(trees, D(2026, 11, 30))
    # 4 done in the 4 weeks to Nov 30 (Nov 3 … Nov 30: Nov 2 is out): 3, 6 left.
    assert (plan.outlook, plan.done_recently, plan.left) == (Outlook.PROJECTED, 3, 6)
    assert plan.days_left == 56 and plan.finish == D(2027, 1, 25)
    assert other.outlook is Outlook.NOT_STARTED
    # Outside any vault, or in a vault never synced: no history.
    loose = tmp_path / "loose.md"
    loose.write_text("# Loose\n\n- [x] a\n- [ ] b\n", "utf-8")
    assert roadmap_forecasts([(loose, load(loose))], D(2026, 11, 30))[0].outlook is (
        Outlook.NO_HISTORY
    )


def test_status_prints_the_forecast_and_gives_it_in_json(tmp_path: Path) -> None:
    today = dt.date.today()
    root = _synced(tmp_path, [today - dt.timedelta(days=n) for n in (20, 13, 6)])
    result = CliRunner().invoke(main, ["status", str(root)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    # 3 done in the last 4 weeks, 7 left: 7 / 0.75 weeks = 65.33 days, 66.
    finish = (today + dt.timedelta(days=66)).isoformat()
    assert (
        f"  pace: 3 topics done in the 4 weeks to {today.isoformat()};"
        f" at your pace: about 9 weeks, by {finish}"
    ) in lines
    assert "  pace: not started: no forecast" in lines
    result = CliRunner().invoke(main, ["status", "--json", str(root)])
    assert result.exit_code == 0, result.output
    found = {Path(r["path"]).name: r["forecast"] for r in json.loads(result.output)["roadmaps"]}
    assert found["Plan.md"] == {
        "outlook": "projected",
        "as_of": today.isoformat(),
        "pace_weeks": 4,
        "done_in_pace_weeks": 3,
        "per_week": 0.75,
        "left": 7,
        "days_left": 66,
        "finish": finish,
    }
    assert found["Other.md"]["outlook"] == "not started" and found["Other.md"]["finish"] is None
