"""Claims as evidence: a failing claim rereads its homonyms, a confident one stays false."""

from __future__ import annotations

import pytest

from geomap.model import Document
from geomap.pipeline import analyze


def verdict_of(report, text: str):
    return next(v for v in report.verdicts if v.claim.text == text)


@pytest.mark.parametrize(
    ("sentence", "claim", "country", "admin1"),
    [
        (
            "Soledad is located 25 miles southeast of Salinas.",
            "25 miles southeast of Salinas",
            "US",
            "California",
        ),
        (
            "Socorro lies 74 miles south of Albuquerque.",
            "74 miles south of Albuquerque",
            "US",
            "New Mexico",
        ),
    ],
)
def test_a_homonym_the_claim_fits_is_taken(
    sentence, claim, country, admin1, real_gazetteer
) -> None:
    report = analyze([Document("d", sentence)], real_gazetteer)
    verdict = verdict_of(report, claim)
    assert verdict.status == "consistent"
    assert "the claim fits it" in verdict.explanation
    subject = verdict.readings[0].subject
    assert (subject.country_code, subject.admin1) == (country, admin1)
    # the article's mention follows the reading, so the map and the table agree
    first_word = sentence.split()[0]
    chosen = {r.place.id for r in report.resolutions if r.mention.text == first_word}
    assert chosen == {subject.id}


def test_a_confident_false_claim_stays_false(real_gazetteer) -> None:
    report = analyze([Document("d", "Algiers is 300 km south of Paris.")], real_gazetteer)
    verdict = verdict_of(report, "300 km south of Paris")
    assert verdict.status in {"inconsistent", "unverifiable"}
    assert "the claim fits it" not in verdict.explanation
    assert verdict.readings[0].subject.country_code == "DZ"


def test_a_small_namesake_the_claim_fits_is_found(real_gazetteer) -> None:
    # Newport, County Mayo is a village among many Newports; the claim points to it.
    report = analyze([Document("d", "Castlebar is about 18 km east of Newport.")], real_gazetteer)
    verdict = verdict_of(report, "about 18 km east of Newport")
    assert verdict.status == "consistent"
    assert verdict.claim.reference.place.country_code == "IE" or "IE" in verdict.explanation
    assert {r.place.country_code for r in report.resolutions if r.mention.text == "Newport"} == {
        "IE"
    }


def test_one_reading_fits_every_claim_about_a_place(real_gazetteer) -> None:
    # Jackson, Mississippi fits the second figure and not the first; Jackson,
    # Alabama (in Clarke County) fits both, and both claims follow the reading.
    text = "Jackson, in Clarke County, is 57 miles N of Mobile and 168 miles NE of New Orleans."
    report = analyze([Document("d", text)], real_gazetteer)
    assert [v.status for v in report.verdicts] == ["consistent", "consistent"]
    assert {v.readings[0].subject.admin1 for v in report.verdicts} == {"Alabama"}


def test_a_qualifier_after_a_comma_and_in(real_gazetteer) -> None:
    text = "Kingston, in Washington County, is 16 miles S of Warwick and 65 miles S of Boston."
    report = analyze([Document("d", text)], real_gazetteer)
    kingston = next(r for r in report.resolutions if r.mention.text == "Kingston")
    assert kingston.place is not None
    assert kingston.place.admin1 == "Rhode Island"
