"""folium elements for a page that works offline, reads well and escapes text.

folium's own ``Map`` and ``Figure`` templates load Leaflet, jQuery, Bootstrap
and Font Awesome from CDNs, set ``user-scalable=no`` and omit ``<html lang>``;
its ``Popup`` needs jQuery and its ``Tooltip`` pastes text unescaped into a
JavaScript template literal. The subclasses here replace exactly those parts;
vector layers, feature groups, the layer control and fit-bounds are folium's.

This module imports folium: import it only inside functions.
"""

from __future__ import annotations

from typing import Any

from branca.element import Figure, MacroElement
from folium import Map
from folium.map import Layer
from folium.template import Template

from geomap.render.assets import LEAFLET_VERSION, leaflet_css, leaflet_js
from geomap.render.content import esc, script_json

__all__ = [
    "AddAttribution",
    "BindContent",
    "HtmlControl",
    "OfflineFigure",
    "OfflineMap",
    "StaticGeoJson",
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
.geomap-popup h2 { font-size: 1.1em; margin: 0 0 4px; }
.geomap-popup p { margin: 4px 0; }
.geomap-popup ul { margin: 2px 0 4px; padding-left: 1.2em; }
.geomap-popup blockquote { margin: 4px 0; padding-left: 8px; border-left: 3px solid #ccc;
  font-style: italic; }
.geomap-popup dl { display: grid; grid-template-columns: auto 1fr; gap: 0 8px; margin: 4px 0; }
.geomap-popup dt { font-weight: 600; }
.geomap-popup dd { margin: 0; }
.geomap-popup hr { border: 0; border-top: 1px solid #ddd; }
@media (max-width: 600px) {
  .geomap-legend { display: none; }
  .geomap-box { max-width: 70vw; }
}
"""


class OfflineFigure(Figure):
    """The page: Leaflet inlined, ``lang``, a scalable viewport, an escaped title."""

    _template = Template(
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>{{ this.escaped_title }}</title>\n"
        '<meta name="generator" content="geomap">\n'
        "<!-- Leaflet {{ this.leaflet_version }} (BSD-2-Clause, (c) Volodymyr Agafonkin, "
        "CloudMade), inlined so that the page needs no network -->\n"
        "<style>\n{{ this.leaflet_css }}</style>\n"
        "<script>\n{{ this.leaflet_js }}</script>\n"
        "<style>{{ this.page_css }}</style>\n"
        "{{ this.header.render(**kwargs) }}\n"
        "</head>\n"
        "<body>\n"
        "{{ this.html.render(**kwargs) }}\n"
        "<script>\n"
        "{{ this.script.render(**kwargs) }}\n"
        "</script>\n"
        "</body>\n"
        "</html>\n"
    )

    def __init__(self, *, title: str) -> None:
        super().__init__(title=title)
        self.escaped_title = esc(title)
        self.leaflet_version = LEAFLET_VERSION
        self.leaflet_css = leaflet_css()
        self.leaflet_js = leaflet_js()
        self.page_css = PAGE_CSS


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
    """A Leaflet control box showing fixed HTML (the title, the legend)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var control = L.control({position: {{ this.position }}});
            control.onAdd = function () {
                var box = L.DomUtil.create("div", {{ this.css_class }});
                box.innerHTML = {{ this.content }};
                L.DomEvent.disableClickPropagation(box);
                L.DomEvent.disableScrollPropagation(box);
                return box;
            };
            control.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str, *, position: str, css_class: str) -> None:
        super().__init__()
        self._name = "HtmlControl"
        self.position = script_json(position)
        self.css_class = script_json(f"geomap-box {css_class}")
        self.content = script_json(html)


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


class StaticGeoJson(Layer):
    """A non-interactive GeoJSON layer with one style, written compactly.

    ``folium.GeoJson`` adds a per-feature style switch and event handlers and
    pretty-prints the coordinates; a basemap needs none of that.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJSON({{ this.data }}, {{ this.options }});
        {% endmacro %}
        """
    )

    def __init__(
        self, data: dict[str, Any], *, name: str, style: dict[str, object], class_name: str
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "StaticGeoJson"
        self.data = script_json(data)
        self.options = script_json(
            {"style": {**style, "className": class_name}, "interactive": False}
        )
