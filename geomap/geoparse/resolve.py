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
without hiding the others. This module scores and chooses; the document's
context is built in :mod:`geomap.geoparse.context`, qualifiers are read in
:mod:`geomap.geoparse.qualifiers`, and :mod:`geomap.geoparse.support` drops small places the
rest of the text does not back.

>>> from geomap.gazetteer.store import MemoryGazetteer
>>> from geomap.geoparse.mentions import find_mentions
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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from geomap.gazetteer.normalize import name_key, spelled_alike
from geomap.gazetteer.store import Gazetteer
from geomap.geoparse.context import (
    DocumentContext,
    context_from_choices,
    context_from_resolutions,
    merge_contexts,
    mutual_neighbours,
)
from geomap.geoparse.counties import towns_in_named_counties
from geomap.geoparse.locality import (
    HomeSighting,
    in_locality,
    infer_locality,
    locality_bonus,
    named_like_a_local_town,
)
from geomap.geoparse.mentions import Spotted
from geomap.geoparse.qualifiers import Containment, containment, qualifier_matches
from geomap.geoparse.support import require_support
from geomap.model import (
    AREA_KINDS,
    OWN_NAME_TYPES,
    Candidate,
    Locality,
    Match,
    Place,
    Resolution,
)

# DocumentContext and context_from_resolutions live in geomap.geoparse.context; they are
# exported here too because callers build a context to pass to resolve_mentions.
__all__ = ["DocumentContext", "context_from_resolutions", "resolve_mentions"]

#: The evidence a candidate gets when the text's qualifier rules it out.
NOT_INSIDE = "not inside"
_INSIDE = "inside"

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


def resolve_mentions(
    spotted: Sequence[Spotted],
    gazetteer: Gazetteer,
    *,
    context: DocumentContext | None = None,
    locality: Locality | None = None,
    dateline_at: int | None = None,
) -> tuple[Resolution, ...]:
    """Resolve the mentions of one document, in order.

    ``context`` adds evidence from outside the document (for example the other
    articles about the same incident); the document's own context is always used.
    ``locality`` is the article's home as its newsroom gives it; without one,
    the home is inferred from the text (``dateline_at``: where the dateline's
    place starts, see :func:`~geomap.geoparse.locality.dateline_start`).
    """
    capitals, neighbours = _country_facts(gazetteer)
    qualifiers = qualifier_matches(spotted)
    clustered = _clustered(spotted)
    paired = towns_in_named_counties(spotted)

    # Mentions of one name with the same role and qualifier score alike:
    # score each such group once; what does not depend on the context is
    # scored once for both passes.
    bases: dict[tuple[str, str, tuple[str, ...]], _Base] = {}

    def score_all(
        context: DocumentContext | None, locality: Locality | None
    ) -> list[list[_Scored]]:
        memo: dict[tuple[str, str, tuple[str, ...]], list[_Scored]] = {}
        ranked = []
        for s in spotted:
            group = (
                name_key(s.mention.text),
                s.mention.role,
                tuple(m.place.id for m in qualifiers.get(s.mention.start, ())),
            )
            if group not in memo:
                if group not in bases:
                    bases[group] = _context_free(s, qualifiers, capitals, gazetteer, clustered)
                memo[group] = _score(bases[group], context, neighbours, locality, paired)
            ranked.append(memo[group])
        return ranked

    first = score_all(None, locality)
    own = _first_pass_context(spotted, first)
    if locality is None:
        locality = infer_locality(_home_sightings(spotted, first, qualifiers, dateline_at))
    second = score_all(merge_contexts(own, context), locality)
    second = _one_sense_per_name(spotted, second)
    resolutions = [
        _inside_its_qualifier(_resolution(s, ranked))
        for s, ranked in zip(spotted, second, strict=True)
    ]
    return tuple(require_support(resolutions, qualifiers, context, locality))


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


# --- scoring -------------------------------------------------------------------------


class _Scored(NamedTuple):
    """A candidate with its score and the evidence that adds up to it (a
    named tuple: thousands are made per article, and only inside this module)."""

    match: Match
    score: float
    evidence: tuple[str, ...]
    #: the part of ``score`` the article's locality gave
    local: float = 0.0


