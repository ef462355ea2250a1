"""Shared builders for test values: one Algiers, one In Amenas, one plant.

Coordinates are GeoNames' (Algiers 2507480) or the curated rows' (In Amenas,
the Tigantourine gas facility), so every test measures the same geography.
Import with ``from builders import ...`` (``tests/`` is on pytest's path).
"""

from __future__ import annotations

from geomap.model import LatLon, Place


def place(
    pid: str,
    name: str,
    kind: str,
    country: str,
    lat: float,
    lon: float,
    pop: int = 0,
    admin1: str = "",
    source: str = "geonames",
) -> Place:
    """A place from its fields in the order a gazetteer row gives them."""
    return Place(
        pid, name, kind, country, LatLon(lat, lon), admin1=admin1, population=pop, source=source
    )


ALGIERS = place("geonames:2507480", "Algiers", "city", "DZ", 36.7323, 3.0875, 2_364_230, "Algiers")
IN_AMENAS = place(
    "curated:in-amenas", "In Amenas", "city", "DZ", 28.033, 9.567, admin1="Illizi", source="curated"
)
TIGANTOURINE = place(
    "curated:tigantourine",
    "Tigantourine gas facility",
    "facility",
    "DZ",
    27.897,
    9.127,
    admin1="Illizi",
    source="curated",
)
LIBYA = place("country:LY", "Libya", "country", "LY", 25.0, 17.0, source="countries")
ALGERIA = place("country:DZ", "Algeria", "country", "DZ", 28.0, 3.0, source="countries")
