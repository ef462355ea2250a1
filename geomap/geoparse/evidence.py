"""Evidence: whether a span that matches a known name names a place here.

A capitalised run that the gazetteer knows may still be a person ("Stephen
Ellis", "said Paris"), an organisation ("Washington Post", "Marks & Spencer"),
a common word opening a sentence, a month, an acronym or a word in a headline.
``judge`` weighs the span's neighbours and returns a ``Judgement`` with the
reasons; ``drop_person_surnames`` then uses what the whole text says ("Ellis"
alone, once "Stephen Ellis" is a person).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from geomap.model import Match, Mention
from geomap.text.tokens import (
    Token,
    follows_place_comma,
    is_sentence_start,
    joins,
    next_is_capitalised_word,
    next_word,
    previous_word,
    run_start,
    touches_ampersand,
)
from geomap.text.wordlists import (
    BORDER_WORDS,
    COMPASS_ABBREVIATIONS,
    DIRECTION_WORDS,
    FEATURE_NOUNS,
    FUNCTION_WORDS,
    INSTITUTION_NOUNS,
    INSTITUTION_WORDS,
    MONTHS_AND_DAYS,
    OFFICE_WORDS,
    ORGANISATION_NOUNS,
    PLACE_PREPOSITIONS,
    PLACE_QUALIFIERS,
    REGION_WORDS,
    SPEECH_VERBS,
    STREET_ABBREVIATIONS_BEFORE_NAMES,
    STREET_WORDS,
    TITLES,
)

if TYPE_CHECKING:  # only for annotations: mentions imports this module
    from geomap.geoparse.mentions import Spotted

__all__ = [
    "Judgement",
    "backed_institution_places",
    "drop_hyphenated_name_parts",
    "drop_person_surnames",
    "judge",
]

# Drop reasons that name a person end with a period when the evidence is
# certain (a title or "said" before the name): drop_person_surnames looks for
# that; without it the name may as well be an organisation's.
_PERSON = "a person's name"
_PERSON_FOR_SURE = "a person's name."


@dataclass(frozen=True, slots=True)
class Judgement:
    """Whether to keep a span, the role it plays ("place", "embedded",
    "demonym", "border") and why; ``name_types`` limits the gazetteer matches
    that still fit (only its abbreviations, say)."""

    keep: bool
    role: str
    reasons: tuple[str, ...]
    name_types: frozenset[str] | None = None  # None: every match allowed
    office: bool = False  # heads the name of its own office ("Millbrook Police")
    needs_backing: bool = False  # kept only if the text names the place alone too
    fitting: tuple[Match, ...] | None = None  # None: no match ruled out one by one

    def allows(self, match: Match) -> bool:
        """Whether the gazetteer match still fits the span as judged."""
        if self.fitting is not None and match not in self.fitting:
            return False
        return self.name_types is None or match.name_type in self.name_types


# Name types that say which place is meant without doubt: its own name, its
# abbreviation, its demonym (not one of its other names).
_UNAMBIGUOUS_NAME_TYPES = frozenset({"name", "abbrev", "demonym"})
# Words that make a name of another thing: "Fort Riley" is no town of Riley.
_FEATURE_HEADS = frozenset({"fort", "camp", "mount", "mt", "lake", "cape"})


def judge(
    tokens: list[Token],
    first: int,
    last: int,
    matches: tuple[Match, ...],
    lower_words: set[str],
    text: str,
    in_title: bool = False,
) -> Judgement:
    """Judge the known name spanning ``tokens[first : last + 1]``.

    ``lower_words`` holds the words the text writes in lower case elsewhere;
    ``in_title`` says the span sits on a title-case line, where capitals
    prove nothing. The rules of :data:`_RULES` are asked in turn; the first
    that decides gives the verdict, and a span no rule drops is kept.
    """
    span = _Span(tokens, first, last, matches, lower_words, text, in_title)
    for rule in _RULES:
        verdict = rule(span)
        if verdict is not None:
            return verdict
    return _kept(span)


@dataclass(slots=True)
class _Span:
    """A known name and its neighbours, as the rules read it. Rules may set
    its ``role``, add ``reasons`` and narrow ``matches``."""

    tokens: list[Token]
    first: int
    last: int
    matches: tuple[Match, ...]
    lower_words: set[str]
    text: str
    in_title: bool
    role: str = "place"
    reasons: list[str] = field(default_factory=list)

    @property
    def head(self) -> Token:
        return self.tokens[self.first]

    @property
    def lower(self) -> str:
        return self.head.lower

    @property
    def single(self) -> bool:
        return self.first == self.last

    @property
    def before(self) -> Token | None:
        return previous_word(self.tokens, self.first)

    @property
    def after(self) -> Token | None:
        return next_word(self.tokens, self.last)

    @property
    def surface(self) -> str:
        return self.text[self.head.start : self.tokens[self.last].end]

    @property
    def run_first(self) -> int:
        """The first token of the capitalised run the span ends."""
        return run_start(self.tokens, self.first, self.text)

    def drop(self, reason: str) -> Judgement:
        return Judgement(False, self.role, (reason,))


def _demonyms_and_borders(span: _Span) -> Judgement | None:
    """ "Libyan officials" is a demonym, "the Libyan border" a border; "in
    Arabic" a language."""
    after, before = span.after, span.before
    if {m.name_type for m in span.matches} == {"demonym"}:
        span.role = "demonym"
        if after is not None and after.lower in BORDER_WORDS:
            span.role = "border"
        elif (
            before is not None
            and before.lower in {"in", "speak", "speaks", "spoke"}
            and (after is None or not after.is_word)
        ):
            return span.drop(f"'{span.head.text}' names a language here")
        span.reasons.append(f"demonym of {span.matches[0].place.name}")
    elif after is not None and after.lower in BORDER_WORDS:
        span.role = "border"
    return None


