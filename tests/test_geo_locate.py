"""Geolocation of events: sentence place names, datelines, common-word names, context countries."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

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


DATA = Path(__file__).parent / "data" / "geo"


@pytest.mark.parametrize(
    ("filename", "city", "iso3"),
    [("dateline_plain.txt", "Luxembourg", "LUX"), ("dateline_two_cities.txt", "Washington", "USA"),
     ("dateline_agency.txt", "Beijing", "CHN"), ("dateline_bare.txt", "Caracas", "VEN")],
)  # fmt: skip
def test_geo_dateline_city_locates_sentences_without_a_place(
    geocoder: Geocoder, filename: str, city: str, iso3: str
) -> None:
    text = (DATA / filename).read_text(encoding="utf-8")
    where = geocoder.locate(text.split("\n\n")[1].strip(), _article(text), [])
    assert where is not None
    assert (where.name, where.country, where.precision) == (city, iso3, "city")
    assert where.lat is not None and where.lon is not None


def test_geo_sentence_place_beats_the_dateline(geocoder: Geocoder) -> None:
    text = (DATA / "dateline_bare.txt").read_text(encoding="utf-8")
    where = geocoder.locate("Troops were later seen near Maracaibo.", _article(text), [])
    assert where is not None and (where.name, where.country) == ("Maracaibo", "VEN")


def test_geo_person_name_after_a_title_is_not_a_place(geocoder: Geocoder) -> None:
    for sentence in ("French Ambassador Victoria Lindqvist said the vote was premature.",
                     "Foreign Minister Florence Adeyemi thanked the donors.",
                     "The plan was backed by spokesman Nelson Obuya on Tuesday."):  # fmt: skip
        assert geocoder.locate(sentence, _article(), []) is None, sentence


def test_geo_first_name_inside_a_longer_name_is_not_a_place(geocoder: Geocoder) -> None:
    assert geocoder.toponyms("Linda Marquardt-Oyelaran told the committee she would resign.") == []


def test_geo_surname_of_a_person_named_earlier_is_not_a_place(geocoder: Geocoder) -> None:
    text = "Kobe Bryant scored 40 points on Sunday. Afterwards Bryant said the team was ready."
    assert geocoder.toponyms(text) == []


def test_geo_place_with_an_organisation_word_still_counts(geocoder: Geocoder) -> None:
    found = geocoder.toponyms("Moscow Mayor Sergei Sobyanin closed the schools.")
    assert [(t.text, t.location.country) for t in found] == [("Moscow", "RUS")]


def test_geo_place_followed_by_a_feature_word_is_another_place(geocoder: Geocoder) -> None:
    assert geocoder.toponyms("Police cleared Washington Square before dawn.") == []


def test_geo_month_and_holiday_names_are_not_places(geocoder: Geocoder) -> None:
    found = geocoder.toponyms("The truce was agreed in March for the month of Ramadan in Gaza.")
    assert [(t.text, t.location.name) for t in found] == [("Gaza", "Gaza Strip")]


@pytest.mark.parametrize(
    ("sentence", "name", "iso3"),
    [("Settlers clashed with villagers in the West Bank.", "West Bank", "PSE"),
     ("Shelling resumed across the Donbas overnight.", "Donbas", "UKR"),
     ("Drones struck an airfield in Crimea.", "Crimea", "UKR"),
     ("Voters in Kurdistan went to the polls.", "Kurdistan", "IRQ"),
     ("Air strikes hit a market in Idlib Province.", "Idlib Province", "SYR"),
     ("Gunmen attacked a village in Borno.", "Borno", "NGA")],
)  # fmt: skip
def test_geo_regions_and_territories_resolve_with_coordinates(
    geocoder: Geocoder, sentence: str, name: str, iso3: str
) -> None:
    where = geocoder.locate(sentence, _article(), [])
    assert where is not None
    assert (where.name, where.country, where.precision) == (name, iso3, "admin1")
    assert where.lat is not None and where.lon is not None


def test_geo_countries_have_a_representative_point(geocoder: Geocoder) -> None:
    where = geocoder.locate("Elections were held in Kenya on Tuesday.", _article(), [])
    assert (
        where is not None and where.precision == "country" and where.lat is not None and where.lon is not None
    )
    nairobi = geocoder.gazetteer.lookup("Nairobi")[0].location
    assert (round(where.lat, 2), round(where.lon or 0, 2)) == (
        round(nairobi.lat or 0, 2),
        round(nairobi.lon or 0, 2),
    )


def test_geo_capital_beats_the_same_named_state(geocoder: Geocoder) -> None:
    where = geocoder.locate("Talks resumed in Washington on Friday.", _article(), [])
    assert where is not None and (where.country, where.admin1, where.precision) == ("USA", "DC", "city")


def test_geo_country_without_preposition_is_an_actor_not_the_place(geocoder: Geocoder) -> None:
    text = (DATA / "dateline_agency.txt").read_text(encoding="utf-8")
    where = geocoder.locate("Iran and Saudi Arabia agreed to reopen their embassies.", _article(text), [])
    assert where is not None and (where.name, where.country) == ("Beijing", "CHN")


def test_geo_adjectives_are_toponyms_but_locate_nothing(geocoder: Geocoder) -> None:
    found = geocoder.toponyms("Russian officials met the delegation.")
    assert [(t.text, t.location.country, t.adjective) for t in found] == [("Russian", "RUS", True)]
    assert geocoder.locate("Russian officials met the delegation.", _article(), []) is None


def test_geo_acronyms_are_not_cities(geocoder: Geocoder) -> None:
    assert geocoder.toponyms("The OAS and the UN issued a joint statement.") == []
