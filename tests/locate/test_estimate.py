"""Estimating a place from the claims about it: rings, sectors, strips, disagreement.

The sentences are written for these tests around a point H (37.30 N, 37.10 E,
between Gaziantep and Kahramanmaras): the figures are H's geodesic distances
from the gazetteer's points of the towns, rounded as a reporter would.
"""

from __future__ import annotations

import pytest
from pyproj import Geod
from shapely.geometry import Point, Polygon

from geomap.model import Document, Estimate
from geomap.pipeline import analyze, locate

H = (37.30, 37.10)


def estimate_of(real_gazetteer, text: str) -> Estimate:
    (estimate,) = locate([Document("d", text)], real_gazetteer)
    return estimate


def error_km(estimate: Estimate) -> float:
    _, _, metres = Geod(ellps="WGS84").inv(H[1], H[0], estimate.point.lon, estimate.point.lat)
    return metres / 1000


def holds_h(estimate: Estimate) -> bool:
    return any(
        Polygon([(p.lon, p.lat) for p in ring]).buffer(0.01).contains(Point(H[1], H[0]))
        for ring in estimate.region
    )


def test_one_claim_gives_a_sector_of_a_ring(real_gazetteer) -> None:
    estimate = estimate_of(real_gazetteer, "The epicentre was about 35 km north-west of Gaziantep.")
    assert estimate.subject == "the incident site"
    assert error_km(estimate) < 10
    assert holds_h(estimate)
    # one claim is no precise fix: the radius is the sector's
    assert estimate.radius_km > 20


def test_a_direction_tells_two_ring_solutions_apart(real_gazetteer) -> None:
    rings = estimate_of(
        real_gazetteer, "The epicentre was 65 km from Kilis and 37 km from Gaziantep."
    )
    told = estimate_of(
        real_gazetteer, "The epicentre was 65 km north of Kilis and 37 km from Gaziantep."
    )
    assert holds_h(rings) and holds_h(told)
    assert error_km(told) < 10
    assert told.radius_km < rings.radius_km


def test_a_border_strip_and_a_ring(real_gazetteer) -> None:
    estimate = estimate_of(
        real_gazetteer,
        "The crash site was about 60 km from the Syrian border and some 35 km south-east "
        "of Kahramanmaras.",
    )
    assert len(estimate.used) == 2
    assert holds_h(estimate)
    assert error_km(estimate) < 15


def test_a_claim_that_disagrees_is_left_out_and_named(real_gazetteer) -> None:
    estimate = estimate_of(
        real_gazetteer,
        "The epicentre was 36 km north-west of Gaziantep, 35 km south-east of "
        "Kahramanmaras and 300 km from Malatya.",
    )
    assert [c.text for c in estimate.left_out] == ["300 km from Malatya"]
    assert error_km(estimate) < 10


@pytest.mark.parametrize(
    "text",
    [
        "Gaziantep is 60 km from Kahramanmaras.",  # both ends known: nothing to estimate
        "Officials said the village was evacuated.",  # no claim at all
    ],
)
def test_nothing_to_estimate(real_gazetteer, text: str) -> None:
    assert locate([Document("d", text)], real_gazetteer) == ()


def test_the_example_incident_is_placed_around_the_plant(real_gazetteer, examples_dir) -> None:
    from geomap.text.documents import read_documents

    (estimate,) = locate(read_documents([examples_dir]), real_gazetteer)
    _, _, metres = Geod(ellps="WGS84").inv(9.127, 27.897, estimate.point.lon, estimate.point.lat)
    # the Tigantourine plant (27.897 N, 9.127 E) lies within the estimate's radius
    assert metres / 1000 <= estimate.radius_km
    left_out = {c.text for c in estimate.left_out}
    assert "a few kilometres from In Amenas" in left_out


