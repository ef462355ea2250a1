"""Resolution: qualifiers, document context, one sense per name, support for small places."""

from __future__ import annotations

import pytest
from builders import place

from geomap.geoparse.mentions import find_mentions
from geomap.geoparse.resolve import context_from_resolutions, resolve_mentions
from geomap.model import Document
from geomap.pipeline import find_places


def resolve(text: str, gazetteer) -> dict[str, str]:
    spotted = find_mentions(Document("d", text), gazetteer).kept
    return {
        r.mention.text: (r.place.id if r.place else None)
        for r in resolve_mentions(spotted, gazetteer)
    }


@pytest.mark.parametrize(
    ("sentence", "mention", "place_id"),
    [
        ("The convoy left Gao, Mali, at dawn.", "Gao", "t:gao-ml"),
        ("Burkina Faso said the convoy left Gao on Monday.", "Gao", "t:gao-bf"),
        ("Officials in Gao denied the report.", "Gao", "t:gao-ml"),  # population prior
        ("She moved from Paris to Marseille.", "Paris", "t:paris-fr"),
        ("Flooding hit Paris, Texas, on Sunday.", "Paris", "t:paris-tx"),
        ("He grew up in Springfield, Ill., before the war.", "Springfield", "t:spr-il"),
        ("The town of Springfield, IL voted.", "Springfield", "t:spr-il"),
        ("Ain Amenas in Illizi province was sealed off.", "Ain Amenas", "t:in-amenas"),
        ("The Libyan border was closed.", "Libyan", "t:ly"),
    ],
)
def test_choice(sentence: str, mention: str, place_id: str, tiny_gazetteer) -> None:
    assert resolve(sentence, tiny_gazetteer)[mention] == place_id


def test_region_word_asks_for_the_region(tiny_gazetteer) -> None:
    chosen = resolve(
        "Troops poured into Illizi province while Illizi itself was calm.", tiny_gazetteer
    )
    assert chosen["Illizi province"] == "t:illizi-prov"
    assert chosen["Illizi"] == "t:illizi"  # the bare name is the town


def test_one_sense_per_name_in_a_document(tiny_gazetteer) -> None:
    text = "Paris, Texas, flooded. Later, Paris opened shelters for families."
    spotted = find_mentions(Document("d", text), tiny_gazetteer).kept
    ids = [
        r.place.id for r in resolve_mentions(spotted, tiny_gazetteer) if r.mention.text == "Paris"
    ]
    assert ids == ["t:paris-tx", "t:paris-tx"]


def test_alternatives_are_ranked_with_evidence(tiny_gazetteer) -> None:
    spotted = find_mentions(Document("d", "The convoy left Gao, Mali."), tiny_gazetteer).kept
    gao = next(r for r in resolve_mentions(spotted, tiny_gazetteer) if r.mention.text == "Gao")
    assert [c.place.id for c in gao.alternatives][:2] == ["t:gao-ml", "t:gao-bf"]
    assert gao.alternatives[0].score > gao.alternatives[1].score
    assert any("inside 'Mali'" in e for e in gao.alternatives[0].evidence)
    assert 0.5 < gao.score <= 1.0


def test_outside_context_breaks_ties(tiny_gazetteer) -> None:
    other = find_places([Document("o", "Burkina Faso closed its border.")], tiny_gazetteer)[0]
    spotted = find_mentions(Document("d", "A bus left Gao on Monday."), tiny_gazetteer).kept
    alone = resolve_mentions(spotted, tiny_gazetteer)
    helped = resolve_mentions(spotted, tiny_gazetteer, context=context_from_resolutions(other))
    assert alone[0].place.id == "t:gao-ml"
    assert helped[0].place.id == "t:gao-bf"


def test_a_small_place_with_no_support_is_dropped_not_the_others(tiny_gazetteer) -> None:
    text = "Kelly is on the way to Algiers."
    kept, dropped = find_places([Document("d", text)], tiny_gazetteer)
    assert [r.place.id for r in kept] == ["t:algiers"]
    assert any(
        "small and nothing else" in " ".join(m.reasons) for m in dropped if m.text == "Kelly"
    )


