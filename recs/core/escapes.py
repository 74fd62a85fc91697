"""The one rule for characters that would make text on screen differ from
what is stored: every view (terminal, plain text, Markdown, HTML) shows them
as escapes (`\\x1b`, `\\u200b`) instead of passing them on.

They are the C0 and C1 control characters and DEL (a terminal acts on
them), the zero-width and directional marks (U+200B–U+200F, U+061C), the
bidi embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069),
which make text read differently from what it holds ("Trojan Source"), and
U+FEFF (a zero-width no-break space). Newlines, and tabs where the view
keeps them, are left as they are.
"""

import functools
import re

#: The characters `show_hidden` escapes (but the tab), as a regex class body.
HIDDEN = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff"


def show_hidden(text: str, tabs: bool = True) -> str:
    """`text` with those characters as visible escapes: `\\xNN` below U+0100,
    `\\uNNNN` above. `tabs=False`: tabs too (a one-line Markdown cell)."""
    if text.isprintable():  # (none of them is: most text is given back at once)
        return text
    return _hidden(tabs).sub(_escape, text)


@functools.cache
def _hidden(tabs: bool) -> re.Pattern:
    """The pattern of what `show_hidden` escapes, compiled when first needed (~0.5 ms)."""
    return re.compile(f"[{HIDDEN}]" if tabs else f"[\\t{HIDDEN}]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
