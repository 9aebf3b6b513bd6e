"""`eventwire watch` killed with SIGKILL at every step of a cycle, or stopped with SIGTERM, and started again,
ends with the tables of an uninterrupted watch of the same site, and an update feed that says the same.

The site changes between cycles (new, edited and removed items). The uninterrupted watch runs in this
process on the session's Processor; the interrupted one is the real CLI (``--once``, like cron), killed by
``tests/data/watch/killed_watch.py``: while fetching pages, inside the cycle's transaction, half-way
through publishing an update, and before an update is recorded as published; then a SIGTERM while
coding (a clean stop that commits what is coded).
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from _feed_server import FeedSite, feed_site
from _rel_store import dump
from _watch_helpers import rows, watcher
from eventwire.cli import build_app
from eventwire.settings import Settings
from eventwire.store import Store
from eventwire.store.gdelt import mention_lines

pytestmark = pytest.mark.slow

KILLER = Path(__file__).resolve().parent / "data" / "watch" / "killed_watch.py"
KNOBS = {
    "EVENTWIRE_BATCH_SIZE": "1",
    "EVENTWIRE_FETCH_DELAY_S": "0",
    "EVENTWIRE_WATCH_SETTLE_S": "0",
    "EVENTWIRE_STORE_HOLD_S": "0",
}
ENV = {**os.environ, **KNOBS}


def _versions(site: FeedSite) -> list[Callable[[], None]]:
    return [
        lambda: site.publish("/feed.rss", [0, 1, 2]),
        lambda: site.publish("/feed.rss", [1, 2, 3, 4], edits={2: " Talks were called off later."}),
        lambda: site.publish("/feed.rss", [2, 3, 4, 5, 6, 7, 8]),
    ]


def _watch(point: str, count: int, args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(KILLER), point, str(count), "--", *args],
        capture_output=True, text=True, env=ENV, timeout=600, check=False,
    )  # fmt: skip


def _follow(pub: Path, tmp: Path, name: str) -> list[str]:
    """Import every published export file, oldest first, as a follower of the feed would; export it."""
    master = (pub / "masterfilelist.txt").read_text(encoding="ascii").splitlines()
    exports = [str(pub / line.split(" ")[2]) for line in master if ".export." in line]
    db = tmp / f"{name}.duckdb"
    runner = CliRunner()
    result = runner.invoke(build_app(), ["import-gdelt", *exports, "--db", str(db), "--update"])
    assert result.exit_code == 0, result.output
    out = tmp / f"{name}.tsv"
    assert (
        runner.invoke(
            build_app(), ["export", "--db", str(db), "--format", "gdelt", "--out", str(out)]
        ).exit_code
        == 0
    )
    return out.read_text(encoding="utf-8").splitlines()


def _published_mentions(pub: Path) -> list[tuple[str, ...]]:
    found = []
    for path in sorted(pub.glob("*.mentions.CSV.zip")):
        with zipfile.ZipFile(path) as archive:
            for line in archive.read(path.name.removesuffix(".zip")).decode().splitlines():
                fields = line.split("\t")
                found.append((*fields[:2], *fields[3:]))
    return sorted(found)


def _stored_mentions(db: Path) -> list[tuple[str, ...]]:
    with Store.open(db, read_only=True) as store, store.connection() as con:
        return sorted((*f[:2], *f[3:]) for f in (line.split("\t") for line in mention_lines(con)))


def _check_feed(pub: Path) -> None:
    """masterfilelist names every file once, sizes and MD5s are right, lastupdate.txt is its last two lines."""
    master = (pub / "masterfilelist.txt").read_text(encoding="ascii").splitlines()
    names = [line.split(" ")[2] for line in master]
    assert len(names) == len(set(names))
    for line in master:
        size, md5, name = line.split(" ")
        data = (pub / name).read_bytes()
        assert (int(size), md5) == (len(data), hashlib.md5(data).hexdigest())
    assert (pub / "lastupdate.txt").read_text(encoding="ascii").splitlines() == master[-2:]
    assert sorted(p.name for p in pub.glob("*.zip")) == sorted(names)


def test_watch_crash_kills_and_a_stop_then_restarts_equal_an_uninterrupted_watch(
    processor: Any, tmp_path: Path
) -> None:
    with feed_site() as site:
        versions = _versions(site)
        feed = f"{site.base}/feed.rss"

        reference, ref_pub = tmp_path / "ref.duckdb", tmp_path / "ref_pub"
        settings = Settings.from_env(KNOBS)
        with watcher(reference, [feed], processor, settings, publish=ref_pub) as w:
            for publish in versions:
                publish()
                assert w.cycle().documents > 0
        versions[0]()

        db, pub = tmp_path / "crash.duckdb", tmp_path / "pub"
        args = ["watch", feed, "--db", str(db), "--once", "--publish", str(pub)]

        killed = _watch("page-fetch", 2, args)
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        killed = _watch("mid-transaction", 1, args)
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        assert rows(db, "SELECT count(*) FROM documents") == [(0,)]  # rolled back, state included
        assert rows(db, "SELECT count(*) FROM watch_items") == [(0,)]
        done = _watch("none", 0, args)
        assert done.returncode == 0, done.stderr
        assert "3 new documents" in done.stdout

        versions[1]()
        killed = _watch("mid-publish", 1, args)
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        assert rows(db, "SELECT count(*) FROM watch_cycles WHERE published_at IS NULL") == [(1,)]
        last = (pub / "lastupdate.txt").read_text(encoding="ascii")
        assert (
            sorted(p.name for p in pub.glob("*.zip"))[-1] not in last
        )  # followers still see the last update
        killed = _watch("before-mark", 1, args)  # while publishing what the killed run left
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        done = _watch("none", 0, args)
        assert done.returncode == 0, done.stderr
        assert "published what an interrupted run left" in done.stderr
        assert "nothing new" in done.stdout

        versions[2]()
        stopped = _watch("term-at-code", 2, args)
        assert stopped.returncode == 0, stopped.stderr
        assert "SIGTERM: stopping" in stopped.stderr
        assert "stopped after 1 cycle: 2 new documents" in stopped.stdout
        done = _watch("none", 0, args)
        assert done.returncode == 0, done.stderr
        assert "2 new documents" in done.stdout  # 4 new stories, 2 coded before the stop

    assert dump(db) == dump(reference)
    assert rows(db, "SELECT count(*) FROM watch_cycles WHERE published_at IS NULL") == [(0,)]
    _check_feed(pub)
    _check_feed(ref_pub)
    followed = _follow(pub, tmp_path, "follower")
    assert followed == _follow(ref_pub, tmp_path, "ref_follower")
    exported = tmp_path / "store.tsv"
    CliRunner().invoke(build_app(), ["export", "--db", str(db), "--format", "gdelt", "--out", str(exported)])
    assert followed == exported.read_text(encoding="utf-8").splitlines()
    assert _published_mentions(pub) == _stored_mentions(db) == _published_mentions(ref_pub)
