"""A batch output folder read back as what the batch map draws.

``geomap map DIR`` on a folder that ``geomap batch`` wrote: the places of
every partition aggregated by place id (mention count, number of articles),
and the claim readings of the chosen statuses as lines, at most
:data:`geomap.render.overview.MAX_LINES` of them, the most severe first.

Only the partitions the manifests list are read (a file of a run stopped
half way, or left by an older one, is not), a partition at a time and only
the columns needed, so the memory held is about one partition's plus the
places and kept lines. An article's rows all lie in one partition, so counts
of articles and claims add up across partitions.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap.batch.tables import MANIFESTS
from geomap.errors import InputError
from geomap.model import LatLon, Status
from geomap.render.overview import (
    MAX_LINES,
    BatchOverview,
    ClaimLine,
    PlaceTally,
    render_overview_map,
    severity_rank,
)

if TYPE_CHECKING:
    from geomap.gazetteer.store import Gazetteer

__all__ = ["batch_map", "is_batch_output", "parse_statuses", "read_overview"]

_PLACE_COLUMNS = ["doc_id", "place_id", "name", "kind", "country_code", "admin1", "lat", "lon"]
_CLAIM_COLUMNS = [
    "doc_id",
    "start",
    "status",
    "sentence",
    "subject",
    "reference",
    "claimed_min_km",
    "claimed_max_km",
    "measured_km",
    "explanation",
    "geometry",
]


def is_batch_output(path: Path) -> bool:
    """Whether ``path`` is a folder ``geomap batch`` wrote (it has
    ``summary.json`` or a ``manifests`` folder), not a folder of articles."""
    return path.is_dir() and ((path / "summary.json").is_file() or (path / MANIFESTS).is_dir())


def parse_statuses(values: Iterable[str]) -> frozenset[str]:
    """The statuses of ``--status`` values (each one status or a comma list);
    an unknown one is an :class:`InputError` naming it and the choices.

    >>> sorted(parse_statuses(["inconsistent,ambiguous", " consistent "]))
    ['ambiguous', 'consistent', 'inconsistent']
    """
    known = {status.value for status in Status}
    chosen = set()
    for value in values:
        for part in value.split(","):
            name = part.strip().lower()
            if not name:
                continue
            if name not in known:
                raise InputError(
                    f"--status {part.strip()!r}: not a claim status; choose from "
                    + ", ".join(status.value for status in Status)
                )
            chosen.add(name)
    return frozenset(chosen)


def batch_map(
    out_dir: Path,
    *,
    statuses: frozenset[str] = frozenset(),
    title: str | None = None,
    gazetteer: Gazetteer | None = None,
) -> tuple[BatchOverview, str]:
    """The batch output folder ``out_dir`` read (:func:`read_overview`) and
    drawn (:func:`geomap.render.overview.render_overview_map`): what was
    drawn, and the self-contained HTML page."""
    overview = read_overview(out_dir, statuses=statuses)
    return overview, render_overview_map(overview, title=title, gazetteer=gazetteer)


@dataclass(slots=True)
class _Tally:
    """What the partitions read so far add up to."""

    places: list[Any] = field(default_factory=list)  # one aggregated frame per partition
    articles: int = 0
    claims: int = 0
    selected: int = 0
    unmapped: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    lines: list[tuple[int, int, int, ClaimLine]] = field(default_factory=list)
    lines_seen: int = 0


def read_overview(
    out_dir: Path, *, statuses: frozenset[str] = frozenset(), max_lines: int = MAX_LINES
) -> BatchOverview:
    """The places and claim lines of the batch output folder ``out_dir``:
    every place (most mentioned first), the lines of the claims with one of
    ``statuses`` (every status when empty), at most ``max_lines``.

    Raises :class:`InputError` naming the folder or file when it is no
    complete batch output (no manifest, a missing or unreadable table).
    """
    tally = _Tally()
    manifests = _manifests(out_dir)
    for number, manifest in enumerate(manifests):
        tally.articles += int(manifest.get("input", {}).get("articles", 0))
        tally.places.append(_partition_places(_table(out_dir, manifest, "mentions")))
        _add_partition_claims(tally, _table(out_dir, manifest, "claims"), number, statuses)
        tally.lines = sorted(tally.lines, key=lambda kept: kept[:3])[:max_lines]
    places = _places(tally.places)
    lines = tuple(kept[3] for kept in tally.lines)
    return BatchOverview(
        places=places,
        lines=lines,
        articles=tally.articles,
        mentions=sum(place.mentions for place in places),
        claims=tally.claims,
        claims_shown=len({(line.doc_id, line.offset) for line in lines}),
        claims_selected=tally.selected,
        claims_unmapped=tally.unmapped,
        claims_by_status=dict(tally.by_status),
        statuses=statuses,
        lines_dropped=tally.lines_seen - len(lines),
    )


def _manifests(out_dir: Path) -> list[dict[str, Any]]:
    """The manifests of the folder's partitions, in partition order."""
    paths = sorted((out_dir / MANIFESTS).glob("part-*.json"))
    if not paths:
        raise InputError(
            f"{out_dir}: no batch tables here (no {MANIFESTS}/part-*.json); "
            "write them with 'geomap batch INPUT -o DIR'"
        )
    manifests = []
    for path in paths:
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise InputError(f"{path}: not a readable batch manifest ({error})") from None
        if not isinstance(manifest, dict) or not isinstance(manifest.get("tables"), dict):
            raise InputError(f"{path}: not a batch manifest (no 'tables')")
        manifests.append(manifest)
    return manifests


