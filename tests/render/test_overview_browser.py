"""The batch map in a real browser: 10,000 places stay a small, quick page.

Headless Chromium is driven over the DevTools protocol (``--remote-debugging-pipe``),
not with ``--dump-dom``: that runs pages on virtual time, where every clock
stands still while a script works, so no duration could be measured. Here
the clocks are real. Without Chromium the tests skip.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from builders import spread_mentions, write_batch_output

from geomap.batch.overview import read_overview
from geomap.errors import MissingDependency
from geomap.render import find_chromium
from geomap.render.overview import render_overview_map
from geomap.render.png import chromium_command

pytestmark = pytest.mark.browser

PLACES = 10_000
HOSTILE = "<b>Bold</b> & Co"


@pytest.fixture(scope="module")
def chromium() -> str:
    try:
        return find_chromium()
    except MissingDependency as missing:
        pytest.skip(f"no chromium binary: {missing}")


class DevTools:
    """One page in a headless Chromium, driven over its DevTools pipe: JSON
    messages ending in a NUL byte, commands in on fd 3, answers out on fd 4."""

    def __init__(self, chromium: str, profile: Path) -> None:
        to_browser, self._write = os.pipe()
        self._read, from_browser = os.pipe()
        command = [
            part
            for part in chromium_command(chromium, profile, "--remote-debugging-pipe")
            if not part.startswith("--virtual-time-budget")  # real clocks
        ]

        def pipes_at_3_and_4() -> None:
            os.dup2(to_browser, 3)
            os.dup2(from_browser, 4)

        self._process = subprocess.Popen(
            command,
            pass_fds=(3, 4),
            preexec_fn=pipes_at_3_and_4,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._last_id = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self._session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        self.call("Runtime.enable", page=True)
        self.call("Page.enable", page=True)

    def _next(self, wanted: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                message = json.loads(raw)
                if wanted(message):
                    return message
                self.events.append(message)
            chunk = os.read(self._read, 1 << 16)
            assert chunk, "Chromium closed its DevTools pipe"
            self._buffer += chunk

    def call(self, method: str, params: dict[str, Any] | None = None, *, page: bool = False) -> Any:
        self._last_id += 1
        message: dict[str, Any] = {"id": self._last_id, "method": method, "params": params or {}}
        if page:
            message["sessionId"] = self._session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        answer = self._next(lambda m: m.get("id") == message["id"])
        assert "error" not in answer, answer
        return answer["result"]

    def open(self, path: Path) -> None:
        """Load ``path`` and wait for its load event."""
        self.call("Page.navigate", {"url": path.as_uri()}, page=True)
        self._next(lambda m: m.get("method") == "Page.loadEventFired")

    def evaluate(self, script: str) -> Any:
        """The value of a JavaScript expression (a promise is awaited)."""
        result = self.call(
            "Runtime.evaluate",
            {"expression": script, "awaitPromise": True, "returnByValue": True, "timeout": 60_000},
            page=True,
        )
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def errors(self) -> list[str]:
        """Uncaught exceptions and console errors the page has had."""
        found = []
        for event in self.events:
            if event.get("method") == "Runtime.exceptionThrown":
                found.append(json.dumps(event["params"]["exceptionDetails"])[:500])
            elif event.get("method") == "Runtime.consoleAPICalled" and event["params"]["type"] in (
                "error",
                "assert",
            ):
                found.append(json.dumps(event["params"]["args"])[:500])
        return found

    def close(self) -> None:
        self._process.terminate()
        self._process.wait(timeout=30)
        os.close(self._read)
        os.close(self._write)


@pytest.fixture
def browser(chromium: str, tmp_path: Path) -> Iterator[DevTools]:
    devtools = DevTools(chromium, tmp_path / "profile")
    try:
        yield devtools
    finally:
        devtools.close()


@pytest.fixture(scope="module")
def big_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The batch map of 10,000 places (the most named one with a name that
    is markup), tables synthesised straight into Parquet."""
    folder = tmp_path_factory.mktemp("big")
    rows = spread_mentions(PLACES)
    for row in rows:
        if row["place_id"] == "synthetic:0":
            row["name"] = HOSTILE
    write_batch_output(folder / "out", rows, articles=len(rows))
    page = folder / "map.html"
    page.write_text(render_overview_map(read_overview(folder / "out")), encoding="utf-8")
    return page


