"""Region points: a region its source put on its namesake city moves inside its polygon."""

from __future__ import annotations

import pytest
import shapely

from geomap.gazetteer.region_shapes import _move_off_namesake_cities
from geomap.gazetteer.writer import PlaceRow

# A wide state whose namesake city sits in its south-east corner, and a small
# one whose city is its middle.
WIDE = shapely.box(-80.0, 40.5, -72.0, 45.0)
SMALL = shapely.box(10.0, 10.0, 10.6, 10.6)


def state(pid: str, name: str, lat: float, lon: float) -> PlaceRow:
    return PlaceRow(f"admin1:{pid}", name, "admin1", pid[:2], lat, lon, admin1=name)


def city(name: str, country: str, lat: float, lon: float, *aliases: str) -> PlaceRow:
    names = [(alias, "alias") for alias in aliases]
    return PlaceRow(f"t:{name}", name, "city", country, lat, lon, names=names)


@pytest.mark.parametrize(
    ("row", "towns", "moved"),
    [
        # on the city, which the state's name names by an alias: moved
        (
            state("XX-W", "Wide", 40.71, -74.0),
            [city("Wide City", "XX", 40.71, -74.0, "Wide")],
            True,
        ),
        # on the city of its own name: moved
        (state("XX-W", "Wide", 40.71, -74.0), [city("Wide", "XX", 40.72, -74.01)], True),
        # the city of that name is elsewhere: the point is the source's own
        (state("XX-W", "Wide", 40.71, -74.0), [city("Wide", "XX", 44.0, -79.0)], False),
        # a town of another name at the point: kept
        (state("XX-W", "Wide", 40.71, -74.0), [city("Harbour", "XX", 40.71, -74.0)], False),
        # a namesake town of another country: kept
        (state("XX-W", "Wide", 40.71, -74.0), [city("Wide", "YY", 40.71, -74.0)], False),
        # a region no bigger than its city: kept
        (state("XX-S", "Small", 10.3, 10.3), [city("Small", "XX", 10.3, 10.3)], False),
        # a point outside the polygon of its code (the sources disagree): kept
        (state("XX-W", "Wide", 30.0, -74.0), [city("Wide", "XX", 30.0, -74.0)], False),
    ],
)
def test_a_region_on_its_namesake_city(row: PlaceRow, towns: list[PlaceRow], moved: bool) -> None:
    before = (row.lat, row.lon)
    _move_off_namesake_cities({row.id: row}, towns, {"XX-W": WIDE, "XX-S": SMALL})
    assert ((row.lat, row.lon) != before) == moved
    if moved:
        assert WIDE.contains(shapely.Point(row.lon, row.lat))
