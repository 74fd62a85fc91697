"""Build tracker folders directly: larger trackers shaped like real ones, and
hypothesis strategies for arbitrary valid trackers (with hostile text).

A tracker is given as its files, `{relative path: bytes}` (what conftest's
`snapshot` returns); `write` makes the folder from them."""

import random
from pathlib import Path

from hypothesis import strategies as st

from recs import SCHEMA_VERSION
from recs.store import migrations
from recs.store.files import dumps
from recs.store.store import build

TABLES = ("briefs", "recommendations", "removed")


def current(data: dict) -> dict[str, bytes]:
    """The files of a tracker whose tables are written in schema 1's shape (a
    single-file store), its records brought to the current schema."""
    data = migrations.upgrade(data, 1, 2)  # schema 3 keeps schema 2's records, one file each
    files = {"tracker.json": dumps({"schema_version": SCHEMA_VERSION})}
    for table in TABLES:
        files.update({f"{table}/{key}.json": dumps(doc) for key, doc in data.get(table, {}).items()})
    return files


def write(path: Path, files: dict[str, bytes]) -> Path:
    """The tracker folder `path` (which must not exist yet) holding `files`."""
    build(path, files)
    return path

STATUSES = ["not_started", "in_progress", "partial", "implemented", "not_implemented"]
HOSTILE = ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tTAB", "'=quoted", "[bold red]markup[/]", "<script>alert(1)</script>",
           "a | b", "*emph* _u_ `code` $x$", "\x1b[31mred\x1b[0m", "NUL\x00here", "שלום RTL", "line\nbreak", "&amp;"]


def ts(day: int) -> str:
    return f"2024-{1 + day // 28 % 12:02d}-{1 + day % 28:02d}T10:00:00Z"


def record(i: int, rng: random.Random) -> dict:
    status = rng.choice(STATUSES)
    evidence = [{"id": f"E{k}", "date": f"2024-0{1 + k}-1{k}", "summary": f"Event {k} of R{i}. " + rng.choice(HOSTILE),
                 "url": f"https://example.org/r{i}/{k}" if k % 2 else None, "source": "Source " + rng.choice(HOSTILE),
                 "added": ts(i + k), "by": "staff"} for k in range(1, 1 + i % 4)]
    history = [{"at": ts(i), "by": "staff", "field": "created", "old": None, "new": f"R{i}", "note": None},
               {"at": ts(i + 1), "by": "lead", "field": "status", "old": "not_started", "new": status,
                "note": rng.choice(HOSTILE)}]
    return {"id": f"R{i}", "brief": "b1" if i % 3 else "b2", "title": f"Recommendation {i} " + rng.choice(HOSTILE).replace("\n", " "),
            "text": "Full text. " * (i % 7) + rng.choice(HOSTILE), "quote": rng.choice(HOSTILE),
            "actors": [f"Actor {i % 5}", rng.choice(["UN", "EU", "=HYPERLINK(\"x\")"])], "status": status,
            "due": rng.choice([None, "2025-02", "2030-12-31", "2023"]), "tags": [f"t{i % 4}"],
            "fields": {}, "evidence": evidence, "history": history, "created": ts(i), "updated": ts(i + 2)}


def big_store(path: Path, n: int = 300, seed: int = 1) -> Path:
    """The tracker folder `path`: n recommendations over two briefs, hostile text included."""
    rng = random.Random(seed)
    recs = {f"R{i}": record(i, rng) for i in range(1, n + 1)}
    briefs = {b: {"id": b, "title": f"Brief {b} <i>x</i>", "publisher": "Pub | =1", "published": "2024-01",
                  "url": "https://example.org/b"} for b in ("b1", "b2")}
    return write(path, current({"_meta": {"1": {"schema_version": 1}}, "briefs": briefs, "recommendations": recs}))


# -- hypothesis -------------------------------------------------------------------
_any = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
_prefixed = st.tuples(st.sampled_from(["=", "+", "-", "@", "'", "''", "'=", "\t", "\r", "\x1b[1m", "[b]", "<i>",
                                      "\x00=", "'\x00@", "\x00\x00+"]),
                      _any).map("".join)
text = st.one_of(_any, _prefixed, st.sampled_from(HOSTILE))
line = text.map(lambda s: s.replace("\n", " ").replace("\r", " ").strip()).filter(bool)
name = line.filter(lambda s: "; " not in s and not s.endswith(";"))
stamp = st.integers(0, 300).map(ts)
partial_date = st.sampled_from(["2024", "2024-02", "2024-02-29", "2023-12-31"])
url = st.one_of(st.none(), st.sampled_from(["https://example.org/a?b=c&d=<e>", "http://x.y/=1"]))


@st.composite
def records(draw, rec_id: str):
    evidence = [{"id": f"E{k}", "date": draw(partial_date), "summary": draw(line), "url": draw(url),
                 "source": draw(st.one_of(st.none(), text)), "added": draw(stamp), "by": draw(line)}
                for k in range(1, 1 + draw(st.integers(0, 2)))]
    history = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["created", "status", "note"]))
        # a field's entry holds values of that field (a status, an id); a note's, anything
        old = st.one_of(st.none(), text, st.lists(text, max_size=2)) if kind == "note" else st.one_of(st.none(), text)
        history.append({"at": draw(stamp), "by": draw(line), "field": kind, "old": draw(old),
                        "new": draw(st.one_of(st.none(), text)), "note": draw(st.one_of(st.none(), text))})
    return {"id": rec_id, "brief": draw(st.sampled_from([None, "b1"])), "title": draw(line), "text": draw(text),
            "quote": draw(text), "actors": draw(st.lists(name, min_size=1, max_size=3, unique_by=str.casefold)),
            "status": draw(st.sampled_from(STATUSES)), "due": draw(st.one_of(st.none(), partial_date)),
            "tags": draw(st.lists(name, max_size=2, unique_by=str.casefold)),
            "fields": draw(st.dictionaries(st.sampled_from(["country", "theme"]), text, max_size=2)),
            "evidence": evidence, "history": history, "created": draw(stamp), "updated": draw(stamp)}


@st.composite
def stores(draw):
    """The files of an arbitrary valid tracker ({relative path: bytes}; `write` makes it)."""
    ids = draw(st.lists(st.one_of(st.integers(1, 40).map(lambda n: f"R{n}"),
                                  st.sampled_from(["evac-passage", "a.b_c", "k7m2"])), max_size=5, unique=True))
    recs = {i: draw(records(i)) for i in ids}
    briefs = {"b1": {"id": "b1", "title": draw(line), "publisher": draw(line)[:200], "published": draw(partial_date),
                     "url": draw(url)}}
    return current({"_meta": {"1": {"schema_version": 1}}, "briefs": briefs, "recommendations": recs})
