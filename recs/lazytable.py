"""Tables of a store file, read one record at a time.

The store file is written canonically (orjson, sorted keys, two-space
indent; `recs.storage.dumps`). In such a file every record of a table is one
run of bytes: from the `{` after its key line (`    "R1": {`) to the line
`    }` that closes it. No JSON string holds a raw line break, so every line
break is layout, and inside a table only a record's key line and closing
brace start with exactly four spaces.

`load()` finds the tables without parsing them and gives each as a
`LazyTable`, which parses a record the first time it is asked for, and checks
its shape then. A record asked for by id is found by searching for its key
line; the index of all records (one regular-expression pass) is built only
when a command goes through the keys. Writing (`parts`) copies the bytes of
the records nobody parsed and serialises the others, so the file comes out
exactly as `dumps` of the whole store would write it. A `show` or an
`update` on 100,000 records parses one record, and `list` or `report` parse
one at a time without keeping them.

A record is a JSON object whose "id" is its key. A file in another layout
(hand-edited, another tool's output) is parsed whole. Should a record's
bytes not parse, or not be an object with its own id, the table falls back
to the whole file's parse, so what it returns is always what a whole parse
returns, and a broken file is reported as such.
"""

import re
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from typing import Any

import orjson

OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
#: A JSON string as recs writes it: no raw control character (a parser refuses
#: those; the escapes in it are checked when it is decoded, `_key`).
_STRING = rb'"(?:[^"\\\x00-\x1f]|\\.)*"'
#: A record's key line in a table: line break, four spaces, a JSON string, ": ".
_KEY_LINE = re.compile(rb'\n    (' + _STRING + rb'): ')
_RECORD_END = b"\n    }"
#: `check(key, record, deep)` raises if the record is not one the commands can
#: work on; `deep` also looks inside its lists (a scan over every record skips that).
Check = Callable[[str, dict, bool], None]
#: A table smaller than this is parsed in one go when a command reads every record.
WHOLE_BELOW = 16 << 20


def _marker(name: str) -> bytes:
    return b"\n  " + orjson.dumps(name) + b": {"


def _key(quoted: bytes) -> str:
    """The string a JSON string's bytes stand for; ValueError if a parser would
    refuse them (a bad escape, bytes that are not UTF-8)."""
    if b"\\" in quoted:
        return orjson.loads(quoted)  # orjson.JSONDecodeError is a ValueError
    return quoted[1:-1].decode()


def _bytes_at(raw: bytes, start: int, end: int, expected: bytes) -> bool:
    """Whether raw[start:end] is `expected` (without copying it)."""
    return end - start == len(expected) and raw.startswith(expected, start)


def serialise_value(doc: dict) -> bytes:
    """A record's value as it stands in a canonical store file."""
    return orjson.dumps(doc, option=OPTIONS).replace(b"\n", b"\n    ")


def load(raw: bytes, checks: dict[str, Check], full: Callable[[], dict]) -> dict | None:
    """The store's contents with the tables named in `checks` as LazyTables.

    They must be the last tables of the file. `checks[name]` checks a record
    of that table (see `Check`); `full()` parses the whole file (the
    fallback). None if the file is not laid out canonically.
    """
    names = sorted(checks)
    if not raw.endswith(b"\n}\n"):
        return None
    # the first of these tables is found from the front (what comes before it
    # is small), the others from the back (they are small)
    ats = [raw.find(_marker(names[0]))]
    ats += [raw.rfind(_marker(name), ats[0]) for name in names[1:]]
    if min(ats) < 0 or ats != sorted(ats):
        return None
    bodies = []  # (name, start, close): the table's value is raw[start:close + 4]
    for i, (name, at) in enumerate(zip(names, ats)):
        start = at + len(_marker(name)) - 1
        end = ats[i + 1] - 1 if i + 1 < len(ats) else len(raw) - 3  # before the comma, or the last "\n}"
        if raw.startswith(b"{}", start) and start + 2 == end:
            close = start - 2  # so that raw[start:close + 4] is "{}"
        elif raw.startswith(b'{\n    "', start) and raw.startswith(b"\n  }", end - 4):
            close = end - 4
        else:
            return None
        if i + 1 < len(ats) and raw[end] != 0x2C:
            return None
        bodies.append((name, start, close))
    pieces, pos = [], 0
    for _, start, close in bodies:
        pieces += [raw[pos:start], b"{}"]
        pos = close + 4
    pieces.append(raw[pos:])
    try:
        head = orjson.loads(b"".join(pieces))
    except orjson.JSONDecodeError:
        return None
    if not isinstance(head, dict) or list(head)[-len(names):] != names:
        return None
    for name, start, close in bodies:
        if head[name] != {}:
            return None
        head[name] = LazyTable(raw, start, close, checks[name], lambda name=name: full()[name])
    return head


