"""Tests for geomap.output: place and claim results as table, JSON, CSV and GeoJSON."""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

import pytest
from builders import ALGIERS, IN_AMENAS, LIBYA

from geomap.model import (
    Candidate,
    Claim,
    Document,
    Finding,
    LatLon,
    Location,
    Mention,
    Place,
    Quantity,
    Reading,
    Reference,
    Report,
    Resolution,
    Verdict,
)
from geomap.output import (
    CLAIM_FIELDS,
    PLACE_FIELDS,
    check_records,
    format_check,
    format_places,
    place_records,
)

TIG = Place(
    "curated:tigantourine",
    "Tigantourine gas facility",
    "facility",
    "DZ",
    LatLon(27.897, 9.127),
    admin1="Illizi",
)
PARIS_TX = Place(
    "geonames:4717560", "Paris", "city", "US", LatLon(33.6609, -95.5555), admin1="Texas"
)
WEST = Place("x:west", "Westville", "city", "US", LatLon(-33.5, -95.25))


def resolution(
    doc: str, start: int, text: str, place: Place | None, score: float, **kw: Any
) -> Resolution:
    mention = Mention(doc, start, start + len(text), text, role=kw.pop("role", "place"))
    return Resolution(mention, place, score, **kw)


RESOLUTIONS = (
    resolution("a.txt", 10, "Tigantourine", TIG, 1.0, reasons=("alias 'Tigantourine'",)),
    resolution(
        "a.txt",
        40,
        "Libyan",
        LIBYA,
        0.95,
        role="demonym",
        alternatives=(Candidate(PARIS_TX, 0.1, ("name 'Paris'",)),),
        reasons=("demonym",),
    ),
    resolution("b.md", 5, "Westville", WEST, 0.5),
    resolution("b.md", 90, "Atlantis", None, 0.0, reasons=("no candidate",)),
)
DROPPED = (Mention("b.md", 0, 8, "Saturday", reasons=("weekday",)),)


# --- places ---------------------------------------------------------------------------------


def test_place_records_fields() -> None:
    records = place_records(RESOLUTIONS)
    assert [tuple(r) for r in records] == [PLACE_FIELDS] * 4
    assert records[0] == {
        "doc_id": "a.txt",
        "start": 10,
        "end": 22,
        "text": "Tigantourine",
        "role": "place",
        "name": "Tigantourine gas facility",
        "place_id": "curated:tigantourine",
        "kind": "facility",
        "country_code": "DZ",
        "admin1": "Illizi",
        "lat": 27.897,
        "lon": 9.127,
        "score": 1.0,
    }
    unresolved = records[3]
    assert unresolved["text"] == "Atlantis"
    assert all(
        unresolved[k] is None
        for k in ("name", "place_id", "kind", "country_code", "admin1", "lat", "lon")
    )


def test_places_json() -> None:
    text = format_places(RESOLUTIONS, "json")
    data = json.loads(text)
    assert isinstance(data, list)
    assert [list(record) for record in data] == [list(PLACE_FIELDS)] * 4
    assert data[1]["role"] == "demonym"
    assert data[1]["country_code"] == "LY"
    assert data[3]["place_id"] is None
    assert text.endswith("\n")


def test_places_json_explain() -> None:
    data = json.loads(format_places(RESOLUTIONS, "json", dropped=DROPPED, explain=True))
    assert len(data) == 5
    assert data[1]["reasons"] == ["demonym"]
    assert data[1]["alternatives"] == [
        {
            "name": "Paris",
            "place_id": "geonames:4717560",
            "kind": "city",
            "country_code": "US",
            "admin1": "Texas",
            "lat": 33.6609,
            "lon": -95.5555,
            "score": 0.1,
            "evidence": ["name 'Paris'"],
        }
    ]
    assert data[4] == {
        "doc_id": "b.md",
        "start": 0,
        "end": 8,
        "text": "Saturday",
        "role": "dropped",
        "reasons": ["weekday"],
    }


