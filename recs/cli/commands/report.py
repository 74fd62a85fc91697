"""`recs report`: the progress report, on a terminal or as md, html, json.

Thin: parses its options, builds the report model (`recs.tracker.reports`) and
renders it here (terminal, plain) or through `recs.formats.markdown` and
`recs.formats.htmlpage`.
"""


from recs.cli import output
from recs.cli.context import Settings
from recs.cli import options
from recs.tracker.reports import DEFAULT_STALE_DAYS, Status, cell_text

TYPE_CHECKING = False  # (typing is for the type checker: its import is ~5 ms of a report)
if TYPE_CHECKING:
    from typing import Any

REPORT_FORMATS = ("table", "md", "html", "json")


#: Examples shown at the end of `--help` (see recs/cli/helptext.py).
EXAMPLES = {
    "report": (
        "recs report",
        "recs report --from 2024-01 --format md",
        "recs report --by actor --audience external --format html",
    ),
}


# -- report --------------------------------------------------------------
def declare() -> "Any":
    """`recs report`'s parameters, for typer (the quick path reads them from `recs.cli.quickspec`)."""
    import typer

    from recs.cli.context import settings
    from recs.cli.options import format_option

    def report(
        ctx: typer.Context,
        by: str = typer.Option("status", "--by", metavar="GROUP", help="Group by: status, actor, brief or owner."),
        status: list[str] = options.status_filter(),
        actor: list[str] = options.actor_filter(),
        brief: list[str] = options.brief_filter(),
        tag: list[str] = options.tag_filter(),
        owner: list[str] = options.owner_filter(),
        mine: bool = options.mine_option(),
        field: list[str] = options.field_filter(),
        as_of: str = typer.Option(None, "--as-of", metavar="DATE",
                                  help="The tracker as it stood at the end of DATE (YYYY-MM-DD, YYYY-MM or YYYY): statuses, counts, evidence."),
        from_: str = typer.Option(None, "--from", metavar="DATE",
                                  help="What moved from DATE (YYYY-MM-DD, YYYY-MM or YYYY; a month or year: from its first day): status changes and evidence that took effect then, "
                                       "with the counts at both ends."),
        since: str = typer.Option(None, "--since", metavar="DATE", help="A short form of --from (YYYY-MM-DD, YYYY-MM or YYYY)."),
        to: str = typer.Option(None, "--to", metavar="DATE", help="End of the period (YYYY-MM-DD, YYYY-MM or YYYY: its last day; default: today)."),
        trend: str = typer.Option(None, "--trend", metavar="PERIOD",
                                  help="The count of each status at the end of every month, quarter or year."),
        within: str = typer.Option("30d", "--within", metavar="SPAN",
                                   help="'Due soon' means within this span (30d, 2w, 3m) or by this date (YYYY-MM-DD, YYYY-MM or YYYY)."),
        audience: str = typer.Option("internal", "--audience", metavar="WHO",
                                     help="internal, or external: without the stale list, names and notes."),
        title: str = typer.Option(None, "--title", metavar="TEXT", help="The report's title (default: the brief's)."),
        stale_days: int = typer.Option(DEFAULT_STALE_DAYS, "--stale-days", metavar="DAYS",
                                       help="Open recommendations with no change for this many days are stale."),
        fmt: str = format_option("table", REPORT_FORMATS),
        pager: bool = typer.Option(True, "--pager/--no-pager",
                                   help="On a terminal, show the report through $PAGER (as `recs list` does: "
                                        "one that fits the screen is just printed). Never when piped."),
    ) -> None:
        """Progress report: title and period, headline, status table, trend, deadlines, every
        recommendation with its latest evidence, what changed in a period. Archived
        recommendations (`recs remove`) are left out."""
        run(settings(ctx), by=by, status=status, actor=actor, brief=brief, tag=tag, owner=owner, mine=mine,
            field=field, as_of=as_of, from_=from_, since=since, to=to, trend=trend, within=within,
            audience=audience, title=title, stale_days=stale_days, fmt=fmt, pager=pager)

    return report