@dataclass(frozen=True, slots=True)
class _Base:
    """What a mention's candidates are worth whatever the context: the
    candidates the mention's role allows, each one's score and evidence
    before the context, and the bonus (and evidence) of its namesake cluster."""

    key: str
    matches: tuple[Match, ...]
    scores: tuple[float, ...]
    evidence: tuple[tuple[str, ...], ...]
    clusters: tuple[tuple[float, tuple[str, ...]], ...] | None


def _context_free(
    spotted: Spotted,
    qualifiers: Mapping[int, tuple[Match, ...]],
    capitals: set[str],
    gazetteer: Gazetteer | None = None,
    clustered: Mapping[str, int] | None = None,
) -> _Base:
    """Score the candidates of one mention on what does not depend on the
    document's context: prior, written abbreviation, qualifier, cluster."""
    mention = spotted.mention
    matches = _fitting_kind(spotted)
    qualifier = qualifiers.get(mention.start, ())
    key = name_key(mention.text)
    namesakes = _regions_named_after_a_city(key, matches)
    scores, evidences, clusters = [], [], []
    for match in matches:
        place = match.place
        evidence: list[str] = []
        score = _prior(key, match, namesakes, capitals, evidence)
        score += _code_for_a_written_abbreviation(mention.text, match, evidence)
        if qualifier:
            score += _qualifier_bonus(place, qualifier, gazetteer, evidence)
        scores.append(score)
        evidences.append(tuple(evidence))
        if clustered:
            cluster_evidence: list[str] = []
            bonus = _cluster_bonus(clustered.get(place.id, 0), cluster_evidence)
            clusters.append((bonus, tuple(cluster_evidence)))
    return _Base(
        key, matches, tuple(scores), tuple(evidences), tuple(clusters) if clustered else None
    )


def _score(
    base: _Base,
    context: DocumentContext | None,
    neighbours: Mapping[str, tuple[str, ...]],
    locality: Locality | None = None,
    paired: Mapping[str, str] | None = None,
) -> list[_Scored]:
    """Score the candidates of one mention, best first."""
    # the pieces are added in the order they always were, so that the sums
    # (and the order of the evidence) are those of scoring all at once
    scored = []
    by_country: dict[str, tuple[float, tuple[str, ...]]] = {}
    for index, match in enumerate(base.matches):
        place = match.place
        score = base.scores[index]
        evidence = list(base.evidence[index])
        if context is not None:
            score += _context_bonus(place, base.key, context, neighbours, evidence, by_country)
        if base.clusters is not None:
            bonus, cluster_evidence = base.clusters[index]
            score += bonus
            evidence += cluster_evidence
        if paired and place.id in paired and (locality is None or in_locality(place, locality)):
            # two names meeting by chance in another state do not outvote the
            # article's home
            score += _county_pair_bonus(place, paired[place.id], evidence)
        local = 0.0
        if locality is not None:
            local = locality_bonus(place, locality, evidence)
            local += named_like_a_local_town(place, base.matches, locality, evidence)
        scored.append(_Scored(match, score + local, tuple(evidence), local))
    scored.sort(key=lambda s: (-s.score, s.match.place.id))
    return scored


def _regions_named_after_a_city(key: str, matches: Sequence[Match]) -> set[tuple[str, str]]:
    """(country, region name key) of the regions a bare ``key`` does not mean
    because a city of that name stands in them."""
    # Regions named after their city (Gao, Algiers, Illizi; Liverpool, Bolton):
    # a city inside the region of that name, or a large city of that name.
    # Only cities called so (or spelled alike: Misrata for Mişrātah) count:
    # Oklahoma City, "Oklahoma" only by alias, does not make "Oklahoma" the city.
    cities = [
        m
        for m in matches
        if m.place.kind == "city"
        and (m.name_type in OWN_NAME_TYPES or _same_name_respelled(key, m.place.name))
    ]
    namesakes = {(m.place.country_code, name_key(m.place.admin1)) for m in cities} | {
        (m.place.country_code, key) for m in cities if m.place.population >= _NAMESAKE_CITY
    }
    # "Derna": the city (Darnah, also called Derna) of the district named after
    # it; not Oklahoma City, which is more than the state's name respelled
    namesakes |= {
        (m.place.country_code, key)
        for m in matches
        if m.place.kind == "city"
        and name_key(m.place.admin1) == key
        and _loosely_respelled(key, name_key(m.place.name))
    }
    return namesakes


