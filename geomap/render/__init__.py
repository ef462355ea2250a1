"""The map: a self-contained Leaflet page, an embed snippet, a PNG.

>>> from geomap.model import LatLon, Place, Report
>>> site = Place("curated:tigantourine", "Tigantourine", "facility", "DZ", LatLon(27.897, 9.127))
>>> page = render_map(Report(documents=(), site=site))
>>> page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
True

Importing this package is cheap: folium (and with it numpy and jinja2) is
imported the first time a map is rendered.
"""

from __future__ import annotations

from geomap.render.embed import embed_snippet
from geomap.render.folium_map import render_map
from geomap.render.png import find_chromium, render_png

__all__ = ["embed_snippet", "find_chromium", "render_map", "render_png"]
