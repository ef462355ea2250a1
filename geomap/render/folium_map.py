"""``render_map``: a Report drawn as one self-contained Leaflet page.

Layers, bottom to top: country outlines (offline basemap), claimed-distance
bands, measured lines, place markers. An OpenStreetMap layer is offered in
the layer control, off by default, for readers who are online.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from geomap.model import Report
from geomap.render import content
from geomap.render.basemap import country_codes, country_geojson
from geomap.render.features import (
    ClaimBand,
    MappedPlace,
    MeasuredLine,
    claim_bands,
    focus_country,
    mapped_places,
    measured_lines,
)
from geomap.render.shapes import (
    Vertex,
    bounds,
    distance_band,
    encloses_pole,
    geodesic_circle,
    great_circle,
)
from geomap.render.style import (
    AREA_STYLE,
    COUNTRY_STYLE,
    PLACE_STYLE,
    SITE_STYLE,
    STATUS_DASHES,
    status_colour,
)

if TYPE_CHECKING:
    from geomap.gazetteer.store import Gazetteer

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


def render_map(
    report: Report, *, title: str | None = None, gazetteer: Gazetteer | None = None
) -> str:
    """A complete, self-contained HTML document (string) that works offline.

    Draws one marker per resolved place (the incident site highlighted), a
    geodesic line per measured reading coloured by status, the distance band
    each point-reference claim allows, a legend and a title. With a
    ``gazetteer``, the outlines of the countries involved form an offline
    basemap. Leaflet is inlined; the page loads nothing from the network.
    Every string from an article or user file is HTML-escaped.
    """
    import folium

    from geomap.render import elements

    page_title = title or content.default_title(report)
    documents = {d.id: d for d in report.documents}
    country_names = (
        {code: c.name for code, c in gazetteer.countries().items()}
        if gazetteer is not None  # not truthiness: a MemoryGazetteer has a length
        else {}
    )
    places = mapped_places(report)
    lines, undrawn = measured_lines(report)
    bands = claim_bands(report)

    figure = elements.OfflineFigure(title=page_title)
    fmap = elements.OfflineMap(
        label=f"Map: {page_title}",
        location=_WORLD_CENTRE,
        zoom_start=2,
        zoom_control="bottomleft",
        control_scale=True,
    )
    figure.add_child(fmap)

    band_shapes = [
        (band, _band_rings(band)) for band in bands if not encloses_pole(band.centre, band.high_km)
    ]
    line_shapes = [(line, great_circle(line.start, line.subject.point)) for line in lines]
    drawn: list[Vertex] = [(p.place.point.lat, p.place.point.lon) for p in places]
    drawn += [v for _, rings in band_shapes for v in rings[0]]
    drawn += [v for _, vertices in line_shapes for v in vertices]
    view = bounds(drawn)

    credits = [_PLACE_CREDITS[key] for key in _credit_keys(places)]
    if gazetteer is not None and _add_basemap(fmap, gazetteer, report, places, view):
        credits.append(_NATURAL_EARTH_CREDIT)

    if band_shapes:
        group = folium.FeatureGroup(name="Claimed distance bands").add_to(fmap)
        for band, rings in band_shapes:
            _add_band(group, band, rings)
    if line_shapes:
        group = folium.FeatureGroup(name="Measured distances").add_to(fmap)
        for line, vertices in line_shapes:
            _add_line(group, line, vertices, documents)
    if places:
        group = folium.FeatureGroup(name="Places").add_to(fmap)
        # The site last, so that it sits on top of everything else.
        for entry in sorted(places, key=lambda p: p.is_site):
            _add_marker(group, entry, documents, country_names)

    folium.TileLayer(
        _OSM_TILES,
        name="OpenStreetMap (needs internet)",
        attr=_OSM_CREDIT,
        max_zoom=19,
        overlay=True,
        show=False,
    ).add_to(fmap)

    title_box = content.title_html(
        page_title,
        documents=len(report.documents),
        places=len(places),
        claims=len(report.verdicts),
        undrawn=undrawn,
    )
    legend = content.legend_html(
        Counter(reading.status for line in lines for _, reading in line.claims),
        has_site=report.site is not None,
        has_areas=any(p.is_area and not p.is_site for p in places),
        has_bands=bool(band_shapes),
    )
    fmap.add_child(elements.HtmlControl(title_box, position="topleft", css_class="geomap-title"))
    fmap.add_child(elements.HtmlControl(legend, position="bottomright", css_class="geomap-legend"))
    if credits:
        fmap.add_child(elements.AddAttribution(" | ".join(credits)))
    folium.LayerControl(position="topright", collapsed=True).add_to(fmap)
    if view is not None:
        fmap.fit_bounds([list(view[0]), list(view[1])], padding=(30, 30), max_zoom=_MAX_FIT_ZOOM)
    return figure.render()


def _add_basemap(
    fmap: Any,
    gazetteer: Gazetteer,
    report: Report,
    places: list[MappedPlace],
    view: tuple[Vertex, Vertex] | None,
) -> bool:
    """Add the involved countries' outlines; False when the gazetteer has none."""
    from geomap.render.elements import StaticGeoJson

    involved = [p.place.country_code for p in places] + _reference_countries(report)
    codes = country_codes(gazetteer, involved, focus=focus_country(report))
    geojson = country_geojson(gazetteer, codes, view=view)
    if geojson is None:
        return False
    StaticGeoJson(
        geojson, name="Countries", style=dict(COUNTRY_STYLE), class_name="geomap-country"
    ).add_to(fmap)
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


def _band_rings(band: ClaimBand) -> list[list[Vertex]]:
    if band.high_km - band.low_km < 0.01:
        return [geodesic_circle(band.centre, band.high_km)]  # an exact distance: a ring
    return distance_band(band.centre, band.low_km, band.high_km)


def _add_band(group: Any, band: ClaimBand, rings: list[list[Vertex]]) -> None:
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
            fill_opacity=0.18,
            class_name="geomap-band",
            **options,
        )
    shape.add_child(BindContent("tooltip", content.band_tooltip(band), sticky=True))
    shape.add_to(group)


def _add_line(
    group: Any, line: MeasuredLine, vertices: list[Vertex], documents: dict[str, Any]
) -> None:
    import folium

    from geomap.render.elements import BindContent

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
    polyline.add_to(group)


def _add_marker(
    group: Any, entry: MappedPlace, documents: dict[str, Any], country_names: dict[str, str]
) -> None:
    import folium

    from geomap.render.elements import BindContent

    style = SITE_STYLE if entry.is_site else AREA_STYLE if entry.is_area else PLACE_STYLE
    marker = folium.CircleMarker(
        [entry.place.point.lat, entry.place.point.lon],
        radius=style.radius,
        color=style.color,
        weight=style.weight,
        fill_color=style.fill_color,
        fill_opacity=style.fill_opacity,
        class_name="geomap-site" if entry.is_site else "geomap-place",
    )
    marker.add_child(
        BindContent(
            "tooltip",
            content.place_tooltip(entry),
            permanent=entry.is_site,
            direction="right",
            offset=[10, 0],
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
