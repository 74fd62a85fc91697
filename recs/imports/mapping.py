"""Import of other trackers' CSV exports through a column mapping (TOML).

A mapping file says how the columns of a source file become recommendation
fields; see `data/mappings/*.toml` for two real ones and the README for the
format. What real exports do, and what happens to it here:

- encodings: `[source] encoding` lists the encodings to try, in order; the
  first that decodes the whole file wins (UPR Info's files are Mac Roman,
  TAIC's UTF-8). A UTF-8 byte-order mark is dropped;
- line endings: CRLF, LF and bare CR (old Mac exports) all end rows; inside
  quoted multi-line cells they become `\\n`;
- spaces at either end of a cell are dropped; nothing else is "repaired":
  mojibake such as `â€™` is kept as it is (recs cannot know the intended
  text), and Excel's `_x000D_` escape is decoded only when the mapping says
  `excel_escapes = true`;
- duplicate rows (the same recommendation made by several states, or sent to
  several recipients) are kept as separate records unless `dedupe` is asked
  for; then the rows sharing the mapping's `[dedupe] key` become one record
  whose actors, tags and kept columns carry the union of the rows' values
  (joined with `[dedupe] join`), and whose other fields are the first row's.

Everything is read and checked before anything is written: `read()` and `plan_sources()` return
the records, or raises a RecsError naming the file, row and column at fault.
`apply()` then writes them into an open, locked store in one go.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from recs.core import dates, fields, statuses
from recs.core.errors import RecsError
from recs.tracker.actors import Names
from recs.imports.problems import DATE, ImportFailed, Problems
from recs.tracker.operations import field_entries, history_entry

#: Keys a mapping may have, per table (anything else is a typo and refused).
KNOWN = {
    "": {"source", "record", "status", "brief", "briefs", "fields", "dedupe", "description"},
    "source": {"encoding", "delimiter", "excel_escapes"},
    "record": {"id", "brief", "title", "title_max", "text", "quote", "actors", "actors_split",
               "tags", "tags_split", "status", "due"},
    "status": {"map", "default"},
    "brief": {"title", "publisher", "published", "url"},
    "fields": {"keep", "drop"},
    "dedupe": {"key", "join"},
}
BRIEF_KEYS = {"title", "publisher", "published", "url"}
_TEMPLATE = re.compile(r"\{([^{}]+)\}")
_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_NOT_ID = re.compile(r"[^A-Za-z0-9._-]+")
_SPACES = re.compile(r"\s+")
DEFAULT_TITLE_MAX = 120


def _status_key(value: str) -> str:
    """How status values are compared: case and inner spacing ignored."""
    return " ".join(value.split()).casefold()


@dataclass
class Mapping:
    """A parsed, checked mapping file."""

    path: Path
    encodings: list[str] = field(default_factory=lambda: ["utf-8"])
    delimiter: str | None = None  # None: found from the header row (`recs.imports.delimiters`)
    excel_escapes: bool = False
    id: str | None = None              # template
    brief: str | None = None           # template
    title: str | None = None           # column
    title_max: int = DEFAULT_TITLE_MAX
    text: str | None = None            # column
    quote: str | None = None           # column
    actors: list[str] = field(default_factory=list)   # columns
    actors_split: str | None = None
    tags: list[str] = field(default_factory=list)     # columns
    tags_split: str | None = None
    status: str | None = None          # column
    due: str | None = None             # column
    status_map: dict[str, str] = field(default_factory=dict)  # _status_key(source) -> status
    status_default: str = statuses.INITIAL
    brief_template: dict[str, str] = field(default_factory=dict)
    briefs: dict[str, dict[str, str]] = field(default_factory=dict)
    keep: list[str] = field(default_factory=list)
    drop: list[str] = field(default_factory=list)
    dedupe_key: list[str] = field(default_factory=list)
    dedupe_join: str = "; "

    def mapped_columns(self) -> set[str]:
        """Columns that become record fields (and so leave `fields`)."""
        cols = {c for c in (self.title, self.text, self.quote, self.status, self.due) if c}
        return cols | set(self.actors) | set(self.tags)

    def referenced_columns(self) -> list[tuple[str, str]]:
        """(column, where in the mapping) for every column the mapping names."""
        refs = []
        for key in ("text", "title", "quote", "status", "due"):
            if getattr(self, key):
                refs.append((getattr(self, key), f"record.{key}"))
        refs += [(c, "record.actors") for c in self.actors]
        refs += [(c, "record.tags") for c in self.tags]
        for key in ("id", "brief"):
            refs += [(c, f"record.{key}") for c in _TEMPLATE.findall(getattr(self, key) or "")]
        for key, value in self.brief_template.items():
            refs += [(c, f"brief.{key}") for c in _TEMPLATE.findall(value)]
        refs += [(c, "fields.keep") for c in self.keep]
        refs += [(c, "fields.drop") for c in self.drop]
        refs += [(c, "dedupe.key") for c in self.dedupe_key]
        return refs


def _bad(path: Path, message: str) -> RecsError:
    return RecsError(f"mapping {path}: {message}")


def load(path: Path) -> Mapping:
    """Read and check a mapping file; RecsError names what is wrong."""
    import tomllib

    from recs.imports.files import read_input

    if not path.exists() and not path.is_symlink():
        raise RecsError(f"no mapping file at {path}")
    raw = read_input(path, "mapping file")
    try:
        doc = tomllib.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise _bad(path, f"not valid TOML ({exc})") from None
    return parse(doc, path)


def parse(doc: dict, path: Path) -> Mapping:  # noqa: C901
    """A mapping from a parsed TOML document."""
    _check_keys(doc, "", path)
    for table in KNOWN[""] - {"description"}:
        if table in doc and not isinstance(doc[table], dict):
            raise _bad(path, f"[{table}] must be a table")
    for table, allowed in KNOWN.items():
        if table and table in doc:
            _check_keys(doc[table], table, path)
    m = Mapping(path=path)
    src, rec = doc.get("source", {}), doc.get("record", {})

    enc = src.get("encoding", ["utf-8"])
    m.encodings = [enc] if isinstance(enc, str) else enc
    if not m.encodings or not all(isinstance(e, str) for e in m.encodings):
        raise _bad(path, "source.encoding must be an encoding name or a list of them")
    import codecs

    for name in m.encodings:
        try:
            codecs.lookup(name)
        except LookupError:
            raise _bad(path, f"source.encoding: unknown encoding {name!r}") from None
    m.delimiter = src.get("delimiter")
    if m.delimiter is not None and (not isinstance(m.delimiter, str) or len(m.delimiter) != 1):
        raise _bad(path, "source.delimiter must be one character")
    m.excel_escapes = _bool(src, "excel_escapes", path, "source")

    for key in ("id", "brief", "title", "text", "quote", "status", "due"):
        value = rec.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise _bad(path, f"record.{key} must be a non-empty string")
        setattr(m, key, value)
    if not m.text:
        raise _bad(path, "record.text is required (the column holding the recommendation)")
    m.title = m.title or m.text
    m.title_max = rec.get("title_max", DEFAULT_TITLE_MAX)
    if not isinstance(m.title_max, int) or isinstance(m.title_max, bool) or not 10 <= m.title_max <= fields.TITLE_MAX:
        raise _bad(path, f"record.title_max must be a whole number from 10 to {fields.TITLE_MAX}")
    for key in ("actors", "tags"):
        setattr(m, key, _columns(rec, key, path))
        split = rec.get(f"{key}_split")
        if split is not None and (not isinstance(split, str) or not split):
            raise _bad(path, f"record.{key}_split must be a non-empty string")
        setattr(m, f"{key}_split", split)
    if not m.actors:
        raise _bad(path, "record.actors is required (the column(s) naming who must act)")

    st = doc.get("status", {})
    status_map = st.get("map", {})
    if not isinstance(status_map, dict):
        raise _bad(path, "[status.map] must be a table of source value = status")
    for source, target in status_map.items():
        try:
            m.status_map[_status_key(source)] = statuses.check(target if isinstance(target, str) else repr(target))
        except RecsError:
            raise _bad(path, f"[status.map] {source!r} = {target!r}: not a status; "
                             f"choose from: {', '.join(statuses.STATUSES)}") from None
    if "default" in st:
        default = st["default"]
        try:
            m.status_default = statuses.check(default if isinstance(default, str) else repr(default))
        except RecsError:
            raise _bad(path, f"status.default {st['default']!r}: not a status; "
                             f"choose from: {', '.join(statuses.STATUSES)}") from None
    if m.status and not m.status_map:
        raise _bad(path, "record.status names a column, so [status.map] must say which status each of its values means")

    brief = doc.get("brief", {})
    for key, value in brief.items():
        if not isinstance(value, str):
            raise _bad(path, f"brief.{key} must be a string")
    m.brief_template = dict(brief)
    for brief_id, values in doc.get("briefs", {}).items():
        if not isinstance(values, dict):
            raise _bad(path, f"[briefs.{brief_id!r}] must be a table")
        unknown = set(values) - BRIEF_KEYS
        if unknown:
            raise _bad(path, f"[briefs.{brief_id!r}]: unknown key {sorted(unknown)[0]!r}; "
                             f"known: {', '.join(sorted(BRIEF_KEYS))}")
        if not all(isinstance(v, str) for v in values.values()):
            raise _bad(path, f"[briefs.{brief_id!r}]: values must be strings")
        m.briefs[brief_id] = dict(values)
    if (m.brief_template or m.briefs) and not m.brief:
        raise _bad(path, "[brief] describes briefs, but record.brief does not say which brief a row belongs to")

    flds = doc.get("fields", {})
    m.keep = _columns(flds, "keep", path, "fields")
    m.drop = _columns(flds, "drop", path, "fields")
    dd = doc.get("dedupe", {})
    m.dedupe_key = _columns(dd, "key", path, "dedupe")
    m.dedupe_join = dd.get("join", "; ")
    if not isinstance(m.dedupe_join, str) or not m.dedupe_join:
        raise _bad(path, "dedupe.join must be a non-empty string")
    return m


def _check_keys(table: dict, name: str, path: Path) -> None:
    allowed = KNOWN[name]
    for key in table:
        if key not in allowed:
            where = f"[{name}]" if name else "the top level"
            raise _bad(path, f"unknown key {key!r} in {where}; known: {', '.join(sorted(allowed))}")


def _bool(table: dict, key: str, path: Path, name: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise _bad(path, f"{name}.{key} must be true or false")
    return value


def _columns(table: dict, key: str, path: Path, name: str = "record") -> list[str]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _bad(path, f"{name}.{key} must be a column name or a list of them")
    return value


# -- reading source files ----------------------------------------------------
@dataclass
class Source:
    """One decoded source file: its header and rows (cells cleaned)."""

    path: Path
    encoding: str
    header: list[str]
    rows: list[list[str]]
    delimiter: str = ","


def _clean(value: str, excel: bool) -> str:
    if excel and "_x" in value:
        value = _EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.strip()


def read(path: Path, mapping: Mapping, delimiter: str | None = None) -> Source:  # noqa: C901
    """Decode and split one CSV file; RecsError names the file and row at fault.
    The separator: `delimiter`, else the mapping's, else the one under which
    the header has the columns the mapping names."""
    import csv
    import io

    from recs.imports import delimiters
    from recs.imports.files import read_input

    raw = read_input(path, "CSV file")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    text = None
    for encoding in mapping.encodings:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError as exc:
            failure = exc
    if text is None:
        raise RecsError(f"{path}: cannot be decoded as {' or '.join(mapping.encodings)} "
                        f"(byte {failure.start}: {failure.reason}); set [source] encoding in the mapping")
    if "\x00" in text:
        raise RecsError(f"{path}: contains NUL bytes; it is not a text CSV file")
    named = {column for column, _ in mapping.referenced_columns()}
    delimiter = delimiter or mapping.delimiter or delimiters.detect(
        text, lambda header: named <= {h.strip() for h in header})
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
        if not header or not any(h.strip() for h in header):
            raise RecsError(f"{path}: empty file (no header row)")
        header = [h.strip() for h in header]
        seen = set()
        for number, name in enumerate(header, 1):
            if not name:
                raise RecsError(f"{path}, row 1: column {number} has no name")
            if name in seen:
                raise RecsError(f"{path}, row 1: column {name!r} appears twice")
            seen.add(name)
        width = len(header)
        excel = mapping.excel_escapes
        rows: list[list[str] | None] = []
        row_number = 1
        for cells in reader:
            row_number += 1
            if not any(c.strip() for c in cells):
                # a blank line, or a row of empty cells (`,,,,`: spreadsheets save
                # formatted empty rows so): skipped, but keeps row numbers right
                rows.append(None)
                continue
            if len(cells) > width:
                extra = [c for c in cells[width:] if c.strip()]
                if extra:
                    raise RecsError(f"{path}, row {row_number}: {len(cells)} cells, but the header has {width} columns")
                cells = cells[:width]
            elif len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            if excel:
                rows.append([_clean(c, True) for c in cells])
            else:
                rows.append([_clean(c, False) if "\r" in c else c.strip() for c in cells])
    except csv.Error as exc:
        raise RecsError(f"{path}, row {row_number + 1}: malformed CSV ({exc})") from None
    return Source(path, encoding, header, rows, delimiter)


# -- building records ---------------------------------------------------------
@dataclass
class Planned:
    """One record to import, before it has an id in the store."""

    record: dict
    origin: str          # "FILE, row N" for messages and history
    key: tuple | None    # dedupe key
    merged: int = 1


@dataclass
class Plan:
    """Everything an import will write, checked."""

    records: list[Planned]
    briefs: dict[str, dict]      # brief id -> brief the mapping describes
    mapping: Path
    rows: int = 0
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (derived id, id given)


def _template(template: str, index: dict[str, int], cells: list[str]) -> str:
    return _TEMPLATE.sub(lambda m: cells[index[m.group(1)]], template)


def _compile(template: str, index: dict[str, int]):
    """A template as a function of a row: `upr-s{Session}` -> lambda cells: …"""
    parts = _TEMPLATE.split(template)  # literal, column, literal, column, …
    literals = parts[0::2]
    columns = [index[c] for c in parts[1::2]]
    if not columns:
        return lambda cells: template
    if len(columns) == 1:
        before, after = literals
        col = columns[0]
        return lambda cells: before + cells[col] + after

    def fill(cells):
        out = [literals[0]]
        for col, lit in zip(columns, literals[1:]):
            out += (cells[col], lit)
        return "".join(out)

    return fill


def derived_id(value: str) -> str:
    """A template's result made into a valid id: `TAIC-018/24` -> `TAIC-018-24`."""
    text = _NOT_ID.sub("-", value.strip()).strip("-._")
    return text[:64].rstrip("-._")


