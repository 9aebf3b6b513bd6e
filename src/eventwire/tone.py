"""Article tone in GDELT's sense, from vaderSentiment's offline word lexicon.

GDELT's tone fields are percentages of the document's words::

    positive = 100 * (words with a positive lexicon score) / words
    negative = 100 * (words with a negative lexicon score) / words
    average  = positive - negative          (GDELT's "Tone"/AvgTone, -100..+100)
    polarity = positive + negative          (how emotionally charged the text is)

Words are lower-cased word tokens (letters, digits, apostrophes); the lexicon is vaderSentiment's
``vader_lexicon.txt`` (about 7,500 scored words and emoticons), read once when this module is imported.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType
from typing import Final

import vaderSentiment.vaderSentiment as _vader

from eventwire.records import Tone

_WORD: Final = re.compile(r"[^\W_]+(?:'[^\W_]+)*", re.UNICODE)


def _load_lexicon() -> MappingProxyType[str, float]:
    path = Path(_vader.__file__).with_name("vader_lexicon.txt")
    scores: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            try:
                scores[parts[0].lower()] = float(parts[1])
            except ValueError:
                continue
    return MappingProxyType(scores)


_LEXICON: Final = _load_lexicon()


def article_tone(text: str) -> Tone:
    """GDELT-style tone of ``text``: positive/negative/polarity percentages of its words and their difference."""
    words = _WORD.findall(text.lower())
    if not words:
        return Tone(average=0.0, positive=0.0, negative=0.0, polarity=0.0, word_count=0)
    pos = neg = 0
    for word in words:
        score = _LEXICON.get(word)
        if score is None:
            continue
        if score > 0:
            pos += 1
        elif score < 0:
            neg += 1
    n = len(words)
    positive = 100.0 * pos / n
    negative = 100.0 * neg / n
    return Tone(
        average=positive - negative,
        positive=positive,
        negative=negative,
        polarity=positive + negative,
        word_count=n,
    )
