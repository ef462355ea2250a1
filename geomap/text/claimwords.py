"""English words the claim readers know, and the place kinds measured as areas.

The claim readers (:mod:`geomap.claims.phrases`, :mod:`geomap.claims.subjects`,
:mod:`geomap.claims.references`, :mod:`geomap.text.sentences`) find where noun phrases
start and end and what their head nouns say from these lists, not from a
model. All words are lower case. ``BORDER_WORDS`` is shared with the
recogniser and lives in :mod:`geomap.text.wordlists`.
"""

from __future__ import annotations

from geomap.model import AREA_KINDS as _AREA_KINDS
from geomap.text.wordlists import BORDER_WORDS

__all__ = [
    "ABBREVIATIONS",
    "AREA_KINDS",
    "BACKWARD_STOPS",
    "CALENDAR_WORDS",
    "CITY_PART_NOUNS",
    "CLASS_NOUNS",
    "COAST_WORDS",
    "DETERMINERS",
    "FORWARD_STOPS",
    "HEAD_NOUNS",
    "NAME_PARTICLES",
    "PLACE_NOUNS",
    "PRONOUNS",
    "PRONOUN_WORDS",
    "SITE_NOUNS",
]


def _words(text: str) -> frozenset[str]:
    """The set of whitespace-separated words in ``text`` (keeps word lists readable)."""
    return frozenset(text.split())


#: Place kinds measured as polygons rather than points.
AREA_KINDS = _AREA_KINDS  # defined once, in geomap.model

# Generic nouns news use for the incident site itself ("the plant").
SITE_NOUNS = frozenset(
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
        # the scenes of other incidents: "the epicentre", "the volcano", "the dam"
        "epicentre",
        "epicenter",
        "volcano",
        "dam",
        "reactor",
        "terminal",
        "base",
        "airbase",
    }
)
# Lines named after the places they join ("the Ahmedabad-Vadodara Expressway",
# "the Hume Highway"): a distance from one is not from the town.
ROUTE_NOUNS = _words(
    "expressway highway motorway freeway turnpike parkway road railway railroad"
    " canal pipeline tunnel trail"
)
# Nouns that follow a name and keep it the same place ("Illizi province").
CLASS_NOUNS = frozenset(
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
PLACE_NOUNS = (
    frozenset({"capital", "port", "harbour", "harbor", "airport", "crossing", "base", "camp"})
    | CLASS_NOUNS
)
# Nouns that make a reference a coastline: "off the coast of Libya".
COAST_WORDS = frozenset({"coast", "coastline", "shore", "shoreline", "seashore"})
# Nouns that can end a reference after a proper name ("the Ain Amenas gas plant").
HEAD_NOUNS = SITE_NOUNS | PLACE_NOUNS | BORDER_WORDS | COAST_WORDS
# Parts of a city a distance may be measured from ("two miles from Midway
# Airport", "west of the Strip"): the city's point is not where they are.
CITY_PART_NOUNS = _words(
    """airport airfield aerodrome station terminal strip port harbour harbor docks
    university campus stadium base barracks suburb suburbs outskirts"""
)
# Words that open a noun phrase: read backwards, a phrase stops after one.
DETERMINERS = frozenset(
    {"the", "a", "an", "this", "these", "those", "its", "their", "his", "her", "our"}
)
# Lower-case words that end a noun phrase read forwards ("from Algiers and ...").
FORWARD_STOPS = _words(
    """off and or but in on at near where which who whom that while when after before since for
    with by as is was are were be been has have had said says along via through across into
    toward towards under over between from to than because if until then also so according"""
)
# Lower-case words that end a noun phrase read backwards ("... from Algiers,").
BACKWARD_STOPS = FORWARD_STOPS | _words(
    """of about around outside inside onto it they he she we you not told attacked said lies
    lay sits stands located situated"""
)
# Capitalised, yet never the end of a place name ("On Monday", "Since January").
CALENDAR_WORDS = _words(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december today yesterday"""
)
# Capitalised at a sentence start, yet never the end of a place name.
PRONOUN_WORDS = _words("it its this that these those they he she we there here which who what")
# Alone after a connector these name nothing to check a distance against
# ("60 km from here", "30 miles from where ...").
PRONOUNS = frozenset({"it", "here", "there", "where", "them", "which", "this", "that"})
# Lower-case words inside a place name ("Bay of Biscay", "Rio de Janeiro").
NAME_PARTICLES = frozenset(
    {"of", "de", "del", "della", "di", "da", "do", "dos", "du", "des", "la", "le", "el", "al"}
)
# Words a full stop follows without ending the sentence: titles, "approx",
# "e.g.", abbreviated months and AP-style state names ("Ky.", "Kan.").
ABBREVIATIONS = _words(
    """mr mrs ms dr gen col lt capt maj sgt cpl st mt ft jr sr no nos co corp inc ltd vs etc
    approx e.g i.e jan feb mar apr jun jul aug sep sept oct nov dec gov sen rep rev prof hon
    pres ave blvd rd ky kan va ala ariz ark calif colo conn fla ga ill ind md mass mich minn
    miss mo mont neb nev okla ore pa tenn tex vt wash wis wyo"""
)
