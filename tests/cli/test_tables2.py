"""Terminal tables, second round: what a narrow terminal keeps whole (ids,
dates, times, statuses, numbers), how the text columns share the room,
`NO_COLOR` as plain text laid out the same, `list --limit` and `log` through
the pager, `report` drawn by the same renderer, and the small points (the
summary's thousands, `brief list`'s trailing spaces, `--columns id,id`, an
empty tracker's message)."""

import io
import re

import pytest
from rich.cells import cell_len

from procs import run_in_pty
from recs.cli import table

SGR = re.compile(r"\x1b\[[0-9;]*m")
LONG_TITLE = ("A very long title that goes on and on about the many things that should be done "
              "by everyone concerned in the region and beyond it")
NOTE = "Capacities expanded; the mandate still ended in February 2025 as the ministers agreed"
NOW = {"RECS_NOW": "2026-06-01T12:00:00Z"}


def screen(raw: bytes) -> list[str]:
    return SGR.sub("", raw.decode()).replace("\r\n", "\n").split("\n")


@pytest.fixture
def store(recs, empty):
    """R1 with a long title, a status change dated in the world and a long note; R2
    overdue for an actor with a long name; no due date on R1."""
    recs.ok("add", LONG_TITLE, "--actor", "International partners", env={"RECS_NOW": "2026-05-01T09:30:00Z"})
    recs.ok("add", "Short", "--actor", "Ünïcode Ministry of Foreign Affairs", "--due", "2026-05",
            env={"RECS_NOW": "2026-05-01T09:31:00Z"})
    recs.ok("update", "R1", "--status", "partial", "--on", "2026-04-20", "--note", NOTE,
            env={"RECS_NOW": "2026-05-02T10:15:00Z"})
    return empty


def test_narrow_history_keeps_times_and_dates_whole_and_words_unbroken(store):
    code, raw = run_in_pty(store, "history", "R1", "--no-pager", columns=80)
    lines = screen(raw)
    assert code == 0 and all(cell_len(line) <= 80 for line in lines)
    text = "\n".join(lines)
    assert "2026-05-02 10:15" in text and "2026-04-20" in text and "…" not in text
    words = text.split()
    assert all(word in words for word in NOTE.split())  # wrapped between words, none split
    assert "Partially" in words and "implemented" in words
    code, raw = run_in_pty(store, "history", "R1", "--no-pager", columns=200)
    wide = screen(raw)
    assert "Took effect" in wide[2] and any(NOTE in line for line in wide)  # its own column, one line


def test_list_at_80_columns_shares_the_room(store):
    code, raw = run_in_pty(store, "list", "--no-pager", columns=80)
    lines = screen(raw)
    assert code == 0 and all(cell_len(line) <= 80 for line in lines)
    header = lines[0]
    # Status as wide as the labels shown ("Partially implemented", "Not started"), not more
    assert header.index("Title") - header.index("Status") == len("Partially implemented") + 3
    # Due has a date in R2: whole; Actors keeps a dozen cells beside the long title
    assert "2026-05" in lines[3] and "International" in lines[2] and "Ünïcode Mini" in lines[3]
    assert lines[-2].strip() == "2 recommendations, 0 closed"


def test_due_gives_the_actor_room(store):
    code, raw = run_in_pty(store, "due", columns=80, **NOW)
    lines = screen(raw)
    assert code == 1 and lines[2].startswith("Ünïcode Ministry") and "OVERDUE" in lines[2]


def test_a_cell_past_the_sample_wraps_rather_than_cut():
    """Rows past those measured: a status or date wider than its column goes on two lines."""
    out = io.StringIO()
    columns = [table.Column("ID"), table.Column("Status"), table.Column("Title", flex=True)]
    rows = [["R1", "Not started", "x"], ["R2", "Not started", "y"], ["R3", "Partially implemented", "z"]]
    table.Table(columns, width=80, out=out, sample=2, paint=table.Painter(styles=False)).print(rows)
    lines = out.getvalue().splitlines()
    assert lines[4:] == ["R3   Partially     z", "     implemented"]


