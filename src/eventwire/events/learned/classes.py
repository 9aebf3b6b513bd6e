"""The learned layer's label space: 22 joint classes, from which CAMEO roots and PLOVER types are read.

One softmax over joint classes lets sources with coarse labels train the same model as sources with fine
ones: a PentaClass label, a PLOVER type or an ACLED sub-event type each allow a *set* of joint classes, and
training maximises the probability of the set. CAMEO root 08 (yield) is split by PLOVER into CONCEDE
(080-083) and RETREAT (084-087); every other root has one PLOVER type (eventwire's code table maps 01 and
02, which PLOVER dropped, to CONSULT/statement and REQUEST).
"""

from __future__ import annotations

NONE = "none"
# (joint class, CAMEO root, the code an event gets when the model names only this class, PLOVER type)
_TABLE: tuple[tuple[str, str, str, str], ...] = (
    ("01", "01", "010", "CONSULT"),
    ("02", "02", "020", "REQUEST"),
    ("03", "03", "030", "AGREE"),
    ("04", "04", "040", "CONSULT"),
    ("05", "05", "050", "SUPPORT"),
    ("06", "06", "060", "COOPERATE"),
    ("07", "07", "070", "AID"),
    ("08C", "08", "080", "CONCEDE"),
    ("08R", "08", "080", "RETREAT"),
    ("09", "09", "090", "ACCUSE"),
    ("10", "10", "100", "REQUEST"),
    ("11", "11", "110", "ACCUSE"),
    ("12", "12", "120", "REJECT"),
    ("13", "13", "130", "THREATEN"),
    ("14", "14", "140", "PROTEST"),
    ("15", "15", "150", "MOBILIZE"),
    ("16", "16", "160", "SANCTION"),
    ("17", "17", "170", "COERCE"),
    ("18", "18", "180", "ASSAULT"),
    ("19", "19", "190", "ASSAULT"),
    ("20", "20", "200", "ASSAULT"),
)
EVENT_CLASSES: tuple[str, ...] = tuple(row[0] for row in _TABLE)
CLASSES: tuple[str, ...] = (NONE, *EVENT_CLASSES)
ROOT_OF: dict[str, str] = {row[0]: row[1] for row in _TABLE}
GENERAL_CODE: dict[str, str] = {row[0]: row[2] for row in _TABLE}
PLOVER_OF: dict[str, str] = {row[0]: row[3] for row in _TABLE}
ROOTS: tuple[str, ...] = tuple(f"{n:02d}" for n in range(1, 21))


def classes_of_root(root: str) -> frozenset[str]:
    """The joint classes of a CAMEO root ("08" has two)."""
    return frozenset(c for c, r in ROOT_OF.items() if r == root)


def class_of_code(code: str) -> str:
    """The joint class of a full CAMEO code ("0841" → "08R", "173" → "17")."""
    root = code[:2]
    if root == "08":
        return "08R" if code[:3] in ("084", "085", "086", "087") else "08C"
    return root


def classes_of_plover(plover: str) -> frozenset[str]:
    return frozenset(c for c, p in PLOVER_OF.items() if p == plover)


# PentaClass (the Open Event Data Alliance's five classes, as ConfliBERT labels them): 0 = roots 01-02,
# 1 = 03-05, 2 = 06-08, 3 = 09-13 and 16, 4 = 14-15 and 17-20.
PENTA_ROOTS: tuple[tuple[str, ...], ...] = (
    ("01", "02"),
    ("03", "04", "05"),
    ("06", "07", "08"),
    ("09", "10", "11", "12", "13", "16"),
    ("14", "15", "17", "18", "19", "20"),
)


def penta_of_root(root: str) -> int:
    for n, roots in enumerate(PENTA_ROOTS):
        if root in roots:
            return n
    raise ValueError(f"not a CAMEO root: {root!r}")


def classes_of_penta(label: int) -> frozenset[str]:
    return frozenset(c for c in EVENT_CLASSES if ROOT_OF[c] in PENTA_ROOTS[label])
