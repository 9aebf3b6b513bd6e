"""Micro-benchmark of the store's write path: synthetic documents written in batches of 64.

Usage::

    .venv/bin/python benchmarks/store_writes.py [--docs 1024] [--batch 64] [--seed 1] [--db FILE]

Builds ``--docs`` deterministic :class:`DocumentResult` records (like ``tests/_store_factory.py``:
articles of ~2-4 KB with a few sentences each, 0-8 events per article over a small set of actors,
dates and CAMEO codes so events repeat across articles, ~15 % skipped documents, ~10 % wire copies
that share a story) with their tone computed up front (as the pipeline's workers do), then writes
them into a fresh DuckDB file through ``Store.write_batch``, one call per batch. Prints documents/s,
mentions/s and ms per batch (mean, median, max); the record building is not timed. A second
``--rerun`` pass writes the same batches again (all no-ops) and prints its rate too.

``--grow 100000,1000000,4000000`` measures how a batch's cost depends on the size of the store: the
first half of the corpus is written, then the store is grown to each number of mentions with
consistent copies of its own rows (articles, ledger rows, and mentions two copies to an event, under
new ids), and the last four batches are written into a copy of it; the minimum of the four is
printed for each size. A flat line means no write scans a whole table.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb

from eventwire.records import (
    Actor,
    ActorMention,
    Article,
    DocumentResult,
    DocumentStatus,
    Event,
    Location,
    RelatedLink,
    Span,
    content_id,
)
from eventwire.store import Store
from eventwire.tone import article_tone

_ACTORS = (
    Actor("RUSGOV", "RUS", "GOV", "GOV", "Vladimir Putin", "President", None, "person"),
    Actor("JPNGOV", "JPN", "GOV", "GOV", "Shinzo Abe", "Prime Minister", None, "person"),
    Actor("USAGOV", "USA", "GOV", "GOV", "United States", None, None, "country"),
    Actor("CHNMIL", "CHN", "MIL", "MIL", "Chinese military", None, None, "country"),
    Actor("IGOUNO", None, "IGO", "IGO", "United Nations", None, None, "igo"),
    Actor("SYRREB", "SYR", "REB", "REB", "Syrian rebels", None, None, "group"),
    Actor("TURGOV", "TUR", "GOV", "GOV", "Turkey", None, None, "country"),
    Actor("FRAGOV", "FRA", "GOV", "GOV", "Emmanuel Macron", "President", None, "person"),
)
_CODES = (("036", 1, 4.0), ("040", 1, 1.0), ("042", 1, 1.9), ("111", 3, -2.0), ("190", 4, -10.0))
_PLACES = (
    Location("Buenos Aires", "ARG", "07", -34.61315, -58.37723, 3435910, "city"),
    Location("Syria", "SYR", None, 35.0, 38.0, 163843, "country"),
)
_WORDS = (
    "talks",
    "treaty",
    "border",
    "troops",
    "trade",
    "summit",
    "minister",
    "envoy",
    "sanctions",
    "aid",
    "vote",
    "rally",
    "ceasefire",
    "officials",
    "said",
    "on",
    "Monday",
    "after",
    "a",
    "meeting",
    "in",
    "the",
    "capital",
    "where",
    "delegations",
    "discussed",
    "the",
    "plan",
)


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(12, 30))).capitalize() + "."


def _event(art: Article, sentence: int, starts: list[int], rng: random.Random, day: date) -> Event:
    a, b = rng.sample(_ACTORS, 2)
    code, quad, goldstein = rng.choice(_CODES)
    s0 = starts[sentence]
    mention = ActorMention(sentence, Span(s0, s0 + 5, art.text[s0 : s0 + 5]), a, a.code, "bench")
    other = ActorMention(sentence, Span(s0 + 6, s0 + 11, art.text[s0 + 6 : s0 + 11]), b, b.code, "bench")
    return Event(
        id=f"{art.doc_id}:{sentence}:{s0}",
        article_id=art.doc_id,
        sentence=sentence,
        sentence_text=art.text[s0 : s0 + 120],
        trigger=Span(s0 + 12, s0 + 16, art.text[s0 + 12 : s0 + 16]),
        source=mention,
        target=other if rng.random() < 0.85 else None,
        cameo=code,
        plover="AGREE" if quad == 1 else "ASSAULT",
        quad_class=quad,
        goldstein=goldstein,
        event_date=day,
        location=rng.choice(_PLACES) if rng.random() < 0.4 else None,
        confidence=round(rng.uniform(0.5, 1.0), 2),
        pattern="bench-pattern",
        coder_version="bench-1",
        published=art.published,
        extra=(("why", "bench"),) if rng.random() < 0.1 else (),
    )


def corpus(n_docs: int, seed: int) -> list[DocumentResult]:
    """Deterministic synthetic results: articles, events, skips and wire copies."""
    rng = random.Random(seed)
    out: list[DocumentResult] = []
    bodies: list[str] = []
    for i in range(n_docs):
        if bodies and rng.random() < 0.1:
            text = rng.choice(bodies) + f" Copy {i}."
        else:
            text = " ".join(_sentence(rng) for _ in range(rng.randint(12, 25))) + f" Number {i}."
            bodies.append(text)
        source = f"s{rng.randint(0, 30)}.example"
        doc_id = content_id(f"{source}\n{text}".encode())
        published = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(minutes=37 * i)
        art = Article(
            doc_id, f"bench://{source}/{i}", text, "bench", f"https://{source}/n/{i}", source,
            text[:60], published, "en", related_links=(RelatedLink("More", f"https://{source}/more"),),
        )  # fmt: skip
        if rng.random() < 0.15:
            out.append(DocumentResult(DocumentStatus.skipped(doc_id, art.origin, "no events", "events")))
            continue
        starts = [0] + [j + 2 for j in range(len(text)) if text.startswith(". ", j)]
        day = date(2020, 1, 1) + timedelta(days=rng.randint(0, 20))
        events = tuple(
            _event(art, rng.randrange(len(starts) - 1), starts, rng, day) for _ in range(rng.randint(0, 8))
        )
        status = DocumentStatus.ok(doc_id, art.origin, len(events))
        out.append(DocumentResult(status, art, events, article_tone(text)))
    return out


def grow(db: Path, mentions: int) -> int:
    """Copy the store's own rows under new ids until it holds ``mentions`` mentions; returns how many."""
    con = duckdb.connect(str(db))
    try:
        total = _count(con, "mentions")
        copy = _count(con, "documents") // max(1, _count(con, "documents WHERE doc_id NOT LIKE '%~%'"))
        while total < mentions:
            suffix, shared = f"'~{copy}'", f"'~{copy // 2}'"
            renamed = {
                "articles": {"doc_id": suffix, "story_id": suffix},
                "documents": {"doc_id": suffix},
                "mentions": {
                    "mention_id": suffix,
                    "article_id": suffix,
                    "story_id": suffix,
                    "event_id": shared,
                },
            }
            for table, names in renamed.items():
                columns = [row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()]
                select = ", ".join(f"{c} || {names[c]}" if c in names else c for c in columns)
                key = next(iter(names))
                con.execute(f"INSERT INTO {table} SELECT {select} FROM {table} WHERE {key} NOT LIKE '%~%'")
            total = _count(con, "mentions")
            copy += 1
        con.execute("CHECKPOINT")
        return total
    finally:
        con.close()


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


