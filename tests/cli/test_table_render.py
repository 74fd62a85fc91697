"""Tables on a real terminal (a pty): widths in terminal cells, colour that
`NO_COLOR` removes without moving anything, and the pager."""

import re

import pytest
from rich.cells import cell_len

from procs import run_in_pty
from storegen import big_store

SGR = re.compile(r"\x1b\[[0-9;]*m")
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|9[0-7])(?:;[0-9;]*)?m")
WIDE = "日本語のタイトルと中文标题 wide characters: 漢字 " * 2
COMBINING = "Cafe\u0301 re\u0301sume\u0301 nai\u0308ve " * 6
SUMMARY = "Ministers met the mission on 4 October and agreed a plan with every partner named in the brief"


def screen_lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").split("\n")


@pytest.fixture
def store(recs, empty):
    recs.ok("add", WIDE, "--actor", "Office of the High Commissioner", "--due", "2026-05")
    recs.ok("add", COMBINING, "--actor", "UN")
    recs.ok("add", "Short title", "--actor", "Länder")
    recs.ok("update", "R3", "--status", "implemented")
    recs.ok("evidence", "add", "R1", "--summary", SUMMARY, "--source", "Minutes")
    return empty


@pytest.mark.parametrize("args", [("list", "--no-pager"), ("show", "R1"), ("due",)], ids=["list", "show", "due"])
def test_no_color_keeps_the_layout_and_cells_fit_the_terminal(store, args):
    now = "2026-06-01T00:00:00Z"  # R1 overdue: `due` has a row, and exits 1
    code, coloured = run_in_pty(store, *args, columns=80, RECS_NOW=now)
    assert code == (1 if args == ("due",) else 0)
    code, plain = run_in_pty(store, *args, columns=80, NO_COLOR="1", RECS_NOW=now)
    assert code == (1 if args == ("due",) else 0)
    assert COLOUR.search(coloured.decode()) and not COLOUR.search(plain.decode())
    lines = screen_lines(SGR.sub("", coloured.decode()))
    # the same, character for character, but the rule: ASCII without colour (no box-drawing, SPEC)
    assert [line.replace("─", "-") for line in lines] == screen_lines(SGR.sub("", plain.decode()))
    assert "\x1b[" not in plain.decode()  # no bold either: plain text
    assert all(cell_len(line) <= 80 for line in lines), [line for line in lines if cell_len(line) > 80]
    if args[0] == "list":
        header = lines[0]
        at = cell_len(header[:header.index("Actors")])
        rows = lines[2:5]
        assert [cell_len(r[:r.index(a)]) for r, a in zip(rows, ("Office", "UN", "Länder"))] == [at] * 3
        assert "日本語" in rows[0] and "…" in rows[0] and "e\u0301" in rows[1] and "…" in rows[1]
        assert lines[5].strip() == "3 recommendations, 1 closed"
    elif args[0] == "due":
        assert lines[2].startswith("Office") and "OVERDUE" in lines[2] and "日本語" in lines[2]
    else:  # show wraps long text rather than cutting it
        words = " ".join(lines).split()
        assert all(w in words for w in SUMMARY.split()) and all(w in words for w in WIDE.split())
        assert any(line.strip() == "History (2)" for line in lines)
        assert "…" not in " ".join(lines)  # nothing cut: the history's times are whole at 80 columns


def test_wide_terminal_shows_rows_whole(store):
    code, raw = run_in_pty(store, "list", "--no-pager", "--limit", "2", columns=200)
    assert code == 0
    lines = screen_lines(SGR.sub("", raw.decode()))
    assert WIDE.strip() in lines[2] and "…" not in lines[2]
    assert lines[-2] == "1 more; use --limit N or --all to see them"  # the last line, on a terminal


def pager_script(tmp_path, body: str) -> str:
    path = tmp_path / "pager.sh"
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return str(path)


