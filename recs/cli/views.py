"""How the everyday commands show a recommendation: the list table, `show`
(`recs.cli.table` on a terminal, plain text in a pipe), the history table,
and one history value as text. Used by `list`, `show`, `history`, `update` and
`evidence add` (`recs.cli.commands`). Domain modules are imported inside
the functions so `recs --help` and `--version` stay quick.
"""

import sys
from collections.abc import Callable
from itertools import chain

from recs.cli import output
from recs.core.words import plural


#: The list table's columns, by the name `--columns` takes: header, what of a
#: record it shows, and whether it shares the room left (cut with … when narrow).
LIST_COLUMNS = {
    "id": ("ID", lambda r: r["id"], False),
    "status": ("Status", lambda r: r["status"], False),
    "title": ("Title", lambda r: r["title"], True),
    "actors": ("Actors", lambda r: ", ".join(r["actors"]), True),
    "due": ("Due", lambda r: r.get("due") or "", False),
    "evidence": ("Ev.", lambda r: len(r.get("evidence") or ()), False),
    "tags": ("Tags", lambda r: ", ".join(r.get("tags") or ()), True),
    "brief": ("Brief", lambda r: r.get("brief") or "", False),
    "updated": ("Updated", lambda r: r.get("updated") or "", False),
    "created": ("Created", lambda r: r.get("created") or "", False),
}
DEFAULT_COLUMNS = ("id", "status", "title", "actors", "due", "evidence")


def parse_columns(text: str | None) -> tuple[str, ...]:
    """`--columns id,title,due`: the names, checked; UsageError listing the valid ones."""
    from recs.core.errors import UsageError

    if text is None:
        return DEFAULT_COLUMNS
    names = tuple(dict.fromkeys(n.strip().lower() for n in text.split(",") if n.strip()))  # `id,id`: once
    unknown = [n for n in names if n not in LIST_COLUMNS]
    if unknown or not names:
        what = f"unknown column {unknown[0]!r}" if unknown else "no column named"
        raise UsageError(f"{what} for --columns; choose from: {', '.join(LIST_COLUMNS)}")
    return names


def list_row(r: dict, columns: tuple[str, ...] = DEFAULT_COLUMNS) -> tuple:
    """What the list table shows of a recommendation: its status, then its cells."""
    return (r["status"], *(LIST_COLUMNS[name][1](r) for name in columns))


def render_list(rows, columns: tuple[str, ...] = DEFAULT_COLUMNS, more: int | Callable[[], int] = 0,
                widest: dict[str, int] | None = None, filtered: bool = True) -> None:
    """The list table from `list_row`s (a list, or a stream on a terminal);
    `more`: how many matches `--limit` left out, when it is known only after the
    rows (a function then); `widest`: the widest cell of a column, when known
    before the rows are read (ids, brief ids), so rows past the first screen fit;
    `filtered`: whether a filter was given (an empty list says why it is empty)."""
    from recs.core import statuses

    counted = {"rows": 0, "closed": 0}

    def counting(rows):
        for row in rows:
            counted["rows"] += 1
            counted["closed"] += not statuses.is_open(row[0])
            yield row

    def caption() -> str:
        return f"{plural(counted['rows'], 'recommendation', grouped=True)}, {counted['closed']:,} closed"

    def left_out() -> int:
        return more() if callable(more) else more

    status_at = columns.index("status") + 1 if "status" in columns else 0
    headers = [LIST_COLUMNS[name][0] for name in columns]
    if not output.fancy():
        rows = list(counting(rows))
        if rows:
            lines = [[statuses.label(c) if i == status_at else c for i, c in enumerate(row) if i] for row in rows]
            output.write(output.plain_table(headers, [[str(c) for c in line] for line in lines], caption=caption()))
        list_end(counted["rows"], left_out(), on_terminal=False, filtered=filtered)
        return
    from recs.cli import table

    # (a status's width comes from the labels shown: one past the first screen goes on two lines)
    widest = {"due": len("2025-02-28"), "updated": len("2025-02-28T12:00:00Z"), "created": len("2025-02-28T12:00:00Z"), **(widest or {})}
    cols = [table.Column(LIST_COLUMNS[name][0], style="bold" if name == "id" else "", flex=LIST_COLUMNS[name][2],
                         least=0 if LIST_COLUMNS[name][2] else widest.get(name, 0)) for name in columns]

    def cells(row):
        return [(statuses.label(c), output.STATUS_STYLES.get(c, "")) if i == status_at else c
                for i, c in enumerate(row) if i]

    t = table.Table(cols)
    stream = counting(rows)
    first = next(stream, None)
    if first is None:
        list_end(0, left_out(), on_terminal=True, filtered=filtered)
        return
    t.print(map(cells, chain([first], stream)), caption=caption)
    list_end(counted["rows"], left_out(), on_terminal=True)


