"""`recs import`: read json, ndjson or csv, validate every row, then upsert.

1. `parse()` turns the file's bytes into briefs and rows (plain dicts), each
   row remembering where it came from (`record 3`, `line 7`).
2. `plan()` validates every row with the pydantic models against the store
   (nothing is written): bad rows raise one RecsError naming the file and,
   for every bad row, the fields and what is wrong, in words
   (`recs.imports.problems`). It returns what would be added, modified and
   left unchanged, the rows without an id that repeat stored records, and
   the records to write.
3. `apply()` writes the plan into a store opened with `Store.change`, so
   the whole import is one locked, atomic write: all or nothing.

Upsert by id, like Taskwarrior's import. A row for a new id is added as
given (a full record keeps its evidence and history; a csv row gets a
`created` history entry). A row for an existing id: if its history extends
the stored history, it is a later copy of the same record and replaces it;
otherwise its fields are compared with the stored ones and each change is
appended to the history (`note`: imported from FILE), evidence it has that the
store lacks is appended, and nothing is ever deleted. Keys or columns a row
leaves out keep their stored values. A row with the id of a record created
separately (another `created`) is refused: it never overwrites that record.

CSV: the separator is found from the header row (`recs.imports.delimiters`);
list cells are split at `;` (a cell with a comma is refused: `EU, UN` is
never one name); a derived column that was edited is refused by name.
"""

import csv
import functools
import gc
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from recs import SCHEMA_VERSION
from recs.core import dates, fields, statuses
from recs.formats import tabular
from recs.core.errors import RecsError, UsageError
from recs.imports.problems import ImportFailed, Problems, plain
from recs.store import Store, jsonread
from recs.tracker.actors import Names
from recs.tracker.operations import UPDATABLE, field_entries, history_entry

orjson = jsonread.orjson()  # (Ctrl-C held while it starts: `recs.store.jsonread.orjson`)

FORMATS = ("json", "ndjson", "csv")
#: csv columns read back; the others of `tabular.COLUMNS` are derived and skipped.
CSV_READ = ("id", "brief", "title", "status", "actors", "due", "tags", "text", "quote", "created", "updated",
            "archived",
            "owners")
CSV_LISTS = ("actors", "tags", "owners")
CSV_OPTIONAL = ("brief", "due")
COMPARED = UPDATABLE + ("fields",)
KNOWN = set(COMPARED) | {"id", "evidence", "history", "created", "updated"}
Tick = Callable[[int], None] | None
#: The largest record read from a file (a line of ndjson, a record of a `recs
#: export`): 64 MB (README: "Limits"; the whole file: `recs.imports.files.INPUT_MAX`).
RECORD_MAX = 64 * 1024**2


class Row:
    """One row of the file: where it is ("record 3", "line 7") and what it
    holds, parsed, or as its bytes, parsed each time it is read (so a large
    file is never held parsed whole)."""

    __slots__ = ("where", "_data", "_raw", "full", "derived", "problems")

    def __init__(self, where: str, data=None, full: bool = True, raw: bytes | memoryview | None = None):
        self.where, self._data, self._raw = where, data, raw
        self.full = full  # a whole record (json) rather than some columns (csv)
        self.derived: dict[str, str] = {}  # a csv row's derived cells (`tabular.DERIVED`), to check
        self.problems: list[str] = []  # what is wrong with a csv row's cells, found as it was read

    @property
    def data(self):
        if self._raw is None:
            return self._data
        try:
            return orjson.loads(self._raw)
        except orjson.JSONDecodeError as exc:
            raise _Unsliced(self.where, exc) from None


def _record_bytes(name: str, where: str, raw: bytes | memoryview) -> bytes | memoryview:
    """A record's bytes, refused past `RECORD_MAX`."""
    if len(raw) > RECORD_MAX:
        raise fail(name, where, f"a record of {len(raw):,} bytes; a record may be at most "
                               f"{RECORD_MAX // 1024**2} MB")
    return raw


