"""Compose the stages: documents in, a :class:`~geomap.model.Report` out.

    text ─► mentions ─► resolution ─► claims ─► verification ─► Report

>>> from geomap.gazetteer.store import MemoryGazetteer
>>> from geomap.model import Document, LatLon, Place
>>> algiers = Place("t:alg", "Algiers", "city", "DZ", LatLon(36.73, 3.09), population=2_000_000)
>>> report = analyze([Document("a", "Troops left Algiers.")], MemoryGazetteer([algiers]))
>>> [r.place.name for r in report.resolutions]
['Algiers']
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from geomap.claimwords import SITE_NOUNS
from geomap.context import rough_km
from geomap.errors import UnknownPlace
from geomap.gazetteer.normalize import name_key
from geomap.gazetteer.store import Gazetteer
from geomap.mentions import Spotting, find_mentions
from geomap.model import Claim, Document, LatLon, Mention, Place, Report, Resolution
from geomap.resolve import DocumentContext, context_from_resolutions, resolve_mentions

__all__ = ["analyze", "analyze_each", "find_places", "resolve_site"]

# A site named with --site is looked for near the places the articles name.
_SITE_NEAR_KM = 500
# "the plant", "the facility": the articles speak of a facility as the scene.
_SITE_NOUN = re.compile(rf"\bthe (?:[\w-]+ )?(?:{'|'.join(sorted(SITE_NOUNS))})\b", re.IGNORECASE)
# Kinds a site (the place an incident happened) can be, most specific first.
_SITE_KINDS = ("facility", "feature", "city", "admin2")


def find_places(
    documents: Sequence[Document], gazetteer: Gazetteer, *, shared_context: bool = False
) -> tuple[tuple[Resolution, ...], tuple[Mention, ...]]:
    """Recognise and resolve the place mentions of every document.

    With ``shared_context`` the documents are taken to be about one incident:
    the places of all of them help resolve each one. Returns the resolutions
    and the dropped spans (with their reasons).
    """
    spottings = [find_mentions(document, gazetteer) for document in documents]
    first = [resolve_mentions(s.kept, gazetteer) for s in spottings]
    if shared_context and len(documents) > 1:
        resolutions = _resolve_with_batch(spottings, first, gazetteer)
    else:
        resolutions = first
    kept = tuple(r for group in resolutions for r in group if r.place is not None)
    unsupported = tuple(
        Mention(
            r.mention.doc_id,
            r.mention.start,
            r.mention.end,
            r.mention.text,
            r.mention.role,
            r.reasons,
        )
        for group in resolutions
        for r in group
        if r.place is None
    )
    dropped = tuple(m for s in spottings for m in s.dropped) + unsupported
    return kept, dropped


def _resolve_with_batch(
    spottings: list[Spotting], first: list[tuple[Resolution, ...]], gazetteer: Gazetteer
) -> list[tuple[Resolution, ...]]:
    result = []
    for index, spotting in enumerate(spottings):
        others = [r for j, group in enumerate(first) if j != index for r in group]
        context: DocumentContext = context_from_resolutions(others)
        result.append(resolve_mentions(spotting.kept, gazetteer, context=context))
    return result


def analyze(
    documents: Sequence[Document],
    gazetteer: Gazetteer,
    *,
    site: Place | LatLon | str | None = None,
    shared_context: bool = True,
) -> Report:
    """Run every stage on ``documents`` and return the report.

    ``site`` fixes the incident site that "the plant" or "the facility" refers
    to: a Place, a point, or a name to look up; by default it is inferred.
    """
    from geomap.claims import extract_claims, merge_repeated
    from geomap.homonyms import reread_homonyms
    from geomap.verify import find_contradictions, verify_claims

    resolutions, dropped = find_places(documents, gazetteer, shared_context=shared_context)
    site_place = resolve_site(site, gazetteer, resolutions, documents)
    by_doc: dict[str, list[Resolution]] = {}
    for resolution in resolutions:
        by_doc.setdefault(resolution.mention.doc_id, []).append(resolution)

    capitals = _capitals(gazetteer, resolutions)

    def claims_about(site: Place | None) -> list[Claim]:
        claims: list[Claim] = []
        for document in documents:
            claims += extract_claims(
                document, by_doc.get(document.id, []), site=site, capitals=capitals
            )
        return claims

    claims = claims_about(site_place)
    if site is None and site_place is not None and _measured_from_itself(claims, site_place):
        # "The epicentre was 33 km west of Gaziantep": the articles place the
        # incident relative to the place geomap guessed as its site, so the
        # guess is wrong. Better no site (those claims are unverifiable) than a
        # wrong one; the user can give it with --site.
        site_place = None
        claims = claims_about(None)
    merged = merge_repeated(claims)
    verdicts, resolutions = reread_homonyms(
        verify_claims(merged, gazetteer), resolutions, gazetteer
    )
    return Report(
        documents=tuple(documents),
        resolutions=resolutions,
        verdicts=verdicts,
        findings=find_contradictions(verdicts),
        site=site_place,
        dropped=dropped,
    )


def analyze_each(
    documents: Sequence[Document],
    gazetteer: Gazetteer,
    *,
    site: Place | LatLon | str | None = None,
) -> Report:
    """Analyse every document as its own incident and gather the results.

    For an archive of unrelated articles: each gets its own site and context,
    and contradictions are looked for within an article only. The combined
    report has no single site.
    """
    reports = [analyze([document], gazetteer, site=site) for document in documents]
    return Report(
        documents=tuple(documents),
        resolutions=tuple(r for report in reports for r in report.resolutions),
        verdicts=tuple(v for report in reports for v in report.verdicts),
        findings=tuple(f for report in reports for f in report.findings),
        site=None,
        dropped=tuple(m for report in reports for m in report.dropped),
    )


def _capitals(gazetteer: Gazetteer, resolutions: Sequence[Resolution]) -> dict[str, Place]:
    """The capitals of the countries the articles name, for "the capital"."""
    codes = {
        r.place.country_code for r in resolutions if r.place is not None and r.place.country_code
    }
    countries = gazetteer.countries()
    capitals = {}
    for code in codes:
        country = countries.get(code)
        if country is not None and country.capital_id:
            try:
                capitals[code] = gazetteer.get(country.capital_id)
            except UnknownPlace:
                continue
    return capitals


def _measured_from_itself(claims: Sequence[Claim], site: Place) -> bool:
    return any(
        claim.reference.place is not None
        and claim.reference.place.id == site.id
        and any(subject.id == site.id for subject in claim.subjects)
        for claim in claims
    )


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
