"""Recognition: find the spans of a text that name places.

The recogniser reads orthography, not a model: capitalised word sequences (with
connectors such as "of", "de", "al-"), abbreviations ("U.S."), region suffixes
("Illizi province"), demonyms ("Libyan border", "Russian officials"). Every
sequence is looked up in the gazetteer in one batch; the longest known name
wins. Spans that are known names but not places here are dropped with a reason:
person names (a title or a capitalised first name before it, "said X"),
sentence-initial common words, months and weekdays, organisation titles.

Each kept or dropped span carries ``reasons`` so failures can be read.

This module finds the candidate spans, keeps the longest known ones, adds
close spellings ("in Timbuctu") and qualifiers ("Gao, Mali"). It leans on
``geomap.text.tokens`` (words and how they are written), ``geomap.text.wordlists`` (the
English it knows) and ``geomap.geoparse.evidence`` (why a known name is kept or dropped).

>>> from geomap.gazetteer.store import MemoryGazetteer
>>> from geomap.model import Document, LatLon, Place
>>> gao = Place("t:gao", "Gao", "city", "ML", LatLon(16.27, -0.04), population=86000)
>>> mali = Place("t:ml", "Mali", "country", "ML", LatLon(17.0, -4.0), population=19_000_000)
>>> spotted = find_mentions(Document("d", "He lives in Gao, Mali."), MemoryGazetteer([gao, mali]))
>>> [(s.mention.text, s.mention.qualifier) for s in spotted.kept]
[('Gao', 'Mali'), ('Mali', '')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from geomap.gazetteer.normalize import name_key
from geomap.gazetteer.store import Gazetteer
from geomap.geoparse.evidence import (
    backed_institution_places,
    drop_hyphenated_name_parts,
    drop_person_surnames,
    judge,
)
from geomap.model import CONTAINER_KINDS, Document, Match, Mention
from geomap.text.tokens import (
    Token,
    is_short_abbreviation,
    joins,
    lower_case_words,
    title_case_tokens,
    tokenize,
)
from geomap.text.wordlists import (
    CONNECTORS,
    DIRECTION_WORDS,
    FACILITY_CONNECTORS,
    FACILITY_WORDS,
    FUNCTION_WORDS,
    MONTHS_AND_DAYS,
    PLACE_PREPOSITIONS,
    REGION_WORDS,
    TITLES,
)

__all__ = ["Spotted", "Spotting", "find_mentions", "unknown_place_names"]


@dataclass(frozen=True, slots=True)
class Spotted:
    """A recognised span and the gazetteer entries its name matches."""

    mention: Mention
    matches: tuple[Match, ...]


@dataclass(frozen=True, slots=True)
class Spotting:
    """The recogniser's output for one document."""

    kept: tuple[Spotted, ...]
    dropped: tuple[Mention, ...]


def find_mentions(document: Document, gazetteer: Gazetteer) -> Spotting:
    """Find the place mentions of ``document``: the kept spans with their
    gazetteer matches, and the dropped spans with the reason they were dropped."""
    text = document.text
    tokens = tokenize(text)
    lower_words = lower_case_words(tokens)
    title_case = title_case_tokens(text, tokens)
    spans = _candidate_spans(text, tokens)
    found = gazetteer.lookup({key for _, _, key in spans})
    chosen = _longest_matches(spans, found, tokens, text)

    kept: list[Spotted] = []
    dropped: list[Mention] = []
    unbacked: list[Spotted] = []
    for first, last, key in chosen:
        matches = found[key]
        start, end = tokens[first].start, tokens[last].end
        if text[end : end + 1] == "." and (
            any(m.name.endswith(".") for m in matches) or "." in text[start:end]
        ):
            end += 1  # "U.S.", "S.C." keep their final period
        surface = text[start:end]
        verdict = judge(tokens, first, last, matches, lower_words, text, first in title_case)
        mention = Mention(
            doc_id=document.id,
            start=start,
            end=end,
            text=surface,
            role=verdict.role,
            reasons=verdict.reasons,
            office=verdict.office,
        )
        if verdict.keep:
            spotted = Spotted(mention, tuple(m for m in matches if verdict.allows(m)))
            (unbacked if verdict.needs_backing else kept).append(spotted)
        else:
            dropped.append(mention)
    kept += _fuzzy_mentions(document, tokens, chosen, gazetteer)
    backed, unbacked_dropped = backed_institution_places(unbacked, kept)
    kept += backed
    dropped += unbacked_dropped
    kept.sort(key=lambda s: s.mention.start)
    kept, dropped = drop_hyphenated_name_parts(kept, dropped, text)
    kept, dropped = drop_person_surnames(_with_qualifiers(kept, text), dropped, text)
    return Spotting(tuple(kept), tuple(dropped))


