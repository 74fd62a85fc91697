"""`recs report`: the progress report, on a terminal or as md, html, json.

Thin: parses its options, builds the report model (`recs.tracker.reports`) and
renders it here (terminal, plain) or through `recs.formats.markdown` and
`recs.formats.htmlpage`.
"""

import typer

from recs.cli import output
from recs.cli.context import settings
from recs.cli.options import format_option
from recs.tracker.reports import DEFAULT_STALE_DAYS

REPORT_FORMATS = ("table", "md", "html", "json")


# -- report --------------------------------------------------------------
def report(
    ctx: typer.Context,
    by: str = typer.Option("status", "--by", metavar="GROUP", help="Group by: status, actor or brief."),
    as_of: str = typer.Option(None, "--as-of", metavar="DATE",
                              help="The tracker as it stood at the end of DATE (statuses, counts, evidence)."),
    from_: str = typer.Option(None, "--from", "--since", metavar="DATE",
                              help="What moved from DATE (status changes and evidence that took effect then), "
                                   "with the counts at both ends."),
    to: str = typer.Option(None, "--to", metavar="DATE", help="End of the period (default: today)."),
    trend: str = typer.Option(None, "--trend", metavar="PERIOD",
                              help="The count of each status at the end of every month, quarter or year."),
    within: str = typer.Option("30d", "--within", metavar="SPAN",
                               help="'Due soon' means within this span (30d, 2w, 3m) or by this date."),
    audience: str = typer.Option("internal", "--audience", metavar="WHO",
                                 help="internal, or external: without the stale list, names and notes."),
    title: str = typer.Option(None, "--title", metavar="TEXT", help="The report's title (default: the brief's)."),
    stale_days: int = typer.Option(DEFAULT_STALE_DAYS, "--stale-days", metavar="DAYS",
                                   help="Open recommendations with no change for this many days are stale."),
    fmt: str = format_option("table", REPORT_FORMATS),
) -> None:
    """Progress report: title and period, headline, status table, trend, deadlines, every
    recommendation with its latest evidence, what changed in a period."""
    from recs.core import dates, fields
    from recs.tracker import reports
    from recs.core.errors import RecsError, UsageError
    from recs.store import Store

    fmt = output.check_format(fmt, REPORT_FORMATS, "report")
    group = by.strip().lower()
    if group not in reports.GROUPINGS:
        raise UsageError(f"unknown --by {by!r}; choose from: {', '.join(reports.GROUPINGS)}")
    if stale_days < 1:
        raise UsageError(f"--stale-days must be at least 1 (got {stale_days})")
    who = audience.strip().lower()
    if who not in reports.AUDIENCES:
        raise UsageError(f"unknown --audience {audience!r}; choose from: {', '.join(reports.AUDIENCES)}")
    period = None
    if trend is not None:
        period = trend.strip().lower()
        if period not in dates.PERIODS:
            raise UsageError(f"unknown --trend {trend!r}; choose from: {', '.join(dates.PERIODS)}")
    today = dates.today()
    day = dates.parse_day(as_of, "--as-of date") if as_of is not None else None
    start = dates.parse_date(from_, "--from date") if from_ is not None else None
    start = dates.first_day(start) if start else None  # `--from 2025-07`: from its first day
    end = dates.parse_day(to, "--to date") if to is not None else None
    if day is not None and (start is not None or end is not None):
        raise UsageError("--as-of shows one day; --from/--to a period: give one or the other")
    for name, value in (("--as-of", day), ("--to", end), ("--from", start)):
        if value is not None and value > today:
            raise RecsError(f"{name} {value} is in the future (today is {today})")
    if end is not None and start is None:
        start = None  # --to alone: the tracker as it stood then
        day, end = end, None
    if start is not None and end is not None and start > end:
        raise UsageError(f"--from {start} is after --to {end}")
    horizon = dates.parse_within(within, day or end or today)
    if title is not None:
        title = fields.title(title)
    store = Store.open(settings(ctx).store_path())
    rep = reports.build(store.scan(ordered=True), by=group, as_of=day, start=start, end=end, trend=period,
                        horizon=horizon, stale_days=stale_days, today=today, audience=who, title=title,
                        organisation=store.meta().get("organisation"), briefs=store.briefs())
    if fmt == "json":
        output.write_json(rep)
    elif fmt == "md":
        from recs.formats import markdown

        output.write(markdown.report(rep))
    elif fmt == "html":
        from recs.formats import htmlpage

        output.write(htmlpage.report(rep))
    else:
        render_report(rep)


