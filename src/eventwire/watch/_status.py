"""Files beside the store while ``eventwire watch`` runs: the lock that keeps a second watcher out, and the
status file readers look at (``eventwire serve``'s ``/status``, the dashboard).

``<db>.watch.lock``: an exclusive ``flock`` held for the watcher's life (released by the kernel when the
process dies, even by ``kill -9``). ``<db>.watch.json``: the watcher's last word — running or stopped,
the last cycle, when the next one starts, the failing sources — replaced atomically after every cycle,
so reading it never needs the database lock.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import TracebackType
from typing import Any

from eventwire.errors import InputError


def status_path(db: str | Path) -> Path:
    return Path(f"{db}.watch.json")


def lock_path(db: str | Path) -> Path:
    return Path(f"{db}.watch.lock")


def write_status(db: str | Path, status: dict[str, Any]) -> None:
    """Replace the status file atomically (a temporary file beside it, then a rename)."""
    path = status_path(db)
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_text(json.dumps(status, ensure_ascii=False, default=str), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:  # the status is a courtesy to readers; never worth stopping the watch for
        temporary.unlink(missing_ok=True)


def read_status(db: str | Path) -> dict[str, Any] | None:
    """The last status a watcher wrote beside ``db``, or None."""
    try:
        found = json.loads(status_path(db).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


class WatchLock:
    """One ``eventwire watch`` per store: an exclusive lock on ``<db>.watch.lock`` (InputError if taken)."""

    def __init__(self, db: str | Path) -> None:
        self.path = lock_path(db)
        self._fd: int | None = None

    def __enter__(self) -> WatchLock:
        import fcntl

        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(fd, 64).decode("ascii", "replace").strip() or "another process"
            os.close(fd)
            raise InputError(
                f"another eventwire watch (pid {holder}) is already watching into {self.path.name[:-11]}"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing releases the flock; the file stays (removing it would race)
            self._fd = None
