"""GitHub-flavoured Markdown: the progress report and the whole-store export.

All user text goes through `md()`: characters Markdown would act on
(emphasis, links, raw HTML, tables, maths) are backslash-escaped, and control
characters and bidi overrides are shown as `\\xNN`, `\\u202e`, so what was
typed is what a viewer shows.
"""

import re
from collections.abc import Iterable

from recs.core import statuses
from recs.core.escapes import HIDDEN, show_hidden

_ACTIVE = re.compile(r"([\\`*_\[\]<>&!|~#$])")
#: Anything `md()` would change (line breaks, tabs, `@`, `:` included): most cells have none.
_SPECIAL = re.compile(f"[\\t\\n\\r{HIDDEN}\\\\`*_\\[\\]<>&!|~#$@:]")
#: GitHub's @mentions and :emoji: codes, made plain characters with HTML entities
#: (a viewer shows `@` and `:`, GitHub links or replaces nothing). Not a colon after a
#: digit: `10:00:00` is a time. (`#123` issue references cannot be: README.)
_MENTION = re.compile(r"@")
_EMOJI = re.compile(r"(?<![0-9]):(?=[A-Za-z0-9_+-]+:)")


def show_control(value: str) -> str:
    """Control characters (but newline), zero-width and directional marks as
    visible `\\xNN`, `\\uNNNN` escapes, as on a terminal (`recs.core.escapes`)."""
    return show_hidden(value, tabs=False)


def md(value) -> str:
    """User text made inert for a Markdown table cell or heading (one line)."""
    text = "" if value is None else str(value)
    if _SPECIAL.search(text) is None:
        return text
    text = show_control(text.replace("\r\n", "\n").replace("\r", "\n"))
    if "://" not in text and "www." not in text:
        return _inert(text)
    out, pos = [], 0
    for match in _URL.finditer(text):
        url = _trim_url(match.group())
        out += [_inert(text[pos:match.start()]), _link(url)]
        pos = match.start() + len(url)
    out.append(_inert(text[pos:]))
    return "".join(out)


def _inert(text: str) -> str:
    text = _ACTIVE.sub(r"\\\1", text).replace("\n", "<br>")
    if "@" in text or ":" in text:
        text = _EMOJI.sub("&#58;", _MENTION.sub("&#64;", text))
    return text


# What GitHub would turn into a link by itself: there, backslash escapes are
# not read, so `a\_b` would show (and link to) the backslash. Written as an
# explicit link instead: its text escaped like any text, its target in `<…>`.
_URL = re.compile(r"(?:(?i:https?|ftp)://|www\.)[^\s<>]*")
_TRAILING = ".,:;!?*_~'\""


def _trim_url(url: str) -> str:
    """Leave out trailing punctuation and an unmatched `)` or `]` (`[url]`)."""
    while True:
        if url[-1] in _TRAILING:
            url = url[:-1]
        elif url[-1] == ")" and url.count(")") > url.count("("):
            url = url[:-1]
        elif url[-1] == "]" and url.count("]") > url.count("["):
            url = url[:-1]
        else:
            return url


def _link(url: str) -> str:
    return f"[{_inert(url)}](<{target(url if '://' in url else 'http://' + url)}>)"


#: What a link target in `<…>` must not hold as it is: `<`, `>` and `"` (which
#: a viewer's HTML would end the link or the attribute at) are percent-encoded,
#: `\` and `|` (a table's cell separator) backslash-escaped.
_TARGET = str.maketrans({"<": "%3C", ">": "%3E", '"': "%22", "\\": "\\\\", "|": "\\|"})


def target(url: str) -> str:
    """A URL as the target of a Markdown link, `[text](<target>)`."""
    return url.translate(_TARGET)


class UrlCell(str):
    """A table cell that is a whole URL: written as one link to all of it."""


def url_cell(url: str | None) -> "UrlCell | str":
    return UrlCell(url) if url else ""


