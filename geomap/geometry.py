"""Geodesic measurements on WGS84: distances, bearings, distances to borders and coasts.

Distances are geodesic (geographiclib, WGS84), never degrees. A distance to a
line (a border, a coast) is found in two steps: the boundary's vertices are
projected into an azimuthal equidistant plane centred on the point (spherical
formulas, numpy), where the nearest segment is found; the exact nearest point
on that segment is then searched geodesically. Country shapes come from the
gazetteer as WKB and are read with numpy, so a check never imports shapely or
pyproj.

>>> round(distance_km(LatLon(27.897, 9.127), LatLon(28.033, 9.567)))
46
>>> round(bearing_deg(LatLon(36.7538, 3.0588), LatLon(27.897, 9.127)))
148
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from geographiclib.geodesic import Geodesic

from geomap.model import LatLon

if TYPE_CHECKING:
    from geomap.gazetteer.store import Gazetteer

__all__ = [
    "LAND_BORDER",
    "CountryShape",
    "Measurement",
    "Segments",
    "bearing_deg",
    "border_lines",
    "coast_lines",
    "compass_offset_deg",
    "country_shape",
    "distance_km",
    "land_border_lines",
    "measure_to_area",
    "measure_to_border",
    "measure_to_coast",
    "measure_to_point",
    "measure_to_region_border",
    "measure_to_region_coast",
    "nearest_rough_km",
    "read_wkb_rings",
    "region_border_lines",
    "region_coast_lines",
    "rough_km",
    "rough_km_between",
]

_WGS84 = Geodesic.WGS84
_EARTH_KM = 6371.0088


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


# --- country shapes ---------------------------------------------------------------------


class CountryShape:
    """A country's polygon rings as numpy arrays of (lon, lat) vertices.

    Natural Earth's countries share the vertices of their common borders, so a
    border segment is one whose two ends are both vertices of the neighbour.
    """

    def __init__(self, code: str, rings: list[Any]) -> None:
        import numpy as np

        self.code = code
        self.rings = rings  # each an (n, 2) float64 array, closed
        self._area: Any = None
        stacked = np.concatenate(rings) if rings else np.zeros((1, 2))
        #: (west, south, east, north) in degrees: a quick "certainly not near"
        self.bounds = (*stacked.min(axis=0).tolist(), *stacked.max(axis=0).tolist())
        self.keys = (
            np.concatenate([_vertex_keys(r) for r in rings]) if rings else np.empty(0, np.int64)
        )

    def near_bounds(self, point: LatLon, km: float) -> bool:
        """Whether ``point`` is within about ``km`` of the shape's bounding box."""
        west, south, east, north = self.bounds
        margin_lat = km / 111.0
        margin_lon = km / (111.0 * max(0.05, math.cos(math.radians(point.lat))))
        return (
            south - margin_lat <= point.lat <= north + margin_lat
            and west - margin_lon <= point.lon <= east + margin_lon
        )

    def segments(self) -> tuple[Any, Any]:
        """All boundary segments: start and end vertices, each (m, 2)."""
        import numpy as np

        starts = np.concatenate([r[:-1] for r in self.rings])
        ends = np.concatenate([r[1:] for r in self.rings])
        return starts, ends

    def shared_with(self, others: list[CountryShape]) -> Any:
        """Boolean mask over segments(): True where the segment is also a neighbour's."""
        import numpy as np

        if not others:
            return np.zeros(sum(len(r) - 1 for r in self.rings), bool)
        other_keys = np.concatenate([o.keys for o in others])
        masks = []
        for ring in self.rings:
            on_other = np.isin(_vertex_keys(ring), other_keys)
            masks.append(on_other[:-1] & on_other[1:])
        return np.concatenate(masks)

    @property
    def is_area(self) -> bool:
        """Polygons (every ring closed), not lines such as a river."""
        return all(len(r) > 3 and (r[0] == r[-1]).all() for r in self.rings)

    def area(self) -> Any:
        """The rings as one shapely area in (lon, lat), holes and enclaves by
        the even-odd rule, as :meth:`contains` reads them (built once: a
        country's outline has thousands of vertices)."""
        if self._area is None:
            from shapely.geometry import Polygon

            area = Polygon()
            for ring in self.rings:
                if len(ring) >= 4:
                    area = area.symmetric_difference(Polygon(ring).buffer(0))
            self._area = area
        return self._area

    def contains(self, point: LatLon) -> bool:
        """Even-odd point-in-polygon test over every ring."""
        inside = False
        for ring in self.rings:
            x, y = ring[:, 0], ring[:, 1]
            x0, y0, x1, y1 = x[:-1], y[:-1], x[1:], y[1:]
            crosses = (y0 > point.lat) != (y1 > point.lat)
            with _quiet():
                at_x = x0 + (point.lat - y0) * (x1 - x0) / (y1 - y0)
            inside ^= bool(((point.lon < at_x) & crosses).sum() % 2)
        return inside


