"""County lists: the names before "counties" or "parishes" read as counties."""

from __future__ import annotations

import pytest
from builders import place

from geomap.gazetteer.store import MemoryGazetteer
from geomap.geoparse.counties import county_list_members, towns_in_named_counties
from geomap.geoparse.mentions import Spotted
from geomap.model import Country, Document, Match, Mention, Place
from geomap.pipeline import find_places


def spotted_names(text: str, names: list[str]) -> list[Spotted]:
    """Bare spans for ``names``, each at its first place in ``text``."""
    spans = []
    for name in names:
        start = text.index(name)
        spans.append(Spotted(Mention("d", start, start + len(name), name), ()))
    return spans


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        (
            "Crews fought grass fires in Stonewall and Haskell counties on Sunday.",
            ["Stonewall", "Haskell"],
            {"Stonewall": "County", "Haskell": "County"},
        ),
        (
            "Deputies from Pike, Ware and Early counties joined the search.",
            ["Pike", "Ware", "Early"],
            {"Pike": "County", "Ware": "County", "Early": "County"},
        ),
        (
            "Schools in Caddo and Bossier parishes opened late.",
            ["Caddo", "Bossier"],
            {"Caddo": "Parish", "Bossier": "Parish"},
        ),
        (  # the Oxford comma, and "or"
            "Voters in Lamar, Fannin, or Delta Counties may vote early.",
            ["Lamar", "Fannin", "Delta"],
            {"Lamar": "County", "Fannin": "County", "Delta": "County"},
        ),
        (  # a town before the list is no part of it
            "Lamesa sits between Lynn and Borden counties.",
            ["Lamesa", "Lynn", "Borden"],
            {"Lynn": "County", "Borden": "County"},
        ),
        (  # one name before "counties" is no list: the counties *of* a state
            "Boone ranks 42nd of Indiana counties.",
            ["Boone", "Indiana"],
            {},
        ),
        (  # "counties" far after the name
            "Lynn and Borden both lie west of the neighbouring counties.",
            ["Lynn", "Borden"],
            {},
        ),
    ],
)
def test_names_of_a_county_list(text: str, names: list[str], expected: dict[str, str]) -> None:
    spans = spotted_names(text, names)
    found = county_list_members(spans, text)
    assert {s.mention.text: found[s.mention.start] for s in spans if s.mention.start in found} == (
        expected
    )


# Towns that share their names with counties far from them, as in the data:
# counties go by their full names only.
COUNTY_PLACES = [
    place("c:us", "United States", "country", "US", 39.8, -98.6, 327_000_000, source="countries"),
    place("t:tx", "Texas", "admin1", "US", 31.3, -98.5, 0, "Texas"),
    place("t:in", "Indiana", "admin1", "US", 40.3, -86.2, 0, "Indiana"),
    place("t:lynn-ma", "Lynn", "city", "US", 42.47, -70.95, 94_000, "Massachusetts"),
    place("t:borden-in", "Borden", "city", "US", 38.47, -85.95, 800, "Indiana"),
    place("t:lamesa", "Lamesa", "city", "US", 32.74, -101.95, 9_000, "Texas"),
    place("k:lynn-tx", "Lynn County", "admin2", "US", 33.18, -101.82, 0, "Texas", "zipcodes"),
    place("k:borden-tx", "Borden County", "admin2", "US", 32.74, -101.43, 0, "Texas", "zipcodes"),
]


@pytest.fixture(scope="module")
def county_gazetteer() -> MemoryGazetteer:
    return MemoryGazetteer(COUNTY_PLACES, countries=[Country("US", "USA", "United States", "c:us")])


def test_a_county_list_reads_counties_not_the_namesake_towns(county_gazetteer) -> None:
    text = "Lamesa sits between Lynn and Borden counties."
    resolutions, _ = find_places([Document("d", text)], county_gazetteer)
    found = {r.mention.text: r for r in resolutions if r.place is not None}
    assert {name: r.place.id for name, r in found.items()} == {
        "Lamesa": "t:lamesa",
        "Lynn": "k:lynn-tx",
        "Borden": "k:borden-tx",
    }
    assert "read as Lynn County: named in a list of counties" in found["Lynn"].reasons


