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

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from geomap.errors import UnknownPlace
from geomap.gazetteer.normalize import name_key
from geomap.gazetteer.store import Gazetteer
from geomap.geoparse.casing import restore_case
from geomap.geoparse.context import contexts_of_the_others, merge_contexts
from geomap.geoparse.counties import with_county_readings
from geomap.geoparse.locality import dateline_start, lookup_locality
from geomap.geoparse.mentions import Spotting, find_mentions
from geomap.geoparse.resolve import DocumentContext, resolve_mentions
from geomap.geoparse.site import resolve_site, title_places
from geomap.model import (
    Claim,
    Document,
    Estimate,
    LatLon,
    Locality,
    Mention,
    Place,
    Report,
    Resolution,
    Verdict,
)
from geomap.text.windows import Window, windows

__all__ = [
    "analyze",
    "analyze_each",
    "analyze_one_by_one",
    "find_places",
    "find_places_in_parts",
    "locate",
    "resolve_site",
]


def find_places(
    documents: Sequence[Document],
    gazetteer: Gazetteer,
    *,
    shared_context: bool = False,
    titles: Mapping[str, Place | None] | None = None,
) -> tuple[tuple[Resolution, ...], tuple[Mention, ...]]:
    """Recognise and resolve the place mentions of every document.

    With ``shared_context`` the documents are taken to be about one incident:
    the places of all of them help resolve each one. A document whose title
    is a place ("Alma, Wisconsin") is read near that place. ``titles`` gives
    those places when already known (see :func:`title_places`). Returns the
    resolutions and the dropped spans (with their reasons). A text written
    without capitals is read with its names' capitals restored.
    """
    documents = [_restored(document, gazetteer) for document in documents]
    if titles is None:
        titles = title_places(documents, gazetteer)
    return _find_places(documents, gazetteer, shared_context=shared_context, titles=titles)


def _find_places(
    documents: Sequence[Document],
    gazetteer: Gazetteer,
    *,
    shared_context: bool,
    titles: Mapping[str, Place | None],
) -> tuple[tuple[Resolution, ...], tuple[Mention, ...]]:
    """:func:`find_places` on documents whose capitals are already restored."""
    parts = [window for document in documents for window in windows(document)]
    kept, spotted, unsupported = _find_places_in_parts(
        parts, gazetteer, shared_context=shared_context, titles=titles
    )
    return kept, spotted + unsupported


def find_places_in_parts(
    parts: Sequence[Window], gazetteer: Gazetteer
) -> tuple[tuple[Resolution, ...], tuple[Mention, ...], tuple[Mention, ...]]:
    """:func:`find_places` (each window on its own: see
    :func:`geomap.text.windows.windows`) with its dropped spans in their two
    parts: those recognition dropped, and the names no place fits. Offsets
    are in the windows' whole documents. A batch of windows at a time gives
    the output of all at once."""
    parts = [replace(part, document=restore_case(part.document, gazetteer)) for part in parts]
    # a long document's windows share its title
    titles = title_places(list({p.document.id: p.document for p in parts}.values()), gazetteer)
    return _find_places_in_parts(parts, gazetteer, shared_context=False, titles=titles)


def _find_places_in_parts(
    parts: Sequence[Window],
    gazetteer: Gazetteer,
    *,
    shared_context: bool,
    titles: Mapping[str, Place | None],
) -> tuple[tuple[Resolution, ...], tuple[Mention, ...], tuple[Mention, ...]]:
    # each window is read like a document of its own
    spottings = [_spotted_in(window, gazetteer) for window in parts]
    own = [_title_context(titles.get(window.document.id)) for window in parts]
    homes = _homes(parts, gazetteer)
    first = [
        resolve_mentions(
            s.kept, gazetteer, context=context, locality=home.locality, dateline_at=home.dateline_at
        )
        for s, context, home in zip(spottings, own, homes, strict=True)
    ]
    # several articles about one incident help resolve each other; the
    # windows of one long text are read each on its own, as by `places`
    if shared_context and len({part.document.id for part in parts}) > 1:
        resolutions = _resolve_with_batch(spottings, first, gazetteer, own, homes)
    else:
        resolutions = first
    resolutions = [
        _as_titled(group, titles.get(window.document.id))
        for group, window in zip(resolutions, parts, strict=True)
    ]
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
    return kept, tuple(m for s in spottings for m in s.dropped), unsupported


