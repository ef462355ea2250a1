"""Place files: the curated CSV files in ``gazetteer/`` and users' own overlays.

One format serves both. Required columns: ``name``, ``lat``, ``lon``.
Optional: ``aliases`` and ``demonyms`` (separated by ``|``), ``kind``
(default ``city``), ``country`` (ISO 3166-1 alpha-2), ``admin1``,
``population``, ``id`` and ``source``. Curated rows must cite a ``source``.

A malformed row raises :class:`GazetteerFileError` naming file, line and field.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from geomap.errors import GazetteerFileError, InputError
from geomap.files import check_output, locked, write_text_atomically
from geomap.gazetteer.normalize import name_key
from geomap.neutral import csv_cell

__all__ = [
    "KINDS",
    "AliasRecord",
    "PlaceRecord",
    "append_place",
    "iter_names",
    "new_place_record",
    "read_alias_file",
    "read_place_file",
]

KINDS = frozenset(
    {
        "continent",
        "region",
        "country",
        "admin1",
        "admin2",
        "city",
        "facility",
        "water",
        "desert",
        "feature",
    }
)
_COLUMNS = (
    "id",
    "name",
    "aliases",
    "demonyms",
    "kind",
    "country",
    "admin1",
    "lat",
    "lon",
    "population",
    "source",
)


@dataclass(frozen=True, slots=True)
class PlaceRecord:
    """One row of a place file."""

    id: str
    name: str
    kind: str
    country: str
    lat: float
    lon: float
    admin1: str = ""
    population: int = 0
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    source: str = ""


def read_place_file(path: Path | str, *, namespace: str = "user") -> list[PlaceRecord]:
    """Read a place file; ``namespace`` prefixes the generated ids (``user:...``).

    Curated files (``namespace="curated"``) must give a ``source`` on every row.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: gazetteer file not found") from None
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    for required in ("name", "lat", "lon"):
        if required not in header:
            raise GazetteerFileError(str(path), 1, required, "missing column in the header")
    unknown = [h for h in header if h not in _COLUMNS]
    if unknown:
        raise GazetteerFileError(
            str(path), 1, unknown[0], f"unknown column (known: {', '.join(_COLUMNS)})"
        )
    reader.fieldnames = header
    records = []
    for record in reader:
        line = reader.line_num
        records.append(_parse_row(record, str(path), line, namespace))
    return records


def _parse_row(row: dict[str, str | None], path: str, line: int, namespace: str) -> PlaceRecord:
    def text(field: str) -> str:
        value = row.get(field)
        return value.strip() if isinstance(value, str) else ""

    def number(field: str, low: float, high: float) -> float:
        raw = text(field)
        try:
            value = float(raw)
        except ValueError:
            raise GazetteerFileError(path, line, field, f"{raw!r} is not a number") from None
        if not low <= value <= high:
            raise GazetteerFileError(path, line, field, f"{value:g} is outside {low:g}..{high:g}")
        return value

    name = text("name")
    if not name:
        raise GazetteerFileError(path, line, "name", "empty")
    lat = number("lat", -90, 90)
    lon = number("lon", -180, 180)
    kind = text("kind").lower() or "city"
    if kind not in KINDS:
        raise GazetteerFileError(
            path, line, "kind", f"{kind!r} is not one of {', '.join(sorted(KINDS))}"
        )
    country = text("country").upper()
    if country and (len(country) != 2 or not country.isalpha()):
        raise GazetteerFileError(path, line, "country", f"{country!r} is not a two-letter ISO code")
    population = 0
    if text("population"):
        population = int(number("population", 0, 1e11))
    source = text("source")
    if namespace == "curated" and not source:
        raise GazetteerFileError(path, line, "source", "curated rows must cite their source")
    slug = text("id") or f"{name_key(name).replace(' ', '-')}-{country.lower() or 'xx'}"
    return PlaceRecord(
        id=slug if ":" in slug else f"{namespace}:{slug}",
        name=name,
        kind=kind,
        country=country,
        lat=lat,
        lon=lon,
        admin1=text("admin1"),
        population=population,
        aliases=_split(text("aliases")),
        demonyms=_split(text("demonyms")),
        source=source or f"{namespace}:{Path(path).name}",
    )


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