def test_names_no_county_bears_keep_their_own_readings(county_gazetteer) -> None:
    text = "Fires burned in Lamesa and Lynn counties."  # no Lamesa County is known
    resolutions, _ = find_places([Document("d", text)], county_gazetteer)
    assert {r.mention.text: r.place.id for r in resolutions if r.place} == {
        "Lamesa": "t:lamesa",
        "Lynn": "k:lynn-tx",
    }


def test_county_lists_in_the_real_gazetteer(real_gazetteer) -> None:
    text = "School boards in Barrow, Jackson and Madison counties met in Winder on Monday."
    resolutions, _ = find_places([Document("d", text)], real_gazetteer)
    found = {r.mention.text: r.place for r in resolutions if r.place is not None}
    assert {name: (p.kind, p.admin1) for name, p in found.items() if name != "Winder"} == {
        "Barrow": ("admin2", "Georgia"),
        "Jackson": ("admin2", "Georgia"),
        "Madison": ("admin2", "Georgia"),
    }


# Towns and counties that share their names across states, as local papers meet them.
PARIS_FR = place("t:paris-fr", "Paris", "city", "FR", 48.86, 2.35, 2_100_000, "Ile-de-France")
PARIS_TN = place("t:paris-tn", "Paris", "city", "US", 36.30, -88.33, 10_000, "Tennessee")
PARIS_TX = place("t:paris-tx", "Paris", "city", "US", 33.66, -95.56, 25_000, "Texas")
HENRY_TN = place("k:henry-tn", "Henry County", "admin2", "US", 36.33, -88.30, 0, "Tennessee")
HENRY_IN = place("k:henry-in", "Henry County", "admin2", "US", 39.93, -85.40, 0, "Indiana")
HENRY_GA = place("k:henry-ga", "Henry County", "admin2", "US", 33.45, -84.15, 0, "Georgia")
MADISON_AL = place("t:madison-al", "Madison", "city", "US", 34.70, -86.75, 50_000, "Alabama")
MADISON_IN = place("t:madison-in", "Madison", "city", "US", 38.74, -85.38, 12_000, "Indiana")
MADISON_CO_AL = place("k:madison-al", "Madison County", "admin2", "US", 34.76, -86.55, 0, "Alabama")
MADISON_MS = place("t:madison-ms", "Madison", "city", "US", 32.46, -90.12, 25_000, "Mississippi")
MADISON_CO_MS = place(
    "k:madison-ms", "Madison County", "admin2", "US", 32.63, -90.03, 0, "Mississippi"
)
JEFFERSON_IN = place(
    "k:jefferson-in", "Jefferson County", "admin2", "US", 38.78, -85.44, 0, "Indiana"
)
LONDON_KY = place("t:london-ky", "London", "city", "US", 37.13, -84.08, 8_000, "Kentucky")
LONDON_OH = place("t:london-oh", "London", "city", "US", 39.89, -83.45, 10_000, "Ohio")
LAUREL_KY = place("k:laurel-ky", "Laurel County", "admin2", "US", 37.11, -84.12, 0, "Kentucky")
CLARK_OH = place("k:clark-oh", "Clark County", "admin2", "US", 39.92, -83.78, 0, "Ohio")


