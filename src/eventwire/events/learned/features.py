"""Lexical features of a sentence for the learned event layer: hashed words, stems and word pairs.

Cheap enough to run on every sentence before parsing (pure Python + ``zlib.crc32``): the same function
turns training texts and run-time sentences into feature ids, so the two can never drift apart.
"""

from __future__ import annotations

import re
import zlib

import numpy as np
import numpy.typing as npt

_TOKEN = re.compile(r"[a-z]+(?:['’][a-z]+)?|\d+(?:[.,]\d+)*")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ers", "er", "ed", "es", "s")


def words(text: str) -> list[str]:
    """Lower-cased word tokens; every number becomes ``0``."""
    return ["0" if tok[0].isdigit() else tok.replace("’", "'") for tok in _TOKEN.findall(text.lower())]


def stem(word: str) -> str:
    """A crude stem that joins inflections ("attacked", "attacks", "attacking" → "attack")."""
    if word.endswith("'s"):
        word = word[:-2]
    if not word or word[-1] not in "sdgrn":  # no suffix below ends otherwise: most words stop here
        return word
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            base = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                return base + "y"
            if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "aeiouls":
                return base[:-1]  # "shelled" → "shell" stays, "planned" → "plan"
            return base
    return word


def hash_feature(feature: str, mask: int) -> int:
    return zlib.crc32(feature.encode("utf-8")) & mask


def feature_ids(text: str, bits: int) -> npt.NDArray[np.int64]:
    """Unique hashed feature ids of ``text`` in ``[0, 2**bits)`` (in no particular order)."""
    mask = (1 << bits) - 1
    toks = words(text)
    stems = [stem(w) for w in toks]
    ids = {hash_feature("b", mask)}  # a bias feature every text has
    for n, word in enumerate(toks):
        ids.add(hash_feature("w:" + word, mask))
        ids.add(hash_feature("s:" + stems[n], mask))
        if n:
            ids.add(hash_feature("p:" + stems[n - 1] + " " + stems[n], mask))
    return np.fromiter(ids, dtype=np.int64, count=len(ids))
