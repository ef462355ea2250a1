"""The words after a quantity: whether "60 km" is a distance between places.

"60 km north of Algiers", "12 miles away at Paris Hill", "within a 15 km
radius of", "6 miles to the west" are; "60 km long" and "a 60-mile trip" are
not. :func:`read_quantity_tail` reads the direction, modifiers ("by road",
"as the crow flies") and connector ("from", "of", "off", "to") that follow a
quantity and says where the reference phrase starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geomap.claims.quantities import match_direction

__all__ = ["QuantityTail", "read_quantity_tail"]

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
    |with|to|toward|towards|as|up|down|inland|upstream|downstream|respectively)\b)""",
    re.X,
)


@dataclass(frozen=True, slots=True)
class QuantityTail:
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


def read_quantity_tail(text: str, position: int, limit: int) -> QuantityTail | None:
    """Direction, modifiers and connector after a quantity, or None if the
    quantity is no distance between places ("60 km long", "a 60-mile trip")."""
    skipped = _SKIP_BRACKET.match(text, position, limit)
    if skipped:
        position = skipped.end()
    direction = None
    road = straight = relative = False
    for _ in range(4):
        space = len(text[position:limit]) - len(text[position:limit].lstrip())
        found = match_direction(text, position + space, limit) if direction is None else None
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
        return QuantityTail(located_at.end(), "to", relation, direction)
    connector = _CONNECTOR.match(text, position, limit)
    word = connector.group("connector").lower() if connector else ""
    if word in ("inside", "into") or (word.startswith("to") and direction is None):
        return None
    if word.startswith("radius"):
        if word == "radius":
            return None
        return QuantityTail(connector.end(), "reference", "within", direction)  # type: ignore[union-attr]
    if word.startswith("to"):
        return QuantityTail(connector.end(), "to", relation, direction)  # type: ignore[union-attr]
    if word == "of":
        return QuantityTail(
            connector.end(),  # type: ignore[union-attr]
            "reference",
            relation,
            direction,
            needs_direction_or_bound=direction is None and not relative,
        )
    if word:
        return QuantityTail(
            connector.end(),  # type: ignore[union-attr]
            "reference",
            relation,
            direction,
            coast=word == "off",
            needs_name=word in ("above", "below"),
        )
    if (direction or straight or relative) and _BARE_END.match(text, position, limit):
        return QuantityTail(position, "bare", relation, direction)
    return None
