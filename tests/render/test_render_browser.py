"""The map in a real browser: headless Chromium with the network closed.

These prove that Leaflet actually runs from the inlined copy (no CDN) and
draws what the page describes, and that ``render_png`` takes a real picture.
Install the browser with ``apt-get install -y chromium``; without it the
tests skip.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
import shapely
from builders import ALGIERS, IN_AMENAS, LIBYA

from geomap.errors import MissingDependency
from geomap.gazetteer.store import MemoryGazetteer
from geomap.model import (
    Claim,
    Country,
    Document,
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
from geomap.render import find_chromium, render_map, render_png
from geomap.render.png import chromium_command

pytestmark = pytest.mark.browser

HOSTILE = "<script>alert(1)</script>"
SITE_YELLOW = (0xFF, 0xD4, 0x00)  # SITE_STYLE fill colour


@pytest.fixture(scope="module")
def chromium() -> str:
    """chromium on PATH (or /usr/bin/chromium); the tests skip without it."""
    try:
        return find_chromium()
    except MissingDependency as missing:
        pytest.skip(f"no chromium binary: {missing}")


def place(pid: str, name: str, kind: str, country: str, lat: float, lon: float) -> Place:
    return Place(pid, name, kind, country, LatLon(lat, lon), source="geonames")


SITE = place("curated:tigantourine", HOSTILE, "facility", "DZ", 27.897, 9.127)
AMENAS = IN_AMENAS


def claim(reference: Reference, km: float) -> Claim:
    text = f"{km:g} km from {reference.text}"
    quantity = Quantity(f"{km:g} km", km, km, "km")
    return Claim("a1", 0, len(text), text, f"It is {text}.", reference, quantity)


def report() -> Report:
    town = Reference("In Amenas", 0, 9, "point", AMENAS)
    capital = Reference("Algiers", 0, 7, "point", ALGIERS)
    border = Reference("the Libyan border", 0, 17, "border", LIBYA)
    verdicts = (
        Verdict(
            claim(town, 50),
            "consistent",
            "fits",
            (40.0, 60.0),
            (Reading(SITE, 46.0, 250.0, "consistent", "46 km"),),
        ),
        Verdict(
            claim(border, 60),
            "inconsistent",
            "does not fit",
            (50.0, 70.0),
            (
                Reading(
                    SITE, 73.0, 95.0, "inconsistent", "73 km", reference_point=LatLon(27.95, 9.87)
                ),
            ),
        ),
        Verdict(
            claim(capital, 1300),
            "road-distance-plausible",
            "by road",
            (1200.0, 1400.0),
            (Reading(SITE, 1132.0, 148.0, "road-distance-plausible", "1,132 km"),),
        ),
    )
    return Report(
        documents=(Document("a1", "…", title="Siege"),),
        resolutions=(
            Resolution(Mention("a1", 0, 9, "In Amenas"), AMENAS, 0.9),
            Resolution(Mention("a1", 20, 27, "Algiers"), ALGIERS, 0.9),
        ),
        verdicts=verdicts,
        site=SITE,
    )


def gazetteer() -> MemoryGazetteer:
    def square(lon: float, lat: float) -> bytes:
        return shapely.to_wkb(shapely.box(lon, lat, lon + 4, lat + 4))

    return MemoryGazetteer(
        countries=[
            Country("DZ", "DZA", "Algeria", "country:DZ", neighbours=("LY",)),
            Country("LY", "LBY", "Libya", "country:LY", neighbours=("DZ",)),
        ],
        shapes={"DZ": square(3, 26), "LY": square(10, 25)},
    )


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("map") / "map.html"
    path.write_text(render_map(report(), gazetteer=gazetteer()), encoding="utf-8")
    return path


def dump_dom(chromium: str, page: Path, profile: Path) -> str:
    command = chromium_command(chromium, profile, "--dump-dom", page.as_uri())
    if "--no-sandbox" not in command:
        command.insert(1, "--no-sandbox")  # the flags the CI job uses, as root or not
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def count_class(dom: str, tag: str, css_class: str) -> int:
    """How many ``tag`` elements carry ``css_class`` as a whole class name."""
    token = rf'class="(?:[^"]*\s)?{re.escape(css_class)}(?:\s[^"]*)?"'
    return len(re.findall(rf"<{tag}\b[^>]*\b{token}", dom))


def test_leaflet_draws_the_map_offline(chromium, page, tmp_path):
    dom = dump_dom(chromium, page, tmp_path / "profile")
    assert 'class="leaflet-pane leaflet-map-pane"' in dom, "Leaflet did not start"
    assert count_class(dom, "path", "geomap-country") == 2  # DZ and its neighbour LY
    # Rings around In Amenas and Algiers, and a strip along the Libyan border.
    assert count_class(dom, "path", "geomap-band") == 3
    assert count_class(dom, "path", "geomap-band-line") == 1
    assert count_class(dom, "path", "geomap-reading") == 3
    assert count_class(dom, "path", "geomap-status-inconsistent") == 1
    assert count_class(dom, "path", "geomap-status-road-distance-plausible") == 1
    assert count_class(dom, "div", "geomap-place") == 2
    assert count_class(dom, "div", "geomap-site") == 1
    # Country names on the basemap, and the view control.
    assert count_class(dom, "div", "geomap-country-label") == 2
    assert "<span>Algeria</span>" in dom and "<span>Libya</span>" in dom
    # Every place is in the first view: no "All places" button to offer.
    assert count_class(dom, "button", "geomap-view-all") == 0
    # Controls were built: title, legend, layer switcher; the site, the places
    # the claims measure and the measured lines are labelled, none of the
    # labels shown over another
    assert count_class(dom, "div", "geomap-title") == 1
    assert count_class(dom, "div", "geomap-legend") == 1
    assert "leaflet-control-layers" in dom
    assert count_class(dom, "div", "geomap-label") >= 2
    assert count_class(dom, "div", "geomap-label-line") == 3  # one per measured line
    assert count_class(dom, "div", "leaflet-tooltip") == 0  # tooltips only on hover
    # No tile was requested (the OpenStreetMap layer is off) and no image broke.
    assert "<img" not in dom


def test_hostile_name_is_shown_as_text(chromium, page, tmp_path):
    dom = dump_dom(chromium, page, tmp_path / "profile")
    label = re.search(r'<div class="[^"]*\bgeomap-label\b[^"]*"[^>]*>(<span.*?)</div>', dom, re.S)
    assert label is not None
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in label.group(1)
    # Only the page's own two scripts exist; the name made no element.
    assert len(re.findall(r"<script\b", dom)) == 2


# --- screenshots ------------------------------------------------------------------------


def read_png(data: bytes) -> tuple[int, int, list[tuple[int, ...]]]:
    """Width, height and pixels of an 8-bit, non-interlaced RGB or RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    offset, chunks, header = 8, [], b""
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        offset += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    channels = 4 if colour == 6 else 3
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    previous = bytearray(stride)
    pixels: list[tuple[int, ...]] = []
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                corner = previous[i - channels] if i >= channels else 0
                guess = left + up - corner
                a, b, c = abs(guess - left), abs(guess - up), abs(guess - corner)
                line[i] = (
                    line[i] + (left if a <= b and a <= c else up if b <= c else corner)
                ) & 0xFF
        pixels += [tuple(line[i : i + 3]) for i in range(0, stride, channels)]
        previous = line
    return width, height, pixels


