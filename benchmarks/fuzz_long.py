"""Long property-based fuzzing of the readers, the text cleaner and the extractor (hypothesis).

The same properties as ``tests/test_fuzz_*.py`` (which run a few dozen examples each in CI), run here
with many examples. Reports examples run, failures and time per property; exit code 1 on any failure.

    python benchmarks/fuzz_long.py                 # 10,000 examples per property
    python benchmarks/fuzz_long.py --examples 200  # shorter
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from _hostile import GOOD_HTML, GOOD_TEXT, check_read, hostile_text, mutated_documents
from eventwire.errors import DocumentError
from eventwire.extract import extract_article
from eventwire.extract._textclean import clean_scraped_text
from eventwire.ingest import read_bytes
from eventwire.records import DocType, RawDocument, content_id
from eventwire.settings import Settings

SETTINGS = Settings()
NAMES = ["x", "a.html", "a.txt", "a.warc", "a.jsonl", "a.rss", "a.gz", "a.warc.gz"]


def _extract(content: bytes, doc_type: DocType) -> None:
    doc = RawDocument(content_id(content), "fuzz", content, doc_type)
    try:
        article = extract_article(doc, SETTINGS)
    except DocumentError:
        return
    assert len(article.text) <= SETTINGS.max_text_chars


def readers_random(payload: bytes, name: str) -> None:
    check_read(list(read_bytes(payload, name, SETTINGS)), SETTINGS)


def readers_mutated(case: tuple[str, bytes]) -> None:
    check_read(list(read_bytes(case[1], case[0], SETTINGS)), SETTINGS)


def textclean_hostile(text: str) -> None:
    clean_scraped_text(text)


def extract_hostile(text: str, doc_type: DocType) -> None:
    base = GOOD_HTML if doc_type is DocType.HTML else GOOD_TEXT
    _extract(base.replace("the", text[:500], 1).encode("utf-8", "surrogatepass"), doc_type)


PROPERTIES: dict[str, tuple[Callable[..., None], dict[str, Any]]] = {
    "readers_random_bytes": (
        readers_random,
        {"payload": st.binary(max_size=8192), "name": st.sampled_from(NAMES)},
    ),
    "readers_mutated_documents": (readers_mutated, {"case": mutated_documents()}),
    "textclean_hostile_text": (textclean_hostile, {"text": hostile_text()}),
    "extract_hostile_text": (
        extract_hostile,
        {"text": hostile_text(), "doc_type": st.sampled_from([DocType.HTML, DocType.TEXT])},
    ),
}


def run_property(name: str, examples: int) -> dict[str, Any]:
    function, strategies = PROPERTIES[name]
    count = 0

    def counted(**kwargs: Any) -> None:
        nonlocal count
        count += 1
        function(**kwargs)

    test = settings(
        max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )(given(**strategies)(counted))
    started = time.monotonic()
    failure = None
    try:
        test()
    except Exception as exc:  # a falsified property: report it, go on with the others
        failure = f"{type(exc).__name__}: {exc}"
    return {
        "property": name,
        "examples": count,
        "seconds": round(time.monotonic() - started, 1),
        "failure": failure,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--examples", type=int, default=10_000, help="Examples per property.")
    parser.add_argument(
        "--only", choices=sorted(PROPERTIES), action="append", help="Run only these properties."
    )
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)  # trafilatura logs every unparsable page
    results = [run_property(name, args.examples) for name in (args.only or PROPERTIES)]
    print(json.dumps(results, indent=2))
    if any(r["failure"] for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()
