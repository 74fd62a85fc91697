"""Reporting and bulk commands: report, export, import, schema, edit.

Thin: each parses its options, calls the domain (`recs.reports`,
`recs.exports`, `recs.importer`, `recs.markdown`, `recs.htmlpage`) and
renders through `recs.cli.output`.
"""

from pathlib import Path

import typer

from recs.cli import output
from recs.cli.app import app
from recs.cli.commands import settings

REPORT_FORMATS = ("table", "md", "html", "json")
EXPORT_FORMATS = ("json", "ndjson", "csv", "md")
IMPORT_FORMATS = ("json", "ndjson", "csv")
BOM = b"\xef\xbb\xbf"


# -- report --------------------------------------------------------------
@app.command()
def report(
    ctx: typer.Context,
    by: str = typer.Option("status", "--by", help="Group by: status, actor or brief."),
    since: str = typer.Option(None, "--since", metavar="DATE",
                              help="Also list status changes and evidence recorded since DATE (YYYY-MM-DD)."),
    stale_days: int = typer.Option(90, "--stale-days", metavar="DAYS",
                                   help="Open recommendations with no change for this many days are stale."),
    fmt: str = typer.Option("table", "--format", "-f", help="Output format: table, md, html, json."),
) -> None:
    """Progress report: headline, table by status/actor/brief, what needs attention."""
    from recs import dates, reports
    from recs.errors import RecsError
    from recs.store import Store

    fmt = output.check_format(fmt, REPORT_FORMATS, "report")
    group = by.strip().lower()
    if group not in reports.GROUPINGS:
        raise RecsError(f"unknown --by {by!r}; choose from: {', '.join(reports.GROUPINGS)}", exit_code=2)
    if stale_days < 1:
        raise RecsError(f"--stale-days must be at least 1 (got {stale_days})", exit_code=2)
    since_date = dates.parse_date(since, "--since date") if since is not None else None
    records = Store.open(settings(ctx).store_path()).recommendations()
    rep = reports.build(records, by=group, since=since_date, stale_days=stale_days)
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


def render_report(rep: dict) -> None:
    """The report on a terminal (plain when piped)."""
    from rich.text import Text

    from recs import markdown, statuses

    total = rep["total"]
    head = Text(f"{total} recommendation{'s' if total != 1 else ''}: ", style="bold" if output.fancy() else "")
    for i, s in enumerate(statuses.STATUSES):
        head.append(", " if i else "")
        head.append_text(output.text(f"{rep['by_status'][s]} {statuses.label(s).lower()}", output.STATUS_STYLES[s]))
    parts = [head, progress_bar(rep), output.text("")]
    head_cols, rows = markdown.group_rows(rep)
    t = output.table(*head_cols, title=f"By {rep['by']}")
    for i, col in enumerate(t.columns):
        if i:
            col.justify = "right"
    for group, row in zip(rep["groups"], rows):
        first = output.status(group["group"]) if rep["by"] == "status" else output.text(row[0])
        t.add_row(first, *(output.text(c) for c in row[1:]))
    parts += [t, output.text("")]
    parts.append(attention_table("Overdue (past due, still open)", rep["overdue"], "Due", "due"))
    parts.append(attention_table(f"Stale (no change in {rep['stale_days']} days)", rep["stale"],
                                 "Last activity", "last_activity"))
    if rep["changes"] is not None:
        t = output.table("When (UTC)", "By", "ID", "Change", "Note",
                         title=f"Changes since {rep['since']} ({len(rep['changes'])}), newest first")
        for c in rep["changes"]:
            t.add_row(output.text(c["at"]), output.text(c["by"]), output.text(c["id"], "bold"),
                      output.text(markdown.change_text(c)), output.text(c.get("note") or ""))
        parts += [output.text(""), t if rep["changes"] else output.text(f"No changes since {rep['since']}.")]
    output.show(*parts)


