"""Continuous mode: keep a store current from feeds, pages and folders, and publish GDELT-style updates.

Its public face is :func:`watch` (what ``eventwire watch`` runs) and :class:`Watcher` (one cycle at a
time, for tests and embedding). ``_sources`` names the sources and parses ``--every``; ``_poll`` asks a
source what is new and fetches or reads it; ``_state`` is what is remembered between cycles, in the
store's ``watch_*`` tables; ``_cycle`` runs a cycle (ask → take on → code → one commit → publish) and
the loop; ``_status`` holds the lock and the status file beside the store; ``_signals`` the clean stop.
The update files themselves are :mod:`eventwire.store.updates`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from eventwire.pipeline import Processor
from eventwire.settings import Settings
from eventwire.store import Store
from eventwire.watch._cycle import CycleReport, SourceProblem, Watcher, WatchSummary, next_start
from eventwire.watch._signals import StopOnSignals
from eventwire.watch._sources import SourceKind, SourceList, SourceSpec, parse_every
from eventwire.watch._status import WatchLock, read_status, status_path

__all__ = [
    "CycleReport",
    "SourceKind",
    "SourceList",
    "SourceProblem",
    "SourceSpec",
    "StopOnSignals",
    "WatchLock",
    "WatchSummary",
    "Watcher",
    "next_start",
    "parse_every",
    "read_status",
    "status_path",
    "watch",
]


def watch(
    sources: Sequence[str],
    db: str | Path,
    settings: Settings | None = None,
    url_file: Path | None = None,
    every_s: float = 900.0,
    once: bool = False,
    publish_dir: Path | None = None,
    publish_url: str = "",
    actor_files: Sequence[Path] = (),
    pattern_files: Sequence[Path] = (),
    on_report: Callable[[CycleReport], None] | None = None,
    on_open: Callable[[tuple[str, ...]], None] | None = None,
    stop: threading.Event | None = None,
) -> WatchSummary:
    """Watch ``sources`` (feed URLs, folders, files) and the lines of ``url_file`` into the store ``db``.

    One cycle every ``every_s`` seconds (or one, ``once``) until ``stop`` is set. The store is created
    (and its watch tables) before spaCy loads, so ``eventwire serve`` can open it at once; ``on_open``
    gets the files of updates an interrupted run left unpublished and this start published.
    """
    settings = settings or Settings.from_env()
    source_list = SourceList.of(sources, url_file)
    with (
        WatchLock(db),
        Store.open(
            db,
            lock_timeout_s=settings.store_lock_timeout_s,
            hold_s=settings.store_hold_s,
            story_window=settings.story_window,
            memory_limit=settings.store_memory_limit,
        ) as store,
    ):

        def load() -> Processor:
            return Processor(settings, actor_files=actor_files, pattern_files=pattern_files)

        watcher = Watcher(
            source_list, store, settings, None, publish_dir, publish_url, stop, load_processor=load
        )
        try:
            republished = watcher.open()
            if on_open is not None:
                on_open(republished)
            return watcher.run(every_s, once=once, on_report=on_report)
        finally:
            watcher.close()
