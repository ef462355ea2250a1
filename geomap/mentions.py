"""Recognition: find the spans of a text that name places.

The recogniser reads orthography, not a model: capitalised word sequences (with
connectors such as "of", "de", "al-"), abbreviations ("U.S."), region suffixes
("Illizi province"), demonyms ("Libyan border", "Russian officials"). Every
sequence is looked up in the gazetteer in one batch; the longest known name
wins. Spans that are known names but not places here are dropped with a reason:
person names (a title or a capitalised first name before it, "said X"),
sentence-initial common words, months and weekdays, organisation titles.

Each kept or dropped span carries ``reasons`` so failures can be read.

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
from collections.abc import Sequence
from dataclasses import dataclass

from geomap.gazetteer.normalize import name_key
from geomap.gazetteer.store import Gazetteer
from geomap.model import Document, Match, Mention

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


class _Token:
    """A word, number or punctuation character with its offsets; the tests
    the recogniser asks of it are computed once."""

    __slots__ = ("end", "index", "is_capitalised", "is_word", "start", "text")

    def __init__(self, start: int, end: int, text: str, index: int) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.index = index
        self.is_word = text[0].isalpha()
        self.is_capitalised = text[0].isupper()

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_all_caps(self) -> bool:
        # str.isupper ignores periods and apostrophes: "U.S" and "NATO" are capitals
        return self.is_capitalised and len(self.text) > 1 and self.text.isupper()


# Words (with internal periods or apostrophes: U.S, W.Va, M'Sila, d'Ivoire),
# numbers, and single punctuation characters.
_TOKEN = re.compile(r"[^\W\d_]+(?:[.'’][^\W\d_]+)*|\d+(?:[.,]\d+)*|\S")

_MAX_NAME_TOKENS = 7

# Lower-case words that may sit inside a place name ("Bosnia and Herzegovina",
# "Rio de Janeiro", "Stratford-upon-Avon", "Isle of Man").
_CONNECTORS = frozenset(
    [
        "of",
        "de",
        "del",
        "della",
        "der",
        "den",
        "di",
        "da",
        "do",
        "dos",
        "das",
        "du",
        "des",
        "la",
        "le",
        "les",
        "el",
        "al",
        "ad",
        "ar",
        "as",
        "ash",
        "at",
        "az",
        "en",
        "sur",
        "upon",
        "on",
        "and",
        "y",
        "und",
        "the",
        "van",
        "von",
        "bin",
        "ibn",
    ]
)
# Lower-case words that end a region's name: "Illizi province", "Orange county".
_REGION_WORDS = frozenset(
    [
        "province",
        "state",
        "county",
        "region",
        "district",
        "governorate",
        "prefecture",
        "oblast",
        "department",
        "municipality",
        "territory",
        "emirate",
        "canton",
        "parish",
        "division",
    ]
)
# Titles and roles that precede a person's name.
_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "dame",
        "lord",
        "lady",
        "president",
        "vice",
        "premier",
        "chancellor",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "cardinal",
        "bishop",
        "rev",
        "reverend",
        "imam",
        "sheikh",
        "gen",
        "general",
        "col",
        "colonel",
        "maj",
        "major",
        "capt",
        "captain",
        "lt",
        "lieutenant",
        "sgt",
        "sergeant",
        "adm",
        "admiral",
        "cmdr",
        "commander",
        "sen",
        "senator",
        "rep",
        "representative",
        "gov",
        "governor",
        "mayor",
        "minister",
        "secretary",
        "ambassador",
        "judge",
        "justice",
        "prof",
        "professor",
        "chief",
        "officer",
        "detective",
        "inspector",
        "coach",
        "ceo",
        "chairman",
        "chairwoman",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "director",
        "founder",
        "saint",
        "st",
        "emir",
        "sultan",
        "ayatollah",
        "mullah",
        "marshal",
    ]
)
# Words that introduce a person just after them: "said Ellis", "told Smith".
_SPEECH_VERBS = frozenset(
    ["said", "says", "told", "asked", "added", "according", "wrote", "tweeted"]
)
# Capitalised words that qualify a place name rather than name a person:
# "Northern Mali", "Greater London", "Lake Chad", "Port Harcourt".
_PLACE_QUALIFIERS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "upper",
        "lower",
        "greater",
        "inner",
        "outer",
        "new",
        "old",
        "lake",
        "mount",
        "mt",
        "river",
        "gulf",
        "bay",
        "cape",
        "port",
        "fort",
        "san",
        "santa",
        "sao",
        "st",
        "saint",
        "island",
        "islands",
        "isle",
        "sea",
        "ocean",
        "valley",
        "desert",
        "peninsula",
        "city",
        "county",
        "province",
        "state",
        "region",
        "republic",
        "kingdom",
        "metropolitan",
        "downtown",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "far",
        "middle",
        "the",
    ]
)
# Nouns after which a capitalised run names an organisation or a title.
_ORGANISATION_NOUNS = frozenset(
    [
        "newspaper",
        "daily",
        "weekly",
        "magazine",
        "agency",
        "channel",
        "broadcaster",
        "website",
        "company",
        "firm",
        "group",
        "party",
        "organisation",
        "organization",
        "brigade",
        "battalion",
        "movement",
        "band",
        "team",
        "club",
        "network",
        "station",
        "programme",
        "program",
        "show",
        "paper",
    ]
)
_MONTHS_AND_DAYS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)
# English function words: capitalised at the start of a sentence, never a place.
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "you",
        "i",
        "his",
        "her",
        "their",
        "our",
        "my",
        "your",
        "in",
        "on",
        "at",
        "of",
        "for",
        "by",
        "with",
        "from",
        "to",
        "into",
        "onto",
        "over",
        "under",
        "about",
        "after",
        "before",
        "during",
        "since",
        "until",
        "while",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "why",
        "how",
        "if",
        "as",
        "but",
        "and",
        "or",
        "nor",
        "so",
        "yet",
        "not",
        "no",
        "yes",
        "all",
        "any",
        "some",
        "each",
        "every",
        "both",
        "either",
        "neither",
        "many",
        "much",
        "more",
        "most",
        "few",
        "less",
        "there",
        "here",
        "then",
        "than",
        "also",
        "only",
        "even",
        "just",
        "still",
        "however",
        "meanwhile",
        "although",
        "though",
        "because",
        "despite",
        "among",
        "between",
        "through",
        "across",
        "against",
        "along",
        "around",
        "near",
        "per",
        "via",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "can",
        "could",
        "may",
        "might",
        "must",
        "shall",
        "should",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
    ]
)
_BORDER_WORDS = frozenset({"border", "borders", "frontier", "boundary"})
# Compass and position words: regions somewhere are named "Central" or
# "North", but alone in English text these words are directions.
_DIRECTION_WORDS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "upper",
        "lower",
        "greater",
        "middle",
        "inner",
        "outer",
    ]
)
_PERSON = "a person's name"
_PERSON_FOR_SURE = "a person's name."
_SENTENCE_END = frozenset(".!?\n")


def find_mentions(document: Document, gazetteer: Gazetteer) -> Spotting:
    """Find the place mentions of ``document``: the kept spans with their
    gazetteer matches, and the dropped spans with the reason they were dropped."""
    text = document.text
    tokens = _tokenize(text)
    lower_words = {
        t.text for t in tokens if t.is_word and not t.is_capitalised and t.text.islower()
    }
    title_case = _title_case_tokens(text, tokens)
    spans = _candidate_spans(text, tokens)
    found = gazetteer.lookup({key for _, _, key in spans})
    chosen = _longest_matches(spans, found)

    kept: list[Spotted] = []
    dropped: list[Mention] = []
    for first, last, key in chosen:
        matches = found[key]
        start, end = tokens[first].start, tokens[last].end
        if text[end : end + 1] == "." and any(m.name.endswith(".") for m in matches):
            end += 1  # "U.S." keeps its final period
        surface = text[start:end]
        verdict = _judge(tokens, first, last, matches, lower_words, text, first in title_case)
        mention = Mention(
            doc_id=document.id,
            start=start,
            end=end,
            text=surface,
            role=verdict.role,
            reasons=verdict.reasons,
        )
        if verdict.keep:
            kept.append(Spotted(mention, tuple(m for m in matches if verdict.allows(m))))
        else:
            dropped.append(mention)
    kept, dropped = _drop_person_surnames(kept, dropped)
    kept += _fuzzy_mentions(document, tokens, chosen, gazetteer)
    kept.sort(key=lambda s: s.mention.start)
    return Spotting(tuple(_with_qualifiers(kept, text)), tuple(dropped))


# --- tokens and candidate spans --------------------------------------------------


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(text):
        word, start, end = match.group(), match.start(), match.end()
        if len(word) > 2 and word[-1] == "s" and word[-2] in "'’":  # possessive 's
            tokens.append(_Token(start, end - 2, word[:-2], len(tokens)))
            tokens.append(_Token(end - 2, end, word[-2:], len(tokens)))
        else:
            tokens.append(_Token(start, end, word, len(tokens)))
    return tokens


def _candidate_spans(text: str, tokens: list[_Token]) -> list[tuple[int, int, str]]:
    """Every token run that could be a name: (first token, last token, key).

    A run starts at a capitalised word, may hold connectors, hyphens and
    apostrophes inside, and ends at a capitalised word or a region word.
    """
    spans = []
    for i, token in enumerate(tokens):
        if not token.is_word or not token.is_capitalised:
            continue
        words = 0
        for j in range(i, min(len(tokens), i + 2 * _MAX_NAME_TOKENS)):
            current = tokens[j]
            if j > i and not _joins(text, tokens[j - 1], current):
                break
            if current.is_word:
                words += 1
                if words > _MAX_NAME_TOKENS:
                    break
                lower = current.lower
                if current.is_capitalised or (j > i and lower in _REGION_WORDS):
                    spans.append((i, j, name_key(text[token.start : current.end])))
                elif lower not in _CONNECTORS:
                    break
            elif current.text == "." and j > i and _is_short_abbreviation(tokens[j - 1]):
                continue  # "St. Paul", "Mt. Kenya"
            elif current.text not in "-'’" or j == i:
                break
    return spans


def _is_short_abbreviation(token: _Token) -> bool:
    return token.is_capitalised and len(token.text) <= 3 and not token.is_all_caps


def _joins(text: str, left: _Token, right: _Token) -> bool:
    """True when two tokens are separated by a single space or nothing."""
    gap = text[left.end : right.start]
    return gap == "" or gap == " " or (left.text == "." and gap == " ")


def _longest_matches(
    spans: list[tuple[int, int, str]], found: dict[str, tuple[Match, ...]]
) -> list[tuple[int, int, str]]:
    """Known spans, longest first, none overlapping another."""
    known = [span for span in spans if span[2] in found]
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


# --- judging a span ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Verdict:
    keep: bool
    role: str
    reasons: tuple[str, ...]
    name_types: frozenset[str] | None = None  # None: every match allowed

    def allows(self, match: Match) -> bool:
        return self.name_types is None or match.name_type in self.name_types


def _judge(
    tokens: list[_Token],
    first: int,
    last: int,
    matches: tuple[Match, ...],
    lower_words: set[str],
    text: str,
    in_title: bool = False,
) -> _Verdict:
    head = tokens[first]
    lower = head.lower
    single = first == last
    name_types = {m.name_type for m in matches}
    before = _previous_word(tokens, first)
    after = _next_word(tokens, last)
    role = "place"
    reasons: list[str] = []

    def drop(reason: str) -> _Verdict:
        return _Verdict(False, role, (reason,))

    if name_types == {"demonym"}:
        role = "demonym"
        if after is not None and after.lower in _BORDER_WORDS:
            role = "border"
        elif (
            before is not None
            and before.lower in {"in", "speak", "speaks", "spoke"}
            and (after is None or not after.is_word)
        ):
            return drop(f"'{head.text}' names a language here")
        reasons.append(f"demonym of {matches[0].place.name}")
    elif after is not None and after.lower in _BORDER_WORDS:
        role = "border"

    if single and lower in _MONTHS_AND_DAYS:
        return drop(f"'{head.text}' is a month or weekday name")
    if single and len(head.text) == 1:
        return drop(f"'{head.text}' is a single letter")
    if single and lower in _DIRECTION_WORDS:
        return drop(f"'{head.text}' is a direction word, not a name on its own")
    if single and head.is_all_caps and len(head.text.replace(".", "")) <= 4:
        # Short capitals are acronyms (BP, CNN, AQIM) unless the gazetteer has
        # them as an abbreviation; a region code (IL, NY) only after "Town,".
        allowed = {"abbrev"}
        after_comma = _follows_place_comma(tokens, first, text)
        allowed_matches = [
            m
            for m in matches
            if m.name_type == "abbrev" and _abbreviation_fits(m, head.text, after_comma, True)
        ]
        if not allowed_matches:
            return drop(f"'{head.text}' is an acronym, not a known abbreviation of a place")
        return _Verdict(True, role, ("known abbreviation",), frozenset(allowed))
    if "." in head.text and not any(m.name_type == "abbrev" for m in matches):
        return drop(f"'{head.text}' is an abbreviation the gazetteer does not know")
    surface = text[head.start : tokens[last].end]
    after_comma = _follows_place_comma(tokens, first, text)
    period_follows = text[tokens[last].end : tokens[last].end + 1] == "."
    matches = tuple(
        m for m in matches if _abbreviation_fits(m, surface, after_comma, period_follows)
    )
    if not matches:
        return drop(f"'{surface}' is not written like the abbreviation the gazetteer knows")
    if (
        single
        and before is not None
        and before.lower in {"a", "an"}
        and role != "demonym"
        and (after is None or after.lower in _FUNCTION_WORDS)
    ):
        return drop(f"'{head.text}' follows '{before.text}': a common noun, not a place")

    if in_title:
        # In a headline every word is capitalised, so capitals prove nothing:
        # only a well-known place under its own name counts ("Algeria", not
        # "Goes" or "Far").
        known = frozenset({"name", "abbrev", "demonym"})
        if not any(m.name_type in known and _is_known_place(m) for m in matches):
            return drop(f"'{surface}' in a title-case line is no well-known place")
        return _Verdict(True, role, ("title-case line", _describe(matches)), known)

    run_start = _run_start(tokens, first, text)
    if run_start < first:
        previous = tokens[first - 1]
        prev_lower = previous.lower.rstrip(".")
        if prev_lower in _TITLES:
            return drop(f"follows the title '{previous.text}': {_PERSON_FOR_SURE}")
        # A run's first word may be capitalised only because it opens the
        # sentence ("Yesterday Paris said"): then it says nothing, unless the
        # text never writes it in lower case ("Stephen Kelly said").
        opener_is_common_word = (
            run_start == first - 1
            and _is_sentence_start(tokens, run_start, text)
            and tokens[run_start].lower in lower_words
        )
        if prev_lower not in _PLACE_QUALIFIERS and not opener_is_common_word:
            # "Stephen Ellis" is a person; "Air France" still names France.
            countries = tuple(m for m in matches if m.place.kind in {"country", "continent"})
            if not countries:
                small = all(m.place.population < 20_000 and m.place.kind == "city" for m in matches)
                kind = _PERSON_FOR_SURE if small else f"{_PERSON} or an organisation's"
                return drop(f"follows the capitalised word '{previous.text}': {kind}")
            return _Verdict(
                True,
                "embedded",
                (f"ends the longer name '{text[tokens[run_start].start : tokens[last].end]}'",),
                frozenset({"name", "abbrev", "alias", "demonym"}),
            )
    elif before is not None:
        before_lower = before.lower.rstrip(".")
        if before_lower in _TITLES and before.is_capitalised:
            return drop(f"follows the title '{before.text}': {_PERSON_FOR_SURE}")
        if before_lower in _SPEECH_VERBS and (
            _next_is_capitalised_word(tokens, last, text) or not _is_big_place(matches)
        ):
            return drop(f"a name right after '{before.text}': {_PERSON_FOR_SURE}")
        if before_lower in _ORGANISATION_NOUNS and _next_is_capitalised_word(tokens, last, text):
            return drop(f"after '{before.text}': the title of an organisation or publication")

    if after is not None and after.lower in _SPEECH_VERBS and not _is_big_place(matches):
        return drop(f"'{surface}' {after.text} something: {_PERSON_FOR_SURE}")
    if _touches_ampersand(tokens, first, last) and not _is_big_place(matches):
        return drop(f"'{surface}' is joined by '&': a firm's name")
    if before is not None and before.lower in {"of", "for"} and first >= 2:
        owner = tokens[first - 2]
        if (
            owner.is_word
            and owner.is_capitalised
            and owner.lower not in _FUNCTION_WORDS | _PLACE_QUALIFIERS
        ):
            # "Department of Commerce", "University of California": a place
            # closes an institution's name only when it is a well-known place.
            role = "embedded"
            if not any(_is_known_place(m) for m in matches):
                return drop(
                    f"ends the name '{owner.text} {before.text} {surface}' and is no well-known place"
                )

    if _is_sentence_start(tokens, first, text):
        if single and lower in _FUNCTION_WORDS:
            return drop(f"'{head.text}' is a function word starting a sentence")
        if single and lower in lower_words and not _is_big_place(matches):
            return drop(f"'{head.text}' starts a sentence and appears in lower case elsewhere")
    elif single and lower in _FUNCTION_WORDS and not head.is_all_caps:
        return drop(f"'{head.text}' is a function word")
    if single and lower in lower_words and not _is_big_place(matches):
        return drop(f"'{head.text}' is also used as a common word in this text")

    name_types_kept = None
    if _next_is_capitalised_word(tokens, last, text) and role == "place":
        role = "embedded"
        reasons.append(f"part of the longer name '{surface} {tokens[last + 1].text}...'")
        # Only a well-known place's own name heads an organisation's name
        # ("Washington Post"); a rare alias there is a person's first name.
        heads = {"name", "abbrev", "demonym"}
        if not any(m.name_type in heads and _is_known_place(m) for m in matches):
            return _Verdict(
                False, role, (*reasons, "heads a longer name but is no well-known place")
            )
        name_types_kept = frozenset(heads)
    reasons.append(_describe(matches))
    return _Verdict(True, role, tuple(reasons), name_types_kept)


def _abbreviation_fits(match: Match, surface: str, after_comma: bool, period_follows: bool) -> bool:
    """Whether an abbreviation is written as the gazetteer has it.

    Capitals ("AL", "U.S.") match only capitals; a region's abbreviation
    ("IL", "Ky.") only after "Town,"; one with a final period ("Miss.") only
    with that period, so "Miss" or "Wash" as words do not match.
    """
    if match.name_type != "abbrev":
        return True
    letters = [c for c in match.name if c.isalpha()]
    if all(c.isupper() for c in letters) and not all(c.isupper() for c in surface if c.isalpha()):
        return False
    if match.name.endswith(".") and not period_follows and not surface.endswith("."):
        return False
    return not (match.place.kind in {"admin1", "admin2"} and not after_comma)


def _is_known_place(match: Match) -> bool:
    """Well-known enough to head or close an organisation's name ("Washington Post",
    "University of California"); smaller places there are mostly first names."""
    place = match.place
    return place.kind in {"country", "admin1", "continent", "region"} or place.population >= 100_000


def _touches_ampersand(tokens: list[_Token], first: int, last: int) -> bool:
    return (first > 0 and tokens[first - 1].text == "&") or (
        last + 1 < len(tokens) and tokens[last + 1].text == "&"
    )


def _title_case_tokens(text: str, tokens: list[_Token]) -> set[int]:
    """Indexes of tokens on title-case lines ("Hostages Freed In Algeria Raid"),
    where capitals say nothing about names."""
    indexes: set[int] = set()
    line: list[_Token] = []

    def close() -> None:
        words = [t for t in line if t.is_word]
        mostly_capitals = len(words) >= 4 and sum(t.is_capitalised for t in words) >= 0.8 * len(
            words
        )
        # "Algiers Hostage Crisis" may be a name; "Hostages Freed In Algeria" is a headline.
        if mostly_capitals and any(t.lower in _FUNCTION_WORDS for t in words[1:]):
            indexes.update(t.index for t in words)
        line.clear()

    for token in tokens:
        if line and "\n" in text[line[-1].end : token.start]:
            close()
        line.append(token)
    close()
    return indexes


def _describe(matches: tuple[Match, ...]) -> str:
    kinds = sorted({m.name_type for m in matches})
    return f"gazetteer {'/'.join(kinds)} match ({len(matches)} candidate{'s' if len(matches) > 1 else ''})"


def _is_big_place(matches: Sequence[Match]) -> bool:
    return any(
        m.place.kind in {"country", "continent", "admin1"} or m.place.population >= 1_000_000
        for m in matches
    )


def _previous_word(tokens: list[_Token], index: int) -> _Token | None:
    if index > 0 and tokens[index - 1].is_word:
        return tokens[index - 1]
    return None


def _next_word(tokens: list[_Token], index: int) -> _Token | None:
    if index + 1 < len(tokens) and tokens[index + 1].is_word:
        return tokens[index + 1]
    return None


def _next_is_capitalised_word(tokens: list[_Token], index: int, text: str) -> bool:
    if index + 1 >= len(tokens):
        return False
    following = tokens[index + 1]
    return (
        following.is_word
        and following.is_capitalised
        and _joins(text, tokens[index], following)
        and following.lower not in _FUNCTION_WORDS
    )


def _run_start(tokens: list[_Token], index: int, text: str) -> int:
    """First token of the run of capitalised words (joined by single spaces)
    that ends just before ``index``; ``index`` itself when there is none."""
    start = index
    while start > 0:
        previous = tokens[start - 1]
        if not (
            previous.is_word and previous.is_capitalised and _joins(text, previous, tokens[start])
        ):
            break
        if previous.lower in _FUNCTION_WORDS:
            break
        start -= 1
    return start


def _is_sentence_start(tokens: list[_Token], index: int, text: str) -> bool:
    """True when the token opens a sentence, a line, a quotation or the text."""
    j = index - 1
    while j >= 0 and tokens[j].text in "\"'“‘(«[-—–":
        j -= 1
    if j < 0:
        return True
    previous = tokens[j]
    if previous.text in _SENTENCE_END or previous.text in ":;":
        return True
    return "\n" in text[previous.end : tokens[index].start]


def _follows_place_comma(tokens: list[_Token], index: int, text: str) -> bool:
    """True for the 'IL' of 'Springfield, IL': a comma right after a capitalised word."""
    return (
        index >= 2
        and tokens[index - 1].text == ","
        and tokens[index - 2].is_word
        and tokens[index - 2].is_capitalised
    )


# --- fuzzy matches for misspelt names ---------------------------------------------

_PLACE_PREPOSITIONS = frozenset(["in", "from", "near", "to", "at", "outside", "into", "via"])


def _fuzzy_mentions(
    document: Document,
    tokens: list[_Token],
    chosen: list[tuple[int, int, str]],
    gazetteer: Gazetteer,
) -> list[Spotted]:
    """Single unknown capitalised words in a place context ("in X", "X-based")
    matched to a close spelling of a well-known place."""
    taken = {i for first, last, _ in chosen for i in range(first, last + 1)}
    spotted = []
    for i, token in enumerate(tokens):
        if i in taken or not token.is_word or not token.is_capitalised or len(token.text) < 5:
            continue
        if token.is_all_caps or token.lower in _FUNCTION_WORDS or token.lower in _MONTHS_AND_DAYS:
            continue
        if i + 1 < len(tokens) and tokens[i + 1].is_word and tokens[i + 1].is_capitalised:
            continue
        previous = tokens[i - 1] if i > 0 else None
        if (
            previous is not None
            and previous.is_capitalised
            and previous.lower not in _FUNCTION_WORDS
        ):
            continue
        context = _fuzzy_context(tokens, i, document.text)
        if not context:
            continue
        matches = gazetteer.fuzzy(name_key(token.text), min_score=88)
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


def _fuzzy_context(tokens: list[_Token], index: int, text: str) -> str:
    if index > 0 and tokens[index - 1].lower in _PLACE_PREPOSITIONS:
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
        if index + 1 < len(spotted):
            following = spotted[index + 1]
            gap = text[current.mention.end : following.mention.start]
            if _is_qualifier_gap(gap) and _can_contain(following.matches, current.matches):
                qualifier = following.mention.text
        if qualifier:
            mention = current.mention
            current = Spotted(
                Mention(
                    doc_id=mention.doc_id,
                    start=mention.start,
                    end=mention.end,
                    text=mention.text,
                    role=mention.role,
                    reasons=(*mention.reasons, f"qualified by '{qualifier}'"),
                    qualifier=qualifier,
                ),
                current.matches,
            )
        result.append(current)
    return result


_QUALIFIER_GAP = re.compile(r"^(?:,\s*|\s+in\s+(?:the\s+)?|\s+\()$")
_CONTAINER_KINDS = frozenset({"country", "admin1", "admin2", "region", "continent", "desert"})


def _is_qualifier_gap(gap: str) -> bool:
    return bool(_QUALIFIER_GAP.match(gap))


def _can_contain(container: tuple[Match, ...], contained: tuple[Match, ...]) -> bool:
    """True when some reading of the second name is a region that can hold the first."""
    return any(
        m.place.kind in _CONTAINER_KINDS and m.name_type != "demonym" for m in container
    ) and any(m.place.kind not in {"continent"} for m in contained)


def _drop_person_surnames(
    kept: list[Spotted], dropped: list[Mention]
) -> tuple[list[Spotted], list[Mention]]:
    """Once "Stephen Ellis" is a person, a later "Ellis" alone is the same person."""
    surnames = {
        m.text.split()[-1]
        for m in dropped
        if any(_PERSON_FOR_SURE in reason for reason in m.reasons)
    }
    if not surnames:
        return kept, dropped
    still_kept = []
    for spotted in kept:
        mention = spotted.mention
        is_country = any(m.place.kind in {"country", "continent"} for m in spotted.matches)
        if mention.text in surnames and not is_country:
            dropped.append(
                Mention(
                    mention.doc_id,
                    mention.start,
                    mention.end,
                    mention.text,
                    mention.role,
                    (f"'{mention.text}' is {_PERSON} elsewhere in this text",),
                )
            )
        else:
            still_kept.append(spotted)
    return still_kept, dropped


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
    tokens = _tokenize(text)
    spotting = find_mentions(document, gazetteer)
    kept = [(s.mention.start, s.mention.end) for s in spotting.kept]
    lower_words = {t.text for t in tokens if t.is_word and t.text.islower()}
    title_case = _title_case_tokens(text, tokens)
    runs: list[tuple[int, int]] = []  # maximal capitalised runs (first, last token)
    for first, last, _ in _candidate_spans(text, tokens):
        if any(tokens[i].lower in _MONTHS_AND_DAYS for i in range(first, last + 1)):
            continue  # "Tin Fouye on Monday"
        if runs and first <= runs[-1][1]:
            runs[-1] = (runs[-1][0], max(runs[-1][1], last))
        else:
            runs.append((first, last))
    names: dict[str, str] = {}
    for first, last in runs:
        while first < last and tokens[first].lower in _FUNCTION_WORDS:
            first += 1  # "In Tin Fouye", "The Tin Fouye-based": the name follows
        head = tokens[first]
        if not head.is_capitalised or first in title_case or head.lower.rstrip(".") in _TITLES:
            continue
        start, end = head.start, tokens[last].end
        if any(s < end and start < e for s, e in kept):
            continue
        if not (
            # "to" leads to people as often as to places ("said to Smith")
            (first > 0 and tokens[first - 1].lower in _PLACE_PREPOSITIONS - {"to"})
            or text[end : end + 6].lower() == "-based"
        ):
            continue
        lower = head.lower
        if first == last and (
            len(head.text) < 3
            or head.is_all_caps
            or lower in _FUNCTION_WORDS | _MONTHS_AND_DAYS | _DIRECTION_WORDS | _TITLES
            or lower in lower_words
        ):
            continue
        key = name_key(text[start:end])
        if key and key not in names and not gazetteer.lookup([key]):
            names[key] = text[start:end]
    return list(names.values())
