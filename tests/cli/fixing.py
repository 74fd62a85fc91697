"""Helpers for the tests of fixing mistakes: undo and redo append to the
history, so "restored byte for byte" means every file's bytes but for the
records' `history` (which only grows) and `updated`."""

import json

from recs.store.files import dumps


def without_history(files: dict[str, bytes]) -> dict[str, bytes]:
    """A tracker's files (`snapshot()`) with each record's and brief's `history` and `updated` left out."""
    out = {}
    for name, content in files.items():
        doc = json.loads(content)
        if name.split("/")[0] in ("recommendations", "removed", "briefs"):
            doc.pop("history", None)
            doc.pop("updated", None)
        out[name] = dumps(doc)
    return out


def assert_restored(before: dict[str, bytes], after: dict[str, bytes]) -> None:
    """`after` holds `before` byte for byte, the history aside, and every history of `before` whole."""
    assert without_history(after) == without_history(before)
    for name, content in before.items():
        old = json.loads(content).get("history") or []
        assert json.loads(after[name]).get("history", [])[: len(old)] == old, name
