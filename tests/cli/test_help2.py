"""Completion as a shell does it, help that states date forms, and one rule
for exit codes: 1 for a value recs cannot accept, 2 for a command line wrong
in itself (README, "Errors")."""

import re
import shutil
import subprocess
import sys

import pytest

from conftest import digest
from procs import env_for

#: Calls the completion function bash would, for a command line typed so far,
#: and prints what it offers: one `[value]` each, as bash would insert it.
TRY = r'''
try() {
  COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
  eval "COMP_WORDS=($1)"; [[ "$1" == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
  COMPREPLY=()
  "$(complete -p recs | sed -E 's/.*-F ([^ ]+) recs$/\1/')" recs
  printf '[%s]' "${COMPREPLY[@]}"; echo
}
'''


def in_bash(tmp_path, db, lines: list[str]) -> list[str]:
    """What a real bash, with the script `recs --show-completion bash` prints
    sourced, offers for each command line."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    launcher = bin_dir / "recs"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m recs "$@"\n')
    launcher.chmod(0o755)
    env = env_for(db, PATH=f"{bin_dir}:/usr/bin:/bin")
    script = "source <(recs --show-completion bash)\n" + TRY + "".join(
        "try " + _quoted(line) + "\n" for line in lines)
    done = subprocess.run(["bash", "--norc", "--noprofile", "-c", script], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return done.stdout.splitlines()


def _quoted(line: str) -> str:
    return "'" + line.replace("'", "'\\''") + "'"


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completes_whole_names_in_any_case_and_more_kinds(tmp_path, recs, seeded):
    recs.ok("update", "R1", "--tag", "+Women's rights")
    offered = in_bash(tmp_path, seeded, [
        "recs list --actor Euro",
        "recs list --actor inter",
        "recs list --tag wom",
        "recs show r",
        "recs evidence edit R2 ",
        "recs brief show ",
        "recs list --sort due,-u",
        "recs list --columns id,ti",
        "recs list --format J",
        "recs update R1 --actor +eu",
    ])
    assert offered[0] == r"[European\ Union]"  # one word for the shell
    assert offered[1] == r"[International\ community][International\ partners]"
    assert offered[2] == r"[Women\'s\ rights]"
    assert offered[3] == "".join(f"[R{n}]" for n in range(1, 10))
    assert offered[4] == "[E1][E2]"
    assert offered[5] == "[apri-2023-09-20]"
    assert offered[6] == "[due,-updated]"
    assert offered[7] == "[id,title]"
    assert offered[8] == "[json]"
    assert offered[9] == r"[+European\ Union]"  # `+NAME` adds one: the sign kept


def test_fish_gets_plain_values_and_sort_offers_every_field(seeded):
    def fish(line: str) -> list[str]:
        done = subprocess.run([sys.executable, "-m", "recs"], capture_output=True, text=True, timeout=60,
                              env=env_for(seeded, _RECS_COMPLETE="complete_fish", _TYPER_COMPLETE_ARGS=line,
                                          _TYPER_COMPLETE_FISH_ACTION="get-args"))
        assert done.stderr == ""
        return done.stdout.splitlines()

    assert fish("recs list --actor euro") == ["European Union"]
    assert fish("recs list --sort ") == ["id", "status", "due", "updated", "title", "actor",
                                         "-id", "-status", "-due", "-updated", "-title", "-actor"]
    assert not any(fish("recs evidence remove R404 "))  # no such record: nothing, no error


@pytest.mark.parametrize("shell", ["zsh", "fish", "bash"])
def test_show_completion_prints_the_script_of_the_shell_named(seeded, shell):
    done = subprocess.run([sys.executable, "-m", "recs", "--show-completion", shell], capture_output=True,
                          text=True, timeout=60, env=env_for(seeded, SHELL="/bin/bash"))
    assert done.returncode == 0 and f"_RECS_COMPLETE=complete_{shell}" in done.stdout, done.stdout


def test_zsh_script_keeps_quotes_in_names_and_matches_any_case(recs, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    recs.ok("--install-completion", "zsh")
    installed = (tmp_path / ".zfunc" / "_recs").read_text()
    assert installed == recs.ok("--show-completion", "zsh").stdout
    assert "setopt localoptions rcquotes" in installed  # typer writes ' as ''
    assert "zstyle ':completion:*:*:recs:*' matcher 'm:{a-zA-Z}={A-Za-z}'" in installed


@pytest.mark.skipif(shutil.which("zsh") is None, reason="needs zsh")
def test_zsh_reads_a_name_with_a_quote_whole(seeded, recs):
    recs.ok("update", "R1", "--tag", "+Women's rights")
    env = env_for(seeded, _RECS_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS="recs list --tag wom")
    # what the completion function evals, as zsh reads it with the script's options
    done = subprocess.run(["zsh", "-f", "-c", f'setopt rcquotes; out=$("{sys.executable}" -m recs); '
                           'eval "print -r -- ${out#_arguments }"'], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.stdout == '*: :(("Women\'s rights"))\n', done.stderr


def test_show_completion_of_an_unknown_shell_is_refused(recs):
    result = recs("--show-completion", "tcsh")
    assert result.exit_code == 2
    assert result.stderr == "Error: --show-completion takes a shell: bash, zsh, fish (not 'tcsh')\n"
    assert "[SHELL]" in recs.ok("--help").stdout


def test_every_date_option_states_the_forms_it_takes(recs):
    from test_help import command_paths

    for path in command_paths(recs):
        text = recs.ok(*path.split(), "--help", env={"COLUMNS": "80"}).stdout
        options = text.split("\nOptions:\n", 1)[1].split("\n\n", 1)[0]
        for entry in re.split(r"\n(?=  -)", options):
            if re.match(r"\s*(-\w, )?--[\w-]+ DATE\b", entry):
                assert "YYYY-MM-DD, YYYY-MM or YYYY" in " ".join(entry.split()), (path, entry)


def test_brief_commands_name_their_argument_alike(recs):
    for sub in ("add", "show", "update", "remove"):
        assert recs.ok("brief", sub, "--help").stdout.startswith(f"Usage: recs brief {sub} [OPTIONS] ID\n")


@pytest.mark.parametrize("args, code", [
    (["update", "R1", "--status", "bogus"], 1),
    (["list", "--status", "bogus"], 1),
    (["update", "R1", "--due", "2025-13"], 1),
    (["due", "--within", "2x"], 1),
    (["report", "--within", "2x"], 1),
    (["log", "--from", "2025-02", "--to", "2025-01"], 1),
    (["report", "--from", "2025-02", "--to", "2025-01"], 1),
    (["evidence", "add", "R1", "--summary", "s", "--url", "https://x.org", "--date", "2025-13"], 1),
    (["list", "--field", "Nope=1"], 1),
    (["show", "R999"], 1),
    (["list", "--sort", "bogus"], 2),
    (["report", "--by", "bogus"], 2),
    (["list", "--format", "bogus"], 2),
    (["list", "--columns", "bogus"], 2),
    (["list", "--limit", "0"], 2),
    (["evidence", "add", "R1", "--summary", "s"], 2),
    (["list", "--bogus"], 2),
    (["bogus"], 2),
    (["update", "R1"], 2),
])
def test_exit_codes_follow_one_rule(recs, seeded, args, code):
    before = digest(seeded)
    result = recs(*args)
    assert result.exit_code == code, (args, result.exit_code, result.stderr)
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    assert digest(seeded) == before


def test_restore_completes_only_archived_ids(recs, seeded):
    recs.ok("remove", "R3")
    done = subprocess.run([sys.executable, "-m", "recs"], capture_output=True, text=True, timeout=60,
                          env=env_for(seeded, _RECS_COMPLETE="complete_fish", _TYPER_COMPLETE_ARGS="recs restore ",
                                      _TYPER_COMPLETE_FISH_ACTION="get-args"))
    assert done.stderr == "" and [line.split("\t")[0] for line in done.stdout.splitlines()] == ["R3"]
