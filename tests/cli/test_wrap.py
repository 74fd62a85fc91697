"""`history` and `show` at 80 columns keep words whole (the note goes under its
row when the columns cannot all hold their longest words), evidence edits show
the fields that changed, and `history` takes `--pager/--no-pager`."""

import io
import re

import pytest
from rich.cells import cell_len

from procs import run_in_pty
from recs.cli import table

SGR = re.compile(r"\x1b\[[0-9;]*m")
AUTHOR = "recs seed (public-record.md)"


def words_on(raw: bytes) -> tuple[list[str], list[str]]:
    lines = SGR.sub("", raw.decode()).replace("\r\n", "\n").split("\n")
    return lines, "\n".join(lines).split()


def record_words(recs, rec_id: str) -> set[str]:
    """Every word `show` can print of a record (its history notes, authors, values)."""
    found = recs.json("show", rec_id)
    text = " ".join(str(h.get(k) or "") for h in found["history"] for k in ("by", "note"))
    text += " " + " ".join(f"{e['summary']} {e.get('source') or ''} {e['by']}" for e in found["evidence"])
    return set(text.split())


@pytest.mark.parametrize("args", [("history", "R4", "--no-pager"), ("show", "R3")])
def test_80_columns_split_no_word(recs, seeded, args):
    code, raw = run_in_pty(seeded, *args, columns=80)
    lines, shown = words_on(raw)
    assert code == 0 and all(cell_len(line) <= 80 for line in lines)
    assert "(public-record.md)" in shown and "Recommendation" in shown  # the author wraps at its space
    assert "Recommendati" not in shown and "(public-reco" not in shown and "Recommendatio" not in shown
    assert not [word for word in record_words(recs, args[1]) if word not in shown]  # every word whole


def test_120_columns_keep_the_note_in_its_column(recs, seeded):
    code, raw = run_in_pty(seeded, "history", "R4", "--no-pager", columns=120)
    lines, shown = words_on(raw)
    assert code == 0 and all(cell_len(line) <= 120 for line in lines)
    assert "Note" in lines[2].split() and "Note:" not in shown
    assert "Recommendation" in shown and "(public-record.md)" in shown


def test_a_note_goes_under_its_row_only_when_the_words_do_not_fit():
    columns = [table.Column("When"), table.Column("By", flex=True, wrap=True),
               table.Column("Note", flex=True, wrap=True, under=True)]
    rows = [["12:00", AUTHOR, "Recommendation of the brief"]]
    for width, expected in ((30, ["When    By", "-" * 30, "12:00   recs seed", "        (public-record.md)",
                                  "        Note: Recommendation", "        of the brief"]),
                            (80, ["When    By                             Note",
                                  "-" * 66, "12:00   recs seed (public-record.md)   Recommendation of the brief"])):
        out = io.StringIO()
        table.Table(columns, width=width, out=out, paint=table.Painter(styles=False)).print(rows)
        got = out.getvalue().replace("─", "-").splitlines()
        assert got == expected, (width, got)


def test_an_evidence_edit_shows_the_fields_that_changed(recs, seeded):
    recs.ok("evidence", "edit", "R4", "E1", "--url", "https://x.org/a")
    last = recs.ok("history", "R4").stdout.splitlines()[-1]
    assert "E1 url: (none)" in last and "E1 url: https://x.org/a" in last
    assert last.index("E1 url: (none)") < last.index("E1 url: https://x.org/a")
    csv_last = recs.ok("history", "R4", "--format", "csv").stdout.splitlines()[-1]
    assert "E1 url: (none),E1 url: https://x.org/a," in csv_last
    shown = recs.ok("show", "R4").stdout
    assert "E1 url: https://x.org/a" in shown
    code, raw = run_in_pty(seeded, "history", "R4", "--no-pager", columns=80)
    lines, words = words_on(raw)
    assert code == 0 and "https://x.org/a" in words and "(none)" in words


def test_two_fields_edited_show_both(recs, seeded):
    recs.ok("evidence", "edit", "R4", "E1", "--source", "New source", "--date", "2024-02-01")
    lines = recs.ok("history", "R4").stdout.splitlines()
    text = "\n".join(lines[-2:])
    assert "E1 source: New source" in text and "E1 date: 2024-02-01" in text


def test_history_takes_pager_options(recs, seeded, tmp_path):
    before = (seeded / "recommendations" / "R4.json").read_bytes()
    for flag in ("--no-pager", "--pager"):
        assert recs.ok("history", "R4", flag).stdout == recs.ok("history", "R4").stdout
    pager = tmp_path / "pager.sh"
    pager.write_text('#!/bin/sh\necho "PAGER"\ncat\n')
    pager.chmod(0o755)
    code, raw = run_in_pty(seeded, "history", "R4", columns=80, PAGER=str(pager))
    assert code == 0 and raw.lstrip().startswith(b"PAGER")
    code, raw = run_in_pty(seeded, "history", "R4", "--no-pager", columns=80, PAGER=str(pager))
    assert code == 0 and b"PAGER" not in raw and b"History (5)" in raw
    bad = recs("history", "R4", "--pager=yes")
    assert bad.exit_code == 2 and bad.stderr.startswith("Error:") and "Traceback" not in bad.stderr
    assert (seeded / "recommendations" / "R4.json").read_bytes() == before
