"""The article's own place: a title that is nothing but a place names the subject."""

from __future__ import annotations

import pytest

from geomap.geoparse.site import TitleName, title_name, title_place
from geomap.model import Document


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Alma, Wisconsin", TitleName("Alma", "Wisconsin")),
        ("Hawera", TitleName("Hawera")),
        ("Pont-à-Mousson (Meurthe-et-Moselle)", TitleName("Pont-à-Mousson", "Meurthe-et-Moselle")),
        ("Floods hit Alma", None),
        ("Troops leave the capital, officials say", None),
        ("", None),
    ],
)
def test_a_place_title_is_a_name_and_its_qualifier(title: str, expected: TitleName | None) -> None:
    assert title_name(title) == expected


@pytest.mark.parametrize(
    ("title", "country", "admin1"),
    [
        ("Alma, Wisconsin", "US", "Wisconsin"),
        ("Cambridge, New Zealand", "NZ", "Waikato"),
        ("Newport, New Hampshire", "US", "New Hampshire"),
        ("Lawton, Oklahoma", "US", "Oklahoma"),  # "Oklahoma" may read as its capital: still near
    ],
)
def test_title_place_takes_the_namesake_the_qualifier_names(
    title: str, country: str, admin1: str, real_gazetteer
) -> None:
    place = title_place(Document("d", "It is a small town.", title=title), real_gazetteer)
    assert place is not None and (place.country_code, place.admin1) == (country, admin1)


@pytest.mark.parametrize(
    "title",
    [
        "Santa Cruz, New Mexico",  # only other Santa Cruzes are held: none is in New Mexico
        "Weston, Lincolnshire",  # the Westons held are far from Lincolnshire
        "Storm batters Alma",  # a headline, not a place
    ],
)
def test_no_title_place_when_the_title_rules_out_every_namesake(title: str, real_gazetteer) -> None:
    assert title_place(Document("d", "It is a small town.", title=title), real_gazetteer) is None
