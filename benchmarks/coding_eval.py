"""Score the event coder against gold sets.

Prints precision, recall and F1 at three levels: (a) source country + target country + CAMEO root,
(b) the same with the full CAMEO code, (c) quad class per sentence; plus "no-event" accuracy and
precision/recall per CAMEO root, and what a ``--min-confidence`` threshold buys at level (a).

    .venv/bin/python benchmarks/coding_eval.py                       # the dev sets in ../shared/eval/dev
    .venv/bin/python benchmarks/coding_eval.py --conflibert 300     # + ConfliBERT train split (first 300)
    .venv/bin/python benchmarks/coding_eval.py --json               # machine-readable figures

Gold actor codes are compared by their first three letters (country, ``IGO`` or ``---`` for none);
negated events are not counted as the positive event. ConfliBERT sentences carry only a PentaClass
label, scored on the most confident event of each sentence. PentaClass is the Open Event Data
Alliance's five-class scheme, not GDELT's quad class: 0 statements/appeals = roots 01-02, 1 = 03-05,
2 = 06-08, 3 = 09-13 *and 16* (reduce relations is verbal conflict there), 4 = 14-15 and 17-20. The
ConfliBERT repository does not spell the mapping out; it is the one of the Phoenix pipeline
(openeventdata/phoenix_pipeline, postprocess.py, ``quad_conversion``), and the labels agree with it
(sentences about expelling diplomats or suspending aid are labelled 3). Level (c) quad accuracy on the
dev sets keeps GDELT's quad classes (16 = material conflict), as in eventwire's own code table.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
SHARED = REPO.parent / "shared"
DEV = SHARED / "eval" / "dev"
DEV_SETS = ("up_petr2_gsr_english.jsonl", "petrarch_pytest_fullsentence.jsonl")
CONFLIBERT = (
    SHARED / "eval/corpora/conflibert_cameo_pentaclass/eventdata+ConfliBERT/data/cameo_class/train.tsv"
)
# CAMEO's generic international codes (manual ch. 3, table 3.2): gold codes keep them in the first three letters
TRANSNATIONAL = frozenset({"IGO", "IMG", "NGO", "NGM", "MNC", "INT"})
THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6)


@dataclass
class Case:
    id: str
    text: str
    when: date | None
    gold: list[tuple[str, str, str]]
    no_event: bool
    penta: int | None = None


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, pred: set[Any], gold: set[Any]) -> None:
        self.tp += len(pred & gold)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    def prf(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


@dataclass
class Scores:
    level_a: Tally = field(default_factory=Tally)
    level_b: Tally = field(default_factory=Tally)
    plover: Tally = field(default_factory=Tally)  # PLOVER types per sentence (negated events left out)
    per_plover: dict[str, Tally] = field(default_factory=dict)
    quad_right: int = 0
    quad_total: int = 0
    no_event_right: int = 0
    no_event_total: int = 0
    per_root: dict[str, Tally] = field(default_factory=dict)
    by_threshold: dict[float, Tally] = field(default_factory=lambda: {t: Tally() for t in THRESHOLDS})
    penta_right: int = 0
    penta_coded: int = 0
    penta_total: int = 0


def load_jsonl(path: Path) -> list[Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if not row.get("text"):
            continue
        when = date.fromisoformat(row["date"]) if row.get("date") else None
        gold = [(e["source"], e["target"], e["code"]) for e in row.get("expected_events", [])]
        cases.append(Case(row["id"], row["text"], when, gold, bool(row.get("expect_no_events"))))
    return cases


def load_conflibert(path: Path, limit: int, split: str = "all") -> list[Case]:
    """ConfliBERT sentences (the first ``limit``), of one split of the learned model's training data."""
    from training.sources import split_of

    cases = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()[:limit]):
        text, _, label = line.rpartition("\t")
        if text and label.strip().isdigit() and split in ("all", split_of(f"conflibert:{n}")):
            cases.append(Case(f"conflibert-{n}", text, None, [], False, int(label)))
    return cases


