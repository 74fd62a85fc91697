"""How recs says a count in English: `1 change`, `2 changes`."""


def plural(n: int, word: str, *, grouped: bool = False) -> str:
    """`n` and `word`, with an `s` unless `n` is 1; `grouped`: `42,013 rows`."""
    number = f"{n:,}" if grouped else str(n)
    return f"{number} {word}{'' if n == 1 else 's'}"