def _restored(document: Document, gazetteer: Gazetteer) -> Document:
    """:func:`restore_case`, a window at a time for a long text, so that its
    tokens never all exist at once (the restored text is the document's text
    from then on, so offsets into it hold)."""
    parts = windows(document)
    if len(parts) == 1:
        return restore_case(document, gazetteer)
    text = "".join(restore_case(part.document, gazetteer).text for part in parts)
    return document if text == document.text else replace(document, text=text)


def _spotted_in(window: Window, gazetteer: Gazetteer) -> Spotting:
    """The mentions found in ``window``, at their offsets in its whole document."""
    document = window.document
    spotting = with_county_readings(find_mentions(document, gazetteer), document.text, gazetteer)
    if window.offset == 0:
        return spotting
    return Spotting(
        tuple(replace(s, mention=_shifted(s.mention, window.offset)) for s in spotting.kept),
        tuple(_shifted(m, window.offset) for m in spotting.dropped),
    )


def _shifted(mention: Mention, offset: int) -> Mention:
    return replace(mention, start=mention.start + offset, end=mention.end + offset)


def _resolve_with_batch(
    spottings: list[Spotting],
    first: list[tuple[Resolution, ...]],
    gazetteer: Gazetteer,
    own: list[DocumentContext | None],
    homes: list[_Home],
) -> list[tuple[Resolution, ...]]:
    result = []
    outside = contexts_of_the_others(first)
    for index, spotting in enumerate(spottings):
        context = outside[index]
        title = own[index]
        if title is not None:
            context = merge_contexts(title, context)
        home = homes[index]
        result.append(
            resolve_mentions(
                spotting.kept,
                gazetteer,
                context=context,
                locality=home.locality,
                dateline_at=home.dateline_at,
            )
        )
    return result


@dataclass(frozen=True, slots=True)
class _Home:
    """What one article says of its home: the locality its newsroom gives (if
    any) and where its dateline's place starts (if it has one)."""

    locality: Locality | None
    dateline_at: int | None


def _homes(parts: Sequence[Window], gazetteer: Gazetteer) -> list[_Home]:
    """Each window's home (its article's); a locality name many articles share
    is looked up once. A dateline opens an article, so only its first window."""
    looked_up: dict[str, Locality] = {}
    homes = []
    for part in parts:
        document, locality = part.document, None
        if document.locality:
            if document.locality not in looked_up:
                looked_up[document.locality] = _given_locality(document, gazetteer)
            locality = looked_up[document.locality]
        dateline = dateline_start(document.text) if part.offset == 0 else None
        homes.append(_Home(locality, dateline))
    return homes


def _given_locality(document: Document, gazetteer: Gazetteer) -> Locality:
    """The newsroom's locality of ``document``, looked up; an unknown name is
    an error naming it and the article."""
    try:
        return lookup_locality(document.locality, gazetteer)
    except UnknownPlace as error:
        raise UnknownPlace(f"article {document.id}: {error}") from None


def _as_titled(resolutions: Sequence[Resolution], place: Place | None) -> tuple[Resolution, ...]:
    """The text's mentions of the place its title names are that place: in an
    article titled "Windsor, Massachusetts", "Windsor" is that Windsor."""
    if place is None:
        return tuple(resolutions)
    key = name_key(place.name)
    return tuple(
        replace(r, place=place, score=1.0, reasons=(*r.reasons, "the article's title names it"))
        if r.place is not None
        and r.place.id != place.id
        and name_key(r.mention.text) == key
        and not _qualified_in_text(r)
        else r
        for r in resolutions
    )


def _qualified_in_text(resolution: Resolution) -> bool:
    """Whether the text itself says which place it means ("Exeter, England")."""
    return bool(resolution.mention.qualifier)


# The title's place votes like a mention of the text that is sure of itself.
_TITLE_KEY = "@title"


def _title_context(place: Place | None) -> DocumentContext | None:
    """What a place title says about where the text is: its country, its point."""
    if place is None:
        return None
    return DocumentContext([(_TITLE_KEY, place.country_code, 1.0)], [(_TITLE_KEY, place.point)])


