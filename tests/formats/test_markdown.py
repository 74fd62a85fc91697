"""`recs.formats.markdown`, checked by rendering it as GitHub does (CommonMark and
its tables, with markdown-it-py) and reading back what a viewer shows: every
cell stays in its cell and shows the text as typed; links go where they say."""

from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
from markdown_it import MarkdownIt

from recs.formats import markdown

GFM = MarkdownIt("commonmark").enable(["table", "strikethrough"])


class Shown(HTMLParser):
    """What a viewer shows: each table as rows of cells (text, a `<br>` a line
    break, and the links in it) and the headings."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[dict]]] = []
        self.headings: list[str] = []
        self.cell: dict | None = None
        self.heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = {"text": "", "links": []}
        elif tag == "br" and self.cell is not None:
            self.cell["text"] += "\n"
        elif tag == "a" and self.cell is not None:
            self.cell["links"].append(unquote(dict(attrs)["href"]))  # the renderer's %-encoding undone
        elif tag in ("h1", "h2", "h3"):
            self.heading = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append(self.cell)
            self.cell = None
        elif tag in ("h1", "h2", "h3") and self.heading is not None:
            self.headings.append("".join(self.heading))
            self.heading = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data
        if self.heading is not None:
            self.heading.append(data)


def shown(text: str) -> Shown:
    viewer = Shown()
    viewer.feed(GFM.render(text))
    return viewer


TYPED = ["a | b", "`code` and ``two``", "*emph* _u_ **strong** ~~gone~~", "<script>alert(1)</script>",
         "[not a link](x)", "line\nbreak", "back\\slash\\|", "# not a heading", "&amp; &lt;",
         "@someone :smile: 10:00:00", "$x$ and !bang", "- not a list", "1. not a list either", "plain"]


@pytest.mark.parametrize("typed", TYPED)
def test_a_cell_shows_what_was_typed_and_stays_in_its_cell(typed):
    table = shown(markdown.table(["Before", "Value", "After"], [["left", typed, "right"]])).tables
    assert len(table) == 1 and len(table[0]) == 2
    header, row = table[0]
    assert [c["text"] for c in header] == ["Before", "Value", "After"]
    assert [c["text"] for c in row] == ["left", typed, "right"] and row[1]["links"] == []


def test_urls_in_text_are_links_to_themselves():
    url = "https://example.org/a_b|c?q=1&r=(2)"
    row = shown(markdown.table(["Source"], [[f"See {url}, and www.example.com."]])).tables[0][1]
    assert row[0]["text"] == f"See {url}, and www.example.com."
    assert row[0]["links"] == [url, "http://www.example.com"]


def test_control_characters_are_shown_not_sent():
    row = shown(markdown.table(["V"], [["red\x1b[31m\u202eevil\x00"]])).tables[0][1]
    assert row[0]["text"] == "red\\x1b[31m\\u202eevil\\x00"


def test_a_record_with_hostile_text_keeps_its_tables_whole():
    hostile = "a | b\n*c* `d` <i>e</i>"
    record = {"id": "R1", "title": "Title | with `pipe`", "status": "partial", "brief": "b1",
              "actors": ["A | B", "C"], "due": "2025-02", "tags": ["x"], "text": hostile, "quote": "",
              "created": "2024-01-01T00:00:00Z", "updated": "2024-01-02T00:00:00Z",
              "evidence": [{"id": "E1", "date": "2024-01-02", "summary": hostile, "source": "S",
                            "url": "https://example.org/r?a=1|2", "by": "ana", "added": "2024-01-02T00:00:00Z"}],
              "history": [{"at": "2024-01-02T00:00:00Z", "by": "ana", "field": "status", "old": "not_started",
                           "new": "partial", "note": hostile}]}
    view = shown(markdown.record(record))
    assert view.headings == ["R1: Title | with `pipe`"]
    fields, evidence, history = view.tables
    assert all(len(row) == 2 for row in fields) and ["Actors", "A | B, C"] == [c["text"] for c in fields[3]]
    assert ["Text", hostile] == [c["text"] for c in fields[6]]
    assert all(len(row) == 6 for row in evidence + history)
    assert evidence[1][2]["text"] == hostile and evidence[1][4]["links"] == ["https://example.org/r?a=1|2"]
    assert [c["text"] for c in history[1][2:]] == ["status", "Not started", "Partially implemented", hostile]


def test_the_report_and_the_export_render_every_table_whole(recs, seeded):
    from recs.store import Store
    from recs.tracker import reports

    recs.ok("evidence", "add", "R2", "--summary", "Reopened | *partly*", "--url", "https://example.org/x?a=1|2")
    store = Store.open(seeded)
    rep = reports.build(store.scan(ordered=True), today="2026-11-25", title="Progress | *2026*",
                        briefs=store.briefs())
    view = shown(markdown.report(rep))
    assert view.headings[0] == "Progress | *2026*" and len(view.tables) >= 3
    for table in view.tables:
        assert len({len(row) for row in table}) == 1  # every row as wide as its header
    links = [link for table in view.tables for row in table for cell in row for link in cell["links"]]
    evidence_urls = {e["url"] for r in store.scan() for e in r.get("evidence") or () if e.get("url")}
    assert links and set(links) <= evidence_urls
    export = shown(b"".join(markdown.export(store.briefs(), store.scan(ordered=True))).decode())
    index = export.tables[1]
    assert [row[0]["text"] for row in index[1:]] == [f"R{n}" for n in range(1, 10)]
    assert export.headings[3:] == [f"R{n}: {r['title']}" for n, r in
                                                                 enumerate(store.scan(ordered=True), 1)]
