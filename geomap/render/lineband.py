"""Claimed-distance bands along a border or a coast, computed in Python.

"About 60 km from the Libyan border" allows a strip: the points between 50
and 70 km from Libya's boundary, on the subject's side of it. The strip runs
along the whole border, thousands of kilometres; the map draws only the piece
near each subject, where a reader compares the subject's position with it.

How, for one subject at measured distance ``d`` from the line and a band of
``low..high`` km:

1. the line is the verifier's own (:mod:`geomap.geometry`): the country's
   boundary segments, only the ones it shares with the neighbour for "the
   Algeria-Libya border", only the ones it shares with nobody for a coast;
2. everything is projected into an azimuthal equidistant plane centred on the
   subject (pyproj), where planar distances are true distances to a fraction
   of a percent at these ranges;
3. the piece is the strip inside the disc of radius ``R = d + high`` around the
   subject (big enough to show the strip's nearest part even when the subject
   is far outside it). Only segments within ``R + high`` of the subject can
   matter inside that disc, so only those are buffered: the work and the
   output stay small;
4. the strip is ``buffer(high) - buffer(low)``, kept on the subject's side
   (inside the country when the subject is, outside otherwise), cut to the
   disc, simplified to a few hundred metres, projected back to (lat, lon).

Pieces for several subjects are merged. shapely, pyproj and numpy are
imported only when a band is drawn.
"""

from __future__ import annotations

import math
import struct
from typing import TYPE_CHECKING, Any

from geomap.geometry import CountryShape, read_wkb_rings
from geomap.render.shapes import Vertex, annulus_sector

if TYPE_CHECKING:
    from geomap.gazetteer.store import Gazetteer
    from geomap.model import LatLon
    from geomap.render.features import LineBand

__all__ = ["MAX_REACH_KM", "Rings", "line_band_polygons"]

#: One polygon as Leaflet wants it: the outer ring, then its holes.
Rings = list[list[Vertex]]

#: The piece drawn around a subject has at most this radius.
MAX_REACH_KM = 1500.0
#: Vertices are rounded to four decimals (about 10 m).
_DIGITS = 4
#: Half the angle of the fallback sector drawn when the strip cannot be computed.
_FALLBACK_HALF_ANGLE = 30.0


def line_band_polygons(gazetteer: Gazetteer, band: LineBand) -> list[Rings] | None:
    """The band's polygons near its subjects, as (lat, lon) rings; None when
    the gazetteer has no shape for the line.

    Should the computation fail (a damaged shape), each subject gets the
    fallback: the sector of the ring of ``low..high`` km around it that faces
    the measured nearest point of the line, which is where the claim says
    the line should be.
    """
    try:
        segments = _line_segments(gazetteer, band)
    except (ValueError, struct.error):  # a damaged shape: no line to draw along
        return None
    if segments is None:
        return None
    from pyproj.exceptions import ProjError
    from shapely.errors import GEOSException

    try:
        return _strip(gazetteer, band, segments)
    except (GEOSException, ProjError, ValueError, FloatingPointError):
        return _fallback(band)


def _country_shape(gazetteer: Gazetteer, code: str) -> CountryShape | None:
    # Not geometry.country_shape: its cache is keyed by the gazetteer's id(),
    # and a renderer may see many short-lived gazetteers.
    wkb = gazetteer.shape_wkb(code)
    return CountryShape(code, read_wkb_rings(wkb)) if wkb else None


def _line_segments(gazetteer: Gazetteer, band: LineBand) -> tuple[Any, Any] | None:
    """(starts, ends) of the line's segments as (lon, lat) arrays, as verified."""
    shape = _country_shape(gazetteer, band.country.country_code)
    if shape is None:
        return None
    starts, ends = shape.segments()
    if band.geometry == "coast":
        facts = gazetteer.countries().get(band.country.country_code)
        neighbours = [
            s
            for code in (facts.neighbours if facts else ())
            if (s := _country_shape(gazetteer, code)) is not None
        ]
        mask = ~shape.shared_with(neighbours)
        if not mask.any():
            return None
        return starts[mask], ends[mask]
    if band.neighbour is not None:
        other = _country_shape(gazetteer, band.neighbour.country_code)
        if other is not None:
            shared = shape.shared_with([other])
            if shared.any():
                return starts[shared], ends[shared]
    return starts, ends


def _strip(gazetteer: Gazetteer, band: LineBand, segments: tuple[Any, Any]) -> list[Rings]:
    import shapely

    wkb = gazetteer.shape_wkb(band.country.country_code)
    country = shapely.from_wkb(wkb) if wkb else None
    if country is not None and not country.is_valid:
        country = shapely.make_valid(country)
    pieces = []
    for subject, distance, _nearest in band.subjects:
        piece = _piece(subject.point, distance, band, segments, country)
        if piece is not None and not piece.is_empty:
            pieces.append(piece)
    if not pieces:
        return []
    merged = shapely.union_all(pieces) if len(pieces) > 1 else pieces[0]
    return _rings(merged)


