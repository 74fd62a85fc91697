"""One tracker for a whole team, shared through git (issue 10), with real git.

Every case runs on a bare `origin.git` and clones of it, each clone a tracker
at the repository's root, with `recs` run through its entry point in the clone
(no RECS_DB: it finds the tracker itself) and git's merge driver, a real process, as
`recs git-setup` configures it. Pulls are tried both ways: `git pull
--no-rebase` (a merge: ours = the local branch) and `git pull --rebase`
(ours = upstream, theirs = the local commit being replayed).

Building a team costs a dozen processes, so each kind of team is built once
(`TEAMS`) and copied for every test.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from procs import ROOT
from recs.cli.app import app

MODES = ["--no-rebase", "--rebase"]
T0 = "2026-01-05T09:00:00Z"  # the team's repository is made
T1 = "2026-01-06T09:00:00Z"  # the first side's edits
T2 = "2026-01-06T10:00:00Z"  # the other side's, later
T3 = "2026-01-06T11:00:00Z"


def git_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RECS_", "GIT_"))}
    env.update(GIT_AUTHOR_NAME="Tester", GIT_AUTHOR_EMAIL="tester@example.org", GIT_COMMITTER_NAME="Tester",
               GIT_COMMITTER_EMAIL="tester@example.org", GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1",
               GIT_EDITOR="true", GIT_TERMINAL_PROMPT="0", HOME=str(home), XDG_DATA_HOME=str(home / "xdg"),
               PYTHONPATH=str(ROOT))
    env.pop("NO_COLOR", None)
    return env


class Clone:
    """One person's clone: `recs` and `git` run in it."""

    def __init__(self, path: Path, user: str, env: dict[str, str]):
        self.path, self.user, self.env = path, user, env

    def recs(self, *args: str, now: str = T1, code: int | None = 0) -> subprocess.CompletedProcess:
        """`recs ARGS` in this clone, through the real entry point, in this process (a
        process each would cost most of this file's time); git runs the merge driver as
        its own process, as `recs git-setup` configures it."""
        env = {k: v for k, v in self.env.items() if os.environ.get(k) != v}
        env.update(RECS_USER=self.user, RECS_NOW=now, RECS_DB=None, NO_COLOR=None)
        here = os.getcwd()
        os.chdir(self.path)
        try:
            result = CliRunner().invoke(app, list(args), env=env)
        finally:
            os.chdir(here)
        done = subprocess.CompletedProcess(["recs", *args], result.exit_code, result.stdout, result.stderr)
        if code is not None:
            assert done.returncode == code, (args, done.returncode, done.stdout + done.stderr)
        return done

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(["git", *args], cwd=self.path, env=self.env, capture_output=True, text=True,
                              timeout=60)
        if check:
            assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-qm", message)

    def pull(self, mode: str, check: bool = True) -> subprocess.CompletedProcess:
        return self.git("pull", "-q", mode, "--no-edit", "origin", "main", check=check)

    def finish(self, mode: str) -> None:
        """Conclude a merge or rebase a person has resolved (and `git add`ed)."""
        if mode == "--rebase":
            self.git("rebase", "--continue")
        else:
            self.git("commit", "-q", "--no-edit")

    def record(self, rec_id: str, table: str = "recommendations") -> dict:
        return json.loads((self.path / table / f"{rec_id}.json").read_bytes())

    def raw(self, rec_id: str) -> bytes:
        return (self.path / "recommendations" / f"{rec_id}.json").read_bytes()

    def tree(self) -> str:
        return self.git("rev-parse", "HEAD^{tree}").stdout.strip()

    def ids(self) -> set[str]:
        return {p.stem for p in (self.path / "recommendations").glob("*.json")}


class Team:
    def __init__(self, root: Path, env: dict[str, str]):
        self.root, self.env = root, env
        self.a = Clone(root / "a", "ana", env)
        self.b = Clone(root / "b", "ben", env)
        self.c = Clone(root / "c", "cleo", env)  # never ran `recs git-setup`

    def settle(self, merged: Clone) -> None:
        """After a merge in `merged`: the tracker is sound; push it, the others pull,
        and every clone holds the same tree."""
        merged.recs("doctor")
        merged.git("push", "-q", "origin", "main")
        for clone in (self.a, self.b, self.c):
            if clone is not merged:
                clone.pull("--no-rebase")  # fast-forwards: the merge is done
        assert self.a.tree() == self.b.tree() == self.c.tree() == merged.tree()
        assert not merged.git("status", "--porcelain").stdout


