"""Reporting and bulk commands: report, export, import, schema, edit.

Thin: each parses its options, calls the domain (`recs.reports`,
`recs.exports`, `recs.importer`, `recs.markdown`, `recs.htmlpage`) and
renders through `recs.cli.output`.
"""

from pathlib import Path

import typer

from recs.cli import output, saving
from recs.cli.app import app
from recs.cli.commands import settings

REPORT_FORMATS = ("table", "md", "html", "json")
EXPORT_FORMATS = ("json", "ndjson", "csv", "md")
BOM = b"\xef\xbb\xbf"


# -- report --------------------------------------------------------------
@app.command()
def report(
    ctx: typer.Context,
    by: str = typer.Option("status", "--by", metavar="GROUP", help="Group by: status, actor or brief."),
    as_of: str = typer.Option(None, "--as-of", metavar="DATE",
                              help="The tracker as it stood at the end of DATE (statuses, counts, evidence)."),
    from_: str = typer.Option(None, "--from", metavar="DATE",
                              help="What moved from DATE (status changes and evidence that took effect then), "
                                   "with the counts at both ends."),
    since: str = typer.Option(None, "--since", metavar="DATE", help="A short form of --from."),
    to: str = typer.Option(None, "--to", metavar="DATE", help="End of the period (default: today)."),
    trend: str = typer.Option(None, "--trend", metavar="PERIOD",
                              help="The count of each status at the end of every month, quarter or year."),
    within: str = typer.Option("30d", "--within", metavar="SPAN",
                               help="'Due soon' means within this span (30d, 2w, 3m) or by this date."),
    audience: str = typer.Option("internal", "--audience", metavar="WHO",
                                 help="internal, or external: without the stale list, names and notes."),
    title: str = typer.Option(None, "--title", metavar="TEXT", help="The report's title (default: the brief's)."),
    stale_days: int = typer.Option(90, "--stale-days", metavar="DAYS",
                                   help="Open recommendations with no change for this many days are stale."),
    fmt: str = typer.Option("table", "--format", "-f", metavar="FORMAT", help="Output format: table, md, html, json."),
) -> None:
    """Progress report: title and period, headline, status table, trend, deadlines, every
    recommendation with its latest evidence, what changed in a period."""
    from recs import dates, fields, reports
    from recs.errors import RecsError
    from recs.store import Store

    fmt = output.check_format(fmt, REPORT_FORMATS, "report")
    group = by.strip().lower()
    if group not in reports.GROUPINGS:
        raise RecsError(f"unknown --by {by!r}; choose from: {', '.join(reports.GROUPINGS)}", exit_code=2)
    if stale_days < 1:
        raise RecsError(f"--stale-days must be at least 1 (got {stale_days})", exit_code=2)
    who = audience.strip().lower()
    if who not in reports.AUDIENCES:
        raise RecsError(f"unknown --audience {audience!r}; choose from: {', '.join(reports.AUDIENCES)}", exit_code=2)
    period = None
    if trend is not None:
        period = trend.strip().lower()
        if period not in dates.PERIODS:
            raise RecsError(f"unknown --trend {trend!r}; choose from: {', '.join(dates.PERIODS)}", exit_code=2)
    if from_ is not None and since is not None:
        raise RecsError("--since is a short form of --from: give one of them", exit_code=2)
    from_name = "--since" if since is not None else "--from"  # errors name the option typed
    from_ = since if since is not None else from_
    if as_of is not None and (from_ is not None or to is not None):
        raise RecsError(f"--as-of shows one day; {from_name}/--to a period: give one or the other", exit_code=2)
    today = dates.today()
    # a date that covers today (`2026-12` in December 2026) means today; one wholly ahead is refused
    day = dates.parse_until(as_of, "--as-of", today) if as_of is not None else None
    start = dates.parse_from(from_, from_name, today) if from_ is not None else None  # `2025-07`: from 1 July
    end = dates.parse_until(to, "--to", today) if to is not None else None
    if end is not None and start is None:  # --to alone: the tracker as it stood then
        day, end = end, None
    if start is not None and end is not None and start > end:
        raise RecsError(f"{from_name} {start} is after --to {end}", exit_code=2)
    horizon = dates.parse_within(within, day or end or today)
    if title is not None:
        title = fields.title(title)
    store = Store.open(settings(ctx).store_path())
    rep = reports.build(store.scan(ordered=True), by=group, as_of=day, start=start, end=end, trend=period,
                        horizon=horizon, stale_days=stale_days, today=today, audience=who, title=title,
                        organisation=store.meta().get("organisation"), briefs=store.briefs())
    if fmt == "json":
        output.write_json(rep)
    elif fmt == "md":
        from recs import markdown

        output.write(markdown.report(rep))
    elif fmt == "html":
        from recs import htmlpage

        output.write(htmlpage.report(rep))
    else:
        render_report(rep)