def _vertex_keys(ring: Any) -> Any:
    """One integer per vertex (coordinates rounded to 1e-6 degree), for set tests."""
    import numpy as np

    lon = np.round((ring[:, 0] + 180.0) * 1e6).astype(np.int64)
    lat = np.round((ring[:, 1] + 90.0) * 1e6).astype(np.int64)
    return lon * 1_000_000_000 + lat


class _quiet:
    """numpy error state: divisions by zero on horizontal edges are expected."""

    def __enter__(self) -> None:
        import numpy as np

        self._old = np.seterr(divide="ignore", invalid="ignore")

    def __exit__(self, *exc: object) -> None:
        import numpy as np

        np.seterr(**self._old)


# Caches live as long as their gazetteer (a new gazetteer must not inherit a
# freed one's shapes through a reused id).
_SHAPES: WeakKeyDictionary[Any, dict[str, CountryShape | None]] = WeakKeyDictionary()


def country_shape(gazetteer: Gazetteer, code: str) -> CountryShape | None:
    """The country's shape from the gazetteer (cached per gazetteer), or None."""
    shapes = _SHAPES.setdefault(gazetteer, {})
    if code not in shapes:
        wkb = gazetteer.shape_wkb(code)
        shapes[code] = CountryShape(code, read_wkb_rings(wkb)) if wkb else None
    return shapes[code]


def read_wkb_rings(wkb: bytes) -> list[Any]:
    """The rings of a WKB Polygon or MultiPolygon (or the parts of a LineString or
    MultiLineString) as (n, 2) arrays of (lon, lat).

    >>> import struct
    >>> square = struct.pack("<BII", 1, 3, 1) + struct.pack("<I", 4) + struct.pack("<8d", 0, 0, 1, 0, 1, 1, 0, 0)
    >>> read_wkb_rings(square)[0].tolist()
    [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]
    """
    import numpy as np

    rings: list[Any] = []

    def polygon(offset: int, order: str) -> int:
        (count,) = struct.unpack_from(order + "I", wkb, offset)
        offset += 4
        for _ in range(count):
            (points,) = struct.unpack_from(order + "I", wkb, offset)
            offset += 4
            dtype = np.dtype("<f8" if order == "<" else ">f8")
            coords = np.frombuffer(wkb, dtype=dtype, count=2 * points, offset=offset)
            rings.append(coords.reshape(points, 2).astype(np.float64))
            offset += 16 * points
        return offset

    def line(offset: int, order: str) -> int:
        (points,) = struct.unpack_from(order + "I", wkb, offset)
        offset += 4
        dtype = np.dtype("<f8" if order == "<" else ">f8")
        coords = np.frombuffer(wkb, dtype=dtype, count=2 * points, offset=offset)
        rings.append(coords.reshape(points, 2).astype(np.float64))
        return offset + 16 * points

    def geometry(offset: int) -> int:
        order = "<" if wkb[offset] == 1 else ">"
        (kind,) = struct.unpack_from(order + "I", wkb, offset + 1)
        offset += 5
        if kind == 3:
            return polygon(offset, order)
        if kind == 2:
            return line(offset, order)
        if kind in (5, 6):
            (parts,) = struct.unpack_from(order + "I", wkb, offset)
            offset += 4
            for _ in range(parts):
                offset = geometry(offset)
            return offset
        raise ValueError(f"WKB geometry type {kind} is not a polygon or a line")

    geometry(0)
    return rings


