"""The read side of the gazetteer, behind one small protocol.

Code that needs places takes a :class:`Gazetteer` argument; it never opens a
database itself. Three implementations:

- :class:`SqliteGazetteer`: the built database (hundreds of thousands of places);
- :class:`MemoryGazetteer`: a few places held in memory (tests, user overlays);
- :class:`LayeredGazetteer`: overlays in front of a base gazetteer.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from geomap.errors import GazetteerDamaged, GazetteerError, UnknownPlace
from geomap.gazetteer.curated import PlaceRecord, iter_names
from geomap.gazetteer.normalize import name_key, spelling_variants
from geomap.model import Country, LatLon, Match, Place

__all__ = [
    "Gazetteer",
    "LayeredGazetteer",
    "MemoryGazetteer",
    "SqliteGazetteer",
    "header_problem",
    "quick_check",
    "read_only_uri",
]

_FUZZY_QUESTIONS_BEFORE_LOADING = 100  # bucket reads; about 20 misspellings


@runtime_checkable
class Gazetteer(Protocol):
    """What geomap asks of a gazetteer."""

    def lookup(self, keys: Iterable[str]) -> dict[str, tuple[Match, ...]]:
        """Places whose name key equals each key (see ``name_key``); keys with no
        match are absent from the result."""
        ...

    def get(self, place_id: str) -> Place:
        """The place with this id; raises UnknownPlace."""
        ...

    def countries(self) -> Mapping[str, Country]:
        """Countries by ISO 3166-1 alpha-2 code."""
        ...

    def shape_wkb(self, country_code: str) -> bytes | None:
        """A shape as WKB (lon, lat), or None: a country's polygon (ISO 3166-1
        code "LY"), a first-level region's (ISO 3166-2 code "US-ND"), or a
        region's land border lines ("US-ND|land")."""
        ...

    def fuzzy(self, key: str, *, min_score: float = 90.0) -> tuple[Match, ...]:
        """Places whose name key is close to ``key`` (for misspellings)."""
        ...


def _place_from_row(row: tuple) -> Place:
    pid, name, kind, country, admin1, lat, lon, population, source = row
    return Place(
        id=pid,
        name=name,
        kind=kind,
        country_code=country,
        point=LatLon(lat, lon),
        admin1=admin1,
        population=population,
        source=source,
    )


