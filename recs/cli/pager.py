"""A long list on a terminal goes through a pager, as git's output does.

The pager is `$PAGER`, else `less -R` (colours kept), with `LESS=FRX` when
`LESS` is unset: less then prints a list that fits the screen and quits
(`F`), leaves it on the screen (`X`) and shows colour (`R`). No pager when
stdout is not a terminal, with `--no-pager`, when `PAGER` is empty or `cat`,
or when the pager cannot be started (the list is printed instead). A pager
the reader quits early (`q`) ends the command quietly.
"""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from recs.cli import output


def command() -> list[str] | None:
    """The pager to run, as argv; None for none."""
    text = os.environ.get("PAGER")
    if text is None:
        text = "" if os.environ.get("TERM") == "dumb" else "less -R"
    if text.strip() in ("", "cat"):
        return None  # (before importing shlex and shutil)
    import shlex
    import shutil

    try:
        argv = shlex.split(text)
    except ValueError:
        return None
    if not argv or argv == ["cat"] or shutil.which(argv[0]) is None:
        return None
    return argv


@contextmanager
def paged(wanted: bool = True) -> Iterator[None]:
    """Within the block, stdout goes to the pager (when there is one to use);
    after it, the pager has been waited for."""
    argv = command() if wanted and sys.stdout.isatty() else None
    if argv is None:
        yield
        return
    import io
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")  # the other common pager, told to keep colours
    try:
        pager = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
    except OSError:
        yield
        return
    real = sys.stdout  # (the table's width still comes from the terminal: sys.__stdout__)
    sys.stdout = pipe = io.TextIOWrapper(pager.stdin, encoding="utf-8", errors="replace")  # type: ignore[type-var]
    output.paging = True
    try:
        yield
        pipe.flush()
    except BrokenPipeError:
        pass  # the reader quit the pager before the end: nothing is wrong
    except KeyboardInterrupt:
        pass  # Ctrl-C while reading: the pager stays until the reader quits it
    finally:
        sys.stdout, output.paging = real, False
        try:
            pipe.close()
        except BrokenPipeError:
            pass
        while True:
            try:
                pager.wait()
                break
            except KeyboardInterrupt:  # the pager is still showing: wait for the reader to quit it
                continue