class LazyTable(MutableMapping):
    """A table whose records are parsed (and checked) when first used.

    Behaves as the dict a whole parse gives: same keys, same order, same
    records. A record handed out is kept, since callers may change it in
    place (TinyDB does); `each()` reads records without keeping them.
    """

    def __init__(self, raw: bytes, start: int, close: int, check: Check, full: Callable[[], Any]):
        self._raw = raw
        self._view = memoryview(raw)
        self._start, self._close = start, close
        self._check = check
        self._full = full
        #: records parsed before the index was built: key -> (key line, value start, value end, record)
        self._found: dict[str, tuple[int, int, int, dict]] = {}
        #: once indexed: a record's place in the file (int) until it is parsed, then the
        #: record; or the bytes of a record given serialised (`put_serialised`)
        self._entries: dict[str, int | dict | bytes] | None = None
        self._lines: list[int] = []
        self._values: list[int] = []
        self._deleted: set[str] = set()
        self._repeated: list[str] = []

    # -- the mapping -----------------------------------------------------
    def __getitem__(self, key: str) -> dict:
        if self._entries is None and (doc := self._unindexed(key)) is not None:
            return doc
        entry = self._index()[key]
        if type(entry) is dict:
            return entry
        doc = self._doc(key, entry)
        if doc is None:  # not a key after all (see `_parse`)
            raise KeyError(key)
        self._entries[key] = doc
        return doc

    def put_serialised(self, key: str, value: bytes) -> None:
        """Set a record given as `serialise_value` of it (checked already): kept
        as bytes, and parsed only if asked for."""
        self._index()[key] = value
        self._deleted.discard(key)

    def peek(self, key: str) -> dict | None:
        """The record `key` (None if there is none), read without keeping it."""
        if self._entries is None and (doc := self._unindexed(key)) is not None:
            return doc
        entry = self._index().get(key)
        return None if entry is None else self._doc(key, entry)

    def __setitem__(self, key: str, doc: dict) -> None:
        if self._entries is None and key in self._found:
            self._found[key] = (*self._found[key][:3], doc)
            return
        self._index()[key] = doc
        self._deleted.discard(key)

    def __delitem__(self, key: str) -> None:
        del self._index()[key]
        self._deleted.add(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._index())

    def __len__(self) -> int:
        return len(self._index())

    def __contains__(self, key: object) -> bool:
        return (self._entries is None and key in self._found) or key in self._index()

    # -- reading without keeping ------------------------------------------
    def each(self, order: Callable[[Iterable[str]], list[str]] | None = None, *,
             deep: bool = False, where: tuple[str, set[str]] | None = None) -> Iterator[dict]:
        """Every record (in the order `order(keys)` gives; else in file order),
        parsing those not parsed yet without keeping them; `deep`: check them
        through (see `Check`). `where=(field, values)`: only the records whose
        top-level `field` is one of `values`; the others are skipped unparsed
        when their bytes tell (`_string_values`)."""
        if where is None and not deep and self._entries is None and self._close - self._start < WHOLE_BELOW:
            whole = self._whole()
            if whole is not None:
                for key in whole if order is None else order(whole):
                    yield self._found[key][3] if key in self._found else whole[key]
                return
        entries = self._index()
        keys: Iterable[str] = entries
        if where is not None:
            field, wanted = where
            told = self._string_values(field)
            if told is not None:
                keys = [k for k, e in entries.items() if type(e) is not int or told[e] is None or told[e] in wanted]
        done = []
        for key in keys if order is None else order(keys):
            if self._entries is not entries:  # fell back to a whole parse: go on from it
                break
            doc = self._doc(key, entries[key], deep)
            if doc is not None and (where is None or doc.get(where[0]) in where[1]):
                yield doc
            done.append(key)
        else:
            if self._entries is entries:
                return
        seen = set(done)
        for key in self._entries if order is None else order(self._entries):
            doc = self[key] if key not in seen else None
            if doc is not None and (where is None or doc.get(where[0]) in where[1]):
                yield doc

    def _string_values(self, field: str) -> list[str | None] | None:
        """Each record's top-level `field`, read from the bytes without parsing
        (in file order; None where it is not a plain string); None if the bytes
        do not tell: not exactly one line of it at a record's own depth in each
        record, as in every file recs writes."""
        line = re.compile(rb'\n      ' + re.escape(orjson.dumps(field)) + rb': (' + _STRING + rb'[,\n])?')
        found = list(line.finditer(self._raw, self._start, self._close))
        lines = self._lines
        if len(found) != len(lines):
            return None
        values: list[str | None] = []
        for n, match in enumerate(found):
            if not lines[n] < match.start() < (lines[n + 1] if n + 1 < len(lines) else self._close):
                return None
            quoted = match.group(1)
            try:
                values.append(None if quoted is None else _key(quoted[:-1]))
            except ValueError:  # not JSON: the record's parse will say so
                values.append(None)
        return values

    def parsed(self) -> list[str]:
        """The ids of the records parsed and kept so far."""
        if self._entries is None:
            return list(self._found)
        return [key for key, entry in self._entries.items() if type(entry) is dict]

    def repeated(self) -> list[str]:
        """Keys the file gives more than once (a whole parse keeps the last)."""
        self._index()
        return self._repeated

    def check_all(self) -> bool:
        """Parse and check every record not parsed yet, and the commas between
        them (what `parts` copies as it is). A record whose bytes are not what
        `serialise_value` makes of it (another tool's escapes or layout, a
        hand edit) is kept parsed, so that a write lays it out canonically;
        the others are not kept. True if every record's bytes were canonical."""
        entries = self._index()
        if not all(self._raw[line - 1] == 0x2C for line in self._lines[1:]):
            self._fall_back()
        canonical = True
        for key, entry in list(entries.items()):
            if self._entries is not entries:
                return False  # fell back to the whole file's parse, which checked every record
            if type(entry) is not int:
                continue  # parsed and checked already, or given serialised by recs
            start, end = self._value(entry)
            doc = self._parse_at(key, start, end)
            if doc is not None and self._entries is entries and not (
                    _bytes_at(self._raw, start, end, serialise_value(doc))
                    and _bytes_at(self._raw, self._lines[entry] + 5, start - 2, orjson.dumps(key))):
                entries[key] = doc
                canonical = False
        return canonical and self._entries is entries

    # -- writing ---------------------------------------------------------
    def parts(self) -> list:
        """The table's value as canonical JSON, in pieces: the bytes of
        unparsed records (consecutive ones as one piece) and the others
        serialised."""
        if self._entries is None:  # only records found by id, none added or removed
            out, pos = [], self._start
            for key, (line, _, end, doc) in sorted(self._found.items(), key=lambda item: item[1][0]):
                out += [self._view[pos:line], b"\n    " + orjson.dumps(key) + b": ", serialise_value(doc)]
                pos = end
            return out + [self._view[pos:self._close + 4]]
        if not self._entries:
            return [b"{}"]
        out: list = [b"{"]
        run: list[int] | None = None  # [first, last] place of unparsed records in a row
        for key in sorted(self._entries):
            entry = self._entries[key]
            if type(entry) is int:
                if run is not None and entry == run[1] + 1:
                    run[1] = entry
                    continue
                if run is not None:
                    out += [self._run(run), b","]
                run = [entry, entry]
                continue
            if run is not None:
                out += [self._run(run), b","]
                run = None
            value = entry if type(entry) is bytes else serialise_value(entry)
            out += [b"\n    " + orjson.dumps(key) + b": ", value, b","]  # the value not copied
        if run is not None:
            out.append(self._run(run))
        else:
            out.pop()  # the last comma
        out.append(b"\n  }")
        return out

    def _run(self, run: list[int]) -> memoryview:
        return self._view[self._lines[run[0]]:self._value(run[1])[1]]

    # -- finding and parsing ----------------------------------------------
    def _unindexed(self, key: str) -> dict | None:
        """The record `key` found without the index (kept); None: the index decides."""
        if key in self._found:
            return self._found[key][3]
        return self._find(key)

    def _doc(self, key: str, entry: int | dict | bytes, deep: bool = True) -> dict | None:
        """The record an entry stands for: parsed from its place or its bytes, or itself."""
        if type(entry) is dict:
            return entry
        if type(entry) is bytes:
            return orjson.loads(entry)
        return self._parse(key, entry, deep)

    def _find(self, key: str) -> dict | None:
        """The record `key`, found by its key line without the index (None if
        not found so: the index decides)."""
        needle = b"\n    " + orjson.dumps(key) + b": {"
        line = self._raw.rfind(needle, self._start, self._close)  # the last, as a whole parse keeps
        if line < 0:
            return None
        start = line + len(needle) - 1
        end = self._raw.find(_RECORD_END, start, self._close)
        if end < 0:
            return None
        end += len(_RECORD_END)
        doc = self._parse_at(key, start, end)
        if doc is not None and self._entries is None:
            self._found[key] = (line, start, end, doc)
        return doc

    def _whole(self) -> dict | None:
        """The table's records parsed in one go (None if they are not all records)."""
        try:
            whole = orjson.loads(self._view[self._start:self._close + 4])
        except orjson.JSONDecodeError:
            return None
        for key, doc in whole.items():
            if type(doc) is not dict or doc.get("id") != key:
                return None
            self._check(key, doc, False)
        return whole

    def _index(self) -> dict[str, int | dict]:
        """Every record's place (one pass over the table's bytes), built once."""
        if self._entries is not None:
            return self._entries
        if self._close < self._start:  # "{}"
            self._entries = {}
            return self._entries
        found = list(_KEY_LINE.finditer(self._raw, self._start, self._close))
        self._lines = [m.start() for m in found]
        self._values = [m.end() for m in found]
        try:
            keys = [_key(m.group(1)) for m in found]
        except ValueError:  # a key line no parser reads: the whole file's parse says what is wrong
            self._fall_back()
            return self._entries
        entries: dict[str, int | dict] = dict(zip(keys, range(len(found))))  # the last of a repeated key
        self._repeated = sorted({key for key, n in zip(keys, range(len(found))) if entries[key] != n})
        earlier, self._entries = self._found, entries
        for key, (_, start, _, doc) in earlier.items():
            if entries.get(key) is None or self._values[entries[key]] != start:
                self._fall_back()  # the index and the search disagree: not our layout
                break
            entries[key] = doc
        self._found = {}
        return self._entries

    def _value(self, n: int) -> tuple[int, int]:
        """Start and end of the n-th record's value (it ends at the next key line's comma)."""
        end = self._lines[n + 1] - 1 if n + 1 < len(self._lines) else self._close
        return self._values[n], end

    def _parse(self, key: str, n: int, deep: bool = True) -> dict | None:
        return self._parse_at(key, *self._value(n), deep)

    def _parse_at(self, key: str, start: int, end: int, deep: bool = True) -> dict | None:
        """The record at raw[start:end], parsed and checked. If those bytes are
        not a record, falls back to the whole file's parse, where the key may
        not even be one (None then)."""
        try:
            doc = orjson.loads(self._view[start:end])
        except orjson.JSONDecodeError:
            doc = None
        if type(doc) is dict and doc.get("id") == key:
            self._check(key, doc, deep)  # a record, broken or not: a whole parse would give the same
            return doc
        self._fall_back()
        return self._entries.get(key)

    def _fall_back(self) -> None:
        """Replace every unparsed record by the whole file's parse (raises if it is broken)."""
        full = self._full()
        mine = {key: found[3] for key, found in self._found.items()}
        mine.update((key, doc) for key, doc in (self._entries or {}).items() if type(doc) is not int)
        merged: dict[str, int | dict] = {key: mine.get(key, doc) for key, doc in full.items()
                                         if key not in self._deleted}
        for key, doc in mine.items():
            merged.setdefault(key, doc)
        for key, doc in merged.items():
            if type(doc) is not bytes:  # bytes: a record recs checked and serialised (`put_serialised`)
                self._check(key, doc, True)  # raises for anything but a record, e.g. `"R5": 5`
        self._entries, self._found = merged, {}
        self._repeated = []  # the index was wrong; a whole parse does not tell
