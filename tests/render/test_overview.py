"""The batch map's page: what it says, that it escapes and that it needs no network."""

from __future__ import annotations

import json
import re

import pytest

from geomap.model import LatLon
from geomap.render.clusters import cluster_size_px, place_radius_px
from geomap.render.content import overview_legend_html
from geomap.render.overview import BatchOverview, ClaimLine, PlaceTally, render_overview_map

HOSTILE = '<img src=x onerror="alert(1)"></script><script>alert(2)</script>'


def tally(name: str, mentions: int, lat: float = 45.75, lon: float = 4.85) -> PlaceTally:
    return PlaceTally(f"t:{name}", name, "city", "FR", "Rhône", LatLon(lat, lon), mentions, 1)


def reading(status: str, sentence: str = "Grenoble lies 300 km north of Lyon.") -> ClaimLine:
    return ClaimLine(
        doc_id="wire-4",
        offset=0,
        sentence=sentence,
        subject="Grenoble",
        reference="Lyon",
        claimed_km=(237.0, 378.0),
        measured_km=92.8,
        status=status,
        explanation="Grenoble is 93 km from Lyon.",
        subject_point=LatLon(45.18, 5.71),
        reference_point=LatLon(45.75, 4.85),
    )


def overview(**changes: object) -> BatchOverview:
    values: dict[str, object] = {
        "places": (tally("Lyon", 40), tally("Grenoble", 3, 45.18, 5.71)),
        "lines": (reading("inconsistent"),),
        "articles": 12,
        "mentions": 43,
        "claims": 10,
        "claims_shown": 1,
        "claims_selected": 2,
        "claims_unmapped": 1,
        "claims_by_status": {"inconsistent": 2, "consistent": 8},
        "statuses": frozenset({"inconsistent"}),
    }
    values.update(changes)
    return BatchOverview(**values)  # type: ignore[arg-type]


def test_the_title_says_what_the_map_shows() -> None:
    page = render_overview_map(overview(), title="Wire archive, 2013")
    assert "<title>Wire archive, 2013</title>" in page
    assert "2 places from 12 articles; 1 of 10 claims shown (inconsistent)" in page
    assert "1 with no line (no point to measure from)" in page


def test_the_legend_counts_lines_and_claims_of_each_status_found() -> None:
    legend = overview_legend_html(overview())
    # lines drawn and claims in the tables, per status the run found
    assert 'Inconsistent <span class="geomap-muted">(1 line · 2 claims)' in legend
    assert 'Consistent <span class="geomap-muted">(0 lines · 8 claims)' in legend
    assert "Ambiguous" not in legend
    assert "Places (2; 43 mentions)" in legend
    assert "None found" in overview_legend_html(overview(claims_by_status={}))


def test_lines_over_the_cap_are_said() -> None:
    page = render_overview_map(overview(lines_dropped=4_500))
    assert "4,500 more lines not drawn (the map draws at most 1, the most severe first)" in page


def test_the_page_needs_no_network() -> None:
    page = render_overview_map(overview())
    assert "Leaflet.markercluster 1.5.3" in page and "L.MarkerClusterGroup" in page
    # nothing is loaded from anywhere (Leaflet's credit links to its site: a link, not a load)
    assert not re.search(r"""src=["']?https?:|<link\b[^>]*https?:|url\(["']?https?:""", page)
    assert "sourceMappingURL" not in page


@pytest.mark.parametrize("where", ["place", "sentence", "title"])
def test_article_text_never_becomes_markup(where: str) -> None:
    places = (tally(HOSTILE, 2),) if where == "place" else (tally("Lyon", 2),)
    lines = (reading("inconsistent", HOSTILE),) if where == "sentence" else ()
    page = render_overview_map(
        overview(places=places, lines=lines), title=HOSTILE if where == "title" else None
    )
    assert "alert(1)" in page or "alert(2)" in page  # it is there ...
    assert "<img src=x" not in page and "<script>alert(2)" not in page  # ... as text only
    # the data the script reads holds the escaped text
    rows = re.findall(r"var rows = (\[.*?\]);\n", page)
    texts = json.dumps([json.loads(row) for row in rows])
    assert where == "title" or "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in texts


def test_circle_and_cluster_sizes_grow_slowly_with_mentions() -> None:
    assert place_radius_px(1) < place_radius_px(10) < place_radius_px(1000) <= 14
    assert place_radius_px(2) - place_radius_px(1) == pytest.approx(1.5)
    assert cluster_size_px(10) < cluster_size_px(10_000) <= 56


def test_markercluster_is_vendored_with_its_licence() -> None:
    from importlib import resources

    from geomap.render.assets import MARKERCLUSTER_VERSION, asset_bytes

    assets = resources.files("geomap.render").joinpath("assets")
    sums = assets.joinpath("SHA256SUMS").read_text().split()
    assert {"leaflet.markercluster.js", "MarkerCluster.css", "LICENSE.markercluster"} <= set(sums)
    assert "SHA256SUMS" not in sums
    versions = assets.joinpath("VERSIONS").read_text()
    assert f"leaflet.markercluster    {MARKERCLUSTER_VERSION}    MIT" in versions
    assert "Permission is hereby granted" in asset_bytes("LICENSE.markercluster").decode()
    script = asset_bytes("leaflet.markercluster.js").decode().lower()
    assert "</script" not in script and "<!--" not in script
