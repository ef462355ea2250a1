"""References: what a distance is measured from.

A reference phrase names a point ("Algiers"), an area (a country, region or
other polygon), a border ("the Libyan border", "the border with Libya",
"Libya's border", "the Algeria-Libya border") or a coast ("off the coast of
X"). When the text leaves the origin implicit ("Duckwater, 46 miles to the
south"), :func:`origin_reference` takes the sentence's subject, else the
incident site.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from geomap.claims.claimtext import ClaimText
from geomap.claims.subjects import (
    SETTLEMENT_NOUNS,
    SubjectReading,
    clause_subject,
    in_respective_list,
    settlement_named_before,
)
from geomap.geometry import rough_km
from geomap.model import Place, Reference, Resolution
from geomap.text.claimwords import (
    AREA_KINDS,
    CLASS_NOUNS,
    COAST_WORDS,
    DETERMINERS,
    PLACE_NOUNS,
    ROUTE_NOUNS,
    SITE_NOUNS,
)
from geomap.text.wordlists import BORDER_WORDS

__all__ = ["border_reference", "names_a_place", "origin_reference", "reference_in_phrase"]

_FURTHER = re.compile(r"\b(?:further|farther)\b", re.IGNORECASE)

# "the Libyan border", "the border with Libya", "the border area": a border;
# "the border town of Tessalit" is a town.
_BORDER_HEAD = re.compile(
    r"\b(?:border|frontier|boundary)s?(?:\s+(?:areas?|regions?|zones?))?"
    r"(?:$|\s+(?:with|between|of)\b)"
    r"|\b(?:state\s+)?line$",  # "the Texas line", "the Arkansas-Oklahoma state line"
    re.I,
)
_BORDER_WITH = re.compile(r"\b(?:border|frontier|boundary)\s+with\b", re.I)
_NOUN_OF = re.compile(r"\b(\w+)\s+of\s+(?:the\s+)?$")


def names_a_place(context: ClaimText, start: int, end: int, *, strict: bool = False) -> bool:
    """True when a reference phrase names a place: a place mention, a
    capitalised word, a border or coast, the site, or (unless ``strict``) a
    definite place noun such as "the capital". "a school" or "its mouth" is
    no place to check a distance against.

    In text without capitals (lower-cased web pages) every phrase counts.
    """
    if context.inside(start, end):
        return True
    text = context.text
    words = [w.strip(".,") for w in text[start:end].split()]
    lowered = [w.lower() for w in words]
    if set(lowered) & (BORDER_WORDS | COAST_WORDS):
        return True
    if any(w[:1].isupper() for w in words if w.lower() not in DETERMINERS):
        return True
    if strict:
        return False
    definite = lowered[0] in ("the", "its", "their") if lowered else False
    if definite and lowered[-1] in SITE_NOUNS | PLACE_NOUNS:
        return True
    return not any(c.isupper() for c in text[max(0, start - 300) : end + 300])


def reference_in_phrase(
    context: ClaimText, start: int, end: int, readings: Sequence[SubjectReading], *, coast: bool
) -> Reference:
    """What a noun phrase measures from: a point, an area, a border or a coast."""
    text = context.text
    phrase = text[start:end]
    words = [w.lower().strip(".,") for w in phrase.split()]
    mentions = context.inside(start, end)
    resolved = [r for r in mentions if r.place is not None]
    if _BORDER_HEAD.search(phrase):
        place, other = _border_sides(phrase, start, resolved, readings)
        return Reference(phrase, start, end, "border", place, other)
    if coast or COAST_WORDS & set(words):
        named = [r for r in mentions if r.mention.role != "demonym"] or mentions
        place = named[-1].place if named else None
        return Reference(phrase, start, end, "coast", place)
    head = words[-1] if words else ""
    if head in SITE_NOUNS:
        facilities = [r for r in resolved if r.place is not None and r.place.kind == "facility"]
        if facilities:
            return Reference(phrase, start, end, "point", facilities[-1].place)
        if context.site is not None and len(words) > 1:
            return Reference(phrase, start, end, "point", context.site)
    place = _named_place(context, start, end, mentions)
    if place is None and len(words) == 2 and words[0] == "the" and head in SETTLEMENT_NOUNS:
        # "the town" is the article's own place when its title names one
        # ("Santa Margarita Lake ... several miles south-east of the town");
        # else the town named before ("a suburb of Perth, 12 km north-east of
        # the city")
        subjects = {reading.place for reading in readings}
        titled = context.site if context.site_is_titled else None
        if titled is not None and titled not in subjects:
            place = titled
        else:
            place = settlement_named_before(context, start, besides=subjects)
    if place is None and "capital" in words and set(words) & _SUBNATIONAL:
        # "the provincial capital (Tarlac City)", "the State capital, Sydney,":
        # not the country's capital; the name given beside it, if any
        place = _named_beside(context, end)
        return Reference(phrase, start, end, _geometry_of(place), place)
    if place is None and "capital" in words:
        capital = _capital_meant(context, resolved)
        if capital is not None:
            return Reference(phrase, start, end, "point", capital)
    return Reference(phrase, start, end, _geometry_of(place), place)


_SUBNATIONAL = frozenset(
    [
        "provincial",
        "state",
        "regional",
        "district",
        "county",
        "departmental",
        "prefectural",
        "municipal",
    ]
)
_BESIDE = re.compile(r"\s*[(,]\s*")


def _named_beside(context: ClaimText, end: int) -> Place | None:
    """The place named in brackets or apposition right after ``end``."""
    gap = _BESIDE.match(context.text, end)
    if gap is None:
        return None
    following = context.covering(gap.end() + 1)
    if following is None or following.mention.start != gap.end():
        return None
    return following.place


def _capital_meant(context: ClaimText, resolved: Sequence[Resolution]) -> Place | None:
    """The capital "the capital", "the Sudanese capital" or "Mali's capital"
    means: of the country the phrase names, else of the country the article
    names most."""
    countries = [
        r.place.country_code for r in resolved if r.place is not None and r.place.kind == "country"
    ]
    if not countries and context.most_named_country:
        countries = [context.most_named_country]
    return context.capitals.get(countries[-1]) if countries else None


def _named_place(
    context: ClaimText, start: int, end: int, mentions: Sequence[Resolution]
) -> Place | None:
    """The place a reference phrase names, or None when it names something
    in or of a place rather than the place ("the Algerian capital",
    "the capital of Algeria", "Mali's capital")."""
    named = [r for r in mentions if r.mention.role != "demonym"]
    if not named:
        return None
    last = named[-1]
    place = last.place
    if place is None:
        return None
    text = context.text
    after = text[last.mention.end : end].split()
    if after and after[-1].lower() not in CLASS_NOUNS and place.kind in AREA_KINDS:
        return None  # "Algeria's capital": a place in the country, not the country
    if after and after[-1].lower() in ROUTE_NOUNS:
        return None  # "the Ahmedabad-Vadodara Expressway": a road, not the town
    of_before = _NOUN_OF.search(text, start, last.mention.start)
    if (
        of_before is not None
        and place.kind in AREA_KINDS
        and of_before.group(1).lower() not in CLASS_NOUNS
    ):
        return None  # "the capital of Algeria"
    return place


def _border_sides(
    phrase: str, start: int, resolved: Sequence[Resolution], readings: Sequence[SubjectReading]
) -> tuple[Place | None, Place | None]:
    """(place, other_place) of a border phrase.

    ``place`` is the country across the border from the subject: "the
    Libyan border" and "the border with Libya" give Libya. With two countries
    ("the Algeria-Libya border", "the border between Algeria and Libya") the
    subject's own country is ``other_place``; when no subject tells, the
    first-named country is taken as the subject's side.
    """
    places = list(dict.fromkeys(r.place for r in resolved if r.place is not None))
    if not places:
        return None, None
    if len(places) == 1:
        return places[0], None
    with_match = _BORDER_WITH.search(phrase)
    if with_match is not None:
        after = [r.place for r in resolved if r.mention.start >= start + with_match.end()]
        before = [r.place for r in resolved if r.mention.start < start + with_match.start()]
        if after and after[0] is not None:
            return after[0], before[0] if before else None
    first, second = places[0], places[1]
    subject_countries = {r.place.country_code for r in readings if r.place is not None}
    if second.country_code in subject_countries and first.country_code not in subject_countries:
        return first, second
    return second, first


def border_reference(context: ClaimText, reading: SubjectReading) -> Reference:
    text = context.text[reading.start : reading.end]
    return Reference(text, reading.start, reading.end, "border", reading.place)


def _geometry_of(place: Place | None) -> str:
    return "area" if place is not None and place.kind in AREA_KINDS else "point"


# An implicit origin this close to the place it locates is that place's
# neighbour ("Martin Municipal Airport, located in Martin, 19 miles to the
# north-west"), not where the distance is measured from.
_BESIDE_KM = 10.0


def _beside(place: Place, located: set[Place | None]) -> bool:
    return any(
        other is not None and rough_km(place.point, other.point) < _BESIDE_KM for other in located
    )


def origin_reference(
    context: ClaimText,
    sentence_start: int,
    anchor: int,
    origins: Sequence[SubjectReading],
    located: Sequence[SubjectReading],
) -> Reference:
    """The implicit origin of "Duckwater, 46 miles to the south": the
    sentence's subject when it names another place, else the site."""
    located_places = {r.place for r in located}
    previous = context.last_located
    # "Aberdeen, 120 miles further north-east": on from the place the text
    # just located, not from the site.
    further = _FURTHER.search(context.text, anchor, anchor + 80)
    if further and previous is not None and previous not in located_places:
        return Reference("", anchor, anchor, _geometry_of(previous), previous)
    candidates = list(origins)
    if not in_respective_list(context, sentence_start, anchor):
        # "A and B are 4 km west and 8 km south respectively": both are subjects
        candidates += clause_subject(context, sentence_start, anchor)
    # "New Plymouth is 39 km north, Inglewood 21 km north": the place the
    # list just located is an item of the list, not its origin.
    already_located = context.located_in_sentence | ({previous} if previous is not None else set())
    for reading in candidates:
        if (
            reading.place is not None
            and reading.place not in located_places | already_located
            and not reading.border
            and not _beside(reading.place, located_places)
        ):
            return Reference(
                text=context.text[reading.start : reading.end],
                start=reading.start,
                end=reading.end,
                geometry=_geometry_of(reading.place),
                place=reading.place,
            )
    return Reference(text="", start=anchor, end=anchor, geometry="point", place=context.site)
