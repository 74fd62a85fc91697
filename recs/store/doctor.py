"""`recs doctor`: check every file of a tracker and list every problem.

Reads the files themselves (never through `Store`, never taking the lock,
never writing), so it works on trackers `Store` refuses. Each record is
validated with the pydantic models of `recs.core.models`, then checked against
the others (brief references, ids, change ids). A single-file store of an
earlier recs is checked as it will be converted.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recs import SCHEMA_VERSION
from recs.core.errors import StoreError
from recs.store import files, journal
from recs.store.layout import BRIEFS, RECS, REMOVED, SETTINGS, SUFFIX, TABLES, WORK, record_id
from recs.store.store import natural_key


@dataclass
class Report:
    path: Path
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(path: Path) -> Report:
    """Every problem of the tracker at `path` (an empty list: it is sound)."""
    report = Report(path)
    if path.is_file():
        _check_single_file(path, report)
        return report
    if not path.is_dir():
        report.problems.append("no tracker here (create one with `recs init`)")
        return report
    settings = _read(path / SETTINGS, SETTINGS, report)
    if settings is not None:
        version = settings.get("schema_version") if isinstance(settings, dict) else None
        if type(version) is not int or version < 1:
            report.problems.append(f"{SETTINGS}: schema_version is {version!r}, not a positive whole number")
        elif version > SCHEMA_VERSION:
            report.problems.append(f"{SETTINGS}: written by a newer recs (schema {version}); this recs "
                                   f"reads schema {SCHEMA_VERSION} and older")
            return report
        elif version < SCHEMA_VERSION:
            report.problems.append(f"{SETTINGS}: schema_version is {version}, a single-file store's; a "
                                   f"tracker folder is schema {SCHEMA_VERSION}")
    if journal.pending_journal(path / WORK):
        report.notes.append("an interrupted write is in .recs/journal; the next recs command finishes it")
    tables: dict[str, dict[str, Any]] = {}
    for table in TABLES:
        tables[table] = _read_table(path, table, report)
    _cross_check(tables, report)
    return report


def _read(file: Path, where: str, report: Report) -> Any:
    """A file parsed, or None with its problems noted."""
    try:
        raw = files.read_file(file)
    except FileNotFoundError:
        report.problems.append(f"{where}: missing")
        return None
    except StoreError as exc:
        report.problems.append(f"{where}: {exc}")
        return None
    if b"\n<<<<<<< " in b"\n" + raw or b"\n>>>>>>> " in raw:
        report.problems.append(f"{where}: has git conflict markers; a merge is unfinished. Run "
                               "`recs git-setup` and merge again, or edit the file to keep both sides' "
                               "changes, then `git add` it")
        return None
    if not raw.strip():
        report.problems.append(f"{where}: is empty; restore it from git")
        return None
    try:
        from recs.store import jsonread

        orjson = jsonread.orjson()

        data = orjson.loads(raw)
    except ValueError as exc:
        report.problems.append(f"{where}: not valid JSON ({exc})")
        return None
    twice = files.duplicate_keys(raw) if files.dumps(data) != raw else []
    for key in twice:
        report.problems.append(f"{where}: {key!r} is given more than once (a merge that kept both "
                               "sides?); recs refuses to write it until one key holds both sides' content")
    if not twice and files.dumps(data) != raw:
        report.notes.append(f"{where}: not laid out canonically; the next change to it rewrites it so")
    return data


def _read_table(root: Path, table: str, report: Report) -> dict[str, Any]:
    folder = root / table
    if not folder.is_dir():  # git keeps no empty folder: the first write makes it
        report.counts[table] = 0
        return {}
    docs: dict[str, Any] = {}
    folded: dict[str, str] = {}
    for entry in sorted(os.scandir(folder), key=lambda e: natural_key(e.name)):
        where = f"{table}/{entry.name}"
        key = record_id(entry.name)
        if key is None:
            report.problems.append(f"{where}: not a record file (records are <id>{SUFFIX}); move it out")
            continue
        twin = folded.setdefault(key.casefold(), key)
        if twin != key:
            report.problems.append(f"{where}: differs from {table}/{twin}{SUFFIX} only in case")
        doc = _read(Path(entry.path), where, report)
        if doc is not None:
            docs[key] = doc
    report.counts[table] = len(docs)
    return docs


def _cross_check(tables: dict[str, dict[str, Any]], report: Report) -> None:
    from recs.core.models import Brief, Recommendation

    briefs = tables[BRIEFS]
    for key, doc in briefs.items():
        report.problems += _document(f"{BRIEFS}/{key}{SUFFIX}", key, doc, Brief)[0]
    for table in (RECS, REMOVED):
        for key, doc in tables[table].items():
            where = f"{table}/{key}{SUFFIX}"
            found, valid = _document(where, key, doc, Recommendation)
            report.problems += found
            if table == REMOVED and key in tables[RECS]:
                report.problems.append(f"{where}: the id is also used in {RECS}/")
            if valid:
                report.problems += [f"{where}: {p}" for p in _record_problems(doc, briefs)]


def _kind(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", int: "number", float: "number",
            bool: "boolean", type(None): "null"}.get(type(value), type(value).__name__)


def _document(where: str, key: str, doc: Any, model) -> tuple[list[str], bool]:
    """The problems of one document, and whether the model accepted it."""
    from pydantic import ValidationError

    if not isinstance(doc, dict):
        return [f"{where}: is a JSON {_kind(doc)}, not an object"], False
    out = [] if doc.get("id") == key else [f"{where}: its id is {doc.get('id')!r}, not {key!r}"]
    try:
        model.model_validate(doc)
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            loc = ".".join(str(x) for x in err["loc"])
            errors.append(f"{where}: {loc}: {err['msg']}" if loc else f"{where}: {err['msg']}")
        return out + errors, False
    except RecursionError:
        return out + [f"{where}: nested too deeply"], False
    return out, True


def _record_problems(rec: dict, briefs: dict) -> list[str]:
    """Cross-checks the model cannot make."""
    out = []
    if rec.get("brief") is not None and rec["brief"] not in briefs:
        out.append(f"brief {rec['brief']!r} does not exist")
    ids = [e["id"] for e in rec["evidence"]]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        out.append(f"evidence id {dup} is used more than once")
    status = None
    for n, entry in enumerate(rec["history"]):  # (dates may go back: laptops' clocks differ)
        if not isinstance(entry.get("change"), int):
            out.append(f"history[{n}] has no change id (`recs undo` cannot group it)")
        if entry["field"] == "status":
            status = entry["new"]
    if status is not None and status != rec["status"]:
        out.append(f"status is {rec['status']!r} but its history last set it to {status!r} "
                   "(changed without a history entry?)")
    return out


def _check_single_file(path: Path, report: Report) -> None:
    """A single-file store of an earlier recs, checked as it will be converted."""
    from recs.store import migrations

    data = _read(path, "the file", report)
    if data is None:
        return
    meta = data.get("_meta") if isinstance(data, dict) else None
    version = meta.get("1", {}).get("schema_version") if isinstance(meta, dict) else None
    if type(version) is not int or not 1 <= version <= 2:
        report.problems.append("not a recs store (no valid _meta schema_version)")
        return
    try:
        data = migrations.upgrade(data, version, 2, path)
    except Exception as exc:  # a broken old file may break its migration
        report.problems.append(f"schema {version} cannot be migrated: {exc}")
        return
    report.notes.append(f"a single-file store (schema {version}): recs converts it into the folder "
                        f"{path.with_suffix('')} the next time it is used, keeping this file")
    tables = {}
    for table in TABLES:
        docs = data.get(table)
        if not isinstance(docs, dict):
            report.problems.append(f"no {table} table (an object keyed by id)")
            docs = {}
        tables[table] = docs
        report.counts[table] = len(docs)
    _cross_check(tables, report)
