"""Owners: the staff who follow a recommendation, apart from the actors the brief
addresses. `--owner` on add and update (+NAME/-NAME), `list --owner`, `list
--mine`, `report --by owner`, the csv column, imports, undo and git merges."""

import csv
import io
import json
import os
import subprocess

import pytest
from conftest import snapshot


def ids(recs, *args, **kw) -> list[str]:
    return recs.ok("list", *args, "--format", "ids", **kw).stdout.split()


def test_owners_are_set_on_add_and_changed_on_update(recs, seeded):
    assert recs.ok("add", "Fund the clinics", "--actor", "UN", "--owner", "Ana", "--owner", "Bo").stdout == "R10\n"
    assert recs.json("show", "R10")["owners"] == ["Ana", "Bo"]
    assert "owners" not in recs.json("show", "R1")  # records without owners stay as they were
    recs.ok("update", "R1", "--owner", "Ana")
    recs.ok("update", "R10", "--owner", "+Cy", "--owner", "-ana")
    assert recs.json("show", "R10")["owners"] == ["Bo", "Cy"]
    assert recs.json("show", "R1")["owners"] == ["Ana"]
    out = recs.ok("update", "R1", "--owner", "-Ana").stderr
    assert out == "R1: owners Ana → (none)\n"
    assert recs.json("show", "R1")["owners"] == []
    assert recs.ok("update", "R1", "--owner", "-Zed").stderr.startswith("R1: nothing changed")
    history = recs.json("show", "R10")["history"]
    assert [(h["field"], h["old"], h["new"]) for h in history[-1:]] == [("owners", ["Ana", "Bo"], ["Bo", "Cy"])]
    assert "Owners   Bo, Cy" in recs.ok("show", "R10").stdout


def test_list_owner_and_mine(recs, seeded):
    recs.ok("update", "R2", "R5", "--owner", "Ana Lima")
    recs.ok("update", "R7", "--owner", "bo")
    assert ids(recs, "--owner", "ana  lima") == ["R2", "R5"]
    assert ids(recs, "--owner", "Ana Lima", "--owner", "BO") == ["R2", "R5", "R7"]
    assert ids(recs, "--mine", "--as", "Ana Lima") == ["R2", "R5"]
    assert ids(recs, "--mine", env={"RECS_USER": "bo"}) == ["R7"]
    assert ids(recs, "--mine") == []  # the tests' user (RECS_USER=tester) owns nothing
    assert ids(recs, "--mine", "--status", "open", "--as", "Ana Lima") == ["R5"]


def test_report_by_owner(recs, seeded):
    recs.ok("update", "R2", "R5", "--owner", "Ana")
    recs.ok("update", "R4", "--owner", "ANA", "--owner", "Bo")
    rep = recs.json("report", "--by", "owner")
    rows = {g["label"]: g["count"] for g in rep["groups"]}
    assert rows == {"Ana": 3, "Bo": 1, "(no owner)": 6}
    assert recs.json("report", "--owner", "ana")["total"] == 3
    text = recs.ok("report", "--by", "owner").stdout
    assert "By owner" in text and "(no owner)" in text


def test_owners_round_trip_through_csv_and_json(recs, seeded, tmp_path):
    recs.ok("update", "R3", "--owner", "Ana", "--owner", "Bo")
    csv_text = recs.ok("export", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert list(rows[0])[15] == "owners"
    assert [r["owners"] for r in rows[:3]] == ["", "", "Ana; Bo"]
    # a spreadsheet edit of the owners column is read back, with history
    edited = tmp_path / "edited.csv"
    edited.write_text(csv_text.replace("Ana; Bo", "Cy", 1), encoding="utf-8")
    recs.ok("import", str(edited))
    assert recs.json("show", "R3")["owners"] == ["Cy"]
    assert "owners" not in recs.json("show", "R1")  # an empty cell is no owner, not a change
    assert recs.json("show", "R1")["history"] == recs.json("show", "R1")["history"]
    backup = tmp_path / "backup.json"
    recs.ok("export", "--output", str(backup))
    recs.ok("--db", str(tmp_path / "copy"), "init", "--empty")
    recs.ok("--db", str(tmp_path / "copy"), "import", str(backup))
    assert snapshot(tmp_path / "copy" / "recommendations") == snapshot(seeded / "recommendations")


def test_owner_changes_are_undone(recs, seeded):
    before = snapshot(seeded)
    recs.ok("update", "R1", "R2", "--owner", "Ana")
    recs.ok("undo", "--yes")
    assert recs.json("show", "R1").get("owners") is None
    assert recs.json("show", "R2").get("owners") is None
    assert snapshot(seeded).keys() == before.keys()


@pytest.mark.parametrize("args", [
    ["update", "R1", "--owner", ""],
    ["update", "R1", "--owner", "a\nb"],
    ["update", "R1", "--owner", "+"],
    ["update", "R1", "--owner", "Ana", "--owner", "+Bo"],
    ["add", "New", "--actor", "UN", "--owner", " "],
    ["list", "--owner", ""],
    ["report", "--by", "owners"],
    ["report", "--by", "owner", "--audience", "external"],
    ["report", "--mine", "--audience", "external"],
])
def test_bad_owners_are_refused_and_nothing_changes(recs, seeded, args):
    before = snapshot(seeded)
    result = recs(*args)
    assert result.exit_code != 0
    assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1
    assert snapshot(seeded) == before


def _git(cwd, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="T", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="T",
               GIT_COMMITTER_EMAIL="t@example.org", GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done


def test_git_merges_owners_changed_on_two_branches(recs, tmp_path, monkeypatch):
    """Owners are a field like the others for the merge driver: changes to
    different records merge, and a change on one side wins over no change."""
    repo = tmp_path / "shared"
    monkeypatch.setenv("RECS_DB", str(repo))
    recs.ok("init")
    _git(repo, "init", "-q", "-b", "main")
    recs.ok("git-setup")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "start")
    _git(repo, "checkout", "-qb", "other")
    recs.ok("update", "R1", "--owner", "Ana", "--tag", "+mine")
    _git(repo, "commit", "-qam", "Ana follows R1")
    _git(repo, "checkout", "-q", "main")
    recs.ok("update", "R1", "--status", "partial")
    _git(repo, "commit", "-qam", "R1 partial")
    _git(repo, "merge", "-q", "--no-edit", "other")
    merged = json.loads((repo / "recommendations" / "R1.json").read_text())
    assert merged["owners"] == ["Ana"] and merged["status"] == "partial" and "mine" in merged["tags"]
