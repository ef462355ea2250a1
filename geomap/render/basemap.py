"""An offline basemap: the outlines of the countries a story involves.

Tile servers are unreachable offline, so the map draws country polygons from
the gazetteer (Natural Earth 1:10m) as GeoJSON. 1:10m is far finer than a
news map needs, so the shapes are simplified to about a pixel at the map's
first view and coarsened further until they fit a vertex budget; islands
smaller than a few pixels are dropped. This keeps a typical page well under
a megabyte.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from geomap.gazetteer.store import Gazetteer
    from geomap.render.shapes import Vertex

__all__ = ["VERTEX_BUDGET", "country_codes", "country_geojson", "simplify_tolerance"]

#: At most this many vertices for all countries together (about 15 bytes each).
VERTEX_BUDGET = 20_000
#: The first view is about this many pixels across: aim for one pixel of detail.
_VIEW_PIXELS = 1200
_MIN_TOLERANCE_DEG = 0.002  # about 200 m: below this, nobody zooms in on a news map
_MAX_TOLERANCE_DEG = 0.5


def simplify_tolerance(view: tuple[Vertex, Vertex] | None) -> float:
    """Degrees of simplification for a first view of ``view`` (south-west, north-east).

    >>> simplify_tolerance(((27.0, 3.0), (37.0, 10.0)))   # Algeria's north-east
    0.008333333333333333
    >>> simplify_tolerance(None)                          # no view: a world map
    0.3
    """
    if view is None:
        return min(360 / _VIEW_PIXELS, _MAX_TOLERANCE_DEG)
    (south, west), (north, east) = view
    extent = max(north - south, east - west)
    return min(max(extent / _VIEW_PIXELS, _MIN_TOLERANCE_DEG), _MAX_TOLERANCE_DEG)


def country_codes(gazetteer: Gazetteer, involved: Iterable[str], *, focus: str | None) -> list[str]:
    """The involved country codes plus the focus country's neighbours, sorted,
    without blanks or duplicates (the neighbours give the site its context)."""
    codes = {code for code in involved if code}
    if focus:
        codes.add(focus)
        country = gazetteer.countries().get(focus)
        if country is not None:
            codes.update(country.neighbours)
    return sorted(codes)


def _digits_for(tolerance: float) -> int:
    # One more decimal than the tolerance needs; rounding finer only adds bytes.
    return min(max(math.ceil(-math.log10(tolerance)) + 1, 2), 5)


def _rounded(coords: Any, digits: int) -> list[list[float]]:
    return [[round(x, digits), round(y, digits)] for x, y, *_ in coords]


def _polygons(geometry: Any) -> list[Any]:
    import shapely

    if isinstance(geometry, shapely.Polygon):
        return [geometry]
    if isinstance(geometry, shapely.MultiPolygon | shapely.GeometryCollection):
        return [p for part in geometry.geoms for p in _polygons(part)]
    return []


def _simplified(geometry: Any, tolerance: float) -> list[Any]:
    """Simplified polygons, dropping parts under a few pixels but never all."""
    polygons = [
        p for p in _polygons(geometry.simplify(tolerance, preserve_topology=True)) if not p.is_empty
    ]
    if not polygons:
        return []
    min_area = (3 * tolerance) ** 2
    kept = [p for p in polygons if p.area >= min_area]
    return kept or [max(polygons, key=lambda p: p.area)]


def _feature(code: str, polygons: list[Any], digits: int) -> dict[str, Any]:
    rings = [
        [_rounded(p.exterior.coords, digits), *(_rounded(i.coords, digits) for i in p.interiors)]
        for p in polygons
    ]
    return {
        "type": "Feature",
        "properties": {"code": code},
        "geometry": {"type": "MultiPolygon", "coordinates": rings},
    }


def country_geojson(
    gazetteer: Gazetteer,
    codes: Iterable[str],
    *,
    view: tuple[Vertex, Vertex] | None,
    vertex_budget: int = VERTEX_BUDGET,
) -> dict[str, Any] | None:
    """A FeatureCollection (lon, lat, as GeoJSON wants) of the countries' shapes,
    simplified for ``view``; None when the gazetteer has none of them."""
    import shapely
    from shapely.errors import GEOSException

    shapes = {}
    for code in codes:
        wkb = gazetteer.shape_wkb(code)
        if not wkb:
            continue
        try:
            shapes[code] = shapely.from_wkb(wkb)
        except GEOSException:
            continue  # one damaged shape should not cost the whole map
    if not shapes:
        return None
    tolerance = simplify_tolerance(view)
    while True:
        simplified = {code: _simplified(g, tolerance) for code, g in shapes.items()}
        vertices = sum(
            shapely.get_num_coordinates(p) for parts in simplified.values() for p in parts
        )
        if vertices <= vertex_budget or tolerance >= _MAX_TOLERANCE_DEG:
            break
        tolerance = min(tolerance * 2, _MAX_TOLERANCE_DEG)
    digits = _digits_for(tolerance)
    return {
        "type": "FeatureCollection",
        "features": [_feature(code, parts, digits) for code, parts in simplified.items() if parts],
    }