def _names_a_feature(span: _Span) -> Judgement | None:
    """ "the Meghna river", "the Niger and Bani rivers": the river, not towns so called."""
    feature = _feature_noun_after(span.tokens, span.last)
    if feature and not any(m.place.kind in _FEATURE_KINDS for m in span.matches):
        noun = feature[:-1] if feature.endswith("s") else feature
        surface = _surface_of(span.tokens, span.first, span.last)
        return span.drop(f"'{surface}' names a {noun} here, not the places called so")
    return None


def _names_a_street(span: _Span) -> Judgement | None:
    """ "Washington Drive", "6016 Dublin Road", "Queens Ave.": the street, not
    the place it is named after. A capitalised word after the street word
    makes a longer name ("the Portland Trail Blazers", "Richmond Road West")."""
    tokens, last, text = span.tokens, span.last, span.text
    street = span.after
    if (
        street is None
        or not street.is_capitalised
        or street.lower not in STREET_WORDS
        or not joins(text, tokens[last], street)
    ):
        return None
    index = street.index + 1
    abbreviated = (
        index < len(tokens) and tokens[index].text == "." and street.end == tokens[index].start
    )
    if abbreviated:
        index += 1
    goes_on = index < len(tokens) and tokens[index].is_capitalised
    if goes_on and not (abbreviated and street.lower not in STREET_ABBREVIATIONS_BEFORE_NAMES):
        return None
    return span.drop(f"'{span.surface} {street.text}' names a street here, not the place")


def _no_name_on_its_own(span: _Span) -> Judgement | None:
    """A month, a single letter, a direction word or "Hospital" alone."""
    if not span.single:
        return None
    word = span.head.text
    if span.lower in MONTHS_AND_DAYS:
        return span.drop(f"'{word}' is a month or weekday name")
    if len(word) == 1:
        return span.drop(f"'{word}' is a single letter")
    if span.lower in DIRECTION_WORDS:
        return span.drop(f"'{word}' is a direction word, not a name on its own")
    if span.lower in INSTITUTION_NOUNS and not _is_big_place(span.matches):
        return span.drop(f"'{word}' names an institution or building here, not a town")
    before = span.before
    if (
        span.lower in OFFICE_WORDS | INSTITUTION_WORDS
        and not _is_big_place(span.matches)
        and not (before is not None and before.lower in PLACE_PREPOSITIONS)
    ):
        # "Police say ...", "the Indiana State Police": not the town of Police
        return span.drop(f"'{word}' names an office here, not a town")
    return None


def _a_leaders_name(span: _Span) -> Judgement | None:
    """ "the Bush administration", "Bush Jr", "Hal Rogers Sr.": what follows
    the name makes it a person's (a country keeps its administration: "the
    US administration")."""
    after = span.after
    if after is None or not joins(span.text, span.tokens[span.last], after):
        return None
    if after.text.rstrip(".") in _GENERATION_SUFFIXES:
        return span.drop(f"'{span.surface} {after.text}': {_PERSON_FOR_SURE}")
    if after.lower in {"administration", "administrations"} and not _is_big_place(span.matches):
        return span.drop(f"'the {span.surface} {after.text}' is a leader's: {_PERSON_FOR_SURE}")
    return None


