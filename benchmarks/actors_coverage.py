"""How many actor-like names in real news the actor layer leaves unresolved.

    .venv/bin/python benchmarks/actors_coverage.py [--shared ../shared] [--limit N] [--top 25]

An actor-like mention is a PERSON, ORG or NORP entity (spaCy's full pipeline, NER on every sentence)
in subject or object position: the entity's head, climbed through compounds, appositions, possessives
and adjectives to the noun phrase's head, is a subject (``nsubj``, ``nsubjpass``), object (``dobj``,
``iobj``, ``dative``) or the object of a passive agent ("by ..."). It counts as resolved when an actor
mention of ``ActorAnalyzer`` (run as the pipeline runs it, with the article date) overlaps it.

Corpora (unlabelled real news in ``../shared``): the Guardian Syria sample (249 articles, 2017-2019) and
the VOA stories (89, 2019-2025). Prints per corpus the mentions, the share left unresolved, per entity
label, and the most frequent unresolved names.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import time
import zipfile
from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
GUARDIAN = "eval/corpora/guardian_syria_sample/ahalterman+NGEC/examples/Guardian_SDF_sample.csv.zip"
VOA = "eval/corpora/voa_benchmark/ahalterman+NGEC-2025/data/voa_benchmark/voa_stories.jsonl"
LABELS = frozenset({"PERSON", "ORG", "NORP"})
ROLES = frozenset({"nsubj", "nsubjpass", "dobj", "iobj", "dative"})
CLIMB = frozenset({"compound", "flat", "appos", "poss", "amod", "nmod", "case"})


def guardian(shared: Path) -> list[tuple[int, str, date | None]]:
    csv.field_size_limit(10_000_000)
    with zipfile.ZipFile(shared / GUARDIAN) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".csv"))
        rows = list(csv.DictReader(io.TextIOWrapper(archive.open(name), encoding="utf-8")))
    return [
        (n, r["text"], date.fromisoformat(r["date"][:10]) if r.get("date") else None)
        for n, r in enumerate(rows)
        if r.get("text")
    ]


def voa(shared: Path) -> list[tuple[int, str, date | None]]:
    out = []
    for n, line in enumerate((shared / VOA).read_text(encoding="utf-8").splitlines()):
        if line.strip():
            row = json.loads(line)
            when = date.fromisoformat(row["published"][:10]) if row.get("published") else None
            out.append((n, row["text"], when))
    return out


def _position(ent: Any) -> bool:
    token = ent.root
    for _ in range(6):
        if token.dep_ in ROLES:
            return True
        if token.dep_ == "pobj" and token.head.dep_ == "agent":
            return True
        if token.dep_ in CLIMB and token.head is not token:
            token = token.head
            continue
        return False
    return False


def actor_like(doc: Any, offset: int) -> Iterable[tuple[int, int, str, str]]:
    for ent in doc.ents:
        if ent.label_ in LABELS and _position(ent):
            yield offset + ent.start_char, offset + ent.end_char, ent.label_, ent.text


def measure(name: str, items: list[tuple[int, str, date | None]], top: int) -> None:
    from eventwire.actors import ActorAnalyzer
    from eventwire.nlp import load_nlp
    from eventwire.settings import Settings

    settings = Settings()
    nlp = load_nlp(settings.spacy_model)
    analyzer = ActorAnalyzer(settings, nlp=nlp)
    started = time.perf_counter()
    results = dict(analyzer.analyze_many(items))
    elapsed = time.perf_counter() - started
    totals: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    names: Counter[str] = Counter()
    for key, result in results.items():
        spans = [(m.span.start, m.span.end) for m in result.mentions]
        texts = [s.text for s in result.sentences]
        for sentence, doc in zip(result.sentences, nlp.pipe(texts, batch_size=64), strict=True):
            for start, end, label, text in actor_like(doc, sentence.start):
                totals[label] += 1
                if not any(s < end and start < e for s, e in spans):
                    missed[label] += 1
                    names[f"{text} [{label}]"] += 1
        del key
    total, left = sum(totals.values()), sum(missed.values())
    print(f"== {name}: {len(items)} articles, actor analysis {elapsed:.1f}s")
    print(f"actor-like mentions {total}, unresolved {left} ({left / max(total, 1):.1%})")
    for label in sorted(totals):
        print(
            f"  {label:<7} {totals[label]:>6}  unresolved {missed[label]:>5} ({missed[label] / totals[label]:.1%})"
        )
    print(f"most frequent unresolved (top {top}):")
    for text, count in names.most_common(top):
        print(f"  {count:>4}  {text}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--limit", type=int, default=0, help="first N articles of each corpus (0: all)")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--corpus", choices=("guardian", "voa", "both"), default="both")
    args = parser.parse_args()
    for name, reader in (("guardian", guardian), ("voa", voa)):
        if args.corpus not in (name, "both"):
            continue
        items = reader(args.shared)
        measure(name, items[: args.limit] if args.limit else items, args.top)


if __name__ == "__main__":
    main()
