"""`recs merge-driver`: the merge driver git runs for recommendation files (see `recs git-setup`)."""

from pathlib import Path

import typer

from recs.cli import output


#: Examples shown at the end of `--help` (see recs/cli/helptext.py).
EXAMPLES = {
    "merge-driver": (
        "recs merge-driver base.json ours.json theirs.json",
        "recs merge-driver base.json ours.json theirs.json 7 recommendations/R1.json",
    ),
}


def merge_driver(
    base: str = typer.Argument(..., metavar="BASE", help="%O: the common ancestor's version."),
    ours: str = typer.Argument(..., metavar="OURS", help="%A: our version; the result is written here."),
    theirs: str = typer.Argument(..., metavar="THEIRS", help="%B: their version."),
    marker_size: str = typer.Argument("7", metavar="MARKER_SIZE", help="%L: conflict marker size."),
    where: str = typer.Argument("", metavar="PATH", help="%P: the file's path in the repository."),
) -> None:
    """Merge two versions of one recommendation file (git runs this; see `recs git-setup`).

    Exit 0 when merged; 1 when a person must look (git's conflict markers are then in the file).
    """
    from recs.tracker import gitshare

    code, message = gitshare.merge_driver(Path(base), Path(ours), Path(theirs), marker_size, where or ours)
    if message:
        output.message(message)
    if code:
        raise typer.Exit(code)
