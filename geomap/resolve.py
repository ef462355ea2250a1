"""Resolution: choose the place each recognised mention refers to.

Every candidate gets a score, the sum of readable pieces of evidence:

- a prior from its kind and population (a country or a city of millions before
  a hamlet), and from how its name matched (own name before alias or misspelling);
- an explicit qualifier ("Gao, Mali"; "Ain Amenas in Illizi province");
- the document's dominant countries, and spatial coherence with the other
  places of the document (places in one article tend to be near each other);
- the kind the context asks for (a border is a country's; "the capital").

A name used several times in one document keeps one sense. The top
alternatives are kept with their scores; a name nothing fits stays unresolved
without hiding the others.

>>> from geomap.gazetteer.store import MemoryGazetteer
>>> from geomap.mentions import find_mentions
>>> from geomap.model import Document, LatLon, Place
>>> places = [
...     Place("t:gao-ml", "Gao", "city", "ML", LatLon(16.27, -0.04), population=86_000),
...     Place("t:gao-bf", "Gao", "city", "BF", LatLon(11.69, -1.93), population=26_000),
...     Place("t:bf", "Burkina Faso", "country", "BF", LatLon(12.5, -1.7), population=20_000_000),
... ]
>>> doc = Document("d", "Burkina Faso said the convoy left Gao on Monday.")
>>> gazetteer = MemoryGazetteer(places)
>>> [r.place.id for r in resolve_mentions(find_mentions(doc, gazetteer).kept, gazetteer)]
['t:bf', 't:gao-bf']
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from geomap.gazetteer.normalize import name_key
from geomap.gazetteer.store import Gazetteer
from geomap.mentions import Spotted
from geomap.model import Candidate, LatLon, Match, Place, Resolution

__all__ = ["DocumentContext", "resolve_mentions"]

_ALTERNATIVES = 5

# Population a kind stands for when its own is unknown or not comparable.
_KIND_POPULATION = {
    "continent": 5e8,
    "country": 5e6,
    "admin1": 1.5e6,
    "admin2": 1.5e5,
    "region": 5e6,
    "water": 5e6,
    "desert": 5e6,
    "feature": 2e5,
    "facility": 5e4,
    "city": 0,
}
_NAME_TYPE_PENALTY = {
    "name": 0.0,
    "abbrev": 0.0,
    "demonym": 0.0,
    "alias": 0.8,
    "variant": 0.6,
    "fuzzy": 1.0,
}
_CONTAINERS = frozenset({"country", "admin1", "admin2", "region", "continent", "desert"})


class DocumentContext:
    """What the other mentions say: which countries they are in, where they are.

    Built from a first pass over one document (or from other articles about
    the same incident). A mention's own vote never counts for itself: the
    share of a country is computed without the votes of the same name.
    """

    __slots__ = ("_by_key", "_key_totals", "_total", "_totals", "points")

    def __init__(
        self,
        votes: Iterable[tuple[str, str, float]] = (),
        points: Iterable[tuple[str, LatLon]] = (),
    ) -> None:
        """``votes``: (mention key, country code, weight); ``points``: (mention key, point)."""
        self._totals: dict[str, float] = defaultdict(float)
        self._by_key: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for key, country, weight in votes:
            self._totals[country] += weight
            self._by_key[key][country] += weight
        self._total = sum(self._totals.values())
        self._key_totals = {key: sum(c.values()) for key, c in self._by_key.items()}
        self.points = tuple(dict.fromkeys(points))  # one entry per (name, point)

    def votes(self) -> list[tuple[str, str, float]]:
        return [(key, country, w) for key, c in self._by_key.items() for country, w in c.items()]

    def share(self, country: str, *, excluding: str = "") -> float:
        """Share of the votes for ``country``, leaving out those of the name ``excluding``."""
        own = self._by_key.get(excluding)
        total = self._total - (self._key_totals.get(excluding, 0.0) if own else 0.0)
        if total <= 0:
            return 0.0
        return (self._totals.get(country, 0.0) - (own.get(country, 0.0) if own else 0.0)) / total


def resolve_mentions(
    spotted: Sequence[Spotted],
    gazetteer: Gazetteer,
    *,
    context: DocumentContext | None = None,
) -> tuple[Resolution, ...]:
    """Resolve the mentions of one document, in order.

    ``context`` adds evidence from outside the document (for example the other
    articles about the same incident); the document's own context is always used.
    """
    capitals, neighbours = _country_facts(gazetteer)
    qualifiers = _qualifier_matches(spotted)

    def score_all(context: DocumentContext | None) -> list[list[_Scored]]:
        # Mentions of one name with the same role and qualifier score alike:
        # score each such group once.
        memo: dict[tuple[str, str, tuple[str, ...]], list[_Scored]] = {}
        ranked = []
        for s in spotted:
            group = (
                name_key(s.mention.text),
                s.mention.role,
                tuple(m.place.id for m in qualifiers.get(s.mention.start, ())),
            )
            if group not in memo:
                memo[group] = _score(s, qualifiers, capitals, context, neighbours)
            ranked.append(memo[group])
        return ranked

    first = score_all(None)
    own = _context_from(spotted, first)
    second = score_all(_merge_contexts(own, context))
    second = _one_sense_per_name(spotted, second)
    resolutions = [_resolution(s, ranked) for s, ranked in zip(spotted, second, strict=True)]
    return tuple(_require_support(resolutions, qualifiers, context))


_COUNTRY_FACTS: dict[int, tuple[Mapping[str, object], set[str], dict[str, tuple[str, ...]]]] = {}


def _country_facts(gazetteer: Gazetteer) -> tuple[set[str], dict[str, tuple[str, ...]]]:
    """Capital ids and neighbours, computed once per gazetteer's country table."""
    countries = gazetteer.countries()
    cached = _COUNTRY_FACTS.get(id(gazetteer))
    if cached is None or cached[0] is not countries:
        capitals = {c.capital_id for c in countries.values() if c.capital_id}
        neighbours = {c.code: c.neighbours for c in countries.values()}
        cached = _COUNTRY_FACTS[id(gazetteer)] = (countries, capitals, neighbours)
    return cached[1], cached[2]


