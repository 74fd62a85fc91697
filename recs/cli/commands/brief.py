"""`recs brief add|list|show|update|remove`: the briefs recommendations come from."""

import typer

from recs.cli import completing, output, saving
from recs.cli.context import settings
from recs.cli.options import format_option


#: Examples shown at the end of `--help` (see recs/cli/helptext.py).
EXAMPLES = {
    "brief": (
        "recs brief list",
        'recs brief add icg-2024 --title "Talks" --publisher ICG --published 2024-05',
    ),
    "brief add": (
        'recs brief add icg-2024 --title "Talks" --publisher ICG --published 2024-05',
        'recs brief add hrw-2024 --title "Exodus" --publisher "HRW" --published 2024',
    ),
    "brief list": (
        "recs brief list",
        "recs brief list --format json",
    ),
    "brief show": (
        "recs brief show apri-2023-09-20",
        "recs brief show apri-2023-09-20 --format json",
    ),
    "brief update": (
        'recs brief update apri-2023-09-20 --publisher "APRI Berlin"',
        "recs brief update apri-2023-09-20 --url https://example.org/b",
    ),
    "brief remove": (
        "recs brief remove draft-2024 --yes",
        'recs brief remove draft-2024 --yes --note "Never used"',
    ),
}


# -- brief ---------------------------------------------------------------
def brief_add(
    ctx: typer.Context,
    brief_id: str = typer.Argument(..., metavar="ID", help="The brief's id: a short slug, e.g. apri-2023-09-20."),
    title: str = typer.Option(..., "--title", metavar="TEXT", help="The brief's title."),
    publisher: str = typer.Option(..., "--publisher", metavar="NAME", help="Who published it."),
    published: str = typer.Option(..., "--published", metavar="DATE", help="Publication date: YYYY-MM-DD, YYYY-MM or YYYY."),
    url: str = typer.Option(None, "--url", metavar="URL", help="Where it is published."),
) -> None:
    """Register a brief (`recs undo` takes it off again)."""
    from recs.tracker import operations as tracker

    s = settings(ctx)
    with saving.change(s.store_path()) as store:
        brief = tracker.add_brief(store, brief_id=brief_id, title=title, publisher=publisher,
                                  published=published, url=url, by=s.user)
    output.write(brief["id"] + "\n")


def brief_list(
    ctx: typer.Context,
    fmt: str = format_option("table", ("table", "json")),
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
    for r in store.scan(archived=False):
        counts[r.get("brief") or ""] = counts.get(r.get("brief") or "", 0) + 1
    headers = ("ID", "Title", "Publisher", "Published", "Recs")
    rows = [[b["id"], b["title"], b["publisher"], b["published"], str(counts.get(b["id"], 0))] for b in briefs]
    if not output.fancy():
        output.write(output.plain_table(headers, rows, right=(4,)))
        return
    from recs.cli import table

    table.Table([table.Column("ID", style="bold"), table.Column("Title", flex=True, wrap=True),
                 table.Column("Publisher", flex=True, wrap=True), table.Column("Published"),
                 table.Column("Recs", right=True)]).print(rows)


def brief_show(
    ctx: typer.Context,
    brief_id: str = typer.Argument(..., metavar="ID", help="The brief's id (see `recs brief list`).",
                                autocompletion=completing.briefs),
    fmt: str = format_option("table", ("table", "json")),
) -> None:
    """One brief: its fields, how many recommendations come from it, and its history."""
    from recs.store import Store
    from recs.tracker.briefs import pointing

    fmt = output.check_format(fmt, ("table", "json"), "brief show")
    store = Store.open(settings(ctx).store_path())
    brief = store.brief(brief_id)
    if fmt == "json":
        output.write_json(brief)
        return
    listed, archived = pointing(store, brief["id"])
    rows = [["Title", brief["title"]], ["Publisher", brief["publisher"]], ["Published", brief["published"]],
            ["URL", brief.get("url") or "(none)"],
            ["Recommendations", f"{listed}" + (f" (and {archived} archived)" if archived else "")]]
    output.write(output.plain_table(("Brief", brief["id"]), rows))
    history = brief.get("history") or []
    if history:
        from recs.cli.views import show_value

        output.write("\n" + output.plain_table(("When", "Who", "Field", "Old", "New", "Note"), [
            [h.get("at", ""), h.get("by", ""), h.get("field", ""), show_value("", h.get("old")),
             show_value("", h.get("new")), h.get("note") or ""] for h in history], title="History"))


def brief_update(
    ctx: typer.Context,
    brief_id: str = typer.Argument(..., metavar="ID", help="The brief's id (see `recs brief list`).",
                                autocompletion=completing.briefs),
    title: str = typer.Option(None, "--title", metavar="TEXT", help="A new title."),
    publisher: str = typer.Option(None, "--publisher", metavar="NAME", help="Who published it."),
    published: str = typer.Option(None, "--published", metavar="DATE", help="Publication date: YYYY-MM-DD, YYYY-MM or YYYY."),
    url: str = typer.Option(None, "--url", metavar="URL", help='Link to the brief ("" removes it).'),
    note: str = typer.Option(None, "--note", "-m", metavar="TEXT", help="Why, for the history."),
) -> None:
    """Change a brief's title, publisher, publication date or link; each change is
    recorded in the brief's history (`recs undo` reverts it)."""
    from recs.core.errors import UsageError
    from recs.tracker.briefs import update_brief

    changes = {"title": title, "publisher": publisher, "published": published, "url": url}
    if all(v is None for v in changes.values()):
        raise UsageError("nothing to change: give --title, --publisher, --published or --url")
    s = settings(ctx)
    with saving.change(s.store_path()) as store:
        entries = update_brief(store, brief_id, changes, by=s.user, note=note)
    if not entries:
        output.message(f"brief {brief_id}: nothing changed (the values given are the current ones)"
                       + ("; the note was not recorded" if note else ""))
    for e in entries:
        output.message(f"brief {brief_id}: {e['field']} {e['old'] or '(none)'} → {e['new'] or '(none)'}")


def brief_remove(
    ctx: typer.Context,
    brief_id: str = typer.Argument(..., metavar="ID", help="The brief's id (see `recs brief list`).",
                                autocompletion=completing.briefs),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    note: str = typer.Option(None, "--note", "-m", metavar="TEXT", help="Why, for the history."),
) -> None:
    """Remove a brief no recommendation comes from (refused while any does, archived
    ones included). It is kept with its history and its id is never reused;
    `recs undo` brings it back."""
    from recs.cli.prompts import confirm_or_yes
    from recs.store import Store
    from recs.tracker.briefs import remove_brief

    s = settings(ctx)
    path = s.store_path()
    brief = Store.open(path).brief(brief_id)
    confirm_or_yes(f"Remove brief {brief['id']} ({brief['title']})?", yes, "brief remove")
    with saving.change(path) as store:
        remove_brief(store, brief["id"], by=s.user, note=note)
    output.message(f"brief {brief['id']}: removed (`recs undo` brings it back)")


HELP = "The briefs recommendations come from."
SUBCOMMANDS = {"add": brief_add, "list": brief_list, "show": brief_show, "update": brief_update,
               "remove": brief_remove}
