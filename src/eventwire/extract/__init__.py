"""Extract stage: one :class:`RawDocument` in, one :class:`Article` (title, date, body, language) out.

Its public face is :func:`extract_article`, which raises :class:`~eventwire.errors.SkipDocument` for a
page that holds no article. Behind it: ``_article`` (the trafilatura cascade for HTML, container hints,
dates), ``_textclean`` with ``_textrules`` and ``_datelines`` (the cleaner for already-scraped text) and
``_language`` (:func:`detect_language`, offline; the processor's language gate reads its answer).
"""

from eventwire.extract._article import extract_article, source_domain
from eventwire.extract._language import detect_language

__all__ = ["detect_language", "extract_article", "source_domain"]
