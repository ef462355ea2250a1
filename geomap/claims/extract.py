"""Distance and direction claims read from an article's text.

"The desert gas field is in Ain Amenas in Illizi province, around 60 km from the
Libyan border" holds one claim: a *quantity* ("around 60 km"), a *reference*
it is measured from ("the Libyan border": the border geometry of Libya) and
the *subjects* said to lie at that distance (two readings: In Amenas town,
and the gas field, the incident site). :func:`extract_claims` finds such
claims with :mod:`geomap.claims.quantities` and the document's resolved place
mentions; it never looks anything up itself.

This module builds the claims of each sentence (:mod:`geomap.text.sentences`):
it decides from the words after a quantity (:mod:`geomap.claims.quantity_tail`) or
from "near" and "north of" which kind of claim a phrase states, and composes
its subjects (:mod:`geomap.claims.subjects`) and its reference
(:mod:`geomap.claims.references`).

Conventions of the :class:`~geomap.model.Claim` objects built here:

``direction``
    the compass point (see :data:`~geomap.claims.quantities.COMPASS_DEGREES`) at
    which the subject lies *as seen from the reference*. When the text names
    the place that lies at a distance and leaves the origin implicit
    ("Duckwater, 46 miles to the south"; "it is 68 miles south-east to
    Chattanooga"), that place is the subject and the origin (the sentence's
    subject, else the incident site) is the reference, so the stated direction
    keeps its meaning. Such an implicit reference has empty ``text``.
``relation``
    ``from`` (a distance, with or without a direction), ``by road`` (stated
    as a road distance: the straight line may be shorter), ``within`` (an
    upper bound: "within 30 km of", "a 15 km radius of"), ``near``
    (qualitative, no quantity) or ``direction`` (a direction and no distance:
    "just north of Algiers").
``reference.geometry``
    ``border`` for "the Libyan border", "the border with Libya", "Libya's
    border", "the Algeria-Libya border" (``place`` is the country across the
    border from the subject, ``other_place`` the subject's side when named);
    ``coast`` for "off the coast of X", "off X"; ``area`` when the reference
    place is a country, region or other polygon; ``point`` otherwise.
``subjects``
    every reading of what lies at the distance, in the order found: places
    named before the phrase (apposition, relative clause, "X is located ...",
    coordination with a previous claim), the incident ``site`` for "the
    plant", "the facility", "the complex", "the field", "the site", and the
    site when nothing else is named.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from geomap.claims.claimtext import ClaimText
from geomap.claims.phrases import phrase_after
from geomap.claims.quantities import (
    QuantityMatch,
    find_quantities,
    match_direction,
    opposite_direction,
)
from geomap.claims.quantity_tail import QuantityTail, read_quantity_tail
from geomap.claims.references import (
    border_reference,
    names_a_place,
    origin_reference,
    reference_in_phrase,
)
from geomap.claims.subjects import (
    CLAUSE_OPENING,
    SubjectReading,
    readings_in_phrase,
    subject_readings,
)
from geomap.gazetteer.normalize import name_key
from geomap.geoparse.qualifiers import contains
from geomap.model import Claim, Document, Location, Place, Quantity, Reference, Resolution
from geomap.text.claimwords import AREA_KINDS
from geomap.text.sentences import sentence_spans

__all__ = ["extract_claims", "merge_repeated"]

_WITHIN_ARTICLE = re.compile(r"\bwithin\s+(?:an?\s+)?$", re.I)
_NEAR = re.compile(
    r"""\b(?:near(?:\s+to)?|close\s+to|not\s+far\s+from|on\s+the\s+outskirts\s+of
    |just\s+outside(?:\s+of)?|in\s+the\s+vicinity\s+of)\s+""",
    re.I | re.X,
)
_DIRECTION_ONLY = re.compile(
    r"""(?P<lead>\b(?:due|just|slightly|directly|immediately|far|well|to\s+the)\s+)?
    \b(?=(?:north|south|east|west))""",
    re.I | re.X,
)
_OF = re.compile(r"\s+of\s+", re.I)
_ENDS_WITH_THE = re.compile(r"\bthe$", re.I)
_DASHES = re.compile("[\u2010-\u2015]")


@dataclass(frozen=True, slots=True)
class _Found:
    """A claim with the readings that built it (for coordinated claims)."""

    claim: Claim
    readings: tuple[SubjectReading, ...]


# ---------------------------------------------------------------------------
# Public functions.


def extract_claims(
    document: Document,
    resolutions: Sequence[Resolution],
    *,
    site: Place | None = None,
    capitals: Mapping[str, Place] | None = None,
) -> tuple[Claim, ...]:
    """The distance and direction claims stated in ``document``.

    ``resolutions`` are the document's resolved place mentions; ``site`` is
    the incident site, which "the plant", "the facility" and the like refer
    to; ``capitals`` maps country codes to capitals, for "the capital" and
    "the Sudanese capital". Claims repeated verbatim (a repeated paragraph)
    are returned once with all their locations.

    >>> doc = Document("d1", "The plant lies 60 miles from the Libyan border.")
    >>> [(c.quantity.low, c.quantity.unit, c.reference.text, c.reference.geometry, c.subject_text)
    ...  for c in extract_claims(doc, [])]
    [(60.0, 'mi', 'the Libyan border', 'border', 'The plant')]
    """
    context = ClaimText(document, resolutions, site, capitals)
    claims: list[Claim] = []
    for start, end in sentence_spans(document.text):
        claims.extend(_sentence_claims(context, start, end))
    return merge_repeated(claims)


def merge_repeated(claims: Iterable[Claim]) -> tuple[Claim, ...]:
    """One claim per repeated statement, holding the locations of every repeat.

    Two claims are the same when they come from the same document, their
    phrases are equal once case, spacing and quote styles are normalised, and
    they read the same subjects and reference. The first one is kept.

    >>> from geomap.model import Quantity, Reference
    >>> ref = Reference("Algiers", 10, 17, "point")
    >>> q = Quantity("60 km", 60, 60, "km")
    >>> first = Claim("d", 0, 17, "60 km of Algiers", "", ref, q)
    >>> again = replace(first, start=100, end=117)
    >>> [(l.start, l.end) for l in merge_repeated([first, again])[0].locations]
    [(0, 17), (100, 117)]
    """
    # the first claim of each key, and every location of its repeats, in
    # order and once each (gathered, then joined: repeats cost linear time)
    merged: dict[tuple[object, ...], Claim] = {}
    places: dict[tuple[object, ...], dict[Location, None]] = {}
    for claim in claims:
        locations = claim.locations or (Location(claim.doc_id, claim.start, claim.end),)
        key = (
            claim.doc_id,
            _normalise_phrase(claim.text),
            claim.relation,
            claim.direction,
            claim.reference.geometry,
            claim.reference.place.id if claim.reference.place else claim.reference.text.lower(),
            tuple(place.id for place in claim.subjects),
        )
        merged.setdefault(key, claim)
        places.setdefault(key, {}).update(dict.fromkeys(locations))
    return tuple(replace(claim, locations=tuple(places[key])) for key, claim in merged.items())


# ---------------------------------------------------------------------------
# Claims in one sentence.


def _sentence_claims(context: ClaimText, start: int, end: int) -> list[Claim]:
    text = context.text
    sentence = text[start:end]
    found: list[_Found] = []
    quantity_spans: list[tuple[int, int]] = []
    context.located_in_sentence = set()
    for match in find_quantities(sentence):
        shifted = replace(match, start=match.start + start, end=match.end + start)
        quantity_spans.append((shifted.start, shifted.end))
        previous = found[-1] if found else None
        claim = _quantity_claim(context, start, end, shifted, previous)
        if claim is not None:
            found.append(claim)
    covered = [(f.claim.start, f.claim.end) for f in found] + quantity_spans
    for claim in (
        *_near_claims(context, start, end, covered),
        *_direction_claims(context, start, end, covered),
    ):
        found.append(claim)
    found.sort(key=lambda f: f.claim.start)
    return [f.claim for f in found]


def _quantity_claim(
    context: ClaimText,
    sentence_start: int,
    sentence_end: int,
    match: QuantityMatch,
    previous: _Found | None,
) -> _Found | None:
    """The claim a quantity states, if what follows makes it a distance between places."""
    text = context.text
    quantity = match.quantity
    tail = read_quantity_tail(text, match.end, sentence_end)
    if tail is None:
        return None
    relation = tail.relation
    if _WITHIN_ARTICLE.search(text, max(sentence_start, match.start - 12), match.start):
        quantity = replace(quantity, hedge="within")  # "within a 15 km radius of"
    if quantity.hedge == "within":
        relation = "within"
    if tail.needs_direction_or_bound and relation != "within":
        return None
    coordinated = (
        (previous.claim.end, previous.readings, previous.claim.reference.place)
        if previous is not None
        else None
    )
    readings = subject_readings(context, sentence_start, match.start, coordinated)
    sentence = (sentence_start, sentence_end)
    if tail.form == "reference":
        parts = _measured_from_phrase(context, sentence, tail, readings)
    elif tail.form == "to":
        parts = _measured_to_place(context, sentence, match.start, tail, readings)
    else:
        parts = _measured_from_implicit_origin(context, sentence, match.start, tail, readings)
    if parts is None:
        return None
    reference, readings, end, direction = parts
    if not readings and _opens_the_clause(text[sentence_start : match.start]):
        # "About 10 km south-east of Tau is the municipal centre of Jørpeland",
        # "Some 40 km north of Kabul lies the Bagram air base": the subject
        # comes after the verb
        readings = _inverted_subject(context, end, sentence_end)
    if reference.place is not None:
        readings = [r for r in readings if r.place != reference.place]
    return _make_claim(
        context,
        sentence,
        (match.start, end),
        reference,
        readings,
        quantity=quantity,
        direction=direction,
        relation=relation,
    )


# (reference, subject readings, end of the claim phrase, direction)
_Parts = tuple[Reference, list[SubjectReading], int, str | None]


def _measured_from_phrase(
    context: ClaimText,
    sentence: tuple[int, int],
    tail: QuantityTail,
    readings: list[SubjectReading],
) -> _Parts | None:
    """ "60 km north of Algiers": the reference is the phrase after the connector."""
    phrase = phrase_after(context, tail.end, sentence[1])
    if phrase is None or not names_a_place(context, *phrase, strict=tail.needs_name):
        return None
    reference = reference_in_phrase(context, *phrase, readings, coast=tail.coast)
    if readings and readings[0].border:
        # "Libya, the border of which lies 40 miles from the camp": the
        # border is the reference and the camp the subject.
        subject = SubjectReading(reference.start, reference.end, reference.place)
        border = readings[0]
        return border_reference(context, border), [subject], phrase[1], _opposite(tail.direction)
    return reference, readings, phrase[1], tail.direction


def _measured_to_place(
    context: ClaimText,
    sentence: tuple[int, int],
    anchor: int,
    tail: QuantityTail,
    readings: list[SubjectReading],
) -> _Parts | None:
    """ "it is 68 miles south-east to Chattanooga": the named place lies at the
    distance, measured from the sentence's subject (or the site)."""
    phrase = phrase_after(context, tail.end, sentence[1])
    if phrase is None:
        return None
    located = readings_in_phrase(context, *phrase)
    if not located:
        return None
    reference = origin_reference(context, sentence[0], anchor, readings, located)
    return reference, located, phrase[1], tail.direction


