"""Document context: what the rest of the text says about where it is.

The places already chosen with confidence vote for their countries and leave
their points; a candidate is then judged by its country's share of the votes
and by its distance to the nearest of those points. A context comes from a
first pass over one document or from other articles about the same incident,
and the two can be merged.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

from geomap.geometry import rough_km
from geomap.model import LatLon, Place, Resolution

__all__ = [
    "DocumentContext",
    "context_from_choices",
    "context_from_resolutions",
    "merge_contexts",
    "rough_km",
]

# A choice this sure of itself (its share of the candidates' softmax) speaks
# for the rest of the text; a less sure one would spread its own doubt.
_CONFIDENT = 0.5


class DocumentContext:
    """What the other mentions say: which countries they are in, where they are.

    Built from a first pass over one document (or from other articles about
    the same incident). A mention's own vote never counts for itself: the
    share of a country is computed without the votes of the same name.
    """

    __slots__ = ("_by_key", "_key_totals", "_total", "_totals", "points")

    def __init__(
        self,
        votes: Iterable[tuple[str, str, float]] = (),
        points: Iterable[tuple[str, LatLon]] = (),
    ) -> None:
        """``votes``: (mention key, country code, weight); ``points``: (mention key, point)."""
        self._totals: dict[str, float] = defaultdict(float)
        self._by_key: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for key, country, weight in votes:
            self._totals[country] += weight
            self._by_key[key][country] += weight
        self._total = sum(self._totals.values())
        self._key_totals = {key: sum(c.values()) for key, c in self._by_key.items()}
        self.points = tuple(dict.fromkeys(points))  # one entry per (name, point)

    def votes(self) -> list[tuple[str, str, float]]:
        """The votes as given: (mention key, country code, weight)."""
        return [(key, country, w) for key, c in self._by_key.items() for country, w in c.items()]

    def share(self, country: str, *, excluding: str = "") -> float:
        """Share of the votes for ``country``, leaving out those of the name ``excluding``."""
        own = self._by_key.get(excluding)
        total = self._total - (self._key_totals.get(excluding, 0.0) if own else 0.0)
        if total <= 0:
            return 0.0
        return (self._totals.get(country, 0.0) - (own.get(country, 0.0) if own else 0.0)) / total

    def nearest_km(self, point: LatLon, *, excluding: str = "") -> float:
        """Distance to the nearest context point named by another name than ``excluding``.

        Equirectangular: within the 1,500 km this is used for, it ranks as well
        as a geodesic and costs a tenth.
        """
        best = math.inf
        lat, lon = point.lat, point.lon
        shrink = math.cos(math.radians(lat))
        for other, other_point in self.points:
            if other == excluding:
                continue
            dlat = (other_point.lat - lat) * 111.2
            if abs(dlat) >= best:
                continue
            dlon = ((other_point.lon - lon + 180.0) % 360.0 - 180.0) * 111.2 * shrink
            best = min(best, math.hypot(dlat, dlon))
        return best


def context_from_choices(choices: Iterable[tuple[str, Place, float]]) -> DocumentContext:
    """A context from one document's choices: (mention key, chosen place, confidence).

    Only confident choices count, each vote weighted by its confidence.
    """
    votes = []
    points = []
    for key, place, confidence in choices:
        if confidence < _CONFIDENT:
            continue
        if place.country_code:
            votes.append((key, place.country_code, confidence))
        if place.kind not in {"country", "continent"}:
            points.append((key, place.point))
    return DocumentContext(votes, points)


def context_from_resolutions(resolutions: Iterable[Resolution]) -> DocumentContext:
    """A context built from already resolved mentions (e.g. of other documents)."""
    votes = []
    points = []
    for resolution in resolutions:
        if resolution.place is None or resolution.score < _CONFIDENT:
            continue
        if resolution.place.country_code:
            votes.append(("", resolution.place.country_code, 1.0))
        if resolution.place.kind not in {"continent", "country"}:
            points.append(("", resolution.place.point))
    return DocumentContext(votes, points)


def merge_contexts(own: DocumentContext, outside: DocumentContext | None) -> DocumentContext:
    """The document's own votes, with other articles' at half weight in total."""
    if outside is None:
        return own
    own_votes, outside_votes = own.votes(), outside.votes()
    own_total = sum(w for _, _, w in own_votes) or 1.0
    outside_total = sum(w for _, _, w in outside_votes) or 1.0
    scale = 0.5 * own_total / outside_total
    return DocumentContext(
        own_votes + [(key, code, w * scale) for key, code, w in outside_votes],
        own.points + outside.points,
    )


# Places of the same small area named together: "Dayton is 21 miles from
# Salem and 35 from Portland" reads as Oregon, since only there are all three
# within a short drive of each other (60 km).
_CLUSTER_KM = 60.0
_CELL_DEGREES = 1.0


def mutual_neighbours(candidates: Iterable[tuple[str, Place]]) -> dict[str, int]:
    """For each candidate place (by id), how many *other* names of the text
    have a candidate within 60 km of it.

    >>> from geomap.model import LatLon, Place
    >>> def town(i, lat, lon): return Place(i, i, "city", "US", LatLon(lat, lon))
    >>> found = mutual_neighbours([("dayton", town("d-or", 45.2, -123.1)),
    ...     ("dayton", town("d-oh", 39.8, -84.2)), ("salem", town("s-or", 44.9, -123.0)),
    ...     ("salem", town("s-ma", 42.5, -70.9))])
    >>> found["d-or"], found["d-oh"], found["s-ma"]
    (1, 0, 0)
    """
    # A long text names the same places again and again: each (name, place)
    # pair is measured once, so the time follows the places, not the text.
    cells: dict[tuple[int, int], dict[tuple[str, str], Place]] = defaultdict(dict)
    last: dict[str, tuple[str, Place]] = {}  # by place id, its last name (as listed)
    for key, place in candidates:
        cells[_cell(place.point)][key, place.id] = place
        last[place.id] = (key, place)
    counts: dict[str, int] = {}
    for key, place in last.values():
        lat, lon = _cell(place.point)
        near = {
            other_key
            for dlat in (-1, 0, 1)
            for dlon in (-1, 0, 1)
            for (other_key, _), other in cells.get((lat + dlat, lon + dlon), {}).items()
            if other_key != key and rough_km(place.point, other.point) <= _CLUSTER_KM
        }
        counts[place.id] = len(near)
    return counts


def _cell(point: LatLon) -> tuple[int, int]:
    return math.floor(point.lat / _CELL_DEGREES), math.floor(point.lon / _CELL_DEGREES)