class _Unsliced(Exception):
    """A row's bytes are not JSON: the file must be parsed whole (to say what is wrong)."""


@dataclass
class Parsed:
    name: str
    briefs: list[Row] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    last_number: int = 0
    removed: list[Row] = field(default_factory=list)  # the export's `removed` table
    whole: Callable[[], "Parsed"] | None = None  # the file parsed whole, if its rows are bytes


@dataclass
class Plan:
    added: list[str] = field(default_factory=list)  # ids
    modified: list[tuple[str, list[str]]] = field(default_factory=list)  # id, what changed
    unchanged: list[str] = field(default_factory=list)
    briefs: list[dict] = field(default_factory=list)  # briefs to write (new or changed)
    last_number: int = 0
    log: list[str] = field(default_factory=list)  # one line per change, in file order
    removed: list[dict] = field(default_factory=list)  # removed-by-undo records the store lacks
    #: rows without an id whose recommendation the tracker has: (where, the stored id)
    repeats: list[tuple[str, str]] = field(default_factory=list)
    #: the records to write; the history entries the import adds have no change id
    #: yet: the store gives them the import's own when it writes (`Store.stamp_change`)
    records: list[dict] = field(default_factory=list)

    def keep(self, record: dict) -> None:
        """Keep a checked record to write."""
        self.records.append(record)

    def summary(self, dry_run: bool = False) -> str:
        if dry_run:
            return (f"would add {len(self.added):,}, modify {len(self.modified):,}, "
                    f"leave {len(self.unchanged):,} unchanged")
        return (f"{len(self.added):,} added, {len(self.modified):,} modified, "
                f"{len(self.unchanged):,} unchanged")


def fail(name: str, where: str | None, message: str) -> ImportFailed:
    return ImportFailed(name, [(where, message)])


def gc_paused(func):
    """Run without the cyclic garbage collector: the millions of objects a
    large import builds would make it rescan the heap again and again."""

    @functools.wraps(func)
    def run(*args, **kwargs):
        enabled = gc.isenabled()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return run


# -- 1. parsing --------------------------------------------------------------
def detect(name: str, data: bytes, fmt: str | None) -> str:
    """The format: given, else from the file name, else from the content."""
    if fmt:
        value = fmt.strip().lower()
        if value not in FORMATS:
            raise UsageError(f"unknown format {fmt!r} for import; choose from: {', '.join(FORMATS)}")
        return value
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in ("json", "ndjson", "csv"):
        return suffix
    if suffix == "jsonl":
        return "ndjson"
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"[":
        return "json"
    if head == b"{":
        try:
            orjson.loads(data)
            return "json"
        except orjson.JSONDecodeError:
            return "ndjson"
    return "csv"


@gc_paused
def parse(data: bytes, name: str, fmt: str, delimiter: str | None = None) -> Parsed:
    """Split a file into briefs and rows; malformed files fail here."""
    if not data.strip():
        raise fail(name, None, "the file is empty")
    if fmt == "csv":
        return parse_csv(data, name, delimiter)
    _refuse_repeated_keys(data, name, fmt)
    if fmt == "ndjson":
        return parse_ndjson(data, name)
    return parse_json(data, name)


def _refuse_repeated_keys(data: bytes, name: str, fmt: str) -> None:
    """A key given twice in one object (a merge that kept both sides): a parser
    keeps one and drops the other, so the file is refused, naming the key."""
    from recs.store.files import duplicate_keys

    chunks = [(f"line {n}", line) for n, line in enumerate(data.split(b"\n"), 1) if line.strip()] \
        if fmt == "ndjson" else [(None, data)]
    for where, chunk in chunks:
        twice = duplicate_keys(chunk)
        if twice:
            raise fail(name, where, f"{twice[0]!r} is given more than once in one object (a merge that "
                       "kept both sides?); keep one, with what each side meant")


def _loads(data: bytes, name: str, where: str | None = None):
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise fail(name, where, f"not valid JSON ({exc})") from None


