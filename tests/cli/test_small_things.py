"""Small things of issue 14, point 7, each reproduced first: evidence URLs as
links, URLs that would break out of a Markdown link, a tracker path that is a
FIFO or a device, `--as` names, and the exit code when the reader of a pipe
goes away."""

import os
import stat
import subprocess
import sys

import pytest

from conftest import digest
from procs import env_for

URL = 'https://example.org/a"onmouseover="alert(1)<b>x</b>'


@pytest.fixture
def with_urls(recs, empty):
    recs.ok("add", "One", "--actor", "UN", "--brief", "b1")
    recs.ok("evidence", "add", "R1", "--summary", "Plain", "--url", "https://example.org/p?a=1&b=2", "--date", "2024-01")
    recs.ok("evidence", "add", "R1", "--summary", "Odd", "--url", URL, "--date", "2024-02")
    return empty


# -- URLs ---------------------------------------------------------------------------
def test_evidence_urls_are_links_in_the_html_report(recs, with_urls):
    html = recs.ok("report", "--format", "html").stdout
    assert ('<a href="https://example.org/a&quot;onmouseover=&quot;alert(1)&lt;b&gt;x&lt;/b&gt;">'
            "February 2024: Odd</a>") in html
    assert "<b>x</b>" not in html and 'onmouseover="' not in html


def test_urls_never_break_out_of_a_markdown_link(recs, with_urls):
    target = "<https://example.org/a%22onmouseover=%22alert(1)%3Cb%3Ex%3C/b%3E>"
    assert f"]({target})" in recs.ok("report", "--format", "md").stdout
    export = recs.ok("export", "--format", "md").stdout
    assert f"]({target}) |" in export  # the evidence table's URL cell: one link to the whole URL
    assert "](<https://example.org/p?a=1&b=2>) |" in export
    assert "<b>" not in export and 'a"onmouseover' not in export.split("](")[-1]


# -- a tracker path that is a FIFO or a device ---------------------------------------
@pytest.mark.parametrize("command", [["list"], ["add", "T", "--actor", "A"], ["export"], ["import", "x.csv"]])
def test_a_tracker_path_that_is_a_fifo_is_refused_unread(recs, tmp_path, command):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (tmp_path / "x.csv").write_text("title,actors\nT,A\n")
    for result in (recs("--db", str(fifo), *command), recs(*command, env={"RECS_DB": str(fifo)})):
        assert result.exit_code == 1, result.stderr  # returns at once: a read would block for ever
        assert result.stderr == f"Error: {fifo} is a FIFO (named pipe), not a tracker folder; it was not read " \
                                "(give a tracker's folder)\n"
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_tracker_path_that_is_a_device_is_refused_unread(recs):
    result = recs("--db", os.devnull, "list")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {os.devnull} is a device, not a tracker folder; it was not read " \
                            "(give a tracker's folder)\n"


# -- --as -------------------------------------------------------------------------------
@pytest.mark.parametrize("name, says", [
    ("", "--as (or RECS_USER) needs a name; it was empty"),
    ("   ", "--as (or RECS_USER) needs a name; it was empty"),
    ("Ana\nLima", "--as (or RECS_USER) must be a name on one line, without control characters; got 'Ana\\nLima'"),
    ("Ana\tLima", "without control characters; got 'Ana\\tLima'"),
    ("x" * 201, "--as (or RECS_USER) is too long (201 characters; at most 200)"),
])
def test_a_bad_as_name_is_refused(recs, empty, db, name, says):
    before = digest(db)
    for args, env in ((["--as", name, "add", "T", "--actor", "A"], None),
                      (["add", "T", "--actor", "A", "--as", name], None),
                      (["add", "T", "--actor", "A"], {"RECS_USER": name} if name.strip() else None)):
        if env is None and "--as" not in args:
            continue  # an empty RECS_USER is as if unset
        result = recs(*args, env=env)
        assert result.exit_code == 2, (args, result.stderr)
        assert result.stderr.startswith("Error: ") and says in result.stderr and result.stderr.count("\n") == 1
        assert digest(db) == before


def test_a_good_as_name_is_recorded_trimmed(recs, empty):
    recs.ok("--as", "  Ana Lima ", "add", "T", "--actor", "A")
    assert recs.json("show", "R1")["history"][0]["by"] == "Ana Lima"


# -- the reader of a pipe goes away ------------------------------------------------------
@pytest.mark.parametrize("args", [
    ["export", "--format", "json"], ["export", "--format", "ndjson"], ["export", "--format", "csv"],
    ["export", "--format", "md"], ["list"], ["list", "--format", "csv"], ["report"],
    ["report", "--format", "html"],
], ids=" ".join)
def test_a_closed_pipe_gives_the_same_exit_code_for_every_format(seeded, args):
    """`set -o pipefail; recs … | head -1`: every format ends the same way when the
    reader has gone (here, before the first byte), quietly, with exit code 0, as
    when the reader went after the last byte (a small output)."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run([sys.executable, "-m", "recs", *args], stdout=write, stderr=subprocess.PIPE,
                              env=env_for(seeded), timeout=60)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (0, b"")


def test_head_in_a_pipefail_pipeline_succeeds_for_every_format(seeded):
    """The check of the issue, as a shell runs it: whether `head` leaves before or after
    recs has written everything, the pipeline's status is 0."""
    recs = f"{sys.executable} -m recs"
    script = "set -o pipefail; " + "; ".join(
        f"{recs} {args} | head -1 > /dev/null; echo \"{args}: $?\""
        for args in ("export --format json", "list", "report"))
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env_for(seeded), timeout=120)
    assert done.stderr == "" and [line.rsplit(": ", 1)[1] for line in done.stdout.splitlines()] == ["0"] * 3


# -- the real temp folder ------------------------------------------------------------------
def test_tests_keep_their_temp_files_out_of_the_real_temp_folder(recs, empty, tmp_path_factory):
    """A refused `recs edit` keeps the person's copy in the temp folder: in the
    suite, that is the test's own (conftest), never the machine's."""
    import tempfile
    from pathlib import Path

    own = tmp_path_factory.getbasetemp()
    assert Path(tempfile.gettempdir()).is_relative_to(own) and Path(os.environ["TMPDIR"]).is_relative_to(own)
    recs.ok("add", "T", "--actor", "A")
    editor = f"{sys.executable} -c \"import sys; open(sys.argv[1], 'w').write('not json')\""
    result = recs("edit", "R1", env={"EDITOR": editor, "VISUAL": ""})
    assert result.exit_code == 1 and "your edit is kept in " in result.stderr
    kept = Path(result.stderr.split("your edit is kept in ", 1)[1].strip())
    assert kept.read_text() == "not json" and kept.is_relative_to(own)
