"""Subjects: who or what a text says lies at a distance.

In "The desert gas field is in Ain Amenas in Illizi province, around 60 km from the
Libyan border" the subject has two readings: In Amenas town, and the gas
field (the incident site). :func:`subject_readings` collects every reading
in the order found: places named before the phrase (apposition, relative
clause, "X is located ...", coordination with a previous claim), the
incident site for "the plant", "the facility", "the complex", "the field",
"the site". Each is a :class:`SubjectReading`: a stretch of text and the place it
names, if resolved.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from geomap.claims.claimtext import ClaimText
from geomap.claims.phrases import phrase_before
from geomap.claims.quantities import find_quantities
from geomap.model import SHAPED_KINDS, Place
from geomap.text.claimwords import (
    AREA_KINDS,
    CALENDAR_WORDS,
    CLASS_NOUNS,
    DETERMINERS,
    NAME_PARTICLES,
    PLACE_NOUNS,
    PRONOUN_WORDS,
    SITE_NOUNS,
)
from geomap.text.wordlists import BORDER_WORDS

__all__ = [
    "CLAUSE_OPENING",
    "SETTLEMENT_NOUNS",
    "SubjectReading",
    "clause_subject",
    "in_respective_list",
    "readings_in_phrase",
    "settlement_named_before",
    "subject_readings",
]

_LOCATIVE_TAIL = re.compile(
    r"""(?:\b(?:is|are|was|were|'s|’s|be|been|being|also|now|lies|lie|lay|lying|sits|sit|sat
    |sitting|stands|stand|stood|standing|remains?|rests?|located|situated|based|positioned
    |placed|centred|centered|sited|found|nestled|perched|built|set)\s+)+$""",
    re.I | re.X,
)
_BORDER_OF_WHICH = re.compile(
    r",?\s*(?:(?:the|its)\s+(?:border|frontier|boundary)\s+of\s+which|whose\s+(?:border|frontier|boundary))\s*$",
    re.I,
)
_PARTICIPLE = re.compile(
    r"(?:located|situated|based|positioned|lying|sitting|standing|nestled|perched|set)\b", re.I
)
_SITE_WITH_PREPOSITION = re.compile(
    r"(?P<phrase>\b(?:the|its|their|a|an|this)\s+"
    r"(?:(?!(?:the|its|their|a|an|this)\b)[\w-]+\s+){0,4}?(?P<noun>[\w-]+))"
    r"\s+(?:at|in|near|outside|close\s+to)\s+$",
    re.I,
)
# ", a town of 7,000 people about 1,300 km ...": a description of the place
# named before the comma.
_DESCRIPTIVE_APPOSITION = re.compile(
    r",\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:"
    + "|".join(sorted(PLACE_NOUNS | SITE_NOUNS))
    + r")\b(?:[^,;()]|(?<=\d),(?=\d))*$",
    re.I,
)
_RELATIVE_PRONOUN = re.compile(r",?\s*\b(?:which|that|where)\s*$", re.I)
# The verb after a clause's subject: "The gas field is in ...", "Gao lies ...",
# but not "The company is warning ..." (a verb in -ing or -ed other than a
# locative participle).
_CLAUSE_VERB = re.compile(
    r"""\s(?:is|are|was|were|lies|lay|sits|stands|remains)\b
    (?!\s+(?!located|situated|based|positioned|centred|centered|sited|set|nestled|perched)
    \w+(?:ing|ed)\b)""",
    re.X,
)
_COORDINATION_GAP = re.compile(
    r"""^[\s,;]*(?:(?:and|or|but|while|plus|as\s+well\s+as)\b)?[\s,]*
    (?:(?:it|which)\s+)?(?:(?:is|lies|sits|was)\s+)?(?:(?:also|located|situated)\s+)*
    (?:(?:some|about|around|roughly|approximately|nearly|almost|just)\s+)?$""",
    re.I | re.X,
)
_QUALIFIER_BEFORE = re.compile(
    r"(?:\b(?:in|inside|on|near|along|by|off|at|beside)(?:\s+the)?|,"
    r"|\b(?:side|sides|bank|banks|shore|shores|edge|spur|foot|slopes?|mouth)\s+of(?:\s+the)?"
    r"|\b(?:suburb|suburbs|outskirts|district|neighbou?rhood|borough)\s+of(?:\s+the)?"
    r"|\b(?:north|south)?-?(?:east|west)?\s+of(?:\s+the)?)$",
    re.IGNORECASE,
)
# After these, a name geomap does not know only says where the subject is
# ("on the Hume Highway,", "on the north side of U.S. Route 281,"); after
# "in" it may be the subject itself ("in Tazrit, 48 km south-east of Norton").
# "on the western shores of Moreton Bay": whatever is named after these
# words, known or not, is where the subject is, not the subject.
_PART_OF = frozenset(
    {"side", "sides", "bank", "banks", "shore", "shores", "edge", "spur", "foot"}
    | {"slope", "slopes", "mouth"}
    # "a suburb of Perth": the city only says where the suburb is
    | {"suburb", "suburbs", "outskirts", "district", "neighbourhood", "neighborhood", "borough"}
    # "to the east of New York City, 18.5 miles from Manhattan": a bearing
    # without a figure only locates the subject
    | {"north", "south", "east", "west", "north-east", "north-west", "south-east", "south-west"}
    | {"northeast", "northwest", "southeast", "southwest"}
)
_LOCATED_IN = re.compile(
    r"\w\s+(?:is|are|was|were|lies|lie|sits|stands|located|situated)\s+in\b[^,;()]*$", re.I
)
_ONLY_LOCATING = frozenset({"near", "along", "beside", "off", "on"}) | _PART_OF
# "the town lies 5 km from ...": a settlement named before, or the article's.
SETTLEMENT_NOUNS = frozenset({"town", "city", "village", "hamlet", "community", "settlement"})
_CLAUSE_SEPARATOR = re.compile(r"[;:—]|\s–\s")
_NAME_WORD = re.compile(r"[\w'’.-]+")


@dataclass(frozen=True, slots=True)
class SubjectReading:
    """A stretch of text read as a subject, and the place it names (if resolved).

    ``border`` marks a country's border read as the subject ("Libya, the
    border of which lies 40 miles from the camp").
    """

    start: int
    end: int
    place: Place | None
    border: bool = False
    #: The phrase refers to the incident site ("the plant").
    is_site: bool = False


def subject_readings(
    context: ClaimText,
    sentence_start: int,
    anchor: int,
    previous: tuple[int, Sequence[SubjectReading], Place | None] | None,
) -> list[SubjectReading]:
    """Every reading of what lies at the distance stated at ``anchor``.

    ``previous`` is the end, the subject readings and the reference of the
    claim before it in the sentence, if any: a coordinated claim ("60 km from
    Algiers and 30 km from Gao") has the same subjects.
    """
    text = context.text
    prefix = text[sentence_start:anchor]
    respective = _respective_subject(context, sentence_start, anchor)
    if respective is not None:
        return respective
    readings: list[SubjectReading] = []
    if previous is not None:
        previous_end, previous_readings, previous_reference = previous
        gap_start = _after_apposition(context, previous_end, anchor, previous_reference)
        if _COORDINATION_GAP.match(text[gap_start:anchor]):
            # "7 mi NE of Alton, 18 mi SW of Brigg and 30 mi from Hull": a list of
            # distances from one subject, not from the place named before.
            return list(previous_readings)
    locative = _LOCATIVE_TAIL.search(prefix)
    stripped = prefix.rstrip()
    if locative is not None and locative.start() > 0:
        readings.extend(
            _locative_subject(context, sentence_start, sentence_start + locative.start(), anchor)
        )
    elif stripped.endswith((",", "(", "—", "–")):
        readings.extend(_appositive(context, sentence_start, sentence_start + len(stripped) - 1))
        readings.extend(clause_subject(context, sentence_start, anchor))
    else:
        adjacent = phrase_before(context, sentence_start, anchor)
        if adjacent is not None and not _locates_the_subject(context, sentence_start, adjacent):
            readings.extend(readings_in_phrase(context, *adjacent))
        description = _DESCRIPTIVE_APPOSITION.search(prefix)
        if not readings and description is not None:
            readings.extend(
                _appositive(context, sentence_start, sentence_start + description.start())
            )
        if not readings:
            readings.extend(clause_subject(context, sentence_start, anchor))
    if _only_unknown_locations(context, sentence_start, readings):
        readings = _opening_subject(context, sentence_start, anchor) or readings
    unique: dict[object, SubjectReading] = {}
    for reading in readings:
        key = reading.place.id if reading.place is not None else (reading.start, reading.end)
        unique.setdefault((key, reading.border), reading)
    return list(unique.values())


# "... in Babergh district, 5 miles", "... in the valley of the upper Styr
# River, 90 km": a name after one of these (an article or a few words between)
# says where something is.
_LOCATING_PREPOSITION = re.compile(
    r"\b(?:in|on|at|into|within|of|near|along|inside|across|amid|among)"
    r"(?:\s+[\w'’-]+){0,3}\s*$",
    re.I,
)
# "It is located in ...", "The town lies in ...": the place the article is about
_PRONOUN_SUBJECT = frozenset({"it"} | {f"the {noun}" for noun in SETTLEMENT_NOUNS})


def _only_unknown_locations(
    context: ClaimText, sentence_start: int, readings: Sequence[SubjectReading]
) -> bool:
    """Whether every reading is an area or a name geomap cannot place, after a
    locating preposition in its clause: what the subject is in, not the subject."""
    if not readings or any(r.is_site or r.border or _is_point(r.place) for r in readings):
        return False
    text = context.text
    for reading in readings:
        clause_start = max(sentence_start, text.rfind(",", sentence_start, reading.start) + 1)
        if not _LOCATING_PREPOSITION.search(text, clause_start, reading.start):
            return False
    return True


# "... 4.0 km to the west and 8.0 km to the south-west respectively": up to
# the word, past decimal points but not past the sentence's end, and not
# further than a list of figures runs
_RESPECTIVELY_AHEAD = re.compile(r"(?:[^.;]|\.(?=\d))*?\brespectively\b", re.I)
_RESPECTIVELY_REACH = 400
_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_LOCATED_VERB = re.compile(r"\s(?:are|were|lie|sit|stand)\b(?:\s+(?:located|situated))?", re.I)


def _respective_subject(
    context: ClaimText, sentence_start: int, anchor: int
) -> list[SubjectReading] | None:
    """ "Nisku and the airport are located 4.0 km to the west and 8.0 km to
    the south-west respectively": the n-th figure is about the n-th subject."""
    text = context.text
    if _RESPECTIVELY_AHEAD.match(text, anchor, anchor + _RESPECTIVELY_REACH) is None:
        return None
    verb = _LOCATED_VERB.search(text, sentence_start, anchor)
    if verb is None:
        return None
    items = _list_items(text, sentence_start, verb.start())
    index = len(find_quantities(text[verb.end() : anchor]))  # the figures before this one
    if len(items) < 2 or index >= len(items):
        return None
    return readings_in_phrase(context, *items[index], subject_position=True)


def in_respective_list(context: ClaimText, sentence_start: int, anchor: int) -> bool:
    """Whether the figure at ``anchor`` is one of a "respectively" list."""
    return _respective_subject(context, sentence_start, anchor) is not None


def _list_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of "A, B and C" between ``start`` and ``end``."""
    items, position = [], start
    for separator in _LIST_SEPARATOR.finditer(text, start, end):
        items.append((position, separator.start()))
        position = separator.end()
    items.append((position, end))
    return [(a, b) for a, b in items if text[a:b].strip()]


_NO_POINT_KINDS = AREA_KINDS | SHAPED_KINDS


def _is_point(place: Place | None) -> bool:
    return place is not None and place.kind not in _NO_POINT_KINDS


def _opening_subject(context: ClaimText, sentence_start: int, anchor: int) -> list[SubjectReading]:
    """The place a sentence opens with as the subject of "is", "lies", "located":
    "Troitsk (Russian: ...) is a town in ...", "It is located in ..." (the
    place the article is about).

    A place geomap knows, a proper name it cannot place (the subject all the
    same: "Tazrit is a village in Illizi province, 48 km ..."), or the titled
    site for "It": never a guess at a place."""
    text = context.text
    verb = _CLAUSE_VERB.search(text, sentence_start, anchor)
    if verb is None:
        return []
    start = sentence_start
    while start < verb.start() and text[start].isspace():
        start += 1
    end = verb.start()
    for mark in "(,":  # the name, not its aside: "Troitsk (Russian: ...) is"
        at = text.find(mark, start, end)
        end = at if at != -1 else end
    while end > start and text[end - 1].isspace():
        end -= 1
    if not 0 < end - start <= 60:
        return []
    if text[start:end].lower() in _PRONOUN_SUBJECT:
        titled = context.site is not None and context.site_is_titled
        return [SubjectReading(start, end, context.site, is_site=True)] if titled else []
    found = readings_in_phrase(context, start, end, subject_position=True)
    return [r for r in found if _is_point(r.place) or _unplaced_name(context, r)]


def _opening_name(context: ClaimText, sentence_start: int, end: int) -> list[SubjectReading]:
    """ "Tazrit, a village in Illizi province, lies ...": the name before the
    sentence's first comma, when it names no known area (the aside says what
    it is; the name is the subject)."""
    text = context.text
    comma = text.find(",", sentence_start, end)
    if comma == -1:
        return []
    start = sentence_start
    while start < comma and text[start].isspace():
        start += 1
    found = readings_in_phrase(context, start, comma, subject_position=True)
    return [
        r for r in found if r.end == comma and (_is_point(r.place) or _unplaced_name(context, r))
    ]


def _unplaced_name(context: ClaimText, reading: SubjectReading) -> bool:
    """A proper name geomap cannot place: no place, not the site, and written
    as a name ("Tazrit", "Puerto Nuevo", "Ban Na Sai"; not "It is Chile's
    northernmost city")."""
    if reading.place is not None or reading.is_site:
        return False
    words = context.text[reading.start : reading.end].split()
    return (
        0 < len(words) <= _LONGEST_NAME_WORDS
        and words[0].lower() not in _NOT_A_NAME_START
        and all(w[:1].isupper() or w in _NAME_PARTICLES for w in words)
    )


_LONGEST_NAME_WORDS = 4
_NOT_A_NAME_START = frozenset({"it", "its", "this", "that", "the", "a", "an", "there", "here"})
_NAME_PARTICLES = frozenset({"de", "del", "la", "le", "el", "al", "du", "van", "von", "der", "of"})


_APPOSITION = re.compile(r"\s*,\s*[^,;]{1,60},")


def _after_apposition(context: ClaimText, start: int, anchor: int, reference: Place | None) -> int:
    """Past ", Lucknow," when it only renames the reference just named ("378 km
    west of the state capital, Lucknow, 206 km south of ..."): the list goes on."""
    match = _APPOSITION.match(context.text, start, anchor)
    if match is None or reference is None:
        return start
    named = [r.place for r in context.inside(match.start(), match.end()) if r.place is not None]
    return match.end() if named and all(place == reference for place in named) else start


def _locative_subject(
    context: ClaimText, sentence_start: int, verb_start: int, anchor: int
) -> list[SubjectReading]:
    """The subject of "X is located", "X, which lies", "X, located", "Libya,
    the border of which lies"."""
    text = context.text
    before = text[sentence_start:verb_start]
    border = _BORDER_OF_WHICH.search(before)
    if border is not None:
        readings = _appositive(
            context, sentence_start, sentence_start + border.start(), skip_qualifiers=False
        )
        return [replace(r, border=True) for r in readings if r.place is not None][:1]
    relative = _RELATIVE_PRONOUN.search(before)
    if relative is not None:
        return _appositive(context, sentence_start, sentence_start + relative.start())
    if before.rstrip().endswith(","):
        if _PARTICIPLE.match(text, verb_start):
            # "Duff, located a few miles away": the participle describes Duff.
            return _appositive(context, sentence_start, sentence_start + len(before.rstrip()) - 1)
        # "..., and Miami, Oklahoma, is 20 miles ...": the place named before
        # the comma, its qualifier aside; else "The facility, the
        # fourth-largest in Algeria, is located ...": the clause's subject.
        named = _appositive(context, sentence_start, sentence_start + len(before.rstrip()) - 1)
        if any(
            _is_point(r.place) and _opens_a_clause(text, sentence_start, r.start) for r in named
        ):
            return named
        return clause_subject(context, sentence_start, anchor) or _opening_name(
            context, sentence_start, verb_start
        )
    phrase = phrase_before(context, sentence_start, verb_start)
    if phrase is None:
        return []
    qualifier = _QUALIFIER_BEFORE.search(text[sentence_start : phrase[0]].rstrip())
    if (
        qualifier is not None
        and qualifier.start() > 0
        and _only_locates(qualifier.group(), text[phrase[0] : phrase[1]])
    ):
        # "Gao on the Niger lies ...": the river only says where Gao is
        inner = phrase_before(context, sentence_start, sentence_start + qualifier.start())
        phrase = inner or phrase
    readings = readings_in_phrase(context, *phrase, subject_position=True)
    return _site_before_preposition(context, sentence_start, phrase[0]) + readings


#: What may stand before the first word of a clause: "and Miami, ...".
CLAUSE_OPENING = re.compile(r"[\s\"'“(]*(?:(?:and|but|while)\s+)?", re.I)


def _opens_a_clause(text: str, sentence_start: int, position: int) -> bool:
    """Whether a name at ``position`` opens its clause ("..., and Miami, ..."),
    not a phrase inside another ("..., a water source for San Luis Obispo,")."""
    comma = text.rfind(",", sentence_start, position)
    return CLAUSE_OPENING.fullmatch(text, max(sentence_start, comma + 1), position) is not None


def _appositive(
    context: ClaimText, sentence_start: int, end: int, *, skip_qualifiers: bool = True
) -> list[SubjectReading]:
    """The place named just before ``end`` (a comma), skipping qualifiers:
    in "Ain Amenas in Illizi province," the province only says where the town is."""
    text = context.text
    for _ in range(3):
        phrase = phrase_before(context, sentence_start, end)
        if phrase is None:
            return []
        readings = readings_in_phrase(context, *phrase)
        before = text[sentence_start : phrase[0]].rstrip()
        qualifier = _QUALIFIER_BEFORE.search(before)
        is_area = bool(readings) and all(
            r.place is not None and r.place.kind in AREA_KINDS and not r.border for r in readings
        )
        # After a preposition, a phrase naming no known place ("near the Air
        # mountains") also only says where the subject is.
        locates_only = (
            qualifier is not None
            and _only_locates(qualifier.group(), text[phrase[0] : phrase[1]])
            and (
                not any(r.place is not None for r in readings)
                or qualifier.group().split()[0].lower() in _PART_OF
                # "lies on the Volga": a town takes no article, what follows one
                # after a verb of place only locates
                or (
                    _with_article(qualifier.group(), text[phrase[0] : phrase[1]])
                    and _LOCATIVE_TAIL.search(before[: qualifier.start()] + " ") is not None
                )
            )
        )
        if (
            skip_qualifiers
            and (is_area or locates_only)
            and qualifier is not None
            and qualifier.start() > 0
        ):
            # "Gao on the Niger,": what follows the subject only says where it is.
            end = sentence_start + qualifier.start()
            continue
        return _site_before_preposition(context, sentence_start, phrase[0]) + readings
    return []


def _locates_the_subject(context: ClaimText, sentence_start: int, phrase: tuple[int, int]) -> bool:
    """ "located on the western shores of Moreton Bay approximately 25 km ...":
    a phrase after "the shores of", "the banks of"... says where the subject is."""
    before = context.text[sentence_start : phrase[0]].rstrip()
    if _LOCATED_IN.search(before):
        # "Asadabad is in a mountainous region of the Hindu Kush, 13 km ...":
        # what the clause's subject is in only says where it is
        return True
    qualifier = _QUALIFIER_BEFORE.search(before)
    if qualifier is None or not qualifier.group().strip(" ,"):
        return False
    word = qualifier.group().split()[0].lower()
    # "on the Volga, 14 km east of Saratov", "near Lake Chad, 10 km from ...":
    # after these the phrase only says where the subject is
    return word in _PART_OF or word in _ONLY_LOCATING


def _only_locates(qualifier: str, phrase: str) -> bool:
    """Whether a name after ``qualifier`` only locates the subject: after
    "near", "on", "the banks of"..., and after "in the" (a village takes no
    article: "in the Minangkabau Highlands", but "in Tazrit")."""
    words = qualifier.lower().split()
    if not words:
        return False
    with_article = words[-1] == "the" or phrase.lower().startswith("the ")
    return words[0] in _ONLY_LOCATING or (words[0] == "in" and with_article)


def _with_article(qualifier: str, phrase: str) -> bool:
    return qualifier.lower().split()[-1] == "the" or phrase.lower().startswith("the ")


def _site_before_preposition(
    context: ClaimText, sentence_start: int, start: int
) -> list[SubjectReading]:
    """The site, when the phrase at ``start`` only locates it: "its facility
    at In Amenas is ...", "the complex near In Amenas, ..."."""
    match = _SITE_WITH_PREPOSITION.search(context.text, sentence_start, start)
    if match is None or match.group("noun").lower() not in SITE_NOUNS:
        return []
    return [SubjectReading(match.start("phrase"), match.end("noun"), context.site, is_site=True)]


def clause_subject(context: ClaimText, sentence_start: int, anchor: int) -> list[SubjectReading]:
    """The subject of the clause the anchor is in, when it is a place or the
    site: "The gas field is in Ain Amenas ..., around 60 km ..."."""
    text = context.text
    clause_start = sentence_start
    for separator in _CLAUSE_SEPARATOR.finditer(text, sentence_start, anchor):
        if not _inside_brackets(text, sentence_start, separator.start()):
            clause_start = separator.end()
    verb = _CLAUSE_VERB.search(text, clause_start, anchor)
    if verb is None:
        return []
    start, end = clause_start, verb.start()
    while start < end and text[start].isspace():
        start += 1
    aside = text.find("(", start, end)
    if aside != -1 and text[start:end].rstrip().endswith(")"):
        end = aside  # "Pailou (pinyin: Páilóu) is ...": the name, not its aside
    comma = text.find(",", start, end)
    if comma != -1:
        # "The facility, the fourth-largest in Algeria, is ...": the subject
        # is before the aside; anything else with a comma is no subject.
        if not text[start:end].rstrip().endswith(","):
            return []
        end = comma
    if not 0 < end - start <= 90 or any(c in ";:" for c in text[start:end]):
        return []
    return readings_in_phrase(context, start, end)


def _inside_brackets(text: str, start: int, position: int) -> bool:
    """Whether ``position`` lies inside a bracket opened after ``start``."""
    before = text[start:position]
    return before.count("(") > before.count(")")


def readings_in_phrase(
    context: ClaimText, start: int, end: int, *, subject_position: bool = False
) -> list[SubjectReading]:
    """What a noun phrase names: the site ("the gas plant"), a place whose
    mention ends the phrase ("the town of Gao", "Illizi province"), a
    country's border ("the Libyan border"), or an unresolved proper name.

    ``subject_position`` says the phrase is the subject of "is", "lies", ...:
    a single capitalised word there is a name even at the sentence start
    ("Sealy is 3 miles to the west").
    """
    text = context.text
    words = text[start:end].split()
    if not words:
        return []
    head = words[-1].lower().strip(".,;:")
    mentions = [r for r in context.inside(start, end) if r.mention.role != "demonym"]
    if head in BORDER_WORDS:
        countries = [r for r in context.inside(start, end) if r.place is not None]
        return [SubjectReading(start, end, countries[0].place, border=True)] if countries else []
    if head in SITE_NOUNS:
        facilities = [r for r in mentions if r.place is not None and r.place.kind == "facility"]
        if facilities:
            return [SubjectReading(start, end, facilities[-1].place)]
        named = len(words) > 1 and (words[0].lower() in DETERMINERS or words[0][:1].isupper())
        return [SubjectReading(start, end, context.site, is_site=True)] if named else []
    if len(words) == 2 and words[0].lower() == "the" and head in SETTLEMENT_NOUNS:
        return _the_settlement_meant(context, start, end)
    head_end = end
    if head in CLASS_NOUNS and len(words) > 1:
        head_end = start + text[start:end].rstrip().rfind(words[-1]) - 1
        while head_end > start and text[head_end - 1] == " ":
            head_end -= 1
    for resolution in reversed(mentions):
        if resolution.mention.end in (end, head_end):
            return [
                SubjectReading(resolution.mention.start, resolution.mention.end, resolution.place)
            ]
    name = _proper_name_before(text, start, head_end, allow_initial=subject_position)
    if name and not _is_demonym(context, *name):
        return [SubjectReading(name[0], name[1], None)]
    if any(word[:1].isupper() for word in words[1:]) and not (name and _is_demonym(context, *name)):
        # "the Rest and Be Thankful pass": something named that geomap does
        # not know; better unverifiable than taken for the incident site.
        return [SubjectReading(start, end, None)]
    return []


_ANAPHORA_CHARACTERS = 400
_SETTLEMENT_KINDS = frozenset({"city", "admin2"})


def _the_settlement_meant(context: ClaimText, start: int, end: int) -> list[SubjectReading]:
    """ "The town" is the place the article's title names; else the last town
    named in the sentences before ("Antakya ... the city lies 20 km from the
    border"); else the incident site."""
    site = context.site
    if site is not None and context.site_is_titled:
        return [SubjectReading(start, end, site, is_site=True)]
    named = settlement_named_before(context, start)
    if named is not None:
        return [SubjectReading(start, end, named)]
    return [SubjectReading(start, end, site, is_site=True)] if site is not None else []


def settlement_named_before(
    context: ClaimText, position: int, *, besides: Collection[Place | None] = ()
) -> Place | None:
    """The last town or city named in the 400 characters before ``position``,
    other than those in ``besides``: what "the town" or "the city" means."""
    named = [
        r.place
        for r in context.resolutions
        if r.place is not None
        and r.place.kind in _SETTLEMENT_KINDS
        and r.mention.end <= position
        and position - r.mention.end <= _ANAPHORA_CHARACTERS
        and r.place not in besides
    ]
    return named[-1] if named else None


def _is_demonym(context: ClaimText, start: int, end: int) -> bool:
    """ "a Palestinian town": the capitalised word describes, it names no place."""
    return any(
        r.mention.role == "demonym" and r.mention.start <= start and end <= r.mention.end
        for r in context.inside(start, end)
    )


def _proper_name_before(
    text: str, start: int, end: int, *, allow_initial: bool = False
) -> tuple[int, int] | None:
    """The run of capitalised words ending at ``end`` ("Old Windsor"), if it
    is a name: not a pronoun, a day or a month, and not a lone word opening
    the sentence (capitalised anyway) unless ``allow_initial``."""
    words = list(_NAME_WORD.finditer(text[start:end]))
    run: list[re.Match[str]] = []
    for word in reversed(words):
        if word.group()[:1].isupper() or (run and word.group().lower() in NAME_PARTICLES):
            run.insert(0, word)
        else:
            break
    while run and run[0].group().lower() in NAME_PARTICLES | DETERMINERS:
        run.pop(0)
    if not run or run[-1].group().lower().rstrip(".") in CALENDAR_WORDS | PRONOUN_WORDS:
        return None
    name_start, name_end = start + run[0].start(), start + run[-1].end()
    if len(run) == 1 and not allow_initial and _is_sentence_initial(text, name_start):
        return None
    return name_start, name_end


def _is_sentence_initial(text: str, position: int) -> bool:
    before = text[max(0, position - 3) : position].strip()
    return position == 0 or before == "" or before[-1] in '.!?\n"“'
