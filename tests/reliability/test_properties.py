"""Issue 11: recognition and claim extraction never raise on any text, and
every offset they report slices the document to the text they report.

Texts are arbitrary Unicode, mixed with pieces of place names and distance
phrases so that the recogniser and the claim reader have something to find.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap.claims.extract import extract_claims
from geomap.gazetteer.store import MemoryGazetteer
from geomap.geoparse.mentions import find_mentions
from geomap.model import Document
from geomap.pipeline import find_places

PIECES = (
    "Gao",
    "Mali",
    "In Amenas",
    "Tigantourine",
    "Algiers",
    "the Libyan border",
    "Paris, Texas",
    "Springfield, Ill.",
    " about 60 km south-east of ",
    " 40 miles from ",
    " some 1,130 kilometres north of ",
    " near ",
    " between ",
    " and ",
    "ALGIERS (Reuters) - ",
    "the plant",
    ", ",
    ". ",
    "\n",
    "\n\n",
    "’s",
    "U.S.",
    "½",
    "\u202e",
    "\x00",
)

TEXTS = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=40).map("".join)

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(text=TEXTS)
def test_mention_offsets_slice_the_text(tiny_gazetteer: MemoryGazetteer, text: str) -> None:
    document = Document("d", text)
    spotting = find_mentions(document, tiny_gazetteer)
    for mention in (*(s.mention for s in spotting.kept), *spotting.dropped):
        assert 0 <= mention.start <= mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text


@SETTINGS
@given(text=TEXTS)
def test_claim_offsets_slice_the_text(tiny_gazetteer: MemoryGazetteer, text: str) -> None:
    document = Document("d", text)
    resolutions, _ = find_places([document], tiny_gazetteer)
    for resolution in resolutions:
        mention = resolution.mention
        assert text[mention.start : mention.end] == mention.text
    for claim in extract_claims(document, resolutions):
        assert 0 <= claim.start <= claim.end <= len(text)
        assert text[claim.start : claim.end] == claim.text
        reference = claim.reference
        if reference.end > reference.start:
            assert text[reference.start : reference.end] == reference.text
        for location in claim.locations:
            assert 0 <= location.start <= location.end <= len(text)


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n" * 50, "\x00" * 10, "km " * 100, "Gao" * 50, "60 km north of", "of of of"],
)
def test_edge_texts(tiny_gazetteer: MemoryGazetteer, text: str) -> None:
    document = Document("d", text)
    resolutions, _ = find_places([document], tiny_gazetteer)
    for claim in extract_claims(document, resolutions):
        assert text[claim.start : claim.end] == claim.text


def test_pieces_do_make_claims(tiny_gazetteer: MemoryGazetteer) -> None:
    """The pieces above form claims, so the properties are not vacuous."""
    text = "ALGIERS (Reuters) - Gao" + " about 60 km south-east of " + "Algiers" + ". "
    document = Document("d", text)
    resolutions, _ = find_places([document], tiny_gazetteer)
    [claim] = extract_claims(document, resolutions)
    assert text[claim.start : claim.end] == claim.text == "about 60 km south-east of Algiers"
