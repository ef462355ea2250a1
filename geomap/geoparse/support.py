"""Support: a small place the rest of the text does not back is dropped.

A small place named once, alone, with nothing else in the text near it or in
its country, is more often a person or a word than the hamlet. ``require_support``
keeps such a resolution only when another place of the text (or of the other
articles) vouches for it, and otherwise leaves the mention unresolved, saying why.
"""

from __future__ import annotations

from collections.abc import Mapping

from geomap.gazetteer.normalize import name_key, spelled_alike
from geomap.geometry import rough_km
from geomap.geoparse.context import DocumentContext
from geomap.geoparse.locality import in_locality
from geomap.geoparse.qualifiers import contains
from geomap.model import Locality, LocalitySource, Match, Place, Resolution

__all__ = ["require_support"]

_SMALL_PLACE = 20_000
_TINY_PLACE = 2_000
_WELL_KNOWN = 500_000
_SUPPORT_KM = 500
_NEIGHBOUR_KM = 100


def require_support(
    resolutions: list[Resolution],
    qualifiers: Mapping[int, tuple[Match, ...]],
    outside: DocumentContext | None,
    locality: Locality | None = None,
) -> list[Resolution]:
    """The resolutions, with those that need support and lack it left unresolved.

    ``qualifiers`` maps a mention's start offset to its qualifier's matches;
    ``outside`` is the context of the other articles, if any; ``locality`` is
    the article's home: a place in the home its newsroom or its dateline
    gives needs no other backing ("Paris" in a Kentucky paper).
    """
    chosen = [r for r in resolutions if r.place is not None]
    result = []
    for resolution in resolutions:
        place = resolution.place
        if place is None or not _needs_support(resolution, qualifiers) or _at_home(place, locality):
            result.append(resolution)
            continue
        key = name_key(resolution.mention.text)
        # Support comes from places that need none themselves: two unknown
        # hamlets ("El Niño", "La Niña") do not vouch for each other. The tiniest
        # places need a neighbour, not just a mention of their country.
        tiny = place.population < _TINY_PLACE
        supported = any(
            other.place is not None
            and name_key(other.mention.text) != key
            and _supports(other, place, tiny, needs=_needs_support(other, qualifiers))
            for other in chosen
        ) or (not tiny and outside is not None and outside.share(place.country_code) > 0)
        if supported:
            result.append(resolution)
        else:
            result.append(
                Resolution(
                    resolution.mention,
                    None,
                    0.0,
                    resolution.alternatives,
                    (
                        *resolution.reasons,
                        f"dropped: {place.name} ({place.country_code}) is small and nothing else "
                        "in the text is in its country or near it",
                    ),
                )
            )
    return result


def _at_home(place: Place, locality: Locality | None) -> bool:
    """Whether ``place`` lies in a home the article does not owe to its own
    places (those are checked as support already)."""
    return (
        locality is not None
        and locality.source is not LocalitySource.TEXT
        and in_locality(place, locality)
    )


def _supports(other: Resolution, place: Place, tiny: bool, *, needs: bool) -> bool:
    """Whether another resolved mention vouches for ``place``.

    A place that needs support itself vouches only as a close neighbour (two
    villages 30 km apart); two far-apart unknowns ("El Niño", "La Niña") do not.
    """
    assert other.place is not None
    distance = rough_km(other.place.point, place.point)
    if needs:
        return distance < _NEIGHBOUR_KM
    same_country = other.place.country_code == place.country_code
    return (not tiny and same_country) or distance < _SUPPORT_KM


def _needs_support(resolution: Resolution, qualifiers: Mapping[int, tuple[Match, ...]]) -> bool:
    """Whether the chosen place is small or ambiguous enough to need the text's backing."""
    place = resolution.place
    assert place is not None
    if resolution.mention.role == "demonym":
        return False
    qualifier = qualifiers.get(resolution.mention.start)
    if qualifier and any(contains(q.place, place) for q in qualifier):
        return False  # "Gao, Mali": the article places it itself
    if not place.source.startswith(("geonames", "countrystatecity", "zipcodes")):
        return False  # curated and user places were added on purpose
    if resolution.mention.role == "embedded" and place.kind not in {
        "country",
        "continent",
        "admin1",
    }:
        # "Mary Fallin", "Honolulu Star-Advertiser": the article must back a
        # smaller place heading a name; a city of half a million stands alone.
        return place.population < _WELL_KNOWN
    if place.kind in {"city", "feature"} and place.population < _SMALL_PLACE:
        return True
    chosen = resolution.alternatives[0] if resolution.alternatives else None
    if (
        chosen is not None
        and chosen.name_type == "alias"
        and place.kind not in {"country", "continent"}
        and not spelled_alike(name_key(resolution.mention.text), name_key(place.name))
    ):
        # Known only by another name ("Rest" for Rasht, "White House" for
        # Casablanca): a former or foreign name the article must back.
        return True
    if place.kind == "admin1":
        # A region name several countries use ("Centre", "Central") with
        # nothing to choose between them is more likely a common noun.
        rivals = [
            c
            for c in resolution.alternatives[1:]
            if c.place.kind == "admin1" and c.place.country_code != place.country_code
        ]
        return any(c.score > 0.3 * resolution.alternatives[0].score for c in rivals)
    return False