def test_png_has_the_requested_size_and_shows_the_map(chromium, page, tmp_path):
    png = tmp_path / "map.png"
    render_png(page, png, width=480, height=320, chromium=chromium)
    width, height, pixels = read_png(png.read_bytes())
    assert (width, height) == (480, 320)
    colours = set(pixels)
    assert len(colours) > 50, "a blank or nearly blank picture"
    assert SITE_YELLOW in colours, "the site marker is not in the picture"


def test_png_size_follows_the_arguments(chromium, page, tmp_path):
    png = tmp_path / "wide.png"
    render_png(page, png, width=300, height=150, chromium=chromium)
    assert read_png(png.read_bytes())[:2] == (300, 150)


def test_find_chromium_uses_the_given_name(chromium):
    assert find_chromium(chromium) == shutil.which(chromium)


# --- in-page checks ------------------------------------------------------------------------

PROBE = """
<script>
setTimeout(function () {
    var map = %(map)s;
    function done(result) {
        var out = document.createElement("pre");
        out.id = "geomap-probe";
        out.textContent = JSON.stringify(result);
        document.body.appendChild(out);
    }
    try {
%(body)s
    } catch (error) {
        done({error: String(error)});
    }
}, 100);
</script>
"""


FRAMES_BY_TIMER = (
    "<script>window.requestAnimationFrame = function (callback) {"
    " return setTimeout(function () { callback(performance.now()); }, 16); };"
    " window.cancelAnimationFrame = clearTimeout;</script>"
)


