"""`recs brief add|list`: the briefs recommendations come from."""

import typer

from recs.cli import output, saving
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
}


# -- brief ---------------------------------------------------------------
def brief_add(
    ctx: typer.Context,
    brief_id: str = typer.Argument(..., metavar="BRIEF", help="The brief's id: a short slug, e.g. apri-2023-09-20."),
    title: str = typer.Option(..., "--title", metavar="TEXT", help="The brief's title."),
    publisher: str = typer.Option(..., "--publisher", metavar="NAME", help="Who published it."),
    published: str = typer.Option(..., "--published", metavar="DATE", help="Publication date: YYYY-MM-DD, YYYY-MM or YYYY."),
    url: str = typer.Option(None, "--url", metavar="URL", help="Where it is published."),
) -> None:
    """Register a brief."""
    from recs.tracker import operations as tracker

    with saving.change(settings(ctx).store_path()) as store:
        brief = tracker.add_brief(store, brief_id=brief_id, title=title, publisher=publisher,
                                  published=published, url=url)
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
    for r in store.scan():
        counts[r.get("brief") or ""] = counts.get(r.get("brief") or "", 0) + 1
    t = output.table("ID", "Title", "Publisher", "Published", "Recs")
    for b in briefs:
        t.add_row(output.text(b["id"], "bold"), output.text(b["title"]), output.text(b["publisher"]),
                  output.text(b["published"]), output.text(counts.get(b["id"], 0)))
    output.show(t)


HELP = "The briefs recommendations come from."
SUBCOMMANDS = {"add": brief_add, "list": brief_list}
