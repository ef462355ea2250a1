"""The map renderer, checked on the HTML it writes (no browser needed).

Reports are built by hand around the In Amenas hostage crisis: the
Tigantourine gas plant (the site), In Amenas town, Algiers and the Libyan
border, with the distances given in the design guide.
"""

from __future__ import annotations

import functools
import hashlib
import html
import itertools
import json
import re
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
import shapely
from builders import ALGERIA, ALGIERS, IN_AMENAS, LIBYA
from geographiclib.geodesic import Geodesic

from geomap import geometry
from geomap.errors import GeomapError, InputError, MissingDependency, RenderError
from geomap.gazetteer.store import MemoryGazetteer
from geomap.model import (
    Claim,
    ClaimOutline,
    Country,
    Document,
    Estimate,
    KnownPlace,
    LatLon,
    Mention,
    Place,
    Quantity,
    Reading,
    Reference,
    Report,
    Resolution,
    Verdict,
)
from geomap.render import embed_snippet, lineband, render_map, render_png
from geomap.render import png as png_module
from geomap.render.assets import LEAFLET_VERSION, asset_bytes
from geomap.render.content import script_json
from geomap.render.shapes import distance_band, great_circle
from geomap.render.style import STATUS_COLOURS, STATUSES

HOSTILE = "<script>alert(1)</script>"
ASSETS = Path(__file__).parents[2] / "geomap" / "render" / "assets"

SITE = Place(
    "curated:tigantourine",
    "Tigantourine",
    "facility",
    "DZ",
    LatLon(27.897, 9.127),
    source="curated",
)
AMENAS = IN_AMENAS
BORDER_POINT = LatLon(27.95, 9.87)  # nearest Libyan border point to the plant, about 73 km


# --- building reports ----------------------------------------------------------


def resolved(place: Place, text: str, doc_id: str = "a1") -> Resolution:
    return Resolution(Mention(doc_id, 0, len(text), text), place, 0.9)


def verdict(
    reference: Reference,
    *,
    status: str,
    readings: tuple[Reading, ...],
    accepted: tuple[float, float] | None = (50.0, 70.0),
    doc_id: str = "a1",
    sentence: str = "The plant is about 60 km from the town.",
    explanation: str = "explained",
) -> Verdict:
    claim = Claim(
        doc_id,
        0,
        10,
        "about 60 km",
        sentence,
        reference,
        Quantity("60 km", 60, 60, "km", hedge="about"),
        subject_text="the plant",
    )
    return Verdict(claim, status, explanation, accepted, readings)


def reading(
    subject: Place, km: float, status: str, *, point: LatLon | None = None, text: str = "reading"
) -> Reading:
    return Reading(subject, km, 71.0, status, text, reference_point=point)


def town_ref(place: Place = AMENAS) -> Reference:
    return Reference(place.name, 0, len(place.name), "point", place)


def border_ref() -> Reference:
    return Reference("the Libyan border", 0, 17, "border", LIBYA)


def in_amenas_report(**changes: object) -> Report:
    documents = (
        Document("a1", "…", title="Hostages held at gas plant"),
        Document("a2", "…", title="Algeria siege ends"),
    )
    resolutions = (
        resolved(AMENAS, "In Amenas", "a1"),
        resolved(AMENAS, "In Amenas", "a2"),
        resolved(AMENAS, "Ain Amenas", "a2"),
        resolved(ALGIERS, "Algiers", "a1"),
        Resolution(Mention("a1", 0, 4, "Nowhere"), None, 0.0),
    )
    verdicts = (
        verdict(
            town_ref(),
            status="consistent",
            readings=(reading(SITE, 46.0, "consistent"),),
            accepted=(40.0, 60.0),
        ),
        verdict(
            border_ref(),
            status="inconsistent",
            readings=(reading(SITE, 73.0, "inconsistent", point=BORDER_POINT),),
        ),
    )
    fields: dict[str, object] = {
        "documents": documents,
        "resolutions": resolutions,
        "verdicts": verdicts,
        "site": SITE,
    }
    fields.update(changes)
    return Report(**fields)  # type: ignore[arg-type]


def square(lon: float, lat: float, size: float = 4.0) -> bytes:
    return shapely.to_wkb(shapely.box(lon, lat, lon + size, lat + size))


@functools.cache
def squares_gazetteer() -> MemoryGazetteer:
    # One object for the whole run: geometry caches shapes by gazetteer identity.
    return MemoryGazetteer(
        countries=[
            Country("DZ", "DZA", "Algeria", "country:DZ", neighbours=("LY", "TN")),
            Country("LY", "LBY", "Libya", "country:LY", neighbours=("DZ",)),
            Country("TN", "TUN", "Tunisia", "country:TN"),
            Country("FR", "FRA", "France", "country:FR"),
        ],
        shapes={
            "DZ": square(3, 26),
            "LY": square(10, 25),
            "TN": square(8, 31, 2),
            "FR": square(0, 44),
        },
    )


# --- reading the page back -------------------------------------------------------


class _Tags(HTMLParser):
    """Counts start tags, the way a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def start_tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


def main_script(page: str) -> str:
    """The map's own script (after the inlined Leaflet in the head)."""
    return page[page.index("<body>") :]


def js_layers(page: str, factory: str) -> list[tuple[list, dict]]:
    """(coordinates, options) of every ``L.<factory>(coords, options)`` call."""
    pattern = re.compile(rf"L\.{factory}\(\s*(\[[^{{}}]*?\]),\s*(\{{[^{{}}]*\}})\s*\)", re.DOTALL)
    return [(json.loads(a), json.loads(b)) for a, b in pattern.findall(main_script(page))]


def place_markers(page: str) -> list[tuple[list, dict, dict]]:
    """(location, marker options, divIcon options) of every place marker."""
    pattern = re.compile(
        r"var (\w+) = L\.marker\((\[[^\]]*\]), (\{[^{}]*\})\);\s*"
        r"\1\.setIcon\(L\.divIcon\((\{[^{}]*\})\)\);",
        re.DOTALL,
    )
    return [
        (json.loads(location), json.loads(options), json.loads(icon))
        for _, location, options, icon in pattern.findall(main_script(page))
    ]


def marker_classes(page: str) -> list[str]:
    return [icon["className"] for _, _, icon in place_markers(page)]


def bound_texts(page: str, method: str) -> list[str]:
    """The decoded HTML strings passed to bindPopup / bindTooltip."""
    pattern = re.compile(rf'\.{method}\(("(?:[^"\\]|\\.)*")')
    return [json.loads(s) for s in pattern.findall(main_script(page))]


def control_texts(page: str) -> list[str]:
    pattern = re.compile(r'innerHTML = ("(?:[^"\\]|\\.)*")')
    return [json.loads(s) for s in pattern.findall(main_script(page))]


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    return Geodesic.WGS84.Inverse(a[0], a[1], b[0], b[1])["s12"] / 1000


# --- a page that works anywhere --------------------------------------------------


