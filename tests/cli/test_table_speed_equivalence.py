"""The table renderer's quicker paths draw what the general ones draw: wrapping
one-cell text by its spaces (`wrap_spaced`) breaks where the word-by-word loop
breaks, and a wrapped row keeps every character of its cells inside its column,
in order, whatever the characters (wide, combining, emoji, a word longer than its
column), at any width, painted or not."""

import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len, get_character_cell_size

from procs import run_in_pty
from recs.cli import table

SGR = re.compile(r"\x1b\[[0-9;]*m")

#: Words of one-cell characters (ASCII, accented Latin, Greek, dashes, ellipsis, box drawing).
narrow_word = st.text(st.sampled_from("abcXYZ09.,;()éüßΩλ–—…─"), min_size=1, max_size=25)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(narrow_word, min_size=1, max_size=30), width=st.integers(1, 40))
def test_spaced_text_wraps_where_the_word_by_word_loop_does(words, width):
    text = " ".join(words)
    assert table.wrap_spaced(text, width) == table.wrap_words(text, width, len)
    assert table.wrap(text, width) == table.wrap_words(text, width)


@settings(max_examples=200, deadline=None)
@given(text=st.text(st.sampled_from("ab é日本\u0301🙂–…"), max_size=60), width=st.integers(1, 30))
def test_any_text_wraps_to_lines_that_fit(text, width):
    lines = table.wrap(text, width)
    if cell_len(text) > width:  # (text that fits is its own line)
        assert lines == table.wrap_words(text, width)
    assert all(cell_len(line) <= max(width, 2) for line in lines)  # (a wide character in a column of 1)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


WIDE = "日本語のタイトルと中文标题 wide characters: 漢字 " * 2
COMBINING = "Cafe\u0301 re\u0301sume\u0301 nai\u0308ve " * 4
EMOJI = "Water 🌊 and food 🍞 for every family 👪 in the camps 🏕 now"
LONG_WORD = "see https://example.org/a/very/long/address/that/no/column/can/hold/whole then read"
ROWS = [
    ["R1", WIDE, "Office of the High Commissioner", ("In progress", "yellow"), "42", "–"],
    ["R2", COMBINING, "Länder", ("Implemented", "green"), "7", "1 March 2024: " + EMOJI],
    ["R3", LONG_WORD, "", ("Not started", "bright_black"), "1,000", "two\nlines"],
    ["R4", "Short title", "State A; State B; State C; State D", "", "", ""],
]
COLUMNS = [table.Column("ID"), table.Column("Title", flex=True, wrap=True), table.Column("Actors", flex=True, wrap=True),
           table.Column("Status"), table.Column("Count", right=True), table.Column("Latest evidence", flex=True, wrap=True)]


def column_texts(lines: list[str], widths: list[int], gap: int) -> list[str]:
    """What each column holds, line after line, cut at the columns' cell offsets;
    fails if a character crosses a column's edge or anything but a space is in a gap."""
    starts = [sum(widths[:i]) + gap * i for i in range(len(widths))]
    found = [""] * len(widths)
    for line in lines:
        at, column = 0, None
        for char in line:
            size = get_character_cell_size(char)
            if size:  # (a zero-width character stays with the one before it)
                column = next((i for i, s in enumerate(starts) if s <= at < s + widths[i]), None)
                assert column is not None or char == " ", (line, char, at)
                if column is not None:
                    assert at + size <= starts[column] + widths[column], (line, char, at)
            if column is not None:
                found[column] += char
            at += size
        found = [text + " " for text in found]  # (a line's end parts words)
    return found


@pytest.mark.parametrize("width", [40, 60, 80, 120, 200])
@pytest.mark.parametrize("styles", [True, False], ids=["painted", "plain"])
def test_wrapped_rows_keep_each_cell_in_its_column(width, styles):
    out = io.StringIO()
    drawn = table.Table(COLUMNS, width=width, paint=table.Painter(styles=styles), out=out)
    assert drawn.print(ROWS) == len(ROWS)
    lines = SGR.sub("", out.getvalue()).split("\n")[2:-1]  # (the header and its rule)
    assert len(lines) > len(ROWS)  # some rows wrap
    assert all(cell_len(line) <= width for line in lines), lines
    found = column_texts(lines, drawn.widths, len(drawn.gap))
    for i, column in enumerate(COLUMNS):  # nothing cut: every character, in order (a long word in pieces)
        cells = [cell if isinstance(cell, str) else cell[0] for cell in (row[i] for row in ROWS)]
        assert "".join(found[i].split()) == "".join("".join(cells).split()), column.header


def test_the_report_on_a_terminal_keeps_wide_text_in_its_columns(recs, empty):
    for title in (WIDE, COMBINING, EMOJI, LONG_WORD):
        recs.ok("add", title, "--actor", "Office of the High Commissioner")
    for columns in (100, 160):
        code, shown = run_in_pty(empty, "report", columns=columns)
        assert code == 0
        lines = SGR.sub("", shown.decode()).replace("\r\n", "\n").split("\n")
        assert all(cell_len(line) <= columns for line in lines), [line for line in lines if cell_len(line) > columns]
        words = " ".join(lines).split()
        assert all(word in words for word in "Water 🌊 and food 🍞 for every family 👪".split())
