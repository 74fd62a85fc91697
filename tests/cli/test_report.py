"""`recs report`: figures, attention lists, changes, and each format."""

import json
import re

import pytest

from conftest import digest

ANSI = re.compile(r"\x1b\[")


def test_terminal_report_of_the_shipped_data(recs, seeded):
    out = recs.ok("report").stdout
    assert out.startswith("Assessing the Fallout from Azerbaijan’s Military Offensive Against Nagorno-Karabakh\n"
                          "Brief by APRI Armenia, 20 September 2023\nAs of ")
    assert "[#########" in out and "9 recommendations: 22.2% implemented, 33.3% closed" in out
    assert "Partially implemented      2   22.2%" in out
    assert "Overdue (0): none." in out and "Recommendations (9)\n" in out
    assert not ANSI.search(out) and "─" not in out and "█" not in out


def test_json_figures(recs, seeded):
    rep = recs.json("report", "--by", "actor")
    assert rep["total"] == 9 and rep["by_status"]["implemented"] == 2
    assert rep["implemented_percent"] == 22.2 and rep["closed"] == 3 and rep["open"] == 6
    partners = next(g for g in rep["groups"] if g["group"] == "International partners")
    assert partners["count"] == 6 and partners["by_status"]["not_implemented"] == 1
    assert sum(g["count"] for g in rep["groups"]) > rep["total"]  # several actors per recommendation
    by_status = recs.json("report")
    assert [g["group"] for g in by_status["groups"]] == list(rep["by_status"])
    assert sum(g["percent"] for g in by_status["groups"]) == pytest.approx(100, abs=0.2)


def test_overdue_and_stale(recs, empty):
    env = {"RECS_NOW": "2025-01-01T09:00:00Z"}  # (without --on they would exist from the brief's 2024-01-31)
    recs.ok("add", "Late one", "--actor", "EU", "--due", "2024-11", "--on", "2025-01-01", env=env)
    recs.ok("add", "Late but done", "--actor", "EU", "--due", "2024-11", "--on", "2025-01-01", env=env)
    recs.ok("update", "R2", "--status", "implemented", env=env)
    recs.ok("add", "Due later", "--actor", "UN", "--due", "2030-01-01", "--on", "2025-01-01", env=env)
    later = {"RECS_NOW": "2025-03-01T09:00:00Z"}
    rep = recs.json("report", env=later)
    assert [r["id"] for r in rep["overdue"]] == ["R1"]
    assert rep["stale"] == []  # 59 days
    rep = recs.json("report", "--stale-days", "30", env=later)
    assert [r["id"] for r in rep["stale"]] == ["R1", "R3"]  # open ones only
    out = recs.ok("report", "--stale-days", "30", env=later).stdout
    assert "\nOverdue (1)\n" in out and "\nStale: no change in 30 days (2)\n" in out


def test_changes_in_a_period_by_the_day_they_took_effect_with_who(recs, empty):
    recs.ok("add", "First", "--actor", "EU", env={"RECS_NOW": "2024-01-01T09:00:00Z"})
    recs.ok("--as", "ana", "update", "R1", "--status", "in_progress", "--note", "talks",
            env={"RECS_NOW": "2024-03-01T09:00:00Z"})
    recs.ok("--as", "ben", "evidence", "add", "R1", "--summary", "Council decision", "--url", "https://eu.example/x",
            "--date", "2024-03-10", env={"RECS_NOW": "2024-03-11T09:00:00Z"})
    recs.ok("--as", "ana", "update", "R1", "--status", "partial", env={"RECS_NOW": "2024-06-01T09:00:00Z"})
    rep = recs.json("report", "--since", "2024-03-05")
    assert [(c["kind"], c["by"], c["day"]) for c in rep["changes"]] == [
        ("evidence", "ben", "2024-03-10"), ("status", "ana", "2024-06-01")]  # in the order they happened
    assert rep["changes"][0]["summary"] == "Council decision" and rep["changes"][0]["date"] == "2024-03-10"
    assert len(recs.json("report", "--since", "2024-03")["changes"]) == 3  # a month means from its first day
    assert recs.json("report", "--from", "2024-03", "--to", "2024-03-09")["changes"][0]["note"] == "talks"
    out = recs.ok("report", "--since", "2024-03-05").stdout
    assert "What changed, 5 March 2024 – " in out and "10 March 2024" in out
    assert out.index("Council decision") < out.index("In progress → Partially implemented")
    assert recs.json("report")["changes"] is None


HOSTILE = "<script>alert(1)</script> [bold]x[/] *e* | =1+1 \x1b[31m"


