"""`eventwire watch` cycles against a local news site that changes between cycles (in this process, on the
session's Processor): exactly the new and edited articles are coded, unchanged feeds cost a 304, failing
sources are reported and backed off without stopping the others, and limits leave work for later."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from _feed_server import FeedSite, Route, article_page, feed_site, story_text
from _watch_helpers import rows, watch_settings, watcher
from eventwire.records import Status


@pytest.fixture()
def site() -> Any:
    with feed_site() as found:
        yield found


def _pages(site: FeedSite) -> list[str]:
    return [path for path, status in site.log if path.startswith("/news/") and status == 200]


def test_watch_codes_exactly_the_new_and_edited_items(site: FeedSite, processor: Any, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    site.publish("/feed.rss", [0, 1, 2])
    with watcher(db, [f"{site.base}/feed.rss"], processor) as w:
        first = w.cycle()
        assert (first.documents, first.ok, first.problems) == (3, 3, ())
        assert first.events_new > 0 and first.events_updated == 0
        assert sorted(_pages(site)) == ["/news/0.html", "/news/1.html", "/news/2.html"]

        site.log.clear()
        quiet = w.cycle()  # nothing changed: the feed answers 304 and no page is asked for
        assert (quiet.documents, quiet.unchanged, quiet.stamp) == (0, 1, None)
        assert site.requests("/feed.rss") == [304]
        assert _pages(site) == []

        site.log.clear()  # story 3 is new, story 2 is edited, story 0 left the feed
        site.publish("/feed.rss", [1, 2, 3], edits={2: " Talks were called off later."})
        second = w.cycle()
        assert sorted(_pages(site)) == ["/news/2.html", "/news/3.html"]
        assert (second.documents, second.ok) == (2, 2)
        assert second.events_new > 0
        assert second.events_updated > 0  # the edited story's events, mentioned again
    origins = [r[0] for r in rows(db, "SELECT origin FROM documents ORDER BY origin")]
    assert origins == [f"{site.base}/news/{n}.html" for n in (0, 1, 2, 2, 3)]
    stories = rows(db, "SELECT count(DISTINCT story_id), count(*) FROM articles")
    assert stories == [(4, 5)]  # the edit joined its original's story
    merged = rows(
        db, "SELECT max(num_mentions), max(num_articles) FROM events WHERE source_url LIKE '%/news/2.html'"
    )
    assert merged == [(2, 1)]


def test_watch_page_without_change_is_not_coded_again(site: FeedSite, processor: Any, tmp_path: Path) -> None:
    """An edited feed item whose page did not change: the page is asked again, found in the ledger, not coded."""
    site.publish("/feed.rss", [4])
    with watcher(tmp_path / "w.duckdb", [f"{site.base}/feed.rss"], processor) as w:
        assert w.cycle().documents == 1
        routes = dict(site.routes)
        routes["/feed.rss"] = Route(
            routes["/feed.rss"].body.replace(b"</description>", b" more</description>")
        )
        site.routes = routes
        again = w.cycle()
    assert (again.documents, again.changed) == (0, 1)
    assert site.requests("/news/4.html") == [200, 304]  # asked with the page's own ETag


def test_watch_failing_sources_are_reported_backed_off_and_never_stop_the_others(
    site: FeedSite, processor: Any, tmp_path: Path
) -> None:
    site.publish("/good.rss", [5])
    site.publish("/turns-html.rss", [6])
    routes = dict(site.routes)
    routes["/error.rss"] = Route(b"oops", "text/plain", status=500)
    routes["/busy.rss"] = Route(b"slow down", "text/plain", status=429, headers=(("Retry-After", "120"),))
    routes["/broken.rss"] = Route(b"<rss><channel><item><title>x", "application/rss+xml")
    routes["/slow.rss"] = Route(routes["/good.rss"].body, "application/rss+xml", delay_s=3.0)
    site.routes = routes
    sources = [
        f"{site.base}/good.rss", f"{site.base}/turns-html.rss", f"{site.base}/error.rss", f"{site.base}/busy.rss",
        f"{site.base}/missing.rss", f"{site.base}/broken.rss", f"{site.base}/slow.rss",
        "http://nonexistent.invalid/feed.rss", "http://127.0.0.1:9/feed.rss",
    ]  # fmt: skip
    settings = watch_settings(fetch_timeout_s=1.0, watch_backoff_base_s=60.0, watch_backoff_max_s=600.0)
    now = [datetime.now(UTC)]
    with watcher(tmp_path / "w.duckdb", sources, processor, settings) as w:
        w.clock = lambda: now[0]
        first = w.cycle()
        reasons = {
            p.source.rsplit("/", 1)[-1] if "127.0.0.1:9" not in p.source else "refused": p.reason
            for p in first.problems
        }
        assert first.documents == 2  # good.rss and turns-html.rss, once each
        assert reasons["error.rss"] == "HTTP 500"
        assert reasons["busy.rss"] == "HTTP 429"
        assert reasons["missing.rss"] == "HTTP 404"
        assert reasons["broken.rss"].startswith("feed is not well-formed XML")
        assert reasons["slow.rss"].startswith("timed out after 1 s")
        assert "robots.txt unreachable" in reasons["feed.rss"]  # DNS: no such host
        assert "robots.txt unreachable" in reasons["refused"]
        assert all(p.failures == 1 for p in first.problems)
        busy = next(p for p in first.problems if p.source.endswith("/busy.rss"))
        assert busy.next_attempt is not None
        assert (busy.next_attempt - first.started_at).total_seconds() == 120  # Retry-After, over 60 s

        routes = dict(site.routes)  # the feed that worked now answers with an HTML page
        routes["/turns-html.rss"] = Route(article_page("Home", story_text(1), "2024-03-01"))
        site.routes = routes
        site.log.clear()
        second = w.cycle()  # right away: everything that failed is backing off
        assert second.waiting == 7 and second.checked == 2
        assert [p.reason for p in second.problems] == [
            "the feed answered with an HTML page (text/html), not RSS/Atom"
        ]
        assert site.requests("/error.rss") == []

        now[0] += timedelta(seconds=121)  # past every back-off
        third = w.cycle()
        again = {p.source: p.failures for p in third.problems}
    assert again[f"{site.base}/error.rss"] == 2
    assert again[f"{site.base}/turns-html.rss"] == 2
    error = next(p for p in third.problems if p.source.endswith("/error.rss"))
    assert error.next_attempt == third.started_at + timedelta(seconds=120)  # 60 s × 2
    assert rows(tmp_path / "w.duckdb", "SELECT count(*) FROM documents") == [(2,)]
    failing = rows(tmp_path / "w.duckdb", "SELECT count(*) FROM watch_sources WHERE failures > 0")
    assert failing == [(8,)]


def test_watch_a_recovered_source_is_asked_again_and_its_failures_reset(
    site: FeedSite, processor: Any, tmp_path: Path
) -> None:
    routes = dict(site.routes)
    routes["/later.rss"] = Route(b"down", "text/plain", status=503)
    site.routes = routes
    settings = watch_settings(watch_backoff_base_s=0.2)
    with watcher(tmp_path / "w.duckdb", [f"{site.base}/later.rss"], processor, settings) as w:
        assert w.cycle().problems[0].reason == "HTTP 503"
        site.publish("/later.rss", [7])
        time.sleep(0.3)
        back = w.cycle()
    assert (back.documents, back.problems) == (1, ())
    assert rows(tmp_path / "w.duckdb", "SELECT failures, last_error FROM watch_sources") == [(0, None)]


def test_watch_item_pages_that_fail_for_now_are_tried_again_then_given_up(
    site: FeedSite, processor: Any, tmp_path: Path
) -> None:
    site.publish("/feed.rss", [8, 9])
    routes = dict(site.routes)
    routes["/news/8.html"] = Route(b"busy", "text/plain", status=503)
    routes["/news/9.html"] = Route(b"gone", "text/plain", status=410)
    site.routes = routes
    db = tmp_path / "w.duckdb"
    with watcher(db, [f"{site.base}/feed.rss"], processor, watch_settings(watch_item_retries=2)) as w:
        first = w.cycle()
        assert (first.documents, first.failed, first.retrying) == (1, 1, 1)  # 410 fails at once; 503 waits
        second = w.cycle()  # the feed is asked in full again (its validators wait for the pending item)
        assert site.requests("/feed.rss") == [200, 200]
        assert (second.documents, second.failed, second.retrying) == (1, 1, 0)
        third = w.cycle()
    assert third.documents == 0 and site.requests("/feed.rss")[-1] == 304
    ledger = dict(rows(db, "SELECT origin, reason FROM documents"))
    assert ledger[f"{site.base}/news/9.html"] == "HTTP 410"
    assert ledger[f"{site.base}/news/8.html"] == "HTTP 503 (2 tries)"
    assert site.requests("/news/8.html") == [503, 503]


def test_watch_max_items_leaves_the_rest_for_the_next_cycles(
    site: FeedSite, processor: Any, tmp_path: Path
) -> None:
    site.publish("/a.rss", [0, 1, 2, 3])
    site.publish("/b.rss", [4])
    settings = watch_settings(watch_max_items=2)
    with watcher(
        tmp_path / "w.duckdb", [f"{site.base}/a.rss", f"{site.base}/b.rss"], processor, settings
    ) as w:
        cycles = [w.cycle() for _ in range(4)]
    assert [(c.documents, c.left_over) for c in cycles] == [(2, 3), (2, 1), (1, 0), (0, 0)]
    assert site.requests("/b.rss") == [200, 304, 304, 304]  # b's one item went in the first cycle (in turn)
    assert site.requests("/a.rss") == [200, 200, 200, 304]


def test_watch_feed_content_mode_codes_the_items_without_fetching_pages(
    site: FeedSite, processor: Any, tmp_path: Path
) -> None:
    site.publish("/feed.rss", [10, 11])
    with watcher(
        tmp_path / "w.duckdb", [f"{site.base}/feed.rss"], processor, watch_settings(watch_follow_links=False)
    ) as w:
        report = w.cycle()
    assert (report.documents, report.ok) == (2, 2)
    assert _pages(site) == []


def test_watch_url_file_pages_and_feeds_decided_by_their_answer(
    site: FeedSite, processor: Any, tmp_path: Path
) -> None:
    site.publish("/feed.rss", [0])
    routes = dict(site.routes)
    routes["/page.html"] = Route(article_page("A page", story_text(3), "2024-03-04T08:00:00Z"))
    site.routes = routes
    url_file = tmp_path / "urls.txt"
    url_file.write_text(f"# sources\n{site.base}/page.html\n{site.base}/feed.rss\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    with watcher(db, [], processor, url_file=url_file) as w:
        assert w.cycle().documents == 2
        assert w.cycle().documents == 0
        assert site.requests("/page.html") == [200, 304]
        routes = dict(site.routes)
        routes["/page.html"] = Route(
            article_page("A page", story_text(3, edit=" Updated."), "2024-03-04T08:00:00Z")
        )
        site.routes = routes
        url_file.write_text(f"{site.base}/page.html\n", encoding="utf-8")  # the feed is dropped
        changed = w.cycle()
    assert (changed.documents, changed.sources) == (1, 1)
    kinds = dict(rows(db, "SELECT source, kind FROM watch_sources"))
    assert kinds == {f"{site.base}/page.html": "page", f"{site.base}/feed.rss": "feed"}


def test_watch_folder_picks_up_new_and_changed_files(processor: Any, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "one.txt").write_text(story_text(0), encoding="utf-8")
    (inbox / ".partial.txt").write_text(story_text(1), encoding="utf-8")  # dot names are ignored
    db = tmp_path / "w.duckdb"
    with watcher(db, [str(inbox)], processor, watch_settings(watch_settle_s=0.5)) as w:
        time.sleep(0.6)
        assert w.cycle().documents == 1
        (inbox / "sub").mkdir()
        (inbox / "sub" / "two.txt").write_text(story_text(2), encoding="utf-8")
        young = w.cycle()  # still being written, as far as anyone can tell
        assert (young.documents, young.settling) == (0, 1)
        time.sleep(0.6)
        assert w.cycle().documents == 1
        (inbox / "one.txt").write_text(story_text(0, edit=" Later."), encoding="utf-8")
        time.sleep(0.6)
        assert w.cycle().documents == 1
        assert w.cycle().documents == 0
    assert len(rows(db, "SELECT * FROM documents WHERE status = 'ok'")) == 3


def test_watch_stop_request_commits_what_is_coded_and_leaves_the_rest(
    site: FeedSite, processor: Any, tmp_path: Path
) -> None:
    site.publish("/feed.rss", [0, 1, 2, 3])
    stop = threading.Event()

    class Stopping:
        """The session's processor; a stop request arrives while the first batch is coded."""

        settings = processor.settings

        calls = 0

        def process(self, batch: Any) -> Any:
            Stopping.calls += 1
            if Stopping.calls == 1:
                stop.set()
            return processor.process(batch)

    db = tmp_path / "w.duckdb"
    with watcher(db, [f"{site.base}/feed.rss"], Stopping(), watch_settings(batch_size=1)) as w:
        w.stop = stop
        cut = w.cycle()
        assert (cut.documents, cut.left_over, cut.stopped) == (1, 3, True)
        stop.clear()
        rest = w.cycle()
    assert rest.documents == 3
    assert site.requests("/feed.rss") == [200, 200]  # the cut cycle did not keep the feed's ETag
    assert len(rows(db, "SELECT * FROM documents")) == 4
    statuses = {r[0] for r in rows(db, "SELECT status FROM documents")}
    assert statuses == {Status.OK.value}


