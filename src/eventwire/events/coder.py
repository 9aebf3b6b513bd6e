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
from eventwire.events._learned import LearnedLayer, Proposal
from eventwire.events._match import Frame, SentenceMatcher
from eventwire.events._time import EventTime, event_time
from eventwire.events.codes import CodeTable, cameo_table
from eventwire.events.learned.calibration import Evidence
from eventwire.events.learned.model import EventTypeModel, TypeScores
from eventwire.events.patterns import load_patterns
from eventwire.records import ActorMention, Event, Span
from eventwire.settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language

    from eventwire.actors import ActorAnalyzer
    from eventwire.cache import IndexCache
    from eventwire.nlp import AnalyzedText, Sentence

K = TypeVar("K")
CODER_VERSION = "eventwire-coder-0.1"
_WORD_CHARS = "abcdefghijklmnopqrstuvwxyz'-"
# The first root whose target-less events a sector-only source may carry (see ``_drop_redundant``).
_SECTOR_ALONE_FROM = "14"
# Sentence scores kept between the pre-filter and the coder: a batch's worth of sentences
_SCORES_KEPT = 20_000


class EventCoder:
    """Codes events from analysed text; holds the code tables, patterns and (optionally) an analyzer."""

    def __init__(
        self,
        settings: Settings,
        analyzer: ActorAnalyzer | None = None,
        extra_patterns: Sequence[Path] = (),
        shipped_patterns: bool = True,
        model: EventTypeModel | None = None,
    ) -> None:
        self.settings = settings
        self.table: CodeTable = cameo_table()
        self.patterns = load_patterns(self.table, extra_patterns, shipped=shipped_patterns)
        self.version = f"{CODER_VERSION}+{self.patterns.version()}"
        self._matcher = SentenceMatcher(self.patterns, settings.code_targetless_events)
        self._words = self.patterns.words
        self._analyzer = analyzer
        self._learned: LearnedLayer | None = None
        self._scored: dict[str, TypeScores] = {}
        if settings.learned_model:
            model = model or EventTypeModel.load(
                Path(settings.learned_model_path) if settings.learned_model_path else None
            )
            self._learned = LearnedLayer(
                model,
                self.patterns,
                settings.learned_propose_at,
                settings.learned_trigger_at,
                settings.learned_role_at,
                settings.learned_type_at,
            )
            self.version += f"+{model.version}"

    @classmethod
    def with_analyzer(
        cls,
        settings: Settings,
        nlp: Language | None = None,
        actor_files: Sequence[Path] = (),
        pattern_files: Sequence[Path] = (),
        shipped_patterns: bool = True,
        model: EventTypeModel | None = None,
        cache: IndexCache | None = None,
    ) -> EventCoder:
        """A coder and its actor analyzer, wired so the analyzer parses only what the coder can use.

        The analyzer's pre-filter asks the coder (its pattern words and its learned model), and the coder is
        built after the analyzer, so the filters look it up when called."""
        from eventwire.actors import ActorAnalyzer

        def could_hold_event(text: str) -> bool:
            return coder.could_hold_event(text)

        def event_likely(text: str) -> bool:
            return coder.event_likely(text)

        analyzer = ActorAnalyzer(
            settings,
            nlp=nlp,
            extra_files=actor_files,
            predicate_filter=could_hold_event,
            event_filter=event_likely,
            cache=cache,
        )
        coder = cls(
            settings, analyzer, extra_patterns=pattern_files, shipped_patterns=shipped_patterns, model=model
        )
        return coder

    @property
    def analyzer(self) -> ActorAnalyzer:
        if self._analyzer is None:
            from eventwire.actors import ActorAnalyzer

            self._analyzer = ActorAnalyzer(
                self.settings, predicate_filter=self.could_hold_event, event_filter=self.event_likely
            )
        return self._analyzer

    def event_likely(self, sentence_text: str) -> bool:
        """Does the learned model give the sentence an event probability worth a parse?"""
        scores = self._scores(sentence_text)
        return scores is not None and scores.event >= self.settings.learned_parse_at

    def _scores(self, sentence_text: str) -> TypeScores | None:
        """The sentence model's probabilities, kept for the batch being coded (the pre-filter and the coder
        ask for the same sentences)."""
        if self._learned is None:
            return None
        found = self._scored.get(sentence_text)
        if found is None:
            if len(self._scored) >= _SCORES_KEPT:
                self._scored.clear()
            found = self._scored[sentence_text] = self._learned.model.score(sentence_text)
        return found

    def could_hold_event(self, sentence_text: str) -> bool:
        """Pre-filter: does a trigger or control word occur in the sentence — unless the learned model reads
        it as no event at all (sport, markets), which the coder would drop after the parse anyway?"""
        if not self._has_pattern_word(sentence_text):
            return False
        scores = self._scores(sentence_text)
        return scores is None or scores.none < self.settings.learned_relevance_at

    def _has_pattern_word(self, sentence_text: str) -> bool:
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
        for key, _, events in self.code_many_analyzed(items):
            yield key, events

    def code_many_analyzed(
        self, items: Iterable[tuple[K, str, datetime | None]]
    ) -> Iterator[tuple[K, AnalyzedText, list[Event]]]:
        """:meth:`code_many` that also yields each text's analysis (its unresolved names go to the store)."""
        pending: dict[int, tuple[K, datetime | None]] = {}

        def feed() -> Iterator[tuple[int, str, date | None]]:
            for n, (key, text, pub) in enumerate(items):
                pending[n] = (key, pub)
                yield n, text, pub.date() if pub is not None else None

        for n, analyzed in self.analyzer.analyze_many(feed(), batch_size=self.settings.batch_size):
            key, pub = pending.pop(n)
            yield key, analyzed, self.code(analyzed, str(key), pub)

    def code(self, analyzed: AnalyzedText, article_id: str, published: datetime | None) -> list[Event]:
        """The events of an analysed text with at least ``min_confidence``; ``published`` anchors relative
        dates."""
        floor = self.settings.min_confidence
        events = self.code_with_evidence(analyzed, article_id, published)
        return [event for event, _ in events if event.confidence >= floor]

    def code_with_evidence(
        self, analyzed: AnalyzedText, article_id: str, published: datetime | None
    ) -> list[tuple[Event, Evidence | None]]:
        """Every event with the evidence its confidence was computed from (None without the learned layer)."""
        out: list[tuple[Event, Evidence | None]] = []
        anchor = published.date() if published is not None else analyzed.when
        for sentence in analyzed.sentences:
            if sentence.doc is None:
                continue
            mentions = _outside_dateline(sentence, analyzed.mentions_in(sentence.index))
            if not mentions:
                continue
            out.extend(self._code_sentence(sentence, mentions, article_id, anchor, published))
        return out

    def _code_sentence(
        self,
        sentence: Sentence,
        mentions: tuple[ActorMention, ...],
        article_id: str,
        anchor: date | None,
        published: datetime | None,
    ) -> list[tuple[Event, Evidence | None]]:
        assert sentence.doc is not None
        token_mentions = _token_mentions(sentence.doc, sentence.start, mentions)

        def resolve(tok: Token) -> ActorMention | None:
            return _find_mention(tok, token_mentions)

        learned = self._learned
        frames = self._matcher.frames(sentence.doc, resolve)
        groups = token_mentions_of(sentence.doc, sentence.start, mentions)
        if learned is not None:
            frames = [learned.complete_roles(f, groups) for f in frames]
        frames = _without_missed_targets(frames, mentions)
        coded: list[tuple[Frame, str, Proposal | None]] = [(f, "pattern", None) for f in frames]
        scores: TypeScores | None = None
        if learned is not None:
            scores = self._scores(sentence.text)
            assert scores is not None
            if scores.none >= self.settings.learned_relevance_at:
                return []  # sport, markets, entertainment: no event, whatever a pattern word says
            coded = [(f, _pattern_path(f, scores), None) for f in frames]
            roots = {f.code[:2] for f in frames if _pairs(f)}
            # a pattern's predicate, the verb that controls it ("pressured … to help") and actor names are
            # not predicates for the model to code again
            taken = {t.i for f in frames for t in f.trigger} | set(token_mentions)
            taken |= {f.controller.i for f in frames if f.controller is not None}
            for model_frame, found in learned.frames(sentence.doc, scores, self._matcher, resolve, taken):
                frame = learned.complete_roles(model_frame, groups)
                if frame.code[:2] in roots:
                    continue  # a pattern already codes this root in the sentence
                roots.add(frame.code[:2])
                coded.append((frame, "model", found))
        events: list[Event] = []
        evidence_of: dict[str, Evidence] = {}
        coded = [
            (f, path, found) for f, path, found in coded if not _domestic_act(f) and not _figurative_force(f)
        ]
        for frame, path, proposal in coded:
            time = event_time(frame.verb, frame.trigger, anchor)
            for source, target, factor in _pairs(frame):
                evidence: Evidence | None = None
                if learned is None or scores is None:
                    confidence = frame.confidence * factor
                else:
                    evidence = learned.evidence(frame, path, proposal, scores, source, target)
                    confidence = learned.confidence(evidence, frame, proposal, factor)
                events.append(
                    self._event(
                        frame,
                        sentence,
                        source,
                        target,
                        confidence,
                        path,
                        article_id,
                        time,
                        published,
                    )
                )
                if evidence is not None:
                    evidence_of.setdefault(events[-1].id, evidence)
        kept = _dedupe(_drop_redundant(_drop_statements([e for e in events if _anchored(e)])))
        return [(e, evidence_of.get(e.id)) for e in kept]

    def _event(
        self,
        frame: Frame,
        sentence: Sentence,
        source: ActorMention | None,
        target: ActorMention | None,
        confidence: float,
        path: str,
        article_id: str,
        time: EventTime,
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
                source.actor.code if source else "",
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
            event_date=time.when,
            date_precision=time.precision,
            plover_mode=info.plover_mode,
            negated=frame.negated,
            hypothetical=frame.hypothetical,
            confidence=round(min(1.0, confidence), 3),
            pattern=frame.pattern.id,
            path=path,
            historical=time.historical,
            coder_version=self.version,
            published=published,
        )


