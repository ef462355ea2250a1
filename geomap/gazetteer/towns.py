"""Towns the other sources lack, from Natural Earth's populated places.

Source: ``gazetteer/towns.json.gz``, derived by ``tools/derive_towns.py`` from
Natural Earth 1:10m populated places (public domain): 7,331 towns and cities,
including significant small towns in sparsely inhabited regions (Alaskan
villages, Afghan and Yemeni provincial seats). Most are in GeoNames already;
a town is added only when neither its GeoNames id nor a place of the same name
within 30 km is in the gazetteer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from geomap.gazetteer import sources
from geomap.gazetteer.normalize import name_key
from geomap.gazetteer.writer import PlaceRow
from geomap.geometry import rough_km_between

__all__ = ["load_towns"]

_SAME_TOWN_KM = 30.0


def load_towns(known: Iterable[PlaceRow]) -> list[PlaceRow]:
    """The Natural Earth towns that none of ``known`` already is."""
    layer = sources.read_layer("towns.json.gz")
    if layer is None:
        return []
    towns = layer["towns"]
    ids: set[str] = set()
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    namesakes: set[str] = set()
    for row in known:
        ids.add(row.id)
        for name in {row.name, *(n for n, kind in row.names if kind in ("name", "alias"))}:
            points[name_key(name)].append((row.lat, row.lon))
        namesakes.add(name_key(row.name))
    rows = []
    for town in towns:
        if town["geonameid"] is not None and f"geonames:{town['geonameid']}" in ids:
            continue
        names = [n for n in (town["name"], town["ascii"], town["alt"]) if n]
        if any(_known_near(points.get(name_key(n), ()), town) for n in names):
            continue
        ident = town["geonameid"] or name_key(town["name"]).replace(" ", "-")
        row = PlaceRow(
            f"naturalearth:town:{town['country']}:{ident}",
            town["name"],
            "city",
            town["country"],
            town["lat"],
            town["lon"],
            admin1=town["admin1"],
            # Natural Earth copies a famous namesake's figure onto some villages
            # (Natal, Amazonas; Arak, Algeria): a town with a namesake keeps none
            population=0 if name_key(town["name"]) in namesakes else town["population"],
            source="naturalearth",
        )
        row.names = [(n, "alias") for n in names[1:] if name_key(n) != name_key(town["name"])]
        rows.append(row)
    return rows


def _known_near(points: Iterable[tuple[float, float]], town: dict) -> bool:
    return any(
        rough_km_between(lat, lon, town["lat"], town["lon"]) <= _SAME_TOWN_KM for lat, lon in points
    )
