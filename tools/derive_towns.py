"""Derive the towns shipped in gazetteer/towns.json.gz.

Usage:  python tools/derive_towns.py [NATURALEARTH_DIR] [OUT]

Source: Natural Earth 1:10m populated places (public domain; 7,343 towns and
cities, including significant small towns in sparsely inhabited regions), as
the GeoJSON of martynafford/natural-earth-geojson (CC0) in
``../shared/data/naturalearth/`` (``pip install py7zr`` to read the 7-Zip
archive). Kept per town: its name, ASCII name, other name, country (ISO
3166-1), first-level region, point, largest population and GeoNames id. The
build adds only the towns the other sources lack (see geomap.gazetteer.towns).
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

from derive_features import _SOURCE, read_layer

_OUT = Path(__file__).resolve().parents[1] / "gazetteer" / "towns.json.gz"


def towns(folder: Path) -> list[dict]:
    out = []
    for feature in read_layer(folder, "ne_10m_populated_places"):
        p = feature["properties"]
        if not p.get("NAME") or p.get("ISO_A2") in (None, "", "-99"):
            continue
        out.append(
            {
                "name": p["NAME"],
                "ascii": p.get("NAMEASCII") or "",
                "alt": p.get("NAMEALT") or "",
                "country": p["ISO_A2"],
                "admin1": p.get("ADM1NAME") or "",
                "lat": round(p["LATITUDE"], 5),
                "lon": round(p["LONGITUDE"], 5),
                "population": int(max(p.get("POP_MAX") or 0, 0)),
                "geonameid": int(p["GEONAMEID"]) if (p.get("GEONAMEID") or -1) > 0 else None,
            }
        )
    return out


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else _SOURCE
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else _OUT
    found = towns(folder)
    document = {
        "source": "Natural Earth 1:10m populated places (public domain), via "
        "martynafford/natural-earth-geojson (CC0); tools/derive_towns.py",
        "towns": found,
    }
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as handle:
        json.dump(document, handle, ensure_ascii=False, separators=(",", ":"))
    print(f"{len(found)} towns -> {out} ({out.stat().st_size / 1e3:.0f} KB)")


if __name__ == "__main__":
    main()
