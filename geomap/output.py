"""Turn results into text: tables for people, JSON, CSV and GeoJSON for programs.

Pure functions returning strings; the CLI writes them. Field names are
documented in the README ("Output fields"). Values from articles are quoted
by the csv and json modules; CSV cells that a spreadsheet would run as a
formula are prefixed with an apostrophe, and tables for a terminal show
control and bidi characters as visible escapes (see :mod:`geomap.neutral`).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from geomap.model import (
    Claim,
    Estimate,
    Finding,
    FindingKind,
    Mention,
    Reading,
    Report,
    Resolution,
    Verdict,
)
from geomap.neutral import csv_cell, terminal_text
from geomap.units import format_area

if TYPE_CHECKING:
    from geomap.batch import PlaceRecordBatch

__all__ = [
    "check_records",
    "claim_rows",
    "estimate_id",
    "estimate_records",
    "format_check",
    "format_estimates",
    "format_place_records",
    "format_places",
    "place_records",
    "stream_place_records",
]

PLACE_FIELDS = (
    "doc_id",
    "start",
    "end",
    "text",
    "role",
    "name",
    "place_id",
    "kind",
    "country_code",
    "admin1",
    "lat",
    "lon",
    "score",
)
CLAIM_FIELDS = (
    "doc_id",
    "start",
    "end",
    "text",
    "subject",
    "reference",
    "reference_geometry",
    "direction",
    "claimed_min_km",
    "claimed_max_km",
    "measured_km",
    "bearing_deg",
    "status",
    "explanation",
)


# --- places ------------------------------------------------------------------------------


def place_records(
    resolutions: Sequence[Resolution], *, dropped: Sequence[Mention] = (), explain: bool = False
) -> list[dict[str, Any]]:
    """One JSON-ready dict per mention (resolved or not), in input order."""
    records = []
    for resolution in resolutions:
        mention, place = resolution.mention, resolution.place
        record: dict[str, Any] = {
            "doc_id": mention.doc_id,
            "start": mention.start,
            "end": mention.end,
            "text": mention.text,
            "role": mention.role,
            "name": place.name if place else None,
            "place_id": place.id if place else None,
            "kind": place.kind if place else None,
            "country_code": place.country_code if place else None,
            "admin1": place.admin1 if place else None,
            "lat": place.point.lat if place else None,
            "lon": place.point.lon if place else None,
            "score": resolution.score,
        }
        if explain:
            record["reasons"] = list(resolution.reasons)
            record["alternatives"] = [
                {
                    "name": c.place.name,
                    "place_id": c.place.id,
                    "kind": c.place.kind,
                    "country_code": c.place.country_code,
                    "admin1": c.place.admin1,
                    "lat": c.place.point.lat,
                    "lon": c.place.point.lon,
                    "score": c.score,
                    "evidence": list(c.evidence),
                }
                for c in resolution.alternatives
            ]
        records.append(record)
    if explain:
        for mention in dropped:
            records.append(
                {
                    "doc_id": mention.doc_id,
                    "start": mention.start,
                    "end": mention.end,
                    "text": mention.text,
                    "role": "dropped",
                    "reasons": list(mention.reasons),
                }
            )
    return records


def format_places(
    resolutions: Sequence[Resolution],
    fmt: str,
    *,
    dropped: Sequence[Mention] = (),
    explain: bool = False,
) -> str:
    """Place mentions as ``table``, ``json``, ``csv`` or ``geojson``."""
    records = place_records(resolutions, dropped=dropped, explain=explain)
    return format_place_records(records, fmt, explain=explain)


def format_place_records(records: list[dict[str, Any]], fmt: str, *, explain: bool = False) -> str:
    """Place records (see :func:`place_records`) as ``table``, ``json``, ``csv`` or ``geojson``."""
    if fmt == "json":
        return _json(records)
    if fmt == "csv":
        return _csv(records, PLACE_FIELDS)
    if fmt == "geojson":
        return _json(_geojson(records))
    rows = [
        [
            r["doc_id"],
            f"{r['start']}-{r['end']}",
            r["text"],
            r.get("name") or "-",
            r.get("kind") or r["role"],
            r.get("country_code") or "",
            _coordinates(r.get("lat"), r.get("lon")),
            "" if r.get("score") is None else f"{r['score']:.2f}",
            "; ".join(r.get("reasons", ()))[:80] if explain else "",
        ]
        for r in records
    ]
    header = ["doc", "chars", "mention", "place", "kind", "cc", "lat, lon", "score"]
    if explain:
        header.append("why")
    else:
        rows = [row[:-1] for row in rows]
    mentions = sum(r["role"] != "dropped" for r in records)
    return _table(header, rows) + f"\n{mentions} mention(s).\n"


def stream_place_records(
    batches: Iterable[PlaceRecordBatch], fmt: str, *, explain: bool = False
) -> Iterator[str]:
    """:func:`format_place_records` of batches of records, in pieces as the
    batches come: the pieces join to the text of every batch's mentions, then
    every dropped span, then every name no place fits, formatted at once.
    JSON and CSV are written a batch at a time (only the dropped spans wait
    for the end); a table and GeoJSON need every record first.
    """
    found: list[dict[str, Any]] = []
    dropped: list[dict[str, Any]] = []
    unsupported: list[dict[str, Any]] = []
    streaming = fmt in ("json", "csv")
    started = False
    if fmt == "csv":
        yield _csv([], PLACE_FIELDS)  # the header
    for batch in batches:
        dropped += batch.dropped
        unsupported += batch.unsupported
        if not streaming:
            found += batch.mentions
        elif batch.mentions:
            yield _stream_piece(batch.mentions, fmt, started)
            started = True
    if not streaming:
        yield format_place_records(found + dropped + unsupported, fmt, explain=explain)
        return
    if dropped or unsupported:
        yield _stream_piece(dropped + unsupported, fmt, started)
        started = True
    if fmt == "json":
        yield "\n]\n" if started else "[]\n"


def _stream_piece(records: list[dict[str, Any]], fmt: str, started: bool) -> str:
    """Records as the middle of a JSON list (see :func:`_json`) or CSV rows."""
    if fmt == "csv":
        return _csv(records, PLACE_FIELDS).split("\n", 1)[1]
    items = ",\n".join(map(_ITEM_ENCODER.encode, records))
    return (",\n" if started else "[\n") + items


def _geojson(records: list[dict[str, Any]]) -> dict[str, Any]:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
            "properties": {k: v for k, v in r.items() if k not in ("lat", "lon")},
        }
        for r in records
        if r.get("lat") is not None
    ]
    return {"type": "FeatureCollection", "features": features}


# --- claims ------------------------------------------------------------------------------


def check_records(report: Report) -> dict[str, Any]:
    """The check result as one JSON-ready dict: claims, findings and a summary."""
    claims = [_verdict_record(v) for v in report.verdicts]
    counts: dict[str, int] = {}
    for verdict in report.verdicts:
        counts[verdict.status] = counts.get(verdict.status, 0) + 1
    return {
        "site": _place_ref(report.site) if report.site else None,
        "claims": claims,
        "findings": [_finding_record(f) for f in report.findings],
        "estimates": estimate_records(report.estimates),
        "summary": {
            "documents": len(report.documents),
            "claims": len(claims),
            "statuses": counts,
            "contradictions": sum(f.kind == FindingKind.CONTRADICTION for f in report.findings),
            "disagreements": sum(f.kind == FindingKind.DISAGREEMENT for f in report.findings),
            "inconsistent": report.has_inconsistency,
        },
    }


def _verdict_record(verdict: Verdict) -> dict[str, Any]:
    claim = verdict.claim
    quantity = claim.quantity
    low, high = verdict.accepted_km or (None, None)
    return {
        "doc_id": claim.doc_id,
        "start": claim.start,
        "end": claim.end,
        "text": claim.text,
        "sentence": claim.sentence,
        "quantity": None
        if quantity is None
        else {
            "text": quantity.text,
            "low": quantity.low,
            "high": quantity.high,
            "unit": quantity.unit,
            "hedge": quantity.hedge or None,
            "vague": quantity.vague,
        },
        "direction": claim.direction,
        "relation": claim.relation,
        "subject_text": claim.subject_text,
        "subjects": [_place_ref(p) for p in claim.subjects],
        "reference": {
            "text": claim.reference.text,
            "geometry": claim.reference.geometry,
            "place": _place_ref(claim.reference.place) if claim.reference.place else None,
            "other_place": _place_ref(claim.reference.other_place)
            if claim.reference.other_place
            else None,
        },
        "claimed_km": None if low is None else [_round(low), _round(high)],
        "status": verdict.status,
        "explanation": verdict.explanation,
        "readings": [_reading_record(r) for r in verdict.readings],
        "locations": [
            {"doc_id": loc.doc_id, "start": loc.start, "end": loc.end} for loc in claim.locations
        ],
    }


def _reading_record(reading: Reading) -> dict[str, Any]:
    return {
        "subject": _place_ref(reading.subject),
        "distance_km": reading.distance_km,
        "bearing_deg": reading.bearing_deg,
        "direction_offset_deg": reading.direction_offset_deg,
        "status": reading.status,
        "explanation": reading.explanation,
        "reference_point": None
        if reading.reference_point is None
        else [reading.reference_point.lat, reading.reference_point.lon],
    }


def _finding_record(finding: Finding) -> dict[str, Any]:
    return {
        "kind": finding.kind,
        "explanation": finding.explanation,
        "claims": [_claim_ref(c) for c in finding.claims],
    }


def _claim_ref(claim: Claim) -> dict[str, Any]:
    return {"doc_id": claim.doc_id, "start": claim.start, "end": claim.end, "text": claim.text}


def _place_ref(place: Any) -> dict[str, Any]:
    return {
        "name": place.name,
        "place_id": place.id,
        "kind": place.kind,
        "country_code": place.country_code,
        "lat": place.point.lat,
        "lon": place.point.lon,
    }


def format_check(report: Report, fmt: str) -> str:
    """Checked claims as ``table``, ``json`` or ``csv``."""
    if fmt == "json":
        return _json(check_records(report))
    if fmt == "csv":
        return _csv(claim_rows(report), CLAIM_FIELDS)
    return _check_table(report)


def claim_rows(report: Report) -> list[dict[str, Any]]:
    """One flat record per reading of every checked claim (one for a claim
    with no reading): the CSV columns (:data:`CLAIM_FIELDS`, None where a
    value is missing), with the claim's sentence and the two ends of the
    measured line (``subject_lat``/``subject_lon``, ``reference_lat``/``reference_lon``)."""
    rows = []
    for verdict in report.verdicts:
        claim = verdict.claim
        low, high = verdict.accepted_km or (None, None)
        for reading in verdict.readings or (None,):
            end = reading.reference_point if reading else None
            rows.append(
                {
                    "doc_id": claim.doc_id,
                    "start": claim.start,
                    "end": claim.end,
                    "text": claim.text,
                    "subject": reading.subject.name if reading else claim.subject_text,
                    "reference": claim.reference.place.name
                    if claim.reference.place
                    else claim.reference.text,
                    "reference_geometry": claim.reference.geometry,
                    "direction": claim.direction or None,
                    "claimed_min_km": None if low is None else _round(low),
                    "claimed_max_km": None if high is None else _round(high),
                    "measured_km": reading.distance_km if reading else None,
                    "bearing_deg": reading.bearing_deg if reading else None,
                    "status": reading.status if reading else verdict.status,
                    "explanation": reading.explanation if reading else verdict.explanation,
                    "sentence": claim.sentence,
                    "subject_lat": reading.subject.point.lat if reading else None,
                    "subject_lon": reading.subject.point.lon if reading else None,
                    "reference_lat": end.lat if end else None,
                    "reference_lon": end.lon if end else None,
                }
            )
    return rows


def stream_check(reports: Iterable[Report], fmt: str) -> Iterator[str]:
    """:func:`format_check` of the reports of articles checked each on its
    own (:func:`geomap.pipeline.analyze_one_by_one`), in pieces as they
    come: the pieces join to the text of the gathered report
    (:func:`geomap.pipeline.analyze_each`). JSON and CSV write each
    article's claims as it is checked (findings and estimates, which come
    after the claims in JSON, wait in a temporary file); a table needs every
    report first.
    """
    if fmt == "csv":
        yield _csv([], CLAIM_FIELDS)  # the header
        for report in reports:
            yield format_check(report, fmt).split("\n", 1)[1]
        return
    if fmt != "json":
        from geomap.pipeline import gathered

        yield format_check(gathered(list(reports)), fmt)
        return
    tally = _CheckTally()
    with _Spool() as findings, _Spool() as estimates:
        yield '{\n  "site": null,\n  "claims": '
        for report in reports:
            for verdict in report.verdicts:
                yield _list_item(_verdict_record(verdict), tally.claims == 0)
                tally.count(verdict)
            for finding in report.findings:
                findings.add(_finding_record(finding))
            for record in estimate_records(report.estimates):
                estimates.add(record)
            tally.add(report)
        yield "\n  ]" if tally.claims else "[]"
        yield ',\n  "findings": '
        yield from findings.read()
        yield ',\n  "estimates": '
        yield from estimates.read()
    summary = {
        "documents": tally.documents,
        "claims": tally.claims,
        "statuses": tally.statuses,
        "contradictions": tally.contradictions,
        "disagreements": tally.disagreements,
        "inconsistent": tally.inconsistent,
    }
    text = json.dumps(summary, ensure_ascii=False, indent=2, allow_nan=False)
    yield ',\n  "summary": ' + text.replace("\n", "\n  ") + "\n}\n"


def _list_item(record: dict[str, Any], first: bool) -> str:
    """A record as an item of a list that is a value of the top-level JSON
    object, as ``json.dumps(indent=2)`` of the whole writes it (JSON strings
    hold no raw line breaks, so every line break is one of the layout)."""
    item = json.dumps(record, ensure_ascii=False, indent=2, allow_nan=False)
    return ("[\n    " if first else ",\n    ") + item.replace("\n", "\n    ")


class _Spool:
    """Items of a JSON list kept in a temporary file until their turn comes."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed by __exit__)
        self._empty = True

    def __enter__(self) -> _Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def add(self, record: dict[str, Any]) -> None:
        self._file.write(_list_item(record, self._empty))
        self._empty = False

    def read(self) -> Iterator[str]:
        """The list as written: items, then its end (or ``[]``)."""
        if self._empty:
            yield "[]"
            return
        self._file.seek(0)
        while chunk := self._file.read(1 << 20):
            yield chunk
        yield "\n  ]"


