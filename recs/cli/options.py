"""Options and arguments several commands share, declared once.

Each returns a fresh typer parameter declaration, used as a default value:
`fmt: str = format_option("table", LIST_FORMATS)`. The global options
(`--db`, `--as`, `--debug`) are declared once in `recs.cli.app`. typer is
imported only by the declarations, so that the quick path (`recs.cli.quick`)
can use the formats and `make_filter` without it.
"""

from __future__ import annotations


TYPE_CHECKING = False  # (typing is for the type checker: its import is ~5 ms of a report)
if TYPE_CHECKING:
    from typing import Any

LIST_FORMATS = ("table", "json", "ndjson", "csv")
SHOW_FORMATS = ("table", "json")
FORMAT_HELP = "Output format: {}."


def format_option(default: str | None, formats: tuple[str, ...] = (), *, help: str | None = None,
                  metavar: str | None = "FORMAT") -> Any:
    """`--format/-f`; its help names `formats` unless `help` is given."""
    import typer
    from recs.cli import completing

    return typer.Option(default, "--format", "-f", metavar=metavar, autocompletion=completing.choices(formats),
                        help=help if help is not None else FORMAT_HELP.format(", ".join(formats)))


def id_argument(archived: bool = False) -> Any:
    """The recommendation a command works on (`archived`: one `recs remove` archived, for completion)."""
    import typer
    from recs.cli import completing

    return typer.Argument(..., metavar="ID", help="Recommendation id, e.g. R1.",
                          autocompletion=completing.archived_ids if archived else completing.ids)



def evidence_id_argument() -> Any:
    """The evidence entry a command works on (`recs evidence edit|remove ID EID`)."""
    import typer
    from recs.cli import completing

    return typer.Argument(..., metavar="EID", help="Evidence id, e.g. E2 (see `recs show ID`).",
                          autocompletion=completing.evidence_ids)

# -- the filters `list` and `report` share ---------------------------------
def status_filter() -> Any:
    import typer
    from recs.cli import completing

    return typer.Option([], "--status", "-s", metavar="STATUS", autocompletion=completing.status_filters,
                        help="Only this status (repeatable: any of them; also 'open', 'closed').")


def actor_filter() -> Any:
    import typer
    from recs.cli import completing

    return typer.Option([], "--actor", "-a", metavar="NAME", autocompletion=completing.actors,
                        help="Only this actor (repeatable: any of them; whole name or alias, any case; "
                             "if no actor has it, names with a word starting so).")


def brief_filter() -> Any:
    import typer
    from recs.cli import completing

    return typer.Option([], "--brief", "-b", metavar="BRIEF", autocompletion=completing.briefs, help="Only from this brief id (repeatable: any of them).")


def tag_filter() -> Any:
    import typer
    from recs.cli import completing

    return typer.Option([], "--tag", "-t", metavar="TAG", autocompletion=completing.tags, help="Only with this tag (repeatable: all must match).")


def owner_filter() -> Any:
    import typer
    from recs.cli import completing

    return typer.Option([], "--owner", metavar="NAME", autocompletion=completing.owners,
                        help="Only those this person owns (repeatable: any of them).")


def field_filter() -> Any:
    import typer

    return typer.Option([], "--field", metavar="NAME=VALUE",
                        help="Only where an imported source field has this value (repeatable: one NAME given twice matches either value, different NAMEs all must match).")


def mine_option() -> Any:
    import typer

    return typer.Option(False, "--mine", help="Only those you own (you: --as, RECS_USER, else your OS user).")


def make_filter(store: Any, user: str, *, status: list[str], actor: list[str], brief: list[str],
                tag: list[str], owner: list[str], mine: bool, **more: Any) -> Any:
    """The `queries.Filter` of these options on an open tracker (its actor aliases;
    a brief it lacks is refused: a typo would match nothing); `more`: the other
    fields of the filter."""
    from recs.core import statuses
    from recs.core.errors import UsageError
    from recs.tracker import queries
    from recs.tracker.actors import Names

    for option, values in (("--actor", actor), ("--brief", brief), ("--tag", tag), ("--owner", owner)):
        if any(not v.strip() for v in values):
            raise UsageError(f"{option} needs a value; it was empty")
    known = {b.lower() for b in store.brief_ids()}
    for b in brief:
        if b.strip().lower() not in known:
            store.brief(b.strip())  # NotFound, naming the briefs there are
    return queries.Filter(statuses=statuses.expand_filter(status), actors=actor, briefs=brief, tags=tag,
                          owners=owner + ([user] if mine else []), names=Names.of(store.meta()), **more)