def run(settings: Settings, *, by: str, status: list[str], actor: list[str], brief: list[str], tag: list[str],
        owner: list[str], mine: bool, field: list[str], as_of: str | None, from_: str | None, since: str | None,
        to: str | None, trend: str | None, within: str, audience: str, title: str | None, stale_days: int,
        fmt: str, pager: bool) -> None:
    """Build the progress report and render it in its format."""
    from recs.core import dates, fields
    from recs.tracker import queries, reports
    from recs.core.errors import RecsError, UsageError
    from recs.store import Store

    fmt = output.check_format(fmt, REPORT_FORMATS, "report")
    group = by.strip().lower()
    if group not in reports.GROUPINGS:
        raise UsageError(f"unknown --by {by!r}; choose from: {', '.join(reports.GROUPINGS)}")
    if not 1 <= stale_days <= 36_500:
        raise UsageError(f"--stale-days takes a number of days from 1 to 36,500 (100 years), not {stale_days}")
    who = audience.strip().lower()
    if who not in reports.AUDIENCES:
        raise UsageError(f"unknown --audience {audience!r}; choose from: {', '.join(reports.AUDIENCES)}")
    if who == "external" and (group == "owner" or owner or mine):
        raise UsageError("owners are staff names, which an external report leaves out: "
                         "drop --by owner, --owner and --mine, or use --audience internal")
    period = None
    if trend is not None:
        period = trend.strip().lower()
        if period not in dates.PERIODS:
            raise UsageError(f"unknown --trend {trend!r}; choose from: {', '.join(dates.PERIODS)}")
    if from_ is not None and since is not None:
        raise UsageError("--since is a short form of --from: give one of them")
    from_name = "--since" if since is not None else "--from"  # errors name the option typed
    from_ = since if since is not None else from_
    if as_of is not None and (from_ is not None or to is not None):
        raise UsageError(f"--as-of shows one day; {from_name}/--to a period: give one or the other")
    today = dates.today()
    # a date that covers today (`2026-12` in December 2026) means today; one wholly ahead is refused
    day = dates.parse_until(as_of, "--as-of", today) if as_of is not None else None
    start = dates.parse_from(from_, from_name, today) if from_ is not None else None  # `2025-07`: from 1 July
    end = dates.parse_until(to, "--to", today) if to is not None else None
    if end is not None and start is None:  # --to alone: the tracker as it stood then
        day, end = end, None
    if start is not None and end is not None and start > end:
        raise RecsError(f"{from_name} {start} is after --to {end}")  # a value: exit code 1
    horizon = dates.parse_within(within, day or end or today)
    if title is not None:
        title = fields.title(title)
    s = settings
    store = Store.open(s.store_path())
    flt = options.make_filter(store, s.user, status=status, actor=actor, brief=brief, tag=tag, owner=owner,
                              mine=mine, fields=[queries.parse_field(f) for f in field])
    summarised = day is None and start is None and period is None  # a report of today
    rep = reports.build(_records(store, flt, summarised), by=group, as_of=day, start=start, end=end, trend=period,
                        horizon=horizon, stale_days=stale_days, today=today, audience=who, title=title,
                        organisation=store.meta().get("organisation"), briefs=store.briefs(),
                        narrowed=flt.described(), names=flt.names, summarised=summarised)
    rep["narrowed"] = _narrowed(rep, flt)
    if fmt == "json":
        output.write_json(rep)
    elif fmt == "md":
        from recs.formats import markdown

        output.write(markdown.report(rep))
    elif fmt == "html":
        from recs.formats import htmlpage

        output.write(htmlpage.report(rep))
    else:
        from recs.cli.pager import paged

        with paged(pager):  # (a thousand recommendations are many screens)
            render_report(rep)


def _narrowed(rep: dict, flt: "Any") -> list[dict]:
    """What the report was narrowed to, each actor named as the tracker spells it."""
    if not flt.actors:
        return rep["narrowed"]
    return [{"what": what, "values": values} for what, values in flt.described(_spellings(rep, flt))]


def _spellings(rep: dict, flt: "Any") -> dict[str, str]:
    """Each actor of the report's recommendations as the tracker spells it, by `names.key`
    (the first spelling met, in id order)."""
    spelled: dict[str, str] = {}
    for row in rep["recommendations"]:
        for name in row["actors"]:
            spelled.setdefault(flt.names.key(name), name)
    return spelled


