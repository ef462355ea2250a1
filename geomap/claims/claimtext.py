"""The text the claim readers work on: a document with its resolved place
mentions indexed by offset, the incident site, and the capitals of the
countries it names (for "the capital").
"""

from __future__ import annotations

import bisect
import functools
from collections import Counter
from collections.abc import Mapping, Sequence

from geomap.gazetteer.normalize import name_key
from geomap.geoparse.site import title_name
from geomap.model import Document, Place, Resolution

__all__ = ["ClaimText"]


class ClaimText:
    """A document's text with its resolutions, indexed for span queries."""

    def __init__(
        self,
        document: Document,
        resolutions: Sequence[Resolution],
        site: Place | None,
        capitals: Mapping[str, Place] | None = None,
    ):
        self.document = document
        self.text = document.text
        self.site = site
        self.capitals = capitals or {}  # country code -> its capital, for "the capital"
        # where the last claim put something: "further north" goes on from there
        self.last_located: Place | None = None
        # what the claims of the current sentence placed: items of a list
        # ("New Plymouth is 39 km north, Inglewood 21 km north") are no origin
        self.located_in_sentence: set[Place] = set()
        # the article's title names the site ("Alma, Wisconsin"): "the town" is it
        title = title_name(document.title)
        self.site_is_titled = (
            site is not None and title is not None and name_key(title.name) == name_key(site.name)
        )
        own = [r for r in resolutions if r.mention.doc_id == document.id]
        self.resolutions = sorted(own, key=lambda r: (r.mention.start, r.mention.end))
        self.starts = [r.mention.start for r in self.resolutions]

    @functools.cached_property
    def most_named_country(self) -> str:
        """The country code the document's places name most (the first to
        reach the top count), or "" when they name none; counted once."""
        votes = Counter(
            r.place.country_code
            for r in self.resolutions
            if r.place is not None and r.place.country_code
        )
        return next((code for code, _ in votes.most_common(1)), "")

    def inside(self, start: int, end: int) -> list[Resolution]:
        """Resolutions whose mention lies within ``start..end``."""
        first = bisect.bisect_left(self.starts, start)
        last = bisect.bisect_left(self.starts, end)
        return [r for r in self.resolutions[first:last] if r.mention.end <= end]

    def covering(self, position: int) -> Resolution | None:
        """The resolution whose mention contains ``position`` (not at its start)."""
        index = bisect.bisect_left(self.starts, position) - 1
        if index >= 0:
            resolution = self.resolutions[index]
            if resolution.mention.start < position < resolution.mention.end:
                return resolution
        return None
