"""Verification: claims against geometry, and claims against each other.

The tolerance model is derived from how true claims are written (330 true
claims of ``bench/claims_gold.jsonl``'s tuning split, both ends placed by
hand; README, "What the verdicts mean"): the straight line is within 10 % of
the stated figure for 40 % of them, 20 % for 67 %, 30 % for 85 %, 45 % for
94 %; 72 % state *more* than the straight line (roads, town edges); compass
words are within 45° of the bearing for 96 % and within 50° for 98 %. So:

- what a figure *states* is its number to the precision of its last
  significant digit ("1,300 km" is 1,250-1,350), widened by hedges ("about"
  ±15 %), bounded by "more than", "within", "nearly"; vague words are ranges
  ("a few" = 2-9). Two claims contradict when these stated ranges cannot
  both hold;
- a straight line *fits* the figure when it lies within 20 % below to 25 %
  above it (or within the stated range, if that is wider), ±3 km for the
  size of a town drawn as a point;
- between two settlements, a straight line 20-55 % shorter than stated may
  be a road distance: that is said, not judged;
- a direction fits when the bearing is within 50° of the stated compass point.

Each reading of a claim (the town, the plant) is measured; the verdict is
``consistent``, ``inconsistent``, ``road-distance-plausible``, ``ambiguous``
(fits under some readings only) or ``unverifiable`` (a place not found, or
one too doubtful to call the claim false on).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from itertools import combinations

from geomap import geometry
from geomap.claims.quantities import COMPASS_DEGREES
from geomap.gazetteer.store import Gazetteer
from geomap.geoparse.qualifiers import region_code
from geomap.model import (
    AREA_KINDS,
    SHAPED_KINDS,
    Claim,
    Finding,
    FindingKind,
    LatLon,
    Place,
    PlaceKind,
    Quantity,
    Reading,
    Reference,
    Status,
    Verdict,
)
from geomap.units import format_km

__all__ = [
    "DIRECTION_TOLERANCE_DEG",
    "FARTHEST_KM",
    "ROAD_SHORTFALL",
    "accepted_range_km",
    "contradict",
    "find_contradictions",
    "stated_range_km",
    "verify_claim",
    "verify_claims",
    "widened_for_city_size",
]

# Hedges as geomap.claims.quantities normalises them.
_ABOUT = 0.15  # "about 60 km": anything within 15 % reads as "about"
_AT_LEAST = frozenset({"more than"})
_AT_MOST = frozenset({"less than", "within", "up to"})
_NEARLY = frozenset({"nearly"})  # a little less than the number
_EXACTLY = frozenset({"exactly"})
# "only 5 km", "barely 100 miles": the number stands, stressed as small.
# "near" with no number: how far still reads as near, by what it is near to.
_NEAR_KM = {"point": 50.0, "border": 150.0, "coast": 150.0, "area": 150.0}
# How far a true straight line strays from the written figure (see above).
_SHORTER = 0.20  # the straight line up to 20 % shorter than stated
_LONGER = 0.25  # ... or up to 25 % longer
_TOWN_SIZE_KM = 3.0  # towns and plants are drawn as points
ROAD_SHORTFALL = 0.55  # a road up to 55 % longer than the straight line
DIRECTION_TOLERANCE_DEG = 50.0
_POLE_LAT = 89.5
_POINT_KINDS = frozenset({"city", "facility", "feature", "admin2"})
_AREA_SUBJECTS = AREA_KINDS
# A measured distance this far beyond the stated one points to a misread place.
_IMPLAUSIBLE_KM = 50.0
#: The longest geodesic on WGS84, pole to pole (km): no stated distance between
#: two places on Earth can be longer.
FARTHEST_KM = 20_004.0
_IMPLAUSIBLE_FACTOR = 8.0

_FITS = frozenset({Status.CONSISTENT, Status.ROAD_DISTANCE_PLAUSIBLE})
STATUSES = tuple(Status)


def stated_range_km(quantity: Quantity) -> tuple[float, float]:
    """The distances (km) a stated quantity says, as written: its precision and hedges.

    >>> from geomap.model import Quantity
    >>> [round(x) for x in stated_range_km(Quantity("around 60 km", 60, 60, "km", "about"))]
    [46, 74]
    >>> [round(x) for x in stated_range_km(Quantity("1,300 km", 1300, 1300, "km"))]
    [1250, 1350]
    >>> [round(x) for x in stated_range_km(Quantity("within 5 km", 5, 5, "km", "within"))]
    [0, 5]
    """
    per_unit = quantity.km_per_unit
    low, high = quantity.low, quantity.high
    hedge = quantity.hedge
    half = 0.0
    if not quantity.vague:
        step = _precision_step(low) if low == high else 0.0
        half = min(step / 2, 0.10 * high)
        if hedge in _EXACTLY:
            half = min(half, 0.02 * high)
    if hedge == "about":
        half += _ABOUT * high
    low_km, high_km = max(0.0, (low - half) * per_unit), (high + half) * per_unit
    if hedge in _AT_LEAST:
        high_km = math.inf
    elif hedge in _AT_MOST:
        low_km = 0.0
        high_km = high * per_unit
    elif hedge in _NEARLY:
        high_km = high * per_unit
        low_km = min(low_km, 0.85 * low * per_unit)
    return low_km, high_km


def accepted_range_km(quantity: Quantity) -> tuple[float, float]:
    """The straight-line distances (km) that fit a stated quantity.

    The stated range, or 20 % below to 25 % above the figure if that is
    wider, and 3 km either side for the size of a town drawn as a point.

    >>> from geomap.model import Quantity
    >>> [round(x) for x in accepted_range_km(Quantity("around 60 km", 60, 60, "km", "about"))]
    [43, 78]
    >>> [round(x) for x in accepted_range_km(Quantity("1,300 km", 1300, 1300, "km"))]
    [1037, 1628]
    >>> [round(x) for x in accepted_range_km(Quantity("within 5 km", 5, 5, "km", "within"))]
    [0, 9]
    """
    per_unit = quantity.km_per_unit
    stated_low, stated_high = stated_range_km(quantity)
    low_km = min(stated_low, (1 - _SHORTER) * quantity.low * per_unit)
    high_km = max(stated_high, (1 + _LONGER) * quantity.high * per_unit)
    if quantity.hedge in _AT_LEAST:
        high_km = math.inf
    elif quantity.hedge in _AT_MOST:
        low_km = 0.0
    elif quantity.hedge in _NEARLY:
        high_km = stated_high
    return max(0.0, low_km - _TOWN_SIZE_KM), high_km + _TOWN_SIZE_KM


def _precision_step(value: float) -> float:
    """The unit of the last significant digit: 1300 -> 100, 60 -> 10, 7.5 -> 0.1."""
    if value <= 0:
        return 1.0
    if value != int(value):
        decimals = len(f"{value:.6f}".rstrip("0").split(".")[1])
        return 10.0**-decimals
    step = 1.0
    number = int(value)
    while number % 10 == 0 and number >= 10:
        number //= 10
        step *= 10
    return step


def verify_claims(claims: Iterable[Claim], gazetteer: Gazetteer) -> tuple[Verdict, ...]:
    """Verify every claim (see :func:`verify_claim`)."""
    return tuple(verify_claim(claim, gazetteer) for claim in claims)


def verify_claim(claim: Claim, gazetteer: Gazetteer) -> Verdict:
    """Measure every reading of ``claim`` and give one verdict with an explanation."""
    reference = claim.reference
    stated = _stated(claim)
    accepted = accepted_range_km(claim.quantity) if claim.quantity else None
    if reference.place is None:
        why = (
            f"'{reference.text}' is not in the gazetteer"
            if reference.text
            else "the place it is measured from is not named (the incident site? give it with --site)"
        )
        return Verdict(claim, "unverifiable", f"{stated}, but {why}.", accepted)
    if not claim.subjects:
        what = _mid_sentence(claim.subject_text) or "the place it describes"
        return Verdict(
            claim, "unverifiable", f"{stated}, but {what} could not be located.", accepted
        )
    subjects = [s for s in claim.subjects if _measurable_subject(s, reference.place, gazetteer)]
    if not subjects:
        names = " or ".join(s.name for s in claim.subjects)
        return Verdict(
            claim,
            "unverifiable",
            f"{stated}, but what is at that distance is not a point geomap can place "
            f"(read as {names}); give the site with --site.",
            accepted,
        )
    readings = []
    for subject in subjects:
        reading = _read(claim, subject, accepted, gazetteer)
        if reading is not None:
            readings.append(reading)
    if not readings:
        return Verdict(
            claim,
            "unverifiable",
            f"{stated}, but geomap has no geometry for {reference.text}.",
            accepted,
        )
    return Verdict(claim, *_overall(claim, readings), accepted, tuple(readings))


def _mid_sentence(phrase: str) -> str:
    """ "The epicentre" as it reads inside a sentence: "the epicentre"."""
    first, _, rest = phrase.partition(" ")
    if rest and first in ("The", "A", "An"):
        return f"{first.lower()} {rest}"
    return phrase


def _measurable_subject(subject: Place, reference: Place, gazetteer: Gazetteer) -> bool:
    """A reading is measured only when it is a point somewhere else than the
    reference: not the reference itself ("33 km west of Gaziantep" said of
    Gaziantep) and not a whole country, sea, continent, range or island."""
    return (
        subject.id != reference.id
        and subject.kind not in _AREA_SUBJECTS
        and not _an_area_feature(subject, gazetteer)
    )


def _read(
    claim: Claim, subject: Place, accepted: tuple[float, float] | None, gazetteer: Gazetteer
) -> Reading | None:
    measured = _measure(claim, subject, gazetteer)
    if measured is None:
        return None
    distance = measured.distance_km
    name = subject.name[:1].upper() + subject.name[1:]  # it opens a sentence
    target = _reference_phrase(claim)
    bearing, offset, direction_ok = _bearing_read(claim, subject, measured, gazetteer)
    facts = f"{name} is {format_km(distance)} from {target}"
    if bearing is not None and claim.direction:
        facts += (
            f", bearing {bearing:.0f}° ({_compass(bearing)}, {offset:.0f}° off {claim.direction})"
        )
    if measured.inside:
        facts = f"{name} lies inside {target}"
        if _approximate_outline(claim.reference.place) and accepted is not None and accepted[0] > 0:
            return Reading(
                subject=subject,
                distance_km=0.0,
                bearing_deg=None,
                status="unverifiable",
                explanation=f"{facts} as geomap draws it, an approximate outline (where a "
                "desert, a range or a sea's estuaries end is a matter of definition): "
                "not judged.",
                reference_point=measured.reference_point,
            )
    status, explanation = _distance_read(claim, subject, distance, accepted, facts)
    if not direction_ok and status != "unverifiable":
        status = "inconsistent"
        explanation = f"{facts}: the direction is {offset:.0f}° off the stated {claim.direction}."
    return Reading(
        subject=subject,
        distance_km=round(distance, 1),
        bearing_deg=None if bearing is None else round(bearing, 1),
        status=status,
        explanation=explanation,
        direction_offset_deg=None if offset is None else round(offset, 1),
        reference_point=measured.reference_point,
    )


def _bearing_read(
    claim: Claim, subject: Place, measured: geometry.Measurement, gazetteer: Gazetteer
) -> tuple[float | None, float | None, bool]:
    """The bearing shown, its offset from the stated compass point, and
    whether the compass point holds."""
    bearing = None if measured.inside else measured.bearing_deg
    if _at_a_pole(measured.reference_point):
        bearing = None
    if not claim.direction or bearing is None:
        return bearing, None, True
    offset = geometry.compass_offset_deg(bearing, COMPASS_DEGREES[claim.direction])
    if offset <= DIRECTION_TOLERANCE_DEG:
        return bearing, offset, True
    if _an_area_feature(claim.reference.place, gazetteer):
        # "10 miles east of the Great Salt Lake": east of the lake as a
        # whole, which the nearest shore may not be
        assert claim.reference.place is not None
        whole = geometry.bearing_deg(claim.reference.place.point, subject.point)
        whole_offset = geometry.compass_offset_deg(whole, COMPASS_DEGREES[claim.direction])
        if whole_offset <= DIRECTION_TOLERANCE_DEG:
            return whole, whole_offset, True
    return bearing, offset, False


def _distance_read(
    claim: Claim,
    subject: Place,
    distance: float,
    accepted: tuple[float, float] | None,
    facts: str,
) -> tuple[str, str]:
    """The status the figure gives and why, the compass point aside."""
    if accepted is None:  # qualitative: "near the border"
        limit = _NEAR_KM.get(claim.reference.geometry, 50.0)
        status = "consistent" if distance <= limit else "inconsistent"
        fits = "fits" if status == "consistent" else "stretches past"
        return status, f"{facts}; 'near' {fits} {limit:.0f} km."
    low, high = widened_for_city_size(accepted, claim.reference)
    central = _central_km(claim.quantity)  # type: ignore[arg-type]
    if low <= distance <= high:
        return "consistent", f"{facts}: within the stated {_range(low, high)}."
    impossible = _impossible_figure(central)
    if impossible:
        return "inconsistent", f"{facts}: {impossible}."
    if _road_plausible(claim, subject, distance, central):
        return "road-distance-plausible", (
            f"{facts}, {(central - distance) / central:.0%} less than stated: "
            "plausible as a road distance, not as a straight line."
        )
    if _another_place_of_that_name(distance, central):
        return "unverifiable", (
            f"{facts}, {distance / max(central, 1):.0f} times the stated distance: more "
            "likely another place of the same name than a wrong figure."
        )
    return "inconsistent", f"{facts}: {_how_far_off(central, distance, low, high)}."


# A figure "from Springfield" may be from its edge ("4 miles outside
# Springfield"): a city measured at its point reaches its built-up radius,
# up to 15 km for the largest.
_LARGEST_RADIUS_KM = 15.0


def _city_size_km(reference: Reference) -> float:
    """How far the city a claim measures from reaches (3 km at least)."""
    place = reference.place
    if reference.geometry != "point" or place is None or place.kind != PlaceKind.CITY:
        return _TOWN_SIZE_KM
    return min(_LARGEST_RADIUS_KM, geometry.urban_radius_km(place.population))


def widened_for_city_size(
    accepted: tuple[float, float], reference: Reference
) -> tuple[float, float]:
    """An accepted range (which allows a town's 3 km) widened to the built-up
    radius of the city measured from: "12 miles from Houston" may be from its
    edge."""
    extra = _city_size_km(reference) - _TOWN_SIZE_KM
    return max(0.0, accepted[0] - extra), accepted[1] + extra


def _at_a_pole(point: LatLon | None) -> bool:
    """From a pole every way is south (or north): a compass word says nothing."""
    return point is not None and abs(point.lat) > _POLE_LAT


def _another_place_of_that_name(distance: float, central: float) -> bool:
    """Eight times the stated figure and more than 50 km: a writer may round
    or err, but not by that much; a homonym (Kingston, Ontario, not Jamaica;
    Durham the region, not the town in Grey County) is the likelier cause, and
    calling the claim false would mislead."""
    return distance > _IMPLAUSIBLE_KM and distance > _IMPLAUSIBLE_FACTOR * central


def _measure(claim: Claim, subject: Place, gazetteer: Gazetteer) -> geometry.Measurement | None:
    reference = claim.reference
    place = reference.place
    assert place is not None
    region = region_code(place)
    if region is not None and reference.geometry in {"border", "area", "coast"}:
        return _measure_to_region(claim, subject, region, gazetteer)
    code = place.country_code
    if reference.geometry == "border" and place.kind == "country":
        other = reference.other_place.country_code if reference.other_place else None
        if other == subject.country_code and code != subject.country_code:
            code, other = other, code  # measure along the same shared line
        return geometry.measure_to_border(subject.point, gazetteer, code, other)
    if reference.geometry == "coast" and place.kind == "country":
        return geometry.measure_to_coast(subject.point, gazetteer, code)
    if reference.geometry == "area" and place.kind == "country":
        return geometry.measure_to_area(subject.point, gazetteer, code)
    if place.kind in SHAPED_KINDS and reference.geometry != "border":
        return _measure_to_feature(claim, subject, gazetteer)
    if reference.geometry in {"border", "coast"}:
        return None  # a state's border or coast is a line geomap lacks, not its centre
    return geometry.measure_to_point(subject.point, place.point)


def _an_area_feature(place: Place | None, gazetteer: Gazetteer) -> bool:
    """A lake, a sea, a desert with its polygon (not a river's line)."""
    if place is None or place.kind not in SHAPED_KINDS:
        return False
    shape = geometry.country_shape(gazetteer, place.id)
    return shape is not None and shape.is_area


def _approximate_outline(place: Place | None) -> bool:
    """Deserts, ranges, plateaus: Natural Earth outlines them for labels, so
    "inside" is no proof that "40 km from the Sahara" is false; a town inside
    a sea or a lake as drawn stands on an estuary or a bay the writer does not
    count ("Lisbon, 10 km from the Atlantic")."""
    return place is not None and place.kind in SHAPED_KINDS


def _measure_to_feature(
    claim: Claim, subject: Place, gazetteer: Gazetteer
) -> geometry.Measurement | None:
    """ "15 km from the Baltic Sea", "30 km south of the Tapti River", "off the
    coast of Sicily": to the feature's shape. A sea or a desert geomap has no
    shape for is not measured at all (its label point says nothing); a peak
    or a pass is a point."""
    place = claim.reference.place
    assert place is not None
    outline = claim.reference.geometry == "coast"
    measured = geometry.measure_to_feature(subject.point, gazetteer, place.id, outline=outline)
    if measured is not None or place.kind != PlaceKind.FEATURE or outline:
        return measured
    return geometry.measure_to_point(subject.point, place.point)


def _measure_to_region(
    claim: Claim, subject: Place, region: str, gazetteer: Gazetteer
) -> geometry.Measurement | None:
    """ "10 miles from the North Dakota border", "the Texas-Oklahoma border",
    "in Illizi province", "off the coast of Crete": measured to the region's
    polygon, never its centre."""
    if claim.reference.geometry == "area":
        return geometry.measure_to_area(subject.point, gazetteer, region)
    if claim.reference.geometry == "coast":
        return geometry.measure_to_region_coast(subject.point, gazetteer, region)
    other = claim.reference.other_place
    neighbour = region_code(other) if other is not None else None
    return geometry.measure_to_region_border(subject.point, gazetteer, region, neighbour)


def _road_plausible(claim: Claim, subject: Place, distance: float, central: float) -> bool:
    """Straight line up to 55 % shorter than stated, between two settlements."""
    reference = claim.reference
    if reference.geometry != "point" or reference.place is None:
        return False
    if reference.place.kind not in _POINT_KINDS or subject.kind not in _POINT_KINDS:
        return False
    if claim.quantity is not None and claim.quantity.hedge in _AT_MOST:
        return False
    shortfall = (central - distance) / central if central else 0.0
    return 0.0 < shortfall <= ROAD_SHORTFALL


def _overall(claim: Claim, readings: Sequence[Reading]) -> tuple[str, str]:
    statuses = {r.status for r in readings}
    stated = _stated(claim)
    if len(statuses) == 1:
        status = statuses.pop()
        if len(readings) == 1:
            return status, f"{stated}. {readings[0].explanation}"
        details = " ".join(r.explanation for r in readings)
        return status, f"{stated} (read as {_names(readings)}). {details}"
    fits = [r for r in readings if r.status in _FITS]
    fails = [r for r in readings if r.status not in _FITS]
    if fits and fails:
        details = " ".join(r.explanation for r in readings)
        return (
            "ambiguous",
            f"{stated} fits {_names(fits)} but not {_names(fails)}. {details}",
        )
    details = " ".join(r.explanation for r in readings)
    if fits:  # some consistent, some plausible as a road distance
        return "consistent", f"{stated} (read as {_names(readings)}). {details}"
    # Some readings fail, others point to another place of the same name:
    # a claim is never called false on a doubtful place.
    return "unverifiable", f"{stated} (read as {_names(readings)}). {details}"


# --- contradictions across claims ----------------------------------------------------------


def find_contradictions(verdicts: Sequence[Verdict]) -> tuple[Finding, ...]:
    """Pairs of claims about the same subject and reference whose stated
    ranges cannot both hold ("60 km" and "60 miles" from the Libyan border).

    The ranges compared are what the writers state (:func:`stated_range_km`),
    not the wider band a straight line is allowed against one of them."""
    findings = []
    for a, b in _same_reference_pairs(verdicts):
        if not _same_subject(a.claim, b.claim) or _read_as_a_namesake(a) or _read_as_a_namesake(b):
            continue
        if contradict(a.claim, b.claim):
            assert a.claim.quantity is not None and b.claim.quantity is not None
            (low_a, high_a) = stated_range_km(a.claim.quantity)
            (low_b, high_b) = stated_range_km(b.claim.quantity)
            findings.append(
                Finding(
                    kind=FindingKind.CONTRADICTION,
                    explanation=(
                        f"'{a.claim.text}' ({a.claim.doc_id}) and '{b.claim.text}' ({b.claim.doc_id}) "
                        f"cannot both hold: {_range(low_a, high_a)} against {_range(low_b, high_b)} "
                        f"from {_reference_phrase(a.claim)}."
                    ),
                    claims=(a.claim, b.claim),
                )
            )
    return tuple(findings)


def contradict(a: Claim, b: Claim) -> bool:
    """Whether two claims give one distance, from the same place or line, in
    figures whose stated ranges do not meet ("60 km" and "60 miles" from the
    Libyan border). Their subjects are the caller's to compare."""
    ref_a, ref_b = a.reference, b.reference
    if a.quantity is None or b.quantity is None or ref_a.place is None or ref_b.place is None:
        return False
    if (ref_a.place.id, ref_a.geometry) != (ref_b.place.id, ref_b.geometry):
        return False
    low_a, high_a = stated_range_km(a.quantity)
    low_b, high_b = stated_range_km(b.quantity)
    return high_a < low_b or high_b < low_a


def _read_as_a_namesake(verdict: Verdict) -> bool:
    """Measured many times off, so probably about another place of that name:
    such a claim contradicts nothing about this one."""
    return verdict.status == "unverifiable" and bool(verdict.readings)


def _same_reference_pairs(verdicts: Sequence[Verdict]) -> Iterable[tuple[Verdict, Verdict]]:
    """Pairs of verdicts with figures measured from the same place or line, in
    input order: only these can contradict each other, and grouping first
    keeps a batch of thousands of claims from comparing every pair."""
    groups: dict[tuple[str, str], list[tuple[int, Verdict]]] = {}
    for index, verdict in enumerate(verdicts):
        reference = verdict.claim.reference
        if verdict.claim.quantity is None or reference.place is None:
            continue
        groups.setdefault((reference.place.id, reference.geometry), []).append((index, verdict))
    pairs = [(i, j, a, b) for group in groups.values() for (i, a), (j, b) in combinations(group, 2)]
    return ((a, b) for _, _, a, b in sorted(pairs, key=lambda pair: (pair[0], pair[1])))


def _same_subject(a: Claim, b: Claim) -> bool:
    return bool({p.id for p in a.subjects} & {p.id for p in b.subjects})


# --- wording ------------------------------------------------------------------------------


def _central_km(quantity: Quantity) -> float:
    return (quantity.low + quantity.high) / 2 * quantity.km_per_unit


def _stated(claim: Claim) -> str:
    quantity = claim.quantity
    target = _reference_phrase(claim)
    if quantity is None:
        return f"Stated near {target}"
    amount = quantity.text
    if quantity.unit != "km":
        amount += f" ({format_km(_central_km(quantity))})"
    direction = f" {claim.direction} of" if claim.direction else " from"
    return f"Stated {amount}{direction} {target}"


def _reference_phrase(claim: Claim) -> str:
    reference = claim.reference
    if reference.place is None:
        return reference.text or "an unnamed place"
    name = reference.place.name
    if reference.geometry == "border":
        if reference.other_place is not None:
            return f"the {name}-{reference.other_place.name} border"
        return f"the border of {name}"
    if reference.geometry == "coast":
        return f"the coast of {name}"
    return name


def _names(readings: Sequence[Reading]) -> str:
    return " or ".join(f"{r.subject.name} ({format_km(r.distance_km)})" for r in readings)


def _range(low: float, high: float) -> str:
    if math.isinf(high):
        return f"at least {format_km(low)}"
    if low <= 0:
        return f"at most {format_km(high)}"
    return f"{low:,.0f}-{high:,.0f} km"


def _impossible_figure(central: float) -> str:
    """Why a stated figure cannot be a distance between two different places
    on Earth ('' when it can): zero, or more than half the way round.

    Ratios say nothing here ("inf times the stated distance"), so the
    explanation says it plainly.

    >>> _impossible_figure(0.0)
    '0 km would make them the same place'
    >>> _impossible_figure(50_000.0)
    'no two places on Earth are more than 20,004 km apart'
    >>> _impossible_figure(60.0)
    ''
    """
    if central <= 0:
        return "0 km would make them the same place"
    if central > FARTHEST_KM:
        return f"no two places on Earth are more than {FARTHEST_KM:,.0f} km apart"
    return ""


def _how_far_off(central: float, measured: float, low: float, high: float) -> str:
    """How a stated distance misses: 'stated 32 % too far' or '5.1 times the stated distance'."""
    if measured > high:
        ratio = measured / central if central else math.inf
        if ratio >= 2:
            return f"{ratio:.1f} times the stated distance"
        return f"{ratio - 1:.0%} farther than stated"
    if measured <= 0:
        return "it lies inside the reference"
    if math.isinf(high):
        return f"less than the stated minimum of {format_km(low)}"
    return f"stated {(central - measured) / measured:.0%} too far"


def _compass(bearing: float) -> str:
    points = sorted(COMPASS_DEGREES.items(), key=lambda item: item[1])
    return min(points, key=lambda item: geometry.compass_offset_deg(bearing, item[1]))[0]
