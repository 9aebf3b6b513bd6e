"""Score eventwire's actor resolution on NGEC's actor-resolution cases.

    .venv/bin/python benchmarks/actors_eval.py [--cases ../shared/eval/dev/ngec_actor_resolution_dev.jsonl] [-v]
        [--no-context]

Each case is a short text (+ optional date and context words) with the expected country, sector
(``code_1``) and/or Wikipedia title. The context, when a case gives one, is read as the sentence before
the text (:func:`case_text`). The analyser's main mention in the text (the longest span) is compared
with what the case checks. Code-system crosswalk (NGEC -> CAMEO, as in our sector table): NGEC ``MED`` (medical) is
CAMEO ``HLH``, NGEC ``JRN`` (journalists) is CAMEO ``MED``, NGEC religion codes (``BUD``, ``MUS``…)
are CAMEO ``REL``, and NGEC ``UNK``/``JNK``/"" mean "no sector". NGEC writes IGOs as country
``IGO`` (or ``EUR``/``UNO`` for the EU and UN): these compare with our ``IGO...`` actor codes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CASES = ROOT.parent / "shared" / "eval" / "dev" / "ngec_actor_resolution_dev.jsonl"
NO_SECTOR = {"", "UNK", "JNK"}
SECTOR_CROSSWALK = {
    "MED": "HLH",
    "JRN": "MED",
    "BUD": "REL",
    "MUS": "REL",
    "CHR": "REL",
    "HIN": "REL",
    "JEW": "REL",
    "CTH": "REL",
}


@dataclass
class Tally:
    hits: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    totals: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    misses: list[str] = field(default_factory=list)

    def add(self, metric: str, ok: bool, note: str) -> None:
        self.totals[metric] += 1
        self.hits[metric] += int(ok)
        if not ok:
            self.misses.append(f"{metric}: {note}")

    def rate(self, metric: str) -> float | None:
        total = self.totals.get(metric, 0)
        return self.hits[metric] / total if total else None


def _norm(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "").strip()


def _predicted(mention: Any) -> tuple[str | None, str | None, str | None]:
    """(country, sector, wiki) of a mention, IGO codes split the way NGEC writes them."""
    if mention is None:
        return None, None, None
    actor = mention.actor
    if actor.code.startswith("IGO"):
        return actor.code[3:6] or "IGO", actor.code[6:9] or None, actor.wiki
    return actor.country, actor.sector, actor.wiki


def score_case(case: dict[str, Any], mention: Any, tally: Tally) -> None:
    expected = case["expected"]
    note = f"{case['text']!r} ({case.get('date')}) expected {expected} got " + (
        f"{mention.actor.code} {mention.actor.wiki!r} [{mention.why}]" if mention else "nothing"
    )
    if "__result__" in expected or ("code" in expected and expected["code"] is None):
        tally.add("none", mention is None, note)
        return
    country, sector, wiki = _predicted(mention)
    if "country" in expected:
        want = expected["country"] or None
        got_ok = country == want or (
            want == "IGO" and mention is not None and mention.actor.code.startswith("IGO")
        )
        tally.add("country", got_ok, note)
    if "code_1" in expected and expected["code_1"] != "????":
        want_sector = expected["code_1"]
        want_sector = None if want_sector in NO_SECTOR else SECTOR_CROSSWALK.get(want_sector, want_sector)
        tally.add("sector", sector == want_sector, note)
    title = expected.get("title", expected.get("wiki"))
    if title is not None:
        tally.add("wiki", _norm(wiki) == _norm(title) if title else not wiki, note)


def main_mention(result: Any, start: int = 0) -> Any:
    """The longest mention that starts at or after ``start`` (the case text, after its context)."""
    mentions = [m for m in result.mentions if m.span.start >= start]
    if not mentions:
        return None
    return max(mentions, key=lambda m: (m.span.end - m.span.start, -m.span.start))


def case_text(case: dict[str, Any], use_context: bool = True) -> tuple[str, int]:
    """The text to analyse and where the case's own text starts in it.

    A case may give ``input.context``, words from around the mention ("Saudi" for "the National Guard");
    NGEC's coder takes it as a separate argument. Here it is the sentence before the text, so the analyser
    reads it as an article would: only mentions of the case text itself are scored."""
    context = (case.get("input") or {}).get("context") or ""
    if not use_context or not context.strip():
        return case["text"], 0
    prefix = f"{context.strip().rstrip('.')}. "
    return prefix + case["text"], len(prefix)


def evaluate(cases_path: Path, use_context: bool = True) -> dict[str, Tally]:
    from eventwire.actors import ActorAnalyzer
    from eventwire.settings import Settings

    analyzer = ActorAnalyzer(Settings())
    cases = [json.loads(line) for line in cases_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [case_text(c, use_context) for c in cases]
    items = [
        (n, texts[n][0], date.fromisoformat(c["date"]) if c.get("date") else None)
        for n, c in enumerate(cases)
    ]
    tallies: dict[str, Tally] = defaultdict(Tally)
    for n, result in analyzer.analyze_many(items):
        task = cases[n]["task"].split(":")[-1]
        mention = main_mention(result, texts[n][1])
        score_case(cases[n], mention, tallies[task])
        score_case(cases[n], mention, tallies["ALL"])
    return tallies


def prefilter_report(corpus_zip: Path, limit: int) -> None:
    """Sentences parsed, time and events coded with the dictionary pre-filter, weak words on and off.

    For each mode (``parse_weak_actor_sentences`` False = the default, True = every actor word counts)
    the articles are analysed alone (actor pre-filter only) and then coded by the event coder with its
    predicate filter, as ``eventwire run`` does; the events found in both modes are compared, so the
    report shows what skipping weak-only sentences costs. Last, the time to parse every sentence.
    """
    import csv
    import dataclasses
    import io
    import zipfile

    from eventwire.actors import ActorAnalyzer
    from eventwire.events.coder import EventCoder
    from eventwire.nlp import load_nlp
    from eventwire.settings import Settings

    csv.field_size_limit(10_000_000)
    with zipfile.ZipFile(corpus_zip) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".csv"))
        rows = list(csv.DictReader(io.TextIOWrapper(archive.open(name), encoding="utf-8")))
    column = max(rows[0], key=lambda k: len(rows[0][k] or ""))
    texts = [(n, r[column], None) for n, r in enumerate(rows[:limit]) if r[column]]
    nlp = load_nlp(Settings().spacy_model)
    events: dict[bool, set[tuple[int, str, str, str, str]]] = {}
    all_sentences: list[str] = []
    for weak in (True, False):
        settings = dataclasses.replace(Settings(), parse_weak_actor_sentences=weak)
        analyzer = ActorAnalyzer(settings, nlp=nlp)
        started = time.perf_counter()
        results = [r for _, r in analyzer.analyze_many(texts)]
        filtered = time.perf_counter() - started
        sentences = sum(len(r.sentences) for r in results)
        parsed = sum(1 for r in results for s in r.sentences if s.doc is not None)
        all_sentences = [s.text for r in results for s in r.sentences]
        coder = EventCoder(settings)
        coder = EventCoder(
            settings, analyzer=ActorAnalyzer(settings, nlp=nlp, predicate_filter=coder.could_hold_event)
        )
        started = time.perf_counter()
        coded: set[tuple[int, str, str, str, str]] = set()
        with_predicates = 0
        for key, text, _ in texts:
            analyzed = coder.analyzer.analyze(text)
            with_predicates += sum(1 for s in analyzed.sentences if s.doc is not None)
            for event in coder.code(analyzed, str(key), None):
                source = event.source.actor.code if event.source else ""
                target = event.target.actor.code if event.target else ""
                coded.add((key, event.sentence_text, event.cameo, source, target))
        coding = time.perf_counter() - started
        events[weak] = coded
        print(
            f"weak words {'count' if weak else 'skip '}: {len(texts)} articles, {sentences} sentences,"
            f" actor pre-filter parses {parsed} ({parsed / sentences:.1%}) in {filtered:.1f}s;"
            f" with the coder's predicate filter {with_predicates} ({with_predicates / sentences:.1%}),"
            f" {len(coded)} events in {coding:.1f}s"
        )
    lost = events[True] - events[False]
    gained = events[False] - events[True]
    print(f"events lost by skipping weak-only sentences: {len(lost)}; gained: {len(gained)}")
    for item in sorted(lost)[:20]:
        print("  LOST", item[2], item[3], item[4], item[1][:120])
    started = time.perf_counter()
    for _ in nlp.pipe(all_sentences, batch_size=64):
        pass
    print(f"parsing every sentence alone {time.perf_counter() - started:.1f}s")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    parser.add_argument(
        "--no-context", action="store_true", help="ignore the cases' context (as before 2026-12: text only)"
    )
    parser.add_argument(
        "--prefilter", type=Path, default=None, help="Guardian corpus zip: measure the pre-filter"
    )
    parser.add_argument("--limit", type=int, default=60, help="articles for --prefilter")
    args = parser.parse_args()
    if args.prefilter is not None:
        prefilter_report(args.prefilter, args.limit)
        return
    if not args.cases.exists():
        sys.exit(f"no cases at {args.cases}")
    started = time.perf_counter()
    tallies = evaluate(args.cases, use_context=not args.no_context)
    print(f"{'task':<22}{'country':>16}{'sector':>16}{'wiki':>16}{'no-actor':>16}")
    for task in sorted(tallies, key=lambda t: (t == "ALL", t)):
        tally = tallies[task]
        cells = []
        for metric in ("country", "sector", "wiki", "none"):
            rate = tally.rate(metric)
            cells.append(
                f"{rate:.3f} ({tally.hits[metric]}/{tally.totals[metric]})" if rate is not None else "-"
            )
        print(f"{task:<22}" + "".join(f"{c:>16}" for c in cells))
    print(f"elapsed {time.perf_counter() - started:.1f}s")
    if args.verbose:
        for miss in tallies["ALL"].misses:
            print("MISS", miss)


if __name__ == "__main__":
    main()