def _table(out_dir: Path, manifest: dict[str, Any], table: str) -> Path:
    entry = manifest["tables"].get(table)
    path = out_dir / str(entry.get("file", "")) if isinstance(entry, dict) else None
    if path is None or not path.is_file():
        raise InputError(
            f"{out_dir}: the {table} table of partition {manifest.get('partition')} "
            "is missing; run 'geomap batch' again to complete it"
        )
    return path


def _read(path: Path, columns: list[str]) -> Any:
    """The columns of a Parquet table as a pandas frame."""
    import pyarrow.parquet as pq

    try:
        return pq.read_table(path, columns=columns).to_pandas()
    except (OSError, ValueError, KeyError) as error:
        raise InputError(f"{path}: not a readable batch table ({error})") from None


def _partition_places(path: Path) -> Any:
    """One partition's mentions grouped by place: its fields, mentions, articles."""
    frame = _read(path, _PLACE_COLUMNS).dropna(subset=["place_id", "lat", "lon"])
    grouped = frame.groupby("place_id", sort=False)
    places = grouped[["name", "kind", "country_code", "admin1", "lat", "lon"]].first()
    places["mentions"] = grouped.size()
    places["articles"] = grouped["doc_id"].nunique()
    return places


def _places(frames: list[Any]) -> tuple[PlaceTally, ...]:
    """The partitions' places added up: the most mentioned first, then by id."""
    import pandas as pd

    frames = [frame for frame in frames if len(frame)]
    if not frames:
        return ()
    every = pd.concat(frames)
    grouped = every.groupby(level=0, sort=True)
    merged = grouped[["name", "kind", "country_code", "admin1", "lat", "lon"]].first()
    merged["mentions"] = grouped["mentions"].sum()
    merged["articles"] = grouped["articles"].sum()
    merged = merged.reset_index().sort_values(
        ["mentions", "place_id"], ascending=[False, True], kind="stable"
    )
    return tuple(
        PlaceTally(
            place_id=str(row.place_id),
            name=_text(row.name),
            kind=_text(row.kind),
            country_code=_text(row.country_code),
            admin1=_text(row.admin1),
            point=LatLon(float(row.lat), float(row.lon)),
            mentions=int(row.mentions),
            articles=int(row.articles),
        )
        for row in merged.itertuples(index=False)
    )


def _add_partition_claims(tally: _Tally, path: Path, number: int, statuses: frozenset[str]) -> None:
    """Count one partition's claims and keep its lines of the chosen statuses."""
    frame = _read(path, _CLAIM_COLUMNS)
    if not len(frame):
        return
    keys = list(zip(frame["doc_id"], frame["start"], strict=True))
    tally.claims += len(set(keys))
    tally.by_status.update(status for _, status in set(zip(keys, frame["status"], strict=True)))
    chosen = frame["status"].isin(statuses) if statuses else frame["status"].notna()
    chosen_keys = {key for key, keep in zip(keys, chosen, strict=True) if keep}
    tally.selected += len(chosen_keys)
    drawable = chosen & frame["geometry"].notna()
    drawn_keys = {key for key, keep in zip(keys, drawable, strict=True) if keep}
    tally.unmapped += len(chosen_keys - drawn_keys)
    rows = frame[drawable]
    tally.lines_seen += len(rows)
    for index, row, ends in zip(rows.index, rows.itertuples(index=False), _ends(rows), strict=True):
        tally.lines.append((severity_rank(str(row.status)), number, int(index), _line(row, ends)))


def _ends(rows: Any) -> list[tuple[LatLon, LatLon]]:
    """Each line's two ends (subject, reference) from its WKB geometry."""
    import shapely

    ends = []
    for geometry in shapely.from_wkb(rows["geometry"].to_numpy()):
        coords = shapely.get_coordinates(geometry)
        (lon0, lat0), (lon1, lat1) = coords[0], coords[-1]
        ends.append((LatLon(float(lat0), float(lon0)), LatLon(float(lat1), float(lon1))))
    return ends


def _line(row: Any, ends: tuple[LatLon, LatLon]) -> ClaimLine:
    low, high = row.claimed_min_km, row.claimed_max_km
    claimed = None if _missing(low) or _missing(high) else (float(low), float(high))
    return ClaimLine(
        doc_id=_text(row.doc_id),
        offset=int(row.start),
        sentence=_text(row.sentence),
        subject=_text(row.subject),
        reference=_text(row.reference),
        claimed_km=claimed,
        measured_km=None if _missing(row.measured_km) else float(row.measured_km),
        status=_text(row.status),
        explanation=_text(row.explanation),
        subject_point=ends[0],
        reference_point=ends[1],
    )


def _missing(value: object) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))


def _text(value: object) -> str:
    return "" if _missing(value) else str(value)
