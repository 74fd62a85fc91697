"""`recs extract`: the test briefs give what a reader would list, each cue and
trap on its own, adding (all, --pick, on a terminal), the shipped brief
already tracked, hostile text, progress and start-up."""

import json
import os
import sys

import pytest
from conftest import digest
from extract_cases import briefs, path_of, score, spec
from procs import ROOT, run, run_in_pty

SEED_BRIEF = str(ROOT / "data" / "sources" / "apri-2023-09-20-nagorno-karabakh.txt")
GRAIN = str(ROOT / "tests" / "data" / "extract" / "grain-corridor.md")


def extract(recs, *args, **kw) -> list[dict]:
    return recs.json("extract", *args, **kw)


@pytest.mark.parametrize("name", briefs())
def test_each_test_brief_gives_what_a_reader_would_list(recs, tmp_path, name):
    result = score(extract(recs, str(path_of(name, tmp_path))), spec(name))
    assert result["missed"] == [] and result["traps"] == [], result
    assert result["wrong_actors"] == [] or name.endswith("nagorno-karabakh.txt"), result
    assert result["wrong_due"] == [], result
    # the shipped brief: at most two false candidates (the bar); a brief written after
    # the rules (heldout-*): one; the briefs the rules were written with: none
    allowed = 2 if name.endswith("nagorno-karabakh.txt") else 1 if name.startswith("heldout-") else 0
    assert len(result["false"]) <= allowed, result


def test_the_shipped_brief_names_its_actors(recs):
    found = extract(recs, SEED_BRIEF)

    def starting(words: str) -> dict:
        return next(c for c in found if c["quote"].startswith(words))

    passage = starting("They should guarantee")
    assert passage["actors"] == ["International partners"] and passage["actor_source"] == "sentence before"
    assert starting("The United Nations")["actors"] == ["United Nations", "Other relevant organizations"]
    mission = starting("Alongside other measures")
    assert mission["due"] == "2025-02" and mission["location"] == "¶ 16" and mission["cue"] == "should"
    assert mission["title"] == "Invest in a more substantial presence in Armenia"
    assert starting("An alternative architecture")["title"] == "Find an alternative architecture"


CUES = [  # (sentence, cue expected (None: no candidate), lead actor expected)
    ("The ministry needs to publish the data.", "needs to", "Ministry"),
    ("Azerbaijan is required to report within a month.", "is required to", "Azerbaijan"),
    ("States ought to ratify the convention.", "ought to", "States"),
    ("Parliament shall review the law every year.", "shall", "Parliament"),
    ("The commission recommends that the government close the camp.", "recommends", "Government"),
    ("We request the Commission to review the directive.", "request", "Commission"),
    ("We demand that the authorities release the journalists.", "demand", "Authorities"),
    ("It is vital that donors fund the clinics.", "it is vital", "Donors"),
    ("Calls upon all States to cooperate fully with the Tribunal;", "calls upon", "All States"),
    ("Recommendation 4: The EU should open an office in Yerevan.", "recommendation; should", "EU"),
    ("This should lead to fewer complaints.", None, None),
    ("The coming days will show how the talks go.", None, None),
    ("The EU should have acted sooner.", None, None),
    ("The 2019 review recommended that the office close.", None, None),
    ("Baku has stated that Armenia must withdraw its troops.", None, None),
    ("Should the EU impose sanctions?", None, None),
    ("It should be noted that turnout was low.", None, None),
    ("It is essential that the OSCE sends observers.", "it is essential", "OSCE"),
    ("In 2019 the review recommended that the ministry should create a monitoring unit.", None, None),
]


@pytest.mark.parametrize("sentence,cue,actor", CUES, ids=[c[0][:40] for c in CUES])
def test_each_cue_and_trap_alone(recs, sentence, cue, actor):
    found = extract(recs, "-", input=sentence + "\n")
    if cue is None:
        assert found == [], found
    else:
        assert len(found) == 1 and found[0]["cue"] == cue and found[0]["actors"][0] == actor, found


def test_an_instruction_opens_a_list_item_and_a_lead_in_names_who(recs):
    text = "# Brief\n\nThe Council should:\n\n- adopt the directive;\n- fund the agency.\n\n## Next\n\n- Ratify the treaty.\n"
    found = extract(recs, "-", "--from", "md", input=text)
    assert [(c["quote"], c["actors"][0], c["actor_source"]) for c in found] == [
        ("adopt the directive;", "Council", "lead-in"), ("fund the agency.", "Council", "lead-in"),
        ("Ratify the treaty.", "Council", "brief")]
    assert [c["title"] for c in found] == ["Adopt the directive", "Fund the agency", "Ratify the treaty"]


