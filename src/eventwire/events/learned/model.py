"""The learned event-type model: probabilities of 22 joint classes for a sentence, from its words.

A softmax regression over two kinds of features (both computed without the parser, so the model can also
decide which sentences deserve a parse):

- hashed words, stems and stem pairs (:mod:`eventwire.events.learned.features`);
- the normalised mean of the sentence's GloVe word vectors (50 dimensions, a subset of GloVe 6B shipped
  inside the artefact), which lets words never seen in training count through their neighbours.

The artefact (``data/model/event_types.npz``) is written by ``scripts/training/train.py``; its model card
is ``docs/model.md``. Loading it is one ``np.load``; nothing is downloaded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from eventwire.errors import DataFileError
from eventwire.events.learned.calibration import FEATURES, Calibrator
from eventwire.events.learned.classes import CLASSES, NONE, PLOVER_OF, ROOT_OF
from eventwire.events.learned.features import feature_ids, hash_feature, stem, words
from eventwire.events.learned.predicates import predicate_feature_ids, vector_words
from eventwire.events.learned.roles import ROLES, RolePair, role_feature_ids

if TYPE_CHECKING:
    from spacy.tokens import Token

FloatArray = npt.NDArray[np.float32]
_NONE = CLASSES.index(NONE)


def default_model_path() -> Path:
    return Path(str(resources.files("eventwire") / "data" / "model" / "event_types.npz"))


_INDEX = {c: k for k, c in enumerate(CLASSES)}
_ROOT_MEMBERS = {
    r: [k for k, c in enumerate(CLASSES) if c != NONE and ROOT_OF[c] == r] for r in set(ROOT_OF.values())
}
_PLOVER_MEMBERS = {
    p: [k for k, c in enumerate(CLASSES) if c != NONE and PLOVER_OF[c] == p] for p in set(PLOVER_OF.values())
}


@dataclass(frozen=True, slots=True)
class TypeScores:
    """Class probabilities of one sentence or predicate (over :data:`~eventwire.events.learned.classes.CLASSES`)."""

    probs: tuple[float, ...]

    @classmethod
    def from_logits(cls, z: FloatArray) -> TypeScores:
        e = np.exp(z - z.max())
        return cls(tuple((e / e.sum()).tolist()))

    @property
    def none(self) -> float:
        return self.probs[_NONE]

    @property
    def event(self) -> float:
        return 1.0 - self.probs[_NONE]

    def of(self, cls: str) -> float:
        return self.probs[_INDEX[cls]]

    def root(self, root: str) -> float:
        return sum(self.probs[k] for k in _ROOT_MEMBERS.get(root, ()))

    def plover(self, name: str) -> float:
        return sum(self.probs[k] for k in _PLOVER_MEMBERS.get(name, ()))

    def ranked(self) -> list[tuple[str, float]]:
        """Event classes, most probable first (``none`` left out)."""
        pairs = [(c, p) for c, p in zip(CLASSES, self.probs, strict=True) if c != NONE]
        return sorted(pairs, key=lambda cp: -cp[1])


class EventTypeModel:
    """Scores sentences; built from the arrays of a trained artefact."""

    def __init__(
        self,
        bits: int,
        sparse_ids: npt.NDArray[np.int64],
        sparse_weights: FloatArray,
        glove_words: list[str],
        glove_vectors: FloatArray,
        glove_weights: FloatArray,
        glove_scale: float,
        version: str,
        trigger_ids: npt.NDArray[np.int64] | None = None,
        trigger_weights: FloatArray | None = None,
        calibrator: Calibrator | None = None,
        role_ids: npt.NDArray[np.int64] | None = None,
        role_weights: FloatArray | None = None,
        trigger_glove_weights: FloatArray | None = None,
    ) -> None:
        self.calibrator = calibrator
        self._role_rows = np.full(1 << bits, -1, dtype=np.int32)
        self._role = np.zeros((0, len(ROLES)), dtype=np.float32)
        if role_ids is not None and role_weights is not None:
            self._role_rows[role_ids] = np.arange(len(role_ids), dtype=np.int32)
            self._role = role_weights.astype(np.float32)
        if sparse_weights.shape != (len(sparse_ids), len(CLASSES)):
            raise ValueError("sparse weights do not match the class list")
        self.bits = bits
        self.version = version
        self._rows = np.full(1 << bits, -1, dtype=np.int32)
        self._rows[sparse_ids] = np.arange(len(sparse_ids), dtype=np.int32)
        self._sparse = sparse_weights.astype(np.float32)
        self._glove_index = {w: i for i, w in enumerate(glove_words)}
        self._glove = glove_vectors.astype(np.float32)
        self._glove_weights = glove_weights.astype(np.float32)
        self._glove_scale = glove_scale
        self._trigger_rows = np.full(1 << bits, -1, dtype=np.int32)
        self._trigger = np.zeros((0, len(CLASSES)), dtype=np.float32)
        if trigger_ids is not None and trigger_weights is not None:
            self._trigger_rows[trigger_ids] = np.arange(len(trigger_ids), dtype=np.int32)
            self._trigger = trigger_weights.astype(np.float32)
        # dense weights over the concatenated vectors of :func:`.predicates.vector_words` (absent in old artefacts)
        self._trigger_glove: FloatArray | None = None
        if trigger_glove_weights is not None and trigger_glove_weights.size:
            if trigger_glove_weights.shape != (3 * self._glove.shape[1], len(CLASSES)):
                raise ValueError("trigger vector weights do not match the word vectors and classes")
            self._trigger_glove = trigger_glove_weights.astype(np.float32)

    @classmethod
    def load(cls, path: Path | None = None) -> EventTypeModel:
        path = path or default_model_path()
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(bytes(data["meta"]).decode("utf-8"))
                if tuple(meta["classes"]) != CLASSES:
                    raise DataFileError(str(path), None, "the model's classes differ from this eventwire")
                if meta.get("calibration") and tuple(meta.get("calibration_features", ())) != FEATURES:
                    raise DataFileError(
                        str(path), None, "the model's calibration features differ from this eventwire"
                    )
                return cls(
                    bits=int(meta["bits"]),
                    sparse_ids=data["sparse_ids"].astype(np.int64),
                    sparse_weights=data["sparse_weights"],
                    glove_words=bytes(data["glove_words"]).decode("utf-8").split("\n"),
                    glove_vectors=data["glove_vectors"],
                    glove_weights=data["glove_weights"],
                    glove_scale=float(meta["glove_scale"]),
                    version=str(meta["version"]),
                    trigger_ids=data["trigger_ids"].astype(np.int64),
                    trigger_weights=data["trigger_weights"],
                    calibrator=Calibrator.from_weights(meta["calibration"])
                    if meta.get("calibration")
                    else None,
                    role_ids=data["role_ids"].astype(np.int64) if "role_ids" in data else None,
                    role_weights=data.get("role_weights", None),
                    trigger_glove_weights=data.get("trigger_glove_weights", None),
                )
        except (OSError, KeyError, ValueError) as exc:
            raise DataFileError(str(path), None, f"cannot load the event model: {exc}") from exc

    def glove_mean(self, text: str) -> FloatArray:
        """The normalised mean GloVe vector of the words of ``text`` (zeros when none is known)."""
        index = [self._glove_index[w] for w in words(text) if len(w) > 2 and w in self._glove_index]
        if not index:
            return np.zeros(self._glove.shape[1], dtype=np.float32)
        mean: FloatArray = np.asarray(self._glove[index].mean(axis=0), dtype=np.float32)
        norm = float(np.linalg.norm(mean))
        return mean / norm if norm > 0 else mean

    def word_vector(self, word: str | None) -> FloatArray:
        """The unit-length GloVe vector of one lower-cased word (zeros when unknown or ``None``)."""
        i = self._glove_index.get(word) if word else None
        if i is None:
            return np.zeros(self._glove.shape[1], dtype=np.float32)
        v: FloatArray = self._glove[i]
        norm = float(np.linalg.norm(v))
        return v / norm if norm > 0 else v

    def predicate_vector(self, tok: Token) -> FloatArray:
        """The dense input of the trigger model: the vectors of :func:`.predicates.vector_words`, joined."""
        (form, lemma), head, obj = vector_words(tok)
        own = form if form in self._glove_index else lemma
        return np.concatenate([self.word_vector(own), self.word_vector(head), self.word_vector(obj)])

    def logits(self, text: str) -> FloatArray:
        rows = self._rows[feature_ids(text, self.bits)]
        out = self._sparse[rows[rows >= 0]].sum(axis=0)
        out = out + self._glove_scale * (self.glove_mean(text) @ self._glove_weights)
        return np.asarray(out, dtype=np.float32)

    def score(self, text: str) -> TypeScores:
        return TypeScores.from_logits(self.logits(text))

    @property
    def has_triggers(self) -> bool:
        return len(self._trigger) > 0

    def trigger_scores(self, tok: Token) -> TypeScores:
        """Class probabilities that a candidate predicate (see :mod:`.predicates`) carries an event."""
        rows = self._trigger_rows[predicate_feature_ids(tok, self.bits)]
        z = self._trigger[rows[rows >= 0]].sum(axis=0)
        if self._trigger_glove is not None:
            z = z + self.predicate_vector(tok) @ self._trigger_glove
        return TypeScores.from_logits(np.asarray(z, dtype=np.float32))

    @property
    def has_roles(self) -> bool:
        return len(self._role) > 0

    def role_scores(self, pair: RolePair) -> dict[str, float]:
        """Probabilities that the pair's actor is its predicate's source, target or neither."""
        rows = self._role_rows[role_feature_ids(pair, self.bits)]
        z = self._role[rows[rows >= 0]].sum(axis=0)
        z = z - z.max()
        e = np.exp(z)
        p = e / e.sum()
        return {role: float(p[k]) for k, role in enumerate(ROLES)}

    def word_evidence(self, word: str, cls: str) -> float:
        """How much a word, on its own, speaks for ``cls`` against no event (its weights' difference)."""
        k = CLASSES.index(cls)
        total = 0.0
        for feature in feature_ids_of_word(word, self.bits):
            row = self._rows[feature]
            if row >= 0:
                total += float(self._sparse[row, k] - self._sparse[row, _NONE])
        return total


def feature_ids_of_word(word: str, bits: int) -> tuple[int, ...]:
    """The word and stem feature ids of one word (no pairs, no bias)."""
    mask = (1 << bits) - 1
    lowered = word.lower()
    return (hash_feature("w:" + lowered, mask), hash_feature("s:" + stem(lowered), mask))
