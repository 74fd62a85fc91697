"""Every test runs against its own temporary store via RECS_DB, never real data."""

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recs.cli.app import app

# The suite writes many small trackers, and a real git and real processes use them: on a
# RAM disk (Linux's /dev/shm) that is I/O the disk never sees, which here more than halves
# the run. pytest keeps its folders where `tempfile` puts them (its last three runs, as
# always); a folder named with --basetemp or PYTEST_DEBUG_TEMPROOT still wins.
_RAM = Path("/dev/shm")
if "PYTEST_DEBUG_TEMPROOT" not in os.environ and _RAM.is_dir() and os.access(_RAM, os.W_OK | os.X_OK):
    tempfile.tempdir = str(_RAM)

#: The tracker recs ships (`recs init` seeds from it); tests/test_shipped_data.py checks it.
SHIPPED = Path(__file__).resolve().parent.parent / "data" / "tracker"
#: The suite's own frozen copy of it, which `recs init` seeds from in tests (RECS_TEST_SEED),
#: so that curating the shipped tracker breaks no test.
SEED = Path(__file__).resolve().parent / "data" / "seed-tracker"


@pytest.fixture(scope="session", autouse=True)
def _compiled_once(tmp_path_factory):
    """The Python processes tests start (`recs`, git's merge driver) keep their compiled
    bytecode in one folder for the whole run, as an installed recs has its .pyc files.
    Where PYTHONDONTWRITEBYTECODE is set (as on the CI machine), each would otherwise
    compile recs from source again: about a third of a short command's time."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # xdist: the workers share it
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYTHONPYCACHEPREFIX", str(shared / "pycache"))
        patch.delenv("PYTHONDONTWRITEBYTECODE", raising=False)
        yield


@pytest.fixture(autouse=True)
def _isolate(tmp_path, tmp_path_factory, monkeypatch):
    """No test touches the shipped data, the user's data directory or the real
    temp folder (`recs edit` keeps a refused edit there: this test's own, here)."""
    temp = tmp_path_factory.mktemp("tmp")
    monkeypatch.setenv("TMPDIR", str(temp))  # processes the test starts
    monkeypatch.setattr(tempfile, "tempdir", str(temp))  # this one (tempfile caches the folder)
    monkeypatch.setenv("RECS_DB", str(tmp_path / "tracker"))
    monkeypatch.setenv("RECS_USER", "tester")
    # no fsync (as git's test suite sets GIT_TEST_FSYNC=0): writes stay atomic, only
    # durability against a power cut, which no test can observe, is skipped
    monkeypatch.setenv("RECS_TEST_NO_FSYNC", "1")
    monkeypatch.setenv("RECS_TEST_SEED", str(SEED))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    # a pager on a pseudo-terminal would wait for a key: tables are printed (a test of the
    # pager names its own PAGER)
    monkeypatch.setenv("PAGER", "cat")
    monkeypatch.delenv("RECS_NOW", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "tracker"


class Runner:
    """Runs `recs` through its real entry point and keeps stdout and stderr apart."""

    def __init__(self):
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, env: dict | None = None):
        return self.runner.invoke(app, list(args), input=input, env=env)

    def ok(self, *args: str, **kw):
        result = self(*args, **kw)
        assert result.exit_code == 0, (args, result.exit_code, result.stdout, result.stderr)
        return result

    def json(self, *args: str, **kw):
        return json.loads(self.ok(*args, "--format", "json", **kw).stdout)


@pytest.fixture
def recs() -> Runner:
    return Runner()


@pytest.fixture(scope="session")
def _made(tmp_path_factory):
    """Trackers made once per test process through the real command line, which
    tests get copies of (a copy is the same bytes, for a fraction of the time)."""
    made: dict[str, Path] = {}

    def make(name: str, *commands: tuple[str, ...]) -> Path:
        if name not in made:
            home = tmp_path_factory.mktemp(name)
            env = {"RECS_DB": str(home / "tracker"), "RECS_USER": "tester", "RECS_TEST_NO_FSYNC": "1",
                   "RECS_TEST_SEED": str(SEED), "XDG_DATA_HOME": str(home / "xdg-data"), "RECS_NOW": None}
            for args in commands:
                result = CliRunner().invoke(app, list(args), env=env)
                assert result.exit_code == 0, (args, result.stderr)
            made[name] = home / "tracker"
        return made[name]

    return make


@pytest.fixture
def seeded(_made, db) -> Path:
    """A store created by `recs init` from the bundled data (the suite's frozen copy, `SEED`)."""
    shutil.copytree(_made("seeded", ("init",)), db, symlinks=True)
    return db


@pytest.fixture
def empty(_made, db) -> Path:
    """An empty store with one brief."""
    shutil.copytree(_made("empty", ("init", "--empty"),
                          ("brief", "add", "b1", "--title", "A brief", "--publisher", "Pub", "--published", "2024-01-31")),
                    db, symlinks=True)
    return db


def snapshot(path: Path) -> dict[str, bytes]:
    """Every file of a tracker folder (or the bytes of one file) by its relative
    path, leaving out the work folder `.recs/` (lock, temp and journal files)."""
    if not path.is_dir():
        return {"": path.read_bytes()}
    return {str(f.relative_to(path)): f.read_bytes() for f in sorted(path.rglob("*"))
            if f.is_file() and ".recs" not in f.relative_to(path).parts}


def digest(path: Path) -> str:
    """One hash of a tracker's files (or of one file): equal when no byte changed."""
    h = hashlib.sha256()
    for name, content in snapshot(path).items():
        h.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
    return h.hexdigest()


def record(path: Path, rec_id: str, table: str = "recommendations") -> dict:
    """A record as stored in its file."""
    return json.loads((path / table / f"{rec_id}.json").read_bytes())
