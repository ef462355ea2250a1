"""Document context: what the rest of the text says about where it is.

The places already chosen with confidence vote for their countries and leave
their points; a candidate is then judged by its country's share of the votes
and by its distance to the nearest of those points. A context comes from a
first pass over one document or from other articles about the same incident,
and the two can be merged.
"""

from __future__ import annotations

import functools
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from geomap.geometry import rough_km
from geomap.model import LatLon, Place, Resolution

__all__ = [
    "REACH_KM",
    "DocumentContext",
    "PointSet",
    "context_from_choices",
    "context_from_resolutions",
    "contexts_of_the_others",
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

    __slots__ = ("_by_key", "_key_totals", "_point_sets", "_total", "_totals")

    def __init__(
        self,
        votes: Iterable[tuple[str, str, float]] = (),
        points: Iterable[tuple[str, LatLon]] = (),
        *,
        shared: tuple[PointSet, ...] = (),
    ) -> None:
        """``votes``: (mention key, country code, weight); ``points``: (mention
        key, point); ``shared``: point sets of other contexts, used as they are
        (so that merging a large outside context costs nothing)."""
        self._totals: dict[str, float] = defaultdict(float)
        self._by_key: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for key, country, weight in votes:
            self._totals[country] += weight
            self._by_key[key][country] += weight
        self._total = sum(self._totals.values())
        self._key_totals = {key: sum(c.values()) for key, c in self._by_key.items()}
        own = PointSet(points)
        self._point_sets = (own, *shared) if own.pairs else shared

    @property
    def points(self) -> tuple[tuple[str, LatLon], ...]:
        """Every (mention key, point), one entry each."""
        return tuple(dict.fromkeys(p for points in self._point_sets for p in points.visible()))

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
        """Distance to the nearest context point named by another name than
        ``excluding``, when closer than 1,500 km (else infinity: farther says
        nothing of where the text is).

        Equirectangular: within the 1,500 km this is used for, it ranks as well
        as a geodesic and costs a tenth.
        """
        if len(self._point_sets) == 1:  # the usual case: the article's own points
            return self._point_sets[0].nearest_km(point, excluding)
        return min(
            (points.nearest_km(point, excluding) for points in self._point_sets),
            default=math.inf,
        )


_AREAS = frozenset({"continent", "country"})
#: Context points farther than this say nothing (see resolve._context_bonus).
REACH_KM = 1500.0
_KM_PER_DEGREE = 111.2
# Point sets this large are searched through a grid of cells.
_INDEXED_FROM = 64
_CELL_DEG = 2.0


class PointSet:
    """(mention key, point) pairs, each once; searched through a grid of 2°
    cells when there are many, so that a batch of thousands of articles does
    not make every lookup scan every point. Points in ``hidden`` are left out
    (one article's own places, when the set is everyone's)."""

    __slots__ = ("_cells", "_hidden", "pairs")

    def __init__(
        self,
        pairs: Iterable[tuple[str, LatLon]],
        hidden: frozenset[tuple[str, LatLon]] = frozenset(),
    ) -> None:
        self.pairs = tuple(dict.fromkeys(pairs))
        self._hidden = hidden
        self._cells: dict[tuple[int, int], list[tuple[str, LatLon]]] | None = None
        if len(self.pairs) >= _INDEXED_FROM:
            self._cells = defaultdict(list)
            for pair in self.pairs:
                self._cells[_grid_cell(pair[1].lat, pair[1].lon)].append(pair)

    def hiding(self, hidden: frozenset[tuple[str, LatLon]]) -> PointSet:
        """The same points (and index), less ``hidden``."""
        view = PointSet.__new__(PointSet)
        view.pairs, view._cells, view._hidden = self.pairs, self._cells, hidden
        return view

    def visible(self) -> Iterable[tuple[str, LatLon]]:
        return (p for p in self.pairs if p not in self._hidden)

    def nearest_km(self, point: LatLon, excluding: str) -> float:
        if self._cells is None:
            best = self._nearest_among(self.pairs, point, excluding, REACH_KM)
        else:
            best = self._nearest_in_rings(point, excluding)
        return best if best < REACH_KM else math.inf

    def _nearest_among(
        self, pairs: Iterable[tuple[str, LatLon]], point: LatLon, excluding: str, best: float
    ) -> float:
        lat, lon = point.lat, point.lon
        shrink = math.cos(math.radians(lat))
        for pair in pairs:
            other, other_point = pair
            if other == excluding:
                continue
            dlat = (other_point.lat - lat) * _KM_PER_DEGREE
            if abs(dlat) >= best:
                continue
            dlon = ((other_point.lon - lon + 180.0) % 360.0 - 180.0) * _KM_PER_DEGREE * shrink
            distance = math.hypot(dlat, dlon)
            if distance < best and pair not in self._hidden:
                best = distance
        return best

    def _nearest_in_rings(self, point: LatLon, excluding: str) -> float:
        """Cells in rings of growing size around the point's cell, until no
        farther ring can hold a nearer point (or the reach is passed)."""
        assert self._cells is not None
        reach_lat = REACH_KM / _KM_PER_DEGREE
        # the narrowest a cell gets within reach, east-west, in km
        shrink = max(math.cos(math.radians(min(89.0, abs(point.lat) + reach_lat))), 0.05)
        ring_km = _CELL_DEG * _KM_PER_DEGREE * shrink
        row, column = _grid_cell(point.lat, point.lon)
        columns = int(360 // _CELL_DEG)
        rings = int(min(180.0, reach_lat / shrink) // _CELL_DEG) + 1
        best = REACH_KM
        for ring in range(rings + 1):
            if best <= (ring - 1) * ring_km:
                break  # every point of this ring and beyond is farther
            for cell in _ring(row, column, ring, columns):
                pairs = self._cells.get(cell)
                if pairs:
                    best = self._nearest_among(pairs, point, excluding, best)
        return best


def _ring(row: int, column: int, ring: int, columns: int) -> Iterable[tuple[int, int]]:
    """The cells at Chebyshev distance ``ring`` from (row, column), columns
    wrapping round the antimeridian, each once."""
    cells = ((row + d_row, (column + d_column) % columns) for d_row, d_column in _offsets(ring))
    if 2 * ring + 1 <= columns:
        return cells
    return dict.fromkeys(cells)  # the ring wraps onto itself: each cell once


@functools.cache
def _offsets(ring: int) -> tuple[tuple[int, int], ...]:
    """(row, column) steps from a cell to those of its ring ``ring``; the
    same for every search, so made once."""
    if ring == 0:
        return ((0, 0),)
    return tuple(
        (d_row, d_column)
        for d_row in range(-ring, ring + 1)
        for d_column in (range(-ring, ring + 1) if abs(d_row) == ring else (-ring, ring))
    )


def _row(lat: float) -> int:
    return math.floor((max(-90.0, min(90.0, lat)) + 90.0) / _CELL_DEG)


def _column(lon: float) -> int:
    return math.floor(((lon + 180.0) % 360.0) / _CELL_DEG) % int(360 // _CELL_DEG)


def _grid_cell(lat: float, lon: float) -> tuple[int, int]:
    return _row(lat), _column(lon)


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


def contexts_of_the_others(groups: Sequence[Sequence[Resolution]]) -> list[DocumentContext]:
    """For each group (one article's resolutions), :func:`context_from_resolutions`
    of all the other groups, built once for the batch: everyone's votes less
    the group's own, everyone's points less those only the group has. Linear
    in the batch, where building each from the others is quadratic."""
    every = [r for group in groups for r in group]
    totals = Counter(_vote_countries(every))
    counted = Counter(_point_pairs(every))
    shared = PointSet(counted)
    contexts = []
    for group in groups:
        own_votes = Counter(_vote_countries(group))
        votes = [("", code, float(n - own_votes[code])) for code, n in totals.items()]
        own_points = Counter(_point_pairs(group))
        hidden = frozenset(p for p, n in own_points.items() if counted[p] == n)
        points = (shared.hiding(hidden),) if len(hidden) < len(shared.pairs) else ()
        contexts.append(DocumentContext([v for v in votes if v[2] > 0], shared=points))
    return contexts


def _vote_countries(resolutions: Iterable[Resolution]) -> Iterable[str]:
    for resolution in resolutions:
        place = resolution.place
        if place is not None and resolution.score >= _CONFIDENT and place.country_code:
            yield place.country_code


def _point_pairs(resolutions: Iterable[Resolution]) -> Iterable[tuple[str, LatLon]]:
    for resolution in resolutions:
        place = resolution.place
        if place is not None and resolution.score >= _CONFIDENT and place.kind not in _AREAS:
            yield ("", place.point)


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
        shared=own._point_sets + outside._point_sets,
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