def _header(parsed: Parsed, obj: dict, where: str) -> None:
    """The export's own fields: version checks, briefs, id counter."""
    version = obj.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise fail(parsed.name, where, f"field 'schema_version': invalid value {version!r}")
    if version > SCHEMA_VERSION:
        raise fail(parsed.name, where, f"written by a newer recs (schema {version}); upgrade recs to import it")
    if obj.get("recs_export", 1) != 1:
        raise fail(parsed.name, where, f"unknown export format version {obj.get('recs_export')!r}")
    last = obj.get("last_number", 0)
    if not isinstance(last, int) or isinstance(last, bool) or not 0 <= last <= fields.NUMBER_MAX:
        raise fail(parsed.name, where, f"field 'last_number': invalid value {last!r}")
    unknown = set(obj) - {"recs_export", "schema_version", "last_number", "briefs", "recommendations", "removed"}
    if unknown:
        raise fail(parsed.name, where, f"unknown field {sorted(unknown)[0]!r}")
    briefs = obj.get("briefs", [])
    if not isinstance(briefs, list):
        raise fail(parsed.name, where, "field 'briefs' must be a list")
    parsed.last_number = last
    parsed.briefs = [Row(f"briefs[{i}]", b) for i, b in enumerate(briefs)]
    removed = obj.get("removed", [])
    if not isinstance(removed, list):
        raise fail(parsed.name, where, "field 'removed' must be a list")
    parsed.removed = [Row(f"removed[{i}]", r) for i, r in enumerate(removed)]


#: In a `recs export` (orjson, two-space indent), a record of the list starts
#: with a line of four spaces and "{"; the list ends with a line of two and "]".
_ITEM = re.compile(rb"\n    \{|\n  \]")
_LIST = b'\n  "recommendations": ['


def _export_rows(data: bytes, name: str) -> Parsed | None:
    """A `recs export` read without parsing its records: each row keeps its
    bytes (see `Row`). None if the file is not laid out as recs writes it."""
    at = data.find(_LIST)
    if at < 0 or not data.startswith(b"[\n    {", at + len(_LIST) - 1):
        return None
    starts, close = [], -1
    for match in _ITEM.finditer(data, at):
        if match.group() == b"\n  ]":
            close = match.start()
            break
        starts.append(match.start())
    if close < 0:
        return None
    view = memoryview(data)
    ends = [start - 1 for start in starts[1:]] + [close]  # before the comma, or the list's end
    if any(data[end] != 0x2C for end in ends[:-1]):
        return None
    try:
        head = orjson.loads(data[:at + len(_LIST)] + b"]" + data[close + 4:])
    except orjson.JSONDecodeError:
        return None
    if not isinstance(head, dict) or head.get("recommendations") != []:
        return None
    parsed = Parsed(name, whole=lambda: parse_json(data, name, sliced=False))
    _header(parsed, head, "top level")
    parsed.rows = [Row(where, raw=_record_bytes(name, where, view[start + 5:end]))
                   for i, (start, end) in enumerate(zip(starts, ends)) if (where := f"recommendations[{i}]")]
    return parsed


def parse_json(data: bytes, name: str, sliced: bool = True) -> Parsed:
    """An export object, an array of records (`recs list --format json`) or one record."""
    if sliced and (parsed := _export_rows(data, name)) is not None:
        return parsed
    obj = _loads(data, name)
    parsed = Parsed(name)
    if isinstance(obj, dict) and ("recommendations" in obj or "recs_export" in obj):
        _header(parsed, obj, "top level")
        records = obj.get("recommendations", [])
        if not isinstance(records, list):
            raise fail(name, None, "field 'recommendations' must be a list")
        parsed.rows = [Row(f"recommendations[{i}]", r) for i, r in enumerate(records)]
    elif isinstance(obj, list):
        parsed.rows = [Row(f"record {i}", r) for i, r in enumerate(obj, 1)]
    elif isinstance(obj, dict):
        parsed.rows = [Row("record 1", obj)]
    else:
        raise fail(name, None, "expected a recs export (an object), or a JSON array of recommendations")
    return parsed


