"""What the estimates say of other claims.

A claim the estimate of its subject leaves out is called inconsistent when
the others pin the place down and its figure fits no point of their region
(:func:`judge_left_out`). A claim measured from an origin the text leaves
unnamed, or from a place only other claims locate, is checked from the
estimate (:func:`judge_from_the_estimate`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from geomap.gazetteer.normalize import name_key
from geomap.locate.estimate import DETERMINER, INCIDENT_SITE
from geomap.locate.regions import claim_region, distance_span_km, shortest_km
from geomap.model import Claim, Estimate, Finding, FindingKind, Verdict

__all__ = [
    "disagreements",
    "judge_from_the_estimate",
    "judge_left_out",
    "say_what_they_place",
]


def judge_left_out(
    verdicts: Sequence[Verdict], estimates: Sequence[Estimate]
) -> tuple[Verdict, ...]:
    """The verdicts, with each claim an estimate left out called inconsistent
    when the claims it used pin the place down: "a first report put the
    epicentre 300 km from Malatya", where two others place it 60 km away."""
    from pyproj import Geod

    against = {
        (claim.doc_id, claim.start, claim.end): estimate
        for estimate in estimates
        if estimate.pinned
        for claim in estimate.left_out
    }
    if not against:
        return tuple(verdicts)
    geod = Geod(ellps="WGS84")
    judged = []
    for verdict in verdicts:
        claim = verdict.claim
        estimate = against.get((claim.doc_id, claim.start, claim.end))
        reference = claim.reference.place
        if (
            estimate is None
            or reference is None
            or verdict.status != "unverifiable"
            or not _misses_the_whole_region(claim, estimate)
        ):
            judged.append(verdict)
            continue
        _, _, metres = geod.inv(
            reference.point.lon, reference.point.lat, estimate.point.lon, estimate.point.lat
        )
        where = f"{estimate.point.lat:.3f}, {estimate.point.lon:.3f}"
        explanation = (
            f"{verdict.explanation.split(', but ')[0]}. The other claims put {estimate.subject} "
            f"at {where} (within {estimate.radius_km:g} km), {metres / 1000:,.0f} km from "
            f"{reference.name}: this claim disagrees with them."
        )
        judged.append(replace(verdict, status="inconsistent", explanation=explanation))
    return tuple(judged)


def _misses_the_whole_region(claim: Claim, estimate: Estimate) -> bool:
    """Whether the claim's figure fits no point of the estimated region: its
    distances from the reference, nearest to farthest, all fall outside the
    range the claim allows (the road band included). A claim that fits some
    corner of a wide region is not called false."""
    region = claim_region(claim)
    reference = claim.reference.place
    if region is None or reference is None or claim.quantity is None:
        return False
    points = [p for ring in estimate.region for p in ring]
    if not points:
        return False
    nearest, farthest = distance_span_km(reference.point, points)
    return farthest < region.nearest_km or nearest > region.farthest_km


def judge_from_the_estimate(
    verdicts: Sequence[Verdict], estimates: Sequence[Estimate]
) -> tuple[Verdict, ...]:
    """Claims measured from an origin the text leaves unnamed ("tremors were
    felt in Rabat, 350 km to the north") or from a place only other claims
    locate ("12 km east of Halls Gap"), checked from the estimate: consistent
    when the figure fits some point of its region, inconsistent when it fits
    none."""
    by_name = {name_key(e.subject): e for e in estimates if e.region and e.used}
    if not by_name:
        return tuple(verdicts)
    return tuple(_from_the_estimate(verdict, by_name) for verdict in verdicts)


def _estimate_measured_from(claim: Claim, by_name: dict[str, Estimate]) -> Estimate | None:
    """The estimate a claim measures from: the incident site for an origin the
    text leaves unnamed, or the estimated place a reference names ("12 km
    east of Halls Gap", Halls Gap being placed by other claims)."""
    reference = claim.reference
    if reference.place is not None:
        return None
    if not reference.text:
        return by_name.get(INCIDENT_SITE)
    return by_name.get(name_key(DETERMINER.sub("", reference.text)))


