"""folium elements of the batch map: clustered places and claim lines on a canvas.

Both take rows whose strings :mod:`geomap.render.content` already escaped,
and travel as one JSON literal each (:func:`~geomap.render.content.script_json`),
so no article text is ever parsed as script. Tooltips and popups are bound the
first time a reader points at a place or a line: binding 50,000 up front
would cost seconds before the map shows.

This module imports folium: import it only inside functions.
"""

from __future__ import annotations

from typing import Any

from branca.element import MacroElement
from folium.template import Template

from geomap.render.content import esc, script_json
from geomap.render.style import (
    PLACE_STYLE,
    STATUS_DASHES,
    STATUS_SEVERITY,
    status_colour,
    status_label,
)

__all__ = ["ClaimLines", "LayerSwitch", "PlaceClusters", "cluster_size_px", "place_radius_px"]

#: Clusters are geomap's own blue (a verdict colour would read as a verdict).
CLUSTER_CSS = """
.geomap-cluster { border-radius: 50%; background: rgba(59, 130, 196, 0.35);
  display: flex; align-items: center; justify-content: center; }
.geomap-cluster span { display: flex; align-items: center; justify-content: center;
  width: calc(100% - 8px); height: calc(100% - 8px); border-radius: 50%;
  background: rgba(23, 64, 109, 0.85); color: #fff; font: 600 12px/1 system-ui, sans-serif; }
.geomap-cluster:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
"""

# Circle radius of a place, in pixels: it grows with the logarithm of its
# mention count (a place named 1,000 times is not 1,000 times bigger on the
# screen), from an ordinary place marker's size to a cap that keeps a busy
# capital from hiding its neighbours.
_RADIUS_MIN, _RADIUS_PER_DOUBLING, _RADIUS_MAX = 4.0, 1.5, 14.0
# Cluster discs: 28 px for a handful of mentions, up to 56 px.
_CLUSTER_MIN, _CLUSTER_PER_DECADE, _CLUSTER_MAX = 28.0, 6.0, 56.0


def place_radius_px(mentions: int) -> float:
    """The radius of a place's circle: the same formula as the page's script.

    >>> place_radius_px(1), place_radius_px(4), place_radius_px(1_000_000)
    (4.0, 7.0, 14.0)
    """
    import math

    return min(_RADIUS_MIN + _RADIUS_PER_DOUBLING * math.log2(max(mentions, 1)), _RADIUS_MAX)


def cluster_size_px(mentions: int) -> int:
    """The diameter of a cluster's disc from its places' mentions.

    >>> cluster_size_px(1), cluster_size_px(1000), cluster_size_px(10**9)
    (28, 46, 56)
    """
    import math

    size = _CLUSTER_MIN + _CLUSTER_PER_DECADE * math.log10(max(mentions, 1))
    return round(min(size, _CLUSTER_MAX))


