"""The incident site: the place the articles' "the plant", "the facility" or
unnamed subject refers to.

In: the resolutions of the articles (and ``--site`` when given). Out: one
:class:`~geomap.model.Place`, or None when nothing fits.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from geomap.errors import UnknownPlace
from geomap.gazetteer.normalize import name_key, spelled_alike
from geomap.gazetteer.store import Gazetteer
from geomap.geometry import rough_km
from geomap.geoparse.qualifiers import contains
from geomap.model import OWN_NAME_TYPES, Document, LatLon, Place, Resolution
from geomap.text.claimwords import SITE_NOUNS

__all__ = ["TitleName", "resolve_site", "title_name", "title_place", "title_places"]

# A site named with --site is looked for near the places the articles name.
_SITE_NEAR_KM = 500
# "the plant", "the facility": the articles speak of a facility as the scene.
_SITE_NOUN = re.compile(rf"\bthe (?:[\w-]+ )?(?:{'|'.join(sorted(SITE_NOUNS))})\b", re.IGNORECASE)
# Kinds a site (the place an incident happened) can be, most specific first.
_SITE_KINDS = ("facility", "feature", "city", "admin2")


def resolve_site(
    site: Place | LatLon | str | None,
    gazetteer: Gazetteer,
    resolutions: Sequence[Resolution],
    documents: Sequence[Document] = (),
    titles: Mapping[str, Place | None] | None = None,
) -> Place | None:
    """The incident site: as given, or the most mentioned specific place.

    When the articles speak of "the plant", "the facility", "the complex"...,
    a facility they name beats a town; otherwise (a story that only mentions
    the White House) facilities and towns rank alike. Then the place named in
    more documents, more often, first. Raises UnknownPlace for a name nothing
    matches.
    """
    if isinstance(site, Place):
        return site
    if isinstance(site, LatLon):
        return Place("site:given", "the incident site", "facility", "", site, source="user")
    if isinstance(site, str):
        key = name_key(site)
        matches = gazetteer.lookup([key]).get(key, ())
        if not matches:
            raise UnknownPlace(f"site {site!r}: no place of that name in the gazetteer")
        mentioned = {r.place.id for r in resolutions if r.place is not None}
        points = [
            r.place.point for r in resolutions if r.place is not None and r.place.kind != "country"
        ]

        def near_the_articles(place: Place) -> bool:
            return any(rough_km(place.point, point) < _SITE_NEAR_KM for point in points)

        return max(
            (m.place for m in matches),
            key=lambda p: (
                p.id in mentioned,
                near_the_articles(p),
                p.kind == "facility",
                p.population,
            ),
        )
    if titles is None:
        titles = title_places(documents, gazetteer)
    named = {titles.get(document.id) for document in documents}
    if len(named) == 1 and None not in named:
        return named.pop()  # every title names the same place: the articles' subject
    speaks_of_a_facility = any(_SITE_NOUN.search(document.text) for document in documents)
    return _infer_site(resolutions, prefer_facilities=speaks_of_a_facility)


def _infer_site(resolutions: Sequence[Resolution], *, prefer_facilities: bool) -> Place | None:
    """The most specific kind of place, then the one named in most articles,
    then most often; on a tie the one named first (news names the scene early)."""
    documents: dict[str, set[str]] = {}
    places: dict[str, Place] = {}
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for order, resolution in enumerate(resolutions):
        place = resolution.place
        if place is None or place.kind not in _SITE_KINDS or resolution.mention.role == "embedded":
            continue
        places[place.id] = place
        counts[place.id] += 1
        first_seen.setdefault(place.id, order)
        documents.setdefault(place.id, set()).add(resolution.mention.doc_id)
    if not places:
        return None

    def specificity(place: Place) -> int:
        rank = _SITE_KINDS.index(place.kind)
        if not prefer_facilities and place.kind in {"facility", "feature"}:
            # a story that names an airport or a mountain in passing is about
            # a town; the facility is the scene only when it speaks of one
            rank = len(_SITE_KINDS)
        return -rank

    return max(
        places.values(),
        key=lambda p: (
            specificity(p),
            len(documents[p.id]),
            counts[p.id],
            -first_seen[p.id],
        ),
    )


# What may stand between the names of a place title: "Alma, Wisconsin",
# "Hawera (New Zealand)", "Pont-à-Mousson – Meurthe-et-Moselle".
_TITLE_SEPARATORS = re.compile(r"[\s,;:()\[\]/–—-]*")
# A place title is read as a place phrase ("in X"), not as a headline, so
# that a village under its own name is not dropped as a capitalised word.
_TITLE_FRAME = "in "
_CONTEXT_CHARACTERS = 2_000


# "Weston, Lincolnshire", "Cortes, Bohol", "Hawera (New Zealand)": a title that
# is a name and what qualifies it, nothing else.
_PLACE_TITLE = re.compile(
    r"(?P<name>[A-ZÀ-ÖØ-Þ][\w'’.-]*(?:\s+(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|de|del|la|le|on|upon|am|an|en|sur))*)"
    r"\s*(?:,\s*[A-ZÀ-ÖØ-Þ][\w'’.\s-]*|\([^()]+\))?"
)


@dataclass(frozen=True, slots=True)
class TitleName:
    """The place name a title consists of, and the qualifier after it ("" if none)."""

    name: str
    qualifier: str = ""

    @property
    def qualified(self) -> bool:
        return bool(self.qualifier)


def title_name(title: str) -> TitleName | None:
    """The place name a title consists of, qualifier aside; None for a headline.

    >>> title_name("Weston, Lincolnshire")
    TitleName(name='Weston', qualifier='Lincolnshire')
    >>> title_name("Hawera"), title_name("Floods hit Alma")
    (TitleName(name='Hawera', qualifier=''), None)
    """
    title = title.strip()
    match = _PLACE_TITLE.fullmatch(title)
    if match is None:
        return None
    qualifier = title[match.end("name") :].strip(" ,()")
    return TitleName(match.group("name"), qualifier)


def title_places(documents: Sequence[Document], gazetteer: Gazetteer) -> dict[str, Place | None]:
    """:func:`title_place` of every document, by document id."""
    return {document.id: title_place(document, gazetteer) for document in documents}


def title_place(document: Document, gazetteer: Gazetteer) -> Place | None:
    """The place a document's title names when the title is nothing but a place.

    An encyclopaedia entry or a gazetteer-like page is titled by its subject
    ("Alma, Wisconsin"); its "It lies 7 mi NE of Alton" is about that place.
    A headline that says more than a place ("Floods hit Alma") names no
    subject this way. The first name of the title is the place; the rest
    ("Wisconsin") only qualifies it.

    >>> from geomap.gazetteer.store import MemoryGazetteer
    >>> paris = Place("t:paris", "Paris", "city", "FR", LatLon(48.85, 2.35), population=2_000_000)
    >>> gazetteer = MemoryGazetteer([paris])
    >>> title_place(Document("d", "...", title="Paris"), gazetteer).name
    'Paris'
    >>> title_place(Document("d", "...", title="Riots in Paris"), gazetteer) is None
    True
    """
    from geomap.geoparse.mentions import find_mentions
    from geomap.geoparse.resolve import resolve_mentions

    title = document.title.strip()
    if title_name(title) is None:
        return None  # a headline, not a place
    # The title is read with the start of the article, whose places help
    # choose among namesakes ("Arang" beside Mahasamund).
    framed = Document(document.id, f"{_TITLE_FRAME}{title}.\n{document.text[:_CONTEXT_CHARACTERS]}")
    title_end = len(_TITLE_FRAME) + len(title)
    resolutions = resolve_mentions(find_mentions(framed, gazetteer).kept, gazetteer)
    placed = [r for r in resolutions if r.place is not None and r.mention.end <= title_end]
    if not placed:
        return None
    position = len(_TITLE_FRAME)
    for resolution in sorted(placed, key=lambda r: r.mention.start):
        gap = framed.text[position : resolution.mention.start]
        if not _TITLE_SEPARATORS.fullmatch(gap):
            return None
        position = resolution.mention.end
    if not _TITLE_SEPARATORS.fullmatch(framed.text[position:title_end]):
        return None
    first, *qualifiers = sorted(placed, key=lambda r: r.mention.start)
    if first.mention.role != "place" or first.place is None:
        return None
    if _only_another_name(first):
        return None  # "Waterloo, Louisiana" is not Logansport, once called Waterloo
    if not all(_any_reading_qualifies(q, first.place, gazetteer) for q in qualifiers):
        return None  # "Santa Cruz, New Mexico" read as the one in California: not it
    return first.place


# A title's qualifier read as a town ("Oklahoma" as Oklahoma City, "Baleshwar"
# as its district seat) still places the subject when it is this close.
_QUALIFIER_NEAR_KM = 300


def _only_another_name(resolution: Resolution) -> bool:
    """Whether the place was chosen by one of its other names (a former name,
    an alias), not by its own."""
    chosen = next((c for c in resolution.alternatives if c.place == resolution.place), None)
    if chosen is None or chosen.name_type in OWN_NAME_TYPES or resolution.place is None:
        return False
    # "Hama" for Ḩamāh is the same name transliterated, not another name
    return not spelled_alike(name_key(resolution.mention.text), name_key(resolution.place.name))


def _any_reading_qualifies(qualifier: Resolution, place: Place, gazetteer: Gazetteer) -> bool:
    """Whether the qualifier, as chosen or as one of its other candidates,
    fits the place ("Montana" chosen as Montana City, but also the state)."""
    if qualifier.place is not None and _qualifies(qualifier.place, place, gazetteer):
        return True
    return any(contains(c.place, place, gazetteer) for c in qualifier.alternatives)


def _qualifies(qualifier: Place, place: Place, gazetteer: Gazetteer | None = None) -> bool:
    """Whether a title's qualifier fits the place it qualifies: contains it,
    or is a town of the same country nearby."""
    if contains(qualifier, place, gazetteer):
        return True
    return (
        qualifier.country_code == place.country_code
        and qualifier.kind in _SITE_KINDS
        and rough_km(qualifier.point, place.point) < _QUALIFIER_NEAR_KM
    )
