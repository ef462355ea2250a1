"""Distance and direction claims (geomap.claims.extract).

Places and resolutions are built by hand: :func:`resolve` marks every known
name in a text the way the mention and resolution stages would.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from builders import ALGIERS

from geomap.claims.extract import extract_claims, merge_repeated
from geomap.model import Claim, Document, LatLon, Mention, Place, Resolution


def _place(key: str, name: str, kind: str, country: str, lat: float, lon: float) -> Place:
    return Place(f"test:{key}", name, kind, country, LatLon(lat, lon))


PLACES = {
    place.name: place
    for place in (
        _place("dz", "Algeria", "country", "DZ", 28.0, 2.6),
        _place("ly", "Libya", "country", "LY", 26.3, 17.2),
        _place("ml", "Mali", "country", "ML", 17.6, -4.0),
        _place("ne", "Niger", "country", "NE", 17.6, 8.1),
        _place("et", "Ethiopia", "country", "ET", 9.1, 40.5),
        _place("so", "Somalia", "country", "SO", 5.2, 46.2),
        _place("illizi", "Illizi", "admin1", "DZ", 26.5, 8.5),
        _place("algiers", "Algiers", "city", "DZ", ALGIERS.point.lat, ALGIERS.point.lon),
        _place("in-amenas", "In Amenas", "city", "DZ", 28.033, 9.567),
        _place("tigantourine", "Tigantourine", "facility", "DZ", 27.897, 9.127),
        _place("tamanrasset", "Tamanrasset", "city", "DZ", 22.79, 5.52),
        _place("ghadames", "Ghadames", "city", "LY", 30.13, 9.50),
        _place("tripoli", "Tripoli", "city", "LY", 32.89, 13.19),
        _place("gao", "Gao", "city", "ML", 16.27, -0.04),
        _place("kidal", "Kidal", "city", "ML", 18.44, 1.41),
        _place("mopti", "Mopti", "city", "ML", 14.48, -4.18),
        _place("bamako", "Bamako", "city", "ML", 12.65, -8.0),
        _place("timbuktu", "Timbuktu", "city", "ML", 16.77, -3.01),
        _place("tessalit", "Tessalit", "city", "ML", 20.2, 1.01),
        _place("agadez", "Agadez", "city", "NE", 16.97, 7.99),
        _place("niamey", "Niamey", "city", "NE", 13.51, 2.11),
        _place("dolo", "Dolo", "city", "ET", 4.18, 42.06),
        _place("lampedusa", "Lampedusa", "city", "IT", 35.5, 12.6),
    )
}
ALIASES = {"Ain Amenas": "In Amenas"}
DEMONYMS = {"Libyan": "Libya", "Algerian": "Algeria", "Malian": "Mali"}
SITE = PLACES["Tigantourine"]


def resolve(text: str, doc_id: str = "d", *, unresolved: tuple[str, ...] = ()) -> list[Resolution]:
    """A resolution for every known name in ``text`` (None for ``unresolved`` names)."""
    surfaces = {**{n: PLACES[n] for n in PLACES}, **{a: PLACES[n] for a, n in ALIASES.items()}}
    surfaces.update({d: PLACES[n] for d, n in DEMONYMS.items()})
    names = sorted([*surfaces, *unresolved], key=len, reverse=True)
    resolutions = []
    for match in re.finditer(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b", text):
        name = match.group()
        role = "place"
        if name in DEMONYMS:
            following = text[match.end() : match.end() + 12]
            role = "border" if re.match(r"\s+(?:border|frontier)", following) else "demonym"
        mention = Mention(doc_id, match.start(), match.end(), name, role=role)
        resolutions.append(Resolution(mention, surfaces.get(name), 1.0 if name in surfaces else 0))
    return resolutions


def claims_of(text: str, *, site: Place | None = SITE, unresolved: tuple[str, ...] = ()):
    document = Document("d", text)
    return extract_claims(document, resolve(text, unresolved=unresolved), site=site)


def only_claim(text: str, **options) -> Claim:
    claims = claims_of(text, **options)
    assert len(claims) == 1, [c.text for c in claims]
    return claims[0]


def names(places) -> list[str]:
    return [p.name for p in places]


# ---------------------------------------------------------------------------
# Relation forms.


@pytest.mark.parametrize(
    ("sentence", "phrase", "low", "unit", "direction", "reference", "geometry", "subjects"),
    [
        (
            "Kidal lies 1,500 km north-east of Bamako, near the Algerian border.",
            "1,500 km north-east of Bamako",
            1500,
            "km",
            "NE",
            "Bamako",
            "point",
            ["Kidal"],
        ),
        (
            "Timbuktu is located some 700 kilometres from Bamako.",
            "some 700 kilometres from Bamako",
            700,
            "km",
            None,
            "Bamako",
            "point",
            ["Timbuktu"],
        ),
        (
            "French troops reached Gao, 320 km south-east of Timbuktu, on Saturday.",
            "320 km south-east of Timbuktu",
            320,
            "km",
            "SE",
            "Timbuktu",
            "point",
            ["Gao"],
        ),
        (
            "Soldiers took the airport at Tessalit, about 200 miles to the north of Gao.",
            "about 200 miles to the north of Gao",
            200,
            "mi",
            "N",
            "Gao",
            "point",
            ["Tessalit"],
        ),
        (
            "Agadez, which lies 750 km north-east of Niamey, is a transit town.",
            "750 km north-east of Niamey",
            750,
            "km",
            "NE",
            "Niamey",
            "point",
            ["Agadez"],
        ),
        (
            "Ghadames lies only 10 km away from the Algerian frontier.",
            "only 10 km away from the Algerian frontier",
            10,
            "km",
            None,
            "the Algerian frontier",
            "border",
            ["Ghadames"],
        ),
        (
            "The gas plant is about 60km from the Libyan border, officials said.",
            "about 60km from the Libyan border",
            60,
            "km",
            None,
            "the Libyan border",
            "border",
            ["Tigantourine"],
        ),
        (
            "The hostages were held at a facility 1,300 km SSE of Algiers.",
            "1,300 km SSE of Algiers",
            1300,
            "km",
            "SSE",
            "Algiers",
            "point",
            ["Tigantourine"],
        ),
        (
            "The migrants' boat sank 20 nautical miles off the coast of Libya.",
            "20 nautical miles off the coast of Libya",
            20,
            "nmi",
            None,
            "the coast of Libya",
            "coast",
            ["Tigantourine"],
        ),
        (
            "Rescuers found the dinghy 5 km off Lampedusa.",
            "5 km off Lampedusa",
            5,
            "km",
            None,
            "Lampedusa",
            "coast",
            ["Tigantourine"],
        ),
        (
            "Militants fled into Mali, some 400 km from the plant.",
            "some 400 km from the plant",
            400,
            "km",
            None,
            "the plant",
            "point",
            ["Mali"],  # where they fled is what lies 400 km away
        ),
        (
            "The convoy was ambushed about 100 miles inside Algeria, 200 km from Niger.",
            "200 km from Niger",
            200,
            "km",
            None,
            "Niger",
            "area",
            ["Tigantourine"],
        ),
    ],
)
def test_relation_forms(
    sentence: str,
    phrase: str,
    low: float,
    unit: str,
    direction: str | None,
    reference: str,
    geometry: str,
    subjects: list[str],
) -> None:
    (claim,) = [c for c in claims_of(sentence) if c.quantity is not None]
    assert claim.text == phrase
    assert claim.quantity is not None
    assert (claim.quantity.low, claim.quantity.unit) == (low, unit)
    assert claim.direction == direction
    assert (claim.reference.text, claim.reference.geometry) == (reference, geometry)
    assert names(claim.subjects) == subjects


def test_a_conversion_in_brackets_makes_one_claim() -> None:
    claim = only_claim("Tamanrasset is 1,900 km (1,180 miles) south of Algiers.")
    assert claim.text == "1,900 km (1,180 miles) south of Algiers"
    assert claim.quantity is not None
    assert (claim.quantity.low, claim.quantity.unit) == (1900, "km")
    assert claim.direction == "S"


def test_within_is_an_upper_bound() -> None:
    claim = only_claim(
        "Dolo is a town in Ethiopia, within 30 kilometers of the Ethiopia-Somalia border."
    )
    assert claim.relation == "within"
    assert claim.quantity is not None and claim.quantity.hedge == "within"
    assert claim.reference.geometry == "border"
    # Dolo is Ethiopian: the border is the one with Somalia, seen from Ethiopia.
    assert claim.reference.place == PLACES["Somalia"]
    assert claim.reference.other_place == PLACES["Ethiopia"]
    assert names(claim.subjects) == ["Dolo"]


def test_a_radius_is_an_upper_bound() -> None:
    claim = only_claim("Flights were banned within a 50-km radius of Gao.")
    assert claim.relation == "within"
    assert claim.quantity is not None and claim.quantity.low == 50
    assert claim.reference.place == PLACES["Gao"]


def test_a_road_distance_says_so() -> None:
    claim = only_claim("Kidal is 350 km by road from Gao.")
    assert claim.relation == "by road"
    assert claim.reference.place == PLACES["Gao"]


def test_near_the_border_is_a_claim_without_quantity() -> None:
    claim = only_claim("In Amenas, near the Libyan border, was sealed off by the army.")
    assert claim.quantity is None
    assert claim.relation == "near"
    assert claim.reference.geometry == "border"
    assert claim.reference.place == PLACES["Libya"]
    assert names(claim.subjects) == ["In Amenas"]


def test_near_a_border_with_no_subject_named_is_about_the_site() -> None:
    claim = only_claim("The attack happened near the Libyan border.")
    assert claim.relation == "near"
    assert claim.subjects == (SITE,)


def test_a_direction_without_distance() -> None:
    claim = only_claim("Kidal, far north of Gao, fell to the rebels in March.")
    assert (claim.quantity, claim.direction, claim.relation) == (None, "N", "direction")
    assert claim.reference.place == PLACES["Gao"]
    assert names(claim.subjects) == ["Kidal"]


@pytest.mark.parametrize(
    ("sentence", "subject", "direction", "reference"),
    [
        # The named place lies at the distance; the origin is implicit.
        ("The nearest town is Tessalit, 90 km to the north.", "Tessalit", "N", ""),
        ("In Amenas is the nearest town, 40 km away.", "In Amenas", None, ""),
        ("Timbuktu lies on the river; Gao is 320 km to the east.", "Gao", "E", ""),
        ("From Gao it is 300 km north-east to Kidal.", "Kidal", "NE", ""),
        ("Smoke could be seen rising 12 km away at Tigantourine.", "Tigantourine", None, ""),
    ],
)
def test_implicit_origin_keeps_the_stated_direction(
    sentence: str, subject: str, direction: str | None, reference: str
) -> None:
    claim = only_claim(sentence, site=PLACES["Algiers"])
    assert names(claim.subjects) == [PLACES[subject].name]
    assert claim.direction == direction
    assert claim.reference.text == reference
    assert claim.reference.place == PLACES["Algiers"]  # the site stands in for "here"


@pytest.mark.parametrize(
    "sentence",
    [
        "The pipeline is 60 km long.",
        "The convoy drove 300 km before dawn.",
        "Officials said 60 km of the border is unguarded.",
        "Winds reached 60 km/h near Gao.",
        "Algeria signed a $60m deal with Mali.",
        "The 200-mile round trip from Algiers took two days.",
        "The patrol walked 2 miles from the brook.",
        "Speeds of 60 miles per hour were recorded north of Gao.",
        "UPDATE: US Forces On Standby Near Algeria Hostage Situation",
        "Fighting raged in the north of Mali.",
        "The camp lies 80 km inside Niger.",
        "The village is a 30-minute drive from Gao.",
    ],
)
def test_no_claim_where_there_is_no_place_to_place_distance(sentence: str) -> None:
    assert claims_of(sentence) == ()


# ---------------------------------------------------------------------------
# Subjects.


def test_two_readings_of_the_subject_are_kept() -> None:
    claim = only_claim(
        "The desert gas field is in Ain Amenas in Illizi province, around 60 km from the "
        "Libyan border."
    )
    assert names(claim.subjects) == ["In Amenas", SITE.name]
    assert claim.subject_text == "Ain Amenas / The desert gas field"


def test_relative_clause_and_coordinated_claims_share_the_subject() -> None:
    text = (
        "Troops ringed the Tigantourine gas complex, which is located a few kilometres from "
        "In Amenas, 1,100 km south-east of Algiers and about 70 km from the Libyan border."
    )
    first, second, third = claims_of(text)
    assert first.reference.place == PLACES["In Amenas"]
    assert names(first.subjects) == ["Tigantourine"]
    # a list of distances from one subject: the complex, not the town named before
    assert names(second.subjects) == ["Tigantourine"]
    assert second.direction == "SE"
    assert third.reference.geometry == "border"
    assert "Tigantourine" in names(third.subjects)


def test_an_aside_between_subject_and_verb_is_skipped() -> None:
    claim = only_claim(
        "The facility, the fourth-largest in Algeria, is located 40 km from In Amenas."
    )
    assert names(claim.subjects) == [SITE.name]
    assert claim.subject_text == "The facility"


@pytest.mark.parametrize(
    ("sentence", "subjects"),
    [
        # a description of the place named before the comma
        (
            "In Amenas, a town of 7,000 people about 1,100 km south-east of Algiers, was cut off.",
            ["In Amenas"],
        ),
        # the site, located by a place: both readings
        (
            "BP said its facility at In Amenas is 1,100 km south-east of Algiers.",
            [SITE.name, "In Amenas"],
        ),
        (
            "Gunmen stormed the complex near In Amenas, about 1,100km from Algiers.",
            [SITE.name, "In Amenas"],
        ),
    ],
)
def test_subjects_described_or_located_by_a_place(sentence: str, subjects: list[str]) -> None:
    (claim,) = [c for c in claims_of(sentence) if c.quantity is not None]
    assert names(claim.subjects) == subjects


@pytest.mark.parametrize(
    ("sentence", "within"),
    [
        # "in" and an area between the subject and its figure
        ("Tazrit, a village in Illizi province, lies 48 km south-east of In Amenas.", ["Illizi"]),
        ("The plant, in southern Algeria, is 1,300 km from Algiers.", ["Algeria"]),
        ("The camp, deep inside Mali, lies 100 km from Gao.", ["Mali"]),
        # an area after the figure describes the reference, not the subject
        ("The plant lies 40 km from Gao, in Mali.", []),
        # people in an area say where they are, not where the subject is
        ("Officials from Mali said the camp lies 100 km from Gao.", []),
        # the reference itself is no container
        ("The camp, in Algeria, is 60 km from the Algerian border.", []),
    ],
)
def test_areas_the_sentence_puts_the_subject_in(sentence: str, within: list[str]) -> None:
    claim = claims_of(sentence, unresolved=("Tazrit",))[0]
    assert names(claim.subject_within) == within


def test_an_unplaced_name_opening_the_sentence_is_its_subject() -> None:
    claim = only_claim(
        "Tazrit, a village in Illizi province, lies 48 km south-east of In Amenas.",
        unresolved=("Tazrit",),
    )
    assert claim.subject_text == "Tazrit"
    assert claim.subjects == ()


def test_the_border_of_which_makes_the_border_the_reference() -> None:
    claim = only_claim(
        "The raiders came from Libya, the border of which lies 40 miles from the facility."
    )
    assert claim.reference.geometry == "border"
    assert claim.reference.place == PLACES["Libya"]
    assert names(claim.subjects) == [SITE.name]


def test_the_site_word_without_a_site_gives_words_but_no_place() -> None:
    claim = only_claim("The plant lies 60 miles from Tripoli.", site=None)
    assert claim.subject_text == "The plant"
    assert claim.subjects == ()


def test_an_unresolved_subject_is_not_replaced_by_the_site() -> None:
    claim = only_claim("Bordj Omar Driss, 300 km from In Amenas, was quiet.", unresolved=())
    assert claim.subject_text == "Bordj Omar Driss"
    assert claim.subjects == ()  # unverifiable, rather than wrongly the site


def test_no_subject_named_means_the_site() -> None:
    claim = only_claim("Helicopters were seen 30 km from In Amenas.")
    assert claim.subjects == (SITE,)
    assert claim.subject_text == ""


# ---------------------------------------------------------------------------
# References.


@pytest.mark.parametrize(
    ("sentence", "reference", "place", "other"),
    [
        (
            "In Amenas lies 30 km from the Algeria-Libya border.",
            "the Algeria-Libya border",
            "Libya",
            "Algeria",
        ),
        (
            "Ghadames lies 10 km from the Algeria-Libya border.",
            "the Algeria-Libya border",
            "Algeria",
            "Libya",
        ),
        (
            "In Amenas lies 30 km from the border between Algeria and Libya.",
            "the border between Algeria and Libya",
            "Libya",
            "Algeria",
        ),
        (
            "In Amenas lies 30 km from Algeria's border with Libya.",
            "Algeria's border with Libya",
            "Libya",
            "Algeria",
        ),
        (
            "In Amenas lies 30 km from the border with Libya.",
            "the border with Libya",
            "Libya",
            None,
        ),
        ("In Amenas lies 30 km from Libya's border.", "Libya's border", "Libya", None),
    ],
)
def test_border_sides(sentence: str, reference: str, place: str, other: str | None) -> None:
    claim = only_claim(sentence)
    assert claim.reference.geometry == "border"
    assert claim.reference.text == reference
    assert claim.reference.place == PLACES[place]
    assert claim.reference.other_place == (PLACES[other] if other else None)


def test_a_border_town_is_a_town() -> None:
    claim = only_claim("The base is 60 km north of the Malian border town of Gao.")
    assert claim.reference.geometry == "point"
    assert claim.reference.place == PLACES["Gao"]


@pytest.mark.parametrize(
    ("sentence", "reference"),
    [
        ("The plant is 1,100 km from the Algerian capital.", "the Algerian capital"),
        ("The plant is 1,100 km from the capital of Algeria.", "the capital of Algeria"),
        ("The plant is 1,100 km from Algeria's capital.", "Algeria's capital"),
    ],
)
def test_a_place_of_a_country_is_not_the_country(sentence: str, reference: str) -> None:
    claim = only_claim(sentence)
    assert claim.reference.text == reference
    assert claim.reference.place is None


def test_the_capital_followed_by_its_name() -> None:
    claim = only_claim("The plant is 1,100 km south-east of the capital, Algiers.")
    assert claim.reference.text == "the capital, Algiers"
    assert claim.reference.place == PLACES["Algiers"]


def test_the_capital_of_a_city_name_is_the_city() -> None:
    claim = only_claim("The plant is 1,300 kilometers south of the capital of Algiers.")
    assert claim.reference.place == PLACES["Algiers"]
    assert claim.direction == "S"


def test_a_named_but_unresolved_reference_is_kept_unverifiable() -> None:
    claim = only_claim("The plant is 250 km from Ouargla.")
    assert claim.reference.text == "Ouargla"
    assert claim.reference.place is None


def test_an_unresolved_mention_gives_no_place() -> None:
    claim = only_claim("The plant is 250 km from Hassi Messaoud.", unresolved=("Hassi Messaoud",))
    assert claim.reference.text == "Hassi Messaoud"
    assert claim.reference.place is None


def test_resolutions_of_other_documents_are_ignored() -> None:
    text = "The plant is 250 km from Gao."
    foreign = resolve(text, doc_id="other")
    (claim,) = extract_claims(Document("d", text), foreign, site=SITE)
    assert claim.reference.text == "Gao"
    assert claim.reference.place is None


# ---------------------------------------------------------------------------
# Offsets, repeats, speed.


OFFSET_SAMPLES = [
    "Kidal lies 1,500 km north-east of Bamako, near the Algerian border.",
    "The nearest town is Tessalit, 90 km to the north.",
    "Tamanrasset is 1,900 km (1,180 miles) south of Algiers.\nGao, 320 km from Timbuktu, fell.",
    "In Amenas, near the Libyan border, was sealed off.",
]


@pytest.mark.parametrize("text", OFFSET_SAMPLES)
def test_offsets_point_into_the_document(text: str) -> None:
    claims = claims_of(text)
    assert claims
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text
        assert claim.text in claim.sentence
        assert claim.sentence in text
        reference = claim.reference
        assert text[reference.start : reference.end] == reference.text
        assert claim.locations[0].start == claim.start


def test_a_repeated_paragraph_gives_one_claim_with_both_locations() -> None:
    paragraph = "The gas field is around 60 km from the Libyan border.\n"
    text = paragraph + "Officials met in Algiers.\n" + paragraph
    (claim,) = claims_of(text)
    assert [location.start for location in claim.locations] == [
        text.index("around"),
        text.rindex("around"),
    ]


def test_merge_repeated_keeps_different_documents_and_subjects_apart() -> None:
    text = "Gao is 320 km from Timbuktu. Kidal is 320 km from Timbuktu."
    claims = claims_of(text)
    assert len(claims) == 2
    other = extract_claims(Document("e", text), resolve(text, doc_id="e"), site=SITE)
    assert len(merge_repeated([*claims, *other])) == 4
    assert merge_repeated([*claims, *claims]) == claims


@pytest.mark.slow  # a timing assert: CI runs it, the default run does not
def test_a_3000_character_article_is_read_in_milliseconds() -> None:
    sentences = [
        "Kidal lies 1,500 km north-east of Bamako, near the Algerian border.",
        "The gas plant is about 60km from the Libyan border, officials said.",
        "French troops reached Gao, 320 km south-east of Timbuktu, on Saturday.",
        "Officials in Algiers said the army had sealed off the area around the complex.",
        "Tamanrasset is 1,900 km (1,180 miles) south of Algiers.",
    ]
    text = " ".join(sentences * 10)[:3000]
    resolutions = resolve(text)
    extract_claims(Document("d", text), resolutions, site=SITE)
    # CPU time, not wall-clock: other work on a shared machine does not count
    started = time.process_time()
    for _ in range(10):
        extract_claims(Document("d", text), resolutions, site=SITE)
    per_article = (time.process_time() - started) / 10
    # Typically about 2 ms; the margin absorbs slow machines, not a slow parser.
    assert per_article < 0.025


# ---------------------------------------------------------------------------
# The real articles about the In Amenas attack.

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


@pytest.fixture(scope="module")
def seed_claims() -> list[Claim]:
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        pytest.skip(f"seed articles not found in {SEEDS} (../shared/seeds next to the repo)")
    claims: list[Claim] = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        document = Document(path.stem, text)
        claims.extend(extract_claims(document, resolve(text, path.stem), site=SITE))
    return claims


def _summary(claim: Claim) -> tuple[object, ...]:
    quantity = claim.quantity
    return (
        (quantity.low, quantity.high, quantity.unit, quantity.vague) if quantity else None,
        claim.direction,
        claim.reference.geometry,
        claim.reference.place.name if claim.reference.place else None,
    )


@pytest.mark.parametrize(
    "expected",
    [
        ((60.0, 60.0, "km", False), None, "border", "Libya"),  # around 60 km from the Libyan border
        (
            (60.0, 60.0, "mi", False),
            None,
            "border",
            "Libya",
        ),  # Libya, ... 60 miles from the facility
        ((1300.0, 1300.0, "km", False), "S", "point", "Algiers"),  # 1,300 km south of Algiers
        ((1300.0, 1300.0, "km", False), "SE", "point", "Algiers"),  # 1300 km south-east of Algiers
        ((2.0, 9.0, "km", True), None, "point", "In Amenas"),  # a few kilometers from In Amenas
        ((24.0, 72.0, "km", True), None, "border", "Libya"),  # a few dozen kilometers from ...
    ],
)
def test_seed_articles_state_the_known_claims(seed_claims: list[Claim], expected: tuple) -> None:
    assert expected in [_summary(claim) for claim in seed_claims]


def test_seed_claims_about_the_site_name_it(seed_claims: list[Claim]) -> None:
    facility = [c for c in seed_claims if c.quantity and c.quantity.unit == "mi"]
    assert facility and all(SITE in c.subjects for c in facility)
    hedged = [c for c in seed_claims if c.quantity and c.quantity.hedge == "about"]
    assert hedged and all(len(c.locations) == 2 for c in hedged)  # the article repeats itself


def test_the_capital_is_the_capital_of_the_country_meant() -> None:
    algiers = PLACES["Algiers"]
    text = "Fighting reached In Amenas, in Algeria, more than 1,000 km south-east of the capital."
    document = Document("d", text)
    resolutions = resolve(text)
    claims = extract_claims(document, resolutions, site=SITE, capitals={"DZ": algiers})
    (claim,) = claims
    assert claim.reference.place == algiers
    assert claim.reference.text == "the capital"
    without = extract_claims(document, resolutions, site=SITE)
    assert without[0].reference.place is None


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("The convoy reached Gao on the Niger, 320 km from Timbuktu.", "Gao"),
        ("Flights landed at Agadez near the Air mountains, 900 km from Niamey.", "Agadez"),
        ("Gao on the Niger lies 320 km from Timbuktu.", "Gao"),
    ],
)
def test_a_place_that_only_locates_the_subject_is_not_the_subject(text: str, subject: str) -> None:
    claim = next(c for c in claims_of(text) if c.quantity is not None)
    assert names(claim.subjects) == [subject]


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # an area or feature geomap does not know, after a locating preposition
        (
            "Kidal (Tamasheq: Kidal) is a town in Tin Essako Cercle, located 300 km from Gao.",
            "Kidal",
        ),
        (
            "Kidal is a town in the valley of the upper Tilemsi, about 300 km north-east of Gao.",
            "Kidal",
        ),
        ("Kidal lies within the Adrar Valley 300 km north-east of Gao.", "Kidal"),
    ],
)
def test_the_area_a_place_is_in_is_not_the_subject(text: str, subject: str) -> None:
    claim = next(c for c in claims_of(text) if c.quantity is not None)
    assert names(claim.subjects) == [subject]


@pytest.mark.parametrize(
    "text",
    [
        # the clause's subject is no place: the unknown name may be the subject
        "The convoy was ambushed in Tin Essako, 300 km north-east of Gao.",
        # no verb of place after the opening name
        "Kidal residents fled to Tin Essako, 300 km north-east of Gao.",
    ],
)
def test_an_unknown_place_is_kept_when_nothing_else_is_the_subject(text: str) -> None:
    claim = next(c for c in claims_of(text) if c.quantity is not None)
    assert claim.subjects == ()
    assert "Tin Essako" in claim.subject_text


def test_a_place_after_and_with_its_qualifier_is_the_subject_of_its_clause() -> None:
    text = "Kidal, Mali, is 300 km north-east of Gao, and Tessalit, Mali, is 500 km north of Gao."
    first, second = claims_of(text)
    assert names(first.subjects) == ["Kidal"]
    assert names(second.subjects) == ["Tessalit"]


def test_a_name_inside_a_description_is_not_the_subject() -> None:
    text = "The camp, a supply base for Kidal, is located 80 km north of Gao."
    claim = only_claim(text)
    assert PLACES["Kidal"] not in claim.subjects


def test_respectively_pairs_each_figure_with_its_subject() -> None:
    text = "Kidal and Tessalit are located 300 km to the north-east and 500 km to the north respectively."
    claims = [c for c in claims_of(text, site=PLACES["Gao"]) if c.quantity is not None]
    assert [names(c.subjects) for c in claims] == [["Kidal"], ["Tessalit"]]
    assert all(c.reference.place == PLACES["Gao"] for c in claims)


@pytest.mark.parametrize(
    "text",
    [
        "Tessalit is 40 km east of the Kidal-Gao Highway.",
        "Tessalit lies 40 km from the Gao road.",
    ],
)
def test_a_road_named_after_a_town_is_not_the_town(text: str) -> None:
    claim = only_claim(text)
    assert claim.reference.place is None


def test_a_named_but_unknown_subject_is_not_taken_for_the_site() -> None:
    claim = only_claim(
        "Rocks blocked the road at the Devil's Elbow pass, about 30 km north of Gao."
    )
    assert claim.subjects == ()
    assert "Devil" in claim.subject_text


def test_further_goes_on_from_the_place_just_located() -> None:
    text = "Kidal is 300 km north-east of Gao. Tessalit, 200 km further north, was empty."
    first, second = claims_of(text)
    assert second.reference.place == first.subjects[0] == PLACES["Kidal"]
    assert names(second.subjects) == ["Tessalit"]


def test_a_verb_after_a_border_ends_the_phrase() -> None:
    # "near the Libyan border made it vulnerable": the border, not "border made"
    claim = only_claim(
        "Analysts say the plant's position near the Libyan border made it vulnerable."
    )
    assert claim.reference.geometry == "border"
    assert claim.reference.text == "the Libyan border"
