"""The event coder: who did what to whom, in CAMEO and PLOVER, with the sentence as evidence.

For each parsed sentence, :class:`EventCoder` finds pattern triggers (verbs, light verb + noun,
nominal events), reads their arguments from the dependency parse (subjects inherited through xcomp
and conj links, passive agents, prepositional targets), applies control verbs, modals and negation
(intent / threat / reject / demand / appeal codes), and emits one :class:`~eventwire.records.Event`
per (source, target) actor pair, both directions for symmetric actions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from spacy.tokens import Doc, Token

from eventwire.events import _syntax as syn
from eventwire.events._dateline import dateline_end
from eventwire.events._match import Frame, SentenceMatcher
from eventwire.events.codes import CodeTable, cameo_table
from eventwire.events.dates import resolve_date
from eventwire.events.patterns import load_patterns
from eventwire.records import ActorMention, DatePrecision, Event, Span
from eventwire.settings import Settings

if TYPE_CHECKING:
    from eventwire.actors import ActorAnalyzer
    from eventwire.nlp import AnalyzedText, Sentence

K = TypeVar("K")
CODER_VERSION = "eventwire-coder-0.1"
_WORD_CHARS = "abcdefghijklmnopqrstuvwxyz'-"
# CAMEO's international actor codes (IGO, militarized group, NGO, movement, multinational): actors without a country
_TRANSNATIONAL = ("IGO", "IMG", "NGO", "NGM", "MNC")


class EventCoder:
    """Codes events from analysed text; holds the code tables, patterns and (optionally) an analyzer."""

    def __init__(
        self,
        settings: Settings,
        analyzer: ActorAnalyzer | None = None,
        extra_patterns: Sequence[Path] = (),
        shipped_patterns: bool = True,
    ) -> None:
        self.settings = settings
        self.table: CodeTable = cameo_table()
        self.patterns = load_patterns(self.table, extra_patterns, shipped=shipped_patterns)
        self.version = f"{CODER_VERSION}+{self.patterns.version()}"
        self._matcher = SentenceMatcher(self.patterns, settings.code_targetless_events)
        self._words = self.patterns.words
        self._analyzer = analyzer

    @property
    def analyzer(self) -> ActorAnalyzer:
        if self._analyzer is None:
            from eventwire.actors import ActorAnalyzer

            self._analyzer = ActorAnalyzer(self.settings, predicate_filter=self.could_hold_event)
        return self._analyzer

    def could_hold_event(self, sentence_text: str) -> bool:
        """Cheap lexical pre-filter: does any trigger or control word form occur in the sentence?"""
        lowered = sentence_text.lower()
        word: list[str] = []
        for ch in lowered + " ":
            if ch in _WORD_CHARS:
                word.append(ch)
                continue
            if word and "".join(word).strip("'-") in self._words:
                return True
            word = []
        return False

    def code_text(self, text: str, when: date | None = None, article_id: str = "text") -> list[Event]:
        """Analyse and code one text (a sentence or an article) dated ``when``."""
        published = datetime(when.year, when.month, when.day) if when is not None else None
        return self.code(self.analyzer.analyze(text, when), article_id, published)

    def code_many(self, items: Iterable[tuple[K, str, datetime | None]]) -> Iterator[tuple[K, list[Event]]]:
        """Code many texts, parsed in batches; yields ``(key, events)`` in input order."""
        pending: dict[int, tuple[K, datetime | None]] = {}

        def feed() -> Iterator[tuple[int, str, date | None]]:
            for n, (key, text, pub) in enumerate(items):
                pending[n] = (key, pub)
                yield n, text, pub.date() if pub is not None else None

        for n, analyzed in self.analyzer.analyze_many(feed(), batch_size=self.settings.batch_size):
            key, pub = pending.pop(n)
            yield key, self.code(analyzed, str(key), pub)

    def code(self, analyzed: AnalyzedText, article_id: str, published: datetime | None) -> list[Event]:
        """All events of an analysed text; ``published`` anchors relative dates."""
        events: list[Event] = []
        anchor = published.date() if published is not None else analyzed.when
        for sentence in analyzed.sentences:
            if sentence.doc is None:
                continue
            mentions = _outside_dateline(sentence, analyzed.mentions_in(sentence.index))
            if not mentions:
                continue
            events.extend(self._code_sentence(sentence, mentions, article_id, anchor, published))
        return events

    def _code_sentence(
        self,
        sentence: Sentence,
        mentions: tuple[ActorMention, ...],
        article_id: str,
        anchor: date | None,
        published: datetime | None,
    ) -> list[Event]:
        assert sentence.doc is not None
        token_mentions = _token_mentions(sentence.doc, sentence.start, mentions)
        frames = _without_missed_targets(
            self._matcher.frames(sentence.doc, lambda tok: _find_mention(tok, token_mentions)), mentions
        )
        events: list[Event] = []
        for frame in frames:
            when, precision = _event_date(frame, anchor)
            for source, target, factor in _pairs(frame):
                events.append(
                    self._event(
                        frame, sentence, source, target, factor, article_id, when, precision, published
                    )
                )
        return _dedupe(_drop_redundant(_drop_statements([e for e in events if _anchored(e)])))

    def _event(
        self,
        frame: Frame,
        sentence: Sentence,
        source: ActorMention,
        target: ActorMention | None,
        factor: float,
        article_id: str,
        when: date | None,
        precision: DatePrecision,
        published: datetime | None,
    ) -> Event:
        info = self.table[frame.code]
        # Trigger tokens come in pattern order ("withdrew" before "troops"); the span runs in text order.
        first = min(frame.trigger, key=lambda token: token.i)
        last = max(frame.trigger, key=lambda token: token.i)
        start = sentence.start + first.idx
        end = sentence.start + last.idx + len(last.text)
        trigger = Span(start, end, sentence.text[first.idx : last.idx + len(last.text)])
        key = "|".join(
            [
                article_id,
                str(sentence.index),
                f"{start}:{end}",
                source.actor.code,
                target.actor.code if target else "",
                frame.code,
            ]
        )
        return Event(
            id=hashlib.sha256(key.encode()).hexdigest()[:32],
            article_id=article_id,
            sentence=sentence.index,
            sentence_text=sentence.text,
            trigger=trigger,
            source=source,
            target=target,
            cameo=frame.code,
            plover=info.plover,
            quad_class=info.quad_class,
            goldstein=info.goldstein,
            event_date=when,
            date_precision=precision,
            plover_mode=info.plover_mode,
            negated=frame.negated,
            hypothetical=frame.hypothetical,
            confidence=round(min(1.0, frame.confidence * factor), 3),
            pattern=frame.pattern.id,
            coder_version=self.version,
            published=published,
        )


def _outside_dateline(sentence: Sentence, mentions: tuple[ActorMention, ...]) -> tuple[ActorMention, ...]:
    """Mentions after the sentence's dateline ("BEIJING, March 10 — …"): a dateline is a place, not an actor."""
    cut = dateline_end(sentence.text)
    if not cut:
        return mentions
    return tuple(m for m in mentions if m.span.start - sentence.start >= cut)


