"""The everyday commands: init, list, show, add, update, evidence, history, brief.

Each parses its options, calls the domain (`recs.tracker`, `recs.queries`,
`recs.store`) and renders through `recs.cli.output`. Domain modules are
imported inside the commands so `recs --help` and `--version` stay quick.
"""

import typer

from recs.cli import output, saving
from recs.cli.app import Settings, app

evidence_app = typer.Typer(help="Attach evidence to a recommendation.", no_args_is_help=True)
brief_app = typer.Typer(help="The briefs recommendations come from.", no_args_is_help=True)
app.add_typer(evidence_app, name="evidence")
app.add_typer(brief_app, name="brief")

LIST_FORMATS = ("table", "json", "ndjson", "csv")
SHOW_FORMATS = ("table", "json")
FORMAT_HELP = "Output format: {}."


def settings(ctx: typer.Context) -> Settings:
    return ctx.find_root().obj


# -- init ----------------------------------------------------------------
@app.command()
def init(
    ctx: typer.Context,
    folder: str = typer.Argument(None, metavar="[PATH]",
                                 help="The tracker folder to create (default: --db, RECS_DB, else the per-user one)."),
    empty: bool = typer.Option(False, "--empty", help="Create an empty tracker instead of the bundled brief."),
    organisation: str = typer.Option(None, "--organisation", metavar="NAME",
                                     help="Your organisation, named on reports (see `recs settings`)."),
) -> None:
    """Create a tracker folder (seeded with the bundled APRI brief unless --empty)."""
    from pathlib import Path

    from recs.store import Store, paths

    if folder is not None and not folder.strip():
        from recs.errors import RecsError

        raise RecsError("init needs a folder path; it was empty", exit_code=2)
    path = Path(folder).expanduser() if folder else paths.resolve(settings(ctx).db)[0]
    if organisation is not None:
        from recs import fields

        organisation = fields.limit(organisation.strip(), fields.NAME_MAX, "organisation")
    Store.create(path, None if empty else paths.seed())
    if organisation:
        with saving.change(path) as store:
            store.set_settings(organisation=organisation)
    saving.saved()
    kind = "empty tracker" if empty else "tracker with the bundled APRI brief"
    output.message(f"Created {kind} at {path}")


# -- list ----------------------------------------------------------------
@app.command("list")
def list_(
    ctx: typer.Context,
    status: list[str] = typer.Option([], "--status", "-s", metavar="STATUS",
                                      help="Only this status (repeatable; also 'open', 'closed')."),
    actor: str = typer.Option(None, "--actor", "-a", metavar="NAME", help="Only this actor (whole name, any case; if no actor has it, names with a word starting so)."),
    brief: str = typer.Option(None, "--brief", "-b", metavar="BRIEF", help="Only from this brief id."),
    tag: list[str] = typer.Option([], "--tag", "-t", metavar="TAG", help="Only with this tag (repeatable: all must match)."),
    overdue: bool = typer.Option(False, "--overdue", help="Only open ones past their due date."),
    search: str = typer.Option(None, "--search", "-q", metavar="TEXT", help="Only those whose text, actors, tags or evidence contain this."),
    field: list[str] = typer.Option([], "--field", metavar="NAME=VALUE",
                                    help="Only where an imported source field has this value (repeatable: all must match)."),
    as_of: str = typer.Option(None, "--as-of", metavar="DATE",
                              help="As the tracker stood at the end of DATE: statuses, evidence and fields then."),
    fmt: str = typer.Option("table", "--format", "-f", metavar="FORMAT", help=FORMAT_HELP.format(", ".join(LIST_FORMATS))),
) -> None:
    """List recommendations, filtered."""
    from recs import queries, statuses
    from recs.store import Store

    fmt = output.check_format(fmt, LIST_FORMATS, "list")
    day = None
    if as_of is not None:
        from recs import dates

        day = dates.parse_day(as_of, "--as-of date")
    flt = queries.Filter(statuses=statuses.expand_filter(status), actor=actor, brief=brief,
                         tags=tag, overdue=overdue, search=search,
                         fields=[queries.parse_field(f) for f in field], today=day or "")
    store = Store.open(settings(ctx).store_path())
    # each match is kept as what the format prints of it, not as the whole record,
    # so a list of 100,000 recommendations never holds them all
    if fmt == "csv":
        from recs import tabular

        keep = tabular.csv_item
    else:
        keep = {"json": output.json_item, "ndjson": output.ndjson_item}.get(fmt, list_row)  # type: ignore[assignment,arg-type]
    if day is None:
        scanned = store.scan(ordered=True, statuses=flt.statuses)
    else:  # statuses then may differ from today's: every record is looked at
        from recs import timeline

        scanned = (v for r in store.scan(ordered=True) if (v := timeline.as_of(r, day)) is not None)
    found = queries.select(scanned, flt, keep=keep)
    if fmt == "json":
        output.write_json_items(found)
    elif fmt == "ndjson":
        output.write_bytes(found)
    elif fmt == "csv":
        output.write_bytes(tabular.csv_pieces(found))
    else:
        render_list(found)