def growth(results: list[DocumentResult], batch: int, sizes: list[int], tmp: Path) -> None:
    batches = [results[i : i + batch] for i in range(0, len(results), batch)]
    base, timed = batches[: len(batches) // 2], batches[-4:]
    db = tmp / "grown.duckdb"
    with Store.open(db) as store:
        for b in base:
            store.write_batch(b)
    print(f"batches of {batch} written into a store of N mentions (minimum of {len(timed)}):")
    for size in sizes:
        total = grow(db, size)
        times = []
        for b in timed:
            shutil.copy(db, tmp / "copy.duckdb")
            with Store.open(tmp / "copy.duckdb") as store:
                store.write_batch(b[:1])  # opening, migrating and loading the story index: not timed
                t0 = time.perf_counter()
                store.write_batch(b[1:])
                times.append(time.perf_counter() - t0)
        print(f"  {total:>11,} mentions: {1000 * min(times):7.1f} ms per batch", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=1024)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", type=Path, default=None, help="database file (default: a fresh temp file)")
    parser.add_argument("--rerun", action="store_true", help="write the same batches a second time")
    parser.add_argument("--grow", default="", help="comma-separated store sizes in mentions (see above)")
    args = parser.parse_args()
    results = corpus(args.docs, args.seed)
    if args.grow:
        with tempfile.TemporaryDirectory() as tmp:
            growth(results, args.batch, [int(n) for n in args.grow.split(",")], Path(tmp))
        return
    n_mentions = sum(len(r.events) for r in results)
    batches = [results[i : i + args.batch] for i in range(0, len(results), args.batch)]
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.duckdb"
        passes = ("first", "rerun") if args.rerun else ("first",)
        with Store.open(db) as store:
            for name in passes:
                times: list[float] = []
                cpu0 = time.process_time()
                for batch in batches:
                    t0 = time.perf_counter()
                    store.write_batch(batch)
                    times.append(time.perf_counter() - t0)
                cpu = time.process_time() - cpu0
                wall = sum(times)
                quarter = max(1, len(times) // 4)
                print(
                    f"{name}: {len(results)} docs, {n_mentions} mentions, {len(batches)} batches of "
                    f"{args.batch}: {len(results) / wall:.0f} docs/s, {n_mentions / wall:.0f} mentions/s, "
                    f"ms/batch mean {1000 * wall / len(batches):.1f} median "
                    f"{1000 * statistics.median(times):.1f} max {1000 * max(times):.1f} "
                    f"(first quarter {1000 * statistics.mean(times[:quarter]):.1f}, last quarter "
                    f"{1000 * statistics.mean(times[-quarter:]):.1f}); CPU {1000 * cpu / len(results):.2f} ms/doc",
                    file=sys.stdout,
                )


if __name__ == "__main__":
    main()