def progress_bar(rep: dict):
    """The share implemented as a bar: coloured blocks, or `[###...]` when plain."""
    from rich.text import Text

    from recs import markdown

    share = rep["implemented_percent"]
    line = Text()
    if output.fancy():
        width, total, used = 40, rep["total"] or 1, 0
        for s in ("implemented", "partial", "in_progress", "not_started", "not_implemented"):
            n = round(width * rep["by_status"][s] / total) if rep["total"] else 0
            n = min(n, width - used)
            line.append("█" * n, style=output.STATUS_STYLES[s])
            used += n
        line.append("░" * (width - used), style="bright_black")
    else:
        line.append(markdown.bar(share, 40))
    line.append(f" {share:.1f}% implemented, {rep['closed_percent']:.1f}% closed")
    return line


def attention_table(title: str, rows: list[dict], label: str, key: str):
    from recs import statuses

    if not rows:
        return output.text(f"{title}: none.")
    t = output.table("ID", "Status", "Title", label, "Actors", title=f"{title}: {len(rows)}")
    for r in rows:
        t.add_row(output.text(r["id"], "bold"), output.text(statuses.label(r["status"])), output.text(r["title"]),
                  output.text((r.get(key) or "")[:10]), output.text(", ".join(r["actors"])))
    return t


# -- export --------------------------------------------------------------
@app.command()
def export(
    ctx: typer.Context,
    fmt: str = typer.Option("json", "--format", "-f", help="Output format: json, ndjson, csv, md."),
    out: str = typer.Option(None, "--output", "-o", metavar="FILE", help="Write to FILE instead of stdout."),
) -> None:
    """The whole store, for scripts, spreadsheets or a backup (json round-trips through import)."""
    from recs import exports
    from recs.errors import RecsError
    from recs.storage import atomic_write
    from recs.store import Store

    fmt = output.check_format(fmt, EXPORT_FORMATS, "export")
    path = settings(ctx).store_path()
    target = Path(out).expanduser() if out else None
    if target is not None:
        if target.is_dir():
            raise RecsError(f"--output {out} is a directory; give a file name")
        if target.resolve() == path.resolve():
            raise RecsError(f"--output {out} is the store itself; choose another file")
    store = Store.open(path)
    count = len(store.storage.read()["recommendations"])
    with output.progress(count, f"Exporting {fmt}") as tick:
        data = exports.render(fmt, store, tick)
    if target is None:
        output.write_bytes(data)
        return
    atomic_write(target, (BOM + data) if fmt == "csv" else data)
    output.message(f"Exported {count} recommendation{'s' if count != 1 else ''} to {target} ({fmt})")


# -- import --------------------------------------------------------------
@app.command("import")
def import_(
    ctx: typer.Context,
    file: str = typer.Argument(..., metavar="FILE", help="File to import ('-' reads stdin)."),
    fmt: str = typer.Option(None, "--format", "-f",
                            help="json, ndjson or csv (default: from the file name, else its content)."),
    dry_run: bool = typer.Option(False, "--dry-run", "-n", help="Say what would change; write nothing."),
) -> None:
    """Add or update recommendations from a file; every row is validated before anything is written."""
    import sys

    from recs import importer
    from recs.errors import RecsError
    from recs.store import Store

    if file == "-":
        data, name = sys.stdin.buffer.read(), "stdin"
    else:
        source = Path(file).expanduser()
        name = str(source)
        try:
            data = source.read_bytes()
        except FileNotFoundError:
            raise RecsError(f"no such file: {file}") from None
        except IsADirectoryError:
            raise RecsError(f"{file} is a directory, not a file to import") from None
        except OSError as exc:
            raise RecsError(f"cannot read {file}: {exc.strerror or exc}") from None
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
    with Store.change(path) as store:
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
    rec_id: str = typer.Argument(..., metavar="ID"),
    note: str = typer.Option(None, "--note", "-m", help="Why, for the history."),
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
    with Store.change(path) as store:
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
    from recs.importer import _status
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
        edited["status"] = _status(edited["status"])
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