def list_row(r: dict) -> tuple:
    """What the list table shows of a recommendation."""
    return r["id"], r["status"], r["title"], ", ".join(r["actors"]), r.get("due") or "", len(r.get("evidence") or ())


def render_list(rows: list[tuple]) -> None:
    from recs import statuses

    if not rows:
        output.message("No recommendations match.")
        return
    closed = sum(1 for row in rows if not statuses.is_open(row[1]))
    caption = f"{len(rows)} recommendation{'s' if len(rows) != 1 else ''}, {closed} closed"
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


# -- show ----------------------------------------------------------------
@app.command()
def show(
    ctx: typer.Context,
    rec_id: str = typer.Argument(..., metavar="ID", help="Recommendation id, e.g. R1."),
    fmt: str = typer.Option("table", "--format", "-f", metavar="FORMAT", help=FORMAT_HELP.format(", ".join(SHOW_FORMATS))),
) -> None:
    """One recommendation with its evidence and history."""
    from recs.store import Store

    fmt = output.check_format(fmt, SHOW_FORMATS, "show")
    store = Store.open(settings(ctx).store_path())
    record = store.get(rec_id)
    if fmt == "json":
        output.write_json(record)
        return
    from recs.errors import NotFound

    try:
        brief = store.brief(record["brief"]) if record.get("brief") else None
    except NotFound:
        brief = None
    render_show(record, brief)


def show_sections(r: dict, brief: dict | None) -> list[tuple[str, tuple, list[list[str]]]]:
    """What `show` prints, as (title, columns, rows) tables, for either renderer."""
    from recs import statuses

    brief_text = r.get("brief") or "(none)"
    if brief:
        brief_text = f"{brief['id']}: {brief['title']} ({brief['publisher']}, {brief['published']})"
    head = [["Status", statuses.label(r["status"])], ["Brief", brief_text], ["Actors", actors_text(r)],
            ["Due", r.get("due") or "-"], ["Tags", ", ".join(r.get("tags") or ()) or "-"],
            ["Created", r["created"]], ["Updated", r["updated"]]]
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
    from recs import statuses

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
    from recs import statuses

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


# -- add -----------------------------------------------------------------
@app.command()
def add(
    ctx: typer.Context,
    title: str = typer.Argument(..., metavar="TITLE", help="One-line title."),
    actor: list[str] = typer.Option([], "--actor", "-a", metavar="NAME", help="Responsible actor (repeatable; the first is the lead)."),
    brief: str = typer.Option(None, "--brief", "-b", metavar="BRIEF", help="Brief id (default: the store's only brief)."),
    text: str = typer.Option("", "--text", metavar="TEXT", help="The recommendation in full."),
    quote: str = typer.Option("", "--quote", metavar="TEXT", help="The brief's own words, verbatim."),
    due: str = typer.Option(None, "--due", metavar="DATE", help="Target date: YYYY-MM-DD or YYYY-MM."),
    tag: list[str] = typer.Option([], "--tag", "-t", metavar="TAG", help="Theme tag (repeatable)."),
    rec_id: str = typer.Option(None, "--id", metavar="ID", help="A custom id (default: the next R<n>)."),
    note: str = typer.Option(None, "--note", metavar="TEXT", help="Why it was added, for the history."),
    on: str = typer.Option(None, "--on", metavar="DATE",
                           help="The day it exists from (default: its brief's publication date, else today)."),
) -> None:
    """Add a recommendation; prints its id."""
    from recs import tracker

    s = settings(ctx)
    with saving.change(s.store_path()) as store:
        record = tracker.add_recommendation(store, title=title, actors=actor, by=s.user, brief=brief,
                                            text=text, quote=quote, due=due, tags=tag, rec_id=rec_id, note=note,
                                            on=on)
    output.write(record["id"] + "\n")


