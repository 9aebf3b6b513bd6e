"""The story index's own MinHash is datasketch's, bit for bit, without importing datasketch (and scipy)."""

from __future__ import annotations

import random
import subprocess
import sys

import numpy as np
import pytest

from eventwire.store.dedup import _WORD, StoryIndex, lsh_bands

_WORDS = (
    "the minister said on monday that talks with kyiv and moscow would resume in geneva next week after "
    "rebels attacked a convoy near the border; officials in são paulo, zürich and 北京 welcomed the ceasefire "
    "deal 2025 while protesters gathered outside parliament demanding elections"
)


def test_dedup_minhash_signatures_equal_datasketch_affine32() -> None:
    from datasketch import MinHash

    index = StoryIndex()
    vocabulary = _WORDS.split()
    rng = random.Random(7)
    for _ in range(150):
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(12, 600)))
        ours = index.minhash(text)
        tokens = _WORD.findall(text.lower())
        shingles = {" ".join(tokens[i : i + 3]).encode("utf-8") for i in range(len(tokens) - 2)}
        theirs = MinHash(num_perm=128, seed=1, scheme="affine32")
        theirs.update_batch(sorted(shingles))
        assert ours is not None
        assert np.array_equal(ours, np.asarray(theirs.hashvalues, dtype=np.uint32))


@pytest.mark.parametrize(("threshold", "num_perm"), [(0.5, 128), (0.7, 64), (0.9, 256)])
def test_dedup_lsh_bands_equal_datasketch(threshold: float, num_perm: int) -> None:
    from datasketch import MinHashLSH

    shape = MinHashLSH(threshold=threshold, num_perm=num_perm)
    assert lsh_bands(threshold, num_perm) == (shape.b, shape.r)


def test_dedup_story_ids_load_no_datasketch() -> None:
    probe = (
        "import sys; from eventwire.store import Store; from eventwire.store.dedup import StoryIndex; "
        "StoryIndex().assign('a', 'one two three four five six seven eight nine ten eleven twelve'); "
        "print(sorted({'datasketch', 'scipy'} & {m.split('.')[0] for m in sys.modules}))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
