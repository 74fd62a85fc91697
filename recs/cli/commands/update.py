"""`recs update ID`: change fields of a recommendation (or one actor's status)."""

import typer

from recs.cli import completing, output, saving
from recs.cli.context import settings
from recs.cli.options import id_argument
from recs.cli.views import show_value


#: Examples shown at the end of `--help` (see recs/cli/helptext.py).
EXAMPLES = {
    "update": (
        'recs update R8 --status in_progress --note "Raised at the council"',
        "recs update R4 --due 2026-03",
        "recs update R6 --for Armenia --status partial",
    ),
}


# -- update --------------------------------------------------------------
def update(
    ctx: typer.Context,
    rec_id: str = id_argument(),
    status: str = typer.Option(None, "--status", "-s", metavar="STATUS", autocompletion=completing.statuses, help="not_started, in_progress, partial, implemented, not_implemented."),
    actor: list[str] = typer.Option(None, "--actor", "-a", metavar="NAME", autocompletion=completing.actors, help="Replace the actors (repeatable; the first is the lead)."),
    due: str = typer.Option(None, "--due", metavar="DATE", help="Target date (YYYY-MM-DD, YYYY-MM or YYYY); 'none' clears it."),
    title: str = typer.Option(None, "--title", metavar="TEXT"),
    text: str = typer.Option(None, "--text", metavar="TEXT"),
    quote: str = typer.Option(None, "--quote", metavar="TEXT"),
    tag: list[str] = typer.Option(None, "--tag", "-t", metavar="TAG", autocompletion=completing.tags, help="Replace the tags (repeatable)."),
    brief: str = typer.Option(None, "--brief", metavar="BRIEF", autocompletion=completing.briefs),
    note: str = typer.Option(None, "--note", "-m", metavar="TEXT", help="Why, for the history."),
    on: str = typer.Option(None, "--on", metavar="DATE",
                           help="The day the status change took effect in the world (default: today)."),
    for_actor: str = typer.Option(None, "--for", metavar="ACTOR", autocompletion=completing.actors,
                                  help="With --status: record this actor's own status (one of the actors; "
                                       "'--status none' clears it); the recommendation's status stays as it is."),
) -> None:
    """Change fields of a recommendation; every change is recorded in its history.

    With no options, on a terminal, asks for the new status and a note.
    """
    from recs.tracker import operations as tracker
    from recs.core.errors import UsageError
    from recs.store import Store

    changes = {"status": status, "actors": actor or None, "due": due, "title": title, "text": text,
               "quote": quote, "tags": tag or None, "brief": brief}
    s = settings(ctx)
    if on is not None and status is None:
        raise UsageError("--on goes with --status: it is the day the status change took effect")
    if for_actor is not None:
        if status is None or any(v is not None for k, v in changes.items() if k != "status"):
            raise UsageError("--for ACTOR sets that actor's --status (and only that); change other fields "
                            "in an update of their own")
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
            raise UsageError("nothing to update: give --status, --actor, --due, --title, --text, "
                            "--quote, --tag, --brief or --note")
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
