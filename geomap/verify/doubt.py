"""Doubtful places: a claim is never called false on a place geomap may have misread.

(Nor true on an open-ended figure: "more than 200 miles" from a place geomap
is not sure of proves nothing.)

A village the gazetteer lacks is read as a bigger namesake far away
("Wellington, in rural Somerset" as the Wellington in Shropshire); measured
from there, a true claim looks false. So an ``inconsistent`` verdict is
withheld (made ``unverifiable``, with the reason) when one of its places is
doubtful by the article's own evidence:

- the text qualifies the name with a region the chosen place is not in
  ("Santa Cruz, New Mexico" read as the one in California);
- the article's title names a place of that name ("Weston, Lincolnshire")
  that the gazetteer does not hold there, or holds as another place;
- it is one of several places of that name, chosen without backing (no
  qualifier, no title, no sure resolution), and lies far from every other
  place the article names;
- the reference is a part of a city ("Midway Airport", "the Strip") measured
  at the city's point, and the miss is smaller than the city;
- the origin is left unnamed and geomap guessed it (the incident site it
  inferred).

A claim about places the article itself backs stays false when it is false.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from geomap.gazetteer.normalize import name_key
from geomap.gazetteer.store import Gazetteer
from geomap.geometry import rough_km, urban_radius_km
from geomap.geoparse.qualifiers import Containment, containment
from geomap.geoparse.resolve import NOT_INSIDE
from geomap.geoparse.site import TitleName, title_name
from geomap.model import CONTAINER_KINDS, Document, Place, Resolution, Verdict
from geomap.text.claimwords import AREA_KINDS, CITY_PART_NOUNS

__all__ = ["withhold_doubtful"]

_HOLDS = frozenset({"consistent", "road-distance-plausible"})


def withhold_doubtful(
    verdicts: Sequence[Verdict],
    resolutions: Sequence[Resolution],
    documents: Sequence[Document],
    titles: Mapping[str, Place | None],
    gazetteer: Gazetteer,
    *,
    guessed_site: Place | None = None,
) -> tuple[Verdict, ...]:
    """The verdicts, with every ``inconsistent`` one that rests on a doubtful
    place made ``unverifiable`` and the reason said.

    ``guessed_site`` is the incident site when geomap guessed it (neither
    given with ``--site`` nor named by a title): a distance from an origin the
    text leaves unnamed ("Bharatpur, 100 km to the south-east") is then not
    called false, since the writer may measure from another place."""
    by_doc: dict[str, list[Resolution]] = {}
    for resolution in resolutions:
        by_doc.setdefault(resolution.mention.doc_id, []).append(resolution)
    evidence = {
        d.id: _Evidence(by_doc.get(d.id, []), title_name(d.title), titles.get(d.id), gazetteer)
        for d in documents
    }
    namesakes = _read_as_namesakes(verdicts)
    result = []
    for verdict in verdicts:
        known = evidence.get(verdict.claim.doc_id)
        reason = None
        if known is not None and verdict.status == "inconsistent":
            reason = (
                _doubt(verdict, known)
                or _another_claim_finds_a_namesake(verdict, namesakes)
                or _from_a_guessed_origin(verdict, guessed_site)
            )
        elif known is not None and _open_ended(verdict):
            reason = _unsure_of(verdict, known)
        if reason is None:
            result.append(verdict)
        else:
            explanation = f"{verdict.explanation} {reason}"
            result.append(replace(verdict, status="unverifiable", explanation=explanation))
    return tuple(result)


@dataclass(frozen=True, slots=True)
class _Evidence:
    """What an article says about its places."""

    resolutions: Sequence[Resolution]
    title: TitleName | None
    title_place: Place | None
    gazetteer: Gazetteer


def _doubt(verdict: Verdict, evidence: _Evidence) -> str | None:
    """Why a place of the claim is doubtful, or None."""
    claim = verdict.claim
    stated_km = verdict.accepted_km[1] if verdict.accepted_km else 0.0
    part = _part_of_the_city(verdict)
    if part is not None:
        return part
    for place in (*claim.subjects, claim.reference.place):
        if place is None:
            continue
        if _qualifier_contradicts(place, evidence):
            return _lacks(place, "the text places it elsewhere")
        if _title_contradicts(place, evidence):
            assert evidence.title is not None
            return _lacks(place, f"the article is about another {evidence.title.name}")
        if _far_from_the_article(place, evidence, stated_km):
            return _lacks(place, "it lies far from every other place the article names")
    return None


def _read_as_namesakes(verdicts: Sequence[Verdict]) -> set[tuple[str, str]]:
    """(document, place id) of the places a claim found many times too far:
    likely another place of that name (see verdicts._another_place_of_that_name)."""
    flagged = {
        (verdict.claim.doc_id, reading.subject.id)
        for verdict in verdicts
        for reading in verdict.readings
        if reading.status == "unverifiable" and reading.distance_km > 0
    }
    # a place another claim of the article confirms is not the namesake: the
    # other end of the far claim is ("Johnson City ... 26 miles south of
    # Syracuse", read as Syracuse, New York)
    confirmed = {
        (verdict.claim.doc_id, reading.subject.id)
        for verdict in verdicts
        for reading in verdict.readings
        if reading.status in _HOLDS
    }
    return flagged - confirmed


def _another_claim_finds_a_namesake(
    verdict: Verdict, namesakes: set[tuple[str, str]]
) -> str | None:
    """ "11 km north-west of Abu Kamal, some 120 km south-east of Deir ez-Zor",
    where the first figure puts the Mari geomap read 400 km off: the second
    claim is about another Mari too."""
    doc = verdict.claim.doc_id
    for place in verdict.claim.subjects:
        if (doc, place.id) in namesakes:
            return _lacks(place, "another claim of the article puts it many times too far")
    return None


def _from_a_guessed_origin(verdict: Verdict, guessed_site: Place | None) -> str | None:
    reference = verdict.claim.reference
    if guessed_site is None or reference.text or reference.place != guessed_site:
        return None
    return (
        f"Not called false: the text does not say where the distance is from; geomap "
        f"assumed the incident site, {guessed_site.name} (give the site with --site)."
    )


def _open_ended(verdict: Verdict) -> bool:
    """ "More than 200 miles": a bound that almost any far place meets."""
    quantity = verdict.claim.quantity
    return verdict.status == "consistent" and quantity is not None and quantity.hedge == "more than"


def _unsure_of(verdict: Verdict, evidence: _Evidence) -> str | None:
    """An open-ended figure holds only on places geomap is sure of."""
    for place in (*verdict.claim.subjects, verdict.claim.reference.place):
        if place is None or place.kind in AREA_KINDS or place == evidence.title_place:
            continue
        mentioned = any(r.place == place for r in evidence.resolutions)
        if mentioned and not _resolved_surely(place, evidence, _SURE_ENOUGH):
            return (
                f"Not called consistent: an open-ended figure proves little, and {place.name} "
                "may be another place of that name."
            )
    return None


def _part_of_the_city(verdict: Verdict) -> str | None:
    """ "Two miles from Chicago Midway Airport" measured at Chicago's point: a
    miss smaller than the city's size says nothing about the claim."""
    reference = verdict.claim.reference
    place = reference.place
    words = {word.strip(".,").lower() for word in reference.text.split()}
    if place is None or place.kind != "city" or not words & CITY_PART_NOUNS:
        return None
    if verdict.accepted_km is None:
        return None
    low, high = verdict.accepted_km
    radius = urban_radius_km(place.population)
    if not all(low - radius <= r.distance_km <= high + radius for r in verdict.readings):
        return None
    return (
        f"Not called false: '{reference.text}' is a part of {place.name}, measured here at "
        f"{place.name}'s point, and may lie up to {radius:.0f} km from it."
    )


