"""Build the local gazetteer: every source into one SQLite file.

The build is atomic (written to a temporary file beside the target, then
renamed) and reports progress through a callback, never by printing. The
sources are read by :mod:`~geomap.gazetteer.countries`,
:mod:`~geomap.gazetteer.regions`, :mod:`~geomap.gazetteer.subdivisions` and
:mod:`~geomap.gazetteer.places`; :mod:`~geomap.gazetteer.writer` inserts their
rows. This module owns the schema and the order of the steps.

Tables::

    places(rowid, id, name, kind, country, admin1, lat, lon, population, source)
    names(key, place, name, name_type)      -- key = name_key(name), indexed
    countries(code, iso3, name, place_id, capital_id, continent, neighbours)
    shapes(country, wkb)                    -- Natural Earth 1:10m polygons
    fuzzy_keys(bucket, key, place)          -- keys offered for misspelling matches,
                                            -- by bucket (first letter and length)
    meta(key, value)                        -- fingerprint, counts, build time
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from geomap.errors import GazetteerError, OutputError
from geomap.files import replacing
from geomap.gazetteer import sources
from geomap.gazetteer.countries import CountryFacts, find_capitals, load_countries
from geomap.gazetteer.curated import read_alias_file, read_place_file
from geomap.gazetteer.facilities import load_airports
from geomap.gazetteer.features import load_features
from geomap.gazetteer.normalize import name_key
from geomap.gazetteer.places import dump_rows, load_cities, record_rows
from geomap.gazetteer.region_shapes import load_regions
from geomap.gazetteer.regions import load_continents, load_country_groups
from geomap.gazetteer.subdivisions import (
    StateCities,
    load_small_towns,
    load_states,
    load_us_counties,
    match_admin1,
)
from geomap.gazetteer.towns import load_towns
from geomap.gazetteer.writer import PlaceRow, PlaceWriter

__all__ = ["BuildStats", "ProgressCallback", "build_gazetteer"]

#: ``progress(step_description, fraction_done)``
ProgressCallback = Callable[[str, float], None]

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places(
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT NOT NULL,
    admin1 TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    population INTEGER NOT NULL,
    source TEXT NOT NULL
);
CREATE TABLE names(
    key TEXT NOT NULL,
    place INTEGER NOT NULL REFERENCES places(rowid),
    name TEXT NOT NULL,
    name_type TEXT NOT NULL,
    PRIMARY KEY (key, place)
) WITHOUT ROWID;
CREATE TABLE countries(
    code TEXT PRIMARY KEY,
    iso3 TEXT NOT NULL,
    name TEXT NOT NULL,
    place_id TEXT NOT NULL,
    capital_id TEXT,
    continent TEXT NOT NULL,
    neighbours TEXT NOT NULL
);
CREATE TABLE shapes(country TEXT PRIMARY KEY, wkb BLOB NOT NULL);
CREATE TABLE fuzzy_keys(bucket TEXT NOT NULL, key TEXT NOT NULL, place INTEGER NOT NULL);
"""

# Places offered for fuzzy (misspelling) matches: well-known ones only, so that
# a misspelt word does not land on a hamlet.
_FUZZY_KINDS = ("country", "admin1", "continent", "region", "desert", "water", "facility")
_FUZZY_MIN_POPULATION = 15000


@dataclass(frozen=True, slots=True)
class BuildStats:
    """What a build produced."""

    path: Path
    places: int
    names: int
    countries: int
    seconds: float
    fingerprint: str


def build_gazetteer(
    path: Path,
    *,
    geonames_dumps: Iterable[Path] = (),
    progress: ProgressCallback | None = None,
) -> BuildStats:
    """Build the gazetteer at ``path`` from every source; replace it atomically.

    ``geonames_dumps`` are extra GeoNames files (``allCountries.txt``, ``DZ.zip``...)
    imported after the bundled data.
    """
    started = time.perf_counter()
    dumps = tuple(Path(p) for p in geonames_dumps)
    report = progress or (lambda step, fraction: None)
    path = Path(path)
    with ExitStack() as stack:
        try:
            tmp = stack.enter_context(replacing(path))
        except OutputError:
            raise
        except OSError as error:
            raise GazetteerError(
                f"cannot write the gazetteer in {path.parent} ({error.strerror}); "
                "choose another place with $GEOMAP_CACHE_DIR or --db"
            ) from None
        connection = sqlite3.connect(tmp)
        try:
            counts = _fill(connection, dumps, report)
            digest = sources.fingerprint(dumps)
            meta = {
                "fingerprint": digest,
                "schema": sources.SCHEMA_VERSION,
                "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "geonames_dumps": json.dumps([str(p.resolve()) for p in dumps]),
                **{f"count_{k}": str(v) for k, v in counts.items()},
            }
            connection.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
            connection.commit()
        finally:
            connection.close()
    report("done", 1.0)
    return BuildStats(
        path=path,
        places=counts["places"],
        names=counts["names"],
        countries=counts["countries"],
        seconds=time.perf_counter() - started,
        fingerprint=digest,
    )


