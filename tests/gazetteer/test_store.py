"""Tests for geomap.gazetteer.store: the memory, layered and SQLite gazetteers."""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely

from geomap.errors import GazetteerError, GeomapError, UnknownPlace
from geomap.gazetteer.curated import read_place_file
from geomap.gazetteer.normalize import name_key
from geomap.gazetteer.store import Gazetteer, LayeredGazetteer, MemoryGazetteer, SqliteGazetteer
from geomap.model import Country, LatLon, Match, Place


def ids(matches: tuple[Match, ...]) -> list[str]:
    return [m.place.id for m in matches]


# --- MemoryGazetteer ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Gao", [("t:gao-ml", "name"), ("t:gao-bf", "name")]),
        ("GAO", [("t:gao-ml", "name"), ("t:gao-bf", "name")]),
        ("Paris", [("t:paris-fr", "name"), ("t:paris-tx", "name")]),
        ("Springfield", [("t:spr-mo", "name"), ("t:spr-ma", "name"), ("t:spr-il", "name")]),
        # an alias that is also a spelling variant of the place's own name
        ("Ain Amenas", [("t:in-amenas", "alias|variant")]),
        ("Aïn Aménas", [("t:in-amenas", "alias|variant")]),
        ("In Amenas", [("t:in-amenas", "name")]),
        ("Ayn Amenas", [("t:in-amenas", "variant")]),
        ("Illizi Province", [("t:illizi-prov", "alias")]),
        ("Illizi", [("t:illizi", "name"), ("t:illizi-prov", "name")]),
        ("Libyan", [("t:ly", "demonym")]),
        ("U.S.", [("t:us", "abbrev")]),
        ("US", [("t:us", "abbrev")]),
        ("Ill.", [("t:illinois", "abbrev")]),
    ],
)
def test_memory_lookup(
    tiny_gazetteer: MemoryGazetteer, name: str, expected: list[tuple[str, str]]
) -> None:
    key = name_key(name)
    found = tiny_gazetteer.lookup([key])
    assert [m.place.id for m in found[key]] == [place_id for place_id, _ in expected]
    for match, (_, name_types) in zip(found[key], expected, strict=True):
        assert match.name_type in name_types.split("|")


def test_memory_lookup_several_keys_and_misses(tiny_gazetteer: MemoryGazetteer) -> None:
    found = tiny_gazetteer.lookup(key for key in ["gao", "nowhere", "libyan", "gao"])
    assert set(found) == {"gao", "libyan"}
    assert tiny_gazetteer.lookup([]) == {}


def test_spelling_variants_find_stored_name() -> None:
    """'In Amenas' finds a place stored only as 'Ain Amenas'."""
    place = Place("x:ain", "Ain Amenas", "city", "DZ", LatLon(28.033, 9.567))
    gazetteer = MemoryGazetteer([place])
    found = gazetteer.lookup(["in amenas", "ain amenas", "ein amenas"])
    assert [(m.place.id, m.name, m.name_type) for m in found["in amenas"]] == [
        ("x:ain", "Ain Amenas", "variant")
    ]
    assert found["ain amenas"][0].name_type == "name"
    assert found["ein amenas"][0].name_type == "variant"


def test_own_name_wins_over_variant() -> None:
    """A place named 'In Salah' with alias 'Ain Salah' is a name match for 'in salah'."""
    place = Place("x:insalah", "In Salah", "city", "DZ", LatLon(27.19, 2.48))
    gazetteer = MemoryGazetteer([place], names=[("Ain Salah", "x:insalah", "alias")])
    found = gazetteer.lookup(["in salah", "ain salah"])
    assert [m.name_type for m in found["in salah"]] == ["name"]
    # 'ain salah' was first reached as a variant of the place's own name
    assert len(found["ain salah"]) == 1


def test_demonyms_get_no_spelling_variants() -> None:
    place = Place("x:lc", "Saint Lucia", "country", "LC", LatLon(13.9, -60.97))
    gazetteer = MemoryGazetteer([place], names=[("Saint Lucian", "x:lc", "demonym")])
    assert ids(gazetteer.lookup(["saint lucian"])["saint lucian"]) == ["x:lc"]
    assert "st lucian" not in gazetteer.lookup(["st lucian"])
    assert "st lucia" in gazetteer.lookup(["st lucia"])


