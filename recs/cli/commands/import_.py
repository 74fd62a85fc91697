"""`recs import FILE`: recs's own exports and CSV; other trackers' CSV with `--mapping`."""

from pathlib import Path

import typer

from recs.cli import output, saving
from recs.cli.context import settings
from recs.cli.mapped import repeats_said
from recs.cli.options import format_option


#: Examples shown at the end of `--help` (see recs/cli/helptext.py).
EXAMPLES = {
    "import": (
        "recs import backup.json --dry-run",
        "recs import tracker.csv",
        "recs import --mapping upr-info upr-export.csv",
    ),
}


# -- import --------------------------------------------------------------
def import_(
    ctx: typer.Context,
    files: list[str] = typer.Argument(..., metavar="FILE",
                                      help="File to import ('-' reads stdin); several CSV files with --mapping."),
    fmt: str = format_option(None, ("json", "ndjson", "csv"),
                             help="json, ndjson or csv (default: from the file name, else its content)."),
    dry_run: bool = typer.Option(False, "--dry-run", "-n", help="Say what would change; write nothing."),
    mapping: str = typer.Option(None, "--mapping", "-m", metavar="MAPPING",
                                help="Import another tracker's CSV export through a column mapping: a TOML file, "
                                     "or a bundled one by name (upr-info, taic)."),
    dedupe: bool = typer.Option(False, "--dedupe",
                                help="With --mapping: merge rows that repeat a recommendation (the mapping's [dedupe] key)."),
    delimiter: str = typer.Option(None, "--delimiter", metavar="CHAR",
                                  help="CSV cell separator: ',' ';' '|' or 'tab' (default: found from the header row)."),
    allow_duplicates: bool = typer.Option(False, "--allow-duplicates",
                                          help="Add rows without an id even when the tracker has a recommendation "
                                               "with the same brief, title and text."),
) -> None:
    """Add or update recommendations from a file; every row is validated before anything is written.

    With --mapping, reads CSV exports of other trackers (see the README).
    """
    import sys

    from recs.imports import delimiters, importer
    from recs.core.errors import RecsError, UsageError
    from recs.store import Store

    separator = delimiters.given(delimiter)
    if mapping is not None:
        from recs.cli.mapped import run_mapped_import

        if fmt is not None and fmt.strip().lower() != "csv":
            raise UsageError("--mapping reads CSV files; leave out --format")
        run_mapped_import(settings(ctx), files, mapping, dedupe=dedupe, dry_run=dry_run,
                          delimiter=separator, allow_duplicates=allow_duplicates)
        return
    if dedupe:
        raise UsageError("--dedupe works with --mapping (other trackers' CSV exports)")
    if len(files) != 1:
        raise UsageError("import one file at a time (several files only with --mapping)")
    file = files[0]

    from recs.imports.files import display_name, read_input, read_stream

    if file == "-":
        if sys.stdin.isatty():  # nothing would come until Ctrl-D: say how instead of waiting
            raise UsageError("'-' reads the file from stdin, which is a terminal; pipe or redirect it in, e.g. "
                             "`recs import - < backup.json`")
        data, name = read_stream(sys.stdin.buffer, "stdin", "file to import"), "stdin"
    else:
        source = Path(file).expanduser()
        name = display_name(str(source))
        data = read_input(source, "file to import")
    fmt = importer.detect(name, data, fmt)
    if separator is not None and fmt != "csv":
        raise UsageError(f"--delimiter is for CSV files; {name} is read as {fmt}")
    parsed = importer.parse(data, name, fmt, separator)
    s = settings(ctx)
    path = s.store_path()
    if dry_run:
        store = Store.open(path)
        with output.progress(len(parsed.rows), "Checking") as tick:
            result = importer.plan(store, parsed, by=s.user, tick=tick)
        output.write("".join(line + "\n" for line in result.log))
        if result.repeats and not allow_duplicates:
            output.message(f"Warning: {repeats_said(result.repeats)}")
        output.message(f"Dry run of {name}: {result.summary(dry_run=True)}; nothing was written")
        return
    with saving.change(path) as store:
        with output.progress(len(parsed.rows), "Importing") as tick:
            result = importer.plan(store, parsed, by=s.user, tick=tick)
        if result.repeats and not allow_duplicates:
            raise RecsError(f"{name}: {repeats_said(result.repeats)}; nothing was imported")
        importer.apply(store, result)
    briefs = f", {len(result.briefs)} brief(s) added or updated" if result.briefs else ""
    output.message(f"Imported {name}: {result.summary()}{briefs}")