def _qualifier_contradicts(place: Place, evidence: _Evidence) -> bool:
    return any(
        r.place == place and any(reason.startswith(NOT_INSIDE) for reason in r.reasons)
        for r in evidence.resolutions
    )


def _title_contradicts(place: Place, evidence: _Evidence) -> bool:
    """The title names a place of this name, and it is not this one: the title
    resolved to another place, or its qualifier ruled every namesake out."""
    title = evidence.title
    if title is None:
        return False
    key = name_key(title.name)
    named_so = name_key(place.name) == key or any(
        r.place == place and name_key(r.mention.text) == key for r in evidence.resolutions
    )
    if not named_so or place == evidence.title_place:
        return False
    if any(r.place == place and r.mention.qualifier for r in evidence.resolutions):
        return False  # the text says which one: "Exeter, England" in an article on another
    if evidence.title_place is not None:
        return True  # the title is another place of this name
    return _outside_the_titles_region(place, title.qualifier, evidence.gazetteer)


def _outside_the_titles_region(place: Place, qualifier: str, gazetteer: Gazetteer) -> bool:
    """Whether no region the title's qualifier may name is known to hold the
    place ("Burton, Wiltshire" and a Burton 200 km away); a qualifier geomap
    does not know ("Berkshire") says nothing."""
    key = name_key(qualifier)
    matches = gazetteer.lookup([key]).get(key, ())
    regions = [m.place for m in matches if m.place.kind in CONTAINER_KINDS]
    return bool(regions) and not any(
        containment(region, place, gazetteer) is Containment.INSIDE for region in regions
    )


# Far, for a place the article names: beyond this, and beyond three times
# the stated distance, from every other place it names.
_FAR_KM = 100.0
_FAR_FACTOR = 3.0
_SURE = 0.95  # a resolution this sure of itself is not doubted
# An open-ended bound needs the place to be the likely one of its name
# (Montréal at 0.74 is; one Springfield of many, at 0.28, is not).
_SURE_ENOUGH = 0.7


def _resolved_surely(place: Place, evidence: _Evidence, score: float) -> bool:
    """Some mention of the place was resolved with ``score`` or a qualifier."""
    return any(
        r.place == place and (r.score >= score or bool(r.mention.qualifier))
        for r in evidence.resolutions
    )


def _far_from_the_article(place: Place, evidence: _Evidence, stated_km: float) -> bool:
    """ "Wellington, in rural Somerset, 7 miles SW of Taunton" read as the
    Wellington in Shropshire: a namesake chosen without backing, far from
    every other place of the article (the claim's other end included)."""
    if place.kind in AREA_KINDS or place == evidence.title_place:
        return False
    if _resolved_surely(place, evidence, _SURE):
        return False
    key = name_key(place.name)
    namesakes = {m.place.id for m in evidence.gazetteer.lookup([key]).get(key, ())}
    if len(namesakes) < 2:
        return False
    others = [
        r.place.point
        for r in evidence.resolutions
        if r.place is not None and r.place != place and r.place.kind not in AREA_KINDS
    ]
    if not others:
        return False
    limit = max(_FAR_KM, _FAR_FACTOR * stated_km)
    return min(rough_km(place.point, point) for point in others) > limit


def _lacks(place: Place, why: str) -> str:
    return (
        f"Not called false: {place.name} may be another place of that name ({why}); "
        "if the gazetteer lacks the one meant, add it with 'geomap gazetteer add'."
    )
