"""The `recs` console script and `python -m recs`.

Answers `recs --version` before importing the command line (typer's import
is most of that command's time); everything else runs `recs.cli.main`.
"""

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from recs import __version__

        sys.stdout.write(f"recs {__version__}\n")
        return
    from recs.cli import main as run

    run()
