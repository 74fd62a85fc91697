"""`recs history ID`: the audit trail of one recommendation."""

from typing import Any

from recs.cli import output
from recs.cli.context import Settings
from recs.cli.options import LIST_FORMATS
from recs.cli.views import history_section, history_values, print_history


#: Examples shown at the end of `--help` (see recs/cli/helptext.py).
EXAMPLES = {
    "history": (
        "recs history R3",
        "recs history R3 --format csv",
    ),
}


def declare() -> Any:
    """`recs history`'s parameters, for typer (the quick path reads them from `recs.cli.quickspec`)."""
    import typer

    from recs.cli.context import settings
    from recs.cli.options import format_option, id_argument

    def history(
        ctx: typer.Context,
        rec_id: str = id_argument(),
        fmt: str = format_option("table", LIST_FORMATS),
        pager: bool = typer.Option(True, "--pager/--no-pager",
                                   help="On a terminal, show the history through $PAGER (as `recs list` does). "
                                        "Never when the output is piped or redirected."),
    ) -> None:
        """The audit trail of one recommendation, oldest first."""
        run(settings(ctx), rec_id=rec_id, fmt=fmt, pager=pager)

    return history


def run(settings: Settings, *, rec_id: str, fmt: str, pager: bool) -> None:
    """Show one recommendation's history."""
    from recs.store import Store

    fmt = output.check_format(fmt, LIST_FORMATS, "history")
    record = Store.open(settings.store_path()).get(rec_id, removed=True)
    entries = record.get("history") or []
    if fmt == "json":
        output.write_json(entries)
    elif fmt == "ndjson":
        output.write_ndjson(entries)
    elif fmt == "csv":
        import csv
        import io

        from recs.formats.tabular import neutralise

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(["at", "by", "field", "old", "new", "note"])
        for h in entries:
            old, new = history_values(h, labels=False, sep="; ")
            writer.writerow([neutralise(v) for v in (h.get("at") or "", h.get("by") or "", h.get("field") or "",
                                                     old, new, h.get("note") or "")])
        output.write(buffer.getvalue())
    elif not output.fancy():
        title, columns, rows = history_section(record)
        output.write(output.inert(f"{record['id']}  {record['title']}") + "\n" + output.plain_table(columns, rows, title=title))
    else:
        from recs.cli.pager import paged

        with paged(pager):
            print_history(record)