def derive_title(text: str, most: int) -> str:
    """A one-line title from a longer text: spaces and lines joined, cut at a word."""
    line = " ".join(text.split())
    if len(line) <= most:
        return line
    cut = line[: most - 1]
    space = cut.rfind(" ")
    if space > most // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"


def _split(values: list[str], sep: str | None) -> list[str]:
    if len(values) == 1 and (sep is None or sep not in values[0]):
        return [values[0]] if values[0] else []
    out = []
    for value in values:
        parts = value.split(sep) if sep else [value]
        out += [p.strip() for p in parts if p.strip()]
    return out


def check_columns(mapping: Mapping, source: Source) -> dict[str, int]:
    """The column index of the header; RecsError for a column the file lacks."""
    from recs.imports.delimiters import hint

    index = {name: i for i, name in enumerate(source.header)}
    for column, where in mapping.referenced_columns():
        if column not in index:
            raise RecsError(
                f"mapping {mapping.path}: {where} names column {column!r}, which {source.path} "
                f"does not have; its columns are: {', '.join(source.header)}"
                f"{hint(' '.join(source.header), source.delimiter)}"
            )
    return index


def plan_sources(sources: list[Source], mapping: Mapping, *, dedupe: bool = False,  # noqa: C901
                 progress: Callable[[int], None] | None = None) -> Plan:
    m = mapping
    records: list[Planned] = []
    by_key: dict[tuple, Planned] = {}
    briefs: dict[str, dict] = {}
    brief_origin: dict[str, str] = {}
    total = 0
    problems = Problems("")
    mapped = m.mapped_columns()
    keep = set(m.keep)
    drop = set(m.drop)
    for source in sources:
        index = check_columns(m, source)
        kept = [(name, i) for i, name in enumerate(source.header)
                if (name not in mapped or name in keep) and name not in drop]
        col = index.__getitem__
        text_i, title_i = col(m.text), col(m.title)
        quote_i = col(m.quote) if m.quote else None
        status_i = col(m.status) if m.status else None
        due_i = col(m.due) if m.due else None
        actor_is = [col(c) for c in m.actors]
        tag_is = [col(c) for c in m.tags]
        key_is = [col(c) for c in m.dedupe_key]
        brief_of = _compile(m.brief, index) if m.brief else None
        id_of = _compile(m.id, index) if m.id else None
        ids: dict[str, str] = {}  # template result -> derived id (briefs repeat)
        name = source.path
        for row_number, cells in enumerate(source.rows, 2):
            if cells is None:
                continue
            total += 1
            if progress and total % 500 == 0:
                progress(500)
            origin = f"{name}, row {row_number}"
            try:
                record = _record(m, cells, index, text_i, title_i, quote_i, status_i, due_i,
                                 actor_is, tag_is, kept)
            except _CellError as exc:
                problems.add(ImportFailed("", [(f"{origin}, column {exc.column!r} ({exc.what})", exc.message)]))
                continue
            if brief_of is not None:
                raw = brief_of(cells)
                brief_id = ids.get(raw)
                if brief_id is None:
                    brief_id = ids[raw] = derived_id(raw)
                record["brief"] = brief_id
                if not brief_id:
                    raise RecsError(f"{origin}: record.brief {m.brief!r} gives an empty brief id")
                if brief_id not in briefs:
                    briefs[brief_id] = {k: _template(v, index, cells) for k, v in m.brief_template.items()}
                    brief_origin[brief_id] = origin
            if id_of is not None:
                rec_id = derived_id(id_of(cells))
                try:
                    record["id"] = fields.rec_id(rec_id)
                except RecsError as exc:
                    problems.add(ImportFailed("", [(origin, f"record.id {m.id!r} gives {rec_id!r}: {exc}")]))
                    continue
            key = None
            if dedupe:
                if key_is:
                    key = tuple(" ".join(cells[i].split()).casefold() for i in key_is)
                else:
                    key = (record.get("brief"), " ".join(record["text"].split()).casefold(),
                           tuple(a.casefold() for a in record["actors"]))
                first = by_key.get(key)
                if first is not None:
                    _merge(first, record, m.dedupe_join)
                    continue
            planned = Planned(record, origin, key)
            records.append(planned)
            if key is not None:
                by_key[key] = planned
    if progress:
        progress(total % 500)
    problems.check()
    result = Plan(records, {}, m.path, rows=total)
    _unique_ids(result)
    for brief_id, values in briefs.items():
        result.briefs[brief_id] = _brief(m, brief_id, values, brief_origin[brief_id])
    return result