def _outside_dateline(sentence: Sentence, mentions: tuple[ActorMention, ...]) -> tuple[ActorMention, ...]:
    """Mentions after the sentence's dateline ("BEIJING, March 10 — …"): a dateline is a place, not an actor."""
    cut = dateline_end(sentence.text)
    if not cut:
        return mentions
    return tuple(m for m in mentions if m.span.start - sentence.start >= cut)


# What a legislature or a ruler enacts at home: signing, passing or adopting one of these is no cooperation
# with anybody ("signed a measure extending his term", "approved a law to dismantle ..."); a treaty, a deal or a
# UN resolution is not in the list.
_LEGISLATION = frozenset(
    {"law", "laws", "bill", "bills", "budget", "constitution", "decree", "decrees", "legislation", "amendment",
     "amendments", "measure", "ordinance", "statute", "reform", "reforms", "charter"}
)  # fmt: skip
_COOPERATION_ROOTS = frozenset({"03", "05", "06"})


def _domestic_act(frame: Frame) -> bool:
    """A cooperation code on a verb whose object is a domestic law, bill, budget or constitution."""
    if frame.code[:2] not in _COOPERATION_ROOTS or frame.targets:
        return False
    for child in frame.verb.children:
        if child.dep_ not in ("dobj", "nsubjpass"):
            continue
        words = {child.lower_} | {g.lower_ for p in child.children if p.lower_ == "of" for g in p.children}
        if words & _LEGISLATION:
            return True
    return False


