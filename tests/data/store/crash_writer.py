"""Subprocess for the crash/restart test: writes a corpus batch by batch, printing after each commit.

Usage: python crash_writer.py DB N_DOCS SEED BATCH
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from _store_factory import random_corpus
from eventwire.store import Store


def main() -> None:
    db, n_docs, seed, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    corpus = random_corpus(n_docs, seed)
    with Store.open(db) as store:
        for i in range(0, len(corpus), batch):
            chunk = corpus[i : i + batch]
            done = store.known_documents(r.status.doc_id for r in chunk)
            store.write_batch([r for r in chunk if r.status.doc_id not in done])
            print(f"batch {i // batch}", flush=True)


if __name__ == "__main__":
    main()
