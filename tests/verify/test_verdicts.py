"""Verification: the tolerance model, verdicts with real geometry, contradictions."""

from __future__ import annotations

import math

import pytest
from builders import ALGIERS, IN_AMENAS, LIBYA, TIGANTOURINE

from geomap.gazetteer.store import MemoryGazetteer
from geomap.model import Claim, LatLon, Place, Quantity, Reference
from geomap.verify.verdicts import (
    accepted_range_km,
    find_contradictions,
    stated_range_km,
    verify_claim,
)

PLANT = TIGANTOURINE
TOWN = IN_AMENAS


def q(
    text: str,
    low: float,
    high: float | None = None,
    unit: str = "km",
    hedge: str = "",
    vague: bool = False,
) -> Quantity:
    return Quantity(text, low, low if high is None else high, unit, hedge, vague)


def claim(
    quantity, reference_place, geometry="point", subjects=(PLANT,), direction=None, doc="a"
) -> Claim:
    reference = Reference(reference_place.name, 0, 1, geometry, reference_place)
    return Claim(
        doc,
        0,
        10,
        quantity.text if quantity else "near",
        "",
        reference,
        quantity,
        direction,
        "from",
        "",
        subjects,
    )


@pytest.mark.parametrize(
    ("quantity", "stated", "accepted"),
    [
        # 60 +- 5 as written; a straight line 20 % shorter to 25 % longer, +- 3 km
        (q("60 km", 60), (55, 65), (45, 78)),
        (q("1,300 km", 1300), (1250, 1350), (1037, 1628)),
        (q("73 km", 73), (72.5, 73.5), (55.4, 94.2)),
        # "about" widens what is stated by 15 %
        (q("around 60 km", 60, hedge="about"), (46, 74), (43, 78)),
        (q("60 miles", 60, unit="mi"), (88.5, 104.6), (74.2, 123.7)),
        (q("more than 100 km", 100, hedge="more than"), (90, math.inf), (77, math.inf)),
        (q("within 5 km", 5, hedge="within"), (0, 5), (0, 9.2)),
        (q("nearly 50 km", 50, hedge="nearly"), (42.5, 50), (37, 53)),
        (q("a few kilometres", 2, 9, vague=True), (2, 9), (0, 14.2)),
        (q("50 to 60 km", 50, 60), (50, 60), (37, 78)),
    ],
)
def test_stated_and_accepted_ranges(
    quantity: Quantity, stated: tuple[float, float], accepted: tuple[float, float]
) -> None:
    for (low, high), (got_low, got_high) in (
        (stated, stated_range_km(quantity)),
        (accepted, accepted_range_km(quantity)),
    ):
        assert got_low == pytest.approx(low, abs=0.6)
        assert (
            got_high == pytest.approx(high, abs=0.6)
            if math.isfinite(high)
            else math.isinf(got_high)
        )


def test_sixty_miles_from_the_libyan_border_is_inconsistent(real_gazetteer) -> None:
    verdict = verify_claim(claim(q("60 miles", 60, unit="mi"), LIBYA, "border"), real_gazetteer)
    assert verdict.status == "inconsistent"
    assert "60 miles (97 km)" in verdict.explanation
    assert "73 km" in verdict.explanation
    assert "32% too far" in verdict.explanation
    (reading,) = verdict.readings
    assert reading.distance_km == pytest.approx(73.2, abs=1)
    assert reading.reference_point is not None


def test_around_sixty_km_is_ambiguous_between_town_and_plant(real_gazetteer) -> None:
    verdict = verify_claim(
        claim(q("around 60 km", 60, hedge="about"), LIBYA, "border", subjects=(TOWN, PLANT)),
        real_gazetteer,
    )
    assert verdict.status == "ambiguous"
    statuses = {r.subject.name: r.status for r in verdict.readings}
    assert statuses == {"In Amenas": "inconsistent", "Tigantourine gas facility": "consistent"}
    assert "fits Tigantourine gas facility (73 km) but not In Amenas (27 km)" in verdict.explanation


def test_a_few_kilometres_from_in_amenas_is_inconsistent(real_gazetteer) -> None:
    verdict = verify_claim(claim(q("a few kilometers", 2, 9, vague=True), TOWN), real_gazetteer)
    assert verdict.status == "inconsistent"
    assert verdict.readings[0].distance_km == pytest.approx(45.8, abs=0.5)


@pytest.mark.parametrize(
    ("direction", "status"),
    # 1,132 km, 13 % short of 1,300: within what true writing does; S is 32° off the bearing
    [("SE", "consistent"), ("S", "consistent"), ("N", "inconsistent")],
)
def test_thirteen_hundred_km_from_algiers(direction: str, status: str, real_gazetteer) -> None:
    verdict = verify_claim(claim(q("1,300 km", 1300), ALGIERS, direction=direction), real_gazetteer)
    assert verdict.status == status
    reading = verdict.readings[0]
    assert reading.bearing_deg == pytest.approx(148, abs=1)
    assert reading.distance_km == pytest.approx(1132, abs=3)


