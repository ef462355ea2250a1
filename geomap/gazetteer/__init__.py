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
from contextlib import ExitStack, suppress
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from geomap.errors import GazetteerDamaged, GazetteerError
from geomap.files import locked
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
    "DatabaseHealth",
    "DatabaseState",
    "Gazetteer",
    "LayeredGazetteer",
    "MemoryGazetteer",
    "PlaceRecord",
    "SqliteGazetteer",
    "append_place",
    "build_gazetteer",
    "check_database",
    "default_path",
    "ensure_built",
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


class DatabaseState(StrEnum):
    """What a gazetteer file is, as :func:`check_database` finds it."""

    MISSING = "missing"  # no file (or an empty one): built on first use
    CURRENT = "current"  # built from the installed sources: used as it is
    STALE = "stale"  # a gazetteer built from other sources: rebuilt on next use
    DAMAGED = "damaged"  # unreadable, malformed, truncated or not a gazetteer


@dataclass(frozen=True, slots=True)
class DatabaseHealth:
    """The state of a gazetteer file and, unless current, why."""

    path: Path
    state: DatabaseState
    detail: str = ""

    @property
    def usable(self) -> bool:
        return self.state is DatabaseState.CURRENT


def check_database(path: Path, *, thorough: bool = False) -> DatabaseHealth:
    """Whether the gazetteer at ``path`` is missing, current, stale or damaged.

    The usual check reads the file's header and its meta table (a few
    milliseconds); ``thorough`` also runs SQLite's ``PRAGMA quick_check`` over
    the whole file (a fraction of a second), which finds damage inside it that
    only the query reading it would otherwise meet.
    """
    path = Path(path)
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return DatabaseHealth(path, DatabaseState.MISSING)
    if not path.is_file():
        return DatabaseHealth(path, DatabaseState.DAMAGED, "not a regular file")
    try:
        gazetteer = SqliteGazetteer(path)
    except GazetteerDamaged as error:
        return DatabaseHealth(path, DatabaseState.DAMAGED, error.detail)
    except GazetteerError as error:
        return DatabaseHealth(path, DatabaseState.DAMAGED, str(error))
    try:
        if thorough:
            verdict = gazetteer.quick_check()
            if verdict != "ok":
                return DatabaseHealth(path, DatabaseState.DAMAGED, f"quick_check: {verdict}")
        return _freshness(gazetteer)
    finally:
        gazetteer.close()


def _freshness(gazetteer: SqliteGazetteer) -> DatabaseHealth:
    """Current or stale: whether the build's fingerprint matches the sources'."""
    from geomap.gazetteer.sources import fingerprint

    try:
        dumps = [Path(p) for p in json.loads(gazetteer.meta.get("geonames_dumps", "[]"))]
    except (json.JSONDecodeError, TypeError):
        dumps = []
    dumps = [p for p in dumps if p.exists()]
    if gazetteer.meta.get("fingerprint") != fingerprint(dumps):
        return DatabaseHealth(gazetteer.path, DatabaseState.STALE, "built from other sources")
    return DatabaseHealth(gazetteer.path, DatabaseState.CURRENT)


def is_stale(path: Path) -> bool:
    """True when ``path`` is missing, unreadable, damaged or built from other sources."""
    return not check_database(path).usable


def open_gazetteer(
    path: Path | str | None = None,
    *,
    overlays: Iterable[Path | str] = (),
    build_if_needed: bool = True,
    rebuild_damaged: bool | None = None,
    progress: ProgressCallback | None = None,
) -> Gazetteer:
    """Open the built gazetteer, building or rebuilding it first when needed,
    with the user's place file and ``overlays`` (place files) in front of it.

    A damaged file is rebuilt when ``rebuild_damaged`` (by default: when
    ``path`` is None, the cache geomap owns); otherwise it raises
    :class:`~geomap.errors.GazetteerDamaged` naming the file, which may be
    something the caller cares about. Builds hold a lock beside the file, so
    concurrent runs build once and the others wait, then use it.
    """
    if rebuild_damaged is None:
        rebuild_damaged = path is None
    db_path = Path(path) if path is not None else default_path()
    if build_if_needed:
        ensure_built(db_path, rebuild_damaged=rebuild_damaged, progress=progress)
    base = SqliteGazetteer(db_path)
    files = [Path(p) for p in overlays]
    user_file = user_places_path()
    if user_file.exists():
        files.insert(0, user_file)
    if not files:
        return base
    layers = [MemoryGazetteer.from_records(read_place_file(f)) for f in files]
    return LayeredGazetteer(base, layers)


def ensure_built(
    path: Path,
    *,
    rebuild_damaged: bool = False,
    force: bool = False,
    progress: ProgressCallback | None = None,
) -> DatabaseHealth:
    """Build the gazetteer at ``path`` when it is missing or stale (or damaged,
    with ``rebuild_damaged``; whatever its state, with ``force``), under a lock
    beside it; returns the state found before building.

    Raises GazetteerDamaged for a damaged file without ``rebuild_damaged``.
    A run that waited for the lock while another built the file uses that build.
    """
    health = check_database(path)
    if health.usable and not force:
        return health
    _refuse_damaged(health, rebuild_damaged or force)
    seen = _identity(path)
    with ExitStack() as stack:
        with suppress(OSError):  # no folder yet, or one we may not write: the build says why
            stack.enter_context(locked(path))
        again = check_database(path)
        replaced = _identity(path) != seen
        if (force and not (replaced and again.usable)) or not again.usable:
            _refuse_damaged(again, rebuild_damaged or force)
            build_gazetteer(path, geonames_dumps=_previous_dumps(path), progress=progress)
    return health


def _identity(path: Path) -> tuple[int, int] | None:
    """The file's inode and modification time: a rebuild changes both."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_ino, info.st_mtime_ns


def _refuse_damaged(health: DatabaseHealth, rebuild: bool) -> None:
    if health.state is DatabaseState.DAMAGED and not rebuild:
        raise GazetteerDamaged(
            str(health.path),
            f"{health.detail}; geomap does not overwrite a file it was given: "
            f"move it away or run 'geomap gazetteer build --db {health.path}'",
        )


def _previous_dumps(db_path: Path) -> list[Path]:
    """GeoNames dumps a previous build imported, so a rebuild keeps them."""
    try:
        gazetteer = SqliteGazetteer(db_path)
    except GazetteerError:
        return []
    try:
        paths = [Path(p) for p in json.loads(gazetteer.meta.get("geonames_dumps", "[]"))]
    except (json.JSONDecodeError, TypeError):
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