@dataclass(slots=True)
class _CheckTally:
    """What the end of a streamed check needs: counts by status and kind."""

    documents: int = 0
    claims: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    contradictions: int = 0
    disagreements: int = 0
    inconsistent: bool = False

    def count(self, verdict: Verdict) -> None:
        self.claims += 1
        self.statuses[verdict.status] = self.statuses.get(verdict.status, 0) + 1

    def add(self, report: Report) -> None:
        self.documents += len(report.documents)
        self.contradictions += sum(f.kind == FindingKind.CONTRADICTION for f in report.findings)
        self.disagreements += sum(f.kind == FindingKind.DISAGREEMENT for f in report.findings)
        self.inconsistent = self.inconsistent or report.has_inconsistency


def _check_table(report: Report) -> str:
    lines = []
    for verdict in report.verdicts:
        claim = verdict.claim
        where = ", ".join(f"{loc.doc_id}@{loc.start}" for loc in claim.locations) or (
            f"{claim.doc_id}@{claim.start}"
        )
        claimed = "-" if verdict.accepted_km is None else _range_text(*verdict.accepted_km)
        lines.append(f"{verdict.status.upper():<24} {claim.text!r}  [{where}]")
        lines.append(f"    claimed {claimed}; {verdict.explanation}")
        for reading in verdict.readings:
            bearing = "" if reading.bearing_deg is None else f", bearing {reading.bearing_deg:.0f}°"
            lines.append(
                f"    - {reading.subject.name}: {reading.distance_km:,.1f} km{bearing} -> {reading.status}"
            )
    if report.findings:
        lines.append("")
        for finding in report.findings:
            lines.append(f"{finding.kind.upper():<24} {finding.explanation}")
    if report.estimates:
        lines.append("")
        lines += [_estimate_line(estimate) for estimate in report.estimates]
    counts: dict[str, int] = {}
    for verdict in report.verdicts:
        counts[verdict.status] = counts.get(verdict.status, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "no claims"
    site = f" Site: {report.site.name}." if report.site else _estimated_site(report)
    lines.append("")
    lines.append(
        f"{len(report.verdicts)} claim(s) in {len(report.documents)} document(s): {summary}; "
        f"{_findings_count(report)}.{site}"
    )
    return terminal_text("\n".join(lines) + "\n")


# --- shared helpers ------------------------------------------------------------------------


# One list item on one line; made once (json.dumps makes an encoder per call).
_ITEM_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False)