def parse_ndjson(data: bytes, name: str, lazy: bool = True) -> Parsed:
    """One JSON object per line; a line with `recs_export` is the export header.
    `lazy`: record lines are kept as bytes, parsed when planned (see `Row`)."""
    parsed = Parsed(name, whole=(lambda: parse_ndjson(data, name, lazy=False)) if lazy else None)
    header_seen = False
    for number, line in enumerate(data.split(b"\n"), 1):
        if not line.strip():
            continue
        where = f"line {number}"
        _record_bytes(name, where, line)
        if lazy and b'"recs_export"' not in line:
            parsed.rows.append(Row(where, raw=line))
            continue
        obj = _loads(line, name, where)
        if isinstance(obj, dict) and "recs_export" in obj:
            if header_seen:
                raise fail(name, where, "a second export header line")
            if "recommendations" in obj:
                raise fail(name, where, "the header line must not hold recommendations")
            header_seen = True
            _header(parsed, obj, where)
        else:
            parsed.rows.append(Row(where, obj))
    return parsed


def parse_csv(data: bytes, name: str, delimiter: str | None = None) -> Parsed:
    """One recommendation per row, the columns of `recs.formats.tabular` (a BOM
    is fine), separated by `delimiter`, else by the one the header shows."""
    from recs.imports import delimiters

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fail(name, None, f"not UTF-8 text (byte {exc.start}); save it as CSV UTF-8") from None
    delimiter = delimiter or delimiters.detect(text, _known_columns)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    parsed = Parsed(name)
    try:
        header = next(reader, None)
        if not header or not any(h.strip() for h in header):
            raise fail(name, "line 1", "no header row (the first line names the columns)")
        columns = [_column(h) for h in header]
        unknown = [c for c in columns if c not in tabular.COLUMNS and not c.startswith(tabular.FIELD_PREFIX)]
        if unknown:
            raise fail(name, "line 1", f"unknown column {unknown[0]!r}; columns are: {', '.join(tabular.COLUMNS)} "
                                       f"and field:NAME{delimiters.hint(unknown[0], delimiter)}")
        dupes = {c for c in columns if columns.count(c) > 1}
        if dupes:
            raise fail(name, "line 1", f"column {sorted(dupes)[0]!r} appears twice")
        start = reader.line_num + 1
        for cells in reader:
            where = f"line {start}"
            start = reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(columns):
                raise fail(name, where, f"{len(cells)} cells where the header has {len(columns)}")
            row = Row(where, full=False)
            row._data, row.derived, row.problems = csv_row(dict(zip(columns, cells)))
            parsed.rows.append(row)
    except csv.Error as exc:
        raise fail(name, f"line {reader.line_num}", f"malformed CSV ({exc})") from None
    return parsed


def _column(name: str) -> str:
    name = name.strip()
    return name if name.startswith(tabular.FIELD_PREFIX) else name.lower()


def _known_columns(header: list[str]) -> bool:
    """A header of recs's CSV columns (for finding the separator)."""
    return all(c in tabular.COLUMNS or c.startswith(tabular.FIELD_PREFIX) for c in map(_column, header))


def csv_row(cells: dict[str, str]) -> tuple[dict, dict[str, str], list[str]]:
    """A csv row as record fields (neutralisation undone, lists split), its
    derived cells, and what is wrong with its list cells."""
    out: dict = {}
    problems = []
    for column in CSV_READ:
        if column not in cells:
            continue
        value = tabular.restore(cells[column])
        if column in CSV_LISTS:
            out[column] = tabular.split(value)
            if tabular.json_list(value) is None and any("," in item for item in out[column]):
                problems.append(f"{column} {value.strip()!r} holds a comma: separate names with ';' "
                                f"({'; '.join(p.strip() for p in value.replace(';', ',').split(',') if p.strip())}); "
                                "a name that holds a comma is written as a JSON list, "
                                '["Ministry of Health, Labour and Welfare"]')
        elif column in CSV_OPTIONAL or column == "id":
            out[column] = value.strip() or None
        elif column in ("created", "updated", "status"):
            if value.strip():  # empty: the stored value, or the default
                out[column] = value.strip()
        elif column == "archived":  # a time: archived (as `recs remove`); empty: left as it is
            try:
                if value.strip():
                    out[column] = dates.parse_timestamp(value.strip(), "archived time")
            except RecsError as exc:
                problems.append(str(exc))
        else:
            out[column] = value
    kept = [c for c in cells if c.startswith(tabular.FIELD_PREFIX)]
    if kept:  # an empty cell: the record has no such field
        out["fields"] = {c[len(tabular.FIELD_PREFIX):]: v for c in kept if (v := tabular.restore(cells[c]))}
    derived = {c: v for c in tabular.DERIVED if (v := tabular.restore(cells.get(c, "")).strip())}
    return out, derived, problems


