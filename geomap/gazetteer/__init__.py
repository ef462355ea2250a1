"""The local gazetteer: built once from open data, then opened in milliseconds.

In: the open data that ``pip install`` brings (GeoNames cities500,
countries-states-cities, Natural Earth, countryinfo, zipcodes), the curated
rows in the top-level ``gazetteer/`` folder (shipped as ``geomap.curated``),
optional GeoNames dumps. Out: one SQLite file, read through the
:class:`Gazetteer` protocol (name keys -> :class:`~geomap.model.Match`,
ids -> :class:`~geomap.model.Place`, country polygons). Every stage takes the
gazetteer as an argument; tests pass a :class:`MemoryGazetteer`.

Typical use (the first call builds the database, about 30 s)::

    from geomap.gazetteer import name_key, open_gazetteer

    gazetteer = open_gazetteer()
    matches = gazetteer.lookup([name_key("Gao")])["gao"]   # Gao, Mali and Gao, Burkina Faso
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from geomap.errors import GazetteerError
from geomap.gazetteer.curated import PlaceRecord, append_place, read_place_file
from geomap.gazetteer.normalize import name_key
from geomap.gazetteer.store import Gazetteer, LayeredGazetteer, MemoryGazetteer, SqliteGazetteer
from geomap.model import Match

if TYPE_CHECKING:
    from geomap.gazetteer.build import BuildStats, ProgressCallback


def build_gazetteer(
    path: Path, *, geonames_dumps: Iterable[Path] = (), progress: ProgressCallback | None = None
) -> BuildStats:
    """Build the gazetteer database at ``path`` (see :mod:`geomap.gazetteer.build`)."""
    from geomap.gazetteer import build

    return build.build_gazetteer(path, geonames_dumps=geonames_dumps, progress=progress)


__all__ = [
    "BuildStats",
    "Gazetteer",
    "LayeredGazetteer",
    "MemoryGazetteer",
    "PlaceRecord",
    "SqliteGazetteer",
    "append_place",
    "build_gazetteer",
    "default_path",
    "is_stale",
    "name_key",
    "open_gazetteer",
    "read_place_file",
    "search",
    "user_places_path",
]

#: Environment variable that moves the built database's folder.
CACHE_ENV = "GEOMAP_CACHE_DIR"
#: Environment variable that moves the user's own place file.
USER_PLACES_ENV = "GEOMAP_USER_PLACES"


def default_path() -> Path:
    """Where the built gazetteer lives: ``$GEOMAP_CACHE_DIR`` or the user cache dir."""
    folder = os.environ.get(CACHE_ENV)
    if not folder:
        from platformdirs import user_cache_dir

        folder = user_cache_dir("geomap")
    return Path(folder) / "gazetteer.sqlite"


def user_places_path() -> Path:
    """The user's own place file that ``geomap gazetteer add`` appends to."""
    override = os.environ.get(USER_PLACES_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("geomap")) / "places.csv"


def is_stale(path: Path) -> bool:
    """True when ``path`` is missing, unreadable or built from other sources."""
    try:
        gazetteer = SqliteGazetteer(path)
    except GazetteerError:
        return True
    try:
        dumps = [Path(p) for p in json.loads(gazetteer.meta.get("geonames_dumps", "[]"))]
        dumps = [p for p in dumps if p.exists()]
        from geomap.gazetteer.sources import fingerprint

        return gazetteer.meta.get("fingerprint") != fingerprint(dumps)
    finally:
        gazetteer.close()


def open_gazetteer(
    path: Path | str | None = None,
    *,
    overlays: Iterable[Path | str] = (),
    build_if_needed: bool = True,
    progress: ProgressCallback | None = None,
) -> Gazetteer:
    """Open the built gazetteer, building or rebuilding it first when needed,
    with the user's place file and ``overlays`` (place files) in front of it."""
    db_path = Path(path) if path is not None else default_path()
    if build_if_needed and is_stale(db_path):
        dumps = _previous_dumps(db_path)
        build_gazetteer(db_path, geonames_dumps=dumps, progress=progress)
    base = SqliteGazetteer(db_path)
    files = [Path(p) for p in overlays]
    user_file = user_places_path()
    if user_file.exists():
        files.insert(0, user_file)
    if not files:
        return base
    layers = [MemoryGazetteer.from_records(read_place_file(f)) for f in files]
    return LayeredGazetteer(base, layers)


def _previous_dumps(db_path: Path) -> list[Path]:
    """GeoNames dumps a previous build imported, so a rebuild keeps them."""
    try:
        gazetteer = SqliteGazetteer(db_path)
    except GazetteerError:
        return []
    try:
        paths = [Path(p) for p in json.loads(gazetteer.meta.get("geonames_dumps", "[]"))]
    except json.JSONDecodeError:
        paths = []
    finally:
        gazetteer.close()
    return [p for p in paths if p.exists()]


def search(gazetteer: Gazetteer, name: str, *, fuzzy: bool = False) -> list[Match]:
    """The candidates for a name, as ``geomap gazetteer search`` lists them:
    exact and alias matches, most populous first, then close spellings (when
    asked, or when nothing matches exactly).

    >>> from geomap.model import LatLon, Place
    >>> big = Place("t:1", "Springfield", "city", "US", LatLon(37.2, -93.3), population=170_000)
    >>> small = Place("t:2", "Springfield", "city", "US", LatLon(42.1, -72.6), population=150_000)
    >>> [m.place.id for m in search(MemoryGazetteer([small, big]), "springfield")]
    ['t:1', 't:2']
    """
    key = name_key(name)
    matches = list(gazetteer.lookup([key]).get(key, ()))
    if fuzzy or not matches:
        matches += [m for m in gazetteer.fuzzy(key) if m not in matches]
    matches.sort(key=lambda m: (m.name_type == "fuzzy", -m.place.population, m.place.id))
    return matches