def test_a_claim_the_others_contradict_is_called_inconsistent(real_gazetteer) -> None:
    text = (
        "The epicentre was 65 km north of Kilis and 37 km north-west of Gaziantep. "
        "An early report put the epicentre 600 km from Malatya."
    )
    report = analyze([Document("d", text)], real_gazetteer)
    statuses = {v.claim.text: v.status for v in report.verdicts}
    assert statuses["600 km from Malatya"] == "inconsistent"
    assert statuses["65 km north of Kilis"] == "unverifiable"
    malatya = next(v for v in report.verdicts if "Malatya" in v.claim.text)
    assert "The other claims put the incident site" in malatya.explanation


def test_a_claim_that_fits_a_corner_of_a_wide_region_is_not_called_false(real_gazetteer) -> None:
    # the Boston and New York claims leave a region 145 km wide: 33 miles
    # from Hartford fits some of it
    text = (
        "Union is located 33 miles northeast of the state capital, Hartford, 67 miles "
        "southwest of Boston and 153 miles northeast of New York City."
    )
    report = analyze([Document("d", text)], real_gazetteer)
    assert all(v.status != "inconsistent" for v in report.verdicts)


@pytest.mark.parametrize(("figure", "status"), [("350", "consistent"), ("50", "inconsistent")])
def test_an_unnamed_origin_is_the_estimated_site(real_gazetteer, figure: str, status: str) -> None:
    # the epicentre (about 72 km south-west of Marrakech) is the origin of the
    # second figure; Rabat lies about 300-380 km from the estimated region
    text = (
        "The epicentre was about 72 km south-west of Marrakech. Tremors were felt in "
        f"Rabat, {figure} km to the north."
    )
    report = analyze([Document("d", text)], real_gazetteer)
    verdict = next(v for v in report.verdicts if v.claim.text.startswith(figure))
    assert verdict.status == status, verdict.explanation


@pytest.mark.parametrize(("figure", "status"), [("40", "consistent"), ("140", "inconsistent")])
def test_a_place_only_claims_locate_is_a_reference(real_gazetteer, figure, status) -> None:
    # Halls Gap is not in the gazetteer; two claims place it, a third measures from it
    text = (
        "Halls Gap is about 250 km west of Melbourne and 25 km south of Stawell. "
        f"Ararat lies {figure} km south-east of Halls Gap."
    )
    report = analyze([Document("d", text)], real_gazetteer)
    (estimate,) = report.estimates
    assert estimate.subject == "Halls Gap"
    verdict = next(v for v in report.verdicts if v.claim.text.startswith(figure))
    assert verdict.status == status, verdict.explanation


def test_two_claims_the_check_calls_contradictory_never_place_the_site_together(
    real_gazetteer,
) -> None:
    # "about 60 km" and "60 miles" from one border: their tolerances touch at
    # 74-78 km, but the stated ranges (46-74 against 89-105 km) do not, so
    # the estimate keeps one of them, the one the third claim agrees with
    documents = [
        Document("a", "The gas plant lies about 60 km from the Libyan border."),
        Document("b", "The gas plant is 60 miles from the Libyan border."),
        Document("c", "The gas plant is a few dozen kilometres from the Libyan border."),
    ]
    (estimate,) = locate(documents, real_gazetteer)
    assert [c.doc_id for c in estimate.left_out] == ["b"]


def test_independent_reports_outweigh_one_report(real_gazetteer) -> None:
    # In Amenas lies 27 km from the border. Two pairs of claims agree: "about
    # 60 km" with "about 40 km" from the border (two articles), and "a few
    # kilometres from In Amenas" with "about 40 km" (one article, and the
    # tighter fit): the pair two articles back wins
    documents = [
        Document("a", "The gas plant lies about 60 km from the Libyan border."),
        Document(
            "c",
            "The gas plant is a few kilometres from In Amenas, about 40 km from the Libyan border.",
        ),
    ]
    (estimate,) = locate(documents, real_gazetteer)
    assert {c.doc_id for c in estimate.used} == {"a", "c"}
    assert [c.text for c in estimate.left_out] == ["a few kilometres from In Amenas"]


