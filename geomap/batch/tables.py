"""A partition's tables as GeoParquet files, and the manifest that says what they hold.

``DIR/mentions/part-00000.parquet`` (a point per mention),
``DIR/claims/part-00000.parquet`` (a line from the subject to the point the
distance was measured to, or none), ``DIR/errors/part-00000.parquet`` (plain
Parquet: where and why) and ``DIR/manifests/part-00000.json``. Each file is
written atomically; the manifest comes last, so a partition whose manifest
matches the input and the settings, and whose files match the manifest's
digests, is complete. Column types are fixed, so an empty table has the same
schema as a full one, and the files hold no time or host: the same rows give
the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from geomap.batch.partitions import Partition
from geomap.batch.work import Checked
from geomap.files import remove_stale_temporaries, replacing, write_text_atomically

__all__ = [
    "MANIFESTS",
    "TABLES",
    "read_manifest",
    "remove_leftover_temporaries",
    "remove_partitions_after",
    "table_path",
    "write_partition",
]

TABLES = ("mentions", "claims", "errors")
MANIFESTS = "manifests"

# Bump when the tables' columns or the manifest change: older partitions are redone.
FORMAT = 1

_TEXT, _INT, _FLOAT = "string", "Int64", "float64"

MENTION_COLUMNS: dict[str, str] = {
    "incident": _TEXT,
    "doc_id": _TEXT,
    "start": _INT,
    "end": _INT,
    "text": _TEXT,
    "role": _TEXT,
    "name": _TEXT,
    "place_id": _TEXT,
    "kind": _TEXT,
    "country_code": _TEXT,
    "admin1": _TEXT,
    "lat": _FLOAT,
    "lon": _FLOAT,
    "score": _FLOAT,
}
CLAIM_COLUMNS: dict[str, str] = {
    "incident": _TEXT,
    "doc_id": _TEXT,
    "start": _INT,
    "end": _INT,
    "text": _TEXT,
    "sentence": _TEXT,
    "subject": _TEXT,
    "reference": _TEXT,
    "reference_geometry": _TEXT,
    "direction": _TEXT,
    "claimed_min_km": _FLOAT,
    "claimed_max_km": _FLOAT,
    "measured_km": _FLOAT,
    "bearing_deg": _FLOAT,
    "status": _TEXT,
    "explanation": _TEXT,
}
ERROR_COLUMNS: dict[str, str] = {"source": _TEXT, "line": _INT, "doc_id": _TEXT, "reason": _TEXT}


def table_path(out_dir: Path, table: str, index: int) -> Path:
    """Where partition ``index`` of ``table`` is written."""
    suffix = "json" if table == MANIFESTS else "parquet"
    return out_dir / table / f"part-{index:05d}.{suffix}"


def write_partition(
    out_dir: Path, partition: Partition, checked: Checked, settings: dict[str, Any]
) -> dict[str, Any]:
    """Write the partition's three tables, then its manifest; returns the manifest."""
    rows = {"mentions": checked.mentions, "claims": checked.claims, "errors": checked.errors}
    tables = {}
    for table in TABLES:
        path = table_path(out_dir, table, partition.index)
        with replacing(path, keep_suffix=True) as tmp:
            _write_table(table, rows[table], tmp)
        tables[table] = {
            "file": path.relative_to(out_dir).as_posix(),
            "rows": len(rows[table]),
            "sha256": _file_digest(path),
        }
    manifest = {
        "format": FORMAT,
        "partition": partition.index,
        "settings": settings,
        "input": {
            "digest": partition.digest,
            "first": partition.first,
            "last": partition.last,
            "articles": partition.articles,
            "incidents": len(partition.incidents),
        },
        "tables": tables,
        "counts": {
            "errors": len(checked.errors),
            "claims_by_status": dict(sorted(checked.statuses.items())),
            "mentions_by_kind": dict(sorted(checked.kinds.items())),
        },
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_text_atomically(table_path(out_dir, MANIFESTS, partition.index), text)
    return manifest


def read_manifest(
    out_dir: Path, partition: Partition, settings: dict[str, Any]
) -> dict[str, Any] | None:
    """The manifest of a partition already written from this input with these
    settings, its files intact; None when it must be (re)done."""
    try:
        manifest = json.loads(table_path(out_dir, MANIFESTS, partition.index).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or manifest.get("settings") != settings
        or manifest.get("input", {}).get("digest") != partition.digest
    ):
        return None
    for table in TABLES:
        entry = manifest.get("tables", {}).get(table, {})
        path = out_dir / str(entry.get("file", ""))
        if not path.is_file() or _file_digest(path) != entry.get("sha256"):
            return None
    return manifest


def remove_leftover_temporaries(out_dir: Path) -> list[Path]:
    """Remove the temporary files of a run that was killed while writing a
    partition. Only for a run that holds the folder's lock: then no other
    writer can own them, however new they are."""
    removed = []
    for table in (*TABLES, MANIFESTS):
        folder = out_dir / table
        if not folder.is_dir():
            continue
        for target in {_LEFTOVER.sub(r"\1", p.name) for p in folder.glob(".part-*.tmp*")}:
            removed += remove_stale_temporaries(folder / target, older_than=0)
    return removed


# ".part-00002.parquet.rn0i6t01.tmp.parquet" was written for "part-00002.parquet"
_LEFTOVER = re.compile(r"^\.(part-\d+\.\w+)\..*$")


def remove_partitions_after(out_dir: Path, last: int) -> list[Path]:
    """Remove the files of partitions numbered above ``last`` that an earlier
    run over a longer input left (they would be read with the new ones)."""
    removed = []
    for table in (*TABLES, MANIFESTS):
        folder = out_dir / table
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("part-*.*")):
            number = path.stem.removeprefix("part-")
            if number.isdigit() and int(number) > last:
                path.unlink()
                removed.append(path)
    return removed


def _write_table(table: str, rows: list[dict[str, Any]], path: Path) -> None:
    import pandas as pd

    columns = {"mentions": MENTION_COLUMNS, "claims": CLAIM_COLUMNS, "errors": ERROR_COLUMNS}[table]
    frame = pd.DataFrame(
        {
            name: pd.Series([row.get(name) for row in rows], dtype=kind)
            for name, kind in columns.items()
        }
    )
    if table == "errors":
        frame.to_parquet(path, index=False)
        return
    import geopandas as gpd

    geometry = _points(rows) if table == "mentions" else _lines(rows)
    gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometry, crs="EPSG:4326")).to_parquet(
        path, index=False
    )


def _points(rows: list[dict[str, Any]]) -> list[Any]:
    """Each mention's place as a point (GeoParquet's longitude, latitude order)."""
    from shapely import Point

    return [Point(row["lon"], row["lat"]) if row.get("lat") is not None else None for row in rows]


def _lines(rows: list[dict[str, Any]]) -> list[Any]:
    """Each claim reading as the line it measured: subject to reference point."""
    from shapely import LineString

    lines: list[Any] = []
    for row in rows:
        ends = (row.get("subject_lat"), row.get("reference_lat"))
        if None in ends:
            lines.append(None)
            continue
        lines.append(
            LineString(
                [
                    (row["subject_lon"], row["subject_lat"]),
                    (row["reference_lon"], row["reference_lat"]),
                ]
            )
        )
    return lines


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
