"""Tests for geomap.gazetteer.curated: place files, alias files, appending, shipped data."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from geomap.errors import GazetteerFileError, GeomapError, InputError
from geomap.gazetteer import sources
from geomap.gazetteer.curated import (
    KINDS,
    AliasRecord,
    PlaceRecord,
    append_place,
    iter_names,
    read_alias_file,
    read_place_file,
)
from geomap.gazetteer.store import SqliteGazetteer
from geomap.model import LatLon

HEADER = "id,name,aliases,demonyms,kind,country,admin1,lat,lon,population,source"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


# --- read_place_file: happy path ------------------------------------------------------------


def test_read_place_file_all_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path / "places.csv",
        HEADER + "\n"
        "tig,Tigantourine gas facility,Tigantourine|Tiguentourine| ,,facility,dz,Illizi,27.897,9.127,,wiki\n"
        ",Sahel,,Sahelian|Sahelien,region,,,15,-8,,factbook\n"
        ",Gao,,,,ML,Gao,16.2717,-0.0447,133110,\n"
        'curated:kept,"Kidal, town",,,city,ML,,18.44,1.41,,src\n',
    )
    records = read_place_file(path)
    assert records == [
        PlaceRecord(
            id="user:tig",
            name="Tigantourine gas facility",
            kind="facility",
            country="DZ",
            lat=27.897,
            lon=9.127,
            admin1="Illizi",
            aliases=("Tigantourine", "Tiguentourine"),
            source="wiki",
        ),
        PlaceRecord(
            id="user:sahel-xx",
            name="Sahel",
            kind="region",
            country="",
            lat=15.0,
            lon=-8.0,
            demonyms=("Sahelian", "Sahelien"),
            source="factbook",
        ),
        PlaceRecord(
            id="user:gao-ml",
            name="Gao",
            kind="city",
            country="ML",
            lat=16.2717,
            lon=-0.0447,
            admin1="Gao",
            population=133110,
            source="user:places.csv",
        ),
        PlaceRecord(
            id="curated:kept",
            name="Kidal, town",
            kind="city",
            country="ML",
            lat=18.44,
            lon=1.41,
            source="src",
        ),
    ]


@pytest.mark.parametrize(
    ("header", "row"),
    [
        ("name,lat,lon", "Gao,16.27,-0.04"),
        ("lon,lat,name", "-0.04,16.27,Gao"),
        (" Name , LAT ,Lon", "Gao,16.27,-0.04"),
        ("\ufeffname,lat,lon", "Gao,16.27,-0.04"),
    ],
)
def test_minimal_and_reordered_headers(tmp_path: Path, header: str, row: str) -> None:
    path = write(tmp_path / "p.csv", f"{header}\n{row}\n")
    [record] = read_place_file(path, namespace="overlay")
    assert (record.id, record.name, record.kind, record.lat, record.lon) == (
        "overlay:gao-xx",
        "Gao",
        "city",
        16.27,
        -0.04,
    )
    assert record.source == "overlay:p.csv"


def test_header_only_file_is_empty(tmp_path: Path) -> None:
    assert read_place_file(write(tmp_path / "p.csv", "name,lat,lon\n")) == []


def test_generated_id_uses_name_key(tmp_path: Path) -> None:
    path = write(tmp_path / "p.csv", "name,lat,lon,country\nAïn Aménas,28,9.5,DZ\n")
    assert read_place_file(path)[0].id == "user:ain-amenas-dz"


def test_iter_names(tmp_path: Path) -> None:
    path = write(
        tmp_path / "p.csv",
        "name,aliases,demonyms,lat,lon\nUnited States,U.S.|USA|America,American,39.8,-98.6\n",
    )
    [record] = read_place_file(path)
    assert list(iter_names(record)) == [
        ("United States", "name"),
        ("U.S.", "abbrev"),
        ("USA", "abbrev"),
        ("America", "alias"),
        ("American", "demonym"),
    ]


# --- read_place_file: errors ----------------------------------------------------------------

BAD_FILES = [
    # (content, namespace, line, field, words in the problem)
    ("name,lat\nGao,16\n", "user", 1, "lon", "missing column"),
    ("lat,lon\n16,0\n", "user", 1, "name", "missing column"),
    ("name,lat,lon,elevation\nGao,16,0,300\n", "user", 1, "elevation", "unknown column"),
    ("name,lat,lon\nGao,abc,0\n", "user", 2, "lat", "'abc' is not a number"),
    ("name,lat,lon\nGao,16\n", "user", 2, "lon", "'' is not a number"),
    ("name,lat,lon\nGao,,0\n", "user", 2, "lat", "'' is not a number"),
    ("name,lat,lon\nGao,91,0\n", "user", 2, "lat", "91 is outside -90..90"),
    ("name,lat,lon\nGao,-90.5,0\n", "user", 2, "lat", "outside -90..90"),
    ("name,lat,lon\nGao,nan,0\n", "user", 2, "lat", "outside"),
    ("name,lat,lon\nGao,16,180.01\n", "user", 2, "lon", "outside -180..180"),
    ("name,lat,lon,kind\nGao,16,0,town\n", "user", 2, "kind", "'town' is not one of"),
    (
        "name,lat,lon,country\nGao,16,0,MLI\n",
        "user",
        2,
        "country",
        "'MLI' is not a two-letter ISO code",
    ),
    ("name,lat,lon,country\nGao,16,0,M1\n", "user", 2, "country", "two-letter"),
    ("name,lat,lon\n,16,0\n", "user", 2, "name", "empty"),
    ("name,lat,lon\n   ,16,0\n", "user", 2, "name", "empty"),
    ("name,lat,lon,population\nGao,16,0,many\n", "user", 2, "population", "not a number"),
    ("name,lat,lon,population\nGao,16,0,-5\n", "user", 2, "population", "outside"),
    ("name,lat,lon,source\nGao,16,0,\n", "curated", 2, "source", "must cite"),
    ("name,lat,lon\nGao,16,0\n", "curated", 2, "source", "must cite"),
    # later lines are numbered as in the file, blank lines included
    ("name,lat,lon\nGao,16,0\nKidal,18,1\n\nTessalit,x,1\n", "user", 5, "lat", "not a number"),
]


@pytest.mark.parametrize(("content", "namespace", "line", "field", "problem"), BAD_FILES)
def test_read_place_file_errors(
    tmp_path: Path, content: str, namespace: str, line: int, field: str, problem: str
) -> None:
    path = write(tmp_path / "bad places.csv", content)
    with pytest.raises(GazetteerFileError) as caught:
        read_place_file(path, namespace=namespace)
    error = caught.value
    assert (error.path, error.line, error.field) == (str(path), line, field)
    message = str(error)
    assert message.startswith(f"{path}, line {line}, field '{field}': ")
    assert problem in message
    assert "\n" not in message


def test_gazetteer_file_error_is_geomap_and_value_error() -> None:
    error = GazetteerFileError("f.csv", 3, "lat", "bad")
    assert isinstance(error, GeomapError)
    assert isinstance(error, InputError)
    assert isinstance(error, ValueError)
    with pytest.raises(ValueError, match=r"^f\.csv, line 3, field 'lat': bad$"):
        raise error


def test_read_place_file_missing(tmp_path: Path) -> None:
    missing = tmp_path / "missing.csv"
    with pytest.raises(InputError, match="not found") as caught:
        read_place_file(missing)
    assert str(missing) in str(caught.value)


def test_read_place_file_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("name,lat,lon\nAïn,1,2\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8") as caught:
        read_place_file(path)
    assert str(path) in str(caught.value)


# --- append_place ---------------------------------------------------------------------------

KIDAL = PlaceRecord(
    id="user:kidal-ml",
    name="Kidal",
    kind="city",
    country="ML",
    lat=18.4411,
    lon=1.4078,
    aliases=("Kidal town", "Kidāl"),
    source="my notes",
)
QUOTED = PlaceRecord(
    id="user:odd",
    name='Camp "North", sector 2',
    kind="facility",
    country="DZ",
    lat=-1.5,
    lon=-179.25,
    admin1="Illizi",
    population=120,
    demonyms=("Northern",),
    source="a, b",
)


def test_append_creates_file_with_header(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "dir" / "places.csv"
    append_place(path, KIDAL)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == HEADER
    assert len(lines) == 2
    assert read_place_file(path) == [KIDAL]


def test_append_round_trips_quoted_values(tmp_path: Path) -> None:
    path = tmp_path / "places.csv"
    append_place(path, KIDAL)
    append_place(path, QUOTED)
    assert read_place_file(path) == [KIDAL, QUOTED]


@pytest.mark.parametrize(
    "existing",
    [
        "name,lat,lon\nGao,16.27,-0.04\n",
        "name,lat,lon\nGao,16.27,-0.04",  # no newline at the end
        "lon,lat,name,source\n-0.04,16.27,Gao,x\n",  # other column order
        "name,lat,lon\n",  # header only
    ],
)
def test_append_to_existing_file_keeps_its_columns(tmp_path: Path, existing: str) -> None:
    path = write(tmp_path / "places.csv", existing)
    before = read_place_file(path)
    append_place(path, KIDAL)
    text = path.read_text(encoding="utf-8")
    # the rows stay as they were; a file without a source column gets one
    # (empty for the old rows), so the new row's source is not dropped
    lines = existing.splitlines()
    extra = "" if "source" in lines[0] else ","
    kept = [lines[0] + (",source" if extra else "")]
    kept += [line + extra for line in lines[1:]]
    assert text.splitlines()[: len(kept)] == kept
    after = read_place_file(path)
    assert after[:-1] == before
    added = after[-1]
    assert (added.name, added.lat, added.lon) == ("Kidal", KIDAL.lat, KIDAL.lon)


def test_append_refuses_broken_file(tmp_path: Path) -> None:
    broken = "name,lat,lon\nGao,north,0\n"
    path = write(tmp_path / "places.csv", broken)
    with pytest.raises(GazetteerFileError) as caught:
        append_place(path, KIDAL)
    assert (caught.value.line, caught.value.field) == (2, "lat")
    assert path.read_text(encoding="utf-8") == broken
    assert sorted(p.name for p in tmp_path.iterdir()) == ["places.csv"]


@pytest.mark.parametrize("existing", [None, "name,lat,lon\nGao,16.27,-0.04\n"])
def test_append_is_atomic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: str | None
) -> None:
    path = tmp_path / "places.csv"
    if existing is not None:
        write(path, existing)

    def failing_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="No space left"):
        append_place(path, KIDAL)
    monkeypatch.undo()
    if existing is None:
        assert not path.exists()
        assert list(tmp_path.iterdir()) == []
    else:
        assert path.read_text(encoding="utf-8") == existing
        assert [p.name for p in tmp_path.iterdir()] == ["places.csv"]


def test_append_to_file_with_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "places.csv"
    path.write_bytes("\ufeffname,lat,lon\nGao,16.27,-0.04\n".encode())
    append_place(path, KIDAL)
    assert [r.name for r in read_place_file(path)] == ["Gao", "Kidal"]


# --- read_alias_file -----------------------------------------------------------------------

ALIAS_HEADER = "alias,place_id,name_type,source\n"


def test_read_alias_file(tmp_path: Path) -> None:
    path = write(
        tmp_path / "aliases.csv",
        ALIAS_HEADER
        + "U.S.,country:US,abbrev,AP\n Burma ,country:MM,,common name\nSaudi,country:SA,demonym,x\n",
    )
    assert read_alias_file(path) == [
        AliasRecord("U.S.", "country:US", "abbrev", "AP", str(path), 2),
        AliasRecord("Burma", "country:MM", "alias", "common name", str(path), 3),
        AliasRecord("Saudi", "country:SA", "demonym", "x", str(path), 4),
    ]


@pytest.mark.parametrize(
    ("rows", "line", "field", "problem"),
    [
        (",country:US,alias,src\n", 2, "alias", "empty"),
        ("US,,alias,src\n", 2, "place_id", "empty"),
        ("US,country:US,alias,\n", 2, "source", "empty"),
        ("US,country:US,alias\n", 2, "source", "empty"),
        (
            "US,country:US,alias,src\nUSA,country:US,nickname,src\n",
            3,
            "name_type",
            "'nickname' is not one of",
        ),
    ],
)
def test_read_alias_file_errors(
    tmp_path: Path, rows: str, line: int, field: str, problem: str
) -> None:
    path = write(tmp_path / "aliases.csv", ALIAS_HEADER + rows)
    with pytest.raises(GazetteerFileError) as caught:
        read_alias_file(path)
    assert (caught.value.path, caught.value.line, caught.value.field) == (str(path), line, field)
    assert str(caught.value).startswith(f"{path}, line {line}, field '{field}': ")
    assert problem in str(caught.value)


def test_read_alias_file_missing(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read_alias_file(tmp_path / "missing.csv")


# --- the shipped curated files --------------------------------------------------------------


def _raw_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_shipped_files_exist() -> None:
    names = [p.name for p in sources.curated_files()]
    assert "places.csv" in names
    assert "regions.csv" in names
    assert [p.name for p in sources.alias_files()] == ["aliases.csv"]
    assert sources.country_points_file().is_file()


@pytest.mark.parametrize("path", sources.curated_files(), ids=lambda p: p.name)
def test_every_curated_place_cites_a_source(path: Path) -> None:
    records = read_place_file(path, namespace="curated")
    raw = _raw_rows(path)
    assert len(records) == len(raw) > 0
    for row, record in zip(raw, records, strict=True):
        assert row["source"].strip(), f"{path.name}: {row['name']} has no source"
        assert record.source == row["source"].strip()
        assert record.id.startswith("curated:")
        assert record.kind in KINDS


def test_curated_ids_are_unique() -> None:
    ids = [
        r.id for path in sources.curated_files() for r in read_place_file(path, namespace="curated")
    ]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("path", sources.alias_files(), ids=lambda p: p.name)
def test_every_alias_cites_a_source(path: Path) -> None:
    records = read_alias_file(path)
    raw = _raw_rows(path)
    assert len(records) == len(raw) > 0
    for row in raw:
        assert (row.get("source") or "").strip(), (
            f"{path.name}: alias {row['alias']!r} has no source"
        )


def test_country_points_file_parses() -> None:
    path = sources.country_points_file()
    rows = _raw_rows(path)
    assert rows
    assert set(rows[0]) == {"country", "lat", "lon", "source"}
    codes = [row["country"] for row in rows]
    assert len(codes) == len(set(codes))
    for row in rows:
        assert len(row["country"]) == 2
        assert row["country"].isalpha()
        assert row["country"].isupper()
        LatLon(float(row["lat"]), float(row["lon"]))  # raises when out of range
        assert row["source"].strip()


def test_country_points_reach_the_gazetteer(real_gazetteer: SqliteGazetteer) -> None:
    """The curated centre replaces the country's default point in the built database."""
    for row in _raw_rows(sources.country_points_file()):
        country = real_gazetteer.countries()[row["country"]]
        point = real_gazetteer.get(country.place_id).point
        assert point == LatLon(float(row["lat"]), float(row["lon"]))


def test_country_groups_are_placed_from_their_members(real_gazetteer) -> None:
    from geomap.gazetteer.normalize import name_key

    north_africa = [
        m.place for m in real_gazetteer.lookup([name_key("North Africa")])["north africa"]
    ]
    region = next(p for p in north_africa if p.kind == "region")
    assert 20 < region.point.lat < 32 and 5 < region.point.lon < 25  # inside the Sahara's span
    assert region.population > 200_000_000
    assert "M49" in region.source
    demonym = real_gazetteer.lookup(["middle eastern"])["middle eastern"]
    assert any(m.place.id == "curated:middle-east" and m.name_type == "demonym" for m in demonym)
