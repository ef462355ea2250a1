"""``render_map``: a Report drawn as one self-contained Leaflet page.

Layers, bottom to top: country outlines and names (offline basemap),
claimed-distance bands (rings around towns, strips along borders and coasts),
measured lines, place markers. An OpenStreetMap layer is offered in the layer
control, off by default, for readers who are online. The map opens on the
incident and its claims (:mod:`geomap.render.view`); a small control zooms out
to every place and back. A visually hidden text summary of the claims precedes
the map for screen readers and search engines.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from geomap.geometry import bearing_deg
from geomap.model import Estimate, FindingKind, Report
from geomap.render import content
from geomap.render.basemap import build_basemap, country_codes, inset_countries
from geomap.render.features import (
    ClaimBand,
    LineBand,
    MappedPlace,
    MeasuredLine,
    claim_bands,
    focus_country,
    focus_points,
    line_bands,
    mapped_places,
    measured_lines,
)
from geomap.render.shapes import (
    Vertex,
    annulus_sector,
    distance_band,
    encloses_pole,
    geodesic_circle,
    great_circle,
)
from geomap.render.style import (
    AREA_STYLE,
    ESTIMATE_COLOUR,
    ESTIMATE_POINT_STYLE,
    OUTLINE_DASHES,
    PLACE_STYLE,
    SITE_STYLE,
    STATUS_DASHES,
    status_colour,
)
from geomap.render.view import View, initial_view

if TYPE_CHECKING:
    from geomap.gazetteer.store import Gazetteer
    from geomap.render.lineband import Rings

__all__ = ["render_map"]

#: Short credits for the attribution control, by the start of Place.source.
_PLACE_CREDITS = {
    "geonames": 'Places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)',
    "countrystatecity": "Regions: countries-states-cities database (ODbL)",
}
_NATURAL_EARTH_CREDIT = (
    'Borders: made with <a href="https://www.naturalearthdata.com/">Natural Earth</a>'
)
_OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
_OSM_CREDIT = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
#: A single place should not zoom to street level.
_MAX_FIT_ZOOM = 9
_WORLD_CENTRE = (20.0, 0.0)
#: Pixels kept free around the fitted view: the title box sits top left.
_PADDING_TOP_LEFT = (40, 90)
_PADDING_BOTTOM_RIGHT = (40, 40)


def render_map(
    report: Report, *, title: str | None = None, gazetteer: Gazetteer | None = None
) -> str:
    """A complete, self-contained HTML document (string) that works offline.

    Draws one keyboard-operable marker per resolved place (the incident site
    highlighted), a geodesic line per measured reading coloured by status, the
    distance band each claim allows (a ring around a point reference; with a
    ``gazetteer``, a strip along a border or coast near the subjects), a
    legend, a title and a visually hidden text summary of the claims. With a
    ``gazetteer``, the outlines and names of the countries involved form an
    offline basemap. The map opens on the incident and its claims; a control
    zooms out to all places. Leaflet is inlined; the page loads nothing from
    the network. Every string from an article or user file is HTML-escaped.
    """
    from geomap.render import elements

    page_title = title or content.default_title(report)
    country_names = (
        {code: c.name for code, c in gazetteer.countries().items()}
        if gazetteer is not None  # not truthiness: a MemoryGazetteer has a length
        else {}
    )
    drawing = _drawing(report, gazetteer)
    figure = elements.OfflineFigure(
        title=page_title,
        summary_html=content.summary_html(report, drawing.places, title=page_title),
        description=content.alt_text(report, country_names),
    )
    fmap = elements.OfflineMap(
        label=f"Map: {page_title}",
        location=_WORLD_CENTRE,
        zoom_start=2,
        zoom_control="bottomleft",
        control_scale=True,
        zoom_snap=0.25,  # fit the first view closely; the +/- buttons still step by 1
    )
    figure.add_child(fmap)

    credits = [_PLACE_CREDITS[key] for key in _credit_keys(drawing.places)]
    if gazetteer is not None and _add_basemap(
        fmap, gazetteer, report, drawing.places, drawing.view, country_names
    ):
        credits.append(_NATURAL_EARTH_CREDIT)
    drawn = _add_layers(fmap, report, drawing, country_names)
    inset = inset_countries(gazetteer, focus_country(report)) if gazetteer is not None else None
    _add_controls(fmap, report, drawing, page_title, credits, inset, drawn)
    return figure.render()


@dataclass(frozen=True, slots=True)
class _Drawing:
    """What the map draws, decided before any HTML: places, measured lines,
    claimed bands and strips, and the first view."""

    places: list[MappedPlace]
    lines: list[MeasuredLine]
    undrawn: int
    band_shapes: list[tuple[ClaimBand, list[list[Vertex]]]]
    strip_shapes: list[tuple[LineBand, list[Rings]]]
    line_shapes: list[tuple[MeasuredLine, list[Vertex]]]
    view: View


def _drawing(report: Report, gazetteer: Gazetteer | None) -> _Drawing:
    places = mapped_places(report)
    lines, undrawn = measured_lines(report)
    band_shapes = [
        (band, _band_rings(band))
        for band in claim_bands(report)
        if not encloses_pole(band.centre, band.high_km)
    ]
    strip_shapes = _line_band_shapes(gazetteer, report) if gazetteer is not None else []
    line_shapes = [(line, great_circle(line.start, line.subject.point)) for line in lines]
    view = initial_view(
        [(p.lat, p.lon) for p in focus_points(report)]
        + [v for _, vertices in line_shapes for v in vertices],
        [(rings[0], [(p.lat, p.lon) for p in band.subject_points]) for band, rings in band_shapes]
        + [
            (
                [v for rings in polygons for v in rings[0]],
                [(s.point.lat, s.point.lon) for s, _, _ in strip.subjects],
            )
            for strip, polygons in strip_shapes
        ],
        [(p.place.point.lat, p.place.point.lon) for p in places],
    )
    return _Drawing(places, lines, undrawn, band_shapes, strip_shapes, line_shapes, view)


@dataclass(frozen=True, slots=True)
class _Drawn:
    """Per claim (doc id, start): the script name of the first line drawn for
    it, and of its bands, for the claim list to show them."""

    lines: dict[tuple[str, int], str]
    bands: dict[tuple[str, int], list[str]]


def _add_layers(
    fmap: Any, report: Report, drawing: _Drawing, country_names: dict[str, str]
) -> _Drawn:
    """Bands and strips, measured lines, labels, place markers, and the
    optional tiles."""
    import folium

    from geomap.render.elements import MapLabels

    documents = {d.id: d for d in report.documents}
    line_names: dict[tuple[str, int], str] = {}
    band_names: dict[tuple[str, int], list[str]] = {}
    if drawing.band_shapes or drawing.strip_shapes:
        group = folium.FeatureGroup(name="Claimed distance bands").add_to(fmap)
        for band, rings in drawing.band_shapes:
            name = _add_band(group, band, rings)
            for verdict in band.verdicts:
                key = (verdict.claim.doc_id, verdict.claim.start)
                band_names[key] = [*band_names.get(key, []), name]
        for strip, polygons in drawing.strip_shapes:
            names = _add_strip(group, strip, polygons)
            for verdict in strip.verdicts:
                key = (verdict.claim.doc_id, verdict.claim.start)
                band_names[key] = [*band_names.get(key, []), *names]
    if drawing.line_shapes:
        group = folium.FeatureGroup(name="Measured distances").add_to(fmap)
        for line, vertices in drawing.line_shapes:
            name = _add_line(group, line, vertices, documents)
            for verdict, _ in line.claims:
                line_names.setdefault((verdict.claim.doc_id, verdict.claim.start), name)
    if report.estimates:
        group = folium.FeatureGroup(name="Estimated from the claims").add_to(fmap)
        for estimate in report.estimates:
            _add_estimate(group, estimate)
    fmap.add_child(MapLabels(_label_rows(report, drawing)))
    if drawing.places:
        group = folium.FeatureGroup(name="Places").add_to(fmap)
        # The site first in keyboard order, and on top of the other markers.
        for entry in sorted(drawing.places, key=lambda p: (not p.is_site, not p.in_claims)):
            _add_marker(group, entry, documents, country_names)
    folium.TileLayer(
        _OSM_TILES,
        name="OpenStreetMap (needs internet)",
        attr=_OSM_CREDIT,
        max_zoom=19,
        overlay=True,
        show=False,
    ).add_to(fmap)
    return _Drawn(line_names, band_names)


def _add_controls(
    fmap: Any,
    report: Report,
    drawing: _Drawing,
    page_title: str,
    credits: list[str],
    inset: dict[str, Any] | None = None,
    drawn: _Drawn | None = None,
) -> None:
    """Title box, legend, attribution, layer switch and the incident/all view control."""
    import folium

    from geomap.render import elements

    # claims, as `check` counts them: a claim read two ways counts once
    verdicts = Counter(verdict.status for verdict in report.verdicts)
    title_box = content.title_html(
        page_title,
        documents=len(report.documents),
        places=len(drawing.places),
        claims=len(report.verdicts),
        undrawn=drawing.undrawn,
        verdicts=verdicts,
        contradictions=sum(f.kind == FindingKind.CONTRADICTION for f in report.findings),
    )
    legend = content.legend_html(
        verdicts,
        has_site=report.site is not None,
        has_areas=any(p.is_area and not p.is_site for p in drawing.places),
        has_bands=bool(drawing.band_shapes or drawing.strip_shapes),
        has_estimates=bool(report.estimates),
        has_outlines=any(e.known is None and e.claim_regions for e in report.estimates),
    )
    fmap.add_child(elements.HtmlControl(title_box, position="topleft", css_class="geomap-title"))
    fmap.add_child(
        elements.HtmlControl(
            legend,
            position="bottomright",
            css_class="geomap-legend",
            label="Legend",
            collapse_when_narrow=True,
        )
    )
    if credits:
        fmap.add_child(elements.AddAttribution(" | ".join(credits)))
    folium.LayerControl(position="topright", collapsed=True).add_to(fmap)
    if inset is not None:
        fmap.add_child(elements.LocatorInset(inset))
    _add_claim_list(fmap, report, drawn or _Drawn({}, {}))
    view = drawing.view
    if view.focus is None:
        return
    fmap.add_child(
        elements.ViewControl(
            view.focus,
            view.everything,
            focus_label="Incident" if report.site is not None else "Claims",
            focus_title=(
                "Zoom back to the incident and its claims"
                if report.site is not None
                else "Zoom back to the distance claims"
            ),
            max_zoom=_MAX_FIT_ZOOM,
            padding_top_left=_PADDING_TOP_LEFT,
            padding_bottom_right=_PADDING_BOTTOM_RIGHT,
            keep_clear=_keep_clear(report, drawing),
        )
    )


def _keep_clear(report: Report, drawing: _Drawing) -> list[tuple[float, float]]:
    """The points no control may cover in the first view: the site and both
    ends and the middle of every measured line."""
    points = [(report.site.point.lat, report.site.point.lon)] if report.site else []
    for _, vertices in drawing.line_shapes:
        points += [vertices[0], vertices[len(vertices) // 2], vertices[-1]]
    return list(dict.fromkeys(points))


def _line_band_shapes(gazetteer: Gazetteer, report: Report) -> list[tuple[LineBand, list[Rings]]]:
    bands = line_bands(report)
    if not bands:
        return []  # shapely and pyproj are imported only for a strip to draw
    from geomap.render.lineband import line_band_polygons

    shapes = []
    for band in bands:
        polygons = line_band_polygons(gazetteer, band)
        if polygons:
            shapes.append((band, polygons))
    return shapes


def _add_basemap(
    fmap: Any,
    gazetteer: Gazetteer,
    report: Report,
    places: list[MappedPlace],
    view: View,
    country_names: dict[str, str],
) -> bool:
    """Add the involved countries' outlines and names; False when the gazetteer has none."""
    from geomap.render.elements import CountryLayer

    involved = [p.place.country_code for p in places] + _reference_countries(report)
    codes = country_codes(gazetteer, involved, focus=focus_country(report))
    basemap = build_basemap(
        gazetteer, codes, view=view.focus, far_view=view.everything, names=country_names
    )
    if basemap is None:
        return False
    CountryLayer.of(basemap).add_to(fmap)
    return True


