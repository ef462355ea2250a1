"""County lists: "Eastland and Callahan counties" names two counties, not two towns.

Local news names counties in lists that end with the plural of the kind of
county ("in Navarro, Henderson and Ellis counties", "Caddo and Bossier
parishes"). Every name of such a list is read as that county ("Navarro
County"): the gazetteer's counties go by their full name, so the bare name
alone would match only the towns, the people and the other places called so.
A name of the list no county bears keeps its own readings.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from geomap.gazetteer.normalize import name_key
from geomap.gazetteer.store import Gazetteer
from geomap.geometry import rough_km
from geomap.geoparse.mentions import Spotted, Spotting
from geomap.model import OWN_NAME_TYPES, Place

__all__ = ["county_list_members", "towns_in_named_counties", "with_county_readings"]

# What ends a list of counties, and the word each of its names takes singly.
_LIST_END = re.compile(r"\s+(?P<plural>counties|parishes)\b", re.IGNORECASE)
_SINGULAR = {"counties": "County", "parishes": "Parish"}
_PLURAL = {word: plural for plural, word in _SINGULAR.items()}
# What joins two names of one list: a comma, "and", "or", "&" (with an Oxford comma).
_JOIN = re.compile(r",?\s+(?:and|or|&)\s+|,\s+")
_COUNTY_KIND = "admin2"
_REGION_KINDS = frozenset({"admin1", "country"})


def county_list_members(spotted: Sequence[Spotted], text: str) -> dict[int, str]:
    """The mentions (by start) that a list of counties holds, each with the
    word its county takes ("County", "Parish").

    A list is two names or more joined by commas, "and", "or", with
    "counties" after the last. A list that holds a state or a country names
    the counties *of* those ("Indiana counties", "Ohio and Kentucky
    counties"), not counties of those names.

    >>> from geomap.model import Mention
    >>> text = "Fires burned in Eastland and Callahan counties near Abilene."
    >>> names = [(16, "Eastland"), (29, "Callahan"), (52, "Abilene")]
    >>> spotted = [Spotted(Mention("d", s, s + len(n), n), ()) for s, n in names]
    >>> county_list_members(spotted, text)
    {16: 'County', 29: 'County'}
    """
    members: dict[int, str] = {}
    for names, word in _county_lists(spotted, text):
        if len(names) > 1 and not any(_names_a_region(s) for s in names):
            members.update((s.mention.start, word) for s in names)
    return dict(sorted(members.items()))


def _county_lists(spotted: Sequence[Spotted], text: str) -> list[tuple[list[Spotted], str]]:
    """Each run of joined names that "counties" (or "parishes") ends, with
    the word its names take singly."""
    lists: list[tuple[list[Spotted], str]] = []
    current: list[Spotted] = []
    for s in sorted(spotted, key=lambda s: s.mention.start, reverse=True):
        end = _LIST_END.match(text, s.mention.end)
        if end is not None:
            current = [s]
            lists.append((current, _SINGULAR[end.group("plural").lower()]))
        elif current and _JOIN.fullmatch(text, s.mention.end, current[-1].mention.start):
            current.append(s)
        else:
            current = []
    return lists


def _names_a_region(spotted: Spotted) -> bool:
    """Whether the name is a state's or a country's own ("Indiana", "Texas")."""
    return any(
        m.place.kind in _REGION_KINDS and m.name_type in OWN_NAME_TYPES for m in spotted.matches
    )


def with_county_readings(spotting: Spotting, text: str, gazetteer: Gazetteer) -> Spotting:
    """``spotting`` with each name of a county list read as its county (when
    the gazetteer has a county of that name)."""
    members = county_list_members(spotting.kept, text)
    if not members:
        return spotting
    kept = tuple(
        _as_county(s, members[s.mention.start], gazetteer) if s.mention.start in members else s
        for s in spotting.kept
    )
    return replace(spotting, kept=kept)


def _as_county(spotted: Spotted, word: str, gazetteer: Gazetteer) -> Spotted:
    """The counties called "<name> County" (or Parish), in place of the name's
    own readings; the name unchanged when no county has it."""
    full = f"{spotted.mention.text} {word}"
    key = name_key(full)
    counties = tuple(
        m for m in gazetteer.lookup([key]).get(key, ()) if m.place.kind == _COUNTY_KIND
    )
    if not counties:
        return spotted
    reason = f"read as {full}: named in a list of {_PLURAL[word]}"
    mention = replace(spotted.mention, reasons=(*spotted.mention.reasons, reason))
    return Spotted(mention, counties)


# A town this near a county's middle lies in it, or on its edge: most
# counties are 30 to 60 km across.
_IN_COUNTY_KM = 40.0
_CELL_DEGREES = 1.0
_TOWN_KIND = "city"


def towns_in_named_counties(spotted: Sequence[Spotted]) -> dict[str, str]:
    """Town and county readings (by place id) that another name of the text
    pairs: a town lying in a county the text names, and that county, each
    with the other's name.

    "Paris and Henry County" are both ambiguous (a dozen Henry Counties, a
    famous Paris), but only one Paris lies in a Henry County: a local paper
    names a town together with its own county. A name that pairs in more
    than one place pairs nowhere.
    """
    counties: dict[tuple[int, int], list[tuple[str, Place]]] = defaultdict(list)
    towns: dict[str, tuple[str, Place]] = {}
    for s in spotted:
        if s.mention.role == "embedded" and not s.mention.office:
            continue  # "Paris Road", "Henry County Bank": not the story's ground
        key = name_key(s.mention.text)
        for m in s.matches:
            if m.place.kind == _COUNTY_KIND:
                counties[_cell(m.place)].append((key, m.place))
            elif m.place.kind == _TOWN_KIND and m.name_type in OWN_NAME_TYPES:
                towns[m.place.id] = (key, m.place)
    if not counties:
        return {}
    pairs: dict[tuple[str, str], list[tuple[Place, Place]]] = defaultdict(list)
    for key, town in towns.values():
        for county_key, county in _counties_near(town, counties):
            if county_key != key and rough_km(town.point, county.point) <= _IN_COUNTY_KM:
                pairs[key, county_key].append((town, county))
    # A name that pairs with more than one place says nothing: "Madison" and
    # "Madison County" pair in six states, "London" with Laurel County,
    # Kentucky and with Clark County, Ohio.
    places_of: dict[str, set[str]] = defaultdict(set)
    for (key, county_key), found in pairs.items():
        for town, county in found:
            places_of[key].add(town.id)
            places_of[county_key].add(county.id)
    paired: dict[str, str] = {}
    for (key, county_key), found in pairs.items():
        if len(places_of[key]) == 1 and len(places_of[county_key]) == 1:
            town, county = found[0]
            paired[town.id] = county.name
            paired[county.id] = town.name
    return paired


def _counties_near(
    town: Place, counties: dict[tuple[int, int], list[tuple[str, Place]]]
) -> list[tuple[str, Place]]:
    """The counties (with their names' keys) in the town's grid cell and its eight neighbours."""
    lat, lon = _cell(town)
    return [
        c
        for d_lat in (-1, 0, 1)
        for d_lon in (-1, 0, 1)
        for c in counties.get((lat + d_lat, lon + d_lon), ())
    ]


def _cell(place: Place) -> tuple[int, int]:
    return math.floor(place.point.lat / _CELL_DEGREES), math.floor(place.point.lon / _CELL_DEGREES)
