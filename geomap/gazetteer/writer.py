"""Places and their names into the database: the row every loader yields, and
the writer that inserts it.

A place id is written once (the first row wins); a name key reaches a place by
its best name only (a name beats an abbreviation, an alias, a spelling variant
and a demonym).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from geomap.errors import GazetteerError
from geomap.gazetteer.curated import AliasRecord
from geomap.gazetteer.normalize import name_key, spelling_variants, without_article

__all__ = ["PlaceRow", "PlaceWriter"]

# name_type ranks: a key that reaches one place by several names keeps the best.
_NAME_TYPE_RANK = {"name": 0, "abbrev": 1, "alias": 2, "variant": 3, "demonym": 4}


@dataclass(slots=True)
class PlaceRow:
    """A place on its way into the database, with all its names."""

    id: str
    name: str
    kind: str
    country: str
    lat: float
    lon: float
    admin1: str = ""
    population: int = 0
    source: str = ""
    names: list[tuple[str, str]] = field(default_factory=list)  # (name, name_type)


class PlaceWriter:
    """Inserts places and collects their name keys (one best name per key and place)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.place_count = 0
        self._rowids: dict[str, int] = {}
        self._names: dict[tuple[str, int], tuple[str, str]] = {}

    def add_all(self, rows: Iterable[PlaceRow]) -> None:
        """Insert the rows whose id is new (the first row with an id wins); keep their names."""
        batch = []
        for row in rows:
            if row.id in self._rowids:
                continue
            self.place_count += 1
            rowid = self._rowids[row.id] = self.place_count
            batch.append(
                (
                    rowid,
                    row.id,
                    row.name,
                    row.kind,
                    row.country,
                    row.admin1,
                    round(row.lat, 6),
                    round(row.lon, 6),
                    int(row.population),
                    row.source,
                )
            )
            self._add_names(rowid, [(row.name, "name"), *row.names], row.country)
        self.connection.executemany(
            "INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch
        )

    def add_aliases(self, aliases: Iterable[AliasRecord]) -> None:
        """Extra names for places already written; unknown place ids are an error."""
        for alias in aliases:
            rowid = self._rowids.get(alias.place_id)
            if rowid is None:
                raise GazetteerError(
                    f"{alias.path}, line {alias.line}: no place with id {alias.place_id!r}"
                )
            self._add_names(rowid, [(alias.name, alias.name_type)])

    def _add_names(self, rowid: int, names: list[tuple[str, str]], country: str = "") -> None:
        for name, name_type in names:
            key = name_key(name)
            if not key:
                continue
            self._keep(key, rowid, name, name_type)
            if name_type == "demonym":
                continue
            for variant in spelling_variants(key):
                self._keep(variant, rowid, name, "variant")
            bare = without_article(key, country)
            if bare is not None:
                self._keep(bare, rowid, name, "variant")

    def _keep(self, key: str, rowid: int, name: str, name_type: str) -> None:
        slot = (key, rowid)
        old = self._names.get(slot)
        if old is None or _NAME_TYPE_RANK[name_type] < _NAME_TYPE_RANK[old[1]]:
            self._names[slot] = (name, name_type)

    def name_keys(self) -> set[str]:
        """Every name key kept so far (spelling variants included)."""
        return {key for key, _ in self._names}

    def flush_names(self) -> int:
        """Insert the names kept so far, sorted by key; return how many."""
        self.connection.executemany(
            "INSERT INTO names VALUES (?, ?, ?, ?)",
            sorted((key, rowid, name, kind) for (key, rowid), (name, kind) in self._names.items()),
        )
        return len(self._names)
