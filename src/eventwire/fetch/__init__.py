"""Fetch: live URLs in, :class:`RawDocument` s or ledger rows out, politely and lazily.

Its public face is :func:`fetch_urls` (used by ``eventwire fetch``) and :class:`Fetcher` (a polite
client kept between calls, with conditional GET: used by ``eventwire watch``); ``_fetcher`` does the
requests and ``_robots`` keeps the per-host politeness state (robots.txt rules, the last request time).
"""

from eventwire.fetch._fetcher import (
    ACCEPT,
    FEED_ACCEPT,
    Fetched,
    Fetcher,
    HttpStatusError,
    Validators,
    describe_failure,
    fetch_urls,
    html_document,
)
from eventwire.fetch._robots import RobotsAnswer, host_key

__all__ = [
    "ACCEPT",
    "FEED_ACCEPT",
    "Fetched",
    "Fetcher",
    "HttpStatusError",
    "RobotsAnswer",
    "Validators",
    "describe_failure",
    "fetch_urls",
    "host_key",
    "html_document",
]
