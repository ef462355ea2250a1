"""Text written without capitals: give place names back their capitals.

The recogniser reads orthography, so a text written all in lower case (a
scraped web page, a social-media post) or all in capitals (old wire copy)
shows it no names at all. For such a text the names are found from the
syntax around them instead, and capitalised so that the usual recogniser,
claim reader and evidence rules can work on it. A known name is capitalised
only where the sentence itself says a place stands there:

- after a distance or a compass point: "12 miles s of framingham",
  "3.8 miles from centerville";
- before a region word: "in norfolk county";
- as the qualifier of a place just found: "louisville, kentucky";
- as the subject that opens a sentence and is then located: "salem is
  located in ...", "franklin, in norfolk county, is ...".

A name taken once is taken at each of its occurrences (one sense per
discourse). The text keeps its length and offsets: only letters change case.

>>> from geomap.gazetteer.store import MemoryGazetteer
>>> from geomap.model import Document, LatLon, Place
>>> boston = Place("t:bos", "Boston", "city", "US", LatLon(42.36, -71.06), population=600_000)
>>> doc = Document("d", "the town is 25 miles sw of boston, on the coast.")
>>> restore_case(doc, MemoryGazetteer([boston])).text
'the town is 25 miles sw of Boston, on the coast.'
"""

from __future__ import annotations

import re
import string
from dataclasses import replace

from geomap.gazetteer.normalize import name_key
from geomap.gazetteer.store import Gazetteer
from geomap.model import CONTAINER_KINDS, Document, Match
from geomap.text.tokens import Token, is_sentence_start, joins, tokenize
from geomap.text.wordlists import (
    COMPASS_ABBREVIATIONS,
    CONNECTORS,
    FUNCTION_WORDS,
    REGION_WORDS,
)

__all__ = ["is_caseless", "restore_case"]

# A text shows its names by capitals when at least this share of its words
# starts with one; English prose runs at 10-20 %, a lower-cased page at 0.
_CAPITALISED_SHARE = 0.03
# ... and is shouting when nearly every word is in capitals.
_ALL_CAPS_SHARE = 0.85
_MIN_WORDS = 6
_LONGEST_NAME = 4  # words

_WORD_START = re.compile(r"\b[^\W\d_]")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_COMPASS = COMPASS_ABBREVIATIONS | _words("""north south east west northeast northwest southeast southwest
    northward southward eastward westward northerly southerly easterly westerly""")
_UNITS = _words("""mi mile miles km kms kilometer kilometers kilometre kilometres
    nm nmi league leagues""")
# "the town of clinton", "the small community of dover"
_PLACE_NOUNS = _words(
    """town city village community hamlet township borough municipality county
    state province port suburb district"""
)
_LOCATED_VERBS = _words("is lies was sits stands located situated")
# Region words that follow a name only ("norfolk county"), unlike "region"
# or "state" ("the coastal plains region", "the police department").
_NAMED_REGION_WORDS = REGION_WORDS - _words(
    "region state department municipality territory division"
)
# Words between "of" and the name that are no name themselves: "10 miles
# south of downtown santa ana", "25 miles from central london".
_DESCRIPTORS = _words("downtown central centre center greater metropolitan metro")


def is_caseless(text: str) -> bool:
    """Whether ``text`` is written without the capitals that mark names.

    >>> is_caseless("salem is located just 35 miles north of louisville, kentucky.")
    True
    >>> is_caseless("Salem is located just 35 miles north of Louisville, Kentucky.")
    False
    """
    # one scan for the words' first letters; the capitals are those of them
    # that are not a-z (a second scan for capitals cost as much again)
    firsts = "".join(_WORD_START.findall(text))
    words = len(firsts)
    if words < _MIN_WORDS:
        return False
    capitalised = words - sum(map(firsts.count, string.ascii_lowercase))
    if capitalised < _CAPITALISED_SHARE * words:
        return True
    return text.isupper() or (capitalised >= _ALL_CAPS_SHARE * words and _mostly_upper(text))


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) >= _ALL_CAPS_SHARE * len(letters)


def restore_case(document: Document, gazetteer: Gazetteer) -> Document:
    """``document`` with the capitals of its place names restored when it is
    written without them (see the module's docstring); otherwise unchanged."""
    if not is_caseless(document.text):
        return document
    text = document.text.lower() if _mostly_upper(document.text) else document.text
    restored = _restore_names(text, gazetteer)
    if restored == document.text:
        return document
    return replace(document, text=restored)


def _restore_names(text: str, gazetteer: Gazetteer) -> str:
    tokens = tokenize(text)
    spans = _candidate_spans(text, tokens)
    known = gazetteer.lookup({key for key, _, _ in spans})
    taken: dict[int, int] = {}  # first token -> last token of each name taken
    for key, first, last in spans:  # longest first at each position
        matches = known.get(key, ())
        if (
            not _places(matches)
            or _overlaps(taken, first, last)
            or _descriptor(tokens, first, last)
        ):
            continue
        if _in_a_place_slot(text, tokens, first, last, matches, taken):
            taken[first] = last
    names = {_span_key(tokens, first, last) for first, last in taken.items()}
    for key, first, last in spans:
        if key in names and not _overlaps(taken, first, last):
            taken[first] = last
    return _capitalise(text, tokens, taken)


