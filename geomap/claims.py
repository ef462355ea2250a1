"""Distance and direction claims read from an article's text.

"The gas field is in Ain Amenas in Illizi province, around 60 km from the
Libyan border" holds one claim: a *quantity* ("around 60 km"), a *reference*
it is measured from ("the Libyan border": the border geometry of Libya) and
the *subjects* said to lie at that distance (two readings: In Amenas town,
and the gas field, the incident site). :func:`extract_claims` finds such
claims with :mod:`geomap.quantities` and the document's resolved place
mentions; it never looks anything up itself.

Conventions of the :class:`~geomap.model.Claim` objects built here:

``direction``
    the compass point (see :data:`~geomap.quantities.COMPASS_DEGREES`) at
    which the subject lies *as seen from the reference*. When the text names
    the place that lies at a distance and leaves the origin implicit
    ("Duckwater, 46 miles to the south"; "it is 68 miles south-east to
    Chattanooga"), that place is the subject and the origin (the sentence's
    subject, else the incident site) is the reference, so the stated direction
    keeps its meaning. Such an implicit reference has empty ``text``.
``relation``
    ``from`` (a distance, with or without a direction), ``by road`` (stated
    as a road distance: the straight line may be shorter), ``within`` (an
    upper bound: "within 30 km of", "a 15 km radius of"), ``near``
    (qualitative, no quantity) or ``direction`` (a direction and no distance:
    "just north of Algiers").
``reference.geometry``
    ``border`` for "the Libyan border", "the border with Libya", "Libya's
    border", "the Algeria-Libya border" (``place`` is the country across the
    border from the subject, ``other_place`` the subject's side when named);
    ``coast`` for "off the coast of X", "off X"; ``area`` when the reference
    place is a country, region or other polygon; ``point`` otherwise.
``subjects``
    every reading of what lies at the distance, in the order found: places
    named before the phrase (apposition, relative clause, "X is located ...",
    coordination with a previous claim), the incident ``site`` for "the
    plant", "the facility", "the complex", "the field", "the site", and the
    site when nothing else is named.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from geomap.model import (
    Claim,
    Document,
    Location,
    Place,
    Quantity,
    Reference,
    Resolution,
)
from geomap.quantities import QuantityMatch, find_quantities, match_direction, opposite_direction

__all__ = ["extract_claims", "merge_repeated"]


def _words(text: str) -> frozenset[str]:
    """The set of whitespace-separated words in ``text`` (keeps word lists readable)."""
    return frozenset(text.split())


#: Place kinds measured as polygons rather than points.
AREA_KINDS = frozenset({"continent", "region", "country", "admin1", "admin2", "desert", "water"})

# Generic nouns news use for the incident site itself ("the plant").
_SITE_NOUNS = frozenset(
    {
        "plant",
        "plants",
        "facility",
        "facilities",
        "complex",
        "field",
        "oilfield",
        "gasfield",
        "site",
        "compound",
        "installation",
        "refinery",
    }
)
# Nouns that follow a name and keep it the same place ("Illizi province").
_CLASS_NOUNS = frozenset(
    {
        "province",
        "region",
        "state",
        "county",
        "district",
        "governorate",
        "wilaya",
        "department",
        "prefecture",
        "municipality",
        "territory",
        "oasis",
        "town",
        "city",
        "village",
        "area",
        "island",
        "islands",
        "river",
        "lake",
        "mountains",
    }
)
# Common nouns for places: "60 km from the capital" is a claim, if unverifiable.
_PLACE_NOUNS = (
    frozenset({"capital", "port", "harbour", "harbor", "airport", "crossing", "base", "camp"})
    | _CLASS_NOUNS
)
_BORDER_WORDS = frozenset({"border", "borders", "frontier", "boundary"})
_COAST_WORDS = frozenset({"coast", "coastline", "shore", "shoreline", "seashore"})
# Nouns that can end a reference after a proper name ("the Ain Amenas gas plant").
_HEAD_NOUNS = _SITE_NOUNS | _PLACE_NOUNS | _BORDER_WORDS | _COAST_WORDS
_DETERMINERS = frozenset(
    {"the", "a", "an", "this", "these", "those", "its", "their", "his", "her", "our"}
)
# Lower-case words that end a noun phrase read forwards ("from Algiers and ...").
_FORWARD_STOPS = _words(
    """off and or but in on at near where which who whom that while when after before since for
    with by as is was are were be been has have had said says along via through across into
    toward towards under over between from to than because if until then also so according"""
)
# Lower-case words that end a noun phrase read backwards ("... from Algiers,").
_BACKWARD_STOPS = _FORWARD_STOPS | _words(
    """of about around outside inside onto it they he she we you not told attacked said lies
    lay sits stands located situated"""
)
_CALENDAR_WORDS = _words(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december today yesterday"""
)
_PRONOUN_WORDS = _words("it its this that these those they he she we there here which who what")
_PRONOUNS = frozenset({"it", "here", "there", "where", "them", "which", "this", "that"})
_NAME_PARTICLES = frozenset(
    {"of", "de", "del", "della", "di", "da", "do", "dos", "du", "des", "la", "le", "el", "al"}
)

