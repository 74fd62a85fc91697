"""`recs.tracker.merge`: the three-way merge of one recommendation record (pure; the
git merge driver is built on it)."""

import copy
import json

import orjson
import pytest
from conftest import SEED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recs.tracker.merge import BY, MergeConflict, canonical, merge_bytes, merge_record
from recs.core.models import Recommendation

T0 = "2026-01-01T00:00:00Z"
C0 = 1_767_225_600_000_000  # T0 in microseconds


def base_record() -> dict:
    return {
        "id": "R1", "brief": "b1", "title": "Secure safe passage", "text": "Text.", "quote": "Quote.",
        "actors": ["UN"], "status": "not_started", "due": None, "tags": ["humanitarian"], "fields": {},
        "evidence": [{"id": "E1", "date": "2025-12-01", "summary": "First", "url": "https://example.org/1",
                      "source": None, "added": T0, "by": "ann"}],
        "history": [{"at": T0, "by": "ann", "field": "created", "old": None, "new": "R1", "note": None, "change": C0},
                    {"at": T0, "by": "ann", "field": "evidence", "old": None, "new": "E1", "note": "First",
                     "change": C0 + 1}],
        "created": T0, "updated": T0,
    }


def at(minute: int, second: int = 0) -> str:
    return f"2026-01-01T00:{minute:02d}:{second:02d}Z"


def update(rec: dict, when: str, change: int, by: str = "ann", **values) -> dict:
    """What `recs update` does to a record (a copy), at a given time and change id."""
    rec = copy.deepcopy(rec)
    for name, value in values.items():
        if rec.get(name) != value:
            rec["history"].append({"at": when, "by": by, "field": name, "old": rec.get(name), "new": value,
                                   "note": None, "change": change})
            rec[name] = value
    rec["updated"] = max(rec["updated"], when)
    return rec


def add_evidence(rec: dict, when: str, change: int, summary: str, by: str = "ann") -> dict:
    """What `recs evidence add` does to a record (a copy)."""
    rec = copy.deepcopy(rec)
    used = {e["id"] for e in rec["evidence"]} | {h["new"] for h in rec["history"] if h["field"] == "evidence"}
    n = len(rec["evidence"]) + 1
    while f"E{n}" in used:
        n += 1
    rec["evidence"].append({"id": f"E{n}", "date": "2026-01-01", "summary": summary, "url": None,
                            "source": "a report", "added": when, "by": by})
    rec["history"].append({"at": when, "by": by, "field": "evidence", "old": None, "new": f"E{n}",
                           "note": summary, "change": change})
    rec["updated"] = max(rec["updated"], when)
    return rec


def merged(base, ours, theirs) -> dict:
    """The merge, checked to be the same bytes with the sides swapped."""
    one, two = merge_record(base, ours, theirs), merge_record(base, theirs, ours)
    assert canonical(one.record) == canonical(two.record)
    return one.record


def without_id(entry: dict) -> bytes:
    return orjson.dumps({k: v for k, v in entry.items() if k != "id"}, option=orjson.OPT_SORT_KEYS)


def test_a_change_on_one_side_is_taken():
    base = base_record()
    ours = update(base, at(5), C0 + 5, status="in_progress", actors=["UN", "EU"])
    result = merged(base, ours, base)
    assert result == ours
    theirs = update(base, at(6), C0 + 6, title="Safe passage")
    result = merged(base, ours, theirs)
    assert (result["status"], result["actors"], result["title"]) == ("in_progress", ["UN", "EU"], "Safe passage")
    assert result["updated"] == at(6)
    assert [h["field"] for h in result["history"]] == ["created", "evidence", "status", "actors", "title"]
    assert not [h for h in result["history"] if h["by"] == BY]