# "Jr", "Sr", "III" after a name: a son or a father of the same name
_GENERATION_SUFFIXES = frozenset({"Jr", "Sr", "II", "III", "IV"})


def _acronym(span: _Span) -> Judgement | None:
    """Short capitals are acronyms (BP, CNN, AQIM) unless the gazetteer has
    them as an abbreviation; a region code (IL, NY) only after "Town," or
    written AP style (see :func:`_region_abbreviation_slot`)."""
    head = span.head
    if not (span.single and head.is_all_caps and len(head.text.replace(".", "")) <= 4):
        return None
    slot = _region_abbreviation_slot(span)
    fitting = tuple(
        m
        for m in span.matches
        if m.name_type == "abbrev"
        and _abbreviation_fits(m, head.text, slot, True)
        and _initials_fit(head.text, m.place.name)
    )
    if not fitting:
        return span.drop(f"'{head.text}' is an acronym, not a known abbreviation of a place")
    return Judgement(
        True, span.role, ("known abbreviation",), frozenset({"abbrev"}), fitting=fitting
    )


def _initials_fit(surface: str, name: str) -> bool:
    """Letters written with periods ("S.C.", "N.Y.") are the initials of the
    name's words: "L.A." is Los Angeles, not Louisiana ("La."); "N.Y." is not
    Nyíregyháza. Other abbreviations ("SC", "W.Va.") fit any name."""
    parts = [part for part in surface.split(".") if part]
    if len(parts) < 2 or any(len(part) != 1 for part in parts):
        return True
    initials = [word[0].upper() for word in name.replace("-", " ").split() if word[0].isupper()]
    return initials == [part.upper() for part in parts]


def _written_as_abbreviated(span: _Span) -> Judgement | None:
    """Abbreviations count only as the gazetteer writes them ("Ky." after a
    town, "AL" in capitals); the matches that do not fit are left out."""
    if "." in span.head.text and not any(m.name_type == "abbrev" for m in span.matches):
        return span.drop(f"'{span.head.text}' is an abbreviation the gazetteer does not know")
    end = span.tokens[span.last].end
    after_comma = _region_abbreviation_slot(span)
    period_follows = span.text[end : end + 1] == "."
    span.matches = tuple(
        m for m in span.matches if _abbreviation_fits(m, span.surface, after_comma, period_follows)
    )
    if not span.matches:
        return span.drop(
            f"'{span.surface}' is not written like the abbreviation the gazetteer knows"
        )
    return None


def _region_abbreviation_slot(span: _Span) -> bool:
    """Whether a state's abbreviation may stand here: after "Town," ("Dover,
    Del."), written with periods between its letters as AP style has it ("the
    S.C. Highway Patrol", "Northwest D.C.", "W.Va."), or after a party letter
    ("D-N.Y.", "R-Calif.")."""
    tokens, first, text = span.tokens, span.first, span.text
    if follows_place_comma(tokens, first, text):
        return True
    head = span.head
    period_follows = text[head.end : head.end + 1] == "."
    if period_follows and "." in head.text.strip("."):
        return True
    return (
        period_follows
        and first >= 2
        and tokens[first - 1].text == "-"
        and tokens[first - 2].text in _PARTY_LETTERS
        and tokens[first - 2].end == tokens[first - 1].start
    )


# "D-N.Y.", "R-Texas", "I-Vt.": a lawmaker's party and state
_PARTY_LETTERS = frozenset({"D", "R", "I"})


def _after_an_article(span: _Span) -> Judgement | None:
    """ "a Reading", "an Orange": a common noun."""
    before, after = span.before, span.after
    if (
        span.single
        and before is not None
        and before.lower in {"a", "an"}
        and span.role != "demonym"
        and (after is None or after.lower in FUNCTION_WORDS)
    ):
        return span.drop(f"'{span.head.text}' follows '{before.text}': a common noun, not a place")
    return None


def _heads_an_office_name(span: _Span) -> Judgement | None:
    """ "Millbrook Police", "the Grant County Sheriff's Office", "Millbrook High
    School": a place heading the name of its own office or institution is
    kept, small or not (it places a local story), with the role "embedded".
    An institution may as well bear a person's name ("Chapman University"):
    unless the place is well known, the text must name it on its own too
    (see :func:`backed_institution_places`)."""
    if span.role != "place" or span.run_first < span.first or _inside_a_longer_name(span):
        return None  # a demonym ("Russian Police"), or inside a longer name
    office = _office_word_after(span)
    if office is None or not office.is_capitalised:
        return None
    matches = tuple(m for m in span.matches if m.name_type in _OWN_NAME_TYPES)
    if not matches:
        return None
    span.matches = matches
    needs_backing = (
        office.lower in INSTITUTION_WORDS
        and not _ends_with_a_region_word(span)
        and not any(_is_known_place(m) for m in matches)
    )
    kind = "institution" if office.lower in INSTITUTION_WORDS else "office"
    reason = f"heads the name of an {kind} '{span.surface} {office.text}'"
    return Judgement(
        True,
        "embedded",
        (*span.reasons, reason, _describe(matches)),
        _OWN_NAME_TYPES,
        office=True,
        needs_backing=needs_backing,
    )


