"""Benchmark of recs against Taskwarrior and its floors; writes bench/README.md.

    python bench/run.py                  # everything (about half an hour on a quiet machine)
    python bench/run.py --sizes 1000,10000 --no-upr
                                         # without the 100,000 tables (kept from the last run)
    python bench/run.py --quick          # a few minutes: the pairs at 1,000, to stdout

Run it with the interpreter recs is installed in (e.g. `/tmp/venv/bin/python
bench/run.py`); recs is byte-compiled first, as `pip install` does. Every
figure is the wall time of a child process started from here. Trackers are
written directly (canonical bytes from `recs.store.files.dumps`, one file per
record, shaped like real ones: 3 evidence and 3 history entries each), and
Taskwarrior (`task`, when installed) gets the same recommendations as tasks.

1. Issue 13's targets (`bench/pairs.py`), at `--pair-sizes` (1,000 and
   10,000): `list`, `list --status`, `show`, `history`, `update`, `evidence
   add`, `report` each beside Taskwarrior's nearest command (`task list`,
   `task project:X list`, `task N info`, `task N modify`, `task N annotate`,
   `task summary`), and the commands on one record beside `python -c pass`,
   in alternating pairs (recs, peer; peer, recs; …), piped and on a
   pseudo-terminal; the figure is the median of the pair ratios. Every write
   is a real change on both sides. Then `recs list` on 42,000 records on a
   pseudo-terminal: the time to its first line.
2. Issue 9's tables, at `--sizes`: each recs command timed in a block with
   its peak memory (maximum resident set of the child, through
   /usr/bin/time), beside floors: `python -c pass`; reading and parsing
   every record file (os.scandir, read, orjson.loads); writing the files of
   the import into a new folder with one os.sync(); which files `show`,
   `update` and `evidence add` open, list and replace (one untimed run each
   under strace, when strace is installed).
3. Once: the UPR Info import (about 41,000 rows in six CSV files, when
   ../shared/datasets/upr-info holds them) against the floor of reading them
   with the csv module and writing the same files with one os.sync().

Sections not measured by a run (the 100,000 tables, the UPR import) are kept
from the previous bench/README.md, marked as such. The figures of the
single-file store (the commit before issue 9) are kept in BEFORE and printed
beside the new ones. Without Taskwarrior the pairs with it are skipped, and
the report says so.
"""

import argparse
import gc
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import pairs

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATASETS = ROOT.parent / "shared" / "datasets"
STATUSES = ("not_started", "in_progress", "partial", "implemented", "not_implemented")
WORDS = ("the government should ensure that all persons affected by the conflict have safe access to "
         "humanitarian assistance including food water shelter and medical care and that international "
         "partners provide emergency support to displaced families while the ministry strengthens the "
         "legal framework for the protection of refugees and establishes an independent mechanism to "
         "monitor implementation report publicly on progress and consult civil society organisations "
         "women's rights children education health justice detention torture ratify convention protocol "
         "national human rights institution resources training police judiciary minorities").split()
COUNTRIES = [f"State {c}{d}" for c in "ABCDEFGHIJKLMNOPQRST" for d in "abcdefghij"]
THEMES = ["Women's rights", "Rights of the Child", "Justice", "Detention", "Migrants", "Labour", "Health",
          "Education", "Torture and other CID treatment", "Minorities", "Trafficking", "Disabilities",
          "Death penalty", "NHRI", "Treaty bodies", "Civil society", "Development", "Poverty", "Elections",
          "Environment"]

QUIET = not sys.stderr.isatty()
LOAD = os.getloadavg()
SIZES: list[int] = []


#: The single-file store's figures (bench/README.md at commit 08a7a65, written
#: 2026-11-30 with `--runs 9`, load 0.21–1.00): {size: {row: (ms, peak MB)}}.
BEFORE = {
    1000: {"--version": (15, 9), "list": (89, 34), "list --status": (79, 22), "list --status --format json": (80, 22),
           "show": (72, 21), "show (typer's pydantic coercion)": (152, 35), "update": (91, 21),
           "evidence add": (84, 21), "report": (174, 48), "export json": (90, 25), "import": (243, 45)},
    10000: {"--version": (17, 9), "list": (226, 65), "list --status": (170, 56), "list --status --format json": (174, 62),
            "show": (91, 51), "update": (145, 55), "evidence add": (149, 51), "report": (296, 72),
            "export json": (278, 90), "import": (933, 114)},
    100000: {"--version": (15, 9), "list": (1833, 497), "list --status": (1129, 397),
             "list --status --format json": (1171, 450), "show": (316, 351), "update": (783, 388),
             "evidence add": (890, 351), "report": (1811, 440), "export json": (2002, 729), "import": (8185, 808)},
}
BEFORE_FLOORS = {1000: "python -c pass 11 ms; orjson parse of the store file 49 ms (28 MB)",
                 10000: "python -c pass 10 ms; orjson parse of the store file 194 ms (173 MB)",
                 100000: "python -c pass 13 ms; orjson parse of the store file 1755 ms (1629 MB)"}
BEFORE_UPR = (1296, 285, 736)  # ms, MB, floor ms (csv read + one atomic write of the 52 MB store)


def say(text: str) -> None:
    """Progress for a person watching; nothing when stderr is not a terminal."""
    if not QUIET:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()


