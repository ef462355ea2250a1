"""Recognition: which spans of real-looking sentences are kept as places, and why others are dropped."""

from __future__ import annotations

import pytest

from geomap.gazetteer.store import SqliteGazetteer
from geomap.geoparse.mentions import find_mentions
from geomap.model import Document
from geomap.pipeline import find_places


def kept(text: str, gazetteer) -> list[str]:
    return [s.mention.text for s in find_mentions(Document("d", text), gazetteer).kept]


def dropped(text: str, gazetteer) -> dict[str, str]:
    return {
        m.text: " ".join(m.reasons) for m in find_mentions(Document("d", text), gazetteer).dropped
    }


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Gunmen attacked a gas plant near Ain Amenas on Wednesday.", ["Ain Amenas"]),
        ("The plant lies a few kilometres from In Amenas.", ["In Amenas"]),
        ("The field is in Illizi province, near the Libyan border.", ["Illizi province", "Libyan"]),
        (
            "Officials in Algiers said the convoy had come from Gao, Mali.",
            ["Algiers", "Gao", "Mali"],
        ),
        ("Algerian troops surrounded the Tigantourine complex.", ["Algerian", "Tigantourine"]),
        ("He flew from Paris to Springfield, Ill., on Monday.", ["Paris", "Springfield", "Ill."]),
        ("The U.S. embassy in Algiers issued a warning.", ["U.S.", "Algiers"]),
        ("In Amenas is the nearest town.", ["In Amenas"]),
        # the name is where the speakers are, not the speaker
        ("Officials in Gao said the road was cut.", ["Gao"]),
        ("The mayor of Gao said the road was cut.", ["Gao"]),
    ],
)
def test_places_found(sentence: str, expected: list[str], tiny_gazetteer) -> None:
    assert kept(sentence, tiny_gazetteer) == expected


@pytest.mark.parametrize(
    ("sentence", "word", "reason"),
    [
        ("The talks resumed in March after a pause.", "March", "month"),
        ("President Kelly Paris addressed the nation.", "Paris", "person"),
        ("Stephen Kelly, an analyst, said the risk was high.", "Kelly", "person"),
        ("The group's leader, said Kelly, had left.", "Kelly", "person"),
        ("BP said all staff were safe.", "BP", "acronym"),
        ("Marseille, said Gao Texas, is far.", "Texas", "person"),
        ("On Monday Gao said the road was cut.", "Gao", "person"),
        ("Johnson & Kelly made the helmets.", "Kelly", "&"),
    ],
)
def test_non_places_dropped_with_reason(
    sentence: str, word: str, reason: str, tiny_gazetteer
) -> None:
    reasons = dropped(sentence, tiny_gazetteer)
    assert word in reasons
    assert reason in reasons[word]
    assert word not in kept(sentence, tiny_gazetteer)


def test_a_surname_stays_a_person_later_in_the_text(tiny_gazetteer) -> None:
    text = "Analyst Kelly spoke first. On the radio, Kelly was calm about the closed road."
    assert "Kelly" not in kept(text, tiny_gazetteer)
    assert "elsewhere in this text" in " ".join(
        " ".join(m.reasons) for m in find_mentions(Document("d", text), tiny_gazetteer).dropped
    )


def test_region_abbreviation_needs_a_town_before_it(tiny_gazetteer) -> None:
    assert "IL" in kept("They met in Springfield, IL last year.", tiny_gazetteer)
    assert "IL" not in kept("The IL team won.", tiny_gazetteer)


def test_demonym_roles(tiny_gazetteer) -> None:
    spotted = find_mentions(
        Document("d", "Algerian officials said the Libyan border was closed."), tiny_gazetteer
    ).kept
    roles = {s.mention.text: s.mention.role for s in spotted}
    assert roles == {"Algerian": "demonym", "Libyan": "border"}


def test_language_use_of_a_demonym_is_dropped(tiny_gazetteer) -> None:
    assert "French" not in kept("The statement was published in French.", tiny_gazetteer)
    assert "French" in kept("French troops arrived.", tiny_gazetteer)


def test_qualifiers_are_attached(tiny_gazetteer) -> None:
    spotted = find_mentions(
        Document("d", "Fighters based in Gao, Mali, crossed into Ain Amenas in Illizi province."),
        tiny_gazetteer,
    ).kept
    qualifiers = {s.mention.text: s.mention.qualifier for s in spotted}
    assert qualifiers["Gao"] == "Mali"
    assert qualifiers["Ain Amenas"] == "Illizi province"


def test_misspelling_is_matched_only_in_a_place_context(tiny_gazetteer) -> None:
    spotted = find_mentions(
        Document("d", "A Marseile-based caterer runs the canteen."), tiny_gazetteer
    ).kept
    assert [(s.mention.text, s.matches[0].place.name) for s in spotted] == [
        ("Marseile", "Marseille")
    ]
    assert kept("Marseile Dupont wrote the report.", tiny_gazetteer) == []


