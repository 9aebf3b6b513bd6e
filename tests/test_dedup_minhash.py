"""The story index's own MinHash is datasketch's, bit for bit, without importing datasketch (and scipy)."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from eventwire.store.dedup import _WORD, StoryIndex, lsh_bands

README = Path(__file__).resolve().parents[1] / "README.md"


def test_dedup_minhash_signatures_equal_datasketch_affine32() -> None:
    from datasketch import MinHash

    index = StoryIndex()
    words = README.read_text(encoding="utf-8").split()
    rng = random.Random(7)
    checked = 0
    for _ in range(150):
        size = rng.randint(12, 600)
        start = rng.randrange(len(words) - size)
        text = " ".join(words[start : start + size])
        ours = index.minhash(text)
        tokens = _WORD.findall(text.lower())
        shingles = {" ".join(tokens[i : i + 3]).encode("utf-8") for i in range(len(tokens) - 2)}
        theirs = MinHash(num_perm=128, seed=1, scheme="affine32")
        theirs.update_batch(sorted(shingles))
        assert ours is not None
        assert np.array_equal(ours, np.asarray(theirs.hashvalues, dtype=np.uint32))
        checked += 1
    assert checked == 150


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