def _credit_keys(places: list[MappedPlace]) -> list[str]:
    sources = {p.place.source for p in places}
    return [key for key in _PLACE_CREDITS if any(s.startswith(key) for s in sources)]


def _reference_countries(report: Report) -> list[str]:
    codes = []
    for verdict in report.verdicts:
        reference = verdict.claim.reference
        for place in (reference.place, reference.other_place):
            if place is not None:
                codes.append(place.country_code)
    return codes


# A ring wider than this would fill the first view ("1,300 km south-east of
# Algiers"): only its arc near the places the claim is about is drawn, about
# twice this long.
_FULL_RING_KM = 300.0
_ARC_HALF_KM = 400.0


def _band_rings(band: ClaimBand) -> list[list[Vertex]]:
    exact = band.high_km - band.low_km < 0.01
    if band.high_km > _FULL_RING_KM and band.subject_points and not exact:
        bearing = bearing_deg(band.centre, band.subject_points[0])
        half = min(60.0, max(8.0, math.degrees(_ARC_HALF_KM / band.high_km)))
        return [annulus_sector(band.centre, band.low_km, band.high_km, bearing, half)]
    if exact:
        return [geodesic_circle(band.centre, band.high_km)]  # an exact distance: a ring
    return distance_band(band.centre, band.low_km, band.high_km)


