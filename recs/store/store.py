"""`Store`: the briefs and recommendations of one tracker folder, as plain dicts.

Reads need no lock (every file is replaced by an atomic rename); every
read-modify-write holds the tracker's lock from the read to the write
(`Store.change`). A command that finds a journal of an interrupted write
finishes it first (`recs.store.journal`).

Changes: every history entry carries `change`, the id of the command that
wrote it; `stamp_change` gives the entries a command added one new id when
it writes, so `recs undo` can revert exactly what one command did. A change
id is microseconds since 1970 (UTC), always above the ids already in the
records the command touched (with `RECS_NOW` set, for scripted seeding, one
more than the highest in the tracker, so a rebuild gives the same bytes).
"""

from __future__ import annotations

import functools
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from recs.core.errors import NotFound, StoreError
from recs.store import changelog, derived, files, journal, jsonread
from recs.store.folder import FolderStorage
from recs.store.layout import (BRIEFS, RECS, REMOVED, SETTINGS, TABLES, WORK, check_settings,
                               empty_settings, is_tracker)

TYPE_CHECKING = False  # (typing is for the type checker: its import is ~5 ms of a report)
if TYPE_CHECKING:
    from typing import Any

_NUMBERED = re.compile(r"^R(\d+)$")

#: Record files a read could not use in this process (`recs.cli` turns them into its exit code).
damaged: list[str] = []
#: Who runs this process's commands (set by the command line), for the change log.
acting_user = ""
#: The command as typed (without the global options), for the change log: `recs undo` names it.
#: Worked out only when a command writes.
acting_command: Callable[[], str] = str


def _document(doc: dict) -> Any:
    """`doc` as the TinyDB document of its id (to put it in its table)."""
    from recs.store.documents import Document

    return Document(doc, doc_id=doc["id"])


def highest_change(record: dict) -> int:
    """The highest change id in a record's (or a brief's) history (0 if none)."""
    return max((c for e in record.get("history") or () if isinstance(e, dict) and type(c := e.get("change")) is int),
               default=0)