def _fill(
    connection: sqlite3.Connection, dumps: tuple[Path, ...], report: ProgressCallback
) -> dict[str, int]:
    connection.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
    writer = PlaceWriter(connection)

    report("countries and borders (Natural Earth 1:10m)", 0.02)
    countries, shapes = load_countries()
    connection.executemany("INSERT INTO shapes VALUES (?, ?)", shapes.items())

    report("first-level regions (countries-states-cities)", 0.15)
    states, state_cities = load_states()

    report("populated places (GeoNames cities500)", 0.3)
    cities = load_cities()
    admin1_names = match_admin1(cities, states, state_cities)
    for city in cities:
        city.admin1 = admin1_names.get((city.country, city.admin1), "")
    capitals = find_capitals(countries, cities)

    report("writing places", 0.55)
    writer.add_all(country.row for country in countries.values())
    writer.add_all(load_continents())
    writer.add_all(load_country_groups(countries, shapes))
    report("first-level regions as polygons (Natural Earth 1:10m admin-1)", 0.6)
    region_rows, region_shapes = load_regions(states, cities)
    writer.add_all(states.values())
    writer.add_all(region_rows)
    connection.executemany("INSERT INTO shapes VALUES (?, ?)", region_shapes.items())
    del region_shapes
    _add_towns(writer, cities, state_cities, states)
    curated = _add_curated(writer)
    for index, dump in enumerate(dumps):
        report(f"GeoNames dump {dump.name}", 0.7 + 0.1 * index / max(1, len(dumps)))
        writer.add_all(dump_rows(dump, admin1_names))

    _write_countries(connection, countries, capitals)
    for path in sources.alias_files():
        writer.add_aliases(read_alias_file(path))
    report("seas, rivers, lakes, deserts, ranges (Natural Earth 1:10m)", 0.8)
    feature_rows, feature_shapes = load_features(writer.name_keys(), curated)
    writer.add_all(feature_rows)
    connection.executemany("INSERT INTO shapes VALUES (?, ?)", feature_shapes.items())
    report("writing names", 0.85)
    name_count = writer.flush_names()
    _write_fuzzy_keys(connection)
    connection.commit()
    return {"places": writer.place_count, "names": name_count, "countries": len(countries)}


def _add_towns(
    writer: PlaceWriter,
    cities: list[PlaceRow],
    state_cities: StateCities,
    states: dict[str, PlaceRow],
) -> None:
    """GeoNames towns, the towns countries-states-cities adds, the Natural
    Earth towns both lack, US counties and airports."""
    writer.add_all(cities)
    small_towns = list(load_small_towns(state_cities, cities, states))
    writer.add_all(small_towns)
    writer.add_all(load_towns([*cities, *small_towns]))
    writer.add_all(load_us_counties(states))
    writer.add_all(load_airports())


def _add_curated(writer: PlaceWriter) -> dict[str, tuple[str, str]]:
    """The curated place files; returns name key -> (id, kind) of their rows,
    for the physical features that give them a shape."""
    curated: dict[str, tuple[str, str]] = {}
    for path in sources.curated_files():
        rows = list(record_rows(read_place_file(path, namespace="curated")))
        curated.update({name_key(r.name): (r.id, r.kind) for r in rows})
        writer.add_all(rows)
    return curated


def _write_countries(
    connection: sqlite3.Connection,
    countries: dict[str, CountryFacts],
    capitals: dict[str, str],
) -> None:
    connection.executemany(
        "INSERT INTO countries VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                c.code,
                c.iso3,
                c.row.name,
                c.row.id,
                capitals.get(c.code),
                c.continent,
                ",".join(c.neighbours),
            )
            for c in countries.values()
        ],
    )


def _write_fuzzy_keys(connection: sqlite3.Connection) -> None:
    """The names offered for close spellings, bucketed by first letter and length."""
    connection.execute(
        "INSERT INTO fuzzy_keys SELECT substr(n.key, 1, 1) || length(n.key), n.key, n.place "
        "FROM names n "
        "JOIN places p ON p.rowid = n.place "
        "WHERE n.name_type IN ('name', 'alias') AND length(n.key) >= 5 AND "
        f"(p.population >= ? OR p.kind IN ({','.join('?' * len(_FUZZY_KINDS))}) "
        "OR p.source NOT IN ('geonames', 'zipcodes'))",
        (_FUZZY_MIN_POPULATION, *_FUZZY_KINDS),
    )
    connection.execute("CREATE INDEX fuzzy_buckets ON fuzzy_keys(bucket)")
    connection.execute("CREATE INDEX places_country ON places(country, kind)")