# Not its demonym: "Russian Police" is no place
_OWN_NAME_TYPES = frozenset({"name", "abbrev", "alias", "variant"})


def _office_word_after(span: _Span) -> Token | None:
    """The office or institution word right after the span in the same run
    ("Police" of "Millbrook Police", "police" of "Millbrook police"), if any."""
    after = span.after
    if (
        after is None
        or after.lower not in OFFICE_WORDS | INSTITUTION_WORDS
        or not joins(span.text, span.tokens[span.last], after)
    ):
        return None
    return after


def _ends_with_a_region_word(span: _Span) -> bool:
    """ "Clark County", "Orleans Parish": a region's name, never a person's
    (an institution so named is the region's: "the Edgar County Community
    Foundation")."""
    return not span.single and span.tokens[span.last].lower in REGION_WORDS


def _inside_a_longer_name(span: _Span) -> bool:
    """ "the Securities and Exchange Commission": a capitalised word joined by
    "and" or "&" before the span makes it part of a longer name."""
    first = span.first
    return (
        first >= 2
        and span.tokens[first - 1].lower in {"and", "&"}
        and span.tokens[first - 2].is_capitalised
    )


def _in_a_headline(span: _Span) -> Judgement | None:
    """In a headline every word is capitalised, so capitals prove nothing:
    only a well-known place under its own name counts ("Algeria", not "Goes"
    or "Far")."""
    if not span.in_title:
        return None
    if not any(m.name_type in _UNAMBIGUOUS_NAME_TYPES and _is_known_place(m) for m in span.matches):
        return span.drop(f"'{span.surface}' in a title-case line is no well-known place")
    return Judgement(
        True, span.role, ("title-case line", _describe(span.matches)), _UNAMBIGUOUS_NAME_TYPES
    )


def _after_a_capitalised_word(span: _Span) -> Judgement | None:
    """The span ends a longer capitalised run: "Mr. Paris", "Stephen Ellis",
    "Air France", "North Runcton"."""
    run_first = span.run_first
    if run_first >= span.first:
        return None
    tokens, first = span.tokens, span.first
    previous = tokens[first - 1]
    prev_lower = previous.lower.rstrip(".")
    if prev_lower in TITLES:
        return span.drop(f"follows the title '{previous.text}': {_PERSON_FOR_SURE}")
    # A run's first word may be capitalised only because it opens the
    # sentence ("Yesterday Paris said"): then it says nothing, unless the
    # text never writes it in lower case ("Stephen Kelly said").
    opener_is_common_word = (
        run_first == first - 1
        and is_sentence_start(tokens, run_first, span.text)
        and tokens[run_first].lower in span.lower_words
    )
    if prev_lower in PLACE_QUALIFIERS and not any(
        m.name_type in _UNAMBIGUOUS_NAME_TYPES for m in span.matches
    ):
        # "North Runcton" is a village of its own: "Runcton" inside it is no
        # place, least of all one known by "Runcton" only as another name.
        return span.drop(
            f"'{previous.text} {span.head.text}' is a longer name; "
            f"'{span.head.text}' alone is only another name of a place"
        )
    if prev_lower in _FEATURE_HEADS:
        # "Fort Riley", "Camp David", "Mount Kenya" the gazetteer lacks: the
        # fort is not the town of Riley, the mountain not the country
        return span.drop(
            f"'{previous.text} {span.head.text}' names a {prev_lower} the gazetteer lacks, "
            f"not {span.head.text}"
        )
    if prev_lower in PLACE_QUALIFIERS or opener_is_common_word:
        return None
    # "Stephen Ellis" is a person; "Air France" still names France.
    if not any(m.place.kind in {"country", "continent"} for m in span.matches):
        small = all(m.place.population < 20_000 and m.place.kind == "city" for m in span.matches)
        certain = small or _given_names_before(span)
        kind = _PERSON_FOR_SURE if certain else f"{_PERSON} or an organisation's"
        return span.drop(f"follows the capitalised word '{previous.text}': {kind}")
    longer = span.text[tokens[run_first].start : tokens[span.last].end]
    return Judgement(
        True,
        "embedded",
        (f"ends the longer name '{longer}'",),
        frozenset({"name", "abbrev", "alias", "demonym"}),
    )