def test_memory_get(tiny_gazetteer: MemoryGazetteer) -> None:
    assert tiny_gazetteer.get("t:gao-bf").country_code == "BF"
    with pytest.raises(UnknownPlace, match="t:nowhere") as caught:
        tiny_gazetteer.get("t:nowhere")
    assert isinstance(caught.value, LookupError)
    assert isinstance(caught.value, GeomapError)


def test_memory_countries_and_shapes(tiny_gazetteer: MemoryGazetteer) -> None:
    assert tiny_gazetteer.countries()["DZ"].capital_id == "t:algiers"
    assert tiny_gazetteer.shape_wkb("DZ") is None
    square = shapely.to_wkb(shapely.box(0, 0, 1, 1))
    assert MemoryGazetteer(shapes={"XX": square}).shape_wkb("XX") == square
    assert len(MemoryGazetteer([USER_GAO, USER_KIDAL])) == 2


def test_from_records(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(
        "name,aliases,demonyms,kind,country,lat,lon\n"
        "Tigantourine gas facility,Tiguentourine|BP plant,Tigantourinian,facility,DZ,27.897,9.127\n",
        encoding="utf-8",
    )
    gazetteer = MemoryGazetteer.from_records(read_place_file(path))
    found = gazetteer.lookup(
        ["tigantourine gas facility", "tiguentourine", "bp plant", "tigantourinian"]
    )
    assert {key: [m.name_type for m in matches] for key, matches in found.items()} == {
        "tigantourine gas facility": ["name"],
        "tiguentourine": ["alias"],
        "bp plant": ["alias"],
        "tigantourinian": ["demonym"],
    }
    place = gazetteer.get("user:tigantourine-gas-facility-dz")
    assert (place.kind, place.point, place.source) == (
        "facility",
        LatLon(27.897, 9.127),
        "user:mine.csv",
    )


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("marseile", ["t:marseille"]),
        ("springfeild", ["t:spr-mo", "t:spr-ma", "t:spr-il"]),
        ("tigantourin", ["t:tigantourine"]),
        ("libyann", []),  # demonyms are not offered as fuzzy matches
        ("zzzzzz", []),
    ],
)
def test_memory_fuzzy(tiny_gazetteer: MemoryGazetteer, key: str, expected: list[str]) -> None:
    matches = tiny_gazetteer.fuzzy(key)
    assert sorted(set(ids(matches))) == sorted(expected)
    assert all(m.name_type == "fuzzy" for m in matches)


def test_memory_fuzzy_min_score(tiny_gazetteer: MemoryGazetteer) -> None:
    assert ids(tiny_gazetteer.fuzzy("marsel", min_score=95)) == []
    assert "t:marseille" in ids(tiny_gazetteer.fuzzy("marsel", min_score=70))


def test_memory_fuzzy_returns_each_place_once() -> None:
    place = Place("x:az", "Ain Zaouia", "city", "DZ", LatLon(27.1, 9.2))
    matches = MemoryGazetteer([place]).fuzzy("ain zaouiaa")
    assert ids(matches) == ["x:az"]


# --- LayeredGazetteer -----------------------------------------------------------------------

USER_GAO = Place("user:gao-ne", "Gao", "city", "NE", LatLon(13.4, 2.6), source="user")
USER_KIDAL = Place("user:kidal", "Kidal", "city", "ML", LatLon(18.44, 1.41), source="user")


@pytest.fixture
def layered(tiny_gazetteer: MemoryGazetteer) -> LayeredGazetteer:
    overlay = MemoryGazetteer([USER_GAO, USER_KIDAL], names=[("Marseilles", "user:kidal", "alias")])
    return LayeredGazetteer(tiny_gazetteer, [overlay])


def test_layered_overlay_first(layered: LayeredGazetteer) -> None:
    found = layered.lookup(["gao", "kidal", "libyan", "nowhere"])
    assert ids(found["gao"]) == ["user:gao-ne", "t:gao-ml", "t:gao-bf"]
    assert ids(found["kidal"]) == ["user:kidal"]
    assert ids(found["libyan"]) == ["t:ly"]
    assert "nowhere" not in found


def test_layered_lookup_accepts_a_generator(layered: LayeredGazetteer) -> None:
    found = layered.lookup(key for key in ["gao"])
    assert ids(found["gao"]) == ["user:gao-ne", "t:gao-ml", "t:gao-bf"]


def test_layered_get(layered: LayeredGazetteer) -> None:
    assert layered.get("user:kidal") == USER_KIDAL
    assert layered.get("t:algiers").name == "Algiers"  # falls back to the base
    with pytest.raises(UnknownPlace, match="t:atlantis"):
        layered.get("t:atlantis")


