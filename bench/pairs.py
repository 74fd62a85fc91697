"""recs against its peers in alternating pairs (issue 13's targets).

Each target command runs beside its peer (Taskwarrior's nearest command, or
`python -c pass`) run by run: recs then the peer, then the peer then recs,
and so on, so that whatever else the machine does lands on both sides of
each pair. A figure is the median of the pair ratios (recs ÷ peer), beside
the median time of each side. Every write is a real change on both sides
(`recs update` with a new note and a status the record does not have,
`task N modify project:<new>`, a new evidence or annotation each run).

Each pair is measured piped (stdout and stderr are pipes this process reads
to the end) and on a pseudo-terminal (python's `pty`, 160 columns; all the
output read), where recs colours and lays out its tables.
"""

import fcntl
import os
import pty
import select
import shutil
import statistics
import struct
import subprocess
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

COLUMNS, LINES = 160, 50
TARGET_PEER, TARGET_PASS, TARGET_GROWTH = 3.0, 6.0, 1.5

#: recs's command → (name of the peer command). Commands on one record are also
#: paired with `python -c pass`.
ONE_RECORD = ("show", "history", "update", "evidence add")
#: Rows shown beside the targets, not judged: JSON for scripts; a report with nothing kept
#: from one before (`recs/store/derived.py`), as on a fresh clone or after a pull that changed every record.
REFERENCE = ("list --format json", "report (nothing kept)")


def _reaped(proc: subprocess.Popen) -> tuple[int, float]:
    """Exit code and CPU seconds (user + system) of a finished child."""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage.ru_utime + usage.ru_stime


def run_piped(cmd: list[str], env: dict, cwd: Path) -> tuple[float, int, float]:
    """Wall seconds, exit code and CPU seconds of one run, its stdout and stderr read to the end."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            env=env, cwd=cwd)
    assert proc.stdout is not None and proc.stderr is not None
    streams = [proc.stdout.fileno(), proc.stderr.fileno()]
    while streams:
        ready, _, _ = select.select(streams, [], [])
        for fd in ready:
            if not os.read(fd, 1 << 16):
                streams.remove(fd)
    code, cpu = _reaped(proc)
    wall = time.perf_counter() - start
    proc.stdout.close()
    proc.stderr.close()
    return wall, code, cpu


def run_pty(cmd: list[str], env: dict, cwd: Path) -> tuple[float, int, float | None, float]:
    """Wall seconds, exit code, seconds to the first line and CPU seconds of one
    run on a pseudo-terminal (stdin, stdout and stderr), everything it shows read."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd, close_fds=True,
                            start_new_session=True)
    os.close(slave)
    first = None
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 1.0)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:  # EIO: every copy of the terminal is closed
                break
            if not chunk:
                break
            if first is None and b"\n" in chunk:
                first = time.perf_counter() - start
    finally:
        os.close(master)
    code, cpu = _reaped(proc) if proc.returncode is None else (proc.returncode, 0.0)
    return time.perf_counter() - start, code, first, cpu


@dataclass
class Pair:
    """One target: recs's command beside its peer, piped or on a terminal."""

    name: str
    peer_name: str
    terminal: bool
    recs: list[float] = field(default_factory=list)
    peer: list[float] = field(default_factory=list)
    first_line: list[float] = field(default_factory=list)
    recs_cpu: list[float] = field(default_factory=list)
    peer_cpu: list[float] = field(default_factory=list)
    failed: str = ""

    @property
    def ratios(self) -> list[float]:
        return [a / b for a, b in zip(self.recs, self.peer) if b > 0]

    @property
    def ratio(self) -> float | None:
        return statistics.median(self.ratios) if self.ratios else None

    @property
    def cpu_ratio(self) -> float | None:
        """The median of the pairs' ratios of CPU time (user + system), which
        other work on the machine disturbs less than wall time."""
        ratios = [a / b for a, b in zip(self.recs_cpu, self.peer_cpu) if b > 0]
        return statistics.median(ratios) if ratios else None

    @property
    def recs_median(self) -> float | None:
        return statistics.median(self.recs) if self.recs else None

    @property
    def peer_median(self) -> float | None:
        return statistics.median(self.peer) if self.peer else None


Command = Callable[[int], list[str]]