@pytest.fixture
def hostile(recs, empty, db):
    recs.ok("add", HOSTILE, "--actor", "<b>UN</b> | [red]x", "--due", "2020-01", "--tag", "a|b")
    recs.ok("evidence", "add", "R1", "--summary", "<img src=x onerror=alert(1)>", "--url", "https://x.org/?a=<b>")
    return db


def test_markdown_report_escapes_user_text(recs, hostile):
    out = recs.ok("report", "--format", "md", "--by", "actor", "--since", "2000").stdout
    assert "\\<script\\>alert(1)\\</script\\>" in out and "\\[bold\\]x\\[/\\]" in out and "\\*e\\*" in out
    assert "\\<img src=x onerror=alert(1)\\>](<https://x.org/?a=%3Cb%3E>)" in out  # the evidence, a link
    text = re.sub(r"\[(?:\\.|[^\\\]])*\]\(<https?://[^>]*>\)", "LINK", out)
    assert not re.search(r"(?<!\\)[<*\[|]\w", text.replace("| ", "")) and "\x1b" not in out
    assert "\\<b\\>UN\\</b\\> \\| \\[red\\]x" in out
    for table in re.findall(r"(?:^\|.*\n)+", out, re.M):  # every row, hostile ones too, has as many cells
        widths = {len(re.findall(r"(?<!\\)\|", line)) for line in table.splitlines()}  # as its header
        assert len(widths) == 1, table


def test_html_report_is_self_contained_and_escaped(recs, hostile):
    page = recs.ok("report", "--format", "html", "--by", "actor", "--since", "2000").stdout
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<script" not in page and "<img" not in page and "<a href=\"https://x.org/?a=&lt;b&gt;\">" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;b&gt;UN&lt;/b&gt;" in page
    assert "\x1b" not in page and "\\x1b" in page
    assert not re.search(r"""src=["']?(https?:)?//""", page)  # no external assets (evidence is linked)
    assert "<link" not in page and "@import" not in page


def test_html_chart_shows_the_shares(recs, seeded):
    page = recs.ok("report", "--format", "html").stdout
    assert "<title>Implemented: 2</title>" in page and "<title>Not implemented: 1</title>" in page
    assert "22.2%</strong> implemented" in page



def test_html_page_fits_a_narrow_screen(recs, seeded):
    """Charts as wide as the screen, names in HTML text (not scaled-down SVG text,
    which was ~5 px on a 400 px phone), wide tables scrolling in their own box."""
    page = recs.ok("report", "--by", "actor", "--format", "html").stdout
    assert not re.search(r'<svg[^>]*\swidth="\d', page) and "viewBox" not in page
    names = re.findall(r'<span class="name">([^<]*)</span>', page)
    assert names[:2] == ["International partners", "International community"] and len(names) == 7
    assert page.count("<table") == page.count('<div class="scroll"><table') >= 2
    assert "@media (max-width:" in page and ".scroll{overflow-x:auto" in page

def test_report_of_an_empty_store(recs, db):
    recs.ok("init", "--empty")
    assert recs.json("report")["total"] == 0
    assert "\n[........................................] 0 recommendations: 0.0% implemented" \
        in recs.ok("report").stdout
    assert "<svg" in recs.ok("report", "--format", "html").stdout


@pytest.mark.parametrize("args, code, message", [
    (["--by", "country"], 2, "unknown --by 'country'; choose from: status, actor, brief"),
    (["--format", "pdf"], 2, "unknown format 'pdf' for report"),
    (["--since", "2025-02-30"], 1, "invalid --since date '2025-02-30'"),  # the option typed (issue 15)
    (["--since", "last week"], 1, "invalid --since date"),
    (["--from", "last week"], 1, "invalid --from date"),
    (["--since", "2099-01-01"], 1, "--since 2099-01-01 is in the future"),
    (["--from", "2099-01-01"], 1, "--from 2099-01-01 is in the future"),
    (["--since", "2024-03-05", "--to", "2024-01-01"], 1, "--since 2024-03-05 is after --to 2024-01-01"),
    (["--stale-days", "0"], 2, "--stale-days takes a number of days from 1"),
    (["--stale-days", "many"], 2, "Error:"),
])
def test_bad_report_options(recs, seeded, args, code, message):
    before = digest(seeded)
    result = recs("report", *args)
    assert result.exit_code == code
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stdout == "" and digest(seeded) == before


def test_report_json_is_the_figures_scripts_need(recs, seeded):
    rep = json.loads(recs.ok("report", "-f", "json", "--since", "2000").stdout)
    assert set(rep) >= {"total", "by_status", "implemented_percent", "closed_percent", "groups", "overdue",
                        "due_soon", "stale", "changes", "stale_days", "period", "recommendations", "at_start"}
    assert len(rep["changes"]) == 23


