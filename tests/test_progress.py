"""Long imports and exports show a progress bar on a terminal (stderr), and
nothing but their one message line when stderr is not a terminal.

(Export and plain import: test_interactive.py on a terminal,
test_export_import.py piped.)"""

import re

from procs import ROOT, run, run_in_pty
from storegen import big_store

from recs.cli.output import PROGRESS_MIN

N = PROGRESS_MIN + 100  # just big enough for a bar
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")


def screen_text(raw: bytes) -> str:
    return ANSI.sub(b"", raw).replace(b"\r", b"\n").decode("utf-8", "replace")


def test_markdown_export_reports_progress_as_it_goes(tmp_path):
    """The md export is the slowest (seconds for the 42,000 UPR records): its bar
    moves as records are written instead of jumping from 0 to the end."""
    from recs.formats import exports
    from recs.store import Store

    big = big_store(tmp_path / "big", n=N)
    ticks: list[int] = []
    exports.render("md", Store.open(big), ticks.append)
    assert sum(ticks) == N and len(ticks) > 2 and max(ticks) < N


def test_mapped_import_shows_progress_on_a_terminal_and_nothing_extra_when_piped(recs, tmp_path):
    header = "To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session"
    text = "Take further measures to guarantee the rights of the child in law and in practice, " * 9
    rows = [f'Chad,Africa,AU,"{text}{i}",France,WEOG,EU,Accepted,5,"Justice,Women",5' for i in range(1500)]
    src = tmp_path / "upr.csv"
    src.write_text("\r".join([header, *rows]) + "\r")
    assert src.stat().st_size > 1_000_000  # the size that gets a bar
    mapping = str(ROOT / "data" / "mappings" / "upr-info.toml")
    for name in ("tty", "piped"):
        recs.ok("--db", str(tmp_path / name), "init", "--empty")
    code, raw = run_in_pty(tmp_path / "tty", "import", str(src), "--mapping", mapping)
    screen = screen_text(raw)
    assert code == 0 and "Checking rows" in screen and "Imported 1,500 rows" in screen, screen[-500:]
    piped = run(tmp_path / "piped", "import", str(src), "--mapping", mapping)
    assert piped.returncode == 0 and piped.stdout == ""
    assert piped.stderr == ("Imported 1,500 rows from 1 file (upr.csv): 1,500 added, 0 updated, 0 unchanged, "
                            "1 new brief.\n")
