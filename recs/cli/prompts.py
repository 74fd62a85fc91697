"""Questions asked on a terminal (interactive `recs update`, confirmations).

Prompts go to stderr, answers come from stdin; only used when both stdin
and stdout are terminals (see `output.interactive`).
"""

import sys

from recs.cli import output


def ask(question: str) -> str:
    """One line typed by the person; EOF (Ctrl-D) aborts the command."""
    sys.stderr.write(question)
    sys.stderr.flush()
    answer = sys.stdin.readline()
    if not answer:
        raise EOFError
    return answer.rstrip("\r\n")


def status_and_note(record: dict) -> tuple[str | None, str | None]:
    """Ask for a new status (Enter keeps the current one), then an optional note."""
    from recs.core import statuses
    from recs.core.errors import RecsError

    current = record["status"]
    output.message(f"{record['id']}  {record['title']}")
    choices = list(statuses.STATUSES)
    for number, value in enumerate(choices, 1):
        mark = "  (current)" if value == current else ""
        output.message(f"  {number}. {statuses.label(value)}{mark}")
    while True:
        answer = ask(f"New status [1-{len(choices)}, Enter keeps {statuses.label(current)}]: ").strip()
        if not answer:
            status = current
            break
        if answer.isdigit() and 1 <= int(answer) <= len(choices):
            status = choices[int(answer) - 1]
            break
        try:
            status = statuses.check(answer)
            break
        except RecsError as exc:
            output.message(str(exc))
    note = ask("Note (optional, Enter for none): ").strip() or None
    return (None if status == current else status), note


def confirm_or_yes(question: str, yes: bool, command: str) -> None:
    """Go on with --yes, or when the person says so on a terminal; a usage error without a terminal."""
    import typer

    from recs.core.errors import UsageError

    if yes:
        return
    if not sys.stdin.isatty():
        raise UsageError(f"`recs {command}` asks for confirmation, but stdin is not a terminal: add --yes")
    try:
        agreed = typer.confirm(output.inert(question), default=False, err=True)
    except typer.Abort:  # Ctrl-D or Ctrl-C at the question: said on a line of its own (`recs.cli.guard`)
        raise EOFError from None
    if not agreed:
        output.message("Nothing was changed.")
        raise typer.Exit(1)
