"""The incident site: the place the articles' "the plant", "the facility" or
unnamed subject refers to.

In: the resolutions of the articles (and ``--site`` when given). Out: one
:class:`~geomap.model.Place`, or None when nothing fits.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from geomap.errors import UnknownPlace
from geomap.gazetteer.normalize import name_key
from geomap.gazetteer.store import Gazetteer
from geomap.geoparse.context import rough_km
from geomap.model import Document, LatLon, Place, Resolution
from geomap.text.claimwords import SITE_NOUNS

__all__ = ["resolve_site"]

# A site named with --site is looked for near the places the articles name.
_SITE_NEAR_KM = 500
# "the plant", "the facility": the articles speak of a facility as the scene.
_SITE_NOUN = re.compile(rf"\bthe (?:[\w-]+ )?(?:{'|'.join(sorted(SITE_NOUNS))})\b", re.IGNORECASE)
# Kinds a site (the place an incident happened) can be, most specific first.
_SITE_KINDS = ("facility", "feature", "city", "admin2")


def resolve_site(
    site: Place | LatLon | str | None,
    gazetteer: Gazetteer,
    resolutions: Sequence[Resolution],
    documents: Sequence[Document] = (),
) -> Place | None:
    """The incident site: as given, or the most mentioned specific place.

    When the articles speak of "the plant", "the facility", "the complex"...,
    a facility they name beats a town; otherwise (a story that only mentions
    the White House) facilities and towns rank alike. Then the place named in
    more documents, more often, first. Raises UnknownPlace for a name nothing
    matches.
    """
    if isinstance(site, Place):
        return site
    if isinstance(site, LatLon):
        return Place("site:given", "the incident site", "facility", "", site, source="user")
    if isinstance(site, str):
        key = name_key(site)
        matches = gazetteer.lookup([key]).get(key, ())
        if not matches:
            raise UnknownPlace(f"site {site!r}: no place of that name in the gazetteer")
        mentioned = {r.place.id for r in resolutions if r.place is not None}
        points = [
            r.place.point for r in resolutions if r.place is not None and r.place.kind != "country"
        ]

        def near_the_articles(place: Place) -> bool:
            return any(rough_km(place.point, point) < _SITE_NEAR_KM for point in points)

        return max(
            (m.place for m in matches),
            key=lambda p: (
                p.id in mentioned,
                near_the_articles(p),
                p.kind == "facility",
                p.population,
            ),
        )
    speaks_of_a_facility = any(_SITE_NOUN.search(document.text) for document in documents)
    return _infer_site(resolutions, prefer_facilities=speaks_of_a_facility)


def _infer_site(resolutions: Sequence[Resolution], *, prefer_facilities: bool) -> Place | None:
    """The most specific kind of place, then the one named in most articles,
    then most often; on a tie the one named first (news names the scene early)."""
    documents: dict[str, set[str]] = {}
    places: dict[str, Place] = {}
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for order, resolution in enumerate(resolutions):
        place = resolution.place
        if place is None or place.kind not in _SITE_KINDS or resolution.mention.role == "embedded":
            continue
        places[place.id] = place
        counts[place.id] += 1
        first_seen.setdefault(place.id, order)
        documents.setdefault(place.id, set()).add(resolution.mention.doc_id)
    if not places:
        return None

    def specificity(place: Place) -> int:
        rank = _SITE_KINDS.index(place.kind)
        if not prefer_facilities and place.kind in {"facility", "feature"}:
            rank = _SITE_KINDS.index("city")
        return -rank

    return max(
        places.values(),
        key=lambda p: (
            specificity(p),
            len(documents[p.id]),
            counts[p.id],
            -first_seen[p.id],
        ),
    )