def test_an_estimate_reports_its_area_and_each_claims_own_region(real_gazetteer) -> None:
    estimate = estimate_of(
        real_gazetteer,
        "The epicentre was 36 km north-west of Gaziantep, 35 km south-east of "
        "Kahramanmaras and 300 km from Malatya.",
    )
    # the region is no bigger than the circle its radius draws
    assert 0 < estimate.area_km2 < 3.1416 * estimate.radius_km**2
    used = {o.claim.text: o.used for o in estimate.claim_regions}
    assert used == {
        "36 km north-west of Gaziantep": True,
        "35 km south-east of Kahramanmaras": True,
        "300 km from Malatya": False,
    }
    assert all(len(ring) >= 4 for o in estimate.claim_regions for ring in o.rings)


@pytest.mark.parametrize(("point", "inside"), [(H, True), ((37.90, 37.10), False)])
def test_a_known_place_is_set_against_the_estimate(real_gazetteer, point, inside) -> None:
    from geomap.locate import compare_with_known
    from geomap.model import LatLon, Place

    estimate = estimate_of(
        real_gazetteer,
        "The epicentre was 36 km north-west of Gaziantep and 35 km south-east of Kahramanmaras.",
    )
    place = Place("p", "P", "city", "TR", LatLon(*point))
    known = compare_with_known(estimate, place).known
    assert known is not None and known.inside is inside
    assert known.distance_km == pytest.approx(
        Geod(ellps="WGS84").inv(point[1], point[0], estimate.point.lon, estimate.point.lat)[2]
        / 1000,
        abs=0.1,
    )


def test_a_town_that_only_stood_in_for_the_scene_gives_way_to_the_estimate(
    real_gazetteer,
) -> None:
    # Grenoble is the most named place, but the plant lies about 40 km east
    # of Lyon, 90 km from Grenoble: measured from Grenoble the claim would
    # be a false alarm; the claims place the scene instead
    text = (
        "An explosion tore through a chemical plant on Monday. Grenoble firefighters were "
        "sent. The plant lies about 40 km east of Lyon, officials in Grenoble said. "
        "Grenoble hospitals took the injured."
    )
    report = analyze([Document("d", text)], real_gazetteer)
    assert report.site is None
    assert [v.status for v in report.verdicts] == ["unverifiable"]
    (estimate,) = report.estimates
    assert estimate.subject == "the incident site"


def test_a_town_inside_where_the_claims_put_the_scene_stays_the_site(real_gazetteer) -> None:
    text = (
        "An explosion tore through a chemical plant near Grenoble on Monday. Grenoble "
        "firefighters were sent. The plant lies about 90 km south-east of Lyon."
    )
    report = analyze([Document("d", text)], real_gazetteer)
    assert report.site is not None and report.site.name == "Grenoble"
    assert [v.status for v in report.verdicts] == ["consistent"]


def test_the_seed_incident_lies_in_the_region_the_articles_give(real_gazetteer, seeds_dir) -> None:
    from geomap.text.documents import read_documents

    (estimate,) = locate(read_documents([seeds_dir]), real_gazetteer)
    assert estimate.known is not None
    assert estimate.known.place.name == "Tigantourine gas facility"
    assert estimate.known.inside
    # the two false claims are the ones left out
    assert {c.text for c in estimate.left_out} == {
        "60 miles from the facility",
        "a few kilometers from In Amenas",
    }


def test_a_single_countrys_border_is_said_of_places_outside_it(real_gazetteer) -> None:
    from geomap.geometry import country_shape

    estimate = estimate_of(
        real_gazetteer,
        "The gas plant lies about 60 km from the Libyan border and some 1,100 km "
        "south-east of Algiers.",
    )
    libya = country_shape(real_gazetteer, "LY")
    assert libya is not None
    region = Polygon([(p.lon, p.lat) for p in max(estimate.region, key=len)]).buffer(0)
    # none of it in Libya but for the slop of a simplified outline
    assert region.intersection(libya.area()).area < 0.01 * region.area
    assert not libya.contains(estimate.point)