class _CellError(Exception):
    def __init__(self, column: str, what: str, message: str):
        self.column, self.what, self.message = column, what, message


def _record(m, cells, index, text_i, title_i, quote_i, status_i, due_i, actor_is, tag_is, kept) -> dict:
    text = cells[text_i]
    if not text:
        raise _CellError(m.text, "text", "empty; every recommendation needs its text")
    if len(text) > fields.TEXT_MAX:
        raise _CellError(m.text, "text", f"too long ({len(text):,} characters; at most {fields.TEXT_MAX:,})")
    title = cells[title_i]
    if not title:
        raise _CellError(m.title, "title", "empty")
    title = derive_title(title, m.title_max)
    quote = cells[quote_i] if quote_i is not None else ""
    if len(quote) > fields.TEXT_MAX:
        raise _CellError(m.quote, "quote", f"too long ({len(quote):,} characters; at most {fields.TEXT_MAX:,})")
    try:
        actors = fields.names(_split([cells[i] for i in actor_is], m.actors_split), "actor")
    except RecsError as exc:
        raise _CellError(", ".join(m.actors), "actors", str(exc)) from None
    if not actors:
        raise _CellError(", ".join(m.actors), "actors", "empty; every recommendation needs an actor")
    try:
        tags = fields.names(_split([cells[i] for i in tag_is], m.tags_split), "tag")
    except RecsError as exc:
        raise _CellError(", ".join(m.tags), "tags", str(exc)) from None
    status = m.status_default
    if status_i is not None and cells[status_i]:
        status = m.status_map.get(_status_key(cells[status_i]))
        if status is None:
            known = ", ".join(repr(k) for k in m.status_map)
            raise _CellError(m.status, "status", f"value {cells[status_i]!r} is not in the mapping's "
                                                 f"[status.map] (known: {known})")
    due = None
    if due_i is not None and cells[due_i]:
        try:
            due = dates.parse_date(cells[due_i], "due date")
        except RecsError:
            raise _CellError(m.due, "due", f"must be {DATE} (got {cells[due_i]!r})") from None
    return {
        "id": None,
        "brief": None,
        "title": title,
        "text": text,
        "quote": quote,
        "actors": actors,
        "status": status,
        "due": due,
        "tags": tags,
        "fields": {name: cells[i] for name, i in kept if cells[i]},
    }


