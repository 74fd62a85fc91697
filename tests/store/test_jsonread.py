"""A command that only reads parses with the standard library's json
(`recs.store.jsonread`); one that writes, or reads thousands of files, with
orjson. Both must give the same answer for every input: the same value, or
an error with the same message (the one recs shows). Here the json way is set
against orjson itself on generated JSON (hostile text, lone surrogates, NaN,
numbers past 64 bits, deep nesting), on that text damaged byte by byte, and on
arbitrary bytes."""

import json
import math

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recs.store import jsonread

#: Any character, lone surrogates included (JSON escapes can spell them) and often drawn.
CHARS = st.one_of(st.characters(codec=None, exclude_categories=()),
                  st.sampled_from(["\ud800", "\udbff", "\udc00", "\udfff", "\U0001f600", "\x00", "\u2028"]))
NUMBERS = st.one_of(st.integers(min_value=-(2**70), max_value=2**70), st.floats(allow_nan=True, allow_infinity=True),
                    st.sampled_from([2**63 - 1, -(2**63), -(2**63) - 1, 2**64 - 1, 2**64, 10**19, -(10**18)]))
VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), NUMBERS, st.text(CHARS, max_size=12)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(CHARS, max_size=6), inner, max_size=4)),
    max_leaves=20)


def written(value, ascii_only: bool, indent: int | None) -> bytes:
    """`value` as JSON text the way some other tool might write it (NaN and surrogates allowed)."""
    return json.dumps(value, ensure_ascii=ascii_only, indent=indent, allow_nan=True).encode("utf-8", "surrogatepass")


def typed(value) -> list:
    """`value` as a flat list of tokens, every number's type and exact spelling kept
    (1 is not 1.0, nor -0.0 0.0); without recursion, for 1,023 levels of nesting."""
    tokens: list = []
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, list):
            tokens.append(("list", len(v)))
            stack.extend(reversed(v))
        elif isinstance(v, dict):
            tokens.append(("dict", list(v)))
            stack.extend(reversed(list(v.values())))
        else:
            tokens.append((type(v).__name__, repr(v)))
    return tokens


def answer(parse, raw: bytes):
    try:
        return "value", typed(parse(raw))
    except ValueError as exc:
        return "error", str(exc)


def agree(raw: bytes) -> None:
    assert answer(jsonread.standard_loads, raw) == answer(orjson.loads, raw), raw[:200]


@settings(max_examples=200, deadline=None)
@given(VALUES, st.booleans(), st.sampled_from([None, 2]))
def test_the_json_way_reads_any_json_text_as_orjson_does(value, ascii_only, indent):
    agree(written(value, ascii_only, indent))


@settings(max_examples=200, deadline=None)
@given(VALUES, st.data())
def test_damaged_text_gets_orjsons_answer(value, data):
    raw = bytearray(written(value, data.draw(st.booleans()), 2))
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(raw)))
        how = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        byte = data.draw(st.integers(0, 255))
        if how == "insert":
            raw[at:at] = bytes([byte])
        elif at < len(raw):
            raw[at:at + 1] = b"" if how == "delete" else bytes([byte])
    agree(bytes(raw))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=64))
def test_arbitrary_bytes_get_orjsons_answer(raw):
    agree(raw)


@pytest.mark.parametrize("raw", [
    b'{"a": NaN}', b"Infinity", b"-Infinity", b"1e400", b"-1e400", b"1e-400", b"18446744073709551615",
    b"18446744073709551616", b"-9223372036854775808", b"-9223372036854775809", b"1" * 5000, b'"\\ud800"',
    b'"\\uDC00x"', b'"\\ud83d\\ude00"', b'"\\\\ud800"', b'"\xed\xa0\x80"', b'"\xff"', b"\xef\xbb\xbf{}",
    b'{"a": 1, "a": 2}', b"[" * 1023 + b"]" * 1023, b"[" * 1025 + b"]" * 1025, b'"\x01"', b"", b" ", b"{}\x00",
    b"01", b"1.", b"-0", b"-0.0", b"[1,]", b'"\\u0000"', b"\xff\xfe{\x00}\x00", b"\x00{\x00}",
], ids=repr)
def test_where_the_two_parsers_differ_orjson_answers(raw):
    agree(raw)


def test_ordinary_records_are_read_without_orjson(tmp_path):
    """The point of it: the json way reads what recs writes (it hands nothing to orjson)."""
    import subprocess
    import sys

    record = {"id": "R1", "title": "Publish \u201cthe\u201d plan — été 😀", "n": 3, "ratio": 0.25, "ok": True,
              "tags": [], "none": None, "nested": {"deep": [1, -2, 3.5e-7]}}
    path = tmp_path / "R1.json"
    path.write_bytes(orjson.dumps(record, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n")
    code = ("import sys, json; from recs.store import jsonread\n"
            f"value = jsonread.loads(open({str(path)!r}, 'rb').read())\n"
            "print(json.dumps([value, 'orjson' in sys.modules]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    value, imported = json.loads(done.stdout)
    assert value == record and math.isclose(value["nested"]["deep"][2], 3.5e-7)
    assert imported is False


def test_canonical_text_is_told_from_any_other(tmp_path):
    """`canonical` (a write's check for a key given twice is skipped for canonical text)
    says yes exactly for the bytes recs writes."""
    from recs.store import files

    data = {"b": [1, {"c": "é\u2028"}], "a": None, "d": {}, "e": []}
    assert jsonread.canonical(data, files.dumps(data))
    assert not jsonread.canonical(data, files.dumps(data).rstrip(b"\n"))
    assert not jsonread.canonical(data, orjson.dumps(data))
    assert not jsonread.canonical({"a": 1}, b'{\n  "a": 1,\n  "a": 1\n}\n')