_TOKEN = re.compile(r"[\w][\w'’.&-]*|[^\w\s]")
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
    + "|".join(sorted(_PLACE_NOUNS | _SITE_NOUNS))
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
    (?:(?:it|which)\s+)?(?:(?:is|lies|sits|was)\s+)?(?:(?:also|located|situated)\s+)*$""",
    re.I | re.X,
)
_WITHIN_ARTICLE = re.compile(r"\bwithin\s+(?:an?\s+)?$", re.I)
_SKIP_BRACKET = re.compile(r"\s*\((?![^)]*\d)[^()]{1,40}\)")
_MODIFIER = re.compile(
    r"""\s*(?:
        (?P<road>by\s+(?:road|car|highway|rail|train|bus|the\s+road)|driving\s+distance|drive
            |ride|car\s+ride|bus\s+ride|walk|overland)
      | (?P<route>round[\s-]trip|journey|trip|trek|flight|march|hike|voyage|long|wide|high|deep
            |tall|across|in\s+(?:length|diameter|width|height|depth))
      | (?P<straight>as\s+the\s+crow\s+flies|in\s+a\s+straight\s+line|by\s+air|away|distant
            |further|farther|due)
      | (?P<relative>inland|upstream|downstream|upriver|downriver|offshore|out\s+to\s+sea|out)
    )\b""",
    re.I | re.X,
)
_CONNECTOR = re.compile(
    r"""\s*,?\s*(?P<connector>away\s+from|from|of|off|outside(?:\s+of)?|beyond|past|short\s+of
    |above|below|to|towards?|inside|into|radius\s+(?:of|from|around)|radius)\b""",
    re.I | re.X,
)
_AWAY_AT = re.compile(r"\s+(?:at|in)\s+(?=[A-Z])")
_BARE_END = re.compile(
    r"""\s*(?:$|[^\w\s]|(?:and|or|in|on|at|along|across|by|via|near|but|where|which|while
    |with|to|toward|towards|as|up|down|inland|upstream|downstream)\b)""",
    re.X,
)
_NEAR = re.compile(
    r"""\b(?:near(?:\s+to)?|close\s+to|not\s+far\s+from|on\s+the\s+outskirts\s+of
    |just\s+outside(?:\s+of)?|in\s+the\s+vicinity\s+of)\s+""",
    re.I | re.X,
)
_DIRECTION_ONLY = re.compile(
    r"""(?P<lead>\b(?:due|just|slightly|directly|immediately|far|well|to\s+the)\s+)?
    \b(?=(?:north|south|east|west))""",
    re.I | re.X,
)
_OF = re.compile(r"\s+of\s+", re.I)
# "the Libyan border", "the border with Libya", "the border area": a border;
# "the border town of Tessalit" is a town.
_BORDER_HEAD = re.compile(
    r"\b(?:border|frontier|boundary)s?(?:\s+(?:areas?|regions?|zones?))?"
    r"(?:$|\s+(?:with|between|of)\b)",
    re.I,
)
_BORDER_WITH = re.compile(r"\b(?:border|frontier|boundary)\s+with\b", re.I)
_ABBREVIATIONS = _words(
    """mr mrs ms dr gen col lt capt maj sgt cpl st mt ft jr sr no nos co corp inc ltd vs etc
    approx e.g i.e jan feb mar apr jun jul aug sep sept oct nov dec gov sen rep rev prof hon
    pres ave blvd rd ky kan va ala ariz ark calif colo conn fla ga ill ind md mass mich minn
    miss mo mont neb nev okla ore pa tenn tex vt wash wis wyo"""
)
_CAPITALISED_NAME = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|de|al|el)\b)*")
_LAST_TOKEN = re.compile(r"([\w.]+)$")
_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_ENDS_WITH_THE = re.compile(r"\bthe$", re.I)
_ENDS_WITH_INITIALS = re.compile(r"(?:\b[A-Za-z]\.)+$")
_COMMA = re.compile(r",\s*")
_QUALIFIER_BEFORE = re.compile(r"(?:\bin|\binside|,)$")
_CLAUSE_SEPARATOR = re.compile(r"[;:—]|\s–\s")
_NAME_WORD = re.compile(r"[\w'’.-]+")
_NOUN_OF = re.compile(r"\b(\w+)\s+of\s+(?:the\s+)?$")
_DASHES = re.compile("[\u2010-\u2015]")
_NEXT_CHARACTER = re.compile(r"\s*(\S)")
# What may open a sentence besides a capital letter.
_OPENERS = "0123456789\"“'‘("
_SENTENCE_BREAK = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)|\n")


@dataclass(frozen=True, slots=True)
class _Reading:
    """A stretch of text read as a subject, and the place it names (if resolved).

    ``border`` marks a country's border read as the subject ("Libya, the
    border of which lies 60 miles from the facility").
    """

    start: int
    end: int
    place: Place | None
    border: bool = False
    #: The phrase refers to the incident site ("the plant").
    is_site: bool = False


@dataclass(frozen=True, slots=True)
class _Found:
    """A claim with the readings that built it (for coordinated claims)."""

    claim: Claim
    readings: tuple[_Reading, ...]


@dataclass(frozen=True, slots=True)
class _Tail:
    """What follows a quantity: direction, relation, and where the reference starts."""

    end: int
    form: str  # "reference", "bare" (no reference: "6 miles to the west") or "to"
    relation: str
    direction: str | None
    coast: bool = False
    needs_name: bool = False
    #: "60 km of X" is a distance only with a direction or "within" ("within
    #: 60 km of X"); otherwise it is a length ("60 km of the border").
    needs_direction_or_bound: bool = False


class _Text:
    """A document's text with its resolutions, indexed for span queries."""

    def __init__(self, document: Document, resolutions: Sequence[Resolution], site: Place | None):
        self.document = document
        self.text = document.text
        self.site = site
        own = [r for r in resolutions if r.mention.doc_id == document.id]
        self.resolutions = sorted(own, key=lambda r: (r.mention.start, r.mention.end))
        self.starts = [r.mention.start for r in self.resolutions]

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


