"""Commands that keep the store safe: `undo` and `doctor`.

Also routes the domain's notices (waiting for the lock, a migrated store)
to stderr. The work is in `recs.undo` and `recs.doctor`.
"""

import sys

import typer

from recs import notices
from recs.cli import output, saving
from recs.cli.app import Settings, app

notices.set_sink(output.message)


def settings(ctx: typer.Context) -> Settings:
    return ctx.find_root().obj


@app.command("undo")
def undo_(
    ctx: typer.Context,
    n: int = typer.Argument(1, metavar="[N]", help="How many of the last changes to undo (default 1)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Only show what would be undone."),
) -> None:
    """Undo the last change (or the last N); the undo is recorded in the history,
    so running `recs undo` again redoes it."""
    from recs import undo
    from recs.errors import RecsError
    from recs.store import Store

    s = settings(ctx)
    path = s.store_path()
    if not yes and not dry_run and not sys.stdin.isatty():
        raise RecsError("`recs undo` asks for confirmation, but stdin is not a terminal: add --yes to "
                        "undo without asking (see first what it would do with --dry-run)", exit_code=2)
    if dry_run:
        _describe(undo.last(Store.open(path), n), path, "Would undo")
        return
    if yes:  # found and undone under one hold of the lock: steady writers cannot starve it
        with saving.change(path) as store:
            todo = undo.undo(store, n, by=s.user)
        _describe(todo, path, "Undo")
    else:
        # records no write may change are refused before the preview (one Error line)
        with Store.change(path) as store:
            todo = undo.last(store, n)
            for change in todo:
                for rec_id in change.records():
                    store.get(rec_id, removed=True)
        _describe(todo, path, "Undo")
        if not typer.confirm(f"Undo {plural(len(todo), 'change')}?", default=False, err=True):
            output.message("Nothing was undone.")
            raise typer.Exit(1)
        with saving.change(path) as store:
            undo.undo(store, n, by=s.user, expected=[c.id for c in todo])
    output.message(f"Undone {plural(len(todo), 'change')}. The undo is recorded in the history; "
                   "`recs undo` again redoes it.")


def _describe(todo, path, verb: str) -> None:
    from recs import undo

    output.message(f"{verb} {plural(len(todo), 'change')} in {path}:")
    for change in todo:
        for line in undo.describe(change):
            output.message("  " + line)


@app.command()
def doctor(
    ctx: typer.Context,
    fmt: str = typer.Option("table", "--format", "-f", help="Output format: table, json."),
) -> None:
    """Check every file of the tracker and list every problem (exit 1 if there are any); changes nothing."""
    from recs.store import doctor as checks
    from recs.errors import RecsError

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
        from recs import gitshare

        for missing in gitshare.check(path):
            output.message(f"Warning: {missing}; run `recs git-setup` in this clone, or merges of two "
                           "edits to one recommendation will conflict")
    if not report.ok:
        n = len(report.problems)
        raise RecsError(f"{path} has {n} problem{'s' if n != 1 else ''} (listed above); it was left as is")
    c = report.counts
    output.message(f"{path}: OK ({plural(c.get('recommendations', 0), 'recommendation')}, "
                   f"{plural(c.get('briefs', 0), 'brief')}, {c.get('removed', 0)} removed by undo)")


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


app.command("check", hidden=True, help="Same as `recs doctor`.")(doctor)