# --- distances to lines --------------------------------------------------------------------


def measure_to_border(
    subject: LatLon, gazetteer: Gazetteer, country: str, neighbour: str | None = None
) -> Measurement | None:
    """Distance from ``subject`` to the nearest point of a country's boundary.

    With ``neighbour`` the boundary is the line the two countries share (the
    "Algeria-Libya border"). None when the gazetteer has no shape for them.
    """
    measured = _BORDER_CACHE.setdefault(gazetteer, {})
    key = (subject, country, neighbour)
    if key not in measured:
        measured[key] = _measure_to_border(subject, gazetteer, country, neighbour)
    return measured[key]


_BORDER_CACHE: WeakKeyDictionary[Any, dict[tuple[LatLon, str, str | None], Measurement | None]] = (
    WeakKeyDictionary()
)


def _measure_to_border(
    subject: LatLon, gazetteer: Gazetteer, country: str, neighbour: str | None
) -> Measurement | None:
    lines = border_lines(gazetteer, country, neighbour)
    return _measure_to_segments(subject, *lines) if lines is not None else None


#: Line segments as two (m, 2) arrays of (lon, lat): their starts and ends.
Segments = tuple[Any, Any]


def border_lines(
    gazetteer: Gazetteer, country: str, neighbour: str | None = None
) -> Segments | None:
    """A country's boundary, or with ``neighbour`` the line the two share."""
    shape = country_shape(gazetteer, country)
    if shape is None:
        return None
    starts, ends = shape.segments()
    other = country_shape(gazetteer, neighbour) if neighbour else None
    if other is not None:
        shared = shape.shared_with([other])
        if shared.any():
            starts, ends = starts[shared], ends[shared]
    return starts, ends


def land_border_lines(gazetteer: Gazetteer, country: str) -> Segments | None:
    """The lines a country shares with its neighbours: its land border
    ("60 km from the Libyan border" is not off Tripoli); its whole boundary
    when it has no neighbour's shape."""
    shape = country_shape(gazetteer, country)
    if shape is None:
        return None
    starts, ends = shape.segments()
    shared = shape.shared_with(_neighbour_shapes(gazetteer, country))
    return (starts[shared], ends[shared]) if shared.any() else (starts, ends)


def _neighbour_shapes(gazetteer: Gazetteer, country: str) -> list[CountryShape]:
    facts = gazetteer.countries().get(country)
    return [
        s
        for code in (facts.neighbours if facts else ())
        if (s := country_shape(gazetteer, code)) is not None
    ]


def measure_to_region_border(
    subject: LatLon, gazetteer: Gazetteer, region: str, neighbour: str | None = None
) -> Measurement | None:
    """Distance from ``subject`` to a first-level region's land border (``region``
    an ISO 3166-2 code: "the North Dakota border"), or to the line it shares
    with ``neighbour`` ("the Texas-Oklahoma border"). None without the shapes.
    """
    lines = region_border_lines(gazetteer, region, neighbour)
    return _measure_to_segments(subject, *lines) if lines is not None else None


def region_border_lines(
    gazetteer: Gazetteer, region: str, neighbour: str | None = None
) -> Segments | None:
    """A first-level region's land border, or the line it shares with ``neighbour``."""
    if neighbour is not None:
        shape, other = country_shape(gazetteer, region), country_shape(gazetteer, neighbour)
        if shape is None or other is None:
            return None
        shared = shape.shared_with([other])
        if not shared.any():
            return None
        starts, ends = shape.segments()
        return starts[shared], ends[shared]
    land = country_shape(gazetteer, region + LAND_BORDER)
    return land.segments() if land is not None else None


#: Key suffix under which the gazetteer keeps a region's land border lines.
LAND_BORDER = "|land"


