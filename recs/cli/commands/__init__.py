"""One module per command (or group of subcommands), named as the command is.

Each defines the function typer turns into the command; `recs.cli.app`
lists them in `COMMANDS` and imports one only when it runs. A command
module parses its options, calls the layers below and renders through
`recs.cli.output` and `recs.cli.views`; it never imports `recs.cli.app`.
"""