def list_end(shown: int, more: int, on_terminal: bool, filtered: bool = True) -> None:
    """After a list: "No recommendations match." (or, with no filter, that there
    are none yet), or what `--limit` left out (a last line on a terminal, in the
    pager when there is one; on stderr when piped, so the data stays clean)."""
    if not shown and not more:
        output.message("No recommendations match." if filtered else
                       "No recommendations yet: `recs add` adds one, `recs import` a file of them.")
    elif more:
        note = f"{more:,} more; use --limit N or --all to see them"
        if on_terminal:
            sys.stdout.write(note + "\n")
            sys.stdout.flush()
        else:
            output.message(note)


def show_sections(r: dict, brief: dict | None, terminal: int = 0) -> list[tuple[str, tuple, list[list[str]]]]:
    """What `show` prints, as (title, columns, rows) tables, for either renderer
    (`terminal`: its width, when the tables are for one)."""
    from recs.core import statuses

    brief_text = r.get("brief") or "(none)"
    if brief:
        brief_text = f"{brief['id']}: {brief['title']} ({brief['publisher']}, {brief['published']})"
    head = [["Status", statuses.label(r["status"])], ["Brief", brief_text], ["Actors", actors_text(r)],
            ["Due", r.get("due") or "-"], ["Tags", ", ".join(r.get("tags") or ()) or "-"],
            ["Owners", ", ".join(r.get("owners") or ()) or "-"], ["Created", r["created"]], ["Updated", r["updated"]]]
    sections: list[tuple[str, tuple, list[list[str]]]] = [("", (), head)]
    fields_ = r.get("fields") or {}
    if fields_:
        sections.append((f"Source fields ({len(fields_)})", ("Field", "Value"), [[k, v] for k, v in fields_.items()]))
    evidence = r.get("evidence") or []
    sections.append((f"Evidence ({len(evidence)})", ("ID", "Date", "Summary", "Source / URL", "Added by"), [
        [ev["id"], ev["date"], ev["summary"], "\n".join(x for x in (ev.get("source"), ev.get("url")) if x),
         f"{ev['by']}, {ev['added'][:10]}"] for ev in evidence]))
    sections.append(history_section(r, terminal))
    return sections


def actors_text(r: dict) -> str:
    """The actors, each with their own status where one was recorded (`update --for`)."""
    from recs.core import statuses

    own = r.get("actor_status") or {}
    return ", ".join(f"{a} ({statuses.label(own[a])})" if a in own else a for a in r["actors"])


#: Narrower than this, the history's "Took effect" goes under "When" (one column less).
NARROW_HISTORY = 110


def history_section(r: dict, terminal: int = 0) -> tuple[str, tuple, list[list[str]]]:
    """The history as (title, columns, rows); for a terminal (`terminal`: its
    width) times to the minute (`2026-12-01 16:03`), and on a narrow one the
    day a change took effect under its time."""
    history = r.get("history") or []
    columns: tuple[str, ...] = ("When (UTC)", "By", "Field", "Old", "New", "Note")
    rows = [[h["at"][:16].replace("T", " ") if terminal else h["at"], h["by"], h["field"],
             *history_values(h), h.get("note") or ""]
            for h in history]
    if any(h.get("on") for h in history):  # changes dated in the world: when they took effect
        if terminal and terminal < NARROW_HISTORY:
            columns = ("When (UTC)\nTook effect", *columns[1:])
            rows = [[row[0] + ("\n" + h["on"] if h.get("on") else ""), *row[1:]] for row, h in zip(rows, history)]
        else:
            columns = ("When (UTC)", "Took effect", *columns[1:])
            rows = [[row[0], h.get("on") or "", *row[1:]] for row, h in zip(rows, history)]
    return f"History ({len(history)})", columns, rows