class PlaceClusters(MacroElement):
    """Places as circles on a canvas, clustered by Leaflet.markercluster.

    ``rows`` are ``[lat, lon, mentions, articles, name_html, detail_html]``
    (see :func:`geomap.render.content.overview_place_row`). The map first
    fits ``view`` (south-west, north-east). A cluster shows its number of
    places and says its mentions in its label; choosing it (click, or Enter
    from the keyboard) zooms in to its places.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}

        {% macro script(this, kwargs) %}
        (function (map) {
            var rows = {{ this.rows }};
            var fit = {{ this.fit_options }};
            var view = {{ this.view }};
            if (view) { map.fitBounds(view, L.extend({animate: false}, fit)); }
            var style = {{ this.style }};
            var sizes = {{ this.sizes }};
            function count(n, word) {
                return n.toLocaleString("en") + " " + word + (n === 1 ? "" : "s");
            }
            function radius(mentions) {
                return Math.min(sizes.min + sizes.perDoubling * Math.log2(Math.max(mentions, 1)),
                                sizes.max);
            }
            function clusterIcon(cluster) {
                var mentions = 0;
                cluster.getAllChildMarkers().forEach(function (m) { mentions += rows[m.options.row][2]; });
                var places = cluster.getChildCount();
                var size = Math.round(Math.min(
                    sizes.clusterMin + sizes.clusterPerDecade * Math.log10(Math.max(mentions, 1)),
                    sizes.clusterMax));
                var label = count(places, "place") + ", " + count(mentions, "mention");
                return L.divIcon({
                    html: '<span role="img" aria-label="' + label + '" title="' + label + '">' +
                        places.toLocaleString("en") + "</span>",
                    className: "geomap-cluster", iconSize: [size, size]
                });
            }
            var renderer = L.canvas({padding: 0.5});
            var group = L.markerClusterGroup({
                chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 60,
                spiderfyOnMaxZoom: true, iconCreateFunction: clusterIcon
            });
            var markers = new Array(rows.length);
            for (var i = 0; i < rows.length; i++) {
                markers[i] = L.circleMarker([rows[i][0], rows[i][1]], L.extend({
                    renderer: renderer, radius: radius(rows[i][2]), row: i
                }, style));
            }
            function popup(row) {
                return '<div class="geomap-popup"><h2>' + row[4] + "</h2><p>" + row[5] +
                    "</p><p>" + count(row[2], "mention") + " in " + count(row[3], "article") +
                    "</p></div>";
            }
            function target(event) { return event.propagatedFrom || event.layer; }
            group.on("mouseover", function (event) {
                var marker = target(event);
                if (!marker.getTooltip()) {
                    marker.bindTooltip(rows[marker.options.row][4] + " (" +
                        rows[marker.options.row][2].toLocaleString("en") + ")");
                    marker.openTooltip();
                }
            });
            group.on("click", function (event) {
                var marker = target(event);
                if (!marker.getPopup()) {
                    marker.bindPopup(popup(rows[marker.options.row]), {maxWidth: 320});
                }
                marker.openPopup();
            });
            group.addLayers(markers);
            group.addTo(map);
            map.geomapOverlays = (map.geomapOverlays || []).concat(
                [[{{ this.layer_name }}, group]]);
            map.geomapPlaces = group;
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        rows: list[list[Any]],
        *,
        view: tuple[tuple[float, float], tuple[float, float]] | None,
        max_zoom: int,
        padding_top_left: tuple[int, int],
        padding_bottom_right: tuple[int, int],
    ) -> None:
        super().__init__()
        self._name = "PlaceClusters"
        self.css = CLUSTER_CSS
        self.rows = script_json(rows)
        self.view = script_json([list(corner) for corner in view]) if view else "null"
        self.fit_options = script_json(
            {
                "paddingTopLeft": list(padding_top_left),
                "paddingBottomRight": list(padding_bottom_right),
                "maxZoom": max_zoom,
            }
        )
        self.style = script_json(
            {
                "color": PLACE_STYLE.color,
                "weight": 1,
                "fillColor": PLACE_STYLE.fill_color,
                "fillOpacity": 0.8,
            }
        )
        self.sizes = script_json(
            {
                "min": _RADIUS_MIN,
                "perDoubling": _RADIUS_PER_DOUBLING,
                "max": _RADIUS_MAX,
                "clusterMin": _CLUSTER_MIN,
                "clusterPerDecade": _CLUSTER_PER_DECADE,
                "clusterMax": _CLUSTER_MAX,
            }
        )
        self.layer_name = script_json(f"Places ({len(rows):,})")


class ClaimLines(MacroElement):
    """Claim readings as lines on a canvas, one layer per status (most severe
    first in the layer control), coloured and dashed by status.

    ``rows`` are ``[status, vertices, subject, reference, article, sentence,
    claimed, measured, explanation]``, the texts escaped (see
    :func:`geomap.render.content.overview_line_row`).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var rows = {{ this.rows }};
            var styles = {{ this.styles }};
            var renderer = L.canvas({padding: 0.5});
            var groups = {};
            rows.forEach(function (row, index) {
                var style = styles[row[0]];
                var group = groups[row[0]];
                if (!group) { group = groups[row[0]] = L.featureGroup(); }
                L.polyline(row[1], {renderer: renderer, color: style[0], dashArray: style[1],
                                    weight: 3, opacity: 0.85, row: index}).addTo(group);
            });
            function target(event) { return event.propagatedFrom || event.layer; }
            function tooltip(row) {
                return "<strong>" + styles[row[0]][3] + "</strong>: " + row[2] + " – " + row[3];
            }
            function popup(row) {
                return '<div class="geomap-popup"><h2>' + row[2] + " – " + row[3] + "</h2>" +
                    '<p><strong style="color:' + styles[row[0]][0] + '">' + styles[row[0]][3] +
                    "</strong> · " + row[4] + "</p><blockquote>" + row[5] + "</blockquote>" +
                    "<dl><dt>Claimed</dt><dd>" + row[6] + "</dd><dt>Measured</dt><dd>" + row[7] +
                    "</dd></dl>" + (row[8] ? "<p>" + row[8] + "</p>" : "") + "</div>";
            }
            var overlays = [];
            Object.keys(styles).forEach(function (status) {
                var group = groups[status];
                if (!group) { return; }
                group.on("mouseover", function (event) {
                    var line = target(event);
                    if (!line.getTooltip()) {
                        line.bindTooltip(tooltip(rows[line.options.row]), {sticky: true});
                        line.openTooltip(event.latlng);
                    }
                });
                group.on("click", function (event) {
                    var line = target(event);
                    if (!line.getPopup()) {
                        line.bindPopup(popup(rows[line.options.row]), {maxWidth: 360, maxHeight: 360});
                    }
                    line.openPopup(event.latlng);
                });
                group.addTo(map);
                overlays.push([styles[status][2] + " (" + group.getLayers().length.toLocaleString("en") + ")", group]);
            });
            map.geomapOverlays = (map.geomapOverlays || []).concat(overlays);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, rows: list[list[Any]]) -> None:
        super().__init__()
        self._name = "ClaimLines"
        self.rows = script_json(rows)
        statuses = list(STATUS_SEVERITY) + sorted({row[0] for row in rows} - set(STATUS_SEVERITY))
        # Object keys keep insertion order: the layer control lists the most severe first.
        self.styles = script_json(
            {
                status: [
                    status_colour(status),
                    STATUS_DASHES.get(status),
                    "Claims: " + status_label(status).lower(),
                    esc(status_label(status)),
                ]
                for status in statuses
            }
        )


class LayerSwitch(MacroElement):
    """The layer control, listing the layers the batch map's elements made."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var overlays = {};
            (map.geomapOverlays || []).forEach(function (entry) { overlays[entry[0]] = entry[1]; });
            L.control.layers(null, overlays, {position: "topright", collapsed: true}).addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "LayerSwitch"
