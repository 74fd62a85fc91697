"""`recs add TITLE`: a new recommendation."""

import typer

from recs.cli import completing, output, saving
from recs.cli.context import settings


#: Examples shown at the end of `--help` (see recs/cli/helptext.py).
EXAMPLES = {
    "add": (
        'recs add "Fund the refugee housing plan" --actor "European Union"',
        'recs add "Reopen the corridor" --actor UN --tag security --due 2025-06',
    ),
}


# -- add -----------------------------------------------------------------
def add(
    ctx: typer.Context,
    title: str = typer.Argument(..., metavar="TITLE", help="One-line title."),
    actor: list[str] = typer.Option([], "--actor", "-a", metavar="NAME", autocompletion=completing.actors, help="Responsible actor (repeatable; the first is the lead)."),
    brief: str = typer.Option(None, "--brief", "-b", metavar="BRIEF", autocompletion=completing.briefs, help="Brief id (default: the tracker's only brief)."),
    text: str = typer.Option("", "--text", metavar="TEXT", help="The recommendation in full."),
    quote: str = typer.Option("", "--quote", metavar="TEXT", help="The brief's own words, verbatim."),
    due: str = typer.Option(None, "--due", metavar="DATE", help="Target date: YYYY-MM-DD, YYYY-MM or YYYY."),
    tag: list[str] = typer.Option([], "--tag", "-t", metavar="TAG", autocompletion=completing.tags, help="Theme tag (repeatable)."),
    owner: list[str] = typer.Option([], "--owner", metavar="NAME", autocompletion=completing.owners, help="Staff who follow it (repeatable)."),
    rec_id: str = typer.Option(None, "--id", metavar="ID", help="A custom id (default: the next R<n>)."),
    note: str = typer.Option(None, "--note", metavar="TEXT", help="Why it was added, for the history."),
    on: str = typer.Option(None, "--on", metavar="DATE",
                           help="The day it exists from (YYYY-MM-DD, YYYY-MM or YYYY; default: its brief's publication date, else today)."),
) -> None:
    """Add a recommendation; prints its id."""
    from recs.tracker import operations as tracker

    s = settings(ctx)
    with saving.change(s.store_path()) as store:
        record = tracker.add_recommendation(store, title=title, actors=actor, by=s.user, brief=brief,
                                            text=text, quote=quote, due=due, tags=tag, rec_id=rec_id, note=note,
                                            on=on, owners=owner)
    output.write(record["id"] + "\n")