# --- candidate spans ---------------------------------------------------------------

# Longest run looked up, in words: "Saint-Jean-sur-Richelieu" has four,
# "Santa Cruz de la Sierra" five.
_MAX_NAME_TOKENS = 7
# the word lists a run looks into, joined once (not at every word)
_NAME_END_WORDS = REGION_WORDS | FACILITY_WORDS
_INNER_WORDS = CONNECTORS | FACILITY_CONNECTORS


def _candidate_spans(text: str, tokens: list[Token]) -> list[tuple[int, int, str]]:
    """Every token run that could be a name: (first token, last token, key).

    A run starts at a capitalised word, may hold connectors, hyphens and
    apostrophes inside, and ends at a capitalised word or a region word.
    """
    spans = []
    for i, token in enumerate(tokens):
        if not token.is_word or not (
            token.is_capitalised or (token.text == "s" and _dutch_article(tokens, i))
        ):
            continue
        words = 0
        for j in range(i, min(len(tokens), i + 2 * _MAX_NAME_TOKENS)):
            current = tokens[j]
            if j > i and not joins(text, tokens[j - 1], current):
                break
            if current.is_word:
                words += 1
                if words > _MAX_NAME_TOKENS:
                    break
                lower = current.lower
                if (
                    current.is_capitalised
                    or _elided_name(current)
                    or (j > i and lower in _NAME_END_WORDS)
                    or (j > i and _hyphen_suffix(text, tokens[j - 1], current))
                ):
                    spans.append((i, j, name_key(text[token.start : current.end])))
                elif lower not in _INNER_WORDS and not (j > i and _is_particle(current)):
                    break
            elif current.text == "." and j > i and is_short_abbreviation(tokens[j - 1]):
                continue  # "St. Paul", "Mt. Kenya"
            elif current.text in {"'s", "’s"} and j > i:
                # "Cox's Bazar", "King's Lynn": a possessive inside a name;
                # "St. John's": one that ends it
                spans.append((i, j, name_key(text[token.start : current.end])))
                continue
            elif current.text not in "-'’‘ʻ" or j == i:
                break  # "Al ‘Amārah": an ʿayn opens the next word
    return spans


# Short lower-case words inside names: "Dar es Salaam", "Deir ez-Zor",
# "Mazar-i-Sharif", "Pont-à-Mousson". Looked up only as part of a longer run.
_PARTICLE_LETTERS = 3
# Particles after which the words before cannot be a name on their own:
# "Costa del Azahar" is not the village Costa. Coordination ("and", "y",
# "und") and "of" ("Bank of England") join separate names.
_BINDING_PARTICLES = CONNECTORS - {"and", "y", "und", "of", "on", "the", "at", "as"}


def _dutch_article(tokens: list[Token], index: int) -> bool:
    """The "s" of "'s-Hertogenbosch", "'s-Gravenhage": a name starts there."""
    return (
        tokens[index].text == "s"
        and 0 < index < len(tokens) - 1
        and tokens[index - 1].text in "'’"
        and tokens[index + 1].text == "-"
    )


def _is_particle(token: Token) -> bool:
    """ "es", "ez", "i", "à": short lower-case words that are no English word."""
    text = token.text
    return (
        token.is_word
        and text.islower()
        and len(text) <= _PARTICLE_LETTERS
        and text not in FUNCTION_WORDS
    )


_ELIDED = re.compile(r"[a-zà-ÿ]{1,5}['’][A-ZÀ-Þ]")


def _elided_name(token: Token) -> bool:
    """ "d'Or", "l'Aquila", "nell'Emilia": an elided article before a capitalised name."""
    return _ELIDED.match(token.text) is not None


def _hyphen_suffix(text: str, before: Token, token: Token) -> bool:
    """ "Chang-hua", "Tottori-shi", "Sariwŏn-si": a lower-case part joined by a
    hyphen may end a name (the gazetteer decides whether it does)."""
    return before.text == "-" and before.end == token.start and token.is_word