def _records(store: "Any", flt: "Any", summarised: bool) -> "Any":
    """What the report reads, narrowed by the filter: for a report of today, each
    record's summary (`reports.summary`, kept between reports: a record unchanged
    since is not read again); else the records themselves."""
    from recs.tracker import queries, reports

    if summarised:
        return queries.narrowed(lambda: store.derived("report", reports.SUMMARY_VERSION, reports.summary), flt)
    return queries.narrowed(lambda: store.scan(ordered=True, statuses=flt.statuses, archived=False), flt)


def report_head(rep: dict) -> tuple[list[str], str, str]:
    """The lines above the tables: title, brief, organisation and period, headline."""
    from recs.tracker import reports

    lines = [rep["title"]]
    if rep["subtitle"]:
        lines.append(rep["subtitle"])
    if rep.get("organisation"):
        lines.append(f"Report by {rep['organisation']}")
    lines.append(rep["period"]["label"])
    if rep.get("narrowed"):
        lines.append(reports.narrowed_line(rep))
    lines.append("")
    moved = reports.moved_line(rep)
    return lines, reports.headline_line(rep), (f"In the period: {moved}." if moved else "")


def short(text: str, most: int = 90) -> str:
    """A cell cut for a terminal (a long evidence summary); md and html show it whole."""
    return text if len(text) <= most else text[: most - 1] + "…"


def render_report_plain(rep: dict) -> None:
    """The report for a pipe or a file: the same content as plain text, without
    importing rich (the everyday commands' plain tables, `output.plain_table`)."""
    from recs.tracker import reports

    lines, headline, moved = report_head(rep)
    parts = [output.inert(line) + "\n" for line in lines]
    parts.append(f"{reports.text_bar(rep['implemented_percent'], 40)} {output.inert(headline)}\n")
    if moved:
        parts.append(output.inert(moved) + "\n")
    for sec in reports.sections(rep):
        parts.append("\n")
        if not sec.rows:
            parts.append(output.inert(f"{sec.heading}: {sec.empty.lower().rstrip('.')}.") + "\n")
            continue
        parts.append(output.plain_table(sec.headers, [[short(reports.cell_text(c)) for c in row] for row in sec.rows],
                                        title=sec.heading, caption=sec.more or None, right=sec.numeric))
    output.write("".join(parts))


def render_report(rep: dict) -> None:
    """The report on a terminal (plain when piped): its tables drawn by
    `recs.cli.table`, as the everyday commands' are (not rich's layout)."""
    if not output.fancy():
        render_report_plain(rep)
        return
    import sys

    from recs.cli import table
    from recs.cli.views import paragraph
    from recs.tracker import reports

    paint, width = table.painter(), table.terminal_width()
    lines, _, moved = report_head(rep)
    paragraph(lines[0], "bold", paint, width)
    for line in lines[1:]:
        paragraph(line, "", paint, width)
    sys.stdout.write(progress_bar(rep, paint, width))
    if moved:
        paragraph(moved, "", paint, width)
    sys.stdout.write("\n")
    for sec in reports.sections(rep):
        if not sec.rows:
            paragraph(f"{sec.heading}: {sec.empty.lower().rstrip('.')}.", "", paint, width)
            sys.stdout.write("\n")
            continue
        headers, rows = sec.headers, sec.rows
        kept = list(range(len(headers)))
        if sec.key == "groups":
            headers = group_headers(sec.headers, sec.rows)
        elif sec.key == "trend":
            headers, rows, kept = trend_table(sec.headers, sec.rows)
        elif sec.key == "recommendations" and width < 120:
            kept.pop()  # the latest evidence needs room: `--format md` or a wider terminal shows it
        # numbers against the right edge; ids, dates and the trend's periods whole; text wrapped at spaces
        whole = [i in sec.numeric or sec.key == "trend" or headers[i] in WHOLE for i in range(len(headers))]
        columns = [table.Column(headers[i], right=i in sec.numeric, flex=not whole[i], wrap=not whole[i])
                   for i in kept]
        cells = [[terminal_cell(row[i]) for i in kept] for row in rows]
        table.Table(columns, title=sec.heading, paint=paint, width=width).print(cells, caption=sec.more or None)
        sys.stdout.write("\n")
    sys.stdout.flush()


