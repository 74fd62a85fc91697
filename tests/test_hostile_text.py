"""Whatever people paste (rich markup, terminal escape sequences, NUL,
right-to-left text) is stored exactly, shown literally, and never reaches a
terminal as a control code."""

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from conftest import snapshot
from procs import run_in_pty

NASTY = [
    "[bold]bold?[/bold]", "[/]", "[red]", "[link=https://evil.example]click[/link]", ":smile:",
    "\x1b[31mred\x1b[0m", "\x1b]0;pwned\x07", "\x1b[2J", "\x1b[?1049h", "\x1bc", "\x9b31m", "\x07",
    "\x00", "\x08\x08", "\x7f", "\u202eevil\u202c", "\u2066isolate\u2069", "مرحبا بالعالم", "שלום",
    "\u200f", "\ufeff", "🙂👩‍👩‍👧", "e\u0301", "%s %d {0}", "$(rm -rf ~)", "'; DROP TABLE recs;--",
    "=HYPERLINK(\"x\")", "\\", '"', "\t",
]
# text the way people paste it: ordinary unicode mixed with the nasties
pasted = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(NASTY)), max_size=5).map("".join)
one_line = pasted.filter(lambda s: s.strip() and "\n" not in s.strip() and "\r" not in s.strip())
# controls, zero-width and directional marks, bidi overrides and isolates, BOM (recs.core.escapes)
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

pytestmark = pytest.mark.filterwarnings("ignore")
fast = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@fast
@given(title=one_line, text=pasted, quote=pasted, actor=one_line.filter(lambda s: len(s.strip()) <= 200),
       note=pasted, summary=one_line, source=one_line)
def test_pasted_text_comes_back_exactly(recs, empty, title, text, quote, actor, note, summary, source):
    added = recs("add", "--actor", actor, "--text", text, "--quote", quote, "--note", note, "--", title)
    assert added.exit_code == 0, added.stderr
    rec_id = added.stdout.strip()
    recs.ok("evidence", "add", rec_id, "--summary", summary, "--source", source)
    shown = recs.json("show", rec_id)
    assert shown["title"] == title.strip()
    assert (shown["text"], shown["quote"]) == (text, quote)
    assert shown["actors"] == [actor.strip()]
    assert shown["history"][0]["note"] == note
    assert (shown["evidence"][0]["summary"], shown["evidence"][0]["source"]) == (summary.strip(), source.strip())
    listed = {r["id"]: r for r in recs.json("list")}
    assert listed[rec_id] == shown
    for args in (["show", rec_id], ["history", rec_id]):  # tables, not on a terminal
        out = recs.ok(*args, env={"COLUMNS": "1000"}).stdout
        assert not RAW_CONTROL.search(out), (args, out)
        for markup in ("[bold]", "[/]", "[link=", ":smile:"):
            if markup in title:
                assert markup in out  # printed, not interpreted


def _ansi_free(screen: bytes) -> str:
    """What a terminal got, less rich's own styling (SGR `ESC[...m`) and the pty's CRLF."""
    text = screen.decode("utf-8", "replace").replace("\r\n", "\n")
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def _assert_inert(screen: bytes) -> None:
    text = _ansi_free(screen)
    assert not RAW_CONTROL.search(text.replace("\n", "")), repr(RAW_CONTROL.search(text.replace("\n", "")))
    for raw in (b"\x1b]0;", b"\x1b[2J", b"\x1b[?1049h", b"\x1bc", b"\xc2\x9b", b"\x07", b"\x00", b"\x1b[31mred"):
        assert raw not in screen, raw


