"""`recs edit ID`: a recommendation's fields as JSON in an editor."""

from pathlib import Path

import typer

from recs.cli import output, saving
from recs.cli.context import settings
from recs.cli.options import id_argument


#: Examples shown at the end of `--help` (see recs/cli/helptext.py).
EXAMPLES = {
    "edit": (
        "recs edit R4",
        'recs edit R4 --note "Dates from the council minutes"',
    ),
}


# -- edit ----------------------------------------------------------------
def edit(
    ctx: typer.Context,
    rec_id: str = id_argument(),
    note: str = typer.Option(None, "--note", "-m", metavar="TEXT",
                             help="Why, for the history (recorded even if no field changes)."),
) -> None:
    """Edit a recommendation's fields as JSON in $VISUAL or $EDITOR (like `task edit`).

    Without either, the system's editor: `editor`, else `vi`, else `nano`.

    The edit is validated before anything is saved; each changed field gets a
    history entry. Evidence and history are append-only: use `recs evidence add`.
    """
    import os
    import shlex
    import subprocess
    import tempfile

    from recs.core.errors import RecsError
    from recs.store import Store, jsonread
    from recs.tracker.operations import UPDATABLE

    s = settings(ctx)
    path = s.store_path()
    record = Store.open(path).get(rec_id)
    Store.check_writable(path)  # before the person edits anything
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or system_editor()
    if not editor:
        raise RecsError("no editor found (none of $VISUAL, $EDITOR, " + ", ".join(FALLBACK_EDITORS) +
                         "): set $EDITOR (e.g. `export EDITOR=nano`), or use `recs update`")
    orjson = jsonread.orjson()
    before = orjson.dumps({k: record.get(k) for k in UPDATABLE}, option=orjson.OPT_INDENT_2) + b"\n"
    fd, name = tempfile.mkstemp(prefix=f"recs-{record['id']}-", suffix=".json")
    with os.fdopen(fd, "wb") as handle:
        handle.write(before)
    kept = f"; your edit is kept in {name}"
    try:
        done = subprocess.run([*shlex.split(editor), name])
    except OSError as exc:
        os.unlink(name)
        raise RecsError(f"cannot run editor {editor!r}: {exc.strerror or exc}") from None
    if done.returncode != 0:
        raise RecsError(f"the editor exited with status {done.returncode}; nothing was changed{kept}")
    after = Path(name).read_bytes()
    if after.strip() == before.strip() and note is None:
        os.unlink(name)
        output.message(f"{record['id']}: nothing changed")
        return
    # unchanged with a --note: the note is recorded, as `recs update ID --note` records it
    changes = {} if after.strip() == before.strip() else edited_changes(record, after, kept)
    with saving.change(path) as store:
        if store.get(record["id"])["history"] != record["history"]:
            raise RecsError(f"{record['id']} was changed by someone else while you edited it; "
                            f"nothing was saved{kept}")
        from recs.tracker import operations as tracker

        entries = tracker.update_recommendation(store, record["id"], changes, by=s.user, note=note)
    os.unlink(name)
    from recs.cli.views import show_value

    if not entries:
        output.message(f"{record['id']}: nothing changed")
    elif [e["field"] for e in entries] == ["note"]:
        output.message(f"{record['id']}: no field changed; the note was recorded in the history")
        return
    for e in entries:
        output.message(f"{record['id']}: {e['field']} {show_value(e['field'], e['old']) or '(none)'} → "
                       f"{show_value(e['field'], e['new']) or '(none)'}")


#: Editors tried, in order, when neither $VISUAL nor $EDITOR is set (as git does).
FALLBACK_EDITORS = ("editor", "vi", "nano")


def system_editor() -> str | None:
    """The first of `FALLBACK_EDITORS` found on PATH (`editor` is Debian's choice of the system)."""
    import shutil

    return next((name for name in FALLBACK_EDITORS if shutil.which(name)), None)


def edited_changes(record: dict, raw: bytes, kept: str) -> dict:
    """The edited JSON, validated with the model, as changes for the tracker."""
    from pydantic import ValidationError

    from recs.core.errors import RecsError
    from recs.imports.importer import normalise_status
    from recs.core.models import Recommendation
    from recs.store import jsonread
    from recs.tracker.operations import UPDATABLE

    orjson = jsonread.orjson()

    try:
        edited = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise RecsError(f"the edit is not valid JSON ({exc}); nothing was changed{kept}") from None
    if not isinstance(edited, dict):
        raise RecsError(f"the edit must be a JSON object of fields; nothing was changed{kept}")
    unknown = [k for k in edited if k not in UPDATABLE]
    if unknown:
        raise RecsError(f"field {unknown[0]!r} cannot be edited (editable: {', '.join(UPDATABLE)}); "
                        f"nothing was changed{kept}")
    if "status" in edited:
        edited["status"] = normalise_status(edited["status"])
    try:
        valid = Recommendation.model_validate({**record, **edited}).model_dump()
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        raise RecsError(f"field {loc!r}: {err['msg'].removeprefix('Value error, ')}; "
                        f"nothing was changed{kept}") from None
    changes = {}
    for field in UPDATABLE:
        if valid.get(field) == record.get(field):
            continue
        if valid.get(field) is None:
            if field == "brief":
                raise RecsError(f"a recommendation's brief cannot be removed; nothing was changed{kept}")
            changes[field] = [] if field == "owners" else ""  # the tracker reads an empty due date as "none"
        else:
            changes[field] = valid[field]
    return changes
