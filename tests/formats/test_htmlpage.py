"""`recs.formats.htmlpage`, read back with the standard library's HTML parser:
a well-formed page with no script, whose text is what was typed and whose
evidence links go where they say."""

from html.parser import HTMLParser

import pytest

from recs.formats import htmlpage
from recs.tracker.reports import Link, Status

VOID = {"meta", "br", "img", "input", "link", "hr", "col", "area", "base", "wbr", "source"}
HOSTILE = '<script>alert("x")</script> & "quotes" \'single\' </td></tr></table>'


class Page(HTMLParser):
    """Checks the nesting of the tags; keeps the text, the links and the tags seen."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.href: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "a":
            self.href = dict(attrs)["href"]
            self.links.append((self.href, ""))
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, (tag, self.open[-5:])
        self.open.pop()
        if tag == "a":
            self.href = None

    def handle_data(self, data):
        self.text.append(data)
        if self.href is not None:
            self.links[-1] = (self.href, self.links[-1][1] + data)


def parsed(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    assert page.open == [], page.open  # every tag closed
    return page


def test_esc_makes_text_inert_and_shows_control_characters():
    assert parsed(htmlpage.esc(HOSTILE)).text == [HOSTILE] and parsed(htmlpage.esc(HOSTILE)).tags == []
    assert htmlpage.esc("red\x1b[31m\u202e") == "red\\x1b[31m\\u202e"
    assert htmlpage.esc(None) == ""


@pytest.mark.parametrize("url", ['https://example.org/a?b=1&c="2"', "https://example.org/<x>", "https://x.org/'y'"])
def test_a_link_cell_keeps_its_url_and_text(url):
    page = parsed(htmlpage.cell(Link(text=HOSTILE, url=url)))
    assert page.links == [(url, HOSTILE)] and page.tags == ["a"]


def test_a_table_keeps_its_cells():
    html = htmlpage.html_table(["Name", "Count"], [[HOSTILE, 3], [Status("partial"), 0]], numeric=(1,))
    page = parsed(html)
    assert page.tags.count("tr") == 3 and page.tags.count("td") == 4 and "script" not in page.tags
    assert HOSTILE in page.text and "Partially implemented" in "".join(page.text)


def test_the_report_is_one_well_formed_page(recs, seeded):
    from recs.store import Store
    from recs.tracker import reports

    url = 'https://example.org/x?a=1&b="2"'
    recs.ok("evidence", "add", "R2", "--summary", HOSTILE, "--url", url, "--date", "2024-05-01")
    recs.ok("update", "R3", "--title", HOSTILE)
    store = Store.open(seeded)
    rep = reports.build(store.scan(ordered=True), today="2026-11-25", start="2023-09-01", trend="year",
                        title=HOSTILE, organisation="Think & Tank", briefs=store.briefs())
    page = parsed(htmlpage.report(rep))
    assert page.tags[:2] == ["html", "head"] and "script" not in page.tags
    assert "".join(page.text).count(HOSTILE) >= 3  # the title (twice: tab and heading) and R3's title
    assert (url, f"1 May 2024: {HOSTILE}") in page.links
    assert "Report by Think & Tank" in page.text and "svg" in page.tags
