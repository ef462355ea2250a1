"""A claim as a region: where its subject may be, given its reference.

"40 km south-east of the capital" holds on a sector of a ring around the
capital: distances from the accepted range of the tolerance model
(:func:`geomap.verify.verdicts.accepted_range_km`), bearings within 45° of
south-east. The ring is drawn geodesically on WGS84 (pyproj's forward
problem from the reference), so a 1,300 km ring is as exact as a 5 km one.
Regions are shapely polygons in (lon, lat) degrees.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from geomap import geometry
from geomap.claims.quantities import COMPASS_DEGREES
from geomap.gazetteer.store import Gazetteer
from geomap.geometry import Segments
from geomap.geoparse.qualifiers import region_code
from geomap.model import SHAPED_KINDS, Claim, LatLon, Quantity
from geomap.verify.verdicts import (
    DIRECTION_TOLERANCE_DEG,
    FARTHEST_KM,
    ROAD_SHORTFALL,
    accepted_range_km,
    widened_for_city_size,
)

__all__ = ["ClaimRegion", "claim_region", "distance_span_km", "shortest_km"]

# Half the width of a compass sector, as the verdicts accept a compass word
# (98 % of true claims are within 50° of their bearing).
SECTOR_HALF_WIDTH_DEG = DIRECTION_TOLERANCE_DEG
_STEPS_PER_CIRCLE = 96


@dataclass(frozen=True)
class ClaimRegion:
    """A claim, the region where it holds, and what the point estimate weighs.

    ``reference`` is the point measured from; for a border claim it is None and
    ``distance_km`` measures to the border line instead."""

    claim: Claim
    reference: LatLon | None
    #: the figure's accepted straight-line range, which the point is fitted to
    low_km: float
    high_km: float
    bearing_deg: float | None
    #: where the claim may hold, the road band included
    polygon: Any  # shapely Polygon in (lon, lat)
    distance_km: Callable[[Any, Any], Any] | None = None
    #: the straight-line range the polygon allows before the road band: the
    #: accepted range widened to the reference city's edge
    reach: tuple[float, float] | None = None

    @property
    def nearest_km(self) -> float:
        """The shortest straight line the claim allows, the road band included."""
        near = self.reach[0] if self.reach else self.low_km
        return shortest_km(near, self.claim.quantity) if self.claim.quantity else near

    @property
    def farthest_km(self) -> float:
        return self.reach[1] if self.reach else self.high_km

    @property
    def central_km(self) -> float:
        return (self.low_km + self.high_km) / 2


def claim_region(claim: Claim, gazetteer: Gazetteer | None = None) -> ClaimRegion | None:
    """The region a claim with a figure allows: a ring (or a sector of one)
    around a point reference, or (with ``gazetteer``) a strip along the line
    it names: a border, a coast, a river, a lake's or a sea's shore. None for
    anything else (no figure, an unknown reference, a line geomap has no
    shape for, a figure longer than any distance on Earth)."""
    reference = claim.reference
    place = reference.place
    if place is None or claim.quantity is None:
        return None
    low, high = accepted_range_km(claim.quantity)
    if not high < float("inf"):
        return None  # "more than 200 miles" bounds nothing
    if low > FARTHEST_KM:
        return None  # no place on Earth is that far from another: it places nothing
    if gazetteer is not None and (reference.geometry != "point" or place.kind in SHAPED_KINDS):
        strip = _line_strip(claim, gazetteer, low, high)
        if strip is not None or reference.geometry != "point":
            return strip
    if reference.geometry != "point":
        return None
    # the region reaches the city's edge; the figure's own precision (what
    # the point is fitted to) stays the accepted range
    near, far = widened_for_city_size((low, high), reference)
    bearing = COMPASS_DEGREES.get(claim.direction) if claim.direction else None
    polygon = _sector(place.point, shortest_km(near, claim.quantity), far, bearing)
    return ClaimRegion(claim, place.point, low, high, bearing, polygon, reach=(near, far))


def shortest_km(low_km: float, quantity: Quantity) -> float:
    """The shortest straight line a figure allows: a figure between towns may
    be by road, up to 55 % longer than the straight line (as the verdicts
    allow), so the region reaches that far in."""
    return min(low_km, (1 - ROAD_SHORTFALL) * quantity.low_km)


def _line_strip(claim: Claim, gazetteer: Gazetteer, low: float, high: float) -> ClaimRegion | None:
    """ "60 km from the Libyan border", "20 km off the coast of Crete", "5 km
    from the Danube": the strip between ``low`` and ``high`` km from the line,
    drawn in an azimuthal equidistant projection centred on it, less the side
    the subject cannot be on."""
    import numpy as np
    import shapely
    from pyproj import Transformer
    from shapely.geometry import MultiLineString

    found = _reference_lines(claim, gazetteer)
    if found is None:
        return None
    (starts, ends), excluded = found
    # segments joined into lines: buffering a thousand two-point pieces one
    # by one and merging them costs a hundred times more
    lines = shapely.line_merge(
        MultiLineString([[tuple(a), tuple(b)] for a, b in zip(starts, ends, strict=True)])
    )
    centre = lines.centroid
    projection = f"+proj=aeqd +lat_0={centre.y} +lon_0={centre.x} +datum=WGS84 +units=km +no_defs"
    forward = Transformer.from_crs("EPSG:4326", projection, always_xy=True).transform
    back = Transformer.from_crs(projection, "EPSG:4326", always_xy=True).transform

    def to_km(xy: Any) -> Any:
        return np.column_stack(forward(xy[:, 0], xy[:, 1]))

    def to_degrees(xy: Any) -> Any:
        return np.column_stack(back(xy[:, 0], xy[:, 1]))

    # Natural Earth's lines carry a vertex every few hundred metres; a claim's
    # band is kilometres wide, so the line simplified to 1 km draws the same
    # strip at a fraction of the cost
    projected = shapely.transform(lines, to_km).simplify(_LINE_SIMPLIFY_KM)
    strip = projected.buffer(high, quad_segs=_QUAD_SEGS)
    if low > 0:
        strip = strip.difference(projected.buffer(low, quad_segs=_QUAD_SEGS))
    if excluded is not None:
        strip = strip.difference(shapely.transform(excluded, to_km).buffer(0))
    if strip.is_empty:
        return None

    def distance_km(lons: Any, lats: Any) -> Any:
        xs, ys = forward(lons, lats)
        return shapely.distance(projected, shapely.points(xs, ys))

    return ClaimRegion(
        claim, None, low, high, None, shapely.transform(strip, to_degrees).buffer(0), distance_km
    )


_LINE_SIMPLIFY_KM = 1.0
_QUAD_SEGS = 4


def _reference_lines(claim: Claim, gazetteer: Gazetteer) -> tuple[Segments, Any | None] | None:
    """The line a claim measures to, as the verdicts measure it, and the area
    its subject cannot lie in (or None): a single country's border is said of
    places outside it ("60 km from the Libyan border": not in Libya), a lake's
    or a sea's shore of places on land; a coast may be either side ("off the
    coast", "from the coast")."""
    reference = claim.reference
    place = reference.place
    assert place is not None
    region = region_code(place)
    other = reference.other_place
    if region is not None and reference.geometry in {"border", "coast"}:
        if reference.geometry == "coast":
            return _lines_and_side(geometry.region_coast_lines(gazetteer, region))
        neighbour = region_code(other) if other is not None else None
        return _lines_and_side(geometry.region_border_lines(gazetteer, region, neighbour))
    code = place.country_code
    if reference.geometry == "border" and place.kind == "country":
        if other is not None:
            return _lines_and_side(geometry.border_lines(gazetteer, code, other.country_code))
        shape = geometry.country_shape(gazetteer, code)
        outside = shape.area() if shape is not None else None
        return _lines_and_side(geometry.land_border_lines(gazetteer, code), outside)
    if reference.geometry == "coast" and place.kind == "country":
        return _lines_and_side(geometry.coast_lines(gazetteer, code))
    if place.kind in {"water", "feature"} and reference.geometry != "border":
        # a desert's or a region's outline is drawn for its label: no line
        shape = geometry.country_shape(gazetteer, place.id)
        if shape is None:
            return None
        on_land = place.kind == "water" and shape.is_area and reference.geometry != "coast"
        return _lines_and_side(shape.segments(), shape.area() if on_land else None)
    return None


