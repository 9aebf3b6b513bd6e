"""Indexes derived from the data tables, built once and loaded as arrays on every later start.

Some indexes take seconds to derive from eventwire's tables (the gazetteer's name variants of 11,700
cities, the actor dictionary's phrases tokenized by spaCy) but load in milliseconds as arrays.
:class:`IndexCache` keeps each one as an ``.npz`` file of numpy arrays (no pickled code) whose name holds a
*fingerprint*: a hash of everything the index is built from (the source tables' bytes, the user's
dictionary files, the source of the modules that build it, eventwire's version, the spaCy model that
tokenizes). An edited table or a new eventwire version therefore selects another file, which is built
on first use; nothing has to be invalidated by hand.

- Where: the ``cache_dir`` setting; by default the user's cache folder (``$XDG_CACHE_HOME/eventwire`` or
  ``~/.cache/eventwire``; ``~/Library/Caches/eventwire`` on macOS, ``%LOCALAPPDATA%/eventwire/cache``
  on Windows). ``off`` builds every index in memory at every start.
- Two processes building the same index at once both finish: each writes a temporary file and renames
  it into place, so a reader sees a whole file or none.
- A file that cannot be read (truncated, corrupt, written by something else) is built again and
  replaced, with a log line, never an error.
- A folder that cannot be written: the index is built in memory and used; one warning per
  :class:`IndexCache` (a run shares one between its indexes), then silence.
- Old files are pruned: the :data:`KEEP` most recently used files of each kind stay.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import numpy.typing as npt

from eventwire import __version__

if TYPE_CHECKING:
    from eventwire.settings import Settings

log = logging.getLogger(__name__)

FORMAT: Final = 1  # bump when the layout of every cached file changes
KEEP: Final = 8  # files kept per kind: several checkouts or user dictionaries can each keep theirs
OFF: Final = frozenset({"off", "none", "false", "0"})
_FINGERPRINT: Final = "__fingerprint__"
_TOUCH_AFTER_S: Final = 24 * 3600  # mark a file as used (mtime) at most once a day

Arrays = dict[str, npt.NDArray[Any]]


def default_directory() -> Path:
    """The user's cache folder for eventwire on this platform."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "eventwire" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "eventwire"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "eventwire"