def _one_line(problems: list[tuple[str | None, str]]) -> list[tuple[str | None, str]]:
    """The problems of one row as one: `where: this; that`."""
    return [(problems[0][0], "; ".join(what for _, what in problems))]


def _derived_edits(row: Row, record: dict, existing: dict | None) -> list[str]:
    """The derived cells of a csv row that differ from what recs works out,
    for the stored record and for the imported one: edited by hand. Evidence
    columns are checked only on a row of a stored record with evidence, as it
    stands (its `updated` unchanged or not given): a row from another
    tracker's export, or an older one, may count other evidence."""
    if not row.derived:
        return []
    stamp = (row.data or {}).get("updated")
    same = existing is not None and bool(existing["evidence"]) and stamp in (None, existing["updated"])
    # the label of the row's status, or of the stored one (a status changed in the sheet, its label left)
    expected = [tabular.derived(record)] + ([tabular.derived(existing)] if existing else [])
    return [f"{column} is worked out from {tabular.DERIVED[column]} and cannot be changed (got {value!r}); "
            f"change {tabular.DERIVED[column] if column == 'status_label' else 'evidence with `recs evidence`'} "
            "instead, or leave the column out"
            for column, value in row.derived.items()
            if (same or tabular.DERIVED[column] != "evidence")
            and all(value.casefold() != worked.get(column, "").casefold() for worked in expected)]


# -- 2. validation and planning ------------------------------------------------
def normalise_status(value):
    """Accept `In progress`, `in-progress` or a label for a status."""
    if not isinstance(value, str):
        return value
    for key, (label, _) in statuses.STATUSES.items():
        if value.strip().casefold() == label.casefold():
            return key
    try:
        return statuses.check(value)
    except RecsError:
        return value


def _errors(exc, name: str, where: str, rec_id) -> ImportFailed:
    """Every problem pydantic found in one row, in plain words."""
    ident = f" (id {rec_id!r})" if isinstance(rec_id, str) and rec_id else ""
    return ImportFailed(name, [(where + ident, "; ".join(plain(err) for err in exc.errors()))])


def validate(model, data, name: str, where: str, ident: str | None = None):
    """Validate one row with a pydantic model; returns it as a plain dict."""
    from pydantic import ValidationError

    if not isinstance(data, dict):
        raise fail(name, where, f"expected an object, got {type(data).__name__}")
    try:
        return model.model_validate(data).model_dump()
    except ValidationError as exc:
        raise _errors(exc, name, where, ident if ident is not None else data.get("id")) from None


class Twins:
    """The stored recommendations by what they say (brief, title, text), read
    only when a row without an id asks: a re-imported CSV would add them again."""

    def __init__(self, store: Store):
        self.store = store
        self.by_content: dict[tuple, str] | None = None

    def of(self, record: dict) -> str | None:
        """The id of a stored recommendation saying what `record` says, if any."""
        if self.by_content is None:
            self.by_content = {}
            for stored in self.store.scan():
                self.by_content.setdefault(content(stored), stored["id"])
        return self.by_content.get(content(record))


def content(record: dict) -> tuple:
    """What a recommendation says, spacing and case aside."""
    def said(text):
        return " ".join((text or "").split()).casefold()
    return record.get("brief"), said(record.get("title")), said(record.get("text"))