def test_fit_keeps_fixed_columns_and_a_floor_for_text():
    columns = [table.Column("ID"), table.Column("Title", flex=True), table.Column("Actors", flex=True),
               table.Column("Due")]
    widths = table.fit([4, 200, 40, 10], columns, 80)
    assert widths[0] == 4 and widths[3] == 10 and widths[2] >= 12 and sum(widths) + 9 == 80


def test_no_color_is_plain_text_laid_out_the_same(store):
    for args in (("report",), ("brief", "list")):
        code, coloured = run_in_pty(store, *args, columns=80, **NOW)
        code, plain = run_in_pty(store, *args, columns=80, NO_COLOR="1", **NOW)
        assert b"\x1b[" in coloured and b"\x1b[" not in plain, args  # no colour, no bold
        assert [line.replace("─", "-") for line in screen(coloured)] == screen(plain)


def test_report_on_a_terminal(store):
    code, raw = run_in_pty(store, "report", columns=80, **NOW)
    lines = screen(raw)
    assert code == 0 and all(cell_len(line) <= 80 for line in lines)
    status = lines.index(next(line for line in lines if line.startswith("Status ") and "Count" in line))
    assert lines[status + 2].split() == ["Not", "started", "1", "50.0%"]
    assert lines[status + 2].endswith("1    50.0%")  # numbers against the right edge
    assert all(not line.endswith(" ") for line in lines)


def test_list_limit_in_the_pager_and_on_stderr(store, tmp_path, recs):
    pager = tmp_path / "pager.sh"
    pager.write_text('#!/bin/sh\necho "PAGER"\ncat\n')
    pager.chmod(0o755)
    code, raw = run_in_pty(store, "list", "--limit", "1", columns=100, PAGER=str(pager))
    lines = [line for line in screen(raw) if line]
    assert code == 0 and lines[0] == "PAGER" and lines[-1] == "1 more; use --limit N or --all to see them"
    result = recs.ok("list", "--limit", "1")
    assert "more" not in result.stdout and result.stderr == "1 more; use --limit N or --all to see them\n"


def test_log_goes_through_the_pager(store, tmp_path):
    pager = tmp_path / "pager.sh"
    pager.write_text('#!/bin/sh\necho "PAGER"\ncat\n')
    pager.chmod(0o755)
    code, raw = run_in_pty(store, "log", columns=80, PAGER=str(pager))
    lines = screen(raw)
    assert code == 0 and lines[0] == "PAGER" and lines[1].split()[:3] == ["When", "(UTC)", "Who"]
    assert all(cell_len(line) <= 80 for line in lines)
    code, raw = run_in_pty(store, "log", "--no-pager", columns=80, PAGER=str(pager))
    assert code == 0 and b"PAGER" not in raw and b"2026-05-02 10:15" in raw


def test_brief_list_has_no_trailing_spaces(recs, store):
    lines = recs.ok("brief", "list").stdout.splitlines()
    assert lines[0].endswith("Recs") and all(not line.endswith(" ") for line in lines)
    assert lines[1].endswith("   2")  # counts against the right edge


def test_columns_named_twice_show_once(recs, store):
    header = recs.ok("list", "--columns", "id,ID,title").stdout.splitlines()[0]
    assert header.split() == ["ID", "Title"]


def test_an_empty_tracker_says_so(recs, db):
    recs.ok("init", "--empty")
    result = recs.ok("list")
    assert result.stdout == "" and "No recommendations yet" in result.stderr
    recs.ok("add", "One", "--actor", "UN")
    assert recs.ok("list", "--status", "implemented").stderr == "No recommendations match.\n"


@pytest.mark.parametrize("args", [("log", "--no-pager", "x"), ("log", "--pager=yes"), ("list", "--columns", ",")])
def test_bad_options_are_usage_errors(recs, store, args):
    before = recs.ok("export", "--format", "json").stdout
    result = recs(*args)
    assert result.exit_code == 2 and result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1
    assert recs.ok("export", "--format", "json").stdout == before
