"""`recs update ID…`: change fields of recommendations (or one actor's status)."""

from typing import Any

from recs.cli import output, saving
from recs.cli.context import Settings
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
def declare() -> Any:
    """`recs update`'s parameters, for typer (the quick path reads them from `recs.cli.quickspec`)."""
    import typer

    from recs.cli import completing
    from recs.cli.context import settings

    def update(
        ctx: typer.Context,
        rec_ids: list[str] = typer.Argument(..., metavar="ID...", autocompletion=completing.ids,
                                            help="Recommendation ids, e.g. R1 R4; '-' reads them from stdin "
                                                 "(`recs list --format ids`)."),
        status: str = typer.Option(None, "--status", "-s", metavar="STATUS", autocompletion=completing.statuses, help="not_started, in_progress, partial, implemented, not_implemented."),
        actor: list[str] = typer.Option(None, "--actor", "-a", metavar="NAME", autocompletion=completing.actors,
                                        help="Replace the actors (repeatable; the first is the lead); "
                                             "+NAME adds one, -NAME removes one."),
        due: str = typer.Option(None, "--due", metavar="DATE", help="Target date (YYYY-MM-DD, YYYY-MM or YYYY); 'none' clears it."),
        title: str = typer.Option(None, "--title", metavar="TEXT"),
        text: str = typer.Option(None, "--text", metavar="TEXT"),
        quote: str = typer.Option(None, "--quote", metavar="TEXT"),
        tag: list[str] = typer.Option(None, "--tag", "-t", metavar="TAG", autocompletion=completing.tags,
                                      help="Replace the tags (repeatable); +TAG adds one, -TAG removes one."),
        owner: list[str] = typer.Option(None, "--owner", metavar="NAME", autocompletion=completing.owners,
                                        help="Replace the owners, the staff who follow it (repeatable); "
                                             "+NAME adds one, -NAME removes one."),
        brief: str = typer.Option(None, "--brief", metavar="BRIEF", autocompletion=completing.briefs),
        note: str = typer.Option(None, "--note", "-m", metavar="TEXT", help="Why, for the history."),
        on: str = typer.Option(None, "--on", metavar="DATE",
                               help="YYYY-MM-DD, YYYY-MM or YYYY: the day the status change took effect in the world (default: today)."),
        for_actor: str = typer.Option(None, "--for", metavar="ACTOR", autocompletion=completing.actors,
                                      help="With --status: record this actor's own status (one of the actors; "
                                           "'--status none' clears it); the recommendation's status stays as it is."),
    ) -> None:
        """Change fields of recommendations; every change is recorded in their history.

        Several ids (or '-', the ids on stdin) are changed in one write: all or
        none, and one `recs undo` undoes them all. With one id and no options, on a
        terminal, asks for the new status and a note.
        """
        run(settings(ctx), rec_ids=rec_ids, status=status, actor=actor, due=due, title=title, text=text,
            quote=quote, tag=tag, owner=owner, brief=brief, note=note, on=on, for_actor=for_actor)

    return update


def run(settings: Settings, *, rec_ids: list[str], status: str | None, actor: list[str] | None, due: str | None,
        title: str | None, text: str | None, quote: str | None, tag: list[str] | None, owner: list[str] | None,
        brief: str | None, note: str | None, on: str | None, for_actor: str | None) -> None:
    """Change fields of recommendations; every change is recorded in their history."""
    from recs.tracker import operations as tracker
    from recs.core.errors import UsageError
    from recs.tracker.wording import shown
    from recs.tracker.actors import Names
    from recs.store import Store

    changes = {"status": status, "actors": actor or None, "due": due, "title": title, "text": text,
               "quote": quote, "tags": tag or None, "owners": owner or None, "brief": brief}
    s = settings
    ids = read_ids(rec_ids)
    if on is not None and status is None:
        raise UsageError("--on goes with --status: it is the day the status change took effect")
    if for_actor is not None:
        if status is None or any(v is not None for k, v in changes.items() if k != "status"):
            raise UsageError("--for ACTOR sets that actor's --status (and only that); change other fields "
                            "in an update of their own")
        with saving.change(s.store_path()) as store:
            records = [store.get(i) for i in ids]
            found = dict.fromkeys(r["id"] for r in records)
            per_actor = [(i, tracker.set_actor_status(store, i, for_actor, status, by=s.user, note=note, on=on))
                    for i in found]
        for rec_id, entry in per_actor:
            if entry is None:
                output.message(f"{rec_id}: nothing changed (the status given is the current one)")
                continue
            old, new = entry["old"] or {}, entry["new"]
            name = next(a for a in set(old) | set(new) if old.get(a) != new.get(a))
            output.message(f"{rec_id}: {name}'s status {show_value('status', old.get(name)) or '(the recommendation’s)'}"
                           f" → {show_value('status', new.get(name)) or '(the recommendation’s)'}")
        _archived_notices(records, [i for i, entry in per_actor if entry is not None])
        return
    if all(v is None for v in changes.values()) and note is None:
        if not output.interactive() or len(ids) > 1 or rec_ids == ["-"]:
            raise UsageError("nothing to update: give --status, --actor, --due, --title, --text, "
                            "--quote, --tag, --owner, --brief or --note")
        from recs.cli import prompts

        record = Store.open(s.store_path()).get(ids[0])
        Store.check_writable(s.store_path())  # before the person answers anything
        changes["status"], note = prompts.status_and_note(record)
        if changes["status"] is None and note is None:
            output.message(f"{ids[0]}: nothing changed")
            return
    with saving.change(s.store_path()) as store:
        records = [store.get(i) for i in ids]  # every id checked before any change
        found = dict.fromkeys(r["id"] for r in records)
        done = [(i, tracker.update_recommendation(store, i, changes, by=s.user, note=note, on=on)) for i in found]
        names = Names.of(store.meta())
    before = {r["id"]: r for r in records}
    for rec_id, entries in done:
        absent = "; ".join(tracker.absent_removals(before[rec_id], changes, names))
        if not entries:
            output.message(f"{rec_id}: nothing changed ({absent or 'the values given are the current ones'})")
        for e in entries:
            if e["field"] == "note":
                output.message(f"{rec_id}: note added")
            else:
                output.message(f"{rec_id}: {e['field']} {shown(e['field'], e['old'])} → {shown(e['field'], e['new'])}")
        if entries and absent:
            output.message(f"{rec_id}: {absent}")
    _archived_notices(records, [i for i, entries in done if entries])


def _archived_notices(records: list[dict], changed: list[str]) -> None:
    """A notice for each archived recommendation the update changed (`recs.tracker.archive.notice`)."""
    from recs.tracker.archive import notice

    for record in records:
        if record["id"] in changed and (said := notice(record)):
            output.message(said)
            changed.remove(record["id"])


def read_ids(given: list[str]) -> list[str]:
    """The ids to update: as given, with '-' replaced by the ids on stdin
    (separated by spaces or lines); each once, in order."""
    import sys

    from recs.core.errors import UsageError

    if given.count("-") > 1:
        raise UsageError("'-' (the ids on stdin) can be given once")
    ids: list[str] = []
    for item in given:
        if item != "-":
            ids.append(item.strip())
            continue
        if sys.stdin.isatty():
            raise UsageError("'-' reads ids from stdin, which is a terminal; pipe them in, e.g. "
                             "`recs list --status open --format ids | recs update - --status in_progress`")
        ids += sys.stdin.read().split()
    if not ids:
        raise UsageError("no ids given (stdin was empty)")
    return list(dict.fromkeys(ids))