class SqliteGazetteer:
    """The built gazetteer database, opened read-only; lookups are cached."""

    _PLACE_COLUMNS = (
        "p.id, p.name, p.kind, p.country, p.admin1, p.lat, p.lon, p.population, p.source"
    )

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise GazetteerError(f"no gazetteer at {self.path}: run 'geomap gazetteer build'")
        problem = header_problem(self.path)
        if problem:
            raise GazetteerDamaged(str(self.path), problem)
        try:
            self._db = sqlite3.connect(read_only_uri(self.path), uri=True, check_same_thread=False)
        except sqlite3.Error as error:
            raise GazetteerError(f"cannot read gazetteer {self.path}: {error}") from None
        self.meta = dict(self._rows("SELECT key, value FROM meta"))
        self._cache: dict[str, tuple[Match, ...]] = {}
        self._countries: dict[str, Country] | None = None
        self._fuzzy_cache: dict[tuple[str, float], tuple[Match, ...]] = {}
        self._fuzzy_pool: dict[str, list[tuple[str, int]]] | None = None
        self._fuzzy_questions = 0

    def _rows(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        """Every row of a query; SQLite's errors become a GazetteerDamaged
        naming the file (after a quick check says what is wrong) or a
        GazetteerError."""
        try:
            return self._db.execute(sql, parameters).fetchall()
        except sqlite3.DatabaseError as error:
            raise self._failure(error) from None

    def _failure(self, error: sqlite3.DatabaseError) -> GazetteerError:
        """The error to raise for a failed query: damage when the file is
        damaged or lacks a gazetteer table, else a plain read error."""
        message = str(error)
        if message.startswith("no such table"):
            return GazetteerDamaged(str(self.path), f"not a geomap gazetteer: {message}")
        verdict = quick_check(self._db)
        if verdict != "ok":
            return GazetteerDamaged(str(self.path), f"quick_check: {verdict}")
        if isinstance(error, sqlite3.OperationalError):
            return GazetteerError(f"cannot read gazetteer {self.path}: {message}")
        return GazetteerDamaged(str(self.path), message)

    def close(self) -> None:
        self._db.close()

    def quick_check(self) -> str:
        """SQLite's ``PRAGMA quick_check`` of the file: "ok" or what is wrong."""
        return quick_check(self._db)

    def lookup(self, keys: Iterable[str]) -> dict[str, tuple[Match, ...]]:
        found: dict[str, tuple[Match, ...]] = {}
        missing = []
        for key in set(keys):
            cached = self._cache.get(key)
            if cached is None:
                missing.append(key)
            elif cached:
                found[key] = cached
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            rows = self._rows(
                f"SELECT n.key, n.name, n.name_type, {self._PLACE_COLUMNS} "
                "FROM names n JOIN places p ON p.rowid = n.place "
                f"WHERE n.key IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            grouped: dict[str, list[Match]] = {key: [] for key in chunk}
            for key, name, name_type, *place in rows:
                grouped[key].append(Match(_place_from_row(tuple(place)), name, name_type))
            for key, matches in grouped.items():
                self._cache[key] = tuple(matches)
                if matches:
                    found[key] = tuple(matches)
        if len(self._cache) > 500_000:
            self._cache.clear()
        return found

    def get(self, place_id: str) -> Place:
        rows = self._rows(f"SELECT {self._PLACE_COLUMNS} FROM places p WHERE p.id = ?", (place_id,))
        if not rows:
            raise UnknownPlace(f"no place with id {place_id!r} in {self.path}")
        return _place_from_row(rows[0])

    def countries(self) -> Mapping[str, Country]:
        if self._countries is None:
            self._countries = {
                code: Country(
                    code=code,
                    iso3=iso3,
                    name=name,
                    place_id=place_id,
                    capital_id=capital_id,
                    continent=continent,
                    neighbours=tuple(n for n in neighbours.split(",") if n),
                )
                for code, iso3, name, place_id, capital_id, continent, neighbours in self._rows(
                    "SELECT * FROM countries"
                )
            }
        return self._countries

    def shape_wkb(self, country_code: str) -> bytes | None:
        rows = self._rows("SELECT wkb FROM shapes WHERE country = ?", (country_code,))
        return rows[0][0] if rows else None

    def fuzzy(self, key: str, *, min_score: float = 90.0) -> tuple[Match, ...]:
        from rapidfuzz import fuzz, process

        if not key:
            return ()
        cached = self._fuzzy_cache.get((key, min_score))
        if cached is not None:
            return cached
        # Only keys of the same first letter and a close length can score high
        # (a misspelling rarely changes the first letter): a few buckets.
        buckets = [f"{key[0]}{length}" for length in range(len(key) - 2, len(key) + 3)]
        rows = [row for bucket in buckets for row in self._fuzzy_bucket(bucket)]
        keys = [row[0] for row in rows]
        found = {
            rows[index][1]
            for _, _, index in process.extract(
                key, keys, scorer=fuzz.ratio, score_cutoff=min_score, limit=None
            )
        }
        matches: tuple[Match, ...] = ()
        if found:
            places = self._rows(
                f"SELECT {self._PLACE_COLUMNS} FROM places p "
                f"WHERE p.rowid IN ({','.join('?' * len(found))})",
                sorted(found),
            )
            matches = tuple(Match(_place_from_row(row), row[1], "fuzzy") for row in places)
        if len(self._fuzzy_cache) > 50_000:
            self._fuzzy_cache.clear()
        self._fuzzy_cache[(key, min_score)] = matches
        return matches

    def _fuzzy_bucket(self, bucket: str) -> list[tuple[str, int]]:
        """The (key, place) rows of one bucket. A few questions are answered
        from the database; a batch that keeps asking gets every bucket loaded
        once (a fifth of a second), which is then faster."""
        if self._fuzzy_pool is None:
            self._fuzzy_questions += 1
            if self._fuzzy_questions <= _FUZZY_QUESTIONS_BEFORE_LOADING:
                return self._rows("SELECT key, place FROM fuzzy_keys WHERE bucket = ?", (bucket,))
            pool: dict[str, list[tuple[str, int]]] = {}
            for name, key, place in self._rows("SELECT bucket, key, place FROM fuzzy_keys"):
                pool.setdefault(name, []).append((key, place))
            self._fuzzy_pool = pool
        return self._fuzzy_pool.get(bucket, [])


def read_only_uri(path: Path | str) -> str:
    """The SQLite URI that opens ``path`` read-only, with every character a
    URI would read otherwise (``#``, ``?``, ``%``, spaces) percent-escaped.

    >>> read_only_uri("/tmp/a #1?b%/g.sqlite")
    'file:///tmp/a%20%231%3Fb%25/g.sqlite?mode=ro'
    """
    from urllib.parse import quote

    absolute = os.path.abspath(os.fspath(path))
    return f"file://{quote(absolute, safe='/')}?mode=ro"


_MAGIC = b"SQLite format 3\x00"


def header_problem(path: Path) -> str:
    """What the first 100 bytes of ``path`` say is wrong with it as an SQLite
    database ("" when nothing): not SQLite, or shorter than its header says
    (a truncated copy). Reads 100 bytes, so every open can afford it."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return "not a regular file"
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError as error:
        return f"cannot read it: {error.strerror}"
    size = info.st_size
    if not header.startswith(_MAGIC) or len(header) < 100:
        return "not an SQLite database"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counter_valid = header[24:28] == header[92:96]
    if counter_valid and pages and size < pages * page_size:
        return f"truncated: {size:,} bytes where its header says {pages * page_size:,}"
    return ""


def quick_check(connection: sqlite3.Connection, *, limit: int = 1) -> str:
    """SQLite's ``PRAGMA quick_check``: "ok", or its first findings joined by
    "; " (a fraction of a second on the full gazetteer: run it when something
    failed, or when asked, not on every open)."""
    try:
        rows = connection.execute(f"PRAGMA quick_check({int(limit)})").fetchall()
    except sqlite3.DatabaseError as error:
        return str(error)
    text = "; ".join(str(row[0]) for row in rows) or "ok"
    return " ".join(text.replace("*** in database main ***", "").split())


class MemoryGazetteer:
    """A gazetteer held in memory: for tests and for users' overlay files.

    >>> gao = Place("t:gao", "Gao", "city", "ML", LatLon(16.27, -0.04), population=86000)
    >>> MemoryGazetteer([gao]).lookup(["gao"])["gao"][0].place.country_code
    'ML'
    """

    def __init__(
        self,
        places: Iterable[Place] = (),
        *,
        names: Iterable[tuple[str, str, str]] = (),
        countries: Iterable[Country] = (),
        shapes: Mapping[str, bytes] | None = None,
    ) -> None:
        """``names`` adds (name, place_id, name_type) rows beyond each place's own name."""
        self._places: dict[str, Place] = {}
        self._names: dict[str, dict[str, Match]] = {}
        for place in places:
            self._places[place.id] = place
            self._add_name(place.name, place.id, "name")
        for name, place_id, name_type in names:
            self._add_name(name, place_id, name_type)
        self._countries = {c.code: c for c in countries}
        self._shapes = dict(shapes or {})

    @classmethod
    def from_records(cls, records: Iterable[PlaceRecord]) -> MemoryGazetteer:
        """An overlay built from place-file records (see ``read_place_file``)."""
        places, names = [], []
        for record in records:
            places.append(
                Place(
                    id=record.id,
                    name=record.name,
                    kind=record.kind,
                    country_code=record.country,
                    point=LatLon(record.lat, record.lon),
                    admin1=record.admin1,
                    population=record.population,
                    source=record.source,
                )
            )
            names += [(name, record.id, kind) for name, kind in list(iter_names(record))[1:]]
        return cls(places, names=names)

    def _add_name(self, name: str, place_id: str, name_type: str) -> None:
        place = self._places[place_id]
        key = name_key(name)
        keys = [key] if name_type == "demonym" else [key, *spelling_variants(key)]
        for index, each in enumerate(keys):
            slot = self._names.setdefault(each, {})
            if place_id not in slot:
                slot[place_id] = Match(place, name, name_type if index == 0 else "variant")

    def lookup(self, keys: Iterable[str]) -> dict[str, tuple[Match, ...]]:
        return {key: tuple(self._names[key].values()) for key in set(keys) if key in self._names}

    def get(self, place_id: str) -> Place:
        try:
            return self._places[place_id]
        except KeyError:
            raise UnknownPlace(f"no place with id {place_id!r}") from None

    def countries(self) -> Mapping[str, Country]:
        return self._countries

    def shape_wkb(self, country_code: str) -> bytes | None:
        return self._shapes.get(country_code)

    def fuzzy(self, key: str, *, min_score: float = 90.0) -> tuple[Match, ...]:
        from rapidfuzz import fuzz

        found: dict[str, Match] = {}
        for other, matches in self._names.items():
            if fuzz.ratio(key, other) < min_score:
                continue
            for match in matches.values():
                if match.name_type != "demonym" and match.place.id not in found:
                    found[match.place.id] = Match(match.place, match.name, "fuzzy")
        return tuple(found.values())

    def __len__(self) -> int:
        return len(self._places)


class LayeredGazetteer:
    """Overlays (user files, online results) in front of a base gazetteer.

    A name found in an overlay is offered beside the base's places, so a user's
    "Springfield" joins the candidates rather than hiding them.
    """

    def __init__(self, base: Gazetteer, overlays: Iterable[Gazetteer]) -> None:
        self.base = base
        self.overlays = tuple(overlays)

    def lookup(self, keys: Iterable[str]) -> dict[str, tuple[Match, ...]]:
        keys = list(keys)
        merged = dict(self.base.lookup(keys))
        for overlay in self.overlays:
            for key, matches in overlay.lookup(keys).items():
                merged[key] = matches + merged.get(key, ())
        return merged

    def get(self, place_id: str) -> Place:
        for layer in (*self.overlays, self.base):
            try:
                return layer.get(place_id)
            except UnknownPlace:
                continue
        raise UnknownPlace(f"no place with id {place_id!r}")

    def countries(self) -> Mapping[str, Country]:
        return self.base.countries()

    def shape_wkb(self, country_code: str) -> bytes | None:
        return self.base.shape_wkb(country_code)

    def fuzzy(self, key: str, *, min_score: float = 90.0) -> tuple[Match, ...]:
        found: tuple[Match, ...] = ()
        for layer in (*self.overlays, self.base):
            found += layer.fuzzy(key, min_score=min_score)
        return found