# -- due -----------------------------------------------------------------
@app.command()
def due(
    ctx: typer.Context,
    within: str = typer.Option("30d", "--within", metavar="SPAN",
                               help="Due soon: within this span (30d, 2w, 3m, 1y) or by this date (YYYY-MM-DD)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing; only the exit code says (1: overdue)."),
    fmt: str = typer.Option("table", "--format", "-f", metavar="FORMAT", help="Output format: table, json."),
) -> None:
    """What is overdue and what falls due soon, by actor. Exits 1 when something is
    overdue, 0 when nothing is (for cron or CI: `recs due --quiet || …`)."""
    from recs import dates, deadlines
    from recs.store import Store

    fmt = output.check_format(fmt, ("table", "json"), "due")
    today = dates.today()
    horizon = dates.parse_within(within, today)
    store = Store.open(settings(ctx).store_path())
    found = deadlines.build(store.scan(ordered=True), today=today, horizon=horizon)
    if quiet:
        pass
    elif fmt == "json":
        output.write_json(found)
    else:
        render_due(found)
    if found["overdue"]:
        raise typer.Exit(1)


def render_due(found: dict) -> None:
    """`due` as a table per actor: overdue first, then due soon."""
    from recs import dates, statuses

    if not found["by_actor"]:
        output.message(f"Nothing overdue, nothing due by {dates.readable(found['horizon'])}.")
        return
    rows_by_id = {r["id"]: r for r in found["overdue"] + found["due_soon"]}
    lines = []
    for entry in found["by_actor"]:
        for kind, label in (("overdue", "OVERDUE"), ("due_soon", "due soon")):
            for rec_id in entry[kind]:
                r = rows_by_id[rec_id]
                lines.append([entry["actor"], label, r["id"], dates.readable(r["due"]), statuses.label(r["status"]),
                              r["title"]])
    caption = (f"{len(found['overdue'])} overdue, {len(found['due_soon'])} due by "
               f"{dates.readable(found['horizon'])} (today is {dates.readable(found['today'])})")
    output.write(output.plain_table(("Actor", "When", "ID", "Due", "Status", "Title"), lines, caption=caption))


def report_head(rep: dict) -> list[str]:
    """The lines above the tables: title, brief, organisation and period, headline."""
    from recs import reports

    lines = [rep["title"]]
    if rep["subtitle"]:
        lines.append(rep["subtitle"])
    if rep.get("organisation"):
        lines.append(f"Report by {rep['organisation']}")
    lines += [rep["period"]["label"], ""]
    moved = reports.moved_line(rep)
    return lines, reports.headline_line(rep), (f"In the period: {moved}." if moved else "")


def short(text: str, most: int = 90) -> str:
    """A cell cut for a terminal (a long evidence summary); md and html show it whole."""
    return text if len(text) <= most else text[: most - 1] + "…"


def render_report_plain(rep: dict) -> None:
    """The report for a pipe or a file: the same content as plain text, without
    importing rich (the everyday commands' plain tables, `output.plain_table`)."""
    from recs import markdown, reports

    lines, headline, moved = report_head(rep)
    parts = [output.inert(line) + "\n" for line in lines]
    parts.append(f"{markdown.bar(rep['implemented_percent'], 40)} {output.inert(headline)}\n")
    if moved:
        parts.append(output.inert(moved) + "\n")
    for sec in reports.sections(rep):
        parts.append("\n")
        if not sec.rows:
            parts.append(output.inert(f"{sec.heading}: {sec.empty.lower().rstrip('.')}.") + "\n")
            continue
        parts.append(output.plain_table(sec.headers, [[short(reports.cell_text(c)) for c in row] for row in sec.rows],
                                        title=sec.heading, caption=sec.more or None, right=sec.numeric))
    output.write("".join(parts))


