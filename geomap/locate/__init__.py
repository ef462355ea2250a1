"""Stage 5, locating: checked claims in, estimated places out.

In: the :class:`geomap.model.Claim` objects of a report whose subject no
gazetteer holds (the incident site, "the epicentre", a village the gazetteer
lacks). Out: :class:`geomap.model.Estimate`, one per such subject: the region
where the claims about it all hold, the most likely point in it and the
radius that covers the region; claims that disagree with the rest are left
out and named, and called inconsistent where the others pin the place down.

- :mod:`~geomap.locate.regions`: each claim as a region on the ellipsoid (a
  ring of the accepted distances around its reference, cut to a sector by a
  compass point; a strip along the border, coast, river or shore it names);
- :mod:`~geomap.locate.estimate`: the regions combined (never two claims the
  check calls contradictory; more articles outweigh one), bounded by the
  areas the text puts the subject in, the point and its uncertainty; a known
  place for the subject set against the estimate;
- :mod:`~geomap.locate.judge`: what the estimates say of other claims (one
  left out, one measured from an unnamed origin, the claims an estimate rests
  on) and the disagreement findings.
"""

from __future__ import annotations

from geomap.locate.estimate import (
    compare_with_known,
    estimate_subjects,
    locate_claims,
    scene_estimate,
)
from geomap.locate.judge import (
    disagreements,
    judge_from_the_estimate,
    judge_left_out,
    say_what_they_place,
)

__all__ = [
    "compare_with_known",
    "disagreements",
    "estimate_subjects",
    "judge_from_the_estimate",
    "judge_left_out",
    "locate_claims",
    "say_what_they_place",
    "scene_estimate",
]