def _measured_from_implicit_origin(
    context: ClaimText,
    sentence: tuple[int, int],
    anchor: int,
    tail: QuantityTail,
    readings: list[SubjectReading],
) -> _Parts | None:
    """ "Tessalit, 90 km to the north": the place named before lies at the
    distance from an origin left implicit (the sentence's subject, or the site)."""
    located = [
        r for r in readings if not r.is_site and (r.place is None or r.place != context.site)
    ]
    if not located:
        return None
    reference = origin_reference(context, sentence[0], anchor, [], located)
    return reference, located, tail.end, tail.direction


def _near_claims(
    context: ClaimText, sentence_start: int, sentence_end: int, covered: list[tuple[int, int]]
) -> list[_Found]:
    """ "In Amenas, near the Libyan border": qualitative claims without a quantity."""
    found = []
    for match in _NEAR.finditer(context.text, sentence_start, sentence_end):
        if _overlaps(match.start(), match.end(), covered):
            continue
        if match.group()[0].isupper() and match.start() != sentence_start:
            continue  # title case ("Forces On Standby Near Algeria"): a headline
        phrase = phrase_after(context, match.end(), sentence_end)
        if phrase is None or _overlaps(*phrase, covered):
            continue
        claim = _claim_without_distance(
            context, (sentence_start, sentence_end), match.start(), phrase, None, "near"
        )
        if claim is not None:
            found.append(claim)
    return found