def alternate(pair: Pair, recs: Command, peer: Command, recs_env: dict, peer_env: dict, cwd: Path,
              runs: int, say: Callable[[str], None]) -> Pair:
    """`runs` pairs after one untimed warm-up pair; the first of each pair alternates."""
    for i in range(runs + 1):
        sides = [("recs", recs, recs_env), ("peer", peer, peer_env)]
        if i % 2:
            sides.reverse()
        got: dict[str, tuple[float, float]] = {}
        for side, cmd, env in sides:
            if pair.terminal:
                wall, code, first, cpu = run_pty(cmd(i), env, cwd)
            else:
                (wall, code, cpu), first = run_piped(cmd(i), env, cwd), None
            if code != 0:
                pair.failed = f"{side} `{' '.join(cmd(i)[-4:])}` exited {code}"
                say(f"  {pair.name}: {pair.failed}")
                return pair
            got[side] = (wall, cpu)
            if side == "recs" and first is not None and i:
                pair.first_line.append(first)
        if i:  # the warm-up pair fills the page cache and is not counted
            pair.recs.append(got["recs"][0])
            pair.peer.append(got["peer"][0])
            pair.recs_cpu.append(got["recs"][1])
            pair.peer_cpu.append(got["peer"][1])
    where = "pty" if pair.terminal else "piped"
    say(f"  {pair.name} ({where}): recs {pair.recs_median * 1000:.0f} ms, {pair.peer_name} "
        f"{pair.peer_median * 1000:.0f} ms, median ratio {pair.ratio:.2f}")
    return pair


def recs_env(tracker: Path, terminal: bool) -> dict:
    env = {**os.environ, "RECS_DB": str(tracker), "RECS_USER": "bench"}
    for name in ("RECS_NOW", "NO_COLOR", "COLUMNS", "LINES", "FORCE_COLOR"):
        env.pop(name, None)
    if terminal:
        env["TERM"] = env.get("TERM") if env.get("TERM", "dumb") != "dumb" else "xterm-256color"
        # on a terminal a long `recs list` goes through a pager, which would wait for a key;
        # `cat` as the pager shows the same table without waiting (Taskwarrior does not page)
        env["PAGER"] = "cat"
    return env


def task_setup(task: str, work: Path, n: int, tasks_json: Path) -> dict:
    """A Taskwarrior data folder holding the `n` recommendations as tasks; its environment."""
    data = work / f"task-{n}"
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir()
    rc = work / f"taskrc-{n}"
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\nhooks=off\n"
                  "recurrence=off\nnews.version=99.0.0\n")
    env = {**os.environ, "TASKRC": str(rc), "TASKDATA": str(data)}
    for name in ("NO_COLOR", "COLUMNS", "LINES"):
        env.pop(name, None)
    subprocess.run([task, "import", str(tasks_json)], env=env, cwd=work, capture_output=True, check=True)
    return env


