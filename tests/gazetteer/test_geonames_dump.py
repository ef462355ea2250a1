"""Tests for geomap.gazetteer.geonames_dump, and one full build with a dump imported."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from geomap.errors import GazetteerFileError, InputError
from geomap.gazetteer import build_gazetteer, is_stale
from geomap.gazetteer.geonames_dump import GeoNamesRecord, kind_of, read_geonames_dump
from geomap.gazetteer.store import SqliteGazetteer


def geonames_line(
    geonameid: int,
    name: str,
    alternates: str,
    lat: str,
    lon: str,
    feature_class: str,
    feature_code: str,
    country: str,
    admin1: str,
    population: str = "0",
) -> str:
    """One row of GeoNames' 19-column ``geoname`` table."""
    ascii_name = name.encode("ascii", "ignore").decode()
    fields = [
        str(geonameid),  # geonameid
        name,  # name
        ascii_name,  # asciiname
        alternates,  # alternatenames
        lat,  # latitude
        lon,  # longitude
        feature_class,  # feature class
        feature_code,  # feature code
        country,  # country code
        "",  # cc2
        admin1,  # admin1 code
        "",  # admin2 code
        "",  # admin3 code
        "",  # admin4 code
        population,  # population
        "",  # elevation
        "512",  # dem
        "Africa/Algiers",  # timezone
        "2024-01-01",  # modification date
    ]
    assert len(fields) == 19
    return "\t".join(fields)


# Ids far above GeoNames' real ones so nothing in the bundled data collides.
VILLAGE_ID, OILFIELD_ID, DESERT_ID, REGION_ID = 990000001, 990000002, 990000003, 990000004
# A made-up village near In Amenas, in GeoNames' Algerian admin1 code 46 (Illizi).
VILLAGE = "Oued Zelfana Testville"
LINES = [
    geonames_line(
        VILLAGE_ID,
        VILLAGE,
        "Wadi Zelfana Testville,Zelfana T.,ZTV,واد",
        "27.75",
        "9.30",
        "P",
        "PPL",
        "DZ",
        "46",
        "812",
    ),
    geonames_line(
        OILFIELD_ID,
        "Zarzaïtine Testfield",
        "Zarzaitine Testfield",
        "28.1",
        "9.7",
        "S",
        "OILF",
        "DZ",
        "46",
    ),
    geonames_line(DESERT_ID, "Erg Testoubari", "", "26.6", "10.5", "T", "DSRT", "DZ", "46"),
    geonames_line(
        REGION_ID,
        "Wilaya Testregion",
        "Testregion Province",
        "-26.5",
        "-8.5",
        "A",
        "ADM1",
        "DZ",
        "99",
        "",
    ),
]


@pytest.fixture
def dump_text() -> str:
    return "# a comment line\n" + "\n".join(LINES[:2]) + "\n\n" + "\r\n".join(LINES[2:]) + "\r\n"


@pytest.fixture
def plain_dump(tmp_path: Path, dump_text: str) -> Path:
    path = tmp_path / "DZ.txt"
    path.write_text(dump_text, encoding="utf-8", newline="")
    return path


@pytest.fixture
def zipped_dump(tmp_path: Path, dump_text: str) -> Path:
    path = tmp_path / "DZ.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "The data format is tab-delimited text in utf8 encoding.\n")
        archive.writestr("DZ.txt", dump_text)
    return path


EXPECTED = [
    GeoNamesRecord(
        VILLAGE_ID,
        VILLAGE,
        ("Wadi Zelfana Testville", "Zelfana T.", "ZTV", "واد"),
        27.75,
        9.30,
        "P",
        "PPL",
        "DZ",
        "46",
        812,
    ),
    GeoNamesRecord(
        OILFIELD_ID,
        "Zarzaïtine Testfield",
        ("Zarzaitine Testfield",),
        28.1,
        9.7,
        "S",
        "OILF",
        "DZ",
        "46",
        0,
    ),
    GeoNamesRecord(DESERT_ID, "Erg Testoubari", (), 26.6, 10.5, "T", "DSRT", "DZ", "46", 0),
    GeoNamesRecord(
        REGION_ID,
        "Wilaya Testregion",
        ("Testregion Province",),
        -26.5,
        -8.5,
        "A",
        "ADM1",
        "DZ",
        "99",
        0,
    ),
]


@pytest.mark.parametrize("which", ["plain_dump", "zipped_dump"])
def test_read_dump(which: str, request: pytest.FixtureRequest) -> None:
    path = request.getfixturevalue(which)
    records = list(read_geonames_dump(path))
    assert records == EXPECTED
    assert [r.kind for r in records] == ["city", "facility", "desert", "admin1"]


def test_read_dump_accepts_str(plain_dump: Path) -> None:
    assert list(read_geonames_dump(str(plain_dump))) == EXPECTED


@pytest.mark.parametrize(
    ("feature_class", "feature_code", "kind"),
    [
        ("P", "PPL", "city"),
        ("P", "PPLC", "city"),
        ("A", "PCLI", "country"),
        ("A", "PCLD", "country"),
        ("A", "ADM1", "admin1"),
        ("A", "ADM1H", "admin1"),
        ("A", "ADM2", "admin2"),
        ("A", "ADM3", "admin2"),
        ("A", "ZN", "region"),
        ("S", "OILF", "facility"),
        ("S", "AIRP", "facility"),
        ("R", "RD", "facility"),
        ("T", "DSRT", "desert"),
        ("T", "ERG", "desert"),
        ("T", "SAND", "desert"),
        ("T", "MT", "feature"),
        ("H", "WAD", "water"),
        ("U", "TRGU", "water"),
        ("L", "OILF", "region"),
        ("V", "FRST", "feature"),
        ("", "", "feature"),
        ("X", "WHAT", "feature"),
    ],
)
def test_kind_of(feature_class: str, feature_code: str, kind: str) -> None:
    assert kind_of(feature_class, feature_code) == kind


