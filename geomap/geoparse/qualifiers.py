"""Qualifiers: the place a text names to say where another is ("Gao, Mali";
"Ain Amenas in Illizi province"), and whether it can contain a candidate.
"""

from __future__ import annotations

from collections.abc import Sequence

from geomap.gazetteer.normalize import name_key
from geomap.geoparse.context import rough_km
from geomap.geoparse.mentions import Spotted
from geomap.model import Match, Place

__all__ = ["contains", "qualifier_matches"]

# Kinds of place that can hold another: only these can qualify a name.
_CONTAINERS = frozenset({"country", "admin1", "admin2", "region", "continent", "desert"})


def qualifier_matches(spotted: Sequence[Spotted]) -> dict[int, tuple[Match, ...]]:
    """For each qualified mention (by start offset), the matches of its qualifier."""
    by_offset = {}
    for index, current in enumerate(spotted):
        qualifier = current.mention.qualifier
        if not qualifier or index + 1 >= len(spotted):
            continue
        following = spotted[index + 1]
        containers = tuple(m for m in following.matches if m.place.kind in _CONTAINERS)
        if containers:
            by_offset[current.mention.start] = containers
    return by_offset


# How far from its point a region may reach when the data cannot say which
# region a place is in: a state or province, a county or district.
_WITHIN_KM = {"admin1": 300.0, "admin2": 80.0}
# A place with no region at all (British and French GeoNames rows) is judged
# against a county-sized reach: there the regions are counties and départements.
_UNKNOWN_REGION_KM = 100.0


def contains(container: Place, place: Place) -> bool:
    """Whether ``container`` plausibly holds ``place`` (same country, same region)."""
    if container.kind == "country":
        return place.country_code == container.country_code and place.id != container.id
    if container.kind in {"admin1", "admin2"}:
        if place.country_code != container.country_code or place.id == container.id:
            return False
        if place.admin1 and name_key(place.admin1) == name_key(container.name):
            return True
        if container.kind == "admin1" and place.admin1 and container.admin1:
            return False  # both first-level regions known, and they differ
        reach = _WITHIN_KM[container.kind] if place.admin1 else _UNKNOWN_REGION_KM
        return rough_km(place.point, container.point) < reach
    if container.kind in {"region", "continent", "desert"}:
        return rough_km(place.point, container.point) < 2500
    return False