def context_from_resolutions(resolutions: Iterable[Resolution]) -> DocumentContext:
    """A context built from already resolved mentions (e.g. of other documents)."""
    votes = []
    points = []
    for resolution in resolutions:
        if resolution.place is None or resolution.score < 0.5:
            continue
        if resolution.place.country_code:
            votes.append(("", resolution.place.country_code, 1.0))
        if resolution.place.kind not in {"continent", "country"}:
            points.append(("", resolution.place.point))
    return DocumentContext(votes, points)


# --- scoring -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Scored:
    match: Match
    score: float
    evidence: tuple[str, ...]


def _score(
    spotted: Spotted,
    qualifiers: Mapping[int, tuple[Match, ...]],
    capitals: set[str],
    context: DocumentContext | None,
    neighbours: Mapping[str, tuple[str, ...]],
) -> list[_Scored]:
    mention = spotted.mention
    matches = _fitting_kind(spotted)
    qualifier = qualifiers.get(mention.start, ())
    key = name_key(mention.text)
    # Regions named after their city (Gao, Algiers, Illizi; Liverpool, Bolton):
    # a city inside the region of that name, or a large city of that name.
    namesakes = {
        (m.place.country_code, name_key(m.place.admin1)) for m in matches if m.place.kind == "city"
    } | {
        (m.place.country_code, key)
        for m in matches
        if m.place.kind == "city" and m.place.population >= _NAMESAKE_CITY
    }
    scored = []
    for match in matches:
        place = match.place
        evidence = []
        population = max(place.population, _KIND_POPULATION.get(place.kind, 0))
        score = math.log10(population + 10)
        if (
            place.kind in {"admin1", "admin2"}
            and (place.country_code, name_key(place.name)) in namesakes
        ):
            # A bare name shared by a region and a city of the same country
            # names the city; the region is written "Gao region", "Illizi province".
            score -= 3.0
            evidence.append("a city of the country has the same name")
        penalty = _NAME_TYPE_PENALTY.get(match.name_type, 1.0)
        if penalty and match.name_type == "alias" and _spelled_alike(key, name_key(place.name)):
            # "Sloviansk" for Slovyansk is a transliteration; for Nikopol it is
            # a former name, read far less often.
            penalty /= 2
        if penalty:
            score -= penalty
            evidence.append(f"{match.name_type} '{match.name}'")
        if place.id in capitals:
            score += 1.0
            evidence.append("national capital")
        if place.kind == "country" and match.name_type in {"name", "abbrev"}:
            # "Mexico", "Panama", "Kuwait": a country's name in the news is the country.
            score += 1.5
            evidence.append("a country's own name")
        if not place.source.startswith(("geonames", "countrystatecity", "zipcodes")):
            score += 0.5  # curated and user rows were added on purpose
        if qualifier:
            if any(_contains(q.place, place) for q in qualifier):
                score += 4.0
                evidence.append(f"inside '{qualifier[0].place.name}'")
            else:
                score -= 2.0
                evidence.append(f"not inside '{qualifier[0].place.name}'")
        if context is not None:
            score += _context_bonus(place, key, context, neighbours, evidence)
        scored.append(_Scored(match, score, tuple(evidence)))
    scored.sort(key=lambda s: (-s.score, s.match.place.id))
    return scored


