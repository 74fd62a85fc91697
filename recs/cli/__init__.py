"""The command line: parsing and rendering only; the work is in `recs.*`."""

from recs.cli.app import app, main

__all__ = ["app", "main"]