def test_places_json_keeps_non_ascii() -> None:
    place = Place("x:ain", "Aïn Témouchent", "city", "DZ", LatLon(35.3, -1.14))
    text = format_places([resolution("a", 0, "Aïn Témouchent", place, 1.0)], "json")
    assert "Aïn Témouchent" in text
    assert json.loads(text)[0]["name"] == "Aïn Témouchent"


def test_places_geojson() -> None:
    data = json.loads(format_places(RESOLUTIONS, "geojson"))
    assert data["type"] == "FeatureCollection"
    features = data["features"]
    assert len(features) == 3  # the unresolved mention has no point
    for feature, place in zip(features, (TIG, LIBYA, WEST), strict=True):
        assert feature["type"] == "Feature"
        assert feature["geometry"] == {
            "type": "Point",
            "coordinates": [place.point.lon, place.point.lat],
        }
        assert feature["properties"]["place_id"] == place.id
        assert "lat" not in feature["properties"]
        assert "lon" not in feature["properties"]
    # Westville's lat and lon differ in sign and size: [lon, lat] cannot be confused
    assert features[2]["geometry"]["coordinates"] == [-95.25, -33.5]


def test_places_csv() -> None:
    text = format_places(RESOLUTIONS, "csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(PLACE_FIELDS)
    assert len(rows) == 5
    assert rows[1] == [
        "a.txt",
        "10",
        "22",
        "Tigantourine",
        "place",
        "Tigantourine gas facility",
        "curated:tigantourine",
        "facility",
        "DZ",
        "Illizi",
        "27.897",
        "9.127",
        "1.0",
    ]
    # negative numbers are numbers, not formulas: no apostrophe
    assert rows[3][10:12] == ["-33.5", "-95.25"]
    # an unresolved mention has empty cells
    assert rows[4][5:12] == [""] * 7


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+1 Gao", "'+1 Gao"),
        ("-Gao", "'-Gao"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tGao", "'\tGao"),
        ("Gao=Mali", "Gao=Mali"),
        ("Gao", "Gao"),
    ],
)
def test_places_csv_formula_guard(text: str, cell: str) -> None:
    rows = list(
        csv.reader(io.StringIO(format_places([resolution("doc", 0, text, TIG, 1.0)], "csv")))
    )
    assert rows[1][3] == cell


@pytest.mark.parametrize(
    "text",
    ["Gao, Mali", 'the "plant"', "line one\nline two", "semi;colon", 'both, "quoted"\r\nand more'],
)
def test_places_csv_quoting(text: str) -> None:
    output = format_places([resolution("doc, 1", 0, text, TIG, 1.0)], "csv")
    rows = list(csv.reader(io.StringIO(output, newline="")))
    assert len(rows) == 2
    assert rows[1][0] == "doc, 1"
    assert rows[1][3] == text
    assert len(rows[1]) == len(PLACE_FIELDS)


def test_places_table() -> None:
    text = format_places(RESOLUTIONS, "table")
    lines = text.splitlines()
    assert lines[0].split() == [
        "doc",
        "chars",
        "mention",
        "place",
        "kind",
        "cc",
        "lat,",
        "lon",
        "score",
    ]
    assert set(lines[1]) <= {"-", " "}
    assert "Tigantourine gas facility" in lines[2]
    assert "27.8970, 9.1270" in lines[2]
    assert "10-22" in lines[2]
    assert "1.00" in lines[2]
    atlantis = next(line for line in lines if "Atlantis" in line)
    assert " - " in atlantis
    assert text.endswith("4 mention(s).\n")


def test_places_table_clips_and_flattens_long_text() -> None:
    text = "a very long mention\nwith a newline " + "x" * 80
    output = format_places([resolution("doc", 0, text, TIG, 1.0)], "table")
    row = output.splitlines()[2]
    assert "…" in row
    assert "\n" not in row.strip()
    assert len(output.splitlines()) == 4  # header, rule, one row, count


def test_places_table_explain() -> None:
    text = format_places(RESOLUTIONS, "table", explain=True)
    assert text.splitlines()[0].split()[-1] == "why"
    assert "no candidate" in text