def terminal_cell(cell) -> "str | tuple[str, str]":
    """A report cell as a terminal table takes it: a status in its colour, other text `short`."""
    if type(cell) is str:  # (most cells)
        return short(cell)
    if isinstance(cell, Status):
        return cell_text(cell), output.STATUS_STYLES.get(cell.value, "")
    return short(cell_text(cell))


#: The report's columns shown whole on a terminal, whatever its width (ids and dates).
WHOLE = {"ID", "Due", "Date", "Last activity"}


#: Shorter headers for the counts by actor or brief, when the full ones would
#: leave the names too little room (an 80-column terminal cut them to `Interna…`).
SHORT_HEADERS = {"Not started": "Not\nstarted", "In progress": "In\nprogress", "Implemented": "Impl.",
                 "Not implemented": "Not\nimpl.", "Implemented %": "Impl.\n%", "Partially implemented": "Partial"}


def _width(headers: list[str], rows: list[list], columns: list[int]) -> int:
    """How wide a table of these columns is, unwrapped (three spaces between columns)."""
    from recs.tracker import reports

    widths = [max(max(map(len, headers[i].split("\n"))), *(len(reports.cell_text(row[i])) for row in rows))
              for i in columns]
    return sum(widths) + 3 * (len(widths) - 1)


def trend_table(headers: list[str], rows: list[list]) -> tuple[list[str], list[list], list[int]]:
    """The trend's headers, rows and the columns shown: all in full where they fit,
    else the statuses' short headers, then the End day with its month cut to three
    letters (`30 Sep 2023`); on a terminal too narrow even for that, without the End
    column. The period's name (`Q3 2023`) always shows."""
    from recs.cli.table import terminal_width
    from recs.core import dates

    width = terminal_width()
    every = list(range(len(headers)))
    if _width(headers, rows, every) <= width:
        return headers, rows, every
    headers = [SHORT_HEADERS.get(h, h) for h in headers]
    if _width(headers, rows, every) <= width:
        return headers, rows, every
    cut = [[row[0], " ".join(w[:3] if w in dates.MONTHS else w for w in str(row[1]).split())] + row[2:]
           for row in rows]
    if _width(headers, cut, every) <= width:
        return headers, cut, every
    return headers, rows, [0] + every[2:]


def group_headers(headers: list[str], rows: list[list]) -> list[str]:
    """The grouped table's headers: in full when the terminal leaves the names at
    least 24 columns (or all they need) beside them, else `SHORT_HEADERS`."""
    if len(headers) <= 3:  # by status: three short columns
        return headers
    from recs.cli.table import terminal_width

    def numbers_width(heads: list[str]) -> int:
        widths = [max(max(map(len, h.split("\n"))), *(len(str(row[i])) for row in rows))
                  for i, h in enumerate(heads) if i]
        return sum(widths) + 2 * len(widths)  # two spaces between columns

    names = min(24, max((len(str(row[0])) for row in rows), default=0))  # (cells are text here)
    if numbers_width(headers) + names <= terminal_width():
        return headers
    return [SHORT_HEADERS.get(h, h) for h in headers]


def progress_bar(rep: dict, paint, width: int) -> str:
    """The share implemented as a bar of coloured blocks, then the headline,
    wrapped at the terminal's width."""
    from recs.cli import table
    from recs.tracker.reports import headline_line

    done = round(40 * rep["implemented_percent"] / 100)
    bar = paint("█" * done, output.STATUS_STYLES["implemented"]) + paint("░" * (40 - done), "bright_black")
    if width <= 40:  # (a terminal too narrow for the bar and a word beside it)
        return bar + "\n" + "".join(line + "\n" for line in table.wrap(output.inert(headline_line(rep)), width))
    lines = table.wrap(f"{'█' * 40} {output.inert(headline_line(rep))}", width)
    lines[0] = bar + lines[0][40:]
    return "".join(line + "\n" for line in lines)