def _add_band(group: Any, band: ClaimBand, rings: list[list[Vertex]]) -> str:
    import folium

    from geomap.render.elements import BindContent

    colour = status_colour(band.status)
    options: dict[str, Any] = {"color": colour, "weight": 1, "opacity": 0.6}
    shape: folium.PolyLine | folium.Polygon
    if len(rings) == 1 and band.high_km - band.low_km < 0.01:
        shape = folium.PolyLine(rings[0], dash_array="4 4", class_name="geomap-band", **options)
    else:
        shape = folium.Polygon(
            rings,
            fill=True,
            fill_color=colour,
            # light: the band is context, the measured line is the verdict
            fill_opacity=0.1,
            class_name="geomap-band",
            **options,
        )
    shape.add_child(BindContent("tooltip", content.band_tooltip(band), sticky=True))
    shape.add_to(group)
    return str(shape.get_name())


def _add_estimate(group: Any, estimate: Estimate) -> None:
    """Each claim's own range (finely dashed; a claim left out in the
    inconsistent colour), the region where the claims hold together (dashed)
    and the most likely point."""
    import folium

    from geomap.render.elements import BindContent

    # a place the gazetteer holds has its claims drawn as bands and lines
    outlines = estimate.claim_regions if estimate.known is None else ()
    for outline in outlines:
        colour = ESTIMATE_COLOUR if outline.used else status_colour("inconsistent")
        for ring in outline.rings:
            outline_shape = folium.PolyLine(
                [(p.lat, p.lon) for p in ring],
                color=colour,
                weight=2 if outline.used else 2.5,
                opacity=0.8,
                dash_array=OUTLINE_DASHES,
                class_name="geomap-estimate-claim"
                + ("" if outline.used else " geomap-estimate-left-out"),
            )
            tooltip = content.claim_outline_tooltip(outline, estimate)
            outline_shape.add_child(BindContent("tooltip", tooltip, sticky=True))
            outline_shape.add_to(group)
    tooltip = content.estimate_tooltip(estimate)
    for ring in estimate.region:
        shape = folium.Polygon(
            [(p.lat, p.lon) for p in ring],
            color=ESTIMATE_COLOUR,
            weight=2,
            dash_array="6 6",
            fill=True,
            fill_color=ESTIMATE_COLOUR,
            fill_opacity=0.12,
            class_name="geomap-estimate",
        )
        shape.add_child(BindContent("tooltip", tooltip, sticky=True))
        shape.add_to(group)
    style = ESTIMATE_POINT_STYLE
    marker = folium.CircleMarker(
        (estimate.point.lat, estimate.point.lon),
        radius=style.radius,
        color=style.color,
        weight=style.weight,
        fill=True,
        fill_color=style.fill_color,
        fill_opacity=style.fill_opacity,
        class_name="geomap-estimate-point",
    )
    marker.add_child(BindContent("tooltip", tooltip, sticky=True))
    marker.add_to(group)


