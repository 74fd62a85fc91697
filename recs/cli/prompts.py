"""Questions asked on a terminal (interactive `recs update`).

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