# -- building trackers ----------------------------------------------------------
def words(rng: random.Random, low: int, high: int) -> str:
    """Prose of `low`..`high` characters."""
    target = rng.randint(low, high)
    out, size = [], 0
    while size < target:
        w = rng.choice(WORDS)
        out.append(w)
        size += len(w) + 1
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def build_records(n: int, seed: int = 6):
    rng = random.Random(seed)
    briefs = {}
    for b in range(max(1, n // 2000)):
        bid = f"brief-{b + 1}"
        briefs[bid] = {"id": bid, "title": f"Policy brief {b + 1}: {words(rng, 30, 70)}", "publisher": "Bench Institute",
                       "published": f"20{10 + b % 14:02d}-0{1 + b % 9}-15", "url": f"https://example.org/briefs/{b + 1}"}
    ids = list(briefs)
    recs = {}
    for i in range(1, n + 1):
        rid = f"R{i}"
        status = STATUSES[i % 5]
        at = f"20{14 + i % 10:02d}-0{1 + i % 9}-1{i % 10}T1{i % 10}:2{i % 10}:00Z"
        evidence = [{
            "id": f"E{k}", "date": f"20{15 + k:02d}-0{k}-2{k}", "summary": words(rng, 60, 260),
            "url": f"https://example.org/news/{i}/{k}", "source": words(rng, 20, 60), "added": at, "by": "staff",
        } for k in (1, 2, 3)]
        history = [
            {"at": at, "by": "staff", "field": "created", "old": None, "new": rid, "note": None},
            {"at": at, "by": "staff", "field": "status", "old": "not_started", "new": status,
             "note": words(rng, 20, 120)},
            {"at": at, "by": "staff", "field": "evidence", "old": None, "new": "E3", "note": evidence[2]["summary"]},
        ]
        recs[rid] = {
            "id": rid, "brief": ids[i % len(ids)], "title": words(rng, 40, 110), "text": words(rng, 120, 900),
            "quote": words(rng, 30, 300) if i % 3 else "", "actors": rng.sample(COUNTRIES, 1 + (i % 3 == 0)),
            "status": status, "due": f"20{25 + i % 4}-0{1 + i % 9}" if i % 4 == 0 else None,
            "tags": rng.sample(THEMES, 1 + i % 3), "fields": {"From": rng.choice(COUNTRIES), "Session": str(1 + i % 20)},
            "evidence": evidence, "history": history, "created": at, "updated": at,
        }
    return briefs, recs


def write_tracker(path: Path, n: int) -> int:
    """A tracker folder of `n` recommendations, written file by file (not through
    recs's commands): canonical bytes from `recs.store.files.dumps`, settings
    {"schema_version": 3}. Returns the bytes written."""
    from recs import SCHEMA_VERSION
    from recs.store.files import dumps

    briefs, recs = build_records(n)
    path.mkdir()
    for table in ("briefs", "recommendations", "removed"):
        (path / table).mkdir()
    total = 0

    def put(rel: str, data) -> None:
        nonlocal total
        payload = dumps(data)
        with open(path / rel, "wb") as handle:
            handle.write(payload)
        total += len(payload)

    put("tracker.json", {"schema_version": SCHEMA_VERSION})
    for bid, brief in briefs.items():
        put(f"briefs/{bid}.json", brief)
    change = 1_700_000_000_000_000
    for rid, rec in recs.items():
        for entry in rec["history"]:  # the id of the change that wrote it (undo's table)
            change += 1
            entry["change"] = change
        put(f"recommendations/{rid}.json", rec)
    return total


def build_in_child(path: Path, n: int) -> int:
    """`write_tracker` in a child process, so this one stays small (every
    measured child is forked from it)."""
    proc = subprocess.run([sys.executable, __file__, "--build", str(path), str(n)],
                          capture_output=True, text=True, check=True)
    return int(proc.stdout.strip())


def write_tasks(path: Path, n: int) -> None:
    """The same recommendations as Taskwarrior tasks (3 annotations each)."""
    briefs, recs = build_records(n)
    tasks = []
    for i, r in enumerate(recs.values()):
        tasks.append({
            "uuid": f"{i:08x}-0000-4000-8000-{i:012x}", "status": "pending", "entry": "20240101T000000Z",
            "description": r["title"], "project": r["status"], "tags": [t.replace(" ", "_").replace("'", "") for t in r["tags"]],
            "annotations": [{"entry": f"2024010{k}T000000Z", "description": e["summary"]}
                            for k, e in enumerate(r["evidence"], 1)],
        })
    path.write_text(json.dumps(tasks))


# -- measuring ------------------------------------------------------------------
def run_once(cmd: list[str], env: dict, cwd: Path) -> tuple[float, int, int, str, float]:
    """Wall seconds, peak RSS (KiB), exit code, stderr tail and CPU seconds (user + system) of one child."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL,
                                env=env, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read().decode(errors="replace").strip().splitlines()[-1:] or [""]
    return wall, usage.ru_maxrss, proc.returncode, tail[0], usage.ru_utime + usage.ru_stime


class Result:
    def __init__(self, name: str, times: list[float] | None = None, rss: int = 0, skipped: str = "",
                 cpus: list[float] | None = None):
        self.name, self.times, self.rss, self.skipped, self.cpus = name, times or [], rss, skipped, cpus or []

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    @property
    def cpu(self) -> float | None:
        """Median CPU seconds (user + system): less disturbed than wall time by other work on the machine."""
        return statistics.median(self.cpus) if self.cpus else None


TIME = shutil.which("time", path="/usr/bin:/bin")
STRACE = shutil.which("strace")


def measure(name: str, cmd, env: dict, cwd: Path, runs: int, before=None, warmup: bool = True) -> Result:
    """Median of `runs` runs (after one untimed warm-up run unless `warmup` is
    false); `before()` runs untimed before each; `cmd` is a list, or a function
    of the run's number giving one (so that every write is a real change).

    The first run also gives the peak memory, through /usr/bin/time when there
    is one (a child forked from this process would otherwise count this
    process's resident set in its ru_maxrss).
    """
    times, cpus, rss = [], [], 0
    memory = Path(tempfile.mkstemp(prefix="recs-bench-rss-")[1])
    try:
        for i in range(runs + (1 if warmup else 0)):
            if before:
                before()
            args = cmd(i) if callable(cmd) else cmd
            measured = [TIME, "-f", "%M", "-o", str(memory), "--"] + args if (TIME and i == 0) else args
            wall, peak, code, tail, cpu = run_once(measured, env, cwd)
            if code != 0:
                say(f"  {name}: exit {code}: {tail}")
                return Result(name, skipped=f"failed (exit {code}: {tail[:80]})")
            if i or not warmup:  # a warm-up run fills the page cache and is not counted
                times.append(wall)
                cpus.append(cpu)
            if i == 0 and TIME:
                text = memory.read_text().strip().splitlines()
                rss = int(text[-1]) if text and text[-1].isdigit() else 0
            if not TIME:
                rss = max(rss, peak)
    finally:
        memory.unlink(missing_ok=True)
    result = Result(name, times, rss, cpus=cpus)
    say(f"  {name}: {result.median:.3f} s (CPU {result.cpu:.3f} s), {rss / 1024:.0f} MB")
    return result


def touched(cmd: list[str], env: dict, cwd: Path, root: Path) -> dict | None:
    """The tracker files one run of `cmd` opens, the tracker folders it lists
    and the files it replaces or deletes (its own `.recs/` work folder left
    out): one untimed run under strace."""
    if not STRACE:
        return None
    log = Path(tempfile.mkstemp(prefix="recs-bench-strace-")[1])
    try:
        subprocess.run([STRACE, "-f", "-qq", "-y", "-o", str(log), "-e",
                        "trace=open,openat,getdents64,rename,renameat,renameat2,unlink,unlinkat", "--", *cmd],
                       env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        text = log.read_text(errors="replace")
    finally:
        log.unlink(missing_ok=True)
    prefix = str(root) + "/"
    opened, listed, replaced = set(), set(), set()

    def rel(p: str) -> str | None:
        if p == str(root):
            return "."
        if p.startswith(prefix) and not p[len(prefix):].startswith(".recs"):
            return p[len(prefix):]
        return None

    for line in text.splitlines():
        call = line.split(None, 1)[-1]
        if call.startswith(("open(", "openat(")):
            m = re.search(r'"([^"]+)"', call)
            if m and "ENOENT" not in call and (r := rel(m.group(1))) is not None:
                opened.add(r)
        elif call.startswith("getdents64("):
            m = re.match(r"getdents64\(\d+<([^>]+)>", call)
            if m and (r := rel(m.group(1))) is not None:
                listed.add(r)
        elif call.startswith(("rename", "unlink")):
            for p in re.findall(r'"([^"]+)"', call)[-1:]:
                if (r := rel(p)) is not None:
                    replaced.add(r)
    folders = {p for p in opened if (root / p).is_dir()}  # opened to list it, or to fsync it after a rename
    return {"opened": sorted(opened - folders), "listed": sorted(listed - {"."}),
            "synced": sorted(folders - listed - {"."}), "replaced": sorted(replaced)}


FLOOR_SCAN = """
import gc, os, sys, orjson
gc.disable()
for entry in os.scandir(sys.argv[1]):
    with open(entry.path, 'rb') as f:
        orjson.loads(f.read())
"""

# The same files an import writes, from the same export: parse it, serialise each
# record canonically, write the files into a new folder, one os.sync() at the end.
# Appends the seconds of the writing part alone (mkdir .. os.sync) to argv[3].
FLOOR_IMPORT = """
import gc, os, sys, time, orjson
gc.disable()
OPT = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
data = orjson.loads(open(sys.argv[1], 'rb').read())
start = time.perf_counter()
root = sys.argv[2]
os.mkdir(root)
for t in ('briefs', 'recommendations', 'removed'):
    os.mkdir(os.path.join(root, t))
def put(rel, obj):
    with open(os.path.join(root, rel), 'wb') as f:
        f.write(orjson.dumps(obj, option=OPT) + b'\\n')
put('tracker.json', {'schema_version': 3})
for b in data['briefs']:
    put('briefs/' + b['id'] + '.json', b)
for r in data['recommendations']:
    put('recommendations/' + r['id'] + '.json', r)
os.sync()
with open(sys.argv[3], 'a') as f:
    f.write(f'{time.perf_counter() - start}\\n')
"""

# UPR floor: csv.reader over the six files (timed), then write the record files recs
# wrote (read back first, untimed) into a new folder with one os.sync() (timed).
FLOOR_UPR = """
import csv, gc, io, os, sys, time, orjson
gc.disable()
OPT = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
start = time.perf_counter()
rows = []
for name in sys.argv[3:]:
    raw = open(name, 'rb').read()
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError:
        text = raw.decode('mac_roman')
    rows += list(csv.reader(io.StringIO(text, newline='')))
read = time.perf_counter() - start
src, root = sys.argv[1], sys.argv[2]
docs = {}
for t in ('briefs', 'recommendations'):
    for e in os.scandir(os.path.join(src, t)):
        docs[t + '/' + e.name] = orjson.loads(open(e.path, 'rb').read())
start = time.perf_counter()
os.mkdir(root)
for t in ('briefs', 'recommendations', 'removed'):
    os.mkdir(os.path.join(root, t))
docs['tracker.json'] = {'schema_version': 3}
for rel, obj in docs.items():
    with open(os.path.join(root, rel), 'wb') as f:
        f.write(orjson.dumps(obj, option=OPT) + b'\\n')
os.sync()
print(read + time.perf_counter() - start)
"""


def recs_command() -> list[str]:
    """The `recs` console script beside this interpreter, else `python -m recs`."""
    script = Path(sys.executable).parent / "recs"
    if script.exists():
        first = script.read_text(errors="replace").splitlines()[0]
        if first.startswith("#!") and Path(first[2:].strip()).resolve() == Path(sys.executable).resolve():
            return [str(script)]
    return [sys.executable, "-m", "recs"]


def has_command(recs: list[str], env: dict, cwd: Path, *args: str, needle: str = "") -> bool:
    proc = subprocess.run(recs + [*args, "--help"], capture_output=True, text=True, env=env, cwd=cwd)
    return proc.returncode == 0 and needle in proc.stdout


def heavy_runs(n: int, runs: int) -> int:
    """Fewer runs of the commands that read every record at 100,000 and more
    (each takes seconds), at least 3."""
    return runs if n < 100_000 else min(runs, max(3, (runs + 1) // 2))


def bench_size(n: int, runs: int, work: Path, recs: list[str]) -> dict:
    heavy = heavy_runs(n, runs)
    warm = n < 100_000  # at 100,000 the tracker was just written (the cache is warm): every heavy run counts
    load = os.getloadavg()
    say(f"size {n:,}: writing the tracker (load {load[0]:.2f})")
    tracker = work / f"tracker-{n}"
    size = build_in_child(tracker, n)
    env = {**os.environ, "RECS_DB": str(tracker), "RECS_USER": "bench", "NO_COLOR": "1", "COLUMNS": "160"}
    env.pop("RECS_NOW", None)
    out: dict = {"n": n, "size": size, "brief of mid": f"brief-{(n // 2) % max(1, n // 2000) + 1}", "recs": {}, "floor": {}, "task": {}, "runs": runs, "heavy": heavy,
                 "load": load, "touched": {}}
    py = sys.executable
    mid = f"R{n // 2}"
    F, R = out["floor"], out["recs"]
    F["python -c pass"] = measure("python -c pass", [py, "-c", "pass"], env, work, runs)
    F["read + parse every record file"] = measure(
        "floor: scandir + read + orjson.loads", [py, "-c", FLOOR_SCAN, str(tracker / "recommendations")],
        env, work, heavy, warmup=warm)

    R["--version"] = measure("recs --version", recs + ["--version"], env, work, runs)
    R["list"] = measure("recs list", recs + ["list"], env, work, heavy, warmup=warm)
    R["list --status"] = measure("recs list --status partial", recs + ["list", "--status", "partial"], env, work,
                                 heavy, warmup=warm)
    R["list --status --format json"] = measure(
        "recs list --status partial --format json", recs + ["list", "--status", "partial", "--format", "json"],
        env, work, heavy, warmup=warm)
    R["show"] = measure("recs show", recs + ["show", mid], env, work, runs)
    if n == min(SIZES):
        # what typer 0.29's pydantic coercion costs: the same `show`, params.lighten() disabled
        R["show (typer's pydantic coercion)"] = measure("recs show, typer's own coercion", [sys.executable, "-c", (
            "import sys; import recs.cli.params as p; p.lighten = lambda command: None\n"
            "sys.argv = ['recs'] + sys.argv[1:]\nfrom recs.launch import main; main()"), "show", mid],
            env, work, runs)
    # every run is a real change: the status alternates, each evidence is new
    R["update"] = measure("recs update", lambda i: recs + ["update", mid, "--status", ("in_progress", "partial")[i % 2],
                                                         "--note", f"bench {i}"], env, work, runs)
    R["evidence add"] = measure("recs evidence add", lambda i: recs + [
        "evidence", "add", mid, "--summary", f"Bench evidence {i}", "--source", "bench/run.py"], env, work, runs)
    T = out["touched"]
    T["show"] = touched(recs + ["show", mid], env, work, tracker)
    T["update"] = touched(recs + ["update", mid, "--status", "implemented", "--note", "bench strace"], env, work, tracker)
    T["evidence add"] = touched(recs + ["evidence", "add", mid, "--summary", "Bench evidence (strace)",
                                        "--source", "bench/run.py"], env, work, tracker)
    R["report"] = measure("recs report", recs + ["report"], env, work, heavy, warmup=warm)
    R["export json"] = measure("recs export --format json", recs + ["export", "--format", "json"], env, work,
                               heavy, warmup=warm)
    exported = work / f"export-{n}.json"
    subprocess.run(recs + ["export", "--format", "json", "--output", str(exported)], env=env, cwd=work,
                   capture_output=True)
    if exported.exists():
        target = work / f"imported-{n}"
        ienv = {**env, "RECS_DB": str(target)}

        def fresh():
            shutil.rmtree(target, ignore_errors=True)
            subprocess.run(recs + ["init", "--empty", str(target)], env=ienv, cwd=work, capture_output=True,
                           check=True)

        R["import"] = measure("recs import", recs + ["import", str(exported), "--format", "json"], ienv, work,
                              heavy, before=fresh, warmup=warm)
        shutil.rmtree(target, ignore_errors=True)
        floor_dir = work / f"floor-import-{n}"
        seconds = Path(tempfile.mkstemp(prefix="recs-bench-write-")[1])

        def clear():
            shutil.rmtree(floor_dir, ignore_errors=True)

        F["write the import's files, one os.sync()"] = result = measure(
            "floor: parse export + write files + os.sync", [py, "-c", FLOOR_IMPORT, str(exported), str(floor_dir),
                                                             str(seconds)], env, work, heavy, before=clear, warmup=warm)
        written = [float(x) for x in seconds.read_text().split()][-len(result.times):] if result.times else []
        out["write only"] = statistics.median(written) if written else None
        seconds.unlink(missing_ok=True)
        clear()
    else:
        R["import"] = Result("import", skipped="`recs export --output` wrote no file")
    exported.unlink(missing_ok=True)
    shutil.rmtree(tracker, ignore_errors=True)
    return out


def bench_upr(runs: int, work: Path, recs: list[str], py_pass: float | None) -> dict | None:
    files = sorted((DATASETS / "upr-info").glob("upr_info_sessions_*.csv"))
    mapping = ROOT / "data" / "mappings" / "upr-info.toml"
    if len(files) != 6 or not mapping.exists():
        return None
    say("UPR Info import (6 files)")
    tracker = work / "upr"
    env = {**os.environ, "RECS_DB": str(tracker), "RECS_USER": "bench"}

    def fresh():
        shutil.rmtree(tracker, ignore_errors=True)
        subprocess.run(recs + ["init", "--empty", str(tracker)], env=env, cwd=work, capture_output=True, check=True)

    result = measure("recs import (UPR, 6 files)", recs + ["import", *map(str, files), "--mapping", str(mapping)],
                     env, work, runs, before=fresh)
    count = sum(1 for _ in os.scandir(tracker / "recommendations")) if tracker.exists() else 0
    floors = []
    target = work / "upr-floor"
    for _ in range(runs):
        shutil.rmtree(target, ignore_errors=True)
        proc = subprocess.run([sys.executable, "-c", FLOOR_UPR, str(tracker), str(target), *map(str, files)],
                              capture_output=True, text=True, cwd=work)
        if proc.returncode == 0 and proc.stdout.strip():
            floors.append(float(proc.stdout.strip()) + (py_pass or 0))
    shutil.rmtree(target, ignore_errors=True)
    floor = Result("csv read + write the files, one os.sync()", floors)
    say(f"  floor: {floor.median:.3f} s" if floors else "  floor: failed")
    shutil.rmtree(tracker, ignore_errors=True)
    return {"recs": result, "floor": floor, "count": count}


# -- the report -----------------------------------------------------------------------
def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{cpu}, {os.cpu_count()} cores{mem}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()} ({sys.executable})")


def fmt_s(value: float | None) -> str:
    return "—" if value is None else (f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s")


def ratio(a: float | None, b: float | None) -> str:
    return "—" if a is None or b is None or b == 0 else f"{a / b:.1f}×"


def verdict(a: float | None, b: float | None, most: float) -> str:
    if a is None or b is None:
        return "not measured"
    return f"{'met' if a / b <= most else 'missed'} (≤ {most:g}×)"


def mb(kib: int) -> str:
    return f"{kib / 1024:.0f} MB"


def before_cell(n: int, name: str) -> tuple[str, str, float | None]:
    ms, peak = BEFORE.get(n, {}).get(name, (None, None))
    if ms is None:
        return "—", "—", None
    return f"{ms} ms", f"{peak} MB", ms / 1000


def files_cell(t: dict | None) -> str:
    if t is None:
        return "not checked (no strace)"
    def short(paths: list[str]) -> str:  # more than 3 files of one folder: counted, not named
        by_folder: dict[str, list[str]] = {}
        for p in paths:
            by_folder.setdefault(p.rpartition("/")[0], []).append(p)
        return ", ".join(", ".join(ps) if len(ps) <= 3 or not f else f"{len(ps)} files of {f}/ ({ps[0]} …)"
                         for f, ps in by_folder.items())

    parts = [f"read {short(t['opened']) or 'none'}",
             f"listed {', '.join(p + '/' for p in t['listed']) or 'no folder'}"]
    if t["replaced"]:
        parts.append(f"replaced {', '.join(t['replaced'])}")
    return "; ".join(parts)


def only_own(t: dict | None, rec_id: str, brief_id: str) -> bool | None:
    """Whether a command read and replaced only its record's files (the record,
    its brief, the settings) and listed no folder."""
    if t is None:
        return None
    own = {f"recommendations/{rec_id}.json", f"briefs/{brief_id}.json", "tracker.json"}
    return set(t["opened"]) <= own and not t["listed"] and set(t["replaced"]) <= own


def write_report(path: Path, results: list[dict], upr: dict | None, task_version: str | None,
                 runs: int, took: float, argv: list[str], end_load: tuple, targets: list[str] | None = None,
                 kept: list[str] | None = None, upr_missing: bool = False) -> None:
    loads = [LOAD[0], *(r["load"][0] for r in results), end_load[0]]
    high = max(loads) > 2.5
    lines = [
        "# recs benchmark: daily commands beside Taskwarrior (issue 13); tracker folders (issue 9)",
        "",
        f"Written by `python bench/run.py{(' ' + ' '.join(argv)) if argv else ''}` on "
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; the whole run took {took / 60:.1f} minutes.",
        "",
        f"- Machine: {machine()}",
        f"- Load average (1, 5, 15 min) at the start: {LOAD[0]:.2f}, {LOAD[1]:.2f}, {LOAD[2]:.2f}"
        + "".join(f"; at the start of {r['n']:,}: {r['load'][0]:.2f}" for r in results)
        + f"; at the end: {end_load[0]:.2f}, {end_load[1]:.2f}, {end_load[2]:.2f}."
        + (" **The load was high** (other work ran on this 2-core machine during the run): times are inflated "
           "and noisy; the ratios of alternating pairs hold better than times, and the \"before\" figures "
           "(load 0.21–1.00) are not directly comparable." if high else ""),
        f"- recs and every Python floor run with that interpreter; Taskwarrior: "
        f"{task_version}; strace: "
        f"{'used to list the files each command touches' if STRACE else 'not installed (file check skipped)'}.",
        "- recs is byte-compiled first (`python -m compileall`), as `pip install` does.",
        "- Trackers are written directly by `bench/run.py` (canonical bytes of `recs.store.files.dumps`, one file "
        "per record), shaped like real ones: 3 evidence and 3 history entries per recommendation, titles 40–110 "
        "characters, texts 120–900, evidence summaries 60–260, two source fields; one brief per 2,000. "
        "Taskwarrior gets the same recommendations as tasks (3 annotations each).",
        "- `show`, `history`, `update` and `evidence add` act on the middle recommendation (task).",
        "",
        *(targets or []),
    ]
    if results:
        lines += [
            f"The tables from here on time each command in a block: the median wall time of {runs} runs of a child "
            "process started from `bench/run.py`, piped to /dev/null, after one untimed warm-up run; at 100,000 "
            "the commands that read every record (and the floors and imports) run fewer times and without warm-up "
            "(the tracker was just written: the cache is warm); see each heading. Memory is the child's peak "
            "resident set (/usr/bin/time %M). \"before (single file)\": the figures of the single-file store "
            "(this file at commit 08a7a65, `--runs 9`, load 0.21–1.00), same machine and generator.", ""]
    by_n = {r["n"]: r for r in results}
    ordered = sorted(results, key=lambda r: r["n"])
    small, large = (ordered[0], by_n[100_000]) if 100_000 in by_n else (None, None)  # issue 9's sizes
    if small and large and small is not large:
        s, L = small["n"], large["n"]
        lines += ["## Issue 9's targets", ""]
        if (s, L) != (1000, 100_000):
            lines += [f"(This run measured {s:,} and {L:,}, not 1,000 and 100,000: the verdicts are for those "
                      "sizes.)", ""]
        lines += [f"**`show`, `update`, `evidence add` touch only their record's files; time and peak memory at "
                  f"{L:,} within 1.5× of {s:,}:**", "",
                  f"| command | time {s:,} | time {L:,} | × | peak {s:,} | peak {L:,} | × | (CPU {s:,} → {L:,}) "
                  f"| files touched at {L:,} | verdict | before (single file) {L:,} |",
                  "|---|---|---|---|---|---|---|---|---|---|---|"]
        for name in ("show", "update", "evidence add"):
            a, b = small["recs"][name], large["recs"][name]
            t = large["touched"].get(name)
            own = only_own(t, f"R{L // 2}", large["brief of mid"])
            fast = not a.skipped and not b.skipped and b.median / a.median <= 1.5 and b.rss / a.rss <= 1.5
            files = {None: "not checked", True: "met", False: "missed"}[own]
            bt, bp, _ = before_cell(L, name)
            lines.append(f"| `{name}` | {fmt_s(a.median)} | {fmt_s(b.median)} | {ratio(b.median, a.median)} | "
                         f"{mb(a.rss)} | {mb(b.rss)} | {ratio(b.rss, a.rss)} | {fmt_s(a.cpu)} → {fmt_s(b.cpu)}, "
                         f"{ratio(b.cpu, a.cpu)} | {files_cell(t)} | "
                         f"time and memory {'met' if fast else 'missed'}; files {files} | {bt}, {bp} |")
        floor = large["floor"]["read + parse every record file"]
        lines += ["", f"**At {L:,}, `list`, `report`, `export` within 2× of reading and parsing every record file "
                  f"(os.scandir + read + orjson.loads, gc off: {fmt_s(floor.median)}, {mb(floor.rss)}; "
                  f"CPU {fmt_s(floor.cpu)}):**", "",
                  "| command | time | peak memory | × floor | verdict (≤ 2×) | (CPU, × floor's CPU) | before (single file) |",
                  "|---|---|---|---|---|---|---|"]
        for name in ("list", "list --status --format json", "report", "export json"):
            r = large["recs"][name]
            bt, bp, _ = before_cell(L, name)
            lines.append(f"| `{name}` | {fmt_s(r.median)} | {mb(r.rss)} | {ratio(r.median, floor.median)} | "
                         f"{verdict(r.median, floor.median, 2)} | {fmt_s(r.cpu)}, {ratio(r.cpu, floor.cpu)} | {bt}, {bp} |")
        r = large["recs"]["import"]
        f = large["floor"].get("write the import's files, one os.sync()")
        w = large.get("write only")
        bt, bp, _ = before_cell(L, "import")
        lines += ["", f"**An import of {L:,} records (a `recs export --format json` into a new tracker) within 3× "
                  "of writing the same files with one os.sync() at the end:**", "",
                  "| | time | peak memory | import ÷ this | verdict (≤ 3×) | (CPU, import's CPU ÷ this) |",
                  "|---|---|---|---|---|---|",
                  f"| `recs import export.json` (before, single file: {bt}, {bp}) | {fmt_s(r.median)} | {mb(r.rss)} | | "
                  f"| {fmt_s(r.cpu)} |"]
        if f and not f.skipped:
            lines.append(f"| floor: python starts, parses the export, writes each record's canonical file into a new "
                         f"folder, one os.sync() | {fmt_s(f.median)} | {mb(f.rss)} | {ratio(r.median, f.median)} | "
                         f"{verdict(r.median, f.median, 3)} | {fmt_s(f.cpu)}, {ratio(r.cpu, f.cpu)} |")
        if w:
            lines.append(f"| (the writing part of that floor alone: mkdir … os.sync()) | {fmt_s(w)} | | "
                         f"{ratio(r.median, w)} | (for reference) | |")
        lines.append("")
    for res in results:
        n = res["n"]
        F, R = res["floor"], res["recs"]
        py = F["python -c pass"].median
        scan = F["read + parse every record file"].median
        head = (f"medians of {res['runs']} runs" if res["heavy"] == res["runs"] else
                f"medians of {res['runs']} runs; {res['heavy']} for `list`, `report`, `export`, `import` and floors")
        lines += [f"## {n:,} recommendations ({res['size'] / 1e6:.1f} MB of record files; {head}; "
                  f"load {res['load'][0]:.2f} at the start)", "",
                  "(Piped to /dev/null, each command timed in a block of runs; Taskwarrior is compared in "
                  "alternating pairs above.)", "",
                  "| command | recs (folder) | CPU | peak memory | before (single file) | before peak | × before | "
                  "× python -c pass | × read + parse floor |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for name, r in R.items():
            bt, bp, bsec = before_cell(n, name)
            if r.skipped:
                lines.append(f"| `{name}` | skipped: {r.skipped} | | | {bt} | {bp} | | | |")
                continue
            lines.append(
                f"| `{name}` | {fmt_s(r.median)} | {fmt_s(r.cpu)} | {mb(r.rss)} | {bt} | {bp} | {ratio(r.median, bsec)} | "
                f"{ratio(r.median, py)} | {ratio(r.median, scan)} |")
        lines += ["", "Floors now: " + "; ".join(f"{k} {fmt_s(v.median)} ({mb(v.rss)})" for k, v in F.items()
                                                 if not v.skipped)
                  + (f" (its writing part alone {fmt_s(res['write only'])})" if res.get("write only") else "")
                  + f". Before: {BEFORE_FLOORS.get(n, '—')}.", ""]
    if upr:
        r, f = upr["recs"], upr["floor"]
        lines += ["## UPR Info import (six CSV files, about 41,000 rows)", "",
                  "| | time | peak memory | before (single file) |", "|---|---|---|---|",
                  f"| `recs import upr_info_sessions_*.csv --mapping data/mappings/upr-info.toml` "
                  f"({upr['count']:,} record files) | {fmt_s(r.median)} | {mb(r.rss) if r.rss else '—'} | "
                  f"{BEFORE_UPR[0]} ms, {BEFORE_UPR[1]} MB |",
                  f"| floor: `python -c pass` + csv.reader over the six files + writing the same record files into a "
                  f"new folder, one os.sync() | {fmt_s(f.median)} | | {BEFORE_UPR[2]} ms (one atomic write of the "
                  "single file) |",
                  "", f"Ratio {ratio(r.median, f.median)}: {verdict(r.median, f.median, 3)} "
                  f"(before: {BEFORE_UPR[0] / BEFORE_UPR[2]:.1f}×).", ""]
    elif upr_missing:
        lines += ["## UPR Info import", "", f"Skipped: the six UPR Info CSV files are not in {DATASETS / 'upr-info'}.", ""]
    lines += kept or []
    notes = HERE / "NOTES.md"
    if notes.exists():
        lines += ["", notes.read_text().strip()]
    path.write_text("\n".join(lines) + "\n")


#: Sections of the previous bench/README.md kept when this run does not measure
#: them again (the 100,000 figures take 20 minutes; the UPR import a few): their
#: headings.
KEPT = re.compile(r"Issue 9's targets|[0-9,]+ recommendations|UPR Info import")


def kept_sections(previous: Path, written: list[str]) -> list[str]:
    """The sections of `previous` named by KEPT whose heading this run does not write, with a note."""
    if not previous.exists():
        return []
    text = previous.read_text()
    stamp = re.search(r"^Written by (`[^`]*`) on ([^;]+);", text, re.M)
    sections = re.split(r"^(?=## )", text, flags=re.M)
    out = []
    for section in sections:
        heading = section.split("\n", 1)[0][3:]
        if not section.startswith("## ") or not KEPT.match(heading):
            continue
        if any(h.startswith(heading.split(" (")[0]) for h in written):
            continue
        head, _, body = section.partition("\n")
        body = body.strip("\n")
        note = (f"_(Kept from an earlier run, {stamp.group(2)} by {stamp.group(1)} or later as the section says: "
                "this run did not measure it again.)_" if stamp else "_(Kept from an earlier run.)_")
        out += [head, "", *([] if body.startswith("_(Kept from") else [note, ""]), body, ""]
    return out


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--build"]:  # internal: write_tracker in a child (see build_in_child)
        print(write_tracker(Path(argv[1]), int(argv[2])))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pair-sizes", default="1000,10000",
                        help="sizes at which recs is timed against its peers in alternating pairs")
    parser.add_argument("--pairs", type=int, default=9, help="timed pairs per target (after one warm-up pair)")
    parser.add_argument("--first-line", type=int, default=42_000,
                        help="size of the tracker on which `recs list` is timed to its first line (0: skip)")
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="sizes of the per-size tables (issue 9's figures); '' for none")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true",
                        help="a few minutes: the pairs at 1,000 (5 each), the per-size table at 1,000 (one run), "
                             "no 42,000 row and no UPR import; to stdout unless --out")
    parser.add_argument("--out", default=None, help="where to write the results (Markdown; default bench/README.md); "
                        "'-' for stdout")
    parser.add_argument("--no-taskwarrior", action="store_true")
    parser.add_argument("--no-upr", action="store_true")
    args = parser.parse_args(argv)
    given = " ".join(argv)
    if args.quick:
        args.pair_sizes = args.pair_sizes if "--pair-sizes" in given else "1000"
        args.pairs = args.pairs if "--pairs" in given else 5
        args.sizes = args.sizes if "--sizes" in given else "1000"
        args.runs = args.runs if "--runs" in given else 1
        args.first_line = args.first_line if "--first-line" in given else 0
        args.no_upr = True
        args.out = args.out or "-"
    args.out = args.out or str(HERE / "README.md")
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    pair_sizes = [int(s.replace("_", "")) for s in args.pair_sizes.split(",") if s.strip()]
    SIZES[:] = sizes
    gc.disable()
    start = time.perf_counter()
    recs = recs_command()
    # Byte-compile recs as pip does when it installs a package: an editable
    # install under PYTHONDONTWRITEBYTECODE would otherwise compile every
    # module of recs from source on every run.
    import recs as recs_package

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(recs_package.__file__).parent)],
                   check=False, capture_output=True)
    task = None if args.no_taskwarrior else shutil.which("task")
    task_version = None
    if task:
        task_version = "Taskwarrior " + subprocess.run([task, "--version"], capture_output=True, text=True).stdout.strip()
    else:
        task_version = ("skipped (--no-taskwarrior: no ratio to it is measured)" if args.no_taskwarrior else
                        "not installed (no ratio to it is measured)")
        say("Taskwarrior: " + task_version)
    results = []
    paired: dict[int, dict] = {}
    first = None
    first_runs = min(args.pairs, 3)  # each takes seconds (a minute on a busy machine)
    loads: dict[str, tuple] = {"start": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="recs-bench-") as tmp:
        work = Path(tmp)
        for n in pair_sizes:
            say(f"pairs at {n:,} (load {os.getloadavg()[0]:.2f})")
            tracker, task_env = paired_stores(n, work, task)
            paired[n] = pairs.targets(n, tracker, recs, task, task_env, sys.executable, work, args.pairs, say)
            shutil.rmtree(tracker, ignore_errors=True)
        if args.first_line:
            say(f"list on {args.first_line:,} on a pty (load {os.getloadavg()[0]:.2f})")
            tracker, task_env = paired_stores(args.first_line, work, task)
            first = pairs.first_line(tracker, recs, task, task_env, work, first_runs, say)
            shutil.rmtree(tracker, ignore_errors=True)
        loads["end of the pairs"] = os.getloadavg()
        for n in sizes:
            results.append(bench_size(n, args.runs, work, recs))
        py_pass = results[0]["floor"]["python -c pass"].median if results else None
        upr = None if args.no_upr else bench_upr(min(args.runs, 3), work, recs, py_pass)
        if upr is None and not args.no_upr:
            say(f"UPR import: skipped (no six CSV files in {DATASETS / 'upr-info'})")
    took = time.perf_counter() - start
    end_load = os.getloadavg()
    out = Path(args.out) if args.out != "-" else Path("/dev/stdout")
    target_lines = pairs.report_lines(paired, first, args.first_line, args.pairs, loads, first_runs) if paired or first else []
    written = [f"{n:,} recommendations" for n in sizes] + (["Issue 9's targets"] if 100_000 in sizes else [])
    written += [] if args.no_upr else ["UPR Info import"]
    kept = kept_sections(HERE / "README.md", written) if out != Path("/dev/stdout") else []
    write_report(out, results, upr, task_version, args.runs, took, argv, end_load, target_lines, kept,
                 upr_missing=upr is None and not args.no_upr)
    say(f"wrote {args.out} ({took / 60:.1f} minutes)")


def paired_stores(n: int, work: Path, task: str | None) -> tuple[Path, dict | None]:
    """A tracker of `n` recommendations and, with Taskwarrior, the same as tasks."""
    tracker = work / f"pairs-{n}"
    shutil.rmtree(tracker, ignore_errors=True)
    build_in_child(tracker, n)
    if not task:
        return tracker, None
    tasks = work / f"pairs-tasks-{n}.json"
    write_tasks(tasks, n)
    env = pairs.task_setup(task, work, n, tasks)
    tasks.unlink()
    return tracker, env


if __name__ == "__main__":
    main()