def _lines_and_side(
    lines: Segments | None, excluded: Any | None = None
) -> tuple[Segments, Any | None] | None:
    return (lines, excluded) if lines is not None and len(lines[0]) else None


def _sector(centre: LatLon, low_km: float, high_km: float, bearing: float | None) -> Any:
    from shapely.geometry import Polygon

    if bearing is None:
        outer = _arc(centre, high_km, 0.0, 360.0)
        inner = _arc(centre, low_km, 0.0, 360.0) if low_km > 0 else None
        return Polygon(outer, [inner] if inner else []).buffer(0)
    start, end = bearing - SECTOR_HALF_WIDTH_DEG, bearing + SECTOR_HALF_WIDTH_DEG
    outer = _arc(centre, high_km, start, end)
    inner = _arc(centre, low_km, start, end)[::-1] if low_km > 0 else [(centre.lon, centre.lat)]
    return Polygon(outer + inner).buffer(0)


def _arc(centre: LatLon, km: float, start: float, end: float) -> list[tuple[float, float]]:
    """Points at ``km`` from ``centre`` at bearings from ``start`` to ``end``."""
    from pyproj import Geod

    steps = max(8, int(_STEPS_PER_CIRCLE * (end - start) / 360.0))
    bearings = [start + (end - start) * i / steps for i in range(steps + 1)]
    lons, lats, _ = Geod(ellps="WGS84").fwd(
        [centre.lon] * len(bearings),
        [centre.lat] * len(bearings),
        bearings,
        [km * 1000] * len(bearings),
    )
    return list(zip(lons, lats, strict=True))


def distance_span_km(point: LatLon, points: Sequence[LatLon]) -> tuple[float, float]:
    """The geodesic distances from ``point`` to the nearest and the farthest of
    ``points`` (a region's outline), in km."""
    import numpy as np
    from pyproj import Geod

    _, _, metres = Geod(ellps="WGS84").inv(
        np.full(len(points), point.lon),
        np.full(len(points), point.lat),
        np.array([p.lon for p in points]),
        np.array([p.lat for p in points]),
    )
    return float(metres.min() / 1000), float(metres.max() / 1000)