def _prior(
    key: str,
    match: Match,
    namesakes: set[tuple[str, str]],
    capitals: set[str],
    evidence: list[str],
) -> float:
    """What a candidate is worth before the text around it: its size, how its
    name matched, being a capital or a country, curated."""
    place = match.place
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
    if penalty and match.name_type == "alias" and spelled_alike(key, name_key(place.name)):
        # "Sloviansk" for Slovyansk is a transliteration; for Nikopol it is
        # a former name, read far less often.
        penalty /= 2
    if penalty:
        score -= penalty
        evidence.append(f"{match.name_type} '{match.name}'")
    if place.id in capitals and match.name_type in OWN_NAME_TYPES:
        # a capital is famous by its own name: "Salem" is not Jerusalem
        score += 1.0
        evidence.append("national capital")
    if place.kind == "country" and match.name_type in {"name", "abbrev"}:
        # "Mexico", "Panama", "Kuwait": a country's name in the news is the country.
        score += 1.5
        evidence.append("a country's own name")
    if not place.source.startswith(("geonames", "countrystatecity", "zipcodes", "naturalearth")):
        score += 0.5  # curated and user rows were added on purpose
    return score


def _code_for_a_written_abbreviation(text: str, match: Match, evidence: list[str]) -> float:
    """ "Ind." is Indiana's abbreviation, not India's code IND: a code in
    capitals does not fit an abbreviation the text writes in small letters."""
    if match.name_type != "abbrev" or not match.name.isupper() or text.isupper():
        return 0.0
    if not any(c.islower() for c in text):
        return 0.0
    evidence.append(f"the code '{match.name}' is written in capitals")
    return -_WRITTEN_NOT_A_CODE


# Enough to undo a country's own-name weight (see _prior) against a state.
_WRITTEN_NOT_A_CODE = 2.0


def _qualifier_bonus(
    place: Place,
    qualifier: tuple[Match, ...],
    gazetteer: Gazetteer | None,
    evidence: list[str],
) -> float:
    """ "Gao, Mali": inside the qualifier, or ruled out by it."""
    held = {containment(q.place, place, gazetteer) for q in qualifier}
    if Containment.INSIDE in held:
        evidence.append(f"{_INSIDE} '{qualifier[0].place.name}'")
        return 4.0
    if Containment.UNKNOWN not in held:
        evidence.append(f"{NOT_INSIDE} '{qualifier[0].place.name}'")
        return -2.0
    return 0.0


def _clustered(spotted: Sequence[Spotted]) -> dict[str, int]:
    """How many other names of the text each town or county candidate has nearby."""
    # A county stands at its middle: a town of it and its neighbour counties
    # are as near as two neighbour towns ("Paris" and "Henry County", Tennessee).
    towns = [
        (name_key(s.mention.text), m.place)
        for s in spotted
        if (s.mention.role != "embedded" or s.mention.office) and len(s.matches) > 1
        for m in _fitting_kind(s)
        if m.place.kind in _CLUSTER_KINDS
    ]
    return mutual_neighbours(towns) if len({key for key, _ in towns}) > 1 else {}


def _cluster_bonus(near: int, evidence: list[str]) -> float:
    if not near:
        return 0.0
    evidence.append(f"{near} other name(s) of the text have a namesake within 60 km")
    return _CLUSTER_BONUS[min(near, len(_CLUSTER_BONUS) - 1)]


def _county_pair_bonus(place: Place, partner: str, evidence: list[str]) -> float:
    """A town lying in a county the text names, or a county holding a town
    the text names ("Paris" and "Henry County", Tennessee)."""
    if place.kind == "admin2":
        evidence.append(f"holds {partner}, also named in the text")
    else:
        evidence.append(f"lies in {partner}, also named in the text")
    return _COUNTY_PAIR_BONUS