def test_a_small_place_next_to_its_neighbours_is_kept(tiny_gazetteer) -> None:
    text = "Engineers drove from In Amenas to Illizi and on to Tigantourine."
    kept, _ = find_places([Document("d", text)], tiny_gazetteer)
    assert [r.place.id for r in kept] == ["t:in-amenas", "t:illizi", "t:tigantourine"]


def test_real_gazetteer_resolves_the_seed_places(real_gazetteer, seeds_dir) -> None:
    from geomap.text.documents import read_documents

    resolutions, _ = find_places(read_documents([seeds_dir]), real_gazetteer, shared_context=True)
    chosen = {(r.mention.text, r.place.id) for r in resolutions}
    texts = {text for text, _ in chosen}
    for name in (
        "Ain Amenas",
        "In Amenas",
        "Tigantourine",
        "Illizi province",
        "Algiers",
        "Libya",
        "Mali",
    ):
        assert name in texts, name
    gao = {pid for text, pid in chosen if text == "Gao"}
    assert gao == {"geonames:2457163"}  # Gao, Mali, not Gao, Burkina Faso
    assert ("Ain Amenas", "curated:in-amenas") in chosen
    assert ("Libyan", "country:LY") in chosen


@pytest.mark.parametrize(
    ("sentence", "name", "kind"),
    [
        # a state whose capital has its name only as an alias: the state
        ("The fire later crossed into Oklahoma.", "Oklahoma", "admin1"),
        # a city whose name is the region's, spelled otherwise: the city
        ("Hun is 370 km from Misrata.", "Misratah", "city"),
    ],
)
def test_a_bare_region_name_and_a_city_called_so(
    sentence: str, name: str, kind: str, real_gazetteer
) -> None:
    from geomap.model import Document
    from geomap.pipeline import find_places

    resolutions, _ = find_places([Document("d", sentence)], real_gazetteer)
    found = {r.mention.text: r.place for r in resolutions}
    place = found[sentence.split()[-1].rstrip(".") if "Misrata" in sentence else "Oklahoma"]
    assert (place.name, place.kind) == (name, kind)


def test_towns_named_together_are_read_where_they_are_neighbours(real_gazetteer) -> None:
    # three names found in many states; only in Oregon are all three close together
    text = "Dayton is 21 miles from Salem and 8 miles from McMinnville."
    resolutions, _ = find_places([Document("d", text)], real_gazetteer)
    assert {r.mention.text: r.place.admin1 for r in resolutions if r.place} == {
        "Dayton": "Oregon",
        "Salem": "Oregon",
        "McMinnville": "Oregon",
    }


def test_a_capital_known_by_an_old_name_is_not_favoured_by_it(real_gazetteer) -> None:
    resolutions, _ = find_places([Document("d", "Flights to Salem resumed.")], real_gazetteer)
    assert [r.place.country_code for r in resolutions if r.place] != ["IL"]


def test_no_namesake_outside_the_qualifier(real_gazetteer) -> None:
    # the gazetteer's Thruxton is not in Hampshire: no reading, and the reason says so
    resolutions, dropped = find_places(
        [Document("d", "The race moves to Thruxton, Hampshire, in May.")], real_gazetteer
    )
    assert "Thruxton" not in [r.mention.text for r in resolutions]
    (thruxton,) = [m for m in dropped if m.text == "Thruxton"]
    assert "no Thruxton inside" in thruxton.reasons[-1]


def test_a_list_is_no_qualifier(real_gazetteer) -> None:
    text = "The chain sold its stores in Žilina, Nitra, Prešov and Košice."
    resolutions, _ = find_places([Document("d", text)], real_gazetteer)
    assert {r.mention.text for r in resolutions} >= {"Žilina", "Nitra", "Prešov", "Košice"}


def test_a_qualified_mention_decides_the_bare_ones(real_gazetteer) -> None:
    text = (
        "After the shooting in Parkland, Florida, students marched. Parkland mourned. "
        "Parkland schools closed. Parkland parents spoke."
    )
    resolutions, _ = find_places([Document("d", text)], real_gazetteer)
    assert {r.place.admin1 for r in resolutions if r.mention.text == "Parkland"} == {"Florida"}


