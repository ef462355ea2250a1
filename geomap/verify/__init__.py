"""Stage 4, verification: claims in, verdicts and findings out.

In: :class:`geomap.model.Claim` (stage 3), the incident site and a
gazetteer (for borders and coasts as real lines). Out:
:class:`geomap.model.Verdict` per claim (status, measured distance and
bearing per reading, a one-line explanation) and
:class:`geomap.model.Finding` for claims that contradict each other.

- :mod:`~geomap.verify.verdicts`: the tolerance model (how a stated figure
  is read), the measurement and the verdict;
- :mod:`~geomap.verify.homonyms`: a claim as evidence about which places are
  meant (a failing claim rereads its places' namesakes).
"""

from __future__ import annotations

from geomap.verify.homonyms import reread_homonyms
from geomap.verify.verdicts import accepted_range_km, find_contradictions, verify_claims

__all__ = ["accepted_range_km", "find_contradictions", "reread_homonyms", "verify_claims"]
