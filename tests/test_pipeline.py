"""End to end: the bundled examples and the user's real seed articles."""

from __future__ import annotations

import pytest

from geomap.errors import UnknownPlace
from geomap.model import Document, LatLon
from geomap.pipeline import analyze, resolve_site
from geomap.text.documents import read_documents


def by_text(report) -> dict[str, object]:
    return {v.claim.text: v for v in report.verdicts}


def test_seed_articles_claims_and_verdicts(real_gazetteer, seeds_dir) -> None:
    report = analyze(read_documents([seeds_dir]), real_gazetteer)
    assert report.site is not None and report.site.id == "curated:tigantourine"
    verdicts = by_text(report)
    expected = {
        "around 60 km from the Libyan border": "ambiguous",
        "60 miles from the facility": "inconsistent",
        "1,300 kilometers south of the capital of Algiers": "consistent",
        "1300 km south-east of Algiers": "consistent",
        "a few kilometers from In Amenas": "inconsistent",
        "a few dozen kilometers from the Libyan border": "consistent",
    }
    for text, status in expected.items():
        assert text in verdicts, f"claim not found: {text}"
        assert verdicts[text].status == status, (text, verdicts[text].explanation)
    sixty = verdicts["around 60 km from the Libyan border"]
    assert {r.subject.name for r in sixty.readings} == {"In Amenas", "Tigantourine gas facility"}
    assert len(sixty.claim.locations) == 2  # the article repeats its paragraphs
    contradicting = {frozenset(c.text for c in f.claims) for f in report.findings}
    assert (
        frozenset({"around 60 km from the Libyan border", "60 miles from the facility"})
        in contradicting
    )
    assert report.has_inconsistency


def test_seed_places(real_gazetteer, seeds_dir) -> None:
    report = analyze(read_documents([seeds_dir]), real_gazetteer)
    found = {(r.place.name, r.place.country_code) for r in report.resolutions}
    for place in [
        ("In Amenas", "DZ"),
        ("Tigantourine gas facility", "DZ"),
        ("Illizi", "DZ"),
        ("Algiers", "DZ"),
        ("Gao", "ML"),
        ("Libya", "LY"),
        ("Mali", "ML"),
    ]:
        assert place in found, place
    assert ("Gao", "BF") not in found


def test_examples_end_to_end(real_gazetteer, examples_dir) -> None:
    report = analyze(read_documents([examples_dir]), real_gazetteer)
    assert len(report.documents) == 4
    verdicts = by_text(report)
    assert verdicts["a few kilometres from In Amenas"].status == "inconsistent"
    assert verdicts["roughly 50 km south-west of In Amenas"].status == "consistent"
    assert verdicts["1,100 km south-east of Algiers"].status == "consistent"
    assert any(f.kind == "contradiction" for f in report.findings)
    # the HTML example's script is not article text
    assert not any("tracking" in r.mention.text for r in report.resolutions)


def test_site_can_be_given(real_gazetteer, examples_dir) -> None:
    documents = read_documents([examples_dir])
    town = analyze(documents, real_gazetteer, site="In Amenas")
    assert town.site.id == "curated:in-amenas"
    point = analyze(documents, real_gazetteer, site=LatLon(27.9, 9.1))
    assert point.site.point == LatLon(27.9, 9.1)
    with pytest.raises(UnknownPlace, match="Atlantis Prime"):
        resolve_site("Atlantis Prime", real_gazetteer, [])


def test_nothing_to_find_is_not_an_error(tiny_gazetteer) -> None:
    report = analyze([Document("d", "nothing here at all.")], tiny_gazetteer)
    assert report.resolutions == () and report.verdicts == () and not report.has_inconsistency


QUAKE = (
    "A strong earthquake struck near Gaziantep on Monday. The epicentre was about 33 km "
    "west of Gaziantep and roughly 90 km from the Syrian border. In Kahramanmaras, "
    "80 km north of Gaziantep, rescuers searched the rubble."
)


def test_a_site_guess_contradicted_by_the_articles_is_dropped(real_gazetteer) -> None:
    report = analyze([Document("quake", QUAKE)], real_gazetteer)
    assert report.site is None  # Gaziantep was the guess, but the epicentre is 33 km from it
    verdicts = by_text(report)
    assert verdicts["about 33 km west of Gaziantep"].status == "unverifiable"
    assert verdicts["80 km north of Gaziantep"].readings[0].subject.name == "Kahramanmaraş"


def test_a_given_site_is_checked(real_gazetteer) -> None:
    report = analyze([Document("quake", QUAKE)], real_gazetteer, site=LatLon(37.17, 37.03))
    verdicts = by_text(report)
    west = verdicts["about 33 km west of Gaziantep"]
    assert west.status == "consistent"
    assert west.readings[0].bearing_deg == pytest.approx(292, abs=3)


def test_a_long_document_is_read_in_windows_at_its_own_offsets(
    real_gazetteer, examples_dir
) -> None:
    from geomap.pipeline import find_places
    from geomap.text.windows import WINDOW_CHARS, windows

    article = max(read_documents([examples_dir]), key=lambda d: len(d.text))
    text = "\n\n".join([article.text] * (2 * WINDOW_CHARS // len(article.text) + 2))
    long = Document("long", text, title=article.title)
    assert len(windows(long)) >= 3
    found, dropped = find_places([long], real_gazetteer)
    alone, _ = find_places([article], real_gazetteer)
    for mention in [r.mention for r in found] + list(dropped):
        assert text[mention.start : mention.end] == mention.text
        assert mention.doc_id == "long"
    # the places of the last window too, as the article alone has them
    last = [r for r in found if r.mention.start > 2 * WINDOW_CHARS]
    assert {r.place.id for r in last} == {r.place.id for r in alone}


def test_a_long_text_without_capitals_is_restored_window_by_window(real_gazetteer) -> None:
    from geomap.pipeline import find_places
    from geomap.text.windows import WINDOW_CHARS

    sentence = "the camp is 25 miles south-west of algiers, near the coast.\n\n"
    text = sentence * (2 * WINDOW_CHARS // len(sentence) + 10)
    found, _ = find_places([Document("d", text)], real_gazetteer)
    assert {r.place.name for r in found} == {"Algiers"}
    assert len(found) == text.count("algiers")
    assert max(r.mention.start for r in found) > 2 * WINDOW_CHARS
