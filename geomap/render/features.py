"""What the map draws, decided from a Report before any HTML is written.

Pure functions from ``geomap.model`` values to small records: the places to
mark (one per place id, mentions grouped), the measured lines, the
claimed-distance bands around point references and along borders and coasts,
and the points the first view is fitted to.

Shapes that would lie exactly on top of each other are drawn once: three
articles repeating "60 km from the border" give one line whose popup lists
the three claims. When those claims disagree, the shape takes the most
severe status (an inconsistent claim is never hidden under a consistent one).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from geomap.model import AREA_KINDS, LatLon, Mention, Place, Reading, Report, Verdict
from geomap.render.style import most_severe

__all__ = [
    "AREA_KINDS",
    "ClaimBand",
    "LineBand",
    "MappedPlace",
    "MeasuredLine",
    "claim_bands",
    "focus_country",
    "focus_points",
    "line_bands",
    "mapped_places",
    "measured_lines",
    "reference_point",
]

#: Kinds whose point is only the centre of an area; drawn as hollow markers.


@dataclass(frozen=True, slots=True)
class MappedPlace:
    """One marker: a place, every mention resolved to it, whether it is the site."""

    place: Place
    mentions: tuple[Mention, ...] = ()
    is_site: bool = False
    in_claims: bool = False

    @property
    def is_area(self) -> bool:
        return self.place.kind in AREA_KINDS


@dataclass(frozen=True, slots=True)
class MeasuredLine:
    """A measured distance: from a reference point to a subject, with its claims."""

    start: LatLon
    subject: Place
    claims: tuple[tuple[Verdict, Reading], ...]

    @property
    def status(self) -> str:
        return most_severe(reading.status for _, reading in self.claims)


@dataclass(frozen=True, slots=True)
class ClaimBand:
    """The ring of distances a claim accepts around a point reference."""

    centre: LatLon
    reference: Place
    low_km: float
    high_km: float
    verdicts: tuple[Verdict, ...]

    @property
    def status(self) -> str:
        return most_severe(verdict.status for verdict in self.verdicts)

    @property
    def subject_points(self) -> list[LatLon]:
        """Where the places the claims are about are."""
        return list(
            dict.fromkeys(r.subject.point for verdict in self.verdicts for r in verdict.readings)
        )


@dataclass(frozen=True, slots=True)
class LineBand:
    """The strip of distances a claim accepts from a border or a coast.

    ``country`` and ``neighbour`` name the line as the verifier measured it:
    a country's whole boundary, the line it shares with ``neighbour`` ("the
    Algeria-Libya border"), or its coastline (``geometry == "coast"``). The
    strip is drawn only near ``subjects`` (each with its measured distance and
    the nearest point of the line), on their side of the line.
    """

    geometry: str
    country: Place
    neighbour: Place | None
    text: str
    low_km: float
    high_km: float
    subjects: tuple[tuple[Place, float, LatLon], ...]
    verdicts: tuple[Verdict, ...]

    @property
    def status(self) -> str:
        return most_severe(verdict.status for verdict in self.verdicts)


def reference_point(verdict: Verdict, reading: Reading) -> LatLon | None:
    """Where the reading was measured from: the reading's own reference point
    (the nearest border point for a border), else the reference place's point
    for a point reference, else None (an area without a measured point)."""
    if reading.reference_point is not None:
        return reading.reference_point
    reference = verdict.claim.reference
    if reference.geometry == "point" and reference.place is not None:
        return reference.place.point
    return None


def mapped_places(report: Report) -> list[MappedPlace]:
    """One entry per distinct place id: resolved places in first-mention order,
    then the site and claim subjects and point references not mentioned otherwise."""
    places: dict[str, Place] = {}
    mentions: dict[str, list[Mention]] = {}
    for resolution in report.resolutions:
        if resolution.place is None:
            continue
        places.setdefault(resolution.place.id, resolution.place)
        mentions.setdefault(resolution.place.id, []).append(resolution.mention)
    claimed: dict[str, Place] = {}
    for verdict in report.verdicts:
        reference = verdict.claim.reference
        if reference.geometry == "point" and reference.place is not None:
            claimed.setdefault(reference.place.id, reference.place)
        for reading in verdict.readings:
            claimed.setdefault(reading.subject.id, reading.subject)
    if report.site is not None:
        places.setdefault(report.site.id, report.site)
    for place_id, place in claimed.items():
        places.setdefault(place_id, place)
    site_id = report.site.id if report.site is not None else None
    return [
        MappedPlace(
            place=place,
            mentions=tuple(mentions.get(place_id, ())),
            is_site=place_id == site_id,
            in_claims=place_id in claimed,
        )
        for place_id, place in places.items()
    ]


def measured_lines(report: Report) -> tuple[list[MeasuredLine], int]:
    """The lines to draw, and how many readings had no point to draw from."""
    grouped: dict[tuple[float, float, str], list[tuple[Verdict, Reading]]] = {}
    starts: dict[tuple[float, float, str], tuple[LatLon, Place]] = {}
    undrawable = 0
    for verdict in report.verdicts:
        for reading in verdict.readings:
            start = reference_point(verdict, reading)
            if start is None:
                undrawable += 1
                continue
            # Rounded to about 10 m: the same border point computed twice is one line.
            key = (round(start.lat, 4), round(start.lon, 4), reading.subject.id)
            grouped.setdefault(key, []).append((verdict, reading))
            starts.setdefault(key, (start, reading.subject))
    lines = [
        MeasuredLine(start=starts[key][0], subject=starts[key][1], claims=tuple(items))
        for key, items in grouped.items()
    ]
    return lines, undrawable


def claim_bands(report: Report) -> list[ClaimBand]:
    """Bands for verdicts about a point reference with an accepted range,
    merged when several claims accept the same range around the same place."""
    grouped: dict[tuple[str, float, float], list[Verdict]] = {}
    places: dict[tuple[str, float, float], Place] = {}
    # a claim behind an estimate of a place no gazetteer holds is drawn with
    # it, as its own range
    behind = {
        (c.doc_id, c.start, c.end)
        for estimate in report.estimates
        if estimate.known is None
        for c in (*estimate.used, *estimate.left_out)
    }
    for verdict in report.verdicts:
        reference = verdict.claim.reference
        if reference.geometry != "point" or reference.place is None:
            continue
        if (verdict.claim.doc_id, verdict.claim.start, verdict.claim.end) in behind:
            continue
        accepted = _accepted_range(verdict)
        if accepted is None:
            continue
        low, high = accepted
        key = (reference.place.id, round(low, 3), round(high, 3))
        grouped.setdefault(key, []).append(verdict)
        places.setdefault(key, reference.place)
    return [
        ClaimBand(
            centre=places[key].point,
            reference=places[key],
            low_km=key[1],
            high_km=key[2],
            verdicts=tuple(verdicts),
        )
        for key, verdicts in grouped.items()
    ]


def _accepted_range(verdict: Verdict) -> tuple[float, float] | None:
    if verdict.accepted_km is None:
        return None
    low, high = verdict.accepted_km
    if not 0 <= low <= high or high <= 0:
        return None  # a range the verifier could not settle: nothing honest to draw
    return low, high


def _measured_line(verdict: Verdict, subject: Place) -> tuple[str, str | None]:
    """The country codes of the line a border claim was measured along, in the
    verifier's order (it swaps them to measure along the subject's side)."""
    reference = verdict.claim.reference
    assert reference.place is not None
    code = reference.place.country_code
    other = reference.other_place.country_code if reference.other_place else None
    if other == subject.country_code and code != subject.country_code:
        code, other = other, code
    return code, other


def line_bands(report: Report) -> list[LineBand]:
    """Bands for verdicts about a country's border or coast with an accepted
    range, one per line and range, listing every subject measured against it."""
    grouped: dict[tuple[str, str, str | None, float, float], list[Verdict]] = {}
    subjects: dict[
        tuple[str, str, str | None, float, float], dict[str, tuple[Place, float, LatLon]]
    ] = {}
    lines: dict[tuple[str, str, str | None, float, float], tuple[Place, Place | None, str]] = {}
    for verdict in report.verdicts:
        reference = verdict.claim.reference
        if reference.geometry not in ("border", "coast") or reference.place is None:
            continue
        if reference.place.kind != "country" or not reference.place.country_code:
            continue
        accepted = _accepted_range(verdict)
        if accepted is None:
            continue
        for reading in verdict.readings:
            if reading.reference_point is None:
                continue  # not measured: the map has no line to draw along
            if reference.geometry == "coast":
                code, other = reference.place.country_code, None
            else:
                code, other = _measured_line(verdict, reading.subject)
            key = (reference.geometry, code, other, round(accepted[0], 3), round(accepted[1], 3))
            if verdict not in grouped.setdefault(key, []):
                grouped[key].append(verdict)
            subjects.setdefault(key, {}).setdefault(
                reading.subject.id,
                (reading.subject, reading.distance_km, reading.reference_point),
            )
            if key not in lines:
                places = {reference.place.country_code: reference.place}
                if reference.other_place is not None:
                    places[reference.other_place.country_code] = reference.other_place
                text = _line_text(reference.geometry, places[code], places.get(other or ""))
                lines[key] = (places[code], places.get(other or ""), text)
    return [
        LineBand(
            geometry=key[0],
            country=lines[key][0],
            neighbour=lines[key][1],
            text=lines[key][2],
            low_km=key[3],
            high_km=key[4],
            subjects=tuple(subjects[key].values()),
            verdicts=tuple(verdicts),
        )
        for key, verdicts in grouped.items()
    ]


def _line_text(geometry: str, country: Place, neighbour: Place | None) -> str:
    if geometry == "coast":
        return f"the coast of {country.name}"
    if neighbour is not None:
        return f"the {country.name}-{neighbour.name} border"
    return f"the border of {country.name}"


def focus_points(report: Report) -> list[LatLon]:
    """What the first view is about: the incident site, every measured claim's
    subjects, its point reference and the points its distances were measured
    from (a border's nearest point). The centre of a country named as an area
    is left out: it says nothing about where the incident is."""
    points: dict[tuple[float, float], LatLon] = {}

    def add(point: LatLon) -> None:
        points.setdefault((point.lat, point.lon), point)

    if report.site is not None:
        add(report.site.point)
    else:
        # no site: the places the claims put the unnamed scene stand in for it
        for estimate in report.estimates:
            add(estimate.point)
    for verdict in report.verdicts:
        reference = verdict.claim.reference
        if reference.geometry == "point" and reference.place is not None:
            add(reference.place.point)
        for reading in verdict.readings:
            add(reading.subject.point)
            start = reference_point(verdict, reading)
            if start is not None:
                add(start)
    return list(points.values())


def focus_country(report: Report) -> str | None:
    """The country the story is about: the site's, else the most mentioned one."""
    if report.site is not None and report.site.country_code:
        return report.site.country_code
    counts = Counter(
        r.place.country_code for r in report.resolutions if r.place and r.place.country_code
    )
    return counts.most_common(1)[0][0] if counts else None
