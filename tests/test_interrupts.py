"""Ctrl-C tells the truth (issue 11, C): an interrupt before the write says
nothing was changed; one that lands after the change was saved says so."""

import signal
import sys
import time

from conftest import digest, record
from procs import spawn


def _wait_for(predicate, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_an_interrupt_after_the_save_says_it_was_saved(seeded):
    before = digest(seeded)
    # RECS_TEST_SAVED_PAUSE: the command waits once the change is saved, before it prints
    proc = spawn(seeded, "update", "R1", "--status", "partial", "--note", "x", RECS_TEST_SAVED_PAUSE="30")
    _wait_for(lambda: digest(seeded) != before)
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert err == ("Error: interrupted after the change was saved; only what it printed was cut short "
                   "(`recs undo` reverts the change)\n")
    assert "nothing was changed" not in err
    assert record(seeded, "R1")["status"] == "partial"


def test_an_interrupt_before_the_write_says_nothing_changed(seeded, tmp_path):
    before = digest(seeded)
    started = tmp_path / "editor-started"
    editor = f"{sys.executable} -c \"import pathlib,sys,time; pathlib.Path(r'{started}').touch(); time.sleep(30)\""
    proc = spawn(seeded, "edit", "R1", EDITOR=editor, VISUAL=editor)
    _wait_for(started.exists)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.strip().splitlines()[-1] == "Error: interrupted; nothing was changed"
    assert digest(seeded) == before
