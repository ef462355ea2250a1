"""An offline basemap: the outlines of the countries a story involves, and their names.

Tile servers are unreachable offline, so the map draws country polygons from
the gazetteer (Natural Earth 1:10m) as GeoJSON. 1:10m is far finer than a
news map needs, so the shapes are simplified to about a pixel at the map's
first view; countries away from that view, seen only when the reader zooms
out, are simplified for the view of all places. Both are coarsened further
until they fit a vertex budget, and islands smaller than a few pixels are
dropped. This keeps a typical page well under a megabyte.

Each country gets a small label at a point well inside its largest part
(shapely's pole of inaccessibility), shown only from the zoom at which the
name fits inside the country.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from geomap.gazetteer.store import Gazetteer
    from geomap.render.shapes import Vertex

__all__ = [
    "VERTEX_BUDGET",
    "Basemap",
    "CountryLabel",
    "build_basemap",
    "country_codes",
    "inset_countries",
    "label_min_zoom",
    "polygons",
    "simplify_tolerance",
]

#: At most this many vertices for all countries together (about 15 bytes each).
VERTEX_BUDGET = 20_000
#: The first view is about this many pixels across: aim for one pixel of detail.
_VIEW_PIXELS = 1200
_MIN_TOLERANCE_DEG = 0.002  # about 200 m: below this, nobody zooms in on a news map
_MAX_TOLERANCE_DEG = 0.5
#: Rough width of a label character in pixels (11 px small capitals), and its margin.
_LABEL_CHAR_PX = 7.0
_LABEL_MARGIN_PX = 12.0


@dataclass(frozen=True, slots=True)
class CountryLabel:
    """A country's name, where to write it, and the first zoom at which it fits."""

    code: str
    name: str
    lat: float
    lon: float
    min_zoom: int


@dataclass(frozen=True, slots=True)
class Basemap:
    """The countries as a GeoJSON FeatureCollection (lon, lat) and their labels."""

    geojson: dict[str, Any]
    labels: tuple[CountryLabel, ...]


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


def polygons(geometry: Any) -> list[Any]:
    """The polygons of a (multi)polygon or collection, flattened."""
    import shapely

    if isinstance(geometry, shapely.Polygon):
        return [geometry]
    if isinstance(geometry, shapely.MultiPolygon | shapely.GeometryCollection):
        return [p for part in geometry.geoms for p in polygons(part)]
    return []


def _simplified(parts: list[Any], tolerance: float) -> list[Any]:
    """Simplified polygons, dropping parts under a few pixels."""
    simplified = [
        p
        for part in parts
        for p in polygons(part.simplify(tolerance, preserve_topology=True))
        if not p.is_empty
    ]
    min_area = (3 * tolerance) ** 2
    return [p for p in simplified if p.area >= min_area]


def _split(
    geometry: Any, near_box: tuple[float, float, float, float] | None
) -> tuple[list[Any], list[Any]]:
    """The polygons of a country that reach into ``near_box`` (west, south,
    east, north) and the others (overseas islands, far-off territories)."""
    parts = polygons(geometry)
    if near_box is None:
        return parts, []
    near: list[Any] = []
    far: list[Any] = []
    for part in parts:
        (near if _overlaps(part.bounds, near_box) else far).append(part)
    return near, far


def _feature(code: str, parts: list[Any], digits: int) -> dict[str, Any]:
    rings = [
        [_rounded(p.exterior.coords, digits), *(_rounded(i.coords, digits) for i in p.interiors)]
        for p in parts
    ]
    return {
        "type": "Feature",
        "properties": {"code": code},
        "geometry": {"type": "MultiPolygon", "coordinates": rings},
    }


def label_min_zoom(name: str, width_deg: float) -> int:
    """The first Web Mercator zoom at which ``name`` fits across ``width_deg``
    degrees of longitude (a world is 256 pixels wide at zoom 0).

    >>> label_min_zoom("Algeria", 20.0), label_min_zoom("Tunisia", 4.0), label_min_zoom("Malta", 0.3)
    (3, 5, 8)
    """
    needed_px = len(name) * _LABEL_CHAR_PX + _LABEL_MARGIN_PX
    if width_deg <= 0:
        return 18
    zoom = math.ceil(math.log2(needed_px * 360 / (256 * width_deg)))
    return min(max(zoom, 0), 18)


def _label(code: str, name: str, parts: list[Any], tolerance: float) -> CountryLabel | None:
    from shapely.errors import GEOSException, TopologicalError
    from shapely.ops import polylabel

    if not parts:
        return None
    largest = max(parts, key=lambda p: p.area)
    try:
        point = polylabel(largest, tolerance=max(tolerance, 0.01))
    except (GEOSException, TopologicalError, ValueError):  # a degenerate part
        point = largest.representative_point()
    west, _south, east, _north = largest.bounds
    return CountryLabel(
        code=code,
        name=name,
        lat=round(point.y, 3),
        lon=round(point.x, 3),
        min_zoom=label_min_zoom(name, east - west),
    )