def test_both_sides_changing_a_field_keeps_the_later_and_the_loser_in_history():
    base = base_record()
    ours = update(base, at(9), C0 + 9, by="bob", status="partial")
    theirs = update(base, at(4), C0 + 4, by="cat", status="implemented", due="2026-06")
    result = merged(base, ours, theirs)
    assert result["status"] == "partial"  # bob's change is the later
    assert result["due"] == "2026-06"  # one side only
    last = result["history"][-1]
    assert last == {"at": at(9), "by": BY, "field": "status", "old": "implemented", "new": "partial",
                    "change": C0 + 10, "note": "merge: both sides changed status; kept the later change "
                    f"(bob, {at(9)}), the other side had \"implemented\""}
    # both sides' own entries stay too, so the status history ends where the record is
    assert [h["new"] for h in result["history"] if h["field"] == "status"] == ["implemented", "partial", "partial"]


def test_both_sides_change_at_the_same_time_the_change_id_then_the_value_decides():
    base = base_record()
    ours = update(base, at(3), C0 + 8, tags=["a"])
    theirs = update(base, at(3), C0 + 7, tags=["b"])
    assert merged(base, ours, theirs)["tags"] == ["a"]
    theirs = update(base, at(3), C0 + 8, tags=["b"])  # same time, same change id: larger JSON value
    result = merged(base, ours, theirs)
    assert result["tags"] == ["b"] and result["history"][-1]["old"] == ["a"]
    # changed by hand (no history entry): the later `updated`
    ours, theirs = dict(base, text="Ours.", updated=at(2)), dict(base, text="Theirs.", updated=at(1))
    result = merged(base, ours, theirs)
    assert result["text"] == "Ours." and result["updated"] == at(2)
    assert "a record updated " + at(2) in result["history"][-1]["note"]


def test_evidence_added_on_both_sides_under_different_ids():
    base = add_evidence(base_record(), at(1), C0 + 2, "Second")  # E2
    base = update(base, at(1), C0 + 3)
    ours = add_evidence(base, at(2), C0 + 4, "Ours")  # E3
    theirs = add_evidence(add_evidence(base, at(3), C0 + 5, "Theirs"), at(4), C0 + 6, "Theirs too")  # E3, E4
    theirs["evidence"][-2]["id"] = "E5"  # say an undone E3 was skipped
    theirs["history"][-2]["new"] = "E5"
    result = merged(base, ours, theirs)
    assert [(e["id"], e["summary"]) for e in result["evidence"]] == [
        ("E1", "First"), ("E2", "Second"), ("E3", "Ours"), ("E5", "Theirs"), ("E4", "Theirs too")]


def test_evidence_added_on_both_sides_under_the_same_id_renumbers_the_later():
    base = base_record()
    ours = add_evidence(base, at(7), C0 + 7, "Ours", by="bob")  # E2, later
    theirs = add_evidence(base, at(2), C0 + 2, "Theirs", by="cat")  # E2
    theirs = add_evidence(theirs, at(3), C0 + 3, "Theirs again", by="cat")  # E3
    result = merged(base, ours, theirs)
    assert [(e["id"], e["summary"]) for e in result["evidence"]] == [
        ("E1", "First"), ("E2", "Theirs"), ("E3", "Theirs again"), ("E4", "Ours")]
    renumber = [h for h in result["history"] if h["by"] == BY]
    assert len(renumber) == 1
    assert renumber[0]["field"] == "evidence" and (renumber[0]["old"], renumber[0]["new"]) == ("E2", "E4")
    assert renumber[0]["note"].startswith("renumbered E2 to E4 in a merge")
    assert renumber[0] == result["history"][-1] and renumber[0]["at"] == at(7)


def test_evidence_replaced_or_removed_on_one_side():
    base = add_evidence(base_record(), at(1), C0 + 2, "Second")
    replaced = copy.deepcopy(base)
    replaced["evidence"][0] = dict(replaced["evidence"][0], summary="First, corrected", added=at(5))
    removed = copy.deepcopy(base)  # as `recs undo` takes E2 off
    removed["evidence"].pop()
    removed["history"].append({"at": at(6), "by": "ann", "field": "evidence", "old": base["evidence"][1],
                               "new": None, "note": "undo of change", "change": C0 + 6})
    result = merged(base, replaced, removed)
    assert [(e["id"], e["summary"]) for e in result["evidence"]] == [("E1", "First, corrected")]
    both = copy.deepcopy(base)
    both["evidence"][0] = dict(both["evidence"][0], summary="First, again", added=at(4))
    result = merged(base, replaced, both)
    assert [(e["id"], e["summary"]) for e in result["evidence"]] == [("E2", "Second"), ("E1", "First, corrected")]
    assert (result["history"][-1]["old"], result["history"][-1]["new"]) == (both["evidence"][0], "E1")


