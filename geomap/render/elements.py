"""folium elements for a page that works offline, reads well and escapes text.

folium's own ``Map`` and ``Figure`` templates load Leaflet, jQuery, Bootstrap
and Font Awesome from CDNs, set ``user-scalable=no`` and omit ``<html lang>``;
its ``Popup`` needs jQuery and its ``Tooltip`` pastes text unescaped into a
JavaScript template literal. The subclasses here replace exactly those parts;
vector layers, feature groups, the layer control and fit-bounds are folium's.

This module imports folium: import it only inside functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from branca.element import Figure, MacroElement
from folium import Map
from folium.map import Layer
from folium.template import Template

from geomap.render.assets import (
    LEAFLET_VERSION,
    MARKERCLUSTER_VERSION,
    leaflet_css,
    leaflet_js,
    markercluster_css,
    markercluster_js,
)
from geomap.render.content import esc, script_json
from geomap.render.style import AREA_STYLE, COUNTRY_STYLE, PLACE_STYLE, SITE_STYLE, MarkerStyle

if TYPE_CHECKING:
    from geomap.render.basemap import Basemap

#: Narrow screens: the legend starts collapsed below this width (CSS pixels).
NARROW_PX = 800
#: ... or below this height (an article column's 16:9 frame).
SHORT_PX = 500
#: Leaflet panes for the basemap, under the claim shapes (overlayPane is 400).
_BASEMAP_PANE, _LABEL_PANE = "geomap-basemap", "geomap-labels"

__all__ = [
    "AddAttribution",
    "BindContent",
    "ClaimList",
    "CountryLayer",
    "HtmlControl",
    "KeyboardPopup",
    "LocatorInset",
    "MapLabels",
    "OfflineFigure",
    "OfflineMap",
    "PlaceMarker",
    "ViewControl",
]

#: Styles for geomap's own controls and popups (Leaflet's CSS covers the rest).
PAGE_CSS = """
html, body { width: 100%; height: 100%; margin: 0; padding: 0; }
.leaflet-container { background: #dde4ea; font: 14px/1.4 system-ui, -apple-system,
  "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.geomap-box { background: rgba(255, 255, 255, 0.94); padding: 8px 12px; border-radius: 6px;
  box-shadow: 0 1px 4px rgba(0, 0, 0, 0.3); max-width: 24em; }