def _without_missed_targets(frames: list[Frame], mentions: tuple[ActorMention, ...]) -> list[Frame]:
    """One-sided stand-ins only where the sentence names no other actor that could have been the target."""
    kept: list[Frame] = []
    for frame in frames:
        if frame.fallback:
            own = {m.actor.country or m.actor.code[:3] for m in frame.sources}
            if any((m.actor.country or m.actor.code[:3]) not in own for m in mentions):
                continue
        kept.append(frame)
    return kept


def _known(mention: ActorMention | None) -> bool:
    """An actor with a country, an IGO, or a named actor (not a bare sector like "GOV" or "OPP")."""
    if mention is None:
        return False
    actor = mention.actor
    return bool(actor.country or actor.code.startswith(_TRANSNATIONAL) or actor.name or actor.wiki)


def _anchored(event: Event) -> bool:
    """Precision policy: at least one side of an event is a known actor."""
    return _known(event.source) or _known(event.target)


def _token_mentions(doc: Doc, start: int, mentions: tuple[ActorMention, ...]) -> dict[int, ActorMention]:
    out: dict[int, ActorMention] = {}
    for mention in mentions:
        lo, hi = mention.span.start - start, mention.span.end - start
        for tok in doc:
            if tok.idx < hi and tok.idx + len(tok.text) > lo:
                out.setdefault(tok.i, mention)
    return out


def _find_mention(tok: Token, token_mentions: dict[int, ActorMention]) -> ActorMention | None:
    if tok.i in token_mentions:
        return token_mentions[tok.i]
    for mod in syn.modifier_tokens(tok):
        if mod.i in token_mentions:
            return token_mentions[mod.i]
    return None


def _pairs(frame: Frame) -> list[tuple[ActorMention, ActorMention | None, float]]:
    pairs: list[tuple[ActorMention, ActorMention | None, float]] = []
    symmetric = frame.symmetric
    if frame.targets:
        for source in frame.sources:
            for target in frame.targets:
                if source.actor.code == target.actor.code:
                    continue
                pairs.append((source, target, 1.0))
                if symmetric:
                    pairs.append((target, source, 0.95))
    elif symmetric and len(frame.sources) > 1:
        for source in frame.sources:
            for target in frame.sources:
                if source is not target and source.actor.code != target.actor.code:
                    pairs.append((source, target, 0.95))
    elif frame.target_optional:
        pairs.extend((source, None, 0.7) for source in frame.sources)
    return pairs


def _event_date(frame: Frame, anchor: date | None) -> tuple[date | None, DatePrecision]:
    if anchor is None:
        return None, DatePrecision.DAY
    for verb in (frame.verb, syn.clause_head(frame.verb.head)):
        found = resolve_date(syn.date_text(verb), anchor)
        if found is not None:
            return found
    return anchor, DatePrecision.DAY


def _drop_statements(events: list[Event]) -> list[Event]:
    """A plain statement (CAMEO 01) is kept only when its source says nothing more specific."""
    specific = {e.source.actor.code for e in events if e.source is not None and e.cameo[:2] != "01"}
    return [
        e for e in events if e.cameo[:2] != "01" or e.source is None or e.source.actor.code not in specific
    ]


def _drop_redundant(events: list[Event]) -> list[Event]:
    """Target-less events need a source with a country, and none from a source that has a dyadic event."""
    dyadic = {e.source.actor.code for e in events if e.source is not None and e.target is not None}
    return [
        e
        for e in events
        if e.target is not None
        or (
            e.source is not None
            and e.source.actor.code not in dyadic
            and (e.source.actor.country or e.source.actor.code.startswith(_TRANSNATIONAL))
        )
    ]


def _dedupe(events: list[Event]) -> list[Event]:
    seen: set[str] = set()
    out: list[Event] = []
    for event in events:
        if event.id not in seen:
            seen.add(event.id)
            out.append(event)
    return out