def country(code: str | None) -> str:
    return (code or "---")[:3]  # gold codes: country, IGO or --- (no country) in the first three letters


def penta(cameo: str) -> int:
    """PentaClass of a CAMEO code, as the Phoenix five-class scheme defines it (16 is verbal conflict)."""
    root = int(cameo[:2])
    if root == 16:
        return 3
    return 0 if root <= 2 else 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


def quad(cameo: str) -> int:
    root = int(cameo[:2])
    return 1 if root <= 4 else 2 if root <= 8 else 3 if root <= 13 else 4


@functools.cache
def plover_of(cameo: str) -> str | None:
    """The PLOVER type of a gold CAMEO code by the shipped CAMEO->PLOVER mapping (None: no PLOVER type, as
    for most of roots 01 and 02); an unknown fine code falls back to its root's general code."""
    from eventwire.events.codes import cameo_table

    codes = cameo_table()
    entry = codes.get(cameo) or codes.get(cameo[:2] + "0") or codes.get(cameo[:2])
    return entry.plover if entry is not None and entry.plover else None


def actor_key(mention: Any) -> str:
    if mention is None:
        return "---"
    if mention.actor.country:
        return str(mention.actor.country)
    prefix = mention.actor.code[:3]
    return prefix if prefix in TRANSNATIONAL else "---"


def score_case(case: Case, events: list[Any], scores: Scores) -> None:
    positive = [e for e in events if not e.negated]
    if case.penta is not None:
        scores.penta_total += 1
        if positive:
            scores.penta_coded += 1
            best = max(positive, key=lambda e: e.confidence)
            scores.penta_right += int(penta(best.cameo) == case.penta)
        return
    pred_a = {(actor_key(e.source), actor_key(e.target), e.cameo[:2]) for e in positive}
    pred_b = {(actor_key(e.source), actor_key(e.target), e.cameo) for e in positive}
    gold_a = {(country(s), country(t), c[:2]) for s, t, c in case.gold}
    gold_b = {(country(s), country(t), c) for s, t, c in case.gold}
    scores.level_a.add(pred_a, gold_a)
    scores.level_b.add(pred_b, gold_b)
    pred_p = {e.plover for e in positive if e.plover}
    gold_p = {p for p in (plover_of(c) for _, _, c in case.gold) if p}
    scores.plover.add(pred_p, gold_p)
    for name in pred_p | gold_p:
        scores.per_plover.setdefault(name, Tally()).add(pred_p & {name}, gold_p & {name})
    for threshold, tally in scores.by_threshold.items():
        kept = {
            (actor_key(e.source), actor_key(e.target), e.cameo[:2])
            for e in positive
            if e.confidence >= threshold
        }
        tally.add(kept, gold_a)
    for root in {k[2] for k in pred_a | gold_a}:
        scores.per_root.setdefault(root, Tally()).add(
            {k for k in pred_a if k[2] == root}, {k for k in gold_a if k[2] == root}
        )
    if case.no_event or not case.gold:
        scores.no_event_total += 1
        scores.no_event_right += int(not positive)
    else:
        scores.quad_total += 1
        gold_quads = Counter(quad(c) for _, _, c in case.gold)
        if positive:
            best = max(positive, key=lambda e: e.confidence)
            scores.quad_right += int(quad(best.cameo) == gold_quads.most_common(1)[0][0])