def _candidate_spans(text: str, tokens: list[Token]) -> list[tuple[str, int, int]]:
    """Every run of one to four words joined by spaces that could be a name,
    longest first at each position."""
    spans: list[tuple[str, int, int]] = []
    for first, token in enumerate(tokens):
        if not token.is_word or token.lower in FUNCTION_WORDS:
            continue
        last = first
        found = []
        while last < len(tokens) and last - first < 2 * _LONGEST_NAME:
            if tokens[last].is_word and tokens[last].lower not in FUNCTION_WORDS:
                found.append((_span_key(tokens, first, last), first, last))
            if len(found) == _LONGEST_NAME or last + 1 >= len(tokens):
                break
            following = tokens[last + 1]
            if not (following.is_word and joins(text, tokens[last], following)):
                break
            last += 1
        spans += reversed(found)
    return spans


def _span_key(tokens: list[Token], first: int, last: int) -> str:
    return name_key(" ".join(t.text for t in tokens[first : last + 1]))


def _places(matches: tuple[Match, ...]) -> bool:
    return any(m.name_type in ("name", "alias") for m in matches)


def _descriptor(tokens: list[Token], first: int, last: int) -> bool:
    return first == last and tokens[first].lower in _DESCRIPTORS


def _overlaps(taken: dict[int, int], first: int, last: int) -> bool:
    return any(not (end < first or start > last) for start, end in taken.items())


def _in_a_place_slot(
    text: str,
    tokens: list[Token],
    first: int,
    last: int,
    matches: tuple[Match, ...],
    taken: dict[int, int],
) -> bool:
    return (
        _after_a_distance(tokens, first)
        or _after_a_place_noun(tokens, first)
        or _before_a_region_word(tokens, last)
        or _qualifies_a_name(tokens, first, matches, taken)
        or _opens_a_located_sentence(text, tokens, first, last)
        or _placed_in_a_region(tokens, last)
    )


def _after_a_distance(tokens: list[Token], first: int) -> bool:
    """ "12 miles s of framingham", "3.8 miles from centerville"."""
    if first > 0 and tokens[first - 1].lower in _DESCRIPTORS:
        first -= 1
    if first < 2 or tokens[first - 1].lower not in ("of", "from"):
        return False
    before = tokens[first - 2].lower
    return before in _COMPASS or before in _UNITS or before == "away"


def _after_a_place_noun(tokens: list[Token], first: int) -> bool:
    """ "the town of clinton", "the small community of dover"."""
    return (
        first >= 2
        and tokens[first - 1].lower == "of"
        and tokens[first - 2].lower in _PLACE_NOUNS
        and first >= 3
        and tokens[first - 3].lower not in ("a", "any", "every", "each", "no")
    )


def _before_a_region_word(tokens: list[Token], last: int) -> bool:
    """ "in norfolk county": the region word says a name stands before it."""
    return tokens[last].lower in _NAMED_REGION_WORDS or (
        last + 1 < len(tokens) and tokens[last + 1].lower in _NAMED_REGION_WORDS
    )


def _qualifies_a_name(
    tokens: list[Token], first: int, matches: tuple[Match, ...], taken: dict[int, int]
) -> bool:
    """ "louisville, kentucky": a state or a country right after a name taken."""
    if first < 2 or tokens[first - 1].text != ",":
        return False
    if first - 2 not in taken.values():
        return False
    return any(m.place.kind in CONTAINER_KINDS for m in matches)


def _placed_in_a_region(tokens: list[Token], last: int) -> bool:
    """ "franklin, in norfolk county, ...": the name is placed in a region."""
    index = last + 1
    while index < len(tokens) and tokens[index].text == ",":
        index += 1
    if index == last + 1 or index >= len(tokens) or tokens[index].lower != "in":
        return False
    following = tokens[index + 1 : index + 1 + _LONGEST_NAME + 1]
    return any(t.lower in _NAMED_REGION_WORDS for t in following)


def _opens_a_located_sentence(text: str, tokens: list[Token], first: int, last: int) -> bool:
    """ "salem is located ...", "franklin, , in norfolk county, is ...": the
    sentence opens on the name and goes on to say where it is."""
    if not is_sentence_start(tokens, first, text):
        return False
    following = [t.lower for t in tokens[last + 1 : last + 12] if t.is_word]
    if not following:
        return False
    if following[0] in _LOCATED_VERBS:
        return True
    comma = last + 1 < len(tokens) and tokens[last + 1].text == ","
    return comma and any(word in _LOCATED_VERBS for word in following[:8])


def _capitalise(text: str, tokens: list[Token], taken: dict[int, int]) -> str:
    letters = list(text)
    for first, last in taken.items():
        for index in range(first, last + 1):
            token = tokens[index]
            if not token.is_word or (index > first and token.lower in CONNECTORS):
                continue
            upper = token.text[0].upper()
            if len(upper) == 1:  # "ß".upper() is two letters: leave it be
                letters[token.start] = upper
    return "".join(letters)
