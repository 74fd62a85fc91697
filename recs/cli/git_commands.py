"""Sharing through git: `recs git-setup` and `recs merge-driver` (the work is in `recs.gitshare`)."""

from pathlib import Path

import typer

from recs.cli import output
from recs.cli.app import app


@app.command("git-setup")
def git_setup(ctx: typer.Context) -> None:
    """Set up this clone of a team's tracker repository: merge driver, ignores, short random ids.

    Safe to run again (it does only what is missing). Run it once in every clone.
    """
    from recs import gitshare
    from recs.store import Store

    path = ctx.find_root().obj.store_path()
    with Store.change(path) as store:
        done = gitshare.setup(store.root)
        if store.settings.get("ids") != "random":
            store.set_settings(ids="random")
            done.append(f"{path}/tracker.json: new recommendations get short random ids (like k7m2), "
                        "so ids added on separate branches do not collide; commit this file")
    for line in done:
        output.message(f"Set up: {line}")
    if not done:
        output.message(f"{path}: already set up for sharing through git")


@app.command("merge-driver")
def merge_driver(
    base: str = typer.Argument(..., metavar="BASE", help="%O: the common ancestor's version."),
    ours: str = typer.Argument(..., metavar="OURS", help="%A: our version; the result is written here."),
    theirs: str = typer.Argument(..., metavar="THEIRS", help="%B: their version."),
    marker_size: str = typer.Argument("7", metavar="[MARKER_SIZE]", help="%L: conflict marker size."),
    where: str = typer.Argument("", metavar="[PATH]", help="%P: the file's path in the repository."),
) -> None:
    """Merge two versions of one recommendation file (git runs this; see `recs git-setup`).

    Exit 0 when merged; 1 when a person must look (git's conflict markers are then in the file).
    """
    from recs import gitshare

    code, message = gitshare.merge_driver(Path(base), Path(ours), Path(theirs), marker_size, where or ours)
    if message:
        output.message(message)
    if code:
        raise typer.Exit(code)