def measure_to_region_coast(
    subject: LatLon, gazetteer: Gazetteer, region: str
) -> Measurement | None:
    """Distance from ``subject`` to a first-level region's coast: its outline
    minus its land border ("off the coast of Crete"). None for a region with no
    coast or no shape."""
    lines = region_coast_lines(gazetteer, region)
    return _measure_to_segments(subject, *lines) if lines is not None else None


def region_coast_lines(gazetteer: Gazetteer, region: str) -> Segments | None:
    """A first-level region's coast: its outline minus its land border."""
    shape = country_shape(gazetteer, region)
    land = country_shape(gazetteer, region + LAND_BORDER)
    if shape is None:
        return None
    return _outline_but(shape, [land] if land is not None else [])


def measure_to_area(subject: LatLon, gazetteer: Gazetteer, country: str) -> Measurement | None:
    """Distance from ``subject`` to a country's territory: 0 when inside it."""
    shape = country_shape(gazetteer, country)
    if shape is None:
        return None
    if shape.contains(subject):
        return Measurement(0.0, 0.0, subject, inside=True)
    starts, ends = shape.segments()
    return _measure_to_segments(subject, starts, ends)


def measure_to_feature(
    subject: LatLon, gazetteer: Gazetteer, key: str, *, outline: bool = False
) -> Measurement | None:
    """Distance from ``subject`` to a physical feature's shape (a sea, a lake,
    a desert: 0 inside; a river: to its line), or to its ``outline`` only (the
    coast of an island); None when the gazetteer has no shape for ``key``."""
    shape = country_shape(gazetteer, key)
    if shape is None:
        return None
    if not outline and shape.is_area and shape.contains(subject):
        return Measurement(0.0, 0.0, subject, inside=True)
    return _measure_to_segments(subject, *shape.segments())


def measure_to_coast(subject: LatLon, gazetteer: Gazetteer, country: str) -> Measurement | None:
    """Distance from ``subject`` to a country's coastline: its boundary minus
    the segments it shares with its neighbours."""
    lines = coast_lines(gazetteer, country)
    return _measure_to_segments(subject, *lines) if lines is not None else None


def coast_lines(gazetteer: Gazetteer, country: str) -> Segments | None:
    """A country's coastline: its boundary minus the lines it shares with its
    neighbours; None without a shape or a coast."""
    shape = country_shape(gazetteer, country)
    if shape is None:
        return None
    return _outline_but(shape, _neighbour_shapes(gazetteer, country))


def _outline_but(shape: CountryShape, others: list[CountryShape]) -> Segments | None:
    """The part of ``shape``'s outline it shares with none of ``others`` (its
    coast); None when there is no such part."""
    starts, ends = shape.segments()
    coast = ~shape.shared_with(others)
    if not coast.any():
        return None
    return starts[coast], ends[coast]


def _measure_to_segments(subject: LatLon, starts: Any, ends: Any) -> Measurement:
    """Nearest point of a set of (lon, lat) segments, measured geodesically."""
    import numpy as np

    xs, ys = _aeqd(subject, starts)
    xe, ye = _aeqd(subject, ends)
    dx, dy = xe - xs, ye - ys
    length2 = dx * dx + dy * dy
    with _quiet():
        t = np.clip(np.where(length2 > 0, -(xs * dx + ys * dy) / length2, 0.0), 0.0, 1.0)
    planar = np.hypot(xs + t * dx, ys + t * dy)
    # The spherical plane is within a fraction of a percent of the ellipsoid:
    # refine the few nearest segments exactly.
    best: tuple[float, LatLon] | None = None
    for index in np.argsort(planar)[:2]:
        start = LatLon(float(starts[index, 1]), float(starts[index, 0]))
        end = LatLon(float(ends[index, 1]), float(ends[index, 0]))
        found = _nearest_on_segment(subject, start, end)
        if best is None or found[0] < best[0]:
            best = found
    assert best is not None
    distance, point = best
    return Measurement(distance, bearing_deg(point, subject), point)