def test_watch_a_second_watcher_on_the_same_store_is_refused(tmp_path: Path) -> None:
    from eventwire.errors import InputError
    from eventwire.watch import WatchLock

    db = tmp_path / "w.duckdb"
    with WatchLock(db), pytest.raises(InputError, match="already watching"), WatchLock(db):
        pass
    with WatchLock(db):  # released
        pass


def test_watch_a_restarted_watcher_keeps_robots_txt_and_validators(
    site: FeedSite, processor: Any, tmp_path: Path
) -> None:
    """A cron run (a new process each time) asks neither robots.txt nor an unchanged feed's body again."""
    db = tmp_path / "w.duckdb"
    site.publish("/feed.rss", [0])
    with watcher(db, [f"{site.base}/feed.rss"], processor) as w:
        assert w.cycle().documents == 1
    with watcher(db, [f"{site.base}/feed.rss"], processor) as w:
        assert w.cycle().unchanged == 1
    assert site.requests("/robots.txt") == [200]
    assert site.requests("/feed.rss") == [200, 304]


def test_watch_a_store_that_cannot_be_written_costs_one_cycle_not_the_watcher(
    site: FeedSite, processor: Any, tmp_path: Path
) -> None:
    from eventwire.errors import StoreError

    site.publish("/feed.rss", [0, 1])
    db = tmp_path / "w.duckdb"
    with watcher(db, [f"{site.base}/feed.rss"], processor) as w:
        real = w.store.write_batch

        def busy(*args: Any, **kwargs: Any) -> None:
            w.store.write_batch = real  # type: ignore[method-assign]
            raise StoreError(f"{db}: cannot open the event store: Could not set lock on file")

        w.store.write_batch = busy  # type: ignore[method-assign]
        failed = w.cycle()
        assert failed.documents == 0 and failed.error is not None and "done again next time" in failed.error
        assert rows(db, "SELECT count(*) FROM documents") == [(0,)]
        again = w.cycle()
    assert again.documents == 2
    assert site.requests("/feed.rss") == [200, 200]  # the failed cycle kept no validator