def render_show_plain(r: dict, brief: dict | None) -> None:
    """`show` for a pipe or a file: the same content, no rich."""
    sections = show_sections(r, brief)
    parts = [output.inert(f"{r['id']}  {r['title']}") + "\n", output.plain_table(("", ""), sections[0][2], header=False)]
    if r.get("text"):
        parts.append("\nText\n" + output.inert(r["text"]) + "\n")
    if r.get("quote"):
        parts.append("\nQuote from the brief\n" + output.inert(f"“{r['quote']}”") + "\n")
    for title, columns, rows in sections[1:]:
        parts.append("\n" + output.plain_table(columns, rows, title=title))
    output.write("".join(parts))


def render_show(r: dict, brief: dict | None) -> None:
    if not output.fancy():
        render_show_plain(r, brief)
        return
    from recs.cli import table

    paint, width = table.painter(), table.terminal_width()
    sections = show_sections(r, brief, width)
    paragraph(f"{r['id']}  {r['title']}", "bold", paint, width)
    head = [[(name, "bold"), (value, output.STATUS_STYLES.get(r["status"], "")) if name == "Status" else value]
            for name, value in sections[0][2]]
    table.Table([table.Column(""), table.Column("", flex=True, wrap=True)], header=False, gap="  ").print(head)
    if r.get("text"):
        paragraph("\nText", "bold", paint, width)
        paragraph(r["text"], "", paint, width)
    if r.get("quote"):
        paragraph("\nQuote from the brief", "bold", paint, width)
        paragraph(f"“{r['quote']}”", "italic", paint, width)
    for title, columns, rows in sections[1:]:
        sys.stdout.write("\n")
        print_section(title, columns, rows, width)


def paragraph(text: str, style: str, paint, width: int) -> None:
    """Text wrapped at the terminal's width between words, each line in `style`."""
    from recs.cli import table

    lines = [piece for part in output.inert(text).split("\n") for piece in table.wrap(part, width)]
    sys.stdout.write("".join(paint(line, style) + "\n" for line in lines))


#: The columns of `show`'s tables that share the room left, wrapped (the others stay whole).
WIDE = {"Value", "Summary", "Source / URL", "Added by", "By", "Old", "New", "Note"}


def print_section(title: str, columns: tuple, rows: list[list[str]], width: int) -> None:
    """One of `show`'s tables (evidence, history, source fields) on a terminal;
    columns two spaces apart when it is narrow (the text columns need the room)."""
    from recs.cli import table

    cols = [table.Column(c, flex=c in WIDE, wrap=c in WIDE, under=c == "Note") for c in columns]
    gap = "  " if width < NARROW_HISTORY and len(cols) > 4 else table.GAP
    table.Table(cols, title=title, width=width, gap=gap).print(rows)


def print_history(record: dict) -> None:
    """`history` on a terminal: the record's id and title, then its history table."""
    from recs.cli import table

    width = table.terminal_width()
    paragraph(f"{record['id']}  {record['title']}", "bold", table.painter(), width)
    print_section(*history_section(record, width), width)
    sys.stdout.flush()


def history_values(h: dict, labels: bool = True, sep: str = "\n") -> tuple[str, str]:
    """A history entry's old and new values as text; for an evidence edit (an
    entry on both sides) the fields that differ: `E1 url: (none)` → `E1 url: https://…`;
    `labels`: statuses as their labels (not in csv, which keeps the keys); `sep`
    between the fields."""
    old, new = h.get("old"), h.get("new")
    if h.get("field") == "evidence" and isinstance(old, dict) and isinstance(new, dict):
        from recs.tracker.wording import EVIDENCE_FIELDS, shown

        eid = new.get("id", old.get("id", ""))
        names = [n for n in EVIDENCE_FIELDS if old.get(n) != new.get(n)]
        if names:
            return (sep.join(f"{eid} {n}: {shown(n, old.get(n))}" for n in names),
                    sep.join(f"{eid} {n}: {shown(n, new.get(n))}" for n in names))
    field = h.get("field", "") if labels else ""
    return show_value(field, old), show_value(field, new)


def show_value(field: str, value) -> str:
    from recs.core import statuses

    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict) and "id" in value:  # an evidence entry kept by `recs undo`
        return f"{value['id']}: {value.get('summary', '')}"
    if isinstance(value, dict) and field == "actor_status":  # each actor's own status
        return ", ".join(f"{a}: {statuses.label(s)}" for a, s in value.items())
    if field == "status":
        return statuses.label(value)
    return str(value)


