"""What a real `recs` process does at its edges: a Ctrl-C while it is still
starting, Ctrl-D at a prompt, closed standard streams, an output that cannot
take the text. Never a crash or a traceback; always one `Error:` line."""

import signal
import subprocess
import sys
import time

from conftest import digest
from procs import at_prompt, env_for


def test_ctrl_c_while_starting_is_an_interrupt_never_a_crash(seeded):
    """A Ctrl-C that lands while recs loads its modules (orjson's start-up crashes on
    one: ijl/orjson#310) is held until the command runs, then said as any interrupt."""
    before = digest(seeded)
    outcomes = set()
    for round_ in range(24):
        proc = subprocess.Popen([sys.executable, "-m", "recs", "show", "R1"], env=env_for(seeded),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(0.002 * round_)  # from at once to about 50 ms in: start-up, imports, the command
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode not in (-signal.SIGSEGV, 128 + signal.SIGSEGV), err  # never a crash
        before_recs = err.startswith(("Fatal Python error", "Could not import runpy")) or \
            ("Traceback" in err and "launch.py" not in err)  # (importing runpy, site, or the package itself)
        if proc.returncode == -signal.SIGINT or before_recs:
            continue  # it landed while Python itself was starting (as it would for any program), not in recs
        assert proc.returncode in (0, 130), (proc.returncode, err)
        assert "Traceback" not in err, err
        if proc.returncode == 130:
            assert err == "Error: interrupted; nothing was changed\n", err
        outcomes.add(proc.returncode)
    assert 130 in outcomes  # (the interrupts did land)
    assert digest(seeded) == before


def test_ctrl_d_at_the_prompt_says_nothing_changed_on_a_line_of_its_own(seeded):
    before = digest(seeded)
    code, seen = at_prompt(seeded, ["update", "R6"], b"New status", keys=b"\x04")  # what Ctrl-D types
    assert code == 130
    assert seen.endswith("]: \r\nError: interrupted; nothing was changed\r\n"), seen
    assert digest(seeded) == before


def shell(db, line: str, **extra: str) -> subprocess.CompletedProcess:
    """`line` run by sh, where `recs` is this Python's `-m recs`."""
    recs = f"{sys.executable} -m recs"
    return subprocess.run(["sh", "-c", line.replace("recs", recs, 1)], env=env_for(db, **extra),
                          capture_output=True, text=True, timeout=60)


def test_a_closed_stdout_is_one_error_line(seeded):
    done = shell(seeded, "recs show R1 >&-")
    assert done.returncode == 1
    assert done.stderr == "Error: standard output is closed; nothing was done\n"


def test_a_closed_stdin_reads_as_empty(seeded):
    before = digest(seeded)
    done = shell(seeded, "recs update - --tag +z <&-")
    assert (done.returncode, done.stderr) == (2, "Error: no ids given (stdin was empty)\n")
    assert digest(seeded) == before


def test_an_output_that_cannot_take_the_text_says_so(seeded):
    done = shell(seeded, "recs show R1", PYTHONIOENCODING="ascii")
    assert done.returncode == 1
    assert done.stderr.startswith("Error: the output's encoding (ascii) cannot show some of the text"), done.stderr
    assert "doctor" not in done.stderr and "Traceback" not in done.stderr


def test_a_value_missing_at_the_end_names_the_help_to_read(recs, seeded):
    done = recs("update", "R1", "--note")
    assert (done.exit_code, done.stderr) == (2, "Error: Option '--note' requires an argument. (see `recs update --help`)\n")
    done = recs("evidence", "add", "R1", "--summary")
    assert done.stderr == "Error: Option '--summary' requires an argument. (see `recs evidence add --help`)\n"
    done = recs("brief", "update", "brief-1", "--title")
    assert done.stderr == "Error: Option '--title' requires an argument. (see `recs brief update --help`)\n"


def test_ctrl_d_at_a_confirmation_says_nothing_changed_on_a_line_of_its_own(seeded):
    before = digest(seeded)
    code, seen = at_prompt(seeded, ["evidence", "remove", "R1", "E1"], b"[y/N]", keys=b"\x04")
    assert code == 130
    assert seen.endswith("[y/N]: \r\nError: interrupted; nothing was changed\r\n"), seen
    assert digest(seeded) == before