def analyze(
    documents: Sequence[Document],
    gazetteer: Gazetteer,
    *,
    site: Place | LatLon | str | None = None,
    shared_context: bool = True,
) -> Report:
    """Run every stage on ``documents`` and return the report.

    ``site`` fixes the incident site that "the plant" or "the facility" refers
    to: a Place, a point, or a name to look up; by default it is inferred from
    the places named.
    """
    from geomap.locate import disagreements
    from geomap.verify.verdicts import find_contradictions

    checked = _checked(documents, gazetteer, site=site, shared_context=shared_context)
    verdicts, estimates = _estimates(checked.verdicts, gazetteer, site, checked.site)
    return Report(
        documents=checked.documents,
        resolutions=checked.resolutions,
        verdicts=verdicts,
        findings=find_contradictions(verdicts) + disagreements(estimates),
        site=checked.site,
        dropped=checked.dropped,
        estimates=estimates,
    )


@dataclass(frozen=True, slots=True)
class _Checked:
    """The documents (capitals restored), their places and their claims checked."""

    documents: tuple[Document, ...]
    resolutions: tuple[Resolution, ...]
    dropped: tuple[Mention, ...]
    verdicts: tuple[Verdict, ...]
    site: Place | None


def _checked(
    documents: Sequence[Document],
    gazetteer: Gazetteer,
    *,
    site: Place | LatLon | str | None,
    shared_context: bool = True,
) -> _Checked:
    """Places found, the site resolved (as given, or inferred from the places
    named), claims extracted and checked."""
    from geomap.claims.extract import merge_repeated

    documents = [_restored(document, gazetteer) for document in documents]
    titles = title_places(documents, gazetteer)
    resolutions, dropped = _find_places(
        documents, gazetteer, shared_context=shared_context, titles=titles
    )
    site_place = resolve_site(site, gazetteer, resolutions, documents, titles)
    claims, site_place = _claims(documents, resolutions, gazetteer, site, site_place, titles)
    verdicts, resolutions = _verdicts(
        merge_repeated(claims), resolutions, documents, titles, gazetteer, site, site_place
    )
    return _Checked(tuple(documents), resolutions, dropped, verdicts, site_place)


def _claims(
    documents: Sequence[Document],
    resolutions: Sequence[Resolution],
    gazetteer: Gazetteer,
    site: Place | LatLon | str | None,
    site_place: Place | None,
    titles: Mapping[str, Place | None],
) -> tuple[list[Claim], Place | None]:
    """The claims of every document, and the site they are read with."""
    from geomap.claims.extract import extract_claims

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
    if site is not None or site_place is None or site_place in titles.values():
        return claims, site_place
    if _measured_from_itself(claims, site_place):
        # "The epicentre was 33 km west of Gaziantep": the articles place the
        # incident relative to the place geomap guessed as its site, so the
        # guess is wrong. Better no site (those claims are estimated or
        # unverifiable) than a wrong one; the user can give it with --site.
        return claims_about(None), None
    if site_place.kind in _STAND_IN_KINDS:
        unsited = claims_about(None)
        if _measured_from(unsited, site_place) or _scene_placed_elsewhere(
            unsited, site_place, gazetteer
        ):
            # "the plant, 40 km south-east of the capital", the most named
            # town lying outside where such claims put the scene: the claims
            # locate the scene, the town only stood in for it
            return unsited, None
    return claims, site_place


# A guessed site of these kinds is a town standing in for a scene the
# articles do not name; a facility or feature they name is the scene itself.
_STAND_IN_KINDS = frozenset({"city", "admin2"})


def _scene_placed_elsewhere(claims: Sequence[Claim], town: Place, gazetteer: Gazetteer) -> bool:
    """Whether the claims about the unnamed scene ("the plant", "the
    epicentre") put it in a region that leaves ``town`` out."""
    from geomap.locate import compare_with_known, scene_estimate

    estimate = scene_estimate(claims, gazetteer)
    if estimate is None:
        return False
    known = compare_with_known(estimate, town).known
    return known is not None and not known.inside