def _extends(new: list, old: list) -> bool:
    return len(new) > len(old) and new[:len(old)] == old


@gc_paused
def plan(store: Store, parsed: Parsed, *, by: str, tick: Tick = None) -> Plan:
    """Validate every row and work out the import; writes nothing."""
    try:
        return _plan(store, parsed, by=by, tick=tick)
    except _Unsliced:  # not laid out as its start said: parse it whole, which says what is wrong
        return _plan(store, parsed.whole(), by=by, tick=tick)


def _plan(store: Store, parsed: Parsed, *, by: str, tick: Tick = None) -> Plan:  # noqa: C901
    from recs.core.models import Brief, Recommendation

    name = parsed.name
    numbered = (int(k[1:]) for k in store.ids() + store.ids(removed=True) if k[:1] == "R" and k[1:].isdigit())
    result = Plan(last_number=max(max(numbered, default=0), parsed.last_number))
    known_briefs = {b["id"]: b for b in store.briefs()}
    problems = Problems(name)
    seen_briefs: dict[str, str] = {}
    for row in parsed.briefs:
        brief = validate(Brief, row.data, name, row.where)
        if brief["id"] in seen_briefs:
            raise fail(name, row.where, f"duplicate brief id {brief['id']!r} (also at {seen_briefs[brief['id']]})")
        seen_briefs[brief["id"]] = row.where
        if known_briefs.get(brief["id"]) != brief:
            result.briefs.append(brief)
            result.log.append(f"{'modify' if brief['id'] in known_briefs else 'add':<8}brief {brief['id']}")
        known_briefs[brief["id"]] = brief

    at = dates.now()
    names = Names.of(store.meta())
    seen: dict[str, str] = {}
    removed_ids = set(store.ids(removed=True))
    # ids in use, and those of recommendations removed by `recs undo` (never reused)
    taken = set(store.ids()) | removed_ids
    folded: dict[str, str] | None = None  # ids by casefolded spelling (one per spelling), built when needed
    twins = Twins(store)
    for count, row in enumerate(parsed.rows, 1):
        if tick and count % 1000 == 0:
            tick(1000)
        try:
            data = row.data
            if not isinstance(data, dict):
                raise fail(name, row.where, f"expected an object, got {type(data).__name__}")
            data = dict(data)
            if "status" in data:
                data["status"] = normalise_status(data["status"])
            if names.aliases and isinstance(data.get("actors"), list) and "history" not in data:
                data["actors"] = [names.resolve(a) if isinstance(a, str) else a for a in data["actors"]]  # (typed rows)
            rec_id = data.get("id")
            if isinstance(rec_id, str):
                rec_id = data["id"] = rec_id.strip()
                if rec_id in seen:
                    raise fail(name, row.where, f"duplicate id {rec_id!r} (also at {seen[rec_id]})")
                seen[rec_id] = row.where
            existing = store.peek(rec_id) if isinstance(rec_id, str) and rec_id in taken else None
            if existing is None and isinstance(rec_id, str) and rec_id in removed_ids:
                raise fail(name, row.where, f"id {rec_id!r} belonged to a recommendation removed by `recs undo`; "
                           "ids are never reused (`recs redo` brings back what the last `recs undo` removed)")
            if existing is None and isinstance(rec_id, str):
                if folded is None:
                    folded = store.folded_ids()
                twin = folded.setdefault(rec_id.casefold(), rec_id)
                if twin != rec_id:  # ids are typed in any case (`r4` finds R4): one per spelling, as `add --id`
                    which = f"the id at {seen[twin]}," if twin in seen else "which exists,"
                    raise fail(name, row.where, f"id {rec_id!r} differs from {twin!r}, {which} only in case; "
                               "choose another")
            if existing is not None and row.full and data == existing:
                result.unchanged.append(rec_id)  # the stored record is valid already
                continue
            ident = rec_id if isinstance(rec_id, str) else ""
            early = [(row.where + (f" (id {ident!r})" if ident else ""), "; ".join(row.problems))] if row.problems else []
            try:
                if existing is None:
                    record = validate(Recommendation, _new(data, row, at, by, name, result, taken),
                                      name, row.where, ident)
                else:
                    record = validate(Recommendation, {**existing, **data}, name, row.where, ident)
            except ImportFailed as failure:  # with what was found as the row was read
                raise ImportFailed(name, _one_line(early + failure.problems)) from None
            if early:
                raise ImportFailed(name, _one_line(early))
            if not record.get("owners") and not (existing or {}).get("owners"):  # none, however written
                record.pop("owners", None)
                if existing is not None and "owners" in existing:
                    record["owners"] = existing["owners"]
            if existing is not None and data.get("created") not in (None, existing["created"]):
                raise fail(name, row.where + f" (id {ident!r})",
                           f"{ident} in the tracker is another recommendation (created {existing['created']}, "
                           f"this one {data['created']}); give this one another id (or leave its id out)")
            evidence_ids = [e["id"] for e in record["evidence"]]
            if len(set(evidence_ids)) != len(evidence_ids):
                twice = next(e for e in evidence_ids if evidence_ids.count(e) > 1)
                raise fail(name, row.where + (f" (id {ident!r})" if ident else ""),
                           f"field 'evidence': evidence id {twice!r} appears twice")
            if record["brief"] is not None and record["brief"] not in known_briefs:
                raise fail(name, row.where + (f" (id {ident!r})" if ident else ""),
                           f"field 'brief': no brief {record['brief']!r} in the tracker or the file "
                           "(add it with `recs brief add`, or import a full `recs export`)")
            if edits := _derived_edits(row, record, existing):
                raise fail(name, row.where + (f" (id {ident!r})" if ident else ""), "; ".join(edits))
            if existing is None:
                result.added.append(record["id"])
                result.keep(record)
                repeated = None if ident else twins.of(record)
                if repeated:
                    result.repeats.append((row.where, repeated))
                result.log.append(f"add     {record['id']}  {record['title']}"
                                  + (f"  (repeats {repeated})" if repeated else ""))
            else:
                copy = row.full and isinstance(data.get("history"), list) and "created" in data
                if copy and (data["created"] != existing["created"]
                             or (data["history"][:1] and data["history"][:1] != existing["history"][:1])):
                    raise fail(name, row.where + f" (id {ident!r})",
                               f"{ident} in the tracker is another recommendation (created {existing['created']}, "
                               f"this one {data['created']}); give this one another id (or leave its id out)")
                _merge(existing, record, row, at, by, name, result, copy=copy)
        except ImportFailed as failure:
            problems.add(failure)
    if tick and len(parsed.rows) % 1000:
        tick(len(parsed.rows) % 1000)
    problems.check()
    _plan_removed(store, parsed, result, taken)
    return result


