"""`recs due`: what is overdue and what falls due soon, by actor."""

import typer

from recs.cli import output
from recs.cli.context import settings
from recs.cli import options
from recs.cli.options import format_option


#: Examples shown at the end of `--help` (see recs/cli/helptext.py).
EXAMPLES = {
    "due": (
        "recs due",
        "recs due --within 3m",
        "recs due --quiet",
    ),
}


# -- due -----------------------------------------------------------------
def due(
    ctx: typer.Context,
    within: str = typer.Option("30d", "--within", metavar="SPAN",
                               help="Due soon: within this span (30d, 2w, 3m, 1y) or by this date (YYYY-MM-DD, YYYY-MM or YYYY)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing; only the exit code says (1: overdue)."),
    actor: list[str] = options.actor_filter(),
    brief: list[str] = options.brief_filter(),
    tag: list[str] = options.tag_filter(),
    owner: list[str] = options.owner_filter(),
    mine: bool = options.mine_option(),
    fmt: str = format_option("table", ("table", "json")),
) -> None:
    """What is overdue and what falls due soon, by actor.

    Exits 1 when something is overdue, 0 when nothing is (for cron or CI:
    `recs due --quiet || …`). Archived recommendations (`recs remove`) are left out."""
    from recs.core import dates
    from recs.tracker import deadlines, queries
    from recs.store import Store

    fmt = output.check_format(fmt, ("table", "json"), "due")
    today = dates.today()
    horizon = dates.parse_within(within, today)
    s = settings(ctx)
    store = Store.open(s.store_path())
    flt = options.make_filter(store, s.user, status=[], actor=actor, brief=brief, tag=tag, owner=owner, mine=mine)
    records = queries.narrowed(lambda: store.scan(ordered=True, archived=False), flt)
    found = deadlines.build(records, today=today, horizon=horizon, names=flt.names)
    if actor:  # by actor: only the actors asked for (a recommendation also lists its other actors)
        only = queries.Filter(actors=actor, names=flt.names)
        rows = queries.select(({"actors": [e["actor"]], "entry": e} for e in found["by_actor"]), only)
        found["by_actor"] = [r["entry"] for r in rows]
    if quiet:
        pass
    elif fmt == "json":
        output.write_json(found)
    else:
        render_due(found)
    if found["overdue"]:
        raise typer.Exit(1)


def render_due(found: dict) -> None:
    """`due` as a table per actor: overdue first, then due soon."""
    from recs.core import dates, statuses

    if not found["by_actor"]:
        output.message(f"Nothing overdue, nothing due by {dates.readable(found['horizon'])}.")
        return
    rows_by_id = {r["id"]: r for r in found["overdue"] + found["due_soon"]}
    lines = []
    for entry in found["by_actor"]:
        for kind, label in (("overdue", "OVERDUE"), ("due_soon", "due soon")):
            for rec_id in entry[kind]:
                r = rows_by_id[rec_id]
                lines.append([entry["actor"], label, r["id"], dates.readable(r["due"]), r["status"], r["title"]])
    caption = (f"{len(found['overdue'])} overdue, {len(found['due_soon'])} due by "
               f"{dates.readable(found['horizon'])} (today is {dates.readable(found['today'])})")
    headers = ("Actor", "When", "ID", "Due", "Status", "Title")
    if not output.fancy():
        plain = [[*line[:4], statuses.label(line[4]), line[5]] for line in lines]
        output.write(output.plain_table(headers, plain, caption=caption))
        return
    from recs.cli import table

    columns = [table.Column(h, flex=h in ("Actor", "Title"), style="bold" if h == "ID" else "") for h in headers]
    rows = [[*line[:4], (statuses.label(line[4]), output.STATUS_STYLES.get(line[4], "")), line[5]] for line in lines]
    table.Table(columns).print(rows, caption=caption)