def _verdicts(
    claims: Sequence[Claim],
    resolutions: tuple[Resolution, ...],
    documents: Sequence[Document],
    titles: Mapping[str, Place | None],
    gazetteer: Gazetteer,
    site: Place | LatLon | str | None,
    site_place: Place | None,
) -> tuple[tuple[Verdict, ...], tuple[Resolution, ...]]:
    """The claims checked, homonyms reread, doubtful places not called false."""
    from geomap.verify.doubt import withhold_doubtful
    from geomap.verify.homonyms import reread_homonyms
    from geomap.verify.verdicts import verify_claims

    backed = tuple(place for place in titles.values() if place is not None)
    verdicts, resolutions = reread_homonyms(
        verify_claims(claims, gazetteer), resolutions, gazetteer, backed=backed
    )
    guessed = site_place if site is None and site_place not in titles.values() else None
    verdicts = withhold_doubtful(
        verdicts, resolutions, documents, titles, gazetteer, guessed_site=guessed
    )
    return verdicts, resolutions


def _estimates(
    verdicts: tuple[Verdict, ...],
    gazetteer: Gazetteer,
    site: Place | LatLon | str | None,
    site_place: Place | None,
) -> tuple[tuple[Verdict, ...], tuple[Estimate, ...]]:
    """Where the claims put what no gazetteer holds, and what that says of
    the other claims; with a site given, where its own claims put it."""
    from geomap.locate import (
        estimate_subjects,
        judge_from_the_estimate,
        judge_left_out,
        say_what_they_place,
    )

    estimates = estimate_subjects([v.claim for v in verdicts if not v.claim.subjects], gazetteer)
    verdicts = judge_from_the_estimate(judge_left_out(verdicts, estimates), estimates)
    verdicts = say_what_they_place(verdicts, estimates)
    if site_place is not None and (site is not None or site_place.kind == "facility"):
        # the site as given, or the facility the articles name, against where
        # their own claims put it: a check of the reporting as a whole
        estimates += _site_from_its_claims(verdicts, site_place, gazetteer)
    return verdicts, estimates


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
    return gathered(list(analyze_one_by_one(documents, gazetteer, site=site)))


def gathered(reports: Sequence[Report]) -> Report:
    """Reports of articles checked each on its own, as one (no single site)."""
    return Report(
        documents=tuple(d for report in reports for d in report.documents),
        resolutions=tuple(r for report in reports for r in report.resolutions),
        verdicts=tuple(v for report in reports for v in report.verdicts),
        findings=tuple(f for report in reports for f in report.findings),
        site=None,
        dropped=tuple(m for report in reports for m in report.dropped),
        estimates=tuple(e for report in reports for e in report.estimates),
    )


def analyze_one_by_one(
    documents: Iterable[Document],
    gazetteer: Gazetteer,
    *,
    site: Place | LatLon | str | None = None,
) -> Iterator[Report]:
    """The report of every document as its own incident, one at a time (the
    parts :func:`analyze_each` gathers): an archive is read as it is checked."""
    for document in documents:
        yield analyze([document], gazetteer, site=site)


def _site_from_its_claims(
    verdicts: Sequence[Verdict], site: Place, gazetteer: Gazetteer
) -> tuple[Estimate, ...]:
    from geomap.locate import compare_with_known, locate_claims

    # a claim read two ways ("Ain Amenas / the gas field, 60 km from the
    # border") counts with its reading as the site; if that reading is wrong,
    # the claim disagrees with the others and is left out
    claims = [v.claim for v in verdicts if site in v.claim.subjects]
    estimate = locate_claims(claims, gazetteer)
    return (compare_with_known(estimate, site),) if estimate is not None else ()


def locate(
    documents: Sequence[Document], gazetteer: Gazetteer, *, each: bool = False
) -> tuple[Estimate, ...]:
    """Estimate, from the claims of ``documents``, where the places they place
    but no gazetteer holds are: the incident site and unknown named places
    (the estimates :func:`analyze` reports). A facility the articles name as
    the site is estimated too, and set against the gazetteer's point.

    By default the documents are one incident (their claims about "the
    epicentre" are combined); with ``each`` every document is its own.
    """
    report = analyze_each(documents, gazetteer) if each else analyze(documents, gazetteer)
    return report.estimates


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


def _measured_from(claims: Sequence[Claim], town: Place) -> bool:
    """Whether a claim puts another place a distance from ``town``
    ("Burlington is 93 miles south of Billings"): the articles place things
    from it, so it is no stand-in for a scene they leave unnamed ("a plant
    near Grenoble" is no such claim: it puts the scene at the town)."""
    return any(
        claim.reference.place is not None
        and claim.reference.place.id == town.id
        and claim.quantity is not None
        and claim.subject_text
        for claim in claims
    )