LEAD_INS = ["To the Ministry of Health:", "For the Ministry of Health:", "Recommendations to the Ministry of Health",
            "Recommendations for the Ministry of Health:"]


@pytest.mark.parametrize("lead", LEAD_INS)
def test_a_lead_in_line_gives_its_actor_to_the_list_under_it(recs, lead):
    text = (f"The health board should meet. The health board must vote. The health board must report.\n\n{lead}\n\n- Establish a review unit.\n"
            "- Fund the midwives.\n\nTo donors:\n\n1. Pay for the fridges.\n\nA review must be done.\n")
    found = extract(recs, "-", "--from", "md", input=text)
    assert [(c["quote"], c["actors"][0], c["actor_source"]) for c in found[3:]] == [
        ("Establish a review unit.", "Ministry of Health", "lead-in"), ("Fund the midwives.", "Ministry of Health", "lead-in"),
        ("Pay for the fridges.", "Donors", "lead-in"), ("A review must be done.", "Health board", "brief")]


def test_stdin_markdown_and_table_output(recs):
    plain = recs.ok("extract", GRAIN)
    assert plain.stderr == f"7 candidates in {GRAIN}\n"
    lines = plain.stdout.splitlines()
    assert lines[0].split() == ["#", "Where", "Conf.", "Due", "Actors", "Title", "and", "sentence"]
    assert "European Union" in lines[1] and "Extend the temporary trade liberalisation" in lines[1]
    md = recs.ok("extract", GRAIN, "--format", "md").stdout
    assert md.startswith("# Candidate recommendations in ") and "   > The European Union should extend" in md
    empty = recs.ok("extract", "-", input="Nothing to see here.\n")
    assert empty.stdout == "" and "0 candidates in standard input" in empty.stderr


def test_text_from_a_brief_is_never_markup_or_control_codes(recs):
    text = "The EU should ban [bold]red[/bold] \x1b[31mlines\x1b[0m and *stars*.\n"
    piped = recs.ok("extract", "-", input=text)
    assert "[bold]red[/bold]" in piped.stdout and "\x1b" not in piped.stdout and "\\x1b[31m" in piped.stdout
    md = recs.ok("extract", "-", "--format", "md", input=text).stdout
    assert "\\[bold\\]" in md and "\\*stars\\*" in md and "\x1b" not in md
    assert extract(recs, "-", input=text)[0]["quote"] == text.strip()  # verbatim in json


# -- adding --------------------------------------------------------------------------------
def test_add_picks_skips_what_is_tracked_and_reports(recs, empty, db):
    first = recs.ok("extract", GRAIN, "--add", "--brief", "b1", "--pick", "1,3")
    assert first.stdout == "R1\nR2\n"
    assert "added R1 (1): Extend the temporary trade liberalisation" in first.stderr
    r1 = recs.json("show", "R1")
    assert (r1["status"], r1["brief"], r1["actors"], r1["due"]) == ("not_started", "b1", ["European Union"], "2025-06")
    assert r1["quote"].startswith("The European Union should extend") and r1["quote"] == r1["text"]
    assert r1["history"][0]["note"].startswith("extracted from ") and "cue: should" in r1["history"][0]["note"]
    again = recs.ok("extract", GRAIN, "--add", "--brief", "b1")
    assert again.stdout == "R3\nR4\nR5\nR6\nR7\n"
    assert "skipped 1: already tracked as R1" in again.stderr and "skipped 3: already tracked as R2" in again.stderr
    assert again.stderr.endswith("Added 5 recommendations from " + GRAIN + " to brief b1, skipped 2 already tracked\n")
    before = digest(db)
    third = recs.ok("extract", GRAIN, "--add", "--brief", "b1", "--pick", "all")
    assert third.stdout == "" and "skipped 7 already tracked" in third.stderr and digest(db) == before


def test_nearly_the_same_quote_counts_as_tracked(recs, empty):
    recs.ok("add", "Extend", "--actor", "EU", "--quote", "The European Union should extend the temporary trade "
            "liberalisation for Ukrainian grain beyond June 2025 – with safeguards agreed with Poland and Hungary")
    done = recs.ok("extract", GRAIN, "--add", "--brief", "b1", "--pick", "1", "--dry-run")
    assert "skip 1: already tracked as R1" in done.stderr