@pytest.mark.parametrize(
    ("text", "name", "admin1"),
    [
        # in Telford and Wrekin, the unitary authority inside ceremonial Shropshire
        ("He was born in Wellington, Shropshire, in 1950.", "Wellington", "Telford and Wrekin"),
        # in South Gloucestershire
        ("She lives in Thornbury, Gloucestershire.", "Thornbury", "South Gloucestershire"),
        ("The plant near Cattenom, Moselle, closed.", "Cattenom", "Moselle"),
        # England has no outline: a town's county says nothing against it
        ("He died at Teignmouth, 15 miles south of Exeter, England.", "Exeter", "Devon"),
    ],
)
def test_a_town_near_its_qualifiers_edge_is_not_ruled_out(
    real_gazetteer, text: str, name: str, admin1: str
) -> None:
    resolutions, _ = find_places([Document("d", text)], real_gazetteer)
    (town,) = [r.place for r in resolutions if r.mention.text == name]
    assert town is not None and town.admin1 == admin1


def test_a_city_known_by_its_districts_name_is_the_city(real_gazetteer) -> None:
    # Darnah, also called Derna, in the district named after it
    resolutions, _ = find_places(
        [Document("d", "Floods swept through Derna, in eastern Libya, on Monday.")],
        real_gazetteer,
    )
    (derna,) = [r.place for r in resolutions if r.mention.text == "Derna"]
    assert derna is not None and derna.kind == "city" and derna.country_code == "LY"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # AP's "Ind." is Indiana's; India's code is written IND
        ("The plant near Gary, Ind., closed on Friday.", "Indiana"),
        ("Evansville, Ind., and Owensboro, Ky., share a bridge.", "Indiana"),
        # a state's spaced abbreviation
        ("The mayor of Wheeling, W. Va., spoke on Monday.", "West Virginia"),
    ],
)
def test_an_abbreviation_as_the_text_writes_it(
    sentence: str, expected: str, real_gazetteer
) -> None:
    resolutions, _ = find_places([Document("d", sentence)], real_gazetteer)
    states = [
        r.place.name for r in resolutions if r.place and r.place.kind in {"admin1", "country"}
    ]
    assert states and states[0] == expected


@pytest.mark.parametrize(
    ("text", "stored", "name_type", "penalised"),
    [
        ("Ind.", "IND", "abbrev", True),  # AP's Indiana, not India's code
        ("Ind", "IND", "abbrev", True),
        ("IND", "IND", "abbrev", False),  # written as the code
        ("Ind.", "Ind.", "abbrev", False),
        ("Va", "VA", "abbrev", True),  # every code alike: the ranking keeps
        ("Indy", "IND", "alias", False),  # only abbreviations are codes
        ("N.Y.", "NY", "abbrev", False),  # no small letters in the text
    ],
)
def test_a_code_in_capitals_does_not_fit_an_abbreviation_in_small_letters(
    text: str, stored: str, name_type: str, penalised: bool
) -> None:
    from geomap.geoparse.resolve import _code_for_a_written_abbreviation
    from geomap.model import Match

    state = place("s:x", "Somewhere", "admin1", "US", 40.0, -86.0)
    evidence: list[str] = []
    penalty = _code_for_a_written_abbreviation(text, Match(state, stored, name_type), evidence)
    assert (penalty < 0) == penalised
    assert bool(evidence) == penalised


def test_new_york_the_city_and_the_state(real_gazetteer) -> None:
    # "New York" is the city's own name (New York City is the name that tells
    # it from the state), also heading a longer name
    text = "Stocks fell in New York on Monday. The New York Stock Exchange opened late."
    resolutions, _ = find_places([Document("d", text)], real_gazetteer)
    assert {r.place.kind for r in resolutions if r.place} == {"city"}
    # the state stands at its own middle, not on the city (40.71, -74.01)
    key = "new york"
    (state,) = [m.place for m in real_gazetteer.lookup([key])[key] if m.place.kind == "admin1"]
    assert 41.5 < state.point.lat < 44.0 and -77.5 < state.point.lon < -74.5
