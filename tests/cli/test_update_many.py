"""`recs update` on several ids, or on the ids piped in (`-`): one write, one
change for `recs undo`, nothing written when one id is bad; +NAME/-NAME add or
remove one tag, actor or owner, as Taskwarrior's +tag does."""

import pytest
from conftest import snapshot


def status(recs, rec_id: str) -> str:
    return recs.json("show", rec_id)["status"]


def test_several_ids_in_one_write_and_one_undo(recs, seeded):
    before = snapshot(seeded)
    out = recs.ok("update", "R3", "r5", "R6", "R5", "--status", "implemented", "--note", "done").stderr
    assert out.splitlines() == ["R3: status Partially implemented → Implemented",
                                "R5: status Partially implemented → Implemented",
                                "R6: status In progress → Implemented"]
    changes = {recs.json("show", i)["history"][-1]["change"] for i in ("R3", "R5", "R6")}
    assert len(changes) == 1  # one command, one change
    preview = recs.ok("undo", "--dry-run").stdout + recs.ok("undo", "--dry-run").stderr
    assert "R3" in preview and "R5" in preview and "R6" in preview
    recs.ok("undo", "--yes")
    assert [status(recs, i) for i in ("R3", "R5", "R6")] == ["partial", "partial", "in_progress"]
    assert {k for k in snapshot(seeded) if snapshot(seeded)[k] != before.get(k)} <= {
        "recommendations/R3.json", "recommendations/R5.json", "recommendations/R6.json"}


def test_ids_read_from_stdin(recs, seeded):
    piped = recs.ok("list", "--status", "open", "--tag", "security", "--format", "ids").stdout
    assert piped == "R5\nR6\nR8\n"
    recs.ok("update", "-", "--status", "in_progress", input=piped)
    assert [status(recs, i) for i in ("R5", "R6", "R8")] == ["in_progress"] * 3
    recs.ok("update", "R1", "-", "--tag", "+reviewed", input="R2 R2\nR4\n")
    assert ["reviewed" in recs.json("show", i)["tags"] for i in ("R1", "R2", "R4", "R3")] == [True] * 3 + [False]


@pytest.mark.parametrize("args, message", [
    (["R1", "R99", "--status", "partial"], "Error: no recommendation with id 'R99' (see `recs list`)\n"),
    (["R99", "R1", "--tag", "+x"], "Error: no recommendation with id 'R99' (see `recs list`)\n"),
    (["R1", "R2", "--actor", "-International partners"], "Error: a recommendation needs at least one actor\n"),
    (["R1", "R2", "--status", "done"], None),
    (["R1", "-", "-", "--status", "partial"], "Error: '-' (the ids on stdin) can be given once\n"),
    (["-", "--status", "partial"], "Error: no ids given (stdin was empty)\n"),
    (["R1", "R2"], None),
])
def test_a_bad_id_or_value_writes_nothing(recs, seeded, args, message):
    before = snapshot(seeded)
    log = (seeded / ".recs" / "changes.ndjson")
    logged = log.read_bytes() if log.exists() else b""
    result = recs("update", *args, input="")
    assert result.exit_code != 0 and result.stdout == ""
    if message:
        assert result.stderr == message
    else:
        assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1
    assert snapshot(seeded) == before
    assert (log.read_bytes() if log.exists() else b"") == logged


def test_plus_and_minus_add_or_remove_one(recs, seeded):
    assert recs.json("show", "R1")["tags"] == ["humanitarian", "evacuation"]
    recs.ok("update", "R1", "--tag", "+urgent", "--tag", "-EVACUATION")
    assert recs.json("show", "R1")["tags"] == ["humanitarian", "urgent"]
    recs.ok("update", "R1", "--tag", "plain")  # a plain name replaces, as before
    assert recs.json("show", "R1")["tags"] == ["plain"]
    recs.ok("update", "R1", "--actor", "+United Nations", "--actor", "+united  nations")
    assert recs.json("show", "R1")["actors"] == ["International partners", "United Nations"]
    recs.ok("update", "R1", "--actor", "-international partners")
    assert recs.json("show", "R1")["actors"] == ["United Nations"]  # the next one leads
    assert recs.ok("update", "R1", "--tag", "+PLAIN").stderr.startswith("R1: nothing changed")


def test_mixing_names_and_signs_is_refused(recs, seeded):
    before = snapshot(seeded)
    result = recs("update", "R1", "--tag", "x", "--tag", "+y")
    assert result.exit_code == 2
    assert result.stderr == ("Error: give tag names to replace the tags, or +NAME and -NAME to add or remove one, "
                             "not both in one update\n")
    assert recs("update", "R1", "--tag", "-").exit_code == 2
    assert snapshot(seeded) == before


def test_dash_on_a_terminal_says_to_pipe_the_ids(recs, seeded):
    from procs import run_in_pty

    before = snapshot(seeded)
    code, received = run_in_pty(seeded, "update", "-", "--status", "partial")
    assert code == 2
    assert received.decode().startswith("Error: '-' reads ids from stdin, which is a terminal; pipe them in")
    assert snapshot(seeded) == before