TEAMS: dict[str, Path] = {}


def build(kind: str, where: Path) -> None:
    """The team of `kind`, made in `where`:

    - "shared": `recs git-setup` committed (ids random, .gitattributes); clones
      a and b ran it too (the driver is configured there), c did not;
    - "sequential": the same with sequential ids R<n> (tracker.json as before git-setup);
    - "plain": no git-setup anywhere, no .gitattributes: plain git, as GitHub merges.
    """
    env = git_env(where)
    src = Clone(where / "src", "lead", env)
    subprocess.run(["git", "init", "-q", "-b", "main", str(src.path)], env=env, check=True)
    src.recs("init", "--empty", str(src.path), now=T0)
    src.recs("brief", "add", "b1", "--title", "A brief", "--publisher", "Pub", "--published", "2024-01-31", now=T0)
    for title in ("Guarantee safe passage", "Extend the monitoring mission"):
        src.recs("add", title, "--actor", "European Union", "--brief", "b1", now=T0)
    src.recs("evidence", "add", "R1", "--date", "2024-01-02", "--summary", "A first statement",
             "--source", "Press release", now=T0)
    if kind != "plain":
        src.recs("git-setup", now=T0)
        if kind == "sequential":
            (src.path / "tracker.json").write_text('{\n  "schema_version": 3\n}\n')
    src.commit("A new tracker")
    subprocess.run(["git", "clone", "-q", "--bare", str(src.path), str(where / "origin.git")], env=env, check=True)
    shutil.rmtree(src.path)
    for name in "abc":
        subprocess.run(["git", "clone", "-q", "origin.git", name], cwd=where, env=env, check=True)
        clone = Clone(where / name, "x", env)
        if kind != "plain" and name != "c":
            clone.recs("git-setup", now=T0)
            clone.git("checkout", "--", "tracker.json")  # a sequential team stays sequential
    assert (where / "a" / ".gitattributes").exists() == (kind != "plain")


@pytest.fixture(scope="session")
def team_templates(tmp_path_factory):
    return tmp_path_factory.mktemp("teams")


@pytest.fixture
def team(request, tmp_path, team_templates) -> Team:
    kind = getattr(request, "param", "shared")
    if kind not in TEAMS:
        build(kind, team_templates / kind)
        TEAMS[kind] = team_templates / kind
    root = tmp_path / "team"
    shutil.copytree(TEAMS[kind], root, symlinks=True)
    out = Team(root, git_env(root))
    for clone in (out.a, out.b, out.c):
        clone.git("remote", "set-url", "origin", str(root / "origin.git"))
    return out


def statuses(record: dict) -> list:
    return [(e["by"], e["old"], e["new"]) for e in record["history"] if e["field"] == "status"]


def summaries(record: dict) -> list[str]:
    return [e["summary"] for e in record["evidence"]]


# -- 1. clean diffs --------------------------------------------------------------------------------


def test_a_change_touches_one_file_and_its_log_is_the_records_history(team):
    a = team.a
    a.recs("update", "R1", "--status", "in_progress", "--note", "Raised with the delegation")
    numstat = a.git("diff", "--numstat").stdout.split()
    assert numstat[2:] == ["recommendations/R1.json"] and int(numstat[0]) <= 12 and int(numstat[1]) <= 2, numstat
    a.commit("R1 in progress")
    a.recs("evidence", "add", "R1", "--date", "2026-01-04", "--summary", "Minutes of the meeting",
           "--source", "Team notes", now=T2)
    numstat = a.git("diff", "--numstat").stdout.split()
    assert numstat[2:] == ["recommendations/R1.json"] and int(numstat[0]) <= 20 and int(numstat[1]) <= 2, numstat
    a.commit("Evidence for R1")
    log = a.git("log", "-p", "--", "recommendations/R1.json").stdout
    assert log.count("\ncommit ") + log.startswith("commit ") == 3  # made, in progress, evidence
    for line in ('+  "status": "in_progress",', '+      "note": "Raised with the delegation",',
                 '+      "summary": "Minutes of the meeting",', '-  "status": "not_started",'):
        assert line in log
    assert "R2.json" not in log


# -- 2. plain git, no driver -----------------------------------------------------------------------


@pytest.mark.parametrize("team", ["plain"], indirect=True)
@pytest.mark.parametrize("mode", MODES)
def test_plain_git_merges_different_records_and_random_ids_without_the_driver(team, mode):
    """What GitHub's web merge does: no driver, no .gitattributes."""
    a, b = team.a, team.b
    # the team switches to random ids by hand (git-setup would also add the driver)
    (a.path / "tracker.json").write_text('{\n  "ids": "random",\n  "schema_version": 3\n}\n')
    a.commit("random ids")
    a.git("push", "-q", "origin", "main")
    b.pull(mode)
    a.recs("update", "R1", "--status", "in_progress")
    new_a = a.recs("add", "Ana's recommendation", "--actor", "UN").stdout.strip()
    a.commit("ana")
    b.recs("evidence", "add", "R2", "--date", "2026-01-03", "--summary", "Ben's evidence", "--source", "Notes", now=T2)
    new_b = b.recs("add", "Ben's recommendation", "--actor", "OSCE", now=T2).stdout.strip()
    b.commit("ben")
    a.git("push", "-q", "origin", "main")
    b.pull(mode)  # check=True: no conflict
    assert len(new_a) == len(new_b) == 4 and new_a != new_b
    assert b.ids() == {"R1", "R2", new_a, new_b}
    assert b.record("R1")["status"] == "in_progress" and summaries(b.record("R2"))[-1] == "Ben's evidence"
    # any unambiguous start of a random id finds it (the two new ids may share their first letters)
    start = next(new_a[:n] for n in range(2, 5)
                 if not new_b.startswith(new_a[:n]) and new_a[:n].casefold() not in ("r1", "r2"))
    shown = b.recs("show", start, "--format", "json").stdout
    assert json.loads(shown)["title"] == "Ana's recommendation"
    team.settle(b)


@pytest.mark.parametrize("mode", MODES)
def test_a_clone_with_the_attributes_but_no_driver_merges_different_records(team, mode):
    """As GitHub does: .gitattributes names the driver, nothing defines it: git merges text."""
    a, c = team.a, team.c
    a.recs("update", "R1", "--status", "in_progress")
    a.commit("ana")
    a.git("push", "-q", "origin", "main")
    c.recs("update", "R2", "--status", "partial", now=T2)
    new = c.recs("add", "Cleo's recommendation", "--actor", "UN", now=T2).stdout.strip()
    c.commit("cleo")
    c.pull(mode)
    assert c.record("R1")["status"] == "in_progress" and c.record("R2")["status"] == "partial"
    assert c.ids() == {"R1", "R2", new}
    team.settle(c)


@pytest.mark.parametrize("team", ["plain"], indirect=True)
@pytest.mark.parametrize("mode", MODES)
def test_one_id_added_on_both_sides_without_the_driver_is_a_conflict_doctor_names(team, mode):
    a, b = team.a, team.b
    assert a.recs("add", "Ana's R3", "--actor", "UN").stdout == "R3\n"
    a.commit("ana")
    a.git("push", "-q", "origin", "main")
    assert b.recs("add", "Ben's R3", "--actor", "OSCE", now=T2).stdout == "R3\n"
    b.commit("ben")
    pulled = b.pull(mode, check=False)
    assert pulled.returncode != 0 and "CONFLICT (add/add)" in pulled.stdout + pulled.stderr
    assert b.git("diff", "--name-only", "--diff-filter=U").stdout.split() == ["recommendations/R3.json"]
    doctor = b.recs("doctor", code=1)
    assert "recommendations/R3.json: has git conflict markers; a merge is unfinished" in doctor.stdout
    assert "git add" in doctor.stdout
    assert "Warning: the merge driver is not configured" in doctor.stderr


