"""Locality: the article's home region, given by the newsroom or inferred from
the text, as a prior for ambiguous names."""

from __future__ import annotations

import pytest
from builders import place

from geomap.errors import UnknownPlace
from geomap.gazetteer.store import MemoryGazetteer
from geomap.geoparse.locality import (
    HomeSighting,
    dateline_start,
    infer_locality,
    lookup_locality,
)
from geomap.model import Country, Document, LatLon, Locality, LocalitySource
from geomap.pipeline import find_places

# Namesakes a local paper meets: a famous city or a country against a small
# town of the paper's own state.
LOCAL_PLACES = [
    place("c:us", "United States", "country", "US", 39.8, -98.6, 327_000_000, source="countries"),
    place("c:lb", "Lebanon", "country", "LB", 33.8, 35.8, 6_800_000, source="countries"),
    place("c:eg", "Egypt", "country", "EG", 26.7, 30.8, 100_000_000, source="countries"),
    place("t:alex-eg", "Alexandria", "city", "EG", 31.2, 29.9, 3_800_000, "Alexandria"),
    place("t:alex-la", "Alexandria", "city", "US", 31.31, -92.45, 47_000, "Louisiana"),
    place("t:alex-va", "Alexandria", "city", "US", 38.80, -77.05, 150_000, "Virginia"),
    place("t:leb-pa", "Lebanon", "city", "US", 40.34, -76.41, 25_500, "Pennsylvania"),
    place("t:leb-tn", "Lebanon", "city", "US", 36.21, -86.29, 30_300, "Tennessee"),
    place("t:pineville", "Pineville", "city", "US", 31.32, -92.43, 14_000, "Louisiana"),
    place("t:ball", "Ball", "city", "US", 31.42, -92.41, 4_000, "Louisiana"),
    place("t:louisville", "Louisville", "city", "US", 38.25, -85.76, 600_000, "Kentucky"),
    place("t:salem-in", "Salem", "city", "US", 38.61, -86.10, 6_300, "Indiana"),
    place("t:salem-ky", "Salem", "city", "US", 37.26, -88.24, 750, "Kentucky"),
    place("t:salem-or", "Salem", "city", "US", 44.94, -123.04, 175_000, "Oregon"),
    place("t:rapides", "Rapides Parish", "admin2", "US", 31.19, -92.53, 0, "Louisiana"),
    place("t:la", "Louisiana", "admin1", "US", 31.0, -92.0, 0, "Louisiana"),
    place("t:ky", "Kentucky", "admin1", "US", 37.5, -85.3, 0, "Kentucky"),
    place("t:pa", "Pennsylvania", "admin1", "US", 40.9, -77.8, 0, "Pennsylvania"),
    place("t:va", "Virginia", "admin1", "US", 37.5, -78.8, 0, "Virginia"),
    place("t:in", "Indiana", "admin1", "US", 40.0, -86.1, 0, "Indiana"),
]
LOCAL_COUNTRIES = [
    Country("US", "USA", "United States", "c:us"),
    Country("LB", "LBN", "Lebanon", "c:lb"),
    Country("EG", "EGY", "Egypt", "c:eg"),
]


@pytest.fixture(scope="module")
def local_gazetteer() -> MemoryGazetteer:
    return MemoryGazetteer(LOCAL_PLACES, countries=LOCAL_COUNTRIES)


def chosen(text: str, gazetteer: MemoryGazetteer, *, locality: str = "") -> dict[str, str]:
    resolutions, _ = find_places([Document("d", text, locality=locality)], gazetteer)
    return {r.mention.text: r.place.id for r in resolutions if r.place is not None}


@pytest.mark.parametrize(
    ("text", "locality", "mention", "expected"),
    [
        # no locality: the famous namesake
        ("A woman from Alexandria was charged on Monday.", "", "Alexandria", "t:alex-eg"),
        ("Relatives live in Lebanon and nearby.", "", "Lebanon", "c:lb"),
        # the newsroom's state decides, for a town and against a country
        ("A woman from Alexandria was charged.", "Louisiana", "Alexandria", "t:alex-la"),
        ("Relatives live in Lebanon and nearby.", "Pennsylvania", "Lebanon", "t:leb-pa"),
        # a town as locality: its state; a country loses only to a town of
        # that state
        ("Relatives live in Lebanon and nearby.", "Louisville", "Lebanon", "c:lb"),
        ("A woman from Alexandria was charged.", "Pineville", "Alexandria", "t:alex-la"),
        # a qualifier in the text still beats the newsroom's locality
        ("She moved from Alexandria, Virginia, last year.", "Louisiana", "Alexandria", "t:alex-va"),
    ],
)
def test_given_locality_is_a_prior(
    text: str, locality: str, mention: str, expected: str, local_gazetteer: MemoryGazetteer
) -> None:
    assert chosen(text, local_gazetteer, locality=locality)[mention] == expected


def test_the_articles_own_county_and_towns_are_its_home(local_gazetteer) -> None:
    text = (
        "Deputies in Rapides Parish arrested a man on Friday. He lives in Pineville "
        "and works in Ball. A woman from Alexandria was also charged."
    )
    assert chosen(text, local_gazetteer)["Alexandria"] == "t:alex-la"


def test_a_states_office_in_the_story_makes_the_state_home(local_gazetteer) -> None:
    text = (
        "The Indiana State Police searched a storage unit in Salem after a report "
        "of a suspicious device."
    )
    resolutions, _ = find_places([Document("d", text)], local_gazetteer)
    salem = next(r for r in resolutions if r.mention.text == "Salem")
    assert salem.place is not None and salem.place.id == "t:salem-in"