# Enough for a small town paired with its county to beat a famous namesake
# that only its size backs.
_COUNTY_PAIR_BONUS = 3.0
_CLUSTER_KINDS = frozenset({"city", "admin2"})
# by the number of other names with a namesake close by
_CLUSTER_BONUS = (0.0, 0.5, 2.5)


def _loosely_respelled(key: str, own: str) -> bool:
    """ "derna" and "darnah": as many words, and mostly the same letters."""
    from rapidfuzz import fuzz

    return len(own.split()) == len(key.split()) and fuzz.ratio(key, own) >= _RESPELLED


_RESPELLED = 70


def _same_name_respelled(key: str, name: str) -> bool:
    """ "Misrata" for Mişrātah: the same words, spelled alike; not "Oklahoma"
    for Oklahoma City."""
    own = name_key(name)
    return len(own.split()) == len(key.split()) and spelled_alike(key, own)


_MAX_CANDIDATES = 25
_NAMESAKE_CITY = 50_000


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


def _context_bonus(
    place: Place,
    key: str,
    context: DocumentContext,
    neighbours: Mapping[str, tuple[str, ...]],
    evidence: list[str],
    by_country: dict[str, tuple[float, tuple[str, ...]]],
) -> float:
    """The document's other places as evidence: the share of its country
    (or a neighbour's) among them, and how near the nearest of them is.
    ``by_country`` keeps the country part for the other candidates of the
    same name (many are in one country)."""
    country = place.country_code
    if country not in by_country:
        by_country[country] = _country_bonus(country, key, context, neighbours)
    bonus, said = by_country[country]
    evidence += said
    if place.kind in {"country", "continent"}:
        return bonus
    nearest = context.nearest_km(place.point, excluding=key)
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


def _country_bonus(
    country: str, key: str, context: DocumentContext, neighbours: Mapping[str, tuple[str, ...]]
) -> tuple[float, tuple[str, ...]]:
    """The part of the context bonus a candidate's country gives, and why."""
    bonus = 0.0
    share = context.share(country, excluding=key)
    if share:
        bonus += 3.0 * share
        return bonus, (f"{country} is {share:.0%} of the article's other places",)
    if any(context.share(n, excluding=key) >= 0.2 for n in neighbours.get(country, ())):
        bonus += 0.5
        return bonus, ("neighbour of a country the article names",)
    return bonus, ()


def _first_pass_context(
    spotted: Sequence[Spotted], ranked: Sequence[list[_Scored]]
) -> DocumentContext:
    """Countries and points of the first pass's choices (names inside a longer
    name, "Louisiana Purchase", say nothing of where the text is; a town
    heading its own office's name, "Millbrook Police", does)."""
    return context_from_choices(
        (name_key(s.mention.text), candidates[0].match.place, _confidence(candidates))
        for s, candidates in zip(spotted, ranked, strict=True)
        if candidates and (s.mention.role != "embedded" or s.mention.office)
    )


# A demonym ("Kentuckians") names people; a name inside a longer one ("Dublin
# Road", "Louisiana Purchase") says nothing of where the text is.
_NOT_HOME_ROLES = frozenset({"demonym", "embedded"})


def _home_sightings(
    spotted: Sequence[Spotted],
    ranked: Sequence[list[_Scored]],
    qualifiers: Mapping[int, tuple[Match, ...]],
    dateline_at: int | None,
) -> list[HomeSighting]:
    """The first pass's choices as evidence of the article's home: a
    qualifier counts with the name it qualifies, not again on its own."""
    qualifying = {index + 1 for index, s in enumerate(spotted) if s.mention.start in qualifiers}
    return [
        HomeSighting(
            name_key(s.mention.text),
            candidates[0].match.place,
            _confidence(candidates),
            dateline=s.mention.start == dateline_at,
            qualified=_placed_by_its_qualifier(candidates[0]),
            office=s.mention.office,
        )
        for index, (s, candidates) in enumerate(zip(spotted, ranked, strict=True))
        if candidates and index not in qualifying and _speaks_of_home(s)
    ]