def _overlaps(
    bounds: tuple[float, float, float, float], box: tuple[float, float, float, float]
) -> bool:
    west, south, east, north = bounds
    box_west, box_south, box_east, box_north = box
    # The box's longitudes may be unrolled: compare against it shifted by a turn too.
    return (
        south <= box_north
        and north >= box_south
        and any(
            west <= box_east + shift and east >= box_west + shift for shift in (-360.0, 0.0, 360.0)
        )
    )


def _near_box(
    view: tuple[Vertex, Vertex] | None, far_view: tuple[Vertex, Vertex] | None
) -> tuple[float, float, float, float] | None:
    """The first view widened by its own size on each side, as (west, south,
    east, north); None when everything is drawn for one view."""
    if view is None or far_view is None:
        return None
    (south, west), (north, east) = view
    pad = max(north - south, east - west, 1.0)
    return (west - pad, south - pad, east + pad, north + pad)


def build_basemap(
    gazetteer: Gazetteer,
    codes: Iterable[str],
    *,
    view: tuple[Vertex, Vertex] | None,
    far_view: tuple[Vertex, Vertex] | None = None,
    names: Mapping[str, str] | None = None,
    vertex_budget: int = VERTEX_BUDGET,
) -> Basemap | None:
    """The countries' shapes with a label each; None when the gazetteer has none.

    Polygons near ``view`` (the first view, widened by its own size) are
    simplified for it; the others (far countries, overseas islands) for
    ``far_view``, the view of all places. ``names`` gives the label text per
    code (the code when missing)."""
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
    near_tolerance = simplify_tolerance(view)
    far_tolerance = max(simplify_tolerance(far_view), near_tolerance)
    near_box = _near_box(view, far_view)
    split = {code: _split(g, near_box) for code, g in shapes.items()}
    while True:
        simplified = {}
        for code, (near, far) in split.items():
            parts = _simplified(near, near_tolerance) + _simplified(far, far_tolerance)
            if not parts:  # never lose a whole country to the size filter
                everything = near + far
                parts = _simplified([max(everything, key=lambda p: p.area)], near_tolerance)
                parts = parts or [max(everything, key=lambda p: p.area)]
            simplified[code] = parts
        vertices = sum(
            shapely.get_num_coordinates(p) for parts in simplified.values() for p in parts
        )
        if vertices <= vertex_budget or near_tolerance >= _MAX_TOLERANCE_DEG:
            break
        near_tolerance = min(near_tolerance * 2, _MAX_TOLERANCE_DEG)
        far_tolerance = min(far_tolerance * 2, _MAX_TOLERANCE_DEG)
    tolerances = {code: near_tolerance if split[code][0] else far_tolerance for code in simplified}
    names = names or {}
    features = [
        _feature(code, parts, _digits_for(tolerances[code]))
        for code, parts in simplified.items()
        if parts
    ]
    labels = [
        _label(code, names.get(code) or code, parts, tolerances[code])
        for code, parts in simplified.items()
    ]
    return Basemap(
        geojson={"type": "FeatureCollection", "features": features},
        labels=tuple(label for label in labels if label is not None),
    )


#: The locator inset draws the focus country, its neighbours and theirs, this
#: coarse (about 20 km): at its scale a country is a few dozen pixels.
_INSET_TOLERANCE_DEG = 0.2


def inset_countries(gazetteer: Gazetteer, focus: str | None) -> dict[str, Any] | None:
    """Outlines for the locator inset: the focus country (marked), its
    neighbours and their neighbours, coarsely simplified, as GeoJSON; None
    without a focus country or shapes."""
    import shapely
    from shapely.errors import GEOSException

    if not focus:
        return None
    countries = gazetteer.countries()
    near = {focus, *(countries[focus].neighbours if focus in countries else ())}
    codes = set(near)
    for code in near:
        if code in countries:
            codes.update(countries[code].neighbours)
    features = []
    for code in sorted(codes):
        wkb = gazetteer.shape_wkb(code)
        if not wkb:
            continue
        try:
            parts = _simplified(polygons(shapely.from_wkb(wkb)), _INSET_TOLERANCE_DEG)
        except GEOSException:
            continue
        if parts:
            feature = _feature(code, parts, 1)
            feature["properties"]["focus"] = code == focus
            features.append(feature)
    return {"type": "FeatureCollection", "features": features} if features else None
