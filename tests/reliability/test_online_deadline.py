"""Issue 11, item 9: ``--online`` keeps to one deadline per run.

The servers here listen on 127.0.0.1 only: ``trickle`` sends its answer one
byte a second (a request's read timeout never trips), ``unavailable`` answers
503 at once (geopy's "timed out": retried), ``hang`` never answers.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from builders import VILLAGE, assert_clean_error, online_cli, village_article
from geopy.exc import GeocoderTimedOut

from geomap.errors import InputError, OnlineDeadline, OnlineError
from geomap.geoparse.http import DeadlineAdapter
from geomap.geoparse.online import OnlineGeocoder, fill_from_online, parse_server_url

ANSWER = b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]"
#: Time a run may take beyond its deadline (process start, gazetteer, output).
MARGIN = 2.0


@dataclass
class SlowServer:
    url: str
    mode: str = "trickle"  # trickle | unavailable | hang
    times: list[float] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)


@pytest.fixture
def slow(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlowServer]:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    state: SlowServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.times.append(time.monotonic())
            if state.mode == "unavailable":
                self.send_response(503)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if state.mode == "hang":
                state.stop.wait(60)
                return
            for index in range(len(ANSWER)):  # one byte a second
                try:
                    self.wfile.write(ANSWER[index : index + 1])
                    self.wfile.flush()
                except OSError:
                    return
                if state.stop.wait(1.0):
                    return

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    state = SlowServer(url=f"http://127.0.0.1:{httpd.server_address[1]}")
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.stop.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    return village_article(tmp_path)


@pytest.fixture
def cli(tmp_path: Path, real_gazetteer_path: Path) -> Any:
    return online_cli(tmp_path / "places.csv", real_gazetteer_path)


# --- one request: its whole time is limited ----------------------------------------------------


def test_a_trickling_answer_times_out_at_the_request_limit(slow: SlowServer) -> None:
    started = time.monotonic()
    with pytest.raises(GeocoderTimedOut):
        DeadlineAdapter(proxies={}).get_json(slow.url + "/search", timeout=1.5, headers={})
    assert 1.4 < time.monotonic() - started < 1.5 + 1.0


def test_a_system_proxy_is_used_for_plain_http(slow: SlowServer) -> None:
    """The proxy gets the absolute URL (and the credentials) of the request."""
    seen: list[tuple[str, str]] = []

    class Proxy(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append((self.path, self.headers.get("Proxy-Authorization", "")))
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"[]")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    proxy = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    thread = threading.Thread(target=proxy.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        adapter = DeadlineAdapter(proxies={"http": f"http://u:p@127.0.0.1:{proxy.server_port}"})
        answer = adapter.get_json("http://geocoder.invalid/search?q=x", timeout=5, headers={})
    finally:
        proxy.shutdown()
        proxy.server_close()
    assert answer == []
    assert seen == [("http://geocoder.invalid/search?q=x", "Basic dTpw")]


# --- the geocoder: retries and waits inside the deadline --------------------------------------


def test_geocoder_stops_at_its_deadline_against_a_trickle(slow: SlowServer) -> None:
    geocoder = OnlineGeocoder(slow.url, deadline=2.0, timeout=10, min_delay_seconds=0)
    started = time.monotonic()
    with pytest.raises(OnlineDeadline, match="2 s deadline") as caught:
        geocoder.lookup(VILLAGE)
    assert time.monotonic() - started < 2.0 + 0.5
    assert caught.value.pending == (VILLAGE,)
    assert isinstance(caught.value, OnlineError)
    assert isinstance(caught.value, TimeoutError)


def test_retries_are_made_while_time_is_left(slow: SlowServer) -> None:
    slow.mode = "unavailable"
    geocoder = OnlineGeocoder(slow.url, deadline=30, min_delay_seconds=0.1, retries=2)
    with pytest.raises(OnlineError) as caught:
        geocoder.lookup(VILLAGE)
    assert not isinstance(caught.value, OnlineDeadline)
    assert len(slow.times) == 3


def test_no_retry_starts_past_the_deadline(slow: SlowServer) -> None:
    slow.mode = "unavailable"
    geocoder = OnlineGeocoder(slow.url, deadline=1.0, min_delay_seconds=0.4, retries=10)
    started = time.monotonic()
    with pytest.raises(OnlineDeadline):
        geocoder.lookup(VILLAGE)
    assert time.monotonic() - started < 1.0 + 0.3
    assert len(slow.times) == 3  # at 0, 0.4 and 0.8 s; the next would start at 1.2 s


def test_fill_from_online_counts_the_names_not_looked_up(slow: SlowServer, tmp_path: Path) -> None:
    slow.mode = "hang"
    geocoder = OnlineGeocoder(slow.url, deadline=1.0, min_delay_seconds=0)
    with pytest.raises(OnlineDeadline) as caught:
        fill_from_online([VILLAGE, "Testlake", "TESTLAKE", "Zzyzx"], geocoder, tmp_path / "p.csv")
    assert caught.value.pending == (VILLAGE, "Testlake", "Zzyzx")
    assert "3 of 3 names not looked up" in str(caught.value)
    assert not (tmp_path / "p.csv").exists()


# --- the command line -------------------------------------------------------------------------


def test_cli_goes_on_offline_after_the_deadline(cli: Any, slow: SlowServer, article: Path) -> None:
    started = time.monotonic()
    result = cli("check", article, "--online", "--geocoder-url", slow.url, "--online-deadline", 2)
    elapsed = time.monotonic() - started
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert elapsed < 2 + MARGIN, elapsed
    (note,) = [line for line in result.stderr.splitlines() if line.strip()]
    assert note == (
        "geomap: note: --online stopped at its 2 s deadline (--online-deadline): "
        "1 name(s) not looked up; going on offline"
    )
    assert "unverifiable" in result.stdout


def test_cli_strict_deadline_is_a_clean_error(cli: Any, slow: SlowServer, article: Path) -> None:
    result = cli(
        "places",
        article,
        "--online",
        "--online-strict",
        "--geocoder-url",
        slow.url,
        "--online-deadline",
        "1",
    )
    assert_clean_error(result, contains=("1 s deadline", "1 of 1 names not looked up", slow.url))


@pytest.mark.slow
def test_default_deadline_holds_a_whole_run(
    slow: SlowServer, article: Path, tmp_path: Path, real_gazetteer_path: Path
) -> None:
    """The documented 30 s, in a real process (``pytest -m slow``)."""
    env = {**os.environ, "GEOMAP_USER_PLACES": str(tmp_path / "p.csv"), "NO_PROXY": "127.0.0.1"}
    command = [sys.executable, "-m", "geomap", "check", str(article), "--online"]
    command += ["--geocoder-url", slow.url, "--db", str(real_gazetteer_path)]
    started = time.monotonic()
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=120, cwd=Path(__file__).parents[2]
    )
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 30 + MARGIN
    assert "30 s deadline" in done.stderr


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1",
        "http://example.org:port",
        "http://exa mple.org",
        "ftp://example.org",
        "http://example.org/search?q=1",
        "http://:8080",
        "nominatim.example.org",
    ],
)
def test_malformed_geocoder_url_names_the_option(cli: Any, article: Path, url: str) -> None:
    result = cli("places", article, "--online", "--geocoder-url", url)
    assert_clean_error(result, contains=("--geocoder-url", "http://HOST"))
    with pytest.raises(InputError, match="geocoder URL"):
        parse_server_url(url)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--online-deadline", "5"), ("--online-deadline needs --online",)),
        (("--online-strict",), ("--online-strict needs --online",)),
        (("--online", "--online-deadline", "0"), ("--online-deadline",)),
        (("--online", "--online-deadline", "soon"), ("--online-deadline",)),
    ],
)
def test_deadline_options_are_checked(
    cli: Any, article: Path, args: tuple[str, ...], words: tuple[str, ...]
) -> None:
    result = cli("check", article, *args)
    assert_clean_error(result, contains=words, quiet_stdout=False)
