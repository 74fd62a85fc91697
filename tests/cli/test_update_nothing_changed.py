"""An update that changes nothing says why (and writes nothing)."""

from conftest import digest


def test_removing_a_name_the_record_does_not_hold_says_so(recs, seeded):
    before = digest(seeded)
    done = recs.ok("update", "R1", "--actor=-Nobody")
    assert done.stderr.strip() == "R1: nothing changed ('Nobody' is not one of its actors)"
    done = recs.ok("update", "R1", "--tag=-nothere", "--tag=-alsonot")
    assert done.stderr.strip() == ("R1: nothing changed ('nothere' is not one of its tags; "
                                   "'alsonot' is not one of its tags)")
    assert digest(seeded) == before


def test_values_that_are_already_there_are_named_as_such(recs, seeded):
    status = recs.json("show", "R1")["status"]
    done = recs.ok("update", "R1", "--status", status)
    assert done.stderr.strip() == "R1: nothing changed (the values given are the current ones)"


def test_a_removal_that_removes_says_what_changed(recs, seeded):
    tags = recs.json("show", "R1")["tags"]
    done = recs.ok("update", "R1", f"--tag=-{tags[0]}", "--tag=-nothere")
    assert done.stderr.strip().splitlines() == [f"R1: tags {', '.join(tags)} → {', '.join(tags[1:])}",
                                                "R1: 'nothere' is not one of its tags"]


def test_a_removal_that_removes_nothing_beside_a_change_is_said_too(recs, seeded):
    done = recs.ok("update", "R1", "--actor=-Nobody", "--tag=+checked")
    lines = done.stderr.strip().splitlines()
    assert lines[-1] == "R1: 'Nobody' is not one of its actors" and any("tags" in line for line in lines)
