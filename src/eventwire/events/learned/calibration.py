"""One calibrated confidence per event, whichever path coded it.

An event's :class:`Evidence` gathers what each path says about it — the pattern's own confidence, the
trigger model's probabilities at its predicate, the sentence model's probabilities, which sides the
parse found, whether the predicate sits in the main clause — and a logistic regression fitted on held-out
codings (``scripts/training/train.py``: cross-fitted models code annotated texts they never saw, each
event judged right when its root, trigger and sides match an annotated event) turns that into the
probability that an analyst would judge the event right.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

PATHS = ("pattern", "both", "model")
FEATURES = (
    "bias",
    "path_pattern",
    "path_both",
    "path_model",
    "pattern_confidence",
    "trigger_event",
    "trigger_class",
    "sentence_root",
    "sentence_event",
    "has_source",
    "has_target",
    "source_named",
    "target_named",
    "main_clause",
    "hypothetical",
)


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the coder knew about one event when it coded it."""

    path: str
    pattern_confidence: float
    trigger_event: float
    trigger_class: float
    sentence_root: float
    sentence_event: float
    has_source: bool
    has_target: bool
    source_named: bool
    target_named: bool
    main_clause: bool
    hypothetical: bool

    def vector(self) -> tuple[float, ...]:
        return (
            1.0,
            float(self.path == "pattern"),
            float(self.path == "both"),
            float(self.path == "model"),
            self.pattern_confidence,
            self.trigger_event,
            self.trigger_class,
            self.sentence_root,
            self.sentence_event,
            float(self.has_source),
            float(self.has_target),
            float(self.source_named),
            float(self.target_named),
            float(self.main_clause),
            float(self.hypothetical),
        )


@dataclass(frozen=True, slots=True)
class Calibrator:
    """Logistic regression over :data:`FEATURES`."""

    weights: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.weights) != len(FEATURES):
            raise ValueError(f"a calibrator needs {len(FEATURES)} weights, got {len(self.weights)}")

    def confidence(self, evidence: Evidence) -> float:
        z = sum(w * x for w, x in zip(self.weights, evidence.vector(), strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def from_weights(cls, weights: Sequence[float]) -> Calibrator:
        return cls(tuple(float(w) for w in weights))