# ---------------------------------------------------------------------------
# Public functions.


def extract_claims(
    document: Document, resolutions: Sequence[Resolution], *, site: Place | None = None
) -> tuple[Claim, ...]:
    """The distance and direction claims stated in ``document``.

    ``resolutions`` are the document's resolved place mentions; ``site`` is
    the incident site, which "the plant", "the facility" and the like refer
    to. Claims repeated verbatim (a repeated paragraph) are returned once with
    all their locations.

    >>> doc = Document("d1", "The plant lies 60 miles from the Libyan border.")
    >>> [(c.quantity.low, c.quantity.unit, c.reference.text, c.reference.geometry, c.subject_text)
    ...  for c in extract_claims(doc, [])]
    [(60.0, 'mi', 'the Libyan border', 'border', 'The plant')]
    """
    context = _Text(document, resolutions, site)
    claims: list[Claim] = []
    for start, end in _sentence_spans(document.text):
        claims.extend(_sentence_claims(context, start, end))
    return merge_repeated(claims)


def merge_repeated(claims: Iterable[Claim]) -> tuple[Claim, ...]:
    """One claim per repeated statement, holding the locations of every repeat.

    Two claims are the same when they come from the same document, their
    phrases are equal once case, spacing and quote styles are normalised, and
    they read the same subjects and reference. The first one is kept.

    >>> from geomap.model import Quantity, Reference
    >>> ref = Reference("Algiers", 10, 17, "point")
    >>> q = Quantity("60 km", 60, 60, "km")
    >>> first = Claim("d", 0, 17, "60 km of Algiers", "", ref, q)
    >>> again = replace(first, start=100, end=117)
    >>> [(l.start, l.end) for l in merge_repeated([first, again])[0].locations]
    [(0, 17), (100, 117)]
    """
    merged: dict[tuple[object, ...], Claim] = {}
    for claim in claims:
        locations = claim.locations or (Location(claim.doc_id, claim.start, claim.end),)
        key = (
            claim.doc_id,
            _normalise_phrase(claim.text),
            claim.relation,
            claim.direction,
            claim.reference.geometry,
            claim.reference.place.id if claim.reference.place else claim.reference.text.lower(),
            tuple(place.id for place in claim.subjects),
        )
        kept = merged.get(key)
        if kept is None:
            merged[key] = replace(claim, locations=locations)
        else:
            combined = tuple(dict.fromkeys(kept.locations + locations))
            merged[key] = replace(kept, locations=combined)
    return tuple(merged.values())


