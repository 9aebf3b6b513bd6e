"""Score the event coder against eventwire's own annotations (dev split: never trained on).

The annotations (``scripts/training/annotations.jsonl``) mark, in ConfliBERT sentences, AG News World items
and Guardian sentences, every event an analyst reads: CAMEO root (and code when sure), the trigger, the
source and target spans, and a status (actual, historical, hypothetical, negated). Here each coded event is
matched to the gold event whose trigger it overlaps:

- precision: coded events (not negated) whose trigger overlaps a gold event's trigger with the same root;
- recall: gold events (actual or historical) found that way;
- sides: of the matches, those whose source and target overlap the gold spans (or are both absent);
- silent: texts holding an actual gold event that get no event at all;
- false alarms: texts with no gold event that get one;
- background: matches of historical gold events that eventwire marks historical or dates before the article.

    .venv/bin/python benchmarks/annotated_eval.py              # dev split, learned layer on
    .venv/bin/python benchmarks/annotated_eval.py --no-model   # the patterns alone
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from training.judge import event_right, sides_ok, type_matches  # noqa: E402

THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)


@dataclass
class Tally:
    predicted: int = 0
    right: int = 0
    gold: int = 0
    found: int = 0
    sides: int = 0
    texts_with_events: int = 0
    silent: int = 0
    texts_without: int = 0
    false_alarm: int = 0
    background_gold: int = 0
    background_marked: int = 0
    actual_found: int = 0
    actual_marked: int = 0
    by_root: dict[str, list[int]] = field(default_factory=dict)  # root -> [predicted, right, gold, found]
    bins: dict[int, list[int]] = field(default_factory=dict)  # confidence decile -> [events, right]

    def root(self, r: str) -> list[int]:
        return self.by_root.setdefault(r, [0, 0, 0, 0])


def score(example: Any, events: list[Any], tally: Tally, threshold: float) -> None:
    positive = [e for e in events if not e.negated and e.confidence >= threshold]
    gold = [g for g in example.events if g.status in ("actual", "historical")]
    actual = [g for g in gold if g.status == "actual"]
    if actual:
        tally.texts_with_events += 1
        tally.silent += not positive
    if not example.events:
        tally.texts_without += 1
        tally.false_alarm += bool(positive)
    published = date.fromisoformat(example.date[:10]) if example.date else None
    for e in positive:
        tally.predicted += 1
        tally.root(e.cameo[:2])[0] += 1
        if type_matches(example, e):
            tally.right += 1
            tally.root(e.cameo[:2])[1] += 1
        cell = tally.bins.setdefault(min(9, int(e.confidence * 10)), [0, 0])
        cell[0] += 1
        cell[1] += event_right(example, e)
    for g in gold:
        tally.gold += 1
        tally.root(g.cls[:2])[2] += 1
        hits = [e for e in positive if g in type_matches(example, e)]
        if not hits:
            continue
        tally.found += 1
        tally.root(g.cls[:2])[3] += 1
        if any(sides_ok(e, g) for e in hits):
            tally.sides += 1
        if g.status == "actual":
            tally.actual_found += 1
            tally.actual_marked += all(e.historical for e in hits)
        if g.status == "historical":
            tally.background_gold += 1
            tally.background_marked += any(
                e.historical
                or (published is not None and e.event_date is not None and e.event_date < published)
                for e in hits
            )


def report(tally: Tally) -> dict[str, Any]:
    p = tally.right / tally.predicted if tally.predicted else 0.0
    r = tally.found / tally.gold if tally.gold else 0.0
    return {
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        "sides_right_of_found": round(tally.sides / tally.found, 3) if tally.found else None,
        "silent_share": round(tally.silent / tally.texts_with_events, 3) if tally.texts_with_events else None,
        "false_alarm_share": round(tally.false_alarm / tally.texts_without, 3)
        if tally.texts_without
        else None,
        "background_marked": f"{tally.background_marked}/{tally.background_gold}",
        "news_marked_background": f"{tally.actual_marked}/{tally.actual_found}",
        "events": tally.predicted,
        "gold": tally.gold,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--no-model", action="store_true", help="code with the patterns only")
    parser.add_argument("--corpus", help="only one corpus (conflibert, agnews, guardian)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show", type=int, default=0, help="print N wrong or missed cases")
    args = parser.parse_args(argv)
    from training import sources

    if not sources.available():
        print(f"skipped: {sources.CORPORA} is not there")
        return 0
    from eventwire.events import EventCoder
    from eventwire.settings import Settings

    settings = Settings.from_env().replace(min_confidence=0.0)  # the sweep reads every event
    coder = EventCoder.with_analyzer(settings.replace(learned_model=False) if args.no_model else settings)
    examples = [
        e
        for e in sources.annotations()
        if e.split == args.split and (not args.corpus or e.corpus.endswith(args.corpus))
    ]
    per_corpus: dict[str, dict[float, Tally]] = {}
    shown = 0
    for example in examples:
        when = date.fromisoformat(example.date[:10]) if example.date else None
        events = coder.code_text(example.text, when, example.id)
        for key in ("all", example.corpus):
            tallies = per_corpus.setdefault(key, {t: Tally() for t in THRESHOLDS})
            for threshold, tally in tallies.items():
                score(example, events, tally, threshold)
        if args.show and shown < args.show:
            gold = sorted(
                {(g.cls, example.text[g.trigger.start : g.trigger.end], g.status) for g in example.events}
            )
            got = sorted({(e.cameo, e.trigger.text, e.path, e.confidence) for e in events if not e.negated})
            if {(c[:2], t) for c, t, _ in gold} != {(c[:2], t) for c, t, _, _ in got}:
                shown += 1
                print(f"[{example.id}] {example.text[:220]}\n   gold {gold}\n   got  {got}")
    results = {k: {str(t): report(v) for t, v in tallies.items()} for k, tallies in per_corpus.items()}
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    counts = Counter(e.corpus for e in examples)
    print(f"annotated {args.split} split: {dict(counts)}; learned layer {'off' if args.no_model else 'on'}")
    for key, rows in results.items():
        row = rows["0.0"]
        print(
            f"{key:>22}: P {row['precision']:.3f} R {row['recall']:.3f} F1 {row['f1']:.3f}  sides {row['sides_right_of_found']}"
            f"  silent {row['silent_share']}  false alarms {row['false_alarm_share']}  background {row['background_marked']} (news marked background {row['news_marked_background']})"
            f"  ({row['events']} events, {row['gold']} gold)"
        )
    print("--min-confidence (all): threshold precision recall f1 silent")
    for t, row in results["all"].items():
        print(
            f"   {t:>4}  {row['precision']:.3f}  {row['recall']:.3f}  {row['f1']:.3f}  {row['silent_share']}"
        )
    tally = per_corpus["all"][0.0]
    print("calibration (all): confidence bin, events, right (type and both sides), observed precision")
    for decile, (n, right) in sorted(tally.bins.items()):
        print(f"   {decile / 10:.1f}-{(decile + 1) / 10:.1f}  {n:>4}  {right:>4}  {right / n:.2f}")
    print("per root: root predicted precision gold recall")
    for r, (pred, right, gold_n, found) in sorted(tally.by_root.items()):
        print(
            f"   {r}  {pred:>4}  {right / pred if pred else 0:.2f}  {gold_n:>4}  {found / gold_n if gold_n else 0:.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
