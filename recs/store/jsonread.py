"""Reading JSON without paying for orjson's start-up on a short command.

orjson parses fastest, but importing it costs ~10 ms (it imports dataclasses,
inspect, uuid and platform), more than `recs show` spends parsing. So `loads`
parses with the standard library's `json` (which tinydb has loaded anyway)
until orjson is imported: by a command that writes, or by `prefer_orjson()`
before a pass over thousands of files, where its speed pays for its start-up.

Both ways give the same answer for every input, orjson's. The json way never
guesses where the two parsers differ: text with NaN or Infinity, a number
beyond orjson's range (64 bits; a float that overflows), a `\\uD800`-style
escape (a lone surrogate orjson refuses), bytes that are not strict UTF-8 (or
begin with a byte-order mark), nesting too deep for json's recursion, any
error at all: such text goes to orjson, whose value or error is the answer.
`tests/store/test_jsonread.py` checks the two agree.
"""

from __future__ import annotations

import json
import re
import sys

TYPE_CHECKING = False  # (typing is for the type checker: its import is ~5 ms of a report)
if TYPE_CHECKING:
    from typing import Any

#: A `\u` escape of a surrogate (D800–DFFF): a pair is one character to both parsers,
#: a lone one only json takes, so any such text is orjson's to read.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_INT_MIN, _INT_END = -(2**63), 2**64  # orjson's integers; beyond them it reads a float
_INFINITY = float("inf")
#: A pass over more files than this parses them with orjson (json: ~9 µs a record
#: file, orjson ~5 µs after ~10 ms of start-up).
MANY = 2000


class _Orjson(Exception):
    """This text is orjson's to read."""


def _constant(_: str) -> Any:
    raise _Orjson  # NaN, Infinity, -Infinity


def _float(text: str) -> float:
    value = float(text)
    if abs(value) == _INFINITY:  # overflowed (`1e400`): orjson refuses it
        raise _Orjson
    return value


def _int(text: str) -> int:
    if len(text) > 19:  # may be past 64 bits (and past int()'s digit limit)
        raise _Orjson
    value = int(text)
    if not _INT_MIN <= value < _INT_END:
        raise _Orjson
    return value


_DECODER = json.JSONDecoder(parse_float=_float, parse_int=_int, parse_constant=_constant)


def loads(raw: bytes) -> Any:
    """The value of the JSON text `raw`, exactly as `orjson.loads` reads it;
    `ValueError` (orjson's `JSONDecodeError`, with its message) if it is not JSON."""
    module = sys.modules.get("orjson")
    return module.loads(raw) if module is not None else standard_loads(raw)


def standard_loads(raw: bytes) -> Any:
    """`loads` by the standard library's json where it reads `raw` as orjson does
    (all but the kinds of text above), else by orjson."""
    if not (b"\\u" in raw and _SURROGATE_ESCAPE.search(raw)):
        try:
            return _DECODER.decode(raw.decode())
        except (_Orjson, ValueError, RecursionError):
            pass
    return orjson().loads(raw)


def canonical(data: Any, raw: bytes) -> bool:
    """Whether `raw` is `data` as recs writes it (`files.dumps`: sorted keys, indent
    2, a final newline), and so gives no key twice; the standard library's `json`
    writes it alike, but for some floats (False then: only a longer check follows)."""
    try:
        text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False)
        return text.encode() + b"\n" == raw
    except (TypeError, ValueError, RecursionError):  # (a lone surrogate: not UTF-8; nesting deeper than json goes)
        return False


#: The most lists and objects inside one another orjson writes (it refuses one more).
WRITABLE_DEPTH = 254


def too_deep(data: Any) -> bool:
    """Whether `data` nests more lists and objects than orjson writes (without recursion: it may be deep)."""
    stack = [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict | list):
            if level > WRITABLE_DEPTH:
                return True
            stack.extend((item, level + 1) for item in (value.values() if isinstance(value, dict) else value))
    return False


def prefer_orjson(count: int) -> None:
    """Before a pass over `count` files: parse with orjson from now on if there are `MANY`."""
    if count > MANY:
        orjson()


def orjson() -> Any:
    """The orjson module, imported with Ctrl-C held until it has started: an
    interrupt during its start-up crashes the process (ijl/orjson#310). Every
    part of recs gets orjson here."""
    module = sys.modules.get("orjson")
    if module is not None:
        return module
    import signal

    held = hasattr(signal, "pthread_sigmask")  # (not on Windows)
    if held:
        before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        import orjson as module
    finally:
        if held:
            signal.pthread_sigmask(signal.SIG_SETMASK, before)
    return module