def test_page_loads_nothing_from_the_network():
    page = render_map(in_amenas_report(), gazetteer=squares_gazetteer())
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I), "script loaded from a URL"
    assert not re.search(r"<link[^>]*\bhref\s*=\s*[\"']?(https?:)?//", page, re.I)
    assert not re.search(r"@import|url\(\s*[\"']?(https?:)?//", page, re.I)
    assert "url(images/" not in page, "a Leaflet image left as a relative path"
    for tag, attrs in start_tags(page):
        assert tag != "link", "no stylesheet links at all: CSS is inlined"
        assert not (attrs.get("src") or "").startswith(("http", "//")), tag
    # Leaflet itself is inlined, and only Leaflet: no jQuery, Bootstrap, Font Awesome.
    assert f"Leaflet {LEAFLET_VERSION}" in page
    for unwanted in ("jquery", "bootstrap", "font-awesome", "fontawesome", "$(document)"):
        assert unwanted not in page.lower(), unwanted


def test_page_is_accessible():
    page = render_map(in_amenas_report(), title="Siege at In Amenas")
    assert '<html lang="en">' in page
    assert "user-scalable" not in page and "maximum-scale" not in page
    assert "<title>Siege at In Amenas</title>" in page
    assert '<meta charset="utf-8">' in page
    maps = [attrs for tag, attrs in start_tags(page) if attrs.get("role") == "region"]
    assert [m["aria-label"] for m in maps] == ["Map: Siege at In Amenas"]


def test_title_defaults_to_the_site():
    page = render_map(in_amenas_report())
    assert "<title>Tigantourine: places and distance claims</title>" in page
    title, _legend, *_claims = control_texts(page)
    assert "<h1>Tigantourine: places and distance claims</h1>" in title
    assert "2 articles · 3 places · 2 claims checked" in title


def test_import_is_cheap():
    heavy = ("folium", "numpy", "shapely", "pyproj")
    code = f"import sys, geomap.render; print(*[m in sys.modules for m in {heavy!r}])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["False"] * len(heavy), result.stderr


def test_render_error_lives_with_the_other_errors():
    import geomap.errors

    assert png_module.RenderError is RenderError
    assert issubclass(RenderError, GeomapError) and issubclass(RenderError, RuntimeError)
    assert "RenderError" in geomap.errors.__all__
    assert "RenderError (RuntimeError)" in (geomap.errors.__doc__ or "")


# --- escaping --------------------------------------------------------------------


def hostile_report() -> Report:
    evil = Place("user:evil", HOSTILE, "city", "DZ", LatLon(28.5, 9.0), source='x" onload="y')
    quoted = Place("user:quoted", 'Ain "Amenas" & O\'Neil', "city", "DZ", LatLon(28.1, 9.6))
    document = Document("d<1>", "…", title="</script><!-- `${alert(2)}`")
    return Report(
        documents=(document,),
        resolutions=(
            resolved(evil, "</script><img src=x onerror=alert(3)>", "d<1>"),
            resolved(quoted, 'Ain "Amenas" & O\'Neil', "d<1>"),
        ),
        verdicts=(
            verdict(
                Reference(HOSTILE, 0, 1, "point", evil),
                status="inconsistent",
                readings=(reading(quoted, 70.0, "inconsistent", text="<b>bold</b> & `${x}`"),),
                sentence="It is </script><script>alert(4)</script> 60 km away.",
                explanation="<!-- comment --> & \"quotes\" 'single'",
            ),
        ),
        site=evil,
    )


def test_hostile_text_never_becomes_markup():
    page = render_map(hostile_report(), title=HOSTILE, gazetteer=squares_gazetteer())
    tags = [tag for tag, _ in start_tags(page)]
    assert tags.count("script") == 2  # inlined Leaflet and the map's own script
    assert "img" not in tags and "b" not in tags
    for raw in ("<script>alert", "<img src=x", "</script><!--", "<!-- comment", "alert(3)>"):
        assert raw not in page, raw
    # folium's Tooltip and Popup paste text into JS template literals; none are used.
    assert "(`" not in main_script(page)
    assert f"<title>{html.escape(HOSTILE)}</title>" in page


def test_inline_script_cannot_be_closed_from_inside():
    page = render_map(hostile_report(), title=HOSTILE, gazetteer=squares_gazetteer())
    *_, script = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    assert "bindPopup" in script
    # No "</" at all (so no "</script" in any case), no comment opener.
    assert "</" not in script and "<!--" not in script


@pytest.mark.parametrize("payload", ["</script>", "</SCRIPT >", "<!--", "]]>", "\u2028", "'`"])
def test_script_json_round_trips_without_markup(payload):
    encoded = script_json({"text": payload})
    assert json.loads(encoded) == {"text": payload}
    assert not set(encoded) & set("<>&'")


def test_hostile_text_reads_back_as_text():
    page = render_map(hostile_report(), title=HOSTILE)
    popups = bound_texts(page, "bindPopup")
    tooltips = bound_texts(page, "bindTooltip")
    bound = "".join(popups + tooltips + control_texts(page))
    # After JavaScript decodes the strings, the HTML handed to Leaflet shows the text, escaped.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in bound
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(3)&gt;" in bound
    assert "Ain &quot;Amenas&quot; &amp; O&#x27;Neil" in bound
    assert "&lt;!-- comment --&gt; &amp; &quot;quotes&quot; &#x27;single&#x27;" in bound
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; `${x}`" in bound
    assert "x&quot; onload=&quot;y" in bound  # a hostile source field
    for text in popups + tooltips:
        assert "<script" not in text and "<img" not in text and "<!--" not in text


# --- markers ---------------------------------------------------------------------


def test_one_marker_per_place_and_the_site_apart():
    page = render_map(in_amenas_report())
    markers = place_markers(page)
    classes = sorted(icon["className"] for _, _, icon in markers)
    assert classes == [
        "geomap-marker geomap-place",
        "geomap-marker geomap-place",
        "geomap-marker geomap-site",
    ]
    by_point = {tuple(location): (options, icon) for location, options, icon in markers}
    site_options, site_icon = by_point[(27.897, 9.127)]
    _, town_icon = by_point[(28.033, 9.567)]
    assert site_icon["iconSize"][0] > town_icon["iconSize"][0]
    assert site_options["zIndexOffset"] > 0  # drawn above the other markers
    # The site's look differs from a place's (yellow fill against blue).
    assert ".geomap-site { border: 3px solid #111111; background: rgba(255, 212, 0, 1.0)" in page
    assert ".geomap-place { border: 2px solid #17406d; background: rgba(59, 130, 196, 0.9)" in page


def test_site_that_is_also_mentioned_is_one_marker():
    report = in_amenas_report(resolutions=(resolved(SITE, "Tigantourine"),))
    classes = marker_classes(render_map(report))
    assert classes.count("geomap-marker geomap-site") == 1
    assert "geomap-marker geomap-place" in classes  # In Amenas, named by a claim


def test_place_popup_counts_mentions_per_document_and_forms():
    page = render_map(in_amenas_report())
    popup = next(p for p in bound_texts(page, "bindPopup") if "<h2>In Amenas</h2>" in p)
    assert "city · DZ" in popup
    assert "28.033° N, 9.567° E" in popup
    assert "Mentioned 3 times in 2 documents" in popup
    assert "Hostages held at gas plant" in popup and ": once" in popup and ": twice" in popup
    assert "“In Amenas” ×2, “Ain Amenas”" in popup