def test_layered_delegates_countries_and_shapes(
    layered: LayeredGazetteer, tiny_gazetteer: MemoryGazetteer
) -> None:
    assert layered.countries() is tiny_gazetteer.countries()
    assert layered.shape_wkb("LY") is None


def test_layered_fuzzy(layered: LayeredGazetteer) -> None:
    matches = layered.fuzzy("marseillle")
    assert ids(matches)[0] == "user:kidal"  # overlay first ('Marseilles')
    assert "t:marseille" in ids(matches)


@pytest.mark.parametrize("factory", ["memory", "layered"])
def test_protocol(factory: str, tiny_gazetteer: MemoryGazetteer) -> None:
    gazetteer = tiny_gazetteer if factory == "memory" else LayeredGazetteer(tiny_gazetteer, [])
    assert isinstance(gazetteer, Gazetteer)


# --- SqliteGazetteer ------------------------------------------------------------------------


def test_sqlite_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "gazetteer.sqlite"
    with pytest.raises(GazetteerError) as caught:
        SqliteGazetteer(missing)
    assert str(missing) in str(caught.value)
    assert "geomap gazetteer build" in str(caught.value)
    assert isinstance(caught.value, RuntimeError)
    assert isinstance(caught.value, GeomapError)


@pytest.mark.parametrize("content", [b"not a database at all", b""])
def test_sqlite_not_a_gazetteer(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "gazetteer.sqlite"
    path.write_bytes(content)
    with pytest.raises(GazetteerError, match="cannot read gazetteer"):
        SqliteGazetteer(path)


def test_real_is_a_gazetteer(real_gazetteer: SqliteGazetteer) -> None:
    assert isinstance(real_gazetteer, Gazetteer)
    assert real_gazetteer.meta["fingerprint"]


def test_real_gao_homonyms(real_gazetteer: SqliteGazetteer) -> None:
    matches = real_gazetteer.lookup(["gao"])["gao"]
    cities = {m.place.country_code: m.place for m in matches if m.place.kind == "city"}
    assert {"ML", "BF"} <= set(cities)
    mali, burkina = cities["ML"], cities["BF"]
    assert mali.population > burkina.population > 0
    assert mali.point.lat == pytest.approx(16.27, abs=0.05)
    assert burkina.point.lat == pytest.approx(11.65, abs=0.05)
    assert mali.id != burkina.id


@pytest.mark.parametrize(
    ("key", "place_id", "kind", "country", "name_type"),
    [
        ("illizi province", "admin1:DZ-33", "admin1", "DZ", "alias"),
        ("libyan", "country:LY", "country", "LY", "demonym"),
        ("algerian", "country:DZ", "country", "DZ", "demonym"),
        ("in amenas", "curated:in-amenas", "city", "DZ", "name"),
        ("ain amenas", "curated:in-amenas", "city", "DZ", "alias"),
        ("tigantourine", "curated:tigantourine", "facility", "DZ", "alias"),
        ("us", "country:US", "country", "US", "abbrev"),
    ],
)
def test_real_lookups(
    real_gazetteer: SqliteGazetteer,
    key: str,
    place_id: str,
    kind: str,
    country: str,
    name_type: str,
) -> None:
    matches = real_gazetteer.lookup([key])[key]
    match = next(m for m in matches if m.place.id == place_id)
    assert (match.place.kind, match.place.country_code, match.name_type) == (
        kind,
        country,
        name_type,
    )


def test_real_lookup_is_cached_and_stable(real_gazetteer: SqliteGazetteer) -> None:
    first = real_gazetteer.lookup(["gao", "qwxzv nowhere"])
    again = real_gazetteer.lookup(["qwxzv nowhere", "gao", "gao"])
    assert first == again
    assert set(first) == {"gao"}


def test_real_get(real_gazetteer: SqliteGazetteer) -> None:
    place = real_gazetteer.get("curated:tigantourine")
    assert place.point == LatLon(27.897, 9.127)
    with pytest.raises(UnknownPlace, match="geonames:0"):
        real_gazetteer.get("geonames:0")


def test_real_capital(real_gazetteer: SqliteGazetteer) -> None:
    algeria = real_gazetteer.countries()["DZ"]
    assert isinstance(algeria, Country)
    assert (algeria.iso3, algeria.name, algeria.place_id) == ("DZA", "Algeria", "country:DZ")
    assert {"LY", "TN", "ML", "NE"} <= set(algeria.neighbours)
    algiers = [
        m.place
        for m in real_gazetteer.lookup(["algiers"])["algiers"]
        if m.place.country_code == "DZ"
    ]
    biggest = max(algiers, key=lambda p: p.population)
    assert algeria.capital_id == biggest.id
    assert real_gazetteer.get(algeria.capital_id).name == "Algiers"


def test_real_shape(real_gazetteer: SqliteGazetteer) -> None:
    wkb = real_gazetteer.shape_wkb("LY")
    assert wkb is not None
    libya = shapely.from_wkb(wkb)
    assert libya.geom_type in ("Polygon", "MultiPolygon")
    assert libya.contains(shapely.Point(17, 25))  # (lon, lat)
    # the same numbers in the wrong order fall in Sudan / Chad
    assert not libya.contains(shapely.Point(25, 17))
    assert not libya.contains(shapely.Point(9.127, 27.897))  # Tigantourine is in Algeria
    assert real_gazetteer.shape_wkb("XX") is None


@pytest.mark.parametrize(
    ("typo", "place_id"),
    [("marseile", "geonames:2995469"), ("tigantourin", "curated:tigantourine")],
)
def test_real_fuzzy(real_gazetteer: SqliteGazetteer, typo: str, place_id: str) -> None:
    matches = real_gazetteer.fuzzy(typo)
    assert place_id in ids(matches)
    assert all(m.name_type == "fuzzy" for m in matches)
    assert real_gazetteer.fuzzy("") == ()


def test_real_fuzzy_finds_marseille_by_name(real_gazetteer: SqliteGazetteer) -> None:
    assert any(
        m.place.name == "Marseille" and m.place.country_code == "FR"
        for m in real_gazetteer.fuzzy("marseile")
    )


def test_layered_over_real(real_gazetteer: SqliteGazetteer) -> None:
    layered = LayeredGazetteer(real_gazetteer, [MemoryGazetteer([USER_GAO])])
    found = layered.lookup(["gao"])["gao"]
    assert ids(found)[0] == "user:gao-ne"
    assert {"ML", "BF"} <= {m.place.country_code for m in found[1:]}
    assert layered.countries()["LY"].iso3 == "LBY"
    assert layered.shape_wkb("LY") == real_gazetteer.shape_wkb("LY")


@pytest.mark.parametrize(
    ("name", "country", "admin1"),
    [("Pont-à-Mousson", "FR", "Meurthe-et-Moselle"), ("Hexham", "GB", "Northumberland")],
)
def test_towns_without_a_region_get_the_one_their_point_lies_in(
    real_gazetteer, name: str, country: str, admin1: str
) -> None:
    key = name_key(name)
    places = [m.place for m in real_gazetteer.lookup([key])[key] if m.place.country_code == country]
    assert places and places[0].admin1 == admin1


@pytest.mark.parametrize(
    ("written", "place"),
    [
        ("Qamishli", "Al Qāmishlī"),  # the Arabic article dropped, as English news does
        ("Raqqa", "Ar Raqqah"),
        ("Hodeidah", "Al Ḩudaydah"),  # a curated English name
    ],
)
def test_arabic_names_as_english_news_writes_them(real_gazetteer, written: str, place: str) -> None:
    key = name_key(written)
    assert place in [m.place.name for m in real_gazetteer.lookup([key]).get(key, ())]


def test_the_article_is_dropped_only_in_arabic_speaking_countries(real_gazetteer) -> None:
    key = name_key("Paso")
    matches = real_gazetteer.lookup([key]).get(key, ())
    assert not [m for m in matches if m.place.name == "El Paso" and m.place.country_code == "US"]


@pytest.mark.parametrize(
    ("name", "place_id"),
    [
        ("Chelyabinsk Oblast", "admin1:RU-CHE"),  # the type word news uses, not the source's
        ("Primorsky Krai", "admin1:RU-PRI"),
        ("Metro Manila", "admin1:PH-00"),  # the name in the source's brackets
        ("Araucanía Region", "admin1:CL-AR"),  # Natural Earth's name with the type word
    ],
)
def test_regions_are_found_by_the_names_news_gives_them(real_gazetteer, name, place_id) -> None:
    key = name_key(name)
    assert place_id in [match.place.id for match in real_gazetteer.lookup([key])[key]]
