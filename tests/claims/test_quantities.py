"""Quantities, units, hedges and compass directions (geomap.claims.quantities)."""

from __future__ import annotations

import pytest

from geomap.claims.quantities import (
    COMPASS_DEGREES,
    HEDGES,
    VAGUE_AMOUNTS,
    find_quantities,
    match_direction,
    opposite_direction,
    parse_direction,
    parse_quantity,
)
from geomap.model import UNIT_KM


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        # digits, separators, decimals
        ("60 km", 60, 60, "km"),
        ("1,300 kilometres", 1300, 1300, "km"),
        ("1 300 km", 1300, 1300, "km"),
        ("1\u202f300 km", 1300, 1300, "km"),
        ("1.300 km", 1300, 1300, "km"),  # European separator: a trailing zero is evidence
        ("1.300.000 m", 1_300_000, 1_300_000, "m"),
        ("1.300,5 km", 1300.5, 1300.5, "km"),
        ("1.375 km", 1.375, 1.375, "km"),  # no evidence: an English decimal
        ("2.5 miles", 2.5, 2.5, "mi"),
        ("2,5 km", 2.5, 2.5, "km"),
        ("9½ miles", 9.5, 9.5, "mi"),
        ("1 1/2 miles", 1.5, 1.5, "mi"),
        ("3/4 mile", 0.75, 0.75, "mi"),
        # ranges
        ("50 to 60 km", 50, 60, "km"),
        ("50-60 km", 50, 60, "km"),
        ("50–60 kilometres", 50, 60, "km"),
        ("between 50 and 60 km", 50, 60, "km"),
        ("50 km to 60 km", 50, 60, "km"),
        ("two or three miles", 2, 3, "mi"),
        ("twenty-five to thirty miles", 25, 30, "mi"),
        # words
        ("sixty kilometres", 60, 60, "km"),
        ("twenty-five miles", 25, 25, "mi"),
        ("twenty five miles", 25, 25, "mi"),
        ("a hundred miles", 100, 100, "mi"),
        ("two hundred km", 200, 200, "km"),
        ("a hundred and fifty kilometres", 150, 150, "km"),
        ("fifteen hundred miles", 1500, 1500, "mi"),
        ("one thousand three hundred kilometres", 1300, 1300, "km"),
        ("a mile", 1, 1, "mi"),
        ("half a mile", 0.5, 0.5, "mi"),
        ("a half-mile", 0.5, 0.5, "mi"),
        ("a mile and a half", 1.5, 1.5, "mi"),
        ("two and a half miles", 2.5, 2.5, "mi"),
        ("three-quarters of a mile", 0.75, 0.75, "mi"),
        ("a quarter of a mile", 0.25, 0.25, "mi"),
        # units, attached or not
        ("60km", 60, 60, "km"),
        ("60-km", 60, 60, "km"),
        ("60-mile", 60, 60, "mi"),
        ("five-mile", 5, 5, "mi"),
        ("60 kms", 60, 60, "km"),
        ("60 kilometers", 60, 60, "km"),
        ("60 Km", 60, 60, "km"),
        ("60 mi", 60, 60, "mi"),
        ("12 nautical miles", 12, 12, "nmi"),
        ("12 NM", 12, 12, "nmi"),
        ("200 metres", 200, 200, "m"),
        ("200 meters", 200, 200, "m"),
    ],
)
def test_parse_quantity_values_and_units(text: str, low: float, high: float, unit: str) -> None:
    quantity = parse_quantity(text)
    assert quantity is not None
    assert (quantity.low, quantity.high, quantity.unit) == (low, high, unit)
    assert quantity.unit in UNIT_KM
    assert not quantity.vague


