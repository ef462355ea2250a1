"""Stage 5, the map: a self-contained Leaflet page, an embed snippet, a PNG.

In: a :class:`geomap.model.Report` (places, claims, verdicts, findings, site).
Out: one HTML string that works offline (:func:`render_map`), an ``<iframe>``
snippet (:func:`embed_snippet`), a screenshot with Chromium (:func:`render_png`).
:mod:`~geomap.render.features` decides what to draw before any HTML exists;
:mod:`~geomap.render.content` is the one place that escapes text.

>>> from geomap.model import LatLon, Place, Report
>>> site = Place("curated:tigantourine", "Tigantourine", "facility", "DZ", LatLon(27.897, 9.127))
>>> page = render_map(Report(documents=(), site=site))
>>> page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
True

Importing this package is cheap: folium (and with it numpy and jinja2) is
imported the first time a map is rendered.
"""

from __future__ import annotations

from geomap.render.content import alt_text
from geomap.render.embed import embed_snippet
from geomap.render.folium_map import render_map
from geomap.render.png import find_chromium, render_png

__all__ = ["alt_text", "embed_snippet", "find_chromium", "render_map", "render_png"]