def test_long_lists_are_cut_in_tables_and_pages_but_not_in_json(recs, tmp_path):
    from storegen import big_store

    big = str(big_store(tmp_path / "big", n=300))
    env = {"RECS_NOW": "2026-01-01T00:00:00Z"}
    rep = recs.json("--db", big, "report", "--since", "2000", env=env)
    assert len(rep["stale"]) == sum(rep["by_status"][s] for s in ("not_started", "in_progress", "partial"))
    evidence = sum(len(r["evidence"]) for r in recs.json("--db", big, "list", env=env))
    assert len(rep["changes"]) == 300 + evidence  # one status change each, and the evidence
    for fmt in ("table", "md", "html"):
        out = recs.ok("--db", big, "report", "--since", "2000", "--format", fmt, env=env).stdout
        assert f"… and {len(rep['stale']) - 25} more" in out and f"… and {len(rep['changes']) - 100} more" in out



def test_markdown_says_how_many_more_outside_the_tables(recs, tmp_path):
    """In GFM a line right under a table is one more row: the "… and N more" line needs a blank line."""
    from storegen import big_store

    big = str(big_store(tmp_path / "big", n=300))
    out = recs.ok("--db", big, "report", "--since", "2000", "--format", "md",
                  env={"RECS_NOW": "2026-01-01T00:00:00Z"}).stdout
    lines = out.splitlines()
    cut = [i for i, line in enumerate(lines) if line.startswith("… and ")]
    assert len(cut) == 3  # overdue, stale, changes
    for i in cut:
        assert lines[i - 1] == "" and lines[i + 1:i + 2] in ([""], []), lines[i - 2:i + 2]

def test_by_brief_counts_recommendations_without_a_brief(recs, db):
    recs.ok("init", "--empty")
    recs.ok("add", "Loose one", "--actor", "UN")  # no brief in the store: none
    recs.ok("brief", "add", "b1", "--title", "B", "--publisher", "P", "--published", "2024")
    recs.ok("add", "From b1", "--actor", "UN", "--brief", "b1")
    recs.ok("update", "R2", "--status", "implemented")
    rep = recs.json("report", "--by", "brief")
    assert [(g["group"], g["count"], g["implemented_percent"]) for g in rep["groups"]] == [
        ("(no brief)", 1, 0.0), ("b1", 1, 100.0)]


def test_hostile_text_in_every_field_stays_inert_in_documents(recs, tmp_path):
    from storegen import big_store

    big = str(big_store(tmp_path / "big", n=60))
    docs = {
        "report md": recs.ok("--db", big, "report", "--by", "actor", "--since", "2000", "--format", "md").stdout,
        "report html": recs.ok("--db", big, "report", "--by", "brief", "--since", "2000", "--format", "html").stdout,
        "export md": recs.ok("--db", big, "export", "--format", "md").stdout,
        "report table": recs.ok("--db", big, "report", "--by", "actor", "--since", "2000").stdout,
    }
    for name, doc in docs.items():
        assert "\x1b" not in doc and "\x00" not in doc, name
        if name != "report table":  # a terminal shows text as typed; documents must not run it
            assert "<script>" not in doc and "<i>" not in doc, name
    assert "\\<script\\>" in docs["export md"] and "&lt;script&gt;" in docs["report html"]
    assert "[bold red]markup[/]" in docs["report table"]


def test_bidi_overrides_are_shown_not_obeyed_in_documents(recs, empty):
    """U+202E in a title would show the rest of its cell (a link, say) backwards in a
    browser or a Markdown viewer; documents show it as `\\u202e`, as the terminal does."""
    recs.ok("add", "\u202eevil\u202c title", "--actor", "\u2066UN\u2069", "--due", "2020")
    recs.ok("evidence", "add", "R1", "--summary", "done \u202e", "--url", "https://example.org/a")
    docs = [recs.ok("report", "--by", "actor", "--since", "2000", "--format", fmt).stdout for fmt in ("md", "html")]
    docs.append(recs.ok("export", "--format", "md").stdout)
    for doc in docs:
        assert not re.search("[\u202a-\u202e\u2066-\u2069]", doc)
        assert "u202eevil" in doc and "u2066UN" in doc and "done \\u202e" in doc.replace("\\\\", "\\")


def test_links_in_markdown_show_as_typed(recs, empty):
    """GitHub links a bare URL by itself and then shows a backslash escape in it as a
    backslash: `a\\_b` showed, and linked to, `a\\_b`. URLs are written as explicit links."""
    url = "https://example.org/a_b/page?c=1&d=2#e"
    recs.ok("add", "See www.example.org/x_y.", "--actor", "UN", "--text", f"Read {url}, then act")
    recs.ok("evidence", "add", "R1", "--summary", "Decision", "--url", url)
    link = "[https://example.org/a\\_b/page?c=1\\&d=2\\#e](<https://example.org/a_b/page?c=1&d=2#e>)"
    report = recs.ok("report", "--since", "2000", "--format", "md").stdout
    assert "Evidence: Decision](<https://example.org/a_b/page?c=1&d=2#e>)" in report
    export = recs.ok("export", "--format", "md").stdout
    assert f"| Text | Read {link}, then act |" in export and f"| {link} |" in export
    assert "See [www.example.org/x\\_y](<http://www.example.org/x_y>)." in export