def test_history_is_the_union_without_duplicates_in_time_order():
    base = base_record()
    common = update(base, at(1), C0 + 1_000, status="in_progress")
    ours = update(common, at(8), C0 + 8_000, due="2026-03")
    theirs = update(update(common, at(3), C0 + 3_000, title="New"), at(9), C0 + 9_000, text="New text")
    history = merged(base, ours, theirs)["history"]
    assert len(history) == len({json.dumps(h, sort_keys=True) for h in history}) == 6
    assert [h["field"] for h in history] == ["created", "evidence", "status", "title", "due", "text"]
    assert merged(base, ours, ours) == ours


def test_keys_recs_does_not_know_are_merged_not_dropped():
    base = dict(base_record(), owners=["ann"])
    ours = update(base, at(2), C0 + 2, owners=["ann", "bob"], reviewed=True)
    theirs = update(base, at(3), C0 + 3, status="partial")
    del theirs["owners"]  # written by a recs that drops it
    result = merged(base, ours, theirs)
    assert (result["owners"], result["reviewed"], result["status"]) == (["ann", "bob"], True, "partial")
    theirs = update(base, at(5), C0 + 5, owners=["cat"])
    result = merged(base, ours, theirs)
    assert result["owners"] == ["cat"] and result["history"][-1]["old"] == ["ann", "bob"]


def test_a_record_added_on_both_sides_under_one_id():
    first = base_record()
    second = dict(base_record(), title="Another", created=at(5), updated=at(5))
    for ours, theirs in ((first, second), (second, first)):
        result = merge_record(None, ours, theirs)
        assert result.record is None and result.records == [first, second]  # the second gets a new id
    out = merge_bytes(b"", canonical(second), canonical(first))
    assert out == [canonical(first), canonical(second)]
    # the same add on both sides (same `created`): one record, merged
    ours = update(first, at(2), C0 + 2, status="partial")
    theirs = add_evidence(first, at(3), C0 + 3, "Theirs")
    result = merged(None, ours, theirs)
    assert result["status"] == "partial" and len(result["evidence"]) == 2
    assert merged(None, first, first) == first


def test_shipped_records_merge_with_themselves_and_with_edits():
    records = {f.stem: json.loads(f.read_bytes()) for f in (SEED / "recommendations").glob("*.json")}
    for rec in records.values():
        assert merge_record(rec, rec, rec).record == rec
    rec = records["R1"]
    ours = update(rec, "2027-01-01T00:00:00Z", 1_800_000_000_000_000, status="partial")
    theirs = add_evidence(rec, "2027-01-02T00:00:00Z", 1_800_000_000_000_001, "New")
    result = merged(rec, ours, theirs)
    assert result["status"] == "partial" and result["evidence"][-1]["summary"] == "New"


@pytest.mark.parametrize("raw, message", [
    (b"<<<<<<< ours\n{}\n=======\n{}\n>>>>>>> theirs\n", "conflict markers"),
    (b'{"id": "R1",', "not valid JSON"),
    (b"\xff\xfe garbage", "not valid JSON"),
    (b'{"id": "R1", "id": "R2"}', "'id' more than once"),
    (b'{"x": NaN}', "NaN"),
    (b"[1, 2]", "not a recommendation record"),
    (b'{"id": "R1"}', "not a valid recommendation"),
])
def test_conflict_markers_and_garbage_are_refused(raw, message):
    good = canonical(base_record())
    for args in ((good, raw, good), (good, good, raw)):
        with pytest.raises(MergeConflict, match=message):
            merge_bytes(*args)