def test_road_distance_is_never_claimed_for_a_border(real_gazetteer) -> None:
    # 73 km is 27 % short of 100 km: road-plausible between towns, not to a border line
    verdict = verify_claim(claim(q("100 km", 100), LIBYA, "border"), real_gazetteer)
    assert verdict.status == "inconsistent"


def test_unverifiable_without_a_reference_place(real_gazetteer) -> None:
    reference = Reference("Xyzzy Wells", 0, 1, "point", None)
    verdict = verify_claim(
        Claim("a", 0, 1, "5 km", "", reference, q("5 km", 5), subjects=(PLANT,)), real_gazetteer
    )
    assert verdict.status == "unverifiable"
    assert "Xyzzy Wells" in verdict.explanation


def test_qualitative_near(real_gazetteer) -> None:
    assert verify_claim(claim(None, LIBYA, "border"), real_gazetteer).status == "consistent"
    assert verify_claim(claim(None, ALGIERS), real_gazetteer).status == "inconsistent"


def test_contradictions_need_the_same_subject_and_reference(real_gazetteer) -> None:
    sixty_km = verify_claim(
        claim(q("around 60 km", 60, hedge="about"), LIBYA, "border", doc="a"), real_gazetteer
    )
    sixty_mi = verify_claim(
        claim(q("60 miles", 60, unit="mi"), LIBYA, "border", doc="b"), real_gazetteer
    )
    other_subject = verify_claim(
        claim(q("60 miles", 60, unit="mi"), LIBYA, "border", subjects=(TOWN,), doc="c"),
        real_gazetteer,
    )
    findings = find_contradictions([sixty_km, sixty_mi, other_subject])
    assert len(findings) == 1
    assert findings[0].kind == "contradiction"
    assert {c.doc_id for c in findings[0].claims} == {"a", "b"}
    assert "cannot both hold" in findings[0].explanation


def test_a_place_is_never_measured_from_itself_nor_a_country_as_a_point(real_gazetteer) -> None:
    itself = verify_claim(claim(q("33 km", 33), ALGIERS, subjects=(ALGIERS,)), real_gazetteer)
    assert itself.status == "unverifiable"
    assert "--site" in itself.explanation
    algeria = Place("country:DZ", "Algeria", "country", "DZ", LatLon(28, 3))
    country = verify_claim(
        claim(q("60 km", 60), LIBYA, "border", subjects=(algeria,)), real_gazetteer
    )
    assert country.status == "unverifiable"
    mixed = verify_claim(
        claim(q("60 km", 60), LIBYA, "border", subjects=(algeria, PLANT)), real_gazetteer
    )
    assert [r.subject.name for r in mixed.readings] == ["Tigantourine gas facility"]


def test_thousands_of_km_off_is_a_homonym_not_a_false_claim(real_gazetteer) -> None:
    kingston_jamaica = Place("geonames:3489854", "Kingston", "city", "JM", LatLon(17.997, -76.793))
    brighton_ontario = Place("test:brighton", "Brighton", "city", "CA", LatLon(44.04, -77.73))
    verdict = verify_claim(
        claim(q("100 km", 100), kingston_jamaica, direction="W", subjects=(brighton_ontario,)),
        real_gazetteer,
    )
    assert verdict.status == "unverifiable"
    assert "another place of the same name" in verdict.explanation


def test_a_road_band_between_towns_reaches_55_percent(real_gazetteer) -> None:
    # 46 km straight from the plant to In Amenas; "90 km" by road is 49 % longer
    verdict = verify_claim(claim(q("90 km", 90), TOWN), real_gazetteer)
    assert verdict.status == "road-distance-plausible"
    far = verify_claim(claim(q("120 km", 120), TOWN), real_gazetteer)
    assert far.status == "inconsistent"  # 62 % short: no road explains it


def test_one_reading_fits_another_fails_is_ambiguous(real_gazetteer) -> None:
    # "60 km from the Libyan border": the plant (73 km) fits, the town (27 km) not
    both = claim(q("around 60 km", 60, hedge="about"), LIBYA, "border", subjects=(PLANT, TOWN))
    assert verify_claim(both, real_gazetteer).status == "ambiguous"


def test_contradictions_compare_what_is_stated_not_the_measuring_band() -> None:
    # accepted bands overlap (45-78 and 74-124 km) but the statements do not
    sixty_km = verify_claim(claim(q("60 km", 60), LIBYA, "border"), MemoryGazetteer([]))
    sixty_mi = verify_claim(
        claim(q("60 miles", 60, unit="mi"), LIBYA, "border"), MemoryGazetteer([])
    )
    assert len(find_contradictions([sixty_km, sixty_mi])) == 1