def _claim_without_distance(
    context: ClaimText,
    sentence: tuple[int, int],
    start: int,
    phrase: tuple[int, int],
    direction: str | None,
    relation: str,
) -> _Found | None:
    """A "near X" or "north of X" claim: the subject is found before ``start``,
    the reference in ``phrase``; None when the reference names no known place
    or nothing (not even the site) can be its subject."""
    readings = subject_readings(context, sentence[0], start, None)
    reference = reference_in_phrase(context, *phrase, readings, coast=False)
    if reference.place is None:
        return None
    readings = [r for r in readings if r.place is None or r.place != reference.place]
    if not readings and not _site_may_be_meant(context, reference):
        return None
    return _make_claim(
        context,
        sentence,
        (start, phrase[1]),
        reference,
        readings,
        quantity=None,
        direction=direction,
        relation=relation,
    )


def _direction_claims(
    context: ClaimText, sentence_start: int, sentence_end: int, covered: list[tuple[int, int]]
) -> list[_Found]:
    """ "just north of Algiers": a direction without a distance."""
    text = context.text
    found: list[_Found] = []
    for match in _DIRECTION_ONLY.finditer(text, sentence_start, sentence_end):
        word_start = match.end()
        direction = match_direction(text, word_start)
        if direction is None or direction.start != word_start:
            continue
        if _overlaps(match.start(), direction.end, covered):
            continue
        if found and match.start() < found[-1].claim.end:
            continue  # "north" inside "far north of Gao", already read
        of = _OF.match(text, direction.end)
        if of is None:
            continue
        # "the North of England" names a region; a capitalised direction
        # mid-sentence is part of a name ("North Africa" never gets here).
        before = text[sentence_start : match.start()].rstrip()
        if not match.group("lead") and _ENDS_WITH_THE.search(before):
            continue
        if text[word_start].isupper() and before and not before.endswith((",", ";", ":")):
            continue
        phrase = phrase_after(context, of.end(), sentence_end)
        if phrase is None:
            continue
        claim = _claim_without_distance(
            context,
            (sentence_start, sentence_end),
            match.start(),
            phrase,
            direction.direction,
            "direction",
        )
        if claim is not None:
            found.append(claim)
    return found


