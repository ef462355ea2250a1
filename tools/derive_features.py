"""Derive the physical features shipped in gazetteer/features.geojson.gz.

Usage:  python tools/derive_features.py [NATURALEARTH_DIR] [OUT]

Source: Natural Earth 1:10m physical layers (public domain), as the GeoJSON
conversions in ``../shared/data/naturalearth/`` (7-Zip archives of the
martynafford/natural-earth-geojson repository, CC0; this script reads them
with ``py7zr``, a development tool: ``pip install py7zr``):

- ``ne_10m_geography_marine_polys``: seas, gulfs, bays, straits (polygons);
- ``ne_10m_geography_regions_polys``: deserts, ranges, plateaus, islands,
  peninsulas, basins, deltas (polygons);
- ``ne_10m_rivers_lake_centerlines``: rivers (lines, joined by name);
- ``ne_10m_lakes``: named lakes and reservoirs (polygons).

Kept per feature: a readable name ("Lebombo Mts." -> "Lebombo Mountains",
"NORTH SEA" -> "North Sea"), its kind (water, desert, feature), its Natural
Earth class and the geometry, simplified to 0.01° (about 1 km, well inside the
3 km every stated distance carries) with coordinates on a 0.001° grid.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

_ROOT = Path(__file__).resolve().parents[1]
_SOURCE = _ROOT.parent / "shared" / "data" / "naturalearth"
_OUT = _ROOT / "gazetteer" / "features.geojson.gz"
_TOLERANCE_DEG = 0.01
_GRID_DEG = 1e-3

# Natural Earth class -> geomap kind; classes not listed are left out
# (continents, generic "Geoarea" and "Coast" labels, reefs).
_MARINE = {
    c: "water"
    for c in [
        "sea",
        "gulf",
        "bay",
        "strait",
        "sound",
        "channel",
        "lagoon",
        "fjord",
        "ocean",
        "inlet",
        "river",
    ]
}
_REGIONS = {
    "Desert": "desert",
    "Range/mtn": "feature",
    "Plateau": "feature",
    "Island": "feature",
    "Island group": "feature",
    "Pen/cape": "feature",
    "Peninsula": "feature",
    "Basin": "feature",
    "Plain": "feature",
    "Delta": "feature",
    "Valley": "feature",
    "Lowland": "feature",
    "Isthmus": "feature",
    "Wetlands": "feature",
    "Gorge": "feature",
    "Foothills": "feature",
    "Tundra": "feature",
}
_ABBREVIATIONS = (
    (re.compile(r"\bMts\.?(?=\s|$)"), "Mountains"),
    (re.compile(r"\bMt\.?(?=\s|$)"), "Mount"),
    (re.compile(r"\bRa\.?(?=\s|$)"), "Range"),
    (re.compile(r"\bPen\.?(?=\s|$)"), "Peninsula"),
    (re.compile(r"\bI\.(?=\s|$)"), "Island"),
    (re.compile(r"\bIs\.(?=\s|$)"), "Islands"),
    (re.compile(r"\bL\.(?=\s|$)"), "Lake"),
    (re.compile(r"\bG\.(?=\s|$)"), "Gulf"),
    (re.compile(r"\bC\.(?=\s|$)"), "Cape"),
)
_SMALL_WORDS = {"of", "the", "and", "de", "del", "la", "le", "du", "des", "da", "do", "al"}


def readable_name(raw: str) -> str:
    """ "NORTH  ATLANTIC OCEAN" -> "North Atlantic Ocean"; "Blue Mts." -> "Blue Mountains"."""
    name = " ".join(raw.split())
    if name.isupper():
        words = name.lower().split()
        name = " ".join(
            w if i and w in _SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words)
        )
    for pattern, full in _ABBREVIATIONS:
        name = pattern.sub(full, name)
    return name


def read_layer(folder: Path, layer: str) -> list[dict]:
    import py7zr

    with tempfile.TemporaryDirectory() as tmp, py7zr.SevenZipFile(folder / f"{layer}.7z") as z:
        z.extractall(tmp)
        (path,) = Path(tmp).glob("*.json")
        return json.loads(path.read_text(encoding="utf-8"))["features"]


def simplified(geometry: dict) -> dict | None:
    geom = shapely.set_precision(
        shapely.simplify(shape(geometry), _TOLERANCE_DEG, preserve_topology=True), _GRID_DEG
    )
    if geom.is_empty:
        return None
    return mapping(geom)


def features(folder: Path) -> list[dict]:
    out = _seas_with_their_bays(read_layer(folder, "ne_10m_geography_marine_polys"))
    for f in read_layer(folder, "ne_10m_geography_regions_polys"):
        p = f["properties"]
        kind = _REGIONS.get(p.get("featurecla") or "")
        if kind and p.get("name") and f["geometry"]:
            cls = p["featurecla"].lower()
            out.append(_feature(p["name"], kind, cls, f["geometry"], p.get("scalerank")))
    for f in read_layer(folder, "ne_10m_lakes"):
        p = f["properties"]
        lake = p.get("featurecla") in {"Lake", "Reservoir", "Alkaline Lake"}
        if p.get("name") and lake and f["geometry"]:
            out.append(_feature(p["name"], "water", "lake", f["geometry"], p.get("scalerank")))
    out += _rivers(read_layer(folder, "ne_10m_rivers_lake_centerlines"))
    return [f for f in out if f["geometry"] is not None]


# Natural Earth cuts the sea into labelled pieces: the Baltic Sea polygon stops
# where the Bay of Mecklenburg begins, so Rostock would be 40 km from "the
# Baltic Sea" while it is 12 km from its shore. A sea or an ocean therefore
# takes the smaller gulfs, bays and straits that touch it.
_PART_CLASSES = {"gulf", "bay", "strait", "sound", "channel", "fjord", "lagoon", "inlet"}
_WHOLE_CLASSES = {"sea", "ocean"}
_TOUCH_DEG = 0.05


def _seas_with_their_bays(raw: list[dict]) -> list[dict]:
    named = [
        (f["properties"], shape(f["geometry"]))
        for f in raw
        if f["geometry"]
        and f["properties"].get("name")
        and (f["properties"].get("featurecla") or "").lower() in _MARINE
    ]
    out = []
    for p, geom in named:
        cls = p["featurecla"].lower()
        if cls in _WHOLE_CLASSES:
            near = geom.buffer(_TOUCH_DEG)
            # an ocean also takes the marginal seas that touch it (the Tasman
            # and Coral Seas are the Pacific Ocean coast of Australia)
            part_classes = _PART_CLASSES | ({"sea"} if cls == "ocean" else set())
            parts = [
                other
                for q, other in named
                if q["featurecla"].lower() in part_classes
                and other.area < geom.area
                and near.intersects(other)
            ]
            geom = shapely.union_all([geom, *parts])
        out.append(_feature(p["name"], _MARINE[cls], cls, mapping(geom), p.get("scalerank")))
    return out + _whole_oceans(out)


def _whole_oceans(marine: list[dict]) -> list[dict]:
    """ "Pacific Ocean" from Natural Earth's North and South Pacific Ocean."""
    halves: dict[str, list] = defaultdict(list)
    for feature in marine:
        name = feature["properties"]["name"]
        if feature["properties"]["class"] == "ocean" and name.startswith(("North ", "South ")):
            halves[name.split(" ", 1)[1]].append(shape(feature["geometry"]))
    return [
        _feature(name, "water", "ocean", mapping(shapely.union_all(parts)), 0)
        for name, parts in sorted(halves.items())
        if len(parts) == 2
    ]