def render_report(rep: dict) -> None:
    """The report on a terminal (plain when piped)."""
    if not output.fancy():
        render_report_plain(rep)
        return
    from recs import reports
    from recs.cli.output import console

    lines, _, moved = report_head(rep)
    parts = [output.text(lines[0], "bold")] + [output.text(line) for line in lines[1:]]
    parts += [progress_bar(rep)] + ([output.text(moved)] if moved else []) + [output.text("")]
    for sec in reports.sections(rep):
        if not sec.rows:
            parts += [output.text(f"{sec.heading}: {sec.empty.lower().rstrip('.')}."), output.text("")]
            continue
        headers, rows = sec.headers, sec.rows
        kept = list(range(len(headers)))
        if sec.key == "groups":
            headers = group_headers(sec.headers, sec.rows)
        elif sec.key == "trend":
            headers, rows, kept = trend_table(sec.headers, sec.rows)
        elif sec.key == "recommendations" and console().width < 120:
            kept.pop()  # the latest evidence needs room: `--format md` or a wider terminal shows it
        t = output.table(*(headers[i] for i in kept), title=sec.heading, caption=sec.more or None)
        for i, col in zip(kept, t.columns):
            if i in sec.numeric:
                col.justify, col.no_wrap = "right", True
            elif sec.key == "trend":  # the period's name always shows, whole (never squeezed out)
                col.no_wrap, col.min_width = True, max(len(reports.cell_text(row[i])) for row in rows)
            else:  # wrapped at spaces, a word kept whole where it can be (never `Interna…`)
                words = [len(w) for row in rows for w in output.inert(reports.cell_text(row[i])).split()]
                col.overflow, col.min_width = "fold", min(max(words, default=0), 24)
        for row in rows:
            t.add_row(*(output.status(row[i].value) if isinstance(row[i], reports.Status)
                        else output.text(short(reports.cell_text(row[i]))) for i in kept))
        parts += [t, output.text("")]
    output.show(*parts)


#: Shorter headers for the counts by actor or brief, when the full ones would
#: leave the names too little room (an 80-column terminal cut them to `Interna…`).
SHORT_HEADERS = {"Not started": "Not\nstarted", "In progress": "In\nprogress", "Implemented": "Impl.",
                 "Not implemented": "Not\nimpl.", "Implemented %": "Impl.\n%", "Partially implemented": "Partial"}


def _width(headers: list[str], rows: list[list], columns: list[int]) -> int:
    """How wide a table of these columns is, unwrapped (three spaces between columns)."""
    from recs import reports

    widths = [max(max(map(len, headers[i].split("\n"))), *(len(reports.cell_text(row[i])) for row in rows))
              for i in columns]
    return sum(widths) + 3 * (len(widths) - 1)


def trend_table(headers: list[str], rows: list[list]) -> tuple[list[str], list[list], list[int]]:
    """The trend's headers, rows and the columns shown: all in full where they fit,
    else the statuses' short headers, then the End day with its month cut to three
    letters (`30 Sep 2023`); on a terminal too narrow even for that, without the End
    column. The period's name (`Q3 2023`) always shows."""
    from recs import dates
    from recs.cli.output import console

    width = console().width
    every = list(range(len(headers)))
    if _width(headers, rows, every) <= width:
        return headers, rows, every
    headers = [SHORT_HEADERS.get(h, h) for h in headers]
    if _width(headers, rows, every) <= width:
        return headers, rows, every
    cut = [[row[0], " ".join(w[:3] if w in dates.MONTHS else w for w in str(row[1]).split())] + row[2:]
           for row in rows]
    if _width(headers, cut, every) <= width:
        return headers, cut, every
    return headers, rows, [0] + every[2:]


def group_headers(headers: list[str], rows: list[list]) -> list[str]:
    """The grouped table's headers: in full when the terminal leaves the names at
    least 24 columns (or all they need) beside them, else `SHORT_HEADERS`."""
    if len(headers) <= 3:  # by status: three short columns
        return headers
    from recs.cli.output import console

    def numbers_width(heads: list[str]) -> int:
        widths = [max(max(map(len, h.split("\n"))), *(len(str(row[i])) for row in rows))
                  for i, h in enumerate(heads) if i]
        return sum(widths) + 2 * len(widths)  # two spaces between columns

    names = min(24, max((len(str(row[0])) for row in rows), default=0))  # (cells are text here)
    if numbers_width(headers) + names <= console().width:
        return headers
    return [SHORT_HEADERS.get(h, h) for h in headers]


def progress_bar(rep: dict):
    """The share implemented as a bar: coloured blocks, or `[###...]` when plain."""
    from rich.text import Text

    from recs import markdown

    share = rep["implemented_percent"]
    line = Text()
    if output.fancy():
        done = round(40 * share / 100)
        line.append("█" * done, style=output.STATUS_STYLES["implemented"])
        line.append("░" * (40 - done), style="bright_black")
    else:
        line.append(markdown.bar(share, 40))
    from recs.reports import headline_line

    line.append(" " + headline_line(rep))
    return line


