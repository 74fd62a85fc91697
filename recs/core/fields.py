"""Checks on values users type: titles, actors, tags, URLs, lengths.

Plain functions (no pydantic) so the everyday commands stay quick; the
pydantic models in `recs.core.models` call the same checks at import time.
"""

import re
from urllib.parse import urlsplit

from recs.core.errors import RecsError

TITLE_MAX = 300
TEXT_MAX = 100_000
NAME_MAX = 200
#: How deep a value may nest (lists in lists, objects in objects): what recs
#: writes nests 2 deep; JSON tools and recs's own writer stop at a few hundred.
DEPTH_MAX = 32
#: The largest id counter or change id (2**63 - 1, a signed 64-bit integer):
#: the next one above it is still one the store's JSON writer can write.
NUMBER_MAX = 2**63 - 1


def title(value: str) -> str:
    """A one-line, non-empty title."""
    text = value.strip()
    if not text:
        raise RecsError("title must not be empty")
    if "\n" in text or "\r" in text:
        raise RecsError("title must be one line (put the full wording in --text)")
    return limit(text, TITLE_MAX, "title")


def limit(value: str, most: int, what: str) -> str:
    """Refuse text longer than `most` characters, or that is not valid Unicode."""
    if len(value) > most:
        raise RecsError(f"{what} is too long ({len(value):,} characters; at most {most:,})")
    return utf8(value, what)


def utf8(value: str, what: str) -> str:
    """Refuse text that is not valid Unicode: bytes that were not UTF-8 on the
    command line, which Python keeps as lone surrogates (`\\udcff`)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise RecsError(f"{what} is not valid UTF-8 text (check your terminal's encoding)") from None
    return value


def name_key(name: str) -> str:
    """What two spellings of one name share: `European  Union ` and `european union`
    are one actor (case and spacing aside). Names are compared by it everywhere
    (filters, counts, reports) and stored as typed."""
    return " ".join(name.split()).casefold()


def names(values: list[str], what: str) -> list[str]:
    """Actor, owner or tag names: stripped, non-empty, one line, unique regardless
    of case and spacing (`UN` and `un` are one name: the first spelling is kept,
    `name_key`), order kept. The rule for names typed, imported or stored alike
    (`recs.core.models`)."""
    seen: dict[str, str] = {}
    for value in values:
        if not isinstance(value, str):
            raise RecsError(f"{what} {value!r} is not text")
        name = value.strip()
        if not name:
            raise RecsError(f"{what} must not be empty")
        if "\n" in name or "\r" in name:
            raise RecsError(f"{what} {name!r} must be one line")
        limit(name, NAME_MAX, what)
        seen.setdefault(name_key(name), name)
    return list(seen.values())


def depth(value, what: str = "value") -> object:
    """Refuse a value nested deeper than `DEPTH_MAX` (lists and objects)."""
    level = [value]
    for _ in range(DEPTH_MAX + 1):
        level = [v for item in level if isinstance(item, (list, dict))
                 for v in (item.values() if isinstance(item, dict) else item)]
        if not level:
            return value
    raise RecsError(f"{what} is nested too deep (more than {DEPTH_MAX} levels of lists or objects)")


#: Control characters (C0, DEL, C1) and the bidi overrides/isolates: never
#: part of a URL (RFC 3986/3987), and a terminal or a browser would act on them.
#: (A pattern's text: compiled by `re` when a URL is first checked, not by every command.)
_URL_FORBIDDEN = r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"


def url(value: str) -> str:
    """An absolute http(s) URL, without whitespace or control characters."""
    text = value.strip()
    parts = urlsplit(text)
    if (parts.scheme.lower() not in ("http", "https") or not parts.netloc or len(text.split()) != 1
            or re.search(_URL_FORBIDDEN, text)):
        raise RecsError(f"invalid URL {value!r}; give an absolute http:// or https:// address")
    return limit(text, 2000, "URL")


def rec_id(value: str) -> str:
    """A custom recommendation id: short, typable, no spaces."""
    text = value.strip()
    if not text or len(text) > 64 or not text.isascii() or not all(c.isalnum() or c in "-_." for c in text) \
            or not text[0].isalnum():
        raise RecsError(
            f"invalid id {value!r}; use ASCII letters, digits, '-', '_' or '.', starting "
            "with a letter or digit, at most 64 characters"
        )
    return text
