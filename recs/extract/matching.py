"""Is a candidate already tracked? The same quote, or nearly the same (other
quotation marks or dashes, spacing, a word or two changed, or cut short)."""

import re
from collections.abc import Iterable
from difflib import SequenceMatcher

_PUNCT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
_NOT_WORD = re.compile(r"[^\w]+")
NEARLY = 0.9


def normal(text: str) -> str:
    """A quote reduced to its words, for comparison."""
    return _NOT_WORD.sub(" ", (text or "").translate(_PUNCT).casefold()).strip()


def tracked(quotes: list[str], records: Iterable[dict]) -> list[str | None]:
    """For each quote, the id of a record whose quote is the same or nearly
    the same (None if there is none)."""
    wanted = [normal(q) for q in quotes]
    found: list[str | None] = [None] * len(quotes)
    for record in records:
        theirs = normal(record.get("quote") or "")
        if len(theirs) < 12:
            continue
        for index, ours in enumerate(wanted):
            if found[index] is None and ours and same(ours, theirs):
                found[index] = record["id"]
    return found


def same(ours: str, theirs: str) -> bool:
    """Two normalised quotes that say the same."""
    if ours == theirs:
        return True
    short, long_ = sorted((ours, theirs), key=len)
    if len(short) < 0.6 * len(long_):
        return False
    if short in long_ and len(short) >= 0.8 * len(long_):
        return True
    matcher = SequenceMatcher(None, ours, theirs, autojunk=False)
    return matcher.real_quick_ratio() >= NEARLY and matcher.quick_ratio() >= NEARLY and matcher.ratio() >= NEARLY
