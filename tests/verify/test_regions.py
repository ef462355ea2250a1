"""First-level regions as real geometry: a state's border, two states' shared
line, "in X province" as an area (Natural Earth 1:10m admin-1)."""

from __future__ import annotations

import pytest

from geomap.geometry import LAND_BORDER, measure_to_area, measure_to_region_border
from geomap.model import Document, LatLon
from geomap.pipeline import analyze

BUFFALO_OK = LatLon(36.8356, -99.6304)
FARGO = LatLon(46.8772, -96.7898)  # on the Red River, which is the Minnesota line
AMARILLO = LatLon(35.222, -101.8313)


def test_distance_to_a_state_line_is_to_its_land_border(real_gazetteer) -> None:
    # Texas's panhandle corner (36.5 N, 100 W) is the nearest point: about 50 km
    measured = measure_to_region_border(BUFFALO_OK, real_gazetteer, "US-TX")
    assert measured is not None
    assert measured.distance_km == pytest.approx(50, abs=2)
    assert measured.reference_point.lat == pytest.approx(36.5, abs=0.02)


def test_a_land_border_leaves_the_coast_out(real_gazetteer) -> None:
    # Galveston is on the Texas coast but some 120 km from Louisiana, the nearest land border
    measured = measure_to_region_border(LatLon(29.3013, -94.7977), real_gazetteer, "US-TX")
    assert measured is not None and measured.distance_km > 80
    assert real_gazetteer.shape_wkb("US-TX" + LAND_BORDER) is not None


def test_the_line_two_states_share(real_gazetteer) -> None:
    # Fargo lies on the North Dakota-Minnesota line
    measured = measure_to_region_border(FARGO, real_gazetteer, "US-ND", "US-MN")
    assert measured is not None and measured.distance_km < 3


def test_inside_a_region_is_distance_zero(real_gazetteer) -> None:
    measured = measure_to_area(AMARILLO, real_gazetteer, "US-TX")
    assert measured is not None and measured.inside


@pytest.mark.parametrize(
    ("title", "text", "status"),
    [
        ("Buffalo, Oklahoma", "Buffalo is 30 miles north-east of the Texas line.", "consistent"),
        ("Buffalo, Oklahoma", "Buffalo is 150 miles north-east of the Texas line.", "inconsistent"),
        ("", "Fargo lies less than 10 miles from the Minnesota border.", "consistent"),
        ("Rode, Somerset", "The village lies within a mile of the Wiltshire border.", "consistent"),
    ],
)
def test_claims_about_a_state_border(real_gazetteer, title: str, text: str, status: str) -> None:
    report = analyze([Document("d", text, title=title)], real_gazetteer)
    (verdict,) = report.verdicts
    assert verdict.status == status, verdict.explanation
    assert verdict.claim.reference.geometry == "border"


def test_a_region_coast_is_its_outline_without_its_land_border(real_gazetteer) -> None:
    from geomap.geometry import measure_to_region_coast

    # Santa Ana is some 15 km from the Pacific; Fresno far inland
    santa_ana = measure_to_region_coast(LatLon(33.7455, -117.8677), real_gazetteer, "US-CA")
    fresno = measure_to_region_coast(LatLon(36.7477, -119.7724), real_gazetteer, "US-CA")
    assert santa_ana is not None and 8 < santa_ana.distance_km < 25
    assert fresno is not None and fresno.distance_km > 150


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # to the shore of the sea, not its label point far offshore
        ("Rostock lies 15 km from the Baltic Sea.", "consistent"),
        ("Palermo is 2 km from the Tyrrhenian Sea.", "consistent"),
        # east of the lake as a whole, though its nearest shore is to the north-west
        ("Ogden is 10 miles east of the Great Salt Lake.", "consistent"),
        # to the river's line
        ("Mainz lies 2 km from the Rhine.", "consistent"),
        ("Budapest lies 40 km from the Danube.", "inconsistent"),
        # inside a desert's approximate outline: not judged
        ("Khartoum is 300 km from the Sahara.", "unverifiable"),
    ],
)
def test_features_are_measured_to_their_geometry(real_gazetteer, text: str, status: str) -> None:
    (verdict,) = analyze([Document("d", text)], real_gazetteer).verdicts
    assert verdict.status == status, verdict.explanation
