"""Evidence: whether a span that matches a known name names a place here.

A capitalised run that the gazetteer knows may still be a person ("Stephen
Ellis", "said Paris"), an organisation ("Washington Post", "Marks & Spencer"),
a common word opening a sentence, a month, an acronym or a word in a headline.
``judge`` weighs the span's neighbours and returns a ``Verdict`` with the
reasons; ``drop_person_surnames`` then uses what the whole text says ("Ellis"
alone, once "Stephen Ellis" is a person).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from geomap.model import Match, Mention
from geomap.text.tokens import (
    Token,
    follows_place_comma,
    is_sentence_start,
    next_is_capitalised_word,
    next_word,
    previous_word,
    run_start,
    touches_ampersand,
)
from geomap.text.wordlists import (
    BORDER_WORDS,
    DIRECTION_WORDS,
    FEATURE_NOUNS,
    FUNCTION_WORDS,
    INSTITUTION_NOUNS,
    MONTHS_AND_DAYS,
    ORGANISATION_NOUNS,
    PLACE_QUALIFIERS,
    SPEECH_VERBS,
    TITLES,
)

if TYPE_CHECKING:  # only for annotations: mentions imports this module
    from geomap.geoparse.mentions import Spotted

__all__ = ["Verdict", "drop_person_surnames", "judge"]

# Drop reasons that name a person end with a period when the evidence is
# certain (a title or "said" before the name): drop_person_surnames looks for
# that; without it the name may as well be an organisation's.
_PERSON = "a person's name"
_PERSON_FOR_SURE = "a person's name."


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether to keep a span, the role it plays ("place", "embedded",
    "demonym", "border") and why; ``name_types`` limits the gazetteer matches
    that still fit (only its abbreviations, say)."""

    keep: bool
    role: str
    reasons: tuple[str, ...]
    name_types: frozenset[str] | None = None  # None: every match allowed

    def allows(self, match: Match) -> bool:
        return self.name_types is None or match.name_type in self.name_types


# Name types that are a place's own name, not one of its other names.
_OWN_NAMES = frozenset({"name", "abbrev", "demonym"})


