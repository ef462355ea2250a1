"""Stage 2, geoparsing: ``Document`` in, resolved place mentions out.

In: :class:`geomap.model.Document` and a gazetteer (any
:class:`geomap.gazetteer.Gazetteer`, passed in). Out:
:class:`geomap.model.Mention` (a span, its role and the reasons it was kept
or dropped) and :class:`geomap.model.Resolution` (the chosen place, its score
and the alternatives).

The steps, one module each:

- :mod:`~geomap.geoparse.mentions`: recognition, every span that could name
  a place, with its gazetteer matches;
- :mod:`~geomap.geoparse.evidence`: the rules that keep or drop a span
  (people, organisations, common words, headlines), each with a reason;
- :mod:`~geomap.geoparse.resolve`: scoring the candidates of each mention,
  helped by :mod:`~geomap.geoparse.qualifiers` ("Gao, Mali"),
  :mod:`~geomap.geoparse.context` (the other places of the document) and
  :mod:`~geomap.geoparse.support` (small places need the article's backing);
- :mod:`~geomap.geoparse.site`: the incident site the articles speak of;
- :mod:`~geomap.geoparse.online`: the optional Nominatim fallback (imported
  only when asked for, since it needs geopy and the network).
"""

from __future__ import annotations

from geomap.geoparse.mentions import find_mentions
from geomap.geoparse.resolve import resolve_mentions

__all__ = ["find_mentions", "resolve_mentions"]