def _given_names_before(span: _Span) -> bool:
    """ "Gary Wilson", "Mary Beth Wilson": every word of the run before the
    span reads as a given name, a capitalised word the text never writes in
    lower case; not an acronym ("CTV Saskatoon") nor a verb or adjective in a
    title ("Connecting California", "Historic Dublin")."""
    return all(
        token.is_word
        and not token.is_all_caps
        and token.lower not in span.lower_words
        and not token.lower.endswith(_NOT_NAME_ENDINGS)
        for token in span.tokens[span.run_first : span.first]
    )


# Endings of verbs and adjectives, seldom of given names
_NOT_NAME_ENDINGS = ("ing", "ic", "ive", "ous")


def _after_a_middle_initial(span: _Span) -> Judgement | None:
    """ "Matthew D. Reyes": a capitalised word and an initial before the name
    make it a surname."""
    tokens, first = span.tokens, span.first
    if first < 3 or tokens[first - 1].text != ".":
        return None
    initial, given = tokens[first - 2], tokens[first - 3]
    if not (
        len(initial.text) == 1
        and initial.text.isupper()
        and given.is_word
        and given.is_capitalised
        and not given.is_all_caps
        and given.lower not in FUNCTION_WORDS | PLACE_QUALIFIERS
    ):
        return None
    return span.drop(
        f"follows the name and initial '{given.text} {initial.text}.': {_PERSON_FOR_SURE}"
    )


def _after_a_title_or_verb(span: _Span) -> Judgement | None:
    """ "Gov. Jordan", "said Paris", "the newspaper Le Monde"."""
    before = span.before
    if before is None or span.run_first < span.first:
        return None
    before_lower = before.lower.rstrip(".")
    if before_lower in TITLES and before.is_capitalised:
        return span.drop(f"follows the title '{before.text}': {_PERSON_FOR_SURE}")
    next_capitalised = next_is_capitalised_word(span.tokens, span.last, span.text)
    if (
        before_lower in SPEECH_VERBS
        and (next_capitalised or not _is_big_place(span.matches))
        and not _ends_with_a_region_word(span)  # "said Clark County's trailer"
        and _office_word_after(span) is None  # "said Millbrook police Capt. Holt"
    ):
        return span.drop(f"a name right after '{before.text}': {_PERSON_FOR_SURE}")
    if before_lower in ORGANISATION_NOUNS and next_capitalised:
        return span.drop(f"after '{before.text}': the title of an organisation or publication")
    return None


# Words after which a name is the object of a place preposition, not a
# sentence's subject ("to" leads to people as often as to places).
_OBJECT_OF_PLACE_WORDS = PLACE_PREPOSITIONS - {"to"} | {"of"}


def _a_speaker_or_a_firm(span: _Span) -> Judgement | None:
    """ "Paris said", "Marks & Spencer"."""
    after, before = span.after, span.before
    # "officials in Grenoble said": the name is where the speakers are
    governed = before is not None and before.lower in _OBJECT_OF_PLACE_WORDS
    if (
        after is not None
        and after.lower in SPEECH_VERBS
        and not governed
        and not _is_big_place(span.matches)
    ):
        return span.drop(f"'{span.surface}' {after.text} something: {_PERSON_FOR_SURE}")
    if touches_ampersand(span.tokens, span.first, span.last) and not _is_big_place(span.matches):
        return span.drop(f"'{span.surface}' is joined by '&': a firm's name")
    return None


def _ends_an_institution_name(span: _Span) -> Judgement | None:
    """ "Department of Commerce", "University of California": a place closes
    an institution's name only when it is a well-known place."""
    before, first = span.before, span.first
    if before is None or before.lower not in {"of", "for"} or first < 2:
        return None
    owner = span.tokens[first - 2]
    if not (
        owner.is_word
        and owner.is_capitalised
        and owner.lower not in FUNCTION_WORDS | PLACE_QUALIFIERS | COMPASS_ABBREVIATIONS
    ):
        return None
    span.role = "embedded"
    if not any(_is_known_place(m) for m in span.matches):
        return span.drop(
            f"ends the name '{owner.text} {before.text} {span.surface}' and is no well-known place"
        )
    return None