def readings(text: str, names: dict[str, list[Place]], role: str = "place") -> list[Spotted]:
    """Spans for ``names`` at their first place in ``text``, read as the places given."""
    spans = []
    for name, places in names.items():
        start = text.index(name)
        mention = Mention("d", start, start + len(name), name, role=role)
        spans.append(Spotted(mention, tuple(Match(p, p.name, "name") for p in places)))
    return spans


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        (  # only one Paris lies in a Henry County
            "All residents of Paris and Henry County will get a letter from the rescue squad.",
            {
                "Paris": [PARIS_FR, PARIS_TN, PARIS_TX],
                "Henry County": [HENRY_TN, HENRY_IN, HENRY_GA],
            },
            {"t:paris-tn": "Henry County", "k:henry-tn": "Paris"},
        ),
        (  # a town and a county named in two states' pairs say nothing
            "Madison will host the Madison County fair this year.",
            {
                "Madison": [MADISON_AL, MADISON_IN, MADISON_MS],
                "Madison County": [MADISON_CO_AL, MADISON_CO_MS],
            },
            {},
        ),
        (  # the Madison by Jefferson County is that county's own
            "The bridge links Madison with the rest of Jefferson County.",
            {"Madison": [MADISON_AL, MADISON_IN], "Jefferson County": [JEFFERSON_IN]},
            {"t:madison-in": "Jefferson County", "k:jefferson-in": "Madison"},
        ),
        (  # a town pairing with two counties in two states pairs with neither
            "Crews from London, Laurel County and Clark County responded.",
            {
                "London": [LONDON_KY, LONDON_OH],
                "Laurel County": [LAUREL_KY],
                "Clark County": [CLARK_OH],
            },
            {},
        ),
        (  # no county named: nothing pairs
            "Paris and Madison both voted on Tuesday.",
            {"Paris": [PARIS_FR, PARIS_TN], "Madison": [MADISON_AL, MADISON_IN]},
            {},
        ),
    ],
)
def test_towns_in_named_counties(
    text: str, names: dict[str, list[Place]], expected: dict[str, str]
) -> None:
    assert towns_in_named_counties(readings(text, names)) == expected


def test_a_name_inside_another_pairs_with_no_county() -> None:
    # "Paris Road" says nothing of which Paris the article is in
    text = "A crash on Paris Road closed lanes in Henry County."
    spans = readings(text, {"Paris": [PARIS_FR, PARIS_TN]}, role="embedded")
    spans += readings(text, {"Henry County": [HENRY_TN, HENRY_IN]})
    assert towns_in_named_counties(spans) == {}


@pytest.fixture(scope="module")
def paired_gazetteer() -> MemoryGazetteer:
    places = [
        place(
            "c:us", "United States", "country", "US", 39.8, -98.6, 327_000_000, source="countries"
        ),
        place("c:fr", "France", "country", "FR", 46.6, 2.4, 67_000_000, source="countries"),
        place("t:in", "Indiana", "admin1", "US", 40.3, -86.2, 0, "Indiana"),
        PARIS_FR,
        PARIS_TN,
        PARIS_TX,
        HENRY_TN,
        HENRY_IN,
        HENRY_GA,
    ]
    countries = [
        Country("US", "USA", "United States", "c:us"),
        Country("FR", "FRA", "France", "c:fr", capital_id="t:paris-fr"),
    ]
    return MemoryGazetteer(places, countries=countries)


def test_a_town_named_with_its_county_beats_a_famous_namesake(paired_gazetteer) -> None:
    text = "All residents of Paris and Henry County will get a letter from the rescue squad."
    resolutions, _ = find_places([Document("d", text)], paired_gazetteer)
    found = {r.mention.text: r for r in resolutions if r.place is not None}
    assert {name: r.place.id for name, r in found.items()} == {
        "Paris": "t:paris-tn",
        "Henry County": "k:henry-tn",
    }
    assert "lies in Henry County, also named in the text" in found["Paris"].reasons


def test_the_articles_locality_outranks_a_town_and_county_pair(paired_gazetteer) -> None:
    # the newsroom is in Indiana: its own Henry County, and the pair in
    # Tennessee adds nothing
    text = "All residents of Paris and Henry County will get a letter from the rescue squad."
    resolutions, _ = find_places([Document("d", text, locality="Indiana")], paired_gazetteer)
    found = {r.mention.text: r for r in resolutions if r.place is not None}
    assert found["Henry County"].place.id == "k:henry-in"
    assert not any("also named in the text" in r for r in found["Paris"].reasons)
