"""Shell completion (bash, zsh, fish) of ids, statuses, actors and tags, through
typer's protocol: the shell runs `recs` with `_RECS_COMPLETE` set, and reads
the candidates from its stdout."""

import subprocess
import sys

import pytest

from procs import env_for


def complete(db, shell: str, line: str, **extra: str) -> subprocess.CompletedProcess:
    """What `recs` offers the shell for the command line `line` (the cursor at its end)."""
    words = line.split(" ")
    env = env_for(db, _RECS_COMPLETE=f"complete_{shell}", **extra)
    if shell == "bash":
        env.update(COMP_WORDS=line, COMP_CWORD=str(len(words) - 1))
    else:
        env.update(_TYPER_COMPLETE_ARGS=line)
        if shell == "fish":
            env.update(_TYPER_COMPLETE_FISH_ACTION="get-args")
    return subprocess.run([sys.executable, "-m", "recs"], env=env, capture_output=True, text=True, timeout=60)


def test_ids_statuses_actors_and_tags_are_completed(seeded):
    done = complete(seeded, "bash", "recs show R")
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.split() == [f"R{n}" for n in range(1, 10)]
    assert complete(seeded, "bash", "recs update R1 --status in").stdout.split() == ["in_progress"]
    fish = complete(seeded, "fish", "recs evidence add R1 --status ").stdout
    assert "partial\tPartially implemented" in fish.splitlines()
    assert complete(seeded, "bash", "recs list -s c").stdout.split() == ["closed"]
    zsh = complete(seeded, "zsh", "recs list --actor Inter").stdout
    assert '"International community"' in zsh and '"International partners"' in zsh
    assert complete(seeded, "bash", "recs list --tag hum").stdout.split() == ["humanitarian"]
    assert complete(seeded, "bash", "recs add T --brief apri").stdout.split() == ["apri-2023-09-20"]
    assert complete(seeded, "bash", "recs list --format n").stdout.split() == ["ndjson"]


@pytest.mark.parametrize("where", ["missing", "damaged"])
def test_no_tracker_no_suggestions_and_nothing_created(tmp_path, where):
    db = tmp_path / "none"
    if where == "damaged":
        (db / "recommendations").mkdir(parents=True)
        (db / "tracker.json").write_text("{not json")
    done = complete(db, "bash", "recs show ")
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "", "")
    assert complete(db, "bash", "recs list --actor ").stdout.strip() == ""
    # no --db: the per-user tracker is not created to complete a word
    user = complete(db, "bash", "recs show ", XDG_DATA_HOME=str(tmp_path / "xdg"), RECS_DB="")
    assert user.stdout.strip() == "" and not (tmp_path / "xdg").exists()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_each_shell_script(recs, shell, monkeypatch):
    # typer's switch for naming the shell rather than detecting it (as its own tests do)
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    out = recs.ok("--show-completion", shell).stdout
    assert "_RECS_COMPLETE" in out and f"complete_{shell}" in out


def test_install_completion_writes_into_the_home_folder(recs, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    result = recs.ok("--install-completion", "bash", env={"HOME": str(home)})
    assert "bash completion installed" in result.stdout
    assert "_RECS_COMPLETE" in (home / ".bash_completions" / "recs.sh").read_text()
    assert ".bash_completions/recs.sh" in (home / ".bashrc").read_text()
