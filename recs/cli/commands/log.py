"""`recs log`: every change to the tracker, by anyone, newest first."""

import typer

from recs.cli import output
from recs.cli.context import settings
from recs.cli.options import format_option

#: Examples shown at the end of `--help` (see recs/cli/helptext.py).
EXAMPLES = {
    "log": (
        "recs log --limit 10",
        "recs log --by tester --from 2026-01",
        "recs log --from 2026-11-01 --to 2026-11-30 --format json",
    ),
}

LOG_FORMATS = ("table", "json", "ndjson")


# -- log -----------------------------------------------------------------
def log(
    ctx: typer.Context,
    by: str = typer.Option(None, "--by", metavar="NAME", help="Only changes by this person: any case; the start of the name or of one of its words is enough (`--by ana` finds Ana Petrosyan and anahit)."),
    from_: str = typer.Option(None, "--from", metavar="DATE", help="Only changes made on or after DATE (YYYY-MM-DD, YYYY-MM or YYYY)."),
    to: str = typer.Option(None, "--to", metavar="DATE", help="Only changes made on or before DATE (YYYY-MM-DD, YYYY-MM or YYYY)."),
    limit: int = typer.Option(None, "--limit", "-n", metavar="N", help="Only the newest N."),
    pager: bool = typer.Option(True, "--pager/--no-pager",
                               help="On a terminal, show the log through $PAGER (as `recs list` does). "
                                    "Never when the output is piped or redirected."),
    fmt: str = format_option("table", LOG_FORMATS),
) -> None:
    """Every change to the tracker by anyone, newest first, one line each: when
    (UTC), who, which recommendation or brief, what changed. It is read from the
    records' history, which git shares: colleagues' changes are there too."""
    from recs.core import dates
    from recs.core.errors import RecsError, UsageError
    from recs.store import Store
    from recs.tracker import activity

    fmt = output.check_format(fmt, LOG_FORMATS, "log")
    if limit is not None and limit < 1:
        raise UsageError(f"--limit must be at least 1, not {limit}")
    if by is not None and not by.strip():
        raise UsageError("--by needs a name; it was empty")
    today = dates.today()
    start = dates.parse_from(from_, "--from", today) if from_ is not None else None
    end = dates.last_day(dates.parse_date(to, "--to date")) if to is not None else None
    if start is not None and end is not None and start > end:
        raise RecsError(f"--from {from_} is after --to {to}")  # a value: exit code 1
    found = activity.items(Store.open(settings(ctx).store_path()), by=by, start=start, end=end, limit=limit)
    if fmt == "json":
        output.write_json(found)
    elif fmt == "ndjson":
        output.write_ndjson(found)
    elif not found:
        output.message("No changes" + (" match" if by or from_ or to else " yet") + ".")
    else:
        rows = ([i["at"][:16].replace("T", " "), i["by"], i["record"],
                 "; ".join(activity.said(c) for c in i["changes"])] for i in found)
        render_log(rows, pager)


HEADERS = ("When (UTC)", "Who", "Record", "What changed")


def render_log(rows, pager: bool) -> None:
    """The log as a table: on a terminal through the pager, the changes wrapped
    at the terminal's width; piped, plain lines, each whole."""
    if not output.fancy():
        output.write(output.plain_table(HEADERS, list(rows)))
        return
    from recs.cli import table
    from recs.cli.pager import paged

    columns = [table.Column(HEADERS[0]), table.Column(HEADERS[1], flex=True), table.Column(HEADERS[2], style="bold"),
               table.Column(HEADERS[3], flex=True, wrap=True)]
    with paged(pager):
        table.Table(columns).print(rows)
