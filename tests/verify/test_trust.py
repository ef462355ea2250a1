"""Verdicts a fact-checker can trust: what is measured, and when a claim is not called false.

Sentences written for these tests, about real places; each is checked as
``geomap check --each`` would, with the article's title.
"""

from __future__ import annotations

import pytest

from geomap.model import Document, Verdict
from geomap.pipeline import analyze


def verdicts(real_gazetteer, text: str, title: str = "") -> list[Verdict]:
    return list(analyze([Document("d", text, title=title)], real_gazetteer).verdicts)


def measured(verdict: Verdict) -> tuple[str, str]:
    subject = " / ".join(s.name for s in verdict.claim.subjects)
    reference = verdict.claim.reference.place
    return subject, reference.name if reference else ""


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        # a list of distances from one subject
        (
            "Windsor, Massachusetts",
            "The town lies 12 miles north-east of Pittsfield, 45 miles north-west of "
            "Springfield and 120 miles west of Boston.",
            [("Windsor", "Pittsfield"), ("Windsor", "Springfield"), ("Windsor", "Boston")],
        ),
        # a list of places from an origin left implicit: the article's place
        (
            "Stratford, New Zealand",
            "Along the highway Hawera is 30 km south, Eltham 11 km south and Inglewood "
            "21 km north.",
            [("Hawera", "Stratford"), ("Eltham", "Stratford"), ("Inglewood", "Stratford")],
        ),
        # "It" is the article's place; a road it stands on only locates it
        (
            "Holbrook, New South Wales",
            "It stands on the Hume Highway, 356 kilometres north-east of Melbourne.",
            [("Holbrook", "Melbourne")],
        ),
        # the shore of a bay only locates the subject, even a bay the gazetteer knows
        (
            "Cleveland, Queensland",
            "Cleveland sits on the western shores of Moreton Bay about 25 kilometres "
            "east-south-east of Brisbane.",
            [("Cleveland", "Brisbane")],
        ),
        # the county a town is the seat of is not what lies at the distance
        (
            "Aberdeen, South Dakota",
            "Aberdeen is the seat of Brown County, about 125 miles north-east of Pierre.",
            [("Aberdeen", "Pierre")],
        ),
        # "the city" is the city named before it, not the suburb the sentence is about
        (
            "Guildford, Western Australia",
            "Guildford is a suburb of Perth, Western Australia, 12 km north-east of the city.",
            [("Guildford", "Perth")],
        ),
        # a title that is the place's name transliterated otherwise (Ḩamāh)
        (
            "Hama",
            "It lies 210 km north of Damascus and 46 kilometres north of Homs.",
            [("Ḩamāh", "Damascus"), ("Ḩamāh", "Homs")],
        ),
        # what the subject "is in" only says where it is, even a range the
        # gazetteer outlines
        (
            "",
            "Asadabad is in a mountainous region of the Hindu Kush mountains about 13 km "
            "north-west of the Pakistani border and 80 km north-east of Jalalabad.",
            [("Asadābād", "Pakistan"), ("Asadābād", "Jalālābād")],
        ),
        # an inverted sentence: the subject comes after the verb
        (
            "",
            "About 10 kilometres south-east of Tau is the municipal centre of Jørpeland.",
            [("Jørpeland", "Tau")],
        ),
        # a demonym describes, it names no subject
        (
            "Salim, Nablus",
            "Salim is a Palestinian village in the West Bank, located six kilometres east "
            "of Nablus.",
            [("Sālim", "Nablus")],
        ),
    ],
)
def test_what_is_measured(real_gazetteer, title: str, text: str, expected) -> None:
    found = verdicts(real_gazetteer, text, title)
    assert [measured(v) for v in found] == expected
    assert all(v.status in {"consistent", "road-distance-plausible"} for v in found)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        # the Westons the gazetteer holds are far from Lincolnshire
        ("Weston, Lincolnshire", "Weston is a village about 2 miles north-east of Spalding."),
        # the text itself says which Santa Cruz; the gazetteer holds none there
        ("", "The fire reached Santa Cruz, New Mexico, some 25 miles north of Santa Fe."),
    ],
)
def test_a_claim_on_a_doubtful_place_is_not_called_false(
    real_gazetteer, title: str, text: str
) -> None:
    (verdict,) = verdicts(real_gazetteer, text, title)
    assert verdict.status == "unverifiable"


@pytest.mark.parametrize(
    ("title", "text"),
    [
        # figure four times too large, places backed by the title
        ("Windsor, Massachusetts", "Windsor is 180 miles north-west of Springfield."),
        # direction turned round
        ("Lawton, Oklahoma", "Lawton lies about 87 miles north-east of Oklahoma City."),
        ("Cambridge, New Zealand", "Cambridge is 24 kilometres north-west of Hamilton."),
    ],
)
def test_a_false_claim_about_backed_places_stays_false(
    real_gazetteer, title: str, text: str
) -> None:
    (verdict,) = verdicts(real_gazetteer, text, title)
    assert verdict.status == "inconsistent", verdict.explanation