def test_country_names_come_from_the_gazetteer():
    page = render_map(in_amenas_report(), gazetteer=squares_gazetteer())
    popup = next(p for p in bound_texts(page, "bindPopup") if "<h2>In Amenas</h2>" in p)
    assert "city · Algeria" in popup


def test_area_places_are_hollow():
    report = in_amenas_report(resolutions=(resolved(ALGERIA, "Algeria"), resolved(AMENAS, "x")))
    page = render_map(report)
    icons = {tuple(location): icon for location, _, icon in place_markers(page)}
    assert icons[(28.0, 3.0)]["className"] == "geomap-marker geomap-place geomap-area"
    assert icons[(28.033, 9.567)]["className"] == "geomap-marker geomap-place"
    assert ".geomap-area { border: 2px solid #17406d; background: rgba(59, 130, 196, 0.1)" in page


# --- measured lines ----------------------------------------------------------------


@pytest.mark.parametrize("status", list(STATUS_COLOURS))
def test_line_colour_follows_reading_status(status):
    report = in_amenas_report(
        verdicts=(
            verdict(
                town_ref(ALGIERS),
                status="ambiguous",
                readings=(reading(SITE, 1132.0, status), reading(AMENAS, 1120.0, "consistent")),
                accepted=(900, 1000),
            ),
        )
    )
    lines = js_layers(render_map(report), "polyline")
    by_end = {tuple(coords[-1]): options for coords, options in lines}
    assert len(lines) == 2
    assert by_end[(27.897, 9.127)]["color"] == STATUS_COLOURS[status]
    assert by_end[(27.897, 9.127)]["className"].endswith(f"geomap-status-{status}")
    assert by_end[(28.033, 9.567)]["color"] == STATUS_COLOURS["consistent"]


def test_line_is_a_sampled_geodesic_from_the_reference_point():
    page = render_map(in_amenas_report(verdicts=()), gazetteer=None)
    assert js_layers(page, "polyline") == []
    report = in_amenas_report(
        verdicts=(
            verdict(
                town_ref(ALGIERS),
                status="consistent",
                readings=(reading(SITE, 1132.0, "consistent"),),
            ),
        )
    )
    ((coords, _),) = js_layers(render_map(report), "polyline")
    assert coords[0] == [ALGIERS.point.lat, ALGIERS.point.lon] and coords[-1] == [27.897, 9.127]
    assert len(coords) > 20
    total = km_between(coords[0], coords[-1])
    # About the guide's 1,132 km (its Algiers point is a few hundred metres off this one).
    assert total == pytest.approx(1132, rel=0.005)
    # Every vertex lies on the geodesic: the two legs add up to the whole.
    for vertex in coords[1:-1]:
        legs = km_between(coords[0], vertex) + km_between(vertex, coords[-1])
        assert legs == pytest.approx(total, abs=0.01)


def test_border_line_starts_at_the_nearest_border_point():
    lines = js_layers(render_map(in_amenas_report()), "polyline")
    starts = {tuple(coords[0]): options["color"] for coords, options in lines}
    assert starts[(27.95, 9.87)] == STATUS_COLOURS["inconsistent"]
    assert starts[(28.033, 9.567)] == STATUS_COLOURS["consistent"]


def test_line_popup_and_tooltip_explain_the_verdict():
    report = in_amenas_report(
        verdicts=(
            verdict(
                town_ref(),
                status="inconsistent",
                readings=(reading(SITE, 46.0, "inconsistent", text="46 km is outside 55–65 km"),),
                accepted=(55.0, 65.0),
                explanation="The claim does not fit the map.",
            ),
        )
    )
    page = render_map(report)
    popup = next(p for p in bound_texts(page, "bindPopup") if "geomap-status" in p)
    assert "The claim does not fit the map." in popup
    assert "46 km is outside 55–65 km" in popup
    assert "taken as 55–65 km" in popup and "Measured: <strong>46 km</strong>" in popup
    assert "<h2>Tigantourine – In Amenas</h2>" in popup
    assert "The plant is about 60 km from the town." in popup
    tooltip = next(t for t in bound_texts(page, "bindTooltip") if "measured" in t)
    assert "Inconsistent" in tooltip and "claimed 55–65 km" in tooltip and "46 km" in tooltip


def test_repeated_claims_share_one_line_listing_each():
    repeated = tuple(
        verdict(
            town_ref(),
            status="consistent",
            readings=(reading(SITE, 46.0, "consistent"),),
            doc_id=doc_id,
            accepted=(40.0, 60.0),
        )
        for doc_id in ("a1", "a2")
    )
    page = render_map(in_amenas_report(verdicts=repeated))
    assert len(js_layers(page, "polyline")) == 1
    popup = next(p for p in bound_texts(page, "bindPopup") if "geomap-status" in p)
    assert "Hostages held at gas plant" in popup and "Algeria siege ends" in popup
    assert popup.count("geomap-status-consistent") == 2  # one block per claim
    assert popup.count("Measured:") == 1  # the shared measurement once


def test_disagreeing_claims_on_one_line_show_the_worst_status():
    claims = tuple(
        verdict(
            town_ref(),
            status=status,
            readings=(reading(SITE, 46.0, status),),
            doc_id=doc_id,
            accepted=accepted,
        )
        for doc_id, status, accepted in [
            ("a1", "consistent", (40.0, 60.0)),
            ("a2", "inconsistent", (80.0, 120.0)),
        ]
    )
    page = render_map(in_amenas_report(verdicts=claims))
    ((_, options),) = js_layers(page, "polyline")
    assert options["color"] == STATUS_COLOURS["inconsistent"]
    popup = next(p for p in bound_texts(page, "bindPopup") if "geomap-status" in p)
    assert "geomap-status-consistent" in popup and "geomap-status-inconsistent" in popup
    tooltip = next(t for t in bound_texts(page, "bindTooltip") if "measured" in t)
    assert "(2 claims)" in tooltip and "claimed 40–60 km, 80–120 km" in tooltip
    assert len(js_layers(page, "polygon")) == 2  # different ranges: two bands


def test_reading_without_a_point_is_counted_not_drawn():
    area = Reference("Libya", 0, 5, "area", LIBYA)
    report = in_amenas_report(
        verdicts=(
            verdict(area, status="unverifiable", readings=(reading(SITE, 0, "unverifiable"),)),
        )
    )
    page = render_map(report)
    assert js_layers(page, "polyline") == []
    assert "1 not drawn" in control_texts(page)[0]


# --- claimed-distance bands ----------------------------------------------------------


def test_point_reference_gets_a_geodesic_band():
    page = render_map(in_amenas_report())
    polygons = js_layers(page, "polygon")
    assert len(polygons) == 1  # the border claim gets none
    (outer, inner), options = polygons[0]
    assert options["className"] == "geomap-band"
    assert options["fill"] is True and 0 < options["fillOpacity"] < 0.5
    assert options["fillColor"] == STATUS_COLOURS["consistent"]
    centre = (28.033, 9.567)
    assert {round(km_between(centre, v), 2) for v in outer} == {60.0}
    assert {round(km_between(centre, v), 2) for v in inner} == {40.0}
    tooltip = next(t for t in bound_texts(page, "bindTooltip") if "Claimed distance" in t)
    assert "In Amenas: 40–60 km" in tooltip


