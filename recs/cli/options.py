"""Options and arguments several commands share, declared once.

Each returns a fresh typer parameter declaration, used as a default value:
`fmt: str = format_option("table", LIST_FORMATS)`. The global options
(`--db`, `--as`, `--debug`) are declared once in `recs.cli.app`.
"""

from typing import Any

import typer

LIST_FORMATS = ("table", "json", "ndjson", "csv")
SHOW_FORMATS = ("table", "json")
FORMAT_HELP = "Output format: {}."


def format_option(default: str | None, formats: tuple[str, ...] = (), *, help: str | None = None,
                  metavar: str | None = "FORMAT") -> Any:
    """`--format/-f`; its help names `formats` unless `help` is given."""
    from recs.cli import completing

    return typer.Option(default, "--format", "-f", metavar=metavar, autocompletion=completing.choices(formats),
                        help=help if help is not None else FORMAT_HELP.format(", ".join(formats)))


def id_argument() -> Any:
    """The recommendation a command works on."""
    from recs.cli import completing

    return typer.Argument(..., metavar="ID", help="Recommendation id, e.g. R1.", autocompletion=completing.ids)