def test_zip_members_other_than_txt_and_readme_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "two.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not data\twith\ttabs\n")
        archive.writestr("notes.md", "ignored\n")
        archive.writestr("A.txt", LINES[0] + "\n")
        archive.writestr("B.txt", LINES[1] + "\n")
    assert [r.geonameid for r in read_geonames_dump(path)] == [VILLAGE_ID, OILFIELD_ID]


def test_zip_without_data(tmp_path: Path) -> None:
    path = tmp_path / "empty.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "only the readme\n")
    with pytest.raises(InputError, match="holds no GeoNames") as caught:
        list(read_geonames_dump(path))
    assert str(path) in str(caught.value)


def test_missing_dump(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found") as caught:
        list(read_geonames_dump(tmp_path / "allCountries.txt"))
    assert "allCountries.txt" in str(caught.value)


def _replace_field(line: str, index: int, value: str) -> str:
    fields = line.split("\t")
    fields[index] = value
    return "\t".join(fields)


BAD_LINES = [
    # (line, field, words in the message)
    (LINES[0].rsplit("\t", 1)[0], "columns", "found 18"),
    (LINES[0] + "\textra", "columns", "found 20"),
    ("just some text", "columns", "found 1"),
    (_replace_field(LINES[0], 4, "north"), "latitude", "'north' is not a number"),
    (_replace_field(LINES[0], 4, "95.5"), "latitude", "95.5 is outside -90..90"),
    (_replace_field(LINES[0], 5, "-181"), "longitude", "-181 is outside -180..180"),
    (_replace_field(LINES[0], 0, "12a"), "geonameid", "'12a' is not an integer"),
    (_replace_field(LINES[0], 14, "1.5e3"), "population", "is not an integer"),
]


@pytest.mark.parametrize(("bad", "field", "words"), BAD_LINES)
@pytest.mark.parametrize("zipped", [False, True], ids=["plain", "zip"])
def test_malformed_line(tmp_path: Path, bad: str, field: str, words: str, zipped: bool) -> None:
    text = "\n".join([LINES[0], "", LINES[1], bad, LINES[2]]) + "\n"
    if zipped:
        path = tmp_path / "DZ.zip"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("readme.txt", "readme\n")
            archive.writestr("DZ.txt", text)
        label = f"{path}:DZ.txt"
    else:
        path = tmp_path / "DZ.txt"
        path.write_text(text, encoding="utf-8")
        label = str(path)
    records = read_geonames_dump(path)
    # the good lines before the bad one are still yielded
    assert next(records).geonameid == VILLAGE_ID
    with pytest.raises(GazetteerFileError) as caught:
        list(records)
    error = caught.value
    assert (error.path, error.line, error.field) == (label, 4, field)
    assert str(error).startswith(f"{label}, line 4, field '{field}': ")
    assert words in str(error)


# --- one full build with the dump imported ------------------------------------------------


@pytest.mark.slow
def test_build_with_geonames_dump(tmp_path: Path, plain_dump: Path) -> None:
    path = tmp_path / "gazetteer.sqlite"
    stats = build_gazetteer(path, geonames_dumps=[plain_dump])
    assert stats.path == path
    assert not is_stale(path)

    gazetteer = SqliteGazetteer(path)
    try:
        keys = [
            "oued zelfana testville",
            "wadi zelfana testville",
            "zarzaitine testfield",
            "erg testoubari",
        ]
        found = gazetteer.lookup(keys)
        [village] = found["oued zelfana testville"]
        assert village.name_type == "name"
        place = village.place
        assert place.id == f"geonames:{VILLAGE_ID}"
        assert (place.kind, place.country_code, place.population) == ("city", "DZ", 812)
        assert (place.point.lat, place.point.lon) == (27.75, 9.30)
        assert place.admin1 == "Illizi"  # GeoNames admin1 code 46 mapped to its name
        assert place.source == "geonames-dump:DZ.txt"
        assert [m.place.id for m in found["wadi zelfana testville"]] == [place.id]
        assert found["wadi zelfana testville"][0].name_type == "alias"
        # short all-capital codes and non-Latin alternates are not imported as names
        ztv = gazetteer.lookup(["ztv"]).get("ztv", ())
        assert all(m.place.id != place.id for m in ztv)
        assert [m.place.kind for m in found["zarzaitine testfield"]] == ["facility"]
        assert [m.place.kind for m in found["erg testoubari"]] == ["desert"]
        assert gazetteer.get(f"geonames:{DESERT_ID}").name == "Erg Testoubari"
        # the bundled data is still there
        assert {m.place.country_code for m in gazetteer.lookup(["gao"])["gao"]} >= {"ML", "BF"}
    finally:
        gazetteer.close()

    # A changed dump makes the build stale.
    with plain_dump.open("a", encoding="utf-8") as handle:
        handle.write(
            geonames_line(990000005, "Later Village", "", "27", "9", "P", "PPL", "DZ", "46") + "\n"
        )
    stat = plain_dump.stat()
    os.utime(plain_dump, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    assert is_stale(path)
