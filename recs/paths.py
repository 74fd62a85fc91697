"""Where the store is: `--db`, then `RECS_DB`, then `./data/recs.json`, then
the user data directory (seeded with the bundled brief on first use)."""

from pathlib import Path

LOCAL = Path("data") / "recs.json"


def user_store() -> Path:
    """The per-user store, e.g. `~/.local/share/recs/recs.json` on Linux."""
    from platformdirs import user_data_path

    return user_data_path("recs", appauthor=False) / "recs.json"


def resolve(db: str | None) -> tuple[Path, bool]:
    """The store path, and whether it is the per-user default (seeded on first use).

    `db` is `--db`, which typer already filled from `RECS_DB` when unset.
    """
    if db:
        return Path(db).expanduser(), False
    if LOCAL.exists():
        return LOCAL, False
    return user_store(), True


def seed_bytes() -> bytes:
    """The bundled store: the APRI brief's recommendations and their record."""
    from importlib.resources import files  # not at import: it costs every command ~10 ms

    packaged = files("recs").joinpath("_seed", "recs.json")
    if packaged.is_file():
        return packaged.read_bytes()
    # running from a source checkout: the shipped data/ beside the package
    return (Path(__file__).resolve().parent.parent / "data" / "recs.json").read_bytes()
