"""Score the learned role model on its own, on the annotated dev split (never trained on).

For every annotated event of a dev text and every actor mention eventwire finds in its sentence, the role
model scores the (predicate, actor) pair. As at run time (``LearnedLayer.complete_roles``), one side is
filled at a time and the other side's annotated actor is taken as known: the most probable actor for the
side is filled when its probability reaches the bar. A fill is right when that actor overlaps the annotated
span of the side; recall is over the events whose annotated side is an actor eventwire finds.

    .venv/bin/python benchmarks/role_eval.py                                   # the shipped model
    EVENTWIRE_LEARNED_MODEL_PATH=other.npz .venv/bin/python benchmarks/role_eval.py
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

BARS = (0.3, 0.4, 0.5, 0.6)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    args = parser.parse_args(argv)
    from training import sources

    if not sources.available():
        print(f"skipped: {sources.CORPORA} is not there")
        return 0
    from training.train import role_rows

    from eventwire.events.learned.model import EventTypeModel
    from eventwire.nlp import load_nlp
    from eventwire.settings import Settings

    settings = Settings.from_env()
    model = EventTypeModel.load(Path(settings.learned_model_path) if settings.learned_model_path else None)
    examples = [e for e in sources.annotations() if e.split == args.split and e.events]
    rows = role_rows(examples, load_nlp(settings.spacy_model))
    print(f"model {model.version}; {args.split} split: {len(examples)} texts with events")
    for side in ("target", "source"):
        other = "source" if side == "target" else "target"
        by_event: dict[tuple[int, int, int, str], list[tuple[float, str]]] = defaultdict(list)
        for n, text_rows in enumerate(rows):
            for pair, role in text_rows:
                if role == other:
                    continue  # the other side is known
                key = (n, id(pair.predicate.doc), pair.predicate.i, pair.root)
                by_event[key].append((model.role_scores(pair)[side], role))
        available = sum(any(role == side for _, role in pairs) for pairs in by_event.values())
        for bar in BARS:
            fills = right = 0
            for pairs in by_event.values():
                p, role = max(pairs)
                if p >= bar:
                    fills += 1
                    right += role == side
            print(
                f"  {side:6} bar {bar}: filled {fills:5}  right {right:5}  precision {right / max(fills, 1):.3f}"
                f"  recall {right / max(available, 1):.3f}  (events with the side among the actors: {available})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
