"""geomap map DIR: a batch output folder read back, aggregated and drawn."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from builders import (
    archive_records,
    assert_clean_error,
    spread_mentions,
    write_archive,
    write_batch_output,
)

from geomap.batch.overview import is_batch_output, parse_statuses, read_overview
from geomap.batch.run import BatchSettings, local_workers, run_batch
from geomap.errors import InputError
from geomap.text.documents import DocumentStream


@pytest.fixture(autouse=True)
def _no_user_places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOMAP_USER_PLACES", str(tmp_path / "none.csv"))


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory: pytest.TempPathFactory, real_gazetteer_path: Path) -> Path:
    """The real ``geomap batch`` on twelve wire reports (each of the six
    twice), in partitions of five articles."""
    folder = tmp_path_factory.mktemp("batch")
    archive = write_archive(folder / "wire.jsonl", archive_records(12))
    settings = BatchSettings(folder / "out", real_gazetteer_path, (), 5, None)
    with local_workers(1) as workers:
        run_batch(DocumentStream([archive]), settings, workers)
    return folder / "out"


def test_places_are_counted_across_partitions(batch_dir: Path) -> None:
    overview = read_overview(batch_dir)
    assert overview.articles == 12
    by_name = {place.name: place for place in overview.places}
    # "Algiers ... told reporters in Algiers" twice: 4 mentions in 2 articles,
    # the two articles in different partitions (wire-2 and wire-8)
    algiers = by_name["Algiers"]
    assert (algiers.mentions, algiers.articles, algiers.country_code) == (4, 2, "DZ")
    assert (by_name["Lyon"].mentions, by_name["Lyon"].articles) == (4, 4)
    assert by_name["Gaziantep"].kind == "city" and by_name["Gaziantep"].admin1 == "Gaziantep"
    assert overview.mentions == sum(p.mentions for p in overview.places)
    # most mentioned first, ties by place id
    order = [(-p.mentions, p.place_id) for p in overview.places]
    assert order == sorted(order)
    assert len({p.place_id for p in overview.places}) == len(overview.places)


def test_claims_are_counted_once_and_drawn_by_status(batch_dir: Path) -> None:
    every = read_overview(batch_dir)
    summary = json.loads((batch_dir / "summary.json").read_text())
    assert every.claims == summary["claims"]
    assert sum(every.claims_by_status.values()) == every.claims
    assert every.claims_by_status["inconsistent"] == 2  # "Grenoble lies 300 km north of Lyon"
    # the two "33 km west of Gaziantep" claims have no subject: no line
    assert every.claims_unmapped == 2
    assert every.claims_shown == every.claims - 2
    assert every.lines[0].status == "inconsistent"  # the most severe first
    wrong = read_overview(batch_dir, statuses=frozenset({"inconsistent"}))
    assert {line.status for line in wrong.lines} == {"inconsistent"}
    assert (wrong.claims_shown, wrong.claims_selected, wrong.claims) == (2, 2, every.claims)
    line = wrong.lines[0]
    assert (line.subject, line.reference) == ("Grenoble", "Lyon")
    assert line.sentence.startswith("Grenoble lies 300 km north of Lyon")
    assert line.claimed_km is not None and line.claimed_km[0] < 300 < line.claimed_km[1]
    assert line.measured_km == pytest.approx(93, abs=2)
    assert line.subject_point.lat == pytest.approx(45.19, abs=0.05)  # Grenoble, not Lyon
    # the places stay whatever the claims filter
    assert wrong.places == every.places


def test_the_line_cap_keeps_the_most_severe(batch_dir: Path) -> None:
    capped = read_overview(batch_dir, max_lines=3)
    assert len(capped.lines) == 3
    assert [line.status for line in capped.lines[:2]] == ["inconsistent", "inconsistent"]
    assert capped.lines_dropped == read_overview(batch_dir).claims_shown - 3


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["inconsistent"], {"inconsistent"}),
        (["inconsistent,ambiguous"], {"inconsistent", "ambiguous"}),
        (["Consistent", " road-distance-plausible "], {"consistent", "road-distance-plausible"}),
        ([], set()),
    ],
)
def test_status_values(values: list[str], expected: set[str]) -> None:
    assert parse_statuses(values) == expected


@pytest.mark.parametrize("value", ["wrong", "inconsistent,nope", "false-alarm"])
def test_an_unknown_status_is_named(value: str) -> None:
    with pytest.raises(InputError, match="not a claim status; choose from consistent"):
        parse_statuses([value])


def test_a_folder_of_articles_is_not_a_batch_output(tmp_path: Path, batch_dir: Path) -> None:
    (tmp_path / "story.txt").write_text("Flooding in Lyon.", encoding="utf-8")
    assert not is_batch_output(tmp_path)
    assert not is_batch_output(tmp_path / "story.txt")
    assert is_batch_output(batch_dir)


def test_only_the_partitions_the_manifests_list_are_read(tmp_path: Path) -> None:
    folder = write_batch_output(tmp_path / "out", spread_mentions(3), articles=3)
    # a table a stopped run left without its manifest
    stray = folder / "mentions" / "part-00001.parquet"
    stray.write_bytes((folder / "mentions" / "part-00000.parquet").read_bytes())
    overview = read_overview(folder)
    assert overview.articles == 3 and overview.mentions == 3


def test_a_missing_table_names_the_folder(tmp_path: Path) -> None:
    folder = write_batch_output(tmp_path / "out", spread_mentions(3), articles=3)
    (folder / "claims" / "part-00000.parquet").unlink()
    with pytest.raises(InputError, match="the claims table of partition 0 is missing"):
        read_overview(folder)


# --- the command line ------------------------------------------------------------------------


def test_cli_draws_the_batch_output(tmp_path: Path, batch_dir: Path, run) -> None:
    out = tmp_path / "map.html"
    result = run("map", batch_dir, "-o", out, "--status", "inconsistent")
    assert result.exit_code == 0, result.output
    assert "of 10 claim(s) shown" in result.stderr and "from 12 article(s)" in result.stderr
    page = out.read_text(encoding="utf-8")
    assert "Leaflet.markercluster 1.5.3" in page
    assert "10 places from 12 articles; 2 of 10 claims shown (inconsistent)" in page
    assert '"inconsistent",[[' in page and '"consistent",[[' not in page


def test_cli_takes_a_comma_list_of_statuses(tmp_path: Path, batch_dir: Path, run) -> None:
    out = tmp_path / "map.html"
    result = run("map", batch_dir, "-o", out, "--status", "inconsistent,consistent")
    assert result.exit_code == 0, result.output
    assert "8 of 10 claims shown (consistent, inconsistent)" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("make", "args", "message"),
    [
        ("batch", ("--status", "bogus"), "--status 'bogus': not a claim status"),
        ("empty", (), "no batch tables here"),
        ("articles", ("--status", "inconsistent"), "--status: only for a folder"),
        ("batch", ("--png", "shot.png", "--locality", "Ohio"), "--png, --locality: for articles"),
        ("batch", ("--alt-text",), "--alt-text: for articles, not for a folder"),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, batch_dir: Path, run, make: str, args: tuple[str, ...], message: str
) -> None:
    if make == "batch":
        folder = batch_dir
    elif make == "empty":
        folder = tmp_path / "empty"
        (folder / "manifests").mkdir(parents=True)
        (folder / "summary.json").write_text("{}", encoding="utf-8")
    else:
        folder = tmp_path / "articles"
        folder.mkdir()
        (folder / "story.txt").write_text("Flooding closed roads in Lyon.", encoding="utf-8")
    out = tmp_path / "map.html"
    result = run("map", folder, "-o", out, *args)
    line = assert_clean_error(result, contains=(message,))
    if make == "empty":
        assert str(folder) in line
    assert not out.exists()
