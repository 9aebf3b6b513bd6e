"""What a cycle of ``eventwire watch`` costs when nothing is new: N feeds, each on its own host, answer 304.

Usage::

    .venv/bin/python benchmarks/watch_cycle.py [--feeds 100] [--cycles 20] [--items 1] [--threads 8]

Starts ``--feeds`` HTTP servers on 127.0.0.1, one port each (a port is a host to the fetcher: robots.txt
and ``fetch_delay_s`` apply per host, as with 100 news sites), each serving an RSS feed of ``--items``
items that answers ``If-None-Match`` with ``304``. A Watcher (the one ``eventwire watch`` runs) over a
fresh store takes the feeds on in a first cycle (pages fetched and extracted, not coded: no spaCy, the
measured cycles never code anything), then runs ``--cycles`` cycles in which every feed answers 304,
and prints the median, 90th percentile and maximum of their wall-clock time, and the requests they
made. The default ``fetch_delay_s`` (1 s between two requests to one host) is kept, so the cycles are
``--gap`` seconds apart (default: just over that delay; ``--every`` keeps them minutes apart), and the
pause is not timed.

``--cli`` also times ``eventwire watch --urls FILE --once`` as cron would run it (a new process each
time: Python start-up, imports, the watch state and the hosts' robots.txt answers read from the store,
then the cycle).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from multiprocessing import Event, Process, Queue
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from _feed_server import FeedSite
from eventwire.pipeline import Processor
from eventwire.settings import Settings
from eventwire.store import Store
from eventwire.watch import SourceList, Watcher


def _serve(feeds: int, items: int, bases: Queue[list[str]], stop: Event) -> None:
    """The news sites, in their own process (as remote servers would be: they do not share our GIL)."""
    sites = [FeedSite().start() for _ in range(feeds)]
    for n, site in enumerate(sites):
        site.publish("/feed.rss", [n * items + i for i in range(items)])
    bases.put([site.base for site in sites])
    stop.wait()
    for site in sites:
        site.stop()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--feeds", type=int, default=100)
    parser.add_argument("--cycles", type=int, default=20)
    parser.add_argument("--items", type=int, default=1)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--gap", type=float, default=None, help="seconds between cycles (not timed)")
    parser.add_argument("--cli", action="store_true", help="also time `eventwire watch --once` processes")
    args = parser.parse_args()

    bases: Queue[list[str]] = Queue()
    stop = Event()
    server = Process(target=_serve, args=(args.feeds, args.items, bases, stop), daemon=True)
    server.start()
    try:
        feeds = [f"{base}/feed.rss" for base in bases.get(timeout=120)]
        settings = Settings.from_env().replace(watch_fetch_threads=args.threads, store_hold_s=10.0)
        load = os.getloadavg()
        print(f"{args.feeds} feeds on {args.feeds} hosts (served by another process), {args.items} item(s) each; "
              f"watch_fetch_threads={settings.watch_fetch_threads}, fetch_delay_s={settings.fetch_delay_s:g}; "
              f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")  # fmt: skip
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "bench.duckdb"
            with Store.open(db, hold_s=settings.store_hold_s) as store:
                watcher = Watcher(
                    SourceList.of(feeds), store, settings, Processor(settings, code_events=False)
                )
                try:
                    watcher.open()
                    started = time.perf_counter()
                    first = watcher.cycle()
                    print(f"first cycle: {first.documents} documents taken on from {first.checked} feeds "
                          f"in {time.perf_counter() - started:.2f} s (robots.txt, feeds, pages)")  # fmt: skip
                    times = []
                    gap = settings.fetch_delay_s + 0.1 if args.gap is None else args.gap
                    for _ in range(args.cycles):
                        time.sleep(gap)
                        report = watcher.cycle()
                        assert report.documents == 0 and report.unchanged == args.feeds, report
                        times.append(report.seconds)
                finally:
                    watcher.close()
            times.sort()
            p90 = times[min(len(times) - 1, int(0.9 * len(times)))]
            print(f"nothing-new cycle ({args.cycles} cycles, every feed answered 304): "
                  f"median {statistics.median(times) * 1000:.0f} ms, p90 {p90 * 1000:.0f} ms, "
                  f"max {times[-1] * 1000:.0f} ms")  # fmt: skip
            if args.cli:
                _cli(feeds, Path(tmp), db)
    finally:
        stop.set()
        server.join(timeout=10)


def _cli(feeds: list[str], tmp: Path, db: Path) -> None:
    urls = tmp / "urls.txt"
    urls.write_text("\n".join(feeds) + "\n", encoding="utf-8")
    eventwire = Path(sys.executable).with_name("eventwire")
    times = []
    for _ in range(3):
        time.sleep(1.1)  # fetch_delay_s since the last request to each host
        started = time.perf_counter()
        done = subprocess.run(
            [str(eventwire), "watch", "--urls", str(urls), "--db", str(db), "--once"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        times.append(time.perf_counter() - started)
        assert done.returncode == 0, done.stderr
        line = done.stdout.strip().splitlines()[0]
    print(f"`eventwire watch --once` process, nothing new: median {statistics.median(times):.2f} s "
          f"(min {min(times):.2f}, max {max(times):.2f}); its line: {line}")  # fmt: skip


if __name__ == "__main__":
    main()
