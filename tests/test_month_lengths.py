"""A due date of a month or a year (`--due 2024-02`) falls due on its last day,
worked out without the calendar module (`recs.core.dates.month_days`)."""

import calendar

import pytest

from recs.core import dates


def test_every_months_length_is_the_calendars():
    wrong = [(y, m) for y in range(dates.EARLIEST_YEAR, 10000) for m in range(1, 13)
             if dates.month_days(y, m) != calendar.monthrange(y, m)[1]]
    assert wrong == []


@pytest.mark.parametrize("due, last", [("2024-02", "2024-02-29"), ("2023-02", "2023-02-28"), ("1900-02", "1900-02-28"),
                                       ("2000-02", "2000-02-29"), ("2025-04", "2025-04-30"), ("2025", "2025-12-31")])
def test_a_month_due_is_overdue_after_its_last_day(recs, empty, due, last):
    recs.ok("add", "Publish the plan", "--actor", "Ministry", "--due", due, env={"RECS_NOW": "1900-01-01T00:00:00Z"})
    on_the_day = recs.json("report", env={"RECS_NOW": f"{last}T12:00:00Z"})
    assert on_the_day["overdue"] == [] and on_the_day["due_soon"][0]["due_last_day"] == last
    day_after = recs.json("report", env={"RECS_NOW": dates.shift(last, 1) + "T00:00:00Z"})
    assert day_after["overdue"][0]["due_last_day"] == last


def test_the_last_month_there_is(recs, empty):
    recs.ok("add", "Publish the plan", "--actor", "Ministry", "--due", "9999-12")
    assert recs.json("report")["overdue"] == []
    assert recs.json("list", "--overdue") == []
    assert [r["id"] for r in recs.json("list", "--sort", "due")] == ["R1"]