def targets(n: int, tracker: Path, recs: list[str], task: str | None, task_env: dict | None, py: str,
            work: Path, runs: int, say: Callable[[str], None]) -> dict:
    """Every target pair at `n` recommendations, piped and on a terminal.

    Returns {"peer": [Pair…], "pass": [Pair…], "skipped": [why…]}.
    """
    mid = n // 2
    rid = f"R{mid}"
    # commands of recs and of its peer, by run number (every write a real change)
    recs_cmds: dict[str, Command] = {
        "list": lambda i: recs + ["list"],
        "list --status": lambda i: recs + ["list", "--status", "partial"],
        "show": lambda i: recs + ["show", rid],
        "history": lambda i: recs + ["history", rid],
        "update": lambda i: recs + ["update", rid, "--status", ("in_progress", "partial")[i % 2],
                                    "--note", f"bench {n} {i}"],
        "evidence add": lambda i: recs + ["evidence", "add", rid, "--summary", f"Bench evidence {n} {i}",
                                          "--source", "bench/run.py"],
        "report": lambda i: recs + ["report"],
        "list --format json": lambda i: recs + ["list", "--format", "json"],
    }
    peers: dict[str, tuple[str, Command]] = {}
    if task:
        peers = {
            "list": ("task list", lambda i: [task, "list"]),
            "list --status": ("task project:partial list", lambda i: [task, "project:partial", "list"]),
            "show": ("task N info", lambda i: [task, str(mid), "info"]),
            "history": ("task N info", lambda i: [task, str(mid), "info"]),
            "update": ("task N modify", lambda i: [task, str(mid), "modify", f"project:bench{n}x{i}"]),
            "evidence add": ("task N annotate", lambda i: [task, str(mid), "annotate", f"Bench evidence {n} {i}"]),
            "report": ("task summary", lambda i: [task, "summary"]),
            "list --format json": ("task export", lambda i: [task, "export"]),
        }
    out: dict = {"peer": [], "pass": [], "skipped": []}
    if task:  # (for reference) a report on a fresh clone: no work folder, so nothing kept from a report before
        fresh = work / f"fresh-clone-{n}"
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.copytree(tracker, fresh, ignore=shutil.ignore_patterns(".recs"))
        recs_cmds["report (nothing kept)"] = lambda i: recs + ["--db", str(fresh), "report"]
        peers["report (nothing kept)"] = peers["report"]
    if not task:
        out["skipped"].append("Taskwarrior: not installed or --no-taskwarrior (the ratios to it are not measured)")
    for terminal in (False, True):
        env = recs_env(tracker, terminal)
        for name, cmd in recs_cmds.items():
            if terminal and name in REFERENCE:
                continue  # JSON is for scripts; the rest of the report's figures say the terminal's cost
            if name in peers:
                peer_name, peer = peers[name]
                assert task_env is not None
                out["peer"].append(alternate(Pair(name, peer_name, terminal), cmd, peer, env, task_env, work,
                                             runs, say))
            if name in ONE_RECORD:
                out["pass"].append(alternate(Pair(name, "python -c pass", terminal), cmd,
                                             lambda i: [py, "-c", "pass"], env, env, work, runs, say))
    return out


def first_line(tracker: Path, recs: list[str], task: str | None, task_env: dict | None, work: Path, runs: int,
               say: Callable[[str], None]) -> dict:
    """`recs list` on a terminal, alternating with `task list` when there is one:
    medians of the time to the first line and to the end, for each."""
    env = recs_env(tracker, True)
    got: dict[str, list[float]] = {"first": [], "total": [], "task first": [], "task total": []}
    for i in range(runs + 1):
        sides = [("", recs + ["list"], env)]
        if task and task_env is not None:
            sides.append(("task ", [task, "list"], task_env))
        if i % 2:
            sides.reverse()
        for prefix, cmd, side_env in sides:
            wall, code, first, _ = run_pty(cmd, side_env, work)
            if code != 0:
                return {"failed": f"`{' '.join(cmd[-2:])}` exited {code}"}
            if i:
                got[prefix + "first"].append(first if first is not None else wall)
                got[prefix + "total"].append(wall)
    out = {k: statistics.median(v) for k, v in got.items() if v}
    say(f"  list on a pty: first line {out['first'] * 1000:.0f} ms, all {out['total'] * 1000:.0f} ms")
    return out


# -- the report section ---------------------------------------------------------
def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value * 1000:.0f} ms"


