"""Geodesic measurements against figures measured independently (see GUIDE: ground truth)."""

from __future__ import annotations

import pytest

from geomap import geometry
from geomap.model import LatLon

PLANT = LatLon(27.897, 9.127)  # Tigantourine gas facility
TOWN = LatLon(28.033, 9.567)  # In Amenas
ALGIERS = LatLon(36.7323, 3.0875)


def test_point_to_point_distance_and_bearing() -> None:
    assert geometry.distance_km(PLANT, TOWN) == pytest.approx(45.8, abs=0.5)
    assert geometry.bearing_deg(PLANT, TOWN) == pytest.approx(71, abs=2)
    measured = geometry.measure_to_point(PLANT, ALGIERS)
    assert measured.distance_km == pytest.approx(1132, abs=3)
    assert measured.bearing_deg == pytest.approx(148, abs=1)  # from Algiers to the plant


def test_distances_are_geodesic_not_degrees() -> None:
    # One degree of longitude at 60° N is about 55.8 km on WGS84, not 111 km.
    assert geometry.distance_km(LatLon(60, 10), LatLon(60, 11)) == pytest.approx(55.8, abs=0.2)


@pytest.mark.parametrize(
    ("bearing", "stated", "offset"), [(350, 10, 20), (148, 135, 13), (0, 180, 180)]
)
def test_compass_offset(bearing: float, stated: float, offset: float) -> None:
    assert geometry.compass_offset_deg(bearing, stated) == pytest.approx(offset)


def test_distance_to_the_libyan_border(real_gazetteer) -> None:
    plant = geometry.measure_to_border(PLANT, real_gazetteer, "LY")
    town = geometry.measure_to_border(TOWN, real_gazetteer, "LY")
    assert plant.distance_km == pytest.approx(73, abs=1.5)
    assert town.distance_km == pytest.approx(27, abs=1.5)
    # the nearest border point is east of both, on the Algeria-Libya line
    assert 9.7 < plant.reference_point.lon < 10.2
    shared = geometry.measure_to_border(PLANT, real_gazetteer, "DZ", "LY")
    assert shared.distance_km == pytest.approx(plant.distance_km, abs=0.5)


def test_area_and_coast(real_gazetteer) -> None:
    inside = geometry.measure_to_area(PLANT, real_gazetteer, "DZ")
    assert inside.inside and inside.distance_km == 0
    libya = geometry.measure_to_area(PLANT, real_gazetteer, "LY")
    assert not libya.inside and libya.distance_km == pytest.approx(73, abs=1.5)
    coast = geometry.measure_to_coast(LatLon(36.2, 3.0), real_gazetteer, "DZ")
    assert 20 < coast.distance_km < 80  # Médéa area, south of the Algiers coast
    # the coast is not the land border: far inland near Libya it is hundreds of km away
    assert geometry.measure_to_coast(PLANT, real_gazetteer, "DZ").distance_km > 800


def test_missing_shape_gives_none(tiny_gazetteer) -> None:
    assert geometry.measure_to_border(PLANT, tiny_gazetteer, "LY") is None


def test_shapes_are_cached_per_gazetteer_not_per_id() -> None:
    import struct

    from geomap.gazetteer.store import MemoryGazetteer

    def square(x0: float) -> bytes:  # a 1-degree square polygon as WKB, lon/lat
        ring = [x0, 0, x0 + 1, 0, x0 + 1, 1, x0, 1, x0, 0]
        return struct.pack("<BII", 1, 3, 1) + struct.pack("<I", 5) + struct.pack("<10d", *ring)

    point = LatLon(0.5, 0.0)
    distances = []
    for x0 in (1.0, 3.0):  # the first gazetteer is freed before the second is made
        gazetteer = MemoryGazetteer(shapes={"XX": square(x0)})
        distances.append(geometry.measure_to_border(point, gazetteer, "XX").distance_km)
        del gazetteer
    assert distances[0] == pytest.approx(111.3, abs=1)
    assert distances[1] == pytest.approx(333.9, abs=2)