def test_no_band_without_an_accepted_range():
    report = in_amenas_report(
        verdicts=(
            verdict(
                town_ref(),
                status="unverifiable",
                readings=(reading(SITE, 46.0, "unverifiable"),),
                accepted=None,
            ),
        )
    )
    page = render_map(report)
    assert js_layers(page, "polygon") == []
    assert len(js_layers(page, "polyline")) == 1


def test_exact_distance_is_drawn_as_a_ring():
    report = in_amenas_report(
        verdicts=(
            verdict(
                town_ref(),
                status="consistent",
                readings=(reading(SITE, 46.0, "consistent"),),
                accepted=(46.0, 46.0),
            ),
        )
    )
    page = render_map(report)
    assert js_layers(page, "polygon") == []
    rings = [c for c, o in js_layers(page, "polyline") if o["className"] == "geomap-band"]
    assert len(rings) == 1 and rings[0][0] == rings[0][-1]


def test_band_around_a_pole_is_not_drawn():
    svalbard = Place("geonames:1", "Longyearbyen", "city", "SJ", LatLon(78.22, 15.65))
    report = in_amenas_report(
        verdicts=(
            verdict(
                town_ref(svalbard),
                status="inconsistent",
                readings=(reading(SITE, 5600.0, "inconsistent"),),
                accepted=(1000.0, 1500.0),
            ),
        )
    )
    page = render_map(report)
    assert js_layers(page, "polygon") == []
    assert len(js_layers(page, "polyline")) == 1  # the measured line still is
    assert "Distance range a claim allows" not in control_texts(page)[1]


def test_band_rings_hold_their_radius():
    outer, inner = distance_band(LatLon(28.033, 9.567), 50, 70, vertices=36)
    assert outer[0] == outer[-1] and inner[0] == inner[-1]
    assert max(abs(km_between((28.033, 9.567), v) - 70) for v in outer) < 0.002
    assert max(abs(km_between((28.033, 9.567), v) - 50) for v in inner) < 0.002


def test_great_circle_does_not_jump_at_the_antimeridian():
    line = great_circle(LatLon(-17.7, 178.0), LatLon(-13.8, -171.8))  # Fiji to Samoa
    lons = [lon for _, lon in line]
    assert all(abs(b - a) < 5 for a, b in itertools.pairwise(lons))
    assert lons[-1] == pytest.approx(360 - 171.8)


# --- bands along borders and coasts ----------------------------------------------------------

# Two countries side by side: the Algeria-Libya border is the meridian 10° E from
# 20° N to 30° N; north of 30° N Libya's west side faces the sea.
RIBBON = MemoryGazetteer(
    countries=[
        Country("DZ", "DZA", "Algeria", "country:DZ", neighbours=("LY",)),
        Country("LY", "LBY", "Libya", "country:LY", neighbours=("DZ",)),
    ],
    shapes={
        "DZ": shapely.to_wkb(shapely.box(0, 20, 10, 30)),
        "LY": shapely.to_wkb(shapely.box(10, 20, 20, 32)),
    },
)


def measured_reading(subject: Place, reference: Reference, status: str = "inconsistent") -> Reading:
    """A reading measured the way the verifier does, on RIBBON."""
    assert reference.place is not None
    code = reference.place.country_code
    if reference.geometry == "coast":
        found = geometry.measure_to_coast(subject.point, RIBBON, code)
    else:
        other = reference.other_place.country_code if reference.other_place else None
        found = geometry.measure_to_border(subject.point, RIBBON, code, other)
    assert found is not None
    return Reading(
        subject, found.distance_km, None, status, "measured", reference_point=found.reference_point
    )


def strip_report(subject: Place, reference: Reference, accepted: tuple[float, float]) -> Report:
    return in_amenas_report(
        resolutions=(resolved(subject, subject.name),),
        verdicts=(
            verdict(
                reference,
                status="inconsistent",
                readings=(measured_reading(subject, reference),),
                accepted=accepted,
            ),
        ),
        site=subject,
    )


def strips(page: str) -> list[tuple[list, dict]]:
    return [
        (rings, options)
        for rings, options in js_layers(page, "polygon")
        if "geomap-band-line" in options["className"]
    ]


def strip_vertices(page: str) -> list[tuple[float, float]]:
    """Every vertex of every strip polygon (each a list of rings)."""
    return [tuple(v) for rings, _ in strips(page) for ring in rings for v in ring]


def test_border_claim_gets_a_strip_on_the_subject_side():
    page = render_map(strip_report(SITE, border_ref(), (50.0, 70.0)), gazetteer=RIBBON)
    ((_, options),) = strips(page)
    assert options["fillColor"] == STATUS_COLOURS["inconsistent"]
    vertices = strip_vertices(page)
    assert len(vertices) >= 4  # a straight border: the piece simplifies to a near-rectangle
    subject_km = measured_reading(SITE, border_ref()).distance_km
    assert subject_km == pytest.approx(85.9, abs=0.5)  # outside the band: the strip shows where
    for lat, lon in vertices:
        assert lon < 10.0, "the strip stays on Algeria's side"
        distance = geometry.measure_to_border(LatLon(lat, lon), RIBBON, "LY")
        assert distance is not None
        # Between the claimed distances from the border (a few hundred metres of
        # simplification and rounding aside) ...
        assert 49.5 <= distance.distance_km <= 70.5, (lat, lon, distance.distance_km)
        # ... and only near the subject: within its distance plus the band's reach.
        assert km_between((lat, lon), (SITE.point.lat, SITE.point.lon)) <= subject_km + 70 + 1
    tooltip = next(t for t in bound_texts(page, "bindTooltip") if "Claimed distance" in t)
    assert "the border of Libya: 50–70 km" in tooltip
    assert "Distance range a claim allows" in control_texts(page)[1]


def test_one_claim_about_two_distant_places_gets_two_strip_pieces():
    north = Place("geonames:2", "North", "city", "DZ", LatLon(29.0, 9.0))
    south = Place("geonames:3", "South", "city", "DZ", LatLon(22.0, 9.0))
    report = in_amenas_report(
        verdicts=(
            verdict(
                border_ref(),
                status="ambiguous",
                readings=tuple(
                    measured_reading(p, border_ref(), "ambiguous") for p in (north, south)
                ),
                accepted=(50.0, 70.0),
            ),
        )
    )
    pieces = strips(render_map(report, gazetteer=RIBBON))
    assert len(pieces) == 2  # 780 km apart: two pieces, not one strip along the whole border
    centres = sorted(sum(lat for lat, _ in rings[0]) / len(rings[0]) for rings, _ in pieces)
    assert centres[0] == pytest.approx(22.0, abs=0.5) and centres[1] == pytest.approx(29.0, abs=0.5)
    assert all(options["fillColor"] == STATUS_COLOURS["ambiguous"] for _, options in pieces)


