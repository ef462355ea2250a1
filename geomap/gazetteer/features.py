"""Physical features with their geometry: seas, rivers, lakes, deserts, ranges, islands.

Source: ``gazetteer/features.geojson.gz``, derived by
``tools/derive_features.py`` from Natural Earth 1:10m physical layers (public
domain): 3,035 named seas, gulfs, bays and straits, deserts, mountain ranges,
plateaus, islands and peninsulas (polygons), rivers (lines) and lakes
(polygons), simplified to about 1 km.

Each feature becomes a place (at a point on it) and its geometry a shape keyed
by the place id, so that "15 km from the Baltic Sea" is measured to the sea's
shore and "30 km south of the Tapti River" to the river's line, never to a
label point. A curated row of the same name and kind (the curated seas and
deserts) takes the shape instead of a second place being added.

Names: the feature's own name; a river is also "X River" and "River X", a lake
"Lake X". A shorter form ("the Baltic" for the Baltic Sea) is added only when
no other place has that name: a bare "Jordan" or "Columbia" stays the country
or the town.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from geomap.gazetteer import sources
from geomap.gazetteer.normalize import name_key
from geomap.gazetteer.writer import PlaceRow
from geomap.model import SHAPED_KINDS

__all__ = ["load_features"]

# Class words a shorter name may drop: "the Baltic", "the Kalahari", "the Alps".
_CLASS_WORDS = re.compile(r"\s+(?:Sea|Ocean|Desert|Mountains|Range|Ranges|Plateau|Peninsula)$")
_MIN_SHORT = 4
# Natural Earth scalerank up to which a feature is known by its short name
# (the Danube 2, the Rhine 4; the Thames and the Hudson 6, the Moose 7).
_PROMINENT = 5


def load_features(
    taken: set[str], curated: Mapping[str, tuple[str, str]]
) -> tuple[list[PlaceRow], dict[str, bytes]]:
    """The features as places and their shapes (place id -> WKB).

    ``taken`` holds the name keys other places already have; ``curated`` maps
    a curated place's name key to its (id, kind), for the seas and deserts the
    curated files place at a point."""
    import shapely
    from shapely.geometry import shape

    layer = sources.read_layer("features.geojson.gz")
    if layer is None:
        return [], {}
    raw = layer["features"]
    grouped: dict[tuple[str, str, str], list[Any]] = defaultdict(list)
    ranks: dict[tuple[str, str, str], int] = {}
    for feature in raw:
        p = feature["properties"]
        group = (p["name"], p["kind"], p["class"])
        grouped[group].append(shape(feature["geometry"]))
        ranks[group] = min(ranks.get(group, 10), p["rank"])
    rows: list[PlaceRow] = []
    shapes: dict[str, bytes] = {}
    used_ids: set[str] = set()
    for (raw_name, kind, cls), parts in sorted(grouped.items()):
        prominent = ranks[(raw_name, kind, cls)] <= _PROMINENT
        geometry = shapely.union_all(parts) if len(parts) > 1 else parts[0]
        name = _display_name(raw_name, cls)
        key = name_key(name)
        same = curated.get(key)
        if same is not None and same[1] in SHAPED_KINDS:
            shapes.setdefault(same[0], shapely.to_wkb(geometry))
            continue
        if key in taken:
            continue  # "Crete" is the region, "Jordan" the country
        place_id = _unique(
            f"naturalearth:{cls.replace('/', '-').replace(' ', '-')}:{key}", used_ids
        )
        point = _point_on(geometry)
        row = PlaceRow(
            place_id, name, kind, "", round(point.y, 5), round(point.x, 5), source="naturalearth"
        )
        row.names = [(name, "name"), *_other_names(name, cls, taken, short_too=prominent)]
        rows.append(row)
        shapes[place_id] = shapely.to_wkb(geometry)
    return rows, shapes


def _unique(place_id: str, used: set[str]) -> str:
    candidate, number = place_id, 2
    while candidate in used:
        candidate, number = f"{place_id}-{number}", number + 1
    used.add(candidate)
    return candidate


def _point_on(geometry: Any) -> Any:
    import shapely

    if geometry.geom_type in ("LineString", "MultiLineString"):
        return shapely.line_interpolate_point(geometry, 0.5, normalized=True)
    return shapely.point_on_surface(geometry)


_RIVER_WORDS = re.compile(r"(?i)^(?:river|rio|río|rivière|fleuve)\s|\s(?:river|creek)$")
_LAKE_WORDS = re.compile(r"(?i)\b(?:lake|lac|lago|ozero|reservoir|loch)\b")


def _display_name(name: str, cls: str) -> str:
    """ "Danube" -> "Danube River": a river or a lake is named with its class
    word, and the bare name is only an alias (see :func:`_other_names`)."""
    if cls == "river" and not _RIVER_WORDS.search(name):
        return f"{name} River"
    if cls == "lake" and not _LAKE_WORDS.search(name):
        return f"Lake {name}"
    return name


def _other_names(name: str, cls: str, taken: set[str], *, short_too: bool) -> list[tuple[str, str]]:
    """ "River X" for the river "X River", and for a prominent feature the
    name without its class word ("the Danube", "the Baltic") where no other
    place has it: a bare "Republican" or "Moose" is not a river."""
    names: list[tuple[str, str]] = []
    short = name
    if cls == "river" and name.endswith(" River"):
        short = name.removesuffix(" River")
        names.append((f"River {short}", "name"))
    elif cls == "lake":
        short = name.removeprefix("Lake ")
    else:
        short = _CLASS_WORDS.sub("", name)
    if short_too and short != name and len(short) >= _MIN_SHORT and name_key(short) not in taken:
        names.append((short, "alias"))
    return names
