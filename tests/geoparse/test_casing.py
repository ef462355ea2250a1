"""Text written without capitals: names found from the syntax around them."""

from __future__ import annotations

import pytest

from geomap.geoparse.casing import is_caseless, restore_case
from geomap.model import Document
from geomap.pipeline import analyze


@pytest.mark.parametrize(
    ("text", "caseless"),
    [
        ("the mill stands 4 miles ne of dover, on the river.", True),
        ("THE MILL STANDS 4 MILES NE OF DOVER, ON THE RIVER.", True),
        ("The mill stands 4 miles NE of Dover, on the river.", False),
        ("The Mill Stands Near Dover", False),  # a title-case headline is not shouting
        ("ok dover", False),  # too short to tell
        ("ÉTAT D'URGENCE À ALGER: LES ÉCOLES SONT FERMÉES", True),  # capitals beyond A-Z
        ("État d'urgence à Alger: les écoles sont fermées depuis lundi", False),
    ],
)
def test_caseless_text_is_told_from_prose(text: str, caseless: bool) -> None:
    assert is_caseless(text) is caseless


@pytest.mark.parametrize(
    ("text", "restored"),
    [
        # after a distance and a compass point; a state qualifying the name taken
        (
            "the farm is 20 miles nw of louisville, kentucky, by road.",
            "the farm is 20 miles nw of Louisville, Kentucky, by road.",
        ),
        # after "from" and a unit
        (
            "the camp was 3 km from mosul and the road.",
            "the camp was 3 km from Mosul and the road.",
        ),
        # a descriptor before the name is not part of it
        (
            "the beach lies 10 miles south of downtown santa ana today.",
            "the beach lies 10 miles south of downtown Santa Ana today.",
        ),
        # a name before a region word, and the town placed in it (at every mention)
        (
            "clinton, in middlesex county, is a town. clinton has a harbour.",
            "Clinton, in Middlesex County, is a town. Clinton has a harbour.",
        ),
        # a sentence that opens on a name and says where it is
        (
            "salem is located in a valley near the hills.",
            "Salem is located in a valley near the hills.",
        ),
        # common words that are also place names stay as they are
        (
            "we went to reading in march and saw the mobile library in bath.",
            "we went to reading in march and saw the mobile library in bath.",
        ),
    ],
)
def test_names_get_their_capitals_back(real_gazetteer, text: str, restored: str) -> None:
    assert restore_case(Document("d", text), real_gazetteer).text == restored


def test_text_with_capitals_is_left_alone(real_gazetteer) -> None:
    document = Document("d", "The farm is 20 miles NW of louisville, the road says.")
    assert restore_case(document, real_gazetteer) is document


def test_shouted_text_is_read_in_lower_case_first(real_gazetteer) -> None:
    document = Document("d", "THE FARM IS 20 MILES NW OF LOUISVILLE, KENTUCKY, BY ROAD.")
    assert restore_case(document, real_gazetteer).text == (
        "the farm is 20 miles nw of Louisville, Kentucky, by road."
    )


def test_a_lower_case_claim_is_checked_like_a_written_one(real_gazetteer) -> None:
    text = "salem, in washington county, is 30 miles nw of louisville, kentucky."
    (verdict,) = analyze([Document("d", text)], real_gazetteer).verdicts
    assert verdict.status == "consistent"
    assert [s.admin1 for s in verdict.claim.subjects] == ["Indiana"]
    assert verdict.claim.reference.place is not None
    assert verdict.claim.reference.place.name == "Louisville"
