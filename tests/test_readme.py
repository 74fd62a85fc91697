"""The README's examples run as shown: every command of "A short tour", in
order, on a scratch tracker folder, the backup restored into a new tracker,
and the outputs it prints for `recs report` and `recs schema`."""

import json
import re
import shlex
from pathlib import Path

from conftest import SHIPPED, snapshot

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
NOW = {"RECS_NOW": "2026-11-30T12:00:00Z"}  # a fixed today, so the report (stale, due soon) stays as shown


def tour() -> list[tuple[list[str], bool]]:
    """The tour's `recs` commands, as (arguments, piped to jq)."""
    section = README.split("\n## A short tour\n", 1)[1].split("\n## ", 1)[0]
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", section, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if words[:1] != ["recs"]:
                continue  # activating the venv, exporting RECS_DB (conftest sets it)
            piped = "|" in words
            commands.append((words[1:words.index("|")] if piped else words[1:], piped))
    return commands


def shown_output(command: str) -> str:
    """The output block the README prints right after the block ending with `command`."""
    match = re.search(re.escape(command) + r"\n```\n\n```\w*\n(.*?)```", README, re.S)
    assert match, f"no output shown for {command!r}"
    return match.group(1)


def test_the_tour_runs_as_shown(recs):
    commands = tour()
    assert len(commands) >= 15 and commands[0] == (["init"], False)
    for args, piped in commands:
        result = recs(*args)
        assert result.exit_code == 0, (args, result.stderr)
        if piped:  # to jq: JSON on stdout
            json.loads(result.stdout)
        if args[0] == "add":
            assert result.stdout == "R10\n"  # "prints its id, `R10` here"


def test_report_prints_what_the_readme_shows(recs, seeded):
    assert recs.ok("report", env=NOW).stdout == shown_output(".venv/bin/recs report")


def test_schema_keys_are_those_the_readme_shows(recs):
    keys = sorted(json.loads(recs.ok("schema").stdout)["properties"])
    assert json.loads(shown_output(".venv/bin/recs schema | jq -c '.properties | keys'")) == keys


def test_the_tour_works_on_a_folder_and_no_single_file_is_left():
    assert "export RECS_DB=/tmp/recs-tour " in README and "recs.json" not in README.replace("`recs.json`", "")
    assert "data/recs.json" not in README and "/tmp/recs-tour.json" not in README


def test_the_backup_is_restored_as_the_readme_shows(recs, tmp_path, monkeypatch):
    """`export --format json`, `init --empty`, `import`: the same files as the shipped tracker."""
    shown = shown_output('diff -rN -x .recs /tmp/restored data/tracker && echo "same files"')
    monkeypatch.delenv("RECS_DB")
    monkeypatch.chdir(SHIPPED.parent.parent)  # the repository's root, as the README says
    backup, restored = tmp_path / "recs-backup.json", tmp_path / "restored"
    printed = [recs.ok("export", "--format", "json", "--output", str(backup)).stderr,
               recs.ok("init", "--empty", str(restored)).stderr,
               recs.ok("--db", str(restored), "import", str(backup)).stderr]
    assert snapshot(restored) == snapshot(SHIPPED)
    assert "".join(printed).replace(str(tmp_path), "/tmp") + "same files\n" == shown


def test_extract_examples_print_what_the_readme_shows(recs, seeded, monkeypatch, tmp_path):
    """The extract section's commands, run from the repository's root as it says."""
    root = Path(__file__).resolve().parent.parent
    monkeypatch.chdir(root)
    section = README.split("\n## From a brief to a tracker: `recs extract`\n", 1)[1].split("\n## ", 1)[0]
    brief = "data/sources/apri-2023-09-20-nagorno-karabakh.txt"
    jq = shown_output(f".venv/bin/recs extract {brief} --format json | jq -r " + "'.[] | \"\\(.number)  \\(.location)  "
                      "\\(.actors | join(\"; \")): \\(.title)\"'")
    found = recs.json("extract", brief)
    assert "".join(f"{c['number']}  {c['location']}  {'; '.join(c['actors'])}: {c['title']}\n" for c in found) == jq
    dry = recs.ok("extract", brief, "--add", "--brief", "apri-2023-09-20", "--dry-run")
    assert dry.stdout == "" and dry.stderr == shown_output("--brief apri-2023-09-20 --dry-run")
    scratch = str(tmp_path / "extracted")
    printed = ""
    for line in re.findall(r"```sh\nrm -rf /tmp/extracted\n(.*?)```", section, re.S)[0].splitlines():
        args = [scratch if a == "/tmp/extracted" else a for a in shlex.split(line)[1:]]
        result = recs.ok(*args)
        ids = result.stdout.splitlines()
        messages = result.stderr.splitlines()
        # a terminal shows each new id just before the line saying what it is
        for line_ in messages:
            if line_.startswith("added "):
                printed += ids.pop(0) + "\n"
            printed += line_ + "\n"
    assert printed.replace(scratch, "/tmp/extracted") == shown_output("--publisher \"APRI Armenia\" --pick 5-9")