def _merge(into: Planned, record: dict, join: str) -> None:
    """Fold a duplicate row into the first: the union of actors, tags, fields."""
    base = into.record
    base["actors"] = list(dict.fromkeys(base["actors"] + record["actors"]))
    base["tags"] = list(dict.fromkeys(base["tags"] + record["tags"]))
    merged = base["fields"]
    for name, value in record["fields"].items():
        have = merged.get(name)
        if have is None:
            merged[name] = value
        elif value != have and value not in have.split(join):
            merged[name] = have + join + value
    into.merged += 1


def _unique_ids(result: Plan) -> None:
    """Rows that derive the same id (without --dedupe) get `-2`, `-3`…"""
    seen: dict[str, int] = {}
    for planned in result.records:
        rec_id = planned.record["id"]
        if rec_id is None:
            continue
        if rec_id in seen:
            n = seen[rec_id] + 1
            while f"{rec_id}-{n}" in seen:
                n += 1
            seen[rec_id] = n
            new = f"{rec_id}-{n}"
            seen[new] = 1
            result.renamed.append((rec_id, new))
            planned.record["id"] = new
        else:
            seen[rec_id] = 1


def _brief(m: Mapping, brief_id: str, values: dict, origin: str) -> dict:
    values = {**values, **m.briefs.get(brief_id, {})}
    where = f"brief {brief_id!r} (first used at {origin})"
    try:
        fields.rec_id(brief_id)
        brief = {
            "id": brief_id,
            "title": fields.title(values.get("title") or brief_id),
            "publisher": fields.limit((values.get("publisher") or "").strip(), fields.NAME_MAX, "publisher"),
            "published": dates.parse_date(values["published"], "published date") if values.get("published") else None,
            "url": fields.url(values["url"]) if values.get("url") else None,
        }
    except RecsError as exc:
        raise RecsError(f"mapping {m.path}: {where}: {exc}") from None
    return brief