def test_watch_a_publish_that_failed_is_done_after_the_next_cycle(
    site: FeedSite, processor: Any, tmp_path: Path
) -> None:
    pub = tmp_path / "pub"
    pub.write_text("a file where the folder should be", encoding="utf-8")
    site.publish("/feed.rss", [0])
    with watcher(tmp_path / "w.duckdb", [f"{site.base}/feed.rss"], processor, publish=pub) as w:
        first = w.cycle()
        assert first.documents == 1 and first.publish_error is not None and first.published == ()
        pub.unlink()
        later = w.cycle()  # nothing new, but the update it owes is written
    assert later.documents == 0 and later.published == (
        f"{first.stamp}.export.CSV.zip",
        f"{first.stamp}.mentions.CSV.zip",
    )
    assert (pub / "lastupdate.txt").read_text(encoding="ascii").count("\n") == 2


def test_watch_items_that_left_the_feed_are_forgotten_after_watch_forget_days(
    site: FeedSite, processor: Any, tmp_path: Path
) -> None:
    db = tmp_path / "w.duckdb"
    site.publish("/feed.rss", [0, 1])
    now = [datetime.now(UTC)]
    with watcher(db, [f"{site.base}/feed.rss"], processor, watch_settings(watch_forget_days=7)) as w:
        w.clock = lambda: now[0]
        w.cycle()
        site.publish("/feed.rss", [1, 2])  # story 0 leaves the feed
        w.cycle()
        assert {r[0] for r in rows(db, "SELECT item FROM watch_items")} == {"story-0", "story-1", "story-2"}
        now[0] += timedelta(days=8)
        site.publish("/feed.rss", [1, 2, 3])
        w.cycle()
    assert {r[0] for r in rows(db, "SELECT item FROM watch_items")} == {"story-1", "story-2", "story-3"}