def _a_common_word(span: _Span) -> Judgement | None:
    """ "The", "May", "Reading" written in lower case elsewhere in the text."""
    word, lower = span.head.text, span.lower
    big = _is_big_place(span.matches)
    if is_sentence_start(span.tokens, span.first, span.text):
        if span.single and lower in FUNCTION_WORDS:
            return span.drop(f"'{word}' is a function word starting a sentence")
        if span.single and lower in span.lower_words and not big:
            return span.drop(f"'{word}' starts a sentence and appears in lower case elsewhere")
    elif span.single and lower in FUNCTION_WORDS and not span.head.is_all_caps:
        return span.drop(f"'{word}' is a function word")
    if span.single and lower in span.lower_words and not big:
        return span.drop(f"'{word}' is also used as a common word in this text")
    return None


def _heads_a_persons_name(span: _Span) -> Judgement | None:
    """ "actress Virginia Madsen", "Michael E. Berland", "Michael Thomas, 24,":
    a place's name that is a person's given name. It must read as one (never
    written in lower case here), the word after it as a surname, and the
    sentence must place a person there: a middle initial, an age or a speech
    verb after the name, or a noun of a role before it."""
    if not span.single or span.role != "place" or span.run_first < span.first:
        return None
    if not _name_like(span.head, span.lower_words):
        return None
    tokens, text = span.tokens, span.text
    surname = span.after
    if surname is None or not joins(text, span.head, surname) or not surname.is_capitalised:
        return None
    if _middle_initial(tokens, surname.index, text):
        evidence = "a middle initial follows"
    elif not _name_like(surname, span.lower_words):
        return None
    elif _AGE_AFTER.match(text, surname.end):
        evidence = "an age follows"
    elif _SPEECH_AFTER.match(text, surname.end) and not surname.lower.endswith("s"):
        # "Ohio Democrats said", "the Boston Celtics said": a group speaks
        evidence = "a speech verb follows"
    elif (before := span.before) is not None and _role_noun(before):
        evidence = f"the role '{before.text}' comes before"
    else:
        return None
    return span.drop(
        f"'{span.head.text} {surname.text}' reads as the name of a person ({evidence}): "
        f"'{span.head.text}' is the given name"
    )


def _name_like(token: Token, lower_words: set[str]) -> bool:
    """A capitalised word that may be a given name or a surname: never written
    in lower case in the text, no acronym, no word of the lists that make an
    office, an institution, a street or a region of a name."""
    lower = token.lower.rstrip(".")
    return (
        token.is_word
        and token.is_capitalised
        and not token.is_all_caps
        and lower not in lower_words
        and lower not in _NOT_PERSONAL_NAMES
    )


_NOT_PERSONAL_NAMES = (
    FUNCTION_WORDS
    | TITLES
    | PLACE_QUALIFIERS
    | OFFICE_WORDS
    | INSTITUTION_WORDS
    | INSTITUTION_NOUNS
    | ORGANISATION_NOUNS
    | REGION_WORDS
    | FEATURE_NOUNS
    | STREET_WORDS
    | MONTHS_AND_DAYS
    | DIRECTION_WORDS
)


def _middle_initial(tokens: list[Token], index: int, text: str) -> bool:
    """ "L. Lane" at ``index``: one capital letter, a period, a capitalised word."""
    return (
        index + 2 < len(tokens)
        and len(tokens[index].text) == 1
        and tokens[index].is_capitalised
        and tokens[index + 1].text == "."
        and tokens[index + 2].is_capitalised
        and tokens[index + 2].is_word
        and len(tokens[index + 2].text) > 1
    )


# ", 24," or " (18)" after a name is an age
_AGE_AFTER = re.compile(r",\s*\d{1,3}\s*[,)]|\s*\(\d{1,3}\)")
# "said" after a name makes a speaker of it
_SPEECH_AFTER = re.compile(r"\s+(?:" + "|".join(sorted(SPEECH_VERBS)) + r")\b")
# Endings of nouns of people's roles: "driver", "actress", "astronomer",
# "incumbent", "councillors", "anchorwoman"
_ROLE_ENDINGS = ("er", "or", "ist", "ess", "man", "woman", "ent", "ant")


def _role_noun(token: Token) -> bool:
    """A lower-case noun of a person's role ("actress", "driver") or a title."""
    if not token.text.islower() or token.lower in FUNCTION_WORDS:
        return False
    return any(
        word in TITLES or word.endswith(_ROLE_ENDINGS)
        for word in {token.lower, token.lower.removesuffix("s")}  # "councillors"
    )


