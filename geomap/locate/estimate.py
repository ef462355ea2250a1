"""Combine the claims about one subject into an estimate of where it is.

The region where every claim holds is the intersection of their regions
(:mod:`geomap.locate.regions`). When the claims have no common region, the
largest subset that has one is used and the others are left out: "12 km north
of Norton, 30 km west of Darby and 300 km south of the capital", where the
last one cannot hold with the first two, places the subject from the first two
and names the third. One claim alone gives its whole sector of a ring, never a
false precision.

The point is the one in the region that the claims' figures fit best: it
minimises the squared misfits of the distances (in units of each claim's
accepted half-range) and of the bearings (in units of a half-sector),
searched on a grid over the region.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import combinations
from typing import Any

from geomap.gazetteer.normalize import name_key
from geomap.gazetteer.store import Gazetteer
from geomap.geometry import country_shape, distance_km
from geomap.geoparse.qualifiers import region_code
from geomap.locate.regions import SECTOR_HALF_WIDTH_DEG, ClaimRegion, claim_region
from geomap.model import Claim, ClaimOutline, Estimate, KnownPlace, LatLon, Place
from geomap.text.claimwords import SITE_NOUNS
from geomap.verify.verdicts import contradict

__all__ = [
    "DETERMINER",
    "INCIDENT_SITE",
    "compare_with_known",
    "estimate_subjects",
    "locate_claims",
    "scene_estimate",
]

# What the scene of an incident is called when it is not a named place.
_SCENE_WORDS = SITE_NOUNS | frozenset(
    [
        "scene",
        "crash",
        "wreckage",
        "attack",
        "blast",
        "explosion",
        "strike",
        "incident",
        "fire",
        "ambush",
        "shelling",
        "quake",
        "earthquake",
    ]
)
INCIDENT_SITE = "the incident site"
# Exhaustive search over subsets up to this many claims; beyond, only one or
# two claims may be left out.
_EXHAUSTIVE = 10
_GRID = 41
_SIMPLIFY_DEG = 0.002
# Each claim's own region is drawn for context only: coarser will do.
_OUTLINE_SIMPLIFY_DEG = 0.01


def estimate_subjects(
    claims: Sequence[Claim], gazetteer: Gazetteer | None = None
) -> tuple[Estimate, ...]:
    """An estimate for every subject the claims place but no gazetteer holds:
    the incident site ("the epicentre", "the crash site", "the plant" with no
    site known) and each named place geomap could not find."""
    groups: dict[str, list[Claim]] = {}
    shown: dict[str, str] = {}
    for claim in claims:
        key = _subject_key(claim)
        if key is not None:
            groups.setdefault(key, []).append(claim)
            shown.setdefault(key, _display_name(key, claim))
    found = (locate_claims(group, gazetteer, subject=shown[key]) for key, group in groups.items())
    return tuple(estimate for estimate in found if estimate is not None)


def scene_estimate(claims: Sequence[Claim], gazetteer: Gazetteer | None = None) -> Estimate | None:
    """The estimate of the incident site from the claims that speak of it
    without naming it ("the epicentre", "the crash site", "the plant")."""
    scene = [c for c in claims if _subject_key(c) == INCIDENT_SITE]
    return locate_claims(scene, gazetteer) if scene else None


def _display_name(key: str, claim: Claim) -> str:
    """ "Halls Gap" as the text writes it, not its lookup key."""
    if key == INCIDENT_SITE:
        return key
    if claim.subjects:
        return claim.subjects[0].name
    return DETERMINER.sub("", claim.subject_text).strip()


DETERMINER = re.compile(r"(?i)^(?:the|a|an)\s+")


def _subject_key(claim: Claim) -> str | None:
    reference_words = claim.reference.text.lower().split()
    if reference_words and reference_words[-1] in SITE_NOUNS:
        return None  # "the border lies 60 miles from the facility": measured from the site
    if claim.subjects:
        return None  # the gazetteer holds it
    words = re.findall(r"[\w'’-]+", claim.subject_text.lower())
    if not words:
        return None  # "some 700 km to the north-west": of what, the text does not say
    if words[-1] in _SCENE_WORDS:
        return INCIDENT_SITE
    if not any(c.isupper() for c in claim.subject_text):
        return None  # "the village", "a school": nothing to name it by
    return name_key(DETERMINER.sub("", claim.subject_text))


def locate_claims(
    claims: Sequence[Claim], gazetteer: Gazetteer | None = None, *, subject: str = INCIDENT_SITE
) -> Estimate | None:
    """The estimate of the place ``claims`` all describe, or None when none
    of them has a figure and a point (or, with ``gazetteer``, a border) to
    measure from."""
    regions = [r for claim in claims if (r := claim_region(claim, gazetteer)) is not None]
    if not regions:
        return None
    best = _best_subset(regions)
    if best is None:
        return None
    used, area, point = _without_outliers(*best)
    area, within = _inside_the_areas_named(area, used, gazetteer)
    if within:
        point, _ = _best_point(area, used)
    left_out = tuple(r.claim for r in regions if r not in used)
    return Estimate(
        subject=subject,
        point=point,
        radius_km=round(_covering_radius_km(point, area), 1),
        region=_rings(area),
        used=tuple(r.claim for r in used),
        left_out=left_out,
        pinned=_pin_down(used),
        area_km2=round(_area_km2(area), 1),
        within=within,
        claim_regions=tuple(
            ClaimOutline(r.claim, _rings(r.polygon, _OUTLINE_SIMPLIFY_DEG), r in used)
            for r in regions
        ),
    )


# Natural Earth's outlines are generalised: a town on a coast or a border
# may fall just outside them, so an area bounds the region with this margin
# (about 10 km).
_OUTLINE_SLACK_DEG = 0.1


def _inside_the_areas_named(
    area: Any, used: Sequence[ClaimRegion], gazetteer: Gazetteer | None
) -> tuple[Any, tuple[Place, ...]]:
    """The region cut to the countries and regions the claims' sentences put
    the subject in ("Tazrit, a village in Illizi province, 48 km ..."); an
    area that leaves nothing of the region is not used (the claims outweigh
    it)."""
    if gazetteer is None:
        return area, ()
    named = dict.fromkeys(p for region in used for p in region.claim.subject_within)
    within: list[Place] = []
    for place in named:
        shape = country_shape(gazetteer, region_code(place) or place.country_code)
        if shape is None:
            continue
        cut = area.intersection(shape.area().buffer(_OUTLINE_SLACK_DEG))
        if not cut.is_empty and cut.area > 0:
            area, within = cut, [*within, place]
    return area, tuple(within)


def compare_with_known(estimate: Estimate, place: Place) -> Estimate:
    """The estimate with a known place for its subject (the site given, the
    facility the articles name) set against it: how far from the estimated
    point, and whether inside the region."""
    from shapely.geometry import Point, Polygon

    inside = any(
        Polygon([(p.lon, p.lat) for p in ring])
        .buffer(0)
        .covers(Point(place.point.lon, place.point.lat))
        for ring in estimate.region
        if len(ring) >= 4
    )
    known = KnownPlace(place, round(distance_km(place.point, estimate.point), 1), inside)
    return replace(estimate, known=known)


def _area_km2(area: Any) -> float:
    from pyproj import Geod

    signed, _ = Geod(ellps="WGS84").geometry_area_perimeter(area)
    return abs(signed) / 1e6


def _best_subset(
    regions: list[ClaimRegion],
) -> tuple[tuple[ClaimRegion, ...], Any, LatLon] | None:
    """The largest subset of regions that intersect and hold no two claims
    that contradict each other; of several that size, the one more articles
    back (independent reports that agree outweigh one report), then the
    best-fitting one."""
    smallest = 1 if len(regions) <= _EXHAUSTIVE else max(1, len(regions) - 2)
    for size in range(len(regions), smallest - 1, -1):
        found = []
        for subset in combinations(regions, size):
            if _holds_a_contradiction(subset):
                continue
            area = _intersection(subset)
            if area is None:
                continue
            point, cost = _best_point(area, subset)
            found.append((-_articles(subset), cost, subset, area, point))
        if found:
            *_, subset, area, point = min(found, key=lambda f: (f[0], f[1]))
            return subset, area, point
    return None


def _articles(regions: Sequence[ClaimRegion]) -> int:
    return len({region.claim.doc_id for region in regions})


def _holds_a_contradiction(regions: Sequence[ClaimRegion]) -> bool:
    """Whether two of the claims give the same distance (from the same place
    or line) in figures whose stated ranges do not meet: "around 60 km" and
    "60 miles" from the Libyan border. Their wide tolerances may still touch,
    but the check calls them a contradiction, and so does the estimate."""
    return any(contradict(a.claim, b.claim) for a, b in combinations(regions, 2))


# A claim this far off where the others put the place (in squared units of
# its accepted half-range: two half-ranges) contradicts them, even when the
# wide tolerances still let all the regions touch; judged only where the
# others pin the place down.
_OUTLIER = 4.0
_RINGS_THAT_PIN = 3


def _without_outliers(
    used: tuple[ClaimRegion, ...], area: Any, point: LatLon
) -> tuple[tuple[ClaimRegion, ...], Any, LatLon]:
    """Drop, one at a time, the claim the others contradict, as long as three
    or more others remain to judge it by (two rings fit perfectly at either of
    their crossings, so two cannot tell which third claim is wrong)."""
    while len(used) >= _RINGS_THAT_PIN:
        worst = None
        for region in used:
            others = tuple(r for r in used if r is not region)
            if not _pin_down(others):
                continue
            rest = _intersection(others)
            if rest is None:
                continue
            at, remaining = _best_point(rest, others)
            if _covering_radius_km(at, rest) > _LOOSE * _half_range_km(region):
                continue  # the others leave too wide a region to contradict it
            # of the claims that contradict the others, drop the one whose
            # removal leaves the others fitting best: the odd one out
            if _misfit_at(at, [region]) > _OUTLIER and (worst is None or remaining < worst[0]):
                worst = (remaining, others, rest, at)
        if worst is None:
            break
        _, used, area, point = worst
    return used, area, point


# The others contradict a claim only where their region is no wider than a
# few times the claim's own tolerance: a strip 800 km long along a border
# says nothing against "50 km south-west of In Amenas".
_LOOSE = 4.0


def _half_range_km(region: ClaimRegion) -> float:
    return max((region.high_km - region.low_km) / 2, 1.0)


def _pin_down(regions: Sequence[ClaimRegion]) -> bool:
    """Whether these claims fix one place: three of them, or two with a
    compass point (two bare rings cross twice)."""
    if len(regions) >= _RINGS_THAT_PIN:
        return True
    return len(regions) == _RINGS_THAT_PIN - 1 and any(r.bearing_deg is not None for r in regions)


def _misfit_at(point: LatLon, regions: Sequence[ClaimRegion]) -> float:
    import numpy as np

    return float(_misfit(np.array([point.lon]), np.array([point.lat]), regions)[0])


def _intersection(regions: Sequence[ClaimRegion]) -> Any | None:
    area = regions[0].polygon
    for region in regions[1:]:
        area = area.intersection(region.polygon)
        if area.is_empty:
            return None
    return None if area.is_empty or area.area == 0 else area


def _best_point(area: Any, regions: Sequence[ClaimRegion]) -> tuple[LatLon, float]:
    import numpy as np
    import shapely

    west, south, east, north = area.bounds
    xs, ys = np.meshgrid(np.linspace(west, east, _GRID), np.linspace(south, north, _GRID))
    inside = shapely.contains_xy(area, xs, ys)
    lons, lats = xs[inside], ys[inside]
    if len(lons) == 0:
        centre = area.representative_point()
        lons, lats = np.array([centre.x]), np.array([centre.y])
    costs = _misfit(lons, lats, regions)
    best = int(np.argmin(costs))
    return LatLon(round(float(lats[best]), 5), round(float(lons[best]), 5)), float(costs[best])


def _misfit(lons: Any, lats: Any, regions: Sequence[ClaimRegion]) -> Any:
    """Sum over the claims of the squared misfits of distance and bearing."""
    import numpy as np
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    total = np.zeros(len(lons))
    for region in regions:
        half = _half_range_km(region)
        ref = region.reference
        if ref is None:
            assert region.distance_km is not None
            total += ((region.distance_km(lons, lats) - region.central_km) / half) ** 2
            continue
        azimuths, _, metres = geod.inv(
            np.full(len(lons), ref.lon), np.full(len(lons), ref.lat), lons, lats
        )
        total += ((metres / 1000 - region.central_km) / half) ** 2
        if region.bearing_deg is not None:
            offset = np.abs((azimuths - region.bearing_deg + 180) % 360 - 180)
            total += (offset / SECTOR_HALF_WIDTH_DEG) ** 2
    return total


def _covering_radius_km(point: LatLon, area: Any) -> float:
    """The distance from the point to the farthest point of the region."""
    import numpy as np
    from pyproj import Geod

    coordinates = np.array([c for ring in _outer_rings(area) for c in ring.coords])
    _, _, metres = Geod(ellps="WGS84").inv(
        np.full(len(coordinates), point.lon),
        np.full(len(coordinates), point.lat),
        coordinates[:, 0],
        coordinates[:, 1],
    )
    return float(metres.max() / 1000)


def _outer_rings(area: Any) -> list[Any]:
    polygons = getattr(area, "geoms", [area])
    return [polygon.exterior for polygon in polygons if polygon.geom_type == "Polygon"]


def _rings(area: Any, tolerance_deg: float = _SIMPLIFY_DEG) -> tuple[tuple[LatLon, ...], ...]:
    simple = area.simplify(tolerance_deg)
    return tuple(
        tuple(LatLon(round(y, 5), round(x, 5)) for x, y in ring.coords)
        for ring in _outer_rings(simple)
    )