# -- export --------------------------------------------------------------
@app.command()
def export(
    ctx: typer.Context,
    fmt: str = typer.Option("json", "--format", "-f", metavar="FORMAT", help="Output format: json, ndjson, csv, md."),
    out: str = typer.Option(None, "--output", "-o", metavar="FILE", help="Write to FILE instead of stdout."),
) -> None:
    """The whole tracker, for scripts, spreadsheets or a backup (json round-trips through import)."""
    from recs import exports
    from recs.errors import RecsError
    from recs.files import write_output
    from recs.store import Store

    fmt = output.check_format(fmt, EXPORT_FORMATS, "export")
    path = settings(ctx).store_path()
    if out is not None and not out.strip():
        raise RecsError("--output needs a file name; it was empty", exit_code=2)
    target = Path(out).expanduser() if out else None
    if target is not None:
        if target.is_dir():
            raise RecsError(f"--output {out} is a directory; give a file name")
        if target.resolve() == path.resolve() or path.resolve() in target.resolve().parents:
            raise RecsError(f"--output {out} is inside the tracker itself; choose a file elsewhere")
    store = Store.open(path, strict=True)  # a backup never settles a key given twice by dropping a side
    count = store.count()
    with output.progress(count, f"Exporting {fmt}") as tick:
        pieces = exports.render(fmt, store, tick)
    if target is None:
        output.write_bytes(pieces)
        return
    store.check_complete()  # never a backup that leaves out a record it could not read
    write_output(target, [BOM, *pieces] if fmt == "csv" else pieces)
    output.message(f"Exported {count:,} recommendation{'s' if count != 1 else ''} to {target} ({fmt})")


# -- import --------------------------------------------------------------
@app.command("import")
def import_(
    ctx: typer.Context,
    files: list[str] = typer.Argument(..., metavar="FILE",
                                      help="File to import ('-' reads stdin); several CSV files with --mapping."),
    fmt: str = typer.Option(None, "--format", "-f", metavar="FORMAT",
                            help="json, ndjson or csv (default: from the file name, else its content)."),
    dry_run: bool = typer.Option(False, "--dry-run", "-n", help="Say what would change; write nothing."),
    mapping: str = typer.Option(None, "--mapping", "-m", metavar="MAPPING",
                                help="Import another tracker's CSV export through a column mapping: a TOML file, "
                                     "or a bundled one by name (upr-info, taic)."),
    dedupe: bool = typer.Option(False, "--dedupe",
                                help="With --mapping: merge rows that repeat a recommendation (the mapping's [dedupe] key)."),
) -> None:
    """Add or update recommendations from a file; every row is validated before anything is written.

    With --mapping, reads CSV exports of other trackers (see the README).
    """
    import sys

    from recs import importer
    from recs.errors import RecsError
    from recs.store import Store

    if mapping is not None:
        from recs.cli.mapped import run_mapped_import

        if fmt is not None and fmt.strip().lower() != "csv":
            raise RecsError("--mapping reads CSV files; leave out --format", exit_code=2)
        run_mapped_import(settings(ctx), files, mapping, dedupe=dedupe, dry_run=dry_run)
        return
    if dedupe:
        raise RecsError("--dedupe works with --mapping (other trackers' CSV exports)", exit_code=2)
    if len(files) != 1:
        raise RecsError("import one file at a time (several files only with --mapping)", exit_code=2)
    file = files[0]

    from recs.files import display_name, read_input, read_stream

    if file == "-":
        data, name = read_stream(sys.stdin.buffer, "stdin", "file to import"), "stdin"
    else:
        source = Path(file).expanduser()
        name = display_name(str(source))
        data = read_input(source, "file to import")
    fmt = importer.detect(name, data, fmt)
    parsed = importer.parse(data, name, fmt)
    s = settings(ctx)
    path = s.store_path()
    if dry_run:
        store = Store.open(path)
        with output.progress(len(parsed.rows), "Checking") as tick:
            result = importer.plan(store, parsed, by=s.user, tick=tick)
        output.write("".join(line + "\n" for line in result.log))
        output.message(f"Dry run of {name}: {result.summary(dry_run=True)}; nothing was written")
        return
    with saving.change(path) as store:
        with output.progress(len(parsed.rows), "Importing") as tick:
            result = importer.plan(store, parsed, by=s.user, tick=tick)
        importer.apply(store, result)
    briefs = f", {len(result.briefs)} brief(s) added or updated" if result.briefs else ""
    output.message(f"Imported {name}: {result.summary()}{briefs}")


