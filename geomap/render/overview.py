"""``render_overview_map``: the places and claims of a whole batch run on one page.

A batch run (``geomap batch``) may name tens of thousands of places in
thousands of articles, far beyond what one marker element per place can show:
a browser slows down past a few thousand DOM markers. So this map is built
for numbers:

- places are circles on one ``<canvas>`` (Leaflet's canvas renderer: no DOM
  element per place), grouped by Leaflet.markercluster into clusters (DOM
  elements, but only the few dozen in view), sized by how often articles
  name them;
- the data travels as one compact JSON array per layer, with every string
  already escaped (:mod:`geomap.render.content`); popups and tooltips are
  built from it when a place or line is first pointed at, not in advance;
- claims are lines on the same canvas, one layer per status, at most
  :data:`MAX_LINES` of them (the most severe first: see
  :data:`geomap.render.style.STATUS_SEVERITY`).

The input is a :class:`BatchOverview`, which :mod:`geomap.batch.overview`
reads from a batch output folder.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from geomap.model import LatLon
from geomap.render import content
from geomap.render.shapes import Vertex, great_circle
from geomap.render.style import STATUS_SEVERITY

if TYPE_CHECKING:
    from geomap.gazetteer.store import Gazetteer

__all__ = [
    "MAX_LINES",
    "BatchOverview",
    "ClaimLine",
    "PlaceTally",
    "render_overview_map",
    "severity_rank",
]

#: Claim lines drawn at most (the most severe first). Each costs about 0.4 KB
#: of page with its popup text (bench/map_size.py), so 3,000 keep the lines
#: near 1.2 MB; a reader looking for problems filters with ``--status`` long
#: before this, and more lines than this hide each other at any zoom.
MAX_LINES = 3_000

# A measured line is a geodesic; sampled every 250 km (at most 17 vertices)
# it looks curved where the curve shows, at a few dozen bytes.
_LINE_STEP_KM = 250.0
_LINE_VERTICES = 17
# Four decimals is about 10 m: finer than any point a gazetteer gives a town.
_DIGITS = 4
_WORLD_CENTRE = (20.0, 0.0)
_MAX_FIT_ZOOM = 9
#: Deepest zoom (street level: the last clusters of a town open up).
_MAX_ZOOM = 18
#: Pixels kept free around the fitted view: the title box sits top left.
_PADDING_TOP_LEFT = (40, 110)
_PADDING_BOTTOM_RIGHT = (40, 40)


@dataclass(frozen=True, slots=True)
class PlaceTally:
    """One place of a batch run: where it is and how often articles name it."""

    place_id: str
    name: str
    kind: str
    country_code: str
    admin1: str
    point: LatLon
    mentions: int
    articles: int


@dataclass(frozen=True, slots=True)
class ClaimLine:
    """One checked reading of a distance claim (at character ``offset`` of
    its article), as the line it measured: from the subject's point to the
    point the distance was measured to."""

    doc_id: str
    offset: int
    sentence: str
    subject: str
    reference: str
    claimed_km: tuple[float, float] | None
    measured_km: float | None
    status: str
    explanation: str
    subject_point: LatLon
    reference_point: LatLon


@dataclass(frozen=True, slots=True)
class BatchOverview:
    """What a batch run found, ready to draw.

    ``places`` are the places named, most mentioned first; ``lines`` the claim
    readings to draw (those of the chosen statuses that have a line, at most
    :data:`MAX_LINES`). Claims are counted once each (a claim measured from
    two namesakes has two readings): ``claims`` in the tables,
    ``claims_selected`` of the chosen ``statuses`` (empty: every status),
    ``claims_shown`` with a line drawn, ``claims_unmapped`` chosen but with
    no line (no point to measure from); ``claims_by_status`` by the status
    of their readings. ``lines_dropped`` counts the lines left out by the cap.
    """

    places: tuple[PlaceTally, ...]
    lines: tuple[ClaimLine, ...]
    articles: int
    mentions: int
    claims: int
    claims_shown: int
    claims_selected: int
    claims_unmapped: int = 0
    claims_by_status: Mapping[str, int] = field(default_factory=dict)
    statuses: frozenset[str] = frozenset()
    lines_dropped: int = 0


def severity_rank(status: str) -> int:
    """Where a status comes in the order lines are kept under the cap: the
    most severe first, an unknown status before all (better shown than hidden).

    >>> severity_rank("inconsistent") < severity_rank("consistent")
    True
    """
    try:
        return STATUS_SEVERITY.index(status)
    except ValueError:
        return -1


def render_overview_map(
    overview: BatchOverview,
    *,
    title: str | None = None,
    gazetteer: Gazetteer | None = None,
) -> str:
    """A complete, self-contained HTML page (string) of a batch run's places
    and claims, that works offline.

    Places are clustered circles sized by their mention count; claims are
    lines coloured (and dashed) by status, one layer each in the layer
    control. A title says what is shown (N places from M articles; K claims
    shown of T), a legend gives the counts. With a ``gazetteer``, the
    outlines of the countries involved form an offline basemap. Every string
    from an article is escaped.
    """
    from geomap.render import elements
    from geomap.render.clusters import ClaimLines, LayerSwitch, PlaceClusters

    page_title = title or "Places and distance claims of a batch run"
    names = (
        {code: c.name for code, c in gazetteer.countries().items()} if gazetteer is not None else {}
    )
    figure = elements.OfflineFigure(
        title=page_title,
        summary_html=content.overview_summary_html(overview, title=page_title),
        description=content.overview_alt_text(overview),
        clusters=True,
    )
    fmap = elements.OfflineMap(
        label=f"Map: {page_title}",
        location=_WORLD_CENTRE,
        zoom_start=2,
        zoom_control="bottomleft",
        control_scale=True,
        prefer_canvas=True,
        zoom_snap=0.25,
    )
    # markercluster needs the map's deepest zoom (folium gives it to tiles only)
    fmap.options["maxZoom"] = _MAX_ZOOM
    figure.add_child(fmap)
    view = _view(overview)
    if gazetteer is not None:
        _add_basemap(fmap, gazetteer, overview, view, names)
    fmap.add_child(
        ClaimLines(
            [content.overview_line_row(line, _line_vertices(line)) for line in overview.lines]
        )
    )
    fmap.add_child(
        PlaceClusters(
            [content.overview_place_row(place, names) for place in overview.places],
            view=view,
            max_zoom=_MAX_FIT_ZOOM,
            padding_top_left=_PADDING_TOP_LEFT,
            padding_bottom_right=_PADDING_BOTTOM_RIGHT,
        )
    )
    fmap.add_child(LayerSwitch())
    fmap.add_child(
        elements.HtmlControl(
            content.overview_title_html(page_title, overview),
            position="topleft",
            css_class="geomap-title",
        )
    )
    fmap.add_child(
        elements.HtmlControl(
            content.overview_legend_html(overview),
            position="bottomright",
            css_class="geomap-legend",
            label="Legend",
            collapse_when_narrow=True,
        )
    )
    return figure.render()


def _line_vertices(line: ClaimLine) -> list[Vertex]:
    vertices = great_circle(
        line.subject_point, line.reference_point, step_km=_LINE_STEP_KM, max_vertices=_LINE_VERTICES
    )
    return [(round(lat, _DIGITS), round(lon, _DIGITS)) for lat, lon in vertices]


def _view(overview: BatchOverview) -> tuple[Vertex, Vertex] | None:
    """The first view: every place and every line end (south-west, north-east)."""
    points = [(p.point.lat, p.point.lon) for p in overview.places]
    points += [
        (e.lat, e.lon)
        for line in overview.lines
        for e in (line.subject_point, line.reference_point)
    ]
    if not points:
        return None
    lats = [lat for lat, _ in points]
    lons = [lon for _, lon in points]
    return (min(lats), min(lons)), (max(lats), max(lons))


def _add_basemap(
    fmap: Any,
    gazetteer: Gazetteer,
    overview: BatchOverview,
    view: tuple[Vertex, Vertex] | None,
    names: Mapping[str, str],
) -> None:
    """The outlines and names of the countries the places are in."""
    from geomap.render.basemap import build_basemap
    from geomap.render.elements import CountryLayer

    codes = sorted({p.country_code for p in overview.places if p.country_code})
    basemap = build_basemap(gazetteer, codes, view=view, names=names)
    if basemap is None:
        return
    CountryLayer.of(basemap).add_to(fmap)