# -- update --------------------------------------------------------------
@app.command()
def update(
    ctx: typer.Context,
    rec_id: str = typer.Argument(..., metavar="ID", help="Recommendation id, e.g. R1."),
    status: str = typer.Option(None, "--status", "-s", metavar="STATUS", help="not_started, in_progress, partial, implemented, not_implemented."),
    actor: list[str] = typer.Option(None, "--actor", "-a", metavar="NAME", help="Replace the actors (repeatable; the first is the lead)."),
    due: str = typer.Option(None, "--due", metavar="DATE", help="Target date (YYYY-MM-DD or YYYY-MM); 'none' clears it."),
    title: str = typer.Option(None, "--title", metavar="TEXT"),
    text: str = typer.Option(None, "--text", metavar="TEXT"),
    quote: str = typer.Option(None, "--quote", metavar="TEXT"),
    tag: list[str] = typer.Option(None, "--tag", "-t", metavar="TAG", help="Replace the tags (repeatable)."),
    brief: str = typer.Option(None, "--brief", metavar="BRIEF"),
    note: str = typer.Option(None, "--note", "-m", metavar="TEXT", help="Why, for the history."),
    on: str = typer.Option(None, "--on", metavar="DATE",
                           help="The day the status change took effect in the world (default: today)."),
    for_actor: str = typer.Option(None, "--for", metavar="ACTOR",
                                  help="With --status: record this actor's own status (one of the actors; "
                                       "'--status none' clears it); the recommendation's status stays as it is."),
) -> None:
    """Change fields of a recommendation; every change is recorded in its history.

    With no options, on a terminal, asks for the new status and a note.
    """
    from recs import tracker
    from recs.errors import RecsError
    from recs.store import Store

    changes = {"status": status, "actors": actor or None, "due": due, "title": title, "text": text,
               "quote": quote, "tags": tag or None, "brief": brief}
    s = settings(ctx)
    if on is not None and status is None:
        raise RecsError("--on goes with --status: it is the day the status change took effect", exit_code=2)
    if for_actor is not None:
        if status is None or any(v is not None for k, v in changes.items() if k != "status"):
            raise RecsError("--for ACTOR sets that actor's --status (and only that); change other fields "
                            "in an update of their own", exit_code=2)
        with saving.change(s.store_path()) as store:
            entry = tracker.set_actor_status(store, rec_id, for_actor, status, by=s.user, note=note, on=on)
        if entry is None:
            output.message(f"{rec_id}: nothing changed (the status given is the current one)")
            return
        old, new = entry["old"] or {}, entry["new"]
        name = next(a for a in set(old) | set(new) if old.get(a) != new.get(a))
        output.message(f"{rec_id}: {name}'s status {show_value('status', old.get(name)) or '(the recommendation’s)'}"
                       f" → {show_value('status', new.get(name)) or '(the recommendation’s)'}")
        return
    if all(v is None for v in changes.values()) and note is None:
        if not output.interactive():
            raise RecsError("nothing to update: give --status, --actor, --due, --title, --text, "
                            "--quote, --tag, --brief or --note", exit_code=2)
        from recs.cli import prompts

        record = Store.open(s.store_path()).get(rec_id)
        Store.check_writable(s.store_path())  # before the person answers anything
        changes["status"], note = prompts.status_and_note(record)
        if changes["status"] is None and note is None:
            output.message(f"{rec_id}: nothing changed")
            return
    with saving.change(s.store_path()) as store:
        entries = tracker.update_recommendation(store, rec_id, changes, by=s.user, note=note, on=on)
    if not entries:
        output.message(f"{rec_id}: nothing changed (the values given are the current ones)")
    for e in entries:
        if e["field"] == "note":
            output.message(f"{rec_id}: note added")
        else:
            output.message(f"{rec_id}: {e['field']} {show_value(e['field'], e['old']) or '(none)'} → "
                           f"{show_value(e['field'], e['new']) or '(none)'}")


