"""Fetch: live URLs in, :class:`RawDocument` s or ledger rows out, politely and lazily.

Its public face is :func:`fetch_urls` (used by ``eventwire fetch``); ``_fetcher`` does the requests and
``_robots`` keeps the per-host politeness state (robots.txt rules, the last request time).
"""

from eventwire.fetch._fetcher import fetch_urls

__all__ = ["fetch_urls"]
