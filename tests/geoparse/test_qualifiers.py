"""Containment: inside, outside, or more than the data can tell."""

from __future__ import annotations

import pytest
from builders import ALGERIA, ALGIERS, IN_AMENAS, LIBYA, place

from geomap.geoparse.qualifiers import Containment, containment

ILLIZI = place("t:illizi", "Illizi", "admin1", "DZ", 26.5, 8.48, admin1="Illizi")
LINCOLNSHIRE = place("t:lincs", "Lincolnshire", "admin1", "GB", 53.13, -0.19, admin1="Lincolnshire")
ENGLAND = place("t:england", "England", "admin1", "GB", 52.16, -1.5, admin1="England")
SPALDING = place("t:spalding", "Spalding", "city", "GB", 52.79, -0.15)  # no admin1 in GeoNames
EXETER = place("t:exeter", "Exeter", "city", "GB", 50.72, -3.53)
WESTON_STAFFS = place("t:weston", "Weston", "city", "GB", 53.07, -2.4)
PENZANCE = place("t:penzance", "Penzance", "city", "GB", 50.12, -5.54)


@pytest.mark.parametrize(
    ("region", "town", "expected"),
    [
        (ALGERIA, ALGIERS, Containment.INSIDE),
        (LIBYA, ALGIERS, Containment.OUTSIDE),
        (ILLIZI, IN_AMENAS, Containment.INSIDE),  # admin1 names agree
        (ILLIZI, ALGIERS, Containment.OUTSIDE),  # both regions known, and they differ
        (LINCOLNSHIRE, SPALDING, Containment.INSIDE),  # no region given: a county's reach
        (LINCOLNSHIRE, WESTON_STAFFS, Containment.UNKNOWN),  # 148 km: the data cannot tell
        (ENGLAND, EXETER, Containment.UNKNOWN),  # England is large; its point is far from Exeter
        (LINCOLNSHIRE, PENZANCE, Containment.OUTSIDE),  # farther than any state reaches
    ],
)
def test_containment(region, town, expected: Containment) -> None:
    assert containment(region, town) is expected


def test_a_region_polygon_decides_containment(real_gazetteer) -> None:
    # GeoNames gives British towns no region: the Somerset polygon does
    somerset = real_gazetteer.get("admin1:GB-SOM")
    taunton = place("t:taunton", "Taunton", "city", "GB", 51.0149, -3.1029)
    shropshire_wellington = place("t:wellington", "Wellington", "city", "GB", 52.7001, -2.5157)
    assert containment(somerset, taunton, real_gazetteer) is Containment.INSIDE
    assert containment(somerset, shropshire_wellington, real_gazetteer) is Containment.OUTSIDE
    # without the gazetteer's polygon only the reach from the region's point is known
    assert containment(somerset, shropshire_wellington) is not Containment.INSIDE


def test_regions_the_other_source_lacks_are_places(real_gazetteer) -> None:
    region = real_gazetteer.get("admin1:GB-SOM")
    assert region.kind == "admin1" and region.country_code == "GB"
