"""Politeness state for one fetch run: robots.txt rules and the last request time, per host.

A long-lived fetcher (``eventwire watch``) calls :meth:`Politeness.new_round` before each round of
requests: rules older than :data:`ROBOTS_MAX_AGE_S` (RFC 9309's 24 hours) and hosts whose robots.txt
could not be read are asked again, so one outage does not shut a host out for the process's life.
It can also hand its answers over (:meth:`Politeness.answers`, with the wall-clock time each was read)
and take them back in a later process (:meth:`Politeness.remember`), so a watcher started by cron
does not ask every host for robots.txt again on every run.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.robotparser import RobotFileParser

import httpx

from eventwire.errors import FetchError

ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309: parse at least the first 500 KiB
MAX_CRAWL_DELAY_S = 30.0  # a robots.txt Crawl-delay above this is capped
ROBOTS_MAX_AGE_S = 24 * 3600.0  # RFC 9309: a cached robots.txt should not be used longer than 24 hours


@dataclass(frozen=True, slots=True)
class RobotsAnswer:
    """What one host answered for /robots.txt (2xx: the rules; 4xx: no rules), and when (epoch seconds)."""

    host: str
    status: int
    body: str
    fetched_at: float


def _parser(url: str, answer: RobotsAnswer) -> RobotFileParser:
    rules = RobotFileParser(url)
    rules.parse([] if answer.status >= 400 else answer.body.splitlines())  # no rules allow everything
    return rules


def host_key(url: httpx.URL) -> str:
    """scheme://host:port — robots.txt and the delay apply per origin."""
    return f"{url.scheme}://{url.host}:{url.port or (443 if url.scheme == 'https' else 80)}"


@dataclass
class Politeness:
    """Per-host robots.txt rules (fetched once with the run's client) and request spacing.

    robots.txt answers follow RFC 9309: 2xx → parse the rules; 4xx → everything allowed;
    5xx or no answer → the host is unreachable (a :class:`FetchError`).
    """

    client: httpx.Client
    user_agent: str
    delay_s: float
    timeout_s: float
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _robots: dict[str, RobotFileParser | FetchError] = field(default_factory=dict)
    _loaded: dict[str, float] = field(default_factory=dict)
    _last: dict[str, float] = field(default_factory=dict)
    _answers: dict[str, RobotsAnswer] = field(default_factory=dict)
    _locks: dict[str, threading.Lock] = field(default_factory=dict)
    _guard: threading.Lock = field(default_factory=threading.Lock)

    def answers(self) -> list[RobotsAnswer]:
        """The robots.txt answers held now (rules in force), to keep for a later process."""
        return [self._answers[key] for key in self._robots if key in self._answers]

    def remember(self, answers: list[RobotsAnswer], wall_now: float | None = None) -> None:
        """Take answers read by an earlier process; those older than ROBOTS_MAX_AGE_S are left out."""
        wall = time.time() if wall_now is None else wall_now
        now = self.clock()
        for answer in answers:
            age = wall - answer.fetched_at
            if 0 <= age < ROBOTS_MAX_AGE_S and answer.host not in self._robots:
                self._robots[answer.host] = _parser(f"{answer.host}/robots.txt", answer)
                self._loaded[answer.host] = now - age
                self._answers[answer.host] = answer

    def new_round(self) -> None:
        """Forget robots.txt answers that failed or are older than ROBOTS_MAX_AGE_S (asked again when needed)."""
        now = self.clock()
        for key in list(self._robots):
            stale = now - self._loaded.get(key, now) >= ROBOTS_MAX_AGE_S
            if stale or isinstance(self._robots[key], FetchError):
                del self._robots[key]

    def wait(self, url: httpx.URL) -> None:
        """Sleep until this host may be asked again, then note the request time."""
        key = host_key(url)
        delay = self.delay_s
        rules = self._robots.get(key)
        if isinstance(rules, RobotFileParser):
            crawl_delay = rules.crawl_delay(self.user_agent)
            if crawl_delay is not None:
                delay = max(delay, min(float(crawl_delay), MAX_CRAWL_DELAY_S))
        with self._host_lock(key):  # two threads asking one host (after a redirect) still take turns
            last = self._last.get(key)
            if last is not None:
                remaining = last + delay - self.clock()
                if remaining > 0:
                    self.sleep(remaining)
            self._last[key] = self.clock()

    def _host_lock(self, key: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(key, threading.Lock())

    def allowed(self, url: httpx.URL) -> bool:
        """Whether robots.txt lets our user agent fetch ``url``; raises FetchError if robots.txt is unreachable."""
        key = host_key(url)
        if key not in self._robots:
            self._robots[key] = self._load(url)
            self._loaded[key] = self.clock()
        rules = self._robots[key]
        if isinstance(rules, FetchError):
            raise rules
        return rules.can_fetch(self.user_agent, str(url))

    def _load(self, url: httpx.URL) -> RobotFileParser | FetchError:
        robots_url = url.copy_with(path="/robots.txt", query=None, fragment=None)
        self.wait(robots_url)
        headers = {"User-Agent": self.user_agent}
        try:
            with self.client.stream(
                "GET", robots_url, headers=headers, timeout=self.timeout_s, follow_redirects=True
            ) as response:
                body = _read_limited(response, ROBOTS_MAX_BYTES)
                status = response.status_code
        except httpx.HTTPError as exc:
            return FetchError(f"robots.txt unreachable: {type(exc).__name__}: {exc}")
        if status >= 500:
            return FetchError(f"robots.txt unreachable (HTTP {status})")
        answer = RobotsAnswer(host_key(url), status, body.decode("utf-8", errors="replace"), time.time())
        self._answers[answer.host] = answer
        return _parser(str(robots_url), answer)


def _read_limited(response: httpx.Response, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size >= limit:
            break
    return b"".join(chunks)[:limit]
