"""`recs export`: the whole tracker as json, ndjson, csv or md."""

from pathlib import Path

import typer

from recs.cli import output
from recs.core.words import plural
from recs.cli.context import settings
from recs.cli.options import format_option


EXPORT_FORMATS = ("json", "ndjson", "csv", "md")


BOM = b"\xef\xbb\xbf"


#: Examples shown at the end of `--help` (see recs/cli/helptext.py).
EXAMPLES = {
    "export": (
        "recs export --output backup.json",
        "recs export --format csv --output tracker.csv",
    ),
}


# -- export --------------------------------------------------------------
def export(
    ctx: typer.Context,
    fmt: str = format_option("json", EXPORT_FORMATS),
    out: str = typer.Option(None, "--output", "-o", metavar="FILE", help="Write to FILE instead of stdout."),
    archived: bool = typer.Option(False, "--archived",
                                  help="csv and md: include the archived recommendations (json and ndjson, "
                                       "the backups, always do, marked `archived`)."),
) -> None:
    """The whole tracker, for scripts, spreadsheets or a backup (json round-trips through import).
    The csv and md exports leave out archived recommendations (`recs remove`) unless --archived."""
    from recs.formats import exports
    from recs.core.errors import RecsError, UsageError
    from recs.imports.files import write_output
    from recs.store import Store

    fmt = output.check_format(fmt, EXPORT_FORMATS, "export")
    path = settings(ctx).store_path()
    if out is not None and not out.strip():
        raise UsageError("--output needs a file name; it was empty")
    target = Path(out).expanduser() if out else None
    if target is not None:
        if target.is_dir():
            raise RecsError(f"--output {out} is a directory; give a file name")
        if target.resolve() == path.resolve() or path.resolve() in target.resolve().parents:
            raise RecsError(f"--output {out} is inside the tracker itself; choose a file elsewhere")
    store = Store.open(path, strict=True)  # a backup never settles a key given twice by dropping a side
    count = store.count()
    with output.progress(count, f"Exporting {fmt}") as tick:
        pieces = exports.render(fmt, store, tick, archived=archived)
    if target is None:
        output.write_bytes(pieces)
        return
    store.check_complete()  # never a backup that leaves out a record it could not read
    write_output(target, [BOM, *pieces] if fmt == "csv" else pieces)
    output.message(f"Exported {plural(count, 'recommendation', grouped=True)} to {target} ({fmt})")
