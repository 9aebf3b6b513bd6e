"""Memory and speed of the near-duplicate story index as articles stream in.

Usage::

    .venv/bin/python benchmarks/story_index.py [--articles 300000] [--window 100000]

Feeds ``--articles`` random MinHash signatures (the index's worst case: nothing matches, so every
article stays until the window drops it) through :class:`eventwire.store.dedup.StoryIndex`, and prints the
process's resident memory and the time per assignment at every tenth of the stream. Memory must stop
growing once the window is full. For comparison, the same signatures go into datasketch's
``MinHashLSH`` with ``LeanMinHash`` objects (what eventwire used before the window), which keeps
every article. Each index runs in a fresh child process so that its memory is its own.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from multiprocessing import get_context

import numpy as np
from datasketch import LeanMinHash, MinHashLSH

from eventwire.store.dedup import StoryIndex


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def signatures(num_perm: int = 128, block: int = 10_000) -> Callable[[int], bytes]:
    """Signature ``n`` of a reproducible random stream, generated a block at a time."""
    cache: dict[int, np.ndarray] = {}

    def get(n: int) -> bytes:
        key = n // block
        if key not in cache:
            cache.clear()
            cache[key] = np.random.default_rng([7, key]).integers(
                0, 2**32, (block, num_perm), dtype=np.uint32
            )
        return bytes(cache[key][n % block].tobytes())

    return get


def run_eventwire(articles: int, window: int) -> list[tuple[int, float, float]]:
    index = StoryIndex(window=window)
    return _feed(articles, lambda n, sig: index.assign_signature(f"doc{n:09d}", sig))


def run_datasketch(articles: int, _window: int) -> list[tuple[int, float, float]]:
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    hashes: dict[str, LeanMinHash] = {}

    def add(n: int, sig: bytes) -> None:
        mh = LeanMinHash(seed=1, hashvalues=np.frombuffer(sig, dtype=np.uint32), scheme="affine32")
        for other in lsh.query(mh):
            mh.jaccard(hashes[other])
        key = f"doc{n:09d}"
        hashes[key] = mh
        lsh.insert(key, mh)

    return _feed(articles, add)


def _feed(articles: int, add: Callable[[int, bytes], object]) -> list[tuple[int, float, float]]:
    sig = signatures()
    base = rss_mb()
    marks = {articles * k // 10 for k in range(1, 11)}
    out: list[tuple[int, float, float]] = []
    start = time.perf_counter()
    last = (0, start)
    for n in range(articles):
        add(n, sig(n))
        if n + 1 in marks:
            now = time.perf_counter()
            per = (now - last[1]) / max(1, n + 1 - last[0]) * 1e6
            out.append((n + 1, rss_mb() - base, per))
            last = (n + 1, now)
    return out


def in_child(
    function: Callable[[int, int], list[tuple[int, float, float]]], articles: int, window: int
) -> list[tuple[int, float, float]]:
    with get_context("spawn").Pool(1) as pool:
        return pool.apply(function, (articles, window))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=300_000)
    parser.add_argument("--window", type=int, default=100_000)
    parser.add_argument("--skip-datasketch", action="store_true")
    args = parser.parse_args(argv)
    runs = [("eventwire StoryIndex", run_eventwire)]
    if not args.skip_datasketch:
        runs.append(("datasketch MinHashLSH (no window)", run_datasketch))
    print(f"{args.articles:,} articles with random signatures; window {args.window:,}")
    for name, function in runs:
        print(f"\n{name}\n  articles  memory MB  KB/article held  µs/assign")
        for count, memory, per in in_child(function, args.articles, args.window):
            held = min(count, args.window) if function is run_eventwire else count
            print(f"  {count:>8,}  {memory:9.0f}  {memory * 1024 / held:15.1f}  {per:9.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