@pytest.mark.parametrize(
    ("text", "line", "km"),
    [
        # a river's line, and a coast without its land borders
        (
            "The blast site was about 5 km from the Danube and some 30 km south-east of Vienna.",
            "river",
            (0.0, 9.0),
        ),
        (
            "The crash site lies about 15 km from the coast of Libya and 60 km east of Misrata.",
            "coast",
            (9.0, 22.0),
        ),
    ],
)
def test_a_strip_along_a_river_or_a_coast(real_gazetteer, text, line, km) -> None:
    from geomap.geometry import measure_to_coast, measure_to_feature

    (estimate,) = locate([Document("d", text)], real_gazetteer)
    assert len(estimate.used) == 2
    if line == "coast":
        measured = measure_to_coast(estimate.point, real_gazetteer, "LY")
    else:
        measured = measure_to_feature(
            estimate.point, real_gazetteer, "naturalearth:river:danube river"
        )
    assert measured is not None
    assert km[0] <= measured.distance_km <= km[1]


def test_the_area_the_text_puts_a_place_in_bounds_its_region(real_gazetteer) -> None:
    from geomap.geometry import country_shape

    # 48 km south-east of In Amenas reaches into Libya; the province does not
    bare = estimate_of(real_gazetteer, "Tazrit lies 48 km south-east of In Amenas.")
    cut = estimate_of(
        real_gazetteer, "Tazrit, a village in Illizi province, lies 48 km south-east of In Amenas."
    )
    assert [p.name for p in cut.within] == ["Illizi"] and bare.within == ()
    assert cut.area_km2 < 0.9 * bare.area_km2
    illizi = country_shape(real_gazetteer, "DZ-33")
    assert illizi is not None
    region = Polygon([(p.lon, p.lat) for p in max(cut.region, key=len)]).buffer(0)
    # all of it inside the province, but for the margin (about 10 km) allowed
    # for generalised outlines
    assert region.difference(illizi.area().buffer(0.11)).area < 0.01 * region.area
    assert region.difference(illizi.area()).area > 0


def test_the_claims_an_estimate_rests_on_say_so(real_gazetteer) -> None:
    text = "The epicentre was 36 km north-west of Gaziantep and 35 km south-east of Kahramanmaras."
    report = analyze([Document("d", text)], real_gazetteer)
    assert [v.status for v in report.verdicts] == ["unverifiable", "unverifiable"]
    for verdict in report.verdicts:
        assert "the epicentre is in no gazetteer: with 1 other claim it places it at" in (
            verdict.explanation
        )


def test_a_claim_the_others_contradict_is_a_finding_naming_the_articles(real_gazetteer) -> None:
    from geomap.model import FindingKind

    documents = [
        Document("wire", "The epicentre was 65 km north of Kilis."),
        Document("local", "The epicentre was 37 km north-west of Gaziantep."),
        Document("early", "A first report put the epicentre 600 km from Malatya."),
    ]
    report = analyze(documents, real_gazetteer)
    (finding,) = [f for f in report.findings if f.kind == FindingKind.DISAGREEMENT]
    assert finding.claims[0].doc_id == "early"
    assert "(wire, local)" in finding.explanation
    assert report.has_inconsistency


def test_a_town_the_articles_measure_other_places_from_is_no_stand_in_for_the_scene(
    real_gazetteer,
) -> None:
    # Billings is named most, but as the origin of a distance to another
    # place: "it" in the next sentence is not Billings, and measuring from
    # Billings would give a verdict on the wrong place
    text = (
        "Billings officials met on Monday. Burlington lies 93 miles south of Billings. "
        "It is some 370 miles north-west of Denver."
    )
    report = analyze([Document("d", text)], real_gazetteer)
    assert report.site is None
    denver = next(v for v in report.verdicts if "Denver" in v.claim.text)
    assert denver.status == "unverifiable" and not denver.readings
