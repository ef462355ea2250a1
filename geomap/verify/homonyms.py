"""Claims as evidence for resolution: reread a homonym a claim does not fit.

"Brighton is 100 km west of Kingston": with Kingston, Jamaica the claim is
thousands of kilometres off; with Kingston, Ontario it holds. A stated
distance and direction are evidence about which places are meant, so when a
claim fails as resolved, the runner-up candidates of its subject and
reference are tried; if a pair of them makes the claim hold, that reading is
taken (and said), and the article's mentions of those names follow it.

A confident resolution is never reread, so a false claim about well-known
places stays false.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from geomap.gazetteer.normalize import name_key
from geomap.gazetteer.store import Gazetteer
from geomap.geometry import nearest_rough_km
from geomap.model import (
    OWN_NAME_TYPES,
    Candidate,
    LatLon,
    Place,
    PlaceKind,
    Resolution,
    Verdict,
)
from geomap.text.claimwords import AREA_KINDS
from geomap.verify.verdicts import verify_claim

__all__ = ["reread_homonyms"]

# A resolution this confident is not reread; a candidate this unlikely is not tried.
_CONFIDENT = 0.95
_MIN_CANDIDATE = 0.01
_TRIED = 4
# Every namesake is tried, ranked below the scored candidates.
_NAMESAKES = 60
_NAMESAKE_SCORE = 0.001


def reread_homonyms(
    verdicts: Sequence[Verdict],
    resolutions: Sequence[Resolution],
    gazetteer: Gazetteer,
    *,
    backed: Sequence[Place] = (),
) -> tuple[tuple[Verdict, ...], tuple[Resolution, ...]]:
    """The verdicts, with failing claims reread through other candidates of
    their places where that makes them hold, and the resolutions updated to match.

    Places in ``backed`` (places the article itself vouches for, such as the
    place its title names) are never reread, like confident ones, and a
    namesake is taken only if it lies no farther from the article's other
    places than the place it replaces."""
    by_span = {(r.mention.doc_id, r.mention.start, r.mention.end): r for r in resolutions}
    by_doc: dict[str, list[Resolution]] = {}
    for resolution in resolutions:
        by_doc.setdefault(resolution.mention.doc_id, []).append(resolution)
    backed_points = _points_array([place.point for place in backed])
    reread: dict[tuple[str, str, str], Candidate] = {}  # (doc, name key, old id) -> new
    result = list(verdicts)
    moved: dict[tuple[str, str], Place] = {}
    for index, verdict in enumerate(verdicts):
        if _changed_by(verdict, moved):
            continue  # already reread through another claim about its places
        own = by_doc.get(verdict.claim.doc_id, [])
        better = _reread(verdict, own, by_span, gazetteer, backed, backed_points)
        if better is None:
            continue
        new_verdict, changes = better
        others = _follow(result, index, changes, gazetteer)
        if others is None:
            continue  # the reading breaks another claim of the article that held
        result = others
        result[index] = new_verdict
        reread.update(changes)
        moved = _moved(reread)
    if not reread:
        return tuple(verdicts), tuple(resolutions)
    result = [_followed(v, moved, gazetteer) if _changed_by(v, moved) else v for v in result]
    updated = []
    for resolution in resolutions:
        place = resolution.place
        key = (
            resolution.mention.doc_id,
            name_key(resolution.mention.text),
            place.id if place else "",
        )
        choice = reread.get(key)
        if choice is None:
            updated.append(resolution)
        else:
            updated.append(
                replace(
                    resolution,
                    place=choice.place,
                    score=choice.score,
                    reasons=(
                        *resolution.reasons,
                        "a distance claim in the article fits this reading",
                    ),
                )
            )
    return tuple(result), tuple(updated)


_Changes = dict[tuple[str, str, str], Candidate]
_HOLDS = frozenset({"consistent", "road-distance-plausible", "ambiguous"})


def _moved(changes: _Changes) -> dict[tuple[str, str], Place]:
    """(doc, old place id) -> the new place, whatever name the claim uses."""
    return {(doc, old): choice.place for (doc, _, old), choice in changes.items()}


def _changed_by(verdict: Verdict, moved: Mapping[tuple[str, str], Place]) -> bool:
    claim = verdict.claim
    places = [claim.reference.place, *claim.subjects]
    return any(p is not None and (claim.doc_id, p.id) in moved for p in places)


def _follow(
    verdicts: list[Verdict], index: int, changes: _Changes, gazetteer: Gazetteer
) -> list[Verdict] | None:
    """The article's other verdicts read with ``changes``; None when one that
    held would fail so: one reading must fit all the article says."""
    moved = _moved(changes)
    doc = verdicts[index].claim.doc_id  # changes are within one article
    followed = list(verdicts)
    for other, verdict in enumerate(verdicts):
        if other == index or verdict.claim.doc_id != doc or not _changed_by(verdict, moved):
            continue
        again = _followed(verdict, moved, gazetteer)
        if verdict.status in _HOLDS and again.status not in _HOLDS:
            return None
        followed[other] = again
    return followed


def _followed(
    verdict: Verdict, moved: Mapping[tuple[str, str], Place], gazetteer: Gazetteer
) -> Verdict:
    claim = verdict.claim

    def new(place: Place) -> Place:
        return moved.get((claim.doc_id, place.id), place)

    old = claim.reference.place
    reference = replace(claim.reference, place=new(old) if old is not None else None)
    subjects = tuple(new(place) for place in claim.subjects)
    return verify_claim(replace(claim, reference=reference, subjects=subjects), gazetteer)


def _reread(
    verdict: Verdict,
    resolutions: Sequence[Resolution],
    by_span: dict[tuple[str, int, int], Resolution],
    gazetteer: Gazetteer,
    backed: Sequence[Place],
    backed_points: Any,
) -> tuple[Verdict, dict[tuple[str, str, str], Candidate]] | None:
    """``resolutions``: the claim's article's own."""
    claim = verdict.claim
    reference = claim.reference
    if verdict.status not in {"inconsistent", "unverifiable"}:
        return None
    if reference.place is None or reference.geometry != "point" or len(claim.subjects) != 1:
        return None
    if len(claim.subject_spans) != 1:
        return None
    reference_resolution = _resolution_in(
        resolutions, claim.doc_id, reference.start, reference.end, reference.place
    )
    subject_resolution = by_span.get((claim.doc_id, *claim.subject_spans[0]))
    if reference_resolution is None or subject_resolution is None:
        return None
    vouched = frozenset(place.id for place in backed)
    reference_options = _options(reference_resolution, gazetteer, vouched)
    subject_options = _options(subject_resolution, gazetteer, vouched)
    if len(reference_options) == 1 and len(subject_options) == 1:
        return None
    # The likely candidates in pairs; every namesake of one with the other as read.
    pairs = [
        *((r, s) for r in reference_options[:_TRIED] for s in subject_options[:_TRIED]),
        *((r, subject_options[0]) for r in reference_options[_TRIED:]),
        *((reference_options[0], s) for s in subject_options[_TRIED:]),
    ]
    anchors = _anchors(resolutions, claim.doc_id, (reference_resolution, subject_resolution))
    no_farther = _NoFarther(_points_array(anchors), backed_points)
    best: tuple[float, Verdict, Candidate, Candidate] | None = None
    for reference_choice, subject_choice in pairs:
        if reference_choice.place.id == subject_choice.place.id:
            continue
        if (reference_choice.place, subject_choice.place) == (reference.place, claim.subjects[0]):
            continue
        if not (
            no_farther(reference.place, reference_choice.place)
            and no_farther(claim.subjects[0], subject_choice.place)
        ):
            continue  # a namesake away from the article's other places: not evidence
        trial = replace(
            claim,
            reference=replace(reference, place=reference_choice.place),
            subjects=(subject_choice.place,),
        )
        checked = verify_claim(trial, gazetteer)
        if checked.status != "consistent":
            continue
        weight = reference_choice.score * subject_choice.score
        if best is None or weight > best[0]:
            best = (weight, checked, reference_choice, subject_choice)
    if best is None:
        return None
    _, checked, reference_choice, subject_choice = best
    note = _note(reference.place, reference_choice.place) + _note(
        claim.subjects[0], subject_choice.place
    )
    explained = replace(
        checked, explanation=f"{checked.explanation} (Read {note.strip('; ')}: the claim fits it.)"
    )
    changes = {}
    for resolution, choice in (
        (reference_resolution, reference_choice),
        (subject_resolution, subject_choice),
    ):
        old = resolution.place
        if old is not None and old.id != choice.place.id:
            changes[(claim.doc_id, name_key(resolution.mention.text), old.id)] = choice
    return explained, changes


def _options(
    resolution: Resolution, gazetteer: Gazetteer, backed: frozenset[str] = frozenset()
) -> list[Candidate]:
    """The chosen place and, unless it is confident, the other places of that
    name: the likely runners-up first, then every namesake the gazetteer has
    (a village called Newport 18 km from the town the claim names is evidence
    enough)."""
    chosen = resolution.place
    assert chosen is not None
    first = Candidate(chosen, resolution.score)
    if resolution.score >= _CONFIDENT or chosen.id in backed:
        return [first]
    options = {chosen.id: first}
    for candidate in resolution.alternatives:
        if candidate.score >= _MIN_CANDIDATE:
            options.setdefault(candidate.place.id, candidate)
    key = name_key(resolution.mention.text)
    for match in gazetteer.lookup([key]).get(key, ())[:_NAMESAKES]:
        # namesakes are places called so, not places once called so (Logansport
        # was Waterloo): an old name fits a failing claim by chance
        if match.name_type in OWN_NAME_TYPES:
            options.setdefault(match.place.id, Candidate(match.place, _NAMESAKE_SCORE))
    return list(options.values())


def _anchors(
    resolutions: Sequence[Resolution], doc_id: str, reread: Sequence[Resolution]
) -> list[LatLon]:
    """Where the article's other places are: the points a reread must not leave."""
    keys = {name_key(r.mention.text) for r in reread}
    return [
        r.place.point
        for r in resolutions
        if r.mention.doc_id == doc_id
        and r.place is not None
        and (r.place.kind not in AREA_KINDS or r.place.kind == PlaceKind.ADMIN2)
        and name_key(r.mention.text) not in keys
    ]


