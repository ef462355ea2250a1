"""First-level regions as polygons, and the land borders between them.

Source: ``gazetteer/admin1.geojson.gz``, derived by ``tools/derive_admin1.py``
from Natural Earth 1:10m admin-1 (public domain): 4,584 states, provinces,
wilayas... keyed by ISO 3166-2 code, simplified as one coverage so that a
border two regions share is one line.

The build stores, per ISO 3166-2 code, the region's polygon (``"US-ND"``) and
its land border (``"US-ND|land"``): the segments it shares with another
region, where "the North Dakota border" lies; the rest of its outline is coast.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from geomap.gazetteer import sources
from geomap.gazetteer.normalize import name_key
from geomap.gazetteer.writer import PlaceRow
from geomap.geometry import LAND_BORDER, rough_km
from geomap.model import LatLon

__all__ = ["LAND_SUFFIX", "load_regions"]

#: Key suffix of a region's land border in the shapes table.
LAND_SUFFIX = LAND_BORDER


def _features() -> list[dict]:
    layer = sources.read_layer("admin1.geojson.gz")
    return [] if layer is None else list(layer["features"])


def load_regions(
    states: dict[str, PlaceRow], cities: Sequence[PlaceRow] = ()
) -> tuple[list[PlaceRow], dict[str, bytes]]:
    """The regions countries-states-cities lacks, as places (see
    :func:`_region_rows`), and every region's shapes (see :func:`_region_shapes`).

    A region that is a city by another name ("Bacolod", the city of Bacolod
    City) is not added as a place: news that names it means the city. A town
    of ``cities`` whose source gives it no region (GeoNames' British and
    French towns) gets the one its point lies in."""
    polygons, names = _regions()
    _fill_admin1(cities, polygons, names)
    _move_off_namesake_cities(states, cities, polygons)
    city_names = {(c.country, _without_city(name_key(c.name))) for c in cities}
    skip = {
        f"admin1:{code}"
        for code, name in names.items()
        if (code[:2], _without_city(name_key(name))) in city_names
    }
    _add_other_names(states, names, skip)
    return _region_rows(polygons, names, set(states) | skip), _region_shapes(polygons)


def _add_other_names(states: dict[str, PlaceRow], names: dict[str, str], skip: set[str]) -> None:
    """Natural Earth's name of a region countries-states-cities names otherwise
    ("Araucanía" for La Araucanía, "Primorsky Krai" for Primorsky), as an alias."""
    for code, name in names.items():
        state = states.get(f"admin1:{code}")
        if state is None or not name or state.id in skip:
            continue
        known = {name_key(state.name)} | {name_key(alias) for alias, _ in state.names}
        if name_key(name) in known:
            continue
        # with the type words the region's own name takes ("Araucanía Region")
        suffixes = [a[len(state.name) :] for a, _ in state.names if a.startswith(state.name + " ")]
        state.names += [(name + suffix, "alias") for suffix in ["", *suffixes]]


def _fill_admin1(
    cities: Sequence[PlaceRow], polygons: dict[str, Any], names: dict[str, str]
) -> None:
    """Write into each town without a region the region its point lies in."""
    import shapely

    empty = [c for c in cities if not c.admin1]
    if not empty:
        return
    codes = sorted(polygons)
    tree = shapely.STRtree([polygons[code] for code in codes])
    points = shapely.points([(c.lon, c.lat) for c in empty])
    town_index, region_index = tree.query(points, predicate="within")
    for town, region in zip(town_index.tolist(), region_index.tolist(), strict=True):
        city, code = empty[town], codes[region]
        if not city.admin1 and code[:2] == city.country and names[code]:
            city.admin1 = names[code]


# A region's point this close to a town of its name is that town's point...
_AT_TOWN_KM = 3.0
# ...and misplaces the region when its polygon's own point is this far away.
_MISPLACED_KM = 100.0


def _move_off_namesake_cities(
    states: dict[str, PlaceRow], cities: Sequence[PlaceRow], polygons: dict[str, Any]
) -> None:
    """Put a region that its source placed on its namesake city (New York
    state on New York City, São Paulo state on the city) at a point inside
    its own polygon, when the city lies far from the region's middle.

    A region and its city share a name, so the source's point fits the city;
    for the region it can be hundreds of kilometres off (New York state's
    point 300 km from the state's middle). Regions no bigger than their city
    keep their point, and so does a region whose point is not inside the
    polygon of its code (the two sources then disagree on what the code is).
    """
    import shapely

    towns = _towns_by_name(cities)
    for state in states.values():
        polygon = polygons.get(state.id.removeprefix("admin1:"))
        if polygon is None or not _at_a_namesake_town(state, towns):
            continue
        here = shapely.Point(state.lon, state.lat)
        middle = shapely.point_on_surface(polygon)
        if not polygon.covers(here):
            continue
        if rough_km(LatLon(state.lat, state.lon), LatLon(middle.y, middle.x)) < _MISPLACED_KM:
            continue
        state.lat, state.lon = round(middle.y, 5), round(middle.x, 5)


def _towns_by_name(cities: Sequence[PlaceRow]) -> dict[tuple[str, str], list[PlaceRow]]:
    """Towns by (country, key of any of their names)."""
    towns: dict[tuple[str, str], list[PlaceRow]] = defaultdict(list)
    for city in cities:
        for key in {name_key(city.name)} | {name_key(name) for name, _ in city.names}:
            towns[city.country, key].append(city)
    return towns


def _at_a_namesake_town(state: PlaceRow, towns: dict[tuple[str, str], list[PlaceRow]]) -> bool:
    """Whether a town called by the region's name stands at the region's point."""
    point = LatLon(state.lat, state.lon)
    return any(
        rough_km(point, LatLon(town.lat, town.lon)) <= _AT_TOWN_KM
        for town in towns.get((state.country, name_key(state.name)), ())
    )


def _without_city(key: str) -> str:
    return key.removesuffix(" city").removeprefix("city of ")


def _region_rows(
    polygons: dict[str, Any], names: dict[str, str], known_ids: set[str]
) -> list[PlaceRow]:
    """First-level regions that countries-states-cities lacks (Somerset,
    Cornwall...), as places at a point inside their polygon."""
    import shapely

    rows = []
    for code, polygon in sorted(polygons.items()):
        place_id = f"admin1:{code}"
        if place_id in known_ids or not names[code]:
            continue
        point = shapely.point_on_surface(polygon)
        rows.append(
            PlaceRow(
                place_id,
                names[code],
                "admin1",
                code[:2],
                round(point.y, 5),
                round(point.x, 5),
                admin1=names[code],
                source="naturalearth",
            )
        )
    return rows


def _regions() -> tuple[dict[str, Any], dict[str, str]]:
    """Each region's polygon (its pieces joined) and name, by ISO 3166-2 code."""
    import shapely
    from shapely.geometry import shape

    parts: dict[str, list[Any]] = defaultdict(list)
    names: dict[str, str] = {}
    for feature in _features():
        code = feature["properties"]["iso_3166_2"]
        parts[code].append(shape(feature["geometry"]))
        names.setdefault(code, feature["properties"]["name"])
    return {code: shapely.union_all(pieces) for code, pieces in parts.items()}, names


def _region_shapes(polygons: dict[str, Any]) -> dict[str, bytes]:
    """ISO 3166-2 code -> polygon WKB, and code + ``|land`` -> land border WKB."""
    import shapely

    shapes = {code: shapely.to_wkb(polygon) for code, polygon in polygons.items()}
    for code, border in _land_borders(polygons).items():
        shapes[code + LAND_SUFFIX] = shapely.to_wkb(border)
    return shapes


def _land_borders(polygons: dict[str, Any]) -> dict[str, Any]:
    """Each region's segments whose two ends are vertices of another region too."""
    import numpy as np
    import shapely

    rings = [
        (code, ring) for code, polygon in polygons.items() for ring in _boundary_rings(polygon)
    ]
    if not rings:
        return {}
    # a vertex is shared when it appears in two regions (counted once per region)
    by_region: dict[str, list[Any]] = defaultdict(list)
    for code, ring in rings:
        by_region[code].append(_vertex_keys(ring))
    per_region = [np.unique(np.concatenate(keys)) for keys in by_region.values()]
    keys, counts = np.unique(np.concatenate(per_region), return_counts=True)
    shared = keys[counts > 1]
    lines: dict[str, list[Any]] = defaultdict(list)
    for code, ring in rings:
        ring_keys = _vertex_keys(ring)
        position = np.clip(np.searchsorted(shared, ring_keys), 0, len(shared) - 1)
        on_other = shared[position] == ring_keys
        both = np.flatnonzero(on_other[:-1] & on_other[1:])
        lines[code] += [ring[i : i + 2] for i in both]
    # joined into as few lines as the geometry allows: smaller, and as fast to measure
    return {
        code: shapely.line_merge(shapely.multilinestrings(parts))
        for code, parts in lines.items()
        if parts
    }


def _boundary_rings(polygon: Any) -> list[Any]:
    import shapely

    return [
        shapely.get_coordinates(ring)
        for part in shapely.get_parts(polygon)
        for ring in [
            shapely.get_exterior_ring(part),
            *shapely.get_interior_ring(part, range(shapely.get_num_interior_rings(part))),
        ]
    ]


def _vertex_keys(ring: Any) -> Any:
    import numpy as np

    lon = np.round((ring[:, 0] + 180.0) * 1e4).astype(np.int64)
    lat = np.round((ring[:, 1] + 90.0) * 1e4).astype(np.int64)
    return lon * 10_000_000 + lat