# -- 3. the merge driver ---------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_the_driver_merges_one_record_edited_on_both_sides(team, mode):
    a, b = team.a, team.b
    # Ana: status, due date, evidence
    a.recs("update", "R1", "--status", "in_progress", "--due", "2026-06", "--note", "Ana's call")
    a.recs("evidence", "add", "R1", "--date", "2026-01-05", "--summary", "Ana's evidence", "--source", "Notes")
    a.commit("ana")
    a.git("push", "-q", "origin", "main")
    # Ben, later: status, an actor, evidence (E2 as well: renumbered)
    b.recs("update", "R1", "--status", "partial", "--actor", "United Nations", now=T2)
    b.recs("evidence", "add", "R1", "--date", "2026-01-06", "--summary", "Ben's evidence", "--source", "Notes",
           now=T3)
    b.commit("ben")
    theirs = b.git("rev-parse", "HEAD").stdout.strip()
    b.pull(mode)  # the driver merges: no conflict
    merged = b.record("R1")
    assert merged["status"] == "partial"  # changed on both sides: the later (Ben's)
    assert merged["due"] == "2026-06"  # changed on one side: taken
    assert merged["actors"] == ["United Nations"]
    assert summaries(merged) == ["A first statement", "Ana's evidence", "Ben's evidence"]
    assert [e["id"] for e in merged["evidence"]] == ["E1", "E2", "E3"]
    assert statuses(merged)[-3:] == [("ana", "not_started", "in_progress"), ("ben", "not_started", "partial"),
                                    ("recs merge", "in_progress", "partial")]
    notes = [e["note"] for e in merged["history"] if e["by"] == "recs merge"]
    assert any("both sides changed status" in n and '"in_progress"' in n for n in notes)
    assert any("renumbered E2 to E3" in n for n in notes)
    stamps = [(e["at"], e["change"]) for e in merged["history"]]
    assert stamps == sorted(stamps)
    assert any(e.get("note") == "Ana's call" for e in merged["history"])
    # the same bytes whichever side is ours: Ana merges Ben's commit (before his pull) herself
    a.git("fetch", "-q", str(b.path), theirs)
    a.git("merge", "-q", "--no-edit", "FETCH_HEAD")
    assert a.raw("R1") == b.raw("R1")
    a.git("reset", "-q", "--hard", "origin/main")  # that check done, Ana drops her local merge
    # and the records are usable afterwards
    b.recs("update", "R1", "--status", "implemented", now="2026-01-07T09:00:00Z")
    b.commit("R1 done")
    team.settle(b)


def add_owners(clone: Clone, rec_id: str, owners: list[str]) -> None:
    """A key recs does not know, added to a record file by hand (or by a newer recs)."""
    mine = clone.record(rec_id)
    mine["owners"] = owners
    (clone.path / "recommendations" / f"{rec_id}.json").write_text(json.dumps(mine, indent=2, sort_keys=True) + "\n")


@pytest.mark.parametrize("mode", MODES)
def test_a_key_recs_does_not_know_is_kept_by_the_driver(team, mode):
    a, b = team.a, team.b
    add_owners(a, "R1", ["ana", "ben"])
    a.commit("owners, by hand")
    a.git("push", "-q", "origin", "main")
    b.recs("update", "R1", "--status", "partial", now=T2)
    b.commit("ben")
    b.pull(mode)
    merged = b.record("R1")
    assert merged["owners"] == ["ana", "ben"] and merged["status"] == "partial"
    b.git("push", "-q", "origin", "main")
    a.pull(mode)
    assert a.tree() == b.tree()


def test_a_key_recs_does_not_know_passes_doctor_and_round_trips(team, tmp_path):
    a = team.a
    add_owners(a, "R1", ["ana"])
    a.recs("doctor")
    a.recs("export", "--format", "json", "--output", str(tmp_path / "all.json"))
    a.recs("init", "--empty", str(tmp_path / "copy"))
    a.recs("--db", str(tmp_path / "copy"), "import", str(tmp_path / "all.json"))


@pytest.mark.parametrize("team", ["sequential"], indirect=True)
@pytest.mark.parametrize("mode", MODES)
def test_one_id_added_on_both_sides_keeps_both_and_renumbers_one(team, mode):
    a, b = team.a, team.b
    assert a.recs("add", "Ana's R3", "--actor", "UN").stdout == "R3\n"
    a.commit("ana")
    a.git("push", "-q", "origin", "main")
    assert b.recs("add", "Ben's R3", "--actor", "OSCE", now=T2).stdout == "R3\n"
    b.commit("ben")
    pulled = b.pull(mode, check=False)
    assert pulled.returncode != 0  # the driver exits 1: a person looks and adds both files
    said = pulled.stdout + pulled.stderr
    assert "R3 was added on both sides" in said and "git add recommendations/R3.json" in said
    assert b.record("R3")["title"] == "Ana's R3"  # the earlier keeps its id
    moved = b.record("R4")
    assert moved["id"] == "R4" and moved["title"] == "Ben's R3"
    assert moved["history"][-1]["field"] == "id" and moved["history"][-1]["old"] == "R3"
    assert "renumbered from R3" in moved["history"][-1]["note"]
    b.git("add", "recommendations/R3.json", "recommendations/R4.json")
    b.finish(mode)
    assert b.ids() == {"R1", "R2", "R3", "R4"}
    assert b.recs("show", "R4", "--format", "json").stdout and b.recs("list").returncode == 0
    team.settle(b)
    assert b.recs("add", "Next", "--actor", "UN", now=T3).stdout == "R5\n"