def natural_key(rec_id: str) -> tuple:
    """Sort `R2` before `R10`."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", rec_id))


def natural_order(ids) -> list[str]:
    """Ids sorted by `natural_key`, quickly when they are all `R<n>` (two C-speed sorts)."""
    ordered = sorted(ids)
    if all(k[:1] == "R" and k[1:].isdigit() and k[1:2] != "0" for k in ordered):
        ordered.sort(key=len)  # stable: equal lengths stay in text order
        return ordered
    ordered.sort(key=natural_key)
    return ordered


class Store:
    """One tracker folder (`root`, reached through its real path) opened by a command."""

    def __init__(self, path: Path, root: Path, settings: dict, *, writing: bool = False):
        self.path = path
        self.root = root
        self.work = root / WORK
        self.settings = settings
        self.storage = FolderStorage(root, self.work, keep=writing, strict=writing)
        self._touched: set[str] = set()
        self._touched_briefs: set[str] = set()  # briefs given history entries (`recs brief add|update|remove`)
        self._new_briefs: set[str] = set()  # briefs new to the tracker written without one (an import's)
        #: more for this command's line of the change log (`recs undo`/`redo` say what they undid)
        self.log_extra: dict = {}
        self._change: int | None = None
        self.user: str | None = None  # who runs the command, for the change log

    @functools.cached_property
    def db(self) -> Any:
        """TinyDB over the folder (`recs.store.documents`), made when first used: a
        command that only scans the folder (a report, a list) never imports TinyDB."""
        from recs.store.documents import FolderDocuments

        return FolderDocuments(self.storage)

    @functools.cached_property
    def _briefs(self) -> Any:
        return self.db.table(BRIEFS)

    @functools.cached_property
    def _recs(self) -> Any:
        return self.db.table(RECS)

    @functools.cached_property
    def _removed(self) -> Any:
        return self.db.table(REMOVED)

    # -- opening ---------------------------------------------------------
    @classmethod
    def open(cls, path: Path, *, strict: bool = False, _writing: bool = False) -> "Store":
        """Open for reading; fails clearly on a missing or broken tracker.

        A single-file store of an earlier recs is migrated into a folder first
        (`recs.store.migrate`); an interrupted write is finished.
        """
        from recs.store import migrate

        path = migrate.folder_for(Path(path))
        root = Path(os.path.realpath(path))
        settings = read_settings(path, root)
        if not _writing and journal.pending_journal(root / WORK):
            from recs.store import lock

            with lock.locked(root / WORK / "lock", path):
                journal.finish(root, root / WORK)
        store = cls(path, root, settings, writing=_writing)
        store.storage.strict = store.storage.strict or strict
        return store

    @classmethod
    @contextmanager
    def change(cls, path: Path) -> Iterator["Store"]:
        """Open for a read-modify-write: locked, written on success, all or nothing."""
        from recs.store import migrate

        path = migrate.folder_for(Path(path))
        root = Path(os.path.realpath(path))
        read_settings(path, root)
        work = prepare_work(path, root)
        from recs.store import lock  # (a read takes no lock)

        with lock.locked(work / "lock", path):
            journal.finish(root, work)  # a write a killed command committed
            journal.discard(work)  # one it did not
            store = cls.open(path, _writing=True)
            yield store
            store.stamp_change()
            logged = store._log_entry()
            if logged is not None:  # before the write: a command killed between the two leaves a
                changelog.append(work, logged)  # line undo skips (its change is in no record)
            store.storage.commit()
            if logged is not None:
                changelog.append(work, {"done": logged["change"]})

    @classmethod
    def check_writable(cls, path: Path) -> None:
        """Fail early, before a person does any work, if the tracker cannot be changed."""
        from recs.store import migrate

        path = migrate.folder_for(Path(path))
        root = Path(os.path.realpath(path))
        read_settings(path, root)
        prepare_work(path, root)

    @staticmethod
    def create(path: Path, seed: Path | None = None) -> None:
        """Make a new tracker folder (a copy of the tracker `seed`, or empty); never replaces one."""
        path = Path(path)
        if path.exists() and not (path.is_dir() and all(n.startswith(".") and n != WORK for n in os.listdir(path))):
            what = "a tracker" if path.is_dir() and is_tracker(path) else \
                "a folder with other files" if path.is_dir() else "a file"
            raise StoreError(f"{path} is {what} already; it was left as is (give a new folder name, "
                             "or an empty one: a git repository's own dot files may be there)")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create {path.parent}: {exc.strerror or exc}") from None
        contents = {SETTINGS: files.dumps(empty_settings())}
        if seed is not None:
            source = Store.open(seed)
            contents.update({f"{BRIEFS}/{b['id']}.json": files.dumps(b) for b in source.briefs(removed=True)})
            contents.update({f"{RECS}/{r['id']}.json": files.dumps(r) for r in source.scan()})
            contents.update({f"{REMOVED}/{r['id']}.json": files.dumps(r) for r in source.removed()})
        build(path, contents)

    # -- reading ---------------------------------------------------------
    def scan(self, *, ordered: bool = False, statuses: set[str] | None = None,
             archived: bool | None = None) -> Iterator[dict]:
        """Every recommendation (`ordered`: in natural id order; `statuses`: only
        those with one of these; `archived`: False leaves out those `recs remove`
        archived, True keeps only them), read one at a time and not kept. A record
        file that cannot be read is skipped and named in `damaged`."""
        yield from self._scanned(self._ids(ordered), statuses, archived)

    def derived(self, name: str, version: int, work_out: Callable[[dict], Any], *,
                archived: bool | None = False) -> Iterator[Any]:
        """`work_out(record)` for every recommendation, in natural id order (`archived`
        as for `scan`), kept between runs in the work folder (`recs.store.derived`):
        a record whose file is unchanged is not read again. `name` and `version` name
        what `work_out` gives; a new version of it works everything out anew."""
        ids = self._ids(ordered=True)
        kept = None if self.storage.keep or self.storage.strict else derived.opened(self.work, name, version, len(ids))
        if kept is None:
            yield from map(work_out, self._scanned(ids, None, archived))
            return

        def load(key: str, path: str) -> tuple[bool, Any]:
            got = kept.get(key, path)
            if got is None:
                read: list = []
                record = self.storage.load(RECS, key, path, seen=read.append)
                assert record is not None
                got = bool(record.get("archived")), work_out(record)
                kept.put(key, read[0], *got)
            return got

        for is_archived, result in self._each(ids, load):
            if archived is None or is_archived is archived:
                yield result
        kept.save()

    def _ids(self, ordered: bool) -> list[str]:
        """The ids of the record files, listed once (`ordered`: in natural id order)."""
        ids = list(iter(self.storage.tables[RECS]))  # (list(folder) would list the folder twice: once for its length)
        return natural_order(ids) if ordered else ids

    def _scanned(self, ids: list[str], statuses: set[str] | None, archived: bool | None) -> Iterator[dict]:
        """The records `ids` as `scan` gives them."""
        folder = self.storage.tables[RECS]
        wanted = (lambda doc: doc.get("status") in statuses) if statuses else None
        by_bytes = status_in(statuses) if statuses else None
        jsonread.prefer_orjson(len(ids))

        def load(key: str, path: str) -> dict | None:
            if (RECS, key) in self.storage.staged or self.storage.keep:
                return folder[key]
            return self.storage.load(RECS, key, path, by_bytes)  # (None: another status, told from the bytes)

        for doc in self._each(ids, load):
            if (wanted is None or wanted(doc)) and (archived is None or bool(doc.get("archived")) is archived):
                yield doc

    def _each(self, ids: list[str], read: Callable[[str, str], Any]) -> Iterator[Any]:
        """`read(id, path)` of each record file, but None: one removed since the folder was
        listed is skipped, one that cannot be read is skipped and named in `damaged`."""
        folder = self.storage.tables[RECS]
        for key in ids:
            try:
                got = read(key, folder.path(key))
            except KeyError:
                continue  # removed since the folder was listed
            except StoreError as exc:
                damaged.append(str(exc))
                continue
            if got is not None:
                yield got

    def recommendations(self) -> list[dict]:
        """All recommendations, in natural id order (R2 before R10)."""
        return list(self.scan(ordered=True))

    def _find(self, table, rec_id: str) -> dict | None:
        doc = table.get(doc_id=rec_id)
        if doc is None:  # `r4` for `R4`: ids are typed by people
            folder = self.storage.tables[table.name]
            twins = [rec_id.upper()] if rec_id.upper() in folder else \
                [k for k in folder if k.casefold() == rec_id.casefold()]
            if not twins and self.settings.get("ids") == "random" and len(rec_id) >= 2:
                # random ids are typed by any unambiguous start (`k7` for `k7m2`)
                twins = [k for k in folder if k.casefold().startswith(rec_id.casefold())]
                if len(twins) > 1:
                    raise NotFound(f"{rec_id!r} is the start of several ids ({', '.join(sorted(twins)[:5])}); "
                                   "type more of it")
            if len(twins) == 1:
                doc = table.get(doc_id=twins[0])
        return dict(doc) if doc is not None else None

    def get(self, rec_id: str, *, removed: bool = False) -> dict:
        """One recommendation by id (`removed`: also one removed by undo); NotFound names the id."""
        if not rec_id or "/" in rec_id or rec_id.startswith("."):
            raise NotFound(f"no recommendation with id {rec_id!r} (see `recs list`)")
        doc = self._find(self._recs, rec_id)
        if doc is None and removed:
            doc = self._find(self._removed, rec_id)
        if doc is None:
            if self.was_removed(rec_id):
                raise NotFound(f"recommendation {rec_id!r} was removed by `recs undo` (`recs redo` brings it back "
                               f"while no change was made since; its record and history are kept in {REMOVED}/)")
            raise NotFound(f"no recommendation with id {rec_id!r} (see `recs list`)")
        return doc

    def removed(self) -> list[dict]:
        """Recommendations whose creation was undone, kept with their history."""
        folder = self.storage.tables[REMOVED]
        return [folder[k] for k in natural_order(folder)]

    def was_removed(self, rec_id: str) -> bool:
        return _safe(rec_id) and rec_id in self.storage.tables[REMOVED]

    def exists(self, rec_id: str) -> bool:
        return _safe(rec_id) and rec_id in self.storage.tables[RECS]

    def folded_ids(self) -> dict[str, str]:
        """The id of every recommendation (and removed one) by its casefolded
        spelling (ids are typed in any case, so two may not differ only so)."""
        return {k.casefold(): k for t in (RECS, REMOVED) for k in self.storage.tables[t]}

    def briefs(self, *, removed: bool = False) -> list[dict]:
        """The briefs (`removed`: with those `recs brief remove` removed, kept with their history)."""
        folder = self.storage.tables[BRIEFS]
        found = [folder[k] for k in sorted(folder)]
        return found if removed else [b for b in found if not b.get("removed")]

    def brief(self, brief_id: str, *, removed: bool = False) -> dict:
        """One brief by id (`removed`: also a removed one); NotFound names the id."""
        doc = self._briefs.get(doc_id=brief_id) if _safe(brief_id) else None
        if doc is not None and doc.get("removed") and not removed:
            last = (doc.get("history") or [{}])[-1]
            if isinstance(last, dict) and last.get("field") == "created" and last.get("new") is None:
                raise NotFound(f"brief {brief_id!r} was taken off by `recs undo` (`recs redo` brings it back "
                               "while no change was made since)")
            raise NotFound(f"brief {brief_id!r} was removed (`recs log` says when and by whom; "
                           "`recs undo` in the clone that removed it brings it back)")
        if doc is None:
            known = ", ".join(b["id"] for b in self.briefs()) or "none yet"
            raise NotFound(f"no brief with id {brief_id!r} (known: {known})")
        return dict(doc)

    def ids(self, *, removed: bool = False) -> list[str]:
        """The ids of the recommendations (`removed`: of those removed by undo), unordered."""
        return list(self.storage.tables[REMOVED if removed else RECS])

    def brief_ids(self) -> list[str]:
        return sorted(self.storage.tables[BRIEFS])

    def count(self) -> int:
        """How many recommendations there are (their files are not read)."""
        return len(self.storage.tables[RECS])

    def check_complete(self) -> None:
        """Refuse to go on when a record file could not be read during this command."""
        if damaged:
            raise StoreError(f"{damaged[0]}" + (f" (and {len(damaged) - 1} more)" if len(damaged) > 1 else "")
                             + "; nothing was written")

    def meta(self) -> dict:
        """The tracker's settings (schema version, …)."""
        return self.settings

    def peek(self, rec_id: str) -> dict | None:
        """A recommendation by its exact id (None if none)."""
        return self._recs.get(doc_id=rec_id) if _safe(rec_id) else None

    # -- writing ---------------------------------------------------------
    def put(self, rec: dict) -> None:
        """Insert or replace a recommendation (keyed by its id)."""
        self._touched.add(rec["id"])
        self._recs.upsert(_document(rec))

    def put_many(self, recs: list[dict]) -> None:
        for rec in recs:
            self.put(rec)

    def put_brief(self, brief: dict, *, changed: bool = False) -> None:
        """Insert or replace a brief; `changed`: with new history entries, for undo."""
        if changed:
            self._touched_briefs.add(brief["id"])
        elif brief["id"] not in self.storage.tables[BRIEFS]:
            self._new_briefs.add(brief["id"])
        self._briefs.upsert(_document(brief))

    def remove(self, rec: dict) -> None:
        """Move a recommendation to `removed/` (only to undo its creation);
        `rec` is the record as it should be kept (with its history)."""
        self.get(rec["id"])
        self._touched.add(rec["id"])
        self._recs.remove(doc_ids=[rec["id"]])
        self._removed.upsert(_document(rec))

    def restore(self, rec: dict) -> None:
        """Move a removed recommendation back (to undo the undoing of its creation)."""
        if self.exists(rec["id"]):
            raise StoreError(f"cannot restore {rec['id']!r}: a recommendation with that id exists")
        self._touched.add(rec["id"])
        self._removed.remove(doc_ids=[rec["id"]])
        self._recs.upsert(_document(rec))

    def put_removed(self, rec: dict) -> None:
        """Replace a record in `removed/` (its history grows on undo)."""
        self._touched.add(rec["id"])
        self._removed.upsert(_document(rec))

    # -- changes ---------------------------------------------------------
    def stamp_change(self) -> int | None:
        """Give the history entries this command added (those without one) its change id."""
        staged = self.storage.staged
        docs = [d for (t, k), d in sorted(staged.items()) if d is not None and (
            k in self._touched if t != BRIEFS else k in self._touched_briefs)]
        fresh = [e for d in docs for e in d.get("history") or () if isinstance(e, dict) and e.get("change") is None]
        if not fresh:
            return None
        change = self.change_id(max(map(highest_change, docs)))
        for entry in fresh:
            entry["change"] = change
        return change

    def _log_entry(self) -> dict | None:
        """What `recs.store.changelog` keeps of this command's change (None: it changed no record)."""
        staged = [(t, k, d) for (t, k), d in sorted(self.storage.staged.items()) if t != BRIEFS]
        briefs = [(k, d) for (t, k), d in sorted(self.storage.staged.items())
                  if t == BRIEFS and k in self._touched_briefs and d is not None]
        new_briefs = sorted(self._new_briefs - self._touched_briefs)
        if not staged and not briefs and not new_briefs:
            return None
        floor = max((highest_change(d) for _, _, d in staged if d is not None), default=0)
        floor = max([floor, *(highest_change(d) for _, d in briefs)])
        change = self.change_id(floor)
        stamped = sorted({k for _, k, d in staged if d is None or any(
            isinstance(e, dict) and e.get("change") == change for e in d["history"])})
        whole: dict[str, str | None] = {}
        after: dict[str, str] = {}
        for table, key, doc in staged:
            if doc is None or key in stamped:
                continue
            before = None
            for where in (table, REMOVED if table == RECS else RECS):
                path = self.root / where / f"{key}.json"
                if path.exists():
                    before = changelog.keep_before(self.work, change, where, key, files.read_file(path))
                    break
            whole[key] = before
            after[key] = changelog.digest(files.dumps(doc))
        from recs.core import dates

        by = next((e.get("by") for _, _, d in staged if d is not None for e in d["history"]
                   if isinstance(e, dict) and e.get("change") == change), None) or self.user or acting_user
        by = by or next((e.get("by") for _, d in briefs for e in d.get("history") or ()
                         if isinstance(e, dict) and e.get("change") == change), None) or ""
        entry = {"change": change, "at": dates.now(), "by": by, "records": stamped, "whole": whole,
                 "after": after, **self.log_extra}
        if command := acting_command():
            entry["command"] = command
        if briefs:
            entry["briefs"] = [k for k, _ in briefs]
        if new_briefs:  # (`recs undo` takes them off again)
            entry["new_briefs"] = new_briefs
        return entry

    def logged_changes(self) -> list[dict]:
        """The changes this clone's commands made, oldest first (`recs.store.changelog`)."""
        return changelog.entries(self.work)

    def written_whole(self, rec_id: str, digest: str) -> bool:
        """Whether recommendation `rec_id`'s file is what a logged change wrote (`changelog.digest`)."""
        path = self.root / RECS / f"{rec_id}.json"
        return path.exists() and changelog.digest(files.read_file(path)) == digest

    def before(self, rel: str) -> dict:
        """A record as a logged change found it, before it rewrote it whole."""
        return files.parse(files.read_file(self.work / rel), self.work / rel)

    def change_id(self, floor: int = 0) -> int:
        """The id of this command's change, one per command, above `floor`."""
        if self._change is None:
            if os.environ.get("RECS_NOW"):
                from datetime import datetime, timezone

                from recs.core import dates

                at = datetime.strptime(dates.now(), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
                base = int(at.timestamp()) * 1_000_000
                floor = max([floor, *(highest_change(d) for d in self.scan()),
                             *(highest_change(d) for d in self.removed()),
                             *(highest_change(d) for d in self.briefs(removed=True))])
            else:
                base = time.time_ns() // 1000
            self._change = max(base, floor + 1)
        return self._change

    def next_id(self) -> str:
        """A new id, never one in use or removed (see `new_ids`)."""
        return self.next_ids(1)[0]

    def next_ids(self, count: int) -> list[str]:
        """`count` new ids at once (see `new_ids`)."""
        used = {k for t in (RECS, REMOVED) for k in self.storage.tables[t]}
        return new_ids(used, count, random=self.settings.get("ids") == "random")

    def set_settings(self, **values) -> None:
        """Change the settings file now (the caller holds the lock: inside `change`);
        a value of None takes its key out."""
        settings = {k: v for k, v in dict(self.settings, **values).items() if v is not None}
        if settings != self.settings:
            files.atomic_write(self.work, self.root / SETTINGS, files.dumps(settings))
            self.settings = settings

    def note_id(self, rec_id: str) -> None:
        """Nothing to do: ids in use are read from the folder (kept for callers)."""


#: Letters and digits of random ids: none that is read as another (0/o, 1/l/i).
ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RANDOM_ID_LENGTH = 4


def new_ids(used: set[str], count: int, *, random: bool = False) -> list[str]:
    """`count` ids none of `used` has (ids are never reused, removed ones included).

    Sequential: `R<n>` above the highest in use (a tracker one person keeps).
    Random (a tracker shared through git, `recs git-setup`): four letters and
    digits such as `k7m2`, so that two people adding on separate branches do
    not pick the same one; longer once a tracker holds enough for four to
    crowd (one in a thousand chance of drawing a used one)."""
    if not random:
        highest = max((int(m.group(1)) for k in used if (m := _NUMBERED.match(k))), default=0)
        return [f"R{highest + n}" for n in range(1, count + 1)]
    import secrets

    length = RANDOM_ID_LENGTH
    while len(ID_ALPHABET) ** length < 1000 * (len(used) + count):
        length += 1
    folded = {k.casefold() for k in used}
    out: list[str] = []
    while len(out) < count:
        candidate = secrets.choice(ID_ALPHABET[:23]) + "".join(
            secrets.choice(ID_ALPHABET) for _ in range(length - 1))
        if candidate not in folded:
            folded.add(candidate)
            out.append(candidate)
    return out


def _safe(key: str) -> bool:
    """Whether `key` can name a file in a table folder (never a path elsewhere)."""
    return bool(key) and "/" not in key and "\\" not in key and "\0" not in key and not key.startswith(".")


def read_settings(path: Path, root: Path) -> dict:
    """The settings of the tracker at `root`; a clear error if there is none."""
    settings_path = root / SETTINGS
    try:
        raw = files.read_file(settings_path, what="settings file")
    except FileNotFoundError:
        if not root.exists():
            raise StoreError(f"no tracker at {path}; create one with `recs init {path}`") from None
        if not root.is_dir():
            raise StoreError(f"{path} is not a tracker folder") from None
        raise StoreError(f"{path} is not a recs tracker (no {SETTINGS}); create one with "
                         f"`recs init {path}` in an empty folder") from None
    except StoreError as exc:
        if not root.is_dir():
            raise StoreError(f"{path} is not a tracker folder ({exc})") from None
        raise
    if not raw.strip():
        raise StoreError(f"{settings_path} is empty; it was left as is. Restore it from git, or write "
                         '{"schema_version": 3} into it')
    return check_settings(files.parse(raw, settings_path, strict=True), settings_path)


def prepare_work(path: Path, root: Path) -> Path:
    """The tracker's work folder (lock, temp and journal files), made on first write,
    with a .gitignore that keeps it out of git."""
    if not os.access(root, os.W_OK) or any(
            (root / t).exists() and not os.access(root / t, os.W_OK) for t in TABLES):
        raise StoreError(f"{path} is read-only; nothing was changed (make it writable to change it)")
    work = root / WORK
    try:
        for table in TABLES:  # git keeps no empty folder: a fresh clone may lack some
            (root / table).mkdir(exist_ok=True)
        work.mkdir(exist_ok=True)
        ignore = work / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# recs's lock, temp and journal files: never part of the tracker\n*\n")
    except OSError as exc:
        raise StoreError(f"cannot write to {path}: {exc.strerror or exc}; nothing was changed") from None
    return work


def build(path: Path, contents: dict[str, bytes]) -> None:
    """Make the tracker folder `path` holding `contents` ({relative path: bytes}),
    all or nothing: built beside it under a temp name, then renamed into place."""
    import shutil
    import tempfile

    into = path.is_dir()  # a folder holding only dot files (a new git repository): fill it
    try:
        temp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".new", dir=path if into else path.parent))
    except OSError as exc:
        raise StoreError(f"cannot write to {path.parent}: {exc.strerror or exc}") from None
    try:
        for table in TABLES:
            (temp / table).mkdir()
        files.write_tree(temp, contents)
        os.chmod(temp, 0o755)
        files.pause()
        if into:  # the tables first, the settings file last: it makes the folder a tracker
            for name in (*TABLES, SETTINGS):
                if (temp / name).exists():
                    os.rename(temp / name, path / name)
            os.rmdir(temp)
        else:
            os.rename(temp, path)  # an empty folder is replaced; anything else refuses
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        if path.exists() and any(path.iterdir()):
            raise StoreError(f"{path} exists already; it was left as is") from None
        raise StoreError(f"cannot create {path}: {exc.strerror or exc}") from None
    files.fsync_dir(path.parent)


def status_in(statuses: set[str]):
    """Whether a record file's bytes may hold one of `statuses`: False only when its
    canonical top-level status line (`files.dumps`: two spaces of indent, a key line
    no nested value can have, since a JSON string holds no newline) names another,
    so `list --status` parses only the records it lists. A file written otherwise
    (by hand, by another tool) is parsed and checked as always. (A status is a word
    of `recs.core.statuses`, which json writes as orjson does.)"""
    import json

    lines = tuple(b'\n  "status": ' + json.dumps(s, ensure_ascii=False).encode() for s in sorted(statuses))

    def may_hold(raw: bytes) -> bool:
        at = raw.find(b'\n  "status": ')
        return at < 0 or raw.startswith(lines, at)

    return may_hold
