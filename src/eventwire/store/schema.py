"""The event store's schema, in one place, versioned, with forward migrations.

Tables (see docs/store.md for every column)::

    schema_version  one row per applied migration
    documents       the ledger: one row per (doc_id, origin); status ok / skipped / failed
    articles        one row per article, with its story id (near-duplicate group) and tone
    minhashes       persisted MinHash signatures, so later runs deduplicate against earlier ones
    mentions        each sighting of an event in an article sentence, with its evidence and offsets
    events          GDELT-2.0-shaped aggregated events (one per distinct action), derived from mentions
                    for our own coding, or loaded from GDELT export files (origin = 'gdelt')
    actors          actors seen in mentions: code, name, country, sector, first/last seen, count
    unresolved_names  actor-like names an article left unresolved: one row per sighting, with its sentence
    watch_*         what ``eventwire watch`` remembers between cycles (:mod:`eventwire.watch._state`)

Versions: 1 the tables above; 2 the ledger's ``doc_id`` index; 3 which coder found each mention and event
(``coding_path``) and whether it is a background action recalled from an earlier time (``historical``);
4 ``unresolved_names``; 5 the ``watch_*`` tables.

``migrate(con)`` brings any older file up to :data:`SCHEMA_VERSION`; each step runs in one transaction.
A step that adds columns (``ALTER TABLE … ADD COLUMN``) drops the table's indexes first and builds them
again after (DuckDB refuses to alter a table that has an index; the rebuild is a one-off cost of
about 1 s per million rows).
"""

from __future__ import annotations

from typing import Final

import duckdb

SCHEMA_VERSION: Final = 5

_ACTOR_COLS: Final = (
    "code VARCHAR, name VARCHAR, country_code VARCHAR, known_group_code VARCHAR, ethnic_code VARCHAR, "
    "religion1_code VARCHAR, religion2_code VARCHAR, type1_code VARCHAR, type2_code VARCHAR, type3_code VARCHAR"
)
_GEO_COLS: Final = (
    "geo_type INTEGER, geo_fullname VARCHAR, geo_country_code VARCHAR, geo_adm1_code VARCHAR, "
    "geo_adm2_code VARCHAR, geo_lat DOUBLE, geo_long DOUBLE, geo_feature_id VARCHAR"
)


def _prefixed(cols: str, prefix: str) -> str:
    return ", ".join(f"{prefix}{c.strip()}" for c in cols.split(","))