@pytest.mark.parametrize("mode", MODES)
def test_a_side_with_conflict_markers_is_left_to_a_person(team, mode):
    a, b = team.a, team.b
    # someone without the driver committed an unresolved conflict
    broken = a.raw("R1").replace(b'  "status": "not_started",\n',
                                 b'<<<<<<< HEAD\n  "status": "partial",\n=======\n  "status": "in_progress",\n'
                                 b'>>>>>>> other\n')
    (a.path / "recommendations" / "R1.json").write_bytes(broken)
    a.commit("a merge gone wrong")
    a.git("push", "-q", "origin", "main")
    b.recs("update", "R1", "--status", "implemented", now=T2)
    b.commit("ben")
    pulled = b.pull(mode, check=False)
    assert pulled.returncode != 0
    assert "cannot merge recommendations/R1.json record by record" in pulled.stdout + pulled.stderr
    assert b.git("diff", "--name-only", "--diff-filter=U").stdout.split() == ["recommendations/R1.json"]
    assert b"<<<<<<<" in b.raw("R1")
    doctor = b.recs("doctor", code=1)
    assert "recommendations/R1.json: has git conflict markers; a merge is unfinished" in doctor.stdout
    assert "git add" in doctor.stdout


# -- 4. imports merge the same way -----------------------------------------------------------------


@pytest.mark.parametrize("team", ["sequential"], indirect=True)  # see the next test for random ids
@pytest.mark.parametrize("mode", MODES)
def test_imports_of_a_colleagues_export_lose_nothing(team, mode, tmp_path):
    a, b = team.a, team.b
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    a.recs("update", "R1", "--status", "in_progress", "--note", "Ana's call")
    a.commit("ana")
    a.git("push", "-q", "origin", "main")
    b.pull(mode)
    a.recs("export", "--format", "json", "--output", str(old))
    # more work on both sides
    a.recs("evidence", "add", "R1", "--date", "2026-01-06", "--summary", "Ana's evidence", "--source", "Notes", now=T2)
    a.recs("export", "--format", "json", "--output", str(new), now=T2)
    b.recs("update", "R1", "--status", "partial", now=T3)
    b.recs("evidence", "add", "R2", "--date", "2026-01-06", "--summary", "Ben's evidence", "--source", "Notes", now=T3)
    before = b.raw("R1"), b.raw("R2")
    b.recs("import", str(old), now=T3)  # older than Ben's copy: nothing changes
    assert (b.raw("R1"), b.raw("R2")) == before
    b.recs("import", str(new), now=T3)  # diverged: both sides kept
    merged = b.record("R1")
    assert merged["status"] == "partial" and summaries(merged) == ["A first statement", "Ana's evidence"]
    assert [s[2] for s in statuses(merged)] == ["in_progress", "partial"]
    assert summaries(b.record("R2")) == ["Ben's evidence"]
    b.recs("doctor")


def test_imports_work_in_a_tracker_with_random_ids(team, tmp_path):
    a, b = team.a, team.b
    a.recs("update", "R1", "--status", "in_progress")
    a.recs("export", "--format", "json", "--output", str(tmp_path / "a.json"))
    b.recs("import", str(tmp_path / "a.json"), now=T2)
    assert b.record("R1")["status"] == "in_progress"


# -- 5. setup and doctor ---------------------------------------------------------------------------


def test_git_setup_is_idempotent_and_doctor_warns_without_the_driver(team):
    a, c = team.a, team.c
    files = [a.path / n for n in (".gitattributes", ".gitignore", "tracker.json", ".git/config")]
    before = [f.read_bytes() for f in files]
    again = a.recs("git-setup")
    assert again.stderr.strip().endswith("already set up for sharing through git") and "Set up" not in again.stderr
    assert [f.read_bytes() for f in files] == before
    assert not a.git("status", "--porcelain").stdout
    assert "Warning" not in a.recs("doctor").stderr
    warned = c.recs("doctor", code=None)  # a warning, not a problem (but see the next test)
    assert "Warning: the merge driver is not configured in this clone; run `recs git-setup`" in warned.stderr
    done = c.recs("git-setup").stderr
    assert "git config merge.recs.driver" in done and ".gitattributes" not in done and "tracker.json" not in done
    assert "Warning" not in c.recs("doctor").stderr
    assert not c.git("status", "--porcelain").stdout