def new_place_record(
    name: str,
    lat: float,
    lon: float,
    *,
    kind: str = "city",
    country: str = "",
    aliases: tuple[str, ...] = (),
    source: str = "",
) -> PlaceRecord:
    """A user's place, checked: coordinates in range, a known kind, an ISO code.

    >>> new_place_record("Tigantourine camp", 27.9, 9.13, kind="facility", country="dz").id
    'user:tigantourine-camp-dz'
    """
    from geomap.model import LatLon

    point = LatLon(lat, lon)  # raises InvalidCoordinate with the bad value
    if not name.strip():
        raise InputError("the place needs a name")
    if kind not in KINDS:
        raise InputError(f"kind {kind!r}: use one of {', '.join(sorted(KINDS))}")
    code = country.upper()
    if code and (len(code) != 2 or not code.isalpha()):
        raise InputError(f"country {country!r}: give a two-letter ISO code such as DZ")
    return PlaceRecord(
        id=f"user:{name_key(name).replace(' ', '-')}-{code.lower() or 'xx'}",
        name=name.strip(),
        kind=kind,
        country=code,
        lat=point.lat,
        lon=point.lon,
        aliases=tuple(aliases),
        source=source,
    )


def append_place(path: Path | str, record: PlaceRecord) -> None:
    """Append ``record`` to a user place file, creating it with a header if needed.

    The file is locked while it is read and rewritten (so parallel appends
    keep every row) and rewritten atomically (so an interrupted call leaves
    it whole). Text cells are guarded against spreadsheet formulas. A file
    without a ``source`` column gets one when the record has a source (the
    attribution of an online result must not be dropped).
    """
    path = Path(path)
    check_output(path)  # before reading: a FIFO would block, a device is no place file
    with locked(path):
        # utf-8-sig: a file saved by a spreadsheet starts with a byte-order mark
        existing = path.read_text(encoding="utf-8-sig") if path.exists() else ""
        if existing:
            read_place_file(path)  # refuse to extend a file that is already broken
        if record.source and existing and "source" not in _header(existing):
            existing = _with_source_column(existing)
        write_text_atomically(path, existing + _row_text(existing, record))


def _header(text: str) -> list[str]:
    """The normalised column names of a place file's text."""
    first = next(csv.reader(io.StringIO(text)), [])
    return [column.strip().lower() for column in first]


def _with_source_column(text: str) -> str:
    """``text`` with an empty ``source`` column added to every row."""
    rows = list(csv.reader(io.StringIO(text)))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*rows[0], "source"])
    for row in rows[1:]:
        writer.writerow([*row, ""] if any(cell.strip() for cell in row) else row)
    return buffer.getvalue()


def _row_text(existing: str, record: PlaceRecord) -> str:
    """The CSV text that appends ``record`` (with a header for a new file)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if not existing:
        writer.writerow(_COLUMNS)
    elif not existing.endswith("\n"):
        buffer.write("\n")
    values = {
        "id": record.id,
        "name": record.name,
        "aliases": "|".join(record.aliases),
        "demonyms": "|".join(record.demonyms),
        "kind": record.kind,
        "country": record.country,
        "admin1": record.admin1,
        "lat": f"{record.lat:.6f}",
        "lon": f"{record.lon:.6f}",
        "population": str(record.population or ""),
        "source": record.source,
    }
    header = _header(existing) if existing else list(_COLUMNS)
    writer.writerow([csv_cell(values.get(column, "")) for column in header])
    return buffer.getvalue()


def iter_names(record: PlaceRecord) -> Iterator[tuple[str, str]]:
    """(name, name_type) pairs of a record, its own name first."""
    yield record.name, "name"
    for alias in record.aliases:
        yield alias, "abbrev" if alias.replace(".", "").isupper() else "alias"
    for demonym in record.demonyms:
        yield demonym, "demonym"


@dataclass(frozen=True, slots=True)
class AliasRecord:
    """An extra name for a place the gazetteer already has (``gazetteer/aliases.csv``)."""

    name: str
    place_id: str
    name_type: str
    source: str
    path: str = ""
    line: int = 0


_ALIAS_TYPES = ("alias", "abbrev", "demonym", "name")


def read_alias_file(path: Path | str) -> list[AliasRecord]:
    """Read an alias file: columns ``alias``, ``place_id``, ``name_type``, ``source``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: alias file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read ({error})") from None
    reader = csv.DictReader(io.StringIO(text))
    records = []
    for row in reader:
        line = reader.line_num
        for field in ("alias", "place_id", "source"):
            if not (row.get(field) or "").strip():
                raise GazetteerFileError(str(path), line, field, "empty")
        name_type = (row.get("name_type") or "alias").strip()
        if name_type not in _ALIAS_TYPES:
            raise GazetteerFileError(
                str(path),
                line,
                "name_type",
                f"{name_type!r} is not one of {', '.join(_ALIAS_TYPES)}",
            )
        records.append(
            AliasRecord(
                name=row["alias"].strip(),
                place_id=row["place_id"].strip(),
                name_type=name_type,
                source=row["source"].strip(),
                path=str(path),
                line=line,
            )
        )
    return records