_V1: Final = (
    """CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)""",
    """CREATE TABLE documents (
        doc_id VARCHAR NOT NULL, origin VARCHAR NOT NULL, status VARCHAR NOT NULL, reason VARCHAR NOT NULL,
        stage VARCHAR NOT NULL, n_events INTEGER NOT NULL, updated_at TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (doc_id, origin))""",
    """CREATE TABLE articles (
        doc_id VARCHAR PRIMARY KEY, origin VARCHAR NOT NULL, url VARCHAR, source VARCHAR, title VARCHAR,
        published TIMESTAMPTZ, language VARCHAR, author VARCHAR, site_name VARCHAR, method VARCHAR NOT NULL,
        text VARCHAR NOT NULL, text_chars INTEGER NOT NULL, story_id VARCHAR NOT NULL,
        story_similarity DOUBLE, related_links VARCHAR,
        tone_average DOUBLE, tone_positive DOUBLE, tone_negative DOUBLE, tone_polarity DOUBLE,
        tone_word_count INTEGER)""",
    """CREATE TABLE minhashes (doc_id VARCHAR PRIMARY KEY, seq BIGINT NOT NULL, story_id VARCHAR NOT NULL,
        signature BLOB)""",
    """CREATE TABLE mentions (
        mention_id VARCHAR PRIMARY KEY, event_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL,
        story_id VARCHAR NOT NULL, coder_event_id VARCHAR, sentence INTEGER NOT NULL,
        sentence_text VARCHAR NOT NULL, trigger_start INTEGER, trigger_end INTEGER, trigger_text VARCHAR,
        actor1_start INTEGER, actor1_end INTEGER, actor1_text VARCHAR,
        actor2_start INTEGER, actor2_end INTEGER, actor2_text VARCHAR,
        actor1_code VARCHAR, actor1_name VARCHAR, actor1_country VARCHAR, actor1_sector VARCHAR,
        actor1_plover_sector VARCHAR, actor1_wiki VARCHAR, actor1_kind VARCHAR, actor1_entry VARCHAR,
        actor2_code VARCHAR, actor2_name VARCHAR, actor2_country VARCHAR, actor2_sector VARCHAR,
        actor2_plover_sector VARCHAR, actor2_wiki VARCHAR, actor2_kind VARCHAR, actor2_entry VARCHAR,
        event_code VARCHAR NOT NULL, plover VARCHAR, plover_mode VARCHAR, quad_class INTEGER,
        goldstein DOUBLE, event_date DATE, date_precision VARCHAR,
        geo_name VARCHAR, geo_iso3 VARCHAR, geo_admin1 VARCHAR, geo_lat DOUBLE, geo_lon DOUBLE,
        geo_geonames_id BIGINT, geo_precision VARCHAR,
        confidence DOUBLE, negated BOOLEAN NOT NULL, hypothetical BOOLEAN NOT NULL, pattern VARCHAR,
        coder_version VARCHAR, extra VARCHAR)""",
    f"""CREATE TABLE events (
        event_id VARCHAR PRIMARY KEY, global_event_id BIGINT NOT NULL UNIQUE, origin VARCHAR NOT NULL,
        event_date DATE, fraction_date DOUBLE,
        {_prefixed(_ACTOR_COLS, "actor1_")}, {_prefixed(_ACTOR_COLS, "actor2_")},
        is_root_event INTEGER, event_code VARCHAR, event_base_code VARCHAR, event_root_code VARCHAR,
        quad_class INTEGER, goldstein_scale DOUBLE, num_mentions INTEGER, num_sources INTEGER,
        num_articles INTEGER, avg_tone DOUBLE,
        {_prefixed(_GEO_COLS, "actor1_")}, {_prefixed(_GEO_COLS, "actor2_")}, {_prefixed(_GEO_COLS, "action_")},
        date_added BIGINT, source_url VARCHAR,
        plover VARCHAR, plover_mode VARCHAR, negated BOOLEAN NOT NULL, hypothetical BOOLEAN NOT NULL,
        action_geo_iso3 VARCHAR, action_geo_admin1 VARCHAR, action_geo_geonames_id BIGINT,
        action_geo_precision VARCHAR, first_seen TIMESTAMPTZ, last_seen TIMESTAMPTZ, confidence DOUBLE,
        evidence_mention_id VARCHAR, evidence_article_id VARCHAR, evidence_sentence INTEGER,
        evidence_sentence_text VARCHAR)""",
    """CREATE TABLE actors (
        actor_code VARCHAR NOT NULL, name VARCHAR NOT NULL, country VARCHAR, sector VARCHAR,
        plover_sector VARCHAR, kind VARCHAR, wiki VARCHAR, first_seen DATE, last_seen DATE,
        n_mentions INTEGER NOT NULL, PRIMARY KEY (actor_code, name))""",
    "CREATE INDEX mentions_event ON mentions (event_id)",
    "CREATE INDEX mentions_article ON mentions (article_id)",
    "CREATE INDEX events_date ON events (event_date)",
)

# The ledger's key is (doc_id, origin); lookups by doc_id alone (is this document coded?) need their own
# index, or every batch scans the whole ledger.
_V2: Final = ("CREATE INDEX documents_doc ON documents (doc_id)",)

# Which coder found a mention: 'pattern' (the pattern dictionary), 'model' (the learned layer) or 'both'
# (the two agreeing); NULL in rows written before version 3. ``historical``: a background action recalled
# from an earlier time (false in rows written before version 3, which were all taken as current).
# An event's values derive from its mentions (store/_aggregate.py).
_V3: Final = (
    "DROP INDEX mentions_event",
    "DROP INDEX mentions_article",
    "DROP INDEX events_date",
    "ALTER TABLE mentions ADD COLUMN coding_path VARCHAR",
    "ALTER TABLE mentions ADD COLUMN historical BOOLEAN NOT NULL DEFAULT false",
    "ALTER TABLE events ADD COLUMN coding_path VARCHAR",
    "ALTER TABLE events ADD COLUMN historical BOOLEAN NOT NULL DEFAULT false",
    "CREATE INDEX mentions_event ON mentions (event_id)",
    "CREATE INDEX mentions_article ON mentions (article_id)",
    "CREATE INDEX events_date ON events (event_date)",
)

