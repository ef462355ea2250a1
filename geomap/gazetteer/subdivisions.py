"""Regions inside a country: first-level regions from countries-states-cities,
the join of GeoNames admin1 codes to them, and US counties from ZIP codes.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator

from geomap.gazetteer import sources
from geomap.gazetteer.normalize import is_latin_name, name_key
from geomap.gazetteer.writer import PlaceRow
from geomap.geometry import rough_km_between

__all__ = ["StateCities", "load_small_towns", "load_states", "load_us_counties", "match_admin1"]

#: countries-states-cities cities by (country, name key): each one's point,
#: the place id of its first-level region, its name and its id.
StateCities = dict[tuple[str, str], list[tuple[float, float, str, str, int]]]

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
# What news calls the regions of the former Soviet Union whatever the type word
# of the source: "Chelyabinsk Oblast", "Primorsky Krai", "Kharkiv Oblast".
_OBLAST_COUNTRIES = frozenset({"RU", "UA", "BY", "KZ", "KG", "TJ", "UZ", "AM", "MD"})
_NATIVE_SUFFIXES = {"region": "Oblast", "oblast": "Oblast", "territory": "Krai"}


def load_states() -> tuple[dict[str, PlaceRow], StateCities]:
    """First-level regions keyed by place id, and the CSC cities (by country and
    name key) with the id of their region, for matching GeoNames admin1 codes."""
    root = sources.package_data("countrystatecity_countries", "data", "by-country")
    states: dict[str, PlaceRow] = {}
    state_cities: StateCities = defaultdict(list)
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
            name, names = _state_names(state)
            code_part = code.split("-", 1)[-1]
            if code_part.isalpha() and code_part.isupper():
                names.append((code_part, "abbrev"))
            native = state.get("native")
            if native and is_latin_name(native):
                names.append((native, "alias"))
            states[place_id] = PlaceRow(
                id=place_id,
                name=name,
                kind="admin1",
                country=state["country_code"],
                lat=lat,
                lon=lon,
                admin1=name,
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
                    (*point, region_id, city["name"], int(city["id"]))
                )
    return states, state_cities


def _state_names(state: dict) -> tuple[str, list[tuple[str, str]]]:
    """A region's main name and the names news also gives it: with its type word
    ("Illizi Province", "Chelyabinsk Oblast"), and the name in brackets
    ("National Capital Region (Metro Manila)": both).

    >>> _state_names({"name": "Primorsky", "type": "administrative territory", "country_code": "RU"})
    ('Primorsky', [('Primorsky Territory', 'alias'), ('Primorsky Krai', 'alias')])
    >>> _state_names({"name": "National Capital Region (Metro Manila)", "type": "region", "country_code": "PH"})
    ('National Capital Region', [('Metro Manila', 'alias')])
    """
    name, names = state["name"], []
    bracket = re.fullmatch(r"(.+?)\s*\((.+)\)", name)
    if bracket is not None:
        name = bracket.group(1)
        names.append((bracket.group(2), "alias"))
    region_type = (state.get("type") or "").lower()
    suffixes = _type_words(_REGION_SUFFIXES, region_type)[-1:]
    if state.get("country_code") in _OBLAST_COUNTRIES:
        suffixes += _type_words(_NATIVE_SUFFIXES, region_type)
    for suffix in dict.fromkeys(suffixes):
        if suffix.lower() not in name.lower():
            names.append((f"{name} {suffix}", "alias"))
    return name, names


def _type_words(words: dict[str, str], region_type: str) -> list[str]:
    return [title for word, title in words.items() if region_type.endswith(word)]


def load_small_towns(
    state_cities: StateCities, cities: list[PlaceRow], states: dict[str, PlaceRow]
) -> Iterator[PlaceRow]:
    """The countries-states-cities towns GeoNames' cities500 lacks (no place of
    that name within 10 km in the same country): villages news names when
    something happens there. Their population is unknown, so the resolver asks
    the article to back them (a neighbour or their country)."""
    known: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for city in cities:
        known[(city.country, name_key(city.name))].append((city.lat, city.lon))
    for (country, key), towns in state_cities.items():
        for lat, lon, region_id, name, csc_id in towns:
            if not is_latin_name(name):
                continue
            if any(rough_km_between(lat, lon, a, b) < 10 for a, b in known.get((country, key), ())):
                continue
            region = states.get(region_id)
            yield PlaceRow(
                id=f"csc:{csc_id}",
                name=name,
                kind="city",
                country=country,
                lat=lat,
                lon=lon,
                admin1=region.name if region else "",
                source="countrystatecity",
            )


def match_admin1(
    cities: list[PlaceRow],
    states: dict[str, PlaceRow],
    state_cities: StateCities,
) -> dict[tuple[str, str], str]:
    """Map GeoNames (country, admin1 code) to a region name.

    The two sources number regions differently, so each GeoNames city votes for
    the region of the same-named countries-states-cities city within 25 km.
    """
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for city in cities:
        for lat, lon, place_id, _, _ in state_cities.get((city.country, name_key(city.name)), ()):
            if rough_km_between(city.lat, city.lon, lat, lon) < 25:
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


def load_us_counties(states: dict[str, PlaceRow]) -> Iterator[PlaceRow]:
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
        yield PlaceRow(
            id=f"uscounty:{state}:{name_key(county).replace(' ', '-')}",
            name=county,
            kind="admin2",
            country="US",
            lat=lat_sum / count,
            lon=lon_sum / count,
            admin1=admin.name if admin else state,
            source="zipcodes",
        )