def test_a_state_line_is_not_measured_to_the_state_centre(real_gazetteer) -> None:
    (verdict,) = verdicts(
        real_gazetteer, "Buffalo is 30 miles north-east of the Texas line.", "Buffalo, Oklahoma"
    )
    (reading,) = verdict.readings
    # the nearest point of the line (36.5 N, 100 W), not Texas's centre far to the south
    assert reading.reference_point is not None
    assert reading.reference_point.lat == pytest.approx(36.5, abs=0.05)


def test_south_of_the_pole_has_no_compass_check(real_gazetteer) -> None:
    (verdict,) = verdicts(
        real_gazetteer, "Barrow is about 1,300 miles south of the North Pole.", "Barrow, Alaska"
    )
    assert verdict.status == "consistent"
    assert verdict.readings[0].distance_km == pytest.approx(2089, abs=10)


def test_an_open_ended_figure_is_not_consistent_on_an_unsure_place(real_gazetteer) -> None:
    # "Springfield" alone is one of many; "more than 100 miles" holds for most of them
    (verdict,) = verdicts(real_gazetteer, "Springfield is more than 100 miles from Boston.")
    assert verdict.status != "consistent"
    # on places the text backs, the bound is checked as usual
    (backed,) = verdicts(
        real_gazetteer,
        "Pittsfield is more than 100 miles from Boston.",
        "Pittsfield, Massachusetts",
    )
    assert backed.status == "consistent"


def test_a_part_of_a_city_is_not_measured_at_the_city_point(real_gazetteer) -> None:
    # measured at the city's point, the figure holds within the city's size or
    # is not judged: never called false
    (verdict,) = verdicts(real_gazetteer, "Spring Valley is 2 miles west of the Las Vegas Strip.")
    assert verdict.status in {"unverifiable", "consistent"}, verdict.explanation


def test_a_part_of_a_city_far_beyond_the_city_is_still_false(real_gazetteer) -> None:
    # Spring Valley is some 10 km from Las Vegas's point: 200 miles is no matter of the Strip
    (verdict,) = verdicts(real_gazetteer, "Spring Valley is 200 miles west of the Las Vegas Strip.")
    assert verdict.status == "inconsistent"


def test_an_airport_the_gazetteer_holds_is_measured_itself(real_gazetteer) -> None:
    (verdict,) = verdicts(
        real_gazetteer,
        "Burbank lies two miles south-west of Chicago Midway International Airport.",
        "Burbank, Illinois",
    )
    reference = verdict.claim.reference.place
    assert reference is not None and reference.kind == "facility"
    assert verdict.status == "consistent"


@pytest.mark.parametrize(
    ("text", "facility"),
    [
        ("Rockets struck the Incirlik air base, 10 km east of Adana.", "Incirlik Air Base"),
        (
            "The plane landed at Kabul International Airport, 5 km from the centre of Kabul.",
            "Kabul International Airport",
        ),
    ],
)
def test_air_bases_and_airports_are_places(real_gazetteer, text: str, facility: str) -> None:
    (verdict,) = verdicts(real_gazetteer, text)
    assert [s.name for s in verdict.claim.subjects] == [facility]
    assert verdict.status == "consistent"


def test_the_city_is_the_city_named_before(real_gazetteer) -> None:
    text = (
        "Antakya, the capital of Hatay province, was badly damaged. "
        "The city lies about 20 km from the border with Syria."
    )
    (verdict,) = verdicts(real_gazetteer, text)
    assert [s.name for s in verdict.claim.subjects] == ["Antakya"]
    assert verdict.status == "consistent"


def test_the_town_is_the_place_the_title_names(real_gazetteer) -> None:
    text = "It was named after a ship. The town lies 12 miles north-east of Pittsfield."
    (verdict,) = verdicts(real_gazetteer, text, "Windsor, Massachusetts")
    assert [s.name for s in verdict.claim.subjects] == ["Windsor"]


def test_an_unnamed_origin_is_not_called_false_from_a_guessed_site(real_gazetteer) -> None:
    # the writer measures from Pokhara; geomap's guessed site is Kathmandu
    text = (
        "A plane crashed near Kathmandu. Kathmandu airport was closed. "
        "Pokhara lies at the foot of the Annapurna range. "
        "Helicopters flew in from Bharatpur, 100 km to the south-east."
    )
    found = verdicts(real_gazetteer, text)
    implicit = [v for v in found if not v.claim.reference.text]
    assert implicit and all(v.status != "inconsistent" for v in implicit)


