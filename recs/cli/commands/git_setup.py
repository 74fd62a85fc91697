"""`recs git-setup`: set up a clone for sharing the tracker through git
(see also `recs merge-driver`; the work is in `recs.tracker.gitshare`)."""

import typer

from recs.cli import output


#: Examples shown at the end of `--help` (see recs/cli/helptext.py).
EXAMPLES = {
    "git-setup": (
        "recs git-setup",
        "recs git-setup --db data/tracker",
    ),
}


def git_setup(ctx: typer.Context) -> None:
    """Set up this clone of a team's tracker repository: merge driver, ignores, short random ids.

    Safe to run again (it does only what is missing). Run it once in every clone.
    """
    from recs.tracker import gitshare
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


