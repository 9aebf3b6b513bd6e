"""``ActorAnalyzer``: sentences, pre-filter, parse and resolved actor mentions for articles."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TypeVar

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc

from eventwire.actors._entities import NER_FLAG, needs_entities
from eventwire.actors._index import load_compiled
from eventwire.actors._match import DictionaryMatcher, Match
from eventwire.actors._pronouns import mentions_pronoun, resolve_pronouns
from eventwire.actors._verbs import VerbFilter, verb_lemmas
from eventwire.actors._yaml import load_user_file
from eventwire.actors.coref import link_surnames, resolve_coreference
from eventwire.actors.resolve import Candidate, SentenceResolver
from eventwire.actors.table import ActorTable, Term, load_shipped
from eventwire.actors.unresolved import UNRESOLVED_MODES, unresolved_mentions
from eventwire.cache import IndexCache
from eventwire.errors import InputError
from eventwire.nlp import AnalyzedText, Sentence, SentenceSplitter, load_nlp
from eventwire.records import ActorMention, Span, UnresolvedMention
from eventwire.settings import Settings

K = TypeVar("K")
_CharMatch = tuple[int, int, tuple[Term, ...]]


def load_table(extra_files: Sequence[Path] = ()) -> ActorTable:
    """The shipped actor table plus the user's files (later files override earlier entries)."""
    table = ActorTable()
    load_shipped(table)
    for path in extra_files:
        load_user_file(table, Path(path))
    return table


class _Prepared:
    """One text split into sentences with its dictionary matches, before parsing."""

    __slots__ = ("matches", "named", "sentences", "text", "when")

    def __init__(
        self,
        text: str,
        when: date | None,
        sentences: list[tuple[int, int]],
        matches: list[list[_CharMatch]],
        named: set[int],
    ) -> None:
        self.text = text
        self.when = when
        self.sentences = sentences  # (start_char, end_char)
        self.matches = matches  # per sentence, article char offsets
        self.named = named  # sentences repeating the surname of a titled name met earlier


