"""`recs list`: recommendations, filtered, in any of the list formats."""

from collections.abc import Callable, Iterable
from functools import partial
from itertools import islice
from operator import itemgetter

from recs.cli import output
from recs.cli.context import Settings
from recs.cli.pager import paged
from recs.cli import options
from recs.cli.options import LIST_FORMATS
from recs.cli.views import LIST_COLUMNS, list_row, parse_columns, render_list

TYPE_CHECKING = False  # (typing is for the type checker: its import is ~5 ms of a report)
if TYPE_CHECKING:
    from typing import Any


#: Examples shown at the end of `--help` (see recs/cli/helptext.py).
EXAMPLES = {
    "list": (
        'recs list --status open --actor "European Union"',
        "recs list --overdue --format csv",
        "recs list --tag humanitarian --as-of 2024-06",
    ),
}


# -- list ----------------------------------------------------------------
def declare() -> "Any":
    """`recs list`'s parameters, for typer (the quick path reads them from `recs.cli.quickspec`)."""
    import typer

    from recs.cli import completing
    from recs.cli.context import settings
    from recs.cli.options import format_option

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
                                  help="As the tracker stood at the end of DATE (YYYY-MM-DD, YYYY-MM or YYYY): statuses, evidence and fields then."),
        sort: str = typer.Option(None, "--sort", metavar="FIELD,...", autocompletion=completing.sort_keys,
                                 help="Order by id, status, due, updated, title or actor (the lead); -FIELD for "
                                      "descending; several as due,-updated. Unset dues and actors come last. "
                                      "Every format. Default: by id."),
        limit: int = typer.Option(None, "--limit", "-n", metavar="N",
                                  help="Only the first N (after --sort), every format; how many more there are "
                                       "goes on stderr (a last line on a terminal)."),
        all_: bool = typer.Option(False, "--all", help="Every match: undoes a --limit given before."),
        columns: str = typer.Option(None, "--columns", metavar="NAME,...", autocompletion=completing.columns,
                                    help=f"The table's columns, in order: {', '.join(LIST_COLUMNS)}. "
                                         "The table only (json, ndjson and csv keep whole records)."),
        pager: bool = typer.Option(True, "--pager/--no-pager",
                                   help="On a terminal, show the table through $PAGER (else `less -R`, with "
                                        "LESS=FRX when LESS is unset: a list that fits the screen is just "
                                        "printed). Never when the output is piped or redirected."),
        archived: bool = typer.Option(False, "--archived", help="Only the archived ones (`recs remove`), which are left out otherwise."),
        fmt: str = format_option("table", LIST_FORMATS + ("ids",)),
    ) -> None:
        """List recommendations, filtered (archived ones only with --archived).

        On a terminal the table goes through a pager when it does not fit the
        screen, and starts at once however large the tracker: `--no-pager` prints
        it. Piped, it is plain text, every row whole.
        """
        run(settings(ctx), status=status, actor=actor, brief=brief, tag=tag, owner=owner, mine=mine,
            overdue=overdue, search=search, field=field, as_of=as_of, sort=sort, limit=limit, all_=all_,
            columns=columns, pager=pager, archived=archived, fmt=fmt)

    return list_


def run(settings: Settings, *, status: list[str], actor: list[str], brief: list[str], tag: list[str], owner:
        list[str], mine: bool, overdue: bool, search: str | None, field: list[str], as_of: str | None, sort: str |
        None, limit: int | None, all_: bool, columns: str | None, pager: bool, archived: bool, fmt: str) -> None:
    """List recommendations, filtered (archived ones only with --archived)."""
    from recs.tracker import queries
    from recs.store import Store

    fmt = output.check_format(fmt, LIST_FORMATS + ("ids",), "list")
    shown = parse_columns(columns)
    order = queries.parse_sort(sort) if sort is not None else []
    if not all_ and limit is not None and limit < 1:
        from recs.core.errors import UsageError

        raise UsageError(f"--limit takes a number of at least 1, not {limit}; --all lists every one")
    day = None
    if as_of is not None:
        from recs.core import dates

        day = dates.parse_until(as_of, "--as-of", dates.today())  # as `report --as-of`: never ahead
    s = settings
    store = Store.open(s.store_path())
    flt = options.make_filter(store, s.user, status=status, actor=actor, brief=brief, tag=tag, owner=owner,
                              mine=mine, overdue=overdue, search=search,
                              fields=[queries.parse_field(f) for f in field], today=day or "")
    # each match is kept as what the format prints of it, not as the whole record,
    # so a list of 100,000 recommendations never holds them all
    keep = _keeper(fmt, shown)
    if day is None:
        scanned = store.scan(ordered=True, statuses=flt.statuses, archived=archived)
    else:  # statuses then may differ from today's: every record is looked at
        from recs.tracker import timeline

        scanned = (v for r in store.scan(ordered=True) if (v := timeline.as_of(r, day)) is not None
                   and bool(v.get("archived")) is archived)  # archived then, or not
    found: Iterable[Any] | None = None
    if order:  # each match kept with what it is sorted by
        values = queries.sort_values(order)
        found = queries.ordered(queries.select(scanned, flt, keep=lambda r: (values(r), keep(r))), order)
    elif fmt == "table":  # rows on the screen as they are read
        found = queries.streamed(scanned, flt, keep)
    if found is None:
        found = queries.select(scanned, flt, keep=keep)
    count = None if all_ else limit
    rest = iter(found)
    page = islice(rest, count) if count else rest

    def more() -> int:  # what --limit left out, counted once the rows shown are done
        return sum(1 for _ in rest) if count else 0

    if fmt == "table":
        widest = {"id": max(map(len, store.ids()), default=0), "brief": max(map(len, store.brief_ids()), default=0)} \
            if output.fancy() else None  # (a streamed table's widths are fixed before its last rows are read)
        with paged(pager):
            render_list(page, shown, more, widest, filtered=store.count() > 0)  # (none at all: "none yet")
        return
    _write(fmt, list(page))
    if left := more():
        output.message(f"{left:,} more; use --limit N or --all to see them")


def _keeper(fmt: str, shown: tuple[str, ...]) -> "Callable[[dict], Any]":
    """What a format keeps of each match: what it prints of it, not the whole
    record, so a list of 100,000 recommendations never holds them all."""
    if fmt == "csv":
        from recs.formats import tabular

        return tabular.csv_item
    if fmt in ("json", "ndjson"):
        return output.json_item if fmt == "json" else output.ndjson_item
    if fmt == "ids":  # one id a line, for `recs update -`
        return itemgetter("id")
    return partial(list_row, columns=shown)


def _write(fmt: str, items: list) -> None:
    """The kept matches, in a format other than the table."""
    if fmt == "json":
        output.write_json_items(items)
    elif fmt == "ndjson":
        output.write_bytes(items)
    elif fmt == "ids":
        output.write("".join(f"{i}\n" for i in items))
    else:
        from recs.formats import tabular

        output.write_bytes(tabular.csv_pieces(items))