def test_offsets_point_at_the_surface_text(tiny_gazetteer) -> None:
    text = "Troops reached Ain Amenas, then the Libyan border."
    for spotted in find_mentions(Document("d", text), tiny_gazetteer).kept:
        mention = spotted.mention
        assert text[mention.start : mention.end] == mention.text


def test_title_case_headline_is_not_read_as_person_names(tiny_gazetteer) -> None:
    text = "Hostages Freed As Troops Storm Plant Near Algiers\nThe raid ended on Saturday."
    assert "Algiers" in kept(text, tiny_gazetteer)


def test_real_gazetteer_on_a_real_seed_article(real_gazetteer, seeds_dir) -> None:
    text = (seeds_dir / "002_54ba4d242dd7a66d.txt").read_text()
    names = kept(text, real_gazetteer)
    for expected in ("In Amenas", "Algeria", "Libya", "Gao", "Mali"):
        assert expected in names
    assert "Ellis" not in names  # a person, not Ellis, Kansas


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Boats sank in the Mali river near the delta.", "Mali"),
        ("Water rose where the Gao and Paris rivers meet.", "Gao"),
        ("Barges moved along the Texas River at dawn.", "Texas"),
    ],
)
def test_a_name_before_a_feature_noun_is_the_feature(
    sentence: str, name: str, tiny_gazetteer
) -> None:
    assert name not in kept(sentence, tiny_gazetteer)
    assert "names a river" in dropped(sentence, tiny_gazetteer)[name]


def test_a_possessive_inside_a_name(real_gazetteer) -> None:
    spotted = find_mentions(
        Document("d", "Refugees live in camps near Cox's Bazar."), real_gazetteer
    ).kept
    assert [(s.mention.text, s.matches[0].place.country_code) for s in spotted] == [
        ("Cox's Bazar", "BD")
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Mr. Paris told reporters the deal was done.",
        "Sen. Warren said the bill would pass.",
        "Col. Jordan led the patrol back to base.",
    ],
)
def test_a_name_after_a_written_short_title_is_a_person(
    sentence: str, real_gazetteer: SqliteGazetteer
) -> None:
    resolutions, _ = find_places([Document("d", sentence)], real_gazetteer)
    assert [r.place.name for r in resolutions if r.place is not None] == []


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Troops arrived in Dar es Salaam on Monday.", "Dar es Salaam"),
        ("Shelling hit Deir ez-Zor overnight.", "Deir ez-Zor"),
        ("The convoy left Mazar-i-Sharif at dawn.", "Mazar-i-Sharif"),
        ("A fire broke out in Val-d'Or, Quebec.", "Val-d'Or"),
        ("Floods reached Pont-à-Mousson in eastern France.", "Pont-à-Mousson"),
        ("The ferry sails from Rivière-du-Loup, Quebec.", "Rivière-du-Loup"),
        ("Flights to St. John's were cancelled.", "St. John's"),
        ("Police in Qo‘qon made arrests.", "Qo‘qon"),
        ("Talks were held in 's-Hertogenbosch, the Netherlands.", "Hertogenbosch"),
    ],
)
def test_names_with_particles_hyphens_and_apostrophes_are_found(
    sentence: str, name: str, real_gazetteer: SqliteGazetteer
) -> None:
    resolutions, _ = find_places([Document("d", sentence)], real_gazetteer)
    assert name in [r.mention.text for r in resolutions]


@pytest.mark.parametrize(
    ("sentence", "not_found"),
    [
        ("Tourists crowd the Costa del Azahar in August.", "Costa"),
        ("The church at North Runcton was restored.", "Runcton"),
        ("London's mayor spoke in France's parliament.", "France's"),
    ],
)
def test_a_name_is_not_part_of_a_longer_one(
    sentence: str, not_found: str, real_gazetteer: SqliteGazetteer
) -> None:
    resolutions, _ = find_places([Document("d", sentence)], real_gazetteer)
    assert not_found not in [r.mention.text for r in resolutions]


@pytest.mark.parametrize("compass", ["S", "NW", "SSE"])
def test_a_compass_point_does_not_open_a_name(real_gazetteer, compass: str) -> None:
    text = f"The farm is 12 miles {compass} of Framingham."
    spotted = find_mentions(Document("d", text), real_gazetteer)
    assert [s.mention.text for s in spotted.kept] == ["Framingham"]


@pytest.mark.parametrize("text", ["The post at Fort Riley grew.", "Talks at Camp David ended."])
def test_a_fort_the_gazetteer_lacks_is_not_the_town_of_that_name(real_gazetteer, text) -> None:
    spotted = find_mentions(Document("d", text), real_gazetteer)
    assert [s.mention.text for s in spotted.kept] == []
