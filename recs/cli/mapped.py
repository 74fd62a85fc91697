"""`recs import FILE… --mapping MAPPING.toml`: other trackers' CSV exports.

`run_mapped_import()` is the whole command behind `--mapping`; the `import`
command (recs.cli.commands.import_) calls it when `--mapping` is given.
"""

import sys
from pathlib import Path
from typing import Any

from recs.cli import output, saving
from recs.core.words import plural


def find_mapping(value: str) -> Path:
    """A mapping path as given, else a bundled mapping by name."""
    from importlib.resources import files

    from recs.core.errors import RecsError

    path = Path(value).expanduser()
    if path.exists():
        return path
    if "/" not in value and "\\" not in value:
        name = value.removesuffix(".toml") + ".toml"
        packaged = files("recs").joinpath("_mappings", name)
        if packaged.is_file():
            return Path(str(packaged))
        checkout = Path(__file__).resolve().parents[2] / "data" / "mappings" / name
        if checkout.is_file():
            return checkout
    raise RecsError(f"no mapping file at {value} (bundled mappings: {', '.join(bundled()) or 'none'})")


def bundled() -> list[str]:
    from importlib.resources import files

    names = set()
    packaged = files("recs").joinpath("_mappings")
    if packaged.is_dir():
        names |= {p.name for p in packaged.iterdir() if p.name.endswith(".toml")}
    checkout = Path(__file__).resolve().parents[2] / "data" / "mappings"
    if checkout.is_dir():
        names |= {p.name for p in checkout.glob("*.toml")}
    return sorted(n.removesuffix(".toml") for n in names)


class _Progress:
    """Progress on stderr, only when stderr is a terminal: one bar per phase."""

    def __init__(self, enabled: bool):
        self.bar: Any = None
        self.task: Any = None
        if enabled and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()

    def phase(self, what: str, total: int | None) -> None:
        if self.bar is not None:
            if self.task is not None:
                self.bar.update(self.task, completed=self.bar.tasks[-1].total or 0, visible=False)
            self.task = self.bar.add_task(what, total=total)

    def advance(self, n: int) -> None:
        if self.bar is not None and self.task is not None:
            self.bar.advance(self.task, n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def run_mapped_import(settings, files: list[str], mapping: str, *, dedupe: bool, dry_run: bool,
                      delimiter: str | None = None, allow_duplicates: bool = False) -> None:
    """Import CSV files through a mapping: all checked first, written once."""
    from recs.core.errors import UsageError

    if not files:
        raise UsageError("give at least one CSV file to import")
    import gc

    # Tens of thousands of new records: the collector would scan them again
    # and again while nothing here makes cycles (see recs.storage.parse).
    enabled = gc.isenabled()
    gc.disable()
    try:
        _run(settings, files, mapping, dedupe=dedupe, dry_run=dry_run, delimiter=delimiter,
             allow_duplicates=allow_duplicates)
    finally:
        if enabled:
            gc.enable()


def _run(settings, files: list[str], mapping: str, *, dedupe: bool, dry_run: bool,  # noqa: C901
         delimiter: str | None, allow_duplicates: bool) -> None:
    from recs.core.errors import RecsError
    from recs.imports import mapping as mapped
    from recs.store import Store

    m = mapped.load(find_mapping(mapping))
    path = settings.store_path()
    Store.open(path)  # the clear "no tracker" error, before the files are read
    size = sum(Path(f).stat().st_size for f in files if Path(f).is_file())
    bar = _Progress(enabled=size > 1_000_000)
    try:
        bar.phase("Reading", len(files))
        sources = []
        for f in files:
            sources.append(mapped.read(Path(f), m, delimiter))
            bar.advance(1)
        total = sum(1 for s in sources for row in s.rows if row is not None)
        bar.phase("Checking rows", total)
        result = mapped.plan_sources(sources, m, dedupe=dedupe, progress=bar.advance)
        note = f"imported with {Path(m.path).name}"
        bar.phase("Writing the tracker", None)
        if dry_run:
            store = Store.open(path)  # changes are staged in memory and never committed
            outcome = mapped.apply(store, result, by=settings.user, note=note)
        else:
            with saving.change(path) as store:
                outcome = mapped.apply(store, result, by=settings.user, note=note)
                if outcome.repeats and not allow_duplicates:

                    raise RecsError(f"{repeats_said(outcome.repeats)}; nothing was imported")
    finally:
        bar.close()
    names = ", ".join(Path(f).name for f in files)
    merged = sum(p.merged - 1 for p in result.records)
    verb = "Would import" if dry_run else "Imported"
    lines = [f"{verb} {_count(result.rows, 'row')} from {_count(len(files), 'file')} ({names}): "
             f"{outcome.added:,} added, {outcome.updated:,} updated, {outcome.unchanged:,} unchanged"
             + (f", {_count(outcome.briefs, 'new brief')}" if outcome.briefs else "") + "."]
    if merged:
        lines.append(f"{merged:,} duplicate {'row was' if merged == 1 else 'rows were'} merged into the "
                     "records they repeat (--dedupe).")
    if result.renamed:
        first, new = result.renamed[0]
        n = len(result.renamed)
        lines.append(f"{n:,} {'row' if n == 1 else 'rows'} gave an id already used in this import and "
                     f"{'was' if n == 1 else 'were'} kept "
                     f"under a suffixed id (e.g. {first} → {new}); --dedupe merges such rows instead.")
    if dry_run and outcome.repeats and not allow_duplicates:

        lines.append(f"Warning: {repeats_said(outcome.repeats)}.")
    if dry_run:
        lines.append("Dry run: the tracker was not changed.")
    for line in lines:
        output.message(line)


def _count(n: int, noun: str) -> str:
    """`1 row`, `2 rows`, `42,013 rows`."""
    return plural(n, noun, grouped=True)


def repeats_said(found: list[tuple[str, str]]) -> str:
    """What to say of rows without an id that repeat stored recommendations (both
    `recs import` and `--mapping`)."""
    shown = ", ".join(f"{where} repeats {rec_id}" for where, rec_id in found[:5])
    more = f" and {len(found) - 5:,} more" if len(found) > 5 else ""
    return (f"{plural(len(found), 'row', grouped=True)} without an id would add again "
            f"{'a recommendation' if len(found) == 1 else 'recommendations'} the tracker has ({shown}{more}); "
            "to change those, import rows with their ids (`recs export --format csv` has them); "
            "to add them anyway, use --allow-duplicates")