def _aeqd(centre: LatLon, lonlat: Any) -> tuple[Any, Any]:
    """Spherical azimuthal equidistant projection (km) of (lon, lat) rows around ``centre``."""
    import numpy as np

    lat0, lon0 = math.radians(centre.lat), math.radians(centre.lon)
    lat, lon = np.radians(lonlat[:, 1]), np.radians(lonlat[:, 0])
    dlon = lon - lon0
    cos_c = np.clip(
        math.sin(lat0) * np.sin(lat) + math.cos(lat0) * np.cos(lat) * np.cos(dlon), -1.0, 1.0
    )
    c = np.arccos(cos_c)
    azimuth = np.arctan2(
        np.sin(dlon) * np.cos(lat),
        math.cos(lat0) * np.sin(lat) - math.sin(lat0) * np.cos(lat) * np.cos(dlon),
    )
    rho = _EARTH_KM * c
    return rho * np.sin(azimuth), rho * np.cos(azimuth)


def _nearest_on_segment(subject: LatLon, start: LatLon, end: LatLon) -> tuple[float, LatLon]:
    """Geodesically nearest point of the geodesic from ``start`` to ``end``
    (golden-section search: the distance is unimodal along a short segment)."""
    line = _WGS84.InverseLine(start.lat, start.lon, end.lat, end.lon)
    length = line.s13

    def at(s: float) -> tuple[float, LatLon]:
        position = line.Position(s, Geodesic.LATITUDE | Geodesic.LONGITUDE)
        point = LatLon(position["lat2"], _wrap(position["lon2"]))
        return distance_km(subject, point), point

    low, high = 0.0, length
    ratio = (math.sqrt(5) - 1) / 2
    a, b = high - ratio * (high - low), low + ratio * (high - low)
    fa, fb = at(a)[0], at(b)[0]
    for _ in range(40):
        if high - low < 20.0:  # metres: far below what any claim states
            break
        if fa < fb:
            high, b, fb = b, a, fa
            a = high - ratio * (high - low)
            fa = at(a)[0]
        else:
            low, a, fa = a, b, fb
            b = low + ratio * (high - low)
            fb = at(b)[0]
    return min(at(0.0), at(length), at((low + high) / 2), key=lambda found: found[0])


def _wrap(lon: float) -> float:
    return (lon + 180.0) % 360.0 - 180.0


# Urban density assumed to size a city from its population: about 3,000
# people per km², so Chicago (2.7 million) reaches about 17 km from its point
# and Springfield, Illinois (115,000) about 3.5 km.
_PEOPLE_PER_KM2 = 3_000.0
_SMALLEST_TOWN_KM = 3.0


def urban_radius_km(population: int) -> float:
    """How far a town or city drawn as a point reaches (3 km at least).

    >>> round(urban_radius_km(2_700_000)), urban_radius_km(500)
    (17, 3.0)
    """
    return max(_SMALLEST_TOWN_KM, math.sqrt(population / _PEOPLE_PER_KM2 / math.pi))


def rough_km(a: LatLon, b: LatLon) -> float:
    """Haversine distance on a sphere: enough to rank candidates by nearness.

    >>> round(rough_km(LatLon(36.73, 3.09), LatLon(27.9, 9.13)))  # geodesic: 1,132 km
    1133
    """
    return rough_km_between(a.lat, a.lon, b.lat, b.lon)


def nearest_rough_km(point: LatLon, others: Any) -> float:
    """:func:`rough_km` from ``point`` to the nearest row of ``others``, an
    (n, 2) array of (lat, lon), computed for all rows at once (n >= 1).

    >>> import numpy as np
    >>> round(nearest_rough_km(LatLon(0, 0), np.array([[0.0, 1.0], [0.0, 2.0]])))
    111
    """
    import numpy as np

    phi1, phi2 = math.radians(point.lat), np.radians(others[:, 0])
    dlat, dlon = phi2 - phi1, np.radians(others[:, 1] - point.lon)
    h = np.sin(dlat / 2) ** 2 + math.cos(phi1) * np.cos(phi2) * np.sin(dlon / 2) ** 2
    return float((2 * 6371.0 * np.arcsin(np.minimum(1.0, np.sqrt(h)))).min())


def rough_km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """:func:`rough_km` on bare numbers, for loops over many rows."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dlat / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