def _plan_removed(store: Store, parsed: Parsed, result: Plan, taken: set) -> None:
    """Records the file's store had removed by `recs undo`: kept, unless the store has them."""
    from recs.core.models import Recommendation

    have = set(store.ids(removed=True))
    for row in parsed.removed:
        ident = row.data.get("id", "") if isinstance(row.data, dict) else ""
        record = validate(Recommendation, row.data, parsed.name, row.where, ident if isinstance(ident, str) else "")
        if record["id"] in have:
            continue
        if record["id"] in taken:
            raise fail(parsed.name, row.where, f"id {record['id']!r} is a removed recommendation in the file "
                       "but a recommendation in the tracker (or the file)")
        taken.add(record["id"])
        result.removed.append(record)
        rec_id = record["id"]
        if rec_id.startswith("R") and rec_id[1:].isdigit():  # its number stays used: the counter goes past it
            result.last_number = max(result.last_number, int(rec_id[1:]))


def _new(data: dict, row: Row, at: str, by: str, name: str, result: Plan, taken: set) -> dict:
    """A row for an id the store lacks: defaults filled, an id given if none."""
    record = {k: v for k, v in data.items() if v is not None or k not in ("id", "created", "updated")}
    if not record.get("id"):
        number = result.last_number + 1
        while f"R{number}" in taken:
            number += 1
        record["id"] = f"R{number}"
        result.last_number = number
    record.setdefault("created", at)
    record.setdefault("updated", record["created"])
    if not row.full or "history" not in record:
        record["history"] = [history_entry(at, by, "created", None, record["id"], f"imported from {name}")]
    rec_id = record["id"]
    if isinstance(rec_id, str):
        taken.add(rec_id)
        if rec_id.startswith("R") and rec_id[1:].isdigit():
            result.last_number = max(result.last_number, int(rec_id[1:]))
    return record