def _json(value: Any) -> str:
    """Pretty JSON; a long list is written one item per line, which reads as
    well and lets the fast C encoder do the work."""
    if isinstance(value, list):
        items = ",\n".join(map(_ITEM_ENCODER.encode, value))
        return f"[\n{items}\n]\n" if value else "[]\n"
    return json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def _csv(records: list[dict[str, Any]], fields: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=list(fields), extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    for record in records:
        writer.writerow({k: csv_cell(record.get(k)) for k in fields})
    return buffer.getvalue()


def _table(header: list[str], rows: list[list[str]], max_width: int = 40) -> str:
    cells = [[_clip(str(c), max_width) for c in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _clip(text: str, width: int) -> str:
    text = terminal_text(" ".join(text.split()))
    return text if len(text) <= width else text[: width - 1] + "…"


def _coordinates(lat: float | None, lon: float | None) -> str:
    return "" if lat is None or lon is None else f"{lat:.4f}, {lon:.4f}"


def _round(value: float | None) -> float | None:
    if value is None or math.isinf(value):
        return None
    return round(value, 1)


def _range_text(low: float, high: float) -> str:
    if math.isinf(high):
        return f">= {low:,.0f} km"
    return f"{low:,.0f}-{high:,.0f} km"


# --- estimates ----------------------------------------------------------------------------


def estimate_records(estimates: Sequence[Estimate]) -> list[dict[str, Any]]:
    """One record per estimated place: point, radius, and the claims used and left out."""
    return [
        {
            "id": estimate_id(e),
            "kind": "estimated",
            "subject": e.subject,
            "lat": e.point.lat,
            "lon": e.point.lon,
            "radius_km": e.radius_km,
            "area_km2": e.area_km2,
            "within": [{"id": p.id, "name": p.name} for p in e.within],
            **_known_record(e),
            "claims_used": [_estimate_claim(c) for c in e.used],
            "claims_left_out": [_estimate_claim(c) for c in e.left_out],
        }
        for e in estimates
    ]


def _estimate_line(estimate: Estimate) -> str:
    """ "ESTIMATED  the incident site at 37.29, 37.08 (within 35 km), from ..."."""
    used = "; ".join(repr(c.text) for c in estimate.used)
    line = (
        f"{'ESTIMATED':<24} {estimate.subject} at {_coordinates(estimate.point.lat, estimate.point.lon)}"
        f" (within {estimate.radius_km:g} km), from {used}"
    )
    if estimate.within:
        line += (
            "; inside " + " and ".join(p.name for p in estimate.within) + ", where the text puts it"
        )
    if estimate.left_out:
        line += "; left out as disagreeing: " + "; ".join(repr(c.text) for c in estimate.left_out)
    known = estimate.known
    if known is not None:
        where = "inside" if known.inside else "outside"
        line += (
            f"; the site, {known.place.name}, lies {known.distance_km:,.0f} km from it "
            f"({where} the region of {format_area(estimate.area_km2)})"
        )
    return line + "."


def _findings_count(report: Report) -> str:
    """ "2 contradiction(s)", "0 contradiction(s), 1 disagreement(s)"."""
    count = Counter(f.kind for f in report.findings)
    text = f"{count[FindingKind.CONTRADICTION]} contradiction(s)"
    if count[FindingKind.DISAGREEMENT]:
        text += f", {count[FindingKind.DISAGREEMENT]} disagreement(s)"
    return text


def _estimated_site(report: Report) -> str:
    """ " Site: estimated at 37.31, 37.10 (within 49 km)." when the claims place it."""
    from geomap.locate.estimate import INCIDENT_SITE  # check's stage: not for `places`

    for estimate in report.estimates:
        if estimate.subject == INCIDENT_SITE and estimate.known is None:
            where = _coordinates(estimate.point.lat, estimate.point.lon)
            return f" Site: estimated at {where} (within {estimate.radius_km:g} km)."
    return ""


def estimate_id(estimate: Estimate) -> str:
    """ "estimated:the-incident-site", "estimated:halls-gap": an id for a
    place only claims locate, as the JSON and GeoJSON give it."""
    slug = "-".join(re.findall(r"\w+", estimate.subject.lower()))
    return f"estimated:{slug}"


def _known_cell(estimate: Estimate) -> str:
    """ "Tigantourine gas facility: 236 km, inside"."""
    known = estimate.known
    if known is None:
        return "-"
    where = "inside" if known.inside else "outside"
    return f"{known.place.name}: {known.distance_km:,.0f} km, {where}"


def _known_record(estimate: Estimate) -> dict[str, Any]:
    known = estimate.known
    if known is None:
        return {}
    return {
        "known_place": {
            "id": known.place.id,
            "name": known.place.name,
            "lat": known.place.point.lat,
            "lon": known.place.point.lon,
            "distance_km": known.distance_km,
            "inside_region": known.inside,
        }
    }


def _estimate_claim(claim: Claim) -> dict[str, Any]:
    return {"doc_id": claim.doc_id, "start": claim.start, "end": claim.end, "text": claim.text}


def format_estimates(estimates: Sequence[Estimate], fmt: str) -> str:
    """Estimated places as ``table``, ``json`` or ``geojson`` (the point and
    the region as features, with the radius and the claims as properties)."""
    if fmt == "json":
        return _json(estimate_records(estimates))
    if fmt == "geojson":
        return _json(_estimates_geojson(estimates))
    if not estimates:
        return "No place to estimate: no claim places something the gazetteer lacks.\n"
    rows = []
    for e in estimates:
        used = "; ".join(c.text for c in e.used)
        left = "; ".join(c.text for c in e.left_out) or "-"
        rows.append(
            [
                e.subject,
                _coordinates(e.point.lat, e.point.lon),
                f"{e.radius_km:g}",
                format_area(e.area_km2),
                used,
                left,
                _known_cell(e),
            ]
        )
    header = ["subject", "lat, lon", "radius km", "area", "claims used", "left out", "known place"]
    return _table(header, rows, max_width=60) + f"\n{len(estimates)} estimate(s).\n"


def _estimates_geojson(estimates: Sequence[Estimate]) -> dict[str, Any]:
    features = []
    for record, estimate in zip(estimate_records(estimates), estimates, strict=True):
        properties = {k: v for k, v in record.items() if k not in ("lat", "lon")}
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [estimate.point.lon, estimate.point.lat],
                },
                "properties": {**properties, "role": "estimate"},
            }
        )
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [[[[p.lon, p.lat] for p in ring]] for ring in estimate.region],
                },
                "properties": {"subject": estimate.subject, "role": "region"},
            }
        )
    return {"type": "FeatureCollection", "features": features}