# ---------------------------------------------------------------------------
# Sentences.


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, trimmed of surrounding whitespace.

    A line break always ends a sentence; a full stop does unless it closes an
    abbreviation or an initial ("U.S.", "Gen.", "W. T. Sherman", "p. m.") or
    the next word starts in lower case.

    >>> text = "Gen. Smith left the U.S. Embassy. He drove 60 km.\\nThen he stopped."
    >>> [text[s:e] for s, e in _sentence_spans(text)]
    ['Gen. Smith left the U.S. Embassy.', 'He drove 60 km.', 'Then he stopped.']
    """
    spans = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        if match.group() != "\n" and not _ends_sentence(text, match):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    trimmed = []
    for begin, end in spans:
        chunk = text[begin:end]
        left = len(chunk) - len(chunk.lstrip())
        right = len(chunk.rstrip())
        if right > left:
            trimmed.append((begin + left, begin + right))
    return trimmed


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    following = _NEXT_CHARACTER.match(text, match.end())
    if following is None or not (following.group(1).isupper() or following.group(1) in _OPENERS):
        return False
    if match.group()[0] != ".":
        return True
    word = _LAST_TOKEN.search(text, max(0, match.start() - 40), match.start())
    if word is None:
        return True
    token = word.group(1)
    if len(token) == 1 and token.isalpha():
        return False  # an initial: "W. T. Sherman", "p. m."
    if _DOTTED_ACRONYM.fullmatch(token):
        return False  # "U.S.", "a.m."
    return token.lower() not in _ABBREVIATIONS


# ---------------------------------------------------------------------------
# Claims in one sentence.


def _sentence_claims(context: _Text, start: int, end: int) -> list[Claim]:
    text = context.text
    sentence = text[start:end]
    found: list[_Found] = []
    quantity_spans: list[tuple[int, int]] = []
    for match in find_quantities(sentence):
        shifted = replace(match, start=match.start + start, end=match.end + start)
        quantity_spans.append((shifted.start, shifted.end))
        previous = found[-1] if found else None
        claim = _quantity_claim(context, start, end, shifted, previous)
        if claim is not None:
            found.append(claim)
    covered = [(f.claim.start, f.claim.end) for f in found] + quantity_spans
    for claim in (
        *_near_claims(context, start, end, covered),
        *_direction_claims(context, start, end, covered),
    ):
        found.append(claim)
    found.sort(key=lambda f: f.claim.start)
    return [f.claim for f in found]


def _quantity_claim(
    context: _Text,
    sentence_start: int,
    sentence_end: int,
    match: QuantityMatch,
    previous: _Found | None,
) -> _Found | None:
    """The claim a quantity states, if what follows makes it a distance between places."""
    text = context.text
    quantity = match.quantity
    tail = _read_tail(text, match.end, sentence_end)
    if tail is None:
        return None
    relation = tail.relation
    if _WITHIN_ARTICLE.search(text, max(sentence_start, match.start - 12), match.start):
        quantity = replace(quantity, hedge="within")  # "within a 15 km radius of"
    if quantity.hedge == "within":
        relation = "within"
    if tail.needs_direction_or_bound and relation != "within":
        return None
    readings = _subject_readings(context, sentence_start, match.start, previous)
    sentence = (sentence_start, sentence_end)
    if tail.form == "reference":
        parts = _measured_from_phrase(context, sentence, tail, readings)
    elif tail.form == "to":
        parts = _measured_to_place(context, sentence, match.start, tail, readings)
    else:
        parts = _measured_from_implicit_origin(context, sentence, match.start, tail, readings)
    if parts is None:
        return None
    reference, readings, end, direction = parts
    if reference.place is not None:
        readings = [r for r in readings if r.place != reference.place]
    return _make_claim(
        context,
        sentence,
        (match.start, end),
        reference,
        readings,
        quantity=quantity,
        direction=direction,
        relation=relation,
    )


# (reference, subject readings, end of the claim phrase, direction)
_Parts = tuple[Reference, list[_Reading], int, str | None]


def _measured_from_phrase(
    context: _Text, sentence: tuple[int, int], tail: _Tail, readings: list[_Reading]
) -> _Parts | None:
    """ "60 km north of Algiers": the reference is the phrase after the connector."""
    phrase = _reference_phrase(context, tail.end, sentence[1])
    if phrase is None or not _names_a_place(context, *phrase, strict=tail.needs_name):
        return None
    reference = _reference(context, *phrase, readings, coast=tail.coast)
    if readings and readings[0].border:
        # "Libya, the border of which lies 60 miles from the facility": the
        # border is the reference and the facility the subject.
        subject = _Reading(reference.start, reference.end, reference.place)
        border = readings[0]
        return _border_reference(context, border), [subject], phrase[1], _opposite(tail.direction)
    return reference, readings, phrase[1], tail.direction


def _measured_to_place(
    context: _Text,
    sentence: tuple[int, int],
    anchor: int,
    tail: _Tail,
    readings: list[_Reading],
) -> _Parts | None:
    """ "it is 68 miles south-east to Chattanooga": the named place lies at the
    distance, measured from the sentence's subject (or the site)."""
    phrase = _reference_phrase(context, tail.end, sentence[1])
    if phrase is None:
        return None
    located = _readings_in_phrase(context, *phrase)
    if not located:
        return None
    reference = _origin_reference(context, sentence[0], anchor, readings, located)
    return reference, located, phrase[1], tail.direction


def _measured_from_implicit_origin(
    context: _Text,
    sentence: tuple[int, int],
    anchor: int,
    tail: _Tail,
    readings: list[_Reading],
) -> _Parts | None:
    """ "Tessalit, 90 km to the north": the place named before lies at the
    distance from an origin left implicit (the sentence's subject, or the site)."""
    located = [
        r for r in readings if not r.is_site and (r.place is None or r.place != context.site)
    ]
    if not located:
        return None
    reference = _origin_reference(context, sentence[0], anchor, [], located)
    return reference, located, tail.end, tail.direction


def _near_claims(
    context: _Text, sentence_start: int, sentence_end: int, covered: list[tuple[int, int]]
) -> list[_Found]:
    """ "In Amenas, near the Libyan border": qualitative claims without a quantity."""
    found = []
    for match in _NEAR.finditer(context.text, sentence_start, sentence_end):
        if _overlaps(match.start(), match.end(), covered):
            continue
        if match.group()[0].isupper() and match.start() != sentence_start:
            continue  # title case ("Forces On Standby Near Algeria"): a headline
        phrase = _reference_phrase(context, match.end(), sentence_end)
        if phrase is None or _overlaps(*phrase, covered):
            continue
        readings = _subject_readings(context, sentence_start, match.start(), None)
        reference = _reference(context, *phrase, readings, coast=False)
        if reference.place is None:
            continue
        readings = [r for r in readings if r.place is None or r.place != reference.place]
        if not readings and not _site_may_be_meant(context, reference):
            continue
        found.append(
            _make_claim(
                context,
                (sentence_start, sentence_end),
                (match.start(), phrase[1]),
                reference,
                readings,
                quantity=None,
                direction=None,
                relation="near",
            )
        )
    return found