def test_unmergeable_records_are_refused():
    base = base_record()
    with pytest.raises(MergeConflict, match="not a recommendation record"):
        merge_record(base, base, "R1")
    with pytest.raises(MergeConflict, match="different recommendations"):
        merge_record(base, base, dict(base, id="R2"))
    with pytest.raises(MergeConflict, match="created"):
        merge_record(base, base, dict(base, created=at(1)))
    bad = dict(base, evidence=base["evidence"] * 2)
    with pytest.raises(MergeConflict, match="more than once"):
        merge_record(base, base, bad)


def test_merge_bytes_writes_canonical_json():
    base = base_record()
    ours = update(base, at(1), C0 + 5, status="partial")
    out = merge_bytes(json.dumps(base).encode(), json.dumps(ours).encode(), canonical(base))
    assert out == orjson.dumps(ours, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2) + b"\n"


# -- symmetry over generated edits ---------------------------------------

FIELD_VALUES = {
    "status": st.sampled_from(["in_progress", "partial", "implemented"]),
    "due": st.sampled_from([None, "2026-03", "2027"]),
    "tags": st.lists(st.sampled_from(["a", "b"]), max_size=2),
    "actors": st.lists(st.sampled_from(["UN", "EU"]), min_size=1, max_size=2),
    "owners": st.lists(st.sampled_from(["ann", "bob"]), max_size=2),  # a key recs does not know
}
EDIT = st.one_of(
    st.tuples(st.just("update"), st.sampled_from(sorted(FIELD_VALUES)), st.data()),
    st.tuples(st.just("evidence"), st.sampled_from(["x", "y"]), st.none()),
)


@st.composite
def side(draw, base: dict, by: str) -> dict:
    rec = base
    minute = 0
    last = max(e["change"] for e in base["history"])
    for kind, what, data in draw(st.lists(EDIT, max_size=4)):
        minute += draw(st.integers(0, 3))  # ties between the sides happen
        # within one side change ids grow, as recs stamps them (`Store.change_id`)
        change = last = max(C0 + 1_000 * minute + draw(st.integers(0, 1)), last + 1)
        if kind == "update":
            rec = update(rec, at(minute + 1), change, by=by, **{what: data.draw(FIELD_VALUES[what])})
        else:
            rec = add_evidence(rec, at(minute + 1), change, what, by=draw(st.sampled_from(["ann", by])))
    return rec


@st.composite
def three(draw) -> tuple[dict, dict, dict]:
    base = base_record()
    if draw(st.booleans()):
        base = add_evidence(base, at(0, 30), C0 + 500, "base")
    return base, draw(side(base, "bob")), draw(side(base, "cat"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(three())
def test_merge_is_symmetric_and_keeps_everything(records):
    base, ours, theirs = records
    one = merge_record(base, ours, theirs).record
    two = merge_record(base, theirs, ours).record
    assert canonical(one) == canonical(two)
    Recommendation.model_validate({k: v for k, v in one.items() if k != "owners"})
    kept = {without_id(e) for e in one["evidence"]}
    history = {json.dumps(h, sort_keys=True) for h in one["history"]}
    for rec in (ours, theirs):
        assert {without_id(e) for e in rec["evidence"]} <= kept
        assert {json.dumps(h, sort_keys=True) for h in rec["history"]} <= history
    assert len({e["id"] for e in one["evidence"]}) == len(one["evidence"])
    assert [(h["at"], h["change"]) for h in one["history"]] == sorted((h["at"], h["change"]) for h in one["history"])
    for name in FIELD_VALUES:  # one side's change is taken
        if ours.get(name) == base.get(name):
            assert one.get(name) == theirs.get(name)
    if one["status"] != base["status"]:  # the status history ends where the record is
        assert [h["new"] for h in one["history"] if h["field"] == "status"][-1] == one["status"]
    assert merge_record(base, one, one).record == one