# -- schema --------------------------------------------------------------
@app.command()
def schema() -> None:
    """The JSON Schema of `recs export --format json` (and of each record)."""
    from recs.models import Export

    doc = {"$schema": "https://json-schema.org/draft/2020-12/schema", **Export.model_json_schema()}
    output.write_json(doc)


# -- edit ----------------------------------------------------------------
@app.command()
def edit(
    ctx: typer.Context,
    rec_id: str = typer.Argument(..., metavar="ID", help="Recommendation id, e.g. R1."),
    note: str = typer.Option(None, "--note", "-m", metavar="TEXT", help="Why, for the history."),
) -> None:
    """Edit a recommendation's fields as JSON in $VISUAL or $EDITOR (like `task edit`).

    The edit is validated before anything is saved; each changed field gets a
    history entry. Evidence and history are append-only: use `recs evidence add`.
    """
    import os
    import shlex
    import subprocess
    import tempfile

    import orjson

    from recs.errors import RecsError
    from recs.store import Store
    from recs.tracker import UPDATABLE

    s = settings(ctx)
    path = s.store_path()
    record = Store.open(path).get(rec_id)
    Store.check_writable(path)  # before the person edits anything
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise RecsError("no editor: set $EDITOR (e.g. `export EDITOR=nano`), or use `recs update`", exit_code=2)
    before = orjson.dumps({k: record.get(k) for k in UPDATABLE}, option=orjson.OPT_INDENT_2) + b"\n"
    fd, name = tempfile.mkstemp(prefix=f"recs-{record['id']}-", suffix=".json")
    with os.fdopen(fd, "wb") as handle:
        handle.write(before)
    kept = f"; your edit is kept in {name}"
    try:
        done = subprocess.run([*shlex.split(editor), name])
    except OSError as exc:
        os.unlink(name)
        raise RecsError(f"cannot run editor {editor!r}: {exc.strerror or exc}") from None
    if done.returncode != 0:
        raise RecsError(f"the editor exited with status {done.returncode}; nothing was changed{kept}")
    after = Path(name).read_bytes()
    if after.strip() == before.strip():
        os.unlink(name)
        output.message(f"{record['id']}: nothing changed")
        return
    changes = edited_changes(record, after, kept)
    with saving.change(path) as store:
        if store.get(record["id"])["history"] != record["history"]:
            raise RecsError(f"{record['id']} was changed by someone else while you edited it; "
                            f"nothing was saved{kept}")
        from recs import tracker

        entries = tracker.update_recommendation(store, record["id"], changes, by=s.user, note=note)
    os.unlink(name)
    from recs.cli.commands import show_value

    if not entries:
        output.message(f"{record['id']}: nothing changed")
    for e in entries:
        output.message(f"{record['id']}: {e['field']} {show_value(e['field'], e['old']) or '(none)'} → "
                       f"{show_value(e['field'], e['new']) or '(none)'}")


def edited_changes(record: dict, raw: bytes, kept: str) -> dict:
    """The edited JSON, validated with the model, as changes for the tracker."""
    import orjson
    from pydantic import ValidationError

    from recs.errors import RecsError
    from recs.importer import normalise_status
    from recs.models import Recommendation
    from recs.tracker import UPDATABLE

    try:
        edited = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise RecsError(f"the edit is not valid JSON ({exc}); nothing was changed{kept}") from None
    if not isinstance(edited, dict):
        raise RecsError(f"the edit must be a JSON object of fields; nothing was changed{kept}")
    unknown = [k for k in edited if k not in UPDATABLE]
    if unknown:
        raise RecsError(f"field {unknown[0]!r} cannot be edited (editable: {', '.join(UPDATABLE)}); "
                        f"nothing was changed{kept}")
    if "status" in edited:
        edited["status"] = normalise_status(edited["status"])
    try:
        valid = Recommendation.model_validate({**record, **edited}).model_dump()
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        raise RecsError(f"field {loc!r}: {err['msg'].removeprefix('Value error, ')}; "
                        f"nothing was changed{kept}") from None
    changes = {}
    for field in UPDATABLE:
        if valid[field] == record.get(field):
            continue
        if valid[field] is None:
            if field == "brief":
                raise RecsError(f"a recommendation's brief cannot be removed; nothing was changed{kept}")
            changes[field] = ""  # the tracker reads an empty due date as "none"
        else:
            changes[field] = valid[field]
    return changes
