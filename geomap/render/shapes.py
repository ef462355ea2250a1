"""Geodesic shapes for the map, as (lat, lon) vertex lists ready for Leaflet.

Leaflet joins vertices with straight lines in Web Mercator and draws
``L.circle`` as a Mercator circle, so neither shows true geodesic geometry.
These helpers sample the real thing on the WGS84 ellipsoid with geographiclib
and leave Leaflet only short segments to join.

Vertices are ``(lat, lon)`` tuples in Leaflet's order, not ``LatLon``: their
longitudes are *unrolled* (they may pass ±180) so a line or band that crosses
the antimeridian continues across it instead of jumping across the whole map.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from geographiclib.geodesic import Geodesic

from geomap.model import LatLon

__all__ = [
    "Vertex",
    "annulus_sector",
    "bounds",
    "distance_band",
    "encloses_pole",
    "geodesic_circle",
    "great_circle",
]

#: A map vertex: (lat, lon) in degrees, longitude possibly unrolled past ±180.
Vertex = tuple[float, float]

_WGS84 = Geodesic.WGS84
_POSITION = Geodesic.LATITUDE | Geodesic.LONGITUDE | Geodesic.LONG_UNROLL
#: Five decimals is about a metre: finer digits only make the HTML bigger.
_DIGITS = 5


def _vertex(lat: float, lon: float) -> Vertex:
    return (round(lat, _DIGITS), round(lon, _DIGITS))


def great_circle(
    start: LatLon, end: LatLon, *, step_km: float = 25.0, max_vertices: int = 257
) -> list[Vertex]:
    """The geodesic from ``start`` to ``end``, sampled about every ``step_km``.

    Short lines get at least their two end points; long ones at most
    ``max_vertices`` vertices.

    >>> great_circle(LatLon(0, 0), LatLon(0, 1), step_km=60)  # 111 km: two segments
    [(0.0, 0.0), (0.0, 0.5), (0.0, 1.0)]
    >>> line = great_circle(LatLon(36.75, 3.05), LatLon(27.897, 9.127))  # Algiers to Tigantourine
    >>> len(line), line[0], line[-1]
    (47, (36.75, 3.05), (27.897, 9.127))
    >>> great_circle(LatLon(0, 179.5), LatLon(0, -179.5), step_km=100)[-1]  # crosses, no jump
    (0.0, 180.5)
    """
    line = _WGS84.InverseLine(start.lat, start.lon, end.lat, end.lon)
    length_km = line.s13 / 1000
    segments = min(max(1, math.ceil(length_km / step_km)), max_vertices - 1)
    vertices = []
    for index in range(segments + 1):
        position = line.Position(line.s13 * index / segments, _POSITION)
        vertices.append(_vertex(position["lat2"], position["lon2"]))
    return vertices


def geodesic_circle(centre: LatLon, radius_km: float, *, vertices: int = 96) -> list[Vertex]:
    """The points at ``radius_km`` from ``centre`` (geodesic), as a closed ring.

    >>> ring = geodesic_circle(LatLon(0, 0), 111.32, vertices=4)
    >>> [(round(lat, 2), round(lon, 2)) for lat, lon in ring]
    [(1.01, 0.0), (0.0, 1.0), (-1.01, 0.0), (0.0, -1.0), (1.01, 0.0)]
    """
    if radius_km <= 0:
        raise ValueError(f"radius {radius_km} km must be positive")
    ring = []
    for index in range(vertices):
        azimuth = 360.0 * index / vertices
        position = _WGS84.Direct(centre.lat, centre.lon, azimuth, radius_km * 1000, _POSITION)
        ring.append(_vertex(position["lat2"], position["lon2"]))
    ring.append(ring[0])
    return ring


def distance_band(
    centre: LatLon, low_km: float, high_km: float, *, vertices: int = 96
) -> list[list[Vertex]]:
    """The area between ``low_km`` and ``high_km`` from ``centre``, as polygon rings.

    Returns ``[outer]`` when ``low_km`` is 0 (a disc) and ``[outer, inner]``
    otherwise; Leaflet draws the second ring as a hole.

    >>> [len(ring) for ring in distance_band(LatLon(28.03, 9.57), 50, 70, vertices=64)]
    [65, 65]
    >>> len(distance_band(LatLon(28.03, 9.57), 0, 70))
    1
    >>> distance_band(LatLon(0, 0), 70, 50)
    Traceback (most recent call last):
    ...
    ValueError: band 70..50 km: need 0 <= low < high
    """
    if not 0 <= low_km < high_km:
        raise ValueError(f"band {low_km:g}..{high_km:g} km: need 0 <= low < high")
    rings = [geodesic_circle(centre, high_km, vertices=vertices)]
    if low_km > 0:
        rings.append(geodesic_circle(centre, low_km, vertices=vertices))
    return rings


def annulus_sector(
    centre: LatLon, low_km: float, high_km: float, bearing: float, half_angle: float
) -> list[Vertex]:
    """The part of the ring ``low_km..high_km`` around ``centre`` within
    ``half_angle`` degrees of ``bearing``, as one closed ring.

    >>> sector = annulus_sector(LatLon(0, 0), 0, 111.32, 90, 45)
    >>> sector[0] == sector[-1] == (0.0, 0.0), len(sector)  # a wedge from the centre
    (True, 21)
    >>> len(annulus_sector(LatLon(0, 0), 50, 100, 90, 45))  # outer arc, inner arc, closed
    39
    """
    if not 0 <= low_km < high_km:
        raise ValueError(f"sector {low_km:g}..{high_km:g} km: need 0 <= low < high")
    steps = max(2, math.ceil(2 * half_angle / 5))
    azimuths = [bearing - half_angle + 2 * half_angle * i / steps for i in range(steps + 1)]

    def at(azimuth: float, km: float) -> Vertex:
        position = _WGS84.Direct(centre.lat, centre.lon, azimuth, km * 1000, _POSITION)
        return _vertex(position["lat2"], position["lon2"])

    outer = [at(azimuth, high_km) for azimuth in azimuths]
    if low_km == 0:
        apex = _vertex(centre.lat, centre.lon)
        return [apex, *outer, apex]
    inner = [at(azimuth, low_km) for azimuth in reversed(azimuths)]
    return [*outer, *inner, outer[0]]


def encloses_pole(centre: LatLon, radius_km: float) -> bool:
    """True when a circle of ``radius_km`` around ``centre`` contains a pole.

    Such a circle is no closed ring on a Mercator map (it runs off the top or
    bottom), so the map does not draw it as a polygon.

    >>> encloses_pole(LatLon(36.75, 3.06), 1300), encloses_pole(LatLon(80, 0), 1300)
    (False, True)
    """
    pole = 90.0 if centre.lat >= 0 else -90.0
    to_pole_km = _WGS84.Inverse(centre.lat, centre.lon, pole, centre.lon)["s12"] / 1000
    return radius_km >= to_pole_km


def bounds(vertices: Iterable[Vertex]) -> tuple[Vertex, Vertex] | None:
    """South-west and north-east corners of some vertices, or None when there are none.

    >>> bounds([(1.0, 5.0), (-2.0, 7.5), (0.5, 6.0)])
    ((-2.0, 5.0), (1.0, 7.5))
    >>> bounds([]) is None
    True
    """
    points: Sequence[Vertex] = list(vertices)
    if not points:
        return None
    lats = [lat for lat, _ in points]
    lons = [lon for _, lon in points]
    return (min(lats), min(lons)), (max(lats), max(lons))