def _add_strip(group: Any, band: LineBand, polygons: list[Rings]) -> list[str]:
    import folium

    from geomap.render.elements import BindContent

    colour = status_colour(band.status)
    tooltip = content.line_band_tooltip(band)
    # One Leaflet polygon (outer ring and holes) per separate piece: folium
    # does not take multipolygons.
    names = []
    for rings in polygons:
        shape = folium.Polygon(
            rings,
            color=colour,
            weight=1,
            opacity=0.6,
            fill=True,
            fill_color=colour,
            fill_opacity=0.1,
            class_name="geomap-band geomap-band-line",
        )
        shape.add_child(BindContent("tooltip", tooltip, sticky=True))
        shape.add_to(group)
        names.append(str(shape.get_name()))
    return names


def _add_line(
    group: Any, line: MeasuredLine, vertices: list[Vertex], documents: dict[str, Any]
) -> str:
    """The measured line, with its tooltip and keyboard popup; returns its script name."""
    import folium

    from geomap.render.elements import BindContent, KeyboardPopup

    status_class = "".join(c if c.isalnum() or c == "-" else "-" for c in line.status)
    polyline = folium.PolyLine(
        vertices,
        color=status_colour(line.status),
        weight=4,
        opacity=0.9,
        dash_array=STATUS_DASHES.get(line.status),
        class_name=f"geomap-reading geomap-status-{status_class}",
    )
    polyline.add_child(BindContent("tooltip", content.line_tooltip(line), sticky=True))
    polyline.add_child(
        BindContent(
            "popup", content.line_popup(line, documents=documents), maxWidth=360, maxHeight=360
        )
    )
    polyline.add_child(KeyboardPopup(content.line_label(line)))
    polyline.add_to(group)
    return str(polyline.get_name())