def fingerprint(*parts: str | bytes | Path) -> str:
    """A hex digest of ``parts``: strings and bytes as given, paths by name and content.

    eventwire's version and the cache format are always included.
    """
    digest = hashlib.blake2b(digest_size=20)
    for part in (f"format {FORMAT}", f"eventwire {__version__}", *parts):
        if isinstance(part, Path):
            data = part.read_bytes()
            digest.update(f"file {part.name} {len(data)}\0".encode())
            digest.update(data)
        else:
            data = part.encode() if isinstance(part, str) else part
            digest.update(f"part {len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()


def source_files(*modules: str) -> list[Path]:
    """The ``.py`` files of the given packages and modules (a package: every module in its folder),
    for a fingerprint that changes whenever the code building an index changes."""
    import importlib.util

    out: list[Path] = []
    for name in modules:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise ValueError(f"no source for module {name!r}")
        origin = Path(spec.origin)
        if spec.submodule_search_locations:  # a package: all of its modules
            out.extend(sorted(origin.parent.glob("*.py")))
        else:
            out.append(origin)
    return out


class IndexCache:
    """Where derived indexes are kept (``directory``; None: nowhere, built in memory every time)."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self._write_failed = False  # warn once, then build in memory without retrying the folder

    @classmethod
    def from_settings(cls, settings: Settings) -> IndexCache:
        raw = settings.cache_dir.strip()
        if raw.lower() in OFF:
            return cls(None)
        return cls(Path(raw).expanduser() if raw else default_directory())

    def path(self, kind: str, key: str) -> Path | None:
        """The file holding index ``kind`` with fingerprint ``key`` (None without a folder)."""
        return None if self.directory is None else self.directory / f"{kind}-{key[:32]}.npz"

    def load(self, kind: str, key: str, build: Callable[[], Arrays]) -> Arrays:
        """The arrays of index ``kind`` for fingerprint ``key``: read from the cache, else ``build()``
        and saved for the next start."""
        path = self.path(kind, key)
        if path is not None:
            found = self._read(path, key)
            if found is not None:
                return found
        arrays = build()
        if path is not None and not self._write_failed:
            self._write(kind, path, key, arrays)
        return arrays

    def _read(self, path: Path, key: str) -> Arrays | None:
        try:
            with np.load(path, allow_pickle=False) as npz:
                arrays = {name: npz[name] for name in npz.files}
            if str(arrays.pop(_FINGERPRINT)) != key:
                raise ValueError("fingerprint does not match the file name")
        except FileNotFoundError:
            return None
        except Exception as exc:  # truncated, corrupt or foreign: build it again
            log.info("rebuilding the cached index %s (%s: %s)", path, type(exc).__name__, exc)
            return None
        _touch(path)
        return arrays

    def _write(self, kind: str, path: Path, key: str, arrays: Arrays) -> None:
        folder = path.parent
        temporary: str | None = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=folder)
            with os.fdopen(handle, "wb") as out:
                save: Any = np.savez  # numpy's stub types the keyword arrays as its own options
                save(out, **arrays, **{_FINGERPRINT: np.array(key)})
            os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide a shared cache from other users
            os.replace(temporary, path)
            temporary = None
        except OSError as exc:
            self._write_failed = True
            log.warning(
                "eventwire cannot write its index cache in %s (%s); indexes are built in memory at every"
                " start. Set EVENTWIRE_CACHE_DIR to a writable folder, or to 'off'.",
                folder,
                exc.strerror or exc,
            )
            return
        finally:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)
        _prune(folder, kind, keep=path)


def _touch(path: Path) -> None:
    """Mark a cache file as used, so pruning keeps it (at most once a day; read-only folders are fine)."""
    try:
        if time.time() - path.stat().st_mtime > _TOUCH_AFTER_S:
            os.utime(path)
    except OSError:
        pass


def _prune(folder: Path, kind: str, keep: Path) -> None:
    """Delete all but the :data:`KEEP` most recently used files of ``kind``, and temporary files of
    builds that died more than an hour ago."""
    try:
        files = sorted(folder.glob(f"{kind}-*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)
        stale = [p for p in folder.glob(f".{kind}-*.tmp") if time.time() - p.stat().st_mtime > 3600]
    except OSError:
        return
    for old in [p for p in files[KEEP:] if p != keep] + stale:
        with contextlib.suppress(OSError):
            old.unlink()


# ---------------------------------------------------------------- string columns


def string_arrays(name: str, values: Iterable[str], index: bool = False) -> Arrays:
    """Strings as arrays named ``<name>.*``: UTF-8 bytes and offsets (read by :class:`StringColumn`),
    with ``index`` also their hashes in sorted order (read by :class:`StringIndex`)."""
    encoded = [value.encode("utf-8") for value in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    out: Arrays = {
        f"{name}.bytes": np.frombuffer(b"".join(encoded), dtype=np.uint8),
        f"{name}.offsets": offsets,
    }
    if index:
        hashes = np.array([_hash(e) for e in encoded], dtype=np.uint64)
        order = np.argsort(hashes, kind="stable")
        out[f"{name}.hashes"] = hashes[order]
        out[f"{name}.order"] = order.astype(np.int64)
    return out


def _hash(encoded: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(encoded, digest_size=8).digest(), "little")


class StringColumn:
    """A column of strings read from :func:`string_arrays`; each string is decoded when asked for."""

    def __init__(self, arrays: Arrays, name: str) -> None:
        self._bytes = arrays[f"{name}.bytes"].tobytes()
        self._offsets = arrays[f"{name}.offsets"]

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, n: int) -> str:
        return self._bytes[self._offsets[n] : self._offsets[n + 1]].decode("utf-8")

    def tolist(self) -> list[str]:
        bounds = self._offsets.tolist()
        raw = self._bytes
        return [raw[bounds[n] : bounds[n + 1]].decode("utf-8") for n in range(len(bounds) - 1)]


class StringIndex(StringColumn):
    """A string column that finds a string's position: binary search of its hash in the sorted hashes.

    Loading costs nothing per string. A search costs a hash and a bisection (a few µs), so once an index
    has answered more searches than a quarter of its size, it builds an ordinary dict (a string-keyed
    dict costs about the time of that many searches) and answers from it: a short run never pays for the
    dict, a long one stops paying for the searches.
    """

    def __init__(self, arrays: Arrays, name: str) -> None:
        super().__init__(arrays, name)
        self._hashes = arrays[f"{name}.hashes"]
        self._order = arrays[f"{name}.order"]
        self._searches = 0
        self._dict: dict[str, int] | None = None

    def find(self, value: str) -> int | None:
        """The position of ``value`` in the column, or None."""
        if self._dict is not None:
            return self._dict.get(value)
        self._searches += 1
        if self._searches > len(self) // 4 + 64:
            self._dict = dict(zip(self.tolist(), range(len(self)), strict=True))
            return self._dict.get(value)
        encoded = value.encode("utf-8")
        wanted = np.uint64(_hash(encoded))
        at = int(np.searchsorted(self._hashes, wanted))
        while at < len(self._hashes) and self._hashes[at] == wanted:
            n = int(self._order[at])
            if self._bytes[self._offsets[n] : self._offsets[n + 1]] == encoded:
                return n
            at += 1
        return None
