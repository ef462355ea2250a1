"""Issue 11, "Numbers": exponent and power forms are left alone (never read as
their last digits), and zero or impossible distances get a plain verdict."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from geomap.claims.quantities import find_quantities

ABOUT_ALGIERS = "Tigantourine lies {} from Algiers."


@pytest.mark.parametrize(
    "written",
    [
        "1.0e+308 km",
        "1e308 km",
        "1.5e-3 km",
        "2.5E+04 km",
        "10^9 km",
        "10 ^ 9 km",
        "10**9 km",
        "10⁹ km",
        "1.0 × 10^308 km",
        "3x10^4 miles",
    ],
)
def test_powers_and_exponents_are_left_alone(written: str) -> None:
    sentence = ABOUT_ALGIERS.format(written)
    assert find_quantities(sentence) == [], [m.quantity for m in find_quantities(sentence)]


@pytest.mark.parametrize(
    ("written", "km"),
    [
        ("60 km", 60.0),
        ("1,300 km", 1300.0),
        ("+60 km", 60.0),  # a sign alone is no exponent
        ("e-60 km", 60.0),  # nor a letter before a hyphen
        ("1,000,000 km", 1_000_000.0),  # read right, then judged impossible
    ],
)
def test_plain_numbers_are_still_read(written: str, km: float) -> None:
    [match] = find_quantities(ABOUT_ALGIERS.format(written))
    assert match.quantity.low == km


def claims(run: Callable[..., Any], text: str) -> list[dict[str, Any]]:
    result = run("check", "-", "-f", "json", input=text + "\n")
    assert result.exit_code in (0, 1), result.stderr
    return list(json.loads(result.stdout)["claims"])


@pytest.mark.parametrize(
    ("text", "status", "says"),
    [
        (ABOUT_ALGIERS.format("0 km"), "inconsistent", "0 km would make them the same place"),
        (
            "In Amenas lies 0 km from Tigantourine.",
            "inconsistent",
            "0 km would make them the same place",
        ),
        (
            ABOUT_ALGIERS.format("50,000 km"),
            "inconsistent",
            "no two places on Earth are more than 20,004 km apart",
        ),
        (
            ABOUT_ALGIERS.format("1,000,000,000,000,000,000,000,000 km"),
            "inconsistent",
            "no two places on Earth are more than 20,004 km apart",
        ),
        (ABOUT_ALGIERS.format("more than 0 km"), "consistent", "within the stated"),
    ],
)
def test_zero_and_impossible_distances_are_explained_plainly(
    run: Callable[..., Any], text: str, status: str, says: str
) -> None:
    [claim] = claims(run, text)
    assert claim["status"] == status
    assert says in claim["explanation"]
    assert "inf" not in claim["explanation"]
    assert "times the stated" not in claim["explanation"]


@pytest.mark.parametrize("figure", ["1.0e+308 km", "10^9 km"])
def test_power_forms_make_no_claim(run: Callable[..., Any], figure: str) -> None:
    assert claims(run, ABOUT_ALGIERS.format(figure)) == []


def test_locate_takes_no_place_from_an_impossible_figure(run: Callable[..., Any]) -> None:
    text = "Gunmen seized the gas plant. The plant lies 50,000 km south of Algiers.\n"
    result = run("locate", "-", "-f", "json", input=text)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == []
