"""Tables of a store file, read one record at a time.

The store file is written canonically (orjson, sorted keys, two-space
indent; `recs.storage.dumps`). In such a file every record of a table is one
run of bytes: from the `{` after its key line (`    "R1": {`) to the line
`    }` that closes it. No JSON string holds a raw line break, so every line
break is layout, and inside a table only a record's key line and closing
brace start with exactly four spaces.

`load()` finds those runs with one regular-expression pass (no parsing) and
gives each table as a `LazyTable`, which parses a record the first time it
is asked for and checks its shape then. Writing (`table_parts`) copies the
bytes of records nobody parsed and serialises the others, so the file comes
out exactly as `dumps` of the whole store would write it. A `show` or an
`update` on 100,000 records parses one record, and `list` or `report` parse
one at a time without keeping them.

A file in another layout (hand-edited, another tool's output) is not indexed
and is parsed whole. Should a record's bytes not parse or not have the shape
of a record, the table falls back to parsing the whole file, so what it
returns is always what a whole parse returns, and a broken file is reported
as such.
"""

import re
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from typing import Any

import orjson

OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
#: A record's key line in a table (line break, four spaces, a JSON string,
#: ": "), or the line that closes the table (line break, two spaces, "}").
_LINE = re.compile(rb'\n  (?:  ("(?:[^"\\\n]|\\.)*"): |})')

Check = Callable[[str, Any], None]


class Fallback(Exception):
    """A record's bytes are not a record: read the whole file instead."""


def _key(quoted: bytes) -> str:
    if b"\\" in quoted:
        return orjson.loads(quoted)
    return quoted[1:-1].decode()


def index(raw: bytes, name: str, pos: int = 0) -> tuple[int, int, "Places"] | None:
    """Where table `name` and its records are in a canonical store file
    (looking from `pos` on).

    Returns (start, end, places): the table's value is `raw[start:end]`;
    None if the file is not laid out so. Whether each record's bytes really
    are a record is checked when it is parsed (`LazyTable`).
    """
    marker = b"\n  " + orjson.dumps(name) + b": {"
    at = raw.find(marker, pos)
    if at < 0:
        return None
    start = at + len(marker) - 1
    if raw.startswith(b"{}", start):
        return start, start + 2, Places([], [], [], start)
    if not raw.startswith(b'{\n    "', start):
        return None
    found, close = [], -1
    for match in _LINE.finditer(raw, start):
        if match.group(1) is None:
            close = match.start()
            break
        found.append(match)
    if close < 0:
        return None
    keys = [_key(m.group(1)) for m in found]
    return start, close + 4, Places(keys, [m.start() for m in found], [m.end() for m in found], close)


class Places:
    """Where the records of one table are: the n-th record (in file order) has
    its key line at `lines[n]` and its value from `values[n]` to the next
    key line's comma (the last: to `close`)."""

    __slots__ = ("keys", "lines", "values", "close")

    def __init__(self, keys: list[str], lines: list[int], values: list[int], close: int):
        self.keys, self.lines, self.values, self.close = keys, lines, values, close

    def value(self, n: int) -> tuple[int, int]:
        """Start and end of the n-th record's value."""
        end = self.lines[n + 1] - 1 if n + 1 < len(self.lines) else self.close
        return self.values[n], end

    def run(self, first: int, last: int) -> tuple[int, int]:
        """Start and end of the bytes of records first..last, key lines and commas included."""
        return self.lines[first], self.value(last)[1]

    def separators_ok(self, raw) -> bool:
        """Whether a comma, and only a comma, stands between consecutive records."""
        return all(raw[line - 1] == 0x2C for line in self.lines[1:])


def load(raw: bytes, checks: dict[str, Check], full: Callable[[], dict]) -> dict | None:
    """The store's contents with the tables named in `checks` as LazyTables.

    `checks[name](key, doc)` raises if `doc` is not a valid record of that
    table; `full()` parses the whole file (the fallback). None if the file
    is not laid out canonically.
    """
    found, pos = [], 0
    for name in sorted(checks):  # the order of the tables in the file
        spot = index(raw, name, pos)
        if spot is None:
            return None
        found.append((name, spot))
        pos = spot[1]
    pieces, pos = [], 0
    for _, (start, end, _places) in found:
        pieces += [raw[pos:start], b"{}"]
        pos = end
    pieces.append(raw[pos:])
    try:
        head = orjson.loads(b"".join(pieces))
    except orjson.JSONDecodeError:
        return None
    if not isinstance(head, dict):
        return None
    view = memoryview(raw)
    for name, (_, _, places) in found:
        if head.get(name) != {}:
            return None
        head[name] = LazyTable(view, places, checks[name], lambda name=name: full()[name])
    return head


