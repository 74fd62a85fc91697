"""Reports over time (issue 15): effective dates, --as-of, --from/--to, --trend,
`recs due`, per-actor statuses, the document and its audiences."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SEED, digest, record

NOW = {"RECS_NOW": "2026-11-30T12:00:00Z"}


def at(day: str) -> dict:
    return {"RECS_NOW": f"{day}T10:00:00Z"}


@pytest.fixture
def year(recs, empty):
    """A fresh tracker driven through a year of changes, each recorded on 2025-12-31
    with the day it took effect."""
    env = at("2025-12-31")
    recs.ok("add", "Open talks", "--actor", "EU", "--actor", "UN", "--due", "2025-02", "--on", "2025-01-10", env=env)
    recs.ok("add", "Fund shelters", "--actor", "UN", "--due", "2026-01-15", "--on", "2025-01-10", env=env)
    recs.ok("add", "Free detainees", "--actor", "Azerbaijan", "--on", "2025-03-01", env=env)
    recs.ok("update", "R1", "--status", "in_progress", "--on", "2025-01-31", env=env)
    recs.ok("update", "R1", "--status", "partial", "--on", "2025-02-28", "--note", "first round", env=env)
    recs.ok("update", "R2", "--status", "in_progress", "--on", "2025-02-28", env=env)
    recs.ok("update", "R2", "--status", "partial", "--on", "2025-02-28", env=env)  # the same day: the later one
    recs.ok("evidence", "add", "R2", "--summary", "Appeal funded", "--source", "UN", "--date", "2025-06-30",
            "--url", "https://un.example/appeal", "--status", "implemented", "--note", "done", env=env)
    recs.ok("update", "R3", "--status", "not_implemented", "--on", "2025-12", env=env)
    return empty


def statuses_on(recs, day, *extra):
    return {r["id"]: r["status"] for r in recs.json("list", "--as-of", day, *extra, env=NOW)}


def test_as_of_at_several_dates_matches_a_hand_computed_picture(recs, year):
    assert statuses_on(recs, "2025-01-09") == {}
    assert statuses_on(recs, "2025-01-30") == {"R1": "not_started", "R2": "not_started"}
    assert statuses_on(recs, "2025-01-31") == {"R1": "in_progress", "R2": "not_started"}
    assert statuses_on(recs, "2025-02-28") == {"R1": "partial", "R2": "partial", }  # R3 from March
    assert statuses_on(recs, "2025-03-01") == {"R1": "partial", "R2": "partial", "R3": "not_started"}
    assert statuses_on(recs, "2025-06-30") == {"R1": "partial", "R2": "implemented", "R3": "not_started"}
    assert statuses_on(recs, "2025-12-30") == {"R1": "partial", "R2": "implemented", "R3": "not_started"}
    assert statuses_on(recs, "2025-12-31") == {"R1": "partial", "R2": "implemented", "R3": "not_implemented"}
    rep = recs.json("report", "--as-of", "2025-06-29", env=NOW)
    assert rep["by_status"] == {"not_started": 1, "in_progress": 0, "partial": 2, "implemented": 0,
                                "not_implemented": 0}
    assert [r["latest_evidence"] for r in rep["recommendations"]] == [None, None, None]  # not known yet
    assert [r["id"] for r in rep["overdue"]] == ["R1"]  # due 2025-02, open
    assert recs.json("report", "--as-of", "2025-02-28", env=NOW)["overdue"] == []  # its last day
    assert [r["id"] for r in recs.json("list", "--as-of", "2025-03-01", "--overdue", env=NOW)] == ["R1"]


def test_a_quarter_lists_what_moved_and_the_counts_at_both_ends(recs, year):
    rep = recs.json("report", "--from", "2025-01-01", "--to", "2025-03-31", env=NOW)
    assert rep["at_start"] == dict.fromkeys(rep["at_start"], 0)
    assert rep["by_status"]["partial"] == 2 and rep["by_status"]["not_started"] == 1
    assert [(c["day"], c["id"], c["old"], c["new"]) for c in rep["changes"]] == [
        ("2025-01-31", "R1", "not_started", "in_progress"), ("2025-02-28", "R1", "in_progress", "partial"),
        ("2025-02-28", "R2", "not_started", "in_progress"), ("2025-02-28", "R2", "in_progress", "partial")]
    assert rep["changes"][1]["note"] == "first round" and rep["changes"][1]["by"] == "tester"
    q2 = recs.json("report", "--since", "2025-04-01", "--to", "2025-06-30", env=NOW)
    assert q2["at_start"]["partial"] == 2 and q2["by_status"]["implemented"] == 1
    assert [c["kind"] for c in q2["changes"]] == ["status", "evidence"]
    out = recs.ok("report", "--from", "2025-04", "--to", "2025-06", env=NOW).stdout
    assert "In the period: 2 partially implemented → 1 partially implemented; 0 implemented → 1 implemented." in out
    assert "30 June 2025" in out and "Appeal funded" in out
    external = recs.ok("report", "--from", "2025-04", "--to", "2025-06", "--audience", "external",
                       "--format", "md", env=NOW).stdout
    assert "tester" not in external and "done" not in external and "Stale" not in external
    assert "[30 June 2025: Appeal funded (UN)](<https://un.example/appeal>)" in external


def test_trend_counts_at_the_end_of_every_period(recs, year):
    rep = recs.json("report", "--trend", "quarter", "--as-of", "2025-12-31", env=NOW)
    assert [(t["period"], t["end"], t["total"], t["by_status"]["implemented"]) for t in rep["trend"]] == [
        ("Q1 2025", "2025-03-31", 3, 0), ("Q2 2025", "2025-06-30", 3, 1), ("Q3 2025", "2025-09-30", 3, 1),
        ("Q4 2025", "2025-12-31", 3, 1)]
    months = recs.json("report", "--trend", "month", "--as-of", "2025-03-15", env=NOW)["trend"]
    assert [(t["end"], t["total"]) for t in months] == [("2025-01-31", 2), ("2025-02-28", 2), ("2025-03-15", 3)]
    page = recs.ok("report", "--trend", "year", "--format", "html", env=NOW).stdout
    assert 'class="chart trend"' in page and "<script" not in page and "impl.</span>" in page
    assert "| 2025 | 31 December 2025 |" in recs.ok("report", "--trend", "year", "--format", "md", env=NOW).stdout


def test_due_lists_by_actor_and_its_exit_code_says_if_something_is_overdue(recs, year):
    early = recs("due", "--within", "6w", "--format", "json", env=at("2025-01-20"))
    assert early.exit_code == 0
    found = json.loads(early.stdout)
    assert [r["id"] for r in found["due_soon"]] == ["R1"] and found["overdue"] == []  # 2025-02: by 28 February
    assert [a["actor"] for a in found["by_actor"]] == ["EU", "UN"]
    late = recs("due", "--quiet", env=at("2026-01-20"))
    assert late.exit_code == 1 and late.stdout == "" and late.stderr == ""
    table = recs("due", env=at("2026-01-20"))
    assert table.exit_code == 1 and "OVERDUE" in table.stdout and "Open talks" in table.stdout
    recs.ok("update", "R1", "--status", "implemented", env=at("2026-01-20"))
    assert recs("due", "--quiet", env=at("2026-01-20")).exit_code == 0  # R2 was implemented in June
    assert recs("due", "--within", "2026-03-01", env=at("2026-01-20")).exit_code == 0


def test_per_actor_statuses_leave_the_recommendations_own(recs, year, db):
    env = at("2025-12-31")
    recs.ok("update", "R1", "--for", "eu", "--status", "implemented", "--on", "2025-11-01", env=env)
    r1 = record(db, "R1")
    assert r1["status"] == "partial" and r1["actor_status"] == {"EU": "implemented"}
    assert "EU (Implemented), UN" in recs.ok("show", "R1").stdout
    groups = {g["group"]: g["by_status"] for g in recs.json("report", "--by", "actor", env=NOW)["groups"]}
    assert groups["EU"]["implemented"] == 1 and groups["UN"]["partial"] == 1
    old = {g["group"]: g["by_status"] for g in recs.json("report", "--by", "actor", "--as-of", "2025-10-31",
                                                          env=NOW)["groups"]}
    assert old["EU"]["partial"] == 1  # before the EU's own status was recorded
    due = json.loads(recs("due", "--format", "json", env=at("2025-12-31")).stdout)
    assert due["overdue"][0]["open_actors"] == ["UN"]
    recs.ok("update", "R1", "--for", "EU", "--status", "none", env=env)
    assert record(db, "R1")["actor_status"] == {}
    recs.ok("undo", "--yes", env=env)
    assert record(db, "R1")["actor_status"] == {"EU": "implemented"}


@pytest.mark.parametrize("args, code, says", [
    (["update", "R1", "--for", "NATO", "--status", "partial"], 1, "R1 has no actor 'NATO'"),
    (["update", "R1", "--for", "EU", "--due", "2026"], 2, "--for ACTOR sets that actor's --status"),
    (["update", "R1", "--on", "2025-03-01"], 2, "--on goes with --status"),
    (["update", "R1", "--status", "implemented", "--on", "2025-02-01"], 1, "last changed with effect from 2025-02-28"),
    (["update", "R3", "--status", "partial", "--on", "2025-02-01"], 1, "R3 exists from 2025-03-01"),
    (["update", "R1", "--status", "implemented", "--on", "2027-01-01"], 1, "is in the future"),
    (["update", "R1", "--status", "implemented", "--on", "2025-02-30"], 1, "invalid effective date"),
    (["evidence", "add", "R1", "--summary", "x", "--source", "y", "--on", "2025-03-01"], 2, "go with --status"),
])
def test_bad_dated_changes_are_refused_and_change_nothing(recs, year, db, args, code, says):
    before = digest(db)
    result = recs(*args, env=at("2025-12-31"))
    assert result.exit_code == code and result.stderr.startswith("Error: ") and says in result.stderr
    assert result.stderr.count("\n") == 1 and digest(db) == before


def test_dates_at_period_edges():
    from recs.core import dates

    assert dates.last_day("2024-02") == "2024-02-29" and dates.last_day("2025-02") == "2025-02-28"
    assert dates.period_ends("2024-01-31", "2024-03-01", "month") == ["2024-01-31", "2024-02-29", "2024-03-01"]
    assert dates.period_ends("2023-09-20", "2024-01-01", "quarter") == ["2023-09-30", "2023-12-31", "2024-01-01"]
    assert dates.period_ends("2024-12-31", "2024-12-31", "year") == ["2024-12-31"]
    assert dates.parse_within("1m", "2024-01-31") == "2024-02-29"  # end of month, leap year
    assert dates.parse_within("1y", "2024-02-29") == "2025-02-28"
    assert dates.parse_within("2w", "2024-12-25") == "2025-01-08"
    assert dates.parse_within("2025-02", "2025-01-01") == "2025-02-28"
    assert dates.effective("2025-02", "2025-02-10T00:00:00Z") == "2025-02-10"  # not after it was recorded
    assert dates.effective("2025-02", "2025-06-10T00:00:00Z") == "2025-02-28"
    assert dates.effective(None, "2025-06-10T00:00:00Z") == "2025-06-10"
    assert dates.readable("2024-02-29") == "29 February 2024" and dates.readable("2025-02") == "February 2025"


def test_a_partial_due_date_falls_due_on_its_last_day(recs, empty):
    recs.ok("add", "Leap", "--actor", "EU", "--due", "2024-02", env=at("2024-01-01"))
    assert recs("due", "--quiet", env=at("2024-02-29")).exit_code == 0
    assert recs("due", "--quiet", env=at("2024-03-01")).exit_code == 1
    soon = json.loads(recs("due", "--within", "1d", "--format", "json", env=at("2024-02-28")).stdout)
    assert [r["due_last_day"] for r in soon["due_soon"]] == ["2024-02-29"]


def test_older_changes_take_effect_when_recorded(recs, empty, db):
    """A tracker written before `on` existed: no migration, the recording day counts."""
    recs.ok("add", "Old", "--actor", "EU", env=at("2024-05-01"))
    recs.ok("update", "R1", "--status", "partial", env=at("2024-06-01"))
    rec = record(db, "R1")
    for entry in rec["history"]:
        entry.pop("on", None)
    (db / "recommendations" / "R1.json").write_text(json.dumps(rec, indent=2, sort_keys=True) + "\n")
    assert statuses_on(recs, "2024-04-30") == {}
    assert statuses_on(recs, "2024-05-31") == {"R1": "not_started"}
    assert statuses_on(recs, "2024-06-01") == {"R1": "partial"}


def test_an_undone_change_never_took_effect(recs, year):
    env = at("2025-12-31")
    recs.ok("update", "R1", "--status", "implemented", "--on", "2025-10-01", env=env)
    recs.ok("undo", "--yes", env=env)
    assert statuses_on(recs, "2025-11-01")["R1"] == "partial"
    recs.ok("redo", "--yes", env=env)
    assert statuses_on(recs, "2025-11-01")["R1"] == "implemented"


def test_the_shipped_tracker_tells_the_public_record(recs):
    db = str(SEED)
    assert {r["id"]: r["status"] for r in recs.json("--db", db, "list", "--as-of", "2023-09-30", env=NOW)} == {
        **{f"R{i}": "not_started" for i in range(1, 10)}, "R2": "not_implemented"}
    rep = recs.json("--db", db, "report", "--from", "2025-01-01", "--to", "2025-03-31", env=NOW)
    assert [(c["day"], c["id"], c["kind"]) for c in rep["changes"]] == [
        ("2025-01-30", "R4", "status"), ("2025-01-30", "R4", "evidence")]
    assert rep["at_start"]["implemented"] == 1 and rep["by_status"]["implemented"] == 2
    trend = recs.json("--db", db, "report", "--trend", "quarter", env=NOW)["trend"]
    assert trend[0]["period"] == "Q3 2023" and trend[-1]["by_status"] == recs.json("--db", db, "report",
                                                                                  env=NOW)["by_status"]


def test_the_document_has_title_organisation_period_and_every_recommendation(recs, seeded, db):
    recs.ok("init", "--organisation", "Think & Tank", str(db) + "2")
    page = recs.ok("--db", str(db) + "2", "report", "--format", "html", "--title", "Q1 <report>", env=NOW).stdout
    assert "<h1>Q1 &lt;report&gt;</h1>" in page and "Report by Think &amp; Tank" in page
    assert "As of 30 November 2026" in page and page.count('<h3><span class="id">') == 9
    assert "@media print" in page and "@page{size:A4" in page and "#2e7d32" not in page
    md = recs.ok("--db", str(db) + "2", "report", "--format", "md", env=NOW).stdout
    term = recs.ok("--db", str(db) + "2", "report", env=NOW).stdout
    for doc in (md, term):
        assert "Report by Think & Tank" in doc.replace("\\&", "&") and "Recommendations (9)" in doc


# -- a report as of any date agrees with replaying the history ---------------
STATUSES = ["not_started", "in_progress", "partial", "implemented", "not_implemented"]
DAYS = [f"2025-{m:02d}-{d:02d}" for m in range(1, 13) for d in (1, 15, 28)]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(st.tuples(st.integers(0, 2), st.sampled_from(STATUSES), st.integers(0, len(DAYS) - 1)),
                    min_size=1, max_size=8),
       probes=st.lists(st.sampled_from(DAYS + ["2024-12-31", "2025-12-31"]), min_size=1, max_size=4))
def test_a_report_as_of_any_date_agrees_with_replaying_the_history(recs, tmp_path_factory, ops, probes):
    db = str(tmp_path_factory.mktemp("prop") / "t")
    env = at("2025-12-31")
    recs.ok("--db", db, "init", "--empty", env=env)
    born = {0: "2025-01-01", 1: "2025-03-15", 2: "2025-06-01"}
    for i, day in born.items():
        recs.ok("--db", db, "add", f"Rec {i}", "--actor", "EU", "--on", day, env=env)
    applied: list[tuple[int, str, str]] = []  # (rec, day, status) as recorded
    last = dict(born)
    for rec, status, d in ops:
        day = max(DAYS[d], last[rec])  # changes are recorded in the order they happened
        result = recs("--db", db, "update", f"R{rec + 1}", "--status", status, "--on", day, env=env)
        assert result.exit_code == 0, result.stderr
        if "nothing changed" not in result.stderr:
            applied.append((rec, day, status))
            last[rec] = day
    for probe in probes:
        expected = {}
        for rec, day in born.items():
            if day <= probe:
                changes = [s for r, d, s in applied if r == rec and d <= probe]
                expected[f"R{rec + 1}"] = changes[-1] if changes else "not_started"
        rep = recs.json("--db", db, "report", "--as-of", probe, env=NOW)
        counts = {s: list(expected.values()).count(s) for s in STATUSES}
        assert rep["by_status"] == counts and rep["total"] == len(expected)
        assert {r["id"]: r["status"] for r in rep["recommendations"]} == expected
        trend = recs.json("--db", db, "report", "--trend", "month", "--as-of", probe, env=NOW)["trend"]
        assert trend[-1]["by_status"] == counts


# -- issue 15: what a tester found ----------------------------------------------
def stale_ids(recs, *args, env=NOW):
    return [(r["id"], r["last_activity"]) for r in recs.json("report", *args, env=env)["stale"]]


def test_stale_is_by_the_days_things_happened_today_and_as_of_a_day(recs, seeded):
    """The shipped data was recorded on 2026-11-25 but happened from 2023 on: today's
    report and one as of a day agree, and go by the days things happened."""
    today = stale_ids(recs)
    assert today == stale_ids(recs, "--as-of", "2026-11-30") == stale_ids(recs, "--as-of", "2026-11-29")
    assert [i for i, _ in today] == ["R8", "R7", "R3", "R9", "R5", "R6"]  # the open ones, oldest first
    assert today[0] == ("R8", "2023-09-20") and dict(today)["R6"] == "2025-08-08"
    assert "Stale: no change in 90 days (6)" in recs.ok("report", env=NOW).stdout
    assert stale_ids(recs, "--stale-days", "500") == stale_ids(recs, "--stale-days", "500", "--as-of", "2026-11-29")


def test_evidence_typed_today_about_an_old_event_does_not_make_it_fresh(recs, empty):
    env = at("2025-06-01")
    recs.ok("add", "Old news", "--actor", "EU", "--on", "2024-06-01", env=env)
    recs.ok("add", "Fresh news", "--actor", "EU", "--on", "2024-06-01", env=env)
    recs.ok("evidence", "add", "R1", "--summary", "then", "--source", "x", "--date", "2024-07-01", env=env)
    recs.ok("evidence", "add", "R2", "--summary", "lately", "--source", "x", "--date", "2025-05", env=env)
    for args in ((), ("--as-of", "2025-05-31")):
        assert stale_ids(recs, *args, env=env) == [("R1", "2024-07-01")]


@pytest.mark.parametrize("extra", [[], ["--status", "partial"], ["--status", "partial", "--on", "2025-12-01"]])
def test_evidence_dated_in_the_future_is_refused(recs, year, db, extra):
    before = digest(db)
    result = recs("evidence", "add", "R3", "--summary", "s2", "--source", "x", "--date", "2026-02-01", *extra,
                  env=at("2025-12-31"))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == ("Error: evidence date '2026-02-01' is in the future (today is 2025-12-31); "
                             "record evidence once it has happened\n")
    assert digest(db) == before
    recs.ok("update", "R3", "--status", "in_progress", env=at("2025-12-31"))  # the order is kept
    recs.ok("evidence", "add", "R3", "--summary", "this month", "--source", "x", "--date", "2025-12",
            "--status", "partial", env=at("2025-12-31"))  # a month that holds today: up to today


def test_a_date_that_holds_today_means_today_and_one_ahead_is_refused_by_list_and_report(recs, year):
    env = at("2025-12-15")
    rep = recs.json("report", "--as-of", "2025-12", env=env)  # the current month: today
    assert rep["today"] == "2025-12-15" and rep["period"]["label"] == "As of 15 December 2025"
    assert recs.json("report", "--as-of", "2025", env=env)["today"] == "2025-12-15"
    assert recs.json("report", "--from", "2025-12", "--to", "2025-12", env=env)["period"]["to"] == "2025-12-15"
    listed = recs.json("list", "--as-of", "2025-12", env=env)
    assert listed == recs.json("list", "--as-of", "2025-12-15", env=env) and len(listed) == 3
    for cmd in ("list", "report"):
        for ahead in ("2026-01-01", "2026-01", "2026"):
            result = recs(cmd, "--as-of", ahead, env=env)
            assert result.exit_code == 1 and result.stdout == ""
            assert result.stderr == f"Error: --as-of {ahead} is in the future (today is 2025-12-15)\n"
    assert recs("report", "--to", "2026", env=env).stderr == "Error: --to 2026 is in the future (today is 2025-12-15)\n"


@pytest.mark.parametrize("columns", [80, 100])
def test_trend_on_a_narrow_terminal_always_names_the_period(seeded, columns):
    import re

    from procs import run_in_pty

    code, screen = run_in_pty(seeded, "report", "--trend", "quarter", columns=columns, RECS_NOW=NOW["RECS_NOW"])
    text = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", screen.decode()).replace("\r\n", "\n")
    trend = text.split("Trend by quarter", 1)[1].split("Overdue", 1)[0]
    lines = [line.rstrip() for line in trend.splitlines() if re.search(r"\d", line)]
    assert code == 0 and "…" not in trend and "Period" in trend and "End" in trend, trend
    assert len(lines) == 14 and all(max(map(len, lines)) <= columns for _ in lines)
    assert lines[0].startswith("Q3 2023   30 Sep") and lines[-1].startswith("Q4 2026   30 Nov")
    assert all(re.match(r"Q[1-4] 20[0-9]{2}   \d+ \w+ 20[0-9]{2} +\d", line) for line in lines), trend
    assert lines[-1].endswith("22.2%")
