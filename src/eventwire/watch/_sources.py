"""What ``eventwire watch`` watches: source specs from the command line and a URL file, and ``--every``.

A source is named by its key: a URL as given, or the absolute path of a local folder or file.

- a URL on the command line is a feed (RSS / Atom);
- a line of a ``--urls`` file is a feed or a page: the first good answer decides (a feed's XML or an
  HTML page), and the source keeps that kind — a feed that later answers with an HTML page fails;
- a folder: files that appear in it (recursively) or change are read like ``eventwire run`` reads them;
- a file: read again whenever it changes (a local feed file, a JSONL that grows…).

The ``--urls`` file is read again at every cycle, so sources can be added or removed without a restart.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from eventwire.errors import InputError


class SourceKind(enum.StrEnum):
    FEED = "feed"
    PAGE = "page"
    URL = "url"  # a feed or a page, decided by its first good answer
    FOLDER = "folder"
    FILE = "file"

    @property
    def remote(self) -> bool:
        return self in (SourceKind.FEED, SourceKind.PAGE, SourceKind.URL)


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """One source as the user named it."""

    key: str
    kind: SourceKind


def _is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def source_spec(text: str) -> SourceSpec:
    """A command-line source: a feed URL, an existing folder or an existing file (else InputError)."""
    if _is_url(text):
        return SourceSpec(text.strip(), SourceKind.FEED)
    path = Path(text).expanduser()
    if path.is_dir():
        return SourceSpec(str(path.resolve()), SourceKind.FOLDER)
    if path.is_file():
        return SourceSpec(str(path.resolve()), SourceKind.FILE)
    raise InputError(f"{text}: not an http(s) feed URL, a folder or a file")


def read_url_file(path: Path) -> list[SourceSpec]:
    """The URLs of a ``--urls`` file (one per line, ``#`` comments, blank lines ignored); InputError if unreadable."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the URL file: {exc.strerror or exc}") from exc
    specs: list[SourceSpec] = []
    for line in lines:
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if not _is_url(text):
            raise InputError(f"{path}: {text[:80]!r} is not an http(s) URL")
        specs.append(SourceSpec(text, SourceKind.URL))
    return specs


@dataclass(frozen=True, slots=True)
class SourceList:
    """The sources named on the command line, plus those of a URL file read again at every cycle."""

    fixed: tuple[SourceSpec, ...]
    url_file: Path | None = None

    @classmethod
    def of(cls, sources: Sequence[str], url_file: Path | None = None) -> SourceList:
        specs = tuple(source_spec(text) for text in sources)
        if not specs and url_file is None:
            raise InputError("nothing to watch: give feed URLs, folders or files, or --urls FILE")
        found = cls(specs, url_file)
        found.current()  # a bad URL file fails before the first cycle
        return found

    def current(self) -> list[SourceSpec]:
        """Every source, in order, each key once (the first naming wins)."""
        specs = list(self.fixed) + (read_url_file(self.url_file) if self.url_file is not None else [])
        seen: set[str] = set()
        out: list[SourceSpec] = []
        for spec in specs:
            if spec.key not in seen:
                seen.add(spec.key)
                out.append(spec)
        return out


_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(h|m|s|ms)?", re.IGNORECASE)
_UNIT_S = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001, "": 1.0}


def parse_every(text: str) -> float:
    """``15m``, ``10s``, ``1h30m``, ``90`` (seconds) → seconds; InputError when not a duration ≥ 1 s."""
    compact = text.strip().lower().replace(" ", "")
    pos = 0
    total = 0.0
    for match in _DURATION.finditer(compact):
        if match.start() != pos:
            break
        total += float(match.group(1)) * _UNIT_S[(match.group(2) or "").lower()]
        pos = match.end()
    if not compact or pos != len(compact):
        raise InputError(f"--every {text!r}: not a duration such as 15m, 10s, 1h30m or 90")
    if total < 1.0:
        raise InputError(f"--every {text!r}: the shortest interval is one second")
    return total