def _site_may_be_meant(context: ClaimText, reference: Reference) -> bool:
    """Whether a qualitative claim naming no subject is about the site.

    "The attack happened near the Libyan border" is; "winds reached 60 km/h
    near Gao" is not: only a border is taken to describe the site unasked.
    """
    return context.site is not None and reference.geometry == "border"


def _make_claim(
    context: ClaimText,
    sentence: tuple[int, int],
    phrase: tuple[int, int],
    reference: Reference,
    readings: Sequence[SubjectReading],
    *,
    quantity: Quantity | None,
    direction: str | None,
    relation: str,
) -> _Found:
    text = context.text
    readings = [_named_like_the_site(context, r) for r in readings]
    named = {r.place: (r.start, r.end) for r in reversed(readings) if r.place is not None}
    subjects = _without_areas_holding_them(
        tuple(dict.fromkeys(r.place for r in readings if r.place is not None))
    )
    subject_spans = tuple(named[place] for place in subjects)
    subject_text = " / ".join(
        dict.fromkeys(text[r.start : r.end] for r in readings if r.end > r.start)
    )
    if context.site is not None and (not readings or _only_areas_around(subjects, context.site)):
        subjects = (context.site,)
        # what the next item of a list ("..., 206 km south of Delhi") inherits
        readings = [SubjectReading(phrase[0], phrase[0], context.site, is_site=True)]
    if subjects or reference.place is not None:
        context.last_located = subjects[0] if subjects else reference.place
    context.located_in_sentence.update(s for s in subjects if s != context.site)
    start, end = phrase
    claim = Claim(
        doc_id=context.document.id,
        start=start,
        end=end,
        text=text[start:end],
        sentence=text[sentence[0] : sentence[1]],
        reference=reference,
        quantity=quantity,
        direction=direction,
        relation=relation,
        subject_text=subject_text,
        subjects=subjects,
        locations=(Location(context.document.id, start, end),),
        subject_spans=subject_spans if len(subject_spans) == len(subjects) else (),
        subject_within=_areas_holding_the_subject(context, readings, sentence[0], start, reference),
    )
    return _Found(claim, tuple(readings))


