"""From a new item on a feed to its events being queryable over the HTTP API, with ``eventwire watch --every 10s``.

Usage::

    .venv/bin/python benchmarks/watch_latency.py [--items 8] [--every 10s] [--seed 1]

Serves an RSS feed and its article pages on 127.0.0.1 (default politeness: robots.txt, and
``fetch_delay_s`` = 1 s between the feed and the page, which live on one host), starts the real CLI
``eventwire watch FEED --every 10s`` and ``eventwire serve`` on the same store, waits until the watcher
has coded the first item (spaCy loaded), then ``--items`` times: waits a random 0-``every`` seconds (so
items appear at any point of the cycle), adds an item whose article reports an event on a date no other
item uses, and polls ``GET /events?since=D&until=D`` every 50 ms until it answers with the event.

Prints each latency and their median, mean, min and max, and splits them into the wait for the next
cycle (from the watcher's own cycle lines) and the rest: fetch, extract, code, commit, and the
one-writer handover to the server.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from _feed_server import PAIRS, FeedSite, Item, Route, article_page, rss
from eventwire.watch import parse_every, read_status


def _story(n: int) -> tuple[str, str, date]:
    a, b = PAIRS[n % len(PAIRS)]
    day = date(2023, 1, 2) + timedelta(days=3 * n)
    text = (
        f"On {day:%B} {day.day}, {day.year}, {a} condemned {b} over the border dispute, officials said.\n\n"
        f"The foreign minister of {a} met the ambassador of {b} in the capital to discuss trade."
    )
    return f"{a} condemns {b}", text, day


class Site:
    def __init__(self) -> None:
        self.site = FeedSite().start()
        self.items: list[Item] = []

    def add(self, n: int) -> date:
        title, text, day = _story(n)
        published = datetime.combine(day + timedelta(days=1), datetime.min.time(), UTC)
        path = f"/news/{n}.html"
        routes = dict(self.site.routes)
        routes[path] = Route(article_page(title, text, published.isoformat()))
        self.items.insert(
            0,
            Item(
                f"item-{n}",
                title,
                self.site.base + path,
                published.strftime("%a, %d %b %Y %H:%M:%S +0000"),
                title,
            ),
        )
        routes["/feed.rss"] = Route(rss(self.items), "application/rss+xml")
        self.site.routes = routes
        return day


def _get(url: str) -> dict[str, object]:
    with urllib.request.urlopen(url, timeout=10) as answer:
        found: dict[str, object] = json.loads(answer.read())
        return found


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=8)
    parser.add_argument("--every", default="10s")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    every_s = parse_every(args.every)
    rng = random.Random(args.seed)
    eventwire = str(Path(sys.executable).with_name("eventwire"))
    site = Site()
    site.add(0)
    cycles: list[tuple[float, str]] = []  # (our clock when the line arrived, the line)

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "live.duckdb"
        watch = subprocess.Popen(
            [eventwire, "watch", f"{site.site.base}/feed.rss", "--db", str(db), "--every", args.every],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip

        def read_lines() -> None:
            assert watch.stdout is not None
            for line in watch.stdout:
                cycles.append((time.time(), line.rstrip()))

        threading.Thread(target=read_lines, daemon=True).start()
        port = _free_port()
        serve = None
        try:
            deadline = time.monotonic() + 300
            while not any("1 new document" in line for _, line in cycles):
                if time.monotonic() > deadline or watch.poll() is not None:
                    raise SystemExit("the watcher did not code the first item")
                time.sleep(0.2)
            serve = subprocess.Popen(
                [eventwire, "serve", "--db", str(db), "--port", str(port), "--log-level", "warning"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            base = f"http://127.0.0.1:{port}"
            while True:
                try:
                    _get(f"{base}/status")
                    break
                except OSError:
                    time.sleep(0.2)
            load = os.getloadavg()
            print(f"eventwire watch --every {args.every} and eventwire serve on one store; "
                  f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")  # fmt: skip
            latencies: list[float] = []
            waits: list[float] = []
            for n in range(1, args.items + 1):
                time.sleep(rng.uniform(0, every_s))
                seen = len(cycles)
                day = site.add(n)
                added = time.time()
                url = f"{base}/events?since={day}&until={day}&limit=1"
                while not _get(url)["total"]:
                    if time.time() - added > 180:
                        raise SystemExit(f"item {n} never became queryable")
                    time.sleep(0.05)
                latency = time.time() - added
                coded = next((c for c in cycles[seen:] if "new document" in c[1]), None)
                started = _cycle_start(coded[1]) if coded else None
                wait = max(0.0, started - added) if started is not None else float("nan")
                latencies.append(latency)
                waits.append(wait)
                print(f"item {n}: queryable after {latency:.2f} s (waiting for the cycle ≈ {wait:.1f} s, "
                      f"then {latency - wait:.2f} s)  {coded[1] if coded else ''}")  # fmt: skip
            rest = [lat - w for lat, w in zip(latencies, waits, strict=True)]
            print(f"latency over {len(latencies)} items: median {statistics.median(latencies):.2f} s, "
                  f"mean {statistics.mean(latencies):.2f} s, min {min(latencies):.2f} s, max {max(latencies):.2f} s; "
                  f"after the cycle starts: median {statistics.median(rest):.2f} s, max {max(rest):.2f} s")  # fmt: skip
            status = read_status(db)
            print(f"watcher: {status and status.get('cycles')} cycles")
        finally:
            for proc in (serve, watch):
                if proc is not None and proc.poll() is None:
                    proc.terminate()
                    proc.wait(timeout=60)
            site.site.stop()


def _cycle_start(line: str) -> float | None:
    """The cycle's start (whole seconds, UTC) from its line: '2026-12-08 10:15:00Z cycle 3: …'."""
    try:
        return datetime.strptime(line[:20], "%Y-%m-%d %H:%M:%SZ").replace(tzinfo=UTC).timestamp()
    except ValueError:
        return None


if __name__ == "__main__":
    main()
