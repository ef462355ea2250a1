"""Facilities that are the scene of incidents: airports and air bases.

Source: the ``airportsdata`` package (MIT; about 28,000 airports and air bases
with ICAO codes, names, cities and coordinates). A facility is known by its
full name only ("Incirlik Air Base", "Kabul International Airport", also
"Kabul Airport"), never by a bare common word or a three-letter code, so it
resolves only where the text names it as a facility.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from geomap.gazetteer.writer import PlaceRow

__all__ = ["load_airports"]

# "Kabul International Airport" is also written "Kabul Airport".
_QUALIFYING = re.compile(r"\s+(?:International|Intl\.?|Regional|Municipal|County)\s+(?=Airport$)")
_FACILITY_NAME = re.compile(r"\b(?:Airport|Air\s+Base|Airbase|Air\s+Force\s+Base|Airfield)$")


def load_airports() -> Iterator[PlaceRow]:
    """Airports and air bases whose name says what they are."""
    try:
        import airportsdata
    except ImportError:
        return
    for icao, airport in sorted(airportsdata.load().items()):
        name = " ".join(airport["name"].split())
        if not _FACILITY_NAME.search(name) or not airport.get("country"):
            continue
        names = []
        short = _QUALIFYING.sub(" ", name)
        if short != name:
            names.append((short, "alias"))
        if name.endswith(" Air Base"):
            names.append((name.removesuffix(" Air Base") + " Airbase", "alias"))
        yield PlaceRow(
            id=f"airport:{icao}",
            name=name,
            kind="facility",
            country=airport["country"],
            lat=float(airport["lat"]),
            lon=float(airport["lon"]),
            admin1=airport.get("subd") or "",
            source="airportsdata",
            names=names,
        )