def test_sharing_through_git_runs_as_the_readme_shows(tmp_path):
    """"Sharing a tracker with your team": the repository made as it says, and
    the worked example (two clones edit R1, one pulls) printing what it shows,
    run by bash with real git and `recs` on the PATH."""
    import os
    import subprocess
    import sys

    section = README.split("\n## Sharing a tracker with your team\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    shims = tmp_path / "bin"
    shims.mkdir()
    (shims / "recs").write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m recs "$@"\n')
    (shims / "recs").chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RECS_", "GIT_"))}
    env.update(PATH=f"{shims}{os.pathsep}{env.get('PATH', '')}", HOME=str(tmp_path), GIT_CONFIG_GLOBAL=os.devnull,
               GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="Tester", GIT_AUTHOR_EMAIL="tester@example.org",
               GIT_COMMITTER_NAME="Tester", GIT_COMMITTER_EMAIL="tester@example.org",
               PYTHONPATH=str(Path(__file__).resolve().parent.parent))

    def bash(script: str, cwd: Path) -> str:
        done = subprocess.run(["bash", "-ec", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, (script, done.stdout, done.stderr)
        return done.stdout

    # creating the repository (all but pushing to a real remote)
    create = blocks[0].split("\ngit remote add origin ")[0]
    bash(create, tmp_path)
    made = tmp_path / "team-tracker"
    assert (made / "briefs" / "apri-2023-09-20.json").is_file() and (made / ".gitattributes").is_file()
    assert json.loads((made / "tracker.json").read_text())["ids"] == "random"
    assert bash("git status --porcelain", made) == ""
    # the worked example: every block after "A worked example", the last one's output compared
    example = re.findall(r"```sh\n(.*?)```", section.split("**A worked example.**", 1)[1], re.S)
    team = tmp_path / "team"
    script = "\n".join(example[:-1]) + "\n{\n" + example[-1] + "} > ../shown.txt\n"
    bash(script.replace("/tmp/team", str(team)), tmp_path)
    assert (team / "shown.txt").read_text() == shown_output("recs history R1")
    # Ana pulls: both clones hold the same tree, and the tracker is sound
    bash("git pull -q --no-rebase --no-edit && recs doctor", team / "ana")
    trees = {bash("git rev-parse 'HEAD^{tree}'", team / name) for name in ("ana", "ben")}
    assert len(trees) == 1


def test_the_quarterly_report_runs_as_shown(recs, tmp_path):
    """The "Quarterly report" walk-through: every `recs` command, in order, on a scratch
    tracker; the last one prints what the README shows."""
    section = README.split("\n### Quarterly report\n", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    (block,) = re.findall(r"```sh\n(.*?)```", section, re.S)[:1]
    db = str(tmp_path / "quarterly")
    result = None
    for line in block.splitlines():
        words = shlex.split(line, comments=True)
        if words[:1] != ["recs"]:
            continue
        for cut in ("|", ">", "||"):
            if cut in words:
                words = words[:words.index(cut)]
        result = recs("--db", db, *words[1:], env=NOW)
        assert result.exit_code == 0, (words, result.stderr)
    shown = section.split("The last command prints, on a pipe:\n\n```\n", 1)[1].split("```", 1)[0]
    assert result.stdout == shown
    assert "Report by APRI Armenia\n1 January 2025 – 31 March 2025\n" in shown
