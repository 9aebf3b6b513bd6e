"""eventwire's exceptions, in one tree::

EventwireError
├── DataFileError        a dictionary / pattern / actor file is malformed (names file and line)
├── InputError           an input path or argument cannot be used at all
├── DocumentError        one document cannot be processed; becomes a ledger row, never stops a run
│   ├── SkipDocument     a deliberate skip (empty, not an article, unsupported language…)
│   └── DocumentTimeout  the per-document time limit ran out
├── FetchError           an HTTP fetch failed or was refused (robots.txt, size, status)
└── StoreError           the event store cannot be opened or written
"""

from __future__ import annotations


class EventwireError(Exception):
    """Base class of every error eventwire raises on purpose."""


class DataFileError(EventwireError):
    """A data file (actors, patterns, code tables) is malformed."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


class InputError(EventwireError):
    """An input path or argument cannot be used."""


class DocumentError(EventwireError):
    """One document cannot be processed; the run records it and goes on."""


class SkipDocument(DocumentError):
    """A document is deliberately not processed further (the reason is the message)."""


class DocumentTimeout(DocumentError):
    """Processing one document took longer than the configured limit."""


class FetchError(EventwireError):
    """Fetching a URL failed or was not allowed."""


class StoreError(EventwireError):
    """The event store cannot be opened or written."""