def _direction_claims(
    context: _Text, sentence_start: int, sentence_end: int, covered: list[tuple[int, int]]
) -> list[_Found]:
    """ "just north of Algiers": a direction without a distance."""
    text = context.text
    found: list[_Found] = []
    for match in _DIRECTION_ONLY.finditer(text, sentence_start, sentence_end):
        word_start = match.end()
        direction = match_direction(text, word_start)
        if direction is None or direction.start != word_start:
            continue
        if _overlaps(match.start(), direction.end, covered):
            continue
        if found and match.start() < found[-1].claim.end:
            continue  # "north" inside "far north of Gao", already read
        of = _OF.match(text, direction.end)
        if of is None:
            continue
        # "the North of England" names a region; a capitalised direction
        # mid-sentence is part of a name ("North Africa" never gets here).
        before = text[sentence_start : match.start()].rstrip()
        if not match.group("lead") and _ENDS_WITH_THE.search(before):
            continue
        if text[word_start].isupper() and before and not before.endswith((",", ";", ":")):
            continue
        phrase = _reference_phrase(context, of.end(), sentence_end)
        if phrase is None:
            continue
        readings = _subject_readings(context, sentence_start, match.start(), None)
        reference = _reference(context, *phrase, readings, coast=False)
        if reference.place is None:
            continue
        readings = [r for r in readings if r.place is None or r.place != reference.place]
        if not readings and not _site_may_be_meant(context, reference):
            continue
        found.append(
            _make_claim(
                context,
                (sentence_start, sentence_end),
                (match.start(), phrase[1]),
                reference,
                readings,
                quantity=None,
                direction=direction.direction,
                relation="direction",
            )
        )
    return found


def _site_may_be_meant(context: _Text, reference: Reference) -> bool:
    """Whether a qualitative claim naming no subject is about the site.

    "The attack happened near the Libyan border" is; "winds reached 60 km/h
    near Gao" is not: only a border is taken to describe the site unasked.
    """
    return context.site is not None and reference.geometry == "border"


def _make_claim(
    context: _Text,
    sentence: tuple[int, int],
    phrase: tuple[int, int],
    reference: Reference,
    readings: Sequence[_Reading],
    *,
    quantity: Quantity | None,
    direction: str | None,
    relation: str,
) -> _Found:
    text = context.text
    subjects = tuple(dict.fromkeys(r.place for r in readings if r.place is not None))
    subject_text = " / ".join(
        dict.fromkeys(text[r.start : r.end] for r in readings if r.end > r.start)
    )
    if not readings and context.site is not None:
        subjects = (context.site,)
    start, end = phrase
    claim = Claim(
        doc_id=context.document.id,
        start=start,
        end=end,
        text=text[start:end],
        sentence=text[sentence[0] : sentence[1]],
        reference=reference,
        quantity=quantity,
        direction=direction,
        relation=relation,
        subject_text=subject_text,
        subjects=subjects,
        locations=(Location(context.document.id, start, end),),
    )
    return _Found(claim, tuple(readings))


# ---------------------------------------------------------------------------
# What follows a quantity.


def _read_tail(text: str, position: int, limit: int) -> _Tail | None:
    """Direction, modifiers and connector after a quantity, or None if the
    quantity is no distance between places ("60 km long", "a 60-mile trip")."""
    skipped = _SKIP_BRACKET.match(text, position, limit)
    if skipped:
        position = skipped.end()
    direction = None
    road = straight = relative = False
    for _ in range(4):
        space = len(text[position:limit]) - len(text[position:limit].lstrip())
        found = match_direction(text[:limit], position + space) if direction is None else None
        if found is not None:
            direction, position = found.direction, found.end
            continue
        modifier = _MODIFIER.match(text, position, limit)
        if modifier is None:
            break
        if modifier.group("route"):
            return None
        road = road or bool(modifier.group("road"))
        straight = straight or bool(modifier.group("straight"))
        relative = relative or bool(modifier.group("relative"))
        position = modifier.end()
    relation = "by road" if road else "from"
    located_at = _AWAY_AT.match(text, position, limit)
    if located_at and text[position - 8 : position].rstrip().lower().endswith(("away", "distant")):
        # "smoke rising 12 miles away at Paris Hill": Paris Hill is the place at that distance.
        return _Tail(located_at.end(), "to", relation, direction)
    connector = _CONNECTOR.match(text, position, limit)
    word = connector.group("connector").lower() if connector else ""
    if word in ("inside", "into") or (word.startswith("to") and direction is None):
        return None
    if word.startswith("radius"):
        if word == "radius":
            return None
        return _Tail(connector.end(), "reference", "within", direction)  # type: ignore[union-attr]
    if word.startswith("to"):
        return _Tail(connector.end(), "to", relation, direction)  # type: ignore[union-attr]
    if word == "of":
        return _Tail(
            connector.end(),  # type: ignore[union-attr]
            "reference",
            relation,
            direction,
            needs_direction_or_bound=direction is None and not relative,
        )
    if word:
        return _Tail(
            connector.end(),  # type: ignore[union-attr]
            "reference",
            relation,
            direction,
            coast=word == "off",
            needs_name=word in ("above", "below"),
        )
    if (direction or straight or relative) and _BARE_END.match(text, position, limit):
        return _Tail(position, "bare", relation, direction)
    return None


# ---------------------------------------------------------------------------
# Noun phrases.


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]


