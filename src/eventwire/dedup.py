"""Near-duplicate articles (wire copies, re-publications, light edits) linked to one story id.

Each article's body is cut into overlapping word shingles (``shingle`` words, lower-cased, punctuation
dropped); a MinHash of the shingles goes into a MinHash-LSH index (datasketch). A new article whose
estimated Jaccard similarity to an indexed one reaches ``threshold`` joins that article's story;
otherwise it starts a story whose id is its own document id. Ties go to the earliest indexed article,
so the same inputs in the same order always give the same story ids.

The index is an object you pass around, never a global. :class:`StoryIndex` gives each assignment's
signature as bytes so the store can persist it and rebuild the index when it is opened again
(:meth:`StoryIndex.load`), which makes later runs deduplicate against earlier ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

_WORD: Final = re.compile(r"[^\W_]+", re.UNICODE)
_SEED: Final = 1
_SCHEME: Final = "affine32"  # 32-bit hash values; persisted signatures are 4 bytes per permutation


@dataclass(frozen=True, slots=True)
class StoryAssignment:
    """Where one article went: its story, the article it matched (if any) and its signature."""

    doc_id: str
    story_id: str
    matched: str | None
    similarity: float
    signature: bytes | None


class StoryIndex:
    """MinHash-LSH index of article bodies -> story ids."""

    def __init__(
        self, threshold: float = 0.5, num_perm: int = 128, shingle: int = 3, min_words: int = 12
    ) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle = shingle
        self.min_words = min_words
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._hashes: dict[str, LeanMinHash] = {}
        self._story: dict[str, str] = {}
        self._order: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._order

    def story_of(self, doc_id: str) -> str | None:
        return self._story.get(doc_id)

    def minhash(self, text: str) -> LeanMinHash | None:
        """The MinHash of ``text``'s shingles, or ``None`` when it is too short to compare safely."""
        words = _WORD.findall(text.lower())
        if len(words) < self.min_words:
            return None
        k = self.shingle
        shingles = {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}
        mh = MinHash(num_perm=self.num_perm, seed=_SEED, scheme=_SCHEME)
        mh.update_batch(sorted(shingles))
        return LeanMinHash(mh)

    def signature(self, text: str) -> bytes | None:
        """``text``'s MinHash as stored (4 bytes per permutation), or ``None`` when it is too short."""
        mh = self.minhash(text)
        return None if mh is None else _to_bytes(mh)

    def assign(self, doc_id: str, text: str) -> StoryAssignment:
        """Put ``doc_id`` in a story (its own or a matched article's); repeated calls return the same."""
        if doc_id in self._story and doc_id in self._hashes:
            return self._assigned(doc_id)
        return self._assign(doc_id, self.minhash(text))

    def assign_signature(self, doc_id: str, signature: bytes | None) -> StoryAssignment:
        """:meth:`assign` for a signature computed elsewhere (by :meth:`signature`, e.g. on a worker)."""
        if doc_id in self._story and doc_id in self._hashes:
            return self._assigned(doc_id)
        return self._assign(doc_id, None if signature is None else _from_bytes(signature))

    def _assigned(self, doc_id: str) -> StoryAssignment:
        return StoryAssignment(doc_id, self._story[doc_id], None, 1.0, _to_bytes(self._hashes[doc_id]))

    def _assign(self, doc_id: str, mh: LeanMinHash | None) -> StoryAssignment:
        if mh is None:
            self._remember(doc_id, doc_id, None)
            return StoryAssignment(doc_id, doc_id, None, 0.0, None)
        best: tuple[float, int, str] | None = None
        for other in self._lsh.query(mh):
            sim = float(mh.jaccard(self._hashes[other]))
            if sim < self.threshold:
                continue
            key = (-sim, self._order[other], other)
            if best is None or key < best:
                best = key
        if best is None:
            story, matched, similarity = doc_id, None, 0.0
        else:
            matched = best[2]
            story, similarity = self._story[matched], -best[0]
        self._remember(doc_id, story, mh)
        return StoryAssignment(doc_id, story, matched, similarity, _to_bytes(mh))

    def load(self, doc_id: str, story_id: str, signature: bytes | None) -> None:
        """Re-index an article assigned earlier (from the store), keeping its story id."""
        if doc_id in self._order:
            return
        mh = None if signature is None else _from_bytes(signature)
        self._remember(doc_id, story_id, mh)

    def _remember(self, doc_id: str, story_id: str, mh: LeanMinHash | None) -> None:
        self._order[doc_id] = len(self._order)
        self._story[doc_id] = story_id
        if mh is not None and doc_id not in self._hashes:
            self._hashes[doc_id] = mh
            self._lsh.insert(doc_id, mh)


def _to_bytes(mh: LeanMinHash) -> bytes:
    return np.asarray(mh.hashvalues, dtype=np.uint32).tobytes()


def _from_bytes(raw: bytes) -> LeanMinHash:
    return LeanMinHash(seed=_SEED, hashvalues=np.frombuffer(raw, dtype=np.uint32), scheme=_SCHEME)
