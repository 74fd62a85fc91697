"""Benchmark of recs against its floors and Taskwarrior; writes bench/README.md.

    python bench/run.py [--sizes 1000,10000,100000] [--runs 5] [--out bench/README.md]

Run it with the interpreter recs is installed in (e.g. `.venv/bin/python
bench/run.py`): every figure is the wall time of a child process started from
here, the median of `--runs` runs, and its peak memory (ru_maxrss of that
child, from `os.wait4`). For each size it builds a store shaped like a real
one (3 evidence and 3 history entries per recommendation, realistic text
lengths), then measures, in the same run:

- recs: `--version`, `list`, `list --status`, `show`, `update`, `evidence add`,
  `report`, `export --format json`, `import` (commands this recs lacks are
  reported as skipped);
- floors: `python -c pass` (same interpreter), parsing the store with orjson
  (gc off), and parse + serialise + atomic write, each a child process too;
- Taskwarrior (`task`, when installed) on the same number of tasks: `info`,
  `modify`, `annotate`, `list`, `summary`, `export`, `import`;
- once: the UPR Info import (about 41,000 rows in six CSV files) against the
  floor of reading them with the csv module and writing the store once.
"""

import argparse
import gc
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import orjson

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


def say(text: str) -> None:
    """Progress for a person watching; nothing when stderr is not a terminal."""
    if not QUIET:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()


# -- building stores ------------------------------------------------------------
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


def write_store(path: Path, n: int) -> int:
    """A store of the schema this recs writes (so no command pays for a migration)."""
    from recs import SCHEMA_VERSION

    briefs, recs = build_records(n)
    data = {"_meta": {"1": {"schema_version": SCHEMA_VERSION, "last_number": n}}, "briefs": briefs,
            "recommendations": recs}
    if SCHEMA_VERSION >= 2:  # history entries carry the id of the change that wrote them; undo's table
        change = 1_700_000_000_000_000
        for rec in recs.values():
            for entry in rec["history"]:
                change += 1
                entry["change"] = change
        data["removed"] = {}
    path.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n")
    return path.stat().st_size


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
def run_once(cmd: list[str], env: dict, cwd: Path) -> tuple[float, int, int, str]:
    """Wall seconds, peak RSS (KiB), exit code and stderr tail of one child."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL,
                                env=env, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read().decode(errors="replace").strip().splitlines()[-1:] or [""]
    return wall, usage.ru_maxrss, proc.returncode, tail[0]


class Result:
    def __init__(self, name: str, times: list[float] | None = None, rss: int = 0, skipped: str = ""):
        self.name, self.times, self.rss, self.skipped = name, times or [], rss, skipped

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None


TIME = shutil.which("time", path="/usr/bin:/bin")


def measure(name: str, cmd: list[str], env: dict, cwd: Path, runs: int, before=None, warmup: bool | None = None) -> Result:
    """Median of `runs` runs (after one warm-up run); `before()` runs untimed before each.

    The warm-up run also gives the peak memory: through /usr/bin/time when
    there is one, since a child forked from this (larger) process starts with
    this process's resident set, which ru_maxrss would count.
    """
    if warmup is None:
        warmup = WARMUP["on"]
    times, rss = [], 0
    memory = Path(tempfile.mkstemp(prefix="recs-bench-rss-")[1])
    try:
        for i in range(runs + (1 if warmup else 0)):
            if before:
                before()
            measured = [TIME, "-f", "%M", "-o", str(memory), "--"] + cmd if (TIME and i == 0) else cmd
            wall, peak, code, tail = run_once(measured, env, cwd)
            if code != 0:
                say(f"  {name}: exit {code}: {tail}")
                return Result(name, skipped=f"failed (exit {code}: {tail[:80]})")
            if i or not warmup:  # a warm-up run fills the page cache and is not counted
                times.append(wall)
            if i == 0 and TIME:
                text = memory.read_text().strip().splitlines()
                rss = int(text[-1]) if text and text[-1].isdigit() else 0
            if not TIME:
                rss = max(rss, peak)
    finally:
        memory.unlink(missing_ok=True)
    result = Result(name, times, rss)
    say(f"  {name}: {result.median:.3f} s, {rss / 1024:.0f} MB")
    return result


FLOOR_PARSE = """
import gc, sys, orjson
gc.disable()
orjson.loads(open(sys.argv[1], 'rb').read())
"""

FLOOR_WRITE = """
import gc, os, sys, tempfile, orjson
gc.disable()
path = sys.argv[1]
data = orjson.loads(open(path, 'rb').read())
rec = data['recommendations']['R1']
rec['updated'] = '2030-01-01T00:00:00Z'
payload = orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b'\\n'
fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path))
with os.fdopen(fd, 'wb') as f:
    f.write(payload); f.flush(); os.fsync(f.fileno())
