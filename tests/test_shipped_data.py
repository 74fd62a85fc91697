"""The shipped tracker: the APRI brief's recommendations and their public record."""

import subprocess
import sys

import orjson

from conftest import SHIPPED, snapshot
from recs.core.models import Brief, Recommendation
from recs.store.files import dumps

SOURCES = SHIPPED.parent / "sources"
BRIEF = (SOURCES / "apri-2023-09-20-nagorno-karabakh.txt").read_text(encoding="utf-8")


def shipped() -> dict:
    """The shipped tracker's records by table and id, read from their files."""
    data: dict = {"briefs": {}, "recommendations": {}, "removed": {}}
    for name, raw in snapshot(SHIPPED).items():
        if name != "tracker.json":
            table, file = name.split("/")
            data[table][file.removesuffix(".json")] = orjson.loads(raw)
    return data


def test_the_folder_holds_the_settings_and_one_canonical_file_per_record():
    files = snapshot(SHIPPED)
    assert sorted(files) == ["briefs/apri-2023-09-20.json", *(f"recommendations/R{i}.json" for i in range(1, 10)),
                             "tracker.json"]
    assert orjson.loads(files["tracker.json"]) == {"schema_version": 3}
    for name, raw in files.items():
        doc = orjson.loads(raw)
        assert raw == dumps(doc), name  # canonical: sorted keys, 2-space indent, trailing newline
        if name != "tracker.json":
            assert name == f"{name.split('/')[0]}/{doc['id']}.json"  # named by its id


def test_every_record_is_valid_and_quotes_are_verbatim():
    data = shipped()
    (brief,) = data["briefs"].values()
    Brief.model_validate(brief)
    assert (brief["publisher"], brief["published"]) == ("APRI Armenia", "2023-09-20")
    assert "Nagorno-Karabakh" in brief["title"]
    recs = [Recommendation.model_validate(r) for r in data["recommendations"].values()]
    assert len(recs) == 9
    for rec in recs:
        assert rec.quote and rec.quote in BRIEF, rec.id
        assert rec.actors and rec.tags and rec.brief == brief["id"]


def test_the_brief_recommendations_are_all_there():
    titles = " | ".join(r["title"].lower() for r in shipped()["recommendations"].values())
    for words in ("evacuation", "lachin", "100,000", "eu monitoring mission", "infrastructure and defensive",
                  "security architecture", "accountable"):
        assert words in titles, words
    r4 = shipped()["recommendations"]["R4"]
    assert r4["due"] == "2025-02"
    implicit = sorted(k for k, r in shipped()["recommendations"].items() if "implicit" in r["tags"])
    assert implicit == ["R7", "R8", "R9"]
    assert "held accountable" in shipped()["recommendations"]["R7"]["quote"]


def test_history_shows_how_the_tracker_got_there():
    for rec in shipped()["recommendations"].values():
        history = rec["history"]
        assert history[0]["field"] == "created"
        statuses = [h for h in history if h["field"] == "status"]
        if statuses:
            assert statuses[0]["old"] == "not_started"
            assert statuses[-1]["new"] == rec["status"]
            assert all(h["note"] for h in statuses)
        else:
            assert rec["status"] == "not_started"
        # every status change follows the evidence that supports it
        for h in statuses:
            assert any(e["field"] == "evidence" for e in history[: history.index(h)])
        for ev in rec["evidence"]:
            assert ev["source"] and ev["date"] < "2026"


def test_statuses_give_a_real_picture():
    got = {k: r["status"] for k, r in shipped()["recommendations"].items()}
    assert got == {"R1": "implemented", "R2": "not_implemented", "R3": "partial", "R4": "implemented",
                   "R5": "partial", "R6": "in_progress", "R7": "in_progress", "R8": "not_started",
                   "R9": "in_progress"}


def test_rebuilding_through_the_commands_gives_the_same_bytes(tmp_path):
    out = tmp_path / "rebuilt"
    subprocess.run([sys.executable, str(SHIPPED.parent / "build_seed.py"), "--out", str(out)],
                   check=True, capture_output=True)
    assert snapshot(out) == snapshot(SHIPPED)
    assert sorted(p.name for p in out.iterdir()) == ["briefs", "recommendations", "removed", "tracker.json"]
