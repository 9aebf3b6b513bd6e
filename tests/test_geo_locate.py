"""Geolocation of events: sentence place names, datelines, common-word names, context countries."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from eventwire.geo import Geocoder
from eventwire.records import Actor, ActorMention, Article, Span


@pytest.fixture(scope="module")
def geocoder() -> Geocoder:
    return Geocoder()


def _article(text: str = "No dateline here, just text about diplomacy.") -> Article:
    return Article("d1", "test", text, "test", published=datetime(2018, 12, 1, tzinfo=UTC))


def test_geo_seed_agreement_sentence_is_in_buenos_aires(geocoder: Geocoder) -> None:
    sentence = ("During their brief exchange on the sidelines of the G20 summit in Buenos Aires, "
                "Putin and Abe agreed to meet again.")  # fmt: skip
    putin = ActorMention(0, Span(82, 87, "Putin"), Actor("RUSGOV", "RUS"), "putin", "test")
    where = geocoder.locate(sentence, _article(), [putin])
    assert where is not None
    assert (where.name, where.country, where.precision, where.geonames_id) == (
        "Buenos Aires", "ARG", "city", 3435910,
    )  # fmt: skip


def test_geo_in_country_gives_country_precision(geocoder: Geocoder) -> None:
    where = geocoder.locate("Talks were held in Argentina on Monday.", _article(), [])
    assert where is not None and (where.country, where.precision) == ("ARG", "country")


def test_geo_common_words_do_not_fire(geocoder: Geocoder) -> None:
    for sentence in ("Of the five ministers, none was reading the report.",
                     "Reading the statement, the envoy called the offer nice.",
                     "Lincoln said the bill would pass."):  # fmt: skip
        assert geocoder.locate(sentence, _article(), []) is None, sentence


def test_geo_context_country_picks_the_right_paris(geocoder: Geocoder) -> None:
    france = geocoder.locate("Protesters gathered in Paris on Saturday.", _article(), [])
    texas = geocoder.locate("Police in Paris, Texas arrested two men.", _article(), [])
    assert france is not None and france.country == "FRA"
    assert texas is not None and (texas.country, texas.admin1) == ("USA", "TX")


def test_geo_dateline_is_used_when_the_sentence_names_no_place(geocoder: Geocoder) -> None:
    art = _article("TOKYO, Dec 2 (Wire) - Prime Minister Shinzo Abe said talks had gone well.")
    where = geocoder.locate("Abe said talks had gone well.", art, [])
    assert where is not None and (where.name, where.country) == ("Tokyo", "JPN")


def test_geo_actor_mention_is_not_a_place(geocoder: Geocoder) -> None:
    sentence = "Jordan met the envoy."
    jordan = ActorMention(0, Span(0, 6, "Jordan"), Actor("JORGOV", "JOR"), "jordan", "test")
    assert geocoder.locate(sentence, _article(), [jordan]) is None
