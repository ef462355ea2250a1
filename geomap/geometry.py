"""Geodesic measurements on WGS84: the only module that touches shapely and pyproj.

Distances are geodesic, never degrees. A distance to a line or polygon (a
border, a coast) is measured in an azimuthal equidistant projection centred on
the point, where planar distance from the centre equals geodesic distance, and
the nearest point found there is measured again geodesically.

>>> round(distance_km(LatLon(27.897, 9.127), LatLon(28.033, 9.567)))
46
>>> round(bearing_deg(LatLon(36.7538, 3.0588), LatLon(27.897, 9.127)))
148
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from geographiclib.geodesic import Geodesic

from geomap.model import LatLon

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from geomap.gazetteer.store import Gazetteer

__all__ = [
    "Measurement",
    "bearing_deg",
    "compass_offset_deg",
    "distance_km",
    "measure_to_area",
    "measure_to_border",
    "measure_to_coast",
    "measure_to_point",
]

_WGS84 = Geodesic.WGS84


@dataclass(frozen=True, slots=True)
class Measurement:
    """A measured distance (km), the bearing from the reference to the subject
    (degrees clockwise from north), and the reference point measured to."""

    distance_km: float
    bearing_deg: float
    reference_point: LatLon
    inside: bool = False


def distance_km(a: LatLon, b: LatLon) -> float:
    """Geodesic distance between two points in kilometres."""
    return float(_WGS84.Inverse(a.lat, a.lon, b.lat, b.lon, Geodesic.DISTANCE)["s12"]) / 1000.0


def bearing_deg(origin: LatLon, target: LatLon) -> float:
    """Initial bearing from ``origin`` towards ``target``, 0..360 degrees from north."""
    azimuth = _WGS84.Inverse(origin.lat, origin.lon, target.lat, target.lon, Geodesic.AZIMUTH)
    return float(azimuth["azi1"]) % 360.0


def compass_offset_deg(bearing: float, stated: float) -> float:
    """Smallest angle between a measured bearing and a stated one (0..180).

    >>> compass_offset_deg(350, 10)
    20.0
    """
    difference = abs(bearing - stated) % 360.0
    return min(difference, 360.0 - difference)


def measure_to_point(subject: LatLon, reference: LatLon) -> Measurement:
    """Distance and bearing (reference -> subject) between two points."""
    return Measurement(distance_km(subject, reference), bearing_deg(reference, subject), reference)


def measure_to_border(
    subject: LatLon, gazetteer: Gazetteer, country: str, neighbour: str | None = None
) -> Measurement | None:
    """Distance from ``subject`` to the nearest point of a country's boundary.

    With ``neighbour`` the boundary is the line the two countries share (the
    "Algeria-Libya border"). None when the gazetteer has no shape for them.
    """
    line = _border_line(gazetteer, country, neighbour)
    if line is None:
        return None
    return _measure_to_geometry(subject, line)


def measure_to_area(subject: LatLon, gazetteer: Gazetteer, country: str) -> Measurement | None:
    """Distance from ``subject`` to a country's territory: 0 when inside it."""
    shape = _shape(gazetteer, country)
    if shape is None:
        return None
    from shapely import Point

    if shape.contains(Point(subject.lon, subject.lat)):
        return Measurement(0.0, 0.0, subject, inside=True)
    return _measure_to_geometry(subject, shape.boundary)


def measure_to_coast(subject: LatLon, gazetteer: Gazetteer, country: str) -> Measurement | None:
    """Distance from ``subject`` to a country's coastline (its boundary minus
    its land borders)."""
    coast = _coastline(gazetteer, country)
    if coast is None or coast.is_empty:
        return None
    return _measure_to_geometry(subject, coast)


# --- helpers -----------------------------------------------------------------------------


def _measure_to_geometry(subject: LatLon, geometry: BaseGeometry) -> Measurement:
    """Nearest point of ``geometry`` to ``subject``, found in an azimuthal
    equidistant projection centred on the subject, then measured geodesically."""
    import shapely
    from shapely.ops import nearest_points

    transformer = _aeqd(round(subject.lat, 6), round(subject.lon, 6))
    projected = shapely.transform(geometry, lambda xy: _forward(transformer, xy))
    nearest = nearest_points(shapely.Point(0.0, 0.0), projected)[1]
    lon, lat = transformer.transform(nearest.x, nearest.y, direction="INVERSE")
    point = LatLon(float(lat), float(lon))
    return Measurement(distance_km(subject, point), bearing_deg(point, subject), point)


def _forward(transformer, xy):  # type: ignore[no-untyped-def]
    import numpy as np

    x, y = transformer.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


@lru_cache(maxsize=64)
def _aeqd(lat: float, lon: float):  # type: ignore[no-untyped-def]
    from pyproj import Transformer

    return Transformer.from_crs(
        "EPSG:4326",
        f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m",
        always_xy=True,
    )


_SHAPES: dict[tuple[int, str], BaseGeometry | None] = {}


def _shape(gazetteer: Gazetteer, country: str) -> BaseGeometry | None:
    key = (id(gazetteer), country)
    if key not in _SHAPES:
        import shapely

        wkb = gazetteer.shape_wkb(country)
        _SHAPES[key] = shapely.from_wkb(wkb) if wkb else None
    return _SHAPES[key]


def _border_line(gazetteer: Gazetteer, country: str, neighbour: str | None) -> BaseGeometry | None:
    shape = _shape(gazetteer, country)
    if shape is None:
        return None
    if neighbour is None:
        return shape.boundary
    other = _shape(gazetteer, neighbour)
    if other is None:
        return shape.boundary
    # Natural Earth's countries share their border vertices, so the border is
    # where one boundary meets the other's (a hair's tolerance for rounding).
    shared = shape.boundary.intersection(other.buffer(1e-6))
    return shared if not shared.is_empty else shape.boundary


def _coastline(gazetteer: Gazetteer, country: str) -> BaseGeometry | None:
    shape = _shape(gazetteer, country)
    if shape is None:
        return None
    import shapely

    neighbours = gazetteer.countries().get(country)
    others = [
        other
        for code in (neighbours.neighbours if neighbours else ())
        if (other := _shape(gazetteer, code)) is not None
    ]
    if not others:
        return shape.boundary
    land = shapely.union_all([o.buffer(1e-6) for o in others])
    return shape.boundary.difference(land)