def _x(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def _verdict(value: float | None, most: float) -> str:
    return "not measured" if value is None else ("**met**" if value <= most else "**missed**") + f" (≤ {most:g}×)"


def report_lines(by_size: dict[int, dict], first: dict | None, first_n: int, runs: int,
                 loads: dict[str, tuple], first_runs: int) -> list[str]:
    """Issue 13's section of bench/README.md: every target with its figures and met or missed."""
    lines = ["## Issue 13's targets: recs beside Taskwarrior and `python -c pass`, in alternating pairs", "",
             f"Each figure: {runs} pairs after one untimed warm-up pair, the first of each pair alternating "
             "(recs, peer; peer, recs; …); the ratio is the **median of the pair ratios** (recs ÷ peer), "
             "beside each side's median time. Piped: stdout and stderr are pipes read to the end. "
             f"On a terminal: a pseudo-terminal of {COLUMNS}×{LINES} (python `pty`), everything shown read (`PAGER=cat`: a pager would wait for a key; Taskwarrior does not page). "
             "In brackets, the median of the pairs' ratios of CPU time (user + system of each child), which "
             "other work on the machine disturbs less than wall time (the verdicts are on wall time). "
             "Every write is a real change on both sides: `recs update` sets a status the record does not "
             "have and adds a note; `task N modify project:<new name>`; each evidence and annotation is new. "
             "`recs report` keeps a summary of each recommendation between runs (`.recs/derived-report.marshal`: "
             "a record whose file is unchanged is not read again; the record the writes change is); "
             "`report (nothing kept)` is the same report on a copy without the work folder, as on a fresh "
             "clone or after a pull that changed every record (for reference). "
             "Load average (1, 5, 15 min) "
             + "; ".join(f"{k}: {v[0]:.2f}, {v[1]:.2f}, {v[2]:.2f}" for k, v in loads.items()) + ".", ""]
    for n, got in sorted(by_size.items()):
        for why in got.get("skipped", []):
            lines += [f"Skipped at {n:,}: {why}.", ""]
        if got["peer"]:
            lines += [f"**At {n:,} recommendations, at most {TARGET_PEER:g}× Taskwarrior's nearest command:**", "",
                      "| recs | Taskwarrior | where | recs | Taskwarrior | median pair ratio | verdict | "
                      "(CPU: median pair ratio) |",
                      "|---|---|---|---|---|---|---|---|"]
            for p in got["peer"]:
                where = "terminal" if p.terminal else "piped"
                target = "(for reference)" if p.name in REFERENCE else _verdict(p.ratio, TARGET_PEER)
                cells = (f"failed: {p.failed} | | | " if p.failed else
                         f"{_ms(p.recs_median)} | {_ms(p.peer_median)} | {_x(p.ratio)} | ")
                lines.append(f"| `{p.name}` | `{p.peer_name}` | {where} | {cells}{target} | ({_x(p.cpu_ratio)}) |")
            lines.append("")
        lines += [f"**At {n:,}, the commands on one recommendation at most {TARGET_PASS:g}× `python -c pass`:**", "",
                  "| recs | where | recs | python -c pass | median pair ratio | verdict | (CPU: median pair ratio) |",
                  "|---|---|---|---|---|---|---|"]
        for p in got["pass"]:
            where = "terminal" if p.terminal else "piped"
            cells = (f"failed: {p.failed} | | | " if p.failed else
                     f"{_ms(p.recs_median)} | {_ms(p.peer_median)} | {_x(p.ratio)} | ")
            lines.append(f"| `{p.name}` | {where} | {cells}{_verdict(p.ratio, TARGET_PASS)} | ({_x(p.cpu_ratio)}) |")
        lines.append("")
    sizes = sorted(by_size)
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        lines += [f"**The commands on one recommendation at {large:,} within {TARGET_GROWTH:g}× of their "
                  f"{small:,} figures** (recs's median times; in brackets, the same with each time taken "
                  "relative to `python -c pass` in its pairs, which cancels the load's drift between the two sizes):",
                  "", f"| recs | where | {small:,} | {large:,} | × | (× relative to python -c pass) | verdict |",
                  "|---|---|---|---|---|---|---|"]
        by_key = {n: {(p.name, p.terminal): p for p in by_size[n]["pass"]} for n in (small, large)}
        for key, a in by_key[small].items():
            b = by_key[large].get(key)
            if b is None or a.failed or b.failed:
                continue
            grow = b.recs_median / a.recs_median
            rel = b.ratio / a.ratio if a.ratio and b.ratio else None
            lines.append(f"| `{key[0]}` | {'terminal' if key[1] else 'piped'} | {_ms(a.recs_median)} | "
                         f"{_ms(b.recs_median)} | {_x(grow)} | ({_x(rel)}) | {_verdict(grow, TARGET_GROWTH)} |")
        lines.append("")
    if first:
        if "failed" in first:
            lines += [f"**`recs list` on {first_n:,} recommendations on a terminal:** failed: {first['failed']}.", ""]
        else:
            peer = (f"; `task list` on the same {first_n:,} tasks: first line {_ms(first['task first'])}, "
                    f"all {_ms(first['task total'])}" if "task first" in first else "; Taskwarrior not measured")
            lines += [f"**`recs list` on {first_n:,} recommendations on a terminal** (median of {first_runs} runs"
                      f"{', alternating with Taskwarrior' if 'task first' in first else ''}): first line shown after "
                      f"{_ms(first['first'])}, all {first_n:,} rows after {_ms(first['total'])}{peer}.", ""]
    return lines