def _inside_longer_name(tokens: list[Token], text: str, last: int) -> bool:
    """Whether a particle right after the span continues a longer capitalised
    name: "Costa" in "Costa del Azahar"."""
    after = last + 1
    if after >= len(tokens) or not joins(text, tokens[last], tokens[after]):
        return False
    particle = tokens[after]
    if particle.lower not in _BINDING_PARTICLES or particle.is_capitalised:
        return False
    following = after + 1
    while following < len(tokens) and tokens[following].text in "-'’":
        following += 1
    return (
        following < len(tokens)
        and joins(text, tokens[following - 1], tokens[following])
        and tokens[following].is_capitalised
    )


def _possessive_fits(last: Token, matches: tuple[Match, ...]) -> bool:
    """A span ending in "'s" is a name only when the place's name ends so
    ("St. John's"); "London's" is London's."""
    if last.text not in {"'s", "’s"}:
        return True
    return any(m.name.endswith(("'s", "’s")) for m in matches)


def _longest_matches(
    spans: list[tuple[int, int, str]],
    found: dict[str, tuple[Match, ...]],
    tokens: list[Token],
    text: str,
) -> list[tuple[int, int, str]]:
    """Known spans, longest first, none overlapping another, none only the
    start of a longer name the gazetteer does not know."""
    known = [
        span
        for span in spans
        if span[2] in found
        and not _inside_longer_name(tokens, text, span[1])
        and _possessive_fits(tokens[span[1]], found[span[2]])
    ]
    known.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    taken: set[int] = set()
    chosen = []
    for first, last, key in known:
        if any(i in taken for i in range(first, last + 1)):
            continue
        taken.update(range(first, last + 1))
        chosen.append((first, last, key))
    chosen.sort()
    return chosen


# --- fuzzy matches for misspelt names ---------------------------------------------


def _fuzzy_mentions(
    document: Document,
    tokens: list[Token],
    chosen: list[tuple[int, int, str]],
    gazetteer: Gazetteer,
) -> list[Spotted]:
    """Single unknown capitalised words in a place context ("in X", "X-based")
    matched to a close spelling of a well-known place."""
    taken = {i for first, last, _ in chosen for i in range(first, last + 1)}
    spotted = []
    for token in [t for t in tokens if t.is_capitalised and len(t.text) >= 5]:
        i = token.index
        if i in taken or not token.is_word:
            continue
        if token.is_all_caps or token.lower in FUNCTION_WORDS or token.lower in MONTHS_AND_DAYS:
            continue
        if token.lower.endswith(_PEOPLE_ENDINGS):
            continue  # "Mexicans", "Manitobans": people, not a misspelt place
        if i + 1 < len(tokens) and tokens[i + 1].is_word and tokens[i + 1].is_capitalised:
            continue
        if _inside_longer_name(tokens, document.text, i):
            continue
        previous = tokens[i - 1] if i > 0 else None
        if (
            previous is not None
            and previous.is_capitalised
            and previous.lower not in FUNCTION_WORDS
        ):
            continue
        context = _fuzzy_context(tokens, i, document.text)
        if not context:
            continue
        matches = gazetteer.fuzzy(name_key(token.text), min_score=_FUZZY_MIN_SCORE)
        if not matches:
            continue
        mention = Mention(
            doc_id=document.id,
            start=token.start,
            end=token.end,
            text=token.text,
            reasons=(f"close spelling of {matches[0].name} ({context})",),
        )
        spotted.append(Spotted(mention, matches))
    return spotted


# How close a spelling must be (rapidfuzz ratio): "Marseile" for Marseille is 94.
_FUZZY_MIN_SCORE = 90
_PEOPLE_ENDINGS = ("ans", "ians", "ers", "ites", "ese")


def _fuzzy_context(tokens: list[Token], index: int, text: str) -> str:
    """The place context that allows a close spelling, as a reason; "" when none.
    "to" is left out: after it a capitalised word is mostly a person ("said to Putin")."""
    if index > 0 and tokens[index - 1].lower in PLACE_PREPOSITIONS - {"to"}:
        return f"after '{tokens[index - 1].text}'"
    if (
        index + 2 < len(tokens)
        and tokens[index + 1].text == "-"
        and tokens[index + 2].lower == "based"
    ):
        return "before '-based'"
    return ""


# --- qualifiers: "Gao, Mali", "Ain Amenas in Illizi province" ----------------------