_MAX_CANDIDATES = 25
_NAMESAKE_CITY = 50_000


def _spelled_alike(a: str, b: str) -> bool:
    """Two name keys that open alike ("sloviansk", "slovyansk"): spellings of one name."""
    return len(a) >= 4 and len(b) >= 4 and a[:4] == b[:4]


def _fitting_kind(spotted: Spotted) -> tuple[Match, ...]:
    """Keep the readings the mention's role allows (a border is a country's),
    and of a very common name only the most prominent places."""
    matches = spotted.matches
    if spotted.mention.role == "border":
        countries = tuple(m for m in matches if m.place.kind == "country")
        matches = countries or matches
    if len(matches) > _MAX_CANDIDATES:
        matches = tuple(
            sorted(
                matches,
                key=lambda m: -max(m.place.population, _KIND_POPULATION.get(m.place.kind, 0)),
            )[:_MAX_CANDIDATES]
        )
    return matches


def _contains(container: Place, place: Place) -> bool:
    """Whether ``container`` plausibly holds ``place`` (same country, same region)."""
    if container.kind == "country":
        return place.country_code == container.country_code and place.id != container.id
    if container.kind in {"admin1", "admin2"}:
        if place.country_code != container.country_code or place.id == container.id:
            return False
        if place.admin1 and name_key(place.admin1) == name_key(container.name):
            return True
        return _rough_km(place.point, container.point) < 300
    if container.kind in {"region", "continent", "desert"}:
        return _rough_km(place.point, container.point) < 2500
    return False


def _context_bonus(
    place: Place,
    key: str,
    context: DocumentContext,
    neighbours: Mapping[str, tuple[str, ...]],
    evidence: list[str],
) -> float:
    bonus = 0.0
    share = context.share(place.country_code, excluding=key)
    if share:
        bonus += 3.0 * share
        evidence.append(f"{place.country_code} is {share:.0%} of the article's other places")
    elif any(
        context.share(n, excluding=key) >= 0.2 for n in neighbours.get(place.country_code, ())
    ):
        bonus += 0.5
        evidence.append("neighbour of a country the article names")
    if place.kind in {"country", "continent"}:
        return bonus
    nearest = _nearest_km(place.point, key, context)
    # Local news names neighbouring places: the closer, the stronger the evidence.
    if nearest < 50:
        bonus += 2.5
    elif nearest < 100:
        bonus += 1.5
    elif nearest < 400:
        bonus += 1.0
    elif nearest < 1500:
        bonus += 0.4
    if nearest < 1500:
        evidence.append(f"{nearest:.0f} km from another place of the article")
    return bonus