def test_a_qualified_far_place_is_not_the_articles_home(local_gazetteer) -> None:
    # Kentucky says where Louisville is, not where the text is (the last
    # session's false alarm read Salem in Kentucky).
    text = "Salem is 30 miles northwest of Louisville, Kentucky."
    resolutions, _ = find_places([Document("d", text)], local_gazetteer)
    salem = next(r for r in resolutions if r.mention.text == "Salem")
    assert salem.place is not None and salem.place.id != "t:salem-ky"
    assert not any("locality" in reason for reason in salem.reasons)


def test_explain_says_when_the_locality_decided(local_gazetteer) -> None:
    resolutions, _ = find_places(
        [Document("d", "Relatives live in Lebanon.", locality="Pennsylvania")], local_gazetteer
    )
    reasons = resolutions[0].reasons
    assert "the article's locality decided" in reasons
    assert any("Pennsylvania" in r and "given" in r for r in reasons)


def test_an_unknown_locality_is_an_error_naming_it(local_gazetteer) -> None:
    with pytest.raises(UnknownPlace, match="Xqzville"):
        find_places(
            [Document("a1", "Relatives live in Lebanon.", locality="Xqzville")], local_gazetteer
        )


def test_a_town_unknown_but_for_its_region_is_an_error_saying_what_to_give(
    local_gazetteer,
) -> None:
    with pytest.raises(UnknownPlace, match=r"Millbrook, Kentucky.*give its region \('Kentucky'\)"):
        lookup_locality("Millbrook, Kentucky", local_gazetteer)


def test_a_small_town_of_the_given_locality_needs_no_other_backing(local_gazetteer) -> None:
    text = "Firefighters in Ball said the blaze was out by noon."
    assert chosen(text, local_gazetteer) == {}  # a small town named alone: not trusted
    assert chosen(text, local_gazetteer, locality="Louisiana") == {"Ball": "t:ball"}
    # a home elsewhere vouches for nothing here
    assert chosen(text, local_gazetteer, locality="Kentucky") == {}


@pytest.mark.parametrize(
    ("name", "country", "admin1", "has_point"),
    [
        ("Louisiana", "US", "Louisiana", False),
        ("Pineville", "US", "Louisiana", True),
        ("Salem, Indiana", "US", "Indiana", True),
        ("Rapides Parish", "US", "Louisiana", True),
    ],
)
def test_lookup_locality(
    name: str, country: str, admin1: str, has_point: bool, local_gazetteer
) -> None:
    locality = lookup_locality(name, local_gazetteer)
    assert (locality.country_code, locality.admin1) == (country, admin1)
    assert (locality.point is not None) == has_point
    assert locality.source is LocalitySource.GIVEN


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("MILLBROOK, Ky. -- A fire destroyed a barn.", 0),
        ("COLUMBUS (AP) — The council met on Tuesday.", 0),
        ("  GRAND RAPIDS, Mich. – Snow closed the schools.", 2),
        ("Police said the fire -- the third this year -- spread.", None),
        ("The mayor of Millbrook -- a former teacher -- resigned.", None),
    ],
)
def test_dateline_start(text: str, start: int | None) -> None:
    assert dateline_start(text) == start


def _sighting(key: str, pid: str, confidence: float = 0.9, **flags: bool) -> HomeSighting:
    found = next(p for p in LOCAL_PLACES if p.id == pid)
    return HomeSighting(key, found, confidence, **flags)


@pytest.mark.parametrize(
    ("sightings", "expected"),
    [
        # a county weighs two names
        ([_sighting("rapides parish", "t:rapides")], "Louisiana"),
        # two towns of one state
        ([_sighting("pineville", "t:pineville"), _sighting("ball", "t:ball")], "Louisiana"),
        # one town alone is not a home
        ([_sighting("pineville", "t:pineville")], None),
        # nor one state named once...
        ([_sighting("indiana", "t:in")], None),
        # ...but a state's own office acting in the story is ("the Indiana State Police")
        ([_sighting("indiana", "t:in", office=True)], "Indiana"),
        # a town's office weighs as the town ("Pineville Police")
        ([_sighting("pineville", "t:pineville", office=True)], None),
        # an unsure reading is no evidence
        ([_sighting("pineville", "t:pineville", 0.3), _sighting("ball", "t:ball", 0.3)], None),
        # qualified towns are elsewhere (AP style qualifies out-of-state towns)
        (
            [
                _sighting("louisville", "t:louisville", qualified=True),
                _sighting("salem", "t:salem-ky", qualified=True),
            ],
            None,
        ),
        # two states named evenly: no home
        (
            [
                _sighting("pineville", "t:pineville"),
                _sighting("ball", "t:ball"),
                _sighting("louisville", "t:louisville"),
                _sighting("kentucky", "t:ky"),
            ],
            None,
        ),
    ],
)
def test_infer_locality(sightings: list[HomeSighting], expected: str | None) -> None:
    locality = infer_locality(sightings)
    assert (locality.admin1 if locality else None) == expected


def test_a_dateline_makes_its_town_the_locality() -> None:
    locality = infer_locality([_sighting("pineville", "t:pineville", dateline=True)])
    assert locality == Locality(
        "Pineville", "US", "Louisiana", LatLon(31.32, -92.43), LocalitySource.DATELINE
    )
