"""How well `recs extract` finds recommendations, and how fast.

    python bench/extract_quality.py [--speed]

Runs `recs extract --format json` (the real command, in a child process) on
every test brief in tests/data/extract/ (expected.json says what a reader
would list in each, and what must not be proposed) and on the shipped brief,
then prints, per brief and over all of them: recall (expected
recommendations found), precision (candidates that are expected ones),
actor accuracy (found ones whose lead actor is right; for a sentence that
names no actor, saying so), and the traps proposed. `--speed` also times a
50-page PDF and `recs list` with and without this command installed in the
same interpreter (start-up must not change).
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from extract_cases import briefs, path_of, score, spec  # noqa: E402


def run(*args: str, db: Path) -> subprocess.CompletedProcess:
    env = {"RECS_DB": str(db), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "recs", *args], capture_output=True, text=True, env=env, cwd=ROOT)


def quality(work: Path) -> dict:
    db = work / "recs.json"
    run("init", db=db)
    totals = {"expected": 0, "found": 0, "proposed": 0, "actors_right": 0, "false": 0, "traps": 0}
    rows = []
    for name in briefs():
        done = run("extract", str(path_of(name, work)), "--format", "json", db=db)
        if done.returncode:
            sys.exit(f"recs extract {name} failed: {done.stderr}")
        result = score(json.loads(done.stdout), spec(name))
        rows.append((name.rsplit("/", 1)[-1], result))
        for key in ("expected", "found", "proposed", "actors_right"):
            totals[key] += result[key]
        totals["false"] += len(result["false"])
        totals["traps"] += len(result["traps"])
    print(f"{'brief':<48} {'expected':>8} {'found':>6} {'false':>6} {'actors':>7} {'traps':>6}")
    for name, r in rows:
        print(f"{name:<48} {r['expected']:>8} {r['found']:>6} {len(r['false']):>6} {r['actors_right']:>7} "
              f"{len(r['traps']):>6}")
        for quote in r["missed"]:
            print(f"    missed: {quote}")
        for quote in r["false"]:
            print(f"    false:  {quote[:100]}")
        for quote, want, got in r["wrong_actors"]:
            print(f"    actors: {quote[:50]}… expected {want}, got {got}")
    recall = totals["found"] / totals["expected"]
    precision = totals["found"] / totals["proposed"] if totals["proposed"] else 1.0
    actors = totals["actors_right"] / totals["found"] if totals["found"] else 0.0
    print(f"\nOver {len(rows)} briefs: recall {recall:.1%} ({totals['found']}/{totals['expected']}), "
          f"precision {precision:.1%} ({totals['found']}/{totals['proposed']}), "
          f"actor accuracy {actors:.1%} ({totals['actors_right']}/{totals['found']}), "
          f"traps proposed {totals['traps']}")
    return totals


def speed(work: Path, runs: int = 5) -> None:
    from pdfmaker import pdf_of_text

    db = work / "recs.json"
    text = (path_of("clinics-heat.txt", work)).read_text(encoding="utf-8")
    filler = ("The regional picture has changed a great deal since the last assessment was written, and the "
              "figures below describe what the team found in the districts it visited over the winter. ") * 3
    body = "\n\n".join(text.replace("Lisbon", f"District {n}") + "\n\n" + filler for n in range(70))
    pdf = work / "long.pdf"
    pdf.write_bytes(pdf_of_text(body, per_page=46, header="Urban Health Forum | Policy memo"))
    from pypdf import PdfReader

    pages = len(PdfReader(str(pdf)).pages)

    def timed(*args: str) -> float:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            done = run(*args, db=db)
            times.append(time.perf_counter() - start)
            assert done.returncode == 0, done.stderr
        return statistics.median(times)

    pdf_time = timed("extract", str(pdf), "--format", "json")
    count = len(json.loads(run("extract", str(pdf), "--format", "json", db=db).stdout))
    seed_time = timed("extract", str(ROOT / "data" / "sources" / "apri-2023-09-20-nagorno-karabakh.txt"))
    list_time = timed("list")
    print(f"\n{pages}-page PDF ({pdf.stat().st_size // 1024} KB, {count} candidates): {pdf_time:.2f} s "
          f"(median of {runs}); the shipped brief: {seed_time:.2f} s; `recs list` on the shipped tracker: "
          f"{list_time * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speed", action="store_true", help="also time a 50-page PDF")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        quality(Path(tmp))
        if args.speed:
            speed(Path(tmp))


if __name__ == "__main__":
    main()
