"""History values in words, on one line, for `recs log` and the undo and redo
previews: statuses as their labels (as `recs history` shows them), lists
joined, newlines and control characters as escapes (`\\n`, `\\x1b`: the rule
of `recs.core.escapes`), long values cut where they differ, and notes cut
without leaving a bracket open.
"""

from recs.core import statuses
from recs.core.escapes import show_hidden

#: The evidence fields an edit can change, in the order they are described.
EVIDENCE_FIELDS = ("summary", "url", "source", "date")


def one_line(text: str) -> str:
    """`text` on one line: newlines as `\\n`, tabs and control characters as escapes."""
    return show_hidden(text.replace("\r\n", "\n").replace("\n", "\\n"), tabs=False)


def shown(kind, value) -> str:
    """A field's value as people read it: `(none)`, a status's label, a list joined."""
    if value is None or value == "" or value == []:
        return "(none)"
    if kind == "status" and isinstance(value, str):
        return statuses.label(value)
    if isinstance(value, list):
        return one_line(", ".join(str(v) for v in value))
    if isinstance(value, dict):
        if kind == "actor_status":
            return one_line(", ".join(f"{a}: {statuses.label(s) if isinstance(s, str) else s}"
                                      for a, s in value.items()))
        return one_line(", ".join(f"{k}: {v}" for k, v in value.items()))
    return one_line(str(value))


def around(a: str, b: str, most: int = 60) -> tuple[str, str]:
    """Two long values cut to the part where they differ: a window of `most`
    characters around the first difference, marked `…` where cut."""
    if len(a) <= most and len(b) <= most:
        return a, b
    first = 0
    while first < min(len(a), len(b)) and a[first] == b[first]:
        first += 1
    start = max(0, first - most // 3)

    def cut(text: str) -> str:
        return ("…" if start else "") + text[start:start + most] + ("…" if start + most < len(text) else "")

    return cut(a), cut(b)


def clip(text, most: int = 60) -> str:
    """A note on one line, at most about `most` characters: cut before a bracket
    the cut would leave open (a `command` cut is closed again), so that it reads
    well inside brackets of its own."""
    line = one_line("" if text is None else str(text))
    if len(line) <= most:
        return line
    line = line[: most - 1]
    opened: list[int] = []  # where the brackets still open at the cut start (those in `code` aside)
    code = None  # where the `code` open at the cut starts
    for i, ch in enumerate(line):
        if ch == "`":
            code = i if code is None else None
        elif code is None and ch in "([{":
            opened.append(i)
        elif code is None and ch in ")]}" and opened:
            opened.pop()
    if opened:
        return line[: opened[0]].rstrip(" ,;:") + "…"
    return line.rstrip(" ,;:") + ("…`" if code is not None else "…")


def evidence_change(before, after) -> str:
    """What an evidence edit changed: `summary: old → new; url: (none) → https://…`
    (empty when either side is not a whole entry)."""
    if not isinstance(before, dict) or not isinstance(after, dict):
        return ""
    parts = []
    for name in EVIDENCE_FIELDS:
        if before.get(name) != after.get(name):
            old, new = around(shown(name, before.get(name)), shown(name, after.get(name)))
            parts.append(f"{name}: {old} → {new}")
    return "; ".join(parts)
