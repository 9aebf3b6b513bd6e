"""Near-duplicate articles (wire copies, re-publications, light edits) linked to one story id.

Each article's body is cut into overlapping word shingles (``shingle`` words, lower-cased, punctuation
dropped); a MinHash of the shingles goes into an LSH index. The MinHash is datasketch's ``affine32``
scheme (seed 1), computed here with numpy so that a run does not import datasketch, whose LSH module
loads scipy (0.5-0.7 s of start-up) only to choose the bands: :data:`_BANDS` holds datasketch's choice
for the default threshold and size (other values still ask datasketch); ``tests/test_dedup_minhash.py``
checks both against datasketch itself. A new article whose estimated
Jaccard similarity to an indexed one reaches ``threshold`` joins that article's story; otherwise it
starts a story whose id is its own document id. Ties go to the earliest indexed article, so the same
inputs in the same order always give the same story ids.

The index holds the ``window`` most recently indexed articles, not every article ever stored: copies of
one wire story arrive within hours of each other, and an index over a whole store would grow without
bound (a day of world news, 250,000 articles, took 2.4 GB in datasketch's ``MinHashLSH``). An article
older than the window is forgotten and new copies of it start their own story. Signatures live in
one ``uint32`` array and each LSH band in a dict from the band's hash to the article's number, about
3 KB per article (``benchmarks/story_index.py``).

The index is an object you pass around, never a global. :class:`StoryIndex` gives each assignment's
signature as bytes so the store can persist it and rebuild the same window when it is opened again
(:meth:`StoryIndex.load`, in store order), which makes later runs deduplicate against earlier ones.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

_WORD: Final = re.compile(r"[^\W_]+", re.UNICODE)
_SEED: Final = 1
STORY_WINDOW: Final = 100_000  # articles a new one is compared with (the setting's default)
# datasketch's MinHashLSH(threshold, num_perm).b, .r (bands, rows per band) for the values we use
_BANDS: Final = {(0.5, 128): (25, 5)}
_MAX_HASH: Final = np.uint32(0xFFFFFFFF)
# the MurmurHash3 32-bit finalizer datasketch applies to each input hash before the permutations
_FMIX: Final = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))

Signature = npt.NDArray[np.uint32]  # MinHash values, one per permutation


@dataclass(frozen=True, slots=True)
class StoryAssignment:
    """Where one article went: its story, the article it matched (if any) and its signature."""

    doc_id: str
    story_id: str
    matched: str | None
    similarity: float
    signature: bytes | None


@dataclass(frozen=True, slots=True)
class _Indexed:
    """One article in the window: its id, its story and whether it has a signature row."""

    doc_id: str
    story_id: str
    signed: bool


class StoryIndex:
    """MinHash-LSH index of the most recent ``window`` article bodies -> story ids."""

    def __init__(
        self,
        threshold: float = 0.5,
        num_perm: int = 128,
        shingle: int = 3,
        min_words: int = 12,
        window: int = STORY_WINDOW,
    ) -> None:
        if window < 1:
            raise ValueError(f"story window must hold at least one article, not {window}")
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle = shingle
        self.min_words = min_words
        self.window = window
        self._bands, self._rows = lsh_bands(threshold, num_perm)
        self._permutations = _permutations(num_perm, _SEED)
        self._buckets: list[dict[int, int | list[int]]] = [{} for _ in range(self._bands)]
        self._signatures = np.zeros((0, num_perm), dtype=np.uint32)  # ring, grown up to ``window`` rows
        self._articles: dict[int, _Indexed] = {}  # by article number (the store's ``seq``)
        self._number: dict[str, int] = {}  # article number by doc id
        self.seen = 0  # articles indexed so far, in the window or not: the next article's number

    def __len__(self) -> int:
        """Articles in the window."""
        return len(self._articles)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._number

    def story_of(self, doc_id: str) -> str | None:
        number = self._number.get(doc_id)
        return None if number is None else self._articles[number].story_id

    def minhash(self, text: str) -> Signature | None:
        """The MinHash values of ``text``'s shingles, or ``None`` when it is too short to compare safely."""
        words = _WORD.findall(text.lower())
        if len(words) < self.min_words:
            return None
        k = self.shingle
        shingles = {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}
        return minhash(shingles, self._permutations)

    def signature(self, text: str) -> bytes | None:
        """``text``'s MinHash as stored (4 bytes per permutation), or ``None`` when it is too short."""
        values = self.minhash(text)
        return None if values is None else values.tobytes()

    def assign(self, doc_id: str, text: str) -> StoryAssignment:
        """Put ``doc_id`` in a story (its own or a matched article's); repeated calls return the same."""
        if doc_id in self._number:
            return self._assigned(doc_id)
        return self._assign(doc_id, self.minhash(text))

    def assign_signature(self, doc_id: str, signature: bytes | None) -> StoryAssignment:
        """:meth:`assign` for a signature computed elsewhere (by :meth:`signature`, e.g. on a worker)."""
        if doc_id in self._number:
            return self._assigned(doc_id)
        return self._assign(doc_id, None if signature is None else _from_bytes(signature))

    def load(self, doc_id: str, story_id: str, signature: bytes | None, number: int | None = None) -> None:
        """Re-index an article assigned earlier (from the store), keeping its story id.

        ``number`` is its place in the store's order (``seq``); articles must be loaded in that order,
        and a number past :attr:`seen` skips the articles in between (they fell out of the window).
        """
        if doc_id in self._number:
            return
        if number is not None:
            if number < self.seen:
                raise ValueError(
                    f"article {number} loaded after article {self.seen - 1}: load in store order"
                )
            # the window holds numbers from seen - window; those up to number - window are too old now
            for old in range(max(0, self.seen - self.window), min(self.seen, number - self.window + 1)):
                self._forget(old)
            self.seen = number
        self._remember(doc_id, story_id, None if signature is None else _from_bytes(signature))

    def _assigned(self, doc_id: str) -> StoryAssignment:
        number = self._number[doc_id]
        article = self._articles[number]
        signature = self._row(number).tobytes() if article.signed else None
        return StoryAssignment(doc_id, article.story_id, None, 1.0, signature)

    def _assign(self, doc_id: str, values: Signature | None) -> StoryAssignment:
        if values is None:
            self._remember(doc_id, doc_id, None)
            return StoryAssignment(doc_id, doc_id, None, 0.0, None)
        best: tuple[float, int] | None = None
        candidates = sorted(self._candidates(values))
        if candidates:
            rows = self._signatures[[n % self.window for n in candidates]]
            similarities = np.count_nonzero(rows == values, axis=1) / self.num_perm
            for number, similarity in zip(candidates, similarities.tolist(), strict=True):
                if similarity >= self.threshold and (best is None or similarity > best[0]):
                    best = (similarity, number)  # candidates ascend: ties keep the earliest
        if best is None:
            story, matched, similarity = doc_id, None, 0.0
        else:
            similarity, number = best
            story, matched = self._articles[number].story_id, self._articles[number].doc_id
        self._remember(doc_id, story, values)
        return StoryAssignment(doc_id, story, matched, similarity, values.tobytes())

    def _remember(self, doc_id: str, story_id: str, values: Signature | None) -> None:
        number = self.seen
        self.seen += 1
        self._forget(number - self.window)
        self._articles[number] = _Indexed(doc_id, story_id, values is not None)
        self._number[doc_id] = number
        if values is None:
            return
        self._grow(number)
        self._signatures[number % self.window] = values
        for bucket, key in zip(self._buckets, self._band_keys(values), strict=True):
            held = bucket.get(key)
            if held is None:
                bucket[key] = number
            elif isinstance(held, int):
                bucket[key] = [held, number]
            else:
                held.append(number)

    def _forget(self, number: int) -> None:
        """Drop article ``number`` (it left the window), if it is held."""
        article = self._articles.pop(number, None)
        if article is None:
            return
        del self._number[article.doc_id]
        if not article.signed:
            return
        for bucket, key in zip(self._buckets, self._band_keys(self._row(number)), strict=True):
            held = bucket[key]
            if isinstance(held, int):
                del bucket[key]
            else:
                held.remove(number)
                if len(held) == 1:
                    bucket[key] = held[0]

    def _candidates(self, values: Signature) -> set[int]:
        found: set[int] = set()
        for bucket, key in zip(self._buckets, self._band_keys(values), strict=True):
            held = bucket.get(key)
            if isinstance(held, int):
                found.add(held)
            elif held is not None:
                found.update(held)
        return found

    def _band_keys(self, values: Signature) -> list[int]:
        bands = values[: self._bands * self._rows].reshape(self._bands, self._rows)
        return [hash(band.tobytes()) for band in bands]

    def _row(self, number: int) -> Signature:
        row: Signature = self._signatures[number % self.window]
        return row

    def _grow(self, number: int) -> None:
        """Make room for row ``number % window``: the array at least doubles, up to the whole window."""
        size, position = len(self._signatures), number % self.window
        if position < size:
            return
        grown = np.zeros((min(self.window, max(64, 2 * size, position + 1)), self.num_perm), dtype=np.uint32)
        grown[:size] = self._signatures
        self._signatures = grown