def test_strip_of_a_place_inside_the_country_stays_inside():
    inside = Place("geonames:1", "Ghadames-ish", "city", "LY", LatLon(27.9, 10.9))
    page = render_map(strip_report(inside, border_ref(), (20.0, 40.0)), gazetteer=RIBBON)
    vertices = strip_vertices(page)
    assert vertices and all(lon > 10.0 for _, lon in vertices)


def test_shared_border_strip_follows_only_the_shared_line():
    # North of Algeria, at sea: Libya's own west coast is 95 km away, the line
    # it shares with Algeria (which ends at 30° N) about 190 km.
    offshore = Place("user:rig", "Rig", "facility", "", LatLon(31.5, 9.0))
    shared = Reference("the Algeria-Libya border", 0, 24, "border", LIBYA, other_place=ALGERIA)
    page = render_map(strip_report(offshore, shared, (150.0, 250.0)), gazetteer=RIBBON)
    vertices = strip_vertices(page)
    assert vertices
    for lat, lon in vertices:
        to_shared = geometry.measure_to_border(LatLon(lat, lon), RIBBON, "LY", "DZ")
        assert to_shared is not None and 149.5 <= to_shared.distance_km <= 250.5, (lat, lon)


def test_coast_claim_gets_a_strip_at_sea():
    ship = Place("user:ship", "Ship", "feature", "", LatLon(33.0, 15.0))
    coast = Reference("the Libyan coast", 0, 16, "coast", LIBYA)
    page = render_map(strip_report(ship, coast, (80.0, 120.0)), gazetteer=RIBBON)
    vertices = strip_vertices(page)
    assert vertices
    for lat, lon in vertices:
        assert lat > 32.0 or lon > 20.0, "outside Libya, on the ship's side"
        to_coast = geometry.measure_to_coast(LatLon(lat, lon), RIBBON, "LY")
        assert to_coast is not None and 79.5 <= to_coast.distance_km <= 120.5


def test_strip_falls_back_to_a_sector_facing_the_border(monkeypatch):
    from shapely.errors import GEOSException

    def broken(*args: object) -> None:
        raise GEOSException("TopologyException: side location conflict")

    monkeypatch.setattr(lineband, "_strip", broken)
    page = render_map(strip_report(SITE, border_ref(), (50.0, 70.0)), gazetteer=RIBBON)
    vertices = strip_vertices(page)
    assert vertices
    nearest = measured_reading(SITE, border_ref()).reference_point
    assert nearest is not None
    towards = geometry.bearing_deg(SITE.point, nearest)
    for vertex in vertices:
        assert 49.9 <= km_between((SITE.point.lat, SITE.point.lon), vertex) <= 70.1
        bearing = geometry.bearing_deg(SITE.point, LatLon(*vertex))
        assert abs((bearing - towards + 180) % 360 - 180) <= 30.5


def test_no_strip_without_a_gazetteer_or_an_accepted_range():
    assert strips(render_map(strip_report(SITE, border_ref(), (50.0, 70.0)))) == []
    report = in_amenas_report(
        verdicts=(
            verdict(
                border_ref(),
                status="consistent",
                readings=(measured_reading(SITE, border_ref(), "consistent"),),
                accepted=None,  # "near the Libyan border"
            ),
        )
    )
    assert strips(render_map(report, gazetteer=RIBBON)) == []


