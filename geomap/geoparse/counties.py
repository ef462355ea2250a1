"""County lists: "Eastland and Callahan counties" names two counties, not two towns.

Local news names counties in lists that end with the plural of the kind of
county ("in Navarro, Henderson and Ellis counties", "Caddo and Bossier
parishes"). Every name of such a list is read as that county ("Navarro
County"): the gazetteer's counties go by their full name, so the bare name
alone would match only the towns, the people and the other places called so.
A name of the list no county bears keeps its own readings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from geomap.gazetteer.normalize import name_key
from geomap.gazetteer.store import Gazetteer
from geomap.geoparse.mentions import Spotted, Spotting
from geomap.model import OWN_NAME_TYPES

__all__ = ["county_list_members", "with_county_readings"]

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