def judge(  # noqa: C901
    tokens: list[Token],
    first: int,
    last: int,
    matches: tuple[Match, ...],
    lower_words: set[str],
    text: str,
    in_title: bool = False,
) -> Verdict:
    """Judge the known name spanning ``tokens[first : last + 1]``.

    ``lower_words`` holds the words the text writes in lower case elsewhere;
    ``in_title`` says the span sits on a title-case line, where capitals
    prove nothing.
    """
    head = tokens[first]
    lower = head.lower
    single = first == last
    name_types = {m.name_type for m in matches}
    before = previous_word(tokens, first)
    after = next_word(tokens, last)
    role = "place"
    reasons: list[str] = []

    def drop(reason: str) -> Verdict:
        return Verdict(False, role, (reason,))

    if name_types == {"demonym"}:
        role = "demonym"
        if after is not None and after.lower in BORDER_WORDS:
            role = "border"
        elif (
            before is not None
            and before.lower in {"in", "speak", "speaks", "spoke"}
            and (after is None or not after.is_word)
        ):
            return drop(f"'{head.text}' names a language here")
        reasons.append(f"demonym of {matches[0].place.name}")
    elif after is not None and after.lower in BORDER_WORDS:
        role = "border"

    feature = _feature_noun_after(tokens, last)
    if feature and not any(m.place.kind in _FEATURE_KINDS for m in matches):
        noun = feature[:-1] if feature.endswith("s") else feature
        return drop(
            f"'{_surface_of(tokens, first, last)}' names a {noun} here, not the places called so"
        )
    if single and lower in MONTHS_AND_DAYS:
        return drop(f"'{head.text}' is a month or weekday name")
    if single and len(head.text) == 1:
        return drop(f"'{head.text}' is a single letter")
    if single and lower in DIRECTION_WORDS:
        return drop(f"'{head.text}' is a direction word, not a name on its own")
    if single and lower in INSTITUTION_NOUNS and not _is_big_place(matches):
        return drop(f"'{head.text}' names an institution or building here, not a town")
    if single and head.is_all_caps and len(head.text.replace(".", "")) <= 4:
        # Short capitals are acronyms (BP, CNN, AQIM) unless the gazetteer has
        # them as an abbreviation; a region code (IL, NY) only after "Town,".
        allowed = {"abbrev"}
        after_comma = follows_place_comma(tokens, first, text)
        allowed_matches = [
            m
            for m in matches
            if m.name_type == "abbrev" and _abbreviation_fits(m, head.text, after_comma, True)
        ]
        if not allowed_matches:
            return drop(f"'{head.text}' is an acronym, not a known abbreviation of a place")
        return Verdict(True, role, ("known abbreviation",), frozenset(allowed))
    if "." in head.text and not any(m.name_type == "abbrev" for m in matches):
        return drop(f"'{head.text}' is an abbreviation the gazetteer does not know")
    surface = text[head.start : tokens[last].end]
    after_comma = follows_place_comma(tokens, first, text)
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
        and (after is None or after.lower in FUNCTION_WORDS)
    ):
        return drop(f"'{head.text}' follows '{before.text}': a common noun, not a place")

    if in_title:
        # In a headline every word is capitalised, so capitals prove nothing:
        # only a well-known place under its own name counts ("Algeria", not
        # "Goes" or "Far").
        known = frozenset({"name", "abbrev", "demonym"})
        if not any(m.name_type in known and _is_known_place(m) for m in matches):
            return drop(f"'{surface}' in a title-case line is no well-known place")
        return Verdict(True, role, ("title-case line", _describe(matches)), known)

    run_first = run_start(tokens, first, text)
    if run_first < first:
        previous = tokens[first - 1]
        prev_lower = previous.lower.rstrip(".")
        if prev_lower in TITLES:
            return drop(f"follows the title '{previous.text}': {_PERSON_FOR_SURE}")
        # A run's first word may be capitalised only because it opens the
        # sentence ("Yesterday Paris said"): then it says nothing, unless the
        # text never writes it in lower case ("Stephen Kelly said").
        opener_is_common_word = (
            run_first == first - 1
            and is_sentence_start(tokens, run_first, text)
            and tokens[run_first].lower in lower_words
        )
        if prev_lower in PLACE_QUALIFIERS and not any(m.name_type in _OWN_NAMES for m in matches):
            # "North Runcton" is a village of its own: "Runcton" inside it is no
            # place, least of all one known by "Runcton" only as another name.
            return drop(
                f"'{previous.text} {head.text}' is a longer name; "
                f"'{head.text}' alone is only another name of a place"
            )
        if prev_lower not in PLACE_QUALIFIERS and not opener_is_common_word:
            # "Stephen Ellis" is a person; "Air France" still names France.
            countries = tuple(m for m in matches if m.place.kind in {"country", "continent"})
            if not countries:
                small = all(m.place.population < 20_000 and m.place.kind == "city" for m in matches)
                kind = _PERSON_FOR_SURE if small else f"{_PERSON} or an organisation's"
                return drop(f"follows the capitalised word '{previous.text}': {kind}")
            return Verdict(
                True,
                "embedded",
                (f"ends the longer name '{text[tokens[run_first].start : tokens[last].end]}'",),
                frozenset({"name", "abbrev", "alias", "demonym"}),
            )
    elif before is not None:
        before_lower = before.lower.rstrip(".")
        if before_lower in TITLES and before.is_capitalised:
            return drop(f"follows the title '{before.text}': {_PERSON_FOR_SURE}")
        if before_lower in SPEECH_VERBS and (
            next_is_capitalised_word(tokens, last, text) or not _is_big_place(matches)
        ):
            return drop(f"a name right after '{before.text}': {_PERSON_FOR_SURE}")
        if before_lower in ORGANISATION_NOUNS and next_is_capitalised_word(tokens, last, text):
            return drop(f"after '{before.text}': the title of an organisation or publication")

    if after is not None and after.lower in SPEECH_VERBS and not _is_big_place(matches):
        return drop(f"'{surface}' {after.text} something: {_PERSON_FOR_SURE}")
    if touches_ampersand(tokens, first, last) and not _is_big_place(matches):
        return drop(f"'{surface}' is joined by '&': a firm's name")
    if before is not None and before.lower in {"of", "for"} and first >= 2:
        owner = tokens[first - 2]
        if (
            owner.is_word
            and owner.is_capitalised
            and owner.lower not in FUNCTION_WORDS | PLACE_QUALIFIERS
        ):
            # "Department of Commerce", "University of California": a place
            # closes an institution's name only when it is a well-known place.
            role = "embedded"
            if not any(_is_known_place(m) for m in matches):
                return drop(
                    f"ends the name '{owner.text} {before.text} {surface}' and is no well-known place"
                )

    if is_sentence_start(tokens, first, text):
        if single and lower in FUNCTION_WORDS:
            return drop(f"'{head.text}' is a function word starting a sentence")
        if single and lower in lower_words and not _is_big_place(matches):
            return drop(f"'{head.text}' starts a sentence and appears in lower case elsewhere")
    elif single and lower in FUNCTION_WORDS and not head.is_all_caps:
        return drop(f"'{head.text}' is a function word")
    if single and lower in lower_words and not _is_big_place(matches):
        return drop(f"'{head.text}' is also used as a common word in this text")

    name_types_kept = None
    if next_is_capitalised_word(tokens, last, text) and role == "place":
        role = "embedded"
        reasons.append(f"part of the longer name '{surface} {tokens[last + 1].text}...'")
        # Only a well-known place's own name heads an organisation's name
        # ("Washington Post"); a rare alias there is a person's first name.
        heads = {"name", "abbrev", "demonym"}
        if not any(m.name_type in heads and _is_known_place(m) for m in matches):
            return Verdict(
                False, role, (*reasons, "heads a longer name but is no well-known place")
            )
        name_types_kept = frozenset(heads)
    reasons.append(_describe(matches))
    return Verdict(True, role, tuple(reasons), name_types_kept)


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


def drop_person_surnames(
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