class _NoFarther:
    """Whether ``new`` lies no farther from the article's places than ``old``:
    a misread namesake is far from them ("Kingston" in Jamaica, in a story
    about Ontario), while a wrong figure leaves the place where it is. The
    anchors are the article's places and the places titles vouch for (one per
    article of an incident: thousands), as (lat, lon) arrays; each place's
    distance to them is computed once."""

    def __init__(self, *anchor_arrays: Any) -> None:
        import numpy as np

        self._anchors = np.concatenate(anchor_arrays) if anchor_arrays else np.empty((0, 2))
        self._nearest: dict[str, float] = {}

    def __call__(self, old: Place, new: Place) -> bool:
        if old.id == new.id or not len(self._anchors):
            return True
        return self._nearest_km(new) <= self._nearest_km(old)

    def _nearest_km(self, place: Place) -> float:
        if place.id not in self._nearest:
            self._nearest[place.id] = nearest_rough_km(place.point, self._anchors)
        return self._nearest[place.id]


def _points_array(points: Sequence[LatLon]) -> Any:
    import numpy as np

    return np.array([(p.lat, p.lon) for p in dict.fromkeys(points)], dtype=float).reshape(-1, 2)


def _resolution_in(
    resolutions: Sequence[Resolution], doc_id: str, start: int, end: int, place: Place
) -> Resolution | None:
    for resolution in resolutions:
        mention = resolution.mention
        inside = mention.doc_id == doc_id and start <= mention.start and mention.end <= end
        if inside and resolution.place is not None and resolution.place.id == place.id:
            return resolution
    return None


def _note(old: Place, new: Place) -> str:
    if old.id == new.id:
        return ""
    where = ", ".join(part for part in (new.admin1, new.country_code) if part)
    return f"{new.name} as the one in {where}; "
