"""`recs doctor`: check the tracker and list every problem; changes nothing."""

import typer

from recs.cli import output
from recs.core.words import plural
from recs.cli.context import settings
from recs.cli.options import format_option


#: Examples shown at the end of `--help` (see recs/cli/helptext.py).
EXAMPLES = {
    "doctor": (
        "recs doctor",
        "recs doctor --format json",
    ),
}


def doctor(
    ctx: typer.Context,
    fmt: str = format_option("table", ("table", "json")),
) -> None:
    """Check every file of the tracker and list every problem (exit 1 if there are any); changes nothing."""
    from recs.store import doctor as checks
    from recs.core.errors import RecsError

    fmt = output.check_format(fmt, ("table", "json"), "doctor")
    path = settings(ctx).store_path()
    report = checks.check(path)
    if fmt == "json":
        output.write_json({"path": str(path), "ok": report.ok, "problems": report.problems,
                           "notes": report.notes, "counts": report.counts})
    else:
        for problem in report.problems:
            output.write(f"{path}: {problem}\n")
    for note in report.notes:
        output.message(f"Note: {note}")
    if path.is_dir():
        from recs.tracker import gitshare

        for missing in gitshare.check(path):
            output.message(f"Warning: {missing}; run `recs git-setup` in this clone, or merges of two "
                           "edits to one recommendation will conflict")
    if not report.ok:
        n = len(report.problems)
        raise RecsError(f"{path} has {plural(n, 'problem')} (listed above); it was left as is")
    c = report.counts
    output.message(f"{path}: OK ({plural(c.get('recommendations', 0), 'recommendation')}, "
                   f"{plural(c.get('briefs', 0), 'brief')}, {c.get('removed', 0)} removed by undo)")
