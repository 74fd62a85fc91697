"""The progress report as one self-contained HTML page, ready to send.

No external assets and no JavaScript: inline CSS (with print rules for A4)
and inline SVG charts (a stacked bar of all recommendations by status, one
per group, and the trend, one bar per period). The palette is safe for
colour-blind readers (after Okabe and Ito), and no status is told by colour
alone: "not implemented" is hatched, every bar is labelled with its counts,
and the tables name each status. Every user text goes through `esc()`
(`html.escape`, control characters shown).
"""

from html import escape

from recs.core import statuses
from recs.core.words import plural
from recs.formats.markdown import show_control

COLOURS = {
    "implemented": "#0072b2",
    "partial": "#56b4e9",
    "in_progress": "#e69f00",
    "not_started": "#d9d9d9",
    "not_implemented": "#8e3b63",
}
#: Text colour on each segment, for contrast.
INK = {s: "#212121" if s in ("not_started", "in_progress", "partial") else "#fff" for s in COLOURS}
#: How a segment is filled: not implemented is hatched, so it reads without colour.
FILL = {s: f"url(#recs-{s})" if s == "not_implemented" else COLOURS[s] for s in COLOURS}
PATTERNS = ('<svg style="position:absolute;width:0;height:0" aria-hidden="true"><defs>'
            '<pattern id="recs-not_implemented" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect width="6" height="6" fill="#8e3b63"/>'
            '<rect width="2" height="6" fill="#d4a5bd"/></pattern></defs></svg>')