def _nearest_km(point: LatLon, key: str, context: DocumentContext) -> float:
    """Distance to the nearest context point named by another mention.

    Equirectangular: within the 1,500 km this is used for, it ranks as well
    as a geodesic and costs a tenth.
    """
    best = math.inf
    lat, lon = point.lat, point.lon
    shrink = math.cos(math.radians(lat))
    for other, other_point in context.points:
        if other == key:
            continue
        dlat = (other_point.lat - lat) * 111.2
        if abs(dlat) >= best:
            continue
        dlon = ((other_point.lon - lon + 180.0) % 360.0 - 180.0) * 111.2 * shrink
        best = min(best, math.hypot(dlat, dlon))
    return best


def _qualifier_matches(spotted: Sequence[Spotted]) -> dict[int, tuple[Match, ...]]:
    """For each qualified mention (by start offset), the matches of its qualifier."""
    by_offset = {}
    for index, current in enumerate(spotted):
        qualifier = current.mention.qualifier
        if not qualifier or index + 1 >= len(spotted):
            continue
        following = spotted[index + 1]
        containers = tuple(m for m in following.matches if m.place.kind in _CONTAINERS)
        if containers:
            by_offset[current.mention.start] = containers
    return by_offset


# --- context ----------------------------------------------------------------------------


def _context_from(spotted: Sequence[Spotted], ranked: Sequence[list[_Scored]]) -> DocumentContext:
    """Countries and points of the first pass's confident choices."""
    votes = []
    points = []
    for s, candidates in zip(spotted, ranked, strict=True):
        if not candidates or s.mention.role == "embedded":
            continue
        confidence = _confidence(candidates)
        if confidence < 0.5:
            continue
        place = candidates[0].match.place
        key = name_key(s.mention.text)
        if place.country_code:
            votes.append((key, place.country_code, confidence))
        if place.kind not in {"country", "continent"}:
            points.append((key, place.point))
    return DocumentContext(votes, points)


def _merge_contexts(own: DocumentContext, outside: DocumentContext | None) -> DocumentContext:
    """The document's own votes, with other articles' at half weight in total."""
    if outside is None:
        return own
    own_votes, outside_votes = own.votes(), outside.votes()
    own_total = sum(w for _, _, w in own_votes) or 1.0
    outside_total = sum(w for _, _, w in outside_votes) or 1.0
    scale = 0.5 * own_total / outside_total
    return DocumentContext(
        own_votes + [(key, code, w * scale) for key, code, w in outside_votes],
        own.points + outside.points,
    )


# --- choice -----------------------------------------------------------------------------


def _one_sense_per_name(
    spotted: Sequence[Spotted], ranked: list[list[_Scored]]
) -> list[list[_Scored]]:
    """Give every mention of one name in a document the sense its mentions
    support best together (a qualified "Gao, Mali" decides a later "Gao")."""
    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for s, candidates in zip(spotted, ranked, strict=True):
        if candidates and s.mention.role != "demonym":
            key = name_key(s.mention.text)
            best = candidates[0].score
            for c in candidates:
                totals[key][c.match.place.id] += math.exp(c.score - best)
    result = []
    for s, candidates in zip(spotted, ranked, strict=True):
        key = name_key(s.mention.text)
        if candidates and key in totals:
            weights = totals[key]
            candidates = sorted(candidates, key=lambda c: (-weights[c.match.place.id], -c.score))
        result.append(candidates)
    return result


def _confidence(ranked: Sequence[_Scored]) -> float:
    """Share of the top candidate in a softmax over the candidates' scores."""
    if not ranked:
        return 0.0
    best = max(c.score for c in ranked)
    weights = [math.exp(c.score - best) for c in ranked]
    return math.exp(ranked[0].score - best) / sum(weights)


