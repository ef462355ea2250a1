"""Locality: the home region an article is about, as a prior for its names.

A local paper writes "Alexandria" and "Lebanon" for the towns of its own
state, not for Egypt's city or for the country. The locality that says so
comes, strongest first, from the newsroom (``--locality``, a JSONL field), from
the article's dateline ("MILLBROOK, Ky. --"), or from the article's own places.

Only the article's *home* evidence counts towards an inferred locality: a
dateline, the counties it names (a county is local news' own ground), the
offices acting in it ("the Indiana State Police", "Millbrook Police"), the
towns it places with confidence, a state it names on its own. A qualifier of
a far place counts once with the place it qualifies: in "Salem, in Washington
County, is 30 miles NW of Louisville, Kentucky" Kentucky says where Louisville
is, not where the article is, and one pair of names is not a home. A region
needs the backing of two names (or a dateline, or a county) and the larger
part of the article's regional evidence.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from geomap.errors import UnknownPlace
from geomap.gazetteer.normalize import name_key
from geomap.gazetteer.store import Gazetteer
from geomap.geometry import rough_km
from geomap.model import OWN_NAME_TYPES, Document, Locality, LocalitySource, Match, Place

__all__ = [
    "HomeSighting",
    "dateline_start",
    "given_locality",
    "in_locality",
    "infer_locality",
    "locality_bonus",
    "lookup_locality",
    "named_like_a_local_town",
]

# A dateline opens the text: a place in capitals, perhaps its state or
# country, perhaps a wire service, then a dash ("MILLBROOK, Ky. --",
# "COLUMBUS (AP) —").
_DATELINE = re.compile(
    r"\s*(?P<place>[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,3})"
    r"(?:, (?:[A-Z][A-Za-z.]+)(?: [A-Z][A-Za-z.]+)?)?"
    r"(?: \([A-Za-z .]+\))?"
    r"\s*(?:--|—|–)\s"
)

# How much one name of the article weighs for the region it stands in.
_DATELINE_WEIGHT = 3.0
_COUNTY_WEIGHT = 2.0
_NAME_WEIGHT = 1.0
_QUALIFIED_WEIGHT = 0.0
# A region is the article's home with this much evidence, and this many
# times the evidence of any other region.
_HOME_WEIGHT = 2.0
_HOME_MARGIN = 2.0
# A name the article repeats is more its subject: each repeat adds this much,
# up to this many repeats.
_REPEAT_WEIGHT = 0.5
_REPEATS = 2
# A choice this sure of itself (its share of the candidates' softmax) is evidence.
_CONFIDENT = 0.5

# The prior a locality gives, by where it comes from: a candidate in its
# first-level region, a candidate in its country. An inferred one is weaker:
# at 2.0 it made Portland, Texas of a national story that also named Texas
# (GeoWebNews), for no gain on the LGL tuning half.
_REGION_BONUS = {
    LocalitySource.GIVEN: 3.0,
    LocalitySource.DATELINE: 3.0,
    LocalitySource.TEXT: 1.0,
}
_COUNTRY_BONUS = 0.5
# A given town's neighbourhood: the towns a local paper covers.
_NEAR_KM = 60.0
_NEAR_BONUS = 1.5
# Enough to undo a country's size and the weight of its own name (see
# resolve._prior) against a small town of the locality's country.
_LOCAL_TOWN_OVER_COUNTRY = -4.0
_REGION_KINDS = frozenset({"admin1"})
_NO_REGION_KINDS = frozenset({"country", "continent", "region", "water", "desert"})


@dataclass(frozen=True, slots=True)
class HomeSighting:
    """One mention's first-pass choice, as evidence of the article's home.

    ``qualified``: the text's qualifier placed it ("Millbrook, Ky."); such a
    choice counts whatever its confidence, and its qualifier does not count again.
    ``office``: it heads the name of its own office ("the Indiana State
    Police", "Millbrook Police").
    """

    key: str
    place: Place
    confidence: float
    dateline: bool = False
    qualified: bool = False
    office: bool = False


def dateline_start(text: str) -> int | None:
    """Offset of the place that opens a dateline, or None when the text has none.

    >>> dateline_start("MILLBROOK, Ky. -- A fire destroyed a barn.")
    0
    >>> dateline_start("COLUMBUS (AP) — The council met.")
    0
    >>> dateline_start("Police said the fire -- the third -- spread.") is None
    True
    """
    found = _DATELINE.match(text[:200])
    return found.start("place") if found else None


def infer_locality(sightings: Iterable[HomeSighting]) -> Locality | None:
    """The first-level region the article's home evidence points to, or None.

    Each name weighs once, by its strongest mention: a dateline 3, a county
    2, any other name 1. The region needs a weight of 2 and more than half of
    the weight of all regions.
    """
    weights: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    repeats: dict[str, int] = defaultdict(int)
    dateline: Place | None = None
    for sighting in sightings:
        region = _region_of(sighting.place)
        if region is None or not (sighting.qualified or sighting.confidence >= _CONFIDENT):
            continue
        weight = _weight(sighting)
        names = weights[sighting.place.country_code, region]
        names[sighting.key] = max(names.get(sighting.key, 0.0), weight)
        repeats[sighting.key] += 1
        if sighting.dateline:
            dateline = sighting.place
    totals = {
        region: sum(
            w + _REPEAT_WEIGHT * min(repeats[key] - 1, _REPEATS) for key, w in names.items()
        )
        for region, names in weights.items()
    }
    if not totals:
        return None
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    (country, admin1), best = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if best < _HOME_WEIGHT or best < _HOME_MARGIN * runner_up:
        return None
    if dateline is not None and _region_of(dateline) == admin1:
        return Locality(
            dateline.name, country, admin1, dateline.point, source=LocalitySource.DATELINE
        )
    return Locality(admin1, country, admin1, None, source=LocalitySource.TEXT)


def _weight(sighting: HomeSighting) -> float:
    if sighting.dateline:
        return _DATELINE_WEIGHT
    if sighting.qualified:
        # A paper names the towns of its own state bare and qualifies the
        # others ("Vineland, New Jersey"): a qualified town is elsewhere.
        return _QUALIFIED_WEIGHT
    if sighting.place.kind == "admin2" or _a_regions_office(sighting):
        return _COUNTY_WEIGHT
    return _NAME_WEIGHT


def _a_regions_office(sighting: HomeSighting) -> bool:
    """Whether the name heads the office of a state or county ("the Indiana
    State Police"): the office acts in the story, so its region is home. A
    town's office weighs as the town: a one-word "town" heading an office
    ("Supreme Court") is more often no town at all."""
    return sighting.office and sighting.place.kind in _OFFICE_REGION_KINDS


_OFFICE_REGION_KINDS = frozenset({"admin1", "admin2"})


def _region_of(place: Place) -> str | None:
    """The first-level region a place stands for or in (None for wider places)."""
    if place.kind in _NO_REGION_KINDS:
        return None
    if place.kind in _REGION_KINDS:
        return place.name
    return place.admin1 or None


def locality_bonus(place: Place, locality: Locality, evidence: list[str]) -> float:
    """What the article's locality adds to a candidate: in its region, in its
    country, near its town."""
    if not place.country_code or place.country_code != locality.country_code:
        return 0.0
    if place.kind in _NO_REGION_KINDS:
        return 0.0  # the locality's own country needs no help from it
    bonus = _COUNTRY_BONUS
    region = _region_of(place)
    if locality.admin1 and region is not None and name_key(region) == name_key(locality.admin1):
        bonus += _REGION_BONUS[locality.source]
    if locality.point is not None and rough_km(place.point, locality.point) < _NEAR_KM:
        bonus += _NEAR_BONUS
    evidence.append(f"in the article's locality, {locality.describe()}")
    return bonus


def named_like_a_local_town(
    place: Place, matches: Sequence[Match], locality: Locality, evidence: list[str]
) -> float:
    """A country whose name a town of the locality's region bears ("Jordan",
    "Lebanon" in a Minnesota or Pennsylvania paper) loses to that town."""
    if place.kind != "country" or place.country_code == locality.country_code:
        return 0.0
    if not any(
        m.place.kind == "city" and m.name_type in OWN_NAME_TYPES and in_locality(m.place, locality)
        for m in matches
    ):
        return 0.0
    evidence.append(f"a town of the article's locality, {locality.describe()}, has this name")
    return _LOCAL_TOWN_OVER_COUNTRY


def in_locality(place: Place, locality: Locality) -> bool:
    """Whether a place lies in the locality's region (its country, when the
    locality is a whole country)."""
    if place.country_code != locality.country_code:
        return False
    region = _region_of(place)
    return not locality.admin1 or (
        region is not None and name_key(region) == name_key(locality.admin1)
    )


def lookup_locality(name: str, gazetteer: Gazetteer) -> Locality:
    """A newsroom's town or region ("Lexington, Kentucky", "Ohio") as a Locality.

    Read like a short text, so that a qualifier chooses between namesakes.
    Raises :class:`~geomap.errors.UnknownPlace` naming it when no place fits.
    """
    from geomap.geoparse.mentions import find_mentions
    from geomap.geoparse.resolve import resolve_mentions

    text = " ".join(name.split())
    if not text:
        raise UnknownPlace("the locality is empty: give a town or region name")
    spotted = find_mentions(Document("locality", text), gazetteer).kept
    resolved = [r for r in resolve_mentions(spotted, gazetteer) if r.place is not None]
    # The name the locality opens with is the place; what follows only
    # qualifies it. A newsroom's small town stands alone here: no other name
    # backs it, so the name's own best reading is taken when the text reading
    # drops it.
    first = next((r.place for r in resolved if r.mention.start == 0), None)
    place = first or _best_of_the_name(text, gazetteer)
    if place is None:
        raise UnknownPlace(_unknown_locality(text, [r.place for r in resolved if r.place]))
    region = _region_of(place) or ""
    point = None if place.kind in _NO_REGION_KINDS | _REGION_KINDS else place.point
    return Locality(place.name, place.country_code, region, point, LocalitySource.GIVEN)


def _unknown_locality(text: str, qualifiers: Sequence[Place]) -> str:
    """The error for a locality whose place the gazetteer lacks; when only
    its qualifier is known ("Millbrook, Ky."), what the user can give instead."""
    message = f"locality {text!r}: no such place in the gazetteer"
    if qualifiers:
        message += f"; give its region ({qualifiers[0].name!r}) or add the town with `geomap gazetteer add`"
    return message


def _best_of_the_name(text: str, gazetteer: Gazetteer) -> Place | None:
    """The most populous place called exactly ``text`` (own name), if any."""
    key = name_key(text)
    own = [m.place for m in gazetteer.lookup([key]).get(key, ()) if m.name_type == "name"]
    return max(own, key=lambda p: (p.population, p.id), default=None)


def given_locality(document: Document, gazetteer: Gazetteer) -> Locality | None:
    """The locality the document carries (None when it carries none)."""
    if not document.locality:
        return None
    return lookup_locality(document.locality, gazetteer)
