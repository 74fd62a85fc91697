"""All terminal output: formats, rich tables, and keeping user text inert.

Data goes to stdout, messages to stderr. Tables are laid out for the
terminal when stdout is one (or a pager on one), plain otherwise; `NO_COLOR`
removes colour only and never changes the layout. User text is passed to rich
as `Text` (never parsed as markup), and control characters are shown as
escapes (`\\x1b`) instead of being sent to the terminal.
"""

from __future__ import annotations

import os
import sys

from recs.core.errors import UsageError

TYPE_CHECKING = False  # (typing is for the type checker: its import is ~5 ms of a report)
if TYPE_CHECKING:
    from typing import Any

STATUS_STYLES = {
    "not_started": "bright_black",
    "in_progress": "yellow",
    "partial": "cyan",
    "implemented": "green",
    "not_implemented": "red",
}


def check_format(fmt: str, allowed: tuple[str, ...], command: str) -> str:
    value = fmt.strip().lower()
    if value not in allowed:
        raise UsageError(
            f"unknown format {fmt!r} for {command}; choose from: {', '.join(allowed)}")
    return value


#: True while stdout goes to a pager on the terminal (`recs.cli.pager`).
paging = False


def terminal() -> bool:
    """True when stdout ends on a terminal: itself one, or a pager on one."""
    return paging or sys.stdout.isatty()


def fancy() -> bool:
    """True when output is laid out for a terminal (colour is apart: `NO_COLOR`
    removes it and changes nothing else)."""
    return terminal()


def inert(text: Any) -> str:
    """User text made safe for a terminal: control characters, zero-width and
    directional marks shown as escapes (`recs.core.escapes`)."""
    from recs.core.escapes import show_hidden

    return show_hidden("" if text is None else str(text))


def message(text: str) -> None:
    """A message for the person (stderr); never data."""
    sys.stderr.write(inert(text) + "\n")
    sys.stderr.flush()


def write(text: str) -> None:
    """Data to stdout; control characters escaped when stdout is a terminal."""
    if terminal():
        text = inert(text)
    sys.stdout.write(text)
    sys.stdout.flush()


def write_json(data: Any) -> None:
    from recs.store import jsonread

    orjson = jsonread.orjson()

    write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    write_bytes(b"\n")


def write_ndjson(records: list[dict]) -> None:
    from recs.store import jsonread

    orjson = jsonread.orjson()

    write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))


def json_item(record: dict) -> bytes:
    """A record as `write_json` of a list would print it, for `write_json_items`."""
    from recs.store import jsonread

    orjson = jsonread.orjson()

    return orjson.dumps(record, option=orjson.OPT_INDENT_2).replace(b"\n", b"\n  ")


def ndjson_item(record: dict) -> bytes:
    from recs.store import jsonread

    orjson = jsonread.orjson()

    return orjson.dumps(record) + b"\n"


def write_json_items(items: list[bytes]) -> None:
    """A JSON array of `json_item`s: the same bytes as `write_json` of the records."""
    if not items:
        write_bytes(b"[]\n")
        return
    pieces = [b"[\n  "]
    for item in items:
        pieces += [item, b",\n  "]
    pieces[-1] = b"\n]\n"
    write_bytes(pieces)


def console():
    """A rich console on stdout that follows the plain-output rules."""
    from rich.console import Console

    if fancy():
        return Console(highlight=False, emoji=False)
    width = int(os.environ.get("COLUMNS") or 0) or 160
    return Console(highlight=False, emoji=False, no_color=True, color_system=None, width=width)


def table(*columns: str, title: str | None = None, caption: str | None = None):
    """A rich table: rounded box on a terminal, none when plain."""
    from rich import box
    from rich.table import Table

    t = Table(
        box=box.SIMPLE_HEAD if fancy() else None,
        title=text(title) if title else None,
        caption=text(caption) if caption else None,
        show_edge=False,
        pad_edge=False,
        header_style="bold" if fancy() else "",
    )
    for col in columns:
        t.add_column(col)
    return t


