"""Hand-built records for the store tests (no coder needed): articles, actor mentions and events."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

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
    UnresolvedMention,
    content_id,
)
from eventwire.tone import article_tone

STORE_DATA = Path(__file__).resolve().parent / "data" / "store"

ACTORS = {
    "RUSGOV": Actor("RUSGOV", "RUS", "GOV", "GOV", "Vladimir Putin", "President", None, "person"),
    "JPNGOV": Actor("JPNGOV", "JPN", "GOV", "GOV", "Shinzo Abe", "Prime Minister", None, "person"),
    "USAGOV": Actor("USAGOV", "USA", "GOV", "GOV", "United States", None, None, "country"),
    "CHNMIL": Actor("CHNMIL", "CHN", "MIL", "MIL", "Chinese military", None, None, "country"),
    "IGOUNO": Actor("IGOUNO", None, "IGO", "IGO", "United Nations", None, None, "igo"),
}
BUENOS_AIRES = Location("Buenos Aires", "ARG", "07", -34.61315, -58.37723, 3435910, "city")


def article(text: str, source: str, published: datetime, url: str | None = None) -> Article:
    doc_id = content_id(f"{source}\n{text}".encode())
    return Article(
        doc_id=doc_id,
        origin=f"test://{source}/{doc_id[:8]}",
        text=text,
        method="test",
        url=url or f"https://{source}/news/{doc_id[:8]}",
        source=source,
        title=text.split(".", maxsplit=1)[0][:60],
        published=published,
        language="en",
        related_links=(RelatedLink("More news", f"https://{source}/more"),),
    )


def _mention(art: Article, sentence: int, phrase: str, code: str) -> ActorMention:
    start = art.text.index(phrase)
    return ActorMention(sentence, Span(start, start + len(phrase), phrase), ACTORS[code], code, "test")


def event(
    art: Article,
    sentence_phrase: str,
    source: tuple[str, str] | None,
    target: tuple[str, str] | None,
    trigger: str,
    cameo: str = "036",
    quad: int = 1,
    goldstein: float = 4.0,
    when: date | None = None,
    location: Location | None = None,
    negated: bool = False,
    path: str = "pattern",
    historical: bool = False,
    confidence: float = 0.9,
) -> Event:
    """An event in the sentence of ``art`` that contains ``sentence_phrase``; spans found by text."""
    start = art.text.index(sentence_phrase)
    sentence_start = art.text.rfind(". ", 0, start) + 2 if ". " in art.text[:start] else 0
    end = art.text.find(". ", start)
    sentence_text = art.text[sentence_start : end + 1 if end >= 0 else len(art.text)]
    sentence = art.text[:sentence_start].count(". ")
    t0 = art.text.index(trigger, sentence_start)
    return Event(
        id=f"{art.doc_id}:{sentence}:{t0}",
        article_id=art.doc_id,
        sentence=sentence,
        sentence_text=sentence_text,
        trigger=Span(t0, t0 + len(trigger), trigger),
        source=_mention(art, sentence, *source) if source else None,
        target=_mention(art, sentence, *target) if target else None,
        cameo=cameo,
        plover="AGREE" if quad == 1 else "ASSAULT",
        quad_class=quad,
        goldstein=goldstein,
        event_date=when,
        location=location,
        negated=negated,
        path=path,
        historical=historical,
        confidence=confidence,
        pattern="test-pattern",
        coder_version="test-1",
        published=art.published,
    )


def result(art: Article, events: tuple[Event, ...] = ()) -> DocumentResult:
    status = DocumentStatus.ok(art.doc_id, art.origin, len(events))
    return DocumentResult(status, art, events, article_tone(art.text))


def syndicated_corpus() -> list[DocumentResult]:
    """Five articles: four copies of one wire story (boilerplate, light edits) and one other story."""
    folder = STORE_DATA / "syndicated"
    base = datetime(2018, 12, 1, 18, 0, tzinfo=UTC)
    out: list[DocumentResult] = []
    for i, path in enumerate(sorted(folder.glob("*.txt"))):
        text = path.read_text(encoding="utf-8").strip()
        art = article(text, f"site{i}.example", base + timedelta(hours=i))
        day = date(2018, 12, 1)
        if "agreed on Saturday" in text:
            events = (
                event(
                    art,
                    "agreed on Saturday",
                    ("Vladimir Putin", "RUSGOV"),
                    ("Shinzo Abe", "JPNGOV"),
                    "agreed",
                    "030",
                    1,
                    4.0,
                    day,
                    BUENOS_AIRES,
                ),
                event(
                    art,
                    "agreed to meet again",
                    ("Putin", "RUSGOV"),
                    ("Abe", "JPNGOV"),
                    "agreed to meet",
                    "036",
                    1,
                    4.0,
                    day,
                    BUENOS_AIRES,
                ),
            )
        else:
            events = (
                event(
                    art,
                    "Opposition lawmakers",
                    None,
                    ("Opposition", "JPNGOV"),
                    "criticised",
                    "111",
                    3,
                    -2.0,
                    date(2018, 12, 2),
                ),
            )
        out.append(result(art, events))
    return out


def random_corpus(n_docs: int, seed: int) -> list[DocumentResult]:
    """Deterministic pseudo-random documents with events, for crash/restart and idempotency tests."""
    rng = random.Random(seed)
    words = [
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
    ]
    codes = list(ACTORS)
    out: list[DocumentResult] = []
    for i in range(n_docs):
        a, b = rng.sample(codes, 2)
        filler = " ".join(rng.choice(words) for _ in range(rng.randint(15, 40)))
        names = (ACTORS[a].name or a, ACTORS[b].name or b)
        text = (
            f"{names[0]} met {names[1]} about {filler} number {i}. Later {names[1]} hit back at {names[0]}."
        )
        art = article(
            text, f"s{rng.randint(0, 4)}.example", datetime(2020, 1, 1, tzinfo=UTC) + timedelta(hours=i)
        )
        day = date(2020, 1, 1) + timedelta(days=rng.randint(0, 5))
        # which coder found each event, and whether an article recalls it as background, vary between
        # the mentions of one event
        paths = [rng.choice(["pattern", "model", "both"]) for _ in range(2)]
        recalled = [rng.random() < 0.3 for _ in range(2)]
        evs = (
            event(art, f"{names[0]} met", (names[0], a), (names[1], b), "met", "040", 1, 1.0, day,
                  path=paths[0], historical=recalled[0]),
            event(art, "Later", (names[1], b), (names[0], a), "hit back", "190", 4, -10.0, day,
                  path=paths[1], historical=recalled[1]),
        )  # fmt: skip
        if rng.random() < 0.2:
            out.append(DocumentResult(DocumentStatus.skipped(art.doc_id, art.origin, "empty", "extract")))
        else:
            # the filler word after "about", taken for a name the actor stage could not resolve
            start = art.text.index(" about ") + 7
            word = filler.split()[0]
            unknown = UnresolvedMention(
                0, art.text[: art.text.index(". ") + 1], Span(start, start + len(word), word), "ORG"
            )
            out.append(replace(result(art, evs), unresolved=(unknown,)))
    return out


def confidence_corpus() -> list[DocumentResult]:
    """Six articles, five events of known confidence (the filter's boundaries fall on them), all on
    5 March 2024:
    - RUS→JPN 040 in two articles, mentions at 0.2 and 0.5: the event's is 0.5, its best mention's;
    - JPN→RUS 111 at 0.3 and RUS→JPN 051 at 0.05, both in Buenos Aires;
    - USA→UN 163 at 0.1 and USA→UN 112 at 0.95, in Buenos Aires.
    """
    day = date(2024, 3, 5)
    at = datetime(2024, 3, 5, 9, 0, tzinfo=UTC)
    rus, jpn = ("Russia", "RUSGOV"), ("Japan", "JPNGOV")
    usa, un = ("Washington", "USAGOV"), ("the United Nations", "IGOUNO")
    texts = (
        "Russia met Japan in Tokyo on Tuesday. Talks went on late.",
        "Russia met Japan in Tokyo, officials said. Japan was pleased.",
        "Japan criticised Russia on Tuesday. Russia praised Japan for its restraint.",
        "Washington sanctioned the United Nations on Tuesday. It was new.",
        "Washington accused the United Nations of bias on Tuesday. Diplomats sighed.",
    )
    a1, a2, a3, a4, a5 = (article(t, f"site{i}.example", at) for i, t in enumerate(texts))
    where = BUENOS_AIRES
    return [
        result(a1, (event(a1, "Russia met", rus, jpn, "met", "040", 1, 1.0, day, confidence=0.2),)),
        result(a2, (event(a2, "Russia met", rus, jpn, "met", "040", 1, 1.0, day, confidence=0.5),)),
        result(
            a3,
            (
                event(a3, "Japan criticised", jpn, rus, "criticised", "111", 3, -2.0, day, where,
                      confidence=0.3),
                event(a3, "Russia praised", rus, jpn, "praised", "051", 1, 3.4, day, where, confidence=0.05),
            ),
        ),  # fmt: skip
        result(a4, (event(a4, "sanctioned", usa, un, "sanctioned", "163", 4, -8.0, day, where, confidence=0.1),)),
        result(a5, (event(a5, "accused", usa, un, "accused", "112", 3, -2.0, day, where, confidence=0.95),)),
    ]  # fmt: skip


def confidence_store(path: Path) -> Path:
    """:func:`confidence_corpus` in a new store at ``path``, plus one imported GDELT row (a copy of the
    111 event under GDELT id 42): an event without a confidence."""
    from eventwire.store import Store
    from eventwire.store.export import export
    from eventwire.store.gdelt import import_events

    with Store.open(path) as store:
        store.write_batch(confidence_corpus())
        tsv = path.with_suffix(".gdelt.tsv")
        export(store, "gdelt", tsv)
        rows = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines()]
        fields = next(f for f in rows if f[26] == "111")  # EventCode
        tsv.write_text("\t".join(["42", *fields[1:]]) + "\n", encoding="utf-8")
        with store.connection() as con:
            import_events(con, tsv)
    return path