def _from_the_estimate(verdict: Verdict, by_name: dict[str, Estimate]) -> Verdict:
    claim = verdict.claim
    site = _estimate_measured_from(claim, by_name)
    if site is None or verdict.status != "unverifiable" or len(claim.subjects) != 1:
        return verdict
    if claim in site.used:
        return verdict
    if claim.quantity is None or verdict.accepted_km is None:
        return verdict
    subject = claim.subjects[0]
    points = [site.point, *(p for ring in site.region for p in ring)]
    nearest, farthest = distance_span_km(subject.point, points)
    low = shortest_km(verdict.accepted_km[0], claim.quantity)
    high = verdict.accepted_km[1]
    fits = not (farthest < low or nearest > high)
    where = f"{site.point.lat:.3f}, {site.point.lon:.3f} (within {site.radius_km:g} km)"
    stated = verdict.explanation.split(", but ")[0].replace("an unnamed place", site.subject)
    explanation = (
        f"{stated}, which other claims put at {where}. {subject.name} is "
        f"{nearest:,.0f}-{farthest:,.0f} km from that region: "
        + ("the figure fits." if fits else "the figure fits no point of it.")
    )
    return replace(
        verdict, status="consistent" if fits else "inconsistent", explanation=explanation
    )


def say_what_they_place(
    verdicts: Sequence[Verdict], estimates: Sequence[Estimate]
) -> tuple[Verdict, ...]:
    """Claims about a place no gazetteer holds that an estimate rests on say
    so: still unverifiable (nothing to measure them against), but they agree
    with the other claims and place it ("... the epicentre could not be
    located" becomes "... with the other claims it places the epicentre at
    ...")."""
    resting = {
        (claim.doc_id, claim.start, claim.end): estimate
        for estimate in estimates
        if estimate.known is None
        for claim in estimate.used
    }
    said = []
    for verdict in verdicts:
        claim = verdict.claim
        estimate = resting.get((claim.doc_id, claim.start, claim.end))
        if estimate is None or verdict.status != "unverifiable" or claim.subjects:
            said.append(verdict)
            continue
        where = (
            f"{estimate.point.lat:.3f}, {estimate.point.lon:.3f} (within {estimate.radius_km:g} km)"
        )
        others = len(estimate.used) - 1
        together = f"with {others} other claim{'s' if others != 1 else ''} it" if others else "it"
        what = _as_written(claim) or estimate.subject
        explanation = (
            f"{verdict.explanation.split(', but ')[0]}; {what} is in no gazetteer: "
            f"{together} places it at {where}."
        )
        said.append(replace(verdict, explanation=explanation))
    return tuple(said)


def _as_written(claim: Claim) -> str:
    """ "the epicentre" as the text calls the subject, mid-sentence."""
    text = claim.subject_text.split(" / ")[0].strip()
    return DETERMINER.sub(lambda m: m.group().lower(), text)


def disagreements(estimates: Sequence[Estimate]) -> tuple[Finding, ...]:
    """One finding per claim an estimate left out because the others pin the
    place down and its figure fits no point of their region, naming the
    articles on each side: what a fact-checker follows up."""
    findings = []
    for estimate in estimates:
        if not estimate.pinned or estimate.known is not None:
            continue  # a place the gazetteer holds: the verdicts measured its claims
        for claim in estimate.left_out:
            if not _misses_the_whole_region(claim, estimate):
                continue
            articles = ", ".join(dict.fromkeys(c.doc_id for c in estimate.used))
            others = len(estimate.used)
            where = f"{estimate.point.lat:.3f}, {estimate.point.lon:.3f}, within {estimate.radius_km:g} km"
            explanation = (
                f"'{claim.text}' ({claim.doc_id}) disagrees with where {others} other "
                f"claim{'s' if others != 1 else ''} ({articles}) put {estimate.subject} "
                f"({where}): its figure fits no point of their region."
            )
            findings.append(Finding(FindingKind.DISAGREEMENT, explanation, (claim, *estimate.used)))
    return tuple(findings)