def probe(
    chromium: str, page: Path, body: str, tmp_path: Path, *, window: str = "1200,800"
) -> dict:
    """Run ``body`` (JavaScript with ``map`` and ``done(result)``) in the loaded
    page and return what it passed to ``done``."""
    text = page.read_text(encoding="utf-8")
    found = re.search(r"var (map_\w+) = L\.map\(", text)
    assert found is not None
    probed = tmp_path / "probed.html"
    # Chromium's --dump-dom draws no frames, so requestAnimationFrame never
    # fires and Leaflet's animated zooms never start: drive frames by timer.
    text = text.replace("<head>", f"<head>\n{FRAMES_BY_TIMER}", 1)
    probed.write_text(text + PROBE % {"map": found.group(1), "body": body}, encoding="utf-8")
    command = chromium_command(
        chromium, tmp_path / "profile", f"--window-size={window}", "--dump-dom", probed.as_uri()
    )
    if "--no-sandbox" not in command:
        command.insert(1, "--no-sandbox")
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    output = re.search(r'<pre id="geomap-probe">(.*?)</pre>', result.stdout, re.DOTALL)
    assert output is not None, "the probe did not finish"
    answer = json.loads(html.unescape(output.group(1)))
    assert "error" not in answer, answer
    return answer


TOKYO = place("geonames:1850147", "Tokyo", "city", "JP", 35.69, 139.69)


