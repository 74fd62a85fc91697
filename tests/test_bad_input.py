"""Every command, given bad values: one `Error:` line, a non-zero exit, no
traceback, and the store byte-for-byte unchanged.

One row per case; to cover a new command, add rows. `files` are written into
the test's directory first; `{dir}` in an argument (or an environment value)
is replaced by it, `{store}` by the tracker folder's path.
"""

import json
from dataclasses import dataclass, field

import pytest
from conftest import digest

HUGE = "x" * 100_001
LONG_TITLE = "t" * 301


@dataclass
class Bad:
    args: list[str]
    says: str = ""  # expected in the error message
    code: int | None = None  # exact exit code expected (None: any non-zero)
    env: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)  # name -> bytes or str


def _seed_record(rec_id: str) -> dict:
    """A recommendation of the bundled tracker, as stored in its file."""
    from recs.store.paths import seed

    return json.loads((seed() / "recommendations" / f"{rec_id}.json").read_bytes())


def _import_file(recs_):
    """An export-shaped import file with the given recommendations."""
    from recs import SCHEMA_VERSION
    from recs.store.paths import seed

    briefs = [json.loads(p.read_bytes()) for p in sorted((seed() / "briefs").glob("*.json"))]
    return json.dumps({"recs_export": 1, "schema_version": SCHEMA_VERSION,
                       "briefs": briefs,
                       "recommendations": [_seed_record(r) for r in recs_]})


def _with_bad_status():
    rec = _seed_record("R1")
    return json.dumps({"recs_export": 1, "schema_version": 2, "briefs": [],
                       "recommendations": [dict(rec, status="done")]})


def _with_evidence_url(url: str):
    rec = _seed_record("R1")
    evidence = [dict(rec["evidence"][0], url=url)]
    return json.dumps({"recs_export": 1, "schema_version": 2, "briefs": [],
                       "recommendations": [dict(rec, evidence=evidence)]})


def _r1_with(**changes):
    """An import file of R1 with some of its fields changed (a key with the
    value DEEP holds a list nested 1,000 deep)."""
    from recs.store.paths import seed

    rec = dict(json.loads((seed() / "recommendations" / "R1.json").read_bytes()), **changes)
    deep = "[" * 1000 + '"x"' + "]" * 1000
    return json.dumps([rec]).replace('"DEEP"', deep)


def _r1_history(**entry):
    from recs.store.paths import seed

    rec = json.loads((seed() / "recommendations" / "R1.json").read_bytes())
    return _r1_with(history=rec["history"] + [dict(rec["history"][-1], **entry)])


