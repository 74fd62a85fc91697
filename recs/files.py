"""Reading the files users name (imports, mappings), with one clear error each."""

from pathlib import Path

from recs.errors import RecsError


def read_input(path: Path, what: str = "file") -> bytes:
    """The bytes of a file a user gave; RecsError says why it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise RecsError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise RecsError(f"{path} is a directory, not a {what}") from None
    except OSError as exc:
        raise RecsError(f"cannot read {path}: {exc.strerror or exc}") from None