class ActorAnalyzer:
    """Finds and resolves who acts in articles.

    Sentences are split cheaply, the actor dictionary is matched over them, and only sentences with
    at least one strong actor match (and, when ``predicate_filter`` is given, a candidate predicate)
    are parsed, batched through ``nlp.pipe``. Weak sector words ("people", "officials", "man") do not
    count on their own unless ``Settings.parse_weak_actor_sentences``; a sentence repeating the surname
    of a name written after a title earlier in the article counts. NER runs only on the parsed
    sentences that can need entities (:func:`eventwire.actors._entities.needs_entities`).
    """

    def __init__(
        self,
        settings: Settings,
        nlp: Language | None = None,
        extra_files: Sequence[Path] = (),
        predicate_filter: Callable[[str], bool] | None = None,
        event_filter: Callable[[str], bool] | None = None,
        cache: IndexCache | None = None,
    ) -> None:
        self._settings = settings
        self._nlp = nlp if nlp is not None else load_nlp(settings.spacy_model)
        # the table, its tokenized phrases and name keys come from the index cache (built there on first use)
        compiled = load_compiled(
            self._nlp, extra_files, cache if cache is not None else IndexCache.from_settings(settings)
        )
        self._table = compiled.table
        self._matcher = DictionaryMatcher(self._nlp, compiled.table, compiled.phrases, compiled.names)
        self._splitter = SentenceSplitter(self._nlp)
        self._predicate_filter = predicate_filter
        self._event_filter = event_filter
        self._verbs = VerbFilter(verb_lemmas(self._nlp))
        self._resolver = SentenceResolver(self._table, self._verbs)
        if settings.unresolved_names not in UNRESOLVED_MODES:
            raise InputError(
                f"unresolved_names: {settings.unresolved_names!r} is not one of {', '.join(UNRESOLVED_MODES)}"
            )

    @property
    def table(self) -> ActorTable:
        return self._table

    @property
    def nlp(self) -> Language:
        return self._nlp

    def analyze(self, text: str, when: date | None = None) -> AnalyzedText:
        """Analyse one article text; ``when`` is the article date used for dated actor entries."""
        for _, result in self.analyze_many([(0, text, when)]):
            return result
        raise AssertionError("analyze_many yields one result per input")  # pragma: no cover

    def analyze_many(
        self, items: Iterable[tuple[K, str, date | None]], batch_size: int = 64
    ) -> Iterator[tuple[K, AnalyzedText]]:
        """Analyse many texts, parsing their sentences together in batches; keys are carried along."""
        iterator = iter(items)
        while True:
            chunk = list(islice(iterator, max(1, batch_size)))
            if not chunk:
                return
            prepared = [self._prepare(text, when) for _, text, when in chunk]
            parsed = self._parse(prepared)
            for number, (key, _, _) in enumerate(chunk):
                yield key, self._finish(prepared[number], parsed.get(number, {}))

    def _prepare(self, text: str, when: date | None) -> _Prepared:
        text = text[: self._settings.max_text_chars]
        doc = self._splitter.split(text)
        all_matches = self._matcher(doc)
        sentences: list[tuple[int, int]] = []
        per_sentence: list[list[_CharMatch]] = []
        pending = 0  # matches come sorted by start: one pass over sentences and matches together
        for sent in doc.sents:
            stripped = sent.text.strip()
            if not stripped:
                continue
            start = sent.start_char + sent.text.index(stripped[0])
            sentences.append((start, start + len(stripped)))
            while pending < len(all_matches) and all_matches[pending].start < sent.start:
                pending += 1
            inside: list[_CharMatch] = []
            while pending < len(all_matches) and all_matches[pending].start < sent.end:
                match = all_matches[pending]
                pending += 1
                if match.end <= sent.end:  # a match across a sentence boundary belongs to neither
                    inside.append((doc[match.start].idx, _end_char(doc, match.end), match.terms))
            per_sentence.append(inside)
        return _Prepared(
            text, when, sentences, per_sentence, self._repeated_names(doc, all_matches, sentences)
        )

    def _repeated_names(self, doc: Doc, matches: list[Match], sentences: list[tuple[int, int]]) -> set[int]:
        """Sentences that repeat the last word of a capitalised name written after a title.

        A cheap guess made before parsing, so that "Ivanovsky said ..." after "Foreign Minister Ivan
        Ivanovsky" reaches the parser and coreference can link it.
        """
        surnames: dict[str, int] = {}
        text = doc.text
        for match in matches:
            entry = self._table.entries[match.term.entry]
            if match.term.role != "sector" or not (entry.title or entry.member):
                continue
            end = match.end
            while end < len(doc) and doc[end].is_title and doc[end].is_alpha:
                end += 1
            if end - match.end >= 2:
                surnames.setdefault(doc[end - 1].text, doc[end - 1].idx)
        out: set[int] = set()
        for surname, first in surnames.items():
            pattern = re.compile(rf"(?<![\w-]){re.escape(surname)}(?![\w-])")
            for index, (start, end) in enumerate(sentences):
                if start > first and pattern.search(text, start, end):
                    out.add(index)
        return out

    def _strong(self, terms: tuple[Term, ...]) -> bool:
        """A match that can carry an event on its own: not only weak sector words."""
        entries = self._table.entries
        return any(t.role != "sector" or not {"weak", "needs-place"} & entries[t.entry].flags for t in terms)

    def _actor_strength(self, prepared: _Prepared, index: int, follow: bool = True) -> int:
        """2: the sentence names an actor strongly enough to be worth parsing; 1: only weak sector words
        ("police", "officials"); 0: no actor.

        A sentence with a subject pronoun ("He said…") counts when the one before it names an actor."""
        if index in prepared.named:
            return 2
        matches = prepared.matches[index]
        if self._settings.parse_weak_actor_sentences and matches:
            return 2
        if any(self._strong(terms) for _, _, terms in matches):
            return 2
        if follow and index > 0:
            start, end = prepared.sentences[index]
            if mentions_pronoun(prepared.text[start:end]) and self._wanted(prepared, index - 1, False):
                return 2
        return 1 if matches else 0

    def _wanted(self, prepared: _Prepared, index: int, follow: bool = True) -> bool:
        """Parse a sentence that names an actor and has a pattern word, or that the learned model finds
        likely to hold an event (then a sector word like "police" or "gunmen" is actor enough)."""
        strength = self._actor_strength(prepared, index, follow)
        if not strength:
            return False
        start, end = prepared.sentences[index]
        text = prepared.text[start:end]
        if strength == 2 and (self._predicate_filter is None or self._predicate_filter(text)):
            return True
        return self._event_filter is not None and self._event_filter(text)

    def _parse(self, prepared: list[_Prepared]) -> dict[int, dict[int, Doc]]:
        jobs = (
            (p.text[s:e], (n, i))
            for n, p in enumerate(prepared)
            for i, (s, e) in enumerate(p.sentences)
            if self._wanted(p, i)
        )
        out: dict[int, dict[int, Doc]] = {}
        size = max(1, self._settings.parse_batch_sentences)
        if self._nlp.pipe_names[-1:] != ["ner"]:  # gate NER only when nothing after it reads entities
            ran = "ner" in self._nlp.pipe_names
            for doc, (n, i) in self._nlp.pipe(jobs, as_tuples=True, batch_size=size):
                doc.user_data[NER_FLAG] = ran
                out.setdefault(n, {})[i] = doc
            return out
        need: list[Doc] = []
        for doc, (n, i) in self._nlp.pipe(jobs, as_tuples=True, batch_size=size, disable=["ner"]):
            out.setdefault(n, {})[i] = doc
            wanted = needs_entities(
                doc, self._relocate(doc, prepared[n].matches[i], prepared[n].sentences[i][0])
            )
            doc.user_data[NER_FLAG] = wanted
            if wanted:
                need.append(doc)
        self._recognise(need, size)
        return out

    def unresolved(self, analyzed: AnalyzedText) -> tuple[UnresolvedMention, ...]:
        """The actor-like names of ``analyzed`` left unresolved, as the ``unresolved_names`` setting says:
        'off' none; 'ner' from the parsed sentences NER ran on; 'parsed' from every parsed sentence, NER
        run now on those that lacked it. Call it after coding ``analyzed``: the NER it runs changes the
        docs' entities, which the coder reads (so the setting never changes what is coded)."""
        mode = self._settings.unresolved_names
        if mode == "off":
            return ()
        if mode == "parsed":
            missing = [
                s.doc for s in analyzed.sentences if s.doc is not None and not s.doc.user_data.get(NER_FLAG)
            ]
            if missing and "ner" in self._nlp.pipe_names:
                self._recognise(missing, max(1, self._settings.parse_batch_sentences))
                for doc in missing:
                    doc.user_data[NER_FLAG] = True
        return unresolved_mentions(analyzed.sentences, analyzed.mentions)

    def _recognise(self, docs: list[Doc], size: int) -> None:
        """The gated second pass: NER on the parsed sentences whose entities something reads."""
        ner = self._nlp.get_pipe("ner")
        if isinstance(ner, Pipe):
            for _ in ner.pipe(docs, batch_size=size):  # sets doc.ents in place
                pass
        else:  # a plain callable component
            for doc in docs:
                ner(doc)

    def _finish(self, prepared: _Prepared, parsed: dict[int, Doc]) -> AnalyzedText:
        sentences: list[Sentence] = []
        items: list[tuple[int, Candidate]] = []
        for index, (start, end) in enumerate(prepared.sentences):
            sentence_text = prepared.text[start:end]
            doc = parsed.get(index)
            sentences.append(Sentence(index, start, sentence_text, doc))
            if not prepared.matches[index]:
                continue
            work = doc if doc is not None else self._nlp.make_doc(sentence_text)
            matches = self._relocate(work, prepared.matches[index], start)
            if doc is None and self._verbs.needs_tags(work, matches):
                work = self._tagged(sentence_text)  # same tokens, so the matches still fit
            for cand in self._resolver.resolve(work, matches, doc is not None, prepared.when):
                items.append((index, cand))
        mentions = []
        texts = [s.text for s in sentences]
        for index, cand in link_surnames(resolve_coreference(items, texts), texts):
            offset = sentences[index].start
            span = Span(
                offset + cand.start, offset + cand.end, prepared.text[offset + cand.start : offset + cand.end]
            )
            mentions.append(ActorMention(index, span, cand.actor, cand.entry, cand.why, prepared.when))
        mentions.extend(resolve_pronouns(sentences, mentions))
        mentions.sort(key=lambda m: (m.sentence, m.span.start))
        return AnalyzedText(prepared.text, prepared.when, tuple(sentences), tuple(mentions))

    def _tagged(self, text: str) -> Doc:
        """``text`` tagged but not parsed: enough to tell a verb ("to press") from a noun ("the press")."""
        skip = [name for name in ("parser", "ner") if name in self._nlp.pipe_names]
        return next(iter(self._nlp.pipe([text], disable=skip)))

    @staticmethod
    def _relocate(doc: Doc, matches: list[_CharMatch], start: int) -> list[Match]:
        """Map matches found on the article's tokens onto the sentence doc's tokens."""
        out = []
        for char_start, char_end, terms in matches:
            span = doc.char_span(char_start - start, char_end - start, alignment_mode="expand")
            if span is not None and len(span):
                out.append(Match(span.start, span.end, terms))
        return out


def _end_char(doc: Doc, end: int) -> int:
    """The character offset where the token span ending before token ``end`` ends."""
    last = doc[end - 1]
    return last.idx + len(last.text)
