"""County lists: the names before "counties" or "parishes" read as counties."""

from __future__ import annotations

import pytest
from builders import place

from geomap.gazetteer.store import MemoryGazetteer
from geomap.geoparse.counties import county_list_members
from geomap.geoparse.mentions import Spotted
from geomap.model import Country, Document, Mention
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
