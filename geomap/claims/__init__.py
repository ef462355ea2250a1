"""Stage 3, claims: documents and resolved places in, distance claims out.

In: :class:`geomap.model.Document` and the
:class:`geomap.model.Resolution` of its mentions (stage 2). Out:
:class:`geomap.model.Claim`: what is said to lie how far (and in which
direction) from what, with the stated quantity, the subject readings and the
reference (a point, a border, a coast, an area). Nothing is measured here.

One module a step: :mod:`~geomap.claims.quantities` (numbers, units, hedges,
compass words), :mod:`~geomap.claims.quantity_tail` (what follows a
quantity: "north-west of", "from"), :mod:`~geomap.claims.phrases` (the noun
phrases around it), :mod:`~geomap.claims.subjects` and
:mod:`~geomap.claims.references` (who is measured from what), and
:mod:`~geomap.claims.extract`, which puts them together.

>>> from geomap.claims import find_quantities
>>> [(match.quantity.low, match.quantity.unit) for match in find_quantities("some 60 miles away")]
[(60.0, 'mi')]
"""

from __future__ import annotations

from geomap.claims.extract import extract_claims, merge_repeated
from geomap.claims.quantities import find_quantities

__all__ = ["extract_claims", "find_quantities", "merge_repeated"]
