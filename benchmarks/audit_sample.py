"""Draw a random sample of stored events for a precision audit by reading, and score a judged sample.

    # 1. code the VOA stories into a store
    eventwire run ../shared/eval/corpora/voa_benchmark/ahalterman+NGEC-2025/data/voa_benchmark/voa_stories.jsonl \\
        --db /tmp/voa.duckdb
    # 2. draw 100 events at random (seeded) into a table to judge
    python benchmarks/audit_sample.py draw --db /tmp/voa.duckdb --n 100 --seed 2026 \\
        --out benchmarks/audit/voa_events_2026-12-07.jsonl [--stories STORIES --split dev]
    # 3. after each row got type_ok, source_ok, target_ok, date_ok, correct and why: the figures
    python benchmarks/audit_sample.py score benchmarks/audit/voa_events_2026-12-07.jsonl

``--stories FILE --split dev`` draws only from the stories of the training split's dev share (the same salted
hash of ``voa:<id>`` as ``scripts/training/sources.py``): since VOA stories of the train share are annotated and
train the learned layer, an audit of the shipped model reads dev stories only.

Every stored event is equally likely to be drawn (negated and hypothetical ones too: they are in the store
and an analyst sees them). Each row holds what an analyst needs to judge it without the store: the evidence
sentence with the trigger and sides marked, the article's title and date, the codes and their names.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

JUDGED = ("type_ok", "source_ok", "target_ok", "date_ok", "correct")
BANDS = (0.0, 0.1, 0.2, 0.3, 0.5)


def _marked(segments: list[dict[str, Any]]) -> str:
    """The sentence with [trigger], <source> and {target} marked."""
    marks = {"trigger": "[]", "source": "<>", "target": "{}"}
    out = []
    for seg in segments:
        pair = marks.get(seg["role"] or "")
        out.append(f"{pair[0]}{seg['text']}{pair[1]}" if pair else seg["text"])
    return "".join(out)


def _side(side: dict[str, Any] | None) -> str | None:
    if side is None:
        return None
    name = side.get("name")
    return f"{side['code']} ({name})" if name and name != side["code"] else side["code"]


def story_urls(stories: Path, split: str) -> set[str]:
    """The URLs of the VOA stories in ``split`` (``dev`` or ``train``) of the annotation split."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    from training.sources import split_of

    urls = set()
    for line in stories.read_text(encoding="utf-8").splitlines():
        story = json.loads(line)
        if split_of(f"voa:{story['id']}") == split:
            urls.add(story["url"])
    return urls


def draw(db: Path, n: int, seed: int, out: Path, urls: set[str] | None = None) -> int:
    from eventwire.events.codes import cameo_table
    from eventwire.server import _convert
    from eventwire.server._countries import load_country_names
    from eventwire.server._queries import EventFilter, search_events
    from eventwire.store import Store

    codes, countries = cameo_table(), load_country_names()
    with Store.open(db, read_only=True) as store:
        page = search_events(store.connection, EventFilter(), sort="date", limit=1_000_000, offset=0)
        events = [_convert.event_item(item, codes, countries).model_dump(mode="json") for item in page.items]
    if urls is not None:
        events = [e for e in events if e["evidence"]["url"] in urls]
    events.sort(key=lambda e: e["id"])  # an order that does not depend on the query's
    chosen = random.Random(seed).sample(events, min(n, len(events)))
    with out.open("w", encoding="utf-8") as fh:
        for k, ev in enumerate(chosen, 1):
            evidence = ev["evidence"]
            row = {
                "n": k,
                "event_id": ev["id"],
                "event_date": ev["date"],
                "title": evidence["title"],
                "url": evidence["url"],
                "source": _side(ev["source"]),
                "target": _side(ev["target"]),
                "cameo": ev["code"],
                "cameo_name": ev["code_name"],
                "plover": ev["plover"],
                "negated": ev["negated"],
                "hypothetical": ev["hypothetical"],
                "historical": ev["historical"],
                "path": ev["path"],
                "confidence": ev["confidence"],
                "sentence": _marked(evidence["segments"]),
            }
            row.update(dict.fromkeys(JUDGED))
            row["why"] = ""
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(chosen)} of {len(events)} events drawn (seed {seed}) -> {out}")
    return 0


def score(path: Path) -> int:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    unjudged = [r["n"] for r in rows if any(r.get(k) is None for k in JUDGED)]
    if unjudged:
        print(f"error: rows not judged yet: {unjudged[:10]}", file=sys.stderr)
        return 2
    total = len(rows)
    print(f"{path.name}: {total} events judged")
    print("| " + " | ".join(JUDGED) + " |")
    print("|" + "---|" * len(JUDGED))
    print("| " + " | ".join(f"{sum(bool(r[k]) for r in rows)}" for k in JUDGED) + " |")
    print("precision by minimum confidence (events kept, correct, share):")
    for band in BANDS:
        kept = [r for r in rows if (r["confidence"] or 0.0) >= band]
        right = sum(bool(r["correct"]) for r in kept)
        share = f"{right / len(kept):.2f}" if kept else "-"
        print(f"   >= {band:.1f}  {len(kept):4d}  {right:4d}  {share}")
    by_path = Counter(r["path"] for r in rows)
    for name in sorted(by_path):
        kept = [r for r in rows if r["path"] == name]
        print(f"   path {name}: {sum(bool(r['correct']) for r in kept)}/{len(kept)} correct")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw")
    d.add_argument("--db", type=Path, required=True)
    d.add_argument("--n", type=int, default=100)
    d.add_argument("--seed", type=int, default=2026)
    d.add_argument("--out", type=Path, required=True)
    d.add_argument("--stories", type=Path, help="the VOA stories file the store was coded from")
    d.add_argument("--split", choices=("dev", "train"), help="draw only from the stories of this split")
    s = sub.add_parser("score")
    s.add_argument("table", type=Path)
    args = parser.parse_args(argv)
    if args.command == "draw":
        if (args.stories is None) != (args.split is None):
            parser.error("--stories and --split go together")
        urls = story_urls(args.stories, args.split) if args.split else None
        return draw(args.db, args.n, args.seed, args.out, urls)
    return score(args.table)


if __name__ == "__main__":
    raise SystemExit(main())