def text(value: Any, style: str = ""):
    """User text as a rich Text: printed exactly, never read as markup."""
    from rich.text import Text

    return Text(inert(value), style=style if fancy() else "")


def status(value: str):
    from recs.core import statuses

    return text(statuses.label(value), STATUS_STYLES.get(value, ""))


def show(*renderables) -> None:
    out = console()
    for item in renderables:
        out.print(item)


def plain_table(columns: tuple[str, ...] | list[str], rows: list[list[Any]], *, title: str | None = None,
                caption: str | None = None, header: bool = True, right: tuple[int, ...] = ()) -> str:
    """A table as plain text, for output that is not a terminal.

    What rich prints without colour, without importing or laying out with
    rich (1,000 rows: ~1.5 s in rich, ~20 ms here): columns two spaces
    apart, a cell's lines stacked, nothing wrapped (long rows stay whole, for
    grep), user text made inert; columns whose index is in `right` are
    right-justified (numbers).
    """
    table = [list(columns)] if header else []
    multiline = False
    for row in rows:
        try:
            if "".join(row).isprintable():  # the usual case, checked at C speed
                table.append(row)
                continue
        except TypeError:  # numbers or None among the cells
            pass
        out_row = []
        for value in row:
            text = value if isinstance(value, str) else ("" if value is None else str(value))
            if not text.isprintable():
                text = inert(text)
                multiline = multiline or "\n" in text
            out_row.append(text)
        table.append(out_row)
    out = [inert(title)] if title else []
    if table:
        width = len(table[0])
        if multiline:
            split = [[c.split("\n") for c in row] for row in table]
            widths = [max(len(line) for row in split for line in row[i]) for i in range(width)]
            for row in split:
                for k in range(max(len(lines) for lines in row)):
                    cells = [lines[k] if k < len(lines) else "" for lines in row]
                    out.append("  ".join(c.ljust(w) for c, w in zip(cells[:-1], widths)) + "  " + cells[-1]
                               if width > 1 else cells[0])
        else:
            # one format string for every row: C-speed for 100,000 rows
            widths = [max(map(len, column)) for column in zip(*table)]
            specs = [f"{{:{'>' if i in right else '<'}{w}}}" for i, w in enumerate(widths)]
            if not right:
                specs[-1] = "{}"
            line = "  ".join(specs).format
            out += [line(*row) for row in table]
        out = [line.rstrip() for line in out]
    if caption:
        out.append(inert(caption))
    return "\n".join(out) + "\n"


def write_bytes(data: bytes | list[bytes]) -> None:
    """Encoded data (or pieces of it, written one after the other) to stdout;
    escaped like `write` on a terminal."""
    pieces = [data] if isinstance(data, bytes) else data
    if terminal():
        write(b"".join(pieces).decode("utf-8", "replace"))
        return
    sys.stdout.flush()
    sys.stdout.buffer.writelines(pieces)
    sys.stdout.buffer.flush()


def interactive() -> bool:
    """True when a person is at the keyboard: stdin and stdout are terminals."""
    return sys.stdin.isatty() and sys.stdout.isatty()


#: Inputs smaller than this finish too fast for a progress bar to help.
PROGRESS_MIN = 2000


class progress:
    """`with progress(total, "Importing") as tick: ... tick(n)`.

    A rich progress bar on stderr when stderr is a terminal and the work is
    large (`minimum` units or more); otherwise `tick` is None and nothing
    extra is printed.
    """

    def __init__(self, total: int, label: str, minimum: int = PROGRESS_MIN):
        self.total, self.label, self.bar, self.minimum = total, label, None, minimum

    def __enter__(self):
        if self.total < self.minimum or not sys.stderr.isatty():
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        console = Console(stderr=True, no_color=bool(os.environ.get("NO_COLOR")))
        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeRemainingColumn(), console=console, transient=True)
        self.bar.start()
        task = self.bar.add_task(self.label, total=self.total)
        return lambda n: self.bar.advance(task, n)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()