def test_terminal_never_gets_raw_control_codes(recs, empty):
    title = "Evacuate " + "".join(n for n in NASTY if "\n" not in n)
    rec_id = recs.ok("add", "--actor", "\x1b[2JUN", "--text", "\n".join(NASTY), "--tag", "[bold]t",
                     "--note", "\x1b]0;pwned\x07", "--", title).stdout.strip()
    recs.ok("evidence", "add", rec_id, "--summary", "\x1b[2J" + NASTY[0], "--source", "\x9b31m src")
    code, screen = run_in_pty(empty, "show", rec_id)
    assert code == 0, screen
    assert b"\x1b[" in screen  # it was a terminal: rich styled it
    _assert_inert(screen)
    text = _ansi_free(screen)
    assert "\\x1b[2J" in text and "[bold]bold?[/bold]" in text and "[/]" in text  # shown, not run
    assert "مرحبا بالعالم" in text
    code, screen = run_in_pty(empty, "list", "--no-pager")  # (less sends its own keypad codes)
    assert code == 0
    _assert_inert(screen)
    code, screen = run_in_pty(empty, "show", "\x1b[2J\x1b]0;x\x07")  # in an error message
    assert code == 1 and b"Error: no recommendation with id" in screen
    _assert_inert(screen)


@settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck))
@given(title=one_line, text=pasted)
def test_terminal_output_of_generated_text(recs, empty, title, text):
    rec_id = recs.ok("add", "--actor", "UN", "--text", text, "--", title).stdout.strip()
    code, screen = run_in_pty(empty, "show", rec_id)
    assert code == 0
    _assert_inert(screen)


def test_json_on_a_terminal_is_still_inert(recs, empty):
    rec_id = recs.ok("add", "--actor", "UN", "--", "\x1b[2J\x9b title").stdout.strip()
    code, screen = run_in_pty(empty, "show", rec_id, "--format", "json")
    assert code == 0
    _assert_inert(screen)


def test_export_import_round_trip_of_pasted_text(recs, empty, tmp_path):
    for n in NASTY:
        if n.strip() and "\n" not in n.strip() and "\r" not in n.strip():
            recs.ok("add", "--actor", "UN", "--text", n, "--", n)
    exported = recs.ok("export", "--format", "json").stdout
    other = tmp_path / "other"
    recs.ok("init", "--empty", env={"RECS_DB": str(other)})
    (tmp_path / "x.json").write_text(exported)
    recs.ok("import", str(tmp_path / "x.json"), env={"RECS_DB": str(other)})
    mine = json.loads(recs.ok("list", "--format", "json").stdout)
    theirs = json.loads(recs.ok("list", "--format", "json", env={"RECS_DB": str(other)}).stdout)
    assert [(r["title"], r["text"]) for r in theirs] == [(r["title"], r["text"]) for r in mine]


@settings(fast, max_examples=10)
@given(title=one_line, text=pasted, quote=pasted, actor=one_line.filter(lambda s: len(s.strip()) <= 200),
       tag=one_line.filter(lambda s: len(s.strip()) <= 200), summary=one_line, source=one_line)
def test_pasted_text_survives_export_and_import(recs, empty, tmp_path_factory, title, text, quote, actor, tag,
                                                summary, source):
    """Generated text through export and import: JSON rebuilds the tracker byte for byte,
    CSV brings every text field back exactly."""
    rec_id = recs.ok("add", "--actor", actor, "--tag", tag, "--text", text, "--quote", quote, "--",
                     title).stdout.strip()
    recs.ok("evidence", "add", rec_id, "--summary", summary, "--source", source)
    work = tmp_path_factory.mktemp("round-trip")
    recs.ok("export", "--output", str(work / "all.json"))
    rebuilt = work / "rebuilt"
    recs.ok("init", "--empty", env={"RECS_DB": str(rebuilt)})
    recs.ok("import", str(work / "all.json"), env={"RECS_DB": str(rebuilt)})
    recs.ok("export", "--output", str(work / "again.json"), env={"RECS_DB": str(rebuilt)})
    assert (work / "again.json").read_bytes() == (work / "all.json").read_bytes()
    assert snapshot(rebuilt) == snapshot(empty)

    recs.ok("export", "--format", "csv", "--output", str(work / "all.csv"))
    from_csv = work / "from-csv"
    recs.ok("init", "--empty", env={"RECS_DB": str(from_csv)})
    recs.ok("brief", "add", "b1", "--title", "A brief", "--publisher", "Pub", "--published", "2024-01-31",
            env={"RECS_DB": str(from_csv)})
    recs.ok("import", str(work / "all.csv"), env={"RECS_DB": str(from_csv)})
    mine = recs.json("show", rec_id)
    theirs = recs.json("show", rec_id, env={"RECS_DB": str(from_csv)})
    for field in ("title", "text", "quote", "actors", "tags", "status"):
        assert theirs[field] == mine[field], field


INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\u202a", "\u202e", "\u2066",
             "\u2069", "\ufeff"]


def test_zero_width_and_directional_marks_are_shown_escaped(recs, empty, tmp_path):
    """On a terminal, in plain output, in md and html: one escape rule (issue 11, D)."""
    title = "Pay" + "".join(INVISIBLE) + "now"
    rec_id = recs.ok("add", "--actor", "U\u200bN", "--tag", "t\ufeff", "--", title).stdout.strip()
    assert recs.json("show", rec_id)["title"] == title  # stored exactly
    code, screen = run_in_pty(empty, "show", rec_id)
    assert code == 0
    _assert_inert(screen)
    assert "Pay\\u200b\\u200c\\u200d" in _ansi_free(screen) and "U\\u200bN" in _ansi_free(screen)
    for args in (["show", rec_id], ["list"], ["export", "--format", "md"], ["report", "--format", "md"],
                 ["report", "--format", "html"]):
        out = recs.ok(*args).stdout
        assert not RAW_CONTROL.search(out), (args, RAW_CONTROL.search(out))
    md = recs.ok("export", "--format", "md").stdout
    assert "Pay\\u200b\\u200c\\u200d\\u200e\\u200f\\u061c\\u202a\\u202e\\u2066\\u2069\\ufeffnow" in md.replace("\\\\", "\\")  # md escapes the backslash


def test_markdown_neutralises_mentions_and_emoji_codes(recs, empty):
    """GitHub would notify @user and turn :smile: into an emoji; the md export
    writes them as HTML entities, which a Markdown viewer shows as the
    characters typed (checked by rendering with markdown-it)."""
    from markdown_it import MarkdownIt

    title = "Ask @octocat and @team/x :smile: :+1: at 10:00:00, mail a@b.org"
    rec_id = recs.ok("add", "--actor", "@un", "--", title).stdout.strip()
    recs.ok("update", rec_id, "--status", "partial", "--note", "thanks @octocat :tada:")
    md = recs.ok("export", "--format", "md").stdout
    assert "@" not in md and ":smile:" not in md and ":+1:" not in md and ":tada:" not in md
    assert "10:00:00" in md  # times stay readable
    html = MarkdownIt("commonmark").enable("table").render(md)
    assert title in html.replace("&amp;", "&")
    assert "thanks @octocat :tada:" in html and "<td>@un</td>" in html
    report = recs.ok("report", "--format", "md", "--since", "2000-01-01").stdout
    assert "@octocat" not in report and "thanks @octocat :tada:" in MarkdownIt("commonmark").enable("table").render(report)


@pytest.mark.parametrize("cell", [" =1+1", "\t=1+1", "  @SUM(A1)", "＝1+1", "＋cmd", "－2", "＠SUM(A1)", "\n=1"])
def test_csv_neutralises_formulas_after_spaces_and_full_width(recs, empty, tmp_path, cell):
    rec_id = recs.ok("add", "--actor", "UN", "--text", cell, "--", "t" + cell.strip()).stdout.strip()
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(recs.ok("list", "--format", "csv").stdout, newline="")))
    assert rows[0]["text"] == "'" + cell
    out = tmp_path / "x.csv"
    recs.ok("export", "--format", "csv", "--output", str(out))
    recs.ok("import", str(out))
    assert recs.json("show", rec_id)["text"] == cell  # import takes the `'` off again