def _speaks_of_home(spotted: Spotted) -> bool:
    """Whether a mention says where the article is: not a demonym, not a name
    inside a longer one, unless it heads its own office ("Millbrook Police",
    "the Indiana State Police": a local office places its story)."""
    role = spotted.mention.role
    return role not in _NOT_HOME_ROLES or (role == "embedded" and spotted.mention.office)


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
            weight = _QUALIFIED_VOTE if _placed_by_its_qualifier(candidates[0]) else 1.0
            for c in candidates:
                totals[key][c.match.place.id] += weight * math.exp(c.score - best)
    result = []
    for s, candidates in zip(spotted, ranked, strict=True):
        key = name_key(s.mention.text)
        if candidates and key in totals:
            weights = totals[key]
            candidates = sorted(candidates, key=lambda c: (-weights[c.match.place.id], -c.score))
        result.append(candidates)
    return result


# A mention whose qualifier holds its reading ("Parkland, Florida") outvotes
# several bare mentions of the name.
_QUALIFIED_VOTE = 10.0


def _placed_by_its_qualifier(candidate: _Scored) -> bool:
    return any(e.startswith(_INSIDE) for e in candidate.evidence)


def _confidence(ranked: Sequence[_Scored]) -> float:
    """Share of the top candidate in a softmax over the candidates' scores."""
    if not ranked:
        return 0.0
    best = max(c.score for c in ranked)
    weights = [math.exp(c.score - best) for c in ranked]
    return math.exp(ranked[0].score - best) / sum(weights)


# A place this big outside the "qualifier" is more likely a list ("Paris,
# London") than the wrong namesake.
_LIST_NOT_QUALIFIER = 500_000


def _inside_its_qualifier(resolution: Resolution) -> Resolution:
    """ "Wellington, Somerset" when no Wellington in Somerset is known: left
    unresolved, saying so, rather than read as the one in New Zealand."""
    place = resolution.place
    if place is None or place.kind in AREA_KINDS or place.population >= _LIST_NOT_QUALIFIER:
        return resolution
    if not resolution.mention.qualifier_ends_list:
        return resolution  # "Žilina, Nitra, Prešov": Nitra may be the next town
    outside = next((r for r in resolution.reasons if r.startswith(NOT_INSIDE)), None)
    if outside is None:
        return resolution
    qualifier = outside.removeprefix(NOT_INSIDE).strip()
    return Resolution(
        resolution.mention,
        None,
        0.0,
        resolution.alternatives,
        (
            *resolution.reasons,
            f"dropped: no {resolution.mention.text} inside {qualifier} in the gazetteer "
            "(not read as a namesake elsewhere)",
        ),
    )


def _resolution(spotted: Spotted, ranked: list[_Scored]) -> Resolution:
    mention = spotted.mention
    if not ranked:
        return Resolution(mention, None, 0.0, (), (*mention.reasons, "no candidate fits"))
    # the softmax of the scores, computed once (as _confidence would)
    best = max(c.score for c in ranked)
    weights = [math.exp(c.score - best) for c in ranked]
    total = sum(weights)
    confidence = weights[0] / total
    alternatives = tuple(
        Candidate(c.match.place, round(weight / total, 4), c.evidence, c.match.name_type)
        for c, weight in zip(ranked[:_ALTERNATIVES], weights, strict=False)
    )
    chosen = ranked[0]
    return Resolution(
        mention=mention,
        place=chosen.match.place,
        score=round(confidence, 4),
        alternatives=alternatives,
        reasons=(*mention.reasons, *chosen.evidence, *_locality_decided(chosen, ranked)),
    )


def _locality_decided(chosen: _Scored, ranked: Sequence[_Scored]) -> tuple[str, ...]:
    """ "the article's locality decided" when, without what the locality gave
    each candidate, another would have come first."""
    if not any(c.local for c in ranked):
        return ()
    first = max(ranked, key=lambda c: c.score)
    first_without = max(ranked, key=lambda c: c.score - c.local)
    if chosen is first and first_without is not chosen:
        return ("the article's locality decided",)
    return ()