def _kept(span: _Span) -> Judgement:
    """The span names a place; heading a longer name ("Washington Post") it
    is embedded, and then only a well-known place's own name."""
    name_types_kept = None
    if next_is_capitalised_word(span.tokens, span.last, span.text) and span.role == "place":
        span.role = "embedded"
        following = span.tokens[span.last + 1].text
        span.reasons.append(f"part of the longer name '{span.surface} {following}...'")
        # Only a well-known place's own name heads an organisation's name
        # ("Washington Post"); a rare alias there is a person's first name.
        if not any(
            m.name_type in _UNAMBIGUOUS_NAME_TYPES and _is_known_place(m) for m in span.matches
        ):
            return Judgement(
                False, span.role, (*span.reasons, "heads a longer name but is no well-known place")
            )
        name_types_kept = _UNAMBIGUOUS_NAME_TYPES
    span.reasons.append(_describe(span.matches))
    return Judgement(True, span.role, tuple(span.reasons), name_types_kept)


_RULES: tuple[Callable[[_Span], Judgement | None], ...] = (
    _demonyms_and_borders,
    _names_a_feature,
    _names_a_street,
    _no_name_on_its_own,
    _a_leaders_name,
    _acronym,
    _written_as_abbreviated,
    _after_an_article,
    _heads_an_office_name,
    _in_a_headline,
    _after_a_capitalised_word,
    _after_a_middle_initial,
    _after_a_title_or_verb,
    _a_speaker_or_a_firm,
    _ends_an_institution_name,
    _a_common_word,
    _heads_a_persons_name,
)
"""The rules of :func:`judge`, in the order they are asked."""


_FEATURE_KINDS = frozenset({"water", "feature", "desert"})


def _feature_noun_after(tokens: list[Token], last: int) -> str:
    """The feature noun that follows a name: "Meghna river", "Mississippi River",
    or the "rivers" of "the Niger and Bani rivers"; "" when there is none."""
    following = next_word(tokens, last)
    if following is None:
        return ""
    if following.lower in FEATURE_NOUNS:
        return following.lower
    # "X and Y rivers": a plural feature noun two words on
    if following.lower == "and" and last + 3 < len(tokens):
        name, noun = tokens[last + 2], tokens[last + 3]
        if (
            name.is_capitalised
            and noun.is_word
            and noun.lower in FEATURE_NOUNS
            and noun.lower.endswith("s")
        ):
            return noun.lower
    return ""


def _surface_of(tokens: list[Token], first: int, last: int) -> str:
    return " ".join(t.text for t in tokens[first : last + 1])


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
        # "Al" is a word, not Alabama's "AL"; but "Springfield, Ky." writes
        # Kentucky's "KY" AP-style, with a capital and a period.
        ap_style = after_comma and period_follows and surface[:1].isupper()
        if not ap_style:
            return False
    if match.name.endswith(".") and not period_follows and not surface.endswith("."):
        return False
    return not (match.place.kind in {"admin1", "admin2"} and not after_comma)


def _is_known_place(match: Match) -> bool:
    """Well-known enough to head or close an organisation's name ("Washington Post",
    "University of California"); smaller places there are mostly first names."""
    place = match.place
    return place.kind in {"country", "admin1", "continent", "region"} or place.population >= 100_000


def _describe(matches: tuple[Match, ...]) -> str:
    """The reason a kept span gives: which kinds of gazetteer name it matched."""
    kinds = sorted({m.name_type for m in matches})
    return f"gazetteer {'/'.join(kinds)} match ({len(matches)} candidate{'s' if len(matches) > 1 else ''})"


def _is_big_place(matches: Sequence[Match]) -> bool:
    """Countries, continents, states and cities of a million: prominent enough
    that weak evidence for a person, a firm or a common word does not drop them."""
    return any(
        m.place.kind in {"country", "continent", "admin1"} or m.place.population >= 1_000_000
        for m in matches
    )


# --- evidence from the whole text ----------------------------------------------------


def backed_institution_places(
    unbacked: list[Spotted], kept: list[Spotted]
) -> tuple[list[Spotted], list[Mention]]:
    """Of the small places heading an institution's name ("Glen Carbon
    Elementary", "Chapman University"), those the text also names on their
    own ("in Glen Carbon"); the others are dropped, as likely a person's name."""
    named_alone = {s.mention.text for s in kept if s.mention.role != "embedded"}
    backed = [s for s in unbacked if s.mention.text in named_alone]
    dropped = [
        replace(
            s.mention,
            reasons=(
                *s.mention.reasons,
                f"'{s.mention.text}' is named nowhere else in this text: "
                "the institution may bear a person's name",
            ),
        )
        for s in unbacked
        if s.mention.text not in named_alone
    ]
    return backed, dropped