@pytest.fixture(scope="module")
def world_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report plus a far place (Tokyo), which must not set the first view."""
    story = report()
    far = Resolution(Mention("a1", 40, 45, "Tokyo"), TOKYO, 0.9)
    story = Report(
        documents=story.documents,
        resolutions=(*story.resolutions, far),
        verdicts=story.verdicts,
        site=story.site,
    )
    path = tmp_path_factory.mktemp("world") / "map.html"
    path.write_text(render_map(story, gazetteer=gazetteer()), encoding="utf-8")
    return path


def test_map_opens_on_the_incident_and_zooms_out_to_all_places(chromium, world_page, tmp_path):
    body = """
        function shows(lat, lon) { return map.getBounds().contains([lat, lon]); }
        var first = {site: shows(27.897, 9.127), town: shows(28.033, 9.567),
                     algiers: shows(36.7323, 3.0875), tokyo: shows(35.69, 139.69),
                     zoom: map.getZoom()};
        document.querySelector(".geomap-view-all").click();
        setTimeout(function () {
            var all = {site: shows(27.897, 9.127), tokyo: shows(35.69, 139.69),
                       zoom: map.getZoom()};
            document.querySelector(".geomap-view-focus").click();
            setTimeout(function () {
                done({first: first, all: all, back: {zoom: map.getZoom(),
                      tokyo: shows(35.69, 139.69)}});
            }, 1500);
        }, 1500);
    """
    result = probe(chromium, world_page, body, tmp_path)
    first, everything, back = result["first"], result["all"], result["back"]
    assert first["site"] and first["town"] and first["algiers"]  # the claims' places
    assert not first["tokyo"], "a far place set the first view"
    assert first["zoom"] >= 4  # a regional view, not the world
    assert everything["site"] and everything["tokyo"] and everything["zoom"] < first["zoom"]
    assert back["zoom"] == first["zoom"] and not back["tokyo"]


def test_markers_and_lines_open_their_popups_from_the_keyboard(chromium, page, tmp_path):
    body = """
        var site = document.querySelector(".leaflet-marker-icon.geomap-site");
        var markers = document.querySelectorAll(".leaflet-marker-icon.geomap-marker");
        var result = {
            siteFirst: markers[0] === site,
            markers: Array.prototype.map.call(markers, function (m) {
                return [m.getAttribute("tabindex"), m.getAttribute("role"), m.title];
            }),
            lines: Array.prototype.map.call(
                document.querySelectorAll("path.geomap-reading"), function (p) {
                    return [p.getAttribute("tabindex"), p.getAttribute("aria-label")];
                }),
            legend: document.querySelector(".geomap-legend").getAttribute("aria-label"),
            summaryFocusable: document.querySelector(".geomap-legend summary").tabIndex === 0
        };
        site.focus();
        result.siteFocused = document.activeElement === site;
        site.dispatchEvent(new KeyboardEvent("keypress",
            {key: "Enter", keyCode: 13, which: 13, bubbles: true}));
        setTimeout(function () {
            var popup = document.querySelector(".leaflet-popup-content");
            result.sitePopup = popup ? popup.textContent : null;
            map.closePopup();
            var line = document.querySelector("path.geomap-status-inconsistent");
            line.focus();
            result.lineFocused = document.activeElement === line;
            line.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
            setTimeout(function () {
                var popup = document.querySelector(".leaflet-popup-content");
                result.linePopup = popup ? popup.textContent : null;
                done(result);
            }, 300);
        }, 300);
    """
    result = probe(chromium, page, body, tmp_path)
    assert result["siteFirst"] and result["siteFocused"]
    assert all(tabindex == "0" and role == "button" for tabindex, role, _ in result["markers"])
    titles = [title for _, _, title in result["markers"]]
    assert titles[0] == f"{HOSTILE} (incident site)"  # text, not markup
    assert {"In Amenas", "Algiers"} <= set(titles)
    assert len(result["lines"]) == 3 and all(t == "0" and label for t, label in result["lines"])
    assert result["legend"] == "Legend" and result["summaryFocusable"]
    assert result["sitePopup"] is not None and "Incident site" in result["sitePopup"]
    assert HOSTILE in result["sitePopup"]  # shown as text
    assert result["lineFocused"]
    assert result["linePopup"] is not None and "the Libyan border" in result["linePopup"]


@pytest.mark.parametrize(("window", "expanded"), [("1200,800", True), ("400,700", False)])
def test_legend_collapses_on_narrow_screens(chromium, page, tmp_path, window, expanded):
    body = """
        var details = document.querySelector(".geomap-legend details");
        var list = document.querySelector(".geomap-legend ul");
        done({open: details.open, width: window.innerWidth,
              listShown: list.checkVisibility(),
              summaryShown: details.querySelector("summary").checkVisibility()});
    """
    result = probe(chromium, page, body, tmp_path, window=window)
    assert (result["width"] > 600) is expanded  # the window size took effect
    assert result["open"] is expanded and result["listShown"] is expanded
    assert result["summaryShown"], "the legend can always be opened"


def test_text_summary_is_in_the_page_but_not_on_screen(chromium, page, tmp_path):
    body = """
        var summary = document.getElementById("geomap-summary");
        var box = summary.getBoundingClientRect();
        done({items: summary.querySelectorAll("ol li").length, width: box.width,
              text: summary.textContent, scripts: summary.querySelectorAll("script").length});
    """
    result = probe(chromium, page, body, tmp_path)
    assert result["items"] == 3 and result["width"] <= 1 and result["scripts"] == 0
    assert "Inconsistent" in result["text"] and "Plausible as a road distance" in result["text"]
    assert HOSTILE in result["text"]  # the hostile site name, as text


def test_labels_never_cover_each_other(chromium, world_page, tmp_path):
    # at every zoom the labels shown do not overlap; the site's stays shown
    body = """
        function visible() {
            return Array.prototype.filter.call(
                document.querySelectorAll(".geomap-label"),
                function (e) { return e.style.display !== "none"; }
            ).map(function (e) { return e.firstChild.getBoundingClientRect(); });
        }
        function overlapping(boxes) {
            var count = 0;
            boxes.forEach(function (a, i) { boxes.slice(i + 1).forEach(function (b) {
                if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {
                    count += 1;
                }
            }); });
            return count;
        }
        var results = [];
        var zooms = [3, 5, 7];
        function next(index) {
            if (index === zooms.length) { done({results: results}); return; }
            map.setView([27.9, 9.1], zooms[index], {animate: false});
            setTimeout(function () {
                var boxes = visible();
                var site = document.querySelector(".geomap-label span");
                results.push({zoom: zooms[index], shown: boxes.length,
                              overlaps: overlapping(boxes),
                              site: site && site.parentNode.style.display !== "none"});
                next(index + 1);
            }, 300);
        }
        next(0);
    """
    results = probe(chromium, world_page, body, tmp_path)["results"]
    assert [r["overlaps"] for r in results] == [0, 0, 0], results
    assert all(r["site"] and r["shown"] >= 3 for r in results), results


@pytest.mark.parametrize(
    ("size", "scale", "pixels"), [("300x150", 2, (600, 300)), ("square", 1, (1080, 1080))]
)
def test_png_presets_and_scale_give_the_pixels_asked_for(
    chromium, page, tmp_path, size, scale, pixels
):
    from geomap.render.png import parse_size

    width, height = parse_size(size)
    png = tmp_path / "shot.png"
    render_png(page, png, width=width, height=height, scale=scale, chromium=chromium)
    got_width, got_height, _ = read_png(png.read_bytes())
    assert (got_width, got_height) == pixels


def test_choosing_a_claim_in_the_list_shows_its_line(chromium, world_page, tmp_path):
    body = """
        var buttons = document.querySelectorAll(".geomap-claim");
        var closed = !document.querySelector(".geomap-claims-details").open;
        map.setView([35.69, 139.69], 6, {animate: false});  // look at Tokyo first
        buttons[buttons.length - 1].click();
        setTimeout(function () {
            var popup = document.querySelector(".leaflet-popup-content");
            var strong = Array.prototype.filter.call(
                document.querySelectorAll("path.geomap-band"),
                function (p) { return p.getAttribute("fill-opacity") === "0.35"; }).length;
            done({closed: closed, buttons: buttons.length,
                  site: map.getBounds().contains([27.897, 9.127]),
                  popup: popup ? popup.textContent : null, strongBands: strong});
        }, 1500);
    """
    result = probe(chromium, world_page, body, tmp_path)
    assert result["closed"], "the list should start closed, out of the map's way"
    assert result["buttons"] == 3  # one per claim with a measured line
    assert result["site"], "the chosen claim's line is not in view"
    assert result["popup"], "the chosen claim's popup did not open"
    assert result["strongBands"] >= 1, "the chosen claim's band was not brought out"


def test_the_locator_inset_frames_the_main_view(chromium, world_page, tmp_path):
    body = """
        var inset = document.querySelector(".geomap-inset");
        var frame = inset && inset.querySelector("path.leaflet-interactive, path");
        var paths = inset ? inset.querySelectorAll("path").length : 0;
        done({inset: !!inset, paths: paths, width: inset ? inset.offsetWidth : 0});
    """
    result = probe(chromium, world_page, body, tmp_path)
    assert result["inset"] and result["width"] == 150
    assert result["paths"] >= 2  # the countries and the frame of the main view


COVERAGE_PROBE = """
    setTimeout(function () {
        var boxes = Array.prototype.map.call(document.querySelectorAll(
            ".geomap-box, .leaflet-control-layers, .geomap-view, .leaflet-control-zoom"),
            function (e) { return e.getBoundingClientRect(); })
            .filter(function (r) { return r.width > 0 && r.height > 0; });
        function under(x, y) {
            return boxes.some(function (r) {
                return x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
            });
        }
        var site = document.querySelector(".leaflet-marker-icon.geomap-site").getBoundingClientRect();
        var covered = [];
        if (under(site.left + site.width / 2, site.top + site.height / 2)) { covered.push("site"); }
        Array.prototype.forEach.call(document.querySelectorAll("path.geomap-reading"), function (path, i) {
            var middle = path.getPointAtLength(path.getTotalLength() / 2);
            var matrix = path.getScreenCTM();
            var x = matrix.a * middle.x + matrix.c * middle.y + matrix.e;
            var y = matrix.b * middle.x + matrix.d * middle.y + matrix.f;
            if (under(x, y)) { covered.push("line " + i); }
        });
        var legend = document.querySelector(".geomap-legend details");
        done({covered: covered, legendOpen: legend ? legend.open : null,
              width: window.innerWidth});
    }, 800);