def test_strip_rendering_imports_shapely_only_when_there_is_a_strip():
    code = (
        "import sys\n"
        "from geomap.model import Report\n"
        "from geomap.render import render_map\n"
        "render_map(Report(documents=()))\n"
        "print('pyproj' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["False"], result.stderr


# --- the first view ---------------------------------------------------------------------------

TOKYO = Place("geonames:1850147", "Tokyo", "city", "JP", LatLon(35.69, 139.69), source="geonames")
OSLO = Place("geonames:3143244", "Oslo", "city", "NO", LatLon(59.91, 10.75), source="geonames")


def views(page: str) -> tuple[list, list | None]:
    """The first view's bounds and the "all places" bounds (None without the control)."""
    script = main_script(page)
    focus = re.search(r"var focus = L\.latLngBounds\((\[\[.*?\]\])\);", script)
    everything = re.search(r"var everything = L\.latLngBounds\((\[\[.*?\]\])\);", script)
    assert focus is not None
    return json.loads(focus.group(1)), json.loads(everything.group(1)) if everything else None


def inside(box: list, point: tuple[float, float]) -> bool:
    (south, west), (north, east) = box
    return south <= point[0] <= north and west <= point[1] <= east


def test_first_view_is_the_incident_not_the_world():
    far = tuple(resolved(p, p.name) for p in (TOKYO, OSLO))
    page = render_map(in_amenas_report(resolutions=(*in_amenas_report().resolutions, *far)))
    focus, everything = views(page)
    for point in [(27.897, 9.127), (28.033, 9.567), (27.95, 9.87)]:  # site, town, border point
        assert inside(focus, point), point
    # The 40-60 km band around In Amenas is small: all of it is in view.
    ((outer, _inner), _) = js_layers(page, "polygon")[0]
    assert all(inside(focus, tuple(v)) for v in outer)
    # Tokyo and Oslo stay on the map, one click ("All places") away.
    assert not inside(focus, (35.69, 139.69)) and not inside(focus, (59.91, 10.75))
    assert everything is not None
    assert inside(everything, (35.69, 139.69)) and inside(everything, (59.91, 10.75))
    (south, west), (north, east) = focus
    assert north - south < 2 and east - west < 2  # a regional view, not a world map
    assert '"All places"' in main_script(page) and '"Incident"' in main_script(page)
    assert "map.fitBounds(focus, L.extend({animate: false}, fit));" in main_script(page)
    assert '"maxZoom":9' in main_script(page)


def test_big_band_widens_the_first_view_only_near_the_subject():
    report = in_amenas_report(
        verdicts=(
            verdict(
                town_ref(ALGIERS),
                status="consistent",
                readings=(reading(SITE, 1132.0, "consistent"),),
                accepted=(1022.0, 1578.0),
            ),
        )
    )
    page = render_map(report)
    focus, _ = views(page)
    # The measured line runs from Algiers to the site: both are in view ...
    assert inside(focus, (ALGIERS.point.lat, ALGIERS.point.lon)) and inside(focus, (27.897, 9.127))
    # ... the 1,578 km ring (it reaches 50° N and 12° S) is not, beyond about
    # 150 km of the site.
    (south, west), (north, east) = focus
    assert north == pytest.approx(ALGIERS.point.lat, abs=0.01)
    assert south > 27.897 - 1.5 and east < 9.127 + 1.7 and west > ALGIERS.point.lon - 0.01
    ((arc, *_), _) = js_layers(page, "polygon")[0]
    # the band is drawn as its arc near the site (about 800 km of it), not
    # as the whole ring from 50° N to 12° S
    lats = [lat for lat, _ in arc]
    assert max(lats) < 36 and min(lats) > 15, (min(lats), max(lats))
    assert min(lon for _, lon in arc) < 9.127 < max(lon for _, lon in arc)


def test_without_site_or_claims_the_first_view_shows_every_place():
    report = Report(
        documents=(Document("a1", "…"),),
        resolutions=(resolved(AMENAS, "In Amenas"), resolved(TOKYO, "Tokyo")),
    )
    page = render_map(report)
    focus, everything = views(page)
    assert focus == [[28.033, 9.567], [35.69, 139.69]]
    assert everything is None and "geomap-view-all" not in page  # nothing more to show


def test_claims_without_a_site_are_the_focus():
    report = in_amenas_report(
        site=None, resolutions=(*in_amenas_report().resolutions, resolved(TOKYO, "Tokyo"))
    )
    page = render_map(report)
    focus, everything = views(page)
    assert inside(focus, (27.897, 9.127)) and not inside(focus, (35.69, 139.69))
    assert everything is not None
    assert '"Claims"' in main_script(page)


# --- basemap, legend, controls -----------------------------------------------------------


def basemap(page: str) -> dict | None:
    match = re.search(r'L\.geoJSON\((\{.*?\}), \{"style"', main_script(page), re.DOTALL)
    return json.loads(match.group(1)) if match else None


def test_basemap_draws_involved_countries_and_neighbours():
    page = render_map(in_amenas_report(), gazetteer=squares_gazetteer())
    data = basemap(page)
    assert data is not None
    codes = sorted(f["properties"]["code"] for f in data["features"])
    assert codes == ["DZ", "LY", "TN"]  # DZ's places, the Libyan border, DZ's neighbours; not FR
    ring = data["features"][0]["geometry"]["coordinates"][0][0]
    lons, lats = zip(*ring, strict=True)
    assert (min(lons), min(lats), max(lons), max(lats)) == (3, 26, 7, 30)  # (lon, lat) order
    assert "Natural Earth" in main_script(page)
    assert '"Countries"' in main_script(page)  # in the layer control


def test_no_gazetteer_no_basemap():
    page = render_map(in_amenas_report())
    assert basemap(page) is None
    assert "Natural Earth" not in page


def test_legend_lists_every_status_with_its_colour_and_count():
    _title, legend, *_claims = control_texts(render_map(in_amenas_report()))
    for status, colour in STATUS_COLOURS.items():
        assert f'stroke="{colour}"' in legend, status
    assert 'Consistent <span class="geomap-muted">(1)</span>' in legend
    assert 'Inconsistent <span class="geomap-muted">(1)</span>' in legend
    assert 'Ambiguous <span class="geomap-muted">(0)</span>' in legend
    assert "Incident site" in legend and "Distance range a claim allows" in legend


def test_osm_tiles_are_offered_but_off():
    page = render_map(in_amenas_report())
    script = main_script(page)
    tile_layer = re.search(r"var (tile_layer_\w+) = L\.tileLayer\(", script)
    assert tile_layer is not None
    assert f"{tile_layer.group(1)}.addTo(" not in script
    assert '"OpenStreetMap (needs internet)" : ' + tile_layer.group(1) in script


def test_empty_report_renders_a_world_map():
    page = render_map(Report(documents=()))
    assert "fitBounds" not in main_script(page)
    assert "center: [20.0, 0.0]" in page
    assert place_markers(page) == []
    assert "<title>Places and distance claims</title>" in page


# --- keyboard, screen readers, search engines ---------------------------------------------


def test_markers_are_keyboard_operable_with_plain_text_titles():
    page = render_map(hostile_report())
    markers = place_markers(page)
    assert markers
    for _, options, _ in markers:
        assert options["keyboard"] is True
        assert options["title"] == options["alt"]
    titles = {options["title"] for _, options, _ in markers}
    # The hostile name arrives as text: Leaflet assigns it to the title *property*.
    assert f"{HOSTILE} (incident site)" in titles
    assert 'Ain "Amenas" & O\'Neil' in titles
    # The site comes first in keyboard order.
    assert markers[0][2]["className"] == "geomap-marker geomap-site"


def test_measured_lines_are_reachable_by_keyboard():
    page = render_map(in_amenas_report())
    pattern = re.compile(r"\}\)\((poly_line_\w+), (\"(?:[^\"\\\\]|\\\\.)*\")\);")
    labels = [json.loads(label) for _, label in pattern.findall(main_script(page))]
    assert len(labels) == len(js_layers(page, "polyline")) == 2
    assert (
        "Inconsistent: Tigantourine from the Libyan border, measured 73 km. "
        "Press Enter for details." in labels
    )
    assert 'element.setAttribute("tabindex", "0")' in main_script(page)


def test_legend_is_a_labelled_region_that_collapses_on_narrow_screens():
    page = render_map(in_amenas_report())
    legend = control_texts(page)[1]
    assert legend.startswith(
        '<details class="geomap-legend-details" open><summary>Legend</summary>'
    )
    assert legend.endswith("</details>")
    script = main_script(page)
    assert 'box.setAttribute("aria-label", "Legend");' in script
    assert 'window.matchMedia("(max-width: 800px), (max-height: 500px)").matches' in script
    assert 'details.removeAttribute("open")' in script
    # No longer hidden on small screens: collapsed instead.
    assert ".geomap-legend { display: none; }" not in page


def summary_section(page: str) -> str:
    match = re.search(r'<section class="geomap-sr-only"[^>]*>(.*?)</section>', page, re.DOTALL)
    assert match is not None
    return match.group(1)


def test_text_summary_lists_every_claim_with_its_verdict():
    page = render_map(in_amenas_report())
    section = summary_section(page)
    assert page.index('geomap-sr-only" id="geomap-summary') < page.index('class="folium-map"')
    items = re.findall(r"<li>(.*?)</li>", section.split("<h3>Places on the map</h3>")[0])
    assert len(items) == 2
    assert items[0].startswith("<strong>Consistent</strong>: “about 60 km”")
    assert "Tigantourine: measured 46 km (consistent)" in items[0]
    assert items[1].startswith("<strong>Inconsistent</strong>")
    assert "Hostages held at gas plant" in items[0]
    assert "<li>Tigantourine (incident site)</li>" in section
    assert "<li>In Amenas</li>" in section
    # Hidden from sight, not from screen readers (no display:none, no aria-hidden).
    assert ".geomap-sr-only { position: absolute !important; width: 1px; height: 1px;" in page
    assert "clip: rect(0, 0, 0, 0)" in page
    description = re.search(r'<meta name="description" content="([^"]*)">', page)
    assert description is not None
    # the page's description is its alt text
    assert "2 distance claims from 2 articles: 1 consistent, 1 inconsistent" in (
        description.group(1)
    )


def test_text_summary_escapes_article_text():
    page = render_map(hostile_report(), title=HOSTILE)
    section = summary_section(page)
    tags = {tag for tag, _ in start_tags(section)}
    assert tags <= {"h2", "h3", "p", "ol", "ul", "li", "strong", "span"}, tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in section  # the site and the reference
    assert "Ain &quot;Amenas&quot; &amp; O&#x27;Neil: measured 70 km" in section
    assert "&lt;!-- comment --&gt; &amp; &quot;quotes&quot;" in section  # the explanation
    description = re.search(r'<meta name="description" content="([^"]*)">', page)
    assert description is not None and "&lt;script&gt;" in description.group(1)


def test_summary_says_when_there_are_no_claims():
    section = summary_section(render_map(Report(documents=())))
    assert "No distance claims were found." in section


# --- country labels ---------------------------------------------------------------------------


def country_labels(page: str) -> list[list]:
    match = re.search(r"var labels = L\.layerGroup\((\[.*?\])\.map\(", main_script(page))
    assert match is not None
    return json.loads(match.group(1))


def test_countries_drawn_are_labelled():
    page = render_map(in_amenas_report(), gazetteer=squares_gazetteer())
    labels = {row[2]: row for row in country_labels(page)}
    assert set(labels) == {"<span>Algeria</span>", "<span>Libya</span>", "<span>Tunisia</span>"}
    lat, lon, _, zoom = labels["<span>Algeria</span>"]
    assert 26 < lat < 30 and 3 < lon < 7  # inside its square
    assert isinstance(zoom, int) and 0 <= zoom <= 18
    # Tunisia's square is half Algeria's width: its name needs a closer zoom.
    assert labels["<span>Tunisia</span>"][3] > zoom
    # Under the claim shapes, not clickable, in the "Countries" layer.
    assert '"geomap-labels"' in main_script(page) and "interactive: false" in main_script(page)


def test_country_labels_are_escaped():
    gazetteer = MemoryGazetteer(
        countries=[Country("DZ", "DZA", HOSTILE, "country:DZ")],
        shapes={"DZ": square(3, 26)},
    )
    page = render_map(in_amenas_report(), gazetteer=gazetteer)
    ((_, _, text, _),) = country_labels(page)
    assert text == "<span>&lt;script&gt;alert(1)&lt;/script&gt;</span>"
    assert "<script>alert" not in page


# --- size ---------------------------------------------------------------------------------


def natural_earth_shapes(codes: list[str]) -> dict[str, bytes]:
    pyogrio = pytest.importorskip("pyogrio")
    from geomap.gazetteer.sources import natural_earth_zip

    path = natural_earth_zip()
    if not path.exists():
        pytest.skip(f"Natural Earth zip not installed at {path}")
    frame = pyogrio.read_dataframe(f"zip://{path}", columns=["ISO_A2", "ISO_A2_EH"])
    parts: dict[str, list] = {}
    for row in frame.itertuples():
        code = row.ISO_A2 if row.ISO_A2 != "-99" else row.ISO_A2_EH
        if code in codes:
            parts.setdefault(code, []).append(row.geometry)
    return {code: shapely.to_wkb(shapely.union_all(geoms)) for code, geoms in parts.items()}


def test_page_stays_small_with_real_borders_of_a_world_story():
    codes = ["DZ", "LY", "TN", "NE", "ML", "MA", "US", "NO", "JP", "GB", "PH", "RU", "CA"]
    gazetteer = MemoryGazetteer(
        countries=[Country("DZ", "DZA", "Algeria", "country:DZ", neighbours=("LY", "TN", "NE"))],
        shapes=natural_earth_shapes(codes),
    )
    far = [
        Place(f"country:{code}", code, "country", code, LatLon(lat, lon))
        for code, lat, lon in [("US", 39, -98), ("JP", 36, 138), ("RU", 60, 100), ("CA", 60, -95)]
    ]
    report = in_amenas_report(
        resolutions=in_amenas_report().resolutions + tuple(resolved(p, p.name) for p in far)
    )
    page = render_map(report, gazetteer=gazetteer)
    assert len(page.encode()) < 1_000_000  # the budget is 1.5 MB; aim well under
    assert len(basemap(page)["features"]) == 8  # type: ignore[index]
    # The "60 km from the Libyan border" strip, along Libya's real 1:10m boundary.
    vertices = strip_vertices(page)
    assert len(vertices) > 20
    for lat, lon in vertices:
        found = geometry.measure_to_border(LatLon(lat, lon), gazetteer, "LY")
        assert found is not None and 49.5 <= found.distance_km <= 70.5, (lat, lon)


def test_plain_page_is_mostly_leaflet():
    page = render_map(in_amenas_report())
    leaflet = len(asset_bytes("leaflet.js")) + len(asset_bytes("leaflet.css"))
    assert len(page.encode()) < leaflet + 60_000


# --- vendored assets ------------------------------------------------------------------------


def test_vendored_assets_are_the_published_files():
    lines = (ASSETS / "SHA256SUMS").read_text().splitlines()
    listed = {name: digest for digest, name in (line.split() for line in lines if line.strip())}
    assert {"leaflet.js", "leaflet.css", "LICENSE.leaflet"} <= set(listed)
    for name, digest in listed.items():
        assert hashlib.sha256((ASSETS / name).read_bytes()).hexdigest() == digest, name
    assert f"leaflet    {LEAFLET_VERSION}" in (ASSETS / "VERSIONS").read_text()
    assert "BSD 2-Clause License" in (ASSETS / "LICENSE.leaflet").read_text()


def test_inlined_leaflet_cannot_end_its_script_early():
    script = asset_bytes("leaflet.js").decode().lower()
    assert "</script" not in script and "<!--" not in script
    assert "</style" not in asset_bytes("leaflet.css").decode().lower()


# --- embed snippet -------------------------------------------------------------------------


def test_embed_snippet_escapes_and_sizes():
    snippet = embed_snippet('maps/a"b.html?x=1&y=<2>', title=f"{HOSTILE} & co", aspect_ratio="4/3")
    tags = start_tags(snippet)
    assert [tag for tag, _ in tags] == ["div", "iframe"]
    div, iframe = tags[0][1], tags[1][1]
    assert "aspect-ratio:4/3" in (div["style"] or "")
    assert iframe["src"] == 'maps/a"b.html?x=1&y=<2>'  # round-trips through escaping
    assert iframe["title"] == f"{HOSTILE} & co"
    assert "<script>" not in snippet and 'a"b' not in snippet


@pytest.mark.parametrize("ratio", ["16 / 9", "4/3", "1.5", " 21 / 9 "])
def test_embed_snippet_accepts_ratios(ratio):
    assert f'aspect-ratio:{" ".join(ratio.split())}"' in embed_snippet(
        "m.html", title="t", aspect_ratio=ratio
    )


@pytest.mark.parametrize(
    ("src", "ratio"),
    [
        ("m.html", '16/9;background:url(//evil)"'),
        ("m.html", "auto"),
        ("javascript:alert(1)", "16 / 9"),
        (" JavaScript:alert(1)", "16 / 9"),
        ("java\tscript:alert(1)", "16 / 9"),
        ("data:text/html,<script>alert(1)</script>", "16 / 9"),
    ],
)
def test_embed_snippet_refuses_unsafe_input(src, ratio):
    with pytest.raises(InputError):
        embed_snippet(src, title="t", aspect_ratio=ratio)


# --- PNG without a browser -----------------------------------------------------------------


def test_render_png_names_the_install_command_when_chromium_is_missing(tmp_path):
    page = tmp_path / "map.html"
    page.write_text(render_map(in_amenas_report()))
    with pytest.raises(MissingDependency, match=r"apt-get install -y chromium"):
        render_png(page, tmp_path / "map.png", chromium=str(tmp_path / "no-such-chromium"))
    assert not (tmp_path / "map.png").exists()


FAKE_CHROMIUM = """#!/bin/sh
# Stands in for Chromium: refuses to start sandboxed, as in many containers.
echo run >> "$0.log"
for arg in "$@"; do
  case "$arg" in
    --no-sandbox) unsandboxed=1 ;;
    --screenshot=*) out="${arg#--screenshot=}" ;;
  esac
done
if [ -z "$unsandboxed" ]; then echo "[1:1:FATAL:zygote.cc] No usable sandbox!" >&2; exit 1; fi
printf fake-png > "$out"
"""


def fake_chromium(tmp_path: Path) -> Path:
    path = tmp_path / "fake-chromium"
    path.write_text(FAKE_CHROMIUM)
    path.chmod(0o755)
    return path


def test_render_png_retries_without_the_sandbox_only_when_it_must(tmp_path, monkeypatch):
    import geomap.render.png as png_module

    monkeypatch.setattr(png_module.os, "geteuid", lambda: 1000)  # not root: sandbox first
    page = tmp_path / "map.html"
    page.write_text("<!DOCTYPE html><title>t</title>")
    chromium = fake_chromium(tmp_path)
    render_png(page, tmp_path / "map.png", chromium=str(chromium))
    assert (tmp_path / "map.png").read_bytes() == b"fake-png"
    assert Path(f"{chromium}.log").read_text().count("run") == 2


@pytest.mark.parametrize("exit_code", [0, 1])
def test_render_png_reports_a_chromium_that_makes_no_picture(tmp_path, exit_code):
    page = tmp_path / "map.html"
    page.write_text("<!DOCTYPE html><title>t</title>")
    chromium = tmp_path / "broken-chromium"
    chromium.write_text(f"#!/bin/sh\necho '[9:9:FATAL:gpu.cc] broken' >&2\nexit {exit_code}\n")
    chromium.chmod(0o755)
    with pytest.raises(RenderError, match=rf"exit {exit_code}\): \[9:9:FATAL:gpu.cc\] broken"):
        render_png(page, tmp_path / "map.png", chromium=str(chromium))


def test_render_png_needs_the_page(tmp_path):
    with pytest.raises(InputError, match="no map page"):
        render_png(tmp_path / "missing.html", tmp_path / "map.png", chromium="/bin/true")


def test_an_estimate_is_drawn_with_its_claims_escaped():
    claim = Claim(
        "a1", 0, 10, f"about 40 km from {HOSTILE}", "s", Reference("x", 0, 1, "point", AMENAS)
    )
    ring = (LatLon(27.8, 9.0), LatLon(27.8, 9.3), LatLon(28.0, 9.3), LatLon(27.8, 9.0))
    left_out = replace(claim, start=20, end=30, text=f"600 km from {HOSTILE}")
    estimate = Estimate(
        "the incident site",
        LatLon(27.9, 9.2),
        25.0,
        (ring,),
        (claim,),
        (left_out,),
        claim_regions=(ClaimOutline(claim, (ring,), True), ClaimOutline(left_out, (ring,), False)),
    )
    page = render_map(in_amenas_report(estimates=(estimate,)))
    assert "geomap-estimate" in page and "geomap-estimate-point" in page
    assert "Where the claims together put a place" in page
    # each claim's own range, the one left out in the inconsistent colour
    assert page.count("geomap-estimate-claim") == 2
    assert page.count("geomap-estimate-left-out") == 1
    # a place the gazetteer holds is set against the estimate; its claims
    # are drawn as bands and lines, not again as outlines
    known = render_map(
        in_amenas_report(estimates=(replace(estimate, known=KnownPlace(AMENAS, 12.0, False)),))
    )
    assert "outside the region" in known
    assert "geomap-estimate-claim" not in known
    # the claim's text is there, escaped, never as markup
    assert "alert(1)" in page
    assert HOSTILE not in page


def _controls_html(page: str) -> str:
    """The page with the controls' HTML (JSON strings in the script) unescaped."""
    for escaped, plain in (("\\u003c", "<"), ("\\u003e", ">"), ("\\u0026", "&"), ('\\"', '"')):
        page = page.replace(escaped, plain)
    return page


def _legend_counts(page: str) -> dict[str, int]:
    """The legend's count per verdict label, as the page shows it."""
    legend = page[page.index("Distance claims</h2>") :]
    found = re.findall(r'</svg>([^<]+?) <span class="geomap-muted">\((\d+)\)', legend)
    return {label: int(count) for label, count in found}


@pytest.mark.parametrize("folder", ["examples", "seeds"])
def test_the_maps_counts_are_the_checks(folder, real_gazetteer, examples_dir, request) -> None:
    from geomap.output import check_records
    from geomap.pipeline import analyze
    from geomap.render.style import status_label
    from geomap.text.documents import read_documents

    path = examples_dir if folder == "examples" else request.getfixturevalue("seeds_dir")
    report = analyze(read_documents([path]), real_gazetteer)
    checked = check_records(report)["summary"]
    page = _controls_html(render_map(report, gazetteer=real_gazetteer))
    shown = _legend_counts(page)
    assert shown == {
        status_label(status): checked["statuses"].get(status, 0) for status in STATUSES
    }
    caption = re.search(r'geomap-verdicts">([^<]*)<', page)
    assert caption is not None
    for status, count in checked["statuses"].items():
        assert f"{count} {status_label(status).lower()}" in caption.group(1)
    assert f"{checked['contradictions']} contradiction" in caption.group(1)


def test_the_alt_text_says_where_what_and_the_verdicts(real_gazetteer, examples_dir) -> None:
    from geomap.pipeline import analyze
    from geomap.render import alt_text
    from geomap.text.documents import read_documents

    report = analyze(read_documents([examples_dir]), real_gazetteer)
    names = {code: c.name for code, c in real_gazetteer.countries().items()}
    text = alt_text(report, names)
    assert text.startswith("Map of Algeria showing Tigantourine gas facility (the incident site)")
    assert "Algiers" in text
    counts = Counter(v.status for v in report.verdicts)
    assert f"{len(report.verdicts)} distance claims from {len(report.documents)} articles" in text
    assert f"{counts['consistent']} consistent" in text


def test_the_embed_snippet_carries_the_alt_text_escaped() -> None:
    snippet = embed_snippet("map.html", title="t", description=f"Map of {HOSTILE}")
    assert HOSTILE not in snippet and "&lt;script&gt;" in snippet
    key = re.search(r'aria-describedby="([^"]+)"', snippet)
    assert key is not None and f'<p id="{key.group(1)}"' in snippet
    assert "aria-describedby" not in embed_snippet("map.html", title="t")


def test_the_locator_inset_has_the_countries_around_the_focus(real_gazetteer) -> None:
    from geomap.render.basemap import inset_countries

    inset = inset_countries(real_gazetteer, "DZ")
    assert inset is not None
    codes = {f["properties"]["code"]: f["properties"]["focus"] for f in inset["features"]}
    assert codes["DZ"] is True and codes["LY"] is False
    assert {"NE", "ML", "TN", "TD"} <= set(codes)  # neighbours and a neighbour's neighbour
    assert inset_countries(real_gazetteer, None) is None
    # coarse: the inset stays a small part of the page
    assert len(json.dumps(inset)) < 60_000