# Actor-like names (PERSON/ORG/NORP subjects and objects) an article's coding left unresolved, one row per
# sighting (``name_start``/``name_end``: article offsets); written with the article, like its mentions.
_V4: Final = (
    """CREATE TABLE unresolved_names (
        article_id VARCHAR NOT NULL, sentence INTEGER NOT NULL, name_start INTEGER NOT NULL,
        name_end INTEGER NOT NULL, name VARCHAR NOT NULL, label VARCHAR NOT NULL, sentence_text VARCHAR NOT NULL,
        PRIMARY KEY (article_id, name_start))""",
)

# What ``eventwire watch`` keeps between cycles (sources, feed items, cycles and what they published, robots.txt
# answers; see eventwire.watch._state). Before version 5 a watcher created these itself when it started, with
# the same definitions: ``IF NOT EXISTS`` keeps the tables (and rows) of a store it already watched.
_V5: Final = (
    """CREATE TABLE IF NOT EXISTS watch_sources (
        source VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, etag VARCHAR, last_modified VARCHAR,
        digest VARCHAR, failures INTEGER NOT NULL, last_error VARCHAR, next_attempt TIMESTAMPTZ,
        last_ok TIMESTAMPTZ, last_attempt TIMESTAMPTZ)""",
    """CREATE TABLE IF NOT EXISTS watch_items (
        source VARCHAR NOT NULL, item VARCHAR NOT NULL, digest VARCHAR NOT NULL, url VARCHAR,
        done BOOLEAN NOT NULL, attempts INTEGER NOT NULL, etag VARCHAR, last_modified VARCHAR,
        first_seen TIMESTAMPTZ NOT NULL, PRIMARY KEY (source, item))""",
    """CREATE TABLE IF NOT EXISTS watch_cycles (
        stamp BIGINT PRIMARY KEY, started_at TIMESTAMPTZ NOT NULL, committed_at TIMESTAMPTZ NOT NULL,
        documents INTEGER NOT NULL, ok INTEGER NOT NULL, skipped INTEGER NOT NULL, failed INTEGER NOT NULL,
        events_new INTEGER NOT NULL, events_updated INTEGER NOT NULL, sources_checked INTEGER NOT NULL,
        sources_failed INTEGER NOT NULL, failures VARCHAR NOT NULL, publish BOOLEAN NOT NULL,
        published_at TIMESTAMPTZ)""",
    """CREATE TABLE IF NOT EXISTS watch_cycle_documents (
        stamp BIGINT NOT NULL, doc_id VARCHAR NOT NULL, PRIMARY KEY (stamp, doc_id))""",
    """CREATE TABLE IF NOT EXISTS watch_published (
        stamp BIGINT NOT NULL, name VARCHAR NOT NULL, size BIGINT NOT NULL, md5 VARCHAR NOT NULL,
        PRIMARY KEY (stamp, name))""",
    """CREATE TABLE IF NOT EXISTS watch_robots (
        host VARCHAR PRIMARY KEY, status INTEGER NOT NULL, body VARCHAR NOT NULL, fetched_at DOUBLE NOT NULL)""",
)

# version -> statements that bring the previous version up to it
MIGRATIONS: Final[dict[int, tuple[str, ...]]] = {1: _V1, 2: _V2, 3: _V3, 4: _V4, 5: _V5}


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version of an open store (0 for an empty file)."""
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()
    if not found or found[0] == 0:
        return 0
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply every missing migration, each in its own transaction; returns the resulting version."""
    version = current_version(con)
    if version > SCHEMA_VERSION:
        from eventwire.errors import StoreError

        raise StoreError(f"store schema version {version} is newer than this eventwire ({SCHEMA_VERSION})")
    for target in range(version + 1, SCHEMA_VERSION + 1):
        con.execute("BEGIN TRANSACTION")
        try:
            for statement in MIGRATIONS[target]:
                con.execute(statement)
            con.execute("INSERT INTO schema_version VALUES (?, now())", [target])
            con.execute("COMMIT")
        except duckdb.Error:
            con.execute("ROLLBACK")
            raise
    return SCHEMA_VERSION