def _merge(existing: dict, incoming: dict, row: Row, at: str, by: str, name: str, result: Plan,
           copy: bool = False) -> None:
    """Compare an incoming record with the stored one and plan the change.

    `copy`: the row is a whole copy of the record, with its history (a
    colleague's export, a backup): a later copy replaces it, an older one
    changes nothing, and two copies that diverged are merged as git's merge
    driver merges them (`recs.tracker.merge`): nothing of either side is lost."""
    if incoming == existing:
        result.unchanged.append(existing["id"])
        return
    if copy and _extends(incoming["history"], existing["history"]):
        changed = [f for f in COMPARED + ("evidence",) if incoming.get(f) != existing.get(f)] or ["history"]
        result.modified.append((incoming["id"], changed))
        result.keep(incoming)
        result.log.append(f"modify  {incoming['id']}  {', '.join(changed)}")
        return
    if copy and _extends(existing["history"], incoming["history"]):
        result.unchanged.append(existing["id"])  # an older copy: it never undoes newer work
        result.log.append(f"keep    {existing['id']}  (the file's copy is older)")
        return
    if copy and incoming["history"] != existing["history"]:
        from recs.tracker.merge import MergeConflict, base_from_histories, merge_record

        try:
            merged = merge_record(base_from_histories(existing, incoming), existing, incoming).record
        except MergeConflict as exc:
            raise fail(name, row.where + f" (id {existing['id']!r})", str(exc)) from None
        if merged == existing:
            result.unchanged.append(existing["id"])
            return
        changed = [f for f in COMPARED + ("evidence",) if merged.get(f) != existing.get(f)] or ["history"]
        result.modified.append((merged["id"], changed))
        result.keep(merged)
        result.log.append(f"merge   {merged['id']}  {', '.join(changed)}")
        return
    note = f"imported from {name}"
    record = dict(existing)
    unknown = tuple(k for k in incoming if k not in KNOWN)  # keys a newer recs or a person added: kept
    entries = field_entries(existing, incoming, COMPARED + unknown, at=at, by=by, note=note)
    for e in entries:
        record[e["field"]] = e["new"]
    stored = {e["id"]: e for e in existing["evidence"]}
    evidence = list(existing["evidence"])
    for ev in incoming["evidence"]:
        old = stored.get(ev["id"])
        if old is None:
            evidence.append(ev)
            entries.append(history_entry(at, by, "evidence", None, ev["id"], ev["summary"]))
        elif old != ev:
            evidence[evidence.index(old)] = ev
            entries.append(history_entry(at, by, "evidence", old, ev["id"], f"evidence {ev['id']} {note}"))
    if not entries:
        result.unchanged.append(existing["id"])
        return
    record["evidence"] = evidence
    record["history"] = existing["history"] + entries
    record["updated"] = at
    result.modified.append((record["id"], [e["field"] for e in entries]))
    result.keep(record)
    result.log.append(f"modify  {record['id']}  {', '.join(dict.fromkeys(e['field'] for e in entries))}")


# -- 3. writing ------------------------------------------------------------------
@gc_paused
def apply(store: Store, result: Plan) -> None:
    """Write a plan into a store opened with `Store.change` (all or nothing)."""
    for brief in result.briefs:
        store.put_brief(brief)
    store.put_many(result.records)
    for record in result.removed:
        store.put_removed(record)