#: Order of the segments in a bar: done first, then work left, then given up.
ORDER = ("implemented", "partial", "in_progress", "not_started", "not_implemented")

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:62rem;margin:2rem auto;
padding:0 1rem;color:#212121;line-height:1.45}
h1{margin-bottom:.2rem;line-height:1.2}.sub{color:#555;margin:.1rem 0}.period{font-weight:600;margin:.3rem 0 1rem}
h2{margin-top:1.8rem;border-bottom:2px solid #e0e0e0;padding-bottom:.2rem}
.scroll{overflow-x:auto;margin:.5rem 0 1.5rem}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #e0e0e0;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f5f5f5}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.big{font-size:1.3rem;margin:.4rem 0}.moved{margin:.2rem 0 1rem}
.sw{display:inline-block;width:.85rem;height:.85rem;margin-right:.35rem;vertical-align:-.1rem;border:1px solid #9e9e9e}
.sw svg{display:block;width:100%;height:100%}
svg{display:block;width:100%}svg text{font-family:inherit}
.total{max-width:44rem;margin:.6rem 0}
.chart{margin:.5rem 0 1rem}
.chart .row{display:grid;grid-template-columns:minmax(5rem,14rem) 1fr 5.5rem;gap:.1rem .6rem;align-items:center;
margin:.25rem 0}
.chart .name{text-align:right;font-size:.85rem;overflow-wrap:anywhere}
.chart .num{font-size:.8rem;color:#424242;font-variant-numeric:tabular-nums}
.chart .axis{font-size:.75rem;color:#616161}
.legend{display:flex;flex-wrap:wrap;gap:.2rem 1rem;font-size:.85rem;margin:.3rem 0 .8rem;padding:0;list-style:none}
.recs{list-style:none;padding:0;margin:.5rem 0}
.recs li{border-bottom:1px solid #e0e0e0;padding:.6rem 0;break-inside:avoid}
.recs h3{font-size:1rem;margin:0 0 .2rem}.recs .id{color:#616161;font-weight:600;margin-right:.4rem}
.recs .meta{font-size:.9rem;color:#424242;margin:.1rem 0}.recs .ev{font-size:.9rem;margin:.2rem 0 0}
.status{white-space:nowrap}
a{color:#0b5394;overflow-wrap:anywhere}
footer{margin-top:2rem;color:#757575;font-size:.8rem}
@media (max-width:40rem){body{margin:1rem auto}th,td{padding:.3rem .35rem}h1{font-size:1.5rem}
.chart .row{grid-template-columns:1fr 5rem}.chart .name{grid-column:1/-1;text-align:left}}
@page{size:A4;margin:16mm 14mm}
@media print{body{max-width:none;margin:0;padding:0;font-size:10pt;color:#000}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
h2{break-after:avoid;page-break-after:avoid;margin-top:1.2rem}tr,.chart .row{break-inside:avoid}
.scroll{overflow:visible}.chart .row{grid-template-columns:9rem 1fr 5.5rem}.chart .name{grid-column:auto;text-align:right}
a{color:#000;text-decoration:none}.recs .ev a::after{content:" <" attr(href) ">";font-size:.8em;color:#424242}}
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
        parts.append(f'<rect x="{x:.3f}%" y="0" width="{w:.3f}%" height="{height}" fill="{FILL[s]}">'
                     f'<title>{esc(statuses.label(s))}: {n}</title></rect>')
        if labels and w >= 6:
            ink = INK[s]
            halo = ' stroke="#8e3b63" stroke-width="3" paint-order="stroke"' if s == "not_implemented" else ""
            parts.append(f'<text x="{x + w / 2:.3f}%" y="{height / 2 + 5:.1f}" text-anchor="middle" '
                         f'font-size="13" font-weight="600" fill="{ink}"{halo}>{n}</text>')
        x += w
    return parts


def stacked_bar(by_status: dict, total: int, height: int = 28, label: str = "") -> str:
    """An inline SVG bar, as wide as the page allows, split by status; each part
    titled with its count and, where there is room, showing it."""
    title = esc(label or "All recommendations")
    return "".join([f'<div class="total"><svg xmlns="http://www.w3.org/2000/svg" height="{height}" '
                    f'role="img" aria-label="{title}"><rect width="100%" height="{height}" fill="#eceff1"/>',
                    *_segments(by_status, total, height, labels=True), "</svg></div>"])


def swatch(status: str) -> str:
    """A small square of a status's colour (an SVG, so it prints)."""
    return (f'<span class="sw" aria-hidden="true"><svg xmlns="http://www.w3.org/2000/svg">'
            f'<rect width="100%" height="100%" fill="{FILL.get(status, "#fff")}"/></svg></span>')


def status_chip(status: str) -> str:
    return f'<span class="status">{swatch(status)}{esc(statuses.label(status))}</span>'


def legend(counts: dict | None = None) -> str:
    return '<ul class="legend">' + "".join(
        f'<li>{swatch(s)}{esc(statuses.label(s))}{f" ({counts[s]})" if counts else ""}</li>'
        for s in ORDER) + "</ul>"


def trend_chart(rep: dict) -> str:
    """The trend: one stacked bar per period, its length the number of recommendations
    then, each part labelled with its count where there is room, the share
    implemented beside it. Rows, so that it reads at any width (and on paper)."""
    rows = rep["trend"] or []
    if not rows:
        return ""
    top = max(t["total"] for t in rows) or 1
    out = [f'<div class="chart trend" role="group" aria-label="Recommendations by status at the end of each '
           f'{esc(rep["trend_by"])}">', legend()]
    for t in rows:
        bar = _segments(t["by_status"], top, 22, labels=True)
        label = ", ".join(f"{t['by_status'][s]} {statuses.label(s).lower()}" for s in ORDER if t["by_status"][s])
        out.append(f'<div class="row"><span class="name">{esc(t["period"])}</span>'
                   f'<svg xmlns="http://www.w3.org/2000/svg" height="22" role="img" '
                   f'aria-label="{esc(t["period"])}: {esc(label) or "none"}">'
                   f'<rect width="100%" height="22" fill="#f5f5f5"/>{"".join(bar)}</svg>'
                   f'<span class="num"><strong>{t["implemented_percent"]:.0f}%</strong> impl.</span></div>')
    out.append(f'<p class="axis">Each bar: the recommendations at the end of the {esc(rep["trend_by"])} '
               f'(the last one: on {esc(rep["today"])}), by status; the figure beside it, the share implemented.</p>'
               "</div>")
    return "".join(out)


def group_chart(rep: dict) -> str:
    """One stacked bar per group (by actor or brief), lengths relative to the largest
    group, each part showing its count where there is room (all of them in its
    label). A grid of rows: the name beside its bar, above it on a narrow screen,
    so names stay readable on a phone."""
    rows = rep["groups"][:30]
    if not rows:
        return ""
    top = max(g["count"] for g in rows)
    out = [f'<div class="chart" role="group" aria-label="Progress by {esc(rep["by"])}">']
    for g in rows:  # each part labelled with its count, as the status bar is: colour is never the only cue
        bar = _segments(g["by_status"], top, 22, labels=True)
        label = ", ".join(f"{g['by_status'][s]} {statuses.label(s).lower()}" for s in ORDER if g["by_status"].get(s))
        out.append(f'<div class="row"><span class="name">{esc(g["label"])}</span>'
                   f'<svg xmlns="http://www.w3.org/2000/svg" height="22" role="img" '
                   f'aria-label="{esc(g["label"])}: {g["count"]} ({esc(label) or "none"})">{"".join(bar)}</svg>'
                   f'<span class="num">{g["count"]}</span></div>')
    out.append("</div>")
    return "".join(out)


def cell(c) -> str:
    """A report cell (`recs.tracker.reports`) as HTML: text escaped, links and statuses marked up."""
    from recs.tracker.reports import Link, Status

    if isinstance(c, Link):
        return f'<a href="{esc(c.url)}">{esc(c.text)}</a>'
    if isinstance(c, Status):
        return status_chip(c.value)
    return esc(c)


def html_table(headers: list[str], rows: list[list], numeric=()) -> str:
    head = "".join(f'<th{" class=n" if i in numeric else ""}>{esc(h)}</th>' for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(f'<td{" class=n" if i in numeric else ""}>{cell(c)}</td>' for i, c in enumerate(row)) + "</tr>"
        for row in rows)
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def recommendation_list(rep: dict, sec) -> str:
    """Every recommendation as a short entry: title, status, actors, due, latest evidence."""
    from recs.tracker.reports import Link

    out = ['<ol class="recs">']
    for rec_id, title, actors, status, due, evidence in sec.rows:
        ev = cell(evidence) if evidence != "–" else "No evidence recorded yet."
        if isinstance(evidence, Link) or evidence != "–":
            ev = f"Latest evidence: {ev}"
        out.append(f'<li><h3><span class="id">{esc(rec_id)}</span>{esc(title)}</h3>'
                   f'<p class="meta">{cell(status)} · {esc(actors)}'
                   f'{" · due " + esc(due) if due != "–" else ""}</p><p class="ev">{ev}</p></li>')
    out.append("</ol>")
    if sec.more:
        out.append(f"<p>{esc(sec.more)}</p>")
    return "".join(out)


def report(rep: dict) -> str:
    """The whole page: the sections of `recs.tracker.reports.sections`, as the terminal and
    Markdown show them, with charts."""
    from recs.tracker import reports

    total = rep["total"]
    title = rep["title"]
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)} — {esc(rep['period']['label'])}</title><style>{CSS}</style></head><body>",
        PATTERNS, "<header>", f"<h1>{esc(title)}</h1>",
    ]
    if rep["subtitle"]:
        parts.append(f"<p class=sub>{esc(rep['subtitle'])}</p>")
    if rep.get("organisation"):
        parts.append(f"<p class=sub>Report by {esc(rep['organisation'])}</p>")
    parts.append(f"<p class=period>{esc(rep['period']['label'])}</p>")
    if rep.get("narrowed"):
        parts.append(f"<p class=narrowed>{esc(reports.narrowed_line(rep))}</p>")
    parts.append("</header><main>")
    parts.append(f'<p class="big"><strong>{rep["implemented_percent"]:.1f}%</strong> implemented, '
                 f'<strong>{rep["closed_percent"]:.1f}%</strong> closed, of '
                 f'{plural(total, "recommendation")}.</p>')
    parts.append(stacked_bar(rep["by_status"], total, label="All recommendations by status"))
    moved = reports.moved_line(rep)
    if moved:
        parts.append(f'<p class="moved">In the period: {esc(moved)}.</p>')
    for sec in reports.sections(rep):
        parts.append(f"<section><h2>{esc(sec.heading)}</h2>")
        if sec.key == "groups":
            parts.append(legend() + group_chart(rep))
        if sec.key == "trend":
            parts.append(trend_chart(rep))
        elif not sec.rows:
            parts.append(f"<p>{esc(sec.empty)}</p>")
        elif sec.key == "recommendations":
            parts.append(recommendation_list(rep, sec))
        else:
            parts.append(html_table(sec.headers, sec.rows, sec.numeric))
            if sec.more:
                parts.append(f"<p>{esc(sec.more)}</p>")
        parts.append("</section>")
    parts.append(f"</main><footer>Generated by recs on {esc(rep['generated'][:10])}.</footer></body></html>")
    return "\n".join(p for p in parts if p) + "\n"
