"""Tests for the optional online fallback (geomap.geoparse.online and ``--online``).

Every request goes to a Nominatim-style server started on 127.0.0.1 by the
``server`` fixture; nothing here contacts the internet. The server's answers
are TEST DATA made up for these tests: the coordinates given for "Tin Fouye
Tabankort" and the other names are invented, not the real places' positions.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from builders import VILLAGE, online_cli, village_article
from typer.testing import Result

from geomap.errors import InputError, OnlineError
from geomap.gazetteer.curated import PlaceRecord, read_place_file
from geomap.geoparse.online import OnlineGeocoder, fill_from_online, find_unknown_names
from geomap.model import Document


def _result(
    name: str, lat: float, lon: float, category: str, kind: str, rank: int, osm_id: int
) -> dict[str, Any]:
    """A Nominatim ``format=json`` search result (made-up values)."""
    return {
        "place_id": osm_id * 10,
        "osm_type": "node",
        "osm_id": osm_id,
        "lat": str(lat),
        "lon": str(lon),
        "class": category,
        "type": kind,
        "place_rank": rank,
        "name": name,
        "display_name": f"{name}, Testland",
        "address": {"country_code": "dz", "state": "Illizi"},
    }


#: Lower-cased query -> results. TEST DATA: invented coordinates.
ANSWERS: dict[str, list[dict[str, Any]]] = {
    VILLAGE.lower(): [_result(VILLAGE, 28.25, 7.75, "place", "village", 19, 1001)],
    "tin fouye": [_result(VILLAGE, 28.25, 7.75, "place", "village", 19, 1001)],
    "testprovince": [_result("Testprovince", 27.5, 6.5, "boundary", "administrative", 8, 1002)],
    "testcounty": [_result("Testcounty", 27.6, 6.6, "boundary", "administrative", 12, 1003)],
    "testcountry": [_result("Testcountry", 20.0, 10.0, "boundary", "administrative", 4, 1004)],
    "testlake": [_result("Test Lake", 27.7, 6.7, "natural", "water", 22, 1005)],
    "testworks": [_result("Testworks", 27.8, 6.8, "man_made", "works", 30, 1006)],
    "testpeak": [_result("Testpeak", 27.9, 6.9, "natural", "peak", 30, 1007)],
    "teststreet": [_result("Teststreet", 27.95, 6.95, "highway", "residential", 26, 1008)],
}


@dataclass
class FakeNominatim:
    """What the local server was asked, and how it should answer."""

    url: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    mode: str = "ok"  # ok | fail | hang | badjson
    release: threading.Event = field(default_factory=threading.Event)

    def queries(self) -> list[str]:
        return [r["params"].get("q", "") for r in self.requests]


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeNominatim]:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    state: FakeNominatim

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            params = {k: v[0] for k, v in parse_qs(parts.query).items()}
            state.requests.append(
                {
                    "path": parts.path,
                    "params": params,
                    "time": time.monotonic(),
                    "user_agent": self.headers.get("User-Agent", ""),
                }
            )
            if state.mode == "hang":
                state.release.wait(10)
                return
            if state.mode == "fail":
                self._send(500, b"<html>internal error</html>", "text/html")
                return
            if state.mode == "badjson":
                self._send(200, b"<html>not json</html>", "application/json")
                return
            if parts.path != "/search" or params.get("format") != "json":
                self._send(400, b'{"error": "bad request"}', "application/json")
                return
            found = ANSWERS.get(params.get("q", "").lower(), [])
            limit = int(params.get("limit", "10"))
            self._send(200, json.dumps(found[:limit]).encode(), "application/json")

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    state = FakeNominatim(url=f"http://127.0.0.1:{httpd.server_address[1]}")
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def _geocoder(server: FakeNominatim, **options: Any) -> OnlineGeocoder:
    options.setdefault("min_delay_seconds", 0)
    options.setdefault("timeout", 5)
    return OnlineGeocoder(server.url, **options)


# --- lookup ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "kind", "lat", "lon"),
    [
        (VILLAGE, "city", 28.25, 7.75),
        ("Testprovince", "admin1", 27.5, 6.5),
        ("Testcounty", "admin2", 27.6, 6.6),
        ("Testcountry", "country", 20.0, 10.0),
        ("Testlake", "water", 27.7, 6.7),
        ("Testworks", "facility", 27.8, 6.8),
        ("Testpeak", "feature", 27.9, 6.9),
    ],
)
def test_lookup_maps_kind_and_coordinates(
    server: FakeNominatim, query: str, kind: str, lat: float, lon: float
) -> None:
    with _geocoder(server) as geocoder:
        record = geocoder.lookup(query)
    assert record is not None
    assert (record.name, record.kind, record.lat, record.lon) == (query, kind, lat, lon)
    assert record.country == "DZ"
    assert record.admin1 == "Illizi"
    assert record.source.startswith("nominatim:node/10")
    assert record.id.startswith("user:") and record.id.endswith("-dz")


def test_lookup_keeps_servers_name_as_alias(server: FakeNominatim) -> None:
    with _geocoder(server) as geocoder:
        record = geocoder.lookup("Tin Fouye")
    assert record is not None
    assert record.name == "Tin Fouye"
    assert record.aliases == (VILLAGE,)
    assert record.source == "nominatim:node/1001"


def test_lookup_sends_a_nominatim_query(server: FakeNominatim) -> None:
    with _geocoder(server) as geocoder:
        geocoder.lookup(VILLAGE, country_hint="DZ")
    (request,) = server.requests
    assert request["path"] == "/search"
    assert request["params"]["q"] == VILLAGE
    assert request["params"]["format"] == "json"
    assert request["params"]["countrycodes"] == "dz"
    assert request["params"]["addressdetails"] == "1"
    assert request["user_agent"].startswith("geomap/")


@pytest.mark.parametrize("query", ["Nowhere At All", "Teststreet"])
def test_lookup_returns_none_for_no_result_or_a_street(server: FakeNominatim, query: str) -> None:
    with _geocoder(server) as geocoder:
        assert geocoder.lookup(query) is None


def test_url_with_path_and_search_suffix(server: FakeNominatim) -> None:
    geocoder = OnlineGeocoder(server.url + "/search", min_delay_seconds=0)
    assert geocoder.server == server.url
    assert geocoder.lookup(VILLAGE) is not None
    assert server.requests[0]["path"] == "/search"


@pytest.mark.parametrize("url", ["127.0.0.1:8080", "ftp://example.org", "http://"])
def test_bad_url_is_an_input_error(url: str) -> None:
    with pytest.raises(InputError, match="geocoder URL"):
        OnlineGeocoder(url)


def test_default_server_is_public_nominatim_but_nothing_is_sent() -> None:
    geocoder = OnlineGeocoder(min_delay_seconds=0)
    assert geocoder.server == "https://nominatim.openstreetmap.org"
    geocoder.close()


def test_requests_are_rate_limited(server: FakeNominatim) -> None:
    with _geocoder(server, min_delay_seconds=0.3) as geocoder:
        for name in ("Testlake", "Testpeak", "Testworks"):
            geocoder.lookup(name)
    times = [r["time"] for r in server.requests]
    assert len(times) == 3
    assert all(later - earlier >= 0.25 for earlier, later in pairwise(times))


# --- errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "options"),
    [("fail", {}), ("badjson", {}), ("hang", {"timeout": 0.5})],
)
def test_server_errors_become_online_errors(
    server: FakeNominatim, mode: str, options: dict[str, Any]
) -> None:
    server.mode = mode
    with _geocoder(server, **options) as geocoder, pytest.raises(OnlineError) as caught:
        geocoder.lookup(VILLAGE)
    message = str(caught.value)
    assert server.url in message
    assert VILLAGE in message
    assert "\n" not in message
    assert isinstance(caught.value, ConnectionError)


def test_unreachable_server_is_an_online_error() -> None:
    geocoder = OnlineGeocoder("http://127.0.0.1:9", min_delay_seconds=0, timeout=2)
    with pytest.raises(OnlineError, match=r"127\.0\.0\.1:9"):
        geocoder.lookup(VILLAGE)


# --- finding names and filling the user file ------------------------------------------------


def test_find_unknown_names(tiny_gazetteer: Any) -> None:
    documents = [
        Document("a", f"Gunmen struck in {VILLAGE} on Monday, near Gao, Mali, said Smith."),
        Document("b", f"The {VILLAGE}-based guards and a Zzyzxville-based firm met in January."),
        Document("c", "President Kelly spoke to Abdelkader in Algiers. He lives in Paris."),
    ]
    assert find_unknown_names(documents, tiny_gazetteer) == [VILLAGE, "Zzyzxville"]


def test_fill_from_online_asks_each_name_once_and_appends(
    server: FakeNominatim, tmp_path: Path
) -> None:
    user_file = tmp_path / "places.csv"
    seen: list[PlaceRecord] = []
    with _geocoder(server) as geocoder:
        added = fill_from_online(
            [VILLAGE, "Nowhere At All", VILLAGE.upper(), "Testlake"],
            geocoder,
            user_file,
            on_added=seen.append,
        )
    assert server.queries() == [VILLAGE, "Nowhere At All", "Testlake"]
    assert [r.name for r in added] == [VILLAGE, "Testlake"]
    assert seen == added
    rows = read_place_file(user_file)
    assert [(r.name, r.kind, r.lat, r.lon, r.country) for r in rows] == [
        (VILLAGE, "city", 28.25, 7.75, "DZ"),
        ("Testlake", "water", 27.7, 6.7, "DZ"),
    ]
    assert rows[0].source == "nominatim:node/1001"


def test_fill_from_online_keeps_places_found_before_an_error(
    server: FakeNominatim, tmp_path: Path
) -> None:
    user_file = tmp_path / "places.csv"

    class FailSecond(OnlineGeocoder):
        def lookup(self, name: str, *, country_hint: str | None = None) -> Any:
            if name != VILLAGE:
                server.mode = "fail"
            return super().lookup(name, country_hint=country_hint)

    with pytest.raises(OnlineError):
        fill_from_online(
            [VILLAGE, "Testlake"], FailSecond(server.url, min_delay_seconds=0), user_file
        )
    assert [r.name for r in read_place_file(user_file)] == [VILLAGE]


# --- the command line ---------------------------------------------------------------------


@pytest.fixture
def article(tmp_path: Path) -> Path:
    return village_article(tmp_path)


@pytest.fixture
def cli(tmp_path: Path, real_gazetteer_path: Path) -> Any:
    return online_cli(tmp_path / "places.csv", real_gazetteer_path)


def _place_names(result: Result) -> list[str]:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return [row["name"] for row in json.loads(result.stdout)]


def test_cli_without_online_sends_nothing(
    cli: Any, server: FakeNominatim, article: Path, tmp_path: Path
) -> None:
    result = cli("places", article, "--format", "json")
    assert VILLAGE not in _place_names(result)
    assert server.requests == []
    assert not (tmp_path / "places.csv").exists()


def test_cli_online_resolves_appends_and_caches(
    cli: Any, server: FakeNominatim, article: Path, tmp_path: Path
) -> None:
    result = cli("places", article, "-f", "json", "--online", "--geocoder-url", server.url)
    assert VILLAGE in _place_names(result)
    assert server.queries() == [VILLAGE]
    assert result.stderr.strip() == f"added {VILLAGE} (28.25000, 7.75000) from {server.url}"
    row = next(r for r in json.loads(result.stdout) if r["name"] == VILLAGE)
    assert (row["lat"], row["lon"], row["kind"], row["country_code"]) == (28.25, 7.75, "city", "DZ")
    assert row["place_id"] == "user:tin-fouye-tabankort-dz"
    assert [r.name for r in read_place_file(tmp_path / "places.csv")] == [VILLAGE]

    # The place is now in the user file: later runs ask nothing, online or not.
    again = cli("places", article, "-f", "json", "--online", "--geocoder-url", server.url)
    assert VILLAGE in _place_names(again)
    assert again.stderr == ""
    offline = cli("places", article, "-f", "json")
    assert VILLAGE in _place_names(offline)
    assert len(server.requests) == 1
    assert len(read_place_file(tmp_path / "places.csv")) == 1


def test_cli_check_and_map_take_online(
    cli: Any, server: FakeNominatim, article: Path, tmp_path: Path
) -> None:
    offline = cli("check", article, "-f", "json")
    assert offline.exit_code == 0, offline.stderr
    assert [c["status"] for c in json.loads(offline.stdout)["claims"]] == ["unverifiable"]

    checked = cli("check", article, "-f", "json", "--online", "--geocoder-url", server.url)
    assert checked.exit_code == 0, checked.stderr
    (claim,) = json.loads(checked.stdout)["claims"]
    assert [s["place_id"] for s in claim["subjects"]] == ["user:tin-fouye-tabankort-dz"]
    assert claim["status"] == "consistent"  # the made-up point is 180 km W of In Amenas
    assert server.queries() == [VILLAGE]
    out = tmp_path / "map.html"
    drawn = cli("map", article, "-o", out, "--online", "--geocoder-url", server.url)
    assert drawn.exit_code == 0, drawn.stderr
    assert VILLAGE in out.read_text(encoding="utf-8")
    assert len(server.requests) == 1


@pytest.mark.parametrize("mode", ["fail", "badjson"])
def test_cli_online_error_exits_2_naming_the_server(
    cli: Any, server: FakeNominatim, article: Path, tmp_path: Path, mode: str
) -> None:
    server.mode = mode
    result = cli("places", article, "--online", "--geocoder-url", server.url)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("geomap: error: ")
    assert server.url in lines[0]
    assert not (tmp_path / "places.csv").exists()


def test_cli_geocoder_url_needs_online(cli: Any, server: FakeNominatim, article: Path) -> None:
    result = cli("places", article, "--geocoder-url", server.url)
    assert result.exit_code == 2
    assert "--geocoder-url needs --online" in result.stderr
    assert server.requests == []


def test_importing_the_cli_does_not_import_geopy() -> None:
    code = "import sys, geomap.cli; print(sorted(m for m in sys.modules if m.startswith('geopy')))"
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"