# -- writing ------------------------------------------------------------------
@dataclass
class Outcome:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    briefs: int = 0
    ids: list[str] = field(default_factory=list)
    #: rows without an id whose recommendation the tracker has: (origin, the stored id)
    repeats: list[tuple[str, str]] = field(default_factory=list)


COMPARED = ("brief", "title", "text", "quote", "actors", "status", "due", "tags", "fields")


def apply(store, result: Plan, *, by: str, note: str) -> Outcome:  # noqa: C901
    """Write a plan into an open, locked store (`Store.change`).

    New ids get the next `R<n>`; a record whose id the mapping derives and the
    store already has is updated field by field, with history entries, and left
    alone when nothing changed. Briefs the store lacks are created from the
    mapping; a brief the mapping does not describe must already exist.
    """
    out = Outcome()
    for brief_id, brief in sorted(result.briefs.items()):
        if brief_id in store.brief_ids():
            continue
        missing = [k for k in ("publisher", "published") if not brief.get(k)]
        if missing:
            raise RecsError(
                f"brief {brief_id!r} is not in the tracker and the mapping {result.mapping} does not give its "
                f"{' and '.join(missing)}; add it with `recs brief add {brief_id} …` or describe it under "
                f"[brief] / [briefs.\"{brief_id}\"] in the mapping"
            )
        store.put_brief(brief)
        out.briefs += 1
    at = dates.now()
    names = Names.of(store.meta())  # an actor named by an alias is stored as its name
    for p in result.records if names.aliases else ():
        p.record["actors"] = fields.names(names.resolve_all(p.record["actors"]), "actor")
    existing = {}  # the stored records the rows name, read once each
    for p in result.records:
        if p.record["id"] is not None and p.record["id"] not in existing:
            if (found := store.peek(p.record["id"])) is not None:
                existing[p.record["id"]] = found
    fresh = [p for p in result.records if p.record["id"] is None or p.record["id"] not in existing]
    folded = store.folded_ids() if any(p.record["id"] is not None for p in fresh) else {}
    for p in fresh:
        if p.record["id"] is not None and store.was_removed(p.record["id"]):
            raise RecsError(
                f"{p.origin}: id {p.record['id']!r} belonged to a recommendation removed by `recs undo`; "
                "ids are never reused (`recs redo` brings back what the last `recs undo` removed)"
            )
        if p.record["id"] is not None:
            twin = folded.setdefault(p.record["id"].casefold(), p.record["id"])
            if twin != p.record["id"]:  # one id per spelling, as `recs add --id`
                which = "which exists," if store.exists(twin) or store.was_removed(twin) else "another row's id,"
                raise RecsError(f"{p.origin}: id {p.record['id']!r} differs from {twin!r}, {which} only in "
                                "case; choose another")
    if any(p.record["id"] is None for p in fresh):
        from recs.imports.importer import Twins

        twins = Twins(store)
        out.repeats = [(p.origin, rec_id) for p in fresh if p.record["id"] is None
                       if (rec_id := twins.of(p.record))]
    numbers = iter(store.next_ids(sum(1 for p in fresh if p.record["id"] is None)))
    for p in fresh:
        if p.record["id"] is not None:
            store.note_id(p.record["id"])
    changed = []
    for p in result.records:
        rec = p.record
        old = existing.get(rec["id"]) if rec["id"] is not None else None
        if old is None:
            rec_id = rec["id"] or next(numbers)
            merged = f" ({p.merged} rows merged)" if p.merged > 1 else ""
            changed.append({
                **rec,
                "id": rec_id,
                "evidence": [],
                "history": [history_entry(at, by, "created", None, rec_id, f"{note}: {p.origin}{merged}")],
                "created": at,
                "updated": at,
            })
            out.added += 1
            out.ids.append(rec_id)
            continue
        entries = field_entries(old, rec, COMPARED, at=at, by=by, note=f"{note}: {p.origin}")
        if not entries:
            out.unchanged += 1
            continue
        new = dict(old)
        for e in entries:
            new[e["field"]] = e["new"]
        new["history"] = old["history"] + entries
        new["updated"] = at
        changed.append(new)
        out.updated += 1
        out.ids.append(new["id"])
    store.put_many(changed)
    return out