@pytest.mark.parametrize(
    ("text", "hedge"),
    [
        ("around 60 km", "about"),
        ("about 60 km", "about"),
        ("some 60 km", "about"),
        ("roughly 60 km", "about"),
        ("approximately 60 km", "about"),
        ("approx. 60 km", "about"),
        ("an estimated 60 km", "about"),
        ("60 km or so", "about"),
        ("60-odd miles", "about"),
        ("nearly 60 km", "nearly"),
        ("almost 60 km", "nearly"),
        ("just under 60 km", "nearly"),
        ("just 60 km", "only"),
        ("only 60 km", "only"),
        ("more than 60 km", "more than"),
        ("over 60 km", "more than"),
        ("just over 60 km", "more than"),
        ("at least 60 km", "more than"),
        ("60 km or more", "more than"),
        ("less than 60 km", "less than"),
        ("under 60 km", "less than"),
        ("no more than 60 km", "less than"),
        ("within 60 km", "within"),
        ("up to 60 km", "up to"),
        ("only about 60 km", "about"),  # stacked: the softer one yields to "about"
        ("within about 60 km", "within"),  # stacked: the bound wins
        ("60 km", ""),
    ],
)
def test_hedges_are_normalised(text: str, hedge: str) -> None:
    quantity = parse_quantity(text)
    assert quantity is not None
    assert quantity.hedge == hedge
    assert quantity.low == quantity.high == 60
    assert quantity.text == text


def test_every_hedge_normalises_to_a_documented_value() -> None:
    assert set(HEDGES.values()) == {
        "about",
        "nearly",
        "only",
        "exactly",
        "more than",
        "less than",
        "within",
        "up to",
    }


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("a few kilometers", 2, 9),
        ("a couple of miles", 2, 3),
        ("a couple miles", 2, 3),
        ("several kilometres", 3, 9),
        ("a dozen miles", 12, 12),
        ("a few dozen kilometers", 24, 72),
        ("dozens of kilometres", 24, 99),
        ("hundreds of miles", 200, 999),
        ("a few hundred metres", 200, 900),
        ("several hundred kilometres", 300, 900),
    ],
)
def test_vague_amounts_are_ranges(text: str, low: float, high: float) -> None:
    quantity = parse_quantity(text)
    assert quantity is not None
    assert (quantity.low, quantity.high, quantity.vague) == (low, high, True)


def test_vague_table_ranges_are_ordered() -> None:
    assert all(0 < low <= high for low, high in VAGUE_AMOUNTS.values())


@pytest.mark.parametrize(
    "text",
    [
        "60 km/h",
        "60 mph",
        "60 miles per hour",
        "60 miles an hour",
        "60 square kilometres",
        "60 km2",
        "60 km²",
        "a $60m contract",
        "£2m",
        "60 million",
        "60 people",
        "60",
        "km",
        "60 km from Algiers",  # more than a quantity: use find_quantities
        "two three km",  # no number
    ],
)
def test_parse_quantity_rejects_what_is_no_distance(text: str) -> None:
    assert parse_quantity(text) is None


def test_find_quantities_gives_offsets_into_the_text() -> None:
    text = "The pipeline is 60 km long and the plant lies 1,300 km from Algiers."
    found = find_quantities(text)
    assert [text[m.start : m.end] for m in found] == ["60 km", "1,300 km"]
    assert [m.quantity.low for m in found] == [60, 1300]


@pytest.mark.parametrize(
    ("text", "stated", "converted"),
    [
        ("1,300 km (808 miles) south-east of Algiers", (1300, "km"), (808, "mi")),
        ("60 miles (97 km) from the border", (60, "mi"), (97, "km")),
        ("about 60 km (roughly 37 mi) away", (60, "km"), (37, "mi")),
        ("60 km, or 37 miles, from the border", (60, "km"), (37, "mi")),
    ],
)
def test_a_conversion_is_one_quantity(
    text: str, stated: tuple[float, str], converted: tuple[float, str]
) -> None:
    (match,) = find_quantities(text)
    assert (match.quantity.low, match.quantity.unit) == stated
    assert match.conversion is not None
    assert (match.conversion.low, match.conversion.unit) == converted
    assert text[match.start : match.end].endswith((")", "37 miles"))


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("It lies 60 km. from the town.", "60 km."),  # an abbreviation's full stop
        ("It lies 60 km. The town is small.", "60 km"),  # the sentence's full stop
        ("It lies 9 mi. north of Gao.", "9 mi."),
    ],
)
def test_a_full_stop_after_a_unit(text: str, phrase: str) -> None:
    (match,) = find_quantities(text)
    assert text[match.start : match.end] == phrase


def test_a_bracket_that_is_no_conversion_stays_outside() -> None:
    text = "150 km (bee-line) south-west of Santa Cruz"
    (match,) = find_quantities(text)
    assert match.conversion is None
    assert text[match.start : match.end] == "150 km"