def map_name(page: Path) -> str:
    found = re.search(r"var (map_\w+) = L\.map\(", page.read_text(encoding="utf-8"))
    assert found is not None
    return found.group(1)


READY = """
new Promise(function (resolve) {
    var map = %(map)s, group = map.geomapPlaces;
    (function wait() {
        // markercluster adds the places a chunk at a time
        if (!group || group._topClusterLevel.getChildCount() < %(places)d) {
            return setTimeout(wait, 20);
        }
        resolve({loaded_ms: performance.now(), zoom: map.getZoom(),
                 markers: document.querySelectorAll(".leaflet-marker-icon").length,
                 clusters: document.querySelectorAll(".geomap-cluster").length});
    })();
})
"""

ZOOM_IN = """
new Promise(function (resolve) {
    var map = %(map)s, start = performance.now();
    map.once("zoomend", function () {
        // markercluster redraws on zoomend; the next task sees its result
        setTimeout(function () {
            var took = performance.now() - start;
            setTimeout(function () {  // once its clean-up after a zoom has run
                resolve({took_ms: took, zoom: map.getZoom(),
                         markers: document.querySelectorAll(".leaflet-marker-icon").length,
                         canvases: document.querySelectorAll("canvas").length});
            }, 500);
        }, 0);
    });
    map.setZoom(map.getZoom() + 2, {animate: false});
})
"""

OPEN_BUSIEST = """
new Promise(function (resolve) {
    var map = %(map)s, group = map.geomapPlaces, busiest = null;
    group.eachLayer(function (layer) { if (layer.options.row === 0) { busiest = layer; } });
    group.zoomToShowLayer(busiest, function () {
        busiest.fire("click", {latlng: busiest.getLatLng()}, true);  // as a real click, up to the group
        setTimeout(function () {
            var popup = document.querySelector(".leaflet-popup-content");
            resolve({popup: popup ? popup.innerHTML : null,
                     bold: document.querySelectorAll(".leaflet-popup-content b").length});
        }, 50);
    });
})
"""


def test_ten_thousand_places_stay_few_elements(big_map, browser):
    browser.open(big_map)
    name = map_name(big_map)
    first = browser.evaluate(READY % {"map": name, "places": PLACES})
    # a few clusters, not 10,000 elements (a place alone is drawn on a canvas)
    assert 0 < first["clusters"] <= 200, first
    assert first["markers"] == first["clusters"]
    zoomed = browser.evaluate(ZOOM_IN % {"map": name})
    assert zoomed["zoom"] == first["zoom"] + 2
    # uniformly spread places are the worst case: still a tenth of one per place
    assert zoomed["markers"] <= PLACES / 10, zoomed
    assert zoomed["canvases"] >= 1, zoomed
    assert browser.errors() == []


@pytest.mark.slow
def test_ten_thousand_places_load_and_zoom_quickly(big_map, browser):
    browser.open(big_map)
    name = map_name(big_map)
    first = browser.evaluate(READY % {"map": name, "places": PLACES})
    assert first["loaded_ms"] < 20_000  # the whole page, on a busy 2-core machine
    timings = [browser.evaluate(ZOOM_IN % {"map": name})["took_ms"] for _ in range(2)]
    assert max(timings) < 1_000, timings
    assert browser.errors() == []


def test_a_place_opens_its_popup_with_its_name_as_text(big_map, browser):
    browser.open(big_map)
    name = map_name(big_map)
    browser.evaluate(READY % {"map": name, "places": PLACES})
    opened = browser.evaluate(OPEN_BUSIEST % {"map": name})
    assert opened["popup"] is not None
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; Co" in opened["popup"]
    assert opened["bold"] == 0  # the name made no element
    assert re.search(r"\d+ mentions in \d+ articles", opened["popup"])
    assert browser.errors() == []