def test_the_list_goes_through_the_pager(store, tmp_path):
    pager = pager_script(tmp_path, 'echo "PAGER LESS=$LESS"\ncat\n')
    code, raw = run_in_pty(store, "list", columns=100, PAGER=pager)
    text = raw.decode()
    assert code == 0 and text.startswith("PAGER LESS=FRX")  # as git sets it
    assert "\x1b[1mR1\x1b[0m" in text and "Short title" in text  # colours kept through the pipe
    code, raw = run_in_pty(store, "list", columns=100, PAGER=pager, LESS="-S")
    assert raw.decode().startswith("PAGER LESS=-S")  # the reader's own LESS
    code, raw = run_in_pty(store, "list", "--no-pager", columns=100, PAGER=pager)
    assert code == 0 and b"PAGER" not in raw and b"Short title" in raw
    code, raw = run_in_pty(store, "list", columns=100, PAGER=str(tmp_path / "no-such-pager"))
    assert code == 0 and b"Short title" in raw and b"Error" not in raw  # printed instead


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A thousand recommendations: more than the rows measured before the first line."""
    return big_store(tmp_path_factory.mktemp("big") / "tracker", n=1000)


def test_rows_past_the_first_screen_keep_their_ids_and_fit(big):
    code, raw = run_in_pty(big, "list", "--no-pager", columns=120)
    assert code == 0
    lines = screen_lines(SGR.sub("", raw.decode()))
    assert lines[-2].strip() == "1,000 recommendations, 408 closed"
    assert lines[1001].startswith("R1000   ") and all(cell_len(line) <= 120 for line in lines)
    statuses = {re.split(" {3,}", line)[1] for line in lines[2:1002]}
    assert statuses == {"Not started", "In progress", "Partially implemented", "Implemented", "Not implemented"}


def test_a_pager_quit_early_is_no_error(big, tmp_path):
    """The reader quits (the pager closes its end) while rows are still coming."""
    db = big
    pager = pager_script(tmp_path, "head -n 3\nexec 0<&-\n")
    code, raw = run_in_pty(db, "list", columns=120, PAGER=pager)
    text = raw.decode("utf-8", "replace")
    assert code == 0, text
    assert "Traceback" not in text and "Error" not in text and "Exception" not in text
    assert len(text.splitlines()) == 3


@pytest.mark.parametrize("colour", [True, False])
def test_recs_styles_are_drawn_as_rich_draws_them(colour):
    """The codes kept for recs's own styles (drawn without importing rich.style) are rich's."""
    from recs.cli import table

    painter = table.Painter(colour=colour)
    for style in table.KNOWN:
        assert painter.known(style) == table.rich_codes(style, colour), style
    assert table.Painter(colour=colour)("x", "bold underline") == "%sx%s" % table.rich_codes("bold underline", colour)


def test_text_measured_by_its_length_is_one_cell_a_character():
    """`table.NARROW` (text measured by its length, without rich) holds only characters
    rich draws one cell wide, every one of them checked."""
    from recs.cli import table

    narrow = [chr(c) for c in range(0x30000) if table.NARROW.fullmatch(chr(c))]
    assert {"█", "─", "…", "é", "–"} <= set(narrow)
    assert [c for c in narrow if cell_len(c) != 1] == []


@pytest.mark.parametrize("columns, expected", [("132", 132), (" 90 ", 90), ("0", 77), ("x", 77), ("", 77), ("5", 10)])
def test_the_table_width_is_columns_else_the_terminals(columns, expected):
    """`COLUMNS` first (as rich and `ls` read it), then the terminal's own width (77 here)."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 77, 0, 0))
    code = "import sys; from recs.cli import table; sys.stderr.write(f'width {table.terminal_width()}')"
    done = subprocess.run([sys.executable, "-c", code], stdout=slave, stderr=subprocess.PIPE, text=True,
                          env={**os.environ, "COLUMNS": columns}, timeout=60)
    os.close(slave)
    os.close(master)
    assert done.returncode == 0 and done.stderr == f"width {expected}"