CASES = {
    # show / history / list
    # numbers and dates too large or too early for arithmetic: a bad value, never an unexpected error
    "list limit of 30 digits": Bad(["list", "--limit", "9" * 30], "too large a number", 2),
    "list limit of 4301 digits": Bad(["list", "--limit", "9" * 4301], "too large a number", 2),
    "report stale days a million": Bad(["report", "--stale-days", "1000000"], "--stale-days takes a number of days", 2),
    "report stale days of 20 digits": Bad(["report", "--stale-days", "9" * 20], "too large a number", 2),
    "report as of year 1": Bad(["report", "--as-of", "0001-01-01"], "recs takes dates from 1900 on", 1),
    "report from year 1": Bad(["report", "--from", "0001"], "recs takes dates from 1900 on", 1),
    "show unknown id": Bad(["show", "R999"], "no recommendation with id 'R999'", 1),
    "show empty id": Bad(["show", ""], "no recommendation with id ''", 1),
    "show unknown format": Bad(["show", "R1", "--format", "xml"], "unknown format 'xml'", 2),
    "history unknown id": Bad(["history", "R0"], "no recommendation", 1),
    "history unknown format": Bad(["history", "R1", "--format", "yaml"], "unknown format", 2),
    "list bad status": Bad(["list", "--status", "done"], "invalid status 'done'", 1),
    "list unknown format": Bad(["list", "--format", "html"], "unknown format 'html'", 2),
    "brief list unknown format": Bad(["brief", "list", "--format", "csv"], "unknown format", 2),
    # add
    "add empty title": Bad(["add", "", "--actor", "UN"], "title must not be empty"),
    "add blank title": Bad(["add", "   ", "--actor", "UN"], "title must not be empty"),
    "add two-line title": Bad(["add", "a\nb", "--actor", "UN"], "one line"),
    "add huge title": Bad(["add", LONG_TITLE, "--actor", "UN"], "title is too long"),
    "add huge text": Bad(["add", "T", "--actor", "UN", "--text", HUGE], "text is too long"),
    "add huge quote": Bad(["add", "T", "--actor", "UN", "--quote", HUGE], "quote is too long"),
    "add huge note": Bad(["add", "T", "--actor", "UN", "--note", HUGE], "note is too long"),
    "add no actor": Bad(["add", "T"], "at least one --actor", 2),
    "add empty actor": Bad(["add", "T", "--actor", " "], "actor must not be empty"),
    "add empty tag": Bad(["add", "T", "--actor", "UN", "--tag", ""], "tag must not be empty"),
    "add id taken in other case": Bad(["add", "T", "--actor", "UN", "--id", "r1"], "differs from 'R1', which exists, only in case", 1),
    "add impossible due": Bad(["add", "T", "--actor", "UN", "--due", "2025-02-30"], "invalid due date '2025-02-30'"),
    "add month 13": Bad(["add", "T", "--actor", "UN", "--due", "2025-13"], "invalid due date"),
    "add due in words": Bad(["add", "T", "--actor", "UN", "--due", "next spring"], "invalid due date"),
    "add unknown brief": Bad(["add", "T", "--actor", "UN", "--brief", "nope"], "no brief with id 'nope'"),
    "add bad id": Bad(["add", "T", "--actor", "UN", "--id", "has space"], "invalid id"),
    "add taken id": Bad(["add", "T", "--actor", "UN", "--id", "R1"], "already taken"),
    "add not utf-8": Bad(["add", "bad \udcff title", "--actor", "UN"], "not valid UTF-8"),
    # update
    "update unknown id": Bad(["update", "R42", "--status", "partial"], "no recommendation with id 'R42'", 1),
    "update bad status": Bad(["update", "R1", "--status", "done"], "invalid status 'done'; choose from"),
    "update status typo": Bad(["update", "R1", "--status", "in progres"], "invalid status"),
    "update impossible due": Bad(["update", "R1", "--due", "2025-02-30"], "invalid due date '2025-02-30'"),
    "update european date": Bad(["update", "R1", "--due", "31/12/2025"], "invalid due date"),
    "update empty actor": Bad(["update", "R1", "--actor", ""], "actor must not be empty"),
    "update nothing": Bad(["update", "R1"], "nothing to update", 2),
    "update huge note": Bad(["update", "R1", "--note", HUGE], "note is too long"),
    "update empty title": Bad(["update", "R1", "--title", " "], "title must not be empty"),
    "update huge text": Bad(["update", "R1", "--text", HUGE], "text is too long"),
    "update unknown brief": Bad(["update", "R1", "--brief", "nope"], "no brief with id 'nope'"),
    "update not utf-8 note": Bad(["update", "R1", "--note", "\udcfe"], "not valid UTF-8"),
    "update not utf-8 user": Bad(["--as", "\udcff", "update", "R1", "--note", "x"], "--as is not valid UTF-8"),
    "show not utf-8 id": Bad(["show", "\udcff"], "id is not valid UTF-8"),
    "list not utf-8 search": Bad(["list", "--search", "\udcff"], "--search is not valid UTF-8"),
    # evidence add
    "evidence unknown id": Bad(["evidence", "add", "R99", "--summary", "s", "--url", "https://a.org"], "no recommendation"),
    "evidence empty summary": Bad(["evidence", "add", "R1", "--summary", "", "--url", "https://a.org"], "summary must not be empty"),
    "evidence blank summary": Bad(["evidence", "add", "R1", "--summary", "  ", "--source", "s"], "summary must not be empty"),
    "evidence no summary": Bad(["evidence", "add", "R1", "--url", "https://a.org"], "--summary", 2),
    "evidence no citation": Bad(["evidence", "add", "R1", "--summary", "s"], "needs --url or --source", 2),
    "evidence bad url": Bad(["evidence", "add", "R1", "--summary", "s", "--url", "not a url"], "invalid URL"),
    "evidence ftp url": Bad(["evidence", "add", "R1", "--summary", "s", "--url", "ftp://a.org/x"], "invalid URL"),
    "evidence javascript url": Bad(["evidence", "add", "R1", "--summary", "s", "--url", "javascript:alert(1)"], "invalid URL"),
    "evidence url with space": Bad(["evidence", "add", "R1", "--summary", "s", "--url", "https://a.org/a b"], "invalid URL"),
    "evidence url with escape": Bad(["evidence", "add", "R1", "--summary", "s", "--url", "https://a.org/\x1b[2J"], "invalid URL"),
    "evidence url with DEL": Bad(["evidence", "add", "R1", "--summary", "s", "--url", "https://a.org/x\x7f"], "invalid URL"),
    "evidence url with C1": Bad(["evidence", "add", "R1", "--summary", "s", "--url", "https://a.org/\x9b31m"], "invalid URL"),
    "evidence url with bidi": Bad(["evidence", "add", "R1", "--summary", "s", "--url", "https://a.org/\u202egpj.exe"], "invalid URL"),
    "evidence huge url": Bad(["evidence", "add", "R1", "--summary", "s", "--url", "https://a.org/" + "x" * 3000], "URL is too long"),
    "evidence impossible date": Bad(["evidence", "add", "R1", "--summary", "s", "--source", "x", "--date", "2025-02-30"], "invalid evidence date"),
    "evidence huge summary": Bad(["evidence", "add", "R1", "--summary", HUGE, "--source", "x"], "summary is too long"),
    "evidence huge source": Bad(["evidence", "add", "R1", "--summary", "s", "--source", HUGE], "source is too long"),
    # brief add
    "brief bad id": Bad(["brief", "add", "a b", "--title", "T", "--publisher", "P", "--published", "2024-01-01"], "invalid id"),
    "brief duplicate id": Bad(["brief", "add", "apri-2023-09-20", "--title", "T", "--publisher", "P", "--published", "2024-01-01"], "already exists"),
    "brief impossible date": Bad(["brief", "add", "b2", "--title", "T", "--publisher", "P", "--published", "2023-02-29"], "invalid published date"),
    "brief bad url": Bad(["brief", "add", "b2", "--title", "T", "--publisher", "P", "--published", "2024-01-01", "--url", "www.x.org"], "invalid URL"),
    "brief url with escape": Bad(["brief", "add", "b2", "--title", "T", "--publisher", "P", "--published", "2024-01-01", "--url", "https://x.org/\x1b]0;t\x07"], "invalid URL"),
    "brief empty publisher": Bad(["brief", "add", "b2", "--title", "T", "--publisher", " ", "--published", "2024-01-01"], "publisher must not be empty"),
    # init, undo, doctor
    "init over a store": Bad(["init"], "is a tracker already", 1),
    "undo zero": Bad(["undo", "0", "--yes"], "at least 1", 2),
    "undo not a number": Bad(["undo", "last"], "", 2),
    "undo too many": Bad(["undo", "100000", "--yes"], "nothing to undo", 1),
    "undo without terminal": Bad(["undo"], "stdin is not a terminal", 2),
    "doctor unknown format": Bad(["doctor", "--format", "xml"], "unknown format", 2),
    "check unknown format": Bad(["check", "--format", "xml"], "unknown format", 2),
    # edit, schema
    "edit unknown id": Bad(["edit", "R999"], "no recommendation with id 'R999'", 1, env={"EDITOR": "true"}),
    "edit without an editor": Bad(["edit", "R1"], "no editor", 1, env={"EDITOR": "", "VISUAL": "", "PATH": "/nonexistent"}),
    "edit editor fails": Bad(["edit", "R1"], "the editor exited with status 3; nothing was changed", 1,
                             env={"EDITOR": """sh -c 'rm "$0"; exit 3'""", "VISUAL": ""}),  # leaves no kept copy
    "schema extra argument": Bad(["schema", "extra"], "unexpected extra argument", 2),
    # the command line itself, the environment
    "unknown command": Bad(["frobnicate"], "No such command", 2),
    "unknown option": Bad(["update", "R1", "--frob"], "No such option", 2),
    "bad lock timeout": Bad(["update", "R1", "--note", "x"], "invalid RECS_LOCK_TIMEOUT", env={"RECS_LOCK_TIMEOUT": "soon"}),
    "bad RECS_NOW": Bad(["update", "R1", "--note", "x"], "invalid RECS_NOW", env={"RECS_NOW": "yesterday"}),
    "store is a folder but no tracker": Bad(["--db", "{dir}", "update", "R1", "--note", "x"], "is not a recs tracker"),
    "store missing": Bad(["--db", "{dir}/none", "list"], "no tracker at"),
    # import / export / report
    "import missing file": Bad(["import", "{dir}/nope.json"], "no such file"),
    "import not json": Bad(["import", "{dir}/bad.json"], "not valid JSON", files={"bad.json": "{not json"}),
    "import empty file": Bad(["import", "{dir}/empty.json"], "the file is empty", files={"empty.json": ""}),
    "import wrong shape": Bad(["import", "{dir}/shape.json"], "record 1: title is required; actors is required", files={"shape.json": '{"a": 1}'}),
    "import list of numbers": Bad(["import", "{dir}/nums.json"], "3 rows are wrong", files={"nums.json": "[1, 2, 3]"}),
    "import duplicate ids": Bad(["import", "{dir}/dup.json"], "duplicate id 'R1'", files={"dup.json": lambda: _import_file(["R1", "R1"])}),
    "import id taken in other case": Bad(["import", "{dir}/x.csv"], "id 'r1' differs from 'R1', which exists, only in case",
                                         1, files={"x.csv": "id,title,actors\nr1,T,UN\n"}),
    "import ids differing in case": Bad(["import", "{dir}/x.csv"], "id 'x1' differs from 'X1', the id at line 2, only in case",
                                        1, files={"x.csv": "id,title,actors\nX1,T,UN\nx1,U,UN\n"}),
    "import mapped id taken in other case": Bad(["import", "{dir}/x.csv", "--mapping", "{dir}/m.toml"],
                                                "id 'r1' differs from 'R1', which exists, only in case", 1,
                                                files={"x.csv": "ref,text,who\nr1,Do this,UN\n",
                                                       "m.toml": '[record]\nid = "{ref}"\ntext = "text"\nactors = "who"\n'}),
    "import bad status": Bad(["import", "{dir}/st.json"], "status must be a status, one of:", files={"st.json": _with_bad_status}),
    "import url with escape": Bad(["import", "{dir}/u.json"], "invalid URL",
                                  files={"u.json": lambda: _with_evidence_url("https://a.org/\x1b[2J")}),
    "import unknown format": Bad(["import", "{dir}/x.json", "--format", "xml"], "unknown format 'xml'", 2, files={"x.json": "[]"}),
    "import bad ndjson": Bad(["import", "{dir}/x.ndjson", "--format", "ndjson"], "line 2: not valid JSON", files={"x.ndjson": '{"id": "R1"}\n{oops\n'}),
    "import csv without title": Bad(["import", "{dir}/x.csv", "--format", "csv"], "unknown column 'foo'", files={"x.csv": "foo,bar\n1,2\n"}),
    "import dry run not json": Bad(["import", "{dir}/bad.json", "--dry-run"], "not valid JSON", files={"bad.json": "{oops"}),
    "import unknown mapping": Bad(["import", "{dir}/ok.csv", "--mapping", "no-such-mapping"], "no mapping file",
                                  files={"ok.csv": "title,actors\na,UN\n"}),
    "import mapping not toml": Bad(["import", "{dir}/ok.csv", "--mapping", "{dir}/m.toml"], "not valid TOML",
                                   files={"ok.csv": "title,actors\na,UN\n", "m.toml": "[columns\n"}),
    "import mapping wrong columns": Bad(["import", "{dir}/ok.csv", "--mapping", "upr-info"], "does not have",
                                        files={"ok.csv": "title,actors\na,UN\n"}),
    # import accepts only what the commands accept (issue 11, B)
    "import impossible timestamp": Bad(["import", "{dir}/x.json"],
                                       "created must be a timestamp like 2025-02-28T09:30:00Z (UTC) (got '2024-02-30T00:00:00Z')",
                                       files={"x.json": lambda: _r1_with(created="2024-02-30T00:00:00Z")}),
    "import impossible history time": Bad(["import", "{dir}/x.json"], "history.3.at must be a timestamp like",
                                          files={"x.json": lambda: _r1_history(at="2023-13-01T00:00:00Z")}),
    "import arabic-indic date": Bad(["import", "{dir}/x.json"], "due must be a date like 2025-02-28, 2025-02 or 2025",
                                    files={"x.json": lambda: _r1_with(due="٢٠٢٤-٠٢-٠١")}),
    "import full-width year": Bad(["import", "{dir}/x.json"], "due must be a date like",
                                  files={"x.json": lambda: _r1_with(due="２０２４")}),
    "import full-width csv date": Bad(["import", "{dir}/x.csv"], "due must be a date like",
                                      files={"x.csv": "title,actors,due\na,UN,２０２４-０２\n"}),
    "import empty actor": Bad(["import", "{dir}/x.json"], "actor must not be empty",
                              files={"x.json": lambda: _r1_with(actors=["UN", "  "])}),
    "import tag of two lines": Bad(["import", "{dir}/x.json"], "must be one line",
                                   files={"x.json": lambda: _r1_with(tags=["a\nb"])}),
    "import value nested deep": Bad(["import", "{dir}/x.json"], "is nested too deep",
                                    files={"x.json": lambda: _r1_history(old="DEEP")}),
    "import unknown key nested deep": Bad(["import", "{dir}/x.json"], "zzz is nested too deep",
                                          files={"x.json": lambda: _r1_with(zzz="DEEP")}),
    "import field nested deep": Bad(["import", "{dir}/x.json"], "fields.a must be text",
                                    files={"x.json": lambda: _r1_with(fields={"a": "DEEP"})}),
    "import change id out of range": Bad(["import", "{dir}/x.json"], "change must be a whole number from 0 to 2^63-1",
                                         files={"x.json": lambda: _r1_history(change=2**64 - 1)}),
    "import counter out of range": Bad(["import", "{dir}/x.json"], "field 'last_number': invalid value",
                                       files={"x.json": json.dumps({"recs_export": 1, "schema_version": 2,
                                                                    "last_number": 2**64, "briefs": [],
                                                                    "recommendations": []})}),
    "import status history not a status": Bad(["import", "{dir}/x.json"], "is not a value of the field 'status'",
                                              files={"x.json": lambda: _r1_history(field="status", old=[1])}),
    "export to a directory": Bad(["export", "--output", "{dir}"], "is a directory"),
    "export to an empty name": Bad(["export", "--output", ""], "--output needs a file name", 2),
    "export over the store": Bad(["export", "--format", "csv", "--output", "{store}"], "is a directory"),
    "export over the settings": Bad(["export", "--format", "csv", "--output", "{store}/tracker.json"],
                                    "is inside the tracker itself"),
    "export over a record": Bad(["export", "--output", "{store}/recommendations/R1.json"],
                                "is inside the tracker itself"),
    "export into the tracker": Bad(["export", "--output", "{store}/new.json"], "is inside the tracker itself"),
    "export unknown format": Bad(["export", "--format", "xml"], "unknown format 'xml'", 2),
    "report unknown grouping": Bad(["report", "--by", "colour"], "unknown --by 'colour'", 2),
    "report bad since": Bad(["report", "--since", "2025-02-30"], "invalid --since date"),
    "report since in the future": Bad(["report", "--since", "2999-01-01"], "--since 2999-01-01 is in the future"),
    "report since and from": Bad(["report", "--since", "2024", "--from", "2024"], "give one of them", 2),
    "report bad as-of": Bad(["report", "--as-of", "2024-02-30"], "invalid --as-of date", 1),
    "report as-of in the future": Bad(["report", "--as-of", "2999-01-01"], "is in the future", 1),
    "report from after to": Bad(["report", "--from", "2025-03-01", "--to", "2025-01-31"],
                                "--from 2025-03-01 is after --to 2025-01-31", 1),
    "report as-of with a period": Bad(["report", "--as-of", "2025-01-01", "--from", "2024-01-01"],
                                      "give one or the other", 2),
    "report bad to": Bad(["report", "--from", "2024-01", "--to", "soon"], "invalid --to date", 1),
    "report unknown trend": Bad(["report", "--trend", "week"], "unknown --trend 'week'", 2),
    "report bad within": Bad(["report", "--within", "a while"], "invalid --within 'a while'", 1),
    "report unknown audience": Bad(["report", "--audience", "donors"], "unknown --audience 'donors'", 2),
    "list bad as-of": Bad(["list", "--as-of", "2025-13"], "invalid --as-of date", 1),
    "list as-of in the future": Bad(["list", "--as-of", "2999-01"], "--as-of 2999-01 is in the future", 1),
    "evidence dated in the future": Bad(["evidence", "add", "R1", "--summary", "s", "--source", "x",
                                         "--date", "2999-02-01"], "evidence date '2999-02-01' is in the future"),
    "due bad within": Bad(["due", "--within", "30x"], "invalid --within '30x'", 1),
    "due within in the past": Bad(["due", "--within", "2001-01-01"], "is in the past", 1),
    "due within too far": Bad(["due", "--within", "36500d"], "'36500d' is too far ahead; a span is at most 9999", 1),
    "list option before list": Bad(["-n", "3", "list"], "Error: -n is an option of `recs list`: put it after `list`", 2),
    "subcommand option before it": Bad(["--summary", "x", "evidence", "add", "R1"],
                                       "--summary is an option of `recs evidence add`: put it after `add`", 2),
    "unknown option before a command": Bad(["-x", "list"], "No such option: -x (see `recs --help`)", 2),
    "update on without status": Bad(["update", "R1", "--on", "2024-01-01"], "--on goes with --status", 2),
    "update bad on": Bad(["update", "R1", "--status", "partial", "--on", "2024-02-30"], "invalid effective date", 1),
    "update on before creation": Bad(["update", "R1", "--status", "partial", "--on", "2020-01-01"],
                                     "exists from 2023-09-20", 1),
    "update for unknown actor": Bad(["update", "R4", "--for", "NATO", "--status", "partial"], "has no actor 'NATO'", 1),
    "update for bad status": Bad(["update", "R4", "--for", "European Union", "--status", "done"],
                                 "invalid status 'done'", 1),
    "add bad on": Bad(["add", "T", "--actor", "EU", "--on", "yesterday"], "invalid date it exists from", 1),
    "evidence bad status": Bad(["evidence", "add", "R1", "--summary", "s", "--source", "x", "--status", "done"],
                               "invalid status 'done'", 1),
    "init empty organisation name": Bad(["init", "--organisation", "x" * 300, "{dir}/new"], "organisation", 1),
    "report unknown format": Bad(["report", "--format", "pdf"], "unknown format 'pdf'", 2),
    # extract
    "extract missing file": Bad(["extract", "{dir}/none.txt"], "no such file", 1),
    "extract a directory": Bad(["extract", "{dir}"], "is a directory", 1),
    "extract empty name": Bad(["extract", ""], "give the brief's file name", 2),
    "extract broken pdf": Bad(["extract", "{dir}/b.pdf"], "is not a readable PDF", 1, files={"b.pdf": "%PDF-1.4\ngarbage"}),
    "extract pdf that is not one": Bad(["extract", "{dir}/c.pdf"], "is not a readable PDF", 1, files={"c.pdf": "hello"}),
    "extract pdf without text": Bad(["extract", "{dir}/d.pdf"], "no text layer", 1, files={"d.pdf": lambda: _pdf([])}),
    "extract binary file": Bad(["extract", "{dir}/x.docx"], "looks binary", 1, files={"x.docx": b"PK\x03\x04\x00\x00\x00"}),
    "extract empty file": Bad(["extract", "{dir}/e.txt"], "has no text", 1, files={"e.txt": ""}),
    "extract unknown format": Bad(["extract", "{dir}/b.txt", "--format", "xml"], "unknown format 'xml'", 2,
                                  files={"b.txt": "The EU should act."}),
    "extract unknown input format": Bad(["extract", "{dir}/b.txt", "--from", "doc"], "unknown input format 'doc'", 2,
                                        files={"b.txt": "The EU should act."}),
    "extract bad pick": Bad(["extract", "{dir}/b.txt", "--add", "--brief", "apri-2023-09-20", "--pick", "1,x"],
                            "invalid --pick '1,x'", 2, files={"b.txt": "The EU should act."}),
    "extract pick zero": Bad(["extract", "{dir}/b.txt", "--add", "--brief", "apri-2023-09-20", "--pick", "0"],
                             "invalid --pick", 2, files={"b.txt": "The EU should act."}),
    "extract pick too high": Bad(["extract", "{dir}/b.txt", "--add", "--brief", "apri-2023-09-20", "--pick", "1,9"],
                                 "there is only 1 candidate", 1, files={"b.txt": "The EU should act."}),
    "extract pick without add": Bad(["extract", "{dir}/b.txt", "--pick", "1"], "go with --add", 2,
                                    files={"b.txt": "The EU should act."}),
    "extract add without brief": Bad(["extract", "{dir}/b.txt", "--add"], "--add needs --brief", 2,
                                     files={"b.txt": "The EU should act."}),
    "extract unknown brief": Bad(["extract", "{dir}/b.txt", "--add", "--brief", "nope"],
                                 "no brief with id 'nope'; to create it, give --title, --publisher, --published", 1,
                                 files={"b.txt": "The EU should act."}),
    "extract bad published": Bad(["extract", "{dir}/b.txt", "--add", "--brief", "nope", "--title", "T", "--publisher", "P",
                                  "--published", "2024-02-30"], "invalid published date", 1, files={"b.txt": "The EU should act."}),
    "extract bad brief id": Bad(["extract", "{dir}/b.txt", "--add", "--brief", "a b", "--title", "T", "--publisher", "P",
                                 "--published", "2024-02-03"], "invalid id", 1, files={"b.txt": "The EU should act."}),
    "extract brief with other title": Bad(["extract", "{dir}/b.txt", "--add", "--brief", "apri-2023-09-20", "--title", "Other"],
                                          "exists with title", 1, files={"b.txt": "The EU should act."}),
}


