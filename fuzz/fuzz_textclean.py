"""atheris harness: arbitrary text through the scraped-text cleaner and arbitrary bytes through extraction.

    .venv/bin/python fuzz/fuzz_textclean.py -max_total_time=60 [corpus_dir]

``clean_scraped_text`` must never raise; ``extract_article`` may raise only ``DocumentError`` (a recorded
skip or failure) and must keep the body within ``max_text_chars``. The first byte picks the declared
type (HTML or text). Needs ``atheris`` (a dev-only tool, see docs/reliability.md).
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from eventwire.errors import DocumentError
    from eventwire.extract import extract_article
    from eventwire.extract._textclean import clean_scraped_text
    from eventwire.records import DocType, RawDocument, content_id
    from eventwire.settings import Settings

SETTINGS = Settings(max_text_chars=50_000)


def one_input(data: bytes) -> None:
    if not data:
        return
    provider = atheris.FuzzedDataProvider(data[1:])
    clean_scraped_text(provider.ConsumeUnicodeNoSurrogates(len(data)))
    content = data[1:]
    doc_type = DocType.HTML if data[0] % 2 else DocType.TEXT
    doc = RawDocument(content_id(content), "fuzz", content, doc_type)
    try:
        article = extract_article(doc, SETTINGS)
    except DocumentError:
        return
    if len(article.text) > SETTINGS.max_text_chars:
        raise AssertionError(f"body of {len(article.text)} characters is over max_text_chars")


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