# Words of conflict ("war", "fight", "battle") that a modifier makes a contest of another kind: "a tit-for-tat
# *tariff* fight", "this *trade* war", "a *legal* battle", "a *price* war", "the *culture* wars", "a war *of words*".
_CONFLICT_NOUNS = frozenset(
    [
        "war",
        "wars",
        "fight",
        "fights",
        "battle",
        "battles",
        "offensive",
        "attack",
        "attacks",
        "assault",
        "clash",
        "clashes",
        "skirmish",
        "skirmishes",
        "siege",
        "blitz",
        "warfare",
        "crusade",
        "showdown",
    ]
)
_CONTESTS = frozenset(
    [
        "tariff",
        "tariffs",
        "trade",
        "price",
        "prices",
        "currency",
        "tax",
        "taxes",
        "legal",
        "court",
        "courtroom",
        "political",
        "culture",
        "cultural",
        "media",
        "propaganda",
        "verbal",
        "bidding",
        "budget",
        "economic",
        "diplomatic",
        "rhetorical",
        "tech",
        "technology",
        "chip",
        "chips",
        "talent",
        "subsidy",
        "subsidies",
        "customs",
        "election",
        "electoral",
        "ratings",
        "ad",
        "advertising",
        "pr",
        "public-relations",
        "words",
    ]
)
_FORCE_ROOTS = frozenset({"15", "17", "18", "19", "20"})


def _figurative_force(frame: Frame) -> bool:
    """A use of force whose conflict noun is a contest of another kind ("waging a *tariff fight*", "start this
    *trade war*"): no one used force. The noun is in the trigger or is the trigger verb's object."""
    if frame.code[:2] not in _FORCE_ROOTS:
        return False
    nouns = [t for t in frame.trigger if t.pos_ in ("NOUN", "PROPN")]
    nouns += [c for c in frame.verb.children if c.dep_ in ("dobj", "obj")]
    for noun in nouns:
        if noun.lower_ not in _CONFLICT_NOUNS:
            continue
        modifiers = [c for c in noun.children if c.dep_ in ("compound", "amod", "nmod")]
        modifiers += [g for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children]
        if any(m.lower_ in _CONTESTS for m in modifiers):
            return True
    return False


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
    """An actor with a country, an IGO, a named actor, or a sector ("police", "gunmen", "protesters")."""
    if mention is None:
        return False
    actor = mention.actor
    return bool(actor.country or actor.transnational or actor.name or actor.wiki or actor.sector)


