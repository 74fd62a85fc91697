"""The progress report as one self-contained HTML page.

No external assets and no JavaScript: inline CSS and inline SVG charts (a
stacked bar of all recommendations by status, and one per group). Every
user text goes through `esc()` (`html.escape`, control characters shown).
"""

from html import escape

from recs import statuses
from recs.markdown import change_text, group_rows, show_control
from recs.reports import shown

COLOURS = {
    "implemented": "#2e7d32",
    "partial": "#66bb6a",
    "in_progress": "#f9a825",
    "not_started": "#b0bec5",
    "not_implemented": "#c62828",
}
#: Text colour on each segment, for contrast.
INK = {s: "#212121" if s in ("not_started", "in_progress", "partial") else "#fff" for s in COLOURS}
#: Order of the segments in a bar: done first, then work left, then given up.
ORDER = ("implemented", "partial", "in_progress", "not_started", "not_implemented")

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;color:#212121;line-height:1.45}
h1{margin-bottom:.2rem}.sub{color:#616161;margin-top:0}
.scroll{overflow-x:auto;margin:.5rem 0 1.5rem}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #e0e0e0;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f5f5f5}td.n{text-align:right;font-variant-numeric:tabular-nums}
.big{font-size:1.3rem}.legend span{display:inline-block;margin-right:1rem}
.sw{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-.05rem}
svg{display:block;width:100%}svg text{font-family:inherit}
.total{max-width:40rem}
.chart{margin:.5rem 0 1rem}
.chart .row{display:grid;grid-template-columns:minmax(6rem,16rem) 1fr 3.5rem;gap:.1rem .6rem;align-items:center;
margin:.2rem 0}
.chart .name{text-align:right;font-size:.85rem;overflow-wrap:anywhere}
.chart .num{font-size:.8rem;color:#616161;font-variant-numeric:tabular-nums}
@media (max-width:40rem){body{margin:1rem auto}th,td{padding:.3rem .35rem}
.chart .row{grid-template-columns:1fr 3.5rem}.chart .name{grid-column:1/-1;text-align:left}}
"""


def esc(value) -> str:
    """User text for HTML: escaped, control characters made visible."""
    return escape(show_control("" if value is None else str(value)), quote=True)


def _segments(by_status: dict, whole: int, height: int, labels: bool) -> list[str]:
    """The rects of a bar split by status, in percent of the bar's width (so that
    the bar follows the page's width while its numbers keep their size)."""
    parts, x = [], 0.0
    for s in ORDER:
        n = by_status.get(s, 0)
        if not n or not whole:
            continue
        w = 100 * n / whole
        parts.append(f'<rect x="{x:.3f}%" y="0" width="{w:.3f}%" height="{height}" fill="{COLOURS[s]}">'
                     f'<title>{esc(statuses.label(s))}: {n}</title></rect>')
        if labels and w >= 6:
            parts.append(f'<text x="{x + w / 2:.3f}%" y="{height / 2 + 5:.1f}" text-anchor="middle" '
                         f'font-size="13" fill="{INK[s]}">{n}</text>')
        x += w
    return parts


def stacked_bar(by_status: dict, total: int, height: int = 28, label: str = "") -> str:
    """An inline SVG bar, as wide as the page allows, split by status; each part
    titled with its count and, where there is room, showing it."""
    title = esc(label or "All recommendations")
    return "".join([f'<div class="total"><svg xmlns="http://www.w3.org/2000/svg" height="{height}" '
                    f'role="img" aria-label="{title}"><rect width="100%" height="{height}" fill="#eceff1"/>',
                    *_segments(by_status, total, height, labels=True), "</svg></div>"])


def legend() -> str:
    return '<p class="legend">' + "".join(
        f'<span><span class="sw" style="background:{COLOURS[s]}"></span>{esc(statuses.label(s))}</span>'
        for s in ORDER) + "</p>"


def group_chart(rep: dict) -> str:
    """One labelled stacked bar per group (by actor or brief), lengths relative to
    the largest group. A grid of rows: the name beside its bar, above it on a
    narrow screen, so names stay readable on a phone."""
    rows = rep["groups"][:30]
    if not rows:
        return ""
    top = max(g["count"] for g in rows)
    out = [f'<div class="chart" role="group" aria-label="Progress by {esc(rep["by"])}">']
    for g in rows:
        bar = _segments(g["by_status"], top, 16, labels=False)
        out.append(f'<div class="row"><span class="name">{esc(g["label"])}</span>'
                   f'<svg xmlns="http://www.w3.org/2000/svg" height="16" role="img" '
                   f'aria-label="{esc(g["label"])}: {g["count"]}">{"".join(bar)}</svg>'
                   f'<span class="num">{g["count"]}</span></div>')
    out.append("</div>")
    return "".join(out)


def html_table(headers: list[str], rows: list[list], numeric: set[int] = frozenset()) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f'<td{" class=n" if i in numeric else ""}>{esc(c)}</td>' for i, c in enumerate(row)) + "</tr>"
        for row in rows)
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def listing(rep: dict, key: str, headers: list[str], cells) -> str:
    """One of the report's lists as a table, cut to `reports.SHOWN` rows."""
    rows, more = shown(rep, key)
    if not rows:
        return "<p>None.</p>"
    more = esc(more).replace("`--format json`", "<code>--format json</code>")
    return html_table(headers, [cells(r) for r in rows]) + (f"<p>{more}</p>" if more else "")


def report(rep: dict, title: str = "Progress report") -> str:
    """The whole page."""
    total = rep["total"]
    counts = ", ".join(f"{rep['by_status'][s]} {esc(statuses.label(s).lower())}" for s in ORDER)
    head, rows = group_rows(rep)
    numeric = set(range(1, len(head)))
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{esc(title)}</h1><p class=sub>As of {esc(rep['today'])}</p>",
        f'<p class="big"><strong>{rep["implemented_percent"]:.1f}%</strong> implemented, '
        f'{rep["closed_percent"]:.1f}% closed, of {total} recommendation{"" if total == 1 else "s"}.</p>',
        stacked_bar(rep["by_status"], total), legend(), f"<p>{counts}.</p>",
        f"<h2>By {esc(rep['by'])}</h2>",
        group_chart(rep) if rep["by"] != "status" else "",
        html_table(head, rows, numeric),
        f"<h2>Overdue ({len(rep['overdue'])})</h2>",
        listing(rep, "overdue", ["ID", "Title", "Status", "Due", "Actors"],
                lambda r: [r["id"], r["title"], statuses.label(r["status"]), r["due"], ", ".join(r["actors"])]),
        f"<h2>Stale: no change in {rep['stale_days']} days ({len(rep['stale'])})</h2>",
        listing(rep, "stale", ["ID", "Title", "Status", "Last activity", "Actors"],
                lambda r: [r["id"], r["title"], statuses.label(r["status"]), r["last_activity"][:10],
                           ", ".join(r["actors"])]),
    ]
    if rep["changes"] is not None:
        parts.append(f"<h2>Changes since {esc(rep['since'])} ({len(rep['changes'])})</h2>")
        parts.append(listing(rep, "changes", ["When (UTC)", "By", "ID", "Change", "Note"],
                             lambda c: [c["at"], c["by"], c["id"], change_text(c), c.get("note") or ""]))
    parts.append(f"<p class=sub>Generated by recs at {esc(rep['generated'])}.</p></body></html>")
    return "\n".join(p for p in parts if p) + "\n"
