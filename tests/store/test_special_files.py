"""Special files as inputs and outputs (issue 11, A): FIFOs, devices and huge
files are refused unread as imports or mappings; `export --output` writes
into a FIFO or a device and never replaces it; a regular file is replaced
atomically, and the temp file of a killed export does not live on."""

import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import digest
from procs import env_for, run, spawn


def _refused(result, says: str) -> None:
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    assert says in result.stderr, result.stderr


@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    return path


@pytest.fixture
def huge(tmp_path) -> Path:
    path = tmp_path / "huge.json"
    with open(path, "wb") as handle:
        handle.truncate(2 * 1024**3 + 1)  # sparse: nothing is written on disk
    return path


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "/dev/urandom", "huge"])
@pytest.mark.parametrize("how", ["import", "mapping"])
def test_special_inputs_are_refused_unread(seeded, tmp_path, request, kind, how):
    path = str(request.getfixturevalue(kind)) if kind in ("fifo", "huge") else kind
    (tmp_path / "ok.csv").write_text("title,actors\na,UN\n")
    args = ["import", path] if how == "import" else ["import", str(tmp_path / "ok.csv"), "--mapping", path]
    before = digest(seeded)
    started = time.monotonic()
    done = run(seeded, *args, timeout=30)  # a real process: a hang would be a timeout
    assert time.monotonic() - started < 15
    assert done.returncode == 1 and done.stderr.startswith("Error: ") and done.stderr.count("\n") == 1, done.stderr
    says = {"fifo": "is a FIFO", "huge": "is too large (2.0 GB; a"}.get(kind, "is a device")
    assert says in done.stderr and "Traceback" not in done.stderr
    assert digest(seeded) == before


def test_stdin_from_a_device_is_refused(seeded):
    with open("/dev/zero", "rb") as zero:
        done = subprocess.run([sys.executable, "-m", "recs", "import", "-"], env=env_for(seeded), stdin=zero,
                              capture_output=True, text=True, timeout=30)
    assert done.returncode == 1 and done.stderr == "Error: stdin is a device, not a file to import; " \
                                                   "give a regular file or a pipe\n"


def test_a_record_past_the_limit_is_refused(recs, seeded, tmp_path, monkeypatch):
    from recs.imports import importer

    monkeypatch.setattr(importer, "RECORD_MAX", 1000)
    exported = recs.ok("export", "--format", "ndjson").stdout
    (tmp_path / "x.ndjson").write_text(exported)
    _refused(recs("import", str(tmp_path / "x.ndjson")), "line 2: a record of ")
    (tmp_path / "x.json").write_text(recs.ok("export").stdout)
    _refused(recs("import", str(tmp_path / "x.json")), "recommendations[0]: a record of ")


def test_export_into_a_character_device_keeps_it(recs, seeded, tmp_path):
    null = tmp_path / "mynull"
    try:
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # as /dev/null
    except PermissionError:
        pytest.skip("mknod needs root")
    recs.ok("export", "--output", str(null))
    assert stat.S_ISCHR(null.stat().st_mode)
    recs.ok("export", "--format", "csv", "--output", "/dev/null")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_export_into_a_fifo_writes_into_it(recs, seeded, fifo):
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    time.sleep(0.2)
    done = recs("export", "--output", str(fifo))
    reader.join(timeout=30)
    assert done.exit_code == 0, done.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert got and got[0] == recs.ok("export").stdout.encode()


def test_export_into_a_fifo_nobody_reads_is_refused_at_once(recs, seeded, fifo):
    _refused(recs("export", "--output", str(fifo)), "is a FIFO that nothing reads")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_export_to_dev_stdout(recs, seeded, tmp_path):
    done = run(seeded, "export", "--output", "/dev/stdout")  # stdout is a pipe
    assert done.returncode == 0, done.stderr
    assert done.stdout == recs.ok("export").stdout
    with open(tmp_path / "out.json", "w") as out:  # stdout is a regular file
        code = subprocess.run([sys.executable, "-m", "recs", "export", "--output", "/dev/stdout"],
                              env=env_for(seeded), stdout=out, timeout=60).returncode
    assert code == 0 and (tmp_path / "out.json").read_text() == done.stdout
    assert os.path.islink("/dev/stdout")


def test_export_replaces_a_regular_file_and_keeps_a_link(recs, seeded, tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    recs.ok("export", "--output", str(link))
    assert link.is_symlink() and target.read_text() == recs.ok("export").stdout
    assert not list(tmp_path.glob(".*recs-export"))


def _temps(directory: Path, name: str) -> list[Path]:
    return sorted(directory.glob(f".{name}.*.recs-export"))


def _wait_for(predicate, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_killed_export_leaves_no_temp_file_that_lives_on(recs, seeded, tmp_path):
    target = tmp_path / "backup.json"
    proc = spawn(seeded, "export", "--output", str(target), RECS_TEST_WRITE_PAUSE="0.2")
    _wait_for(lambda: _temps(tmp_path, "backup.json"))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _temps(tmp_path, "backup.json") and not target.exists()  # killed mid-write
    recs.ok("export", "--output", str(target))
    assert not _temps(tmp_path, "backup.json")  # the next export to the path removed it
    assert target.read_text() == recs.ok("export").stdout


def test_writers_and_other_exports_never_sweep_a_running_export(recs, seeded):
    # beside the store, named like it: the store's writers remove their own leftovers there
    target = seeded.parent / (seeded.name + ".bak")
    expected = recs.ok("export").stdout
    slow = spawn(seeded, "export", "--output", str(target), RECS_TEST_WRITE_PAUSE="0.05")
    _wait_for(lambda: _temps(seeded.parent, target.name))
    os.kill(slow.pid, signal.SIGSTOP)  # held mid-write (its temp file open and locked) while the others run
    try:
        assert _temps(seeded.parent, target.name) and slow.poll() is None
        recs.ok("update", "R1", "--note", "meanwhile")  # a writer
        other = seeded.parent / "other"
        other.mkdir()
        recs.ok("--db", str(other / "x.json"), "init", "--empty")
        recs.ok("--db", str(other / "x.json"), "export", "--output", str(target))  # another export, same path
        assert _temps(seeded.parent, target.name)  # the slow one's temp file is still there
    finally:
        os.kill(slow.pid, signal.SIGCONT)
    _, err = slow.communicate(timeout=60)
    assert slow.returncode == 0, err
    assert target.read_text() == expected  # whole: the store as the export read it
    assert not _temps(seeded.parent, target.name)