def _from_bytes(raw: bytes) -> Signature:
    return np.frombuffer(raw, dtype=np.uint32)


def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) as datasketch's ``MinHashLSH`` chooses them for ``threshold``."""
    known = _BANDS.get((threshold, num_perm))
    if known is not None:
        return known
    from datasketch import MinHashLSH  # imports scipy: only for values not in _BANDS

    shape = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return int(shape.b), int(shape.r)


def _permutations(num_perm: int, seed: int) -> tuple[Signature, Signature]:
    """datasketch's ``affine32`` permutation parameters (a odd, b) for ``seed``."""
    generator = np.random.RandomState(seed)
    a = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def minhash(values: set[bytes], permutations: tuple[Signature, Signature]) -> Signature:
    """datasketch's ``MinHash(scheme="affine32").update_batch(values).hashvalues``: SHA-1's first four
    bytes of each value, mixed by the MurmurHash3 finalizer, then ``min(a * h + b)`` per permutation."""
    a, b = permutations
    if not values:
        return np.full(len(a), _MAX_HASH, dtype=np.uint32)
    hashed = np.array(
        [int.from_bytes(hashlib.sha1(v).digest()[:4], "little") for v in values], dtype=np.uint32
    ).reshape(-1, 1)
    s1, m1, s2, m2, s3 = _FMIX
    hashed = hashed ^ (hashed >> s1)
    hashed = hashed * m1
    hashed = hashed ^ (hashed >> s2)
    hashed = hashed * m2
    hashed = hashed ^ (hashed >> s3)
    found: Signature = (hashed * a + b).min(axis=0)
    return found