def test_a_fresh_clone_passes_doctor(team):
    assert team.c.recs("list").returncode == 0
    team.c.recs("doctor")


def test_git_setup_outside_git_says_so(tmp_path):
    clone = Clone(tmp_path / "t", "ana", git_env(tmp_path))
    clone.path.mkdir()
    clone.recs("init", "--empty", str(clone.path))
    said = clone.recs("git-setup", code=1).stderr
    assert said.startswith("Error:") and "not in a git repository" in said


# -- undo across a merge ---------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_an_undo_before_pulling_survives_the_merge(team, mode):
    a, b = team.a, team.b
    a.recs("evidence", "add", "R1", "--date", "2026-01-06", "--summary", "Wrong evidence", "--source", "Notes")
    a.commit("ana")
    a.git("push", "-q", "origin", "main")
    b.pull(mode)
    a.recs("undo", "--yes", now=T2)  # Ana takes her evidence back
    a.commit("ana undoes")
    a.git("push", "-q", "origin", "main")
    b.recs("update", "R1", "--status", "in_progress", now=T3)  # Ben, meanwhile
    b.recs("add", "Ben's new one", "--actor", "UN", now=T3)
    b.recs("undo", "--yes", now=T3)  # ... takes his add back
    b.commit("ben")
    b.pull(mode)
    merged = b.record("R1")
    assert summaries(merged) == ["A first statement"] and merged["status"] == "in_progress"
    assert any("undo of `evidence add R1" in (e.get("note") or "") for e in merged["history"])
    assert len(list((b.path / "removed").glob("*.json"))) == 1
    team.settle(b)


@pytest.mark.parametrize("mode", MODES)
def test_one_id_added_on_both_sides_in_the_same_second_is_still_two_records(team, mode):
    """Same id, same creation time (a pinned clock, or the same second): two records
    all the same, told apart by the command that created each; never merged into one."""
    a, b = team.a, team.b
    a.recs("add", "Ana's", "--actor", "UN", "--id", "dup1")
    a.commit("ana")
    a.git("push", "-q", "origin", "main")
    b.recs("add", "Ben's", "--actor", "OSCE", "--id", "dup1")  # the same RECS_NOW: the same `created`
    b.commit("ben")
    pulled = b.pull(mode, check=False)
    assert pulled.returncode != 0 and "dup1 was added on both sides" in pulled.stdout + pulled.stderr
    titles = {b.record(i)["title"] for i in b.ids() - {"R1", "R2"}}
    assert titles == {"Ana's", "Ben's"}


@pytest.mark.parametrize("mode", MODES)
def test_an_undo_after_a_merge_takes_off_only_ones_own_evidence(team, mode):
    """Both add evidence E2 to R1; the merge renumbers one. Undoing one's own
    evidence afterwards takes off that one, never the colleague's."""
    a, b = team.a, team.b
    a.recs("evidence", "add", "R1", "--summary", "ana ev", "--source", "s")
    a.commit("ana")
    a.git("push", "-q", "origin", "main")
    b.recs("evidence", "add", "R1", "--summary", "ben ev", "--source", "s", now=T2)
    b.commit("ben")
    b.pull(mode)
    assert sorted(summaries(b.record("R1")))[-2:] == ["ana ev", "ben ev"]
    b.recs("undo", "--yes", now=T3)
    left = summaries(b.record("R1"))
    assert "ana ev" in left and "ben ev" not in left


@pytest.mark.parametrize("mode", MODES)
def test_an_undo_after_a_merge_gives_back_the_other_sides_value(team, mode):
    """Both change R1's status; the merge keeps the later (Ben's). Ben's undo then
    gives back Ana's value, which the merge had set aside, not the one before both."""
    a, b = team.a, team.b
    a.recs("update", "R1", "--status", "in_progress", "--note", "ana")
    a.commit("ana")
    a.git("push", "-q", "origin", "main")
    b.recs("update", "R1", "--status", "partial", "--note", "ben", now=T2)
    b.commit("ben")
    b.pull(mode)
    assert b.record("R1")["status"] == "partial"
    b.recs("undo", "--yes", now=T3)
    assert b.record("R1")["status"] == "in_progress"
