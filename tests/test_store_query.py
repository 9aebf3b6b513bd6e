"""The read API: filters, one event with its mentions, timeline, top dyads, stats, read-only opens."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from _store_factory import syndicated_corpus
from eventwire.store import Store


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "q.duckdb"
    with Store.open(path) as store:
        store.write_batch(syndicated_corpus())
    return path


def test_store_query_events_filter_by_actor_and_date(db: Path) -> None:
    with Store.open(db, read_only=True) as store:
        q = store.query()
        assert {e.event_code for e in q.events(actor="RUS")} == {"030", "036"}
        assert [e.event_code for e in q.events(since=date(2018, 12, 2))] == ["111"]
        assert q.events(actor1="JPN") == []
        assert q.count_events(quad_class=3) == 1


def test_store_query_event_detail_lists_every_mention_with_its_sentence(db: Path) -> None:
    with Store.open(db, read_only=True) as store:
        q = store.query()
        meeting = next(e for e in q.events(cameo="036"))
        detail = q.event(meeting.event_id)
    assert detail is not None
    assert len(detail.mentions) == 4
    assert all("agreed to meet again" in m.sentence_text for m in detail.mentions)
    assert detail.event.action_geo_fullname == "Buenos Aires, Argentina"


def test_store_query_timeline_counts_quad_classes_per_month(db: Path) -> None:
    with Store.open(db, read_only=True) as store:
        points = store.query().timeline("RUS", "JPN", interval="month")
    assert len(points) == 1
    assert (points[0].period, points[0].events, points[0].quad1) == (date(2018, 12, 1), 2, 2)
    assert points[0].mean_goldstein == pytest.approx(4.0)
    assert set(points[0].top_codes) == {"030", "036"}


def test_store_query_top_dyads_and_stats(db: Path) -> None:
    with Store.open(db, read_only=True) as store:
        q = store.query()
        dyads = q.top_dyads()
        stats = q.stats()
    assert (dyads[0].actor1_code, dyads[0].actor2_code, dyads[0].events) == ("RUSGOV", "JPNGOV", 2)
    assert (stats.documents, stats.articles, stats.stories, stats.events, stats.mentions) == (5, 5, 2, 3, 9)


def test_store_query_reader_and_writer_take_turns(db: Path) -> None:
    reader = Store.open(db, read_only=True)
    writer = Store.open(db)
    writer.write_batch(syndicated_corpus())  # a no-op, but it must get the lock between reads
    assert reader.query().stats().documents == 5
    reader.close()
    writer.close()