def test_places_table_explain_with_dropped() -> None:
    text = format_places(RESOLUTIONS, "table", dropped=DROPPED, explain=True)
    assert "Saturday" in text
    assert "weekday" in text


def test_places_empty() -> None:
    assert json.loads(format_places([], "json")) == []
    assert json.loads(format_places([], "geojson")) == {"type": "FeatureCollection", "features": []}
    assert format_places([], "csv") == ",".join(PLACE_FIELDS) + "\n"
    assert format_places([], "table").endswith("0 mention(s).\n")


# --- claims ---------------------------------------------------------------------------------

BORDER = Reference("the Libyan border", 380, 397, "border", place=LIBYA)
CLAIM_NEAR = Claim(
    doc_id="a.txt",
    start=358,
    end=397,
    text="around 60 km from the Libyan border",
    sentence="It stands around 60 km from the Libyan border.",
    reference=BORDER,
    quantity=Quantity("around 60 km", 60, 60, "km", hedge="about"),
    subject_text="The plant",
    subjects=(TIG, IN_AMENAS),
    locations=(Location("a.txt", 358, 397), Location("c.md", 12, 51)),
)
CLAIM_FAR = Claim(
    doc_id="b.txt",
    start=128,
    end=163,
    text="more than 100 miles from the border",
    sentence="=cmd|' /C calc'!A0 more than 100 miles from the border",
    reference=BORDER,
    quantity=Quantity("more than 100 miles", 100, 100, "mi", hedge="more than"),
    subject_text="=cmd|' /C calc'!A0",
    subjects=(TIG,),
)
CLAIM_VAGUE = Claim(
    doc_id="c.md",
    start=0,
    end=20,
    text="north of Algiers",
    sentence="Somewhere north of Algiers.",
    reference=Reference("Algiers", 9, 16, "point", place=ALGIERS),
    direction="N",
    subject_text="Somewhere",
)
VERDICTS = (
    Verdict(
        CLAIM_NEAR,
        "consistent",
        "Tigantourine gas facility is 73 km from the border of Libya: within 43-77 km.",
        accepted_km=(43.04, 77.0),
        readings=(
            Reading(TIG, 73.2, 249.0, "consistent", "73 km", reference_point=LatLon(27.5, 9.9)),
            Reading(IN_AMENAS, 27.4, None, "inconsistent", "27 km", direction_offset_deg=12.5),
        ),
    ),
    Verdict(
        CLAIM_FAR,
        "inconsistent",
        "Stated more than 100 miles; measured 73 km.",
        accepted_km=(157.0, math.inf),
        readings=(Reading(TIG, 73.2, 249.0, "inconsistent", "too near"),),
    ),
    Verdict(CLAIM_VAGUE, "unverifiable", "No subject to measure."),
)
FINDING = Finding(
    "contradiction", "43-77 km against more than 157 km.", claims=(CLAIM_NEAR, CLAIM_FAR)
)
REPORT = Report(
    documents=(Document("a.txt", "..."), Document("b.txt", "..."), Document("c.md", "...")),
    verdicts=VERDICTS,
    findings=(FINDING,),
    site=TIG,
)


def test_check_records() -> None:
    data = check_records(REPORT)
    assert data["site"]["place_id"] == "curated:tigantourine"
    assert data["summary"] == {
        "documents": 3,
        "claims": 3,
        "statuses": {"consistent": 1, "inconsistent": 1, "unverifiable": 1},
        "contradictions": 1,
        "disagreements": 0,
        "inconsistent": True,
    }
    near, far, vague = data["claims"]
    assert near["claimed_km"] == [43.0, 77.0]
    assert far["claimed_km"] == [157.0, None]  # no upper bound
    assert vague["claimed_km"] is None
    assert near["quantity"] == {
        "text": "around 60 km",
        "low": 60,
        "high": 60,
        "unit": "km",
        "hedge": "about",
        "vague": False,
    }
    assert vague["quantity"] is None
    assert near["reference"]["place"]["place_id"] == "country:LY"
    assert near["reference"]["geometry"] == "border"
    assert [s["place_id"] for s in near["subjects"]] == [
        "curated:tigantourine",
        "curated:in-amenas",
    ]
    assert near["locations"] == [
        {"doc_id": "a.txt", "start": 358, "end": 397},
        {"doc_id": "c.md", "start": 12, "end": 51},
    ]
    assert near["readings"][0]["reference_point"] == [27.5, 9.9]
    assert near["readings"][1]["bearing_deg"] is None
    assert near["readings"][1]["direction_offset_deg"] == 12.5
    assert data["findings"][0]["claims"][1]["text"] == "more than 100 miles from the border"


