"""Helpers to run `recs` as real processes on real files (concurrency, crash and
terminal tests). Every helper goes through the real entry point."""

import os
import subprocess
import time
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXED_NOW = "2026-11-25T12:00:00Z"


def env_for(db: Path, **extra: str) -> dict[str, str]:
    """The environment of a `recs` process working on `db` (nothing of the user's)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECS_")}
    env.update(RECS_DB=str(db), RECS_USER="tester", PYTHONPATH=str(ROOT), RECS_TEST_NO_FSYNC="1",
               RECS_TEST_SEED=str(ROOT / "tests" / "data" / "seed-tracker"))
    env.pop("NO_COLOR", None)
    env.update(extra)
    return env


def run(db: Path, *args: str, timeout: float = 60, **extra: str) -> subprocess.CompletedProcess:
    """`python -m recs ARGS` as a separate process, waited for."""
    return subprocess.run([sys.executable, "-m", "recs", *args], env=env_for(db, **extra),
                          capture_output=True, text=True, timeout=timeout)


def spawn(db: Path, *args: str, **extra: str) -> subprocess.Popen:
    """`python -m recs ARGS` started in the background (stdout/stderr piped)."""
    return subprocess.Popen([sys.executable, "-m", "recs", *args], env=env_for(db, **extra),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def fork_recs(args: list[str], env: dict[str, str]) -> int:
    """Run one recs command in a forked child process; returns its pid.

    The child runs the same entry point as the `recs` executable, in a copy
    of this process that has already imported recs, so starting it costs a
    millisecond instead of the interpreter's start-up: that is what lets the
    crash test kill a hundred real writers in a few seconds.
    """
    from typer.main import get_command

    from recs.cli.app import app

    command = get_command(app)
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 70
        try:
            os.environ.clear()
            os.environ.update(env)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            code = command.main(list(args), "recs", standalone_mode=False)
            code = code if isinstance(code, int) else 0
        finally:
            os._exit(code)
    return pid


def temp_files(db: Path) -> list[Path]:
    """What a write in progress (or an interrupted one) has in the tracker's work
    folder: temp files, and the pending or committed journal of a multi-file write."""
    work = db / ".recs"
    if not work.is_dir():
        return []
    return sorted(p for p in work.iterdir() if p.name.endswith(".tmp") or p.name in ("pending", "journal"))


def on_terminal(cmd: list[str], env: dict | None = None, columns: int | None = None) -> tuple[subprocess.Popen, int]:
    """`cmd` started with stdin, stdout and stderr on a new pseudo-terminal (`columns` wide, 50 lines,
    when given) in a session of its own; the process and the terminal's master end to read."""
    import pty

    master, slave = pty.openpty()
    if columns is not None:
        import fcntl
        import struct
        import termios

        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    proc = subprocess.Popen(cmd, env=env, stdin=slave, stdout=slave, stderr=slave, close_fds=True,
                            start_new_session=True)
    os.close(slave)
    return proc, master


def run_in_pty(db: Path, *args: str, answer: bytes | None = None, columns: int = 250,
               timeout: float = 60, **extra: str) -> tuple[int, bytes]:
    """`python -m recs ARGS` on a terminal (a pty for stdin, stdout and stderr).

    Returns the exit code and everything the terminal received. `answer` is
    typed once the process asks a question (`[y/N]`).
    """
    import select

    env = env_for(db, TERM="xterm-256color", **extra)
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    proc, master = on_terminal([sys.executable, "-m", "recs", *args], env, columns)
    received = b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the process closed the terminal
                    break
                if not chunk:
                    break
                received += chunk
                if answer is not None and b"[y/N]" in received:
                    os.write(master, answer)
                    answer = None
            elif proc.poll() is not None:
                break
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
    return proc.wait(), received


def read_to_end(master: int, seen: bytes = b"", proc: subprocess.Popen | None = None, timeout: float = 60) -> bytes:
    """All a pseudo-terminal shows until the process on it closes it (then the master is closed).
    A process still at it after `timeout` seconds is killed and the test fails (it never hangs)."""
    import select

    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([master], [], [], left)[0]:
            if proc is not None:
                proc.kill()
            os.close(master)
            raise AssertionError(f"the process on the terminal did not end within {timeout:.0f} s; "
                                 f"it showed: {seen[-400:]!r}")
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    return seen


def at_prompt(db: Path, args: list[str], prompt: bytes, *, keys: bytes = b"", signal: int | None = None
              ) -> tuple[int, str]:
    """`python -m recs ARGS` on a terminal: once it shows `prompt`, type `keys` (Ctrl-D: b"\\x04")
    or send it `signal` (Ctrl-C: SIGINT). Returns its exit code and all the terminal showed."""
    import select

    proc, master = on_terminal([sys.executable, "-m", "recs", *args], env_for(db))
    seen = b""
    while prompt not in seen and select.select([master], [], [], 10)[0]:
        seen += os.read(master, 4096)
    if keys:
        os.write(master, keys)
    if signal is not None:
        proc.send_signal(signal)
    seen = read_to_end(master, seen, proc)
    return proc.wait(30), seen.decode()
