"""How the everyday commands show a recommendation: the list table, `show`
(rich on a terminal, plain text in a pipe), the history table, and one
history value as text. Used by `list`, `show`, `history`, `update` and
`evidence add` (`recs.cli.commands`). Domain modules are imported inside
the functions so `recs --help` and `--version` stay quick.
"""

from recs.cli import output
from recs.core.words import plural


def list_row(r: dict) -> tuple:
    """What the list table shows of a recommendation."""
    return r["id"], r["status"], r["title"], ", ".join(r["actors"]), r.get("due") or "", len(r.get("evidence") or ())


def render_list(rows: list[tuple]) -> None:
    from recs.core import statuses

    if not rows:
        output.message("No recommendations match.")
        return
    closed = sum(1 for row in rows if not statuses.is_open(row[1]))
    caption = f"{plural(len(rows), 'recommendation')}, {closed} closed"
    if not output.fancy():
        lines = [[rec_id, statuses.label(status), title, actors, due, str(ev)]
                 for rec_id, status, title, actors, due, ev in rows]
        output.write(output.plain_table(("ID", "Status", "Title", "Actors", "Due", "Ev."), lines, caption=caption))
        return
    t = output.table("ID", "Status", "Title", "Actors", "Due", "Ev.", caption=caption)
    for rec_id, status, title, actors, due, ev in rows:
        t.add_row(output.text(rec_id, "bold"), output.status(status), output.text(title),
                  output.text(actors), output.text(due), output.text(ev))
    output.show(t)


def show_sections(r: dict, brief: dict | None) -> list[tuple[str, tuple, list[list[str]]]]:
    """What `show` prints, as (title, columns, rows) tables, for either renderer."""
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
    sections.append(history_section(r))
    return sections


def actors_text(r: dict) -> str:
    """The actors, each with their own status where one was recorded (`update --for`)."""
    from recs.core import statuses

    own = r.get("actor_status") or {}
    return ", ".join(f"{a} ({statuses.label(own[a])})" if a in own else a for a in r["actors"])


def history_section(r: dict) -> tuple[str, tuple, list[list[str]]]:
    history = r.get("history") or []
    columns: tuple[str, ...] = ("When (UTC)", "By", "Field", "Old", "New", "Note")
    rows = [[h["at"], h["by"], h["field"], show_value(h["field"], h["old"]), show_value(h["field"], h["new"]),
             h.get("note") or ""] for h in history]
    if any(h.get("on") for h in history):  # changes dated in the world: when they took effect
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
    from rich.table import Table

    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold" if output.fancy() else "")
    head.add_column()
    brief_text = r.get("brief") or "(none)"
    if brief:
        brief_text = f"{brief['id']}: {brief['title']} ({brief['publisher']}, {brief['published']})"
    rows = [
        ("Status", output.status(r["status"])),
        ("Brief", output.text(brief_text)),
        ("Actors", output.text(actors_text(r))),
        ("Due", output.text(r.get("due") or "-")),
        ("Tags", output.text(", ".join(r.get("tags") or ()) or "-")),
        ("Owners", output.text(", ".join(r.get("owners") or ()) or "-")),
        ("Created", output.text(r["created"])),
        ("Updated", output.text(r["updated"])),
    ]
    for name, value in rows:
        head.add_row(name, value)
    parts = [output.text(f"{r['id']}  {r['title']}", "bold"), head]
    if r.get("text"):
        parts += [output.text(""), output.text("Text", "bold"), output.text(r["text"])]
    if r.get("quote"):
        parts += [output.text(""), output.text("Quote from the brief", "bold"), output.text(f"“{r['quote']}”", "italic")]
    if r.get("fields"):
        parts += [output.text(""), fields_table(r)]
    parts.append(output.text(""))
    parts.append(evidence_table(r))
    parts.append(output.text(""))
    parts.append(history_table(r))
    output.show(*parts)


def fields_table(r: dict):
    """Columns of an imported source kept as they were (`list --field`)."""
    t = output.table("Field", "Value", title=f"Source fields ({len(r['fields'])})")
    for name, value in r["fields"].items():
        t.add_row(output.text(name), output.text(value))
    return t


def evidence_table(r: dict):
    evidence = r.get("evidence") or []
    t = output.table("ID", "Date", "Summary", "Source / URL", "Added by",
                     title=f"Evidence ({len(evidence)})")
    for ev in evidence:
        cite = "\n".join(x for x in (ev.get("source"), ev.get("url")) if x)
        t.add_row(output.text(ev["id"]), output.text(ev["date"]), output.text(ev["summary"]),
                  output.text(cite), output.text(f"{ev['by']}, {ev['added'][:10]}"))
    return t


def history_table(r: dict):
    title, columns, rows = history_section(r)
    t = output.table(*columns, title=title)
    for row in rows:
        t.add_row(*(output.text(c) for c in row))
    return t


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