def test_check_json_is_strict_json() -> None:
    """math.inf bounds must not become the non-standard 'Infinity'."""
    text = format_check(REPORT, "json")
    assert "Infinity" not in text
    assert "NaN" not in text

    def refuse(constant: str) -> None:
        raise AssertionError(f"non-standard JSON constant {constant}")

    data = json.loads(text, parse_constant=refuse)
    claims = data["claims"]
    assert {"status", "explanation", "claimed_km", "readings"} <= set(claims[0])
    assert [c["status"] for c in claims] == ["consistent", "inconsistent", "unverifiable"]


def test_check_json_with_only_an_open_bound() -> None:
    verdict = Verdict(CLAIM_FAR, "consistent", "x", accepted_km=(0.0, math.inf))
    report = Report(documents=(Document("b.txt", "..."),), verdicts=(verdict,))
    data = json.loads(format_check(report, "json"))
    assert data["claims"][0]["claimed_km"] == [0.0, None]
    assert data["site"] is None
    assert data["summary"]["inconsistent"] is False


def test_check_csv() -> None:
    text = format_check(REPORT, "csv")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == list(CLAIM_FIELDS)
    assert len(rows) == 4  # one per reading; a verdict without readings still gets a row
    first, second, far, vague = rows
    assert (first["subject"], first["measured_km"], first["bearing_deg"], first["status"]) == (
        "Tigantourine gas facility",
        "73.2",
        "249.0",
        "consistent",
    )
    assert (first["claimed_min_km"], first["claimed_max_km"]) == ("43.0", "77.0")
    assert (second["subject"], second["bearing_deg"], second["status"]) == (
        "In Amenas",
        "",
        "inconsistent",
    )
    assert first["reference"] == "Libya"
    assert first["reference_geometry"] == "border"
    assert (far["claimed_min_km"], far["claimed_max_km"]) == ("157.0", "")
    assert "inf" not in text.lower()
    assert vague["subject"] == "Somewhere"
    assert (vague["measured_km"], vague["status"], vague["direction"]) == ("", "unverifiable", "N")
    assert vague["explanation"] == "No subject to measure."


def test_check_csv_formula_guard() -> None:
    verdict = Verdict(CLAIM_FAR, "inconsistent", "=1+1", accepted_km=(157.0, math.inf))
    report = Report(documents=(), verdicts=(verdict,))
    [row] = list(csv.DictReader(io.StringIO(format_check(report, "csv"), newline="")))
    assert row["subject"] == "'=cmd|' /C calc'!A0"
    assert row["explanation"] == "'=1+1"


def test_check_table() -> None:
    text = format_check(REPORT, "table")
    lines = text.splitlines()
    assert lines[0].startswith("CONSISTENT")
    assert "[a.txt@358, c.md@12]" in lines[0]
    assert "claimed 43-77 km" in text
    assert "claimed >= 157 km" in text
    assert "inf" not in text
    assert "- Tigantourine gas facility: 73.2 km, bearing 249° -> consistent" in text
    assert "- In Amenas: 27.4 km -> inconsistent" in text
    assert "CONTRADICTION" in text
    assert lines[-1] == (
        "3 claim(s) in 3 document(s): 1 consistent, 1 inconsistent, 1 unverifiable; "
        "1 contradiction(s). Site: Tigantourine gas facility."
    )


def test_check_table_without_claims() -> None:
    text = format_check(Report(documents=(Document("a", "x"),)), "table")
    assert text.strip() == "0 claim(s) in 1 document(s): no claims; 0 contradiction(s)."
