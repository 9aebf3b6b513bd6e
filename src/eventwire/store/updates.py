"""A GDELT 2.0-style update feed: what one batch of articles changed, as GDELT publishes every 15 minutes.

For one update (a 14-digit UTC stamp ``YYYYMMDDHHMMSS`` and the articles it added) :func:`write_update`
writes into a folder

- ``<stamp>.export.CSV.zip``: the 61-column export lines (:mod:`eventwire.store.gdelt`) of every event
  those articles mention, as the store has it after the update — events first seen in it, and older
  events they mention again with their new NumMentions/NumArticles/NumSources/AvgTone;
- ``<stamp>.mentions.CSV.zip``: the 16-column mentions lines of those articles' mentions, with
  MentionTimeDate = the stamp (GDELT: "identical for all entries in the update file");

each a zip holding one tab-separated member named like the file without ``.zip``, no header.
:func:`write_index` then writes ``masterfilelist.txt`` (every file published, oldest first) and
``lastupdate.txt`` (the newest update's files), one ``SIZE MD5 URL`` line per file as GDELT does.

Differences from GDELT, on purpose: there is no ``gkg.csv.zip`` (eventwire builds no Global Knowledge
Graph), so ``lastupdate.txt`` has two lines, not three; GDELT lists an event in the export file of the
update that first saw it only, eventwire lists it again whenever it changes (follow the feed with
``eventwire import-gdelt --update`` or upsert by GLOBALEVENTID); negated, hypothetical and historical
(background) events are left out of both files, as from ``eventwire export --format gdelt``.

Every file is written to a temporary name, flushed to disk and renamed, and the zips are byte-for-byte
the same when written again for the same update and store (fixed member dates), so an update
interrupted half-way is simply written again; ``lastupdate.txt`` is replaced last, so a follower
never sees it name a file that is not complete.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import duckdb

from eventwire.store.gdelt import article_event_lines, article_mention_lines

LAST_UPDATE: Final = "lastupdate.txt"
MASTER_LIST: Final = "masterfilelist.txt"
KINDS: Final = ("export", "mentions")


@dataclass(frozen=True, slots=True)
class UpdateFile:
    """One published file: its name in the folder, size in bytes, MD5 (hex) and line count."""

    name: str
    size: int
    md5: str
    rows: int

    def index_line(self, base_url: str = "") -> str:
        """``SIZE MD5 URL`` as in GDELT's lastupdate.txt; the URL is ``base_url`` + the file name."""
        return f"{self.size} {self.md5} {base_url}{self.name}"


def file_name(stamp: int, kind: str) -> str:
    return f"{stamp:014d}.{kind}.CSV.zip"


def write_update(
    con: duckdb.DuckDBPyConnection, folder: str | Path, stamp: int, article_ids: Sequence[str]
) -> tuple[UpdateFile, ...]:
    """Write the export and mentions files of one update (the articles ``article_ids``) into ``folder``."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    ids = sorted(set(article_ids))
    lines = {
        "export": list(article_event_lines(con, ids)) if ids else [],
        "mentions": list(article_mention_lines(con, ids, stamp)) if ids else [],
    }
    return tuple(_write_zip(target, stamp, kind, lines[kind]) for kind in KINDS)


def write_index(
    folder: str | Path, published: Iterable[UpdateFile], latest: Sequence[UpdateFile], base_url: str = ""
) -> None:
    """``masterfilelist.txt`` (``published``, in order) and then ``lastupdate.txt`` (``latest``)."""
    target = Path(folder)
    _replace(target / MASTER_LIST, "".join(f.index_line(base_url) + "\n" for f in published).encode())
    _replace(target / LAST_UPDATE, "".join(f.index_line(base_url) + "\n" for f in latest).encode())


def _stamp_time(stamp: int) -> tuple[int, int, int, int, int, int]:
    text = f"{stamp:014d}"
    year = max(1980, int(text[:4]))  # the zip format starts in 1980
    return (year, int(text[4:6]), int(text[6:8]), int(text[8:10]), int(text[10:12]), int(text[12:14]))


def _write_zip(folder: Path, stamp: int, kind: str, lines: list[str]) -> UpdateFile:
    name = file_name(stamp, kind)
    member = zipfile.ZipInfo(name.removesuffix(".zip"), date_time=_stamp_time(stamp))
    member.compress_type = zipfile.ZIP_DEFLATED
    member.external_attr = 0o644 << 16
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "".join(line + "\n" for line in lines).encode("utf-8"))
    data = buffer.getvalue()
    _replace(folder / name, data)
    return UpdateFile(name, len(data), hashlib.md5(data, usedforsecurity=False).hexdigest(), len(lines))


def _replace(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: a temporary file beside it, fsync, rename, fsync the folder."""
    temporary = path.with_name(f".{path.name}.tmp")
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    with contextlib.suppress(OSError):  # not every file system lets a folder be opened for fsync
        descriptor = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