def report_head(rep: dict) -> tuple[list[str], str, str]:
    """The lines above the tables: title, brief, organisation and period, headline."""
    from recs.tracker import reports

    lines = [rep["title"]]
    if rep["subtitle"]:
        lines.append(rep["subtitle"])
    if rep.get("organisation"):
        lines.append(f"Report by {rep['organisation']}")
    lines += [rep["period"]["label"], ""]
    moved = reports.moved_line(rep)
    return lines, reports.headline_line(rep), (f"In the period: {moved}." if moved else "")


def short(text: str, most: int = 90) -> str:
    """A cell cut for a terminal (a long evidence summary); md and html show it whole."""
    return text if len(text) <= most else text[: most - 1] + "…"


def render_report_plain(rep: dict) -> None:
    """The report for a pipe or a file: the same content as plain text, without
    importing rich (the everyday commands' plain tables, `output.plain_table`)."""
    from recs.formats import markdown
    from recs.tracker import reports

    lines, headline, moved = report_head(rep)
    parts = [output.inert(line) + "\n" for line in lines]
    parts.append(f"{markdown.bar(rep['implemented_percent'], 40)} {output.inert(headline)}\n")
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
    """The report on a terminal (plain when piped)."""
    if not output.fancy():
        render_report_plain(rep)
        return
    from recs.tracker import reports
    from recs.cli.output import console

    lines, _, moved = report_head(rep)
    parts = [output.text(lines[0], "bold")] + [output.text(line) for line in lines[1:]]
    parts += [progress_bar(rep)] + ([output.text(moved)] if moved else []) + [output.text("")]
    for sec in reports.sections(rep):
        if not sec.rows:
            parts += [output.text(f"{sec.heading}: {sec.empty.lower().rstrip('.')}."), output.text("")]
            continue
        headers = group_headers(sec.headers, sec.rows) if sec.key == "groups" else sec.headers
        keep = len(headers)
        if sec.key == "recommendations" and console().width < 120:
            keep -= 1  # the latest evidence needs room: `--format md` or a wider terminal shows it
        t = output.table(*headers[:keep], title=sec.heading, caption=sec.more or None)
        for i, col in enumerate(t.columns):
            if i in sec.numeric:
                col.justify, col.no_wrap = "right", True
            else:  # wrapped at spaces, a word kept whole where it can be (never `Interna…`)
                words = [len(w) for row in sec.rows for w in output.inert(reports.cell_text(row[i])).split()]
                col.overflow, col.min_width = "fold", min(max(words, default=0), 24)
        for row in sec.rows:
            t.add_row(*(output.status(c.value) if isinstance(c, reports.Status)
                        else output.text(short(reports.cell_text(c))) for c in row[:keep]))
        parts += [t, output.text("")]
    output.show(*parts)


#: Shorter headers for the counts by actor or brief, when the full ones would
#: leave the names too little room (an 80-column terminal cut them to `Interna…`).
SHORT_HEADERS = {"Not started": "Not\nstarted", "In progress": "In\nprogress", "Implemented": "Impl.",
                 "Not implemented": "Not\nimpl.", "Implemented %": "Impl.\n%"}


def group_headers(headers: list[str], rows: list[list]) -> list[str]:
    """The grouped table's headers: in full when the terminal leaves the names at
    least 24 columns (or all they need) beside them, else `SHORT_HEADERS`."""
    if len(headers) <= 3:  # by status: three short columns
        return headers
    from recs.cli.output import console

    def numbers_width(heads: list[str]) -> int:
        widths = [max(max(map(len, h.split("\n"))), *(len(str(row[i])) for row in rows))
                  for i, h in enumerate(heads) if i]
        return sum(widths) + 2 * len(widths)  # two spaces between columns

    names = min(24, max((len(str(row[0])) for row in rows), default=0))  # (cells are text here)
    if numbers_width(headers) + names <= console().width:
        return headers
    return [SHORT_HEADERS.get(h, h) for h in headers]


def progress_bar(rep: dict):
    """The share implemented as a bar: coloured blocks, or `[###...]` when plain."""
    from rich.text import Text

    from recs.formats import markdown

    share = rep["implemented_percent"]
    line = Text()
    if output.fancy():
        done = round(40 * share / 100)
        line.append("█" * done, style=output.STATUS_STYLES["implemented"])
        line.append("░" * (40 - done), style="bright_black")
    else:
        line.append(markdown.bar(share, 40))
    from recs.tracker.reports import headline_line

    line.append(" " + headline_line(rep))
    return line