# -- evidence ------------------------------------------------------------
@evidence_app.command("add")
def evidence_add(
    ctx: typer.Context,
    rec_id: str = typer.Argument(..., metavar="ID", help="Recommendation id, e.g. R1."),
    summary: str = typer.Option(..., "--summary", metavar="TEXT", help="What happened, in a sentence."),
    url: str = typer.Option(None, "--url", metavar="URL", help="Link to the source."),
    source: str = typer.Option(None, "--source", metavar="TEXT", help="Citation, e.g. 'Council of the EU, press release'."),
    date: str = typer.Option(None, "--date", metavar="DATE", help="When it happened (YYYY-MM-DD or YYYY-MM; default today)."),
    status: str = typer.Option(None, "--status", "-s", metavar="STATUS",
                               help="Also change the status to this, with effect from the evidence's date."),
    on: str = typer.Option(None, "--on", metavar="DATE", help="With --status: the day it took effect, if not the evidence's date."),
    note: str = typer.Option(None, "--note", "-m", metavar="TEXT", help="With --status: why, for the history."),
) -> None:
    """Attach evidence to a recommendation; prints the evidence id.

    With --status, the status changes in the same step, with effect from the
    evidence's date (or --on)."""
    from recs import tracker
    from recs.errors import RecsError

    if status is None and (on is not None or note is not None):
        raise RecsError("--on and --note go with --status (the status change the evidence supports)", exit_code=2)
    s = settings(ctx)
    with saving.change(s.store_path()) as store:
        before = store.get(rec_id)["status"]
        entry = tracker.add_evidence(store, rec_id, summary=summary, by=s.user, url=url, source=source, date=date,
                                     status=status, on=on, note=note)
        after = store.get(rec_id)["status"]
    output.write(f"{rec_id} {entry['id']}\n")
    if after != before:
        output.message(f"{rec_id}: status {show_value('status', before)} → {show_value('status', after)}")


# -- history -------------------------------------------------------------
@app.command()
def history(
    ctx: typer.Context,
    rec_id: str = typer.Argument(..., metavar="ID", help="Recommendation id, e.g. R1."),
    fmt: str = typer.Option("table", "--format", "-f", metavar="FORMAT", help=FORMAT_HELP.format(", ".join(LIST_FORMATS))),
) -> None:
    """The audit trail of one recommendation, oldest first."""
    from recs.store import Store

    fmt = output.check_format(fmt, LIST_FORMATS, "history")
    record = Store.open(settings(ctx).store_path()).get(rec_id, removed=True)
    entries = record.get("history") or []
    if fmt == "json":
        output.write_json(entries)
    elif fmt == "ndjson":
        output.write_ndjson(entries)
    elif fmt == "csv":
        import csv
        import io

        from recs.tabular import neutralise

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(["at", "by", "field", "old", "new", "note"])
        for h in entries:
            writer.writerow([neutralise(show_value("", h.get(k))) for k in ("at", "by", "field", "old", "new", "note")])
        output.write(buffer.getvalue())
    elif not output.fancy():
        title, columns, rows = history_section(record)
        output.write(output.inert(f"{record['id']}  {record['title']}") + "\n" + output.plain_table(columns, rows, title=title))
    else:
        output.show(output.text(f"{record['id']}  {record['title']}", "bold"), history_table(record))


# -- brief ---------------------------------------------------------------
@brief_app.command("add")
def brief_add(
    ctx: typer.Context,
    brief_id: str = typer.Argument(..., metavar="ID", help="A short slug, e.g. apri-2023-09-20."),
    title: str = typer.Option(..., "--title", metavar="TEXT"),
    publisher: str = typer.Option(..., "--publisher", metavar="NAME"),
    published: str = typer.Option(..., "--published", metavar="DATE", help="Publication date, YYYY-MM-DD."),
    url: str = typer.Option(None, "--url", metavar="URL"),
) -> None:
    """Register a brief."""
    from recs import tracker

    with saving.change(settings(ctx).store_path()) as store:
        brief = tracker.add_brief(store, brief_id=brief_id, title=title, publisher=publisher,
                                  published=published, url=url)
    output.write(brief["id"] + "\n")


@brief_app.command("list")
def brief_list(
    ctx: typer.Context,
    fmt: str = typer.Option("table", "--format", "-f", metavar="FORMAT", help=FORMAT_HELP.format("table, json")),
) -> None:
    """List the briefs."""
    from recs.store import Store

    fmt = output.check_format(fmt, ("table", "json"), "brief list")
    store = Store.open(settings(ctx).store_path())
    briefs = store.briefs()
    if fmt == "json":
        output.write_json(briefs)
        return
    counts: dict[str, int] = {}
    for r in store.scan():
        counts[r.get("brief") or ""] = counts.get(r.get("brief") or "", 0) + 1
    t = output.table("ID", "Title", "Publisher", "Published", "Recs")
    for b in briefs:
        t.add_row(output.text(b["id"], "bold"), output.text(b["title"]), output.text(b["publisher"]),
                  output.text(b["published"]), output.text(counts.get(b["id"], 0)))
    output.show(t)
