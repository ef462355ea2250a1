"""Issue 11, "Spoofing" and the online additions: text from articles, place
files and geocoders is neutralised where it lands (a terminal, the map, a CSV).

The geocoder here is a stand-in object (OnlineGeocoder's ``geocoder=`` seam);
its answers are made-up TEST DATA, and nothing contacts a network.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from geopy.location import Location

from geomap.gazetteer.curated import read_place_file
from geomap.geoparse.online import OnlineGeocoder, fill_from_online
from geomap.neutral import csv_cell, plain_text, terminal_text

ESC = "\x1b"
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE
#: Characters that must never reach a terminal or a page raw, and how a table shows them.
UNSAFE = {
    ESC: "\\x1b",
    "\x07": "\\x07",
    "\x9b": "\\x9b",  # the C1 control sequence introducer
    "\x00": "\\x00",
    "\x7f": "\\x7f",
    RLO: "\\u202e",
    "\u202a": "\\u202a",
    "\u2066": "\\u2066",
    "\u2069": "\\u2069",
    "\u200f": "\\u200f",
}


@pytest.mark.parametrize(("char", "shown"), UNSAFE.items(), ids=[hex(ord(c)) for c in UNSAFE])
def test_terminal_text_shows_each_unsafe_character_as_an_escape(char: str, shown: str) -> None:
    assert terminal_text(f"Gao{char}Mali") == f"Gao{shown}Mali"
    assert terminal_text(f"Gao{shown}Mali") == f"Gao{shown}Mali"  # idempotent


@pytest.mark.parametrize("char", UNSAFE, ids=[hex(ord(c)) for c in UNSAFE])
def test_plain_text_drops_each_unsafe_character(char: str) -> None:
    assert plain_text(f"Gao{char}Mali\tx\n") == "GaoMali\tx\n"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-12.500000", "-12.500000"),  # a coordinate stays a number
        ("1e5", "1e5"),
        (-3.5, -3.5),
        ("Gao", "Gao"),
    ],
)
def test_csv_cell(value: object, cell: object) -> None:
    assert csv_cell(value) == cell


# --- terminal tables ------------------------------------------------------------------------

HOSTILE_ID = f"a{ESC}]0;owned{ESC}\\{ESC}[2J{RLO}"


@pytest.mark.parametrize("command", ["places", "check", "locate"])
def test_tables_escape_controls_and_bidi(run: Callable[..., Any], command: str) -> None:
    line = {
        "id": HOSTILE_ID,
        "title": f"{RLO}title",
        "text": "Gunmen seized the gas plant. The plant lies about 40 km from In Amenas. "
        "Tigantourine lies about 1,130 km south-east of Algiers.",
    }
    result = run(command, "-", input=json.dumps(line) + "\n")
    assert result.exit_code in (0, 1), result.stderr
    assert ESC not in result.stdout
    assert RLO not in result.stdout
    if command != "locate":
        assert "\\x1b" in result.stdout  # shown, not hidden


def test_gazetteer_messages_escape_names(run: Callable[..., Any], tmp_path: Path) -> None:
    places = tmp_path / "places.csv"
    name = f"Camp{ESC}[31m{RLO}Zed"
    result = run("gazetteer", "add", name, "--lat", "1", "--lon", "2", "--file", places)
    assert result.exit_code == 0, result.stderr
    assert ESC not in result.stdout and RLO not in result.stdout
    assert "Camp\\x1b[31m\\u202eZed" in result.stdout


# --- the map --------------------------------------------------------------------------------


def test_a_bidi_override_in_a_name_cannot_reverse_the_map_text(
    run: Callable[..., Any], tmp_path: Path
) -> None:
    places = tmp_path / "places.csv"
    places.write_text(
        f"name,aliases,lat,lon,kind,country\nCamp {RLO}Zed,Camp Zed,28.2,9.4,facility,DZ\n",
        encoding="utf-8",
    )
    article = tmp_path / "a.jsonl"
    record = {
        "id": f"doc{RLO}1",
        "title": f"Siege {RLO}report",
        "text": f"Camp Zed lies about 20 km from In Amenas {RLO}(sic). Algeria said so.",
    }
    article.write_text(json.dumps(record) + "\n", encoding="utf-8")
    page = tmp_path / "map.html"
    result = run("map", article, "-g", places, "-o", page)
    assert result.exit_code == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    assert "Camp Zed" in html  # the place is drawn, under its name without the override
    assert RLO not in html
    assert "\\u202e" not in html.lower()


# --- online additions -----------------------------------------------------------------------


class StandInGeocoder:
    """Answers every query with one made-up Nominatim result (TEST DATA)."""

    def __init__(self, **fields: Any) -> None:
        self.raw = {
            "osm_type": "node",
            "osm_id": 7,
            "lat": "28.25",
            "lon": "7.75",
            "class": "place",
            "type": "village",
            "place_rank": 19,
            "name": "Tin Fouye",
            "address": {"country_code": "dz", "state": "Illizi"},
            **fields,
        }

    def geocode(self, query: str, **options: Any) -> Location:
        return Location(query, (float(self.raw["lat"]), float(self.raw["lon"])), self.raw)


def add_online(places: Path, **fields: Any) -> list[str]:
    """Add one place found by the stand-in geocoder; the file's rows as text."""
    geocoder = OnlineGeocoder(geocoder=StandInGeocoder(**fields), min_delay_seconds=0)
    fill_from_online(["Tin Fouye Tabankort"], geocoder, places)
    return places.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("header", ["name,lat,lon", "lat,name,lon,kind"])
def test_online_additions_keep_the_source_column(tmp_path: Path, header: str) -> None:
    places = tmp_path / "places.csv"
    row = {"name,lat,lon": "Gao,16.27,-0.04", "lat,name,lon,kind": "16.27,Gao,-0.04,city"}[header]
    places.write_text(f"{header}\n{row}\n", encoding="utf-8")
    lines = add_online(places)
    assert lines[0] == f"{header},source"
    assert lines[1] == f"{row},"
    records = read_place_file(places)
    assert [r.name for r in records] == ["Gao", "Tin Fouye Tabankort"]
    assert records[-1].source == "nominatim:node/7"


@pytest.mark.parametrize(
    ("fields", "column", "expected"),
    [
        ({"name": '=HYPERLINK("http://x","y")'}, "aliases", '\'=HYPERLINK("http://x","y")'),
        ({"name": "@SUM(A1)"}, "aliases", "'@SUM(A1)"),
        ({"address": {"country_code": "dz", "state": "-2+3"}}, "admin1", "'-2+3"),
        (
            {"address": {"country_code": "dz", "state": f"Illizi{ESC}[2J{RLO}"}},
            "admin1",
            "Illizi[2J",
        ),
        ({"name": f"Tin\nFouye{ESC}"}, "aliases", "Tin Fouye"),
        ({"osm_type": "=1+1"}, "source", "nominatim"),
        ({"osm_id": "7; rm -rf"}, "source", "nominatim"),
    ],
)
def test_geocoder_text_is_guarded_in_the_place_file(
    tmp_path: Path, fields: dict[str, Any], column: str, expected: str
) -> None:
    places = tmp_path / "places.csv"
    text = "\n".join(add_online(places, **fields))
    row = list(csv.DictReader(io.StringIO(text)))[-1]
    assert row[column] == expected
    assert ESC not in text and RLO not in text
