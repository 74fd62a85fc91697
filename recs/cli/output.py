"""All terminal output: formats, rich tables, and keeping user text inert.

Data goes to stdout, messages to stderr. Colour and box-drawing only when
stdout is a terminal and `NO_COLOR` is unset. User text is passed to rich
as `Text` (never parsed as markup), and control characters are shown as
escapes (`\\x1b`) instead of being sent to the terminal.
"""

import os
import re
import sys
from typing import Any

from recs.errors import RecsError

# C0/C1 control characters, and the bidi overrides/isolates that can make
# text on screen read differently from what is stored ("Trojan Source")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
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
        raise RecsError(
            f"unknown format {fmt!r} for {command}; choose from: {', '.join(allowed)}", exit_code=2
        )
    return value


def fancy() -> bool:
    """True when stdout is a terminal that may get colour and box-drawing."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def inert(text: Any) -> str:
    """User text made safe for a terminal: control characters shown as escapes."""
    value = "" if text is None else str(text)
    return _CONTROL.sub(_escape, value)


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def message(text: str) -> None:
    """A message for the person (stderr); never data."""
    sys.stderr.write(inert(text) + "\n")
    sys.stderr.flush()


def write(text: str) -> None:
    """Data to stdout; control characters escaped when stdout is a terminal."""
    if sys.stdout.isatty():
        text = inert(text)
    sys.stdout.write(text)
    sys.stdout.flush()


def write_json(data: Any) -> None:
    import orjson

    write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")


def write_ndjson(records: list[dict]) -> None:
    import orjson

    write("".join(orjson.dumps(r).decode() + "\n" for r in records))


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
    from recs import statuses

    return text(statuses.label(value), STATUS_STYLES.get(value, ""))


def show(*renderables) -> None:
    out = console()
    for item in renderables:
        out.print(item)


def write_bytes(data: bytes) -> None:
    """Encoded data to stdout (exports); escaped like `write` on a terminal."""
    if sys.stdout.isatty():
        write(data.decode("utf-8", "replace"))
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def interactive() -> bool:
    """True when a person is at the keyboard: stdin and stdout are terminals."""
    return sys.stdin.isatty() and sys.stdout.isatty()


#: Inputs smaller than this finish too fast for a progress bar to help.
PROGRESS_MIN = 2000


class progress:
    """`with progress(total, "Importing") as tick: ... tick(n)`.

    A rich progress bar on stderr when stderr is a terminal and the work is
    large; otherwise `tick` is None and nothing extra is printed.
    """

    def __init__(self, total: int, label: str):
        self.total, self.label, self.bar = total, label, None

    def __enter__(self):
        if self.total < PROGRESS_MIN or not sys.stderr.isatty():
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
