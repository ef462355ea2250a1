"""Where the map opens, and what "show all places" zooms to.

A story about a gas plant in the Sahara that mentions hostages from Tokyo and
Oslo should open on the plant, not on the whole world with the plant a dot.
The first view is therefore fitted to the *focus*: the incident site, the
subjects and point references of the distance claims and the measured lines.
Claimed-distance bands may widen it, but only near the places their claims
are about, so that a "1,300 km from Algiers" ring shows where it passes the
plant instead of zooming the view out to a continent. Every
other place stays on the map, one zoom-out (or one "All places" click) away.

Bounds are ``((south, west), (north, east))`` in Leaflet's (lat, lon) order;
longitudes may be unrolled past ±180 like the vertices in
:mod:`geomap.render.shapes`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from geomap.render.shapes import Vertex, bounds

__all__ = ["BAND_MARGIN_KM", "Bounds", "View", "expand_km", "initial_view", "union"]

Bounds = tuple[Vertex, Vertex]

#: Bands may widen the first view by at most this much beyond the focus.
BAND_MARGIN_KM = 150.0
_KM_PER_DEGREE = 111.32
#: Web Mercator stops here; a box past it cannot be fitted.
_MAX_LAT = 85.0


@dataclass(frozen=True, slots=True)
class View:
    """The first view (``focus``) and the view of everything (``everything``).

    ``everything`` is None when it is no larger than ``focus``: a "show all"
    button would then do nothing.
    """

    focus: Bounds | None
    everything: Bounds | None


def union(*boxes: Bounds | None) -> Bounds | None:
    """The smallest box holding every given box (None ones are skipped).

    >>> union(((0, 0), (1, 1)), None, ((-1, 2), (0.5, 3)))
    ((-1, 0), (1, 3))
    >>> union(None) is None
    True
    """
    present = [box for box in boxes if box is not None]
    return bounds(corner for box in present for corner in box)


def expand_km(box: Bounds, km: float) -> Bounds:
    """``box`` widened by about ``km`` on every side (latitudes kept within ±85°).

    >>> expand_km(((0.0, 0.0), (0.0, 0.0)), 111.32)
    ((-1.0, -1.00015), (1.0, 1.00015))
    >>> expand_km(((60.0, 10.0), (60.0, 10.0)), 111.32)[1]  # longitude degrees shrink up north
    (61.0, 12.06267)
    """
    (south, west), (north, east) = box
    dlat = km / _KM_PER_DEGREE
    widest = min(max(abs(south), abs(north)) + dlat, _MAX_LAT)
    dlon = min(km / (_KM_PER_DEGREE * math.cos(math.radians(widest))), 180.0)
    return (
        (round(max(south - dlat, -_MAX_LAT), 5), round(west - dlon, 5)),
        (round(min(north + dlat, _MAX_LAT), 5), round(east + dlon, 5)),
    )


def _contains(outer: Bounds, inner: Bounds) -> bool:
    (s1, w1), (n1, e1) = outer
    (s2, w2), (n2, e2) = inner
    return s1 <= s2 and w1 <= w2 and n1 >= n2 and e1 >= e2


def _within(vertices: Iterable[Vertex], box: Bounds) -> list[Vertex]:
    (south, west), (north, east) = box
    return [(lat, lon) for lat, lon in vertices if south <= lat <= north and west <= lon <= east]


def initial_view(
    focus: Iterable[Vertex],
    bands: Iterable[tuple[Sequence[Vertex], Sequence[Vertex]]],
    everything: Iterable[Vertex],
    *,
    band_margin_km: float = BAND_MARGIN_KM,
) -> View:
    """The first view and the "all places" view.

    ``focus`` are the vertices the story is about (site, claim subjects and
    references, measured lines). ``bands`` are claimed-distance bands, each
    as (vertices, anchors): a band widens the first view only within
    ``band_margin_km`` of its anchors (the places the claim is about), so a
    ring of 1,300 km shows where it passes the subject, not whole.
    ``everything`` are the other vertices to show with "all places" (every
    marker). Without a focus (no site, no claim), the first view shows
    everything.

    >>> site, tokyo = (27.9, 9.1), (35.7, 139.7)
    >>> view = initial_view([site, (28.0, 9.6)], [], [site, tokyo])
    >>> view.focus, view.everything
    (((27.9, 9.1), (28.0, 9.6)), ((27.9, 9.1), (35.7, 139.7)))
    >>> ring = [(41.0, 3.0), (32.5, 3.0), (28.5, 9.1), (36.75, 15.0)]  # 500 km around Algiers
    >>> initial_view([(36.75, 3.06), site], [(ring, [site])], []).focus
    ((27.9, 3.06), (36.75, 9.1))
    >>> initial_view([(36.75, 3.06), site], [(ring, [site])], [], band_margin_km=1000).focus
    ((27.9, 3.0), (36.75, 15.0))
    >>> initial_view([], [], [site, tokyo]).focus  # nothing to focus on: all places
    ((27.9, 9.1), (35.7, 139.7))
    """
    core = bounds(focus)
    all_box = union(bounds(everything), core)
    if core is None:
        return View(focus=all_box, everything=None)
    widened = union(
        core,
        *(
            bounds(_within(vertices, expand_km(bounds(anchors) or core, band_margin_km)))
            for vertices, anchors in bands
        ),
    )
    assert widened is not None
    if all_box is None or _contains(widened, all_box):
        return View(focus=widened, everything=None)
    return View(focus=widened, everything=union(all_box, widened))