# "Tazrit, a village in Illizi province, 48 km ...", "the epicentre, in
# northern Gaziantep province, was 37 km ...": "in" and an area between the
# subject and its figure say where the subject is
_IN_AN_AREA = re.compile(
    r"\b(?:in|inside|within)\s+(?:the\s+)?(?:(?:far\s+)?(?:north|south|east|west)"
    r"(?:-?(?:east|west))?(?:ern)?\s+|central\s+)?(?:province\s+of\s+|state\s+of\s+)?$",
    re.I,
)
# Kinds whose outline the gazetteer keeps
_OUTLINED_AREAS = frozenset({"admin1", "country"})


def _areas_holding_the_subject(
    context: ClaimText,
    readings: Sequence[SubjectReading],
    sentence_start: int,
    claim_start: int,
    reference: Reference,
) -> tuple[Place, ...]:
    """The countries and first-level regions the sentence puts the subject in."""
    after = max((r.end for r in readings if r.end > r.start), default=sentence_start)
    areas = []
    for resolution in context.inside(after, claim_start):
        place = resolution.place
        if place is None or place.kind not in _OUTLINED_AREAS or place == reference.place:
            continue
        start = resolution.mention.start
        if _IN_AN_AREA.search(context.text, max(after, start - 40), start):
            areas.append(place)
    return tuple(dict.fromkeys(areas))


# ---------------------------------------------------------------------------
# Small helpers.


_INVERTED_VERB = re.compile(r"\s*,?\s*(?:is|are|lies|lie|sits|stands|was|were)\s+(?=\S)", re.I)


def _opens_the_clause(prefix: str) -> bool:
    return CLAUSE_OPENING.fullmatch(prefix) is not None


def _inverted_subject(context: ClaimText, end: int, sentence_end: int) -> list[SubjectReading]:
    """The noun phrase after "is" or "lies" that follows the distance phrase."""
    verb = _INVERTED_VERB.match(context.text, end, sentence_end)
    if verb is None:
        return []
    phrase = phrase_after(context, verb.end(), sentence_end)
    if phrase is None:
        return []
    return readings_in_phrase(context, *phrase, subject_position=True)


def _named_like_the_site(context: ClaimText, reading: SubjectReading) -> SubjectReading:
    """An unresolved subject that bears the site's name is the site ("Buffalo
    is 30 miles NE of the Texas line" in an article titled "Buffalo, Oklahoma")."""
    site = context.site
    if reading.place is not None or site is None:
        return reading
    if name_key(context.text[reading.start : reading.end]) != name_key(site.name):
        return reading
    return replace(reading, place=site, is_site=True)


def _without_areas_holding_them(subjects: tuple[Place, ...]) -> tuple[Place, ...]:
    """ "Aberdeen, the seat of Brown County, 125 miles NE of Pierre": the county
    only says where Aberdeen is; an area holding another subject is dropped."""
    return tuple(
        subject
        for subject in subjects
        if not (
            subject.kind in AREA_KINDS
            and any(other is not subject and contains(subject, other) for other in subjects)
        )
    )


def _only_areas_around(subjects: Sequence[Place], site: Place) -> bool:
    """True when every subject read is an area holding the site: "Aberdeen is
    the county seat of Brown County, about 125 miles NE of Pierre" locates the
    article's place in the county; the distance is the place's, not the county's."""
    return bool(subjects) and all(
        subject.kind in AREA_KINDS and subject.id != site.id and contains(subject, site)
        for subject in subjects
    )


def _opposite(direction: str | None) -> str | None:
    return opposite_direction(direction) if direction else None


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)


def _normalise_phrase(text: str) -> str:
    text = text.lower().replace("’", "'").replace("“", '"').replace("”", '"')
    text = _DASHES.sub("-", text)
    return " ".join(text.split())
