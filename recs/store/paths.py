"""Which tracker a command uses.

`--db PATH` or `RECS_DB`; else the tracker folder the current directory is
in (as git finds `.git`: this folder or a parent holding `tracker.json` and
`recommendations/`); else `data/tracker/` of a clone of this repository (the
shipped tracker); else the per-user tracker, seeded with the bundled brief
on first use.
"""

from pathlib import Path

from recs.store.layout import SETTINGS, is_tracker

SHIPPED = Path("data") / "tracker"
#: What earlier recs versions kept: converted into a folder when found (`recs.store.migrate`).
LEGACY_USER_FILE = "recs.json"


def user_store() -> Path:
    """The per-user tracker, e.g. `~/.local/share/recs/tracker` on Linux."""
    from platformdirs import user_data_path

    return user_data_path("recs", appauthor=False) / "tracker"


def find_up(start: Path) -> Path | None:
    """The tracker folder `start` is in (itself or a parent), if any: one whose
    `tracker.json` is a recs settings file (another tool's file of that name is passed by)."""
    start = start.absolute()
    for folder in (start, *start.parents):
        if is_tracker(folder) and _is_recs_settings(folder / SETTINGS):
            return folder
    return None


def _is_recs_settings(path: Path) -> bool:
    from recs.core.errors import StoreError
    from recs.store import jsonread
    from recs.store.files import read_file

    try:
        settings = jsonread.loads(read_file(path, 1 << 16))
    except (OSError, StoreError, ValueError):
        return True  # unreadable or broken: say so when it is opened, rather than pass it by
    return isinstance(settings, dict) and "schema_version" in settings


def resolve(db: str | None) -> tuple[Path, bool]:
    """The tracker's path, and whether it is the per-user default (seeded on first use).

    `db` is `--db`, which typer already filled from `RECS_DB` when unset.
    """
    if db:
        return not_special(Path(db).expanduser()), False
    found = find_up(Path.cwd())
    if found is not None:
        return found, False
    if is_tracker(SHIPPED):
        return SHIPPED, False
    user = user_store()
    legacy = user.with_name(LEGACY_USER_FILE)
    if not user.exists() and legacy.is_file():
        from recs.store.migrate import convert

        convert(legacy, user)
    return user, True


#: A test aid: the tracker to seed from instead of the bundled one (the suite's frozen copy).
TEST_SEED_ENV = "RECS_TEST_SEED"


def not_special(path: Path) -> Path:
    """`path`, refused if it is a FIFO, a device or a socket: such a file is
    never opened or read as a tracker (a read could block, or never end)."""
    import stat

    from recs.core.errors import StoreError

    try:
        mode = path.stat().st_mode
    except OSError:
        return path  # missing or unreadable: said where it is opened
    kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else None)
    if kind:
        raise StoreError(f"{path} is {kind}, not a tracker folder; it was not read (give a tracker's folder)")
    return path


def seed() -> Path:
    """The bundled tracker: the APRI brief's recommendations and their record."""
    import os
    from importlib.resources import files  # not at import: it costs every command ~10 ms

    if test_seed := os.environ.get(TEST_SEED_ENV):
        return Path(test_seed)

    packaged = files("recs").joinpath("_seed", "tracker")
    if packaged.is_dir():
        return Path(str(packaged))
    # running from a source checkout: the shipped data/ beside the package
    return Path(__file__).resolve().parent.parent.parent / "data" / "tracker"
