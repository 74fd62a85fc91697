"""`recs evidence add|edit|remove ID`: attach evidence to a recommendation, and fix it."""

from typing import Any

from recs.cli import output, saving
from recs.cli.context import Settings
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
    "evidence edit": (
        'recs evidence edit R1 E1 --summary "Reported by UNHCR"',
        "recs evidence edit R1 E1 --date 2024-02 --note \"Date checked\"",
    ),
    "evidence remove": (
        "recs evidence remove R1 E1 --yes",
        'recs evidence remove R1 E1 --yes --note "Wrong record"',
    ),
}


# -- evidence ------------------------------------------------------------
def declare() -> dict[str, Any]:
    """The subcommands' parameters, for typer (the quick path reads `evidence add`'s from
    `recs.cli.quickspec`)."""
    import typer

    from recs.cli import completing
    from recs.cli.context import settings
    from recs.cli.options import evidence_id_argument, id_argument

    def evidence_add(
        ctx: typer.Context,
        rec_id: str = id_argument(),
        summary: str = typer.Option(..., "--summary", metavar="TEXT", help="What happened, in a sentence."),
        url: str = typer.Option(None, "--url", metavar="URL", help="Link to the source."),
        source: str = typer.Option(None, "--source", metavar="TEXT", help="Citation, e.g. 'Council of the EU, press release'."),
        date: str = typer.Option(None, "--date", metavar="DATE", help="When it happened (YYYY-MM-DD, YYYY-MM or YYYY; default today)."),
        status: str = typer.Option(None, "--status", "-s", metavar="STATUS", autocompletion=completing.statuses,
                                   help="Also change the status to this, with effect from the evidence's date."),
        on: str = typer.Option(None, "--on", metavar="DATE", help="YYYY-MM-DD, YYYY-MM or YYYY: with --status, the day it took effect, if not the evidence's date."),
        note: str = typer.Option(None, "--note", "-m", metavar="TEXT", help="With --status: why, for the history."),
    ) -> None:
        """Attach evidence to a recommendation; prints the evidence id.

        With --status, the status changes in the same step, with effect from the
        evidence's date (or --on)."""
        add(settings(ctx), rec_id=rec_id, summary=summary, url=url, source=source, date=date, status=status,
            on=on, note=note)

    def evidence_edit(
        ctx: typer.Context,
        rec_id: str = id_argument(),
        evidence_id: str = evidence_id_argument(),
        summary: str = typer.Option(None, "--summary", metavar="TEXT", help="What happened, in a sentence."),
        url: str = typer.Option(None, "--url", metavar="URL", help='Link to the source ("" removes it).'),
        source: str = typer.Option(None, "--source", metavar="TEXT", help='Citation ("" removes it).'),
        date: str = typer.Option(None, "--date", metavar="DATE", help="When it happened (YYYY-MM-DD, YYYY-MM or YYYY)."),
        note: str = typer.Option(None, "--note", "-m", metavar="TEXT", help="Why, for the history."),
    ) -> None:
        """Correct an evidence entry; the entry as it was is kept in the history
        (`recs undo` puts it back)."""
        edit(settings(ctx), rec_id=rec_id, evidence_id=evidence_id, summary=summary, url=url, source=source,
            date=date, note=note)

    def evidence_remove(
        ctx: typer.Context,
        rec_id: str = id_argument(),
        evidence_id: str = evidence_id_argument(),
        yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
        note: str = typer.Option(None, "--note", "-m", metavar="TEXT", help="Why, for the history."),
    ) -> None:
        """Take an evidence entry off a recommendation. It is kept whole in the history
        and its id is not reused; `recs undo` puts it back."""
        remove(settings(ctx), rec_id=rec_id, evidence_id=evidence_id, yes=yes, note=note)

    return {"add": evidence_add, "edit": evidence_edit, "remove": evidence_remove}


def add(settings: Settings, *, rec_id: str, summary: str, url: str | None, source: str | None, date: str | None,
        status: str | None, on: str | None, note: str | None) -> None:
    """Attach evidence to a recommendation; prints the evidence id."""
    from recs.tracker import operations as tracker
    from recs.core.errors import UsageError

    if status is None and (on is not None or note is not None):
        raise UsageError("--on and --note go with --status (the status change the evidence supports)")
    s = settings
    with saving.change(s.store_path()) as store:
        record = store.get(rec_id)
        before = record["status"]
        entry = tracker.add_evidence(store, rec_id, summary=summary, by=s.user, url=url, source=source, date=date,
                                     status=status, on=on, note=note)
        after = store.get(rec_id)["status"]
    output.write(f"{rec_id} {entry['id']}\n")
    _archived_notice(record)
    if after != before:
        output.message(f"{rec_id}: status {show_value('status', before)} → {show_value('status', after)}")


def edit(settings: Settings, *, rec_id: str, evidence_id: str, summary: str | None, url: str | None,
        source: str | None, date: str | None, note: str | None) -> None:
    """Correct an evidence entry; the entry as it was is kept in the history."""
    from recs.core.errors import UsageError
    from recs.tracker import evidence
    from recs.tracker.wording import shown

    changes = {"summary": summary, "url": url, "source": source, "date": date}
    if all(v is None for v in changes.values()):
        raise UsageError("nothing to change: give --summary, --url, --source or --date")
    s = settings
    with saving.change(s.store_path()) as store:
        record = store.get(rec_id)
        rec_id = record["id"]
        done = evidence.edit_evidence(store, rec_id, evidence_id, changes, by=s.user, note=note)
    if done is None:
        output.message(f"{rec_id} {evidence_id.upper()}: nothing changed (the values given are the current ones)"
                       + ("; the note was not recorded" if note else ""))
        return
    _archived_notice(record)
    before, after = done
    for name in evidence.EDITABLE:
        if before.get(name) != after.get(name):
            output.message(f"{rec_id} {after['id']}: {name} {shown(name, before.get(name))} → "
                           f"{shown(name, after.get(name))}")


def remove(settings: Settings, *, rec_id: str, evidence_id: str, yes: bool, note: str | None) -> None:
    """Take an evidence entry off a recommendation (kept whole in the history)."""
    from recs.cli.prompts import confirm_or_yes
    from recs.store import Store
    from recs.tracker import evidence

    s = settings
    path = s.store_path()
    record = Store.open(path).get(rec_id)
    entry = evidence.find(record, evidence_id)
    confirm_or_yes(f"Remove evidence {entry['id']} ({entry['summary']}) from {record['id']}?", yes,
                   "evidence remove")
    with saving.change(path) as store:
        evidence.remove_evidence(store, record["id"], entry["id"], by=s.user, note=note)
    output.message(f"{record['id']} {entry['id']}: removed (kept in the history; `recs undo` puts it back)")
    _archived_notice(record)


def _archived_notice(record: dict) -> None:
    """Say so when the recommendation changed is archived (`recs.tracker.archive.notice`)."""
    from recs.tracker.archive import notice

    if said := notice(record):
        output.message(said)


HELP = "Attach evidence to a recommendation, and fix it."
