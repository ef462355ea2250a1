"""Physical features: seas, rivers, lakes, deserts and ranges with their geometry."""

from __future__ import annotations

import pytest

from geomap.gazetteer.features import _display_name, _other_names
from geomap.gazetteer.normalize import name_key
from geomap.geometry import country_shape


def names_of(gazetteer, name: str) -> list[tuple[str, str]]:
    key = name_key(name)
    return [(m.place.name, m.place.kind) for m in gazetteer.lookup([key]).get(key, ())]


@pytest.mark.parametrize(
    ("name", "place", "kind"),
    [
        ("Danube", "Danube River", "water"),  # a prominent river by its short name
        ("River Thames", "Thames River", "water"),
        ("Great Salt Lake", "Great Salt Lake", "water"),
        ("Hindu Kush", "Hindu Kush", "feature"),
        ("Gulf of Aden", "Gulf of Aden", "water"),  # the curated row, which takes the shape
    ],
)
def test_features_are_places(real_gazetteer, name: str, place: str, kind: str) -> None:
    assert (place, kind) in names_of(real_gazetteer, name)


@pytest.mark.parametrize("name", ["Thames", "Republican", "Moose", "Erie"])
def test_a_short_name_another_place_has_or_a_minor_river_is_no_feature(
    real_gazetteer, name: str
) -> None:
    assert all(kind != "water" for _, kind in names_of(real_gazetteer, name))


@pytest.mark.parametrize(
    ("name", "area"),
    [("Danube River", False), ("Baltic Sea", True), ("Lake Chad", True), ("Sahara", True)],
)
def test_every_feature_has_its_geometry(real_gazetteer, name: str, area: bool) -> None:
    key = name_key(name)
    (match,) = [m for m in real_gazetteer.lookup([key])[key] if m.place.kind != "city"][:1]
    shape = country_shape(real_gazetteer, match.place.id)
    assert shape is not None
    assert shape.is_area is area


@pytest.mark.parametrize(
    ("name", "cls", "expected"),
    [
        ("Danube", "river", "Danube River"),
        ("Rio Grande", "river", "Rio Grande"),
        ("Chad", "lake", "Lake Chad"),
        ("Lago de Nicaragua", "lake", "Lago de Nicaragua"),
        ("Red Sea", "sea", "Red Sea"),
    ],
)
def test_display_names(name: str, cls: str, expected: str) -> None:
    assert _display_name(name, cls) == expected


def test_short_names_only_when_free_and_prominent() -> None:
    assert ("Baltic", "alias") in _other_names("Baltic Sea", "sea", set(), short_too=True)
    assert ("Baltic", "alias") not in _other_names("Baltic Sea", "sea", {"baltic"}, short_too=True)
    assert _other_names("Moose River", "river", set(), short_too=False) == [("River Moose", "name")]


def test_towns_the_other_sources_lack_come_from_natural_earth(real_gazetteer) -> None:
    # Saywun in Hadramawt is in Natural Earth but not in cities500; Zaranj is in
    # both, 17 km apart, and is not added twice
    key = name_key("Saywun")
    (saywun,) = [m.place for m in real_gazetteer.lookup([key])[key]]
    assert (saywun.source, saywun.country_code, saywun.admin1) == (
        "naturalearth",
        "YE",
        "Hadramawt",
    )
    zaranj = name_key("Zaranj")
    assert len({m.place.id for m in real_gazetteer.lookup([zaranj])[zaranj]}) == 1


def test_a_natural_earth_town_does_not_take_a_namesakes_population(real_gazetteer) -> None:
    # Natural Earth gives a town in Algeria the population of Arak, Iran
    key = name_key("Arak")
    arak = [m.place for m in real_gazetteer.lookup([key])[key]]
    assert max(arak, key=lambda p: p.population).country_code == "IR"
    assert all(p.population == 0 for p in arak if p.source == "naturalearth")


def test_every_shipped_layer_is_package_data() -> None:
    import fnmatch
    import tomllib
    from pathlib import Path

    from geomap.gazetteer.sources import LAYERS

    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    globs = pyproject["tool"]["setuptools"]["package-data"]["geomap.curated"]
    for layer in LAYERS:
        assert any(fnmatch.fnmatch(layer.file, glob) for glob in globs), layer.file