def table(headers: list[str], rows: list[list]) -> str:
    """A GFM table; cells are escaped here."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(f"[{_inert(show_control(c))}](<{target(c)}>)" if isinstance(c, UrlCell) else md(c)
                                for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def cell(c) -> str:
    """A report cell (`recs.tracker.reports`): text escaped, a link as a Markdown link."""
    from recs.tracker.reports import Link, Status

    if isinstance(c, Link):
        return f"[{_inert(show_control(c.text))}](<{target(c.url)}>)"
    if isinstance(c, Status):
        return md(statuses.label(c.value))
    return md(c)


def report(rep: dict) -> str:
    """The progress report as a Markdown document, ready to send: the sections of
    `recs.tracker.reports.sections`, as the terminal and the HTML page show them."""
    from recs.tracker import reports

    out = [f"# {md(rep['title'])}\n"]
    org = f"Report by {rep['organisation']}" if rep.get("organisation") else ""
    meta = [x for x in (rep["subtitle"], org, rep["period"]["label"], reports.narrowed_line(rep)) if x]
    out.append("  \n".join(md(x) for x in meta) + "\n")
    out.append(f"`{reports.text_bar(rep['implemented_percent'])}` {md(reports.headline_line(rep))}\n")
    moved = reports.moved_line(rep)
    if moved:
        out.append(f"In the period: {md(moved)}.\n")
    for sec in reports.sections(rep):
        out.append(f"## {md(sec.heading)}\n")
        if not sec.rows:
            out.append(f"{md(sec.empty)}\n")
            continue
        lines = ["| " + " | ".join(md(h) for h in sec.headers) + " |",
                 "|" + "|".join("---:" if i in sec.numeric else "---" for i in range(len(sec.headers))) + "|"]
        lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in sec.rows]
        out.append("\n".join(lines) + "\n" + (f"\n{md(sec.more)}\n" if sec.more else ""))
    if rep["audience"] != "external":
        out.append(f"_Generated by recs on {md(rep['generated'][:10])}._\n")
    return "\n".join(out)


def export(briefs: list[dict], records: Iterable[dict], tick=None) -> list[bytes]:
    """The whole store as one Markdown document (UTF-8, in pieces): an index,
    then each record. `records` is gone through once, and of each only its
    index row and its section (as bytes) are kept.

    `tick(n)` is called as records are read, for a progress bar (this is
    the slowest export: seconds for 40,000 records)."""
    out = ["# Recommendations\n"]
    if briefs:
        out.append("## Briefs\n")
        out.append(table(["ID", "Title", "Publisher", "Published", "URL"],
                         [[b["id"], b["title"], b["publisher"], b["published"], url_cell(b.get("url"))] for b in briefs]))
    out.append("## Index\n")
    index, sections = [], []
    for i, r in enumerate(records, 1):
        index.append([r["id"], statuses.label(r["status"]), r["title"], ", ".join(r["actors"]),
                      r.get("due") or "", len(r.get("evidence") or ())])
        sections.append(("\n" + record(r)).encode())
        if tick and i % 500 == 0:
            tick(500)
    if tick:
        tick(len(index) % 500)
    out.append(table(["ID", "Status", "Title", "Actors", "Due", "Evidence"], index))
    return ["\n".join(out).encode(), *sections]


def record(r: dict) -> str:
    """One recommendation: its fields, evidence and history."""
    rows = [["Status", statuses.label(r["status"])], ["Brief", r.get("brief") or ""],
            ["Actors", ", ".join(r["actors"])], ["Due", r.get("due") or ""],
            ["Tags", ", ".join(r.get("tags") or ())]]
    if r.get("owners"):  # (most trackers have none: no empty row for them)
        rows.append(["Owners", ", ".join(r["owners"])])
    rows += [["Text", r.get("text") or ""], ["Quote", r.get("quote") or ""]]
    rows += [[f"Field: {k}", v] for k, v in sorted((r.get("fields") or {}).items())]
    rows += [["Created", r["created"]], ["Updated", r["updated"]]]
    parts = [f"## {md(r['id'])}: {md(r['title'])}\n", table(["Field", "Value"], rows)]
    evidence = r.get("evidence") or []
    if evidence:
        parts.append(f"**Evidence ({len(evidence)})**\n")
        parts.append(table(["ID", "Date", "Summary", "Source", "URL", "Added by"],
                           [[e["id"], e["date"], e["summary"], e.get("source") or "", url_cell(e.get("url")),
                             f"{e['by']}, {e['added'][:10]}"] for e in evidence]))
    history = r.get("history") or []
    parts.append(f"**History ({len(history)})**\n")
    parts.append(table(["When (UTC)", "By", "Field", "Old", "New", "Note"],
                       [[h["at"], h["by"], h["field"], value(h["field"], h.get("old")),
                         value(h["field"], h.get("new")), h.get("note") or ""] for h in history]))
    return "\n".join(parts)


def value(field: str, v) -> str:
    """A history value as text."""
    if v is None:
        return ""
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    return statuses.label(v) if field == "status" else str(v)
