"""`eventwire watch --publish`: GDELT 2.0-style update files that GDELT's readers (our `import-gdelt`) open
and that match the store; events merged by a later article come back with their new counts."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from _feed_server import FeedSite, feed_site
from _watch_helpers import watcher
from eventwire.cli import build_app
from eventwire.store import Store
from eventwire.store.gdelt import EVENT_COLUMNS, MENTION_COLUMNS, import_events, mention_lines
from eventwire.store.updates import write_update


@pytest.fixture()
def site() -> Any:
    with feed_site() as found:
        yield found


def _zip_lines(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        [member] = archive.namelist()
        assert member == path.name.removesuffix(".zip")
        return archive.read(member).decode("utf-8").splitlines()


def _export(db: Path, out: Path) -> list[str]:
    result = CliRunner().invoke(
        build_app(), ["export", "--db", str(db), "--format", "gdelt", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8").splitlines()


def test_watch_publish_files_follow_gdelt_layout_and_match_the_store(
    site: FeedSite, processor: Any, tmp_path: Path
) -> None:
    db, pub = tmp_path / "w.duckdb", tmp_path / "pub"
    site.publish("/feed.rss", [0, 1])
    with watcher(db, [f"{site.base}/feed.rss"], processor, publish=pub) as w:
        first = w.cycle()
        assert w.cycle().published == ()  # nothing new, nothing published
        site.publish("/feed.rss", [0, 1, 2], edits={1: " The talks were called off later."})
        second = w.cycle()
    assert first.stamp is not None and second.stamp is not None and second.stamp > first.stamp
    assert first.published == (f"{first.stamp}.export.CSV.zip", f"{first.stamp}.mentions.CSV.zip")

    last = (pub / "lastupdate.txt").read_text(encoding="ascii").splitlines()
    assert [line.split(" ")[2] for line in last] == list(second.published)  # two lines: no GKG
    master = (pub / "masterfilelist.txt").read_text(encoding="ascii").splitlines()
    assert [line.split(" ")[2] for line in master] == [*first.published, *second.published]
    for line in master:
        size, md5, name = line.split(" ")
        data = (pub / name).read_bytes()
        assert (int(size), md5) == (len(data), hashlib.md5(data).hexdigest())

    exports = [pub / f"{s}.export.CSV.zip" for s in (first.stamp, second.stamp)]
    mentions = [pub / f"{s}.mentions.CSV.zip" for s in (first.stamp, second.stamp)]
    for path in exports:
        assert all(len(line.split("\t")) == len(EVENT_COLUMNS) == 61 for line in _zip_lines(path))
    for path, stamp in zip(mentions, (first.stamp, second.stamp), strict=True):
        lines = [line.split("\t") for line in _zip_lines(path)]
        assert lines and all(len(f) == len(MENTION_COLUMNS) and f[2] == str(stamp) for f in lines)

    # the second update holds the edited story's events again, with their new counts, and the new story's
    second_ids = {line.split("\t")[0] for line in _zip_lines(exports[1])}
    first_ids = {line.split("\t")[0] for line in _zip_lines(exports[0])}
    again = [line.split("\t") for line in _zip_lines(exports[1]) if line.split("\t")[0] in first_ids]
    assert again and all(int(f[31]) == 2 for f in again)  # NumMentions
    assert second_ids - first_ids

    # following the feed with GDELT's 61-column reader gives exactly the store's events
    follower = tmp_path / "follower.duckdb"
    result = CliRunner().invoke(
        build_app(), ["import-gdelt", *map(str, exports), "--db", str(follower), "--update"]
    )
    assert result.exit_code == 0, result.output
    assert f"{len(again)} updated" in result.output
    assert _export(follower, tmp_path / "f.tsv") == _export(db, tmp_path / "w.tsv")

    # every mention is published once, in the update of its article
    published = sorted(_without_time(line) for path in mentions for line in _zip_lines(path))
    with Store.open(db, read_only=True) as store, store.connection() as con:
        stored = sorted(_without_time(line) for line in mention_lines(con))
    assert published == stored


def _without_time(line: str) -> tuple[str, ...]:
    fields = line.split("\t")
    return (*fields[:2], *fields[3:])  # MentionTimeDate is the update's stamp in a published file


def test_watch_publish_rewrite_is_byte_identical(site: FeedSite, processor: Any, tmp_path: Path) -> None:
    db, pub = tmp_path / "w.duckdb", tmp_path / "pub"
    site.publish("/feed.rss", [3])
    with watcher(db, [f"{site.base}/feed.rss"], processor, publish=pub) as w:
        report = w.cycle()
    assert report.stamp is not None
    before = {p.name: p.read_bytes() for p in pub.iterdir()}
    with Store.open(db) as store, store.connection() as con:
        ids = [r[0] for r in con.execute("SELECT doc_id FROM watch_cycle_documents").fetchall()]
        again = write_update(con, tmp_path / "again", report.stamp, ids)
    assert {f.name: (tmp_path / "again" / f.name).read_bytes() for f in again} == {
        name: data for name, data in before.items() if name.endswith(".zip")
    }


def test_gdelt_import_update_replaces_imported_rows_only(tmp_path: Path) -> None:
    line = "\t".join(["12345", "20180101", "201801", "2018", "2018.0027"] + [""] * 26 + ["3"] + [""] * 29)
    first, later = tmp_path / "a.export.CSV", tmp_path / "b.export.CSV.zip"
    first.write_text(line + "\n", encoding="utf-8")
    with zipfile.ZipFile(later, "w") as archive:
        archive.writestr("b.export.CSV", line.replace("\t3\t", "\t7\t") + "\n")
    with Store.open(tmp_path / "g.duckdb") as store, store.connection() as con:
        import_events(con, first)
        kept = import_events(con, later)
        assert (kept.added, kept.updated) == (0, 0)
        assert con.execute("SELECT num_mentions FROM events").fetchall() == [(3,)]
        replaced = import_events(con, later, update=True)
        assert (replaced.added, replaced.updated) == (0, 1)
        assert con.execute("SELECT num_mentions FROM events").fetchall() == [(7,)]


def test_gdelt_import_of_a_broken_zip_is_one_error_line(tmp_path: Path) -> None:
    bad = tmp_path / "x.export.CSV.zip"
    bad.write_bytes(b"not a zip")
    result = CliRunner().invoke(build_app(), ["import-gdelt", str(bad), "--db", str(tmp_path / "g.duckdb")])
    assert result.exit_code == 1
    assert "not a readable zip file" in result.output
