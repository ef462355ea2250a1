"""Read full GeoNames dumps (``allCountries.txt``, ``DZ.txt``, zipped or not).

The format is GeoNames' 19-column tab-separated ``geoname`` table
(download.geonames.org/export/dump/readme.txt). This module only reads files
the user already has; geomap never downloads them itself.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from geomap.errors import GazetteerFileError, InputError

__all__ = ["GeoNamesRecord", "kind_of", "read_geonames_dump"]

_COLUMNS = 19

# GeoNames feature class -> geomap kind. Administrative divisions and countries
# are refined by feature code in kind_of().
_CLASS_KINDS = {
    "P": "city",
    "A": "region",
    "H": "water",
    "T": "feature",
    "S": "facility",
    "L": "region",
    "V": "feature",
    "U": "water",
    "R": "facility",
}


@dataclass(frozen=True, slots=True)
class GeoNamesRecord:
    """One row of a GeoNames dump, the columns geomap uses."""

    geonameid: int
    name: str
    alternate_names: tuple[str, ...]
    lat: float
    lon: float
    feature_class: str
    feature_code: str
    country_code: str
    admin1_code: str
    population: int

    @property
    def kind(self) -> str:
        return kind_of(self.feature_class, self.feature_code)


def kind_of(feature_class: str, feature_code: str) -> str:
    """geomap's kind for a GeoNames feature class and code.

    >>> kind_of("A", "ADM1"), kind_of("S", "OILF"), kind_of("T", "DSRT")
    ('admin1', 'facility', 'desert')
    """
    if feature_class == "A":
        if feature_code.startswith("PCL"):
            return "country"
        if feature_code.startswith("ADM1"):
            return "admin1"
        if feature_code.startswith("ADM"):
            return "admin2"
    if feature_code in {"DSRT", "ERG", "SAND"}:
        return "desert"
    return _CLASS_KINDS.get(feature_class, "feature")


def read_geonames_dump(path: Path | str) -> Iterator[GeoNamesRecord]:
    """Yield the records of a GeoNames dump; a ``.zip`` is read without unpacking.

    A malformed line raises GazetteerFileError with the file, line and field.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: GeoNames file not found")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [n for n in archive.namelist() if n.endswith(".txt") and "readme" not in n]
            if not members:
                raise InputError(f"{path}: the zip holds no GeoNames .txt file")
            for member in members:
                with archive.open(member) as raw:
                    yield from _parse(io.TextIOWrapper(raw, encoding="utf-8"), f"{path}:{member}")
    else:
        with path.open(encoding="utf-8") as handle:
            yield from _parse(handle, str(path))


def _parse(lines: Iterable[str], label: str) -> Iterator[GeoNamesRecord]:
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\n\r")
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != _COLUMNS:
            raise GazetteerFileError(
                label,
                number,
                "columns",
                f"expected {_COLUMNS} tab-separated columns, found {len(fields)}",
            )
        yield GeoNamesRecord(
            geonameid=_int(fields[0], label, number, "geonameid"),
            name=fields[1],
            alternate_names=tuple(n for n in fields[3].split(",") if n),
            lat=_float(fields[4], label, number, "latitude", 90),
            lon=_float(fields[5], label, number, "longitude", 180),
            feature_class=fields[6],
            feature_code=fields[7],
            country_code=fields[8],
            admin1_code=fields[10],
            population=_int(fields[14] or "0", label, number, "population"),
        )


def _int(value: str, label: str, line: int, field: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise GazetteerFileError(label, line, field, f"{value!r} is not an integer") from None


def _float(value: str, label: str, line: int, field: str, limit: float) -> float:
    try:
        number = float(value)
    except ValueError:
        raise GazetteerFileError(label, line, field, f"{value!r} is not a number") from None
    if not -limit <= number <= limit:
        raise GazetteerFileError(label, line, field, f"{number:g} is outside -{limit:g}..{limit:g}")
    return number