def _with_qualifiers(spotted: list[Spotted], text: str) -> list[Spotted]:
    """Attach to each mention the containing place named right after it."""
    result = []
    for index, current in enumerate(spotted):
        qualifier = ""
        ends_list = False
        if index + 1 < len(spotted):
            following = spotted[index + 1]
            gap = text[current.mention.end : following.mention.start]
            if _is_qualifier_gap(gap) and _can_contain(following.matches, current.matches):
                qualifier = following.mention.text
                after = spotted[index + 2].mention.start if index + 2 < len(spotted) else None
                ends_list = after is None or not _LIST_GAP.match(
                    text[following.mention.end : after]
                )
        if qualifier:
            mention = current.mention
            current = Spotted(
                replace(
                    mention,
                    reasons=(*mention.reasons, f"qualified by '{qualifier}'"),
                    qualifier=qualifier,
                    qualifier_ends_list=ends_list,
                ),
                current.matches,
            )
        result.append(current)
    return result


# "Gao, Mali", "Ain Amenas in Illizi province", "Kingston, in Washington County"
_QUALIFIER_GAP = re.compile(r"^(?:(?:\s*,)+\s*(?:in\s+(?:the\s+)?)?|\s+in\s+(?:the\s+)?|\s+\()$")
_CONTAINER_KINDS = CONTAINER_KINDS
# What goes on after an item of a list: ", Prešov", " and Košice", ", and Detroit"
_LIST_GAP = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|(?:and|or|&)\s+)$")


def _is_qualifier_gap(gap: str) -> bool:
    return bool(_QUALIFIER_GAP.match(gap))


def _can_contain(container: tuple[Match, ...], contained: tuple[Match, ...]) -> bool:
    """True when some reading of the second name is a region that can hold the first."""
    return any(
        m.place.kind in _CONTAINER_KINDS and m.name_type != "demonym" for m in container
    ) and any(m.place.kind not in {"continent"} for m in contained)


# --- names the gazetteer lacks ----------------------------------------------------


def unknown_place_names(document: Document, gazetteer: Gazetteer) -> list[str]:
    """Capitalised names in a place context ("in X", "X-based") that the
    gazetteer does not know and the recogniser did not take as a place: what an
    online geocoder could be asked about. In text order, each name once.

    >>> from geomap.gazetteer.store import MemoryGazetteer
    >>> from geomap.model import LatLon, Place
    >>> mali = Place("t:ml", "Mali", "country", "ML", LatLon(17.0, -4.0))
    >>> text = "Fighters in Tin Fouye Tabankort and in Mali, in January, said Smith."
    >>> unknown_place_names(Document("d", text), MemoryGazetteer([mali]))
    ['Tin Fouye Tabankort']
    """
    text = document.text
    tokens = tokenize(text)
    spotting = find_mentions(document, gazetteer)
    kept = [(s.mention.start, s.mention.end) for s in spotting.kept]
    lower_words = lower_case_words(tokens)
    title_case = title_case_tokens(text, tokens)
    runs: list[tuple[int, int]] = []  # maximal capitalised runs (first, last token)
    for first, last, _ in _candidate_spans(text, tokens):
        if any(tokens[i].lower in MONTHS_AND_DAYS for i in range(first, last + 1)):
            continue  # "Tin Fouye on Monday"
        if runs and first <= runs[-1][1]:
            runs[-1] = (runs[-1][0], max(runs[-1][1], last))
        else:
            runs.append((first, last))
    names: dict[str, str] = {}
    for first, last in runs:
        while first < last and tokens[first].lower in FUNCTION_WORDS:
            first += 1  # "In Tin Fouye", "The Tin Fouye-based": the name follows
        while last > first and not tokens[last].is_capitalised:
            last -= 1  # "Zzyzxville-based": the name ends at its last capital
        head = tokens[first]
        if not head.is_capitalised or first in title_case or head.lower.rstrip(".") in TITLES:
            continue
        start, end = head.start, tokens[last].end
        if any(s < end and start < e for s, e in kept):
            continue
        if not (
            # "to" leads to people as often as to places ("said to Smith")
            (first > 0 and tokens[first - 1].lower in PLACE_PREPOSITIONS - {"to"})
            or text[end : end + 6].lower() == "-based"
        ):
            continue
        lower = head.lower
        if first == last and (
            len(head.text) < 3
            or head.is_all_caps
            or lower in FUNCTION_WORDS | MONTHS_AND_DAYS | DIRECTION_WORDS | TITLES
            or lower in lower_words
        ):
            continue
        key = name_key(text[start:end])
        if key and key not in names and not gazetteer.lookup([key]):
            names[key] = text[start:end]
    return list(names.values())