def _reference_phrase(context: _Text, position: int, limit: int) -> tuple[int, int] | None:
    """The noun phrase starting at ``position``: what a distance is measured from.

    It runs to the first punctuation or clause word, keeps "of" and name
    particles ("the capital of Algiers"), never cuts a place mention in two,
    and after a proper name continues only to a generic head noun ("the Ain
    Amenas gas plant", "Illizi province").
    """
    text = context.text
    tokens = _tokens(text, position, min(limit, position + 160))
    kept: list[tuple[int, int, str]] = []
    seen_name = False
    index = 0
    while index < len(tokens) and len(kept) < 10:
        start, end, word = tokens[index]
        inside = context.covering(start)
        if inside is not None:
            kept.append((start, inside.mention.end, text[start : inside.mention.end]))
            while index < len(tokens) and tokens[index][0] < inside.mention.end:
                index += 1
            seen_name = True
            continue
        lowered = word.lower().rstrip(".")
        if not word[0].isalnum():
            if word in "-–'’" and kept:
                index += 1
                continue
            break
        if word[0].isdigit() and not (kept and kept[-1][2][:1].isupper()):
            break
        if word.islower():
            border_context = any(k[2].lower() in _BORDER_WORDS for k in kept)
            if lowered in ("with", "between") and border_context:
                kept.append((start, end, word))
                index += 1
                continue
            if lowered == "and" and any(k[2].lower() == "between" for k in kept):
                kept.append((start, end, word))
                index += 1
                continue
            if lowered in _FORWARD_STOPS:
                break
            if seen_name and lowered not in _NAME_PARTICLES:
                head = _head_noun_ahead(tokens, index)
                if head is None:
                    break
                kept.extend(tokens[index : head + 1])
                index = head + 1
                continue
        else:
            seen_name = True
        kept.append((start, end, word))
        index += 1
    while kept and (kept[-1][2].lower() in _NAME_PARTICLES | _DETERMINERS or kept[-1][2] in "-–'’"):
        kept.pop()
    if not kept:
        return None
    start, end = kept[0][0], kept[-1][1]
    if text[end - 1] == "." and not _ENDS_WITH_INITIALS.search(text, start, end):
        end -= 1
    if len(kept) == 1 and kept[0][2].lower() in _PRONOUNS:
        return None
    return _with_appositive_name(context, start, end, limit)


def _head_noun_ahead(tokens: list[tuple[int, int, str]], index: int) -> int | None:
    """Index of a generic head noun within three lower-case words, if any."""
    for ahead in range(index, min(index + 3, len(tokens))):
        word = tokens[ahead][2]
        if not word.islower() or word in _FORWARD_STOPS:
            return None
        if word.rstrip(".") in _HEAD_NOUNS:
            return ahead
    return None


def _with_appositive_name(context: _Text, start: int, end: int, limit: int) -> tuple[int, int]:
    """ "the capital, Algiers": extend a phrase naming no place to the name after its comma."""
    text = context.text
    words = [w for w in text[start:end].split() if w.lower() not in _DETERMINERS]
    if context.inside(start, end) or any(w[:1].isupper() for w in words):
        return start, end
    following = _COMMA.match(text, end, limit)
    if following:
        name_start = following.end()
        mentions = context.inside(name_start, limit)
        if mentions and mentions[0].mention.start == name_start:
            return start, mentions[0].mention.end
        name = _CAPITALISED_NAME.match(text, name_start, limit)
        if name:
            return start, name.end()
    return start, end


def _phrase_before(context: _Text, low: int, end: int) -> tuple[int, int] | None:
    """The noun phrase ending at ``end`` (read backwards to a determiner,
    punctuation or a clause word), never starting inside a place mention."""
    text = context.text
    while end > low and text[end - 1] in " ,\t":
        end -= 1
    tokens = _tokens(text, max(low, end - 160), end)
    start = end
    for count, (token_start, _, word) in enumerate(reversed(tokens)):
        if not word[0].isalnum() or count >= 8:
            break
        lowered = word.lower()
        if word.islower() and lowered in _BACKWARD_STOPS and context.covering(token_start) is None:
            break
        start = token_start
        if lowered in _DETERMINERS:
            break
    inside = context.covering(start)
    if inside is not None:
        start = inside.mention.start
    return (start, end) if start < end else None


def _names_a_place(context: _Text, start: int, end: int, *, strict: bool = False) -> bool:
    """True when a reference phrase names a place: a place mention, a
    capitalised word, a border or coast, the site, or (unless ``strict``) a
    definite place noun such as "the capital". "a school" or "its mouth" is
    no place to check a distance against.

    In text without capitals (lower-cased web pages) every phrase counts.
    """
    if context.inside(start, end):
        return True
    text = context.text
    words = [w.strip(".,") for w in text[start:end].split()]
    lowered = [w.lower() for w in words]
    if set(lowered) & (_BORDER_WORDS | _COAST_WORDS):
        return True
    if any(w[:1].isupper() for w in words if w.lower() not in _DETERMINERS):
        return True
    if strict:
        return False
    definite = lowered[0] in ("the", "its", "their") if lowered else False
    if definite and lowered[-1] in _SITE_NOUNS | _PLACE_NOUNS:
        return True
    return not any(c.isupper() for c in text[max(0, start - 300) : end + 300])


# ---------------------------------------------------------------------------
# Subjects.


def _subject_readings(
    context: _Text, sentence_start: int, anchor: int, previous: _Found | None
) -> list[_Reading]:
    """Every reading of what lies at the distance stated at ``anchor``."""
    text = context.text
    prefix = text[sentence_start:anchor]
    readings: list[_Reading] = []
    if previous is not None and _COORDINATION_GAP.match(text[previous.claim.end : anchor]):
        readings.extend(previous.readings)
    locative = _LOCATIVE_TAIL.search(prefix)
    stripped = prefix.rstrip()
    if locative is not None and locative.start() > 0:
        readings.extend(
            _locative_subject(context, sentence_start, sentence_start + locative.start(), anchor)
        )
    elif stripped.endswith((",", "(", "—", "–")):
        readings.extend(_appositive(context, sentence_start, sentence_start + len(stripped) - 1))
        readings.extend(_clause_subject(context, sentence_start, anchor))
    else:
        adjacent = _phrase_before(context, sentence_start, anchor)
        if adjacent is not None:
            readings.extend(_readings_in_phrase(context, *adjacent))
        description = _DESCRIPTIVE_APPOSITION.search(prefix)
        if not readings and description is not None:
            readings.extend(
                _appositive(context, sentence_start, sentence_start + description.start())
            )
        if not readings:
            readings.extend(_clause_subject(context, sentence_start, anchor))
    unique: dict[object, _Reading] = {}
    for reading in readings:
        key = reading.place.id if reading.place is not None else (reading.start, reading.end)
        unique.setdefault((key, reading.border), reading)
    return list(unique.values())