"""


@pytest.mark.parametrize(
    ("window", "legend_open"), [("375,667", False), ("768,1024", False), ("1280,800", True)]
)
def test_no_control_covers_the_site_or_a_claim_line(chromium, page, tmp_path, window, legend_open):
    result = probe(chromium, page, COVERAGE_PROBE, tmp_path, window=window)
    assert result["covered"] == [], result
    assert result["legendOpen"] is legend_open, result


@pytest.fixture(scope="module")
def example_page(tmp_path_factory: pytest.TempPathFactory, real_gazetteer, examples_dir) -> Path:
    """The In Amenas example's map, as `geomap map` makes it."""
    from geomap.pipeline import analyze
    from geomap.text.documents import read_documents

    report = analyze(read_documents([examples_dir]), real_gazetteer)
    path = tmp_path_factory.mktemp("example") / "map.html"
    path.write_text(render_map(report, gazetteer=real_gazetteer), encoding="utf-8")
    return path


def test_the_embed_in_a_720_px_article_column_leaves_the_map_readable(
    chromium, example_page, tmp_path
):
    # the map in the embed snippet's 16:9 frame inside an article column
    from geomap.render import embed_snippet

    page = example_page
    snippet = embed_snippet(page.name, title="map", description="Map of Algeria")
    article = page.parent / "article.html"
    article.write_text(
        "<!DOCTYPE html><html><body style='margin:0'><main style='width:720px'>"
        f"<p>Story text.</p>{snippet}<p>More text.</p></main></body></html>",
        encoding="utf-8",
    )
    frame = page.parent / "framed.html"
    # the probe runs inside the page as the frame shows it: 720 x 405
    frame.write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    result = probe(chromium, frame, COVERAGE_PROBE, tmp_path, window="720,405")
    assert result["covered"] == [], result
    assert result["legendOpen"] is False
    assert 'aria-describedby="geomap-alt-' in article.read_text(encoding="utf-8")
