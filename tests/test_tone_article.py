"""Article tone: GDELT-style percentages from vaderSentiment's lexicon."""

from __future__ import annotations

import pytest

from eventwire.tone import article_tone


def test_tone_positive_text_has_positive_average() -> None:
    tone = article_tone("The leaders praised the friendly talks and welcomed the peaceful agreement.")
    assert tone.positive > 0 and tone.negative == 0
    assert tone.average == pytest.approx(tone.positive - tone.negative)


def test_tone_negative_text_has_negative_average() -> None:
    tone = article_tone("Bombs killed dozens of civilians in a brutal attack that injured many more.")
    assert tone.negative > tone.positive
    assert tone.average < 0


def test_tone_percentages_count_words() -> None:
    tone = article_tone("good bad table chair")
    assert tone.word_count == 4
    assert (tone.positive, tone.negative, tone.polarity, tone.average) == (25.0, 25.0, 50.0, 0.0)


def test_tone_empty_text_is_neutral() -> None:
    tone = article_tone("  ")
    assert (tone.average, tone.word_count) == (0.0, 0)