def print_errors(case: Case, events: list[Any]) -> None:
    pred = sorted((actor_key(e.source), actor_key(e.target), e.cameo) for e in events if not e.negated)
    gold = sorted((country(s), country(t), c) for s, t, c in case.gold)
    if case.penta is not None:
        if not pred or penta(pred[0][2]) != case.penta:
            print(f"[{case.id}] penta {case.penta} pred {pred} :: {case.text}")
        return
    root_wrong = {(s, t, c[:2]) for s, t, c in pred} != {(s, t, c[:2]) for s, t, c in gold}
    if root_wrong or set(pred) != set(gold):
        marker = "" if root_wrong else " (code only)"
        print(f"[{case.id}]{marker} gold {gold} pred {pred} :: {case.text}")
        for e in events:
            print(
                f"      {e.source.actor.code if e.source else None}->{e.target.actor.code if e.target else None} {e.cameo} {e.pattern} {e.path} {e.confidence} "
                f"{e.trigger.text!r} neg={e.negated}"
            )


def report(scores: Scores) -> dict[str, Any]:
    out: dict[str, Any] = {
        "a_country_root": scores.level_a.prf(),
        "b_country_code": scores.level_b.prf(),
        "plover_type_per_sentence": scores.plover.prf(),
        "per_plover": {n: {**t.prf(), "gold": t.tp + t.fn} for n, t in sorted(scores.per_plover.items())},
        "quad_accuracy": round(scores.quad_right / scores.quad_total, 3) if scores.quad_total else None,
        "quad_sentences": scores.quad_total,
        "no_event_accuracy": round(scores.no_event_right / scores.no_event_total, 3)
        if scores.no_event_total
        else None,
        "no_event_sentences": scores.no_event_total,
        "per_root": {r: {**t.prf(), "gold": t.tp + t.fn} for r, t in sorted(scores.per_root.items())},
        "min_confidence": {str(k): v.prf() for k, v in scores.by_threshold.items()},
    }
    if scores.penta_total:
        out["conflibert_penta"] = {
            "sentences": scores.penta_total,
            "coded": scores.penta_coded,
            "accuracy_when_coded": round(scores.penta_right / scores.penta_coded, 3)
            if scores.penta_coded
            else None,
            "accuracy_all": round(scores.penta_right / scores.penta_total, 3),
        }
    return out


def evaluate(
    cases: list[Case],
    extra_actor_files: list[Path] | None = None,
    show_errors: bool = False,
    extra_patterns: list[Path] | None = None,
    shipped_patterns: bool = True,
    settings: Any = None,
    nlp: Any = None,
) -> dict[str, Any]:
    from eventwire.events import EventCoder
    from eventwire.settings import Settings

    coder = EventCoder.with_analyzer(
        settings or Settings(),
        nlp=nlp,
        actor_files=tuple(extra_actor_files or ()),
        pattern_files=tuple(extra_patterns or ()),
        shipped_patterns=shipped_patterns,
    )
    scores = Scores()
    for case in cases:
        events = coder.code_text(case.text, case.when, case.id)
        score_case(case, events, scores)
        if show_errors:
            print_errors(case, events)
    return report(scores)


def red_herrings(coder: Any, split: str = "dev") -> dict[str, dict[str, float]]:
    """AG News items of one split given any event, by topic (sport, business and sci/tech should get none;
    world news should mostly get one). Items of the learned model's train split are left out."""
    from training.sources import agnews_items, split_of

    tally: dict[str, list[int]] = {}
    for key, topic, text in agnews_items():
        if split != "all" and split_of(key) != split:
            continue
        events = coder.code_text(text, None, key)
        cell = tally.setdefault(topic, [0, 0])
        cell[0] += 1
        cell[1] += bool(events)
    return {t: {"items": n, "with_event": round(k / n, 3)} for t, (n, k) in sorted(tally.items())}


