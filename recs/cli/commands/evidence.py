"""`recs evidence add ID`: attach evidence to a recommendation."""

import typer

from recs.cli import completing, output, saving
from recs.cli.context import settings
from recs.cli.options import id_argument
from recs.cli.views import show_value


#: Examples shown at the end of `--help` (see recs/cli/helptext.py).
EXAMPLES = {
    "evidence": (
        'recs evidence add R8 --summary "Raised in parliament" --source Hansard',
        'recs evidence add R5 --summary "Loan signed" --url https://example.org/loan',
    ),
    "evidence add": (
        'recs evidence add R8 --summary "Raised in parliament" --source Hansard',
        'recs evidence add R2 --summary "Reopened" --source UNHCR --status partial',
        "recs evidence add R5 --summary Signed --source Hansard --date 2024-03",
    ),
}


# -- evidence ------------------------------------------------------------
def evidence_add(
    ctx: typer.Context,
    rec_id: str = id_argument(),
    summary: str = typer.Option(..., "--summary", metavar="TEXT", help="What happened, in a sentence."),
    url: str = typer.Option(None, "--url", metavar="URL", help="Link to the source."),
    source: str = typer.Option(None, "--source", metavar="TEXT", help="Citation, e.g. 'Council of the EU, press release'."),
    date: str = typer.Option(None, "--date", metavar="DATE", help="When it happened (YYYY-MM-DD, YYYY-MM or YYYY; default today)."),
    status: str = typer.Option(None, "--status", "-s", metavar="STATUS", autocompletion=completing.statuses,
                               help="Also change the status to this, with effect from the evidence's date."),
    on: str = typer.Option(None, "--on", metavar="DATE", help="With --status: the day it took effect, if not the evidence's date."),
    note: str = typer.Option(None, "--note", "-m", metavar="TEXT", help="With --status: why, for the history."),
) -> None:
    """Attach evidence to a recommendation; prints the evidence id.

    With --status, the status changes in the same step, with effect from the
    evidence's date (or --on)."""
    from recs.tracker import operations as tracker
    from recs.core.errors import UsageError

    if status is None and (on is not None or note is not None):
        raise UsageError("--on and --note go with --status (the status change the evidence supports)")
    s = settings(ctx)
    with saving.change(s.store_path()) as store:
        before = store.get(rec_id)["status"]
        entry = tracker.add_evidence(store, rec_id, summary=summary, by=s.user, url=url, source=source, date=date,
                                     status=status, on=on, note=note)
        after = store.get(rec_id)["status"]
    output.write(f"{rec_id} {entry['id']}\n")
    if after != before:
        output.message(f"{rec_id}: status {show_value('status', before)} → {show_value('status', after)}")


HELP = "Attach evidence to a recommendation."
SUBCOMMANDS = {"add": evidence_add}