def _locative_subject(
    context: _Text, sentence_start: int, verb_start: int, anchor: int
) -> list[_Reading]:
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
        # "The facility, the fourth-largest in Algeria, is located ...".
        return _clause_subject(context, sentence_start, anchor)
    phrase = _phrase_before(context, sentence_start, verb_start)
    if phrase is None:
        return []
    readings = _readings_in_phrase(context, *phrase, subject_position=True)
    return _site_before_preposition(context, sentence_start, phrase[0]) + readings


def _appositive(
    context: _Text, sentence_start: int, end: int, *, skip_qualifiers: bool = True
) -> list[_Reading]:
    """The place named just before ``end`` (a comma), skipping qualifiers:
    in "Ain Amenas in Illizi province," the province only says where the town is."""
    text = context.text
    for _ in range(3):
        phrase = _phrase_before(context, sentence_start, end)
        if phrase is None:
            return []
        readings = _readings_in_phrase(context, *phrase)
        before = text[sentence_start : phrase[0]].rstrip()
        qualifier = _QUALIFIER_BEFORE.search(before)
        is_area = bool(readings) and all(
            r.place is not None and r.place.kind in AREA_KINDS and not r.border for r in readings
        )
        if skip_qualifiers and is_area and qualifier is not None and qualifier.start() > 0:
            end = sentence_start + qualifier.start()
            continue
        return _site_before_preposition(context, sentence_start, phrase[0]) + readings
    return []


def _site_before_preposition(context: _Text, sentence_start: int, start: int) -> list[_Reading]:
    """The site, when the phrase at ``start`` only locates it: "its facility
    at In Amenas is ...", "the complex near In Amenas, ..."."""
    match = _SITE_WITH_PREPOSITION.search(context.text, sentence_start, start)
    if match is None or match.group("noun").lower() not in _SITE_NOUNS:
        return []
    return [_Reading(match.start("phrase"), match.end("noun"), context.site, is_site=True)]


def _clause_subject(context: _Text, sentence_start: int, anchor: int) -> list[_Reading]:
    """The subject of the clause the anchor is in, when it is a place or the
    site: "The gas field is in Ain Amenas ..., around 60 km ..."."""
    text = context.text
    clause_start = sentence_start
    for separator in _CLAUSE_SEPARATOR.finditer(text, sentence_start, anchor):
        clause_start = separator.end()
    verb = _CLAUSE_VERB.search(text, clause_start, anchor)
    if verb is None:
        return []
    start, end = clause_start, verb.start()
    while start < end and text[start].isspace():
        start += 1
    comma = text.find(",", start, end)
    if comma != -1:
        # "The facility, the fourth-largest in Algeria, is ...": the subject
        # is before the aside; anything else with a comma is no subject.
        if not text[start:end].rstrip().endswith(","):
            return []
        end = comma
    if not 0 < end - start <= 90 or any(c in ";:" for c in text[start:end]):
        return []
    return _readings_in_phrase(context, start, end)


def _readings_in_phrase(
    context: _Text, start: int, end: int, *, subject_position: bool = False
) -> list[_Reading]:
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
    if head in _BORDER_WORDS:
        countries = [r for r in context.inside(start, end) if r.place is not None]
        return [_Reading(start, end, countries[0].place, border=True)] if countries else []
    if head in _SITE_NOUNS:
        facilities = [r for r in mentions if r.place is not None and r.place.kind == "facility"]
        if facilities:
            return [_Reading(start, end, facilities[-1].place)]
        named = len(words) > 1 and (words[0].lower() in _DETERMINERS or words[0][:1].isupper())
        return [_Reading(start, end, context.site, is_site=True)] if named else []
    head_end = end
    if head in _CLASS_NOUNS and len(words) > 1:
        head_end = start + text[start:end].rstrip().rfind(words[-1]) - 1
        while head_end > start and text[head_end - 1] == " ":
            head_end -= 1
    for resolution in reversed(mentions):
        if resolution.mention.end in (end, head_end):
            return [_Reading(resolution.mention.start, resolution.mention.end, resolution.place)]
    name = _proper_name_before(text, start, head_end, allow_initial=subject_position)
    return [_Reading(name[0], name[1], None)] if name else []


def _proper_name_before(
    text: str, start: int, end: int, *, allow_initial: bool = False
) -> tuple[int, int] | None:
    """The run of capitalised words ending at ``end`` ("Old Windsor"), if it
    is a name: not a pronoun, a day or a month, and not a lone word opening
    the sentence (capitalised anyway) unless ``allow_initial``."""
    words = list(_NAME_WORD.finditer(text[start:end]))
    run: list[re.Match[str]] = []
    for word in reversed(words):
        if word.group()[:1].isupper() or (run and word.group().lower() in _NAME_PARTICLES):
            run.insert(0, word)
        else:
            break
    while run and run[0].group().lower() in _NAME_PARTICLES | _DETERMINERS:
        run.pop(0)
    if not run or run[-1].group().lower().rstrip(".") in _CALENDAR_WORDS | _PRONOUN_WORDS:
        return None
    name_start, name_end = start + run[0].start(), start + run[-1].end()
    if len(run) == 1 and not allow_initial and _is_sentence_initial(text, name_start):
        return None
    return name_start, name_end


