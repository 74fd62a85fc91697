"""Every test runs against its own temporary store via RECS_DB, never real data."""

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recs.cli import app

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "recs.json"


@pytest.fixture(autouse=True)
def _isolate(tmp_path, monkeypatch):
    """No test touches the shipped data or the user's data directory."""
    monkeypatch.setenv("RECS_DB", str(tmp_path / "recs.json"))
    monkeypatch.setenv("RECS_USER", "tester")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv("RECS_NOW", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "recs.json"


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


@pytest.fixture
def seeded(recs, db) -> Path:
    """A store created by `recs init` from the bundled data."""
    recs.ok("init")
    return db


@pytest.fixture
def empty(recs, db) -> Path:
    """An empty store with one brief."""
    recs.ok("init", "--empty")
    recs.ok("brief", "add", "b1", "--title", "A brief", "--publisher", "Pub", "--published", "2024-01-31")
    return db


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
