"""`recs evidence edit ID EID` and `recs evidence remove ID EID`: the entry as it
was is kept whole in the history, and both are undone and redone."""

import pytest
from conftest import digest, record, snapshot
from fixing import assert_restored
from procs import run_in_pty


@pytest.fixture
def two(recs, seeded):
    """R8 with two pieces of evidence, E1 and E2."""
    recs.ok("evidence", "add", "R8", "--summary", "Talks began", "--url", "https://example.org/a", "--date", "2024-05-01")
    recs.ok("evidence", "add", "R8", "--summary", "A statement", "--source", "Press", "--date", "2024-06")
    return seeded


def test_edit_changes_the_fields_given_and_keeps_the_old_entry(recs, two):
    before = record(two, "R8")["evidence"][0]
    result = recs.ok("evidence", "edit", "R8", "e1", "--summary", "Talks began in Vienna", "--date", "2024-05-02",
                     "--url", "", "--source", "Ministry", "--note", "wrong city")
    assert result.stdout == ""
    assert "R8 E1: summary Talks began → Talks began in Vienna" in result.stderr
    assert "R8 E1: url https://example.org/a → (none)" in result.stderr
    r8 = record(two, "R8")
    assert r8["evidence"][0] == dict(before, summary="Talks began in Vienna", date="2024-05-02", url=None,
                                     source="Ministry")
    last = r8["history"][-1]
    assert (last["field"], last["old"], last["new"], last["note"]) == ("evidence", before, r8["evidence"][0], "wrong city")
    recs.ok("doctor")


def test_an_edit_is_undone_and_redone_byte_for_byte(recs, two):
    start = snapshot(two)
    recs.ok("evidence", "edit", "R8", "E2", "--summary", "A clearer statement")
    edited = snapshot(two)
    assert "put back the earlier version of evidence E2" in recs.ok("undo", "--dry-run").stderr
    recs.ok("undo", "--yes")
    assert_restored(start, snapshot(two))
    recs.ok("redo", "--yes")
    assert_restored(edited, snapshot(two))


def test_remove_keeps_the_entry_and_undo_puts_it_back_in_its_place(recs, two):
    start = snapshot(two)
    removed = record(two, "R8")["evidence"][0]
    result = recs.ok("evidence", "remove", "R8", "E1", "--yes", "--note", "not about R8")
    assert "R8 E1: removed" in result.stderr
    r8 = record(two, "R8")
    assert [e["id"] for e in r8["evidence"]] == ["E2"]
    assert (r8["history"][-1]["old"], r8["history"][-1]["new"]) == (removed, None)
    after_remove = snapshot(two)
    recs.ok("undo", "--yes")
    assert_restored(start, snapshot(two))  # E1 back before E2
    recs.ok("redo", "--yes")
    assert_restored(after_remove, snapshot(two))
    # its id is not given to new evidence
    recs.ok("evidence", "add", "R8", "--summary", "New", "--source", "s")
    assert [e["id"] for e in record(two, "R8")["evidence"]] == ["E2", "E3"]
    recs.ok("doctor")


def test_remove_asks_on_a_terminal(recs, two):
    before = digest(two)
    no_tty = recs("evidence", "remove", "R8", "E1")
    assert no_tty.exit_code == 2 and no_tty.stderr.startswith("Error: ") and "--yes" in no_tty.stderr
    code, screen = run_in_pty(two, "evidence", "remove", "R8", "E1", answer=b"n\n")
    assert code == 1 and b"Remove evidence E1 (Talks began) from R8?" in screen and b"Nothing was changed" in screen
    assert digest(two) == before
    code, screen = run_in_pty(two, "evidence", "remove", "R8", "E1", answer=b"y\n")
    assert code == 0 and b"R8 E1: removed" in screen
    assert [e["id"] for e in record(two, "R8")["evidence"]] == ["E2"]
    recs.ok("doctor")


def test_an_edit_that_changes_nothing_says_so(recs, two):
    before = digest(two)
    result = recs.ok("evidence", "edit", "R8", "E2", "--summary", "A statement", "--note", "why")
    assert "nothing changed" in result.stderr and "the note was not recorded" in result.stderr
    assert digest(two) == before


@pytest.mark.parametrize("args, code, words", [
    (["evidence", "edit", "R8", "E9", "--summary", "x"], 1, "R8 has no evidence 'E9' (its evidence: E1, E2"),
    (["evidence", "edit", "R99", "E1", "--summary", "x"], 1, "no recommendation with id 'R99'"),
    (["evidence", "edit", "R8", "E1"], 2, "nothing to change"),
    (["evidence", "edit", "R8", "E1", "--summary", "  "], 1, "must not be empty"),
    (["evidence", "edit", "R8", "E1", "--url", "ftp://x"], 1, "invalid URL"),
    (["evidence", "edit", "R8", "E1", "--date", "2024-13-01"], 1, "invalid evidence date"),
    (["evidence", "edit", "R8", "E1", "--date", "2999-01-01"], 1, "in the future"),
    (["evidence", "edit", "R8", "E1", "--url", ""], 2, "needs a url or a source"),
    (["evidence", "edit", "R8"], 2, "Missing argument"),
    (["evidence", "remove", "R8", "E9", "--yes"], 1, "R8 has no evidence 'E9'"),
    (["evidence", "remove", "R99", "E1", "--yes"], 1, "no recommendation with id 'R99'"),
    (["evidence", "remove", "R8"], 2, "Missing argument"),
])
def test_bad_input_changes_nothing(recs, two, args, code, words):
    before = digest(two)
    result = recs(*args)
    assert result.exit_code == code, (args, result.stderr)
    assert result.stderr.startswith("Error: ") and words in result.stderr and "Traceback" not in result.stderr
    assert digest(two) == before
