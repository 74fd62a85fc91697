"""The command line: parsing and rendering only; the work is in `recs.*`.

typer's application is `recs.cli.app.app` (imported only when typer is
needed); the commonest command lines run through `recs.cli.quick` without it.
"""