def test_add_creates_the_brief_from_the_file_and_the_options(recs, empty):
    recs.ok("extract", GRAIN, "--add", "--brief", "grain-2024", "--publisher", "Eastern Policy Lab", "--pick", "2")
    brief = next(b for b in recs.json("brief", "list") if b["id"] == "grain-2024")
    assert (brief["title"], brief["publisher"], brief["published"]) == (
        "Keeping the Black Sea Grain Route Open", "Eastern Policy Lab", "2024-03-14")
    assert recs.json("show", "R1")["brief"] == "grain-2024"


def test_dry_run_on_the_shipped_brief_finds_all_nine_tracked(recs, seeded):
    before = digest(seeded)
    done = recs.ok("extract", SEED_BRIEF, "--add", "--brief", "apri-2023-09-20", "--dry-run")
    tracked = {line.rsplit(" ", 1)[1] for line in done.stderr.splitlines() if "already tracked as" in line}
    assert tracked == {f"R{n}" for n in range(1, 10)}
    assert "would add 0, skip 9 already tracked; nothing was written" in done.stderr
    assert done.stdout == "" and digest(seeded) == before


def test_choosing_on_a_terminal(recs, empty):
    """Accept the first, skip the second, edit the third, then stop choosing."""
    from test_interactive import run_on_terminal

    code, screen = run_on_terminal(["extract", GRAIN, "--add", "--brief", "b1"],
                                   "a\ns\ne\nOpen the ports\nEU; Romania\nq\n")
    assert code == 0, screen
    assert "[a]ccept (Enter), [s]kip, [e]dit" in screen and "Added 2 recommendations" in screen
    records = recs.json("list")
    assert [(r["title"], r["actors"]) for r in records] == [
        ("Extend the temporary trade liberalisation for Ukrainian grain beyond June 2025", ["European Union"]),
        ("Open the ports", ["EU", "Romania"])]


def test_a_fifo_is_refused_without_waiting_for_a_writer(recs, seeded, tmp_path):
    fifo = tmp_path / "brief.fifo"
    os.mkfifo(fifo)
    before = digest(seeded)
    result = recs("extract", str(fifo))
    assert result.exit_code == 1 and result.stderr.startswith(f"Error: {fifo} is not a regular file")
    assert result.stderr.count("\n") == 1 and digest(seeded) == before


# -- progress and start-up ------------------------------------------------------------------
def test_a_long_pdf_shows_progress_on_a_terminal_and_nothing_extra_when_piped(tmp_path, seeded):
    from pdfmaker import pdf_of_text

    text = (path_of("clinics-heat.txt", tmp_path)).read_text(encoding="utf-8")
    pdf = tmp_path / "long.pdf"
    cities = ("Lisbon", "Porto", "Braga", "Faro")
    pdf.write_bytes(pdf_of_text("\n\n".join(text.replace("Lisbon", city) for city in cities), per_page=6,
                                header="Urban Health Forum"))
    code, raw = run_in_pty(seeded, "extract", str(pdf), "--format", "json")
    assert code == 0 and b"Reading pages" in raw, raw[-300:]
    piped = run(seeded, "extract", str(pdf), "--format", "json")
    assert piped.returncode == 0 and piped.stderr == f"36 candidates in {pdf}\n"
    assert {c["page"] for c in json.loads(piped.stdout)} >= {2, 5, 11}


def _modules(args: list[str], db) -> set[str]:
    import subprocess

    code = ("import sys\nsys.argv = ['recs'] + sys.argv[1:]\nfrom recs.launch import run\nrun()\n"
            "sys.stderr.write('\\nMODULES ' + ' '.join(sorted(sys.modules)) + '\\n')\n")
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env={**os.environ, "RECS_DB": str(db)})
    return set(proc.stderr.rsplit("MODULES ", 1)[1].split())


HEAVY = {"pypdf", "pysbd", "selectolax", "markdown_it", "recs.extract"}


@pytest.mark.parametrize("args", [["list"], ["show", "R1"], ["--help"], ["extract", "--help"]])
def test_no_other_command_imports_what_extract_needs(seeded, args):
    modules = _modules(args, seeded)
    assert "recs" in modules and not HEAVY & modules


def test_extract_imports_them_when_it_runs(seeded):
    assert {"pysbd", "recs.extract.finding"} <= _modules(["extract", SEED_BRIEF, "--format", "json"], seeded)
