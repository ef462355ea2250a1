"""An incident of many articles: near-linear, and a hint that --each is for archives."""

from __future__ import annotations

import json
import math
import random
import time
from pathlib import Path

import pytest

from geomap.geoparse.context import PointSet, context_from_resolutions, contexts_of_the_others
from geomap.model import LatLon, Mention, Place, Resolution


def _resolution(doc: str, index: int, lat: float, lon: float, country: str = "US") -> Resolution:
    place = Place(f"p{doc}{index}", f"P{index}", "city", country, LatLon(lat, lon))
    return Resolution(Mention(doc, index, index + 1, "x"), place, 0.9)


def test_the_others_context_of_a_batch_equals_the_one_built_from_the_others() -> None:
    groups = [
        [_resolution(str(d), i, 30 + (d * 7 + i) % 20, -100 + (d * 13 + i) % 40) for i in range(3)]
        for d in range(40)
    ]
    groups[3].append(_resolution("3", 9, 48.8, 2.3, "FR"))  # a point and a vote only one has
    fast = contexts_of_the_others(groups)
    probes = [LatLon(40.0, -90.0), LatLon(48.8, 2.4), LatLon(-33.9, 151.2), LatLon(31.0, -99.0)]
    for index in range(len(groups)):
        others = [r for j, g in enumerate(groups) if j != index for r in g]
        slow = context_from_resolutions(others)
        for probe in probes:
            assert fast[index].nearest_km(probe) == pytest.approx(slow.nearest_km(probe))
        for country in ("US", "FR"):
            assert fast[index].share(country) == pytest.approx(slow.share(country))


@pytest.mark.parametrize("count", [10, 100, 1000])
def test_a_grid_finds_the_same_nearest_point_as_a_scan(count: int) -> None:
    rng = random.Random(count)
    pairs = [("", LatLon(rng.uniform(-80, 80), rng.uniform(-180, 180))) for _ in range(count)]
    indexed = PointSet(pairs)
    for _ in range(200):
        probe = LatLon(rng.uniform(-85, 85), rng.uniform(-180, 180))
        best = min(_flat_km(probe, p) for _, p in pairs)
        found = indexed.nearest_km(probe, "x")
        if best < 1500:
            assert found == pytest.approx(best)
        else:
            assert found == float("inf")


def _flat_km(a: LatLon, b: LatLon) -> float:
    """The equirectangular distance the context ranks by."""
    dlat = (b.lat - a.lat) * 111.2
    dlon = ((b.lon - a.lon + 180) % 360 - 180) * 111.2 * math.cos(math.radians(a.lat))
    return math.hypot(dlat, dlon)


def test_many_articles_as_one_incident_say_what_each_is_for(run, tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": f"a{i}", "text": f"Floods hit Springfield, Illinois, on day {i}."})
        for i in range(201)
    ]
    archive = tmp_path / "archive.jsonl"
    archive.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    result = run("check", archive)
    assert result.exit_code in (0, 1), result.stderr
    assert "for an archive of unrelated articles use --each" in result.stderr
    assert time.perf_counter() - started < 60
    quiet = run("check", archive, "--each")
    assert "--each" not in quiet.stderr