def _pdf(lines: list[str]) -> bytes:
    from pdfmaker import make_pdf

    return make_pdf(lines)


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_bad_input_is_refused_cleanly(recs, seeded, tmp_path, case):
    bad = CASES[case]
    work = tmp_path / "in"
    work.mkdir()
    for name, content in bad.files.items():
        content = content() if callable(content) else content
        (work / name).write_bytes(content.encode() if isinstance(content, str) else content)
    args = [a.replace("{dir}", str(work)).replace("{store}", str(seeded)) for a in bad.args]
    env = {k: v.replace("{dir}", str(work)) for k, v in bad.env.items()}
    before = digest(seeded)
    files_before = sorted(p.name for p in seeded.parent.iterdir())
    result = recs(*args, env=env or None)
    assert result.exit_code != 0, (args, result.stdout)
    if bad.code is not None:
        assert result.exit_code == bad.code, (result.exit_code, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.stderr
    assert result.stderr.startswith("Error: ") or "Waiting" in result.stderr, result.stderr
    assert bad.says in errors[0], (bad.says, errors[0])
    assert "Traceback" not in result.stderr + result.stdout
    assert digest(seeded) == before
    assert sorted(p.name for p in seeded.parent.iterdir()) == files_before
    # in the work folder, at most the lock (and its .gitignore): no temp or journal file left
    work = seeded / ".recs"
    assert not work.exists() or {p.name for p in work.iterdir()} <= {"lock", ".gitignore"}


REAL = ["add not utf-8", "update bad status", "show not utf-8 id", "list not utf-8 search"]


@pytest.mark.parametrize("case", REAL)
def test_bad_input_through_the_executable(seeded, case):
    """A few rows again as separate processes: what a person at a terminal sees."""
    import os
    import subprocess
    import sys

    from procs import env_for

    bad = CASES[case]
    before = digest(seeded)
    # arguments as the OS passes them: bytes, so undecodable ones stay undecodable
    argv = [os.fsencode(a) for a in bad.args]
    done = subprocess.run([sys.executable.encode(), b"-m", b"recs", *argv], env=env_for(seeded),
                          capture_output=True)
    stderr = done.stderr.decode("utf-8", "backslashreplace")
    assert done.returncode == (bad.code or 1) and stderr.startswith("Error: ") and stderr.count("\n") == 1, stderr
    assert bad.says in stderr and "Traceback" not in stderr
    assert digest(seeded) == before


# An unwritable store directory (also as root) is tested in test_errors.py::test_unwritable_directory.


def test_init_in_an_impossible_place(recs, tmp_path):
    (tmp_path / "file").write_text("not a directory")
    result = recs("init", env={"RECS_DB": str(tmp_path / "file" / "tracker")})
    assert result.exit_code == 1 and result.stderr.startswith("Error: cannot create")
    assert "Traceback" not in result.stderr

