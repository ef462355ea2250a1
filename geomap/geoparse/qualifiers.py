"""Qualifiers: the place a text names to say where another is ("Gao, Mali";
"Ain Amenas in Illizi province"), and whether it can contain a candidate.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from geomap.gazetteer.normalize import name_key
from geomap.gazetteer.store import Gazetteer
from geomap.geometry import country_shape, measure_to_area, rough_km
from geomap.geoparse.mentions import Spotted
from geomap.model import CONTAINER_KINDS, Match, Place

__all__ = ["Containment", "containment", "contains", "qualifier_matches", "region_code"]

# Kinds of place that can hold another: only these can qualify a name.
_CONTAINERS = CONTAINER_KINDS


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


class Containment(StrEnum):
    """Whether a region holds a place, as far as the data can tell."""

    INSIDE = "inside"
    OUTSIDE = "outside"
    UNKNOWN = "unknown"


# How far from its point a region may reach when the data cannot say which
# region a place is in: a state or province, a county or district.
_WITHIN_KM = {"admin1": 300.0, "admin2": 80.0}
# A place with no region at all (British and French GeoNames rows): inside a
# county-sized reach, outside beyond a state-sized one, and between the two
# the data cannot tell (is "England" or "Lincolnshire" the region named?).
_UNKNOWN_REGION_KM = (100.0, 300.0)
_LARGE_REGION_KM = 2500.0


def contains(container: Place, place: Place, gazetteer: Gazetteer | None = None) -> bool:
    """Whether ``container`` plausibly holds ``place`` (same country, same region)."""
    return containment(container, place, gazetteer) is Containment.INSIDE


def containment(container: Place, place: Place, gazetteer: Gazetteer | None = None) -> Containment:
    """Whether ``container`` holds ``place``, does not, or the data cannot tell.

    With a gazetteer that has the region's polygon (Natural Earth admin-1),
    the polygon decides: inside, or within 2 km of its outline (the outline
    is simplified to about 500 m), is inside.
    """
    compare_names = True
    if gazetteer is not None and container.kind == "admin1":
        held = _in_region_polygon(container, place, gazetteer)
        if held is not None:
            return held
        # A region with a code but no outline ("England", a French région) is
        # of another level than the county or département a town's region
        # may name: its name says nothing there.
        compare_names = region_code(container) is None
    if container.kind == "country":
        inside = place.country_code == container.country_code and place.id != container.id
        return Containment.INSIDE if inside else Containment.OUTSIDE
    if container.kind in {"admin1", "admin2"}:
        return _region_holds(container, place, compare_names=compare_names)
    if container.kind in {"region", "continent", "desert"}:
        near = rough_km(place.point, container.point) < _LARGE_REGION_KM
        return Containment.INSIDE if near else Containment.OUTSIDE
    return Containment.OUTSIDE


# The admin-1 outlines are simplified to about 500 m: a place this close to
# one still counts as inside.
_OUTLINE_SLACK_KM = 2.0
# Near its edge a region's name is used more loosely than its outline: writers
# say "Wellington, Shropshire" of a town in Telford and Wrekin, the unitary
# authority inside the ceremonial county. That close, the polygon cannot
# rule a place out.
_LOOSE_EDGE_KM = 15.0


def region_code(place: Place) -> str | None:
    """The ISO 3166-2 code of a first-level region ("admin1:US-ND" -> "US-ND")."""
    if place.kind != "admin1" or not place.id.startswith("admin1:"):
        return None
    return place.id.split(":", 1)[1]


def _in_region_polygon(region: Place, place: Place, gazetteer: Gazetteer) -> Containment | None:
    code = region_code(region)
    if code is None or place.id == region.id:
        return None
    shape = country_shape(gazetteer, code)
    if shape is None:
        return None
    # most candidates are far away: the bounding box answers without the outline
    if not shape.near_bounds(place.point, _LOOSE_EDGE_KM):
        return Containment.OUTSIDE
    measured = measure_to_area(place.point, gazetteer, code)
    if measured is None:
        return None
    if measured.distance_km <= _OUTLINE_SLACK_KM:
        return Containment.INSIDE
    if measured.distance_km <= _LOOSE_EDGE_KM:
        return Containment.UNKNOWN
    return Containment.OUTSIDE


def _region_holds(region: Place, place: Place, *, compare_names: bool = True) -> Containment:
    if place.country_code != region.country_code or place.id == region.id:
        return Containment.OUTSIDE
    if place.admin1 and name_key(place.admin1) == name_key(region.name):
        return Containment.INSIDE
    if compare_names and region.kind == "admin1" and place.admin1 and region.admin1:
        return Containment.OUTSIDE  # both first-level regions known, and they differ
    distance = rough_km(place.point, region.point)
    if place.admin1:
        within = distance < _WITHIN_KM[region.kind]
        return Containment.INSIDE if within else Containment.OUTSIDE
    near, far = _UNKNOWN_REGION_KM
    if distance < near:
        return Containment.INSIDE
    return Containment.OUTSIDE if distance > far else Containment.UNKNOWN