def _is_sentence_initial(text: str, position: int) -> bool:
    before = text[max(0, position - 3) : position].strip()
    return position == 0 or before == "" or before[-1] in '.!?\n"“'


def _origin_reference(
    context: _Text,
    sentence_start: int,
    anchor: int,
    origins: Sequence[_Reading],
    located: Sequence[_Reading],
) -> Reference:
    """The implicit origin of "Duckwater, 46 miles to the south": the
    sentence's subject when it names another place, else the site."""
    located_places = {r.place for r in located}
    candidates = [*origins, *_clause_subject(context, sentence_start, anchor)]
    for reading in candidates:
        if reading.place is not None and reading.place not in located_places and not reading.border:
            return Reference(
                text=context.text[reading.start : reading.end],
                start=reading.start,
                end=reading.end,
                geometry=_geometry_of(reading.place),
                place=reading.place,
            )
    return Reference(text="", start=anchor, end=anchor, geometry="point", place=context.site)


# ---------------------------------------------------------------------------
# References.


def _reference(
    context: _Text, start: int, end: int, readings: Sequence[_Reading], *, coast: bool
) -> Reference:
    """What a noun phrase measures from: a point, an area, a border or a coast."""
    text = context.text
    phrase = text[start:end]
    words = [w.lower().strip(".,") for w in phrase.split()]
    mentions = context.inside(start, end)
    resolved = [r for r in mentions if r.place is not None]
    if _BORDER_HEAD.search(phrase):
        place, other = _border_sides(phrase, start, resolved, readings)
        return Reference(phrase, start, end, "border", place, other)
    if coast or _COAST_WORDS & set(words):
        named = [r for r in mentions if r.mention.role != "demonym"] or mentions
        place = named[-1].place if named else None
        return Reference(phrase, start, end, "coast", place)
    head = words[-1] if words else ""
    if head in _SITE_NOUNS:
        facilities = [r for r in resolved if r.place is not None and r.place.kind == "facility"]
        if facilities:
            return Reference(phrase, start, end, "point", facilities[-1].place)
        if context.site is not None and len(words) > 1:
            return Reference(phrase, start, end, "point", context.site)
    place = _named_place(context, start, end, mentions)
    return Reference(phrase, start, end, _geometry_of(place), place)


def _named_place(
    context: _Text, start: int, end: int, mentions: Sequence[Resolution]
) -> Place | None:
    """The place a reference phrase names, or None when it names something
    in or of a place rather than the place ("the Algerian capital",
    "the capital of Algeria", "Mali's capital")."""
    named = [r for r in mentions if r.mention.role != "demonym"]
    if not named:
        return None
    last = named[-1]
    place = last.place
    if place is None:
        return None
    text = context.text
    after = text[last.mention.end : end].split()
    if after and after[-1].lower() not in _CLASS_NOUNS and place.kind in AREA_KINDS:
        return None  # "Algeria's capital": a place in the country, not the country
    of_before = _NOUN_OF.search(text, start, last.mention.start)
    if (
        of_before is not None
        and place.kind in AREA_KINDS
        and of_before.group(1).lower() not in _CLASS_NOUNS
    ):
        return None  # "the capital of Algeria"
    return place


def _border_sides(
    phrase: str, start: int, resolved: Sequence[Resolution], readings: Sequence[_Reading]
) -> tuple[Place | None, Place | None]:
    """(place, other_place) of a border phrase.

    ``place`` is the country across the border from the subject: "the
    Libyan border" and "the border with Libya" give Libya. With two countries
    ("the Algeria-Libya border", "the border between Algeria and Libya") the
    subject's own country is ``other_place``; when no subject tells, the
    first-named country is taken as the subject's side.
    """
    places = list(dict.fromkeys(r.place for r in resolved if r.place is not None))
    if not places:
        return None, None
    if len(places) == 1:
        return places[0], None
    with_match = _BORDER_WITH.search(phrase)
    if with_match is not None:
        after = [r.place for r in resolved if r.mention.start >= start + with_match.end()]
        before = [r.place for r in resolved if r.mention.start < start + with_match.start()]
        if after and after[0] is not None:
            return after[0], before[0] if before else None
    first, second = places[0], places[1]
    subject_countries = {r.place.country_code for r in readings if r.place is not None}
    if second.country_code in subject_countries and first.country_code not in subject_countries:
        return first, second
    return second, first


def _border_reference(context: _Text, reading: _Reading) -> Reference:
    text = context.text[reading.start : reading.end]
    return Reference(text, reading.start, reading.end, "border", reading.place)


def _geometry_of(place: Place | None) -> str:
    return "area" if place is not None and place.kind in AREA_KINDS else "point"


# ---------------------------------------------------------------------------
# Small helpers.


def _opposite(direction: str | None) -> str | None:
    return opposite_direction(direction) if direction else None


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)


def _normalise_phrase(text: str) -> str:
    text = text.lower().replace("’", "'").replace("“", '"').replace("”", '"')
    text = _DASHES.sub("-", text)
    return " ".join(text.split())