class LazyTable(MutableMapping):
    """A table whose records are parsed (and checked) when first used.

    Behaves as the dict a whole parse gives: same keys, same order, same
    records. A record handed out is kept, since callers may change it in
    place (TinyDB does); `each()` reads records without keeping them.
    """

    def __init__(self, raw: memoryview, places: Places, check: Check, full: Callable[[], Any]):
        self._raw = raw
        self._places = places
        #: a record's place in the file (an int) until it is parsed, then the record
        self._entries: dict[str, int | dict] = dict(zip(places.keys, range(len(places.keys))))
        self._check = check
        self._full = full
        self._deleted: set[str] = set()

    # -- the mapping -----------------------------------------------------
    def __getitem__(self, key: str) -> dict:
        entry = self._entries[key]
        if type(entry) is int:
            entry = self._parse(key, entry)
            if entry is None:  # not a key after all (see `_parse`)
                raise KeyError(key)
            self._entries[key] = entry
        return entry

    def __setitem__(self, key: str, doc: dict) -> None:
        self._entries[key] = doc
        self._deleted.discard(key)

    def __delitem__(self, key: str) -> None:
        del self._entries[key]
        self._deleted.add(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    # -- reading without keeping ------------------------------------------
    def each(self, order: Callable[[Iterable[str]], list[str]] | None = None) -> Iterator[dict]:
        """Every record (in the order `order(keys)` gives; else in file order),
        parsing those not parsed yet without keeping them."""
        entries = self._entries
        done = []
        for key in entries if order is None else order(entries):
            if self._entries is not entries:  # fell back to a whole parse: go on from it
                break
            entry = entries[key]
            doc = self._parse(key, entry) if type(entry) is int else entry
            if doc is not None:
                yield doc
                done.append(key)
        else:
            if self._entries is entries:
                return
        seen = set(done)
        for key in self._entries if order is None else order(self._entries):
            if key not in seen:
                yield self[key]

    def check_all(self) -> None:
        """Parse and check every record not parsed yet, keeping none, and the
        commas between them (what `parts` copies as it is)."""
        if not self._places.separators_ok(self._raw):
            self._fall_back()
        for _ in self.each():
            pass

    # -- writing ---------------------------------------------------------
    def parts(self) -> list:
        """The table's value as canonical JSON, in pieces: the bytes of
        unparsed records (consecutive ones as one piece) and the others
        serialised."""
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
            out += [b"\n    " + orjson.dumps(key) + b": "
                    + orjson.dumps(entry, option=OPTIONS).replace(b"\n", b"\n    "), b","]
        if run is not None:
            out.append(self._run(run))
        else:
            out.pop()  # the last comma
        out.append(b"\n  }")
        return out

    def _run(self, run: list[int]) -> memoryview:
        start, end = self._places.run(run[0], run[1])
        return self._raw[start:end]

    # -- parsing ---------------------------------------------------------
    def _parse(self, key: str, n: int) -> dict | None:
        """The n-th record, parsed and checked; if its bytes are not a record,
        falls back to the whole file's parse, where the key may not even be
        one (None then)."""
        start, end = self._places.value(n)
        try:
            doc = orjson.loads(self._raw[start:end])
            self._check(key, doc)
            return doc
        except Exception:  # not a record after all: read the file whole
            pass
        self._fall_back()
        return self._entries.get(key)

    def _fall_back(self) -> None:
        """Replace every unparsed record by the whole file's parse (raises if it is broken)."""
        full = self._full()
        merged: dict[str, int | dict] = {}
        for key, doc in full.items():
            if key in self._deleted:
                continue
            mine = self._entries.get(key)
            merged[key] = mine if isinstance(mine, dict) else doc
        for key, mine in self._entries.items():
            if isinstance(mine, dict):
                merged.setdefault(key, mine)
        for key, doc in merged.items():
            self._check(key, doc)
        self._entries = merged
