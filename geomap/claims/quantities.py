"""Distances, units, hedges and compass directions read from running text.

This module only reads strings; deciding what a distance is measured from is
the job of :mod:`geomap.claims.extract`.

>>> parse_quantity("around 60 km")
Quantity(text='around 60 km', low=60.0, high=60.0, unit='km', hedge='about', vague=False)
>>> parse_direction("south-southeast")
'SSE'

What is understood:

- numbers in digits, with thousands separators ("1,300", "1 300", "1.300.000";
  "1.300" is read as 1300 only when it is unambiguous, see
  :func:`_digits_value`), decimals ("2.5", "2,5"), fractions ("1½", "1 1/2");
- numbers in words ("sixty", "twenty-five", "a hundred and fifty",
  "two and a half", "half a", "a quarter of a");
- ranges ("50 to 60 km", "50-60 km", "between 50 and 60 km", "two or three
  miles", "50 km to 60 km");
- vague amounts, kept as ranges with ``vague=True`` (see :data:`VAGUE_AMOUNTS`);
- units, attached or not ("60km", "60-km", "60-mile"), normalised to the keys
  of :data:`geomap.model.UNIT_KM`: ``km``, ``mi``, ``nmi``, ``m``;
- hedges before or after the number ("about", "just over", "or so"),
  normalised to the values of :data:`HEDGES`;
- a conversion in brackets right after the quantity ("60 km (37 miles)"),
  kept as :attr:`QuantityMatch.conversion` instead of a second quantity.

Powers and exponents ("1.0e+308 km", "10^9 km", "10**9 km", "10⁹ km") are
left alone rather than read as their last digits (308 km, 9 km): no news
report states a distance on Earth that way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from geomap.model import Quantity

__all__ = [
    "COMPASS_DEGREES",
    "HEDGES",
    "VAGUE_AMOUNTS",
    "DirectionMatch",
    "QuantityMatch",
    "find_quantities",
    "match_direction",
    "opposite_direction",
    "parse_direction",
    "parse_quantity",
]

_COMPASS_POINTS = "N NNE NE ENE E ESE SE SSE S SSW SW WSW W WNW NW NNW"
#: Bearing in degrees (clockwise from north) of each of the 16 compass points.
COMPASS_DEGREES: dict[str, float] = {
    point: index * 22.5 for index, point in enumerate(_COMPASS_POINTS.split())
}

#: Hedge phrases and the normalised hedge each stands for. The normalised
#: values mean: ``about`` roughly that distance; ``nearly`` a little less;
#: ``only`` a small distance stated as such; ``exactly``; ``more than`` a lower
#: bound; ``less than``, ``up to`` and ``within`` an upper bound.
HEDGES: dict[str, str] = {
    "about": "about",
    "around": "about",
    "some": "about",
    "roughly": "about",
    "approximately": "about",
    "approx.": "about",
    "approx": "about",
    "circa": "about",
    "c.": "about",
    "ca.": "about",
    "an estimated": "about",
    "estimated": "about",
    "or so": "about",
    "odd": "about",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "just under": "nearly",
    "just short of": "nearly",
    "a little under": "nearly",
    "a little less than": "nearly",
    "not quite": "nearly",
    "just": "only",
    "only": "only",
    "barely": "only",
    "merely": "only",
    "a mere": "only",
    "exactly": "exactly",
    "precisely": "exactly",
    "more than": "more than",
    "over": "more than",
    "just over": "more than",
    "well over": "more than",
    "a little over": "more than",
    "a little more than": "more than",
    "upwards of": "more than",
    "in excess of": "more than",
    "at least": "more than",
    "or more": "more than",
    "plus": "more than",
    "less than": "less than",
    "under": "less than",
    "fewer than": "less than",
    "no more than": "less than",
    "not more than": "less than",
    "at most": "less than",
    "well under": "less than",
    "or less": "less than",
    "or fewer": "less than",
    "within": "within",
    "up to": "up to",
    "as much as": "up to",
    "as far as": "up to",
}

# When two hedges are stacked ("only about", "within about") the one that
# bounds the distance wins over the one that only softens it.
_HEDGE_PRIORITY = (
    "within",
    "up to",
    "more than",
    "less than",
    "nearly",
    "about",
    "exactly",
    "only",
)

#: Vague amounts as (low, high) ranges; they set ``Quantity.vague``.
VAGUE_AMOUNTS: dict[str, tuple[float, float]] = {
    "a few": (2, 9),
    "a couple": (2, 3),
    "a couple of": (2, 3),
    "couple of": (2, 3),
    "several": (3, 9),
    "a dozen": (12, 12),
    "a few dozen": (24, 72),
    "several dozen": (36, 108),
    "a couple of dozen": (24, 36),
    "dozens of": (24, 99),
    "tens of": (20, 99),
    "hundreds of": (200, 999),
    "thousands of": (2000, 9999),
    "a few hundred": (200, 900),
    "several hundred": (300, 900),
    "a couple of hundred": (200, 300),
    "a few thousand": (2000, 9000),
    "several thousand": (3000, 9000),
}

_SMALL_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_SMALL_NUMBERS = {word: value for value, word in enumerate(_SMALL_NUMBER_WORDS.split())}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_MULTIPLIERS = {"dozen": 12, "hundred": 100, "thousand": 1000}
_FRACTION_WORDS = {"half": 0.5, "quarter": 0.25, "quarters": 0.25}


@dataclass(frozen=True, slots=True)
class QuantityMatch:
    """A quantity found in a text: ``text[start:end]`` is the whole phrase.

    ``conversion`` is the bracketed conversion that followed it, if any
    ("60 km (37 miles)"): it lies inside ``start..end`` but is not a second
    quantity.
    """

    start: int
    end: int
    quantity: Quantity
    conversion: Quantity | None = None


@dataclass(frozen=True, slots=True)
class DirectionMatch:
    """A compass direction found at a position: ``text[start:end]``."""

    start: int
    end: int
    direction: str


def _alternatives(phrases: Iterable[str]) -> str:
    """A regex alternation of phrases, longest first, any whitespace between words."""
    words = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in phrase.split()) for phrase in words)


# ---------------------------------------------------------------------------
# Regular expressions, compiled once.

_UNIT = r"""
(?:
    nautical[\s-]+miles? | (?-i:NM)(?![\w/²³]) | nmi(?![\w/²³])
  | kilomet(?:er|re)s?(?![\w/²³])
  | kms?(?![\w/²³])(?:\.(?=\s+(?-i:[a-z])))?
  | miles?(?![\w/²³])
  | mi(?![\w/²³])(?:\.(?=\s+(?-i:[a-z])))?
  | met(?:er|re)s?(?![\w/²³])
  | (?-i:m)(?![\w/²³'’])
)
"""
# Full unit words that can follow "a"/"an" meaning one ("a mile from").
_SINGULAR_UNIT_WORD = r"(?:nautical\s+mile|kilomet(?:er|re)|mile|met(?:er|re))(?![\w/])"

_NUMBER_WORD = "|".join(sorted([*_SMALL_NUMBERS, *_TENS, *_MULTIPLIERS], key=len, reverse=True))
# "a"/"an" count as one only before a multiplier ("a hundred"), never before
# another number word ("a five-mile radius" is five).
_WORDS = rf"""
(?:(?:an?)[\s-]+(?=(?:hundred|thousand|dozen)\b))?
\b(?:{_NUMBER_WORD})\b
(?:
    (?:(?<=hundred)|(?<=thousand))[\s-]+and[\s-]+(?:{_NUMBER_WORD})\b
  | [\s-]+(?:{_NUMBER_WORD})\b
)*
"""
_DIGITS = r"""
(?:
    \d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])
  | \d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?![\d])
  | \d{1,3}(?:\x20\d{3})+(?![\d.,])
  | \d{1,3}(?:\.\d{3})+,\d+(?![\d])
  | \d{1,3}(?:\.\d{3}){2,}(?![\d.])
  | \d+(?:[.,]\d+)?(?![\d])
)
(?:\s?[½¼¾⅓⅔⅛⅜⅝⅞]|[\s-]\d/\d{1,2}(?![\d/]))?
"""
_AND_A_FRACTION = r"(?:[\s-]+and[\s-]+(?:a|one)[\s-]+(?:half|quarter))"
_AMOUNT = rf"""
(?:
    (?:{_DIGITS}|{_WORDS}){_AND_A_FRACTION}?
  | [½¼¾]
  | (?<![\d/])[1-9]/\d{{1,2}}(?![\d/])
)
"""
_HALF = r"""
(?:
    (?:(?:a|one)[\s-]+)?half(?:[\s-]+an?\b)?
  | (?:a|one|three)[\s-]+quarters?(?:\s+of)?(?:[\s-]+an?\b)?
)
"""
_VAGUE = _alternatives(VAGUE_AMOUNTS)
# Hedges that follow the number ("60 km or so", "60-odd miles").
_POST_NUMBER_HEDGES = frozenset({"or so", "or more", "or less", "or fewer", "odd", "plus"})
_PRE_HEDGE = _alternatives(h for h in HEDGES if h not in _POST_NUMBER_HEDGES)

_RANGE_ALTERNATIVES = rf"""
        between\s+(?P<between_low>{_AMOUNT})\s*(?:and|to|-|–)\s*(?P<between_high>{_AMOUNT})
      | (?P<range_low>{_AMOUNT})
        (?:\s*(?P<range_unit>{_UNIT}))?
        (?:(?<=\d)\s*-\s*|\s*[–—‐]\s*|\s+(?:to|or)\s+)
        (?P<range_high>{_AMOUNT})
      |"""


def _quantity_regex(*, ranges: bool) -> re.Pattern[str]:
    """The quantity pattern; without ``ranges`` it reads only the first of "60 km or 37 miles"."""
    return re.compile(
        rf"""
        (?<![\w$£€¥₹#])
        (?P<hedge>(?:(?:{_PRE_HEDGE})\s+){{0,2}})
        (?<![\w.,/$£€¥₹#\u00a0^*])
        (?<!\d[eE][+\-−])(?<![\^*]\s)
        (?:
          {_RANGE_ALTERNATIVES if ranges else ""}
            (?P<vague>{_VAGUE})
          | (?P<half>{_HALF})
          | (?P<one>\b(?:an?|one))(?=[\s-]+{_SINGULAR_UNIT_WORD})
          | (?P<single>{_AMOUNT})
        )
        (?P<odd>[\s-]odd\b|[\s-]?plus\b)?
        (?:\s*-\s*|\s*)
        (?P<unit>{_UNIT})
        """,
        re.IGNORECASE | re.VERBOSE,
    )


_QUANTITY_RE = _quantity_regex(ranges=True)
_SINGLE_QUANTITY_RE = _quantity_regex(ranges=False)
_UNIT_SCAN = re.compile(rf"(?<![A-Za-z]){_UNIT}", re.IGNORECASE | re.VERBOSE)
# How far before a unit word a quantity can start ("between one hundred and
# fifty and two hundred ..." is long), and how long a unit can be.
_LONGEST_AMOUNT = 120
_LONGEST_UNIT = 20

_PRE_HEDGE_RE = re.compile(_PRE_HEDGE, re.I)
_TRAILING_SLASH_FRACTION = re.compile(r"[\s-](\d)/(\d{1,2})$")
_SIMPLE_FRACTION = re.compile(r"\d/\d{1,2}")
_GROUPED_THOUSANDS = re.compile(
    r"\d{1,3}(?P<separator>[,\x20\u00a0\u202f\u2009])\d{3}(?:(?P=separator)\d{3})*(?:\.\d+)?"
)
_EUROPEAN_DECIMAL = re.compile(r"\d{1,3}(?:\.\d{3})+,\d+")
_EUROPEAN_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3}){2,}|[1-9]\d{0,2}\.\d\d0")
_WORD_SEPARATOR = re.compile(r"[\s-]+")
_AND_A_FRACTION_AT_END = re.compile(r"[\s-]+and[\s-]+(?:a|one)[\s-]+(half|quarter)$", re.I)
_SPACE_GROUPED = re.compile(r"\d{1,3} \d{3}")
_LAST_WORD = re.compile(r"(\w+)$")
_AFTER_UNIT_FRACTION = re.compile(
    r"[\s-]+and[\s-]+(?:a|one)[\s-]+(?P<fraction>half|quarter)\b", re.I
)
_POST_HEDGE = re.compile(r"\s+(?P<hedge>or\s+so|or\s+more|or\s+less|or\s+fewer)\b", re.I)
_CONVERSION = re.compile(r"\s*[\(\[](?P<inside>[^()\[\]]{1,60})[\)\]]")
_OR_CONVERSION = re.compile(r",?\s+or\s+(?=\S)", re.I)
_SPEED_OR_AREA = re.compile(
    r"\s*(?:per\s+hour|an\s+hour|a\s+day|per\s+day|square\b|sq\b|²|/h)", re.I
)
_CURRENCY_BEFORE = re.compile(r"(?:[$£€¥₹]|\b(?:US|USD|EUR|GBP|Rs|R)\.?)\s?$")
# A bare "m" is as often "million" as "metres": accept it only when the next
# word is one that follows a distance.
_METRE_FOLLOWERS = re.compile(
    r"""\s*(?:$|[^\w\s]|(?:from|of|away|off|to|toward|towards|inside|into|outside|beyond|past|
    short|above|below|beneath|under|high|long|deep|wide|tall|across|further|farther|radius|
    upstream|downstream|inland|offshore|along|behind|ahead|north|south|east|west|up|down|
    or|and|in\s+(?:front|diameter|length|height|depth|width))\b)""",
    re.I | re.X,
)

_CARDINAL = r"(?:north|south|east|west)"
_CARDINAL_RE = re.compile(_CARDINAL, re.I)
_DIRECTION_WORDS = rf"{_CARDINAL}(?:[\s-]?{_CARDINAL}){{0,2}}"
_DIRECTION_RE = re.compile(
    rf"""
    (?P<lead>(?:due|to\s+the|to\s+its)\s+)?
    (?:
        (?P<words>{_DIRECTION_WORDS})(?P<ward>wards?|erly)?\b
      | (?P<abbr>(?-i:[NS]{{1,2}}[EW]|[NS]|[EW]|[EW][NS][EW]))\b(?!\.)
      | (?P<dotted>(?-i:[NSEW])\.(?:\s?(?-i:[NSEW])\.){{0,2}})
      | (?P<lower>[nsew]{{1,3}})\b(?=\s+(?:of|from)\b)
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
_SINGLE_LETTER_CONTEXT = re.compile(r"\s+(?:of|from)\b", re.I)
_DIRECTION_PHRASE_EDGES = re.compile(
    r"^(?:due\s+|to\s+the\s+|towards?\s+the\s+)?(?P<core>.*?)(?:\s+(?:of|from))?$", re.I | re.S
)


# ---------------------------------------------------------------------------
# Values.


def _digits_value(text: str) -> float:
    """The value of a number written in digits.

    A dot followed by exactly three digits is a decimal point in English and
    a thousands separator in much of Europe. It is read as a separator only
    with evidence: several dot groups ("1.300.000"), a decimal comma after it
    ("1.300,5"), or a final zero ("1.300", "2.500"), since English prose does
    not write decimals with trailing zeros.

    >>> [_digits_value(t) for t in ("1,300", "1 300", "1.300", "1.375", "2,5", "9½", "1 1/2")]
    [1300.0, 1300.0, 1300.0, 1.375, 2.5, 9.5, 1.5]
    """
    text = text.strip()
    fraction = 0.0
    slash = _TRAILING_SLASH_FRACTION.search(text)
    if slash:
        fraction = int(slash.group(1)) / int(slash.group(2))
        text = text[: slash.start()]
    elif text and unicodedata.category(text[-1]) == "No":
        fraction = unicodedata.numeric(text[-1])
        text = text[:-1].strip()
    if not text:
        return fraction
    grouped = _GROUPED_THOUSANDS.fullmatch(text)
    if grouped:
        return float(text.replace(grouped.group("separator"), "")) + fraction
    if _EUROPEAN_DECIMAL.fullmatch(text):
        return float(text.replace(".", "").replace(",", ".")) + fraction
    if _EUROPEAN_THOUSANDS.fullmatch(text):
        return float(text.replace(".", "")) + fraction
    return float(text.replace(",", ".")) + fraction


def _words_value(text: str) -> float | None:
    """The value of a number written in words ("a hundred and fifty" -> 150).

    >>> [_words_value(t) for t in ("sixty", "twenty-five", "a hundred and fifty", "two dozen")]
    [60.0, 25.0, 150.0, 24.0]
    """
    total = current = 0.0
    seen_number = False
    previous = ""  # "small", "tens" or "" (start, or after a multiplier)
    for word in _WORD_SEPARATOR.split(text.lower()):
        if word in ("a", "an"):
            current = max(current, 1.0)
        elif word == "and":
            continue
        elif word in _SMALL_NUMBERS:
            # "twenty five" is 25, but "two three" is no number.
            if previous == "small" or (previous == "tens" and _SMALL_NUMBERS[word] >= 10):
                return None
            current += _SMALL_NUMBERS[word]
            seen_number, previous = True, "small"
        elif word in _TENS:
            if previous:
                return None
            current += _TENS[word]
            seen_number, previous = True, "tens"
        elif word == "thousand":
            total += max(current, 1.0) * 1000
            current = 0.0
            seen_number, previous = True, ""
        elif word in _MULTIPLIERS:
            current = max(current, 1.0) * _MULTIPLIERS[word]
            seen_number, previous = True, ""
        else:
            return None
    return total + current if seen_number else None


def _amount_value(text: str) -> float | None:
    """The value of an amount in digits or words, with "and a half" and the like."""
    text = text.strip()
    fraction = 0.0
    tail = _AND_A_FRACTION_AT_END.search(text)
    if tail:
        fraction = _FRACTION_WORDS[tail.group(1).lower()]
        text = text[: tail.start()]
    if text in ("½", "¼", "¾"):
        return unicodedata.numeric(text) + fraction
    if _SIMPLE_FRACTION.fullmatch(text):
        numerator, denominator = text.split("/")
        return int(numerator) / int(denominator) + fraction
    if text[:1].isdigit():
        return _digits_value(text) + fraction
    value = _words_value(text)
    return None if value is None else value + fraction


def _half_value(text: str) -> float:
    """ "half a" -> 0.5, "a quarter of a" -> 0.25, "three quarters of a" -> 0.75."""
    words = text.lower()
    if "quarter" in words:
        return 0.75 if words.startswith("three") else 0.25
    return 0.5


def _canonical_unit(text: str) -> str:
    """ "kilometres" -> "km", "miles" -> "mi", "NM" -> "nmi", "metres" -> "m"."""
    lowered = text.lower().rstrip(".")
    if lowered.startswith("naut") or lowered in ("nmi", "nm"):
        return "nmi"
    if lowered.startswith("k"):
        return "km"
    if lowered.startswith("mi"):
        return "mi"
    return "m"


def _normalise_hedge(phrases: list[str]) -> str:
    """The one hedge that stands for stacked hedge phrases ("only about" -> "about")."""
    hedges = {HEDGES[" ".join(p.lower().split())] for p in phrases if p.strip()}
    return next((h for h in _HEDGE_PRIORITY if h in hedges), "")


def _split_hedges(text: str) -> list[str]:
    """The hedge phrases in a run of hedges ("just over " -> ["just over"])."""
    return [m.group(0) for m in _PRE_HEDGE_RE.finditer(text)]


# ---------------------------------------------------------------------------
# Public functions.


def find_quantities(text: str) -> list[QuantityMatch]:
    """Every distance quantity in ``text``, in order.

    >>> [(m.quantity.low, m.quantity.high, m.quantity.unit) for m in find_quantities(
    ...     "It lies 1,300 km (800 miles) from Algiers and 50-60km from the border.")]
    [(1300.0, 1300.0, 'km'), (50.0, 60.0, 'km')]
    >>> find_quantities("a few dozen kilometers from the Libyan border")[0].quantity
    Quantity(text='a few dozen kilometers', low=24.0, high=72.0, unit='km', hedge='', vague=True)
    """
    found: list[QuantityMatch] = []
    position = 0
    # The full pattern is costly to try at every character: try it only in
    # a window before each unit word, where a quantity must end.
    for unit in _UNIT_SCAN.finditer(text):
        if unit.end() <= position:
            continue
        window_start = max(position, unit.start() - _LONGEST_AMOUNT)
        while True:
            match = _QUANTITY_RE.search(text, window_start, unit.end() + _LONGEST_UNIT)
            if match is None or match.start() >= unit.end():
                break
            match = _QUANTITY_RE.match(text, match.start()) or match
            result = _build_match(text, match)
            if result is None and match.group("range_unit"):
                single = _SINGLE_QUANTITY_RE.match(text, match.start())
                result = _build_match(text, single) if single else None
            if result is None:
                window_start = match.start() + 1
                continue
            if result.end < unit.start():
                # A quantity before this unit's own: keep it, then look again.
                found.append(result)
                position = window_start = result.end
                continue
            found.append(result)
            position = result.end
            break
    return found


def parse_quantity(text: str) -> Quantity | None:
    """The quantity that ``text`` consists of, or None if it is not one quantity.

    Use :func:`find_quantities` to search running text.

    >>> parse_quantity("between 50 and 60 miles")
    Quantity(text='between 50 and 60 miles', low=50.0, high=60.0, unit='mi', hedge='', vague=False)
    >>> parse_quantity("half a mile").low
    0.5
    >>> parse_quantity("60 km from Algiers") is None
    True
    """
    stripped = text.strip().rstrip(".,;:")
    matches = find_quantities(stripped)
    if len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(stripped):
        return matches[0].quantity
    return None


def parse_direction(text: str) -> str | None:
    """The compass abbreviation a direction phrase stands for, or None.

    >>> [parse_direction(t) for t in ("south-east", "Southeast", "south east", "SE")]
    ['SE', 'SE', 'SE', 'SE']
    >>> parse_direction("to the west of")
    'W'
    >>> [parse_direction(t) for t in ("due south", "north-northwest", "S.S.E.", "inland")]
    ['S', 'NNW', 'SSE', None]
    """
    core = _DIRECTION_PHRASE_EDGES.match(text.strip())
    phrase = core.group("core") if core else text.strip()
    found = match_direction(phrase + " of", 0)
    if found is None or phrase[found.end :].strip():
        return None
    return found.direction


def match_direction(text: str, position: int = 0, end: int | None = None) -> DirectionMatch | None:
    """The compass direction starting at ``position`` in ``text`` (read as if
    it ended at ``end``), if any.

    Accepts "due" and "to the" before the direction and "-ward(s)" after it.
    Abbreviations must be upper case ("SE"); lower-case ones ("se") and
    single letters are accepted only before "of" or "from", the one place a
    distance phrase uses them.

    >>> match_direction("60 km to the north-east of Gao", 6)
    DirectionMatch(start=6, end=23, direction='NE')
    >>> match_direction("12 miles sw of Boston", 9).direction
    'SW'
    >>> match_direction("sw corner", 0) is None
    True
    """
    # the text is bounded, not sliced: a slice of a long document per
    # quantity would make reading its claims quadratic
    limit = len(text) if end is None else end
    match = _DIRECTION_RE.match(text, position, limit)
    if match is None:
        return None
    if match.group("words"):
        words = _CARDINAL_RE.findall(match.group("words"))
        # "east west" is no direction, but its first word is: keep the
        # longest run of words that makes a compass point.
        for count in range(len(words), 0, -1):
            abbreviation = "".join(w[0].upper() for w in words[:count])
            if abbreviation in COMPASS_DEGREES:
                break
        else:  # pragma: no cover - a single cardinal word is always valid
            return None
        if count < len(words):
            words_start = match.start("words")
            ends = [m.end() for m in _CARDINAL_RE.finditer(text, words_start, limit)]
            return DirectionMatch(match.start(), ends[count - 1], abbreviation)
        return DirectionMatch(match.start(), match.end(), abbreviation)
    letters = match.group("abbr") or match.group("dotted") or match.group("lower") or ""
    abbreviation = "".join(c for c in letters if c.isalpha()).upper()
    if abbreviation not in COMPASS_DEGREES:
        return None
    if len(abbreviation) == 1 and not _SINGLE_LETTER_CONTEXT.match(text, match.end(), limit):
        return None
    return DirectionMatch(match.start(), match.end(), abbreviation)


def opposite_direction(direction: str) -> str:
    """The compass point opposite ``direction``.

    >>> opposite_direction("SSE")
    'NNW'
    """
    bearing = (COMPASS_DEGREES[direction] + 180) % 360
    return next(d for d, b in COMPASS_DEGREES.items() if b == bearing)


# ---------------------------------------------------------------------------
# Building a match.


def _build_match(text: str, match: re.Match[str]) -> QuantityMatch | None:
    """A QuantityMatch from a regex match, or None when it is not a distance."""
    unit_text = match.group("unit")
    unit = _canonical_unit(unit_text)
    start = match.start()
    amount_start = _amount_start(match)
    if unit == "m" and (
        _CURRENCY_BEFORE.search(text, max(0, amount_start - 8), amount_start)
        or not _METRE_FOLLOWERS.match(text, match.end())
    ):
        return None
    if _SPEED_OR_AREA.match(text, match.end()):
        return None
    if match.group("single") and _is_space_grouped_label(text, match):
        return None
    values = _values(match)
    if values is None:
        return None
    low, high, vague = values
    if _group(match, "range_unit") and _canonical_unit(match.group("range_unit")) != unit:
        return None
    end = match.end()
    hedge_phrases = _split_hedges(match.group("hedge"))
    if match.group("odd"):
        hedge_phrases.append("plus" if "plus" in match.group("odd").lower() else "odd")
    fraction = _AFTER_UNIT_FRACTION.match(text, end)
    if fraction and low == high and low == int(low) and not vague:
        low = high = low + _FRACTION_WORDS[fraction.group("fraction").lower()]
        end = fraction.end()
    post = _POST_HEDGE.match(text, end)
    if post:
        hedge_phrases.append(post.group("hedge"))
        end = post.end()
    quantity = Quantity(
        text=text[start:end],
        low=low,
        high=high,
        unit=unit,
        hedge=_normalise_hedge(hedge_phrases),
        vague=vague,
    )
    conversion = None
    bracket = _CONVERSION.match(text, end)
    if bracket:
        inner = bracket.group("inside")
        inner_matches = find_quantities(inner)
        if (
            inner_matches
            and not inner[: inner_matches[0].start].strip()
            and _same_distance(quantity, inner_matches[0].quantity)
        ):
            conversion = inner_matches[0].quantity
            end = bracket.end()
    elif alternative := _OR_CONVERSION.match(text, end):
        restated = _SINGLE_QUANTITY_RE.match(text, alternative.end())
        converted = _build_match(text, restated) if restated else None
        if converted and _same_distance(quantity, converted.quantity):
            conversion = converted.quantity
            end = converted.end
    return QuantityMatch(start=start, end=end, quantity=quantity, conversion=conversion)


def _group(match: re.Match[str], name: str) -> str | None:
    """A named group's text, or None when the pattern has no such group."""
    return match.group(name) if name in match.re.groupindex else None


def _same_distance(stated: Quantity, converted: Quantity) -> bool:
    """True when a bracketed quantity restates the same distance in another unit."""
    if stated.unit == converted.unit:
        return False
    return 0.75 <= converted.low_km / max(stated.low_km, 1e-9) <= 1.33


def _amount_start(match: re.Match[str]) -> int:
    for group in ("between_low", "range_low", "vague", "half", "one", "single"):
        if _group(match, group) is not None:
            return match.start(group) - (len("between ") if group == "between_low" else 0)
    return match.start()  # pragma: no cover - one of the groups always matches


def _is_space_grouped_label(text: str, match: re.Match[str]) -> bool:
    """True for "Route 65 100 km" read as 65,100: a number right after a
    capitalised word is a label ("Route 65", "Exit 111"), so a plain space
    after it does not group thousands."""
    amount = match.group("single")
    if not _SPACE_GROUPED.match(amount):
        return False
    start = match.start("single")
    before = text[max(0, start - 40) : start].rstrip()
    previous_word = _LAST_WORD.search(before)
    return bool(previous_word and previous_word.group(1)[:1].isupper())


def _values(match: re.Match[str]) -> tuple[float, float, bool] | None:
    """(low, high, vague) of a quantity match in its stated unit."""
    if match.group("vague"):
        key = " ".join(match.group("vague").lower().split())
        low, high = VAGUE_AMOUNTS[key]
        return float(low), float(high), True
    if match.group("half"):
        value = _half_value(match.group("half"))
        return value, value, False
    if match.group("one"):
        return 1.0, 1.0, False
    for low_group, high_group in (("between_low", "between_high"), ("range_low", "range_high")):
        if _group(match, low_group):
            first = _amount_value(match.group(low_group))
            second = _amount_value(match.group(high_group))
            if first is None or second is None:
                return None
            return min(first, second), max(first, second), False
    single = _amount_value(match.group("single"))
    return None if single is None else (single, single, False)
