"""First use: where the tracker was made and how to start an empty one instead;
`recs init --force` to replace a tracker; `recs edit` with the system's editor."""

import sys

import pytest

from conftest import digest, snapshot
from procs import env_for


def test_first_use_says_where_and_how_to_start_empty(recs, tmp_path, monkeypatch):
    monkeypatch.delenv("RECS_DB")
    user_tracker = tmp_path / "xdg-data" / "recs" / "tracker"
    first = recs.ok("list", "--format", "json")
    assert str(user_tracker) in first.stderr and "first use" in first.stderr
    assert "`recs init --force --empty`" in first.stderr
    assert "first use" not in recs.ok("list").stderr
    # what it says to do works, here off a terminal with --yes
    said = recs.ok("init", "--force", "--empty", "--yes")
    assert said.stderr == f"Replaced the tracker at {user_tracker} by a new empty tracker\n"
    assert recs.ok("list", "--format", "json").stdout.strip() == "[]"


def test_init_force_replaces_a_tracker_whole_with_yes(recs, seeded):
    recs.ok("update", "R1", "--note", "work to lose")
    result = recs.ok("init", "--force", "--yes", "--empty")
    assert result.stderr == f"Replaced the tracker at {seeded} by a new empty tracker\n"
    assert recs.ok("list", "--format", "json").stdout.strip() == "[]"
    assert sorted(p.name for p in seeded.parent.iterdir()) == ["tracker"]  # nothing left beside it
    assert recs("undo", "--yes").exit_code == 1  # a new tracker: nothing to undo
    recs.ok("init", "--force", "--yes")
    assert len(recs.json("list")) == 9


def test_init_force_swaps_by_two_renames_where_no_exchange(recs, seeded, monkeypatch):
    from recs.store import replace

    monkeypatch.setattr(replace, "_exchange", lambda a, b: False)  # a kernel without renameat2
    recs.ok("init", "--force", "--yes", "--empty")
    assert recs.ok("list", "--format", "json").stdout.strip() == "[]"
    assert sorted(p.name for p in seeded.parent.iterdir()) == ["tracker"]


@pytest.mark.parametrize("args, code, says", [
    (["init", "--force"], 2, "stdin is not a terminal: add --yes"),
    (["init", "--yes"], 2, "--yes goes with --force"),
])
def test_init_force_off_a_terminal_needs_yes(recs, seeded, args, code, says):
    before = digest(seeded)
    result = recs(*args)
    assert result.exit_code == code and result.stderr.startswith("Error: ") and says in result.stderr
    assert result.stderr.count("\n") == 1 and digest(seeded) == before


def test_init_force_replaces_only_a_tracker(recs, seeded, tmp_path):
    (seeded / ".git").mkdir()  # a repository whose root is the tracker: never thrown away
    before = snapshot(seeded)
    result = recs("init", "--force", "--yes")
    assert result.exit_code == 1 and "holds more than a tracker (.git)" in result.stderr
    assert snapshot(seeded) == before and (seeded / ".git").is_dir()
    other = tmp_path / "notes"
    other.mkdir()
    (other / "a.txt").write_text("mine")
    result = recs("init", "--force", "--yes", str(other))
    assert result.exit_code == 1 and result.stderr.startswith("Error: ") and (other / "a.txt").read_text() == "mine"


def test_init_force_asks_on_a_terminal(seeded, tmp_path):
    """On a terminal it asks; anything but yes keeps the tracker."""
    import os
    import pty
    import subprocess

    def on_terminal(typed: str) -> tuple[int, str]:
        main, secondary = pty.openpty()
        proc = subprocess.Popen([sys.executable, "-m", "recs", "init", "--force"], stdin=secondary,
                                stdout=secondary, stderr=secondary, env=env_for(seeded), close_fds=True)
        os.close(secondary)
        os.write(main, typed.encode())
        seen = b""
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        os.close(main)
        return proc.wait(60), seen.decode(errors="replace")

    before = digest(seeded)
    code, seen = on_terminal("n\n")
    assert code == 1 and "Replace the tracker" in seen and "9 recommendations" in seen
    assert "Nothing was replaced." in seen and digest(seeded) == before
    code, seen = on_terminal("y\n")
    assert code == 0 and "Replaced the tracker at" in seen


@pytest.fixture
def path_with(tmp_path, monkeypatch):
    """PATH holding only the named editors: each a script that retitles R1 after itself."""
    def make(*names: str):
        folder = tmp_path / "bin"
        folder.mkdir(exist_ok=True)
        for name in names:
            script = folder / name
            script.write_text(f"#!{sys.executable}\nimport json, sys\npath = sys.argv[1]\n"
                              f"data = json.load(open(path))\ndata['title'] = 'Edited in {name}'\n"
                              "json.dump(data, open(path, 'w'))\n")
            script.chmod(0o755)
        monkeypatch.setenv("PATH", str(folder))
        monkeypatch.delenv("EDITOR", raising=False)
        monkeypatch.delenv("VISUAL", raising=False)
    return make


@pytest.mark.parametrize("found, used", [(("editor", "vi", "nano"), "editor"), (("vi", "nano"), "vi"),
                                         (("nano",), "nano")])
def test_edit_without_editor_variables_uses_the_system_editor(recs, seeded, path_with, found, used):
    path_with(*found)
    recs.ok("edit", "R1")
    assert recs.json("show", "R1")["title"] == f"Edited in {used}"


def test_edit_with_no_editor_at_all_says_to_set_editor(recs, seeded, path_with):
    path_with()
    before = digest(seeded)
    result = recs("edit", "R1")
    assert result.exit_code == 1 and result.stderr.startswith("Error: no editor found")
    assert "set $EDITOR" in result.stderr and result.stderr.count("\n") == 1 and digest(seeded) == before


def test_init_force_replaces_a_damaged_tracker(recs, seeded):
    (seeded / "tracker.json").write_text("{not json")
    assert "its recommendations; it asks first" in recs("init", "--force").stderr
    recs.ok("init", "--force", "--yes")
    assert len(recs.json("list")) == 9
