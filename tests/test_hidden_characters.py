"""`show_hidden` gives printable text back as it is, without its pattern: that is
exact only because every character it escapes is one Python calls unprintable."""

import re

from recs.core import escapes


def hidden_characters() -> list[str]:
    pattern = re.compile(f"[{escapes.HIDDEN}]")
    return [chr(c) for c in range(0x110000) if pattern.match(chr(c))]


def test_every_hidden_character_is_unprintable():
    hidden = hidden_characters()
    assert len(hidden) > 60 and "\u202e" in hidden and "\x1b" in hidden
    assert [c for c in hidden if c.isprintable()] == []


def test_each_is_shown_as_an_escape_and_tabs_as_asked():
    for c in hidden_characters():
        code = ord(c)
        assert escapes.show_hidden(f"a{c}b") == (f"a\\x{code:02x}b" if code < 0x100 else f"a\\u{code:04x}b")
    assert escapes.show_hidden("a\tb") == "a\tb" and escapes.show_hidden("a\tb", tabs=False) == "a\\x09b"
    assert escapes.show_hidden("a\nb") == "a\nb"
    assert escapes.show_hidden("Café — 日本 ✓") == "Café — 日本 ✓"