def _resolution(spotted: Spotted, ranked: list[_Scored]) -> Resolution:
    mention = spotted.mention
    if not ranked:
        return Resolution(mention, None, 0.0, (), (*mention.reasons, "no candidate fits"))
    confidence = _confidence(ranked)
    best = max(c.score for c in ranked)
    total = sum(math.exp(c.score - best) for c in ranked)
    alternatives = tuple(
        Candidate(c.match.place, round(math.exp(c.score - best) / total, 4), c.evidence)
        for c in ranked[:_ALTERNATIVES]
    )
    chosen = ranked[0]
    return Resolution(
        mention=mention,
        place=chosen.match.place,
        score=round(confidence, 4),
        alternatives=alternatives,
        reasons=(*mention.reasons, *chosen.evidence),
    )


# A small place named once, alone, with nothing else in the text near it or in
# its country, is more often a person or a word than the hamlet: it needs support.
_SMALL_PLACE = 20_000
_TINY_PLACE = 2_000
_WELL_KNOWN = 500_000
_SUPPORT_KM = 500
_NEIGHBOUR_KM = 100


def _require_support(
    resolutions: list[Resolution],
    qualifiers: Mapping[int, tuple[Match, ...]],
    outside: DocumentContext | None,
) -> list[Resolution]:
    chosen = [r for r in resolutions if r.place is not None]
    result = []
    for resolution in resolutions:
        place = resolution.place
        if place is None or not _needs_support(resolution, qualifiers):
            result.append(resolution)
            continue
        key = name_key(resolution.mention.text)
        # Support comes from places that need none themselves: two unknown
        # hamlets ("El Niño", "La Niña") do not vouch for each other. The tiniest
        # places need a neighbour, not just a mention of their country.
        tiny = place.population < _TINY_PLACE
        supported = any(
            other.place is not None
            and name_key(other.mention.text) != key
            and _supports(other, place, tiny, needs=_needs_support(other, qualifiers))
            for other in chosen
        ) or (not tiny and outside is not None and outside.share(place.country_code) > 0)
        if supported:
            result.append(resolution)
        else:
            result.append(
                Resolution(
                    resolution.mention,
                    None,
                    0.0,
                    resolution.alternatives,
                    (
                        *resolution.reasons,
                        f"dropped: {place.name} ({place.country_code}) is small and nothing else "
                        "in the text is in its country or near it",
                    ),
                )
            )
    return result


def _supports(other: Resolution, place: Place, tiny: bool, *, needs: bool) -> bool:
    """Whether another resolved mention vouches for ``place``.

    A place that needs support itself vouches only as a close neighbour (two
    villages 30 km apart); two far-apart unknowns ("El Niño", "La Niña") do not.
    """
    assert other.place is not None
    distance = _rough_km(other.place.point, place.point)
    if needs:
        return distance < _NEIGHBOUR_KM
    same_country = other.place.country_code == place.country_code
    return (not tiny and same_country) or distance < _SUPPORT_KM


def _needs_support(resolution: Resolution, qualifiers: Mapping[int, tuple[Match, ...]]) -> bool:
    place = resolution.place
    assert place is not None
    if resolution.mention.role == "demonym":
        return False
    qualifier = qualifiers.get(resolution.mention.start)
    if qualifier and any(_contains(q.place, place) for q in qualifier):
        return False  # "Gao, Mali": the article places it itself
    if not place.source.startswith(("geonames", "countrystatecity", "zipcodes")):
        return False  # curated and user places were added on purpose
    if resolution.mention.role == "embedded" and place.kind not in {
        "country",
        "continent",
        "admin1",
    }:
        # "Mary Fallin", "Honolulu Star-Advertiser": the article must back a
        # smaller place heading a name; a city of half a million stands alone.
        return place.population < _WELL_KNOWN
    if place.kind in {"city", "feature"} and place.population < _SMALL_PLACE:
        return True
    if place.kind == "admin1":
        # A region name several countries use ("Centre", "Central") with
        # nothing to choose between them is more likely a common noun.
        rivals = [
            c
            for c in resolution.alternatives[1:]
            if c.place.kind == "admin1" and c.place.country_code != place.country_code
        ]
        return any(c.score > 0.3 * resolution.alternatives[0].score for c in rivals)
    return False


def _rough_km(a: LatLon, b: LatLon) -> float:
    """Haversine distance on a sphere: enough to rank candidates by nearness."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
