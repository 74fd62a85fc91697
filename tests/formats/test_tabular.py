"""`recs.formats.tabular`: the CSV of `list` and `export`, read back with the
standard library's csv module: cells a spreadsheet would run are inert, and
every value comes back as it was."""

import csv
import io

import pytest

from recs.formats import tabular

FORMULAS = ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tTAB", "\rCR", " =1", "\n=1", "\x00=1", "＝1", "＋1", "－1", "＠1"]
PLAIN = ["'tis", "plain", "", "a=b", "1-2", "''", "'", "'x"]


@pytest.mark.parametrize("value", FORMULAS)
def test_formulas_are_made_inert_and_restored(value):
    cell = tabular.neutralise(value)
    assert cell == "'" + value and tabular.restore(cell) == value


@pytest.mark.parametrize("value", PLAIN + ["'=1", "''=x"])
def test_other_cells_come_back_as_they_were(value):
    assert tabular.restore(tabular.neutralise(value)) == value


@pytest.mark.parametrize("items", [["UN", "EU"], ["A; B", "C"], ["[draft]"], [" padded "], [""], [],
                                   ["Côte d'Ivoire", "שלום"], ["x;y", "z"]])
def test_lists_split_back_into_the_same_items(items):
    cell = tabular.join(items)
    assert tabular.split(cell) == items
    assert cell == "; ".join(items) or cell.startswith("[")


def test_a_hand_written_bracket_cell_is_read_as_names():
    assert tabular.split("[draft]; security") == ["[draft]", "security"]


def record(i: int, **extra) -> dict:
    return {"id": f"R{i}", "brief": "b1", "title": f"Title {i}", "status": "partial", "actors": ["UN", "EU"],
            "due": "2025-02", "tags": ["x"], "created": "2024-01-01T00:00:00Z", "updated": "2024-01-02T00:00:00Z",
            "text": "", "quote": "", "evidence": [
                {"date": "2024-03-01", "url": "https://a.org"}, {"date": "2024-02-01", "url": "https://b.org"}],
            **extra}


def read(pieces: list[bytes]) -> list[dict]:
    return list(csv.DictReader(io.StringIO(b"".join(pieces).decode(), newline="")))


def test_rows_have_the_stable_columns_then_the_source_fields():
    items = [tabular.csv_item(record(1, fields={"session": "8"})),
             tabular.csv_item(record(2, title="=HYPERLINK(\"x\")", fields={"country": "Chad"}))]
    rows = read(tabular.csv_pieces(items))
    assert list(rows[0]) == [*tabular.COLUMNS, "field:country", "field:session"]
    assert rows[0]["actors"] == "UN; EU" and rows[0]["status_label"] == "Partially implemented"
    assert rows[0]["latest_evidence_date"] == "2024-03-01" and rows[0]["latest_evidence_url"] == "https://a.org"
    assert (rows[0]["field:session"], rows[0]["field:country"]) == ("8", "")
    assert rows[1]["title"] == "'=HYPERLINK(\"x\")" and tabular.restore(rows[1]["title"]) == "=HYPERLINK(\"x\")"


def test_text_with_line_breaks_and_quotes_stays_in_its_cell():
    text = 'He said "stop"\r\nthen, later; left\n=1'
    rows = read(tabular.csv_pieces([tabular.csv_item(record(1, text=text))]))
    assert len(rows) == 1 and rows[0]["text"] == text and rows[0]["quote"] == ""


def test_a_long_csv_comes_in_pieces_that_make_the_same_file():
    items = [tabular.csv_item(record(i)) for i in range(1, 2502)]
    pieces = tabular.csv_pieces(items)
    assert len(pieces) == 3 and all(p.endswith(b"\r\n") for p in pieces)
    assert [r["id"] for r in read(pieces)] == [f"R{i}" for i in range(1, 2502)]