def test_two_quantities_in_different_units_are_not_a_range() -> None:
    found = find_quantities("It is 60 km or 80 miles, depending on the road.")
    assert [(m.quantity.low, m.quantity.unit) for m in found] == [(60, "km"), (80, "mi")]


def test_a_number_after_a_route_name_is_a_label_not_a_thousands_group() -> None:
    found = find_quantities("Take Route 65 100 km north to Gao.")
    assert [(m.quantity.low, m.quantity.unit) for m in found] == [(100, "km")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They stood 60m from the road.", [60]),
        ("The wall is 200 m high.", [200]),
        ("The fund grew to 60m people.", []),
        ("It cost US$ 60m in all.", []),
        ("He earned £2m, or so he said.", []),
    ],
)
def test_a_bare_m_is_metres_only_where_a_distance_can_follow(
    text: str, expected: list[float]
) -> None:
    assert [m.quantity.low for m in find_quantities(text) if m.quantity.unit == "m"] == expected


def test_a_five_mile_radius_is_five() -> None:
    (match,) = find_quantities("within a five-mile radius of the town")
    assert match.quantity.low == 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("north", "N"),
        ("North", "N"),
        ("N", "N"),
        ("north-northeast", "NNE"),
        ("NNE", "NNE"),
        ("northeast", "NE"),
        ("north-east", "NE"),
        ("north east", "NE"),
        ("North-East", "NE"),
        ("N.E.", "NE"),
        ("east-north-east", "ENE"),
        ("east northeast", "ENE"),
        ("east", "E"),
        ("east-southeast", "ESE"),
        ("south-east", "SE"),
        ("southeast", "SE"),
        ("south east", "SE"),
        ("SE", "SE"),
        ("S.E.", "SE"),
        ("south-southeast", "SSE"),
        ("south south-east", "SSE"),
        ("SSE", "SSE"),
        ("south", "S"),
        ("due south", "S"),
        ("south-southwest", "SSW"),
        ("southwest", "SW"),
        ("west-southwest", "WSW"),
        ("west", "W"),
        ("to the west of", "W"),
        ("westnorthwest", "WNW"),
        ("WNW", "WNW"),
        ("northwest of", "NW"),
        ("north of", "N"),
        ("north-northwest", "NNW"),
        ("northward", "N"),
        ("ne", "NE"),
    ],
)
def test_parse_direction_spellings(text: str, expected: str) -> None:
    assert parse_direction(text) == expected


@pytest.mark.parametrize(
    "text", ["inland", "upstream", "northern", "the north", "east west", "", "Northumberland"]
)
def test_parse_direction_rejects_non_directions(text: str) -> None:
    assert parse_direction(text) is None


def test_compass_degrees_cover_sixteen_points_clockwise() -> None:
    assert len(COMPASS_DEGREES) == 16
    assert (COMPASS_DEGREES["N"], COMPASS_DEGREES["SE"], COMPASS_DEGREES["WNW"]) == (0, 135, 292.5)
    assert sorted(COMPASS_DEGREES.values()) == [i * 22.5 for i in range(16)]


@pytest.mark.parametrize("point", list(COMPASS_DEGREES))
def test_opposite_direction_is_half_a_turn(point: str) -> None:
    opposite = opposite_direction(point)
    assert (COMPASS_DEGREES[opposite] - COMPASS_DEGREES[point]) % 360 == 180
    assert opposite_direction(opposite) == point


@pytest.mark.parametrize(
    ("text", "position", "expected"),
    [
        ("12 miles sw of Boston", 9, "SW"),  # lower-case abbreviation before "of"
        ("12 miles s of Boston", 9, "S"),
        ("12 miles S of Boston", 9, "S"),
        ("22 miles N. of Ellsworth", 9, "N"),
        ("46 km SSE, near the coast", 6, "SSE"),
        ("46 km S, near the coast", 6, None),  # a lone letter needs "of" or "from"
        ("12 miles sw corner", 9, None),
        ("60 km to the north-east of Gao", 6, "NE"),
        ("60 km due north", 6, "N"),
    ],
)
def test_match_direction_in_context(text: str, position: int, expected: str | None) -> None:
    found = match_direction(text, position)
    assert (found.direction if found else None) == expected
