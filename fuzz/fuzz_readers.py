"""atheris harness: arbitrary bytes through the readers (``read_bytes``) under every file name kind.

    .venv/bin/python fuzz/fuzz_readers.py -max_total_time=60 [corpus_dir]

The first byte picks the file name (and so the format the reader assumes); the rest is the content.
Any exception out of ``read_bytes`` is a crash; so is an item that is not a record, a ledger row without
a reason, or a document over ``max_document_bytes``. Needs ``atheris`` (a dev-only tool, see
docs/reliability.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

with atheris.instrument_imports():
    from eventwire.ingest import read_bytes
    from eventwire.settings import Settings

NAMES = (
    "x",
    "a.html",
    "a.txt",
    "a.warc",
    "a.warc.gz",
    "a.jsonl",
    "a.jsonl.gz",
    "a.rss",
    "a.atom",
    "a.gz",
    "a.xml",
)
SETTINGS = Settings(max_document_bytes=200_000)


def one_input(data: bytes) -> None:
    if not data:
        return
    from _hostile import check_read

    name = NAMES[data[0] % len(NAMES)]
    check_read(list(read_bytes(data[1:], name, SETTINGS)), SETTINGS)


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