os.replace(tmp, path)
dfd = os.open(os.path.dirname(path), os.O_RDONLY); os.fsync(dfd); os.close(dfd)
"""

FLOOR_IMPORT = """
import csv, gc, os, sys, tempfile, time, orjson
gc.disable()
start = time.perf_counter()
rows = []
for name in sys.argv[2:]:
    raw = open(name, 'rb').read()
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError:
        text = raw.decode('mac_roman')
    import io
    rows += list(csv.reader(io.StringIO(text, newline='')))
read = time.perf_counter() - start
data = orjson.loads(open(sys.argv[1], 'rb').read())  # the store recs wrote: not timed
start = time.perf_counter()
payload = orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b'\\n'
fd, tmp = tempfile.mkstemp(dir=os.path.dirname(sys.argv[1]))
with os.fdopen(fd, 'wb') as f:
    f.write(payload); f.flush(); os.fsync(f.fileno())
os.replace(tmp, sys.argv[1] + '.floor')
write = time.perf_counter() - start
print(read + write)
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


WARMUP = {"on": True}


def runs_at(n: int, runs: int) -> int:
    """Fewer runs at 100,000 and more (each takes seconds), at least 3."""
    return runs if n < 100_000 else min(runs, max(3, (runs + 1) // 2))


def bench_size(n: int, runs: int, work: Path, recs: list[str], task: str | None) -> dict:
    runs = runs_at(n, runs)
    WARMUP["on"] = n < 100_000  # at 100,000 the store was just written: the cache is warm, every run counts
    say(f"size {n:,}: building the store")
    store = work / f"recs-{n}.json"
    size = write_store(store, n)
    env = {**os.environ, "RECS_DB": str(store), "RECS_USER": "bench", "NO_COLOR": "1", "COLUMNS": "160"}
    env.pop("RECS_NOW", None)
    out: dict = {"n": n, "file_size": size, "recs": {}, "floor": {}, "task": {}, "runs": runs}
    py = sys.executable
    mid = f"R{n // 2}"
    F = out["floor"]
    F["python -c pass"] = measure("python -c pass", [py, "-c", "pass"], env, work, runs)
    F["orjson parse (gc off)"] = measure("orjson parse", [py, "-c", FLOOR_PARSE, str(store)], env, work, runs)
    copy = work / f"floor-{n}.json"
    shutil.copy(store, copy)
    F["parse + serialise + atomic write"] = measure("parse+write", [py, "-c", FLOOR_WRITE, str(copy)], env, work, runs)
    copy.unlink()

    R = out["recs"]
    R["--version"] = measure("recs --version", recs + ["--version"], env, work, runs)
    R["list"] = measure("recs list", recs + ["list"], env, work, runs)
    R["list --status"] = measure("recs list --status partial", recs + ["list", "--status", "partial"], env, work, runs)
    R["list --status --format json"] = measure("recs list --status partial --format json",
                                               recs + ["list", "--status", "partial", "--format", "json"], env, work, runs)
    R["show"] = measure("recs show", recs + ["show", mid], env, work, runs)
    if n == min(SIZES):
        # what typer 0.29's pydantic coercion costs: the same `show`, params.lighten() disabled
        R["show (typer's pydantic coercion)"] = measure("recs show, typer's own coercion", [sys.executable, "-c", (
            "import sys; import recs.cli.params as p; p.lighten = lambda command: None\n"
            "sys.argv = ['recs'] + sys.argv[1:]\nfrom recs.launch import main; main()"), "show", mid],
            env, work, runs)
    R["update"] = measure("recs update", recs + ["update", mid, "--status", "in_progress", "--note", "bench"],
                          env, work, runs)
    R["evidence add"] = measure("recs evidence add", recs + ["evidence", "add", mid, "--summary", "Bench evidence",
                                                            "--source", "bench/run.py"], env, work, runs)
    if has_command(recs, env, work, "report"):
        R["report"] = measure("recs report", recs + ["report"], env, work, runs)
    else:
        R["report"] = Result("report", skipped="no `report` command in this recs")
    exported = work / f"export-{n}.json"
    if has_command(recs, env, work, "export"):
        R["export json"] = measure("recs export --format json", recs + ["export", "--format", "json"], env, work, runs)
        subprocess.run(recs + ["export", "--format", "json", "--output", str(exported)], env=env, cwd=work,
                       capture_output=True)
    else:
        R["export json"] = Result("export json", skipped="no `export` command in this recs")
    if exported.exists() and has_command(recs, env, work, "import", needle="--format"):
        target = work / f"imported-{n}.json"
        ienv = {**env, "RECS_DB": str(target)}

        def fresh():
            target.unlink(missing_ok=True)
            subprocess.run(recs + ["init", "--empty"], env=ienv, cwd=work, capture_output=True, check=True)

        R["import"] = measure("recs import", recs + ["import", str(exported), "--format", "json"], ienv, work, runs,
                              before=fresh)
        target.unlink(missing_ok=True)
    else:
        R["import"] = Result("import", skipped="no `import` of recs's own export in this recs")
    exported.unlink(missing_ok=True)

    if task:
        out["task"] = bench_task(n, runs, work, task)
    store.unlink()
    return out


def bench_task(n: int, runs: int, work: Path, task: str) -> dict:
    say(f"size {n:,}: Taskwarrior {n:,} tasks")
    data = work / f"task-{n}"
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir()
    rc = work / f"taskrc-{n}"
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\nhooks=off\n"
                  "recurrence=off\nnews.version=99.0.0\n")
    tasks = work / f"tasks-{n}.json"
    write_tasks(tasks, n)
    env = {**os.environ, "TASKRC": str(rc), "TASKDATA": str(data)}
    subprocess.run([task, "import", str(tasks)], env=env, cwd=work, capture_output=True, check=True)
    mid = str(n // 2)
    T = {}
    T["--version"] = measure("task --version", [task, "--version"], env, work, runs)
    T["list"] = measure("task list", [task, "list"], env, work, runs)
    T["list --status"] = measure("task project:partial list", [task, "project:partial", "list"], env, work, runs)
    T["list --status --format json"] = measure("task project:partial export",
                                               [task, "project:partial", "export"], env, work, runs)
    T["show"] = measure("task N info", [task, mid, "info"], env, work, runs)
    T["update"] = measure("task N modify", [task, mid, "modify", "project:in_progress"], env, work, runs)
    T["evidence add"] = measure("task N annotate", [task, mid, "annotate", "Bench evidence"], env, work, runs)
    T["report"] = measure("task summary", [task, "summary"], env, work, runs)
    T["export json"] = measure("task export", [task, "export"], env, work, runs)
    target = work / f"task-import-{n}"
    ienv = {**env, "TASKDATA": str(target)}

    def fresh():
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir()

    T["import"] = measure("task import", [task, f"rc.data.location={target}", "import", str(tasks)], ienv, work,
                          runs, before=fresh)
    shutil.rmtree(target, ignore_errors=True)
    shutil.rmtree(data, ignore_errors=True)
    tasks.unlink()
    return T


def bench_upr(runs: int, work: Path, recs: list[str]) -> dict | None:
    files = sorted((DATASETS / "upr-info").glob("upr_info_sessions_*.csv"))
    mapping = ROOT / "data" / "mappings" / "upr-info.toml"
    if len(files) != 6 or not mapping.exists():
        return None
    say("UPR Info import (6 files)")
    store = work / "upr.json"
    env = {**os.environ, "RECS_DB": str(store), "RECS_USER": "bench"}

    def fresh():
        store.unlink(missing_ok=True)
        subprocess.run(recs + ["init", "--empty"], env=env, cwd=work, capture_output=True, check=True)

    WARMUP["on"] = True
    result = measure("recs import (UPR, 6 files)", recs + ["import", *map(str, files), "--mapping", str(mapping)],
                     env, work, runs, before=fresh)
    rows = sum(1 for f in files for _ in open(f, "rb").read().split(b"\r")) - 2 * len(files)
    size = store.stat().st_size if store.exists() else 0
    floors = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", FLOOR_IMPORT, str(store), *map(str, files)],
                              capture_output=True, text=True, cwd=work)
        wall = time.perf_counter() - start
        floors.append(wall)
    Path(str(store) + ".floor").unlink(missing_ok=True)
    floor = Result("csv read + write store once", floors)
    say(f"  floor: {floor.median:.3f} s")
    store.unlink(missing_ok=True)
    return {"recs": result, "floor": floor, "rows": rows, "size": size}


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


def write_report(path: Path, results: list[dict], upr: dict | None, task_version: str | None,
                 runs: int, took: float, argv: list[str]) -> None:
    lines = [
        "# recs benchmark",
        "",
        f"Written by `python bench/run.py{(' ' + ' '.join(argv)) if argv else ''}` on "
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; the whole run took {took / 60:.1f} minutes.",
        "",
        f"- Machine: {machine()}",
        f"- Load average (1 min) at the start and end of the run: {LOAD[0]:.2f} and {os.getloadavg()[0]:.2f} "
        "(other work on the machine slows every column alike only roughly: compare ratios, not times)",
        f"- recs and every Python floor run with that interpreter; Taskwarrior: "
        f"{task_version or 'not installed (its columns are skipped)'}",
        f"- Each figure is the median wall time of {runs} runs (fewer at 100,000: see each heading) of a child "
        "process (after one untimed warm-up run; none at 100,000, where the store was just written), "
        "started from `bench/run.py`; memory is the child's peak resident set (ru_maxrss).",
        "- recs is byte-compiled first (`python -m compileall`), as `pip install` does.",
        "- Stores are built by `bench/run.py` shaped like real ones: 3 evidence and 3 history entries per "
        "recommendation, titles 40–110 characters, texts 120–900, evidence summaries 60–260, two source fields.",
        "- `show`, `update` and `evidence add` act on the middle recommendation; `update` and `evidence add` change "
        "the store on every run, as a person would.",
        "",
    ]
    for res in results:
        n = res["n"]
        F, R, T = res["floor"], res["recs"], res["task"]
        py = F["python -c pass"].median
        parse = F["orjson parse (gc off)"].median
        write = F["parse + serialise + atomic write"].median
        lines += [f"## {n:,} recommendations (store file {res['file_size'] / 1e6:.1f} MB; medians of {res['runs']} runs)", "",
                  "| command | recs | peak memory | × python -c pass | × orjson parse | Taskwarrior | × Taskwarrior |",
                  "|---|---|---|---|---|---|---|"]
        for name, r in R.items():
            t = T.get(name) if T else None
            if r.skipped:
                lines.append(f"| `{name}` | skipped: {r.skipped} | | | | {fmt_s(t.median) if t else '—'} | |")
                continue
            lines.append(
                f"| `{name}` | {fmt_s(r.median)} | {r.rss / 1024:.0f} MB | {ratio(r.median, py)} | "
                f"{ratio(r.median, parse)} | {fmt_s(t.median) if t and not t.skipped else '—'} | "
                f"{ratio(r.median, t.median) if t and not t.skipped else '—'} |")
        lines += ["", "Floors: " + "; ".join(f"{k} {fmt_s(v.median)} ({v.rss / 1024:.0f} MB)" for k, v in F.items()), ""]
        measured = [r for r in R.values() if not r.skipped and r.name != "--version"]
        top = max(measured, key=lambda r: r.rss, default=None)
        peak = top.rss * 1024 if top else 0
        targets = []
        if n == 1000:
            for name in ("show", "update", "evidence add", "list --status"):
                r = R[name]
                t = T.get(name) if T else None
                targets.append(f"| `{name}` ≤ 5× Taskwarrior | {ratio(r.median, t.median if t else None)} | "
                               f"{verdict(r.median, t.median if t else None, 5)} |")
                targets.append(f"| `{name}` ≤ 8× python -c pass | {ratio(r.median, py)} | {verdict(r.median, py, 8)} |")
        if n == 100_000:
            for name in ("list --status --format json", "report", "export json"):
                r = R[name]
                targets.append(f"| `{name}` ≤ 2× orjson parse | {ratio(r.median, parse)} | "
                               f"{verdict(r.median, parse, 2) if not r.skipped else 'skipped'} |")
            r = R["update"]
            targets.append(f"| `update` ≤ 2.5× parse + serialise + write | {ratio(r.median, write)} | "
                           f"{verdict(r.median, write, 2.5)} |")
        if n >= 100_000:  # the target is the 100,000-record one (a small store's peak is Python's own)
            targets.append(f"| peak memory ≤ 3× file size (largest of all commands: {top.name if top else '—'}) | "
                           f"{peak / res['file_size']:.1f}× | "
                           f"{verdict(peak, res['file_size'], 3) if peak else 'not measured'} |")
            floor_peak = F["orjson parse (gc off)"].rss * 1024
            targets.append(f"| (for comparison: the orjson parse floor's own peak) | "
                           f"{floor_peak / res['file_size']:.1f}× | |")
        if targets:
            lines += ["| target | ratio | |", "|---|---|---|", *targets, ""]
    if upr:
        r, f = upr["recs"], upr["floor"]
        lines += ["## UPR Info import (six CSV files, about 41,000 rows)", "",
                  "| | time | peak memory |", "|---|---|---|",
                  f"| `recs import upr_info_sessions_*.csv --mapping data/mappings/upr-info.toml` | {fmt_s(r.median)} | "
                  f"{r.rss / 1024:.0f} MB |",
                  f"| floor: `python -c pass` + csv.reader over the six files + serialise and atomically write the "
                  f"resulting store ({upr['size'] / 1e6:.0f} MB) once | {fmt_s(f.median)} | |",
                  "", f"Ratio {ratio(r.median, f.median)}: {verdict(r.median, f.median, 3)}.", ""]
    notes = HERE / "NOTES.md"
    if notes.exists():
        lines += ["", notes.read_text().strip()]
    path.write_text("\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", default=str(HERE / "README.md"),
                        help="where to write the results (Markdown); '-' for stdout")
    parser.add_argument("--no-taskwarrior", action="store_true")
    parser.add_argument("--no-upr", action="store_true")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
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
    results = []
    with tempfile.TemporaryDirectory(prefix="recs-bench-") as tmp:
        work = Path(tmp)
        for n in sizes:
            results.append(bench_size(n, args.runs, work, recs, task))
        upr = None if args.no_upr else bench_upr(args.runs, work, recs)
    took = time.perf_counter() - start
    out = Path(args.out) if args.out != "-" else Path("/dev/stdout")
    write_report(out, results, upr, task_version, args.runs, took, argv)
    say(f"wrote {args.out} ({took / 60:.1f} minutes)")


if __name__ == "__main__":
    main()