@pytest.mark.parametrize(
    ("text", "subject", "reference"),
    [
        # a facility named with lower-case words after its name, then "the plant"
        (
            "Shells fell near the Zaporizhzhia nuclear power plant on Thursday. The plant "
            "lies about 50 km south-west of the city of Zaporizhzhia.",
            "Zaporizhzhia Nuclear Power Plant",
            "Zaporizhzhya",
        ),
        # "the volcano" is the one the story is about
        (
            "Mount Merapi erupted on Monday. The volcano, about 30 km north of Yogyakarta, "
            "is the most active in Indonesia.",
            "Mount Merapi",
            "Yogyakarta",
        ),
        ("The Kakhovka dam lies about 70 km east of Kherson.", "Kakhovka Dam", "Kherson"),
    ],
)
def test_facilities_and_volcanoes_are_the_scene(
    real_gazetteer, text: str, subject: str, reference: str
) -> None:
    (verdict,) = verdicts(real_gazetteer, text)
    assert measured(verdict) == (subject, reference)
    assert verdict.status == "consistent", verdict.explanation


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        # a provincial capital is not the country's; the name beside it is
        (
            "La Paz, Tarlac",
            "La Paz lies about 20 kilometres from the provincial capital (Tarlac City).",
            ("La Paz", "Tarlac City"),
        ),
        # "the town" is the article's own place
        (
            "Santa Margarita, California",
            "Santa Margarita Lake, a water source for San Luis Obispo, lies several miles "
            "south-east of the town.",
            ("", "Santa Margarita"),
        ),
    ],
)
def test_the_reference_a_phrase_means(real_gazetteer, title: str, text: str, expected) -> None:
    (verdict,) = verdicts(real_gazetteer, text, title)
    reference = verdict.claim.reference.place
    assert reference is not None and reference.name == expected[1]
    if expected[0]:
        assert [s.name for s in verdict.claim.subjects] == [expected[0]]


def test_a_thing_named_after_a_region_is_not_the_region(real_gazetteer) -> None:
    # the bridge's abutment is a point in New Brunswick, not the province
    (verdict,) = verdicts(
        real_gazetteer,
        "Amherst lies 60 kilometres south-west of the New Brunswick abutment of the "
        "Confederation Bridge.",
        "Amherst, Nova Scotia",
    )
    assert verdict.status == "unverifiable"
    assert verdict.claim.reference.place is None


def test_a_figure_from_a_citys_edge_fits_its_size(real_gazetteer) -> None:
    # Rochester is 11 km from Springfield's centre; the city reaches about 4 km out
    (verdict,) = verdicts(
        real_gazetteer,
        "Rochester is located 4.0 miles outside Springfield, Illinois.",
        "Rochester, Illinois",
    )
    assert verdict.status == "consistent", verdict.explanation


def test_a_town_on_the_water_as_drawn_is_not_judged(real_gazetteer) -> None:
    (verdict,) = verdicts(real_gazetteer, "Lisbon lies 10 km from the Atlantic Ocean.")
    assert verdict.status == "unverifiable"
    assert "approximate outline" in verdict.explanation


def test_an_ocean_takes_its_marginal_seas(real_gazetteer) -> None:
    # the Pacific coast of New South Wales is on the Tasman Sea
    (verdict,) = verdicts(
        real_gazetteer,
        "Grafton lies about 35 km west of the Pacific Ocean coast.",
        "Grafton, New South Wales",
    )
    assert verdict.status == "consistent", verdict.explanation


def test_a_namesake_found_by_one_claim_is_doubted_in_the_others(real_gazetteer) -> None:
    # the Mari the gazetteer holds is 400 km from Abu Kamal: another Mari is meant,
    # and the second claim about it is not called false either
    found = verdicts(
        real_gazetteer,
        "Its ruins lie 11 kilometers north-west of Abu Kamal, some 120 kilometers "
        "south-east of Deir ez-Zor.",
        "Mari, Syria",
    )
    assert [v.status for v in found] == ["unverifiable", "unverifiable"]
    assert "another claim of the article" in found[1].explanation


def test_eight_times_the_figure_is_a_namesake(real_gazetteer) -> None:
    # the Durham the gazetteer holds in Ontario is the region, 160 km away
    (verdict,) = verdicts(
        real_gazetteer, "Durham is approximately 18 kilometres east of Hanover.", "Durham, Ontario"
    )
    assert verdict.status == "unverifiable"
    assert "another place of the same name" in verdict.explanation


def test_a_claim_read_as_a_namesake_contradicts_nothing(real_gazetteer) -> None:
    text = (
        "Derna lies about 250 km east of Benghazi and 170 km west of Tobruk. "
        "The upper dam is about 13 km south of the city."
    )
    report = analyze([Document("d", text)], real_gazetteer)
    assert report.findings == ()