def _add_claim_list(fmap: Any, report: Report, shapes: _Drawn) -> None:
    """The claims beside the map (collapsed until opened): choosing one zooms
    to its measured line, opens its popup and brings out its band."""
    from geomap.render import elements

    if not report.verdicts:
        return
    documents = {d.id: d for d in report.documents}
    keys = [(v.claim.doc_id, v.claim.start) for v in report.verdicts]
    drawn = {index: shapes.lines[key] for index, key in enumerate(keys) if key in shapes.lines}
    bands = {index: shapes.bands[key] for index, key in enumerate(keys) if key in shapes.bands}
    fmap.add_child(
        elements.HtmlControl(
            content.claim_list_html(report.verdicts, documents, set(drawn)),
            position="topleft",
            css_class="geomap-claims",
            label="Claims",
        )
    )
    fmap.add_child(elements.ClaimList(drawn, bands))


def _label_rows(
    report: Report, drawing: _Drawing
) -> list[tuple[float, float, str, float, str, str]]:
    """What stays labelled on the map, most important first: the site, the
    places the claims put somewhere, the estimates, each measured line's
    figures, then the places the claims measure from."""
    rows: list[tuple[float, float, str, float, str, str]] = []
    for entry in drawing.places:
        if entry.is_site:
            priority = 0.0
        elif entry.in_claims and not entry.is_area:
            # the more an article names a place, the likelier its label stays
            priority = 1.0 + 1.0 / (1 + len(entry.mentions))
        else:
            continue
        point = entry.place.point
        rows.append((point.lat, point.lon, content.esc(entry.place.name), priority, "place", ""))
    for estimate in report.estimates:
        name = content.esc(f"{estimate.subject} (estimated)")
        point = estimate.point
        rows.append((point.lat, point.lon, name, 0.5, "place", ESTIMATE_COLOUR))
    for line, vertices in drawing.line_shapes:
        lat, lon = vertices[len(vertices) // 2]
        text = content.esc(content.line_figures(line))
        rows.append((lat, lon, text, 3.0, "line", status_colour(line.status)))
    return [
        (lat, lon, f"<span>{text}</span>", priority, kind, colour)
        for lat, lon, text, priority, kind, colour in rows
    ]


def _add_marker(
    group: Any, entry: MappedPlace, documents: dict[str, Any], country_names: dict[str, str]
) -> None:
    from geomap.render.elements import BindContent, PlaceMarker

    if entry.is_site:
        style, css_class = SITE_STYLE, "geomap-site"
    elif entry.is_area:
        style, css_class = AREA_STYLE, "geomap-place geomap-area"
    else:
        style, css_class = PLACE_STYLE, "geomap-place"
    marker = PlaceMarker(
        (entry.place.point.lat, entry.place.point.lon),
        title=content.place_label(entry),
        style=style,
        css_class=css_class,
        z_index_offset=1000 if entry.is_site else 0,
    )
    marker.add_child(
        BindContent(
            "tooltip",
            content.place_tooltip(entry),
            # "auto": right of the marker in the map's left half, left of it
            # in the right half, so the site's label stays in view.
            direction="auto",
        )
    )
    marker.add_child(
        BindContent(
            "popup",
            content.place_popup(entry, documents=documents, country_names=country_names),
            maxWidth=320,
            maxHeight=360,
        )
    )
    marker.add_to(group)