def petrarch_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """Convert PETRARCH's PETR.Validate.* dictionaries into eventwire actor and pattern files."""
    from eventwire.actors.petrarch import convert_files
    from eventwire.events.petrarch_verbs import convert_verbs

    ref = SHARED / "reference" / "petrarch2"
    actors, verbs = folder / "petr_actors.yaml", folder / "petr_verbs.yaml"
    convert_files([ref / "PETR.Validate.actors.txt", ref / "PETR.Validate.agents.txt"], actors)
    convert_verbs([ref / "PETR.Validate.verbs.txt"], verbs)
    return [actors], [verbs]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="JSONL gold files (default: the dev sets)")
    parser.add_argument("--conflibert", type=int, default=0, help="also score the first N ConfliBERT lines")
    parser.add_argument(
        "--split",
        choices=("dev", "train", "all"),
        default="dev",
        help="with --conflibert: only the sentences of this split of the learned model's data (default dev)",
    )
    parser.add_argument("--no-model", action="store_true", help="code with the patterns only")
    parser.add_argument(
        "--redherrings",
        action="store_true",
        help="also report AG News items (of --split) given any event, by topic",
    )
    parser.add_argument(
        "--show-errors",
        action="store_true",
        help="print every sentence coded wrongly (level a, or only the full code)",
    )
    parser.add_argument(
        "--petrarch",
        action="store_true",
        help="score petrarch2_unittest.jsonl with the PETR.Validate.* dictionaries",
    )
    parser.add_argument(
        "--with-shipped",
        action="store_true",
        help="with --petrarch: also use eventwire's own patterns next to the PETRARCH verb dictionary",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    files = args.files or [DEV / name for name in DEV_SETS]
    cases = [c for f in files for c in load_jsonl(f)]
    if args.conflibert:
        cases += load_conflibert(CONFLIBERT, args.conflibert, args.split)
    if args.petrarch:
        import tempfile

        from eventwire.settings import Settings

        with tempfile.TemporaryDirectory() as tmp:
            actors, verbs = petrarch_files(Path(tmp))
            cases = load_jsonl(DEV / "petrarch2_unittest.jsonl")
            files = [DEV / "petrarch2_unittest.jsonl"]
            # PETRARCH's grammar cases are coded with its own verb dictionary only (fictional codes)
            result = evaluate(
                cases,
                actors,
                args.show_errors,
                verbs,
                shipped_patterns=args.with_shipped,
                settings=Settings(learned_model=not args.no_model),
            )
    else:
        from eventwire.settings import Settings

        settings = Settings.from_env().replace(min_confidence=0.0)  # the sweep reads every event
        settings = settings.replace(learned_model=False) if args.no_model else settings
        result = evaluate(cases, show_errors=args.show_errors, settings=settings)
        if args.redherrings:
            from eventwire.events import EventCoder

            result["red_herrings"] = red_herrings(EventCoder.with_analyzer(settings), args.split)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"cases: {len(cases)} from {', '.join(f.name for f in files)}")
    for level in ("a_country_root", "b_country_code", "plover_type_per_sentence"):
        print(f"{level:>16}: " + "  ".join(f"{k} {v:.3f}" for k, v in result[level].items()))
    print(f"   quad accuracy: {result['quad_accuracy']} on {result['quad_sentences']} sentences with events")
    print(f"no-event accuracy: {result['no_event_accuracy']} on {result['no_event_sentences']} sentences")
    print("per CAMEO root (level a): root gold precision recall f1")
    for root, v in result["per_root"].items():
        print(f"   {root}  {v['gold']:>3}  {v['precision']:.2f}  {v['recall']:.2f}  {v['f1']:.2f}")
    print("per PLOVER type (per sentence): type gold precision recall f1")
    for name, v in result["per_plover"].items():
        print(f"   {name:<10} {v['gold']:>3}  {v['precision']:.2f}  {v['recall']:.2f}  {v['f1']:.2f}")
    print("--min-confidence (level a): threshold precision recall f1")
    for t, v in result["min_confidence"].items():
        print(f"   {t:>4}  {v['precision']:.3f}  {v['recall']:.3f}  {v['f1']:.3f}")
    if "conflibert_penta" in result:
        print(f"ConfliBERT PentaClass: {result['conflibert_penta']}")
    if "red_herrings" in result:
        print(f"AG News items with an event ({args.split} split): {result['red_herrings']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
