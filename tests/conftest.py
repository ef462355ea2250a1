"""Shared fixtures.

- ``tiny_gazetteer``: a hand-made in-memory gazetteer with homonyms (two
  Gaos, Paris FR and Paris TX, several Springfields), coordinates as GeoNames
  gives them.
- ``real_gazetteer``: the full gazetteer built from the bundled open data,
  once per test session (about 30 s), in a temporary folder unless the
  user's cache (``GEOMAP_CACHE_DIR`` or the default) holds an up-to-date build.
- ``seeds_dir``: the user's real example articles in ``../shared/seeds``;
  tests using it skip when that folder is absent.
- ``env`` and ``run``: the command line through typer's CliRunner, with
  ``GEOMAP_USER_PLACES`` under tmp_path (the user's place file is never read
  or written) and ``GEOMAP_CACHE_DIR`` at the session's gazetteer (nothing is
  built in the user's cache).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import Run
from typer.testing import CliRunner, Result

from geomap.gazetteer import build_gazetteer, default_path, is_stale
from geomap.gazetteer.store import MemoryGazetteer, SqliteGazetteer
from geomap.model import Country, LatLon, Place

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLES = REPO / "examples" / "in_amenas"


def place(
    pid: str, name: str, kind: str, cc: str, lat: float, lon: float, pop: int = 0, admin1: str = ""
) -> Place:
    return Place(
        pid, name, kind, cc, LatLon(lat, lon), admin1=admin1, population=pop, source="geonames"
    )


TINY_PLACES = (
    place("t:gao-ml", "Gao", "city", "ML", 16.2717, -0.0447, 133_110, "Gao"),
    place("t:gao-bf", "Gao", "city", "BF", 11.6497, -2.1778, 26_453, "Centre-Ouest"),
    place("t:ml", "Mali", "country", "ML", 17.0, -4.0, 19_077_690),
    place("t:bf", "Burkina Faso", "country", "BF", 13.0, -2.0, 19_751_535),
    place("t:dz", "Algeria", "country", "DZ", 28.0, 3.0, 42_228_429),
    place("t:ly", "Libya", "country", "LY", 25.0, 17.0, 6_678_567),
    place("t:fr", "France", "country", "FR", 46.0, 2.0, 66_987_244),
    place("t:us", "United States", "country", "US", 39.833, -98.583, 327_167_434),
    place("t:algiers", "Algiers", "city", "DZ", 36.7323, 3.0875, 2_364_230, "Algiers"),
    place("t:illizi", "Illizi", "city", "DZ", 26.4833, 8.4667, 13_029, "Illizi"),
    place("t:illizi-prov", "Illizi", "admin1", "DZ", 26.5042, 8.4799, 0, "Illizi"),
    Place(
        "t:in-amenas",
        "In Amenas",
        "city",
        "DZ",
        LatLon(28.033, 9.567),
        admin1="Illizi",
        source="curated",
    ),
    Place(
        "t:tigantourine",
        "Tigantourine gas facility",
        "facility",
        "DZ",
        LatLon(27.897, 9.127),
        admin1="Illizi",
        source="curated",
    ),
    place("t:paris-fr", "Paris", "city", "FR", 48.8534, 2.3488, 2_138_551, "Île-de-France"),
    place("t:paris-tx", "Paris", "city", "US", 33.6609, -95.5555, 24_782, "Texas"),
    place("t:texas", "Texas", "admin1", "US", 31.0, -100.0, 0, "Texas"),
    place("t:spr-mo", "Springfield", "city", "US", 37.2153, -93.2982, 170_188, "Missouri"),
    place("t:spr-ma", "Springfield", "city", "US", 42.1015, -72.5898, 154_341, "Massachusetts"),
    place("t:spr-il", "Springfield", "city", "US", 39.8017, -89.6437, 114_394, "Illinois"),
    place("t:illinois", "Illinois", "admin1", "US", 40.0797, -89.4337, 0, "Illinois"),
    place("t:kelly", "Kelly", "city", "US", 35.9, -78.0, 1_500, "North Carolina"),
    place("t:marseille", "Marseille", "city", "FR", 43.2970, 5.3811, 877_215, "Provence"),
    place("t:march", "March", "city", "GB", 52.5512, 0.0882, 22_298, "England"),
    place("t:bp", "Bp", "city", "HU", 47.4984, 19.0404, 1_741_041, "Budapest"),
)
TINY_NAMES = (
    ("Ain Amenas", "t:in-amenas", "alias"),
    ("Tigantourine", "t:tigantourine", "alias"),
    ("Illizi Province", "t:illizi-prov", "alias"),
    ("Libyan", "t:ly", "demonym"),
    ("Algerian", "t:dz", "demonym"),
    ("Malian", "t:ml", "demonym"),
    ("French", "t:fr", "demonym"),
    ("U.S.", "t:us", "abbrev"),
    ("IL", "t:illinois", "abbrev"),
    ("Ill.", "t:illinois", "abbrev"),
)
TINY_COUNTRIES = (
    Country("ML", "MLI", "Mali", "t:ml", None, "AF", ("BF", "DZ", "NE")),
    Country("BF", "BFA", "Burkina Faso", "t:bf", None, "AF", ("ML", "NE")),
    Country("DZ", "DZA", "Algeria", "t:dz", "t:algiers", "AF", ("LY", "ML", "NE", "TN")),
    Country("LY", "LBY", "Libya", "t:ly", None, "AF", ("DZ", "EG", "TN")),
    Country("FR", "FRA", "France", "t:fr", "t:paris-fr", "EU", ()),
    Country("US", "USA", "United States", "t:us", None, "NA", ()),
)


@pytest.fixture(scope="session")
def tiny_gazetteer() -> MemoryGazetteer:
    return MemoryGazetteer(TINY_PLACES, names=TINY_NAMES, countries=TINY_COUNTRIES)


@pytest.fixture(scope="session")
def real_gazetteer_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of an up-to-date full gazetteer (built once per session if needed)."""
    existing = default_path()  # the user's own build, if up to date: no rebuild per run
    if existing.exists() and not is_stale(existing):
        return existing
    path = tmp_path_factory.mktemp("gazetteer") / "gazetteer.sqlite"
    build_gazetteer(path)
    return path


@pytest.fixture(scope="session")
def real_gazetteer(real_gazetteer_path: Path) -> SqliteGazetteer:
    return SqliteGazetteer(real_gazetteer_path)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    folder = SHARED / "seeds"
    if not folder.is_dir():
        pytest.skip(f"the user's seed articles are not here ({folder} is absent)")
    return folder


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture
def env(tmp_path: Path, real_gazetteer_path: Path) -> dict[str, str]:
    return {
        "GEOMAP_USER_PLACES": str(tmp_path / "none.csv"),
        "GEOMAP_CACHE_DIR": str(real_gazetteer_path.parent),
        "COLUMNS": "200",
    }


@pytest.fixture
def run(env: dict[str, str], real_gazetteer_path: Path) -> Run:
    """Invoke the app; ``db=True`` appends ``--db`` with the session's gazetteer."""
    from geomap.cli import app

    runner = CliRunner()

    def invoke(*args: str | Path, db: bool = False, input: str | None = None) -> Result:
        argv = [str(a) for a in args]
        if db:
            argv += ["--db", str(real_gazetteer_path)]
        return runner.invoke(app, argv, input=input, env=env)

    return invoke