.geomap-title h1 { font-size: 1.15em; margin: 0 0 2px; }
.geomap-title p, .geomap-muted { color: #555; margin: 0; font-size: 0.9em; }
.geomap-legend h2 { font-size: 0.95em; margin: 4px 0 2px; }
.geomap-legend ul { list-style: none; margin: 0; padding: 0; }
.geomap-legend li { display: flex; align-items: center; gap: 6px; min-height: 22px; }
.geomap-legend summary { cursor: pointer; font-weight: 600; }
.geomap-legend details[open] summary { font-size: 0.8em; color: #555; font-weight: 400; }
.geomap-popup h2 { font-size: 1.1em; margin: 0 0 4px; }
.geomap-popup p { margin: 4px 0; }
.geomap-popup ul { margin: 2px 0 4px; padding-left: 1.2em; }
.geomap-popup blockquote { margin: 4px 0; padding-left: 8px; border-left: 3px solid #ccc;
  font-style: italic; }
.geomap-popup dl { display: grid; grid-template-columns: auto 1fr; gap: 0 8px; margin: 4px 0; }
.geomap-popup dt { font-weight: 600; }
.geomap-popup dd { margin: 0; }
.geomap-popup hr { border: 0; border-top: 1px solid #ddd; }
.geomap-marker { border-radius: 50%; box-sizing: border-box; }
.geomap-marker:focus-visible, .geomap-box :focus-visible, .geomap-view button:focus-visible {
  outline: 3px solid #0b57d0; outline-offset: 2px; }
path.geomap-reading:focus { outline: none; }
path.geomap-reading:focus-visible { stroke-width: 8; stroke-opacity: 1; }
.geomap-view button { display: block; width: 100%; border: 0; border-bottom: 1px solid #ccc;
  background: #fff; padding: 4px 8px; font: inherit; font-size: 12px; cursor: pointer; }
.geomap-view button:last-child { border-bottom: 0; }
.geomap-view button:hover { background: #f4f4f4; }
.geomap-country-label span { position: absolute; transform: translate(-50%, -50%);
  white-space: nowrap; font-size: 11px; letter-spacing: 0.06em; text-transform: uppercase;
  color: #6b7280; text-shadow: 0 0 2px #fff, 0 0 2px #fff; }
.geomap-label span { position: absolute; left: 9px; top: 0; transform: translateY(-50%);
  white-space: nowrap; font-size: 12px; font-weight: 600; color: #1f2937;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff; }
.geomap-label.geomap-label-left span { left: auto; right: 9px; }
.geomap-label.geomap-label-line span { left: 0; transform: translate(-50%, -50%);
  font-size: 11px; font-weight: 600; background: rgba(255, 255, 255, 0.85);
  border-radius: 3px; padding: 0 3px; text-shadow: none; }
.geomap-claims { max-width: 22em; }
.geomap-claims summary { cursor: pointer; font-weight: 600; }
.geomap-claims ol { margin: 4px 0 0; padding-left: 1.4em; max-height: 40vh; overflow: auto; }
.geomap-claims li { margin: 2px 0; font-size: 0.9em; }
.geomap-claim { border: 0; background: none; padding: 0; font: inherit; text-align: left;
  cursor: pointer; color: inherit; }
.geomap-claim:hover, .geomap-claim:focus-visible { text-decoration: underline; }
.geomap-inset { width: 150px; height: 110px; padding: 0; overflow: hidden; }
.geomap-inset .leaflet-container { background: #dde4ea; }
@media (max-width: 480px) { .geomap-inset { display: none; } }
.geomap-sr-only { position: absolute !important; width: 1px; height: 1px; padding: 0;
  margin: -1px; overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
"""
# Dark mode, as the reader's system asks: dark boxes and land, light text;
# the verdict colours stay (they read on both).
PAGE_CSS += """@media (prefers-color-scheme: dark) {
  .leaflet-container, .geomap-inset .leaflet-container { background: #0f1720; }
  .geomap-box, .leaflet-popup-content-wrapper, .leaflet-popup-tip, .leaflet-tooltip {
    background: rgba(23, 30, 40, 0.95); color: #e5e7eb; }
  .geomap-title p, .geomap-muted, .geomap-legend details[open] summary { color: #a8b0bd; }
  .geomap-view button, .geomap-claim { background: #1f2937; color: #e5e7eb; }
  .geomap-view button:hover { background: #2b3646; }
  path.geomap-country { fill: #1e2733; stroke: #4b5565; }
  .geomap-label span { color: #f3f4f6; text-shadow: 0 0 3px #000, 0 0 3px #000; }
  .geomap-label.geomap-label-line span { background: rgba(15, 23, 32, 0.85); }
  .geomap-country-label span { color: #9aa3b2; text-shadow: 0 0 2px #000; }
}
@media print {
  .leaflet-control-zoom, .leaflet-control-layers, .geomap-view, .geomap-claims {
    display: none !important; }
  .geomap-box { box-shadow: none; border: 1px solid #999; }
}
"""
#: Narrow screens: the legend starts collapsed (see HtmlControl) and scrolls.
PAGE_CSS += f"""@media (max-width: {NARROW_PX}px), (max-height: {SHORT_PX}px) {{
  .geomap-box {{ max-width: 70vw; }}
  .geomap-legend {{ max-height: 60vh; overflow: auto; }}
  .geomap-title h1 {{ font-size: 1em; white-space: nowrap; overflow: hidden;
    text-overflow: ellipsis; }}
  .geomap-title p:not(.geomap-verdicts) {{ display: none; }}
  .leaflet-control-attribution {{ font-size: 10px; white-space: nowrap; overflow: hidden;
    text-overflow: ellipsis; max-width: 60vw; }}
  .leaflet-control-attribution:hover, .leaflet-control-attribution:focus-within {{
    white-space: normal; max-width: none; }}
}}
"""


def _marker_css(css_class: str, style: MarkerStyle) -> str:
    fill = style.fill_color.lstrip("#")
    red, green, blue = (int(fill[i : i + 2], 16) for i in (0, 2, 4))
    return (
        f".{css_class} {{ border: {style.weight}px solid {style.color}; "
        f"background: rgba({red}, {green}, {blue}, {style.fill_opacity}); }}\n"
    )


PAGE_CSS += "".join(
    _marker_css(css_class, style)
    for css_class, style in (
        ("geomap-site", SITE_STYLE),
        ("geomap-place", PLACE_STYLE),
        ("geomap-area", AREA_STYLE),
    )
)


class OfflineFigure(Figure):
    """The page: Leaflet inlined, ``lang``, a scalable viewport, an escaped title.

    ``summary_html`` (already escaped, see :func:`geomap.render.content.summary_html`)
    goes into a visually hidden section before the map, for screen readers and
    search engines; ``description`` (plain text) into the description meta tag.
    Both are attributes rendered as values, never parsed as templates.
    With ``clusters``, Leaflet.markercluster is inlined after Leaflet.
    """

    _template = Template(
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>{{ this.escaped_title }}</title>\n"
        '<meta name="generator" content="geomap">\n'
        "{% if this.escaped_description %}"
        '<meta name="description" content="{{ this.escaped_description }}">\n'
        "{% endif %}"
        "<!-- Leaflet {{ this.leaflet_version }} (BSD-2-Clause, (c) Volodymyr Agafonkin, "
        "CloudMade), inlined so that the page needs no network -->\n"
        "<style>\n{{ this.leaflet_css }}</style>\n"
        "<script>\n{{ this.leaflet_js }}</script>\n"
        "{% if this.markercluster_js %}"
        "<!-- Leaflet.markercluster {{ this.markercluster_version }} (MIT, (c) David Leaver), "
        "inlined -->\n"
        "<style>\n{{ this.markercluster_css }}</style>\n"
        "<script>\n{{ this.markercluster_js }}</script>\n"
        "{% endif %}"
        "<style>{{ this.page_css }}</style>\n"
        "{{ this.header.render(**kwargs) }}\n"
        "</head>\n"
        "<body>\n"
        "{% if this.summary_html %}"
        '<section class="geomap-sr-only" id="geomap-summary" aria-label="Summary of the map">'
        "{{ this.summary_html }}</section>\n"
        "{% endif %}"
        "{{ this.html.render(**kwargs) }}\n"
        "<script>\n"
        "{{ this.script.render(**kwargs) }}\n"
        "</script>\n"
        "</body>\n"
        "</html>\n"
    )

    def __init__(
        self, *, title: str, summary_html: str = "", description: str = "", clusters: bool = False
    ) -> None:
        super().__init__(title=title)
        self.escaped_title = esc(title)
        self.summary_html = summary_html
        self.escaped_description = esc(description)
        self.leaflet_version = LEAFLET_VERSION
        self.leaflet_css = leaflet_css()
        self.leaflet_js = leaflet_js()
        self.page_css = PAGE_CSS
        # Leaflet.markercluster only where a map clusters (the batch map)
        self.markercluster_version = MARKERCLUSTER_VERSION
        self.markercluster_css = markercluster_css() if clusters else ""
        self.markercluster_js = markercluster_js() if clusters else ""


class OfflineMap(Map):
    """folium.Map without CDN resources, the viewport lock or jQuery.

    The map fills the page. ``label`` names the map region for screen readers.
    """

    default_js: list[tuple[str, str]] = []  # noqa: RUF012  (folium's interface)
    default_css: list[tuple[str, str]] = []  # noqa: RUF012

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <div class="folium-map" id={{ this.get_name()|tojson }} role="region"
          aria-label="{{ this.escaped_label }}" style="position:absolute;inset:0"></div>
        {% endmacro %}

        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.map(
            {{ this.get_name()|tojson }},
            {
                center: {{ this.location|tojson }},
                crs: L.CRS.{{ this.crs }},
                ...{{ this.options|tojavascript }}
            }
        );
        {%- if this.control_scale %}
        L.control.scale().addTo({{ this.get_name() }});
        {%- endif %}
        {%- if this.zoom_control_position %}
        L.control.zoom({position: {{ this.zoom_control|tojson }}}).addTo({{ this.get_name() }});
        {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(self, *, label: str, **kwargs: Any) -> None:
        super().__init__(tiles=None, **kwargs)
        self.escaped_label = esc(label)


class BindContent(MacroElement):
    """Bind a popup or tooltip whose HTML was built (and escaped) in Python.

    The HTML travels as a JSON string literal, so it cannot break the script.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.{{ this.method }}({{ this.content }}, {{ this.options }});
        {% endmacro %}
        """
    )

    def __init__(self, kind: str, html: str, **options: object) -> None:
        super().__init__()
        if kind not in ("popup", "tooltip"):
            raise ValueError(f"kind must be 'popup' or 'tooltip', not {kind!r}")
        self._name = "BindContent"
        self.method = "bindPopup" if kind == "popup" else "bindTooltip"
        self.content = script_json(html)
        self.options = script_json(options)


class HtmlControl(MacroElement):
    """A Leaflet control box showing fixed HTML (the title, the legend).

    ``label`` makes the box a named region for screen readers. A
    ``<details>`` element inside starts closed on screens narrower than
    :data:`NARROW_PX` when ``collapse_when_narrow`` is set: the reader opens it
    with a tap, or with Enter on its summary.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var control = L.control({position: {{ this.position }}});
            control.onAdd = function () {
                var box = L.DomUtil.create("div", {{ this.css_class }});
                box.innerHTML = {{ this.content }};
                {%- if this.label %}
                box.setAttribute("role", "region");
                box.setAttribute("aria-label", {{ this.label }});
                {%- endif %}
                {%- if this.collapse_when_narrow %}
                var details = box.querySelector("details");
                if (details && window.matchMedia &&
                        window.matchMedia("(max-width: {{ this.narrow_px }}px), (max-height: {{ this.short_px }}px)").matches) {
                    details.removeAttribute("open");
                }
                {%- endif %}
                L.DomEvent.disableClickPropagation(box);
                L.DomEvent.disableScrollPropagation(box);
                return box;
            };
            control.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        html: str,
        *,
        position: str,
        css_class: str,
        label: str = "",
        collapse_when_narrow: bool = False,
    ) -> None:
        super().__init__()
        self._name = "HtmlControl"
        self.position = script_json(position)
        self.css_class = script_json(f"geomap-box {css_class}")
        self.content = script_json(html)
        self.label = script_json(label) if label else ""
        self.collapse_when_narrow = collapse_when_narrow
        self.narrow_px = int(NARROW_PX)
        self.short_px = int(SHORT_PX)


class AddAttribution(MacroElement):
    """Credit data sources in the map's attribution control."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.content }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "AddAttribution"
        self.content = script_json(html)


class CountryLayer(Layer):
    """The offline basemap: country shapes (non-interactive GeoJSON, written
    compactly) and their name labels, as one layer of the layer control.

    Both sit in panes under the overlay pane, so that bands, lines and
    markers stay on top. A label shows from its ``min_zoom`` on, when the
    name fits inside its country. ``labels`` rows are ``[lat, lon, html,
    min_zoom]`` with the name already escaped.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function (map) {
            [[{{ this.basemap_pane }}, 250], [{{ this.label_pane }}, 300]].forEach(function (p) {
                if (!map.getPane(p[0])) {
                    var pane = map.createPane(p[0]);
                    pane.style.zIndex = p[1];
                    pane.style.pointerEvents = "none";
                }
            });
            var shapes = L.geoJSON({{ this.data }}, {{ this.options }});
            var labels = L.layerGroup({{ this.labels }}.map(function (row) {
                return L.marker([row[0], row[1]], {
                    icon: L.divIcon({className: "geomap-country-label", html: row[2], iconSize: null}),
                    interactive: false, keyboard: false, pane: {{ this.label_pane }},
                    labelZoom: row[3]
                });
            }));
            function update() {
                var zoom = map.getZoom();
                labels.eachLayer(function (label) {
                    var element = label.getElement();
                    if (element) {
                        element.style.display = zoom >= label.options.labelZoom ? "" : "none";
                    }
                });
            }
            labels.on("add", update);
            map.on("zoomend", update);
            return L.layerGroup([shapes, labels]);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    @classmethod
    def of(cls, basemap: Basemap) -> CountryLayer:
        """The layer of ``basemap``, styled as every geomap map draws it."""
        return cls(
            basemap.geojson,
            labels=[(label.lat, label.lon, label.name, label.min_zoom) for label in basemap.labels],
            name="Countries",
            style=dict(COUNTRY_STYLE),
            class_name="geomap-country",
        )

    def __init__(
        self,
        data: dict[str, Any],
        *,
        labels: list[tuple[float, float, str, int]],
        name: str,
        style: dict[str, object],
        class_name: str,
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "CountryLayer"
        self.data = script_json(data)
        self.options = script_json(
            {
                "style": {**style, "className": class_name},
                "interactive": False,
                "pane": _BASEMAP_PANE,
            }
        )
        self.labels = script_json(
            [[lat, lon, f"<span>{esc(text)}</span>", zoom] for lat, lon, text, zoom in labels]
        )
        self.basemap_pane = script_json(_BASEMAP_PANE)
        self.label_pane = script_json(_LABEL_PANE)


class PlaceMarker(MacroElement):
    """A place as a keyboard-operable Leaflet marker (a round ``divIcon``).

    Leaflet gives such a marker ``tabindex="0"`` and ``role="button"``, and
    opens its popup on Enter. ``title`` (plain text: Leaflet sets it as a
    property, never as HTML) names it for keyboard and screen-reader users.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.marker({{ this.location }}, {{ this.options }});
        {{ this.get_name() }}.setIcon(L.divIcon({{ this.icon }}));
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        location: tuple[float, float],
        *,
        title: str,
        style: MarkerStyle,
        css_class: str,
        z_index_offset: int = 0,
    ) -> None:
        super().__init__()
        self._name = "PlaceMarker"
        size = 2 * style.radius + style.weight
        self.location = script_json(list(location))
        self.options = script_json(
            {
                "title": title,
                "alt": title,
                "keyboard": True,
                "riseOnHover": True,
                "zIndexOffset": z_index_offset,
            }
        )
        self.icon = script_json(
            {
                "className": f"geomap-marker {css_class}",
                "iconSize": [size, size],
                "tooltipAnchor": [size // 2 + 2, 0],
                "html": "",
            }
        )


class KeyboardPopup(MacroElement):
    """Make a vector layer (a measured line) reachable with Tab and open its
    popup with Enter or Space; ``label`` (plain text) names it.

    Leaflet makes only markers focusable; an SVG path takes ``tabindex`` too.
    The path element is re-created whenever the layer is added, so the hook
    runs on every ``add``.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (layer, label) {
            function hook() {
                var element = layer.getElement && layer.getElement();
                if (!element) { return; }
                element.setAttribute("tabindex", "0");
                element.setAttribute("role", "button");
                element.setAttribute("aria-label", label);
                L.DomEvent.on(element, "keydown", function (event) {
                    if (event.key === "Enter" || event.key === " ") {
                        L.DomEvent.preventDefault(event);
                        layer.openPopup();
                    }
                });
            }
            layer.on("add", hook);
            if (layer._map) { hook(); }
        })({{ this._parent.get_name() }}, {{ this.label }});
        {% endmacro %}
        """
    )

    def __init__(self, label: str) -> None:
        super().__init__()
        self._name = "KeyboardPopup"
        self.label = script_json(label)


class ViewControl(MacroElement):
    """The first view, and buttons to switch between it and all places.

    The map opens on ``focus`` (the incident and its claims). With
    ``everything`` (all places, when they reach beyond the focus) a small
    control offers "All places" and a button back to the first view.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var fit = {{ this.fit_options }};
            var focus = L.latLngBounds({{ this.focus }});
            var clear = {{ this.keep_clear }};
            map.fitBounds(focus, L.extend({animate: false}, fit));
            // Then frame it again so that no control box covers the site or
            // a claim line: each time a point lies under a box, the view
            // keeps that much more room on that side (a few rounds at most).
            function boxes() {
                return Array.prototype.map.call(map.getContainer().querySelectorAll(
                    ".geomap-box, .leaflet-control-layers, .geomap-view, .leaflet-control-zoom"),
                    function (e) { return e.getBoundingClientRect(); }
                ).filter(function (r) { return r.width > 0 && r.height > 0; });
            }
            function frame() {
                var room = map.getContainer().getBoundingClientRect();
                var top = fit.paddingTopLeft[1], bottom = fit.paddingBottomRight[1];
                for (var round = 0; round < 4; round++) {
                    var grow = false;
                    var rects = boxes();
                    clear.forEach(function (point) {
                        var at = map.latLngToContainerPoint(point);
                        var x = at.x + room.left, y = at.y + room.top;
                        rects.forEach(function (r) {
                            if (x < r.left - 6 || x > r.right + 6 || y < r.top - 6 || y > r.bottom + 6) { return; }
                            if (r.top + r.height / 2 < room.top + room.height / 2) {
                                top = Math.max(top, r.bottom - room.top + 12);
                            } else {
                                bottom = Math.max(bottom, room.bottom - r.top + 12);
                            }
                            grow = true;
                        });
                    });
                    if (!grow || top + bottom > 0.8 * room.height) { break; }
                    fit = L.extend({}, fit, {paddingTopLeft: [fit.paddingTopLeft[0], top],
                                             paddingBottomRight: [fit.paddingBottomRight[0], bottom]});
                    map.fitBounds(focus, L.extend({animate: false}, fit));
                }
            }
            setTimeout(frame, 0);
            {%- if this.everything %}
            var everything = L.latLngBounds({{ this.everything }});
            var control = L.control({position: "bottomleft"});
            control.onAdd = function () {
                var box = L.DomUtil.create("div", "leaflet-bar geomap-view");
                box.setAttribute("role", "group");
                box.setAttribute("aria-label", "Map view");
                [[{{ this.all_label }}, "Zoom out to every place on the map", everything,
                  "geomap-view-all"],
                 [{{ this.focus_label }}, {{ this.focus_title }}, focus, "geomap-view-focus"]
                ].forEach(function (spec) {
                    var button = L.DomUtil.create("button", spec[3], box);
                    button.type = "button";
                    button.textContent = spec[0];
                    button.title = spec[1];
                    L.DomEvent.on(button, "click", function () { map.fitBounds(spec[2], fit); });
                });
                L.DomEvent.disableClickPropagation(box);
                return box;
            };
            control.addTo(map);
            {%- endif %}
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        focus: tuple[tuple[float, float], tuple[float, float]],
        everything: tuple[tuple[float, float], tuple[float, float]] | None,
        *,
        focus_label: str,
        focus_title: str,
        max_zoom: int,
        padding_top_left: tuple[int, int],
        padding_bottom_right: tuple[int, int],
        keep_clear: list[tuple[float, float]] | None = None,
    ) -> None:
        super().__init__()
        self._name = "ViewControl"
        self.keep_clear = script_json([list(point) for point in keep_clear or []])
        self.focus = script_json([list(corner) for corner in focus])
        self.everything = script_json([list(corner) for corner in everything]) if everything else ""
        self.all_label = script_json("All places")
        self.focus_label = script_json(focus_label)
        self.focus_title = script_json(focus_title)
        self.fit_options = script_json(
            {
                "paddingTopLeft": list(padding_top_left),
                "paddingBottomRight": list(padding_bottom_right),
                "maxZoom": max_zoom,
            }
        )


class MapLabels(MacroElement):
    """Labels that stay on the map: the site, the places the claims measure
    from or to, each measured line's "stated 60 mi · measured 73 km".

    ``rows`` are ``[lat, lon, html, priority, kind, colour]`` with the text
    already escaped; kind ``"place"`` sits beside its point, ``"line"`` on it.
    After every zoom or move the labels are placed most important first
    (lowest priority number): one that would overlap a label already shown
    moves to the other side of its point, else it is hidden. They are not
    interactive, so they never take a click meant for a marker or a line.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var paneName = {{ this.pane }};
            if (!map.getPane(paneName)) {
                var pane = map.createPane(paneName);
                pane.style.zIndex = 640;
                pane.style.pointerEvents = "none";
            }
            var rows = {{ this.rows }}.slice().sort(function (a, b) { return a[3] - b[3]; });
            var labels = rows.map(function (row) {
                var kind = row[4] === "line" ? " geomap-label-line" : "";
                var marker = L.marker([row[0], row[1]], {
                    icon: L.divIcon({className: "geomap-label" + kind, html: row[2], iconSize: null}),
                    interactive: false, keyboard: false, pane: paneName
                }).addTo(map);
                if (row[5]) {
                    var span = marker.getElement() && marker.getElement().firstChild;
                    if (span) { span.style.color = row[5]; }
                }
                return {marker: marker, kind: row[4]};
            });
            function overlaps(a, list) {
                return list.some(function (b) {
                    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
                });
            }
            function place() {
                var shown = [];
                labels.forEach(function (label) {
                    var element = label.marker.getElement();
                    if (!element) { return; }
                    var span = element.firstChild;
                    element.style.display = "";
                    element.classList.remove("geomap-label-left");
                    var box = span.getBoundingClientRect();
                    if (overlaps(box, shown) && label.kind === "place") {
                        element.classList.add("geomap-label-left");
                        box = span.getBoundingClientRect();
                    }
                    if (overlaps(box, shown)) {
                        element.style.display = "none";
                    } else {
                        shown.push(box);
                    }
                });
            }
            map.on("zoomend moveend resize", place);
            map.whenReady(function () { setTimeout(place, 0); });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, rows: list[tuple[float, float, str, float, str, str]]) -> None:
        super().__init__()
        self._name = "MapLabels"
        self.rows = script_json([list(row) for row in rows])
        self.pane = script_json("geomap-map-labels")


class ClaimList(MacroElement):
    """Wire the claim list's buttons to the lines: choosing a claim fits the
    view to its measured line, opens the line's popup and brings out its band.
    ``lines`` maps a claim's index to the script name of its line, ``bands``
    to those of its bands."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var lines = { {%- for index, name in this.lines %}{{ index }}: {{ name }}, {%- endfor %} };
            var bands = { {%- for index, names in this.bands %}{{ index }}: [{{ names|join(", ") }}], {%- endfor %} };
            var shown = [];
            Array.prototype.forEach.call(document.querySelectorAll(".geomap-claim"), function (button) {
                button.addEventListener("click", function () {
                    var index = button.getAttribute("data-claim");
                    var layer = lines[index];
                    if (!layer) { return; }
                    // the chosen claim's band stands out; the one chosen before goes back
                    shown.forEach(function (band) { band.setStyle({fillOpacity: 0.1, weight: 1}); });
                    shown = bands[index] || [];
                    shown.forEach(function (band) {
                        band.setStyle({fillOpacity: 0.35, weight: 2}); band.bringToFront();
                    });
                    map.fitBounds(layer.getBounds(), {padding: [60, 60], maxZoom: 9});
                    layer.bringToFront();
                    layer.openPopup();
                });
            });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, lines: dict[int, str], bands: dict[int, list[str]] | None = None) -> None:
        super().__init__()
        self._name = "ClaimList"
        self.lines = [(int(index), _script_name(name)) for index, name in sorted(lines.items())]
        self.bands = [
            (int(index), [_script_name(name) for name in names])
            for index, names in sorted((bands or {}).items())
        ]


def _script_name(name: str) -> str:
    """A folium element's script variable, checked to be a bare identifier."""
    if not name.replace("_", "").isalnum():
        raise ValueError(f"not a script name: {name!r}")
    return name


class LocatorInset(MacroElement):
    """A small map in a corner: the countries around the incident (the focus
    country darker) with a box where the main view is, following it. Not
    interactive: it only says where in the world the map is."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (main) {
            var control = L.control({position: "topright"});
            control.onAdd = function () {
                var box = L.DomUtil.create("div", "geomap-box geomap-inset");
                box.setAttribute("aria-hidden", "true");
                L.DomEvent.disableClickPropagation(box);
                L.DomEvent.disableScrollPropagation(box);
                return box;
            };
            control.addTo(main);
            var box = control.getContainer();
            var inset = L.map(box, {attributionControl: false, zoomControl: false,
                dragging: false, scrollWheelZoom: false, doubleClickZoom: false,
                boxZoom: false, keyboard: false, touchZoom: false, tap: false,
                zoomSnap: 0.25}).setView(main.getCenter(), 1);
            L.geoJSON({{ this.data }}, {interactive: false, style: function (feature) {
                var focus = feature.properties.focus;
                return {color: "#8a94a6", weight: 0.6, fillColor: focus ? "#9aa5b8" : "#f4f5f7",
                        fillOpacity: 1};
            }}).addTo(inset);
            var frame = L.rectangle(main.getBounds(), {color: "#c0392b", weight: 1.5,
                fill: false, interactive: false}).addTo(inset);
            function follow() {
                var bounds = main.getBounds();
                inset.fitBounds(bounds.pad(0.75), {animate: false});  // the view first: then the box
                frame.setBounds(bounds);
            }
            main.on("moveend zoomend resize", follow);
            main.whenReady(function () { inset.invalidateSize(); follow(); });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__()
        self._name = "LocatorInset"
        self.data = script_json(data)