def drop_hyphenated_name_parts(
    kept: list[Spotted], dropped: list[Mention], text: str
) -> tuple[list[Spotted], list[Mention]]:
    """ "Pat Hugley-Green", "the News-Leader": a place's name joined by a
    hyphen to a capitalised word that names no place here is the second half
    of a double-barrelled name. Joined to a place ("Egypt-US relations",
    "Miami-Dade", "Asian-Pacific") it stays."""
    place_ends = {s.mention.end for s in kept}
    still_kept = []
    for spotted in kept:
        mention = spotted.mention
        joined = _HYPHENATED_TO.search(text, max(0, mention.start - 40), mention.start)
        if joined is None or mention.role in {"demonym", "border"} or joined.end(1) in place_ends:
            still_kept.append(spotted)
            continue
        dropped.append(
            replace(
                mention,
                reasons=(
                    f"'{joined.group(1)}-{mention.text}' is a double-barrelled name: "
                    f"'{joined.group(1)}' names no place here",
                ),
            )
        )
    return still_kept, dropped


# A capitalised word and a hyphen right before a name: "Hugley-" of "Hugley-Green"
# (not a lawmaker's party letter: "D-Charleston")
_HYPHENATED_TO = re.compile(r"(?<![\w-])([A-Z][a-z][\w'’]*)-$")


def drop_person_surnames(
    kept: list[Spotted], dropped: list[Mention], text: str
) -> tuple[list[Spotted], list[Mention]]:
    """Once "Stephen Ellis" (or "Matthew D. Ellis", "Sheriff Ellis") is a
    person, a later "Ellis" alone is the same person; unless the text also
    uses "Ellis" as a place ("in Ellis", "Ellis, Kan.", "the Ellis Police"),
    and never a mention that is itself written as a place."""
    surnames = {
        m.text.split()[-1]
        for m in dropped
        if any(_PERSON_FOR_SURE in reason for reason in m.reasons)
    }
    # "Andy Trapani" may be a firm's name; "Trapani said" as well makes him a person
    maybe = {m.text.split()[-1] for m in dropped if any(_PERSON in r for r in m.reasons)}
    surnames |= {
        s.mention.text for s in kept if s.mention.text in maybe and _speaks(s.mention, text)
    }
    surnames -= {s.mention.text for s in kept if _written_as_a_place(s.mention, text)}
    if not surnames:
        return kept, dropped
    still_kept = []
    for spotted in kept:
        mention = spotted.mention
        is_country = any(m.place.kind in {"country", "continent"} for m in spotted.matches)
        if mention.text in surnames and not is_country:
            dropped.append(
                replace(mention, reasons=(f"'{mention.text}' is {_PERSON} elsewhere in this text",))
            )
        else:
            still_kept.append(spotted)
    return still_kept, dropped


# Words before a name that make it the place where something is: "in Reyes",
# "near Reyes" ("from", "at", "of" and "to" lead to people as often: "a call
# from Reyes").
_PLACE_WORDS_BEFORE = frozenset({"in", "near", "outside", "across", "around", "into", "toward"})
_BEFORE_WORD = re.compile(r"([A-Za-z]+)\W{1,2}$")
# Nouns after a name that make it the home of people or an area ("the Reyes
# family" is a person's: family and couple are left out).
_PEOPLE_OF_A_PLACE_AFTER = re.compile(
    r"[ -](?:residents?|natives?|man|woman|men|women|area|officials|voters|taxpayers)\b"
)


def _speaks(mention: Mention, text: str) -> bool:
    """ "Trapani said": the name is the subject of a speech verb."""
    return _SPEECH_AFTER.match(text, mention.end) is not None


def _written_as_a_place(mention: Mention, text: str) -> bool:
    """ "in Millbrook", "Millbrook-based", "Millbrook, Ky.", "the Millbrook
    Police": a mention the text itself writes as a place."""
    if mention.qualifier or mention.office:
        return True
    if text[mention.end : mention.end + 7].lower() == "-based ":
        return True
    if _PEOPLE_OF_A_PLACE_AFTER.match(text, mention.end):
        return True  # "55 Millbrook residents", "a Millbrook man", "the Millbrook area"
    if text[mention.end : mention.end + 1] in {"'", "’"}:
        return False  # "in Reyes' car": his car
    before = _BEFORE_WORD.search(text[max(0, mention.start - 12) : mention.start])
    return before is not None and before.group(1).lower() in _PLACE_WORDS_BEFORE