def _anchored(event: Event) -> bool:
    """Precision policy: at least one side of an event is an actor."""
    return _known(event.source) or _known(event.target)


def token_mentions_of(
    doc: Doc, start: int, mentions: tuple[ActorMention, ...]
) -> list[tuple[ActorMention, list[Token]]]:
    """Each mention of a sentence with the tokens of the sentence's doc it covers (none left out)."""
    out: list[tuple[ActorMention, list[Token]]] = []
    for mention in mentions:
        lo, hi = mention.span.start - start, mention.span.end - start
        tokens = [tok for tok in doc if tok.idx < hi and tok.idx + len(tok.text) > lo]
        if tokens:
            out.append((mention, tokens))
    return out


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


def _pairs(frame: Frame) -> list[tuple[ActorMention | None, ActorMention | None, float]]:
    pairs: list[tuple[ActorMention | None, ActorMention | None, float]] = []
    symmetric = frame.symmetric
    if not frame.sources:
        # "28 soldiers were killed in a car bombing": the sentence names no one who acted
        return [(None, target, 0.9) for target in frame.targets] if _sourceless(frame) else []
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


# Clauses that describe a participant rather than report a new action ("the mayor, *jailed* a year ago";
# "officials *accused* of corruption"); an event with no named actor is not read from them.
_DESCRIPTIVE = frozenset({"acl", "relcl", "amod", "compound", "pcomp", "pobj", "npadvmod"})


def _sourceless(frame: Frame) -> bool:
    """May this frame be coded with an unknown source? Only a conflict action (roots 14-20) reported in a
    main or coordinated clause whose subject slot names no one: a passive without an agent ("were
    killed"), or a weapon or attack as the subject ("a car bomb killed"), or victims of a nominal
    attack ("were killed in an attack"). A subject that is a person or a name we could not resolve is
    an unknown actor, not an unknown source: no event."""
    if frame.code[:2] < "14" or frame.verb.dep_ in _DESCRIPTIVE:
        return False
    verb = frame.verb
    if verb.pos_ in ("NOUN", "PROPN"):
        return bool(syn.passive_victims(verb))
    subjects = syn.children(verb, syn.SUBJ)
    if not subjects:
        return bool(syn.children(verb, syn.PASSIVE_SUBJ)) and not syn.children(verb, ("agent",))
    return all(s.pos_ == "NOUN" and s.ent_type_ == "" and s.lower_ not in syn.PERSON_NOUNS for s in subjects)


def _pattern_path(frame: Frame, scores: TypeScores) -> str:
    """A pattern frame's path: "both" when the sentence model also reads its root."""
    agreement = max(scores.root(frame.code[:2]), scores.root(frame.pattern.code[:2]))
    return "both" if agreement >= 0.2 else "pattern"


def _drop_statements(events: list[Event]) -> list[Event]:
    """A plain statement (CAMEO 01) is kept only when its source says nothing more specific."""
    specific = {e.source.actor.code for e in events if e.source is not None and e.cameo[:2] != "01"}
    return [
        e for e in events if e.cameo[:2] != "01" or e.source is None or e.source.actor.code not in specific
    ]


def _drop_redundant(events: list[Event]) -> list[Event]:
    """Target-less events need a source that stands on its own, and none from a source that has a dyadic
    event.

    A source stands on its own with a country or a transnational code; a sector alone ("farmers",
    "students", "gunmen") does so for the actions whose actor is the news even when nobody is named as
    their target — protest, force posture, coercion, violence (roots 14-20: "farmers blocked roads", as
    GDELT and POLECAT code them) — but not for statements, appeals or intents ("officials said")."""
    dyadic = {e.source.actor.code for e in events if e.source is not None and e.target is not None}
    return [
        e
        for e in events
        if e.target is not None
        or (e.source is not None and e.source.actor.code not in dyadic and _stands_alone(e.source, e.cameo))
    ]


def _stands_alone(source: ActorMention, cameo: str) -> bool:
    actor = source.actor
    if actor.country or actor.transnational:
        return True
    return bool(actor.sector) and cameo[:2] >= _SECTOR_ALONE_FROM


def _dedupe(events: list[Event]) -> list[Event]:
    seen: set[str] = set()
    out: list[Event] = []
    for event in events:
        if event.id not in seen:
            seen.add(event.id)
            out.append(event)
    return out
