"""The vendored Leaflet files, ready to inline into a self-contained page.

The files in ``assets/`` are the published npm builds of Leaflet and of
Leaflet.markercluster (the batch map's clusters), unmodified (see
``assets/VERSIONS`` and ``tools/vendor_assets.sh``). Two adjustments happen
here, at inlining time, because inlined code has no URL to resolve relative
paths against:

- ``url(images/…)`` in leaflet.css becomes a ``data:`` URI (the layer-control
  icon would otherwise be a broken image);
- the ``sourceMappingURL`` comment is dropped (there is no map file beside
  the page).
"""

from __future__ import annotations

import base64
import re
from functools import cache
from importlib import resources

__all__ = [
    "LEAFLET_VERSION",
    "MARKERCLUSTER_VERSION",
    "asset_bytes",
    "leaflet_css",
    "leaflet_js",
    "markercluster_css",
    "markercluster_js",
]

#: The vendored Leaflet version (kept in step with ``assets/VERSIONS``).
LEAFLET_VERSION = "1.9.4"
#: The vendored Leaflet.markercluster version (MIT, (c) David Leaver).
MARKERCLUSTER_VERSION = "1.5.3"

_CSS_IMAGE = re.compile(r"url\(images/([A-Za-z0-9_.-]+\.png)\)")
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)


def asset_bytes(name: str) -> bytes:
    """The bytes of one file in ``geomap/render/assets``."""
    return resources.files("geomap.render").joinpath("assets").joinpath(name).read_bytes()


@cache
def leaflet_js() -> str:
    """leaflet.js, ready for an inline ``<script>``."""
    code = asset_bytes("leaflet.js").decode("utf-8")
    return _SOURCE_MAP.sub("", code).rstrip() + "\n"


@cache
def leaflet_css() -> str:
    """leaflet.css with its images inlined as data URIs."""
    css = asset_bytes("leaflet.css").decode("utf-8")

    def inline(match: re.Match[str]) -> str:
        data = base64.b64encode(asset_bytes(match.group(1))).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    return _CSS_IMAGE.sub(inline, css)


@cache
def markercluster_js() -> str:
    """leaflet.markercluster.js, ready for an inline ``<script>`` after Leaflet's."""
    code = asset_bytes("leaflet.markercluster.js").decode("utf-8")
    return _SOURCE_MAP.sub("", code).rstrip() + "\n"


@cache
def markercluster_css() -> str:
    """MarkerCluster.css: the clusters' animations (their look is geomap's own)."""
    return asset_bytes("MarkerCluster.css").decode("utf-8")