def test_one_recommendation_is_singular_in_every_format(recs, empty):
    recs.ok("add", "Only one", "--actor", "UN")
    assert "] 1 recommendation: " in recs.ok("report").stdout
    assert "` 1 recommendation: 0.0% implemented" in recs.ok("report", "--format", "md").stdout
    assert "of 1 recommendation.</p>" in recs.ok("report", "--format", "html").stdout


def test_terminal_report_by_actor_fits_80_columns(seeded):
    """On an 80-column terminal the names stay whole (wrapped at spaces), not `Interna…`."""
    from procs import run_in_pty

    code, screen = run_in_pty(seeded, "report", "--by", "actor", "--since", "2025-01", columns=80)
    text = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", screen.decode()).replace("\r\n", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    assert code == 0 and "…" not in text.split("What changed")[0], text
    assert "\nInternational          6 " in text and "\npartners\n" in text and "\nEuropean Union " in text
    assert "30 January" in text.split("What changed")[1]  # the day R4 was extended
    code, screen = run_in_pty(seeded, "report", "--by", "actor", columns=140)
    assert "International partners             6             1" in screen.decode()  # full headers fit


def test_html_chart_by_actor_labels_each_segment_with_its_count(recs, seeded):
    """Issue 15: the bars by actor showed only a total; each part now shows its count,
    as the status bar does, so colour is not the only cue (and the label says them all)."""
    page = recs.ok("report", "--by", "actor", "--format", "html").stdout
    rep = recs.json("report", "--by", "actor")
    chart = page.split('aria-label="Progress by actor">', 1)[1].split("</div></section>", 1)[0]
    rows = re.findall(r'<div class="row"><span class="name">(.*?)</span>(<svg.*?</svg>)', chart)
    assert len(rows) == len(rep["groups"])
    for (name, svg), group in zip(rows, rep["groups"]):
        assert name == group["label"]
        counts = [n for s in ("implemented", "partial", "in_progress", "not_started", "not_implemented")
                  if (n := group["by_status"][s])]
        parts = re.findall(r"<title>[^<]*: (\d+)</title></rect><text [^>]*>(\d+)</text>", svg)
        assert [int(a) for a, _ in parts] == [int(b) for _, b in parts]
        if name == "International partners":  # six, in five parts: every part wide enough to show its count
            assert [int(b) for _, b in parts] == counts == [2, 1, 1, 1, 1]
        assert f"{group['count']} (" in re.search(r'aria-label="([^"]*)"', svg).group(1)


def test_a_due_edited_into_no_date_is_no_deadline(recs, seeded):
    """A hand edit left `due` as text that is no date: report, due and list go on (doctor names it)."""
    import json

    path = seeded / "recommendations" / "R1.json"
    record = json.loads(path.read_text())
    for bad in ("notadate", "2024-13"):
        record["due"] = bad
        path.write_text(json.dumps(record, indent=2))
        assert "R1" in recs.ok("report", "--format", "md").stdout
        recs.ok("due")
        assert "R1" not in recs.ok("list", "--overdue", "--format", "ids").stdout
        assert "R1" in recs.ok("list", "--sort", "due", "--format", "ids").stdout


def test_the_report_goes_through_the_pager_on_a_terminal(seeded, tmp_path):
    """As `recs list` does: a long report is many screens (`--no-pager` prints it; piped, never)."""
    import subprocess
    import sys

    from procs import env_for, run_in_pty

    pager = tmp_path / "pager.sh"
    pager.write_text('#!/bin/sh\necho "PAGER LESS=$LESS"\ncat\n')
    pager.chmod(0o755)
    code, raw = run_in_pty(seeded, "report", columns=120, PAGER=str(pager))
    assert code == 0 and raw.decode().startswith("PAGER LESS=FRX") and "Recommendations (9)" in raw.decode()
    code, raw = run_in_pty(seeded, "report", "--no-pager", columns=120, PAGER=str(pager))
    assert code == 0 and b"PAGER" not in raw and b"Recommendations (9)" in raw
    piped = subprocess.run([sys.executable, "-m", "recs", "report"], env=env_for(seeded, PAGER=str(pager)),
                           capture_output=True, text=True, timeout=60)
    assert piped.returncode == 0 and "PAGER" not in piped.stdout and "Recommendations (9)" in piped.stdout