def _feature(name: str, kind: str, cls: str, geometry: dict, rank: float | None) -> dict:
    return {
        "type": "Feature",
        "properties": {
            "name": readable_name(name),
            "kind": kind,
            "class": cls,
            # Natural Earth's scalerank: 0 the most prominent, 10 the least
            "rank": int(rank) if rank is not None else 10,
        },
        "geometry": simplified(geometry),
    }


def _rivers(raw: list[dict]) -> list[dict]:
    """One feature per river: Natural Earth cuts a river into many lines."""
    parts: dict[str, list] = defaultdict(list)
    ranks: dict[str, float] = {}
    for f in raw:
        p = f["properties"]
        name = p.get("name_en") or p.get("name")
        if p.get("featurecla") == "River" and name and f["geometry"]:
            parts[readable_name(name)].append(shape(f["geometry"]))
            ranks[readable_name(name)] = min(ranks.get(readable_name(name), 10), p["scalerank"])
    return [
        _feature(
            name,
            "water",
            "river",
            mapping(shapely.line_merge(shapely.union_all(lines))),
            ranks[name],
        )
        for name, lines in sorted(parts.items())
    ]


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else _SOURCE
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else _OUT
    found = features(folder)
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:10m physical layers (public domain), via "
        "martynafford/natural-earth-geojson (CC0); tools/derive_features.py",
        "features": found,
    }
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as handle:
        json.dump(collection, handle, ensure_ascii=False, separators=(",", ":"))
    kinds: dict[str, int] = defaultdict(int)
    for f in found:
        kinds[f["properties"]["class"]] += 1
    print(f"{len(found)} features -> {out} ({out.stat().st_size / 1e6:.1f} MB): {dict(kinds)}")


if __name__ == "__main__":
    main()
