"""`recs list`: recommendations, filtered, in any of the list formats."""

from operator import itemgetter

import typer

from recs.cli import output
from recs.cli.context import settings
from recs.cli import options
from recs.cli.options import LIST_FORMATS, format_option
from recs.cli.views import list_row, render_list


# -- list ----------------------------------------------------------------
def list_(
    ctx: typer.Context,
    status: list[str] = options.status_filter(),
    actor: list[str] = options.actor_filter(),
    brief: list[str] = options.brief_filter(),
    tag: list[str] = options.tag_filter(),
    owner: list[str] = options.owner_filter(),
    mine: bool = options.mine_option(),
    overdue: bool = typer.Option(False, "--overdue", help="Only open ones past their due date."),
    search: str = typer.Option(None, "--search", "-q", metavar="TEXT", help="Only those whose text, actors, tags or evidence contain this."),
    field: list[str] = options.field_filter(),
    as_of: str = typer.Option(None, "--as-of", metavar="DATE",
                              help="As the tracker stood at the end of DATE: statuses, evidence and fields then."),
    fmt: str = format_option("table", LIST_FORMATS + ("ids",)),
) -> None:
    """List recommendations, filtered."""
    from recs.tracker import queries
    from recs.store import Store

    fmt = output.check_format(fmt, LIST_FORMATS + ("ids",), "list")
    day = None
    if as_of is not None:
        from recs.core import dates

        day = dates.parse_until(as_of, "--as-of", dates.today())  # as `report --as-of`: never ahead
    s = settings(ctx)
    store = Store.open(s.store_path())
    flt = options.make_filter(store, s.user, status=status, actor=actor, brief=brief, tag=tag, owner=owner,
                              mine=mine, overdue=overdue, search=search,
                              fields=[queries.parse_field(f) for f in field], today=day or "")
    # each match is kept as what the format prints of it, not as the whole record,
    # so a list of 100,000 recommendations never holds them all
    if fmt == "csv":
        from recs.formats import tabular

        keep = tabular.csv_item
    elif fmt == "ids":  # one id a line, for `recs update -`
        keep = itemgetter("id")  # type: ignore[assignment]
    else:
        keep = {"json": output.json_item, "ndjson": output.ndjson_item}.get(fmt, list_row)  # type: ignore[assignment,arg-type]
    if day is None:
        scanned = store.scan(ordered=True, statuses=flt.statuses)
    else:  # statuses then may differ from today's: every record is looked at
        from recs.tracker import timeline

        scanned = (v for r in store.scan(ordered=True) if (v := timeline.as_of(r, day)) is not None)
    found = queries.select(scanned, flt, keep=keep)
    if fmt == "json":
        output.write_json_items(found)
    elif fmt == "ndjson":
        output.write_bytes(found)
    elif fmt == "csv":
        output.write_bytes(tabular.csv_pieces(found))
    elif fmt == "ids":
        output.write("".join(f"{i}\n" for i in found))
    else:
        render_list(found)