def _piece(
    subject: LatLon, distance_km: float, band: LineBand, segments: tuple[Any, Any], country: Any
) -> Any:
    """The strip near one subject, in (lon, lat) with longitudes unrolled
    around the subject's; None when the strip is out of reach."""
    import numpy as np
    import shapely
    from pyproj import CRS, Transformer

    reach_m = min(distance_km + band.high_km, MAX_REACH_KM) * 1000
    high_m, low_m = band.high_km * 1000, band.low_km * 1000
    if distance_km - band.high_km > MAX_REACH_KM:
        return None
    to_plane = Transformer.from_crs(
        CRS.from_proj4("+proj=longlat +datum=WGS84 +no_defs"),
        CRS.from_proj4(
            f"+proj=aeqd +lat_0={subject.lat} +lon_0={subject.lon} +datum=WGS84 +units=m +no_defs"
        ),
        always_xy=True,
    )
    starts, ends = segments
    xs, ys = to_plane.transform(starts[:, 0], starts[:, 1])
    xe, ye = to_plane.transform(ends[:, 0], ends[:, 1])
    near = _segment_distance(xs, ys, xe, ye) <= reach_m + high_m
    if not near.any():
        return None
    lines = shapely.multilinestrings(
        shapely.linestrings(
            np.stack(
                [np.column_stack([xs[near], ys[near]]), np.column_stack([xe[near], ye[near]])],
                axis=1,
            )
        )
    )
    lines = shapely.line_merge(lines)
    disc = shapely.Point(0, 0).buffer(reach_m, quad_segs=32)
    strip = lines.buffer(high_m, quad_segs=12)
    if low_m > 0:
        strip = strip.difference(lines.buffer(low_m, quad_segs=12))
    strip = strip.intersection(disc)
    if country is not None and not strip.is_empty:
        local = _local(country, subject, reach_m / 1000 + band.high_km)
        if not local.is_empty:
            plane = shapely.make_valid(
                shapely.transform(local, lambda xy: np.column_stack(to_plane.transform(*xy.T)))
            )
            inside = country.contains(shapely.Point(subject.lon, subject.lat))
            strip = strip.intersection(plane) if inside else strip.difference(plane)
    if strip.is_empty:
        return None
    strip = strip.simplify(max(reach_m / 500, 100.0), preserve_topology=True)
    from_plane = Transformer.from_crs(to_plane.target_crs, to_plane.source_crs, always_xy=True)

    def back(xy: Any) -> Any:
        lon, lat = from_plane.transform(xy[:, 0], xy[:, 1])
        lon = np.asarray(lon)
        lon = lon + 360.0 * np.round((subject.lon - lon) / 360.0)  # unrolled near the subject
        return np.column_stack([lon, lat])

    return shapely.make_valid(shapely.transform(strip, back))


def _segment_distance(xs: Any, ys: Any, xe: Any, ye: Any) -> Any:
    """Planar distance from the origin (the subject) to each segment."""
    import numpy as np

    dx, dy = xe - xs, ye - ys
    length2 = dx * dx + dy * dy
    safe = np.where(length2 > 0, length2, 1.0)
    t = np.clip(np.where(length2 > 0, -(xs * dx + ys * dy) / safe, 0.0), 0.0, 1.0)
    return np.hypot(xs + t * dx, ys + t * dy)


def _local(country: Any, subject: LatLon, km: float) -> Any:
    """The part of the country's polygon within about ``km`` of the subject, in
    (lon, lat); pieces across the antimeridian are brought to its side."""
    import shapely
    import shapely.affinity

    dlat = km / 111.32 + 0.5
    widest = min(abs(subject.lat) + dlat, 89.0)
    dlon = min(km / (111.32 * math.cos(math.radians(widest))) + 0.5, 180.0)
    south, north = max(subject.lat - dlat, -90.0), min(subject.lat + dlat, 90.0)
    parts = []
    for shift in (-360.0, 0.0, 360.0):
        west, east = subject.lon - dlon + shift, subject.lon + dlon + shift
        if east < -180 or west > 180:
            continue
        part = shapely.clip_by_rect(country, west, south, east, north)
        if not part.is_empty:
            parts.append(shapely.affinity.translate(part, xoff=-shift))
    if not parts:
        return shapely.Polygon()
    return shapely.union_all(parts)


def _rings(geometry: Any) -> list[Rings]:
    """Polygons as Leaflet rings of (lat, lon), rounded; slivers dropped."""
    from geomap.render.basemap import polygons

    result = []
    for polygon in polygons(geometry):
        if polygon.is_empty or polygon.area < 1e-7:
            continue
        rings = [polygon.exterior, *polygon.interiors]
        result.append(
            [[(round(y, _DIGITS), round(x, _DIGITS)) for x, y, *_ in ring.coords] for ring in rings]
        )
    return result


def _fallback(band: LineBand) -> list[Rings]:
    from geomap.geometry import bearing_deg

    sectors = []
    for subject, _distance, nearest in band.subjects:
        bearing = bearing_deg(subject.point, nearest)
        sectors.append(
            [
                annulus_sector(
                    subject.point, band.low_km, band.high_km, bearing, _FALLBACK_HALF_ANGLE
                )
            ]
        )
    return sectors
